//! The concurrency profile: how many parse workers and site writers a run
//! uses, from the CPU count, the corpus and `ParserSettings`.
//!
//! The original's setting keys keep their names; what they cap here:
//!
//! | key | caps | automatic (0) |
//! |---|---|---|
//! | `MaxRunspaceCeiling` | parse workers | the CPU count |
//! | `MinRunspaceCount` | floor on parse workers | 1 |
//! | `MaxActiveSites` | writer threads (site databases written at once) | the CPU count |
//! | `MaxWorkersPerSite` | devices of one site in flight (parsed, not yet written) | 4 × `JobsPerThread` |
//! | `JobsPerThread` | parsed devices queued per parse worker before it waits | 4 |
//!
//! `AutoScaleConcurrency: false` with a positive `MaxRunspaceCeiling` uses
//! exactly that many workers; `--workers N` overrides everything. Workers
//! never exceed the number of devices, writers never exceed the number of
//! sites. Each site database is written by exactly one writer thread, so
//! two writers never contend for one database, by construction.

use crate::settings::ParserSettings;
use serde::Serialize;

/// The most parsed devices one writer's queue holds (a few tens of MB for
/// 48-port devices with their configuration text).
const MAX_WRITER_QUEUE: usize = 256;

/// Expected write time of one transaction: small against the 20 ms write
/// latency target, large enough that a commit serves several devices.
const BATCH_MILLIS: u64 = 5;

/// The resolved profile (emitted as `ConcurrencyProfileResolved`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConcurrencyProfile {
    /// CPUs available to the process.
    pub cpu_count: usize,
    /// Devices in the corpus.
    pub device_count: usize,
    /// Sites in the corpus.
    pub site_count: usize,
    /// Parse workers.
    pub parse_workers: usize,
    /// Writer threads.
    pub writer_threads: usize,
    /// Parsed devices a worker may queue before it waits.
    pub jobs_per_thread: usize,
    /// Devices of one site in flight at most.
    pub max_in_flight_per_site: usize,
    /// Devices per write transaction at most.
    pub batch_devices: usize,
    /// Port rows per write transaction at most.
    pub batch_rows: usize,
    /// Expected write time per transaction at most, in milliseconds (the
    /// writer learns what a row costs as it goes).
    pub batch_millis: u64,
    /// Parsed devices a writer's queue holds before workers wait
    /// (`JobsPerThread` per parse worker), bounded so memory stays flat and
    /// a device's wait for its writer stays short.
    pub writer_queue: usize,
    /// `Override` (`--workers`), `Settings` or `AutoScale`.
    pub decision_source: &'static str,
}

