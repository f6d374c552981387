//! `show configuration` (hierarchical, with braces) and
//! `show configuration | display set` (one `set` line per statement).
//!
//! Both forms are read by one walker that turns every statement into its
//! full path of words (`interfaces ge-0/0/1 unit 0 family
//! ethernet-switching vlan members DATA`), so the meaning is decided in one
//! place whatever the form. Quoted strings are one word; `[ a b ]` lists
//! become plain words; `#` and `/* */` comments are skipped; statements
//! marked `inactive:` (or `deactivate`d in the set form) do not count.
//!
//! Read: per-interface settings and text, `interface-range` groups, VLAN
//! names and ids, `snmp location`, 802.1X authenticator interfaces, and the
//! global 802.1X statements. Not read: `groups` / `apply-groups`
//! inheritance and wildcard interface names.

use crate::trim::{skip_space_octets, TrimExt};
use statetrace_model::{AuthTemplate, PortMode};

use crate::juniper::terse::physical_name;
use crate::table::is_digits;

/// Configuration of one interface (or of an `interface-range` group).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterfaceConfig<'a> {
    /// Interface name (`ge-0/0/1`, `ae0`), or the group's name for an
    /// `interface-range`.
    pub name: &'a str,
    /// The lines that configure it, as printed: the stanza from `ge-0/0/1 {`
    /// to its `}`, or every `set interfaces ge-0/0/1 ...` line.
    pub lines: Vec<&'a str>,
    /// Port-level `description` (quotes removed).
    pub description: Option<&'a str>,
    /// The first unit's `description`, used when the port has none.
    pub unit_description: Option<&'a str>,
    /// `disable` is configured.
    pub disabled: bool,
    /// A unit has `family ethernet-switching`.
    pub ethernet_switching: bool,
    /// A unit has `family inet` or `family inet6`.
    pub routed: bool,
    /// `interface-mode` (ELS) or `port-mode` (legacy) as written.
    pub interface_mode: Option<&'a str>,
    /// `vlan members`, in order (names, ids, ranges or `all`).
    pub vlan_members: Vec<&'a str>,
    /// `native-vlan-id`.
    pub native_vlan: Option<&'a str>,
    /// The LAG it belongs to (`ether-options 802.3ad ae0`).
    pub bundle: Option<&'a str>,
    /// `member X` lines of an `interface-range`.
    pub members: Vec<&'a str>,
    /// `member-range A to B` lines of an `interface-range`.
    pub member_ranges: Vec<(&'a str, &'a str)>,
}

impl<'a> InterfaceConfig<'a> {
    /// The port-level description, else the unit's.
    pub fn any_description(&self) -> Option<&'a str> {
        self.description.or(self.unit_description)
    }

    /// The port mode the configuration gives: `trunk` or `access` as
    /// configured; `family ethernet-switching` without a mode is access
    /// (the Junos default); `family inet`/`inet6` alone is routed.
    pub fn mode(&self) -> Option<PortMode> {
        match self.interface_mode {
            Some(m) if m.eq_ignore_ascii_case("trunk") => Some(PortMode::Trunk),
            Some(m) if m.eq_ignore_ascii_case("access") => Some(PortMode::Access),
            _ if self.ethernet_switching => Some(PortMode::Access),
            _ if self.routed => Some(PortMode::Routed),
            _ => None,
        }
    }

    /// The lines as one text joined with `\n`, trailing whitespace trimmed
    /// and the stanza's own indentation removed (so it starts in column 0).
    pub fn text(&self) -> String {
        let indent = self.lines.first().map_or(0, |l| indent_len(l));
        let mut out = String::with_capacity(self.lines.iter().map(|l| l.len() + 1).sum());
        for (i, l) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(l[indent_len(l).min(indent)..].trim_ws_end());
        }
        out
    }

    /// For an `interface-range`: true when `port` is one of its members.
    pub fn has_member(&self, port: &str) -> bool {
        self.members.iter().any(|m| physical_name(m) == port)
            || self.member_ranges.iter().any(|(a, b)| in_range(port, a, b))
    }
}

/// The length of the leading run of spaces and tabs of `line` (what
/// `trim_start_matches([' ', '\t'])` removes), found without decoding chars.
fn indent_len(line: &str) -> usize {
    let rest = skip_space_octets(line).as_bytes();
    let tail = rest
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    line.len() - rest.len() + tail
}

