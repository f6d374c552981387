//! Small text helpers shared by the vendor parsers.
//!
//! CLI tables are fixed-width on the device but arrive with truncated,
//! empty or multi-word cells, so the parsers work on whitespace tokens that
//! remember their byte offset: the offset lets a parser fall back on the
//! header's column positions without ever slicing the line by column (which
//! breaks as soon as a cell overflows its column). Nothing here allocates.

use crate::trim::TrimExt;

/// Token separator: ASCII whitespace and the other control characters
/// (normalised lines hold none but tab), tested with one comparison because
/// the tokenizer runs over every byte of every table.
#[inline]
pub fn is_space(b: u8) -> bool {
    b <= b' '
}

/// A whitespace-separated word of a line, with its byte offset in the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// Byte offset of the token's first byte in the line.
    pub start: usize,
    /// The token text.
    pub text: &'a str,
}

impl Token<'_> {
    /// Byte offset just past the token.
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

/// Iterator over the [`Token`]s of a line; see [`tokens`].
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    line: &'a str,
    pos: usize,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let bytes = self.line.as_bytes();
        let mut i = self.pos;
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if i >= bytes.len() {
            self.pos = i;
            return None;
        }
        let start = i;
        while i < bytes.len() && !is_space(bytes[i]) {
            i += 1;
        }
        self.pos = i;
        // Both ends sit next to ASCII bytes (or the string ends), so they are
        // char boundaries.
        Some(Token {
            start,
            text: &self.line[start..i],
        })
    }
}

/// Splits a line on runs of whitespace ([`is_space`]), keeping byte offsets.
///
/// ```
/// use statetrace_parse::table::tokens;
/// let t: Vec<_> = tokens("  Gi1/0/1   up").map(|t| (t.start, t.text)).collect();
/// assert_eq!(t, [(2, "Gi1/0/1"), (12, "up")]);
/// ```
pub fn tokens(line: &str) -> Tokens<'_> {
    Tokens { line, pos: 0 }
}

/// Tokenises `line` into `out` (cleared first), so a parser can reuse one
/// buffer for every row of a table instead of allocating per line.
///
/// Gives exactly what [`tokens`] gives, but finds the token edges 64 bytes
/// at a time: a bit mask of the separator bytes (see [`space_mask`]) turns
/// every token start and end into one set bit, so the padded columns of a
/// CLI table cost a few instructions per word rather than a branch per
/// byte. It was the single most expensive function of the parsers.
pub fn tokenize_into<'a>(line: &'a str, out: &mut Vec<Token<'a>>) {
    out.clear();
    let bytes = line.as_bytes();
    if bytes.len() < 64 {
        tokenize_short(line, out);
        return;
    }
    // 1 when the byte before the current block belongs to a token.
    let mut carry = 0u64;
    // Where the token open at the current block's start began.
    let mut start = 0;
    for (k, block) in bytes.chunks(64).enumerate() {
        let base = k * 64;
        let word = !space_mask(block);
        let prev = (word << 1) | carry;
        let mut starts = word & !prev;
        let mut ends = !word & prev;
        // Starts and ends alternate, so the n-th end closes the token of
        // the n-th start (or, first, the one carried in): pairing the two
        // masks costs no per-edge branch on which kind of edge it is.
        if carry == 1 && ends != 0 {
            push_token(line, start, base + ends.trailing_zeros() as usize, out);
            ends &= ends - 1;
        }
        while ends != 0 {
            let from = base + starts.trailing_zeros() as usize;
            push_token(line, from, base + ends.trailing_zeros() as usize, out);
            starts &= starts - 1;
            ends &= ends - 1;
        }
        // At most one start is left: a token running into the next block.
        if starts != 0 {
            start = base + starts.trailing_zeros() as usize;
        }
        carry = word >> 63;
    }
    // A token that runs to the end of a line of whole blocks.
    if carry == 1 {
        push_token(line, start, bytes.len(), out);
    }
}

/// [`tokenize_into`] for a line shorter than 64 bytes (most table rows):
/// one mask, whose bits past the line's end are separators, so every token
/// ends inside it and nothing carries over.
#[inline]
fn tokenize_short<'a>(line: &'a str, out: &mut Vec<Token<'a>>) {
    let word = !space_mask(line.as_bytes());
    let mut starts = word & !(word << 1);
    let mut ends = !word & (word << 1);
    while ends != 0 {
        let from = starts.trailing_zeros() as usize;
        push_token(line, from, ends.trailing_zeros() as usize, out);
        starts &= starts - 1;
        ends &= ends - 1;
    }
}

