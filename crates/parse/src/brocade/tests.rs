//! Assembly tests over whole transcripts, and no-panic property tests.

use super::*;
use proptest::prelude::*;
use statetrace_model::{AuthState, AuthTemplate, PortMode};

const ICX: &str = "\
SSH@BOYO-A05-AS-09#skip-page-display
Disable page display mode
SSH@BOYO-A05-AS-09#show version
  Copyright (c) Ruckus Networks, Inc. All rights reserved.
    UNIT 1: compiled on Feb 18 2021 at 05:20:24 labeled as SPR08095f
      (33554432 bytes) from Primary SPR08095f.bin (UFI)
        SW: Version 08.0.95fT213
  HW: Stackable ICX7150-48P-4X1G
==========================================================================
UNIT 1: SL 1: ICX7150-48P-4X1G POE 48-port Management Module
         Serial  #: FEK3240L0AA
==========================================================================
STACKID 1  system uptime is 3 day(s) 2 hour(s) 1 minute(s) 5 second(s)
The system : started=warm start   reloaded=by \"reload\"
My stack unit ID = 1, bootup role = active
SSH@BOYO-A05-AS-09#show running-config
Current configuration:
!
ver 08.0.95fT213
!
vlan 10 name USERS by port
 tagged ethe 1/3/1
 untagged ethe 1/1/1 to 1/1/4
!
vlan 20 name VOICE by port
 tagged ethe 1/1/1 to 1/1/2 ethe 1/3/1
!
vlan 30 name PRINTERS by port
 tagged ethe 1/3/1
 untagged ethe 1/1/5
!
authentication
 auth-default-vlan 999
 dot1x enable
 dot1x enable ethe 1/1/1 to 1/1/2
 mac-authentication enable
 mac-authentication enable ethe 1/1/2 to 1/1/3
!
hostname BOYO-A05-AS-09
snmp-server location Bldg_5_Floor_1_Room_110_Row_2_Rack_3
!
interface ethernet 1/1/1
 port-name Desk 110-1 Alvarez
!
interface ethernet 1/1/5
 port-name Printer 110
!
interface ethernet 1/1/6
 route-only
 ip address 10.5.250.1 255.255.255.252
!
interface ethernet 1/3/1
 port-name Uplink to BOYO-A05-DS-01
!
end

SSH@BOYO-A05-AS-09#show interfaces brief

Port       Link    State   Dupl Speed Trunk Tag Pvid Pri MAC             Name
1/1/1      Up      Forward Full 1G    None  Yes 10   0   609c.9f5e.4e10  Desk 110-1
1/1/2      Up      Forward Full 100M  None  Yes 10   0   609c.9f5e.4e11
1/1/3      Down    None    None None  None  No  10   0   609c.9f5e.4e12
1/1/4      Disable None    None None  None  No  10   0   609c.9f5e.4e13
1/1/5      ERR-DIS None    None None  None  No  30   0   609c.9f5e.4e14  Printer 11
1/1/6      Up      Forward Full 1G    None  No  N/A  0   609c.9f5e.4e15
1/3/1      Up      Forward Full 10G   None  Yes N/A  0   609c.9f5e.4e41  Uplink to
mgmt1      Up      None    Full 1G    None  No  None 0   609c.9f5e.4e10

Port       Link    State   Dupl Speed Trunk Tag Pvid Pri MAC             Name
ve10       Up      N/A     N/A  N/A   None  N/A N/A  N/A 609c.9f5e.4e10
SSH@BOYO-A05-AS-09#show mac-address
Total active entries from all ports = 6
MAC-Address     Port                 Type         VLAN
0050.5600.0101  1/1/1                Dynamic      10
805e.c0a1.0001  1/1/1                Dynamic      20
0050.5600.0102  1/1/2                Dynamic      10
0050.5600.0102  1/1/2                Dynamic      20
0100.5e00.00fb  1/3/1                Dynamic      10
609c.9f5e.5100  1/3/1                Dynamic      10
SSH@BOYO-A05-AS-09#show dot1x sessions all
Port       MAC            IP(v4/v6)       User          VLAN  Auth   ACL  Session  Age  PAE
                          Address         Name                State       Time          State
