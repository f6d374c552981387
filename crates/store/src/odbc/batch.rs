//! Prepared statements that take rows in batches.
//!
//! A batch goes to the driver either as column-wise parameter arrays (one
//! execution for many rows) or, where the driver has no parameter arrays,
//! as one execution per row of the same prepared statement. Which one is
//! decided by asking the driver ([`probe_arrays`]), never assumed from its
//! name.

use super::tables::Ty;
use odbc_api::buffers::BufferDesc;
use odbc_api::handles::{AsStatementRef, Statement, StatementConnection};
use odbc_api::sys::{self, StatementAttribute, Timestamp, ULen};
use odbc_api::{
    BindParamDesc, Connection, Cursor, DataType, Prepared, ResultSetMetadata, SharedConnection,
};
use std::fmt;
use std::num::NonZeroUsize;

/// How rows reach the driver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// Column-wise parameter arrays: a batch in one execution.
    Arrays,
    /// One execution of the prepared statement per row.
    RowByRow,
}

impl fmt::Display for Binding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Binding::Arrays => "parameter arrays",
            Binding::RowByRow => "row by row",
        })
    }
}

/// A value for one `?` marker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Val<'a> {
    /// SQL NULL.
    Null,
    /// Text.
    Text(&'a str),
    /// An integer.
    Int(i64),
    /// A date, `YYYY-MM-DD HH:MM:SS`.
    Date(&'a str),
}

impl<'a> From<&'a Option<String>> for Val<'a> {
    fn from(v: &'a Option<String>) -> Val<'a> {
        v.as_deref().map_or(Val::Null, Val::Text)
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
    fn from(v: Option<i64>) -> Self {
        v.map_or(Val::Null, Val::Int)
    }
}

/// How a marker is bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Short text.
    Text,
    /// Long text: bound as a long type, which Access needs for MEMO.
    Memo,
    /// Integer.
    Int,
    /// Date.
    Date,
}

impl Kind {
    /// The binding of a column of type `ty`.
    pub fn of(ty: Ty) -> Kind {
        match ty {
            Ty::Key | Ty::Text => Kind::Text,
            Ty::Memo => Kind::Memo,
            Ty::Int | Ty::BigInt | Ty::Counter => Kind::Int,
            Ty::Date => Kind::Date,
        }
    }
}

/// The choices that shape every binding of a site.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Binder {
    /// Dates as ODBC timestamps (else text).
    pub typed_dates: bool,
    /// Integers as 32-bit.
    pub int32: bool,
    /// Rows per execution (arrays) or per buffer allocation (row by row).
    pub batch_size: usize,
    /// Arrays or row by row.
    pub binding: Binding,
}

/// A failed statement.
#[derive(Debug)]
pub(crate) enum ExecError {
    /// The driver refused it.
    Odbc {
        /// The statement, for the message.
        sql: String,
        /// The driver's diagnostics.
        error: odbc_api::Error,
    },
    /// A value cannot be bound (a date that does not parse, an integer too
    /// large for a 32-bit column, a driver that dropped rows).
    Value(String),
}

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExecError::Odbc { sql, error } => {
                // One line: driver messages end with newlines of their own.
                let msg = error.to_string().replace('\n', " ");
                let short: String = sql.chars().take(90).collect();
                let ellipsis = if short.len() < sql.len() { "..." } else { "" };
                write!(f, "{} (statement: {short}{ellipsis})", msg.trim())
            }
            ExecError::Value(m) => f.write_str(m),
        }
    }
}

type Owned = Prepared<StatementConnection<SharedConnection<'static>>>;

/// Written by the driver before an execution can fill it in; any other
/// value afterwards is the driver's count of parameter sets processed.
const UNSET: ULen = ULen::MAX;

/// A prepared statement with the kinds of its markers, reused for every
/// device of a site.
pub(crate) struct Stmt {
    prepared: Owned,
    kinds: Vec<Kind>,
    sql: String,
    /// Where the driver reports how many parameter sets an execution
    /// processed (`SQL_ATTR_PARAMS_PROCESSED_PTR`). Boxed so its address
    /// stays put; declared after `prepared` so it outlives the statement.
    processed: Box<ULen>,
}

