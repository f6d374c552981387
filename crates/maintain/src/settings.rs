//! `MaintenanceSettings` in `Data/StateTraceSettings.json`.
//!
//! The same file as the ingest's `ParserSettings` (which reads only its own
//! section; this reads only this one). A missing file or section gives the
//! defaults; a value of the wrong type or range is an error naming the
//! file and the key, never silently replaced.
//!
//! ```json
//! { "MaintenanceSettings": { "KeepDailyBackups": 7, "KeepWeeklyBackups": 4,
//!                            "HistoryRetentionDays": 30 } }
//! ```

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The settings file inside the data root (shared with ingest).
pub const FILE_NAME: &str = "StateTraceSettings.json";

/// The section this module reads.
pub const SECTION: &str = "MaintenanceSettings";

/// How thoroughly databases (and new backups) are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegrityMode {
    /// `PRAGMA integrity_check`: every page, every index entry.
    Full,
    /// `PRAGMA quick_check`: pages and records, not index contents
    /// (much faster on large databases).
    Quick,
}

impl IntegrityMode {
    /// The pragma that runs this check.
    pub fn pragma(self) -> &'static str {
        match self {
            IntegrityMode::Full => "integrity_check",
            IntegrityMode::Quick => "quick_check",
        }
    }
}

/// What nightly maintenance does, from `MaintenanceSettings`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaintenanceSettings {
    /// `BackupDir`: where backups go, one folder per site (the original's
    /// key). Default `<data>/Backups`; a relative path is taken from the
    /// folder holding the settings file. Must not be the data root itself.
    pub backup_dir: Option<PathBuf>,
    /// `KeepDailyBackups`: the newest backup of each of this many most
    /// recent days with a backup is kept (at least 1; default 7).
    pub keep_daily_backups: u32,
    /// `KeepWeeklyBackups`: the newest backup of each of this many most
    /// recent ISO weeks with a backup is kept as well (default 4).
    pub keep_weekly_backups: u32,
    /// `HistoryRetentionDays`: history rows older than this many days are
    /// pruned; 0 keeps all history (default 30).
    pub history_retention_days: u32,
    /// `HistoryKeepLatest`: beyond the retention window, still keep each
    /// port's / device's newest history entry, so what changed last and
    /// when is never forgotten (default true).
    pub history_keep_latest: bool,
    /// `CompactFreePercent`: compact a database when at least this share
    /// of its pages is free; 0 never compacts (default 20).
    pub compact_free_percent: u32,
    /// `IntegrityCheck`: `"full"` (default) or `"quick"`.
    pub integrity_check: IntegrityMode,
    /// `RepairOrphans`: delete rows whose device has no `DeviceSummary`
    /// row; false only reports them (default true).
    pub repair_orphans: bool,
    /// `BusyTimeoutMs`: how long one maintenance statement waits for a
    /// lock before backing off (default 250; keeps ingest's waits short).
    pub busy_timeout_ms: u32,
    /// `MaxBusyWaitSeconds`: the total a site may keep maintenance waiting
    /// (retried with backoff) before it is reported busy (default 120).
    pub max_busy_wait_seconds: u32,
}

impl Default for MaintenanceSettings {
    fn default() -> Self {
        MaintenanceSettings {
            backup_dir: None,
            keep_daily_backups: 7,
            keep_weekly_backups: 4,
            history_retention_days: 30,
            history_keep_latest: true,
            compact_free_percent: 20,
            integrity_check: IntegrityMode::Full,
            repair_orphans: true,
            busy_timeout_ms: 250,
            max_busy_wait_seconds: 120,
        }
    }
}

/// A settings file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct SettingsError {
    /// The settings file.
    pub path: PathBuf,
    /// What is wrong, naming the key.
    pub message: String,
}

