//! Brocade / Ruckus FastIron and ICX (7.x and 8.x).
//!
//! Each show command has its own parser over plain lines, returning typed
//! records that borrow from the transcript; [`parse`] looks the blocks up
//! and joins the records into one [`Device`]. Ports are keyed the way
//! StateTrace has always stored FastIron ports: `Et` + unit/module/port
//! (`Et1/1/1`), LAGs and the management port as printed (`lg1`, `mgmt1`).
//!
//! Semantic choices:
//!
//! * **Status** is the `Link` cell lower-cased (`up`, `down`, `disable`,
//!   `err-dis`): releases print the same state as `Down` or `DOWN`, and a
//!   stored status that changes case on an upgrade would look like a
//!   change; lower case also matches the Cisco statuses.
//! * **VLAN and mode** come from the `Pvid` cell and the `tagged` lines of
//!   the configuration's VLAN blocks: a port tagged in two or more VLANs,
//!   or tagged with no untagged VLAN (`Pvid` `N/A`), is a trunk; a port
//!   tagged in exactly one VLAN besides its untagged one is an access port
//!   with a voice VLAN (what Cisco calls access + voice), VLAN = PVID; an
//!   untagged-only port is access, VLAN = PVID. When the configuration does
//!   not name the port in any VLAN but the table's `Tag` cell says `Yes`
//!   (no configuration captured, or a LAG member), it is a trunk. A port
//!   with an `ip address` is routed. Ports in no VLAN (`Pvid` `None`: the
//!   management port; stacking ports) have no mode.
//! * **Duplex and speed** as printed; FastIron's `None`/`N/A` (link down)
//!   are absent values.
//! * **Auth template** from the enable lists (see [`parse_config`]): 802.1X and
//!   MAC authentication → `flexible`, one of them → `dot1x` / `macauth`,
//!   neither → `open`; `None` only when no configuration was captured.
//!   FastIron has no equivalent of the Cisco recommended-command list, so
//!   `missing_auth_cmds` stays empty.
//! * **Auth mode** is `dot1x` or `mab` (as for Cisco; the original stored
//!   `macauth`). A port with several sessions shows its 802.1X session,
//!   else its first.
//! * Virtual interfaces of the table (`ve`, loopback, tunnel) are not
//!   ports and are left out.

mod auth;
mod brief;
mod config;
mod mac;
pub mod ntc;
mod ports;
mod stp;
mod version;

#[cfg(test)]
mod tests;

use statetrace_model::{AuthTemplate, Device, Port, PortMode, Vendor};

use crate::blocks::DeviceText;
use crate::join::{pick_per_port, port_index, FastMap, LearnedMacs};
use crate::table::{mac_value, starts_with_ci};

pub use auth::{parse_sessions, AuthSession, SessionTable};
pub use brief::{parse_interfaces_brief, BriefRow};
pub use config::{parse_config, FastIronConfig, InterfaceConfig, VlanConfig};
pub use mac::{parse_mac_address, MacEntry};
pub use ports::{parse_port_list, port_key, PortId, PortKind, PortList, PortRange};
pub use stp::parse_spanning_tree;
pub use version::{parse_version, VersionFacts};

/// The table row with its port identity when the row is a switch port:
/// Ethernet ports, LAGs and the management port; not `ve`, loopback or
/// tunnel interfaces. The identity is kept so it is read once per row.
fn switch_port(row: BriefRow<'_>) -> Option<(BriefRow<'_>, Option<PortId>)> {
    let id = PortId::parse(row.port_raw);
    (id.is_some() || starts_with_ci(row.port_raw, "mgmt")).then_some((row, id))
}

/// A FastIron `None`/`N/A` cell is no value.
fn value(cell: &str) -> Option<String> {
    (!cell.eq_ignore_ascii_case("none") && !cell.eq_ignore_ascii_case("n/a") && !cell.is_empty())
        .then(|| cell.to_string())
}

/// Mode and access VLAN of a port; see the module documentation.
fn mode_and_vlan(
    row: &BriefRow<'_>,
    id: Option<PortId>,
    iface: Option<&InterfaceConfig<'_>>,
    config: Option<&FastIronConfig<'_>>,
) -> (Option<PortMode>, Option<u32>) {
    let pvid = row.pvid_number();
    let tagged_in = match (config, id) {
        (Some(c), Some(p)) => c.tagged_vlans(p),
        _ => 0,
    };
    let tagged = tagged_in > 0 || row.tagged();
    let routed = iface.is_some_and(InterfaceConfig::is_routed);
    if routed && !tagged {
        (Some(PortMode::Routed), None)
    } else if tagged && !(tagged_in == 1 && pvid.is_some()) {
        (Some(PortMode::Trunk), None)
    } else if let Some(v) = pvid {
        (Some(PortMode::Access), Some(v))
    } else {
        (None, None)
    }
}

/// One port record from its table row and the configuration; the
/// sessions and MACs are joined on afterwards, by the record's key.
fn build_port(row: BriefRow<'_>, id: Option<PortId>, config: Option<&FastIronConfig<'_>>) -> Port {
    let iface = config.zip(id).and_then(|(c, p)| c.interface(p));
    let (mode, vlan) = mode_and_vlan(&row, id, iface, config);
    Port {
        // The row's key is usually already an owned `Et...` string: moved,
        // not copied.
        port: row.port.into_owned(),
        name: iface
            .and_then(|i| i.port_name)
            .or(row.name)
            .map(str::to_string),
        status: Some(row.link.to_ascii_lowercase()),
        vlan,
        mode,
        duplex: value(row.duplex),
        speed: value(row.speed),
        port_type: None,
        learned_macs: Vec::new(),
        auth_state: None,
        auth_mode: None,
        auth_client_mac: None,
        auth_template: config.map(|c| id.map_or(AuthTemplate::Open, |p| c.template(p))),
        missing_auth_cmds: Vec::new(),
        config: iface.map(InterfaceConfig::text),
    }
}

