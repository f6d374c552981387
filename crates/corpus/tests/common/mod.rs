//! Reading a generated corpus back with the project's parser.
#![allow(dead_code)]

use bumpalo::Bump;
use statetrace_model::Device;
use statetrace_parse::blocks::DeviceText;
use statetrace_parse::dispatch::parse_device;
use statetrace_parse::input::Source;
use statetrace_parse::slice::device_lines;
use statetrace_parse::split::{group_devices, split_file};
use std::path::{Path, PathBuf};

/// Every `.log` under `dir`, sorted by path (the order the manifest uses).
pub fn logs(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "log") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out
}

/// A device as the parser sees it: its normalised text and its record.
pub struct ParsedDevice {
    /// Hostname as split.
    pub hostname: String,
    /// Normalised lines joined by `\n` (what the ingest fingerprints).
    pub text: String,
    /// The parsed record, or the failure.
    pub record: Result<Device, String>,
}

/// Splits and parses `files` in order, as `statetrace parse` does.
pub fn parse_files(files: &[PathBuf]) -> (Vec<ParsedDevice>, u64) {
    let sources: Vec<Source> = files
        .iter()
        .map(|f| Source::from_bytes(f.clone(), std::fs::read(f).unwrap()))
        .collect();
    let splits: Vec<_> = sources.iter().map(|s| split_file(s.bytes())).collect();
    let unattributed = splits.iter().map(|s| s.unattributed_lines).sum();
    let mut out = Vec::new();
    for slice in group_devices(&splits) {
        let arena = Bump::new();
        let lines = device_lines(&sources, &slice, &arena);
        let text = lines.join("\n");
        let dt = DeviceText::new(lines);
        let record = parse_device(&slice.hostname, &dt, None)
            .map(|p| p.device)
            .map_err(|e| e.to_string());
        out.push(ParsedDevice {
            hostname: slice.hostname.clone(),
            text,
            record,
        });
    }
    (out, unattributed)
}

/// Human-readable differences between a parsed and an expected record.
pub fn differences(got: &Device, want: &Device) -> Vec<String> {
    let mut out = Vec::new();
    let g = serde_json::to_value(got).unwrap();
    let w = serde_json::to_value(want).unwrap();
    for key in w.as_object().unwrap().keys() {
        if key == "ports" || key == "spanning_tree" {
            continue;
        }
        if g[key] != w[key] {
            out.push(format!(
                "{}: {key}: got {} want {}",
                want.hostname, g[key], w[key]
            ));
        }
    }
    if got.ports.len() != want.ports.len() {
        out.push(format!(
            "{}: {} ports, want {}",
            want.hostname,
            got.ports.len(),
            want.ports.len()
        ));
    }
    for (gp, wp) in got.ports.iter().zip(&want.ports) {
        let g = serde_json::to_value(gp).unwrap();
        let w = serde_json::to_value(wp).unwrap();
        for key in w.as_object().unwrap().keys() {
            if g[key] != w[key] {
                out.push(format!(
                    "{} {}: {key}: got {} want {}",
                    want.hostname, wp.port, g[key], w[key]
                ));
            }
        }
    }
    if got.spanning_tree != want.spanning_tree {
        let n = got.spanning_tree.len().min(want.spanning_tree.len());
        let first = (0..n).find(|&i| got.spanning_tree[i] != want.spanning_tree[i]);
        out.push(format!(
            "{}: spanning tree differs ({} instances, want {}); first differing: {}",
            want.hostname,
            got.spanning_tree.len(),
            want.spanning_tree.len(),
            first.map_or(String::new(), |i| format!(
                "got {:?}\n want {:?}",
                got.spanning_tree[i], want.spanning_tree[i]
            ))
        ));
    }
    out
}
