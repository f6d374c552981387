//! Aruba AOS-CX (6200/6300), after `corpora/samples/aruba-cx-6300.log`:
//! `show version`, `show system`, the CX `show interface brief` (Native
//! VLAN, Mode, multi-word Reason, `--` for empty cells), an
//! interface-centric `show running-config` with port-access sub-blocks,
//! `show mac-address-table` (colon MACs, sorted by MAC) and `show
//! port-access clients`. AOS-CX prints no spanning-tree command here, so
//! its records have none.

use super::cisco::vlan_names;
use super::{learn, mac_rows, uptime_words, vlan_list, Capture};
use crate::names::colon;
use crate::spec::{DeviceSpec, Link, Method, PortSpec, Role, SessionState, Slot};
use statetrace_model::{AuthState, AuthTemplate, Device, Port, PortMode, Vendor};
use std::fmt::Write;

/// (product, software version).
const PLATFORMS: &[(&str, &str)] = &[
    ("JL665A 6300F 48G CL4 PoE 4SFP56 Swch", "FL.10.10.1000"),
    ("JL659A 6300M 48SR5 CL6 PoE 4SFP56 Swch", "FL.10.11.1010"),
    ("JL728A 6200F 48G CL4 PoE 4SFP+ 740W Swch", "ML.10.10.1000"),
];

fn name(spec: &DeviceSpec, slot: Slot) -> String {
    let access = spec
        .ports
        .iter()
        .filter(|p| matches!(p.slot, Slot::Access { .. }))
        .count() as u32;
    match slot {
        Slot::Access { n, .. } => format!("1/1/{n}"),
        Slot::Uplink { n, .. } => format!("1/1/{}", access + n),
        Slot::Channel(n) => format!("lag{n}"),
    }
}

fn kind(p: &PortSpec) -> &'static str {
    if matches!(p.slot, Slot::Access { .. }) {
        "1GbT"
    } else {
        "SFP+SR"
    }
}

