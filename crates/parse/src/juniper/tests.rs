//! Assembly tests over a whole transcript, and no-panic property tests.

use super::*;
use proptest::prelude::*;
use statetrace_model::{AuthState, SpanPort};

const TRANSCRIPT: &str = r#"
{master:0}
netops@KNOX-C01-AS-01> show version
fpc0:
--------------------------------------------------------------------------
Hostname: KNOX-C01-AS-01
Model: ex4300-48p
Junos: 21.4R3-S4.9
JUNOS EX  Software Suite [21.4R3-S4.9]

{master:0}
netops@KNOX-C01-AS-01> show chassis hardware
Hardware inventory:
Item             Version  Part number  Serial number     Description
Chassis                                PE3719110042      EX4300-48P

{master:0}
netops@KNOX-C01-AS-01> show system uptime
fpc0:
--------------------------------------------------------------------------
Current time: 2025-03-04 09:12:44 PST
System booted: 2025-01-06 05:01:12 PST (8w1d 04:11 ago)

{master:0}
netops@KNOX-C01-AS-01> show interfaces terse
Interface               Admin Link Proto    Local                 Remote
gr-0/0/0                up    up
ge-0/0/0                up    up
ge-0/0/0.0              up    up   eth-switch
ge-0/0/1                up    up
ge-0/0/1.0              up    up   eth-switch
ge-0/0/2                down  down
ge-0/0/2.0              up    down eth-switch
ge-0/0/3                up    down
ge-0/0/47               up    up
ge-0/0/47.0             up    up   aenet    --> ae0.0
xe-0/2/0                up    up
xe-0/2/0.0              up    up   aenet    --> ae0.0
ae0                     up    up
ae0.0                   up    up   eth-switch
bme0                    up    up
bme0.0                  up    up   inet     128.0.0.1/2
irb                     up    up
irb.10                  up    up   inet     10.4.10.2/24
me0                     up    up
me0.0                   up    up   inet     10.4.0.21/24

{master:0}
netops@KNOX-C01-AS-01> show configuration | no-more
## Last commit: 2025-02-11 14:02:19 PST by netops
version 21.4R3-S4.9;
interfaces {
    ge-0/0/0 {
        description "C01-101 desk";
        unit 0 {
            family ethernet-switching {
                interface-mode access;
                vlan {
                    members DATA;
                }
            }
        }
    }
    ge-0/0/1 {
        unit 0 {
            family ethernet-switching {
                vlan {
                    members VOICE;
                }
            }
        }
    }
    ge-0/0/2 {
        disable;
        unit 0 {
            family ethernet-switching;
        }
    }
    ge-0/0/47 {
        ether-options {
            802.3ad ae0;
        }
    }
    xe-0/2/0 {
        ether-options {
            802.3ad ae0;
        }
    }
    ae0 {
        description "Uplink to KNOX-C01-DS-01";
        unit 0 {
            family ethernet-switching {
                interface-mode trunk;
                vlan {
                    members [ DATA VOICE ];
                }
            }
        }
    }
}
snmp {
    location "Bldg_4_Floor_1_Room_C01_Rack_2";
}
protocols {
    dot1x {
        authenticator {
            authentication-profile-name DOT1X;
            interface {
                ge-0/0/0.0 {
                    supplicant multiple;
                    mac-radius;
                    server-reject-vlan QUARANTINE;
                }
                ge-0/0/1.0 {
                    mac-radius {
                        restrict;
                    }
                }
            }
        }
    }
}
vlans {
    DATA {
        vlan-id 10;
    }
    QUARANTINE {
        vlan-id 666;
    }
    VOICE {
        vlan-id 20;
    }
}

{master:0}
netops@KNOX-C01-AS-01> show dot1x interface
802.1X Information:
Interface     Role           State           MAC address          User
ge-0/0/0.0    Authenticator  Authenticated   00:1C:58:AF:00:01    jdoe
ge-0/0/1.0    Authenticator  Held            00:1c:58:af:00:02    001c58af0002

{master:0}
netops@KNOX-C01-AS-01> show ethernet-switching table

MAC flags (S - static MAC, D - dynamic MAC, L - locally learned, P - Persistent static
           SE - statistics enabled, NM - non configured MAC, R - remote PE MAC, O - ovsdb MAC)


Ethernet switching table : 4 entries, 4 learned
Routing instance : default-switch
   Vlan                MAC                 MAC         Age    Logical                NH        RTR
   name                address             flags              interface              Index     ID
   DATA                00:1c:58:af:00:01   D             -   ge-0/0/0.0             0         0
   DATA                00:1c:58:af:00:01   D             -   ge-0/0/0.0             0         0
   DATA                01:00:5e:00:00:fb   D             -   ge-0/0/0.0             0         0
   DATA                f4:b5:2f:aa:00:01   D             -   ae0.0                  0         0

