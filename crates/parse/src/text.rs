//! Lines and their normalisation.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`. A clean line (valid UTF-8, no
//! control characters but tab, no pager prompt) is handed out as a slice of
//! the input: no copy. Only a dirty line is cleaned into the caller's arena:
//! ANSI escape sequences are removed, a backspace erases the character before
//! it (terminal overstrike, as PuTTY logs record it), other control
//! characters are dropped, pager prompts (`--More--`, FastIron's
//! `--More--, next page: ...`, Aruba's `-- MORE --, ...`, Junos
//! `---(more 45%)---`) are cut out, and invalid UTF-8 becomes U+FFFD. A line
//! that held nothing but such terminal noise disappears, so a pager prompt
//! never shows up as a blank line in the middle of a table.

use crate::scan::{has_pager_marker, is_control_byte, scan, Scan, TerminalBytes};
use crate::trim::TrimExt;
use bumpalo::Bump;
use std::ops::Range;

/// One line's position in its buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLine {
    /// The line's content, without its terminator.
    pub content: Range<usize>,
    /// Where the next line starts (after the terminator).
    pub next: usize,
}

/// Iterates the lines of `bytes` (see the module docs for terminators). A
/// final line without a terminator is still a line; an empty input has none.
pub fn raw_lines(bytes: &[u8]) -> impl Iterator<Item = RawLine> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let line = match memchr::memchr2(b'\n', b'\r', &bytes[pos..]) {
            None => RawLine {
                content: start..bytes.len(),
                next: bytes.len(),
            },
            Some(i) => {
                let end = start + i;
                let next = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                    end + 2
                } else {
                    end + 1
                };
                RawLine {
                    content: start..end,
                    next,
                }
            }
        };
        pos = line.next;
        Some(line)
    })
}

/// Counts the lines [`raw_lines`] would yield, without building them.
pub fn count_lines(bytes: &[u8]) -> u64 {
    raw_lines(bytes).count() as u64
}

fn has_control(bytes: &[u8]) -> bool {
    bytes.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f)
}

/// True when every line of `bytes` is clean, so callers can skip per-line
/// checks for the whole buffer (the common case for tidy captures).
pub fn is_clean_buffer(bytes: &[u8]) -> bool {
    !has_control_chunks(bytes) && !has_pager_marker(bytes) && std::str::from_utf8(bytes).is_ok()
}

/// True when some byte is a control character other than tab and line
/// ends. Whole chunks without an early exit inside, so the check
/// vectorises.
fn has_control_chunks(bytes: &[u8]) -> bool {
    bytes.chunks(256).any(chunk_has_control)
}

fn chunk_has_control(chunk: &[u8]) -> bool {
    chunk.iter().fold(false, |bad, &b| bad | is_control_byte(b))
}

/// True when `bytes` are already the normalised lines joined by `\n`: a
/// clean buffer (see [`is_clean_buffer`]) with no carriage returns.
pub fn is_normal_form(bytes: &[u8]) -> bool {
    memchr::memchr(b'\r', bytes).is_none() && is_clean_buffer(bytes)
}

/// The parts of `bytes` that need normalising line by line: sorted,
/// disjoint runs of whole lines (cut at `\n`; the last may lack one) that
/// hold a control character other than tab or the CR of a CRLF, a lone CR,
/// a pager prompt, or invalid UTF-8. Everything between them is clean: its
/// lines can be borrowed as they are.
///
/// A noisy capture usually has a few escape sequences or pager prompts in
/// otherwise tidy text; finding them lets the rest take the fast paths
/// instead of making the whole file dirty.
///
/// ```
/// use statetrace_parse::text::dirty_ranges;
/// let text = b"sw#show ver\nok\n\x1b[Kbad\nok\n --More-- \nok";
/// assert_eq!(dirty_ranges(text), [15..22, 25..36]);
/// ```
pub fn dirty_ranges(bytes: &[u8]) -> Vec<Range<usize>> {
    dirty_ranges_and_lone_crs(bytes).0
}

