//! The manifest: what was generated, machine-readable.
//!
//! `<out>/<profile>/manifest.json` (for a profile with spreads, one per
//! spread folder) lists every file and every device in it with the counts
//! that fix the rows a database must hold after ingesting it: ports
//! (`Interfaces` rows), spanning-tree rows (`SpanInfo`), learned MACs and
//! sessions. Each day has its totals and the rows a fresh database holds
//! after ingesting that day alone; day 2 also lists what changed and the
//! history rows ingesting it on top of day 1 appends.

use crate::noise::NoiseFlags;
use serde::{Deserialize, Serialize};
use statetrace_model::Device;
use std::collections::BTreeMap;

/// The manifest format version; bumped on incompatible changes.
pub const FORMAT: u32 = 1;

/// The whole manifest of one corpus (one spread).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: u32,
    /// `statetrace-corpus <version>`.
    pub generator: String,
    /// Profile name.
    pub profile: String,
    /// The seed used.
    pub seed: u64,
    /// Sites over which the devices are spread, when the profile has
    /// spreads (`null` otherwise).
    pub spread: Option<u32>,
    /// Day 1, then day 2 when the profile has a next-day variant.
    pub days: Vec<DayManifest>,
}

/// One day's corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayManifest {
    /// 1 or 2.
    pub day: u32,
    /// The folder, relative to the manifest (`day1`).
    pub dir: String,
    /// Totals over the day.
    pub totals: Totals,
    /// Rows a fresh database set holds after ingesting this day alone, by
    /// table (summed over sites).
    pub expected_rows: BTreeMap<String, u64>,
    /// Per-site totals, by site code.
    pub sites: BTreeMap<String, Totals>,
    /// Files, in order.
    pub files: Vec<FileEntry>,
    /// Day 2 only: what changed since day 1.
    pub next_day: Option<NextDayManifest>,
}

/// Counts over a set of devices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Files.
    pub files: u64,
    /// Bytes of those files.
    pub bytes: u64,
    /// Devices.
    pub devices: u64,
    /// Sites (1 in a per-site entry).
    pub sites: u64,
    /// Port rows.
    pub ports: u64,
    /// Learned MACs over all ports.
    pub learned_macs: u64,
    /// Ports whose record carries an authentication session.
    pub auth_ports: u64,
    /// Spanning-tree instances.
    pub span_instances: u64,
    /// `SpanInfo` rows.
    pub span_rows: u64,
    /// Devices by vendor name.
    pub vendors: BTreeMap<String, u64>,
}

impl Totals {
    /// Adds a device.
    pub fn add(&mut self, d: &DeviceEntry) {
        self.devices += 1;
        self.ports += d.ports;
        self.learned_macs += d.learned_macs;
        self.auth_ports += d.auth_ports;
        self.span_instances += d.span_instances;
        self.span_rows += d.span_rows;
        *self.vendors.entry(d.vendor.clone()).or_default() += 1;
    }
}

/// One file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the day folder, `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// True when the devices' sessions interleave.
    pub interleaved: bool,
    /// Devices in order of first appearance.
    pub devices: Vec<DeviceEntry>,
}

/// One device, with what its parsed record holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceEntry {
    /// Global device number (the same device in every day and spread).
    pub number: u64,
    /// Hostname.
    pub hostname: String,
    /// Site (the hostname's text before its first `-`).
    pub site: String,
    /// Vendor as stored in `Make`.
    pub vendor: String,
    /// Model as parsed.
    pub model: Option<String>,
    /// Stack units (1 when standalone).
    pub units: u32,
    /// Port rows (`Interfaces`).
    pub ports: u64,
    /// Learned MACs over its ports.
    pub learned_macs: u64,
    /// Ports with a session.
    pub auth_ports: u64,
    /// Spanning-tree instances.
    pub span_instances: u64,
    /// `SpanInfo` rows: per instance its port rows, or one row when it
    /// lists no port.
    pub span_rows: u64,
    /// Bytes of the device's own sessions in the file.
    pub bytes: u64,
    /// Noise kinds in its capture.
    pub noise: Vec<String>,
    /// Day 2: true when the device differs from day 1.
    pub changed: bool,
}

