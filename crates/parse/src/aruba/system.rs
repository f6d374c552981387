//! Device identity: `show system`, `show version` and `show modules`.
//!
//! AOS-S prints `show system` in two columns (`Software revision  : X
//! Base MAC Addr      : Y`), AOS-CX in one (`Product Name : X`); both are
//! read with one label lookup that stops a left-column value where the
//! right-column label begins. AOS-S has no model line in `show system`:
//! the model is the SNMP system description phrase (`Aruba JL256A
//! 2930F-48G-PoE+-4SFP+`) wherever the capture shows one, else the
//! `Chassis:` line of `show modules`, rewritten into the same order.

use crate::trim::TrimExt;
use std::borrow::Cow;

use crate::table::{find_ci, starts_with_ci, tokens};

/// Facts from `show system` (AOS-S or AOS-CX).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SystemInfo<'a> {
    /// `System Name` (AOS-S) or `Hostname` (AOS-CX).
    pub name: Option<&'a str>,
    /// `System Location`.
    pub location: Option<&'a str>,
    /// AOS-S `Software revision`, e.g. `WC.16.10.0012`.
    pub software_revision: Option<&'a str>,
    /// AOS-CX `ArubaOS-CX Version`, e.g. `FL.10.10.1000`.
    pub cx_version: Option<&'a str>,
    /// AOS-CX `Product Name`, e.g. `JL659A 6300M 48SR5 CL6 PoE 4SFP56 Swch`.
    pub product_name: Option<&'a str>,
    /// A system description phrase (`Aruba JL256A 2930F-48G-PoE+-4SFP+`),
    /// when one is printed.
    pub description_model: Option<&'a str>,
    /// `Serial Number` (AOS-S; the first member's on a stack) or
    /// `Chassis Serial Nbr` (AOS-CX).
    pub serial: Option<&'a str>,
    /// `Up Time` as printed (`127 days`, `3 weeks, 2 days, 4 hours`).
    pub uptime: Option<&'a str>,
    /// `Base MAC Addr` / `Base MAC Address`.
    pub base_mac: Option<&'a str>,
}

/// Facts from `show version`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionInfo<'a> {
    /// AOS-CX `Version : FL.10.10.1000`, else the AOS-S image revision
    /// printed on its own line under `Image stamp:`.
    pub version: Option<&'a str>,
    /// True when the output names ArubaOS-CX.
    pub cx: bool,
    /// A system description phrase, when one is printed.
    pub description_model: Option<&'a str>,
}

/// Facts from the `Chassis:` line of AOS-S `show modules`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChassisInfo<'a> {
    /// The chassis in system-description order: `Aruba JL256A
    /// 2930F-48G-PoE+-4SFP+` from `Chassis: Aruba 2930F-48G-PoE+-4SFP+
    /// JL256A`, `J9727A 2920-24G-PoE+` from `Chassis: 2920-24G-PoE+  J9727A`.
    pub model: Option<Cow<'a, str>>,
    /// `Serial Number:` on the same line.
    pub serial: Option<&'a str>,
}

/// The value of `label` on a `Label : value` line whose label starts the
/// line or follows two spaces (the right column of AOS-S's two-column
/// layout). The value is trimmed and stops where another `Label :` begins.
///
/// ```
/// use statetrace_parse::aruba::column_value;
/// let l = "  Software revision  : WC.16.10.0012        Base MAC Addr      : 9c8c6e-a1b2c0";
/// assert_eq!(column_value(l, "software revision"), Some("WC.16.10.0012"));
/// assert_eq!(column_value(l, "base mac addr"), Some("9c8c6e-a1b2c0"));
/// assert_eq!(column_value(l, "mac addr"), None);
/// ```
pub fn column_value<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let first = label.split_ascii_whitespace().next()?;
    let bytes = line.as_bytes();
    let mut from = 0;
    while let Some(off) = find_ci(&line[from..], first) {
        let at = from + off;
        from = at + 1;
        let before = &bytes[..at];
        let boundary = before.iter().all(u8::is_ascii_whitespace) || before.ends_with(b"  ");
        if !boundary {
            continue;
        }
        if let Some(value) = after_label(&line[at..], label) {
            return Some(value);
        }
    }
    None
}

