//! Aruba AOS-S (HP ProCurve) and AOS-CX.
//!
//! One vendor, two operating systems with different commands and layouts.
//! Each show command has its own parser over plain lines, returning typed
//! records that borrow from the transcript; where both systems share a
//! command key (`show interface brief` on AOS-CX canonicalises to AOS-S's
//! `show interfaces brief`) the parser recognises the layout by its header.
//! [`parse`] decides which system it is looking at from the content and
//! joins the records into one [`Device`]. Port names stay as the device
//! prints them (`1`, `A1`, `1/1`, `1/1/1`, `lag1`). Missing data stays
//! `None`.

mod auth;
mod brief;
mod config;
mod layout;
mod mac;
pub mod ntc;
mod status;
mod system;
mod vlans;

#[cfg(test)]
mod tests;

use crate::trim::TrimExt;
use statetrace_model::{Device, Port, PortMode, Vendor};

use crate::blocks::DeviceText;
use crate::join::{FastMap, FastSet, LearnedMacs};

pub use auth::{
    client_state, method_name, parse_auth_clients, pick_client, template, AuthClient, TableMethod,
};
pub use brief::{parse_interfaces_brief, BriefRow, CxBriefRow, InterfacesBrief};
pub use config::{
    parse_running_config, InterfaceConfig, Membership, RunningConfig, TrunkConfig, VlanConfig,
};
pub use layout::{
    is_aruba_mac, is_aruba_port, is_group_mac, mac_bits, port_of_cell, split_port, Columns,
    PortIndex, PortItem, PortList,
};
pub use mac::{parse_mac_table, MacRow};
pub use status::{parse_interfaces_status, StatusRow};
pub use system::{
    column_value, description_model, is_revision, parse_modules, parse_system, parse_version,
    ChassisInfo, SystemInfo, VersionInfo,
};
pub use vlans::{parse_vlans, VlanRow};

/// Which Aruba operating system a transcript comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// AOS-S / ArubaOS-Switch / HP ProCurve.
    AosS,
    /// AOS-CX.
    Cx,
}

/// Speed and duplex from an AOS-S speed cell: `1000FDx` → (`1000`,
/// `full`), `10GigFD` → (`10Gig`, `full`), `100HDx` → (`100`, `half`);
/// `.` (no link partner or transceiver) gives neither; a cell without a
/// duplex suffix (`Auto`) is all speed.
///
/// ```
/// use statetrace_parse::aruba::split_speed;
/// assert_eq!(split_speed("1000FDx"), (Some("1000"), Some("full")));
/// assert_eq!(split_speed("."), (None, None));
/// ```
pub fn split_speed(cell: &str) -> (Option<&str>, Option<&'static str>) {
    let cell = cell.trim_end_matches('*');
    if cell.is_empty() || cell == "." || cell == "--" {
        return (None, None);
    }
    for (suffix, duplex) in [
        ("FDx", "full"),
        ("HDx", "half"),
        ("FD", "full"),
        ("HD", "half"),
    ] {
        if let Some(speed) = cell.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            return (Some(speed), Some(duplex));
        }
    }
    (Some(cell), None)
}

/// What the VLAN and authentication lists of an AOS-S configuration say
/// about one port.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct ListFacts<'a> {
    /// The first VLAN the port is untagged in.
    untagged: Option<&'a str>,
    /// How many VLANs it is untagged in.
    untagged_count: u32,
    /// Tagged in any VLAN.
    tagged: bool,
    /// Tagged in a VLAN that is not a voice VLAN.
    data_tagged: bool,
    /// Named by an `aaa port-access authenticator` list.
    dot1x: bool,
    /// Named by an `aaa port-access mac-based` list.
    mac_auth: bool,
}

impl<'a> ListFacts<'a> {
    fn add(&mut self, id: &'a str, how: Membership, is_voice: &impl Fn(&str) -> bool) {
        match how {
            Membership::Untagged => {
                self.untagged.get_or_insert(id);
                self.untagged_count += 1;
            }
            Membership::Tagged => {
                self.tagged = true;
                self.data_tagged |= !is_voice(id);
            }
        }
    }

