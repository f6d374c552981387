//! The next day: which devices change, how, and what a store sees change.
//!
//! Exactly `round(share × devices)` devices change, chosen by a shuffle of
//! the device numbers. A changed device gets one to three edits, each
//! visible in at least one port's record: a link goes down (its clients
//! leave) or comes up (a client arrives), a user port moves VLAN, new MACs
//! are learned, a description is edited. Its uptime moves on a day. Every
//! other device is left alone, so its capture is byte-identical to day 1.

use crate::manifest::{span_rows, DeviceChange};
use crate::names::oui;
use crate::rng::{Domain, Rng};
use crate::spec::{Client, ClientKind, DeviceSpec, Link, Method, Role, SessionState};
use statetrace_model::{AuthTemplate, Device};

/// Which of `devices` device numbers change: a flag per number.
pub fn changed_set(seed: u64, devices: u64, share: f64) -> Vec<bool> {
    let count = ((devices as f64) * share).round() as usize;
    let mut numbers: Vec<u64> = (0..devices).collect();
    Rng::new(seed, Domain::NextDaySelect, 0).shuffle(&mut numbers);
    let mut flags = vec![false; devices as usize];
    for n in numbers.into_iter().take(count) {
        flags[n as usize] = true;
    }
    flags
}

/// Applies the next day's edits to a device; returns what was edited.
pub fn apply(seed: u64, spec: &mut DeviceSpec) -> Vec<String> {
    let mut rng = Rng::new(seed, Domain::NextDayEdit, spec.number);
    spec.uptime_minutes += 24 * 60;
    let wanted = rng.range(1, 3);
    let mut edits = Vec::new();
    // Try edits until `wanted` took effect; each kind at most once. A
    // device always has a root uplink, so `macs` always applies.
    let mut kinds = vec!["link", "vlan", "description", "macs"];
    rng.shuffle(&mut kinds[..3]);
    for kind in kinds {
        if edits.len() as u64 >= wanted {
            break;
        }
        let done = match kind {
            "link" => flip_link(&mut rng, spec),
            "vlan" => move_vlan(&mut rng, spec),
            "description" => edit_description(&mut rng, spec),
            _ => new_macs(&mut rng, spec),
        };
        if done {
            edits.push(kind.to_string());
        }
    }
    // Now and then the switch is also re-homed: a summary-row change.
    if spec.vendor != statetrace_model::Vendor::PaloAlto && rng.chance(0.15) {
        spec.location = format!("Bldg_{}_Floor_1_Room_100", rng.range(41, 60));
        edits.push("location".to_string());
    }
    edits
}

/// Indexes of ports with `role` that `keep` accepts.
fn candidates(spec: &DeviceSpec, keep: impl Fn(&crate::spec::PortSpec) -> bool) -> Vec<usize> {
    spec.ports
        .iter()
        .enumerate()
        .filter(|(_, p)| keep(p))
        .map(|(i, _)| i)
        .collect()
}

fn flip_link(rng: &mut Rng, spec: &mut DeviceSpec) -> bool {
    let users = candidates(spec, |p| {
        matches!(p.role, Role::User | Role::Firewall) && matches!(p.link, Link::Up | Link::Down)
    });
    if users.is_empty() {
        return false;
    }
    let i = *rng.pick(&users);
    let p = &mut spec.ports[i];
    if p.role == Role::Firewall {
        p.link = if p.link == Link::Up {
            Link::Down
        } else {
            Link::Up
        };
    } else if p.link == Link::Up {
        p.link = Link::Down;
        p.clients.clear();
        p.speed = 1000;
    } else {
        p.link = Link::Up;
        let session = match p.auth {
            AuthTemplate::Open => None,
            AuthTemplate::Macauth => Some((Method::Mab, SessionState::Authorized)),
            _ => Some((Method::Dot1x, SessionState::Authorized)),
        };
        let mac = spec.macs.next(rng, oui::PC);
        let p = &mut spec.ports[i];
        p.clients.push(Client {
            mac,
            vlan: p.vlan,
            kind: ClientKind::Pc,
            session,
        });
    }
    true
}

fn move_vlan(rng: &mut Rng, spec: &mut DeviceSpec) -> bool {
    let users = candidates(spec, |p| p.role == Role::User);
    if users.is_empty() {
        return false;
    }
    let i = *rng.pick(&users);
    let v = spec.vlans.clone();
    let p = &mut spec.ports[i];
    let to = v
        .data
        .iter()
        .copied()
        .find(|d| *d != p.vlan)
        .unwrap_or(v.iot);
    let from = p.vlan;
    p.vlan = to;
    for c in &mut p.clients {
        if c.vlan == from {
            c.vlan = to;
        }
    }
    true
}

fn edit_description(rng: &mut Rng, spec: &mut DeviceSpec) -> bool {
    let ports = candidates(spec, |p| {
        matches!(
            p.role,
            Role::User | Role::Printer | Role::Camera | Role::Spare
        )
    });
    if ports.is_empty() {
        return false;
    }
    let i = *rng.pick(&ports);
    let who = rng.pick(crate::names::SURNAMES);
    let p = &mut spec.ports[i];
    p.description = Some(match &p.description {
        Some(d) if d.len() < 40 => format!("{d} moved to {who}"),
        _ => format!("Hot desk {who}"),
    });
    true
}

fn new_macs(rng: &mut Rng, spec: &mut DeviceSpec) -> bool {
    let Some(i) = spec
        .ports
        .iter()
        .position(|p| !p.clients.is_empty() && p.is_trunk())
    else {
        return false;
    };
    let vlan = *rng.pick(&spec.vlans.data);
    for _ in 0..rng.range(1, 3) {
        let mac = spec.macs.next(rng, oui::REMOTE);
        spec.ports[i].clients.push(Client {
            mac,
            vlan,
            kind: ClientKind::Remote,
            session: None,
        });
    }
    true
}

/// What a store sees change between two records of the same device.
pub fn diff(before: &Device, after: &Device, edits: Vec<String>) -> DeviceChange {
    let changed_ports = after
        .ports
        .iter()
        .filter(|p| {
            before
                .ports
                .iter()
                .find(|b| b.port.eq_ignore_ascii_case(&p.port))
                .is_none_or(|b| b != *p)
        })
        .map(|p| p.port.clone())
        .collect();
    let summary = |d: &Device| {
        let mut d = d.clone();
        d.uptime = None;
        d.ports = Vec::new();
        d.spanning_tree = Vec::new();
        d
    };
    DeviceChange {
        hostname: after.hostname.clone(),
        site: after.site.clone(),
        edits,
        changed_ports,
        summary_changed: summary(before) != summary(after),
        span_changed: before.spanning_tree != after.spanning_tree,
        span_rows: span_rows(after),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_the_share_changes() {
        let flags = changed_set(1, 1000, 0.3);
        assert_eq!(flags.iter().filter(|f| **f).count(), 300);
        assert_eq!(flags, changed_set(1, 1000, 0.3));
        assert_ne!(flags, changed_set(2, 1000, 0.3));
        assert_eq!(changed_set(1, 37, 0.3).iter().filter(|f| **f).count(), 11);
    }
}
