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
    thread_local! {
        /// The joined lines, reused from device to device.
        static JOINED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    // Joined first and hashed in one update: the same digest as feeding
    // the hasher line by line, without its fixed cost twice per line
    // (about 1% of a first ingest).
    JOINED.with_borrow_mut(|joined| {
        joined.clear();
        joined.reserve(lines.iter().map(|l| l.len() + 1).sum());
        for line in lines {
            joined.extend_from_slice(line.as_bytes());
            joined.push(b'\n');
        }
        let mut f = Fingerprint::new(rules);
        f.raw(joined);
        if joined.capacity() > MAX_KEPT_BYTES {
            *joined = Vec::new();
        }
        f.finish()
    })
}

/// A joined-lines buffer larger than this is not kept for the next device
/// (one huge capture should not pin its size for the rest of the run).
const MAX_KEPT_BYTES: usize = 1 << 20;

/// The fingerprint of a device straight from its bytes, when every part of
/// it is already in normal form (clean UTF-8 with `\n` line ends): such
/// bytes *are* the normalised lines joined by `\n`, so hashing them gives
/// the same fingerprint as [`fingerprint`] without building any line. This
/// keeps an unchanged device's skip to one scan and one hash. `None` when
/// some part needs normalising. `normal_form` is per file, from splitting.
fn fingerprint_raw(
    sources: &[Source],
    normal_form: &[bool],
    slice: &DeviceSlice,
    rules: &Rules,
) -> Option<IngestRecord> {
    let mut f = Fingerprint::new(rules);
    for part in &slice.parts {
        // A part of a file in normal form is in normal form too (its range
        // starts and ends on line boundaries).
        if !normal_form.get(part.file).copied().unwrap_or(false) {
            return None;
        }
        let bytes = sources.get(part.file)?.bytes().get(part.bytes.clone())?;
        f.raw(bytes);
        if !bytes.is_empty() && !bytes.ends_with(b"\n") {
            f.raw(b"\n");
        }
    }
    Some(f.finish())
}

/// A running fingerprint: rules first, then the text.
struct Fingerprint {
    h: xxhash_rust::xxh3::Xxh3Default,
    len: u64,
}

impl Fingerprint {
    fn new(rules: &Rules) -> Fingerprint {
        let mut h = xxhash_rust::xxh3::Xxh3Default::new();
        h.update(PARSER_ID.as_bytes());
        h.update(rules.vendor.map_or("detect", Vendor::as_str).as_bytes());
        h.update(if rules.redact_secrets {
            b"\0redact\0"
        } else {
            b"\0verbatim\0"
        });
        Fingerprint { h, len: 0 }
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.h.update(bytes);
        self.len += bytes.len() as u64;
    }

    fn finish(&self) -> IngestRecord {
        IngestRecord {
            hash: format!("{:032x}", self.h.digest128()),
            source_length: self.len,
        }
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
    normal_form: &[bool],
    slice: &DeviceSlice,
    rules: Rules,
    telemetry: &Telemetry,
    known: Option<&IngestEntry>,
) -> Outcome {
    let vendor = rules.vendor;
    let started = Instant::now();
    let arena = Bump::new();
    let unchanged = |r: &IngestRecord| {
        known.is_some_and(|k| k.hash == r.hash && k.source_length == r.source_length)
    };
    let (record, lines) = match fingerprint_raw(sources, normal_form, slice, &rules) {
        Some(record) => {
            if unchanged(&record) {
                return Outcome::Skipped(record);
            }
            (record, device_lines(sources, slice, &arena))
        }
        None => {
            let lines = device_lines(sources, slice, &arena);
            (fingerprint(&lines, &rules), lines)
        }
    };
    if unchanged(&record) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use statetrace_parse::split::{group_devices, split_file};

    fn both(text: &[u8]) -> (Option<IngestRecord>, IngestRecord) {
        let sources = vec![Source::from_bytes("t", text.to_vec())];
        let splits: Vec<_> = sources.iter().map(|s| split_file(s.bytes())).collect();
        let normal: Vec<bool> = splits.iter().map(|s| s.normal_form).collect();
        let device = &group_devices(&splits)[0];
        let rules = Rules {
            vendor: None,
            redact_secrets: true,
        };
        let arena = Bump::new();
        let lines = device_lines(&sources, device, &arena);
        (
            fingerprint_raw(&sources, &normal, device, &rules),
            fingerprint(&lines, &rules),
        )
    }

    #[test]
    fn raw_and_line_fingerprints_agree() {
        for text in [
            &b"sw#show ver\nv1\n\nsw#\n"[..],
            b"sw#show ver\nv1",
            b"sw#\n",
            b"banner\nsw#show run\n interface Gi1/0/1\n",
        ] {
            let (raw, lines) = both(text);
            assert_eq!(
                raw.as_ref(),
                Some(&lines),
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn crlf_and_noise_take_the_line_path_to_the_same_fingerprint() {
        let (raw, lf) = both(b"sw#show ver\nv1\n");
        let (none, crlf) = both(b"sw#show ver\r\nv1\r\n");
        assert!(none.is_none());
        assert_eq!(crlf, lf);
        assert_eq!(raw, Some(lf.clone()));
        let (none, paged) =
            both(b"sw#show ver\n --More-- \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08v1\n");
        assert!(none.is_none());
        assert_eq!(paged, lf);
    }
}