/// [`dirty_ranges`], and the ascending positions of the lone CRs of
/// `bytes` (see [`count_lines_in`]), which the same scan finds.
pub(crate) fn dirty_ranges_and_lone_crs(bytes: &[u8]) -> (Vec<Range<usize>>, Vec<usize>) {
    // One fused pass finds the control characters, lone CRs and pager
    // prompts (see `crate::scan`); UTF-8 is validated only when some byte
    // is not ASCII.
    let Scan {
        mut hits,
        non_ascii,
    } = scan(bytes);
    // A hit on a CR is a lone CR: control-character hits leave out CR and
    // pager prompts are hit at a letter.
    let lone_crs = hits
        .iter()
        .copied()
        .filter(|&i| bytes[i] == b'\r')
        .collect();
    if non_ascii {
        push_invalid_utf8(bytes, &mut hits);
        hits.sort_unstable();
    }
    (lines_of_hits(bytes, hits), lone_crs)
}

/// Appends where each invalid UTF-8 sequence of `bytes` starts.
fn push_invalid_utf8(bytes: &[u8], hits: &mut Vec<usize>) {
    let mut pos = 0;
    while let Err(e) = std::str::from_utf8(&bytes[pos..]) {
        let at = pos + e.valid_up_to();
        hits.push(at);
        match e.error_len() {
            Some(n) => pos = at + n,
            None => break,
        }
    }
}

/// The whole lines (cut at `\n`) that hold the sorted positions `hits`,
/// touching runs merged.
fn lines_of_hits(bytes: &[u8], hits: Vec<usize>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for at in hits {
        if out.last().is_some_and(|r| at < r.end) {
            continue;
        }
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n + 1);
        match out.last_mut() {
            Some(last) if last.end == start => last.end = end,
            _ => out.push(start..end),
        }
    }
    out
}

/// The five separate passes [`dirty_ranges`] replaced: the reference its
/// tests compare it with.
#[cfg(test)]
fn dirty_ranges_reference(bytes: &[u8]) -> Vec<Range<usize>> {
    let mut hits: Vec<usize> = (0..bytes.len())
        .filter(|&i| is_control_byte(bytes[i]))
        .collect();
    push_lone_crs(bytes, &mut hits);
    for marker in ["--More--", "-- MORE --", "---(more"] {
        hits.extend(memchr::memmem::find_iter(bytes, marker));
    }
    push_invalid_utf8(bytes, &mut hits);
    hits.sort_unstable();
    lines_of_hits(bytes, hits)
}

/// Lines of `bytes` as [`raw_lines`] counts them, without walking them:
/// every `\n`, every CR not followed by `\n`, and a final unterminated line.
pub fn count_lines_fast(bytes: &[u8]) -> u64 {
    let mut lone_crs = 0;
    for_lone_cr_chunks(bytes, |_, n| lone_crs += u64::from(n));
    let tail = u64::from(!bytes.is_empty() && !matches!(bytes.last(), Some(b'\n' | b'\r')));
    count_newlines(bytes) + lone_crs + tail
}

/// [`count_lines_fast`] of `bytes[range]`, given the ascending positions
/// of the lone CRs of the whole of `bytes`: the lone CRs are counted by
/// two binary searches instead of a pass over the range. A CR that ends
/// the range is lone there even when an LF follows it outside.
pub(crate) fn count_lines_in(bytes: &[u8], range: Range<usize>, lone_crs: &[usize]) -> u64 {
    let Some(text) = bytes.get(range.clone()) else {
        return 0;
    };
    let inside = lone_crs.partition_point(|&p| p < range.end)
        - lone_crs.partition_point(|&p| p < range.start);
    let cut_crlf = text.last() == Some(&b'\r') && bytes.get(range.end) == Some(&b'\n');
    let tail = !text.is_empty() && !matches!(text.last(), Some(b'\n' | b'\r'));
    count_newlines(text) + inside as u64 + u64::from(cut_crlf) + u64::from(tail)
}

