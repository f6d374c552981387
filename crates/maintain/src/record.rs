//! The night-by-night record, read back from the maintenance log: what
//! `statetrace maintain --history` prints and the M1 gate judges ("the
//! nightly maintenance job succeeded N consecutive nights").
//!
//! A night is a local date; a run belongs to the night (and the log file)
//! of the date it started. A night's outcome is that of its last completed
//! run over all sites (runs limited with `--site`, and runs that found
//! another run holding the lock, do not decide it):
//!
//! * `succeeded`: that run's outcome is `ok`;
//! * `failed`: it is `partial` or `failed`;
//! * `incomplete`: a run started (site lines) but never wrote its run line
//!   (killed, crashed, machine off);
//! * `missing`: no run at all.
//!
//! The window is the `days` nights ending today when today already has a
//! completed run, else ending yesterday (tonight's run is still to come).
//! Runs made with a simulated clock or injected faults are left out
//! unless asked for, so drills and tests never count towards M1.

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// How a night went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NightOutcome {
    /// The night's last full run was ok.
    Succeeded,
    /// The night's last full run was partial or failed.
    Failed,
    /// A run started but never finished.
    Incomplete,
    /// No run.
    Missing,
}

impl NightOutcome {
    /// The name printed and serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            NightOutcome::Succeeded => "succeeded",
            NightOutcome::Failed => "failed",
            NightOutcome::Incomplete => "incomplete",
            NightOutcome::Missing => "missing",
        }
    }
}

/// One night of the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Night {
    /// The local date.
    #[serde(serialize_with = "ymd")]
    pub date: NaiveDate,
    /// How it went.
    pub outcome: NightOutcome,
    /// Completed runs that night (all kinds).
    pub runs: u32,
    /// Of those, how many did not end `ok`.
    pub failed_runs: u32,
    /// The run that decided the night.
    pub run_id: Option<String>,
    /// Sites that run maintained.
    pub sites: u32,
    /// `SITE: outcome` for that run's sites that were not ok, and its
    /// own errors.
    pub problems: Vec<String>,
}

/// The record over a window of nights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NightlyRecord {
    /// The log folder read.
    pub log_dir: PathBuf,
    /// Nights asked for.
    pub days: u32,
    /// The first night of the window.
    #[serde(serialize_with = "ymd")]
    pub first_night: NaiveDate,
    /// The last night of the window.
    #[serde(serialize_with = "ymd")]
    pub last_night: NaiveDate,
    /// Whether today has no completed run yet (so the window ends
    /// yesterday).
    pub today_pending: bool,
    /// The nights, oldest first.
    pub nights: Vec<Night>,
    /// Consecutive succeeded nights ending with the last night.
    pub streak: u32,
    /// Whether every night of the window succeeded.
    pub passed: bool,
    /// Whether runs with a simulated clock or injected faults counted.
    pub include_simulated: bool,
    /// Runs in the window left out because they were simulated.
    pub simulated_runs_ignored: u32,
    /// Lines that were not JSON (reported, otherwise ignored).
    pub bad_lines: u32,
}

/// Dates as `yyyy-MM-dd`.
fn ymd<S: serde::Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&d.format("%Y-%m-%d"))
}

/// What to read.
#[derive(Debug, Clone)]
pub struct RecordQuery {
    /// Nights in the window.
    pub days: u32,
    /// Today (local date).
    pub today: NaiveDate,
    /// Count runs with a simulated clock or injected faults (drills).
    pub include_simulated: bool,
}

/// The log could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct RecordError {
    /// The file or folder.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

/// The M1 question: did the last `days` nights up to `today` all succeed?
/// Reads `<logs_root>/Maintenance`; only real runs count (no simulated
/// clock, no injected faults). A missing log folder is a record of
/// missing nights, not an error.
pub fn consecutive_successes(
    logs_root: &Path,
    days: u32,
    today: NaiveDate,
) -> Result<NightlyRecord, RecordError> {
    read_record(
        logs_root,
        &RecordQuery {
            days,
            today,
            include_simulated: false,
        },
    )
}

/// A completed run, as far as the record cares.
#[derive(Debug)]
struct Run {
    id: String,
    start: String,
    outcome: String,
    full: bool,
    sites: u32,
    problems: Vec<String>,
}

/// What one night's file holds.
#[derive(Debug, Default)]
struct NightLines {
    runs: Vec<Run>,
    started: HashSet<String>,
    simulated: u32,
}

