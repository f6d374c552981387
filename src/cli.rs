//! Command-line interface.

use crate::print;
use anyhow::Context;
use clap::{Parser, Subcommand};
use statetrace_ingest::settings::Settings;
use statetrace_ingest::telemetry::{metrics_dir, Telemetry};
use statetrace_ingest::{run_ingest, run_parse, IngestOptions};
use statetrace_model::Vendor;
use statetrace_store::odbc::{mask_connection_string, DialectKind};
use statetrace_store::Backend;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Exit code for a run in which some device or site failed.
const EXIT_FAILED: u8 = 1;

/// StateTrace ingest: turns captured switch CLI transcripts into per-site
/// databases.
#[derive(Debug, Parser)]
#[command(name = "statetrace", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Ingest transcripts into per-site databases (`<data>/<SITE>/<SITE>.sqlite`,
    /// or an ODBC data source with `--store odbc`).
    Ingest {
        /// Transcript files, or folders searched recursively for .log and .txt files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Data root: one folder per site.
        #[arg(long, default_value = "Data")]
        data: PathBuf,
        /// Logs root: telemetry goes to <logs>/IngestionMetrics (or $STATETRACE_TELEMETRY_DIR).
        #[arg(long, default_value = "Logs")]
        logs: PathBuf,
        /// Force a vendor instead of detecting it (cisco, arista, brocade, aruba, juniper, paloalto).
        #[arg(long, value_parser = parse_vendor)]
        vendor: Option<Vendor>,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// Re-parse and re-write every device, even those unchanged since their last ingest.
        #[arg(long)]
        force: bool,
        /// Parse workers (overrides the autoscale profile and ParserSettings).
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        workers: Option<u16>,
        /// Print the resolved concurrency profile before ingesting.
        #[arg(long, short)]
        verbose: bool,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Parse transcripts and print the records, without touching any database.
    Parse {
        /// Transcript files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print `{"devices": [...], "unattributed_lines": N}`.
        #[arg(long)]
        json: bool,
        /// Force a vendor instead of detecting it.
        #[arg(long, value_parser = parse_vendor)]
        vendor: Option<Vendor>,
    },
    /// Read telemetry back: the daily rollup CSV, or the release gate.
    Metrics {
        #[command(subcommand)]
        action: MetricsAction,
    },
    /// Nightly maintenance of the site databases: integrity check, online backup
    /// and its rotation, orphans, history retention, compaction. Exit 0 when every
    /// site was maintained, 1 when some were not, 2 for bad arguments or settings.
    Maintain(crate::maintain::MaintainArgs),
    /// Restore a site database from a backup after verifying it; the replaced
    /// database is kept aside in <data>/Backups/<SITE>/Replaced/.
    Restore(crate::maintain::RestoreArgs),
    /// Parse one command's output into ntc-templates style records (JSON array).
    ParseCommand {
        /// ntc platform name: cisco_ios, arista_eos, hp_procurve, ruckus_fastiron,
        /// brocade_fastiron, juniper_junos, paloalto_panos.
        #[arg(long)]
        platform: String,
        /// The command whose output FILE holds, in any spelling (e.g. "sh int status").
        #[arg(long)]
        command: String,
        /// The command's output.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum MetricsAction {
    /// Per-day (and per-site) rollup CSV: Date, Scope, Metric, Count, Average, P95, Max, Total, SecondaryTotal, Notes.
    Rollup {
        /// Telemetry folder (default: $STATETRACE_TELEMETRY_DIR or Logs/IngestionMetrics).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Add a row set per site.
        #[arg(long)]
        per_site: bool,
        /// Only days on or after this date (yyyy-MM-dd).
        #[arg(long, value_parser = parse_date)]
        since: Option<String>,
    },
    /// Judge telemetry against release targets: exit 0 pass, 1 a target missed, 2 too few samples.
    Gate {
        /// Telemetry folder (default: $STATETRACE_TELEMETRY_DIR or Logs/IngestionMetrics).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Only days on or after this date (yyyy-MM-dd).
        #[arg(long, value_parser = parse_date)]
        since: Option<String>,
        /// ParseDuration p95 target, ms.
        #[arg(long, default_value_t = 3000.0)]
        parse_p95_ms: f64,
        /// ParseDuration max target, ms.
        #[arg(long, default_value_t = 10000.0)]
        parse_max_ms: f64,
        /// DatabaseWriteLatency p95 target, ms.
        #[arg(long, default_value_t = 200.0)]
        write_p95_ms: f64,
        /// Minimum share of devices skipped as unchanged (0 to 1).
        #[arg(long, default_value_t = 0.5)]
        skip_ratio_min: f64,
        /// Fewer samples than this for a metric cannot be judged (exit 2).
        #[arg(long, default_value_t = 1)]
        min_samples: u64,
    },
}

fn parse_date(s: &str) -> Result<String, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| format!("{s:?} is not a date (yyyy-MM-dd)"))
}

