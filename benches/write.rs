//! Database write throughput in rows/s: the SQLite backend's first write of
//! a batch of devices (diff plan, upserts, history) into a published (WAL)
//! database, the same batch as a new site's first load (built privately,
//! then published, its sync included), next to a bare
//! prepared-insert loop of the same rows into the same schema, measured in
//! the same run. The bare loop is the ceiling: what SQLite itself costs for
//! those rows with no planning, signatures or history logic. The gap
//! between the two is what the store adds.
//!
//! With `--features odbc` and the SQLite ODBC driver installed (`SQLite3`
//! in `odbcinst -q -d`), the ODBC backend is measured on the same batch.
//!
//! `cargo bench --bench write`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use rusqlite::{params, Connection};
use statetrace_model::Device;
use statetrace_store::{IngestRecord, InterfaceRow, SpanRow, SummaryRow};
use statetrace_store::{SiteStore, IF_COLS};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The binary's allocator (`src/main.rs`), so the figures are the product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Devices per batch (one site, one transaction), as the writer's batches.
const DEVICES: usize = 32;
const RUN_DATE: &str = "2026-11-22";

/// The sample corpus's Cisco, Arista and Brocade devices, cloned under new
/// hostnames of site `BENCH` until there are [`DEVICES`].
fn devices() -> Vec<Device> {
    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpora/samples");
    let paths: Vec<PathBuf> = ["cisco-access-48.log", "arista-leaf.log", "brocade-icx.log"]
        .iter()
        .map(|f| samples.join(f))
        .collect();
    let parsed = statetrace_ingest::run_parse(&paths, None).expect("samples parse");
    (0..DEVICES)
        .map(|i| {
            let mut d = parsed.devices[i % parsed.devices.len()].clone();
            d.hostname = format!("BENCH-A01-AS-{i:03}");
            d.site = "BENCH".into();
            d
        })
        .collect()
}

/// Rows a first write of `devices` creates (both current and history).
fn row_count(devices: &[Device]) -> u64 {
    devices
        .iter()
        .map(|d| {
            let span: usize = d
                .spanning_tree
                .iter()
                .map(|s| SpanRow::from_instance(s).len())
                .sum();
            // Summary and its history, each port and its history, each
            // spanning-tree row and its history, the ingestion record.
            (2 + 2 * d.ports.len() + 2 * span + 1) as u64
        })
        .sum()
}

/// A new, empty site database in its own folder (`<tag><n>`).
fn fresh_store(dir: &Path, tag: &str, n: &mut u32) -> SiteStore {
    *n += 1;
    let path = dir.join(format!("{tag}{n}/BENCH.sqlite"));
    SiteStore::open_path(&path, "BENCH", Duration::from_secs(10)).expect("store opens")
}

fn records(devices: &[Device]) -> Vec<IngestRecord> {
    devices
        .iter()
        .map(|d| IngestRecord {
            hash: format!("{:x}", d.hostname.len()),
            source_length: 1,
        })
        .collect()
}

/// The ceiling: the same rows inserted with prepared statements in one
/// transaction, no diff and no signatures.
fn bare_insert(conn: &mut Connection, devices: &[Device]) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        let mut summary = tx.prepare(
            "INSERT INTO DeviceSummary (Hostname, Make, Model, Uptime, Site, Ports, Version, Serial, LastUpdated) \
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
        )?;
        let mut summary_history = tx.prepare(
            "INSERT INTO DeviceHistory (Hostname, RunDate, Make, Model, Uptime, Site, Ports, Version, Serial) \
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
        )?;
        let mut port = tx.prepare(&format!(
            "INSERT INTO Interfaces (Hostname, {IF_COLS}, LastUpdated) \
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)"
        ))?;
        let mut port_history = tx.prepare(&format!(
            "INSERT INTO InterfaceHistory (Hostname, RunDate, {IF_COLS}, ChangeType) \
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,'added')"
        ))?;
        let mut span = tx.prepare(
            "INSERT INTO SpanInfo (Hostname, Vlan, RootSwitch, RootPort, Role, Upstream, LastUpdated, State, Cost, RootCost, Protocol) \
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
        )?;
        let mut span_history = tx.prepare(
            "INSERT INTO SpanHistory (Hostname, RunDate, Vlan, RootSwitch, RootPort, Role, Upstream, State, Cost, RootCost, Protocol) \
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
        )?;
        let mut ingest = tx.prepare(
            "INSERT INTO IngestionHistory (Hostname, Site, FileHash, SourceLength, LastIngestedUtc) VALUES (?1,?2,?3,?4,?5)",
        )?;
        for d in devices {
            let s = SummaryRow::from_device(d);
            let h = s.hostname.as_str();
            let v = params![
                h, s.make, s.model, s.uptime, s.site, s.ports, s.version, s.serial, RUN_DATE
            ];
            summary.execute(v)?;
            summary_history.execute(v)?;
            for p in &d.ports {
                let r = InterfaceRow::from_port(p);
                port.execute(params![
                    h,
                    r.port,
                    r.name,
                    r.status,
                    r.vlan,
                    r.duplex,
                    r.speed,
                    r.port_type,
                    r.learned_macs,
                    r.auth_state,
                    r.auth_mode,
                    r.auth_client_mac,
                    r.auth_template,
                    r.config,
                    r.mode,
                    r.missing_auth_cmds,
                    RUN_DATE
                ])?;
                port_history.execute(params![
                    h,
                    RUN_DATE,
                    r.port,
                    r.name,
                    r.status,
                    r.vlan,
                    r.duplex,
                    r.speed,
                    r.port_type,
                    r.learned_macs,
                    r.auth_state,
                    r.auth_mode,
                    r.auth_client_mac,
                    r.auth_template,
                    r.config,
                    r.mode,
                    r.missing_auth_cmds
                ])?;
            }
            for r in d.spanning_tree.iter().flat_map(SpanRow::from_instance) {
                span.execute(params![
                    h,
                    r.vlan,
                    r.root_switch,
                    r.root_port,
                    r.role,
                    r.upstream,
                    RUN_DATE,
                    r.state,
                    r.cost,
                    r.root_cost,
                    r.protocol
                ])?;
                span_history.execute(params![
                    h,
                    RUN_DATE,
                    r.vlan,
                    r.root_switch,
                    r.root_port,
                    r.role,
                    r.upstream,
                    r.state,
                    r.cost,
                    r.root_cost,
                    r.protocol
                ])?;
            }
            ingest.execute(params![h, s.site, "0", 1, RUN_DATE])?;
        }
    }
    tx.commit()
}

