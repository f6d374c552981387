//! Storage conformance: the same ingests through every backend must leave
//! identical table contents.
//!
//! The reference is the embedded SQLite store. Each ODBC backend (SQLite
//! through sqliteodbc, PostgreSQL through psqlODBC; parameter arrays and
//! forced row-by-row) ingests the same devices three times: the parsed
//! sample corpus plus a synthetic device, then a changed copy (ports
//! changed, removed, added, a port whose name changed case, a summary and a
//! spanning-tree change), then the changed copy again (nothing to record).
//! Every table and column of the schema is compared, ignoring only the
//! auto-increment IDs (a shared PostgreSQL database numbers rows across
//! sites), and so are the write statistics of every device.
//!
//! Drivers missing: each test prints `SKIPPED: ...` and passes, unless
//! `STATETRACE_REQUIRE_ODBC` is set (CI sets it once the drivers are
//! installed), which turns a skip into a failure. PostgreSQL runs when
//! `STATETRACE_TEST_PG_ODBC` holds a connection string.
#![cfg(feature = "odbc")]

use bumpalo::Bump;
use statetrace_model::{
    AuthState, AuthTemplate, Device, Port, PortMode, SpanInstance, SpanPort, Vendor,
};
use statetrace_store::odbc::{Binding, DialectKind, OdbcConfig, OdbcSite};
use statetrace_store::{IngestRecord, SiteStore, SiteWriter, WriteStats};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const TABLES: [&str; 8] = [
    "SchemaVersion",
    "DeviceSummary",
    "Interfaces",
    "DeviceHistory",
    "InterfaceHistory",
    "SpanInfo",
    "SpanHistory",
    "IngestionHistory",
];

const SQLITE_DRIVER: &str = "SQLite3";
const PG_DRIVER: &str = "PostgreSQL Unicode";
const PG_ENV: &str = "STATETRACE_TEST_PG_ODBC";

/// Every value of a table, by column name; rows sorted.
type Table = (Vec<String>, Vec<Vec<Option<String>>>);

// ---------------------------------------------------------------- devices

/// The parsed devices of `corpora/samples/*.log`.
fn sample_devices() -> Vec<Device> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .collect();
    files.sort();
    let sources: Vec<_> = files
        .iter()
        .map(|f| statetrace_parse::input::Source::open(f).unwrap())
        .collect();
    let splits: Vec<_> = sources
        .iter()
        .map(|s| statetrace_parse::split::split_file(s.bytes()))
        .collect();
    let arena = Bump::new();
    let mut devices = Vec::new();
    for slice in statetrace_parse::split::group_devices(&splits) {
        let lines = statetrace_parse::slice::device_lines(&sources, &slice, &arena);
        let text = statetrace_parse::DeviceText::new(lines);
        devices.push(
            statetrace_parse::parse_device(&slice.hostname, &text, None)
                .unwrap()
                .device,
        );
    }
    assert!(
        devices.len() >= 4,
        "the sample corpus parses to {} devices",
        devices.len()
    );
    assert!(devices.iter().all(|d| !d.ports.is_empty()));
    devices
}

