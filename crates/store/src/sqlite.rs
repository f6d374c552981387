//! The embedded SQLite backend: one database per site.

use crate::backend::BatchOutcome;
use crate::bound::{Prepared, Val};
use crate::create::{create_empty, publish, Building};
use crate::error::StoreError;
use crate::plan::{plan, ChangeKind, Existing};
use crate::rows::InterfaceRow;
use crate::schema::{DDL, SCHEMA_VERSION};
use rusqlite::{
    params, params_from_iter, Connection, OpenFlags, OptionalExtension, TransactionBehavior,
};
use statetrace_model::Device;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

/// `<data>/<SITE>/<SITE>.sqlite`, with characters that are not allowed in
/// file names (`\ / : * ? " < > |` and controls) replaced by `_`.
pub fn site_db_path(data_root: &Path, site: &str) -> PathBuf {
    let safe: String = site
        .chars()
        .map(|c| {
            if matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let safe = match safe.as_str() {
        "" | "." | ".." => format!("_{safe}"),
        _ => safe,
    };
    data_root.join(&safe).join(format!("{safe}.sqlite"))
}

/// How long a write waits for another process's lock by default.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// What the ingestion history records about a device's source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestRecord {
    /// Hash of the device's normalised text (hex).
    pub hash: String,
    /// Length of the device's source text in bytes.
    pub source_length: u64,
}

/// A device's entry in `IngestionHistory`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestEntry {
    /// The content hash recorded at the last ingest.
    pub hash: String,
    /// The source length recorded at the last ingest.
    pub source_length: u64,
    /// When the device was last ingested (UTC).
    pub last_ingested_utc: String,
}

/// What one device write changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Ports inserted.
    pub inserted: u64,
    /// Ports whose row changed.
    pub updated: u64,
    /// Ports deleted because the device no longer has them.
    pub deleted: u64,
    /// Ports left untouched because nothing changed.
    pub unchanged: u64,
    /// Rows appended to the history tables.
    pub history_rows: u64,
    /// Ports listed twice by the parser (first kept).
    pub duplicate_ports: u64,
}

/// An open site database, written by one writer.
pub struct SiteStore {
    /// The multi-row inserts, prepared on `conn` at its first write.
    /// Declared before `conn` and cleared before `conn` is replaced:
    /// SQLite does not close a connection with live statements.
    inserts: Option<Inserts>,
    conn: Connection,
    site: String,
    /// The database's published name.
    path: PathBuf,
    busy_timeout: Duration,
    /// Set when checkpoints run in the background.
    background: Option<crate::checkpoint::Link>,
    /// Set while a first load builds the database privately (see
    /// [`crate::create`]).
    building: Option<Building>,
}

impl Drop for SiteStore {
    fn drop(&mut self) {
        // Before the connection closes, so that it closes last.
        if let Some(link) = self.background.take() {
            link.release();
        }
        // What a first load committed is kept however the store ends; a
        // writer that wants to hear of a failure calls `finish`.
        let _ = self.publish_now(false);
    }
}

impl std::fmt::Debug for SiteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteStore")
            .field("site", &self.site)
            .field("path", &self.path)
            .finish()
    }
}

impl SiteStore {
    /// Opens (creating on demand) the database of `site` under `data_root`.
    ///
    /// The database runs in WAL mode so readers never block the writer and
    /// never see half a device; `synchronous=NORMAL` keeps every committed
    /// device across a process crash (a power cut may lose the last few
    /// commits, never consistency).
    pub fn open(data_root: &Path, site: &str) -> Result<SiteStore, StoreError> {
        let path = site_db_path(data_root, site);
        Self::open_path(&path, site, DEFAULT_BUSY_TIMEOUT)
    }

    /// Opens a database at an explicit path. `busy_timeout` bounds how long
    /// a write waits for a lock held by another process (a reader never
    /// holds one in WAL mode; a maintenance job or a foreign tool might)
    /// before the site fails with "database is locked".
    pub fn open_path(
        path: &Path,
        site: &str,
        busy_timeout: Duration,
    ) -> Result<SiteStore, StoreError> {
        if !path.exists() {
            create_empty(path, site, busy_timeout)?;
        }
        let conn = Self::connect(path, site, busy_timeout)?;
        let mut store = SiteStore {
            inserts: None,
            conn,
            site: site.to_string(),
            path: path.to_path_buf(),
            busy_timeout,
            background: None,
            building: None,
        };
        store.ensure_schema()?;
        Ok(store)
    }

    /// Opens the database at `path` for an ingest. A database that does not
    /// exist yet is built privately and published when the store is
    /// finished (see [`crate::create`]): nobody sees a half-loaded new
    /// site, and a first load writes about half as much.
    pub fn open_for_load(
        path: &Path,
        site: &str,
        busy_timeout: Duration,
    ) -> Result<SiteStore, StoreError> {
        if !path.exists() {
            if let Some((building, conn)) = Building::start(path, site, busy_timeout)? {
                return Ok(SiteStore {
                    inserts: None,
                    conn,
                    site: site.to_string(),
                    path: path.to_path_buf(),
                    busy_timeout,
                    background: None,
                    building: Some(building),
                });
            }
        }
        Self::open_path(path, site, busy_timeout)
    }

    /// Devices written to a first load that is not published yet.
    pub fn unpublished_devices(&self) -> u64 {
        self.building.as_ref().map_or(0, Building::unpublished)
    }

    /// Devices of earlier, successful batches of a first load that a
    /// failed batch took with it (SQLite rolled their transaction back);
    /// they are not stored.
    pub fn lost_devices(&self) -> u64 {
        self.building.as_ref().map_or(0, |b| b.lost)
    }

