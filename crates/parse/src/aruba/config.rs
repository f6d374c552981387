//! `show running-config` of AOS-S and AOS-CX.
//!
//! The two differ in where port facts live. AOS-S is VLAN-centric: a
//! `vlan 10` block lists its `untagged`/`tagged` ports, `trunk 49-50 trk1`
//! bundles ports, and 802.1X / MAC authentication are global port lists
//! (`aaa port-access authenticator 1-40`, `aaa port-access mac-based
//! 1-44`); an `interface 1` block holds little more than `name "desc"` and
//! ends with `exit`. AOS-CX is interface-centric: `interface 1/1/1` holds
//! `description`, `vlan access 10` or `vlan trunk ...`, and authentication
//! sub-blocks (`aaa authentication port-access dot1x authenticator` with
//! `enable` under it). One pass reads both; blocks are sub-slices of the
//! input.

use crate::trim::TrimExt;
use std::borrow::Cow;

use super::layout::{is_aruba_port, is_vlan_id, unquote, PortList};
use crate::table::{is_blank, starts_with_ci, tokens};

/// An `interface X` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceConfig<'a> {
    /// The name as written after `interface` (`1`, `A1`, `1/1/1`, `lag 1`).
    pub name: &'a str,
    /// The port as tables print it: the name without spaces (`lag1`).
    pub port: Cow<'a, str>,
    /// The `interface` line and its body, without AOS-S's closing `exit`.
    pub lines: &'a [&'a str],
    /// AOS-S `name "X"` (unquoted) or AOS-CX `description X`.
    pub description: Option<&'a str>,
    /// AOS-CX `vlan access N`.
    pub access_vlan: Option<&'a str>,
    /// AOS-CX `vlan trunk allowed ...` / `vlan trunk native N`.
    pub trunk: bool,
    /// AOS-CX `routing` (`Some(true)`) or `no routing` (`Some(false)`).
    pub routing: Option<bool>,
    /// AOS-CX `lag N`: the number of the LAG the port is a member of.
    pub lag: Option<&'a str>,
    /// 802.1X authenticator enabled on the port: AOS-CX's
    /// `aaa authentication port-access dot1x authenticator` sub-block with
    /// `enable`, or an AOS-S body line `aaa port-access authenticator`.
    pub dot1x: bool,
    /// MAC authentication enabled on the port: AOS-CX's
    /// `aaa authentication port-access mac-auth` sub-block with `enable`,
    /// or an AOS-S body line `aaa port-access mac-based`.
    pub mac_auth: bool,
}

impl InterfaceConfig<'_> {
    /// The block as one text, lines joined with `\n`, each without trailing
    /// whitespace.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.lines.iter().map(|l| l.len() + 1).sum());
        for (i, l) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(l.trim_ws_end());
        }
        out
    }
}

/// An AOS-S or AOS-CX `vlan N` block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VlanConfig<'a> {
    /// VLAN ID.
    pub id: &'a str,
    /// `name` (unquoted).
    pub name: Option<&'a str>,
    /// AOS-S `untagged` port lists.
    pub untagged: Vec<PortList<'a>>,
    /// AOS-S `tagged` port lists.
    pub tagged: Vec<PortList<'a>>,
    /// AOS-S `voice`: the VLAN carries IP phones.
    pub voice: bool,
}

/// How a port belongs to a VLAN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Membership {
    /// The VLAN's untagged (native) member.
    Untagged,
    /// A tagged member.
    Tagged,
}

/// An AOS-S `trunk <ports> trkN [lacp|trunk]` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrunkConfig<'a> {
    /// The trunk's name as written (`trk1`).
    pub name: &'a str,
    /// Its member ports.
    pub members: PortList<'a>,
}

