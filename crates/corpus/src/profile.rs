//! Profiles: the shape of a corpus, as committed data files.
//!
//! A profile (`corpora/profiles/<name>.json`) names device groups (sites,
//! device count, vendor mix, port counts, stack share, authentication mix,
//! client and MAC counts), how devices are grouped into files, how noisy
//! the captures are, and which share of devices changes on the next day.
//! Every field but `name` and `groups` has a default, so a profile says
//! only what makes it different.

use serde::{Deserialize, Serialize};
use statetrace_model::Vendor;
use std::collections::BTreeMap;
use std::path::Path;

/// The profiles committed under `corpora/profiles/`, compiled in, so code
/// that drives the generator (xtask, tests, load tests) needs no path.
pub const BUILTIN: &[(&str, &str)] = &[
    ("m1", include_str!("../../../corpora/profiles/m1.json")),
    ("site", include_str!("../../../corpora/profiles/site.json")),
    (
        "fleet",
        include_str!("../../../corpora/profiles/fleet.json"),
    ),
    (
        "doubling",
        include_str!("../../../corpora/profiles/doubling.json"),
    ),
    (
        "smoke",
        include_str!("../../../corpora/profiles/smoke.json"),
    ),
];

/// Why a profile could not be used.
#[derive(Debug)]
pub enum ProfileError {
    /// No built-in profile has this name.
    Unknown(String),
    /// The file could not be read.
    Io(String, std::io::Error),
    /// The JSON is malformed or a value is out of range.
    Invalid(String),
}

impl std::fmt::Display for ProfileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProfileError::Unknown(name) => {
                let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
                write!(
                    f,
                    "unknown profile {name:?} (built-in: {})",
                    names.join(", ")
                )
            }
            ProfileError::Io(path, e) => write!(f, "cannot read profile {path}: {e}"),
            ProfileError::Invalid(why) => write!(f, "invalid profile: {why}"),
        }
    }
}

impl std::error::Error for ProfileError {}

/// A corpus shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Profile name; the output folder under `--out`.
    pub name: String,
    /// One line on what the profile is for.
    #[serde(default)]
    pub description: String,
    /// Seed used when none is given on the command line.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Device groups; device numbers run through the groups in order.
    pub groups: Vec<Group>,
    /// Site spreads: when set, the same devices are written once per
    /// spread, each over that many sites (`[4, 8]` for N and 2N). Every
    /// group must then give its sites as a count, which the spread
    /// replaces.
    #[serde(default)]
    pub spreads: Vec<u32>,
    /// How devices are put into files.
    #[serde(default)]
    pub files: FileShape,
    /// How noisy the captures are.
    #[serde(default)]
    pub noise: Noise,
    /// The next-day variant; `None` writes only day 1.
    #[serde(default)]
    pub next_day: Option<NextDay>,
}

fn default_seed() -> u64 {
    1
}

/// The sites of a group: explicit codes, or a number of generated codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Sites {
    /// That many generated site codes (`ALBY`, `BRNC`, ...), distinct
    /// across the whole profile.
    Count(u32),
    /// These codes, in order.
    Codes(Vec<String>),
}

/// One group of devices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// The group's sites; devices go to them round-robin.
    pub sites: Sites,
    /// Devices in the group.
    pub devices: u64,
    /// Vendor weights by name (`cisco`, `brocade`, `arista`, `aruba`,
    /// `juniper`, `paloalto`).
    pub vendors: BTreeMap<String, f64>,
    /// Port rows per device, inclusive range (uplinks and port-channels
    /// count; a Palo Alto firewall is capped at its own sizes).
    #[serde(default = "default_ports")]
    pub ports: [u32; 2],
    /// Share of Cisco and Brocade devices that are stacks of 2 to 4 units.
    #[serde(default)]
    pub stack_share: f64,
    /// Authentication templates of user ports, by weight.
    #[serde(default)]
    pub auth: AuthMix,
    /// Clients and MAC addresses.
    #[serde(default)]
    pub clients: Clients,
}

fn default_ports() -> [u32; 2] {
    [8, 96]
}

/// Weights of the authentication templates of user ports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthMix {
    /// 802.1X and MAB.
    pub flexible: f64,
    /// 802.1X only.
    pub dot1x: f64,
    /// MAB only.
    pub macauth: f64,
    /// No port authentication.
    pub open: f64,
    /// Share of flexible Cisco/Arista ports that lack one recommended
    /// command (`missing_auth_cmds`).
    pub drift: f64,
}

