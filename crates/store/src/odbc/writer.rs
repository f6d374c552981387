//! The ODBC site writer: executes a [`crate::plan::DevicePlan`] in one
//! transaction per device, with statements prepared once per site.

use super::batch::{
    column_names, probe_arrays, read_all, Binder, Binding, ExecError, Kind, Stmt, Val,
};
use super::dialect::{Dialect, DialectKind};
use super::tables::{self, Table};
use super::{conn_str, resolve, OdbcConfig};
use crate::error::StoreError;
use crate::plan::{plan, ChangeKind, DevicePlan, Existing, PortChange};
use crate::rows::SpanRow;
use crate::schema::SCHEMA_VERSION;
use crate::sqlite::{IngestEntry, IngestRecord, WriteStats};
use odbc_api::{Connection, ConnectionOptions, SharedConnection};
use statetrace_model::Device;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// `Interfaces` / `InterfaceHistory` value columns, as in the SQLite backend.
const IF_COLS: [&str; 15] = [
    "Port",
    "Name",
    "Status",
    "VLAN",
    "Duplex",
    "Speed",
    "Type",
    "LearnedMACs",
    "AuthState",
    "AuthMode",
    "AuthClientMAC",
    "AuthTemplate",
    "Config",
    "Mode",
    "MissingAuthCmds",
];

/// `DeviceSummary` / `DeviceHistory` value columns after Hostname.
const SUMMARY_COLS: [&str; 15] = [
    "Make",
    "Model",
    "Uptime",
    "Site",
    "Building",
    "Room",
    "Ports",
    "AuthDefaultVLAN",
    "AuthBlock",
    "Version",
    "Serial",
    "Location",
    "Floor",
    "Row",
    "Rack",
];

/// `SpanInfo` / `SpanHistory` value columns after Hostname.
const SPAN_COLS: [&str; 9] = [
    "Vlan",
    "RootSwitch",
    "RootPort",
    "Role",
    "Upstream",
    "State",
    "Cost",
    "RootCost",
    "Protocol",
];

/// A prepared statement and the columns its markers stand for, in order.
struct Op {
    stmt: Stmt,
    cols: Vec<&'static str>,
}

