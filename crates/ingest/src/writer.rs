//! Writer threads: each owns a fixed set of site databases, so every site
//! database is written by exactly one thread and writers never contend.
//!
//! A writer batches the parsed devices of a site into one transaction,
//! bounded by device count and port rows; a batch that fails fails its site (its devices are counted
//! against the site, and what the site already committed stays).

use crate::progress::Progress;
use crate::report::SiteFailure;
use crate::stats::Samples;
use crate::telemetry::{DatabaseWriteLatency, InterfaceBulkInsertTiming, RowsWritten, Telemetry};
use statetrace_model::Device;
use statetrace_store::{IngestRecord, SiteWriter};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::Receiver;
use std::time::Instant;

/// A parsed device on its way to its site's writer.
pub(crate) struct Parsed {
    /// Index of the site.
    pub(crate) site: usize,
    /// The record (already redacted).
    pub(crate) device: Device,
    /// Its ingestion record.
    pub(crate) record: IngestRecord,
    /// When parsing finished: the writer queue wait starts here.
    pub(crate) parsed_at: Instant,
}

/// Limits on one transaction.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BatchLimits {
    pub(crate) devices: usize,
    pub(crate) rows: usize,
    /// Expected write time of a batch, in milliseconds: a device's write
    /// latency includes its whole batch's commit, so batches are bounded by
    /// time as well as size.
    pub(crate) millis: f64,
}

/// The writer's running estimate of what one row costs to write, learnt
/// from its own batches (an exponentially weighted mean), so the time bound
/// holds on fast and slow disks and for light and heavy devices alike.
struct RowCost {
    ms_per_row: f64,
}

impl RowCost {
    /// A first guess on the slow side (SQLite on a laptop disk), so the
    /// first batches are small rather than long.
    const INITIAL_MS: f64 = 0.05;
    /// Weight of the newest batch.
    const ALPHA: f64 = 0.3;

    fn learn(&mut self, rows: usize, ms: f64) {
        if rows > 0 && ms.is_finite() && ms >= 0.0 {
            self.ms_per_row =
                (1.0 - Self::ALPHA) * self.ms_per_row + Self::ALPHA * ms / rows as f64;
        }
    }

    fn expected_ms(&self, rows: usize) -> f64 {
        rows as f64 * self.ms_per_row
    }
}

/// What one writer thread did.
#[derive(Default)]
pub(crate) struct WriterTotals {
    pub(crate) stored: u64,
    pub(crate) ports: u64,
    pub(crate) inserted: u64,
    pub(crate) updated: u64,
    pub(crate) deleted: u64,
    pub(crate) history_rows: u64,
    pub(crate) write_latency: Samples,
    pub(crate) failed_sites: Vec<SiteFailure>,
}

struct Batch {
    items: Vec<Parsed>,
    rows: usize,
}

/// Shared with the parse workers.
pub(crate) struct Shared<'a> {
    pub(crate) site_names: &'a [String],
    pub(crate) in_flight: &'a [AtomicUsize],
    /// The writer thread of each site.
    pub(crate) owner: &'a [usize],
    /// Per writer: devices holding a place in its queue (being parsed,
    /// queued, or being written).
    pub(crate) writer_slots: &'a [crate::slots::QueueSlots],
    /// Per writer: false once its thread has stopped (even by a panic), so
    /// workers stop waiting for places it will never free.
    pub(crate) writer_alive: &'a [AtomicBool],
    pub(crate) telemetry: &'a Telemetry,
    pub(crate) progress: &'a dyn Progress,
    pub(crate) run_date: &'a str,
}

