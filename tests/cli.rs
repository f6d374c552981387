//! The CLI end to end: ingest into databases, telemetry, exit codes.

mod common;

use common::{samples, statetrace, stderr, stdout};
use rusqlite::Connection;
use serde_json::Value;
use std::path::Path;

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn ingest_json(args: &[&str], cwd: &Path) -> (i32, Value) {
    let mut all = vec!["ingest", "--json"];
    all.extend_from_slice(args);
    let out = statetrace(&all, cwd);
    let v = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (out.status.code().unwrap(), v)
}

#[test]
fn ingest_samples_into_site_databases_with_telemetry() {
    let work = tempfile::tempdir().unwrap();
    let samples = samples();
    let (code, report) = ingest_json(
        &[samples.to_str().unwrap(), "--data", "D", "--logs", "L"],
        work.path(),
    );
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["failed_devices"], serde_json::json!([]));
    let devices = report["devices"].as_u64().unwrap();
    assert!(devices >= 5, "{report}");
    assert_eq!(report["devices_ok"].as_u64().unwrap(), devices);

    // One database per site, holding exactly the parsed ports.
    let parsed: Value = serde_json::from_str(&stdout(&statetrace(
        &["parse", "--json", samples.to_str().unwrap()],
        work.path(),
    )))
    .unwrap();
    for d in parsed["devices"].as_array().unwrap() {
        let site = d["site"].as_str().unwrap();
        let host = d["hostname"].as_str().unwrap();
        let db = work
            .path()
            .join("D")
            .join(site)
            .join(format!("{site}.sqlite"));
        assert!(db.exists(), "{}", db.display());
        let ports = d["ports"].as_array().unwrap().len() as i64;
        assert_eq!(
            count(
                &db,
                &format!("SELECT COUNT(*) FROM Interfaces WHERE Hostname='{host}'")
            ),
            ports,
            "{host}"
        );
        assert_eq!(
            count(
                &db,
                &format!("SELECT Ports FROM DeviceSummary WHERE Hostname='{host}'")
            ),
            ports
        );
        assert_eq!(
            count(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM DeviceSummary WHERE Hostname='{host}' AND Site='{site}'"
                )
            ),
            1
        );
        assert_eq!(
            count(
                &db,
                &format!("SELECT COUNT(*) FROM IngestionHistory WHERE Hostname='{host}'")
            ),
            1
        );
    }

    // Telemetry: a ParseDuration and a RowsWritten per device.
    let metrics = work.path().join("L/IngestionMetrics");
    let files: Vec<_> = std::fs::read_dir(&metrics)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    let events: Vec<Value> = std::fs::read_to_string(&files[0])
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let named = |n: &str| events.iter().filter(|e| e["EventName"] == n).count() as u64;
    assert_eq!(named("ParseDuration"), devices);
    assert_eq!(named("RowsWritten"), devices);
    for e in &events {
        assert!(e["Timestamp"].is_string(), "{e}");
        let per_device = [
            "ParseDuration",
            "RowsWritten",
            "DatabaseWriteLatency",
            "SkippedDuplicate",
        ];
        if per_device.iter().any(|n| e["EventName"] == *n) {
            assert!(e["Hostname"].is_string() && e["Site"].is_string(), "{e}");
        }
    }
    assert_eq!(named("DatabaseWriteLatency"), devices);
    assert_eq!(named("ConcurrencyProfileResolved"), 1);
    assert_eq!(named("IngestRunSummary"), 1);
    assert!(named("InterfaceBulkInsertTiming") >= 1);
    assert!(events
        .iter()
        .filter(|e| e["EventName"] == "ParseDuration")
        .all(|e| e["DurationMs"].is_number()));

    // Re-ingesting the same captures skips every device before parsing.
    let (code, again) = ingest_json(
        &[samples.to_str().unwrap(), "--data", "D", "--logs", "L"],
        work.path(),
    );
    assert_eq!(code, 0);
    assert_eq!(again["devices_skipped"].as_u64(), Some(devices), "{again}");
    assert_eq!(again["history_rows"].as_u64(), Some(0), "{again}");
    let skipped: Vec<Value> = std::fs::read_to_string(&files[0])
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["EventName"] == "SkippedDuplicate")
        .collect();
    assert_eq!(skipped.len() as u64, devices);
    assert!(skipped
        .iter()
        .all(|e| e["Reason"] == "HashMatch" && e["FileHash"].as_str().unwrap().len() == 32));

    // --force parses again, but nothing stored changes.
    let (code, forced) = ingest_json(
        &[
            samples.to_str().unwrap(),
            "--data",
            "D",
            "--logs",
            "L",
            "--force",
        ],
        work.path(),
    );
    assert_eq!(code, 0);
    assert_eq!(forced["devices_skipped"].as_u64(), Some(0), "{forced}");
    assert_eq!(
        (
            forced["ports_inserted"].as_u64(),
            forced["ports_updated"].as_u64(),
            forced["ports_deleted"].as_u64(),
            forced["history_rows"].as_u64()
        ),
        (Some(0), Some(0), Some(0), Some(0)),
        "{forced}"
    );
}

