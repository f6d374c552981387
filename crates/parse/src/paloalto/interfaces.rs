//! `show interface all`: the hardware table, the aggregation groups and the
//! logical table.
//!
//! ```text
//! total configured hardware interfaces: 8
//!
//! name                    id    speed/duplex/state            mac address
//! --------------------------------------------------------------------------------
//! ethernet1/1             16    1000/full/up                  d4:f4:be:11:22:10
//! ...
//! aggregation groups: 1
//! ae1 members:
//!   ethernet1/5 ethernet1/6
//!
//! total configured logical interfaces: 6
//!
//! name                id    vsys zone             forwarding               tag    address
//! ------------------- ----- ---- ---------------- ------------------------ ------ ------------------
//! ethernet1/1         16    1    untrust          vr:default               0      203.0.113.10/29
//!                                                                                 203.0.113.11/29
//! ```
//!
//! A physical interface appears in both tables (the original made two
//! ports of it); here the tables stay apart and the device record takes its
//! ports from the hardware table only. Newer releases add a `/fec` part to
//! the speed/duplex/state cell. The zone cell is empty for interfaces
//! without a zone, so logical rows are read from both ends: name, id and
//! vsys first, forwarding, tag and address last, the zone in between.

use crate::table::{is_blank, is_colon_mac, is_dash_line, is_digits, tokenize_into};
use crate::trim::TrimExt;

/// A row of the hardware table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HardwareInterface<'a> {
    /// Interface name (`ethernet1/1`, `ae1`, `ha1-a`, `vlan`, `tunnel`).
    pub name: &'a str,
    /// Interface id.
    pub id: &'a str,
    /// Speed as printed (`1000`, `10000`, `ukn`, `[n/a]`).
    pub speed: &'a str,
    /// Duplex as printed (`full`, `half`, `ukn`, `[n/a]`).
    pub duplex: &'a str,
    /// State as printed (`up`, `down`, `down((autoneg))`).
    pub state: &'a str,
    /// Forward error correction, when the release prints it (`auto`,
    /// `ukn`, `[n/a]`).
    pub fec: Option<&'a str>,
    /// The interface's MAC address.
    pub mac: Option<&'a str>,
}

/// An aggregate group and its member interfaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AggregateGroup<'a> {
    /// The aggregate (`ae1`).
    pub name: &'a str,
    /// Member interfaces, in printed order.
    pub members: Vec<&'a str>,
}

/// A row of the logical table, with its continuation lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogicalInterface<'a> {
    /// Interface name (`ethernet1/1`, `ethernet1/1.81`, `tunnel.1`).
    pub name: &'a str,
    /// Interface id.
    pub id: &'a str,
    /// Virtual system number.
    pub vsys: &'a str,
    /// Security zone; `None` when the cell is empty.
    pub zone: Option<&'a str>,
    /// Forwarding (`vr:default`, `ha`, `N/A`).
    pub forwarding: &'a str,
    /// VLAN tag (`0` for none).
    pub tag: &'a str,
    /// Addresses in printed order (`N/A` when the device prints it).
    pub addresses: Vec<&'a str>,
}

/// The whole output of `show interface all`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterfaceAll<'a> {
    /// The hardware table, in printed order.
    pub hardware: Vec<HardwareInterface<'a>>,
    /// The aggregation groups, in printed order.
    pub aggregates: Vec<AggregateGroup<'a>>,
    /// The logical table, in printed order.
    pub logical: Vec<LogicalInterface<'a>>,
}

/// Which part of the output the parser is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    None,
    Hardware,
    Aggregation,
    Logical,
}

/// The `/`-separated parts of a speed/duplex/state cell; a `/` inside
/// brackets (`[n/a]`) does not separate.
fn slash_parts(cell: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(cell);
    std::iter::from_fn(move || {
        let s = rest?;
        let mut depth = 0u32;
        for (i, b) in s.bytes().enumerate() {
            match b {
                b'[' => depth += 1,
                b']' => depth = depth.saturating_sub(1),
                b'/' if depth == 0 => {
                    rest = Some(&s[i + 1..]);
                    return Some(&s[..i]);
                }
                _ => {}
            }
        }
        rest = None;
        Some(s)
    })
}

