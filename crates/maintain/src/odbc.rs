//! Maintenance through the ODBC backend: the equivalents the drivers
//! offer, and a clear word for what they cannot do.
//!
//! | step | SQLite file (`Database=`) | Access file (`DBQ=` or the data root layout) | PostgreSQL, a DSN |
//! |---|---|---|---|
//! | integrity | `integrity_check` on the file | every table read through the driver | every table read through the driver |
//! | backup | online backup of the file | a file copy, only while no `.laccdb` lock file says it is in use; size and hash verified | not possible: use `pg_dump` (or the DBMS's own backups) |
//! | rotation | as SQLite | as SQLite (`<SITE>_<time>Z.accdb`) | - |
//! | orphans | as SQLite | `DELETE ... WHERE NOT EXISTS` through the driver | counted only (no backup tonight) |
//! | retention | as SQLite | `DELETE` through the driver | counted only (no backup tonight) |
//! | compaction | as SQLite | not possible: Access's *Compact and Repair* | not possible: autovacuum / `VACUUM` |
//!
//! A SQLite file reached through ODBC is maintained exactly like the
//! embedded backend's. Where no backup can be taken, nothing is deleted:
//! orphans and prunable history are counted and reported, so the DBA can
//! act after their own backup.

use crate::backup::{self, BackupMade};
use crate::busy::{Patience, StepError};
use crate::clock::Clock;
use crate::layout::{self, SiteDb};
use crate::log::{SiteLine, SiteOutcome};
use crate::run::{
    self, new_site_line, stamp, Faults, Frame, MaintainOptions, RunReport, UsageError,
};
use crate::settings::MaintenanceSettings;
use crate::{retention, rotation};
use chrono::{DateTime, Utc};
use statetrace_store::odbc::{
    site_source, DialectKind, OdbcConfig, OdbcMaintenance, SITE_PLACEHOLDER,
};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to maintain through ODBC.
#[derive(Debug, Clone)]
pub struct OdbcMaintainOptions {
    /// The connection string; `%SITE%` is replaced by each site.
    pub connection_string: String,
    /// The SQL dialect; `None` takes it from the driver.
    pub dialect: Option<DialectKind>,
    /// The data root: Access site files when the string has no `DBQ`,
    /// the settings file, and `Backups/`.
    pub data_root: PathBuf,
    /// The logs root.
    pub logs_root: PathBuf,
    /// The sites. Empty: with `%SITE%`, the sites found in the data root
    /// (`<SITE>/<SITE>.accdb` or `.sqlite`); without it, the one shared
    /// database.
    pub sites: Vec<String>,
    /// `MaintenanceSettings`.
    pub settings: MaintenanceSettings,
    /// Whether the clock is simulated.
    pub simulated_clock: bool,
}

impl OdbcMaintainOptions {
    /// Every site of the connection string, with these settings.
    pub fn new(
        connection_string: &str,
        data_root: &Path,
        logs_root: &Path,
        settings: MaintenanceSettings,
    ) -> Self {
        OdbcMaintainOptions {
            connection_string: connection_string.to_string(),
            dialect: None,
            data_root: data_root.to_path_buf(),
            logs_root: logs_root.to_path_buf(),
            sites: Vec::new(),
            settings,
            simulated_clock: false,
        }
    }

    fn config(&self) -> OdbcConfig {
        let mut cfg = OdbcConfig::new(self.connection_string.clone());
        cfg.dialect = self.dialect;
        cfg.data_root = self.data_root.clone();
        cfg
    }
}

/// The label of the one database a connection string without `%SITE%`
/// reaches.
pub const SHARED: &str = "shared";

/// The sites to maintain.
fn sites(options: &OdbcMaintainOptions) -> Result<Vec<String>, UsageError> {
    if !options.connection_string.contains(SITE_PLACEHOLDER) {
        return Ok(vec![SHARED.to_string()]);
    }
    if !options.sites.is_empty() {
        return Ok(options.sites.clone());
    }
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&options.data_root) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let dir = e.path();
            if ["accdb", "sqlite"]
                .iter()
                .any(|x| dir.join(format!("{name}.{x}")).is_file())
            {
                found.push(name);
            }
        }
    }
    found.sort();
    if found.is_empty() {
        return Err(UsageError(format!(
            "no site files under {}: name the sites with --site (the connection string holds {SITE_PLACEHOLDER})",
            options.data_root.display()
        )));
    }
    Ok(found)
}