/// What the device record needs from a running configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunningConfig<'a> {
    /// True when the configuration is AOS-CX's (`!Version ArubaOS-CX ...`).
    pub cx: bool,
    /// `hostname X`, unquoted.
    pub hostname: Option<&'a str>,
    /// `snmp-server location X` (AOS-S) or `snmp-server system-location X`
    /// (AOS-CX), unquoted.
    pub snmp_location: Option<&'a str>,
    /// Interface blocks in configuration order.
    pub interfaces: Vec<InterfaceConfig<'a>>,
    /// VLAN blocks in configuration order.
    pub vlans: Vec<VlanConfig<'a>>,
    /// AOS-S trunks.
    pub trunks: Vec<TrunkConfig<'a>>,
    /// AOS-S `aaa port-access authenticator <ports>` lists.
    pub dot1x_ports: Vec<PortList<'a>>,
    /// AOS-S `aaa port-access mac-based <ports>` lists.
    pub mac_auth_ports: Vec<PortList<'a>>,
    /// The first AOS-S `... unauth-vid N`: the VLAN for clients that fail
    /// authentication.
    pub auth_default_vlan: Option<&'a str>,
    /// Global `aaa` lines in order, with the indented lines of AOS-CX's
    /// global `aaa` blocks; trailing whitespace trimmed.
    pub auth_block: Vec<&'a str>,
}

impl<'a> RunningConfig<'a> {
    /// The interface block of a port as tables print it.
    pub fn interface(&self, port: &str) -> Option<&InterfaceConfig<'a>> {
        self.interfaces
            .iter()
            .find(|i| i.port.eq_ignore_ascii_case(port))
    }

    /// The block of AOS-CX LAG number `n` (`interface lag 1`).
    pub fn lag(&self, n: &str) -> Option<&InterfaceConfig<'a>> {
        self.interfaces
            .iter()
            .find(|i| i.port.strip_prefix("lag") == Some(n))
    }

    /// The trunk a port is a member of (AOS-S).
    fn trunk_of(&self, port: &str) -> Option<&'a str> {
        self.trunks
            .iter()
            .find(|t| t.members.contains(port))
            .map(|t| t.name)
    }

    /// The AOS-S VLAN membership of a port, directly or through its trunk:
    /// each VLAN that lists it, with how (a VLAN listing it both ways
    /// yields both), in configuration order.
    pub fn vlan_membership<'s>(
        &'s self,
        port: &'s str,
    ) -> impl Iterator<Item = (&'a str, Membership)> + 's {
        let trunk = self.trunk_of(port);
        let member = move |lists: &[PortList<'_>]| {
            lists
                .iter()
                .any(|l| l.contains(port) || trunk.is_some_and(|t| l.contains(t)))
        };
        self.vlans.iter().flat_map(move |v| {
            let untagged = member(&v.untagged).then_some((v.id, Membership::Untagged));
            let tagged = member(&v.tagged).then_some((v.id, Membership::Tagged));
            untagged.into_iter().chain(tagged)
        })
    }

    /// True when the configuration marks VLAN `id` as a voice VLAN.
    pub fn is_voice_vlan(&self, id: &str) -> bool {
        self.vlans.iter().any(|v| v.voice && v.id == id)
    }

    /// Whether 802.1X and MAC authentication are enabled on a port: an
    /// AOS-S global list naming it, or its own interface block.
    pub fn auth_methods(&self, port: &str) -> (bool, bool) {
        self.auth_methods_with(port, self.interface(port))
    }

    /// [`RunningConfig::auth_methods`] with the port's block already found.
    pub fn auth_methods_with(
        &self,
        port: &str,
        iface: Option<&InterfaceConfig<'_>>,
    ) -> (bool, bool) {
        let dot1x =
            iface.is_some_and(|i| i.dot1x) || self.dot1x_ports.iter().any(|l| l.contains(port));
        let mac = iface.is_some_and(|i| i.mac_auth)
            || self.mac_auth_ports.iter().any(|l| l.contains(port));
        (dot1x, mac)
    }
}

/// True for an AOS-S port list: comma-separated ports or ranges of ports.
fn is_port_list(s: &str) -> bool {
    !s.is_empty()
        && s.split(',').all(|item| {
            let mut ends = item.splitn(2, '-');
            ends.all(is_aruba_port)
        })
}

