//! `show version`: model, image version, serial number, uptime and the
//! other `Label: value` facts EOS prints.
//!
//! EOS prints one fact per line under a fixed label, and leaves the value
//! empty when it has none (a vEOS has no serial number): an empty value is
//! `None`, never the next line's text.

use crate::table::{labelled_value, tokens};

/// Device facts read from EOS `show version`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionFacts<'a> {
    /// The word after `Arista` on the first line: `DCS-7050SX3-48YC8`,
    /// `CCS-720XP-48ZC2-F`, `vEOS`, `cEOSLab`.
    pub model: Option<&'a str>,
    /// `Hardware version: 11.03`.
    pub hardware_version: Option<&'a str>,
    /// `Serial number: JPE22140871`.
    pub serial: Option<&'a str>,
    /// `Hardware MAC address: 985d.8294.1c3a`.
    pub hardware_mac: Option<&'a str>,
    /// `System MAC address: 985d.8294.1c3a`.
    pub system_mac: Option<&'a str>,
    /// The first word of `Software image version: 4.30.4M`; a trailing
    /// `(engineering build)` note is left out.
    pub image: Option<&'a str>,
    /// `Architecture: i686`.
    pub architecture: Option<&'a str>,
    /// `Uptime: 6 weeks, 2 days, 3 hours and 41 minutes`, as printed.
    pub uptime: Option<&'a str>,
    /// `Total memory: 8099872 kB`, the number of kB.
    pub total_memory: Option<&'a str>,
    /// `Free memory: 5521104 kB`, the number of kB.
    pub free_memory: Option<&'a str>,
}

/// The model word of the `Arista <model>` line. Some old releases print
/// `Arista Networks <model>`; the company name is not the model.
fn model_word(line: &str) -> Option<&str> {
    let mut words = tokens(line).map(|t| t.text);
    if words.next()? != "Arista" {
        return None;
    }
    let word = words.next()?;
    if word == "Networks" {
        return words.next();
    }
    Some(word)
}

/// The first word of a labelled value (`4.31.6M-39953990.4316M
/// (engineering build)` → `4.31.6M-39953990.4316M`, `3982820 kB` →
/// `3982820`).
fn first_word<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    labelled_value(line, label).and_then(|v| tokens(v).next().map(|t| t.text))
}

/// Reads EOS `show version`. Every fact is the first match in the output.
pub fn parse_version<'a>(lines: &[&'a str]) -> VersionFacts<'a> {
    let mut v = VersionFacts::default();
    for &line in lines {
        // Every labelled line has a colon; the model line starts `Arista`.
        if !line.contains(':') {
            if v.model.is_none() {
                v.model = model_word(line);
            }
            continue;
        }
        let slots: [(&mut Option<&'a str>, &str, bool); 9] = [
            (&mut v.hardware_version, "hardware version", false),
            (&mut v.serial, "serial number", false),
            (&mut v.hardware_mac, "hardware mac address", false),
            (&mut v.system_mac, "system mac address", false),
            (&mut v.image, "software image version", true),
            (&mut v.architecture, "architecture", false),
            (&mut v.uptime, "uptime", false),
            (&mut v.total_memory, "total memory", true),
            (&mut v.free_memory, "free memory", true),
        ];
        for (slot, label, word) in slots {
            if slot.is_none() {
                *slot = if word {
                    first_word(line, label)
                } else {
                    labelled_value(line, label)
                };
                if slot.is_some() {
                    break;
                }
            }
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    const HARDWARE: &str = "Arista CCS-720XP-48ZC2-F
Hardware version: 11.03
Serial number: JPE22140871
Hardware MAC address: 985d.8294.1c3a
System MAC address: 985d.8294.1c3a

Software image version: 4.30.4M
Architecture: i686
Internal build version: 4.30.4M-34519384.4304M
Internal build ID: 5d2c1f4a-83be-4c1e-9d07-5a1c7f3e2b90
Image format version: 3.0
Image optimization: DEFAULT

Uptime: 6 weeks, 2 days, 3 hours and 41 minutes
Total memory: 8099872 kB
Free memory: 5521104 kB
";

    #[test]
    fn hardware_switch() {
        let l = lines(HARDWARE);
        let v = parse_version(&l);
        assert_eq!(v.model, Some("CCS-720XP-48ZC2-F"));
        assert_eq!(v.hardware_version, Some("11.03"));
        assert_eq!(v.serial, Some("JPE22140871"));
        assert_eq!(v.hardware_mac, Some("985d.8294.1c3a"));
        assert_eq!(v.system_mac, Some("985d.8294.1c3a"));
        assert_eq!(v.image, Some("4.30.4M"));
        assert_eq!(v.architecture, Some("i686"));
        assert_eq!(v.uptime, Some("6 weeks, 2 days, 3 hours and 41 minutes"));
        assert_eq!(v.total_memory, Some("8099872"));
        assert_eq!(v.free_memory, Some("5521104"));
    }

    #[test]
    fn empty_values_stay_empty_and_old_spacing_is_read() {
        let l = lines(
            "Arista vEOS\nHardware version:    \nSerial number:       \nSystem MAC address:  2803.829a.1347\n\n\
             Software image version: 4.14.7M\nUptime:                 1 hour and 5 minutes\n",
        );
        let v = parse_version(&l);
        assert_eq!(v.model, Some("vEOS"));
        assert_eq!((v.hardware_version, v.serial), (None, None));
        assert_eq!(v.system_mac, Some("2803.829a.1347"));
        assert_eq!(v.image, Some("4.14.7M"));
        assert_eq!(v.uptime, Some("1 hour and 5 minutes"));
    }

    #[test]
    fn engineering_build_note_and_company_name_are_not_values() {
        let l = lines(
            "Arista Networks DCS-7124SX\nSoftware image version: 4.31.6M-39953990.4316M (engineering build)\n\
             Kernel version: 6.8.0-60-generic",
        );
        let v = parse_version(&l);
        assert_eq!(v.model, Some("DCS-7124SX"));
        assert_eq!(v.image, Some("4.31.6M-39953990.4316M"));
        // `Internal build version` and `Kernel version` are not the image.
        let l = lines("Internal build version: 4.30.4M-1\nKernel version: 5.10");
        assert_eq!(parse_version(&l).image, None);
    }

    #[test]
    fn first_match_wins_and_nothing_is_none() {
        let l = lines("Arista DCS-A\nArista DCS-B\nUptime: 1 minute\nUptime: 2 minutes");
        let v = parse_version(&l);
        assert_eq!((v.model, v.uptime), (Some("DCS-A"), Some("1 minute")));
        assert_eq!(parse_version(&[]), VersionFacts::default());
        assert_eq!(
            parse_version(&lines("arista dcs\nAristaX Y\n: :\nUptime:")),
            VersionFacts::default()
        );
    }
}
