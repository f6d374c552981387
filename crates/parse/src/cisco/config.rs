//! `show running-config`: interface and template blocks, SNMP location,
//! the authentication fallback VLAN and the global authentication lines.
//!
//! One pass over the lines; blocks are sub-slices of the input, so nothing
//! is copied until the device record is assembled.

use crate::trim::TrimExt;
use std::borrow::Cow;

use crate::port_name::short;
use crate::table::{is_blank, is_digits, is_space, starts_with_ci, tokens, words_eq_ci};

/// An `interface X` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceConfig<'a> {
    /// Interface name as written (`GigabitEthernet1/0/1`).
    pub name: &'a str,
    /// Canonical short name (`Gi1/0/1`), the key the port table uses.
    pub short: Cow<'a, str>,
    /// The `interface` line and its indented lines, without trailing blank
    /// lines.
    pub lines: &'a [&'a str],
    /// Text of the last `description` line, trimmed.
    pub description: Option<&'a str>,
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

    /// [`has_line`](Self::has_line) for `switchport mode trunk` and for
    /// `no switchport`, in one pass over the block.
    pub fn trunk_and_routed_lines(&self) -> (bool, bool) {
        let (mut trunk, mut routed) = (false, false);
        for l in self.body() {
            // Each command is looked for only on lines that start like it.
            match l.trim_ascii_start().as_bytes().first() {
                Some(b's' | b'S') => trunk = trunk || line_is(l, "switchport mode trunk"),
                Some(b'n' | b'N') => routed = routed || line_is(l, "no switchport"),
                _ => {}
            }
        }
        (trunk, routed)
    }

    /// Names of the templates applied with `source template NAME`.
    pub fn source_templates(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.body().iter().filter_map(|l| {
            if !starts_with_ci(l.trim_ws_start(), "source") {
                return None;
            }
            let mut w = tokens(l).map(|t| t.text);
            let is_source = w.next()?.eq_ignore_ascii_case("source")
                && w.next()?.eq_ignore_ascii_case("template");
            is_source.then(|| w.next()).flatten()
        })
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

/// True when `line` holds exactly the words of `command` (a single-spaced
/// constant), without regard to case or spacing: what
/// [`crate::table::line_is`] answers, but most lines of an interface block
/// (`switchport access vlan 10` against `switchport mode trunk`) are
/// rejected at their first differing byte instead of being compared word
/// by word. `command` must be words joined by single spaces.
fn line_is(line: &str, command: &str) -> bool {
    let t = line.trim_ascii();
    let (a, b) = (t.as_bytes(), command.as_bytes());
    let (Some(x), Some(y)) = (a.first(), b.first()) else {
        return t.is_empty() && command.is_empty();
    };
    // Words joined by at least one separator are never shorter.
    if t.len() < command.len() || !x.eq_ignore_ascii_case(y) {
        return false;
    }
    // A line that ends in a word ends in the command's last byte: most
    // lines that share the command's first word are turned away here.
    if let (Some(&x), Some(&y)) = (a.last(), b.last()) {
        if !is_space(x) && !x.eq_ignore_ascii_case(&y) {
            return false;
        }
    }
    let same = a
        .iter()
        .zip(b)
        .take_while(|(x, y)| x.eq_ignore_ascii_case(y));
    let at = same.count();
    match a.get(at) {
        // The whole line matched the whole command.
        None => true,
        // The prefix before `at` is byte for byte the command's, so its
        // words line up; a differing non-separator byte in the line lies
        // inside (or lengthens) a word the command does not have.
        Some(&x) if !is_space(x) => false,
        // Extra or unusual separators: compare word by word.
        Some(_) => words_eq_ci(t, command),
    }
}

/// A global `template NAME` block (IOS-XE interface templates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateConfig<'a> {
    /// Template name.
    pub name: &'a str,
    /// The `template` line and its indented lines.
    pub lines: &'a [&'a str],
}

