//! `cargo xtask loadtest`: ingest with many concurrent workers while reader
//! threads query every site database the way an operator's UI does, then
//! check that nothing contended and nothing was lost.
//!
//! Two runs on the same data root: day 1 (every device new) and day 2 (the
//! next-day variant: most devices unchanged and skipped, the rest updated).
//! For each it reports:
//!
//! * busy / lock errors and retries, on the writers' side (sites or devices
//!   that failed) and the readers' side (queries that met `SQLITE_BUSY` or
//!   `SQLITE_LOCKED`: readers run with no busy timeout, so any wait for a
//!   lock shows up as an error and a retry instead of hiding in a timeout);
//!   the readers take turns on their first read of a newly found database,
//!   because two connections opening a WAL database that no connection has
//!   open race each other to rebuild its WAL index (`SQLITE_BUSY_RECOVERY`
//!   for the loser), a wait between two readers that no worker caused and a
//!   UI's busy timeout absorbs; that first read still counts any wait a
//!   worker causes;
//! * rows lost or extra: every table of every site database against the
//!   rows the corpus manifest says the day must leave, exactly;
//! * reader query latency (p95, max) and the ingest's throughput.
//!
//! Any busy error, retry, failed device or row difference fails the task.

use crate::harness::{self, Run};
use anyhow::{bail, Context, Result};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use statetrace_ingest::stats::Samples;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Options of a load test.
#[derive(Debug, Clone)]
pub struct Options {
    /// Parse workers (`--workers`).
    pub workers: usize,
    /// Reader threads.
    pub readers: usize,
    /// Corpus profile.
    pub profile: String,
    /// Resize the profile to this many devices.
    pub devices: Option<u64>,
}

/// What one day's run under load showed.
#[derive(Debug, Clone)]
pub struct DayResult {
    /// 1 or 2.
    pub day: u32,
    /// Devices in the day's corpus.
    pub devices: u64,
    /// Devices skipped as unchanged.
    pub skipped: u64,
    /// Ingest throughput (devices per second of the run).
    pub devices_per_s: f64,
    /// Sites and devices the writers failed, with reasons.
    pub writer_failures: Vec<String>,
    /// Reader queries that met a busy or locked database.
    pub reader_busy: u64,
    /// Reader queries retried after such an error.
    pub reader_retries: u64,
    /// Those errors by SQLite extended result code (5 busy, 261 busy
    /// recovery, 517 busy snapshot, 6 locked).
    pub reader_busy_codes: std::collections::BTreeMap<i32, u64>,
    /// Other reader errors.
    pub reader_errors: Vec<String>,
    /// Reader queries run.
    pub reader_queries: u64,
    /// Reader query latency p95 and max, ms.
    pub reader_p95_ms: f64,
    /// Reader query latency max, ms.
    pub reader_max_ms: f64,
    /// Tables whose rows differ from the manifest: (table, expected, stored).
    pub row_differences: Vec<(String, u64, u64)>,
    /// The run itself.
    pub run: Run,
}

impl DayResult {
    /// True when nothing contended, failed or went missing.
    pub fn passed(&self) -> bool {
        self.writer_failures.is_empty()
            && self.reader_busy == 0
            && self.reader_retries == 0
            && self.reader_errors.is_empty()
            && self.row_differences.is_empty()
    }
}

/// `cargo xtask loadtest [--workers N] [--readers N] [--profile P] [--devices N]`.
pub fn loadtest(args: &[String]) -> Result<()> {
    let mut o = Options {
        workers: 8,
        readers: 4,
        profile: "site".into(),
        devices: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().with_context(|| format!("{a} takes a value"));
        match a.as_str() {
            "--workers" => o.workers = value()?.parse().context("--workers")?,
            "--readers" => o.readers = value()?.parse().context("--readers")?,
            "--profile" => o.profile = value()?.clone(),
            "--devices" => o.devices = Some(value()?.parse().context("--devices")?),
            other => bail!(
                "unknown option {other:?}\nusage: cargo xtask loadtest [--workers N] [--readers N] [--profile P] [--devices N]"
            ),
        }
    }
    let results = run(&o)?;
    print(&o, &results);
    if results.iter().all(DayResult::passed) {
        println!("loadtest: PASS");
        Ok(())
    } else {
        bail!("loadtest: FAIL (contention, errors or lost rows; see above)")
    }
}