/// Resolves the profile. `workers` is the `--workers` override.
pub fn resolve(
    settings: &ParserSettings,
    cpus: usize,
    devices: usize,
    sites: usize,
    workers: Option<usize>,
) -> ConcurrencyProfile {
    let cpus = cpus.max(1);
    let cap = |value: usize, limit: u32| {
        if limit > 0 {
            value.min(limit as usize)
        } else {
            value
        }
    };
    let (mut parse_workers, decision_source) = match workers {
        Some(n) => (n.max(1), "Override"),
        None if !settings.auto_scale_concurrency && settings.max_runspace_ceiling > 0 => {
            (settings.max_runspace_ceiling as usize, "Settings")
        }
        None => (cap(cpus, settings.max_runspace_ceiling), "AutoScale"),
    };
    if workers.is_none() {
        let floor = settings.min_runspace_count as usize;
        if floor > parse_workers
            && (settings.max_runspace_ceiling == 0
                || floor <= settings.max_runspace_ceiling as usize)
        {
            parse_workers = floor;
        }
    }
    let parse_workers = parse_workers.clamp(1, devices.max(1));
    // Writing costs more than parsing (every port is an indexed row, and its
    // history another), so writers get a thread per CPU like the parsers.
    let writer_threads = cap(cpus, settings.max_active_sites).clamp(1, sites.max(1));
    let jobs_per_thread = if settings.jobs_per_thread > 0 {
        settings.jobs_per_thread as usize
    } else {
        4
    };
    let max_in_flight_per_site = if settings.max_workers_per_site > 0 {
        settings.max_workers_per_site as usize
    } else {
        4 * jobs_per_thread
    };
    // A parsed device waits behind everything queued before it, and its
    // write latency counts that wait: the queue holds a few devices per
    // worker (enough that the writer never starves while workers parse),
    // not a batch per site.
    let writer_queue =
        (jobs_per_thread * parse_workers / writer_threads).clamp(2, MAX_WRITER_QUEUE);
    ConcurrencyProfile {
        cpu_count: cpus,
        device_count: devices,
        site_count: sites,
        parse_workers,
        writer_threads,
        jobs_per_thread,
        max_in_flight_per_site,
        batch_devices: 32,
        batch_rows: 4096,
        batch_millis: BATCH_MILLIS,
        writer_queue,
        decision_source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s() -> ParserSettings {
        ParserSettings::default()
    }

    #[test]
    fn automatic_uses_every_cpu_for_parsers_and_writers() {
        let p = resolve(&s(), 8, 1000, 40, None);
        assert_eq!(
            (p.parse_workers, p.writer_threads, p.decision_source),
            (8, 8, "AutoScale")
        );
        assert_eq!((p.jobs_per_thread, p.max_in_flight_per_site), (4, 16));
    }

    #[test]
    fn writer_queues_hold_a_few_devices_per_worker() {
        // 2 workers x 4 jobs shared by 2 writers: 4 queued per writer.
        let p = resolve(&s(), 2, 1000, 8, None);
        assert_eq!(p.writer_queue, 4);
        // Never below 2, so a writer always has the next device ready.
        let one = ParserSettings {
            jobs_per_thread: 1,
            ..s()
        };
        assert_eq!(resolve(&one, 8, 1000, 40, None).writer_queue, 2);
        // Never unbounded.
        let many = ParserSettings {
            jobs_per_thread: 1000,
            ..s()
        };
        assert_eq!(
            resolve(&many, 64, 100_000, 1, None).writer_queue,
            MAX_WRITER_QUEUE
        );
        assert_eq!(p.batch_millis, BATCH_MILLIS);
    }

    #[test]
    fn small_corpora_and_single_sites_bound_the_profile() {
        let p = resolve(&s(), 8, 3, 1, None);
        assert_eq!((p.parse_workers, p.writer_threads), (3, 1));
        let p = resolve(&s(), 0, 0, 0, None);
        assert_eq!((p.cpu_count, p.parse_workers, p.writer_threads), (1, 1, 1));
    }

    #[test]
    fn positive_settings_cap_and_override_wins() {
        let settings = ParserSettings {
            max_runspace_ceiling: 2,
            max_active_sites: 1,
            max_workers_per_site: 3,
            jobs_per_thread: 2,
            ..s()
        };
        let p = resolve(&settings, 8, 100, 10, None);
        assert_eq!(
            (
                p.parse_workers,
                p.writer_threads,
                p.max_in_flight_per_site,
                p.jobs_per_thread
            ),
            (2, 1, 3, 2)
        );
        let p = resolve(&settings, 8, 100, 10, Some(6));
        assert_eq!((p.parse_workers, p.decision_source), (6, "Override"));
        let fixed = ParserSettings {
            auto_scale_concurrency: false,
            max_runspace_ceiling: 5,
            ..s()
        };
        assert_eq!(resolve(&fixed, 2, 100, 10, None).parse_workers, 5);
        assert_eq!(
            resolve(&fixed, 2, 100, 10, None).decision_source,
            "Settings"
        );
    }

    #[test]
    fn min_runspaces_is_a_floor_within_the_ceiling() {
        let settings = ParserSettings {
            min_runspace_count: 6,
            ..s()
        };
        assert_eq!(resolve(&settings, 2, 100, 10, None).parse_workers, 6);
        let capped = ParserSettings {
            min_runspace_count: 6,
            max_runspace_ceiling: 4,
            ..s()
        };
        assert_eq!(resolve(&capped, 2, 100, 10, None).parse_workers, 2);
    }
}