/// Reads the record for any window (see [`RecordQuery`]).
pub fn read_record(logs_root: &Path, q: &RecordQuery) -> Result<NightlyRecord, RecordError> {
    let dir = crate::log::log_dir(logs_root);
    let days = q.days.max(1);
    let mut bad_lines = 0;
    let mut read = |date: NaiveDate| -> Result<NightLines, RecordError> {
        let (lines, bad) = read_night(&dir, date, q.include_simulated)?;
        bad_lines += bad;
        Ok(lines)
    };
    let today = read(q.today)?;
    // Only a run that can decide the night ends the window today.
    let today_done = today.runs.iter().any(|r| r.full && r.outcome != "locked");
    let last = if today_done {
        q.today
    } else {
        q.today - Duration::days(1)
    };
    let first = last - Duration::days(i64::from(days) - 1);
    let mut files: HashMap<NaiveDate, NightLines> = HashMap::new();
    files.insert(q.today, today);
    let mut nights = Vec::with_capacity(days as usize);
    let mut simulated = 0;
    let mut date = first;
    while date <= last {
        let lines = match files.remove(&date) {
            Some(l) => l,
            None => read(date)?,
        };
        simulated += lines.simulated;
        nights.push(judge(date, lines));
        date += Duration::days(1);
    }
    let streak = nights
        .iter()
        .rev()
        .take_while(|n| n.outcome == NightOutcome::Succeeded)
        .count() as u32;
    Ok(NightlyRecord {
        log_dir: dir,
        days,
        first_night: first,
        last_night: last,
        today_pending: !today_done,
        passed: streak == days,
        streak,
        nights,
        include_simulated: q.include_simulated,
        simulated_runs_ignored: if q.include_simulated { 0 } else { simulated },
        bad_lines,
    })
}

