//! Online backups: a consistent copy of a live database, verified before
//! it takes a backup's name.
//!
//! The copy is made with SQLite's online backup API, page by page in
//! steps, from the maintenance connection: it sees one consistent state of
//! the database even while ingest writes (in WAL mode a reader never blocks
//! the writer; when the writer changes the database mid-copy, SQLite
//! starts the copy again, and after a few restarts the rest is copied in a
//! single step so a busy site still gets its backup).
//!
//! It is written under a hidden temporary name (`.<name>.partial`),
//! switched to a self-contained rollback-journal file, checked
//! (`integrity_check`), flushed to disk and only then linked to its final
//! name. A copy that fails (a full disk, an I/O error) is deleted: no
//! partial file ever carries a backup's name, and nothing else is touched.

use crate::busy::{Patience, StepError};
use crate::integrity::{self, Integrity};
use crate::layout::{backup_file_name, list_backups, with_suffix, BackupFile};
use crate::settings::IntegrityMode;
use chrono::{DateTime, Duration as Days, Utc};
use rusqlite::backup::StepResult;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Pages copied per step (4 MiB with 4 KiB pages).
const STEP_PAGES: std::os::raw::c_int = 1024;
/// After this many restarts (the source changed mid-copy), the rest is
/// copied in one step.
const MAX_RESTARTS: u32 = 3;
/// Pause between steps when the source is not in WAL mode, so a writer
/// waiting for the lock gets it between two steps.
const ROLLBACK_PAUSE: Duration = Duration::from_millis(20);

/// How to take a backup.
#[derive(Debug, Clone, Default)]
pub struct BackupOptions {
    /// How the new copy is checked before it is named a backup.
    pub verify: Option<IntegrityMode>,
    /// Fault injection for drills and tests: limit the copy to this many
    /// pages, so it fails the way a full disk does (`SQLITE_FULL`).
    pub max_pages: Option<u32>,
}

/// A backup that was made and verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupMade {
    /// The backup file.
    pub path: PathBuf,
    /// Its size.
    pub bytes: u64,
    /// How often the copy started again because ingest changed the source.
    pub restarts: u32,
}

/// The hidden name a backup is written under until it is verified.
pub fn partial_name(final_name: &str) -> String {
    format!(".{final_name}.partial")
}

/// Copies the database `src` into `dir` as `<SITE>_<taken>Z.sqlite` (one
/// second later per clash with an existing name), verified.
pub fn take(
    src: &Connection,
    dir: &Path,
    site: &str,
    taken: DateTime<Utc>,
    options: &BackupOptions,
    patience: &mut Patience,
) -> Result<BackupMade, StepError> {
    let fail = |m: &dyn std::fmt::Display| StepError::failed("backup", m);
    std::fs::create_dir_all(dir)
        .map_err(|e| fail(&format!("cannot create {}: {e}", dir.display())))?;
    let mut stamp = taken;
    let mut name = backup_file_name(site, stamp);
    while dir.join(&name).exists() {
        stamp += Days::seconds(1);
        if stamp - taken > Days::minutes(10) {
            return Err(fail(&format!("no free backup name in {}", dir.display())));
        }
        name = backup_file_name(site, stamp);
    }
    let partial = dir.join(partial_name(&name));
    let target = dir.join(&name);
    remove_partial(&partial);
    let result = copy(src, &partial, options, patience).and_then(|restarts| {
        if let Some(mode) = options.verify {
            verify(&partial, mode).map_err(|m| fail(&format!("the copy failed its check: {m}")))?;
        }
        std::fs::File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(|e| fail(&format!("cannot flush {}: {e}", partial.display())))?;
        place(&partial, &target).map_err(|e| fail(&e))?;
        Ok(restarts)
    });
    match result {
        Ok(restarts) => Ok(BackupMade {
            bytes: std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0),
            path: target,
            restarts,
        }),
        Err(e) => {
            remove_partial(&partial);
            Err(e)
        }
    }
}

