//! Cisco IOS commands in ntc-templates form.
//!
//! Each function maps the typed records of this vendor's command parsers to
//! the fields of the ntc-templates `cisco_ios` template for the command.
//! Where the templates' conventions differ from the device records', the
//! templates' are reproduced here (ports as printed, pseudo-ports such as
//! `CPU` listed, VLAN `All` kept, single-word cells cut at the first space);
//! [`super::parse`] keeps its own.

use super::{
    parse_auth_sessions, parse_cdp_neighbors_detail, parse_err_disabled, parse_mac_table,
    parse_session_details, parse_status_lines, parse_version, parse_vlans, timeout_seconds,
    StatusLine,
};
use crate::ntc::{record, NtcCommand, NtcRecord, NtcValue};
use crate::table::is_digits;

const PLATFORM: &str = "cisco_ios";

/// The supported `cisco_ios` commands.
pub const COMMANDS: &[NtcCommand] = &[
    NtcCommand {
        platform: PLATFORM,
        command: "show version",
        parse: show_version,
    },
    NtcCommand {
        platform: PLATFORM,
        command: "show interfaces status",
        parse: show_interfaces_status,
    },
    NtcCommand {
        platform: PLATFORM,
        command: "show interfaces status err-disabled",
        parse: show_interfaces_status_err_disabled,
    },
    NtcCommand {
        platform: PLATFORM,
        command: "show mac address-table",
        parse: show_mac_address_table,
    },
    NtcCommand {
        platform: PLATFORM,
        command: "show authentication sessions",
        parse: show_authentication_sessions,
    },
    NtcCommand {
        platform: PLATFORM,
        command: "show access-session",
        parse: show_authentication_sessions,
    },
    // The template's own name; the device is asked for one method.
    NtcCommand {
        platform: PLATFORM,
        command: "show authentication sessions method details",
        parse: show_authentication_sessions_method_details,
    },
    NtcCommand {
        platform: PLATFORM,
        command: "show authentication sessions method dot1x details",
        parse: show_authentication_sessions_method_details,
    },
    NtcCommand {
        platform: PLATFORM,
        command: "show authentication sessions method mab details",
        parse: show_authentication_sessions_method_details,
    },
    NtcCommand {
        platform: PLATFORM,
        command: "show authentication sessions method webauth details",
        parse: show_authentication_sessions_method_details,
    },
    NtcCommand {
        platform: PLATFORM,
        command: "show cdp neighbors detail",
        parse: show_cdp_neighbors_detail,
    },
    NtcCommand {
        platform: PLATFORM,
        command: "show vlan",
        parse: show_vlan,
    },
];

/// The first word of a cell, for template fields that capture one word.
fn word(cell: Option<&str>) -> NtcValue {
    cell.and_then(|c| c.split_ascii_whitespace().next()).into()
}

fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> NtcValue {
    NtcValue::List(items.into_iter().map(str::to_string).collect())
}

/// The number before `unit` (`2 years, 31 weeks` with `week` gives `31`).
fn uptime_part<'a>(uptime: Option<&'a str>, unit: &str) -> Option<&'a str> {
    let mut number = None;
    let mut found = None;
    for w in uptime?.split_ascii_whitespace() {
        if let Some(n) = number {
            if w.starts_with(unit) {
                found = Some(n);
            }
        }
        number = is_digits(w).then_some(w);
    }
    found
}

