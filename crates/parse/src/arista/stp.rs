//! `show spanning-tree`: one section per MST instance (`MST0`, `MST1`) or,
//! in rapid-PVST mode, per VLAN (`VL10`).
//!
//! Each section has a `Root ID` block (root address, then `Cost` and
//! `Port` unless this bridge is the root), a `Bridge ID` block and an
//! `Interface Role State Cost Prio.Nbr Type` table with full words
//! (`designated forwarding`). EOS prints the root path cost as
//! `Cost 0 (Ext) 2000 (Int)`: the external cost to the CIST root plus the
//! internal cost to the regional root, so the path cost is their sum
//! (rapid-PVST puts the whole cost in `Ext`).

use crate::trim::TrimExt;
use statetrace_model::{SpanInstance, SpanPort};

use super::port::port_key;
use crate::table::{is_blank, is_dash_line, is_digits, starts_with_ci, tokenize_into, Token};

/// The section being filled.
#[derive(Debug)]
struct Section {
    inst: SpanInstance,
    is_root: bool,
    in_root_id: bool,
    in_table: bool,
    /// Our own bridge address, the root's when we are the root.
    bridge: Option<String>,
}

impl Section {
    fn new(name: &str) -> Section {
        Section {
            inst: SpanInstance {
                vlan: name.to_string(),
                ..SpanInstance::default()
            },
            is_root: false,
            in_root_id: false,
            in_table: false,
            bridge: None,
        }
    }

    fn finish(mut self) -> SpanInstance {
        if self.is_root {
            self.inst.root_port = None;
            self.inst.root_cost = None;
            if self.inst.root_switch.is_none() {
                self.inst.root_switch = self.bridge;
            }
        }
        self.inst
    }
}

/// True for a section name: `MST`, `VL` or `VLAN` followed by digits.
fn is_instance_name(word: &str) -> bool {
    ["mst", "vlan", "vl"]
        .iter()
        .any(|p| starts_with_ci(word, p) && is_digits(&word[p.len()..]))
}

/// The name inside the first `( )` of a line, e.g. `Port-Channel1`.
fn in_parens(line: &str) -> Option<&str> {
    let open = line.find('(')?;
    let close = line[open..].find(')')? + open;
    let name = line[open + 1..close].trim_ws();
    (!name.is_empty()).then_some(name)
}