impl MaintenanceSettings {
    /// Reads `MaintenanceSettings` from `<data_root>/StateTraceSettings.json`
    /// (defaults when the file or the section is missing) and resolves
    /// `BackupDir` against the data root.
    pub fn load(data_root: &Path) -> Result<MaintenanceSettings, SettingsError> {
        let path = data_root.join(FILE_NAME);
        let fail = |message: String| SettingsError {
            path: path.clone(),
            message,
        };
        let text = match std::fs::read(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(MaintenanceSettings::default())
            }
            Err(e) => return Err(fail(format!("cannot read: {e}"))),
        };
        // Files written by the original's PowerShell often carry a BOM.
        let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&text);
        let doc: Value =
            serde_json::from_slice(text).map_err(|e| fail(format!("not valid JSON: {e}")))?;
        let mut settings = MaintenanceSettings::from_value(&doc).map_err(fail)?;
        if let Some(dir) = settings.backup_dir.as_mut() {
            if dir.is_relative() {
                *dir = data_root.join(&*dir);
            }
            if same_folder(dir, data_root) {
                return Err(fail(format!(
                    "{SECTION}.BackupDir must not be the data root itself ({}): backups would sit among the site folders",
                    data_root.display()
                )));
            }
        }
        Ok(settings)
    }

    /// Reads the section from a parsed settings document.
    pub fn from_value(doc: &Value) -> Result<MaintenanceSettings, String> {
        let mut s = MaintenanceSettings::default();
        let Some(section) = doc.get(SECTION) else {
            return Ok(s);
        };
        let section = section
            .as_object()
            .ok_or_else(|| format!("{SECTION} must be an object"))?;
        for (key, value) in section {
            let key = key.as_str();
            match key {
                "BackupDir" => s.backup_dir = path(key, value)?,
                "KeepDailyBackups" => s.keep_daily_backups = number(key, value, 1, 3650)?,
                "KeepWeeklyBackups" => s.keep_weekly_backups = number(key, value, 0, 520)?,
                "HistoryRetentionDays" => s.history_retention_days = number(key, value, 0, 36500)?,
                "HistoryKeepLatest" => s.history_keep_latest = boolean(key, value)?,
                "CompactFreePercent" => s.compact_free_percent = number(key, value, 0, 100)?,
                "IntegrityCheck" => s.integrity_check = integrity(key, value)?,
                "RepairOrphans" => s.repair_orphans = boolean(key, value)?,
                "BusyTimeoutMs" => s.busy_timeout_ms = number(key, value, 1, 60_000)?,
                "MaxBusyWaitSeconds" => s.max_busy_wait_seconds = number(key, value, 0, 86_400)?,
                // Keys of other tools (or later versions) are left alone.
                _ => {}
            }
        }
        Ok(s)
    }

    /// Where the backups of every site go: `BackupDir`, else
    /// `<data_root>/Backups`.
    pub fn backup_root(&self, data_root: &Path) -> PathBuf {
        self.backup_dir
            .clone()
            .unwrap_or_else(|| data_root.join("Backups"))
    }
}

/// Whether two paths name the same folder (after resolving what exists).
fn same_folder(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    canon(a) == canon(b)
}

fn boolean(key: &str, v: &Value) -> Result<bool, String> {
    v.as_bool()
        .ok_or_else(|| format!("{SECTION}.{key} must be true or false, found {v}"))
}

fn number(key: &str, v: &Value, min: u32, max: u32) -> Result<u32, String> {
    v.as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            format!("{SECTION}.{key} must be a whole number from {min} to {max}, found {v}")
        })
}

fn integrity(key: &str, v: &Value) -> Result<IntegrityMode, String> {
    match v.as_str().map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        Some("full") => Ok(IntegrityMode::Full),
        Some("quick") => Ok(IntegrityMode::Quick),
        _ => Err(format!(
            "{SECTION}.{key} must be \"full\" or \"quick\", found {v}"
        )),
    }
}