/// A device with what the samples lack: non-ASCII text, a configuration
/// longer than any short-text buffer, NULL and 0 VLANs, duplicate ports,
/// and more ports than a batch holds.
fn synthetic_device() -> Device {
    let mut d = Device::new("WLLS-Z99-AS-09");
    d.vendor = Some(Vendor::Cisco);
    d.model = Some("C9300-48P".into());
    d.version = Some("17.9.4".into());
    d.uptime = Some("1 week, 2 days".into());
    d.location = Some("Bâtiment Ω – Étage 3".into());
    d.auth_block = vec!["aaa new-model".into(), "dot1x system-auth-control".into()];
    let long_config: String = (0..400)
        .map(|i| format!(" description line {i} with ünïcödé ✓\n"))
        .collect();
    for i in 1..=60u32 {
        d.ports.push(Port {
            port: format!("Gi1/0/{i}"),
            name: Some(format!("Büro {i} – Raum ✓")),
            status: Some(
                if i % 3 == 0 {
                    "notconnect"
                } else {
                    "connected"
                }
                .into(),
            ),
            vlan: match i % 10 {
                0 => None,
                1 => Some(0),
                _ => Some(100 + i),
            },
            mode: Some(if i % 10 == 0 {
                PortMode::Trunk
            } else {
                PortMode::Access
            }),
            duplex: Some("a-full".into()),
            speed: Some("a-1000".into()),
            port_type: Some("10/100/1000BaseTX".into()),
            learned_macs: (0..i % 4)
                .map(|m| format!("0011.22{m:02x}.{i:04x}"))
                .collect(),
            auth_state: (i % 2 == 0).then_some(AuthState::Authorized),
            auth_mode: Some("multi-auth".into()),
            auth_client_mac: Some(format!("aabb.cc00.{i:04x}")),
            auth_template: Some(AuthTemplate::Flexible),
            missing_auth_cmds: if i % 5 == 0 {
                vec!["mab".into(), "dot1x pae authenticator".into()]
            } else {
                vec![]
            },
            config: Some(if i == 7 {
                long_config.clone()
            } else {
                format!("interface Gi1/0/{i}\n switchport")
            }),
        });
    }
    // The parser may list a port twice; the first is kept.
    d.ports.push(Port {
        port: "gi1/0/5".into(),
        status: Some("duplicate".into()),
        ..Port::default()
    });
    d.spanning_tree = vec![
        SpanInstance {
            vlan: "VLAN0100".into(),
            protocol: Some("rstp".into()),
            root_switch: Some("5254.001b.1c58".into()),
            root_port: Some("Te1/1/1".into()),
            root_cost: Some(4),
            ports: (1..=12)
                .map(|i| SpanPort {
                    port: format!("Gi1/0/{i}"),
                    role: "Desg".into(),
                    state: "FWD".into(),
                    cost: Some(4),
                })
                .collect(),
        },
        SpanInstance {
            vlan: "VLAN0999".into(),
            root_switch: Some("5254.001b.ffff".into()),
            ..SpanInstance::default()
        },
    ];
    d
}

/// The second ingest: every device changed in some way.
fn changed(devices: &[Device]) -> Vec<Device> {
    devices
        .iter()
        .enumerate()
        .map(|(n, d)| {
            let mut d = d.clone();
            d.uptime = Some(format!("{n} weeks"));
            d.ports[0].status = Some("err-disabled".into());
            d.ports.remove(1);
            d.ports.push(Port {
                port: "Te9/9/9".into(),
                name: Some("new uplink".into()),
                status: Some("connected".into()),
                vlan: None,
                mode: Some(PortMode::Trunk),
                ..Port::default()
            });
            if n % 2 == 0 {
                d.model = Some(format!("{}-R", d.model.clone().unwrap_or_default()));
            }
            if n % 2 == 1 && !d.spanning_tree.is_empty() {
                d.spanning_tree.remove(0);
            }
            if d.hostname == "WLLS-Z99-AS-09" {
                // Same port, new capitalisation and a changed value: the
                // row is updated in place (names compare without case).
                d.ports[3].port = "GI1/0/5".into();
                d.ports[3].speed = Some("a-100".into());
                d.ports[4].config = None;
                d.ports[5].vlan = Some(0);
                d.ports[6].vlan = None;
            }
            d
        })
        .collect()
}

fn record(d: &Device, round: usize) -> IngestRecord {
    IngestRecord {
        hash: format!("{:032x}", d.hostname.len() * 1000 + round),
        source_length: 1000 + round as u64 * 10,
    }
}

const RUN_DATES: [&str; 3] = [
    "2026-11-22 10:00:00",
    "2026-11-23 11:30:00",
    "2026-11-24 12:45:59",
];

/// The three ingests.
fn rounds() -> Vec<Vec<Device>> {
    let mut first = sample_devices();
    first.push(synthetic_device());
    let second = changed(&first);
    vec![first, second.clone(), second]
}

fn sites(devices: &[Device]) -> BTreeSet<String> {
    devices.iter().map(|d| d.site.clone()).collect()
}