{master:0}
netops@KNOX-C01-AS-01> show spanning-tree interface

Spanning tree interface parameters for instance 0

Interface                  Port ID    Designated         Designated         Port    State  Role
                                       port ID           bridge ID          Cost
ge-0/0/0                     128:1      128:1   32768.f4b52f8f3c01      20000  FWD    DESG
ae0                          128:1      128:1    4096.f4b52faa0000      10000  FWD    ROOT

{master:0}
netops@KNOX-C01-AS-01> show spanning-tree bridge
STP bridge parameters
Routing instance name               : GLOBAL
Context ID                          : 0
Enabled protocol                    : RSTP
  Root ID                           : 4096.f4:b5:2f:aa:00:00
  Root cost                         : 10000
  Root port                         : ae0
"#;

fn device() -> Device {
    let text = DeviceText::new(TRANSCRIPT.lines().collect());
    parse(&text, "KNOX-C01-AS-01")
}

#[test]
fn device_fields() {
    let d = device();
    assert_eq!(d.vendor, Some(Vendor::Juniper));
    assert_eq!(d.site, "KNOX");
    assert_eq!(d.model.as_deref(), Some("ex4300-48p"));
    assert_eq!(d.version.as_deref(), Some("21.4R3-S4.9"));
    assert_eq!(d.serial.as_deref(), Some("PE3719110042"));
    assert_eq!(d.uptime.as_deref(), Some("8w1d 04:11"));
    assert_eq!(
        d.location.as_deref(),
        Some("Bldg_4_Floor_1_Room_C01_Rack_2")
    );
    assert_eq!(
        (
            d.building.as_deref(),
            d.floor.as_deref(),
            d.room.as_deref(),
            d.row.as_deref(),
            d.rack.as_deref()
        ),
        (Some("4"), Some("1"), Some("C01"), None, Some("2"))
    );
    assert_eq!(d.auth_default_vlan.as_deref(), Some("666"));
    assert_eq!(
        d.auth_block,
        ["set protocols dot1x authenticator authentication-profile-name DOT1X"]
    );
}

#[test]
fn ports_fold_units_and_join_config_sessions_and_macs() {
    let d = device();
    let names: Vec<_> = d.ports.iter().map(|p| p.port.as_str()).collect();
    assert_eq!(
        names,
        [
            "ge-0/0/0",
            "ge-0/0/1",
            "ge-0/0/2",
            "ge-0/0/3",
            "ge-0/0/47",
            "xe-0/2/0",
            "ae0"
        ]
    );

    let p0 = &d.ports[0];
    assert_eq!(p0.name.as_deref(), Some("C01-101 desk"));
    assert_eq!(p0.status.as_deref(), Some("up"));
    assert_eq!((p0.mode, p0.vlan), (Some(PortMode::Access), Some(10)));
    assert_eq!(p0.learned_macs, ["00:1c:58:af:00:01"]);
    assert_eq!(p0.auth_template, Some(AuthTemplate::Flexible));
    assert_eq!(p0.auth_state, Some(AuthState::Authorized));
    assert_eq!(p0.auth_mode.as_deref(), Some("dot1x"));
    assert_eq!(p0.auth_client_mac.as_deref(), Some("00:1c:58:af:00:01"));
    assert!(p0.missing_auth_cmds.is_empty());
    assert!(p0
        .config
        .as_deref()
        .unwrap()
        .starts_with("ge-0/0/0 {\n    description \"C01-101 desk\";\n"));
    assert_eq!(
        (
            p0.duplex.as_deref(),
            p0.speed.as_deref(),
            p0.port_type.as_deref()
        ),
        (None, None, None)
    );

    let p1 = &d.ports[1];
    assert_eq!(p1.name, None);
    assert_eq!((p1.mode, p1.vlan), (Some(PortMode::Access), Some(20)));
    assert_eq!(p1.auth_template, Some(AuthTemplate::Macauth));
    assert_eq!(p1.auth_state, Some(AuthState::Unauthorized));
    assert_eq!(p1.auth_mode.as_deref(), Some("mab"));

    let p2 = &d.ports[2];
    assert_eq!(p2.status.as_deref(), Some("disabled"));
    // No vlan members and no `default` VLAN id in the configuration.
    assert_eq!((p2.mode, p2.vlan), (Some(PortMode::Access), None));
    assert_eq!(p2.auth_template, Some(AuthTemplate::Open));

    let p3 = &d.ports[3];
    assert_eq!(p3.status.as_deref(), Some("down"));
    assert_eq!(
        (p3.mode, p3.config.as_deref(), p3.auth_template),
        (None, None, None)
    );

    let member = &d.ports[4];
    assert_eq!(
        (member.mode, member.auth_template),
        (None, Some(AuthTemplate::Open))
    );

    let ae = &d.ports[6];
    assert_eq!(ae.name.as_deref(), Some("Uplink to KNOX-C01-DS-01"));
    assert_eq!((ae.mode, ae.vlan), (Some(PortMode::Trunk), None));
    assert_eq!(ae.learned_macs, ["f4:b5:2f:aa:00:01"]);
}