impl Stmt {
    /// Prepares `sql`, whose markers bind as `kinds`.
    pub fn prepare(
        conn: &SharedConnection<'static>,
        sql: String,
        kinds: Vec<Kind>,
    ) -> Result<Stmt, ExecError> {
        let odbc = |error| ExecError::Odbc {
            sql: sql.clone(),
            error,
        };
        let prepared =
            odbc_api::ConnectionTransitions::into_prepared(conn.clone(), &sql).map_err(odbc)?;
        let mut stmt = Stmt {
            prepared,
            kinds,
            sql,
            processed: Box::new(UNSET),
        };
        let ptr: *mut ULen = &mut *stmt.processed;
        let handle = stmt.prepared.as_stmt_ref().as_sys();
        // SAFETY: `handle` is the valid statement of `prepared`; `ptr` points
        // into a heap allocation owned by the same `Stmt` and dropped after
        // the statement (field order), so the driver never writes through a
        // dangling pointer. A driver that does not support the attribute
        // just leaves the value at UNSET, which `check_processed` tolerates,
        // so the call's result is not needed.
        let _ = unsafe {
            sys::SQLSetStmtAttr(
                handle,
                StatementAttribute::ParamsProcessedPtr,
                ptr as sys::Pointer,
                0,
            )
        };
        Ok(stmt)
    }

    fn odbc(&self, error: odbc_api::Error) -> ExecError {
        ExecError::Odbc {
            sql: self.sql.clone(),
            error,
        }
    }