impl DeviceEntry {
    /// The entry for an expected record.
    pub fn new(number: u64, units: u32, expected: &Device, bytes: u64, noise: NoiseFlags) -> Self {
        DeviceEntry {
            number,
            hostname: expected.hostname.clone(),
            site: expected.site.clone(),
            vendor: expected
                .vendor
                .map(|v| v.as_str().to_string())
                .unwrap_or_default(),
            model: expected.model.clone(),
            units,
            ports: expected.ports.len() as u64,
            learned_macs: expected
                .ports
                .iter()
                .map(|p| p.learned_macs.len() as u64)
                .sum(),
            auth_ports: expected
                .ports
                .iter()
                .filter(|p| p.auth_state.is_some())
                .count() as u64,
            span_instances: expected.spanning_tree.len() as u64,
            span_rows: span_rows(expected),
            bytes,
            noise: noise.names().into_iter().map(str::to_string).collect(),
            changed: false,
        }
    }
}

/// `SpanInfo` rows of a record.
pub fn span_rows(d: &Device) -> u64 {
    d.spanning_tree
        .iter()
        .map(|i| i.ports.len().max(1) as u64)
        .sum()
}

/// What day 2 changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NextDayManifest {
    /// The profile's changed share.
    pub changed_share: f64,
    /// Devices that changed.
    pub changed_devices: u64,
    /// Devices byte-identical to day 1 (an incremental ingest skips them).
    pub unchanged_devices: u64,
    /// History rows that ingesting day 2 over day 1 appends, by table.
    pub expected_history_rows: BTreeMap<String, u64>,
    /// Per changed device, what a store sees change.
    pub changes: Vec<DeviceChange>,
}

/// One changed device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceChange {
    /// Hostname.
    pub hostname: String,
    /// Site.
    pub site: String,
    /// What was edited (`link`, `vlan`, `macs`, `description`, `location`).
    pub edits: Vec<String>,
    /// Ports whose stored row changes (one `InterfaceHistory` row each).
    pub changed_ports: Vec<String>,
    /// True when the summary row changes (a `DeviceHistory` row).
    pub summary_changed: bool,
    /// True when the spanning-tree rows change (`SpanHistory` gets the
    /// day-2 rows).
    pub span_changed: bool,
    /// Day 2's `SpanInfo` rows for the device.
    pub span_rows: u64,
}

/// The rows a fresh database set holds after ingesting `totals`' devices.
pub fn fresh_rows(totals: &Totals) -> BTreeMap<String, u64> {
    BTreeMap::from([
        ("DeviceSummary".to_string(), totals.devices),
        ("DeviceHistory".to_string(), totals.devices),
        ("Interfaces".to_string(), totals.ports),
        ("InterfaceHistory".to_string(), totals.ports),
        ("SpanInfo".to_string(), totals.span_rows),
        ("SpanHistory".to_string(), totals.span_rows),
        ("IngestionHistory".to_string(), totals.devices),
    ])
}

/// The history rows appended by ingesting the changes over day 1.
pub fn history_rows(changes: &[DeviceChange]) -> BTreeMap<String, u64> {
    BTreeMap::from([
        (
            "DeviceHistory".to_string(),
            changes.iter().filter(|c| c.summary_changed).count() as u64,
        ),
        (
            "InterfaceHistory".to_string(),
            changes.iter().map(|c| c.changed_ports.len() as u64).sum(),
        ),
        (
            "SpanHistory".to_string(),
            changes
                .iter()
                .filter(|c| c.span_changed)
                .map(|c| c.span_rows)
                .sum(),
        ),
    ])
}

impl Manifest {
    /// Reads a manifest file.
    pub fn load(path: &std::path::Path) -> std::io::Result<Manifest> {
        let text = std::fs::read_to_string(path)?;
        serde_json::from_str(&text)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }

    /// The day `day` (1 or 2), if generated.
    pub fn day(&self, day: u32) -> Option<&DayManifest> {
        self.days.iter().find(|d| d.day == day)
    }
}