#[test]
fn a_changed_capture_rewrites_only_what_changed() {
    let work = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(samples().join("cisco-access-48.log")).unwrap();
    std::fs::write(work.path().join("day1.log"), &original).unwrap();
    let (code, _) = ingest_json(&["day1.log", "--data", "D", "--logs", "L"], work.path());
    assert_eq!(code, 0);
    // Next day: one port's description changed.
    let line = original
        .lines()
        .find(|l| l.starts_with(" description "))
        .unwrap()
        .to_string();
    let next = original.replacen(&line, " description MOVED-TO-ROOM-2", 1);
    assert_ne!(next, original);
    std::fs::write(work.path().join("day1.log"), &next).unwrap();
    let (code, report) = ingest_json(&["day1.log", "--data", "D", "--logs", "L"], work.path());
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["devices_skipped"], 0);
    assert_eq!(
        (
            report["ports_inserted"].as_u64(),
            report["ports_updated"].as_u64(),
            report["ports_deleted"].as_u64()
        ),
        (Some(0), Some(1), Some(0)),
        "{report}"
    );
    let db = work.path().join("D/WLLS/WLLS.sqlite");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM InterfaceHistory WHERE ChangeType='changed' AND Name='MOVED-TO-ROOM-2'"), 1);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM DeviceHistory"),
        1,
        "the summary did not change"
    );
}

#[test]
fn summary_table_names_the_figures() {
    let work = tempfile::tempdir().unwrap();
    let out = statetrace(
        &[
            "ingest",
            samples().to_str().unwrap(),
            "--data",
            "D",
            "--logs",
            "L",
        ],
        work.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("(0 unchanged, 0 failed)") || text.contains(" unchanged, 0 failed)"),
        "{text}"
    );
    let again = statetrace(
        &[
            "ingest",
            samples().to_str().unwrap(),
            "--data",
            "D",
            "--logs",
            "L",
        ],
        work.path(),
    );
    let again = stdout(&again);
    assert!(
        again.contains("(0 stored, ") && again.contains(" unchanged, 0 failed)"),
        "{again}"
    );
    assert!(
        !again.contains("(0 stored, 0 unchanged"),
        "a re-run counts its skipped devices: {again}"
    );
    for label in [
        "files",
        "devices",
        "sites",
        "ports",
        "unattributed lines",
        "elapsed",
        "devices/s",
    ] {
        assert!(text.contains(label), "{label} missing from:\n{text}");
    }
}

#[test]
fn missing_path_is_one_clear_error() {
    let work = tempfile::tempdir().unwrap();
    let out = statetrace(&["ingest", "no/such/captures", "--data", "D"], work.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("no/such/captures") && err.contains("no such file"),
        "{err}"
    );
    assert!(
        !work.path().join("D").exists(),
        "nothing is created on a bad path"
    );
}

#[test]
fn usage_errors_exit_2() {
    let work = tempfile::tempdir().unwrap();
    assert_eq!(statetrace(&["ingest"], work.path()).status.code(), Some(2));
    assert_eq!(
        statetrace(&["frobnicate"], work.path()).status.code(),
        Some(2)
    );
    assert_eq!(
        statetrace(&["parse", "x.log", "--vendor", "nokia"], work.path())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn file_without_transcript_is_a_warning() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("notes.txt"), "shopping list\nmilk\n").unwrap();
    let (code, report) = ingest_json(&["notes.txt", "--data", "D", "--logs", "L"], work.path());
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["unattributed_lines"], 2);
    assert!(
        report["warnings"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("not a transcript"),
        "{report}"
    );
}