/// Words after the first `n` of a line, joined as written.
fn after_words(line: &str, n: usize) -> Option<&str> {
    let t = tokens(line).nth(n)?;
    let rest = line[t.start..].trim_ws_end();
    (!rest.is_empty()).then_some(rest)
}

/// Reads an AOS-S global `aaa port-access ...` line.
fn port_access_line<'a>(cfg: &mut RunningConfig<'a>, line: &'a str) {
    let mut w = tokens(line).map(|t| t.text);
    if !(w.next() == Some("aaa") && w.next() == Some("port-access")) {
        return;
    }
    let kind = w.next();
    let list = w.next();
    let extra = w.next();
    if let (Some(kind), Some(list)) = (kind, list) {
        if extra.is_none() && is_port_list(list) {
            match kind {
                "authenticator" => cfg.dot1x_ports.push(PortList(list)),
                "mac-based" => cfg.mac_auth_ports.push(PortList(list)),
                _ => {}
            }
        }
    }
    if cfg.auth_default_vlan.is_none() {
        let mut prev = "";
        for t in tokens(line) {
            if prev == "unauth-vid" && is_vlan_id(t.text) {
                cfg.auth_default_vlan = Some(t.text);
                break;
            }
            prev = t.text;
        }
    }
}

/// What kind of column-0 block is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Interface,
    Vlan,
    Aaa,
    Other,
}

/// The authentication method of an open AOS-CX sub-block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Dot1x,
    MacAuth,
}

/// State of the block being read.
struct Block<'a> {
    kind: Open,
    start: usize,
    end: usize,
    iface: Option<InterfaceConfig<'a>>,
    vlan: Option<VlanConfig<'a>>,
    /// An AOS-CX auth sub-block: its method and indentation.
    sub: Option<(Method, usize)>,
}

/// How many spaces and tabs a line starts with.
fn indent(line: &str) -> usize {
    line.bytes()
        .take_while(|b| *b == b' ' || *b == b'\t')
        .count()
}

/// Reads one body line of an interface block, given as its indentation
/// ([`indent`]) and its trimmed text.
fn interface_line<'a>(
    i: &mut InterfaceConfig<'a>,
    sub: &mut Option<(Method, usize)>,
    depth: usize,
    t: &'a str,
) {
    if let Some((method, d)) = *sub {
        if depth > d {
            if t == "enable" {
                match method {
                    Method::Dot1x => i.dot1x = true,
                    Method::MacAuth => i.mac_auth = true,
                }
            }
            return;
        }
        *sub = None;
    }
    if t == "aaa authentication port-access dot1x authenticator" {
        *sub = Some((Method::Dot1x, depth));
    } else if t == "aaa authentication port-access mac-auth" {
        *sub = Some((Method::MacAuth, depth));
    } else if t == "aaa port-access authenticator" {
        i.dot1x = true;
    } else if t == "aaa port-access mac-based" {
        i.mac_auth = true;
    } else if let Some(d) = t.strip_prefix("description ") {
        let d = d.trim_ws();
        if !d.is_empty() {
            i.description = Some(d);
        }
    } else if let Some(n) = t.strip_prefix("name ") {
        let n = unquote(n);
        if !n.is_empty() {
            i.description = Some(n);
        }
    } else if let Some(v) = t.strip_prefix("vlan access ") {
        i.access_vlan = Some(v.trim_ws()).filter(|v| is_vlan_id(v));
    } else if starts_with_ci(t, "vlan trunk ") {
        i.trunk = true;
    } else if let Some(n) = t.strip_prefix("lag ").filter(|n| is_vlan_id(n.trim_ws())) {
        i.lag = Some(n.trim_ws());
    } else if t == "routing" {
        i.routing = Some(true);
    } else if t == "no routing" {
        i.routing = Some(false);
    }
}

