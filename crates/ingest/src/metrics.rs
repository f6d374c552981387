//! Reading telemetry back: the daily rollup and the release gate.
//!
//! Both read `<yyyy-MM-dd>.json` files (JSON lines) from the telemetry
//! folder; other files there are ignored. Percentiles follow
//! [`crate::stats`].

use crate::stats::Samples;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

/// One telemetry event with the date of the file it came from.
#[derive(Debug, Clone)]
pub struct Event {
    /// The file's date (`yyyy-MM-dd`).
    pub date: String,
    /// The event.
    pub value: Value,
}

/// Problems met while reading, which do not stop the reading.
#[derive(Debug, Clone, Default)]
pub struct ReadNotes {
    /// Files read.
    pub files: u64,
    /// Lines that were not JSON objects (file and line number).
    pub bad_lines: Vec<String>,
}

fn is_daily_file(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let ok = path.extension().is_some_and(|e| e == "json")
        && stem.len() == 10
        && stem.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    ok.then(|| stem.to_string())
}

/// Reads every daily file in `dir` dated `since` or later (all when `None`).
pub fn read_events(dir: &Path, since: Option<&str>) -> io::Result<(Vec<Event>, ReadNotes)> {
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter_map(|e| is_daily_file(&e.path()).map(|d| (d, e.path())))
        .filter(|(d, _)| since.is_none_or(|s| d.as_str() >= s))
        .collect();
    files.sort();
    let mut events = Vec::new();
    let mut notes = ReadNotes::default();
    for (date, path) in files {
        notes.files += 1;
        let text = std::fs::read_to_string(&path)?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Value>(line) {
                Ok(v) if v.is_object() => events.push(Event {
                    date: date.clone(),
                    value: v,
                }),
                _ => notes
                    .bad_lines
                    .push(format!("{}:{}", path.display(), n + 1)),
            }
        }
    }
    Ok((events, notes))
}

fn name(e: &Event) -> &str {
    e.value["EventName"].as_str().unwrap_or("")
}

fn number(e: &Event, field: &str) -> Option<f64> {
    e.value[field].as_f64()
}

/// One row of the rollup CSV (the original's columns).
#[derive(Debug, Clone, PartialEq)]
pub struct RollupRow {
    /// The day.
    pub date: String,
    /// `All` or a site.
    pub scope: String,
    /// Metric name.
    pub metric: &'static str,
    /// Samples.
    pub count: u64,
    /// Mean.
    pub average: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Maximum.
    pub max: f64,
    /// Sum (or the metric's total).
    pub total: f64,
    /// A second total (deleted rows for RowsWritten).
    pub secondary_total: f64,
    /// Notes (`Failures=n`, `UniqueHosts=n`).
    pub notes: String,
}

#[derive(Default)]
struct Acc {
    parse: Samples,
    parse_failures: u64,
    write: Samples,
    rows_events: u64,
    rows: f64,
    deleted: f64,
    rows_hosts: BTreeSet<String>,
    skipped_events: u64,
    skipped_hosts: BTreeSet<String>,
}

