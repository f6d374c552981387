//! One maintenance run over the site databases of a data root.

use crate::backup::{self, BackupOptions};
use crate::busy::{Patience, StepError};
use crate::clock::Clock;
use crate::compaction::{self, Compaction};
use crate::db;
use crate::integrity::{self, Integrity};
use crate::layout::{self, SiteDb};
use crate::lock::RunLock;
use crate::log::{self, RunLine, RunOutcome, SiteLine, SiteOutcome};
use crate::orphans;
use crate::retention::{self, Pruned};
use crate::rotation;
use crate::settings::MaintenanceSettings;
use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Faults to inject, for drills and tests. Never set in normal use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    /// Sites whose backup fails as on a full disk (`*` for all).
    pub backup_disk_full: Vec<String>,
}

impl Faults {
    /// Whether any fault is set.
    pub fn any(&self) -> bool {
        !self.backup_disk_full.is_empty()
    }

    /// Parses `backup-disk-full:SITE` (the form `--inject-fault` takes).
    pub fn add(&mut self, spec: &str) -> Result<(), String> {
        match spec.split_once(':') {
            Some(("backup-disk-full", site)) if !site.is_empty() => {
                self.backup_disk_full.push(site.to_string());
                Ok(())
            }
            _ => Err(format!(
                "unknown fault {spec:?} (known: backup-disk-full:<SITE>, backup-disk-full:*)"
            )),
        }
    }

    fn disk_full(&self, site: &str) -> bool {
        self.backup_disk_full
            .iter()
            .any(|s| s == "*" || s.eq_ignore_ascii_case(site))
    }
}

/// What to maintain, and how.
#[derive(Debug, Clone)]
pub struct MaintainOptions {
    /// The data root (`<data>/<SITE>/<SITE>.sqlite`).
    pub data_root: PathBuf,
    /// The logs root (`<logs>/Maintenance/<date>.json`).
    pub logs_root: PathBuf,
    /// Only these sites (any letter case); empty means every site.
    pub sites: Vec<String>,
    /// `MaintenanceSettings`.
    pub settings: MaintenanceSettings,
    /// Faults to inject (drills and tests).
    pub faults: Faults,
    /// Whether the clock is simulated; recorded in every line.
    pub simulated_clock: bool,
}

impl MaintainOptions {
    /// Every site of `data_root`, logs under `logs_root`, the settings
    /// read from the data root's settings file by the caller.
    pub fn new(data_root: &Path, logs_root: &Path, settings: MaintenanceSettings) -> Self {
        MaintainOptions {
            data_root: data_root.to_path_buf(),
            logs_root: logs_root.to_path_buf(),
            sites: Vec::new(),
            settings,
            faults: Faults::default(),
            simulated_clock: false,
        }
    }

    fn simulated(&self) -> bool {
        self.simulated_clock || self.faults.any()
    }
}

/// A run's result: the lines it logged.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// The run line.
    pub run: RunLine,
    /// One line per site, in order.
    pub sites: Vec<SiteLine>,
    /// The log file the lines went to.
    pub log_file: PathBuf,
    /// Lines that could not be written to the log.
    pub log_errors: Vec<String>,
}

impl RunReport {
    /// Whether every site was maintained and everything was logged.
    pub fn is_success(&self) -> bool {
        self.run.outcome == RunOutcome::Ok && self.log_errors.is_empty()
    }
}

