//! `show interfaces brief` (AOS-S) and `show interface brief` (AOS-CX).
//!
//! Both spellings share one canonical command key, so one parser reads
//! both layouts and tells them apart by their header: AOS-S prints
//! `Port Type | Alert Enabled Status Mode Mode Ctrl [Limit]` (the intrusion
//! / MDI / flow / broadcast words on the line above), AOS-CX prints
//! `Port Native Mode Type Enabled Status Reason Speed Description`. Cells
//! are located by the header's columns because several are empty on some
//! rows (type and MDI mode of an empty SFP slot, CX reason) or hold several
//! words (CX reason and description). The original recognised neither CX
//! layout and produced no ports for AOS-CX.

use super::layout::{is_aruba_port, port_of_cell, Columns, MAX_COLUMNS, ROW_TOKENS};
use crate::table::{is_blank, is_dash_line, tokenize_into, Token};

/// One AOS-S `show interfaces brief` row, cells as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefRow<'a> {
    /// The Port cell without the `*` override mark: `A1`, `D1-Trk1`, `1/1`.
    pub port_cell: &'a str,
    /// The port itself: [`port_of_cell`] of the cell (`D1-Trk1` → `D1`).
    pub port: &'a str,
    /// Type (`100/1000T`, `SFP+SR`); `None` for an empty slot.
    pub port_type: Option<&'a str>,
    /// Intrusion Alert (`Yes`/`No`).
    pub intrusion_alert: Option<&'a str>,
    /// Enabled (`Yes`/`No`).
    pub enabled: Option<&'a str>,
    /// Status (`Up`/`Down`).
    pub status: &'a str,
    /// Mode (`1000FDx`, `10GigFD`, `.`), without the `*` mark.
    pub mode: Option<&'a str>,
    /// MDI mode (`MDI`, `MDIX`, `Auto`, `NA`).
    pub mdi_mode: Option<&'a str>,
    /// Flow control (`on`/`off`).
    pub flow_ctrl: Option<&'a str>,
    /// Broadcast limit, when the layout has the column.
    pub bcast_limit: Option<&'a str>,
}

/// One AOS-CX `show interface brief` row; `--` cells are `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CxBriefRow<'a> {
    /// Port as printed: `1/1/1`, `lag1`, `vlan10`, `mgmt`.
    pub port: &'a str,
    /// Native VLAN.
    pub native_vlan: Option<&'a str>,
    /// Mode: `access`, `trunk` or `routed`.
    pub mode: Option<&'a str>,
    /// Transceiver or media type (`1GbT`, `SFP+DA1`).
    pub port_type: Option<&'a str>,
    /// Enabled (`yes`/`no`).
    pub enabled: Option<&'a str>,
    /// Status (`up`/`down`).
    pub status: &'a str,
    /// Reason, several words (`Administratively down`, `Waiting for link`).
    pub reason: Option<&'a str>,
    /// Speed in Mb/s as printed (`1000`).
    pub speed: Option<&'a str>,
    /// Description, several words.
    pub description: Option<&'a str>,
}

/// Both layouts' rows; a capture holds one of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterfacesBrief<'a> {
    /// AOS-S rows, in table order.
    pub aos_s: Vec<BriefRow<'a>>,
    /// AOS-CX rows, in table order.
    pub cx: Vec<CxBriefRow<'a>>,
}

/// Column indices (into the header's tokens) of an AOS-S header.
#[derive(Debug, Clone, Copy)]
struct AosHeader {
    cols: Columns,
    port_type: Option<usize>,
    alert: Option<usize>,
    enabled: Option<usize>,
    status: usize,
    mode: Option<usize>,
    mdi: Option<usize>,
    flow: Option<usize>,
    bcast: Option<usize>,
}

/// Column indices of an AOS-CX header.
#[derive(Debug, Clone, Copy)]
struct CxHeader {
    cols: Columns,
    native: Option<usize>,
    mode: Option<usize>,
    port_type: Option<usize>,
    enabled: Option<usize>,
    status: usize,
    reason: Option<usize>,
    speed: Option<usize>,
    description: Option<usize>,
}

#[derive(Debug, Clone, Copy)]
enum Header {
    AosS(AosHeader),
    Cx(CxHeader),
}

