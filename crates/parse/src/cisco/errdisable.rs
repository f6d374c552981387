//! `show interfaces status err-disabled`: ports shut down by a protection
//! feature, and why.
//!
//! The table has the status table's first columns (the Name cell has
//! spaces, is empty or truncated), then the reason and, on newer releases,
//! the VLANs the port is err-disabled in. Rows are tokenised and the status
//! cell found by its word, the one nearest the header's `Status` column
//! winning when a name contains the word too.

use crate::trim::TrimExt;
use std::borrow::Cow;

use crate::port_name::{is_port_like, short};
use crate::table::{is_blank, is_dash_line, starts_with_ci, tokenize_into, Token};

/// One row of `show interfaces status err-disabled`, cells as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrDisabledRow<'a> {
    /// Port as printed (`Gi1/0/3`, `Eth1`).
    pub port_raw: &'a str,
    /// Canonical short port name.
    pub port: Cow<'a, str>,
    /// The Name cell, trimmed; `None` when empty.
    pub name: Option<&'a str>,
    /// The Status cell (`err-disabled`).
    pub status: &'a str,
    /// Everything after the status, trimmed: the reason, then on newer
    /// releases the err-disabled VLANs (`bpduguard`, `psecure-violation 10`).
    pub reason_cell: &'a str,
}

impl<'a> ErrDisabledRow<'a> {
    /// The reason word (`bpduguard`, `link-flap`), when printed.
    pub fn reason(&self) -> Option<&'a str> {
        self.reason_cell.split_ascii_whitespace().next()
    }

    /// The `Err-disabled Vlans` cell after the reason, when printed.
    pub fn vlans(&self) -> Option<&'a str> {
        let reason = self.reason()?;
        let rest = self.reason_cell[reason.len()..].trim_ws();
        (!rest.is_empty()).then_some(rest)
    }
}

fn is_status(word: &str) -> bool {
    word.eq_ignore_ascii_case("err-disabled")
}

/// The header: `Port  Name  Status  Reason [Err-disabled Vlans]`; returns the
/// `Status` column's offset.
fn header(toks: &[Token<'_>]) -> Option<usize> {
    let first = toks.first()?;
    if !first.text.eq_ignore_ascii_case("port")
        || !toks.iter().any(|t| t.text.eq_ignore_ascii_case("reason"))
    {
        return None;
    }
    toks.iter()
        .find(|t| t.text.eq_ignore_ascii_case("status"))
        .map(|t| t.start)
}

fn row<'a>(line: &'a str, toks: &[Token<'a>], status_col: usize) -> Option<ErrDisabledRow<'a>> {
    let port_raw = toks.first()?.text;
    if !is_port_like(port_raw) {
        return None;
    }
    // `<=` so that on a tie the later candidate (further from the name) wins.
    let mut best: Option<usize> = None;
    for (i, t) in toks.iter().enumerate().skip(1) {
        if is_status(t.text)
            && best
                .is_none_or(|b| t.start.abs_diff(status_col) <= toks[b].start.abs_diff(status_col))
        {
            best = Some(i);
        }
    }
    let s = best?;
    let name = line[toks[0].end()..toks[s].start].trim_ws();
    Some(ErrDisabledRow {
        port_raw,
        port: short(port_raw),
        name: (!name.is_empty()).then_some(name),
        status: toks[s].text,
        reason_cell: line[toks[s].end()..].trim_ws(),
    })
}

/// Parses `show interfaces status err-disabled` into rows, in table order.
///
/// Rows follow the `Port  Name  Status  Reason` header up to a blank line;
/// a later header starts another table. Lines that are not err-disabled port
/// rows are skipped.
pub fn parse_err_disabled<'a>(lines: &[&'a str]) -> Vec<ErrDisabledRow<'a>> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    let mut status_col: Option<usize> = None;
    let mut rows_seen = false;
    for &line in lines {
        if is_blank(line) {
            if rows_seen {
                status_col = None;
                rows_seen = false;
            }
            continue;
        }
        if is_dash_line(line) {
            continue;
        }
        tokenize_into(line, &mut toks);
        if starts_with_ci(line.trim_ws_start(), "port") {
            if let Some(col) = header(&toks) {
                status_col = Some(col);
                rows_seen = false;
                continue;
            }
        }
        let Some(col) = status_col else { continue };
        if let Some(r) = row(line, &toks, col) {
            out.push(r);
            rows_seen = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Vec<ErrDisabledRow<'_>> {
        let lines: Vec<&str> = s.lines().collect();
        parse_err_disabled(&lines)
    }

    #[test]
    fn rows_with_and_without_names_and_vlans() {
        let rows = parse(
            "
Port      Name               Status       Reason               Err-disabled Vlans
Gi1/0/3                      err-disabled bpduguard
Gi1/0/4   Lobby kiosk        err-disabled psecure-violation    10
Gi1/0/5   err-disabled desk  err-disabled link-flap
GigabitEthernet1/0/6         err-disabled loopback
",
        );
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.port.as_ref(), r.name, r.status, r.reason(), r.vlans()))
            .collect();
        assert_eq!(
            got,
            [
                ("Gi1/0/3", None, "err-disabled", Some("bpduguard"), None),
                (
                    "Gi1/0/4",
                    Some("Lobby kiosk"),
                    "err-disabled",
                    Some("psecure-violation"),
                    Some("10")
                ),
                (
                    "Gi1/0/5",
                    Some("err-disabled desk"),
                    "err-disabled",
                    Some("link-flap"),
                    None
                ),
                ("Gi1/0/6", None, "err-disabled", Some("loopback"), None),
            ]
        );
        assert_eq!(rows[3].port_raw, "GigabitEthernet1/0/6");
        assert_eq!(rows[1].reason_cell, "psecure-violation    10");
    }

    #[test]
    fn needs_a_header_and_stops_at_a_blank_line() {
        assert!(parse("Gi1/0/3   x   err-disabled bpduguard").is_empty());
        let rows = parse(
            "Port Name Status Reason\nGi1/0/1 err-disabled udld\n\nGi1/0/2 err-disabled udld\n\
             Port Name Status Reason\nGi1/0/9 connected 1\nGi1/0/3 err-disabled\n",
        );
        let got: Vec<_> = rows.iter().map(|r| (r.port_raw, r.reason())).collect();
        assert_eq!(got, [("Gi1/0/1", Some("udld")), ("Gi1/0/3", None)]);
    }
}
