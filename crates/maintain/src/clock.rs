//! Where maintenance gets the time from: the system, or a clock a test or
//! a drill sets.
//!
//! Everything that depends on the date goes through a [`Clock`]: the name
//! of a backup, which backups rotation keeps, the history retention
//! cut-off, the night a run belongs to and the log file it goes to. So 14
//! nights can be simulated in a second.

use chrono::{DateTime, Duration, FixedOffset, Local, NaiveDateTime, TimeZone};
use std::sync::Mutex;

/// A source of the current time, with the local UTC offset.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> DateTime<FixedOffset>;
}

/// The system clock in the local time zone.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Local::now().fixed_offset()
    }
}

/// The system clock moved to start at a chosen time: time still passes,
/// so durations stay real. `statetrace maintain --simulate-now` uses it.
#[derive(Debug, Clone, Copy)]
pub struct ShiftedClock {
    shift: Duration,
    offset: FixedOffset,
}

impl ShiftedClock {
    /// A clock that reads `start` now.
    pub fn starting_at(start: DateTime<FixedOffset>) -> ShiftedClock {
        ShiftedClock {
            shift: start.signed_duration_since(Local::now()),
            offset: *start.offset(),
        }
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        (Local::now() + self.shift).with_timezone(&self.offset)
    }
}

/// A clock that stands still until it is set or advanced (tests).
#[derive(Debug)]
pub struct ManualClock(Mutex<DateTime<FixedOffset>>);

impl ManualClock {
    /// A clock reading `at`.
    pub fn new(at: DateTime<FixedOffset>) -> ManualClock {
        ManualClock(Mutex::new(at))
    }

    /// Sets the time.
    pub fn set(&self, at: DateTime<FixedOffset>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = at;
    }

    /// Moves the time on.
    pub fn advance(&self, by: Duration) {
        let mut t = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *t += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<FixedOffset> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Reads a time given on the command line: RFC 3339 with an offset
/// (`2026-11-22T02:30:00+01:00`), or a local time without one
/// (`2026-11-22T02:30:00`, `2026-11-22 02:30`).
pub fn parse_time(s: &str) -> Result<DateTime<FixedOffset>, String> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t);
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, format) {
            return Local
                .from_local_datetime(&naive)
                .earliest()
                .map(|t| t.fixed_offset())
                .ok_or_else(|| format!("{s:?} does not exist in the local time zone"));
        }
    }
    Err(format!(
        "{s:?} is not a time (expected e.g. 2026-11-22T02:30:00+01:00 or 2026-11-22T02:30:00)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_with_and_without_offset() {
        let t = parse_time("2026-11-22T02:30:00+01:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-22T02:30:00+01:00");
        let local = parse_time("2026-11-22 02:30").unwrap();
        assert_eq!(local.naive_local().to_string(), "2026-11-22 02:30:00");
        assert!(parse_time("yesterday").unwrap_err().contains("not a time"));
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let c = ManualClock::new(parse_time("2026-11-22T02:30:00+00:00").unwrap());
        assert_eq!(c.now(), c.now());
        c.advance(Duration::days(1));
        assert_eq!(c.now().to_rfc3339(), "2026-11-23T02:30:00+00:00");
    }

    #[test]
    fn shifted_clock_starts_where_asked_and_keeps_the_offset() {
        let start = parse_time("2030-01-05T02:30:00+05:00").unwrap();
        let c = ShiftedClock::starting_at(start);
        let now = c.now();
        assert_eq!(now.offset(), start.offset());
        assert!(now >= start && now - start < Duration::hours(1), "{now}");
    }
}
