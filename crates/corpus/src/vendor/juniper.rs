//! Juniper EX (Junos ELS), after `corpora/samples/juniper-ex4300.log`:
//! `{master:0}` before every prompt, `show version` in the Virtual Chassis
//! `fpc0:` format, `show chassis hardware`, `show system uptime`,
//! `show interfaces terse` (units and internal interfaces included),
//! the hierarchical `show configuration`, `show dot1x interface` and
//! `show ethernet-switching table`. No spanning-tree output is captured,
//! so the records have none.

use super::cisco::vlan_names;
use super::{learn, mac_rows, split_minutes, Capture};
use crate::names::{colon, SURNAMES};
use crate::spec::{ClientKind, DeviceSpec, Link, PortSpec, Role, SessionState, Slot};
use statetrace_model::{AuthState, AuthTemplate, Device, Port, PortMode, Vendor};
use std::fmt::Write;

/// (model up to 24 ports, larger, Junos version).
const PLATFORMS: &[(&str, &str, &str)] = &[
    ("ex2300-24p", "ex4300-48p", "21.4R3-S4.9"),
    ("ex3400-24p", "ex3400-48p", "22.4R2-S2.6"),
    ("ex4100-24p", "ex4100-48p", "23.2R1.14"),
];

fn name(slot: Slot) -> String {
    match slot {
        Slot::Access { n, .. } => format!("ge-0/0/{}", n - 1),
        Slot::Uplink { n, .. } => format!("xe-0/2/{}", n - 1),
        Slot::Channel(n) => format!("ae{}", n - 1),
    }
}

/// The name of a VLAN id in this device's plan.
fn vlan_name(spec: &DeviceSpec, id: u32) -> String {
    vlan_names(&spec.vlans)
        .into_iter()
        .find(|(v, _)| *v == id)
        .map_or_else(|| id.to_string(), |(_, n)| n)
}

