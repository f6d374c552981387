//! `show interfaces status`: the EOS port table.
//!
//! EOS sizes the Name column to the longest description, so the header's
//! column offsets hold for every row of the same output; newer releases add
//! `Flags` and `Encapsulation` columns after `Type`. A port-channel member
//! shows `in Po1` in the Vlan column, two words. Captures pasted through
//! other tools lose the alignment, so, as for Cisco, the status cell is
//! found by meaning (a status word followed by a Vlan-column value) and the
//! header's Status offset only breaks ties when a description holds such a
//! pair too. Offsets decide the Flags and Encapsulation cells only when the
//! row is aligned with its header.

use crate::trim::TrimExt;
use std::borrow::Cow;

use super::port::port_key;
use crate::port_name::is_port_like;
use crate::table::{is_blank, is_dash_line, is_digits, starts_with_ci, tokenize_into, Token};

/// One row of EOS `show interfaces status`, cells as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRow<'a> {
    /// Port as printed (`Et49/1`).
    pub port_raw: &'a str,
    /// Key of the port ([`port_key`]).
    pub port: Cow<'a, str>,
    /// The Name cell, trimmed; `None` when empty.
    pub name: Option<&'a str>,
    /// The Status cell (`connected`, `notconnect`, `disabled`,
    /// `errdisabled`, `inactive`).
    pub status: &'a str,
    /// The Vlan cell as printed: a VLAN number, `trunk`, `routed`, `N/A`,
    /// or `in Po1` for a port-channel member.
    pub vlan: &'a str,
    /// The port-channel of a member port (`Po1` of `in Po1`).
    pub channel: Option<&'a str>,
    /// The Duplex cell (`full`, `a-full`, `auto`, `unconf`).
    pub duplex: Option<&'a str>,
    /// The Speed cell (`1G`, `a-2.5G`, `100G`, `auto`, `unconf`).
    pub speed: Option<&'a str>,
    /// The Type cell, which may hold spaces (`Not Present`); `None` when
    /// empty.
    pub port_type: Option<&'a str>,
    /// The Flags cell of newer releases; `None` when empty or absent.
    pub flags: Option<&'a str>,
    /// The Encapsulation cell of newer releases (sub-interfaces); `None`
    /// when empty or absent.
    pub encapsulation: Option<&'a str>,
}

/// Status words EOS prints, compared without regard to case.
const STATUSES: &[&str] = &[
    "connected",
    "notconnect",
    "disabled",
    "errdisabled",
    "err-disabled",
    "inactive",
    "monitoring",
];

