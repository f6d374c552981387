//! Palo Alto PAN-OS firewalls, after `corpora/samples/paloalto-pa3220.log`:
//! `show system info` and `show interface all` (hardware and logical
//! tables). A firewall has no MAC table, 802.1X or spanning tree here; a
//! data port whose logical interface forwards in a virtual router is
//! routed.

use super::Capture;
use crate::names::colon;
use crate::spec::{DeviceSpec, PortSpec, Slot};
use statetrace_model::{Device, Port, PortMode, Vendor};
use std::fmt::Write;

/// (model, software version).
const PLATFORMS: &[(&str, &str)] = &[
    ("PA-3220", "10.2.3"),
    ("PA-3410", "11.0.4-h1"),
    ("PA-5220", "10.1.11-h4"),
    ("PA-460", "11.1.2"),
];

fn name(slot: Slot) -> String {
    match slot {
        Slot::Access { n, .. } | Slot::Uplink { n, .. } => format!("ethernet1/{n}"),
        Slot::Channel(n) => format!("ae{n}"),
    }
}

/// A data port routes unless it is every third one (virtual wire).
fn routed(i: usize) -> bool {
    i % 3 != 2
}

/// Prints the device.
pub fn capture(spec: &DeviceSpec) -> Capture {
    let host = &spec.hostname;
    let (model, version) = PLATFORMS[spec.variant as usize % PLATFORMS.len()];
    let serial = format!("{:012}", spec.serial);
    let minutes = spec.uptime_minutes;
    let uptime = format!(
        "{} days, {}:{:02}:{:02}",
        minutes / 1440,
        minutes / 60 % 24,
        minutes % 60,
        spec.number % 60
    );
    let mut expected = Device::new(host);
    expected.vendor = Some(Vendor::PaloAlto);
    expected.model = Some(model.to_string());
    expected.version = Some(version.to_string());
    expected.serial = Some(serial.clone());
    expected.uptime = Some(uptime.clone());
    let ha = if spec.variant & 0x200 != 0 {
        "(active)"
    } else {
        ""
    };
    let mut cap = Capture::new(format!("admin@{host}{ha}> "), None, expected);
    cap.pager_off = "set cli pager off";
    let octet = spec.serial % 200 + 10;
    cap.block(
        "show system info",
        format!(
            "
hostname: {host}
ip-address: 10.{octet}.0.10
public-ip-address: unknown
netmask: 255.255.255.0
default-gateway: 10.{octet}.0.1
ip-assignment: static
ipv6-address: unknown
mac-address: {mac}
time: Wed Nov  4 09:31:18 2026
uptime: {uptime}
family: {family}
model: {model}
serial: {serial}
cloud-mode: non-cloud
sw-version: {version}
app-version: 8943-9185
threat-version: 8943-9185
url-db: paloaltonetworks
logdb-version: 10.2.1
vpn-disable-mode: off
multi-vsys: off
operational-mode: normal
device-certificate-status: Valid

",
            mac = colon(spec.base_mac),
            family = &model[3..model.len().min(7)],
        ),
    );

    let mut hw = String::with_capacity(80 * (spec.ports.len() + 10));
    let _ = write!(
        hw,
        "\ntotal configured hardware interfaces: {}\n\nname                    id    speed/duplex/state            mac address\n{}\n",
        spec.ports.len() + 3,
        "-".repeat(80)
    );
    let mut ports = Vec::with_capacity(spec.ports.len());
    for (i, p) in spec.ports.iter().enumerate() {
        let n = name(p.slot);
        let state = if p.up() {
            format!("{}/full/up", p.speed)
        } else {
            "ukn/ukn/down(autoneg)".to_string()
        };
        let _ = writeln!(
            hw,
            "{n:<24}{:<6}{state:<30}{}",
            16 + i,
            colon(spec.base_mac + 0x10 + i as u64)
        );
        ports.push(expected_port(p, i));
    }
    for (n, id) in [("vlan", 1), ("loopback", 3), ("tunnel", 4)] {
        let _ = writeln!(
            hw,
            "{n:<24}{id:<6}{:<30}{}",
            "[n/a]/[n/a]/up",
            colon(spec.base_mac + id)
        );
    }
    let _ = write!(
        hw,
        "\ntotal configured logical interfaces: {}\n\nname                id    vsys zone             forwarding               tag    address\n------------------- ----- ---- ---------------- ------------------------ ------ ------------------\n",
        spec.ports.len() + 3
    );
    for (i, p) in spec.ports.iter().enumerate() {
        let (zone, fwd, addr) = if routed(i) {
            (
                format!("zone-{}", i + 1),
                "vr:default".to_string(),
                format!("10.{octet}.{}.1/24", i + 1),
            )
        } else {
            (
                format!("wire-{}", i / 3 + 1),
                format!("vw:wire-{}", i / 3 + 1),
                "N/A".to_string(),
            )
        };
        let _ = writeln!(
            hw,
            "{:<20}{:<6}1    {zone:<17}{fwd:<25}0      {addr}",
            name(p.slot),
            16 + i
        );
    }
    for (n, id) in [("vlan", 1), ("loopback", 3), ("tunnel", 4)] {
        let _ = writeln!(hw, "{n:<20}{id:<6}1    {:<17}{:<25}0      N/A", "", "N/A");
    }
    hw.push('\n');
    cap.block("show interface all", hw);
    cap.expected.ports = ports;
    cap
}

fn expected_port(p: &PortSpec, i: usize) -> Port {
    Port {
        port: name(p.slot),
        status: Some(if p.up() { "up" } else { "down" }.to_string()),
        mode: routed(i).then_some(PortMode::Routed),
        duplex: p.up().then(|| "full".to_string()),
        speed: p.up().then(|| p.speed.to_string()),
        ..Port::default()
    }
}