/// Calls `f(start, count)` for each 255-byte window of `bytes` that holds
/// `count > 0` lone CRs (a CR not followed by `\n`, as [`raw_lines`] ends
/// a line there). A CRLF capture has a CR on every line: finding them one
/// by one cost a search call per line, while the windows compare each byte
/// with its successor in a loop the compiler vectorises. A buffer without
/// any CR (the usual capture) costs one search.
fn for_lone_cr_chunks(bytes: &[u8], mut f: impl FnMut(usize, u8)) {
    if memchr::memchr(b'\r', bytes).is_none() {
        return;
    }
    let (Some(&last), Some(next)) = (bytes.last(), bytes.get(1..)) else {
        return;
    };
    let pairs = bytes[..bytes.len() - 1].chunks(255).zip(next.chunks(255));
    for (k, (this, after)) in pairs.enumerate() {
        let n = this
            .iter()
            .zip(after)
            .fold(0u8, |n, (&x, &y)| n + u8::from((x == b'\r') & (y != b'\n')));
        if n > 0 {
            f(k * 255, n);
        }
    }
    if last == b'\r' {
        f(bytes.len() - 1, 1);
    }
}

/// Appends the positions of the lone CRs of `bytes` to `hits`.
#[cfg(test)]
fn push_lone_crs(bytes: &[u8], hits: &mut Vec<usize>) {
    for_lone_cr_chunks(bytes, |start, _| {
        let window = &bytes[start..(start + 255).min(bytes.len())];
        hits.extend(
            memchr::memchr_iter(b'\r', window)
                .map(|i| start + i)
                .filter(|&i| bytes.get(i + 1) != Some(&b'\n')),
        );
    });
}

/// Counts `\n` bytes. `memchr`'s counting search uses the widest vectors
/// the machine has (a plain filter-count was ten instructions a byte and
/// the most expensive step of an unchanged re-ingest; a byte-wide fold per
/// chunk, which the compiler turns into SSE2, still cost twice this).
pub fn count_newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// The normalised text of one line: borrowed from `raw` when it is clean,
/// cleaned into `arena` when not, `None` when it held only terminal noise.
pub fn normalize_line<'a>(raw: &'a [u8], arena: &'a Bump) -> Option<&'a str> {
    if !has_control(raw) && !has_pager_marker(raw) {
        if let Ok(s) = std::str::from_utf8(raw) {
            return Some(s);
        }
    }
    let cleaned = clean(raw);
    Some(arena.alloc_str(cleaned.as_deref()?))
}

/// Like [`normalize_line`] but returns an owned string for dirty lines;
/// used where no arena outlives the call (prompt detection while splitting).
pub fn normalize_line_owned(raw: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    if !has_control(raw) && !has_pager_marker(raw) {
        if let Ok(s) = std::str::from_utf8(raw) {
            return Some(std::borrow::Cow::Borrowed(s));
        }
    }
    clean(raw).map(std::borrow::Cow::Owned)
}

/// Applies the terminal rules to a dirty line; `None` when nothing but
/// noise remains.
fn clean(raw: &[u8]) -> Option<String> {
    // `from_utf8` checks ASCII a word at a time, `from_utf8_lossy` a
    // byte at a time: the lossy copy only for text that needs it.
    let text = match std::str::from_utf8(raw) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(raw),
    };
    let mut out = String::with_capacity(text.len());
    let mut noise = apply_terminal(&text, &mut out);
    if strip_pager(&mut out) {
        noise = true;
    }
    if noise && out.trim_ws().is_empty() {
        return None;
    }
    Some(out)
}