/// Maintains the sites of an ODBC data source and logs it like any run.
pub fn run(options: &OdbcMaintainOptions, clock: &dyn Clock) -> Result<RunReport, UsageError> {
    let sites = sites(options)?;
    let native = MaintainOptions {
        data_root: options.data_root.clone(),
        logs_root: options.logs_root.clone(),
        sites: Vec::new(),
        settings: options.settings.clone(),
        faults: Faults::default(),
        simulated_clock: options.simulated_clock,
    };
    let cfg = options.config();
    let frame = Frame {
        data_root: &options.data_root,
        logs_root: &options.logs_root,
        settings: &options.settings,
        scope_all: options.sites.is_empty(),
        backend: "odbc",
        simulated: options.simulated_clock,
        no_sites: "no sites".into(),
    };
    Ok(frame.run(clock, &sites, |site, backup_root, run_id| {
        maintain_site(&cfg, site, backup_root, run_id, &native, clock)
    }))
}

fn maintain_site(
    cfg: &OdbcConfig,
    site: &str,
    backup_root: &Path,
    run_id: &str,
    options: &MaintainOptions,
    clock: &dyn Clock,
) -> SiteLine {
    let source = match site_source(cfg, site) {
        Ok(s) => s,
        Err(e) => {
            let masked = statetrace_store::odbc::mask_connection_string(&cfg.connection_string);
            let mut line =
                new_site_line(run_id, site, masked, clock.now(), options.simulated_clock);
            line.outcome = SiteOutcome::Failed;
            line.errors.push(e);
            line.end = stamp(clock.now());
            line.timestamp = line.end.clone();
            return line;
        }
    };
    // A SQLite file is maintained natively: everything the embedded
    // backend does, with the online backup.
    if let (Some(DialectKind::Sqlite), Some(file)) = (source.dialect, source.file.as_ref()) {
        let db = SiteDb {
            site: site.to_string(),
            path: file.clone(),
        };
        let mut line = run::maintain_site(&db, backup_root, run_id, options, clock);
        line.database = source.location;
        return line;
    }
    let started = Instant::now();
    let mut line = new_site_line(
        run_id,
        site,
        source.location.clone(),
        clock.now(),
        options.simulated_clock,
    );
    let file = source
        .file
        .clone()
        .filter(|_| source.dialect == Some(DialectKind::Access));
    line.bytes_before = file.as_deref().map(layout::database_bytes).unwrap_or(0);
    let mut patience = Patience::new(Duration::from_secs(
        options.settings.max_busy_wait_seconds.into(),
    ));
    if let Err(e) = steps(
        cfg,
        site,
        file.as_deref(),
        backup_root,
        &options.settings,
        clock,
        &mut patience,
        &mut line,
    ) {
        line.outcome = match (&e, line.outcome) {
            (e, _) if e.is_busy() => SiteOutcome::Busy,
            (_, SiteOutcome::Ok) => SiteOutcome::Failed,
            (_, o) => o,
        };
        line.errors.push(e.to_string());
    }
    line.busy_retries = patience.retries();
    line.busy_wait_ms = patience.spent().as_millis() as u64;
    line.bytes_after = file.as_deref().map(layout::database_bytes).unwrap_or(0);
    let end = clock.now();
    line.end = stamp(end);
    line.timestamp = stamp(end);
    line.duration_ms = started.elapsed().as_millis() as u64;
    line
}