/// Reads one body line of a VLAN block.
fn vlan_line<'a>(v: &mut VlanConfig<'a>, line: &'a str) {
    let mut w = tokens(line).map(|t| t.text);
    match (w.next(), w.next()) {
        (Some("untagged"), Some(list)) => v.untagged.push(PortList(list)),
        (Some("tagged"), Some(list)) => v.tagged.push(PortList(list)),
        (Some("name"), Some(_)) => v.name = after_words(line, 1).map(unquote),
        (Some("voice"), None) => v.voice = true,
        _ => {}
    }
}

/// Parses an AOS-S or AOS-CX running configuration.
///
/// A column-0 line opens a block; the block takes the indented lines that
/// follow and ends at the next column-0 line or at an indented `exit`
/// (AOS-S), which is not part of it.
pub fn parse_running_config<'a>(lines: &'a [&'a str]) -> RunningConfig<'a> {
    let mut cfg = RunningConfig::default();
    let mut open: Option<Block<'a>> = None;

    fn close<'a>(cfg: &mut RunningConfig<'a>, lines: &'a [&'a str], block: Option<Block<'a>>) {
        let Some(b) = block else { return };
        if let Some(mut i) = b.iface {
            i.lines = &lines[b.start..=b.end];
            cfg.interfaces.push(i);
        }
        if let Some(v) = b.vlan {
            cfg.vlans.push(v);
        }
    }

    for (n, &line) in lines.iter().enumerate() {
        // The indentation is read once per line: skipped, it leaves the
        // blank test and the trim below a byte or two to look at (the
        // indent is blank and is whitespace to `trim_ws`, so neither
        // answer changes).
        let depth = indent(line);
        let body = &line[depth..];
        if is_blank(body) {
            continue;
        }
        let column0 = depth == 0;
        if !column0 {
            let Some(b) = open.as_mut() else { continue };
            let t = body.trim_ws();
            if t == "exit" {
                let done = open.take();
                close(&mut cfg, lines, done);
                continue;
            }
            b.end = n;
            match b.kind {
                Open::Interface => {
                    if let Some(i) = b.iface.as_mut() {
                        interface_line(i, &mut b.sub, depth, t);
                    }
                }
                Open::Vlan => {
                    if let Some(v) = b.vlan.as_mut() {
                        vlan_line(v, line);
                    }
                }
                Open::Aaa => cfg.auth_block.push(line.trim_ws_end()),
                Open::Other => {}
            }
            continue;
        }
        let done = open.take();
        close(&mut cfg, lines, done);
        let mut words = tokens(line);
        let Some(first) = words.next() else { continue };
        let rest = line[first.end()..].trim_ws();
        let mut block = Block {
            kind: Open::Other,
            start: n,
            end: n,
            iface: None,
            vlan: None,
            sub: None,
        };
        match first.text {
            "interface" if !rest.is_empty() => {
                block.kind = Open::Interface;
                let port = if rest.contains(' ') {
                    Cow::Owned(rest.split_whitespace().collect::<String>())
                } else {
                    Cow::Borrowed(rest)
                };
                block.iface = Some(InterfaceConfig {
                    name: rest,
                    port,
                    lines: &[],
                    description: None,
                    access_vlan: None,
                    trunk: false,
                    routing: None,
                    lag: None,
                    dot1x: false,
                    mac_auth: false,
                });
            }
            "vlan" if is_vlan_id(rest) => {
                block.kind = Open::Vlan;
                block.vlan = Some(VlanConfig {
                    id: rest,
                    ..VlanConfig::default()
                });
            }
            "hostname" if !rest.is_empty() => {
                cfg.hostname.get_or_insert(unquote(rest));
            }
            "snmp-server" => {
                let second = words.next();
                if let Some(s) =
                    second.filter(|s| s.text == "location" || s.text == "system-location")
                {
                    let loc = unquote(&line[s.end()..]);
                    if !loc.is_empty() {
                        cfg.snmp_location.get_or_insert(loc);
                    }
                }
            }
            "trunk" => {
                let members = words.next();
                let name = words.next();
                if let (Some(m), Some(t)) = (members, name) {
                    if is_port_list(m.text) {
                        cfg.trunks.push(TrunkConfig {
                            name: t.text,
                            members: PortList(m.text),
                        });
                    }
                }
            }
            "aaa" => {
                block.kind = Open::Aaa;
                cfg.auth_block.push(line.trim_ws_end());
                port_access_line(&mut cfg, line);
            }
            t if t.starts_with("!Version") && line.contains("ArubaOS-CX") => cfg.cx = true,
            _ => {}
        }
        open = Some(block);
    }
    let done = open.take();
    close(&mut cfg, lines, done);
    cfg
}

