//! `show interfaces status`: the port table.
//!
//! The table is fixed-width on the device, but cells overflow and truncate:
//! names have spaces, are empty, or are cut at the column width; Nexus cuts
//! statuses (`notconnec`); types have several words or are missing. So rows
//! are tokenised and the status cell is located by meaning, not by column:
//! it is a known status word followed by a VLAN-shaped word. When a name
//! contains such a pair too, the candidate nearest the header's `Status`
//! column wins. The original took `trunk`/`routed` (VLAN values) for
//! statuses, shifting every later column; they are never statuses here.
//!
//! NX-OS lists Fibre Channel ports in the same table as column-less lines
//! (`fc2/1 is up    Port mode is NP`); [`parse_status_lines`] returns them
//! as rows of their own, [`parse_interfaces_status`] (the device's port
//! table) leaves them out.

use crate::trim::TrimExt;
use std::borrow::Cow;

use crate::port_name::{is_port_like, short};
use crate::table::{is_blank, is_dash_line, is_digits, starts_with_ci, tokenize_into, Token};

/// One row of `show interfaces status`, cells as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRow<'a> {
    /// Port as printed (`Gi1/0/1`).
    pub port_raw: &'a str,
    /// Canonical short port name.
    pub port: Cow<'a, str>,
    /// The Name cell, trimmed; `None` when empty.
    pub name: Option<&'a str>,
    /// The Status cell (`connected`, `notconnect`, `err-disabled`,
    /// `notconnec`, ...); a TDR suffix such as `notconnect: TD` is dropped.
    pub status: &'a str,
    /// The Vlan cell: a number, `trunk`, `routed`, `unassigned`, ...
    pub vlan: &'a str,
    /// The Duplex cell (`a-full`, `auto`).
    pub duplex: Option<&'a str>,
    /// The Speed cell (`a-1000`, `10G`).
    pub speed: Option<&'a str>,
    /// The Type cell, which may hold spaces (`Not Present`, `1000BaseSX SFP`);
    /// `None` when empty (port-channels).
    pub port_type: Option<&'a str>,
}

/// A Fibre Channel port line of an NX-OS status table, which has no columns:
/// `fc2/1 is up    Port mode is NP` or `fc2/5 is down (SFP not present)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FcStatusRow<'a> {
    /// Port as printed (`fc2/1`).
    pub port_raw: &'a str,
    /// The word after `is` (`up`, `down`).
    pub state: &'a str,
    /// The mode of `Port mode is NP`.
    pub mode: Option<&'a str>,
    /// The text in parentheses (`SFP not present`).
    pub reason: Option<&'a str>,
}

