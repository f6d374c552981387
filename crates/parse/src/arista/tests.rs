//! Assembly tests over a whole EOS transcript, and no-panic property tests.

use super::*;
use proptest::prelude::*;
use statetrace_model::{AuthState, AuthTemplate};

const TRANSCRIPT: &str = "\
ATL-R12-LF-01#show version | no-more
Arista DCS-7050SX3-48YC8-R
Hardware version: 11.02
Serial number: JPE20501234
Hardware MAC address: 444c.a8b1.2c3d
System MAC address: 444c.a8b1.2c3d

Software image version: 4.28.3M
Architecture: x86_64
Internal build version: 4.28.3M-28837868.4283M

Uptime: 12 weeks, 3 days, 4 hours and 22 minutes
Total memory: 8098984 kB
Free memory: 5532432 kB

ATL-R12-LF-01#show running-config | no-more
! Command: show running-config
! device: ATL-R12-LF-01 (DCS-7050SX3-48YC8-R, EOS-4.28.3M)
!
hostname ATL-R12-LF-01
!
aaa authentication dot1x default group ISE
dot1x system-auth-control
!
interface Ethernet1
   description Lab PC
   switchport access vlan 10
   dot1x pae authenticator
   dot1x port-control auto
   dot1x mac based authentication
   dot1x timeout tx-period 5
!
interface Ethernet2
   switchport access vlan 20
   dot1x pae authenticator
   dot1x port-control auto
!
interface Ethernet3
   switchport mode trunk
!
interface Ethernet49/1
   description to spine
   channel-group 1 mode active
!
interface Management1
   ip address 10.0.0.5/24
!
interface Port-Channel1
   switchport mode trunk
!
snmp-server location Bldg_7_Floor_1_Rack_12
!
end
ATL-R12-LF-01#show interfaces status
Port       Name        Status       Vlan     Duplex Speed  Type            Flags Encapsulation
Et1        Old name    connected    10       full   25G    25GBASE-CR                         
Et2                    connected    20       full   25G    25GBASE-CR                         
Et3                    notconnect   1        full   25G    Not Present                        
Et4        routed x    connected    routed   full   25G    25GBASE-SR                         
Et49/1     spine       connected    in Po1   full   100G   100GBASE-SR4                       
Ma1                    connected    routed   a-full a-1G   10/100/1000                        
Po1        spine       connected    trunk    full   100G   N/A                                

ATL-R12-LF-01#show mac address-table | no-more
          Mac Address Table
------------------------------------------------------------------

Vlan    Mac Address       Type        Ports      Moves   Last Move
----    -----------       ----        -----      -----   ---------
  10    444C.A8B1.2C3D    STATIC      Cpu
  10    0050.5601.0001    DYNAMIC     Et1        1       0:02:11 ago
  10    0050.5601.0002    DYNAMIC     Et1        1       0:02:10 ago
  10    0050.5601.0001    DYNAMIC     Et1        1       0:02:09 ago
  20    0050.5601.0003    DYNAMIC     Et2        1       0:01:00 ago
  20    0100.5e00.0001    STATIC      Et2
  30    0050.5601.0004    DYNAMIC     Po1        3       2 days, 1:00:00 ago
  30    zzzz.5601.0005    DYNAMIC     Po1        1       0:00:01 ago
Total Mac Addresses for this criterion: 7

          Multicast Mac Address Table
------------------------------------------------------------------

Vlan    Mac Address       Type        Ports
----    -----------       ----        -----
  10    0050.5601.0099    STATIC      Et1 Et2
Total Mac Addresses for this criterion: 1

ATL-R12-LF-01#show dot1x hosts | no-more
Port       Supplicant MAC    Auth            State             Fallback   VLAN
---------- ----------------- --------------- ----------------- ---------- ------
Et1        0050.5601.0002    MAC-BASED-AUTH  FAILED            NONE
Et1        0050.5601.0001    EAPOL           SUCCESS           NONE
Et2        0050.5601.0003    EAPOL           AUTHENTICATING    NONE

ATL-R12-LF-01#show spanning-tree | no-more
MST0
  Spanning tree enabled protocol mstp
  Root ID    Priority    4096
             Address     2cc2.6056.df93
             Cost        0 (Ext) 1999 (Int)
             Port        2001 (Port-Channel1)
             Hello Time  2.000 sec  Max Age 20 sec  Forward Delay 15 sec

  Bridge ID  Priority    32768  (priority 32768 sys-id-ext 0)
             Address     444c.a8b1.2c3d
             Hello Time  2.000 sec  Max Age 20 sec  Forward Delay 15 sec

