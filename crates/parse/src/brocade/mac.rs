//! `show mac-address`: the MAC table in every FastIron layout.
//!
//! Releases disagree on the columns and their order:
//!
//! ```text
//! MAC-Address     Port                 Type         VLAN           (ICX 8.0)
//! MAC Address     Port      Type      Index   VLAN                 (8.0.x)
//! MAC Address     Port      Type      VLAN    Action               (8.0.30)
//! MAC Address     Port      Age      VLAN    Type                  (7.x)
//! VLAN    MAC Address      Port     Type                           (VLAN first)
//! ```
//!
//! so the header is read for the column order and every row is matched to
//! it: by position when it has one word per column, else each word goes to
//! the nearest column to its right of the previous one (a missing `Type`
//! cell). The original took the last number before the end of the row as
//! the VLAN, which was the `Index` in the Index layout; here the `Index`
//! column is never the VLAN. Rows seen before any header (output cut with
//! `| include`) are read by shape: the MAC, the port after it, and the VLAN
//! before the MAC, else the last number after the port.

use std::borrow::Cow;

use super::ports::port_key;
use crate::table::{is_digits, is_mac, tokenize_into, Token};

/// One MAC table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacEntry<'a> {
    /// MAC address as printed.
    pub mac: &'a str,
    /// Port as printed (`1/1/1`, `lg7`).
    pub port_raw: &'a str,
    /// StateTrace port key (`Et1/1/1`, `lg7`).
    pub port: Cow<'a, str>,
    /// VLAN cell.
    pub vlan: Option<&'a str>,
    /// Type cell (`Dynamic`, `Static`).
    pub kind: Option<&'a str>,
    /// Age cell (7.x layout).
    pub age: Option<&'a str>,
}

/// A column of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Mac,
    Port,
    Type,
    Vlan,
    Age,
    Other,
}

/// Reads a header line into its columns and their offsets; `None` when the
/// line is not a header (it must name the MAC and the port).
fn header(toks: &[Token<'_>]) -> Option<Vec<(Col, usize)>> {
    let mut cols = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let (w, start) = (toks[i].text, toks[i].start);
        let col = if w.eq_ignore_ascii_case("mac-address") {
            Col::Mac
        } else if w.eq_ignore_ascii_case("mac")
            && toks
                .get(i + 1)
                .is_some_and(|n| n.text.eq_ignore_ascii_case("address"))
        {
            i += 1;
            Col::Mac
        } else if w.eq_ignore_ascii_case("port") || w.eq_ignore_ascii_case("ports") {
            Col::Port
        } else if w.eq_ignore_ascii_case("type") {
            Col::Type
        } else if w.eq_ignore_ascii_case("vlan") {
            Col::Vlan
        } else if w.eq_ignore_ascii_case("age") {
            Col::Age
        } else {
            Col::Other
        };
        cols.push((col, start));
        i += 1;
    }
    let has = |c: Col| cols.iter().any(|(k, _)| *k == c);
    (has(Col::Mac) && has(Col::Port)).then_some(cols)
}

/// Assigns each word of a row to a column: positional when the counts
/// match, else each word to the column (after the previous word's) whose
/// start is nearest to the word's start.
fn assign(cols: &[(Col, usize)], toks: &[Token<'_>], out: &mut Vec<Col>) {
    out.clear();
    if toks.len() == cols.len() {
        out.extend(cols.iter().map(|(c, _)| *c));
        return;
    }
    let mut next = 0;
    for (k, t) in toks.iter().enumerate() {
        // Leave room for the words still to come.
        let last = cols.len().saturating_sub(toks.len() - k);
        if next >= cols.len() {
            out.push(Col::Other);
            continue;
        }
        let best = (next..=last.max(next))
            .min_by_key(|&j| cols[j].1.abs_diff(t.start))
            .unwrap_or(next);
        out.push(cols[best].0);
        next = best + 1;
    }
}

/// Reads a row without a header, by shape.
fn by_shape<'a>(toks: &[Token<'a>]) -> Option<MacEntry<'a>> {
    let m = toks.iter().position(|t| is_mac(t.text))?;
    let port_raw = toks.get(m + 1)?.text;
    let vlan = if m > 0 && is_digits(toks[m - 1].text) {
        Some(toks[m - 1].text)
    } else {
        toks[m + 2..]
            .iter()
            .rev()
            .map(|t| t.text)
            .find(|t| is_digits(t))
    };
    Some(MacEntry {
        mac: toks[m].text,
        port_raw,
        port: port_key(port_raw),
        vlan,
        kind: None,
        age: None,
    })
}