/// `show version`. The template reads the version and image from the
/// `Software (IMAGE), Version X` line, lists the hardware, serial numbers
/// and base MACs of the unit and then of each further stack member, and
/// keeps only the first word after `ROM:`.
pub fn show_version(lines: &[&str]) -> Vec<NtcRecord> {
    let v = parse_version(lines);
    let members = &v.members;
    let hardware = v
        .chassis
        .into_iter()
        .chain(members.iter().filter_map(|m| m.model));
    let serial = v
        .board_id
        .into_iter()
        .chain(members.iter().filter_map(|m| m.serial));
    let macs = v
        .base_mac
        .into_iter()
        .chain(members.iter().filter_map(|m| m.mac));
    let running = v
        .system_image
        .and_then(|p| p.split_once(':'))
        .map(|(_, path)| path);
    let r = record([
        ("software_image", v.image.into()),
        ("version", v.image_version.into()),
        ("release", v.release.into()),
        ("rommon", word(v.rom)),
        ("hostname", v.hostname.into()),
        ("uptime", v.uptime.into()),
        ("uptime_years", uptime_part(v.uptime, "year").into()),
        ("uptime_weeks", uptime_part(v.uptime, "week").into()),
        ("uptime_days", uptime_part(v.uptime, "day").into()),
        ("uptime_hours", uptime_part(v.uptime, "hour").into()),
        ("uptime_minutes", uptime_part(v.uptime, "minute").into()),
        (
            "reload_reason",
            v.last_reload_reason.or(v.returned_to_rom_by).into(),
        ),
        ("running_image", running.into()),
        ("hardware", list(hardware)),
        ("serial", list(serial)),
        ("config_register", v.config_register.into()),
        ("mac_address", list(macs)),
        ("restarted", v.restarted.into()),
    ]);
    // Like the template, output with nothing recognisable gives no record.
    let empty = |x: &NtcValue| match x {
        NtcValue::Str(s) => s.is_empty(),
        NtcValue::List(l) => l.is_empty(),
    };
    if r.values().all(empty) {
        Vec::new()
    } else {
        vec![r]
    }
}

/// `show interfaces status`: ports as printed, NX-OS Fibre Channel lines
/// included (their state as the status, the parenthesised reason as the
/// type).
pub fn show_interfaces_status(lines: &[&str]) -> Vec<NtcRecord> {
    parse_status_lines(lines)
        .iter()
        .map(|l| match l {
            StatusLine::Port(r) => record([
                ("port", r.port_raw.into()),
                ("name", r.name.into()),
                ("status", r.status.into()),
                ("vlan_id", r.vlan.into()),
                ("duplex", r.duplex.into()),
                ("speed", r.speed.into()),
                ("type", r.port_type.into()),
                ("fc_mode", "".into()),
            ]),
            StatusLine::Fc(f) => record([
                ("port", f.port_raw.into()),
                ("name", "".into()),
                ("status", f.state.into()),
                ("vlan_id", "".into()),
                ("duplex", "".into()),
                ("speed", "".into()),
                ("type", f.reason.into()),
                ("fc_mode", f.mode.into()),
            ]),
        })
        .collect()
}

/// `show interfaces status err-disabled`: everything after the status is
/// the template's `port_error`.
pub fn show_interfaces_status_err_disabled(lines: &[&str]) -> Vec<NtcRecord> {
    parse_err_disabled(lines)
        .iter()
        .map(|r| {
            record([
                ("interface", r.port_raw.into()),
                ("name", r.name.into()),
                ("status", r.status.into()),
                ("port_error", r.reason_cell.into()),
            ])
        })
        .collect()
}

/// `show mac address-table`: every row up to a `Multicast Entries`
/// section, which the template does not read; ports as printed, pseudo-ports
/// included, an empty list for a row without a port.
pub fn show_mac_address_table(lines: &[&str]) -> Vec<NtcRecord> {
    parse_mac_table(lines)
        .iter()
        .take_while(|e| !e.multicast_section)
        .map(|e| {
            record([
                ("destination_address", e.mac.into()),
                ("type", e.kind.into()),
                ("vlan_id", e.vlan.into()),
                ("destination_port", list(e.listed_ports())),
            ])
        })
        .collect()
}

/// `show authentication sessions` and `show access-session`: cells as
/// printed.
pub fn show_authentication_sessions(lines: &[&str]) -> Vec<NtcRecord> {
    parse_auth_sessions(lines)
        .iter()
        .map(|s| {
            record([
                ("interface", s.port_raw.into()),
                ("mac_address", s.identifier.into()),
                ("method", s.method_cell.into()),
                ("domain", s.domain.into()),
                ("status", s.status.as_ref().into()),
                ("session", s.session_id.into()),
            ])
        })
        .collect()
}

