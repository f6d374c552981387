//! `show interfaces brief`: the port table.
//!
//! ```text
//! Port       Link    State   Dupl Speed Trunk Tag Pvid Pri MAC             Name
//! 1/1/1      Up      Forward Full 1G    None  No  10   0   609c.9f12.3400  Rm 204 Desk 1
//! ```
//!
//! Every cell up to `Pri` is one word, so rows are read by position. The
//! MAC column is missing on some releases and rows, so the word after
//! `Pri` is the MAC only when it is MAC-shaped (or ruckus' `None`); the rest
//! of the line is the name, which FastIron cuts to the column width. Link
//! words vary in case between releases (`Up`, `DOWN`, `Disable`,
//! `ERR-DIS`); they are kept as printed here. Rows are recognised by shape,
//! not by a header, so output filtered with `| include` still parses.

use crate::trim::TrimExt;
use std::borrow::Cow;

use super::ports::port_key;
use crate::table::{is_digits, is_mac, tokenize_into};

/// One row of `show interfaces brief`, cells as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefRow<'a> {
    /// Port as printed (`1/1/1`, `lg1`, `mgmt1`, `ve10`).
    pub port_raw: &'a str,
    /// StateTrace key (`Et1/1/1`, `lg1`); see [`port_key`].
    pub port: Cow<'a, str>,
    /// Link (`Up`, `Down`, `Disable`, `ERR-DIS`, ...).
    pub link: &'a str,
    /// Port state (`Forward`, `Blocked`, `None`, `N/A`).
    pub state: &'a str,
    /// Duplex (`Full`, `Half`, `None`, `N/A`).
    pub duplex: &'a str,
    /// Speed (`1G`, `100M`, `None`, `N/A`).
    pub speed: &'a str,
    /// LAG (trunk group) id or `None`.
    pub trunk: &'a str,
    /// `Yes` when the port is tagged in some VLAN, `No`, or `N/A`.
    pub tag: &'a str,
    /// Port VLAN id: a number, `N/A` (tagged only), `None` (management).
    pub pvid: &'a str,
    /// Priority cell.
    pub priority: &'a str,
    /// The port's own MAC, when the row has one.
    pub mac: Option<&'a str>,
    /// Name (port-name as the table cuts it), trimmed; `None` when empty.
    pub name: Option<&'a str>,
}

impl BriefRow<'_> {
    /// The PVID as a number (`None` for `N/A`, `None`, ...).
    pub fn pvid_number(&self) -> Option<u32> {
        self.pvid.parse().ok()
    }

    /// True when the `Tag` cell says the port is tagged somewhere.
    pub fn tagged(&self) -> bool {
        self.tag.eq_ignore_ascii_case("yes")
    }
}

/// True for a port cell: digits and slashes (`1/1/1`, `12`), or letters
/// then digits (`lg1`, `mgmt1`, `ve10`, `tn1`).
fn is_port_cell(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    if first.is_ascii_digit() {
        return b.iter().all(|c| c.is_ascii_digit() || *c == b'/') && !s.ends_with('/');
    }
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    letters > 0 && letters < b.len() && b[letters..].iter().all(u8::is_ascii_digit)
}

fn is_na(s: &str) -> bool {
    s.eq_ignore_ascii_case("n/a") || s.eq_ignore_ascii_case("none")
}