/// Parses a FastIron MAC table into its rows, in table order.
pub fn parse_mac_address<'a>(lines: &[&'a str]) -> Vec<MacEntry<'a>> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    let mut cols: Option<Vec<(Col, usize)>> = None;
    let mut kinds = Vec::new();
    for &line in lines {
        tokenize_into(line, &mut toks);
        if toks.len() < 2 {
            continue;
        }
        let Some(m) = toks.iter().position(|t| is_mac(t.text)) else {
            if let Some(h) = header(&toks) {
                cols = Some(h);
            }
            continue;
        };
        let Some(cols) = cols.as_deref() else {
            out.extend(by_shape(&toks));
            continue;
        };
        assign(cols, &toks, &mut kinds);
        let mut e = MacEntry {
            mac: toks[m].text,
            port_raw: "",
            port: Cow::Borrowed(""),
            vlan: None,
            kind: None,
            age: None,
        };
        for (t, k) in toks.iter().zip(&kinds) {
            match k {
                Col::Port if e.port_raw.is_empty() => e.port_raw = t.text,
                Col::Vlan if e.vlan.is_none() => e.vlan = Some(t.text),
                Col::Type if e.kind.is_none() => e.kind = Some(t.text),
                Col::Age if e.age.is_none() => e.age = Some(t.text),
                _ => {}
            }
        }
        if e.port_raw.is_empty() || is_mac(e.port_raw) {
            continue;
        }
        e.port = port_key(e.port_raw);
        out.push(e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Vec<MacEntry<'_>> {
        let lines: Vec<&str> = s.lines().collect();
        parse_mac_address(&lines)
    }

    type Row<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>);

    fn flat<'a>(rows: &'a [MacEntry<'a>]) -> Vec<Row<'a>> {
        rows.iter()
            .map(|e| (e.mac, e.port.as_ref(), e.vlan, e.kind))
            .collect()
    }

    #[test]
    fn icx_layout_with_repeated_headers() {
        let rows = parse(
            "
Total active entries from all ports = 3
MAC-Address     Port                 Type         VLAN 
70db.9895.73aa  1/2/1                Dynamic      3    
0010.20d0.b22b  lg1                  Static       10   
MAC-Address     Port                 Type         VLAN 
000f.7c0f.f387  2/1/11               Dynamic      3    ",
        );
        assert_eq!(
            flat(&rows),
            [
                ("70db.9895.73aa", "Et1/2/1", Some("3"), Some("Dynamic")),
                ("0010.20d0.b22b", "lg1", Some("10"), Some("Static")),
                ("000f.7c0f.f387", "Et2/1/11", Some("3"), Some("Dynamic")),
            ]
        );
    }

    #[test]
    fn index_column_is_never_the_vlan() {
        let rows = parse(
            "Total active entries from all ports = 2
MAC Address    Port      Type      Index   VLAN
0011.2233.aa01  1/1/1     Dynamic   25      10
0011.2233.aa02  1/1/2     Dynamic   4013    20",
        );
        assert_eq!(
            flat(&rows),
            [
                ("0011.2233.aa01", "Et1/1/1", Some("10"), Some("Dynamic")),
                ("0011.2233.aa02", "Et1/1/2", Some("20"), Some("Dynamic")),
            ]
        );
    }

    #[test]
    fn action_age_and_vlan_first_layouts() {
        let rows = parse(
            "MAC Address    Port      Type      VLAN    Action
0011.2233.aa01  1/1/1     Dynamic   10      forward",
        );
        assert_eq!(
            flat(&rows),
            [("0011.2233.aa01", "Et1/1/1", Some("10"), Some("Dynamic"))]
        );
        // 7.x: the Type cell is empty.
        let rows = parse(
            "Total active entries from all ports = 236
MAC Address     Port      Age      VLAN    Type

6cae.8b2d.c979   2/1        0      1000
3440.b5be.e3ac   2/1        0      1000    Static",
        );
        assert_eq!(
            flat(&rows)[0],
            ("6cae.8b2d.c979", "Et2/1", Some("1000"), None)
        );
        assert_eq!(rows[0].age, Some("0"));
        assert_eq!(rows[1].kind, Some("Static"));
        let rows = parse(
            "Mac Address Table
VLAN    MAC Address      Port     Type
  10    0024.3812.aa01   1/1/3    Dynamic
 200    0024.3812.aa02   1/2/1    Static",
        );
        assert_eq!(
            flat(&rows),
            [
                ("0024.3812.aa01", "Et1/1/3", Some("10"), Some("Dynamic")),
                ("0024.3812.aa02", "Et1/2/1", Some("200"), Some("Static")),
            ]
        );
    }

    #[test]
    fn rows_without_a_header_by_shape() {
        let rows = parse(
            "0011.2233.aa01  1/1/1     Dynamic   25      10\n  10    0024.3812.aa01   1/1/3    Dynamic",
        );
        assert_eq!(
            flat(&rows),
            [
                ("0011.2233.aa01", "Et1/1/1", Some("10"), None),
                ("0024.3812.aa01", "Et1/1/3", Some("10"), None),
            ]
        );
        assert!(parse("0011.2233.aa01").is_empty());
        assert!(parse("MAC Address Port\n0011.2233.aa01 0011.2233.aa02").is_empty());
        assert!(parse("").is_empty());
    }
}
