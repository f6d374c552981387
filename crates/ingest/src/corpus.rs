//! Mapping and splitting the inputs.

use crate::report::{FileWarning, RunReport};
use statetrace_model::site_of;
use statetrace_parse::input::{collect_inputs, InputError, Source};
use statetrace_parse::split::{group_devices, split_file, DeviceSlice, FileSplit};
use std::path::PathBuf;

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
    // Files are opened, split and released one at a time: opening reads
    // the first bytes (the byte-order mark), and the kernel maps the pages
    // around any page read, so opening every file first would make the
    // whole corpus resident. Parsing later maps back only the devices' own
    // ranges, one device at a time.
    let mut sources = Vec::with_capacity(files.len());
    let mut splits: Vec<FileSplit> = Vec::with_capacity(files.len());
    for file in &files {
        let source = Source::open(file)?;
        splits.push(split_file(source.bytes()));
        source.release_all();
        sources.push(source);
    }
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
