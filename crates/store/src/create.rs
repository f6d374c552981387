//! Creating a site database: built privately under a temporary name, then
//! linked into place in one step, so nobody ever finds a site database
//! without its tables, or half of a first load.
//!
//! Two ways to create one:
//! - empty ([`create_empty`]): the schema only, published at once; what a
//!   plain [`crate::SiteStore::open`] does;
//! - loaded ([`Building`]): a first ingest writes its devices into the
//!   private file and publishes it when it is done (or has loaded
//!   [`LOAD_LIMIT`] devices). The private file has no readers to protect,
//!   so it runs with a rollback journal kept in memory (a failed batch
//!   still rolls back) and no syncs, and is made durable once, when it is
//!   published. That halves what a device costs to write: a WAL database
//!   writes every page twice (the log, then the checkpoint) and keeps a
//!   shared-memory index of the log.
//!
//! One creator per site at a time, across processes: the creator holds an
//! exclusive SQLite transaction on `<SITE>.sqlite-create.lock` (portable,
//! and the operating system drops it when a process dies however it dies,
//! so a killed run never leaves a stale lock). A second creator waits for
//! the lock up to its busy timeout, then finds the published database.

use crate::error::StoreError;
use crate::schema::{DDL, SCHEMA_VERSION};
use rusqlite::{params, Connection};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Page size of new databases. Device rows are wide (a port's config text,
/// learned MACs), and on the site profile a first load with 8 KiB pages
/// ran about 8% faster than with SQLite's default 4 KiB. Larger pages did
/// no better on the first load and cost a later day's incremental run
/// more, since every changed row rewrites a whole page in the WAL.
pub const PAGE_SIZE: u32 = 8192;

/// A first load publishes its database once it holds this many devices and
/// goes on in the normal (WAL) mode, which bounds what a crash during a
/// very large first load costs: the devices since the last publish are
/// ingested again by the next run.
pub const LOAD_LIMIT: u64 = 5000;

/// `<SITE>.sqlite` with `suffix` appended to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// The lock file that makes creators of one site take turns.
pub fn lock_path(path: &Path) -> PathBuf {
    sibling(path, "-create.lock")
}

/// The private file a database is built in before it is published.
pub fn building_path(path: &Path) -> PathBuf {
    sibling(path, "-building")
}

/// Makes the names created in folder `dir` durable (POSIX keeps directory
/// entries in the folder, which has its own sync). Windows has no folder
/// handle to sync; NTFS journals the entry itself.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// The right to create one site's database; released when dropped. The
/// lock file stays (empty): removing it under a creator waiting on it
/// would make that creator's lock fail.
pub(crate) struct CreationLock {
    _conn: Connection,
}

impl CreationLock {
    /// Takes the creation lock of the database at `db`, waiting up to
    /// `timeout` for another creator.
    /// Creates the site's folder first: the lock file lives there.
    pub(crate) fn acquire(db: &Path, site: &str, timeout: Duration) -> Result<Self, StoreError> {
        if let Some(dir) = db.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::new(site, db.display(), format!("cannot create folder: {e}"))
            })?;
        }
        let path = lock_path(db);
        let err = |e: &dyn std::fmt::Display| {
            StoreError::new(
                site,
                db.display(),
                format!("cannot take the creation lock: {e}"),
            )
        };
        let conn = Connection::open(&path).map_err(|e| err(&e))?;
        conn.busy_timeout(timeout).map_err(|e| err(&e))?;
        conn.execute_batch("BEGIN EXCLUSIVE").map_err(|e| {
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ) {
                err(&format!(
                    "another process has been creating this site's database for over {} s",
                    timeout.as_secs_f64()
                ))
            } else {
                err(&e)
            }
        })?;
        Ok(CreationLock { _conn: conn })
    }
}

