//! Mapping records to table rows, and the change signatures.
//!
//! A signature is a 128-bit hash over every stored column of a row (each
//! value length-prefixed, so `("ab","c")` and `("a","bc")` differ). Rows
//! whose signature is unchanged are not rewritten and get no history row;
//! unlike the original, the comparison is between two values built the same
//! way, so a port never looks changed because one side was read back as a
//! number and the other held text.

use statetrace_model::{Device, Port, SpanInstance};

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

/// Values of an `Interfaces` (and `InterfaceHistory`) row.
#[derive(Debug, Clone, PartialEq)]
pub struct InterfaceRow {
    /// `Port`.
    pub port: String,
    /// `Name`.
    pub name: Option<String>,
    /// `Status`.
    pub status: Option<String>,
    /// `VLAN`: the access VLAN; NULL for trunk and routed ports (the
    /// original stored 0, indistinguishable from a real value).
    pub vlan: Option<i64>,
    /// `Duplex`.
    pub duplex: Option<String>,
    /// `Speed`.
    pub speed: Option<String>,
    /// `Type`.
    pub port_type: Option<String>,
    /// `LearnedMACs`: comma-joined.
    pub learned_macs: Option<String>,
    /// `AuthState`.
    pub auth_state: Option<String>,
    /// `AuthMode`.
    pub auth_mode: Option<String>,
    /// `AuthClientMAC`.
    pub auth_client_mac: Option<String>,
    /// `AuthTemplate`.
    pub auth_template: Option<String>,
    /// `Config`.
    pub config: Option<String>,
    /// `Mode` (extra column): access, trunk or routed.
    pub mode: Option<String>,
    /// `MissingAuthCmds` (extra column): joined with `\n`.
    pub missing_auth_cmds: Option<String>,
}

impl InterfaceRow {
    /// The row for a port.
    pub fn from_port(p: &Port) -> InterfaceRow {
        InterfaceRow {
            port: p.port.trim().to_string(),
            name: p.name.clone(),
            status: p.status.clone(),
            vlan: p.vlan.map(i64::from),
            duplex: p.duplex.clone(),
            speed: p.speed.clone(),
            port_type: p.port_type.clone(),
            learned_macs: (!p.learned_macs.is_empty()).then(|| p.learned_macs.join(",")),
            auth_state: p.auth_state.map(|s| s.as_str().to_string()),
            auth_mode: p.auth_mode.clone(),
            auth_client_mac: p.auth_client_mac.clone(),
            auth_template: p.auth_template.map(|t| t.as_str().to_string()),
            config: p.config.clone(),
            mode: p.mode.map(|m| m.as_str().to_string()),
            missing_auth_cmds: (!p.missing_auth_cmds.is_empty())
                .then(|| p.missing_auth_cmds.join("\n")),
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
            .map(|v| 8 + v.as_ref().map_or(0, String::len))
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
pub struct SpanRow {
    /// `Vlan`: instance name (`VLAN0010`, `MST0`).
    pub vlan: String,
    /// `RootSwitch`: root bridge MAC.
    pub root_switch: Option<String>,
    /// `RootPort`: this switch's root port; NULL when it is the root.
    pub root_port: Option<String>,
    /// `Role`: the port's role in the instance.
    pub role: Option<String>,
    /// `Upstream`: the port the row describes.
    pub upstream: Option<String>,
    /// `State` (extra column): FWD, BLK ...
    pub state: Option<String>,
    /// `Cost` (extra column): the port's path cost.
    pub cost: Option<i64>,
    /// `RootCost` (extra column): path cost to the root.
    pub root_cost: Option<i64>,
    /// `Protocol` (extra column).
    pub protocol: Option<String>,
}

impl SpanRow {
    /// The rows for an instance.
    pub fn from_instance(i: &SpanInstance) -> Vec<SpanRow> {
        let base = SpanRow {
            vlan: i.vlan.clone(),
            root_switch: i.root_switch.clone(),
            root_port: i.root_port.clone(),
            role: None,
            upstream: None,
            state: None,
            cost: None,
            root_cost: i.root_cost.and_then(|c| i64::try_from(c).ok()),
            protocol: i.protocol.clone(),
        };
        if i.ports.is_empty() {
            return vec![base];
        }
        i.ports
            .iter()
            .map(|p| SpanRow {
                role: Some(p.role.clone()),
                upstream: Some(p.port.clone()),
                state: Some(p.state.clone()),
                cost: p.cost.and_then(|c| i64::try_from(c).ok()),
                ..base.clone()
            })
            .collect()
    }

    /// Signature over the whole set of a device's span rows: spanning tree
    /// is replaced as a unit when anything in it changed.
    pub fn set_signature(rows: &[SpanRow]) -> String {
        // One allocation: nine values a row, each its length (8 bytes) and
        // text (integers take at most 20 digits).
        let text = |v: &Option<String>| v.as_ref().map_or(0, String::len);
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
            let r = InterfaceRow {
                port: "Gi1/0/1".into(),
                name: t[0].clone(), status: t[1].clone(), vlan,
                duplex: t[2].clone(), speed: t[3].clone(), port_type: t[4].clone(),
                learned_macs: t[5].clone(), auth_state: t[6].clone(), auth_mode: t[7].clone(),
                auth_client_mac: t[8].clone(), auth_template: t[9].clone(), config: t[10].clone(),
                mode: t[11].clone(), missing_auth_cmds: t[12].clone(),
            };
            let old = old_sig(&[
                r.name.clone(), r.status.clone(), vlan.map(|v| v.to_string()), r.duplex.clone(),
                r.speed.clone(), r.port_type.clone(), r.learned_macs.clone(), r.auth_state.clone(),
                r.auth_mode.clone(), r.auth_client_mac.clone(), r.auth_template.clone(),
                r.config.clone(), r.mode.clone(), r.missing_auth_cmds.clone(),
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
            let rows: Vec<SpanRow> = rows.into_iter().map(|(vlan, t, cost, root_cost)| SpanRow {
                vlan, root_switch: t[0].clone(), root_port: t[1].clone(), role: t[2].clone(),
                upstream: t[3].clone(), state: t[4].clone(), cost, root_cost, protocol: t[5].clone(),
            }).collect();
            let values: Vec<Option<String>> = rows.iter().flat_map(|r| [
                Some(r.vlan.clone()), r.root_switch.clone(), r.root_port.clone(), r.role.clone(),
                r.upstream.clone(), r.state.clone(), r.cost.map(|c| c.to_string()),
                r.root_cost.map(|c| c.to_string()), r.protocol.clone(),
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
