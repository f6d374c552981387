//! Restoring a site from a backup.
//!
//! 1. The backup (named with `--from`, else the site's newest backup that
//!    passes a check) is verified: full integrity check, a StateTrace
//!    schema this build understands, and devices of that site.
//! 2. The database it replaces is kept aside in
//!    `<backups>/<SITE>/Replaced/`: a healthy one as an online backup, a
//!    damaged one as its raw files.
//! 3. A healthy database is overwritten through SQLite's backup API, in
//!    one write transaction on the live file: a process that has it open
//!    sees the old contents or the new, never a mix, and never a missing
//!    or swapped file. A damaged (or missing) one is replaced by a copy
//!    written next to it and renamed over it, after its stale `-wal` and
//!    `-shm` are removed (they must never be replayed onto another file).
//! 4. The restored database is compared with the backup table by table
//!    (row counts and a hash of every value).
//!
//! Stop ingest for the site while restoring: a device written between the
//! restore and the comparison makes the comparison fail (nothing is lost:
//! the replaced database is kept).

use crate::backup::{self, BackupOptions};
use crate::busy::Patience;
use crate::clock::Clock;
use crate::db::{self, TableDigest};
use crate::integrity::{self, Integrity};
use crate::layout::{self, with_suffix};
use crate::log::{self, RestoreLine};
use crate::run::stamp;
use crate::settings::{IntegrityMode, MaintenanceSettings};
use chrono::Utc;
use rusqlite::backup::StepResult;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What to restore.
#[derive(Debug, Clone)]
pub struct RestoreOptions {
    /// The data root.
    pub data_root: PathBuf,
    /// The logs root (a `MaintenanceRestore` line is appended).
    pub logs_root: PathBuf,
    /// The site (any letter case).
    pub site: String,
    /// The backup: a path, or a file name in the site's backup folder;
    /// `None` takes the newest good backup.
    pub from: Option<PathBuf>,
    /// `MaintenanceSettings` (backup folder, busy timeouts).
    pub settings: MaintenanceSettings,
}

/// A restore that was done and verified.
#[derive(Debug, Clone)]
pub struct Restored {
    /// The site.
    pub site: String,
    /// The database restored.
    pub database: PathBuf,
    /// The backup restored from.
    pub from: PathBuf,
    /// Where the replaced database was kept (none when there was none).
    pub replaced_kept_at: Option<PathBuf>,
    /// Whether the live file was overwritten in place (`true`) or
    /// replaced by a new file (damaged or missing database).
    pub in_place: bool,
    /// What the restored database holds, equal to the backup's.
    pub tables: Vec<TableDigest>,
}

/// Why a restore was not done.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    /// Bad arguments: an unknown site, a backup that does not exist.
    #[error("{0}")]
    Usage(String),
    /// The restore was refused or failed; the database is as it was or
    /// kept aside (the message says which).
    #[error("{0}")]
    Failed(String),
}

/// Restores a site and logs it.
pub fn restore(options: &RestoreOptions, clock: &dyn Clock) -> Result<Restored, RestoreError> {
    refuse_access(options)?;
    let (site, database) = resolve_site(options)?;
    let backup_root = options.settings.backup_root(&options.data_root);
    let from = choose_backup(options, &backup_root, &site)?;
    let result = restore_from(options, clock, &site, &database, &from, &backup_root);
    let line = RestoreLine {
        event_name: "MaintenanceRestore",
        timestamp: stamp(clock.now()),
        site: site.clone(),
        database: database.display().to_string(),
        from: from.display().to_string(),
        replaced_kept_at: result
            .as_ref()
            .ok()
            .and_then(|r| r.replaced_kept_at.as_ref().map(|p| p.display().to_string())),
        outcome: if result.is_ok() { "ok" } else { "failed" }.into(),
        errors: result
            .as_ref()
            .err()
            .map(|e| vec![e.to_string()])
            .unwrap_or_default(),
    };
    let logged = log::append(
        &log::log_file(&options.logs_root, clock.now().date_naive()),
        &line,
    );
    let restored = result?;
    logged
        .map_err(|e| RestoreError::Failed(format!("restored, but the log was not written: {e}")))?;
    Ok(restored)
}

/// An Access site (ODBC backend) is restored by copying the file, which
/// only its user can do safely (every program closed): say so.
fn refuse_access(options: &RestoreOptions) -> Result<(), RestoreError> {
    let sqlite = statetrace_store::site_db_path(&options.data_root, &options.site);
    let access = sqlite.with_extension("accdb");
    let from_access = options
        .from
        .as_ref()
        .and_then(|p| p.extension())
        .is_some_and(|x| x.eq_ignore_ascii_case("accdb") || x.eq_ignore_ascii_case("mdb"));
    if from_access || (access.is_file() && !sqlite.is_file()) {
        return Err(RestoreError::Usage(format!(
            "statetrace restore restores SQLite site databases; an Access database is restored by hand: \
             close every program that has {} open (no .laccdb file beside it), move it aside, and copy the \
             backup (Backups/{}/<SITE>_<time>Z.accdb) in its place",
            access.display(),
            options.site
        )));
    }
    Ok(())
}

