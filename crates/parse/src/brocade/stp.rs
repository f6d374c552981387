//! `show spanning-tree` (`show span`): FastIron's per-VLAN tables.
//!
//! 802.1D VLANs print
//!
//! ```text
//! STP instance owned by VLAN 1
//! Global STP (IEEE 802.1D) Parameters:
//! VLAN Root             Root Root   Prio Max He- Ho- Fwd Last    Chg Bridge
//!  ID   ID              Cost Port   rity Age llo ld  dly Chang   cnt Address
//!    1 8000cc4e2415015e 0    Root   8000 20  2   1   15  265591169   cc4e2415015e
//! Port STP Parameters:
//! Port   Prio Path  State       Fwd    Design  Designated       Designated
//! 1/1/1  80   19    FORWARDING  1      0       8000cc4e2415015e 8000cc4e2415015e
//! ```
//!
//! and 802.1W VLANs (`VLAN 1 - RSTP instance 0`) a bridge table, a
//! `RootBridge Identifier` table and a port table with `Role` and `State`
//! columns. Root bridge IDs are priority + MAC in hex; the MAC part is
//! stored in dotted form like every other MAC. Port states become the
//! table abbreviations the Cisco parser stores (`FORWARDING` → `FWD`,
//! `BLOCKING`/`DISCARDING` → `BLK`, `DISABLED` → `DIS`), 802.1W roles
//! likewise (`ROOT` → `Root`, `DESIGNATED` → `Desg`, `ALTERNATE` → `Altn`,
//! `BACKUP` → `Back`; others as printed). The 802.1D table prints no role,
//! so it is derived from the same output by the 802.1D rules: the
//! instance's root port is `Root`; a disabled port is `DISABLED`; a port
//! whose designated bridge is this bridge is `Desg` (`Back` when blocking);
//! any other port is `Altn`. Lines such as `Spanning-tree is not configured
//! on port-vlan 10` name no instance and are skipped.

use crate::trim::TrimExt;
use statetrace_model::{SpanInstance, SpanPort};

use super::ports::port_key;
use crate::table::{is_digits, is_hex, starts_with_ci, tokenize_into, Token};

/// Which table of a section the following rows belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    None,
    Global,
    Ports,
    RstpBridge,
    RstpRoot,
    RstpPorts,
}

/// A bridge's MAC as the 12 lower-case hex digits of its bridge id: kept
/// as bytes so rows can be compared with the own bridge without building a
/// string per row (only the root switch is stored, in dotted form).
type BridgeMac = [u8; 12];

/// An 802.1D port row waiting for its role.
#[derive(Debug)]
struct PendingPort<'a> {
    raw: &'a str,
    state: &'a str,
    cost: Option<u64>,
    designated_bridge: Option<BridgeMac>,
}

#[derive(Debug)]
struct Section<'a> {
    inst: SpanInstance,
    table: Table,
    own_bridge: Option<BridgeMac>,
    root_port_raw: Option<&'a str>,
    pending: Vec<PendingPort<'a>>,
}

impl<'a> Section<'a> {
    fn new(vlan: &str) -> Section<'a> {
        Section {
            inst: SpanInstance {
                vlan: format!("VLAN{vlan}"),
                ..SpanInstance::default()
            },
            table: Table::None,
            own_bridge: None,
            root_port_raw: None,
            pending: Vec::new(),
        }
    }

    fn set_root_port(&mut self, cell: &'a str) {
        if !cell.eq_ignore_ascii_case("root") {
            self.inst.root_port = Some(port_key(cell).into_owned());
            self.root_port_raw = Some(cell);
        }
    }

    /// Gives the 802.1D rows their derived roles.
    fn finish(mut self) -> SpanInstance {
        self.inst.ports.reserve(self.pending.len());
        for p in std::mem::take(&mut self.pending) {
            let role = if self.root_port_raw == Some(p.raw) {
                "Root"
            } else if p.state == "DIS" {
                "DISABLED"
            } else {
                match (&self.own_bridge, &p.designated_bridge) {
                    (Some(own), Some(d)) if own == d => {
                        if p.state == "BLK" {
                            "Back"
                        } else {
                            "Desg"
                        }
                    }
                    (Some(_), Some(_)) => "Altn",
                    _ => "",
                }
            };
            self.inst.ports.push(SpanPort {
                port: port_key(p.raw).into_owned(),
                role: role.to_string(),
                state: p.state.to_string(),
                cost: p.cost,
            });
        }
        self.inst
    }
}

