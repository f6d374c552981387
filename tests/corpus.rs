//! A generated corpus through the real `statetrace ingest`: day 1 stores
//! exactly the rows the manifest expects; day 2 skips exactly the devices
//! that did not change and appends exactly the expected history rows.

mod common;

use common::{databases, statetrace, stderr, stdout};
use serde_json::Value;
use statetrace_corpus::{generate, Manifest, Options, Profile};
use std::collections::BTreeMap;
use std::path::Path;

fn ingest(dir: &Path, cwd: &Path) -> Value {
    let out = statetrace(
        &[
            "ingest",
            "--json",
            dir.to_str().unwrap(),
            "--data",
            "D",
            "--logs",
            "L",
        ],
        cwd,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    serde_json::from_str(&stdout(&out)).unwrap()
}

/// Rows per table, summed over every site database.
fn rows(data: &Path) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for db in databases(data) {
        let conn = rusqlite::Connection::open(&db).unwrap();
        for table in [
            "DeviceSummary",
            "DeviceHistory",
            "Interfaces",
            "InterfaceHistory",
            "SpanInfo",
            "SpanHistory",
            "IngestionHistory",
        ] {
            let n: i64 = conn
                .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
                .unwrap();
            *out.entry(table.to_string()).or_insert(0) += n as u64;
        }
    }
    out
}

#[test]
fn generated_days_store_the_manifest_rows_and_day_two_skips_the_unchanged() {
    let work = tempfile::tempdir().unwrap();
    let profile = Profile::builtin("smoke").unwrap();
    let report = generate(
        &profile,
        &Options {
            out: work.path().join("gen"),
            ..Options::default()
        },
    )
    .unwrap();
    let dir = &report.corpora[0].dir;
    let manifest = Manifest::load(&dir.join("manifest.json")).unwrap();
    let (day1, day2) = (manifest.day(1).unwrap(), manifest.day(2).unwrap());

    let first = ingest(&dir.join("day1"), work.path());
    assert_eq!(first["failed_devices"], serde_json::json!([]), "{first}");
    assert_eq!(first["devices"].as_u64(), Some(day1.totals.devices));
    assert_eq!(first["sites"].as_u64(), Some(day1.totals.sites));
    assert_eq!(first["ports"].as_u64(), Some(day1.totals.ports));
    assert_eq!(first["unattributed_lines"].as_u64(), Some(0));
    let data = work.path().join("D");
    assert_eq!(databases(&data).len() as u64, day1.totals.sites);
    assert_eq!(rows(&data), day1.expected_rows);

    let second = ingest(&dir.join("day2"), work.path());
    let next = day2.next_day.as_ref().unwrap();
    assert_eq!(second["failed_devices"], serde_json::json!([]), "{second}");
    assert_eq!(
        second["devices_skipped"].as_u64(),
        Some(next.unchanged_devices),
        "{second}"
    );
    let skipped = next.unchanged_devices as f64 / day2.totals.devices as f64;
    assert!(skipped >= 0.5, "the M1 gate's SkippedDuplicate ratio");
    let mut want = day2.expected_rows.clone();
    for (table, n) in &next.expected_history_rows {
        // History tables hold day 1's rows plus day 2's appended ones.
        *want.get_mut(table).unwrap() = day1.expected_rows[table] + n;
    }
    assert_eq!(rows(&data), want);
    assert_eq!(
        second["history_rows"].as_u64(),
        Some(next.expected_history_rows.values().sum::<u64>()),
        "{second}"
    );
}
