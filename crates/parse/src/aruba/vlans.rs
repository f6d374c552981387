//! VLAN tables: AOS-S `show vlans` and AOS-CX `show vlan`.
//!
//! AOS-S prints `[802.1Q] VLAN ID  Name  [|] Status  Voice [Jumbo]`,
//! AOS-CX `VLAN  Name  Status  Reason  Type  Interfaces`. Names may hold
//! spaces (`Router Vlan`), so every cell is read by the header's columns.

use super::layout::{is_vlan_id, Columns, MAX_COLUMNS, ROW_TOKENS};
use crate::table::{is_blank, is_dash_line, tokenize_into, Token};
use crate::trim::TrimExt;

/// One VLAN row. Fields a layout does not print are `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VlanRow<'a> {
    /// VLAN ID.
    pub id: &'a str,
    /// Name (`DEFAULT_VLAN`, `Router Vlan`).
    pub name: Option<&'a str>,
    /// Status: AOS-S `Port-based`/`Protocol`, AOS-CX `up`/`down`.
    pub status: Option<&'a str>,
    /// AOS-S Voice (`Yes`/`No`).
    pub voice: Option<&'a str>,
    /// AOS-S Jumbo (`Yes`/`No`), when the column is printed.
    pub jumbo: Option<&'a str>,
    /// AOS-CX Reason (`ok`, `admin_down`).
    pub reason: Option<&'a str>,
    /// AOS-CX Type (`default`, `static`).
    pub kind: Option<&'a str>,
    /// AOS-CX Interfaces, a port list (`1/1/1-1/1/40,lag1`).
    pub interfaces: Option<&'a str>,
}

/// Column indices into [`Columns`] for the fields of a header.
#[derive(Debug, Clone, Copy)]
struct Header {
    cols: Columns,
    name: usize,
    status: usize,
    voice: Option<usize>,
    jumbo: Option<usize>,
    reason: Option<usize>,
    kind: Option<usize>,
    interfaces: Option<usize>,
}

