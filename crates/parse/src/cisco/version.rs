//! `show version`: model, software version, serial number and uptime.

use crate::table::{labelled_value, starts_with_ci, tokens, uptime};

/// Device facts read from `show version`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionFacts<'a> {
    /// Hardware model: the first `Model Number : X`, else the word after
    /// `cisco` on the `cisco X (...) processor` line.
    pub model: Option<&'a str>,
    /// Software version from the `Cisco IOS [XE] Software` banner line, else
    /// the first `Version X` elsewhere.
    pub version: Option<&'a str>,
    /// `System Serial Number`, else `Processor board ID`.
    pub serial: Option<&'a str>,
    /// Uptime as printed after `uptime is`.
    pub uptime: Option<&'a str>,
}

/// The token after the word `Version` (case-sensitive, as IOS prints it),
/// without a trailing comma; only tokens holding a digit count, so the
/// `SW Version  SW Image` header of the stack table never yields `SW`.
fn version_token(line: &str) -> Option<&str> {
    let mut it = tokens(line).map(|t| t.text);
    while let Some(word) = it.next() {
        if word == "Version" || word == "Version," {
            let v = it.clone().next()?.trim_end_matches(',');
            if v.bytes().any(|b| b.is_ascii_digit()) {
                return Some(v);
            }
        }
    }
    None
}

/// True for the banner line that names the running image, e.g.
/// `Cisco IOS XE Software, Version 17.09.04a` or
/// `Cisco IOS Software, C2960X Software (...), Version 15.2(7)E3, RELEASE`.
fn is_banner(line: &str) -> bool {
    let t = line.trim_start();
    starts_with_ci(t, "Cisco IOS XE Software") || starts_with_ci(t, "Cisco IOS Software")
}

/// The model word of `cisco WS-C3750X-48P (PowerPC405) processor ...`.
fn processor_model(line: &str) -> Option<&str> {
    let mut it = tokens(line).map(|t| t.text);
    if !it.next()?.eq_ignore_ascii_case("cisco") {
        return None;
    }
    let model = it.next()?;
    let paren = it.next()?;
    (paren.starts_with('(') && crate::table::find_ci(line, "processor").is_some()).then_some(model)
}

/// The ID of `Processor board ID FOC1234X0AB` (a trailing comma dropped, as
/// in `Processor board ID FHK102, with hardware revision 0000`).
fn board_id(line: &str) -> Option<&str> {
    let rest = line.trim_start();
    if !starts_with_ci(rest, "Processor board ID ") {
        return None;
    }
    let id = tokens(&rest["Processor board ID ".len()..]).next()?.text;
    let id = id.trim_end_matches(',');
    (!id.is_empty()).then_some(id)
}

/// Reads `show version`. Every field is the first match in the output: a
/// stack prints one block per member after the active switch's, and the
/// active switch is what identifies the device.
pub fn parse_version<'a>(lines: &[&'a str]) -> VersionFacts<'a> {
    let mut model_number = None;
    let mut model_processor = None;
    let mut banner_version = None;
    let mut any_version = None;
    let mut system_serial = None;
    let mut board = None;
    for &line in lines {
        if model_number.is_none() {
            model_number = labelled_value(line, "model number");
        }
        if model_processor.is_none() {
            model_processor = processor_model(line);
        }
        if banner_version.is_none() && is_banner(line) {
            banner_version = version_token(line);
        }
        if any_version.is_none() {
            any_version = version_token(line);
        }
        if system_serial.is_none() {
            system_serial = labelled_value(line, "system serial number");
        }
        if board.is_none() {
            board = board_id(line);
        }
    }
    VersionFacts {
        model: model_number.or(model_processor),
        version: banner_version.or(any_version),
        serial: system_serial.or(board),
        uptime: uptime(lines),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IOS_XE: &str = "\
Cisco IOS XE Software, Version 17.09.04a
Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_LITE_IOSXE), Version 17.9.4a, RELEASE SOFTWARE (fc3)
Technical Support: http://www.cisco.com/techsupport
Copyright (c) 1986-2023 by Cisco Systems, Inc.
BOOTLDR: System Bootstrap, Version 17.8.1r[FC1], RELEASE SOFTWARE (P)

