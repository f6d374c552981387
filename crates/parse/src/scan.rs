//! The bytes that make a line dirty, found in two passes instead of five.
//!
//! [`crate::text::dirty_ranges`] used to make five passes over a whole file:
//! control characters, lone CRs, one SIMD substring search per pager prompt
//! and a UTF-8 validation, twice per noisy file (splitting, then slicing).
//! Now one branch-free fold, which the compiler vectorises, flags each
//! 256-byte window that may hold a control character or a lone CR and
//! tells whether any byte is not ASCII; only flagged windows are looked at
//! byte by byte, and UTF-8 is validated only for non-ASCII text. One packed
//! (Teddy) search finds the candidates of all three pager prompts, each
//! checked exactly. The tests compare the hits with the rules applied one
//! by one (and `text`'s tests the ranges with the five passes).

/// Bytes per window of the prefilter.
const WINDOW: usize = 256;

/// The pager prompts' fixed parts (see [`crate::text`]), each with the
/// offset of its `M`/`m`, where a hit is reported.
const PAGER_MARKERS: [(&[u8], usize); 3] = [(b"--More--", 2), (b"-- MORE --", 3), (b"---(more", 4)];

/// What a scan found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Scan {
    /// Ascending positions of control characters (but tab, LF and the CR
    /// of a CRLF), lone CRs and pager prompts (at their `M`).
    pub hits: Vec<usize>,
    /// True when some byte is not ASCII, so UTF-8 must be validated.
    pub non_ascii: bool,
}

/// A control character other than tab and the line-end bytes.
#[inline]
pub(crate) fn is_control_byte(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) | (b == 0x7f)
}

/// True when a pager prompt's fixed part has its `M`/`m` at `i`.
#[inline]
pub(crate) fn pager_at(bytes: &[u8], i: usize) -> bool {
    PAGER_MARKERS.iter().any(|&(marker, m)| {
        i.checked_sub(m)
            .and_then(|start| bytes.get(start..))
            .is_some_and(|rest| rest.starts_with(marker))
    })
}

/// The pager prompts of `bytes` (at their `M`/`m`), found byte by byte:
/// for a single line, where a packed search costs more than it saves.
fn pager_positions(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    (0..bytes.len()).filter(|&i| (bytes[i] | 0x20) == b'm' && pager_at(bytes, i))
}

/// True when `bytes` hold a pager prompt's fixed part.
pub(crate) fn has_pager_marker(bytes: &[u8]) -> bool {
    pager_positions(bytes).next().is_some()
}

/// Folds the prefilter over one window: `x` holds its bytes, `y` the
/// bytes one further on. Bit 0 of the result is set when some byte is a
/// control character (but tab, LF and CR) or a lone CR, bit 7 when some
/// byte is not ASCII. Whole-byte masks without short-circuits and
/// fixed-size arrays are the shape the compiler turns into a few vector
/// instructions per 16 bytes.
fn window_flags(x: &[u8; WINDOW], y: &[u8; WINDOW]) -> u8 {
    let bad = x.iter().zip(y).fold(false, |bad, (&x, &y)| {
        let control = (x < 0x20) & (x != b'\t') & (x != b'\n') | (x == 0x7f);
        bad | (control & !((x == b'\r') & (y == b'\n')))
    });
    let all = x.iter().fold(0u8, |all, &x| all | x);
    u8::from(bad) | (all & 0x80)
}

/// One packed (SIMD) search for the three pager prompts, keyed on their
/// rarest parts; each candidate is checked with [`pager_at`].
fn pager_searcher() -> Option<&'static aho_corasick::packed::Searcher> {
    static SEARCHER: std::sync::OnceLock<Option<aho_corasick::packed::Searcher>> =
        std::sync::OnceLock::new();
    SEARCHER
        .get_or_init(|| {
            let mut b = aho_corasick::packed::Config::new().builder();
            b.extend(["More--", "MORE --", "(more"]);
            b.build()
        })
        .as_ref()
}

/// Positions (at the `M`/`m`) of the pager prompts in `bytes`.
fn push_pagers(bytes: &[u8], hits: &mut Vec<usize>) {
    let Some(searcher) = pager_searcher() else {
        hits.extend(pager_positions(bytes));
        return;
    };
    // The search reports non-overlapping matches, which loses none: no
    // key's end can begin another key.
    for m in searcher.find_iter(bytes) {
        // `(more` keys on the byte before the `m`.
        let at = m.start() + usize::from(bytes.get(m.start()) == Some(&b'('));
        if pager_at(bytes, at) {
            hits.push(at);
        }
    }
}