impl Op {
    /// Prepares `sql` whose markers stand for `cols` of `table`.
    fn new(
        conn: &SharedConnection<'static>,
        table: &Table,
        sql: String,
        cols: Vec<&'static str>,
    ) -> Result<Op, ExecError> {
        let kinds = cols
            .iter()
            .map(|c| {
                table.column(c).map(|col| Kind::of(col.ty)).ok_or_else(|| {
                    ExecError::Value(format!("internal: {} has no column {c}", table.name))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Op {
            stmt: Stmt::prepare(conn, sql, kinds)?,
            cols,
        })
    }

    /// The values of one row, looked up by column name.
    fn row<'a>(&self, value: impl Fn(&str) -> Option<Val<'a>>) -> Result<Vec<Val<'a>>, ExecError> {
        self.cols
            .iter()
            .map(|c| {
                value(c)
                    .ok_or_else(|| ExecError::Value(format!("internal: no value for column {c}")))
            })
            .collect()
    }
}

/// An upsert: one statement where the dialect has `ON CONFLICT`, else an
/// UPDATE and, when it affected no row, an INSERT.
enum Upsert {
    OnConflict(Op),
    UpdateThenInsert { update: Op, insert: Op },
}

impl Upsert {
    fn new(
        conn: &SharedConnection<'static>,
        d: &Dialect,
        t: &Table,
        key: &'static str,
        cols: &[&'static str],
    ) -> Result<Upsert, ExecError> {
        if let Some(sql) = d.upsert(t, key, cols) {
            return Ok(Upsert::OnConflict(Op::new(conn, t, sql, cols.to_vec())?));
        }
        let set: Vec<&'static str> = cols.iter().copied().filter(|c| *c != key).collect();
        let mut update_cols = set.clone();
        update_cols.push(key);
        Ok(Upsert::UpdateThenInsert {
            update: Op::new(conn, t, d.update(t, &set, &[key]), update_cols)?,
            insert: Op::new(conn, t, d.insert(t, cols), cols.to_vec())?,
        })
    }

    /// Writes the row. `exists` says whether the row was there before, for
    /// drivers that cannot count the rows an UPDATE affected.
    fn run<'a>(
        &mut self,
        b: &mut Binder,
        exists: bool,
        value: impl Fn(&str) -> Option<Val<'a>> + Copy,
    ) -> Result<(), ExecError> {
        match self {
            Upsert::OnConflict(op) => op.stmt.execute_rows(&[op.row(value)?], b),
            Upsert::UpdateThenInsert { update, insert } => {
                let affected = update.stmt.execute_one(&update.row(value)?, b)?;
                if affected.map_or(!exists, |n| n == 0) {
                    insert.stmt.execute_rows(&[insert.row(value)?], b)?;
                }
                Ok(())
            }
        }
    }
}

/// Every statement a device write uses, prepared once per site.
struct Statements {
    summary_signatures: Op,
    stored_ports: Op,
    summary: Upsert,
    device_history: Op,
    port_insert: Op,
    port_update: Op,
    port_history: Op,
    removed_history: Op,
    port_delete: Op,
    span_delete: Op,
    span_insert: Op,
    span_history: Op,
    ingestion: Upsert,
}

fn cols(parts: &[&[&'static str]]) -> Vec<&'static str> {
    parts.concat()
}

impl Statements {
    fn prepare(conn: &SharedConnection<'static>, d: &Dialect) -> Result<Statements, ExecError> {
        use tables::{
            DEVICE_HISTORY, DEVICE_SUMMARY, INGESTION_HISTORY, INTERFACES, INTERFACE_HISTORY,
            SPAN_HISTORY, SPAN_INFO,
        };
        let summary_cols = cols(&[
            &["Hostname"],
            &SUMMARY_COLS,
            &["LastUpdated", "Signature", "SpanSignature"],
        ]);
        let device_history_cols = cols(&[&["Hostname", "RunDate"], &SUMMARY_COLS]);
        let port_cols = cols(&[&["Hostname"], &IF_COLS, &["LastUpdated", "Signature"]]);
        let mut port_set = cols(&[&IF_COLS, &["LastUpdated", "Signature"]]);
        let history_cols = cols(&[&["Hostname", "RunDate"], &IF_COLS, &["ChangeType"]]);
        let copied = cols(&[&["Hostname", "RunDate"], &IF_COLS]);
        let span_info_cols = cols(&[
            &["Hostname"],
            &SPAN_COLS[..5],
            &["LastUpdated"],
            &SPAN_COLS[5..],
        ]);
        let span_history_cols = cols(&[&["Hostname", "RunDate"], &SPAN_COLS]);
        let ingestion_cols = [
            "Hostname",
            "Site",
            "FileHash",
            "SourceLength",
            "LastIngestedUtc",
        ];
        let port_update = d.update(&INTERFACES, &port_set, &["Hostname", "Port"]);
        port_set.extend(["Hostname", "Port"]);
        Ok(Statements {
            summary_signatures: Op::new(
                conn,
                &DEVICE_SUMMARY,
                d.select(
                    &DEVICE_SUMMARY,
                    &["Signature", "SpanSignature"],
                    &["Hostname"],
                ),
                vec!["Hostname"],
            )?,
            stored_ports: Op::new(
                conn,
                &INTERFACES,
                d.select(&INTERFACES, &["Port", "Signature"], &["Hostname"]),
                vec!["Hostname"],
            )?,
            summary: Upsert::new(conn, d, &DEVICE_SUMMARY, "Hostname", &summary_cols)?,
            device_history: Op::new(
                conn,
                &DEVICE_HISTORY,
                d.insert(&DEVICE_HISTORY, &device_history_cols),
                device_history_cols,
            )?,
            port_insert: Op::new(
                conn,
                &INTERFACES,
                d.insert(&INTERFACES, &port_cols),
                port_cols,
            )?,
            port_update: Op::new(conn, &INTERFACES, port_update, port_set)?,
            port_history: Op::new(
                conn,
                &INTERFACE_HISTORY,
                d.insert(&INTERFACE_HISTORY, &history_cols),
                history_cols,
            )?,
            removed_history: Op::new(
                conn,
                &INTERFACE_HISTORY,
                d.copy_to_history(
                    &INTERFACE_HISTORY,
                    &INTERFACES,
                    &copied,
                    "RunDate",
                    ("ChangeType", "removed"),
                    &["Hostname", "Port"],
                ),
                vec!["RunDate", "Hostname", "Port"],
            )?,
            port_delete: Op::new(
                conn,
                &INTERFACES,
                d.delete(&INTERFACES, &["Hostname", "Port"]),
                vec!["Hostname", "Port"],
            )?,
            span_delete: Op::new(
                conn,
                &SPAN_INFO,
                d.delete(&SPAN_INFO, &["Hostname"]),
                vec!["Hostname"],
            )?,
            span_insert: Op::new(
                conn,
                &SPAN_INFO,
                d.insert(&SPAN_INFO, &span_info_cols),
                span_info_cols,
            )?,
            span_history: Op::new(
                conn,
                &SPAN_HISTORY,
                d.insert(&SPAN_HISTORY, &span_history_cols),
                span_history_cols,
            )?,
            ingestion: Upsert::new(conn, d, &INGESTION_HISTORY, "Hostname", &ingestion_cols)?,
        })
    }
}

/// Rows read back as text: one `Vec` per row, `None` for NULL.
pub type TextRows = Vec<Vec<Option<String>>>;

/// A whole table read back as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDump {
    /// The column names, in table order.
    pub columns: Vec<String>,
    /// Every row, in no particular order.
    pub rows: TextRows,
}

/// An open ODBC site database, written by one writer.
pub struct OdbcSite {
    site: String,
    location: String,
    secrets: Vec<String>,
    dialect: DialectKind,
    binder: Binder,
    statements: Statements,
    /// Declared last: the statements hold clones and go first.
    conn: SharedConnection<'static>,
}

impl std::fmt::Debug for OdbcSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OdbcSite")
            .field("site", &self.site)
            .field("location", &self.location)
            .field("dialect", &self.dialect)
            .field("binding", &self.binder.binding)
            .finish()
    }
}

impl OdbcSite {
    /// Connects to the data source of `site`, creates missing tables (and
    /// columns an older database lacks), and prepares every statement.
    pub fn open(cfg: &OdbcConfig, site: &str) -> Result<OdbcSite, StoreError> {
        Self::open_with(cfg, site, |_| {})
    }