/// Appends `text` to `out` with escape sequences removed, backspaces
/// applied and other control characters dropped; true when any of them
/// was met. Runs of plain text between those bytes (see
/// [`crate::scan::is_terminal_byte`]) are found by a vector search and copied whole: a
/// char-by-char copy cost some fifty instructions a byte, a test per
/// byte some eleven, and the lines that come here are long strings of
/// screen-control escapes or table rows behind a pager prompt.
fn apply_terminal(text: &str, out: &mut String) -> bool {
    let bytes = text.as_bytes();
    let mut noise = false;
    // Start of the pending run of plain text; `i` is where the search
    // for the next terminal byte goes on. Every byte acted on is ASCII
    // or a UTF-8 lead byte, so runs are cut on char boundaries.
    let (mut run, mut i) = (0, 0);
    let mut search = TerminalBytes::new(bytes);
    while let Some(at) = search.next_from(i) {
        let b = bytes[at];
        // U+0080..=U+009F are control characters; other chars led by
        // 0xC2 are text, and stay in the run.
        if b == 0xc2 && !matches!(bytes.get(at + 1), Some(0x80..=0x9f)) {
            i = at + 1;
            continue;
        }
        out.push_str(&text[run..at]);
        noise = true;
        i = match b {
            0x1b => skip_escape(bytes, at + 1),
            // A pager erases itself with runs of backspaces: one search
            // for the whole run.
            0x08 => {
                let run = bytes[at..].iter().take_while(|&&c| c == 0x08).count();
                for _ in 0..run {
                    out.pop();
                }
                at + run
            }
            0xc2 => at + 2,
            _ => at + 1,
        };
        run = i;
    }
    out.push_str(&text[run..]);
    noise
}

/// Where the text after an escape sequence resumes, the sequence's ESC
/// being just before `i`.
fn skip_escape(bytes: &[u8], i: usize) -> usize {
    let rest = bytes.get(i..).unwrap_or_default();
    match rest.first() {
        // CSI: ESC [ parameters... final byte in @..~
        Some(b'[') => rest[1..]
            .iter()
            .position(|c| (b'@'..=b'~').contains(c))
            .map_or(bytes.len(), |p| i + 2 + p),
        // OSC: ESC ] ... BEL or ESC \
        Some(b']') => {
            let mut j = i + 1;
            while j < bytes.len() {
                match bytes[j] {
                    0x07 => return j + 1,
                    0x1b if bytes.get(j + 1) == Some(&b'\\') => return j + 2,
                    _ => j += 1,
                }
            }
            bytes.len()
        }
        // Two-character escapes (ESC 7, ESC M, ...): one char dropped.
        Some(&c) => i + utf8_len(c),
        None => i,
    }
}

/// The length of the UTF-8 sequence that `lead` starts (1 for a byte that
/// cannot lead one, which valid text never has here).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

/// The char-by-char rules [`apply_terminal`] replaced: its tests'
/// reference.
#[cfg(test)]
fn apply_terminal_reference(text: &str, out: &mut String) -> bool {
    let mut noise = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                noise = true;
                match chars.next() {
                    Some('[') => {
                        for c in chars.by_ref() {
                            if ('@'..='~').contains(&c) {
                                break;
                            }
                        }
                    }
                    Some(']') => {
                        while let Some(c) = chars.next() {
                            if c == '\u{7}' {
                                break;
                            }
                            if c == '\u{1b}' && chars.peek() == Some(&'\\') {
                                chars.next();
                                break;
                            }
                        }
                    }
                    _ => {}
                }
            }
            '\u{8}' => {
                noise = true;
                out.pop();
            }
            '\t' => out.push(c),
            c if c.is_control() => noise = true,
            c => out.push(c),
        }
    }
    noise
}

/// Removes pager prompts from a line; true if one was found.
fn strip_pager(line: &mut String) -> bool {
    let mut found = false;
    while let Some((start, marker, close)) = first_pager(line) {
        found = true;
        let mut end = start + marker.len();
        if let Some(close) = close {
            end = find_str(&line[end..], close).map_or(line.len(), |i| end + i + close.len());
        }
        // FastIron and Aruba print the key help after the marker.
        let rest = &line[end..];
        if rest.starts_with(", next page") || rest.starts_with(", Next page") {
            let stop = ["Control-c", "Control-C", "CTRL-C", "q to quit"]
                .iter()
                .filter_map(|s| find_str(rest, s).map(|i| i + s.len()))
                .min()
                .unwrap_or(rest.len());
            end += stop;
        }
        // The pager prompt is printed with a space on each side.
        let start = if line[..start].ends_with(' ') {
            start - 1
        } else {
            start
        };
        if line[end..].starts_with(' ') {
            end += 1;
        }
        line.replace_range(start..end, "");
    }
    found
}