    /// Buffer descriptions wide enough for every row of `rows`.
    fn descs(&self, rows: &[Vec<Val<'_>>], b: &Binder) -> Vec<BindParamDesc> {
        self.kinds
            .iter()
            .enumerate()
            .map(|(i, kind)| {
                let max_text = || {
                    rows.iter()
                        .map(|r| match r.get(i) {
                            Some(Val::Text(s) | Val::Date(s)) => s.encode_utf16().count(),
                            _ => 0,
                        })
                        .max()
                        .unwrap_or(0)
                        .max(1)
                };
                match kind {
                    Kind::Int if b.int32 => BindParamDesc::i32(true),
                    Kind::Int => BindParamDesc::i64(true),
                    Kind::Date if b.typed_dates => BindParamDesc::timestamp(true, 0),
                    Kind::Text | Kind::Date => {
                        let n = max_text();
                        BindParamDesc {
                            buffer_desc: BufferDesc::WText { max_str_len: n },
                            data_type: DataType::WVarchar {
                                length: NonZeroUsize::new(n),
                            },
                        }
                    }
                    Kind::Memo => {
                        let n = max_text();
                        BindParamDesc {
                            buffer_desc: BufferDesc::WText { max_str_len: n },
                            data_type: DataType::WLongVarchar {
                                length: NonZeroUsize::new(n),
                            },
                        }
                    }
                }
            })
            .collect()
    }

    /// Executes the statement once per row, in batches.
    ///
    /// With arrays, a driver that answers HYC00 ("optional feature not
    /// implemented") at execution although the probe passed is switched to
    /// row by row for the rest of the site, and the batch is sent again.
    pub fn execute_rows(&mut self, rows: &[Vec<Val<'_>>], b: &mut Binder) -> Result<(), ExecError> {
        for chunk in rows.chunks(b.batch_size.max(1)) {
            if b.binding == Binding::Arrays && chunk.len() > 1 {
                match self.run_arrays(chunk, b) {
                    Err(ExecError::Odbc {
                        error: odbc_api::Error::Diagnostics { record, .. },
                        ..
                    }) if record.state.as_str() == "HYC00" => {
                        b.binding = Binding::RowByRow;
                    }
                    other => {
                        other?;
                        continue;
                    }
                }
            }
            self.run_rows(chunk, b)?;
        }
        Ok(())
    }

    fn run_arrays(&mut self, rows: &[Vec<Val<'_>>], b: &Binder) -> Result<(), ExecError> {
        let descs = self.descs(rows, b);
        let kinds = self.kinds.clone();
        let sql = self.sql.clone();
        let odbc = |error| ExecError::Odbc {
            sql: sql.clone(),
            error,
        };
        let mut ins = self
            .prepared
            .column_inserter(rows.len(), descs)
            .map_err(odbc)?;
        for (r, row) in rows.iter().enumerate() {
            fill(&mut ins, &kinds, r, row, b)?;
        }
        ins.set_num_rows(rows.len());
        *self.processed = UNSET;
        ins.execute().map_err(odbc)?;
        drop(ins);
        self.check_processed(rows.len())
    }

    /// A driver that ignored the array size would silently store only the
    /// first row: refuse to commit that.
    fn check_processed(&self, expected: usize) -> Result<(), ExecError> {
        let processed = *self.processed;
        if processed != UNSET && processed != expected {
            return Err(ExecError::Value(format!(
                "the driver processed {processed} of {expected} rows of a batch (statement: {})",
                self.sql
            )));
        }
        Ok(())
    }

    fn run_rows(&mut self, rows: &[Vec<Val<'_>>], b: &Binder) -> Result<(), ExecError> {
        let descs = self.descs(rows, b);
        let kinds = self.kinds.clone();
        let sql = self.sql.clone();
        let odbc = |error| ExecError::Odbc {
            sql: sql.clone(),
            error,
        };
        // One buffer set, bound once, refilled for every row.
        let mut ins = self.prepared.column_inserter(1, descs).map_err(odbc)?;
        for row in rows {
            fill(&mut ins, &kinds, 0, row, b)?;
            ins.set_num_rows(1);
            ins.execute().map_err(odbc)?;
        }
        Ok(())
    }

    /// Executes one row and returns the number of rows it affected, when
    /// the driver knows.
    pub fn execute_one(&mut self, row: &[Val<'_>], b: &Binder) -> Result<Option<usize>, ExecError> {
        let rows = [row.to_vec()];
        self.run_rows(&rows, b)?;
        self.prepared.row_count().map_err(|e| self.odbc(e))
    }

    /// Runs a query with one row of values and returns every row, each
    /// value as text.
    pub fn query(
        &mut self,
        row: &[Val<'_>],
        b: &Binder,
    ) -> Result<Vec<Vec<Option<String>>>, ExecError> {
        let sql = self.sql.clone();
        let odbc = |error| ExecError::Odbc {
            sql: sql.clone(),
            error,
        };
        if self.kinds.is_empty() {
            return match self.prepared.execute(()).map_err(odbc)? {
                Some(cursor) => read_all(cursor).map_err(odbc),
                None => Ok(Vec::new()),
            };
        }
        let rows = [row.to_vec()];
        let descs = self.descs(&rows, b);
        let kinds = self.kinds.clone();
        let mut ins = self.prepared.column_inserter(1, descs).map_err(odbc)?;
        fill(&mut ins, &kinds, 0, row, b)?;
        ins.set_num_rows(1);
        let rows = match ins.execute().map_err(odbc)? {
            Some(cursor) => read_all(cursor).map_err(odbc),
            None => Ok(Vec::new()),
        };
        rows
    }
}

type Inserter<'s> = odbc_api::ColumnarBulkInserter<
    odbc_api::handles::StatementRef<'s>,
    odbc_api::parameter::WithDataType<odbc_api::buffers::BoxColumnBuffer>,
>;

/// Writes one row's values into row `r` of the bound buffers.
fn fill(
    ins: &mut Inserter<'_>,
    kinds: &[Kind],
    r: usize,
    row: &[Val<'_>],
    b: &Binder,
) -> Result<(), ExecError> {
    if row.len() != kinds.len() {
        return Err(ExecError::Value(format!(
            "internal: {} values for {} markers",
            row.len(),
            kinds.len()
        )));
    }
    let mismatch = |i: usize| {
        ExecError::Value(format!(
            "internal: marker {} bound to the wrong buffer",
            i + 1
        ))
    };
    let mut wide: Vec<u16> = Vec::new();
    for (i, (kind, val)) in kinds.iter().zip(row).enumerate() {
        let col = ins.column_mut(i);
        match (kind, val) {
            (Kind::Int, v) if b.int32 => {
                let v = match v {
                    Val::Null => None,
                    Val::Int(n) => Some(i32::try_from(*n).map_err(|_| {
                        ExecError::Value(format!(
                            "{n} does not fit the database's 32-bit integer column"
                        ))
                    })?),
                    _ => return Err(mismatch(i)),
                };
                col.as_nullable_slice::<i32>()
                    .ok_or_else(|| mismatch(i))?
                    .set_cell(r, v);
            }
            (Kind::Int, v) => {
                let v = match v {
                    Val::Null => None,
                    Val::Int(n) => Some(*n),
                    _ => return Err(mismatch(i)),
                };
                col.as_nullable_slice::<i64>()
                    .ok_or_else(|| mismatch(i))?
                    .set_cell(r, v);
            }
            (Kind::Date, v) if b.typed_dates => {
                let v = match v {
                    Val::Null => None,
                    Val::Date(s) | Val::Text(s) => Some(parse_timestamp(s)?),
                    Val::Int(_) => return Err(mismatch(i)),
                };
                col.as_nullable_slice::<Timestamp>()
                    .ok_or_else(|| mismatch(i))?
                    .set_cell(r, v);
            }
            (_, v) => {
                let mut text = col.as_wide_text().ok_or_else(|| mismatch(i))?;
                match v {
                    Val::Null => text.set_cell(r, None),
                    Val::Text(s) | Val::Date(s) => {
                        wide.clear();
                        wide.extend(s.encode_utf16());
                        text.set_cell(r, Some(&wide));
                    }
                    Val::Int(_) => return Err(mismatch(i)),
                }
            }
        }
    }
    Ok(())
}

/// `YYYY-MM-DD HH:MM:SS` as an ODBC timestamp.
pub(crate) fn parse_timestamp(s: &str) -> Result<Timestamp, ExecError> {
    let bad = || {
        ExecError::Value(format!(
            "{s:?} is not a date and time of the form YYYY-MM-DD HH:MM:SS"
        ))
    };
    let b = s.as_bytes();
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
    {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| -> Result<u16, ExecError> {
        let part = s.get(r).ok_or_else(bad)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        part.parse().map_err(|_| bad())
    };
    let t = Timestamp {
        year: i16::try_from(num(0..4)?).map_err(|_| bad())?,
        month: num(5..7)?,
        day: num(8..10)?,
        hour: num(11..13)?,
        minute: num(14..16)?,
        second: num(17..19)?,
        fraction: 0,
    };
    if !(1..=12).contains(&t.month)
        || !(1..=31).contains(&t.day)
        || t.hour > 23
        || t.minute > 59
        || t.second > 59
    {
        return Err(bad());
    }
    Ok(t)
}

/// Drivers render a timestamp read as text with a fraction
/// (`2026-11-22 10:00:00.000`); the store's dates have whole seconds, so
/// the value is given back in the form it was written.
pub(crate) fn normalize_date_text(mut s: String) -> String {
    let b = s.as_bytes();
    let looks_like_date = b.len() > 19
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b' '
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'.'
        && b[20..].iter().all(|c| *c == b'0');
    if looks_like_date {
        s.truncate(19);
    }
    s
}

/// Every row of a result set, each value as text (NULL as `None`).
pub(crate) fn read_all(
    mut cursor: impl Cursor,
) -> Result<Vec<Vec<Option<String>>>, odbc_api::Error> {
    let cols = u16::try_from(cursor.num_result_cols()?).unwrap_or(0);
    let mut out = Vec::new();
    let mut buf = Vec::new();
    while let Some(mut row) = cursor.next_row()? {
        let mut values = Vec::with_capacity(usize::from(cols));
        for c in 1..=cols {
            values.push(if row.get_wide_text(c, &mut buf)? {
                Some(normalize_date_text(String::from_utf16_lossy(&buf)))
            } else {
                None
            });
        }
        out.push(values);
    }
    Ok(out)
}

/// Column names of a result set.
pub(crate) fn column_names(
    cursor: &mut impl ResultSetMetadata,
) -> Result<Vec<String>, odbc_api::Error> {
    let n = u16::try_from(cursor.num_result_cols()?).unwrap_or(0);
    (1..=n).map(|c| cursor.col_name(c)).collect()
}

/// Asks the driver whether it takes parameter arrays: sets the parameter
/// set size of a fresh statement to 2 and reads it back. ACE refuses the
/// attribute (HYC00, "optional feature not implemented"); a driver that
/// quietly substitutes 1 (SQLSTATE 01S02) is caught by the read-back.
///
/// This asks rather than reads `SQL_PARAM_ARRAY_ROW_COUNTS` because
/// `odbc-api` has no general `SQLGetInfo` on a connection, and because a
/// probe tests the very operation the writer relies on.
pub(crate) fn probe_arrays(conn: &Connection<'_>) -> bool {
    let Ok(pre) = conn.preallocate() else {
        return false;
    };
    let mut stmt = pre.into_handle();
    // SAFETY: no parameters are bound and nothing is executed on this
    // statement, so a parameter set size of 2 cannot make the driver read
    // beyond any buffer; the statement is freed at the end of this scope.
    let set = unsafe { stmt.set_paramset_size(2) };
    if set.into_result(&stmt).is_err() {
        return false;
    }
    let mut size: ULen = 0;
    // SAFETY: a valid statement handle and a pointer to a live ULen, which
    // is what SQL_ATTR_PARAMSET_SIZE is read into.
    let ret = unsafe {
        sys::SQLGetStmtAttr(
            stmt.as_sys(),
            StatementAttribute::ParamsetSize,
            (&mut size as *mut ULen).cast(),
            0,
            std::ptr::null_mut(),
        )
    };
    matches!(
        ret,
        sys::SqlReturn::SUCCESS | sys::SqlReturn::SUCCESS_WITH_INFO
    ) && size == 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_parse_strictly() {
        let t = parse_timestamp("2026-11-22 10:05:09").unwrap();
        assert_eq!(
            (t.year, t.month, t.day, t.hour, t.minute, t.second),
            (2026, 11, 22, 10, 5, 9)
        );
        for bad in [
            "2026-11-22T10:05:09",
            "2026-13-22 10:05:09",
            "2026-11-22 10:05",
            "abcd-11-22 10:05:09",
            "+026-11-22 10:05:09",
        ] {
            assert!(parse_timestamp(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn date_text_loses_only_a_zero_fraction() {
        assert_eq!(
            normalize_date_text("2026-11-22 10:00:00.000".into()),
            "2026-11-22 10:00:00"
        );
        assert_eq!(
            normalize_date_text("2026-11-22 10:00:00.5".into()),
            "2026-11-22 10:00:00.5"
        );
        assert_eq!(normalize_date_text("version 1.000".into()), "version 1.000");
    }
}