    /// Publishes a first load now and goes on writing the published
    /// database (in WAL mode, checkpointing in the background); nothing to
    /// do for a database that was published already. On failure the
    /// unpublished devices are lost and the store cannot write any more.
    pub fn publish(&mut self) -> Result<(), StoreError> {
        if self.building.is_none() {
            return Ok(());
        }
        self.publish_now(true)?;
        self.checkpoint_in_background()
    }

    /// Closes the store, publishing a first load: the error says why its
    /// unpublished devices could not be kept.
    pub fn finish(mut self) -> Result<(), StoreError> {
        self.publish_now(false)
    }

    /// Closes the builder's connection, publishes the private file, and
    /// (with `reopen`) connects to the published database.
    fn publish_now(&mut self, reopen: bool) -> Result<(), StoreError> {
        let Some(mut building) = self.building.take() else {
            return Ok(());
        };
        let err = |e: &dyn std::fmt::Display| StoreError::new(&self.site, self.path.display(), e);
        building.commit(&self.conn).map_err(|e| err(&e))?;
        let private = Connection::open_in_memory().map_err(|e| err(&e))?;
        self.inserts = None;
        let builder = std::mem::replace(&mut self.conn, private);
        builder.close().map_err(|(_, e)| err(&e))?;
        publish(&building.tmp, &self.path, &self.site)?;
        drop(building);
        if reopen {
            self.conn = Self::connect(&self.path, &self.site, self.busy_timeout)?;
        }
        Ok(())
    }

    /// A connection to a published database, set up for writing.
    fn connect(path: &Path, site: &str, busy_timeout: Duration) -> Result<Connection, StoreError> {
        let err = |e: &dyn std::fmt::Display| StoreError::new(site, path.display(), e);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| err(&e))?;
        conn.busy_timeout(busy_timeout).map_err(|e| err(&e))?;
        crate::nocase::install(&conn).map_err(|e| err(&e))?;
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        )
        .map_err(|e| err(&e))?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(conn)
    }

    /// Creates the schema if absent and checks its version; on an existing
    /// database this is a no-op transaction.
    fn ensure_schema(&mut self) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction()
            .map_err(|e| StoreError::new(&self.site, self.path.display(), e))?;
        tx.execute_batch(DDL)
            .map_err(|e| StoreError::new(&self.site, self.path.display(), e))?;
        let version: Option<i64> = tx
            .query_row("SELECT MAX(Version) FROM SchemaVersion", [], |r| r.get(0))
            .map_err(|e| StoreError::new(&self.site, self.path.display(), e))?;
        match version {
            None => {
                tx.execute(
                    "INSERT INTO SchemaVersion (Version, MigrationName, AppliedAt, AppliedBy) VALUES (?1, 'initial', datetime('now'), ?2)",
                    params![SCHEMA_VERSION, concat!("statetrace ", env!("CARGO_PKG_VERSION"))],
                )
                .map_err(|e| StoreError::new(&self.site, self.path.display(), e))?;
            }
            Some(v) if v > SCHEMA_VERSION => {
                return Err(StoreError::new(
                    &self.site,
                    self.path.display(),
                    format!("database schema version {v} is newer than this StateTrace understands ({SCHEMA_VERSION})"),
                ));
            }
            Some(_) => {}
        }
        tx.commit()
            .map_err(|e| StoreError::new(&self.site, self.path.display(), e))
    }

    /// Moves this writer's WAL checkpoints to the background checkpointer
    /// thread (see [`crate::checkpoint`]), so no commit waits for one. For a
    /// store that writes a lot; a short-lived store keeps SQLite's own.
    /// A first load has no WAL until it is published; [`SiteStore::publish`]
    /// moves the published database's checkpoints.
    pub fn checkpoint_in_background(&mut self) -> Result<(), StoreError> {
        if self.background.is_none() && self.building.is_none() {
            let page_size: i64 = self
                .conn
                .query_row("PRAGMA page_size", [], |r| r.get(0))
                .map_err(|e| StoreError::new(&self.site, self.path.display(), e))?;
            self.background = crate::checkpoint::Link::install(
                &mut self.conn,
                self.path.clone(),
                crate::checkpoint::Thresholds::for_page_size(page_size),
            )
            .map_err(|e| StoreError::new(&self.site, self.path.display(), e))?;
        }
        Ok(())
    }

    /// The site this store holds.
    pub fn site(&self) -> &str {
        &self.site
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying connection, for read queries (reports, tests).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Every device's ingestion record, keyed by lower-case hostname: what
    /// an incremental run compares against before parsing.
    pub fn ingestion_history(&self) -> Result<HashMap<String, IngestEntry>, StoreError> {
        let e = |e: rusqlite::Error| StoreError::new(&self.site, self.path.display(), e);
        let mut q = self
            .conn
            .prepare(
                "SELECT Hostname, FileHash, SourceLength, LastIngestedUtc FROM IngestionHistory",
            )
            .map_err(e)?;
        let rows = q
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?.to_lowercase(),
                    IngestEntry {
                        hash: r.get(1)?,
                        source_length: r.get::<_, i64>(2)?.max(0) as u64,
                        last_ingested_utc: r.get(3)?,
                    },
                ))
            })
            .map_err(e)?;
        rows.collect::<Result<_, _>>().map_err(e)
    }

    /// Writes several devices in one transaction (one commit for all): the
    /// batch commits or rolls back as a whole, so every device in it is
    /// still either fully stored with its ingestion record, or not at all.
    ///
    /// Write transactions take the write lock when they begin (`BEGIN
    /// IMMEDIATE`), so a lock held by another process (maintenance, a
    /// foreign tool) is waited for up to the busy timeout. A deferred
    /// transaction that read first would fail at once with "database is
    /// locked" instead: SQLite does not wait to upgrade a read to a write.
    pub fn write_batch(
        &mut self,
        batch: &[(&Device, &IngestRecord)],
        run_date: &str,
    ) -> Result<BatchOutcome, StoreError> {
        let (site, path) = (self.site.clone(), self.path.clone());
        let fail = |e: &dyn std::fmt::Display| StoreError::new(&site, path.display(), e);
        let started = Instant::now();
        let inserts = Inserts::on(&mut self.inserts, &self.conn).map_err(|e| fail(&e))?;
        // A first load: the batch is a savepoint in the load's transaction
        // (see `create::LOAD_COMMIT_DEVICES`).
        if let Some(building) = &mut self.building {
            building.begin(&self.conn).map_err(|e| fail(&e))?;
            let written = match self.conn.savepoint() {
                Ok(sp) => write_all(&sp, inserts, batch, run_date)
                    .map_err(|e| fail(&e))
                    .and_then(|stats| sp.commit().map(|()| stats).map_err(|e| fail(&e))),
                Err(e) => Err(fail(&e)),
            };
            let stats = match written {
                Ok(stats) => stats,
                Err(e) => {
                    building.transaction_lost(&self.conn);
                    return Err(e);
                }
            };
            let stage = started.elapsed();
            building
                .staged(&self.conn, batch.len() as u64)
                .map_err(|e| fail(&e))?;
            return Ok(BatchOutcome {
                stats,
                stage,
                commit: started.elapsed() - stage,
            });
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| fail(&e))?;
        let stats = write_all(&tx, inserts, batch, run_date).map_err(|e| fail(&e))?;
        let stage = started.elapsed();
        tx.commit().map_err(|e| fail(&e))?;
        Ok(BatchOutcome {
            stats,
            stage,
            commit: started.elapsed() - stage,
        })
    }

    /// Writes one device in one transaction: summary, ports, spanning tree,
    /// history rows for what changed, and its ingestion record. Either all
    /// of it commits or none of it.
    pub fn write_device(
        &mut self,
        device: &Device,
        run_date: &str,
        record: &IngestRecord,
    ) -> Result<WriteStats, StoreError> {
        let outcome = self.write_batch(&[(device, record)], run_date)?;
        Ok(outcome.stats.first().copied().unwrap_or_default())
    }
}

