//! Waiting for a busy database without blocking its writer for long.
//!
//! Every maintenance statement runs with a short SQLite busy timeout
//! (`BusyTimeoutMs`), so it never queues behind an ingest transaction for
//! long, and ingest never waits behind it for long either. When it still
//! finds the database locked it backs off (doubling pauses, up to a
//! second) and tries again, until the site has spent its budget
//! (`MaxBusyWaitSeconds`); then the site is reported busy.

use std::time::{Duration, Instant};

/// The first pause after a busy answer.
const FIRST_PAUSE: Duration = Duration::from_millis(25);
/// The longest pause between two tries.
const MAX_PAUSE: Duration = Duration::from_secs(1);

/// Whether an error means "another connection holds the lock".
pub fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// A maintenance step that could not be done.
#[derive(Debug, thiserror::Error)]
pub enum StepError {
    /// The database stayed locked for the whole budget.
    #[error("{what}: the database stayed busy for {:.1} s (MaxBusyWaitSeconds)", waited.as_secs_f64())]
    Busy {
        /// The step.
        what: String,
        /// How long was spent waiting, over all tries of the site.
        waited: Duration,
    },
    /// Any other failure.
    #[error("{what}: {message}")]
    Failed {
        /// The step.
        what: String,
        /// The error, in words.
        message: String,
    },
}

impl StepError {
    /// A failure of `what`.
    pub fn failed(what: &str, message: impl std::fmt::Display) -> StepError {
        StepError::Failed {
            what: what.to_string(),
            message: message.to_string(),
        }
    }

    /// Whether the database was busy (rather than broken).
    pub fn is_busy(&self) -> bool {
        matches!(self, StepError::Busy { .. })
    }
}

/// A site's waiting budget, shared by all its steps.
#[derive(Debug)]
pub struct Patience {
    budget: Duration,
    spent: Duration,
    retries: u32,
}

impl Patience {
    /// A budget of `budget` in total.
    pub fn new(budget: Duration) -> Patience {
        Patience {
            budget,
            spent: Duration::ZERO,
            retries: 0,
        }
    }

    /// How many times a busy step was tried again.
    pub fn retries(&self) -> u32 {
        self.retries
    }

    /// Time spent waiting so far (busy timeouts and pauses).
    pub fn spent(&self) -> Duration {
        self.spent
    }

    /// Runs `op`, trying again with growing pauses while it fails because
    /// the database is busy, as long as the budget lasts.
    pub fn retry<T>(
        &mut self,
        what: &str,
        mut op: impl FnMut() -> rusqlite::Result<T>,
    ) -> Result<T, StepError> {
        self.retry_when(what, &mut op, is_busy)
    }

    /// [`Patience::retry`] with the caller deciding which errors mean busy.
    pub fn retry_when<T, E: std::fmt::Display>(
        &mut self,
        what: &str,
        mut op: impl FnMut() -> Result<T, E>,
        busy: impl Fn(&E) -> bool,
    ) -> Result<T, StepError> {
        let mut pause = FIRST_PAUSE;
        loop {
            let started = Instant::now();
            let result = op();
            match result {
                Ok(v) => return Ok(v),
                Err(e) if busy(&e) => {
                    // The failed try itself waited out the busy timeout.
                    self.spent += started.elapsed();
                    if !self.wait(pause) {
                        return Err(StepError::Busy {
                            what: what.to_string(),
                            waited: self.spent,
                        });
                    }
                    pause = (pause * 2).min(MAX_PAUSE);
                }
                Err(e) => return Err(StepError::failed(what, e)),
            }
        }
    }

    /// Pauses before another try; false when the budget is spent.
    pub fn wait(&mut self, pause: Duration) -> bool {
        if self.spent >= self.budget {
            return false;
        }
        let pause = pause.min(self.budget - self.spent);
        std::thread::sleep(pause);
        self.spent += pause;
        self.retries += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn busy_error() -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some("database is locked".into()),
        )
    }

    #[test]
    fn busy_is_retried_until_it_clears() {
        let mut p = Patience::new(Duration::from_secs(5));
        let mut tries = 0;
        let v = p
            .retry("step", || {
                tries += 1;
                if tries < 3 {
                    Err(busy_error())
                } else {
                    Ok(7)
                }
            })
            .unwrap();
        assert_eq!((v, tries, p.retries()), (7, 3, 2));
    }

    #[test]
    fn a_site_that_stays_busy_is_reported_busy() {
        let mut p = Patience::new(Duration::from_millis(60));
        let err = p
            .retry("prune", || -> rusqlite::Result<()> { Err(busy_error()) })
            .unwrap_err();
        assert!(err.is_busy(), "{err}");
        assert!(
            err.to_string()
                .starts_with("prune: the database stayed busy"),
            "{err}"
        );
        // The budget is shared: the next step gives up at once.
        let mut tries = 0;
        let err = p
            .retry("compact", || -> rusqlite::Result<()> {
                tries += 1;
                Err(busy_error())
            })
            .unwrap_err();
        assert!(err.is_busy());
        assert_eq!(tries, 1);
    }

    #[test]
    fn other_errors_are_not_retried() {
        let mut p = Patience::new(Duration::from_secs(5));
        let mut tries = 0;
        let err = p
            .retry("x", || -> rusqlite::Result<()> {
                tries += 1;
                Err(rusqlite::Error::InvalidQuery)
            })
            .unwrap_err();
        assert!(!err.is_busy());
        assert_eq!(tries, 1);
    }
}
