//! `show running-config`: interface blocks, SNMP location, the fallback
//! VLAN for unauthenticated clients and the global authentication lines.
//!
//! EOS indents block contents by three spaces and closes every block with
//! `!`. One pass over the lines; blocks are sub-slices of the input, so
//! nothing is copied until the device record is assembled.

use crate::trim::TrimExt;
use std::borrow::Cow;

use super::auth::FLEXIBLE_RECOMMENDED;
use super::port::port_key;
use crate::table::{
    irregular_spacing, is_digits, is_space, line_is, starts_with_ci, tokens, words_eq_ci,
};

/// An `interface X` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceConfig<'a> {
    /// Interface name as written (`Ethernet49/1`, `Port-Channel1`).
    pub name: &'a str,
    /// Key of the interface ([`port_key`]: `Et49/1`, `Po1`, `Ma1`), the key
    /// the port table uses.
    pub key: Cow<'a, str>,
    /// The `interface` line and its indented lines, without trailing blank
    /// lines.
    pub lines: &'a [&'a str],
    /// Text of the last `description` line, trimmed.
    pub description: Option<&'a str>,
    /// What the body lines set, read while the block was parsed.
    facts: BodyFacts,
}

/// What an interface's body lines set, as far as the device record asks:
/// read once per line while the configuration is parsed, where asking
/// per port rescanned every line of the block for each question.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct BodyFacts {
    /// A line starting with the words `switchport mode trunk`.
    pub(crate) trunk: bool,
    /// A `no switchport` line.
    pub(crate) routed: bool,
    /// A `dot1x pae authenticator` line.
    pub(crate) pae: bool,
    /// A `dot1x eapol disabled` line.
    pub(crate) eapol_off: bool,
    /// A line starting with the words `dot1x mac based authentication`.
    pub(crate) mab: bool,
    /// Which members of [`FLEXIBLE_RECOMMENDED`] have a line.
    pub(crate) present: [bool; FLEXIBLE_RECOMMENDED.len()],
}

impl BodyFacts {
    /// Takes one body line into account; `lead` is the line's [`lead`].
    /// Returns false when the words read show that the line cannot be a
    /// fallback VLAN statement either (a `dot1x` line whose second word is
    /// not `authentication`), so [`fallback_vlan`] need not split it again.
    fn read(&mut self, line: &str, lead: [u8; 2]) -> bool {
        // Only `switchport`, `no` and `dot1x` lines can set anything.
        if !matches!(lead, [b's', b'w'] | [b'n', b'o'] | [b'd', b'o']) {
            return true;
        }
        match self.read_words(line) {
            Some(may_be_fallback) => may_be_fallback,
            None => {
                self.read_slowly(line);
                true
            }
        }
    }

    /// Reads the line word by word, deciding at the first word that
    /// differs from every command; `None` when a control byte turns up
    /// (see [`SpacedWords`]), before anything is set. `Some(false)` when
    /// the line is a `dot1x` line whose second word is not
    /// `authentication` (no fallback VLAN statement), else `Some(true)`.
    fn read_words(&mut self, line: &str) -> Option<bool> {
        let mut w = SpacedWords(line.as_bytes());
        let Some(first) = w.next()? else {
            return Some(true);
        };
        let is = |word: &[u8], want: &str| word.eq_ignore_ascii_case(want.as_bytes());
        if is(first, "switchport") {
            self.trunk |= w.starts_with(&["mode", "trunk"])?;
        } else if is(first, "no") {
            self.routed |= w.is(&["switchport"])?;
        } else if is(first, "dot1x") {
            let Some(second) = w.next()? else {
                return Some(true);
            };
            if is(second, "authentication") {
                return Some(true);
            }
            if is(second, "pae") {
                self.pae |= w.is(&["authenticator"])?;
            } else if is(second, "eapol") {
                self.eapol_off |= w.is(&["disabled"])?;
            } else if is(second, "mac") {
                self.mab |= w.starts_with(&["based", "authentication"])?;
            } else if is(second, "port-control") {
                self.present[0] |= w.is(&["auto"])?;
            } else if is(second, "timeout") {
                let Some(third) = w.next()? else {
                    return Some(false);
                };
                if is(third, "quiet-period") {
                    self.present[1] |= w.is(&["90"])?;
                } else if is(third, "tx-period") {
                    self.present[2] |= w.is(&["5"])?;
                }
            }
            return Some(false);
        }
        Some(true)
    }

