//! Opening site databases for maintenance, and reading what they hold.

use rusqlite::config::DbConfig;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// Opens an existing database for maintenance: never creates one, never
/// changes its journal mode, waits at most `busy_timeout` per statement,
/// and does not checkpoint on close, so a database found damaged is left
/// exactly as it was.
pub fn open_existing(path: &Path, busy_timeout: Duration) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(busy_timeout)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
    Ok(conn)
}

/// Opens a database file read-only (backups, files about to be restored).
pub fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// Whether the database has a table of that name.
pub fn has_table(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

/// One table's contents in brief: its rows and a hash of all their values.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TableDigest {
    /// The table.
    pub table: String,
    /// Its rows.
    pub rows: u64,
    /// XXH3-128 of every value of every row, in rowid order (hex).
    pub hash: String,
}

/// Every table's [`TableDigest`], by table name: two databases with equal
/// digests hold the same rows.
pub fn digest(conn: &Connection) -> rusqlite::Result<Vec<TableDigest>> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(tables.len());
    for table in tables {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut stmt = conn.prepare(&format!(
            "SELECT * FROM \"{}\" ORDER BY rowid",
            table.replace('"', "\"\"")
        ))?;
        let width = stmt.column_count();
        let mut rows = stmt.query([])?;
        let mut n = 0u64;
        while let Some(row) = rows.next()? {
            n += 1;
            for i in 0..width {
                match row.get_ref(i)? {
                    ValueRef::Null => hasher.update(b"N"),
                    ValueRef::Integer(v) => {
                        hasher.update(b"I");
                        hasher.update(&v.to_le_bytes());
                    }
                    ValueRef::Real(v) => {
                        hasher.update(b"R");
                        hasher.update(&v.to_le_bytes());
                    }
                    ValueRef::Text(v) | ValueRef::Blob(v) => {
                        hasher.update(b"T");
                        hasher.update(&(v.len() as u64).to_le_bytes());
                        hasher.update(v);
                    }
                }
            }
        }
        out.push(TableDigest {
            table,
            rows: n,
            hash: format!("{:032x}", hasher.digest128()),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_sees_any_change_and_nothing_else() {
        let a = Connection::open_in_memory().unwrap();
        a.execute_batch("CREATE TABLE t(x, y); INSERT INTO t VALUES (1, 'a'), (2, NULL);")
            .unwrap();
        let b = Connection::open_in_memory().unwrap();
        b.execute_batch("CREATE TABLE t(x, y); INSERT INTO t VALUES (1, 'a'), (2, NULL);")
            .unwrap();
        assert_eq!(digest(&a).unwrap(), digest(&b).unwrap());
        b.execute("UPDATE t SET y = 'b' WHERE x = 1", []).unwrap();
        assert_ne!(digest(&a).unwrap(), digest(&b).unwrap());
        assert_eq!(digest(&a).unwrap()[0].rows, 2);
        assert!(has_table(&a, "t").unwrap());
        assert!(!has_table(&a, "DeviceSummary").unwrap());
    }

    #[test]
    fn open_existing_never_creates() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.sqlite");
        assert!(open_existing(&missing, Duration::from_millis(10)).is_err());
        assert!(!missing.exists());
    }
}
