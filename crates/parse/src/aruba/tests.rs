//! Assembly tests over whole AOS-S and AOS-CX transcripts, and no-panic
//! property tests.

use super::*;
use proptest::prelude::*;
use statetrace_model::{AuthState, AuthTemplate};

const AOS_S: &str = "\
LAB-2930F-AS-01# show system

 Status and Counters - General System Information

  System Name        : LAB-2930F-AS-01
  System Contact     :
  System Location    : Lab Rack A

  Software revision  : WC.16.10.0012        Base MAC Addr      : 9c8cd8-12ab40
  ROM Version        : WC.16.01.0008        Serial Number      : CN12KMP0ZQ

  Up Time            : 127 days             Memory   - Total   : 339,480,576

LAB-2930F-AS-01# show modules

 Status and Counters - Module Information

  Chassis: Aruba 2930F-24G-PoE+-4SFP+ JL255A         Serial Number:   CN12KMP0ZQ

LAB-2930F-AS-01# show interfaces brief

 Status and Counters - Port Status

                          | Intrusion                           MDI  Flow Bcast
  Port         Type       | Alert     Enabled Status Mode       Mode Ctrl Limit
  ------------ ---------- + --------- ------- ------ ---------- ---- ---- -----
  1            100/1000T  | No        Yes     Up     1000FDx    MDIX off  0
  2            100/1000T  | No        Yes     Up     100HDx     MDI  off  0
  3            100/1000T  | No        No      Down   1000FDx    Auto off  0
  25-Trk1      SFP+SR     | No        Yes     Up     10GigFD    NA   off  0
  26-Trk1      SFP+SR     | No        Yes     Up     10GigFD    NA   off  0
  27                      | No        Yes     Down   .               off  0

LAB-2930F-AS-01# show interfaces status

  Port     Name       Status  Config-mode   Speed    Type       Tagged Untagged
  -------- ---------- ------- ------------- -------- ---------- ------ --------
  1        Rm 101 ... Up      Auto          1000FDx  100/1000T  20     10
  2                   Up      Auto          100HDx   100/1000T  No     10
  3                   Down    Auto          1000FDx  100/1000T  No     1
  25-Trk1  Uplink     Up      Auto          10GigFD  SFP+SR     multi  1
  26-Trk1  Uplink     Up      Auto          10GigFD  SFP+SR     multi  1
  27                  Down                                      No     No

LAB-2930F-AS-01# show running-config

Running configuration:

; JL255A Configuration Editor; Created on release #WC.16.10.0012
; Ver #14:41.44.00.04.19.02.13.98.82.34.61.18.28.f3.84.9c.63.ff.37.27:02
hostname \"LAB-2930F-AS-01\"
trunk 25-26 trk1 lacp
snmp-server location \"Bldg_7_Floor_1_Room_B12\"
aaa authentication port-access eap-radius
aaa port-access authenticator 1-2
aaa port-access authenticator 1-2 unauth-vid 999
aaa port-access mac-based 2-3
interface 1
   name \"Rm 101 Desk\"
   exit
interface 3
   disable
   exit
vlan 1
   name \"DEFAULT_VLAN\"
   untagged 3
   no untagged 1-2,27
   tagged Trk1
   exit
vlan 10
   name \"USERS\"
   untagged 1-2
   tagged Trk1
   exit
vlan 20
   name \"VOICE\"
   tagged 1,Trk1
   voice
   exit
LAB-2930F-AS-01# show mac-address

 Status and Counters - Port Address Table

  MAC Address       Port                            VLAN
  ----------------- ------------------------------- ----
  3C5282-4A1B2C     1                               10
  3c5282-4a1b2c     1                               10
  01005e-000001     1                               10
  7cd30a-55e1f0     1                               20
  a0481c-77b300     2                               10
  00fd45-9a0b11     Trk1                            1

