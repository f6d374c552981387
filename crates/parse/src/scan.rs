//! The bytes that make a line dirty, found in one pass instead of five.
//!
//! [`crate::text::dirty_ranges`] used to make five passes over a whole file:
//! control characters, lone CRs, one SIMD substring search per pager prompt
//! and a UTF-8 validation, twice per noisy file (splitting, then slicing).
//! Now one branch-free fold, which the compiler vectorises (with AVX2 when
//! the machine has it), flags each 256-byte window that may hold a control
//! character, a lone CR or a pager prompt's start and tells whether any
//! byte is not ASCII; in flagged windows only the candidate bytes, found by
//! vector compares, are checked exactly, and UTF-8 is validated only for
//! non-ASCII text. The tests compare the hits with the rules applied one by
//! one (and `text`'s tests the ranges with the five passes).
//!
//! The byte masks used for that ([`for_each_byte`], [`le_mask`]) also cut
//! lines and tokens.

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
/// for a single line, too short for the windowed scan to pay.
fn pager_positions(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    (0..bytes.len()).filter(|&i| (bytes[i] | 0x20) == b'm' && pager_at(bytes, i))
}

/// True when `bytes` hold a pager prompt's fixed part.
pub(crate) fn has_pager_marker(bytes: &[u8]) -> bool {
    pager_positions(bytes).next().is_some()
}

/// [`window_flags`] bit: some byte is a control character (but tab, LF
/// and CR) or a lone CR.
const CONTROL: u8 = 1;
/// [`window_flags`] bit: a pager prompt may start at some byte.
const PAGER: u8 = 2;
/// [`window_flags`] bit: some byte is not ASCII.
const NON_ASCII: u8 = 0x80;

/// Folds the prefilter over one window of `N` bytes: `x` holds its bytes,
/// `y` the bytes one further on, `z` two further. Gives the [`CONTROL`],
/// [`PAGER`] and [`NON_ASCII`] bits. Whole-byte masks without
/// short-circuits and fixed-size arrays are the shape the compiler turns
/// into a few vector instructions per 16 (or, with AVX2, 32) bytes.
///
/// A pager candidate is a dash before the letters that follow it in one
/// of the prompts (`-Mo` of `--More--`, `- M` of `-- MORE --`, `-(m` of
/// `---(more`): three bytes, rare in other text, checked in the same pass
/// instead of a separate search for the prompts over the whole file.
#[inline(always)]
fn window_flags<const N: usize>(x: &[u8; N], y: &[u8; N], z: &[u8; N]) -> u8 {
    let bad = x.iter().zip(y).fold(false, |bad, (&x, &y)| {
        let control = (x < 0x20) & (x != b'\t') & (x != b'\n') | (x == 0x7f);
        bad | (control & !((x == b'\r') & (y == b'\n')))
    });
    let pager = x.iter().zip(y).zip(z).fold(false, |pager, ((&x, &y), &z)| {
        let after =
            ((y == b'M') & (z == b'o')) | ((y == b' ') & (z == b'M')) | ((y == b'(') & (z == b'm'));
        pager | ((x == b'-') & after)
    });
    let all = x.iter().fold(0u8, |all, &x| all | x);
    (u8::from(bad) * CONTROL) | (u8::from(pager) * PAGER) | (all & NON_ASCII)
}

/// [`window_flags`] of the `N` bytes at `start`, or `None` when fewer than
/// `N + 2` bytes are left from there.
#[inline(always)]
fn flags_at<const N: usize>(bytes: &[u8], start: usize) -> Option<u8> {
    let w = bytes.get(start..start + N + 2)?;
    Some(window_flags::<N>(
        array(&w[..N]),
        array(&w[1..N + 1]),
        array(&w[2..]),
    ))
}

/// Scans `bytes`; see [`Scan`].
pub(crate) fn scan(bytes: &[u8]) -> Scan {
    let mut out = Scan::default();
    let mut pagers = Vec::new();
    scan_windows_dispatch(bytes, &mut out, &mut pagers);
    // Both lists ascend; they interleave only when both have hits.
    if !pagers.is_empty() {
        let sort = !out.hits.is_empty();
        out.hits.extend(pagers);
        if sort {
            out.hits.sort_unstable();
        }
    }
    out
}

/// Runs [`scan_windows`] compiled for AVX2 when the machine has it: the
/// fold then takes 32 bytes per vector instruction instead of SSE2's 16,
/// about half the instructions of the whole-file pass.
#[cfg(target_arch = "x86_64")]
fn scan_windows_dispatch(bytes: &[u8], out: &mut Scan, pagers: &mut Vec<usize>) {
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU was just found to support AVX2, the one
        // requirement of calling a function compiled for it.
        unsafe { scan_windows_avx2(bytes, out, pagers) }
    } else {
        scan_windows(bytes, out, pagers);
    }
}

