//! `show spanning-tree interface` (port roles) and `show spanning-tree
//! bridge` (root bridge, root port, root cost).
//!
//! ```text
//! Spanning tree interface parameters for instance 0
//!
//! Interface                  Port ID    Designated         Designated         Port    State  Role
//!                                        port ID           bridge ID          Cost
//! ge-0/0/0                     128:1      128:1   32768.f4b52f8f3c01      20000  FWD    DESG
//! ```
//!
//! Instances are named as the device names them: `instance 0` for RSTP and
//! the MSTP CIST, `instance N` for an MSTI, `VLAN N` for VSTP. Roles and
//! states stay as printed (`DESG`, `ROOT`, `ALT`, `BKUP`, `DIS`; `FWD`,
//! `BLK`, `LRN`, `DIS`). Port names lose their unit (`ge-0/0/0.0` →
//! `ge-0/0/0`), as elsewhere.

use crate::trim::TrimExt;
use statetrace_model::{SpanInstance, SpanPort};

use crate::juniper::terse::physical_name;
use crate::port_name::is_port_like;
use crate::table::{is_digits, starts_with_ci, tokenize_into, Token};

/// The instance name of a section heading such as `Spanning tree interface
/// parameters for instance 0`, `... for VLAN 100`, `STP bridge parameters
/// for MSTI 1` or `... for CIST` (the CIST is instance 0).
fn section_name(toks: &[Token<'_>]) -> Option<String> {
    let f = toks.iter().position(|t| t.text == "for")?;
    let word = toks.get(f + 1)?.text;
    let number = toks.get(f + 2).map(|t| t.text).filter(|n| is_digits(n));
    match (word, number) {
        ("CIST", _) => Some("instance 0".into()),
        ("instance" | "MSTI", Some(n)) => Some(format!("instance {n}")),
        ("VLAN" | "vlan", Some(n)) => Some(format!("VLAN {n}")),
        _ => None,
    }
}

/// A port path cost cell.
fn cost(cell: &str) -> Option<u64> {
    is_digits(cell).then(|| cell.parse().ok()).flatten()
}

/// Parses `show spanning-tree interface` into instances, in output order.
/// Only port rows are filled in; the root fields come from
/// [`parse_spanning_tree_bridge`].
pub fn parse_spanning_tree_interface(lines: &[&str]) -> Vec<SpanInstance> {
    let mut out: Vec<SpanInstance> = Vec::new();
    let mut toks = Vec::new();
    for &line in lines {
        tokenize_into(line, &mut toks);
        let Some(first) = toks.first() else { continue };
        if first.text == "Spanning" {
            if let Some(name) = section_name(&toks) {
                out.push(SpanInstance {
                    vlan: name,
                    ..SpanInstance::default()
                });
            }
            continue;
        }
        // Interface, Port ID, Designated port ID, Designated bridge ID,
        // Port Cost, State, Role.
        if toks.len() < 7 || !is_port_like(first.text) {
            continue;
        }
        let Some(inst) = out.last_mut() else { continue };
        let n = toks.len();
        inst.ports.push(SpanPort {
            port: physical_name(first.text).to_string(),
            role: toks[n - 1].text.to_string(),
            state: toks[n - 2].text.to_string(),
            cost: cost(toks[n - 3].text),
        });
    }
    out
}

/// Root facts of one instance, from `show spanning-tree bridge`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BridgeFacts<'a> {
    /// Instance name, as [`parse_spanning_tree_interface`] names it.
    pub instance: String,
    /// `Enabled protocol` (`RSTP`, `MSTP`, `VSTP`), as printed.
    pub protocol: Option<&'a str>,
    /// Root bridge MAC: the `Root ID` (or `MSTI regional root`) without its
    /// priority (`4096.02:05:86:71:c1:02` → `02:05:86:71:c1:02`).
    pub root_mac: Option<&'a str>,
    /// `Root cost`.
    pub root_cost: Option<u64>,
    /// `Root port` as printed (`xe-0/0/2`, `xe-6/0/5.0`); absent on the
    /// root bridge.
    pub root_port: Option<&'a str>,
}

/// The value of a `Label : value` line when its label is `label` (exact,
/// case-insensitive, spacing ignored).
fn field<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let (k, v) = line.split_once(':')?;
    if !crate::table::words_eq_ci(k, label) {
        return None;
    }
    let v = v.trim_ws();
    (!v.is_empty()).then_some(v)
}