LAB-2930F-AS-01# show port-access authenticator clients

 Port Access Authenticator Client Status

  Port  Client Name  MAC Address   IP Address      Session Status
  ----- ------------ ------------- --------------- --------------
  1     jdoe         3c5282-4a1b2c 10.7.10.31      Authenticated
  2     a0481c77b300 a0481c-77b300 n/a             Connecting

LAB-2930F-AS-01# show port-access mac-based clients

 Port Access MAC-Based Client Status

  Port  Client Name  MAC Address   IP Address      Session Status
  ----- ------------ ------------- --------------- --------------
  1     7cd30a55e1f0 7cd30a-55e1f0 n/a             Authenticated
  2     a0481c77b300 a0481c-77b300 n/a             rejected-no-vlan

LAB-2930F-AS-01#
";

fn device(text: &str, host: &str) -> Device {
    let t = DeviceText::new(text.lines().collect());
    parse(&t, host)
}

#[test]
fn aos_s_device_fields() {
    let d = device(AOS_S, "LAB-2930F-AS-01");
    assert_eq!(
        (d.hostname.as_str(), d.site.as_str()),
        ("LAB-2930F-AS-01", "LAB")
    );
    assert_eq!(d.vendor, Some(Vendor::Aruba));
    assert_eq!(
        d.model.as_deref(),
        Some("Aruba JL255A 2930F-24G-PoE+-4SFP+")
    );
    assert_eq!(d.version.as_deref(), Some("WC.16.10.0012"));
    assert_eq!(d.serial.as_deref(), Some("CN12KMP0ZQ"));
    assert_eq!(d.uptime.as_deref(), Some("127 days"));
    // The configured location wins over `show system`'s.
    assert_eq!(d.location.as_deref(), Some("Bldg_7_Floor_1_Room_B12"));
    assert_eq!(
        (
            d.building.as_deref(),
            d.floor.as_deref(),
            d.room.as_deref(),
            d.rack.as_deref()
        ),
        (Some("7"), Some("1"), Some("B12"), None)
    );
    assert_eq!(d.auth_default_vlan.as_deref(), Some("999"));
    assert_eq!(d.auth_block.len(), 4);
    assert!(d.spanning_tree.is_empty());
}

#[test]
fn aos_s_ports() {
    let d = device(AOS_S, "LAB-2930F-AS-01");
    let names: Vec<_> = d.ports.iter().map(|p| p.port.as_str()).collect();
    assert_eq!(names, ["1", "2", "3", "25", "26", "27"]);

    let p1 = &d.ports[0];
    assert_eq!(p1.name.as_deref(), Some("Rm 101 Desk"));
    assert_eq!(p1.status.as_deref(), Some("Up"));
    // Untagged in USERS and tagged only in the voice VLAN: an access port
    // with a phone, not a trunk.
    assert_eq!((p1.mode, p1.vlan), (Some(PortMode::Access), Some(10)));
    assert_eq!(
        (p1.speed.as_deref(), p1.duplex.as_deref()),
        (Some("1000"), Some("full"))
    );
    assert_eq!(p1.port_type.as_deref(), Some("100/1000T"));
    assert_eq!(p1.learned_macs, ["3c5282-4a1b2c", "7cd30a-55e1f0"]);
    assert_eq!(p1.auth_template, Some(AuthTemplate::Dot1x));
    // The 802.1X client describes the port, not the phone's MAC session.
    assert_eq!(p1.auth_state, Some(AuthState::Authorized));
    assert_eq!(p1.auth_mode.as_deref(), Some("dot1x"));
    assert_eq!(p1.auth_client_mac.as_deref(), Some("3c5282-4a1b2c"));
    assert_eq!(
        p1.config.as_deref(),
        Some("interface 1\n   name \"Rm 101 Desk\"")
    );
    assert!(p1.missing_auth_cmds.is_empty());

    let p2 = &d.ports[1];
    assert_eq!(p2.name, None);
    assert_eq!((p2.mode, p2.vlan), (Some(PortMode::Access), Some(10)));
    assert_eq!(
        (p2.speed.as_deref(), p2.duplex.as_deref()),
        (Some("100"), Some("half"))
    );
    assert_eq!(p2.auth_template, Some(AuthTemplate::Flexible));
    assert_eq!(p2.auth_state, Some(AuthState::Unknown));
    assert_eq!(p2.auth_mode.as_deref(), Some("dot1x"));
    assert_eq!(p2.config, None);

    let p3 = &d.ports[2];
    assert_eq!((p3.mode, p3.vlan), (Some(PortMode::Access), Some(1)));
    assert_eq!(p3.auth_template, Some(AuthTemplate::Macauth));
    assert_eq!((p3.auth_state, p3.auth_mode.as_deref()), (None, None));
    assert_eq!(p3.config.as_deref(), Some("interface 3\n   disable"));

    // Trunk members take the trunk's VLANs; MACs on Trk1 name no member.
    let p25 = &d.ports[3];
    assert_eq!((p25.mode, p25.vlan), (Some(PortMode::Trunk), None));
    assert_eq!(p25.name.as_deref(), Some("Uplink"));
    assert_eq!(p25.port_type.as_deref(), Some("SFP+SR"));
    assert_eq!(p25.speed.as_deref(), Some("10Gig"));
    assert!(p25.learned_macs.is_empty());
    assert_eq!(p25.auth_template, Some(AuthTemplate::Open));

    let p27 = &d.ports[5];
    assert_eq!((p27.mode, p27.vlan), (None, None));
    assert_eq!(
        (&p27.speed, &p27.duplex, &p27.port_type),
        (&None, &None, &None)
    );
}