/// Where a label may start on `line`: offsets of a letter that opens the
/// line's text or follows two spaces, which is where [`column_value`]
/// accepts a label (its labels start with letters). `None` when there
/// are more than the array holds.
fn label_starts(line: &str) -> Option<LabelStarts> {
    let bytes = line.as_bytes();
    let mut out = LabelStarts {
        at: [0; MAX_LABELS],
        len: 0,
    };
    for t in tokens(line) {
        let i = t.start;
        if !bytes[i].is_ascii_alphabetic() {
            continue;
        }
        let before = &bytes[..i];
        if before.ends_with(b"  ") || before.iter().all(u8::is_ascii_whitespace) {
            *out.at.get_mut(out.len)? = i;
            out.len += 1;
        }
    }
    Some(out)
}

/// Most label starts [`label_starts`] keeps for one line.
const MAX_LABELS: usize = 8;

/// The offsets [`label_starts`] found, ascending.
struct LabelStarts {
    at: [usize; MAX_LABELS],
    len: usize,
}

/// [`column_value`] with the line's label starts found once, for many
/// labels (they must start with a letter): the candidates are the same
/// offsets in the same order, so the value is the same, without a
/// case-insensitive search of the whole line per label.
fn column_value_at<'a>(line: &'a str, starts: &LabelStarts, label: &str) -> Option<&'a str> {
    let lead = *label.as_bytes().first()?;
    if !lead.is_ascii_alphabetic() {
        return column_value(line, label);
    }
    // Most labels are not on a given line: their first letter rules the
    // candidates out before the label is taken apart.
    let bytes = line.as_bytes();
    let mut candidates = starts.at[..starts.len]
        .iter()
        .filter(|&&at| bytes[at].eq_ignore_ascii_case(&lead))
        .peekable();
    candidates.peek()?;
    let first = label.split_ascii_whitespace().next()?;
    candidates.find_map(|&at| {
        let rest = &line[at..];
        if starts_with_ci(rest, first) {
            after_label(rest, label)
        } else {
            None
        }
    })
}

/// The value after `label` and its colon at the start of `s`, cut before
/// a following `Label :`.
fn after_label<'a>(s: &'a str, label: &str) -> Option<&'a str> {
    let mut rest = s;
    for word in label.split_ascii_whitespace() {
        if !starts_with_ci(rest, word) {
            return None;
        }
        rest = &rest[word.len()..];
        match rest.bytes().next() {
            Some(b) if b.is_ascii_whitespace() || b == b':' => {}
            _ => return None,
        }
        rest = rest.trim_ws_start();
    }
    let value = rest.strip_prefix(':')?;
    // A run of two spaces followed by ` :` further on starts the right column.
    let mut end = value.len();
    let vb = value.as_bytes();
    let mut i = 0;
    while i + 1 < vb.len() {
        if vb[i] == b' '
            && vb[i + 1] == b' '
            && value[i..].contains(" :")
            && !value[..i].trim_ws().is_empty()
        {
            end = i;
            break;
        }
        i += 1;
    }
    let v = value[..end].trim_ws();
    (!v.is_empty()).then_some(v)
}

/// Brand words that open a system description.
const BRANDS: &[&str] = &["Aruba", "HPE", "HP", "ProCurve", "Hewlett-Packard"];

/// True when `line` holds one of the [`BRANDS`]. They all start with `A`,
/// `H` or `P`: one search for those letters, each hit checked in place,
/// instead of a substring search per brand over every line.
fn names_brand(line: &str) -> bool {
    let b = line.as_bytes();
    memchr::memchr3_iter(b'A', b'H', b'P', b).any(|i| {
        BRANDS
            .iter()
            .any(|brand| b[i..].starts_with(brand.as_bytes()))
    })
}

/// True for an HP/Aruba part number: `J9729A`, `JL256A`, `J4813A`.
fn is_part_number(s: &str) -> bool {
    let b = s.as_bytes();
    (5..=7).contains(&b.len())
        && b[0] == b'J'
        && b.iter().all(u8::is_ascii_alphanumeric)
        && b.iter().filter(|c| c.is_ascii_digit()).count() >= 3
        && b[b.len() - 1].is_ascii_alphabetic()
}

