//! Project automation, in plain Rust: `cargo xtask <task>`.
//!
//! * `ci` — what CI runs: format check, clippy with warnings denied (with
//!   and without the `odbc` feature), and the whole test suite. Nothing
//!   else is needed on the machine but Rust; when unixODBC and the SQLite
//!   ODBC driver are installed the tests also run with `--features odbc`,
//!   which adds the ODBC storage conformance suite (PostgreSQL too when
//!   `STATETRACE_TEST_PG_ODBC` names a server). Otherwise that suite is
//!   reported as SKIPPED, or fails when `STATETRACE_REQUIRE_ODBC` is set.
//!   With valgrind installed it then gates the parser's instruction counts
//!   against `perf-reports/baselines` (see [`bench`]), and finally runs the
//!   M1 gate on the `m1` and `site` profiles (see [`gate`]).
//! * `bench` — see [`bench`].
//! * `loadtest` — see [`loadtest`]; `scaling` — see [`scaling`]; `gate` — see [`gate`].
//! * `compare-textfsm` — see [`textfsm`].
//! * `corpus` — writes a generated corpus from a profile under
//!   `corpora/profiles/` (see `corpora/README.md`) and prints what it wrote.

mod bench;
mod gate;
mod harness;
mod loadtest;
mod machine;
mod scaling;
mod textfsm;

use anyhow::{anyhow, bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  ci      format check, clippy (warnings denied) and every test;
          the ODBC storage conformance suite when unixODBC and its drivers are installed
  bench [--save-baseline] [--compare] [--instructions-only] [--quick]
          criterion benches and the parser's instruction counts (callgrind); saves
          them to perf-reports/baselines or compares with them (instruction
          regressions past 2% fail)
  loadtest [--workers 8] [--readers 4] [--profile site] [--devices N]
          ingest day 1 and day 2 of a generated corpus while reader threads query
          every site database: busy/lock errors, retries, lost rows (must be 0)
  scaling [--profile doubling] [--trials 5] [--devices N] [--workers N]
          throughput with the same devices over N and 2N site databases,
          interleaved trials, medians; fails past a 5% drop
  gate m1 [--profile m1|site] [--logs DIR] [--except maintenance] [--scaling-devices N] [--trials N]
          the M1 exit criteria in one table (contention at 8 workers, doubling,
          14 nights of maintenance, parse/write p95, skip ratio, memory);
          writes perf-reports/<date>-m1*.{json,md}; exit 1 on any FAIL
  compare-textfsm [--reps N]
          this project's command parsers against TextFSM + ntc-templates on the
          shared conformance raws: records equal, and the time ratio
  corpus  --profile <name|file.json> [--seed N] [--out DIR] [--devices N | --scale F]
          [--threads N] [--no-next-day]
          write a generated corpus (day1/, day2/, manifest.json) under
          DIR/<profile>/ (default DIR: corpora/generated); profiles: m1, site,
          fleet, doubling, smoke (corpora/profiles/)";

/// The ODBC drivers the conformance suite uses, as `odbcinst -q -d` lists them.
const SQLITE_DRIVER: &str = "SQLite3";
const PG_DRIVER: &str = "PostgreSQL Unicode";
/// The PostgreSQL connection string the suite reads.
const PG_ENV: &str = "STATETRACE_TEST_PG_ODBC";
/// Set by CI once it installed the drivers: `1` (all) or `sqlite`.
const REQUIRE_ENV: &str = "STATETRACE_REQUIRE_ODBC";
/// Set by CI once it installed valgrind: the instruction gate must run.
const VALGRIND_ENV: &str = "STATETRACE_REQUIRE_VALGRIND";

fn main() {
    if let Err(e) = run() {
        eprintln!("xtask: error: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("ci") => ci(),
        Some("compare-textfsm") => textfsm::compare_textfsm(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        Some("loadtest") => loadtest::loadtest(&args[1..]),
        Some("scaling") => scaling::scaling(&args[1..]),
        Some("gate") => gate::gate(&args[1..]),
        Some("corpus") => corpus(&args[1..]),
        Some("-h" | "--help" | "help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown task {other:?}\n\n{USAGE}"),
    }
}

/// The workspace root (the parent of this crate's folder).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Where cargo puts build output: `CARGO_TARGET_DIR` when set (relative
/// to the workspace root, as cargo reads it), else `<root>/target`.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root().join(dir),
        _ => root().join("target"),
    }
}

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// Runs a step, echoing it and its duration; fails on a non-zero exit.
fn step(name: &str, mut cmd: Command) -> Result<()> {
    println!("==> {name}");
    let started = Instant::now();
    let status = cmd
        .status()
        .with_context(|| format!("{name}: could not start"))?;
    println!(
        "<== {name}: {} in {:.1}s",
        if status.success() { "ok" } else { "FAILED" },
        started.elapsed().as_secs_f64()
    );
    if !status.success() {
        bail!("{name} failed ({status})");
    }
    Ok(())
}

fn ci() -> Result<()> {
    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--", "--check"]);
    step("cargo fmt --check", fmt)?;

    let mut clippy = cargo();
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    step("cargo clippy", clippy)?;

    // Checking needs no unixODBC (nothing is linked), so the ODBC code is
    // linted on every machine.
    let mut clippy = cargo();
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--features",
        "odbc",
        "--",
        "-D",
        "warnings",
    ]);
    step("cargo clippy --features odbc", clippy)?;

    let mut test = cargo();
    test.args(["test", "--workspace"]);
    step("cargo test", test)?;

    let required = std::env::var(REQUIRE_ENV).unwrap_or_default();
    match odbc_missing() {
        Some(reason) => {
            if !required.is_empty() {
                bail!("{REQUIRE_ENV}={required} but ODBC is not usable: {reason}");
            }
            println!("SKIPPED: ODBC storage conformance: {reason}");
        }
        None => {
            match pg_missing() {
                Some(reason) if required == "1" => {
                    bail!("{REQUIRE_ENV}=1 but PostgreSQL is not usable: {reason}")
                }
                Some(reason) => {
                    println!("SKIPPED: ODBC storage conformance (PostgreSQL part): {reason}")
                }
                None => println!("ODBC storage conformance: SQLite and PostgreSQL through ODBC"),
            }
            // Only what the feature changes: the store (with its
            // conformance suite), maintenance through ODBC, and the
            // command line's store options.
            let mut test = cargo();
            test.args([
                "test",
                "-p",
                "statetrace-store",
                "-p",
                "statetrace-maintain",
                "-p",
                "statetrace",
                "--features",
                "statetrace/odbc,statetrace-store/odbc,statetrace-maintain/odbc",
                "--lib",
                "--test",
                "conformance",
                "--test",
                "odbc_maintain",
                "--test",
                "cli",
                "--test",
                "maintain",
            ]);
            // Tests that cannot reach a driver fail instead of skipping.
            test.env(
                REQUIRE_ENV,
                if pg_missing().is_none() {
                    "1"
                } else {
                    "sqlite"
                },
            );
            step("cargo test --features odbc", test)?;
        }
    }

    // Parser regressions, by instruction count (deterministic, so a gate).
    if bench::valgrind_available() {
        println!("==> parser instruction counts against perf-reports/baselines");
        bench::bench(&["--compare".into(), "--instructions-only".into()])?;
    } else if std::env::var_os(VALGRIND_ENV).is_some() {
        bail!("{VALGRIND_ENV} is set but valgrind is not usable");
    } else {
        println!("SKIPPED: parser instruction-count gate: valgrind is not installed");
    }

    // The M1 exit criteria on the original's benchmark shape and on a
    // 1,000-device site corpus: a regression past the users' targets fails
    // CI. A CI machine has no nightly maintenance history, so that one
    // criterion is reported as not judged here (the release manager runs
    // the full gate where the nightly job runs).
    for profile in ["m1", "site"] {
        println!("==> cargo xtask gate m1 --profile {profile} --except maintenance");
        gate::gate(&[
            "m1".into(),
            "--profile".into(),
            profile.into(),
            "--except".into(),
            "maintenance".into(),
        ])?;
    }
    Ok(())
}

