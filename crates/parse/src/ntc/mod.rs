//! Command-level parsing with ntc-templates conventions.
//!
//! Every command parser is public and usable on its own: given a platform
//! (ntc names: `cisco_ios`, `arista_eos`, `hp_procurve`, `ruckus_fastiron`,
//! `brocade_fastiron`, `juniper_junos`, `paloalto_panos`), a command (any
//! spelling: it is canonicalised, so `sh int status` works) and the
//! command's output, [`parse_command`] returns records with ntc-templates
//! field names and conventions: every value a string, `""` when absent,
//! lists where the template has list fields.
//!
//! The records are built from each vendor's typed parsers, so the same code
//! that fills the databases is what the conformance suite checks against
//! third-party expectations.

use crate::command::canonicalize;
use crate::trim::TrimExt;
use serde::Serialize;
use std::collections::BTreeMap;

/// One field value: a string, or a list for ntc list fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum NtcValue {
    /// A plain value (`""` when absent).
    Str(String),
    /// A list field.
    List(Vec<String>),
}

impl From<&str> for NtcValue {
    fn from(s: &str) -> Self {
        NtcValue::Str(s.to_string())
    }
}

impl From<String> for NtcValue {
    fn from(s: String) -> Self {
        NtcValue::Str(s)
    }
}

impl From<Option<&str>> for NtcValue {
    fn from(s: Option<&str>) -> Self {
        NtcValue::Str(s.unwrap_or("").to_string())
    }
}

impl From<Vec<String>> for NtcValue {
    fn from(v: Vec<String>) -> Self {
        NtcValue::List(v)
    }
}

/// One record: field name to value, in field-name order.
pub type NtcRecord = BTreeMap<String, NtcValue>;

/// Builds a record from `(field, value)` pairs.
pub fn record<const N: usize>(fields: [(&str, NtcValue); N]) -> NtcRecord {
    fields
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

/// A supported (platform, command) pair and its parser.
#[derive(Debug, Clone, Copy)]
pub struct NtcCommand {
    /// ntc platform name, e.g. `cisco_ios`.
    pub platform: &'static str,
    /// Canonical command key (see [`crate::command`]).
    pub command: &'static str,
    /// Parses the command's output lines.
    pub parse: fn(&[&str]) -> Vec<NtcRecord>,
}

/// Every supported pair, across vendors.
pub fn commands() -> impl Iterator<Item = &'static NtcCommand> {
    crate::cisco::ntc::COMMANDS
        .iter()
        .chain(crate::arista::ntc::COMMANDS.iter())
        .chain(crate::juniper::ntc::COMMANDS.iter())
        .chain(crate::paloalto::ntc::COMMANDS.iter())
        .chain(crate::brocade::ntc::COMMANDS.iter())
        .chain(crate::aruba::ntc::COMMANDS.iter())
}

/// The platform names accepted by [`parse_command`].
pub fn platforms() -> Vec<&'static str> {
    let mut p: Vec<_> = commands().map(|c| c.platform).collect();
    p.sort_unstable();
    p.dedup();
    p
}

/// Commands of the ntc-templates collection deliberately out of scope: full
/// interface counters, and the per-interface running-config template.
pub const OUT_OF_SCOPE: &[&str] = &["show interfaces", "show running-config interface"];

/// What an ntc-templates test folder (`<platform>_<command with _>`, e.g.
/// `cisco_ios_show_mac-address-table`) holds, when it is in this project's
/// scope: its platform and command. `None` for another platform or an
/// [`OUT_OF_SCOPE`] command. Shared by the conformance test and the
/// TextFSM comparison so both read the same pairs.
///
/// ```
/// use statetrace_parse::ntc::conformance_folder;
/// assert_eq!(
///     conformance_folder("cisco_ios_show_mac-address-table"),
///     Some(("cisco_ios", "show mac-address-table".to_string()))
/// );
/// assert_eq!(conformance_folder("cisco_ios_show_interfaces"), None);
/// assert_eq!(conformance_folder("cisco_nxos_show_version"), None);
/// ```
pub fn conformance_folder(name: &str) -> Option<(&'static str, String)> {
    let platform = platforms()
        .into_iter()
        .filter(|p| name.starts_with(&format!("{p}_show")))
        .max_by_key(|p| p.len())?;
    let command = name[platform.len() + 1..].replace('_', " ");
    (!OUT_OF_SCOPE.contains(&command.as_str())).then_some((platform, command))
}

/// Why a command could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NtcError {
    /// The platform is not one this project parses.
    #[error("unknown platform {0:?}; supported: {1}")]
    UnknownPlatform(String, String),
    /// The platform is known, the command is not supported for it.
    #[error("command {command:?} is not supported on {platform}; supported: {supported}")]
    UnsupportedCommand {
        /// The platform.
        platform: String,
        /// The command as given.
        command: String,
        /// The supported commands for the platform.
        supported: String,
    },
}

/// Finds the parser for a platform and command (any spelling).
pub fn find(platform: &str, command: &str) -> Result<&'static NtcCommand, NtcError> {
    let platform = platform.trim_ws().to_ascii_lowercase();
    if !platforms().contains(&platform.as_str()) {
        return Err(NtcError::UnknownPlatform(platform, platforms().join(", ")));
    }
    let key = canonicalize(command).map(|c| c.key);
    commands()
        .find(|c| c.platform == platform && Some(c.command) == key.as_deref())
        .ok_or_else(|| NtcError::UnsupportedCommand {
            supported: commands()
                .filter(|c| c.platform == platform)
                .map(|c| c.command)
                .collect::<Vec<_>>()
                .join(", "),
            platform,
            command: command.to_string(),
        })
}

/// Parses one command's output text into ntc-style records.
///
/// ```
/// use statetrace_parse::ntc::parse_command;
/// let out = "Port      Name   Status       Vlan       Duplex  Speed Type\n\
///            Gi1/0/1   pc     connected    10         a-full  a-100 10/100/1000BaseTX\n";
/// let records = parse_command("cisco_ios", "sh int status", out).unwrap();
/// assert_eq!(records.len(), 1);
/// ```
pub fn parse_command(
    platform: &str,
    command: &str,
    text: &str,
) -> Result<Vec<NtcRecord>, NtcError> {
    let parser = find(platform, command)?;
    let arena = bumpalo::Bump::new();
    let mut lines = Vec::new();
    crate::slice::push_lines(text.as_bytes(), &arena, &mut lines);
    Ok((parser.parse)(&lines))
}