/// [`scan_windows`] on other architectures.
#[cfg(not(target_arch = "x86_64"))]
fn scan_windows_dispatch(bytes: &[u8], out: &mut Scan, pagers: &mut Vec<usize>) {
    scan_windows(bytes, out, pagers);
}

/// [`scan_windows`], compiled with AVX2 (the fold is inlined into it).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn scan_windows_avx2(bytes: &[u8], out: &mut Scan, pagers: &mut Vec<usize>) {
    scan_windows(bytes, out, pagers);
}

/// The prefilter over every window of `bytes`, then the exact rules over
/// the flagged ones: fills `out.hits` with the control characters and
/// lone CRs, `pagers` with the pager prompts (at their `M`/`m`), both
/// ascending, and `out.non_ascii`.
#[inline(always)]
fn scan_windows(bytes: &[u8], out: &mut Scan, pagers: &mut Vec<usize>) {
    let mut start = 0;
    while start < bytes.len() {
        let flags = flags_at::<WINDOW>(bytes, start).unwrap_or_else(|| tail_flags(&bytes[start..]));
        out.non_ascii |= flags & NON_ASCII != 0;
        let end = (start + WINDOW).min(bytes.len());
        if flags & (CONTROL | PAGER) != 0 {
            exact_hits(bytes, start..end, flags, &mut out.hits, pagers);
        }
        start = end;
    }
}

/// [`window_flags`] for the last, short window: padded with spaces, which
/// no rule flags (a CR followed by the padding is lone, as it should be).
fn tail_flags(tail: &[u8]) -> u8 {
    let mut padded = [b' '; WINDOW + 2];
    padded[..tail.len()].copy_from_slice(tail);
    flags_at::<WINDOW>(&padded, 0).unwrap_or(CONTROL | PAGER)
}

fn array<const N: usize>(s: &[u8]) -> &[u8; N] {
    s.try_into().unwrap_or(&[b' '; N])
}

/// The exact rules over one flagged window, for the kinds of hit
/// (`flags`) it was flagged for. Only candidate bytes are looked at, found
/// 64 at a time by vector compares: the bytes below 0x20 and DEL for the
/// control rules (in a CRLF capture mostly line ends, a few per line),
/// the dashes for the pager prompts.
fn exact_hits(
    bytes: &[u8],
    window: std::ops::Range<usize>,
    flags: u8,
    hits: &mut Vec<usize>,
    pagers: &mut Vec<usize>,
) {
    let mut start = window.start;
    while start < window.end {
        let end = (start + 64).min(window.end);
        let block = &bytes[start..end];
        if flags & CONTROL != 0 {
            // `le_mask` sets the bits past a short block's end: cut them.
            let below = le_mask(block, 0x1f) & (!0u64 >> (64 - block.len()));
            let candidates = below | eq_mask(block, 0x7f);
            emit_bits(candidates, start, &mut |i| {
                let b = bytes[i];
                if is_control_byte(b) || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                    hits.push(i);
                }
            });
        }
        if flags & PAGER != 0 {
            emit_bits(eq_mask(block, b'-'), start, &mut |i| {
                if let Some(at) = pager_after_dash(bytes, i) {
                    pagers.push(at);
                }
            });
        }
        start = end;
    }
}

/// Where the pager prompt whose candidate dash (see [`window_flags`]) is
/// at `i` has its `M`/`m`, checked exactly. Each prompt has one such dash,
/// so none is found twice, and they come out ascending.
fn pager_after_dash(bytes: &[u8], i: usize) -> Option<usize> {
    let at = match bytes.get(i + 1) {
        Some(b'M') => i + 1,
        Some(b' ' | b'(') => i + 2,
        _ => return None,
    };
    pager_at(bytes, at).then_some(at)
}

/// Bit `i` set when byte `i` of a 16-byte block equals `byte`.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn eq_mask16(block: &[u8; 16], byte: u8) -> u32 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};
    // SAFETY: SSE2 is part of every x86_64 target (checked by the `cfg`
    // above), so the intrinsics exist wherever this runs; the unaligned
    // load reads exactly the 16 bytes `block` borrows.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(byte as i8))) as u32
    }
}

/// Bit `i` set when byte `i` of a 16-byte block equals `byte` (portable
/// fallback).
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
fn eq_mask16(block: &[u8; 16], byte: u8) -> u32 {
    block
        .iter()
        .enumerate()
        .fold(0, |m, (i, &b)| m | (u32::from(b == byte) << i))
}

