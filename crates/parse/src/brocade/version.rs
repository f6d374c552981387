//! `show version`: model, software version, serial number and uptime.
//!
//! A FastIron stack prints one software section per unit (`UNIT 2: compiled
//! on ...` then `SW: Version ...`), one hardware section per unit and slot
//! (`UNIT 2: SL 1: ICX7450-48P POE 48-port Management Module` then
//! `Serial  #: ...`), one `STACKID N  system uptime is ...` line per unit,
//! and names the unit the CLI runs on (the active controller) in
//! `My stack unit ID = 1, bootup role = active`. Per-unit facts are taken
//! from that unit, else from the first unit printed.

use crate::table::{find_ci, starts_with_ci, tokens};
use crate::trim::TrimExt;

/// Device facts read from `show version`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionFacts<'a> {
    /// Model from the `HW:` line without the `Stackable` word or a
    /// parenthesised note: `HW: Stackable ICX7450-48P` gives `ICX7450-48P`.
    pub model: Option<&'a str>,
    /// `SW: Version X` of the active unit (else the first printed).
    pub version: Option<&'a str>,
    /// `Serial #:` of the active unit's management module (slot 1), else the
    /// first serial printed.
    pub serial: Option<&'a str>,
    /// Uptime as printed after `uptime is` on the active unit's `STACKID`
    /// line, else on the first line that has it.
    pub uptime: Option<&'a str>,
    /// The unit of `My stack unit ID = N`.
    pub active_unit: Option<u32>,
}

/// A hardware section: unit and slot (`UNIT 2: SL 1:` is `(2, Some(1))`).
type UnitSlot = (u32, Option<u32>);

/// `UNIT 2: ...` → (2, text after the colon).
fn unit_line(t: &str) -> Option<(u32, &str)> {
    let rest = t.strip_prefix("UNIT ")?;
    let colon = rest.find(':')?;
    let unit = rest[..colon].trim_ws().parse().ok()?;
    Some((unit, &rest[colon + 1..]))
}

/// The slot of a hardware section header's remainder ` SL 1: ...`.
fn slot_of(rest: &str) -> Option<u32> {
    let r = rest.trim_ws_start().strip_prefix("SL")?;
    let colon = r.find(':')?;
    r[..colon].trim_ws().parse().ok()
}

/// The value of `Serial  #: X` / `Serial #:X` (any spacing).
fn serial_value(t: &str) -> Option<&str> {
    if !starts_with_ci(t, "serial") {
        return None;
    }
    let r = t["serial".len()..].trim_ws_start().strip_prefix('#')?;
    let r = r.trim_ws_start().strip_prefix(':')?;
    tokens(r).next().map(|t| t.text)
}

/// The model in `HW: Stackable ICX7450-48P` or
/// `HW: Stackable FCX648S-HPOE-PREM (PROM-TYPE FCX-ADV-U)`.
fn model_value(t: &str) -> Option<&str> {
    let mut r = t.strip_prefix("HW:")?.trim_ws_start();
    if starts_with_ci(r, "stackable ") {
        r = r["stackable ".len()..].trim_ws_start();
    }
    if let Some(paren) = r.find(" (") {
        r = &r[..paren];
    }
    let r = r.trim_ws();
    (!r.is_empty()).then_some(r)
}

/// `My stack unit ID = 1, bootup role = active` → 1.
fn active_unit(t: &str) -> Option<u32> {
    let r = t.strip_prefix("My stack unit ID")?.trim_ws_start();
    let r = r.strip_prefix('=')?.trim_ws_start();
    let end = r
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(r.len());
    r[..end].parse().ok()
}

/// The uptime on a line and the `STACKID` it belongs to, if any.
fn uptime_value(t: &str) -> Option<(Option<u32>, &str)> {
    let at = find_ci(t, "uptime is ")?;
    let value = t[at + "uptime is ".len()..].trim_ws();
    if value.is_empty() {
        return None;
    }
    let mut w = tokens(t).map(|t| t.text);
    let unit = match (w.next(), w.next()) {
        (Some("STACKID"), Some(n)) => n.parse().ok(),
        _ => None,
    };
    Some((unit, value))
}

