//! Forty nights of the library's run with a manual clock: rotation keeps
//! 7 daily and 4 weekly backups, history leaves the window on time, and
//! the record (with real, not simulated, runs) passes the M1 question.

use chrono::{DateTime, Datelike, Duration, FixedOffset};
use statetrace_maintain::clock::{parse_time, ManualClock};
use statetrace_maintain::log::{RunOutcome, SiteOutcome};
use statetrace_maintain::{consecutive_successes, MaintainOptions, MaintenanceSettings};
use statetrace_model::{Device, Port};
use statetrace_store::{IngestRecord, SiteStore};
use std::collections::BTreeSet;
use std::path::Path;

fn store_device(data: &Path, host: &str, status: &str, run_date: &str) {
    let site = statetrace_model::site_of(host).to_string();
    let mut store = SiteStore::open(data, &site).unwrap();
    let mut d = Device::new(host);
    d.ports.push(Port {
        port: "Gi1/0/1".into(),
        status: Some(status.into()),
        ..Port::default()
    });
    let rec = IngestRecord {
        hash: format!("{status}{run_date}"),
        source_length: 1,
    };
    store.write_device(&d, run_date, &rec).unwrap();
}

fn utc_text(t: DateTime<FixedOffset>) -> String {
    t.naive_utc().format("%Y-%m-%d %H:%M:%S").to_string()
}

#[test]
fn forty_nights_rotate_prune_and_pass_the_record() {
    let work = tempfile::tempdir().unwrap();
    let (data, logs) = (work.path().join("Data"), work.path().join("Logs"));
    let first: DateTime<FixedOffset> = parse_time("2027-03-01T02:30:00+01:00").unwrap();
    // Two sites; WLLS-A's port changes the day before the first night.
    let before = first - Duration::days(1);
    store_device(
        &data,
        "WLLS-A",
        "connected",
        &utc_text(before - Duration::days(1)),
    );
    store_device(&data, "WLLS-A", "notconnect", &utc_text(before));
    store_device(&data, "BRNC-A", "connected", &utc_text(before));

    let clock = ManualClock::new(first);
    let options = MaintainOptions::new(&data, &logs, MaintenanceSettings::default());
    let mut pruned_on = Vec::new();
    for night in 0..40 {
        clock.set(first + Duration::days(night));
        let report = statetrace_maintain::run(&options, &clock).unwrap();
        assert_eq!(
            report.run.outcome,
            RunOutcome::Ok,
            "night {night}: {:?}",
            report.sites
        );
        assert!(report.is_success());
        assert!(!report.run.simulated);
        for s in &report.sites {
            assert_eq!(s.outcome, SiteOutcome::Ok, "{s:?}");
            if s.rows_pruned > 0 {
                pruned_on.push((night, s.site.clone(), s.rows_pruned));
            }
        }
    }
    // The superseded 'added' row of WLLS-A's port (two days before the
    // first night) leaves the 30-day window on night 29; the newest entry
    // of every port and device stays.
    assert_eq!(pruned_on, [(29, "WLLS".to_string(), 1)]);

    // Rotation, checked against the file names on disk.
    for site in ["BRNC", "WLLS"] {
        let dir = data.join("Backups").join(site);
        let names: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with("Z.sqlite"))
            .collect();
        // Nights are 01:30 UTC: the night's UTC date is its local date.
        let nights: Vec<chrono::NaiveDate> = (0..40)
            .map(|n| (first + Duration::days(n)).date_naive())
            .collect();
        let mut expected = BTreeSet::new();
        for d in nights.iter().rev().take(7) {
            expected.insert(*d);
        }
        let mut weeks = Vec::new();
        for d in nights.iter().rev() {
            let w = d.iso_week();
            if !weeks.contains(&w) {
                weeks.push(w);
                if weeks.len() <= 4 {
                    expected.insert(*d);
                }
            }
        }
        let expected: BTreeSet<String> = expected
            .iter()
            .map(|d| format!("{site}_{}-013000Z.sqlite", d.format("%Y%m%d")))
            .collect();
        assert_eq!(names, expected, "{site}");
    }

    // The record: real runs, 14 nights, passed; the morning after a
    // missed night it is not.
    let last = (first + Duration::days(39)).date_naive();
    let record = consecutive_successes(&logs, 14, last).unwrap();
    assert!(record.passed, "{record:#?}");
    assert_eq!((record.streak, record.simulated_runs_ignored), (14, 0));
    let record = consecutive_successes(&logs, 14, last + Duration::days(2)).unwrap();
    assert!(!record.passed);
    assert_eq!(record.streak, 0);
}