/// The MAC part of a bridge id (`8000cc4e2415015e` or `cc4e2415015e`),
/// lower-cased.
fn bridge_id_mac(id: &str) -> Option<BridgeMac> {
    if !is_hex(id) || (id.len() != 16 && id.len() != 12) {
        return None;
    }
    let mut m = [0u8; 12];
    m.copy_from_slice(&id.as_bytes()[id.len() - 12..]);
    m.make_ascii_lowercase();
    Some(m)
}

/// A bridge MAC in dotted form (`cc4e.2415.015e`).
fn dotted(m: &BridgeMac) -> String {
    let mut out = String::with_capacity(14);
    for (i, chunk) in m.chunks(4).enumerate() {
        if i > 0 {
            out.push('.');
        }
        // Hex digits only (see `bridge_id_mac`), so each byte is a char.
        out.extend(chunk.iter().map(|&b| char::from(b)));
    }
    out
}

/// The table abbreviation of a port state (`FORWARDING` → `FWD`); other
/// states as printed.
fn state_abbrev(state: &str) -> &str {
    // Every port row asks: the length picks the one or two candidates.
    let is = |long: &str| state.eq_ignore_ascii_case(long);
    match state.len() {
        10 if is("FORWARDING") => "FWD",
        10 if is("DISCARDING") => "BLK",
        8 if is("BLOCKING") => "BLK",
        8 if is("DISABLED") => "DIS",
        8 if is("LEARNING") => "LRN",
        9 if is("LISTENING") => "LIS",
        6 if is("BROKEN") => "BKN",
        _ => state,
    }
}

fn role_abbrev(role: &str) -> Option<&'static str> {
    let known = [
        ("ROOT", "Root"),
        ("DESIGNATED", "Desg"),
        ("ALTERNATE", "Altn"),
        ("BACKUP", "Back"),
        ("MASTER", "Mstr"),
        ("DISABLED", "DISABLED"),
    ];
    known
        .iter()
        .find(|(long, _)| long.eq_ignore_ascii_case(role))
        .map(|(_, short)| *short)
}

fn is_port_cell(s: &str) -> bool {
    let b = s.as_bytes();
    match b.first() {
        Some(c) if c.is_ascii_digit() => {
            b.iter().all(|c| c.is_ascii_digit() || *c == b'/') && !s.ends_with('/')
        }
        Some(_) => {
            b.len() > 2
                && b[..2].eq_ignore_ascii_case(b"lg")
                && b[2..].iter().all(u8::is_ascii_digit)
        }
        None => false,
    }
}

/// A section header: `STP instance owned by VLAN 10` or
/// `VLAN 10 - RSTP instance 0`; returns the VLAN and whether it is RSTP.
fn section_start<'a>(t: &str, toks: &[Token<'a>]) -> Option<(&'a str, bool)> {
    if starts_with_ci(t, "STP instance owned by VLAN") {
        let v = toks.get(5)?.text;
        return is_digits(v).then_some((v, false));
    }
    let w = |i: usize| toks.get(i).map_or("", |t| t.text);
    (w(0).eq_ignore_ascii_case("vlan")
        && is_digits(w(1))
        && w(2) == "-"
        && w(3).eq_ignore_ascii_case("rstp"))
    .then(|| (toks[1].text, true))
}

fn line_into<'a>(sec: &mut Section<'a>, t: &str, toks: &[Token<'a>]) {
    let w0 = toks[0].text;
    if starts_with_ci(t, "Global STP") {
        sec.inst.protocol = Some("ieee".into());
        sec.table = Table::Global;
        return;
    }
    if starts_with_ci(t, "Port STP Parameters") {
        sec.table = Table::Ports;
        return;
    }
    if starts_with_ci(t, "RSTP") {
        sec.inst.protocol = Some("rstp".into());
        sec.table = if crate::table::find_ci(t, "Port Parameters").is_some() {
            Table::RstpPorts
        } else {
            Table::RstpBridge
        };
        return;
    }
    if w0.eq_ignore_ascii_case("RootBridge") {
        sec.table = Table::RstpRoot;
        return;
    }
    let cell = |i: usize| toks.get(i).map(|t| t.text);
    match sec.table {
        Table::Global if is_digits(w0) => {
            let Some(root) = cell(1).and_then(bridge_id_mac) else {
                return;
            };
            sec.inst.root_switch = Some(dotted(&root));
            sec.inst.root_cost = cell(2).and_then(|c| c.parse().ok());
            if let Some(p) = cell(3) {
                sec.set_root_port(p);
            }
            sec.own_bridge = toks.last().and_then(|b| bridge_id_mac(b.text));
            sec.table = Table::None;
        }
        Table::Ports if is_port_cell(w0) && toks.len() >= 4 => {
            sec.pending.push(PendingPort {
                raw: w0,
                state: state_abbrev(toks[3].text),
                cost: toks[2].text.parse().ok(),
                designated_bridge: cell(7).and_then(bridge_id_mac),
            });
        }
        Table::RstpBridge => {
            if let Some(own) = bridge_id_mac(w0) {
                sec.own_bridge = Some(own);
            }
        }
        Table::RstpRoot => {
            let Some(root) = bridge_id_mac(w0) else {
                return;
            };
            sec.inst.root_switch = Some(dotted(&root));
            sec.inst.root_cost = cell(1).and_then(|c| c.parse().ok());
            if let Some(p) = cell(3) {
                sec.set_root_port(p);
            }
            sec.table = Table::None;
        }
        Table::RstpPorts if is_port_cell(w0) => {
            if let Some((r, role)) = toks
                .iter()
                .enumerate()
                .find_map(|(r, t)| role_abbrev(t.text).map(|role| (r, role)))
            {
                sec.inst.ports.push(SpanPort {
                    port: port_key(w0).into_owned(),
                    role: role.to_string(),
                    state: cell(r + 1)
                        .map(state_abbrev)
                        .unwrap_or_default()
                        .to_string(),
                    cost: cell(2).and_then(|c| c.parse().ok()),
                });
            }
        }
        _ => {}
    }
}

