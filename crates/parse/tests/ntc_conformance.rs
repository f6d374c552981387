//! Third-party conformance: every ntc-templates pair under
//! `../shared/conformance/ntc/` for a supported command must parse to its
//! expected records, record for record. Skipped (and said so) when the
//! folder is absent.

use statetrace_parse::ntc::{conformance_folder, parse_command, NtcValue};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use yaml_rust2::{Yaml, YamlLoader};

fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/ntc")
}

fn yaml_records(doc: &Yaml) -> Vec<BTreeMap<String, NtcValue>> {
    let Some(items) = doc["parsed_sample"].as_vec() else {
        return Vec::new();
    };
    items
        .iter()
        .map(|item| {
            item.as_hash()
                .map(|h| {
                    h.iter()
                        .map(|(k, v)| {
                            let key = k.as_str().unwrap_or_default().to_string();
                            let value = match v {
                                Yaml::Array(a) => NtcValue::List(a.iter().map(scalar).collect()),
                                other => NtcValue::Str(scalar(other)),
                            };
                            (key, value)
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

fn scalar(y: &Yaml) -> String {
    match y {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        _ => String::new(),
    }
}

#[test]
fn ntc_pairs_parse_to_their_expected_records() {
    let dir = conformance_dir();
    if !dir.is_dir() {
        println!("SKIPPED: ntc conformance: {} not present", dir.display());
        return;
    }
    let mut folders: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let mut failures = Vec::new();
    let mut total = (0, 0);
    for folder in folders {
        let name = folder.file_name().unwrap().to_string_lossy().to_string();
        let Some((platform, command)) = conformance_folder(&name) else {
            println!("{name:<60} skipped: platform or command out of scope");
            continue;
        };
        let mut raws: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "raw"))
            .collect();
        raws.sort();
        let (mut pass, mut count) = (0, 0);
        for raw in raws {
            count += 1;
            let yml = raw.with_extension("yml");
            let text = String::from_utf8_lossy(&std::fs::read(&raw).unwrap()).into_owned();
            let docs = YamlLoader::load_from_str(&std::fs::read_to_string(&yml).unwrap()).unwrap();
            let expected = yaml_records(&docs[0]);
            let file = raw.file_name().unwrap().to_string_lossy().to_string();
            match parse_command(platform, &command, &text) {
                Err(e) => failures.push(format!("{file}: {e}")),
                Ok(actual) => {
                    if actual == expected {
                        pass += 1;
                    } else {
                        let detail = if actual.len() != expected.len() {
                            format!("expected {} records, got {}", expected.len(), actual.len())
                        } else {
                            let i = actual
                                .iter()
                                .zip(&expected)
                                .position(|(a, e)| a != e)
                                .unwrap_or(0);
                            let diff: Vec<String> = expected[i]
                                .iter()
                                .filter(|(k, v)| actual[i].get(*k) != Some(v))
                                .map(|(k, v)| {
                                    format!("{k}: expected {v:?}, got {:?}", actual[i].get(k))
                                })
                                .chain(
                                    actual[i]
                                        .keys()
                                        .filter(|k| !expected[i].contains_key(*k))
                                        .map(|k| format!("{k}: unexpected field")),
                                )
                                .collect();
                            format!("record {i}: {}", diff.join("; "))
                        };
                        failures.push(format!("{file}: {detail}"));
                    }
                }
            }
        }
        println!("{name:<60} {pass}/{count} pass");
        total = (total.0 + pass, total.1 + count);
    }
    println!("ntc conformance: {}/{} pairs pass", total.0, total.1);
    assert!(
        failures.is_empty(),
        "{} of {} pairs fail:\n{}",
        failures.len(),
        total.1,
        failures.join("\n")
    );
}
