//! What a device *is*, before any vendor prints it: ports, their roles,
//! links, VLANs, authentication and the clients behind them.
//!
//! A [`DeviceSpec`] is drawn from the device's own random stream and does
//! not depend on its site, so the same device number gives the same device
//! whichever site it is placed in (the `doubling` profile relies on that).
//! Vendor writers turn a spec into text and into the record the parser must
//! make of it.

use crate::names::{oui, Mac, MacSource};
use crate::profile::Group;
use crate::rng::{Domain, Rng};
use statetrace_model::{AuthTemplate, Vendor};

/// What is plugged into an access port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A desk: a PC, perhaps behind a phone.
    User,
    /// A printer (MAB or open).
    Printer,
    /// A camera or badge reader (MAB or open).
    Camera,
    /// A wireless access point on a trunk.
    AccessPoint,
    /// Nothing: an unused or disabled port.
    Spare,
    /// An uplink trunk to the distribution layer.
    Uplink,
    /// A port-channel of the uplinks (Arista).
    Channel,
    /// A firewall data port (Palo Alto): routed when up.
    Firewall,
}

/// Link state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Connected.
    Up,
    /// Not connected.
    Down,
    /// Administratively shut down.
    Disabled,
    /// Shut down by the switch (err-disabled).
    ErrDisabled,
}

/// How a client authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// 802.1X.
    Dot1x,
    /// MAC authentication bypass.
    Mab,
}

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// Authorised: the client's MAC is learned.
    Authorized,
    /// Failed or held: not learned.
    Unauthorized,
    /// Still authenticating: not learned.
    Running,
}

/// What a client is; decides its domain (voice or data) and its OUI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientKind {
    /// A PC or dock.
    Pc,
    /// An IP phone (voice VLAN).
    Phone,
    /// A printer.
    Printer,
    /// A camera or badge reader.
    Camera,
    /// An access point's own address.
    Ap,
    /// A wireless client behind an access point.
    Wireless,
    /// A host beyond the uplink (gateways, servers, other closets).
    Remote,
}

/// One endpoint seen on a port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// Its MAC address.
    pub mac: Mac,
    /// The VLAN it is in.
    pub vlan: u32,
    /// What it is.
    pub kind: ClientKind,
    /// Its authentication session, on an authenticating port.
    pub session: Option<(Method, SessionState)>,
}

impl Client {
    /// True when the switch learns its MAC: no session, or an authorised one.
    pub fn learned(&self) -> bool {
        matches!(self.session, None | Some((_, SessionState::Authorized)))
    }
}

/// Where a port sits: which stack unit, which slot, which number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A front-panel access port of unit `unit`, numbered from 1.
    Access {
        /// Stack unit, from 1.
        unit: u32,
        /// Port number on the unit, from 1.
        n: u32,
    },
    /// An uplink module port, numbered from 1.
    Uplink {
        /// Stack unit, from 1.
        unit: u32,
        /// Port number in the module, from 1.
        n: u32,
    },
    /// Port-channel `n`.
    Channel(u32),
}

/// One port.
#[derive(Debug, Clone, PartialEq)]
pub struct PortSpec {
    /// Where it is.
    pub slot: Slot,
    /// What is plugged in.
    pub role: Role,
    /// Configured description.
    pub description: Option<String>,
    /// Link state.
    pub link: Link,
    /// Access VLAN (the native VLAN of a trunk).
    pub vlan: u32,
    /// Configured with the voice VLAN.
    pub voice: bool,
    /// Authentication template of its configuration.
    pub auth: AuthTemplate,
    /// For a flexible port: the index of one recommended command left out
    /// (vendors take it modulo their own list).
    pub omit: Option<u32>,
    /// Negotiated speed in Mb/s when up; the port's top speed otherwise.
    pub speed: u32,
    /// Endpoints on the port.
    pub clients: Vec<Client>,
}