/// Why the ODBC suite cannot run here, if it cannot: the unixODBC driver
/// manager library to link against, and the SQLite ODBC driver.
fn odbc_missing() -> Option<String> {
    if cfg!(windows) {
        return Some("the suite's drivers (sqliteodbc, psqlODBC) are set up on Linux only".into());
    }
    let lib_dirs = [
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64",
        "/usr/lib",
        "/usr/local/lib",
        "/opt/homebrew/lib",
    ];
    let has_lib = lib_dirs.iter().any(|d| {
        Path::new(d).join("libodbc.so").exists() || Path::new(d).join("libodbc.dylib").exists()
    });
    if !has_lib {
        return Some(
            "unixODBC is not installed (no libodbc.so to link; apt-get install unixodbc-dev)"
                .into(),
        );
    }
    match odbc_drivers() {
        Err(e) => Some(e),
        Ok(drivers) if !drivers.iter().any(|d| d == SQLITE_DRIVER) => Some(format!(
            "the ODBC driver {SQLITE_DRIVER:?} is not registered (apt-get install libsqliteodbc)"
        )),
        Ok(_) => None,
    }
}

/// Why the PostgreSQL part cannot run here, if it cannot.
fn pg_missing() -> Option<String> {
    if std::env::var_os(PG_ENV).is_none() {
        return Some(format!(
            "no server connection configured ({PG_ENV} is not set)"
        ));
    }
    match odbc_drivers() {
        Ok(drivers) if drivers.iter().any(|d| d == PG_DRIVER) => None,
        Ok(_) => Some(format!(
            "the ODBC driver {PG_DRIVER:?} is not registered (apt-get install odbc-postgresql)"
        )),
        Err(e) => Some(e),
    }
}

/// The registered ODBC drivers, from `odbcinst -q -d` (`[Name]` lines).
fn odbc_drivers() -> Result<Vec<String>, String> {
    let out = Command::new("odbcinst")
        .args(["-q", "-d"])
        .output()
        .map_err(|e| format!("cannot run odbcinst ({e}); apt-get install unixodbc"))?;
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix('[')?
                .strip_suffix(']')
                .map(str::to_string)
        })
        .collect())
}

