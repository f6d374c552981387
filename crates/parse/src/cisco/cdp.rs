//! `show cdp neighbors detail`: one block of `Label: value` lines per
//! neighbour.
//!
//! A neighbour starts at its `Device ID:` line (the dashed separators are
//! not relied on: some captures lack them). Address lists follow the
//! `Entry address(es):` and `Management address(es):` headings; the
//! neighbour's software description is the block of lines after
//! `Version :` up to a blank line.

use crate::trim::TrimExt;
use std::borrow::Cow;

use crate::port_name::short;
use crate::table::{find_ci, is_blank, labelled};

/// One CDP neighbour, values as printed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CdpNeighbor<'a> {
    /// The neighbour's device ID (`desktop-switch`, `SEP00112233AABB`),
    /// without the serial number NX-OS appends in parentheses.
    pub device_id: &'a str,
    /// The serial number of `Device ID: n5k(FOX1234ABCD)` (NX-OS).
    pub serial: Option<&'a str>,
    /// IPv4 addresses under `Entry address(es):` (NX-OS: `Interface
    /// address(es):`), in printed order.
    pub entry_addresses: Vec<&'a str>,
    /// IPv6 addresses under `Entry address(es):`, without their
    /// `(link-local)` / `(global unicast)` notes.
    pub entry_ipv6: Vec<&'a str>,
    /// The Platform cell as printed, up to the comma before `Capabilities`
    /// (a space the device printed before the comma is kept: `Cisco `).
    pub platform_cell: Option<&'a str>,
    /// The capabilities (`Router Switch IGMP`), trimmed.
    pub capabilities: Option<&'a str>,
    /// The local interface as printed (`GigabitEthernet1/0/16`).
    pub local_port_raw: Option<&'a str>,
    /// The neighbour's port, `Port ID (outgoing port)` (`GigabitEthernet0/1`,
    /// `eth0`).
    pub port_id: Option<&'a str>,
    /// Holdtime in seconds as printed (`164`).
    pub holdtime: Option<&'a str>,
    /// The lines after `Version :` up to a blank line, trimmed.
    pub version: Vec<&'a str>,
    /// `advertisement version` (`2`).
    pub advertisement_version: Option<&'a str>,
    /// `VTP Management Domain`, without the quotes IOS prints; `None` when
    /// empty (`''`).
    pub vtp_domain: Option<&'a str>,
    /// `Native VLAN`.
    pub native_vlan: Option<&'a str>,
    /// `Duplex` (`full`).
    pub duplex: Option<&'a str>,
    /// IPv4 addresses under `Management address(es):`.
    pub management_addresses: Vec<&'a str>,
}

impl<'a> CdpNeighbor<'a> {
    /// The platform, trimmed (`cisco WS-C2960-8TC-L`); `None` when empty.
    pub fn platform(&self) -> Option<&'a str> {
        self.platform_cell
            .map(str::trim_ws)
            .filter(|p| !p.is_empty())
    }

    /// The canonical short name of the local interface.
    pub fn local_port(&self) -> Option<Cow<'a, str>> {
        self.local_port_raw.map(short)
    }

    /// The first line of the version block: the software banner
    /// (`Cisco IOS Software, C2960 Software (...), Version 12.2(55)SE9, ...`).
    pub fn software(&self) -> Option<&'a str> {
        self.version.first().copied()
    }
}

/// Which list the address lines currently being read belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    None,
    Entry,
    Management,
    Version,
}

/// `Device ID: name` or NX-OS `Device ID:name(SERIAL)`.
fn device_id(value: &str) -> (&str, Option<&str>) {
    if let Some(inner) = value.strip_suffix(')') {
        if let Some(open) = inner.rfind('(') {
            let name = inner[..open].trim_ws_end();
            let serial = inner[open + 1..].trim_ws();
            if !name.is_empty() && !serial.is_empty() {
                return (name, Some(serial));
            }
        }
    }
    (value, None)
}

/// `Platform: cisco WS-C2960-8TC-L,  Capabilities: Switch IGMP`.
fn platform_line<'a>(n: &mut CdpNeighbor<'a>, value: &'a str) {
    match find_ci(value, "capabilities") {
        Some(cap) => {
            let head = &value[..cap];
            let platform = head.rfind(',').map_or(head, |c| &head[..c]);
            n.platform_cell = Some(platform);
            let rest = value[cap + "capabilities".len()..].trim_ws_start();
            let caps = rest.strip_prefix(':').unwrap_or(rest).trim_ws();
            n.capabilities = (!caps.is_empty()).then_some(caps);
        }
        None => n.platform_cell = Some(value),
    }
}

