//! Canonical names for show commands.
//!
//! Operators type `sh int status`, `show interface status | no-more` or
//! `do show interfaces status` and mean the same thing. Every command is
//! reduced to one canonical key so parsers can ask for
//! `show interfaces status` and find any of those spellings:
//!
//! * a leading `do ` (IOS config mode) or `run ` (Junos configuration
//!   mode) is dropped;
//! * words are expanded the way the device's own parser does: a word that is
//!   an unambiguous prefix of a known keyword becomes that keyword, an exact
//!   keyword beats a longer one (`vlan` vs `vlans`);
//! * `| no-more` and friends are dropped; output filters (`| include`,
//!   `| exclude`, `| begin`, `| section`, ...) are dropped from the key but
//!   mark the block as filtered, so an unfiltered capture is preferred;
//!   format pipes that change the output (`| display set`, `| json`) stay in
//!   the key because they change what the parser must read;
//! * words after the known keywords are kept, lower-cased, so
//!   `show interfaces status err-disabled` stays distinct.

use crate::trim::TrimExt;

/// A command reduced to its canonical key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// Canonical key, lower-case, single spaces, e.g. `show interfaces status`.
    pub key: String,
    /// True when an output filter (`| include` ...) cut the output.
    pub filtered: bool,
}

/// The keyword tree: every canonical show command this project knows, one
/// per line, words separated by spaces. Prefix matching happens per level.
const COMMANDS: &[&str] = &[
    "show version",
    "show running-config",
    "show startup-config",
    "show configuration",
    "show interfaces status err-disabled",
    "show interfaces status",
    "show interfaces brief",
    "show interfaces terse",
    "show interfaces description",
    "show interfaces trunk",
    "show interfaces switchport",
    "show interfaces all",
    "show interfaces hardware",
    "show interfaces logical",
    "show interfaces",
    "show ip interface brief",
    "show ip route",
    "show ipv6 interface brief",
    "show mac address-table",
    "show mac-address",
    "show mac-address-table",
    "show authentication sessions method dot1x details",
    "show authentication sessions method mab details",
    "show authentication sessions method webauth details",
    "show authentication sessions",
    "show access-session",
    "show dot1x sessions all",
    "show dot1x hosts",
    "show dot1x all brief",
    "show dot1x interface",
    "show dot1x mac-sessions",
    "show dot1x",
    "show mac-authentication sessions all",
    "show mac-authentication",
    "show port-access authenticator clients",
    "show port-access mac-based clients",
    "show port-access clients",
    "show port-access",
    "show spanning-tree interface",
    "show spanning-tree bridge",
    "show spanning-tree",
    "show vlan brief",
    "show vlan",
    "show vlans",
    "show cdp neighbors detail",
    "show cdp neighbors",
    "show lldp neighbors",
    "show inventory",
    "show clock",
    "show logging",
    "show power inline",
    "show system info",
    "show system uptime",
    "show system",
    "show ethernet-switching table",
    "show ethernet-switching",
    "show routing route",
    "show route",
    "show chassis hardware",
    "show stack",
    "show module",
    "show environment",
    "show processes",
    "show users",
    "show flash",
    "show boot",
    "show license",
    "show ntp",
    "show snmp",
    "show history",
];

/// Pipes that only stop paging; they neither filter nor reformat.
const PAGING_PIPES: &[&str] = &["no-more", "nomore", "no-paging"];

/// Pipes that cut lines from the output.
const FILTER_PIPES: &[&str] = &[
    "include", "exclude", "begin", "section", "count", "grep", "match", "except", "find", "last",
    "i", "e", "b", "s", "inc", "exc", "beg", "sec",
];

/// Two-word spellings joined to the keyword the tree knows.
fn join_aliases(words: &mut Vec<String>) {
    let mut i = 0;
    while i + 1 < words.len() {
        if words[i] == "spanning" && words[i + 1] == "tree" {
            words[i] = "spanning-tree".into();
            words.remove(i + 1);
        }
        i += 1;
    }
    for w in words.iter_mut() {
        if w == "mac-address-table" {
            // IOS 12.x spelling of `show mac address-table`.
            *w = "mac address-table".into();
        }
    }
    let expanded: Vec<String> = words
        .iter()
        .flat_map(|w| w.split(' ').map(str::to_string).collect::<Vec<_>>())
        .collect();
    *words = expanded;
}

