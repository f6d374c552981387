//! Same profile and seed, same bytes (whatever the thread count); another
//! seed, other bytes.

mod common;

use common::logs;
use statetrace_corpus::{generate, Options, Profile};
use std::path::Path;

fn write(profile: &Profile, seed: u64, threads: usize, out: &Path) {
    generate(
        profile,
        &Options {
            seed: Some(seed),
            out: out.to_path_buf(),
            threads,
            next_day: true,
        },
    )
    .unwrap();
}

/// Every file under `dir` (relative path, bytes), sorted.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = logs(dir)
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.push((
        "manifest.json".into(),
        std::fs::read(dir.join("smoke/manifest.json")).unwrap(),
    ));
    files.sort();
    files
}

#[test]
fn same_seed_same_bytes_different_seed_different_bytes() {
    let profile = Profile::builtin("smoke").unwrap();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let c = tempfile::tempdir().unwrap();
    write(&profile, 42, 1, a.path());
    write(&profile, 42, 4, b.path());
    write(&profile, 43, 2, c.path());
    let (sa, sb, sc) = (snapshot(a.path()), snapshot(b.path()), snapshot(c.path()));
    assert!(sa.len() > 30, "two days of files and a manifest");
    assert_eq!(sa.len(), sb.len());
    for (x, y) in sa.iter().zip(&sb) {
        assert_eq!(x.0, y.0);
        assert!(x.1 == y.1, "{} differs between runs", x.0);
    }
    let differing = sa
        .iter()
        .filter(|(path, bytes)| {
            sc.iter()
                .find(|(p, _)| p == path)
                .is_none_or(|(_, b)| b != bytes)
        })
        .count();
    assert!(
        differing * 10 >= sa.len() * 9,
        "another seed changes (nearly) every file: {differing} of {}",
        sa.len()
    );
}

#[test]
fn regenerating_replaces_the_previous_corpus() {
    let mut profile = Profile::builtin("smoke").unwrap();
    let out = tempfile::tempdir().unwrap();
    write(&profile, 1, 2, out.path());
    profile.groups[0].devices = 5;
    write(&profile, 1, 2, out.path());
    let files = logs(&out.path().join("smoke"));
    let manifest =
        statetrace_corpus::Manifest::load(&out.path().join("smoke/manifest.json")).unwrap();
    let listed: u64 = manifest.days.iter().map(|d| d.totals.files).sum();
    assert_eq!(
        files.len() as u64,
        listed,
        "no stale files from the bigger run"
    );
}