    /// Mode and access VLAN. A port tagged only in voice VLANs is an
    /// access port with a phone (what Cisco calls an access port with a
    /// voice VLAN); tagged in any other VLAN it is a trunk; untagged in
    /// exactly one VLAN and tagged nowhere else it is an access port of
    /// that VLAN; tagged only, a trunk.
    fn mode(&self) -> (Option<PortMode>, Option<u32>) {
        match (self.untagged, self.untagged_count) {
            _ if self.data_tagged => (Some(PortMode::Trunk), None),
            (Some(id), 1) => (Some(PortMode::Access), id.parse().ok()),
            (None, _) if self.tagged => (Some(PortMode::Trunk), None),
            _ => (None, None),
        }
    }
}

/// [`ListFacts`] for every port of the table at once: each list item is
/// read once and finds its ports through a [`PortIndex`], instead of
/// re-reading every list for every port. Trunk members (`trunk 49-50
/// trk1`) take the lists that name their trunk.
fn aos_list_facts<'a>(
    cfg: &RunningConfig<'a>,
    ports: &[&str],
    is_voice: &impl Fn(&str) -> bool,
) -> Vec<ListFacts<'a>> {
    let split: Vec<Option<(&str, u32)>> = ports.iter().map(|p| split_port(p)).collect();
    let index = PortIndex::new(ports, &split);
    // Each port's trunk (the first whose members name it), with the
    // trunk's name split once.
    type Trunk<'t> = Option<(&'t str, Option<(&'t str, u32)>)>;
    let mut trunk_of: Vec<Trunk<'a>> = vec![None; ports.len()];
    for t in &cfg.trunks {
        for item in t.members.items() {
            index.for_each_match(&item, |i| {
                trunk_of[i].get_or_insert((t.name, split_port(t.name)));
            });
        }
    }
    // The trunk members, which a list also names through their trunk.
    let members: Vec<(usize, Trunk<'a>)> = trunk_of
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_some())
        .map(|(i, t)| (i, *t))
        .collect();
    // The ports a list names: flags (a port named twice counts once) and
    // the list of those set, so applying and clearing them touches the
    // named ports only, not every port of the table per list.
    let mut named = vec![false; ports.len()];
    let mut hits: Vec<usize> = Vec::with_capacity(ports.len());
    let mark = |lists: &[PortList<'_>], named: &mut [bool], hits: &mut Vec<usize>| {
        for &i in hits.iter() {
            named[i] = false;
        }
        hits.clear();
        let mut name = |i: usize, named: &mut [bool]| {
            if !named[i] {
                named[i] = true;
                hits.push(i);
            }
        };
        for item in lists.iter().flat_map(PortList::items) {
            index.for_each_match(&item, |i| name(i, named));
            for &(i, trunk) in &members {
                if trunk.is_some_and(|(t, ts)| item.matches(t, ts)) {
                    name(i, named);
                }
            }
        }
    };
    let mut facts = vec![ListFacts::default(); ports.len()];
    for v in &cfg.vlans {
        for (lists, how) in [
            (&v.untagged, Membership::Untagged),
            (&v.tagged, Membership::Tagged),
        ] {
            mark(lists, &mut named, &mut hits);
            for &i in &hits {
                facts[i].add(v.id, how, is_voice);
            }
        }
    }
    mark(&cfg.dot1x_ports, &mut named, &mut hits);
    for &i in &hits {
        facts[i].dot1x = true;
    }
    mark(&cfg.mac_auth_ports, &mut named, &mut hits);
    for &i in &hits {
        facts[i].mac_auth = true;
    }
    facts
}

/// Mode and access VLAN from the status table's Tagged / Untagged cells
/// (`No`, a VLAN, or `multi`; `multi` may hide a data VLAN, so it counts
/// as one).
fn mode_from_status(
    row: &StatusRow<'_>,
    is_voice: &impl Fn(&str) -> bool,
) -> (Option<PortMode>, Option<u32>) {
    let mut f = ListFacts::default();
    if let Some(u) = row.untagged.filter(|u| layout::is_vlan_id(u)) {
        f.add(u, Membership::Untagged, is_voice);
    }
    match row.tagged {
        Some(t) if t.eq_ignore_ascii_case("no") => {}
        Some(t) if layout::is_vlan_id(t) => f.add(t, Membership::Tagged, is_voice),
        Some(_) => f.add("multi", Membership::Tagged, is_voice),
        None => {}
    }
    f.mode()
}

