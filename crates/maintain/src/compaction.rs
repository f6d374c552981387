//! Compaction: giving free pages back when enough of the file is free
//! (`CompactFreePercent`), not when the file passes a fixed size.
//!
//! Databases made by this StateTrace use incremental auto-vacuum, so free
//! pages go back with `PRAGMA incremental_vacuum` in short transactions of
//! [`STEP_PAGES`] pages, each taking the write lock only briefly. A
//! database without it (made by an older build or another tool) is
//! converted once with a full `VACUUM`, which holds the write lock for as
//! long as it takes to rewrite the file (milliseconds for the usual small
//! site; ingest waits up to its `DatabaseBusyTimeoutMs`). Both go through
//! SQLite's own locking on the live file: no copy is ever swapped in
//! under a running ingest.
//!
//! A WAL checkpoint (`TRUNCATE`) then writes the log back and shrinks the
//! file; a reader holding an old snapshot can stop it from finishing,
//! which is reported and left for the next night.

use crate::busy::{Patience, StepError};
use rusqlite::Connection;
use serde::Serialize;

/// Free pages handed back per transaction.
pub const STEP_PAGES: u32 = 2048;

/// How much of a database is free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Space {
    /// Bytes per page.
    pub page_size: u64,
    /// Pages in the database.
    pub page_count: u64,
    /// Pages on the free list.
    pub free_pages: u64,
}

impl Space {
    /// The free share of the pages, in percent.
    pub fn free_percent(&self) -> f64 {
        if self.page_count == 0 {
            0.0
        } else {
            self.free_pages as f64 * 100.0 / self.page_count as f64
        }
    }
}

/// Reads page size, page count and free list length.
pub fn space(conn: &Connection, patience: &mut Patience) -> Result<Space, StepError> {
    patience.retry("free space", || {
        let get = |p: &str| conn.query_row(&format!("PRAGMA {p}"), [], |r| r.get::<_, i64>(0));
        Ok(Space {
            page_size: get("page_size")? as u64,
            page_count: get("page_count")? as u64,
            free_pages: get("freelist_count")? as u64,
        })
    })
}

/// What compaction did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Compaction {
    /// Not needed: less free space than the threshold (or turned off).
    #[serde(rename = "not-needed")]
    NotNeeded,
    /// Free pages handed back in short steps.
    #[serde(rename = "incremental")]
    Incremental,
    /// A one-time full VACUUM that also switched on incremental
    /// auto-vacuum.
    #[serde(rename = "vacuum")]
    Vacuum,
}

impl Compaction {
    /// The name used in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Compaction::NotNeeded => "not-needed",
            Compaction::Incremental => "incremental",
            Compaction::Vacuum => "vacuum",
        }
    }
}

/// Compacts when at least `threshold_percent` of the pages are free
/// (0: never).
pub fn compact(
    conn: &Connection,
    threshold_percent: u32,
    patience: &mut Patience,
) -> Result<Compaction, StepError> {
    let before = space(conn, patience)?;
    if threshold_percent == 0
        || before.free_pages == 0
        || before.free_percent() < f64::from(threshold_percent)
    {
        return Ok(Compaction::NotNeeded);
    }
    let mode: i64 = patience.retry("compaction", || {
        conn.query_row("PRAGMA auto_vacuum", [], |r| r.get(0))
    })?;
    if mode == 2 {
        let mut left = before.free_pages;
        while left > 0 {
            patience.retry("compaction", || {
                conn.execute_batch(&format!("PRAGMA incremental_vacuum({STEP_PAGES})"))
            })?;
            let now = space(conn, patience)?.free_pages;
            if now >= left {
                break; // no progress (someone else is filling them)
            }
            left = now;
        }
        Ok(Compaction::Incremental)
    } else {
        patience.retry("compaction (one-time VACUUM)", || {
            conn.execute_batch("PRAGMA auto_vacuum = INCREMENTAL; VACUUM;")
        })?;
        Ok(Compaction::Vacuum)
    }
}

/// Writes the WAL back into the database and empties it. Returns false
/// when a reader or writer kept it from finishing (not an error: the next
/// checkpoint finishes the job). A database not in WAL mode has nothing
/// to do.
pub fn checkpoint(conn: &Connection) -> rusqlite::Result<bool> {
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Ok(true);
    }
    match conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(busy) => Ok(busy == 0),
        Err(e) if crate::busy::is_busy(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn filled(dir: &std::path::Path, incremental: bool) -> Connection {
        let c = Connection::open(dir.join("x.sqlite")).unwrap();
        if incremental {
            c.execute_batch("PRAGMA auto_vacuum = INCREMENTAL;")
                .unwrap();
        }
        c.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t(x TEXT);")
            .unwrap();
        let tx = c.unchecked_transaction().unwrap();
        for i in 0..12_000 {
            tx.execute(
                "INSERT INTO t VALUES (?1)",
                [format!("{i}{}", "x".repeat(1000))],
            )
            .unwrap();
        }
        tx.commit().unwrap();
        c
    }

    fn patience() -> Patience {
        Patience::new(Duration::from_secs(2))
    }

    #[test]
    fn little_free_space_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let c = filled(dir.path(), true);
        c.execute("DELETE FROM t WHERE rowid <= 300", []).unwrap();
        let s = space(&c, &mut patience()).unwrap();
        assert!(s.free_pages > 0 && s.free_percent() < 20.0, "{s:?}");
        assert_eq!(
            compact(&c, 20, &mut patience()).unwrap(),
            Compaction::NotNeeded
        );
        assert_eq!(space(&c, &mut patience()).unwrap(), s);
        c.execute("DELETE FROM t", []).unwrap();
        assert_eq!(
            compact(&c, 0, &mut patience()).unwrap(),
            Compaction::NotNeeded,
            "0 = off"
        );
    }

    #[test]
    fn incremental_databases_give_pages_back_in_steps() {
        let dir = tempfile::tempdir().unwrap();
        let c = filled(dir.path(), true);
        c.execute("DELETE FROM t WHERE rowid > 3000", []).unwrap();
        let before = space(&c, &mut patience()).unwrap();
        assert!(
            before.free_pages > u64::from(STEP_PAGES),
            "several steps: {before:?}"
        );
        assert_eq!(
            compact(&c, 20, &mut patience()).unwrap(),
            Compaction::Incremental
        );
        let after = space(&c, &mut patience()).unwrap();
        assert_eq!(after.free_pages, 0);
        assert!(after.page_count < before.page_count);
        assert!(checkpoint(&c).unwrap());
        let file = std::fs::metadata(dir.path().join("x.sqlite"))
            .unwrap()
            .len();
        assert_eq!(file, after.page_count * after.page_size, "file shrank");
        let n: i64 = c
            .query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 3000);
    }

    #[test]
    fn other_databases_are_vacuumed_once_then_incremental() {
        let dir = tempfile::tempdir().unwrap();
        let c = filled(dir.path(), false);
        c.execute("DELETE FROM t WHERE rowid <= 6000", []).unwrap();
        assert_eq!(
            compact(&c, 20, &mut patience()).unwrap(),
            Compaction::Vacuum
        );
        assert_eq!(space(&c, &mut patience()).unwrap().free_pages, 0);
        let mode: i64 = c.query_row("PRAGMA auto_vacuum", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, 2);
        let jm: String = c
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(jm, "wal");
        // (VACUUM renumbered the rows 1..=6000.)
        c.execute("DELETE FROM t WHERE rowid > 3000", []).unwrap();
        assert_eq!(
            compact(&c, 20, &mut patience()).unwrap(),
            Compaction::Incremental
        );
    }
}
