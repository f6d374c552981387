//! Cisco IOS-XE (Catalyst 9000), after `corpora/samples/cisco-access-48.log`
//! and `cisco-stack-xe.log`: `show version` (with the stack table and the
//! other members' sections), `show running-config` (legacy flexible-auth
//! port blocks, one recommended command sometimes missing),
//! `show interfaces status`, `show mac address-table` (CPU rows, STATIC
//! rows for authorised clients), `show authentication sessions` and a
//! rapid-PVST `show spanning-tree`.

use super::{cell, learn, mac_rows, uptime_words, vlan_list, Capture};
use crate::names::{dotted, Mac};
use crate::spec::{DeviceSpec, Link, Method, PortSpec, Role, SessionState, Slot};
use statetrace_model::{
    AuthState, AuthTemplate, Device, Port, PortMode, SpanInstance, SpanPort, Vendor,
};
use std::fmt::Write;

/// The recommended commands of a flexible port, in the parser's order.
const RECOMMENDED: [&str; 6] = [
    "authentication event fail action next-method",
    "authentication order mab dot1x",
    "authentication priority dot1x mab",
    "authentication port-control auto",
    "dot1x timeout quiet-period 90",
    "dot1x timeout tx-period 5",
];

/// (model for up to 24 front ports, for up to 48, software version).
const PLATFORMS: &[(&str, &str, &str)] = &[
    ("C9300-24P", "C9300-48P", "17.09.04a"),
    ("C9300-24U", "C9300-48U", "17.06.05"),
    ("C9200L-24P-4X", "C9200L-48P-4X", "17.09.04a"),
    ("C9300-24UX", "C9300-48UXM", "17.12.03"),
];

/// Short and long names of a port.
fn names(slot: Slot) -> (String, String) {
    match slot {
        Slot::Access { unit, n } => (
            format!("Gi{unit}/0/{n}"),
            format!("GigabitEthernet{unit}/0/{n}"),
        ),
        Slot::Uplink { unit, n } => (
            format!("Te{unit}/1/{n}"),
            format!("TenGigabitEthernet{unit}/1/{n}"),
        ),
        Slot::Channel(n) => (format!("Po{n}"), format!("Port-channel{n}")),
    }
}

/// The status-table status word.
fn status(link: Link) -> &'static str {
    match link {
        Link::Up => "connected",
        Link::Down => "notconnect",
        Link::Disabled => "disabled",
        Link::ErrDisabled => "err-disabled",
    }
}

/// Prints the device.
pub fn capture(spec: &DeviceSpec) -> Capture {
    let host = &spec.hostname;
    let (small, large, version) = PLATFORMS[spec.variant as usize % PLATFORMS.len()];
    let front = spec
        .ports
        .iter()
        .filter(|p| matches!(p.slot, Slot::Access { unit: 1, .. }))
        .count();
    let model = if front <= 24 { small } else { large };
    let serial = |unit: u32| {
        format!(
            "FOC{:08}",
            (spec.serial + u64::from(unit) * 7919) % 100_000_000
        )
    };
    let abbreviate = spec.variant & 0x100 != 0;

    let mut expected = Device::new(host);
    expected.vendor = Some(Vendor::Cisco);
    expected.model = Some(model.to_string());
    expected.version = Some(version.to_string());
    expected.serial = Some(serial(1));
    expected.uptime = Some(uptime_words(spec.uptime_minutes));
    expected.set_location(&spec.location);

    let mut cap = Capture::new(format!("{host}#"), Some(format!("{host}>")), expected);

    cap.block(
        if abbreviate { "sh ver" } else { "show version" },
        version_text(spec, model, version, &serial),
    );
    let (config, iface_configs, auth_block) = running_config(spec, model);
    cap.expected.auth_block = auth_block;
    cap.expected.auth_default_vlan = iface_configs
        .iter()
        .any(|c| c.contains("authorize vlan 999"))
        .then(|| "999".to_string());
    cap.block(
        if abbreviate {
            "sh run"
        } else {
            "show running-config"
        },
        config,
    );

    // Ports, in status-table order.
    let mut ports: Vec<Port> = spec
        .ports
        .iter()
        .zip(&iface_configs)
        .map(|(p, cfg)| expected_port(spec, p, cfg))
        .collect();

    cap.block(
        if abbreviate {
            "sh int status"
        } else {
            "show interfaces status"
        },
        status_table(spec),
    );

    let rows = mac_rows(spec);
    let mut mac = String::with_capacity(64 * (rows.len() + 8));
    mac.push_str("          Mac Address Table\n-------------------------------------------\n\n");
    mac.push_str("Vlan    Mac Address       Type        Ports\n");
    mac.push_str("----    -----------       --------    -----\n");
    for m in [0x0100_0ccc_cccc_u64, 0x0180_c200_0000, 0x0180_c200_0002] {
        let _ = writeln!(mac, " All    {}    STATIC      CPU", dotted(m));
    }
    let _ = writeln!(
        mac,
        "{:>4}    {}    STATIC      Vl{}",
        spec.vlans.mgmt,
        dotted(spec.base_mac | 0x47),
        spec.vlans.mgmt
    );
    for r in &rows {
        let kind = if r.client.session.is_some() {
            "STATIC"
        } else {
            "DYNAMIC"
        };
        let _ = writeln!(
            mac,
            "{:>4}    {}    {:<12}{}",
            r.client.vlan,
            dotted(r.client.mac),
            kind,
            names(spec.ports[r.port].slot).0
        );
    }
    let _ = writeln!(
        mac,
        "Total Mac Addresses for this criterion: {}",
        rows.len() + 4
    );
    cap.block(
        if abbreviate {
            "sh mac address-table"
        } else {
            "show mac address-table"
        },
        mac,
    );
    learn(&mut ports, &rows, dotted);

    cap.block(
        if abbreviate {
            "sh authentication sessions"
        } else {
            "show authentication sessions"
        },
        sessions(spec, &mut ports),
    );

    let (stp, instances) = spanning_tree(spec);
    cap.block(
        if abbreviate {
            "sh spanning-tree"
        } else {
            "show spanning-tree"
        },
        stp,
    );
    cap.expected.ports = ports;
    cap.expected.spanning_tree = instances;
    cap
}

