//! Brocade / Ruckus ICX (FastIron 8.x and 9.x), after
//! `corpora/samples/brocade-icx.log`: `show version` with per-unit
//! sections, a VLAN-centric `show running-config` with an 8.x
//! `authentication` block and `ethe a to b` port lists, `show interfaces
//! brief`, the `Index` layout of `show mac-address` (header repeated every
//! 21 rows), `show authentication sessions all` and 802.1D
//! `show spanning-tree` per VLAN.

use super::cisco::{auth_state, vlan_names};
use super::{learn, mac_rows, Capture};
use crate::names::{bare, dotted, SURNAMES};
use crate::spec::{ClientKind, DeviceSpec, Link, Method, PortSpec, Role, SessionState, Slot};
use statetrace_model::{AuthTemplate, Device, Port, PortMode, SpanInstance, SpanPort, Vendor};
use std::fmt::Write;

/// (model, module line, software version).
const PLATFORMS: &[(&str, &str, &str)] = &[
    (
        "ICX7450-48P",
        "icx7450-48p-poe-port-management-module",
        "08.0.95fT213",
    ),
    (
        "ICX7150-48P",
        "icx7150-48p-poe-port-management-module",
        "08.0.90dT211",
    ),
    (
        "ICX7250-24P",
        "icx7250-24p-poe-port-management-module",
        "08.0.95fT213",
    ),
    (
        "ICX7650-48P",
        "icx7650-48p-port-management-module",
        "09.0.10aT233",
    ),
];

/// (unit, module, port) of a port.
fn id(slot: Slot) -> (u32, u32, u32) {
    match slot {
        Slot::Access { unit, n } => (unit, 1, n),
        Slot::Uplink { unit, n } => (unit, 2, n),
        Slot::Channel(n) => (1, 3, n),
    }
}

fn raw(slot: Slot) -> String {
    let (u, m, n) = id(slot);
    format!("{u}/{m}/{n}")
}

/// The key StateTrace stores FastIron ports under.
fn key(slot: Slot) -> String {
    format!("Et{}", raw(slot))
}

/// `ethe 1/1/1 to 1/1/4 ethe 1/1/7` for a set of ports (in port order).
fn ethe_list(ports: &[(u32, u32, u32)]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < ports.len() {
        let start = ports[i];
        let mut end = start;
        while i + 1 < ports.len()
            && ports[i + 1].0 == end.0
            && ports[i + 1].1 == end.1
            && ports[i + 1].2 == end.2 + 1
        {
            i += 1;
            end = ports[i];
        }
        if !out.is_empty() {
            out.push(' ');
        }
        if end == start {
            let _ = write!(out, "ethe {}/{}/{}", start.0, start.1, start.2);
        } else {
            let _ = write!(
                out,
                "ethe {}/{}/{} to {}/{}/{}",
                start.0, start.1, start.2, end.0, end.1, end.2
            );
        }
        i += 1;
    }
    out
}

/// VLANs a port is an untagged member of (at most one) and tagged in.
fn membership(spec: &DeviceSpec, p: &PortSpec) -> (Option<u32>, Vec<u32>) {
    let v = &spec.vlans;
    match p.role {
        Role::Uplink | Role::Channel => (None, v.all()),
        Role::AccessPoint => (Some(v.ap), vec![v.wifi[0], v.wifi[1]]),
        _ if p.voice => (Some(p.vlan), vec![v.voice]),
        _ => (Some(p.vlan), Vec::new()),
    }
}

/// VLANs that run spanning tree.
fn stp_vlans(spec: &DeviceSpec) -> Vec<u32> {
    let mut v = spec.vlans.data.clone();
    v.push(spec.vlans.mgmt);
    v.sort_unstable();
    v
}

fn link_cell(link: Link) -> &'static str {
    match link {
        Link::Up => "Up",
        Link::Down => "Down",
        Link::Disabled => "Disable",
        Link::ErrDisabled => "ERR-DIS",
    }
}

