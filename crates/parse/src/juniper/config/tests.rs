//! Tests for the configuration walker, over both forms of one
//! configuration.

use super::*;

const HIERARCHICAL: &str = r#"## Last commit: 2025-02-11 14:02:19 PST by netops
version 21.4R3-S4.9;
system {
    host-name KNOX-C01-AS-01;
    /* managed by
       the NOC */
    root-authentication {
        encrypted-password "$6$abc"; ## SECRET-DATA
    }
}
interfaces {
    interface-range ACCESS {
        member-range ge-0/0/10 to ge-0/0/19;
        member ge-0/0/30;
        description "Range ports";
        unit 0 {
            family ethernet-switching {
                interface-mode access;
                vlan {
                    members DATA;
                }
            }
        }
    }
    ge-0/0/0 {
        description "Desk 101 \"north\"";
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
        disable;
        unit 0 {
            description unit-desc;
            family ethernet-switching {
                vlan {
                    members 30;
                }
            }
        }
    }
    ge-0/0/46 {
        ether-options {
            802.3ad ae0;
        }
    }
    inactive: ge-0/0/5 {
        description "Old";
    }
    xe-0/2/0 {
        unit 0 {
            family inet {
                address 10.1.0.2/31;
            }
        }
    }
    ae0 {
        native-vlan-id 99;
        unit 0 {
            family ethernet-switching {
                interface-mode trunk;
                vlan {
                    members [ DATA VOICE 100-110 ];
                }
            }
        }
    }
}
snmp {
    location "Bldg_4_Floor_1_Room_C01";
}
protocols {
    dot1x {
        authenticator {
            authentication-profile-name DOT1X;
            interface {
                ge-0/0/0.0 {
                    supplicant multiple;
                    mac-radius;
                    guest-vlan GUEST;
                }
                ACCESS {
                    mac-radius {
                        restrict;
                    }
                }
                ge-0/0/1.0;
                inactive: ge-0/0/2.0 {
                    supplicant single;
                }
            }
        }
    }
}
access {
    radius-server {
        10.9.9.9 secret "$9$xyz"; ## SECRET-DATA
    }
    profile DOT1X {
        authentication-order radius;
        radius {
            authentication-server 10.9.9.9;
        }
    }
}
vlans {
    DATA {
        vlan-id 10;
    }
    GUEST {
        vlan-id 999;
    }
    VOICE {
        vlan-id 20;
    }
}
"#;

const SET: &str = r#"set version 21.4R3-S4.9
set system host-name KNOX-C01-AS-01
set system root-authentication encrypted-password "$6$abc"
set interfaces interface-range ACCESS member-range ge-0/0/10 to ge-0/0/19
set interfaces interface-range ACCESS member ge-0/0/30
set interfaces interface-range ACCESS description "Range ports"
set interfaces interface-range ACCESS unit 0 family ethernet-switching interface-mode access
set interfaces interface-range ACCESS unit 0 family ethernet-switching vlan members DATA
set interfaces ge-0/0/0 description "Desk 101 \"north\""
set interfaces ge-0/0/0 unit 0 family ethernet-switching interface-mode access
set interfaces ge-0/0/0 unit 0 family ethernet-switching vlan members DATA
set interfaces ge-0/0/1 disable
set interfaces ge-0/0/1 unit 0 description unit-desc
set interfaces ge-0/0/1 unit 0 family ethernet-switching vlan members 30
set interfaces ge-0/0/46 ether-options 802.3ad ae0
set interfaces ge-0/0/5 description "Old"
deactivate interfaces ge-0/0/5
set interfaces xe-0/2/0 unit 0 family inet address 10.1.0.2/31
set interfaces ae0 native-vlan-id 99
set interfaces ae0 unit 0 family ethernet-switching interface-mode trunk
set interfaces ae0 unit 0 family ethernet-switching vlan members DATA
set interfaces ae0 unit 0 family ethernet-switching vlan members VOICE
set interfaces ae0 unit 0 family ethernet-switching vlan members 100-110
set snmp location "Bldg_4_Floor_1_Room_C01"
set protocols dot1x authenticator authentication-profile-name DOT1X
set protocols dot1x authenticator interface ge-0/0/0.0 supplicant multiple
set protocols dot1x authenticator interface ge-0/0/0.0 mac-radius
set protocols dot1x authenticator interface ge-0/0/0.0 guest-vlan GUEST
set protocols dot1x authenticator interface ACCESS mac-radius restrict
set protocols dot1x authenticator interface ge-0/0/1.0
set protocols dot1x authenticator interface ge-0/0/2.0 supplicant single
deactivate protocols dot1x authenticator interface ge-0/0/2.0
set access radius-server 10.9.9.9 secret "$9$xyz"
set access profile DOT1X authentication-order radius
set access profile DOT1X radius authentication-server 10.9.9.9
set vlans DATA vlan-id 10
set vlans GUEST vlan-id 999
set vlans VOICE vlan-id 20
"#;