fn version_text(
    spec: &DeviceSpec,
    model: &str,
    version: &str,
    serial: &dyn Fn(u32) -> String,
) -> String {
    let host = &spec.hostname;
    let up = uptime_words(spec.uptime_minutes);
    let short_version = version.replace(".0", ".");
    let mut s = String::with_capacity(3000);
    let _ = write!(
        s,
        "Cisco IOS XE Software, Version {version}
Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version {short_version}, RELEASE SOFTWARE (fc3)
Technical Support: http://www.cisco.com/techsupport
Copyright (c) 1986-2023 by Cisco Systems, Inc.
Compiled Fri 20-Oct-23 10:44 by mcpre


ROM: IOS-XE ROMMON
BOOTLDR: System Bootstrap, Version 17.9.1r[FC2], RELEASE SOFTWARE (P)

{host} uptime is {up}
Uptime for this control processor is {up}
System returned to ROM by Reload Command
System image file is \"flash:packages.conf\"
Last reload reason: Reload Command


cisco {model} (X86) processor with 1331521K/6147K bytes of memory.
Processor board ID {serial1}
{gig} Gigabit Ethernet interfaces
{ten} Ten Gigabit Ethernet interfaces
2048K bytes of non-volatile configuration memory.
8388608K bytes of physical memory.
11264000K bytes of Flash at flash:.

Base Ethernet MAC Address          : {base}
Motherboard Assembly Number        : 73-17952-06
Model Revision Number              : C0
Model Number                       : {model}
System Serial Number               : {serial1}


Switch Ports Model              SW Version        SW Image              Mode   
------ ----- -----              ----------        ----------            ----   
",
        serial1 = serial(1),
        gig = spec.ports.iter().filter(|p| matches!(p.slot, Slot::Access { .. })).count(),
        ten = spec.ports.iter().filter(|p| matches!(p.slot, Slot::Uplink { .. })).count(),
        base = colon_upper(spec.base_mac),
    );
    for unit in 1..=spec.units {
        let _ = writeln!(
            s,
            "{}{:>5} {:<5} {:<18} {:<17} {:<21} INSTALL",
            if unit == 1 { "*" } else { " " },
            unit,
            64,
            model,
            version,
            "CAT9K_IOSXE"
        );
    }
    for unit in 2..=spec.units {
        let _ = write!(
            s,
            "

Switch {unit:02}
---------
Switch uptime                      : {up}
Base Ethernet MAC Address          : {}
Motherboard Assembly Number        : 73-17952-06
Model Revision Number              : C0
Model Number                       : {model}
System Serial Number               : {}
",
            colon_upper(spec.base_mac + 0x100 * u64::from(unit)),
            serial(unit)
        );
    }
    s.push_str("\n\nConfiguration register is 0x102\n\n");
    s
}