/// Runs every round through writers from `open` (one per site per round,
/// as the pipeline does) and returns each device write's statistics.
fn ingest(open: &dyn Fn(&str) -> Box<dyn SiteWriter>) -> Vec<(String, WriteStats)> {
    let mut stats = Vec::new();
    for (round, devices) in rounds().iter().enumerate() {
        for site in sites(devices) {
            let mut w = open(&site);
            let known = w.ingestion_history().unwrap();
            for d in devices.iter().filter(|d| d.site == site) {
                if round > 0 {
                    let entry = known
                        .get(&d.hostname.to_lowercase())
                        .expect("ingestion record");
                    assert_eq!(entry.hash, record(d, round - 1).hash);
                    assert_eq!(entry.last_ingested_utc, RUN_DATES[round - 1]);
                }
                let s = w
                    .write_device(d, RUN_DATES[round], &record(d, round))
                    .unwrap_or_else(|e| panic!("round {round}, {}: {e}", d.hostname));
                stats.push((format!("{round} {}", d.hostname), s));
            }
        }
    }
    stats
}

// ------------------------------------------------------------- comparing

/// A table as compared: ID columns dropped, rows sorted, SchemaVersion's
/// wall-clock AppliedAt checked for form and then blanked (it records when
/// the database was made, which no two databases share), and its rows
/// de-duplicated (per-site files each hold one; a shared database one).
fn canonical(name: &str, (cols, rows): Table) -> Table {
    let keep: Vec<usize> = (0..cols.len()).filter(|i| cols[*i] != "ID").collect();
    let applied = cols.iter().position(|c| c == "AppliedAt");
    let mut out: Vec<Vec<Option<String>>> = rows
        .into_iter()
        .map(|mut r| {
            if name == "SchemaVersion" {
                if let Some(i) = applied {
                    let v = r[i].take().unwrap_or_default();
                    assert!(
                        v.len() == 19 && v.as_bytes()[4] == b'-' && v.as_bytes()[13] == b':',
                        "AppliedAt {v:?}"
                    );
                }
            }
            keep.iter().map(|i| r[*i].clone()).collect()
        })
        .collect();
    out.sort();
    if name == "SchemaVersion" {
        out.dedup();
    }
    (keep.iter().map(|i| cols[*i].clone()).collect(), out)
}

fn merge(all: &mut BTreeMap<String, Table>, name: &str, t: Table) {
    let entry = all
        .entry(name.to_string())
        .or_insert_with(|| (t.0.clone(), Vec::new()));
    assert_eq!(entry.0, t.0, "columns of {name}");
    entry.1.extend(t.1);
}

fn finish(all: BTreeMap<String, Table>) -> BTreeMap<String, Table> {
    all.into_iter()
        .map(|(n, t)| {
            let c = canonical(&n, t);
            (n, c)
        })
        .collect()
}