    /// [`Self::open`] with the dialect's choices adjusted: lets the tests
    /// run Access's way of writing (no ON CONFLICT, 32-bit integers) on a
    /// driver that exists on Linux.
    fn open_with(
        cfg: &OdbcConfig,
        site: &str,
        adjust: impl FnOnce(&mut Dialect),
    ) -> Result<OdbcSite, StoreError> {
        let raw = conn_str::with_site(&cfg.connection_string, site)
            .unwrap_or_else(|_| cfg.connection_string.clone());
        let secrets = conn_str::secrets(&raw);
        let fail = |location: &str, m: &dyn std::fmt::Display| {
            StoreError::new(site, location, conn_str::scrub(&m.to_string(), &secrets))
        };
        let resolved = resolve(cfg, site).map_err(|m| fail(&conn_str::mask(&raw), &m))?;
        let location = resolved.location();
        let env = odbc_api::environment()
            .map_err(|e| fail(&location, &format!("cannot set up ODBC: {e}")))?;
        let conn = env
            .connect_with_connection_string(
                &resolved.connection_string,
                ConnectionOptions::default(),
            )
            .map_err(|e| {
                fail(
                    &location,
                    &format!("cannot connect: {}", e.to_string().replace('\n', " ")),
                )
            })?;
        let kind = match resolved.dialect {
            Some(kind) => kind,
            None => detect_dialect(&conn).map_err(|m| fail(&location, &m))?,
        };
        let mut dialect = Dialect::new(kind);
        adjust(&mut dialect);
        let binding = if cfg.force_row_by_row || !probe_arrays(&conn) {
            Binding::RowByRow
        } else {
            Binding::Arrays
        };
        let mut binder = Binder {
            typed_dates: dialect.typed_dates,
            int32: dialect.int32,
            batch_size: cfg.batch_size.max(1),
            binding,
        };
        ensure_tables(&conn, &dialect).map_err(|m| fail(&location, &m))?;
        let conn: SharedConnection<'static> = Arc::new(Mutex::new(conn));
        ensure_version(&conn, &dialect, &mut binder).map_err(|m| fail(&location, &m))?;
        lock(&conn)
            .and_then(|c| c.set_autocommit(false).map_err(|e| e.to_string()))
            .map_err(|m| fail(&location, &format!("cannot start transactions: {m}")))?;
        let statements = Statements::prepare(&conn, &dialect).map_err(|e| fail(&location, &e))?;
        Ok(OdbcSite {
            site: site.to_string(),
            location,
            secrets,
            dialect: kind,
            binder,
            statements,
            conn,
        })
    }