fn is_status_word(word: &str) -> bool {
    STATUSES.iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// True for a one-word value of the Vlan column.
fn is_vlan_word(word: &str) -> bool {
    is_digits(word)
        || ["trunk", "routed", "N/A", "--", "dot1q-tunnel", "unassigned"]
            .iter()
            .any(|v| v.eq_ignore_ascii_case(word))
}

/// Column offsets read from the header line.
#[derive(Debug, Clone, Copy)]
struct Header {
    status_col: usize,
    flags_col: Option<usize>,
    encap_col: Option<usize>,
}

/// Reads a header line: `Port Name Status Vlan Duplex Speed Type [Flags
/// Encapsulation]`.
fn header(toks: &[Token<'_>]) -> Option<Header> {
    if !toks.first()?.text.eq_ignore_ascii_case("port") {
        return None;
    }
    let col = |w: &str| {
        toks.iter()
            .find(|t| t.text.eq_ignore_ascii_case(w))
            .map(|t| t.start)
    };
    col("name")?;
    col("vlan")?;
    Some(Header {
        status_col: col("status")?,
        flags_col: col("flags"),
        encap_col: col("encapsulation"),
    })
}

/// The Vlan cell after a status at `i`: the index of its last token and,
/// for `in Po1`, the index of the port-channel.
fn vlan_after(toks: &[Token<'_>], i: usize) -> Option<(usize, Option<usize>)> {
    let next = toks.get(i + 1)?;
    if next.text.eq_ignore_ascii_case("in") {
        let chan = toks.get(i + 2)?;
        return is_port_like(chan.text).then_some((i + 2, Some(i + 2)));
    }
    is_vlan_word(next.text).then_some((i + 1, None))
}

/// Text from the first to the last of `toks`, or `None` when empty.
fn span<'a>(line: &'a str, toks: &[Token<'a>]) -> Option<&'a str> {
    let (first, last) = (toks.first()?, toks.last()?);
    Some(&line[first.start..last.end()])
}

/// Parses one table row; `None` for anything that is not a port row.
fn row<'a>(line: &'a str, toks: &[Token<'a>], head: Header) -> Option<StatusRow<'a>> {
    if toks.len() < 3 || !is_port_like(toks[0].text) {
        return None;
    }
    let distance = |t: &Token<'_>| t.start.abs_diff(head.status_col);
    // (status index, last Vlan-cell index, channel index)
    let mut best: Option<(usize, usize, Option<usize>)> = None;
    for i in 1..toks.len() - 1 {
        if !is_status_word(toks[i].text) {
            continue;
        }
        if let Some((v, chan)) = vlan_after(toks, i) {
            // `<=`: on a tie the later candidate, further from the name, wins.
            if best.is_none_or(|(b, _, _)| distance(&toks[i]) <= distance(&toks[b])) {
                best = Some((i, v, chan));
            }
        }
    }
    if best.is_none_or(|(b, _, _)| distance(&toks[b]) != 0) {
        // A word exactly under the Status header with a Vlan cell after it
        // is the status even when EOS adds a status word this list lacks;
        // a known word elsewhere is then part of the name.
        let aligned = (1..toks.len() - 1)
            .filter(|&i| toks[i].start == head.status_col)
            .find_map(|i| vlan_after(toks, i).map(|(v, c)| (i, v, c)));
        best = aligned.or(best);
    }
    let (s, v, chan) = best?;
    let name = line[toks[0].end()..toks[s].start].trim_ws();
    let cell = |k: usize| toks.get(k).map(|t| t.text);
    let rest = toks.get(v + 3..).unwrap_or(&[]);
    // Flags and Encapsulation are told from a multi-word Type by offset,
    // which only holds when the row lines up with its header.
    let aligned = toks[s].start == head.status_col;
    let (mut type_toks, mut flag_toks, mut encap_toks) = (rest, &rest[..0], &rest[..0]);
    if aligned && !rest.is_empty() {
        let bound = |col: Option<usize>| {
            col.map_or(rest.len(), |c| {
                // The first Type word is always Type, however long.
                1 + rest[1..].iter().take_while(|t| t.start < c).count()
            })
        };
        let flags_at = bound(head.flags_col.or(head.encap_col));
        let encap_at = bound(head.encap_col).max(flags_at);
        type_toks = &rest[..flags_at];
        flag_toks = &rest[flags_at..encap_at];
        encap_toks = &rest[encap_at..];
    }
    Some(StatusRow {
        port_raw: toks[0].text,
        port: port_key(toks[0].text),
        name: (!name.is_empty()).then_some(name),
        status: toks[s].text,
        vlan: &line[toks[s + 1].start..toks[v].end()],
        channel: chan.map(|c| toks[c].text),
        duplex: cell(v + 1),
        speed: cell(v + 2),
        port_type: span(line, type_toks),
        flags: span(line, flag_toks),
        encapsulation: span(line, encap_toks),
    })
}

/// Parses EOS `show interfaces status` into rows, in table order.
///
/// Rows follow a header line up to a blank line; a later header starts
/// another table. Rule lines and lines that are not port rows are skipped.
pub fn parse_interfaces_status<'a>(lines: &[&'a str]) -> Vec<StatusRow<'a>> {
    let mut out = Vec::new();
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
            out.push(r);
            rows_seen = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Vec<StatusRow<'_>> {
        let lines: Vec<&str> = s.lines().collect();
        parse_interfaces_status(&lines)
    }

    /// (port, name, status, vlan, channel, duplex, speed, type, flags)
    type Cells<'a> = (
        &'a str,
        Option<&'a str>,
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
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
            r.channel,
            r.duplex,
            r.speed,
            r.port_type,
            r.flags,
        )
    }

    const NEW: &str = "\
Port       Name                 Status       Vlan     Duplex Speed  Type            Flags Encapsulation
Et1        Rm301-D01 Okafor     connected    110      a-full a-1G   10GBASE-T                          
Et2                             notconnect   110      auto   auto   10GBASE-T                          
Et3        Spare - connected 5  disabled     110      auto   auto   10GBASE-T                          
Et4        Printer              errdisabled  110      auto   auto   10GBASE-T                          
Et49/1     ATL-DS-01 Et3/1      connected    in Po1   full   100G   100GBASE-SR4                       
Et50/1     ATL-DS-02 Et3/1      notconnect   in Po1   full   100G   Not Present                        
Et51/1                          connected    routed   full   10G    10GBASE-SR      L     dot1q-100    
Ma1        oob                  connected    routed   a-full a-1G   10/100/1000                        
Po1        ATL-DS uplink        connected    trunk    full   200G   N/A                                