/// Appends the token `line[start..end]`, whose ends the separator mask
/// gave: `start` is 0 or follows a separator byte, `end` is the line's
/// length or a separator byte's offset.
#[inline]
fn push_token<'a>(line: &'a str, start: usize, end: usize, out: &mut Vec<Token<'a>>) {
    out.push(Token {
        start,
        text: token_text(line, start, end),
    });
}

/// `line[start..end]` for token edges (see [`push_token`]) with the
/// bounds checked but not the char boundaries: the two boundary tests of
/// `&line[start..end]` were a third of the work per token of a table.
#[inline]
fn token_text(line: &str, start: usize, end: usize) -> &str {
    let bytes = line.as_bytes();
    debug_assert!(start == 0 || is_space(bytes[start - 1]));
    debug_assert!(end == bytes.len() || is_space(bytes[end]));
    match bytes.get(start..end) {
        // SAFETY: `line` is valid UTF-8 and both ends of the range are
        // char boundaries of it: `start` is 0 or follows a separator,
        // `end` is the end or a separator (the masks of `space_mask`,
        // checked against the bytes by `tokenize_into_agrees_with_tokens`),
        // and separators are ASCII (at most 0x20), which never sit inside
        // a multi-byte character. So the sub-slice is valid UTF-8.
        Some(text) => unsafe { std::str::from_utf8_unchecked(text) },
        None => "",
    }
}

/// Bit `i` set when byte `i` of `block` (at most 64 bytes) is a separator
/// ([`is_space`]); the bits past a short block's end are set too, so a
/// token that runs to the end of the line ends there. One vector compare
/// per 16 bytes (see `crate::scan::le_mask`).
#[inline]
fn space_mask(block: &[u8]) -> u64 {
    crate::scan::le_mask(block, b' ')
}

/// True for an empty or whitespace-only line (one with no [`tokens`]).
pub fn is_blank(line: &str) -> bool {
    line.bytes().all(is_space)
}

/// True for a table rule such as `-------`, `----+-----` or `---- ----`:
/// only dashes, `+`, `=` and spaces, with at least one dash or `=`.
pub fn is_dash_line(line: &str) -> bool {
    let mut any = false;
    for b in line.bytes() {
        match b {
            b'-' | b'=' => any = true,
            b'+' => {}
            b if b.is_ascii_whitespace() => {}
            _ => return false,
        }
    }
    any
}

/// True when `s` is one or more ASCII digits.
pub fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// True when `s` is one or more ASCII hex digits.
pub fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// True for a MAC address in Cisco's dotted form `xxxx.xxxx.xxxx` (hex,
/// either case).
///
/// ```
/// use statetrace_parse::table::is_mac;
/// assert!(is_mac("0011.22aa.BBcc"));
/// assert!(!is_mac("0011.2233.445"));
/// assert!(!is_mac("00:11:22:33:44:55"));
/// ```
pub fn is_mac(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 14
        && b[4] == b'.'
        && b[9] == b'.'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 9 || c.is_ascii_hexdigit())
}

/// The 48-bit value of a dotted MAC, so MACs can be compared or hashed
/// without allocating a lower-cased copy.
pub fn mac_value(s: &str) -> Option<u64> {
    if !is_mac(s) {
        return None;
    }
    let mut v = 0u64;
    for c in s.bytes().filter(|c| *c != b'.') {
        // Every byte is a hex digit here.
        v = (v << 4) | u64::from((c as char).to_digit(16).unwrap_or(0));
    }
    Some(v)
}