impl<'a> TemplateConfig<'a> {
    /// The block's lines after the `template` line.
    pub fn body(&self) -> &'a [&'a str] {
        self.lines.get(1..).unwrap_or(&[])
    }
}

/// What the parsers need from a running (or startup) configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunningConfig<'a> {
    /// `hostname X`.
    pub hostname: Option<&'a str>,
    /// `snmp-server location X` (rest of the line, trimmed).
    pub snmp_location: Option<&'a str>,
    /// VLAN of the first `auth-default-vlan N`, `guest-vlan N` or
    /// `authentication event ... action authorize vlan N` line.
    pub auth_default_vlan: Option<&'a str>,
    /// Global (column-0) lines starting with `aaa`, `authentication`,
    /// `dot1x`, `mab` or `access-session`, trailing whitespace trimmed.
    pub auth_block: Vec<&'a str>,
    /// Interface blocks in configuration order.
    pub interfaces: Vec<InterfaceConfig<'a>>,
    /// Template blocks in configuration order.
    pub templates: Vec<TemplateConfig<'a>>,
}

impl<'a> RunningConfig<'a> {
    /// The interface block for a port name (long or short form).
    pub fn interface(&self, port: &str) -> Option<&InterfaceConfig<'a>> {
        let key = short(port);
        self.interfaces.iter().find(|i| i.short == key)
    }

    /// The template block named `name`.
    pub fn template(&self, name: &str) -> Option<&TemplateConfig<'a>> {
        self.templates.iter().find(|t| t.name == name)
    }
}

/// First words of the global lines that make up the authentication block.
const AUTH_WORDS: &[&str] = &["aaa", "authentication", "dot1x", "mab", "access-session"];

/// True when `line` holds `vlan` in any case: `find_ci(line, "vlan")`
/// without its per-call set-up, which cost more than the short lines it
/// searched. The filter runs on every configuration line until a fallback
/// VLAN is found (usually on all of them), so it looks for `v` eight bytes
/// per step and compares the next three bytes only where one is found.
fn mentions_vlan(line: &str) -> bool {
    let bytes = line.as_bytes();
    let lan_after = |i: usize| {
        bytes
            .get(i + 1..i + 4)
            .is_some_and(|r| r.eq_ignore_ascii_case(b"lan"))
    };
    // Where the `v` bytes of the word at `start` are followed by `lan`.
    let hit = |start: usize, w: [u8; 8]| {
        let mut vs = v_bytes(u64::from_le_bytes(w));
        while vs != 0 {
            if lan_after(start + vs.trailing_zeros() as usize / 8) {
                return true;
            }
            vs &= vs - 1;
        }
        false
    };
    let mut chunks = bytes.chunks_exact(8);
    for (k, c) in (&mut chunks).enumerate() {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        if hit(8 * k, w) {
            return true;
        }
    }
    let rest = chunks.remainder();
    let mut w = [0u8; 8];
    w[..rest.len()].copy_from_slice(rest);
    hit(bytes.len() - rest.len(), w)
}

/// The top bit of each byte of `w` that is `v` or `V` (zero padding never
/// is): the bytes of `x` are zero exactly there, and the exact zero-byte
/// test marks them.
fn v_bytes(w: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = (w | 0x2020_2020_2020_2020) ^ u64::from_le_bytes([b'v'; 8]);
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// True when `line` may assign a fallback VLAN: it names `vlan`, and
/// either its first word starts with `a` (`authentication event ...
/// authorize vlan N`) or it holds `-vlan` (`auth-default-vlan N`,
/// `guest-vlan N`). Every interface's `switchport access vlan N` and
/// `switchport voice vlan N` pass [`mentions_vlan`] but are turned away
/// here, before being split into words.
fn may_name_fallback(line: &str) -> bool {
    if !mentions_vlan(line) {
        return false;
    }
    let b = line.as_bytes();
    let first = b.iter().find(|&&c| !is_space(c)).map_or(0, |&c| c | 0x20);
    first == b'a'
        || memchr::memchr_iter(b'-', b).any(|i| {
            b.get(i + 1..i + 5)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"vlan"))
        })
}