/// Runs one writer thread until its queue closes.
///
/// Group commit: the writer takes whatever has queued, up to the batch
/// limits per site (devices, rows, and expected write time from what rows
/// have cost so far), and writes it as soon as the queue runs dry. Under
/// load batches grow (fewer commits per device); when the queue is short a
/// device is written at once, so batching never adds waiting of its own.
pub(crate) fn run_writer(
    index: usize,
    mut stores: HashMap<usize, Box<dyn SiteWriter>>,
    rx: Receiver<Parsed>,
    limits: BatchLimits,
    shared: &Shared<'_>,
) -> WriterTotals {
    /// Marks the writer stopped however it stops.
    struct Stopped<'s>(&'s AtomicBool);
    impl Drop for Stopped<'_> {
        fn drop(&mut self) {
            self.0.store(false, Ordering::Release);
        }
    }
    let _stopped = Stopped(&shared.writer_alive[index]);
    let mut totals = WriterTotals::default();
    let mut batches: HashMap<usize, Batch> = HashMap::new();
    let mut cost = RowCost {
        ms_per_row: RowCost::INITIAL_MS,
    };
    while let Ok(first) = rx.recv() {
        let mut next = Some(first);
        while let Some(parsed) = next.take() {
            let site = parsed.site;
            let batch = batches.entry(site).or_insert_with(|| Batch {
                items: Vec::new(),
                rows: 0,
            });
            batch.rows += parsed.device.ports.len() + 1;
            batch.items.push(parsed);
            if batch.items.len() >= limits.devices
                || batch.rows >= limits.rows
                || cost.expected_ms(batch.rows) >= limits.millis
            {
                let batch = batches.remove(&site).expect("batch just filled");
                flush(site, batch, &mut stores, shared, &mut totals, &mut cost);
            }
            next = rx.try_recv().ok();
        }
        let mut ready: Vec<_> = batches.drain().collect();
        ready.sort_by_key(|(s, _)| *s);
        for (site, batch) in ready {
            flush(site, batch, &mut stores, shared, &mut totals, &mut cost);
        }
    }
    // Closing a database copies the rest of its WAL in and syncs, and
    // finishing a new one publishes it: the writer's sites close side by
    // side, so the run's tail does not grow with the number of sites.
    let closed: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = stores
            .into_iter()
            .map(|(site, store)| {
                let unpublished = store.unpublished_devices();
                (site, unpublished, scope.spawn(move || store.finish()))
            })
            .collect();
        handles
            .into_iter()
            .map(|(site, unpublished, h)| {
                let finished = h.join().unwrap_or_else(|_| {
                    Err(statetrace_store::StoreError::new(
                        &shared.site_names[site],
                        "(closing)",
                        "the thread closing the database panicked",
                    ))
                });
                (site, unpublished, finished)
            })
            .collect()
    });
    for (site, unpublished, finished) in closed {
        if let Err(e) = finished {
            lose_unpublished(&mut totals, &shared.site_names[site], &e, unpublished);
        }
    }
    totals
}

/// Accounts for a new site database that could not be published: the
/// devices it held were counted as stored when their batches committed to
/// the private file, and are not.
fn lose_unpublished(
    totals: &mut WriterTotals,
    site: &str,
    error: &statetrace_store::StoreError,
    devices: u64,
) {
    totals.stored = totals.stored.saturating_sub(devices);
    match totals.failed_sites.iter_mut().find(|f| f.site == site) {
        Some(f) => {
            f.devices += devices;
            f.reason = format!("{}; {error}", f.reason);
        }
        None => totals.failed_sites.push(SiteFailure {
            site: site.to_string(),
            reason: error.to_string(),
            devices,
        }),
    }
}

