//! Where devices go: sites, hostnames and files.
//!
//! Device numbers run through the profile's groups in order. Within a
//! group, device `k` goes to site `k mod sites` as that site's
//! `k div sites`-th device, which names it (`WLLS-A05-AS-55`). Each site's
//! devices are then cut into files of the profile's size range; some
//! multi-device files interleave their devices' sessions. The layout does
//! not depend on the day, so day 1 and day 2 have the same files holding
//! the same devices.

use crate::names::{hostname, site_codes};
use crate::profile::{Profile, Sites};
use crate::rng::{Domain, Rng};

/// One device's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// Global device number.
    pub number: u64,
    /// Index of its group in the profile.
    pub group: usize,
    /// Site code.
    pub site: String,
    /// Position within the site (names the device).
    pub index_in_site: u64,
}

impl Placed {
    /// The hostname, given the vendor's role suffix.
    pub fn hostname(&self, role: &str) -> String {
        hostname(&self.site, self.index_in_site, role)
    }
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePlan {
    /// Path relative to the day folder, `/`-separated (`WLLS/WLLS-0003.log`).
    pub path: String,
    /// Its devices, in order of first appearance.
    pub devices: Vec<Placed>,
    /// True when the devices' sessions interleave.
    pub interleaved: bool,
}

/// The whole layout of one spread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Site codes in use, in profile order.
    pub sites: Vec<String>,
    /// Files, ordered by site then number.
    pub files: Vec<FilePlan>,
    /// Devices in total.
    pub devices: u64,
}

/// Lays out a profile; `spread` replaces every group's site count (the
/// `doubling` profile's N and 2N).
pub fn layout(profile: &Profile, seed: u64, spread: Option<u32>) -> Layout {
    // Site codes: explicit codes first, then generated ones that avoid them.
    let explicit: Vec<String> = profile
        .groups
        .iter()
        .filter_map(|g| match &g.sites {
            Sites::Codes(c) => Some(c.clone()),
            Sites::Count(_) => None,
        })
        .flatten()
        .collect();
    let wanted: usize = profile
        .groups
        .iter()
        .map(|g| match (&g.sites, spread) {
            (Sites::Count(_), Some(s)) => s as usize,
            (Sites::Count(n), None) => *n as usize,
            (Sites::Codes(_), _) => 0,
        })
        .sum();
    let mut generated = site_codes(seed, wanted, &explicit).into_iter();

    let mut per_site: Vec<(String, Vec<Placed>)> = Vec::new();
    let mut number = 0u64;
    for (gi, g) in profile.groups.iter().enumerate() {
        let codes: Vec<String> = match (&g.sites, spread) {
            (Sites::Codes(c), _) => c.clone(),
            (Sites::Count(n), s) => (0..s.unwrap_or(*n))
                .map(|_| generated.next().unwrap_or_default())
                .collect(),
        };
        for c in &codes {
            // A code named by two groups is one site.
            if !per_site.iter().any(|(s, _)| s == c) {
                per_site.push((c.clone(), Vec::new()));
            }
        }
        let sites = codes.len() as u64;
        for k in 0..g.devices {
            let site = &codes[(k % sites) as usize];
            let slot = per_site
                .iter_mut()
                .find(|(s, _)| s == site)
                .expect("site registered above");
            let index_in_site = slot.1.len() as u64;
            slot.1.push(Placed {
                number,
                group: gi,
                site: site.clone(),
                index_in_site,
            });
            number += 1;
        }
    }

    let [lo, hi] = profile.files.devices_per_file;
    let mut files = Vec::new();
    for (si, (site, devices)) in per_site.iter().enumerate() {
        let mut rng = Rng::new(seed, Domain::Layout, si as u64);
        let mut rest = devices.as_slice();
        let mut n = 0;
        while !rest.is_empty() {
            let size = (rng.range(u64::from(lo), u64::from(hi)) as usize).min(rest.len());
            let (these, tail) = rest.split_at(size);
            rest = tail;
            n += 1;
            let interleaved = these.len() > 1 && rng.chance(profile.files.interleave_share);
            files.push(FilePlan {
                path: format!("{site}/{site}-{n:04}.log"),
                devices: these.to_vec(),
                interleaved,
            });
        }
    }
    Layout {
        sites: per_site
            .iter()
            .filter(|(_, d)| !d.is_empty())
            .map(|(s, _)| s.clone())
            .collect(),
        files,
        devices: number,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn m1_layout_is_one_device_per_file_at_two_sites() {
        let p = Profile::builtin("m1").unwrap();
        let l = layout(&p, 1, None);
        assert_eq!(l.sites, ["WLLS", "BOYO"]);
        assert_eq!(l.devices, 37);
        assert_eq!(l.files.len(), 37);
        assert_eq!(l.files[0].path, "WLLS/WLLS-0001.log");
        assert_eq!(l.files[0].devices[0].hostname("AS"), "WLLS-A01-AS-01");
        assert_eq!(l.files[25].devices[0].site, "BOYO");
        assert!(l.files.iter().all(|f| !f.interleaved));
    }

    #[test]
    fn spreads_keep_the_devices_and_change_the_sites() {
        let p = Profile::builtin("doubling").unwrap();
        let n = layout(&p, 1, Some(4));
        let n2 = layout(&p, 1, Some(8));
        assert_eq!((n.sites.len(), n2.sites.len()), (4, 8));
        assert_eq!(n.devices, n2.devices);
        let mut a: Vec<u64> = n
            .files
            .iter()
            .flat_map(|f| f.devices.iter().map(|d| d.number))
            .collect();
        let mut b: Vec<u64> = n2
            .files
            .iter()
            .flat_map(|f| f.devices.iter().map(|d| d.number))
            .collect();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b);
        assert_eq!(a, (0..n.devices).collect::<Vec<_>>());
    }

    #[test]
    fn every_device_is_in_exactly_one_file() {
        let p = Profile::builtin("site").unwrap();
        let l = layout(&p, 9, None);
        let mut all: Vec<u64> = l
            .files
            .iter()
            .flat_map(|f| f.devices.iter().map(|d| d.number))
            .collect();
        all.sort_unstable();
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
        assert_eq!(l.sites.len(), 8);
        assert!(l.files.iter().any(|f| f.interleaved));
        assert!(l.files.iter().all(|f| (1..=4).contains(&f.devices.len())));
    }
}