#[allow(clippy::too_many_arguments)]
fn steps(
    cfg: &OdbcConfig,
    site: &str,
    access_file: Option<&Path>,
    backup_root: &Path,
    settings: &MaintenanceSettings,
    clock: &dyn Clock,
    patience: &mut Patience,
    line: &mut SiteLine,
) -> Result<(), StepError> {
    // 1. The backup comes first for an Access file: the copy needs the
    //    file closed, and this run's own connection would open it.
    let backup_dir = layout::site_backup_dir(backup_root, site);
    let made = match access_file {
        Some(file) => {
            backup::clean_partials(&backup_dir);
            let taken = clock.now().with_timezone(&Utc);
            let made = copy_access(file, &backup_dir, site, taken, patience).inspect_err(|_| {
                line.warnings.push(
                    "no backup tonight: old backups, orphans and history were left as they were"
                        .into(),
                );
            })?;
            line.backup = Some(made.path.display().to_string());
            line.backup_bytes = made.bytes;
            let backups = layout::list_backups(&backup_dir, site)
                .map_err(|e| StepError::failed("rotation", e))?;
            let plan = rotation::plan(
                &backups,
                settings.keep_daily_backups,
                settings.keep_weekly_backups,
            );
            let errors = rotation::apply(&plan);
            line.backups_kept = (plan.keep.len() + errors.len()) as u32;
            line.backups_deleted = (plan.delete.len() - errors.len()) as u32;
            if !errors.is_empty() {
                return Err(StepError::failed("rotation", errors.join("; ")));
            }
            true
        }
        None => {
            line.warnings.push(
                "no backup through ODBC for this data source (a database server or a DSN): back it up with its own tools \
                 (PostgreSQL: pg_dump); orphans and prunable history are counted, not deleted"
                    .into(),
            );
            false
        }
    };

    // 2. The integrity probe: every table read through the driver.
    let m =
        OdbcMaintenance::open(cfg, site).map_err(|e| StepError::failed("connect", e.message))?;
    if let Err(e) = m.table_counts() {
        line.integrity = "unreadable".into();
        line.outcome = SiteOutcome::Corrupt;
        return Err(StepError::failed(
            "integrity probe",
            format!("a table cannot be read: {}; left untouched", e.message),
        ));
    }
    line.integrity = "probe-ok".into();

    // 3. Orphans.
    let found = m
        .orphans(false)
        .map_err(|e| StepError::failed("orphan check", e.message))?;
    line.orphan_rows = found.iter().map(|(_, n)| n).sum();
    if line.orphan_rows > 0 && made && settings.repair_orphans {
        let removed = m
            .orphans(true)
            .map_err(|e| StepError::failed("orphan repair", e.message))?;
        line.orphans_removed = removed.iter().map(|(_, n)| n).sum();
    } else if line.orphan_rows > 0 {
        let what: Vec<String> = found.iter().map(|(t, n)| format!("{n} {t}")).collect();
        line.warnings
            .push(format!("orphaned rows left in place: {}", what.join(", ")));
    }

    // 4. History retention.
    if settings.history_retention_days > 0 {
        let cutoff = retention::cutoff(clock.now(), settings.history_retention_days);
        let per_table = m
            .prune_history(&cutoff, settings.history_keep_latest, made)
            .map_err(|e| StepError::failed("history retention", e.message))?;
        let n: u64 = per_table.iter().map(|(_, n)| n).sum();
        if made {
            for (table, rows) in &per_table {
                match table.as_str() {
                    "InterfaceHistory" => line.pruned.interface_history = *rows,
                    "DeviceHistory" => line.pruned.device_history = *rows,
                    _ => line.pruned.span_history = *rows,
                }
            }
            line.rows_pruned = n;
        } else if n > 0 {
            line.warnings.push(format!(
                "{n} history rows are older than {} days and were not pruned",
                settings.history_retention_days
            ));
        }
    }

    // 5. Compaction is not an ODBC operation.
    line.compaction = "unsupported".into();
    line.warnings.push(match m.dialect() {
        DialectKind::Access => "compaction is not possible through ODBC: compact the file in Access (Database Tools > Compact and Repair Database) while nothing has it open".into(),
        DialectKind::Postgres => "compaction is not possible through ODBC: PostgreSQL's autovacuum reclaims space (VACUUM FULL locks the tables; keep it for a maintenance window)".into(),
        DialectKind::Sqlite => "compaction is not possible through ODBC: name the database file so statetrace maintains it directly".into(),
    });
    Ok(())
}

/// What Access files carry at byte 4.
const ACCESS_SIGNATURES: [&[u8]; 2] = [b"Standard ACE DB", b"Standard Jet DB"];

/// The lock file Access keeps beside an open database.
pub fn access_lock_file(file: &Path) -> PathBuf {
    let ext = if file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("mdb"))
    {
        "ldb"
    } else {
        "laccdb"
    };
    file.with_extension(ext)
}

fn hash_file(path: &Path) -> std::io::Result<(u64, u128)> {
    let mut f = std::fs::File::open(path)?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf)?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    Ok((n, h.digest128()))
}