/// Reads a header: the ID words (`802.1Q VLAN ID`, `VLAN ID` or `VLAN`)
/// followed by `Name` and `Status`.
fn header(toks: &[Token<'_>]) -> Option<Header> {
    let name_at = toks
        .iter()
        .position(|t| t.text.eq_ignore_ascii_case("name"))?;
    if name_at == 0 || name_at > 3 || toks.len() > MAX_COLUMNS + 2 {
        return None;
    }
    if !toks[..name_at]
        .iter()
        .any(|t| t.text.eq_ignore_ascii_case("vlan"))
    {
        return None;
    }
    // Columns: the ID (from the line start), then every word from Name on.
    let mut starts = [0usize; MAX_COLUMNS];
    let mut n = 1;
    for t in &toks[name_at..] {
        if n == MAX_COLUMNS {
            break;
        }
        starts[n] = t.start;
        n += 1;
    }
    let rest = &toks[name_at..];
    let idx = |w: &str| {
        rest.iter()
            .position(|t| t.text.eq_ignore_ascii_case(w))
            .map(|i| i + 1)
            .filter(|&i| i < MAX_COLUMNS)
    };
    Some(Header {
        cols: Columns::new(&starts[..n]),
        name: 1,
        status: idx("status")?,
        voice: idx("voice"),
        jumbo: idx("jumbo"),
        reason: idx("reason"),
        kind: idx("type"),
        interfaces: idx("interfaces"),
    })
}

/// Parses `show vlans` (AOS-S) or `show vlan` (AOS-CX) into rows, in
/// table order. Lines before the header (`Maximum VLANs to support : 256`)
/// and lines that do not start with a VLAN ID are skipped.
pub fn parse_vlans<'a>(lines: &[&'a str]) -> Vec<VlanRow<'a>> {
    // At most one row per line: no regrowth while reading.
    let mut out = Vec::with_capacity(lines.len());
    let mut toks = Vec::with_capacity(ROW_TOKENS);
    let mut head: Option<Header> = None;
    for &line in lines {
        if is_blank(line) || is_dash_line(line) {
            continue;
        }
        tokenize_into(line, &mut toks);
        if let Some(h) = header(&toks) {
            head = Some(h);
            continue;
        }
        let Some(h) = &head else { continue };
        let Some(id) = toks.first().map(|t| t.text).filter(|t| is_vlan_id(t)) else {
            continue;
        };
        let cells = h.cols.cells(line, &toks[1..]);
        let cell = |i: Option<usize>| i.and_then(|i| cells[i]).filter(|c| *c != "|");
        out.push(VlanRow {
            id,
            name: cell(Some(h.name)).map(|n| n.trim_end_matches('|').trim_ws_end()),
            status: cell(Some(h.status)),
            voice: cell(h.voice),
            jumbo: cell(h.jumbo),
            reason: cell(h.reason),
            kind: cell(h.kind),
            interfaces: cell(h.interfaces),
        });
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
    fn aos_s_layouts() {
        let r = parse(
            " Status and Counters - VLAN Information

  Maximum VLANs to support : 256
  Primary VLAN : DEFAULT_VLAN
  Management VLAN :

  VLAN ID Name                             | Status     Voice Jumbo
  ------- -------------------------------- + ---------- ----- -----
  1       DEFAULT_VLAN                     | Port-based No    No   
  10      Router Vlan                      | Port-based No    No   
  50      Voice                            | Port-based Yes   No   
",
        );
        let got: Vec<_> = r
            .iter()
            .map(|v| (v.id, v.name, v.status, v.voice, v.jumbo))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "1",
                    Some("DEFAULT_VLAN"),
                    Some("Port-based"),
                    Some("No"),
                    Some("No")
                ),
                (
                    "10",
                    Some("Router Vlan"),
                    Some("Port-based"),
                    Some("No"),
                    Some("No")
                ),
                (
                    "50",
                    Some("Voice"),
                    Some("Port-based"),
                    Some("Yes"),
                    Some("No")
                ),
            ]
        );
        let r = parse(
            "  802.1Q VLAN ID Name         Status       Voice Jumbo
  -------------- ------------ ------------ ----- -----
  66             sixty-six    Port-based   No    No   
  2000    dmz   Port-based   No",
        );
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].id, r[0].name, r[0].jumbo),
            ("66", Some("sixty-six"), Some("No"))
        );
        let r = parse(
            "  VLAN ID Name                             Status       Voice
  2000    dmz                              Port-based   No",
        );
        assert_eq!(
            (r[0].name, r[0].status, r[0].voice, r[0].jumbo),
            (Some("dmz"), Some("Port-based"), Some("No"), None)
        );
    }

    #[test]
    fn cx_layout() {
        let r = parse(
            "--------------------------------------------------------------------------------------------------
VLAN  Name                              Status  Reason          Type      Interfaces
--------------------------------------------------------------------------------------------------
1     DEFAULT_VLAN_1                    up      ok              default   1/1/45-1/1/48
10    USERS                             up      ok              static    1/1/1-1/1/40,lag1
99    PARKING LOT                       down    no_member_port  static
",
        );
        assert_eq!(r.len(), 3);
        assert_eq!(
            (
                r[1].id,
                r[1].name,
                r[1].status,
                r[1].reason,
                r[1].kind,
                r[1].interfaces
            ),
            (
                "10",
                Some("USERS"),
                Some("up"),
                Some("ok"),
                Some("static"),
                Some("1/1/1-1/1/40,lag1")
            )
        );
        assert_eq!(
            (r[2].name, r[2].interfaces, r[2].voice),
            (Some("PARKING LOT"), None, None)
        );
    }

    #[test]
    fn no_header_no_rows() {
        assert!(parse("1 DEFAULT_VLAN Port-based No No").is_empty());
        assert!(parse("Name Status\n1 x y").is_empty());
        assert!(parse("").is_empty());
    }
}