impl PortSpec {
    /// True for a trunk (access points, uplinks, channels).
    pub fn is_trunk(&self) -> bool {
        matches!(self.role, Role::AccessPoint | Role::Uplink | Role::Channel)
    }

    /// True when the link is up.
    pub fn up(&self) -> bool {
        self.link == Link::Up
    }
}

/// The VLAN plan of a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vlans {
    /// User data VLANs (one or two).
    pub data: Vec<u32>,
    /// Voice VLAN.
    pub voice: u32,
    /// Printers, cameras, badge readers.
    pub iot: u32,
    /// Access point management (native on AP trunks).
    pub ap: u32,
    /// Wireless client VLANs (tagged on AP trunks).
    pub wifi: [u32; 2],
    /// Switch management.
    pub mgmt: u32,
    /// Where failed clients go (the auth-default VLAN).
    pub auth_fail: u32,
}

impl Vlans {
    /// Every VLAN, sorted.
    pub fn all(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self.data.clone();
        v.extend([
            self.voice,
            self.iot,
            self.ap,
            self.wifi[0],
            self.wifi[1],
            self.mgmt,
            self.auth_fail,
        ]);
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The VLANs an AP trunk carries: its native one and the wireless ones.
    pub fn ap_trunk(&self) -> Vec<u32> {
        let mut v = vec![self.ap, self.wifi[0], self.wifi[1]];
        v.sort_unstable();
        v
    }
}

/// A device before any vendor prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceSpec {
    /// Global device number in the profile.
    pub number: u64,
    /// Hostname (set when the device is placed in a site).
    pub hostname: String,
    /// Site (set with the hostname).
    pub site: String,
    /// Vendor.
    pub vendor: Vendor,
    /// Stack units (1 for a standalone switch).
    pub units: u32,
    /// Which of the vendor's model/version pairs.
    pub variant: u32,
    /// Serial-number digits.
    pub serial: u64,
    /// The switch's base MAC.
    pub base_mac: Mac,
    /// The spanning-tree root bridge (the distribution switch).
    pub root_mac: Mac,
    /// Uptime at capture, in minutes.
    pub uptime_minutes: u64,
    /// SNMP location.
    pub location: String,
    /// VLANs.
    pub vlans: Vlans,
    /// Ports in table order.
    pub ports: Vec<PortSpec>,
    /// Where new MACs come from (the next day adds some).
    pub macs: MacSource,
}

impl DeviceSpec {
    /// Port count as the parser will list it.
    pub fn port_count(&self) -> usize {
        self.ports.len()
    }
}

/// The role suffix of a vendor's hostnames (`AS` access switch, `LF` leaf,
/// `FW` firewall), all two letters so hostnames keep their length.
pub fn host_role(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Arista => "LF",
        Vendor::PaloAlto => "FW",
        _ => "AS",
    }
}

/// Picks the vendor of device `number` from the group's weights.
fn pick_vendor(rng: &mut Rng, group: &Group) -> Vendor {
    let entries: Vec<(Vendor, f64)> = group
        .vendors
        .iter()
        .filter_map(|(name, w)| Vendor::from_name(name).map(|v| (v, *w)))
        .collect();
    let weights: Vec<f64> = entries.iter().map(|(_, w)| *w).collect();
    entries[rng.weighted(&weights)].0
}

/// Uplink ports for a device of `total` port rows.
fn uplinks_for(vendor: Vendor, total: u32) -> u32 {
    match vendor {
        // Two channel members and the channel itself.
        Vendor::Arista => 3,
        Vendor::PaloAlto => 0,
        _ if total <= 16 => 2,
        _ => 4,
    }
}