/// True when `port` lies within `member-range a to b`: same kind (the text
/// before the first `-`), every number valid, and the numbers compared in
/// order, as lists (a shorter prefix sorts first). Each name's numbers are
/// read once into a small array, as this runs per port and range.
fn in_range(port: &str, a: &str, b: &str) -> bool {
    let (Some((pk, p)), Some((ak, lo)), Some((bk, hi))) =
        (split_kind(port), split_kind(a), split_kind(b))
    else {
        return false;
    };
    if pk != ak || pk != bk {
        return false;
    }
    match (read_numbers(p), read_numbers(lo), read_numbers(hi)) {
        (Numbers::Read(p), Numbers::Read(lo), Numbers::Read(hi)) => {
            lo.as_slice() <= p.as_slice() && p.as_slice() <= hi.as_slice()
        }
        (Numbers::Invalid, _, _) | (_, Numbers::Invalid, _) | (_, _, Numbers::Invalid) => false,
        // Longer than any real port name: compared as they come.
        _ => in_range_unbounded(p, lo, hi),
    }
}

/// The `interface-range` groups of a configuration, prepared for asking
/// [`JunosConfig::range_of`] for every port: each `member-range`'s ends
/// are read once, not once per port.
pub(crate) struct RangeFinder<'c, 'a> {
    ranges: &'c [InterfaceConfig<'a>],
    /// Per group, per `member-range`: its kind and ends, when both ends
    /// read as short valid names of one kind (else [`in_range`] answers).
    ends: Vec<Vec<Option<ReadRange<'a>>>>,
}

/// A `member-range`'s kind and end numbers.
struct ReadRange<'a> {
    kind: &'a str,
    lo: NumberList,
    hi: NumberList,
}

impl<'c, 'a> RangeFinder<'c, 'a> {
    /// Reads the groups of `config`.
    pub(crate) fn new(config: &'c JunosConfig<'a>) -> Self {
        let read = |a: &'a str, b: &'a str| {
            let ((ak, lo), (bk, hi)) = (split_kind(a)?, split_kind(b)?);
            match (ak == bk, read_numbers(lo), read_numbers(hi)) {
                (true, Numbers::Read(lo), Numbers::Read(hi)) => {
                    Some(ReadRange { kind: ak, lo, hi })
                }
                _ => None,
            }
        };
        let ends = config
            .ranges
            .iter()
            .map(|r| r.member_ranges.iter().map(|&(a, b)| read(a, b)).collect())
            .collect();
        RangeFinder {
            ranges: &config.ranges,
            ends,
        }
    }

    /// What [`JunosConfig::range_of`] answers.
    pub(crate) fn range_of(&self, port: &str) -> Option<&'c InterfaceConfig<'a>> {
        let read_port = split_kind(port).map(|(kind, rest)| (kind, read_numbers(rest)));
        let covers = |(a, b): &(&str, &str), ends: &Option<ReadRange<'_>>| match (ends, &read_port)
        {
            (Some(e), Some((kind, Numbers::Read(p)))) => {
                *kind == e.kind
                    && e.lo.as_slice() <= p.as_slice()
                    && p.as_slice() <= e.hi.as_slice()
            }
            _ => in_range(port, a, b),
        };
        self.ranges
            .iter()
            .zip(&self.ends)
            .find(|(r, ends)| {
                r.members.iter().any(|m| physical_name(m) == port)
                    || r.member_ranges
                        .iter()
                        .zip(*ends)
                        .any(|(ab, e)| covers(ab, e))
            })
            .map(|(r, _)| r)
    }
}

/// A name's kind and the text after its first `-`.
fn split_kind(name: &str) -> Option<(&str, &str)> {
    let at = name.bytes().position(|c| c == b'-')?;
    // `-` is ASCII, so both sides start on char boundaries.
    Some((&name[..at], &name[at + 1..]))
}

/// Most numbers a port name is read into an array for.
const MAX_NUMBERS: usize = 6;

/// The numbers of a name's text after its kind.
enum Numbers {
    /// All of them.
    Read(NumberList),
    /// Some part is not a number.
    Invalid,
    /// More than [`MAX_NUMBERS`].
    Long,
}

