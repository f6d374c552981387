//! Deterministic corpora of switch CLI transcripts, for load tests,
//! scaling runs and incremental-ingest gates.
//!
//! A [`Profile`] (committed under `corpora/profiles/`) gives the shape:
//! sites, device counts, vendor mix, port counts, stacks, how devices share
//! files, capture noise and the share of devices that change on the next
//! day. [`generate`] writes `<out>/<profile>/day1/`, `day2/` and a
//! [`Manifest`] that lists every file and device with the counts that fix
//! the database rows an ingest must produce.
//!
//! Everything is drawn from ChaCha8 streams derived from the seed (see
//! [`rng`]): the same profile and seed give the same bytes on every run,
//! platform and thread count. This crate knows the vendors' output formats
//! on its own; it does not use the parser, so tests can check the parser
//! against it: every generated device comes with the record `statetrace
//! parse` must produce ([`vendor::Capture::expected`]).
//!
//! ```no_run
//! use statetrace_corpus::{generate, Options, Profile};
//! let profile = Profile::builtin("site").unwrap();
//! let report = generate(&profile, &Options::default()).unwrap();
//! let day2 = report.corpora[0].manifest.day(2).unwrap();
//! println!("{} devices unchanged", day2.next_day.as_ref().unwrap().unchanged_devices);
//! ```

#![warn(missing_docs)]

pub mod generate;
pub mod layout;
pub mod manifest;
pub mod names;
pub mod nextday;
pub mod noise;
pub mod profile;
pub mod rng;
pub mod spec;
pub mod vendor;

pub use generate::{
    expected_devices, generate, render_device, spreads, Options, Rendered, Report, Written,
};
pub use manifest::{DayManifest, DeviceChange, DeviceEntry, FileEntry, Manifest, Totals};
pub use profile::{Profile, ProfileError};

/// `statetrace-corpus <version>`, recorded in every manifest.
pub const GENERATOR: &str = concat!("statetrace-corpus ", env!("CARGO_PKG_VERSION"));