/// The site's name as its folder spells it, and its database path.
fn resolve_site(options: &RestoreOptions) -> Result<(String, PathBuf), RestoreError> {
    if let Ok(sites) = layout::discover_sites(&options.data_root) {
        if let Some(s) = sites
            .iter()
            .find(|s| s.site.eq_ignore_ascii_case(&options.site))
        {
            return Ok((s.site.clone(), s.path.clone()));
        }
    }
    // A site whose database is gone entirely can still be restored when
    // it has backups.
    let backup_root = options.settings.backup_root(&options.data_root);
    if let Ok(entries) = std::fs::read_dir(&backup_root) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.eq_ignore_ascii_case(&options.site) && e.path().is_dir() {
                return Ok((
                    name.clone(),
                    statetrace_store::site_db_path(&options.data_root, &name),
                ));
            }
        }
    }
    Err(RestoreError::Usage(format!(
        "no site {:?}: neither {} nor backups in {}",
        options.site,
        statetrace_store::site_db_path(&options.data_root, &options.site).display(),
        layout::site_backup_dir(&backup_root, &options.site).display()
    )))
}

fn choose_backup(
    options: &RestoreOptions,
    backup_root: &Path,
    site: &str,
) -> Result<PathBuf, RestoreError> {
    let dir = layout::site_backup_dir(backup_root, site);
    match &options.from {
        Some(p) if p.is_file() => Ok(p.clone()),
        Some(p) if p.components().count() == 1 && dir.join(p).is_file() => Ok(dir.join(p)),
        Some(p) => Err(RestoreError::Usage(format!(
            "no backup file {}",
            p.display()
        ))),
        None => backup::newest_good(&dir, site)
            .map(|b| b.path)
            .ok_or_else(|| {
                RestoreError::Failed(format!("no good backup of {site} in {}", dir.display()))
            }),
    }
}

/// Checks that `from` is a whole StateTrace database of `site`; returns
/// its digest.
fn verify_backup(from: &Path, site: &str) -> Result<Vec<TableDigest>, String> {
    backup::verify(from, IntegrityMode::Full)?;
    let conn = db::open_read_only(from).map_err(|e| e.to_string())?;
    if !db::has_table(&conn, "DeviceSummary").map_err(|e| e.to_string())? {
        return Err("not a StateTrace site database (no DeviceSummary table)".into());
    }
    let version: Option<i64> = conn
        .query_row("SELECT MAX(Version) FROM SchemaVersion", [], |r| r.get(0))
        .map_err(|e| format!("no schema version: {e}"))?;
    if version.unwrap_or(0) > statetrace_store::SCHEMA_VERSION {
        return Err(format!(
            "its schema version {} is newer than this StateTrace understands ({})",
            version.unwrap_or(0),
            statetrace_store::SCHEMA_VERSION
        ));
    }
    let (devices, of_site): (i64, i64) = conn
        .query_row(
            "SELECT COUNT(*), COUNT(CASE WHEN Site = ?1 COLLATE NOCASE THEN 1 END) FROM DeviceSummary",
            [site],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| e.to_string())?;
    if devices > 0 && of_site == 0 {
        let other: String = conn
            .query_row(
                "SELECT COALESCE(Site, '?') FROM DeviceSummary LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap_or_default();
        return Err(format!("it holds devices of site {other}, not {site}"));
    }
    db::digest(&conn).map_err(|e| e.to_string())
}

fn restore_from(
    options: &RestoreOptions,
    clock: &dyn Clock,
    site: &str,
    database: &Path,
    from: &Path,
    backup_root: &Path,
) -> Result<Restored, RestoreError> {
    let failed = |m: String| RestoreError::Failed(m);
    let expected = verify_backup(from, site)
        .map_err(|m| failed(format!("{} cannot be restored: {m}", from.display())))?;
    let settings = &options.settings;
    let mut patience = Patience::new(Duration::from_secs(settings.max_busy_wait_seconds.into()));
    let busy_timeout = Duration::from_millis(settings.busy_timeout_ms.into());
    let aside_dir = layout::replaced_dir(backup_root, site);
    let now = clock.now().with_timezone(&Utc);

    let live = if database.exists() {
        let conn = db::open_existing(database, busy_timeout)
            .map_err(|e| failed(format!("cannot open {}: {e}", database.display())))?;
        match integrity::check(&conn, IntegrityMode::Quick, &mut patience)
            .map_err(|e| failed(e.to_string()))?
        {
            Integrity::Ok => Some(conn),
            Integrity::Damaged(_) => None,
        }
    } else {
        None
    };

    let (kept, in_place) = match live {
        Some(mut conn) => {
            // Keep the current contents aside, consistently.
            let kept = backup::take(
                &conn,
                &aside_dir,
                site,
                now,
                &BackupOptions::default(),
                &mut patience,
            )
            .map_err(|e| {
                failed(format!(
                    "the current database could not be kept aside, nothing was restored: {e}"
                ))
            })?;
            let src = db::open_read_only(from).map_err(|e| failed(e.to_string()))?;
            copy_into(&src, &mut conn, &mut patience).map_err(|e| {
                failed(format!(
                    "restoring into {} failed ({e}); its previous contents are kept at {}",
                    database.display(),
                    kept.path.display()
                ))
            })?;
            let _ = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
            (Some(kept.path), true)
        }
        None => {
            let kept = if database.exists() {
                Some(keep_damaged(database, &aside_dir, site, now).map_err(failed)?)
            } else {
                None
            };
            replace_file(from, database).map_err(|m| {
                failed(match &kept {
                    Some(k) => format!("{m}; the damaged database is kept at {}", k.display()),
                    None => m,
                })
            })?;
            (kept, false)
        }
    };

    let conn = db::open_read_only(database).map_err(|e| failed(e.to_string()))?;
    let got = db::digest(&conn).map_err(|e| failed(e.to_string()))?;
    if got != expected {
        return Err(failed(format!(
            "the restored {} differs from {} (was ingest writing?); the replaced database is kept at {}",
            database.display(),
            from.display(),
            kept.as_ref().map(|k| k.display().to_string()).unwrap_or_else(|| "(none)".into())
        )));
    }
    Ok(Restored {
        site: site.to_string(),
        database: database.to_path_buf(),
        from: from.to_path_buf(),
        replaced_kept_at: kept,
        in_place,
        tables: got,
    })
}

/// Copies every page of `src` over `dst` in one step (one write
/// transaction on `dst`), retrying while `dst` is busy.
fn copy_into(
    src: &rusqlite::Connection,
    dst: &mut rusqlite::Connection,
    patience: &mut Patience,
) -> Result<(), String> {
    let backup = rusqlite::backup::Backup::new(src, dst).map_err(|e| e.to_string())?;
    let mut pause = Duration::from_millis(25);
    loop {
        match backup.step(-1).map_err(|e| e.to_string())? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ => {
                if !patience.wait(pause) {
                    return Err("the database stayed busy (MaxBusyWaitSeconds)".into());
                }
                pause = (pause * 2).min(Duration::from_secs(1));
            }
        }
    }
}

