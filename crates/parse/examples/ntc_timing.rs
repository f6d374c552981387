//! This project's half of `cargo xtask compare-textfsm`, built in release
//! mode so its timings mean something.
//!
//! * `ntc_timing cases DIR` prints the in-scope ntc-templates pairs under
//!   `DIR` (see [`statetrace_parse::ntc::conformance_folder`]) as a JSON
//!   array of `{folder, platform, command, raw}`.
//! * `ntc_timing run CASES.json REPS` parses each case once for its records,
//!   then `REPS` more times against the clock, and prints a JSON array of
//!   `{records, seconds}` (seconds for all `REPS` parses), in case order.

use serde::{Deserialize, Serialize};
use statetrace_parse::ntc::{conformance_folder, parse_command, NtcRecord};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Serialize, Deserialize)]
struct Case {
    folder: String,
    platform: String,
    command: String,
    raw: PathBuf,
}

#[derive(Serialize)]
struct Timing {
    records: Vec<NtcRecord>,
    seconds: f64,
    error: Option<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["cases", dir] => cases(Path::new(dir)).map(|c| serde_json::to_string(&c)),
        ["run", file, reps] => run(Path::new(file), reps).map(|t| serde_json::to_string(&t)),
        _ => Err("usage: ntc_timing cases DIR | ntc_timing run CASES.json REPS".to_string()),
    };
    match result {
        Ok(Ok(json)) => println!("{json}"),
        Ok(Err(e)) => fail(&e.to_string()),
        Err(e) => fail(&e),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("ntc_timing: {message}");
    std::process::exit(2)
}

fn cases(dir: &Path) -> Result<Vec<Case>, String> {
    let read = |d: &Path| -> Result<Vec<PathBuf>, String> {
        let mut paths = std::fs::read_dir(d)
            .map_err(|e| format!("{}: {e}", d.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect::<Vec<_>>();
        paths.sort();
        Ok(paths)
    };
    let mut out = Vec::new();
    for folder in read(dir)?.into_iter().filter(|p| p.is_dir()) {
        let name = folder
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Some((platform, command)) = conformance_folder(&name) else {
            continue;
        };
        for raw in read(&folder)? {
            if raw.extension().is_some_and(|e| e == "raw") {
                out.push(Case {
                    folder: name.clone(),
                    platform: platform.to_string(),
                    command: command.clone(),
                    raw,
                });
            }
        }
    }
    Ok(out)
}

fn run(file: &Path, reps: &str) -> Result<Vec<Timing>, String> {
    let reps: u32 = reps
        .parse()
        .map_err(|_| format!("REPS {reps:?} is not a count"))?;
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let cases: Vec<Case> =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut out = Vec::new();
    for case in cases {
        let bytes = std::fs::read(&case.raw).map_err(|e| format!("{}: {e}", case.raw.display()))?;
        let data = String::from_utf8_lossy(&bytes);
        let (records, error) = match parse_command(&case.platform, &case.command, &data) {
            Ok(r) => (r, None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        let start = Instant::now();
        for _ in 0..reps {
            let _ = std::hint::black_box(parse_command(&case.platform, &case.command, &data));
        }
        out.push(Timing {
            records,
            seconds: start.elapsed().as_secs_f64(),
            error,
        });
    }
    Ok(out)
}