/// Sets a port's authentication fields from the session that describes it.
fn set_session(port: &mut Port, session: &AuthSession<'_>) {
    port.auth_state = Some(session.state);
    port.auth_mode = session.method.map(str::to_string);
    port.auth_client_mac = Some(session.mac.to_ascii_lowercase());
}

/// For each port, the session that describes it: its 802.1X session when
/// it has one (the user behind a MAB-authenticated phone), else its first.
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
        |cur, new| cur.method != Some("dot1x") && new.method == Some("dot1x"),
    )
}

/// Each MAC table row's MAC for its port (see [`LearnedMacs`]).
fn learned_macs(index: &FastMap<&str, usize>, entries: &[MacEntry<'_>]) -> LearnedMacs {
    let mut macs = LearnedMacs::with_capacity(entries.len());
    for e in entries {
        if let Some(&i) = index.get(e.port.as_ref()) {
            macs.add(i, mac_value(e.mac).unwrap_or(0), e.mac);
        }
    }
    macs
}

/// All sessions of the device: the unified table when it was captured
/// (it holds both methods), else the 802.1X table followed by the MAC
/// authentication table (8.x, or the 7.x authorised and unauthorised
/// lists).
fn sessions<'a>(text: &DeviceText<'a>) -> Vec<AuthSession<'a>> {
    if let Some(lines) = text.block("show authentication sessions all") {
        return parse_sessions(lines, SessionTable::Unified);
    }
    let mut out = text
        .first_block(&["show dot1x sessions all", "show dot1x mac-sessions"])
        .map(|l| parse_sessions(l, SessionTable::Dot1x))
        .unwrap_or_default();
    if let Some(lines) = text.block("show mac-authentication sessions all") {
        out.extend(parse_sessions(lines, SessionTable::MacAuth));
    } else {
        for (keys, table) in [
            (
                [
                    "show auth-mac-addresses authorized-mac",
                    "show auth-mac-address authorized-mac",
                ],
                SessionTable::MacAuthAuthorized,
            ),
            (
                [
                    "show auth-mac-addresses unauthorized-mac",
                    "show auth-mac-address unauthorized-mac",
                ],
                SessionTable::MacAuthUnauthorized,
            ),
        ] {
            if let Some(lines) = text.first_block(&keys) {
                out.extend(parse_sessions(lines, table));
            }
        }
    }
    out
}

/// Parses a FastIron / ICX device's transcript into its record.
///
/// Ports come from `show interfaces brief`, in table order; the running
/// configuration (else `show configuration`, the startup configuration),
/// the MAC table and the authentication sessions are joined on the port
/// key.
pub fn parse(text: &DeviceText<'_>, hostname: &str) -> Device {
    let mut device = Device::new(hostname);
    device.vendor = Some(Vendor::Brocade);

    if let Some(lines) = text.block("show version") {
        let v = parse_version(lines);
        device.model = v.model.map(str::to_string);
        device.version = v.version.map(str::to_string);
        device.serial = v.serial.map(str::to_string);
        device.uptime = v.uptime.map(str::to_string);
    }

    let config = text
        .block("show running-config")
        .or_else(|| text.block("show configuration"))
        .or_else(|| text.block("show startup-config"))
        .map(parse_config);
    if let Some(c) = &config {
        if let Some(loc) = c.snmp_location {
            device.set_location(loc);
        }
        device.auth_default_vlan = c.auth_default_vlan.map(str::to_string);
        device.auth_block = c.auth_block.iter().map(|l| l.to_string()).collect();
    }

    let rows = text
        .block("show interfaces brief")
        .or_else(|| text.block_with_prefix("show interfaces brief"))
        .map(parse_interfaces_brief)
        .unwrap_or_default();
    // Sized up front: a filtered iterator has no exact length, and growing
    // a vector of large `Port` records copies all of them each time.
    let mut ports: Vec<Port> = Vec::with_capacity(rows.len());
    ports.extend(
        rows.into_iter()
            .filter_map(switch_port)
            .map(|(row, id)| build_port(row, id, config.as_ref())),
    );

    // The joins look ports up by key in an index that borrows the records,
    // so what they find is gathered first and written once it is dropped.
    let index = port_index(ports.iter().map(|p| p.port.as_str()));
    let sessions = sessions(text);
    let chosen = pick_sessions(&index, &sessions, ports.len());
    let macs = text
        .block("show mac-address")
        .or_else(|| text.block_with_prefix("show mac-address"))
        .map(|lines| learned_macs(&index, &parse_mac_address(lines)));
    for (port, session) in ports.iter_mut().zip(&chosen) {
        if let Some(s) = session {
            set_session(port, s);
        }
    }
    if let Some(macs) = macs {
        macs.apply(&mut ports);
    }
    device.ports = ports;
    if let Some(lines) = text.block("show spanning-tree") {
        device.spanning_tree = parse_spanning_tree(lines);
    }
    device
}