/// Writes every device of a batch in the open transaction or savepoint;
/// the error names the device that failed.
fn write_all(
    conn: &Connection,
    inserts: &mut Inserts,
    batch: &[(&Device, &IngestRecord)],
    run_date: &str,
) -> Result<Vec<WriteStats>, String> {
    batch
        .iter()
        .map(|(device, record)| {
            write_in_tx(conn, inserts, device, run_date, record)
                .map_err(|e| format!("{}: {e}", device.hostname))
        })
        .collect()
}

/// The `Interfaces` / `InterfaceHistory` value columns, in binding order.
pub const IF_COLS: &str =
    "Port, Name, Status, VLAN, Duplex, Speed, Type, LearnedMACs, AuthState, AuthMode, \
     AuthClientMAC, AuthTemplate, Config, Mode, MissingAuthCmds";

/// Prepared statements a writer's connection keeps: a device write uses
/// about twenty (rusqlite keeps 16 by default, and a cache that small
/// would prepare some of them again for every device).
pub(crate) const STATEMENT_CACHE: usize = 32;

/// Rows per multi-row `INSERT`, largest first: a device's rows go in
/// statements of 32 while at least 32 are left, then of 8, then one by
/// one (callgrind, first ingest: 8 rows a statement 5.01 G instructions,
/// 32/8/1 4.86 G, 64/16/4/1 4.85 G; but a prepared 64-row statement holds
/// some 150 KB of registers and program, per table and connection: 30 MB
/// more peak memory with the `fleet` profile's 40 sites open). One statement for many rows saves the per-statement work (bind,
/// step, reset, halt) that dominated writing a device's ports and
/// spanning tree, and each statement's cursors search every index from
/// its root once rather than once per row. SQLite limits a statement to
/// 32,766 parameters, far above 32 rows of 18 columns.
const ROWS_PER_INSERT: [usize; 3] = [32, 8, 1];

/// `InterfaceHistory.ChangeType` values, as constants to bind by reference.
const ADDED: &str = ChangeKind::Added.as_str();
const CHANGED: &str = ChangeKind::Changed.as_str();

/// The statements of one multi-row insert: `INSERT OR FAIL INTO T
/// (columns)` with [`ROWS_PER_INSERT`] rows of values. The text is built
/// once per process; each connection prepares it once (see [`Inserts`]).
///
/// `OR FAIL` because a statement that writes several rows and may abort
/// must first copy every page it touches to a statement journal, to undo
/// just itself; a failure here fails the whole transaction anyway, so that
/// copy was pure cost. (The foreign key of `Interfaces` is deferred to the
/// commit for the same reason: an immediate one forces the journal too.)
struct RowInsert {
    /// One statement per entry of [`ROWS_PER_INSERT`].
    sql: [String; ROWS_PER_INSERT.len()],
}

impl RowInsert {
    /// The statements for `table (columns)`, `width` columns a row.
    fn new(table_and_columns: &str, width: usize) -> RowInsert {
        let row = format!("({})", vec!["?"; width].join(","));
        RowInsert {
            sql: ROWS_PER_INSERT.map(|n| {
                format!(
                    "INSERT OR FAIL INTO {table_and_columns} VALUES {}",
                    vec![row.as_str(); n].join(",")
                )
            }),
        }
    }
}

