//! Golden tests: every `corpora/samples/*.log` parses to its hand-written
//! `*.expected.json`, record for record.

mod common;

use common::{samples, statetrace, stderr, stdout};
use serde_json::Value;

/// The first place two JSON values differ, as a path, for a readable failure.
fn first_difference(path: &str, expected: &Value, actual: &Value) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let av = a.get(k).unwrap_or(&Value::Null);
                if let Some(d) = first_difference(&format!("{path}.{k}"), ev, av) {
                    return Some(d);
                }
            }
            a.keys()
                .find(|k| !e.contains_key(*k))
                .map(|k| format!("{path}.{k}: not expected, got {}", a[k]))
        }
        (Value::Array(e), Value::Array(a)) => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                if let Some(d) = first_difference(&format!("{path}[{i}]"), ev, av) {
                    return Some(d);
                }
            }
            (e.len() != a.len())
                .then(|| format!("{path}: expected {} items, got {}", e.len(), a.len()))
        }
        _ => (expected != actual).then(|| format!("{path}: expected {expected}, got {actual}")),
    }
}

#[test]
fn samples_match_their_expected_records() {
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(samples())
        .expect("corpora/samples")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .collect();
    entries.sort();
    for log in entries {
        let expected_path = log.with_extension("expected.json");
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display())),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        let out = statetrace(&["parse", "--json", log.to_str().unwrap()], &samples());
        assert!(out.status.success(), "{}: {}", log.display(), stderr(&out));
        let mut actual: Value = serde_json::from_str(&stdout(&out)).unwrap();
        // Only the documented contract is compared.
        let actual = serde_json::json!({
            "devices": actual["devices"].take(),
            "unattributed_lines": actual["unattributed_lines"].take(),
        });
        if let Some(d) = first_difference("", &expected, &actual) {
            failures.push(format!(
                "{}: {d}",
                log.file_name().unwrap().to_string_lossy()
            ));
        }
        checked += 1;
    }
    assert!(
        checked >= 4,
        "expected at least 4 sample transcripts, found {checked}"
    );
    assert!(
        failures.is_empty(),
        "golden mismatches:\n{}",
        failures.join("\n")
    );
}