/// `70:b3:17:4a:2c:80`.
fn colon_upper(mac: Mac) -> String {
    crate::names::colon(mac)
}

/// The running configuration, each port's configuration block as the
/// parser stores it (lines joined by `\n`, no `!`), and the expected
/// authentication block.
fn running_config(spec: &DeviceSpec, model: &str) -> (String, Vec<String>, Vec<String>) {
    let host = &spec.hostname;
    let v = &spec.vlans;
    let mut global: Vec<String> = Vec::with_capacity(80);
    let mut g = |s: &str| global.push(s.to_string());
    for line in [
        "!",
        "version 17.9",
        "service timestamps debug datetime msec localtime show-timezone",
        "service timestamps log datetime msec localtime show-timezone",
        "service password-encryption",
        "no platform punt-keepalive disable-kernel-core",
        "!",
    ] {
        g(line);
    }
    g(&format!("hostname {host}"));
    for line in [
        "!",
        "vrf definition Mgmt-vrf",
        " !",
        " address-family ipv4",
        " exit-address-family",
        "!",
        "logging buffered 64000 informational",
        "enable secret 9 $9$8Xo2vMk1Qd5pLE$Vb0s0qJmC2kq1pTgJ3x1mQ7n8gC0rUa6mW5ZkqR2Hx.",
        "!",
        "aaa new-model",
        "!",
        "aaa group server radius ISE-RADIUS",
        " server name ISE-PSN-01",
        " server name ISE-PSN-02",
        " deadtime 15",
        "!",
        "aaa authentication login default group ISE-TACACS local",
        "aaa authentication dot1x default group ISE-RADIUS",
        "aaa authorization exec default group ISE-TACACS local if-authenticated",
        "aaa authorization network default group ISE-RADIUS",
        "aaa accounting dot1x default start-stop group ISE-RADIUS",
        "!",
        "aaa session-id common",
        "boot system switch all flash:packages.conf",
        "clock timezone EST -5 0",
    ] {
        g(line);
    }
    for unit in 1..=spec.units {
        g(&format!(
            "switch {unit} provision {}",
            model.to_ascii_lowercase()
        ));
    }
    for line in [
        "!",
        "ip domain name corp.example.net",
        "login on-success log",
        "!",
        "authentication critical recovery delay 1000",
        "authentication mac-move permit",
        "!",
        "spanning-tree mode rapid-pvst",
        "spanning-tree portfast bpduguard default",
        "spanning-tree extend system-id",
        "dot1x system-auth-control",
        "!",
        "username netadmin privilege 15 secret 9 $9$Qn8sZr0vUq1lJE$aWkXb7p3nYh0tR4mC9dF2gS6jL1kP8oQ5eT3uV0iZ2.",
        "!",
    ] {
        g(line);
    }
    let vlan_names = vlan_names(v);
    for (id, name) in &vlan_names {
        g(&format!("vlan {id}"));
        g(&format!(" name {name}"));
        g("!");
    }
    for line in [
        "interface GigabitEthernet0/0",
        " vrf forwarding Mgmt-vrf",
        " no ip address",
        " shutdown",
        " negotiation auto",
        "!",
    ] {
        g(line);
    }
    let auth_block: Vec<String> = global
        .iter()
        .filter(|l| {
            let first = l.split_whitespace().next().unwrap_or("");
            !l.starts_with(' ')
                && ["aaa", "authentication", "dot1x", "mab", "access-session"].contains(&first)
        })
        .cloned()
        .collect();

    let mut out = String::with_capacity(600 * spec.ports.len() + 4000);
    out.push_str("Building configuration...\n\n");
    let _ = writeln!(
        out,
        "Current configuration : {} bytes",
        12_000 + 480 * spec.ports.len()
    );
    for l in &global {
        out.push_str(l);
        out.push('\n');
    }
    let mut blocks = Vec::with_capacity(spec.ports.len());
    for p in &spec.ports {
        let block = port_config(spec, p);
        out.push_str(&block);
        out.push_str("\n!\n");
        blocks.push(block);
    }
    let octet = spec.serial % 200 + 10;
    let _ = write!(
        out,
        "interface Vlan{mgmt}
 description MGMT
 ip address 10.{octet}.{mgmt}.{host_octet} 255.255.255.0
!
ip default-gateway 10.{octet}.{mgmt}.1
ip forward-protocol nd
no ip http server
ip ssh version 2
!
logging host 10.200.5.20
!
snmp-server group NOC-RO v3 priv read NOC-VIEW
snmp-server location {location}
snmp-server contact NOC x4100
!
radius server ISE-PSN-01
 address ipv4 10.200.10.21 auth-port 1812 acct-port 1813
 key 7 104D000A0618475A5D
!
radius server ISE-PSN-02
 address ipv4 10.200.10.22 auth-port 1812 acct-port 1813
 key 7 104D000A0618475A5D
!
line con 0
 exec-timeout 15 0
line vty 0 4
 exec-timeout 15 0
 transport input ssh
!
ntp server 10.200.1.123
!
end

",
        mgmt = v.mgmt,
        host_octet = spec.number % 250 + 2,
        location = spec.location,
    );
    (out, blocks, auth_block)
}