Interface        Role       State      Cost      Prio.Nbr Type
---------------- ---------- ---------- --------- -------- --------------------
Et1              designated forwarding 800       128.1    P2p Edge
Po1              root       forwarding 1999      128.2001 P2p

ATL-R12-LF-01#
";

fn device() -> Device {
    let text = DeviceText::new(TRANSCRIPT.lines().collect());
    parse(&text, "ATL-R12-LF-01")
}

#[test]
fn device_fields() {
    let d = device();
    assert_eq!(
        (d.hostname.as_str(), d.site.as_str()),
        ("ATL-R12-LF-01", "ATL")
    );
    assert_eq!(d.vendor, Some(Vendor::Arista));
    assert_eq!(d.model.as_deref(), Some("DCS-7050SX3-48YC8-R"));
    assert_eq!(d.version.as_deref(), Some("4.28.3M"));
    assert_eq!(d.serial.as_deref(), Some("JPE20501234"));
    assert_eq!(
        d.uptime.as_deref(),
        Some("12 weeks, 3 days, 4 hours and 22 minutes")
    );
    assert_eq!(d.location.as_deref(), Some("Bldg_7_Floor_1_Rack_12"));
    assert_eq!(
        (
            d.building.as_deref(),
            d.floor.as_deref(),
            d.room.as_deref(),
            d.rack.as_deref()
        ),
        (Some("7"), Some("1"), None, Some("12"))
    );
    assert_eq!(d.auth_default_vlan, None);
    assert_eq!(
        d.auth_block,
        [
            "aaa authentication dot1x default group ISE",
            "dot1x system-auth-control"
        ]
    );
}

#[test]
fn ports_in_table_order_with_joined_facts() {
    let d = device();
    let names: Vec<_> = d.ports.iter().map(|p| p.port.as_str()).collect();
    assert_eq!(names, ["Et1", "Et2", "Et3", "Et4", "Et49/1", "Ma1", "Po1"]);

    let et1 = &d.ports[0];
    assert_eq!(et1.name.as_deref(), Some("Lab PC"));
    assert_eq!((et1.vlan, et1.mode), (Some(10), Some(PortMode::Access)));
    assert_eq!(
        (
            et1.duplex.as_deref(),
            et1.speed.as_deref(),
            et1.port_type.as_deref()
        ),
        (Some("full"), Some("25G"), Some("25GBASE-CR"))
    );
    // Duplicates and the multicast table's row are left out.
    assert_eq!(et1.learned_macs, ["0050.5601.0001", "0050.5601.0002"]);
    assert_eq!(et1.auth_template, Some(AuthTemplate::Flexible));
    assert_eq!(et1.missing_auth_cmds, ["dot1x timeout quiet-period 90"]);
    // The authorised host describes the port, not the failed one listed first.
    assert_eq!(et1.auth_state, Some(AuthState::Authorized));
    assert_eq!(et1.auth_mode.as_deref(), Some("dot1x"));
    assert_eq!(et1.auth_client_mac.as_deref(), Some("0050.5601.0001"));
    assert!(et1
        .config
        .as_deref()
        .unwrap()
        .starts_with("interface Ethernet1\n   description Lab PC\n"));

    let et2 = &d.ports[1];
    assert_eq!(et2.name, None);
    // The group address in the unicast table is not a learned endpoint.
    assert_eq!(et2.learned_macs, ["0050.5601.0003"]);
    assert_eq!(et2.auth_template, Some(AuthTemplate::Dot1x));
    assert_eq!(et2.auth_state, Some(AuthState::Unknown));

    let et3 = &d.ports[2];
    assert_eq!((et3.vlan, et3.mode), (None, Some(PortMode::Trunk)));
    assert_eq!(et3.port_type.as_deref(), Some("Not Present"));
    assert_eq!(et3.auth_template, Some(AuthTemplate::Open));
    assert_eq!(et3.auth_state, None);

    let et4 = &d.ports[3];
    assert_eq!((et4.vlan, et4.mode), (None, Some(PortMode::Routed)));
    assert_eq!(et4.name.as_deref(), Some("routed x"));
    assert_eq!((et4.config.as_deref(), et4.auth_template), (None, None));

    // A port-channel member carries what its channel carries.
    let member = &d.ports[4];
    assert_eq!((member.vlan, member.mode), (None, Some(PortMode::Trunk)));
    assert_eq!(member.name.as_deref(), Some("to spine"));

    let ma1 = &d.ports[5];
    assert_eq!(ma1.mode, Some(PortMode::Routed));
    assert_eq!(
        ma1.config.as_deref(),
        Some("interface Management1\n   ip address 10.0.0.5/24")
    );

    let po = &d.ports[6];
    assert_eq!((po.vlan, po.mode), (None, Some(PortMode::Trunk)));
    assert_eq!(po.port_type.as_deref(), Some("N/A"));
    // `zzzz.5601.0005` is not a MAC address.
    assert_eq!(po.learned_macs, ["0050.5601.0004"]);
}

