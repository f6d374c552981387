//! Names: site codes, hostnames, descriptions and MAC addresses.

use crate::rng::{Domain, Rng};

/// Site codes handed out to profiles that give a site count, in a
/// seed-dependent order. Four letters, like the original's `WLLS`/`BOYO`.
const SITE_CODES: &[&str] = &[
    "ALBY", "ATLN", "AUST", "BALT", "BOST", "BRNC", "BRKL", "CHRL", "CHGO", "CINC", "CLEV", "CLMB",
    "DALL", "DAYT", "DENV", "DETR", "DLTH", "ELPS", "EUGN", "FRGO", "FRSN", "GRBY", "HART", "HNLU",
    "HOUS", "INDY", "JACK", "KNOX", "LANS", "LRDO", "LVGS", "LXNG", "MADN", "MEMP", "MIAM", "MILW",
    "MNPL", "MOBL", "NASH", "NWRK", "OAKL", "OKCY", "OMHA", "ORLN", "PHIL", "PHNX", "PITT", "PORT",
    "PROV", "RALE", "RENO", "RICH", "ROCH", "SACR", "SALM", "SANJ", "SAVN", "SCRN", "SEAT", "SPKN",
    "STLS", "SYRC", "TAMP", "TOLD", "TPKA", "TUCS", "TULS", "WICH", "WLMG", "YONK",
];

/// `count` distinct site codes for a seed, avoiding `taken`. Beyond the
/// list, codes are `S` plus a number (`S071`).
pub fn site_codes(seed: u64, count: usize, taken: &[String]) -> Vec<String> {
    let mut pool: Vec<&str> = SITE_CODES
        .iter()
        .copied()
        .filter(|c| !taken.iter().any(|t| t == c))
        .collect();
    Rng::new(seed, Domain::Sites, 0).shuffle(&mut pool);
    let mut out: Vec<String> = pool.into_iter().take(count).map(str::to_string).collect();
    let mut n = 0;
    while out.len() < count {
        let code = format!("S{n:03}");
        n += 1;
        if !taken.contains(&code) && !out.contains(&code) {
            out.push(code);
        }
    }
    out
}

/// The hostname of the `j`-th device (0-based) of a site: building letter,
/// closet and switch number, e.g. `WLLS-A05-AS-55`. Unique within the site
/// for `j` below 26,000, and always the same length for a given site code.
pub fn hostname(site: &str, j: u64, role: &str) -> String {
    let building = (b'A' + ((j / 1000) % 26) as u8) as char;
    let closet = (j / 50) % 20 + 1;
    let number = j % 50 + 1;
    format!("{site}-{building}{closet:02}-{role}-{number:02}")
}

/// Surnames for user-port descriptions.
pub const SURNAMES: &[&str] = &[
    "Alvarez",
    "Brennan",
    "Chaudhry",
    "Delacroix",
    "Eriksen",
    "Fofanah",
    "Gallagher",
    "Haddad",
    "Ibarra",
    "Jankowski",
    "Kowalczyk",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "O'Connell",
    "Petrovic",
    "Quinn",
    "Ramirez",
    "Sato",
    "Thompson",
    "Umarov",
    "Vasquez",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zielinski",
    "Okafor",
    "Mensah",
    "Castillo",
    "Tanaka",
    "Steiner",
    "Idowu",
];

/// A MAC address as a 48-bit value.
pub type Mac = u64;

/// Organisationally unique identifiers by kind of endpoint (all unicast,
/// globally administered).
pub mod oui {
    /// PCs and docks.
    pub const PC: &[u64] = &[0x54e1ad, 0x8c1645, 0xb8cb29, 0xd481d7, 0x3024a9];
    /// IP phones.
    pub const PHONE: &[u64] = &[0x649ef3, 0xf02929, 0x0c1167];
    /// Printers.
    pub const PRINTER: &[u64] = &[0x3822e2, 0x002673, 0x0017c8];
    /// Cameras and badge readers.
    pub const CAMERA: &[u64] = &[0xaccc8e, 0x00408c, 0x00064d];
    /// Access points.
    pub const AP: &[u64] = &[0x34fcb9, 0x204c03];
    /// Wireless clients behind access points.
    pub const WIRELESS: &[u64] = &[0xf8e71e, 0x6c8bd3, 0xa4cf99];
    /// Hosts beyond the uplink.
    pub const REMOTE: &[u64] = &[0x005056, 0x00a742, 0x2c3f0b, 0x3822e2];
}

/// Hands out MAC addresses that are distinct within one device: the low 24
/// bits are an odd multiple of a counter (a bijection modulo 2^24) mixed
/// with a per-device salt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacSource {
    salt: u64,
    next: u64,
}

impl MacSource {
    /// A source for a device, its salt drawn from `rng`.
    pub fn new(rng: &mut Rng) -> MacSource {
        MacSource {
            salt: rng.next_u64() & 0xff_ffff,
            next: 1,
        }
    }

    /// The next MAC under one of `ouis`.
    pub fn next(&mut self, rng: &mut Rng, ouis: &[u64]) -> Mac {
        let low = (self.next.wrapping_mul(0x9E_3779) ^ self.salt) & 0xff_ffff;
        self.next += 1;
        (*rng.pick(ouis) << 24) | low
    }
}

/// `aabb.ccdd.eeff` (Cisco, Arista, FastIron).
pub fn dotted(mac: Mac) -> String {
    format!(
        "{:04x}.{:04x}.{:04x}",
        (mac >> 32) & 0xffff,
        (mac >> 16) & 0xffff,
        mac & 0xffff
    )
}

/// `aa:bb:cc:dd:ee:ff` (AOS-CX, Junos).
pub fn colon(mac: Mac) -> String {
    let b = mac.to_be_bytes();
    format!(
        "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
        b[2], b[3], b[4], b[5], b[6], b[7]
    )
}

/// Bare 12 hex digits (FastIron bridge IDs).
pub fn bare(mac: Mac) -> String {
    format!("{mac:012x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostnames_follow_the_site_rule_and_stay_unique() {
        assert_eq!(hostname("WLLS", 0, "AS"), "WLLS-A01-AS-01");
        assert_eq!(hostname("WLLS", 1054, "AS"), "WLLS-B02-AS-05");
        let mut all: Vec<String> = (0..3000).map(|j| hostname("X", j, "AS")).collect();
        let len = all[0].len();
        assert!(all.iter().all(|h| h.len() == len));
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 3000);
    }

    #[test]
    fn site_codes_are_distinct_and_avoid_taken_ones() {
        let taken = vec!["WLLS".to_string(), "BOYO".to_string()];
        let codes = site_codes(1, 100, &taken);
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 100);
        assert!(codes.iter().all(|c| !taken.contains(c)));
        assert_eq!(codes, site_codes(1, 100, &taken));
    }

    #[test]
    fn macs_are_distinct_unicast_and_formatted() {
        let mut rng = Rng::new(3, Domain::Device, 0);
        let mut src = MacSource::new(&mut rng);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..5000 {
            let m = src.next(&mut rng, oui::PC);
            assert_eq!((m >> 40) & 1, 0, "unicast");
            assert!(seen.insert(m & 0xff_ffff));
        }
        assert_eq!(dotted(0x54e1_add5_e426), "54e1.add5.e426");
        assert_eq!(colon(0x54e1_add5_e426), "54:e1:ad:d5:e4:26");
        assert_eq!(bare(0x0000_0c9f_f00a), "00000c9ff00a");
    }
}
