//! Insert statements that bind their values without copying them.
//!
//! rusqlite binds every text value with `SQLITE_TRANSIENT`, which makes
//! SQLite copy the text into its own buffer before the statement runs; the
//! statement then copies it again into the record it writes. A first
//! ingest binds about 2,500 text values per device (ports and spanning
//! tree, each row twice: current table and history), and callgrind put
//! that first copy, with rusqlite's per-value dispatch, at about an eighth
//! of the run's instructions. The statements here bind with
//! `SQLITE_STATIC` instead: SQLite reads the caller's text in place while
//! the statement steps, and every binding is cleared before
//! [`Prepared::execute`] returns, so no pointer into the caller's strings
//! outlives the call.
//!
//! Only the multi-row inserts use this; everything that runs once per
//! device stays on rusqlite's safe API.

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{ffi, Connection, ToSql};
use std::ffi::c_int;
use std::ptr::NonNull;

/// One value to bind: borrowed text, an integer, or NULL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Val<'a> {
    /// SQL NULL.
    Null,
    /// An integer.
    Int(i64),
    /// Text, bound in place.
    Text(&'a str),
}

impl<'a> From<&'a str> for Val<'a> {
    fn from(s: &'a str) -> Self {
        Val::Text(s)
    }
}

impl<'a> From<&'a String> for Val<'a> {
    fn from(s: &'a String) -> Self {
        Val::Text(s)
    }
}

impl<'a> From<&'a Option<String>> for Val<'a> {
    fn from(s: &'a Option<String>) -> Self {
        s.as_deref().map_or(Val::Null, Val::Text)
    }
}

impl<'a> From<&'a std::borrow::Cow<'_, str>> for Val<'a> {
    fn from(s: &'a std::borrow::Cow<'_, str>) -> Self {
        Val::Text(s)
    }
}

impl<'a> From<&'a Option<std::borrow::Cow<'_, str>>> for Val<'a> {
    fn from(s: &'a Option<std::borrow::Cow<'_, str>>) -> Self {
        s.as_deref().map_or(Val::Null, Val::Text)
    }
}

impl From<Option<i64>> for Val<'_> {
    fn from(n: Option<i64>) -> Self {
        n.map_or(Val::Null, Val::Int)
    }
}

/// For the statements that still go through rusqlite (an `UPDATE` of a
/// changed port takes the same row of values as its insert).
impl ToSql for Val<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match *self {
            Val::Null => ValueRef::Null,
            Val::Int(n) => ValueRef::Integer(n),
            Val::Text(s) => ValueRef::Text(s.as_bytes()),
        }))
    }
}

/// A prepared statement owned outside rusqlite's cache, bound in place.
///
/// It must be dropped (finalized) before its connection closes: SQLite
/// refuses to close a connection with live statements. [`crate::sqlite`]
/// keeps its statements next to the connection and drops them first
/// whenever it replaces or closes it.
pub(crate) struct Prepared {
    stmt: NonNull<ffi::sqlite3_stmt>,
    params: c_int,
}

// SAFETY: a statement is used only by the thread that owns its store, like
// the store's `Connection` (which is `Send`); SQLite connections opened
// with `SQLITE_OPEN_NO_MUTEX` may move between threads as long as two
// threads never use one at the same time, which `&mut self` guarantees.
unsafe impl Send for Prepared {}

impl Prepared {
    /// Prepares `sql` on `conn`.
    ///
    /// # Safety
    ///
    /// The statement must be dropped before `conn` is closed.
    pub(crate) unsafe fn new(conn: &Connection, sql: &str) -> rusqlite::Result<Prepared> {
        let len = c_int::try_from(sql.len()).map_err(|_| rusqlite::Error::InvalidQuery)?;
        // SAFETY: `handle` is the live connection; SQLite reads `len`
        // bytes of `sql` and writes the statement pointer.
        unsafe {
            let db = conn.handle();
            let mut stmt = std::ptr::null_mut();
            let rc = ffi::sqlite3_prepare_v3(
                db,
                sql.as_ptr().cast(),
                len,
                ffi::SQLITE_PREPARE_PERSISTENT as _,
                &mut stmt,
                std::ptr::null_mut(),
            );
            if rc != ffi::SQLITE_OK {
                return Err(error(db, rc));
            }
            let stmt = NonNull::new(stmt).ok_or(rusqlite::Error::InvalidQuery)?;
            let params = ffi::sqlite3_bind_parameter_count(stmt.as_ptr());
            Ok(Prepared { stmt, params })
        }
    }