/// `show authentication sessions method <m> details`: one-word cells (the
/// template captures `\S+`, so `Device-name: cisco AIR-AP2802I` gives
/// `cisco`), timeouts reduced to their seconds, per-method lists.
pub fn show_authentication_sessions_method_details(lines: &[&str]) -> Vec<NtcRecord> {
    parse_session_details(lines)
        .iter()
        .map(|s| {
            let (acct, remaining) = s
                .acct_update_timeout
                .map(timeout_seconds)
                .unwrap_or_default();
            let (server, result) = (&s.server_policies, &s.resultant_policies);
            let server_timeout = server
                .session_timeout
                .and_then(|t| t.split_ascii_whitespace().next())
                .filter(|t| is_digits(t));
            record([
                ("interface", word(Some(s.interface))),
                ("mac_address", word(s.mac)),
                ("ipv4_address", word(s.ipv4)),
                ("ipv6_address", word(s.ipv6)),
                ("username", word(s.user_name)),
                ("device_type", word(s.device_type)),
                ("device_name", word(s.device_name)),
                ("status", word(s.status)),
                ("domain", word(s.domain)),
                ("operational_host_mode", word(s.oper_host_mode)),
                ("operational_control_dir", word(s.oper_control_dir)),
                ("session_timeout", word(s.session_timeout)),
                ("timeout_action", word(s.timeout_action)),
                ("accounting_update_seconds", acct.into()),
                ("accounting_update_remaining_seconds", remaining.into()),
                ("current_policy", word(s.current_policy)),
                ("server_policy_vlan_group", server.vlan_group.into()),
                ("server_policy_sgt", list(server.sgt.iter().copied())),
                ("server_policy_vn", word(server.vn)),
                ("server_session_timeout", server_timeout.into()),
                ("server_template", word(server.interface_template)),
                ("resultant_policy_vlan_group", result.vlan_group.into()),
                ("resultant_policy_sgt", list(result.sgt.iter().copied())),
                ("resultant_policy_vn", word(result.vn)),
                ("method_type_list", list(s.methods.iter().map(|m| m.method))),
                ("method_state_list", list(s.methods.iter().map(|m| m.state))),
            ])
        })
        .collect()
}

/// `show cdp neighbors detail`: the template's `mgmt_address` is the last
/// IPv4 entry address, its `neighbor_description` the first version line,
/// and its platform the cell as printed.
pub fn show_cdp_neighbors_detail(lines: &[&str]) -> Vec<NtcRecord> {
    parse_cdp_neighbors_detail(lines)
        .iter()
        .map(|n| {
            record([
                ("neighbor_name", n.device_id.into()),
                ("mgmt_address", n.entry_addresses.last().copied().into()),
                ("platform", n.platform_cell.into()),
                ("capabilities", n.capabilities.into()),
                ("local_interface", n.local_port_raw.into()),
                ("neighbor_interface", n.port_id.into()),
                ("neighbor_description", n.software().into()),
            ])
        })
        .collect()
}