    /// The general comparisons (the definition [`BodyFacts::read_words`]
    /// follows), for lines with control bytes.
    fn read_slowly(&mut self, line: &str) {
        self.trunk |= starts_with_words(line, "switchport mode trunk");
        self.routed |= line_is(line, "no switchport");
        let head = line.trim_ascii_start().as_bytes();
        if !head
            .get(..5)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"dot1x"))
        {
            return;
        }
        let t = line.trim_ascii();
        let regular = !irregular_spacing(t);
        let is = |c: &str| {
            if regular {
                t.len() == c.len() && t.eq_ignore_ascii_case(c)
            } else {
                words_eq_ci(t, c)
            }
        };
        if is("dot1x pae authenticator") {
            self.pae = true;
        } else if is("dot1x eapol disabled") {
            self.eapol_off = true;
        } else if starts_with_words(line, "dot1x mac based authentication") {
            self.mab = true;
        } else if let Some(k) = FLEXIBLE_RECOMMENDED.iter().position(|c| is(c)) {
            self.present[k] = true;
        }
    }
}

/// The words of a line split at spaces and tabs, read one at a time.
/// A control byte other than tab gives `None`: the comparisons these
/// words stand in for disagree on such bytes (some split words there,
/// some compare them as text), so the caller falls back on them.
struct SpacedWords<'a>(&'a [u8]);

impl<'a> SpacedWords<'a> {
    /// The next word (`Some(None)` at the end of the line).
    fn next(&mut self) -> Option<Option<&'a [u8]>> {
        let b = self.0;
        let mut i = 0;
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i] > b' ' {
            i += 1;
        }
        if i < b.len() && b[i] < b' ' && b[i] != b'\t' {
            return None;
        }
        self.0 = &b[i..];
        Some((i > start).then(|| &b[start..i]))
    }

    /// True when the next words are `words`, case aside.
    fn starts_with(&mut self, words: &[&str]) -> Option<bool> {
        for want in words {
            match self.next()? {
                Some(w) if w.eq_ignore_ascii_case(want.as_bytes()) => {}
                _ => return Some(false),
            }
        }
        Some(true)
    }

    /// True when the rest of the line is `words`, case aside.
    fn is(&mut self, words: &[&str]) -> Option<bool> {
        Some(self.starts_with(words)? && self.next()?.is_none())
    }
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

    /// True when a body line starts with the words of `prefix` (whole words,
    /// without regard to case or spacing), e.g. `switchport mode trunk` for
    /// `switchport mode trunk phone`.
    pub fn has_line_starting(&self, prefix: &str) -> bool {
        self.body().iter().any(|l| starts_with_words(l, prefix))
    }

    /// What the body lines set (see [`BodyFacts`]).
    pub(crate) fn facts(&self) -> &BodyFacts {
        &self.facts
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

/// True when `line` starts with the words of `prefix` (a single-spaced
/// constant), compared word by word without regard to case.
pub fn starts_with_words(line: &str, prefix: &str) -> bool {
    let (t, p) = (line.trim_ascii_start().as_bytes(), prefix.as_bytes());
    // Most lines differ in their first byte.
    if let (Some(a), Some(b)) = (t.first(), p.first()) {
        if !a.eq_ignore_ascii_case(b) {
            return false;
        }
    }
    // Up to the first byte that differs, the line is the prefix, spaced
    // as it is: its words line up with the prefix's. A difference at a
    // word byte then settles it; only a whitespace byte there (odd
    // spacing) needs the word-by-word walk.
    match t
        .iter()
        .zip(p)
        .position(|(x, y)| !x.eq_ignore_ascii_case(y))
    {
        None if t.len() >= p.len() => return t.get(p.len()).is_none_or(|&b| is_space(b)),
        None => return false,
        Some(j) if !is_space(t[j]) => return false,
        Some(_) => {}
    }
    let mut words = tokens(line);
    prefix
        .split(' ')
        .all(|p| words.next().is_some_and(|w| w.text.eq_ignore_ascii_case(p)))
}

/// What the parsers need from an EOS running (or startup) configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunningConfig<'a> {
    /// `hostname X`.
    pub hostname: Option<&'a str>,
    /// `snmp-server location X` (rest of the line, trimmed).
    pub snmp_location: Option<&'a str>,
    /// The VLAN given to clients that fail or skip authentication: the first
    /// `dot1x authentication failure action traffic allow vlan N`, else the
    /// first `aaa unresponsive action traffic allow vlan N` (the global
    /// `dot1x` section's RADIUS-unreachable VLAN).
    pub auth_default_vlan: Option<&'a str>,
    /// Global authentication configuration: column-0 lines starting with
    /// `aaa` or `dot1x`, each followed by its indented lines (the global
    /// `dot1x` section and `aaa group server` blocks hold their settings
    /// there), trailing whitespace trimmed.
    pub auth_block: Vec<&'a str>,
    /// Interface blocks in configuration order.
    pub interfaces: Vec<InterfaceConfig<'a>>,
}