fn speed(p: &PortSpec) -> &'static str {
    match p.speed {
        100 => "100M",
        10_000 => "10G",
        _ => "1G",
    }
}

/// Prints the device.
pub fn capture(spec: &DeviceSpec) -> Capture {
    let host = &spec.hostname;
    let (model, module, version) = PLATFORMS[spec.variant as usize % PLATFORMS.len()];
    let serial = |unit: u32| {
        format!(
            "CYS{:07}",
            (spec.serial + u64::from(unit) * 7919) % 10_000_000
        )
    };
    let mut expected = Device::new(host);
    expected.vendor = Some(Vendor::Brocade);
    expected.model = Some(model.to_string());
    expected.version = Some(version.to_string());
    expected.serial = Some(serial(1));
    let seconds = spec.number % 60;
    let (w, d, h, m) = super::split_minutes(spec.uptime_minutes);
    let uptime = format!(
        "{} day(s) {h} hour(s) {m} minute(s) {seconds} second(s)",
        w * 7 + d
    );
    expected.uptime = Some(uptime.clone());
    expected.set_location(&spec.location);
    expected.auth_default_vlan = Some(spec.vlans.auth_fail.to_string());
    let mut cap = Capture::new(
        format!("SSH@{host}#"),
        Some(format!("SSH@{host}>")),
        expected,
    );
    cap.pager_off = "skip-page-display";
    cap.pager = "--More--, next page: Space, next line: Return key, quit: Control-c";

    cap.block(
        "show version",
        version_text(spec, model, version, &serial, &uptime),
    );
    let (config, blocks, auth_block) = running_config(spec, module, version);
    cap.expected.auth_block = auth_block;
    cap.block("show running-config", config);

    let mut ports: Vec<Port> = spec
        .ports
        .iter()
        .zip(blocks)
        .map(|(p, config)| {
            let (untagged, tagged) = membership(spec, p);
            let trunk = tagged.len() >= 2 || (!tagged.is_empty() && untagged.is_none());
            Port {
                port: key(p.slot),
                name: p.description.clone(),
                status: Some(link_cell(p.link).to_ascii_lowercase()),
                vlan: if trunk { None } else { untagged },
                mode: Some(if trunk {
                    PortMode::Trunk
                } else {
                    PortMode::Access
                }),
                duplex: p.up().then(|| "Full".to_string()),
                speed: p.up().then(|| speed(p).to_string()),
                port_type: None,
                learned_macs: Vec::new(),
                auth_state: None,
                auth_mode: None,
                auth_client_mac: None,
                auth_template: Some(p.auth),
                missing_auth_cmds: Vec::new(),
                config: Some(config),
            }
        })
        .collect();

    let mut brief = String::with_capacity(100 * (spec.ports.len() + 4));
    brief.push_str(
        "\nPort       Link    State   Dupl Speed Trunk Tag Pvid Pri MAC             Name\n",
    );
    for (i, p) in spec.ports.iter().enumerate() {
        let (untagged, tagged) = membership(spec, p);
        let (state, dupl, spd) = if p.up() {
            ("Forward", "Full", speed(p))
        } else {
            ("None", "None", "None")
        };
        let _ = writeln!(
            brief,
            "{:<11}{:<8}{:<8}{:<5}{:<6}None  {:<4}{:<5}0   {}  {}",
            raw(p.slot),
            link_cell(p.link),
            state,
            dupl,
            spd,
            if tagged.is_empty() { "No" } else { "Yes" },
            untagged.map_or("N/A".to_string(), |v| v.to_string()),
            dotted(spec.base_mac + i as u64),
            p.description.as_deref().unwrap_or("")
        );
    }
    let _ = write!(
        brief,
        "\nPort       Link    State   Dupl Speed Trunk Tag Pvid Pri MAC             Name\nve{mgmt}       Up      N/A     N/A  N/A   None  N/A N/A  N/A {mac}\n",
        mgmt = spec.vlans.mgmt,
        mac = dotted(spec.base_mac)
    );
    cap.block("show interfaces brief", brief);

    let rows = mac_rows(spec);
    let mut mac = String::with_capacity(64 * (rows.len() + 4));
    let header = "MAC-Address     Port                 Type          Index  VLAN\n";
    let _ = writeln!(mac, "Total active entries from all ports = {}", rows.len());
    for (i, r) in rows.iter().enumerate() {
        if i % 21 == 0 {
            mac.push_str(header);
        }
        let _ = writeln!(
            mac,
            "{}  {:<21}Dynamic       {:<7}{}",
            dotted(r.client.mac),
            raw(spec.ports[r.port].slot),
            (r.client.mac ^ spec.serial) % 8000 + 1000,
            r.client.vlan
        );
    }
    if rows.is_empty() {
        mac.push_str(header);
    }
    cap.block("show mac-address", mac);
    learn(&mut ports, &rows, dotted);

    cap.block(
        "show authentication sessions all",
        sessions(spec, &mut ports),
    );
    let (stp, instances) = spanning_tree(spec);
    cap.block("show spanning-tree", stp);
    cap.expected.ports = ports;
    cap.expected.spanning_tree = instances;
    cap
}