#[test]
fn aos_s_without_config_uses_status_membership() {
    let cut = AOS_S
        .split("LAB-2930F-AS-01# show running-config")
        .next()
        .unwrap();
    let d = device(cut, "LAB-2930F-AS-01");
    let got: Vec<_> = d.ports.iter().map(|p| (p.mode, p.vlan)).collect();
    assert_eq!(
        got,
        [
            (Some(PortMode::Trunk), None),
            (Some(PortMode::Access), Some(10)),
            (Some(PortMode::Access), Some(1)),
            (Some(PortMode::Trunk), None),
            (Some(PortMode::Trunk), None),
            (None, None),
        ]
    );
    assert!(d
        .ports
        .iter()
        .all(|p| p.auth_template.is_none() && p.config.is_none()));
    // The cut status-table name is the only one left.
    assert_eq!(d.ports[0].name.as_deref(), Some("Rm 101 ..."));
    assert_eq!(d.location.as_deref(), Some("Lab Rack A"));
    assert_eq!(d.auth_default_vlan, None);
}

#[test]
fn voice_vlans_from_show_vlans_keep_phone_ports_access() {
    let cut = AOS_S
        .split("LAB-2930F-AS-01# show running-config")
        .next()
        .unwrap();
    let with_vlans = format!(
        "{cut}LAB-2930F-AS-01# show vlans\n\
  VLAN ID Name                             | Status     Voice Jumbo\n\
  ------- -------------------------------- + ---------- ----- -----\n\
  1       DEFAULT_VLAN                     | Port-based No    No\n\
  20      VOICE                            | Port-based Yes   No\n"
    );
    let d = device(&with_vlans, "LAB-2930F-AS-01");
    assert_eq!(
        (d.ports[0].mode, d.ports[0].vlan),
        (Some(PortMode::Access), Some(10))
    );
    // `multi` may hide a data VLAN: still a trunk.
    assert_eq!(d.ports[3].mode, Some(PortMode::Trunk));
}