    /// The site.
    pub fn site(&self) -> &str {
        &self.site
    }

    /// The data source, with any password masked.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// The SQL dialect in use.
    pub fn dialect(&self) -> DialectKind {
        self.dialect
    }

    /// How rows currently reach the driver (arrays can fall back to row by
    /// row if the driver refuses them at execution).
    pub fn binding(&self) -> Binding {
        self.binder.binding
    }

    fn error(&self, message: impl std::fmt::Display) -> StoreError {
        StoreError::new(
            &self.site,
            &self.location,
            conn_str::scrub(&message.to_string(), &self.secrets),
        )
    }

    fn end_transaction(&self, commit: bool) -> Result<(), String> {
        let conn = lock(&self.conn)?;
        let r = if commit {
            conn.commit()
        } else {
            conn.rollback()
        };
        r.map_err(|e| e.to_string().replace('\n', " "))
    }

    /// Every row of one of the schema's tables, each value as text (dates
    /// as `YYYY-MM-DD HH:MM:SS`), with the column names: for reports and
    /// for comparing backends.
    pub fn dump_table(&self, table: &str) -> Result<TableDump, StoreError> {
        let t = tables::by_name(table)
            .ok_or_else(|| self.error(format!("no table {table} in the schema")))?;
        let sql = Dialect::new(self.dialect).select(
            t,
            &t.columns.iter().map(|c| c.name).collect::<Vec<_>>(),
            &[],
        );
        let (columns, rows) = self.read(&sql, true).map_err(|m| self.error(m))?;
        Ok(TableDump { columns, rows })
    }

    /// Runs a query outside any device write and ends its transaction;
    /// gives the column names too when asked.
    fn read(&self, sql: &str, with_names: bool) -> Result<(Vec<String>, TextRows), String> {
        let conn = lock(&self.conn)?;
        let result = (|| -> Result<_, odbc_api::Error> {
            match conn.execute(sql, (), None)? {
                Some(mut cursor) => {
                    let names = if with_names {
                        column_names(&mut cursor)?
                    } else {
                        Vec::new()
                    };
                    Ok((names, read_all(cursor)?))
                }
                None => Ok((Vec::new(), Vec::new())),
            }
        })();
        // Reading opened a transaction (autocommit is off): end it, so a
        // server does not hold a snapshot for the rest of the run.
        let ended = conn.commit();
        let out = result.map_err(|e| e.to_string().replace('\n', " "))?;
        ended.map_err(|e| e.to_string().replace('\n', " "))?;
        Ok(out)
    }

    /// Every device's ingestion record, keyed by lower-case hostname.
    pub fn ingestion_history(&self) -> Result<HashMap<String, IngestEntry>, StoreError> {
        let t = &tables::INGESTION_HISTORY;
        let sql = Dialect::new(self.dialect).select(
            t,
            &["Hostname", "FileHash", "SourceLength", "LastIngestedUtc"],
            &[],
        );
        let (_, rows) = self.read(&sql, false).map_err(|m| self.error(m))?;
        let mut out = HashMap::with_capacity(rows.len());
        for row in rows {
            let text = |i: usize| row.get(i).cloned().flatten().unwrap_or_default();
            let host = text(0);
            if host.is_empty() {
                continue;
            }
            out.insert(
                host.to_lowercase(),
                IngestEntry {
                    hash: text(1),
                    // A length that does not read back as a number never
                    // matches, so the device is simply processed again.
                    source_length: text(2).trim().parse().unwrap_or(u64::MAX),
                    last_ingested_utc: text(3),
                },
            );
        }
        Ok(out)
    }

