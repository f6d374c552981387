//! `cargo xtask gate m1`: the M1 exit criteria, measured and judged in one
//! table (criterion, threshold, measured, verdict), written to
//! `perf-reports/<date>-m1[-<profile>].{json,md}`. Exit 1 on any FAIL.
//!
//! | criterion | how it is measured |
//! |---|---|
//! | no lock contention at 8 concurrent workers | [`crate::loadtest`]: day 1 and day 2 of the profile's corpus with 8 workers and 4 UI-like readers; busy/lock errors, retries and failed writes must be 0, and every table's rows must equal the manifest's exactly |
//! | throughput drop when doubling databases ≤ 5% | [`crate::scaling`] on the `doubling` profile: median of paired per-trial ratios |
//! | nightly maintenance 14 consecutive days | the maintenance record in `<logs>/Maintenance` (`statetrace maintain --history`); simulated runs never count |
//! | ParseDuration p95 ≤ 3 s, max < 10 s | the load test's telemetry, both days |
//! | DatabaseWriteLatency p95 ≤ 200 ms | the same |
//! | SkippedDuplicate ratio ≥ 50% on an incremental run | day 2's telemetry (the next-day variant: 70% of devices unchanged) |
//! | memory bounded | peak RSS of every ingest run ≤ 200 MB |
//!
//! `--except maintenance` reports that criterion as SKIPPED instead of
//! judging it (for CI machines, which have no nightly history); the table
//! says so, and a skipped line never counts as a pass.

use crate::{harness, loadtest, scaling};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use statetrace_ingest::metrics::{self, Targets, Verdict};

/// Peak RSS allowed for any ingest run of the gate.
const RSS_LIMIT_MB: f64 = 200.0;
/// Nights the maintenance record must show.
const NIGHTS: u32 = 14;

struct Line {
    criterion: String,
    threshold: String,
    measured: String,
    verdict: &'static str,
}

