//! Masking secrets in configuration text before it is stored.
//!
//! Only the secret value is replaced (by [`MASK`]); the keyword, the
//! encryption type and everything else on the line stay, so a redacted
//! configuration still diffs cleanly from one day to the next and still
//! reads as configuration. Rules cover Cisco IOS/IOS-XE, Arista EOS,
//! Brocade FastIron, Aruba AOS-S/AOS-CX, Juniper Junos and PAN-OS:
//!
//! * a value after `secret`, `password`, `key-string`, `pre-shared-key`,
//!   `authentication-key`, `message-digest-key`, `wpa-passphrase`,
//!   `wpa-psk`, `passphrase`, `encrypted-password`, `phash`, FastIron's
//!   `super-user-password` and friends, skipping an encryption type or
//!   algorithm word (`7`, `level 15 5`, `sha512`, `md5`, `ascii-text` ...);
//! * `snmp-server community X` and SNMPv3 `auth <alg> X` / `priv <alg> X`;
//! * `key X` on TACACS+/RADIUS lines, IOS-XE `radius server` blocks
//!   (` key 7 X`), `pac key X` and `crypto isakmp key X`;
//! * Aruba `password manager|operator ... sha1 X`;
//! * any crypt-style string (`$1$`, `$5$`, `$6$`, `$8$`, Junos `$9$`),
//!   wherever it stands.

use statetrace_model::Device;

/// What a masked value is replaced with.
pub const MASK: &str = "<redacted>";

/// Keywords whose next value (after any type words) is a secret.
const VALUE_AFTER: &[&str] = &[
    "secret",
    "password",
    "key-string",
    "pre-shared-key",
    "authentication-key",
    "message-digest-key",
    "wpa-passphrase",
    "wpa-psk",
    "passphrase",
    "encrypted-password",
    "phash",
    "password-hash",
    "super-user-password",
    "port-config-password",
    "read-only-password",
    "read-write-password",
    "community",
];

/// Lines whose first word introduces free text, never a secret.
const FREE_TEXT: &[&str] = &[
    "description",
    "name",
    "port-name",
    "alias",
    "remark",
    "banner",
];

/// Words that may stand between a keyword and its value: encryption
/// types, algorithms, encodings.
fn is_type_word(t: &str) -> bool {
    let t = t.to_ascii_lowercase();
    (t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit()))
        || matches!(
            t.as_str(),
            "8a" | "md5" | "sha" | "sha1" | "sha256" | "sha512" | "sha-256" | "aes" | "aes128" | "aes-128"
                | "des" | "3des" | "ascii" | "hex" | "ascii-text" | "hexadecimal-text" | "plaintext"
                | "cleartext" | "encrypted" | "cipher" | "ciphertext" | "hash" | "unencrypted" | "0x"
                // AES key lengths (`priv aes 128 X`).
                | "128" | "192" | "256"
        )
}

fn is_crypt_string(t: &str) -> bool {
    let t = t.trim_matches(|c| c == '"' || c == ';');
    let b = t.as_bytes();
    b.len() > 3 && b[0] == b'$' && b[2] == b'$' && matches!(b[1], b'1' | b'5' | b'6' | b'8' | b'9')
}

/// A token and its byte span; quoted strings are one token.
fn tokens(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += 1;
            }
            i = (i + 1).min(b.len());
            // A closing quote glued to `;` (Junos) stays in the token.
            while i < b.len() && !b[i].is_ascii_whitespace() {
                i += 1;
            }
        } else {
            while i < b.len() && !b[i].is_ascii_whitespace() {
                i += 1;
            }
        }
        out.push((start, i));
    }
    out
}

