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

/// How many groups (VLANs) of ranges cover each port, answered by a binary
/// search instead of testing every range: the table's ports each ask, and
/// a switch's VLANs list dozens of ranges.
///
/// The ranges' ends cut the packed port numbers into runs that every range
/// either covers whole or misses; each run keeps its count. A range's ends
/// share their numbering (the parser only joins such ends), so a port
/// within a range's ends is a port of the range.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CoverCount {
    /// Where each run starts, ascending.
    starts: Vec<u64>,
    /// The count of the run starting at the same index.
    counts: Vec<u32>,
}

impl CoverCount {
    /// Builds the runs from ranges tagged with their group; a group's
    /// ranges are adjacent in `ranges`.
    pub(crate) fn new(ranges: &[(PortRange, usize)]) -> CoverCount {
        let mut starts: Vec<u64> = Vec::with_capacity(ranges.len() * 2);
        for (r, _) in ranges {
            starts.push(r.start.0);
            starts.push(r.end.0 + 1);
        }
        starts.sort_unstable();
        starts.dedup();
        let counts = starts
            .iter()
            .map(|&at| {
                let mut count = 0;
                let mut last = usize::MAX;
                for &(r, group) in ranges {
                    if group != last && r.start.0 <= at && at <= r.end.0 {
                        count += 1;
                        last = group;
                    }
                }
                count
            })
            .collect();
        CoverCount { starts, counts }
    }

    /// How many groups have a range that holds `p`.
    pub(crate) fn count(&self, p: PortId) -> usize {
        match self.starts.partition_point(|&s| s <= p.0) {
            0 => 0,
            i => self.counts[i - 1] as usize,
        }
    }
}

/// True for a word that introduces Ethernet ports: `ethernet` or any
/// abbreviation the CLI accepts (`e`, `eth`, `ethe`, ...).
fn is_ethernet_word(w: &str) -> bool {
    let full = b"ethernet";
    !w.is_empty() && w.len() <= full.len() && full[..w.len()].eq_ignore_ascii_case(w.as_bytes())
}

/// What a word of a port list is.
enum Word {
    /// `to`: the next port ends a range.
    To,
    /// `all`: every Ethernet port.
    All,
    /// `lag` or an `ethernet` abbreviation: ports of this kind follow.
    Kind(PortKind),
    /// Anything else: a port number or a word that ends the list.
    Other,
}

/// Classifies a (non-empty) word. Port numbers, the commonest words, are
/// told by their first byte, so they skip the keyword comparisons.
fn classify(w: &str) -> Word {
    match w.as_bytes()[0] | 0x20 {
        b't' if w.eq_ignore_ascii_case("to") => Word::To,
        b'a' if w.eq_ignore_ascii_case("all") => Word::All,
        b'l' if w.eq_ignore_ascii_case("lag") => Word::Kind(PortKind::Lag),
        b'e' if is_ethernet_word(w) => Word::Kind(PortKind::Ethernet),
        _ => Word::Other,
    }
}

/// Reads a port list a word at a time, appending to a [`PortList`]: the
/// state [`parse_port_list`] keeps between words. Appending to an existing
/// list (a VLAN's second `tagged` line) gives what extending it with a
/// freshly parsed list gives, without the second vector.
struct ListReader<'l> {
    out: &'l mut PortList,
    /// Ranges already in `out` before this list: a `to` cannot extend them.
    base: usize,
    kind: Option<PortKind>,
    pending_to: bool,
}

impl<'l> ListReader<'l> {
    fn new(out: &'l mut PortList) -> ListReader<'l> {
        let base = out.ranges.len();
        ListReader {
            out,
            base,
            kind: None,
            pending_to: false,
        }
    }

    /// Takes the next word of the line.
    fn word(&mut self, word: &str) {
        let w = trim_commas(word);
        if w.is_empty() {
            return;
        }
        match classify(w) {
            Word::To => {
                self.pending_to = self.out.ranges.len() > self.base && self.kind.is_some();
            }
            Word::All => {
                self.out.all = true;
                self.kind = None;
            }
            Word::Kind(k) => {
                self.kind = Some(k);
                self.pending_to = false;
            }
            Word::Other => self.port(w),
        }
    }

    /// A word that is not a keyword: a port of the current kind, else the
    /// end of the list the keyword started.
    fn port(&mut self, w: &str) {
        let Some(k) = self.kind else { return };
        let Some(p) = PortId::numbers(k, w) else {
            self.kind = None;
            self.pending_to = false;
            return;
        };
        if std::mem::take(&mut self.pending_to) {
            if let Some(last) = self.out.ranges.last_mut() {
                if last.start.numbering() == p.numbering() {
                    if p < last.start {
                        last.end = last.start;
                        last.start = p;
                    } else {
                        last.end = p;
                    }
                    return;
                }
            }
        }
        self.out.ranges.push(PortRange { start: p, end: p });
    }
}

/// `w` without trailing commas (`1/1/9,`).
fn trim_commas(w: &str) -> &str {
    let b = w.as_bytes();
    let mut n = b.len();
    while n > 0 && b[n - 1] == b',' {
        n -= 1;
    }
    // Only ASCII commas were cut, so `n` is a char boundary.
    &w[..n]
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
    let mut reader = ListReader::new(&mut out);
    for word in words {
        reader.word(word);
    }
    out
}

/// Appends the ports named in `text` (the rest of a configuration line,
/// words separated by whitespace as [`crate::table::tokens`] splits them)
/// to `out`: the same as extending `out` with [`parse_port_list`] of the
/// words, without splitting into tokens or building a second list.
pub(crate) fn read_port_list(text: &str, out: &mut PortList) {
    let mut reader = ListReader::new(out);
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] <= b' ' {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i] > b' ' {
            i += 1;
        }
        // Both ends sit next to ASCII bytes (or the text's ends): char
        // boundaries.
        reader.word(&text[start..i]);
    }
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
