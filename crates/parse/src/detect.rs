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
    // `show version` starts with `Arista <model>`: DCS- (data centre) and
    // CCS- (campus) hardware, cEOS containers.
    Clue {
        vendor: Vendor::Arista,
        needle: "Arista DCS-",
        weight: 10,
    },
    Clue {
        vendor: Vendor::Arista,
        needle: "Arista CCS-",
        weight: 10,
    },
    Clue {
        vendor: Vendor::Arista,
        needle: "Arista cEOS",
        weight: 10,
    },
    Clue {
        vendor: Vendor::Arista,
        needle: "Internal build version:",
        weight: 3,
    },
    // The running configuration's `! device: NAME (MODEL, EOS-4.30.4M)`.
    Clue {
        vendor: Vendor::Arista,
        needle: ", EOS-",
        weight: 4,
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
    // Junos prints `{master:0}` (Virtual Chassis role) before every prompt
    // and `## Last commit:` atop its configuration: evidence even when no
    // `show version` was captured.
    Clue {
        vendor: Vendor::Juniper,
        needle: "{master:",
        weight: 6,
    },
    Clue {
        vendor: Vendor::Juniper,
        needle: "## Last commit:",
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
    // Keys of PAN-OS `show system info` and the heading of
    // `show interface all`, worded as no other vendor words them.
    Clue {
        vendor: Vendor::PaloAlto,
        needle: "app-version:",
        weight: 6,
    },
    Clue {
        vendor: Vendor::PaloAlto,
        needle: "multi-vsys:",
        weight: 6,
    },
    Clue {
        vendor: Vendor::PaloAlto,
        needle: "total configured hardware interfaces:",
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
    MATCHER.get_or_init(|| clue_automaton(aho_corasick::MatchKind::Standard))
}

/// The same clues, leftmost-first: this kind can use aho-corasick's
/// packed (Teddy, SIMD) prefilter, which the overlapping kind cannot, so
/// it rejects a clue-free line (nearly all of them) several times faster
/// than the automaton walk.
fn rejecter() -> &'static aho_corasick::AhoCorasick {
    static REJECTER: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    REJECTER.get_or_init(|| clue_automaton(aho_corasick::MatchKind::LeftmostFirst))
}

/// Every clue's needle in one automaton of the given match kind.
fn clue_automaton(kind: aho_corasick::MatchKind) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .match_kind(kind)
        .build(CLUES.iter().map(|c| c.needle))
        .expect("clue needles are plain strings")
}

/// Scores the evidence in a device's text.
///
/// The identity blocks are read first; only when they hold no clue is the
/// rest of the transcript searched (at single weight), which keeps the
/// common case to a few dozen lines.
pub fn detect(text: &DeviceText<'_>) -> Detection {
    // The identity blocks' lines, at triple weight, in transcript order
    // (blocks are disjoint and ordered): walking just these skips the
    // per-line bookkeeping of the whole transcript.
    let identity = score(
        text.blocks()
            .iter()
            .filter(|b| IDENTITY.contains(&b.command.as_str()))
            .flat_map(|b| text.block_lines(b).iter().map(|line| (*line, 3))),
    );
    if identity.vendor.is_some() {
        return identity;
    }
    score(weighted_lines(text))
}