/// Facts joined onto ports from the other blocks.
struct Joins<'t, 'a> {
    config: Option<&'t RunningConfig<'a>>,
    ifaces: FastMap<&'t str, &'t InterfaceConfig<'a>>,
    clients: FastMap<&'a str, Vec<&'t AuthClient<'a>>>,
    /// Voice VLANs from `show vlans` (AOS-S's Voice column).
    voice_vlans: FastSet<&'a str>,
}

impl<'t, 'a> Joins<'t, 'a> {
    fn new(
        config: Option<&'t RunningConfig<'a>>,
        clients: &'t [AuthClient<'a>],
        vlans: &[VlanRow<'a>],
    ) -> Joins<'t, 'a> {
        let ifaces = config
            .map(|c| c.interfaces.iter().map(|i| (i.port.as_ref(), i)).collect())
            .unwrap_or_default();
        let mut by_port: FastMap<&'a str, Vec<&'t AuthClient<'a>>> = FastMap::default();
        for c in clients {
            by_port.entry(c.port).or_default().push(c);
        }
        let voice_vlans = vlans
            .iter()
            .filter(|v| v.voice.is_some_and(|x| x.eq_ignore_ascii_case("yes")))
            .map(|v| v.id)
            .collect();
        Joins {
            config,
            ifaces,
            clients: by_port,
            voice_vlans,
        }
    }

    fn iface(&self, port: &str) -> Option<&'t InterfaceConfig<'a>> {
        self.ifaces.get(port).copied()
    }

    /// True for a voice VLAN by the configuration or `show vlans`.
    fn is_voice(&self, id: &str) -> bool {
        self.voice_vlans.contains(id) || self.config.is_some_and(|c| c.is_voice_vlan(id))
    }

    /// Fills the authentication session fields from the port's client.
    fn session(&self, p: &mut Port) {
        let chosen = self
            .clients
            .get(p.port.as_str())
            .and_then(|list| pick_client(list));
        if let Some(c) = chosen {
            p.auth_state = Some(c.state);
            p.auth_mode = c.method.map(str::to_string);
            p.auth_client_mac = c.mac.map(str::to_ascii_lowercase);
        }
    }
}

/// An AOS-S port from its brief row (when captured), status row, and what
/// the configuration's lists say about it (`None` without a configuration).
fn aos_port(
    port: &str,
    brief: Option<&BriefRow<'_>>,
    status: Option<&StatusRow<'_>>,
    lists: Option<&ListFacts<'_>>,
    joins: &Joins<'_, '_>,
) -> Port {
    let iface = joins.iface(port);
    let is_voice = |id: &str| joins.is_voice(id);
    let has_vlans = joins.config.is_some_and(|c| !c.vlans.is_empty());
    let (mode, vlan) = match lists.filter(|_| has_vlans) {
        Some(f) => f.mode(),
        None => status
            .map(|s| mode_from_status(s, &is_voice))
            .unwrap_or((None, None)),
    };
    let speed_cell = brief.and_then(|b| b.mode).or(status.and_then(|s| s.speed));
    let (speed, duplex) = speed_cell.map(split_speed).unwrap_or((None, None));
    let mut p = Port {
        port: port.to_string(),
        name: iface
            .and_then(|i| i.description)
            .or(status.and_then(|s| s.name))
            .map(str::to_string),
        status: brief
            .map(|b| b.status)
            .or(status.map(|s| s.status))
            .map(str::to_string),
        vlan,
        mode,
        duplex: duplex.map(str::to_string),
        speed: speed.map(str::to_string),
        port_type: brief
            .and_then(|b| b.port_type)
            .or(status.and_then(|s| s.port_type))
            .map(str::to_string),
        auth_template: lists.map(|f| {
            let dot1x = f.dot1x || iface.is_some_and(|i| i.dot1x);
            let mac = f.mac_auth || iface.is_some_and(|i| i.mac_auth);
            template(dot1x, mac)
        }),
        config: iface.map(InterfaceConfig::text),
        ..Port::default()
    };
    joins.session(&mut p);
    p
}

