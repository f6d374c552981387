//! Assembly tests over a whole transcript, and no-panic property tests.

use super::*;
use proptest::prelude::*;
use statetrace_model::{AuthState, AuthTemplate, SpanInstance};

const TRANSCRIPT: &str = "\
WLLS-A01-AS-01#show version
Cisco IOS XE Software, Version 17.03.03
Cisco IOS Software [Amsterdam], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.3.3, RELEASE SOFTWARE (fc7)
WLLS-A01-AS-01 uptime is 2 weeks, 4 days, 6 hours, 18 minutes
cisco C9300-48P (X86) processor with 1419044K/6147K bytes of memory.
Processor board ID FOC2222X0AB
Model Number                       : C9300-48P
System Serial Number               : FOC2222X0AB

Switch Ports Model              SW Version        SW Image              Mode
------ ----- -----              ----------        ----------            ----
*    1 62    C9300-48P          17.03.03          CAT9K_IOSXE           INSTALL
WLLS-A01-AS-01#show running-config
Building configuration...
!
hostname WLLS-A01-AS-01
!
aaa new-model
aaa authentication dot1x default group radius
dot1x system-auth-control
!
interface GigabitEthernet1/0/1
 description Users1
 switchport access vlan 10
 switchport mode access
 authentication event fail action next-method
 authentication order mab dot1x
 authentication priority dot1x mab
 authentication port-control auto
 mab
 dot1x pae authenticator
 dot1x timeout tx-period 5
 dot1x guest-vlan 999
!
interface GigabitEthernet1/0/2
 switchport access vlan 20
 mab
!
interface GigabitEthernet1/0/3
 switchport mode trunk
!
interface TwoGigabitEthernet1/0/4
 description Printer
!
interface Port-channel1
 switchport mode trunk
!
interface Vlan1
 ip address 10.1.1.2 255.255.255.0
!
snmp-server location Bldg_21_Floor_2_Room_101_Row_1_Rack_1
end

WLLS-A01-AS-01#show interfaces status

Port         Name               Status       Vlan       Duplex  Speed Type
Gi1/0/1      <== Disabled ==>   connected    10         a-full a-1000 10/100/1000BaseTX
Gi1/0/2      Phone              connected    20         a-full  a-100 10/100/1000BaseTX
Gi1/0/3                         notconnect   1            auto   auto 10/100/1000BaseTX
Tw1/0/4      Printer old        connected    30         a-full a-2500 100/1000/2.5GBaseTX
Gi1/0/5                         connected    routed     a-full a-1000 10/100/1000BaseTX
Po1          Uplink             connected    trunk      a-full  a-10G
WLLS-A01-AS-01#show mac address-table dynamic
          Mac Address Table
-------------------------------------------

Vlan    Mac Address       Type        Ports
----    -----------       --------    -----
 All    0100.0ccc.cccc    STATIC      CPU
  10    001C.58AF.0001    DYNAMIC     Gi1/0/1
  20    001c.58af.0002    DYNAMIC     Gi1/0/2
  20    001c.58af.0003    DYNAMIC     Gi1/0/2
  10    001c.58af.0001    DYNAMIC     Gi1/0/1
  99    001c.58af.0009    DYNAMIC     Gi9/0/9
   1    5254.001b.1c58    STATIC      Vl1
Total Mac Addresses for this criterion: 6
WLLS-A01-AS-01#show authentication sessions

Interface    MAC Address    Method  Domain  Status Fg Session ID
Gi1/0/2      001c.58af.0003 mab     VOICE   Auth      0A0A1DFE00000FBD000101FF
Gi1/0/2      001c.58af.0002 dot1x   DATA    Unauth    0A0A1DFE00000FB3000101FF
Gi1/0/1      001C.58AF.0001 N/A     UNKNOWN Running   0A0A1DFE00000FB2000101FF

Session count = 3
WLLS-A01-AS-01#show spanning-tree

VLAN0010
  Spanning tree enabled protocol rstp
  Root ID    Priority    24586
             Address     0019.e8a5.4a00
             Cost        4
             Port        1665 (Port-channel1)

Interface           Role Sts Cost      Prio.Nbr Type
------------------- ---- --- --------- -------- --------------------------------
Gi1/0/1             Desg FWD 4         128.1    P2p Edge
Po1                 Root FWD 3         128.1665 P2p
WLLS-A01-AS-01#
";

