//! Telemetry: JSON lines in `Logs/IngestionMetrics/<local yyyy-MM-dd>.json`.
//!
//! Each line is one event: `EventName`, then `Timestamp` (local time, ISO
//! 8601 with offset), then the event's fields. Names follow the original
//! StateTrace so existing rollups keep working; units are in field names
//! (`Ms`, `Bytes`, `Count`). `STATETRACE_TELEMETRY_DIR` overrides the folder.

use chrono::{DateTime, Local, SecondsFormat};
use serde::Serialize;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The environment variable that overrides the telemetry folder.
pub const DIR_ENV: &str = "STATETRACE_TELEMETRY_DIR";

/// The telemetry folder for a logs root: the override, else
/// `<logs>/IngestionMetrics`.
pub fn metrics_dir(logs_root: &Path) -> PathBuf {
    match std::env::var_os(DIR_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => logs_root.join("IngestionMetrics"),
    }
}

#[derive(Serialize)]
struct Envelope<'a, T: Serialize> {
    #[serde(rename = "EventName")]
    event_name: &'a str,
    #[serde(rename = "Timestamp")]
    timestamp: String,
    #[serde(flatten)]
    fields: &'a T,
}

struct Open {
    date: String,
    out: BufWriter<File>,
}

/// Appends events to the day's file. Cheap to share between threads.
pub struct Telemetry {
    dir: Option<PathBuf>,
    open: Mutex<Option<Open>>,
    errors: Mutex<Vec<String>>,
}

impl Telemetry {
    /// Telemetry into `dir` (created on first event).
    pub fn new(dir: PathBuf) -> Telemetry {
        Telemetry {
            dir: Some(dir),
            open: Mutex::new(None),
            errors: Mutex::new(Vec::new()),
        }
    }

    /// Telemetry that writes nothing (`parse` never touches the logs).
    pub fn disabled() -> Telemetry {
        Telemetry {
            dir: None,
            open: Mutex::new(None),
            errors: Mutex::new(Vec::new()),
        }
    }

    /// The folder events go to, if enabled.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Writes one event. A failure to write telemetry never fails ingest:
    /// it is remembered and reported by [`Telemetry::finish`].
    pub fn emit<T: Serialize>(&self, event_name: &str, fields: &T) {
        let Some(dir) = &self.dir else { return };
        let now: DateTime<Local> = Local::now();
        let line = match serde_json::to_string(&Envelope {
            event_name,
            timestamp: now.to_rfc3339_opts(SecondsFormat::Micros, false),
            fields,
        }) {
            Ok(line) => line,
            Err(e) => return self.remember(format!("{event_name}: {e}")),
        };
        let date = now.format("%Y-%m-%d").to_string();
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if open.as_ref().is_none_or(|o| o.date != date) {
            if let Some(mut old) = open.take() {
                let _ = old.out.flush();
            }
            let path = dir.join(format!("{date}.json"));
            let file = std::fs::create_dir_all(dir)
                .and_then(|_| OpenOptions::new().create(true).append(true).open(&path));
            match file {
                Ok(f) => {
                    *open = Some(Open {
                        date,
                        out: BufWriter::new(f),
                    })
                }
                Err(e) => return self.remember(format!("{}: {e}", path.display())),
            }
        }
        if let Some(o) = open.as_mut() {
            if let Err(e) = writeln!(o.out, "{line}") {
                drop(open);
                self.remember(format!("{}: {e}", dir.display()));
            }
        }
    }

    fn remember(&self, message: String) {
        let mut errors = self.errors.lock().unwrap_or_else(|p| p.into_inner());
        if errors.len() < 10 {
            errors.push(message);
        }
    }

