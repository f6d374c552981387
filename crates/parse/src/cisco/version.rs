//! `show version`: model, software version, serial number and uptime.

use crate::table::{labelled_value, starts_with_ci, tokens, uptime};
use crate::trim::TrimExt;

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
    /// Host name of the `<host> uptime is ...` line.
    pub hostname: Option<&'a str>,
    /// The image named in parentheses on the line that also gives the
    /// version: `C2960X-UNIVERSALK9-M` of `Cisco IOS Software, C2960X
    /// Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E3, RELEASE SOFTWARE
    /// (fc3)`.
    pub image: Option<&'a str>,
    /// The version printed on the image line. IOS-XE spells it differently
    /// from its first banner line (`16.9.3` against `16.09.03`).
    pub image_version: Option<&'a str>,
    /// The release tag of the image line: the last parenthesised word after
    /// `RELEASE` (`fc3`), or for special builds the word after the last
    /// colon.
    pub release: Option<&'a str>,
    /// The text after `ROM:` (`Bootstrap program is IOSv`, `IOS-XE ROMMON`).
    pub rom: Option<&'a str>,
    /// The text after `System returned to ROM by`.
    pub returned_to_rom_by: Option<&'a str>,
    /// The text after `Last reload reason:`.
    pub last_reload_reason: Option<&'a str>,
    /// The text after `System restarted at`.
    pub restarted: Option<&'a str>,
    /// The image path inside the quotes of `System image file is "..."`
    /// (`flash:packages.conf`).
    pub system_image: Option<&'a str>,
    /// The value of `Configuration register is 0x2102`.
    pub config_register: Option<&'a str>,
    /// The model word of the first `cisco X (...) ...` hardware line, with or
    /// without the word `processor` (IOSv prints `Cisco IOSv (revision 1.0)
    /// with ...`).
    pub chassis: Option<&'a str>,
    /// `Processor board ID`, without a trailing comma.
    pub board_id: Option<&'a str>,
    /// `Base Ethernet MAC Address` of the unit the output is from (the one
    /// printed before the stack table).
    pub base_mac: Option<&'a str>,
    /// The other stack members' sections after the stack table
    /// (`Switch 02` ...), in printed order.
    pub members: Vec<StackMember<'a>>,
}

/// A `Switch 0N` section of a stack's `show version`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StackMember<'a> {
    /// The member number as printed (`02`); `None` for values printed after
    /// the stack table without a `Switch` heading.
    pub number: Option<&'a str>,
    /// `Model Number`.
    pub model: Option<&'a str>,
    /// `System Serial Number`.
    pub serial: Option<&'a str>,
    /// `Base Ethernet MAC Address`.
    pub mac: Option<&'a str>,
    /// `Switch uptime`.
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
    let t = line.trim_ws_start();
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
    let rest = line.trim_ws_start();
    if !starts_with_ci(rest, "Processor board ID ") {
        return None;
    }
    let id = tokens(&rest["Processor board ID ".len()..]).next()?.text;
    let id = id.trim_end_matches(',');
    (!id.is_empty()).then_some(id)
}

/// The image, version and release of a line such as `Cisco IOS Software,
/// C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E3, RELEASE
/// SOFTWARE (fc3)`: a parenthesised image after the word `Software`,
/// directly followed by `, Version`.
fn image_line(line: &str) -> Option<(&str, &str, Option<&str>)> {
    let at = line.find("), Version ")?;
    let open = line[..at].rfind('(')?;
    let image = &line[open + 1..at];
    let before = line[..open].trim_ws_end().trim_end_matches(',');
    if image.is_empty() || image.contains(char::is_whitespace) || !before.ends_with("Software") {
        return None;
    }
    let rest = &line[at + "), Version ".len()..];
    let version = tokens(rest).next()?.text.trim_end_matches(',');
    if version.is_empty() {
        return None;
    }
    let after = &rest[rest.find(version)? + version.len()..];
    Some((image, version, release_tag(after)))
}

/// The release tag after the version: `(fc3)` at the end of
/// `, RELEASE SOFTWARE (fc3)`, else the word after the last colon.
fn release_tag(after: &str) -> Option<&str> {
    if let Some(r) = after.find("RELEASE") {
        let tail = &after[r..];
        let open = tail.rfind('(')?;
        let close = open + tail[open..].find(')')?;
        let tag = &tail[open + 1..close];
        return (!tag.is_empty() && !tag.contains(char::is_whitespace)).then_some(tag);
    }
    let colon = after.rfind(':')?;
    tokens(&after[colon + 1..]).next().map(|t| t.text)
}

