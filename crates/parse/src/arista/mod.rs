//! Arista EOS.
//!
//! Each show command has its own parser over plain lines, returning typed
//! records that borrow from the transcript (so they can be checked against
//! reference outputs on their own); [`parse`] looks the blocks up and joins
//! the records into one [`Device`], keyed by the short port names EOS
//! prints in its tables ([`port_key`]). Missing data stays `None`.

mod auth;
mod config;
mod mac;
pub mod ntc;
mod port;
mod status;
mod stp;
mod version;
mod vlan;

#[cfg(test)]
mod tests;

use statetrace_model::{Device, Port, PortMode, Vendor};

use crate::blocks::DeviceText;
use crate::join::{pick_per_port, port_index, FastMap, LearnedMacs};
use crate::port_name::is_port_like;
use crate::table::{is_digits, mac_value};

pub use auth::{
    assess_auth, host_state, parse_dot1x_hosts, AuthAssessment, Dot1xHost, FLEXIBLE_RECOMMENDED,
};
pub use config::{parse_running_config, starts_with_words, InterfaceConfig, RunningConfig};
pub use mac::{is_mac_shaped, parse_mac_table, MacEntry};
pub use port::port_key;
pub use status::{parse_interfaces_status, StatusRow};
pub use stp::parse_spanning_tree;
pub use version::{parse_version, VersionFacts};
pub use vlan::{parse_vlans, VlanRow};

/// Port mode and access VLAN from the status table's Vlan cell and the
/// port's configuration. A trunk or routed port reported with a number (a
/// down trunk shows its native VLAN) is still a trunk or routed port.
fn own_mode(
    vlan_cell: &str,
    iface: Option<&InterfaceConfig<'_>>,
) -> (Option<PortMode>, Option<u32>) {
    // `switchport mode trunk ...` and `no switchport` lines, read when the
    // configuration was parsed.
    let trunk = iface.is_some_and(|i| i.facts().trunk);
    let routed = iface.is_some_and(|i| i.facts().routed);
    if vlan_cell.eq_ignore_ascii_case("trunk") || trunk {
        (Some(PortMode::Trunk), None)
    } else if vlan_cell.eq_ignore_ascii_case("routed") || routed {
        (Some(PortMode::Routed), None)
    } else if is_digits(vlan_cell) {
        (Some(PortMode::Access), vlan_cell.parse().ok())
    } else {
        (None, None)
    }
}

/// Mode and VLAN of every row. A port-channel member (`in Po1`) carries
/// what its port-channel carries, so it takes the channel's mode and VLAN:
/// from the channel's own row, else from the channel's configuration.
fn modes(
    rows: &[StatusRow<'_>],
    index: &FastMap<&str, usize>,
    ifaces: &FastMap<&str, &InterfaceConfig<'_>>,
) -> Vec<(Option<PortMode>, Option<u32>)> {
    let own: Vec<_> = rows
        .iter()
        .map(|r| own_mode(r.vlan, ifaces.get(r.port.as_ref()).copied()))
        .collect();
    rows.iter()
        .zip(&own)
        .map(|(r, &mine)| {
            let Some(chan) = r.channel else { return mine };
            let key = port_key(chan);
            match index.get(key.as_ref()) {
                Some(&i) => own[i],
                None => own_mode("", ifaces.get(key.as_ref()).copied()),
            }
        })
        .collect()
}

/// For each port, the host that describes it: the first authorised host in
/// table order, else the first.
fn pick_hosts<'s, 'a>(
    index: &FastMap<&str, usize>,
    hosts: &'s [Dot1xHost<'a>],
    rows: usize,
) -> Vec<Option<&'s Dot1xHost<'a>>> {
    use statetrace_model::AuthState::Authorized;
    pick_per_port(
        index,
        rows,
        hosts,
        |h| h.port.as_ref(),
        |cur, new| cur.state != Authorized && new.state == Authorized,
    )
}