/// Up to [`MAX_NUMBERS`] numbers.
struct NumberList {
    nums: [u32; MAX_NUMBERS],
    len: usize,
}

impl NumberList {
    fn as_slice(&self) -> &[u32] {
        &self.nums[..self.len]
    }
}

/// Reads the `/`- and `:`-separated numbers of `rest` (`0/0/12`).
fn read_numbers(rest: &str) -> Numbers {
    let b = rest.as_bytes();
    let mut list = NumberList {
        nums: [0; MAX_NUMBERS],
        len: 0,
    };
    let mut start = 0;
    loop {
        let end = b[start..]
            .iter()
            .position(|&c| c == b'/' || c == b':')
            .map_or(b.len(), |k| start + k);
        let Some(n) = parse_u32(&b[start..end]) else {
            return Numbers::Invalid;
        };
        let Some(slot) = list.nums.get_mut(list.len) else {
            return Numbers::Long;
        };
        *slot = n;
        list.len += 1;
        if end == b.len() {
            return Numbers::Read(list);
        }
        start = end + 1;
    }
}

/// `text.parse::<u32>()` on bytes: an optional `+`, then one or more
/// digits, without overflow. Inlined where the library's parser is a call
/// with checks for every radix.
fn parse_u32(text: &[u8]) -> Option<u32> {
    let digits = text.strip_prefix(b"+").unwrap_or(text);
    if digits.is_empty() {
        return None;
    }
    let mut n: u32 = 0;
    for &c in digits {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u32::from(d))?;
    }
    Some(n)
}

/// The numbers of a port name's text after its kind (`0/0/12` of
/// `ge-0/0/12`), in order; `None` for one that does not parse.
fn numbers(rest: &str) -> impl Iterator<Item = Option<u32>> + '_ {
    rest.split(['/', ':']).map(|n| n.parse().ok())
}

/// [`in_range`]'s comparison for names of any length (all numbers valid).
fn in_range_unbounded(p: &str, lo: &str, hi: &str) -> bool {
    [p, lo, hi].iter().all(|r| numbers(r).all(|n| n.is_some()))
        && numbers(lo).cmp(numbers(p)).is_le()
        && numbers(p).cmp(numbers(hi)).is_le()
}

/// An `protocols dot1x authenticator interface X` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dot1xConfig<'a> {
    /// The interface as written: `ge-0/0/1.0`, an `interface-range` name,
    /// or `all`.
    pub interface: &'a str,
    /// `supplicant single|single-secure|multiple`.
    pub supplicant: Option<&'a str>,
    /// `mac-radius` is configured.
    pub mac_radius: bool,
    /// `mac-radius restrict` is configured.
    pub mac_radius_restrict: bool,
}

impl Dot1xConfig<'_> {
    /// The authentication template: `mac-radius restrict` is MAC RADIUS
    /// only (macauth); `mac-radius` alone is 802.1X with MAC RADIUS
    /// fallback (flexible); neither is 802.1X only.
    pub fn template(&self) -> AuthTemplate {
        if self.mac_radius_restrict {
            AuthTemplate::Macauth
        } else if self.mac_radius {
            AuthTemplate::Flexible
        } else {
            AuthTemplate::Dot1x
        }
    }
}

/// What the parsers need from a Junos configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JunosConfig<'a> {
    /// `system host-name`.
    pub host_name: Option<&'a str>,
    /// `snmp location` (quotes removed).
    pub snmp_location: Option<&'a str>,
    /// Interfaces, in configuration order.
    pub interfaces: Vec<InterfaceConfig<'a>>,
    /// `interface-range` groups, in configuration order.
    pub ranges: Vec<InterfaceConfig<'a>>,
    /// `vlans NAME vlan-id N`, in configuration order.
    pub vlans: Vec<(&'a str, u32)>,
    /// `vlans NAME interface X` (legacy EX software lists a VLAN's access
    /// ports under the VLAN): (VLAN name, physical interface), in order.
    pub vlan_interfaces: Vec<(&'a str, &'a str)>,
    /// 802.1X authenticator interfaces, in configuration order.
    pub dot1x: Vec<Dot1xConfig<'a>>,
    /// Global 802.1X statements (`protocols dot1x ...` outside the
    /// per-interface entries) and the `access profile` authentication,
    /// accounting and RADIUS statements, each in `set` form (the same text
    /// whichever form was captured).
    pub auth_block: Vec<String>,
    /// The first `guest-vlan`, `server-reject-vlan` or `server-fail
    /// vlan-name` of the 802.1X configuration, as written (name or id).
    pub fallback_vlan: Option<&'a str>,
}

