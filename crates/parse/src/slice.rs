//! A device slice's normalised lines.

use crate::input::Source;
use crate::scan::for_each_byte;
use crate::split::DeviceSlice;
use crate::text::{dirty_ranges, normalize_line, raw_lines};
use bumpalo::Bump;
use std::ops::Range;

/// The normalised lines of a device, in transcript order.
///
/// Clean segments are borrowed from the mapped files line by line; only
/// dirty lines (escapes, backspaces, pager prompts, invalid UTF-8) are
/// cleaned into `arena`. Lines that were only terminal noise are left out.
pub fn device_lines<'a>(
    sources: &'a [Source],
    slice: &DeviceSlice,
    arena: &'a Bump,
) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(slice.lines as usize);
    for part in &slice.parts {
        let Some(bytes) = sources
            .get(part.file)
            .and_then(|s| s.bytes().get(part.bytes.clone()))
        else {
            continue;
        };
        // A part flagged clean is still checked for UTF-8 (the flag is
        // the caller's word); one that is not takes the careful path,
        // with the dirty ranges the split found when it has them.
        if let Some(text) = part
            .clean
            .then(|| std::str::from_utf8(bytes).ok())
            .flatten()
        {
            push_clean_text(text, &mut out);
        } else if let Some(dirty) = relative_ranges(&part.dirty, part.bytes.start, bytes.len()) {
            push_ranges(bytes, &dirty, arena, &mut out);
        } else {
            push_lines(bytes, arena, &mut out);
        }
    }
    out
}

/// `ranges` (file offsets) made relative to a part that starts at `base`
/// and holds `len` bytes; `None` when there are none or they are not
/// ascending, disjoint and inside the part (then the part is scanned).
fn relative_ranges(ranges: &[Range<usize>], base: usize, len: usize) -> Option<Vec<Range<usize>>> {
    if ranges.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(ranges.len());
    let mut pos = 0;
    for r in ranges {
        let start = r.start.checked_sub(base)?;
        let end = r.end.checked_sub(base)?;
        if start < pos || end < start || end > len {
            return None;
        }
        out.push(start..end);
        pos = end;
    }
    Some(out)
}

/// Appends the normalised lines of `bytes` to `out`: clean regions are
/// borrowed, only the lines of dirty ones (see [`dirty_ranges`]) are
/// normalised into `arena`.
pub fn push_lines<'a>(bytes: &'a [u8], arena: &'a Bump, out: &mut Vec<&'a str>) {
    push_ranges(bytes, &dirty_ranges(bytes), arena, out);
}

/// [`push_lines`] with the dirty ranges of `bytes` already known: sorted,
/// disjoint, in bounds and cut at line starts.
fn push_ranges<'a>(
    bytes: &'a [u8],
    dirty: &[Range<usize>],
    arena: &'a Bump,
    out: &mut Vec<&'a str>,
) {
    let mut pos = 0;
    for range in dirty {
        push_clean(&bytes[pos..range.start], arena, out);
        push_dirty(&bytes[range.clone()], arena, out);
        pos = range.end;
    }
    push_clean(&bytes[pos..], arena, out);
}

/// Appends the normalised lines of `dirty`, line by line.
fn push_dirty<'a>(dirty: &'a [u8], arena: &'a Bump, out: &mut Vec<&'a str>) {
    out.extend(raw_lines(dirty).filter_map(|l| normalize_line(&dirty[l.content], arena)));
}

/// Appends the lines of a buffer known to be clean, borrowed; should it
/// not be UTF-8 after all (ranges handed in by a caller), line by line.
///
/// Clean means between dirty ranges, and a lone CR makes its line dirty:
/// every CR here is a CRLF's, so the lines are cut at LF without
/// counting the CRs again (a second pass over the text).
fn push_clean<'a>(bytes: &'a [u8], arena: &'a Bump, out: &mut Vec<&'a str>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => push_clean_run(text, out),
        Err(_) => push_dirty(bytes, arena, out),
    }
}

/// Appends the lines of text known to hold no lone CR (see
/// [`push_clean`]): cut at LF, a CR before the LF dropped.
fn push_clean_run<'a>(text: &'a str, out: &mut Vec<&'a str>) {
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        push_crlf_lines(text, out);
    } else {
        push_lf_lines(text, out);
    }
}

/// [`push_clean`] for text already checked to be UTF-8 (validating a
/// device's whole text twice was a visible share of its cost).
///
/// Lines are cut at the LFs that one vector compare per 16 bytes finds
/// (see `crate::scan::for_each_byte`), not with a search call per line:
/// at LF alone when there is no CR (the usual capture), else at LF with
/// CRLFs taken whole, checked afterwards to have met every CR.
fn push_clean_text<'a>(text: &'a str, out: &mut Vec<&'a str>) {
    let bytes = text.as_bytes();
    let Some(first_cr) = memchr::memchr(b'\r', bytes) else {
        push_lf_lines(text, out);
        return;
    };
    let mark = out.len();
    let crlfs = push_crlf_lines(text, out);
    // Every CR was the CR of a CRLF, so the lines are those of
    // `raw_lines`; else a lone CR also ends a line: split again.
    if 1 + memchr::memchr_iter(b'\r', &bytes[first_cr + 1..]).count() == crlfs {
        return;
    }
    out.truncate(mark);
    // Terminators are ASCII, so every range is on a char boundary.
    out.extend(raw_lines(bytes).map(|l| &text[l.content]));
}

