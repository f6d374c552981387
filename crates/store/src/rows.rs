//! Mapping records to table rows, and the change signatures.
//!
//! A signature is a 128-bit hash over every stored column of a row (each
//! value length-prefixed, so `("ab","c")` and `("a","bc")` differ). Rows
//! whose signature is unchanged are not rewritten and get no history row;
//! unlike the original, the comparison is between two values built the same
//! way, so a port never looks changed because one side was read back as a
//! number and the other held text.

use statetrace_model::{Device, Port, SpanInstance};
use std::borrow::Cow;

/// Values of a `DeviceSummary` (and `DeviceHistory`) row.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    /// `Hostname`.
    pub hostname: String,
    /// `Make` (vendor).
    pub make: Option<String>,
    /// `Model`.
    pub model: Option<String>,
    /// `Uptime`.
    pub uptime: Option<String>,
    /// `Site`: the one site rule, same as the database it lives in.
    pub site: String,
    /// `Building`.
    pub building: Option<String>,
    /// `Room`.
    pub room: Option<String>,
    /// `Ports`: number of port rows.
    pub ports: i64,
    /// `AuthDefaultVLAN`.
    pub auth_default_vlan: Option<String>,
    /// `AuthBlock`: global auth lines joined with `\n`.
    pub auth_block: Option<String>,
    /// `Version` (extra column).
    pub version: Option<String>,
    /// `Serial` (extra column).
    pub serial: Option<String>,
    /// `Location` (extra column).
    pub location: Option<String>,
    /// `Floor` (extra column).
    pub floor: Option<String>,
    /// `Row` (extra column).
    pub row: Option<String>,
    /// `Rack` (extra column).
    pub rack: Option<String>,
}

impl SummaryRow {
    /// The row for a device.
    pub fn from_device(d: &Device) -> SummaryRow {
        SummaryRow {
            hostname: d.hostname.clone(),
            make: d.vendor.map(|v| v.as_str().to_string()),
            model: d.model.clone(),
            uptime: d.uptime.clone(),
            site: d.site.clone(),
            building: d.building.clone(),
            room: d.room.clone(),
            ports: d.ports.len() as i64,
            auth_default_vlan: d.auth_default_vlan.clone(),
            auth_block: (!d.auth_block.is_empty()).then(|| d.auth_block.join("\n")),
            version: d.version.clone(),
            serial: d.serial.clone(),
            location: d.location.clone(),
            floor: d.floor.clone(),
            row: d.row.clone(),
            rack: d.rack.clone(),
        }
    }

    /// Change signature. Uptime is left out: it changes on every capture
    /// and would turn every re-ingest into a "change".
    pub fn signature(&self) -> String {
        let mut s = Sig::default();
        for v in [
            &self.make,
            &self.model,
            &Some(self.site.clone()),
            &self.building,
            &self.room,
            &Some(self.ports.to_string()),
            &self.auth_default_vlan,
            &self.auth_block,
            &self.version,
            &self.serial,
            &self.location,
            &self.floor,
            &self.row,
            &self.rack,
        ] {
            s.push(v.as_deref());
        }
        s.finish()
    }
}

/// Values of an `Interfaces` (and `InterfaceHistory`) row, borrowed from
/// the port where the value is stored as is (a first ingest plans every
/// port, and copying each value cost more than signing it).
#[derive(Debug, Clone, PartialEq)]
pub struct InterfaceRow<'a> {
    /// `Port`.
    pub port: Cow<'a, str>,
    /// `Name`.
    pub name: Option<Cow<'a, str>>,
    /// `Status`.
    pub status: Option<Cow<'a, str>>,
    /// `VLAN`: the access VLAN; NULL for trunk and routed ports (the
    /// original stored 0, indistinguishable from a real value).
    pub vlan: Option<i64>,
    /// `Duplex`.
    pub duplex: Option<Cow<'a, str>>,
    /// `Speed`.
    pub speed: Option<Cow<'a, str>>,
    /// `Type`.
    pub port_type: Option<Cow<'a, str>>,
    /// `LearnedMACs`: comma-joined.
    pub learned_macs: Option<Cow<'a, str>>,
    /// `AuthState`.
    pub auth_state: Option<Cow<'a, str>>,
    /// `AuthMode`.
    pub auth_mode: Option<Cow<'a, str>>,
    /// `AuthClientMAC`.
    pub auth_client_mac: Option<Cow<'a, str>>,
    /// `AuthTemplate`.
    pub auth_template: Option<Cow<'a, str>>,
    /// `Config`.
    pub config: Option<Cow<'a, str>>,
    /// `Mode` (extra column): access, trunk or routed.
    pub mode: Option<Cow<'a, str>>,
    /// `MissingAuthCmds` (extra column): joined with `\n`.
    pub missing_auth_cmds: Option<Cow<'a, str>>,
}