/// The keywords that may follow `prefix` in [`COMMANDS`].
fn children(prefix: &[&str]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for cmd in COMMANDS {
        let mut words = cmd.split(' ');
        if prefix.iter().all(|p| words.next() == Some(*p)) {
            if let Some(next) = words.next() {
                if !out.contains(&next) {
                    out.push(next);
                }
            }
        }
    }
    out
}

/// Expands one typed word against the keywords allowed at this level.
fn expand(word: &str, options: &[&'static str]) -> Option<&'static str> {
    if let Some(exact) = options.iter().find(|o| **o == word) {
        return Some(exact);
    }
    let mut matches = options.iter().filter(|o| o.starts_with(word));
    let first = matches.next()?;
    matches.next().is_none().then_some(*first)
}

/// Reduces a typed command to its canonical key. Returns `None` for
/// anything that is not a show command (`terminal length 0`, `conf t`).
///
/// ```
/// use statetrace_parse::command::canonicalize;
/// let c = canonicalize("sh int status | no-more").unwrap();
/// assert_eq!(c.key, "show interfaces status");
/// assert!(!c.filtered);
/// assert_eq!(canonicalize("do sh mac add").unwrap().key, "show mac address-table");
/// assert!(canonicalize("terminal length 0").is_none());
/// ```
pub fn canonicalize(typed: &str) -> Option<Command> {
    thread_local! {
        /// Commands already reduced on this thread: a corpus types the same
        /// few commands on every device, and reducing one walks the keyword
        /// tree with an allocation per word.
        static CACHE: std::cell::RefCell<crate::join::FastMap<String, Option<Command>>> =
            std::cell::RefCell::default();
    }
    /// Bounds the cache: distinct typed commands are few in practice, but
    /// input is untrusted.
    const CACHE_LIMIT: usize = 4096;
    CACHE.with(|cache| {
        if let Some(hit) = cache.borrow().get(typed) {
            return hit.clone();
        }
        let reduced = reduce(typed);
        let mut cache = cache.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(typed.to_string(), reduced.clone());
        reduced
    })
}

/// [`canonicalize`] without the cache.
fn reduce(typed: &str) -> Option<Command> {
    let typed = typed.trim_ws();
    let mut parts = typed.split('|');
    let base = parts.next().unwrap_or("");
    let mut words: Vec<String> = base
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    // `do show` (IOS config mode) and `run show` (Junos configuration mode).
    if matches!(words.first().map(String::as_str), Some("do" | "run")) {
        words.remove(0);
    }
    let first = words.first()?;
    if first.len() < 2 || !"show".starts_with(first.as_str()) {
        return None;
    }
    words[0] = "show".into();
    join_aliases(&mut words);

    let mut key: Vec<&str> = vec!["show"];
    let mut rest = 1;
    while rest < words.len() {
        let options = children(&key);
        match expand(&words[rest], &options) {
            Some(kw) => {
                key.push(kw);
                rest += 1;
            }
            None => break,
        }
    }
    let mut text = key.join(" ");
    for w in &words[rest..] {
        text.push(' ');
        text.push_str(w);
    }

    let mut filtered = false;
    for pipe in parts {
        let mut pw = pipe.split_whitespace();
        let Some(verb) = pw.next().map(str::to_ascii_lowercase) else {
            continue;
        };
        if PAGING_PIPES.contains(&verb.as_str()) {
            continue;
        }
        if FILTER_PIPES.contains(&verb.as_str()) {
            filtered = true;
            continue;
        }
        // A format pipe (`display set`, `json`): part of what was asked for.
        text.push_str(" | ");
        text.push_str(&verb);
        for w in pw {
            text.push(' ');
            text.push_str(&w.to_ascii_lowercase());
        }
    }
    Some(Command {
        key: text,
        filtered,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> String {
        canonicalize(s).map(|c| c.key).unwrap_or_default()
    }

    #[test]
    fn cached_answers_equal_fresh_ones() {
        for typed in [
            "sh int status",
            "show run | i vlan",
            "do sh ver",
            "bogus",
            "",
            "show vlan",
        ] {
            assert_eq!(canonicalize(typed), reduce(typed), "{typed:?}");
            // Second call comes from the cache.
            assert_eq!(canonicalize(typed), reduce(typed), "{typed:?}");
        }
        // Past the bound the cache starts over rather than growing.
        for n in 0..CACHE_TEST_LIMIT + 10 {
            let typed = format!("show vlan id {n}");
            assert_eq!(
                canonicalize(&typed).map(|c| c.key),
                Some(format!("show vlan id {n}"))
            );
        }
    }

    const CACHE_TEST_LIMIT: usize = 5000;

    #[test]
    fn abbreviations_expand() {
        assert_eq!(key("sh ver"), "show version");
        assert_eq!(key("sho version"), "show version");
        assert_eq!(key("sh int status"), "show interfaces status");
        assert_eq!(key("show interface status"), "show interfaces status");
        assert_eq!(key("sh mac add"), "show mac address-table");
        assert_eq!(key("show mac-address-table"), "show mac address-table");
        assert_eq!(key("sh run"), "show running-config");
        assert_eq!(key("sh auth sess"), "show authentication sessions");
        assert_eq!(key("sh span"), "show spanning-tree");
        assert_eq!(key("show spanning tree"), "show spanning-tree");
        assert_eq!(key("show vlan"), "show vlan");
        assert_eq!(key("show vlans"), "show vlans");
        assert_eq!(key("sh vlan br"), "show vlan brief");
        assert_eq!(key("show access-session"), "show access-session");
        assert_eq!(key("SHOW VERSION"), "show version");
    }

    #[test]
    fn extra_words_stay_distinct() {
        assert_eq!(
            key("sh int status err-disabled"),
            "show interfaces status err-disabled"
        );
        assert_eq!(key("show interfaces Gi1/0/1"), "show interfaces gi1/0/1");
        assert_eq!(
            key("show mac address-table dynamic"),
            "show mac address-table dynamic"
        );
        assert_eq!(
            key("sh int stat err"),
            "show interfaces status err-disabled"
        );
        assert_eq!(key("sh cdp nei det"), "show cdp neighbors detail");
        assert_eq!(key("sh cdp nei"), "show cdp neighbors");
        assert_eq!(
            key("sh auth sess meth mab det"),
            "show authentication sessions method mab details"
        );
        // The ntc template's name, without a method, stays as typed.
        assert_eq!(
            key("show authentication sessions method details"),
            "show authentication sessions method details"
        );
        assert_eq!(
            key("show authentication sessions interface Gi1/0/1 details"),
            "show authentication sessions interface gi1/0/1 details"
        );
    }

    #[test]
    fn do_and_pipes() {
        assert_eq!(key("do show version"), "show version");
        let c = canonicalize("show version | no-more").unwrap();
        assert_eq!((c.key.as_str(), c.filtered), ("show version", false));
        let c = canonicalize("show running-config | begin interface").unwrap();
        assert_eq!((c.key.as_str(), c.filtered), ("show running-config", true));
        let c = canonicalize("show run | exclude Building").unwrap();
        assert!(c.filtered);
        assert_eq!(
            key("show configuration | display set"),
            "show configuration | display set"
        );
        assert_eq!(
            key("show configuration | display set | no-more"),
            "show configuration | display set"
        );
    }

    #[test]
    fn eos_spellings() {
        assert_eq!(key("sh dot1x host"), "show dot1x hosts");
        assert_eq!(key("show dot1x hosts | no-more"), "show dot1x hosts");
        assert_eq!(key("sh dot1x all br"), "show dot1x all brief");
        assert_eq!(key("show dot1x sess all"), "show dot1x sessions all");
        assert_eq!(key("sh int st | no-more"), "show interfaces status");
        assert_eq!(key("sh span | no-more"), "show spanning-tree");
    }

    #[test]
    fn junos_and_pan_os_commands() {
        assert_eq!(key("run show interfaces terse"), "show interfaces terse");
        assert_eq!(key("show dot1x int"), "show dot1x interface");
        assert_eq!(
            key("show dot1x interface brief"),
            "show dot1x interface brief"
        );
        assert_eq!(key("sh spann int"), "show spanning-tree interface");
        assert_eq!(
            key("show spanning-tree bridge"),
            "show spanning-tree bridge"
        );
        assert_eq!(key("show system uptime"), "show system uptime");
        assert_eq!(key("show system info"), "show system info");
        assert_eq!(key("show interface all"), "show interfaces all");
        assert_eq!(key("show eth table"), "show ethernet-switching table");
        assert_eq!(key("show chassis hardware"), "show chassis hardware");
        assert_eq!(key("show routing route"), "show routing route");
        // Cisco's per-interface spanning-tree query keeps its extra words.
        assert_eq!(
            key("show spanning-tree interface Gi1/0/1"),
            "show spanning-tree interface gi1/0/1"
        );
    }

    #[test]
    fn not_show_commands() {
        for s in [
            "terminal length 0",
            "conf t",
            "enable",
            "s",
            "",
            "do",
            "exit",
            "skip-page",
        ] {
            assert!(canonicalize(s).is_none(), "{s}");
        }
    }
}