#[test]
fn model_from_the_login_banner() {
    let text = "Aruba JL256A 2930F-48G-PoE+-4SFP+ Switch\r\nSoftware revision WC.16.10.0012\r\n\r\nPress any key to continue\r\nsw# show version\r\nImage stamp:    /ws/swbuildm\r\n                WC.16.10.0012\r\n";
    let d = device(text, "sw");
    assert_eq!(
        d.model.as_deref(),
        Some("Aruba JL256A 2930F-48G-PoE+-4SFP+")
    );
    assert_eq!(d.version.as_deref(), Some("WC.16.10.0012"));
    // Output lines are not the banner.
    let d = device(
        "sw# show clock\nAruba JL256A 2930F-48G-PoE+-4SFP+ Switch\n",
        "sw",
    );
    assert_eq!(d.model, None);
}

#[test]
fn aos_s_status_table_alone_gives_the_ports() {
    let text = "sw# show interfaces status\n\
  Port     Name       Status  Config-mode   Speed    Type       Tagged Untagged\n\
  -------- ---------- ------- ------------- -------- ---------- ------ --------\n\
  A1       desk       Up      Auto          1000FDx  100/1000T  No     10\n";
    let d = device(text, "sw");
    assert_eq!(d.ports.len(), 1);
    let p = &d.ports[0];
    assert_eq!(
        (p.port.as_str(), p.name.as_deref(), p.status.as_deref()),
        ("A1", Some("desk"), Some("Up"))
    );
    assert_eq!(
        (p.mode, p.vlan, p.speed.as_deref()),
        (Some(PortMode::Access), Some(10), Some("1000"))
    );
}

const CX: &str = "\
LAB-6300-AS-02# show version
-----------------------------------------------------------------------------
ArubaOS-CX
(c) Copyright 2017-2022 Hewlett Packard Enterprise Development LP
-----------------------------------------------------------------------------
Version      : FL.10.10.1000
Build Date   : 2022-06-27 10:44:49 PDT
Build ID     : ArubaOS-CX:FL.10.10.1000:9b9ea8d7d6f8:202206271704
Build SHA    : 9b9ea8d7d6f8db4b4f96bc20ab3d0dce27d5c8e1
Active Image : primary

Service OS Version : FL.01.10.0002
BIOS Version       : FL.01.0002

LAB-6300-AS-02# show system
Hostname                        : LAB-6300-AS-02
System Description              : FL.10.10.1000
System Contact                  :
System Location                 :
Vendor                          : Aruba
Product Name                    : JL665A 6300F 48G CL4 PoE 4SFP56 Swch
Chassis Serial Nbr              : SG0ZKP1234
Base MAC Address                : 883a30-9b2c00
ArubaOS-CX Version              : FL.10.10.1000

Time Zone                       : UTC

Up Time                         : 3 weeks, 2 days, 4 hours, 19 minutes
CPU Util (%)                    : 4
Memory Usage (%)                : 21

LAB-6300-AS-02# show interface brief
--------------------------------------------------------------------------------------------------------
Port           Native  Mode   Type           Enabled Status  Reason                  Speed   Description
               VLAN                                                                  (Mb/s)
--------------------------------------------------------------------------------------------------------
1/1/1          10      access 1GbT           yes     up                              1000    Desk 1 (old)
1/1/2          10      access 1GbT           no      down    Administratively down   --      --
1/1/3          --      routed 1GbT           yes     up                              1000    --
1/1/49         1       trunk  SFP+DA1        yes     up                              10000   --
lag1           1       trunk  --             yes     up                              20000   --
LAB-6300-AS-02# show running-config
Current configuration:
!
!Version ArubaOS-CX FL.10.10.1000
!export-password: default
hostname LAB-6300-AS-02
snmp-server system-location Bldg_9_Floor_2
aaa authentication port-access dot1x authenticator
    enable
!
vlan 1,10
interface 1/1/1
    no shutdown
    description Desk 1
    no routing
    vlan access 10
    aaa authentication port-access dot1x authenticator
        enable
    aaa authentication port-access mac-auth
        enable
interface 1/1/2
    shutdown
    no routing
    vlan access 10
interface 1/1/3
    no shutdown
    ip address 10.9.0.1/31