/// The VLAN a line assigns to unauthenticated clients, if any.
fn fallback_vlan(line: &str) -> Option<&str> {
    // Every form names a VLAN, after a hyphen or on an `authentication`
    // line; most lines do not.
    if !may_name_fallback(line) {
        return None;
    }
    let mut words = tokens(line).map(|t| t.text);
    let first = words.next()?;
    let mut prev = first;
    let event = first.eq_ignore_ascii_case("authentication")
        && words
            .clone()
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("event"));
    let mut authorize = false;
    for w in words {
        if is_digits(w) {
            let hit = prev.eq_ignore_ascii_case("auth-default-vlan")
                || prev.eq_ignore_ascii_case("guest-vlan")
                || (event && authorize && prev.eq_ignore_ascii_case("vlan"));
            if hit {
                return Some(w);
            }
        }
        if w.eq_ignore_ascii_case("authorize") && prev.eq_ignore_ascii_case("action") {
            authorize = true;
        }
        prev = w;
    }
    None
}

/// What kind of column-0 block is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Interface,
    Template,
}

/// Parses a running configuration.
///
/// A column-0 `interface X` (or `template X`) line opens a block; the block
/// takes the indented and blank lines that follow and ends at the next
/// non-blank column-0 line (`!`, another `interface`, anything else).
pub fn parse_running_config<'a>(lines: &'a [&'a str]) -> RunningConfig<'a> {
    let mut cfg = RunningConfig::default();
    // (kind, name, first line index, last non-blank line index, description)
    let mut open: Option<(Open, &'a str, usize, usize, Option<&'a str>)> = None;

    let close = |cfg: &mut RunningConfig<'a>,
                 open: Option<(Open, &'a str, usize, usize, Option<&'a str>)>| {
        if let Some((kind, name, start, end, description)) = open {
            let block = &lines[start..=end];
            match kind {
                Open::Interface => cfg.interfaces.push(InterfaceConfig {
                    name,
                    short: short(name),
                    lines: block,
                    description,
                }),
                Open::Template => cfg.templates.push(TemplateConfig { name, lines: block }),
            }
        }
    };

    for (i, &line) in lines.iter().enumerate() {
        if cfg.auth_default_vlan.is_none() {
            cfg.auth_default_vlan = fallback_vlan(line);
        }
        if is_blank(line) {
            continue;
        }
        let column0 = !line.starts_with([' ', '\t']);
        if !column0 {
            if let Some(o) = open.as_mut() {
                o.3 = i;
                if o.0 == Open::Interface {
                    let t = line.trim_ws();
                    if starts_with_ci(t, "description ") {
                        let d = t["description ".len()..].trim_ws();
                        if !d.is_empty() {
                            o.4 = Some(d);
                        }
                    }
                }
            }
            continue;
        }
        close(&mut cfg, open.take());
        let mut words = tokens(line);
        let Some(first) = words.next() else { continue };
        let rest = line[first.end()..].trim_ws();
        let word = first.text;
        if word.eq_ignore_ascii_case("interface") && !rest.is_empty() {
            open = Some((Open::Interface, rest, i, i, None));
        } else if word.eq_ignore_ascii_case("template") && !rest.is_empty() {
            open = Some((Open::Template, rest, i, i, None));
        } else if word.eq_ignore_ascii_case("hostname") && !rest.is_empty() {
            cfg.hostname.get_or_insert(rest);
        } else if word.eq_ignore_ascii_case("snmp-server") {
            if let Some(second) = words
                .next()
                .filter(|w| w.text.eq_ignore_ascii_case("location"))
            {
                let loc = line[second.end()..].trim_ws();
                if !loc.is_empty() {
                    cfg.snmp_location.get_or_insert(loc);
                }
            }
        } else if AUTH_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word)) {
            cfg.auth_block.push(line.trim_ws_end());
        }
    }
    close(&mut cfg, open.take());
    cfg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::find_ci;

    const CONFIG: &str = "Building configuration...

