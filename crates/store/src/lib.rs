//! Per-site databases for StateTrace records.
//!
//! One SQLite database per site at `<data>/<SITE>/<SITE>.sqlite`, with the
//! original StateTrace's tables and columns (`DeviceSummary`, `Interfaces`,
//! `DeviceHistory`, `InterfaceHistory`, `SpanInfo`, `SpanHistory`) plus
//! `IngestionHistory` and `SchemaVersion`. Storage never parses text: it
//! receives typed [`statetrace_model::Device`] records.
//!
//! With the `odbc` feature, [`Backend::Odbc`] writes the same rows through
//! an ODBC driver instead: Microsoft Access (one `.accdb` per site),
//! SQLite, or PostgreSQL (see [`odbc`]).
//!
//! A device is written in one transaction: its summary, ports, spanning
//! tree, the history rows of whatever changed and its ingestion record
//! commit together or not at all.

#![warn(missing_docs)]

mod backend;
mod bound;
pub mod checkpoint;
pub mod create;
mod error;
mod nocase;
pub mod odbc;
pub mod plan;
mod rows;
mod schema;
mod sqlite;

pub use backend::{Backend, BatchOutcome, SiteWriter};
pub use create::sync_dir;
pub use error::StoreError;
pub use rows::{InterfaceRow, SpanRow, SummaryRow};
pub use schema::{DEVICE_TABLES, HISTORY_TABLES, SCHEMA_VERSION};
pub use sqlite::{
    site_db_path, IngestEntry, IngestRecord, SiteStore, WriteStats, DEFAULT_BUSY_TIMEOUT, IF_COLS,
};
