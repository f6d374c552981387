//! `show version`, `show chassis hardware` and `show system uptime`: the
//! device's identity.
//!
//! Junos prints `show version` either bare (`Hostname:` / `Model:` /
//! `Junos:` then package lines) or, on Virtual Chassis capable switches and
//! dual-RE systems, once per member under an `fpc0:` / `re0:` heading and a
//! rule of dashes. Every field is the first match, so a multi-member output
//! describes its first member, as the other vendors' parsers do.

use crate::table::{labelled_value, starts_with_ci, tokenize_into, tokens};
use crate::trim::TrimExt;

/// Device facts read from `show version`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionFacts<'a> {
    /// `Hostname: X`.
    pub hostname: Option<&'a str>,
    /// `Model: X`, as printed (Junos prints it in lower case, `ex4300-48p`).
    pub model: Option<&'a str>,
    /// `Junos: X`; before Junos 15 (no such line) the bracketed version of
    /// the first `JUNOS ... Software Suite [X]` line, else of
    /// `JUNOS Base OS boot [X]`.
    pub version: Option<&'a str>,
}

/// The text inside the first `[...]` of a line.
fn bracketed(line: &str) -> Option<&str> {
    let open = line.find('[')?;
    let close = open + line[open..].find(']')?;
    let v = line[open + 1..close].trim_ws();
    (!v.is_empty()).then_some(v)
}

/// Reads `show version`.
pub fn parse_version<'a>(lines: &[&'a str]) -> VersionFacts<'a> {
    let mut facts = VersionFacts::default();
    let mut suite = None;
    let mut base_os = None;
    for &line in lines {
        let t = line.trim_ws_start();
        if facts.hostname.is_none() {
            facts.hostname = labelled_value(t, "hostname");
        }
        if facts.model.is_none() {
            facts.model = labelled_value(t, "model");
        }
        if facts.version.is_none() && t.starts_with("Junos") {
            facts.version = labelled_value(t, "junos");
        }
        if t.starts_with("JUNOS") {
            if suite.is_none() && t.contains("Software Suite") {
                suite = bracketed(t);
            }
            if base_os.is_none() && starts_with_ci(t, "JUNOS Base OS") {
                base_os = bracketed(t);
            }
        }
    }
    facts.version = facts.version.or(suite).or(base_os);
    facts
}

