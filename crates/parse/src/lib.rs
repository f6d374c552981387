//! Cutting CLI transcripts into devices and parsing them into records.
//!
//! Data flows one way: [`input`] maps a file, [`split`] cuts it into per-host
//! byte ranges, [`slice`] and [`text`] give a device's normalised lines
//! (zero-copy for clean lines), [`blocks`] carves its show-command blocks,
//! [`detect`] decides the vendor and the vendor parsers turn the blocks into
//! [`statetrace_model::Device`] records. Nothing here touches a database.

#![warn(missing_docs)]

pub mod arista;
pub mod aruba;
pub mod blocks;
pub mod brocade;
pub mod cisco;
pub mod command;
pub mod detect;
pub mod dispatch;
pub mod input;
pub mod join;
pub mod juniper;
pub mod ntc;
pub mod paloalto;
pub mod port_name;
pub mod prompt;
pub mod redact;
mod scan;
pub mod slice;
pub mod split;
pub mod table;
pub mod text;
pub mod trim;

pub use blocks::{Block, DeviceText};
pub use dispatch::{parse_device, ParseFailure, Parsed};
