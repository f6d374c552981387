//! Arista EOS campus leaf, after `corpora/samples/arista-leaf.log`:
//! `show version`, `show running-config` (Port-Channel1 first, a block for
//! every port, `dot1x` port authentication), `show interfaces status` with
//! the `Flags Encapsulation` columns and a Name column sized to the longest
//! description, `show mac address-table` (STATIC rows for authorised
//! clients, moves on dynamic rows, an empty multicast table), `show dot1x
//! hosts` and an MST `show spanning-tree`, each with `| no-more`.

use super::cisco::{auth_state, vlan_names};
use super::{learn, mac_rows, split_minutes, vlan_list, Capture};
use crate::names::dotted;
use crate::spec::{DeviceSpec, Link, Method, PortSpec, Role, SessionState, Slot};
use statetrace_model::{AuthTemplate, Device, Port, PortMode, SpanInstance, SpanPort, Vendor};
use std::fmt::Write;

/// The recommended commands of a flexible port, in the parser's order.
const RECOMMENDED: [&str; 3] = [
    "dot1x port-control auto",
    "dot1x timeout quiet-period 90",
    "dot1x timeout tx-period 5",
];

/// (model up to 24 ports, up to 48, larger, EOS version).
const PLATFORMS: &[(&str, &str, &str, &str)] = &[
    (
        "CCS-720XP-24ZY4-F",
        "CCS-720XP-48ZC2-F",
        "CCS-720XP-96ZC2",
        "4.30.4M",
    ),
    (
        "CCS-720XP-24ZY4-F",
        "CCS-720XP-48Y6-F",
        "CCS-720XP-96ZC2",
        "4.29.2F",
    ),
    (
        "DCS-7050SX3-48YC8",
        "DCS-7050SX3-48YC8",
        "DCS-7050CX3-32S",
        "4.31.1F",
    ),
];

/// Status-table and configuration names of a port.
fn names(spec: &DeviceSpec, slot: Slot) -> (String, String) {
    let access = spec
        .ports
        .iter()
        .filter(|p| matches!(p.slot, Slot::Access { .. }))
        .count() as u32;
    match slot {
        Slot::Access { n, .. } => (format!("Et{n}"), format!("Ethernet{n}")),
        Slot::Uplink { n, .. } => (
            format!("Et{}/1", access + n),
            format!("Ethernet{}/1", access + n),
        ),
        Slot::Channel(n) => (format!("Po{n}"), format!("Port-Channel{n}")),
    }
}

fn status(link: Link) -> &'static str {
    match link {
        Link::Up => "connected",
        Link::Down => "notconnect",
        Link::Disabled => "disabled",
        Link::ErrDisabled => "errdisabled",
    }
}

/// `18 weeks, 4 days, 7 hours and 52 minutes`.
fn uptime(minutes: u64) -> String {
    let (w, d, h, m) = split_minutes(minutes);
    let unit = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    if w > 0 {
        parts.push(unit(w, "week"));
    }
    if w > 0 || d > 0 {
        parts.push(unit(d, "day"));
    }
    if w > 0 || d > 0 || h > 0 {
        parts.push(unit(h, "hour"));
    }
    let last = unit(m, "minute");
    if parts.is_empty() {
        last
    } else {
        format!("{} and {last}", parts.join(", "))
    }
}

/// Duplex, speed and type cells.
fn cells(p: &PortSpec) -> (&'static str, &'static str, &'static str) {
    match (p.slot, p.up()) {
        (Slot::Channel(_), _) => ("full", "100G", "N/A"),
        (Slot::Uplink { .. }, _) => ("full", "100G", "100GBASE-SR4"),
        (_, true) if p.speed == 100 => ("a-full", "a-100M", "10GBASE-T"),
        (_, true) => ("a-full", "a-1G", "10GBASE-T"),
        (_, false) => ("auto", "auto", "10GBASE-T"),
    }
}