/// Where `ingest` writes (and `maintain` works).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum StoreKind {
    /// Embedded SQLite: `<data>/<SITE>/<SITE>.sqlite`.
    Sqlite,
    /// An ODBC data source (`--odbc`): Access, SQLite or PostgreSQL.
    Odbc,
}

/// The storage options of `ingest`.
#[derive(Debug, clap::Args)]
struct StoreArgs {
    /// Storage backend.
    #[arg(long, value_enum, default_value = "sqlite")]
    store: StoreKind,
    /// ODBC connection string for `--store odbc`; `%SITE%` is replaced by the site
    /// (e.g. "Driver={PostgreSQL Unicode};Server=db;Database=statetrace_%SITE%;Uid=st;Pwd=...").
    #[arg(long, value_name = "CONNECTION_STRING")]
    odbc: Option<String>,
    /// SQL dialect of the ODBC data source; default: from the driver's name.
    #[arg(long, value_name = "DIALECT", value_parser = parse_dialect)]
    odbc_dialect: Option<DialectKind>,
    /// Rows sent to the ODBC driver per batch.
    #[arg(long, value_name = "ROWS", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
    odbc_batch_size: u32,
    /// Send rows one at a time even when the ODBC driver takes parameter arrays.
    #[arg(long)]
    odbc_row_by_row: bool,
}

pub(crate) fn parse_dialect(s: &str) -> Result<DialectKind, String> {
    s.parse()
}

/// The backend the storage options describe, and how to name it in the
/// summary.
fn backend(
    mut args: StoreArgs,
    data: &Path,
    settings: &Settings,
) -> anyhow::Result<(Backend, String)> {
    match (args.store, args.odbc.take()) {
        (StoreKind::Sqlite, None) => Ok((
            Backend::Sqlite {
                data_root: data.to_path_buf(),
                busy_timeout: Duration::from_millis(settings.parser.database_busy_timeout_ms.into()),
            },
            data.display().to_string(),
        )),
        (StoreKind::Sqlite, Some(_)) => {
            anyhow::bail!("--odbc needs --store odbc (the default store is the embedded SQLite)")
        }
        (StoreKind::Odbc, None) => anyhow::bail!(
            "--store odbc needs --odbc \"<connection string>\" (for example \"Driver={{SQLite3}};Database=Data/%SITE%/%SITE%.sqlite\")"
        ),
        (StoreKind::Odbc, Some(connection_string)) => {
            let shown = format!("ODBC {}", mask_connection_string(&connection_string));
            odbc_backend(connection_string, &args, data, settings).map(|b| (b, shown))
        }
    }
}

#[cfg(feature = "odbc")]
fn odbc_backend(
    connection_string: String,
    args: &StoreArgs,
    data: &Path,
    settings: &Settings,
) -> anyhow::Result<Backend> {
    let mut config = statetrace_store::odbc::OdbcConfig::new(connection_string);
    config.dialect = args.odbc_dialect;
    config.batch_size = args.odbc_batch_size as usize;
    config.force_row_by_row = args.odbc_row_by_row;
    config.data_root = data.to_path_buf();
    config.access_template = settings.parser.access_template_path.clone();
    Ok(Backend::Odbc(config))
}

#[cfg(not(feature = "odbc"))]
fn odbc_backend(
    _connection_string: String,
    _args: &StoreArgs,
    _data: &Path,
    _settings: &Settings,
) -> anyhow::Result<Backend> {
    anyhow::bail!(
        "this build of statetrace lacks ODBC support: rebuild it with `cargo build --release --features odbc` \
         (needs unixODBC, e.g. `apt-get install unixodbc-dev`, on Linux)"
    )
}

fn parse_vendor(s: &str) -> Result<Vendor, String> {
    Vendor::from_name(s).ok_or_else(|| {
        format!("unknown vendor {s:?}; expected one of cisco, arista, brocade, aruba, juniper, paloalto")
    })
}