/// Opens a new private database at `tmp` (replacing what a crashed creator
/// left there) with the schema, tuned for a bulk load: page size and
/// incremental auto-vacuum (both must precede the first table), the
/// rollback journal in memory, no syncs, and the file locked for this
/// connection alone.
pub(crate) fn new_private(
    tmp: &Path,
    site: &str,
    final_path: &Path,
) -> Result<Connection, StoreError> {
    let err = |e: &dyn std::fmt::Display| StoreError::new(site, final_path.display(), e);
    for stale in [tmp.to_path_buf(), sibling(tmp, "-journal")] {
        match std::fs::remove_file(&stale) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(err(&format!("cannot remove {}: {e}", stale.display()))),
        }
    }
    let mut conn = Connection::open(tmp).map_err(|e| err(&e))?;
    crate::nocase::install(&conn).map_err(|e| err(&e))?;
    // Journal and syncs first: `auto_vacuum` writes the file's header, and
    // would otherwise do it with an on-disk journal and four syncs. The
    // cache is sized explicitly: set before the page size, the default
    // (2 MiB) ended up several times larger, 50 MB more for eight sites.
    // Incremental auto-vacuum lets maintenance hand free pages back in
    // short transactions (`PRAGMA incremental_vacuum`) instead of a VACUUM
    // that holds the write lock for the whole file.
    conn.execute_batch(&format!(
        "PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY; PRAGMA temp_store=MEMORY; \
         PRAGMA locking_mode=EXCLUSIVE; \
         PRAGMA page_size={PAGE_SIZE}; PRAGMA auto_vacuum=INCREMENTAL; PRAGMA foreign_keys=ON; \
         PRAGMA cache_size=-2000;"
    ))
    .map_err(|e| err(&e))?;
    conn.set_prepared_statement_cache_capacity(crate::sqlite::STATEMENT_CACHE);
    let tx = conn.transaction().map_err(|e| err(&e))?;
    tx.execute_batch(DDL).map_err(|e| err(&e))?;
    tx.execute(
        "INSERT INTO SchemaVersion (Version, MigrationName, AppliedAt, AppliedBy) VALUES (?1, 'initial', datetime('now'), ?2)",
        params![SCHEMA_VERSION, concat!("statetrace ", env!("CARGO_PKG_VERSION"))],
    )
    .map_err(|e| err(&e))?;
    tx.commit().map_err(|e| err(&e))?;
    Ok(conn)
}

/// Publishes the private database at `tmp` as `path`: WAL mode (a property
/// of the file, which every later connection finds), one sync of the file,
/// a hard link to its real name (which fails rather than replace a
/// database that appeared meanwhile), one sync of the folder. The builder's
/// connection must be closed.
pub(crate) fn publish(tmp: &Path, path: &Path, site: &str) -> Result<(), StoreError> {
    let err = |e: &dyn std::fmt::Display| {
        StoreError::new(
            site,
            path.display(),
            format!("cannot publish the new database: {e}"),
        )
    };
    {
        let conn = Connection::open(tmp).map_err(|e| err(&e))?;
        conn.execute_batch("PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL;")
            .map_err(|e| err(&e))?;
    }
    // Closing the only connection removed the (empty) WAL.
    std::fs::File::open(tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| err(&e))?;
    match std::fs::hard_link(tmp, path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(err(&format!(
                "a database appeared at its name while it was being built \
                 (created outside StateTrace?); this run's devices are kept in {}",
                tmp.display()
            )));
        }
        Err(e) => return Err(err(&e)),
    }
    let _ = std::fs::remove_file(tmp);
    sync_dir(path.parent().unwrap_or(Path::new("."))).map_err(|e| err(&e))
}

/// Creates an empty database (the schema only) at `path` unless one is
/// there already.
pub(crate) fn create_empty(path: &Path, site: &str, timeout: Duration) -> Result<(), StoreError> {
    match Building::start(path, site, timeout)? {
        // The lock is held until the database is published.
        Some((building, conn)) => {
            drop(conn);
            publish(&building.tmp, path, site)
        }
        None => Ok(()),
    }
}

/// Growth of a private file (in bytes) after which its pages are synced in
/// the background: the sync at publish then has only the tail left, instead
/// of every page of the load at once at the end of the run.
pub const SYNC_AHEAD_BYTES: i64 = 1 << 20;

