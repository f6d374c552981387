//! Progress reporting, for a terminal's progress bar.

/// Receives progress as devices finish; implementations must be cheap.
pub trait Progress: Sync {
    /// The run found `devices` devices.
    fn start(&self, devices: u64);
    /// One device of `site` is done (stored, skipped or failed).
    fn advance(&self, site: &str);
    /// The run is over.
    fn finish(&self);
}

/// Reports nothing (not a terminal, `--quiet`, `--json`, tests).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: u64) {}
    fn advance(&self, _: &str) {}
    fn finish(&self) {}
}