/// The VLANs of a device with their names.
pub(crate) fn vlan_names(v: &crate::spec::Vlans) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = Vec::new();
    for (i, d) in v.data.iter().enumerate() {
        out.push((
            *d,
            if i == 0 {
                "DATA".into()
            } else {
                format!("DATA{}", i + 1)
            },
        ));
    }
    out.push((v.voice, "VOICE".into()));
    out.push((v.iot, "IOT".into()));
    out.push((v.ap, "AP-MGMT".into()));
    out.push((v.wifi[0], "WIFI-STAFF".into()));
    out.push((v.wifi[1], "WIFI-GUEST".into()));
    out.push((v.mgmt, "SW-MGMT".into()));
    out.push((v.auth_fail, "AUTH-FAIL".into()));
    out.sort();
    out
}

/// A port's configuration block, as the parser keeps it.
fn port_config(spec: &DeviceSpec, p: &PortSpec) -> String {
    let v = &spec.vlans;
    let mut lines: Vec<String> = vec![format!("interface {}", names(p.slot).1)];
    if let Some(d) = &p.description {
        lines.push(format!(" description {d}"));
    }
    if p.link == Link::Disabled {
        lines.push(" shutdown".into());
    }
    match p.role {
        Role::Uplink | Role::Channel => {
            lines.push(format!(
                " switchport trunk allowed vlan 1,{}",
                vlan_list(&v.all())
            ));
            lines.push(" switchport mode trunk".into());
            lines.push(" ip dhcp snooping trust".into());
        }
        Role::AccessPoint => {
            lines.push(format!(" switchport trunk native vlan {}", v.ap));
            lines.push(format!(
                " switchport trunk allowed vlan {}",
                vlan_list(&v.ap_trunk())
            ));
            lines.push(" switchport mode trunk".into());
            lines.push(" spanning-tree portfast trunk".into());
        }
        _ => {
            lines.push(format!(" switchport access vlan {}", p.vlan));
            lines.push(" switchport mode access".into());
            if p.voice {
                lines.push(format!(" switchport voice vlan {}", v.voice));
            }
            let omitted = p.omit.map(|k| RECOMMENDED[k as usize % RECOMMENDED.len()]);
            let mut auth = |l: &str| {
                if omitted != Some(l) {
                    lines.push(format!(" {l}"));
                }
            };
            match p.auth {
                AuthTemplate::Flexible => {
                    auth(RECOMMENDED[0]);
                    auth("authentication event server dead action authorize vlan 999");
                    auth("authentication host-mode multi-domain");
                    auth(RECOMMENDED[1]);
                    auth(RECOMMENDED[2]);
                    auth(RECOMMENDED[3]);
                    auth("authentication periodic");
                    auth("authentication timer reauthenticate server");
                    auth("mab");
                    auth("dot1x pae authenticator");
                    auth(RECOMMENDED[4]);
                    auth(RECOMMENDED[5]);
                }
                AuthTemplate::Dot1x => {
                    auth("authentication event server dead action authorize vlan 999");
                    auth("authentication host-mode single-host");
                    auth("authentication port-control auto");
                    auth("authentication periodic");
                    auth("dot1x pae authenticator");
                    auth("dot1x timeout tx-period 5");
                }
                AuthTemplate::Macauth => {
                    auth("authentication event server dead action authorize vlan 999");
                    auth("authentication host-mode multi-auth");
                    auth("authentication port-control auto");
                    auth("mab");
                }
                AuthTemplate::Open => {}
            }
            lines.push(" spanning-tree portfast".into());
        }
    }
    lines.join("\n")
}