/// Prints the device.
pub fn capture(spec: &DeviceSpec) -> Capture {
    let host = &spec.hostname;
    let (product, version) = PLATFORMS[spec.variant as usize % PLATFORMS.len()];
    let serial = format!("SG{:01}AK{:06}", spec.serial % 10, spec.serial % 1_000_000);
    let up = uptime_words(spec.uptime_minutes);
    let mut expected = Device::new(host);
    expected.vendor = Some(Vendor::Aruba);
    expected.model = Some(product.to_string());
    expected.version = Some(version.to_string());
    expected.serial = Some(serial.clone());
    expected.uptime = Some(up.clone());
    expected.set_location(&spec.location);
    let mut cap = Capture::new(format!("{host}# "), None, expected);
    cap.pager_off = "no page";
    cap.pager = "-- MORE --, next page: Space, next line: Enter, quit: Control-C";

    cap.block(
        "show version",
        format!(
            "-----------------------------------------------------------------------------
ArubaOS-CX
(c) Copyright 2017-2022 Hewlett Packard Enterprise Development LP
-----------------------------------------------------------------------------
Version      : {version}
Build Date   : 2022-06-27 10:44:49 PDT
Build ID     : ArubaOS-CX:{version}:9b9ea8d7d6f8:202206271704
Build SHA    : 9b9ea8d7d6f8db4b4f96bc20ab3d0dce27d5c8e1
Active Image : primary

Service OS Version : FL.01.10.0002
BIOS Version       : FL.01.0002

"
        ),
    );
    let hex = format!("{:012x}", spec.base_mac);
    let mac_dash = format!("{}-{}", &hex[..6], &hex[6..]);
    cap.block(
        "show system",
        format!(
            "Hostname                        : {host}
System Description              : {version}
System Contact                  : netops@example.com
System Location                 : {loc}
Vendor                          : Aruba
Product Name                    : {product}
Chassis Serial Nbr              : {serial}
Base MAC Address                : {mac}
ArubaOS-CX Version              : {version}

Time Zone                       : US/Central

Up Time                         : {up}
CPU Util (%)                    : 4
Memory Usage (%)                : 21

",
            loc = spec.location,
            mac = mac_dash,
        ),
    );

    let mut brief = String::with_capacity(110 * (spec.ports.len() + 5));
    let rule = "-".repeat(104);
    let _ = write!(
        brief,
        "{rule}\nPort           Native  Mode   Type           Enabled Status  Reason                  Speed   Description\n               VLAN                                                                  (Mb/s)\n{rule}\n"
    );
    for p in &spec.ports {
        let (native, mode) = if p.is_trunk() {
            (
                if p.role == Role::AccessPoint {
                    spec.vlans.ap
                } else {
                    1
                },
                "trunk",
            )
        } else {
            (p.vlan, "access")
        };
        let (enabled, status, reason) = match p.link {
            Link::Up => ("yes", "up", ""),
            Link::Disabled => ("no", "down", "Administratively down"),
            Link::Down | Link::ErrDisabled => ("yes", "down", "Waiting for link"),
        };
        let speed = if p.up() {
            p.speed.to_string()
        } else {
            "--".to_string()
        };
        let _ = writeln!(
            brief,
            "{:<15}{:<8}{:<7}{:<15}{:<8}{:<8}{:<24}{:<8}{}",
            name(spec, p.slot),
            native,
            mode,
            kind(p),
            enabled,
            status,
            reason,
            speed,
            p.description.as_deref().unwrap_or("--")
        );
    }
    cap.block("show interface brief", brief);

    let (config, blocks, auth_block) = running_config(spec);
    cap.expected.auth_block = auth_block;
    cap.block("show running-config", config);

    let mut ports: Vec<Port> = spec
        .ports
        .iter()
        .zip(blocks)
        .map(|(p, config)| Port {
            port: name(spec, p.slot),
            name: p.description.clone(),
            status: Some(if p.up() { "up" } else { "down" }.to_string()),
            vlan: (!p.is_trunk()).then_some(p.vlan),
            mode: Some(if p.is_trunk() {
                PortMode::Trunk
            } else {
                PortMode::Access
            }),
            duplex: None,
            speed: p.up().then(|| p.speed.to_string()),
            port_type: Some(kind(p).to_string()),
            learned_macs: Vec::new(),
            auth_state: None,
            auth_mode: None,
            auth_client_mac: None,
            auth_template: Some(if p.is_trunk() {
                AuthTemplate::Open
            } else {
                p.auth
            }),
            missing_auth_cmds: Vec::new(),
            config: Some(config),
        })
        .collect();

    let mut rows = mac_rows(spec);
    rows.sort_by_key(|r| (r.client.mac, r.client.vlan, r.port));
    let mut mac = String::with_capacity(70 * (rows.len() + 6));
    let _ = write!(
        mac,
        "MAC age-time            : 300 seconds\nNumber of MAC addresses : {}\n\nMAC Address          VLAN     Type                      Port\n{}\n",
        rows.len(),
        "-".repeat(62)
    );
    for r in &rows {
        let _ = writeln!(
            mac,
            "{:<21}{:<9}{:<26}{}",
            colon(r.client.mac),
            r.client.vlan,
            if r.client.session.is_some() {
                "port-access-security"
            } else {
                "dynamic"
            },
            name(spec, spec.ports[r.port].slot)
        );
    }
    mac.push('\n');
    cap.block("show mac-address-table", mac);
    learn(&mut ports, &rows, colon);

    cap.block("show port-access clients", clients(spec, &mut ports));
    cap.expected.ports = ports;
    cap
}