fn bench(c: &mut Criterion) {
    let devices = devices();
    let records = records(&devices);
    let items: Vec<(&Device, &IngestRecord)> = devices.iter().zip(&records).collect();
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut n = 0;
    let mut group = c.benchmark_group("write");
    group.throughput(Throughput::Elements(row_count(&devices)));
    group.sample_size(20);
    group.bench_function("sqlite/first-ingest", |b| {
        b.iter_batched(
            || fresh_store(tmp.path(), "store", &mut n),
            |mut store| store.write_batch(&items, RUN_DATE).expect("write"),
            BatchSize::PerIteration,
        )
    });
    let mut f = 0;
    group.bench_function("sqlite/first-load", |b| {
        b.iter_batched(
            || {
                f += 1;
                let path = tmp.path().join(format!("load{f}/BENCH.sqlite"));
                SiteStore::open_for_load(&path, "BENCH", Duration::from_secs(10))
                    .expect("store opens")
            },
            |mut store| {
                store.write_batch(&items, RUN_DATE).expect("write");
                store.finish().expect("publish");
            },
            BatchSize::PerIteration,
        )
    });
    let mut m = 0;
    group.bench_function("sqlite/bare-insert-ceiling", |b| {
        b.iter_batched(
            || {
                let store = fresh_store(tmp.path(), "bare", &mut m);
                let path = store.path().to_path_buf();
                drop(store);
                let conn = Connection::open(path).expect("open");
                // The store's connection settings, so only the work differs.
                conn.execute_batch(
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                )
                .expect("pragmas");
                conn
            },
            |mut conn| bare_insert(&mut conn, &devices).expect("bare insert"),
            BatchSize::PerIteration,
        )
    });
    #[cfg(feature = "odbc")]
    odbc(&mut group, tmp.path(), &items);
    group.finish();
}

#[cfg(feature = "odbc")]
fn odbc(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    dir: &Path,
    items: &[(&Device, &IngestRecord)],
) {
    use statetrace_store::odbc::{OdbcConfig, OdbcSite};
    let installed = std::process::Command::new("odbcinst")
        .args(["-q", "-d"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("[SQLite3]"));
    if !installed {
        eprintln!("write/odbc-sqlite: SKIPPED (no SQLite3 ODBC driver)");
        return;
    }
    let mut k = 0;
    group.bench_function("odbc-sqlite/first-ingest", |b| {
        b.iter_batched(
            || {
                k += 1;
                let folder = dir.join(format!("o{k}"));
                std::fs::create_dir_all(&folder).expect("folder");
                let mut config = OdbcConfig::new(format!(
                    "Driver=SQLite3;Database={}",
                    folder.join("%SITE%.sqlite").display()
                ));
                config.data_root = folder;
                OdbcSite::open(&config, "BENCH").expect("odbc site opens")
            },
            |mut site| {
                statetrace_store::SiteWriter::write_batch(&mut site, items, RUN_DATE)
                    .expect("write")
            },
            BatchSize::PerIteration,
        )
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
