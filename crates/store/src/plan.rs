//! What a device write must change, decided before any SQL runs.
//!
//! Both backends execute the same [`DevicePlan`], so they store the same
//! rows by construction: the diff, the signatures and the history rules
//! live here once.

use crate::rows::{InterfaceRow, SpanRow, SummaryRow};
use statetrace_model::Device;
use std::collections::{HashMap, HashSet};

/// What the database holds for a device before the write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Existing {
    /// `DeviceSummary.Signature`, when the device is known.
    pub summary_signature: Option<String>,
    /// `DeviceSummary.SpanSignature`.
    pub span_signature: Option<String>,
    /// Stored ports: lower-case port name to (port as stored, signature).
    pub ports: HashMap<String, (String, Option<String>)>,
}

/// How a port row changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// A port the database did not have.
    Added,
    /// A stored port whose columns changed.
    Changed,
}

impl ChangeKind {
    /// The `InterfaceHistory.ChangeType` value.
    pub const fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
        }
    }
}

/// A port row to insert or update, with a history row.
#[derive(Debug, Clone, PartialEq)]
pub struct PortChange<'a> {
    /// The row's values.
    pub row: InterfaceRow<'a>,
    /// Its signature.
    pub signature: String,
    /// Insert or update.
    pub kind: ChangeKind,
}

/// Everything one device write does.
#[derive(Debug, Clone, PartialEq)]
pub struct DevicePlan<'a> {
    /// The summary row (always written: uptime and LastUpdated move).
    pub summary: SummaryRow,
    /// Its signature.
    pub summary_signature: String,
    /// True when a `DeviceHistory` row is due.
    pub summary_changed: bool,
    /// The spanning-tree rows.
    pub span_rows: Vec<SpanRow<'a>>,
    /// Their signature.
    pub span_signature: String,
    /// True when `SpanInfo` is replaced and `SpanHistory` rows are due.
    pub span_changed: bool,
    /// Ports to insert or update, in the device's port order.
    pub port_changes: Vec<PortChange<'a>>,
    /// Stored ports the device no longer has (as stored), sorted.
    pub removed: Vec<String>,
    /// Ports left as they are.
    pub unchanged: u64,
    /// Ports the parser listed twice (the first is kept).
    pub duplicates: u64,
}

impl DevicePlan<'_> {
    /// History rows the plan appends.
    pub fn history_rows(&self) -> u64 {
        u64::from(self.summary_changed)
            + if self.span_changed {
                self.span_rows.len() as u64
            } else {
                0
            }
            + self.port_changes.len() as u64
            + self.removed.len() as u64
    }
}

/// Decides what writing `device` over `existing` changes.
pub fn plan(device: &Device, mut existing: Existing) -> DevicePlan<'_> {
    let summary = SummaryRow::from_device(device);
    let summary_signature = summary.signature();
    // Sized up front: rows are wide, and growing the vectors by doubling
    // copied them over and over (about 1% of a first ingest).
    let mut span_rows = Vec::with_capacity(
        device
            .spanning_tree
            .iter()
            .map(|i| i.ports.len().max(1))
            .sum(),
    );
    span_rows.extend(device.spanning_tree.iter().flat_map(SpanRow::from_instance));
    let span_signature = SpanRow::set_signature(&span_rows);
    let summary_changed = existing.summary_signature.as_deref() != Some(summary_signature.as_str());
    let span_changed = existing.span_signature.as_deref() != Some(span_signature.as_str());

    let mut seen = HashSet::with_capacity(device.ports.len());
    let (mut port_changes, mut unchanged, mut duplicates) =
        (Vec::with_capacity(device.ports.len()), 0, 0);
    for port in &device.ports {
        let row = InterfaceRow::from_port(port);
        let key = row.port.to_lowercase();
        if !seen.insert(key.clone()) {
            duplicates += 1;
            continue;
        }
        let signature = row.signature();
        let kind = match existing.ports.remove(&key) {
            None => ChangeKind::Added,
            Some((_, Some(old))) if old == signature => {
                unchanged += 1;
                continue;
            }
            Some(_) => ChangeKind::Changed,
        };
        port_changes.push(PortChange {
            row,
            signature,
            kind,
        });
    }
    let mut removed: Vec<String> = existing.ports.into_values().map(|(port, _)| port).collect();
    removed.sort();
    DevicePlan {
        summary,
        summary_signature,
        summary_changed,
        span_rows,
        span_signature,
        span_changed,
        port_changes,
        removed,
        unchanged,
        duplicates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use statetrace_model::Port;

    fn device(ports: &[(&str, &str)]) -> Device {
        let mut d = Device::new("WLLS-A01-AS-01");
        d.ports = ports
            .iter()
            .map(|(p, s)| Port {
                port: p.to_string(),
                status: Some(s.to_string()),
                ..Port::default()
            })
            .collect();
        d
    }

    #[test]
    fn new_device_adds_everything() {
        let d = device(&[("Gi1/0/1", "up"), ("Gi1/0/2", "up")]);
        let p = plan(&d, Existing::default());
        assert!(p.summary_changed && p.span_changed);
        assert_eq!(p.port_changes.len(), 2);
        assert!(p.port_changes.iter().all(|c| c.kind == ChangeKind::Added));
        assert_eq!(p.history_rows(), 3);
    }

    #[test]
    fn diff_against_existing() {
        let d = device(&[("Gi1/0/1", "up"), ("Gi1/0/2", "up"), ("Gi1/0/3", "up")]);
        let old = plan(&d, Existing::default());
        let mut existing = Existing {
            summary_signature: Some(old.summary_signature.clone()),
            span_signature: Some(old.span_signature.clone()),
            ports: HashMap::new(),
        };
        for c in &old.port_changes {
            existing.ports.insert(
                c.row.port.to_lowercase(),
                (c.row.port.to_string(), Some(c.signature.clone())),
            );
        }
        let d2 = device(&[
            ("GI1/0/1", "up"),
            ("Gi1/0/2", "down"),
            ("Gi1/0/4", "up"),
            ("gi1/0/4", "x"),
        ]);
        let p = plan(&d2, existing);
        assert_eq!(p.unchanged, 1, "GI1/0/1 matches Gi1/0/1 regardless of case");
        assert_eq!(p.duplicates, 1);
        let kinds: Vec<_> = p
            .port_changes
            .iter()
            .map(|c| (c.row.port.as_ref(), c.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("Gi1/0/2", ChangeKind::Changed),
                ("Gi1/0/4", ChangeKind::Added)
            ]
        );
        assert_eq!(p.removed, ["Gi1/0/3"]);
        assert!(!p.span_changed);
        assert!(p.summary_changed, "port count is part of the summary");
    }
}
