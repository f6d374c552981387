//! `cargo xtask compare-textfsm`: this project's command parsers against
//! TextFSM with the ntc-templates collection, on the same third-party raws
//! (`../shared/conformance/ntc/`), side by side in one run: are the records
//! equal, and how long does each take per parse.
//!
//! TextFSM runs in a Python virtual environment this task creates under
//! `target/textfsm-venv` (pinned versions, from PyPI). Its timing compiles
//! each template once and times `ParseText` alone, the fairest case for
//! it; `parse_output` (which re-reads the index and template every call, as
//! most callers use it) gives the records. This project's side is the
//! `ntc_timing` example built in release mode.

use anyhow::{bail, Context, Result};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Pinned so a run is reproducible: the template collection changes often.
const PY_PACKAGES: &[&str] = &["textfsm==2.1.0", "ntc-templates==9.3.0"];

/// Timing repetitions per raw, each side.
const DEFAULT_REPS: u32 = 200;

const DRIVER: &str = r#"
import io, json, os, sys, time
import textfsm
import textfsm.clitable as clitable
from ntc_templates.parse import parse_output, _get_template_dir

cases = json.load(open(sys.argv[1]))
reps = int(sys.argv[2])
template_dir = _get_template_dir()
index = clitable.CliTable("index", template_dir)
out = []
for case in cases:
    with open(case["raw"], encoding="utf-8", errors="replace") as f:
        data = f.read()
    try:
        records = parse_output(platform=case["platform"], command=case["command"], data=data)
        row = index.index.GetRowMatch({"Command": case["command"], "Platform": case["platform"]})
        names = index.index.index[row]["Template"].split(":")
        fsms = []
        for name in names:
            with open(os.path.join(template_dir, name)) as f:
                fsms.append(textfsm.TextFSM(io.StringIO(f.read())))
        start = time.perf_counter()
        for _ in range(reps):
            for fsm in fsms:
                fsm.Reset()
                fsm.ParseText(data)
        out.append({"records": records, "seconds": time.perf_counter() - start, "error": None})
    except Exception as e:
        out.append({"records": [], "seconds": 0.0, "error": repr(e)})
json.dump(out, sys.stdout)
"#;

/// Runs the comparison; fails when any raw's records differ.
pub fn compare_textfsm(args: &[String]) -> Result<()> {
    let reps = match args {
        [] => DEFAULT_REPS,
        [flag, n] if flag == "--reps" => n.parse().context("--reps takes a count")?,
        _ => bail!("usage: cargo xtask compare-textfsm [--reps N]"),
    };
    let root = crate::root();
    let dir = root.join("../shared/conformance/ntc");
    if !dir.is_dir() {
        println!("SKIPPED: compare-textfsm: {} not present", dir.display());
        return Ok(());
    }
    let work = root.join("target/compare-textfsm");
    std::fs::create_dir_all(&work).context("creating target/compare-textfsm")?;
    let python = venv(&root.join("target/textfsm-venv"))?;

    let mut build = crate::cargo();
    build.args([
        "build",
        "--release",
        "-q",
        "-p",
        "statetrace-parse",
        "--example",
        "ntc_timing",
    ]);
    crate::step("build ntc_timing (release)", build)?;
    let ours_bin = crate::target_dir().join("release/examples/ntc_timing");

    let cases_json = output(Command::new(&ours_bin).arg("cases").arg(&dir))?;
    let cases_path = work.join("cases.json");
    std::fs::write(&cases_path, &cases_json).context("writing cases.json")?;
    let cases: Vec<Value> = serde_json::from_str(&cases_json).context("cases.json")?;

    let driver = work.join("driver.py");
    std::fs::write(&driver, DRIVER).context("writing driver.py")?;
    println!(
        "==> TextFSM and StateTrace: {} raws, {reps} parses each",
        cases.len()
    );
    let theirs: Vec<Value> = serde_json::from_str(&output(
        Command::new(&python)
            .arg(&driver)
            .arg(&cases_path)
            .arg(reps.to_string()),
    )?)
    .context("TextFSM driver output")?;
    let ours: Vec<Value> = serde_json::from_str(&output(
        Command::new(&ours_bin)
            .arg("run")
            .arg(&cases_path)
            .arg(reps.to_string()),
    )?)
    .context("ntc_timing output")?;
    report(&cases, &theirs, &ours, reps)
}

/// Creates the virtual environment when missing; returns its python.
fn venv(dir: &Path) -> Result<std::path::PathBuf> {
    let python = dir.join("bin/python");
    let stamp = dir.join("packages.txt");
    let wanted = PY_PACKAGES.join("\n");
    if python.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(&wanted) {
        return Ok(python);
    }
    let mut create = Command::new("python3");
    create.arg("-m").arg("venv").arg(dir);
    crate::step("python3 -m venv target/textfsm-venv", create)?;
    let mut install = Command::new(&python);
    install
        .args(["-m", "pip", "install", "-q"])
        .args(PY_PACKAGES);
    crate::step(&format!("pip install {}", PY_PACKAGES.join(" ")), install)?;
    std::fs::write(&stamp, wanted).context("writing the venv stamp")?;
    Ok(python)
}

