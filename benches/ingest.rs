//! End to end, in devices/s: `run_ingest` over a corpus of sample clones
//! (Cisco, Arista, Brocade, 64 devices over 4 sites) into fresh SQLite site
//! databases, on every core, with telemetry off. First ingest and an
//! unchanged re-ingest (every device skipped on its content hash).
//!
//! `cargo bench --bench ingest`. The generated corpora and the load and
//! gate commands of `cargo xtask` measure the same path at scale.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use statetrace_ingest::settings::ParserSettings;
use statetrace_ingest::telemetry::Telemetry;
use statetrace_ingest::{run_ingest, IngestOptions, NoProgress};
use statetrace_store::Backend;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The binary's allocator (`src/main.rs`), so the figures are the product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEVICES: usize = 64;
const SITES: usize = 4;

/// Writes the clones; returns their paths and byte count.
fn corpus(dir: &Path) -> (Vec<PathBuf>, u64) {
    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpora/samples");
    let sources = [
        ("cisco-access-48.log", "WLLS-A01-AS-01"),
        ("arista-leaf.log", "ATL-IDF3-LF-01"),
        ("brocade-icx.log", "BOYO-A05-AS-02"),
    ];
    let texts: Vec<(String, &str)> = sources
        .iter()
        .map(|(f, host)| {
            (
                std::fs::read_to_string(samples.join(f)).expect("sample"),
                *host,
            )
        })
        .collect();
    let mut paths = Vec::new();
    let mut bytes = 0;
    for i in 0..DEVICES {
        let (text, host) = &texts[i % texts.len()];
        let clone = text.replace(host, &format!("S{}-A01-AS-{i:03}", i % SITES));
        let path = dir.join(format!("dev{i:03}.log"));
        std::fs::write(&path, &clone).expect("write clone");
        bytes += clone.len() as u64;
        paths.push(path);
    }
    (paths, bytes)
}

fn options(data: &Path) -> IngestOptions {
    IngestOptions {
        backend: Backend::Sqlite {
            data_root: data.to_path_buf(),
            busy_timeout: Duration::from_secs(10),
        },
        vendor: None,
        force: false,
        redact_secrets: true,
        settings: ParserSettings::default(),
        workers: None,
    }
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).expect("input dir");
    let (paths, _) = corpus(&input);
    let mut group = c.benchmark_group("ingest");
    group.throughput(Throughput::Elements(DEVICES as u64));
    group.sample_size(10);
    let mut n = 0;
    group.bench_function("sqlite/first", |b| {
        b.iter_batched(
            || {
                n += 1;
                tmp.path().join(format!("data{n}"))
            },
            |data| {
                let telemetry = Telemetry::disabled();
                run_ingest(&paths, &options(&data), &telemetry, &NoProgress).expect("ingest")
            },
            BatchSize::PerIteration,
        )
    });
    let settled = tmp.path().join("settled");
    run_ingest(
        &paths,
        &options(&settled),
        &Telemetry::disabled(),
        &NoProgress,
    )
    .expect("ingest");
    group.bench_function("sqlite/unchanged", |b| {
        b.iter(|| {
            run_ingest(
                &paths,
                &options(&settled),
                &Telemetry::disabled(),
                &NoProgress,
            )
            .expect("ingest")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