/// Bit `i` set when byte `i` of a 16-byte block is at most `limit`.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn le_mask16(block: &[u8; 16], limit: u8) -> u32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_set1_epi8,
    };
    // SAFETY: as in `eq_mask16`: SSE2 is statically enabled and the load
    // reads exactly `block`. `min(b, limit) == b` is `b <= limit` for
    // unsigned bytes, which SSE2 cannot compare directly.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        let below = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(limit as i8)), v);
        _mm_movemask_epi8(below) as u32
    }
}

/// Bit `i` set when byte `i` of a 16-byte block is at most `limit`
/// (portable fallback).
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
fn le_mask16(block: &[u8; 16], limit: u8) -> u32 {
    block
        .iter()
        .enumerate()
        .fold(0, |m, (i, &b)| m | (u32::from(b <= limit) << i))
}

/// True for the bytes the terminal rules of `crate::text` act on: C0
/// controls but tab, DEL, and 0xC2, which leads the C1 controls
/// (U+0080..=U+009F).
#[inline]
pub(crate) fn is_terminal_byte(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f || b == 0xc2
}

/// Bit `i` set when byte `i` of a 16-byte block is a terminal byte
/// ([`is_terminal_byte`]): one load and four compares.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn terminal_mask16(block: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{
        _mm_andnot_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: as in `eq_mask16`: SSE2 is statically enabled and the load
    // reads exactly `block`. `min(b, 0x1f) == b` is `b < 0x20`.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
        let tab = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\t' as i8));
        let del = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f));
        let c1 = _mm_cmpeq_epi8(v, _mm_set1_epi8(0xc2_u8 as i8));
        let hits = _mm_or_si128(_mm_andnot_si128(tab, control), _mm_or_si128(del, c1));
        _mm_movemask_epi8(hits) as u32
    }
}

/// Bit `i` set when byte `i` of a 16-byte block is a terminal byte
/// (portable fallback).
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
fn terminal_mask16(block: &[u8; 16]) -> u32 {
    block
        .iter()
        .enumerate()
        .fold(0, |m, (i, &b)| m | (u32::from(is_terminal_byte(b)) << i))
}

/// Finds the terminal bytes ([`is_terminal_byte`]) of a buffer 64 bytes
/// at a time: the plain text between a dirty line's escapes is skipped
/// without a test per byte, and a run of backspaces costs a bit scan
/// each, the block's mask being kept between searches.
pub(crate) struct TerminalBytes<'b> {
    bytes: &'b [u8],
    /// The block whose mask is held.
    base: usize,
    end: usize,
    mask: u64,
}