/// Runs both days under load and returns what they showed.
pub fn run(o: &Options) -> Result<Vec<DayResult>> {
    let corpora = harness::corpus(&o.profile, o.devices, None)?;
    let written = corpora.first().context("the profile wrote no corpus")?;
    if written.manifest.days.len() < 2 {
        bail!(
            "profile {} has no next day to load-test incrementally",
            o.profile
        );
    }
    let bin = harness::release_binary()?;
    let scratch = harness::scratch(&format!("loadtest-{}", o.profile))?;
    let data = scratch.join("Data");
    // Readers run through both days, as an operator's UI stays open while
    // the nightly and the next day's ingests run; `day` tells them which
    // day's totals to add to.
    let day = AtomicU32::new(1);
    let stop = AtomicBool::new(false);
    let first_reads = Mutex::new(());
    let mut runs = Vec::new();
    let readers: Vec<[ReaderTotals; 2]> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..o.readers)
            .map(|r| {
                let (data, stop, day, first_reads) = (&data, &stop, &day, &first_reads);
                scope.spawn(move || read_until(data, stop, day, first_reads, r as u64))
            })
            .collect();
        for d in [1, 2] {
            day.store(d, Ordering::Release);
            let logs = scratch.join(format!("Logs-day{d}"));
            let run = harness::day_dir(written, d)
                .and_then(|input| harness::ingest(&bin, &input, &data, &logs, Some(o.workers)));
            // What the day left, read before the next day starts.
            let rows = run.is_ok().then(|| harness::stored_rows(&data)).transpose();
            runs.push((d, run, rows));
        }
        stop.store(true, Ordering::Release);
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut results = Vec::new();
    for (d, run, rows) in runs {
        let run = run?;
        let stored = rows?.unwrap_or_default();
        let expected = harness::expected_after(&written.manifest, d)?;
        let i = (d - 1) as usize;
        let mut latency = Samples::default();
        let (mut busy, mut retries, mut queries, mut errors) = (0, 0, 0, Vec::new());
        let mut codes = std::collections::BTreeMap::new();
        for r in readers.iter().map(|r| &r[i]) {
            for (c, n) in &r.busy_codes {
                *codes.entry(*c).or_default() += n;
            }
            latency.merge(&r.latency);
            busy += r.busy;
            retries += r.retries;
            queries += r.queries;
            errors.extend(r.errors.iter().cloned());
        }
        let s = &run.summary;
        let mut writer_failures: Vec<String> = Vec::new();
        for f in s["failed_sites"].as_array().into_iter().flatten() {
            writer_failures.push(format!("site {}: {}", f["site"], f["reason"]));
        }
        for f in s["failed_devices"].as_array().into_iter().flatten() {
            writer_failures.push(format!("device {}: {}", f["hostname"], f["reason"]));
        }
        results.push(DayResult {
            day: d,
            devices: s["devices"].as_u64().unwrap_or(0),
            skipped: s["devices_skipped"].as_u64().unwrap_or(0),
            devices_per_s: run.devices_per_s(),
            writer_failures,
            reader_busy: busy,
            reader_retries: retries,
            reader_busy_codes: codes,
            reader_errors: errors,
            reader_queries: queries,
            reader_p95_ms: latency.percentile_ms(95.0),
            reader_max_ms: latency.max_ms(),
            row_differences: harness::row_differences(&expected, &stored),
            run,
        });
    }
    Ok(results)
}

fn print(o: &Options, results: &[DayResult]) {
    println!(
        "\nloadtest: profile {}, {} workers, {} readers, machine: {}",
        o.profile,
        o.workers,
        o.readers,
        crate::machine::summary(&crate::machine::describe())
    );
    println!(
        "{:<5} {:>8} {:>8} {:>10} {:>9} {:>9} {:>8} {:>8} {:>9} {:>9} {:>6}",
        "day",
        "devices",
        "skipped",
        "devices/s",
        "writer",
        "queries",
        "busy",
        "retries",
        "read p95",
        "read max",
        "rows"
    );
    for r in results {
        println!(
            "{:<5} {:>8} {:>8} {:>10.0} {:>9} {:>9} {:>8} {:>8} {:>7.2}ms {:>7.2}ms {:>6}",
            r.day,
            r.devices,
            r.skipped,
            r.devices_per_s,
            if r.writer_failures.is_empty() {
                "ok".to_string()
            } else {
                format!("{} failed", r.writer_failures.len())
            },
            r.reader_queries,
            r.reader_busy,
            r.reader_retries,
            r.reader_p95_ms,
            r.reader_max_ms,
            if r.row_differences.is_empty() {
                "exact"
            } else {
                "DIFFER"
            }
        );
        for f in &r.writer_failures {
            println!("  day {}: writer: {f}", r.day);
        }
        if !r.reader_busy_codes.is_empty() {
            println!(
                "  day {}: reader busy errors by SQLite code: {:?}",
                r.day, r.reader_busy_codes
            );
        }
        for e in r.reader_errors.iter().take(10) {
            println!("  day {}: reader: {e}", r.day);
        }
        for (t, e, s) in &r.row_differences {
            println!("  day {}: {t}: expected {e} rows, stored {s}", r.day);
        }
    }
}

#[derive(Default)]
struct ReaderTotals {
    queries: u64,
    busy: u64,
    /// Busy errors by SQLite extended result code.
    busy_codes: std::collections::BTreeMap<i32, u64>,
    retries: u64,
    errors: Vec<String>,
    latency: Samples,
}

