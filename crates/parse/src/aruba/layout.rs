//! Helpers shared by the Aruba parsers: header-anchored columns, Aruba MAC
//! shapes, port names as tables print them, and port lists (`1-20,A1,Trk1`).
//!
//! AOS-S and AOS-CX print fixed-width tables whose cells are left-aligned
//! under their header word and may be empty or hold several words (port
//! names, CX reasons and descriptions). A row is therefore read by giving
//! each token to the column whose header starts at or before it; a cell is
//! the span from its first to its last token, so multi-word cells stay
//! borrowed slices of the line.

use crate::table::Token;
use crate::trim::TrimExt;

/// Room for a table row's tokens, so a parser's token buffer is
/// allocated once instead of regrowing on its first rows.
pub const ROW_TOKENS: usize = 32;

/// Most columns any Aruba table has.
pub const MAX_COLUMNS: usize = 12;

/// A token may sit this many bytes left of its header word and still
/// belong to it. A pager prompt cut out of a line (`-- MORE --, ...`) takes
/// the space after it along, moving the rest of that line one byte left.
const SLACK: usize = 1;

/// Offsets up to which [`Columns`] keeps each offset's column in a table.
const COLUMN_TABLE: usize = 256;

/// Column start offsets read from a header line.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    starts: [usize; MAX_COLUMNS],
    len: usize,
    /// The column of a token whose offset plus [`SLACK`] is the index:
    /// how many starts after the first are at or before it. Filled when
    /// the starts ascend (then [`Columns::cells`] looks each token up
    /// instead of walking the starts); empty (`None`) otherwise.
    column_at: Option<[u8; COLUMN_TABLE]>,
}

impl std::fmt::Debug for Columns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Columns")
            .field("starts", &&self.starts[..self.len])
            .finish()
    }
}

impl Columns {
    /// Columns starting at the given offsets (ascending; extra ones beyond
    /// [`MAX_COLUMNS`] are ignored).
    pub fn new(starts: &[usize]) -> Columns {
        let mut c = Columns {
            starts: [0; MAX_COLUMNS],
            len: starts.len().min(MAX_COLUMNS),
            column_at: None,
        };
        c.starts[..c.len].copy_from_slice(&starts[..c.len]);
        let rest = &c.starts[1.min(c.len)..c.len];
        if rest.windows(2).all(|w| w[0] <= w[1]) {
            let mut table = [0u8; COLUMN_TABLE];
            // Column `k + 1` from its start on, overwritten by later ones.
            for (k, &start) in rest.iter().enumerate() {
                // At most MAX_COLUMNS - 1: fits a byte.
                table[start.min(COLUMN_TABLE)..].fill(k as u8 + 1);
            }
            c.column_at = Some(table);
        }
        c
    }

    /// How many columns there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are no columns.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The cells of a row: for each column, the text from its first token to
    /// its last, or `None` when no token fell in it.
    ///
    /// A token belongs to the last column whose header starts at or before
    /// it (with [`SLACK`]); tokens left of the first column belong to the
    /// first. This runs for every row of every table: with ascending
    /// starts each token's column is one table load, and a cell is
    /// written when the next token falls in another column.
    pub fn cells<'a>(&self, line: &'a str, toks: &[Token<'a>]) -> [Option<&'a str>; MAX_COLUMNS] {
        match &self.column_at {
            Some(table) => self.cells_by_table(table, line, toks),
            None => self.cells_by_walk(line, toks),
        }
    }