/// An AOS-CX port from its brief row and configuration. The mode is the
/// brief table's; where it prints `--` the configuration decides.
fn cx_port(row: &CxBriefRow<'_>, joins: &Joins<'_, '_>) -> Port {
    let iface = joins.iface(row.port);
    // A LAG member carries its LAG's VLANs, as an AOS-S trunk member does.
    let vlan_source = match (iface.and_then(|i| i.lag), joins.config) {
        (Some(n), Some(cfg)) => cfg.lag(n),
        _ => iface,
    };
    let mode = match row.mode {
        Some(m) if m.eq_ignore_ascii_case("access") => Some(PortMode::Access),
        Some(m) if m.eq_ignore_ascii_case("trunk") => Some(PortMode::Trunk),
        Some(m) if m.eq_ignore_ascii_case("routed") => Some(PortMode::Routed),
        _ => vlan_source.and_then(|i| {
            if i.trunk {
                Some(PortMode::Trunk)
            } else if i.access_vlan.is_some() {
                Some(PortMode::Access)
            } else if i.routing == Some(true) {
                Some(PortMode::Routed)
            } else {
                None
            }
        }),
    };
    let vlan = match mode {
        Some(PortMode::Access) => row
            .native_vlan
            .filter(|v| layout::is_vlan_id(v))
            .or(vlan_source.and_then(|i| i.access_vlan))
            .and_then(|v| v.parse().ok()),
        _ => None,
    };
    let mut p = Port {
        port: row.port.to_string(),
        name: iface
            .and_then(|i| i.description)
            .or(row.description)
            .map(str::to_string),
        status: Some(row.status.to_string()),
        vlan,
        mode,
        speed: row.speed.map(str::to_string),
        port_type: row.port_type.map(str::to_string),
        auth_template: iface.map(|i| template(i.dot1x, i.mac_auth)),
        config: iface.map(InterfaceConfig::text),
        ..Port::default()
    };
    joins.session(&mut p);
    p
}

/// Adds each MAC table row's MAC to its port (see [`LearnedMacs`]).
fn add_macs(ports: &mut [Port], rows: &[MacRow<'_>]) {
    let index: FastMap<&str, usize> = ports
        .iter()
        .enumerate()
        .map(|(i, p)| (p.port.as_str(), i))
        .collect();
    let mut macs = LearnedMacs::with_capacity(rows.len());
    for r in rows {
        if let (Some(bits), Some(&i)) = (mac_bits(r.mac), index.get(r.port)) {
            macs.add(i, bits, r.mac);
        }
    }
    macs.apply(ports);
}

/// Decides AOS-S or AOS-CX from whatever identifies the system.
fn flavour(
    version: &VersionInfo<'_>,
    system: &SystemInfo<'_>,
    config: Option<&RunningConfig<'_>>,
    brief: &InterfacesBrief<'_>,
) -> Flavour {
    let cx = version.cx
        || system.cx_version.is_some()
        || system.product_name.is_some()
        || config.is_some_and(|c| c.cx)
        || !brief.cx.is_empty();
    if cx {
        Flavour::Cx
    } else {
        Flavour::AosS
    }
}

/// Every client table captured, with the method each implies.
fn auth_clients<'a>(text: &DeviceText<'a>) -> Vec<AuthClient<'a>> {
    let tables = [
        ("show port-access authenticator clients", TableMethod::Dot1x),
        ("show port-access mac-based clients", TableMethod::MacAuth),
        ("show port-access clients", TableMethod::PerRow),
    ];
    let mut out = Vec::new();
    for (cmd, kind) in tables {
        if let Some(lines) = text.block(cmd) {
            out.extend(parse_auth_clients(lines, kind));
        }
    }
    out
}

/// The model: AOS-CX's product name, else a system-description phrase
/// (`show system`, `show version`, LLDP local device, DHCP vendor class),
/// else the `show modules` chassis line, else the login banner.
fn model(
    text: &DeviceText<'_>,
    system: &SystemInfo<'_>,
    version: &VersionInfo<'_>,
) -> Option<String> {
    if let Some(m) = system
        .product_name
        .or(system.description_model)
        .or(version.description_model)
    {
        return Some(m.to_string());
    }
    for cmd in [
        "show lldp info local-device",
        "show dhcp client vendor-specific",
    ] {
        if let Some(m) = text
            .block(cmd)
            .and_then(|lines| lines.iter().find_map(|l| description_model(l)))
        {
            return Some(m.to_string());
        }
    }
    if let Some(m) = text
        .first_block(&["show modules", "show module"])
        .and_then(|lines| parse_modules(lines).model)
    {
        return Some(m.into_owned());
    }
    // AOS-S greets an SSH login with its system description
    // (`Aruba JL256A 2930F-48G-PoE+-4SFP+ Switch`) before the first prompt.
    let first_prompt = text
        .blocks()
        .first()
        .map_or(text.lines().len(), |b| b.prompt_line);
    text.lines()[..first_prompt]
        .iter()
        .find_map(|l| description_model(l))
        .map(str::to_string)
}