/// `Interface: GigabitEthernet1/0/16,  Port ID (outgoing port): Gi0/1`.
fn interface_line<'a>(n: &mut CdpNeighbor<'a>, value: &'a str) {
    let (local, rest) = value.split_once(',').unwrap_or((value, ""));
    let local = local.trim_ws();
    n.local_port_raw = (!local.is_empty()).then_some(local);
    if let Some(at) = find_ci(rest, "port id") {
        let rest = &rest[at..];
        // After the label's colon, which follows `(outgoing port)`.
        if let Some(colon) = rest.find(':') {
            let port = rest[colon + 1..].trim_ws();
            n.port_id = (!port.is_empty()).then_some(port);
        }
    }
}

/// An address line: `IP address: 10.1.1.2`, NX-OS `IPv4 Address: ...`, or
/// `IPv6 address: fe80::1  (link-local)`. Returns (is IPv6, address).
fn address_line(line: &str) -> Option<(bool, &str)> {
    let (v6, value) = if let Some(v) = labelled(line, "ip address") {
        (false, v)
    } else if let Some(v) = labelled(line, "ipv4 address") {
        (false, v)
    } else {
        (true, labelled(line, "ipv6 address")?)
    };
    let addr = value.split_ascii_whitespace().next()?;
    Some((v6, addr))
}

fn some_value(v: &str) -> Option<&str> {
    (!v.is_empty()).then_some(v)
}

