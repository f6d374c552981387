//! The ingest pipeline: transcript files in, per-site databases and
//! telemetry out.
//!
//! [`run_ingest`] maps the files, cuts them into devices, parses each one
//! and hands it to its site's store; [`run_parse`] does the same without
//! any database. Both report what they did in a [`RunReport`], which names
//! every file, device and site that went wrong and why.

#![warn(missing_docs)]

mod corpus;
mod device;
pub mod metrics;
mod pipeline;
pub mod profile;
pub mod progress;
mod report;
pub mod settings;
mod slots;
pub mod stats;
pub mod telemetry;
mod writer;

pub use pipeline::{run_ingest, run_parse, IngestOptions, ParseOutput};
pub use profile::ConcurrencyProfile;
pub use progress::{NoProgress, Progress};
pub use report::{DeviceFailure, FileWarning, RunReport, SiteFailure};