fn index_of(toks: &[Token<'_>], word: &str, nth: usize) -> Option<usize> {
    toks.iter()
        .enumerate()
        .filter(|(_, t)| t.text.eq_ignore_ascii_case(word))
        .nth(nth)
        .map(|(i, _)| i)
}

/// Reads a header line of either layout.
fn header(toks: &[Token<'_>]) -> Option<Header> {
    if !toks.first()?.text.eq_ignore_ascii_case("port") || toks.len() > MAX_COLUMNS {
        return None;
    }
    let status = index_of(toks, "status", 0)?;
    index_of(toks, "enabled", 0)?;
    let starts: Vec<usize> = toks.iter().map(|t| t.start).collect();
    let cols = Columns::new(&starts);
    if index_of(toks, "native", 0).is_some() {
        return Some(Header::Cx(CxHeader {
            cols,
            native: index_of(toks, "native", 0),
            mode: index_of(toks, "mode", 0),
            port_type: index_of(toks, "type", 0),
            enabled: index_of(toks, "enabled", 0),
            status,
            reason: index_of(toks, "reason", 0),
            speed: index_of(toks, "speed", 0),
            description: index_of(toks, "description", 0),
        }));
    }
    Some(Header::AosS(AosHeader {
        cols,
        port_type: index_of(toks, "type", 0),
        alert: index_of(toks, "alert", 0),
        enabled: index_of(toks, "enabled", 0),
        status,
        mode: index_of(toks, "mode", 0),
        mdi: index_of(toks, "mode", 1),
        flow: index_of(toks, "ctrl", 0),
        bcast: index_of(toks, "limit", 0),
    }))
}

fn cell<'a>(cells: &[Option<&'a str>; MAX_COLUMNS], i: Option<usize>) -> Option<&'a str> {
    cells[i?]
}

/// `None` for CX's `--` placeholder.
fn dash_none(s: Option<&str>) -> Option<&str> {
    s.filter(|v| *v != "--")
}

fn aos_row<'a>(h: &AosHeader, line: &'a str, toks: &[Token<'a>]) -> Option<BriefRow<'a>> {
    let cells = h.cols.cells(line, toks);
    let port_cell = cells[0]?.trim_end_matches('*');
    let port = port_of_cell(port_cell);
    if !is_aruba_port(port) {
        return None;
    }
    Some(BriefRow {
        port_cell,
        port,
        port_type: cell(&cells, h.port_type),
        intrusion_alert: cell(&cells, h.alert),
        enabled: cell(&cells, h.enabled),
        status: cells[h.status]?,
        mode: cell(&cells, h.mode).map(|m| m.trim_end_matches('*')),
        mdi_mode: cell(&cells, h.mdi),
        flow_ctrl: cell(&cells, h.flow),
        bcast_limit: cell(&cells, h.bcast),
    })
}

fn cx_row<'a>(h: &CxHeader, line: &'a str, toks: &[Token<'a>]) -> Option<CxBriefRow<'a>> {
    let cells = h.cols.cells(line, toks);
    let port = cells[0]?;
    if !is_aruba_port(port) {
        return None;
    }
    Some(CxBriefRow {
        port,
        native_vlan: dash_none(cell(&cells, h.native)),
        mode: dash_none(cell(&cells, h.mode)),
        port_type: dash_none(cell(&cells, h.port_type)),
        enabled: dash_none(cell(&cells, h.enabled)),
        status: cells[h.status]?,
        reason: dash_none(cell(&cells, h.reason)),
        speed: dash_none(cell(&cells, h.speed)),
        description: dash_none(cell(&cells, h.description)),
    })
}

/// Parses `show interfaces brief` / `show interface brief` output of
/// either OS. Rows follow a header line; a later header (a repeated page,
/// another stack member) starts a new table; lines that are not port rows
/// (rules, notes, legends) are skipped.
pub fn parse_interfaces_brief<'a>(lines: &[&'a str]) -> InterfacesBrief<'a> {
    let mut out = InterfacesBrief::default();
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
        match &head {
            Some(Header::AosS(h)) => out.aos_s.extend(aos_row(h, line, &toks)),
            Some(Header::Cx(h)) => out.cx.extend(cx_row(h, line, &toks)),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> InterfacesBrief<'_> {
        let lines: Vec<&str> = s.lines().collect();
        parse_interfaces_brief(&lines)
    }

    const NOTE: &str = "
 Status and Counters - Port Status

 Note: * indicates values dynamically overridden by RADIUS.

                          | Intrusion                           MDI  Flow Bcast
  Port         Type       | Alert     Enabled Status Mode       Mode Ctrl Limit
  ------------ ---------- + --------- ------- ------ ---------- ---- ---- -----
  A8*          SFP+SR     | No        Yes     Up     10GigFD    NA   off  0    
  D1-Trk1      100/1000T  | No        Yes     Up     1000FDx    MDIX off  0    
  E3                      | No        Yes     Down   .               off  0    
  F1           10GbE-T    | No        Yes     Up     2500FDx*   MDIX off  0    
 * third-party transceiver
