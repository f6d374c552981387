//! `show running-config` (or `show configuration`, the startup
//! configuration): interface and VLAN blocks, the authentication setup,
//! SNMP location.
//!
//! FastIron writes a block as a column-0 line (`interface ethernet 1/1/1`,
//! `vlan 10 name USERS by port`, `authentication`, `dot1x-enable`) followed
//! by indented lines, ended by `!` or the next column-0 line. Port-based
//! authentication is configured in two generations:
//!
//! * 8.x: an `authentication` block holding `auth-default-vlan N`,
//!   `dot1x enable ethe ...` and `mac-authentication enable ethe ...`
//!   (the bare `dot1x enable` / `mac-authentication enable` switch the
//!   feature on globally and name no port);
//! * 7.x: a `dot1x-enable` block holding `enable ethe ...` (or `enable all`),
//!   and `mac-authentication enable` inside each interface block.
//!
//! Both are read into the same two port lists. One pass; blocks are
//! sub-slices of the input.

use crate::trim::TrimExt;
use statetrace_model::AuthTemplate;

use super::ports::{read_port_list, CoverCount, PortId, PortList, PortRange};
use crate::table::{is_digits, line_is, starts_with_ci, tokens, Token, Tokens};

/// An `interface ...` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceConfig<'a> {
    /// What follows `interface`, as written (`ethernet 1/1/1`,
    /// `ethernet 1/1/1 to 1/1/24`, `ve 10`).
    pub name: &'a str,
    /// The ports the block configures; empty for `ve`, `loopback`, ...
    pub ports: PortList,
    /// The `interface` line and its indented lines, without trailing blank
    /// lines.
    pub lines: &'a [&'a str],
    /// Text of the last `port-name` line (the description), trimmed.
    pub port_name: Option<&'a str>,
    /// True when a body line is `ip address ...` or `route-only`; read
    /// while the block is parsed, so a port does not rescan its lines.
    routed: bool,
}

impl<'a> InterfaceConfig<'a> {
    /// The block's lines after the `interface` line.
    pub fn body(&self) -> &'a [&'a str] {
        self.lines.get(1..).unwrap_or(&[])
    }

    /// True when a body line equals `command` (words compared without regard
    /// to case or spacing; `command` written with single spaces).
    pub fn has_line(&self, command: &str) -> bool {
        self.body().iter().any(|l| line_is(l, command))
    }

    /// True when the block gives the port an `ip address` or makes it
    /// `route-only`: a routed port.
    pub fn is_routed(&self) -> bool {
        self.routed
    }

    /// The port, when the block configures exactly one.
    fn only_port(&self) -> Option<PortId> {
        match self.ports.ranges.as_slice() {
            [r] if r.start == r.end && !self.ports.all => Some(r.start),
            _ => None,
        }
    }

    /// The block as one text, lines joined with `\n`, each without trailing
    /// whitespace.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.lines.iter().map(|l| l.len() + 1).sum());
        for (i, l) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(l.trim_ws_end());
        }
        out
    }
}

/// A `vlan N ...` block's port membership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VlanConfig {
    /// The VLAN number.
    pub id: u32,
    /// Ports of its `tagged` lines.
    pub tagged: PortList,
    /// Ports of its `untagged` lines.
    pub untagged: PortList,
}

