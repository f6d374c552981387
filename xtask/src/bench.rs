//! `cargo xtask bench`: runs the criterion benches and counts the parser's
//! instructions, saves them as committed baselines
//! (`perf-reports/baselines/`), or compares a run with those baselines and
//! prints each figure's ratio.
//!
//! Two kinds of figure, kept apart on purpose:
//!
//! * **Instructions** (valgrind's callgrind, on the `parse_loop` example
//!   over every sample transcript): the same binary on the same input gives
//!   the same count whatever else the machine is doing, so a parser that got
//!   more than [`INSTRUCTION_TOLERANCE`] slower fails `--compare`. This is
//!   the regression gate CI runs.
//! * **Times** (criterion: split, detect, parse per vendor, write per
//!   backend with its bare-insert ceiling, end to end): printed as ratios
//!   against the baseline, flagged beyond [`TIME_NOTE`], never failing,
//!   because wall time on a shared machine is noisy.

use anyhow::{bail, Context, Result};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A parser whose instruction count grew by more than this fails.
const INSTRUCTION_TOLERANCE: f64 = 0.02;
/// Time ratios beyond this are called out (but do not fail).
const TIME_NOTE: f64 = 0.15;
/// Rounds of `parse_loop` whose difference gives per-round instructions
/// (one-time set-up such as building automatons cancels out).
const ROUNDS: (u32, u32) = (1, 4);

struct Options {
    save: bool,
    compare: bool,
    instructions_only: bool,
    quick: bool,
}

/// Runs the task.
pub fn bench(args: &[String]) -> Result<()> {
    let mut o = Options {
        save: false,
        compare: false,
        instructions_only: false,
        quick: false,
    };
    for a in args {
        match a.as_str() {
            "--save-baseline" => o.save = true,
            "--compare" => o.compare = true,
            "--instructions-only" => o.instructions_only = true,
            "--quick" => o.quick = true,
            other => bail!(
                "unknown option {other:?}\nusage: cargo xtask bench [--save-baseline] [--compare] [--instructions-only] [--quick]"
            ),
        }
    }
    let root = crate::root();
    let baselines = root.join("perf-reports/baselines");
    let machine = crate::machine::describe();
    println!("machine: {}", crate::machine::summary(&machine));

    let instructions = count_instructions(&root)?;
    let mut failures = Vec::new();
    if o.compare {
        failures.extend(compare_instructions(&baselines, &instructions)?);
    } else {
        print_instructions(&instructions);
    }
    let times = if o.instructions_only {
        None
    } else {
        Some(run_criterion(o.quick)?)
    };
    if let (true, Some(times)) = (o.compare, &times) {
        compare_times(&baselines, times)?;
    }
    if o.save {
        std::fs::create_dir_all(&baselines).context("creating perf-reports/baselines")?;
        let date = today();
        write_json(
            &baselines.join("instructions.json"),
            &json!({"date": date, "machine": machine, "samples": instructions}),
        )?;
        if let Some(times) = times {
            write_json(
                &baselines.join("criterion.json"),
                &json!({"date": date, "machine": machine, "benches": times}),
            )?;
        }
        println!("saved baselines in {}", baselines.display());
    }
    if !failures.is_empty() {
        for f in &failures {
            println!("REGRESSION {f}");
        }
        bail!(
            "{} instruction-count regression(s) past {:.0}%",
            failures.len(),
            INSTRUCTION_TOLERANCE * 100.0
        );
    }
    Ok(())
}