fn device() -> Device {
    let text = DeviceText::new(TRANSCRIPT.lines().collect());
    parse(&text, "WLLS-A01-AS-01")
}

#[test]
fn device_fields() {
    let d = device();
    assert_eq!(d.hostname, "WLLS-A01-AS-01");
    assert_eq!(d.site, "WLLS");
    assert_eq!(d.vendor, Some(Vendor::Cisco));
    assert_eq!(d.model.as_deref(), Some("C9300-48P"));
    assert_eq!(d.version.as_deref(), Some("17.03.03"));
    assert_eq!(d.serial.as_deref(), Some("FOC2222X0AB"));
    assert_eq!(
        d.uptime.as_deref(),
        Some("2 weeks, 4 days, 6 hours, 18 minutes")
    );
    assert_eq!(
        d.location.as_deref(),
        Some("Bldg_21_Floor_2_Room_101_Row_1_Rack_1")
    );
    assert_eq!(
        (
            d.building.as_deref(),
            d.floor.as_deref(),
            d.room.as_deref(),
            d.row.as_deref(),
            d.rack.as_deref()
        ),
        (Some("21"), Some("2"), Some("101"), Some("1"), Some("1"))
    );
    assert_eq!(d.auth_default_vlan.as_deref(), Some("999"));
    assert_eq!(
        d.auth_block,
        [
            "aaa new-model",
            "aaa authentication dot1x default group radius",
            "dot1x system-auth-control"
        ]
    );
}

#[test]
fn ports_in_table_order_with_joined_facts() {
    let d = device();
    let names: Vec<_> = d.ports.iter().map(|p| p.port.as_str()).collect();
    assert_eq!(
        names,
        ["Gi1/0/1", "Gi1/0/2", "Gi1/0/3", "Tw1/0/4", "Gi1/0/5", "Po1"]
    );

    let p1 = &d.ports[0];
    assert_eq!(p1.name.as_deref(), Some("Users1"));
    assert_eq!(p1.status.as_deref(), Some("connected"));
    assert_eq!((p1.vlan, p1.mode), (Some(10), Some(PortMode::Access)));
    assert_eq!(p1.duplex.as_deref(), Some("a-full"));
    assert_eq!(p1.speed.as_deref(), Some("a-1000"));
    assert_eq!(p1.port_type.as_deref(), Some("10/100/1000BaseTX"));
    assert_eq!(p1.learned_macs, ["001c.58af.0001"]);
    assert_eq!(p1.auth_template, Some(AuthTemplate::Flexible));
    assert_eq!(p1.missing_auth_cmds, ["dot1x timeout quiet-period 90"]);
    assert_eq!(p1.auth_state, Some(AuthState::Unknown));
    assert_eq!(p1.auth_mode, None);
    assert_eq!(p1.auth_client_mac.as_deref(), Some("001c.58af.0001"));
    assert!(p1
        .config
        .as_deref()
        .unwrap()
        .starts_with("interface GigabitEthernet1/0/1\n description Users1\n"));

    let p2 = &d.ports[1];
    assert_eq!(p2.name.as_deref(), Some("Phone"));
    assert_eq!(p2.learned_macs, ["001c.58af.0002", "001c.58af.0003"]);
    assert_eq!(p2.auth_template, Some(AuthTemplate::Macauth));
    assert!(p2.missing_auth_cmds.is_empty());
    // The DATA session wins over the VOICE one listed first.
    assert_eq!(p2.auth_state, Some(AuthState::Unauthorized));
    assert_eq!(p2.auth_mode.as_deref(), Some("dot1x"));
    assert_eq!(p2.auth_client_mac.as_deref(), Some("001c.58af.0002"));

    let p3 = &d.ports[2];
    assert_eq!(p3.name, None);
    assert_eq!((p3.vlan, p3.mode), (None, Some(PortMode::Trunk)));
    assert_eq!(p3.auth_template, Some(AuthTemplate::Open));
    assert_eq!(p3.auth_state, None);

    let p4 = &d.ports[3];
    assert_eq!(p4.name.as_deref(), Some("Printer"));
    assert_eq!(
        p4.config.as_deref(),
        Some("interface TwoGigabitEthernet1/0/4\n description Printer")
    );

    let p5 = &d.ports[4];
    assert_eq!((p5.vlan, p5.mode), (None, Some(PortMode::Routed)));
    assert_eq!((p5.config.as_deref(), p5.auth_template), (None, None));

    let po = &d.ports[5];
    assert_eq!(
        (po.vlan, po.mode, po.port_type.as_deref()),
        (None, Some(PortMode::Trunk), None)
    );
    assert_eq!(po.name.as_deref(), Some("Uplink"));
    assert_eq!(po.auth_template, Some(AuthTemplate::Open));
}

