//! Arista EOS commands in ntc-templates form (platform `arista_eos`).
//!
//! Each record comes from the typed parser of the same command, with the
//! template's field names and conventions: every value a string, `""` when
//! absent, lists for list fields.

use super::mac::parse_mac_table;
use super::status::parse_interfaces_status;
use super::version::parse_version;
use super::vlan::parse_vlans;
use crate::ntc::{record, NtcCommand, NtcRecord};

/// The supported `arista_eos` commands.
pub const COMMANDS: &[NtcCommand] = &[
    NtcCommand {
        platform: "arista_eos",
        command: "show interfaces status",
        parse: interfaces_status,
    },
    NtcCommand {
        platform: "arista_eos",
        command: "show mac address-table",
        parse: mac_address_table,
    },
    NtcCommand {
        platform: "arista_eos",
        command: "show version",
        parse: version,
    },
    NtcCommand {
        platform: "arista_eos",
        command: "show vlan",
        parse: vlan,
    },
];

/// `show interfaces status`: the port-channel of a member is its `vlan_id`
/// (the template drops the `in`).
fn interfaces_status(lines: &[&str]) -> Vec<NtcRecord> {
    parse_interfaces_status(lines)
        .into_iter()
        .map(|r| {
            record([
                ("port", r.port_raw.into()),
                ("name", r.name.into()),
                ("status", r.status.into()),
                ("vlan_id", r.channel.unwrap_or(r.vlan).into()),
                ("duplex", r.duplex.into()),
                ("speed", r.speed.into()),
                ("type", r.port_type.into()),
                ("flags", r.flags.into()),
            ])
        })
        .collect()
}

/// `show mac address-table`: unicast and multicast rows alike, ports as
/// printed.
fn mac_address_table(lines: &[&str]) -> Vec<NtcRecord> {
    parse_mac_table(lines)
        .into_iter()
        .map(|e| {
            record([
                ("vlan_id", e.vlan.into()),
                ("mac_address", e.mac.into()),
                ("type", e.kind.into()),
                (
                    "destination_port",
                    e.ports().map(str::to_string).collect::<Vec<_>>().into(),
                ),
                ("moves", e.moves.into()),
                ("last_move", e.last_move.into()),
            ])
        })
        .collect()
}

/// `show version`: one record, or none when nothing was recognised.
fn version(lines: &[&str]) -> Vec<NtcRecord> {
    let v = parse_version(lines);
    if v == Default::default() {
        return Vec::new();
    }
    vec![record([
        ("model", v.model.into()),
        ("hw_version", v.hardware_version.into()),
        ("serial_number", v.serial.into()),
        ("sys_mac", v.system_mac.into()),
        ("image", v.image.into()),
        ("total_memory", v.total_memory.into()),
        ("free_memory", v.free_memory.into()),
        ("uptime", v.uptime.into()),
    ])]
}

/// `show vlan`.
fn vlan(lines: &[&str]) -> Vec<NtcRecord> {
    parse_vlans(lines)
        .into_iter()
        .map(|r| {
            record([
                ("vlan_id", r.vlan_id.into()),
                ("vlan_name", r.name.into()),
                ("status", r.status.into()),
                (
                    "interfaces",
                    r.ports
                        .iter()
                        .map(|p| p.to_string())
                        .collect::<Vec<_>>()
                        .into(),
                ),
            ])
        })
        .collect()
}
