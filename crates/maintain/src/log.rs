//! The maintenance log: JSON lines in `Logs/Maintenance/<yyyy-MM-dd>.json`,
//! named after the local date the run started.
//!
//! Each run appends one `MaintenanceSite` line per site as soon as that
//! site is done (so a run that dies midway still leaves what it did), then
//! one `MaintenanceRun` line. A restore appends a `MaintenanceRestore`
//! line. Field names are PascalCase, as in the ingest telemetry; times are
//! local ISO 8601 with their offset; sizes are bytes.

use crate::retention::Pruned;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder under the logs root.
pub const DIR: &str = "Maintenance";

/// `<logs_root>/Maintenance`.
pub fn log_dir(logs_root: &Path) -> PathBuf {
    logs_root.join(DIR)
}

/// The file of a date: `<logs_root>/Maintenance/<yyyy-MM-dd>.json`.
pub fn log_file(logs_root: &Path, date: chrono::NaiveDate) -> PathBuf {
    log_dir(logs_root).join(format!("{}.json", date.format("%Y-%m-%d")))
}

/// Appends one JSON line (written with a single write, so lines of runs
/// that overlap never interleave).
pub fn append(file: &Path, line: &impl Serialize) -> Result<(), String> {
    let mut text = serde_json::to_string(line).map_err(|e| e.to_string())?;
    text.push('\n');
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| format!("cannot append to {}: {e}", file.display()))
}

/// How one site's maintenance ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SiteOutcome {
    /// Every step done.
    Ok,
    /// The database stayed locked beyond `MaxBusyWaitSeconds`.
    Busy,
    /// The database is damaged; it was left untouched.
    Corrupt,
    /// Something else failed (named in `Errors`).
    Failed,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RunOutcome {
    /// Every site ok.
    Ok,
    /// Some sites were not maintained (busy, corrupt, failed).
    Partial,
    /// Nothing was maintained (no site ok, or no site found).
    Failed,
    /// Another maintenance run held the lock; this one did nothing.
    Locked,
}

impl RunOutcome {
    /// The name used in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            RunOutcome::Ok => "ok",
            RunOutcome::Partial => "partial",
            RunOutcome::Failed => "failed",
            RunOutcome::Locked => "locked",
        }
    }
}

/// One site's line (`EventName` `MaintenanceSite`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SiteLine {
    /// `MaintenanceSite`.
    pub event_name: &'static str,
    /// When the line was written.
    pub timestamp: String,
    /// The run it belongs to.
    pub run_id: String,
    /// The site.
    pub site: String,
    /// The database (file path or masked ODBC data source).
    pub database: String,
    /// When this site's maintenance started.
    pub start: String,
    /// When it ended.
    pub end: String,
    /// How long it took (measured, not from the clock).
    pub duration_ms: u64,
    /// How it ended.
    pub outcome: SiteOutcome,
    /// `ok`, `damaged`, or `not-checked`.
    pub integrity: String,
    /// Database and WAL bytes before.
    pub bytes_before: u64,
    /// Database and WAL bytes after.
    pub bytes_after: u64,
    /// The backup made tonight.
    pub backup: Option<String>,
    /// Its size.
    pub backup_bytes: u64,
    /// Backups of this site after rotation.
    pub backups_kept: u32,
    /// Backups rotation deleted.
    pub backups_deleted: u32,
    /// For a damaged database: the newest backup that passes a check.
    pub last_good_backup: Option<String>,
    /// History rows pruned, all tables.
    pub rows_pruned: u64,
    /// History rows pruned per table.
    pub pruned: Pruned,
    /// Orphaned rows found.
    pub orphan_rows: u64,
    /// Orphaned rows deleted.
    pub orphans_removed: u64,
    /// Free pages before compaction, percent of the file.
    pub free_percent_before: f64,
    /// `not-needed`, `incremental`, `vacuum`, or `not-done`.
    pub compaction: String,
    /// How often a busy step was tried again.
    pub busy_retries: u32,
    /// Milliseconds spent waiting for locks.
    pub busy_wait_ms: u64,
    /// What failed (the outcome is then not `ok`).
    pub errors: Vec<String>,
    /// What is worth knowing but did not fail the site.
    pub warnings: Vec<String>,
    /// Whether the run used a simulated clock or injected faults.
    pub simulated: bool,
}

/// The run's line (`EventName` `MaintenanceRun`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RunLine {
    /// `MaintenanceRun`.
    pub event_name: &'static str,
    /// When the line was written.
    pub timestamp: String,
    /// Unique per run: start time and process id.
    pub run_id: String,
    /// The night it counts for: the local date it started.
    pub night: String,
    /// When it started.
    pub start: String,
    /// When it ended.
    pub end: String,
    /// How long it took (measured).
    pub duration_ms: u64,
    /// How it ended.
    pub outcome: RunOutcome,
    /// `all`, or `sites` when only named sites were maintained (such a run
    /// does not decide a night in the record).
    pub scope: String,
    /// The storage backend (`sqlite` or `odbc`).
    pub backend: String,
    /// The data root.
    pub data_root: String,
    /// Sites maintained.
    pub sites: u32,
    /// Sites whose outcome is `ok`.
    pub sites_ok: u32,
    /// `SITE: outcome` for every site that is not ok.
    pub problems: Vec<String>,
    /// Sum over the sites.
    pub bytes_before: u64,
    /// Sum over the sites.
    pub bytes_after: u64,
    /// Backups kept, all sites.
    pub backups_kept: u32,
    /// History rows pruned, all sites.
    pub rows_pruned: u64,
    /// Orphaned rows deleted, all sites.
    pub orphans_removed: u64,
    /// Errors of the run itself (no sites, a log that cannot be written).
    pub errors: Vec<String>,
    /// Whether the run used a simulated clock or injected faults; such
    /// runs count in the record only when asked.
    pub simulated: bool,
    /// The StateTrace version.
    pub version: &'static str,
}

/// A restore's line (`EventName` `MaintenanceRestore`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RestoreLine {
    /// `MaintenanceRestore`.
    pub event_name: &'static str,
    /// When the line was written.
    pub timestamp: String,
    /// The site.
    pub site: String,
    /// The database restored.
    pub database: String,
    /// The backup it was restored from.
    pub from: String,
    /// Where the replaced database was kept, if there was one.
    pub replaced_kept_at: Option<String>,
    /// `ok` or `failed`.
    pub outcome: String,
    /// What failed.
    pub errors: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_append_one_per_call() {
        let dir = tempfile::tempdir().unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let file = log_file(dir.path(), day);
        assert_eq!(file, dir.path().join("Maintenance/2026-11-22.json"));
        append(&file, &serde_json::json!({"EventName": "A"})).unwrap();
        append(&file, &serde_json::json!({"EventName": "B"})).unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(text, "{\"EventName\":\"A\"}\n{\"EventName\":\"B\"}\n");
    }

    #[test]
    fn an_unwritable_log_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Maintenance"), b"a file, not a folder").unwrap();
        let file = log_file(
            dir.path(),
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        );
        let err = append(&file, &1).unwrap_err();
        assert!(err.contains("Maintenance"), "{err}");
    }
}