fn version_text(
    spec: &DeviceSpec,
    model: &str,
    version: &str,
    serial: &dyn Fn(u32) -> String,
    uptime: &str,
) -> String {
    let label = format!("SPR{}", &version.replace('.', "")[..6]);
    let mut s = String::with_capacity(2500);
    s.push_str("  Copyright (c) Ruckus Networks, Inc. All rights reserved.\n");
    for unit in 1..=spec.units {
        let _ = write!(
            s,
            "    UNIT {unit}: compiled on Jan 18 2021 at 18:03:56 labeled as {label}
      (33554432 bytes) from Primary {label}.bin (UFI)
        SW: Version {version}
"
        );
    }
    let _ = write!(
        s,
        "  Compressed Primary Boot Code size = 786944, Version:10.1.18T215 (spz10118)
  Compiled on Mon Jan 18 17:18:21 2021

  HW: Stackable {model}
==========================================================================
"
    );
    for unit in 1..=spec.units {
        let _ = write!(
            s,
            "UNIT {unit}: SL 1: {model} POE 48-port Management Module
      Serial  #: {}
      Software Package: ICX7450_L3_SOFT_PACKAGE   
      Current License: l3-prem-8X10G
==========================================================================
UNIT {unit}: SL 2: ICX7400-4X10GF 4-port 40G Module
      Serial  #: CYW{:07}
==========================================================================
",
            serial(unit),
            (spec.serial + 17 * u64::from(unit)) % 10_000_000
        );
    }
    s.push_str(" 1000 MHz ARM processor ARMv7 88 MHz bus\n 8192 KB boot flash memory\n 2048 MB code flash memory\n 1024 MB DRAM\n");
    for unit in 1..=spec.units {
        let _ = writeln!(s, "STACKID {unit}  system uptime is {uptime} ");
    }
    s.push_str("The system started at 06:58:21 GMT-05 Mon Sep 16 2024\n\nThe system : started=warm start   reloaded=by \"reload\"\nMy stack unit ID = 1, bootup role = active\n\n");
    s
}