/// What the parsers need from a FastIron configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FastIronConfig<'a> {
    /// `hostname X`.
    pub hostname: Option<&'a str>,
    /// `snmp-server location X` (rest of the line, trimmed).
    pub snmp_location: Option<&'a str>,
    /// `auth-default-vlan N` of the `authentication` block, else the first
    /// such line anywhere (an interface's own `authentication
    /// auth-default-vlan N`).
    pub auth_default_vlan: Option<&'a str>,
    /// The global authentication configuration, trailing whitespace
    /// trimmed: column-0 `aaa`, `authentication`, `dot1x-enable`, `dot1x` and
    /// `mac-authentication` lines, and the indented lines of the
    /// `authentication` and `dot1x-enable` blocks (indentation kept).
    pub auth_block: Vec<&'a str>,
    /// Interface blocks in configuration order.
    pub interfaces: Vec<InterfaceConfig<'a>>,
    /// VLAN blocks in configuration order.
    pub vlans: Vec<VlanConfig>,
    /// Ports with 802.1X enabled.
    pub dot1x_enabled: PortList,
    /// Ports with MAC authentication enabled.
    pub mac_auth_enabled: PortList,
    /// Index into `interfaces` of the first block for each single port, so
    /// a port's block is found without scanning every block.
    single: rustc_hash::FxHashMap<PortId, usize>,
    /// Indices into `interfaces` of the blocks naming several ports (or
    /// `all`): the only blocks that can cover a port with no own block.
    ranged: Vec<usize>,
    /// How many VLANs' `tagged` lines name each port; `None` when none
    /// does, or when a VLAN tags `all` ports (rare), which the ranges
    /// cannot tell.
    tagged: Option<CoverCount>,
}

impl<'a> FastIronConfig<'a> {
    /// The block configuring `p`: its own `interface ethernet` block, else
    /// the first range block (`interface ethernet 1/1/1 to 1/1/24`) that
    /// covers it.
    pub fn interface(&self, p: PortId) -> Option<&InterfaceConfig<'a>> {
        // A block of a single port that is not `p` cannot cover `p`, and
        // one that is `p` is in `single`: without an own block, only the
        // range blocks need looking at.
        let i = match self.single.get(&p) {
            Some(&i) => i,
            None => *self
                .ranged
                .iter()
                .find(|&&i| self.interfaces[i].ports.contains(p))?,
        };
        self.interfaces.get(i)
    }

    /// How many VLANs carry `p` tagged.
    pub fn tagged_vlans(&self, p: PortId) -> usize {
        match &self.tagged {
            Some(runs) => runs.count(p),
            None => self.vlans.iter().filter(|v| v.tagged.contains(p)).count(),
        }
    }

    /// The port's authentication template: both 802.1X and MAC
    /// authentication enabled → flexible, one of them → dot1x / macauth,
    /// neither → open.
    pub fn template(&self, p: PortId) -> AuthTemplate {
        match (
            self.dot1x_enabled.contains(p),
            self.mac_auth_enabled.contains(p),
        ) {
            (true, true) => AuthTemplate::Flexible,
            (true, false) => AuthTemplate::Dot1x,
            (false, true) => AuthTemplate::Macauth,
            (false, false) => AuthTemplate::Open,
        }
    }
}

/// Column-0 words whose lines belong to the authentication block.
const AUTH_WORDS: &[&str] = &[
    "aaa",
    "authentication",
    "dot1x-enable",
    "dot1x",
    "mac-authentication",
];

/// The block a column-0 line opened.
#[derive(Debug)]
enum Open<'a> {
    Interface {
        name: &'a str,
        ports: PortList,
        start: usize,
        end: usize,
        port_name: Option<&'a str>,
        dot1x: bool,
        mac_auth: bool,
        routed: bool,
    },
    Vlan(VlanConfig),
    Authentication,
    Dot1xEnable,
    Other,
}

/// The words of a line, read lazily: most configuration lines are decided
/// by their first word or two, so they are not split to the end.
type Words<'a> = Tokens<'a>;

/// Where the next word ends when it equals `w` (ASCII case-insensitive):
/// the port list that follows starts there.
fn next_is(words: &mut Words<'_>, w: &str) -> Option<usize> {
    words
        .next()
        .filter(|t| t.text.eq_ignore_ascii_case(w))
        .map(|t| t.end())
}

/// The ports named by `line` from byte `from` on.
fn port_list(line: &str, from: usize) -> PortList {
    let mut list = PortList::default();
    read_port_list(&line[from..], &mut list);
    list
}

/// The number after `auth-default-vlan` on a line, if any.
fn default_vlan(line: &str) -> Option<&str> {
    let mut words = tokens(line);
    words.find(|t| t.text.eq_ignore_ascii_case("auth-default-vlan"))?;
    words.next().map(|t| t.text).filter(|v| is_digits(v))
}

