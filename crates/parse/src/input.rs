//! Finding transcript files and mapping them into memory.
//!
//! A file is memory-mapped and read in place. Only a UTF-16 file (detected
//! by its byte-order mark) is transcoded, once, into an owned UTF-8 buffer;
//! every other file is parsed straight from the mapping.

use memmap2::Mmap;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// Why an input could not be read. Every variant names the path.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The path does not exist.
    #[error("{}: no such file or directory", .0.display())]
    Missing(PathBuf),
    /// The path exists but could not be read (permissions, I/O error).
    #[error("{}: cannot read: {source}", path.display())]
    Unreadable {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
}

impl InputError {
    fn from_io(path: &Path, err: io::Error) -> InputError {
        if err.kind() == io::ErrorKind::NotFound {
            InputError::Missing(path.to_path_buf())
        } else {
            InputError::Unreadable {
                path: path.to_path_buf(),
                source: err,
            }
        }
    }
}

/// True for the extensions a directory walk picks up: `.log` and `.txt`,
/// compared without regard to case.
pub fn is_transcript_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("log") || e.eq_ignore_ascii_case("txt"))
}

/// Expands the command-line paths into the list of files to read.
///
/// A file named explicitly is taken whatever its extension; a directory is
/// walked recursively for `.log` and `.txt` files, in name order so runs are
/// repeatable. Symbolic links to files are followed, links to directories
/// are not (no cycles). A missing or unreadable path is an error naming it.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| InputError::from_io(path, e))?;
        if meta.is_dir() {
            walk(path, &mut out)?;
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| InputError::from_io(dir, e))?
        .collect::<Result<_, _>>()
        .map_err(|e| InputError::from_io(dir, e))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(|e| InputError::from_io(&path, e))?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if is_transcript_name(&path) && (kind.is_file() || path.is_file()) {
            out.push(path);
        }
    }
    Ok(())
}

/// The text encoding a file was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (or ASCII) without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (skipped).
    Utf8Bom,
    /// UTF-16 little-endian with a byte-order mark (transcoded).
    Utf16Le,
    /// UTF-16 big-endian with a byte-order mark (transcoded).
    Utf16Be,
}

enum Data {
    Empty,
    Mapped(Mmap),
    Owned(Vec<u8>),
}

/// One input file's bytes, as UTF-8 (possibly invalid in places), without
/// any byte-order mark.
pub struct Source {
    path: PathBuf,
    data: Data,
    start: usize,
    encoding: Encoding,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source")
            .field("path", &self.path)
            .field("len", &self.bytes().len())
            .field("encoding", &self.encoding)
            .finish()
    }
}

impl Source {
    /// Maps a file; errors name the path.
    pub fn open(path: &Path) -> Result<Source, InputError> {
        let file = File::open(path).map_err(|e| InputError::from_io(path, e))?;
        let len = file
            .metadata()
            .map_err(|e| InputError::from_io(path, e))?
            .len();
        let data = if len == 0 {
            Data::Empty
        } else {
            // SAFETY: the mapping is read-only. A transcript being rewritten
            // while we read it could change under us; that yields odd text,
            // which the parsers treat like any other input, never UB in our
            // code because we only ever read bytes from it.
            let map = unsafe { Mmap::map(&file) }.map_err(|e| InputError::from_io(path, e))?;
            Data::Mapped(map)
        };
        Ok(Source::from_data(path.to_path_buf(), data))
    }

    /// Wraps bytes already in memory (tests, standard input).
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Source {
        Source::from_data(path.into(), Data::Owned(bytes))
    }

