//! Writing a corpus: every file of every day of every spread, in parallel,
//! with its manifest.
//!
//! Files are independent (a device's text depends only on its own streams),
//! so worker threads take files in any order and the bytes written never
//! depend on the thread count.

use crate::layout::{layout, FilePlan, Layout, Placed};
use crate::manifest::{
    fresh_rows, history_rows, DayManifest, DeviceChange, DeviceEntry, FileEntry, Manifest,
    NextDayManifest, Totals, FORMAT,
};
use crate::noise::{crlf, putty_header, sessions, NoiseFlags};
use crate::profile::Profile;
use crate::spec::{build, host_role, DeviceSpec};
use crate::vendor::{capture, Capture};
use crate::{nextday, GENERATOR};
use statetrace_model::Device;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Seed; `None` uses the profile's.
    pub seed: Option<u64>,
    /// Output root; the corpus goes to `<out>/<profile name>/`.
    pub out: PathBuf,
    /// Worker threads; 0 uses every core.
    pub threads: usize,
    /// Write the next-day variant when the profile has one.
    pub next_day: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: None,
            out: PathBuf::from("corpora/generated"),
            threads: 0,
            next_day: true,
        }
    }
}

/// One written corpus (one spread of a profile).
#[derive(Debug, Clone)]
pub struct Written {
    /// The corpus folder (holds `manifest.json`, `day1/`, `day2/`).
    pub dir: PathBuf,
    /// Its manifest, as written.
    pub manifest: Manifest,
    /// Time taken.
    pub elapsed: Duration,
}

/// Everything one call wrote.
#[derive(Debug, Clone)]
pub struct Report {
    /// One entry per spread (one for a profile without spreads).
    pub corpora: Vec<Written>,
    /// Total time.
    pub elapsed: Duration,
}

impl Report {
    /// Bytes written over every corpus and day.
    pub fn bytes(&self) -> u64 {
        self.corpora
            .iter()
            .flat_map(|c| &c.manifest.days)
            .map(|d| d.totals.bytes)
            .sum()
    }
}

/// The spreads of a profile: `(folder name, sites)`; one unnamed entry for
/// a profile without spreads.
pub fn spreads(profile: &Profile) -> Vec<(Option<String>, Option<u32>)> {
    let Some(&first) = profile.spreads.first() else {
        return vec![(None, None)];
    };
    profile
        .spreads
        .iter()
        .map(|&s| {
            let name = if s == first {
                "n".to_string()
            } else if s % first == 0 {
                format!("{}n", s / first)
            } else {
                format!("sites{s}")
            };
            (Some(name), Some(s))
        })
        .collect()
}

/// What every file of one day shares.
struct Context<'a> {
    profile: &'a Profile,
    seed: u64,
    day: u32,
    changed: &'a [bool],
}

/// One device as printed on one day.
pub struct Rendered {
    /// Its facts.
    pub spec: DeviceSpec,
    /// Its capture (blocks and expected record).
    pub capture: Capture,
    /// Its noise.
    pub noise: NoiseFlags,
    /// Day 2, changed devices: what changed.
    pub change: Option<DeviceChange>,
}

fn render(ctx: &Context<'_>, placed: &Placed) -> Rendered {
    let group = &ctx.profile.groups[placed.group];
    let mut spec = build(ctx.seed, placed.number, group);
    spec.hostname = placed.hostname(host_role(spec.vendor));
    spec.site = placed.site.clone();
    let noise = NoiseFlags::draw(ctx.seed, placed.number, &ctx.profile.noise);
    let changed = ctx.day == 2
        && ctx
            .changed
            .get(placed.number as usize)
            .copied()
            .unwrap_or(false);
    if !changed {
        let capture = capture(&spec);
        return Rendered {
            spec,
            capture,
            noise,
            change: None,
        };
    }
    let before = capture(&spec).expected;
    let edits = nextday::apply(ctx.seed, &mut spec);
    let capture = capture(&spec);
    let change = nextday::diff(&before, &capture.expected, edits);
    Rendered {
        spec,
        capture,
        noise,
        change: Some(change),
    }
}

