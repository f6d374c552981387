//! Cisco IOS / IOS-XE.
//!
//! Each show command has its own parser over plain lines, returning typed
//! records that borrow from the transcript (so they can be checked against
//! reference outputs on their own); [`parse`] looks the blocks up and joins
//! the records into one [`Device`]. Missing data stays `None`.

mod auth;
mod auth_detail;
mod cdp;
mod config;
mod errdisable;
mod mac;
pub mod ntc;
mod status;
mod stp;
mod version;
mod vlan;

#[cfg(test)]
mod tests;

use statetrace_model::{Device, Port, PortMode, Vendor};

use crate::blocks::DeviceText;
use crate::join::{pick_per_port, port_index, FastMap, LearnedMacs};
use crate::table::{is_digits, mac_value};

pub use auth::{
    assess_auth, auth_state, parse_auth_sessions, AuthAssessment, AuthAssessor, AuthSession,
    FLEXIBLE_RECOMMENDED,
};
pub use auth_detail::{
    parse_session_details, timeout_seconds, MethodState, SessionDetail, SessionPolicies,
};
pub use cdp::{parse_cdp_neighbors_detail, CdpNeighbor};
pub use config::{parse_running_config, InterfaceConfig, RunningConfig, TemplateConfig};
pub use errdisable::{parse_err_disabled, ErrDisabledRow};
pub use mac::{parse_mac_table, MacEntry};
pub use status::{parse_interfaces_status, parse_status_lines, FcStatusRow, StatusLine, StatusRow};
pub use stp::parse_spanning_tree;
pub use version::{parse_version, StackMember, VersionFacts};
pub use vlan::{parse_vlans, VlanEntry};

/// Port mode from the status table's Vlan cell and the port's
/// configuration: a trunk or routed port reported with a number (a down
/// trunk shows its native VLAN) is still a trunk or routed port.
fn port_mode(vlan_cell: &str, iface: Option<&InterfaceConfig<'_>>) -> Option<PortMode> {
    if vlan_cell.eq_ignore_ascii_case("trunk") {
        return Some(PortMode::Trunk);
    }
    // `switchport mode trunk` and `no switchport`, read in one pass.
    let (trunk, routed) = iface.map_or((false, false), |i| i.trunk_and_routed_lines());
    if trunk {
        Some(PortMode::Trunk)
    } else if vlan_cell.eq_ignore_ascii_case("routed") || routed {
        Some(PortMode::Routed)
    } else if is_digits(vlan_cell) {
        Some(PortMode::Access)
    } else {
        None
    }
}

/// One port record from its status row and what else is known about it.
fn build_port(
    row: &StatusRow<'_>,
    iface: Option<&InterfaceConfig<'_>>,
    auth: &AuthAssessor<'_, '_>,
    session: Option<&AuthSession<'_>>,
) -> Port {
    let mode = port_mode(row.vlan, iface);
    let vlan = match mode {
        Some(PortMode::Access) => row.vlan.parse().ok(),
        _ => None,
    };
    let assessment = iface.map(|i| auth.assess(i));
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
        auth_state: session.map(|s| s.state),
        auth_mode: session.and_then(|s| s.method).map(str::to_ascii_lowercase),
        auth_client_mac: session.and_then(|s| s.mac).map(str::to_ascii_lowercase),
        auth_template: assessment.as_ref().map(|a| a.template),
        missing_auth_cmds: assessment
            .map(|a| a.missing.iter().map(|c| c.to_string()).collect())
            .unwrap_or_default(),
        config: iface.map(InterfaceConfig::text),
    }
}

/// For each status row, the session that describes it: the DATA-domain
/// session when there is one (a phone's VOICE session does not describe the
/// PC behind it), else the first.
fn pick_sessions<'s, 'a>(
    index: &FastMap<&str, usize>,
    sessions: &'s [AuthSession<'a>],
    rows: usize,
) -> Vec<Option<&'s AuthSession<'a>>> {
    pick_per_port(
        index,
        rows,
        sessions,
        |s| s.port.as_ref(),
        |cur, new| !cur.is_data() && new.is_data(),
    )
}

/// Adds each MAC table row's MAC to its ports (see [`LearnedMacs`]).
fn add_macs(ports: &mut [Port], index: &FastMap<&str, usize>, entries: &[MacEntry<'_>]) {
    let mut macs = LearnedMacs::with_capacity(entries.len());
    for e in entries {
        let value = mac_value(e.mac).unwrap_or(0);
        for p in e.ports() {
            if let Some(&i) = index.get(p.as_ref()) {
                macs.add(i, value, e.mac);
            }
        }
    }
    macs.apply(ports);
}

/// Parses a Cisco IOS / IOS-XE device's transcript into its record.
///
/// Ports come from `show interfaces status`, in table order; the running
/// configuration (or the startup configuration when no running one was
/// captured), the MAC table and the authentication sessions are joined on
/// the canonical short port name.
pub fn parse(text: &DeviceText<'_>, hostname: &str) -> Device {
    let mut device = Device::new(hostname);
    device.vendor = Some(Vendor::Cisco);

    if let Some(lines) = text.block("show version") {
        let v = parse_version(lines);
        device.model = v.model.map(str::to_string);
        device.version = v.version.map(str::to_string);
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
        .map(|i| (i.short.as_ref(), i))
        .collect();
    let sessions = text
        .first_block(&["show authentication sessions", "show access-session"])
        .map(parse_auth_sessions)
        .unwrap_or_default();
    let chosen = pick_sessions(&index, &sessions, rows.len());
    let auth = AuthAssessor::new(&config);

    device.ports = rows
        .iter()
        .zip(&chosen)
        .map(|(row, session)| {
            let iface = ifaces.get(row.port.as_ref()).copied();
            build_port(row, iface, &auth, *session)
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
