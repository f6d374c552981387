//! `cargo xtask scaling`: does throughput hold when the number of site
//! databases doubles? The `doubling` profile writes the same devices spread
//! over N and over 2N sites; each trial ingests both into fresh data roots,
//! alternating which goes first so that drift in the machine's speed hits
//! both alike. Each trial gives one ratio (2N devices/s over N devices/s,
//! measured back to back), and the verdict takes the median of those
//! ratios: a pair shares the machine's state of the moment (other load,
//! the disk's writeback), which the ratio cancels and a ratio of two
//! separately taken medians does not. It fails when the median ratio is
//! more than [`MAX_DROP`] below 1.

use crate::harness;
use anyhow::{bail, Context, Result};

/// The M1 criterion: at most a 5% drop.
pub const MAX_DROP: f64 = 0.05;

/// Options of a scaling run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Profile with two spreads.
    pub profile: String,
    /// Trials (each ingests both spreads once).
    pub trials: usize,
    /// Resize the profile to this many devices.
    pub devices: Option<u64>,
    /// Parse workers (`None`: the automatic profile).
    pub workers: Option<usize>,
}

/// What a scaling run measured.
#[derive(Debug, Clone)]
pub struct ScalingResult {
    /// Site counts of the two spreads.
    pub sites: (u32, u32),
    /// Devices in each.
    pub devices: u64,
    /// Devices/s per trial, N spread.
    pub n: Vec<f64>,
    /// Devices/s per trial, 2N spread.
    pub two_n: Vec<f64>,
    /// Row mismatches found in any run.
    pub row_problems: Vec<String>,
}

impl ScalingResult {
    /// Per trial: 2N devices/s over N devices/s.
    pub fn ratios(&self) -> Vec<f64> {
        self.n
            .iter()
            .zip(&self.two_n)
            .map(|(n, two_n)| two_n / n.max(1e-12))
            .collect()
    }

    /// 1 - the median of the per-trial ratios: the throughput drop
    /// (negative: a gain).
    pub fn drop(&self) -> f64 {
        1.0 - harness::median(&self.ratios())
    }

    /// True within [`MAX_DROP`] and with every run's rows exact.
    pub fn passed(&self) -> bool {
        self.drop() <= MAX_DROP && self.row_problems.is_empty()
    }
}

/// `cargo xtask scaling [--profile P] [--trials N] [--devices N] [--workers N]`.
pub fn scaling(args: &[String]) -> Result<()> {
    let mut o = Options {
        profile: "doubling".into(),
        trials: 5,
        devices: None,
        workers: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().with_context(|| format!("{a} takes a value"));
        match a.as_str() {
            "--profile" => o.profile = value()?.clone(),
            "--trials" => o.trials = value()?.parse().context("--trials")?,
            "--devices" => o.devices = Some(value()?.parse().context("--devices")?),
            "--workers" => o.workers = Some(value()?.parse().context("--workers")?),
            other => bail!(
                "unknown option {other:?}\nusage: cargo xtask scaling [--profile P] [--trials N] [--devices N] [--workers N]"
            ),
        }
    }
    let r = run(&o)?;
    print(&r);
    if r.passed() {
        println!("scaling: PASS");
        Ok(())
    } else {
        bail!("scaling: FAIL")
    }
}