";

    #[test]
    fn newer_layout_with_flags_and_members() {
        let rows = parse(NEW);
        let got: Vec<_> = rows.iter().map(cells).collect();
        let t = Some("10GBASE-T");
        let (af, a1) = (Some("a-full"), Some("a-1G"));
        let auto = Some("auto");
        assert_eq!(
            got,
            vec![
                (
                    "Et1",
                    Some("Rm301-D01 Okafor"),
                    "connected",
                    "110",
                    None,
                    af,
                    a1,
                    t,
                    None
                ),
                ("Et2", None, "notconnect", "110", None, auto, auto, t, None),
                (
                    "Et3",
                    Some("Spare - connected 5"),
                    "disabled",
                    "110",
                    None,
                    auto,
                    auto,
                    t,
                    None
                ),
                (
                    "Et4",
                    Some("Printer"),
                    "errdisabled",
                    "110",
                    None,
                    auto,
                    auto,
                    t,
                    None
                ),
                (
                    "Et49/1",
                    Some("ATL-DS-01 Et3/1"),
                    "connected",
                    "in Po1",
                    Some("Po1"),
                    Some("full"),
                    Some("100G"),
                    Some("100GBASE-SR4"),
                    None
                ),
                (
                    "Et50/1",
                    Some("ATL-DS-02 Et3/1"),
                    "notconnect",
                    "in Po1",
                    Some("Po1"),
                    Some("full"),
                    Some("100G"),
                    Some("Not Present"),
                    None
                ),
                (
                    "Et51/1",
                    None,
                    "connected",
                    "routed",
                    None,
                    Some("full"),
                    Some("10G"),
                    Some("10GBASE-SR"),
                    Some("L")
                ),
                (
                    "Ma1",
                    Some("oob"),
                    "connected",
                    "routed",
                    None,
                    af,
                    a1,
                    Some("10/100/1000"),
                    None
                ),
                (
                    "Po1",
                    Some("ATL-DS uplink"),
                    "connected",
                    "trunk",
                    None,
                    Some("full"),
                    Some("200G"),
                    Some("N/A"),
                    None
                ),
            ]
        );
        assert_eq!(rows[6].encapsulation, Some("dot1q-100"));
        assert_eq!(rows[0].encapsulation, None);
        assert_eq!(rows[4].port_raw, "Et49/1");
    }

    #[test]
    fn old_fixed_width_layout_and_names_holding_status_words() {
        let rows = parse(
            "Port       Name                   Status       Vlan        Duplex  Speed Type
Et3/1/1    I am a 40G port !! Hi  connected    trunk       a-full  a-40G 40GBASE-CR4
Et3/1/4                           inactive     1           unconf unconf 40GBASE-CR4
Et3/2/4    - DISABLED routed (    disabled     routed      a-full  a-10G 40GBASE-SR
Et3/2/6    notconnect 12          weirdstate   12          a-full  a-10G 40GBASE-SR",
        );
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.port.as_ref(), r.name, r.status, r.vlan, r.port_type))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Et3/1/1",
                    Some("I am a 40G port !! Hi"),
                    "connected",
                    "trunk",
                    Some("40GBASE-CR4")
                ),
                ("Et3/1/4", None, "inactive", "1", Some("40GBASE-CR4")),
                (
                    "Et3/2/4",
                    Some("- DISABLED routed ("),
                    "disabled",
                    "routed",
                    Some("40GBASE-SR")
                ),
                // A known status word in the name loses to the aligned cell.
                (
                    "Et3/2/6",
                    Some("notconnect 12"),
                    "weirdstate",
                    "12",
                    Some("40GBASE-SR")
                ),
            ]
        );
    }

    #[test]
    fn unknown_status_under_the_header_counts() {
        let rows = parse(
            "Port       Name   Status       Vlan     Duplex Speed  Type\n\
             Et8               sfpabsent    1        full   10G    Not Present",
        );
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].status, rows[0].vlan), ("sfpabsent", "1"));
        assert_eq!(rows[0].port_type, Some("Not Present"));
    }

    #[test]
    fn collapsed_whitespace_still_parses() {
        let rows = parse(
            "Port Name Status Vlan Duplex Speed Type\n\
             Et49 Core: drxx.yul01 notconnect in Po49 full 10G Not Present\n\
             Ma1 notconnect routed a-half a-10M 10/100/1000\n\
             Po49 Core: dr01-dr02.y connected trunk full 20G N/A",
        );
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.port.as_ref(), r.name, r.vlan, r.channel, r.port_type))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Et49",
                    Some("Core: drxx.yul01"),
                    "in Po49",
                    Some("Po49"),
                    Some("Not Present")
                ),
                ("Ma1", None, "routed", None, Some("10/100/1000")),
                (
                    "Po49",
                    Some("Core: dr01-dr02.y"),
                    "trunk",
                    None,
                    Some("N/A")
                ),
            ]
        );
    }

    #[test]
    fn rows_need_a_header_and_a_port() {
        assert!(parse("Et1  x  connected 1 full 1G T").is_empty());
        let rows = parse(
            "Port Name Status Vlan Duplex Speed Type\n\
             Et1 connected 1\n\
             Et2 connected\n\
             Total connected 1 full\n\
             Et3 connected in\n\
             Et4 connected in -\n\n\
             Et5 connected 1 full 1G T",
        );
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.port.as_ref(), r.duplex, r.speed, r.port_type))
            .collect();
        assert_eq!(got, [("Et1", None, None, None)]);
    }
}