/// The root path cost of a `Cost` line's values: `4`, or
/// `0 (Ext) 2000 (Int)` summed.
fn root_cost(values: &[Token<'_>]) -> Option<u64> {
    let mut total: Option<u64> = None;
    for t in values {
        if let Ok(n) = t.text.parse::<u64>() {
            total = Some(total.unwrap_or(0).saturating_add(n));
        }
    }
    total
}

/// A row of the interface table: port, role, state, cost.
fn table_row(toks: &[Token<'_>]) -> Option<SpanPort> {
    if toks.len() < 3 {
        return None;
    }
    Some(SpanPort {
        port: port_key(toks[0].text).into_owned(),
        role: toks[1].text.to_string(),
        state: toks[2].text.to_string(),
        cost: toks.get(3).and_then(|t| t.text.parse().ok()),
    })
}

fn section_line(sec: &mut Section, line: &str, toks: &[Token<'_>]) {
    let first = toks[0].text;
    if first.eq_ignore_ascii_case("interface")
        && toks.iter().any(|t| t.text.eq_ignore_ascii_case("role"))
    {
        sec.in_table = true;
        sec.in_root_id = false;
        return;
    }
    if sec.in_table {
        if let Some(p) = table_row(toks) {
            sec.inst.ports.push(p);
        }
        return;
    }
    if starts_with_ci(line.trim_ws_start(), "spanning tree enabled protocol") {
        sec.inst.protocol = toks.last().map(|t| t.text.to_ascii_lowercase());
        return;
    }
    // The Root ID and Bridge ID blocks start on their label's line.
    let mut rest = toks;
    if first == "Root" && toks.get(1).is_some_and(|t| t.text == "ID") {
        sec.in_root_id = true;
        rest = &toks[2..];
    } else if first == "Bridge" && toks.get(1).is_some_and(|t| t.text == "ID") {
        sec.in_root_id = false;
        rest = &toks[2..];
    }
    if line.contains("This bridge is the root") {
        sec.is_root = true;
    }
    let Some(key) = rest.first() else { return };
    let value = rest.get(1).map(|t| t.text);
    match key.text {
        "Address" if sec.in_root_id => sec.inst.root_switch = value.map(str::to_string),
        "Address" => sec.bridge = value.map(str::to_string),
        "Cost" if sec.in_root_id => sec.inst.root_cost = root_cost(&rest[1..]),
        "Port" if sec.in_root_id => {
            sec.inst.root_port = in_parens(line).map(|p| port_key(p).into_owned());
        }
        _ => {}
    }
}

/// Parses EOS `show spanning-tree` into instances, in output order.
///
/// A column-0 `MST<n>` / `VL<n>` line opens a section; lines before the
/// first section are ignored (e.g. `Spanning tree instance for vlan 10`).
pub fn parse_spanning_tree(lines: &[&str]) -> Vec<SpanInstance> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    let mut open: Option<Section> = None;
    for &line in lines {
        if is_blank(line) || is_dash_line(line) {
            continue;
        }
        tokenize_into(line, &mut toks);
        let column0 = !line.starts_with([' ', '\t']);
        if column0 && toks.len() == 1 && is_instance_name(toks[0].text) {
            if let Some(sec) = open.take() {
                out.push(sec.finish());
            }
            open = Some(Section::new(toks[0].text));
            continue;
        }
        if let Some(sec) = open.as_mut() {
            section_line(sec, line, &toks);
        }
    }
    if let Some(sec) = open {
        out.push(sec.finish());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn mst_with_root_through_a_port_channel() {
        let st = parse(
            "MST0
  Spanning tree enabled protocol mstp
  Root ID    Priority    4096
             Address     444c.a8f0.9a21
             Cost        0 (Ext) 199 (Int)
             Port        4096 (Port-Channel1)
             Hello Time  2.000 sec  Max Age 20 sec  Forward Delay 15 sec

  Bridge ID  Priority    32768  (priority 32768 sys-id-ext 0)
             Address     985d.8294.1c3a
             Hello Time  2.000 sec  Max Age 20 sec  Forward Delay 15 sec

Interface        Role       State      Cost      Prio.Nbr Type
---------------- ---------- ---------- --------- -------- --------------------
Et1              designated forwarding 20000     128.1    P2p Edge
Et47             designated forwarding 20000     128.47   P2p
Po1              root       forwarding 199       128.4096 P2p
",
        );
        assert_eq!(
            st,
            [SpanInstance {
                vlan: "MST0".into(),
                protocol: Some("mstp".into()),
                root_switch: Some("444c.a8f0.9a21".into()),
                root_port: Some("Po1".into()),
                root_cost: Some(199),
                ports: vec![
                    port("Et1", "designated", "forwarding", Some(20000)),
                    port("Et47", "designated", "forwarding", Some(20000)),
                    port("Po1", "root", "forwarding", Some(199)),
                ],
            }]
        );
    }

    #[test]
    fn root_bridge_and_rapid_pvst_sections() {
        let st = parse(
            "Spanning tree instance for vlan 10
VL1
    Spanning tree enabled protocol rapid-pvst
    Root ID    Priority    32769
               Address     001c.7342.119f
               Cost        20000 (Ext) 0 (Int)
               Port        1 (Ethernet1)

    Bridge ID  Priority    32769  (priority 32768 sys-id-ext 1)
               Address     001c.738b.6828

Interface        Role       State      Cost      Prio.Nbr Type
---------------- ---------- ---------- --------- -------- --------------------
Et1              root       forwarding 20000     128.1    P2p
Et2              alternate  discarding 20000     128.2    P2p
MST1
  Spanning tree enabled protocol mstp
  Root ID    Priority    32769
             This bridge is the root

  Bridge ID  Priority    32769  (priority 32768 sys-id-ext 1)
             Address     2a99.3a1f.1a01
",
        );
        assert_eq!(st.len(), 2);
        assert_eq!(st[0].vlan, "VL1");
        assert_eq!(st[0].protocol.as_deref(), Some("rapid-pvst"));
        assert_eq!(st[0].root_port.as_deref(), Some("Et1"));
        assert_eq!(st[0].root_cost, Some(20000));
        assert_eq!(st[0].root_switch.as_deref(), Some("001c.7342.119f"));
        assert_eq!(
            st[0].ports[1],
            port("Et2", "alternate", "discarding", Some(20000))
        );
        // The root's own address stands in for the root switch.
        assert_eq!(st[1].root_switch.as_deref(), Some("2a99.3a1f.1a01"));
        assert_eq!((st[1].root_port.as_deref(), st[1].root_cost), (None, None));
        assert!(st[1].ports.is_empty());
    }

    #[test]
    fn nothing_before_a_section_counts() {
        assert!(parse("Interface Role State\nEt1 root forwarding 2000\n").is_empty());
        assert!(parse("MSTX\nVL\n  MST0\n").is_empty());
        let st = parse("VLAN0099\n   Cost   x (Ext)\n");
        assert_eq!(st.len(), 1);
        assert_eq!(st[0].root_cost, None);
    }
}