LAB-C9200L-AS-01 uptime is 14 minutes
Uptime for this control processor is 16 minutes
System returned to ROM by Reload Command

cisco C9200L-48PXG-4X (ARM64) processor (revision V01) with 566000K/3071K bytes of memory.
Processor board ID JAE25040XYZ
48 Ethernet interfaces

Base Ethernet MAC Address          : 6c:13:d5:ce:34:80
Motherboard Assembly Number        : 73-18856-04
Motherboard Serial Number          : JAE250400AB
Model Revision Number              : A0
Motherboard Revision Number        : A0
Model Number                       : C9200L-48PXG-4X
System Serial Number               : JAE25040XYZ

Switch Ports Model              SW Version        SW Image              Mode
------ ----- -----              ----------        ----------            ----
*    1 52    C9200L-48PXG-4X    17.09.04a         CAT9K_LITE_IOSXE      INSTALL
";

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    #[test]
    fn ios_xe_first_matches_win_and_version_is_never_sw() {
        let l = lines(IOS_XE);
        let v = parse_version(&l);
        assert_eq!(v.model, Some("C9200L-48PXG-4X"));
        assert_eq!(v.version, Some("17.09.04a"));
        assert_eq!(v.serial, Some("JAE25040XYZ"));
        assert_eq!(v.uptime, Some("14 minutes"));
    }

    #[test]
    fn classic_ios_falls_back_to_processor_line_and_board_id() {
        let l = lines(
            "Cisco IOS Software, C180X Software (C180X-ADVIPSERVICESK9-M), Version 12.4(6)T2, RELEASE SOFTWARE (fc1)\n\
             ROM: System Bootstrap, Version 12.3(8r)YH6, RELEASE SOFTWARE (fc1)\n\
             stud-adsl uptime is 20 weeks, 5 days, 12 hours, 15 minutes\n\
             Cisco 1801 (MPC8500) processor (revision 0x400) with 118784K/12288K bytes of memory.\n\
             Processor board ID FHK102KKKKK, with hardware revision 0000",
        );
        let v = parse_version(&l);
        assert_eq!(v.model, Some("1801"));
        assert_eq!(v.version, Some("12.4(6)T2"));
        assert_eq!(v.serial, Some("FHK102KKKKK"));
        assert_eq!(v.uptime, Some("20 weeks, 5 days, 12 hours, 15 minutes"));
    }

    #[test]
    fn banner_without_comma_after_version() {
        let l = lines(
            "Cisco IOS Software, IOS-XE Software, Catalyst L3 Switch Software (CAT3K_CAA-UNIVERSALK9-M), Version 03.06.05E RELEASE SOFTWARE (fc2)",
        );
        assert_eq!(parse_version(&l).version, Some("03.06.05E"));
    }

    #[test]
    fn fallback_version_skips_stack_header() {
        let l = lines(
            "Switch Ports Model              SW Version        SW Image\n\
             Some Loader, Version 2.1(3), RELEASE",
        );
        assert_eq!(parse_version(&l).version, Some("2.1(3)"));
        assert_eq!(
            parse_version(&lines("Switch Ports Model SW Version SW Image")).version,
            None
        );
    }

    #[test]
    fn labels_are_case_insensitive_with_any_spacing() {
        let l = lines(
            "Model number: WS-C3850-48U\nsystem serial number   :FCW1\nProcessor board ID X1",
        );
        let v = parse_version(&l);
        assert_eq!(v.model, Some("WS-C3850-48U"));
        assert_eq!(v.serial, Some("FCW1"));
    }

    #[test]
    fn nothing_found_is_none() {
        let v = parse_version(&lines(
            "garbage\n\ncisco\nCisco IOS Software, no version here",
        ));
        assert_eq!(v, VersionFacts::default());
        assert_eq!(parse_version(&[]), VersionFacts::default());
    }
}
