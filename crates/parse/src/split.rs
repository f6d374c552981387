//! Cutting transcripts into per-device slices.
//!
//! A slice is a list of byte ranges into the input files; nothing is copied
//! and no temporary file is written. The rules:
//!
//! * A prompt line (see [`crate::prompt`]) for a host other than the current
//!   one starts a new segment for that host; the prompt line belongs to it.
//! * A `hostname X` configuration line starts a device only while the file
//!   has shown no prompt yet (a bare configuration dump, or several
//!   concatenated). Inside a prompted session it is just configuration and
//!   never switches device mid-config.
//! * Lines before the first host of a file belong to that first host.
//! * A file in which no host is found has all its lines counted as
//!   unattributed: reported, never silently dropped.
//! * Hosts are compared without regard to case; a host met in several
//!   segments or files is one device whose segments keep transcript order
//!   (files in the order given, then position in the file). The spelling of
//!   the first encounter names the device.

use crate::prompt::{hostname_line, parse_prompt};
use crate::text::{count_lines_in, dirty_ranges_and_lone_crs, normalize_line_owned, raw_lines};
use std::collections::HashMap;
use std::ops::Range;

/// A run of consecutive lines of one file that belong to one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The host as spelled in this segment's first prompt or hostname line.
    pub host: String,
    /// The byte range of the segment in the file's text.
    pub bytes: Range<usize>,
    /// How many lines the segment holds.
    pub lines: u64,
    /// True when no line of the segment needs normalising (see
    /// [`crate::text::dirty_ranges`]): its lines can be borrowed as they are.
    pub clean: bool,
    /// The file's dirty ranges (see [`crate::text::dirty_ranges`]) that
    /// overlap the segment, cut to it, in file offsets: empty when the
    /// segment is clean. Slicing reuses them instead of scanning again.
    pub dirty: Vec<Range<usize>>,
}

/// The result of splitting one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSplit {
    /// Segments in file order; together they cover every line of the file
    /// unless no host was found at all.
    pub segments: Vec<Segment>,
    /// Lines that belong to no host (the whole file when it has no host).
    pub unattributed_lines: u64,
    /// Lines in the file.
    pub total_lines: u64,
    /// True when the file is already in normal form (clean UTF-8, `\n` line
    /// ends only): its bytes are its normalised lines joined by `\n`.
    pub normal_form: bool,
}

/// How a host was recognised on a line.
enum HostLine<'a> {
    Prompt(&'a str),
    HostnameConfig(&'a str),
}

fn host_on_line(line: &str) -> Option<HostLine<'_>> {
    let bytes = line.as_bytes();
    if memchr::memchr2(b'#', b'>', bytes).is_some() {
        if let Some(p) = parse_prompt(line) {
            return Some(HostLine::Prompt(p.host));
        }
    }
    // Cheap pre-check before the full hostname rule.
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace())?;
    if first.eq_ignore_ascii_case(&b'h') {
        return hostname_line(line).map(HostLine::HostnameConfig);
    }
    None
}

/// Splits one file's text into host segments.
///
/// The file is read as clean regions and dirty lines (see
/// [`dirty_ranges`]). In a clean region only the lines that can start a
/// device are looked at (those holding `#` or `>`, or the word `hostname`)
/// and lines are counted by their terminators; dirty lines are normalised
/// one by one. A tidy capture is one clean region; a noisy one is mostly
/// clean regions between its escape sequences and pager prompts. Both give
/// what reading every normalised line would give.
pub fn split_file(bytes: &[u8]) -> FileSplit {
    let (dirty, lone_crs) = dirty_ranges_and_lone_crs(bytes);
    let mut splitter = Splitter::new(Counting::LoneCrs(lone_crs));
    let mut pos = 0;
    for range in &dirty {
        split_clean_region(bytes, pos..range.start, &mut splitter);
        split_dirty_region(bytes, range.clone(), &mut splitter);
        pos = range.end;
    }
    split_clean_region(bytes, pos..bytes.len(), &mut splitter);
    let mut split = splitter.finish(bytes);
    assign_dirty(&mut split.segments, &dirty);
    split.normal_form = dirty.is_empty() && memchr::memchr(b'\r', bytes).is_none();
    split
}

