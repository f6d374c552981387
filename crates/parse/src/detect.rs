//! Deciding a device's vendor from evidence in its transcript.
//!
//! Every vendor gets a score from the clues found; the highest score wins,
//! ties go to the first vendor in [`Vendor::ALL`] so the result never
//! depends on iteration order. Clues inside the device's own identity output
//! (`show version`, `show system info`) weigh more than clues elsewhere,
//! and neighbour tables (`show cdp neighbors`, `show lldp neighbors`) are
//! never read, so a Juniper that lists a Cisco neighbour stays a Juniper.

use crate::blocks::DeviceText;
use statetrace_model::Vendor;

/// The detector's verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// The vendor, when any evidence was found.
    pub vendor: Option<Vendor>,
    /// 0 to 100: the winner's share of all evidence, scaled.
    pub confidence: u8,
    /// Human-readable clues that were found, e.g. `Cisco: "Cisco IOS XE Software"`.
    pub evidence: Vec<String>,
}

struct Clue {
    vendor: Vendor,
    needle: &'static str,
    weight: u32,
}

const CLUES: &[Clue] = &[
    Clue {
        vendor: Vendor::Cisco,
        needle: "Cisco IOS XE Software",
        weight: 10,
    },
    Clue {
        vendor: Vendor::Cisco,
        needle: "Cisco IOS Software",
        weight: 10,
    },
    Clue {
        vendor: Vendor::Cisco,
        needle: "Cisco Internetwork Operating System",
        weight: 10,
    },
    Clue {
        vendor: Vendor::Cisco,
        needle: "cisco Systems, Inc.",
        weight: 4,
    },
    Clue {
        vendor: Vendor::Arista,
        needle: "Arista Networks",
        weight: 10,
    },
    Clue {
        vendor: Vendor::Arista,
        needle: "Arista vEOS",
        weight: 10,
    },
    Clue {
        vendor: Vendor::Arista,
        needle: "Software image version:",
        weight: 3,
    },
    Clue {
        vendor: Vendor::Brocade,
        needle: "FastIron",
        weight: 8,
    },
    Clue {
        vendor: Vendor::Brocade,
        needle: "Brocade",
        weight: 6,
    },
    Clue {
        vendor: Vendor::Brocade,
        needle: "Ruckus",
        weight: 6,
    },
    Clue {
        vendor: Vendor::Brocade,
        needle: "ICX",
        weight: 3,
    },
    // FastIron's own `show version` lines: the hardware line of every
    // FCX/ICX (`HW: Stackable ICX7450-48P`), the boot image lines of 8.x and
    // 7.x, and the stack role line.
    Clue {
        vendor: Vendor::Brocade,
        needle: "HW: Stackable",
        weight: 8,
    },
    Clue {
        vendor: Vendor::Brocade,
        needle: "Compressed Primary Boot Code",
        weight: 6,
    },
    Clue {
        vendor: Vendor::Brocade,
        needle: "Boot-Monitor Image size",
        weight: 6,
    },
    Clue {
        vendor: Vendor::Brocade,
        needle: "My stack unit ID",
        weight: 6,
    },
    Clue {
        vendor: Vendor::Aruba,
        needle: "ArubaOS-CX",
        weight: 10,
    },
    Clue {
        vendor: Vendor::Aruba,
        needle: "ArubaOS",
        weight: 8,
    },
    Clue {
        vendor: Vendor::Aruba,
        needle: "ProCurve",
        weight: 8,
    },
    Clue {
        vendor: Vendor::Aruba,
        needle: "Aruba",
        weight: 4,
    },
    Clue {
        vendor: Vendor::Juniper,
        needle: "JUNOS",
        weight: 10,
    },
    Clue {
        vendor: Vendor::Juniper,
        needle: "Junos:",
        weight: 10,
    },
    Clue {
        vendor: Vendor::Juniper,
        needle: "Juniper Networks",
        weight: 6,
    },
    Clue {
        vendor: Vendor::PaloAlto,
        needle: "sw-version:",
        weight: 10,
    },
    Clue {
        vendor: Vendor::PaloAlto,
        needle: "PAN-OS",
        weight: 8,
    },
    Clue {
        vendor: Vendor::PaloAlto,
        needle: "Palo Alto Networks",
        weight: 8,
    },
];

/// Blocks that describe the device itself: clues there count triple.
const IDENTITY: &[&str] = &["show version", "show system info", "show system"];

/// Blocks that describe other devices: never read.
fn is_neighbour_block(command: &str) -> bool {
    command.starts_with("show cdp")
        || command.starts_with("show lldp")
        || command.starts_with("show fdp")
        || command.starts_with("show ip route")
}

/// One automaton for every clue: a single pass per line whatever the number
/// of clues.
fn matcher() -> &'static aho_corasick::AhoCorasick {
    static MATCHER: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    MATCHER.get_or_init(|| {
        aho_corasick::AhoCorasick::new(CLUES.iter().map(|c| c.needle))
            .expect("clue needles are plain strings")
    })
}

