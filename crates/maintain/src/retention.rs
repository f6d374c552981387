//! History retention: `InterfaceHistory`, `DeviceHistory` and
//! `SpanHistory` rows older than `HistoryRetentionDays` are pruned.
//!
//! Within the window every change is kept (full detail). Beyond it, with
//! `HistoryKeepLatest` (the default), each port's (`InterfaceHistory`) or
//! device's (`DeviceHistory`, and the whole spanning-tree snapshot in
//! `SpanHistory`) newest entry stays, however old, so "what changed last,
//! and when" is never forgotten; everything older goes. Rows whose
//! `RunDate` is not `YYYY-MM-DD...` (written by some other tool) are never
//! touched. Deletes go in short transactions of [`CHUNK`] rows, so ingest
//! never waits long for the write lock.

use crate::busy::{Patience, StepError};
use chrono::{DateTime, Duration, FixedOffset, Utc};
use rusqlite::{Connection, TransactionBehavior};
use serde::{Deserialize, Serialize};

/// Rows deleted per transaction.
pub const CHUNK: usize = 2000;

/// Rows pruned per table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Pruned {
    /// `InterfaceHistory` rows.
    pub interface_history: u64,
    /// `DeviceHistory` rows.
    pub device_history: u64,
    /// `SpanHistory` rows.
    pub span_history: u64,
}

impl Pruned {
    /// All tables together.
    pub fn total(&self) -> u64 {
        self.interface_history + self.device_history + self.span_history
    }
}

/// The cut-off for rows older than `days` before `now`, as stored
/// `RunDate`s are written (UTC `YYYY-MM-DD HH:MM:SS`).
pub fn cutoff(now: DateTime<FixedOffset>, days: u32) -> String {
    (now.with_timezone(&Utc) - Duration::days(days.into()))
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// The rows a history table's entries are "the same thing" over.
fn key_columns(table: &str) -> &'static str {
    match table {
        "InterfaceHistory" => "Hostname, Port",
        _ => "Hostname",
    }
}

/// The IDs of `table`'s rows older than `cutoff` (and, with `keep_latest`,
/// older than their key's newest entry).
pub fn candidates(
    conn: &Connection,
    table: &str,
    cutoff: &str,
    keep_latest: bool,
) -> rusqlite::Result<Vec<i64>> {
    let sql = format!(
        "SELECT ID FROM (SELECT ID, RunDate, MAX(RunDate) OVER (PARTITION BY {keys}) AS Latest \
         FROM {table} WHERE RunDate GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*') \
         WHERE RunDate < ?1 AND (?2 = 0 OR RunDate < Latest) ORDER BY ID",
        keys = key_columns(table)
    );
    let mut stmt = conn.prepare(&sql)?;
    let ids = stmt.query_map(rusqlite::params![cutoff, keep_latest as i64], |r| r.get(0))?;
    ids.collect()
}

/// Prunes the three history tables.
pub fn prune(
    conn: &mut Connection,
    cutoff: &str,
    keep_latest: bool,
    patience: &mut Patience,
) -> Result<Pruned, StepError> {
    let mut pruned = Pruned::default();
    for table in statetrace_store::HISTORY_TABLES {
        let what = format!("history retention ({table})");
        let ids = patience.retry(&what, || candidates(conn, table, cutoff, keep_latest))?;
        let n = delete_ids(conn, table, &ids, patience, &what)?;
        match table {
            "InterfaceHistory" => pruned.interface_history = n,
            "DeviceHistory" => pruned.device_history = n,
            _ => pruned.span_history = n,
        }
    }
    Ok(pruned)
}