#[cfg(test)]
mod tests {
    use super::*;

    const AOS_S: &str = "Running configuration:

; JL256A Configuration Editor; Created on release #WC.16.10.0012
; Ver #14:41.44.00.04.19.02.13.98.82.34.61.18.28.f3.84.9c.63.ff.37.27:02

hostname \"MDSN-B02-AS-01\"
module 1 type jl256a
trunk 49-50 trk1 lacp
snmp-server community \"public\" unrestricted
snmp-server location \"Bldg_2_Floor_1_Room_105\"
aaa authentication port-access eap-radius
aaa port-access authenticator 1-20,A1
aaa port-access authenticator 1-20 tx-period 10
aaa port-access authenticator 1-20 unauth-vid 999
aaa port-access authenticator active
aaa port-access mac-based 11-30
interface 1
   name \"Rm105-D01\"
   exit
interface 2
   disable
   exit
vlan 1
   name \"DEFAULT_VLAN\"
   no untagged 1-44
   untagged 45-48
   ip address dhcp-bootp
   exit
vlan 10
   name \"USERS\"
   untagged 1-40
   tagged Trk1
   exit
vlan 20
   name \"VOICE\"
   tagged 1-20,Trk1
   voice
   exit
";

    #[test]
    fn aos_s_globals_and_blocks() {
        let lines: Vec<&str> = AOS_S.lines().collect();
        let c = parse_running_config(&lines);
        assert!(!c.cx);
        assert_eq!(c.hostname, Some("MDSN-B02-AS-01"));
        assert_eq!(c.snmp_location, Some("Bldg_2_Floor_1_Room_105"));
        assert_eq!(c.auth_default_vlan, Some("999"));
        assert_eq!(c.dot1x_ports, [PortList("1-20,A1")]);
        assert_eq!(c.mac_auth_ports, [PortList("11-30")]);
        assert_eq!(c.auth_block.len(), 6);
        assert_eq!(c.auth_block[0], "aaa authentication port-access eap-radius");
        let i1 = c.interface("1").unwrap();
        assert_eq!(i1.description, Some("Rm105-D01"));
        assert_eq!(i1.text(), "interface 1\n   name \"Rm105-D01\"");
        assert_eq!(c.interface("2").unwrap().lines.len(), 2);
        assert_eq!(c.vlans.len(), 3);
        assert_eq!(c.vlans[1].name, Some("USERS"));
        assert_eq!(
            c.trunks,
            [TrunkConfig {
                name: "trk1",
                members: PortList("49-50")
            }]
        );
    }

    #[test]
    fn aos_s_membership_and_auth() {
        let lines: Vec<&str> = AOS_S.lines().collect();
        let c = parse_running_config(&lines);
        let m = |p: &str| c.vlan_membership(p).collect::<Vec<_>>();
        use Membership::*;
        assert_eq!(m("5"), [("10", Untagged), ("20", Tagged)]);
        assert_eq!(m("30"), [("10", Untagged)]);
        assert_eq!(m("46"), [("1", Untagged)]);
        // Trunk members inherit the trunk's VLANs.
        assert_eq!(m("49"), [("10", Tagged), ("20", Tagged)]);
        assert_eq!(m("52"), []);
        assert!(c.is_voice_vlan("20"));
        assert!(!c.is_voice_vlan("10"));
        assert_eq!(c.auth_methods("5"), (true, false));
        assert_eq!(c.auth_methods("15"), (true, true));
        assert_eq!(c.auth_methods("25"), (false, true));
        assert_eq!(c.auth_methods("A1"), (true, false));
        assert_eq!(c.auth_methods("40"), (false, false));
    }