/// Adds each unicast MAC table row's MAC to its port (see [`LearnedMacs`]).
/// Multicast-table rows, pseudo-ports (`Cpu`) and cells that are not real
/// MAC addresses are not learned endpoints.
fn add_macs(ports: &mut [Port], index: &FastMap<&str, usize>, entries: &[MacEntry<'_>]) {
    let mut macs = LearnedMacs::default();
    for e in entries.iter().filter(|e| !e.multicast) {
        let Some(value) = mac_value(e.mac) else {
            continue;
        };
        for p in e.ports().filter(|p| is_port_like(p)) {
            if let Some(&i) = index.get(port_key(p).as_ref()) {
                macs.add(i, value, e.mac);
            }
        }
    }
    macs.apply(ports);
}

/// Parses an Arista EOS device's transcript into its record.
///
/// Ports come from `show interfaces status`, in table order; the running
/// configuration (or the startup configuration when no running one was
/// captured), the MAC table and the `show dot1x hosts` sessions are joined
/// on the port key.
pub fn parse(text: &DeviceText<'_>, hostname: &str) -> Device {
    let mut device = Device::new(hostname);
    device.vendor = Some(Vendor::Arista);

    if let Some(lines) = text.block("show version") {
        let v = parse_version(lines);
        device.model = v.model.map(str::to_string);
        device.version = v.image.map(str::to_string);
        device.serial = v.serial.map(str::to_string);
        device.uptime = v.uptime.map(str::to_string);
    }

    let config = text
        .block("show running-config")
        .or_else(|| text.block("show startup-config"))
        .map(parse_running_config)
        .unwrap_or_default();
    if let Some(loc) = config.snmp_location {
        device.set_location(loc);
    }
    device.auth_default_vlan = config.auth_default_vlan.map(str::to_string);
    device.auth_block = config.auth_block.iter().map(|l| l.to_string()).collect();

    let rows = text
        .block("show interfaces status")
        .map(parse_interfaces_status)
        .unwrap_or_default();
    let index = port_index(rows.iter().map(|r| r.port.as_ref()));
    let ifaces: FastMap<&str, &InterfaceConfig<'_>> = config
        .interfaces
        .iter()
        .map(|i| (i.key.as_ref(), i))
        .collect();
    let hosts = text
        .first_block(&["show dot1x hosts", "show dot1x all brief"])
        .map(parse_dot1x_hosts)
        .unwrap_or_default();
    let chosen = pick_hosts(&index, &hosts, rows.len());
    let modes = modes(&rows, &index, &ifaces);

    device.ports = rows
        .iter()
        .zip(chosen)
        .zip(modes)
        .map(|((row, host), (mode, vlan))| {
            let iface = ifaces.get(row.port.as_ref()).copied();
            let assessment = iface.map(assess_auth);
            Port {
                port: row.port.to_string(),
                name: iface
                    .and_then(|i| i.description)
                    .or(row.name)
                    .map(str::to_string),
                status: Some(row.status.to_string()),
                vlan,
                mode,
                duplex: row.duplex.map(str::to_string),
                speed: row.speed.map(str::to_string),
                port_type: row.port_type.map(str::to_string),
                learned_macs: Vec::new(),
                auth_state: host.map(|h| h.state),
                auth_mode: host.and_then(|h| h.method).map(str::to_string),
                auth_client_mac: host.and_then(|h| h.mac).map(str::to_ascii_lowercase),
                auth_template: assessment.as_ref().map(|a| a.template),
                missing_auth_cmds: assessment
                    .map(|a| a.missing.iter().map(|c| c.to_string()).collect())
                    .unwrap_or_default(),
                config: iface.map(InterfaceConfig::text),
            }
        })
        .collect();

    if let Some(lines) = text.block_with_prefix("show mac address-table") {
        add_macs(&mut device.ports, &index, &parse_mac_table(lines));
    }
    if let Some(lines) = text.block("show spanning-tree") {
        device.spanning_tree = parse_spanning_tree(lines);
    }
    device
}