/// Parses `show spanning-tree` into instances, in output order.
pub fn parse_spanning_tree(lines: &[&str]) -> Vec<SpanInstance> {
    let mut out = Vec::new();
    let mut open: Option<Section> = None;
    let mut toks = Vec::new();
    for &line in lines {
        tokenize_into(line, &mut toks);
        if toks.is_empty() {
            continue;
        }
        let t = line.trim_ws();
        if let Some((vlan, rstp)) = section_start(t, &toks) {
            let mut next = Section::new(vlan);
            if rstp {
                next.inst.protocol = Some("rstp".into());
            }
            if let Some(done) = open.replace(next) {
                out.push(done.finish());
            }
            continue;
        }
        if let Some(sec) = open.as_mut() {
            line_into(sec, t, &toks);
        }
    }
    if let Some(done) = open {
        out.push(done.finish());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_abbreviations() {
        for (long, short) in [
            ("FORWARDING", "FWD"),
            ("BLOCKING", "BLK"),
            ("DISCARDING", "BLK"),
            ("LISTENING", "LIS"),
            ("LEARNING", "LRN"),
            ("DISABLED", "DIS"),
            ("BROKEN", "BKN"),
        ] {
            assert_eq!(state_abbrev(long), short);
            assert_eq!(state_abbrev(&long.to_ascii_lowercase()), short);
        }
        assert_eq!(state_abbrev("FORWARDINGX"), "FORWARDINGX");
        assert_eq!(state_abbrev("Up"), "Up");
    }

    fn parse(s: &str) -> Vec<SpanInstance> {
        let lines: Vec<&str> = s.lines().collect();
        parse_spanning_tree(&lines)
    }

    fn port(p: &str, role: &str, state: &str, cost: Option<u64>) -> SpanPort {
        SpanPort {
            port: p.into(),
            role: role.into(),
            state: state.into(),
            cost,
        }
    }

    const STP: &str = "
STP instance owned by VLAN 1

Global STP (IEEE 802.1D) Parameters:
 
VLAN Root             Root Root   Prio Max He- Ho- Fwd Last    Chg Bridge      
 ID   ID              Cost Port   rity Age llo ld  dly Chang   cnt Address     
                                  Hex  sec sec sec sec sec                     
   1 8000cc4e2415015e 0    Root   8000 20  2   1   15  265591169   cc4e2415015e

Port STP Parameters:

Port   Prio Path  State       Fwd    Design  Designated       Designated       
Num    rity Cost              Trans  Cost    Root             Bridge           
       Hex                                                                     
1/1/1  80   0     DISABLED    0      0       0000000000000000 0000000000000000 
1/1/2  80   4     FORWARDING  1      0       8000cc4e2415015e 8000cc4e2415015e 

STP instance owned by VLAN 10

Global STP (IEEE 802.1D) Parameters:

VLAN Root             Root Root   Prio Max He- Ho- Fwd Last    Chg Bridge      
 ID   ID              Cost Port   rity Age llo ld  dly Chang   cnt Address     
                                  Hex  sec sec sec sec sec                     
  10 0064609c9f5e4e00 2    1/2/1  8000 20  2   1   15  1234    3   cc4e2415015e

Port STP Parameters:

Port   Prio Path  State       Fwd    Design  Designated       Designated       
Num    rity Cost              Trans  Cost    Root             Bridge           
       Hex                                                                     
1/1/2  80   4     FORWARDING  1      2       0064609c9f5e4e00 8000cc4e2415015e 
1/2/1  80   2     FORWARDING  1      0       0064609c9f5e4e00 0064609c9f5e4e00 
2/2/1  80   2     BLOCKING    0      0       0064609c9f5e4e00 7000609c9f5e5100 
2/1/9  80   4     BLOCKING    0      2       0064609c9f5e4e00 8000cc4e2415015e 

Spanning-tree is not configured on port-vlan 20

Spanning-tree is not configured on port-vlan 99
";

    #[test]
    fn ieee_8021d_instances() {
        let st = parse(STP);
        assert_eq!(st.len(), 2);
        assert_eq!(
            st[0],
            SpanInstance {
                vlan: "VLAN1".into(),
                protocol: Some("ieee".into()),
                root_switch: Some("cc4e.2415.015e".into()),
                root_port: None,
                root_cost: Some(0),
                ports: vec![
                    port("Et1/1/1", "DISABLED", "DIS", Some(0)),
                    port("Et1/1/2", "Desg", "FWD", Some(4)),
                ],
            }
        );
        assert_eq!(st[1].vlan, "VLAN10");
        assert_eq!(st[1].root_switch.as_deref(), Some("609c.9f5e.4e00"));
        assert_eq!(st[1].root_port.as_deref(), Some("Et1/2/1"));
        assert_eq!(st[1].root_cost, Some(2));
        assert_eq!(
            st[1].ports,
            [
                port("Et1/1/2", "Desg", "FWD", Some(4)),
                port("Et1/2/1", "Root", "FWD", Some(2)),
                port("Et2/2/1", "Altn", "BLK", Some(2)),
                port("Et2/1/9", "Back", "BLK", Some(4)),
            ]
        );
    }

    #[test]
    fn rstp_8021w_instance() {
        let st = parse(
            "--------------------------------------------------------------------------
VLAN 20 - RSTP instance 0
--------------------------------------------------------------------------
RSTP (IEEE 802.1w) Bridge Parameters:

Bridge            Bridge  Bridge  Bridge  Force   tx
Identifier        MaxAge  Hello   FwdDly  Version Hold
hex               sec     sec     sec             cnt
8000cc4e2415015e  20      2       15      Default 3

RootBridge        RootPath  DesignatedBri-  Root    Max  Fwd  Hel
Identifier        Cost      dge Identifier  Port    Age  Dly  lo
hex                         hex                     sec  sec  sec
0064609c9f5e4e00  20000     0064609c9f5e4e00 1/2/1   20   15   2

RSTP (IEEE 802.1w) Port Parameters:

    <--- Config Params --><-------------- Current state ----------------->
Port   Pri PortPath P2P Edge Role       State      Designa-  Designated
Num        Cost     Mac Port                       ted cost  bridge
1/1/1  128 20000    F   T    DESIGNATED FORWARDING 20000     8000cc4e2415015e
1/1/2  128 20000    F   F    DISABLED   DISABLED   0         0000000000000000
1/2/1  128 2000     T   F    ROOT       FORWARDING 0         0064609c9f5e4e00
2/2/1  128 2000     T   F    ALTERNATE  DISCARDING 0         7000609c9f5e5100
",
        );
        assert_eq!(st.len(), 1);
        let s = &st[0];
        assert_eq!(
            (s.vlan.as_str(), s.protocol.as_deref()),
            ("VLAN20", Some("rstp"))
        );
        assert_eq!(s.root_switch.as_deref(), Some("609c.9f5e.4e00"));
        assert_eq!(s.root_port.as_deref(), Some("Et1/2/1"));
        assert_eq!(s.root_cost, Some(20000));
        assert_eq!(
            s.ports,
            [
                port("Et1/1/1", "Desg", "FWD", Some(20000)),
                port("Et1/1/2", "DISABLED", "DIS", Some(20000)),
                port("Et1/2/1", "Root", "FWD", Some(2000)),
                port("Et2/2/1", "Altn", "BLK", Some(2000)),
            ]
        );
    }

    #[test]
    fn nothing_outside_a_section() {
        assert!(parse("Port STP Parameters:\n1/1/1  80   0     DISABLED    0      0\n").is_empty());
        assert!(parse("Spanning-tree is not configured on port-vlan 20").is_empty());
        let st = parse("STP instance owned by VLAN 5\n");
        assert_eq!(st.len(), 1);
        assert_eq!(st[0].vlan, "VLAN5");
        assert!(parse("STP instance owned by VLAN x\nVLAN 2 - MSTP instance\n").is_empty());
        assert_eq!(
            bridge_id_mac("8000CC4E2415015E")
                .as_ref()
                .map(dotted)
                .as_deref(),
            Some("cc4e.2415.015e")
        );
        assert_eq!(bridge_id_mac("8000cc4e2415015"), None);
    }
}