/// Draws device `number` of `group`.
pub fn build(seed: u64, number: u64, group: &Group) -> DeviceSpec {
    let mut rng = Rng::new(seed, Domain::Device, number);
    let vendor = pick_vendor(&mut rng, group);
    let [lo, hi] = group.ports;
    let mut total = rng.range(u64::from(lo), u64::from(hi)) as u32;
    if vendor == Vendor::PaloAlto {
        total = total.clamp(4, 24);
    }
    let stackable = matches!(vendor, Vendor::Cisco | Vendor::Brocade);
    let mut units = if stackable && total >= 24 && rng.chance(group.stack_share) {
        (rng.range(2, 4) as u32).min(total / 12)
    } else {
        1
    };
    // No unit has more than 48 front ports: bigger switches are stacks.
    if stackable {
        units = units.max((total - uplinks_for(vendor, total)).div_ceil(48));
    }
    let variant = rng.below(1 << 16) as u32;
    let serial = rng.below(10_000_000_000);
    let mut macs = MacSource::new(&mut rng);
    let base_mac = (0x70b317 << 24) | ((rng.next_u64() & 0xff_ff00) | 0x80);
    let root_mac = (0x00a742 << 24) | (rng.next_u64() & 0xff_ff00);
    let uptime_minutes = rng.range(60, 400 * 24 * 60);
    let location = location(&mut rng);
    let d0 = 10 * rng.range(1, 9) as u32;
    let data = if rng.chance(0.3) {
        vec![d0, d0 + 1]
    } else {
        vec![d0]
    };
    let vlans = Vlans {
        voice: d0 + 100,
        iot: d0 + 200,
        ap: d0 + 300,
        wifi: [d0 + 400, d0 + 401],
        mgmt: 99,
        auth_fail: 999,
        data,
    };

    let uplinks = uplinks_for(vendor, total);
    let access = total - uplinks;
    let mut ports = Vec::with_capacity(total as usize);
    let per_unit = access.div_ceil(units);
    let mut left = access;
    for unit in 1..=units {
        let here = per_unit.min(left);
        left -= here;
        for n in 1..=here {
            let slot = Slot::Access { unit, n };
            ports.push(if vendor == Vendor::PaloAlto {
                firewall_port(&mut rng, slot)
            } else {
                access_port(&mut rng, &mut macs, group, &vlans, slot, ports.len())
            });
        }
    }
    for n in 1..=uplinks {
        let slot = if vendor == Vendor::Arista && n == uplinks {
            Slot::Channel(1)
        } else {
            Slot::Uplink { unit: 1, n }
        };
        ports.push(uplink_port(
            &mut rng, &mut macs, group, &vlans, vendor, slot, n,
        ));
    }
    DeviceSpec {
        number,
        hostname: String::new(),
        site: String::new(),
        vendor,
        units,
        variant,
        serial,
        base_mac,
        root_mac,
        uptime_minutes,
        location,
        vlans,
        ports,
        macs,
    }
}

/// An SNMP location in the operators' `Key_Value` form; some leave out row
/// and rack.
fn location(rng: &mut Rng) -> String {
    let bldg = rng.range(1, 40);
    let floor = rng.range(1, 6);
    let room = floor * 100 + rng.range(1, 40);
    if rng.chance(0.6) {
        format!(
            "Bldg_{bldg}_Floor_{floor}_Room_{room}_Row_{}_Rack_{}",
            rng.range(1, 4),
            rng.range(1, 9)
        )
    } else {
        format!("Bldg_{bldg}_Floor_{floor}_Room_{room}")
    }
}

fn pick_auth(rng: &mut Rng, group: &Group) -> AuthTemplate {
    let a = &group.auth;
    [
        AuthTemplate::Flexible,
        AuthTemplate::Dot1x,
        AuthTemplate::Macauth,
        AuthTemplate::Open,
    ][rng.weighted(&[a.flexible, a.dot1x, a.macauth, a.open])]
}