/// The expected record of a port, before MACs and sessions.
fn expected_port(spec: &DeviceSpec, p: &PortSpec, config: &str) -> Port {
    let _ = spec;
    let trunk = p.is_trunk();
    let missing = match (p.auth, p.omit, trunk) {
        (AuthTemplate::Flexible, Some(k), false) => {
            vec![RECOMMENDED[k as usize % RECOMMENDED.len()].to_string()]
        }
        _ => Vec::new(),
    };
    let (duplex, speed, kind) = cells(p);
    Port {
        port: names(p.slot).0,
        name: p.description.clone(),
        status: Some(status(p.link).to_string()),
        vlan: (!trunk).then_some(p.vlan),
        mode: Some(if trunk {
            PortMode::Trunk
        } else {
            PortMode::Access
        }),
        duplex: Some(duplex.to_string()),
        speed: Some(speed.to_string()),
        port_type: Some(kind.to_string()),
        learned_macs: Vec::new(),
        auth_state: None,
        auth_mode: None,
        auth_client_mac: None,
        auth_template: Some(if trunk { AuthTemplate::Open } else { p.auth }),
        missing_auth_cmds: missing,
        config: Some(config.to_string()),
    }
}

/// Duplex, speed and type cells.
fn cells(p: &PortSpec) -> (&'static str, &'static str, &'static str) {
    let uplink = matches!(p.slot, Slot::Uplink { .. } | Slot::Channel(_));
    match (uplink, p.up()) {
        (true, true) => ("full", "10G", "SFP-10GBase-SR"),
        (true, false) => ("auto", "auto", "unknown"),
        (false, true) if p.speed == 100 => ("a-full", "a-100", "10/100/1000BaseTX"),
        (false, true) => ("a-full", "a-1000", "10/100/1000BaseTX"),
        (false, false) => ("auto", "auto", "10/100/1000BaseTX"),
    }
}

fn status_table(spec: &DeviceSpec) -> String {
    let mut s = String::with_capacity(90 * (spec.ports.len() + 3));
    s.push_str("\nPort         Name               Status       Vlan       Duplex  Speed Type\n");
    for p in &spec.ports {
        let vlan = if p.is_trunk() {
            if p.up() {
                "trunk".to_string()
            } else {
                "1".to_string()
            }
        } else {
            p.vlan.to_string()
        };
        let (duplex, speed, kind) = cells(p);
        let _ = writeln!(
            s,
            "{:<13}{} {:<13}{:<11}{:>6} {:>6} {}",
            names(p.slot).0,
            cell(p.description.as_deref().unwrap_or(""), 18),
            status(p.link),
            vlan,
            duplex,
            speed,
            kind
        );
    }
    s.push('\n');
    s
}

/// The session table; fills the ports' auth columns: the DATA session
/// describes a port, else its first session.
fn sessions(spec: &DeviceSpec, ports: &mut [Port]) -> String {
    let mut s = String::with_capacity(90 * spec.ports.len());
    s.push_str("\nInterface    MAC Address     Method   Domain   Status Fg  Session ID\n");
    let mut count = 0;
    for (i, p) in spec.ports.iter().enumerate() {
        let mut chosen: Option<(bool, Method, SessionState, Mac)> = None;
        for c in &p.clients {
            let Some((method, state)) = c.session else {
                continue;
            };
            count += 1;
            let data = c.kind != crate::spec::ClientKind::Phone;
            let status = match state {
                SessionState::Authorized => "Auth",
                SessionState::Unauthorized if c.mac % 3 == 0 => "Authc Failed",
                SessionState::Unauthorized => "Unauth",
                SessionState::Running => "Running",
            };
            let _ = writeln!(
                s,
                "{:<13}{:<16}{:<9}{:<9}{:<10} {:08X}{:016X}",
                names(p.slot).0,
                dotted(c.mac),
                method_name(method),
                if data { "DATA" } else { "VOICE" },
                status,
                0x0A15_020B_u32,
                c.mac ^ (spec.serial << 8)
            );
            match chosen {
                Some((true, ..)) => {}
                Some((false, ..)) if !data => {}
                _ => chosen = Some((data, method, state, c.mac)),
            }
        }
        if let Some((_, method, state, mac)) = chosen {
            ports[i].auth_state = Some(auth_state(state));
            ports[i].auth_mode = Some(method_name(method).to_string());
            ports[i].auth_client_mac = Some(dotted(mac));
        }
    }
    let _ = writeln!(s, "Session count = {count}\n");
    s
}