/// The MAC of a bridge ID `priority.mac`.
fn bridge_mac(id: &str) -> Option<&str> {
    let (prio, mac) = id.split_once('.')?;
    (is_digits(prio) && !mac.is_empty()).then_some(mac)
}

/// Parses `show spanning-tree bridge`: one entry per instance (RSTP prints
/// one, MSTP one for the CIST and one per MSTI, VSTP one per VLAN).
pub fn parse_spanning_tree_bridge<'a>(lines: &[&'a str]) -> Vec<BridgeFacts<'a>> {
    let mut out: Vec<BridgeFacts<'a>> = Vec::new();
    let mut protocol = None;
    let mut toks = Vec::new();
    for &line in lines {
        let t = line.trim_ws();
        if starts_with_ci(t, "STP bridge parameters") {
            tokenize_into(t, &mut toks);
            let name = section_name(&toks);
            // The untitled first section is instance 0 until a titled one
            // says otherwise (MSTP titles its CIST section).
            match (name, out.last_mut()) {
                (Some(n), Some(last)) if last.instance == "instance 0" && n == "instance 0" => {
                    last.instance = n;
                }
                (Some(n), _) => out.push(BridgeFacts {
                    instance: n,
                    protocol,
                    ..BridgeFacts::default()
                }),
                (None, _) => out.push(BridgeFacts {
                    instance: "instance 0".into(),
                    ..BridgeFacts::default()
                }),
            }
            continue;
        }
        if let Some(p) = field(t, "Enabled protocol") {
            protocol = Some(p);
            for b in out.iter_mut() {
                b.protocol.get_or_insert(p);
            }
            continue;
        }
        let Some(cur) = out.last_mut() else { continue };
        if let Some(v) = field(t, "Root ID").or_else(|| field(t, "MSTI regional root")) {
            cur.root_mac
                .get_or_insert_with(|| bridge_mac(v).unwrap_or(v));
        } else if let Some(v) = field(t, "Root cost") {
            cur.root_cost = cost(v);
        } else if let Some(v) = field(t, "Root port") {
            cur.root_port = Some(v);
        }
    }
    out
}