/// Gives each segment the dirty ranges that overlap it, cut to it, and
/// its `clean` flag. Both lists are ascending and disjoint (segments tile
/// the file), so one sweep does it; a range that spans several segments
/// is handed to each.
fn assign_dirty(segments: &mut [Segment], dirty: &[Range<usize>]) {
    let mut first = 0;
    for seg in segments {
        let span = seg.bytes.clone();
        while dirty.get(first).is_some_and(|d| d.end <= span.start) {
            first += 1;
        }
        seg.dirty = dirty[first..]
            .iter()
            .take_while(|d| d.start < span.end)
            .map(|d| d.start.max(span.start)..d.end.min(span.end))
            .filter(|r| !r.is_empty())
            .collect();
        seg.clean = seg.dirty.is_empty();
    }
}

/// How a [`Splitter`] counts a segment's lines.
enum Counting {
    /// From the file's lone CRs, which the scan for dirty lines found:
    /// a CRLF capture then needs no second pass for them.
    LoneCrs(Vec<usize>),
    /// Every line walked (the tests' reference).
    #[cfg(test)]
    Walk,
}

impl Counting {
    /// The lines of `bytes[range]`, as [`raw_lines`] counts them.
    fn lines(&self, bytes: &[u8], range: Range<usize>) -> u64 {
        match self {
            Counting::LoneCrs(crs) => count_lines_in(bytes, range, crs),
            #[cfg(test)]
            Counting::Walk => crate::text::count_lines(&bytes[range]),
        }
    }
}

/// The segmentation state machine shared by both paths.
struct Splitter {
    out: FileSplit,
    /// Counts the lines of a byte range.
    count: Counting,
    /// The open segment: (host, start byte).
    open: Option<(String, usize)>,
    seen_prompt: bool,
}

impl Splitter {
    fn new(count: Counting) -> Splitter {
        Splitter {
            out: FileSplit::default(),
            count,
            open: None,
            seen_prompt: false,
        }
    }

    /// The line starting at byte `start` names `host` (a prompt or not).
    fn host_line(&mut self, start: usize, host: &str, is_prompt: bool, bytes: &[u8]) {
        let switch = match &self.open {
            None => true,
            Some((current, _)) => {
                !current.eq_ignore_ascii_case(host) && (is_prompt || !self.seen_prompt)
            }
        };
        self.seen_prompt |= is_prompt;
        if !switch {
            return;
        }
        let seg_start = match self.open.take() {
            Some((h, from)) => {
                self.out.segments.push(Segment {
                    host: h,
                    bytes: from..start,
                    lines: self.count.lines(bytes, from..start),
                    clean: true,
                    dirty: Vec::new(),
                });
                start
            }
            // The preamble joins the first host.
            None => 0,
        };
        self.open = Some((host.to_string(), seg_start));
    }

    fn finish(mut self, bytes: &[u8]) -> FileSplit {
        match self.open {
            Some((host, from)) => {
                self.out.segments.push(Segment {
                    host,
                    bytes: from..bytes.len(),
                    lines: self.count.lines(bytes, from..bytes.len()),
                    clean: true,
                    dirty: Vec::new(),
                });
                // Segments tile the file: their lines are all its lines.
                self.out.total_lines = self.out.segments.iter().map(|s| s.lines).sum();
            }
            None => {
                self.out.total_lines = self.count.lines(bytes, 0..bytes.len());
                self.out.unattributed_lines = self.out.total_lines;
            }
        }
        self.out
    }
}

