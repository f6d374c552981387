//! What a run did, and what went wrong where.

use serde::Serialize;
use std::path::PathBuf;

/// A file that yielded nothing: not a failure, but worth a line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileWarning {
    /// The file.
    pub file: PathBuf,
    /// Why it is reported.
    pub reason: String,
}

/// A device that produced no stored record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceFailure {
    /// The device's hostname.
    pub hostname: String,
    /// Its site.
    pub site: String,
    /// Why it failed.
    pub reason: String,
}

/// A site whose database could not be written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteFailure {
    /// The site.
    pub site: String,
    /// Why (names the database file).
    pub reason: String,
    /// Devices of the site that were not stored.
    pub devices: u64,
}

/// Totals and problems of one run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RunReport {
    /// Files read.
    pub files: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Devices found.
    pub devices: u64,
    /// Devices parsed (and, for ingest, stored).
    pub devices_ok: u64,
    /// Devices skipped because their text is unchanged since the last ingest.
    pub devices_skipped: u64,
    /// Distinct sites among the devices found.
    pub sites: u64,
    /// Port rows parsed.
    pub ports: u64,
    /// Port rows inserted, updated and deleted in the databases.
    pub ports_inserted: u64,
    /// Port rows updated.
    pub ports_updated: u64,
    /// Port rows deleted.
    pub ports_deleted: u64,
    /// History rows appended.
    pub history_rows: u64,
    /// Configuration lines whose secret values were masked before storage.
    pub redacted_lines: u64,
    /// Lines that belong to no device.
    pub unattributed_lines: u64,
    /// Wall-clock seconds.
    pub elapsed_seconds: f64,
    /// ParseDuration p95 in milliseconds (see `stats` for the definition).
    pub parse_p95_ms: f64,
    /// DatabaseWriteLatency p95 in milliseconds.
    pub write_p95_ms: f64,
    /// Peak resident memory in bytes, where the platform tells.
    pub peak_rss_bytes: Option<u64>,
    /// Files that held no transcript.
    pub warnings: Vec<FileWarning>,
    /// Devices that failed.
    pub failed_devices: Vec<DeviceFailure>,
    /// Sites that failed.
    pub failed_sites: Vec<SiteFailure>,
}

impl RunReport {
    /// Devices per second of wall-clock time.
    pub fn devices_per_second(&self) -> f64 {
        if self.elapsed_seconds > 0.0 {
            self.devices as f64 / self.elapsed_seconds
        } else {
            0.0
        }
    }

    /// True when no device or site failed (warnings do not count).
    pub fn is_success(&self) -> bool {
        self.failed_devices.is_empty() && self.failed_sites.is_empty()
    }
}