/// A [`RowInsert`] prepared on one connection.
struct PreparedInsert {
    /// One statement per entry of [`ROWS_PER_INSERT`].
    tiers: Vec<Prepared>,
}

impl PreparedInsert {
    /// # Safety
    ///
    /// Must be dropped before `conn` closes.
    unsafe fn new(conn: &Connection, sql: &RowInsert) -> rusqlite::Result<PreparedInsert> {
        // SAFETY: passed on to the caller.
        let tiers = sql
            .sql
            .iter()
            .map(|sql| unsafe { Prepared::new(conn, sql) })
            .collect::<rusqlite::Result<_>>()?;
        Ok(PreparedInsert { tiers })
    }

    /// Inserts `rows` in order (`ID`s follow it), in the largest
    /// statements that fit.
    fn run<const W: usize>(&mut self, mut rows: &[[Val<'_>; W]]) -> rusqlite::Result<()> {
        for (n, statement) in ROWS_PER_INSERT.iter().zip(&mut self.tiers) {
            let mut chunks = rows.chunks_exact(*n);
            for chunk in &mut chunks {
                statement.execute(chunk.iter().flatten().copied())?;
            }
            rows = chunks.remainder();
        }
        Ok(())
    }
}

/// The multi-row inserts of one connection, bound in place (see
/// [`crate::bound`]).
struct Inserts {
    interfaces: PreparedInsert,
    interface_history: PreparedInsert,
    span_info: PreparedInsert,
}

impl Inserts {
    /// The inserts in `slot`, prepared on `conn` if they are not yet.
    /// `slot` must be cleared before `conn` closes (the store does so
    /// wherever it replaces its connection).
    fn on<'a>(
        slot: &'a mut Option<Inserts>,
        conn: &Connection,
    ) -> rusqlite::Result<&'a mut Inserts> {
        if slot.is_none() {
            // SAFETY: the store drops `slot` before it closes `conn`.
            *slot = Some(unsafe {
                Inserts {
                    interfaces: PreparedInsert::new(conn, &INTERFACES)?,
                    interface_history: PreparedInsert::new(conn, &INTERFACE_HISTORY)?,
                    span_info: PreparedInsert::new(conn, &SPAN_INFO)?,
                }
            });
        }
        Ok(slot.as_mut().expect("prepared just above"))
    }
}

/// A port's row for `Interfaces` and for `InterfaceHistory`, whose inserts
/// name their columns in the same order: `Hostname`, [`IF_COLS`], the run
/// date (`LastUpdated` / `RunDate`), then `last` (`Signature` /
/// `ChangeType`).
fn port_values<'a>(
    host: &'a str,
    r: &'a InterfaceRow,
    run_date: &'a str,
    last: Val<'a>,
) -> [Val<'a>; 18] {
    [
        host.into(),
        (&r.port).into(),
        (&r.name).into(),
        (&r.status).into(),
        r.vlan.into(),
        (&r.duplex).into(),
        (&r.speed).into(),
        (&r.port_type).into(),
        (&r.learned_macs).into(),
        (&r.auth_state).into(),
        (&r.auth_mode).into(),
        (&r.auth_client_mac).into(),
        (&r.auth_template).into(),
        (&r.config).into(),
        (&r.mode).into(),
        (&r.missing_auth_cmds).into(),
        run_date.into(),
        last,
    ]
}

static INTERFACES: LazyLock<RowInsert> = LazyLock::new(|| {
    RowInsert::new(
        &format!("Interfaces (Hostname, {IF_COLS}, LastUpdated, Signature)"),
        18,
    )
});
static INTERFACE_HISTORY: LazyLock<RowInsert> = LazyLock::new(|| {
    RowInsert::new(
        &format!("InterfaceHistory (Hostname, {IF_COLS}, RunDate, ChangeType)"),
        18,
    )
});
/// `SpanInfo` (`SpanHistory` copies its rows: see [`copy_to_history`]).
static SPAN_INFO: LazyLock<RowInsert> = LazyLock::new(|| {
    RowInsert::new(
        "SpanInfo (Hostname, Vlan, RootSwitch, RootPort, Role, Upstream, LastUpdated, State, Cost, RootCost, Protocol)",
        11,
    )
});

/// `InterfaceHistory` rows ("added") copied from the `Interfaces` rows
/// with `ID`s `?1` to `?2`.
static INTERFACE_HISTORY_FROM_INSERTED: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT OR FAIL INTO InterfaceHistory (Hostname, {IF_COLS}, RunDate, ChangeType) \
         SELECT Hostname, {IF_COLS}, LastUpdated, '{ADDED}' FROM Interfaces \
         WHERE ID BETWEEN ?1 AND ?2 ORDER BY ID"
    )
});

/// `SpanHistory` rows copied from the `SpanInfo` rows with `rowid`s `?1`
/// to `?2`.
const SPAN_HISTORY_FROM_INSERTED: &str =
    "INSERT OR FAIL INTO SpanHistory (Hostname, Vlan, RootSwitch, RootPort, Role, Upstream, RunDate, State, Cost, RootCost, Protocol) \
     SELECT Hostname, Vlan, RootSwitch, RootPort, Role, Upstream, LastUpdated, State, Cost, RootCost, Protocol \
     FROM SpanInfo WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid";

