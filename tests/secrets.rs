//! Secrets planted in a capture never reach the database files.

mod common;

use common::{statetrace, stderr};
use std::path::Path;

/// Every secret value planted below; none may appear in any stored byte.
const SECRETS: &[&str] = &[
    "EnableSecretValue1",
    "EnablePassValue2",
    "UserSecretValue3",
    "UserPassValue4",
    "CommunityValue5",
    "SnmpAuthValue6",
    "SnmpPrivValue7",
    "TacacsKeyValue8",
    "RadiusKeyValue9",
    "KeyStringValue10",
    "OspfDigestValue11",
    "OspfAuthKeyValue12",
    "PreSharedValue13",
    "WpaPassValue14",
    "$9$JunosValue15",
    "$1$PanValue16",
    "AristaSha512Value17",
    "BrocadeSuperValue18",
    "ArubaSha1Value19",
    "IsakmpValue20",
    "NtpKeyValue21",
    "PacKeyValue22",
];

fn capture() -> String {
    let s = SECRETS;
    let lines = [
        "SEC-A01-AS-01#show version".to_string(),
        "Cisco IOS XE Software, Version 17.09.04a".to_string(),
        "SEC-A01-AS-01 uptime is 1 day, 2 hours".to_string(),
        "SEC-A01-AS-01#show running-config".to_string(),
        "hostname SEC-A01-AS-01".to_string(),
        "!".to_string(),
        "interface GigabitEthernet1/0/1".to_string(),
        " description planted secrets, one form per line".to_string(),
        format!(" enable secret 9 {}", s[0]),
        format!(" enable password 7 {}", s[1]),
        format!(" username netops privilege 15 secret 8 {}", s[2]),
        format!(" username bob password 0 {}", s[3]),
        format!(" snmp-server community {} RO", s[4]),
        format!(
            " snmp-server user nms GRP v3 auth sha {} priv aes 128 {}",
            s[5], s[6]
        ),
        format!(" tacacs-server key 7 {}", s[7]),
        format!(" radius-server host 10.1.1.1 key {}", s[8]),
        format!(" standby 1 authentication md5 key-string {}", s[9]),
        format!(" ip ospf message-digest-key 1 md5 {}", s[10]),
        format!(" ip ospf authentication-key {}", s[11]),
        format!(
            " set security ike policy p1 pre-shared-key ascii-text \"{}\"",
            s[12]
        ),
        format!(" wpa-psk ascii 0 {}", s[13]),
        format!(" encrypted-password \"{}\";", s[14]),
        format!(" set mgt-config users admin phash {}", s[15]),
        format!(" username admin role network-admin secret sha512 {}", s[16]),
        format!(" enable super-user-password 8 {}", s[17]),
        format!(" password manager user-name \"admin\" sha1 \"{}\"", s[18]),
        format!(" crypto isakmp key 0 {} address 0.0.0.0", s[19]),
        format!(" ntp authentication-key 1 md5 {} 7", s[20]),
        format!(" pac key 7 {}", s[21]),
        " switchport access vlan 10".to_string(),
        "!".to_string(),
        "end".to_string(),
        "SEC-A01-AS-01#show interfaces status".to_string(),
        "Port         Name               Status       Vlan       Duplex  Speed Type".to_string(),
        "Gi1/0/1      planted secrets    connected    10         a-full a-1000 10/100/1000BaseTX"
            .to_string(),
        String::new(),
        "SEC-A01-AS-01#".to_string(),
    ];
    lines.join("\n")
}

fn all_bytes(dir: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(all_bytes(&path));
        } else {
            out.extend(std::fs::read(&path).unwrap());
        }
    }
    out
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn planted_secrets_never_reach_the_database() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("sec.log"), capture()).unwrap();
    let out = statetrace(
        &["ingest", "sec.log", "--data", "D", "--logs", "L"],
        work.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let stored = all_bytes(&work.path().join("D"));
    assert!(
        contains(&stored, "<redacted>"),
        "the port's config was stored, masked"
    );
    assert!(
        contains(&stored, "switchport access vlan 10"),
        "the rest of the config is kept"
    );
    let leaked: Vec<&str> = SECRETS
        .iter()
        .copied()
        .filter(|s| contains(&stored, s))
        .collect();
    assert!(leaked.is_empty(), "secrets stored: {leaked:?}");
}

#[test]
fn redaction_can_be_disabled_in_settings() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("sec.log"), capture()).unwrap();
    std::fs::create_dir_all(work.path().join("D")).unwrap();
    std::fs::write(
        work.path().join("D/StateTraceSettings.json"),
        r#"{"ParserSettings": {"RedactSecrets": false}}"#,
    )
    .unwrap();
    let out = statetrace(
        &["ingest", "sec.log", "--data", "D", "--logs", "L"],
        work.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let stored = all_bytes(&work.path().join("D"));
    assert!(
        SECRETS.iter().all(|s| contains(&stored, s)),
        "verbatim when disabled"
    );
}

#[test]
fn invalid_settings_name_the_key() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("sec.log"), capture()).unwrap();
    std::fs::create_dir_all(work.path().join("D")).unwrap();
    std::fs::write(
        work.path().join("D/StateTraceSettings.json"),
        r#"{"ParserSettings": {"RedactSecrets": "yes"}}"#,
    )
    .unwrap();
    let out = statetrace(
        &["ingest", "sec.log", "--data", "D", "--logs", "L"],
        work.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("StateTraceSettings.json") && err.contains("ParserSettings.RedactSecrets"),
        "{err}"
    );
}
