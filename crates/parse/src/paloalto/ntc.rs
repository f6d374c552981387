//! PAN-OS commands in ntc-templates form.

use super::interfaces::{parse_interface_all, InterfaceAll};
use crate::ntc::{record, NtcCommand, NtcRecord, NtcValue};

/// The supported `paloalto_panos` commands.
pub const COMMANDS: &[NtcCommand] = &[NtcCommand {
    platform: "paloalto_panos",
    command: "show interfaces all",
    parse: show_interface_all,
}];

/// `show interface all` as the ntc template records it: one record per
/// hardware row (logical fields empty), then one per logical row (hardware
/// fields empty), addresses as a list.
pub fn show_interface_all(lines: &[&str]) -> Vec<NtcRecord> {
    let all: InterfaceAll<'_> = parse_interface_all(lines);
    let hardware = all.hardware.iter().map(|h| {
        record([
            ("interface", h.name.into()),
            ("id", h.id.into()),
            ("speed", h.speed.into()),
            ("duplex", h.duplex.into()),
            ("state", h.state.into()),
            ("fec", h.fec.into()),
            ("mac_address", h.mac.into()),
            ("vsys", "".into()),
            ("zone", "".into()),
            ("forwarding", "".into()),
            ("vlan_id", "".into()),
            ("ip_address", NtcValue::List(Vec::new())),
        ])
    });
    let logical = all.logical.iter().map(|l| {
        record([
            ("interface", l.name.into()),
            ("id", l.id.into()),
            ("speed", "".into()),
            ("duplex", "".into()),
            ("state", "".into()),
            ("fec", "".into()),
            ("mac_address", "".into()),
            ("vsys", l.vsys.into()),
            ("zone", l.zone.into()),
            ("forwarding", l.forwarding.into()),
            ("vlan_id", l.tag.into()),
            (
                "ip_address",
                NtcValue::List(l.addresses.iter().map(|a| a.to_string()).collect()),
            ),
        ])
    });
    hardware.chain(logical).collect()
}