/// True for a MAC address in colon form `xx:xx:xx:xx:xx:xx` (hex, either
/// case), as Junos and PAN-OS print them.
///
/// ```
/// use statetrace_parse::table::is_colon_mac;
/// assert!(is_colon_mac("00:1c:58:AF:00:01"));
/// assert!(!is_colon_mac("00:1c:58:af:00"));
/// assert!(!is_colon_mac("001c.58af.0001"));
/// ```
pub fn is_colon_mac(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 17
        && b.iter().enumerate().all(|(i, c)| {
            if i % 3 == 2 {
                *c == b':'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// The 48-bit value of a colon MAC (see [`is_colon_mac`]).
pub fn colon_mac_value(s: &str) -> Option<u64> {
    if !is_colon_mac(s) {
        return None;
    }
    let mut v = 0u64;
    for c in s.bytes().filter(|c| *c != b':') {
        v = (v << 4) | u64::from((c as char).to_digit(16).unwrap_or(0));
    }
    Some(v)
}

/// ASCII case-insensitive `starts_with`.
pub fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// ASCII case-insensitive substring search; returns the byte offset.
pub fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return Some(0);
    };
    let (lo, up) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let mut from = 0;
    while h.len() - from >= n.len() {
        let i = from + memchr::memchr2(lo, up, &h[from..=h.len() - n.len()])?;
        if h[i..i + n.len()].eq_ignore_ascii_case(n) {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// True when two texts hold the same words, ignoring case and the amount of
/// whitespace between words (`dot1x  pae Authenticator` equals
/// `dot1x pae authenticator`).
pub fn words_eq_ci(a: &str, b: &str) -> bool {
    let mut x = tokens(a);
    let mut y = tokens(b);
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p.text.eq_ignore_ascii_case(q.text) => {}
            _ => return false,
        }
    }
}

/// A configuration line prepared for repeated whole-line comparisons
/// against commands written with single spaces (`mab`,
/// `dot1x pae authenticator`): trimmed once, and checked once for odd
/// spacing so the usual line compares with one length test and one
/// case-insensitive byte comparison.
#[derive(Debug, Clone, Copy)]
pub struct ConfigLine<'a> {
    text: &'a str,
    regular: bool,
}

impl<'a> ConfigLine<'a> {
    /// Prepares a line.
    pub fn new(line: &'a str) -> ConfigLine<'a> {
        let text = line.trim_ascii();
        // Regular: separators are single plain spaces.
        let mut prev_space = false;
        let regular = text.bytes().all(|b| {
            let space = is_space(b);
            let ok = !space || (b == b' ' && !prev_space);
            prev_space = space;
            ok
        });
        ConfigLine { text, regular }
    }

    /// True when the line holds exactly the words of `command` (a
    /// single-spaced constant), without regard to case or spacing.
    pub fn is(&self, command: &str) -> bool {
        if self.regular {
            self.text.len() == command.len() && self.text.eq_ignore_ascii_case(command)
        } else {
            words_eq_ci(self.text, command)
        }
    }
}

/// The line's words lower-cased and joined by single spaces, written into
/// `buf`; `None` when they do not fit. One pass, no allocation: callers
/// compare the result against many single-spaced lower-case commands with
/// a `match` on byte strings, which rejects on length before any byte.
///
/// ```
/// use statetrace_parse::table::canonical_words;
/// let mut buf = [0u8; 32];
/// assert_eq!(canonical_words("  Dot1x   PAE\tauthenticator ", &mut buf), Some(&b"dot1x pae authenticator"[..]));
/// assert_eq!(canonical_words("a line much longer than the thirty-two byte buffer", &mut buf), None);
/// ```
pub fn canonical_words<'b>(line: &str, buf: &'b mut [u8]) -> Option<&'b [u8]> {
    let mut n = 0;
    let mut pending_space = false;
    for &b in line.as_bytes() {
        if is_space(b) {
            pending_space = n > 0;
            continue;
        }
        if pending_space {
            *buf.get_mut(n)? = b' ';
            n += 1;
            pending_space = false;
        }
        *buf.get_mut(n)? = b.to_ascii_lowercase();
        n += 1;
    }
    Some(&buf[..n])
}

/// True when a normalised line (whose only control character can be a
/// tab) separates words by anything but single spaces. Such lines are rare;
/// the others compare with commands as plain bytes.
pub fn irregular_spacing(line: &str) -> bool {
    memchr::memchr(b'\t', line.as_bytes()).is_some() || line.contains("  ")
}

/// [`ConfigLine::is`] for a one-off comparison, rejecting most lines on
/// their length or first byte before looking at their spacing.
pub fn line_is(line: &str, command: &str) -> bool {
    let t = line.trim_ascii();
    let (Some(a), Some(b)) = (t.as_bytes().first(), command.as_bytes().first()) else {
        return t.is_empty() && command.is_empty();
    };
    if t.len() < command.len() || !a.eq_ignore_ascii_case(b) {
        return false;
    }
    t.eq_ignore_ascii_case(command) || words_eq_ci(t, command)
}

/// The value of a `Label : value` line, the label matched word by word
/// without regard to case or spacing (`Model number   : X`,
/// `Model Number: X`). Returns the trimmed value; `None` when the line has a
/// different label or the value is empty.
///
/// ```
/// use statetrace_parse::table::labelled_value;
/// assert_eq!(labelled_value("Model Number      : C9300-48P", "model number"), Some("C9300-48P"));
/// assert_eq!(labelled_value("Model Numbers : X", "model number"), None);
/// ```
pub fn labelled_value<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    labelled(line, label).filter(|v| !v.is_empty())
}