/// Prints the device.
pub fn capture(spec: &DeviceSpec) -> Capture {
    let host = &spec.hostname;
    let (small, medium, large, version) = PLATFORMS[spec.variant as usize % PLATFORMS.len()];
    let access = spec
        .ports
        .iter()
        .filter(|p| matches!(p.slot, Slot::Access { .. }))
        .count();
    let model = match access {
        0..=24 => small,
        25..=48 => medium,
        _ => large,
    };
    let serial = format!("JPE{:08}", spec.serial % 100_000_000);
    let mut expected = Device::new(host);
    expected.vendor = Some(Vendor::Arista);
    expected.model = Some(model.to_string());
    expected.version = Some(version.to_string());
    expected.serial = Some(serial.clone());
    expected.uptime = Some(uptime(spec.uptime_minutes));
    expected.set_location(&spec.location);
    let mut cap = Capture::new(format!("{host}#"), Some(format!("{host}>")), expected);
    cap.pager_off = "";
    let base = dotted(spec.base_mac);
    cap.block(
        "show version | no-more",
        format!(
            "Arista {model}
Hardware version: 11.03
Serial number: {serial}
Hardware MAC address: {base}
System MAC address: {base}

Software image version: {version}
Architecture: i686
Internal build version: {version}-34614853.{compact}
Internal build ID: 8f3e2b1c-5d4a-4e6f-9b0a-{build:012x}
Image format version: 3.0
Image optimization: DEFAULT

Uptime: {up}
Total memory: 8099876 kB
Free memory: 5210468 kB

",
            compact = version.replace('.', ""),
            build = spec.serial & 0xffff_ffff_ffff,
            up = uptime(spec.uptime_minutes),
        ),
    );

    let (config, blocks, auth_block) = running_config(spec, model, version);
    cap.expected.auth_block = auth_block;
    cap.expected.auth_default_vlan = blocks
        .iter()
        .any(|b| b.contains("failure action traffic allow vlan"))
        .then(|| spec.vlans.auth_fail.to_string());
    cap.block("show running-config | no-more", config);

    let channel_mode = spec
        .ports
        .iter()
        .find(|p| matches!(p.slot, Slot::Channel(_)))
        .map(|_| PortMode::Trunk);
    let mut ports: Vec<Port> = spec
        .ports
        .iter()
        .zip(&blocks)
        .map(|(p, config)| {
            let (duplex, speed, kind) = cells(p);
            let member = matches!(p.slot, Slot::Uplink { .. });
            let trunk = p.is_trunk();
            let template = match p.auth {
                _ if trunk => AuthTemplate::Open,
                t => t,
            };
            Port {
                port: names(spec, p.slot).0,
                name: p.description.clone(),
                status: Some(status(p.link).to_string()),
                vlan: (!trunk).then_some(p.vlan),
                mode: if member {
                    channel_mode
                } else if trunk {
                    Some(PortMode::Trunk)
                } else {
                    Some(PortMode::Access)
                },
                duplex: Some(duplex.to_string()),
                speed: Some(speed.to_string()),
                port_type: Some(kind.to_string()),
                learned_macs: Vec::new(),
                auth_state: None,
                auth_mode: None,
                auth_client_mac: None,
                auth_template: Some(template),
                missing_auth_cmds: match (template, p.omit) {
                    (AuthTemplate::Flexible, Some(k)) => {
                        vec![RECOMMENDED[k as usize % RECOMMENDED.len()].to_string()]
                    }
                    _ => Vec::new(),
                },
                config: Some(config.clone()),
            }
        })
        .collect();

    // Status table: the Name column is as wide as the longest name.
    let width = spec
        .ports
        .iter()
        .filter_map(|p| p.description.as_ref().map(String::len))
        .max()
        .unwrap_or(4)
        .max(4)
        + 1;
    let mut st = String::with_capacity(100 * (spec.ports.len() + 2));
    let _ = writeln!(
        st,
        "Port       {:<width$}Status       Vlan     Duplex Speed  Type            Flags Encapsulation",
        "Name"
    );
    for p in &spec.ports {
        let vlan = match p.slot {
            Slot::Uplink { .. } => "in Po1".to_string(),
            _ if p.is_trunk() => "trunk".to_string(),
            _ => p.vlan.to_string(),
        };
        let (duplex, speed, kind) = cells(p);
        let _ = writeln!(
            st,
            "{:<11}{:<width$}{:<13}{:<9}{:<7}{:<7}{kind}",
            names(spec, p.slot).0,
            p.description.as_deref().unwrap_or(""),
            status(p.link),
            vlan,
            duplex,
            speed,
        );
    }
    st.push('\n');
    cap.block("show interfaces status | no-more", st);

    let rows = mac_rows(spec);
    let mut mac = String::with_capacity(80 * (rows.len() + 12));
    mac.push_str("          Mac Address Table\n------------------------------------------------------------------\n\n");
    mac.push_str("Vlan    Mac Address       Type        Ports      Moves   Last Move\n");
    mac.push_str("----    -----------       ----        -----      -----   ---------\n");
    let _ = writeln!(mac, "{:>4}    {}    STATIC      Cpu", spec.vlans.mgmt, base);
    for r in &rows {
        let port = names(spec, spec.ports[r.port].slot).0;
        if r.client.session.is_some() {
            let _ = writeln!(
                mac,
                "{:>4}    {}    STATIC      {port}",
                r.client.vlan,
                dotted(r.client.mac)
            );
        } else {
            let age = r.client.mac % 86_400;
            let _ = writeln!(
                mac,
                "{:>4}    {}    DYNAMIC     {port:<11}{:<8}{}:{:02}:{:02} ago",
                r.client.vlan,
                dotted(r.client.mac),
                r.client.mac % 4 + 1,
                age / 3600,
                age / 60 % 60,
                age % 60
            );
        }
    }
    let _ = write!(
        mac,
        "Total Mac Addresses for this criterion: {}

          Multicast Mac Address Table
------------------------------------------------------------------

Vlan    Mac Address       Type        Ports
----    -----------       ----        -----
Total Mac Addresses for this criterion: 0
",
        rows.len() + 1
    );
    cap.block("show mac address-table | no-more", mac);
    learn(&mut ports, &rows, dotted);

    cap.block("show dot1x hosts | no-more", hosts(spec, &mut ports));
    let (stp, instance) = spanning_tree(spec);
    cap.block("show spanning-tree | no-more", stp);
    let vlans: String = vlan_names(&spec.vlans)
        .iter()
        .map(|(id, name)| format!("{id:<6}{name:<33}active\n"))
        .collect();
    cap.block(
        "show vlan | no-more",
        format!(
            "VLAN  Name                             Status    Ports\n----- -------------------------------- --------- -------------------------------\n1     default                          active\n{vlans}\n"
        ),
    );
    cap.expected.ports = ports;
    cap.expected.spanning_tree = vec![instance];
    cap
}