/// The product phrase of an HP/Aruba system description on `line`:
/// brand, part number and model name, as printed, e.g. `Aruba JL256A
/// 2930F-48G-PoE+-4SFP+` from `Aruba JL256A 2930F-48G-PoE+-4SFP+ Switch,
/// revision WC.16.10.0012`. Older descriptions put words between the part
/// number and the name (`HP J9019B ProCurve Switch 2510-24`); they are kept.
///
/// ```
/// use statetrace_parse::aruba::description_model;
/// assert_eq!(
///     description_model("  System Description : Aruba JL256A 2930F-48G-PoE+-4SFP+ Switch, revision WC.16...."),
///     Some("Aruba JL256A 2930F-48G-PoE+-4SFP+")
/// );
/// assert_eq!(description_model("Aruba JL083A 4p 10GbE SFP+ Module"), None);
/// ```
pub fn description_model(line: &str) -> Option<&str> {
    // Most lines name no brand: skip them before tokenising.
    if !names_brand(line) {
        return None;
    }
    let toks: Vec<_> = tokens(line).take(64).collect();
    for (i, t) in toks.iter().enumerate() {
        if !BRANDS.contains(&t.text) {
            continue;
        }
        if !toks.get(i + 1).is_some_and(|p| is_part_number(p.text)) {
            continue;
        }
        // The name: the next word with a digit, skipping `ProCurve`/`Switch`.
        let mut j = i + 2;
        while toks
            .get(j)
            .is_some_and(|w| w.text == "ProCurve" || w.text == "Switch")
        {
            j += 1;
        }
        let name = toks.get(j)?;
        let text = name.text.trim_end_matches(',');
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        // A module or transceiver line names its kind after the name.
        let next = toks.get(j + 1).map(|w| w.text.trim_end_matches(','));
        if next.is_some_and(|w| {
            [
                "Module",
                "Transceiver",
                "Stacking",
                "Port",
                "SFP+",
                "10GbE",
                "module",
            ]
            .contains(&w)
        }) {
            return None;
        }
        return Some(&line[t.start..name.start + text.len()]);
    }
    None
}

/// Reads `show system` (AOS-S or AOS-CX). Every field is its first
/// occurrence, so a stack's first member (the commander) wins.
pub fn parse_system<'a>(lines: &[&'a str]) -> SystemInfo<'a> {
    let mut s = SystemInfo::default();
    for &line in lines {
        if !line.contains(':') {
            continue;
        }
        let starts = label_starts(line);
        let set = |slot: &mut Option<&'a str>, label: &str| {
            if slot.is_none() {
                *slot = match &starts {
                    Some(starts) => column_value_at(line, starts, label),
                    None => column_value(line, label),
                };
            }
        };
        set(&mut s.name, "system name");
        set(&mut s.name, "hostname");
        set(&mut s.location, "system location");
        set(&mut s.software_revision, "software revision");
        set(&mut s.cx_version, "arubaos-cx version");
        set(&mut s.product_name, "product name");
        set(&mut s.serial, "serial number");
        set(&mut s.serial, "chassis serial nbr");
        set(&mut s.uptime, "up time");
        set(&mut s.base_mac, "base mac addr");
        set(&mut s.base_mac, "base mac address");
        if s.description_model.is_none() {
            s.description_model = description_model(line);
        }
    }
    s
}

/// True for a software revision such as `WC.16.10.0012`, `K.15.18.0013`,
/// `FL.10.10.1000` or `Virtual.10.10.1181`: letters, then at least two
/// dot-separated numbers.
pub fn is_revision(s: &str) -> bool {
    let mut parts = s.split('.');
    let Some(head) = parts.next() else {
        return false;
    };
    let mut numbers = 0;
    for p in parts {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        numbers += 1;
    }
    (1..=8).contains(&head.len()) && head.bytes().all(|b| b.is_ascii_alphabetic()) && numbers >= 2
}

/// Reads `show version`: AOS-CX's `Version : X`, or the AOS-S image
/// revision, which stands alone on a line of the `Image stamp:` block (the
/// `Boot ROM Version:` line is the boot loader, not the software).
pub fn parse_version<'a>(lines: &[&'a str]) -> VersionInfo<'a> {
    let mut v = VersionInfo::default();
    let mut labelled = None;
    let mut bare = None;
    for &line in lines {
        if !v.cx && line.contains("ArubaOS-CX") {
            v.cx = true;
        }
        if labelled.is_none() {
            labelled = column_value(line, "version").filter(|x| is_revision(x));
        }
        if bare.is_none() {
            let t = line.trim_ws();
            let single = tokens(t).nth(1).is_none();
            if single && is_revision(t) {
                bare = Some(t);
            }
        }
        if v.description_model.is_none() {
            v.description_model = description_model(line);
        }
    }
    v.version = labelled.or(bare);
    v
}