-------------------------------------------------------------------------------------------------
1/1/1      0050.5600.0101 10.5.10.21      jalvarez      10    permit None 4021     Ena  AUTHENTICATED
1/1/2      0050.5600.0102 N/A             N/A           999   deny   None 12       Ena  UNAUTHENTICATED
SSH@BOYO-A05-AS-09#show mac-authentication sessions all
Port       MAC            IP(v4/v6)       VLAN  Auth   ACL  Session  Age  Dot1x
                          Address               State       Time
-------------------------------------------------------------------------------------------------
1/1/1      805e.c0a1.0001 N/A             20    permit None 4031     Ena  Dis
1/1/2      805e.c0a1.0002 N/A             20    permit None 4031     Ena  Dis
SSH@BOYO-A05-AS-09#show span

STP instance owned by VLAN 10

Global STP (IEEE 802.1D) Parameters:

VLAN Root             Root Root   Prio Max He- Ho- Fwd Last    Chg Bridge
 ID   ID              Cost Port   rity Age llo ld  dly Chang   cnt Address
                                  Hex  sec sec sec sec sec
  10 1000609c9f5e5100 2    1/3/1  8000 20  2   1   15  1234    3   609c9f5e4e10

Port STP Parameters:

Port   Prio Path  State       Fwd    Design  Designated       Designated
Num    rity Cost              Trans  Cost    Root             Bridge
       Hex
1/1/1  80   4     FORWARDING  1      2       1000609c9f5e5100 8000609c9f5e4e10
1/3/1  80   2     FORWARDING  1      0       1000609c9f5e5100 1000609c9f5e5100
SSH@BOYO-A05-AS-09#
";

fn device() -> Device {
    let text = DeviceText::new(ICX.lines().collect());
    parse(&text, "BOYO-A05-AS-09")
}

#[test]
fn device_fields() {
    let d = device();
    assert_eq!(d.vendor, Some(Vendor::Brocade));
    assert_eq!(d.site, "BOYO");
    assert_eq!(d.model.as_deref(), Some("ICX7150-48P-4X1G"));
    assert_eq!(d.version.as_deref(), Some("08.0.95fT213"));
    assert_eq!(d.serial.as_deref(), Some("FEK3240L0AA"));
    assert_eq!(
        d.uptime.as_deref(),
        Some("3 day(s) 2 hour(s) 1 minute(s) 5 second(s)")
    );
    assert_eq!(
        (d.building.as_deref(), d.room.as_deref(), d.rack.as_deref()),
        (Some("5"), Some("110"), Some("3"))
    );
    assert_eq!(d.auth_default_vlan.as_deref(), Some("999"));
    assert_eq!(d.auth_block.len(), 6);
    assert_eq!(d.auth_block[0], "authentication");
}