/// Indices of the tokens of `words` that hold a secret value.
fn secret_tokens(words: &[&str]) -> Vec<usize> {
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let first = lower.first().map(String::as_str).unwrap_or("");
    let second = lower.get(1).map(String::as_str).unwrap_or("");
    let aaa_line = lower
        .iter()
        .any(|w| w.contains("tacacs") || w.contains("radius"));
    let mut out = Vec::new();
    // Free text: an operator's description may say "password reset desk".
    if FREE_TEXT.contains(&first) {
        return out;
    }
    // The value after `i`, skipping type words (and `level N`).
    let value_after = |mut i: usize| -> Option<usize> {
        i += 1;
        while i < words.len() {
            if lower[i] == "level" {
                i += 2;
                continue;
            }
            // Keep a type word only when a value follows it.
            if is_type_word(&lower[i]) && i + 1 < words.len() {
                i += 1;
                continue;
            }
            return Some(i);
        }
        None
    };
    for (i, w) in lower.iter().enumerate() {
        let trigger = match w.as_str() {
            "community" => lower[..i].iter().any(|p| p.starts_with("snmp")),
            "key" => {
                aaa_line
                    || (first == "key" && i == 0 && second != "chain")
                    || first == "pac"
                    || (first == "crypto" && second == "isakmp")
            }
            "auth" | "priv" => {
                first.starts_with("snmp") && lower[..i].iter().any(|p| p == "user" || p == "v3")
            }
            "manager" | "operator" if first == "password" => false,
            w => VALUE_AFTER.contains(&w),
        };
        if trigger {
            // `password manager user-name X sha1 Y`: the value follows the algorithm.
            if let Some(v) = value_after(i) {
                if !is_keyword_like(&lower[v]) {
                    out.push(v);
                }
            }
        }
        if is_crypt_string(words[i]) {
            out.push(i);
        }
    }
    // Aruba `password manager user-name "admin" sha1 "..."`.
    if first == "password" && matches!(second, "manager" | "operator" | "port-access") {
        if let Some(alg) = lower
            .iter()
            .position(|w| matches!(w.as_str(), "sha1" | "sha256" | "plaintext"))
        {
            if alg + 1 < words.len() {
                out.push(alg + 1);
            }
        }
        out.retain(|&i| i != 1);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Words that follow `password`/`secret` without being a value, e.g.
/// `service password-encryption`, `password manager`, `ip ssh password-auth`.
fn is_keyword_like(w: &str) -> bool {
    matches!(
        w,
        "manager"
            | "operator"
            | "port-access"
            | "encryption"
            | "recovery"
            | "min-length"
            | "complexity"
            | "policy"
    )
}

/// The line with its secret values masked, or `None` when it holds none.
///
/// ```
/// use statetrace_parse::redact::redact_line;
/// assert_eq!(
///     redact_line("username admin privilege 15 secret 9 $9$abc$def").as_deref(),
///     Some("username admin privilege 15 secret 9 <redacted>")
/// );
/// assert_eq!(redact_line(" description uplink"), None);
/// ```
pub fn redact_line(line: &str) -> Option<String> {
    if !may_hold_secret(line) {
        return None;
    }
    let spans = tokens(line);
    let words: Vec<&str> = spans.iter().map(|&(s, e)| &line[s..e]).collect();
    let secrets = secret_tokens(&words);
    if secrets.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    for i in secrets {
        let (s, e) = spans[i];
        out.push_str(&line[last..s]);
        let token = &line[s..e];
        if token.starts_with('"') {
            out.push('"');
            out.push_str(MASK);
            out.push('"');
            if token.ends_with(';') {
                out.push(';');
            }
        } else if token.ends_with(';') {
            out.push_str(MASK);
            out.push(';');
        } else {
            out.push_str(MASK);
        }
        last = e;
    }
    out.push_str(&line[last..]);
    Some(out)
}

/// Every word a secret-bearing line must contain (without regard to
/// case): one pass of this search over a whole configuration decides
/// whether any line needs the token-level rules, so the common port
/// configuration with no secret costs a single scan.
///
/// The text is folded to lower case first and searched case-sensitively:
/// with case-insensitive words the search cannot use its SIMD prefilter
/// and ran at about 16 instructions a byte, a first ingest's largest
/// single parsing cost; folding then searching takes a few.
fn may_hold_secret(text: &str) -> bool {
    static TRIGGERS: std::sync::OnceLock<Triggers> = std::sync::OnceLock::new();
    thread_local! {
        static FOLDED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let triggers = TRIGGERS.get_or_init(|| {
        let mut words: Vec<&str> = VALUE_AFTER.to_vec();
        // `key` covers key-string, authentication-key, isakmp and RADIUS
        // keys; `snmp` the v3 auth/priv keys; `$` crypt strings.
        words.extend(["key", "snmp", "$1$", "$5$", "$6$", "$8$", "$9$"]);
        debug_assert!(words
            .iter()
            .all(|w| !w.bytes().any(|b| b.is_ascii_uppercase())));
        match aho_corasick::packed::Config::new()
            .builder()
            .extend(&words)
            .build()
        {
            Some(packed) => Triggers::Packed(packed),
            None => Triggers::Automaton(
                aho_corasick::AhoCorasick::new(&words).expect("trigger words are plain strings"),
            ),
        }
    });
    FOLDED.with_borrow_mut(|folded| {
        folded.clear();
        folded.extend_from_slice(text.as_bytes());
        folded.make_ascii_lowercase();
        match triggers {
            Triggers::Packed(p) => p.find(folded.as_slice()).is_some(),
            Triggers::Automaton(a) => a.is_match(folded.as_slice()),
        }
    })
}

/// The trigger search: SIMD (Teddy) where the CPU has it, else an
/// automaton.
enum Triggers {
    Packed(aho_corasick::packed::Searcher),
    Automaton(aho_corasick::AhoCorasick),
}

/// Masks secrets in a multi-line text; `None` when nothing changed.
///
/// Unlike [`redact_line`], this knows the block a line sits in: inside a
/// `key chain` block, `key 1` is a key's number, not a secret (a lone line
/// `key 1` is masked, since it may be a RADIUS key).
pub fn redact_text(text: &str) -> Option<String> {
    if !may_hold_secret(text) {
        return None;
    }
    let mut changed = false;
    let mut in_key_chain = false;
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| {
            if !l.starts_with([' ', '\t']) {
                in_key_chain = l.starts_with("key chain ");
            }
            let mut words = l.split_whitespace();
            let key_number = in_key_chain
                && words.next() == Some("key")
                && words
                    .next()
                    .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
                && words.next().is_none();
            match redact_line(l).filter(|_| !key_number) {
                Some(r) => {
                    changed = true;
                    r
                }
                None => l.to_string(),
            }
        })
        .collect();
    changed.then(|| lines.join("\n"))
}

/// Masks secrets in every configuration text of a device (per-port
/// configuration and the global auth block); returns how many lines changed.
pub fn redact_device(device: &mut Device) -> usize {
    let mut count = 0;
    for port in &mut device.ports {
        if let Some(config) = &port.config {
            if let Some(r) = redact_text(config) {
                count += config
                    .split('\n')
                    .zip(r.split('\n'))
                    .filter(|(a, b)| a != b)
                    .count();
                port.config = Some(r);
            }
        }
    }
    for line in &mut device.auth_block {
        if let Some(r) = redact_line(line) {
            *line = r;
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(line: &str) -> String {
        redact_line(line).unwrap_or_else(|| line.to_string())
    }

    #[test]
    fn trigger_words_are_found_in_any_case() {
        assert_eq!(r("ENABLE SECRET 5 $1$ab$cd"), "ENABLE SECRET 5 <redacted>");
        assert_eq!(
            r("Username x PassWord 0 hunter2"),
            "Username x PassWord 0 <redacted>"
        );
        assert_eq!(
            redact_text(" Description x\n Snmp-Server Community Public RO").as_deref(),
            Some(" Description x\n Snmp-Server Community <redacted> RO")
        );
    }

    #[test]
    fn cisco_forms() {
        assert_eq!(
            r("enable secret 9 $9$Xyz$AbC"),
            "enable secret 9 <redacted>"
        );
        assert_eq!(
            r("enable secret level 15 5 $1$abcd$efgh"),
            "enable secret level 15 5 <redacted>"
        );
        assert_eq!(
            r("enable password 7 0822455D0A16"),
            "enable password 7 <redacted>"
        );
        assert_eq!(
            r("username netops privilege 15 secret 8 $8$aaa$bbb"),
            "username netops privilege 15 secret 8 <redacted>"
        );
        assert_eq!(
            r("username bob password 0 Hunter2"),
            "username bob password 0 <redacted>"
        );
        assert_eq!(
            r("snmp-server community S3cr3tRO RO 10"),
            "snmp-server community <redacted> RO 10"
        );
        assert_eq!(
            r("snmp-server user nms NMSGROUP v3 auth sha AuthPass1 priv aes 128 PrivPass1"),
            "snmp-server user nms NMSGROUP v3 auth sha <redacted> priv aes 128 <redacted>"
        );
        assert_eq!(
            r("tacacs-server key 7 1511021F0725"),
            "tacacs-server key 7 <redacted>"
        );
        assert_eq!(
            r("radius-server host 10.1.1.1 auth-port 1812 key RadKey9"),
            "radius-server host 10.1.1.1 auth-port 1812 key <redacted>"
        );
        assert_eq!(r(" key 7 094F471A1A0A"), " key 7 <redacted>");
        assert_eq!(r(" pac key 7 02050D480809"), " pac key 7 <redacted>");
        assert_eq!(
            r(" standby 1 authentication md5 key-string 7 1234ABCD"),
            " standby 1 authentication md5 key-string 7 <redacted>"
        );
        assert_eq!(
            r(" ip ospf message-digest-key 1 md5 7 0011223344"),
            " ip ospf message-digest-key 1 md5 7 <redacted>"
        );
        assert_eq!(
            r(" ip ospf authentication-key OspfKey"),
            " ip ospf authentication-key <redacted>"
        );
        assert_eq!(
            r("ntp authentication-key 1 md5 NtpKey7 7"),
            "ntp authentication-key 1 md5 <redacted> 7"
        );
        assert_eq!(
            r("crypto isakmp key 0 IsaKey address 0.0.0.0"),
            "crypto isakmp key 0 <redacted> address 0.0.0.0"
        );
        assert_eq!(
            r(" neighbor 10.0.0.1 password 7 110A1016141D"),
            " neighbor 10.0.0.1 password 7 <redacted>"
        );
        assert_eq!(
            r(" wpa-psk ascii 0 WifiPass"),
            " wpa-psk ascii 0 <redacted>"
        );
    }

    #[test]
    fn other_vendors() {
        // Arista
        assert_eq!(
            r("username admin privilege 15 role network-admin secret sha512 $6$salt$hash"),
            "username admin privilege 15 role network-admin secret sha512 <redacted>"
        );
        assert_eq!(
            r("radius-server host 10.2.2.2 key 7 070C285F4D06"),
            "radius-server host 10.2.2.2 key 7 <redacted>"
        );
        // Brocade
        assert_eq!(
            r("enable super-user-password 8 $MlVzZCFAbg=="),
            "enable super-user-password 8 <redacted>"
        );
        assert_eq!(
            r("snmp-server community 2 $U2kyXj1k ro"),
            "snmp-server community 2 <redacted> ro"
        );
        // Aruba AOS-S and CX
        assert_eq!(
            r("password manager user-name \"admin\" sha1 \"5baa61e4c9b93f3f0682\""),
            "password manager user-name \"admin\" sha1 \"<redacted>\""
        );
        assert_eq!(
            r("user admin group administrators password ciphertext AQBapXyz"),
            "user admin group administrators password ciphertext <redacted>"
        );
        assert_eq!(
            r("radius-server host 10.3.3.3 key \"plain key\""),
            "radius-server host 10.3.3.3 key \"<redacted>\""
        );
        // Junos
        assert_eq!(
            r("        encrypted-password \"$6$abc$def\"; ## SECRET-DATA"),
            "        encrypted-password \"<redacted>\"; ## SECRET-DATA"
        );
        assert_eq!(
            r("set system root-authentication encrypted-password \"$6$abc$def\""),
            "set system root-authentication encrypted-password \"<redacted>\""
        );
        assert_eq!(
            r("            secret \"$9$kP5Q36AtOIc\"; ## SECRET-DATA"),
            "            secret \"<redacted>\"; ## SECRET-DATA"
        );
        assert_eq!(
            r("set security ike policy p1 pre-shared-key ascii-text \"$9$Hk.5\""),
            "set security ike policy p1 pre-shared-key ascii-text \"<redacted>\""
        );
        // PAN-OS
        assert_eq!(
            r("set mgt-config users admin phash $1$salt$hash"),
            "set mgt-config users admin phash <redacted>"
        );
    }

    #[test]
    fn non_secrets_stay() {
        for line in [
            "service password-encryption",
            " description password reset desk",
            " authentication key-chain KC1",
            "crypto key generate rsa modulus 2048",
            "key chain OSPF",
            "aaa authentication dot1x default group radius",
            "ip ssh password-auth",
            "interface GigabitEthernet1/0/1",
            "",
        ] {
            assert_eq!(redact_line(line), None, "{line}");
        }
    }

    #[test]
    fn key_chain_numbers_are_not_secrets() {
        let text = "key chain OSPF\n key 1\n  key-string 7 0A1B2C\nradius server ISE\n key 12345";
        assert_eq!(
            redact_text(text).unwrap(),
            "key chain OSPF\n key 1\n  key-string 7 <redacted>\nradius server ISE\n key <redacted>"
        );
        assert_eq!(r(" key 12345"), " key <redacted>");
    }

    #[test]
    fn device_fields_are_masked() {
        let mut d = Device::new("WLLS-A01-AS-01");
        d.auth_block = vec!["radius-server key Radius1".into(), "aaa new-model".into()];
        d.ports.push(statetrace_model::Port {
            port: "Gi1/0/1".into(),
            config: Some(
                "interface Gi1/0/1\n standby 1 authentication md5 key-string Hsrp1\n mab".into(),
            ),
            ..Default::default()
        });
        assert_eq!(redact_device(&mut d), 2);
        assert_eq!(d.auth_block[0], "radius-server key <redacted>");
        assert_eq!(
            d.ports[0].config.as_deref(),
            Some("interface Gi1/0/1\n standby 1 authentication md5 key-string <redacted>\n mab")
        );
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_and_keeps_line_count(text in ".{0,200}", words in prop::collection::vec("(secret|key|password|community|\"|\\$9\\$|7|sha1|[a-z]{1,6}| )", 0..12)) {
            let _ = redact_line(&text);
            let joined = words.join(" ");
            let _ = redact_line(&joined);
            let multi = format!("{text}\n{joined}\nkey chain X\n key 1");
            if let Some(r) = redact_text(&multi) {
                prop_assert_eq!(r.split('\n').count(), multi.split('\n').count());
            }
        }
    }
}
