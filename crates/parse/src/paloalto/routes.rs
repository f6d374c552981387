//! `show routing route`: the routing table of each virtual router.
//!
//! ```text
//! VIRTUAL ROUTER: default (id 1)
//!   ==========
//! destination                                 nexthop                                 metric flags      age   interface          next-AS
//! 0.0.0.0/0                                   203.0.113.9                             10     A S              ethernet1/1
//! 10.20.0.0/24                                10.20.0.10                              0      A C              ethernet1/2
//! ```
//!
//! Flags hold spaces (`A S`, `A Oi`) and the age, interface and next-AS
//! cells are often empty, so cells are assigned by the header's column
//! positions: a word belongs to the last column starting at or before it.

use crate::table::{starts_with_ci, tokenize_into, Token};
use crate::trim::TrimExt;

/// One route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route<'a> {
    /// The virtual router (`default`), when the output names it.
    pub virtual_router: Option<&'a str>,
    /// Destination prefix.
    pub destination: &'a str,
    /// Next hop (`0.0.0.0` for host routes, `discard`, a VR name).
    pub nexthop: Option<&'a str>,
    /// Metric.
    pub metric: Option<&'a str>,
    /// Flags, space-separated as printed (`A S`, `A C`, `A Oi`).
    pub flags: Option<&'a str>,
    /// Age in seconds (dynamic routes).
    pub age: Option<&'a str>,
    /// Outgoing interface.
    pub interface: Option<&'a str>,
    /// Next AS (BGP).
    pub next_as: Option<&'a str>,
}

/// Header column starts, in header order.
const COLUMNS: [&str; 7] = [
    "destination",
    "nexthop",
    "metric",
    "flags",
    "age",
    "interface",
    "next-AS",
];

/// Reads the header: the start offset of every column (the first is 0).
fn header(toks: &[Token<'_>]) -> Option<[usize; 7]> {
    let mut cols = [0usize; 7];
    for (i, name) in COLUMNS.iter().enumerate() {
        cols[i] = toks
            .iter()
            .find(|t| t.text.eq_ignore_ascii_case(name))?
            .start;
    }
    cols.windows(2).all(|w| w[0] < w[1]).then_some(cols)
}

/// The cells of a row: for each column, the text from its first to its last
/// word.
fn cells<'a>(line: &'a str, toks: &[Token<'a>], cols: &[usize; 7]) -> [Option<&'a str>; 7] {
    let mut span: [Option<(usize, usize)>; 7] = [None; 7];
    for t in toks {
        let c = cols.iter().rposition(|&s| s <= t.start).unwrap_or(0);
        let s = span[c].get_or_insert((t.start, t.end()));
        s.1 = t.end();
    }
    span.map(|s| s.map(|(a, b)| &line[a..b]))
}

/// True for a destination prefix (`10.0.0.0/8`, `2001:db8::/32`).
fn is_prefix(word: &str) -> bool {
    word.contains('/')
        && word
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || matches!(b, b'.' | b':' | b'/'))
}

/// Parses `show routing route` into routes, in printed order.
pub fn parse_routing_route<'a>(lines: &[&'a str]) -> Vec<Route<'a>> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    let mut cols: Option<[usize; 7]> = None;
    let mut vr: Option<&'a str> = None;
    for &line in lines {
        let t = line.trim_ws_start();
        if starts_with_ci(t, "VIRTUAL ROUTER:") {
            vr = t["VIRTUAL ROUTER:".len()..].split_whitespace().next();
            continue;
        }
        tokenize_into(line, &mut toks);
        let Some(first) = toks.first() else { continue };
        if first.text.eq_ignore_ascii_case("destination") {
            cols = header(&toks);
            continue;
        }
        let Some(c) = cols.as_ref() else { continue };
        if !is_prefix(first.text) {
            continue;
        }
        let [destination, nexthop, metric, flags, age, interface, next_as] = cells(line, &toks, c);
        out.push(Route {
            virtual_router: vr,
            destination: destination.unwrap_or(first.text),
            nexthop,
            metric,
            flags,
            age,
            interface,
            next_as,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "\
flags: A:active, ?:loose, C:connect, H:host, S:static, ~:internal, R:rip, O:ospf, B:bgp,
       Oi:ospf intra-area, Oo:ospf inter-area, O1:ospf ext-type-1, O2:ospf ext-type-2, E:ecmp, M:multicast


VIRTUAL ROUTER: default (id 1)
  ==========
destination                                 nexthop                                 metric flags      age   interface          next-AS
0.0.0.0/0                                   203.0.113.9                             10     A S              ethernet1/1
10.20.0.0/24                                10.20.0.10                              0      A C              ethernet1/2
10.20.0.10/32                               0.0.0.0                                 0      A H
172.16.8.0/22                               10.20.0.2                               20     A Oi       1804  ethernet1/2
total routes shown: 4
";

    #[test]
    fn routes_by_column() {
        let lines: Vec<&str> = OUTPUT.lines().collect();
        let r = parse_routing_route(&lines);
        assert_eq!(r.len(), 4);
        assert_eq!(
            r[0],
            Route {
                virtual_router: Some("default"),
                destination: "0.0.0.0/0",
                nexthop: Some("203.0.113.9"),
                metric: Some("10"),
                flags: Some("A S"),
                age: None,
                interface: Some("ethernet1/1"),
                next_as: None,
            }
        );
        assert_eq!((r[2].flags, r[2].interface), (Some("A H"), None));
        assert_eq!(
            (r[3].flags, r[3].age, r[3].interface),
            (Some("A Oi"), Some("1804"), Some("ethernet1/2"))
        );
    }

    #[test]
    fn rows_need_a_header() {
        let lines = ["0.0.0.0/0  10.0.0.1  10  A S  ethernet1/1"];
        assert!(parse_routing_route(&lines).is_empty());
        let lines = ["destination nexthop", "0.0.0.0/0  10.0.0.1"];
        assert!(parse_routing_route(&lines).is_empty());
        assert!(!is_prefix("total"));
        assert!(is_prefix("2001:db8::/32"));
    }
}
