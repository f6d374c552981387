//! Maintenance through ODBC, against a real driver (sqliteodbc): the
//! integrity probe, orphans and history retention do on the database what
//! they claim, and nothing is ever created.
//!
//! Driver missing: prints `SKIPPED: ...` and passes, unless
//! `STATETRACE_REQUIRE_ODBC` is set (as CI does once drivers are there).
#![cfg(feature = "odbc")]

use rusqlite::Connection;
use statetrace_model::{Device, Port};
use statetrace_store::odbc::{DialectKind, OdbcConfig, OdbcMaintenance};
use statetrace_store::{IngestRecord, SiteStore};

fn driver_or_skip() -> bool {
    let found = odbc_api::environment()
        .map_err(|e| e.to_string())
        .and_then(|env| env.drivers().map_err(|e| e.to_string()))
        .map(|d| d.iter().any(|d| d.description == "SQLite3"));
    match found {
        Ok(true) => true,
        other => {
            let reason = format!("the ODBC driver \"SQLite3\" is not usable: {other:?}");
            let required = std::env::var("STATETRACE_REQUIRE_ODBC")
                .map(|v| v == "1" || v.split(',').any(|p| p.trim() == "sqlite"))
                .unwrap_or(false);
            assert!(!required, "required (STATETRACE_REQUIRE_ODBC) but {reason}");
            eprintln!("SKIPPED: ODBC maintenance: {reason}");
            false
        }
    }
}

fn write(store: &mut SiteStore, host: &str, status: &str, run_date: &str) {
    let mut d = Device::new(host);
    d.ports.push(Port {
        port: "Gi1/0/1".into(),
        status: Some(status.into()),
        ..Port::default()
    });
    let rec = IngestRecord {
        hash: format!("{host}{status}"),
        source_length: 1,
    };
    store.write_device(&d, run_date, &rec).unwrap();
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn probe_orphans_and_retention_through_sqliteodbc() {
    if !driver_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = SiteStore::open(dir.path(), "WLLS").unwrap();
        write(&mut store, "WLLS-A", "connected", "2026-09-01 00:00:00");
        write(&mut store, "WLLS-A", "notconnect", "2026-11-01 00:00:00");
        write(&mut store, "WLLS-B", "connected", "2026-09-01 00:00:00");
        store
            .connection()
            .execute_batch(
                "PRAGMA foreign_keys = OFF; DELETE FROM DeviceSummary WHERE Hostname = 'WLLS-B';",
            )
            .unwrap();
    }
    let cfg = OdbcConfig::new(format!(
        "Driver={{SQLite3}};Database={}/%SITE%/%SITE%.sqlite",
        dir.path().display()
    ));
    let m = OdbcMaintenance::open(&cfg, "WLLS").unwrap();
    assert_eq!(m.dialect(), DialectKind::Sqlite);
    assert_eq!(
        m.file(),
        Some(dir.path().join("WLLS/WLLS.sqlite").as_path())
    );

    let counts = m.table_counts().unwrap();
    assert_eq!(counts.len(), 8);
    assert!(
        counts.contains(&("DeviceSummary".to_string(), 1)),
        "{counts:?}"
    );
    assert!(
        counts.contains(&("InterfaceHistory".to_string(), 3)),
        "{counts:?}"
    );

    // WLLS-B's rows: one port, its history, its device history, its record.
    let found = m.orphans(false).unwrap();
    let total: u64 = found.iter().map(|(_, n)| n).sum();
    assert_eq!(total, 4, "{found:?}");
    assert_eq!(m.orphans(true).unwrap(), found);
    assert!(m.orphans(false).unwrap().is_empty());

    // WLLS-A's 'added' row is superseded and older than the cut-off; its
    // newest entry stays although it is older too.
    let cutoff = "2026-11-15 00:00:00";
    let would = m.prune_history(cutoff, true, false).unwrap();
    assert_eq!(would[0], ("InterfaceHistory".to_string(), 1));
    assert_eq!(m.prune_history(cutoff, true, true).unwrap(), would);
    assert_eq!(m.prune_history(cutoff, true, false).unwrap()[0].1, 0);
    drop(m);
    let native = Connection::open(dir.path().join("WLLS/WLLS.sqlite")).unwrap();
    assert_eq!(count(&native, "SELECT COUNT(*) FROM InterfaceHistory"), 1);
    assert_eq!(
        count(
            &native,
            "SELECT COUNT(*) FROM InterfaceHistory WHERE Status = 'notconnect'"
        ),
        1
    );
    assert_eq!(count(&native, "SELECT COUNT(*) FROM Interfaces"), 1);

    // A site without a database: an error, and still no database.
    let err = OdbcMaintenance::open(&cfg, "NONE").unwrap_err().to_string();
    assert!(err.contains("never creates"), "{err}");
    assert!(!dir.path().join("NONE").exists());
}