/// Joins bridge facts into the instances of the interface table, by
/// instance name. Without bridge facts, the root port is the port whose
/// role is `ROOT` (root cost and root bridge stay unknown).
pub fn merge_bridge(instances: &mut [SpanInstance], bridges: &[BridgeFacts<'_>]) {
    for inst in instances.iter_mut() {
        match bridges.iter().find(|b| b.instance == inst.vlan) {
            Some(b) => {
                inst.protocol = b.protocol.map(str::to_ascii_lowercase);
                inst.root_switch = b.root_mac.map(str::to_string);
                inst.root_cost = b.root_cost;
                inst.root_port = b.root_port.map(|p| physical_name(p).to_string());
            }
            None => {
                inst.root_port = inst
                    .ports
                    .iter()
                    .find(|p| p.role.eq_ignore_ascii_case("root"))
                    .map(|p| p.port.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    fn port(p: &str, role: &str, state: &str, cost: Option<u64>) -> SpanPort {
        SpanPort {
            port: p.into(),
            role: role.into(),
            state: state.into(),
            cost,
        }
    }

    const INTERFACES: &str = "
Spanning tree interface parameters for instance 0

Interface                  Port ID    Designated         Designated         Port    State  Role
                                       port ID           bridge ID          Cost
ge-0/0/0                     128:1      128:1   32768.f4b52f8f3c01      20000  FWD    DESG
ge-0/0/5.0                   128:6      128:6   32768.f4b52f8f3c01      20000  BLK    DIS
xe-0/2/0                    128:49     128:49    4096.00aabbccdd00       2000  FWD    ROOT
ae0                          128:1      128:1   32768.f4b52f8f3c01      10000  FWD    DESG

Spanning tree interface parameters for instance 1

ae0                          128:1      128:1   32769.f4b52f8f3c01      10000  BLK    ALT
";

    #[test]
    fn interface_sections() {
        let st = parse_spanning_tree_interface(&lines(INTERFACES));
        assert_eq!(st.len(), 2);
        assert_eq!(st[0].vlan, "instance 0");
        assert_eq!(
            st[0].ports,
            [
                port("ge-0/0/0", "DESG", "FWD", Some(20000)),
                port("ge-0/0/5", "DIS", "BLK", Some(20000)),
                port("xe-0/2/0", "ROOT", "FWD", Some(2000)),
                port("ae0", "DESG", "FWD", Some(10000)),
            ]
        );
        assert_eq!(st[1].vlan, "instance 1");
        assert_eq!(st[1].ports, [port("ae0", "ALT", "BLK", Some(10000))]);
    }

    #[test]
    fn rstp_bridge_and_merge() {
        let b = parse_spanning_tree_bridge(&lines(
            "STP bridge parameters
Routing instance name               : GLOBAL
Context ID                          : 0
Enabled protocol                    : RSTP
  Root ID                           : 4096.00:aa:bb:cc:dd:00
  Root cost                         : 2000
  Root port                         : xe-0/2/0.0
  Hello time                        : 2 seconds
  Local parameters
    Bridge ID                       : 32768.f4:b5:2f:8f:3c:01
    Extended system ID              : 0",
        ));
        assert_eq!(
            b,
            [BridgeFacts {
                instance: "instance 0".into(),
                protocol: Some("RSTP"),
                root_mac: Some("00:aa:bb:cc:dd:00"),
                root_cost: Some(2000),
                root_port: Some("xe-0/2/0.0"),
            }]
        );
        let mut st = parse_spanning_tree_interface(&lines(INTERFACES));
        merge_bridge(&mut st, &b);
        assert_eq!(st[0].protocol.as_deref(), Some("rstp"));
        assert_eq!(st[0].root_switch.as_deref(), Some("00:aa:bb:cc:dd:00"));
        assert_eq!(st[0].root_port.as_deref(), Some("xe-0/2/0"));
        assert_eq!(st[0].root_cost, Some(2000));
        // Instance 1 has no bridge facts and no ROOT port.
        assert_eq!(st[1].root_port, None);
        assert_eq!(st[1].root_switch, None);
    }

    #[test]
    fn root_bridge_has_no_root_port() {
        let b = parse_spanning_tree_bridge(&lines(
            "STP bridge parameters
Enabled protocol                    : RSTP
  Root ID                           : 4096.02:05:86:71:c1:02
  Hello time                        : 2 seconds
  Local parameters
    Bridge ID                       : 4096.02:05:86:71:c1:02",
        ));
        assert_eq!(b[0].root_port, None);
        assert_eq!(b[0].root_cost, None);
        assert_eq!(b[0].root_mac, Some("02:05:86:71:c1:02"));
    }

    #[test]
    fn mstp_bridge_sections() {
        let b = parse_spanning_tree_bridge(&lines(
            "STP bridge parameters
Context ID                          : 0
Enabled protocol                    : MSTP

STP bridge parameters for CIST
  Root ID                           : 32768.00:19:e2:b0:c3:80
  Root cost                         : 0
  Root port                         : ae0

STP bridge parameters for MSTI 1
  MSTI regional root                : 32769.00:19:e2:b0:c3:80
  Root cost                         : 20000
  Root port                         : ge-0/0/5",
        ));
        let got: Vec<_> = b
            .iter()
            .map(|x| (x.instance.as_str(), x.protocol, x.root_mac, x.root_port))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "instance 0",
                    Some("MSTP"),
                    Some("00:19:e2:b0:c3:80"),
                    Some("ae0")
                ),
                (
                    "instance 1",
                    Some("MSTP"),
                    Some("00:19:e2:b0:c3:80"),
                    Some("ge-0/0/5")
                ),
            ]
        );
    }

    #[test]
    fn without_bridge_facts_the_root_role_names_the_root_port() {
        let mut st = parse_spanning_tree_interface(&lines(INTERFACES));
        merge_bridge(&mut st, &[]);
        assert_eq!(st[0].root_port.as_deref(), Some("xe-0/2/0"));
        assert_eq!(st[0].protocol, None);
    }

    #[test]
    fn vstp_and_rows_before_a_section() {
        let st = parse_spanning_tree_interface(&lines(
            "ge-0/0/0 128:1 128:1 32768.f4b52f8f3c01 20000 FWD DESG
Spanning tree interface parameters for VLAN 100
ge-0/0/1 128:2 128:2 32768.f4b52f8f3c01 x FWD DESG
Spanning tree interface parameters for nothing",
        ));
        assert_eq!(st.len(), 1);
        assert_eq!(st[0].vlan, "VLAN 100");
        assert_eq!(st[0].ports, [port("ge-0/0/1", "DESG", "FWD", None)]);
    }
}
