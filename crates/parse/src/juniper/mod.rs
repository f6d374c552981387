//! Juniper Junos (EX / QFX switches, ELS and legacy layer-2 software).
//!
//! Each show command has its own parser over plain lines, returning typed
//! records that borrow from the transcript; [`parse`] looks the blocks up
//! and joins the records into one [`Device`], keyed by the physical port
//! name (`ge-0/0/1`: units such as `ge-0/0/1.0` are folded into it).
//!
//! Semantics, where Junos differs from the Cisco model:
//! * **Status** is `up`, `down` (admin up, link down) or `disabled` (admin
//!   down), from `show interfaces terse`.
//! * **Auth template** comes from `protocols dot1x authenticator interface`:
//!   `mac-radius restrict` is `macauth`, `mac-radius` is `flexible`, neither
//!   is `dot1x`; a port with configuration but no 802.1X entry is `open`.
//!   No recommended-command list exists for Junos, so `missing_auth_cmds`
//!   stays empty.
//! * **MACs** keep the device's colon notation, lower-cased.
//! * **Config** is the port's `interfaces` stanza (or its `set interfaces`
//!   lines), else the stanza of the `interface-range` it belongs to.

mod config;
mod dot1x;
mod mac;
pub mod ntc;
mod stp;
mod terse;
mod version;

#[cfg(test)]
mod tests;

use statetrace_model::{AuthTemplate, Device, Port, PortMode, Vendor};

use crate::blocks::DeviceText;
use crate::join::{FastMap, LearnedMacs};
use crate::table::colon_mac_value;

use config::RangeFinder;
pub use config::{parse_configuration, Dot1xConfig, InterfaceConfig, JunosConfig};
pub use dot1x::{parse_dot1x_interface, Dot1xRow};
pub use mac::{parse_ethernet_switching_table, MacEntry};
pub use stp::{
    merge_bridge, parse_spanning_tree_bridge, parse_spanning_tree_interface, BridgeFacts,
};
pub use terse::{
    fold_ports, is_switch_port, parse_interfaces_terse, physical_name, unit_parent, TersePort,
    TerseRow,
};
pub use version::{parse_chassis_serial, parse_uptime, parse_version, VersionFacts};

/// Port mode: the configuration's (own stanza, else its range's), else what
/// the terse table shows (`inet` on a unit means routed; `eth-switch`
/// cannot tell access from trunk).
fn port_mode(
    own: Option<&InterfaceConfig<'_>>,
    range: Option<&InterfaceConfig<'_>>,
    terse: &TersePort<'_>,
) -> Option<PortMode> {
    own.and_then(InterfaceConfig::mode)
        .or_else(|| range.and_then(InterfaceConfig::mode))
        .or(match terse.family {
            Some("inet" | "inet6") => Some(PortMode::Routed),
            _ => None,
        })
}

/// The access VLAN: the single `vlan members` entry (own, else range's),
/// else the VLAN that lists the port (`vlans X interface`, legacy EX),
/// resolved through `vlans`; an access port in no VLAN is in the `default`
/// VLAN, when the configuration gives it an id.
fn access_vlan(
    config: &JunosConfig<'_>,
    port: &str,
    own: Option<&InterfaceConfig<'_>>,
    range: Option<&InterfaceConfig<'_>>,
) -> Option<u32> {
    let members = [own, range]
        .into_iter()
        .flatten()
        .map(|c| c.vlan_members.as_slice())
        .find(|m| !m.is_empty());
    match members {
        Some([one]) => config.vlan_id(one),
        Some(_) => None,
        None => config.vlan_id(config.vlan_listing(port).unwrap_or("default")),
    }
}

/// One port record from its terse row and what else is known about it.
fn build_port(
    terse: &TersePort<'_>,
    own: Option<&InterfaceConfig<'_>>,
    config: &JunosConfig<'_>,
    ranges: &RangeFinder<'_, '_>,
    own_dot1x: Option<&Dot1xConfig<'_>>,
    session: Option<&Dot1xRow<'_>>,
) -> Port {
    // A port's own settings win over those of its interface-range group.
    let range = ranges.range_of(terse.name);
    let mode = port_mode(own, range, terse);
    let vlan = match mode {
        Some(PortMode::Access) => access_vlan(config, terse.name, own, range),
        _ => None,
    };
    let configured = own.is_some() || range.is_some();
    let dot1x = config.dot1x_beyond_own(own_dot1x, mode, || range);
    let auth_template = match dot1x {
        Some(d) => Some(d.template()),
        None if configured => Some(AuthTemplate::Open),
        None => None,
    };
    Port {
        port: terse.name.to_string(),
        name: own
            .and_then(InterfaceConfig::any_description)
            .or_else(|| range.and_then(InterfaceConfig::any_description))
            .map(str::to_string),
        status: Some(terse.status().to_string()),
        vlan,
        mode,
        duplex: None,
        speed: None,
        port_type: None,
        learned_macs: Vec::new(),
        auth_state: session.map(Dot1xRow::auth_state),
        auth_mode: session.and_then(Dot1xRow::method).map(str::to_string),
        auth_client_mac: session.and_then(|s| s.mac).map(str::to_ascii_lowercase),
        auth_template,
        missing_auth_cmds: Vec::new(),
        config: own.or(range).map(InterfaceConfig::text),
    }
}