#[test]
fn spanning_tree_is_attached() {
    let d = device();
    assert_eq!(d.spanning_tree.len(), 1);
    let st = &d.spanning_tree[0];
    assert_eq!(st.vlan, "instance 0");
    assert_eq!(st.protocol.as_deref(), Some("rstp"));
    assert_eq!(st.root_switch.as_deref(), Some("f4:b5:2f:aa:00:00"));
    assert_eq!(st.root_port.as_deref(), Some("ae0"));
    assert_eq!(st.root_cost, Some(10000));
    assert_eq!(
        st.ports[1],
        SpanPort {
            port: "ae0".into(),
            role: "ROOT".into(),
            state: "FWD".into(),
            cost: Some(10000)
        }
    );
}

#[test]
fn display_set_is_the_fallback_configuration() {
    let text = DeviceText::new(
        "sw> show configuration | display set | no-more
set interfaces ge-0/0/0 description desk
set interfaces ge-0/0/0 unit 0 family ethernet-switching vlan members 30
set vlans default vlan-id 1
set interfaces ge-0/0/3 unit 0 family ethernet-switching
sw> show interfaces terse
ge-0/0/0                up    up
ge-0/0/3                up    up
ge-0/0/4                up    up
ge-0/0/4.0              up    up   inet     10.0.0.1/31
sw>"
        .lines()
        .collect(),
    );
    let d = parse(&text, "sw");
    assert_eq!(d.ports.len(), 3);
    assert_eq!(d.ports[0].name.as_deref(), Some("desk"));
    assert_eq!(d.ports[0].vlan, Some(30));
    assert_eq!(
        d.ports[0].config.as_deref(),
        Some("set interfaces ge-0/0/0 description desk\nset interfaces ge-0/0/0 unit 0 family ethernet-switching vlan members 30")
    );
    // An access port without members is in the default VLAN.
    assert_eq!(d.ports[1].vlan, Some(1));
    // No configuration for the port: the terse family says routed.
    assert_eq!(d.ports[2].mode, Some(PortMode::Routed));
    assert_eq!(d.ports[2].auth_template, None);
}

#[test]
fn legacy_ex_software() {
    // Non-ELS EX: port-mode, VLAN membership listed under the VLAN, the old
    // MAC table layout and the bare show version.
    let text = DeviceText::new(
        "admin@EX2200-OLD> show version
Hostname: EX2200-OLD
Model: ex2200-24p-4g
JUNOS Base OS boot [12.3R12.4]
JUNOS EX  Software Suite [12.3R12.4]
admin@EX2200-OLD> show configuration
interfaces {
    ge-0/0/7 {
        unit 0 {
            family ethernet-switching {
                port-mode access;
            }
        }
    }
    ge-0/0/23 {
        unit 0 {
            family ethernet-switching {
                port-mode trunk;
                vlan {
                    members all;
                }
            }
        }
    }
}
vlans {
    VOICE {
        vlan-id 20;
        interface {
            ge-0/0/7.0;
        }
    }
}
admin@EX2200-OLD> show interfaces terse
ge-0/0/7                up    up
ge-0/0/7.0              up    up   eth-switch
ge-0/0/23               up    up
ge-0/0/23.0             up    up   eth-switch
admin@EX2200-OLD> show ethernet-switching table
Ethernet-switching table: 3 entries, 1 learned, 0 persistent entries
  VLAN              MAC address       Type         Age Interfaces
  VOICE             *                 Flood          - All-members
  VOICE             00:1b:54:c2:00:07 Learn       1:05 ge-0/0/7.0
  VOICE             00:1b:54:c2:00:aa Static         - Router
admin@EX2200-OLD>"
            .lines()
            .collect(),
    );
    let d = parse(&text, "EX2200-OLD");
    assert_eq!(d.model.as_deref(), Some("ex2200-24p-4g"));
    assert_eq!(d.version.as_deref(), Some("12.3R12.4"));
    assert_eq!(
        (d.ports[0].mode, d.ports[0].vlan),
        (Some(PortMode::Access), Some(20))
    );
    assert_eq!(d.ports[0].learned_macs, ["00:1b:54:c2:00:07"]);
    assert_eq!(
        (d.ports[1].mode, d.ports[1].vlan),
        (Some(PortMode::Trunk), None)
    );
    assert!(d.ports[1].learned_macs.is_empty());
}