/// Deletes rows by ID, [`CHUNK`] per transaction.
pub(crate) fn delete_ids(
    conn: &mut Connection,
    table: &str,
    ids: &[i64],
    patience: &mut Patience,
    what: &str,
) -> Result<u64, StepError> {
    let sql = format!("DELETE FROM {table} WHERE ID = ?1");
    let mut total = 0;
    for chunk in ids.chunks(CHUNK) {
        total += patience.retry(what, || {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut n = 0u64;
            {
                let mut stmt = tx.prepare_cached(&sql)?;
                for id in chunk {
                    n += stmt.execute([id])? as u64;
                }
            }
            tx.commit()?;
            Ok(n)
        })?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_time;

    fn db() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE InterfaceHistory (ID INTEGER PRIMARY KEY AUTOINCREMENT, Hostname TEXT COLLATE NOCASE, RunDate TEXT, Port TEXT COLLATE NOCASE, Status TEXT);
             CREATE TABLE DeviceHistory (ID INTEGER PRIMARY KEY AUTOINCREMENT, Hostname TEXT COLLATE NOCASE, RunDate TEXT);
             CREATE TABLE SpanHistory (ID INTEGER PRIMARY KEY AUTOINCREMENT, Hostname TEXT COLLATE NOCASE, RunDate TEXT, Vlan TEXT);",
        )
        .unwrap();
        c
    }

    fn add(c: &Connection, sql: &str, rows: &[&[&str]]) {
        for r in rows {
            c.execute(sql, rusqlite::params_from_iter(r.iter()))
                .unwrap();
        }
    }

    fn left(c: &Connection, table: &str) -> Vec<String> {
        c.prepare(&format!("SELECT RunDate FROM {table} ORDER BY ID"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn fill(c: &Connection) {
        let ih = "INSERT INTO InterfaceHistory (Hostname, RunDate, Port, Status) VALUES (?1, ?2, ?3, 'x')";
        add(
            c,
            ih,
            &[
                &["A", "2026-09-01 10:00:00", "Gi1"], // superseded, old: pruned
                &["A", "2026-09-10 10:00:00", "Gi1"], // superseded, old: pruned
                &["a", "2026-11-20 10:00:00", "gi1"], // newest of A/Gi1 (case-insensitive)
                &["A", "2026-09-01 10:00:00", "Gi2"], // newest of A/Gi2, old: kept
                &["B", "2026-10-30 10:00:00", "Gi1"], // inside the window
                &["B", "11/01/2025 10:00", "Gi1"],    // foreign date format: never touched
            ],
        );
        add(
            c,
            "INSERT INTO DeviceHistory (Hostname, RunDate) VALUES (?1, ?2)",
            &[&["A", "2026-08-01 00:00:00"], &["A", "2026-09-01 00:00:00"]],
        );
        let sh = "INSERT INTO SpanHistory (Hostname, RunDate, Vlan) VALUES (?1, ?2, ?3)";
        add(
            c,
            sh,
            &[
                &["A", "2026-08-01 00:00:00", "1"],
                &["A", "2026-08-01 00:00:00", "2"],
                &["A", "2026-09-01 00:00:00", "1"],
                &["A", "2026-09-01 00:00:00", "2"],
            ],
        );
    }

    #[test]
    fn the_cutoff_is_utc_in_the_stored_format() {
        let now = parse_time("2026-11-22T02:30:00+01:00").unwrap();
        assert_eq!(cutoff(now, 30), "2026-10-23 01:30:00");
        assert_eq!(cutoff(now, 0), "2026-11-22 01:30:00");
    }

    #[test]
    fn old_rows_go_but_each_keys_newest_entry_stays() {
        let mut c = db();
        fill(&c);
        let mut p = Patience::new(std::time::Duration::from_secs(1));
        let pruned = prune(&mut c, "2026-10-23 01:30:00", true, &mut p).unwrap();
        assert_eq!(
            pruned,
            Pruned {
                interface_history: 2,
                device_history: 1,
                span_history: 2
            }
        );
        assert_eq!(
            left(&c, "InterfaceHistory"),
            [
                "2026-11-20 10:00:00",
                "2026-09-01 10:00:00",
                "2026-10-30 10:00:00",
                "11/01/2025 10:00"
            ]
        );
        assert_eq!(left(&c, "DeviceHistory"), ["2026-09-01 00:00:00"]);
        assert_eq!(
            left(&c, "SpanHistory"),
            ["2026-09-01 00:00:00", "2026-09-01 00:00:00"]
        );
        // A second pass finds nothing more.
        assert_eq!(
            prune(&mut c, "2026-10-23 01:30:00", true, &mut p)
                .unwrap()
                .total(),
            0
        );
    }

    #[test]
    fn without_keep_latest_everything_old_goes() {
        let mut c = db();
        fill(&c);
        let mut p = Patience::new(std::time::Duration::from_secs(1));
        let pruned = prune(&mut c, "2026-10-23 01:30:00", false, &mut p).unwrap();
        assert_eq!(pruned.total(), 3 + 2 + 4);
        assert_eq!(
            left(&c, "InterfaceHistory"),
            [
                "2026-11-20 10:00:00",
                "2026-10-30 10:00:00",
                "11/01/2025 10:00"
            ]
        );
    }

    #[test]
    fn large_prunes_go_in_chunks() {
        let mut c = db();
        let tx = c.transaction().unwrap();
        for i in 0..(CHUNK * 2 + 5) {
            tx.execute(
                "INSERT INTO DeviceHistory (Hostname, RunDate) VALUES (?1, '2020-01-01 00:00:00')",
                [format!("H{i}")],
            )
            .unwrap();
            tx.execute(
                "INSERT INTO DeviceHistory (Hostname, RunDate) VALUES (?1, '2020-01-02 00:00:00')",
                [format!("H{i}")],
            )
            .unwrap();
        }
        tx.commit().unwrap();
        let mut p = Patience::new(std::time::Duration::from_secs(1));
        let pruned = prune(&mut c, "2026-01-01 00:00:00", true, &mut p).unwrap();
        assert_eq!(pruned.device_history, (CHUNK * 2 + 5) as u64);
    }
}
