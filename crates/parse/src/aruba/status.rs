//! AOS-S `show interfaces status`: name, status, speed and VLAN membership
//! per port.
//!
//! `Port Name Status Config-mode Speed Type Tagged Untagged`, fixed-width
//! and left-aligned. A down port without a transceiver leaves Config-mode,
//! Speed and Type empty, names may hold spaces and are cut to the column
//! (`SW-01-0...`), and the 8-wide Port column cuts trunk members
//! (`1/28-...`). So cells are read by the header's columns.

use super::layout::{is_aruba_port, port_of_cell, Columns, MAX_COLUMNS, ROW_TOKENS};
use crate::table::{is_blank, is_dash_line, tokenize_into, Token};

/// One `show interfaces status` row, cells as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRow<'a> {
    /// The Port cell: `A24-Trk1`, `1/28-...`, `A1`.
    pub port_cell: &'a str,
    /// The port itself: `A24`, `1/28`, `A1`.
    pub port: &'a str,
    /// Name, possibly cut with `...`.
    pub name: Option<&'a str>,
    /// Status (`Up`/`Down`).
    pub status: &'a str,
    /// Config-mode (`Auto`, `100FDx`).
    pub config_mode: Option<&'a str>,
    /// Speed (`1000FDx`, `10GigFD`).
    pub speed: Option<&'a str>,
    /// Type (`100/1000T`).
    pub port_type: Option<&'a str>,
    /// Tagged: `No`, a VLAN, or `multi`.
    pub tagged: Option<&'a str>,
    /// Untagged: `No` or a VLAN.
    pub untagged: Option<&'a str>,
}

/// Column indices of the header.
#[derive(Debug, Clone, Copy)]
struct Header {
    cols: Columns,
    name: Option<usize>,
    status: usize,
    config_mode: Option<usize>,
    speed: Option<usize>,
    port_type: Option<usize>,
    tagged: Option<usize>,
    untagged: Option<usize>,
}

fn header(toks: &[Token<'_>]) -> Option<Header> {
    if !toks.first()?.text.eq_ignore_ascii_case("port") || toks.len() > MAX_COLUMNS {
        return None;
    }
    let idx = |w: &str| toks.iter().position(|t| t.text.eq_ignore_ascii_case(w));
    let status = idx("status")?;
    let untagged = Some(idx("untagged")?);
    let starts: Vec<usize> = toks.iter().map(|t| t.start).collect();
    Some(Header {
        cols: Columns::new(&starts),
        name: idx("name"),
        status,
        config_mode: idx("config-mode"),
        speed: idx("speed"),
        port_type: idx("type"),
        tagged: idx("tagged"),
        untagged,
    })
}

/// Parses AOS-S `show interfaces status` into rows, in table order.
pub fn parse_interfaces_status<'a>(lines: &[&'a str]) -> Vec<StatusRow<'a>> {
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
        let cells = h.cols.cells(line, &toks);
        let cell = |i: Option<usize>| i.and_then(|i| cells[i]);
        let Some(port_cell) = cells[0] else { continue };
        let port = port_of_cell(port_cell);
        let Some(status) = cells[h.status] else {
            continue;
        };
        if !is_aruba_port(port) {
            continue;
        }
        out.push(StatusRow {
            port_cell,
            port,
            name: cell(h.name),
            status,
            config_mode: cell(h.config_mode),
            speed: cell(h.speed),
            port_type: cell(h.port_type),
            tagged: cell(h.tagged),
            untagged: cell(h.untagged),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_with_empty_and_cut_cells() {
        let text = "
  Port     Name       Status  Config-mode   Speed    Type       Tagged Untagged
  -------- ---------- ------- ------------- -------- ---------- ------ --------
  A8       SW-01-0... Up      Auto          1000FDx  100/1000T  No     2
  A21                 Down                                      multi  No
  1/28-... Srv 001... Up      Auto          10GigFD  10GbE-GEN  multi  No
  D1                  Down    Auto                              No     10
";
        let lines: Vec<&str> = text.lines().collect();
        let r = parse_interfaces_status(&lines);
        assert_eq!(r.len(), 4);
        assert_eq!(
            (r[0].port, r[0].name, r[0].speed, r[0].tagged, r[0].untagged),
            (
                "A8",
                Some("SW-01-0..."),
                Some("1000FDx"),
                Some("No"),
                Some("2")
            )
        );
        assert_eq!(
            (r[1].config_mode, r[1].speed, r[1].port_type, r[1].tagged),
            (None, None, None, Some("multi"))
        );
        assert_eq!(
            (r[2].port_cell, r[2].port, r[2].name),
            ("1/28-...", "1/28", Some("Srv 001..."))
        );
        assert_eq!(
            (r[3].config_mode, r[3].speed, r[3].untagged),
            (Some("Auto"), None, Some("10"))
        );
    }

    #[test]
    fn needs_header_and_status() {
        let lines = [
            "  A1   Down  Auto  No 1",
            "  Port Name Status Tagged Untagged",
            "  A1",
        ];
        assert!(parse_interfaces_status(&lines).is_empty());
        assert!(parse_interfaces_status(&[]).is_empty());
    }
}