/// The running configuration, each port's block (as the parser stores
/// it) and the expected authentication block.
fn running_config(
    spec: &DeviceSpec,
    module: &str,
    version: &str,
) -> (String, Vec<String>, Vec<String>) {
    let v = &spec.vlans;
    let mut s = String::with_capacity(120 * spec.ports.len() + 4000);
    let _ = write!(s, "Current configuration:\n!\nver {version}\n!\n");
    for unit in 1..=spec.units {
        let _ = write!(
            s,
            "stack unit {unit}\n  module 1 {module}\n  module 2 icx7400-xgf-4port-40g-module\n"
        );
        if spec.units > 1 {
            let _ = writeln!(s, "  priority {}", 250 - 50 * unit.min(4));
        }
    }
    if spec.units > 1 {
        let _ = writeln!(s, "stack enable\nstack mac {}", dotted(spec.base_mac));
    }
    s.push_str("!\n!\nglobal-stp\n!\n!\nvlan 1 name DEFAULT-VLAN by port\n!\n");
    let stp = stp_vlans(spec);
    for (vlan, name) in vlan_names(v) {
        let _ = writeln!(s, "vlan {vlan} name {name} by port");
        let mut tagged = Vec::new();
        let mut untagged = Vec::new();
        for p in &spec.ports {
            let (u, t) = membership(spec, p);
            if u == Some(vlan) {
                untagged.push(id(p.slot));
            }
            if t.contains(&vlan) {
                tagged.push(id(p.slot));
            }
        }
        if !tagged.is_empty() {
            let _ = writeln!(s, " tagged {}", ethe_list(&tagged));
        }
        if !untagged.is_empty() {
            let _ = writeln!(s, " untagged {}", ethe_list(&untagged));
        }
        if vlan == v.mgmt {
            let _ = writeln!(s, " router-interface ve {vlan}");
        }
        if stp.contains(&vlan) {
            s.push_str(" spanning-tree\n");
        }
        s.push_str("!\n");
    }
    let with = |t: &[AuthTemplate]| -> Vec<(u32, u32, u32)> {
        spec.ports
            .iter()
            .filter(|p| t.contains(&p.auth))
            .map(|p| id(p.slot))
            .collect()
    };
    let dot1x = with(&[AuthTemplate::Flexible, AuthTemplate::Dot1x]);
    let mab = with(&[AuthTemplate::Flexible, AuthTemplate::Macauth]);
    let mut auth: Vec<String> = vec![
        "authentication".into(),
        format!(" auth-default-vlan {}", v.auth_fail),
        " re-authentication".into(),
        " reauth-period 7200".into(),
        " dot1x enable".into(),
    ];
    if !dot1x.is_empty() {
        auth.push(format!(" dot1x enable {}", ethe_list(&dot1x)));
        auth.push(format!(" dot1x port-control auto {}", ethe_list(&dot1x)));
    }
    auth.push(" dot1x timeout tx-period 10".into());
    auth.push(" mac-authentication enable".into());
    if !mab.is_empty() {
        auth.push(format!(" mac-authentication enable {}", ethe_list(&mab)));
    }
    auth.push(" mac-authentication password-format xxxx.xxxx.xxxx".into());
    for l in &auth {
        s.push_str(l);
        s.push('\n');
    }
    s.push_str("!\n");
    let aaa = [
        "aaa authentication dot1x default radius",
        "aaa authentication enable default tacacs+ local",
        "aaa authentication login default tacacs+ local",
        "aaa authorization exec default tacacs+",
        "aaa accounting dot1x default start-stop radius",
    ];
    for l in aaa {
        s.push_str(l);
        s.push('\n');
    }
    auth.extend(aaa.iter().map(|l| l.to_string()));
    let octet = spec.serial % 200 + 10;
    let _ = write!(
        s,
        "enable aaa console
hostname {host}
ip dhcp-client disable
ip dns domain-list corp.example.net
ip route 0.0.0.0/0 10.{octet}.{mgmt}.1
!
no telnet server
username netops password 8 $1$Kc2.AB3/$pQ7xk9sVn1uYbWz0eRt5q.
!
radius-server host 10.5.1.20 auth-port 1812 acct-port 1813 default key 2 $Zl5ucm5VLS0tLXM= dot1x mac-auth
tacacs-server host 10.5.1.30
!
snmp-server contact noc@corp.example.net
snmp-server location {loc}
!
clock timezone us Eastern
!
ntp
 server 10.5.1.10
!
!
",
        host = spec.hostname,
        mgmt = v.mgmt,
        loc = spec.location,
    );
    let mut blocks = Vec::with_capacity(spec.ports.len());
    for p in &spec.ports {
        let mut b = format!("interface ethernet {}", raw(p.slot));
        if let Some(d) = &p.description {
            let _ = write!(b, "\n port-name {d}");
        }
        match p.link {
            Link::Disabled => b.push_str("\n disable"),
            _ if p.is_trunk() => {}
            _ => b.push_str("\n stp-bpdu-guard"),
        }
        if p.role == Role::AccessPoint {
            b.push_str("\n inline power power-by-class 4");
        }
        s.push_str(&b);
        s.push_str("\n!\n");
        blocks.push(b);
    }
    let _ = write!(
        s,
        "interface ve {mgmt}\n ip address 10.{octet}.{mgmt}.{}  255.255.255.0\n!\nlldp run\nend\n\n",
        spec.number % 250 + 2,
        mgmt = v.mgmt
    );
    (s, blocks, auth)
}