/// True when `line` may hold an `auth-default-vlan` word: it contains the
/// word's text in some case. The hyphens are the same in every case, so
/// only the places four bytes before a `-` are compared. A cheap filter
/// for [`default_vlan`], which splits the whole line.
fn may_name_default_vlan(line: &str) -> bool {
    const WORD: &[u8] = b"auth-default-vlan";
    let b = line.as_bytes();
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'-', &b[from..]) {
        let hyphen = from + at;
        // The word's second hyphen, eight bytes on, rejects the other
        // hyphenated words (`port-control`, `mac-authentication`) before
        // the case-blind comparison.
        if let Some(start) = hyphen.checked_sub(4) {
            if b.get(hyphen + 8) == Some(&b'-')
                && b.get(start..start + WORD.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(WORD))
            {
                return true;
            }
        }
        from = hyphen + 1;
    }
    false
}

/// The first `auth-default-vlan N` anywhere in the configuration (an
/// interface's own `authentication auth-default-vlan N`): the fallback when
/// the `authentication` block names none.
fn first_default_vlan<'a>(lines: &[&'a str]) -> Option<&'a str> {
    lines
        .iter()
        .filter(|l| may_name_default_vlan(l))
        .find_map(|l| default_vlan(l))
}

/// True for an interface body line that makes the port routed: `ip
/// address ...` or `route-only`. `first` is the line's first word; either
/// form starts with the word, so other lines are rejected on it.
fn is_routed_line(line: &str, first: &str) -> bool {
    if first.len() == 2 {
        starts_with_ci(line.trim_ws_start(), "ip address ")
    } else {
        first.len() == "route-only".len() && line_is(line, "route-only")
    }
}

/// An interface's `mac-authentication enable` line: the feature, then
/// `enable`.
const MAC_AUTH_ENABLE: (&str, &str) = ("mac-authentication", "mac-authentication enable");
/// An interface's `dot1x enable` line.
const DOT1X_ENABLE: (&str, &str) = ("dot1x", "dot1x enable");

/// True when the line is `command.1` (see [`line_is`]), whose first word
/// is `command.0` and second `enable`. `first` and `words` are the line's
/// first word and the words after it: a line whose first two words differ
/// (`dot1x port-control auto`) is turned away on them, before `line_is`
/// compares it word by word.
fn is_enable_line(line: &str, first: &str, mut words: Words<'_>, command: (&str, &str)) -> bool {
    first.eq_ignore_ascii_case(command.0)
        && words
            .next()
            .is_some_and(|t| t.text.eq_ignore_ascii_case("enable"))
        && line_is(line, command.1)
}

/// An indented line: part of the block `open`. `words` follow `first`.
fn block_line<'a>(
    cfg: &mut FastIronConfig<'a>,
    open: &mut Open<'a>,
    i: usize,
    line: &'a str,
    first: Token<'a>,
    mut words: Words<'a>,
) {
    let after = first.end();
    let first = first.text;
    match open {
        Open::Interface {
            end,
            port_name,
            dot1x,
            mac_auth,
            routed,
            ..
        } => {
            *end = i;
            *routed |= is_routed_line(line, first);
            let name = if first.eq_ignore_ascii_case("port-name") {
                words.next()
            } else {
                None
            };
            if let Some(name) = name {
                *port_name = Some(line[name.start..].trim_ws_end());
            } else if is_enable_line(line, first, words.clone(), MAC_AUTH_ENABLE) {
                *mac_auth = true;
            } else if is_enable_line(line, first, words, DOT1X_ENABLE) {
                *dot1x = true;
            }
        }
        Open::Vlan(v) => {
            if first.eq_ignore_ascii_case("tagged") {
                read_port_list(&line[after..], &mut v.tagged);
            } else if first.eq_ignore_ascii_case("untagged") {
                read_port_list(&line[after..], &mut v.untagged);
            }
        }
        Open::Authentication => {
            cfg.auth_block.push(line.trim_ws_end());
            if cfg.auth_default_vlan.is_none() {
                cfg.auth_default_vlan = default_vlan(line);
            }
            if let Some(at) = next_is(&mut words, "enable") {
                if first.eq_ignore_ascii_case("dot1x") {
                    read_port_list(&line[at..], &mut cfg.dot1x_enabled);
                } else if first.eq_ignore_ascii_case("mac-authentication") {
                    read_port_list(&line[at..], &mut cfg.mac_auth_enabled);
                }
            }
        }
        Open::Dot1xEnable => {
            cfg.auth_block.push(line.trim_ws_end());
            if first.eq_ignore_ascii_case("enable") {
                read_port_list(&line[after..], &mut cfg.dot1x_enabled);
            }
        }
        Open::Other => {}
    }
}