/// `cargo xtask gate m1 [--profile m1|site] [--logs DIR] [--except maintenance]`.
pub fn gate(args: &[String]) -> Result<()> {
    let usage = "usage: cargo xtask gate m1 [--profile m1|site] [--logs DIR] [--except maintenance] [--scaling-devices N] [--trials N]";
    let mut it = args.iter();
    match it.next().map(String::as_str) {
        Some("m1") => {}
        _ => bail!("{usage}"),
    }
    let mut profile = "m1".to_string();
    let mut logs = crate::root().join("Logs");
    let mut skip_maintenance = false;
    let mut scaling_devices: Option<u64> = None;
    // Paired trials for the doubling criterion. On the 2-core CI VM one
    // pair's drop varies by about 6 points either way and the median of 7
    // by about 2 (six CI runs: -1.1% to +4.5%), so a true drop of 2% failed
    // the 5% limit about one run in ten; 11 pairs narrow the median to
    // about 1.5 points for some 10 s more per gate.
    let mut trials = 11;
    while let Some(a) = it.next() {
        let mut value = || it.next().with_context(|| format!("{a} takes a value"));
        match a.as_str() {
            "--profile" => profile = value()?.clone(),
            "--logs" => logs = value()?.into(),
            "--except" => match value()?.as_str() {
                "maintenance" => skip_maintenance = true,
                other => bail!("--except takes `maintenance`, not {other:?}"),
            },
            "--scaling-devices" => {
                scaling_devices = Some(value()?.parse().context("--scaling-devices")?)
            }
            "--trials" => trials = value()?.parse().context("--trials")?,
            other => bail!("unknown option {other:?}\n{usage}"),
        }
    }
    let machine = crate::machine::describe();
    println!(
        "gate m1: profile {profile}, machine: {}",
        crate::machine::summary(&machine)
    );

    let mut lines = Vec::new();
    let load = loadtest::run(&loadtest::Options {
        workers: 8,
        readers: 4,
        profile: profile.clone(),
        devices: None,
    })?;
    lines.push(contention_line(&load));

    let scale = scaling::run(&scaling::Options {
        profile: "doubling".into(),
        trials,
        devices: scaling_devices,
        workers: None,
    })?;
    lines.push(Line {
        criterion: "Throughput drop when doubling site databases".into(),
        threshold: format!("<= {:.0}%", scaling::MAX_DROP * 100.0),
        measured: format!(
            "{:.1}% (median of {} paired trials; {:.0} devices/s at {} sites, {:.0} at {}; {} devices){}",
            scale.drop() * 100.0,
            scale.n.len(),
            harness::median(&scale.n),
            scale.sites.0,
            harness::median(&scale.two_n),
            scale.sites.1,
            scale.devices,
            if scale.row_problems.is_empty() {
                ""
            } else {
                "; ROWS DIFFER"
            }
        ),
        verdict: if scale.passed() { "PASS" } else { "FAIL" },
    });

    lines.push(maintenance_line(&logs, skip_maintenance));
    lines.extend(kpi_lines(&load)?);

    print_table(&lines);
    let report = json!({
        "gate": "m1",
        "date": crate::bench::today(),
        "profile": profile,
        "machine": machine,
        "version": env!("CARGO_PKG_VERSION"),
        "commit": git_commit(),
        "corpus": corpus_summary(&load),
        "criteria": lines.iter().map(|l| json!({
            "criterion": l.criterion, "threshold": l.threshold,
            "measured": l.measured, "verdict": l.verdict,
        })).collect::<Vec<_>>(),
        "load": load.iter().map(|d| json!({
            "day": d.day, "devices": d.devices, "skipped": d.skipped,
            "devices_per_s": d.devices_per_s, "reader_queries": d.reader_queries,
            "reader_p95_ms": d.reader_p95_ms, "peak_rss_bytes": d.run.summary["peak_rss_bytes"],
            "parse_p95_ms": d.run.summary["parse_p95_ms"], "write_p95_ms": d.run.summary["write_p95_ms"],
        })).collect::<Vec<_>>(),
        "scaling": {"sites": [scale.sites.0, scale.sites.1], "n": scale.n, "two_n": scale.two_n, "ratios": scale.ratios(), "drop": scale.drop()},
    });
    write_report(&profile, &report, &lines)?;
    if lines.iter().any(|l| l.verdict == "FAIL") {
        bail!("gate m1: FAIL");
    }
    println!(
        "gate m1: PASS{}",
        if skip_maintenance {
            " (maintenance not judged: --except maintenance)"
        } else {
            ""
        }
    );
    Ok(())
}

fn contention_line(load: &[loadtest::DayResult]) -> Line {
    let busy: u64 = load.iter().map(|d| d.reader_busy).sum();
    let retries: u64 = load.iter().map(|d| d.reader_retries).sum();
    let failed: usize = load.iter().map(|d| d.writer_failures.len()).sum();
    let errors: usize = load.iter().map(|d| d.reader_errors.len()).sum();
    let rows_ok = load.iter().all(|d| d.row_differences.is_empty());
    let queries: u64 = load.iter().map(|d| d.reader_queries).sum();
    Line {
        criterion: "No lock contention at 8 concurrent workers".into(),
        threshold: "0 busy/lock errors, 0 retries, 0 failed writes, rows exact".into(),
        measured: format!(
            "{busy} busy, {retries} retries, {failed} failed writes, {errors} reader errors over {queries} reader queries; rows {}",
            if rows_ok { "exact" } else { "DIFFER" }
        ),
        verdict: if load.iter().all(loadtest::DayResult::passed) { "PASS" } else { "FAIL" },
    }
}

fn maintenance_line(logs: &std::path::Path, skip: bool) -> Line {
    let criterion = format!("Nightly maintenance succeeded {NIGHTS} consecutive nights");
    let threshold = format!("{NIGHTS} of {NIGHTS} nights");
    if skip {
        return Line {
            criterion,
            threshold,
            measured: "not judged (--except maintenance)".into(),
            verdict: "SKIPPED",
        };
    }
    let today = chrono::Local::now().date_naive();
    match statetrace_maintain::record::consecutive_successes(logs, NIGHTS, today) {
        Ok(r) => Line {
            criterion,
            threshold,
            measured: format!(
                "{} consecutive, nights {} to {} in {}",
                r.streak,
                r.first_night,
                r.last_night,
                r.log_dir.display()
            ),
            verdict: if r.passed { "PASS" } else { "FAIL" },
        },
        Err(e) => Line {
            criterion,
            threshold,
            measured: format!("no record: {e}"),
            verdict: "FAIL",
        },
    }
}