impl Default for AuthMix {
    fn default() -> Self {
        AuthMix {
            flexible: 0.6,
            dot1x: 0.1,
            macauth: 0.05,
            open: 0.25,
            drift: 0.1,
        }
    }
}

/// Clients on ports and the MACs the switch learns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Clients {
    /// Share of user ports whose link is up.
    pub link_up: f64,
    /// Share of up user ports with a phone in front of the PC.
    pub phone: f64,
    /// Share of sessions that are authorised; the rest fail or are
    /// still running (and their MACs are not learned).
    pub authorized: f64,
    /// Extra MACs learned on an up open user port (docks, VMs), range.
    pub extra_macs: [u32; 2],
    /// Wireless client MACs learned on an up access point port, range.
    pub wireless_macs: [u32; 2],
    /// MACs learned on the root uplink, range.
    pub uplink_macs: [u32; 2],
}

impl Default for Clients {
    fn default() -> Self {
        Clients {
            link_up: 0.7,
            phone: 0.4,
            authorized: 0.88,
            extra_macs: [0, 2],
            wireless_macs: [1, 6],
            uplink_macs: [4, 16],
        }
    }
}

/// How devices are put into files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FileShape {
    /// Devices per file, inclusive range (devices of one site share files).
    pub devices_per_file: [u32; 2],
    /// Share of multi-device files whose sessions interleave (A, B, A, ...)
    /// instead of following each other.
    pub interleave_share: f64,
}

impl Default for FileShape {
    fn default() -> Self {
        FileShape {
            devices_per_file: [1, 3],
            interleave_share: 0.2,
        }
    }
}

/// Capture noise, each a share of devices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Noise {
    /// A PuTTY session log: `=~=~=` header, CRLF line ends.
    pub putty: f64,
    /// `--More--` pager prompts with backspace erasures in long outputs.
    pub pager: f64,
    /// ANSI escapes around prompts.
    pub ansi: f64,
    /// A login preamble (banner, `Username:`/`Password:`, user-mode
    /// prompt and `enable`).
    pub login: f64,
}

impl Default for Noise {
    fn default() -> Self {
        Noise {
            putty: 0.1,
            pager: 0.1,
            ansi: 0.05,
            login: 0.3,
        }
    }
}

/// The next-day variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextDay {
    /// Share of devices that change (rounded to the nearest device); the
    /// others are byte-identical to day 1.
    pub changed_share: f64,
}