/// The online copy itself; returns how often it restarted.
fn copy(
    src: &Connection,
    partial: &Path,
    options: &BackupOptions,
    patience: &mut Patience,
) -> Result<u32, StepError> {
    let fail = |e: &dyn std::fmt::Display| StepError::failed("backup", e);
    let wal = src
        .query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))
        .map(|m| m.eq_ignore_ascii_case("wal"))
        .unwrap_or(false);
    let mut dst = Connection::open_with_flags(
        partial,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| fail(&e))?;
    if let Some(pages) = options.max_pages {
        dst.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
            .map_err(|e| fail(&e))?;
    }
    let mut restarts = 0u32;
    {
        let backup = rusqlite::backup::Backup::new(src, &mut dst).map_err(|e| fail(&e))?;
        let mut remaining: Option<std::os::raw::c_int> = None;
        let mut pause = Duration::from_millis(25);
        loop {
            let pages = if restarts >= MAX_RESTARTS {
                -1
            } else {
                STEP_PAGES
            };
            match backup.step(pages).map_err(|e| fail(&e))? {
                StepResult::Done => break,
                StepResult::More => {
                    let now = backup.progress().remaining;
                    if remaining.is_some_and(|before| now > before) {
                        restarts += 1;
                    }
                    remaining = Some(now);
                    if !wal {
                        std::thread::sleep(ROLLBACK_PAUSE);
                    }
                }
                StepResult::Busy | StepResult::Locked => {
                    if !patience.wait(pause) {
                        return Err(StepError::Busy {
                            what: "backup".into(),
                            waited: patience.spent(),
                        });
                    }
                    pause = (pause * 2).min(Duration::from_secs(1));
                }
                // The enum is non-exhaustive: anything new means "again".
                _ => std::thread::sleep(ROLLBACK_PAUSE),
            }
        }
    }
    // A backup is one self-contained file: no -wal beside it to lose.
    dst.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    })
    .map_err(|e| fail(&e))?;
    dst.close().map_err(|(_, e)| fail(&e))?;
    Ok(restarts)
}

/// Checks a backup file: it opens read-only and passes the integrity check.
pub fn verify(path: &Path, mode: IntegrityMode) -> Result<(), String> {
    let conn = crate::db::open_read_only(path).map_err(|e| e.to_string())?;
    let mut patience = Patience::new(Duration::from_secs(5));
    match integrity::check(&conn, mode, &mut patience).map_err(|e| e.to_string())? {
        Integrity::Ok => Ok(()),
        Integrity::Damaged(lines) => Err(lines.join("; ")),
    }
}

/// Links the verified copy to its final name without ever replacing a
/// file, then removes the temporary name.
pub(crate) fn place(partial: &Path, target: &Path) -> Result<(), String> {
    match std::fs::hard_link(partial, target) {
        Ok(()) => {
            let _ = std::fs::remove_file(partial);
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(format!("{} appeared meanwhile", target.display()));
        }
        // Some file systems (FAT, some shares) have no hard links.
        Err(_) => {
            if target.exists() {
                return Err(format!("{} appeared meanwhile", target.display()));
            }
            std::fs::rename(partial, target)
                .map_err(|e| format!("cannot name {}: {e}", target.display()))?;
        }
    }
    // Best effort: the copy itself is already synced.
    let _ = statetrace_store::sync_dir(target.parent().unwrap_or(Path::new(".")));
    Ok(())
}

pub(crate) fn remove_partial(partial: &Path) {
    let _ = std::fs::remove_file(partial);
    let _ = std::fs::remove_file(with_suffix(partial, "-journal"));
}

/// Removes temporary copies a killed run left behind in a backup folder;
/// returns how many. Only call while holding the maintenance lock.
pub fn clean_partials(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut n = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with('.')
            && (name.ends_with(".partial") || name.ends_with(".partial-journal"))
            && std::fs::remove_file(entry.path()).is_ok()
        {
            n += 1;
        }
    }
    n
}

