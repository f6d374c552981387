//! Palo Alto Networks PAN-OS firewalls.
//!
//! Each show command has its own parser over plain lines, returning typed
//! records that borrow from the transcript; [`parse`] joins them into one
//! [`Device`]. A firewall has no MAC table, 802.1X or spanning tree here,
//! and the model has no place for routes, so `show routing route` has a
//! typed parser only.
//!
//! Ports are the physical interfaces of the hardware table of
//! `show interface all`, once each (the original listed every interface of
//! both tables): Ethernet ports, aggregates (`ae1`) and the dedicated HA
//! ports (`ha1-a`, `hsci`); the `vlan`, `loopback` and `tunnel` entries of
//! the hardware table are logical containers and are not ports.

mod interfaces;
pub mod ntc;
mod routes;
mod system;

#[cfg(test)]
mod tests;

use statetrace_model::{Device, Port, PortMode, Vendor};

use crate::blocks::DeviceText;

pub use interfaces::{
    parse_interface_all, AggregateGroup, HardwareInterface, InterfaceAll, LogicalInterface,
};
pub use routes::{parse_routing_route, Route};
pub use system::{parse_system_info, SystemInfo};

/// True for a hardware-table entry that is a physical port (see the module
/// docs).
pub fn is_physical(name: &str) -> bool {
    !matches!(name, "vlan" | "loopback" | "tunnel") && !name.contains('.')
}

/// A hardware cell value, `None` when PAN-OS does not know it (`ukn`) or it
/// does not apply (`[n/a]`).
fn known(cell: &str) -> Option<&str> {
    (!cell.is_empty() && cell != "ukn" && cell != "[n/a]").then_some(cell)
}

/// The link state without PAN-OS's reason suffix: `down((autoneg))` and
/// `down(autoneg)` are `down`.
fn link_state(state: &str) -> &str {
    state.split('(').next().unwrap_or(state)
}

/// One port record from its hardware row; its own logical row (same name)
/// tells whether it routes (forwarding `vr:...`).
fn build_port(hw: &HardwareInterface<'_>, logical: Option<&LogicalInterface<'_>>) -> Port {
    let routed = logical.is_some_and(|l| l.forwarding.starts_with("vr:"));
    Port {
        port: hw.name.to_string(),
        status: known(link_state(hw.state)).map(str::to_string),
        mode: routed.then_some(PortMode::Routed),
        duplex: known(hw.duplex).map(str::to_string),
        speed: known(hw.speed).map(str::to_string),
        ..Port::default()
    }
}

/// Parses a Palo Alto PAN-OS firewall's transcript into its record.
///
/// Identity comes from `show system info`, ports from the hardware table of
/// `show interface all` in printed order.
pub fn parse(text: &DeviceText<'_>, hostname: &str) -> Device {
    let mut device = Device::new(hostname);
    device.vendor = Some(Vendor::PaloAlto);

    if let Some(lines) = text.block("show system info") {
        let s = parse_system_info(lines);
        device.model = s.model.map(str::to_string);
        device.version = s.sw_version.map(str::to_string);
        device.serial = s.serial.map(str::to_string);
        device.uptime = s.uptime.map(str::to_string);
    }

    if let Some(lines) = text.block("show interfaces all") {
        let all = parse_interface_all(lines);
        let mut seen = rustc_hash::FxHashSet::default();
        device.ports = all
            .hardware
            .iter()
            .filter(|h| is_physical(h.name) && seen.insert(h.name))
            .map(|h| build_port(h, all.logical.iter().find(|l| l.name == h.name)))
            .collect();
    }
    device
}