#[test]
fn spanning_tree_is_attached() {
    let d = device();
    assert_eq!(d.spanning_tree.len(), 1);
    let st = &d.spanning_tree[0];
    assert_eq!(st.vlan, "MST0");
    assert_eq!(st.root_port.as_deref(), Some("Po1"));
    assert_eq!(st.root_cost, Some(1999));
    assert_eq!(st.root_switch.as_deref(), Some("2cc2.6056.df93"));
    assert_eq!(st.ports.len(), 2);
}

#[test]
fn member_of_an_unlisted_channel_uses_its_configuration() {
    let text = DeviceText::new(
        "sw#show running-config\n\
interface Port-Channel7\n   no switchport\n!\n\
interface Port-Channel8\n   switchport access vlan 5\n!\n\
sw#show interfaces status\n\
Port       Name   Status       Vlan     Duplex Speed  Type\n\
Et1               connected    in Po7   full   10G    10GBASE-SR\n\
Et2               connected    in Po8   full   10G    10GBASE-SR\n\
Et3               connected    in Po9   full   10G    10GBASE-SR\n\
Et4               connected    N/A      full   10G    10GBASE-SR\n"
            .lines()
            .collect(),
    );
    let d = parse(&text, "sw");
    let modes: Vec<_> = d.ports.iter().map(|p| (p.mode, p.vlan)).collect();
    assert_eq!(
        modes,
        [
            (Some(PortMode::Routed), None),
            (None, None),
            (None, None),
            (None, None)
        ]
    );
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
    let empty = parse(&DeviceText::new(vec![]), "");
    assert_eq!(empty.vendor, Some(Vendor::Arista));
}

/// Lines that look like the real thing, so generated input reaches deep
/// into the parsers instead of stopping at the first header check.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Port       Name   Status       Vlan     Duplex Speed  Type            Flags Encapsulation".to_string()),
        Just("Vlan    Mac Address       Type        Ports      Moves   Last Move".to_string()),
        Just("          Multicast Mac Address Table".to_string()),
        Just("Port       Supplicant MAC    Auth            State             Fallback   VLAN".to_string()),
        Just("Interface        Role       State      Cost      Prio.Nbr Type".to_string()),
        Just("VLAN  Name                             Status    Ports".to_string()),
        Just("interface Ethernet1".to_string()),
        Just("interface Port-Channel1".to_string()),
        Just("   dot1x pae authenticator".to_string()),
        Just("   dot1x mac based authentication".to_string()),
        Just("   dot1x authentication failure action traffic allow vlan".to_string()),
        Just("dot1x".to_string()),
        Just("MST0".to_string()),
        Just("VL10".to_string()),
        Just("  Root ID    Priority    4096".to_string()),
        Just("             Cost        0 (Ext) 199 (Int)".to_string()),
        Just("             Port        2001 (".to_string()),
        Just("Arista DCS-7050SX3-48YC8".to_string()),
        Just("Software image version:".to_string()),
        Just("Uptime:".to_string()),
        "[ A-Za-z0-9/.:,()*#-]{0,60}",
        "(Et[0-9]|Et49/1|Po1|Ma1|in|0050\\.5601\\.0001|zz\\.zz|connected|notconnect|trunk|routed|10|EAPOL|SUCCESS|ago|[ ]{1,12}){0,14}",
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
        let _ = parse_dot1x_hosts(&refs);
        let cfg = parse_running_config(&refs);
        for i in &cfg.interfaces {
            let _ = assess_auth(i);
            let _ = i.text();
        }
        let _ = parse_spanning_tree(&refs);
        let _ = parse_vlans(&refs);
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
            "sw#show dot1x hosts",
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
        prop_assert_eq!(d.vendor, Some(Vendor::Arista));
    }

    #[test]
    fn port_keys_never_panic(s in any::<String>()) {
        let key = port_key(&s);
        prop_assert!(!key.contains(char::is_whitespace) || s.trim().contains(char::is_whitespace));
        let _ = is_mac_shaped(&s);
    }
}
