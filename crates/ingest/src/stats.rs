//! The one percentile definition of the product.
//!
//! Every p50/p95/p99/max StateTrace reports (run summary, `metrics rollup`,
//! `metrics gate`) comes from an HdrHistogram of the samples in
//! microseconds with 3 significant digits: the p-th percentile is the
//! smallest recorded value such that at least p% of the samples are less
//! than or equal to it (nearest rank), to within 0.1%. Unlike the
//! original's three methods (linear interpolation, floor and ceiling
//! ranks), it is one rule everywhere and costs constant memory however
//! many samples there are.

use hdrhistogram::Histogram;

/// Millisecond samples summarised by percentile.
#[derive(Debug, Clone)]
pub struct Samples {
    hist: Histogram<u64>,
    sum_ms: f64,
}

impl Default for Samples {
    fn default() -> Self {
        Samples {
            // 1 µs to 1 hour at 3 significant digits.
            hist: Histogram::new_with_bounds(1, 3_600_000_000, 3).expect("valid histogram bounds"),
            sum_ms: 0.0,
        }
    }
}

impl Samples {
    /// Records one sample in milliseconds (negative and NaN count as 0).
    pub fn record_ms(&mut self, ms: f64) {
        let us = if ms.is_finite() && ms > 0.0 {
            (ms * 1000.0).round() as u64
        } else {
            0
        };
        self.hist.saturating_record(us.max(1));
        self.sum_ms += ms.max(0.0);
    }

    /// Adds another set of samples.
    pub fn merge(&mut self, other: &Samples) {
        let _ = self.hist.add(&other.hist);
        self.sum_ms += other.sum_ms;
    }

    /// Number of samples.
    pub fn count(&self) -> u64 {
        self.hist.len()
    }

    /// The p-th percentile (0 to 100) in milliseconds; 0 with no samples.
    pub fn percentile_ms(&self, p: f64) -> f64 {
        if self.hist.is_empty() {
            return 0.0;
        }
        self.hist.value_at_percentile(p) as f64 / 1000.0
    }

    /// The largest sample in milliseconds.
    pub fn max_ms(&self) -> f64 {
        self.hist.max() as f64 / 1000.0
    }

    /// The mean in milliseconds.
    pub fn mean_ms(&self) -> f64 {
        if self.hist.is_empty() {
            0.0
        } else {
            self.sum_ms / self.count() as f64
        }
    }

    /// The sum in milliseconds.
    pub fn total_ms(&self) -> f64 {
        self.sum_ms
    }
}

/// The process's peak resident set size in bytes, where the platform tells
/// (Linux: `VmHWM` in `/proc/self/status`).
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let mut s = Samples::default();
        for ms in 1..=100 {
            s.record_ms(ms as f64);
        }
        assert_eq!(s.count(), 100);
        assert!(
            (s.percentile_ms(95.0) - 95.0).abs() < 0.1,
            "{}",
            s.percentile_ms(95.0)
        );
        assert!((s.percentile_ms(50.0) - 50.0).abs() < 0.1);
        assert!((s.max_ms() - 100.0).abs() < 0.1);
        assert!((s.mean_ms() - 50.5).abs() < 1e-9);
        // The CISmoke fixture's ten queue delays: nearest-rank p95 is 12.
        let mut q = Samples::default();
        for ms in [8.0, 9.0, 9.0, 10.0, 10.0, 10.0, 11.0, 11.0, 10.0, 12.0] {
            q.record_ms(ms);
        }
        assert!(
            (q.percentile_ms(95.0) - 12.0).abs() < 0.02,
            "{}",
            q.percentile_ms(95.0)
        );
    }

    #[test]
    fn empty_and_odd_samples() {
        let mut s = Samples::default();
        assert_eq!((s.percentile_ms(95.0), s.mean_ms()), (0.0, 0.0));
        s.record_ms(f64::NAN);
        s.record_ms(-3.0);
        s.record_ms(1e12);
        assert_eq!(s.count(), 3);
        let mut t = Samples::default();
        t.record_ms(2.0);
        t.merge(&s);
        assert_eq!(t.count(), 4);
    }

    #[test]
    fn peak_rss_is_known_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(peak_rss_bytes().unwrap() > 1024 * 1024);
        }
    }
}