#[test]
fn a_corrupt_site_fails_alone() {
    let work = tempfile::tempdir().unwrap();
    let bad = work.path().join("D/WLLS/WLLS.sqlite");
    std::fs::create_dir_all(bad.parent().unwrap()).unwrap();
    std::fs::write(&bad, vec![7u8; 4096]).unwrap();
    let (code, report) = ingest_json(
        &[samples().to_str().unwrap(), "--data", "D", "--logs", "L"],
        work.path(),
    );
    assert_eq!(code, 1, "{report}");
    let failed = report["failed_sites"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{report}");
    assert_eq!(failed[0]["site"], "WLLS");
    assert!(
        failed[0]["reason"]
            .as_str()
            .unwrap()
            .contains("WLLS.sqlite"),
        "{report}"
    );
    // Every other site was stored.
    assert!(report["devices_ok"].as_u64().unwrap() >= 4, "{report}");
    assert!(work.path().join("D/BRNC/BRNC.sqlite").exists());
    assert_eq!(
        std::fs::read(&bad).unwrap(),
        vec![7u8; 4096],
        "the corrupt file is left untouched"
    );
}

#[test]
fn encodings_do_not_change_the_records() {
    let work = tempfile::tempdir().unwrap();
    let original = std::fs::read(samples().join("putty-capture.log")).unwrap();
    let text = String::from_utf8(original.clone()).unwrap();
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(&original);
    let parse = |name: &str, bytes: &[u8]| {
        std::fs::write(work.path().join(name), bytes).unwrap();
        let out = statetrace(&["parse", "--json", name], work.path());
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
        v["devices"].clone()
    };
    let reference = parse("utf8.log", &original);
    assert_eq!(reference.as_array().unwrap().len(), 1);
    assert_eq!(parse("utf16le.log", &le), reference);
    assert_eq!(parse("utf16be.log", &be), reference);
    assert_eq!(parse("bom.log", &bom), reference);
    // Unix line endings instead of the capture's CRLF: same records.
    assert_eq!(
        parse("lf.log", text.replace("\r\n", "\n").as_bytes()),
        reference
    );
}

#[test]
fn undecided_vendor_is_reported_with_evidence() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(
        work.path().join("odd.log"),
        "ODD-X1-AS-01#show clock\n12:00:00.000 UTC Sun Nov 22 2026\nODD-X1-AS-01#\n",
    )
    .unwrap();
    let (code, report) = ingest_json(&["odd.log", "--data", "D", "--logs", "L"], work.path());
    assert_eq!(code, 1, "{report}");
    let failed = &report["failed_devices"][0];
    assert_eq!(failed["hostname"], "ODD-X1-AS-01");
    assert!(
        failed["reason"]
            .as_str()
            .unwrap()
            .contains("vendor could not be decided"),
        "{report}"
    );
    let day = std::fs::read_dir(work.path().join("L/IngestionMetrics"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let events = std::fs::read_to_string(day).unwrap();
    let failure: Value = events
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|e| e["EventName"] == "DeviceParseFailure")
        .expect("a DeviceParseFailure event");
    assert_eq!(failure["Hostname"], "ODD-X1-AS-01");
    assert_eq!(failure["Evidence"], serde_json::json!([]));
    // Forcing the vendor parses it.
    let (code, report) = ingest_json(
        &["odd.log", "--data", "D", "--logs", "L", "--vendor", "cisco"],
        work.path(),
    );
    assert_eq!(code, 0, "{report}");
}

#[test]
fn metrics_gate_and_rollup_read_the_run_telemetry() {
    let work = tempfile::tempdir().unwrap();
    let samples = samples();
    for _ in 0..2 {
        let out = statetrace(
            &[
                "ingest",
                samples.to_str().unwrap(),
                "--data",
                "D",
                "--logs",
                "L",
                "-q",
            ],
            work.path(),
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let dir = work.path().join("L/IngestionMetrics");
    let dir = dir.to_str().unwrap();
    // Second run skipped everything: half the device visits were skips.
    let pass = statetrace(&["metrics", "gate", "--dir", dir], work.path());
    assert_eq!(pass.status.code(), Some(0), "{}", stdout(&pass));
    let text = stdout(&pass);
    assert!(
        text.contains("ParseDuration p95") && text.contains("PASS"),
        "{text}"
    );
    // A target nobody meets fails with exit 1.
    let fail = statetrace(
        &["metrics", "gate", "--dir", dir, "--skip-ratio-min", "0.9"],
        work.path(),
    );
    assert_eq!(fail.status.code(), Some(1), "{}", stdout(&fail));
    assert!(stdout(&fail).contains("FAIL"));
    // Too few samples: exit 2.
    let few = statetrace(
        &["metrics", "gate", "--dir", dir, "--min-samples", "1000"],
        work.path(),
    );
    assert_eq!(few.status.code(), Some(2), "{}", stdout(&few));
    let empty = tempfile::tempdir().unwrap();
    let none = statetrace(
        &["metrics", "gate", "--dir", empty.path().to_str().unwrap()],
        work.path(),
    );
    assert_eq!(none.status.code(), Some(2));
    // The rollup has the original's columns and a row per metric.
    let rollup = statetrace(
        &["metrics", "rollup", "--dir", dir, "--per-site"],
        work.path(),
    );
    assert!(rollup.status.success());
    let csv = stdout(&rollup);
    assert!(csv.starts_with("\"Date\",\"Scope\",\"Metric\",\"Count\",\"Average\",\"P95\",\"Max\",\"Total\",\"SecondaryTotal\",\"Notes\""));
    for metric in [
        "ParseDurationSeconds",
        "DatabaseWriteLatencyMs",
        "RowsWritten",
        "SkippedDuplicate",
    ] {
        assert!(
            csv.contains(&format!(",\"All\",\"{metric}\"")),
            "{metric} missing:\n{csv}"
        );
    }
    assert!(csv.contains(",\"WLLS\",\"RowsWritten\""), "{csv}");
    // A bad date is a usage error.
    assert_eq!(
        statetrace(&["metrics", "gate", "--since", "yesterday"], work.path())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn workers_flag_and_verbose_profile() {
    let work = tempfile::tempdir().unwrap();
    let out = statetrace(
        &[
            "ingest",
            samples().to_str().unwrap(),
            "--data",
            "D",
            "--logs",
            "L",
            "--workers",
            "3",
            "-v",
            "-q",
        ],
        work.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Concurrency profile (Override)") && text.contains("parse workers         3"),
        "{text}"
    );
    assert_eq!(
        statetrace(&["ingest", "x", "--workers", "0"], work.path())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn store_options_must_agree() {
    let work = tempfile::tempdir().unwrap();
    let samples = samples();
    let s = samples.to_str().unwrap();
    let out = statetrace(&["ingest", s, "--store", "odbc"], work.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--store odbc needs --odbc"),
        "{}",
        stderr(&out)
    );
    let out = statetrace(&["ingest", s, "--odbc", "Driver={SQLite3}"], work.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--odbc needs --store odbc"),
        "{}",
        stderr(&out)
    );
    let out = statetrace(
        &[
            "ingest",
            s,
            "--store",
            "odbc",
            "--odbc",
            "x",
            "--odbc-dialect",
            "db2",
        ],
        work.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("expected access, sqlite or postgres"),
        "{}",
        stderr(&out)
    );
    assert!(!work.path().join("Data").exists(), "nothing was written");
}

#[cfg(not(feature = "odbc"))]
#[test]
fn odbc_store_without_the_feature_says_so() {
    let work = tempfile::tempdir().unwrap();
    let samples = samples();
    let out = statetrace(
        &[
            "ingest",
            samples.to_str().unwrap(),
            "--store",
            "odbc",
            "--odbc",
            "Driver={SQLite3};PWD=s3cret!",
        ],
        work.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("this build of statetrace lacks ODBC support"),
        "{err}"
    );
    assert!(err.contains("--features odbc"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
}

/// The whole CLI path through ODBC: sqliteodbc, one file per site.
#[cfg(feature = "odbc")]
#[test]
fn ingest_through_odbc_sqlite() {
    let drivers = std::process::Command::new("odbcinst")
        .args(["-q", "-d"])
        .output();
    let listed = drivers.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("[SQLite3]"));
    if !listed {
        assert!(
            std::env::var_os("STATETRACE_REQUIRE_ODBC").is_none(),
            "STATETRACE_REQUIRE_ODBC is set but the SQLite3 ODBC driver is not installed"
        );
        eprintln!(
            "SKIPPED: ODBC storage conformance (cli): the SQLite3 ODBC driver is not installed"
        );
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let samples = samples();
    let conn = "Driver={SQLite3};Database=O/%SITE%/%SITE%.sqlite;PWD=s3cret!";
    let args = [
        samples.to_str().unwrap(),
        "--logs",
        "L",
        "--store",
        "odbc",
        "--odbc",
        conn,
        "--odbc-batch-size",
        "5",
    ];
    let (code, report) = ingest_json(&args, work.path());
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["failed_sites"], serde_json::json!([]), "{report}");
    let devices = report["devices"].as_u64().unwrap();
    assert_eq!(report["devices_ok"].as_u64().unwrap(), devices);
    let db = work.path().join("O/WLLS/WLLS.sqlite");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM DeviceSummary"), 1);
    assert!(count(&db, "SELECT COUNT(*) FROM Interfaces") > 40);
    // The second run finds every device unchanged through the same store.
    let (code, report) = ingest_json(&args, work.path());
    assert_eq!(code, 0, "{report}");
    assert_eq!(
        report["devices_skipped"].as_u64().unwrap(),
        devices,
        "{report}"
    );
    // The summary names the data source, password masked.
    let out = statetrace(
        &["ingest", "--force"]
            .iter()
            .chain(&args)
            .copied()
            .collect::<Vec<_>>(),
        work.path(),
    );
    let text = stdout(&out);
    assert!(
        text.contains("ODBC Driver={SQLite3};Database=O/%SITE%/%SITE%.sqlite;PWD=***"),
        "{text}"
    );
    assert!(!text.contains("s3cret"), "{text}");
}