/// Prints the device.
pub fn capture(spec: &DeviceSpec) -> Capture {
    let host = &spec.hostname;
    let (small, large, version) = PLATFORMS[spec.variant as usize % PLATFORMS.len()];
    let access = spec
        .ports
        .iter()
        .filter(|p| matches!(p.slot, Slot::Access { .. }))
        .count();
    let model = if access <= 24 { small } else { large };
    let serial = format!("PE{:010}", spec.serial);
    let (w, d, h, m) = split_minutes(spec.uptime_minutes);
    let uptime = format!("{w}w{d}d {h:02}:{m:02}");
    let mut expected = Device::new(host);
    expected.vendor = Some(Vendor::Juniper);
    expected.model = Some(model.to_string());
    expected.version = Some(version.to_string());
    expected.serial = Some(serial.clone());
    expected.uptime = Some(uptime.clone());
    expected.set_location(&spec.location);
    let mut cap = Capture::new(format!("netops@{host}> "), None, expected);
    cap.pager_off = "set cli screen-length 0";
    cap.pager = "---(more)---";
    const MASTER: &str = "\n{master:0}\n";

    let build = version.replace(['.', '-'], "");
    cap.block(
        "show version",
        format!(
            "fpc0:
--------------------------------------------------------------------------
Hostname: {host}
Model: {model}
Junos: {version}
JUNOS OS Kernel 64-bit  [20230407.{build}_builder_stable_12]
JUNOS OS libs [20230407.{build}_builder_stable_12]
JUNOS network stack and utilities [20230519.061845_builder_junos]
JUNOS EX  Software Suite [{version}]
JUNOS Web Management Platform Package [20230519.061845_builder_junos]
{MASTER}"
        ),
    );
    cap.block(
        "show chassis hardware",
        format!(
            "Hardware inventory:
Item             Version  Part number  Serial number     Description
Chassis                                {serial:<18}{upper}
Routing Engine 0          BUILTIN      BUILTIN           {upper}
FPC 0            REV 21   650-044930   {serial:<18}{upper}
  CPU                     BUILTIN      BUILTIN           FPC CPU
  PIC 0                   BUILTIN      BUILTIN           {access}x 10/100/1000 Base-T
  PIC 2          REV 07   611-063980   PE{pic:010}      4x 1G/10G SFP/SFP+
Power Supply 0   REV 04   740-046876   1EDV{pic:07}       JPSU-1100-AC-AFO-A
{MASTER}",
            upper = model.to_ascii_uppercase(),
            pic = spec.serial % 10_000_000,
        ),
    );
    cap.block(
        "show system uptime",
        format!(
            "fpc0:
--------------------------------------------------------------------------
Current time: 2026-11-04 09:14:02 EST
Time Source:  NTP CLOCK 
System booted: 2026-07-18 06:41:37 EST ({uptime} ago)
Protocols started: 2026-07-18 06:44:05 EST ({uptime} ago)
Last configured: 2026-10-11 14:02:19 EST (3w2d 19:11 ago) by netops
 9:14AM  up {days} days,  {h}:{m:02}, 1 user, load averages: 0.42, 0.39, 0.37
{MASTER}",
            days = w * 7 + d,
        ),
    );

    let mut terse = String::with_capacity(60 * (2 * spec.ports.len() + 10));
    terse.push_str("Interface               Admin Link Proto    Local                 Remote\ngr-0/0/0                up    up\n");
    for p in &spec.ports {
        let n = name(p.slot);
        let admin = if p.link == Link::Disabled {
            "down"
        } else {
            "up"
        };
        let link = if p.up() { "up" } else { "down" };
        let _ = writeln!(terse, "{n:<24}{admin:<6}{link}");
        let _ = writeln!(
            terse,
            "{:<24}{:<6}{link:<5}eth-switch",
            format!("{n}.0"),
            "up"
        );
    }
    let _ = write!(
        terse,
        "irb                     up    up\nirb.{mgmt:<20}up    up   inet     10.{o}.{mgmt}.{h}/24\nlo0                     up    up\nlo0.16385               up    up   inet     127.0.0.1           --> 0/0\nme0                     up    up\nvme                     up    down\n{MASTER}",
        mgmt = spec.vlans.mgmt,
        o = spec.serial % 200 + 10,
        h = spec.number % 250 + 2,
    );
    cap.block("show interfaces terse", terse);

    let (config, stanzas, auth_block) = configuration(spec, version);
    cap.expected.auth_block = auth_block;
    cap.expected.auth_default_vlan = spec
        .ports
        .iter()
        .any(authenticates)
        .then(|| spec.vlans.auth_fail.to_string());
    cap.block("show configuration | no-more", config + MASTER);

    let mut ports: Vec<Port> = spec
        .ports
        .iter()
        .zip(stanzas)
        .map(|(p, config)| {
            let trunk = p.is_trunk();
            Port {
                port: name(p.slot),
                name: p.description.clone(),
                status: Some(
                    match p.link {
                        Link::Disabled => "disabled",
                        Link::Up => "up",
                        _ => "down",
                    }
                    .to_string(),
                ),
                vlan: if trunk {
                    None
                } else if p.role == Role::Spare {
                    Some(1)
                } else {
                    Some(p.vlan)
                },
                mode: Some(if trunk {
                    PortMode::Trunk
                } else {
                    PortMode::Access
                }),
                duplex: None,
                speed: None,
                port_type: None,
                learned_macs: Vec::new(),
                auth_state: None,
                auth_mode: None,
                auth_client_mac: None,
                auth_template: Some(if authenticates(p) {
                    p.auth
                } else {
                    AuthTemplate::Open
                }),
                missing_auth_cmds: Vec::new(),
                config: Some(config),
            }
        })
        .collect();

    cap.block("show dot1x interface", dot1x(spec, &mut ports) + MASTER);

    let mut rows = mac_rows(spec);
    rows.sort_by_cached_key(|r| (vlan_name(spec, r.client.vlan), r.client.mac, r.port));
    let mut mac = format!(
        "
MAC flags (S - static MAC, D - dynamic MAC, L - locally learned, P - Persistent static
           SE - statistics enabled, NM - non configured MAC, R - remote PE MAC, O - ovsdb MAC)


Ethernet switching table : {n} entries, {n} learned
Routing instance : default-switch
    Vlan                MAC                 MAC         Age    Logical                NH        RTR
    name                address             flags              interface              Index     ID
",
        n = rows.len()
    );
    for r in &rows {
        let _ = writeln!(
            mac,
            "    {:<20}{:<20}D             -   {:<23}0         0",
            vlan_name(spec, r.client.vlan),
            colon(r.client.mac),
            format!("{}.0", name(spec.ports[r.port].slot))
        );
    }
    mac.push_str(MASTER);
    cap.block("show ethernet-switching table", mac);
    learn(&mut ports, &rows, colon);
    cap.expected.ports = ports;
    cap
}