/// Runs `copy` (one of the `*_FROM_INSERTED` statements) over the `rows`
/// rows the connection inserted last: their `rowid`s run up to
/// `last_insert_rowid()`, one apart (each new rowid is one above the
/// table's largest, and nothing else writes between the inserts and the
/// copy). The copy must find exactly those rows; anything else fails the
/// write rather than store a history that does not match.
///
/// Copying saves binding every value a second time (about a tenth of what
/// a first ingest's inserts cost). `OR FAIL`, as for [`RowInsert`]: a
/// statement that writes several rows and may abort journals every page
/// it touches first.
fn copy_to_history(tx: &Connection, copy: &str, rows: usize) -> rusqlite::Result<()> {
    if rows == 0 {
        return Ok(());
    }
    let last = tx.last_insert_rowid();
    let first = last - (rows as i64 - 1);
    let copied = tx.prepare_cached(copy)?.execute(params![first, last])?;
    if copied != rows {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_INTERNAL),
            Some(format!(
                "history copy found {copied} of the {rows} rows just inserted"
            )),
        ));
    }
    Ok(())
}

/// Reads what the database holds for a device.
fn load_existing(tx: &Connection, host: &str) -> rusqlite::Result<Existing> {
    let sigs: Option<(Option<String>, Option<String>)> = tx
        .prepare_cached("SELECT Signature, SpanSignature FROM DeviceSummary WHERE Hostname = ?1")?
        .query_row([host], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (summary_signature, span_signature) = sigs.unwrap_or_default();
    let mut ports = HashMap::new();
    let mut q = tx.prepare_cached("SELECT Port, Signature FROM Interfaces WHERE Hostname = ?1")?;
    let rows = q.query_map([host], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    for row in rows {
        let (port, sig) = row?;
        ports.insert(port.to_lowercase(), (port, sig));
    }
    Ok(Existing {
        summary_signature,
        span_signature,
        ports,
    })
}

fn write_in_tx(
    tx: &Connection,
    inserts: &mut Inserts,
    device: &Device,
    run_date: &str,
    record: &IngestRecord,
) -> rusqlite::Result<WriteStats> {
    let host = device.hostname.as_str();
    let plan = plan(device, load_existing(tx, host)?);
    let s = &plan.summary;
    tx.prepare_cached(
        "INSERT INTO DeviceSummary (Hostname, Make, Model, Uptime, Site, Building, Room, Ports, AuthDefaultVLAN, \
         AuthBlock, Version, Serial, Location, Floor, Row, Rack, LastUpdated, Signature, SpanSignature) \
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19) \
         ON CONFLICT(Hostname) DO UPDATE SET Make=excluded.Make, Model=excluded.Model, Uptime=excluded.Uptime, \
         Site=excluded.Site, Building=excluded.Building, Room=excluded.Room, Ports=excluded.Ports, \
         AuthDefaultVLAN=excluded.AuthDefaultVLAN, AuthBlock=excluded.AuthBlock, Version=excluded.Version, \
         Serial=excluded.Serial, Location=excluded.Location, Floor=excluded.Floor, Row=excluded.Row, \
         Rack=excluded.Rack, LastUpdated=excluded.LastUpdated, Signature=excluded.Signature, \
         SpanSignature=excluded.SpanSignature",
    )?
    .execute(params![
        s.hostname, s.make, s.model, s.uptime, s.site, s.building, s.room, s.ports, s.auth_default_vlan,
        s.auth_block, s.version, s.serial, s.location, s.floor, s.row, s.rack, run_date, plan.summary_signature,
        plan.span_signature
    ])?;
    if plan.summary_changed {
        tx.prepare_cached(
            "INSERT INTO DeviceHistory (Hostname, RunDate, Make, Model, Uptime, Site, Building, Room, Ports, \
             AuthDefaultVLAN, AuthBlock, Version, Serial, Location, Floor, Row, Rack) \
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)",
        )?
        .execute(params![
            s.hostname, run_date, s.make, s.model, s.uptime, s.site, s.building, s.room, s.ports,
            s.auth_default_vlan, s.auth_block, s.version, s.serial, s.location, s.floor, s.row, s.rack
        ])?;
    }

    let mut update = tx.prepare_cached(
        "UPDATE Interfaces SET Port=?2, Name=?3, Status=?4, VLAN=?5, Duplex=?6, Speed=?7, Type=?8, LearnedMACs=?9, \
         AuthState=?10, AuthMode=?11, AuthClientMAC=?12, AuthTemplate=?13, Config=?14, Mode=?15, \
         MissingAuthCmds=?16, LastUpdated=?17, Signature=?18 WHERE Hostname=?1 AND Port=?2",
    )?;
    // When every change is a new port (a new device, a first load), the
    // history rows are the inserted rows: copied inside SQLite rather than
    // bound a second time. Otherwise they are bound, in port order.
    let all_added = plan
        .port_changes
        .iter()
        .all(|c| c.kind == ChangeKind::Added);
    let mut added = Vec::with_capacity(plan.port_changes.len());
    let mut history = Vec::with_capacity(if all_added {
        0
    } else {
        plan.port_changes.len()
    });
    let mut updated = 0;
    for change in &plan.port_changes {
        let r = &change.row;
        if !all_added {
            let kind = match change.kind {
                ChangeKind::Added => ADDED,
                ChangeKind::Changed => CHANGED,
            };
            history.push(port_values(host, r, run_date, kind.into()));
        }
        let row = port_values(host, r, run_date, (&change.signature).into());
        match change.kind {
            ChangeKind::Added => added.push(row),
            ChangeKind::Changed => {
                update.execute(params_from_iter(row))?;
                updated += 1;
            }
        }
    }
    let inserted = added.len() as u64;
    inserts.interfaces.run(&added)?;
    if all_added {
        copy_to_history(tx, &INTERFACE_HISTORY_FROM_INSERTED, added.len())?;
    } else {
        inserts.interface_history.run(&history)?;
    }
    // Ports the device no longer has: recorded as removed, then deleted.
    let mut removed_history = tx.prepare_cached(&format!(
        "INSERT INTO InterfaceHistory (Hostname, RunDate, {IF_COLS}, ChangeType) \
         SELECT Hostname, ?3, {IF_COLS}, 'removed' FROM Interfaces WHERE Hostname=?1 AND Port=?2"
    ))?;
    let mut delete = tx.prepare_cached("DELETE FROM Interfaces WHERE Hostname=?1 AND Port=?2")?;
    for port in &plan.removed {
        removed_history.execute(params![host, port, run_date])?;
        delete.execute(params![host, port])?;
    }

    if plan.span_changed {
        tx.prepare_cached("DELETE FROM SpanInfo WHERE Hostname = ?1")?
            .execute([host])?;
        let rows: Vec<[Val<'_>; 11]> = plan
            .span_rows
            .iter()
            .map(|r| {
                [
                    host.into(),
                    (&r.vlan).into(),
                    (&r.root_switch).into(),
                    (&r.root_port).into(),
                    (&r.role).into(),
                    (&r.upstream).into(),
                    run_date.into(),
                    (&r.state).into(),
                    r.cost.into(),
                    r.root_cost.into(),
                    (&r.protocol).into(),
                ]
            })
            .collect();
        inserts.span_info.run(&rows)?;
        copy_to_history(tx, SPAN_HISTORY_FROM_INSERTED, rows.len())?;
    }

    tx.prepare_cached(
        "INSERT INTO IngestionHistory (Hostname, Site, FileHash, SourceLength, LastIngestedUtc) VALUES (?1,?2,?3,?4,?5) \
         ON CONFLICT(Hostname) DO UPDATE SET Site=excluded.Site, FileHash=excluded.FileHash, \
         SourceLength=excluded.SourceLength, LastIngestedUtc=excluded.LastIngestedUtc",
    )?
    .execute(params![host, device.site, record.hash, record.source_length as i64, run_date])?;
    Ok(WriteStats {
        inserted,
        updated,
        deleted: plan.removed.len() as u64,
        unchanged: plan.unchanged,
        history_rows: plan.history_rows(),
        duplicate_ports: plan.duplicates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use statetrace_model::{Port, SpanInstance, SpanPort, Vendor};

    fn device(ports: &[(&str, &str)]) -> Device {
        let mut d = Device::new("WLLS-A01-AS-01");
        d.vendor = Some(Vendor::Cisco);
        d.ports = ports
            .iter()
            .map(|(p, s)| Port {
                port: p.to_string(),
                status: Some(s.to_string()),
                vlan: Some(10),
                ..Port::default()
            })
            .collect();
        d.spanning_tree = vec![SpanInstance {
            vlan: "VLAN0010".into(),
            root_switch: Some("5254.001b.1c58".into()),
            ports: vec![SpanPort {
                port: "Gi1/0/1".into(),
                role: "Desg".into(),
                state: "FWD".into(),
                cost: Some(4),
            }],
            ..SpanInstance::default()
        }];
        d
    }

    fn rec() -> IngestRecord {
        IngestRecord {
            hash: "ab".into(),
            source_length: 10,
        }
    }

    fn count(store: &SiteStore, sql: &str) -> i64 {
        store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn path_is_per_site_and_safe() {
        assert_eq!(
            site_db_path(Path::new("Data"), "WLLS"),
            Path::new("Data/WLLS/WLLS.sqlite")
        );
        assert_eq!(
            site_db_path(Path::new("D"), "a:b"),
            Path::new("D/a_b/a_b.sqlite")
        );
        assert_eq!(
            site_db_path(Path::new("D"), ".."),
            Path::new("D/_../_...sqlite")
        );
    }

    #[test]
    fn new_databases_use_wal_and_incremental_auto_vacuum() {
        let dir = tempfile::tempdir().unwrap();
        let store = SiteStore::open(dir.path(), "WLLS").unwrap();
        assert_eq!(count(&store, "PRAGMA auto_vacuum"), 2, "2 = incremental");
        let mode: String = store
            .connection()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn first_write_then_changes_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SiteStore::open(dir.path(), "WLLS").unwrap();
        assert!(dir.path().join("WLLS/WLLS.sqlite").exists());
        let d1 = device(&[
            ("Gi1/0/1", "connected"),
            ("Gi1/0/2", "notconnect"),
            ("Gi1/0/3", "connected"),
        ]);
        let s = store
            .write_device(&d1, "2026-11-22 10:00:00", &rec())
            .unwrap();
        assert_eq!(
            (s.inserted, s.updated, s.deleted, s.history_rows),
            (3, 0, 0, 5)
        );

        // Same device again: nothing changes, nothing is appended.
        let s = store
            .write_device(&d1, "2026-11-23 10:00:00", &rec())
            .unwrap();
        assert_eq!(
            (
                s.inserted,
                s.updated,
                s.deleted,
                s.unchanged,
                s.history_rows
            ),
            (0, 0, 0, 3, 0)
        );

        // One port changes, one disappears, one is new.
        let d2 = device(&[
            ("Gi1/0/1", "connected"),
            ("Gi1/0/2", "connected"),
            ("Gi1/0/4", "connected"),
        ]);
        let s = store
            .write_device(&d2, "2026-11-24 10:00:00", &rec())
            .unwrap();
        assert_eq!(
            (s.inserted, s.updated, s.deleted, s.unchanged),
            (1, 1, 1, 1)
        );
        assert_eq!(count(&store, "SELECT COUNT(*) FROM Interfaces"), 3);
        assert_eq!(
            count(&store, "SELECT COUNT(*) FROM InterfaceHistory WHERE ChangeType='removed' AND Port='Gi1/0/3' AND Status='connected'"),
            1
        );
        assert_eq!(count(&store, "SELECT COUNT(*) FROM DeviceHistory"), 1);
        assert_eq!(count(&store, "SELECT COUNT(*) FROM SpanInfo"), 1);
        assert_eq!(count(&store, "SELECT COUNT(*) FROM SpanHistory"), 1);
        assert_eq!(count(&store, "SELECT COUNT(*) FROM IngestionHistory"), 1);
        assert_eq!(count(&store, "SELECT Ports FROM DeviceSummary"), 3);
    }

    /// The rows of `sql` as text, each row's columns joined with `|`
    /// (NULL as `∅`).
    fn rows(store: &SiteStore, sql: &str) -> Vec<String> {
        let mut q = store.connection().prepare(sql).unwrap();
        let n = q.column_count();
        q.query_map([], |r| {
            Ok((0..n)
                .map(|i| match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Null => "∅".to_string(),
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    v => v.as_str().unwrap().to_string(),
                })
                .collect::<Vec<_>>()
                .join("|"))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    }

    #[test]
    fn history_rows_are_exactly_the_rows_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SiteStore::open(dir.path(), "WLLS").unwrap();
        let run = "2026-11-22 10:00:00";
        let mut a = device(&[("Gi1/0/2", "connected"), ("Gi1/0/1", "notconnect")]);
        a.hostname = "WLLS-A01-AS-01".into();
        let mut b = device(&[("Te1/1/1", "connected"), ("Gi1/0/9", "disabled")]);
        b.hostname = "WLLS-A01-AS-02".into();
        b.ports[0].name = Some("uplink".into());
        b.ports[1].vlan = None;
        b.spanning_tree[0].root_cost = Some(19);
        // Two devices in one batch, then one alone: each copy must take its
        // own device's rows and no other's.
        store
            .write_batch(&[(&a, &rec()), (&b, &rec())], run)
            .unwrap();
        let mut c = device(&[("Gi2/0/1", "connected")]);
        c.hostname = "WLLS-A01-AS-03".into();
        store.write_device(&c, run, &rec()).unwrap();

        let cols = IF_COLS;
        assert_eq!(
            rows(&store, &format!("SELECT Hostname, {cols}, RunDate, ChangeType FROM InterfaceHistory ORDER BY ID")),
            rows(&store, &format!("SELECT Hostname, {cols}, LastUpdated, 'added' FROM Interfaces ORDER BY ID")),
        );
        let span =
            "Hostname, Vlan, RootSwitch, RootPort, Role, Upstream, State, Cost, RootCost, Protocol";
        assert_eq!(
            rows(
                &store,
                &format!("SELECT {span}, RunDate FROM SpanHistory ORDER BY ID")
            ),
            rows(
                &store,
                &format!("SELECT {span}, LastUpdated FROM SpanInfo ORDER BY rowid")
            ),
        );
        assert_eq!(
            rows(
                &store,
                "SELECT Hostname, Port FROM InterfaceHistory ORDER BY ID"
            ),
            [
                "WLLS-A01-AS-01|Gi1/0/2",
                "WLLS-A01-AS-01|Gi1/0/1",
                "WLLS-A01-AS-02|Te1/1/1",
                "WLLS-A01-AS-02|Gi1/0/9",
                "WLLS-A01-AS-03|Gi2/0/1"
            ]
        );

        // A later run with a changed port and a new one: bound history rows,
        // still in the device's port order.
        let mut a2 = device(&[("Gi1/0/3", "connected"), ("Gi1/0/2", "notconnect")]);
        a2.hostname = "WLLS-A01-AS-01".into();
        store
            .write_device(&a2, "2026-11-23 10:00:00", &rec())
            .unwrap();
        assert_eq!(
            rows(
                &store,
                "SELECT Port, Status, ChangeType FROM InterfaceHistory \
                 WHERE RunDate = '2026-11-23 10:00:00' ORDER BY ID"
            ),
            [
                "Gi1/0/3|connected|added",
                "Gi1/0/2|notconnect|changed",
                "Gi1/0/1|notconnect|removed"
            ]
        );
    }

    #[test]
    fn many_rows_are_written_in_order_across_multi_row_inserts() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SiteStore::open(dir.path(), "WLLS").unwrap();
        // 43 ports: one statement of each size (32, 8) and three single
        // rows.
        let names: Vec<String> = (1..=43).map(|i| format!("Gi1/0/{i}")).collect();
        let ports: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "connected")).collect();
        let mut d = device(&ports);
        d.spanning_tree[0].ports = names
            .iter()
            .map(|n| SpanPort {
                port: n.clone(),
                role: "Desg".into(),
                state: "FWD".into(),
                cost: Some(4),
            })
            .collect();
        let s = store
            .write_device(&d, "2026-11-22 10:00:00", &rec())
            .unwrap();
        assert_eq!((s.inserted, s.history_rows), (43, 1 + 43 + 43));
        for table in ["Interfaces", "InterfaceHistory"] {
            let mut q = store
                .connection()
                .prepare(&format!("SELECT Port FROM {table} ORDER BY ID"))
                .unwrap();
            let got: Vec<String> = q
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            assert_eq!(got, names, "{table}");
        }
        for table in ["SpanInfo", "SpanHistory"] {
            let mut q = store
                .connection()
                .prepare(&format!("SELECT Upstream FROM {table} ORDER BY rowid"))
                .unwrap();
            let got: Vec<String> = q
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            assert_eq!(got, names, "{table}");
        }
    }

    #[test]
    fn the_deferred_foreign_key_still_refuses_orphan_ports_at_commit() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SiteStore::open(dir.path(), "WLLS").unwrap();
        let tx = store.conn.transaction().unwrap();
        tx.execute(
            "INSERT INTO Interfaces (Hostname, Port) VALUES ('WLLS-NONE', 'Gi1/0/1')",
            [],
        )
        .unwrap();
        let err = tx.commit().unwrap_err();
        assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
        assert_eq!(count(&store, "SELECT COUNT(*) FROM Interfaces"), 0);
    }

    #[test]
    fn duplicate_ports_keep_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SiteStore::open(dir.path(), "WLLS").unwrap();
        let d = device(&[("Gi1/0/1", "connected"), ("gi1/0/1", "notconnect")]);
        let s = store
            .write_device(&d, "2026-11-22 10:00:00", &rec())
            .unwrap();
        assert_eq!((s.inserted, s.duplicate_ports), (1, 1));
        let status: String = store
            .connection()
            .query_row("SELECT Status FROM Interfaces", [], |r| r.get(0))
            .unwrap();
        assert_eq!(status, "connected");
    }

    #[test]
    fn trunk_vlan_is_null_not_zero() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SiteStore::open(dir.path(), "WLLS").unwrap();
        let mut d = device(&[("Te1/1/1", "connected")]);
        d.ports[0].vlan = None;
        store
            .write_device(&d, "2026-11-22 10:00:00", &rec())
            .unwrap();
        assert_eq!(
            count(&store, "SELECT COUNT(*) FROM Interfaces WHERE VLAN IS NULL"),
            1
        );
    }

    #[test]
    fn not_a_database_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = site_db_path(dir.path(), "BAD");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, vec![0x42u8; 8192]).unwrap();
        let err = SiteStore::open(dir.path(), "BAD").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("site BAD ("), "{msg}");
        assert!(msg.contains("BAD.sqlite"), "{msg}");
        assert!(msg.contains("not a database"), "{msg}");
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = SiteStore::open(dir.path(), "X").unwrap();
        store
            .connection()
            .execute("INSERT INTO SchemaVersion (Version) VALUES (99)", [])
            .unwrap();
        drop(store);
        let err = SiteStore::open(dir.path(), "X").unwrap_err();
        assert!(
            err.to_string().contains("schema version 99 is newer"),
            "{err}"
        );
    }
}