/// A run that cannot start: a usage or configuration error.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Time as the log writes it.
pub fn stamp(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The sites to maintain: all, or the named ones (any letter case).
pub fn select_sites(data_root: &Path, wanted: &[String]) -> Result<Vec<SiteDb>, UsageError> {
    if !data_root.is_dir() {
        return Err(UsageError(format!(
            "the data root {} is not a folder",
            data_root.display()
        )));
    }
    let all = layout::discover_sites(data_root)
        .map_err(|e| UsageError(format!("cannot list {}: {e}", data_root.display())))?;
    if wanted.is_empty() {
        return Ok(all);
    }
    let mut out = Vec::new();
    for name in wanted {
        match all.iter().find(|s| s.site.eq_ignore_ascii_case(name)) {
            Some(s) if !out.contains(s) => out.push(s.clone()),
            Some(_) => {}
            None => {
                let known: Vec<&str> = all.iter().map(|s| s.site.as_str()).collect();
                return Err(UsageError(format!(
                    "no site {name:?} under {} (sites: {})",
                    data_root.display(),
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                )));
            }
        }
    }
    Ok(out)
}

/// Maintains the sites and logs what happened. `Err` only when the run
/// cannot start (exit code 2); everything else is in the report.
pub fn run(options: &MaintainOptions, clock: &dyn Clock) -> Result<RunReport, UsageError> {
    let sites = select_sites(&options.data_root, &options.sites)?;
    let frame = Frame {
        data_root: &options.data_root,
        logs_root: &options.logs_root,
        settings: &options.settings,
        scope_all: options.sites.is_empty(),
        backend: "sqlite",
        simulated: options.simulated(),
        no_sites: format!(
            "no site databases under {} (expected <SITE>/<SITE>.sqlite)",
            options.data_root.display()
        ),
    };
    Ok(frame.run(clock, &sites, |site, backup_root, run_id| {
        maintain_site(site, backup_root, run_id, options, clock)
    }))
}

/// What every run shares, whatever the backend: the run line, the lock,
/// the log.
pub(crate) struct Frame<'a> {
    pub data_root: &'a Path,
    pub logs_root: &'a Path,
    pub settings: &'a MaintenanceSettings,
    pub scope_all: bool,
    pub backend: &'a str,
    pub simulated: bool,
    /// The run's error when there is no site.
    pub no_sites: String,
}

impl Frame<'_> {
    /// Maintains each site with `each` (given the backup root and the run
    /// id) under the lock, logging each site's line as it is done.
    pub fn run<S>(
        &self,
        clock: &dyn Clock,
        sites: &[S],
        mut each: impl FnMut(&S, &Path, &str) -> SiteLine,
    ) -> RunReport {
        let start = clock.now();
        let started = Instant::now();
        let run_id = format!("{}-{}", start.format("%Y%m%dT%H%M%S%z"), std::process::id());
        let backup_root = self.settings.backup_root(self.data_root);
        let mut report = RunReport {
            run: RunLine {
                event_name: "MaintenanceRun",
                timestamp: String::new(),
                run_id: run_id.clone(),
                night: start.format("%Y-%m-%d").to_string(),
                start: stamp(start),
                end: String::new(),
                duration_ms: 0,
                outcome: RunOutcome::Ok,
                scope: if self.scope_all { "all" } else { "sites" }.into(),
                backend: self.backend.into(),
                data_root: self.data_root.display().to_string(),
                sites: 0,
                sites_ok: 0,
                problems: Vec::new(),
                bytes_before: 0,
                bytes_after: 0,
                backups_kept: 0,
                rows_pruned: 0,
                orphans_removed: 0,
                errors: Vec::new(),
                simulated: self.simulated,
                version: env!("CARGO_PKG_VERSION"),
            },
            sites: Vec::new(),
            log_file: log::log_file(self.logs_root, start.date_naive()),
            log_errors: Vec::new(),
        };
        let lock = match RunLock::acquire(&backup_root) {
            Ok(Some(lock)) => lock,
            Ok(None) => {
                report.run.errors.push(format!(
                    "another maintenance run holds {}; nothing was done",
                    backup_root.join(crate::lock::FILE_NAME).display()
                ));
                report.run.outcome = RunOutcome::Locked;
                finish(&mut report, clock, started);
                return report;
            }
            Err(e) => {
                report
                    .run
                    .errors
                    .push(format!("cannot take the maintenance lock: {e}"));
                summarize(&mut report);
                finish(&mut report, clock, started);
                return report;
            }
        };
        for site in sites {
            let line = each(site, &backup_root, &run_id);
            if let Err(e) = log::append(&report.log_file, &line) {
                report.log_errors.push(e);
            }
            report.sites.push(line);
        }
        if sites.is_empty() {
            report.run.errors.push(self.no_sites.clone());
        }
        summarize(&mut report);
        drop(lock);
        finish(&mut report, clock, started);
        report
    }
}