/// Parses an Aruba AOS-S or AOS-CX device's transcript into its record.
///
/// Ports come from `show interfaces brief` (either layout; AOS-S falls back
/// on `show interfaces status`), in table order. The running
/// configuration (else the startup one), the MAC table and the port-access
/// client tables are joined on the port name as printed. The hostname is
/// the one given (from the prompt), else the configuration's, else
/// `show system`'s.
pub fn parse(text: &DeviceText<'_>, hostname: &str) -> Device {
    let system = text
        .first_block(&["show system", "show system information", "show system info"])
        .map(parse_system)
        .unwrap_or_default();
    let version = text
        .block("show version")
        .map(parse_version)
        .unwrap_or_default();
    let config = text
        .first_block(&[
            "show running-config",
            "show startup-config",
            "show configuration",
        ])
        .map(parse_running_config);
    let brief = text
        .block("show interfaces brief")
        .map(parse_interfaces_brief)
        .unwrap_or_default();

    let name = Some(hostname.trim_ws())
        .filter(|h| !h.is_empty())
        .or(config.as_ref().and_then(|c| c.hostname))
        .or(system.name)
        .unwrap_or("");
    let mut device = Device::new(name);
    device.vendor = Some(Vendor::Aruba);
    device.model = model(text, &system, &version);
    device.version = version
        .version
        .or(system.software_revision)
        .or(system.cx_version)
        .map(str::to_string);
    device.serial = system
        .serial
        .or_else(|| {
            text.first_block(&["show modules", "show module"])
                .and_then(|l| parse_modules(l).serial)
        })
        .map(str::to_string);
    device.uptime = system.uptime.map(str::to_string);
    if let Some(loc) = config
        .as_ref()
        .and_then(|c| c.snmp_location)
        .or(system.location)
    {
        device.set_location(loc);
    }
    if let Some(c) = &config {
        device.auth_default_vlan = c.auth_default_vlan.map(str::to_string);
        device.auth_block = c.auth_block.iter().map(|l| l.to_string()).collect();
    }

    let clients = auth_clients(text);
    let vlans = text
        .block("show vlans")
        .map(parse_vlans)
        .unwrap_or_default();
    let joins = Joins::new(config.as_ref(), &clients, &vlans);
    device.ports = match flavour(&version, &system, config.as_ref(), &brief) {
        Flavour::Cx => brief.cx.iter().map(|r| cx_port(r, &joins)).collect(),
        Flavour::AosS => {
            let status = text
                .block("show interfaces status")
                .map(parse_interfaces_status)
                .unwrap_or_default();
            let by_port: FastMap<&str, &StatusRow<'_>> =
                status.iter().map(|s| (s.port, s)).collect();
            let names: Vec<&str> = if brief.aos_s.is_empty() {
                status.iter().map(|s| s.port).collect()
            } else {
                brief.aos_s.iter().map(|b| b.port).collect()
            };
            let is_voice = |id: &str| joins.is_voice(id);
            let lists = config
                .as_ref()
                .map(|c| aos_list_facts(c, &names, &is_voice));
            let briefs = brief.aos_s.iter().map(Some).chain(std::iter::repeat(None));
            names
                .iter()
                .zip(briefs)
                .enumerate()
                .map(|(i, (port, b))| {
                    let l = lists.as_ref().map(|l| &l[i]);
                    aos_port(port, b, by_port.get(port).copied(), l, &joins)
                })
                .collect()
        }
    };

    if let Some(lines) = text
        .block("show mac-address")
        .or_else(|| text.block_with_prefix("show mac address-table"))
    {
        add_macs(&mut device.ports, &parse_mac_table(lines));
    }
    device
}