    /// [`Columns::cells`] with the column of each token looked up.
    fn cells_by_table<'a>(
        &self,
        table: &[u8; COLUMN_TABLE],
        line: &'a str,
        toks: &[Token<'a>],
    ) -> [Option<&'a str>; MAX_COLUMNS] {
        let mut out = [None; MAX_COLUMNS];
        if self.len == 0 || toks.is_empty() {
            return out;
        }
        let rest = &self.starts[1..self.len];
        // Token offsets are below `isize::MAX`: no overflow.
        let column = |t: &Token<'_>| match table.get(t.start + SLACK) {
            Some(&c) => usize::from(c),
            None => rest.partition_point(|&s| s <= t.start + SLACK),
        };
        let (mut col, mut first) = (column(&toks[0]), 0);
        for (k, t) in toks.iter().enumerate().skip(1) {
            let c = column(t);
            if c != col {
                out[col] = Some(cell_text(line, toks, first, k - 1));
                (col, first) = (c, k);
            }
        }
        out[col] = Some(cell_text(line, toks, first, toks.len() - 1));
        out
    }

    /// [`Columns::cells`] by one forward walk over the tokens and the
    /// starts together (the column only ever moves right), for starts that
    /// do not ascend.
    fn cells_by_walk<'a>(
        &self,
        line: &'a str,
        toks: &[Token<'a>],
    ) -> [Option<&'a str>; MAX_COLUMNS] {
        let mut out = [None; MAX_COLUMNS];
        if self.len == 0 || toks.is_empty() {
            return out;
        }
        let mut col = 0;
        // Where the next column starts: a token at or past it moves on.
        let mut next = self.start_after(col);
        // The first token of the open cell.
        let mut first = 0;
        for (k, t) in toks.iter().enumerate() {
            let at = t.start + SLACK;
            if at < next {
                continue;
            }
            if k > first {
                out[col] = Some(cell_text(line, toks, first, k - 1));
            }
            while at >= next {
                col += 1;
                next = self.start_after(col);
            }
            first = k;
        }
        out[col] = Some(cell_text(line, toks, first, toks.len() - 1));
        out
    }

    /// The start of the column after `col`, or `usize::MAX` past the last.
    fn start_after(&self, col: usize) -> usize {
        if col + 1 < self.len {
            self.starts[col + 1]
        } else {
            usize::MAX
        }
    }
}

/// A cell from token `first` to token `last`: the token itself when the
/// cell is one word (most are), sparing the slice's char-boundary checks.
/// Inlined: it runs for nearly every token of every table row.
#[inline(always)]
fn cell_text<'a>(line: &'a str, toks: &[Token<'a>], first: usize, last: usize) -> &'a str {
    if first == last {
        toks[first].text
    } else {
        &line[toks[first].start..toks[last].end()]
    }
}

/// True for a MAC address as Aruba prints it: AOS-S `001122-aabbcc` or
/// AOS-CX `00:11:22:aa:bb:cc` (hex, either case); Cisco's dotted form is
/// accepted too.
///
/// ```
/// use statetrace_parse::aruba::is_aruba_mac;
/// assert!(is_aruba_mac("500000-a80009"));
/// assert!(is_aruba_mac("88:3A:30:9b:2c:00"));
/// assert!(!is_aruba_mac("500000a80009"));
/// ```
pub fn is_aruba_mac(s: &str) -> bool {
    mac_bits(s).is_some()
}

/// The 48-bit value of a MAC in any of the shapes [`is_aruba_mac`]
/// accepts, so MACs compare without allocating.
pub fn mac_bits(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    let separator = match b.len() {
        13 if b[6] == b'-' => b'-',
        14 if b[4] == b'.' && b[9] == b'.' => b'.',
        17 if [2, 5, 8, 11, 14].iter().all(|&i| b[i] == b':') => b':',
        _ => return None,
    };
    // Every shape holds twelve digits once its separators (checked in
    // place above) are skipped; a separator anywhere else leaves fewer, so
    // counting the digits rejects it without a position test per byte.
    let mut v = 0u64;
    let mut digits = 0;
    for &c in b {
        let d = HEX_DIGITS[usize::from(c)];
        if d < 16 {
            v = (v << 4) | u64::from(d);
            digits += 1;
        } else if c != separator {
            return None;
        }
    }
    (digits == 12).then_some(v)
}

/// Each byte's value as an ASCII hex digit (either case), 255 for bytes
/// that are not one: one load per byte where MACs are compared by value.
const HEX_DIGITS: [u8; 256] = {
    let mut t = [255u8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

pub use crate::join::is_group_mac;

/// The port name a table cell stands for: AOS-S marks overridden values
/// with `*` (`A8*`), appends trunk membership (`D1-Trk1`) and cuts long
/// names in its 8-wide status column (`1/28-...`). The port is the part
/// before any of these.
///
/// ```
/// use statetrace_parse::aruba::port_of_cell;
/// assert_eq!(port_of_cell("A8*"), "A8");
/// assert_eq!(port_of_cell("D1-Trk1"), "D1");
/// assert_eq!(port_of_cell("1/28-..."), "1/28");
/// assert_eq!(port_of_cell("1/1/1"), "1/1/1");
/// ```
pub fn port_of_cell(cell: &str) -> &str {
    let cell = cell.trim_end_matches('*');
    // A byte search: cells are a few bytes, too short for `str::find`'s
    // searcher set-up to pay.
    match cell.bytes().position(|b| b == b'-') {
        Some(i) if i > 0 => &cell[..i],
        _ => cell,
    }
}

/// True for a port as Aruba tables print it: `1`, `A1`, `1/A1`, `1/1/1`,
/// `lag1`, `Trk1`, `1/1/1:2` (letters, digits, `/`, `:`, `.`, holding a
/// digit, starting with a letter or digit).
pub fn is_aruba_port(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 24
        && b[0].is_ascii_alphanumeric()
        && b.iter().any(u8::is_ascii_digit)
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'/' | b':' | b'.'))
}

/// Splits a port name into the text before its last number and that
/// number: `A12` → (`A`, 12), `1/1/48` → (`1/1/`, 48), `7` → (``, 7).
pub fn split_port(port: &str) -> Option<(&str, u32)> {
    let b = port.as_bytes();
    let digits = b.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let at = b.len() - digits;
    let number = b[at..]
        .iter()
        .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    Some((&port[..at], number))
}

/// One item of a [`PortList`]: a port, or a range of ports that differ
/// only in their last number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortItem<'a> {
    /// One port (`A1`, `Trk1`).
    Port(&'a str),
    /// `A3-A6`: prefix `A`, numbers 3 to 6.
    Range {
        /// The text before the number, shared by both ends.
        prefix: &'a str,
        /// First number.
        low: u32,
        /// Last number.
        high: u32,
    },
}

impl PortItem<'_> {
    /// True when the item names `port`, given as its name and
    /// [`split_port`] of it (split once by the caller for many items).
    /// Inlined: it runs once per list item and port.
    #[inline]
    pub fn matches(&self, port: &str, split: Option<(&str, u32)>) -> bool {
        match *self {
            PortItem::Port(p) => p.eq_ignore_ascii_case(port),
            // The number test first: it is cheaper and rejects most ports.
            PortItem::Range { prefix, low, high } => split
                .is_some_and(|(pre, n)| low <= n && n <= high && pre.eq_ignore_ascii_case(prefix)),
        }
    }
}