/// True for a port with an 802.1X authenticator entry.
fn authenticates(p: &PortSpec) -> bool {
    !p.is_trunk() && p.role != Role::Spare && p.auth != AuthTemplate::Open
}

/// The configuration, each port's stanza as the parser stores it, and the
/// expected authentication block.
fn configuration(spec: &DeviceSpec, version: &str) -> (String, Vec<String>, Vec<String>) {
    let v = &spec.vlans;
    let mut s = String::with_capacity(400 * spec.ports.len() + 4000);
    let _ = write!(
        s,
        "## Last commit: 2026-10-11 14:02:19 EST by netops
version {version};
system {{
    host-name {host};
    root-authentication {{
        encrypted-password \"$6$Wq1bLz0e$Hn2kP9xV4cT7mR3sY8uJ1oN5aE6dF0gB\"; ## SECRET-DATA
    }}
    services {{
        ssh;
    }}
    syslog {{
        host 10.44.5.40 {{
            any notice;
        }}
    }}
}}
interfaces {{
",
        host = spec.hostname
    );
    let mut stanzas = Vec::with_capacity(spec.ports.len());
    for p in &spec.ports {
        let mut lines = vec![format!("{} {{", name(p.slot))];
        if let Some(d) = &p.description {
            lines.push(format!("    description \"{d}\";"));
        }
        if p.link == Link::Disabled {
            lines.push("    disable;".into());
        }
        let members: Option<(&str, String)> = match p.role {
            Role::Uplink | Role::Channel => Some((
                "trunk",
                format!(
                    "[ {} ]",
                    v.all()
                        .iter()
                        .map(|id| vlan_name(spec, *id))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            )),
            Role::AccessPoint => {
                lines.push(format!("    native-vlan-id {};", v.ap));
                Some((
                    "trunk",
                    format!(
                        "[ {} ]",
                        v.ap_trunk()
                            .iter()
                            .map(|id| vlan_name(spec, *id))
                            .collect::<Vec<_>>()
                            .join(" ")
                    ),
                ))
            }
            Role::Spare => None,
            _ => Some(("access", vlan_name(spec, p.vlan))),
        };
        lines.push("    unit 0 {".into());
        match members {
            None => lines.push("        family ethernet-switching;".into()),
            Some((mode, members)) => {
                lines.push("        family ethernet-switching {".into());
                lines.push(format!("            interface-mode {mode};"));
                lines.push("            vlan {".into());
                lines.push(format!("                members {members};"));
                lines.push("            }".into());
                lines.push("        }".into());
            }
        }
        lines.push("    }".into());
        lines.push("}".into());
        for l in &lines {
            s.push_str("    ");
            s.push_str(l);
            s.push('\n');
        }
        stanzas.push(lines.join("\n"));
    }
    let octet = spec.serial % 200 + 10;
    let _ = write!(
        s,
        "    irb {{
        unit {mgmt} {{
            family inet {{
                address 10.{octet}.{mgmt}.{h}/24;
            }}
        }}
    }}
}}
snmp {{
    location {loc};
    contact \"netops@corp.example.net\";
}}
protocols {{
    dot1x {{
        authenticator {{
            authentication-profile-name DOT1X;
            interface {{
",
        mgmt = v.mgmt,
        h = spec.number % 250 + 2,
        loc = spec.location,
    );
    for p in spec.ports.iter().filter(|p| authenticates(p)) {
        let _ = writeln!(s, "                {}.0 {{", name(p.slot));
        s.push_str("                    supplicant multiple;\n");
        match p.auth {
            AuthTemplate::Flexible => s.push_str("                    mac-radius;\n"),
            AuthTemplate::Macauth => s.push_str(
                "                    mac-radius {\n                        restrict;\n                    }\n",
            ),
            _ => {}
        }
        let _ = writeln!(
            s,
            "                    server-reject-vlan {};",
            vlan_name(spec, v.auth_fail)
        );
        s.push_str("                }\n");
    }
    s.push_str(
        "            }
        }
    }
    lldp {
        interface all;
    }
}
access {
    radius-server {
        10.44.1.21 {
            secret \"$9$kP5F6CuOBEyrvMXxdsYgJ\"; ## SECRET-DATA
        }
    }
    profile DOT1X {
        authentication-order radius;
        radius {
            authentication-server 10.44.1.21;
            accounting-server 10.44.1.21;
        }
    }
}
vlans {
    default {
        vlan-id 1;
    }
",
    );
    for (id, n) in vlan_names(v) {
        let _ = write!(s, "    {n} {{\n        vlan-id {id};\n    }}\n");
    }
    s.push_str("}\n");
    let auth_block = vec![
        "set protocols dot1x authenticator authentication-profile-name DOT1X".to_string(),
        "set access profile DOT1X authentication-order radius".to_string(),
        "set access profile DOT1X radius authentication-server 10.44.1.21".to_string(),
        "set access profile DOT1X radius accounting-server 10.44.1.21".to_string(),
    ];
    (s, stanzas, auth_block)
}

/// `show dot1x interface`; fills the ports' auth columns from the first
/// row with a MAC (PCs are listed before phones).
fn dot1x(spec: &DeviceSpec, ports: &mut [Port]) -> String {
    let mut s = String::from(
        "802.1X Information:\nInterface     Role           State           MAC address          User\n",
    );
    for (i, p) in spec.ports.iter().enumerate() {
        if !authenticates(p) {
            continue;
        }
        let unit = format!("{}.0", name(p.slot));
        let mut sessions: Vec<_> = p.clients.iter().filter(|c| c.session.is_some()).collect();
        sessions.sort_by_key(|c| c.kind == ClientKind::Phone);
        if sessions.is_empty() {
            let _ = writeln!(s, "{unit:<14}Authenticator  Initialize");
            continue;
        }
        for (k, c) in sessions.iter().enumerate() {
            let Some((method, state)) = c.session else {
                continue;
            };
            let (word, user) = match state {
                SessionState::Running => ("Authenticating", None),
                SessionState::Authorized => ("Authenticated", Some(method)),
                SessionState::Unauthorized => ("Held", Some(method)),
            };
            let user_text = match user {
                None => String::new(),
                Some(crate::spec::Method::Mab) => format!("{:012x}", c.mac),
                Some(crate::spec::Method::Dot1x) => {
                    let who = SURNAMES[(c.mac % SURNAMES.len() as u64) as usize];
                    format!(
                        "{}.{}",
                        (b'a' + (c.mac % 26) as u8) as char,
                        who.to_ascii_lowercase().replace('\'', "")
                    )
                }
            };
            let _ = writeln!(
                s,
                "{}",
                format!(
                    "{unit:<14}Authenticator  {word:<16}{:<21}{user_text}",
                    colon(c.mac)
                )
                .trim_end()
            );
            if k == 0 {
                ports[i].auth_state = Some(match state {
                    SessionState::Authorized => AuthState::Authorized,
                    SessionState::Unauthorized => AuthState::Unauthorized,
                    SessionState::Running => AuthState::Unknown,
                });
                ports[i].auth_mode = user.map(|m| {
                    match m {
                        crate::spec::Method::Dot1x => "dot1x",
                        crate::spec::Method::Mab => "mab",
                    }
                    .to_string()
                });
                ports[i].auth_client_mac = Some(colon(c.mac));
            }
        }
    }
    s
}