/// Feeds the host lines of a clean region (see [`split_file`]) to the
/// splitter: only lines holding `#`, `>` or `hostname` are looked at.
fn split_clean_region(bytes: &[u8], region: Range<usize>, splitter: &mut Splitter) {
    let Some(text) = bytes.get(region.clone()) else {
        return;
    };
    let base = region.start;
    // Candidate line starts (relative to the region), ascending.
    let mut starts: Vec<usize> = Vec::new();
    let mut pos = 0;
    while let Some(i) = memchr::memchr2(b'#', b'>', &text[pos..]) {
        let hit = pos + i;
        let start = memchr::memrchr(b'\n', &text[..hit]).map_or(0, |n| n + 1);
        // A prompt starts with a letter or digit. A line that does not
        // (a `####` banner, `  Serial #:`) matters only as a `hostname`
        // line, and those the searches below find where they count.
        if text[start].is_ascii_alphanumeric() {
            starts.push(start);
        }
        pos = memchr::memchr(b'\n', &text[hit..]).map_or(text.len(), |n| hit + n + 1);
    }
    // Once the file has shown a prompt, a `hostname` line changes nothing
    // (see `Splitter::host_line`): only the text before the first prompt
    // is searched for one, which in a prompted capture is next to none.
    let hostname_end = if splitter.seen_prompt {
        0
    } else {
        starts
            .iter()
            .copied()
            .find(|&start| matches!(host_on_line_at(text, start), Some(HostLine::Prompt(_))))
            .unwrap_or(text.len())
    };
    for finder in hostname_finders() {
        for at in finder.find_iter(&text[..hostname_end]) {
            starts.push(memchr::memrchr(b'\n', &text[..at]).map_or(0, |n| n + 1));
        }
    }
    starts.sort_unstable();
    starts.dedup();
    for start in starts {
        match host_on_line_at(text, start) {
            Some(HostLine::Prompt(host)) => splitter.host_line(base + start, host, true, bytes),
            Some(HostLine::HostnameConfig(host)) => {
                splitter.host_line(base + start, host, false, bytes)
            }
            None => {}
        }
    }
}

/// [`host_on_line`] for the line of a clean region that starts at `start`.
fn host_on_line_at(text: &[u8], start: usize) -> Option<HostLine<'_>> {
    let end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |n| start + n);
    let raw = &text[start..end];
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    // A clean region is valid UTF-8 (see `dirty_ranges`).
    host_on_line(std::str::from_utf8(raw).ok()?)
}

/// Feeds the host lines of a dirty region to the splitter, normalising
/// each line first.
fn split_dirty_region(bytes: &[u8], region: Range<usize>, splitter: &mut Splitter) {
    let Some(text) = bytes.get(region.clone()) else {
        return;
    };
    for raw in raw_lines(text) {
        let bytes_of_line = &text[raw.content.clone()];
        if !may_name_host(bytes_of_line) {
            continue;
        }
        let Some(line) = normalize_line_owned(bytes_of_line) else {
            continue;
        };
        let start = region.start + raw.content.start;
        match host_on_line(&line) {
            Some(HostLine::Prompt(host)) => splitter.host_line(start, host, true, bytes),
            Some(HostLine::HostnameConfig(host)) => splitter.host_line(start, host, false, bytes),
            None => {}
        }
    }
}

/// False when no normalisation of the raw line `raw` can be a host line
/// (see [`host_on_line`]): a prompt needs `#` or `>`, a `hostname` line
/// an `h` or `H`, and normalising only deletes bytes or turns invalid
/// ones into U+FFFD, never making one of those. Most dirty lines (table
/// rows behind a pager prompt) are skipped without being cleaned.
fn may_name_host(raw: &[u8]) -> bool {
    memchr::memchr3(b'#', b'>', b'h', raw).is_some() || memchr::memchr(b'H', raw).is_some()
}

/// Exact searchers for `ostname` and `OSTNAME`, which every spelling in
/// [`crate::prompt::HOSTNAME_SPELLINGS`] contains, for [`split_clean_region`].
fn hostname_finders() -> &'static [memchr::memmem::Finder<'static>; 2] {
    static FINDERS: std::sync::OnceLock<[memchr::memmem::Finder<'static>; 2]> =
        std::sync::OnceLock::new();
    FINDERS.get_or_init(|| {
        [
            memchr::memmem::Finder::new("ostname"),
            memchr::memmem::Finder::new("OSTNAME"),
        ]
    })
}

/// Every line normalised and looked at: the reference the region-based
/// [`split_file`] must agree with (tests only).
#[cfg(test)]
fn split_lines(bytes: &[u8]) -> FileSplit {
    let mut splitter = Splitter::new(Counting::Walk);
    for raw in raw_lines(bytes) {
        let Some(line) = normalize_line_owned(&bytes[raw.content.clone()]) else {
            continue;
        };
        let start = raw.content.start;
        match host_on_line(&line) {
            Some(HostLine::Prompt(host)) => splitter.host_line(start, host, true, bytes),
            Some(HostLine::HostnameConfig(host)) => splitter.host_line(start, host, false, bytes),
            None => {}
        }
    }
    splitter.finish(bytes)
}

/// Where a device's text lives: a segment of one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlicePart {
    /// Index of the file in the list given to [`group_devices`].
    pub file: usize,
    /// Byte range in that file's text.
    pub bytes: Range<usize>,
    /// True when no line of the part needs normalising (from
    /// [`Segment::clean`]).
    pub clean: bool,
    /// The part's dirty ranges in file offsets (from [`Segment::dirty`]);
    /// when empty and the part is not clean, slicing finds them itself.
    pub dirty: Vec<Range<usize>>,
}