/// One row of the status table, in table order: an Ethernet-style port row
/// or an NX-OS Fibre Channel line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusLine<'a> {
    /// A port row with the usual columns.
    Port(StatusRow<'a>),
    /// A Fibre Channel port line.
    Fc(FcStatusRow<'a>),
}

/// Status words IOS, IOS-XE and NX-OS print, lower-case, including NX-OS's
/// truncations to the 9-character column.
const STATUSES: &[&str] = &[
    "connected",
    "notconnect",
    "notconnec",
    "disabled",
    "err-disabled",
    "err-disab",
    "errdisabled",
    "inactive",
    "suspended",
    "suspnd",
    "sfp-config-mismatch",
    "sfp-mismatch",
    "sfp-not-present",
    "sfpabsent",
    "xcvrabsent",
    "xcvrabsen",
    "noopermembers",
    "noopermem",
    "linkflaperrdisabled",
    "linkflape",
    "monitoring",
    "faulty",
];

/// Bit `k` set when some status word starts with the `k`th letter.
const STATUS_FIRST_LETTERS: u32 = {
    let mut mask = 0;
    let mut i = 0;
    while i < STATUSES.len() {
        mask |= 1 << (STATUSES[i].as_bytes()[0] - b'a');
        i += 1;
    }
    mask
};

/// Length of the shortest and the longest status word.
const STATUS_LENGTHS: (usize, usize) = {
    let (mut min, mut max) = (usize::MAX, 0);
    let mut i = 0;
    while i < STATUSES.len() {
        let n = STATUSES[i].len();
        if n < min {
            min = n;
        }
        if n > max {
            max = n;
        }
        i += 1;
    }
    (min, max)
};

fn is_status_word(word: &str) -> bool {
    let w = word.trim_end_matches(':');
    // Every cell of every row is tried: names, VLANs, duplex, speed and
    // type cells are turned away on their first letter or their length
    // before the list is searched.
    let Some(&first) = w.as_bytes().first() else {
        return false;
    };
    let letter = first.to_ascii_lowercase().wrapping_sub(b'a');
    letter < 26
        && STATUS_FIRST_LETTERS >> letter & 1 == 1
        && (STATUS_LENGTHS.0..=STATUS_LENGTHS.1).contains(&w.len())
        && STATUSES.iter().any(|s| s.eq_ignore_ascii_case(w))
}

/// True for a value of the Vlan column.
fn is_vlan_word(word: &str) -> bool {
    is_digits(word)
        || ["trunk", "routed", "unassigned", "f-path", "--"]
            .iter()
            .any(|v| v.eq_ignore_ascii_case(word))
}

/// Column offsets read from the header line.
#[derive(Debug, Clone, Copy)]
struct Header {
    status_col: usize,
}

/// Reads a header line: it starts with `Port` and names `Name` and `Status`.
fn header(toks: &[Token<'_>]) -> Option<Header> {
    let first = toks.first()?;
    if !first.text.eq_ignore_ascii_case("port") {
        return None;
    }
    let has = |w: &str| toks.iter().any(|t| t.text.eq_ignore_ascii_case(w));
    if !has("name") {
        return None;
    }
    let status = toks
        .iter()
        .find(|t| t.text.eq_ignore_ascii_case("status"))?;
    Some(Header {
        status_col: status.start,
    })
}

/// Index of the Vlan cell for a status at `i`: the next token, or after a
/// TDR note (`notconnect: TD 1`) when the status ends in a colon.
fn vlan_after(toks: &[Token<'_>], i: usize) -> Option<usize> {
    let extra = if toks[i].text.ends_with(':') { 2 } else { 0 };
    (i + 1..toks.len())
        .take(1 + extra)
        .find(|&j| is_vlan_word(toks[j].text))
}

/// Parses one table row; `None` for anything that is not a port row.
fn row<'a>(line: &'a str, toks: &[Token<'a>], head: Header) -> Option<StatusRow<'a>> {
    if toks.len() < 3 {
        return None;
    }
    let distance = |t: &Token<'_>| t.start.abs_diff(head.status_col);
    let mut best: Option<(usize, usize)> = None; // (status index, vlan index)
    for i in 1..toks.len() - 1 {
        if !is_status_word(toks[i].text) {
            continue;
        }
        if let Some(v) = vlan_after(toks, i) {
            // `<=` so that on a tie the later candidate (nearer the real
            // columns, further from the name) wins.
            if best.is_none_or(|(b, _)| distance(&toks[i]) <= distance(&toks[b])) {
                best = Some((i, v));
            }
        }
    }
    if best.is_none() {
        // An unknown status word still counts when it sits exactly under the
        // header's Status column and a VLAN follows it.
        best = (1..toks.len() - 1)
            .find(|&i| toks[i].start == head.status_col && is_vlan_word(toks[i + 1].text))
            .map(|i| (i, i + 1));
    }
    let (s, v) = best?;
    let port_raw = toks[0].text;
    let name = line[toks[0].end()..toks[s].start].trim_ws();
    let cell = |k: usize| toks.get(k).map(|t| t.text);
    let port_type = toks
        .get(v + 3)
        .map(|t| line[t.start..].trim_ws_end())
        .filter(|t| !t.is_empty());
    Some(StatusRow {
        port_raw,
        port: short(port_raw),
        name: (!name.is_empty()).then_some(name),
        status: toks[s].text.trim_end_matches(':'),
        vlan: toks[v].text,
        duplex: cell(v + 1),
        speed: cell(v + 2),
        port_type,
    })
}

/// Reads an NX-OS Fibre Channel line: `<port> is <state>` followed by
/// `Port mode is <mode>` or by a parenthesised reason.
fn fc_row<'a>(line: &'a str, toks: &[Token<'a>]) -> Option<FcStatusRow<'a>> {
    if toks.len() < 4 || !toks[1].text.eq_ignore_ascii_case("is") || !is_port_like(toks[0].text) {
        return None;
    }
    let rest = line[toks[3].start..].trim_ws_end();
    let is = |i: usize, w: &str| toks.get(i).is_some_and(|t| t.text.eq_ignore_ascii_case(w));
    let (mode, reason) = if toks.len() == 7 && is(3, "port") && is(4, "mode") && is(5, "is") {
        (Some(toks[6].text), None)
    } else {
        let inner = rest.strip_prefix('(')?.strip_suffix(')')?.trim_ws();
        (None, Some(inner).filter(|r| !r.is_empty()))
    };
    Some(FcStatusRow {
        port_raw: toks[0].text,
        state: toks[2].text,
        mode,
        reason,
    })
}

/// Parses `show interfaces status` into port rows, in table order; NX-OS
/// Fibre Channel lines are left out (see [`parse_status_lines`]).
///
/// Rows follow a header line (`Port  Name  Status  Vlan ...`) up to a blank
/// line; a later header starts another table (paged or per-module output).
/// Rule lines are skipped, and so are lines that are not port rows.
pub fn parse_interfaces_status<'a>(lines: &[&'a str]) -> Vec<StatusRow<'a>> {
    let mut out = Vec::new();
    walk(lines, |l| {
        if let StatusLine::Port(r) = l {
            out.push(r);
        }
    });
    out
}

/// Parses `show interfaces status` into every row, Fibre Channel lines
/// included, in table order.
pub fn parse_status_lines<'a>(lines: &[&'a str]) -> Vec<StatusLine<'a>> {
    let mut out = Vec::new();
    walk(lines, |l| out.push(l));
    out
}