interface 1/1/49
    no shutdown
    no routing
    vlan trunk native 1
    vlan trunk allowed all
interface lag 1
    no shutdown
    no routing
    vlan trunk native 1
    vlan trunk allowed 1,10
LAB-6300-AS-02# show mac-address-table
MAC age-time            : 300 seconds
Number of MAC addresses : 3

MAC Address          VLAN     Type                      Port
--------------------------------------------------------------
00:50:56:96:0e:26    10       port-access-security      1/1/1
00:50:56:96:0e:27    10       dynamic                   1/1/1
88:3a:30:11:22:33    1        dynamic                   lag1
LAB-6300-AS-02# show port-access clients

Port Access Clients

Status codes: d device-mode

-------------------------------------------------------------------------------------------
     Port    MAC-Address        Onboarding   Status         Role                     Device Type
                                Method
-------------------------------------------------------------------------------------------
     1/1/1   00:50:56:96:0e:26  dot1x        Success        CORP_ROLE
LAB-6300-AS-02#
";

#[test]
fn cx_device() {
    let d = device(CX, "LAB-6300-AS-02");
    assert_eq!(
        d.model.as_deref(),
        Some("JL665A 6300F 48G CL4 PoE 4SFP56 Swch")
    );
    assert_eq!(d.version.as_deref(), Some("FL.10.10.1000"));
    assert_eq!(d.serial.as_deref(), Some("SG0ZKP1234"));
    assert_eq!(
        d.uptime.as_deref(),
        Some("3 weeks, 2 days, 4 hours, 19 minutes")
    );
    assert_eq!(d.location.as_deref(), Some("Bldg_9_Floor_2"));
    assert_eq!(d.building.as_deref(), Some("9"));
    assert_eq!(
        d.auth_block,
        [
            "aaa authentication port-access dot1x authenticator",
            "    enable"
        ]
    );
    let names: Vec<_> = d.ports.iter().map(|p| p.port.as_str()).collect();
    assert_eq!(names, ["1/1/1", "1/1/2", "1/1/3", "1/1/49", "lag1"]);

    let p1 = &d.ports[0];
    assert_eq!(p1.name.as_deref(), Some("Desk 1"));
    assert_eq!(p1.status.as_deref(), Some("up"));
    assert_eq!((p1.mode, p1.vlan), (Some(PortMode::Access), Some(10)));
    assert_eq!(
        (p1.speed.as_deref(), p1.duplex.as_deref()),
        (Some("1000"), None)
    );
    assert_eq!(p1.port_type.as_deref(), Some("1GbT"));
    assert_eq!(p1.learned_macs, ["00:50:56:96:0e:26", "00:50:56:96:0e:27"]);
    assert_eq!(p1.auth_template, Some(AuthTemplate::Flexible));
    assert_eq!(
        (
            p1.auth_state,
            p1.auth_mode.as_deref(),
            p1.auth_client_mac.as_deref()
        ),
        (
            Some(AuthState::Authorized),
            Some("dot1x"),
            Some("00:50:56:96:0e:26")
        )
    );
    assert!(p1
        .config
        .as_deref()
        .unwrap()
        .starts_with("interface 1/1/1\n    no shutdown\n"));

    let p2 = &d.ports[1];
    assert_eq!(
        (
            p2.status.as_deref(),
            p2.speed.as_deref(),
            p2.name.as_deref()
        ),
        (Some("down"), None, None)
    );
    assert_eq!(p2.auth_template, Some(AuthTemplate::Open));
    assert_eq!(d.ports[2].mode, Some(PortMode::Routed));
    assert_eq!(d.ports[2].vlan, None);
    assert_eq!(
        (d.ports[3].mode, d.ports[3].vlan),
        (Some(PortMode::Trunk), None)
    );
    let lag = &d.ports[4];
    assert_eq!(
        (lag.port_type.as_deref(), lag.learned_macs.len()),
        (None, 1)
    );
    assert_eq!(
        lag.config.as_deref().map(|c| c.lines().next()),
        Some(Some("interface lag 1"))
    );
}