fn path(key: &str, v: &Value) -> Result<Option<PathBuf>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => Ok(Some(PathBuf::from(s.trim()))),
        _ => Err(format!(
            "{SECTION}.{key} must be a folder path (a string), found {v}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_file_or_section_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            MaintenanceSettings::load(dir.path()).unwrap(),
            MaintenanceSettings::default()
        );
        std::fs::write(
            dir.path().join(FILE_NAME),
            r#"{"ParserSettings": {"MaxRunspaceCeiling": 0}}"#,
        )
        .unwrap();
        let s = MaintenanceSettings::load(dir.path()).unwrap();
        assert_eq!(s, MaintenanceSettings::default());
        assert_eq!(s.backup_root(dir.path()), dir.path().join("Backups"));
    }

    #[test]
    fn the_shipped_file_loads() {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Data");
        MaintenanceSettings::load(&data).unwrap();
    }

    #[test]
    fn every_key_is_read() {
        let s = MaintenanceSettings::from_value(&json!({"MaintenanceSettings": {
            "BackupDir": "/srv/backups", "KeepDailyBackups": 3, "KeepWeeklyBackups": 0,
            "HistoryRetentionDays": 0, "HistoryKeepLatest": false, "CompactFreePercent": 0,
            "IntegrityCheck": "Quick", "RepairOrphans": false, "BusyTimeoutMs": 50,
            "MaxBusyWaitSeconds": 2, "SomethingElse": 1
        }}))
        .unwrap();
        assert_eq!(
            s,
            MaintenanceSettings {
                backup_dir: Some(PathBuf::from("/srv/backups")),
                keep_daily_backups: 3,
                keep_weekly_backups: 0,
                history_retention_days: 0,
                history_keep_latest: false,
                compact_free_percent: 0,
                integrity_check: IntegrityMode::Quick,
                repair_orphans: false,
                busy_timeout_ms: 50,
                max_busy_wait_seconds: 2,
            }
        );
    }

    #[test]
    fn bad_values_name_the_key() {
        let err = |doc| MaintenanceSettings::from_value(&doc).unwrap_err();
        let e = err(json!({"MaintenanceSettings": {"KeepDailyBackups": 0}}));
        assert!(
            e.contains("MaintenanceSettings.KeepDailyBackups must be a whole number from 1"),
            "{e}"
        );
        let e = err(json!({"MaintenanceSettings": {"CompactFreePercent": 101}}));
        assert!(e.contains("MaintenanceSettings.CompactFreePercent"), "{e}");
        let e = err(json!({"MaintenanceSettings": {"HistoryRetentionDays": "30"}}));
        assert!(
            e.contains("MaintenanceSettings.HistoryRetentionDays"),
            "{e}"
        );
        let e = err(json!({"MaintenanceSettings": {"IntegrityCheck": "fast"}}));
        assert!(
            e.contains("MaintenanceSettings.IntegrityCheck must be"),
            "{e}"
        );
        let e = err(json!({"MaintenanceSettings": {"RepairOrphans": 1}}));
        assert!(
            e.contains("MaintenanceSettings.RepairOrphans must be true or false"),
            "{e}"
        );
        let e = err(json!({"MaintenanceSettings": {"BackupDir": 5}}));
        assert!(e.contains("MaintenanceSettings.BackupDir"), "{e}");
        let e = err(json!({"MaintenanceSettings": []}));
        assert!(e.contains("MaintenanceSettings must be an object"), "{e}");
    }

    #[test]
    fn backup_dir_is_relative_to_the_settings_and_not_the_data_root() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE_NAME);
        std::fs::write(
            &file,
            r#"{"MaintenanceSettings": {"BackupDir": "../Backups"}}"#,
        )
        .unwrap();
        let s = MaintenanceSettings::load(dir.path()).unwrap();
        assert_eq!(s.backup_root(dir.path()), dir.path().join("../Backups"));
        std::fs::write(&file, r#"{"MaintenanceSettings": {"BackupDir": "."}}"#).unwrap();
        let e = MaintenanceSettings::load(dir.path())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(FILE_NAME) && e.contains("BackupDir must not be the data root"),
            "{e}"
        );
        std::fs::write(&file, b"{ nope").unwrap();
        let e = MaintenanceSettings::load(dir.path())
            .unwrap_err()
            .to_string();
        assert!(e.contains("not valid JSON"), "{e}");
    }
}
