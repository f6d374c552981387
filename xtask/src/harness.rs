//! What the load, scaling and gate tasks share: generated corpora, the
//! release binary, timed ingest runs, telemetry read back, and the rows
//! the site databases hold.

use anyhow::{anyhow, bail, Context, Result};
use rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use statetrace_corpus::{Manifest, Profile, Written};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The tables whose rows a run is checked against the manifest for.
pub const TABLES: &[&str] = &[
    "DeviceSummary",
    "DeviceHistory",
    "Interfaces",
    "InterfaceHistory",
    "SpanInfo",
    "SpanHistory",
    "IngestionHistory",
];

/// Generates a profile's corpora (deterministic: the same bytes every
/// time) under `corpora/generated/`, resized to `devices` when given.
pub fn corpus(name: &str, devices: Option<u64>, seed: Option<u64>) -> Result<Vec<Written>> {
    let mut profile = Profile::resolve(name).map_err(|e| anyhow!("{e}"))?;
    if let Some(n) = devices {
        profile = profile.with_devices(n);
    }
    let opts = statetrace_corpus::Options {
        seed,
        out: crate::root().join("corpora/generated"),
        threads: 0,
        next_day: true,
    };
    let started = Instant::now();
    let report = statetrace_corpus::generate(&profile, &opts)
        .with_context(|| format!("generating the {name} corpus"))?;
    println!(
        "corpus {}: {} devices, {:.1} MB in {:.1} s",
        profile.name,
        profile.devices(),
        report.bytes() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(report.corpora)
}

/// The folder of day `day` of a written corpus.
pub fn day_dir(written: &Written, day: u32) -> Result<PathBuf> {
    let d = written
        .manifest
        .day(day)
        .with_context(|| format!("{} has no day {day}", written.dir.display()))?;
    Ok(written.dir.join(&d.dir))
}

/// Builds the release `statetrace` binary; returns its path.
pub fn release_binary() -> Result<PathBuf> {
    let mut build = crate::cargo();
    build.args([
        "build",
        "--release",
        "-q",
        "-p",
        "statetrace",
        "--bin",
        "statetrace",
    ]);
    crate::step("build statetrace (release)", build)?;
    Ok(crate::target_dir().join("release/statetrace"))
}

/// One ingest run of the binary.
#[derive(Debug, Clone)]
pub struct Run {
    /// The `--json` summary.
    pub summary: Value,
    /// Where its telemetry went.
    pub telemetry: PathBuf,
}

impl Run {
    /// Devices written or skipped per second of the run's own elapsed time.
    pub fn devices_per_s(&self) -> f64 {
        let n = self.summary["devices"].as_f64().unwrap_or(0.0);
        n / self.summary["elapsed_seconds"]
            .as_f64()
            .unwrap_or(f64::INFINITY)
    }

    /// Peak resident memory the run reported.
    pub fn peak_rss_mb(&self) -> f64 {
        self.summary["peak_rss_bytes"].as_f64().unwrap_or(0.0) / 1e6
    }
}

/// Ingests `input` into `data`, telemetry into `logs`; fails when the
/// command fails to run or prints no summary (a partial run, exit 1, still
/// returns its summary for the caller to judge).
pub fn ingest(
    bin: &Path,
    input: &Path,
    data: &Path,
    logs: &Path,
    workers: Option<usize>,
) -> Result<Run> {
    let mut cmd = Command::new(bin);
    cmd.arg("ingest")
        .arg(input)
        .arg("--data")
        .arg(data)
        .arg("--logs")
        .arg(logs)
        .args(["--json", "--quiet"])
        .env_remove("STATETRACE_TELEMETRY_DIR");
    if let Some(n) = workers {
        cmd.arg("--workers").arg(n.to_string());
    }
    let out = cmd
        .output()
        .with_context(|| format!("running {}", bin.display()))?;
    let summary: Value = serde_json::from_slice(&out.stdout).with_context(|| {
        format!(
            "ingest of {} printed no summary ({}): {}",
            input.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    Ok(Run {
        summary,
        telemetry: logs.join("IngestionMetrics"),
    })
}

/// Every site database under a data root: `<data>/<SITE>/<SITE>.sqlite`.
pub fn site_databases(data: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(data).with_context(|| format!("{}", data.display()))? {
        let dir = entry?.path();
        if let Some(site) = dir.file_name().and_then(|n| n.to_str()) {
            let db = dir.join(format!("{site}.sqlite"));
            if db.is_file() {
                out.push(db);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Rows per table, summed over every site database, read-only.
pub fn stored_rows(data: &Path) -> Result<BTreeMap<String, u64>> {
    let mut rows: BTreeMap<String, u64> = TABLES.iter().map(|t| (t.to_string(), 0)).collect();
    for db in site_databases(data)? {
        let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .with_context(|| format!("{}", db.display()))?;
        for t in TABLES {
            let n: i64 = conn
                .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
                .with_context(|| format!("{}: counting {t}", db.display()))?;
            *rows.entry(t.to_string()).or_default() += n as u64;
        }
    }
    Ok(rows)
}

/// What day 1 then day 2 must leave in a fresh data root.
pub fn expected_after(manifest: &Manifest, days: u32) -> Result<BTreeMap<String, u64>> {
    let day1 = manifest.day(1).context("manifest has no day 1")?;
    let mut rows = day1.expected_rows.clone();
    if days >= 2 {
        let day2 = manifest.day(2).context("manifest has no day 2")?;
        let next = day2
            .next_day
            .as_ref()
            .context("day 2 has no next-day record")?;
        // Current tables hold day 2; history tables add what day 2 appended.
        for t in [
            "DeviceSummary",
            "Interfaces",
            "SpanInfo",
            "IngestionHistory",
        ] {
            rows.insert(
                t.to_string(),
                day2.expected_rows.get(t).copied().unwrap_or(0),
            );
        }
        for (t, n) in &next.expected_history_rows {
            *rows.entry(t.clone()).or_default() += n;
        }
    }
    Ok(rows)
}

/// Rows that differ from the expectation: `(table, expected, stored)`.
pub fn row_differences(
    expected: &BTreeMap<String, u64>,
    stored: &BTreeMap<String, u64>,
) -> Vec<(String, u64, u64)> {
    TABLES
        .iter()
        .filter_map(|t| {
            let (e, s) = (
                expected.get(*t).copied().unwrap_or(0),
                stored.get(*t).copied().unwrap_or(0),
            );
            (e != s).then(|| (t.to_string(), e, s))
        })
        .collect()
}

/// Telemetry events of a run's folder.
pub fn events(dir: &Path) -> Result<Vec<statetrace_ingest::metrics::Event>> {
    let (events, notes) = statetrace_ingest::metrics::read_events(dir, None)
        .with_context(|| format!("reading telemetry in {}", dir.display()))?;
    if !notes.bad_lines.is_empty() {
        bail!(
            "{}: unreadable telemetry lines: {:?}",
            dir.display(),
            notes.bad_lines
        );
    }
    Ok(events)
}

/// A fresh, empty scratch folder under `target/xtask/<name>`.
pub fn scratch(name: &str) -> Result<PathBuf> {
    let dir = crate::root().join("target/xtask").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("clearing {}", dir.display()))?;
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// The median of a list (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len().is_multiple_of(2) {
        (v[m - 1] + v[m]) / 2.0
    } else {
        v[m]
    }
}