impl<'b> TerminalBytes<'b> {
    /// A search over `bytes`.
    pub(crate) fn new(bytes: &'b [u8]) -> TerminalBytes<'b> {
        TerminalBytes {
            bytes,
            base: 0,
            end: 0,
            mask: 0,
        }
    }

    /// The offset of the first terminal byte at or after `from`. Inlined:
    /// a later byte of the held block is a shift and a bit scan.
    #[inline]
    pub(crate) fn next_from(&mut self, from: usize) -> Option<usize> {
        if self.base <= from && from < self.end {
            let m = self.mask & (!0u64 << (from - self.base));
            if m != 0 {
                return Some(self.base + m.trailing_zeros() as usize);
            }
            return self.next_in_blocks(self.end);
        }
        self.next_in_blocks(from)
    }

    /// [`TerminalBytes::next_from`] past the held block: masks the blocks
    /// from `from` on until one holds a terminal byte.
    #[inline(never)]
    fn next_in_blocks(&mut self, mut from: usize) -> Option<usize> {
        while from < self.bytes.len() {
            self.base = from;
            self.end = (from + 64).min(self.bytes.len());
            self.mask = block_mask(
                &self.bytes[self.base..self.end],
                terminal_mask16,
                is_terminal_byte,
            );
            if self.mask != 0 {
                return Some(self.base + self.mask.trailing_zeros() as usize);
            }
            from = self.end;
        }
        None
    }
}

/// Bit `i` set when byte `i` of `block` (at most 64 bytes) is at most
/// `limit`; the bits past a short block's end are set too.
pub(crate) fn le_mask(block: &[u8], limit: u8) -> u64 {
    let mask = block_mask(block, |c| le_mask16(c, limit), |b| b <= limit);
    if block.len() < 64 {
        mask | !0u64 << block.len()
    } else {
        mask
    }
}

/// Bit `i` set when byte `i` of `block` (at most 64 bytes) equals `byte`.
fn eq_mask(block: &[u8], byte: u8) -> u64 {
    block_mask(block, |c| eq_mask16(c, byte), |b| b == byte)
}

/// The mask of the bytes of `block` (its first 64) that a test holds
/// for: `mask16` applies it to 16 bytes at once, `one` to a single byte.
///
/// A short block's last partial sixteen are read as the block's last
/// sixteen bytes (when it has that many), their mask shifted down, so no
/// byte is copied. Bits past the block's end are clear.
#[inline(always)]
fn block_mask(block: &[u8], mask16: impl Fn(&[u8; 16]) -> u32, one: impl Fn(u8) -> bool) -> u64 {
    let block = &block[..block.len().min(64)];
    let mut chunks = block.chunks_exact(16);
    let mut mask = 0u64;
    let mut at = 0;
    for c in &mut chunks {
        mask |= u64::from(mask16(array(c))) << at;
        at += 16;
    }
    let rest = chunks.remainder().len();
    if rest > 0 {
        let tail = match block.len().checked_sub(16) {
            Some(from) => u64::from(mask16(array(&block[from..]))) >> (16 - rest),
            None => block
                .iter()
                .enumerate()
                .fold(0, |m, (i, &b)| m | (u64::from(one(b)) << i)),
        };
        mask |= tail << at;
    }
    mask
}

/// Bit `i` set when byte `i` of a 64-byte block equals `byte`.
#[inline]
fn eq_mask64(block: &[u8; 64], byte: u8) -> u64 {
    block.chunks_exact(16).enumerate().fold(0, |m, (k, c)| {
        m | u64::from(eq_mask16(array(c), byte)) << (16 * k)
    })
}

/// Calls `f` with the position of every `byte` in `bytes`, in order.
///
/// Lines are cut by this: a `memchr` call per line cost some sixty
/// instructions of set-up for a 36-byte line, while one compare and bit
/// mask per 64 bytes finds every line end of the block at once.
pub(crate) fn for_each_byte(bytes: &[u8], byte: u8, mut f: impl FnMut(usize)) {
    let mut blocks = bytes.chunks_exact(64);
    let mut base = 0;
    for block in &mut blocks {
        emit_bits(eq_mask64(array(block), byte), base, &mut f);
        base += 64;
    }
    let rest = blocks.remainder();
    if !rest.is_empty() {
        // The tail, padded with a byte that is not the one looked for.
        let mut padded = [!byte; 64];
        padded[..rest.len()].copy_from_slice(rest);
        emit_bits(eq_mask64(&padded, byte), base, &mut f);
    }
}

/// Calls `f(base + i)` for every set bit `i` of `mask`, lowest first.
#[inline]
fn emit_bits(mut mask: u64, base: usize, f: &mut impl FnMut(usize)) {
    while mask != 0 {
        f(base + mask.trailing_zeros() as usize);
        mask &= mask - 1;
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
        /// The block masks find every occurrence, in order.
        #[test]
        fn for_each_byte_finds_every_byte(bytes in noisy_capture()) {
            for byte in [b'\n', b'\r', 0xff, 0] {
                let mut found = Vec::new();
                for_each_byte(&bytes, byte, |i| found.push(i));
                let expected: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] == byte).collect();
                proptest::prop_assert_eq!(found, expected);
            }
        }

        /// The block mask marks exactly the bytes at most the limit, and
        /// every bit past a short block's end.
        #[test]
        fn le_mask_agrees_with_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..70), limit: u8) {
            let block = &bytes[..bytes.len().min(64)];
            let expected = (0..64).fold(0u64, |m, i| {
                m | (u64::from(block.get(i).is_none_or(|&b| b <= limit)) << i)
            });
            proptest::prop_assert_eq!(le_mask(block, limit), expected);
        }

        /// The block search finds each terminal byte a byte loop finds.
        #[test]
        fn terminal_bytes_agree_with_bytes(
            bytes in noisy_capture(),
            steps in proptest::collection::vec(0usize..80, 0..20),
        ) {
            let mut search = TerminalBytes::new(&bytes);
            let mut from = 0;
            for step in steps {
                let expected = (from..bytes.len()).find(|&i| is_terminal_byte(bytes[i]));
                proptest::prop_assert_eq!(search.next_from(from), expected);
                from += step;
            }
        }

        /// The prefiltered scan finds exactly what the rules find.
        #[test]
        fn agrees_with_the_rules(bytes in noisy_capture()) {
            proptest::prop_assert_eq!(scan(&bytes), reference(&bytes));
        }

        /// The fold as compiled without AVX2 (what a machine without it
        /// runs) finds what the dispatched one finds.
        #[test]
        fn baseline_fold_agrees(bytes in noisy_capture()) {
            let (mut out, mut pagers) = (Scan::default(), Vec::new());
            scan_windows(&bytes, &mut out, &mut pagers);
            let (mut dispatched, mut dispatched_pagers) = (Scan::default(), Vec::new());
            scan_windows_dispatch(&bytes, &mut dispatched, &mut dispatched_pagers);
            proptest::prop_assert_eq!((out, pagers), (dispatched, dispatched_pagers));
        }
    }
}