/// [`labelled_value`] that also accepts an empty value, for section
/// headings such as `Entry address(es):` whose values follow on the next
/// lines: `Some("")` for a heading, `None` for a different label.
///
/// ```
/// use statetrace_parse::table::labelled;
/// assert_eq!(labelled("Entry address(es): ", "entry address(es)"), Some(""));
/// assert_eq!(labelled("  Holdtime : 164 sec", "holdtime"), Some("164 sec"));
/// assert_eq!(labelled("Holdtimes: 1", "holdtime"), None);
/// ```
pub fn labelled<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let mut rest = line.trim_ws_start();
    for word in label.split_ascii_whitespace() {
        if !starts_with_ci(rest, word) {
            return None;
        }
        rest = &rest[word.len()..];
        // The word must end here, not be the start of a longer word.
        match rest.bytes().next() {
            Some(b) if b.is_ascii_whitespace() || b == b':' => {}
            _ => return None,
        }
        rest = rest.trim_ws_start();
    }
    Some(rest.strip_prefix(':')?.trim_ws())
}

/// The text after `uptime is ` on the first line that has it (case-insensitive),
/// trimmed: `sw1 uptime is 2 weeks, 4 days` gives `2 weeks, 4 days`.
pub fn uptime<'a>(lines: &[&'a str]) -> Option<&'a str> {
    lines.iter().find_map(|line| {
        let at = find_ci(line, "uptime is ")?;
        let value = line[at + "uptime is ".len()..].trim_ws();
        (!value.is_empty()).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_offsets_and_handle_tabs_and_cr() {
        let t: Vec<_> = tokens("\tGi1/0/1  a b\r")
            .map(|t| (t.start, t.text, t.end()))
            .collect();
        assert_eq!(t, [(1, "Gi1/0/1", 8), (10, "a", 11), (12, "b", 13)]);
        assert_eq!(tokens("   ").count(), 0);
        assert_eq!(tokens("").count(), 0);
        assert_eq!(tokens("a\x01b").count(), 2);
        let mut buf = vec![];
        tokenize_into("x  yz", &mut buf);
        assert_eq!(buf.len(), 2);
        assert_eq!(buf[1].start, 3);
        tokenize_into("q", &mut buf);
        assert_eq!(buf.len(), 1);
    }

    proptest::proptest! {
        /// The block-wise tokenizer agrees with the byte-wise iterator.
        #[test]
        fn tokenize_into_agrees_with_tokens(line in "[ \t\x00-\x21a-c\u{a0}é\x7f]{0,200}") {
            let mut buf = vec![Token { start: 9, text: "stale" }];
            tokenize_into(&line, &mut buf);
            let expected: Vec<_> = tokens(&line).collect();
            proptest::prop_assert_eq!(buf, expected);
        }
    }

    #[test]
    fn tokenize_into_block_edges() {
        for n in [0, 1, 63, 64, 65, 127, 128, 129] {
            for fill in ["a", " ", "ab ", " é"] {
                let line = fill.repeat(n);
                let mut buf = vec![];
                tokenize_into(&line, &mut buf);
                assert_eq!(buf, tokens(&line).collect::<Vec<_>>(), "{line:?}");
            }
        }
    }

    #[test]
    fn tokens_split_only_on_ascii_whitespace() {
        // A non-breaking space is part of the token (and never split inside a char).
        let t: Vec<_> = tokens("a\u{a0}b c").map(|t| t.text).collect();
        assert_eq!(t, ["a\u{a0}b", "c"]);
    }

    #[test]
    fn blank_and_dash_lines() {
        assert!(is_blank("  \t\r"));
        assert!(!is_blank(" x"));
        assert!(is_dash_line("------- ---- ---"));
        assert!(is_dash_line("---------+---------------+--------"));
        assert!(is_dash_line("  ===="));
        assert!(!is_dash_line(""));
        assert!(!is_dash_line("   +  "));
        assert!(!is_dash_line("--- x"));
    }

    #[test]
    fn mac_shapes() {
        assert!(is_mac("5254.001b.1c58"));
        assert!(is_mac("FFFF.ffff.FFFF"));
        assert!(!is_mac("5254.001b.1c5g"));
        assert!(!is_mac("5254-001b-1c58"));
        assert!(!is_mac("5254.001b.1c588"));
        assert_eq!(mac_value("0000.0000.0101"), Some(0x101));
        assert_eq!(mac_value("FFFF.ffff.ffff"), Some(0xffff_ffff_ffff));
        assert_eq!(mac_value("nope"), None);
    }

    #[test]
    fn colon_mac_shapes() {
        assert!(is_colon_mac("ff:FF:00:11:22:33"));
        assert!(!is_colon_mac("ff:FF:00:11:22:3g"));
        assert!(!is_colon_mac("ff-FF-00-11-22-33"));
        assert!(!is_colon_mac("ff:FF:00:11:22:333"));
        assert!(!is_colon_mac("fff:F:00:11:22:33"));
        assert_eq!(colon_mac_value("00:00:00:00:01:01"), Some(0x101));
        assert_eq!(colon_mac_value("01:00:5e:00:00:01"), Some(0x0100_5e00_0001));
        assert_eq!(colon_mac_value("0000.0000.0101"), None);
    }

    #[test]
    fn case_insensitive_helpers() {
        assert!(starts_with_ci("GigabitEthernet1", "gigabit"));
        assert!(!starts_with_ci("Gi", "gigabit"));
        assert_eq!(find_ci("sw1 Uptime Is 5 min", "uptime is "), Some(4));
        assert_eq!(find_ci("abc", "abcd"), None);
        assert_eq!(find_ci("aXaxAB", "ab"), Some(4));
        assert_eq!(find_ci("", ""), Some(0));
        assert_eq!(find_ci("", "a"), None);
        assert_eq!(find_ci("é uptime", "UPTIME"), Some(3));
        assert!(words_eq_ci(
            "  Dot1x   PAE authenticator ",
            "dot1x pae authenticator"
        ));
        assert!(!words_eq_ci("dot1x pae", "dot1x pae authenticator"));
        assert!(!words_eq_ci("mab eap", "mab"));
        assert!(line_is("  MAB\r", "mab"));
        assert!(line_is(
            " dot1x  pae\tauthenticator",
            "dot1x pae authenticator"
        ));
        assert!(!line_is(
            " dot1x pae authenticators",
            "dot1x pae authenticator"
        ));
        assert!(!line_is(" ma", "mab"));
        assert!(!line_is("", "mab"));
        assert!(line_is(
            "dot1x pae\x0bauthenticator",
            "dot1x pae authenticator"
        ));
        assert!(!line_is(
            "dot1xpae  authenticator",
            "dot1x pae authenticator"
        ));
    }

    #[test]
    fn labels() {
        assert_eq!(
            labelled_value("System Serial Number   : FOC1", "system serial number"),
            Some("FOC1")
        );
        assert_eq!(
            labelled_value("  model number: C9200L", "Model Number"),
            Some("C9200L")
        );
        assert_eq!(labelled_value("Model Number :   ", "model number"), None);
        assert_eq!(
            labelled_value("Model Revision Number : A0", "model number"),
            None
        );
        assert_eq!(labelled_value("Model", "model number"), None);
    }

    #[test]
    fn uptime_first_line_wins() {
        let lines = [
            "cisco",
            "SW1 uptime is 2 weeks, 4 days, 6 hours, 18 minutes ",
            "Uptime for this control processor is 1 day",
            "Other uptime is 3 days",
        ];
        assert_eq!(uptime(&lines), Some("2 weeks, 4 days, 6 hours, 18 minutes"));
        assert_eq!(uptime(&["uptime is   "]), None);
    }
}