#[test]
fn missing_blocks_give_none() {
    let d = parse(&DeviceText::new(vec![]), "");
    assert_eq!(d.vendor, Some(Vendor::Juniper));
    assert_eq!(d.site, "Unknown");
    assert_eq!(
        (d.model, d.version, d.serial, d.uptime, d.location),
        (None, None, None, None, None)
    );
    assert!(d.ports.is_empty() && d.spanning_tree.is_empty() && d.auth_block.is_empty());
    assert_eq!(d.auth_default_vlan, None);
}

/// Lines that look like the real thing, so generated input reaches deep
/// into the parsers.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Interface               Admin Link Proto    Local                 Remote".to_string()),
        Just("ge-0/0/0                up    up".to_string()),
        Just("ge-0/0/0.0              up    up   aenet    --> ae0.0".to_string()),
        Just("interfaces {".to_string()),
        Just("    ge-0/0/0 {".to_string()),
        Just("    interface-range R {".to_string()),
        Just("        member-range ge-0/0/0 to ge-0/0/9;".to_string()),
        Just("        unit 0 { family ethernet-switching { interface-mode access; vlan { members [ A 10 ]; } } }".to_string()),
        Just("}".to_string()),
        Just("set protocols dot1x authenticator interface ge-0/0/0.0 mac-radius restrict".to_string()),
        Just("set vlans A vlan-id 10".to_string()),
        Just("deactivate interfaces".to_string()),
        Just("inactive: ge-0/0/1 {".to_string()),
        Just("/* note".to_string()),
        Just("description \"unterminated".to_string()),
        Just("Spanning tree interface parameters for instance 0".to_string()),
        Just("STP bridge parameters for MSTI 1".to_string()),
        Just("  Root ID : 4096.00:11:22:33:44:55".to_string()),
        Just("ge-0/0/0.0    Authenticator  Held  00:1c:58:af:00:02  x".to_string()),
        Just("   DATA  00:1c:58:af:00:01   D   -   ge-0/0/0.0   0  0".to_string()),
        Just("Chassis                                PE3719110042      EX4300-48P".to_string()),
        Just("Item             Version  Part number  Serial number     Description".to_string()),
        Just("System booted: x (1w ago)".to_string()),
        Just("Junos: 21.4R3".to_string()),
        "[ A-Za-z0-9/.:,()<=>*#;{}\\[\\]\"-]{0,60}",
        "(ge-0/0/[0-9]|ae0|00:11:22:33:44:55|up|down|\\{|\\}|;|\"|FWD|DESG|[ ]{1,12}){0,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic(lines in prop::collection::vec(fragment(), 0..40)) {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let _ = parse_version(&refs);
        let _ = parse_chassis_serial(&refs);
        let _ = parse_uptime(&refs);
        let rows = parse_interfaces_terse(&refs);
        let _ = fold_ports(&rows);
        let cfg = parse_configuration(&refs);
        for i in cfg.interfaces.iter().chain(&cfg.ranges) {
            let _ = i.text();
            let _ = i.mode();
            let _ = cfg.range_of(i.name);
            let _ = cfg.dot1x_for(i.name, i.mode());
        }
        for d in parse_dot1x_interface(&refs) {
            let _ = (d.auth_state(), d.method(), d.port());
        }
        for m in parse_ethernet_switching_table(&refs) {
            let _ = m.port();
        }
        let mut st = parse_spanning_tree_interface(&refs);
        merge_bridge(&mut st, &parse_spanning_tree_bridge(&refs));
    }

    #[test]
    fn whole_device_never_panics(lines in prop::collection::vec(fragment(), 0..60)) {
        let mut text = String::from("sw> show version\n");
        let commands = [
            "sw> show configuration",
            "sw> show interfaces terse",
            "sw> show ethernet-switching table",
            "sw> show dot1x interface",
            "sw> show spanning-tree interface",
            "sw> show spanning-tree bridge",
            "sw> show configuration | display set",
        ];
        for (i, l) in lines.iter().enumerate() {
            if i % 8 == 7 {
                text.push_str(commands[(i / 8) % commands.len()]);
                text.push('\n');
            }
            text.push_str(l);
            text.push('\n');
        }
        let dt = DeviceText::new(text.lines().collect());
        let d = parse(&dt, "sw");
        prop_assert_eq!(d.vendor, Some(Vendor::Juniper));
    }
}
