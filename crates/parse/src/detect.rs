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
    // AOS-S prints no vendor name in `show system` or `show version`; these
    // headings are its own (every status table, the image banner, the
    // configuration header).
    Clue {
        vendor: Vendor::Aruba,
        needle: "Status and Counters - ",
        weight: 8,
    },
    Clue {
        vendor: Vendor::Aruba,
        needle: "Configuration Editor; Created on release",
        weight: 8,
    },
    Clue {
        vendor: Vendor::Aruba,
        needle: "Image stamp:",
        weight: 6,
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
    fn aruba_aos_s_and_cx() {
        // AOS-S names no vendor in `show system`: its heading decides.
        let d = detect_str(
            "MDSN-B02-AS-01# show system\n\n Status and Counters - General System Information\n\n  System Name        : MDSN-B02-AS-01\nMDSN-B02-AS-01# show lldp info remote-device\n  1  | Cisco IOS Software C9300 Cisco IOS XE Software\n",
        );
        assert_eq!(d.vendor, Some(Vendor::Aruba));
        assert_eq!(d.confidence, 100);
        let d = detect_str("sw# show version\nImage stamp:    /ws/swbuildm/rel_venice_qaoff/code/build/tam\n                WC.16.10.0012\n");
        assert_eq!(d.vendor, Some(Vendor::Aruba));
        let d = detect_str(
            "cx# show version\n-----\nArubaOS-CX\n(c) Copyright 2017-2022 Hewlett Packard Enterprise Development LP\nVersion      : FL.10.10.1000\ncx# show lldp neighbor-info\n1/1/52  Cisco IOS XE Software, Version 17.09.04a\n",
        );
        assert_eq!(d.vendor, Some(Vendor::Aruba));
        assert_eq!(d.confidence, 100);
        // A running configuration alone is enough.
        let d = detect_str("sw# show running-config\nRunning configuration:\n\n; JL256A Configuration Editor; Created on release #WC.16.10.0012\n");
        assert_eq!(d.vendor, Some(Vendor::Aruba));
    }

    #[test]
    fn nothing_to_go_on() {
        let d = detect_str("sw#show clock\n12:00:00\n");
        assert_eq!(d.vendor, None);
        assert_eq!(d.confidence, 0);
    }
}