/// The newest of a site's backups that still passes a quick check: what
/// to restore from when the database itself is damaged.
pub fn newest_good(dir: &Path, site: &str) -> Option<BackupFile> {
    list_backups(dir, site)
        .ok()?
        .into_iter()
        .find(|b| verify(&b.path, IntegrityMode::Quick).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn source(dir: &Path) -> Connection {
        let c = Connection::open(dir.join("src.sqlite")).unwrap();
        c.execute_batch(
            "PRAGMA journal_mode=WAL; CREATE TABLE DeviceSummary(Hostname TEXT PRIMARY KEY, v TEXT);",
        )
        .unwrap();
        let tx = c.unchecked_transaction().unwrap();
        for i in 0..3000 {
            tx.execute(
                "INSERT INTO DeviceSummary VALUES (?1, ?2)",
                [format!("H{i}"), "x".repeat(200)],
            )
            .unwrap();
        }
        tx.commit().unwrap();
        c
    }

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 1, 30, 0).unwrap()
    }

    fn patience() -> Patience {
        Patience::new(Duration::from_secs(2))
    }

    #[test]
    fn a_backup_is_a_verified_self_contained_copy() {
        let dir = tempfile::tempdir().unwrap();
        let src = source(dir.path());
        let out = dir.path().join("B");
        let options = BackupOptions {
            verify: Some(IntegrityMode::Full),
            max_pages: None,
        };
        let made = take(&src, &out, "S", at(22), &options, &mut patience()).unwrap();
        assert_eq!(made.path, out.join("S_20261122-013000Z.sqlite"));
        assert!(made.bytes > 600_000, "{made:?}");
        let names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["S_20261122-013000Z.sqlite"], "no -wal, no partial");
        let copy = crate::db::open_read_only(&made.path).unwrap();
        assert_eq!(
            crate::db::digest(&copy).unwrap(),
            crate::db::digest(&src).unwrap()
        );
        let mode: String = copy
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete");

        // The same second again gets the next free name.
        let again = take(&src, &out, "S", at(22), &options, &mut patience()).unwrap();
        assert_eq!(again.path, out.join("S_20261122-013001Z.sqlite"));
    }

    #[test]
    fn a_full_disk_leaves_no_backup_and_touches_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let src = source(dir.path());
        let out = dir.path().join("B");
        let good = take(
            &src,
            &out,
            "S",
            at(21),
            &BackupOptions::default(),
            &mut patience(),
        )
        .unwrap();
        let full = BackupOptions {
            verify: Some(IntegrityMode::Quick),
            max_pages: Some(20),
        };
        let err = take(&src, &out, "S", at(22), &full, &mut patience()).unwrap_err();
        assert!(
            err.to_string().contains("database or disk is full"),
            "{err}"
        );
        let names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(names, std::slice::from_ref(&good.path));
        assert_eq!(newest_good(&out, "S").map(|b| b.path), Some(good.path));
    }

    #[test]
    fn a_damaged_backup_is_not_named_good() {
        let dir = tempfile::tempdir().unwrap();
        let src = source(dir.path());
        let out = dir.path().join("B");
        let old = take(
            &src,
            &out,
            "S",
            at(20),
            &BackupOptions::default(),
            &mut patience(),
        )
        .unwrap();
        let new = take(
            &src,
            &out,
            "S",
            at(21),
            &BackupOptions::default(),
            &mut patience(),
        )
        .unwrap();
        std::fs::write(&new.path, b"garbage").unwrap();
        assert_eq!(newest_good(&out, "S").map(|b| b.path), Some(old.path));
    }

    #[test]
    fn leftovers_of_a_killed_run_are_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let keep = dir.path().join("S_20261122-013000Z.sqlite");
        std::fs::write(&keep, b"").unwrap();
        std::fs::write(dir.path().join(".S_20261123-013000Z.sqlite.partial"), b"").unwrap();
        std::fs::write(
            dir.path()
                .join(".S_20261123-013000Z.sqlite.partial-journal"),
            b"",
        )
        .unwrap();
        assert_eq!(clean_partials(dir.path()), 2);
        assert!(keep.exists());
    }
}