    /// Writes one device in one transaction: summary, ports, spanning tree,
    /// history rows for what changed, and its ingestion record.
    pub fn write_device(
        &mut self,
        device: &Device,
        run_date: &str,
        record: &IngestRecord,
    ) -> Result<WriteStats, StoreError> {
        let result = self.write_in_tx(device, run_date, record);
        let ended = self.end_transaction(result.is_ok());
        match (result, ended) {
            (Ok(stats), Ok(())) => Ok(stats),
            (Ok(_), Err(e)) => Err(self.error(format!("{}: commit failed: {e}", device.hostname))),
            (Err(e), Ok(())) => Err(self.error(format!("{}: {e}", device.hostname))),
            (Err(e), Err(r)) => Err(self.error(format!(
                "{}: {e} (and the rollback failed: {r})",
                device.hostname
            ))),
        }
    }

    fn load_existing(&mut self, host: &str) -> Result<(Existing, bool), ExecError> {
        let st = &mut self.statements;
        let sigs = st
            .summary_signatures
            .stmt
            .query(&[Val::Text(host)], &self.binder)?;
        let exists = !sigs.is_empty();
        let (summary_signature, span_signature) = sigs
            .into_iter()
            .next()
            .map(|mut r| {
                let span = r.get_mut(1).and_then(Option::take);
                (r.get_mut(0).and_then(Option::take), span)
            })
            .unwrap_or_default();
        let mut ports = HashMap::new();
        for mut row in st
            .stored_ports
            .stmt
            .query(&[Val::Text(host)], &self.binder)?
        {
            let sig = row.get_mut(1).and_then(Option::take);
            if let Some(port) = row.get_mut(0).and_then(Option::take) {
                ports.insert(port.to_lowercase(), (port, sig));
            }
        }
        Ok((
            Existing {
                summary_signature,
                span_signature,
                ports,
            },
            exists,
        ))
    }

    fn write_in_tx(
        &mut self,
        device: &Device,
        run_date: &str,
        record: &IngestRecord,
    ) -> Result<WriteStats, ExecError> {
        let host = device.hostname.as_str();
        let (existing, exists) = self.load_existing(host)?;
        let plan = plan(device, existing);
        let b = &mut self.binder;
        let st = &mut self.statements;

        let summary = |c: &str| summary_value(&plan, run_date, c);
        st.summary.run(b, exists, summary)?;
        if plan.summary_changed {
            let row = st.device_history.row(summary)?;
            st.device_history.stmt.execute_rows(&[row], b)?;
        }

        let rows_of = |op: &Op, kind: Option<ChangeKind>| -> Result<Vec<Vec<Val<'_>>>, ExecError> {
            plan.port_changes
                .iter()
                .filter(|c| kind.is_none_or(|k| c.kind == k))
                .map(|c| op.row(|col| port_value(host, run_date, c, col)))
                .collect()
        };
        let added = rows_of(&st.port_insert, Some(ChangeKind::Added))?;
        st.port_insert.stmt.execute_rows(&added, b)?;
        let changed = rows_of(&st.port_update, Some(ChangeKind::Changed))?;
        st.port_update.stmt.execute_rows(&changed, b)?;
        let history = rows_of(&st.port_history, None)?;
        st.port_history.stmt.execute_rows(&history, b)?;

        // Ports the device no longer has: recorded as removed, then deleted.
        let removed = |op: &Op| -> Result<Vec<Vec<Val<'_>>>, ExecError> {
            plan.removed
                .iter()
                .map(|port| {
                    op.row(|c| match c {
                        "Hostname" => Some(Val::Text(host)),
                        "Port" => Some(Val::Text(port)),
                        "RunDate" => Some(Val::Date(run_date)),
                        _ => None,
                    })
                })
                .collect()
        };
        let rows = removed(&st.removed_history)?;
        st.removed_history.stmt.execute_rows(&rows, b)?;
        let rows = removed(&st.port_delete)?;
        st.port_delete.stmt.execute_rows(&rows, b)?;