/// The rollup: per day (and per site with `per_site`), the metrics
/// `ParseDurationMs`, `ParseDurationSeconds` (the original's name),
/// `DatabaseWriteLatencyMs`, `RowsWritten` and `SkippedDuplicate`.
pub fn rollup(events: &[Event], per_site: bool) -> Vec<RollupRow> {
    let mut accs: BTreeMap<(String, String), Acc> = BTreeMap::new();
    for e in events {
        let mut scopes = vec!["All".to_string()];
        if per_site {
            if let Some(site) = e.value["Site"].as_str() {
                scopes.push(site.to_string());
            }
        }
        let host = e.value["Hostname"].as_str().unwrap_or("").to_string();
        for scope in scopes {
            let a = accs.entry((e.date.clone(), scope)).or_default();
            match name(e) {
                "ParseDuration" => {
                    let ms = number(e, "DurationMs")
                        .or_else(|| number(e, "DurationSeconds").map(|s| s * 1000.0));
                    if let Some(ms) = ms {
                        a.parse.record_ms(ms);
                    }
                    if e.value["Success"] == Value::Bool(false) {
                        a.parse_failures += 1;
                    }
                }
                "DatabaseWriteLatency" => {
                    if let Some(ms) = number(e, "LatencyMs") {
                        a.write.record_ms(ms);
                    }
                }
                "RowsWritten" => {
                    a.rows_events += 1;
                    a.rows += number(e, "Rows").unwrap_or(0.0);
                    a.deleted += number(e, "DeletedRows").unwrap_or(0.0);
                    a.rows_hosts.insert(host.clone());
                }
                "SkippedDuplicate" => {
                    a.skipped_events += 1;
                    a.skipped_hosts.insert(host.clone());
                }
                _ => {}
            }
        }
    }
    let mut rows = Vec::new();
    for ((date, scope), a) in accs {
        let row =
            |metric, count, average, p95, max, total, secondary_total, notes: String| RollupRow {
                date: date.clone(),
                scope: scope.clone(),
                metric,
                count,
                average,
                p95,
                max,
                total,
                secondary_total,
                notes,
            };
        if a.parse.count() > 0 {
            let failures = format!("Failures={}", a.parse_failures);
            let s = &a.parse;
            rows.push(row(
                "ParseDurationMs",
                s.count(),
                s.mean_ms(),
                s.percentile_ms(95.0),
                s.max_ms(),
                s.total_ms(),
                0.0,
                failures.clone(),
            ));
            rows.push(row(
                "ParseDurationSeconds",
                s.count(),
                s.mean_ms() / 1000.0,
                s.percentile_ms(95.0) / 1000.0,
                s.max_ms() / 1000.0,
                s.total_ms() / 1000.0,
                0.0,
                failures,
            ));
        }
        if a.write.count() > 0 {
            let s = &a.write;
            rows.push(row(
                "DatabaseWriteLatencyMs",
                s.count(),
                s.mean_ms(),
                s.percentile_ms(95.0),
                s.max_ms(),
                s.total_ms(),
                0.0,
                String::new(),
            ));
        }
        if a.rows_events > 0 {
            let notes = format!("UniqueHosts={}", a.rows_hosts.len());
            rows.push(row(
                "RowsWritten",
                a.rows_events,
                a.rows / a.rows_events as f64,
                0.0,
                0.0,
                a.rows,
                a.deleted,
                notes,
            ));
        }
        if a.skipped_events > 0 {
            rows.push(row(
                "SkippedDuplicate",
                a.skipped_events,
                0.0,
                0.0,
                0.0,
                a.skipped_hosts.len() as f64,
                0.0,
                String::new(),
            ));
        }
    }
    rows.sort_by(|a, b| (&a.date, &a.scope, a.metric).cmp(&(&b.date, &b.scope, b.metric)));
    rows
}

/// Rounds to 3 decimals, midpoint away from zero (the original's rule).
fn round3(v: f64) -> String {
    let r = (v * 1000.0).round() / 1000.0;
    let s = format!("{r:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The rollup as CSV, header first, every field quoted (as the original).
pub fn rollup_csv(rows: &[RollupRow]) -> String {
    let mut out = String::from(
        "\"Date\",\"Scope\",\"Metric\",\"Count\",\"Average\",\"P95\",\"Max\",\"Total\",\"SecondaryTotal\",\"Notes\"\n",
    );
    for r in rows {
        let fields = [
            r.date.clone(),
            r.scope.clone(),
            r.metric.to_string(),
            r.count.to_string(),
            round3(r.average),
            round3(r.p95),
            round3(r.max),
            round3(r.total),
            round3(r.secondary_total),
            r.notes.clone(),
        ];
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out
}

/// Release targets for [`gate`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Targets {
    /// ParseDuration p95 at most this (ms).
    pub parse_p95_ms: f64,
    /// ParseDuration max at most this (ms).
    pub parse_max_ms: f64,
    /// DatabaseWriteLatency p95 at most this (ms).
    pub write_p95_ms: f64,
    /// SkippedDuplicate / (SkippedDuplicate + ParseDuration) at least this.
    pub skip_ratio_min: f64,
    /// Fewer samples than this for a metric cannot be judged.
    pub min_samples: u64,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            parse_p95_ms: 3000.0,
            parse_max_ms: 10_000.0,
            write_p95_ms: 200.0,
            skip_ratio_min: 0.5,
            min_samples: 1,
        }
    }
}

