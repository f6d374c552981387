//! Assembly tests over a whole transcript, and no-panic property tests.

use super::*;
use proptest::prelude::*;

const TRANSCRIPT: &str = "\
admin@RENO-DC1-FW-01(active)> show system info

hostname: RENO-DC1-FW-01
ip-address: 10.20.0.10
uptime: 41 days, 3:22:17
family: 3200
model: PA-3220
serial: 013201012345
sw-version: 10.2.3

admin@RENO-DC1-FW-01(active)> show interface all

total configured hardware interfaces: 6

name                    id    speed/duplex/state            mac address
--------------------------------------------------------------------------------
ethernet1/1             16    1000/full/up                  d4:f4:be:11:22:10
ethernet1/2             17    ukn/ukn/down(autoneg)         d4:f4:be:11:22:11
ae1                     64    [n/a]/[n/a]/up                d4:f4:be:11:22:40
vlan                    1     [n/a]/[n/a]/up                d4:f4:be:11:22:01
loopback                3     [n/a]/[n/a]/up                d4:f4:be:11:22:03
ha1-a                   5     1000/full/up                  d4:f4:be:11:22:b5

aggregation groups: 0

total configured logical interfaces: 4

name                id    vsys zone             forwarding               tag    address
------------------- ----- ---- ---------------- ------------------------ ------ ------------------
ethernet1/1         16    1    untrust          vr:default               0      203.0.113.10/29
ethernet1/1.81      300   1    dmz              vr:default               81     192.0.2.17/27
ae1                 64    1                     N/A                      0      N/A
ha1-a               5     0                     ha                       0      198.51.100.1/30

admin@RENO-DC1-FW-01(active)>
";

fn device() -> Device {
    let text = DeviceText::new(TRANSCRIPT.lines().collect());
    parse(&text, "RENO-DC1-FW-01")
}

#[test]
fn identity() {
    let d = device();
    assert_eq!(d.vendor, Some(Vendor::PaloAlto));
    assert_eq!(d.site, "RENO");
    assert_eq!(d.model.as_deref(), Some("PA-3220"));
    assert_eq!(d.version.as_deref(), Some("10.2.3"));
    assert_eq!(d.serial.as_deref(), Some("013201012345"));
    assert_eq!(d.uptime.as_deref(), Some("41 days, 3:22:17"));
    assert_eq!(d.location, None);
    assert!(d.spanning_tree.is_empty() && d.auth_block.is_empty());
}

#[test]
fn each_physical_port_once() {
    let d = device();
    let got: Vec<_> = d
        .ports
        .iter()
        .map(|p| {
            (
                p.port.as_str(),
                p.status.as_deref(),
                p.speed.as_deref(),
                p.duplex.as_deref(),
                p.mode,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "ethernet1/1",
                Some("up"),
                Some("1000"),
                Some("full"),
                Some(PortMode::Routed)
            ),
            ("ethernet1/2", Some("down"), None, None, None),
            ("ae1", Some("up"), None, None, None),
            ("ha1-a", Some("up"), Some("1000"), Some("full"), None),
        ]
    );
    for p in &d.ports {
        assert_eq!((p.vlan, p.auth_template, p.auth_state), (None, None, None));
        assert!(p.learned_macs.is_empty() && p.config.is_none() && p.name.is_none());
    }
}

#[test]
fn ntc_records_keep_both_tables() {
    let lines: Vec<&str> = TRANSCRIPT.lines().collect();
    let records = ntc::show_interface_all(&lines);
    assert_eq!(records.len(), 10);
    assert_eq!(records[1]["state"], "down(autoneg)".into());
    assert_eq!(records[7]["zone"], "dmz".into());
    assert_eq!(
        records[6]["ip_address"],
        crate::ntc::NtcValue::List(vec!["203.0.113.10/29".into()])
    );
}

#[test]
fn helpers() {
    assert_eq!(link_state("down((autoneg))"), "down");
    assert_eq!(link_state("up"), "up");
    assert_eq!(known("ukn"), None);
    assert_eq!(known("[n/a]"), None);
    assert_eq!(known("10000"), Some("10000"));
    assert!(is_physical("ethernet1/1") && is_physical("hsci") && is_physical("ae2"));
    assert!(!is_physical("tunnel") && !is_physical("loopback.99"));
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("total configured hardware interfaces: 2".to_string()),
        Just("total configured logical interfaces: 2".to_string()),
        Just("aggregation groups: 1".to_string()),
        Just("ae1 members:".to_string()),
        Just("  ethernet1/5 ethernet1/6".to_string()),
        Just("ethernet1/1             16    1000/full/up                  d4:f4:be:11:22:10".to_string()),
        Just("ethernet1/1         16    1    untrust          vr:default               0      203.0.113.10/29".to_string()),
        Just("                                                                                203.0.113.11/29".to_string()),
        Just("destination                                 nexthop                                 metric flags      age   interface          next-AS".to_string()),
        Just("0.0.0.0/0                                   203.0.113.9                             10     A S              ethernet1/1".to_string()),
        Just("VIRTUAL ROUTER: default (id 1)".to_string()),
        Just("sw-version: 10.2.3".to_string()),
        "[ A-Za-z0-9/.:,()\\[\\]-]{0,60}",
        "(ethernet1/[0-9]|ae1|16|1000/full/up|ukn/ukn/down|N/A|vr:default|[ ]{1,12}){0,10}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic(lines in prop::collection::vec(fragment(), 0..40)) {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let _ = parse_system_info(&refs);
        let _ = parse_interface_all(&refs);
        let _ = parse_routing_route(&refs);
        let _ = ntc::show_interface_all(&refs);
        let mut text = String::from("fw> show interface all\n");
        for l in &lines {
            text.push_str(l);
            text.push('\n');
        }
        let d = parse(&DeviceText::new(text.lines().collect()), "fw");
        prop_assert_eq!(d.vendor, Some(Vendor::PaloAlto));
    }
}
