//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped sample corpus.
pub fn samples() -> PathBuf {
    root().join("corpora/samples")
}

/// Runs the `statetrace` binary with telemetry redirected away from the
/// repository.
pub fn statetrace(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statetrace"))
        .args(args)
        .current_dir(cwd)
        .env_remove("STATETRACE_TELEMETRY_DIR")
        .output()
        .expect("run statetrace")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The Cisco samples' hostnames, for cloning devices under new names.
pub const SAMPLE_HOSTS: &[(&str, &str)] = &[
    ("cisco-access-48.log", "WLLS-A01-AS-01"),
    ("cisco-stack-xe.log", "HQ-IDF2-AS-01"),
    ("cisco-interleaved.log", "BRNC-A01-AS-01"),
    ("putty-capture.log", "LAB-C9200L-AS-01"),
];

/// Writes `copies` clones of every Cisco sample into `dir`, each with its
/// hostnames renamed (`-AS-01` becomes `-AS-1<k>`...). With `next_day`,
/// every other clone has its descriptions changed, as a day-2 capture.
pub fn clone_corpus(dir: &Path, copies: usize, next_day: bool) {
    std::fs::create_dir_all(dir).unwrap();
    for k in 0..copies {
        for (file, _) in SAMPLE_HOSTS {
            let mut text = std::fs::read_to_string(samples().join(file)).unwrap();
            for host in [
                "WLLS-A01-AS-01",
                "HQ-IDF2-AS-01",
                "BRNC-A01-AS-01",
                "BRNC-A01-AS-02",
                "LAB-C9200L-AS-01",
            ] {
                let renamed = format!("{}-{k:02}", host);
                text = text.replace(host, &renamed);
            }
            if next_day && k % 2 == 0 {
                text = text.replace(" description ", " description DAY2 ");
            }
            std::fs::write(dir.join(format!("{k:02}-{file}")), text).unwrap();
        }
    }
}

/// Every table's rows as text, ordered, leaving out what legitimately
/// differs between two runs (timestamps and auto-increment IDs).
pub fn dump(db: &Path) -> String {
    dump_tables(
        db,
        &[
            "DeviceSummary",
            "Interfaces",
            "DeviceHistory",
            "InterfaceHistory",
            "SpanInfo",
            "SpanHistory",
            "IngestionHistory",
        ],
    )
}

/// [`dump`] of the named tables only.
pub fn dump_tables(db: &Path, tables: &[&str]) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = String::new();
    for &table in tables {
        let cols: Vec<String> = conn
            .prepare(&format!("PRAGMA table_info({table})"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(1))
            .unwrap()
            .map(Result::unwrap)
            .filter(|c| {
                !matches!(
                    c.as_str(),
                    "ID" | "RunDate" | "LastUpdated" | "LastIngestedUtc"
                )
            })
            .collect();
        let list = cols
            .iter()
            .map(|c| format!("quote({c})"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let mut rows: Vec<String> = conn
            .prepare(&format!("SELECT {list} FROM {table}"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        out.push_str(&format!("## {table} ({} rows)\n", rows.len()));
        for r in rows {
            out.push_str(&r);
            out.push('\n');
        }
    }
    out
}

/// `PRAGMA integrity_check` of a database.
pub fn integrity(db: &Path) -> String {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Every `*.sqlite` under a data root, sorted.
pub fn databases(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(root) {
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(databases(&p));
            } else if p.extension().is_some_and(|x| x == "sqlite") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
