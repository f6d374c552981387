//! FastIron port identities, port lists and the StateTrace port key.
//!
//! FastIron names a port by numbers only: `1/1/1` (stack unit / module /
//! port), `1/1` (chassis slot / port) or `1` (fixed-port switch), and a LAG
//! as `lg1` in tables or `lag 1` in the configuration. StateTrace has
//! always stored Ethernet ports as `Et` + the numbers (`Et1/1/1`); the UI
//! and existing databases key on that, so every parser here produces it.
//!
//! The configuration lists ports as `ethe 1/1/1 to 1/1/24 ethe 2/1/1`.
//! A range is kept as its two ends and membership is a comparison of the
//! numbers in order, so a range that crosses modules or units
//! (`ethe 1/1/47 to 1/2/2`, `ethe 1/1/1 to 2/1/48`) covers exactly the
//! ports between its ends without knowing how many ports a module has.
//! (The original expanded only the port number of the start port's unit
//! and module and so lost every port after the first module.)

use std::borrow::Cow;

/// What a [`PortId`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PortKind {
    /// A physical Ethernet port.
    Ethernet,
    /// A link aggregation group (`lg1`, `lag 1`).
    Lag,
}

/// A port by kind and numbers (`1/1/1` is Ethernet `[1, 1, 1]`, arity 3).
///
/// Packed into one integer whose order is that of (kind, arity, numbers):
/// every port of the table is tested against every configured range (VLAN
/// membership, enable lists), and one integer compares and hashes in a
/// few instructions where the fields took dozens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortId(u64);

/// Bits per number: numbers have at most six digits, below `1 << 20`.
const NUM_BITS: u32 = 20;
/// Where the arity (1 to 3) sits, above the three numbers.
const ARITY_SHIFT: u32 = 3 * NUM_BITS;
/// Where the kind sits, above the arity.
const KIND_SHIFT: u32 = ARITY_SHIFT + 2;

impl PortId {
    /// Reads one to three `/`-separated numbers (`1/1/1`, `2/3`, `12`).
    pub fn numbers(kind: PortKind, text: &str) -> Option<PortId> {
        // Hand-rolled: this runs on the first words of every table row.
        let mut nums = [0u32; 3];
        let mut arity = 0usize;
        let mut digits = 0usize;
        for &b in text.as_bytes() {
            match b {
                b'0'..=b'9' if digits < 6 => {
                    if digits == 0 {
                        if arity == 3 {
                            return None;
                        }
                        arity += 1;
                    }
                    nums[arity - 1] = nums[arity - 1] * 10 + u32::from(b - b'0');
                    digits += 1;
                }
                b'/' if digits > 0 => digits = 0,
                _ => return None,
            }
        }
        (digits > 0).then(|| PortId::pack(kind, arity as u64, nums))
    }

    /// The packed form; numbers past the arity are 0.
    fn pack(kind: PortKind, arity: u64, nums: [u32; 3]) -> PortId {
        let kind = match kind {
            PortKind::Ethernet => 0,
            PortKind::Lag => 1,
        };
        PortId(
            kind << KIND_SHIFT
                | arity << ARITY_SHIFT
                | u64::from(nums[0]) << (2 * NUM_BITS)
                | u64::from(nums[1]) << NUM_BITS
                | u64::from(nums[2]),
        )
    }

    /// Kind and arity together: ports of one numbering share it.
    fn numbering(self) -> u64 {
        self.0 >> ARITY_SHIFT
    }

    /// How many numbers the port has.
    fn arity(self) -> u64 {
        self.numbering() & 3
    }

    /// Reads a port as tables print it: `1/1/1`, `lg3`; also the stored
    /// key form `Et1/1/1`. Other names (`mgmt1`, `ve10`) are not ports that
    /// configuration lists can name and give `None`.
    pub fn parse(text: &str) -> Option<PortId> {
        let b = text.as_bytes();
        match b.first()? {
            b'0'..=b'9' => PortId::numbers(PortKind::Ethernet, text),
            _ if b.len() > 2 && b[..2].eq_ignore_ascii_case(b"lg") => {
                PortId::numbers(PortKind::Lag, &text[2..]).filter(|p| p.arity() == 1)
            }
            _ if b.len() > 2 && b[..2].eq_ignore_ascii_case(b"et") => {
                PortId::numbers(PortKind::Ethernet, &text[2..])
            }
            _ => None,
        }
    }

