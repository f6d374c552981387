//! Files to devices to databases.

use crate::report::{DeviceFailure, FileWarning, RunReport, SiteFailure};
use crate::telemetry::{
    DeviceParseFailure, ParseDuration, RowsWritten, SkippedDuplicate, Telemetry,
};
use bumpalo::Bump;
use statetrace_model::{site_of, Device, Vendor};
use statetrace_parse::input::{collect_inputs, InputError, Source};
use statetrace_parse::slice::device_lines;
use statetrace_parse::split::{group_devices, split_file, DeviceSlice, FileSplit};
use statetrace_parse::{parse_device, DeviceText, ParseFailure};
use statetrace_store::{Backend, IngestEntry, IngestRecord};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Instant;

/// Settings of an ingest run.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Where and how site databases are written.
    pub backend: Backend,
    /// Force this vendor instead of detecting it.
    pub vendor: Option<Vendor>,
    /// Re-parse and re-write devices even when their text is unchanged.
    pub force: bool,
    /// Mask secrets in configuration text before storing it.
    pub redact_secrets: bool,
}

/// The devices parsed by [`run_parse`].
#[derive(Debug, Clone, Default)]
pub struct ParseOutput {
    /// Parsed devices, in order of first appearance.
    pub devices: Vec<Device>,
    /// What happened.
    pub report: RunReport,
}

/// Mapped files and the devices cut from them.
struct Corpus {
    sources: Vec<Source>,
    devices: Vec<DeviceSlice>,
    report: RunReport,
}

/// Maps and splits every input. Fails only when a path is missing or
/// unreadable; a file without a transcript is a warning.
fn load(paths: &[PathBuf]) -> Result<Corpus, InputError> {
    let files = collect_inputs(paths)?;
    let sources = files
        .iter()
        .map(|f| Source::open(f))
        .collect::<Result<Vec<_>, _>>()?;
    let splits: Vec<FileSplit> = sources.iter().map(|s| split_file(s.bytes())).collect();
    let mut report = RunReport {
        files: sources.len() as u64,
        bytes: sources.iter().map(|s| s.bytes().len() as u64).sum(),
        ..RunReport::default()
    };
    for (source, split) in sources.iter().zip(&splits) {
        report.unattributed_lines += split.unattributed_lines;
        if split.segments.is_empty() {
            report.warnings.push(FileWarning {
                file: source.path().to_path_buf(),
                reason: if split.total_lines == 0 {
                    "empty file".to_string()
                } else {
                    format!(
                        "no device prompt or hostname line in {} lines; not a transcript",
                        split.total_lines
                    )
                },
            });
        }
    }
    let devices = group_devices(&splits);
    report.devices = devices.len() as u64;
    let mut sites: Vec<&str> = devices.iter().map(|d| site_of(&d.hostname)).collect();
    sites.sort_unstable();
    sites.dedup();
    report.sites = sites.len() as u64;
    Ok(Corpus {
        sources,
        devices,
        report,
    })
}

/// One device's text, parsed, with the fingerprint of its normalised lines.
struct ParsedSlice {
    hostname: String,
    site: String,
    result: Result<Device, String>,
    record: IngestRecord,
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
struct Rules {
    vendor: Option<Vendor>,
    redact_secrets: bool,
}

/// What became of one device.
enum Outcome {
    /// Unchanged since its last ingest: not parsed.
    Skipped(IngestRecord),
    /// Parsed (or failed to parse).
    Parsed(Box<ParsedSlice>),
}

/// Normalises a device, skips it when `known` says it is unchanged, else
/// parses it. Emits `ParseDuration` (and `DeviceParseFailure`) for parsed
/// devices.
fn process_slice(
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
            let evidence = match &e {
                ParseFailure::UndecidedVendor { evidence, .. } => evidence.clone(),
                ParseFailure::Unsupported { vendor } => vec![format!("{vendor}: detected")],
            };
            telemetry.emit(
                "DeviceParseFailure",
                &DeviceParseFailure {
                    hostname: &slice.hostname,
                    site: &site,
                    reason: &reason,
                    evidence: &evidence,
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
    }))
}

/// Parses every device without touching a database or the logs.
pub fn run_parse(paths: &[PathBuf], vendor: Option<Vendor>) -> Result<ParseOutput, InputError> {
    let started = Instant::now();
    let corpus = load(paths)?;
    let mut report = corpus.report;
    let telemetry = Telemetry::disabled();
    let mut devices = Vec::with_capacity(corpus.devices.len());
    for slice in &corpus.devices {
        let Outcome::Parsed(parsed) = process_slice(
            &corpus.sources,
            slice,
            Rules {
                vendor,
                redact_secrets: false,
            },
            &telemetry,
            None,
        ) else {
            continue;
        };
        match parsed.result {
            Ok(device) => {
                report.devices_ok += 1;
                report.ports += device.ports.len() as u64;
                devices.push(device);
            }
            Err(reason) => report.failed_devices.push(DeviceFailure {
                hostname: parsed.hostname,
                site: parsed.site,
                reason,
            }),
        }
    }
    report.elapsed_seconds = started.elapsed().as_secs_f64();
    Ok(ParseOutput { devices, report })
}