/// `cargo xtask corpus`: options from the command line.
#[derive(Debug)]
struct CorpusArgs {
    profile: String,
    seed: Option<u64>,
    out: PathBuf,
    devices: Option<u64>,
    scale: Option<f64>,
    threads: usize,
    next_day: bool,
}

fn parse_corpus_args(args: &[String]) -> Result<CorpusArgs> {
    let mut a = CorpusArgs {
        profile: String::new(),
        seed: None,
        out: root().join("corpora/generated"),
        devices: None,
        scale: None,
        threads: 0,
        next_day: true,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| anyhow!("{flag} needs a value\n\n{USAGE}"))
        };
        match flag.as_str() {
            "--profile" => a.profile = value()?.clone(),
            "--seed" => a.seed = Some(value()?.parse().context("--seed")?),
            "--out" => a.out = PathBuf::from(value()?),
            "--devices" => a.devices = Some(value()?.parse().context("--devices")?),
            "--scale" => a.scale = Some(value()?.parse().context("--scale")?),
            "--threads" => a.threads = value()?.parse().context("--threads")?,
            "--no-next-day" => a.next_day = false,
            other => bail!("corpus: unknown option {other:?}\n\n{USAGE}"),
        }
    }
    if a.profile.is_empty() {
        bail!("corpus: --profile is required\n\n{USAGE}");
    }
    if a.devices.is_some() && a.scale.is_some() {
        bail!("corpus: give --devices or --scale, not both");
    }
    if a.scale.is_some_and(|f| f.is_nan() || f <= 0.0) || a.devices == Some(0) {
        bail!("corpus: --devices and --scale must be positive");
    }
    Ok(a)
}

fn corpus(args: &[String]) -> Result<()> {
    let a = parse_corpus_args(args)?;
    let mut profile =
        statetrace_corpus::Profile::resolve(&a.profile).map_err(|e| anyhow!("{e}"))?;
    if let Some(n) = a.devices {
        profile = profile.with_devices(n);
    }
    if let Some(f) = a.scale {
        profile = profile.scaled(f);
    }
    let opts = statetrace_corpus::Options {
        seed: a.seed,
        out: a.out.clone(),
        threads: a.threads,
        next_day: a.next_day,
    };
    println!(
        "corpus: profile {} ({} devices), seed {}, into {}",
        profile.name,
        profile.devices(),
        opts.seed.unwrap_or(profile.seed),
        a.out.join(&profile.name).display()
    );
    let report = statetrace_corpus::generate(&profile, &opts)
        .with_context(|| format!("writing under {}", a.out.display()))?;
    for c in &report.corpora {
        let m = &c.manifest;
        let spread = m
            .spread
            .map_or(String::new(), |s| format!(" (spread over {s} sites)"));
        println!("{}{spread}:", c.dir.display());
        for d in &m.days {
            let t = &d.totals;
            let mut line = format!(
                "  {}: {} files, {} devices, {} sites, {:.1} MB, {} ports, {} learned MACs, {} span rows",
                d.dir,
                t.files,
                t.devices,
                t.sites,
                t.bytes as f64 / 1e6,
                t.ports,
                t.learned_macs,
                t.span_rows
            );
            if let Some(n) = &d.next_day {
                line.push_str(&format!(
                    "; {} changed, {} unchanged",
                    n.changed_devices, n.unchanged_devices
                ));
            }
            println!("{line}");
        }
        let vendors: Vec<String> = m.days[0]
            .totals
            .vendors
            .iter()
            .map(|(v, n)| format!("{v} {n}"))
            .collect();
        println!("  vendors: {}", vendors.join(", "));
        println!("  manifest: {}", c.dir.join("manifest.json").display());
    }
    let secs = report.elapsed.as_secs_f64();
    println!(
        "wrote {:.1} MB in {:.2} s ({:.0} MB/s)",
        report.bytes() as f64 / 1e6,
        secs,
        report.bytes() as f64 / 1e6 / secs.max(1e-9)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn corpus_options() {
        let a =
            parse_corpus_args(&args("--profile site --seed 7 --out /tmp/x --devices 50")).unwrap();
        assert_eq!(
            (a.profile.as_str(), a.seed, a.devices, a.next_day),
            ("site", Some(7), Some(50), true)
        );
        assert_eq!(a.out, PathBuf::from("/tmp/x"));
        assert!(
            parse_corpus_args(&args("--seed 7")).is_err(),
            "profile required"
        );
        assert!(parse_corpus_args(&args("--profile m1 --devices 5 --scale 2")).is_err());
        assert!(parse_corpus_args(&args("--profile m1 --scale 0")).is_err());
        assert!(parse_corpus_args(&args("--profile m1 --bogus")).is_err());
        assert!(
            !parse_corpus_args(&args("--profile m1 --no-next-day"))
                .unwrap()
                .next_day
        );
    }
}