/// Reads one night's file; returns its runs and the count of bad lines.
fn read_night(
    dir: &Path,
    date: NaiveDate,
    include_simulated: bool,
) -> Result<(NightLines, u32), RecordError> {
    let path = dir.join(format!("{}.json", date.format("%Y-%m-%d")));
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((NightLines::default(), 0))
        }
        Err(e) => {
            return Err(RecordError {
                path,
                message: format!("cannot read: {e}"),
            })
        }
    };
    let mut out = NightLines::default();
    let mut bad = 0;
    let mut simulated_ids = HashSet::new();
    for raw in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(v) = serde_json::from_str::<Value>(raw) else {
            bad += 1;
            continue;
        };
        let text = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let simulated = v.get("Simulated").and_then(Value::as_bool).unwrap_or(false);
        let id = text("RunId");
        if simulated && !include_simulated {
            if simulated_ids.insert(id) {
                out.simulated += 1;
            }
            continue;
        }
        match text("EventName").as_str() {
            "MaintenanceSite" => {
                out.started.insert(id);
            }
            "MaintenanceRun" => {
                let mut problems: Vec<String> = strings(&v, "Problems");
                problems.extend(strings(&v, "Errors"));
                out.runs.push(Run {
                    id,
                    start: text("Start"),
                    outcome: text("Outcome"),
                    full: text("Scope") == "all",
                    sites: v.get("Sites").and_then(Value::as_u64).unwrap_or(0) as u32,
                    problems,
                });
            }
            _ => {}
        }
    }
    Ok((out, bad))
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A night's outcome from its lines.
fn judge(date: NaiveDate, mut lines: NightLines) -> Night {
    // Offsets may differ between runs (DST): order by the text of the
    // instant, which the fixed format keeps chronological within a zone.
    lines.runs.sort_by(|a, b| a.start.cmp(&b.start));
    let completed: HashSet<&str> = lines.runs.iter().map(|r| r.id.as_str()).collect();
    let unfinished = lines
        .started
        .iter()
        .any(|id| !completed.contains(id.as_str()));
    let deciding = lines
        .runs
        .iter()
        .rev()
        .find(|r| r.full && r.outcome != "locked");
    let outcome = match deciding {
        Some(r) if r.outcome == "ok" => NightOutcome::Succeeded,
        Some(_) => NightOutcome::Failed,
        None if unfinished => NightOutcome::Incomplete,
        None => NightOutcome::Missing,
    };
    Night {
        date,
        outcome,
        runs: lines.runs.len() as u32,
        failed_runs: lines.runs.iter().filter(|r| r.outcome != "ok").count() as u32,
        run_id: deciding.map(|r| r.id.clone()),
        sites: deciding.map(|r| r.sites).unwrap_or(0),
        problems: deciding.map(|r| r.problems.clone()).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn run_line(date: NaiveDate, id: &str, outcome: &str, scope: &str, simulated: bool) -> Value {
        json!({"EventName": "MaintenanceRun", "RunId": id, "Night": date.to_string(),
               "Start": format!("{date}T02:30:00+01:00"), "Outcome": outcome, "Scope": scope,
               "Sites": 3, "Problems": if outcome == "ok" { json!([]) } else { json!(["WLLS: corrupt"]) },
               "Errors": [], "Simulated": simulated})
    }

    fn write(logs: &Path, date: NaiveDate, lines: &[Value]) {
        for l in lines {
            crate::log::append(&crate::log::log_file(logs, date), l).unwrap();
        }
    }

    #[test]
    fn fourteen_good_nights_pass() {
        let dir = tempfile::tempdir().unwrap();
        for d in 1..=14 {
            write(
                dir.path(),
                day(d),
                &[run_line(day(d), &format!("r{d}"), "ok", "all", false)],
            );
        }
        let r = consecutive_successes(dir.path(), 14, day(14)).unwrap();
        assert!(r.passed, "{r:#?}");
        assert_eq!(
            (r.first_night, r.last_night, r.streak),
            (day(1), day(14), 14)
        );
        assert!(!r.today_pending);
        // The next morning, before tonight's run: the window is 1..14 still.
        let r = consecutive_successes(dir.path(), 14, day(15)).unwrap();
        assert!(r.passed && r.today_pending);
        // A morning run of one site does not make tonight's run due yet.
        let mut early = run_line(day(15), "early", "ok", "sites", false);
        early["Start"] = json!("2026-11-15T08:00:00+01:00");
        write(dir.path(), day(15), &[early]);
        let r = consecutive_successes(dir.path(), 14, day(15)).unwrap();
        assert!(r.passed && r.today_pending, "{r:#?}");
        // A day later with no run on the 15th: missing, not passed.
        let r = consecutive_successes(dir.path(), 14, day(16)).unwrap();
        assert!(!r.passed);
        assert_eq!(r.nights.last().unwrap().outcome, NightOutcome::Missing);
        assert_eq!(r.streak, 0);
    }

    #[test]
    fn a_bad_night_breaks_the_streak_and_a_full_rerun_decides_it() {
        let dir = tempfile::tempdir().unwrap();
        for d in 1..=14 {
            write(
                dir.path(),
                day(d),
                &[run_line(day(d), &format!("r{d}"), "ok", "all", false)],
            );
        }
        write(
            dir.path(),
            day(5),
            &[run_line(day(5), "late", "partial", "all", false)],
        );
        let r = consecutive_successes(dir.path(), 14, day(14)).unwrap();
        assert!(!r.passed);
        assert_eq!(r.streak, 9);
        let n5 = &r.nights[4];
        assert_eq!(
            (n5.outcome, n5.runs, n5.failed_runs),
            (NightOutcome::Failed, 2, 1)
        );
        assert_eq!(n5.problems, ["WLLS: corrupt"]);
        // Neither a --site rerun nor a locked run decides the night...
        let mut later = run_line(day(5), "site-only", "ok", "sites", false);
        later["Start"] = json!("2026-11-05T09:00:00+01:00");
        write(dir.path(), day(5), &[later]);
        assert!(
            !consecutive_successes(dir.path(), 14, day(14))
                .unwrap()
                .passed
        );
        // ...a later full run that is ok does.
        let mut rerun = run_line(day(5), "rerun", "ok", "all", false);
        rerun["Start"] = json!("2026-11-05T10:00:00+01:00");
        write(dir.path(), day(5), &[rerun]);
        let r = consecutive_successes(dir.path(), 14, day(14)).unwrap();
        assert!(r.passed, "{:?}", r.nights[4]);
        assert_eq!(r.nights[4].run_id.as_deref(), Some("rerun"));
    }

    #[test]
    fn a_run_that_never_finished_is_incomplete() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            day(3),
            &[json!({"EventName": "MaintenanceSite", "RunId": "dead", "Site": "WLLS"})],
        );
        let r = consecutive_successes(dir.path(), 3, day(3)).unwrap();
        // Today has no completed run: the window ends yesterday.
        assert!(r.today_pending);
        assert_eq!(r.last_night, day(2));
        let r = consecutive_successes(dir.path(), 3, day(4)).unwrap();
        assert_eq!(r.nights[2].outcome, NightOutcome::Incomplete);
    }

    #[test]
    fn simulated_runs_count_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        for d in 1..=3 {
            write(
                dir.path(),
                day(d),
                &[run_line(day(d), &format!("s{d}"), "ok", "all", true)],
            );
        }
        write(dir.path(), day(2), &["not json".into()]);
        std::fs::write(
            crate::log::log_file(dir.path(), day(1)),
            format!("{}\nnot json\n", run_line(day(1), "s1", "ok", "all", true)),
        )
        .unwrap();
        let real = consecutive_successes(dir.path(), 3, day(3)).unwrap();
        assert!(!real.passed);
        assert_eq!(
            real.simulated_runs_ignored, 2,
            "today's does not make the window"
        );
        let drill = read_record(
            dir.path(),
            &RecordQuery {
                days: 3,
                today: day(3),
                include_simulated: true,
            },
        )
        .unwrap();
        assert!(drill.passed, "{drill:#?}");
        assert!(drill.bad_lines >= 1);
    }

    #[test]
    fn no_log_folder_means_missing_nights() {
        let dir = tempfile::tempdir().unwrap();
        let r = consecutive_successes(&dir.path().join("nothing"), 14, day(20)).unwrap();
        assert_eq!(r.nights.len(), 14);
        assert!(r.nights.iter().all(|n| n.outcome == NightOutcome::Missing));
        assert!(!r.passed);
    }
}