/// Copies an Access file that nothing has open (no lock file, before and
/// after the copy), verified by size and hash against the source and by
/// its header, under a hidden name, then named `<SITE>_<time>Z.accdb`.
pub fn copy_access(
    file: &Path,
    dir: &Path,
    site: &str,
    taken: DateTime<Utc>,
    patience: &mut Patience,
) -> Result<BackupMade, StepError> {
    let fail = |m: &dyn std::fmt::Display| StepError::failed("backup", m);
    let lock = access_lock_file(file);
    let mut pause = Duration::from_millis(250);
    while lock.exists() {
        if !patience.wait(pause) {
            return Err(StepError::Busy {
                what: format!(
                    "backup ({} is open: {} exists)",
                    file.display(),
                    lock.display()
                ),
                waited: patience.spent(),
            });
        }
        pause = (pause * 2).min(Duration::from_secs(5));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| fail(&format!("cannot create {}: {e}", dir.display())))?;
    let mut stamp = taken;
    let mut name = layout::backup_file_name_with(site, stamp, "accdb");
    while dir.join(&name).exists() {
        stamp += chrono::Duration::seconds(1);
        name = layout::backup_file_name_with(site, stamp, "accdb");
    }
    let partial = dir.join(backup::partial_name(&name));
    let target = dir.join(&name);
    let result = (|| {
        std::fs::copy(file, &partial)
            .map_err(|e| fail(&format!("cannot copy {}: {e}", file.display())))?;
        let source = hash_file(file).map_err(|e| fail(&e))?;
        let copy = hash_file(&partial).map_err(|e| fail(&e))?;
        if lock.exists() {
            return Err(StepError::Busy {
                what: format!("backup ({} was opened during the copy)", file.display()),
                waited: patience.spent(),
            });
        }
        if source != copy {
            return Err(fail(
                &"the copy differs from the file (was it written meanwhile?)",
            ));
        }
        let mut head = [0u8; 19];
        std::fs::File::open(&partial)
            .and_then(|mut f| f.read_exact(&mut head))
            .map_err(|e| fail(&e))?;
        if !ACCESS_SIGNATURES.iter().any(|s| &head[4..] == *s) {
            return Err(fail(&format!(
                "{} is not an Access database (no \"Standard ACE DB\" header)",
                file.display()
            )));
        }
        std::fs::File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(|e| fail(&e))?;
        backup::place(&partial, &target).map_err(|e| fail(&e))?;
        Ok(copy.0)
    })();
    match result {
        Ok(bytes) => Ok(BackupMade {
            path: target,
            bytes,
            restarts: 0,
        }),
        Err(e) => {
            backup::remove_partial(&partial);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn access_file(dir: &Path) -> PathBuf {
        let path = dir.join("WLLS.accdb");
        let mut bytes = vec![0u8, 1, 0, 0];
        bytes.extend_from_slice(b"Standard ACE DB\0");
        bytes.resize(64 * 1024, 7);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn an_access_file_nobody_has_open_is_copied_and_verified() {
        let dir = tempfile::tempdir().unwrap();
        let file = access_file(dir.path());
        let out = dir.path().join("B");
        let t = Utc.with_ymd_and_hms(2026, 11, 22, 1, 30, 0).unwrap();
        let mut p = Patience::new(Duration::from_millis(300));
        let made = copy_access(&file, &out, "WLLS", t, &mut p).unwrap();
        assert_eq!(made.path, out.join("WLLS_20261122-013000Z.accdb"));
        assert_eq!(
            std::fs::read(&made.path).unwrap(),
            std::fs::read(&file).unwrap()
        );
        assert_eq!(layout::list_backups(&out, "WLLS").unwrap().len(), 1);
    }

    #[test]
    fn an_open_access_file_is_not_copied() {
        let dir = tempfile::tempdir().unwrap();
        let file = access_file(dir.path());
        std::fs::write(access_lock_file(&file), b"someone").unwrap();
        assert!(access_lock_file(&file).ends_with("WLLS.laccdb"));
        let out = dir.path().join("B");
        let t = Utc.with_ymd_and_hms(2026, 11, 22, 1, 30, 0).unwrap();
        let mut p = Patience::new(Duration::from_millis(300));
        let err = copy_access(&file, &out, "WLLS", t, &mut p).unwrap_err();
        assert!(
            err.is_busy() && err.to_string().contains("WLLS.laccdb"),
            "{err}"
        );
        assert!(!out.exists() || std::fs::read_dir(&out).unwrap().count() == 0);
    }

    #[test]
    fn a_file_that_is_not_access_is_not_named_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("X.accdb");
        std::fs::write(&file, vec![1u8; 4096]).unwrap();
        let out = dir.path().join("B");
        let t = Utc.with_ymd_and_hms(2026, 11, 22, 1, 30, 0).unwrap();
        let mut p = Patience::new(Duration::from_millis(300));
        let err = copy_access(&file, &out, "X", t, &mut p).unwrap_err();
        assert!(err.to_string().contains("not an Access database"), "{err}");
        assert_eq!(
            std::fs::read_dir(&out).unwrap().count(),
            0,
            "no partial left"
        );
    }

    #[test]
    fn sites_come_from_the_names_the_files_or_the_shared_database() {
        let dir = tempfile::tempdir().unwrap();
        let settings = MaintenanceSettings::default();
        let shared = OdbcMaintainOptions::new(
            "Driver={PostgreSQL Unicode};Database=st",
            dir.path(),
            dir.path(),
            settings.clone(),
        );
        assert_eq!(sites(&shared).unwrap(), [SHARED]);
        let mut per_site = OdbcMaintainOptions::new(
            "Driver={PostgreSQL Unicode};Database=st_%SITE%",
            dir.path(),
            dir.path(),
            settings,
        );
        let err = sites(&per_site).unwrap_err().to_string();
        assert!(err.contains("--site"), "{err}");
        std::fs::create_dir_all(dir.path().join("WLLS")).unwrap();
        std::fs::write(dir.path().join("WLLS/WLLS.accdb"), b"").unwrap();
        assert_eq!(sites(&per_site).unwrap(), ["WLLS"]);
        per_site.sites = vec!["HQ".into()];
        assert_eq!(sites(&per_site).unwrap(), ["HQ"]);
    }
}