        if plan.span_changed {
            st.span_delete.stmt.execute_one(&[Val::Text(host)], b)?;
            let span_rows = |op: &Op| -> Result<Vec<Vec<Val<'_>>>, ExecError> {
                plan.span_rows
                    .iter()
                    .map(|r| op.row(|c| span_value(host, run_date, r, c)))
                    .collect()
            };
            let rows = span_rows(&st.span_insert)?;
            st.span_insert.stmt.execute_rows(&rows, b)?;
            let rows = span_rows(&st.span_history)?;
            st.span_history.stmt.execute_rows(&rows, b)?;
        }

        let length = i64::try_from(record.source_length).map_err(|_| {
            ExecError::Value(format!(
                "source length {} is too large",
                record.source_length
            ))
        })?;
        // The ingestion record is written with the summary, in the same
        // transaction, so it exists exactly when the summary did.
        st.ingestion.run(b, exists, |c| match c {
            "Hostname" => Some(Val::Text(host)),
            "Site" => Some(Val::Text(&device.site)),
            "FileHash" => Some(Val::Text(&record.hash)),
            "SourceLength" => Some(Val::Int(length)),
            "LastIngestedUtc" => Some(Val::Date(run_date)),
            _ => None,
        })?;

        let inserted = plan
            .port_changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Added)
            .count() as u64;
        Ok(WriteStats {
            inserted,
            updated: plan.port_changes.len() as u64 - inserted,
            deleted: plan.removed.len() as u64,
            unchanged: plan.unchanged,
            history_rows: plan.history_rows(),
            duplicate_ports: plan.duplicates,
        })
    }
}

fn lock<'a>(
    conn: &'a SharedConnection<'static>,
) -> Result<MutexGuard<'a, Connection<'static>>, String> {
    // Only this writer uses the connection; a poisoned lock means an
    // earlier call panicked inside the driver, so refuse rather than guess.
    conn.lock()
        .map_err(|_| "the connection is unusable after an earlier failure".to_string())
}

fn summary_value<'a>(plan: &'a DevicePlan, run_date: &'a str, col: &str) -> Option<Val<'a>> {
    let s = &plan.summary;
    Some(match col {
        "Hostname" => Val::Text(&s.hostname),
        "Make" => (&s.make).into(),
        "Model" => (&s.model).into(),
        "Uptime" => (&s.uptime).into(),
        "Site" => Val::Text(&s.site),
        "Building" => (&s.building).into(),
        "Room" => (&s.room).into(),
        "Ports" => Val::Int(s.ports),
        "AuthDefaultVLAN" => (&s.auth_default_vlan).into(),
        "AuthBlock" => (&s.auth_block).into(),
        "Version" => (&s.version).into(),
        "Serial" => (&s.serial).into(),
        "Location" => (&s.location).into(),
        "Floor" => (&s.floor).into(),
        "Row" => (&s.row).into(),
        "Rack" => (&s.rack).into(),
        "LastUpdated" | "RunDate" => Val::Date(run_date),
        "Signature" => Val::Text(&plan.summary_signature),
        "SpanSignature" => Val::Text(&plan.span_signature),
        _ => return None,
    })
}

fn port_value<'a>(
    host: &'a str,
    run_date: &'a str,
    c: &'a PortChange,
    col: &str,
) -> Option<Val<'a>> {
    let r = &c.row;
    Some(match col {
        "Hostname" => Val::Text(host),
        "Port" => Val::Text(&r.port),
        "Name" => (&r.name).into(),
        "Status" => (&r.status).into(),
        "VLAN" => r.vlan.into(),
        "Duplex" => (&r.duplex).into(),
        "Speed" => (&r.speed).into(),
        "Type" => (&r.port_type).into(),
        "LearnedMACs" => (&r.learned_macs).into(),
        "AuthState" => (&r.auth_state).into(),
        "AuthMode" => (&r.auth_mode).into(),
        "AuthClientMAC" => (&r.auth_client_mac).into(),
        "AuthTemplate" => (&r.auth_template).into(),
        "Config" => (&r.config).into(),
        "Mode" => (&r.mode).into(),
        "MissingAuthCmds" => (&r.missing_auth_cmds).into(),
        "LastUpdated" | "RunDate" => Val::Date(run_date),
        "Signature" => Val::Text(&c.signature),
        "ChangeType" => Val::Text(c.kind.as_str()),
        _ => return None,
    })
}

fn span_value<'a>(host: &'a str, run_date: &'a str, r: &'a SpanRow, col: &str) -> Option<Val<'a>> {
    Some(match col {
        "Hostname" => Val::Text(host),
        "Vlan" => Val::Text(&r.vlan),
        "RootSwitch" => (&r.root_switch).into(),
        "RootPort" => (&r.root_port).into(),
        "Role" => (&r.role).into(),
        "Upstream" => (&r.upstream).into(),
        "State" => (&r.state).into(),
        "Cost" => r.cost.into(),
        "RootCost" => r.root_cost.into(),
        "Protocol" => (&r.protocol).into(),
        "LastUpdated" | "RunDate" => Val::Date(run_date),
        _ => return None,
    })
}

