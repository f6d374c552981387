//! `show vlan` / `show vlan brief`: the VLANs and their access ports.
//!
//! Only the first table (`VLAN Name Status Ports`) is read; the media
//! table (`VLAN Type SAID MTU ...`), remote SPAN and private VLAN sections
//! that `show vlan` adds are skipped. Port lists wrap onto indented lines
//! under the Ports column.

use crate::table::{is_blank, is_dash_line, is_digits, starts_with_ci, tokenize_into, Token};
use crate::trim::TrimExt;

/// One VLAN of the `VLAN Name Status Ports` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VlanEntry<'a> {
    /// VLAN number as printed (`1`, `1002`).
    pub id: &'a str,
    /// The Name cell (`default`, `VLAN0010`).
    pub name: &'a str,
    /// The Status cell (`active`, `act/unsup`, `suspended`, `act/lshut`).
    pub status: &'a str,
    /// Member ports as printed (`Gi1/0/1`), in printed order, wrapped lines
    /// included.
    pub ports: Vec<&'a str>,
}

/// Status words of the table; a status found among them lets a name with
/// spaces be read whole.
const STATUSES: &[&str] = &[
    "active",
    "suspended",
    "act/unsup",
    "act/lshut",
    "sus/lshut",
    "act/ishut",
    "sus/ishut",
];

fn is_status(word: &str) -> bool {
    STATUSES.iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// True for the table's header: `VLAN Name Status Ports`.
fn is_header(toks: &[Token<'_>]) -> bool {
    toks.len() >= 3
        && toks[0].text.eq_ignore_ascii_case("vlan")
        && toks[1].text.eq_ignore_ascii_case("name")
        && toks[2].text.eq_ignore_ascii_case("status")
}

/// Appends the comma- or space-separated port names of `toks` to `ports`.
fn push_ports<'a>(toks: &[Token<'a>], ports: &mut Vec<&'a str>) {
    ports.extend(
        toks.iter()
            .flat_map(|t| t.text.split(','))
            .filter(|p| !p.is_empty()),
    );
}

/// Reads a VLAN row: the number, the name, the status (the first known
/// status word after the number, else the third cell) and the ports.
fn row<'a>(line: &'a str, toks: &[Token<'a>]) -> Option<VlanEntry<'a>> {
    if toks.len() < 3 || !is_digits(toks[0].text) || line.starts_with([' ', '\t']) {
        return None;
    }
    let s = (2..toks.len())
        .find(|&i| is_status(toks[i].text))
        .unwrap_or(2);
    let mut ports = Vec::new();
    push_ports(&toks[s + 1..], &mut ports);
    Some(VlanEntry {
        id: toks[0].text,
        name: line[toks[1].start..toks[s - 1].end()].trim_ws_end(),
        status: toks[s].text,
        ports,
    })
}

/// Parses the `VLAN Name Status Ports` table of `show vlan` or
/// `show vlan brief` into its VLANs, in table order.
///
/// Rows follow the header up to a blank line or another table's header;
/// indented lines after a row continue its port list.
pub fn parse_vlans<'a>(lines: &[&'a str]) -> Vec<VlanEntry<'a>> {
    let mut out: Vec<VlanEntry<'a>> = Vec::new();
    let mut toks = Vec::new();
    let mut in_table = false;
    // Whether the line before was a row or its continuation.
    let mut after_row = false;
    for &line in lines {
        if is_blank(line) {
            in_table = false;
            after_row = false;
            continue;
        }
        if is_dash_line(line) {
            continue;
        }
        tokenize_into(line, &mut toks);
        if starts_with_ci(line.trim_ws_start(), "vlan") {
            in_table = is_header(&toks);
            after_row = false;
            continue;
        }
        if !in_table {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if after_row {
                if let Some(last) = out.last_mut() {
                    push_ports(&toks, &mut last.ports);
                }
            }
            continue;
        }
        match row(line, &toks) {
            Some(v) => {
                out.push(v);
                after_row = true;
            }
            None => after_row = false,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Vec<VlanEntry<'_>> {
        let lines: Vec<&str> = s.lines().collect();
        parse_vlans(&lines)
    }

    #[test]
    fn show_vlan_first_table_with_wrapped_ports() {
        let rows = parse(
            "
VLAN Name                             Status    Ports
---- -------------------------------- --------- -------------------------------
1    default                          active    Gi1/0/1, Gi1/0/2, Gi1/0/3, Gi1/0/4
                                                Gi1/0/5
10   Users                            active    
20   Voice Lab                        act/lshut Gi1/0/9
1002 fddi-default                     act/unsup 

VLAN Type  SAID       MTU   Parent RingNo BridgeNo Stp  BrdgMode Trans1 Trans2
---- ----- ---------- ----- ------ ------ -------- ---- -------- ------ ------
1    enet  100001     1500  -      -      -        -    -        0      0
",
        );
        let got: Vec<_> = rows
            .iter()
            .map(|v| (v.id, v.name, v.status, v.ports.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "1",
                    "default",
                    "active",
                    vec!["Gi1/0/1", "Gi1/0/2", "Gi1/0/3", "Gi1/0/4", "Gi1/0/5"]
                ),
                ("10", "Users", "active", vec![]),
                ("20", "Voice Lab", "act/lshut", vec!["Gi1/0/9"]),
                ("1002", "fddi-default", "act/unsup", vec![]),
            ]
        );
    }

    #[test]
    fn unknown_status_is_the_third_cell_and_rows_need_the_header() {
        assert!(parse("1    default    active    Gi1/0/1").is_empty());
        let rows = parse("VLAN Name Status Ports\n5 five weird Gi1/0/1,Gi1/0/2\nx y z\n   Gi9/9");
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].name, rows[0].status), ("five", "weird"));
        assert_eq!(rows[0].ports, ["Gi1/0/1", "Gi1/0/2"]);
    }
}