/// The fallback VLAN of the 802.1X configuration, as an id when the name
/// resolves, else as written.
fn fallback_vlan(config: &JunosConfig<'_>) -> Option<String> {
    let v = config.fallback_vlan?;
    Some(match config.vlan_id(v) {
        Some(id) => id.to_string(),
        None => v.to_string(),
    })
}

/// Adds each MAC table row's MAC to its port (see [`LearnedMacs`]).
fn add_macs(ports: &mut [Port], index: &FastMap<&str, usize>, entries: &[MacEntry<'_>]) {
    let mut macs = LearnedMacs::default();
    for e in entries {
        let Some(value) = colon_mac_value(e.mac) else {
            continue;
        };
        if let Some(&i) = index.get(e.port()) {
            macs.add(i, value, e.mac);
        }
    }
    macs.apply(ports);
}

/// Parses a Juniper Junos device's transcript into its record.
///
/// Ports come from `show interfaces terse` (switch ports only, units
/// folded, in printed order). The configuration is `show configuration`,
/// else `show configuration | display set`. Sessions come from
/// `show dot1x interface` (per port, the first row with a supplicant MAC),
/// MACs from `show ethernet-switching table`, spanning tree from
/// `show spanning-tree interface` and `show spanning-tree bridge`.
pub fn parse(text: &DeviceText<'_>, hostname: &str) -> Device {
    let mut device = Device::new(hostname);
    device.vendor = Some(Vendor::Juniper);

    if let Some(lines) = text.block("show version") {
        let v = parse_version(lines);
        device.model = v.model.map(str::to_string);
        device.version = v.version.map(str::to_string);
    }
    device.serial = text
        .block("show chassis hardware")
        .and_then(parse_chassis_serial)
        .map(str::to_string);
    device.uptime = text
        .block("show system uptime")
        .and_then(parse_uptime)
        .map(str::to_string);

    let config = text
        .block("show configuration")
        .or_else(|| text.block("show configuration | display set"))
        .map(parse_configuration)
        .unwrap_or_default();
    if let Some(loc) = config.snmp_location {
        device.set_location(loc);
    }
    device.auth_default_vlan = fallback_vlan(&config);
    device.auth_block = config.auth_block.clone();

    let rows = text
        .block("show interfaces terse")
        .map(parse_interfaces_terse)
        .unwrap_or_default();
    let ports = fold_ports(&rows);
    let mut index: FastMap<&str, usize> = FastMap::default();
    index.reserve(ports.len());
    for (i, p) in ports.iter().enumerate() {
        index.insert(p.name, i);
    }

    let dot1x_rows = text
        .block_with_prefix("show dot1x interface")
        .map(parse_dot1x_interface)
        .unwrap_or_default();
    let mut sessions: Vec<Option<&Dot1xRow<'_>>> = vec![None; ports.len()];
    for row in dot1x_rows.iter().filter(|r| r.is_session()) {
        if let Some(&i) = index.get(row.port()) {
            sessions[i].get_or_insert(row);
        }
    }

    let stanzas: FastMap<&str, &InterfaceConfig<'_>> =
        config.interfaces.iter().map(|i| (i.name, i)).collect();
    let own_dot1x = config.own_dot1x_index();
    let ranges = RangeFinder::new(&config);
    device.ports = ports
        .iter()
        .zip(&sessions)
        .map(|(p, s)| {
            let dot1x = own_dot1x.get(p.name).map(|&i| &config.dot1x[i]);
            let own = stanzas.get(p.name).copied();
            build_port(p, own, &config, &ranges, dot1x, *s)
        })
        .collect();

    if let Some(lines) = text.block_with_prefix("show ethernet-switching table") {
        add_macs(
            &mut device.ports,
            &index,
            &parse_ethernet_switching_table(lines),
        );
    }
    if let Some(lines) = text.block_with_prefix("show spanning-tree interface") {
        let mut instances = parse_spanning_tree_interface(lines);
        let bridges = text
            .block("show spanning-tree bridge")
            .map(parse_spanning_tree_bridge)
            .unwrap_or_default();
        merge_bridge(&mut instances, &bridges);
        device.spanning_tree = instances;
    }
    device
}