/// The running configuration, each port's block as the parser stores it,
/// and the expected authentication block.
fn running_config(
    spec: &DeviceSpec,
    model: &str,
    version: &str,
) -> (String, Vec<String>, Vec<String>) {
    let v = &spec.vlans;
    let host = &spec.hostname;
    let mut s = String::with_capacity(500 * spec.ports.len() + 4000);
    let _ = write!(
        s,
        "! Command: show running-config
! device: {host} ({model}, EOS-{version})
!
! boot system flash:/EOS-{version}.swi
!
no aaa root
!
username admin privilege 15 role network-admin secret sha512 $6$Zq3v8Lm2Tx9Wc1Ra$Jh4kT0pQ8sV2nB6xY1cM5dF7gH9jK3lP0oI8uY6tR4eW2qA1sD3fG5hJ7kL9zX1cV3bN5mQ7wE9rT1yU3iO5p.
!
logging buffered 10000
logging vrf MGMT host 10.41.5.40
!
hostname {host}
ip name-server vrf MGMT 10.41.5.53
dns domain corp.example.net
!
ntp server vrf MGMT 10.41.5.123 prefer
!
radius-server host 10.41.5.21 vrf MGMT key 7 070C285F4D06485744
radius-server host 10.41.5.22 vrf MGMT key 7 070C285F4D06485744
!
snmp-server location {loc}
snmp-server vrf MGMT
!
spanning-tree mode mstp
!
",
        loc = spec.location
    );
    let auth: Vec<&str> = vec![
        "aaa group server radius ISE",
        "   server 10.41.5.21 vrf MGMT",
        "   server 10.41.5.22 vrf MGMT",
        "!",
        "aaa authentication login default local",
        "aaa authentication dot1x default group ISE",
        "aaa authorization exec default local",
        "aaa accounting dot1x default start-stop group ISE",
        "!",
        "dot1x system-auth-control",
        "dot1x protocol lldp bypass",
        "dot1x dynamic-authorization",
        "dot1x",
        "   mac based authentication delay 30 seconds",
        "   radius av-pair service-type",
        "!",
    ];
    for l in &auth {
        s.push_str(l);
        s.push('\n');
    }
    let auth_block = auth
        .iter()
        .filter(|l| **l != "!")
        .map(|l| l.to_string())
        .collect();
    for (id, name) in vlan_names(v) {
        let _ = write!(s, "vlan {id}\n   name {name}\n!\n");
    }
    s.push_str("vrf instance MGMT\n!\n");
    // EOS prints the port-channel first.
    let order: Vec<usize> = {
        let mut o: Vec<usize> = (0..spec.ports.len()).collect();
        o.sort_by_key(|&i| !matches!(spec.ports[i].slot, Slot::Channel(_)));
        o
    };
    let mut blocks = vec![String::new(); spec.ports.len()];
    for i in order {
        let b = port_config(spec, &spec.ports[i]);
        s.push_str(&b);
        s.push_str("\n!\n");
        blocks[i] = b;
    }
    let octet = spec.serial % 200 + 10;
    let _ = write!(
        s,
        "interface Management1
   description oob-mgmt
   vrf MGMT
   ip address 10.{octet}.0.{h}/24
!
interface Vlan{mgmt}
   description MGMT
   ip address 10.{octet}.{mgmt}.{h}/24
!
no ip routing
ip route 0.0.0.0/0 10.{octet}.{mgmt}.1
!
management ssh
   vrf MGMT
      no shutdown
!
end
",
        h = spec.number % 250 + 2,
        mgmt = v.mgmt
    );
    (s, blocks, auth_block)
}

