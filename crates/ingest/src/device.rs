//! One device: normalise, fingerprint, skip or parse.

use crate::telemetry::{DeviceParseFailure, ParseDuration, Telemetry};
use bumpalo::Bump;
use statetrace_model::{site_of, Device, Vendor};
use statetrace_parse::input::Source;
use statetrace_parse::slice::device_lines;
use statetrace_parse::split::DeviceSlice;
use statetrace_parse::{parse_device, DeviceText, ParseFailure};
use statetrace_store::{IngestEntry, IngestRecord};
use std::time::Instant;

/// One device's text, parsed, with the fingerprint of its normalised lines.
pub(crate) struct ParsedSlice {
    pub(crate) hostname: String,
    pub(crate) site: String,
    pub(crate) result: Result<Device, String>,
    pub(crate) record: IngestRecord,
    /// Normalise and parse time.
    pub(crate) duration_ms: f64,
}

/// Identifies the parsing rules, for [`fingerprint`].
const PARSER_ID: &str = concat!("statetrace-parse ", env!("CARGO_PKG_VERSION"), "\0");

/// The fingerprint of a device's normalised lines: a 128-bit hash and the
/// length of the text it covers.
///
/// Lines are hashed joined by `\n`, so line endings, encodings and terminal
/// noise in the capture do not count as changes. The rules that shaped the
/// stored record are hashed too (the parser's version, a forced vendor, the
/// redaction setting): after an upgrade or a settings change every device is
/// processed again once instead of keeping records made by other rules.
fn fingerprint(lines: &[&str], rules: &Rules) -> IngestRecord {
    let mut h = xxhash_rust::xxh3::Xxh3Default::new();
    h.update(PARSER_ID.as_bytes());
    h.update(rules.vendor.map_or("detect", Vendor::as_str).as_bytes());
    h.update(if rules.redact_secrets {
        b"\0redact\0"
    } else {
        b"\0verbatim\0"
    });
    let mut len = 0u64;
    for line in lines {
        h.update(line.as_bytes());
        h.update(b"\n");
        len += line.len() as u64 + 1;
    }
    IngestRecord {
        hash: format!("{:032x}", h.digest128()),
        source_length: len,
    }
}

/// The settings that change what is stored for the same text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rules {
    pub(crate) vendor: Option<Vendor>,
    pub(crate) redact_secrets: bool,
}

/// What became of one device.
pub(crate) enum Outcome {
    /// Unchanged since its last ingest: not parsed.
    Skipped(IngestRecord),
    /// Parsed (or failed to parse).
    Parsed(Box<ParsedSlice>),
}

/// Normalises a device, skips it when `known` says it is unchanged, else
/// parses it. Emits `ParseDuration` (and `DeviceParseFailure`) for parsed
/// devices.
pub(crate) fn process_slice(
    sources: &[Source],
    slice: &DeviceSlice,
    rules: Rules,
    telemetry: &Telemetry,
    known: Option<&IngestEntry>,
) -> Outcome {
    let vendor = rules.vendor;
    let started = Instant::now();
    let arena = Bump::new();
    let lines = device_lines(sources, slice, &arena);
    let record = fingerprint(&lines, &rules);
    if known.is_some_and(|k| k.hash == record.hash && k.source_length == record.source_length) {
        return Outcome::Skipped(record);
    }
    let text = DeviceText::new(lines);
    let site = site_of(&slice.hostname).to_string();
    let result = parse_device(&slice.hostname, &text, vendor)
        .map(|p| p.device)
        .map_err(|e| {
            let reason = e.to_string();
            let ParseFailure::UndecidedVendor { evidence, .. } = &e;
            telemetry.emit(
                "DeviceParseFailure",
                &DeviceParseFailure {
                    hostname: &slice.hostname,
                    site: &site,
                    reason: &reason,
                    evidence,
                    bytes: slice.bytes,
                },
            );
            reason
        });
    let elapsed = started.elapsed().as_secs_f64();
    telemetry.emit(
        "ParseDuration",
        &ParseDuration {
            hostname: &slice.hostname,
            site: &site,
            vendor: result
                .as_ref()
                .ok()
                .and_then(|d| d.vendor)
                .map(Vendor::as_str),
            bytes: slice.bytes,
            duration_ms: elapsed * 1000.0,
            duration_seconds: elapsed,
            success: result.is_ok(),
        },
    );
    Outcome::Parsed(Box::new(ParsedSlice {
        hostname: slice.hostname.clone(),
        site,
        result,
        record,
        duration_ms: elapsed * 1000.0,
    }))
}
