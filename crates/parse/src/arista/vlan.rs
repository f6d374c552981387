//! `show vlan`: VLAN id, name, status and member ports.
//!
//! EOS wraps a long port list onto continuation lines indented to the
//! Ports column, separating ports with `, `.

use crate::table::{is_blank, is_dash_line, is_digits, tokenize_into, Token};
use crate::trim::TrimExt;

/// One VLAN of `show vlan`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VlanRow<'a> {
    /// VLAN id as printed.
    pub vlan_id: &'a str,
    /// VLAN name.
    pub name: &'a str,
    /// Status (`active`, `suspended`, `act/lshut`, `sus/lshut`, ...).
    pub status: &'a str,
    /// Member ports as printed (`Et1`, `Po1`, `Cpu`, `Vx1`), in order,
    /// across continuation lines.
    pub ports: Vec<&'a str>,
}

/// Status words of `show vlan`, compared without regard to case.
const STATUSES: &[&str] = &["active", "suspended", "act/lshut", "sus/lshut", "act/unsup"];

fn is_status(word: &str) -> bool {
    STATUSES.iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// Adds the port words of `toks` to `ports`, commas removed.
fn push_ports<'a>(toks: &[Token<'a>], ports: &mut Vec<&'a str>) {
    ports.extend(
        toks.iter()
            .flat_map(|t| t.text.split(','))
            .filter(|p| !p.is_empty()),
    );
}

/// Parses EOS `show vlan` into VLANs, in output order.
///
/// A row starts with the VLAN id in column 0, after the `VLAN Name Status
/// Ports` header; the status is the word under the header's Status column,
/// else the first status word, so a name with spaces is kept whole.
pub fn parse_vlans<'a>(lines: &[&'a str]) -> Vec<VlanRow<'a>> {
    let mut out: Vec<VlanRow<'a>> = Vec::new();
    let mut toks = Vec::new();
    let mut status_col: Option<usize> = None;
    // Whether the last row may continue on the next, indented, line.
    let mut open = false;
    for &line in lines {
        if is_blank(line) {
            open = false;
            continue;
        }
        if is_dash_line(line) {
            continue;
        }
        tokenize_into(line, &mut toks);
        let first = toks[0].text;
        if first.eq_ignore_ascii_case("vlan")
            && toks.iter().any(|t| t.text.eq_ignore_ascii_case("name"))
        {
            status_col = toks
                .iter()
                .find(|t| t.text.eq_ignore_ascii_case("status"))
                .map(|t| t.start);
            open = false;
            continue;
        }
        let Some(col) = status_col else { continue };
        if toks[0].start > 0 {
            if open {
                if let Some(row) = out.last_mut() {
                    push_ports(&toks, &mut row.ports);
                }
            }
            continue;
        }
        open = false;
        if !is_digits(first) || toks.len() < 3 {
            continue;
        }
        let at = toks[2..]
            .iter()
            .position(|t| t.start == col)
            .or_else(|| toks[2..].iter().position(|t| is_status(t.text)));
        let Some(s) = at.map(|i| i + 2) else { continue };
        let mut row = VlanRow {
            vlan_id: first,
            name: line[toks[0].end()..toks[s].start].trim_ws(),
            status: toks[s].text,
            ports: Vec::new(),
        };
        push_ports(&toks[s + 1..], &mut row.ports);
        out.push(row);
        open = true;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Vec<VlanRow<'_>> {
        let lines: Vec<&str> = s.lines().collect();
        parse_vlans(&lines)
    }

    #[test]
    fn rows_and_continuations() {
        let rows = parse(
            "VLAN  Name                             Status    Ports
----- -------------------------------- --------- -------------------------------
1     default                          active    
100   MGMT                             active    Cpu, Po1
110   DATA                             active    Et1, Et2, Et3, Et4, Et5, Et6, Et7
                                                 Et8, Po1
999   AUTH FAIL                        suspended
4094  x                                act/lshut Et9",
        );
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.vlan_id, r.name, r.status, r.ports.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("1", "default", "active", vec![]),
                ("100", "MGMT", "active", vec!["Cpu", "Po1"]),
                (
                    "110",
                    "DATA",
                    "active",
                    vec!["Et1", "Et2", "Et3", "Et4", "Et5", "Et6", "Et7", "Et8", "Po1"]
                ),
                ("999", "AUTH FAIL", "suspended", vec![]),
                ("4094", "x", "act/lshut", vec!["Et9"]),
            ]
        );
    }

    #[test]
    fn unaligned_rows_use_status_words() {
        let rows =
            parse("VLAN Name Status Ports\n10 Test1 active Et1, Et2\n20 Test2 suspended\n30 x y\n");
        let got: Vec<_> = rows.iter().map(|r| (r.vlan_id, r.name, r.status)).collect();
        assert_eq!(
            got,
            [("10", "Test1", "active"), ("20", "Test2", "suspended")]
        );
    }

    #[test]
    fn continuation_needs_an_open_row() {
        assert!(parse("   Et1, Et2\n10 a active").is_empty());
        let rows = parse("VLAN Name Status Ports\n\n   Et1\n10 a active Et2\n\n   Et3");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].ports, ["Et2"]);
    }
}