#[test]
fn spanning_tree_is_attached() {
    let d = device();
    assert_eq!(d.spanning_tree.len(), 1);
    let st: &SpanInstance = &d.spanning_tree[0];
    assert_eq!(st.root_port.as_deref(), Some("Po1"));
    assert_eq!(st.ports.len(), 2);
}

#[test]
fn startup_config_is_a_fallback_and_missing_blocks_give_none() {
    let text = DeviceText::new(
        "sw1#show startup-config\nsnmp-server location Lab Rack A\nsw1#show version\nnothing useful\nsw1#"
            .lines()
            .collect(),
    );
    let d = parse(&text, "sw1");
    assert_eq!(d.location.as_deref(), Some("Lab Rack A"));
    assert_eq!(d.building, None);
    assert_eq!(
        (d.model, d.version, d.serial, d.uptime),
        (None, None, None, None)
    );
    assert!(d.ports.is_empty() && d.spanning_tree.is_empty() && d.auth_block.is_empty());
    assert_eq!(d.auth_default_vlan, None);

    let empty = parse(&DeviceText::new(vec![]), "");
    assert_eq!(empty.site, "Unknown");
    assert_eq!(empty.vendor, Some(Vendor::Cisco));
}

#[test]
fn config_mode_trunk_overrides_a_numeric_vlan_cell() {
    assert_eq!(port_mode("1", None), Some(PortMode::Access));
    assert_eq!(port_mode("unassigned", None), None);
    assert_eq!(port_mode("TRUNK", None), Some(PortMode::Trunk));
    let lines = ["interface Gi1/0/1", " no switchport"];
    let cfg = parse_running_config(&lines);
    assert_eq!(
        port_mode("1", cfg.interfaces.first()),
        Some(PortMode::Routed)
    );
}

#[test]
fn group_addresses_are_not_learned_macs() {
    let text = DeviceText::new(
        "sw#show interfaces status\n\
Port         Name               Status       Vlan       Duplex  Speed Type\n\
Gi1/0/1                         connected    10         a-full a-1000 10/100/1000BaseTX\n\
\n\
sw#show mac address-table\n\
          Mac Address Table\n\
-------------------------------------------\n\
\n\
Vlan    Mac Address       Type        Ports\n\
----    -----------       --------    -----\n\
  10    0100.5e00.0001    STATIC      Gi1/0/1\n\
  10    ffff.ffff.ffff    STATIC      Gi1/0/1\n\
  10    0050.5689.3a01    DYNAMIC     Gi1/0/1\n\
Total Mac Addresses for this criterion: 3\n\
sw#"
        .lines()
        .collect(),
    );
    let d = parse(&text, "sw");
    assert_eq!(d.ports[0].learned_macs, ["0050.5689.3a01"]);
}