/// The dialect of a data source whose connection string did not tell,
/// from the DBMS name the driver reports (`SQL_DBMS_NAME`).
pub(crate) fn detect_dialect(conn: &Connection<'_>) -> Result<DialectKind, String> {
    let name = conn
        .database_management_system_name()
        .map_err(|e| format!("cannot ask the driver which database it reaches: {e}"))?;
    DialectKind::from_driver_name(&name).ok_or_else(|| {
        format!("cannot tell the SQL dialect of this data source (the driver reports {name:?}); pass --odbc-dialect access|sqlite|postgres")
    })
}

/// Creates missing tables (with their indexes) and adds columns an older
/// table lacks. Runs with autocommit on: Access refuses DDL inside a
/// transaction, and each statement stands on its own.
fn ensure_tables(conn: &Connection<'_>, d: &Dialect) -> Result<(), String> {
    let run = |sql: &str| {
        conn.execute(sql, (), None)
            .map(|_| ())
            .map_err(|e| format!("{} (statement: {sql})", e.to_string().replace('\n', " ")))
    };
    for sql in d.prelude() {
        run(&sql)?;
    }
    for t in tables::ALL {
        let existing = match conn.execute(&d.probe(t), (), None) {
            Ok(Some(mut cursor)) => Some(column_names(&mut cursor).map_err(|e| e.to_string())?),
            Ok(None) => Some(Vec::new()),
            Err(_) => None,
        };
        match existing {
            None => {
                run(&d.create_table(t))?;
                for sql in d.create_indexes(t) {
                    run(&sql)?;
                }
            }
            Some(names) if !names.is_empty() => {
                for c in t.columns {
                    let sql = d.add_column(t, c);
                    if !sql.is_empty() && !names.iter().any(|n| n.eq_ignore_ascii_case(c.name)) {
                        run(&sql)?;
                    }
                }
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Records the schema version in a new database and refuses one written
/// by a newer StateTrace, as the SQLite backend does.
fn ensure_version(
    conn: &SharedConnection<'static>,
    d: &Dialect,
    b: &mut Binder,
) -> Result<(), String> {
    let t = &tables::SCHEMA_VERSION;
    let max = format!("SELECT MAX({}) FROM {}", d.q("Version"), d.q(t.name));
    let rows = {
        let c = lock(conn)?;
        let rows = match c.execute(&max, (), None) {
            Ok(Some(cursor)) => read_all(cursor),
            Ok(None) => Ok(Vec::new()),
            Err(e) => Err(e),
        };
        rows.map_err(|e| e.to_string().replace('\n', " "))?
    };
    let version = rows
        .into_iter()
        .next()
        .and_then(|r| r.into_iter().next())
        .flatten();
    match version.map(|v| v.trim().parse::<i64>()) {
        None => {
            let applied_at = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string();
            let cols = vec!["Version", "MigrationName", "AppliedAt", "AppliedBy"];
            let mut op = Op::new(conn, t, d.insert(t, &cols), cols).map_err(|e| e.to_string())?;
            let by = concat!("statetrace ", env!("CARGO_PKG_VERSION"));
            let row = op
                .row(|c| match c {
                    "Version" => Some(Val::Int(SCHEMA_VERSION)),
                    "MigrationName" => Some(Val::Text("initial")),
                    "AppliedAt" => Some(Val::Date(&applied_at)),
                    "AppliedBy" => Some(Val::Text(by)),
                    _ => None,
                })
                .map_err(|e| e.to_string())?;
            op.stmt.execute_rows(&[row], b).map_err(|e| e.to_string())
        }
        Some(Ok(v)) if v > SCHEMA_VERSION => Err(format!(
            "database schema version {v} is newer than this StateTrace understands ({SCHEMA_VERSION})"
        )),
        Some(Ok(_)) => Ok(()),
        Some(Err(_)) => Err("SchemaVersion.Version holds something that is not a number".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use statetrace_model::{Port, SpanInstance, SpanPort};

    fn device(ports: &[(&str, &str, Option<u32>)]) -> Device {
        let mut d = Device::new("WLLS-A01-AS-01");
        d.model = Some("C9300".into());
        d.ports = ports
            .iter()
            .map(|(p, s, vlan)| Port {
                port: p.to_string(),
                status: Some(s.to_string()),
                vlan: *vlan,
                config: Some(format!("interface {p}\n description Büro ✓")),
                ..Port::default()
            })
            .collect();
        d.spanning_tree = vec![SpanInstance {
            vlan: "VLAN0010".into(),
            root_cost: Some(19),
            ports: vec![SpanPort {
                port: "Gi1/0/1".into(),
                role: "Root".into(),
                state: "FWD".into(),
                cost: Some(4),
            }],
            ..SpanInstance::default()
        }];
        d
    }

    fn sqlite_driver_missing() -> bool {
        let listed = odbc_api::environment()
            .and_then(|e| e.drivers())
            .map(|d| d.iter().any(|d| d.description == "SQLite3"))
            .unwrap_or(false);
        if !listed {
            assert!(
                std::env::var_os("STATETRACE_REQUIRE_ODBC").is_none(),
                "STATETRACE_REQUIRE_ODBC is set but the SQLite3 ODBC driver is missing"
            );
            eprintln!(
                "SKIPPED: ODBC storage conformance (access-style writes): no SQLite3 ODBC driver"
            );
        }
        !listed
    }

    /// Every table without its ID column, rows sorted; AppliedAt blanked.
    fn contents(w: &OdbcSite) -> Vec<(String, Vec<String>, TextRows)> {
        tables::ALL
            .iter()
            .map(|t| {
                let dump = w.dump_table(t.name).unwrap();
                let keep: Vec<usize> = (0..dump.columns.len())
                    .filter(|i| !matches!(dump.columns[*i].as_str(), "ID" | "AppliedAt"))
                    .collect();
                let mut rows: TextRows = dump
                    .rows
                    .iter()
                    .map(|r| keep.iter().map(|i| r[*i].clone()).collect())
                    .collect();
                rows.sort();
                let cols = keep.iter().map(|i| dump.columns[*i].clone()).collect();
                (t.name.to_string(), cols, rows)
            })
            .collect()
    }

    /// Access's way of writing (UPDATE, then INSERT when no row was
    /// affected; 32-bit integers; row by row) run on sqliteodbc must store
    /// exactly what the SQLite dialect's ON CONFLICT upserts store.
    #[test]
    fn access_style_writes_store_the_same_rows() {
        if sqlite_driver_missing() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let rounds = [
            device(&[
                ("Gi1/0/1", "connected", Some(10)),
                ("Gi1/0/2", "notconnect", None),
                ("Gi1/0/3", "connected", Some(0)),
            ]),
            device(&[
                ("GI1/0/1", "disabled", Some(10)),
                ("Gi1/0/3", "connected", Some(0)),
                ("Gi1/0/4", "connected", Some(20)),
            ]),
        ];
        let run = |name: &str, access_like: bool| {
            let mut cfg = OdbcConfig::new(format!(
                "Driver={{SQLite3}};Database={}/{name}.sqlite",
                dir.path().display()
            ));
            cfg.force_row_by_row = access_like;
            cfg.batch_size = 2;
            let mut stats = Vec::new();
            for (n, d) in rounds.iter().chain(&rounds[1..]).enumerate() {
                let mut w = OdbcSite::open_with(&cfg, "WLLS", |dialect| {
                    if access_like {
                        dialect.on_conflict = false;
                        dialect.int32 = true;
                    }
                })
                .unwrap();
                let record = IngestRecord {
                    hash: format!("h{n}"),
                    source_length: 100 + n as u64,
                };
                stats.push(
                    w.write_device(d, &format!("2026-11-2{n} 10:00:00"), &record)
                        .unwrap(),
                );
                assert_eq!(
                    w.ingestion_history().unwrap()["wlls-a01-as-01"].hash,
                    format!("h{n}")
                );
            }
            let w = OdbcSite::open(&cfg, "WLLS").unwrap();
            (stats, contents(&w))
        };
        let (want_stats, want) = run("on_conflict", false);
        let (stats, got) = run("access_like", true);
        assert_eq!(stats, want_stats);
        assert_eq!(got, want);
        // One summary row and one ingestion row, however often upserted.
        assert_eq!(got[1].2.len(), 1, "DeviceSummary");
        assert_eq!(got[7].2.len(), 1, "IngestionHistory");
        assert_eq!(got[2].2.len(), 3, "Interfaces");
    }
}
