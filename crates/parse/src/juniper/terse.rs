//! `show interfaces terse`: the interface list, physical and logical.
//!
//! Junos lists every physical interface (`ge-0/0/0`) followed by its
//! logical units (`ge-0/0/0.0`), plus a long tail of internal interfaces
//! (`bme0`, `jsrv`, `lo0`, `pfe-0/0/0` ...). A unit is not a port of its
//! own: [`fold_ports`] folds each unit into its physical interface, so a
//! port is listed once (the original listed `ge-0/0/0` and `ge-0/0/0.0` as
//! two ports), and keeps only the switch ports (see [`is_switch_port`]).

use crate::table::{is_digits, tokenize_into};
use crate::trim::TrimExt;

/// One row of `show interfaces terse`, cells as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerseRow<'a> {
    /// Interface name (`ge-0/0/0`, `ge-0/0/0.0`, `ae0`, `bme0`).
    pub name: &'a str,
    /// Admin column: `up` or `down`.
    pub admin: &'a str,
    /// Link column: `up` or `down`.
    pub link: &'a str,
    /// Proto column of the row itself (`eth-switch`, `inet`, `aenet`);
    /// families printed on continuation lines are not kept.
    pub proto: Option<&'a str>,
    /// Local column of the row itself (address, or `--> ae0.0` target).
    pub local: Option<&'a str>,
}

impl TerseRow<'_> {
    /// True for a logical unit (`ge-0/0/0.0`): the name has a `.unit`
    /// suffix.
    pub fn is_unit(&self) -> bool {
        unit_parent(self.name).is_some()
    }
}

/// The physical interface of a unit name (`ge-0/0/0.0` → `ge-0/0/0`,
/// `xe-0/0/51:0.0` → `xe-0/0/51:0`); `None` when the name has no numeric
/// unit suffix.
pub fn unit_parent(name: &str) -> Option<&str> {
    let dot = name.rfind('.')?;
    (dot > 0 && is_digits(&name[dot + 1..])).then(|| &name[..dot])
}

/// The physical interface a name belongs to: the name without its unit.
pub fn physical_name(name: &str) -> &str {
    unit_parent(name).unwrap_or(name)
}

fn is_state(word: &str) -> bool {
    word == "up" || word == "down"
}

/// Parses `show interfaces terse` into rows, in printed order.
///
/// A row starts in column 0 with the interface name followed by the admin
/// and link states; indented continuation lines (further addresses or
/// families of the same unit) and the header are skipped. No header is
/// required, so a filtered capture (`| match ge-`) still parses.
pub fn parse_interfaces_terse<'a>(lines: &[&'a str]) -> Vec<TerseRow<'a>> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    for &line in lines {
        if line.starts_with([' ', '\t']) {
            continue;
        }
        tokenize_into(line, &mut toks);
        if toks.len() < 3 || !is_state(toks[1].text) || !is_state(toks[2].text) {
            continue;
        }
        out.push(TerseRow {
            name: toks[0].text,
            admin: toks[1].text,
            link: toks[2].text,
            proto: toks.get(3).map(|t| t.text),
            local: toks.get(4).map(|t| line[t.start..].trim_ws_end()),
        });
    }
    out
}

/// Interface kinds that are front-panel switch ports: Fast, Gigabit,
/// multi-rate, 10G, 25G/40G/100G (`et-`) and QFX `xle-`/`fte-` Ethernet.
const PORT_KINDS: &[&str] = &["fe-", "ge-", "mge-", "xe-", "et-", "xle-", "fte-"];