    /// Flushes and returns the write errors met, if any.
    pub fn finish(&self) -> Vec<String> {
        if let Some(o) = self.open.lock().unwrap_or_else(|p| p.into_inner()).as_mut() {
            if let Err(e) = o.out.flush() {
                self.remember(format!("flush: {e}"));
            }
        }
        std::mem::take(&mut *self.errors.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        self.finish();
    }
}

/// `ParseDuration`: one per parsed device.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ParseDuration<'a> {
    /// Device hostname.
    pub hostname: &'a str,
    /// Device site.
    pub site: &'a str,
    /// Vendor, when decided.
    pub vendor: Option<&'a str>,
    /// Bytes of the device's transcript.
    pub bytes: u64,
    /// Time to normalise and parse the device, in milliseconds.
    pub duration_ms: f64,
    /// The same in seconds: the field the original's rollup reads.
    pub duration_seconds: f64,
    /// False when the device could not be parsed.
    pub success: bool,
}

/// `DeviceParseFailure`: a device that produced no record, with the reason
/// and the vendor evidence that was seen (so an undecided vendor is never
/// silently dropped).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceParseFailure<'a> {
    /// Device hostname.
    pub hostname: &'a str,
    /// Device site.
    pub site: &'a str,
    /// Why no record was produced.
    pub reason: &'a str,
    /// Vendor clues found (empty when none).
    pub evidence: &'a [String],
    /// Bytes of the device's transcript.
    pub bytes: u64,
}

/// `SkippedDuplicate`: a device whose text is unchanged since its last
/// ingest, skipped before parsing.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SkippedDuplicate<'a> {
    /// Device hostname.
    pub hostname: &'a str,
    /// Device site.
    pub site: &'a str,
    /// Why it was skipped (`HashMatch`).
    pub reason: &'a str,
    /// The content hash that matched.
    pub file_hash: &'a str,
    /// Length of the normalised text.
    pub source_length: u64,
    /// When it was last ingested (UTC).
    pub last_ingested_utc: &'a str,
}

/// `RowsWritten`: one per stored device.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RowsWritten<'a> {
    /// Device hostname.
    pub hostname: &'a str,
    /// Device site.
    pub site: &'a str,
    /// Run date stamped on the history rows.
    pub run_date: &'a str,
    /// Port rows inserted plus updated (the original's `Rows`).
    pub rows: u64,
    /// Port rows deleted (the original's `DeletedRows`).
    pub deleted_rows: u64,
    /// Port rows inserted.
    pub inserted_count: u64,
    /// Port rows updated.
    pub updated_count: u64,
    /// Port rows left unchanged.
    pub unchanged_count: u64,
    /// History rows appended (device, port and span).
    pub history_count: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_json_lines_with_envelope_first() {
        let dir = tempfile::tempdir().unwrap();
        let t = Telemetry::new(dir.path().join("m"));
        t.emit(
            "ParseDuration",
            &ParseDuration {
                hostname: "WLLS-A01-AS-01",
                site: "WLLS",
                vendor: Some("Cisco"),
                bytes: 10,
                duration_ms: 0.25,
                duration_seconds: 0.00025,
                success: true,
            },
        );
        assert!(t.finish().is_empty());
        let files: Vec<_> = std::fs::read_dir(dir.path().join("m"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1);
        let name = files[0].file_name().unwrap().to_string_lossy().to_string();
        assert_eq!(name, format!("{}.json", Local::now().format("%Y-%m-%d")));
        let text = std::fs::read_to_string(&files[0]).unwrap();
        assert!(
            text.starts_with("{\"EventName\":\"ParseDuration\",\"Timestamp\":\""),
            "{text}"
        );
        let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(v["Hostname"], "WLLS-A01-AS-01");
        assert_eq!(v["DurationMs"], 0.25);
        let ts = v["Timestamp"].as_str().unwrap();
        assert!(DateTime::parse_from_rfc3339(ts).is_ok(), "{ts}");
    }

    #[test]
    fn unwritable_folder_is_reported_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, "x").unwrap();
        let t = Telemetry::new(blocker.join("sub"));
        t.emit("RowsWritten", &serde_json::json!({"Rows": 1}));
        let errors = t.finish();
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[test]
    fn disabled_writes_nothing() {
        let t = Telemetry::disabled();
        t.emit("X", &serde_json::json!({}));
        assert!(t.finish().is_empty());
        assert!(t.dir().is_none());
    }
}