/// Scores the evidence in a device's text.
///
/// The identity blocks are read first; only when they hold no clue is the
/// rest of the transcript searched (at single weight), which keeps the
/// common case to a few dozen lines.
pub fn detect(text: &DeviceText<'_>) -> Detection {
    let identity = score(text, true);
    if identity.vendor.is_some() {
        return identity;
    }
    score(text, false)
}

fn score(text: &DeviceText<'_>, identity_only: bool) -> Detection {
    let mut scores = [0u32; Vendor::ALL.len()];
    let mut evidence = Vec::new();
    let mut excluded = vec![identity_only; text.lines().len()];
    let mut weight = vec![1u32; text.lines().len()];
    for b in text.blocks() {
        if is_neighbour_block(&b.command) {
            excluded[b.lines.clone()].fill(true);
        } else if IDENTITY.contains(&b.command.as_str()) {
            weight[b.lines.clone()].fill(3);
            excluded[b.lines.clone()].fill(false);
        }
    }
    let matcher = matcher();
    let mut seen = [false; CLUES.len()];
    for (i, line) in text.lines().iter().enumerate() {
        if excluded[i] {
            continue;
        }
        for m in matcher.find_overlapping_iter(*line) {
            let c = m.pattern().as_usize();
            let clue = &CLUES[c];
            let v = Vendor::ALL
                .iter()
                .position(|v| *v == clue.vendor)
                .unwrap_or(0);
            scores[v] += clue.weight * weight[i];
            if !seen[c] {
                seen[c] = true;
                evidence.push(format!("{}: {:?}", clue.vendor, clue.needle));
            }
        }
    }
    let total: u32 = scores.iter().sum();
    let (best, &score) = scores
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
        .unwrap_or((0, &0));
    if score == 0 {
        return Detection {
            vendor: None,
            confidence: 0,
            evidence,
        };
    }
    Detection {
        vendor: Some(Vendor::ALL[best]),
        confidence: (u64::from(score) * 100 / u64::from(total)) as u8,
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_str(s: &str) -> Detection {
        detect(&DeviceText::new(s.lines().collect()))
    }

    #[test]
    fn cisco_from_version() {
        let d = detect_str("sw#show version\nCisco IOS XE Software, Version 17.09.04a\nsw#");
        assert_eq!(d.vendor, Some(Vendor::Cisco));
        assert_eq!(d.confidence, 100);
        assert_eq!(d.evidence, ["Cisco: \"Cisco IOS XE Software\""]);
    }

    #[test]
    fn neighbour_tables_do_not_fool_it() {
        let d = detect_str(
            "user@ex> show version\nJunos: 21.4R3\nuser@ex> show lldp neighbors\nsw1  Cisco IOS Software\nCisco IOS XE Software\n",
        );
        assert_eq!(d.vendor, Some(Vendor::Juniper));
    }

    #[test]
    fn brocade_from_its_own_version_not_its_neighbours() {
        let icx = "SSH@BOYO-A05-AS-02#show version\n  Copyright (c) Ruckus Networks, Inc. All rights reserved.\n        SW: Version 08.0.95fT213\n  Compressed Primary Boot Code size = 786944, Version:10.1.18T215 (spz10118)\n  HW: Stackable ICX7450-48P\nMy stack unit ID = 1, bootup role = active\nSSH@BOYO-A05-AS-02#show fdp neighbors detail\n  Version: Cisco IOS Software, C2960X Software, Version 15.2(7)E8\n  Cisco IOS XE Software\nSSH@BOYO-A05-AS-02#show lldp neighbors detail\n    + System description  : \"Cisco IOS Software, Cisco Internetwork Operating System\"\n";
        let d = detect_str(icx);
        assert_eq!(d.vendor, Some(Vendor::Brocade));
        assert_eq!(d.confidence, 100);
        assert!(d
            .evidence
            .contains(&"Brocade: \"HW: Stackable\"".to_string()));
        // FCX 7.x: no Ruckus, no FastIron word; the Brocade copyright and
        // the 7.x boot line decide.
        let fcx = "BOYO-A05-AS-07#show version\n  Copyright (c) 1996-2015 Brocade Communications Systems, Inc. All rights reserved.\n  Boot-Monitor Image size = 370733, Version:07.3.00T7f5 (grz07300)\n  HW: Stackable FCX648S-HPOE-PREM\n";
        assert_eq!(detect_str(fcx).vendor, Some(Vendor::Brocade));
        // Without a version block, the FDP table of a FastIron naming a
        // Cisco neighbour is no evidence at all.
        let only_fdp = "SSH@X#show fdp neighbors detail\n  Version: Cisco IOS Software\n";
        assert_eq!(detect_str(only_fdp).vendor, None);
    }

    #[test]
    fn nothing_to_go_on() {
        let d = detect_str("sw#show clock\n12:00:00\n");
        assert_eq!(d.vendor, None);
        assert_eq!(d.confidence, 0);
    }
}