impl<'a> RunningConfig<'a> {
    /// The interface block for a port name (long or short form).
    pub fn interface(&self, port: &str) -> Option<&InterfaceConfig<'a>> {
        let key = port_key(port);
        self.interfaces.iter().find(|i| i.key == key)
    }
}

/// First words of the global lines that make up the authentication block.
const AUTH_WORDS: &[&str] = &["aaa", "dot1x"];

/// Which fallback VLAN a line configures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fallback {
    /// `dot1x authentication failure action traffic allow vlan N`.
    Failure,
    /// `aaa unresponsive action traffic allow vlan N`.
    Unresponsive,
}

/// The first two bytes of a line's first word, ASCII letters lower-cased
/// (0 for a one-byte word); `None` for a blank line. Every command the
/// configuration is searched for starts with a different pair, so one
/// comparison turns away the other lines.
fn lead(line: &str) -> Option<[u8; 2]> {
    let b = line.as_bytes();
    let at = b.iter().position(|&c| !is_space(c))?;
    let second = b
        .get(at + 1)
        .filter(|&&c| !is_space(c))
        .map_or(0, |c| c | 0x20);
    Some([b[at] | 0x20, second])
}

/// The fallback VLAN a line configures, if any.
fn fallback_vlan(line: &str) -> Option<(Fallback, &str)> {
    // Every form starts with `dot1x` or `aaa`; most lines do not.
    let first = line.bytes().find(|&b| !is_space(b))? | 0x20;
    if first != b'd' && first != b'a' {
        return None;
    }
    let mut words = tokens(line).map(|t| t.text);
    let first = words.next()?;
    let kind = if first.eq_ignore_ascii_case("dot1x")
        && words.next()?.eq_ignore_ascii_case("authentication")
        && words.next()?.eq_ignore_ascii_case("failure")
    {
        Fallback::Failure
    } else if first.eq_ignore_ascii_case("aaa")
        && words.next()?.eq_ignore_ascii_case("unresponsive")
    {
        Fallback::Unresponsive
    } else {
        return None;
    };
    let rest: [&str; 5] = std::array::from_fn(|_| words.next().unwrap_or(""));
    let expected = ["action", "traffic", "allow", "vlan"];
    let matches = rest[..4]
        .iter()
        .zip(expected)
        .all(|(w, e)| w.eq_ignore_ascii_case(e));
    (matches && is_digits(rest[4])).then_some((kind, rest[4]))
}

/// An interface block being read.
struct OpenInterface<'a> {
    name: &'a str,
    /// Index of the `interface` line.
    start: usize,
    /// Index of the last non-blank line so far.
    end: usize,
    description: Option<&'a str>,
    facts: BodyFacts,
}