/// Copies a damaged database's files aside as they are.
fn keep_damaged(
    database: &Path,
    dir: &Path,
    site: &str,
    now: chrono::DateTime<Utc>,
) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let name = layout::backup_file_name(site, now).replace("Z.sqlite", "Z-damaged.sqlite");
    let target = dir.join(name);
    for suffix in ["", "-wal"] {
        let src = with_suffix(database, suffix);
        if src.exists() {
            std::fs::copy(&src, with_suffix(&target, suffix)).map_err(|e| {
                format!(
                    "cannot keep {} aside: {e}; nothing was restored",
                    src.display()
                )
            })?;
        }
    }
    Ok(target)
}

/// Puts a copy of `from` at `database` (a damaged or missing file).
fn replace_file(from: &Path, database: &Path) -> Result<(), String> {
    let dir = database.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let tmp = with_suffix(
        &dir.join(format!(
            ".{}",
            database.file_name().unwrap_or_default().to_string_lossy()
        )),
        ".restoring",
    );
    let _ = std::fs::remove_file(&tmp);
    std::fs::copy(from, &tmp).map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
    let prepared = (|| -> rusqlite::Result<()> {
        let c = rusqlite::Connection::open(&tmp)?;
        c.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
        c.close().map_err(|(_, e)| e)
    })();
    if let Err(e) = prepared.map_err(|e| e.to_string()).and_then(|()| {
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| e.to_string())
    }) {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot prepare the restored copy: {e}"));
    }
    // The old file's log must never be replayed onto the new one.
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(database, suffix));
    }
    std::fs::rename(&tmp, database).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot put the restored copy in place: {e}")
    })?;
    let _ = statetrace_store::sync_dir(dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_sites_are_restored_by_hand_and_told_how() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("WLLS")).unwrap();
        std::fs::write(dir.path().join("WLLS/WLLS.accdb"), b"x").unwrap();
        let options = RestoreOptions {
            data_root: dir.path().to_path_buf(),
            logs_root: dir.path().join("L"),
            site: "WLLS".into(),
            from: None,
            settings: MaintenanceSettings::default(),
        };
        let clock = crate::clock::SystemClock;
        match restore(&options, &clock) {
            Err(RestoreError::Usage(m)) => assert!(m.contains("restored by hand"), "{m}"),
            other => panic!("{other:?}"),
        }
        assert!(
            !dir.path().join("L").exists(),
            "nothing done, nothing logged"
        );
    }
}