/// Devices a first load writes in one transaction before it commits.
///
/// Nobody reads the private file and nothing syncs it before publishing,
/// so a commit per batch bought nothing but its cost: every commit wrote
/// back the pages the batch touched, and the same hot pages (the ends of
/// every table and index) were written again by the next, three to four
/// times the file's size in all. A first load instead keeps one
/// transaction open for this many devices, each batch a savepoint in it
/// (a failed batch still rolls back alone). The bound keeps what a
/// transaction SQLite rolls back on its own (out of memory or disk) can
/// take with it small.
pub const LOAD_COMMIT_DEVICES: u64 = 512;

/// A first load in progress: the private file, and the lock that keeps
/// other creators out until it is published.
pub(crate) struct Building {
    /// Held until the database is published.
    pub(crate) _lock: CreationLock,
    /// The private file.
    pub(crate) tmp: PathBuf,
    /// Devices committed to the private file so far.
    pub(crate) devices: u64,
    /// Devices written in the open load transaction (see
    /// [`LOAD_COMMIT_DEVICES`]; the connection knows whether one is open).
    pub(crate) pending: u64,
    /// Devices whose batches had succeeded but whose transaction SQLite
    /// then rolled back on its own (see [`Building::transaction_lost`]).
    pub(crate) lost: u64,
    /// The file's size when its last background sync was asked for.
    synced_bytes: i64,
    /// A background sync is queued or running.
    sync_pending: Arc<AtomicBool>,
}

impl Building {
    /// Starts a first load of the database at `path`, or returns `None`
    /// when the database exists (perhaps published by another process
    /// while this one waited for the lock).
    pub(crate) fn start(
        path: &Path,
        site: &str,
        timeout: Duration,
    ) -> Result<Option<(Building, Connection)>, StoreError> {
        let lock = CreationLock::acquire(path, site, timeout)?;
        if path.exists() {
            return Ok(None);
        }
        let tmp = building_path(path);
        let conn = new_private(&tmp, site, path)?;
        Ok(Some((
            Building {
                _lock: lock,
                tmp,
                devices: 0,
                pending: 0,
                lost: 0,
                synced_bytes: 0,
                sync_pending: Arc::new(AtomicBool::new(false)),
            },
            conn,
        )))
    }

    /// Opens the load transaction unless one is open.
    pub(crate) fn begin(&self, conn: &Connection) -> rusqlite::Result<()> {
        if conn.is_autocommit() {
            conn.execute_batch("BEGIN")?;
        }
        Ok(())
    }

    /// After a batch's savepoint is released: counts its devices, and
    /// commits once the transaction holds [`LOAD_COMMIT_DEVICES`].
    ///
    /// When that commit fails, the batch fails with it (the caller reports
    /// its devices), and the transaction is rolled back, so the earlier
    /// batches in it are lost (see [`Building::lost`]) rather than left
    /// in a state nobody can account for.
    pub(crate) fn staged(&mut self, conn: &Connection, devices: u64) -> rusqlite::Result<()> {
        self.pending += devices;
        if self.pending >= LOAD_COMMIT_DEVICES {
            if let Err(e) = self.commit(conn) {
                if !conn.is_autocommit() {
                    let _ = conn.execute_batch("ROLLBACK");
                }
                self.lost += std::mem::take(&mut self.pending) - devices;
                return Err(e);
            }
        }
        // Pages reach the file between commits too (the page cache
        // spills), and the sync at publish should find them synced.
        self.sync_ahead(conn);
        Ok(())
    }

    /// Commits the load transaction, if one is open. (Publishing calls
    /// this and then syncs the whole file itself, so no background sync
    /// is asked for here.)
    pub(crate) fn commit(&mut self, conn: &Connection) -> rusqlite::Result<()> {
        if !conn.is_autocommit() {
            conn.execute_batch("COMMIT")?;
        }
        self.devices += std::mem::take(&mut self.pending);
        Ok(())
    }