#[test]
fn hostname_falls_back_on_the_configuration() {
    let d = device(CX, "");
    assert_eq!(
        (d.hostname.as_str(), d.site.as_str()),
        ("LAB-6300-AS-02", "LAB")
    );
    let d = device("x# show system\n  System Name        : ABC-1\n", " ");
    assert_eq!(d.hostname, "ABC-1");
    let empty = device("", "");
    assert_eq!(
        (empty.hostname.as_str(), empty.site.as_str()),
        ("", "Unknown")
    );
    assert_eq!(empty.vendor, Some(Vendor::Aruba));
    assert!(empty.ports.is_empty() && empty.model.is_none() && empty.location.is_none());
}

#[test]
fn cx_mode_falls_back_on_configuration() {
    let text = "cx# show interface brief
Port      Native  Mode   Type           Enabled Status  Reason                 Speed   Description
1/1/1     --      --     --             yes     up                             --      --
1/1/2     --      --     --             yes     up                             --      --
1/1/3     --      --     --             yes     up                             --      --
1/1/4     --      --     --             yes     up                             --      --
cx# show running-config
!Version ArubaOS-CX FL.10.10.1000
interface lag 2
    vlan trunk allowed 1,30
interface 1/1/4
    lag 2
interface 1/1/1
    vlan access 30
interface 1/1/2
    vlan trunk allowed 1,30
interface 1/1/3
    routing
";
    let d = device(text, "cx");
    let got: Vec<_> = d.ports.iter().map(|p| (p.mode, p.vlan)).collect();
    assert_eq!(
        got,
        [
            (Some(PortMode::Access), Some(30)),
            (Some(PortMode::Trunk), None),
            (Some(PortMode::Routed), None),
            // A LAG member takes its LAG's mode.
            (Some(PortMode::Trunk), None),
        ]
    );
}

#[test]
fn aos_s_unified_client_table_has_methods_but_no_status() {
    let lines: Vec<&str> = " Port Access Client Status

  Port  Client Name  MAC Address   IP Address      User Role  Type  VLAN
  ----- ------------ ------------- --------------- ---------- ----- ----
  1     jdoe         3c5282-4a1b2c n/a             corp_role  8021X 10
  2     0004f2a01702 0004f2-a01702 n/a             voice_role MAC   20"
        .lines()
        .collect();
    let c = parse_auth_clients(&lines, TableMethod::PerRow);
    let got: Vec<_> = c
        .iter()
        .map(|c| (c.port, c.method, c.status, c.state))
        .collect();
    assert_eq!(
        got,
        [
            ("1", Some("dot1x"), None, AuthState::Unknown),
            ("2", Some("mab"), None, AuthState::Unknown)
        ]
    );
}

#[test]
fn ntc_commands_accept_any_spelling() {
    let out = "  Port  Type      | Alert     Enabled Status Mode       Mode Ctrl
  1     100/1000T | No        Yes     Up     1000FDx    MDIX off
";
    let recs = crate::ntc::parse_command("hp_procurve", "sh int br", out).unwrap();
    assert_eq!(recs.len(), 1);
    assert!(crate::ntc::parse_command("hp_procurve", "show interface brief", out).is_ok());
    assert!(crate::ntc::parse_command("hp_procurve", "show version", out).is_err());
}

#[test]
fn speed_cells() {
    assert_eq!(split_speed("10GigFD"), (Some("10Gig"), Some("full")));
    assert_eq!(split_speed("2500FDx*"), (Some("2500"), Some("full")));
    assert_eq!(split_speed("10HDx"), (Some("10"), Some("half")));
    assert_eq!(split_speed("Auto"), (Some("Auto"), None));
    assert_eq!(split_speed("FDx"), (Some("FDx"), None));
    assert_eq!(split_speed("--"), (None, None));
    assert_eq!(split_speed(""), (None, None));
}