/// The embedded store's tables over all sites.
fn dump_embedded(root: &Path, sites: &BTreeSet<String>) -> BTreeMap<String, Table> {
    let mut all = BTreeMap::new();
    for site in sites {
        let store = SiteStore::open(root, site).unwrap();
        for name in TABLES {
            let mut q = store
                .connection()
                .prepare(&format!("SELECT * FROM {name}"))
                .unwrap();
            let cols: Vec<String> = q.column_names().map(str::to_string).collect();
            let rows = q
                .query_map([], |r| {
                    (0..cols.len())
                        .map(|i| {
                            Ok(match r.get_ref(i)? {
                                rusqlite::types::ValueRef::Null => None,
                                rusqlite::types::ValueRef::Integer(n) => Some(n.to_string()),
                                rusqlite::types::ValueRef::Real(f) => Some(f.to_string()),
                                rusqlite::types::ValueRef::Text(t) => {
                                    Some(String::from_utf8_lossy(t).into_owned())
                                }
                                rusqlite::types::ValueRef::Blob(b) => Some(format!("{b:?}")),
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            merge(&mut all, name, (cols, rows));
        }
    }
    finish(all)
}

/// An ODBC backend's tables over all sites (a shared database is read
/// once).
fn dump_odbc(cfg: &OdbcConfig, sites: &BTreeSet<String>) -> BTreeMap<String, Table> {
    let shared = !cfg.connection_string.contains("%SITE%");
    let mut all = BTreeMap::new();
    for site in sites.iter().take(if shared { 1 } else { usize::MAX }) {
        let w = OdbcSite::open(cfg, site).unwrap();
        for name in TABLES {
            let t = w.dump_table(name).unwrap();
            merge(&mut all, name, (t.columns, t.rows));
        }
    }
    finish(all)
}

fn reference() -> (Vec<(String, WriteStats)>, BTreeMap<String, Table>) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let stats = ingest(&|site| Box::new(SiteStore::open(&root, site).unwrap()));
    let all_sites: BTreeSet<String> = rounds().iter().flat_map(|r| sites(r)).collect();
    (stats, dump_embedded(&root, &all_sites))
}

/// Ingests through `cfg` and requires the reference's rows and statistics.
fn assert_conforms(cfg: &OdbcConfig, dialect: DialectKind, binding: Binding) {
    let (want_stats, want) = reference();
    let probe = OdbcSite::open(cfg, "WLLS").unwrap();
    assert_eq!(probe.dialect(), dialect);
    assert_eq!(
        probe.binding(),
        binding,
        "binding chosen for {}",
        probe.location()
    );
    drop(probe);
    let stats = ingest(&|site| {
        let w = OdbcSite::open(cfg, site).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(w.binding(), binding, "the binding must not fall back");
        Box::new(w)
    });
    assert_eq!(stats, want_stats, "write statistics differ");
    let all_sites: BTreeSet<String> = rounds().iter().flat_map(|r| sites(r)).collect();
    let got = dump_odbc(cfg, &all_sites);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (name, (cols, rows)) in &want {
        let (got_cols, got_rows) = &got[name];
        assert_eq!(got_cols, cols, "columns of {name}");
        assert_eq!(got_rows.len(), rows.len(), "row count of {name}");
        for (g, w) in got_rows.iter().zip(rows) {
            assert_eq!(g, w, "a row of {name} differs (columns {cols:?})");
        }
    }
    // The comparison must have had something to compare.
    assert!(want["InterfaceHistory"]
        .1
        .iter()
        .any(|r| r.last() == Some(&Some("removed".into()))));
    assert!(want["DeviceHistory"].1.len() > 5);
}

// ------------------------------------------------------------ the drivers

/// Whether a missing driver fails the test (CI) or skips it.
fn required(part: &str) -> bool {
    match std::env::var("STATETRACE_REQUIRE_ODBC").as_deref() {
        Ok("1") => true,
        Ok(parts) => parts.split(',').any(|p| p.trim() == part),
        Err(_) => false,
    }
}

fn skip(part: &str, reason: &str) {
    assert!(
        !required(part),
        "ODBC {part} is required (STATETRACE_REQUIRE_ODBC) but: {reason}"
    );
    eprintln!("SKIPPED: ODBC storage conformance ({part}): {reason}");
}

fn has_driver(name: &str) -> Result<(), String> {
    let env = odbc_api::environment().map_err(|e| format!("no ODBC driver manager: {e}"))?;
    let drivers = env
        .drivers()
        .map_err(|e| format!("cannot list ODBC drivers: {e}"))?;
    if drivers.iter().any(|d| d.description == name) {
        Ok(())
    } else {
        Err(format!("the ODBC driver {name:?} is not installed"))
    }
}

fn sqlite_config(dir: &Path, batch_size: usize, force_row_by_row: bool) -> Option<OdbcConfig> {
    if let Err(reason) = has_driver(SQLITE_DRIVER) {
        skip("sqlite", &reason);
        return None;
    }
    let mut cfg = OdbcConfig::new(format!(
        "Driver={{{SQLITE_DRIVER}}};Database={}/%SITE%/%SITE%.sqlite",
        dir.display()
    ));
    cfg.batch_size = batch_size;
    cfg.force_row_by_row = force_row_by_row;
    Some(cfg)
}

/// A PostgreSQL schema of its own for one test, dropped afterwards, so
/// tests run side by side in the one test database.
struct PgSchema {
    base: String,
    name: String,
}

impl PgSchema {
    fn new(tag: &str) -> Option<PgSchema> {
        let Ok(base) = std::env::var(PG_ENV) else {
            skip(
                "postgres",
                &format!("{PG_ENV} is not set (no PostgreSQL server configured)"),
            );
            return None;
        };
        if let Err(reason) = has_driver(PG_DRIVER) {
            skip("postgres", &reason);
            return None;
        }
        let name = format!("st_{tag}_{}", std::process::id());
        let s = PgSchema { base, name };
        s.admin(&format!(
            "DROP SCHEMA IF EXISTS {0} CASCADE; CREATE SCHEMA {0}",
            s.name
        ));
        Some(s)
    }

    fn admin(&self, sql: &str) {
        let env = odbc_api::environment().unwrap();
        let conn = env
            .connect_with_connection_string(&self.base, odbc_api::ConnectionOptions::default())
            .unwrap_or_else(|e| panic!("cannot connect to {PG_ENV}: {e}"));
        for stmt in sql.split(';') {
            conn.execute(stmt, (), None).unwrap();
        }
    }

    fn config(&self, batch_size: usize, force_row_by_row: bool) -> OdbcConfig {
        let mut cfg = OdbcConfig::new(format!(
            "{};ConnSettings={{SET search_path TO {}}}",
            self.base.trim_end_matches(';'),
            self.name
        ));
        cfg.batch_size = batch_size;
        cfg.force_row_by_row = force_row_by_row;
        cfg
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.admin(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

// ----------------------------------------------------------------- tests

#[test]
fn odbc_sqlite_with_parameter_arrays_matches_embedded() {
    let dir = tempfile::tempdir().unwrap();
    // A small batch, so statements take several batches per device.
    let Some(cfg) = sqlite_config(dir.path(), 7, false) else {
        return;
    };
    assert_conforms(&cfg, DialectKind::Sqlite, Binding::Arrays);
}

#[test]
fn odbc_sqlite_row_by_row_matches_embedded() {
    let dir = tempfile::tempdir().unwrap();
    let Some(cfg) = sqlite_config(dir.path(), 7, true) else {
        return;
    };
    assert_conforms(&cfg, DialectKind::Sqlite, Binding::RowByRow);
}

#[test]
fn odbc_postgres_with_parameter_arrays_matches_embedded() {
    let Some(pg) = PgSchema::new("arrays") else {
        return;
    };
    assert_conforms(&pg.config(7, false), DialectKind::Postgres, Binding::Arrays);
}

#[test]
fn odbc_postgres_row_by_row_matches_embedded() {
    let Some(pg) = PgSchema::new("rows") else {
        return;
    };
    assert_conforms(
        &pg.config(100, true),
        DialectKind::Postgres,
        Binding::RowByRow,
    );
}

#[test]
fn passwords_never_appear_in_errors() {
    if let Err(reason) = has_driver(PG_DRIVER) {
        return skip("postgres", &reason);
    }
    // Port 9 on loopback: nothing listens, the connection is refused.
    let cfg = OdbcConfig::new(format!(
        "Driver={{{PG_DRIVER}}};Server=127.0.0.1;Port=9;Database=st_%SITE%;Uid=st;PWD=Sw0rdfish;"
    ));
    let err = OdbcSite::open(&cfg, "WLLS").unwrap_err();
    let text = format!("{err} {err:?} {cfg:?}");
    assert!(!text.contains("Sw0rdfish"), "{text}");
    assert!(
        err.to_string()
            .starts_with("site WLLS (Driver={PostgreSQL Unicode};"),
        "{err}"
    );
    assert!(
        err.location.contains("Database=st_WLLS") && err.location.contains("PWD=***"),
        "{err}"
    );
    assert!(err.message.contains("cannot connect"), "{err}");
}

#[test]
fn an_older_database_gets_the_missing_columns() {
    let dir = tempfile::tempdir().unwrap();
    let Some(cfg) = sqlite_config(dir.path(), 50, false) else {
        return;
    };
    // The original's DeviceSummary: no Signature, no extra columns.
    std::fs::create_dir_all(dir.path().join("OLD")).unwrap();
    let old = rusqlite::Connection::open(dir.path().join("OLD/OLD.sqlite")).unwrap();
    old.execute_batch(
        "CREATE TABLE DeviceSummary (Hostname TEXT NOT NULL PRIMARY KEY, Make TEXT, Model TEXT, Uptime TEXT, \
         Site TEXT, Building TEXT, Room TEXT, Ports INTEGER, AuthDefaultVLAN TEXT, AuthBlock TEXT);
         INSERT INTO DeviceSummary (Hostname, Make) VALUES ('OLD-SW-1', 'Cisco');",
    )
    .unwrap();
    drop(old);
    let mut w = OdbcSite::open(&cfg, "OLD").unwrap();
    let mut d = Device::new("OLD-SW-1");
    d.model = Some("C2960".into());
    d.ports.push(Port {
        port: "Fa0/1".into(),
        ..Port::default()
    });
    let s = w.write_device(&d, RUN_DATES[0], &record(&d, 0)).unwrap();
    assert_eq!((s.inserted, s.history_rows), (1, 2));
    let dump = w.dump_table("DeviceSummary").unwrap();
    let (cols, rows) = (dump.columns, dump.rows);
    assert!(
        cols.iter().any(|c| c == "Signature") && cols.iter().any(|c| c == "Rack"),
        "{cols:?}"
    );
    assert_eq!(rows.len(), 1, "the old row was updated, not duplicated");
    let model = cols.iter().position(|c| c == "Model").unwrap();
    assert_eq!(rows[0][model].as_deref(), Some("C2960"));
}

#[test]
fn a_failed_device_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let Some(cfg) = sqlite_config(dir.path(), 50, false) else {
        return;
    };
    // The ingestion record is written last; refusing it must undo the
    // summary, ports, history and spanning tree written before it.
    let mut w = OdbcSite::open(&cfg, "WLLS").unwrap();
    let d = synthetic_device();
    let huge = IngestRecord {
        hash: "x".into(),
        source_length: u64::MAX,
    };
    let err = w.write_device(&d, RUN_DATES[0], &huge).unwrap_err();
    assert!(
        err.to_string().contains("WLLS-Z99-AS-09") && err.to_string().contains("too large"),
        "{err}"
    );
    for table in [
        "DeviceSummary",
        "Interfaces",
        "InterfaceHistory",
        "SpanInfo",
    ] {
        assert_eq!(
            w.dump_table(table).unwrap().rows.len(),
            0,
            "{table} after a rolled-back device"
        );
    }
}

/// Rows per second through each binding: `cargo test -p statetrace-store
/// --features odbc --release --test conformance -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn throughput() {
    let mut d = synthetic_device();
    let template = d.ports[1].clone();
    d.ports = (0..5000)
        .map(|i| Port {
            port: format!("Gi{}/0/{}", i / 48, i % 48),
            ..template.clone()
        })
        .collect();
    d.spanning_tree.clear();
    let dir = tempfile::tempdir().unwrap();
    let mut targets: Vec<(String, OdbcConfig)> = Vec::new();
    for (label, force) in [("arrays", false), ("row by row", true)] {
        if let Some(cfg) = sqlite_config(&dir.path().join(label.replace(' ', "_")), 256, force) {
            targets.push((format!("sqliteodbc {label}"), cfg));
        }
    }
    let pg = PgSchema::new("speed");
    if let Some(pg) = &pg {
        targets.push(("psqlODBC arrays".into(), pg.config(256, false)));
        targets.push(("psqlODBC row by row".into(), pg.config(256, true)));
    }
    for (label, cfg) in targets {
        let mut w = OdbcSite::open(&cfg, "WLLS").unwrap();
        let mut dev = d.clone();
        dev.hostname = format!("WLLS-{}", label.replace(' ', "-"));
        let started = std::time::Instant::now();
        let s = w
            .write_device(&dev, RUN_DATES[0], &record(&dev, 0))
            .unwrap();
        let secs = started.elapsed().as_secs_f64();
        // Interfaces + InterfaceHistory rows.
        let rows = s.inserted * 2;
        println!(
            "{label:>22}: {rows} rows in {secs:.3}s = {:.0} rows/s ({})",
            rows as f64 / secs,
            w.binding()
        );
    }
}