/// The pager prompts' fixed parts, each with the text that closes it
/// (when it has one).
const PAGERS: [(&str, Option<&str>); 3] = [
    ("--More--", None),
    ("-- MORE --", None),
    ("---(more", Some(")---")),
];

/// The first pager prompt of `line`: its offset, marker and closing text.
/// Every marker starts with `-`, so one pass over the dashes finds the
/// earliest (no two markers can match at one offset). A `str::find` per
/// marker built a fresh substring searcher on every call, for every dirty
/// line, and most dirty lines hold no pager prompt at all.
fn first_pager(line: &str) -> Option<(usize, &'static str, Option<&'static str>)> {
    let bytes = line.as_bytes();
    memchr::memchr_iter(b'-', bytes).find_map(|i| {
        PAGERS
            .iter()
            .find(|(marker, _)| bytes[i..].starts_with(marker.as_bytes()))
            .map(|&(marker, close)| (i, marker, close))
    })
}

/// `haystack.find(needle)` for the short needles and lines of
/// [`strip_pager`]: candidates by their first byte, checked in place,
/// without building a searcher per call.
fn find_str(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return Some(0);
    };
    memchr::memchr_iter(first, h).find(|&i| h[i..].starts_with(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &[u8]) -> Vec<&[u8]> {
        raw_lines(s).map(|l| &s[l.content]).collect()
    }

    fn norm(s: &[u8]) -> Option<String> {
        let arena = Bump::new();
        normalize_line(s, &arena).map(str::to_string)
    }

    #[test]
    fn line_terminators() {
        assert_eq!(lines(b"a\nb\r\nc\rd"), [&b"a"[..], b"b", b"c", b"d"]);
        assert_eq!(lines(b"a\n\nb\n"), [&b"a"[..], b"", b"b"]);
        assert_eq!(lines(b"\r\n\r"), [&b""[..], b""]);
        assert!(lines(b"").is_empty());
        assert_eq!(count_lines(b"x\r\ny"), 2);
    }

    #[test]
    fn clean_lines_are_borrowed() {
        let arena = Bump::new();
        let raw = b"Gi1/0/1  connected\t10";
        let line = normalize_line(raw, &arena).unwrap();
        assert_eq!(line.as_ptr(), raw.as_ptr());
        assert_eq!(arena.allocated_bytes(), 0);
    }

    #[test]
    fn ansi_and_backspace() {
        assert_eq!(
            norm(b"\x1b[7mWLLS#\x1b[0m show ver\x1b[K").unwrap(),
            "WLLS# show ver"
        );
        assert_eq!(norm(b"show rx\x08un").unwrap(), "show run");
        assert_eq!(norm(b"\x1b]0;title\x07sw#").unwrap(), "sw#");
        assert_eq!(norm(b"a\x00b\x7fc").unwrap(), "abc");
    }

    #[test]
    fn pager_remnants_vanish() {
        let erased = b" --More-- \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08          \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08Gi1/0/21  notconnect";
        assert_eq!(norm(erased).unwrap(), "Gi1/0/21  notconnect");
        assert_eq!(norm(b" --More-- Gi1/0/22 x").unwrap(), "Gi1/0/22 x");
        assert_eq!(norm(b" --More-- "), None);
        assert_eq!(
            norm(b"--More--, next page: Space, next line: Return key, quit: Control-c"),
            None
        );
        assert_eq!(
            norm(b"-- MORE --, next page: Space, next line: Enter, quit: Control-C"),
            None
        );
        assert_eq!(
            norm(b"---(more 45%)---ge-0/0/1 up"),
            Some("ge-0/0/1 up".into())
        );
        // A blank line that was blank in the capture stays.
        assert_eq!(norm(b"").unwrap(), "");
        assert_eq!(norm(b"   ").unwrap(), "   ");
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(norm(b"caf\xe9 sw#").unwrap(), "caf\u{FFFD} sw#");
    }

    proptest::proptest! {
        /// Counting a range's lines from the file's lone CRs gives what
        /// counting the range alone gives, wherever the range is cut.
        #[test]
        fn count_lines_in_agrees(bytes in crate::scan::noisy_capture(), a: usize, b: usize) {
            let (_, crs) = dirty_ranges_and_lone_crs(&bytes);
            let n = bytes.len() + 1;
            let (a, b) = ((a % n).min(b % n), (a % n).max(b % n));
            proptest::prop_assert_eq!(count_lines_in(&bytes, a..b, &crs), count_lines_fast(&bytes[a..b]));
            proptest::prop_assert_eq!(count_lines_in(&bytes, 0..bytes.len(), &crs), count_lines(&bytes));
        }

        /// The fused scan gives the ranges the five passes gave.
        #[test]
        fn dirty_ranges_agree_with_reference(bytes in crate::scan::noisy_capture()) {
            proptest::prop_assert_eq!(dirty_ranges(&bytes), dirty_ranges_reference(&bytes));
        }
    }

    /// The per-marker searches [`first_pager`] replaced.
    fn first_pager_reference(line: &str) -> Option<(usize, &'static str, Option<&'static str>)> {
        PAGERS
            .iter()
            .filter_map(|(m, close)| line.find(m).map(|i| (i, *m, *close)))
            .min_by_key(|(i, _, _)| *i)
    }

    proptest::proptest! {
        /// One pass over the dashes finds the pager prompt the per-marker
        /// searches found.
        #[test]
        fn first_pager_agrees_with_reference(
            pieces in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just("--More--"),
                proptest::strategy::Just("-- MORE --"),
                proptest::strategy::Just("---(more"),
                proptest::strategy::Just(")---"),
                proptest::strategy::Just("-"),
                proptest::strategy::Just("--"),
                proptest::strategy::Just(" "),
                proptest::strategy::Just("é"),
                proptest::strategy::Just("More"),
                proptest::strategy::Just("MORE --"),
                proptest::strategy::Just("(more"),
            ], 0..12)
        ) {
            let line = pieces.concat();
            proptest::prop_assert_eq!(first_pager(&line), first_pager_reference(&line));
            for needle in ["--More--", ")---", "-", "é-", ""] {
                proptest::prop_assert_eq!(find_str(&line, needle), line.find(needle));
            }
        }
    }

    proptest::proptest! {
        /// Copying runs whole applies the rules the char-by-char loop
        /// applied, on any text (C1 controls and multi-byte chars too).
        #[test]
        fn terminal_rules_agree_with_reference(
            bytes in crate::scan::noisy_capture(),
            extra in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just("\u{1b}]0;t\u{7}"),
                proptest::strategy::Just("\u{1b}]0;t\u{1b}\\"),
                proptest::strategy::Just("\u{1b}é"),
                proptest::strategy::Just("\u{1b}"),
                proptest::strategy::Just("\u{1b}["),
                proptest::strategy::Just("é\u{8}"),
                proptest::strategy::Just("\u{85}\u{9f}\u{a0}¢"),
                proptest::strategy::Just("\u{8}\u{8}"),
                proptest::strategy::Just("€𝄞"),
                proptest::strategy::Just("\t"),
                proptest::strategy::Just("ab"),
            ], 0..12),
        ) {
            let text = String::from_utf8_lossy(&bytes).into_owned() + &extra.concat();
            let (mut fast, mut slow) = (String::new(), String::new());
            let noise = apply_terminal(&text, &mut fast);
            proptest::prop_assert_eq!(noise, apply_terminal_reference(&text, &mut slow));
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn clean_buffer_check() {
        assert!(is_clean_buffer(b"sw#show ver\r\nline\tx\n"));
        assert!(!is_clean_buffer(b"a\x08b"));
        assert!(!is_clean_buffer(b" --More-- "));
        assert!(!is_clean_buffer(b"\xff"));
    }
}
