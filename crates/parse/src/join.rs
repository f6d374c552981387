//! Joining per-port facts onto a device's port rows: the part every
//! vendor's assembly shares. Which facts a vendor reads, and how it names
//! its ports, stay with the vendor.

use statetrace_model::Port;

/// Maps for the per-device joins. Their keys are short port names and MACs
/// from the device itself: flooding resistance buys nothing, and SipHash
/// showed up in profiles.
pub type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// Sets for the per-device joins (see [`FastMap`]).
pub type FastSet<K> = rustc_hash::FxHashSet<K>;

/// Row index by port key; the first row wins when a port is listed twice.
pub fn port_index<'a>(keys: impl ExactSizeIterator<Item = &'a str>) -> FastMap<&'a str, usize> {
    let mut index = FastMap::default();
    index.reserve(keys.len());
    for (i, key) in keys.enumerate() {
        index.entry(key).or_insert(i);
    }
    index
}

/// True for a group address (multicast, broadcast): the low bit of the
/// first octet of the 48-bit value is set. Such addresses are not learned
/// endpoints.
pub fn is_group_mac(value: u64) -> bool {
    (value >> 40) & 1 == 1
}

/// Learned MACs gathered from a MAC table, then added to the ports in table
/// order: each MAC once per port (some platforms print the table once per
/// line card), lower-case, group addresses skipped.
#[derive(Debug, Default)]
pub struct LearnedMacs {
    seen: FastSet<(usize, u64)>,
    found: Vec<(usize, String)>,
}

impl LearnedMacs {
    /// Room for a table of `rows` rows (one MAC each, usually): one
    /// allocation per collection instead of a rehash per doubling.
    pub fn with_capacity(rows: usize) -> LearnedMacs {
        let mut seen = FastSet::default();
        seen.reserve(rows);
        LearnedMacs {
            seen,
            found: Vec::with_capacity(rows),
        }
    }

    /// Notes that port row `port` learned `mac`, whose 48-bit value is
    /// `value`.
    pub fn add(&mut self, port: usize, value: u64, mac: &str) {
        if !is_group_mac(value) && self.seen.insert((port, value)) {
            self.found.push((port, mac.to_ascii_lowercase()));
        }
    }

    /// Appends the MACs to their ports' `learned_macs`.
    pub fn apply(self, ports: &mut [Port]) {
        for (i, mac) in self.found {
            if let Some(p) = ports.get_mut(i) {
                p.learned_macs.push(mac);
            }
        }
    }
}

/// For each of `rows` port rows, the item that describes it: the first item
/// naming the port, replaced by a later one when `better(current, later)`
/// (e.g. a DATA-domain session over a phone's VOICE one). Items naming a
/// port that has no row are ignored.
pub fn pick_per_port<'s, T>(
    index: &FastMap<&str, usize>,
    rows: usize,
    items: &'s [T],
    port: impl Fn(&'s T) -> &'s str,
    better: impl Fn(&T, &T) -> bool,
) -> Vec<Option<&'s T>> {
    let mut chosen: Vec<Option<&'s T>> = vec![None; rows];
    for item in items {
        let Some(&i) = index.get(port(item)) else {
            continue;
        };
        match chosen.get(i).copied().flatten() {
            Some(current) if !better(current, item) => {}
            _ => {
                if let Some(slot) = chosen.get_mut(i) {
                    *slot = Some(item);
                }
            }
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macs_once_per_port_in_order_without_group_addresses() {
        let mut ports = vec![Port::default(), Port::default()];
        let mut macs = LearnedMacs::default();
        macs.add(0, 0x0050_5689_3a01, "0050.5689.3A01");
        macs.add(0, 0x0050_5689_3a01, "0050.5689.3a01");
        macs.add(0, 0x0100_5e00_0001, "0100.5e00.0001");
        macs.add(1, 0x0050_5689_3a01, "0050.5689.3a01");
        macs.add(0, 0x0011_2233_4455, "0011.2233.4455");
        macs.apply(&mut ports);
        assert_eq!(ports[0].learned_macs, ["0050.5689.3a01", "0011.2233.4455"]);
        assert_eq!(ports[1].learned_macs, ["0050.5689.3a01"]);
        assert!(is_group_mac(0xffff_ffff_ffff) && !is_group_mac(0x0050_5689_3a01));
    }

    #[test]
    fn port_index_keeps_the_first_row() {
        let index = port_index(["Gi1", "Gi2", "Gi1"].into_iter());
        assert_eq!((index["Gi1"], index["Gi2"], index.len()), (0, 1, 2));
    }

    #[test]
    fn first_item_per_port_unless_a_better_one_follows() {
        let mut index = FastMap::default();
        index.insert("Gi1", 0);
        index.insert("Gi2", 1);
        let items = [
            ("Gi1", 1),
            ("Gi1", 2),
            ("Gi1", 9),
            ("Gi2", 4),
            ("Gi3", 7),
            ("Gi2", 3),
        ];
        let chosen = pick_per_port(&index, 2, &items, |i| i.0, |cur, new| new.1 > cur.1 + 5);
        assert_eq!(chosen, [Some(&("Gi1", 9)), Some(&("Gi2", 4))]);
    }
}