/// The unified session table; fills the ports' auth columns (a port's
/// 802.1X session describes it, else its first).
fn sessions(spec: &DeviceSpec, ports: &mut [Port]) -> String {
    let mut s = String::with_capacity(130 * spec.ports.len());
    s.push_str("Port    MAC             IP(v4/v6)           User              VLAN Auth    Auth   ACL   Session  Age  PAE\n");
    s.push_str("        Addr            Addr                Name                   Method  State        Time          State\n");
    for (i, p) in spec.ports.iter().enumerate() {
        let mut chosen: Option<(Method, SessionState, u64)> = None;
        for c in &p.clients {
            let Some((method, state)) = c.session else {
                continue;
            };
            let dot1x = method == Method::Dot1x;
            let (auth, pae) = match (state, dot1x) {
                (SessionState::Authorized, true) => ("permit", "AUTHENTICATED"),
                (SessionState::Authorized, false) => ("permit", "N/A"),
                (SessionState::Unauthorized, true) => ("deny", "HELD"),
                (SessionState::Unauthorized, false) => ("deny", "N/A"),
                (SessionState::Running, _) => ("init", "CONNECTING"),
            };
            let ip = match (state, c.kind) {
                (SessionState::Authorized, ClientKind::Phone) => String::new(),
                (SessionState::Authorized, _) => {
                    format!("10.{}.{}.{}", c.vlan % 250, c.mac % 250, c.mac % 200 + 20)
                }
                _ => "N/A".to_string(),
            };
            let user = if dot1x && state != SessionState::Running {
                SURNAMES[(c.mac % SURNAMES.len() as u64) as usize]
                    .to_ascii_lowercase()
                    .replace('\'', "")
            } else if dot1x {
                "N/A".to_string()
            } else {
                dotted(c.mac)
            };
            let _ = writeln!(
                s,
                "{:<8}{:<16}{:<20}{:<18}{:<5}{:<8}{:<7}None  {:<9}Ena  {pae}",
                raw(p.slot),
                dotted(c.mac),
                ip,
                user,
                c.vlan,
                if dot1x { "8021.X" } else { "MAUTH" },
                auth,
                (c.mac ^ spec.serial) % 90_000 + 1
            );
            match chosen {
                Some((Method::Dot1x, ..)) => {}
                Some(_) if !dot1x => {}
                _ => chosen = Some((method, state, c.mac)),
            }
        }
        if let Some((method, state, mac)) = chosen {
            ports[i].auth_state = Some(auth_state(state));
            ports[i].auth_mode = Some(
                match method {
                    Method::Dot1x => "dot1x",
                    Method::Mab => "mab",
                }
                .to_string(),
            );
            ports[i].auth_client_mac = Some(dotted(mac));
        }
    }
    s
}

