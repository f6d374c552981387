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
use crate::text::{is_clean_buffer, normalize_line_owned, raw_lines};
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
pub fn split_file(bytes: &[u8]) -> FileSplit {
    let mut out = FileSplit::default();
    // The open segment: (host, start byte, lines so far).
    let mut open: Option<(String, usize, u64)> = None;
    let mut seen_prompt = false;
    let mut pending_lines = 0u64;
    // A clean file (the usual case) needs no per-line normalisation.
    let clean = is_clean_buffer(bytes)
        .then(|| std::str::from_utf8(bytes).ok())
        .flatten();
    for raw in raw_lines(bytes) {
        out.total_lines += 1;
        let line = match clean {
            Some(text) => Some(std::borrow::Cow::Borrowed(&text[raw.content.clone()])),
            None => normalize_line_owned(&bytes[raw.content.clone()]),
        };
        let found = line.and_then(|line| {
            host_on_line(&line).map(|h| match h {
                HostLine::Prompt(h) => (h.to_string(), true),
                HostLine::HostnameConfig(h) => (h.to_string(), false),
            })
        });
        if let Some((host, is_prompt)) = found {
            let switch = match &open {
                None => true,
                Some((current, _, _)) => {
                    !current.eq_ignore_ascii_case(&host) && (is_prompt || !seen_prompt)
                }
            };
            seen_prompt |= is_prompt;
            if switch {
                let start = match open.take() {
                    Some((h, start, lines)) => {
                        out.segments.push(Segment {
                            host: h,
                            bytes: start..raw.content.start,
                            lines,
                        });
                        raw.content.start
                    }
                    // The preamble joins the first host.
                    None => 0,
                };
                let lines = if start == 0 { pending_lines } else { 0 };
                open = Some((host, start, lines));
            }
        }
        match &mut open {
            Some((_, _, lines)) => *lines += 1,
            None => pending_lines += 1,
        }
    }
    match open {
        Some((host, start, lines)) => out.segments.push(Segment {
            host,
            bytes: start..bytes.len(),
            lines,
        }),
        None => out.unattributed_lines = pending_lines,
    }
    out
}

/// Where a device's text lives: a segment of one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlicePart {
    /// Index of the file in the list given to [`group_devices`].
    pub file: usize,
    /// Byte range in that file's text.
    pub bytes: Range<usize>,
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
        assert_eq!(split_file(b""), FileSplit::default());
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
