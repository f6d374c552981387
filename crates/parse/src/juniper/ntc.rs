//! Junos commands in ntc-templates form.
//!
//! The only `juniper_junos` pair in the conformance corpus is
//! `show interfaces` (full counters), which is out of scope, so none is
//! registered yet; the typed parsers are public for when one is.

use crate::ntc::NtcCommand;

/// The supported `juniper_junos` commands.
pub const COMMANDS: &[NtcCommand] = &[];