/// A session for a client on a port with template `auth`, or `None` on an
/// open port.
fn session(
    rng: &mut Rng,
    group: &Group,
    auth: AuthTemplate,
    kind: ClientKind,
) -> Option<(Method, SessionState)> {
    let method = match (auth, kind) {
        (AuthTemplate::Open, _) => return None,
        (AuthTemplate::Dot1x, _) => Method::Dot1x,
        (AuthTemplate::Macauth, _) => Method::Mab,
        (AuthTemplate::Flexible, ClientKind::Pc) if rng.chance(0.9) => Method::Dot1x,
        (AuthTemplate::Flexible, _) => Method::Mab,
    };
    let state = if rng.chance(group.clients.authorized) {
        SessionState::Authorized
    } else if rng.chance(0.7) {
        SessionState::Unauthorized
    } else {
        SessionState::Running
    };
    Some((method, state))
}

fn link(rng: &mut Rng, up_share: f64) -> Link {
    let x = rng.unit();
    if x < up_share {
        Link::Up
    } else if x < up_share + 0.02 {
        Link::Disabled
    } else if x < up_share + 0.03 {
        Link::ErrDisabled
    } else {
        Link::Down
    }
}

fn range(rng: &mut Rng, r: [u32; 2]) -> u32 {
    rng.range(u64::from(r[0]), u64::from(r[1])) as u32
}

fn access_port(
    rng: &mut Rng,
    macs: &mut MacSource,
    group: &Group,
    vlans: &Vlans,
    slot: Slot,
    index: usize,
) -> PortSpec {
    let role = [
        Role::User,
        Role::Printer,
        Role::Camera,
        Role::AccessPoint,
        Role::Spare,
    ][rng.weighted(&[0.78, 0.05, 0.05, 0.05, 0.07])];
    let data_vlan = vlans.data[index % vlans.data.len()];
    let room = 100 + (index / 12) as u32 + 1;
    let drop = index % 12 + 1;
    let mut p = PortSpec {
        slot,
        role,
        description: None,
        link: Link::Down,
        vlan: data_vlan,
        voice: false,
        auth: AuthTemplate::Open,
        omit: None,
        speed: 1000,
        clients: Vec::new(),
    };
    match role {
        Role::User => {
            p.auth = pick_auth(rng, group);
            p.voice = p.auth != AuthTemplate::Macauth && rng.chance(0.8);
            p.omit = (p.auth == AuthTemplate::Flexible && rng.chance(group.auth.drift))
                .then(|| rng.below(64) as u32);
            p.link = link(rng, group.clients.link_up);
            p.description = if rng.chance(0.85) {
                Some(format!(
                    "Rm{room}-D{drop:02} {}",
                    rng.pick(crate::names::SURNAMES)
                ))
            } else {
                None
            };
            if p.up() {
                p.speed = if rng.chance(0.1) { 100 } else { 1000 };
                if p.voice && rng.chance(group.clients.phone) {
                    let kind = ClientKind::Phone;
                    p.clients.push(Client {
                        mac: macs.next(rng, oui::PHONE),
                        vlan: vlans.voice,
                        kind,
                        session: session(rng, group, p.auth, kind),
                    });
                }
                let kind = ClientKind::Pc;
                p.clients.push(Client {
                    mac: macs.next(rng, oui::PC),
                    vlan: p.vlan,
                    kind,
                    session: session(rng, group, p.auth, kind),
                });
                if p.auth == AuthTemplate::Open {
                    for _ in 0..range(rng, group.clients.extra_macs) {
                        p.clients.push(Client {
                            mac: macs.next(rng, oui::PC),
                            vlan: p.vlan,
                            kind: ClientKind::Pc,
                            session: None,
                        });
                    }
                }
            }
        }
        Role::Printer | Role::Camera => {
            p.vlan = vlans.iot;
            p.auth = if rng.chance(0.7) {
                AuthTemplate::Macauth
            } else {
                AuthTemplate::Open
            };
            p.link = link(rng, 0.9);
            let (label, kind, ouis) = if role == Role::Printer {
                ("PRN", ClientKind::Printer, oui::PRINTER)
            } else {
                ("CAM", ClientKind::Camera, oui::CAMERA)
            };
            p.description = Some(format!("{label}-Rm{room}-{drop:02}"));
            if p.up() {
                p.speed = 100;
                p.clients.push(Client {
                    mac: macs.next(rng, ouis),
                    vlan: p.vlan,
                    kind,
                    session: session(rng, group, p.auth, kind),
                });
            }
        }
        Role::AccessPoint => {
            p.vlan = vlans.ap;
            p.link = link(rng, 0.9);
            p.description = Some(format!("AP-{room}-{drop:02}"));
            if p.up() {
                p.clients.push(Client {
                    mac: macs.next(rng, oui::AP),
                    vlan: vlans.ap,
                    kind: ClientKind::Ap,
                    session: None,
                });
                for i in 0..range(rng, group.clients.wireless_macs) {
                    p.clients.push(Client {
                        mac: macs.next(rng, oui::WIRELESS),
                        vlan: vlans.wifi[i as usize % 2],
                        kind: ClientKind::Wireless,
                        session: None,
                    });
                }
            }
        }
        Role::Spare | Role::Uplink | Role::Channel | Role::Firewall => {
            p.role = Role::Spare;
            p.link = if rng.chance(0.3) {
                Link::Disabled
            } else {
                Link::Down
            };
            p.description = (p.link == Link::Disabled).then(|| "<== Disabled ==>".to_string());
        }
    }
    p
}