/// Reads `show version`.
pub fn parse_version<'a>(lines: &[&'a str]) -> VersionFacts<'a> {
    let mut facts = VersionFacts::default();
    // (unit, value) candidates, in output order.
    let mut versions: Vec<(Option<u32>, &'a str)> = Vec::new();
    let mut serials: Vec<(Option<UnitSlot>, &'a str)> = Vec::new();
    let mut uptimes: Vec<(Option<u32>, &'a str)> = Vec::new();
    let mut sw_unit: Option<u32> = None;
    let mut hw_unit: Option<UnitSlot> = None;
    for &line in lines {
        let t = line.trim_ws();
        if let Some((unit, rest)) = unit_line(t) {
            match slot_of(rest) {
                Some(slot) => hw_unit = Some((unit, Some(slot))),
                None if find_ci(rest, "compiled").is_some() => sw_unit = Some(unit),
                None => hw_unit = Some((unit, None)),
            }
            continue;
        }
        if let Some(v) = t.strip_prefix("SW: Version ") {
            if let Some(v) = tokens(v).next() {
                versions.push((sw_unit, v.text));
            }
        } else if let Some(m) = model_value(t) {
            facts.model.get_or_insert(m);
        } else if let Some(s) = serial_value(t) {
            serials.push((hw_unit, s));
        } else if let Some(u) = active_unit(t) {
            facts.active_unit.get_or_insert(u);
        } else if let Some(u) = uptime_value(t) {
            uptimes.push(u);
        }
    }
    let active = facts.active_unit;
    let pick = |c: &[(Option<u32>, &'a str)]| {
        c.iter()
            .find(|(u, _)| active.is_some() && *u == active)
            .or(c.first())
            .map(|(_, v)| *v)
    };
    facts.version = pick(&versions);
    facts.uptime = pick(&uptimes);
    facts.serial = serials
        .iter()
        .find(|(u, _)| active.is_some() && *u == active.map(|a| (a, Some(1))))
        .or(serials.first())
        .map(|(_, v)| *v);
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    const ICX: &str = "\
  Copyright (c) Ruckus Networks, Inc. All rights reserved.
    UNIT 1: compiled on Feb 18 2021 at 05:20:24 labeled as SPR08095f
      (33554432 bytes) from Primary SPR08095f.bin (UFI)
        SW: Version 08.0.95fT213
    UNIT 2: compiled on Feb 18 2021 at 05:20:24 labeled as SPR08095e
      (33554432 bytes) from Primary SPR08095e.bin (UFI)
        SW: Version 08.0.95eT213
  Compressed Primary Boot Code size = 786944, Version:10.1.18T215 (spz10118)
  HW: Stackable ICX7450-48P
==========================================================================
UNIT 1: SL 1: ICX7450-48P POE 48-port Management Module
         Serial  #:CYS3333K006
         Current License: l3-prem-8X10G
==========================================================================
UNIT 1: SL 2: ICX7400-4X10GF 4-port 40G Module
         Serial  #:CYS3333N019
==========================================================================
UNIT 2: SL 1: ICX7450-48P POE 48-port Management Module
         Serial  #: CYS3344K101
==========================================================================
 1000 MHz ARM processor ARMv7 88 MHz bus
STACKID 1  system uptime is 31 day(s) 4 hour(s) 6 minute(s) 42 second(s)
STACKID 2  system uptime is 31 day(s) 4 hour(s) 5 minute(s) 55 second(s)
The system started at 07:07:27 GMT+00 Mon Jan 08 2018

The system : started=warm start   reloaded=by \"reload\"
My stack unit ID = 2, bootup role = active
";

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    #[test]
    fn stack_facts_come_from_the_active_unit() {
        let l = lines(ICX);
        let v = parse_version(&l);
        assert_eq!(v.model, Some("ICX7450-48P"));
        assert_eq!(v.active_unit, Some(2));
        assert_eq!(v.version, Some("08.0.95eT213"));
        assert_eq!(v.serial, Some("CYS3344K101"));
        assert_eq!(
            v.uptime,
            Some("31 day(s) 4 hour(s) 5 minute(s) 55 second(s)")
        );
    }

    #[test]
    fn without_an_active_unit_the_first_printed_wins() {
        let text = ICX.replace("My stack unit ID = 2, bootup role = active", "");
        let l = lines(&text);
        let v = parse_version(&l);
        assert_eq!(v.active_unit, None);
        assert_eq!(v.version, Some("08.0.95fT213"));
        assert_eq!(v.serial, Some("CYS3333K006"));
        assert_eq!(
            v.uptime,
            Some("31 day(s) 4 hour(s) 6 minute(s) 42 second(s)")
        );
    }

    #[test]
    fn fcx_7x_forms() {
        let l = lines(
            "Copyright (c) 1996-2015 Brocade Communications Systems, Inc. All rights reserved.\n\
             UNIT 1: compiled on Jun 28 2011 at 18:39:17 labeled as FCXR07302e\n\
             (6672961 bytes) from Primary FCXR07302e.bin\n\
             SW: Version 07.3.00eT7f3\n\
             Boot-Monitor Image size = 369292, Version:07.1.00T7f5 (grz07100)\n\
             HW: Stackable FCX648S-HPOE-PREM (PROM-TYPE FCX-ADV-U)\n\
             UNIT 1: SL 1: FCX-48GS POE 48-port Management Module\n\
             Serial #: BCY2219G0VY\n\
             The system uptime is 18 days 7 hours 45 minutes 12 seconds\n\
             The system : started=cold start",
        );
        let v = parse_version(&l);
        assert_eq!(v.model, Some("FCX648S-HPOE-PREM"));
        assert_eq!(v.version, Some("07.3.00eT7f3"));
        assert_eq!(v.serial, Some("BCY2219G0VY"));
        assert_eq!(v.uptime, Some("18 days 7 hours 45 minutes 12 seconds"));
    }

    #[test]
    fn odd_and_empty_input() {
        assert_eq!(parse_version(&[]), VersionFacts::default());
        let l =
            lines("HW:\nSerial #:\nSW: Version\nMy stack unit ID = x\nUNIT x: SL 1:\nuptime is ");
        assert_eq!(parse_version(&l), VersionFacts::default());
        assert_eq!(model_value("HW: Stackable"), Some("Stackable"));
        assert_eq!(
            model_value("HW: ICX7150-48P-4X1G"),
            Some("ICX7150-48P-4X1G")
        );
    }
}
