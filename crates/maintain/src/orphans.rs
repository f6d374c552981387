//! Orphans: rows that belong to a device (by `Hostname`) that has no
//! `DeviceSummary` row, in `Interfaces`, `SpanInfo`, the three history
//! tables and `IngestionHistory`.
//!
//! Ingest never makes them (a device's rows are written in one
//! transaction); a device deleted by hand or by another tool leaves them.
//! An orphaned `IngestionHistory` row is the harmful one: it makes the next
//! ingest skip the device as unchanged, so it would never come back.
//! Repair (`RepairOrphans`, on by default) deletes them all in one short
//! transaction, after the night's backup has kept a copy.

use crate::busy::{Patience, StepError};
use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;

/// Orphaned rows found (or removed) in one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Orphans {
    /// The table.
    pub table: String,
    /// The rows.
    pub rows: u64,
}

fn condition(table: &str) -> String {
    format!("NOT EXISTS (SELECT 1 FROM DeviceSummary d WHERE d.Hostname = {table}.Hostname)")
}

/// Counts orphaned rows per table (only tables that have some).
pub fn find(conn: &Connection, patience: &mut Patience) -> Result<Vec<Orphans>, StepError> {
    let mut out = Vec::new();
    for table in statetrace_store::DEVICE_TABLES {
        if !crate::db::has_table(conn, table).map_err(|e| StepError::failed("orphan check", e))? {
            continue;
        }
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE {}", condition(table));
        let rows: i64 =
            patience.retry("orphan check", || conn.query_row(&sql, [], |r| r.get(0)))?;
        if rows > 0 {
            out.push(Orphans {
                table: table.to_string(),
                rows: rows as u64,
            });
        }
    }
    Ok(out)
}

/// Deletes every orphaned row in one transaction; returns what went.
pub fn repair(conn: &mut Connection, patience: &mut Patience) -> Result<Vec<Orphans>, StepError> {
    let tables: Vec<&str> = statetrace_store::DEVICE_TABLES
        .into_iter()
        .filter(|t| crate::db::has_table(conn, t).unwrap_or(false))
        .collect();
    patience.retry("orphan repair", || {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut out = Vec::new();
        for table in &tables {
            let n = tx.execute(
                &format!("DELETE FROM {table} WHERE {}", condition(table)),
                [],
            )?;
            if n > 0 {
                out.push(Orphans {
                    table: table.to_string(),
                    rows: n as u64,
                });
            }
        }
        tx.commit()?;
        Ok(out)
    })
}

/// The total of a list of per-table counts.
pub fn total(list: &[Orphans]) -> u64 {
    list.iter().map(|o| o.rows).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use statetrace_model::{Device, Port};
    use statetrace_store::{IngestRecord, SiteStore};

    #[test]
    fn rows_of_a_deleted_device_are_found_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SiteStore::open(dir.path(), "WLLS").unwrap();
        for host in ["WLLS-A", "WLLS-B"] {
            let mut d = Device::new(host);
            d.ports.push(Port {
                port: "Gi1/0/1".into(),
                ..Port::default()
            });
            let rec = IngestRecord {
                hash: "h".into(),
                source_length: 1,
            };
            store.write_device(&d, "2026-11-22 00:00:00", &rec).unwrap();
        }
        let mut conn =
            crate::db::open_existing(store.path(), std::time::Duration::from_millis(100)).unwrap();
        let mut p = Patience::new(std::time::Duration::from_secs(1));
        assert!(find(&conn, &mut p).unwrap().is_empty());
        // Someone deletes a device by hand, in another letter case too.
        conn.execute_batch("PRAGMA foreign_keys = OFF; DELETE FROM DeviceSummary WHERE Hostname = 'wlls-b'; PRAGMA foreign_keys = ON;")
            .unwrap();
        let found = find(&conn, &mut p).unwrap();
        let tables: Vec<_> = found.iter().map(|o| (o.table.as_str(), o.rows)).collect();
        assert_eq!(
            tables,
            [
                ("Interfaces", 1),
                ("InterfaceHistory", 1),
                ("DeviceHistory", 1),
                ("IngestionHistory", 1)
            ]
        );
        assert_eq!(total(&repair(&mut conn, &mut p).unwrap()), 4);
        assert!(find(&conn, &mut p).unwrap().is_empty());
        // WLLS-A is untouched.
        let a: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM Interfaces WHERE Hostname = 'WLLS-A'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(a, 1);
    }
}