/// Parses `show interfaces brief` into rows, in table order.
pub fn parse_interfaces_brief<'a>(lines: &[&'a str]) -> Vec<BriefRow<'a>> {
    // Nearly every line is a row: one allocation instead of a doubling
    // series that copies the (large) rows each time.
    let mut out = Vec::with_capacity(lines.len());
    let mut toks = Vec::new();
    for &line in lines {
        tokenize_into(line, &mut toks);
        if toks.len() < 9 || !is_port_cell(toks[0].text) {
            continue;
        }
        let cell = |i: usize| toks[i].text;
        // Shape check on the one-word columns: Trunk, Tag, Pvid, Pri.
        let shaped = (is_digits(cell(5)) || is_na(cell(5)))
            && ["yes", "no", "n/a"]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(cell(6)))
            && (is_digits(cell(7)) || is_na(cell(7)))
            && (is_digits(cell(8)) || is_na(cell(8)));
        if !shaped {
            continue;
        }
        let mac = toks
            .get(9)
            .map(|t| t.text)
            .filter(|m| is_mac(m) || m.eq_ignore_ascii_case("none"));
        let name_at = if mac.is_some() { 10 } else { 9 };
        let name = toks
            .get(name_at)
            .map(|t| line[t.start..].trim_ws_end())
            .filter(|n| !n.is_empty());
        out.push(BriefRow {
            port_raw: cell(0),
            port: port_key(cell(0)),
            link: cell(1),
            state: cell(2),
            duplex: cell(3),
            speed: cell(4),
            trunk: cell(5),
            tag: cell(6),
            pvid: cell(7),
            priority: cell(8),
            mac,
            name,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Vec<BriefRow<'_>> {
        let lines: Vec<&str> = s.lines().collect();
        parse_interfaces_brief(&lines)
    }

    #[test]
    fn icx_rows_names_and_virtual_interfaces() {
        let rows = parse(
            "
Port       Link    State   Dupl Speed Trunk Tag Pvid Pri MAC             Name
1/1/1      Up      Forward Full 1G    None  Yes 10   0   609c.9f12.3400  Rm 204 Desk 1
1/1/2      DOWN    None    None None  None  No  10   0   609c.9f12.3401
1/1/3      ERR-DIS None    None None  None  No  1    0   609c.9f12.3402  Printer
1/2/1      Up      Forward Full 10G   1     Yes N/A  0   609c.9f12.3431  Uplink-core
lg1        Up      Forward Full 20G   1     Yes N/A  0   609c.9f12.3431  Uplink-core
mgmt1      Disable None    None None  None  No  None 0   609c.9f12.3400
2/1/1      Up      Forward Full 1G    None  No  30   0   Rm 205 no mac

Port       Link    State   Dupl Speed Trunk Tag Pvid Pri MAC             Name
ve99       Up      N/A     N/A  N/A   None  N/A N/A  N/A 609c.9f12.3400
Total 9 ports
",
        );
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.port.as_ref(), r.link, r.pvid, r.mac, r.name))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Et1/1/1",
                    "Up",
                    "10",
                    Some("609c.9f12.3400"),
                    Some("Rm 204 Desk 1")
                ),
                ("Et1/1/2", "DOWN", "10", Some("609c.9f12.3401"), None),
                (
                    "Et1/1/3",
                    "ERR-DIS",
                    "1",
                    Some("609c.9f12.3402"),
                    Some("Printer")
                ),
                (
                    "Et1/2/1",
                    "Up",
                    "N/A",
                    Some("609c.9f12.3431"),
                    Some("Uplink-core")
                ),
                (
                    "lg1",
                    "Up",
                    "N/A",
                    Some("609c.9f12.3431"),
                    Some("Uplink-core")
                ),
                ("mgmt1", "Disable", "None", Some("609c.9f12.3400"), None),
                ("Et2/1/1", "Up", "30", None, Some("Rm 205 no mac")),
                ("ve99", "Up", "N/A", Some("609c.9f12.3400"), None),
            ]
        );
        assert_eq!(rows[0].pvid_number(), Some(10));
        assert_eq!(rows[3].pvid_number(), None);
        assert!(rows[0].tagged() && !rows[1].tagged());
        assert_eq!(
            (rows[3].trunk, rows[3].speed, rows[3].duplex),
            ("1", "10G", "Full")
        );
    }

    #[test]
    fn old_fixed_port_layout() {
        let rows = parse(
            "Port    Link    State   Dupl Speed Trunk Tag Pvid Pri MAC            Name      
1       Up      Forward Full 1G    None  Yes N/A  0   001b.ed6b.2000  to MLX1-
14      Down    None    None None  None  No  154  0   001b.ed6b.200d  SocketVo",
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].port, "Et1");
        assert_eq!(rows[0].name, Some("to MLX1-"));
        assert_eq!(rows[1].state, "None");
    }

    #[test]
    fn other_lines_are_not_rows() {
        assert!(parse("Port Link State Dupl Speed Trunk Tag Pvid Pri MAC Name").is_empty());
        assert!(parse("1/1/1 Up Forward Full 1G None Maybe 1 0").is_empty());
        assert!(parse("1/1/ Up Forward Full 1G None No 1 0").is_empty());
        assert!(parse("lg Up Forward Full 1G None No 1 0").is_empty());
        assert!(parse("1/1/1 Up Forward Full 1G").is_empty());
        assert!(parse("").is_empty());
    }
}
