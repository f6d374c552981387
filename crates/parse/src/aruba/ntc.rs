//! AOS-S (`hp_procurve`) commands in ntc-templates form, built from the
//! typed parsers.

use super::{parse_interfaces_brief, parse_interfaces_status, parse_mac_table, parse_vlans};
use crate::ntc::{record, NtcCommand, NtcRecord};

/// The supported `hp_procurve` commands.
pub const COMMANDS: &[NtcCommand] = &[
    NtcCommand {
        platform: "hp_procurve",
        command: "show interfaces brief",
        parse: interfaces_brief,
    },
    NtcCommand {
        platform: "hp_procurve",
        command: "show interfaces status",
        parse: interfaces_status,
    },
    NtcCommand {
        platform: "hp_procurve",
        command: "show mac-address",
        parse: mac_address,
    },
    NtcCommand {
        platform: "hp_procurve",
        command: "show vlans",
        parse: vlans,
    },
];

/// `show interfaces brief`: the port keeps its trunk suffix (`D1-Trk1`)
/// and loses the `*` mark, as the template does.
fn interfaces_brief(lines: &[&str]) -> Vec<NtcRecord> {
    parse_interfaces_brief(lines)
        .aos_s
        .iter()
        .map(|r| {
            record([
                ("port", r.port_cell.into()),
                ("type", r.port_type.into()),
                ("intrusion_alert", r.intrusion_alert.into()),
                ("enabled", r.enabled.into()),
                ("status", r.status.into()),
                ("mode", r.mode.into()),
                ("mdi_mode", r.mdi_mode.into()),
                ("flow_ctrl", r.flow_ctrl.into()),
                ("bcast_limit", r.bcast_limit.into()),
            ])
        })
        .collect()
}

/// `show interfaces status`: the port cell as printed (`1/28-...`).
fn interfaces_status(lines: &[&str]) -> Vec<NtcRecord> {
    parse_interfaces_status(lines)
        .iter()
        .map(|r| {
            record([
                ("port", r.port_cell.into()),
                ("name", r.name.into()),
                ("status", r.status.into()),
                ("config_mode", r.config_mode.into()),
                ("speed", r.speed.into()),
                ("type", r.port_type.into()),
                ("vlan_tagged", r.tagged.into()),
                ("vlan_untagged", r.untagged.into()),
            ])
        })
        .collect()
}

/// `show mac-address`.
fn mac_address(lines: &[&str]) -> Vec<NtcRecord> {
    parse_mac_table(lines)
        .iter()
        .map(|r| {
            record([
                ("mac_address", r.mac.into()),
                ("port", r.port.into()),
                ("vlan_id", r.vlan.into()),
            ])
        })
        .collect()
}

/// `show vlans`.
fn vlans(lines: &[&str]) -> Vec<NtcRecord> {
    parse_vlans(lines)
        .iter()
        .map(|r| {
            record([
                ("vlan_id", r.id.into()),
                ("vlan_name", r.name.into()),
                ("status", r.status.into()),
                ("voice", r.voice.into()),
                ("jumbo", r.jumbo.into()),
            ])
        })
        .collect()
}
