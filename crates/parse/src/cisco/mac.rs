//! `show mac address-table` (and 12.x `show mac-address-table`).
//!
//! IOS has printed this table in at least five layouts (modern
//! `Vlan Mac Address Type Ports`, 12.x lower-case with a protocols column,
//! Catalyst 6500 with `*`/`R` flags and learn/age columns, 2900XL MAC-first,
//! multicast rows listing several ports). Rather than one header per layout,
//! every line is read by the one rule that holds in all of them: a row has
//! a dotted MAC, the VLAN just before it, and the port(s) last. The one
//! exception is the 6500 layout, whose learn and age columns end a row that
//! has no port; there the ports are the cells after the age. The original
//! parser's row pattern never matched at all, so Cisco ports had no MACs.
//!
//! Every row is kept, pseudo-port rows (`CPU`, `Router`, `Switch`) and
//! port-less rows included; [`MacEntry::ports`] gives the real ports.

use crate::trim::TrimExt;
use std::borrow::Cow;

use crate::port_name::{is_port_like, short};
use crate::table::{is_digits, is_mac, starts_with_ci, tokenize_into, Token};

/// One MAC table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacEntry<'a> {
    /// VLAN cell as printed (`10`, `All`); `None` when the layout has none
    /// before the MAC and no number after it.
    pub vlan: Option<&'a str>,
    /// MAC address as printed (`0011.2233.aabb`).
    pub mac: &'a str,
    /// Type cell (`DYNAMIC`, `STATIC`, `dynamic`, `system`), when present.
    pub kind: Option<&'a str>,
    /// The port cell as printed: one port, a comma-separated list, or
    /// (6500) space-separated ports; `None` when the row has no port.
    pub port_field: Option<&'a str>,
    /// Further port lists wrapped onto the following lines (multicast rows).
    pub continuation: Vec<&'a str>,
    /// True for rows under a `Multicast Entries` heading (12.x layout),
    /// which list a group's member ports rather than where a MAC was learnt.
    pub multicast_section: bool,
}

impl<'a> MacEntry<'a> {
    /// Every port cell entry as printed, in printed order, pseudo-ports
    /// (`CPU`, `Router`, `Switch`, `Drop`, `sup-eth1`) included.
    pub fn listed_ports(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.port_field
            .into_iter()
            .chain(self.continuation.iter().copied())
            .flat_map(|field| field.split([',', ' ', '\t']))
            .filter(|p| !p.is_empty())
    }

    /// The real ports of the row, short-named, in printed order; pseudo-ports
    /// (`CPU`, `Router`, `Switch`, `Drop`, `sup-eth1`) are left out.
    pub fn ports(&self) -> impl Iterator<Item = Cow<'a, str>> + '_ {
        self.listed_ports().filter(|p| is_port_like(p)).map(short)
    }
}