    /// The port's kind.
    pub fn kind(&self) -> PortKind {
        if self.0 >> KIND_SHIFT == 0 {
            PortKind::Ethernet
        } else {
            PortKind::Lag
        }
    }
}

/// The key a port is stored under: `Et` + the numbers for an Ethernet port
/// printed as bare numbers (`1/1/1` → `Et1/1/1`), anything else as printed
/// (`lg1`, `mgmt1`, `ve10`).
///
/// ```
/// use statetrace_parse::brocade::port_key;
/// assert_eq!(port_key("1/1/1"), "Et1/1/1");
/// assert_eq!(port_key("lg1"), "lg1");
/// ```
pub fn port_key(raw: &str) -> Cow<'_, str> {
    if raw.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        let mut out = String::with_capacity(raw.len() + 2);
        out.push_str("Et");
        out.push_str(raw);
        Cow::Owned(out)
    } else {
        Cow::Borrowed(raw)
    }
}

/// One entry of a port list: a single port or an inclusive range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortRange {
    /// First port.
    pub start: PortId,
    /// Last port (equal to `start` for a single port).
    pub end: PortId,
}

impl PortRange {
    /// True when `p` lies between the ends (same kind and numbering).
    pub fn contains(&self, p: PortId) -> bool {
        p.numbering() == self.start.numbering() && self.start <= p && p <= self.end
    }
}

/// A set of ports as a configuration line names them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortList {
    /// The singles and ranges, in line order.
    pub ranges: Vec<PortRange>,
    /// True when the line said `all` (every Ethernet port).
    pub all: bool,
}

impl PortList {
    /// True when the list names `p`.
    pub fn contains(&self, p: PortId) -> bool {
        (self.all && p.kind() == PortKind::Ethernet) || self.ranges.iter().any(|r| r.contains(p))
    }

    /// True when the list names no port.
    pub fn is_empty(&self) -> bool {
        !self.all && self.ranges.is_empty()
    }

    /// Adds another list's ports.
    pub fn extend(&mut self, other: &PortList) {
        self.all |= other.all;
        self.ranges.extend_from_slice(&other.ranges);
    }
}

/// True for a word that introduces Ethernet ports: `ethernet` or any
/// abbreviation the CLI accepts (`e`, `eth`, `ethe`, ...).
fn is_ethernet_word(w: &str) -> bool {
    let full = b"ethernet";
    !w.is_empty() && w.len() <= full.len() && full[..w.len()].eq_ignore_ascii_case(w.as_bytes())
}