/// True when valgrind can be run (CI installs it; see `.ci/run`).
pub fn valgrind_available() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn samples(root: &Path) -> Result<Vec<PathBuf>> {
    let dir = root.join("corpora/samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("{}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .collect();
    files.sort();
    Ok(files)
}

/// Per sample: bytes, instructions per round of the whole per-device path,
/// and instructions per byte.
fn count_instructions(root: &Path) -> Result<Map<String, Value>> {
    if !valgrind_available() {
        bail!("valgrind is not installed (apt-get install valgrind); instruction counts need it");
    }
    let mut build = crate::cargo();
    build.args([
        "build",
        "--release",
        "-q",
        "-p",
        "statetrace-parse",
        "--example",
        "parse_loop",
    ]);
    crate::step("build parse_loop (release)", build)?;
    let exe = crate::target_dir().join("release/examples/parse_loop");
    println!("==> instruction counts (callgrind)");
    let mut out = Map::new();
    for file in samples(root)? {
        let name = file
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::metadata(&file)?.len();
        let low = callgrind(&exe, ROUNDS.0, &file)?;
        let high = callgrind(&exe, ROUNDS.1, &file)?;
        let per_round = high.saturating_sub(low) / u64::from(ROUNDS.1 - ROUNDS.0);
        out.insert(
            name,
            json!({
                "bytes": bytes,
                "instructions": per_round,
                "per_byte": (per_round as f64 / bytes as f64 * 100.0).round() / 100.0,
            }),
        );
    }
    Ok(out)
}

fn callgrind(exe: &Path, rounds: u32, file: &Path) -> Result<u64> {
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(exe)
        .arg(rounds.to_string())
        .arg(file)
        .output()
        .context("running valgrind")?;
    if !out.status.success() {
        bail!(
            "callgrind on {} failed: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    stderr
        .lines()
        .find_map(|l| l.split("Collected :").nth(1))
        .and_then(|n| n.trim().replace(',', "").parse().ok())
        .with_context(|| {
            format!(
                "no instruction count in callgrind's output for {}",
                file.display()
            )
        })
}

fn print_instructions(counts: &Map<String, Value>) {
    println!(
        "{:<24} {:>10} {:>14} {:>10}",
        "sample", "bytes", "instructions", "per byte"
    );
    for (name, v) in counts {
        println!(
            "{name:<24} {:>10} {:>14} {:>10.2}",
            v["bytes"].as_u64().unwrap_or(0),
            v["instructions"].as_u64().unwrap_or(0),
            v["per_byte"].as_f64().unwrap_or(0.0)
        );
    }
}

/// Prints the instruction table against the baseline; returns regressions.
fn compare_instructions(baselines: &Path, now: &Map<String, Value>) -> Result<Vec<String>> {
    let base = read_json(&baselines.join("instructions.json"))?;
    println!(
        "{:<24} {:>14} {:>14} {:>8}  baseline of {}",
        "sample",
        "baseline",
        "now",
        "ratio",
        base["date"].as_str().unwrap_or("?")
    );
    let mut regressions = Vec::new();
    for (name, v) in now {
        let n = v["instructions"].as_u64().unwrap_or(0);
        match base["samples"][name]["instructions"].as_u64() {
            None => println!("{name:<24} {:>14} {n:>14} {:>8}", "-", "new"),
            Some(b) => {
                let ratio = n as f64 / b.max(1) as f64;
                let verdict = if ratio > 1.0 + INSTRUCTION_TOLERANCE {
                    regressions.push(format!(
                        "{name}: {n} instructions per round, baseline {b} ({ratio:.3}x)"
                    ));
                    "  REGRESSION"
                } else if ratio < 1.0 - INSTRUCTION_TOLERANCE {
                    "  faster: save a new baseline"
                } else {
                    ""
                };
                println!("{name:<24} {b:>14} {n:>14} {ratio:>7.3}x{verdict}");
            }
        }
    }
    Ok(regressions)
}

/// Runs every criterion bench and reads its estimates back.
fn run_criterion(quick: bool) -> Result<Map<String, Value>> {
    let mut cmd = crate::cargo();
    cmd.args([
        "bench", "--bench", "parse", "--bench", "write", "--bench", "ingest", "--",
    ]);
    if quick {
        cmd.args(["--warm-up-time", "1", "--measurement-time", "2"]);
    }
    crate::step("criterion benches", cmd)?;
    let mut out = Map::new();
    collect_estimates(&crate::target_dir().join("criterion"), &mut out)?;
    if out.is_empty() {
        bail!("criterion wrote no estimates under target/criterion");
    }
    Ok(out)
}

fn collect_estimates(dir: &Path, out: &mut Map<String, Value>) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        let bench = path.join("new/benchmark.json");
        let estimates = path.join("new/estimates.json");
        if bench.is_file() && estimates.is_file() {
            let b = read_json(&bench)?;
            let e = read_json(&estimates)?;
            let ns = e["mean"]["point_estimate"].as_f64().unwrap_or(0.0);
            let (unit, per_iter) = match &b["throughput"] {
                Value::Object(t) => t
                    .iter()
                    .next()
                    .map_or(("", 0), |(k, v)| (k.as_str(), v.as_u64().unwrap_or(0))),
                _ => ("", 0),
            };
            let rate = if ns > 0.0 {
                per_iter as f64 * 1e9 / ns
            } else {
                0.0
            };
            out.insert(
                b["full_id"].as_str().unwrap_or("?").to_string(),
                json!({"mean_ns": ns, "unit": unit, "per_iter": per_iter, "per_second": rate}),
            );
        } else {
            collect_estimates(&path, out)?;
        }
    }
    Ok(())
}

fn compare_times(baselines: &Path, now: &Map<String, Value>) -> Result<()> {
    let base = read_json(&baselines.join("criterion.json"))?;
    println!(
        "\n{:<48} {:>16} {:>16} {:>8}  baseline of {}",
        "bench",
        "baseline /s",
        "now /s",
        "ratio",
        base["date"].as_str().unwrap_or("?")
    );
    for (name, v) in now {
        let n = v["per_second"].as_f64().unwrap_or(0.0);
        let unit = v["unit"].as_str().unwrap_or("");
        match base["benches"][name]["per_second"].as_f64() {
            None => println!("{name:<48} {:>16} {:>16} {:>8}", "-", human(n, unit), "new"),
            Some(b) => {
                let ratio = n / b.max(1e-12);
                let note = if ratio < 1.0 - TIME_NOTE {
                    "  slower (wall time; check for noise)"
                } else if ratio > 1.0 + TIME_NOTE {
                    "  faster"
                } else {
                    ""
                };
                println!(
                    "{name:<48} {:>16} {:>16} {ratio:>7.2}x{note}",
                    human(b, unit),
                    human(n, unit)
                );
            }
        }
    }
    Ok(())
}

/// `123.4 MB` for bytes, `1.2 K` for elements (per second).
fn human(rate: f64, unit: &str) -> String {
    match unit {
        "Bytes" | "BytesDecimal" => format!("{:.1} MB", rate / 1e6),
        _ if rate >= 1e3 => format!("{:.1} K", rate / 1e3),
        _ => format!("{rate:.1}"),
    }
}

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{} (save one with --save-baseline)", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{}", path.display()))
}

fn write_json(path: &Path, value: &Value) -> Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    std::fs::write(path, text + "\n").with_context(|| format!("writing {}", path.display()))
}

/// Today's local date as `yyyy-mm-dd`, the way reports and telemetry
/// files are named.
pub fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}