/// The text after `prefix` (matched without regard to case) at the start
/// of the trimmed line, trimmed; `None` when absent or empty.
fn after_prefix<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let t = line.trim_ws_start();
    if !starts_with_ci(t, prefix) {
        return None;
    }
    let v = t[prefix.len()..].trim_ws();
    (!v.is_empty()).then_some(v)
}

/// The host of a `<host> uptime is ...` line.
fn uptime_host(line: &str) -> Option<&str> {
    let mut it = tokens(line).map(|t| t.text);
    let host = it.next()?;
    (it.next()? == "uptime" && it.next()? == "is").then_some(host)
}

/// The model word of a `cisco X (...) ...` line.
fn chassis_model(line: &str) -> Option<&str> {
    let mut it = tokens(line);
    if !it.next()?.text.eq_ignore_ascii_case("cisco") {
        return None;
    }
    let model = it.next()?.text;
    let paren = it.next()?;
    let close = line[paren.start..].find(')')? + paren.start;
    (paren.text.starts_with('(') && close + 1 < line.trim_ws_end().len()).then_some(model)
}

/// True for the lines that start the stack part of the output: the
/// `Switch Ports Model ...` table header or a `Switch 02` heading.
fn stack_start(line: &str) -> Option<Option<&str>> {
    let mut it = tokens(line).map(|t| t.text);
    if it.next()? != "Switch" {
        return None;
    }
    let next = it.next()?;
    if next.starts_with("Port") {
        Some(None)
    } else if crate::table::is_digits(next) {
        Some(Some(next))
    } else {
        None
    }
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
    let mut f = VersionFacts::default();
    let mut in_stack = false;
    for &line in lines {
        if let Some(number) = stack_start(line) {
            in_stack = true;
            if number.is_some() {
                f.members.push(StackMember {
                    number,
                    ..StackMember::default()
                });
            }
        }
        if in_stack {
            member_line(&mut f.members, line);
        } else if f.base_mac.is_none() {
            f.base_mac = labelled_value(line, "base ethernet mac address");
        }
        if f.hostname.is_none() {
            f.hostname = uptime_host(line);
        }
        if f.image.is_none() {
            if let Some((image, version, release)) = image_line(line) {
                f.image = Some(image);
                f.image_version = Some(version);
                f.release = release;
            }
        }
        if f.rom.is_none() {
            f.rom = after_prefix(line, "ROM:");
        }
        if f.returned_to_rom_by.is_none() {
            f.returned_to_rom_by = after_prefix(line, "System returned to ROM by ");
        }
        if f.last_reload_reason.is_none() {
            f.last_reload_reason = after_prefix(line, "Last reload reason:");
        }
        if f.restarted.is_none() {
            f.restarted = after_prefix(line, "System restarted at ");
        }
        if f.system_image.is_none() {
            f.system_image = after_prefix(line, "System image file is ")
                .and_then(|v| v.strip_prefix('"'))
                .and_then(|v| v.split('"').next());
        }
        if f.config_register.is_none() {
            f.config_register = after_prefix(line, "Configuration register is ")
                .and_then(|v| tokens(v).next())
                .map(|t| t.text);
        }
        if f.chassis.is_none() {
            f.chassis = chassis_model(line);
        }
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
        board_id: board,
        ..f
    }
}

