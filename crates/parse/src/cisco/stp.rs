//! `show spanning-tree`: one instance per VLAN (PVST/RPVST) or MST
//! instance, in the modern table format and in the old IOS prose format.
//!
//! The original recorded the first listed port as the "upstream" port; here
//! the root port comes from the `Root ID` section (`Port N (Name)`) or the
//! old `Root port is N (Name)` line, and every port row is kept.

use crate::trim::TrimExt;
use statetrace_model::{SpanInstance, SpanPort};

use crate::port_name::short_name;
use crate::table::{is_dash_line, is_digits, is_space, starts_with_ci, tokenize_into, Token};

/// Which layout the open section uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// `VLAN0010` / `MST0` headers, `Root ID` block, interface table.
    Table,
    /// `##### MST0 vlans mapped: ...` (`show spanning-tree mst`).
    MstDetail,
    /// `VLAN1 is executing the ieee compatible Spanning Tree protocol`.
    Prose,
}

/// The section being filled.
#[derive(Debug)]
struct Section {
    format: Format,
    inst: SpanInstance,
    is_root: bool,
    in_root_id: bool,
    in_table: bool,
    /// Our own bridge address (prose and MST formats), the root's when we
    /// are the root.
    bridge: Option<String>,
    /// Index of the prose port whose `Port path cost` line is still due.
    cost_due: Option<usize>,
    /// In the MST format, the `port ... path cost` line after `Root` is ours.
    after_root_line: bool,
}

impl Section {
    fn new(format: Format, vlan: String) -> Section {
        Section {
            format,
            inst: SpanInstance {
                vlan,
                ..SpanInstance::default()
            },
            is_root: false,
            in_root_id: false,
            in_table: false,
            bridge: None,
            cost_due: None,
            after_root_line: false,
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

/// True for an instance name: `VLAN` or `MST` followed by digits.
fn is_instance_name(word: &str) -> bool {
    ["vlan", "mst"]
        .iter()
        .any(|p| starts_with_ci(word, p) && is_digits(&word[p.len()..]))
}

/// The name inside the first `( )` of a line, e.g. `GigabitEthernet1/0/49`.
fn in_parens(line: &str) -> Option<&str> {
    let open = line.find('(')?;
    let close = line[open..].find(')')? + open;
    let name = line[open + 1..close].trim_ws();
    (!name.is_empty()).then_some(name)
}

fn parse_cost(word: &str) -> Option<u64> {
    word.trim_end_matches([',', '.']).parse().ok()
}

/// The word after `keyword` (case-insensitive) on a line.
fn word_after<'a>(toks: &[Token<'a>], keyword: &str) -> Option<&'a str> {
    let i = toks
        .iter()
        .position(|t| t.text.eq_ignore_ascii_case(keyword))?;
    toks.get(i + 1).map(|t| t.text)
}

/// Abbreviation of a prose port state, as the table format prints it.
fn state_abbrev(state: &str) -> String {
    let s = state.trim_end_matches('.').to_ascii_lowercase();
    match s.as_str() {
        "forwarding" => "FWD".into(),
        "blocking" => "BLK".into(),
        "listening" => "LIS".into(),
        "learning" => "LRN".into(),
        "disabled" => "DIS".into(),
        "broken" => "BKN".into(),
        _ => state.to_string(),
    }
}

