//! Crashes, concurrent readers, locked and read-only databases.

mod common;

use common::{clone_corpus, databases, dump, integrity, statetrace, stderr, stdout};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

fn ingest(corpus: &Path, data: &Path, cwd: &Path) -> std::process::Output {
    statetrace(
        &[
            "ingest",
            corpus.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
            "--logs",
            "L",
            "--json",
        ],
        cwd,
    )
}

/// Everything stored under a data root, database by database.
fn snapshot(root: &Path) -> Vec<(String, String)> {
    databases(root)
        .into_iter()
        .map(|db| {
            assert_eq!(integrity(&db), "ok", "{}", db.display());
            (
                db.strip_prefix(root).unwrap().display().to_string(),
                dump(&db),
            )
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// A small deterministic generator for kill delays (no rand dependency).
struct XorShift(u64);

impl XorShift {
    fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn sigkill_at_random_points_loses_nothing() {
    let work = tempfile::tempdir().unwrap();
    let (day1, day2) = (work.path().join("day1"), work.path().join("day2"));
    clone_corpus(&day1, 6, false);
    clone_corpus(&day2, 6, true);

    // Reference: clean runs of day 1, and of day 1 then day 2.
    let started = Instant::now();
    assert!(ingest(&day1, &work.path().join("ref1"), work.path())
        .status
        .success());
    let clean_run = started.elapsed();
    let reference1 = snapshot(&work.path().join("ref1"));
    copy_dir(&work.path().join("ref1"), &work.path().join("ref2"));
    assert!(ingest(&day2, &work.path().join("ref2"), work.path())
        .status
        .success());
    let reference2 = snapshot(&work.path().join("ref2"));
    assert_ne!(reference1, reference2, "day 2 changes something");

    let seed = 0x5eed_0000_0000_0001u64;
    let mut rng = XorShift(seed);
    let rounds = 50;
    let mut killed_mid_run = 0;
    for round in 0..rounds {
        // Even rounds crash a first ingest, odd rounds an incremental one.
        let data = work.path().join(format!("crash{round}"));
        let (corpus, reference) = if round % 2 == 0 {
            (&day1, &reference1)
        } else {
            copy_dir(&work.path().join("ref1"), &data);
            (&day2, &reference2)
        };
        let delay = clean_run.mul_f64(rng.next_f64() * 0.9);
        let mut child = Command::new(env!("CARGO_BIN_EXE_statetrace"))
            .args([
                "ingest",
                corpus.to_str().unwrap(),
                "--data",
                data.to_str().unwrap(),
                "--logs",
                "L",
            ])
            .current_dir(work.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            killed_mid_run += 1;
        }
        child.kill().ok(); // SIGKILL on Unix
        child.wait().unwrap();
        // A normal re-run completes the work.
        let rerun = ingest(corpus, &data, work.path());
        assert!(
            rerun.status.success(),
            "round {round} (seed {seed:#x}): {}",
            stderr(&rerun)
        );
        assert_eq!(
            &snapshot(&data),
            reference,
            "round {round} (seed {seed:#x}, kill after {delay:?})"
        );
        std::fs::remove_dir_all(&data).unwrap();
    }
    println!("{rounds} rounds, {killed_mid_run} killed mid-run (clean run {clean_run:?})");
    // The guarantee is checked every round; this only makes sure the test
    // still exercises crashes when the machine is faster or slower than
    // during the reference run.
    assert!(
        killed_mid_run >= rounds / 5,
        "too few kills landed during a run: {killed_mid_run}/{rounds}"
    );
}

#[test]
fn readers_never_see_half_a_device_and_never_block_the_writer() {
    let work = tempfile::tempdir().unwrap();
    let corpus = work.path().join("corpus");
    clone_corpus(&corpus, 6, false);
    let data = work.path().join("D");
    // Create the databases first, so readers have something to open.
    let mut first = clone_corpus_one(&corpus, work.path());
    assert!(first.status.success());
    first.stdout.clear();

    let mut child = Command::new(env!("CARGO_BIN_EXE_statetrace"))
        .args([
            "ingest",
            corpus.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
            "--logs",
            "L",
            "--json",
        ])
        .current_dir(work.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reads = 0u64;
    let mut torn = Vec::new();
    while child.try_wait().unwrap().is_none() {
        for db in databases(&data) {
            let conn = rusqlite::Connection::open(&db).unwrap();
            // One read transaction: the snapshot a UI would see.
            let tx = conn.unchecked_transaction().unwrap();
            let mut q = tx
                .prepare(
                    "SELECT d.Hostname, d.Ports, (SELECT COUNT(*) FROM Interfaces i WHERE i.Hostname = d.Hostname), \
                     (SELECT COUNT(*) FROM IngestionHistory h WHERE h.Hostname = d.Hostname) FROM DeviceSummary d",
                )
                .unwrap();
            let rows = q
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                })
                .unwrap();
            for row in rows {
                let (host, ports, stored, history) = row.expect("a reader is never refused");
                reads += 1;
                if ports != stored || history != 1 {
                    torn.push(format!(
                        "{host}: Ports={ports} rows={stored} history={history}"
                    ));
                }
            }
        }
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["failed_sites"].as_array().unwrap().is_empty(),
        "{report}"
    );
    assert!(
        torn.is_empty(),
        "readers saw half-written devices: {torn:?}"
    );
    println!("{reads} consistent device reads during ingest");
}

/// Ingests the first clone only, so the databases exist before readers start.
fn clone_corpus_one(corpus: &Path, cwd: &Path) -> std::process::Output {
    let first = corpus.join("00-cisco-access-48.log");
    statetrace(
        &[
            "ingest",
            first.to_str().unwrap(),
            "--data",
            "D",
            "--logs",
            "L",
        ],
        cwd,
    )
}

#[test]
fn a_locked_site_fails_alone_and_names_its_database() {
    let work = tempfile::tempdir().unwrap();
    let corpus = common::samples();
    let data = work.path().join("D");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("StateTraceSettings.json"),
        r#"{"ParserSettings": {"DatabaseBusyTimeoutMs": 200}}"#,
    )
    .unwrap();
    assert!(
        ingest(&corpus.join("putty-capture.log"), &data, work.path())
            .status
            .success()
    );
    // Another process holds the LAB database's write lock throughout.
    let lab = data.join("LAB/LAB.sqlite");
    let holder = rusqlite::Connection::open(&lab).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let out = statetrace(
        &[
            "ingest",
            corpus.to_str().unwrap(),
            "--data",
            "D",
            "--logs",
            "L",
            "--json",
            "--force",
        ],
        work.path(),
    );
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let failed = report["failed_sites"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{report}");
    assert_eq!(failed[0]["site"], "LAB");
    let reason = failed[0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("LAB.sqlite") && reason.contains("locked"),
        "{reason}"
    );
    let all = report["devices"].as_u64().unwrap();
    assert_eq!(
        report["devices_ok"].as_u64(),
        Some(all - 1),
        "the other sites were stored: {report}"
    );
}

#[test]
fn a_read_only_site_fails_alone_and_names_its_database() {
    let work = tempfile::tempdir().unwrap();
    let corpus = common::samples();
    let data = work.path().join("D");
    assert!(
        ingest(&corpus.join("putty-capture.log"), &data, work.path())
            .status
            .success()
    );
    let lab = data.join("LAB/LAB.sqlite");
    // Root ignores permission bits, so make the file immutable instead.
    let immutable = Command::new("chattr").arg("+i").arg(&lab).status();
    if !immutable.is_ok_and(|s| s.success()) {
        println!("SKIPPED: read-only database: chattr +i is not available here");
        return;
    }
    let before = std::fs::read(&lab).unwrap();
    let out = statetrace(
        &[
            "ingest",
            corpus.to_str().unwrap(),
            "--data",
            "D",
            "--logs",
            "L",
            "--json",
            "--force",
        ],
        work.path(),
    );
    Command::new("chattr").arg("-i").arg(&lab).status().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let failed = report["failed_sites"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{report}");
    assert_eq!(failed[0]["site"], "LAB");
    let reason = failed[0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("LAB.sqlite") && reason.contains("readonly"),
        "{reason}"
    );
    let all = report["devices"].as_u64().unwrap();
    assert_eq!(report["devices_ok"].as_u64(), Some(all - 1), "{report}");
    assert_eq!(
        std::fs::read(&lab).unwrap(),
        before,
        "nothing stored is lost"
    );
}