/// The table walk shared by both entry points: hands every row to `emit`.
fn walk<'a>(lines: &[&'a str], mut emit: impl FnMut(StatusLine<'a>)) {
    let mut toks = Vec::new();
    let mut head: Option<Header> = None;
    let mut rows_seen = false;
    for &line in lines {
        if is_blank(line) {
            if rows_seen {
                head = None;
                rows_seen = false;
            }
            continue;
        }
        if is_dash_line(line) {
            continue;
        }
        tokenize_into(line, &mut toks);
        if starts_with_ci(line.trim_ws_start(), "port") {
            if let Some(h) = header(&toks) {
                head = Some(h);
                rows_seen = false;
                continue;
            }
        }
        let Some(h) = head else { continue };
        if let Some(r) = row(line, &toks, h) {
            emit(StatusLine::Port(r));
            rows_seen = true;
        } else if let Some(f) = fc_row(line, &toks) {
            emit(StatusLine::Fc(f));
            rows_seen = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The filtered search answers as a plain search of the list does.
        #[test]
        fn status_word_filter_is_exact(
            pick in 0..STATUSES.len() * 2,
            noise in "[a-zA-Z0-9:/-]{0,21}",
            upper in proptest::bool::ANY,
        ) {
            let word = match STATUSES.get(pick) {
                Some(s) if upper => s.to_ascii_uppercase() + ":",
                Some(s) => s.to_string(),
                None => noise,
            };
            let plain = STATUSES
                .iter()
                .any(|s| s.eq_ignore_ascii_case(word.trim_end_matches(':')));
            proptest::prop_assert_eq!(is_status_word(&word), plain);
        }
    }

    fn parse(s: &str) -> Vec<StatusRow<'_>> {
        let lines: Vec<&str> = s.lines().collect();
        parse_interfaces_status(&lines)
    }

    /// (port, name, status, vlan, duplex, speed, type)
    type Cells<'a> = (
        &'a str,
        Option<&'a str>,
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );

    fn cells<'a>(r: &'a StatusRow<'a>) -> Cells<'a> {
        (
            r.port.as_ref(),
            r.name,
            r.status,
            r.vlan,
            r.duplex,
            r.speed,
            r.port_type,
        )
    }

    const IOS: &str = "
Port      Name               Status       Vlan       Duplex  Speed Type
Gi1/0/1   <== Disabled ==>   connected    10         a-full  a-100 10/100/1000BaseTX
Gi1/0/2                      notconnect   1            auto   auto 10/100/1000BaseTX
Gi1/0/3   John's Office      notconnect   1            auto   auto 10/100/1000BaseTX
Gi1/0/7   Trunk Example      suspended    trunk      a-full a-1000 1000BaseSX SFP
Gi1/0/8   SFP Not Present    notconnect   1            auto   auto Not Present
Gi1/0/10  Management         notconnect   routed       auto   auto 10/100BaseTX
Gi1/0/15  Multi Space to the err-disabled 16         a-half   auto 10/100BaseTX
Gi1/0/21  Monitoring Port    monitoring   unassigned     a-full   auto 10/100/1000BaseT
Gi1/0/22  addl status text   notconnect: TD 1         a-full  a-100 10/100/1000BaseTX
Gi1/0/25  RESERVED - Disable disabled     999          auto   auto 10/100/1000BaseTX
Gi1/0/47  Uplink47           connected    trunk      a-full  a-100 10GBaseSX
Po1       ethchl             connected    trunk      a-full a-1000