/// The run date stamped on history rows: UTC, `YYYY-MM-DD HH:MM:SS`.
fn run_date() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Ingests every device into its site's database.
///
/// A device that cannot be parsed, or a site whose database cannot be
/// opened or written, is reported in the returned [`RunReport`] and never
/// stops the other devices and sites.
pub fn run_ingest(
    paths: &[PathBuf],
    options: &IngestOptions,
    telemetry: &Telemetry,
) -> Result<RunReport, InputError> {
    let started = Instant::now();
    let corpus = load(paths)?;
    let mut report = corpus.report;
    let run_date = run_date();
    let rules = Rules {
        vendor: options.vendor,
        redact_secrets: options.redact_secrets,
    };
    // Sites in name order; devices of a site in transcript order.
    let mut by_site: BTreeMap<String, Vec<&DeviceSlice>> = BTreeMap::new();
    for slice in &corpus.devices {
        by_site
            .entry(site_of(&slice.hostname).to_string())
            .or_default()
            .push(slice);
    }
    for (site, slices) in by_site {
        let opened = options.backend.open(&site).and_then(|store| {
            let known = if options.force {
                HashMap::new()
            } else {
                store.ingestion_history()?
            };
            Ok((store, known))
        });
        let (mut store, known) = match opened {
            Ok((store, known)) => (Some(store), known),
            Err(e) => {
                report.failed_sites.push(SiteFailure {
                    site: site.clone(),
                    reason: e.to_string(),
                    devices: slices.len() as u64,
                });
                (None, HashMap::new())
            }
        };
        if store.is_none() {
            continue;
        }
        for slice in slices {
            let entry = known.get(&slice.hostname.to_lowercase());
            let parsed = match process_slice(&corpus.sources, slice, rules, telemetry, entry) {
                Outcome::Parsed(parsed) => parsed,
                Outcome::Skipped(record) => {
                    report.devices_skipped += 1;
                    telemetry.emit(
                        "SkippedDuplicate",
                        &SkippedDuplicate {
                            hostname: &slice.hostname,
                            site: &site,
                            reason: "HashMatch",
                            file_hash: &record.hash,
                            source_length: record.source_length,
                            last_ingested_utc: entry.map_or("", |e| e.last_ingested_utc.as_str()),
                        },
                    );
                    continue;
                }
            };
            let device = match parsed.result {
                Ok(mut device) => {
                    if options.redact_secrets {
                        report.redacted_lines +=
                            statetrace_parse::redact::redact_device(&mut device) as u64;
                    }
                    device
                }
                Err(reason) => {
                    report.failed_devices.push(DeviceFailure {
                        hostname: parsed.hostname,
                        site: parsed.site,
                        reason,
                    });
                    continue;
                }
            };
            let Some(st) = store.as_mut() else {
                // The site already failed; count the device against it.
                if let Some(f) = report
                    .failed_sites
                    .iter_mut()
                    .rev()
                    .find(|f| f.site == site)
                {
                    f.devices += 1;
                }
                continue;
            };
            match st.write_device(&device, &run_date, &parsed.record) {
                Ok(stats) => {
                    report.devices_ok += 1;
                    report.ports += device.ports.len() as u64;
                    report.ports_inserted += stats.inserted;
                    report.ports_updated += stats.updated;
                    report.ports_deleted += stats.deleted;
                    report.history_rows += stats.history_rows;
                    telemetry.emit(
                        "RowsWritten",
                        &RowsWritten {
                            hostname: &device.hostname,
                            site: &device.site,
                            run_date: &run_date,
                            rows: stats.inserted + stats.updated,
                            deleted_rows: stats.deleted,
                            inserted_count: stats.inserted,
                            updated_count: stats.updated,
                            unchanged_count: stats.unchanged,
                            history_count: stats.history_rows,
                        },
                    );
                }
                Err(e) => {
                    // The site's database refuses writes: the site fails; what
                    // it already committed stays.
                    report.failed_sites.push(SiteFailure {
                        site: site.clone(),
                        reason: e.to_string(),
                        devices: 1,
                    });
                    store = None;
                }
            }
        }
    }
    report.elapsed_seconds = started.elapsed().as_secs_f64();
    Ok(report)
}