impl<'a> JunosConfig<'a> {
    /// The interface named `name` (physical name).
    pub fn interface(&self, name: &str) -> Option<&InterfaceConfig<'a>> {
        self.interfaces.iter().find(|i| i.name == name)
    }

    /// The first `interface-range` that has `port` as a member.
    pub fn range_of(&self, port: &str) -> Option<&InterfaceConfig<'a>> {
        self.ranges.iter().find(|r| r.has_member(port))
    }

    /// The id of a VLAN given by name or number (`DATA` → 10, `20` → 20).
    pub fn vlan_id(&self, vlan: &str) -> Option<u32> {
        if is_digits(vlan) {
            return vlan.parse().ok();
        }
        self.vlans
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(vlan))
            .map(|&(_, id)| id)
    }

    /// The VLAN that lists `port` under `vlans NAME interface` (legacy EX).
    pub fn vlan_listing(&self, port: &str) -> Option<&'a str> {
        self.vlan_interfaces
            .iter()
            .find(|(_, i)| *i == port)
            .map(|&(v, _)| v)
    }

    /// The 802.1X entry that applies to a port: its own (`ge-0/0/1` or a
    /// unit of it), else its `interface-range` group's, else an
    /// `interface all` entry when the port is an access port (Junos runs
    /// 802.1X on access ports only).
    pub fn dot1x_for(&self, port: &str, mode: Option<PortMode>) -> Option<&Dot1xConfig<'a>> {
        self.dot1x_in_range(port, mode, || self.range_of(port))
    }

    /// [`JunosConfig::dot1x_for`] with the port's `interface-range` group
    /// given (looked up only when the port has no entry of its own), for a
    /// caller that already knows it.
    pub(crate) fn dot1x_in_range<'s>(
        &'s self,
        port: &str,
        mode: Option<PortMode>,
        range: impl FnOnce() -> Option<&'s InterfaceConfig<'a>>,
    ) -> Option<&'s Dot1xConfig<'a>> {
        // A physical name is a prefix of the name: a cheap first test.
        let own = self
            .dot1x
            .iter()
            .find(|d| d.interface.starts_with(port) && physical_name(d.interface) == port);
        self.dot1x_beyond_own(own, mode, range)
    }

    /// Each physical port's own 802.1X entry (the first that names it or a
    /// unit of it), as an index into `dot1x`: what
    /// [`JunosConfig::dot1x_in_range`] finds first, for a caller that asks
    /// for every port (one pass instead of one per port).
    pub(crate) fn own_dot1x_index(&self) -> rustc_hash::FxHashMap<&'a str, usize> {
        let mut index = rustc_hash::FxHashMap::default();
        index.reserve(self.dot1x.len());
        for (i, d) in self.dot1x.iter().enumerate() {
            index.entry(physical_name(d.interface)).or_insert(i);
        }
        index
    }

    /// [`JunosConfig::dot1x_in_range`] with the port's own entry already
    /// found (see [`JunosConfig::own_dot1x_index`]).
    pub(crate) fn dot1x_beyond_own<'s>(
        &'s self,
        own: Option<&'s Dot1xConfig<'a>>,
        mode: Option<PortMode>,
        range: impl FnOnce() -> Option<&'s InterfaceConfig<'a>>,
    ) -> Option<&'s Dot1xConfig<'a>> {
        own.or_else(|| {
            let range = range()?;
            self.dot1x.iter().find(|d| d.interface == range.name)
        })
        .or_else(|| {
            (mode == Some(PortMode::Access))
                .then(|| self.dot1x.iter().find(|d| d.interface == "all"))
                .flatten()
        })
    }
}

