//! Is the database whole? `PRAGMA integrity_check` (or `quick_check`),
//! and a file that is not a database at all.
//!
//! Checking only reads: in WAL mode it never blocks ingest, and a damaged
//! database is left exactly as it was found.

use crate::busy::{Patience, StepError};
use crate::settings::IntegrityMode;
use rusqlite::{Connection, ErrorCode};

/// What the check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Integrity {
    /// The database is whole.
    Ok,
    /// The database is damaged (or not a database): what SQLite says,
    /// at most [`MAX_MESSAGES`] lines.
    Damaged(Vec<String>),
}

/// How many of SQLite's complaints are kept.
pub const MAX_MESSAGES: usize = 20;

/// Runs the check on an open connection; a busy database is retried
/// within the site's budget.
pub fn check(
    conn: &Connection,
    mode: IntegrityMode,
    patience: &mut Patience,
) -> Result<Integrity, StepError> {
    let sql = format!("PRAGMA {}({MAX_MESSAGES})", mode.pragma());
    let result = patience.retry_when(
        "integrity check",
        || -> rusqlite::Result<Result<Vec<String>, String>> {
            let run = || -> rusqlite::Result<Vec<String>> {
                let mut stmt = conn.prepare(&sql)?;
                let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
                rows.collect()
            };
            match run() {
                Ok(lines) => Ok(Ok(lines)),
                Err(e) if damage(&e) => Ok(Err(e.to_string())),
                Err(e) => Err(e),
            }
        },
        crate::busy::is_busy,
    )?;
    Ok(match result {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => Integrity::Ok,
        Ok(lines) if lines.is_empty() => {
            Integrity::Damaged(vec!["the check returned nothing".into()])
        }
        Ok(lines) => Integrity::Damaged(lines),
        Err(message) => Integrity::Damaged(vec![message]),
    })
}

/// Whether an error says the file is damaged rather than unavailable.
pub fn damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn patience() -> Patience {
        Patience::new(Duration::from_secs(1))
    }

    #[test]
    fn a_whole_database_is_ok() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
        for mode in [IntegrityMode::Full, IntegrityMode::Quick] {
            assert_eq!(check(&c, mode, &mut patience()).unwrap(), Integrity::Ok);
        }
    }

    #[test]
    fn garbage_is_not_a_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.sqlite");
        std::fs::write(&path, vec![0x42u8; 8192]).unwrap();
        let c = crate::db::open_existing(&path, Duration::from_millis(10)).unwrap();
        match check(&c, IntegrityMode::Full, &mut patience()).unwrap() {
            Integrity::Damaged(m) => assert!(m[0].contains("not a database"), "{m:?}"),
            other => panic!("{other:?}"),
        }
        drop(c);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            vec![0x42u8; 8192],
            "left untouched"
        );
    }

    #[test]
    fn a_damaged_table_page_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.sqlite");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch("CREATE TABLE t(x TEXT); CREATE INDEX ix ON t(x); BEGIN;")
                .unwrap();
            for i in 0..2000 {
                c.execute(
                    "INSERT INTO t VALUES (?1)",
                    [format!("row {i} {}", "x".repeat(50))],
                )
                .unwrap();
            }
            c.execute_batch("COMMIT").unwrap();
        }
        let mut bytes = std::fs::read(&path).unwrap();
        // Scribble over the middle of the file (table and index pages).
        let mid = bytes.len() / 2;
        for b in &mut bytes[mid..mid + 4096] {
            *b = 0x5a;
        }
        std::fs::write(&path, &bytes).unwrap();
        let c = crate::db::open_existing(&path, Duration::from_millis(10)).unwrap();
        let found = check(&c, IntegrityMode::Quick, &mut patience()).unwrap();
        assert!(
            matches!(found, Integrity::Damaged(ref m) if !m.is_empty()),
            "{found:?}"
        );
    }
}
