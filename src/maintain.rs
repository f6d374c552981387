//! `statetrace maintain` and `statetrace restore`.

use anyhow::Context;
use chrono::{DateTime, FixedOffset};
use statetrace_maintain::clock::{parse_time, Clock, ShiftedClock, SystemClock};
use statetrace_maintain::log::{RunOutcome, SiteLine, SiteOutcome};
use statetrace_maintain::record::{read_record, NightOutcome, NightlyRecord, RecordQuery};
use statetrace_maintain::schedule::{parse_at, Schedule};
use statetrace_maintain::{
    restore, Faults, MaintainOptions, MaintenanceSettings, RestoreError, RestoreOptions, RunReport,
};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Some site was not maintained, the record did not pass, a restore failed.
const EXIT_PARTIAL: u8 = 1;
/// Bad arguments or settings: nothing was done.
const EXIT_USAGE: u8 = 2;

/// `statetrace maintain`'s arguments.
#[derive(Debug, clap::Args)]
pub struct MaintainArgs {
    /// Data root: one folder per site; backups go to <data>/Backups/<SITE>/.
    #[arg(long, default_value = "Data")]
    data: PathBuf,
    /// Logs root: one JSON line per site and per run in <logs>/Maintenance/<date>.json.
    #[arg(long, default_value = "Logs")]
    logs: PathBuf,
    /// Only this site (repeat for more); default every site.
    #[arg(long = "site", value_name = "SITE")]
    sites: Vec<String>,
    /// Print the night-by-night record and whether the last --days nights all succeeded
    /// (exit 0 when they did, 1 when not).
    #[arg(long, conflicts_with_all = ["print_schedule", "sites"])]
    history: bool,
    /// Nights the record covers.
    #[arg(long, default_value_t = 14, requires = "history",
          value_parser = clap::value_parser!(u32).range(1..=3660))]
    days: u32,
    /// Count runs made with a simulated clock or injected faults (drills) in the record.
    #[arg(long, requires = "history")]
    include_simulated: bool,
    /// Print a systemd timer, a cron line and the Windows Task Scheduler command
    /// that run maintenance every night.
    #[arg(long, conflicts_with_all = ["history", "sites"])]
    print_schedule: bool,
    /// Time of night for --print-schedule (HH:MM, local time).
    #[arg(long, default_value = "02:30", requires = "print_schedule", value_parser = parse_at)]
    at: (u8, u8),
    /// Print JSON (the run's log lines, or the record).
    #[arg(long)]
    json: bool,
    /// Print only problems.
    #[arg(long, short)]
    quiet: bool,
    /// Run as if it were this time (drills and tests; the run is marked simulated).
    #[arg(long, hide = true, value_parser = parse_time, value_name = "TIME")]
    simulate_now: Option<DateTime<FixedOffset>>,
    /// Inject a fault (drills and tests; the run is marked simulated): backup-disk-full:<SITE>.
    #[arg(long, hide = true, value_name = "FAULT")]
    inject_fault: Vec<String>,
    #[command(flatten)]
    store: MaintainStore,
}

/// Which databases `maintain` works on.
#[derive(Debug, clap::Args)]
struct MaintainStore {
    /// Storage backend (odbc: what the ODBC driver allows, see README).
    #[arg(long, value_enum, default_value = "sqlite")]
    store: crate::cli::StoreKind,
    /// ODBC connection string for --store odbc; %SITE% is replaced by the site.
    #[arg(long, value_name = "CONNECTION_STRING")]
    odbc: Option<String>,
    /// SQL dialect of the ODBC data source; default: from the driver's name.
    #[arg(long, value_name = "DIALECT", value_parser = crate::cli::parse_dialect)]
    odbc_dialect: Option<statetrace_store::odbc::DialectKind>,
}

/// `statetrace restore`'s arguments.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The site to restore.
    #[arg(long)]
    site: String,
    /// The backup: a file, or a file name in <data>/Backups/<SITE>/; default the newest good one.
    #[arg(long, value_name = "BACKUP")]
    from: Option<PathBuf>,
    /// Data root.
    #[arg(long, default_value = "Data")]
    data: PathBuf,
    /// Logs root (the restore is logged in <logs>/Maintenance/<date>.json).
    #[arg(long, default_value = "Logs")]
    logs: PathBuf,
    /// Run as if it were this time (drills and tests).
    #[arg(long, hide = true, value_parser = parse_time, value_name = "TIME")]
    simulate_now: Option<DateTime<FixedOffset>>,
}

fn clock(simulate_now: Option<DateTime<FixedOffset>>) -> Box<dyn Clock> {
    match simulate_now {
        Some(t) => Box::new(ShiftedClock::starting_at(t)),
        None => Box::new(SystemClock),
    }
}

fn usage(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("statetrace: error: {message}");
    ExitCode::from(EXIT_USAGE)
}