/// Reads the `Chassis:` line of AOS-S `show modules`.
pub fn parse_modules<'a>(lines: &[&'a str]) -> ChassisInfo<'a> {
    for &line in lines {
        let t = line.trim_ws_start();
        let Some(rest) = t.strip_prefix("Chassis:") else {
            continue;
        };
        // The chassis words end where `Serial Number:` begins.
        let (words, serial) = match find_ci(rest, "serial number") {
            Some(i) => (&rest[..i], after_label(&rest[i..], "serial number")),
            None => (rest, None),
        };
        let toks: Vec<&str> = tokens(words).map(|t| t.text).take(8).collect();
        let part = toks.iter().position(|w| is_part_number(w));
        let model = match part {
            Some(p) => {
                let brand = toks.first().filter(|w| BRANDS.contains(w) && p > 0);
                let name_words: Vec<&str> = toks
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != p && !(brand.is_some() && *i == 0))
                    .map(|(_, w)| *w)
                    .collect();
                let mut m = String::new();
                if let Some(b) = brand {
                    m.push_str(b);
                    m.push(' ');
                }
                m.push_str(toks[p]);
                for w in name_words {
                    m.push(' ');
                    m.push_str(w);
                }
                Some(Cow::Owned(m))
            }
            None => {
                let w = words.trim_ws();
                (!w.is_empty()).then_some(Cow::Borrowed(w))
            }
        };
        return ChassisInfo { model, serial };
    }
    ChassisInfo::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    const AOS_S: &str = "
 Status and Counters - General System Information

  System Name        : MDSN-B02-AS-01
  System Contact     : netops@example.com
  System Location    : Bldg 2  Floor 1

  MAC Age Time (sec) : 300

  Software revision  : WC.16.10.0012        Base MAC Addr      : 9c8cd8-12ab40
  ROM Version        : WC.16.01.0008        Serial Number      : CN12KMP0ZQ

  Up Time            : 127 days             Memory   - Total   : 339,480,576
  CPU Util (%)       : 3                               Free    : 191,654,392