/// A column-0 line: a global setting or the start of a block, returned.
fn top_line<'a>(
    cfg: &mut FastIronConfig<'a>,
    i: usize,
    line: &'a str,
    first: Token<'a>,
    mut words: Words<'a>,
) -> Open<'a> {
    let word = first.text;
    // Most column-0 lines (`!`, `ip ...`, `no ...`) start with a letter no
    // keyword below starts with: one test settles them.
    if !matches!(
        word.as_bytes()[0] | 0x20,
        b'i' | b'v' | b'h' | b's' | b'a' | b'd' | b'm'
    ) {
        return Open::Other;
    }
    let rest = line[first.end()..].trim_ws();
    if word.eq_ignore_ascii_case("interface") && !rest.is_empty() {
        return Open::Interface {
            name: rest,
            ports: port_list(line, first.end()),
            start: i,
            end: i,
            port_name: None,
            dot1x: false,
            mac_auth: false,
            routed: false,
        };
    }
    if word.eq_ignore_ascii_case("vlan") {
        if let Some(id) = words.next().and_then(|t| t.text.parse().ok()) {
            return Open::Vlan(VlanConfig {
                id,
                tagged: PortList::default(),
                untagged: PortList::default(),
            });
        }
    } else if word.eq_ignore_ascii_case("hostname") && !rest.is_empty() {
        cfg.hostname.get_or_insert(rest);
    } else if word.eq_ignore_ascii_case("snmp-server") {
        if let Some(second) = words
            .next()
            .filter(|t| t.text.eq_ignore_ascii_case("location"))
        {
            let loc = line[second.end()..].trim_ws();
            if !loc.is_empty() {
                cfg.snmp_location.get_or_insert(loc);
            }
        }
    } else if AUTH_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        cfg.auth_block.push(line.trim_ws_end());
        if word.eq_ignore_ascii_case("authentication") && words.next().is_none() {
            return Open::Authentication;
        } else if word.eq_ignore_ascii_case("dot1x-enable") {
            return Open::Dot1xEnable;
        } else if word.eq_ignore_ascii_case("mac-authentication") {
            if let Some(at) = next_is(&mut words, "enable") {
                read_port_list(&line[at..], &mut cfg.mac_auth_enabled);
            }
        }
    }
    Open::Other
}

