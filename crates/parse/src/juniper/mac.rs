//! `show ethernet-switching table`: learned MAC addresses per port.
//!
//! Two layouts exist. ELS (Enhanced Layer 2 Software: EX2300/3400/4300,
//! QFX) prints `Vlan name / MAC address / MAC flags / Age / Logical
//! interface [/ NH Index / RTR ID]` under a two-line header; the legacy EX
//! software prints `VLAN / MAC address / Type / Age / Interfaces` with
//! `Learn`/`Static`/`Flood` types and rows for `*` flood entries and the
//! `Router`. Both are read by one rule: a row has a colon MAC, the VLAN name
//! just before it, and the interface is the first port-shaped word after
//! it. Rows without a real interface (`All-members`, `Router`) are dropped.

use crate::juniper::terse::physical_name;
use crate::port_name::is_port_like;
use crate::table::{is_colon_mac, tokenize_into};

/// One MAC table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacEntry<'a> {
    /// VLAN name as printed (`DATA`, `default`, `v10`).
    pub vlan: Option<&'a str>,
    /// MAC address as printed (`00:1c:58:af:00:01`).
    pub mac: &'a str,
    /// ELS flags (`D`, `DL`, `S`) or legacy type (`Learn`, `Static`).
    pub flags: Option<&'a str>,
    /// Logical interface as printed (`ge-0/0/1.0`, `ae0.0`).
    pub interface: &'a str,
}

impl<'a> MacEntry<'a> {
    /// The physical port, unit removed (`ge-0/0/1.0` → `ge-0/0/1`).
    pub fn port(&self) -> &'a str {
        physical_name(self.interface)
    }
}

/// Parses an Ethernet switching table into its rows, in table order.
pub fn parse_ethernet_switching_table<'a>(lines: &[&'a str]) -> Vec<MacEntry<'a>> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    for &line in lines {
        tokenize_into(line, &mut toks);
        let Some(m) = toks.iter().position(|t| is_colon_mac(t.text)) else {
            continue;
        };
        let Some(interface) = toks[m + 1..]
            .iter()
            .map(|t| t.text)
            .find(|t| is_port_like(t))
        else {
            continue;
        };
        out.push(MacEntry {
            vlan: m.checked_sub(1).map(|i| toks[i].text),
            mac: toks[m].text,
            flags: toks.get(m + 1).map(|t| t.text).filter(|f| *f != interface),
            interface,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Vec<MacEntry<'_>> {
        let lines: Vec<&str> = s.lines().collect();
        parse_ethernet_switching_table(&lines)
    }

    #[test]
    fn els_layout() {
        let rows = parse(
            "
MAC flags (S - static MAC, D - dynamic MAC, L - locally learned, P - Persistent static, C - Control MAC
           SE - statistics enabled, NM - non configured MAC, R - remote PE MAC, O - ovsdb MAC)


Ethernet switching table : 3 entries, 3 learned
Routing instance : default-switch
    Vlan                MAC                 MAC         Age    Logical                NH        RTR
    name                address             flags              interface              Index     ID
    Vlan2               bc:ac:0a:ca:ca:30   DR            -   ae3.0                  0         0
    Vlan100             2c:5a:0f:bc:a3:cd   DL            -   xe-0/0/51:0.0          0         0
    DATA                00:1c:58:af:00:01   D             -   ge-0/0/1.0             0         0

{master:0}
",
        );
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.vlan, r.mac, r.flags, r.port()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("Vlan2"), "bc:ac:0a:ca:ca:30", Some("DR"), "ae3"),
                (
                    Some("Vlan100"),
                    "2c:5a:0f:bc:a3:cd",
                    Some("DL"),
                    "xe-0/0/51:0"
                ),
                (Some("DATA"), "00:1c:58:af:00:01", Some("D"), "ge-0/0/1"),
            ]
        );
        assert_eq!(rows[2].interface, "ge-0/0/1.0");
    }

    #[test]
    fn legacy_layout_drops_flood_and_router_rows() {
        let rows = parse(
            "Ethernet-switching table: 5 entries, 2 learned, 0 persistent entries
  VLAN              MAC address       Type         Age Interfaces
  default           *                 Flood          - All-members
  default           00:1c:58:af:00:01 Learn          0 ge-0/0/1.0
  VOICE             00:1c:58:af:00:02 Learn       1:25 ge-0/0/2.0
  VOICE             00:1c:58:af:00:0a Static         - Router
  DATA              00:1c:58:af:00:03 Static         - ae1.0
",
        );
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.vlan, r.mac, r.flags, r.port()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some("default"),
                    "00:1c:58:af:00:01",
                    Some("Learn"),
                    "ge-0/0/1"
                ),
                (
                    Some("VOICE"),
                    "00:1c:58:af:00:02",
                    Some("Learn"),
                    "ge-0/0/2"
                ),
                (Some("DATA"), "00:1c:58:af:00:03", Some("Static"), "ae1"),
            ]
        );
    }

    #[test]
    fn short_and_odd_rows() {
        let rows = parse("00:1c:58:af:00:01 ge-0/0/3.0\nDATA 00:1c:58:af:00:02\n  x  00:1c:58:af:00:0 ge-0/0/4.0");
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].vlan, rows[0].flags), (None, None));
        assert_eq!(rows[0].port(), "ge-0/0/3");
        assert!(parse("").is_empty());
    }
}