/// Reads a line of the stack part into the current member (one without a
/// heading is opened for values printed before any `Switch 0N`).
fn member_line<'a>(members: &mut Vec<StackMember<'a>>, line: &'a str) {
    type Slot<'a> = for<'m> fn(&'m mut StackMember<'a>) -> &'m mut Option<&'a str>;
    let fields: [(&str, Slot<'a>); 4] = [
        ("model number", |m| &mut m.model),
        ("system serial number", |m| &mut m.serial),
        ("base ethernet mac address", |m| &mut m.mac),
        ("switch uptime", |m| &mut m.uptime),
    ];
    for (label, slot) in fields {
        if let Some(v) = labelled_value(line, label) {
            if members.is_empty() {
                members.push(StackMember::default());
            }
            if let Some(m) = members.last_mut() {
                let s = slot(m);
                if s.is_none() {
                    *s = Some(v);
                }
            }
            return;
        }
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
    fn ios_xe_image_line_rom_reload_and_stack_members() {
        let l = lines(
            "Cisco IOS XE Software, Version 16.09.03
Cisco IOS Software [Fuji], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 16.9.3, RELEASE SOFTWARE (fc2)
ROM: IOS-XE ROMMON
BOOTLDR: System Bootstrap, Version 16.9.1r [FC2], RELEASE SOFTWARE (P)
AKBTESTW01 uptime is 1 year, 22 weeks, 6 days, 9 hours, 38 minutes
Uptime for this control processor is 1 year, 22 weeks, 6 days, 9 hours, 44 minutes
System returned to ROM by Reload Command at 22:09:11 NZST Wed May 1 2019
System restarted at 22:16:13 NZST Wed May 1 2019
System image file is \"flash:packages.conf\"
Last reload reason: Reload Command
cisco C9500-40X (X86) processor with 1419496K/6147K bytes of memory.
Processor board ID FCW2233FFG3
Base Ethernet MAC Address          : 0c:d0:f8:cd:b5:80
Model Number                       : C9500-40X
System Serial Number               : FCW2233FFG3

Switch Ports Model              SW Version        SW Image              Mode
------ ----- -----              ----------        ----------            ----
*    1 50    C9500-40X          16.9.3            CAT9K_IOSXE           INSTALL
     2 50    C9500-40X          16.9.3            CAT9K_IOSXE           INSTALL

Switch 02
---------
Switch uptime                      : 1 year, 22 weeks, 6 days, 9 hours, 47 minutes
Base Ethernet MAC Address          : 70:35:09:dd:20:00
Model Number                       : C9500-40Y
System Serial Number               : FCW1234F88V

Configuration register is 0x102 (will be 0x2102 at next reload)",
        );
        let v = parse_version(&l);
        // The device record's fields are unchanged by the stack part.
        assert_eq!(
            (v.model, v.version, v.serial),
            (Some("C9500-40X"), Some("16.09.03"), Some("FCW2233FFG3"))
        );
        assert_eq!(v.hostname, Some("AKBTESTW01"));
        assert_eq!(
            (v.image, v.image_version, v.release),
            (Some("CAT9K_IOSXE"), Some("16.9.3"), Some("fc2"))
        );
        assert_eq!(v.rom, Some("IOS-XE ROMMON"));
        assert_eq!(
            v.returned_to_rom_by,
            Some("Reload Command at 22:09:11 NZST Wed May 1 2019")
        );
        assert_eq!(v.last_reload_reason, Some("Reload Command"));
        assert_eq!(v.restarted, Some("22:16:13 NZST Wed May 1 2019"));
        assert_eq!(v.system_image, Some("flash:packages.conf"));
        assert_eq!(v.config_register, Some("0x102"));
        assert_eq!(v.chassis, Some("C9500-40X"));
        assert_eq!(v.board_id, Some("FCW2233FFG3"));
        assert_eq!(v.base_mac, Some("0c:d0:f8:cd:b5:80"));
        assert_eq!(
            v.members,
            [StackMember {
                number: Some("02"),
                model: Some("C9500-40Y"),
                serial: Some("FCW1234F88V"),
                mac: Some("70:35:09:dd:20:00"),
                uptime: Some("1 year, 22 weeks, 6 days, 9 hours, 47 minutes"),
            }]
        );
    }

    #[test]
    fn image_line_variants() {
        assert_eq!(
            image_line("Cisco IOS Software, IOS-XE Software, Catalyst L3 Switch Software (CAT3K_CAA-UNIVERSALK9-M), Version 03.06.05E RELEASE SOFTWARE (fc2)"),
            Some(("CAT3K_CAA-UNIVERSALK9-M", "03.06.05E", Some("fc2")))
        );
        assert_eq!(
            image_line("Cisco IOS Software, vios_l2 Software (vios_l2-ADVENTERPRISEK9-M), Version 15.2(4.0.55)E, TEST ENGINEERING ESTG_WEEKLY BUILD, synced to  END_OF_FLO_ISP"),
            Some(("vios_l2-ADVENTERPRISEK9-M", "15.2(4.0.55)E", None))
        );
        assert_eq!(
            image_line("IOS (tm) C2950 Software (C2950-I6Q4L2-M), Version 12.1(22)EA14, RELEASE SOFTWARE (fc1)"),
            Some(("C2950-I6Q4L2-M", "12.1(22)EA14", Some("fc1")))
        );
        assert_eq!(
            image_line("Cisco IOS Software, C3750 Software (C3750-IPBASEK9-M), Version 12.2(58)SE2, SPECIAL BUILD :ep1"),
            Some(("C3750-IPBASEK9-M", "12.2(58)SE2", Some("ep1")))
        );
        assert_eq!(
            image_line("BOOTLDR: C3750 Boot Loader (C3750-HBOOT-M), Version 12.2(44)SE5"),
            None
        );
        assert_eq!(image_line("Cisco IOS XE Software, Version 16.09.03"), None);
        assert_eq!(
            chassis_model("Cisco IOSv (revision 1.0) with  with 460137K/62464K bytes of memory."),
            Some("IOSv")
        );
        assert_eq!(
            chassis_model("Cisco IOS-XE software, Copyright (c) 2005-2015 by cisco Systems, Inc."),
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