/// True for an interface that is a switch port: a front-panel Ethernet
/// interface of [`PORT_KINDS`] (`ge-0/0/0`, `xe-0/2/0`, `et-0/1/0`,
/// `xe-0/0/51:0`) or an aggregated Ethernet bundle (`ae0`).
///
/// Everything else is internal or virtual and is not a port: the
/// management and internal Ethernets (`me0`, `em0`, `em1`, `fxp0`, `bme0`,
/// `vme`), service interfaces with PIC numbering (`gr-`, `pfe-`, `pfh-`,
/// `lt-`, `lsq-`, `sp-`, `vt-`, `mt-`, `pd-`, `pe-`, `ip-`, `lc-`), routing
/// interfaces (`irb`, `vlan`, `lo0`), and the software interfaces (`cbp0`,
/// `dsc`, `esi`, `gre`, `ipip`, `jsrv`, `lsi`, `mtun`, `pimd`, `pime`,
/// `pip0`, `tap`, `vtep`, `.local.`). Units are never ports themselves.
pub fn is_switch_port(name: &str) -> bool {
    if name.contains('.') {
        return false;
    }
    if let Some(n) = name.strip_prefix("ae") {
        return is_digits(n);
    }
    PORT_KINDS.iter().any(|k| {
        name.strip_prefix(k).is_some_and(|rest| {
            rest.as_bytes().first().is_some_and(u8::is_ascii_digit)
                && rest.contains('/')
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'/' || b == b':')
        })
    })
}

/// A physical switch port with what its logical units add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TersePort<'a> {
    /// Port name (`ge-0/0/0`).
    pub name: &'a str,
    /// Admin state of the physical interface (`up`/`down`).
    pub admin: &'a str,
    /// Link state of the physical interface (`up`/`down`).
    pub link: &'a str,
    /// Proto of its first unit that shows one: `eth-switch` for a switching
    /// port, `inet`/`inet6` for a routed one, `aenet` for a LAG member.
    pub family: Option<&'a str>,
    /// The LAG a member port belongs to (`ae0`, from `aenet --> ae0.0`).
    pub bundle: Option<&'a str>,
}

impl TersePort<'_> {
    /// The port status this project stores: `disabled` when the port is
    /// administratively down, else the link state (`up`/`down`). Junos has
    /// no `connected`/`notconnect` wording; the state words are its own.
    pub fn status(&self) -> &'static str {
        if self.admin == "down" {
            "disabled"
        } else if self.link == "up" {
            "up"
        } else {
            "down"
        }
    }
}