/// A table's ports indexed for [`PortItem`] matching: grouped by the
/// text before their last number (ASCII case-insensitively), each group
/// ordered by number, so an item finds its ports by a search in one group
/// instead of a test against every port (a configuration's lists hold a
/// few dozen items, a table a few dozen ports).
#[derive(Debug, Clone)]
pub struct PortIndex<'p> {
    /// Per prefix: the prefix as first met, and its ports' numbers with
    /// their indices, ascending.
    groups: Vec<(&'p str, Vec<(u32, usize)>)>,
    /// Ports without a number ([`split_port`] gives `None`).
    unsplit: Vec<usize>,
    /// The ports, as given.
    ports: &'p [&'p str],
}

impl<'p> PortIndex<'p> {
    /// Indexes `ports`, whose splits ([`split_port`]) are `split`.
    pub fn new(ports: &'p [&'p str], split: &[Option<(&'p str, u32)>]) -> PortIndex<'p> {
        let mut index = PortIndex {
            groups: Vec::new(),
            unsplit: Vec::new(),
            ports,
        };
        for (i, s) in split.iter().enumerate().take(ports.len()) {
            match *s {
                Some((prefix, n)) => match index.group_mut(prefix) {
                    Some(g) => g.push((n, i)),
                    None => index.groups.push((prefix, vec![(n, i)])),
                },
                None => index.unsplit.push(i),
            }
        }
        for (_, g) in &mut index.groups {
            g.sort_unstable();
        }
        index
    }

    fn group_mut(&mut self, prefix: &str) -> Option<&mut Vec<(u32, usize)>> {
        self.groups
            .iter_mut()
            .find(|(p, _)| p.eq_ignore_ascii_case(prefix))
            .map(|(_, g)| g)
    }

    fn group(&self, prefix: &str) -> &[(u32, usize)] {
        self.groups
            .iter()
            .find(|(p, _)| p.eq_ignore_ascii_case(prefix))
            .map_or(&[], |(_, g)| g)
    }

    /// Calls `f` with the index of every port `item` names (the ports for
    /// which [`PortItem::matches`] holds), in no particular order.
    pub fn for_each_match(&self, item: &PortItem<'_>, mut f: impl FnMut(usize)) {
        match *item {
            PortItem::Port(p) => match split_port(p) {
                // Equal names (ignoring case) have equal prefixes (ignoring
                // case) and equal numbers; the name check settles `01`.
                Some((prefix, n)) => {
                    let g = self.group(prefix);
                    let from = g.partition_point(|&(m, _)| m < n);
                    for &(_, i) in g[from..].iter().take_while(|&&(m, _)| m == n) {
                        if self.ports[i].eq_ignore_ascii_case(p) {
                            f(i);
                        }
                    }
                }
                None => {
                    for &i in &self.unsplit {
                        if self.ports[i].eq_ignore_ascii_case(p) {
                            f(i);
                        }
                    }
                }
            },
            PortItem::Range { prefix, low, high } => {
                let g = self.group(prefix);
                let from = g.partition_point(|&(m, _)| m < low);
                for &(_, i) in g[from..].iter().take_while(|&&(m, _)| m <= high) {
                    f(i);
                }
            }
        }
    }
}

/// A port list as the configuration writes it (`1-20,A1,A3-A6,Trk1`,
/// `1/1/1-1/1/48`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortList<'a>(pub &'a str);

impl<'a> PortList<'a> {
    /// The list's items. A range runs between two ports that differ only
    /// in their last number (`A3-A6`, `1/1/1-1/1/48`); a bare number as the
    /// end keeps the start's prefix (`A3-6`). Malformed items (`A1-B4`,
    /// `1-`) are left out.
    pub fn items(&self) -> impl Iterator<Item = PortItem<'a>> + 'a {
        self.0.split(',').filter_map(|item| {
            let item = item.trim_ws();
            if item.is_empty() {
                return None;
            }
            let Some((a, b)) = item.split_once('-') else {
                return Some(PortItem::Port(item));
            };
            let (pa, low) = split_port(a)?;
            let (pb, high) = split_port(b)?;
            (pb.is_empty() || pa.eq_ignore_ascii_case(pb)).then_some(PortItem::Range {
                prefix: pa,
                low,
                high,
            })
        })
    }

    /// True when the list names `port` (ASCII case-insensitive, so `trk1`
    /// matches `Trk1`).
    pub fn contains(&self, port: &str) -> bool {
        let split = split_port(port);
        self.items().any(|i| i.matches(port, split))
    }
}

/// True when `s` is a VLAN number (1-4094 as digits).
pub fn is_vlan_id(s: &str) -> bool {
    s.len() <= 4 && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `s` without surrounding double quotes (AOS-S quotes names and
/// locations in its configuration).
pub fn unquote(s: &str) -> &str {
    let t = s.trim_ws();
    t.strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::tokens;

    fn cells(header: &str, row: &str) -> Vec<Option<String>> {
        let starts: Vec<usize> = tokens(header).map(|t| t.start).collect();
        let cols = Columns::new(&starts);
        let toks: Vec<_> = tokens(row).collect();
        cols.cells(row, &toks)[..cols.len()]
            .iter()
            .map(|c| c.map(str::to_string))
            .collect()
    }

    #[test]
    fn cells_follow_header_columns() {
        let h = "  Port     Name       Status  Config-mode   Speed    Type       Tagged Untagged";
        let r = "  A21      AP 12 Desk Down                                      multi  No";
        let got = cells(h, r);
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            got,
            [
                s("A21"),
                s("AP 12 Desk"),
                s("Down"),
                None,
                None,
                None,
                s("multi"),
                s("No")
            ]
        );
        // A line shifted one byte left by a cut pager prompt reads the same.
        let shifted = &r[1..];
        assert_eq!(cells(h, shifted), got);
    }

    proptest::proptest! {
        /// The forward walk gives what a binary search per token gives.
        #[test]
        fn cells_agree_with_a_search_per_token(
            header in "[ ab]{0,60}",
            row in "[ ab]{0,70}",
            pad in proptest::prop_oneof![proptest::strategy::Just(0usize), 180usize..260],
        ) {
            // Padding moves the columns past the lookup table's end.
            let (header, row) = (" ".repeat(pad) + &header, " ".repeat(pad) + &row);
            let starts: Vec<usize> = tokens(&header).map(|t| t.start).collect();
            let cols = Columns::new(&starts);
            let toks: Vec<_> = tokens(&row).collect();
            let n = cols.len();
            let mut spans: [Option<(usize, usize)>; MAX_COLUMNS] = [None; MAX_COLUMNS];
            if n > 0 {
                for t in &toks {
                    let c = starts[..n]
                        .partition_point(|&s| s <= t.start + SLACK)
                        .saturating_sub(1);
                    spans[c].get_or_insert((t.start, t.end())).1 = t.end();
                }
            }
            let expected = spans.map(|s| s.map(|(a, b)| &row[a..b]));
            proptest::prop_assert_eq!(cols.cells(&row, &toks), expected);
            proptest::prop_assert_eq!(cols.cells_by_walk(&row, &toks), expected);
        }
    }

    proptest::proptest! {
        /// The index names the ports that testing every port names.
        #[test]
        fn port_index_agrees_with_matching_every_port(
            ports in proptest::collection::vec("(A|a|1/|Trk|lag|)(0|01|1|2|3|12)?", 0..12),
            list in "((A|a|1/|Trk|lag|)(0|01|1|2|3|12)?(-(A|1/)?[0-9]{1,2})?,){0,6}",
        ) {
            let ports: Vec<&str> = ports.iter().map(String::as_str).collect();
            let split: Vec<_> = ports.iter().map(|p| split_port(p)).collect();
            let index = PortIndex::new(&ports, &split);
            for item in PortList(&list).items() {
                let mut got = vec![false; ports.len()];
                index.for_each_match(&item, |i| got[i] = true);
                let expected: Vec<bool> =
                    ports.iter().zip(&split).map(|(p, s)| item.matches(p, *s)).collect();
                proptest::prop_assert_eq!(got, expected, "{:?}", item);
            }
        }
    }

    #[test]
    fn columns_edge_cases() {
        let none = Columns::new(&[]);
        assert!(none.is_empty());
        assert_eq!(none.cells("x", &tokens("x").collect::<Vec<_>>())[0], None);
        let many: Vec<usize> = (0..20).map(|i| i * 3).collect();
        assert_eq!(Columns::new(&many).len(), MAX_COLUMNS);
    }

    #[test]
    fn mac_shapes() {
        assert_eq!(mac_bits("500000-a80009"), Some(0x5000_00a8_0009));
        assert_eq!(mac_bits("50:00:00:A8:00:09"), Some(0x5000_00a8_0009));
        assert_eq!(mac_bits("5000.00a8.0009"), Some(0x5000_00a8_0009));
        for bad in [
            "500000-a8000g",
            "500000:a80009",
            "50-00-00-a8-00-09",
            "",
            "5000.00a8-0009",
        ] {
            assert_eq!(mac_bits(bad), None, "{bad}");
        }
        assert!(is_group_mac(mac_bits("01005e-000001").unwrap()));
        assert!(is_group_mac(mac_bits("ff:ff:ff:ff:ff:ff").unwrap()));
        assert!(!is_group_mac(mac_bits("00:50:56:96:0e:26").unwrap()));
    }

    #[test]
    fn port_cells_and_shapes() {
        assert_eq!(port_of_cell("A24-Trk1"), "A24");
        assert_eq!(port_of_cell("12"), "12");
        assert_eq!(port_of_cell("-x"), "-x");
        for p in ["1", "A1", "1/A1", "1/1/1", "lag1", "Trk1", "1/1/1:2"] {
            assert!(is_aruba_port(p), "{p}");
        }
        for p in ["", "CPU", "-", "1-2", "a b", "MAC"] {
            assert!(!is_aruba_port(p), "{p}");
        }
    }

    #[test]
    fn port_lists() {
        let l = PortList("1-20,A1,A3-A6,Trk1,1/1/1-1/1/48,B2-4");
        for p in ["1", "7", "20", "A1", "A4", "A6", "trk1", "1/1/30", "B3"] {
            assert!(l.contains(p), "{p}");
        }
        for p in ["21", "A2", "A7", "Trk2", "1/2/1", "1/1/49", "B5", "", "x"] {
            assert!(!l.contains(p), "{p}");
        }
        assert!(!PortList("A1-B4").contains("A3"));
        assert!(!PortList("").contains("1"));
        assert!(!PortList("1-").contains("1"));
        assert!(PortList(" 49-52 ").contains("50"));
    }

    #[test]
    fn small_helpers() {
        assert!(is_vlan_id("4094"));
        assert!(!is_vlan_id("40945"));
        assert!(!is_vlan_id("multi"));
        assert_eq!(unquote(" \"Bldg 2\" "), "Bldg 2");
        assert_eq!(unquote("plain"), "plain");
        assert_eq!(unquote("\""), "\"");
    }
}