Current configuration : 9120 bytes
!
version 17.9
hostname LAB-C9200L-AS-01
!
aaa new-model
aaa authentication dot1x default group ISE
authentication convert-to new-style
dot1x system-auth-control
access-session mac-move deny
!
template ACCESS_PORT
 dot1x pae authenticator
 dot1x timeout tx-period 5
 mab
 access-session port-control auto
!
interface GigabitEthernet0/0
 vrf forwarding Mgmt-vrf
 no ip address
 shutdown
!
interface TwoGigabitEthernet1/0/1
 description Old desc
 switchport access vlan 10
 description  Users1 
 authentication event fail action authorize vlan 998
 source template ACCESS_PORT

!
interface Port-channel1
 switchport mode trunk
interface Vlan1
 ip address 10.0.0.2 255.255.255.0
snmp-server location Bldg_21_Floor_2_Room_101_Row_1_Rack_1  
snmp-server location Second
 dot1x timeout quiet-period 90
mab request format attribute 32 vlan access-vlan
end";

    fn cfg_lines() -> Vec<&'static str> {
        CONFIG.lines().collect()
    }

    #[test]
    fn interface_blocks_and_keys() {
        let lines = cfg_lines();
        let cfg = parse_running_config(&lines);
        let names: Vec<_> = cfg.interfaces.iter().map(|i| i.short.as_ref()).collect();
        assert_eq!(names, ["Gi0/0", "Tw1/0/1", "Po1", "Vl1"]);
        let tw = cfg.interface("Tw1/0/1").unwrap();
        assert_eq!(tw.name, "TwoGigabitEthernet1/0/1");
        assert_eq!(tw.description, Some("Users1"));
        assert_eq!(
            tw.text(),
            "interface TwoGigabitEthernet1/0/1\n description Old desc\n switchport access vlan 10\n description  Users1\n authentication event fail action authorize vlan 998\n source template ACCESS_PORT"
        );
        assert_eq!(tw.source_templates().collect::<Vec<_>>(), ["ACCESS_PORT"]);
        // A block also ends at a column-0 line that is neither `!` nor `interface`.
        assert_eq!(cfg.interface("Vlan1").unwrap().lines.len(), 2);
        assert_eq!(cfg.interface("Po1").unwrap().lines.len(), 2);
        let po = cfg.interface("Po1").unwrap();
        assert!(po.has_line("switchport mode trunk"));
        assert!(!po.has_line("switchport mode access"));
        let odd = ["interface Gi1/0/9", "  Switchport   MODE\ttrunk  "];
        assert!(parse_running_config(&odd).interfaces[0].has_line("switchport mode trunk"));
        assert_eq!(
            cfg.interface("GigabitEthernet0/0").unwrap().description,
            None
        );
    }

    #[test]
    fn templates() {
        let lines = cfg_lines();
        let cfg = parse_running_config(&lines);
        let t = cfg.template("ACCESS_PORT").unwrap();
        assert_eq!(t.body().len(), 4);
        assert_eq!(t.body()[3], " access-session port-control auto");
        assert!(cfg.template("access_port").is_none());
    }

    #[test]
    fn globals() {
        let lines = cfg_lines();
        let cfg = parse_running_config(&lines);
        assert_eq!(cfg.hostname, Some("LAB-C9200L-AS-01"));
        assert_eq!(
            cfg.snmp_location,
            Some("Bldg_21_Floor_2_Room_101_Row_1_Rack_1")
        );
        assert_eq!(cfg.auth_default_vlan, Some("998"));
        assert_eq!(
            cfg.auth_block,
            [
                "aaa new-model",
                "aaa authentication dot1x default group ISE",
                "authentication convert-to new-style",
                "dot1x system-auth-control",
                "access-session mac-move deny",
                "mab request format attribute 32 vlan access-vlan",
            ]
        );
    }

    #[test]
    fn fallback_vlan_forms() {
        assert_eq!(fallback_vlan(" dot1x guest-vlan 99"), Some("99"));
        assert_eq!(fallback_vlan("auth-default-vlan 4000"), Some("4000"));
        assert_eq!(
            fallback_vlan(" authentication event no-response action authorize vlan 97"),
            Some("97")
        );
        assert_eq!(
            fallback_vlan(" authentication event server dead action authorize vlan 96"),
            Some("96")
        );
        assert_eq!(
            fallback_vlan(" authentication event server dead action reinitialize vlan 96"),
            None
        );
        assert_eq!(fallback_vlan(" switchport access vlan 10"), None);
        assert_eq!(fallback_vlan(" dot1x guest-vlan"), None);
        assert_eq!(fallback_vlan(""), None);
    }

    #[test]
    fn first_fallback_vlan_line_wins() {
        let lines = [
            "interface Gi1/0/1",
            " dot1x guest-vlan 5",
            " authentication event fail action authorize vlan 6",
        ];
        assert_eq!(parse_running_config(&lines).auth_default_vlan, Some("5"));
    }

    proptest::proptest! {
        /// The local `line_is` answers as the shared one does, on lines
        /// built from the command's own words with odd case and spacing.
        #[test]
        fn line_is_matches_shared(
            words in proptest::collection::vec("[a-zA-Z0-9-]{1,6}", 1..4),
            line in "[ \t\x01a-zA-Z0-9-]{0,24}",
            seps in proptest::collection::vec("[ \t\x01]{1,3}", 0..5),
            pick in 0u8..3,
        ) {
            let command = words.join(" ");
            let candidate = match pick {
                // Arbitrary text.
                0 => line,
                // The command's words, odd separators, maybe a suffix.
                _ => {
                    let mut out = String::new();
                    for (i, w) in words.iter().enumerate() {
                        out.push_str(seps.get(i).map_or(" ", String::as_str));
                        out.push_str(&if i % 2 == 0 { w.to_uppercase() } else { w.clone() });
                    }
                    if pick == 2 {
                        out.push_str(&line);
                    }
                    out
                }
            };
            proptest::prop_assert_eq!(
                line_is(&candidate, &command),
                crate::table::line_is(&candidate, &command),
                "{:?} vs {:?}", candidate, command
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn mentions_vlan_is_find_ci(
            line in "([ -~\t\x00\u{80}-\u{3ff}]|[vV][lL][aA][nN]?){0,16}"
        ) {
            proptest::prop_assert_eq!(mentions_vlan(&line), find_ci(&line, "vlan").is_some());
        }
    }

    #[test]
    fn trunk_and_routed_in_one_pass() {
        let blocks: [&[&str]; 5] = [
            &["interface Gi1/0/1", " switchport mode trunk"],
            &[
                "interface Gi1/0/2",
                " NO   Switchport ",
                " switchport mode access",
            ],
            &[
                "interface Gi1/0/3",
                "\tswitchport\tmode trunk",
                " no switchport",
            ],
            &[
                "interface Gi1/0/4",
                " switchport mode trunk allowed",
                " no shutdown",
            ],
            &["interface Gi1/0/5"],
        ];
        for lines in blocks {
            let i = &parse_running_config(lines).interfaces[0];
            assert_eq!(
                i.trunk_and_routed_lines(),
                (
                    i.has_line("switchport mode trunk"),
                    i.has_line("no switchport")
                ),
                "{lines:?}"
            );
        }
    }

    #[test]
    fn empty_and_odd_input() {
        assert_eq!(parse_running_config(&[]), RunningConfig::default());
        let lines = ["interface", " description x", "!", "interface Gi1/0/1"];
        let cfg = parse_running_config(&lines);
        assert_eq!(cfg.interfaces.len(), 1);
        assert_eq!(cfg.interfaces[0].lines, ["interface Gi1/0/1"]);
        assert_eq!(cfg.interfaces[0].text(), "interface Gi1/0/1");
    }
}