/// `show vlan`: the VLAN table with member ports as printed.
pub fn show_vlan(lines: &[&str]) -> Vec<NtcRecord> {
    parse_vlans(lines)
        .iter()
        .map(|v| {
            record([
                ("vlan_id", v.id.into()),
                ("vlan_name", v.name.into()),
                ("status", v.status.into()),
                ("interfaces", list(v.ports.iter().copied())),
            ])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ntc::parse_command;

    fn get<'a>(r: &'a NtcRecord, k: &str) -> &'a NtcValue {
        &r[k]
    }

    fn s(v: &str) -> NtcValue {
        NtcValue::Str(v.to_string())
    }

    #[test]
    fn uptime_parts() {
        let u = Some("1 year, 22 weeks, 6 days, 9 hours, 1 minute");
        assert_eq!(uptime_part(u, "year"), Some("1"));
        assert_eq!(uptime_part(u, "week"), Some("22"));
        assert_eq!(uptime_part(u, "minute"), Some("1"));
        assert_eq!(uptime_part(Some("3 weeks, 32 minutes"), "hour"), None);
        assert_eq!(uptime_part(None, "day"), None);
    }

    #[test]
    fn commands_resolve_from_any_spelling() {
        for (typed, n) in [
            ("sh ver", 0),
            ("show mac-address-table", 0),
            ("sh int status err-disabled", 0),
            ("sh cdp nei det", 0),
            ("show authentication sessions method mab details", 0),
            ("show access-session", 0),
            ("sh vlan", 0),
        ] {
            let got = parse_command("cisco_ios", typed, "").unwrap();
            assert_eq!(got.len(), n, "{typed}");
        }
        assert!(parse_command("cisco_ios", "show ip route", "").is_err());
    }

    #[test]
    fn version_record_lists_stack_members() {
        let out = "Cisco IOS Software [Fuji], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 16.9.3, RELEASE SOFTWARE (fc2)
ROM: IOS-XE ROMMON
sw1 uptime is 1 year, 2 hours, 38 minutes
System returned to ROM by Reload Command at 22:09:11 NZST Wed May 1 2019
Last reload reason: Reload Command
System image file is \"flash:packages.conf\"
cisco C9500-40X (X86) processor with 1419496K/6147K bytes of memory.
Processor board ID FCW2233FFG3
Base Ethernet MAC Address          : 0c:d0:f8:cd:b5:80
Switch Ports Model              SW Version        SW Image              Mode
*    1 50    C9500-40X          16.9.3            CAT9K_IOSXE           INSTALL

Switch 02
---------
Base Ethernet MAC Address          : 70:35:09:dd:20:00
Model Number                       : C9500-40X
System Serial Number               : FCW1234F88V
Configuration register is 0x102
";
        let r = &parse_command("cisco_ios", "show version", out).unwrap()[0];
        assert_eq!(get(r, "version"), &s("16.9.3"));
        assert_eq!(get(r, "software_image"), &s("CAT9K_IOSXE"));
        assert_eq!(get(r, "release"), &s("fc2"));
        assert_eq!(get(r, "rommon"), &s("IOS-XE"));
        assert_eq!(get(r, "hostname"), &s("sw1"));
        assert_eq!(get(r, "uptime_years"), &s("1"));
        assert_eq!(get(r, "uptime_weeks"), &s(""));
        assert_eq!(get(r, "reload_reason"), &s("Reload Command"));
        assert_eq!(get(r, "running_image"), &s("packages.conf"));
        assert_eq!(
            get(r, "hardware"),
            &NtcValue::List(vec!["C9500-40X".into(), "C9500-40X".into()])
        );
        assert_eq!(
            get(r, "serial"),
            &NtcValue::List(vec!["FCW2233FFG3".into(), "FCW1234F88V".into()])
        );
        assert_eq!(
            get(r, "mac_address"),
            &NtcValue::List(vec!["0c:d0:f8:cd:b5:80".into(), "70:35:09:dd:20:00".into()])
        );
        assert_eq!(get(r, "config_register"), &s("0x102"));
        assert_eq!(get(r, "restarted"), &s(""));
        assert_eq!(r.len(), 18);
    }

    #[test]
    fn mac_records_stop_at_multicast_and_keep_pseudo_ports() {
        let out = "Unicast Entries
 vlan     mac address     type        protocols               port
---------+---------------+--------+---------------------+-------------------------
2099      deed.feed.fabd    static ip,ipx,assigned,other Switch

Multicast Entries
 vlan     mac address     type    ports
---------+---------------+-------+--------------------------------------------
   1      0100.0ccc.ccce   system Po100,Po15,Po82
";
        let r = parse_command("cisco_ios", "show mac address-table", out).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(
            r[0]["destination_port"],
            NtcValue::List(vec!["Switch".into()])
        );
        assert_eq!(r[0]["vlan_id"], s("2099"));
    }
}