fn output(cmd: &mut Command) -> Result<String> {
    let out = cmd
        .output()
        .with_context(|| format!("could not start {cmd:?}"))?;
    if !out.status.success() {
        bail!(
            "{cmd:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    String::from_utf8(out.stdout).context("output is not UTF-8")
}

#[derive(Default)]
struct Row {
    raws: usize,
    equal: usize,
    theirs_s: f64,
    ours_s: f64,
}

fn report(cases: &[Value], theirs: &[Value], ours: &[Value], reps: u32) -> Result<()> {
    if cases.len() != theirs.len() || cases.len() != ours.len() {
        bail!(
            "result counts differ: {} cases, {} from TextFSM, {} from StateTrace",
            cases.len(),
            theirs.len(),
            ours.len()
        );
    }
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut differences = Vec::new();
    for ((case, t), o) in cases.iter().zip(theirs).zip(ours) {
        let folder = case["folder"].as_str().unwrap_or_default().to_string();
        let raw = case["raw"].as_str().unwrap_or_default();
        let file = Path::new(raw)
            .file_name()
            .map_or(raw.into(), |f| f.to_string_lossy());
        let row = rows.entry(folder).or_default();
        row.raws += 1;
        row.theirs_s += t["seconds"].as_f64().unwrap_or(0.0);
        row.ours_s += o["seconds"].as_f64().unwrap_or(0.0);
        for (side, v) in [("TextFSM", t), ("StateTrace", o)] {
            if let Some(e) = v["error"].as_str() {
                differences.push(format!("{file}: {side} failed: {e}"));
            }
        }
        match first_difference(&t["records"], &o["records"]) {
            None => row.equal += 1,
            Some(d) => differences.push(format!("{file}: {d}")),
        }
    }
    println!(
        "\n{:<52} {:>5} {:>6} {:>13} {:>13} {:>8}",
        "ntc folder", "raws", "equal", "TextFSM us", "StateTrace us", "ratio"
    );
    let per_parse = |s: f64, n: usize| s * 1e6 / f64::from(reps) / n.max(1) as f64;
    let (mut all, mut eq, mut ts, mut os) = (0, 0, 0.0, 0.0);
    for (folder, r) in &rows {
        println!(
            "{folder:<52} {:>5} {:>6} {:>13.1} {:>13.2} {:>7.0}x",
            r.raws,
            r.equal,
            per_parse(r.theirs_s, r.raws),
            per_parse(r.ours_s, r.raws),
            r.theirs_s / r.ours_s.max(1e-12)
        );
        (all, eq, ts, os) = (all + r.raws, eq + r.equal, ts + r.theirs_s, os + r.ours_s);
    }
    println!(
        "{:<52} {all:>5} {eq:>6} {:>13.1} {:>13.2} {:>7.0}x",
        "all",
        per_parse(ts, all),
        per_parse(os, all),
        ts / os.max(1e-12)
    );
    println!(
        "\nTimes are per parse of one raw, averaged over {reps} parses; TextFSM with each \
         template compiled once ({}), StateTrace release build.",
        PY_PACKAGES.join(", ")
    );
    if differences.is_empty() {
        println!("Records: {eq} of {all} raws equal.");
        Ok(())
    } else {
        for d in &differences {
            println!("DIFFERENT {d}");
        }
        bail!("{} of {all} raws give different records", differences.len())
    }
}

/// Where two record lists first differ, said in words; `None` when equal.
fn first_difference(theirs: &Value, ours: &Value) -> Option<String> {
    let (Some(t), Some(o)) = (theirs.as_array(), ours.as_array()) else {
        return (theirs != ours).then(|| "records are not lists".to_string());
    };
    if t.len() != o.len() {
        return Some(format!(
            "TextFSM gives {} records, StateTrace {}",
            t.len(),
            o.len()
        ));
    }
    let i = t.iter().zip(o).position(|(a, b)| a != b)?;
    let (a, b) = (&t[i], &o[i]);
    let keys: std::collections::BTreeSet<&String> = a
        .as_object()
        .into_iter()
        .chain(b.as_object())
        .flat_map(|m| m.keys())
        .collect();
    let fields: Vec<String> = keys
        .into_iter()
        .filter(|k| a.get(k.as_str()) != b.get(k.as_str()))
        .map(|k| {
            format!(
                "{k}: TextFSM {:?}, StateTrace {:?}",
                a.get(k.as_str()),
                b.get(k.as_str())
            )
        })
        .collect();
    Some(format!("record {i}: {}", fields.join("; ")))
}