/// A file's text and its devices' entries.
fn file_text(ctx: &Context<'_>, plan: &FilePlan) -> (String, Vec<DeviceEntry>, Vec<DeviceChange>) {
    let rendered: Vec<Rendered> = plan.devices.iter().map(|p| render(ctx, p)).collect();
    let putty = rendered.first().is_some_and(|r| r.noise.putty);
    let parts = if plan.interleaved { 2 } else { 1 };
    let mut per_device: Vec<Vec<String>> = rendered
        .iter()
        .map(|r| {
            let mut s = sessions(&r.capture, r.noise, parts, ctx.seed, r.spec.number);
            if putty {
                for x in &mut s {
                    *x = crlf(x);
                }
            }
            s
        })
        .collect();
    let mut text =
        String::with_capacity(per_device.iter().flatten().map(String::len).sum::<usize>() + 128);
    if putty {
        text.push_str(&crlf(&putty_header(ctx.seed, rendered[0].spec.number)));
    }
    let mut entries: Vec<DeviceEntry> = rendered
        .iter()
        .zip(&per_device)
        .map(|(r, s)| {
            let bytes = s.iter().map(|x| x.len() as u64).sum();
            let mut e = DeviceEntry::new(
                r.spec.number,
                r.spec.units,
                &r.capture.expected,
                bytes,
                r.noise,
            );
            e.changed = r.change.is_some();
            e
        })
        .collect();
    for (i, e) in entries.iter_mut().enumerate() {
        // PuTTY logs the whole file: its header goes to the first device,
        // and every device of the file gets CRLF line ends.
        e.noise.retain(|n| n != "putty");
        if putty {
            e.noise
                .insert(0, if i == 0 { "putty" } else { "crlf" }.to_string());
        }
    }
    if putty {
        entries[0].bytes += text.len() as u64;
    }
    if plan.interleaved {
        // A1 B1 C1 A2 B2 C2 ...
        let rounds = per_device.iter().map(Vec::len).max().unwrap_or(0);
        for k in 0..rounds {
            for s in &mut per_device {
                if let Some(x) = s.get_mut(k) {
                    text.push_str(&std::mem::take(x));
                }
            }
        }
    } else {
        for s in per_device {
            for x in s {
                text.push_str(&x);
            }
        }
    }
    let changes = rendered.into_iter().filter_map(|r| r.change).collect();
    (text, entries, changes)
}

/// Renders every device of one day without writing anything: the expected
/// records, in file order. For tests and tools that compare a parse with
/// what was generated.
pub fn expected_devices(
    profile: &Profile,
    seed: u64,
    spread: Option<u32>,
    day: u32,
) -> Vec<Device> {
    let layout = layout(profile, seed, spread);
    let changed = changed_flags(profile, seed, &layout);
    let ctx = Context {
        profile,
        seed,
        day,
        changed: &changed,
    };
    layout
        .files
        .iter()
        .flat_map(|f| f.devices.iter())
        .map(|p| render(&ctx, p).capture.expected)
        .collect()
}

/// Renders one device of one day (by global number) without writing.
pub fn render_device(
    profile: &Profile,
    seed: u64,
    spread: Option<u32>,
    day: u32,
    number: u64,
) -> Option<Rendered> {
    let layout = layout(profile, seed, spread);
    let changed = changed_flags(profile, seed, &layout);
    let ctx = Context {
        profile,
        seed,
        day,
        changed: &changed,
    };
    layout
        .files
        .iter()
        .flat_map(|f| f.devices.iter())
        .find(|p| p.number == number)
        .map(|p| render(&ctx, p))
}

fn changed_flags(profile: &Profile, seed: u64, layout: &Layout) -> Vec<bool> {
    match &profile.next_day {
        Some(n) => nextday::changed_set(seed, layout.devices, n.changed_share),
        None => vec![false; layout.devices as usize],
    }
}