/// Writes one site's batch in one transaction and accounts for it.
fn flush(
    site: usize,
    batch: Batch,
    stores: &mut HashMap<usize, Box<dyn SiteWriter>>,
    shared: &Shared<'_>,
    totals: &mut WriterTotals,
    cost: &mut RowCost,
) {
    let name = &shared.site_names[site];
    let count = batch.items.len();
    let release = |n: usize| {
        shared.in_flight[site].fetch_sub(n, Ordering::AcqRel);
        shared.writer_slots[shared.owner[site]].give_back(n);
        for _ in 0..n {
            shared.progress.advance(name);
        }
    };
    let Some(store) = stores.get_mut(&site) else {
        // The site failed earlier: its devices count against it.
        if let Some(f) = totals.failed_sites.iter_mut().find(|f| &f.site == name) {
            f.devices += count as u64;
        }
        release(count);
        return;
    };
    let picked_up = Instant::now();
    let items: Vec<(&Device, &IngestRecord)> =
        batch.items.iter().map(|p| (&p.device, &p.record)).collect();
    let outcome = store.write_batch(&items, shared.run_date);
    let stage_ms = outcome
        .as_ref()
        .map_or(0.0, |o| o.stage.as_secs_f64() * 1000.0);
    let commit_ms = outcome
        .as_ref()
        .map_or(0.0, |o| o.commit.as_secs_f64() * 1000.0);
    match outcome {
        Ok(outcome) => {
            let write_ms = stage_ms + commit_ms;
            cost.learn(batch.rows, write_ms);
            let mut rows = 0;
            for (parsed, stats) in batch.items.iter().zip(&outcome.stats) {
                let d = &parsed.device;
                let wait_ms = picked_up
                    .saturating_duration_since(parsed.parsed_at)
                    .as_secs_f64()
                    * 1000.0;
                totals.stored += 1;
                totals.ports += d.ports.len() as u64;
                totals.inserted += stats.inserted;
                totals.updated += stats.updated;
                totals.deleted += stats.deleted;
                totals.history_rows += stats.history_rows;
                totals.write_latency.record_ms(wait_ms + write_ms);
                rows += stats.inserted + stats.updated + stats.deleted;
                shared.telemetry.emit(
                    "RowsWritten",
                    &RowsWritten {
                        hostname: &d.hostname,
                        site: name,
                        run_date: shared.run_date,
                        rows: stats.inserted + stats.updated,
                        deleted_rows: stats.deleted,
                        inserted_count: stats.inserted,
                        updated_count: stats.updated,
                        unchanged_count: stats.unchanged,
                        history_count: stats.history_rows,
                    },
                );
                shared.telemetry.emit(
                    "DatabaseWriteLatency",
                    &DatabaseWriteLatency {
                        hostname: &d.hostname,
                        site: name,
                        wait_ms,
                        commit_ms: write_ms,
                        latency_ms: wait_ms + write_ms,
                        batch_devices: count as u64,
                    },
                );
            }
            shared.telemetry.emit(
                "InterfaceBulkInsertTiming",
                &InterfaceBulkInsertTiming {
                    site: name,
                    device_count: count as u64,
                    rows,
                    stage_ms,
                    commit_ms,
                    success: true,
                },
            );
            let unpublished = store.unpublished_devices();
            if unpublished >= statetrace_store::create::LOAD_LIMIT {
                if let Err(e) = store.publish() {
                    stores.remove(&site);
                    lose_unpublished(totals, name, &e, unpublished);
                }
            }
        }
        Err(e) => {
            shared.telemetry.emit(
                "InterfaceBulkInsertTiming",
                &InterfaceBulkInsertTiming {
                    site: name,
                    device_count: count as u64,
                    rows: 0,
                    stage_ms,
                    commit_ms,
                    success: false,
                },
            );
            totals.failed_sites.push(SiteFailure {
                site: name.clone(),
                reason: e.to_string(),
                devices: count as u64,
            });
            // What the site committed before stays: a new database is
            // published with it. Unless the failure took earlier batches
            // of a first load with it.
            if let Some(store) = stores.remove(&site) {
                let lost = store.lost_devices();
                if lost > 0 {
                    let why = statetrace_store::StoreError::new(
                        name,
                        store.location(),
                        format!(
                            "the failure rolled back the first load's open transaction: \
                             {lost} devices written before it are not stored"
                        ),
                    );
                    lose_unpublished(totals, name, &why, lost);
                }
                let unpublished = store.unpublished_devices();
                if let Err(e) = store.finish() {
                    lose_unpublished(totals, name, &e, unpublished);
                }
            }
        }
    }
    release(count);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_cost_follows_what_batches_took() {
        let mut cost = RowCost {
            ms_per_row: RowCost::INITIAL_MS,
        };
        // Fast rows: the estimate falls toward 0.01 ms a row.
        for _ in 0..30 {
            cost.learn(1000, 10.0);
        }
        assert!((cost.ms_per_row - 0.01).abs() < 1e-3, "{}", cost.ms_per_row);
        assert!((cost.expected_ms(500) - 5.0).abs() < 0.5);
        // A slow batch raises it at once, by its weight.
        cost.learn(100, 100.0);
        assert!(cost.ms_per_row > 0.3, "{}", cost.ms_per_row);
        // Nothing learnt from empty or nonsense batches.
        let before = cost.ms_per_row;
        cost.learn(0, 5.0);
        cost.learn(10, f64::NAN);
        cost.learn(10, -1.0);
        assert_eq!(cost.ms_per_row, before);
    }

    #[test]
    fn an_unpublished_load_that_is_lost_is_taken_off_the_stored_count() {
        let mut totals = WriterTotals {
            stored: 10,
            ..WriterTotals::default()
        };
        let e = statetrace_store::StoreError::new("WLLS", "x", "cannot publish");
        lose_unpublished(&mut totals, "WLLS", &e, 4);
        assert_eq!(totals.stored, 6);
        assert_eq!(totals.failed_sites.len(), 1);
        assert_eq!(totals.failed_sites[0].devices, 4);
        // A site that failed already keeps one entry, with both reasons.
        lose_unpublished(&mut totals, "WLLS", &e, 2);
        assert_eq!(totals.failed_sites.len(), 1);
        assert_eq!(totals.failed_sites[0].devices, 6);
        assert!(totals.failed_sites[0].reason.contains("; "));
        assert_eq!(totals.stored, 4);
    }
}
