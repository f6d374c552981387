//! The next-day variant changes exactly the chosen share of devices; every
//! other device's text is byte-identical to day 1, and the manifest's
//! changed ports are exactly the ports whose parsed records differ.

mod common;

use common::parse_files;
use statetrace_corpus::{generate, Manifest, Options, Profile};
use statetrace_parse::split::split_file;
use std::collections::BTreeMap;
use std::path::Path;

/// Each host's raw bytes (its segments, in file order) in one day.
fn raw_text(dir: &Path, manifest: &statetrace_corpus::DayManifest) -> BTreeMap<String, Vec<u8>> {
    let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for f in &manifest.files {
        let bytes = std::fs::read(dir.join(&manifest.dir).join(&f.path)).unwrap();
        for seg in split_file(&bytes).segments {
            out.entry(seg.host)
                .or_default()
                .extend_from_slice(&bytes[seg.bytes]);
        }
    }
    out
}

#[test]
fn next_day_changes_exactly_the_chosen_share() {
    let profile = Profile::builtin("smoke").unwrap();
    let share = profile.next_day.as_ref().unwrap().changed_share;
    let tmp = tempfile::tempdir().unwrap();
    let report = generate(
        &profile,
        &Options {
            out: tmp.path().to_path_buf(),
            ..Options::default()
        },
    )
    .unwrap();
    let dir = &report.corpora[0].dir;
    let manifest = Manifest::load(&dir.join("manifest.json")).unwrap();
    let (day1, day2) = (manifest.day(1).unwrap(), manifest.day(2).unwrap());
    let next = day2.next_day.as_ref().unwrap();
    let devices = day1.totals.devices;
    let want_changed = (devices as f64 * share).round() as u64;
    assert_eq!(next.changed_devices, want_changed);
    assert_eq!(next.unchanged_devices, devices - want_changed);
    assert_eq!(next.changes.len() as u64, want_changed);

    // Raw bytes: unchanged devices identical, changed ones not.
    let (t1, t2) = (raw_text(dir, day1), raw_text(dir, day2));
    assert_eq!(t1.len() as u64, devices);
    assert_eq!(t1.keys().collect::<Vec<_>>(), t2.keys().collect::<Vec<_>>());
    let changed: Vec<&str> = next.changes.iter().map(|c| c.hostname.as_str()).collect();
    let mut differing = 0;
    for (host, bytes) in &t1 {
        let same = t2[host] == *bytes;
        assert_eq!(
            same,
            !changed.contains(&host.as_str()),
            "{host}: identical={same} but changed={}",
            changed.contains(&host.as_str())
        );
        differing += u64::from(!same);
    }
    assert_eq!(differing, want_changed);
    let flagged = day2
        .files
        .iter()
        .flat_map(|f| &f.devices)
        .filter(|d| d.changed)
        .count() as u64;
    assert_eq!(flagged, want_changed);

    // Parsed records: the changed ports are exactly those that differ.
    let files = |d: &statetrace_corpus::DayManifest| -> Vec<_> {
        d.files
            .iter()
            .map(|f| dir.join(&d.dir).join(&f.path))
            .collect()
    };
    let (p1, _) = parse_files(&files(day1));
    let (p2, _) = parse_files(&files(day2));
    let mut history = 0;
    for change in &next.changes {
        let before = p1.iter().find(|p| p.hostname == change.hostname).unwrap();
        let after = p2.iter().find(|p| p.hostname == change.hostname).unwrap();
        let (b, a) = (
            before.record.as_ref().unwrap(),
            after.record.as_ref().unwrap(),
        );
        let differ: Vec<&str> = a
            .ports
            .iter()
            .zip(&b.ports)
            .filter(|(x, y)| x != y)
            .map(|(x, _)| x.port.as_str())
            .collect();
        assert_eq!(differ, change.changed_ports, "{}", change.hostname);
        assert!(
            !differ.is_empty() || change.summary_changed,
            "{}",
            change.hostname
        );
        assert_eq!(a.spanning_tree != b.spanning_tree, change.span_changed);
        assert_eq!(a.location != b.location, change.summary_changed);
        history += differ.len() as u64;
    }
    assert_eq!(next.expected_history_rows["InterfaceHistory"], history);
}
