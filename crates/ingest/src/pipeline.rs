//! Files to devices to databases, on every core.
//!
//! Parse workers take devices in round-robin order across sites (a
//! 10,000-device site never starves a 10-device one), skip unchanged ones,
//! parse the rest and hand them to their site's writer thread through a
//! bounded queue: when writers fall behind, workers wait instead of
//! buffering, so memory does not grow with the corpus. Each site database
//! is owned by exactly one writer thread (see [`crate::writer`]).

use crate::corpus::load;
use crate::device::{process_slice, Outcome, Rules};
use crate::profile::{resolve, ConcurrencyProfile};
use crate::progress::Progress;
use crate::report::{DeviceFailure, RunReport, SiteFailure};
use crate::settings::ParserSettings;
use crate::slots::QueueSlots;
use crate::stats::{peak_rss_bytes, Samples};
use crate::telemetry::{IngestRunSummary, SkippedDuplicate, Telemetry};
use crate::writer::{run_writer, BatchLimits, Parsed, Shared, WriterTotals};
use statetrace_model::{site_of, Device, Vendor};
use statetrace_parse::input::InputError;
use statetrace_parse::split::DeviceSlice;
use statetrace_store::{Backend, IngestEntry, SiteWriter, StoreError};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
    /// Concurrency settings (`ParserSettings`).
    pub settings: ParserSettings,
    /// `--workers N`: overrides the resolved number of parse workers.
    pub workers: Option<usize>,
}

/// The devices parsed by [`run_parse`].
#[derive(Debug, Clone, Default)]
pub struct ParseOutput {
    /// Parsed devices, in order of first appearance.
    pub devices: Vec<Device>,
    /// What happened.
    pub report: RunReport,
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
            &corpus.normal_form,
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

/// A site of the run.
struct Site<'c> {
    name: String,
    devices: Vec<&'c DeviceSlice>,
    known: HashMap<String, IngestEntry>,
}

/// A site's database, and what it knows of its devices (lower-case
/// hostname to ingestion record).
type OpenedSite = (Box<dyn SiteWriter>, HashMap<String, IngestEntry>);

/// Sites opened at the same time at most.
const OPEN_AT_ONCE: usize = 16;

/// Opens every site's database (creating new ones) with its ingestion
/// history, several at a time where the backend allows it (see
/// [`Backend::opens_sites_in_parallel`]): creating a database ends in syncs, and on a
/// disk with slow syncs opening one site after another would make the run
/// slower the more sites it has, for no work of its own.
fn open_sites(
    grouped: &[(String, Vec<&DeviceSlice>)],
    options: &IngestOptions,
) -> Vec<Result<OpenedSite, StoreError>> {
    let open = |name: &str| {
        options.backend.open(name).and_then(|store| {
            let known = if options.force {
                HashMap::new()
            } else {
                store.ingestion_history()?
            };
            Ok((store, known))
        })
    };
    if !options.backend.opens_sites_in_parallel() {
        return grouped.iter().map(|(name, _)| open(name)).collect();
    }
    let mut opened = Vec::with_capacity(grouped.len());
    for chunk in grouped.chunks(OPEN_AT_ONCE) {
        std::thread::scope(|scope| {
            let handles: Vec<_> = chunk
                .iter()
                .map(|(name, _)| scope.spawn(|| open(name)))
                .collect();
            for ((name, _), handle) in chunk.iter().zip(handles) {
                opened.push(handle.join().unwrap_or_else(|_| {
                    Err(StoreError::new(
                        name,
                        "(opening)",
                        "the thread opening the database panicked",
                    ))
                }));
            }
        });
    }
    opened
}

/// Consecutive devices of one site in the parse order: a writer's queue
/// then holds runs of one site, which it commits together. Plain device by
/// device round robin would hand a writer that owns k sites one device per
/// site in turn, so its batches shrink as sites are added (k commits where
/// one would do), and every commit rewrites the pages it touches in the
/// WAL: twice the sites would cost more disk writes for the same devices.
const SITE_RUN: usize = 8;

