//! Device, port and spanning-tree records.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The switch and firewall vendors StateTrace knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Vendor {
    /// Cisco IOS and IOS-XE.
    Cisco,
    /// Arista EOS.
    Arista,
    /// Brocade / Ruckus FastIron and ICX.
    Brocade,
    /// Aruba AOS-S (HP ProCurve) and AOS-CX.
    Aruba,
    /// Juniper Junos.
    Juniper,
    /// Palo Alto PAN-OS.
    PaloAlto,
}

impl Vendor {
    /// Every vendor, in the fixed order used for deterministic tie-breaking.
    pub const ALL: [Vendor; 6] = [
        Vendor::Cisco,
        Vendor::Arista,
        Vendor::Brocade,
        Vendor::Aruba,
        Vendor::Juniper,
        Vendor::PaloAlto,
    ];

    /// The name stored in the `Make` column and printed in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Vendor::Cisco => "Cisco",
            Vendor::Arista => "Arista",
            Vendor::Brocade => "Brocade",
            Vendor::Aruba => "Aruba",
            Vendor::Juniper => "Juniper",
            Vendor::PaloAlto => "PaloAlto",
        }
    }

    /// Parses a vendor name without regard to case (`paloalto`, `palo-alto`
    /// and `ruckus` are accepted too).
    pub fn from_name(name: &str) -> Option<Vendor> {
        let folded: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        Some(match folded.as_str() {
            "cisco" | "ios" | "iosxe" => Vendor::Cisco,
            "arista" | "eos" => Vendor::Arista,
            "brocade" | "ruckus" | "fastiron" | "icx" => Vendor::Brocade,
            "aruba" | "hp" | "procurve" | "aoscx" | "aoss" => Vendor::Aruba,
            "juniper" | "junos" => Vendor::Juniper,
            "paloalto" | "panos" | "pan" => Vendor::PaloAlto,
            _ => return None,
        })
    }
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything parsed about one device from its transcript.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Device {
    /// Hostname as the device spells it (prompt, else `hostname` line).
    pub hostname: String,
    /// Site code, always [`crate::site_of`] of the hostname.
    pub site: String,
    /// Vendor, when it could be decided.
    pub vendor: Option<Vendor>,
    /// Hardware model, e.g. `C9300-48P` (the stack master's for a stack).
    pub model: Option<String>,
    /// Software version, e.g. `17.09.04a`.
    pub version: Option<String>,
    /// Chassis or system serial number.
    pub serial: Option<String>,
    /// Uptime as printed, e.g. `2 weeks, 4 days, 6 hours, 18 minutes`.
    pub uptime: Option<String>,
    /// SNMP location string as configured.
    pub location: Option<String>,
    /// Building, from the location.
    pub building: Option<String>,
    /// Floor, from the location.
    pub floor: Option<String>,
    /// Room, from the location.
    pub room: Option<String>,
    /// Row, from the location.
    pub row: Option<String>,
    /// Rack, from the location.
    pub rack: Option<String>,
    /// VLAN given to clients that fail or skip authentication.
    pub auth_default_vlan: Option<String>,
    /// Global (not per-port) authentication configuration lines, in order.
    pub auth_block: Vec<String>,
    /// Ports, in the order of the device's port table.
    pub ports: Vec<Port>,
    /// Spanning-tree instances (per VLAN or MST instance), in output order.
    pub spanning_tree: Vec<SpanInstance>,
}

impl Device {
    /// A device with only its identity set; the site follows the hostname.
    pub fn new(hostname: &str) -> Device {
        Device {
            hostname: hostname.to_string(),
            site: crate::site_of(hostname).to_string(),
            ..Device::default()
        }
    }

    /// Sets the location string and its parts (see [`crate::Location`]).
    pub fn set_location(&mut self, location: &str) {
        let parts = crate::Location::split(location);
        self.location = Some(location.to_string());
        self.building = parts.building;
        self.floor = parts.floor;
        self.room = parts.room;
        self.row = parts.row;
        self.rack = parts.rack;
    }
}

/// How a port carries VLANs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PortMode {
    /// Untagged member of one VLAN.
    Access,
    /// Carries several tagged VLANs.
    Trunk,
    /// Layer-3 port, no VLAN.
    Routed,
}

impl PortMode {
    /// Lower-case name, as stored in the `Mode` column.
    pub fn as_str(self) -> &'static str {
        match self {
            PortMode::Access => "access",
            PortMode::Trunk => "trunk",
            PortMode::Routed => "routed",
        }
    }
}

/// Outcome of 802.1X/MAB on a port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthState {
    /// A session on the port is authorised.
    Authorized,
    /// A session exists but is not authorised (failed, unauthenticated).
    Unauthorized,
    /// A session exists in a state that is neither (e.g. still running).
    Unknown,
}

