//! One maintenance run at a time per backup folder.
//!
//! The lock is an exclusive SQLite transaction on
//! `<backups>/.maintenance.lock`: portable, needs nothing new, and the
//! operating system drops it when the process ends however it ends, so a
//! killed run never leaves a stale lock behind.

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The lock file's name inside the backup root.
pub const FILE_NAME: &str = ".maintenance.lock";

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct RunLock {
    _conn: Connection,
    path: PathBuf,
}

impl RunLock {
    /// Takes the lock of `backup_root`; `Ok(None)` when another run holds it.
    pub fn acquire(backup_root: &Path) -> Result<Option<RunLock>, String> {
        std::fs::create_dir_all(backup_root)
            .map_err(|e| format!("cannot create {}: {e}", backup_root.display()))?;
        let path = backup_root.join(FILE_NAME);
        let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
        let conn = Connection::open(&path).map_err(|e| fail(&e))?;
        conn.busy_timeout(std::time::Duration::ZERO)
            .map_err(|e| fail(&e))?;
        match conn.execute_batch("BEGIN EXCLUSIVE") {
            Ok(()) => Ok(Some(RunLock { _conn: conn, path })),
            Err(e) if crate::busy::is_busy(&e) => Ok(None),
            Err(e) => Err(fail(&e)),
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_run_is_refused_until_the_first_ends() {
        let dir = tempfile::tempdir().unwrap();
        let first = RunLock::acquire(dir.path()).unwrap().expect("free");
        assert!(RunLock::acquire(dir.path()).unwrap().is_none());
        drop(first);
        assert!(RunLock::acquire(dir.path()).unwrap().is_some());
    }
}