fn method_name(m: Method) -> &'static str {
    match m {
        Method::Dot1x => "dot1x",
        Method::Mab => "mab",
    }
}

/// The stored auth state of a session state.
pub(crate) fn auth_state(s: SessionState) -> AuthState {
    match s {
        SessionState::Authorized => AuthState::Authorized,
        SessionState::Unauthorized => AuthState::Unauthorized,
        SessionState::Running => AuthState::Unknown,
    }
}

/// Ports of each VLAN's spanning-tree instance: (port index, role, state,
/// cost) for every up port carrying the VLAN, in port order.
pub(crate) fn stp_members(
    spec: &DeviceSpec,
    vlan: u32,
) -> Vec<(usize, &'static str, &'static str, u64)> {
    let v = &spec.vlans;
    let mut out = Vec::new();
    for (i, p) in spec.ports.iter().enumerate() {
        if !p.up() {
            continue;
        }
        let carried = match p.role {
            Role::Uplink | Role::Channel => true,
            Role::AccessPoint => v.ap_trunk().contains(&vlan),
            Role::User | Role::Printer | Role::Camera => {
                p.vlan == vlan || (p.voice && v.voice == vlan)
            }
            Role::Spare | Role::Firewall => false,
        };
        if !carried {
            continue;
        }
        let entry = match p.slot {
            Slot::Uplink { n: 1, .. } => (i, "Root", "FWD", 2),
            Slot::Uplink { .. } | Slot::Channel(_) => (i, "Altn", "BLK", 2),
            Slot::Access { .. } => (i, "Desg", "FWD", if p.speed == 100 { 19 } else { 4 }),
        };
        out.push(entry);
    }
    out
}

fn spanning_tree(spec: &DeviceSpec) -> (String, Vec<SpanInstance>) {
    let mut vlans = vec![1];
    vlans.extend(spec.vlans.all());
    let root_port = spec
        .ports
        .iter()
        .find(|p| matches!(p.slot, Slot::Uplink { n: 1, .. }))
        .map(|p| names(p.slot));
    let root_index = spec
        .ports
        .iter()
        .position(|p| matches!(p.slot, Slot::Uplink { n: 1, .. }))
        .unwrap_or(0)
        + 1;
    let mut s = String::with_capacity(4096);
    let mut instances = Vec::new();
    for vlan in vlans {
        let members = stp_members(spec, vlan);
        let name = format!("VLAN{vlan:04}");
        let _ = write!(
            s,
            "
{name}
  Spanning tree enabled protocol rstp
  Root ID    Priority    {rprio}
             Address     {root}
             Cost        2
             Port        {root_index} ({root_long})
             Hello Time   2 sec  Max Age 20 sec  Forward Delay 15 sec

  Bridge ID  Priority    {bprio}  (priority 32768 sys-id-ext {vlan})
             Address     {base}
             Hello Time   2 sec  Max Age 20 sec  Forward Delay 15 sec
             Aging Time  300 sec

Interface           Role Sts Cost      Prio.Nbr Type
------------------- ---- --- --------- -------- --------------------------------
",
            rprio = 24576 + vlan,
            root = dotted(spec.root_mac),
            root_long = root_port.as_ref().map_or("", |n| n.1.as_str()),
            bprio = 32768 + vlan,
            base = dotted(spec.base_mac),
        );
        let mut ports = Vec::with_capacity(members.len());
        for (i, role, state, cost) in members {
            let short = names(spec.ports[i].slot).0;
            let edge = if matches!(spec.ports[i].slot, Slot::Access { .. }) {
                "P2p Edge "
            } else {
                "P2p "
            };
            let _ = writeln!(
                s,
                "{:<20}{role} {state} {:<10}{:<9}{edge}",
                short,
                cost,
                format!("128.{}", i + 1)
            );
            ports.push(SpanPort {
                port: short,
                role: role.to_string(),
                state: state.to_string(),
                cost: Some(cost),
            });
        }
        s.push('\n');
        instances.push(SpanInstance {
            vlan: name,
            protocol: Some("rstp".into()),
            root_switch: Some(dotted(spec.root_mac)),
            root_port: root_port.as_ref().map(|n| n.0.clone()),
            root_cost: Some(2),
            ports,
        });
    }
    s.push('\n');
    (s, instances)
}