/// Appends the lines of `text`, which holds no CR, cut at LF.
fn push_lf_lines<'a>(text: &'a str, out: &mut Vec<&'a str>) {
    let mut start = 0;
    for_each_byte(text.as_bytes(), b'\n', |end| {
        out.push(&text[start..end]);
        start = end + 1;
    });
    if start < text.len() {
        out.push(&text[start..]);
    }
}

/// Appends the lines of `text` cut at LF, a CR before the LF dropped;
/// returns how many CRs were dropped.
fn push_crlf_lines<'a>(text: &'a str, out: &mut Vec<&'a str>) -> usize {
    let mut crlfs = 0;
    let mut start = 0;
    for_each_byte(text.as_bytes(), b'\n', |end| {
        let line = &text[start..end];
        out.push(match line.strip_suffix('\r') {
            Some(line) => {
                crlfs += 1;
                line
            }
            None => line,
        });
        start = end + 1;
    });
    if start < text.len() {
        out.push(&text[start..]);
    }
    crlfs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::{group_devices, split_file};

    #[test]
    fn clean_text_line_ends() {
        for text in [
            "a\nb\n\nc",
            "a\r\nb\r\n",
            "a\r\nb\rc\r\n",
            "a\nb\r",
            "\r\n\n",
            "",
        ] {
            let mut lines = Vec::new();
            push_clean_text(text, &mut lines);
            let expected: Vec<&str> = raw_lines(text.as_bytes())
                .map(|l| &text[l.content])
                .collect();
            assert_eq!(lines, expected, "{text:?}");
        }
    }

    proptest::proptest! {
        /// The one-byte searches cut the lines `raw_lines` cuts, lone CRs
        /// and CRLFs included.
        #[test]
        fn clean_text_lines_agree_with_raw_lines(bytes in crate::scan::noisy_capture()) {
            let text = String::from_utf8_lossy(&bytes);
            let mut lines = vec!["before"];
            push_clean_text(&text, &mut lines);
            let expected: Vec<&str> = std::iter::once("before")
                .chain(raw_lines(text.as_bytes()).map(|l| &text[l.content]))
                .collect();
            proptest::prop_assert_eq!(lines, expected);
        }
    }

    proptest::proptest! {
        /// Lines sliced with the dirty ranges the split found are the
        /// lines sliced by scanning each part again.
        #[test]
        fn split_ranges_give_the_rescanned_lines(
            bytes in crate::scan::noisy_capture(),
            prompts in proptest::collection::vec(0usize..2000, 0..4),
        ) {
            let mut bytes = bytes;
            for (k, at) in prompts.into_iter().enumerate() {
                let at = at.min(bytes.len());
                let prompt = format!("\nSW-{}#show ver\r\n", k % 2);
                bytes.splice(at..at, prompt.into_bytes());
            }
            let sources = vec![Source::from_bytes("a", bytes)];
            let splits: Vec<_> = sources.iter().map(|s| split_file(s.bytes())).collect();
            for device in group_devices(&splits) {
                let arena = Bump::new();
                let with_ranges = device_lines(&sources, &device, &arena);
                let mut rescan = device.clone();
                for part in &mut rescan.parts {
                    part.dirty.clear();
                }
                proptest::prop_assert_eq!(with_ranges, device_lines(&sources, &rescan, &arena));
            }
        }
    }

    proptest::proptest! {
        /// Clean runs cut at LF (their CRs taken as CRLFs') and dirty lines
        /// normalised give every line normalised one by one.
        #[test]
        fn pushed_lines_agree_with_every_line_normalised(bytes in crate::scan::noisy_capture()) {
            let arena = Bump::new();
            let mut lines = Vec::new();
            push_lines(&bytes, &arena, &mut lines);
            let expected: Vec<&str> = raw_lines(&bytes)
                .filter_map(|l| crate::text::normalize_line(&bytes[l.content], &arena))
                .collect();
            proptest::prop_assert_eq!(lines, expected);
        }
    }

    #[test]
    fn lines_follow_segments_across_files() {
        let sources = vec![
            Source::from_bytes(
                "a",
                b"A#show ver\r\nv1\r\nB#x\r\nA#show run\r\n --More-- \r\nr\r\n".to_vec(),
            ),
            Source::from_bytes("b", b"a#show clock\n\x1b[K12:00\n".to_vec()),
        ];
        let splits: Vec<_> = sources.iter().map(|s| split_file(s.bytes())).collect();
        let devices = group_devices(&splits);
        let arena = Bump::new();
        let lines = device_lines(&sources, &devices[0], &arena);
        assert_eq!(
            lines,
            [
                "A#show ver",
                "v1",
                "A#show run",
                "r",
                "a#show clock",
                "12:00"
            ]
        );
    }
}
