//! `show system info`: the firewall's identity, one `key: value` per line.

use crate::trim::TrimExt;

/// Facts read from `show system info`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SystemInfo<'a> {
    /// `hostname`.
    pub hostname: Option<&'a str>,
    /// `ip-address` of the management interface.
    pub ip_address: Option<&'a str>,
    /// `model` (`PA-3220`).
    pub model: Option<&'a str>,
    /// `serial`.
    pub serial: Option<&'a str>,
    /// `sw-version` (`10.2.3`).
    pub sw_version: Option<&'a str>,
    /// `uptime` as printed (`41 days, 3:22:17`).
    pub uptime: Option<&'a str>,
    /// `family` (`3200`).
    pub family: Option<&'a str>,
    /// `multi-vsys` (`on`/`off`).
    pub multi_vsys: Option<&'a str>,
}

/// The value of a `key: value` line whose key is exactly `key` (PAN-OS
/// prints keys in lower case at column 0); `None` when the value is empty
/// or `unknown`.
fn value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line.trim_ws_start().strip_prefix(key)?.strip_prefix(':')?;
    let v = rest.trim_ws();
    (!v.is_empty() && v != "unknown").then_some(v)
}

/// Reads `show system info`; the first occurrence of each key wins.
pub fn parse_system_info<'a>(lines: &[&'a str]) -> SystemInfo<'a> {
    let mut s = SystemInfo::default();
    for &line in lines {
        let fields: [(&str, &mut Option<&'a str>); 8] = [
            ("hostname", &mut s.hostname),
            ("ip-address", &mut s.ip_address),
            ("model", &mut s.model),
            ("serial", &mut s.serial),
            ("sw-version", &mut s.sw_version),
            ("uptime", &mut s.uptime),
            ("family", &mut s.family),
            ("multi-vsys", &mut s.multi_vsys),
        ];
        for (key, slot) in fields {
            if slot.is_none() {
                if let Some(v) = value(line, key) {
                    *slot = Some(v);
                    break;
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_info_fields() {
        let text = "\
hostname: RENO-DC1-FW-01
ip-address: 10.20.0.10
public-ip-address: unknown
netmask: 255.255.255.0
ipv6-address: unknown
mac-address: d4:f4:be:11:22:00
time: Tue Mar  4 09:12:44 2025
uptime: 41 days, 3:22:17
family: 3200
model: PA-3220
serial: 013201012345
sw-version: 10.2.3
app-version: 8712-8390
multi-vsys: off
";
        let lines: Vec<&str> = text.lines().collect();
        let s = parse_system_info(&lines);
        assert_eq!(
            s,
            SystemInfo {
                hostname: Some("RENO-DC1-FW-01"),
                ip_address: Some("10.20.0.10"),
                model: Some("PA-3220"),
                serial: Some("013201012345"),
                sw_version: Some("10.2.3"),
                uptime: Some("41 days, 3:22:17"),
                family: Some("3200"),
                multi_vsys: Some("off"),
            }
        );
    }

    #[test]
    fn keys_must_match_exactly_and_unknown_is_none() {
        let lines = [
            "public-ip-address: 1.2.3.4",
            "ipv6-address: ::1",
            "model-x: nope",
            "model:",
            "serial: unknown",
            "hostname RENO",
        ];
        assert_eq!(parse_system_info(&lines), SystemInfo::default());
    }
}