/// Starts a section if the line opens one.
fn open_section(toks: &[Token<'_>]) -> Option<Section> {
    let word = |i: usize| toks.get(i).map_or("", |t| t.text);
    let prose = |name: String| {
        let mut s = Section::new(Format::Prose, name);
        s.inst.protocol = word_after(toks, "the").map(str::to_ascii_lowercase);
        s
    };
    // `Spanning tree 1 is executing the ieee compatible Spanning Tree protocol`
    if word(0).eq_ignore_ascii_case("spanning")
        && word(1).eq_ignore_ascii_case("tree")
        && is_digits(word(2))
        && word(3) == "is"
        && word(4) == "executing"
    {
        return Some(prose(format!("VLAN{}", word(2))));
    }
    // `##### MST0    vlans mapped:   1-4094`
    let hashes = toks
        .iter()
        .take_while(|t| t.text.bytes().all(|b| b == b'#'))
        .count();
    let name = word(hashes);
    if !is_instance_name(name) {
        return None;
    }
    if word(hashes + 1) == "is" && word(hashes + 2) == "executing" {
        return Some(prose(name.to_string()));
    }
    let format = if hashes > 0 {
        Format::MstDetail
    } else {
        Format::Table
    };
    Some(Section::new(format, name.to_string()))
}

/// A row of the `Interface Role Sts Cost Prio.Nbr Type` table.
fn table_row(toks: &[Token<'_>]) -> Option<SpanPort> {
    if toks.len() < 3 {
        return None;
    }
    let mut state = toks[2].text;
    let mut cost = toks.get(3).and_then(|t| parse_cost(t.text));
    // A broken port prints `BKN*` glued to its cost: `Desg BKN*19  128.1`.
    if let Some(glued) = state.strip_prefix("BKN*").filter(|c| !c.is_empty()) {
        cost = parse_cost(glued);
        state = "BKN*";
    }
    Some(SpanPort {
        port: short_name(toks[0].text),
        role: toks[1].text.to_string(),
        state: state.to_string(),
        cost,
    })
}

fn table_line(sec: &mut Section, line: &str, toks: &[Token<'_>]) {
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
    // The Root ID block may start on the `Root ID` line itself.
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
    let (Some(key), value) = (rest.first(), rest.get(1).map(|t| t.text)) else {
        return;
    };
    match key.text {
        "Address" if sec.inst.root_switch.is_none() => {
            sec.inst.root_switch = value.map(str::to_string);
        }
        "Cost" if sec.in_root_id => sec.inst.root_cost = value.and_then(parse_cost),
        "Port" if sec.in_root_id => sec.inst.root_port = in_parens(line).map(short_name),
        _ => {}
    }
}

fn mst_detail_line(sec: &mut Section, line: &str, toks: &[Token<'_>]) {
    let first = toks[0].text;
    if first.eq_ignore_ascii_case("interface")
        && toks.iter().any(|t| t.text.eq_ignore_ascii_case("role"))
    {
        sec.in_table = true;
        return;
    }
    if sec.in_table {
        if let Some(p) = table_row(toks) {
            sec.inst.ports.push(p);
        }
        return;
    }
    let after_root = std::mem::take(&mut sec.after_root_line);
    match first {
        "Bridge" => sec.bridge = word_after(toks, "address").map(str::to_string),
        "Root" => {
            if line.contains("this switch") {
                sec.is_root = true;
            } else if let Some(a) = word_after(toks, "address") {
                sec.inst.root_switch = Some(a.to_string());
                sec.after_root_line = true;
            }
        }
        // `              port    Gi1/0/49        path cost     20000`
        "port" if after_root => {
            sec.inst.root_port = toks.get(1).map(|t| short_name(t.text));
            sec.inst.root_cost = word_after(toks, "cost").and_then(parse_cost);
        }
        _ => {}
    }
}

/// The first word of a line (as [`tokenize_into`] would give it), if any.
fn first_word(line: &str) -> Option<&str> {
    let b = line.as_bytes();
    let start = b.iter().position(|&c| !is_space(c))?;
    let len = b[start..].iter().position(|&c| is_space(c));
    let end = len.map_or(b.len(), |n| start + n);
    // Both ends sit next to ASCII bytes (or the string ends).
    Some(&line[start..end])
}

/// A prose-format line. Most of these lines (timers, designated bridge,
/// BPDU counts) are read by nobody, so the line is split into words only
/// once its opening words show that it is wanted.
fn prose_line<'a>(sec: &mut Section, line: &'a str, first: &str, toks: &mut Vec<Token<'a>>) {
    let t = line.trim_ws_start();
    if starts_with_ci(t, "Bridge Identifier has priority") {
        tokenize_into(line, toks);
        sec.bridge = word_after(toks, "address").map(|a| a.trim_end_matches(',').to_string());
    } else if starts_with_ci(t, "Current root has priority") {
        tokenize_into(line, toks);
        sec.inst.root_switch =
            word_after(toks, "address").map(|a| a.trim_end_matches(',').to_string());
    } else if starts_with_ci(t, "We are the root") {
        sec.is_root = true;
    } else if starts_with_ci(t, "Root port is") {
        tokenize_into(line, toks);
        sec.inst.root_port = in_parens(t).map(short_name);
        sec.inst.root_cost = toks.last().and_then(|c| parse_cost(c.text));
    } else if starts_with_ci(t, "Port path cost") {
        if let Some(i) = sec.cost_due.take() {
            tokenize_into(line, toks);
            sec.inst.ports[i].cost = toks.get(3).and_then(|c| parse_cost(c.text));
        }
    } else if first == "Port" {
        tokenize_into(line, toks);
        if toks.len() >= 4 && toks[toks.len() - 2].text == "is" {
            // `Port 2 (FastEthernet0/2) of VLAN1 is forwarding`
            if let Some(name) = in_parens(t) {
                sec.inst.ports.push(SpanPort {
                    port: short_name(name),
                    role: String::new(),
                    state: state_abbrev(toks[toks.len() - 1].text),
                    cost: None,
                });
                sec.cost_due = Some(sec.inst.ports.len() - 1);
            }
        }
    }
}

/// False when a line whose first word is `first` cannot open a section:
/// [`open_section`] wants `spanning`, a run of `#` or an instance name
/// (`VLAN...`, `MST...`) first. Saves splitting every other line.
fn may_open_section(first: &str) -> bool {
    matches!(
        first.as_bytes().first().map(u8::to_ascii_lowercase),
        Some(b's' | b'#' | b'v' | b'm')
    )
}

/// Parses `show spanning-tree` into instances, in output order. A section
/// without port rows still yields an instance.
pub fn parse_spanning_tree(lines: &[&str]) -> Vec<SpanInstance> {
    let mut out = Vec::new();
    let mut open: Option<Section> = None;
    let mut toks = Vec::new();
    for &line in lines {
        let Some(first) = first_word(line) else {
            if let Some(sec) = open.as_mut() {
                sec.in_table = false;
            }
            continue;
        };
        // `toks` holds this line's words only once split.
        let split = may_open_section(first);
        if split {
            tokenize_into(line, &mut toks);
            if let Some(next) = open_section(&toks) {
                if let Some(done) = open.replace(next) {
                    out.push(done.finish());
                }
                continue;
            }
        }
        let Some(sec) = open.as_mut() else { continue };
        if is_dash_line(line) {
            continue;
        }
        if sec.format == Format::Prose {
            prose_line(sec, line, first, &mut toks);
            continue;
        }
        if !split {
            tokenize_into(line, &mut toks);
        }
        match sec.format {
            Format::Table => table_line(sec, line, &toks),
            _ => mst_detail_line(sec, line, &toks),
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

    /// The parser as it was before prose lines were split lazily, kept to
    /// check that the rewrite answers the same.
    mod before {
        use super::super::*;

        fn old_prose_line(sec: &mut Section, line: &str, toks: &[Token<'_>]) {
            let t = line.trim_ws_start();
            if starts_with_ci(t, "Bridge Identifier has priority") {
                sec.bridge =
                    word_after(toks, "address").map(|a| a.trim_end_matches(',').to_string());
            } else if starts_with_ci(t, "Current root has priority") {
                sec.inst.root_switch =
                    word_after(toks, "address").map(|a| a.trim_end_matches(',').to_string());
            } else if starts_with_ci(t, "We are the root") {
                sec.is_root = true;
            } else if starts_with_ci(t, "Root port is") {
                sec.inst.root_port = in_parens(t).map(short_name);
                sec.inst.root_cost = toks.last().and_then(|c| parse_cost(c.text));
            } else if starts_with_ci(t, "Port path cost") {
                if let Some(i) = sec.cost_due.take() {
                    sec.inst.ports[i].cost = toks.get(3).and_then(|c| parse_cost(c.text));
                }
            } else if toks[0].text == "Port" && toks.len() >= 4 && toks[toks.len() - 2].text == "is"
            {
                // `Port 2 (FastEthernet0/2) of VLAN1 is forwarding`
                if let Some(name) = in_parens(t) {
                    sec.inst.ports.push(SpanPort {
                        port: short_name(name),
                        role: String::new(),
                        state: state_abbrev(toks[toks.len() - 1].text),
                        cost: None,
                    });
                    sec.cost_due = Some(sec.inst.ports.len() - 1);
                }
            }
        }

        pub fn old_parse_spanning_tree(lines: &[&str]) -> Vec<SpanInstance> {
            let mut out = Vec::new();
            let mut open: Option<Section> = None;
            let mut toks = Vec::new();
            for &line in lines {
                tokenize_into(line, &mut toks);
                if toks.is_empty() {
                    if let Some(sec) = open.as_mut() {
                        sec.in_table = false;
                    }
                    continue;
                }
                if let Some(next) = open_section(&toks) {
                    if let Some(done) = open.replace(next) {
                        out.push(done.finish());
                    }
                    continue;
                }
                let Some(sec) = open.as_mut() else { continue };
                if is_dash_line(line) {
                    continue;
                }
                match sec.format {
                    Format::Table => table_line(sec, line, &toks),
                    Format::MstDetail => mst_detail_line(sec, line, &toks),
                    Format::Prose => old_prose_line(sec, line, &toks),
                }
            }
            if let Some(done) = open {
                out.push(done.finish());
            }
            out
        }
    }

    /// Lines of every format, mixed at random.
    const FRAGMENTS: &[&str] = &[
        "Spanning tree 1 is executing the ieee compatible Spanning Tree protocol",
        "spanning tree 10 is executing the ibm compatible Spanning Tree protocol",
        "  Bridge Identifier has priority 32768, address 70db.982c.4180",
        "  Current root has priority 24577, address 0019.a9f2.3c00",
        "  Root port is 49 (TenGigabitEthernet1/0/1), cost of root path is 2",
        "  We are the root of the spanning tree",
        " Port 49 (TenGigabitEthernet1/0/1) of VLAN1 is forwarding",
        " Port 50 (GigabitEthernet1/0/2) of VLAN1 is Blocking.",
        " Port 51 of VLAN1 is",
        "   Port path cost 2, Port priority 128, Port Identifier 128.49.",
        "   Designated root has priority 24577, address 0019.a9f2.3c00",
        "   Timers: message age 2, forward delay 0, hold 0",
        "\tPort\t7 (Fa0/7) of VLAN1 is learning",
        "VLAN0010",
        "vlan0020 is executing the ieee compatible Spanning Tree protocol",
        "MST0",
        "##### MST0    vlans mapped:   1-4094",
        "Bridge        address 70db.982c.4180  priority      32768",
        "Root          address 0019.a9f2.3c00  priority      24577",
        "              port    Gi1/0/49        path cost     20000",
        "Root          this switch for the CIST",
        "  Spanning tree enabled protocol rstp",
        "  Root ID    Priority    24577",
        "             Address     0019.a9f2.3c00",
        "             Cost        4",
        "             Port        49 (TenGigabitEthernet1/0/1)",
        "             This bridge is the root",
        "  Bridge ID  Priority    32778  (priority 32768 sys-id-ext 10)",
        "Interface           Role Sts Cost      Prio.Nbr Type",
        "------------------- ---- --- --------- -------- --------------------------------",
        "Gi1/0/1             Desg FWD 4         128.1    P2p Edge",
        "Te1/1/1             Root BKN*19        128.1    P2p",
        "",
        "   ",
        "\x01",
        "mystery line",
        "#",
    ];

    proptest::proptest! {
        #[test]
        fn same_as_before(picks in proptest::collection::vec(0..FRAGMENTS.len(), 0..40)) {
            let lines: Vec<&str> = picks.iter().map(|&i| FRAGMENTS[i]).collect();
            proptest::prop_assert_eq!(
                parse_spanning_tree(&lines),
                before::old_parse_spanning_tree(&lines)
            );
        }
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

    const IOS_XE: &str = "
VLAN0001
  Spanning tree enabled protocol rstp
  Root ID    Priority    32769
             Address     5254.001b.1c58
             This bridge is the root
             Hello Time   2 sec  Max Age 20 sec  Forward Delay 15 sec

  Bridge ID  Priority    32769  (priority 32768 sys-id-ext 1)
             Address     5254.001b.1c58
             Hello Time   2 sec  Max Age 20 sec  Forward Delay 15 sec
             Aging Time  300 sec

Interface           Role Sts Cost      Prio.Nbr Type
------------------- ---- --- --------- -------- --------------------------------
Gi1/0/1             Desg FWD 4         128.1    P2p Edge
Te1/1/1             Desg BKN*2000      128.53   P2p *PVID_Inc

VLAN0010
  Spanning tree enabled protocol ieee
  Root ID    Priority    24586
             Address     0019.e8a5.4a00
             Cost        4
             Port        49 (TenGigabitEthernet1/1/1)
             Hello Time   2 sec  Max Age 20 sec  Forward Delay 15 sec

  Bridge ID  Priority    32778  (priority 32768 sys-id-ext 10)
             Address     5254.001b.1c58
             Hello Time   2 sec  Max Age 20 sec  Forward Delay 15 sec
             Aging Time  300 sec

Interface           Role Sts Cost      Prio.Nbr Type
------------------- ---- --- --------- -------- --------------------------------
Gi1/0/30            Desg FWD 4         128.30   P2p
Te1/1/1             Root FWD 2         128.49   P2p
Po1                 Altn BLK 3         128.1665 P2p

VLAN0020
  Spanning tree enabled protocol ieee
  Root ID    Priority    24596
             Address     0019.e8a5.4a00
             Cost        3
             Port        1665 (Port-channel1)
";

    #[test]
    fn ios_xe_sections() {
        let st = parse(IOS_XE);
        assert_eq!(st.len(), 3);
        assert_eq!(
            st[0],
            SpanInstance {
                vlan: "VLAN0001".into(),
                protocol: Some("rstp".into()),
                root_switch: Some("5254.001b.1c58".into()),
                root_port: None,
                root_cost: None,
                ports: vec![
                    port("Gi1/0/1", "Desg", "FWD", Some(4)),
                    port("Te1/1/1", "Desg", "BKN*", Some(2000))
                ],
            }
        );
        assert_eq!(
            st[1],
            SpanInstance {
                vlan: "VLAN0010".into(),
                protocol: Some("ieee".into()),
                root_switch: Some("0019.e8a5.4a00".into()),
                root_port: Some("Te1/1/1".into()),
                root_cost: Some(4),
                ports: vec![
                    port("Gi1/0/30", "Desg", "FWD", Some(4)),
                    port("Te1/1/1", "Root", "FWD", Some(2)),
                    port("Po1", "Altn", "BLK", Some(3)),
                ],
            }
        );
        assert_eq!(st[2].root_port.as_deref(), Some("Po1"));
        assert_eq!(st[2].root_cost, Some(3));
        assert!(st[2].ports.is_empty());
    }

    #[test]
    fn mst_table_format() {
        let st = parse(
            "MST0
  Spanning tree enabled protocol mstp
  Root ID    Priority    32768
             Address     0019.e8a5.4a00
             Cost        0
             Port        49 (GigabitEthernet1/1/1)

Interface           Role Sts Cost      Prio.Nbr Type
------------------- ---- --- --------- -------- --------------------------------
Gi1/1/1             Root FWD 20000     128.49   P2p
",
        );
        assert_eq!(st.len(), 1);
        assert_eq!(st[0].vlan, "MST0");
        assert_eq!(st[0].protocol.as_deref(), Some("mstp"));
        assert_eq!(st[0].root_port.as_deref(), Some("Gi1/1/1"));
        assert_eq!(st[0].root_cost, Some(0));
        assert_eq!(st[0].ports, [port("Gi1/1/1", "Root", "FWD", Some(20000))]);
    }

    #[test]
    fn mst_detail_format() {
        let st = parse(
            "##### MST0    vlans mapped:   1-4094
Bridge        address 5254.0000.0001  priority      32768 (32768 sysid 0)
Root          address 0019.e8a5.4a00  priority      4096  (4096 sysid 0)
              port    Gi1/0/49        path cost     20000
Operational   hello time 2 , forward delay 15, max age 20, txholdcount 6

Interface        Role Sts Cost      Prio.Nbr Type
---------------- ---- --- --------- -------- --------------------------------
Gi1/0/49         Root FWD 20000     128.49   P2p

##### MST1    vlans mapped:   10
Bridge        address 5254.0000.0001  priority      32769 (32768 sysid 1)
Root          this switch for MST01
",
        );
        assert_eq!(st.len(), 2);
        assert_eq!(st[0].root_switch.as_deref(), Some("0019.e8a5.4a00"));
        assert_eq!(st[0].root_port.as_deref(), Some("Gi1/0/49"));
        assert_eq!(st[0].root_cost, Some(20000));
        assert_eq!(st[0].ports.len(), 1);
        assert_eq!(st[1].vlan, "MST1");
        assert_eq!(st[1].root_switch.as_deref(), Some("5254.0000.0001"));
        assert_eq!(st[1].root_port, None);
    }

    #[test]
    fn old_ios_prose() {
        let st = parse(
            " VLAN1 is executing the ieee compatible Spanning Tree protocol
  Bridge Identifier has priority 32768, address 00d0.bbf5.c680
  Configured hello time 2, max age 20, forward delay 15
  Current root has priority 32768, address 0030.7b4e.fe00
  Root port is 13 (FastEthernet0/13), cost of root path is 19
  Topology change flag not set, detected flag not set

 Port 13 (FastEthernet0/13) of VLAN1 is forwarding
   Port path cost 19, Port priority 128, Port Identifier 128.13.
   Designated root has priority 32768, address 0030.7b4e.fe00

 Port 14 (FastEthernet0/14) of VLAN1 is blocking
   Port path cost 100, Port priority 128, Port Identifier 128.14.

 Spanning tree 2 is executing the IEEE compatible Spanning Tree protocol
  Bridge Identifier has priority 32768, address 00d0.bbf5.c681
  We are the root of the spanning tree
 Port 2 (Ethernet0) of Bridge group 2 is listening
",
        );
        assert_eq!(st.len(), 2);
        assert_eq!(
            st[0],
            SpanInstance {
                vlan: "VLAN1".into(),
                protocol: Some("ieee".into()),
                root_switch: Some("0030.7b4e.fe00".into()),
                root_port: Some("Fa0/13".into()),
                root_cost: Some(19),
                ports: vec![
                    port("Fa0/13", "", "FWD", Some(19)),
                    port("Fa0/14", "", "BLK", Some(100))
                ],
            }
        );
        assert_eq!(st[1].vlan, "VLAN2");
        assert_eq!(st[1].protocol.as_deref(), Some("ieee"));
        assert_eq!(st[1].root_switch.as_deref(), Some("00d0.bbf5.c681"));
        assert_eq!(st[1].root_port, None);
        assert_eq!(st[1].ports, [port("Et0", "", "LIS", None)]);
    }

    #[test]
    fn nothing_before_a_section_counts() {
        assert!(parse("Interface Role Sts Cost\nGi1/0/1 Desg FWD 4\n").is_empty());
        let st = parse("VLAN0099\n");
        assert_eq!(st.len(), 1);
        assert_eq!(st[0].vlan, "VLAN0099");
        assert!(parse("VLANX\nMST\n").is_empty());
    }
}