/// Parses `show cdp neighbors detail` into neighbours, in printed order.
pub fn parse_cdp_neighbors_detail<'a>(lines: &[&'a str]) -> Vec<CdpNeighbor<'a>> {
    let mut out: Vec<CdpNeighbor<'a>> = Vec::new();
    let mut section = Section::None;
    for &line in lines {
        if is_blank(line) {
            section = Section::None;
            continue;
        }
        if let Some(v) = labelled(line, "device id") {
            let (name, serial) = device_id(v);
            out.push(CdpNeighbor {
                device_id: name,
                serial,
                ..CdpNeighbor::default()
            });
            section = Section::None;
            continue;
        }
        let Some(n) = out.last_mut() else { continue };
        let t = line.trim_ws();
        if section == Section::Version {
            n.version.push(t);
            continue;
        }
        if let Some((v6, addr)) = address_line(line) {
            match (section, v6) {
                (Section::Entry, false) => n.entry_addresses.push(addr),
                (Section::Entry, true) => n.entry_ipv6.push(addr),
                (Section::Management, false) => n.management_addresses.push(addr),
                _ => {}
            }
            continue;
        }
        section = Section::None;
        // NX-OS calls the entry addresses `Interface address(es)`.
        if labelled(line, "entry address(es)").is_some()
            || labelled(line, "interface address(es)").is_some()
        {
            section = Section::Entry;
        } else if labelled(line, "management address(es)").is_some() {
            section = Section::Management;
        } else if let Some(v) = labelled(line, "version") {
            if v.is_empty() {
                section = Section::Version;
            } else {
                // NX-OS may print the banner on the label's own line.
                n.version.push(v);
            }
        } else if let Some(v) = labelled(line, "platform") {
            platform_line(n, v);
        } else if let Some(v) = labelled(line, "interface") {
            interface_line(n, v);
        } else if let Some(v) = labelled(line, "holdtime") {
            n.holdtime = v.split_ascii_whitespace().next();
        } else if let Some(v) = labelled(line, "advertisement version") {
            n.advertisement_version = some_value(v);
        } else if let Some(v) = labelled(line, "vtp management domain") {
            n.vtp_domain = some_value(v.trim_matches('\''));
        } else if let Some(v) = labelled(line, "native vlan") {
            n.native_vlan = some_value(v);
        } else if let Some(v) = labelled(line, "duplex") {
            n.duplex = some_value(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Vec<CdpNeighbor<'_>> {
        let lines: Vec<&str> = s.lines().collect();
        parse_cdp_neighbors_detail(&lines)
    }

    const IOS: &str = "-------------------------
Device ID: desktop-switch
Entry address(es): 
  IP address: 10.1.1.2
  IPv6 address: FE80::1  (link-local)
Platform: cisco WS-C2960-8TC-L,  Capabilities: Switch IGMP 
Interface: GigabitEthernet1/0/16,  Port ID (outgoing port): GigabitEthernet0/1
Holdtime : 164 sec

Version :
Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M), Version 12.2(55)SE9, RELEASE SOFTWARE (fc1)
Technical Support: http://www.cisco.com/techsupport

advertisement version: 2
VTP Management Domain: ''
Native VLAN: 1
Duplex: full
Management address(es): 
  IP address: 10.1.1.3

-------------------------
Device ID: vIOS-L2-1
Entry address(es): 
Platform: Cisco ,  Capabilities: Router Switch IGMP
Interface: GigabitEthernet0/3,  Port ID (outgoing port): eth0
Holdtime : 173 sec

Version :
Linux 2.6.32 #1 SMP

advertisement version: 2
VTP Management Domain: 'LAB'
";

    #[test]
    fn ios_neighbours() {
        let n = parse(IOS);
        assert_eq!(n.len(), 2);
        let a = &n[0];
        assert_eq!(a.device_id, "desktop-switch");
        assert_eq!(a.entry_addresses, ["10.1.1.2"]);
        assert_eq!(a.entry_ipv6, ["FE80::1"]);
        assert_eq!(a.platform_cell, Some("cisco WS-C2960-8TC-L"));
        assert_eq!(a.capabilities, Some("Switch IGMP"));
        assert_eq!(a.local_port_raw, Some("GigabitEthernet1/0/16"));
        assert_eq!(a.local_port().as_deref(), Some("Gi1/0/16"));
        assert_eq!(a.port_id, Some("GigabitEthernet0/1"));
        assert_eq!(a.holdtime, Some("164"));
        assert_eq!(a.version.len(), 2);
        assert!(a.software().unwrap().ends_with("RELEASE SOFTWARE (fc1)"));
        assert_eq!(a.advertisement_version, Some("2"));
        assert_eq!(a.vtp_domain, None);
        assert_eq!(a.native_vlan, Some("1"));
        assert_eq!(a.duplex, Some("full"));
        assert_eq!(a.management_addresses, ["10.1.1.3"]);

        let b = &n[1];
        assert_eq!(b.device_id, "vIOS-L2-1");
        assert!(b.entry_addresses.is_empty());
        assert_eq!(b.platform_cell, Some("Cisco "));
        assert_eq!(b.platform(), Some("Cisco"));
        assert_eq!(b.capabilities, Some("Router Switch IGMP"));
        assert_eq!(b.port_id, Some("eth0"));
        assert_eq!(b.version, ["Linux 2.6.32 #1 SMP"]);
        assert_eq!(b.vtp_domain, Some("LAB"));
        assert_eq!((b.native_vlan, b.duplex), (None, None));
    }

    #[test]
    fn nexus_serial_and_inline_version() {
        let n = parse(
            "Device ID:N9K-LEAF-1(FDO21120U8N)\n\
             System Name: N9K-LEAF-1\n\
             Interface address(es):\n    IPv4 Address: 10.0.0.9\n\
             Platform: N9K-C93180YC-EX, Capabilities: Router Switch IGMP Filtering Supports-STP-Dispute\n\
             Interface: Ethernet1/49, Port ID (outgoing port): Ethernet1/50\n\
             Version:\nCisco Nexus Operating System (NX-OS) Software, Version 9.3(5)\n",
        );
        assert_eq!(n.len(), 1);
        assert_eq!(
            (n[0].device_id, n[0].serial),
            ("N9K-LEAF-1", Some("FDO21120U8N"))
        );
        assert_eq!(n[0].entry_addresses, ["10.0.0.9"]);
        assert_eq!(n[0].platform(), Some("N9K-C93180YC-EX"));
        assert_eq!(n[0].local_port_raw, Some("Ethernet1/49"));
        assert_eq!(n[0].port_id, Some("Ethernet1/50"));
        assert_eq!(n[0].version.len(), 1);
    }

    #[test]
    fn lines_before_the_first_device_are_ignored() {
        assert!(parse("Platform: x, Capabilities: y\n-----\n").is_empty());
        let n = parse("Device ID: a\nInterface: Gi0/1\nPlatform: only");
        assert_eq!(n[0].local_port_raw, Some("Gi0/1"));
        assert_eq!(n[0].port_id, None);
        assert_eq!(n[0].platform_cell, Some("only"));
        assert_eq!(n[0].capabilities, None);
    }
}