/// Lines that look like the real thing, so generated input reaches deep
/// into the parsers instead of stopping at the first header check.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Port      Name               Status       Vlan       Duplex  Speed Type".to_string()),
        Just("Interface  MAC Address     Method   Domain   Status         Session ID".to_string()),
        Just("Interface           Role Sts Cost      Prio.Nbr Type".to_string()),
        Just("Vlan    Mac Address       Type        Ports".to_string()),
        Just("interface GigabitEthernet1/0/1".to_string()),
        Just("template T".to_string()),
        Just(" source template T".to_string()),
        Just("VLAN0010".to_string()),
        Just("##### MST0 vlans mapped: 1".to_string()),
        Just(" VLAN1 is executing the ieee compatible Spanning Tree protocol".to_string()),
        Just(" Port 13 (FastEthernet0/13) of VLAN1 is forwarding".to_string()),
        Just("   Port path cost".to_string()),
        Just("  Root ID    Priority".to_string()),
        Just("             Port        49 (".to_string()),
        Just("Root          address".to_string()),
        Just("              port".to_string()),
        Just("Model Number :".to_string()),
        Just("Cisco IOS Software, Version".to_string()),
        Just("Processor board ID".to_string()),
        Just(" authentication event fail action authorize vlan".to_string()),
        Just("Port      Name               Status       Reason".to_string()),
        Just("fc2/1 is up    Port mode is NP".to_string()),
        Just("fc2/5 is down (SFP not present)".to_string()),
        Just("      vlan   mac address    type   learn    age                 ports".to_string()),
        Just("Multicast Entries".to_string()),
        Just("VLAN Name                             Status    Ports".to_string()),
        Just("                                                Fa0/10, Fa0/11".to_string()),
        Just("Device ID: sw2(FOX1)".to_string()),
        Just("Entry address(es): ".to_string()),
        Just("  IP address: 10.1.1.2".to_string()),
        Just("Platform: Cisco ,  Capabilities: Router".to_string()),
        Just("Interface: Gi0/1,  Port ID (outgoing port): Gi0/2".to_string()),
        Just("Version :".to_string()),
        Just("            Interface:  GigabitEthernet1/0/21".to_string()),
        Just("Server Policies:".to_string()),
        Just("           Vlan Group:  Vlan: 1000".to_string()),
        Just("Method status list:".to_string()),
        Just("  Acct update timeout:  172800s (local), Remaining: 77097s".to_string()),
        Just("Switch 02".to_string()),
        Just("Switch Ports Model              SW Version".to_string()),
        Just("System image file is \"flash:".to_string()),
        Just("x Software (IMG), Version 1, RELEASE (".to_string()),
        Just("cisco X (".to_string()),
        "[ A-Za-z0-9/.:,()<=>*#-]{0,60}",
        "(Gi1/0/[0-9]|Po1|0011\\.2233\\.4455|connected|notconnect:|trunk|10|DATA|mab|Auth|BKN\\*|[ ]{1,12}){0,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic(lines in prop::collection::vec(fragment(), 0..40)) {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let _ = parse_version(&refs);
        let _ = parse_interfaces_status(&refs);
        for e in parse_mac_table(&refs) {
            let _ = e.ports().count();
        }
        let _ = parse_auth_sessions(&refs);
        let cfg = parse_running_config(&refs);
        for i in &cfg.interfaces {
            let _ = assess_auth(i, &cfg);
            let _ = i.text();
        }
        let _ = parse_spanning_tree(&refs);
        let _ = parse_status_lines(&refs);
        for r in parse_err_disabled(&refs) {
            let _ = (r.reason(), r.vlans());
        }
        let _ = parse_vlans(&refs);
        for n in parse_cdp_neighbors_detail(&refs) {
            let _ = (n.platform(), n.local_port(), n.software());
        }
        for d in parse_session_details(&refs) {
            let _ = d.acct_update_timeout.map(timeout_seconds);
        }
        for c in ntc::COMMANDS {
            let _ = (c.parse)(&refs);
        }
    }

    #[test]
    fn whole_device_never_panics(lines in prop::collection::vec(fragment(), 0..60)) {
        let mut text = String::from("sw#show version\n");
        let commands = [
            "sw#show running-config",
            "sw#show interfaces status",
            "sw#show mac address-table",
            "sw#show authentication sessions",
            "sw#show spanning-tree",
        ];
        for (i, l) in lines.iter().enumerate() {
            if i % 10 == 9 {
                text.push_str(commands[(i / 10) % commands.len()]);
                text.push('\n');
            }
            text.push_str(l);
            text.push('\n');
        }
        let dt = DeviceText::new(text.lines().collect());
        let d = parse(&dt, "sw");
        prop_assert_eq!(d.vendor, Some(Vendor::Cisco));
    }

    #[test]
    fn port_names_never_panic(s in any::<String>()) {
        let short = crate::port_name::short_name(&s);
        let _ = crate::port_name::long_name(&s);
        let _ = crate::port_name::sort_key(&s);
        prop_assert!(!short.contains(char::is_whitespace));
        prop_assert_eq!(crate::port_name::short_name(&short), short.clone());
    }
}