/// Folds terse rows into switch ports, in printed order: units add their
/// family (and bundle) to their physical port, non-port interfaces are
/// dropped. A port listed twice is kept once.
pub fn fold_ports<'a>(rows: &[TerseRow<'a>]) -> Vec<TersePort<'a>> {
    let mut out: Vec<TersePort<'a>> = Vec::new();
    let mut index: rustc_hash::FxHashMap<&'a str, usize> = Default::default();
    for row in rows {
        match unit_parent(row.name) {
            None => {
                if !is_switch_port(row.name) || index.contains_key(row.name) {
                    continue;
                }
                index.insert(row.name, out.len());
                out.push(TersePort {
                    name: row.name,
                    admin: row.admin,
                    link: row.link,
                    family: None,
                    bundle: None,
                });
            }
            Some(parent) => {
                let Some(&i) = index.get(parent) else {
                    continue;
                };
                let port = &mut out[i];
                if port.family.is_none() {
                    port.family = row.proto;
                    if row.proto == Some("aenet") {
                        port.bundle = row
                            .local
                            .and_then(|l| l.strip_prefix("-->"))
                            .map(|t| physical_name(t.trim_ws()))
                            .filter(|b| !b.is_empty());
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TERSE: &str = "\
Interface               Admin Link Proto    Local                 Remote
gr-0/0/0                up    up
ge-0/0/0                up    up
ge-0/0/0.0              up    up   eth-switch
ge-0/0/1                down  down
ge-0/0/1.0              up    down eth-switch
ge-0/0/2                up    down
ge-0/0/46               up    up
ge-0/0/46.0             up    up   aenet    --> ae0.0
pfe-0/0/0               up    up
pfe-0/0/0.16383         up    up   inet
                                   inet6
xe-0/2/0                up    up
xe-0/2/0.0              up    up   inet     10.1.0.2/31
xe-0/0/51:0             up    up
ae0                     up    up
ae0.0                   up    up   eth-switch
bme0                    up    up
bme0.0                  up    up   inet     128.0.0.1/2
                                            128.0.0.16/2
em0                     up    up
irb                     up    up
irb.10                  up    up   inet     10.10.10.1/24
jsrv                    up    up
lo0                     up    up
lo0.16385               up    up   inet
me0                     up    up
vme                     up    down
vtep                    up    up
";

    fn rows() -> Vec<TerseRow<'static>> {
        let lines: Vec<&str> = TERSE.lines().collect();
        parse_interfaces_terse(&lines)
    }

    #[test]
    fn rows_and_units() {
        let r = rows();
        assert_eq!(r.len(), 26);
        assert_eq!(
            r[2],
            TerseRow {
                name: "ge-0/0/0.0",
                admin: "up",
                link: "up",
                proto: Some("eth-switch"),
                local: None
            }
        );
        assert!(r[2].is_unit() && !r[1].is_unit());
        assert_eq!(r[7].local, Some("--> ae0.0"));
        assert_eq!(r[11].local, Some("10.1.0.2/31"));
    }

    #[test]
    fn ports_fold_units_and_skip_internal_interfaces() {
        let ports = fold_ports(&rows());
        let got: Vec<_> = ports
            .iter()
            .map(|p| (p.name, p.status(), p.family, p.bundle))
            .collect();
        assert_eq!(
            got,
            [
                ("ge-0/0/0", "up", Some("eth-switch"), None),
                ("ge-0/0/1", "disabled", Some("eth-switch"), None),
                ("ge-0/0/2", "down", None, None),
                ("ge-0/0/46", "up", Some("aenet"), Some("ae0")),
                ("xe-0/2/0", "up", Some("inet"), None),
                ("xe-0/0/51:0", "up", None, None),
                ("ae0", "up", Some("eth-switch"), None),
            ]
        );
    }

    #[test]
    fn port_kinds() {
        for p in [
            "ge-0/0/0",
            "xe-1/2/3",
            "et-0/1/0",
            "mge-0/0/47",
            "xe-0/0/51:0",
            "ae0",
            "ae12",
        ] {
            assert!(is_switch_port(p), "{p}");
        }
        for p in [
            "ge-0/0/0.0",
            "gr-0/0/0",
            "pfe-0/0/0",
            "pfh-0/0/0",
            "lt-0/0/0",
            "bme0",
            "em0",
            "me0",
            "vme",
            "jsrv",
            "lo0",
            "irb",
            "vtep",
            "ae",
            "aex",
            "ge-",
            "ge-x/0/0",
            "ge-0",
            ".local.",
            "",
        ] {
            assert!(!is_switch_port(p), "{p}");
        }
    }

    #[test]
    fn unit_names() {
        assert_eq!(unit_parent("ge-0/0/0.0"), Some("ge-0/0/0"));
        assert_eq!(unit_parent("xe-0/0/51:0.100"), Some("xe-0/0/51:0"));
        assert_eq!(unit_parent("ae0"), None);
        assert_eq!(unit_parent(".local."), None);
        assert_eq!(unit_parent(".5"), None);
        assert_eq!(physical_name("ae3.0"), "ae3");
        assert_eq!(physical_name("ge-0/0/1"), "ge-0/0/1");
    }

    #[test]
    fn a_unit_listed_away_from_its_port_still_folds_and_repeats_are_dropped() {
        let lines = [
            "ge-0/0/5  up up",
            "ge-0/0/6  up up",
            "ge-0/0/5.0 up up inet 10.0.0.1/30",
            "ge-0/0/5  up down",
            "ge-0/0/9.0 up up eth-switch",
            "garbage up",
            "   ge-0/0/7 up up",
        ];
        let ports = fold_ports(&parse_interfaces_terse(&lines));
        assert_eq!(ports.len(), 2);
        assert_eq!(ports[0].family, Some("inet"));
        assert_eq!(ports[0].link, "up");
    }
}