/// A hardware row: `name id speed/duplex/state[/fec] mac`.
fn hardware_row<'a>(toks: &[crate::table::Token<'a>]) -> Option<HardwareInterface<'a>> {
    if toks.len() < 3 || !is_digits(toks[1].text) {
        return None;
    }
    let mut cell = slash_parts(toks[2].text);
    let speed = cell.next()?;
    let duplex = cell.next()?;
    let state = cell.next()?;
    let fec = cell.next();
    if cell.next().is_some() || state.is_empty() {
        return None;
    }
    Some(HardwareInterface {
        name: toks[0].text,
        id: toks[1].text,
        speed,
        duplex,
        state,
        fec,
        mac: toks.get(3).map(|t| t.text).filter(|m| is_colon_mac(m)),
    })
}

/// A logical row: name, id, vsys, [zone ...], forwarding, tag, address.
fn logical_row<'a>(
    line: &'a str,
    toks: &[crate::table::Token<'a>],
) -> Option<LogicalInterface<'a>> {
    let n = toks.len();
    if n < 6 || !is_digits(toks[1].text) || !is_digits(toks[2].text) || !is_digits(toks[n - 2].text)
    {
        return None;
    }
    let zone = (n > 6).then(|| line[toks[3].start..toks[n - 4].end()].trim_ws_end());
    Some(LogicalInterface {
        name: toks[0].text,
        id: toks[1].text,
        vsys: toks[2].text,
        zone,
        forwarding: toks[n - 3].text,
        tag: toks[n - 2].text,
        addresses: vec![toks[n - 1].text],
    })
}

