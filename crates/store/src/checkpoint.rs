//! WAL checkpoints off the writer's thread.
//!
//! SQLite's automatic checkpoint runs inside the commit that crosses its
//! threshold: that commit copies the whole WAL into the database file and
//! waits for two syncs, and every device queued behind it waits too (on a
//! disk with slow syncs such a commit took 200 ms and more, against about
//! 1 ms for a plain one). A site database written through
//! [`SiteStore::checkpoint_in_background`](crate::SiteStore::checkpoint_in_background)
//! instead asks one process-wide checkpointer thread, with a connection of
//! its own, to run a passive checkpoint every [`BACKGROUND_BYTES`] of new WAL
//! pages; a passive checkpoint never blocks the writer, so the copying and
//! syncing overlap with parsing and writing.
//!
//! A WAL can only start over from its beginning when it is wholly copied at
//! the moment the writer begins a transaction, which a busy writer never
//! lets a background checkpoint achieve. So at [`INLINE_BYTES`] the writer
//! checkpoints once itself, which by then has only the tail left to copy:
//! the WAL stays bounded (about 64 MB) however long the run.

use rusqlite::wal::CheckpointMode;
use rusqlite::{Connection, OpenFlags};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// New WAL bytes between background checkpoints: each costs two syncs, so
/// not too often, and each leaves the writer less to copy.
pub const BACKGROUND_BYTES: i64 = 16 << 20;

/// WAL bytes at which the writer checkpoints itself so the WAL restarts.
pub const INLINE_BYTES: i64 = 64 << 20;

/// When checkpoints happen, in WAL pages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Thresholds {
    /// New pages between background checkpoints.
    pub(crate) background: i32,
    /// Pages at which the writer checkpoints itself.
    pub(crate) inline: i32,
}

impl Thresholds {
    /// [`BACKGROUND_BYTES`] and [`INLINE_BYTES`] in pages of `page_size`
    /// bytes (older databases have 4 KiB pages, new ones 8 KiB).
    pub(crate) fn for_page_size(page_size: i64) -> Thresholds {
        let pages = |bytes: i64| (bytes / page_size.max(512)).clamp(1, i32::MAX as i64) as i32;
        Thresholds {
            background: pages(BACKGROUND_BYTES),
            inline: pages(INLINE_BYTES),
        }
    }
}

/// How long a writer waits for the checkpointer (to let go of a closing
/// database, or to finish a copy before the writer's own checkpoint): it
/// may be in the middle of a checkpoint on a slow disk.
const CHECKPOINTER_WAIT: Duration = Duration::from_secs(60);

/// What the writer and the checkpointer share about one database.
#[derive(Default)]
struct SiteState {
    /// A checkpoint is queued or running: the writer asks for no other.
    pending: AtomicBool,
    /// The writer is closing the database, which copies what is left of
    /// the WAL itself: a queued checkpoint would only make it wait.
    closing: AtomicBool,
}

enum Request {
    /// Run a passive checkpoint (unless the database is closing), then
    /// clear its `pending` flag.
    Checkpoint(PathBuf, Arc<SiteState>),
    /// Close the connection to this database, then acknowledge.
    Close(PathBuf, Sender<()>),
    /// Sync the file's data to disk, then clear the flag (see
    /// [`sync_ahead`]).
    SyncAhead(PathBuf, Arc<AtomicBool>),
}

/// The process-wide checkpointer: started on first use, idle (blocked on
/// its queue) when no database asks for it.
fn checkpointer() -> Option<Sender<Request>> {
    static QUEUE: OnceLock<Option<Mutex<Sender<Request>>>> = OnceLock::new();
    QUEUE
        .get_or_init(|| {
            let (tx, rx) = channel::<Request>();
            std::thread::Builder::new()
                .name("checkpointer".into())
                .spawn(move || {
                    let mut open: HashMap<PathBuf, Connection> = HashMap::new();
                    while let Ok(request) = rx.recv() {
                        match request {
                            Request::Checkpoint(path, state) => {
                                if !state.closing.load(Ordering::Acquire) {
                                    checkpoint(&mut open, path);
                                }
                                state.pending.store(false, Ordering::Release);
                            }
                            Request::Close(path, done) => {
                                open.remove(&path);
                                let _ = done.send(());
                            }
                            Request::SyncAhead(path, pending) => {
                                if let Ok(file) = std::fs::File::open(&path) {
                                    let _ = file.sync_data();
                                }
                                pending.store(false, Ordering::Release);
                            }
                        }
                    }
                })
                .ok()
                .map(|_| Mutex::new(tx))
        })
        .as_ref()
        .map(|tx| tx.lock().unwrap_or_else(|p| p.into_inner()).clone())
}

/// Asks the checkpointer thread to sync the data of the file at `path`,
/// clearing `pending` when done: a first load (see [`crate::create`])
/// writes its pages with no syncs, and syncing them while the load goes on
/// overlaps the disk's work with the writer's instead of leaving all of it
/// to the sync at publish. An optimisation only: a failure is ignored.
pub(crate) fn sync_ahead(path: PathBuf, pending: Arc<AtomicBool>) {
    let sent = checkpointer().is_some_and(|queue| {
        queue
            .send(Request::SyncAhead(path, pending.clone()))
            .is_ok()
    });
    if !sent {
        pending.store(false, Ordering::Release);
    }
}

