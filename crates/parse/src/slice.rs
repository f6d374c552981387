//! A device slice's normalised lines.

use crate::input::Source;
use crate::split::DeviceSlice;
use crate::text::{dirty_ranges, normalize_line, raw_lines};
use bumpalo::Bump;

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
        // the caller's word); one that is not takes the careful path.
        if let Some(text) = part
            .clean
            .then(|| std::str::from_utf8(bytes).ok())
            .flatten()
        {
            push_clean_text(text, &mut out);
        } else {
            push_lines(bytes, arena, &mut out);
        }
    }
    out
}

/// Appends the normalised lines of `bytes` to `out`: clean regions are
/// borrowed, only the lines of dirty ones (see [`dirty_ranges`]) are
/// normalised into `arena`.
pub fn push_lines<'a>(bytes: &'a [u8], arena: &'a Bump, out: &mut Vec<&'a str>) {
    let mut pos = 0;
    for range in dirty_ranges(bytes) {
        push_clean(&bytes[pos..range.start], out);
        let dirty = &bytes[range.clone()];
        out.extend(raw_lines(dirty).filter_map(|l| normalize_line(&dirty[l.content], arena)));
        pos = range.end;
    }
    push_clean(&bytes[pos..], out);
}

/// Appends the lines of a buffer known to be clean, borrowed.
fn push_clean<'a>(bytes: &'a [u8], out: &mut Vec<&'a str>) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        push_clean_text(text, out);
    }
}

/// [`push_clean`] for text already checked to be UTF-8 (validating a
/// device's whole text twice was a visible share of its cost).
///
/// Lines are cut with a one-byte search per line, about half the cost of
/// `raw_lines`' two-byte one: at LF alone when there is no CR (the usual
/// capture), else at LF with CRLFs taken whole, checked afterwards to have
/// met every CR.
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
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push(&text[start..end]);
        start = end + 1;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
}

/// Appends the lines of `text` cut at LF, a CR before the LF dropped;
/// returns how many CRs were dropped.
fn push_crlf_lines<'a>(text: &'a str, out: &mut Vec<&'a str>) -> usize {
    let mut crlfs = 0;
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        let line = &text[start..end];
        out.push(match line.strip_suffix('\r') {
            Some(line) => {
                crlfs += 1;
                line
            }
            None => line,
        });
        start = end + 1;
    }
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