/// One device's slice across all files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceSlice {
    /// Hostname, spelled as first met.
    pub hostname: String,
    /// The device's segments in transcript order.
    pub parts: Vec<SlicePart>,
    /// Lines in all segments.
    pub lines: u64,
    /// Bytes in all segments.
    pub bytes: u64,
}

/// Joins the segments of every file into devices, in order of first
/// appearance.
pub fn group_devices(files: &[FileSplit]) -> Vec<DeviceSlice> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut devices: Vec<DeviceSlice> = Vec::new();
    for (file, split) in files.iter().enumerate() {
        for seg in &split.segments {
            let key = seg.host.to_ascii_lowercase();
            let i = *index.entry(key).or_insert_with(|| {
                devices.push(DeviceSlice {
                    hostname: seg.host.clone(),
                    parts: Vec::new(),
                    lines: 0,
                    bytes: 0,
                });
                devices.len() - 1
            });
            let d = &mut devices[i];
            d.parts.push(SlicePart {
                file,
                bytes: seg.bytes.clone(),
                clean: seg.clean,
                dirty: seg.dirty.clone(),
            });
            d.lines += seg.lines;
            d.bytes += seg.bytes.len() as u64;
        }
    }
    devices
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(s: &str) -> Vec<(String, u64)> {
        split_file(s.as_bytes())
            .segments
            .into_iter()
            .map(|g| (g.host, g.lines))
            .collect()
    }

    #[test]
    fn prompts_start_devices_and_preamble_joins_first_host() {
        let s = "=~=~= PuTTY log =~=~=\nbanner\nA-1#show ver\nv\nB-1>show ver\nw\nA-1#\n";
        let split = split_file(s.as_bytes());
        assert_eq!(
            split
                .segments
                .iter()
                .map(|g| (g.host.as_str(), g.lines))
                .collect::<Vec<_>>(),
            [("A-1", 4), ("B-1", 2), ("A-1", 1)]
        );
        assert_eq!(split.unattributed_lines, 0);
        assert_eq!(split.total_lines, 7);
        assert_eq!(&s[split.segments[1].bytes.clone()], "B-1>show ver\nw\n");
    }

    #[test]
    fn output_lines_that_resemble_prompts_do_not_switch() {
        let s = "ICX-1#show version\n  Serial  #: CYS3333K006\nSerial #: X\nSlot #\nPort #\n####\nC:\\Users>\n --More-- \nICX-1#";
        assert_eq!(hosts(s), [("ICX-1".to_string(), 9)]);
    }

    #[test]
    fn hostname_line_switches_only_before_prompts() {
        // Inside a prompted session, a differing hostname line is config.
        let s = "sw1#show run\nhostname sw1-long-name\ninterface Gi1/0/1\nsw1#";
        assert_eq!(hosts(s), [("sw1".to_string(), 4)]);
        // Concatenated configuration dumps without prompts.
        let s = "!\nhostname core-a\n!\nend\nhostname core-b\n!\n";
        assert_eq!(
            hosts(s),
            [("core-a".to_string(), 4), ("core-b".to_string(), 2)]
        );
        // From the original's test: hostname line, then prompts.
        let s = "hostname switch1\nswitch1# show version\nv\nswitch-two(config)# show version\nv\nhostname switch-two\nswitch-two>show interfaces\n";
        assert_eq!(
            hosts(s),
            [("switch1".to_string(), 3), ("switch-two".to_string(), 4)]
        );
    }

    #[test]
    fn hosts_compare_without_case() {
        let s = "SW-A#show ver\nx\nsw-a#show run\ny\n";
        assert_eq!(hosts(s), [("SW-A".to_string(), 4)]);
    }

    #[test]
    fn file_without_host_is_unattributed() {
        let s = split_file(b"just\nsome text\n\n");
        assert!(s.segments.is_empty());
        assert_eq!((s.unattributed_lines, s.total_lines), (3, 3));
        let empty = split_file(b"");
        assert!(empty.segments.is_empty() && empty.total_lines == 0 && empty.normal_form);
        assert!(!split_file(b"a\r\n").normal_form, "CRLF needs normalising");
        assert!(!split_file(b"a\x08\n").normal_form);
    }

    /// What a split says about hosts and lines, without the cleanliness
    /// flags only [`split_file`] computes.
    type Shape = (Vec<(String, Range<usize>, u64)>, u64, u64);

    fn shape(split: &FileSplit) -> Shape {
        let segs = split
            .segments
            .iter()
            .map(|s| (s.host.clone(), s.bytes.clone(), s.lines))
            .collect();
        (segs, split.unattributed_lines, split.total_lines)
    }

    #[test]
    fn segments_know_whether_they_are_clean() {
        let s = b"A#show ver\r\nv\r\nB#show ver\n\x1b[Kw\nA#show run\n --More-- \nr\n";
        let split = split_file(s);
        let flags: Vec<_> = split
            .segments
            .iter()
            .map(|g| (g.host.as_str(), g.clean))
            .collect();
        assert_eq!(flags, [("A", true), ("B", false), ("A", false)]);
        assert!(!split.normal_form);
    }

    proptest::proptest! {
        /// Reading clean regions by their candidate lines gives exactly
        /// what normalising and reading every line gives, noisy or not.
        #[test]
        fn regions_agree_with_every_line(pieces in proptest::collection::vec(proptest::prop_oneof![
            proptest::strategy::Just("SW-A#show version\n".to_string()),
            proptest::strategy::Just("sw-a>sh int status\r\n".to_string()),
            proptest::strategy::Just("user@J-1> show version\n".to_string()),
            proptest::strategy::Just("  hostname C-9\n".to_string()),
            proptest::strategy::Just("HOSTNAME D-1\n".to_string()),
            proptest::strategy::Just("Hostname E-2\n".to_string()),
            proptest::strategy::Just("HostName F-3\n".to_string()),
            proptest::strategy::Just("  Serial #: X\n".to_string()),
            proptest::strategy::Just("####\n".to_string()),
            proptest::strategy::Just("\n".to_string()),
            proptest::strategy::Just("\r".to_string()),
            proptest::strategy::Just(" --More-- \x08\x08\x08".to_string()),
            proptest::strategy::Just("\x1b[7mSW-B#\x1b[m show run\n".to_string()),
            proptest::strategy::Just("SW-\x08C#\n".to_string()),
            proptest::strategy::Just("\u{fffd}caf\u{e9}\n".to_string()),
            "[ -~]{0,30}\n?",
        ], 0..30), invalid in proptest::option::of(0usize..400)) {
            let mut bytes = pieces.concat().into_bytes();
            if let Some(at) = invalid.filter(|&at| at < bytes.len()) {
                bytes[at] = 0xff;
            }
            let by_regions = split_file(&bytes);
            proptest::prop_assert_eq!(shape(&by_regions), shape(&split_lines(&bytes)));
            proptest::prop_assert_eq!(crate::text::count_lines_fast(&bytes), crate::text::count_lines(&bytes));
            proptest::prop_assert_eq!(
                by_regions.normal_form,
                crate::text::is_normal_form(&bytes)
            );
        }
    }

    #[test]
    fn devices_join_across_segments_and_files() {
        let f1 = split_file(b"A#show ver\n1\nB#show ver\n2\nA#show run\n3\n");
        let f2 = split_file(b"b#show run\n4\nC#x\n");
        let devices = group_devices(&[f1, f2]);
        let summary: Vec<_> = devices
            .iter()
            .map(|d| {
                (
                    d.hostname.as_str(),
                    d.parts.iter().map(|p| p.file).collect::<Vec<_>>(),
                    d.lines,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("A", vec![0, 0], 4),
                ("B", vec![0, 1], 4),
                ("C", vec![1], 1)
            ]
        );
    }
}