fn port_config(spec: &DeviceSpec, p: &PortSpec) -> String {
    let v = &spec.vlans;
    let mut lines = vec![format!("interface {}", names(spec, p.slot).1)];
    let mut add = |l: &str| lines.push(format!("   {l}"));
    if let Some(d) = &p.description {
        add(&format!("description {d}"));
    }
    if p.link == Link::Disabled {
        add("shutdown");
    }
    match p.role {
        Role::Channel => {
            add(&format!(
                "switchport trunk allowed vlan {}",
                vlan_list(&v.all())
            ));
            add("switchport mode trunk");
        }
        Role::Uplink => add("channel-group 1 mode active"),
        Role::AccessPoint => {
            add(&format!("switchport trunk native vlan {}", v.ap));
            add(&format!(
                "switchport trunk allowed vlan {}",
                vlan_list(&v.ap_trunk())
            ));
            add("switchport mode trunk");
        }
        Role::Spare if p.link != Link::Disabled => {}
        _ => {
            add(&format!("switchport access vlan {}", p.vlan));
            let omitted = p.omit.map(|k| RECOMMENDED[k as usize % RECOMMENDED.len()]);
            let mut auth = |l: &str| {
                if omitted != Some(l) {
                    add(l);
                }
            };
            let failure = format!(
                "dot1x authentication failure action traffic allow vlan {}",
                v.auth_fail
            );
            match p.auth {
                AuthTemplate::Flexible => {
                    auth("dot1x pae authenticator");
                    auth(&failure);
                    auth("dot1x reauthentication");
                    auth(RECOMMENDED[0]);
                    auth("dot1x host-mode multi-host authenticated");
                    auth("dot1x mac based authentication");
                    auth(RECOMMENDED[1]);
                    auth(RECOMMENDED[2]);
                    auth("dot1x timeout reauth-period server");
                }
                AuthTemplate::Dot1x => {
                    auth("dot1x pae authenticator");
                    auth(&failure);
                    auth("dot1x reauthentication");
                    auth("dot1x port-control auto");
                    auth("dot1x timeout tx-period 5");
                }
                AuthTemplate::Macauth => {
                    auth("dot1x pae authenticator");
                    auth("dot1x eapol disabled");
                    auth(&failure);
                    auth("dot1x port-control auto");
                    auth("dot1x mac based authentication");
                }
                AuthTemplate::Open => {}
            }
            if p.role != Role::Spare {
                add("spanning-tree portfast");
                add("spanning-tree bpduguard enable");
            }
        }
    }
    lines.join("\n")
}

