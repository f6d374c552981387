//! MAC address tables: AOS-S `show mac-address` and AOS-CX
//! `show mac-address-table`.
//!
//! AOS-S prints `MAC Address  Port  [VLAN]` (no VLAN column when the table
//! is already for one VLAN), AOS-CX `MAC Address  VLAN  Type  Port`. Every
//! cell is one word, so a row is its tokens, told apart by the header: the
//! MAC comes first in both.

use super::layout::{is_aruba_mac, is_aruba_port, ROW_TOKENS};
use crate::table::{tokenize_into, Token};

/// One MAC table row, cells as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacRow<'a> {
    /// MAC address (`500000-a80009`, `00:50:56:96:0e:26`).
    pub mac: &'a str,
    /// Port (`25`, `Trk1`, `1/1/1`, `lag1`).
    pub port: &'a str,
    /// VLAN, when the layout prints it.
    pub vlan: Option<&'a str>,
    /// AOS-CX Type (`dynamic`, `static`, `port-access-security`).
    pub kind: Option<&'a str>,
}

/// Which cell each row position holds, from the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// `MAC Address  Port  [VLAN]`.
    MacPortVlan,
    /// `MAC Address  VLAN  Type  Port`.
    MacVlanTypePort,
}

fn header(toks: &[Token<'_>]) -> Option<Layout> {
    let w = |i: usize| toks.get(i).map(|t| t.text);
    if !(w(0)?.eq_ignore_ascii_case("mac") && w(1)?.eq_ignore_ascii_case("address")) {
        return None;
    }
    match w(2) {
        Some(p) if p.eq_ignore_ascii_case("port") => Some(Layout::MacPortVlan),
        Some(v) if v.eq_ignore_ascii_case("vlan") => Some(Layout::MacVlanTypePort),
        _ => None,
    }
}

/// Parses a MAC table of either OS into rows, in table order. Without a
/// header the AOS-S order is assumed; rows whose port is not a port
/// (`CPU`) are skipped.
pub fn parse_mac_table<'a>(lines: &[&'a str]) -> Vec<MacRow<'a>> {
    // At most one row per line: no regrowth while reading.
    let mut out = Vec::with_capacity(lines.len());
    let mut toks = Vec::with_capacity(ROW_TOKENS);
    let mut layout = Layout::MacPortVlan;
    for &line in lines {
        tokenize_into(line, &mut toks);
        if let Some(l) = header(&toks) {
            layout = l;
            continue;
        }
        let Some(mac) = toks.first().map(|t| t.text).filter(|t| is_aruba_mac(t)) else {
            continue;
        };
        let cell = |i: usize| toks.get(i).map(|t| t.text);
        let row = match layout {
            Layout::MacPortVlan => cell(1).map(|port| MacRow {
                mac,
                port,
                vlan: cell(2),
                kind: None,
            }),
            Layout::MacVlanTypePort => cell(3).map(|port| MacRow {
                mac,
                port,
                vlan: cell(1),
                kind: cell(2),
            }),
        };
        out.extend(row.filter(|r| is_aruba_port(r.port)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Vec<(&str, &str, Option<&str>, Option<&str>)> {
        let lines: Vec<&str> = s.lines().collect();
        parse_mac_table(&lines)
            .into_iter()
            .map(|r| (r.mac, r.port, r.vlan, r.kind))
            .collect()
    }

    #[test]
    fn aos_s_with_and_without_vlan() {
        assert_eq!(
            parse(
                "
 Status and Counters - Port Address Table

  MAC Address       Port                            VLAN
  ----------------- ------------------------------- ----
  500000-260000     Trk1                            17
  500000-b70008     25                              50
"
            ),
            [
                ("500000-260000", "Trk1", Some("17"), None),
                ("500000-b70008", "25", Some("50"), None)
            ]
        );
        assert_eq!(
            parse("  MAC Address   Port\n  ------------- -----\n  5c0e8b-97d9db 3"),
            [("5c0e8b-97d9db", "3", None, None)]
        );
    }

    #[test]
    fn cx_layout() {
        assert_eq!(
            parse(
                "MAC age-time            : 300 seconds
Number of MAC addresses : 3

MAC Address          VLAN     Type                      Port
--------------------------------------------------------------
00:50:56:96:0e:26    10       dynamic                   1/1/1
88:3a:30:11:22:33    1        port-access-security      1/1/3
88:3a:30:9b:2c:00    1        static                    CPU
"
            ),
            [
                ("00:50:56:96:0e:26", "1/1/1", Some("10"), Some("dynamic")),
                (
                    "88:3a:30:11:22:33",
                    "1/1/3",
                    Some("1"),
                    Some("port-access-security")
                )
            ]
        );
    }

    #[test]
    fn odd_lines() {
        assert!(parse("500000-260000").is_empty());
        assert!(parse("MAC Address\nx 1 2").is_empty());
        assert!(parse("").is_empty());
    }
}