#[cfg(test)]
mod batch_tests {
    use super::*;
    use statetrace_model::Port;

    #[test]
    fn a_write_waits_for_another_process_lock_instead_of_failing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SiteStore::open(dir.path(), "WLLS").unwrap();
        let rec = IngestRecord {
            hash: "h".into(),
            source_length: 1,
        };
        store
            .write_device(&Device::new("WLLS-A"), "2026-11-22 00:00:00", &rec)
            .unwrap();
        // Another connection (maintenance, say) holds the write lock for a
        // moment; the device write must wait for it, not fail.
        let other = Connection::open(store.path()).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            other.execute_batch("COMMIT").unwrap();
        });
        let mut d = Device::new("WLLS-A");
        d.ports.push(Port {
            port: "Gi1/0/1".into(),
            ..Port::default()
        });
        store.write_device(&d, "2026-11-23 00:00:00", &rec).unwrap();
        let b = Device::new("WLLS-B");
        store
            .write_batch(&[(&b, &rec)], "2026-11-23 00:00:00")
            .unwrap();
        release.join().unwrap();
    }

    #[test]
    fn a_failed_batch_stores_none_of_its_devices() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SiteStore::open(dir.path(), "WLLS").unwrap();
        let mut a = Device::new("WLLS-A");
        a.ports.push(Port {
            port: "Gi1/0/1".into(),
            ..Port::default()
        });
        let b = Device::new("WLLS-B");
        let rec = IngestRecord {
            hash: "h".into(),
            source_length: 1,
        };
        let out = store
            .write_batch(&[(&a, &rec), (&b, &rec)], "2026-11-22 00:00:00")
            .unwrap();
        assert_eq!(out.stats.len(), 2);
        assert_eq!(out.stats[0].inserted, 1);
        // A trigger makes the second device fail: the whole batch rolls back.
        store
            .connection()
            .execute_batch(
                "CREATE TRIGGER boom BEFORE INSERT ON DeviceSummary WHEN NEW.Hostname = 'WLLS-D' \
                 BEGIN SELECT RAISE(ABORT, 'injected'); END;",
            )
            .unwrap();
        let c = Device::new("WLLS-C");
        let d = Device::new("WLLS-D");
        let err = store
            .write_batch(&[(&c, &rec), (&d, &rec)], "2026-11-22 00:00:00")
            .unwrap_err();
        assert!(
            err.to_string().contains("WLLS-D") && err.to_string().contains("injected"),
            "{err}"
        );
        let n: i64 = store
            .connection()
            .query_row("SELECT COUNT(*) FROM DeviceSummary", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2, "WLLS-C was rolled back with WLLS-D");
        let h: i64 = store
            .connection()
            .query_row("SELECT COUNT(*) FROM IngestionHistory", [], |r| r.get(0))
            .unwrap();
        assert_eq!(h, 2);
    }
}