/// Runs `statetrace maintain`.
pub fn maintain(args: MaintainArgs) -> anyhow::Result<ExitCode> {
    let clock = clock(args.simulate_now);
    if args.print_schedule {
        return print_schedule(&args);
    }
    if args.history {
        return history(&args, clock.as_ref());
    }
    let settings = match MaintenanceSettings::load(&args.data) {
        Ok(s) => s,
        Err(e) => return Ok(usage(e)),
    };
    let mut faults = Faults::default();
    for f in &args.inject_fault {
        if let Err(e) = faults.add(f) {
            return Ok(usage(e));
        }
    }
    if args.store.store == crate::cli::StoreKind::Odbc || args.store.odbc.is_some() {
        return odbc(&args, settings, clock.as_ref());
    }
    let mut options = MaintainOptions::new(&args.data, &args.logs, settings);
    options.sites = args.sites.clone();
    options.faults = faults;
    options.simulated_clock = args.simulate_now.is_some();
    if options.simulated_clock && !args.quiet {
        eprintln!("statetrace: warning: simulated clock: this run is marked simulated and does not count in the nightly record");
    }
    let report = match statetrace_maintain::run(&options, clock.as_ref()) {
        Ok(r) => r,
        Err(e) => return Ok(usage(e)),
    };
    report_run(&report, args.json, args.quiet)
}

/// Prints a run and chooses the exit code.
fn report_run(report: &RunReport, json: bool, quiet: bool) -> anyhow::Result<ExitCode> {
    if json {
        /// The run's lines, in the log's field order.
        #[derive(serde::Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Doc<'a> {
            run: &'a statetrace_maintain::log::RunLine,
            sites: &'a [SiteLine],
        }
        let doc = Doc {
            run: &report.run,
            sites: &report.sites,
        };
        outln!("{}", serde_json::to_string_pretty(&doc).context("report")?);
    } else {
        print_run(report, quiet);
    }
    for e in &report.log_errors {
        eprintln!("statetrace: error: maintenance log not written: {e}");
    }
    Ok(if report.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_PARTIAL)
    })
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / (1u64 << 20) as f64)
    } else {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    }
}

fn site_outcome(o: SiteOutcome) -> &'static str {
    match o {
        SiteOutcome::Ok => "ok",
        SiteOutcome::Busy => "BUSY",
        SiteOutcome::Corrupt => "CORRUPT",
        SiteOutcome::Failed => "FAILED",
    }
}

fn print_run(report: &RunReport, quiet: bool) {
    let r = &report.run;
    if !quiet {
        outln!(
            "StateTrace maintenance, night {} (run {}), data {}",
            r.night,
            r.run_id,
            r.data_root
        );
        outln!(
            "{:<12} {:<8} {:<9} {:<34} {:>5} {:>7} {:>7} {:<12} SIZE",
            "SITE",
            "OUTCOME",
            "INTEGRITY",
            "BACKUP",
            "KEPT",
            "PRUNED",
            "ORPHANS",
            "COMPACTION"
        );
        for s in &report.sites {
            outln!(
                "{:<12} {:<8} {:<9} {:<34} {:>5} {:>7} {:>7} {:<12} {} -> {}",
                s.site,
                site_outcome(s.outcome),
                s.integrity,
                s.backup
                    .as_deref()
                    .and_then(|b| Path::new(b).file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "-".into()),
                s.backups_kept,
                s.rows_pruned,
                s.orphans_removed,
                s.compaction,
                size(s.bytes_before),
                size(s.bytes_after)
            );
        }
    }
    let problems: Vec<&SiteLine> = report
        .sites
        .iter()
        .filter(|s| !s.errors.is_empty())
        .collect();
    for s in &problems {
        for e in &s.errors {
            eprintln!("statetrace: {}: {e}", s.site);
        }
    }
    for e in &r.errors {
        eprintln!("statetrace: error: {e}");
    }
    if !quiet {
        for s in &report.sites {
            for w in &s.warnings {
                eprintln!("statetrace: warning: {}: {w}", s.site);
            }
        }
        let verdict = match r.outcome {
            RunOutcome::Ok => format!("ok: {} site(s) maintained", r.sites),
            RunOutcome::Partial => format!(
                "PARTIAL: {} of {} site(s) maintained; not maintained: {}",
                r.sites_ok,
                r.sites,
                r.problems.join(", ")
            ),
            RunOutcome::Failed => "FAILED: no site maintained".to_string(),
            RunOutcome::Locked => "LOCKED: another maintenance run is in progress".to_string(),
        };
        outln!("{verdict}");
        outln!("log: {}", report.log_file.display());
    }
}

fn history(args: &MaintainArgs, clock: &dyn Clock) -> anyhow::Result<ExitCode> {
    let query = RecordQuery {
        days: args.days,
        today: clock.now().date_naive(),
        include_simulated: args.include_simulated,
    };
    let record = match read_record(&args.logs, &query) {
        Ok(r) => r,
        Err(e) => return Ok(usage(e)),
    };
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&record).context("record")?
        );
    } else {
        print_record(&record);
    }
    Ok(if record.passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_PARTIAL)
    })
}