impl Profile {
    /// A built-in profile by name.
    pub fn builtin(name: &str) -> Result<Profile, ProfileError> {
        let (_, json) = BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| ProfileError::Unknown(name.to_string()))?;
        Profile::from_json(json)
    }

    /// Reads a profile file.
    pub fn load(path: &Path) -> Result<Profile, ProfileError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ProfileError::Io(path.display().to_string(), e))?;
        Profile::from_json(&text)
    }

    /// A profile by name, or from a path when the name ends in `.json`.
    pub fn resolve(name_or_path: &str) -> Result<Profile, ProfileError> {
        if name_or_path.ends_with(".json") {
            Profile::load(Path::new(name_or_path))
        } else {
            Profile::builtin(name_or_path)
        }
    }

    /// Parses and checks a profile.
    pub fn from_json(text: &str) -> Result<Profile, ProfileError> {
        let p: Profile =
            serde_json::from_str(text).map_err(|e| ProfileError::Invalid(e.to_string()))?;
        p.validate()?;
        Ok(p)
    }

    /// Checks ranges and names.
    pub fn validate(&self) -> Result<(), ProfileError> {
        let bad = |why: String| Err(ProfileError::Invalid(format!("{}: {why}", self.name)));
        if self.groups.is_empty() {
            return bad("no groups".into());
        }
        for (i, g) in self.groups.iter().enumerate() {
            if g.vendors.is_empty() || g.vendors.values().all(|w| *w <= 0.0) {
                return bad(format!("group {i}: no vendor has a positive weight"));
            }
            for name in g.vendors.keys() {
                if Vendor::from_name(name).is_none() {
                    return bad(format!("group {i}: unknown vendor {name:?}"));
                }
            }
            if g.ports[0] < 4 || g.ports[0] > g.ports[1] || g.ports[1] > 400 {
                return bad(format!("group {i}: ports must be 4 <= min <= max <= 400"));
            }
            match &g.sites {
                Sites::Count(0) => return bad(format!("group {i}: zero sites")),
                Sites::Codes(c) if c.is_empty() => return bad(format!("group {i}: no sites")),
                Sites::Codes(c) if !self.spreads.is_empty() => {
                    return bad(format!(
                        "group {i}: a profile with spreads needs a site count, not codes {c:?}"
                    ))
                }
                Sites::Codes(c) => {
                    for code in c {
                        if !valid_site_code(code) {
                            return bad(format!("group {i}: bad site code {code:?}"));
                        }
                    }
                }
                Sites::Count(_) => {}
            }
        }
        let [lo, hi] = self.files.devices_per_file;
        if lo == 0 || lo > hi {
            return bad("files.devices_per_file must be 1 <= min <= max".into());
        }
        if let Some(n) = &self.next_day {
            if !(0.0..=1.0).contains(&n.changed_share) {
                return bad("next_day.changed_share must be within 0..=1".into());
            }
        }
        if self.spreads.contains(&0) {
            return bad("a spread of zero sites".into());
        }
        Ok(())
    }

    /// Total devices over all groups.
    pub fn devices(&self) -> u64 {
        self.groups.iter().map(|g| g.devices).sum()
    }

    /// The same profile with `total` devices, shared out over the groups in
    /// proportion to their sizes (each keeps at least one device).
    pub fn with_devices(&self, total: u64) -> Profile {
        let current = self.devices().max(1);
        self.scaled(total as f64 / current as f64)
    }

    /// The same profile with every group's device count multiplied by
    /// `factor` (rounded; each keeps at least one device).
    pub fn scaled(&self, factor: f64) -> Profile {
        let mut p = self.clone();
        for g in &mut p.groups {
            g.devices = ((g.devices as f64 * factor).round() as u64).max(1);
        }
        p
    }
}

/// A site code the site rule keeps whole: letters and digits, at least one
/// letter, no `-`.
pub fn valid_site_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 16
        && code.bytes().all(|b| b.is_ascii_alphanumeric())
        && code.bytes().any(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_profile_loads() {
        for (name, _) in BUILTIN {
            let p = Profile::builtin(name).unwrap();
            assert_eq!(&p.name, name);
        }
        assert!(matches!(
            Profile::builtin("nope"),
            Err(ProfileError::Unknown(_))
        ));
    }

    #[test]
    fn m1_is_the_original_benchmark_shape() {
        let p = Profile::builtin("m1").unwrap();
        assert_eq!(p.devices(), 37);
        assert_eq!(p.groups[0].sites, Sites::Codes(vec!["WLLS".into()]));
        assert_eq!((p.groups[0].devices, p.groups[0].ports), (25, [48, 48]));
        assert_eq!(p.groups[1].sites, Sites::Codes(vec!["BOYO".into()]));
        assert_eq!((p.groups[1].devices, p.groups[1].ports), (12, [10, 10]));
    }

    #[test]
    fn scaling_keeps_proportions() {
        let p = Profile::builtin("m1").unwrap();
        let q = p.with_devices(74);
        assert_eq!(q.devices(), 74);
        assert_eq!(q.groups[0].devices, 50);
        assert_eq!(p.scaled(0.0).devices(), 2, "each group keeps one device");
    }

    #[test]
    fn bad_profiles_are_refused() {
        let bad = [
            r#"{"name":"x","groups":[]}"#,
            r#"{"name":"x","groups":[{"sites":2,"devices":3,"vendors":{"nokia":1}}]}"#,
            r#"{"name":"x","groups":[{"sites":["A-B"],"devices":3,"vendors":{"cisco":1}}]}"#,
            r#"{"name":"x","groups":[{"sites":2,"devices":3,"vendors":{"cisco":1},"ports":[2,4]}]}"#,
            r#"{"name":"x","spreads":[2],"groups":[{"sites":["AB"],"devices":3,"vendors":{"cisco":1}}]}"#,
            r#"{"name":"x","typo":1,"groups":[{"sites":2,"devices":3,"vendors":{"cisco":1}}]}"#,
        ];
        for json in bad {
            assert!(Profile::from_json(json).is_err(), "{json}");
        }
    }
}