/// The chassis serial number from `show chassis hardware`: the Serial
/// number cell of the first `Chassis` row (the whole system, or the Virtual
/// Chassis). The cell is found under the header's `Serial number` column;
/// without a header, the `Chassis` row's second word.
pub fn parse_chassis_serial<'a>(lines: &[&'a str]) -> Option<&'a str> {
    let mut columns: Option<(usize, usize)> = None; // (serial, description)
    let mut toks = Vec::new();
    for &line in lines {
        tokenize_into(line, &mut toks);
        let Some(first) = toks.first() else { continue };
        if first.text == "Item" {
            let at = |w: &str| toks.iter().find(|t| t.text == w).map(|t| t.start);
            if let (Some(s), Some(d)) = (at("Serial"), at("Description")) {
                columns = Some((s, d));
            }
            continue;
        }
        if first.text != "Chassis" || toks.len() < 3 {
            continue;
        }
        let found = match columns {
            Some((serial, description)) => toks[1..]
                .iter()
                .find(|t| t.start >= serial && t.start < description)
                .map(|t| t.text),
            None => Some(toks[1].text),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The uptime from `show system uptime`: the text in the parentheses of
/// `System booted: 2024-01-08 09:12:44 UTC (8w2d 04:17 ago)`, without
/// `ago` (`8w2d 04:17`). A Virtual Chassis prints one section per member;
/// the first wins.
pub fn parse_uptime<'a>(lines: &[&'a str]) -> Option<&'a str> {
    lines.iter().find_map(|line| {
        let t = line.trim_ws_start();
        if !starts_with_ci(t, "System booted:") {
            return None;
        }
        let open = t.find('(')?;
        let close = open + t[open..].find(')')?;
        let inner = t[open + 1..close].trim_ws();
        let inner = inner.strip_suffix("ago").unwrap_or(inner).trim_ws_end();
        (!inner.is_empty() && tokens(inner).next().is_some()).then_some(inner)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    #[test]
    fn els_virtual_chassis_format_takes_the_first_member() {
        let l = lines(
            "fpc0:
--------------------------------------------------------------------------
Hostname: KNOX-C01-AS-01
Model: ex4300-48p
Junos: 21.4R3-S4.9
JUNOS OS Kernel 64-bit  [20230407.b2d6b8a_builder_stable_11-204ab]
JUNOS EX  Software Suite [21.4R3-S4.9]

fpc1:
--------------------------------------------------------------------------
Hostname: KNOX-C01-AS-01
Model: ex4300-48t
Junos: 21.4R3-S4.9
",
        );
        let v = parse_version(&l);
        assert_eq!(v.hostname, Some("KNOX-C01-AS-01"));
        assert_eq!(v.model, Some("ex4300-48p"));
        assert_eq!(v.version, Some("21.4R3-S4.9"));
    }

    #[test]
    fn bare_format() {
        let l = lines("Hostname: EX4300-CORE\nModel: ex4300-48t\nJunos: 21.4R3-S2.3\n");
        let v = parse_version(&l);
        assert_eq!(
            (v.hostname, v.model, v.version),
            (Some("EX4300-CORE"), Some("ex4300-48t"), Some("21.4R3-S2.3"))
        );
    }

    #[test]
    fn old_releases_fall_back_to_package_lines() {
        let l = lines(
            "fpc0:
--------------------------------------------------------------------------
 Hostname: lab
Model: ex4550-32f
JUNOS Base OS boot [12.3R12.4]
JUNOS EX  Software Suite [13.2X51-D35.3]
 JUNOS FIPS mode utilities [13.2X51-D35.3]",
        );
        let v = parse_version(&l);
        assert_eq!(v.hostname, Some("lab"));
        assert_eq!(v.version, Some("13.2X51-D35.3"));
        let l = lines("Model: ex2200-24t-4g\nJUNOS Base OS boot [12.3R12.4]");
        assert_eq!(parse_version(&l).version, Some("12.3R12.4"));
    }

    #[test]
    fn nothing_found_is_none() {
        assert_eq!(parse_version(&[]), VersionFacts::default());
        let l = lines("JUNOS broken [\nJunos:\nModel:   \nJUNOS Software Suite []");
        assert_eq!(parse_version(&l), VersionFacts::default());
    }

    #[test]
    fn chassis_serial_under_its_column() {
        let l = lines(
            "Hardware inventory:
Item             Version  Part number  Serial number     Description
Chassis                                XK3719340123      EX4300-48P
Pseudo CB 0
Routing Engine 0          BUILTIN      BUILTIN           EX4300-48P
FPC 0            REV 21   650-044930   PD3719340456      EX4300-48P",
        );
        assert_eq!(parse_chassis_serial(&l), Some("XK3719340123"));
        assert_eq!(
            parse_chassis_serial(&lines("Chassis    JN11   EX2200")),
            Some("JN11")
        );
        // A Chassis row with no cell under the Serial column has no serial.
        let l = lines(
            "Item             Version  Part number  Serial number     Description\nChassis                                                  Virtual Chassis",
        );
        assert_eq!(parse_chassis_serial(&l), None);
        assert_eq!(parse_chassis_serial(&lines("Chassis\n")), None);
    }

    #[test]
    fn uptime_from_system_booted() {
        let l = lines(
            "fpc0:
--------------------------------------------------------------------------
Current time: 2025-03-04 09:12:44 PST
Time Source:  NTP CLOCK
System booted: 2025-01-06 05:01:12 PST (8w1d 04:11 ago)
Protocols started: 2025-01-06 05:03:40 PST (8w1d 04:09 ago)
 9:12AM  up 57 days,  4:11, 1 user, load averages: 0.31, 0.35, 0.36",
        );
        assert_eq!(parse_uptime(&l), Some("8w1d 04:11"));
        assert_eq!(
            parse_uptime(&lines(
                "System booted: 2025-03-04 09:00:01 PST (00:12:43 ago)"
            )),
            Some("00:12:43")
        );
        assert_eq!(
            parse_uptime(&lines("System booted: 2025-03-04 (ago)")),
            None
        );
        assert_eq!(parse_uptime(&lines("System booted: x (")), None);
    }
}
