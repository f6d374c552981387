//! The terminal progress bar.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use statetrace_ingest::Progress;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// An indicatif bar on standard error: devices done/total, devices/s and
/// the site last worked on. Hidden when standard error is not a terminal,
/// or with `--quiet`/`--json`.
pub struct Bar {
    bar: Option<ProgressBar>,
    last_site: Mutex<(Instant, String)>,
}

impl Bar {
    /// A bar that draws only when `wanted` and standard error is a terminal.
    pub fn new(wanted: bool) -> Bar {
        let bar = (wanted && std::io::stderr().is_terminal()).then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr_with_hz(10));
            let style =
                ProgressStyle::with_template("{bar:30} {pos}/{len} devices  {per_sec}  {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Bar {
            bar,
            last_site: Mutex::new((Instant::now(), String::new())),
        }
    }
}

impl Progress for Bar {
    fn start(&self, devices: u64) {
        if let Some(b) = &self.bar {
            b.set_length(devices);
        }
    }

    fn advance(&self, site: &str) {
        let Some(b) = &self.bar else { return };
        b.inc(1);
        // The site name changes often; update it a few times a second.
        let mut last = self.last_site.lock().unwrap_or_else(|p| p.into_inner());
        if last.1 != site && last.0.elapsed() > Duration::from_millis(200) {
            *last = (Instant::now(), site.to_string());
            b.set_message(format!("site {site}"));
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