/// Parses `show interface all`.
pub fn parse_interface_all<'a>(lines: &[&'a str]) -> InterfaceAll<'a> {
    let mut out = InterfaceAll::default();
    let mut section = Section::None;
    let mut toks = Vec::new();
    for &line in lines {
        if is_blank(line) || is_dash_line(line) {
            continue;
        }
        let t = line.trim_ws_start();
        if t.starts_with("total configured hardware interfaces") {
            section = Section::Hardware;
            continue;
        }
        if t.starts_with("total configured logical interfaces") {
            section = Section::Logical;
            continue;
        }
        if t.starts_with("aggregation groups") {
            section = Section::Aggregation;
            continue;
        }
        tokenize_into(line, &mut toks);
        if toks[0].text == "name" && toks.get(1).is_some_and(|t| t.text == "id") {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        match section {
            Section::Hardware => {
                if let Some(row) = hardware_row(&toks) {
                    out.hardware.push(row);
                }
            }
            Section::Aggregation => {
                if !indented && toks.len() == 2 && toks[1].text == "members:" {
                    out.aggregates.push(AggregateGroup {
                        name: toks[0].text,
                        members: Vec::new(),
                    });
                } else if indented {
                    if let Some(group) = out.aggregates.last_mut() {
                        group.members.extend(toks.iter().map(|t| t.text));
                    }
                }
            }
            Section::Logical => {
                if indented && toks.len() == 1 {
                    if let Some(row) = out.logical.last_mut() {
                        row.addresses.push(toks[0].text);
                    }
                } else if let Some(row) = logical_row(line, &toks) {
                    out.logical.push(row);
                }
            }
            Section::None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "\
total configured hardware interfaces: 6

name                    id    speed/duplex/state            mac address
--------------------------------------------------------------------------------
ethernet1/1             16    1000/full/up                  d4:f4:be:11:22:10
ethernet1/2             17    ukn/ukn/down(autoneg)         d4:f4:be:11:22:11
ethernet1/5             20    10000/full/up                 d4:f4:be:11:22:14
ae1                     64    [n/a]/[n/a]/up                d4:f4:be:11:22:40
vlan                    1     [n/a]/[n/a]/up                d4:f4:be:11:22:01
ha1-a                   5     1000/full/up/ukn              d4:f4:be:11:22:b5

aggregation groups: 1
ae1 members:
  ethernet1/5 ethernet1/6

total configured logical interfaces: 5

name                id    vsys zone             forwarding               tag    address
------------------- ----- ---- ---------------- ------------------------ ------ ------------------
ethernet1/1         16    1    untrust          vr:default               0      203.0.113.10/29
                                                                                203.0.113.11/29
ethernet1/1.81      300   1    DMZ Zone         vr:default               81     192.0.2.17/27
ae1                 64    1                     N/A                      0      N/A
ha1-a               5     0                     ha                       0      198.51.100.1/30
vlan                1     1                     N/A                      0      N/A
";

    fn parse() -> InterfaceAll<'static> {
        let lines: Vec<&str> = OUTPUT.lines().collect();
        parse_interface_all(&lines)
    }

    #[test]
    fn hardware_rows() {
        let all = parse();
        assert_eq!(all.hardware.len(), 6);
        assert_eq!(
            all.hardware[1],
            HardwareInterface {
                name: "ethernet1/2",
                id: "17",
                speed: "ukn",
                duplex: "ukn",
                state: "down(autoneg)",
                fec: None,
                mac: Some("d4:f4:be:11:22:11"),
            }
        );
        assert_eq!(all.hardware[3].speed, "[n/a]");
        assert_eq!(all.hardware[5].fec, Some("ukn"));
    }

    #[test]
    fn aggregates() {
        let all = parse();
        assert_eq!(
            all.aggregates,
            [AggregateGroup {
                name: "ae1",
                members: vec!["ethernet1/5", "ethernet1/6"],
            }]
        );
    }

    #[test]
    fn logical_rows_with_empty_and_spaced_zones_and_continuations() {
        let all = parse();
        let got: Vec<_> = all
            .logical
            .iter()
            .map(|l| (l.name, l.zone, l.forwarding, l.tag, l.addresses.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "ethernet1/1",
                    Some("untrust"),
                    "vr:default",
                    "0",
                    vec!["203.0.113.10/29", "203.0.113.11/29"]
                ),
                (
                    "ethernet1/1.81",
                    Some("DMZ Zone"),
                    "vr:default",
                    "81",
                    vec!["192.0.2.17/27"]
                ),
                ("ae1", None, "N/A", "0", vec!["N/A"]),
                ("ha1-a", None, "ha", "0", vec!["198.51.100.1/30"]),
                ("vlan", None, "N/A", "0", vec!["N/A"]),
            ]
        );
        assert_eq!(all.logical[0].vsys, "1");
        assert_eq!(all.logical[0].id, "16");
    }

    #[test]
    fn brackets_hold_their_slash() {
        let parts: Vec<_> = slash_parts("[n/a]/[n/a]/up/[n/a]").collect();
        assert_eq!(parts, ["[n/a]", "[n/a]", "up", "[n/a]"]);
        let parts: Vec<_> = slash_parts("ukn/ukn/down((autoneg))/ukn").collect();
        assert_eq!(parts, ["ukn", "ukn", "down((autoneg))", "ukn"]);
        assert_eq!(slash_parts("]]/[").collect::<Vec<_>>(), ["]]", "["]);
        assert_eq!(slash_parts("").collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn odd_rows_are_skipped() {
        let lines = [
            "ethernet1/9 16 1000/full/up",
            "total configured hardware interfaces: 1",
            "ethernet1/9 x 1000/full/up",
            "ethernet1/9 16 1000/full",
            "ethernet1/9 16 1/2/3/4/5",
            "ethernet1/9 16 //",
            "ethernet1/9 16 a/b/up notamac",
            "  continuation without a row",
            "aggregation groups: 0",
            "  orphan members",
            "total configured logical interfaces: 1",
            "   10.0.0.1/24",
            "ethernet1/9 16 1 vr:default 0",
            "ethernet1/9 16 1 vr:default x 10.0.0.1/24",
        ];
        let all = parse_interface_all(&lines);
        assert_eq!(all.hardware.len(), 1);
        assert_eq!(all.hardware[0].mac, None);
        assert!(all.aggregates.is_empty());
        assert!(all.logical.is_empty());
    }
}