impl AuthState {
    /// Name as stored in the `AuthState` column.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthState::Authorized => "Authorized",
            AuthState::Unauthorized => "Unauthorized",
            AuthState::Unknown => "Unknown",
        }
    }
}

/// Which authentication a port's configuration enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthTemplate {
    /// Both 802.1X and MAB.
    Flexible,
    /// 802.1X only.
    Dot1x,
    /// MAC authentication (MAB) only.
    Macauth,
    /// No port authentication.
    Open,
}

impl AuthTemplate {
    /// Lower-case name, as stored in the `AuthTemplate` column.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthTemplate::Flexible => "flexible",
            AuthTemplate::Dot1x => "dot1x",
            AuthTemplate::Macauth => "macauth",
            AuthTemplate::Open => "open",
        }
    }
}

/// One port of a device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Port {
    /// Canonical short port name, e.g. `Gi1/0/1`, `Te1/1/1`, `Po1`.
    pub port: String,
    /// Description: configured `description`, else the port-table name.
    pub name: Option<String>,
    /// Link status as the device prints it (`connected`, `notconnect`,
    /// `err-disabled`, `disabled`, ...).
    pub status: Option<String>,
    /// Access VLAN; `None` for trunk and routed ports.
    pub vlan: Option<u32>,
    /// Access, trunk or routed.
    pub mode: Option<PortMode>,
    /// Duplex as printed (`a-full`, `full`, `auto`).
    pub duplex: Option<String>,
    /// Speed as printed (`a-1000`, `10G`, `auto`).
    pub speed: Option<String>,
    /// Media type as printed (`10/100/1000BaseTX`).
    #[serde(rename = "type")]
    pub port_type: Option<String>,
    /// MAC addresses learned on the port, in table order.
    pub learned_macs: Vec<String>,
    /// 802.1X/MAB state; `None` when the port has no session.
    pub auth_state: Option<AuthState>,
    /// Method of the session (`dot1x`, `mab`), `None` when unknown.
    pub auth_mode: Option<String>,
    /// Client MAC of the session.
    pub auth_client_mac: Option<String>,
    /// Authentication template of the port's configuration; `None` when the
    /// port has no configuration block.
    pub auth_template: Option<AuthTemplate>,
    /// Recommended authentication commands the port's configuration lacks
    /// (only for the `flexible` template).
    pub missing_auth_cmds: Vec<String>,
    /// The port's configuration block, lines joined with `\n`.
    pub config: Option<String>,
}

/// One spanning-tree instance (a VLAN in PVST, an MST instance).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SpanInstance {
    /// Instance name as printed: `VLAN0010`, `MST0`, `VLAN1`.
    pub vlan: String,
    /// Protocol (`rstp`, `ieee`, `mstp`), when printed.
    pub protocol: Option<String>,
    /// Root bridge MAC address.
    pub root_switch: Option<String>,
    /// This switch's root port (short name); `None` when it is the root.
    pub root_port: Option<String>,
    /// Path cost to the root, when printed.
    pub root_cost: Option<u64>,
    /// Port roles in this instance, in table order.
    pub ports: Vec<SpanPort>,
}

/// A port's role in one spanning-tree instance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanPort {
    /// Short port name.
    pub port: String,
    /// Role as printed (`Root`, `Desg`, `Altn`, `Back`, `Mstr`, `Shr`).
    pub role: String,
    /// State as printed (`FWD`, `BLK`, `LRN`, `LIS`, `BKN*`).
    pub state: String,
    /// Port path cost, when printed.
    pub cost: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_names_round_trip() {
        for v in Vendor::ALL {
            assert_eq!(Vendor::from_name(v.as_str()), Some(v));
        }
        assert_eq!(Vendor::from_name("Palo-Alto"), Some(Vendor::PaloAlto));
        assert_eq!(Vendor::from_name("nokia"), None);
    }

    #[test]
    fn json_field_names_are_the_contract() {
        let mut d = Device::new("WLLS-A05-AS-55");
        d.ports.push(Port {
            port: "Gi1/0/1".into(),
            mode: Some(PortMode::Trunk),
            auth_template: Some(AuthTemplate::Macauth),
            auth_state: Some(AuthState::Authorized),
            ..Port::default()
        });
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(v["site"], "WLLS");
        assert_eq!(v["ports"][0]["type"], serde_json::Value::Null);
        assert_eq!(v["ports"][0]["mode"], "trunk");
        assert_eq!(v["ports"][0]["auth_template"], "macauth");
        assert_eq!(v["ports"][0]["auth_state"], "Authorized");
    }
}