";

    #[test]
    fn aos_s_two_columns() {
        let s = parse_system(&lines(AOS_S));
        assert_eq!(s.name, Some("MDSN-B02-AS-01"));
        assert_eq!(s.location, Some("Bldg 2  Floor 1"));
        assert_eq!(s.software_revision, Some("WC.16.10.0012"));
        assert_eq!(s.serial, Some("CN12KMP0ZQ"));
        assert_eq!(s.uptime, Some("127 days"));
        assert_eq!(s.base_mac, Some("9c8cd8-12ab40"));
        assert_eq!((s.product_name, s.cx_version), (None, None));
    }

    #[test]
    fn cx_one_column() {
        let s = parse_system(&lines(
            "Hostname                        : MDSN-B03-AS-02
System Description              : FL.10.10.1000
System Contact                  :
System Location                 : Bldg_3_Floor_1
Vendor                          : Aruba
Product Name                    : JL659A 6300M 48SR5 CL6 PoE 4SFP56 Swch
Chassis Serial Nbr              : SG0ZKP1234
Base MAC Address                : 883a30-9b2c00
ArubaOS-CX Version              : FL.10.10.1000
Up Time                         : 3 weeks, 2 days, 4 hours, 19 minutes",
        ));
        assert_eq!(s.name, Some("MDSN-B03-AS-02"));
        assert_eq!(
            s.product_name,
            Some("JL659A 6300M 48SR5 CL6 PoE 4SFP56 Swch")
        );
        assert_eq!(s.serial, Some("SG0ZKP1234"));
        assert_eq!(s.cx_version, Some("FL.10.10.1000"));
        assert_eq!(s.uptime, Some("3 weeks, 2 days, 4 hours, 19 minutes"));
        assert_eq!(s.base_mac, Some("883a30-9b2c00"));
        assert_eq!(s.location, Some("Bldg_3_Floor_1"));
    }

    #[test]
    fn labels_need_a_boundary_and_a_colon() {
        assert_eq!(column_value("  XSystem Name : a", "system name"), None);
        assert_eq!(column_value("  System Names : a", "system name"), None);
        assert_eq!(column_value("  System Name a", "system name"), None);
        assert_eq!(column_value("  System Name :   ", "system name"), None);
        assert_eq!(
            column_value("Up Time : 45 days, 12:30:45", "up time"),
            Some("45 days, 12:30:45")
        );
        assert_eq!(column_value("a Up Time : 5", "up time"), None);
        assert_eq!(column_value("", ""), None);
    }

    #[test]
    fn description_phrases() {
        assert_eq!(
            description_model("Vendor Class Id = HP J9727A 2920-24G-PoE+ Switch dslforum.org"),
            Some("HP J9727A 2920-24G-PoE+")
        );
        assert_eq!(
            description_model("HP J9019B ProCurve Switch 2510-24, revision Q.11.17"),
            Some("HP J9019B ProCurve Switch 2510-24")
        );
        assert_eq!(
            description_model("  1      STK      Aruba JL325A 2p Stacking Module     SG9"),
            None
        );
        assert_eq!(description_model("Aruba is great"), None);
        assert_eq!(description_model("Aruba JL256A Switch"), None);
    }

    #[test]
    fn versions() {
        let v = parse_version(&lines(
            "Image stamp:    /ws/swbuildm/rel_venice_qaoff/code/build/tam(swbuildm_rel_venice_qaoff_rel_venice)
                Mar 29 2021 10:29:25
                WC.16.10.0012
                2100
Boot Image:     Primary

Boot ROM Version:    WC.17.02.0006
Active Boot ROM:     Primary",
        ));
        assert_eq!(v.version, Some("WC.16.10.0012"));
        assert!(!v.cx);
        let v = parse_version(&lines(
            "-----------------------------------------------------------------------------
ArubaOS-CX
(c) Copyright 2017-2022 Hewlett Packard Enterprise Development LP
-----------------------------------------------------------------------------
Version      : FL.10.10.1000
Build Date   : 2022-06-27 10:44:49 PDT
Build ID     : ArubaOS-CX:FL.10.10.1000:9b9ea8d7d6f8:202206271704
Service OS Version : FL.01.10.0002",
        ));
        assert_eq!(v.version, Some("FL.10.10.1000"));
        assert!(v.cx);
        assert!(is_revision("K.15.18.0013"));
        assert!(is_revision("Virtual.10.10.1181"));
        assert!(!is_revision("16.10"));
        assert!(!is_revision("WC.16"));
        assert!(!is_revision("WC.16.x.1"));
        assert_eq!(parse_version(&[]), VersionInfo::default());
    }

    #[test]
    fn chassis_lines() {
        let c = parse_modules(&lines(
            "\n Status and Counters - Module Information\n\n  Chassis: Aruba 2930F-48G-PoE+-4SFP+ JL256A         Serial Number:   CN12KMP0ZQ\n",
        ));
        assert_eq!(
            c.model.as_deref(),
            Some("Aruba JL256A 2930F-48G-PoE+-4SFP+")
        );
        assert_eq!(c.serial, Some("CN12KMP0ZQ"));
        let c = parse_modules(&lines(
            "  Chassis: 2920-24G-PoE+  J9727A         Serial Number:   SG35FLX0QV",
        ));
        assert_eq!(c.model.as_deref(), Some("J9727A 2920-24G-PoE+"));
        let c = parse_modules(&lines("  Chassis: Mystery Box"));
        assert_eq!((c.model.as_deref(), c.serial), (Some("Mystery Box"), None));
        assert_eq!(parse_modules(&lines("Chassis:   ")), ChassisInfo::default());
        assert_eq!(parse_modules(&[]), ChassisInfo::default());
    }

    proptest::proptest! {
        /// Label starts found once give what a search per label gives.
        #[test]
        fn column_values_agree_with_a_search_per_label(
            pieces in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just("System Name"),
                proptest::strategy::Just("system  name"),
                proptest::strategy::Just("Up Time"),
                proptest::strategy::Just("up"),
                proptest::strategy::Just(" : "),
                proptest::strategy::Just(":"),
                proptest::strategy::Just("  "),
                proptest::strategy::Just(" "),
                proptest::strategy::Just("\t"),
                proptest::strategy::Just("\u{b}"),
                proptest::strategy::Just("é"),
                proptest::strategy::Just("Serial Number"),
                proptest::strategy::Just("Base MAC Addr"),
                proptest::strategy::Just("x"),
                proptest::strategy::Just("9c8c"),
                proptest::strategy::Just("Aruba"),
                proptest::strategy::Just("HP"),
                proptest::strategy::Just("Pro"),
                proptest::strategy::Just("Curve"),
            ], 0..16),
        ) {
            let line = pieces.concat();
            for label in ["system name", "up time", "serial number", "base mac addr", "hostname"] {
                let fast = label_starts(&line).and_then(|s| column_value_at(&line, &s, label));
                let fast = match label_starts(&line) {
                    Some(_) => fast,
                    None => column_value(&line, label),
                };
                proptest::prop_assert_eq!(fast, column_value(&line, label));
            }
            let brands = BRANDS.iter().any(|b| line.contains(b));
            proptest::prop_assert_eq!(names_brand(&line), brands);
        }
    }
}