";

    #[test]
    fn aos_s_rows_with_marks_trunks_and_empty_slots() {
        let b = parse(NOTE);
        assert!(b.cx.is_empty());
        let r = &b.aos_s;
        assert_eq!(r.len(), 4);
        assert_eq!((r[0].port_cell, r[0].port), ("A8", "A8"));
        assert_eq!(r[0].port_type, Some("SFP+SR"));
        assert_eq!((r[1].port_cell, r[1].port), ("D1-Trk1", "D1"));
        assert_eq!(r[1].mdi_mode, Some("MDIX"));
        assert_eq!(
            (
                r[2].port_type,
                r[2].mode,
                r[2].mdi_mode,
                r[2].flow_ctrl,
                r[2].bcast_limit
            ),
            (None, Some("."), None, Some("off"), Some("0"))
        );
        assert_eq!((r[3].mode, r[3].status), (Some("2500FDx"), "Up"));
        assert_eq!(
            (r[3].enabled, r[3].intrusion_alert),
            (Some("Yes"), Some("No"))
        );
    }

    #[test]
    fn aos_s_without_bcast_column() {
        let b = parse(
            "                   | Intrusion                           MDI  Flow
  Port  Type       | Alert     Enabled Status Mode       Mode Ctrl
  ----- ---------- + --------- ------- ------ ---------- ---- ----
  5     10/100TX   | No        No      Down   10FDx      MDI  off
  51               | No        Yes     Down   .               off",
        );
        let r = &b.aos_s;
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].enabled, r[0].bcast_limit), (Some("No"), None));
        assert_eq!(
            (r[1].port_type, r[1].mdi_mode, r[1].flow_ctrl),
            (None, None, Some("off"))
        );
    }

    const CX: &str = "
--------------------------------------------------------------------------------------------------------
Port           Native  Mode   Type           Enabled Status  Reason                  Speed   Description
               VLAN                                                                  (Mb/s)
--------------------------------------------------------------------------------------------------------
1/1/1          10      access 1GbT           yes     up                              1000    Rm 110 Desk 1
1/1/2          10      access 1GbT           no      down    Administratively down   --      --
1/1/49         1       trunk  SFP+DA1        yes     up                              10000   Uplink to MDSN-B03-DS-01
lag1           1       trunk  --             yes     up                              20000   --
vlan10         --      --     --             yes     up                              --      --
";

    #[test]
    fn cx_rows_with_multi_word_cells() {
        let b = parse(CX);
        assert!(b.aos_s.is_empty());
        let r = &b.cx;
        assert_eq!(r.len(), 5);
        assert_eq!(
            (
                r[0].port,
                r[0].native_vlan,
                r[0].mode,
                r[0].port_type,
                r[0].speed
            ),
            (
                "1/1/1",
                Some("10"),
                Some("access"),
                Some("1GbT"),
                Some("1000")
            )
        );
        assert_eq!(
            (r[0].reason, r[0].description),
            (None, Some("Rm 110 Desk 1"))
        );
        assert_eq!((r[1].enabled, r[1].status), (Some("no"), "down"));
        assert_eq!(
            (r[1].reason, r[1].speed, r[1].description),
            (Some("Administratively down"), None, None)
        );
        assert_eq!(r[2].description, Some("Uplink to MDSN-B03-DS-01"));
        assert_eq!((r[3].port, r[3].port_type), ("lag1", None));
        assert_eq!((r[4].native_vlan, r[4].mode), (None, None));
    }

    #[test]
    fn rows_need_a_header() {
        assert_eq!(
            parse("  1  100/1000T | No Yes Up 1000FDx MDI off"),
            InterfacesBrief::default()
        );
        assert_eq!(parse(""), InterfacesBrief::default());
        // A header alone, and a row too short to have a status, give nothing.
        let b = parse("Port Type | Alert Enabled Status Mode Mode Ctrl\n  7");
        assert!(b.aos_s.is_empty());
    }
}