/// How a configuration line ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// `;`: a statement.
    Leaf,
    /// `{`: a container opens.
    Open,
    /// `}`: the container closes.
    Close,
    /// Nothing (blank line, comment, or a `set` line).
    Bare,
}

/// Bytes that end an unquoted word: ASCII whitespace and `;{}[]`. A table
/// so the word loop is one load per byte.
const ENDS_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_whitespace() || matches!(c, b';' | b'{' | b'}' | b'[' | b']');
        b += 1;
    }
    t
};

/// Splits a configuration line into words (see the module docs); returns
/// how the line ended.
fn config_words<'a>(line: &'a str, out: &mut Vec<&'a str>) -> End {
    out.clear();
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            c if c.is_ascii_whitespace() => {
                // Junos indents deeply: skip a run of spaces in a tight loop
                // rather than one `match` per byte.
                i += 1;
                while b.get(i) == Some(&b' ') {
                    i += 1;
                }
            }
            b';' => return End::Leaf,
            b'{' => return End::Open,
            b'}' => return End::Close,
            b'#' => return End::Bare,
            b'[' | b']' => i += 1,
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = (j + 1).min(b.len());
                out.push(&line[i..end]);
                i = end;
            }
            _ => {
                let start = i;
                while i < b.len() && !ENDS_WORD[usize::from(b[i])] {
                    i += 1;
                }
                out.push(&line[start..i]);
            }
        }
    }
    End::Bare
}

/// A word without its surrounding quotes.
fn unquote(word: &str) -> &str {
    word.strip_prefix('"')
        .map(|w| w.strip_suffix('"').unwrap_or(w))
        .unwrap_or(word)
}

/// Builds a [`JunosConfig`] from statements.
struct Builder<'a> {
    cfg: JunosConfig<'a>,
    interface_index: rustc_hash::FxHashMap<&'a str, usize>,
    range_index: rustc_hash::FxHashMap<&'a str, usize>,
    dot1x_index: rustc_hash::FxHashMap<&'a str, usize>,
    /// The last interface looked up: every statement of a stanza names its
    /// interface with the same word of the transcript, so the same text
    /// (same address) answers without hashing the name again.
    last_slot: Option<(&'a str, bool, Slot)>,
}

/// Which list an interface entry lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Interface(usize),
    Range(usize),
}

impl<'a> Builder<'a> {
    fn new() -> Self {
        Builder {
            cfg: JunosConfig::default(),
            interface_index: Default::default(),
            range_index: Default::default(),
            dot1x_index: Default::default(),
            last_slot: None,
        }
    }

    fn slot(&mut self, name: &'a str, range: bool) -> Slot {
        if let Some((last, last_range, slot)) = self.last_slot {
            // The same address and length is the same text.
            if last_range == range && std::ptr::eq(last, name) {
                return slot;
            }
        }
        let slot = self.lookup_slot(name, range);
        self.last_slot = Some((name, range, slot));
        slot
    }

    fn lookup_slot(&mut self, name: &'a str, range: bool) -> Slot {
        let (index, list) = if range {
            (&mut self.range_index, &mut self.cfg.ranges)
        } else {
            (&mut self.interface_index, &mut self.cfg.interfaces)
        };
        let i = *index.entry(name).or_insert_with(|| {
            list.push(InterfaceConfig {
                name,
                ..InterfaceConfig::default()
            });
            list.len() - 1
        });
        if range {
            Slot::Range(i)
        } else {
            Slot::Interface(i)
        }
    }