/// Generates a profile under `opts.out`: per spread, `day1/`, `day2/` (when
/// the profile has a next day and `opts.next_day`) and `manifest.json`.
pub fn generate(profile: &Profile, opts: &Options) -> std::io::Result<Report> {
    let started = Instant::now();
    let seed = opts.seed.unwrap_or(profile.seed);
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.threads
    };
    let mut corpora = Vec::new();
    for (name, spread) in spreads(profile) {
        let t0 = Instant::now();
        let mut dir = opts.out.join(&profile.name);
        if let Some(n) = &name {
            dir = dir.join(n);
        }
        let layout = layout(profile, seed, spread);
        let changed = changed_flags(profile, seed, &layout);
        let mut days = Vec::new();
        let last_day = if opts.next_day && profile.next_day.is_some() {
            2
        } else {
            1
        };
        for day in 1..=last_day {
            let ctx = Context {
                profile,
                seed,
                day,
                changed: &changed,
            };
            let day_dir = dir.join(format!("day{day}"));
            if day_dir.exists() {
                std::fs::remove_dir_all(&day_dir)?;
            }
            for site in &layout.sites {
                std::fs::create_dir_all(day_dir.join(site))?;
            }
            days.push(write_day(&ctx, &layout, &day_dir, threads)?);
        }
        if last_day == 1 {
            // A day 2 from an earlier run would not match this day 1.
            let stale = dir.join("day2");
            if stale.exists() {
                std::fs::remove_dir_all(stale)?;
            }
        }
        let manifest = Manifest {
            format: FORMAT,
            generator: GENERATOR.to_string(),
            profile: profile.name.clone(),
            seed,
            spread,
            days,
        };
        let json = serde_json::to_string_pretty(&manifest).map_err(std::io::Error::other)?;
        std::fs::write(dir.join("manifest.json"), json + "\n")?;
        corpora.push(Written {
            dir,
            manifest,
            elapsed: t0.elapsed(),
        });
    }
    Ok(Report {
        corpora,
        elapsed: started.elapsed(),
    })
}

/// A written file's manifest entry and its devices' changes.
type FileResult = (FileEntry, Vec<DeviceChange>);

/// Writes one day's files with `threads` workers and builds its manifest.
fn write_day(
    ctx: &Context<'_>,
    layout: &Layout,
    dir: &Path,
    threads: usize,
) -> std::io::Result<DayManifest> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<FileResult>>> = Mutex::new(vec![None; layout.files.len()]);
    let failure: Mutex<Option<std::io::Error>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(plan) = layout.files.get(i) else {
                    break;
                };
                let (text, devices, changes) = file_text(ctx, plan);
                if let Err(e) = std::fs::write(dir.join(&plan.path), text.as_bytes()) {
                    *failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                    break;
                }
                let entry = FileEntry {
                    path: plan.path.clone(),
                    bytes: text.len() as u64,
                    interleaved: plan.interleaved,
                    devices,
                };
                results.lock().unwrap_or_else(|p| p.into_inner())[i] = Some((entry, changes));
            });
        }
    });
    if let Some(e) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    let mut files = Vec::with_capacity(layout.files.len());
    let mut changes = Vec::new();
    for r in results.into_inner().unwrap_or_else(|p| p.into_inner()) {
        let (f, c) = r.expect("every file was written");
        files.push(f);
        changes.extend(c);
    }
    let mut totals = Totals::default();
    let mut sites: BTreeMap<String, Totals> = BTreeMap::new();
    for f in &files {
        totals.files += 1;
        totals.bytes += f.bytes;
        let mut first_site = None;
        for d in &f.devices {
            totals.add(d);
            let s = sites.entry(d.site.clone()).or_default();
            s.add(d);
            s.sites = 1;
            first_site.get_or_insert(d.site.clone());
        }
        if let Some(site) = first_site {
            let s = sites.entry(site).or_default();
            s.files += 1;
            s.bytes += f.bytes;
        }
    }
    totals.sites = sites.len() as u64;
    let next_day = (ctx.day == 2).then(|| NextDayManifest {
        changed_share: ctx
            .profile
            .next_day
            .as_ref()
            .map_or(0.0, |n| n.changed_share),
        changed_devices: changes.len() as u64,
        unchanged_devices: totals.devices - changes.len() as u64,
        expected_history_rows: history_rows(&changes),
        changes,
    });
    Ok(DayManifest {
        day: ctx.day,
        dir: format!("day{}", ctx.day),
        expected_rows: fresh_rows(&totals),
        totals,
        sites,
        files,
        next_day,
    })
}