/// Totals and the outcome of the run from its site lines.
fn summarize(report: &mut RunReport) {
    let r = &mut report.run;
    for s in &report.sites {
        r.sites += 1;
        if s.outcome == SiteOutcome::Ok {
            r.sites_ok += 1;
        } else {
            let outcome = serde_json::to_value(s.outcome)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            r.problems.push(format!("{}: {outcome}", s.site));
        }
        r.bytes_before += s.bytes_before;
        r.bytes_after += s.bytes_after;
        r.backups_kept += s.backups_kept;
        r.rows_pruned += s.rows_pruned;
        r.orphans_removed += s.orphans_removed;
    }
    r.outcome = if r.sites > 0 && r.sites_ok == r.sites && r.errors.is_empty() {
        RunOutcome::Ok
    } else if r.sites_ok > 0 {
        RunOutcome::Partial
    } else {
        RunOutcome::Failed
    };
}

/// Stamps the end and appends the run line.
fn finish(report: &mut RunReport, clock: &dyn Clock, started: Instant) {
    let end = clock.now();
    report.run.end = stamp(end);
    report.run.timestamp = stamp(end);
    report.run.duration_ms = started.elapsed().as_millis() as u64;
    if !report.log_errors.is_empty() && report.run.outcome == RunOutcome::Ok {
        report.run.outcome = RunOutcome::Partial;
    }
    if let Err(e) = log::append(&report.log_file, &report.run) {
        report.log_errors.push(e);
    }
}

/// A site line before anything was done.
pub fn new_site_line(
    run_id: &str,
    site: &str,
    database: String,
    start: DateTime<FixedOffset>,
    simulated: bool,
) -> SiteLine {
    SiteLine {
        event_name: "MaintenanceSite",
        timestamp: String::new(),
        run_id: run_id.to_string(),
        site: site.to_string(),
        database,
        start: stamp(start),
        end: String::new(),
        duration_ms: 0,
        outcome: SiteOutcome::Ok,
        integrity: "not-checked".into(),
        bytes_before: 0,
        bytes_after: 0,
        backup: None,
        backup_bytes: 0,
        backups_kept: 0,
        backups_deleted: 0,
        last_good_backup: None,
        rows_pruned: 0,
        pruned: Pruned::default(),
        orphan_rows: 0,
        orphans_removed: 0,
        free_percent_before: 0.0,
        compaction: "not-done".into(),
        busy_retries: 0,
        busy_wait_ms: 0,
        errors: Vec::new(),
        warnings: Vec::new(),
        simulated,
    }
}

/// Maintains one site; never fails, the line says what happened.
pub(crate) fn maintain_site(
    site: &SiteDb,
    backup_root: &Path,
    run_id: &str,
    options: &MaintainOptions,
    clock: &dyn Clock,
) -> SiteLine {
    let started = Instant::now();
    let settings = &options.settings;
    let mut line = new_site_line(
        run_id,
        &site.site,
        site.path.display().to_string(),
        clock.now(),
        options.simulated(),
    );
    line.bytes_before = layout::database_bytes(&site.path);
    let mut patience = Patience::new(Duration::from_secs(settings.max_busy_wait_seconds.into()));
    let result = steps(site, backup_root, options, clock, &mut patience, &mut line);
    if let Err(e) = result {
        line.outcome = if e.is_busy() {
            SiteOutcome::Busy
        } else if line.outcome == SiteOutcome::Ok {
            SiteOutcome::Failed
        } else {
            line.outcome
        };
        line.errors.push(e.to_string());
    }
    line.busy_retries = patience.retries();
    line.busy_wait_ms = patience.spent().as_millis() as u64;
    line.bytes_after = layout::database_bytes(&site.path);
    let end = clock.now();
    line.end = stamp(end);
    line.timestamp = stamp(end);
    line.duration_ms = started.elapsed().as_millis() as u64;
    line
}