/// Runs the trials.
pub fn run(o: &Options) -> Result<ScalingResult> {
    if o.trials == 0 {
        bail!("--trials must be at least 1");
    }
    let corpora = harness::corpus(&o.profile, o.devices, None)?;
    let [n, two_n] = corpora.as_slice() else {
        bail!(
            "profile {} must have two spreads (N and 2N sites), it has {}",
            o.profile,
            corpora.len()
        );
    };
    let sites = |w: &statetrace_corpus::Written| w.manifest.spread.unwrap_or(0);
    let bin = harness::release_binary()?;
    let scratch = harness::scratch(&format!("scaling-{}", o.profile))?;
    let mut result = ScalingResult {
        sites: (sites(n), sites(two_n)),
        devices: n.manifest.day(1).map_or(0, |d| d.totals.devices),
        n: Vec::new(),
        two_n: Vec::new(),
        row_problems: Vec::new(),
    };
    for trial in 0..o.trials {
        let order: [(bool, &statetrace_corpus::Written); 2] = if trial.is_multiple_of(2) {
            [(false, n), (true, two_n)]
        } else {
            [(true, two_n), (false, n)]
        };
        for (doubled, written) in order {
            let tag = if doubled { "2n" } else { "n" };
            let data = scratch.join(format!("t{trial}-{tag}/Data"));
            let logs = scratch.join(format!("t{trial}-{tag}/Logs"));
            let run = harness::ingest(
                &bin,
                &harness::day_dir(written, 1)?,
                &data,
                &logs,
                o.workers,
            )?;
            let expected = harness::expected_after(&written.manifest, 1)?;
            let stored = harness::stored_rows(&data)?;
            for (t, e, s) in harness::row_differences(&expected, &stored) {
                result.row_problems.push(format!(
                    "trial {trial} {tag}: {t}: expected {e}, stored {s}"
                ));
            }
            let rate = run.devices_per_s();
            println!(
                "  trial {trial} {tag:>2} ({} sites): {rate:.0} devices/s",
                sites(written)
            );
            if doubled {
                result.two_n.push(rate);
            } else {
                result.n.push(rate);
            }
            std::fs::remove_dir_all(scratch.join(format!("t{trial}-{tag}"))).ok();
        }
    }
    Ok(result)
}

fn print(r: &ScalingResult) {
    println!(
        "\nscaling: {} devices over {} and {} sites, {} trials, machine: {}",
        r.devices,
        r.sites.0,
        r.sites.1,
        r.n.len(),
        crate::machine::summary(&crate::machine::describe())
    );
    let ratios: Vec<String> = r.ratios().iter().map(|x| format!("{x:.3}")).collect();
    println!(
        "  median devices/s: {:.0} at {} sites, {:.0} at {} sites; per-trial ratios [{}]; drop (1 - median ratio) {:.1}% (limit {:.0}%)",
        harness::median(&r.n),
        r.sites.0,
        harness::median(&r.two_n),
        r.sites.1,
        ratios.join(", "),
        r.drop() * 100.0,
        MAX_DROP * 100.0
    );
    for p in &r.row_problems {
        println!("  ROWS {p}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(n: &[f64], two_n: &[f64]) -> ScalingResult {
        ScalingResult {
            sites: (4, 8),
            devices: 2000,
            n: n.to_vec(),
            two_n: two_n.to_vec(),
            row_problems: Vec::new(),
        }
    }

    #[test]
    fn the_verdict_is_the_median_of_paired_ratios() {
        // One pair was disturbed (its 2N half ran while the machine was
        // busy) and the N runs drifted: a ratio of the two medians would
        // say 5.8% (490 / 520); the pairs say 2%.
        let r = result(&[500.0, 520.0, 600.0], &[490.0, 450.0, 588.0]);
        assert_eq!(r.ratios().len(), 3);
        assert!((r.drop() - 0.02).abs() < 1e-9, "drop {}", r.drop());
        assert!(r.passed());
        // A real 10% loss in every pair fails, however the pairs scatter.
        let r = result(&[500.0, 300.0, 600.0], &[450.0, 270.0, 540.0]);
        assert!((r.drop() - 0.10).abs() < 1e-9, "drop {}", r.drop());
        assert!(!r.passed());
    }

    #[test]
    fn lost_rows_fail_whatever_the_speed() {
        let mut r = result(&[500.0], &[520.0]);
        r.row_problems
            .push("trial 0 2n: Interfaces: expected 10, stored 9".into());
        assert!(!r.passed());
    }
}