fn parse(s: &str) -> JunosConfig<'_> {
    parse_configuration(&s.lines().collect::<Vec<_>>())
}

/// The facts both forms must agree on.
fn check_semantics(c: &JunosConfig<'_>) {
    assert_eq!(c.host_name, Some("KNOX-C01-AS-01"));
    assert_eq!(c.snmp_location, Some("Bldg_4_Floor_1_Room_C01"));
    assert_eq!(c.vlans, [("DATA", 10), ("GUEST", 999), ("VOICE", 20)]);
    assert_eq!(c.vlan_id("data"), Some(10));
    assert_eq!(c.vlan_id("42"), Some(42));
    assert_eq!(c.vlan_id("NOPE"), None);

    let names: Vec<_> = c.interfaces.iter().map(|i| i.name).collect();
    assert_eq!(
        names,
        ["ge-0/0/0", "ge-0/0/1", "ge-0/0/46", "xe-0/2/0", "ae0"]
    );

    let g0 = c.interface("ge-0/0/0").unwrap();
    assert_eq!(g0.description, Some(r#"Desk 101 \"north\""#));
    assert_eq!(g0.mode(), Some(PortMode::Access));
    assert_eq!(g0.vlan_members, ["DATA"]);

    let g1 = c.interface("ge-0/0/1").unwrap();
    assert!(g1.disabled);
    assert_eq!(g1.description, None);
    assert_eq!(g1.any_description(), Some("unit-desc"));
    // family ethernet-switching without a mode is access.
    assert_eq!(g1.mode(), Some(PortMode::Access));
    assert_eq!(g1.vlan_members, ["30"]);

    let member = c.interface("ge-0/0/46").unwrap();
    assert_eq!((member.bundle, member.mode()), (Some("ae0"), None));
    assert_eq!(
        c.interface("xe-0/2/0").unwrap().mode(),
        Some(PortMode::Routed)
    );
    let ae = c.interface("ae0").unwrap();
    assert_eq!(ae.mode(), Some(PortMode::Trunk));
    assert_eq!(ae.vlan_members, ["DATA", "VOICE", "100-110"]);
    assert_eq!(ae.native_vlan, Some("99"));
    assert!(c.interface("ge-0/0/5").is_none(), "inactive");

    let range = &c.ranges[0];
    assert_eq!(range.name, "ACCESS");
    assert_eq!(range.mode(), Some(PortMode::Access));
    assert_eq!(range.description, Some("Range ports"));
    for p in ["ge-0/0/10", "ge-0/0/15", "ge-0/0/19", "ge-0/0/30"] {
        assert!(range.has_member(p), "{p}");
        assert_eq!(c.range_of(p).map(|r| r.name), Some("ACCESS"));
    }
    for p in ["ge-0/0/9", "ge-0/0/20", "xe-0/0/15", "ge-1/0/15", "ae0"] {
        assert!(!range.has_member(p), "{p}");
    }

    let d: Vec<_> = c
        .dot1x
        .iter()
        .map(|d| (d.interface, d.supplicant, d.template()))
        .collect();
    assert_eq!(
        d,
        [
            ("ge-0/0/0.0", Some("multiple"), AuthTemplate::Flexible),
            ("ACCESS", None, AuthTemplate::Macauth),
            ("ge-0/0/1.0", None, AuthTemplate::Dot1x),
        ]
    );
    let t = |p: &str| c.dot1x_for(p, Some(PortMode::Access)).map(|d| d.template());
    assert_eq!(t("ge-0/0/0"), Some(AuthTemplate::Flexible));
    assert_eq!(t("ge-0/0/12"), Some(AuthTemplate::Macauth));
    assert_eq!(t("ge-0/0/1"), Some(AuthTemplate::Dot1x));
    assert_eq!(t("ge-0/0/2"), None);
    assert_eq!(c.fallback_vlan, Some("GUEST"));
    assert_eq!(
        c.auth_block,
        [
            "set protocols dot1x authenticator authentication-profile-name DOT1X",
            "set access profile DOT1X authentication-order radius",
            "set access profile DOT1X radius authentication-server 10.9.9.9",
        ]
    );
}

#[test]
fn hierarchical_form() {
    let c = parse(HIERARCHICAL);
    check_semantics(&c);
    assert_eq!(
        c.interface("ge-0/0/46").unwrap().text(),
        "ge-0/0/46 {\n    ether-options {\n        802.3ad ae0;\n    }\n}"
    );
    let g1 = c.interface("ge-0/0/1").unwrap();
    assert_eq!(g1.lines.len(), 11);
    assert!(g1
        .text()
        .starts_with("ge-0/0/1 {\n    disable;\n    unit 0 {"));
    assert!(g1.text().ends_with("\n    }\n}"));
    assert!(c.ranges[0].text().starts_with("interface-range ACCESS {\n"));
    // An annotation inside a stanza stays part of its text, all its lines.
    let c = parse("interfaces {\n    ge-0/0/9 {\n        /* desk\n           moved */\n        disable;\n    }\n}");
    assert_eq!(
        c.interfaces[0].text(),
        "ge-0/0/9 {\n    /* desk\n       moved */\n    disable;\n}"
    );
    assert!(c.interfaces[0].disabled);
}

#[test]
fn set_form() {
    let c = parse(SET);
    check_semantics(&c);
    assert_eq!(
        c.interface("ge-0/0/0").unwrap().text(),
        "set interfaces ge-0/0/0 description \"Desk 101 \\\"north\\\"\"\n\
         set interfaces ge-0/0/0 unit 0 family ethernet-switching interface-mode access\n\
         set interfaces ge-0/0/0 unit 0 family ethernet-switching vlan members DATA"
    );
}

#[test]
fn interface_all_applies_to_access_ports_only() {
    let c = parse(
        "set protocols dot1x authenticator interface all supplicant single\n\
         set interfaces ge-0/0/3 unit 0 family ethernet-switching",
    );
    assert_eq!(
        c.dot1x_for("ge-0/0/3", Some(PortMode::Access))
            .map(|d| d.interface),
        Some("all")
    );
    assert!(c.dot1x_for("ae0", Some(PortMode::Trunk)).is_none());
    assert!(c.dot1x_for("ae0", None).is_none());
}

#[test]
fn legacy_vlan_side_membership() {
    let c = parse(
        "vlans {
    VOICE {
        vlan-id 20;
        interface ge-0/0/7.0;
        interface ge-0/0/8.0 {
            mapping native;
        }
    }
}",
    );
    assert_eq!(c.vlan_listing("ge-0/0/7"), Some("VOICE"));
    assert_eq!(c.vlan_listing("ge-0/0/8"), Some("VOICE"));
    assert_eq!(c.vlan_listing("ge-0/0/9"), None);
    assert_eq!(c.vlan_interfaces.len(), 2);
    let c = parse("set vlans VOICE interface ge-0/0/7.0");
    assert_eq!(c.vlan_listing("ge-0/0/7"), Some("VOICE"));
}

#[test]
fn words_quotes_and_comments() {
    let mut w = Vec::new();
    assert_eq!(
        config_words(r#"    description "a b;c";"#, &mut w),
        End::Leaf
    );
    assert_eq!(w, ["description", r#""a b;c""#]);
    assert_eq!(config_words("members [ A B ];", &mut w), End::Leaf);
    assert_eq!(w, ["members", "A", "B"]);
    assert_eq!(config_words("ge-0/0/1 {", &mut w), End::Open);
    assert_eq!(w, ["ge-0/0/1"]);
    assert_eq!(config_words("    }", &mut w), End::Close);
    assert!(w.is_empty());
    assert_eq!(config_words("## Last commit", &mut w), End::Bare);
    assert_eq!(config_words(r#"x "unterminated"#, &mut w), End::Bare);
    assert_eq!(w, ["x", r#""unterminated"#]);
    assert_eq!(config_words(r#"x "ends in \"#, &mut w), End::Bare);
    assert_eq!(unquote(r#""q""#), "q");
    assert_eq!(unquote(r#""q"#), "q");
    assert_eq!(unquote("q"), "q");
}

#[test]
fn unbalanced_and_empty_input() {
    assert_eq!(parse_configuration(&[]), JunosConfig::default());
    let c = parse("}\n}\ninterfaces {\n    ge-0/0/0 {\n        description x;\n");
    assert_eq!(c.interfaces.len(), 1);
    assert_eq!(c.interfaces[0].description, Some("x"));
    assert_eq!(c.interfaces[0].lines.len(), 2);
}

/// `in_range` as it was, collecting each name's numbers into a `Vec`.
fn in_range_collected(port: &str, a: &str, b: &str) -> bool {
    fn port_numbers(name: &str) -> Option<(&str, Vec<u32>)> {
        let (kind, rest) = name.split_once('-')?;
        let numbers = rest
            .split(['/', ':'])
            .map(|n| n.parse().ok())
            .collect::<Option<Vec<u32>>>()?;
        Some((kind, numbers))
    }
    let (Some((pk, p)), Some((ak, lo)), Some((bk, hi))) =
        (port_numbers(port), port_numbers(a), port_numbers(b))
    else {
        return false;
    };
    pk == ak && pk == bk && lo <= p && p <= hi
}

proptest::proptest! {
    /// Comparing the numbers in place answers as the collected lists did.
    #[test]
    fn in_range_agrees_with_collected_numbers(
        port in "(ge|xe)-[0-2](/[0-2]){0,7}(:[0-9])?",
        a in "(ge|xe)-[0-2](/[0-2x]){0,6}",
        b in "(ge|xe|)-[0-2](/[0-2]){0,7}(:[0-9]|/)?",
    ) {
        proptest::prop_assert_eq!(in_range(&port, &a, &b), in_range_collected(&port, &a, &b));
    }
}

proptest::proptest! {
    /// The byte parser reads what `str::parse::<u32>` reads.
    #[test]
    fn parse_u32_is_the_library_parser(text in "[+-]?[0-9]{0,12}|[0-9a+ ]{0,4}") {
        proptest::prop_assert_eq!(parse_u32(text.as_bytes()), text.parse::<u32>().ok(), "{:?}", text);
    }
}

proptest::proptest! {
    /// The prepared groups find what `range_of` finds.
    #[test]
    fn range_finder_is_range_of(
        port in "(ge|xe)-[0-2](/[0-9]){0,2}(:[0-9])?|ge-0/0/[0-9]x?|ae[0-9]",
        ranges in proptest::collection::vec(("(ge|xe)-0/0/[0-9]x?", "(ge|xe|)-0/[0-1]/[0-9]"), 0..3),
        members in proptest::collection::vec("ge-0/0/[0-9](\\.0)?", 0..2),
    ) {
        let mut text = String::from("interfaces {\n");
        for (i, (a, b)) in ranges.iter().enumerate() {
            text.push_str(&format!("    interface-range R{i} {{\n        member-range {a} to {b};\n"));
            if i == 0 {
                for m in &members {
                    text.push_str(&format!("        member {m};\n"));
                }
            }
            text.push_str("    }\n");
        }
        text.push_str("}\n");
        let c = parse(&text);
        let finder = RangeFinder::new(&c);
        proptest::prop_assert_eq!(
            finder.range_of(&port).map(|r| r.name),
            c.range_of(&port).map(|r| r.name),
            "{:?} {:?}", port, text
        );
    }
}