fn kpi_lines(load: &[loadtest::DayResult]) -> Result<Vec<Line>> {
    let mut all = Vec::new();
    for d in load {
        all.extend(harness::events(&d.run.telemetry)?);
    }
    let t = Targets::default();
    let to_line = |g: &metrics::GateLine, scope: &str| Line {
        criterion: format!("{}{scope}", g.criterion),
        threshold: g.target.clone(),
        measured: format!("{} ({} samples)", g.measured, g.samples),
        verdict: match g.verdict {
            Verdict::Pass => "PASS",
            Verdict::Fail => "FAIL",
            Verdict::Insufficient => "FAIL",
        },
    };
    let mut lines: Vec<Line> = metrics::gate(&all, &t)
        .iter()
        .filter(|g| g.criterion != "SkippedDuplicate ratio")
        .map(|g| to_line(g, ""))
        .collect();
    let day2 = load
        .iter()
        .find(|d| d.day == 2)
        .context("no incremental run")?;
    let incremental = harness::events(&day2.run.telemetry)?;
    lines.extend(
        metrics::gate(&incremental, &t)
            .iter()
            .filter(|g| g.criterion == "SkippedDuplicate ratio")
            .map(|g| to_line(g, " (incremental run)")),
    );
    let peak = load
        .iter()
        .map(|d| d.run.peak_rss_mb())
        .fold(0.0_f64, f64::max);
    lines.push(Line {
        criterion: "Memory bounded (peak RSS of every run)".into(),
        threshold: format!("<= {RSS_LIMIT_MB:.0} MB"),
        measured: format!("{peak:.1} MB"),
        verdict: if peak > 0.0 && peak <= RSS_LIMIT_MB {
            "PASS"
        } else {
            "FAIL"
        },
    });
    Ok(lines)
}

fn print_table(lines: &[Line]) {
    println!(
        "\n{:<52} {:<34} {:<8} measured",
        "criterion", "threshold", "verdict"
    );
    for l in lines {
        println!(
            "{:<52} {:<34} {:<8} {}",
            l.criterion, l.threshold, l.verdict, l.measured
        );
    }
}

fn corpus_summary(load: &[loadtest::DayResult]) -> Value {
    json!(load
        .iter()
        .map(|d| json!({"day": d.day, "devices": d.devices, "bytes": d.run.summary["bytes"], "sites": d.run.summary["sites"]}))
        .collect::<Vec<_>>())
}

fn git_commit() -> String {
    std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(crate::root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn write_report(profile: &str, report: &Value, lines: &[Line]) -> Result<()> {
    let dir = crate::root().join("perf-reports");
    let stem = if profile == "m1" {
        format!("{}-m1", crate::bench::today())
    } else {
        format!("{}-m1-{profile}", crate::bench::today())
    };
    std::fs::write(
        dir.join(format!("{stem}.json")),
        serde_json::to_string_pretty(report)? + "\n",
    )
    .context("writing the gate report")?;
    let mut md = format!(
        "# M1 gate, {} (profile `{profile}`)\n\nMachine: {}. Version {} ({}). Written by `cargo xtask gate m1`.\n\n| criterion | threshold | verdict | measured |\n|---|---|---|---|\n",
        report["date"].as_str().unwrap_or(""),
        crate::machine::summary(&report["machine"]),
        report["version"].as_str().unwrap_or(""),
        report["commit"].as_str().unwrap_or("")
    );
    for l in lines {
        md.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            l.criterion, l.threshold, l.verdict, l.measured
        ));
    }
    md.push_str("\nCorpus (generated, `corpora/profiles/`):\n\n");
    for d in report["corpus"].as_array().into_iter().flatten() {
        md.push_str(&format!(
            "- day {}: {} devices, {} sites, {} bytes\n",
            d["day"], d["devices"], d["sites"], d["bytes"]
        ));
    }
    std::fs::write(dir.join(format!("{stem}.md")), md).context("writing the gate report")?;
    println!("report: perf-reports/{stem}.md and .json");
    Ok(())
}