/// The operator's screens: host list, a host's interfaces, its last five
/// changes, a VLAN filter, its spanning tree.
const QUERIES: &[&str] = &[
    "SELECT Hostname, Make, Model, Version, Ports, LastUpdated FROM DeviceSummary ORDER BY Hostname",
    "SELECT Port, Name, Status, VLAN, Duplex, Speed, LearnedMACs, AuthState, AuthTemplate FROM Interfaces WHERE Hostname = ?1 ORDER BY Port",
    "SELECT RunDate, Port, Status, VLAN, ChangeType FROM InterfaceHistory WHERE Hostname = ?1 ORDER BY RunDate DESC, ID DESC LIMIT 5",
    "SELECT Hostname, Port FROM Interfaces WHERE VLAN = (SELECT VLAN FROM Interfaces WHERE Hostname = ?1 AND VLAN IS NOT NULL LIMIT 1)",
    "SELECT Vlan, RootSwitch, RootPort, Role, State FROM SpanInfo WHERE Hostname = ?1",
];

/// Pause between an operator's screens: a UI asks, shows, and asks again;
/// it does not spin.
const THINK: Duration = Duration::from_millis(5);

/// Queries every site database in turn until `stop`, counting what it met.
/// Like a UI, a reader keeps one connection per site open once the site
/// exists. Its first read of a site holds `first_reads`, so that readers
/// never race each other to rebuild the WAL index of a database nobody had
/// open (see the module documentation).
fn read_until(
    data: &Path,
    stop: &AtomicBool,
    day: &AtomicU32,
    first_reads: &Mutex<()>,
    seed: u64,
) -> [ReaderTotals; 2] {
    let mut totals: [ReaderTotals; 2] = Default::default();
    let mut n = seed;
    let mut open: std::collections::BTreeMap<PathBuf, Connection> = Default::default();
    while !stop.load(Ordering::Acquire) {
        let t = &mut totals[(day.load(Ordering::Acquire).clamp(1, 2) - 1) as usize];
        for db in harness::site_databases(data).unwrap_or_default() {
            if let std::collections::btree_map::Entry::Vacant(slot) = open.entry(db.clone()) {
                let first_read = |c: Connection| {
                    let _turn = first_reads.lock().unwrap_or_else(|e| e.into_inner());
                    query(&c, t, |c| {
                        c.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0))
                    })?;
                    Ok::<_, anyhow::Error>(c)
                };
                match connect(&db).and_then(first_read) {
                    Ok(c) => {
                        slot.insert(c);
                    }
                    Err(e) => t.errors.push(format!("{}: {e:#}", db.display())),
                }
            }
        }
        if open.is_empty() {
            std::thread::sleep(THINK);
            continue;
        }
        for (db, conn) in &open {
            if stop.load(Ordering::Acquire) {
                break;
            }
            n = n
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            if let Err(e) = read_site(conn, n, t) {
                t.errors.push(format!("{}: {e:#}", db.display()));
            }
            std::thread::sleep(THINK);
        }
    }
    totals
}

fn connect(db: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // No busy timeout: a lock wait surfaces as an error to count.
    conn.busy_timeout(Duration::ZERO)?;
    Ok(conn)
}

fn read_site(conn: &Connection, pick: u64, t: &mut ReaderTotals) -> Result<()> {
    let hosts: Vec<String> = query(conn, t, |c| {
        let mut st = c.prepare_cached("SELECT Hostname FROM DeviceSummary")?;
        let rows = st.query_map([], |r| r.get(0))?;
        rows.collect()
    })?;
    let Some(host) = hosts
        .get((pick >> 33) as usize % hosts.len().max(1))
        .cloned()
    else {
        return Ok(());
    };
    for (i, sql) in QUERIES.iter().enumerate() {
        query(conn, t, |c| {
            let mut st = c.prepare_cached(sql)?;
            let n = if i == 0 {
                st.query_map([], |_| Ok(()))?.count()
            } else {
                st.query_map([&host], |_| Ok(()))?.count()
            };
            Ok(n)
        })?;
    }
    Ok(())
}

/// Runs one query, timing it; a busy or locked database is counted and the
/// query retried (up to three times).
fn query<T>(
    conn: &Connection,
    t: &mut ReaderTotals,
    f: impl Fn(&Connection) -> rusqlite::Result<T>,
) -> Result<T> {
    let mut attempt = 0;
    loop {
        let started = Instant::now();
        match f(conn) {
            Ok(v) => {
                t.queries += 1;
                t.latency
                    .record_ms(started.elapsed().as_secs_f64() * 1000.0);
                return Ok(v);
            }
            Err(rusqlite::Error::SqliteFailure(e, msg))
                if matches!(e.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) =>
            {
                t.busy += 1;
                *t.busy_codes.entry(e.extended_code).or_default() += 1;
                attempt += 1;
                if attempt > 3 {
                    return Err(anyhow::anyhow!(
                        "busy after 3 retries: {} (extended code {})",
                        msg.unwrap_or_default(),
                        e.extended_code
                    ));
                }
                t.retries += 1;
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(e) => return Err(e).context("query"),
        }
    }
}
