//! Parses the given transcript files N times over: a fixed workload for
//! profilers (`valgrind --tool=callgrind`, `perf`), which count the whole
//! per-device path the same way the `parse` bench does.
//!
//! `cargo run --release -p statetrace-parse --example parse_loop -- 20 FILE...`

use bumpalo::Bump;
use statetrace_parse::input::Source;
use statetrace_parse::slice::device_lines;
use statetrace_parse::split::{group_devices, split_file};
use statetrace_parse::{parse_device, DeviceText};
use std::hint::black_box;

/// The binary's allocator (`src/main.rs`), so the figures are the product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| usage());
    let sources: Vec<Source> = args
        .map(|p| Source::open(std::path::Path::new(&p)).unwrap_or_else(|e| panic!("{p}: {e}")))
        .collect();
    if sources.is_empty() {
        usage();
    }
    let bytes: usize = sources.iter().map(|s| s.bytes().len()).sum();
    let start = std::time::Instant::now();
    let mut ports = 0;
    for _ in 0..rounds {
        let splits: Vec<_> = sources.iter().map(|s| split_file(s.bytes())).collect();
        for slice in group_devices(&splits) {
            let arena = Bump::new();
            let text = DeviceText::new(device_lines(&sources, &slice, &arena));
            if let Ok(p) = parse_device(&slice.hostname, &text, None) {
                ports += black_box(p).device.ports.len();
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "{ports} ports, {mb:.1} MB in {secs:.3} s: {:.1} MB/s",
        mb / secs
    );
}

fn usage() -> ! {
    eprintln!("usage: parse_loop ROUNDS FILE...");
    std::process::exit(2)
}