/// 802.1D per VLAN for the VLANs with `spanning-tree`; every member port,
/// disabled ones as `DISABLED`.
fn spanning_tree(spec: &DeviceSpec) -> (String, Vec<SpanInstance>) {
    let stp = stp_vlans(spec);
    let own = bare(spec.base_mac);
    let root_raw = spec
        .ports
        .iter()
        .find(|p| matches!(p.slot, Slot::Uplink { n: 1, .. }))
        .map(|p| raw(p.slot))
        .unwrap_or_default();
    let mut s = String::with_capacity(4096);
    let mut instances = Vec::new();
    for &vlan in &stp {
        let root_id = format!("{:04x}{}", 0x1000 + vlan, bare(spec.root_mac));
        let _ = write!(
            s,
            "
STP instance owned by VLAN {vlan}

Global STP (IEEE 802.1D) Parameters:

VLAN Root             Root Root   Prio Max He- Ho- Fwd Last    Chg Bridge      
 ID   ID              Cost Port   rity Age llo ld  dly Chang   cnt Address     
                                  Hex  sec sec sec sec sec                     
{vlan:>4} {root_id} 2    {root_raw:<6} 8000 20  2   1   15  {chg:<7} {cnt:<3} {own}

Port STP Parameters:

Port   Prio Path  State       Fwd    Design  Designated       Designated       
Num    rity Cost              Trans  Cost    Root             Bridge           
       Hex                                                                     
",
            chg = spec.uptime_minutes % 90_000,
            cnt = spec.number % 20 + 1,
        );
        let mut ports = Vec::new();
        for p in &spec.ports {
            let (u, t) = membership(spec, p);
            if u != Some(vlan) && !t.contains(&vlan) {
                continue;
            }
            let r = raw(p.slot);
            let root_port = r == root_raw;
            let (state, cost, trans, dcost, droot, dbridge) = if !p.up() {
                ("DISABLED", 0, 0, 0, "0".repeat(16), "0".repeat(16))
            } else {
                let cost = match p.speed {
                    100 => 19,
                    10_000 => 2,
                    _ => 4,
                };
                let second_uplink = matches!(p.slot, Slot::Uplink { .. }) && !root_port;
                if root_port {
                    ("FORWARDING", cost, 1, 0, root_id.clone(), root_id.clone())
                } else if second_uplink {
                    ("BLOCKING", cost, 1, 2, root_id.clone(), root_id.clone())
                } else {
                    (
                        "FORWARDING",
                        cost,
                        1,
                        2,
                        root_id.clone(),
                        format!("8000{own}"),
                    )
                }
            };
            let _ = writeln!(
                s,
                "{r:<7}80   {cost:<6}{state:<12}{trans:<7}{dcost:<8}{droot} {dbridge} "
            );
            let (role, short) = match state {
                "DISABLED" => ("DISABLED", "DIS"),
                "BLOCKING" => ("Altn", "BLK"),
                _ if root_port => ("Root", "FWD"),
                _ => ("Desg", "FWD"),
            };
            ports.push(SpanPort {
                port: key(p.slot),
                role: role.to_string(),
                state: short.to_string(),
                cost: Some(cost),
            });
        }
        instances.push(SpanInstance {
            vlan: format!("VLAN{vlan}"),
            protocol: Some("ieee".into()),
            root_switch: Some(dotted(spec.root_mac)),
            root_port: Some(format!("Et{root_raw}")),
            root_cost: Some(2),
            ports,
        });
    }
    for vlan in spec.vlans.all() {
        if !stp.contains(&vlan) {
            let _ = write!(s, "\nSpanning-tree is not configured on port-vlan {vlan}\n");
        }
    }
    s.push('\n');
    (s, instances)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_lists_use_ranges() {
        assert_eq!(
            ethe_list(&[
                (1, 1, 1),
                (1, 1, 2),
                (1, 1, 3),
                (1, 1, 7),
                (2, 1, 1),
                (1, 2, 1)
            ]),
            "ethe 1/1/1 to 1/1/3 ethe 1/1/7 ethe 2/1/1 ethe 1/2/1"
        );
    }
}