    /// After a failed batch: when SQLite rolled the whole load transaction
    /// back (it does on some errors, such as a full disk), the devices of
    /// the earlier batches in it are gone too.
    pub(crate) fn transaction_lost(&mut self, conn: &Connection) {
        if conn.is_autocommit() {
            self.lost += std::mem::take(&mut self.pending);
        }
    }

    /// Devices written to the private file and not lost: committed, or in
    /// the open transaction (which publishing commits).
    pub(crate) fn unpublished(&self) -> u64 {
        self.devices + self.pending
    }

    /// Asks for a background sync when the file has grown by
    /// [`SYNC_AHEAD_BYTES`] since the last one.
    fn sync_ahead(&mut self, conn: &Connection) {
        let Ok(bytes) = conn
            .prepare_cached(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            )
            .and_then(|mut q| q.query_row([], |r| r.get::<_, i64>(0)))
        else {
            return; // only an optimisation: publish syncs everything
        };
        if bytes - self.synced_bytes >= SYNC_AHEAD_BYTES
            && !self.sync_pending.swap(true, Ordering::AcqRel)
        {
            self.synced_bytes = bytes;
            crate::checkpoint::sync_ahead(self.tmp.clone(), self.sync_pending.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{IngestRecord, SiteStore};
    use statetrace_model::{Device, Port};

    const TIMEOUT: Duration = Duration::from_secs(5);

    fn device(host: &str, ports: usize) -> Device {
        let mut d = Device::new(host);
        d.ports = (1..=ports)
            .map(|i| Port {
                port: format!("Gi1/0/{i}"),
                status: Some("connected".into()),
                ..Port::default()
            })
            .collect();
        d
    }

    fn rec() -> IngestRecord {
        IngestRecord {
            hash: "h".into(),
            source_length: 1,
        }
    }

    /// A first load of site WLLS in a new data root (kept while the
    /// `TempDir` lives).
    fn loading() -> (tempfile::TempDir, PathBuf, SiteStore) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("WLLS/WLLS.sqlite");
        let store = SiteStore::open_for_load(&path, "WLLS", TIMEOUT).unwrap();
        (dir, path, store)
    }

    /// The first column of the first row of `sql`, read by a new connection.
    fn query<T: rusqlite::types::FromSql>(path: &Path, sql: &str) -> T {
        Connection::open(path)
            .unwrap()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    }

    fn count(path: &Path, sql: &str) -> i64 {
        query(path, sql)
    }

    #[test]
    fn a_first_load_is_private_until_published() {
        let (_dir, path, mut store) = loading();
        let (a, b) = (device("WLLS-A", 3), device("WLLS-B", 2));
        store
            .write_batch(&[(&a, &rec()), (&b, &rec())], "2026-12-04 00:00:00")
            .unwrap();
        assert_eq!(store.unpublished_devices(), 2);
        assert!(!path.exists(), "nobody sees a half-loaded new site");
        assert!(building_path(&path).exists());
        store.finish().unwrap();

        assert!(!building_path(&path).exists());
        assert_eq!(count(&path, "SELECT COUNT(*) FROM Interfaces"), 5);
        assert_eq!(count(&path, "SELECT COUNT(*) FROM InterfaceHistory"), 5);
        assert_eq!(count(&path, "PRAGMA page_size"), PAGE_SIZE as i64);
        assert_eq!(count(&path, "PRAGMA auto_vacuum"), 2, "incremental");
        let mode: String = query(&path, "PRAGMA journal_mode");
        assert_eq!(mode, "wal", "WAL is a property of the published file");

        // The next run writes the published database in place.
        let mut store = SiteStore::open_for_load(&path, "WLLS", TIMEOUT).unwrap();
        let c = device("WLLS-C", 1);
        store
            .write_device(&c, "2026-12-05 00:00:00", &rec())
            .unwrap();
        assert_eq!(store.unpublished_devices(), 0);
        store.finish().unwrap();
        assert_eq!(count(&path, "SELECT COUNT(*) FROM DeviceSummary"), 3);
    }

    #[test]
    fn publishing_midway_goes_on_in_wal_mode() {
        let (_dir, path, mut store) = loading();
        let a = device("WLLS-A", 2);
        store
            .write_device(&a, "2026-12-04 00:00:00", &rec())
            .unwrap();
        store.publish().unwrap();
        assert!(path.exists());
        assert_eq!(store.unpublished_devices(), 0);
        // A reader sees the published devices while the writer goes on.
        assert_eq!(count(&path, "SELECT COUNT(*) FROM DeviceSummary"), 1);
        let b = device("WLLS-B", 2);
        store
            .write_device(&b, "2026-12-04 00:00:00", &rec())
            .unwrap();
        assert_eq!(count(&path, "SELECT COUNT(*) FROM DeviceSummary"), 2);
        drop(store);
        assert_eq!(count(&path, "SELECT COUNT(*) FROM Interfaces"), 4);
    }

    #[test]
    fn a_failed_batch_keeps_what_the_first_load_committed() {
        let (_dir, path, mut store) = loading();
        let a = device("WLLS-A", 2);
        store
            .write_device(&a, "2026-12-04 00:00:00", &rec())
            .unwrap();
        store
            .connection()
            .execute_batch(
                "CREATE TRIGGER boom BEFORE INSERT ON Interfaces WHEN NEW.Hostname = 'WLLS-B' \
                 BEGIN SELECT RAISE(ABORT, 'injected'); END;",
            )
            .unwrap();
        let (b, c) = (device("WLLS-B", 2), device("WLLS-C", 2));
        let err = store
            .write_batch(&[(&c, &rec()), (&b, &rec())], "2026-12-04 00:00:00")
            .unwrap_err();
        assert!(err.to_string().contains("injected"), "{err}");
        // Dropped without `finish`, as a writer that gives up on a site
        // might: the committed device is still published.
        drop(store);
        assert_eq!(count(&path, "SELECT COUNT(*) FROM DeviceSummary"), 1);
        assert_eq!(count(&path, "SELECT COUNT(*) FROM Interfaces"), 2);
        let check: String = query(&path, "PRAGMA integrity_check");
        assert_eq!(check, "ok");
    }

    #[test]
    fn a_first_load_commits_every_load_commit_devices() {
        let (_dir, path, mut store) = loading();
        let devices: Vec<Device> = (0..LOAD_COMMIT_DEVICES + 2)
            .map(|i| device(&format!("WLLS-{i:04}"), 1))
            .collect();
        for (i, d) in devices.iter().enumerate() {
            store
                .write_batch(&[(d, &rec())], "2026-12-04 00:00:00")
                .unwrap();
            // Batches are savepoints in one transaction, committed when it
            // holds LOAD_COMMIT_DEVICES.
            let committed = i as u64 + 1 == LOAD_COMMIT_DEVICES;
            assert_eq!(store.connection().is_autocommit(), committed, "device {i}");
        }
        assert_eq!(store.unpublished_devices(), LOAD_COMMIT_DEVICES + 2);
        store.finish().unwrap();
        assert_eq!(
            count(&path, "SELECT COUNT(*) FROM DeviceSummary"),
            LOAD_COMMIT_DEVICES as i64 + 2
        );
    }

    #[test]
    fn a_failed_load_commit_fails_its_batch_and_loses_the_earlier_ones() {
        let (_dir, path, mut store) = loading();
        let devices: Vec<Device> = (0..LOAD_COMMIT_DEVICES)
            .map(|i| device(&format!("WLLS-{i:04}"), 1))
            .collect();
        let (last, earlier) = devices.split_last().unwrap();
        for d in earlier {
            store
                .write_batch(&[(d, &rec())], "2026-12-04 00:00:00")
                .unwrap();
        }
        // An orphan port: the deferred foreign key fails the commit.
        store
            .connection()
            .execute_batch("INSERT INTO Interfaces (Hostname, Port) VALUES ('NOPE', 'x')")
            .unwrap();
        let err = store
            .write_batch(&[(last, &rec())], "2026-12-04 00:00:00")
            .unwrap_err();
        assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
        assert_eq!(store.lost_devices(), LOAD_COMMIT_DEVICES - 1);
        assert_eq!(store.unpublished_devices(), 0);
        assert!(store.connection().is_autocommit(), "rolled back");
        store.finish().unwrap();
        assert_eq!(count(&path, "SELECT COUNT(*) FROM DeviceSummary"), 0);
        assert_eq!(count(&path, "SELECT COUNT(*) FROM Interfaces"), 0);
    }

    #[test]
    fn a_failure_that_ends_the_load_transaction_is_accounted_for() {
        let (_dir, path, mut store) = loading();
        let (a, b) = (device("WLLS-A", 2), device("WLLS-B", 400));
        store
            .write_device(&a, "2026-12-04 00:00:00", &rec())
            .unwrap();
        // A full disk: SQLite may roll the whole open transaction back on
        // SQLITE_FULL, or only the statement.
        let pages: i64 = store
            .connection()
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        store
            .connection()
            .execute_batch(&format!("PRAGMA max_page_count = {pages}"))
            .unwrap();
        let err = store
            .write_device(&b, "2026-12-04 00:00:00", &rec())
            .unwrap_err();
        assert!(err.to_string().contains("WLLS-B"), "{err}");
        let (kept, lost) = (store.unpublished_devices(), store.lost_devices());
        assert_eq!(kept + lost, 1, "device A is kept or reported lost");
        store
            .connection()
            .execute_batch("PRAGMA max_page_count = 1000000")
            .unwrap();
        store.finish().unwrap();
        assert_eq!(
            count(&path, "SELECT COUNT(*) FROM DeviceSummary"),
            kept as i64,
            "what is reported kept is what was published"
        );
    }

    #[test]
    fn a_crashed_load_is_replaced_and_a_second_creator_waits() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("WLLS/WLLS.sqlite");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // What a killed run leaves: a half-written private file.
        std::fs::write(building_path(&path), b"torn pages").unwrap();
        let mut first = SiteStore::open_for_load(&path, "WLLS", TIMEOUT).unwrap();
        let a = device("WLLS-A", 1);
        first
            .write_device(&a, "2026-12-04 00:00:00", &rec())
            .unwrap();

        // A second process creating the same site waits for the first.
        let (p, started) = (path.clone(), std::time::Instant::now());
        let second = std::thread::spawn(move || {
            let store = SiteStore::open_for_load(&p, "WLLS", TIMEOUT).unwrap();
            (
                store.unpublished_devices(),
                store.ingestion_history().unwrap().len(),
            )
        });
        std::thread::sleep(Duration::from_millis(300));
        first.finish().unwrap();
        let (unpublished, known) = second.join().unwrap();
        assert!(started.elapsed() >= Duration::from_millis(300));
        assert_eq!(unpublished, 0, "it opened the published database");
        assert_eq!(known, 1, "and found the first creator's device");
    }

    #[test]
    fn a_creator_that_waits_too_long_gets_a_clear_error() {
        let (_dir, path, first) = loading();
        let err = SiteStore::open_for_load(&path, "WLLS", Duration::from_millis(100)).unwrap_err();
        assert!(
            err.to_string()
                .contains("another process has been creating"),
            "{err}"
        );
        assert!(err.to_string().starts_with("site WLLS ("), "{err}");
        drop(first);
    }

    #[test]
    fn a_database_that_appears_meanwhile_is_never_replaced() {
        let (_dir, path, mut store) = loading();
        let a = device("WLLS-A", 1);
        store
            .write_device(&a, "2026-12-04 00:00:00", &rec())
            .unwrap();
        // A tool outside StateTrace, ignoring the creation lock.
        std::fs::write(&path, b"theirs").unwrap();
        let err = store.finish().unwrap_err();
        assert!(err.to_string().contains("appeared"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"theirs");
    }

    #[test]
    fn thresholds_follow_the_page_size() {
        let small = crate::checkpoint::Thresholds::for_page_size(4096);
        let large = crate::checkpoint::Thresholds::for_page_size(16384);
        assert_eq!(small.background, 4 * large.background);
        assert_eq!(small.inline, 4 * large.inline);
    }
}