/// One passive checkpoint. Failures are not errors of the run: the writer's
/// own checkpoint at [`INLINE_BYTES`] and at close still copies everything,
/// so a database the checkpointer cannot open is only left to the writer.
fn checkpoint(open: &mut HashMap<PathBuf, Connection>, path: PathBuf) {
    let conn = match open.entry(path) {
        Entry::Occupied(known) => known.into_mut(),
        Entry::Vacant(new) => {
            let Ok(conn) = Connection::open_with_flags(
                new.key(),
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            ) else {
                return;
            };
            if conn.pragma_update(None, "synchronous", "NORMAL").is_err() {
                return;
            }
            new.insert(conn)
        }
    };
    if conn
        .wal_checkpoint_v2(None::<&str>, CheckpointMode::PASSIVE)
        .is_ok()
    {
        COMPLETED.fetch_add(1, Ordering::Relaxed);
    }
}

static COMPLETED: AtomicU64 = AtomicU64::new(0);

/// Background checkpoints completed by this process so far.
pub fn background_checkpoints() -> u64 {
    COMPLETED.load(Ordering::Relaxed)
}

/// A writer's tie to the checkpointer, released when its store closes.
pub(crate) struct Link {
    queue: Sender<Request>,
    path: PathBuf,
    state: Arc<SiteState>,
}

impl Link {
    /// Installs the commit hook on `conn` (the writer's connection to
    /// `path`). `None` when the checkpointer thread cannot be started; the
    /// connection then keeps SQLite's automatic checkpoint.
    pub(crate) fn install(
        conn: &mut Connection,
        path: PathBuf,
        at: Thresholds,
    ) -> rusqlite::Result<Option<Link>> {
        let Some(queue) = checkpointer() else {
            return Ok(None);
        };
        let state = Arc::new(SiteState::default());
        let hook_state = state.clone();
        let (hook_queue, hook_path) = (queue.clone(), path.clone());
        let mut asked_at = 0;
        conn.wal_hook(Some(move |wal: &mut rusqlite::hooks::Wal, pages: i32| {
            if pages < asked_at {
                asked_at = 0; // the WAL started over
            }
            if pages >= at.inline {
                // Busy when the checkpointer is mid-copy: wait for it (the
                // copy would be ours to do otherwise) and finish the tail,
                // so the WAL restarts with the next transaction. The commit
                // itself has succeeded whatever this returns.
                if wal.checkpoint_v2(CheckpointMode::PASSIVE).is_err() {
                    let waited = Instant::now();
                    while hook_state.pending.load(Ordering::Acquire)
                        && waited.elapsed() < CHECKPOINTER_WAIT
                    {
                        std::thread::sleep(Duration::from_micros(200));
                    }
                    let _ = wal.checkpoint_v2(CheckpointMode::PASSIVE);
                }
            } else if pages >= asked_at + at.background
                && !hook_state.pending.swap(true, Ordering::AcqRel)
            {
                asked_at = pages;
                if hook_queue
                    .send(Request::Checkpoint(hook_path.clone(), hook_state.clone()))
                    .is_err()
                {
                    hook_state.pending.store(false, Ordering::Release);
                }
            }
            Ok(())
        }))?;
        Ok(Some(Link { queue, path, state }))
    }

    /// Asks the checkpointer to close its connection and waits until it has,
    /// so that the writer's connection is the last one: closing the last
    /// connection copies what is left of the WAL and removes it.
    pub(crate) fn release(&self) {
        self.state.closing.store(true, Ordering::Release);
        let (done, wait) = channel();
        if self
            .queue
            .send(Request::Close(self.path.clone(), done))
            .is_ok()
        {
            let _ = wait.recv_timeout(CHECKPOINTER_WAIT);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wal_len(db: &std::path::Path) -> u64 {
        std::fs::metadata(db.with_extension("sqlite-wal")).map_or(0, |m| m.len())
    }

    #[test]
    fn the_wal_stays_bounded_and_is_gone_after_close() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("T.sqlite");
        let mut conn = Connection::open(&db).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
             CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB);",
        )
        .unwrap();
        let at = Thresholds {
            background: 20,
            inline: 80,
        };
        let link = Link::install(&mut conn, db.clone(), at)
            .unwrap()
            .expect("checkpointer thread");
        let mut largest = 0;
        let before = background_checkpoints();
        for i in 0..400 {
            // About 4 pages per commit, 1,600 pages in all: without the
            // inline checkpoint the WAL would hold every one of them.
            conn.execute("INSERT INTO t (k, v) VALUES (?1, zeroblob(16000))", [i])
                .unwrap();
            largest = largest.max(wal_len(&db));
        }
        let page_frame = 4096 + 24;
        assert!(
            largest < 2 * at.inline as u64 * page_frame,
            "WAL grew to {largest} bytes"
        );
        link.release();
        assert!(
            background_checkpoints() > before,
            "the checkpointer thread did some of the copying"
        );
        drop(conn);
        assert!(
            !db.with_extension("sqlite-wal").exists(),
            "WAL removed at close"
        );
        let conn = Connection::open(&db).unwrap();
        let rows: i64 = conn
            .query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 400, "every commit kept");
    }

    #[test]
    fn a_database_the_checkpointer_cannot_open_is_left_to_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        let mut open = HashMap::new();
        checkpoint(&mut open, dir.path().join("missing/none.sqlite"));
        assert!(open.is_empty());
    }
}
