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
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::Mutex;
use std::thread::JoinHandle;

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

/// A line for the writer thread, with the local date naming its file.
struct Line {
    date: String,
    text: String,
}

/// Appends events to the day's file from a writer thread of its own, so
/// parse workers and site writers never wait on the telemetry file. Share it
/// by reference; call [`Telemetry::finish`] at the end of the run.
pub struct Telemetry {
    dir: Option<PathBuf>,
    tx: Option<SyncSender<Line>>,
    writer: Option<JoinHandle<Vec<String>>>,
    errors: Mutex<Vec<String>>,
}

/// Lines that may wait for the writer thread before emitters block.
const QUEUE: usize = 8192;

impl Telemetry {
    /// Telemetry into `dir` (created on first event).
    pub fn new(dir: PathBuf) -> Telemetry {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Line>(QUEUE);
        let thread_dir = dir.clone();
        let writer = std::thread::Builder::new()
            .name("telemetry".into())
            .spawn(move || write_lines(&thread_dir, rx))
            .ok();
        Telemetry {
            dir: Some(dir),
            tx: writer.is_some().then_some(tx),
            writer,
            errors: Mutex::new(Vec::new()),
        }
    }

    /// Telemetry that writes nothing (`parse` never touches the logs).
    pub fn disabled() -> Telemetry {
        Telemetry {
            dir: None,
            tx: None,
            writer: None,
            errors: Mutex::new(Vec::new()),
        }
    }

    /// The folder events go to, if enabled.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Queues one event. A failure to write telemetry never fails ingest:
    /// it is remembered and reported by [`Telemetry::finish`].
    pub fn emit<T: Serialize>(&self, event_name: &str, fields: &T) {
        let Some(tx) = &self.tx else { return };
        let now: DateTime<Local> = Local::now();
        match serde_json::to_string(&Envelope {
            event_name,
            timestamp: now.to_rfc3339_opts(SecondsFormat::Micros, false),
            fields,
        }) {
            Ok(text) => {
                let line = Line {
                    date: now.format("%Y-%m-%d").to_string(),
                    text,
                };
                if tx.send(line).is_err() {
                    self.remember(format!("{event_name}: the telemetry writer stopped"));
                }
            }
            Err(e) => self.remember(format!("{event_name}: {e}")),
        }
    }

    fn remember(&self, message: String) {
        let mut errors = self.errors.lock().unwrap_or_else(|p| p.into_inner());
        if errors.len() < 10 {
            errors.push(message);
        }
    }

    /// Writes out every queued event and returns the write errors met.
    pub fn finish(mut self) -> Vec<String> {
        self.close()
    }

    fn close(&mut self) -> Vec<String> {
        drop(self.tx.take());
        let mut errors =
            std::mem::take(&mut *self.errors.lock().unwrap_or_else(|p| p.into_inner()));
        if let Some(writer) = self.writer.take() {
            match writer.join() {
                Ok(more) => errors.extend(more),
                Err(_) => errors.push("the telemetry writer panicked".to_string()),
            }
        }
        errors
    }
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        self.close();
    }
}

/// The writer thread: one open file per local date, buffered, flushed when
/// the queue runs dry so a crash loses at most what was still queued.
fn write_lines(dir: &Path, rx: Receiver<Line>) -> Vec<String> {
    let mut errors = Vec::new();
    let mut open: Option<(String, BufWriter<File>)> = None;
    let note = |errors: &mut Vec<String>, e: String| {
        if errors.len() < 10 {
            errors.push(e);
        }
    };
    while let Ok(first) = rx.recv() {
        let mut next = Some(first);
        while let Some(line) = next.take() {
            if open.as_ref().is_none_or(|(d, _)| *d != line.date) {
                if let Some((_, mut old)) = open.take() {
                    let _ = old.flush();
                }
                let path = dir.join(format!("{}.json", line.date));
                match std::fs::create_dir_all(dir)
                    .and_then(|_| OpenOptions::new().create(true).append(true).open(&path))
                {
                    Ok(f) => open = Some((line.date.clone(), BufWriter::new(f))),
                    Err(e) => note(&mut errors, format!("{}: {e}", path.display())),
                }
            }
            if let Some((_, out)) = open.as_mut() {
                if let Err(e) = writeln!(out, "{}", line.text) {
                    note(&mut errors, format!("{}: {e}", dir.display()));
                }
            }
            next = rx.try_recv().ok();
        }
        if let Some((_, out)) = open.as_mut() {
            if let Err(e) = out.flush() {
                note(&mut errors, format!("{}: {e}", dir.display()));
            }
        }
    }
    errors
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

/// `DatabaseWriteLatency`: one per stored device.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DatabaseWriteLatency<'a> {
    /// Device hostname.
    pub hostname: &'a str,
    /// Device site.
    pub site: &'a str,
    /// Time the parsed device waited in its writer's queue.
    pub wait_ms: f64,
    /// Time of the transaction that stored it (its batch), commit included.
    pub commit_ms: f64,
    /// `WaitMs + CommitMs`: from parsed to durably stored.
    pub latency_ms: f64,
    /// Devices in the same transaction.
    pub batch_devices: u64,
}

/// `InterfaceBulkInsertTiming`: one per write transaction.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InterfaceBulkInsertTiming<'a> {
    /// The site.
    pub site: &'a str,
    /// Devices in the transaction.
    pub device_count: u64,
    /// Port rows inserted, updated or deleted.
    pub rows: u64,
    /// Time spent executing statements.
    pub stage_ms: f64,
    /// Time spent committing.
    pub commit_ms: f64,
    /// False when the batch failed and its devices were retried one by one.
    pub success: bool,
}

/// `IngestRunSummary`: one per run.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IngestRunSummary {
    /// Devices found.
    pub device_count: u64,
    /// Devices stored.
    pub stored_count: u64,
    /// Devices skipped as unchanged.
    pub skipped_count: u64,
    /// Devices that failed (parse, or their site).
    pub failed_count: u64,
    /// Sites found.
    pub site_count: u64,
    /// Sites that failed.
    pub failed_site_count: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Wall-clock time of the run.
    pub elapsed_ms: f64,
    /// Devices per second.
    pub devices_per_second: f64,
    /// Parse time percentiles (see `stats`).
    pub parse_p50_ms: f64,
    /// Parse p95.
    pub parse_p95_ms: f64,
    /// Parse p99.
    pub parse_p99_ms: f64,
    /// Write latency p50.
    pub write_p50_ms: f64,
    /// Write latency p95.
    pub write_p95_ms: f64,
    /// Write latency p99.
    pub write_p99_ms: f64,
    /// Peak resident memory, where the platform tells.
    pub peak_rss_bytes: Option<u64>,
    /// Parse workers used.
    pub parse_workers: u64,
    /// Writer threads used.
    pub writer_threads: u64,
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
        assert!(t.dir().is_none());
        assert!(t.finish().is_empty());
    }
}