/// Reads the ports named in a sequence of words, ignoring words that are
/// not part of a port list (so a whole line such as
/// `dot1x enable ethe 1/1/1 to 1/1/24 ethe 2/1/1` can be passed after its
/// command words).
///
/// ```
/// use statetrace_parse::brocade::{parse_port_list, PortId};
/// let l = parse_port_list("ethe 1/1/47 to 1/2/2 ethe 2/1/1".split(' '));
/// assert!(l.contains(PortId::parse("1/1/48").unwrap()));
/// assert!(l.contains(PortId::parse("1/2/1").unwrap()));
/// assert!(!l.contains(PortId::parse("1/2/3").unwrap()));
/// assert!(l.contains(PortId::parse("2/1/1").unwrap()));
/// ```
pub fn parse_port_list<'a>(words: impl Iterator<Item = &'a str>) -> PortList {
    let mut out = PortList::default();
    let mut kind: Option<PortKind> = None;
    let mut pending_to = false;
    for word in words {
        let w = word.trim_end_matches(',');
        if w.is_empty() {
            continue;
        }
        if w.eq_ignore_ascii_case("to") {
            pending_to = !out.ranges.is_empty() && kind.is_some();
            continue;
        }
        if w.eq_ignore_ascii_case("all") {
            out.all = true;
            kind = None;
            continue;
        }
        if w.eq_ignore_ascii_case("lag") {
            kind = Some(PortKind::Lag);
            pending_to = false;
            continue;
        }
        if is_ethernet_word(w) {
            kind = Some(PortKind::Ethernet);
            pending_to = false;
            continue;
        }
        let Some(k) = kind else { continue };
        let Some(p) = PortId::numbers(k, w) else {
            // Any other word ends the list the keyword started.
            kind = None;
            pending_to = false;
            continue;
        };
        if std::mem::take(&mut pending_to) {
            if let Some(last) = out.ranges.last_mut() {
                if last.start.numbering() == p.numbering() {
                    if p < last.start {
                        last.end = last.start;
                        last.start = p;
                    } else {
                        last.end = p;
                    }
                    continue;
                }
            }
        }
        out.ranges.push(PortRange { start: p, end: p });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> PortId {
        PortId::parse(s).unwrap()
    }

    fn list(s: &str) -> PortList {
        parse_port_list(s.split_ascii_whitespace())
    }

    #[test]
    fn ids_and_keys() {
        assert_eq!(id("1/1/1"), id("Et1/1/1"));
        assert_ne!(id("1/1/1"), id("1/1"));
        assert_eq!(id("lg12").kind(), PortKind::Lag);
        assert_eq!(PortId::parse("mgmt1"), None);
        assert_eq!(PortId::parse("ve10"), None);
        assert_eq!(PortId::parse("1/1/1/1"), None);
        assert_eq!(PortId::parse("1//1"), None);
        assert_eq!(PortId::parse(""), None);
        assert_eq!(PortId::parse("99999999"), None);
        assert_eq!(port_key("1/1/1"), "Et1/1/1");
        assert_eq!(port_key("12"), "Et12");
        assert_eq!(port_key("mgmt1"), "mgmt1");
        assert_eq!(port_key(""), "");
    }

    #[test]
    fn ranges_cross_modules_and_units() {
        let l = list("mac-authentication enable ethe 1/1/1 to 1/1/48 ethe 2/1/1 to 2/1/48");
        assert!(l.contains(id("1/1/1")));
        assert!(l.contains(id("1/1/48")));
        assert!(!l.contains(id("1/2/1")));
        assert!(l.contains(id("2/1/17")));
        assert!(!l.contains(id("3/1/1")));
        // The original kept the start's unit and module: 1/1/47..1/1/2 is
        // empty there; here it is 1/1/47, 1/1/48 and the start of module 2.
        let l = list("ethe 1/1/47 to 1/2/2");
        assert!(l.contains(id("1/1/47")));
        assert!(l.contains(id("1/1/48")));
        assert!(l.contains(id("1/2/1")));
        assert!(l.contains(id("1/2/2")));
        assert!(!l.contains(id("1/2/3")));
        assert!(!l.contains(id("1/1/46")));
        let l = list("ethe 1/1/1 to 2/1/48");
        assert!(l.contains(id("1/4/1")));
        assert!(l.contains(id("2/1/48")));
        assert!(!l.contains(id("2/2/1")));
    }

    #[test]
    fn list_forms() {
        let l = list("tagged ethe 2 ethe 11");
        assert!(l.contains(id("2")) && l.contains(id("11")) && !l.contains(id("3")));
        let l = list("tagged ethernet 1/2/1 e 2/2/1 lag 3 to 4");
        assert!(l.contains(id("1/2/1")) && l.contains(id("2/2/1")));
        assert!(l.contains(id("lg3")) && l.contains(id("lg4")) && !l.contains(id("lg5")));
        // Reversed range, commas, `all`.
        let l = list("ethe 1/1/9 to 1/1/5, ethe 1/1/20");
        assert!(l.contains(id("1/1/7")) && l.contains(id("1/1/20")));
        assert!(list("enable all").contains(id("4/1/4")));
        assert!(!list("enable all").contains(id("lg1")));
        // `to` without a start, numbers without a keyword, mixed arity.
        assert!(list("to 1/1/4").is_empty());
        assert!(list("vlan 10 1/1/1").is_empty());
        let l = list("ethe 1/1/1 to 1/2");
        assert!(l.contains(id("1/1/1")) && l.contains(id("1/2")) && !l.contains(id("1/1/2")));
        // A keyword's list ends at the first other word.
        let l = list("ethe 1/1/1 priority 5");
        assert_eq!(l.ranges.len(), 1);
    }
}
