//! Parse throughput on the project's own sample sessions, in bytes/s:
//! splitting a file into devices, vendor detection alone, and the whole
//! per-device path (normalised lines, block carving, vendor detection and
//! the vendor parser).
//!
//! `cargo bench --bench parse`; every `corpora/samples/*.log` is measured,
//! named `<vendor>/<file>` so each vendor's figure can be read off.

use bumpalo::Bump;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use statetrace_parse::detect::detect;
use statetrace_parse::input::Source;
use statetrace_parse::slice::device_lines;
use statetrace_parse::split::{group_devices, split_file};
use statetrace_parse::{parse_device, DeviceText};
use std::hint::black_box;
use std::path::PathBuf;

/// The binary's allocator (`src/main.rs`), so the figures are the product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn samples() -> Vec<(String, Source)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpora/samples");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpora/samples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, Source::open(&p).expect("sample opens"))
        })
        .collect()
}

/// Parses every device of one source; returns the number of ports.
fn parse_all(sources: &[Source]) -> usize {
    let splits: Vec<_> = sources.iter().map(|s| split_file(s.bytes())).collect();
    let mut ports = 0;
    for slice in group_devices(&splits) {
        let arena = Bump::new();
        let text = DeviceText::new(device_lines(sources, &slice, &arena));
        if let Ok(p) = parse_device(&slice.hostname, &text, None) {
            ports += p.device.ports.len();
        }
    }
    ports
}

fn vendor_of(source: &Source) -> String {
    let sources = std::slice::from_ref(source);
    let splits = [split_file(source.bytes())];
    let devices = group_devices(&splits);
    let arena = Bump::new();
    devices
        .first()
        .and_then(|d| {
            let text = DeviceText::new(device_lines(sources, d, &arena));
            parse_device(&d.hostname, &text, None).ok()
        })
        .and_then(|p| p.device.vendor)
        .map_or_else(|| "unknown".to_string(), |v| v.as_str().to_lowercase())
}

fn bench(c: &mut Criterion) {
    let samples = samples();
    let mut split = c.benchmark_group("split");
    for (name, source) in &samples {
        split.throughput(Throughput::Bytes(source.bytes().len() as u64));
        split.bench_with_input(BenchmarkId::from_parameter(name), source, |b, s| {
            b.iter(|| black_box(split_file(black_box(s.bytes()))))
        });
    }
    split.finish();

    let mut detection = c.benchmark_group("detect");
    for (name, source) in &samples {
        let sources = std::slice::from_ref(source);
        let splits = [split_file(source.bytes())];
        let arena = Bump::new();
        let texts: Vec<DeviceText<'_>> = group_devices(&splits)
            .iter()
            .map(|d| DeviceText::new(device_lines(sources, d, &arena)))
            .collect();
        detection.throughput(Throughput::Bytes(source.bytes().len() as u64));
        detection.bench_with_input(BenchmarkId::from_parameter(name), &texts, |b, texts| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|t| u32::from(detect(black_box(t)).confidence))
                    .sum::<u32>()
            })
        });
    }
    detection.finish();

    let mut parse = c.benchmark_group("parse");
    for (name, source) in samples {
        let id = format!("{}/{name}", vendor_of(&source));
        let sources = vec![source];
        parse.throughput(Throughput::Bytes(sources[0].bytes().len() as u64));
        parse.bench_function(id, |b| b.iter(|| black_box(parse_all(black_box(&sources)))));
    }
    parse.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