    /// Binds `values` in order (exactly as many as the statement has
    /// parameters), runs the statement to completion, then resets it and
    /// clears its bindings.
    pub(crate) fn execute<'v>(
        &mut self,
        values: impl IntoIterator<Item = Val<'v>>,
    ) -> rusqlite::Result<()> {
        let stmt = self.stmt.as_ptr();
        let mut bound: c_int = 0;
        let mut rc = ffi::SQLITE_OK;
        for v in values {
            bound += 1;
            if bound > self.params {
                break;
            }
            // SAFETY: `stmt` is live; with SQLITE_STATIC SQLite reads the
            // text only while this call steps the statement, and the
            // bindings are cleared before the borrow of `values` ends.
            rc = unsafe {
                match v {
                    Val::Null => ffi::sqlite3_bind_null(stmt, bound),
                    Val::Int(n) => ffi::sqlite3_bind_int64(stmt, bound, n),
                    Val::Text(s) => ffi::sqlite3_bind_text64(
                        stmt,
                        bound,
                        // An empty slice's pointer may dangle; SQLite reads
                        // no byte of it, but give it a real one anyway.
                        if s.is_empty() {
                            c"".as_ptr()
                        } else {
                            s.as_ptr().cast()
                        },
                        s.len() as ffi::sqlite3_uint64,
                        ffi::SQLITE_STATIC(),
                        ffi::SQLITE_UTF8 as _,
                    ),
                }
            };
            if rc != ffi::SQLITE_OK {
                break;
            }
        }
        // SAFETY: `stmt` is live and owned by `self`.
        unsafe {
            let db = ffi::sqlite3_db_handle(stmt);
            let result = if rc != ffi::SQLITE_OK {
                Err(error(db, rc))
            } else if bound != self.params {
                Err(rusqlite::Error::InvalidParameterCount(
                    bound as usize,
                    self.params as usize,
                ))
            } else {
                match ffi::sqlite3_step(stmt) {
                    ffi::SQLITE_DONE => Ok(()),
                    ffi::SQLITE_ROW => Err(rusqlite::Error::ExecuteReturnedResults),
                    rc => Err(error(db, rc)),
                }
            };
            ffi::sqlite3_reset(stmt);
            ffi::sqlite3_clear_bindings(stmt);
            result
        }
    }
}

impl Drop for Prepared {
    fn drop(&mut self) {
        // SAFETY: the statement is live and finalized exactly once.
        unsafe {
            ffi::sqlite3_finalize(self.stmt.as_ptr());
        }
    }
}

/// The error SQLite reports for `rc` on `db`, with its message.
///
/// # Safety
///
/// `db` must be a live connection.
unsafe fn error(db: *mut ffi::sqlite3, rc: c_int) -> rusqlite::Error {
    // SAFETY: the caller passes a live connection; the message is copied
    // before any other call on it.
    let msg = unsafe {
        let p = ffi::sqlite3_errmsg(db);
        (!p.is_null()).then(|| std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned())
    };
    rusqlite::Error::SqliteFailure(ffi::Error::new(rc), msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t (a TEXT, b INTEGER, c TEXT NOT NULL)")
            .unwrap();
        c
    }

    #[test]
    fn values_are_stored_as_bound_after_the_strings_are_gone() {
        let c = conn();
        let mut st = unsafe { Prepared::new(&c, "INSERT INTO t VALUES (?,?,?),(?,?,?)") }.unwrap();
        for round in 0..3 {
            // Fresh strings each round, dropped before the next: a stale
            // binding would show up as the wrong text.
            let a = format!("alpha-{round}");
            let c_text = "x".repeat(round * 1000);
            st.execute([
                Val::Text(&a),
                Val::Int(round as i64),
                Val::Text(&c_text),
                Val::Null,
                Val::Null,
                Val::Text(""),
            ])
            .unwrap();
        }
        let rows: Vec<(Option<String>, Option<i64>, String)> = c
            .prepare("SELECT a, b, c FROM t ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows.len(), 6);
        assert_eq!(rows[4], (Some("alpha-2".into()), Some(2), "x".repeat(2000)));
        assert_eq!(rows[5], (None, None, String::new()));
    }

    #[test]
    fn a_failed_step_reports_sqlites_error_and_the_statement_runs_again() {
        let c = conn();
        let mut st = unsafe { Prepared::new(&c, "INSERT INTO t VALUES (?,?,?)") }.unwrap();
        let e = st.execute([Val::Null, Val::Null, Val::Null]).unwrap_err();
        assert!(e.to_string().contains("NOT NULL"), "{e}");
        assert_eq!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::ConstraintViolation)
        );
        st.execute([Val::Null, Val::Int(1), Val::Text("ok")])
            .unwrap();
        let n: i64 = c
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn too_few_or_too_many_values_are_refused_without_running() {
        let c = conn();
        let mut st = unsafe { Prepared::new(&c, "INSERT INTO t VALUES (?,?,?)") }.unwrap();
        assert!(matches!(
            st.execute([Val::Text("a")]),
            Err(rusqlite::Error::InvalidParameterCount(1, 3))
        ));
        assert!(st
            .execute([Val::Text("a"), Val::Int(1), Val::Text("b"), Val::Null])
            .is_err());
        let n: i64 = c
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn bad_sql_is_an_error() {
        let c = conn();
        assert!(unsafe { Prepared::new(&c, "INSERT INTO missing VALUES (?)") }.is_err());
        assert!(unsafe { Prepared::new(&c, "") }.is_err());
    }
}