/// The parse order: (site index, device).
///
/// Fair to every site and to every writer: writers take turns device by
/// device (so both stay busy), and within one writer's share its sites take
/// turns in runs of [`SITE_RUN`] devices (so a 10,000-device site never
/// starves a 10-device one, and batches do not depend on how many sites a
/// writer owns).
/// The order in which a site's devices are parsed and written: by
/// hostname, as the databases' indexes sort them (SQLite's `NOCASE` folds
/// ASCII letters only). Every index of a site table leads with the
/// hostname, so a new device's entries then land at the end of each
/// index, where SQLite appends without searching from the root or
/// splitting pages in the middle: 7% fewer instructions for a first
/// ingest. Used with a stable sort, so slices of one name keep their
/// input order.
fn index_order(a: &str, b: &str) -> std::cmp::Ordering {
    let fold = |c: u8| c.to_ascii_lowercase();
    a.bytes().map(fold).cmp(b.bytes().map(fold))
}

fn parse_order<'c>(sites: &[Site<'c>], owner: &[usize]) -> Vec<(usize, &'c DeviceSlice)> {
    let writers = owner.iter().max().map_or(0, |w| w + 1);
    let per_writer: Vec<Vec<(usize, &'c DeviceSlice)>> = (0..writers)
        .map(|w| {
            let mine: Vec<usize> = (0..sites.len()).filter(|&s| owner[s] == w).collect();
            let longest = mine
                .iter()
                .map(|&s| sites[s].devices.len())
                .max()
                .unwrap_or(0);
            let mut seq = Vec::new();
            for start in (0..longest).step_by(SITE_RUN) {
                for &s in &mine {
                    let devices = &sites[s].devices;
                    let end = (start + SITE_RUN).min(devices.len());
                    if start < end {
                        seq.extend(devices[start..end].iter().map(|d| (s, *d)));
                    }
                }
            }
            seq
        })
        .collect();
    let longest = per_writer.iter().map(Vec::len).max().unwrap_or(0);
    let mut order = Vec::with_capacity(per_writer.iter().map(Vec::len).sum());
    for i in 0..longest {
        for seq in &per_writer {
            if let Some(&item) = seq.get(i) {
                order.push(item);
            }
        }
    }
    order
}

/// Assigns sites to writer threads, largest first onto the least loaded,
/// so the writers' shares of devices are even.
fn assign_writers(sites: &[Site<'_>], writers: usize) -> Vec<usize> {
    let mut load = vec![0usize; writers.max(1)];
    let mut by_size: Vec<usize> = (0..sites.len()).collect();
    by_size.sort_by_key(|&s| std::cmp::Reverse(sites[s].devices.len()));
    let mut owner = vec![0; sites.len()];
    for s in by_size {
        let w = (0..load.len()).min_by_key(|&w| load[w]).unwrap_or(0);
        owner[s] = w;
        load[w] += sites[s].devices.len();
    }
    owner
}

/// What the parse workers found, merged at the end.
#[derive(Default)]
struct WorkerTotals {
    skipped: u64,
    failed: Vec<DeviceFailure>,
    parse: Samples,
    redacted_lines: u64,
}

/// Ingests every device into its site's database, on all cores.
///
/// A device that cannot be parsed, or a site whose database cannot be
/// opened or written, is reported in the returned [`RunReport`] and never
/// stops the other devices and sites.
pub fn run_ingest(
    paths: &[PathBuf],
    options: &IngestOptions,
    telemetry: &Telemetry,
    progress: &dyn Progress,
) -> Result<(RunReport, ConcurrencyProfile), InputError> {
    let started = Instant::now();
    let corpus = load(paths)?;
    let mut report = corpus.report;
    let run_date = run_date();
    let rules = Rules {
        vendor: options.vendor,
        redact_secrets: options.redact_secrets,
    };

    // Sites in name order, each opened once here: a site whose database
    // cannot be opened fails before any parsing is spent on it.
    let mut grouped: BTreeMap<String, Vec<&DeviceSlice>> = BTreeMap::new();
    for slice in &corpus.devices {
        grouped
            .entry(site_of(&slice.hostname).to_string())
            .or_default()
            .push(slice);
    }
    for devices in grouped.values_mut() {
        devices.sort_by(|a, b| index_order(&a.hostname, &b.hostname));
    }
    let mut sites = Vec::new();
    let mut stores: Vec<Option<Box<dyn SiteWriter>>> = Vec::new();
    let grouped: Vec<(String, Vec<&DeviceSlice>)> = grouped.into_iter().collect();
    let opened = open_sites(&grouped, options);
    for ((name, devices), opened) in grouped.into_iter().zip(opened) {
        match opened {
            Ok((store, known)) => {
                sites.push(Site {
                    name,
                    devices,
                    known,
                });
                stores.push(Some(store));
            }
            Err(e) => report.failed_sites.push(SiteFailure {
                site: name,
                reason: e.to_string(),
                devices: devices.len() as u64,
            }),
        }
    }

    let devices: usize = sites.iter().map(|s| s.devices.len()).sum();
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let profile = resolve(
        &options.settings,
        cpus,
        devices,
        sites.len(),
        options.workers,
    );
    telemetry.emit("ConcurrencyProfileResolved", &profile);
    progress.start(devices as u64);

    let owner = assign_writers(&sites, profile.writer_threads);
    let order = parse_order(&sites, &owner);
    let site_names: Vec<String> = sites.iter().map(|s| s.name.clone()).collect();
    let in_flight: Vec<AtomicUsize> = sites.iter().map(|_| AtomicUsize::new(0)).collect();
    let writer_slots: Vec<QueueSlots> = (0..profile.writer_threads)
        .map(|_| QueueSlots::default())
        .collect();
    let writer_alive: Vec<AtomicBool> = (0..profile.writer_threads)
        .map(|_| AtomicBool::new(true))
        .collect();
    let shared = Shared {
        site_names: &site_names,
        in_flight: &in_flight,
        owner: &owner,
        writer_slots: &writer_slots,
        writer_alive: &writer_alive,
        telemetry,
        progress,
        run_date: &run_date,
    };
    let limits = BatchLimits {
        devices: profile.batch_devices,
        rows: profile.batch_rows,
        millis: profile.batch_millis as f64,
    };
    let next = AtomicUsize::new(0);
    let sources = &corpus.sources;
    // Per file: device parts not yet parsed (see the release below).
    let parts_left: Vec<AtomicUsize> = sources.iter().map(|_| AtomicUsize::new(0)).collect();
    for &(_, slice) in &order {
        for part in &slice.parts {
            parts_left[part.file].fetch_add(1, Ordering::Relaxed);
        }
    }
    let normal_form = &corpus.normal_form;
    let worker_totals = Mutex::new(WorkerTotals::default());

    let writer_totals: Vec<WriterTotals> = std::thread::scope(|scope| {
        // Writer threads, each owning its sites' stores.
        let mut senders = Vec::new();
        let mut writers = Vec::new();
        for w in 0..profile.writer_threads {
            let (tx, rx) = sync_channel::<Parsed>(profile.writer_queue);
            senders.push(tx);
            let mine: HashMap<usize, Box<dyn SiteWriter>> = stores
                .iter_mut()
                .enumerate()
                .filter(|(s, _)| owner[*s] == w)
                .filter_map(|(s, store)| store.take().map(|st| (s, st)))
                .collect();
            let shared = &shared;
            writers.push(scope.spawn(move || run_writer(w, mine, rx, limits, shared)));
        }
        // Parse workers.
        for _ in 0..profile.parse_workers {
            let senders = senders.clone();
            let (order, sites, next, shared, worker_totals) =
                (&order, &sites, &next, &shared, &worker_totals);
            let (owner, cap) = (&owner, profile.max_in_flight_per_site);
            let parts_left = &parts_left;
            let queue = profile.writer_queue;
            scope.spawn(move || {
                let mut mine = WorkerTotals::default();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&(s, slice)) = order.get(i) else {
                        break;
                    };
                    let site = &sites[s];
                    // Per-site bound on devices in flight (MaxWorkersPerSite).
                    while shared.in_flight[s].load(Ordering::Acquire) >= cap {
                        std::thread::sleep(Duration::from_micros(200));
                    }
                    // A place in the site's writer queue, taken before
                    // parsing: a parsed device never waits to be queued,
                    // so its write latency is the queue ahead of it.
                    let slots = &shared.writer_slots[owner[s]];
                    slots.take(queue, &shared.writer_alive[owner[s]]);
                    let entry = site.known.get(&slice.hostname.to_lowercase());
                    let outcome =
                        process_slice(sources, normal_form, slice, rules, shared.telemetry, entry);
                    for part in &slice.parts {
                        sources[part.file].release(part.bytes.clone());
                        // The kernel maps neighbouring pages on every fault
                        // (fault-around), so reading one device maps in its
                        // file's other devices too, already released: when a
                        // file's last part is done, the whole file goes.
                        if parts_left[part.file].fetch_sub(1, Ordering::AcqRel) == 1 {
                            sources[part.file].release_all();
                        }
                    }
                    match outcome {
                        Outcome::Skipped(record) => {
                            slots.give_back(1);
                            mine.skipped += 1;
                            shared.telemetry.emit(
                                "SkippedDuplicate",
                                &SkippedDuplicate {
                                    hostname: &slice.hostname,
                                    site: &site.name,
                                    reason: "HashMatch",
                                    file_hash: &record.hash,
                                    source_length: record.source_length,
                                    last_ingested_utc: entry
                                        .map_or("", |e| e.last_ingested_utc.as_str()),
                                },
                            );
                            shared.progress.advance(&site.name);
                        }
                        Outcome::Parsed(parsed) => {
                            mine.parse.record_ms(parsed.duration_ms);
                            match parsed.result {
                                Err(reason) => {
                                    slots.give_back(1);
                                    mine.failed.push(DeviceFailure {
                                        hostname: parsed.hostname,
                                        site: parsed.site,
                                        reason,
                                    });
                                    shared.progress.advance(&site.name);
                                }
                                Ok(mut device) => {
                                    if rules.redact_secrets {
                                        mine.redacted_lines +=
                                            statetrace_parse::redact::redact_device(&mut device)
                                                as u64;
                                    }
                                    shared.in_flight[s].fetch_add(1, Ordering::AcqRel);
                                    let msg = Parsed {
                                        site: s,
                                        device,
                                        record: parsed.record,
                                        parsed_at: Instant::now(),
                                    };
                                    if let Err(lost) = senders[owner[s]].send(msg) {
                                        // Only if the writer thread is gone:
                                        // said, never silently dropped.
                                        shared.in_flight[s].fetch_sub(1, Ordering::AcqRel);
                                        slots.give_back(1);
                                        mine.failed.push(DeviceFailure {
                                            hostname: lost.0.device.hostname,
                                            site: site.name.clone(),
                                            reason: "the site's writer stopped before the device could be written".into(),
                                        });
                                    }
                                }
                            }
                        }
                    }
                }
                let mut all = worker_totals.lock().unwrap_or_else(|p| p.into_inner());
                all.skipped += mine.skipped;
                all.failed.append(&mut mine.failed);
                all.parse.merge(&mine.parse);
                all.redacted_lines += mine.redacted_lines;
            });
        }
        drop(senders);
        writers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    });
    progress.finish();

    let workers = worker_totals
        .into_inner()
        .unwrap_or_else(|p| p.into_inner());
    let mut write_latency = Samples::default();
    for w in writer_totals {
        report.devices_ok += w.stored;
        report.ports += w.ports;
        report.ports_inserted += w.inserted;
        report.ports_updated += w.updated;
        report.ports_deleted += w.deleted;
        report.history_rows += w.history_rows;
        write_latency.merge(&w.write_latency);
        for f in w.failed_sites {
            match report.failed_sites.iter_mut().find(|x| x.site == f.site) {
                Some(x) => x.devices += f.devices,
                None => report.failed_sites.push(f),
            }
        }
    }
    report.devices_skipped = workers.skipped;
    report.redacted_lines = workers.redacted_lines;
    report.failed_devices = workers.failed;
    report
        .failed_devices
        .sort_by(|a, b| (&a.site, &a.hostname).cmp(&(&b.site, &b.hostname)));
    report.failed_sites.sort_by(|a, b| a.site.cmp(&b.site));
    report.elapsed_seconds = started.elapsed().as_secs_f64();
    report.parse_p95_ms = workers.parse.percentile_ms(95.0);
    report.write_p95_ms = write_latency.percentile_ms(95.0);
    report.peak_rss_bytes = peak_rss_bytes();
    let failed_count = report.failed_devices.len() as u64
        + report.failed_sites.iter().map(|s| s.devices).sum::<u64>();
    telemetry.emit(
        "IngestRunSummary",
        &IngestRunSummary {
            device_count: report.devices,
            stored_count: report.devices_ok,
            skipped_count: report.devices_skipped,
            failed_count,
            site_count: report.sites,
            failed_site_count: report.failed_sites.len() as u64,
            bytes: report.bytes,
            elapsed_ms: report.elapsed_seconds * 1000.0,
            devices_per_second: report.devices_per_second(),
            parse_p50_ms: workers.parse.percentile_ms(50.0),
            parse_p95_ms: report.parse_p95_ms,
            parse_p99_ms: workers.parse.percentile_ms(99.0),
            write_p50_ms: write_latency.percentile_ms(50.0),
            write_p95_ms: report.write_p95_ms,
            write_p99_ms: write_latency.percentile_ms(99.0),
            peak_rss_bytes: report.peak_rss_bytes,
            parse_workers: profile.parse_workers as u64,
            writer_threads: profile.writer_threads as u64,
        },
    );
    Ok((report, profile))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_ordered_as_sqlite_nocase_indexes_sort_hostnames() {
        let mut hosts = vec![
            "wlls-b2", "WLLS-A10", "WLLS-a1", "WLLS-A1", "wlls-_x", "WLLS-Ä",
        ];
        hosts.sort_by(|a, b| index_order(a, b));
        // Letters fold to lower case, so `_` (0x5F) sorts before them, as
        // in NOCASE; non-ASCII is compared by byte; equal folds keep their
        // order.
        assert_eq!(
            hosts,
            ["wlls-_x", "WLLS-a1", "WLLS-A1", "WLLS-A10", "wlls-b2", "WLLS-Ä"]
        );
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let mut sorted: Vec<String> = conn
            .prepare("SELECT h FROM (SELECT 'wlls-b2' h UNION ALL SELECT 'WLLS-A10' UNION ALL SELECT 'WLLS-a1' UNION ALL SELECT 'wlls-_x' UNION ALL SELECT 'WLLS-Ä') ORDER BY h COLLATE NOCASE")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut ours = sorted.clone();
        ours.sort_by(|a, b| index_order(a, b));
        assert_eq!(ours, sorted);
        sorted.dedup();
        assert_eq!(sorted.len(), 5);
    }

    #[test]
    fn writers_balance_and_take_turns() {
        let a = DeviceSlice {
            hostname: "A-1".into(),
            parts: vec![],
            lines: 0,
            bytes: 0,
        };
        let sites = vec![
            Site {
                name: "A".into(),
                devices: vec![&a, &a, &a, &a],
                known: HashMap::new(),
            },
            Site {
                name: "B".into(),
                devices: vec![&a],
                known: HashMap::new(),
            },
            Site {
                name: "C".into(),
                devices: vec![&a, &a],
                known: HashMap::new(),
            },
        ];
        let owner = assign_writers(&sites, 2);
        assert_eq!(owner[0], 0, "the biggest site gets a writer of its own");
        assert_eq!((owner[1], owner[2]), (1, 1));
        let order: Vec<usize> = parse_order(&sites, &owner)
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        assert_eq!(order, [0, 1, 0, 2, 0, 2, 0], "writers take turns");
        assert_eq!(assign_writers(&sites, 1), [0, 0, 0]);
    }

    #[test]
    fn one_writers_sites_take_turns_in_runs() {
        let a = DeviceSlice {
            hostname: "A-1".into(),
            parts: vec![],
            lines: 0,
            bytes: 0,
        };
        let big = Site {
            name: "BIG".into(),
            devices: vec![&a; 2 * SITE_RUN + 3],
            known: HashMap::new(),
        };
        let small = Site {
            name: "SMALL".into(),
            devices: vec![&a; 2],
            known: HashMap::new(),
        };
        let sites = vec![big, small];
        let order: Vec<usize> = parse_order(&sites, &[0, 0])
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        let mut expected = vec![0; SITE_RUN];
        expected.extend([1, 1]);
        expected.extend(vec![0; SITE_RUN + 3]);
        assert_eq!(order, expected, "the small site's turn comes after one run");
        assert_eq!(order.len(), 2 * SITE_RUN + 5, "every device once");
    }
}