/// True for a table header (a line naming both the VLAN and MAC columns).
fn is_header(toks: &[Token<'_>]) -> bool {
    let has = |w: &str| toks.iter().any(|t| t.text.eq_ignore_ascii_case(w));
    has("mac") && has("vlan")
}

/// Parses a MAC address table into its rows, in table order.
pub fn parse_mac_table<'a>(lines: &[&'a str]) -> Vec<MacEntry<'a>> {
    let mut out: Vec<MacEntry<'a>> = Vec::new();
    let mut toks = Vec::new();
    // Whether the previous line was a row that may wrap onto this one.
    let mut wraps = false;
    // The 6500 layout (`vlan mac address type learn age ports`).
    let mut learn_age = false;
    let mut multicast = false;
    for &line in lines {
        tokenize_into(line, &mut toks);
        let Some(m) = toks.iter().position(|t| is_mac(t.text)) else {
            let t = line.trim_ws_start();
            if starts_with_ci(t, "multicast entries") {
                multicast = true;
            } else if starts_with_ci(t, "unicast entries") {
                multicast = false;
            } else if is_header(&toks) {
                let has = |w: &str| toks.iter().any(|t| t.text.eq_ignore_ascii_case(w));
                learn_age = has("learn") && has("age");
            }
            // A wrapped port list: one indented token on the line after a
            // multi-port row.
            let indented = line.starts_with([' ', '\t']);
            if wraps && indented && toks.len() == 1 {
                if let Some(last) = out.last_mut() {
                    last.continuation.push(toks[0].text);
                    continue;
                }
            }
            wraps = false;
            continue;
        };
        let last = toks.len() - 1;
        if m == last {
            wraps = false;
            continue;
        }
        let vlan = if m > 0 {
            Some(toks[m - 1].text)
        } else {
            toks[m + 1..last]
                .iter()
                .map(|t| t.text)
                .find(|t| is_digits(t))
        };
        let (port_field, kind) = if learn_age {
            // Type, learn and age come first; the rest is the port cell.
            let port = toks
                .get(m + 4)
                .map(|t| line[t.start..].trim_ws_end())
                .filter(|p| !p.is_empty());
            (port, Some(toks[m + 1].text))
        } else {
            (
                Some(toks[last].text),
                (m + 1 < last).then(|| toks[m + 1].text),
            )
        };
        wraps = port_field.is_some_and(|p| p.contains(','));
        out.push(MacEntry {
            vlan,
            mac: toks[m].text,
            kind,
            port_field,
            continuation: Vec::new(),
            multicast_section: multicast,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Vec<MacEntry<'_>> {
        let lines: Vec<&str> = s.lines().collect();
        parse_mac_table(&lines)
    }

    fn flat<'a>(rows: &'a [MacEntry<'a>]) -> Vec<(Option<&'a str>, &'a str, Vec<String>)> {
        rows.iter()
            .map(|e| (e.vlan, e.mac, e.ports().map(Cow::into_owned).collect()))
            .collect()
    }

    #[test]
    fn modern_layout_keeps_cpu_rows_without_real_ports() {
        let rows = parse(
            "          Mac Address Table
-------------------------------------------

Vlan    Mac Address       Type        Ports
----    -----------       --------    -----
 All    0180.c200.0000    STATIC      CPU
 All    ffff.ffff.ffff    STATIC      CPU
   1    5254.001B.1c58    DYNAMIC     Gi1/0/1
  20    0011.2233.4455    DYNAMIC     Gi1/0/29
   1    aabb.cc00.0100    STATIC      Vl1
Total Mac Addresses for this criterion: 5",
        );
        assert_eq!(
            flat(&rows),
            [
                (Some("All"), "0180.c200.0000", vec![]),
                (Some("All"), "ffff.ffff.ffff", vec![]),
                (Some("1"), "5254.001B.1c58", vec!["Gi1/0/1".to_string()]),
                (Some("20"), "0011.2233.4455", vec!["Gi1/0/29".to_string()]),
                (Some("1"), "aabb.cc00.0100", vec!["Vl1".to_string()]),
            ]
        );
        assert_eq!(rows[0].listed_ports().collect::<Vec<_>>(), ["CPU"]);
        assert_eq!(rows[2].kind, Some("DYNAMIC"));
        assert_eq!(rows[4].kind, Some("STATIC"));
        assert!(rows.iter().all(|r| !r.multicast_section));
    }

    #[test]
    fn old_lower_case_layout_with_long_port_names() {
        let rows = parse(
            "Unicast Entries
 vlan     mac address     type        protocols               port
---------+---------------+--------+---------------------+-------------------------
  10      0011.2233.4455   dynamic ip,ipx,assigned,other GigabitEthernet1/0/1
2099      deed.feed.fabd    static ip,ipx,assigned,other Switch
  10      0002.d180.67fb   dynamic ip,ipx,assigned,other Port-channel15              ",
        );
        assert_eq!(
            flat(&rows),
            [
                (Some("10"), "0011.2233.4455", vec!["Gi1/0/1".to_string()]),
                (Some("2099"), "deed.feed.fabd", vec![]),
                (Some("10"), "0002.d180.67fb", vec!["Po15".to_string()]),
            ]
        );
        assert_eq!(rows[0].kind, Some("dynamic"));
        assert_eq!(rows[0].port_field, Some("GigabitEthernet1/0/1"));
        assert_eq!(rows[1].listed_ports().collect::<Vec<_>>(), ["Switch"]);
    }

    #[test]
    fn catalyst_6500_flags_and_extra_columns() {
        let rows = parse(
            "      vlan   mac address    type   learn    age                 ports
-----+----+---------------+-------+-----+----------+-----------------------------
         40 a099.9b05.ffaf  dynamic  Yes      280     Te1/8
   R     51 006c.bc1c.a865   static   No       -      Router
*  777  0000.30a3.0167    static  No           -   Router
 *       49 70cd.604c.523c  dynamic  Yes        0     Te1/29
 *      728 0000.0000.0003   static  Yes       -    
   S     67 0000.0000.0004   static   No       -      Te1/5/11 Te1/5/12",
        );
        assert_eq!(
            flat(&rows),
            [
                (Some("40"), "a099.9b05.ffaf", vec!["Te1/8".to_string()]),
                (Some("51"), "006c.bc1c.a865", vec![]),
                (Some("777"), "0000.30a3.0167", vec![]),
                (Some("49"), "70cd.604c.523c", vec!["Te1/29".to_string()]),
                (Some("728"), "0000.0000.0003", vec![]),
                (
                    Some("67"),
                    "0000.0000.0004",
                    vec!["Te1/5/11".to_string(), "Te1/5/12".to_string()]
                ),
            ]
        );
        // The age column is never taken for the port.
        assert_eq!((rows[4].port_field, rows[4].kind), (None, Some("static")));
        assert_eq!(rows[2].port_field, Some("Router"));
    }

    #[test]
    fn mac_first_layout_takes_vlan_after_the_mac() {
        let rows = parse(
            "Destination Address  Address Type  VLAN  Destination Port
-------------------  ------------  ----  --------------------
0010.0de0.e289       Dynamic          1  FastEthernet0/1",
        );
        assert_eq!(
            flat(&rows),
            [(Some("1"), "0010.0de0.e289", vec!["Fa0/1".to_string()])]
        );
        assert_eq!(rows[0].kind, Some("Dynamic"));
    }

    #[test]
    fn multi_port_rows_and_wrapped_lists() {
        let rows = parse(
            "Unicast Entries
 vlan     mac address     type        protocols               port
---------+---------------+--------+---------------------+-------------------------
  10      0002.d180.67fb   dynamic ip,ipx,assigned,other Port-channel15

Multicast Entries
 vlan     mac address     type    ports
---------+---------------+-------+--------------------------------------------
   1      0100.0ccc.ccce   system Po100,Po15,Switch
  10      ffff.ffff.ffff   system Gi0/2,Gi0/3,
                                  Gi0/13,Gi0/14
 790      ffff.ffff.ffff   system Switch
Total 3",
        );
        let got = flat(&rows);
        assert_eq!(got.len(), 4);
        assert_eq!(got[1].2, ["Po100", "Po15"]);
        assert_eq!(got[2].2, ["Gi0/2", "Gi0/3", "Gi0/13", "Gi0/14"]);
        assert!(got[3].2.is_empty());
        let sections: Vec<_> = rows.iter().map(|r| r.multicast_section).collect();
        assert_eq!(sections, [false, true, true, true]);
        assert_eq!(
            rows[1].listed_ports().collect::<Vec<_>>(),
            ["Po100", "Po15", "Switch"]
        );
    }

    #[test]
    fn lines_without_macs_or_cells_after_the_mac_are_ignored() {
        let rows =
            parse("Legend: * - primary entry\n  1 0011.2233.4455\n 5 0011.2233.4455 DYNAMIC 280");
        // The trailing number is kept as printed, but is no port.
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].port_field, Some("280"));
        assert_eq!(rows[0].ports().count(), 0);
        assert!(parse("").is_empty());
        assert!(parse("   Gi1/0/1").is_empty());
    }
}