/// Parses a FastIron configuration.
pub fn parse_config<'a>(lines: &'a [&'a str]) -> FastIronConfig<'a> {
    let mut cfg = FastIronConfig::default();
    let mut open = Open::Other;

    let close = |cfg: &mut FastIronConfig<'a>, open: Open<'a>| match open {
        Open::Interface {
            name,
            ports,
            start,
            end,
            port_name,
            dot1x,
            mac_auth,
            routed,
        } => {
            if dot1x {
                cfg.dot1x_enabled.extend(&ports);
            }
            if mac_auth {
                cfg.mac_auth_enabled.extend(&ports);
            }
            let block = InterfaceConfig {
                name,
                ports,
                lines: &lines[start..=end],
                port_name,
                routed,
            };
            match block.only_port() {
                Some(p) => {
                    cfg.single.entry(p).or_insert(cfg.interfaces.len());
                }
                None if !block.ports.is_empty() => cfg.ranged.push(cfg.interfaces.len()),
                None => {}
            }
            cfg.interfaces.push(block);
        }
        Open::Vlan(v) => cfg.vlans.push(v),
        Open::Authentication | Open::Dot1xEnable | Open::Other => {}
    };

    for (i, &line) in lines.iter().enumerate() {
        let indented = line.starts_with([' ', '\t']);
        // An indented line outside the blocks read here (`stack unit`,
        // `ntp`) says nothing: not even its words are needed.
        if indented && matches!(open, Open::Other) {
            continue;
        }
        let mut words = tokens(line);
        // A line without words (blank) neither continues nor ends a block.
        let Some(first) = words.next() else { continue };
        if indented {
            block_line(&mut cfg, &mut open, i, line, first, words);
        } else {
            close(&mut cfg, std::mem::replace(&mut open, Open::Other));
            open = top_line(&mut cfg, i, line, first, words);
        }
    }
    close(&mut cfg, open);
    let tagged: Vec<(PortRange, usize)> = cfg
        .vlans
        .iter()
        .enumerate()
        .flat_map(|(i, v)| v.tagged.ranges.iter().map(move |&r| (r, i)))
        .collect();
    if !tagged.is_empty() && !cfg.vlans.iter().any(|v| v.tagged.all) {
        cfg.tagged = Some(CoverCount::new(&tagged));
    }
    if cfg.auth_default_vlan.is_none() {
        cfg.auth_default_vlan = first_default_vlan(lines);
    }
    cfg
}

#[cfg(test)]
mod tests {
    use super::*;

    const ICX: &str = "\
Current configuration:
!
ver 08.0.95fT213
!
stack unit 1
  module 1 icx7450-48p-poe-port-management-module
  stack-port 1/3/1
!
vlan 1 name DEFAULT-VLAN by port
!
vlan 10 name USERS by port
 tagged ethe 1/2/1 ethe 2/2/1
 untagged ethe 1/1/1 to 1/1/24
 spanning-tree
!
vlan 20 name VOICE by port
 tagged ethe 1/1/1 to 1/1/48 ethe 1/2/1 ethe 2/1/1 to 2/1/48 ethe 2/2/1
!
vlan 99 name MGMT by port
 tagged ethe 1/2/1 ethe 2/2/1
 router-interface ve 99
!
authentication
 auth-default-vlan 999
 re-authentication
 dot1x enable
 dot1x enable ethe 1/1/1 to 1/1/24
 dot1x port-control auto ethe 1/1/1 to 1/1/24
 mac-authentication enable
 mac-authentication enable ethe 1/1/13 to 2/1/48
!
aaa authentication dot1x default radius
aaa authentication login default local
hostname BOYO-A05-AS-02
snmp-server location Bldg_5_Floor_2_Room_204   
!
interface ethernet 1/1/1
 port-name Rm 204 Desk 1
 inline power
!
interface ethernet 1/1/2 to 1/1/4
 port-name Range desc
!
interface ethernet 1/1/3
 port-name Own block
 authentication auth-default-vlan 300
!
interface ve 99
 ip address 10.5.99.12 255.255.255.0
!
end";

    fn id(s: &str) -> PortId {
        PortId::parse(s).unwrap()
    }

    #[test]
    fn globals_and_auth_block() {
        let lines: Vec<&str> = ICX.lines().collect();
        let c = parse_config(&lines);
        assert_eq!(c.hostname, Some("BOYO-A05-AS-02"));
        assert_eq!(c.snmp_location, Some("Bldg_5_Floor_2_Room_204"));
        assert_eq!(c.auth_default_vlan, Some("999"));
        assert_eq!(
            c.auth_block,
            [
                "authentication",
                " auth-default-vlan 999",
                " re-authentication",
                " dot1x enable",
                " dot1x enable ethe 1/1/1 to 1/1/24",
                " dot1x port-control auto ethe 1/1/1 to 1/1/24",
                " mac-authentication enable",
                " mac-authentication enable ethe 1/1/13 to 2/1/48",
                "aaa authentication dot1x default radius",
                "aaa authentication login default local",
            ]
        );
    }

    #[test]
    fn templates_from_enable_sets_across_units() {
        let lines: Vec<&str> = ICX.lines().collect();
        let c = parse_config(&lines);
        assert_eq!(c.template(id("1/1/1")), AuthTemplate::Dot1x);
        assert_eq!(c.template(id("1/1/13")), AuthTemplate::Flexible);
        assert_eq!(c.template(id("1/1/30")), AuthTemplate::Macauth);
        assert_eq!(c.template(id("1/2/1")), AuthTemplate::Macauth);
        assert_eq!(c.template(id("2/1/48")), AuthTemplate::Macauth);
        assert_eq!(c.template(id("2/2/1")), AuthTemplate::Open);
    }

    #[test]
    fn vlans_and_interfaces() {
        let lines: Vec<&str> = ICX.lines().collect();
        let c = parse_config(&lines);
        assert_eq!(
            c.vlans.iter().map(|v| v.id).collect::<Vec<_>>(),
            [1, 10, 20, 99]
        );
        assert_eq!(c.tagged_vlans(id("1/2/1")), 3);
        assert_eq!(c.tagged_vlans(id("1/1/5")), 1);
        assert_eq!(c.tagged_vlans(id("1/3/1")), 0);
        assert!(c.vlans[1].untagged.contains(id("1/1/24")));
        let i = c.interface(id("1/1/1")).unwrap();
        assert_eq!(i.port_name, Some("Rm 204 Desk 1"));
        assert_eq!(
            i.text(),
            "interface ethernet 1/1/1\n port-name Rm 204 Desk 1\n inline power"
        );
        // A port's own block wins over a range block; the range covers the rest.
        assert_eq!(
            c.interface(id("1/1/3")).unwrap().port_name,
            Some("Own block")
        );
        assert_eq!(
            c.interface(id("1/1/4")).unwrap().port_name,
            Some("Range desc")
        );
        assert!(c.interface(id("1/1/5")).is_none());
        assert_eq!(c.interfaces.last().unwrap().name, "ve 99");
        assert!(c.interfaces.last().unwrap().ports.is_empty());
    }

    #[test]
    fn fastiron_7x_dot1x_enable_block_and_interface_mac_auth() {
        let lines = [
            "dot1x-enable",
            " re-authentication",
            " enable ethe 1/1/1 to 1/1/12",
            "!",
            "mac-authentication enable",
            "mac-authentication auth-fail-action restrict-vlan 999",
            "interface ethernet 1/1/2",
            " dot1x port-control auto",
            " mac-authentication enable",
            "!",
            "interface ethernet 1/1/20",
            " mac-authentication enable",
            "!",
        ];
        let c = parse_config(&lines);
        assert_eq!(c.template(id("1/1/1")), AuthTemplate::Dot1x);
        assert_eq!(c.template(id("1/1/2")), AuthTemplate::Flexible);
        assert_eq!(c.template(id("1/1/20")), AuthTemplate::Macauth);
        assert_eq!(c.template(id("1/1/21")), AuthTemplate::Open);
        assert_eq!(c.auth_default_vlan, None);
        assert_eq!(
            c.auth_block,
            [
                "dot1x-enable",
                " re-authentication",
                " enable ethe 1/1/1 to 1/1/12",
                "mac-authentication enable",
                "mac-authentication auth-fail-action restrict-vlan 999",
            ]
        );
        let all = parse_config(&["dot1x-enable", " enable all"]);
        assert_eq!(all.template(id("3/1/1")), AuthTemplate::Dot1x);
    }

    #[test]
    fn fallback_default_vlan_and_odd_input() {
        let c = parse_config(&[
            "interface ethernet 1/1/3",
            " authentication auth-default-vlan 300",
        ]);
        assert_eq!(c.auth_default_vlan, Some("300"));
        assert_eq!(parse_config(&[]), FastIronConfig::default());
        let c = parse_config(&[
            "interface",
            " port-name",
            "vlan x",
            " tagged ethe 1/1/1",
            "authentication x",
        ]);
        assert!(c.interfaces.is_empty() && c.vlans.is_empty());
        assert_eq!(c.auth_block, ["authentication x"]);
    }
}