fn print_record(r: &NightlyRecord) {
    outln!(
        "Nightly maintenance record ({}): {} nights, {} to {}",
        r.log_dir.display(),
        r.days,
        r.first_night,
        r.last_night
    );
    outln!(
        "{:<11} {:<11} {:>4} {:>5}  PROBLEMS",
        "NIGHT",
        "OUTCOME",
        "RUNS",
        "SITES"
    );
    for n in &r.nights {
        outln!(
            "{:<11} {:<11} {:>4} {:>5}  {}",
            n.date.format("%Y-%m-%d").to_string(),
            n.outcome.as_str(),
            n.runs,
            n.sites,
            n.problems.join("; ")
        );
    }
    if r.today_pending {
        outln!("(tonight's run has not completed yet: the record ends yesterday)");
    }
    if r.simulated_runs_ignored > 0 {
        outln!(
            "({} simulated run(s) left out; --include-simulated counts them)",
            r.simulated_runs_ignored
        );
    }
    if r.bad_lines > 0 {
        outln!(
            "({} line(s) of the log are not JSON and were skipped)",
            r.bad_lines
        );
    }
    if r.passed {
        outln!("PASS: the last {} consecutive nights succeeded", r.days);
    } else {
        let bad: Vec<String> = r
            .nights
            .iter()
            .filter(|n| n.outcome != NightOutcome::Succeeded)
            .map(|n| format!("{} {}", n.date.format("%Y-%m-%d"), n.outcome.as_str()))
            .collect();
        outln!(
            "FAIL: {} of the last {} nights succeeded, {} in a row; not: {}",
            r.nights
                .iter()
                .filter(|n| n.outcome == NightOutcome::Succeeded)
                .count(),
            r.days,
            r.streak,
            bad.join(", ")
        );
    }
}

fn print_schedule(args: &MaintainArgs) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("current folder")?;
    let absolute = |p: &Path| {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            cwd.join(p)
        }
    };
    let exe = std::env::current_exe().context("the statetrace executable")?;
    let schedule = Schedule {
        exe,
        workdir: cwd.clone(),
        data: absolute(&args.data),
        logs: absolute(&args.logs),
        hour: args.at.0,
        minute: args.at.1,
    };
    out!("{}", schedule.render());
    Ok(ExitCode::SUCCESS)
}

#[cfg(feature = "odbc")]
fn odbc(
    args: &MaintainArgs,
    settings: MaintenanceSettings,
    clock: &dyn Clock,
) -> anyhow::Result<ExitCode> {
    let Some(cs) = args.store.odbc.clone() else {
        return Ok(usage("--store odbc needs --odbc \"<connection string>\""));
    };
    if args.store.store != crate::cli::StoreKind::Odbc {
        return Ok(usage("--odbc needs --store odbc"));
    }
    let mut options =
        statetrace_maintain::odbc::OdbcMaintainOptions::new(&cs, &args.data, &args.logs, settings);
    options.sites = args.sites.clone();
    options.dialect = args.store.odbc_dialect;
    options.simulated_clock = args.simulate_now.is_some();
    let report = match statetrace_maintain::odbc::run(&options, clock) {
        Ok(r) => r,
        Err(e) => return Ok(usage(e)),
    };
    report_run(&report, args.json, args.quiet)
}

#[cfg(not(feature = "odbc"))]
fn odbc(
    _args: &MaintainArgs,
    _settings: MaintenanceSettings,
    _clock: &dyn Clock,
) -> anyhow::Result<ExitCode> {
    Ok(usage(
        "this build of statetrace lacks ODBC support: rebuild it with `cargo build --release --features odbc` \
         (needs unixODBC, e.g. `apt-get install unixodbc-dev`, on Linux)",
    ))
}

/// Runs `statetrace restore`.
pub fn restore_site(args: RestoreArgs) -> anyhow::Result<ExitCode> {
    let clock = clock(args.simulate_now);
    let settings = match MaintenanceSettings::load(&args.data) {
        Ok(s) => s,
        Err(e) => return Ok(usage(e)),
    };
    let options = RestoreOptions {
        data_root: args.data.clone(),
        logs_root: args.logs.clone(),
        site: args.site.clone(),
        from: args.from.clone(),
        settings,
    };
    match restore(&options, clock.as_ref()) {
        Ok(r) => {
            outln!(
                "restored {} ({}) from {}",
                r.site,
                r.database.display(),
                r.from.display()
            );
            match &r.replaced_kept_at {
                Some(p) => outln!("the replaced database is kept at {}", p.display()),
                None => outln!("there was no database to replace"),
            }
            let rows: u64 = r.tables.iter().map(|t| t.rows).sum();
            outln!(
                "verified: {} tables, {rows} rows, identical to the backup",
                r.tables.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(RestoreError::Usage(m)) => Ok(usage(m)),
        Err(RestoreError::Failed(m)) => {
            eprintln!("statetrace: error: restore of {} failed: {m}", args.site);
            Ok(ExitCode::from(EXIT_PARTIAL))
        }
    }
}
