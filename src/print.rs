//! Human-readable output.

use statetrace_ingest::{ConcurrencyProfile, ParseOutput, RunReport};

/// The summary table printed after `ingest`.
pub fn ingest_summary(r: &RunReport, databases: &str) {
    let failed =
        r.failed_devices.len() as u64 + r.failed_sites.iter().map(|s| s.devices).sum::<u64>();
    outln!("StateTrace ingest summary");
    outln!("  {:<22}{}", "files", r.files);
    outln!(
        "  {:<22}{} ({} stored, {} unchanged, {} failed)",
        "devices",
        r.devices,
        r.devices_ok,
        r.devices_skipped,
        failed
    );
    outln!("  {:<22}{}", "sites", r.sites);
    outln!(
        "  {:<22}{} ({} inserted, {} updated, {} deleted)",
        "ports",
        r.ports,
        r.ports_inserted,
        r.ports_updated,
        r.ports_deleted
    );
    outln!("  {:<22}{}", "history rows", r.history_rows);
    outln!("  {:<22}{}", "secrets masked", r.redacted_lines);
    outln!("  {:<22}{}", "unattributed lines", r.unattributed_lines);
    outln!("  {:<22}{:.3} s", "elapsed", r.elapsed_seconds);
    outln!("  {:<22}{:.1}", "devices/s", r.devices_per_second());
    outln!("  {:<22}{:.3} ms", "parse p95", r.parse_p95_ms);
    outln!("  {:<22}{:.3} ms", "write p95", r.write_p95_ms);
    if let Some(rss) = r.peak_rss_bytes {
        outln!(
            "  {:<22}{:.1} MiB",
            "peak memory",
            rss as f64 / (1024.0 * 1024.0)
        );
    }
    outln!("  {:<22}{}", "databases", databases);
    problems(r, &mut std::io::stdout());
}

/// One line per device after `parse` without `--json`.
pub fn parse_table(out: &ParseOutput) {
    outln!(
        "{:<24} {:<8} {:<8} {:<20} {:<12} {:>5}",
        "HOSTNAME",
        "SITE",
        "VENDOR",
        "MODEL",
        "VERSION",
        "PORTS"
    );
    for d in &out.devices {
        outln!(
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

/// The resolved concurrency profile (`--verbose`).
pub fn profile(p: &ConcurrencyProfile) {
    outln!("Concurrency profile ({})", p.decision_source);
    outln!("  {:<22}{}", "cpus", p.cpu_count);
    outln!(
        "  {:<22}{} over {} sites",
        "devices",
        p.device_count,
        p.site_count
    );
    outln!("  {:<22}{}", "parse workers", p.parse_workers);
    outln!("  {:<22}{}", "writer threads", p.writer_threads);
    outln!("  {:<22}{}", "jobs per thread", p.jobs_per_thread);
    outln!("  {:<22}{}", "in flight per site", p.max_in_flight_per_site);
    outln!(
        "  {:<22}{} devices / {} rows / about {} ms (group commit)",
        "write batch at most",
        p.batch_devices,
        p.batch_rows,
        p.batch_millis
    );
    outln!("  {:<22}{} devices", "writer queue", p.writer_queue);
}
