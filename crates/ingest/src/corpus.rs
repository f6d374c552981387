//! Mapping and splitting the inputs.

use crate::report::{FileWarning, RunReport};
use statetrace_model::site_of;
use statetrace_parse::input::{collect_inputs, InputError, Source};
use statetrace_parse::split::{group_devices, split_file, DeviceSlice, FileSplit};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Mapped files and the devices cut from them.
pub(crate) struct Corpus {
    pub(crate) sources: Vec<Source>,
    pub(crate) devices: Vec<DeviceSlice>,
    /// Per file: already in normal form (see `FileSplit::normal_form`).
    pub(crate) normal_form: Vec<bool>,
    pub(crate) report: RunReport,
}

/// Maps and splits every input. Fails only when a path is missing or
/// unreadable; a file without a transcript is a warning.
pub(crate) fn load(paths: &[PathBuf]) -> Result<Corpus, InputError> {
    let files = collect_inputs(paths)?;
    let (sources, splits) = split_all(&files)?;
    let mut report = RunReport {
        files: sources.len() as u64,
        bytes: sources.iter().map(|s| s.bytes().len() as u64).sum(),
        ..RunReport::default()
    };
    for (source, split) in sources.iter().zip(&splits) {
        report.unattributed_lines += split.unattributed_lines;
        if split.segments.is_empty() {
            report.warnings.push(FileWarning {
                file: source.path().to_path_buf(),
                reason: if split.total_lines == 0 {
                    "empty file".to_string()
                } else {
                    format!(
                        "no device prompt or hostname line in {} lines; not a transcript",
                        split.total_lines
                    )
                },
            });
        }
    }
    let normal_form = splits.iter().map(|s| s.normal_form).collect();
    let devices = group_devices(&splits);
    report.devices = devices.len() as u64;
    let mut sites: Vec<&str> = devices.iter().map(|d| site_of(&d.hostname)).collect();
    sites.sort_unstable();
    sites.dedup();
    report.sites = sites.len() as u64;
    Ok(Corpus {
        sources,
        devices,
        normal_form,
        report,
    })
}

/// A file opened (and released) with its split.
type Opened = (Source, FileSplit);

/// Opens and splits every file, on every core: splitting is the only part
/// of an ingest that runs before any device can be parsed (devices may
/// span files, so all of them must be cut first), and on one thread it
/// left the other cores idle for about 8% of a first ingest.
///
/// Each thread opens, splits and releases one file at a time: opening
/// reads the first bytes (the byte-order mark), and the kernel maps the
/// pages around any page read, so opening every file first would make the
/// whole corpus resident. Parsing later maps back only the devices' own
/// ranges, one device at a time. The first file (in input order) that
/// cannot be read is the error.
fn split_all(files: &[PathBuf]) -> Result<(Vec<Source>, Vec<FileSplit>), InputError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, files.len().max(1));
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let split_one = |i: usize| {
        let source = Source::open(&files[i])?;
        let split = split_file(source.bytes());
        source.release_all();
        Ok((source, split))
    };
    let mut done: Vec<(usize, Result<Opened, InputError>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    while !failed.load(Ordering::Relaxed) {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= files.len() {
                            break;
                        }
                        let r = split_one(i);
                        if r.is_err() {
                            failed.store(true, Ordering::Relaxed);
                        }
                        mine.push((i, r));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| match w.join() {
                Ok(mine) => mine,
                // A panic in split_file is a bug; carry it to the caller.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    let mut sources = Vec::with_capacity(files.len());
    let mut splits = Vec::with_capacity(files.len());
    for (_, r) in done {
        let (source, split) = r?;
        sources.push(source);
        splits.push(split);
    }
    Ok((sources, splits))
}