impl<'a> InterfaceRow<'a> {
    /// The row for a port.
    pub fn from_port(p: &'a Port) -> InterfaceRow<'a> {
        let text = |v: &'a Option<String>| v.as_deref().map(Cow::Borrowed);
        let fixed = |v: &'static str| Some(Cow::Borrowed(v));
        InterfaceRow {
            port: Cow::Borrowed(p.port.trim()),
            name: text(&p.name),
            status: text(&p.status),
            vlan: p.vlan.map(i64::from),
            duplex: text(&p.duplex),
            speed: text(&p.speed),
            port_type: text(&p.port_type),
            learned_macs: (!p.learned_macs.is_empty())
                .then(|| Cow::Owned(p.learned_macs.join(","))),
            auth_state: p.auth_state.and_then(|s| fixed(s.as_str())),
            auth_mode: text(&p.auth_mode),
            auth_client_mac: text(&p.auth_client_mac),
            auth_template: p.auth_template.and_then(|t| fixed(t.as_str())),
            config: text(&p.config),
            mode: p.mode.and_then(|m| fixed(m.as_str())),
            missing_auth_cmds: (!p.missing_auth_cmds.is_empty())
                .then(|| Cow::Owned(p.missing_auth_cmds.join("\n"))),
        }
    }

    /// Change signature over every stored column.
    pub fn signature(&self) -> String {
        let texts = [
            &self.duplex,
            &self.speed,
            &self.port_type,
            &self.learned_macs,
            &self.auth_state,
            &self.auth_mode,
            &self.auth_client_mac,
            &self.auth_template,
            &self.config,
            &self.mode,
            &self.missing_auth_cmds,
        ];
        // One allocation: each value takes its length (8 bytes) and text.
        let size = [&self.name, &self.status]
            .iter()
            .chain(&texts)
            .map(|v| 8 + v.as_ref().map_or(0, |v| v.len()))
            .sum::<usize>()
            + 28;
        let mut s = Sig(Vec::with_capacity(size));
        let mut vlan = Decimal::default();
        let vlan = self.vlan.map(|v| vlan.of(v));
        s.push(self.name.as_deref());
        s.push(self.status.as_deref());
        s.push(vlan);
        for v in texts {
            s.push(v.as_deref());
        }
        s.finish()
    }
}

/// Values of a `SpanInfo` (and `SpanHistory`) row: one per port of an
/// instance, or one with no port for an instance without port rows.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanRow<'a> {
    /// `Vlan`: instance name (`VLAN0010`, `MST0`).
    pub vlan: Cow<'a, str>,
    /// `RootSwitch`: root bridge MAC.
    pub root_switch: Option<Cow<'a, str>>,
    /// `RootPort`: this switch's root port; NULL when it is the root.
    pub root_port: Option<Cow<'a, str>>,
    /// `Role`: the port's role in the instance.
    pub role: Option<Cow<'a, str>>,
    /// `Upstream`: the port the row describes.
    pub upstream: Option<Cow<'a, str>>,
    /// `State` (extra column): FWD, BLK ...
    pub state: Option<Cow<'a, str>>,
    /// `Cost` (extra column): the port's path cost.
    pub cost: Option<i64>,
    /// `RootCost` (extra column): path cost to the root.
    pub root_cost: Option<i64>,
    /// `Protocol` (extra column).
    pub protocol: Option<Cow<'a, str>>,
}