Gi9/9/9   after the blank    connected    1          a-full a-1000 ignored
";

    #[test]
    fn ios_rows() {
        let rows = parse(IOS);
        let got: Vec<_> = rows.iter().map(cells).collect();
        let t = Some("10/100/1000BaseTX");
        assert_eq!(
            got,
            vec![
                (
                    "Gi1/0/1",
                    Some("<== Disabled ==>"),
                    "connected",
                    "10",
                    Some("a-full"),
                    Some("a-100"),
                    t
                ),
                (
                    "Gi1/0/2",
                    None,
                    "notconnect",
                    "1",
                    Some("auto"),
                    Some("auto"),
                    t
                ),
                (
                    "Gi1/0/3",
                    Some("John's Office"),
                    "notconnect",
                    "1",
                    Some("auto"),
                    Some("auto"),
                    t
                ),
                (
                    "Gi1/0/7",
                    Some("Trunk Example"),
                    "suspended",
                    "trunk",
                    Some("a-full"),
                    Some("a-1000"),
                    Some("1000BaseSX SFP")
                ),
                (
                    "Gi1/0/8",
                    Some("SFP Not Present"),
                    "notconnect",
                    "1",
                    Some("auto"),
                    Some("auto"),
                    Some("Not Present")
                ),
                (
                    "Gi1/0/10",
                    Some("Management"),
                    "notconnect",
                    "routed",
                    Some("auto"),
                    Some("auto"),
                    Some("10/100BaseTX")
                ),
                (
                    "Gi1/0/15",
                    Some("Multi Space to the"),
                    "err-disabled",
                    "16",
                    Some("a-half"),
                    Some("auto"),
                    Some("10/100BaseTX")
                ),
                (
                    "Gi1/0/21",
                    Some("Monitoring Port"),
                    "monitoring",
                    "unassigned",
                    Some("a-full"),
                    Some("auto"),
                    Some("10/100/1000BaseT")
                ),
                (
                    "Gi1/0/22",
                    Some("addl status text"),
                    "notconnect",
                    "1",
                    Some("a-full"),
                    Some("a-100"),
                    t
                ),
                (
                    "Gi1/0/25",
                    Some("RESERVED - Disable"),
                    "disabled",
                    "999",
                    Some("auto"),
                    Some("auto"),
                    t
                ),
                (
                    "Gi1/0/47",
                    Some("Uplink47"),
                    "connected",
                    "trunk",
                    Some("a-full"),
                    Some("a-100"),
                    Some("10GBaseSX")
                ),
                (
                    "Po1",
                    Some("ethchl"),
                    "connected",
                    "trunk",
                    Some("a-full"),
                    Some("a-1000"),
                    None
                ),
            ]
        );
    }

    #[test]
    fn names_holding_status_words_resolve_by_column() {
        let rows = parse(
            "Port      Name               Status       Vlan       Duplex  Speed Type
Fa0/2     funky trunk port   notconnect   trunk        auto   auto 10/100BaseTX
Fa0/6     suspended customer disabled     789          auto   auto 10/100BaseTX
Gi1/0/5   connected 10 lab   notconnect   1            auto   auto 10/100/1000BaseTX
Gi1/0/6   x   disabled 20    connected    30           auto   auto 10/100/1000BaseTX",
        );
        let got: Vec<_> = rows.iter().map(|r| (r.name, r.status, r.vlan)).collect();
        assert_eq!(
            got,
            [
                (Some("funky trunk port"), "notconnect", "trunk"),
                (Some("suspended customer"), "disabled", "789"),
                (Some("connected 10 lab"), "notconnect", "1"),
                (Some("x   disabled 20"), "connected", "30"),
            ]
        );
    }

    #[test]
    fn nexus_truncations_and_unknown_aligned_status() {
        let rows = parse(
            "--------------------------------------------------------------------------------
Port          Name               Status    Vlan      Duplex  Speed   Type
--------------------------------------------------------------------------------
mgmt0         --                 connected routed    full    1000    --
Eth1/1        XXXXXXX1_bond1_Act connected 111       full    1000    SFP-1000BAS
Eth1/4        ZZZZZZZZZZZZZ1_tru notconnec trunk     full    10G     10Gbase-SR
Eth1/5        --                 xcvrAbsen 1         auto    auto    --
Po10          --                 noOperMem 1         auto    auto    --
Eth1/6        --                 sfpAbsent 1         auto    auto    --
Eth1/7        --                 linkFlapE 1         auto    auto    --
Eth1/8        --                 weirdstat 1         auto    auto    --
fc2/1 is up    Port mode is NP",
        );
        let got: Vec<_> = rows.iter().map(|r| (&*r.port, r.status, r.vlan)).collect();
        assert_eq!(
            got,
            [
                ("mgmt0", "connected", "routed"),
                ("Eth1/1", "connected", "111"),
                ("Eth1/4", "notconnec", "trunk"),
                ("Eth1/5", "xcvrAbsen", "1"),
                ("Po10", "noOperMem", "1"),
                ("Eth1/6", "sfpAbsent", "1"),
                ("Eth1/7", "linkFlapE", "1"),
                ("Eth1/8", "weirdstat", "1"),
            ]
        );
        assert_eq!(rows[0].name, Some("--"));
    }

    #[test]
    fn fibre_channel_lines_are_rows_of_their_own() {
        let text = "Port          Name               Status    Vlan      Duplex  Speed   Type
fc2/1 is up    Port mode is NP
fc2/5 is down (SFP not present)
fc2/6 is down ()
fc2/7 is trunking maybe
Eth1/1        XXXXXXX1_bond1_Act connected 111       full    1000    SFP-1000BAS";
        let lines: Vec<&str> = text.lines().collect();
        let all = parse_status_lines(&lines);
        assert_eq!(all.len(), 4);
        assert_eq!(
            all[0],
            StatusLine::Fc(FcStatusRow {
                port_raw: "fc2/1",
                state: "up",
                mode: Some("NP"),
                reason: None
            })
        );
        assert_eq!(
            all[1],
            StatusLine::Fc(FcStatusRow {
                port_raw: "fc2/5",
                state: "down",
                mode: None,
                reason: Some("SFP not present")
            })
        );
        assert!(matches!(&all[2], StatusLine::Fc(f) if f.reason.is_none() && f.mode.is_none()));
        assert!(matches!(&all[3], StatusLine::Port(r) if r.port == "Eth1/1"));
        // The device's port table has the Ethernet rows only.
        let ports = parse_interfaces_status(&lines);
        assert_eq!(ports.len(), 1);
        assert_eq!(ports[0].port, "Eth1/1");
    }

    #[test]
    fn header_variants_and_long_port_names() {
        let rows = parse(
            "  PORT   NAME  STATUS  VLAN DUPLEX SPEED TYPE\n\
             GigabitEthernet1/0/1  desk  connected 5 a-full a-1000 10/100/1000BaseTX\n",
        );
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].port, "Gi1/0/1");
        assert_eq!(rows[0].port_raw, "GigabitEthernet1/0/1");
        assert_eq!(rows[0].name, Some("desk"));
    }

    #[test]
    fn rows_need_a_header_and_stop_at_blank_line() {
        assert!(parse("Gi1/0/1  x  connected 1 auto auto T").is_empty());
        let rows = parse(
            "Port Name Status Vlan Duplex Speed Type\n\n\
             Gi1/0/1  x  connected 1 auto auto T\n\n\
             Gi1/0/2  y  connected 1 auto auto T\n\
             Port Name Status Vlan Duplex Speed Type\n\
             Gi2/0/1  z  connected 1 auto auto T",
        );
        let ports: Vec<_> = rows.iter().map(|r| &*r.port).collect();
        assert_eq!(ports, ["Gi1/0/1", "Gi2/0/1"]);
    }

    #[test]
    fn short_rows() {
        let rows = parse("Port Name Status Vlan\nGi1/0/1 connected 1\nGi1/0/2 connected\nGi1/0/3");
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (
                rows[0].name,
                rows[0].duplex,
                rows[0].speed,
                rows[0].port_type
            ),
            (None, None, None, None)
        );
    }
}