#[test]
fn ports_modes_and_names() {
    let d = device();
    let got: Vec<_> = d
        .ports
        .iter()
        .map(|p| {
            (
                p.port.as_str(),
                p.name.as_deref(),
                p.status.as_deref(),
                p.mode,
                p.vlan,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // Untagged 10 + tagged voice 20: access with a voice VLAN.
            (
                "Et1/1/1",
                Some("Desk 110-1 Alvarez"),
                Some("up"),
                Some(PortMode::Access),
                Some(10)
            ),
            (
                "Et1/1/2",
                None,
                Some("up"),
                Some(PortMode::Access),
                Some(10)
            ),
            (
                "Et1/1/3",
                None,
                Some("down"),
                Some(PortMode::Access),
                Some(10)
            ),
            (
                "Et1/1/4",
                None,
                Some("disable"),
                Some(PortMode::Access),
                Some(10)
            ),
            (
                "Et1/1/5",
                Some("Printer 110"),
                Some("err-dis"),
                Some(PortMode::Access),
                Some(30)
            ),
            ("Et1/1/6", None, Some("up"), Some(PortMode::Routed), None),
            (
                "Et1/3/1",
                Some("Uplink to BOYO-A05-DS-01"),
                Some("up"),
                Some(PortMode::Trunk),
                None
            ),
            ("mgmt1", None, Some("up"), None, None),
        ]
    );
    let p3 = &d.ports[2];
    assert_eq!((p3.duplex.as_deref(), p3.speed.as_deref()), (None, None));
    assert_eq!(d.ports[0].duplex.as_deref(), Some("Full"));
    assert_eq!(
        d.ports[0].config.as_deref(),
        Some("interface ethernet 1/1/1\n port-name Desk 110-1 Alvarez")
    );
    assert_eq!(d.ports[1].config, None);
}

#[test]
fn auth_templates_sessions_and_macs() {
    let d = device();
    let templates: Vec<_> = d.ports.iter().map(|p| p.auth_template).collect();
    assert_eq!(
        templates,
        [
            Some(AuthTemplate::Dot1x),
            Some(AuthTemplate::Flexible),
            Some(AuthTemplate::Macauth),
            Some(AuthTemplate::Open),
            Some(AuthTemplate::Open),
            Some(AuthTemplate::Open),
            Some(AuthTemplate::Open),
            Some(AuthTemplate::Open),
        ]
    );
    // The 802.1X session describes the port even when a MAB session
    // (the phone) is listed too; UNAUTHENTICATED is not authorised.
    let p1 = &d.ports[0];
    assert_eq!(p1.auth_state, Some(AuthState::Authorized));
    assert_eq!(p1.auth_mode.as_deref(), Some("dot1x"));
    assert_eq!(p1.auth_client_mac.as_deref(), Some("0050.5600.0101"));
    let p2 = &d.ports[1];
    assert_eq!(p2.auth_state, Some(AuthState::Unauthorized));
    assert_eq!(p2.auth_mode.as_deref(), Some("dot1x"));
    assert_eq!(d.ports[2].auth_state, None);
    assert!(d.ports.iter().all(|p| p.missing_auth_cmds.is_empty()));
    assert_eq!(p1.learned_macs, ["0050.5600.0101", "805e.c0a1.0001"]);
    assert_eq!(p2.learned_macs, ["0050.5600.0102"]);
    // Multicast is not a learned endpoint.
    assert_eq!(d.ports[6].learned_macs, ["609c.9f5e.5100"]);
    assert_eq!(d.spanning_tree.len(), 1);
    let st = &d.spanning_tree[0];
    assert_eq!(st.root_port.as_deref(), Some("Et1/3/1"));
    assert_eq!(st.ports[0].role, "Desg");
    assert_eq!(st.ports[1].role, "Root");
}

#[test]
fn without_a_configuration_tagged_ports_are_trunks_and_templates_unknown() {
    let text = ICX
        .split("SSH@BOYO-A05-AS-09#show running-config")
        .next()
        .unwrap()
        .to_string()
        + &ICX[ICX
            .find("SSH@BOYO-A05-AS-09#show interfaces brief")
            .unwrap()..];
    let dt = DeviceText::new(text.lines().collect());
    let d = parse(&dt, "BOYO-A05-AS-09");
    assert_eq!(d.ports[0].mode, Some(PortMode::Trunk));
    assert_eq!(d.ports[0].name.as_deref(), Some("Desk 110-1"));
    assert_eq!(d.ports[0].auth_template, None);
    assert_eq!(d.ports[5].mode, None);
    assert_eq!(d.auth_block.len(), 0);
    assert_eq!(d.location, None);
}

const FCX_73: &str = "\
BOYO-A05-AS-07#show interfaces brief

Port    Link    State   Dupl Speed Trunk Tag Pvid Pri MAC            Name
1/1/1   Up      Forward Full 1G    None  No  10   0   0024.3812.3400  Users1
1/1/2   Up      Forward Full 1G    None  No  10   0   0024.3812.3401  Users2
1/1/3   Up      Forward Full 1G    None  No  10   0   0024.3812.3402  Users3
BOYO-A05-AS-07#show dot1x mac-sessions
Port     MAC            IP(v4/v6)   User        VLAN  Auth   ACL  Age   PAE
                        Addr        Name              State  i/o        State
-------------------------------------------------------------------------------
1/1/1    00aa.bbcc.0001 N/A         N/A         10    init   none Ena   CONNECTING
BOYO-A05-AS-07#show auth-mac-addresses authorized-mac
 -------------------------------------------------------------------------------
 MAC Address     Port      Vlan    Authenticated   Time           Age    Dot1x
 -------------------------------------------------------------------------------
 00aa.bbcc.0002  1/1/2     10      Yes             00d01h10m34s   Ena    Dis
BOYO-A05-AS-07#show auth-mac-address unauthorized-mac
 -------------------------------------------------------------------------------
 MAC Address     Port      Vlan    Authenticated   Time           Age    Dot1x
 -------------------------------------------------------------------------------
 00aa.bbcc.0003  1/1/3     999     No              00d00h00m10s   Ena    Dis
BOYO-A05-AS-07#
";

#[test]
fn legacy_session_tables() {
    let dt = DeviceText::new(FCX_73.lines().collect());
    let d = parse(&dt, "BOYO-A05-AS-07");
    let got: Vec<_> = d
        .ports
        .iter()
        .map(|p| {
            (
                p.auth_state,
                p.auth_mode.as_deref(),
                p.auth_client_mac.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Some(AuthState::Unknown),
                Some("dot1x"),
                Some("00aa.bbcc.0001")
            ),
            (
                Some(AuthState::Authorized),
                Some("mab"),
                Some("00aa.bbcc.0002")
            ),
            (
                Some(AuthState::Unauthorized),
                Some("mab"),
                Some("00aa.bbcc.0003")
            ),
        ]
    );
}

#[test]
fn abbreviated_commands_find_their_blocks() {
    let t = "\
sw#sh ver
  HW: Stackable ICX7150-24P
sw#sh config
interface ethernet 1/1/1
 port-name Abbrev
sw#sh int br
1/1/1      Up      Forward Full 1G    None  No  10   0   609c.9f5e.4e10
sw#sh mac-address
0050.5600.0101  1/1/1                Dynamic      10
sw#sh dot1x mac-sess
1/1/1    0050.5600.0101 N/A  N/A  10  permit none Ena AUTHENTICATED
sw#sh span
STP instance owned by VLAN 10
sw#";
    let dt = DeviceText::new(t.lines().collect());
    let d = parse(&dt, "sw");
    assert_eq!(d.model.as_deref(), Some("ICX7150-24P"));
    assert_eq!(d.ports.len(), 1);
    assert_eq!(d.ports[0].name.as_deref(), Some("Abbrev"));
    assert_eq!(d.ports[0].learned_macs, ["0050.5600.0101"]);
    assert_eq!(d.ports[0].auth_state, Some(AuthState::Authorized));
    assert_eq!(d.spanning_tree.len(), 1);
    // The unified table wins over the per-method ones when both are there.
    let both = format!(
        "{t}sh auth sess all\n1/1/1   0050.5600.0101  N/A  u  10  8021.X  deny None 1 Ena HELD\nsw#"
    );
    let dt = DeviceText::new(both.lines().collect());
    assert_eq!(
        parse(&dt, "sw").ports[0].auth_state,
        Some(AuthState::Unauthorized)
    );
}

/// Lines that look like the real thing, so generated input reaches deep
/// into the parsers instead of stopping at the first shape check.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Port       Link    State   Dupl Speed Trunk Tag Pvid Pri MAC             Name".to_string()),
        Just("MAC Address    Port      Type      Index   VLAN".to_string()),
        Just("VLAN    MAC Address      Port     Type".to_string()),
        Just("STP instance owned by VLAN 1".to_string()),
        Just("Global STP (IEEE 802.1D) Parameters:".to_string()),
        Just("Port STP Parameters:".to_string()),
        Just("VLAN 1 - RSTP instance 0".to_string()),
        Just("RSTP (IEEE 802.1w) Port Parameters:".to_string()),
        Just("RootBridge        RootPath".to_string()),
        Just("interface ethernet 1/1/1 to 1/1/4".to_string()),
        Just("vlan 10 name X by port".to_string()),
        Just(" tagged ethe 1/1/1 to 2/1/48 ethe".to_string()),
        Just("authentication".to_string()),
        Just("dot1x-enable".to_string()),
        Just(" dot1x enable ethe 1/1/9 to".to_string()),
        Just(" mac-authentication enable ethe 1/1/1 to 1/1/2".to_string()),
        Just(" port-name x".to_string()),
        Just("UNIT 1: SL 1: ICX".to_string()),
        Just("  HW: Stackable".to_string()),
        Just("Serial  #:".to_string()),
        Just("My stack unit ID = 1".to_string()),
        "[ A-Za-z0-9/.:,()<=>*#-]{0,60}",
        "(1/1/[0-9]|lg1|mgmt1|0011\\.2233\\.4455|8000cc4e2415015e|Up|Yes|N/A|None|permit|deny|AUTHENTICATED|MAUTH|8021\\.X|FORWARDING|Root|to|ethe|[0-9]{1,5}|[ ]{1,12}){0,14}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic(lines in prop::collection::vec(fragment(), 0..40)) {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let _ = parse_version(&refs);
        let _ = parse_interfaces_brief(&refs);
        let _ = parse_mac_address(&refs);
        for t in [SessionTable::Unified, SessionTable::Dot1x, SessionTable::MacAuthUnauthorized] {
            let _ = parse_sessions(&refs, t);
        }
        let cfg = parse_config(&refs);
        for i in &cfg.interfaces {
            let _ = i.text();
        }
        let _ = parse_spanning_tree(&refs);
        for l in &refs {
            let _ = parse_port_list(l.split(' '));
            let _ = PortId::parse(l);
        }
        for c in ntc::COMMANDS {
            let _ = (c.parse)(&refs);
        }
    }

    #[test]
    fn whole_device_never_panics(lines in prop::collection::vec(fragment(), 0..60)) {
        let mut text = String::from("SSH@sw#show version\n");
        let commands = [
            "SSH@sw#show running-config",
            "SSH@sw#show interfaces brief",
            "SSH@sw#show mac-address",
            "SSH@sw#show authentication sessions all",
            "SSH@sw#show dot1x mac-sessions",
            "SSH@sw#show auth-mac-addresses unauthorized-mac",
            "SSH@sw#show spanning-tree",
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
        prop_assert_eq!(d.vendor, Some(Vendor::Brocade));
    }

    #[test]
    fn ranges_contain_exactly_the_ports_between_their_ends(
        a in (1u32..4, 1u32..4, 1u32..49),
        b in (1u32..4, 1u32..4, 1u32..49),
        p in (1u32..4, 1u32..4, 1u32..49),
    ) {
        let s = |t: (u32, u32, u32)| format!("{}/{}/{}", t.0, t.1, t.2);
        let line = format!("ethe {} to {}", s(a), s(b));
        let list = parse_port_list(line.split(' '));
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let inside = lo <= p && p <= hi;
        prop_assert_eq!(list.contains(PortId::parse(&s(p)).unwrap()), inside);
    }
}