impl<'a> SpanRow<'a> {
    /// The rows for an instance.
    pub fn from_instance(i: &'a SpanInstance) -> Vec<SpanRow<'a>> {
        let text = |v: &'a Option<String>| v.as_deref().map(Cow::Borrowed);
        let base = SpanRow {
            vlan: Cow::Borrowed(&i.vlan),
            root_switch: text(&i.root_switch),
            root_port: text(&i.root_port),
            role: None,
            upstream: None,
            state: None,
            cost: None,
            root_cost: i.root_cost.and_then(|c| i64::try_from(c).ok()),
            protocol: text(&i.protocol),
        };
        if i.ports.is_empty() {
            return vec![base];
        }
        i.ports
            .iter()
            .map(|p| SpanRow {
                role: Some(Cow::Borrowed(&p.role)),
                upstream: Some(Cow::Borrowed(&p.port)),
                state: Some(Cow::Borrowed(&p.state)),
                cost: p.cost.and_then(|c| i64::try_from(c).ok()),
                ..base.clone()
            })
            .collect()
    }

    /// Signature over the whole set of a device's span rows: spanning tree
    /// is replaced as a unit when anything in it changed.
    pub fn set_signature(rows: &[SpanRow<'_>]) -> String {
        // One allocation: nine values a row, each its length (8 bytes) and
        // text (integers take at most 20 digits).
        let text = |v: &Option<Cow<'_, str>>| v.as_ref().map_or(0, |v| v.len());
        let size = rows
            .iter()
            .map(|r| {
                9 * 8
                    + 40
                    + r.vlan.len()
                    + [
                        &r.root_switch,
                        &r.root_port,
                        &r.role,
                        &r.upstream,
                        &r.state,
                        &r.protocol,
                    ]
                    .into_iter()
                    .map(text)
                    .sum::<usize>()
            })
            .sum();
        let mut s = Sig(Vec::with_capacity(size));
        let (mut cost, mut root_cost) = (Decimal::default(), Decimal::default());
        for r in rows {
            s.push(Some(&r.vlan));
            for v in [&r.root_switch, &r.root_port, &r.role, &r.upstream, &r.state] {
                s.push(v.as_deref());
            }
            s.push(r.cost.map(|c| cost.of(c)));
            s.push(r.root_cost.map(|c| root_cost.of(c)));
            s.push(r.protocol.as_deref());
        }
        s.finish()
    }
}

/// Length-prefixed values, hashed at the end with 128-bit XXH3: the
/// same digest as feeding them to a streaming hasher one by one (which
/// stored signatures were made with), without a call per value.
#[derive(Default)]
struct Sig(Vec<u8>);

impl Sig {
    fn push(&mut self, v: Option<&str>) {
        match v {
            None => self.0.push(b'N'),
            Some(v) => {
                self.0.extend_from_slice(&(v.len() as u64).to_le_bytes());
                self.0.extend_from_slice(v.as_bytes());
            }
        }
    }

    /// The digest as 32 lower-case hex digits (what `{:032x}` prints, at a
    /// tenth of the cost: a first ingest signs every port).
    fn finish(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let d = xxhash_rust::xxh3::xxh3_128(&self.0);
        let hex: Vec<u8> = (0..32)
            .rev()
            .map(|i| HEX[((d >> (i * 4)) & 0xf) as usize])
            .collect();
        String::from_utf8(hex).expect("hex digits are ASCII")
    }
}

/// An integer's decimal digits (what `to_string` gives) without
/// allocating.
#[derive(Default)]
struct Decimal([u8; 20]);

impl Decimal {
    fn of(&mut self, n: i64) -> &str {
        let mut i = self.0.len();
        let mut m = n.unsigned_abs();
        loop {
            i -= 1;
            self.0[i] = b'0' + (m % 10) as u8;
            m /= 10;
            if m == 0 {
                break;
            }
        }
        if n < 0 {
            i -= 1;
            self.0[i] = b'-';
        }
        std::str::from_utf8(&self.0[i..]).expect("digits are ASCII")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The signatures as stored databases hold them: a streaming XXH3 fed
    /// value by value, integers through `to_string`, `{:032x}`.
    fn old_sig(values: &[Option<String>]) -> String {
        let mut h = xxhash_rust::xxh3::Xxh3Default::new();
        for v in values {
            match v {
                None => h.update(b"N"),
                Some(v) => {
                    h.update(&(v.len() as u64).to_le_bytes());
                    h.update(v.as_bytes());
                }
            }
        }
        format!("{:032x}", h.digest128())
    }

    fn text() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(".{0,40}")
    }

    proptest! {
        #[test]
        fn port_signatures_are_unchanged(
            t in proptest::collection::vec(text(), 13),
            vlan in proptest::option::of(any::<i64>()),
        ) {
            let c = |i: usize| t[i].clone().map(Cow::Owned);
            let r = InterfaceRow {
                port: "Gi1/0/1".into(),
                name: c(0), status: c(1), vlan,
                duplex: c(2), speed: c(3), port_type: c(4),
                learned_macs: c(5), auth_state: c(6), auth_mode: c(7),
                auth_client_mac: c(8), auth_template: c(9), config: c(10),
                mode: c(11), missing_auth_cmds: c(12),
            };
            let old = old_sig(&[
                t[0].clone(), t[1].clone(), vlan.map(|v| v.to_string()), t[2].clone(),
                t[3].clone(), t[4].clone(), t[5].clone(), t[6].clone(),
                t[7].clone(), t[8].clone(), t[9].clone(),
                t[10].clone(), t[11].clone(), t[12].clone(),
            ]);
            prop_assert_eq!(r.signature(), old);
        }

        #[test]
        fn span_signatures_are_unchanged(
            rows in proptest::collection::vec(
                ("[A-Z0-9]{0,8}", proptest::collection::vec(text(), 6),
                 proptest::option::of(any::<i64>()), proptest::option::of(any::<i64>())),
                0..5,
            ),
        ) {
            let rows: Vec<SpanRow> = rows.into_iter().map(|(vlan, t, cost, root_cost)| {
                let c = |i: usize| t[i].clone().map(Cow::Owned);
                SpanRow {
                    vlan: Cow::Owned(vlan), root_switch: c(0), root_port: c(1), role: c(2),
                    upstream: c(3), state: c(4), cost, root_cost, protocol: c(5),
                }
            }).collect();
            let s = |v: &Option<Cow<'_, str>>| v.as_deref().map(str::to_string);
            let values: Vec<Option<String>> = rows.iter().flat_map(|r| [
                Some(r.vlan.to_string()), s(&r.root_switch), s(&r.root_port), s(&r.role),
                s(&r.upstream), s(&r.state), r.cost.map(|c| c.to_string()),
                r.root_cost.map(|c| c.to_string()), s(&r.protocol),
            ]).collect();
            prop_assert_eq!(SpanRow::set_signature(&rows), old_sig(&values));
        }
    }

    #[test]
    fn decimals_match_to_string_at_the_edges() {
        for n in [0, 7, -7, 10, 4094, i64::MAX, i64::MIN, -1] {
            assert_eq!(Decimal::default().of(n), n.to_string());
        }
    }

    #[test]
    fn signatures_see_every_column_and_boundaries() {
        let p = Port {
            port: "Gi1/0/1".into(),
            name: Some("ab".into()),
            status: Some("c".into()),
            ..Port::default()
        };
        let a = InterfaceRow::from_port(&p);
        let mut b = a.clone();
        b.name = Some("a".into());
        b.status = Some("bc".into());
        assert_ne!(a.signature(), b.signature());
        let mut c = a.clone();
        c.vlan = Some(0);
        assert_ne!(a.signature(), c.signature(), "NULL VLAN differs from 0");
        assert_eq!(a.signature(), InterfaceRow::from_port(&p).signature());
    }

    #[test]
    fn uptime_alone_is_no_change() {
        let mut d = Device::new("WLLS-A01-AS-01");
        d.uptime = Some("1 day".into());
        let a = SummaryRow::from_device(&d).signature();
        d.uptime = Some("2 days".into());
        assert_eq!(a, SummaryRow::from_device(&d).signature());
        d.model = Some("C9300".into());
        assert_ne!(a, SummaryRow::from_device(&d).signature());
    }
}
