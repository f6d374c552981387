//! Nightly maintenance of the per-site databases.
//!
//! For each site database (`<data>/<SITE>/<SITE>.sqlite`), [`run::run`]:
//!
//! 1. checks its integrity ([`integrity`]); a damaged database is reported
//!    with its newest good backup and left exactly as it is;
//! 2. takes an online backup into `<data>/Backups/<SITE>/` ([`backup`]),
//!    consistent while ingest writes, verified before it is named;
//! 3. rotates that site's backups by daily and weekly counts
//!    ([`rotation`]), only after the night's backup succeeded;
//! 4. removes orphaned rows ([`orphans`]) and prunes old history
//!    ([`retention`]) in short transactions;
//! 5. compacts when enough of the file is free ([`compaction`]).
//!
//! A busy site is retried with backoff ([`busy`]) and reported if it stays
//! busy; the other sites are still maintained. Every run appends one JSON
//! line per site and one per run to `Logs/Maintenance/<date>.json`
//! ([`log`]); [`record`] reads them back into the night-by-night record
//! the M1 gate judges. [`restore`] puts a backup back, [`schedule`] prints
//! how to run it nightly. The time comes from a [`clock::Clock`], so tests
//! simulate nights.

#![warn(missing_docs)]

pub mod backup;
pub mod busy;
pub mod clock;
pub mod compaction;
pub mod db;
pub mod integrity;
pub mod layout;
pub mod lock;
pub mod log;
#[cfg(feature = "odbc")]
pub mod odbc;
pub mod orphans;
pub mod record;
pub mod restore;
pub mod retention;
pub mod rotation;
pub mod run;
pub mod schedule;
pub mod settings;

pub use clock::{Clock, ManualClock, ShiftedClock, SystemClock};
pub use record::{
    consecutive_successes, read_record, Night, NightOutcome, NightlyRecord, RecordQuery,
};
pub use restore::{restore, RestoreError, RestoreOptions, Restored};
pub use run::{run, Faults, MaintainOptions, RunReport, UsageError};
pub use settings::{IntegrityMode, MaintenanceSettings};