/// The steps in order; the first that fails ends the site's maintenance.
fn steps(
    site: &SiteDb,
    backup_root: &Path,
    options: &MaintainOptions,
    clock: &dyn Clock,
    patience: &mut Patience,
    line: &mut SiteLine,
) -> Result<(), StepError> {
    let settings = &options.settings;
    let busy_timeout = Duration::from_millis(settings.busy_timeout_ms.into());
    let mut conn =
        db::open_existing(&site.path, busy_timeout).map_err(|e| StepError::failed("open", e))?;
    let backup_dir = layout::site_backup_dir(backup_root, &site.site);

    // 1. Integrity: only reads. A damaged database is left as it is.
    match integrity::check(&conn, settings.integrity_check, patience)? {
        Integrity::Ok => line.integrity = "ok".into(),
        Integrity::Damaged(messages) => {
            drop(conn);
            line.integrity = "damaged".into();
            line.outcome = SiteOutcome::Corrupt;
            let good = backup::newest_good(&backup_dir, &site.site);
            line.last_good_backup = good.as_ref().map(|b| b.path.display().to_string());
            let advice = match &good {
                Some(b) => format!(
                    "newest good backup: {} (statetrace restore --site {} --from \"{}\")",
                    b.path.display(),
                    site.site,
                    b.path.display()
                ),
                None => format!("no good backup in {}", backup_dir.display()),
            };
            return Err(StepError::failed(
                "integrity check",
                format!(
                    "{} is damaged and was left untouched: {}; {advice}",
                    site.path.display(),
                    messages.join("; ")
                ),
            ));
        }
    }
    let is_statetrace =
        db::has_table(&conn, "DeviceSummary").map_err(|e| StepError::failed("schema", e))?;
    if !is_statetrace {
        return Err(StepError::failed(
            "schema",
            format!(
                "{} is not a StateTrace site database (no DeviceSummary table); left untouched",
                site.path.display()
            ),
        ));
    }

    // 2. Backup, then rotation. Without tonight's backup nothing is
    //    deleted: neither old backups nor rows.
    let stale = backup::clean_partials(&backup_dir);
    if stale > 0 {
        line.warnings.push(format!(
            "removed {stale} unfinished backup file(s) left by an earlier run"
        ));
    }
    let backup_options = BackupOptions {
        verify: Some(settings.integrity_check),
        max_pages: options.faults.disk_full(&site.site).then_some(4),
    };
    let taken = clock.now().with_timezone(&Utc);
    let made = backup::take(&conn, &backup_dir, &site.site, taken, &backup_options, patience)
        .inspect_err(|_| {
            line.warnings.push(
                "no backup tonight: old backups, orphans, history and free space were left as they were"
                    .into(),
            );
        })?;
    line.backup = Some(made.path.display().to_string());
    line.backup_bytes = made.bytes;
    if made.restarts > 0 {
        line.warnings.push(format!(
            "the backup restarted {} time(s) because ingest was writing",
            made.restarts
        ));
    }
    let backups = layout::list_backups(&backup_dir, &site.site).map_err(|e| {
        StepError::failed(
            "rotation",
            format!("cannot list {}: {e}", backup_dir.display()),
        )
    })?;
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

    // 3. Orphans.
    let found = orphans::find(&conn, patience)?;
    line.orphan_rows = orphans::total(&found);
    if line.orphan_rows > 0 {
        let what: Vec<String> = found
            .iter()
            .map(|o| format!("{} {}", o.rows, o.table))
            .collect();
        if settings.repair_orphans {
            line.orphans_removed = orphans::total(&orphans::repair(&mut conn, patience)?);
        } else {
            line.warnings.push(format!(
                "orphaned rows (device missing from DeviceSummary) left in place, RepairOrphans is false: {}",
                what.join(", ")
            ));
        }
    }

    // 4. History retention.
    if settings.history_retention_days > 0 {
        let cutoff = retention::cutoff(clock.now(), settings.history_retention_days);
        line.pruned = retention::prune(&mut conn, &cutoff, settings.history_keep_latest, patience)?;
        line.rows_pruned = line.pruned.total();
    }

    // 5. Compaction, then write the WAL back.
    line.free_percent_before =
        (compaction::space(&conn, patience)?.free_percent() * 10.0).round() / 10.0;
    let done: Compaction = compaction::compact(&conn, settings.compact_free_percent, patience)?;
    line.compaction = done.as_str().into();
    match compaction::checkpoint(&conn) {
        Ok(true) => {}
        Ok(false) => line.warnings.push(
            "a reader (or writer) kept the write-ahead log from being written back; the next run finishes it".into(),
        ),
        Err(e) => line.warnings.push(format!("checkpoint: {e}")),
    }
    Ok(())
}