/// `show dot1x hosts`; fills the ports' auth columns (the first authorised
/// host describes a port, else its first).
fn hosts(spec: &DeviceSpec, ports: &mut [Port]) -> String {
    let mut s = String::with_capacity(70 * spec.ports.len());
    s.push_str("Port       Supplicant MAC    Auth            State          Fallback VLAN\n");
    s.push_str("---------- ----------------- --------------- -------------- -------- ----\n");
    for (i, p) in spec.ports.iter().enumerate() {
        let mut chosen: Option<(Method, SessionState, u64)> = None;
        for c in &p.clients {
            let Some((method, state)) = c.session else {
                continue;
            };
            let _ = writeln!(
                s,
                "{:<11}{:<18}{:<16}{:<15}NONE",
                names(spec, p.slot).0,
                dotted(c.mac),
                match method {
                    Method::Dot1x => "EAPOL",
                    Method::Mab => "MAC-BASED-AUTH",
                },
                match state {
                    SessionState::Authorized => "SUCCESS",
                    SessionState::Unauthorized => "FAILED",
                    SessionState::Running => "AUTHENTICATING",
                }
            );
            match chosen {
                Some((_, SessionState::Authorized, _)) => {}
                Some(_) if state != SessionState::Authorized => {}
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
    s.push('\n');
    s
}

/// MST0: every connected port that is not a channel member, the channel as
/// the root port.
fn spanning_tree(spec: &DeviceSpec) -> (String, SpanInstance) {
    let mut s = format!(
        "MST0
  Spanning tree enabled protocol mstp
  Root ID    Priority    4096
             Address     {root}
             Cost        0 (Ext) 199 (Int)
             Port        4096 (Port-Channel1)
             Hello Time  2.000 sec  Max Age 20 sec  Forward Delay 15 sec

  Bridge ID  Priority    32768  (priority 32768 sys-id-ext 0)
             Address     {base}
             Hello Time  2.000 sec  Max Age 20 sec  Forward Delay 15 sec

Interface        Role       State      Cost      Prio.Nbr Type
---------------- ---------- ---------- --------- -------- --------------------
",
        root = dotted(spec.root_mac),
        base = dotted(spec.base_mac)
    );
    let mut ports = Vec::new();
    for (i, p) in spec.ports.iter().enumerate() {
        if !p.up() || matches!(p.slot, Slot::Uplink { .. }) {
            continue;
        }
        let channel = matches!(p.slot, Slot::Channel(_));
        let (role, cost, prio, kind) = if channel {
            ("root", 199, 4096, "P2p")
        } else {
            (
                "designated",
                if p.speed == 100 { 200_000 } else { 20_000 },
                i + 1,
                if p.is_trunk() { "P2p" } else { "P2p Edge" },
            )
        };
        let name = names(spec, p.slot).0;
        let _ = writeln!(
            s,
            "{name:<17}{role:<11}forwarding {cost:<10}{:<9}{kind}",
            format!("128.{prio}")
        );
        ports.push(SpanPort {
            port: name,
            role: role.to_string(),
            state: "forwarding".to_string(),
            cost: Some(cost),
        });
    }
    s.push('\n');
    let instance = SpanInstance {
        vlan: "MST0".into(),
        protocol: Some("mstp".into()),
        root_switch: Some(dotted(spec.root_mac)),
        root_port: Some("Po1".into()),
        root_cost: Some(199),
        ports,
    };
    (s, instance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eos_uptime_joins_the_last_unit_with_and() {
        assert_eq!(
            uptime(18 * 7 * 1440 + 4 * 1440 + 7 * 60 + 52),
            "18 weeks, 4 days, 7 hours and 52 minutes"
        );
        assert_eq!(uptime(52), "52 minutes");
        assert_eq!(uptime(61), "1 hour and 1 minute");
    }
}