/// The verdict on one target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Measured within the target.
    Pass,
    /// Measured outside the target.
    Fail,
    /// Too few samples to judge.
    Insufficient,
}

/// One line of the gate table.
#[derive(Debug, Clone, PartialEq)]
pub struct GateLine {
    /// What is checked.
    pub criterion: &'static str,
    /// The target, in words (`<= 3000 ms`).
    pub target: String,
    /// The measured value, in words.
    pub measured: String,
    /// Samples behind the measurement.
    pub samples: u64,
    /// The verdict.
    pub verdict: Verdict,
}

/// Judges the telemetry against the targets.
pub fn gate(events: &[Event], t: &Targets) -> Vec<GateLine> {
    let (mut parse, mut write) = (Samples::default(), Samples::default());
    let (mut parsed, mut skipped) = (0u64, 0u64);
    for e in events {
        match name(e) {
            "ParseDuration" => {
                parsed += 1;
                if let Some(ms) = number(e, "DurationMs")
                    .or_else(|| number(e, "DurationSeconds").map(|s| s * 1000.0))
                {
                    parse.record_ms(ms);
                }
            }
            "DatabaseWriteLatency" => {
                if let Some(ms) = number(e, "LatencyMs") {
                    write.record_ms(ms);
                }
            }
            "SkippedDuplicate" => skipped += 1,
            _ => {}
        }
    }
    let judge = |samples: u64, ok: bool| {
        if samples < t.min_samples.max(1) {
            Verdict::Insufficient
        } else if ok {
            Verdict::Pass
        } else {
            Verdict::Fail
        }
    };
    let ratio = if parsed + skipped > 0 {
        skipped as f64 / (parsed + skipped) as f64
    } else {
        0.0
    };
    vec![
        GateLine {
            criterion: "ParseDuration p95",
            target: format!("<= {} ms", t.parse_p95_ms),
            measured: format!("{:.3} ms", parse.percentile_ms(95.0)),
            samples: parse.count(),
            verdict: judge(parse.count(), parse.percentile_ms(95.0) <= t.parse_p95_ms),
        },
        GateLine {
            criterion: "ParseDuration max",
            target: format!("<= {} ms", t.parse_max_ms),
            measured: format!("{:.3} ms", parse.max_ms()),
            samples: parse.count(),
            verdict: judge(parse.count(), parse.max_ms() <= t.parse_max_ms),
        },
        GateLine {
            criterion: "DatabaseWriteLatency p95",
            target: format!("<= {} ms", t.write_p95_ms),
            measured: format!("{:.3} ms", write.percentile_ms(95.0)),
            samples: write.count(),
            verdict: judge(write.count(), write.percentile_ms(95.0) <= t.write_p95_ms),
        },
        GateLine {
            criterion: "SkippedDuplicate ratio",
            target: format!(">= {}", t.skip_ratio_min),
            measured: format!("{ratio:.3} ({skipped} of {})", parsed + skipped),
            samples: parsed + skipped,
            verdict: judge(parsed + skipped, ratio >= t.skip_ratio_min),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ev(date: &str, v: Value) -> Event {
        Event {
            date: date.into(),
            value: v,
        }
    }

    #[test]
    fn rollup_rows_per_day_and_site() {
        let events = vec![
            ev(
                "2026-11-21",
                json!({"EventName":"ParseDuration","Site":"WLLS","Hostname":"a","DurationMs":2.0,"Success":true}),
            ),
            ev(
                "2026-11-21",
                json!({"EventName":"ParseDuration","Site":"BOYO","Hostname":"b","DurationMs":4.0,"Success":false}),
            ),
            ev(
                "2026-11-21",
                json!({"EventName":"RowsWritten","Site":"WLLS","Hostname":"a","Rows":48,"DeletedRows":2}),
            ),
            ev(
                "2026-11-21",
                json!({"EventName":"RowsWritten","Site":"WLLS","Hostname":"a","Rows":1,"DeletedRows":0}),
            ),
            ev(
                "2026-11-22",
                json!({"EventName":"SkippedDuplicate","Site":"WLLS","Hostname":"a"}),
            ),
            ev(
                "2026-11-22",
                json!({"EventName":"DatabaseWriteLatency","Site":"WLLS","Hostname":"a","LatencyMs":7.5}),
            ),
        ];
        let rows = rollup(&events, true);
        let find = |d: &str, s: &str, m: &str| {
            rows.iter()
                .find(|r| r.date == d && r.scope == s && r.metric == m)
                .cloned()
                .unwrap()
        };
        let p = find("2026-11-21", "All", "ParseDurationMs");
        assert_eq!((p.count, p.notes.as_str()), (2, "Failures=1"));
        assert!((p.average - 3.0).abs() < 1e-9 && (p.max - 4.0).abs() < 0.01);
        assert_eq!(find("2026-11-21", "BOYO", "ParseDurationMs").count, 1);
        let r = find("2026-11-21", "WLLS", "RowsWritten");
        assert_eq!(
            (r.total, r.secondary_total, r.notes.as_str()),
            (49.0, 2.0, "UniqueHosts=1")
        );
        assert_eq!(find("2026-11-22", "All", "SkippedDuplicate").total, 1.0);
        let csv = rollup_csv(&rows);
        assert!(csv.starts_with("\"Date\",\"Scope\",\"Metric\",\"Count\",\"Average\",\"P95\",\"Max\",\"Total\",\"SecondaryTotal\",\"Notes\"\n"));
        assert!(
            csv.contains("\"2026-11-21\",\"All\",\"ParseDurationSeconds\",\"2\",\"0.003\""),
            "{csv}"
        );
        assert!(rollup(&events, false).iter().all(|r| r.scope == "All"));
    }

    #[test]
    fn gate_verdicts() {
        let mut events = Vec::new();
        for i in 0..20 {
            events.push(ev(
                "d",
                json!({"EventName":"ParseDuration","DurationMs": i as f64}),
            ));
            events.push(ev(
                "d",
                json!({"EventName":"DatabaseWriteLatency","LatencyMs": 5.0}),
            ));
        }
        for _ in 0..30 {
            events.push(ev("d", json!({"EventName":"SkippedDuplicate"})));
        }
        let lines = gate(&events, &Targets::default());
        assert!(
            lines.iter().all(|l| l.verdict == Verdict::Pass),
            "{lines:?}"
        );
        let strict = Targets {
            parse_p95_ms: 10.0,
            write_p95_ms: 1.0,
            skip_ratio_min: 0.9,
            ..Targets::default()
        };
        let lines = gate(&events, &strict);
        let v: Vec<_> = lines.iter().map(|l| l.verdict).collect();
        assert_eq!(
            v,
            [Verdict::Fail, Verdict::Pass, Verdict::Fail, Verdict::Fail]
        );
        let none = gate(&[], &Targets::default());
        assert!(none.iter().all(|l| l.verdict == Verdict::Insufficient));
    }

    #[test]
    fn reads_only_daily_files_since_a_date() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("2026-11-20.json"),
            "{\"EventName\":\"A\"}\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("2026-11-21.json"),
            "{\"EventName\":\"B\"}\nnot json\n\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("20261121.json"), "[]").unwrap();
        let (events, notes) = read_events(dir.path(), Some("2026-11-21")).unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].date, "2026-11-21");
        assert_eq!((notes.files, notes.bad_lines.len()), (1, 1));
    }

    #[test]
    fn rounding() {
        assert_eq!(round3(0.0005), "0.001");
        assert_eq!(round3(2.0), "2");
        assert_eq!(round3(-0.0001), "0");
        assert_eq!(round3(1.23456), "1.235");
    }
}
