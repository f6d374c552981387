//! Human-readable output.

use statetrace_ingest::{ParseOutput, RunReport};

/// The summary table printed after `ingest`.
pub fn ingest_summary(r: &RunReport, databases: &str) {
    let failed =
        r.failed_devices.len() as u64 + r.failed_sites.iter().map(|s| s.devices).sum::<u64>();
    println!("StateTrace ingest summary");
    println!("  {:<22}{}", "files", r.files);
    println!(
        "  {:<22}{} ({} stored, {} failed)",
        "devices", r.devices, r.devices_ok, failed
    );
    println!("  {:<22}{}", "sites", r.sites);
    println!(
        "  {:<22}{} ({} inserted, {} updated, {} deleted)",
        "ports", r.ports, r.ports_inserted, r.ports_updated, r.ports_deleted
    );
    println!("  {:<22}{}", "history rows", r.history_rows);
    println!("  {:<22}{}", "secrets masked", r.redacted_lines);
    println!("  {:<22}{}", "unattributed lines", r.unattributed_lines);
    println!("  {:<22}{:.3} s", "elapsed", r.elapsed_seconds);
    println!("  {:<22}{:.1}", "devices/s", r.devices_per_second());
    println!("  {:<22}{}", "databases", databases);
    problems(r, &mut std::io::stdout());
}

/// One line per device after `parse` without `--json`.
pub fn parse_table(out: &ParseOutput) {
    println!(
        "{:<24} {:<8} {:<8} {:<20} {:<12} {:>5}",
        "HOSTNAME", "SITE", "VENDOR", "MODEL", "VERSION", "PORTS"
    );
    for d in &out.devices {
        println!(
            "{:<24} {:<8} {:<8} {:<20} {:<12} {:>5}",
            d.hostname,
            d.site,
            d.vendor.map(|v| v.as_str()).unwrap_or("-"),
            d.model.as_deref().unwrap_or("-"),
            d.version.as_deref().unwrap_or("-"),
            d.ports.len()
        );
    }
}

/// Warnings and failures, for `parse`, on standard error.
pub fn problems_to_stderr(r: &RunReport) {
    problems(r, &mut std::io::stderr());
}

fn problems(r: &RunReport, out: &mut dyn std::io::Write) {
    for w in &r.warnings {
        let _ = writeln!(out, "warning: {}: {}", w.file.display(), w.reason);
    }
    if r.unattributed_lines > 0 {
        let _ = writeln!(
            out,
            "warning: {} lines belong to no device (see the files above)",
            r.unattributed_lines
        );
    }
    for f in &r.failed_devices {
        let _ = writeln!(
            out,
            "failed device {} (site {}): {}",
            f.hostname, f.site, f.reason
        );
    }
    for s in &r.failed_sites {
        let _ = writeln!(
            out,
            "failed site {}: {} ({} devices not stored)",
            s.site, s.reason, s.devices
        );
    }
}