/// Scans `bytes`; see [`Scan`].
pub(crate) fn scan(bytes: &[u8]) -> Scan {
    let mut out = Scan::default();
    let mut start = 0;
    while start < bytes.len() {
        let flags = match bytes.get(start..=start + WINDOW) {
            Some(w) => window_flags(array(&w[..WINDOW]), array(&w[1..])),
            None => tail_flags(&bytes[start..]),
        };
        out.non_ascii |= flags & 0x80 != 0;
        let end = (start + WINDOW).min(bytes.len());
        if flags & 1 != 0 {
            exact_hits(bytes, start..end, &mut out.hits);
        }
        start = end;
    }
    let control = out.hits.len();
    push_pagers(bytes, &mut out.hits);
    if out.hits.len() > control && control > 0 {
        out.hits.sort_unstable();
    }
    out
}

/// [`window_flags`] for the last, short window: padded with spaces, which
/// no rule flags (a CR followed by the padding is lone, as it should be).
fn tail_flags(tail: &[u8]) -> u8 {
    let mut padded = [b' '; WINDOW + 1];
    padded[..tail.len()].copy_from_slice(tail);
    window_flags(array(&padded[..WINDOW]), array(&padded[1..]))
}

fn array(s: &[u8]) -> &[u8; WINDOW] {
    s.try_into().unwrap_or(&[b' '; WINDOW])
}

/// The exact rules, byte by byte, over one flagged window.
fn exact_hits(bytes: &[u8], window: std::ops::Range<usize>, hits: &mut Vec<usize>) {
    for i in window {
        let b = bytes[i];
        let hit = is_control_byte(b) || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if hit {
            hits.push(i);
        }
    }
}

/// Capture-like bytes for the fast paths' proptests: pager prompts whole,
/// overlapping and cut short, line ends of every kind, escapes, valid and
/// invalid UTF-8, arbitrary bytes and plain text.
#[cfg(test)]
pub(crate) fn noisy_capture() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
    use proptest::strategy::{Just, Strategy};
    let piece = proptest::prop_oneof![
        Just(b"--More--".to_vec()),
        Just(b" --More--More-- ".to_vec()),
        Just(b"-- MORE --".to_vec()),
        Just(b"---(more".to_vec()),
        Just(b"---(more 45%)---".to_vec()),
        Just(b"mor".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\x1b[K".to_vec()),
        Just("caf\u{e9} \u{85}".as_bytes().to_vec()),
        proptest::collection::vec(proptest::num::u8::ANY, 0..8),
        proptest::collection::vec(b' '..=b'~', 0..300),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules one by one, the way the five passes applied them.
    fn reference(bytes: &[u8]) -> Scan {
        let mut hits: Vec<usize> = (0..bytes.len())
            .filter(|&i| {
                is_control_byte(bytes[i]) || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
            })
            .collect();
        for (marker, m) in PAGER_MARKERS {
            hits.extend(
                (0..bytes.len())
                    .filter(|&at| bytes[at..].starts_with(marker))
                    .map(|at| at + m),
            );
        }
        hits.sort_unstable();
        hits.dedup();
        Scan {
            hits,
            non_ascii: !bytes.is_ascii(),
        }
    }

    #[test]
    fn finds_each_rule_across_window_edges() {
        let mut bytes = vec![b'x'; 3 * WINDOW];
        bytes[WINDOW - 1] = b'\r';
        bytes[2 * WINDOW - 3..2 * WINDOW + 5].copy_from_slice(b"--More--");
        bytes.extend_from_slice(b"a\x1b -- MORE -- ---(more\r");
        assert_eq!(scan(&bytes), reference(&bytes));
        assert_eq!(scan(&bytes).hits.len(), 6);
        assert!(scan(b"caf\xc3\xa9").non_ascii);
        assert_eq!(scan(b""), Scan::default());
    }

    proptest::proptest! {
        /// The prefiltered scan finds exactly what the rules find.
        #[test]
        fn agrees_with_the_rules(bytes in noisy_capture()) {
            proptest::prop_assert_eq!(scan(&bytes), reference(&bytes));
        }
    }
}
