//! Project automation, in plain Rust: `cargo xtask <task>`.
//!
//! * `ci` — what CI runs: format check, clippy with warnings denied (with
//!   and without the `odbc` feature), and the whole test suite. Nothing
//!   else is needed on the machine but Rust; when unixODBC and the SQLite
//!   ODBC driver are installed the tests also run with `--features odbc`,
//!   which adds the ODBC storage conformance suite (PostgreSQL too when
//!   `STATETRACE_TEST_PG_ODBC` names a server). Otherwise that suite is
//!   reported as SKIPPED, or fails when `STATETRACE_REQUIRE_ODBC` is set.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  ci      format check, clippy (warnings denied) and every test;
          the ODBC storage conformance suite when unixODBC and its drivers are installed";

/// The ODBC drivers the conformance suite uses, as `odbcinst -q -d` lists them.
const SQLITE_DRIVER: &str = "SQLite3";
const PG_DRIVER: &str = "PostgreSQL Unicode";
/// The PostgreSQL connection string the suite reads.
const PG_ENV: &str = "STATETRACE_TEST_PG_ODBC";
/// Set by CI once it installed the drivers: `1` (all) or `sqlite`.
const REQUIRE_ENV: &str = "STATETRACE_REQUIRE_ODBC";

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