    fn from_data(path: PathBuf, data: Data) -> Source {
        let raw: &[u8] = match &data {
            Data::Empty => &[],
            Data::Mapped(m) => m,
            Data::Owned(v) => v,
        };
        let (encoding, start) = match raw {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8Bom, 3),
            [0xFF, 0xFE, ..] => (Encoding::Utf16Le, 2),
            [0xFE, 0xFF, ..] => (Encoding::Utf16Be, 2),
            _ => (Encoding::Utf8, 0),
        };
        let data = match encoding {
            Encoding::Utf16Le | Encoding::Utf16Be => Data::Owned(transcode_utf16(
                &raw[start..],
                encoding == Encoding::Utf16Le,
            )),
            _ => data,
        };
        let start = match encoding {
            Encoding::Utf16Le | Encoding::Utf16Be => 0,
            _ => start,
        };
        Source {
            path,
            data,
            start,
            encoding,
        }
    }

    /// The file's path as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The encoding found.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Tells the operating system that `range` of [`Source::bytes`] is not
    /// needed in memory any more: its pages leave the process's resident
    /// set (they stay in the page cache, so reading them again is cheap).
    /// This is what keeps peak memory flat however large the corpus: every
    /// byte is touched once to split the file and once to parse its device,
    /// and released after each. A no-op for owned buffers and off Unix.
    pub fn release(&self, range: std::ops::Range<usize>) {
        #[cfg(unix)]
        if let Data::Mapped(map) = &self.data {
            let start = self.start + range.start;
            let end = self.start + range.end;
            if range.start >= range.end || end > map.len() {
                return;
            }
            // SAFETY: the mapping is read-only and never written through,
            // so dropping its pages cannot lose data: the next read of the
            // range faults the same bytes back in from the file. Readers
            // of these bytes on other threads see the same content either
            // way (a file changing under us is the caveat `open` states).
            let _ = unsafe {
                map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, start, end - start)
            };
        }
        #[cfg(not(unix))]
        let _ = range;
    }

    /// Releases the whole file's pages (see [`Source::release`]).
    pub fn release_all(&self) {
        self.release(0..self.bytes().len());
    }

    /// The text as UTF-8 bytes, byte-order mark removed.
    pub fn bytes(&self) -> &[u8] {
        match &self.data {
            Data::Empty => &[],
            Data::Mapped(m) => &m[self.start..],
            Data::Owned(v) => &v[self.start..],
        }
    }
}

/// UTF-16 to UTF-8; unpaired surrogates and a trailing odd byte become
/// U+FFFD rather than an error.
fn transcode_utf16(bytes: &[u8], little_endian: bool) -> Vec<u8> {
    let units = bytes.chunks(2).map(|c| match (c, little_endian) {
        ([a, b], true) => u16::from_le_bytes([*a, *b]),
        ([a, b], false) => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    let mut out = String::with_capacity(bytes.len() / 2);
    out.extend(char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)));
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_are_removed_and_utf16_transcoded() {
        let s = Source::from_bytes("a", b"\xEF\xBB\xBFsw#show ver\n".to_vec());
        assert_eq!(s.bytes(), b"sw#show ver\n");
        assert_eq!(s.encoding(), Encoding::Utf8Bom);

        let mut le = vec![0xFF, 0xFE];
        le.extend("sw#\r\n".encode_utf16().flat_map(u16::to_le_bytes));
        let s = Source::from_bytes("b", le);
        assert_eq!(s.bytes(), b"sw#\r\n");
        assert_eq!(s.encoding(), Encoding::Utf16Le);

        let mut be = vec![0xFE, 0xFF];
        be.extend("é#".encode_utf16().flat_map(u16::to_be_bytes));
        be.push(0x41); // dangling odd byte
        let s = Source::from_bytes("c", be);
        assert_eq!(std::str::from_utf8(s.bytes()).unwrap(), "é#\u{FFFD}");
    }

    #[test]
    fn collect_walks_directories_for_logs_and_txt() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for name in ["b.log", "a.TXT", "c.json", "sub/d.log"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let files = collect_inputs(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|p| {
                p.strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        assert_eq!(names, ["a.TXT", "b.log", "sub/d.log"]);
        // An explicit file is taken whatever its name.
        let explicit = collect_inputs(&[dir.path().join("c.json")]).unwrap();
        assert_eq!(explicit.len(), 1);
    }

    #[test]
    fn missing_path_is_named() {
        let err = collect_inputs(&[PathBuf::from("/no/such/dir")]).unwrap_err();
        assert_eq!(err.to_string(), "/no/such/dir: no such file or directory");
        let err = Source::open(Path::new("/no/such/file.log")).unwrap_err();
        assert!(err.to_string().starts_with("/no/such/file.log"));
    }

    #[test]
    fn empty_file_maps_to_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("e.log");
        std::fs::write(&p, "").unwrap();
        assert_eq!(Source::open(&p).unwrap().bytes(), b"");
    }
}
