//! The records that flow from the parsers to the storage backends.
//!
//! Parsing produces [`Device`] values; storage consumes them. Neither side
//! depends on the other, only on this crate. Field names serialise in
//! `snake_case` and are the JSON contract of `statetrace parse --json`.
//! Absent values are `None` (JSON `null`), never placeholder strings such as
//! `Unknown`, so a consumer can tell "not captured" from a real value.

#![warn(missing_docs)]

mod device;
mod site;

pub use device::{AuthState, AuthTemplate, Device, Port, PortMode, SpanInstance, SpanPort, Vendor};
pub use site::{site_of, Location};