fn uplink_port(
    rng: &mut Rng,
    macs: &mut MacSource,
    group: &Group,
    vlans: &Vlans,
    vendor: Vendor,
    slot: Slot,
    n: u32,
) -> PortSpec {
    let channel = matches!(slot, Slot::Channel(_));
    let members = vendor == Vendor::Arista;
    // The root uplink: the first one, or Arista's channel.
    let root = if members { channel } else { n == 1 };
    let up = root || n <= 2;
    let mut p = PortSpec {
        slot,
        role: if channel { Role::Channel } else { Role::Uplink },
        description: Some(format!("Uplink DS-0{n}")),
        link: if up { Link::Up } else { Link::Down },
        vlan: 1,
        voice: false,
        auth: AuthTemplate::Open,
        omit: None,
        speed: 10_000,
        clients: Vec::new(),
    };
    if root {
        // The gateway's MAC in every user VLAN, then hosts beyond.
        let gateway = macs.next(rng, oui::REMOTE);
        for vlan in vlans.all() {
            p.clients.push(Client {
                mac: gateway,
                vlan,
                kind: ClientKind::Remote,
                session: None,
            });
        }
        for _ in 0..range(rng, group.clients.uplink_macs) {
            let vlan = *rng.pick(&vlans.data);
            p.clients.push(Client {
                mac: macs.next(rng, oui::REMOTE),
                vlan,
                kind: ClientKind::Remote,
                session: None,
            });
        }
    }
    p
}

fn firewall_port(rng: &mut Rng, slot: Slot) -> PortSpec {
    let up = rng.chance(0.7);
    PortSpec {
        slot,
        role: Role::Firewall,
        description: None,
        link: if up { Link::Up } else { Link::Down },
        vlan: 0,
        voice: false,
        auth: AuthTemplate::Open,
        omit: None,
        speed: if rng.chance(0.5) { 10_000 } else { 1000 },
        clients: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;

    #[test]
    fn port_counts_match_the_profile() {
        let p = Profile::builtin("m1").unwrap();
        for n in 0..25 {
            let d = build(1, n, &p.groups[0]);
            assert_eq!((d.vendor, d.port_count()), (Vendor::Cisco, 48));
        }
        let d = build(1, 30, &p.groups[1]);
        assert_eq!((d.vendor, d.port_count()), (Vendor::Brocade, 10));
    }

    #[test]
    fn same_number_same_device() {
        let p = Profile::builtin("site").unwrap();
        assert_eq!(build(5, 17, &p.groups[0]), build(5, 17, &p.groups[0]));
        assert_ne!(build(5, 17, &p.groups[0]), build(6, 17, &p.groups[0]));
    }
}
