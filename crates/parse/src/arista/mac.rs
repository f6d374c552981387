//! `show mac address-table`: the unicast table (with `Moves` and
//! `Last Move` on current releases) and the multicast table EOS prints
//! after it.
//!
//! A row is `VLAN MAC TYPE PORT...`, then, for learned entries, the move
//! count and `<time> ago`. Static and CPU entries have no move columns; a
//! multicast entry lists several ports separated by spaces. Every row is
//! recognised by that shape alone, so pager residue or a missing header
//! never hides rows.

use crate::table::{is_digits, starts_with_ci, tokenize_into};
use crate::trim::TrimExt;

/// One MAC table row, cells as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacEntry<'a> {
    /// VLAN cell.
    pub vlan: &'a str,
    /// MAC address as printed (`001c.7313.a3de`).
    pub mac: &'a str,
    /// Type cell (`DYNAMIC`, `STATIC`).
    pub kind: &'a str,
    /// The port cell(s) as printed: one port, or several separated by
    /// spaces in the multicast table. See [`MacEntry::ports`].
    pub ports_text: &'a str,
    /// The Moves cell.
    pub moves: Option<&'a str>,
    /// The Last Move cell without its `ago` (`0:08:16`,
    /// `9 days, 15:57:28`).
    pub last_move: Option<&'a str>,
    /// True for a row of the `Multicast Mac Address Table`.
    pub multicast: bool,
}

impl<'a> MacEntry<'a> {
    /// The ports of the row as printed, including pseudo-ports such as
    /// `Cpu`.
    pub fn ports(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.ports_text
            .split(|c: char| c.is_ascii_whitespace() || c == ',')
            .filter(|p| !p.is_empty())
    }
}

/// True for a MAC-shaped word: EOS's dotted `xxxx.xxxx.xxxx` or the colon
/// form, with word characters in the groups. Hex digits are not required
/// here (the table is read as printed); [`crate::table::mac_value`] decides
/// whether it is a real address.
pub fn is_mac_shaped(s: &str) -> bool {
    let b = s.as_bytes();
    let groups = |sep: u8, at: &[usize]| {
        b.iter().enumerate().all(|(i, &c)| {
            if at.contains(&i) {
                c == sep
            } else {
                c.is_ascii_alphanumeric()
            }
        })
    };
    match b.len() {
        14 => groups(b'.', &[4, 9]),
        17 => groups(b':', &[2, 5, 8, 11, 14]),
        _ => false,
    }
}

/// Parses EOS `show mac address-table` into rows, in table order.
pub fn parse_mac_table<'a>(lines: &[&'a str]) -> Vec<MacEntry<'a>> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    let mut multicast = false;
    for &line in lines {
        tokenize_into(line, &mut toks);
        let Some(first) = toks.first() else { continue };
        if !is_digits(first.text) {
            // Section titles: `Mac Address Table`, `Multicast Mac Address Table`.
            if starts_with_ci(first.text, "multicast") {
                multicast = true;
            } else if first.text.eq_ignore_ascii_case("mac") {
                multicast = false;
            }
            continue;
        }
        if toks.len() < 4 || !is_mac_shaped(toks[1].text) {
            continue;
        }
        let ports_end = 3 + toks[3..].iter().take_while(|t| !is_digits(t.text)).count();
        if ports_end == 3 {
            continue;
        }
        let moves = toks.get(ports_end);
        let last_move = toks.get(ports_end + 1).and_then(|t| {
            let text = line[t.start..].trim_ws_end();
            let text = text.strip_suffix("ago").unwrap_or(text).trim_ws_end();
            (!text.is_empty()).then_some(text)
        });
        out.push(MacEntry {
            vlan: first.text,
            mac: toks[1].text,
            kind: toks[2].text,
            ports_text: &line[toks[3].start..toks[ports_end - 1].end()],
            moves: moves.map(|t| t.text),
            last_move,
            multicast,
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

    const TABLE: &str = "          Mac Address Table
------------------------------------------------------------------

Vlan    Mac Address       Type        Ports      Moves   Last Move
----    -----------       ----        -----      -----   ---------
 100    985d.8294.1c3a    STATIC      Cpu
 110    3c52.82a1.0f11    STATIC      Et1
 150    a8bd.27c1.4410    DYNAMIC     Et47       1       0:02:11 ago
 110    0050.56a8.0016    DYNAMIC     Po1        2       9 days, 15:57:28 ago
Total Mac Addresses for this criterion: 4

          Multicast Mac Address Table
------------------------------------------------------------------

Vlan    Mac Address       Type        Ports
----    -----------       ----        -----
 110    0100.5e00.00fb    STATIC      Et1 Et2 Po1
Total Mac Addresses for this criterion: 1
";

    #[test]
    fn unicast_and_multicast_rows() {
        let rows = parse(TABLE);
        let got: Vec<_> = rows
            .iter()
            .map(|e| {
                (
                    e.vlan,
                    e.mac,
                    e.kind,
                    e.ports().collect::<Vec<_>>(),
                    e.moves,
                    e.last_move,
                    e.multicast,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "100",
                    "985d.8294.1c3a",
                    "STATIC",
                    vec!["Cpu"],
                    None,
                    None,
                    false
                ),
                (
                    "110",
                    "3c52.82a1.0f11",
                    "STATIC",
                    vec!["Et1"],
                    None,
                    None,
                    false
                ),
                (
                    "150",
                    "a8bd.27c1.4410",
                    "DYNAMIC",
                    vec!["Et47"],
                    Some("1"),
                    Some("0:02:11"),
                    false
                ),
                (
                    "110",
                    "0050.56a8.0016",
                    "DYNAMIC",
                    vec!["Po1"],
                    Some("2"),
                    Some("9 days, 15:57:28"),
                    false
                ),
                (
                    "110",
                    "0100.5e00.00fb",
                    "STATIC",
                    vec!["Et1", "Et2", "Po1"],
                    None,
                    None,
                    true
                ),
            ]
        );
        assert_eq!(rows[4].ports_text, "Et1 Et2 Po1");
    }

    #[test]
    fn shapes() {
        assert!(is_mac_shaped("001c.7313.a3de"));
        assert!(is_mac_shaped("jenn.3057.8423"));
        assert!(is_mac_shaped("00:1c:73:13:a3:de"));
        assert!(!is_mac_shaped("001c.7313.a3d"));
        assert!(!is_mac_shaped("001c-7313-a3de"));
        assert!(!is_mac_shaped("00:1c:73:13:a3:d:"));
        assert!(!is_mac_shaped("001c.7313.a3dé"));
    }

    #[test]
    fn lines_that_are_not_rows() {
        assert!(parse(
            "Total Mac Addresses for this criterion: 0\n 10 001c.7313.a3de STATIC\n 10 nope DYNAMIC Et1\n 10 001c.7313.a3de DYNAMIC 1 0:00:01 ago\n\n"
        )
        .is_empty());
        // A row with moves but no time keeps the moves only.
        let rows = parse(" 10 001c.7313.a3de DYNAMIC Et1 1");
        assert_eq!((rows[0].moves, rows[0].last_move), (Some("1"), None));
        let rows = parse(" 10 001c.7313.a3de DYNAMIC Et1 1 ago");
        assert_eq!(rows[0].last_move, None);
    }
}