/// Lines that look like the real thing, so generated input reaches deep
/// into the parsers instead of stopping at the first header check.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("  Port  Type      | Alert     Enabled Status Mode       Mode Ctrl Limit".to_string()),
        Just("Port           Native  Mode   Type           Enabled Status  Reason                  Speed   Description".to_string()),
        Just("  Port     Name       Status  Config-mode   Speed    Type       Tagged Untagged".to_string()),
        Just("  VLAN ID Name                             | Status     Voice Jumbo".to_string()),
        Just("VLAN  Name                              Status  Reason          Type      Interfaces".to_string()),
        Just("  MAC Address       Port                            VLAN".to_string()),
        Just("MAC Address          VLAN     Type                      Port".to_string()),
        Just("  Port  Client Name  MAC Address   IP Address      Session Status".to_string()),
        Just("     Port    MAC-Address        Onboarding   Status         Role".to_string()),
        Just("  Software revision  : WC.16.10.0012        Serial Number      : X".to_string()),
        Just("  Chassis: Aruba 2930F-24G-PoE+-4SFP+ JL255A  Serial Number: Y".to_string()),
        Just("Aruba JL256A 2930F-48G-PoE+-4SFP+ Switch, revision".to_string()),
        Just("interface 1".to_string()),
        Just("interface lag 1".to_string()),
        Just("vlan 10".to_string()),
        Just("   untagged 1-20,A1".to_string()),
        Just("   tagged Trk1".to_string()),
        Just("trunk 1-2 trk1 lacp".to_string()),
        Just("aaa port-access authenticator 1-4".to_string()),
        Just("    aaa authentication port-access mac-auth".to_string()),
        Just("        enable".to_string()),
        Just("   exit".to_string()),
        "[ A-Za-z0-9/.:,()|*#-]{0,60}",
        "(1/1/[0-9]|A[0-9]|Trk1|lag1|D1-Trk1|001122-334455|00:11:22:33:44:55|Up|Down|No|multi|10|\\.|--|[ ]{1,12}){0,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic(lines in prop::collection::vec(fragment(), 0..40)) {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let _ = parse_system(&refs);
        let _ = parse_version(&refs);
        let _ = parse_modules(&refs);
        let _ = parse_interfaces_brief(&refs);
        let _ = parse_interfaces_status(&refs);
        let _ = parse_vlans(&refs);
        let _ = parse_mac_table(&refs);
        for kind in [TableMethod::Dot1x, TableMethod::MacAuth, TableMethod::PerRow] {
            let _ = parse_auth_clients(&refs, kind);
        }
        let cfg = parse_running_config(&refs);
        for i in &cfg.interfaces {
            let _ = i.text();
            let _ = cfg.vlan_membership(&i.port).count();
            let _ = cfg.auth_methods(&i.port);
        }
        for l in &refs {
            let _ = split_speed(l);
            let _ = description_model(l);
            let _ = column_value(l, "up time");
            let _ = PortList(l).contains("1/1/1");
        }
    }

    #[test]
    fn whole_device_never_panics(lines in prop::collection::vec(fragment(), 0..60)) {
        let mut text = String::from("sw# show system\n");
        let commands = [
            "sw# show running-config",
            "sw# show interfaces brief",
            "sw# show interfaces status",
            "sw# show mac-address",
            "sw# show mac-address-table",
            "sw# show port-access authenticator clients",
            "sw# show port-access clients",
            "sw# show version",
        ];
        for (i, l) in lines.iter().enumerate() {
            if i % 7 == 6 {
                text.push_str(commands[(i / 7) % commands.len()]);
                text.push('\n');
            }
            text.push_str(l);
            text.push('\n');
        }
        let dt = DeviceText::new(text.lines().collect());
        let d = parse(&dt, "sw");
        prop_assert_eq!(d.vendor, Some(Vendor::Aruba));
    }
}