/// Runs the command; `Err` is a fatal error (bad path), printed by `main`.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Action::Ingest {
            paths,
            data,
            logs,
            vendor,
            json,
            force,
            workers,
            verbose,
            quiet,
            store,
        } => {
            let settings = Settings::load(&data)?;
            let (backend, databases) = backend(store, &data, &settings)?;
            let telemetry = Telemetry::new(metrics_dir(&logs));
            let options = IngestOptions {
                backend,
                vendor,
                force,
                redact_secrets: settings.parser.redact_secrets,
                settings: settings.parser.clone(),
                workers: workers.map(usize::from),
            };
            let bar = crate::progress::Bar::new(!(quiet || json));
            let (report, profile) = run_ingest(&paths, &options, &telemetry, &bar)?;
            if verbose {
                print::profile(&profile);
            }
            for e in telemetry.finish() {
                eprintln!("statetrace: warning: telemetry not written: {e}");
            }
            if json {
                outln!(
                    "{}",
                    serde_json::to_string_pretty(&report).context("summary")?
                );
            } else {
                print::ingest_summary(&report, &databases);
            }
            Ok(exit_for(report.is_success()))
        }
        Action::Parse {
            paths,
            json,
            vendor,
        } => {
            let out = run_parse(&paths, vendor)?;
            if json {
                let doc = serde_json::json!({
                    "devices": out.devices,
                    "unattributed_lines": out.report.unattributed_lines,
                    "failed_devices": out.report.failed_devices,
                    "warnings": out.report.warnings,
                });
                outln!("{}", serde_json::to_string_pretty(&doc).context("records")?);
            } else {
                print::parse_table(&out);
            }
            print::problems_to_stderr(&out.report);
            Ok(exit_for(out.report.is_success()))
        }
        Action::Metrics { action } => metrics(action),
        Action::Maintain(args) => crate::maintain::maintain(args),
        Action::Restore(args) => crate::maintain::restore_site(args),
        Action::ParseCommand {
            platform,
            command,
            file,
        } => {
            let parser = statetrace_parse::ntc::find(&platform, &command)?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("{}: cannot read", file.display()))?;
            let source = statetrace_parse::input::Source::from_bytes(&file, bytes);
            let arena = bumpalo::Bump::new();
            let mut lines = Vec::new();
            statetrace_parse::slice::push_lines(source.bytes(), &arena, &mut lines);
            let records = (parser.parse)(&lines);
            outln!(
                "{}",
                serde_json::to_string_pretty(&records).context("records")?
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn exit_for(success: bool) -> ExitCode {
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    }
}

/// Exit code when the gate has too few samples to judge.
const EXIT_INSUFFICIENT: u8 = 2;

fn metrics(action: MetricsAction) -> anyhow::Result<ExitCode> {
    use statetrace_ingest::metrics::{gate, read_events, rollup, rollup_csv, Targets, Verdict};
    let folder =
        |dir: Option<PathBuf>| dir.unwrap_or_else(|| metrics_dir(std::path::Path::new("Logs")));
    match action {
        MetricsAction::Rollup {
            dir,
            per_site,
            since,
        } => {
            let dir = folder(dir);
            let (events, notes) = read_events(&dir, since.as_deref())
                .with_context(|| format!("{}", dir.display()))?;
            for bad in notes.bad_lines.iter().take(5) {
                eprintln!("statetrace: warning: not a telemetry event: {bad}");
            }
            out!("{}", rollup_csv(&rollup(&events, per_site)));
            Ok(ExitCode::SUCCESS)
        }
        MetricsAction::Gate {
            dir,
            since,
            parse_p95_ms,
            parse_max_ms,
            write_p95_ms,
            skip_ratio_min,
            min_samples,
        } => {
            let dir = folder(dir);
            let (events, notes) = read_events(&dir, since.as_deref())
                .with_context(|| format!("{}", dir.display()))?;
            let targets = Targets {
                parse_p95_ms,
                parse_max_ms,
                write_p95_ms,
                skip_ratio_min,
                min_samples,
            };
            let lines = gate(&events, &targets);
            outln!(
                "StateTrace metrics gate: {} ({} files, {} events)",
                dir.display(),
                notes.files,
                events.len()
            );
            outln!(
                "{:<28} {:<14} {:<24} {:>8}  RESULT",
                "CRITERION",
                "TARGET",
                "MEASURED",
                "SAMPLES"
            );
            for l in &lines {
                let result = match l.verdict {
                    Verdict::Pass => "PASS",
                    Verdict::Fail => "FAIL",
                    Verdict::Insufficient => "TOO FEW SAMPLES",
                };
                outln!(
                    "{:<28} {:<14} {:<24} {:>8}  {result}",
                    l.criterion,
                    l.target,
                    l.measured,
                    l.samples
                );
            }
            Ok(if lines.iter().any(|l| l.verdict == Verdict::Fail) {
                ExitCode::from(EXIT_FAILED)
            } else if lines.iter().any(|l| l.verdict == Verdict::Insufficient) {
                ExitCode::from(EXIT_INSUFFICIENT)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}