    fn entry(&mut self, slot: Slot) -> &mut InterfaceConfig<'a> {
        match slot {
            Slot::Interface(i) => &mut self.cfg.interfaces[i],
            Slot::Range(i) => &mut self.cfg.ranges[i],
        }
    }

    /// The interface entry a statement path belongs to, if any.
    fn interface_slot(&mut self, w: &[&'a str]) -> Option<(Slot, usize)> {
        match w {
            ["interfaces", "interface-range", name, ..] => Some((self.slot(name, true), 3)),
            ["interfaces", name, ..] => Some((self.slot(name, false), 2)),
            _ => None,
        }
    }

    fn dot1x_entry(&mut self, interface: &'a str) -> &mut Dot1xConfig<'a> {
        let list = &mut self.cfg.dot1x;
        let i = *self.dot1x_index.entry(interface).or_insert_with(|| {
            list.push(Dot1xConfig {
                interface,
                ..Dot1xConfig::default()
            });
            list.len() - 1
        });
        &mut list[i]
    }

    /// One statement: `w` is its full path; `leaf` is false for a container
    /// that opens (so empty containers still create their entries).
    fn statement(&mut self, w: &[&'a str], leaf: bool) {
        if let Some((slot, at)) = self.interface_slot(w) {
            let rest = &w[at..];
            let e = self.entry(slot);
            interface_statement(e, rest, leaf);
            return;
        }
        match w {
            ["system", "host-name", name, ..] if leaf => {
                self.cfg.host_name.get_or_insert(unquote(name));
            }
            ["snmp", "location", loc, ..] if leaf => {
                self.cfg.snmp_location.get_or_insert(unquote(loc));
            }
            ["vlans", name, "vlan-id", id, ..] if leaf => {
                if let Ok(id) = id.parse() {
                    self.cfg.vlans.push((unquote(name), id));
                }
            }
            ["vlans", name, "interface", interface, ..] if leaf || w.len() == 4 => {
                let entry = (unquote(name), physical_name(interface));
                if !self.cfg.vlan_interfaces.contains(&entry) {
                    self.cfg.vlan_interfaces.push(entry);
                }
            }
            ["protocols", "dot1x", "authenticator", "interface", name, rest @ ..] => {
                self.fallback(rest, leaf);
                let e = self.dot1x_entry(name);
                match rest {
                    ["supplicant", mode, ..] => e.supplicant = Some(mode),
                    ["mac-radius", "restrict", ..] => {
                        e.mac_radius = true;
                        e.mac_radius_restrict = true;
                    }
                    ["mac-radius", ..] => e.mac_radius = true,
                    _ => {}
                }
            }
            ["protocols", "dot1x", rest @ ..] if leaf => {
                self.fallback(rest, leaf);
                self.cfg.auth_block.push(set_form(w));
            }
            ["access", "profile", _, kind, ..]
                if leaf && matches!(*kind, "authentication-order" | "radius" | "accounting") =>
            {
                self.cfg.auth_block.push(set_form(w));
            }
            _ => {}
        }
    }

    /// Records the first fallback VLAN of an 802.1X statement.
    fn fallback(&mut self, rest: &[&'a str], leaf: bool) {
        if !leaf || self.cfg.fallback_vlan.is_some() {
            return;
        }
        let mut it = rest.iter();
        while let Some(word) = it.next() {
            let value = match *word {
                "guest-vlan" | "server-reject-vlan" => it.next(),
                "vlan-name" => it.next(),
                _ => continue,
            };
            if let Some(v) = value {
                self.cfg.fallback_vlan = Some(unquote(v));
                return;
            }
        }
    }
}

/// The statement in `set` form: `set protocols dot1x authenticator ...`.
fn set_form(w: &[&str]) -> String {
    let mut s = String::from("set");
    for word in w {
        s.push(' ');
        s.push_str(word);
    }
    s
}

/// The meaning of a statement inside `interfaces X` (`rest` is the path
/// after the interface name).
fn interface_statement<'a>(e: &mut InterfaceConfig<'a>, rest: &[&'a str], leaf: bool) {
    // Families count for containers too: `family ethernet-switching {`.
    if let ["unit", _, "family", family, ..] = rest {
        match *family {
            "ethernet-switching" => e.ethernet_switching = true,
            "inet" | "inet6" => e.routed = true,
            _ => {}
        }
    }
    if !leaf {
        return;
    }
    match rest {
        ["description", d, ..] => e.description = Some(unquote(d)),
        ["disable"] => e.disabled = true,
        ["ether-options" | "gigether-options", "802.3ad", "bundle", ae, ..]
        | ["ether-options" | "gigether-options", "802.3ad", ae, ..] => e.bundle = Some(ae),
        ["native-vlan-id", n, ..] => e.native_vlan = Some(n),
        ["member", m, ..] => e.members.push(unquote(m)),
        ["member-range", a, "to", b, ..] => e.member_ranges.push((a, b)),
        ["unit", _, "description", d, ..] => {
            e.unit_description.get_or_insert(unquote(d));
        }
        ["unit", _, "family", "ethernet-switching", tail @ ..] => match tail {
            ["interface-mode" | "port-mode", m, ..] => e.interface_mode = Some(m),
            ["vlan", "members", members @ ..] => e.vlan_members.extend(members.iter().copied()),
            ["native-vlan-id", n, ..] => e.native_vlan = Some(n),
            _ => {}
        },
        _ => {}
    }
}

/// Lines reserved for a captured interface stanza.
const STANZA_LINES: usize = 16;

/// Parses a configuration in either form (or a mix: `set` lines are read
/// wherever they appear outside braces).
pub fn parse_configuration<'a>(lines: &[&'a str]) -> JunosConfig<'a> {
    let mut b = Builder::new();
    let mut words: Vec<&'a str> = Vec::new();
    // The hierarchy: words of every open container, and per container how
    // many words it pushed and whether it is inactive.
    let mut path: Vec<&'a str> = Vec::new();
    let mut frames: Vec<(usize, bool)> = Vec::new();
    // The interface whose stanza is being captured, and the depth at which
    // its stanza opened.
    let mut capture: Option<(Slot, usize)> = None;
    let mut in_comment = false;
    // `deactivate` paths of the set form, applied to every `set` line.
    let mut deactivated: Vec<Vec<&'a str>> = Vec::new();
    for &line in lines {
        let t = skip_space_octets(line).trim_ws_start();
        if t.starts_with("deactivate ") {
            config_words(t, &mut words);
            deactivated.push(words[1..].to_vec());
        }
    }

    for &line in lines {
        if in_comment {
            in_comment = !line.contains("*/");
            if let Some((slot, _)) = capture {
                b.entry(slot).lines.push(line);
            }
            continue;
        }
        // Dropping the deep indentation first leaves the words unchanged:
        // `config_words` skips spaces too, only slower.
        let body = skip_space_octets(line);
        let t = body.trim_ws_start();
        if t.starts_with("/*") {
            in_comment = !t.contains("*/");
            if let Some((slot, _)) = capture {
                b.entry(slot).lines.push(line);
            }
            continue;
        }
        let end = config_words(body, &mut words);
        let inactive_here = words.first() == Some(&"inactive:");
        let mut w: &[&'a str] = &words;
        if let Some(first) = w.first() {
            if *first == "inactive:" || *first == "protect:" {
                w = &w[1..];
            }
        }
        // A frame is inactive when any frame under it is (it was pushed
        // with their flag), so the innermost one answers for all.
        let inactive = inactive_here || frames.last().is_some_and(|f| f.1);

        if let Some((slot, _)) = capture {
            b.entry(slot).lines.push(line);
        }

        match end {
            End::Open => {
                let depth_before = path.len();
                path.extend_from_slice(w);
                frames.push((w.len(), inactive));
                if !inactive {
                    b.statement(&path, false);
                    if capture.is_none() && depth_before > 0 {
                        if let Some((slot, at)) = b.interface_slot(&path) {
                            if at == path.len() {
                                let lines = &mut b.entry(slot).lines;
                                // A port's stanza is about a dozen lines:
                                // one allocation rather than a growing
                                // series.
                                lines.reserve(STANZA_LINES);
                                lines.push(line);
                                capture = Some((slot, frames.len()));
                            }
                        }
                    }
                }
            }
            End::Close => {
                if let Some((_, depth)) = capture {
                    if depth == frames.len() {
                        capture = None;
                    }
                }
                if let Some((n, _)) = frames.pop() {
                    path.truncate(path.len().saturating_sub(n));
                }
            }
            End::Leaf if !inactive => {
                let depth = path.len();
                path.extend_from_slice(w);
                b.statement(&path, true);
                path.truncate(depth);
            }
            End::Bare if frames.is_empty() && w.first() == Some(&"set") => {
                let stmt = &w[1..];
                if deactivated
                    .iter()
                    .any(|d| !d.is_empty() && stmt.starts_with(d))
                {
                    continue;
                }
                b.statement(stmt, true);
                if let Some((slot, _)) = b.interface_slot(stmt) {
                    b.entry(slot).lines.push(line);
                }
            }
            _ => {}
        }
    }
    b.cfg
}

#[cfg(test)]
mod tests;