fn running_config(spec: &DeviceSpec) -> (String, Vec<String>, Vec<String>) {
    let v = &spec.vlans;
    let host = &spec.hostname;
    let mut s = String::with_capacity(300 * spec.ports.len() + 3000);
    let _ = write!(
        s,
        "Current configuration:
!
!Version ArubaOS-CX
!export-password: default
hostname {host}
user admin group administrators password ciphertext AQBapXQeEf2o7tAqLVNS3NbjbLz6p8zVO6U1ZFIcrEw0hH7WYgAAAPkt
clock timezone us/central
ntp server 10.2.5.10 iburst
ntp enable
!
radius-server host 10.2.5.20 key ciphertext AQBapbH9tRbRSpJ2y2ZLxUcgBSdxBqhDqP8bTCtk3vYZtY4DYgAAAE6kNE0=
radius-server host 10.2.5.21 key ciphertext AQBapbH9tRbRSpJ2y2ZLxUcgBSdxBqhDqP8bTCtk3vYZtY4DYgAAAE6kNE0=
!
"
    );
    let auth = [
        "aaa group server radius ISE",
        "    server 10.2.5.20",
        "    server 10.2.5.21",
        "aaa authentication port-access dot1x authenticator",
        "    radius server-group ISE",
        "    enable",
        "aaa authentication port-access mac-auth",
        "    radius server-group ISE",
        "    enable",
    ];
    for l in auth {
        s.push_str(l);
        s.push('\n');
    }
    let _ = write!(
        s,
        "!
ssh server vrf default
ssh server vrf mgmt
snmp-server vrf default
snmp-server system-location {loc}
snmp-server system-contact netops@example.com
vlan 1
",
        loc = spec.location
    );
    for (id, name) in vlan_names(v) {
        let _ = writeln!(s, "vlan {id}\n    name {name}");
        if id == v.voice {
            s.push_str("    voice\n");
        }
    }
    s.push_str("spanning-tree\ninterface mgmt\n    no shutdown\n    ip dhcp\n");
    let mut blocks = Vec::with_capacity(spec.ports.len());
    for p in &spec.ports {
        let mut lines = vec![format!("interface {}", name(spec, p.slot))];
        let mut add = |l: &str| lines.push(format!("    {l}"));
        add(if p.link == Link::Disabled {
            "shutdown"
        } else {
            "no shutdown"
        });
        if let Some(d) = &p.description {
            add(&format!("description {d}"));
        }
        add("no routing");
        match p.role {
            Role::Uplink | Role::Channel => {
                add("vlan trunk native 1");
                add(&format!("vlan trunk allowed 1,{}", vlan_list(&v.all())));
            }
            Role::AccessPoint => {
                add(&format!("vlan trunk native {}", v.ap));
                add(&format!("vlan trunk allowed {}", vlan_list(&v.ap_trunk())));
            }
            _ => {
                add(&format!("vlan access {}", p.vlan));
                if matches!(p.auth, AuthTemplate::Flexible) {
                    add("aaa authentication port-access client-limit 2");
                }
                if matches!(p.auth, AuthTemplate::Flexible | AuthTemplate::Dot1x) {
                    add("aaa authentication port-access dot1x authenticator");
                    add("    enable");
                }
                if matches!(p.auth, AuthTemplate::Flexible | AuthTemplate::Macauth) {
                    add("aaa authentication port-access mac-auth");
                    add("    enable");
                }
            }
        }
        let b = lines.join("\n");
        s.push_str(&b);
        s.push('\n');
        blocks.push(b);
    }
    let octet = spec.serial % 200 + 10;
    let _ = write!(
        s,
        "interface vlan {mgmt}\n    ip address 10.{octet}.{mgmt}.{h}/24\nip route 0.0.0.0/0 10.{octet}.{mgmt}.1\n!\n!\nhttps-server vrf default\nhttps-server vrf mgmt\n",
        mgmt = v.mgmt,
        h = spec.number % 250 + 2
    );
    (s, blocks, auth.iter().map(|l| l.to_string()).collect())
}

/// `show port-access clients`; fills the ports' auth columns: the first
/// 802.1X client describes a port, else the first authorised one, else
/// the first.
fn clients(spec: &DeviceSpec, ports: &mut [Port]) -> String {
    let rule = format!(" {}", "-".repeat(100));
    let mut s = format!(
        "\nPort Access Clients\n\nStatus codes: d device-mode\n\n{rule}\n  Port      MAC-Address         Onboarding     Status       Role                      Device Type\n                                Method\n{rule}\n"
    );
    for (i, p) in spec.ports.iter().enumerate() {
        let mut sessions = Vec::new();
        for c in &p.clients {
            let Some((method, state)) = c.session else {
                continue;
            };
            let (status, role) = match state {
                SessionState::Authorized => (
                    "Success",
                    match c.kind {
                        crate::spec::ClientKind::Phone => "VOICE",
                        crate::spec::ClientKind::Printer => "PRINTER",
                        crate::spec::ClientKind::Camera => "IOT-DEVICE",
                        _ => "CORP-USER",
                    },
                ),
                SessionState::Unauthorized => ("Failed", ""),
                SessionState::Running => ("In-Progress", ""),
            };
            let _ = writeln!(
                s,
                "{}",
                format!(
                    "  {:<10}{:<20}{:<15}{:<13}{}",
                    name(spec, p.slot),
                    colon(c.mac),
                    match method {
                        Method::Dot1x => "dot1x",
                        Method::Mab => "mac-auth",
                    },
                    status,
                    role
                )
                .trim_end()
            );
            sessions.push((method, state, c.mac));
        }
        let pick = sessions
            .iter()
            .find(|s| s.0 == Method::Dot1x)
            .or_else(|| sessions.iter().find(|s| s.1 == SessionState::Authorized))
            .or(sessions.first());
        if let Some(&(method, state, mac)) = pick {
            ports[i].auth_state = Some(match state {
                SessionState::Authorized => AuthState::Authorized,
                SessionState::Unauthorized => AuthState::Unauthorized,
                SessionState::Running => AuthState::Unknown,
            });
            ports[i].auth_mode = Some(
                match method {
                    Method::Dot1x => "dot1x",
                    Method::Mab => "mab",
                }
                .to_string(),
            );
            ports[i].auth_client_mac = Some(colon(mac));
        }
    }
    s.push('\n');
    s
}