    const CX: &str = "Current configuration:
!
!Version ArubaOS-CX FL.10.10.1000
!export-password: default
hostname MDSN-B03-AS-02
snmp-server system-location Bldg_3_Floor_1_Room_110
aaa authentication port-access dot1x authenticator
    radius server-group ISE
    enable
aaa authentication port-access mac-auth
    enable
vlan 1,10,20
vlan 10
    name USERS
interface 1/1/1
    no shutdown
    description Rm 110 Desk 1
    no routing
    vlan access 10
    aaa authentication port-access client-limit 2
    aaa authentication port-access dot1x authenticator
        enable
    aaa authentication port-access mac-auth
        enable
interface 1/1/2
    no shutdown
    no routing
    vlan access 10
    aaa authentication port-access mac-auth
        reauth
interface 1/1/49
    vlan trunk native 1
    vlan trunk allowed 1,10,20
interface 1/1/50
    no shutdown
    lag 1
interface lag 1
    no shutdown
    routing
!
https-server vrf mgmt
";

    #[test]
    fn cx_interfaces_and_sub_blocks() {
        let lines: Vec<&str> = CX.lines().collect();
        let c = parse_running_config(&lines);
        assert!(c.cx);
        assert_eq!(c.hostname, Some("MDSN-B03-AS-02"));
        assert_eq!(c.snmp_location, Some("Bldg_3_Floor_1_Room_110"));
        assert_eq!(
            c.auth_block,
            [
                "aaa authentication port-access dot1x authenticator",
                "    radius server-group ISE",
                "    enable",
                "aaa authentication port-access mac-auth",
                "    enable"
            ]
        );
        assert_eq!(c.auth_default_vlan, None);
        let p1 = c.interface("1/1/1").unwrap();
        assert_eq!(p1.description, Some("Rm 110 Desk 1"));
        assert_eq!(
            (p1.access_vlan, p1.trunk, p1.routing),
            (Some("10"), false, Some(false))
        );
        assert_eq!((p1.dot1x, p1.mac_auth), (true, true));
        assert_eq!(p1.lines.len(), 10);
        // A sub-block without `enable` does not enable its method.
        let p2 = c.interface("1/1/2").unwrap();
        assert_eq!((p2.dot1x, p2.mac_auth), (false, false));
        assert!(c.interface("1/1/49").unwrap().trunk);
        let lag = c.interface("lag1").unwrap();
        assert_eq!((lag.name, lag.routing), ("lag 1", Some(true)));
        assert_eq!(c.interface("1/1/50").unwrap().lag, Some("1"));
        assert_eq!(c.lag("1").map(|l| l.name), Some("lag 1"));
        assert!(c.lag("2").is_none());
        assert_eq!(c.vlans.len(), 1);
        assert_eq!(c.vlans[0].name, Some("USERS"));
        assert_eq!(c.auth_methods("1/1/1"), (true, true));
    }

    #[test]
    fn odd_input() {
        assert_eq!(parse_running_config(&[]), RunningConfig::default());
        let lines = [
            "interface",
            "   exit",
            "  stray",
            "vlan x",
            "trunk",
            "aaa port-access",
            "snmp-server location \"\"",
        ];
        let c = parse_running_config(&lines);
        assert!(c.interfaces.is_empty() && c.vlans.is_empty() && c.trunks.is_empty());
        assert_eq!(c.snmp_location, None);
        assert!(!is_port_list("active"));
        assert!(is_port_list("1-20,A1,Trk1"));
        assert!(!is_port_list("1-"));
    }
}
