//! Generated transcripts parse, with the project's own parser, to exactly
//! the records the generator says it wrote, and the manifest counts them.

mod common;

use common::{differences, logs, parse_files};
use statetrace_corpus::{expected_devices, generate, Options, Profile};

/// Generates `profile` into a temporary folder and checks every day:
/// the parser finds exactly the generated devices, in file order, and
/// each parses to its expected record; the manifest agrees.
fn check(profile: &Profile) {
    let tmp = tempfile::tempdir().unwrap();
    let report = generate(
        profile,
        &Options {
            out: tmp.path().to_path_buf(),
            threads: 2,
            ..Options::default()
        },
    )
    .unwrap();
    let mut problems = Vec::new();
    for written in &report.corpora {
        for day in &written.manifest.days {
            let day_dir = written.dir.join(&day.dir);
            assert_eq!(logs(&day_dir).len() as u64, day.totals.files);
            // In manifest order, which is the generator's file order.
            let files: Vec<_> = day.files.iter().map(|f| day_dir.join(&f.path)).collect();
            let (parsed, unattributed) = parse_files(&files);
            assert_eq!(unattributed, 0, "day {}", day.day);
            let expected = expected_devices(
                profile,
                written.manifest.seed,
                written.manifest.spread,
                day.day,
            );
            let got_hosts: Vec<&str> = parsed.iter().map(|p| p.hostname.as_str()).collect();
            let want_hosts: Vec<&str> = expected.iter().map(|d| d.hostname.as_str()).collect();
            assert_eq!(got_hosts, want_hosts, "day {}: devices found", day.day);
            let manifest_hosts: Vec<&str> = day
                .files
                .iter()
                .flat_map(|f| f.devices.iter().map(|d| d.hostname.as_str()))
                .collect();
            assert_eq!(manifest_hosts, want_hosts);
            for ((p, want), entry) in parsed
                .iter()
                .zip(&expected)
                .zip(day.files.iter().flat_map(|f| &f.devices))
            {
                match &p.record {
                    Err(e) => problems.push(format!("{}: {e}", p.hostname)),
                    Ok(got) => {
                        problems.extend(differences(got, want));
                        assert_eq!(entry.ports, got.ports.len() as u64);
                        assert_eq!(
                            entry.learned_macs,
                            got.ports
                                .iter()
                                .map(|p| p.learned_macs.len() as u64)
                                .sum::<u64>()
                        );
                    }
                }
            }
        }
    }
    if !problems.is_empty() {
        let n = problems.len();
        problems.truncate(40);
        panic!("{n} differences:\n{}", problems.join("\n"));
    }
}

fn only(vendor: &str, devices: u64) -> Profile {
    let mut p = Profile::builtin("smoke").unwrap();
    p.name = format!("only-{vendor}");
    p.groups[0].vendors = [(vendor.to_string(), 1.0)].into();
    p.groups[0].devices = devices;
    p
}

#[test]
fn cisco_parses_exactly() {
    check(&only("cisco", 12));
}

#[test]
fn brocade_parses_exactly() {
    check(&only("brocade", 12));
}

#[test]
fn arista_parses_exactly() {
    check(&only("arista", 12));
}

#[test]
fn aruba_parses_exactly() {
    check(&only("aruba", 8));
}

#[test]
fn juniper_parses_exactly() {
    check(&only("juniper", 8));
}

#[test]
fn paloalto_parses_exactly() {
    check(&only("paloalto", 6));
}

#[test]
fn smoke_profile_parses_exactly() {
    check(&Profile::builtin("smoke").unwrap());
}

#[test]
fn m1_parses_exactly_and_has_the_original_row_count() {
    let p = Profile::builtin("m1").unwrap();
    check(&p);
    let expected = expected_devices(&p, p.seed, None, 1);
    let ports: usize = expected.iter().map(|d| d.ports.len()).sum();
    assert_eq!(ports, 1320, "25 x 48 + 12 x 10 interface rows");
}

/// The comparison is not vacuous: a record that differs in one port's VLAN,
/// one learned MAC or one span role is reported.
#[test]
fn a_wrong_expectation_is_reported() {
    let p = only("brocade", 2);
    let tmp = tempfile::tempdir().unwrap();
    let report = generate(
        &p,
        &Options {
            out: tmp.path().to_path_buf(),
            next_day: false,
            ..Options::default()
        },
    )
    .unwrap();
    let w = &report.corpora[0];
    let day = w.manifest.day(1).unwrap();
    let files: Vec<_> = day
        .files
        .iter()
        .map(|f| w.dir.join("day1").join(&f.path))
        .collect();
    let (parsed, _) = parse_files(&files);
    let got = parsed[0].record.as_ref().unwrap();
    let want = &expected_devices(&p, p.seed, None, 1)[0];
    assert!(differences(got, want).is_empty());
    assert!(!got.ports.is_empty() && !got.spanning_tree.is_empty());
    assert!(got.ports.iter().any(|p| !p.learned_macs.is_empty()));

    let mut wrong = want.clone();
    wrong.ports[0].vlan = Some(4000);
    assert_eq!(differences(got, &wrong).len(), 1);
    let mut wrong = want.clone();
    let i = wrong
        .ports
        .iter()
        .position(|p| !p.learned_macs.is_empty())
        .unwrap();
    wrong.ports[i].learned_macs.pop();
    assert_eq!(differences(got, &wrong).len(), 1);
    let mut wrong = want.clone();
    wrong.spanning_tree[0].ports[0].role = "Back".into();
    assert_eq!(differences(got, &wrong).len(), 1);
}

#[test]
fn stacks_parse_exactly() {
    let mut p = only("cisco", 6);
    p.groups[0].vendors = [("cisco".to_string(), 1.0), ("brocade".to_string(), 1.0)].into();
    p.groups[0].ports = [60, 96];
    p.groups[0].stack_share = 1.0;
    check(&p);
    let expected = expected_devices(&p, p.seed, None, 1);
    assert!(expected
        .iter()
        .all(|d| d.ports.iter().any(|p| p.port.contains("2/"))));
}
