//! FastIron commands in ntc-templates form, for both ntc platforms that
//! describe it: `brocade_fastiron` (older templates, lower-case field
//! names) and `ruckus_fastiron`. Values are the cells as printed; ports
//! are as printed (`1/1/1`, not the `Et1/1/1` key); the name is the
//! name's first word, as the templates capture it.

use super::brief::{parse_interfaces_brief, BriefRow};
use super::mac::parse_mac_address;
use crate::ntc::{record, NtcCommand, NtcRecord};

/// The supported `brocade_fastiron` and `ruckus_fastiron` commands.
pub const COMMANDS: &[NtcCommand] = &[
    NtcCommand {
        platform: "brocade_fastiron",
        command: "show interfaces brief",
        parse: brocade_interfaces_brief,
    },
    NtcCommand {
        platform: "brocade_fastiron",
        command: "show mac-address",
        parse: brocade_mac_address,
    },
    NtcCommand {
        platform: "ruckus_fastiron",
        command: "show interfaces brief",
        parse: ruckus_interfaces_brief,
    },
    NtcCommand {
        platform: "ruckus_fastiron",
        command: "show mac-address",
        parse: ruckus_mac_address,
    },
];

fn first_word<'a>(row: &BriefRow<'a>) -> &'a str {
    row.name
        .and_then(|n| n.split_ascii_whitespace().next())
        .unwrap_or("")
}

/// `brocade_fastiron` `show interfaces brief`: rows with a MAC (the
/// template requires one).
pub fn brocade_interfaces_brief(lines: &[&str]) -> Vec<NtcRecord> {
    parse_interfaces_brief(lines)
        .iter()
        .filter(|r| r.mac.is_some())
        .map(|r| {
            record([
                ("interface", r.port_raw.into()),
                ("linkstate", r.link.into()),
                ("portstate", r.state.into()),
                ("duplex", r.duplex.into()),
                ("speed", r.speed.into()),
                ("trunkid", r.trunk.into()),
                ("tagonly", r.tag.into()),
                ("pvid", r.pvid.into()),
                ("priority", r.priority.into()),
                ("mac", r.mac.into()),
                ("name", first_word(r).into()),
            ])
        })
        .collect()
}

/// `ruckus_fastiron` `show interfaces brief`.
pub fn ruckus_interfaces_brief(lines: &[&str]) -> Vec<NtcRecord> {
    parse_interfaces_brief(lines)
        .iter()
        .map(|r| {
            record([
                ("port", r.port_raw.into()),
                ("link", r.link.into()),
                ("state", r.state.into()),
                ("duplex", r.duplex.into()),
                ("speed", r.speed.into()),
                ("trunk", r.trunk.into()),
                ("tag", r.tag.into()),
                ("vlan_id", r.pvid.into()),
                ("priority", r.priority.into()),
                ("mac_address", r.mac.into()),
                ("name", first_word(r).into()),
            ])
        })
        .collect()
}

/// `brocade_fastiron` `show mac-address`: rows with an age and a VLAN (the
/// template requires both).
pub fn brocade_mac_address(lines: &[&str]) -> Vec<NtcRecord> {
    parse_mac_address(lines)
        .iter()
        .filter(|e| e.age.is_some() && e.vlan.is_some())
        .map(|e| {
            record([
                ("mac_address", e.mac.into()),
                ("destination_port", e.port_raw.into()),
                ("age", e.age.into()),
                ("vlan_id", e.vlan.into()),
                ("type", e.kind.into()),
            ])
        })
        .collect()
}

/// `ruckus_fastiron` `show mac-address`.
pub fn ruckus_mac_address(lines: &[&str]) -> Vec<NtcRecord> {
    parse_mac_address(lines)
        .iter()
        .map(|e| {
            record([
                ("mac_address", e.mac.into()),
                ("port", e.port_raw.into()),
                ("type", e.kind.into()),
                ("vlan_id", e.vlan.into()),
            ])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::ntc::{parse_command, NtcValue};

    fn s(v: &str) -> NtcValue {
        NtcValue::Str(v.into())
    }

    #[test]
    fn both_platforms_and_any_spelling() {
        let out = "Port       Link    State   Dupl Speed Trunk Tag Pvid Pri MAC             Name\n\
                   1/1/1      Up      Forward Full 1G    None  No  10   0   609c.9f12.3400  Rm 204 Desk 1\n";
        let r = parse_command("ruckus_fastiron", "sh int br", out).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0]["port"], s("1/1/1"));
        assert_eq!(r[0]["vlan_id"], s("10"));
        assert_eq!(r[0]["name"], s("Rm"));
        let r = parse_command("brocade_fastiron", "show interfaces brief", out).unwrap();
        assert_eq!(r[0]["interface"], s("1/1/1"));
        assert_eq!(r[0]["pvid"], s("10"));
        let mac = "MAC Address     Port      Age      VLAN    Type\n6cae.8b2d.c979   2/1        0      1000\n";
        let r = parse_command("brocade_fastiron", "show mac-address", mac).unwrap();
        assert_eq!(r[0]["type"], s(""));
        assert_eq!(r[0]["destination_port"], s("2/1"));
        let r = parse_command("ruckus_fastiron", "show mac-address", mac).unwrap();
        assert_eq!(r[0]["vlan_id"], s("1000"));
    }
}