/// Parses an EOS running configuration.
///
/// A column-0 `interface X` line opens a block; the block takes the
/// indented and blank lines that follow and ends at the next non-blank
/// column-0 line (`!`, another `interface`, anything else).
pub fn parse_running_config<'a>(lines: &'a [&'a str]) -> RunningConfig<'a> {
    let mut cfg = RunningConfig::default();
    let mut open: Option<OpenInterface<'a>> = None;
    // True while the indented lines belong to a global auth statement.
    let mut in_auth = false;
    let (mut failure, mut unresponsive) = (None, None);

    let close = |cfg: &mut RunningConfig<'a>, open: Option<OpenInterface<'a>>| {
        if let Some(o) = open {
            cfg.interfaces.push(InterfaceConfig {
                name: o.name,
                key: port_key(o.name),
                lines: &lines[o.start..=o.end],
                description: o.description,
                facts: o.facts,
            });
        }
    };

    for (i, &line) in lines.iter().enumerate() {
        // A blank line neither continues nor ends a block.
        let Some(lead) = lead(line) else { continue };
        let column0 = !line.starts_with([' ', '\t']);
        // An interface's lines are read first: reading them rules most
        // `dot1x` lines out as fallback VLAN statements.
        let mut may_be_fallback = matches!(lead, [b'd', b'o'] | [b'a', b'a']);
        if !column0 {
            if let Some(o) = open.as_mut() {
                o.end = i;
                let t = line.trim_ws();
                if starts_with_ci(t, "description ") {
                    let d = t["description ".len()..].trim_ws();
                    if !d.is_empty() {
                        o.description = Some(d);
                    }
                }
                may_be_fallback &= o.facts.read(line, lead);
            }
        }
        if let Some((kind, vlan)) = may_be_fallback.then(|| fallback_vlan(line)).flatten() {
            let slot = match kind {
                Fallback::Failure => &mut failure,
                Fallback::Unresponsive => &mut unresponsive,
            };
            slot.get_or_insert(vlan);
        }
        if !column0 {
            if in_auth {
                cfg.auth_block.push(line.trim_ws_end());
            }
            continue;
        }
        close(&mut cfg, open.take());
        in_auth = false;
        let mut words = tokens(line);
        let Some(first) = words.next() else { continue };
        let rest = line[first.end()..].trim_ws();
        let word = first.text;
        if word.eq_ignore_ascii_case("interface") && !rest.is_empty() {
            open = Some(OpenInterface {
                name: rest,
                start: i,
                end: i,
                description: None,
                facts: BodyFacts::default(),
            });
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
            in_auth = true;
        }
    }
    close(&mut cfg, open.take());
    cfg.auth_default_vlan = failure.or(unresponsive);
    cfg
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "! Command: show running-config
! device: ATL-IDF3-AS-01 (CCS-720XP-48ZC2-F, EOS-4.30.4M)
!
! boot system flash:/EOS-4.30.4M.swi
!
no aaa root
!
hostname ATL-IDF3-AS-01
!
aaa group server radius ISE
   server 10.41.5.21 vrf MGMT
aaa authentication login default group ISE local
aaa authentication dot1x default group ISE
!
dot1x system-auth-control
dot1x
   aaa unresponsive action traffic allow vlan 998
   mac based authentication delay 30 seconds
!
interface Ethernet1
   description Old desc
   switchport access vlan 110
   description  Rm301-D01 Okafor  
   dot1x pae authenticator
   dot1x authentication failure action traffic allow vlan 999

!
interface Ethernet49/1
   channel-group 1 mode active
!
interface Management1
   vrf MGMT
   ip address 10.41.0.31/24
interface Port-Channel1
   switchport mode trunk phone
snmp-server location Bldg_4_Floor_3_Room_IDF3_Rack_2  
snmp-server location Second
end";

    fn lines() -> Vec<&'static str> {
        CONFIG.lines().collect()
    }

    #[test]
    fn interface_blocks_and_keys() {
        let l = lines();
        let cfg = parse_running_config(&l);
        let keys: Vec<_> = cfg.interfaces.iter().map(|i| i.key.as_ref()).collect();
        assert_eq!(keys, ["Et1", "Et49/1", "Ma1", "Po1"]);
        let et1 = cfg.interface("Ethernet1").unwrap();
        assert_eq!(et1.name, "Ethernet1");
        assert_eq!(et1.description, Some("Rm301-D01 Okafor"));
        assert_eq!(
            et1.text(),
            "interface Ethernet1\n   description Old desc\n   switchport access vlan 110\n   description  Rm301-D01 Okafor\n   dot1x pae authenticator\n   dot1x authentication failure action traffic allow vlan 999"
        );
        assert!(et1.has_line("dot1x pae authenticator"));
        assert!(!et1.has_line("dot1x pae"));
        // A block also ends at a column-0 line that is not `!`.
        assert_eq!(cfg.interface("Ma1").unwrap().lines.len(), 3);
        let po = cfg.interface("Po1").unwrap();
        assert!(po.has_line_starting("switchport mode trunk"));
        assert!(!po.has_line("switchport mode trunk"));
        assert!(!po.has_line_starting("switchport mode trunk phone extra"));
        assert_eq!(po.description, None);
    }

    #[test]
    fn globals() {
        let l = lines();
        let cfg = parse_running_config(&l);
        assert_eq!(cfg.hostname, Some("ATL-IDF3-AS-01"));
        assert_eq!(cfg.snmp_location, Some("Bldg_4_Floor_3_Room_IDF3_Rack_2"));
        // The failure VLAN wins over the earlier RADIUS-unreachable one.
        assert_eq!(cfg.auth_default_vlan, Some("999"));
        assert_eq!(
            cfg.auth_block,
            [
                "aaa group server radius ISE",
                "   server 10.41.5.21 vrf MGMT",
                "aaa authentication login default group ISE local",
                "aaa authentication dot1x default group ISE",
                "dot1x system-auth-control",
                "dot1x",
                "   aaa unresponsive action traffic allow vlan 998",
                "   mac based authentication delay 30 seconds",
            ]
        );
    }

    #[test]
    fn fallback_vlan_forms() {
        assert_eq!(
            fallback_vlan("   dot1x authentication failure action traffic allow vlan 999"),
            Some((Fallback::Failure, "999"))
        );
        assert_eq!(
            fallback_vlan("   aaa unresponsive action traffic allow vlan 998"),
            Some((Fallback::Unresponsive, "998"))
        );
        assert_eq!(
            fallback_vlan("   dot1x authentication failure action traffic drop"),
            None
        );
        assert_eq!(
            fallback_vlan("   aaa unresponsive phone action apply cached-results"),
            None
        );
        assert_eq!(fallback_vlan("   switchport access vlan 10"), None);
        assert_eq!(
            fallback_vlan("dot1x authentication failure action traffic allow vlan"),
            None
        );
        assert_eq!(fallback_vlan(""), None);
    }

    #[test]
    fn unresponsive_vlan_when_no_failure_vlan() {
        let l = [
            "dot1x",
            "   aaa unresponsive action traffic allow vlan 998",
            "   aaa unresponsive action traffic allow vlan 997",
        ];
        assert_eq!(parse_running_config(&l).auth_default_vlan, Some("998"));
    }

    #[test]
    fn empty_and_odd_input() {
        assert_eq!(parse_running_config(&[]), RunningConfig::default());
        let l = ["interface", "   description x", "!", "interface Ethernet1"];
        let cfg = parse_running_config(&l);
        assert_eq!(cfg.interfaces.len(), 1);
        assert_eq!(cfg.interfaces[0].text(), "interface Ethernet1");
        assert!(cfg.auth_block.is_empty());
    }

    /// The word-by-word definition the fast paths must agree with.
    fn words_prefix(line: &str, prefix: &str) -> bool {
        let mut words = tokens(line);
        prefix
            .split(' ')
            .all(|p| words.next().is_some_and(|w| w.text.eq_ignore_ascii_case(p)))
    }

    proptest::proptest! {
        #[test]
        fn body_facts_agree_with_the_general_comparisons(
            line in "[ \t]{0,2}(dot1x|Dot1X|switchport|no|NO|mode|trunk|x)([ \t]{1,2}(dot1x|pae|PAE|authenticator|eapol|disabled|mac|based|authentication|switchport|mode|trunk|TRUNK|phone|port-control|auto|timeout|tx-period|quiet-period|90|5|x|failure|action|traffic|allow|vlan)){0,8}[ \t\x0b]{0,2}",
        ) {
            let mut fast = BodyFacts::default();
            if let Some(lead) = lead(&line) {
                if !fast.read(&line, lead) {
                    proptest::prop_assert_eq!(fallback_vlan(&line), None, "{:?}", line);
                }
            }
            let mut slow = BodyFacts::default();
            slow.read_slowly(&line);
            proptest::prop_assert_eq!(fast, slow, "{:?}", line);
        }

        #[test]
        fn starts_with_words_agrees_with_word_by_word(
            line in "[ \t]{0,2}(dot1x|Dot1X|switchport|mode|trunk|x)([ \t]{1,2}(dot1x|pae|mode|trunk|TRUNK|phone|x)){0,4}[ \t]{0,2}",
            prefix in proptest::sample::select(vec![
                "dot1x", "dot1x pae", "switchport mode trunk", "switchport mode trunk phone", "x", "mode trunk",
            ]),
        ) {
            proptest::prop_assert_eq!(starts_with_words(&line, prefix), words_prefix(&line, prefix), "{:?} / {:?}", line, prefix);
        }
    }
}