/// Every line outside the neighbour blocks, with its weight: triple in
/// the identity blocks, single elsewhere.
fn weighted_lines<'t, 'a>(text: &'t DeviceText<'a>) -> impl Iterator<Item = (&'a str, u32)> + 't {
    let mut excluded = vec![false; text.lines().len()];
    let mut weight = vec![1u32; text.lines().len()];
    for b in text.blocks() {
        if is_neighbour_block(&b.command) {
            excluded[b.lines.clone()].fill(true);
        } else if IDENTITY.contains(&b.command.as_str()) {
            weight[b.lines.clone()].fill(3);
        }
    }
    text.lines()
        .iter()
        .zip(excluded)
        .zip(weight)
        .filter(|((_, excluded), _)| !excluded)
        .map(|((line, _), weight)| (*line, weight))
}

/// Scores the clues found in `lines`, each counted at its line's weight.
fn score<'a>(lines: impl Iterator<Item = (&'a str, u32)>) -> Detection {
    let mut scores = [0u32; Vendor::ALL.len()];
    let mut evidence = Vec::new();
    let matcher = matcher();
    let rejecter = rejecter();
    let mut seen = [false; CLUES.len()];
    for (line, weight) in lines {
        // The unanchored search rejects a clue-free line (most of them)
        // faster than the overlapping walk.
        if !rejecter.is_match(line) {
            continue;
        }
        for m in matcher.find_overlapping_iter(line) {
            let c = m.pattern().as_usize();
            let clue = &CLUES[c];
            let v = Vendor::ALL
                .iter()
                .position(|v| *v == clue.vendor)
                .unwrap_or(0);
            scores[v] += clue.weight * weight;
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
    fn arista_from_version_despite_neighbours() {
        let d = detect_str(
            "sw1#show version | no-more\nArista CCS-720XP-48ZC2-F\nHardware version: 11.03\n\
             Software image version: 4.30.4M\nInternal build version: 4.30.4M-34519384.4304M\n\
             sw1#show lldp neighbors detail | no-more\n  System Description: \"Cisco IOS Software, C3750E\"\n\
             Juniper Networks, Inc. ex4300-48p JUNOS 21.4R3\n\
             sw1#show interfaces status\nEt1  Cisco IOS Software phone  connected 110\n",
        );
        assert_eq!(d.vendor, Some(Vendor::Arista));
        assert_eq!(d.confidence, 100);
        assert!(d.evidence.contains(&"Arista: \"Arista CCS-\"".to_string()));
        // A vEOS / cEOS `show version` is enough on its own.
        let d = detect_str("sw#show version\nArista cEOSLab\nsw#");
        assert_eq!(d.vendor, Some(Vendor::Arista));
    }

    #[test]
    fn arista_from_running_config_alone() {
        let d = detect_str(
            "sw1#show running-config\n! Command: show running-config\n\
             ! device: sw1 (DCS-7050SX3-48YC8, EOS-4.28.3M)\n!\nhostname sw1\n",
        );
        assert_eq!(d.vendor, Some(Vendor::Arista));
    }

    #[test]
    fn cisco_naming_an_arista_neighbour_stays_cisco() {
        let d = detect_str(
            "sw#show version\nCisco IOS XE Software, Version 17.09.04a\n\
             sw#show lldp neighbors detail\nSystem Description:\nArista Networks EOS version 4.30.4M running on an Arista CCS-720XP-48ZC2-F\n\
             sw#show cdp neighbors detail\nPlatform: Arista DCS-7050SX3\n",
        );
        assert_eq!(d.vendor, Some(Vendor::Cisco));
    }

    #[test]
    fn juniper_from_version_even_with_cisco_and_pan_neighbours() {
        let d = detect_str(
            "{master:0}\nnetops@KNOX-C01-AS-01> show version\nfpc0:\n----\nHostname: KNOX-C01-AS-01\nModel: ex4300-48p\nJunos: 21.4R3-S4.9\nJUNOS EX  Software Suite [21.4R3-S4.9]\n\n{master:0}\nnetops@KNOX-C01-AS-01> show lldp neighbors\nge-0/0/47  -  00:1b:17:00:01:10  ethernet1/3  PA-3220 Palo Alto Networks PAN-OS sw-version: 10.2.3\nxe-0/2/0   -  70:b3:17:aa:00:01  Te1/1/1  Cisco IOS Software, Cisco IOS XE Software\n",
        );
        assert_eq!(d.vendor, Some(Vendor::Juniper));
        assert_eq!(d.confidence, 100);
    }

    #[test]
    fn juniper_without_show_version() {
        let d = detect_str(
            "netops@sw> show interfaces terse\nge-0/0/0 up up\n\n{master:0}\nnetops@sw> show configuration\n## Last commit: 2025-02-11 14:02:19 PST by netops\n",
        );
        assert_eq!(d.vendor, Some(Vendor::Juniper));
    }

    #[test]
    fn palo_alto_from_system_info_even_with_neighbours() {
        let d = detect_str(
            "admin@RENO-DC1-FW-01(active)> show system info\n\nhostname: RENO-DC1-FW-01\nmodel: PA-3220\nsw-version: 10.2.3\napp-version: 8712-8390\nmulti-vsys: off\n\nadmin@RENO-DC1-FW-01(active)> show lldp neighbors all\nethernet1/3 KNOX-C01-AS-01 Juniper Networks, Inc. JUNOS 21.4R3 Junos: 21.4R3\n",
        );
        assert_eq!(d.vendor, Some(Vendor::PaloAlto));
        assert_eq!(d.confidence, 100);
        let d =
            detect_str("admin@fw> show interface all\n\ntotal configured hardware interfaces: 2\n");
        assert_eq!(d.vendor, Some(Vendor::PaloAlto));
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
