//! Properties of the splitter over arbitrary input.

use bumpalo::Bump;
use proptest::prelude::*;
use statetrace_parse::input::Source;
use statetrace_parse::slice::device_lines;
use statetrace_parse::split::{group_devices, split_file};
use statetrace_parse::text::count_lines;
use statetrace_parse::DeviceText;

/// Bytes biased towards transcript-like content: prompts, separators and
/// control characters mixed with arbitrary bytes.
fn transcript_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        any::<Vec<u8>>(),
        Just(b"SW-A#show version\n".to_vec()),
        Just(b"sw-a>sh int status\r\n".to_vec()),
        Just(b"SSH@B-1#\r".to_vec()),
        Just(b"user@J-1> show version\n".to_vec()),
        Just(b"hostname C-9\n".to_vec()),
        Just(b"  Serial #: X\n".to_vec()),
        Just(b" --More-- \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08".to_vec()),
        Just(b"\x1b[7m\x1b[K\n".to_vec()),
        Just(b"\n\n\r\n".to_vec()),
        "[ -~]{0,40}\n".prop_map(String::into_bytes),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Every line lands in exactly one segment or in the unattributed count,
    /// and segments tile the file without gaps or overlaps.
    #[test]
    fn every_line_is_accounted_for(bytes in transcript_bytes()) {
        let split = split_file(&bytes);
        let total = count_lines(&bytes);
        prop_assert_eq!(split.total_lines, total);
        let in_segments: u64 = split.segments.iter().map(|s| s.lines).sum();
        prop_assert_eq!(in_segments + split.unattributed_lines, total);
        if split.segments.is_empty() {
            prop_assert_eq!(split.unattributed_lines, total);
        } else {
            prop_assert_eq!(split.unattributed_lines, 0);
            prop_assert_eq!(split.segments[0].bytes.start, 0);
            prop_assert_eq!(split.segments.last().unwrap().bytes.end, bytes.len());
            for pair in split.segments.windows(2) {
                prop_assert_eq!(pair[0].bytes.end, pair[1].bytes.start);
            }
            for s in &split.segments {
                prop_assert_eq!(count_lines(&bytes[s.bytes.clone()]), s.lines);
            }
        }
    }

    /// Splitting, normalising and carving never panic on any bytes.
    #[test]
    fn never_panics(a in any::<Vec<u8>>(), b in transcript_bytes()) {
        let sources = vec![Source::from_bytes("a", a), Source::from_bytes("b", b)];
        let splits: Vec<_> = sources.iter().map(|s| split_file(s.bytes())).collect();
        for device in group_devices(&splits) {
            let arena = Bump::new();
            let text = DeviceText::new(device_lines(&sources, &device, &arena));
            for block in text.blocks() {
                let _ = text.block_lines(block);
            }
        }
    }
}
