//! 802.1X / MAB: session tables and the per-port authentication template.

use crate::trim::TrimExt;
use std::borrow::Cow;

use statetrace_model::{AuthState, AuthTemplate};

use super::config::{InterfaceConfig, RunningConfig};
use crate::join::FastMap;
use crate::port_name::{is_port_like, short};
use crate::table::{
    canonical_words, find_ci, irregular_spacing, is_blank, is_dash_line, is_hex, is_mac, is_space,
    starts_with_ci, tokenize_into, Token,
};

/// One row of `show authentication sessions` / `show access-session`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSession<'a> {
    /// Interface cell as printed.
    pub port_raw: &'a str,
    /// Canonical short port name.
    pub port: Cow<'a, str>,
    /// The MAC/Identifier cell as printed (`0011.2233.4455`, `(unknown)`).
    pub identifier: Option<&'a str>,
    /// Client MAC, when the row has one.
    pub mac: Option<&'a str>,
    /// The Method cell as printed (`dot1x`, `mab`, `N/A`).
    pub method_cell: Option<&'a str>,
    /// The method when it is one (`dot1x`, `mab`, `webauth`).
    pub method: Option<&'a str>,
    /// The Domain cell (`DATA`, `VOICE`, `UNKNOWN`, `N/A`).
    pub domain: Option<&'a str>,
    /// The Status cell, words joined by one space (`Authz Success`, `Auth`,
    /// `Unauth`, `Running`); IOS-XE's one-letter `Fg` flags are left out.
    pub status: Cow<'a, str>,
    /// The Session ID cell.
    pub session_id: Option<&'a str>,
    /// Outcome read from the status.
    pub state: AuthState,
}

impl AuthSession<'_> {
    /// True for a session in the DATA domain, the one that describes the
    /// port's user (a phone's VOICE session does not).
    pub fn is_data(&self) -> bool {
        self.domain.is_some_and(|d| d.eq_ignore_ascii_case("data"))
    }
}

/// Reads the outcome from a session status: anything failed or
/// unauthorised is `Unauthorized`, anything else mentioning authorisation
/// (`Auth`, `Authz Success`) is `Authorized`, other states (`Running`) are
/// `Unknown`. (The original matched `auth` first in one path and so called
/// `UNAUTHENTICATED` authorised.)
pub fn auth_state(status: &str) -> AuthState {
    if find_ci(status, "unauth").is_some() || find_ci(status, "fail").is_some() {
        AuthState::Unauthorized
    } else if find_ci(status, "auth").is_some() {
        AuthState::Authorized
    } else {
        AuthState::Unknown
    }
}

const METHODS: &[&str] = &["dot1x", "mab", "webauth"];

/// IOS-XE `Fg` column values (A applying policy, D awaiting removal, ...).
fn is_flag(word: &str) -> bool {
    word.len() <= 2 && word.bytes().all(|b| b"ADFIPRUX".contains(&b))
}

/// The status words as one string, borrowed when the row already separates
/// them by single spaces.
fn join_words<'a>(line: &'a str, words: &[Token<'a>]) -> Cow<'a, str> {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return Cow::Borrowed("");
    };
    let span = &line[first.start..last.end()];
    let joined_len = words.iter().map(|t| t.text.len()).sum::<usize>() + words.len() - 1;
    if span.len() == joined_len && !span.contains(['\t', '\r', '\n']) {
        return Cow::Borrowed(span);
    }
    let mut out = String::with_capacity(joined_len);
    for (i, t) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(t.text);
    }
    Cow::Owned(out)
}

fn is_header(toks: &[Token<'_>]) -> bool {
    toks.first()
        .is_some_and(|t| t.text.eq_ignore_ascii_case("interface"))
        && toks[1..].iter().any(|t| {
            t.text.eq_ignore_ascii_case("mac") || t.text.eq_ignore_ascii_case("identifier")
        })
}

fn session<'a>(line: &'a str, toks: &[Token<'a>]) -> Option<AuthSession<'a>> {
    let port_raw = toks.first()?.text;
    if toks.len() < 2 || !is_port_like(port_raw) {
        return None;
    }
    let mac_at = toks[1..].iter().position(|t| is_mac(t.text)).map(|i| i + 1);
    let at = mac_at.unwrap_or(1);
    let cell = |k: usize| toks.get(k).map(|t| t.text);
    let method_cell = cell(at + 1);
    let method = method_cell.filter(|m| METHODS.iter().any(|k| k.eq_ignore_ascii_case(m)));
    let rest = toks.get(at + 3..).unwrap_or(&[]);
    let (mut words, session_id) = match rest.split_last() {
        Some((last, before)) if last.text.len() >= 16 && is_hex(last.text) => {
            (before, Some(last.text))
        }
        _ => (rest, None),
    };
    while words.len() > 1 && is_flag(words[words.len() - 1].text) {
        words = &words[..words.len() - 1];
    }
    let status = join_words(line, words);
    Some(AuthSession {
        port_raw,
        port: short(port_raw),
        identifier: cell(at),
        mac: mac_at.map(|i| toks[i].text),
        method_cell,
        method,
        domain: cell(at + 2),
        state: auth_state(&status),
        status,
        session_id,
    })
}

/// Parses `show authentication sessions` or `show access-session` into
/// sessions, in table order.
///
/// Rows follow the `Interface  MAC Address|Identifier ...` header; the
/// table ends at a blank line after rows, `Session count = N` or the
/// `Key to Session Events` legend.
pub fn parse_auth_sessions<'a>(lines: &[&'a str]) -> Vec<AuthSession<'a>> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    let mut in_table = false;
    let mut rows_seen = false;
    for &line in lines {
        if is_blank(line) {
            if rows_seen {
                in_table = false;
                rows_seen = false;
            }
            continue;
        }
        if is_dash_line(line) {
            continue;
        }
        let t = line.trim_ws_start();
        if starts_with_ci(t, "session count") || starts_with_ci(t, "key to session events") {
            in_table = false;
            rows_seen = false;
            continue;
        }
        tokenize_into(line, &mut toks);
        if is_header(&toks) {
            in_table = true;
            rows_seen = false;
            continue;
        }
        if in_table {
            if let Some(s) = session(line, &toks) {
                out.push(s);
                rows_seen = true;
            }
        }
    }
    out
}

/// Commands every `flexible` port should carry, in report order.
pub const FLEXIBLE_RECOMMENDED: [&str; 6] = [
    "authentication event fail action next-method",
    "authentication order mab dot1x",
    "authentication priority dot1x mab",
    "authentication port-control auto",
    "dot1x timeout quiet-period 90",
    "dot1x timeout tx-period 5",
];

/// Index in [`FLEXIBLE_RECOMMENDED`] that IOS-XE's new-style
/// `access-session port-control auto` satisfies.
const PORT_CONTROL: usize = 3;

/// A port's authentication template and, for `flexible`, the recommended
/// commands it lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthAssessment {
    /// Which authentication the configuration enforces.
    pub template: AuthTemplate,
    /// Members of [`FLEXIBLE_RECOMMENDED`] that are absent, in that order;
    /// always empty for other templates.
    pub missing: Vec<&'static str>,
}

/// The commands [`AuthFlags`] looks for besides [`FLEXIBLE_RECOMMENDED`].
const PAE: &str = "dot1x pae authenticator";
const MAB: &str = "mab";
const NEW_STYLE_PORT_CONTROL: &str = "access-session port-control auto";

/// Bit `b` set when some command of interest ends in byte `b`.
const LAST_BYTES: u128 = {
    let mut mask = 1u128 << PAE.as_bytes()[PAE.len() - 1];
    mask |= 1 << MAB.as_bytes()[MAB.len() - 1];
    mask |= 1 << NEW_STYLE_PORT_CONTROL.as_bytes()[NEW_STYLE_PORT_CONTROL.len() - 1];
    let mut i = 0;
    while i < FLEXIBLE_RECOMMENDED.len() {
        let c = FLEXIBLE_RECOMMENDED[i].as_bytes();
        mask |= 1 << c[c.len() - 1];
        i += 1;
    }
    mask
};

/// False when a trimmed line cannot hold the words of any command of
/// interest however it is spaced: its last word ends in a byte that no
/// command ends in (`authentication periodic`, `... authorize vlan 999`).
/// Such lines skip the spacing check, which searches the whole line.
fn may_end_a_command(t: &str) -> bool {
    match t.as_bytes().last() {
        // A trailing separator (not trimmed: a control byte) hides the
        // last word; let the word comparison decide.
        Some(&b) if is_space(b) => true,
        Some(&b) => {
            let b = b.to_ascii_lowercase();
            b < 128 && LAST_BYTES >> b & 1 == 1
        }
        None => false,
    }
}

/// What a run of configuration lines says about authentication.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct AuthFlags {
    pae: bool,
    mab: bool,
    present: [bool; FLEXIBLE_RECOMMENDED.len()],
}

impl AuthFlags {
    fn scan(lines: &[&str]) -> AuthFlags {
        let mut flags = AuthFlags::default();
        for line in lines {
            flags.line(line);
        }
        flags
    }

    fn line(&mut self, line: &str) {
        // Every command of interest starts with `a`, `d` or `m`: most
        // lines (switchport, description, spanning-tree) stop here.
        let t = line.trim_ascii_start();
        if !matches!(
            t.as_bytes().first().map(u8::to_ascii_lowercase),
            Some(b'a' | b'd' | b'm')
        ) {
            return;
        }
        let t = t.trim_ascii_end();
        if self.command(t.len(), |c| t.eq_ignore_ascii_case(c)) || !may_end_a_command(t) {
            return;
        }
        if !irregular_spacing(t) {
            return;
        }
        // Tabs or runs of spaces (rare): compare word by word.
        let mut buf = [0u8; 48];
        if let Some(words) = canonical_words(t, &mut buf) {
            self.command(words.len(), |c| words == c.as_bytes());
        }
    }

    /// Records the command among those of interest that `is` accepts,
    /// looking only at commands `len` bytes long; true when one matched.
    fn command(&mut self, len: usize, is: impl Fn(&str) -> bool) -> bool {
        let check = |c: &str| c.len() == len && is(c);
        if check(PAE) {
            self.pae = true;
        } else if check(MAB) {
            self.mab = true;
        } else if check(NEW_STYLE_PORT_CONTROL) {
            self.present[PORT_CONTROL] = true;
        } else if let Some(k) = FLEXIBLE_RECOMMENDED.iter().position(|c| check(c)) {
            self.present[k] = true;
        } else {
            return false;
        }
        true
    }

    fn merge(&mut self, other: &AuthFlags) {
        self.pae |= other.pae;
        self.mab |= other.mab;
        for (p, o) in self.present.iter_mut().zip(other.present) {
            *p |= o;
        }
    }

    fn assessment(&self) -> AuthAssessment {
        let template = match (self.pae, self.mab) {
            (true, true) => AuthTemplate::Flexible,
            (true, false) => AuthTemplate::Dot1x,
            (false, true) => AuthTemplate::Macauth,
            (false, false) => AuthTemplate::Open,
        };
        let missing = if template == AuthTemplate::Flexible {
            FLEXIBLE_RECOMMENDED
                .iter()
                .zip(self.present)
                .filter(|(_, p)| !p)
                .map(|(c, _)| *c)
                .collect()
        } else {
            Vec::new()
        };
        AuthAssessment { template, missing }
    }
}

/// Assesses the interfaces of one configuration, reading each template
/// once however many interfaces source it (an access switch sources the
/// same template on every port).
#[derive(Debug)]
pub struct AuthAssessor<'c, 'a> {
    config: &'c RunningConfig<'a>,
    templates: FastMap<&'a str, AuthFlags>,
}

impl<'c, 'a> AuthAssessor<'c, 'a> {
    /// Prepares to assess interfaces of `config`.
    pub fn new(config: &'c RunningConfig<'a>) -> AuthAssessor<'c, 'a> {
        let mut templates = FastMap::default();
        for t in &config.templates {
            // The first block of a name is the one `RunningConfig::template` finds.
            templates
                .entry(t.name)
                .or_insert_with(|| AuthFlags::scan(t.body()));
        }
        AuthAssessor { config, templates }
    }

    /// Classifies an interface's authentication from its own lines plus
    /// those of every template it sources (`source template NAME`),
    /// comparing whole lines without regard to case or spacing.
    pub fn assess(&self, iface: &InterfaceConfig<'_>) -> AuthAssessment {
        let mut flags = AuthFlags::scan(iface.body());
        for name in iface.source_templates() {
            if let Some(t) = self.templates.get(name) {
                flags.merge(t);
            }
        }
        flags.assessment()
    }

    /// The configuration being assessed.
    pub fn config(&self) -> &'c RunningConfig<'a> {
        self.config
    }
}

/// Classifies one interface's authentication (see [`AuthAssessor::assess`];
/// use an [`AuthAssessor`] for many interfaces of one configuration).
pub fn assess_auth(iface: &InterfaceConfig<'_>, config: &RunningConfig<'_>) -> AuthAssessment {
    AuthAssessor::new(config).assess(iface)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cisco::config::parse_running_config;

    fn parse(s: &str) -> Vec<AuthSession<'_>> {
        let lines: Vec<&str> = s.lines().collect();
        parse_auth_sessions(&lines)
    }

    /// `AuthFlags::line` as it was before the last-byte filter.
    fn line_before(flags: &mut AuthFlags, line: &str) {
        let t = line.trim_ascii_start();
        if !matches!(
            t.as_bytes().first().map(u8::to_ascii_lowercase),
            Some(b'a' | b'd' | b'm')
        ) {
            return;
        }
        let t = t.trim_ascii_end();
        if flags.command(t.len(), |c| t.eq_ignore_ascii_case(c)) || !irregular_spacing(t) {
            return;
        }
        let mut buf = [0u8; 48];
        if let Some(words) = canonical_words(t, &mut buf) {
            flags.command(words.len(), |c| words == c.as_bytes());
        }
    }

    proptest::proptest! {
        /// Commands of interest, respaced, recased and suffixed at random,
        /// set the same flags as before.
        #[test]
        fn last_byte_filter_is_exact(
            pick in 0..FLEXIBLE_RECOMMENDED.len() + 4,
            seps in proptest::collection::vec("[ \t\x01]{1,3}", 8),
            suffix in "[ a-zA-Z0-9\t\x01]{0,6}",
            upper in proptest::bool::ANY,
        ) {
            let extra = [PAE, MAB, NEW_STYLE_PORT_CONTROL, "authentication periodic"];
            let command = FLEXIBLE_RECOMMENDED
                .get(pick)
                .copied()
                .unwrap_or_else(|| extra[pick - FLEXIBLE_RECOMMENDED.len()]);
            let mut line = String::new();
            for (i, w) in command.split(' ').enumerate() {
                line.push_str(&seps[i % seps.len()]);
                line.push_str(&if upper { w.to_ascii_uppercase() } else { w.to_string() });
            }
            line.push_str(&suffix);
            let mut now = AuthFlags::default();
            now.line(&line);
            let mut before = AuthFlags::default();
            line_before(&mut before, &line);
            proptest::prop_assert_eq!(now, before, "{:?}", line);
        }
    }

    #[test]
    fn classic_sessions() {
        let rows = parse(
            "
Interface  MAC Address     Method   Domain   Status         Session ID
Fa3/0/40   (unknown)       mab      UNKNOWN  Running        0A5C58FE00000018000101FF
Gi1/0/2    001c.58af.0001  mab      DATA     Auth\t         0A2222222222222222222222
Gi1/0/1    001c.58af.0000  N/A      UNKNOWN  Unauth         0A11111111111111111111FF
Gi1/0/7    001c.58af.0007  mab      DATA     Authc Failed   0A00000000000000000000A7
Fa3/0/13   002a.12cd.3d08  dot1x    DATA     Authz  Success 0A0A7F9B0000A92A2C0101FF
",
        );
        let got: Vec<_> = rows
            .iter()
            .map(|s| {
                (
                    s.port.as_ref(),
                    s.mac,
                    s.method,
                    s.domain,
                    s.status.as_ref(),
                    s.state,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Fa3/0/40",
                    None,
                    Some("mab"),
                    Some("UNKNOWN"),
                    "Running",
                    AuthState::Unknown
                ),
                (
                    "Gi1/0/2",
                    Some("001c.58af.0001"),
                    Some("mab"),
                    Some("DATA"),
                    "Auth",
                    AuthState::Authorized
                ),
                (
                    "Gi1/0/1",
                    Some("001c.58af.0000"),
                    None,
                    Some("UNKNOWN"),
                    "Unauth",
                    AuthState::Unauthorized
                ),
                (
                    "Gi1/0/7",
                    Some("001c.58af.0007"),
                    Some("mab"),
                    Some("DATA"),
                    "Authc Failed",
                    AuthState::Unauthorized
                ),
                (
                    "Fa3/0/13",
                    Some("002a.12cd.3d08"),
                    Some("dot1x"),
                    Some("DATA"),
                    "Authz Success",
                    AuthState::Authorized
                ),
            ]
        );
        assert_eq!(rows[0].identifier, Some("(unknown)"));
        assert_eq!(rows[2].method_cell, Some("N/A"));
        assert_eq!(rows[1].session_id, Some("0A2222222222222222222222"));
        assert!(matches!(rows[3].status, Cow::Borrowed(_)));
        assert!(matches!(rows[4].status, Cow::Owned(_)));
    }

    #[test]
    fn ios_xe_access_session_with_flags_and_legend() {
        let rows = parse(
            "Interface                MAC Address    Method  Domain  Status Fg  Session ID
--------------------------------------------------------------------------------------------
Gi1/0/10                 c89a.12cd.3b74 dot1x   DATA    Auth        0A0A1DFE00000FB3000101FF
Gi1/0/26                 005a.12cd.3567 N/A     UNKNOWN Unauth      0A0A1DFE00001F8D160101FF
Gi1/0/27                 005a.12cd.3568 mab     DATA    Auth   A    0A0A1DFE00001F8D160101FE

Key to Session Events Blocked Status Flags:
  A - Applying Policy (multi-line status for details)
Gi1/0/99                 005a.12cd.3569 mab     DATA    Auth        0A0A1DFE00001F8D160101FD
Runnable methods list:
  Handle  Priority  Name
    13       5      dot1x
Session count = 3",
        );
        let got: Vec<_> = rows
            .iter()
            .map(|s| (s.port.as_ref(), s.status.as_ref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Gi1/0/10", "Auth"),
                ("Gi1/0/26", "Unauth"),
                ("Gi1/0/27", "Auth")
            ]
        );
    }

    #[test]
    fn identifier_header_and_missing_session_id() {
        let rows = parse(
            "Interface  Identifier      Method   Domain   Status\n\
             GigabitEthernet1/0/3 0011.2233.4455 webauth DATA Authz Success\n",
        );
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].port, "Gi1/0/3");
        assert_eq!(rows[0].method, Some("webauth"));
        assert_eq!(rows[0].status, "Authz Success");
        assert_eq!(rows[0].session_id, None);
    }

    #[test]
    fn no_header_no_rows() {
        assert!(parse("Gi1/0/2 001c.58af.0001 mab DATA Auth 0A2222222222222222").is_empty());
        assert!(parse("Interface MAC\nInterface MAC Address\n").is_empty());
    }

    #[test]
    fn states() {
        assert_eq!(auth_state("UNAUTHENTICATED"), AuthState::Unauthorized);
        assert_eq!(auth_state("Authz Failed"), AuthState::Unauthorized);
        assert_eq!(auth_state("Authz Success"), AuthState::Authorized);
        assert_eq!(auth_state("Running"), AuthState::Unknown);
        assert_eq!(auth_state(""), AuthState::Unknown);
    }

    const CONFIG: &str = "template FLEX
 dot1x pae authenticator
 mab
 dot1x timeout tx-period 5
!
interface GigabitEthernet1/0/1
 source template FLEX
 authentication order mab dot1x
 access-session port-control auto
!
interface GigabitEthernet1/0/2
 Dot1x  PAE authenticator
 mab
 authentication event fail action next-method
 authentication order mab dot1x
 authentication priority dot1x mab
 authentication port-control auto
 dot1x timeout quiet-period 90
 dot1x timeout tx-period 5
!
interface GigabitEthernet1/0/3
 dot1x pae authenticator
!
interface GigabitEthernet1/0/4
 mab eap
 mab
!
interface GigabitEthernet1/0/5
 description mab
 source template MISSING
!";

    fn assess(port: &str) -> AuthAssessment {
        let lines: Vec<&str> = CONFIG.lines().collect();
        let cfg = parse_running_config(&lines);
        assess_auth(cfg.interface(port).unwrap(), &cfg)
    }

    #[test]
    fn templates_follow_sourced_blocks() {
        let a = assess("Gi1/0/1");
        assert_eq!(a.template, AuthTemplate::Flexible);
        assert_eq!(
            a.missing,
            [
                "authentication event fail action next-method",
                "authentication priority dot1x mab",
                "dot1x timeout quiet-period 90",
            ]
        );
        let b = assess("Gi1/0/2");
        assert_eq!((b.template, b.missing.len()), (AuthTemplate::Flexible, 0));
        assert_eq!(
            assess("Gi1/0/3"),
            AuthAssessment {
                template: AuthTemplate::Dot1x,
                missing: vec![]
            }
        );
        assert_eq!(assess("Gi1/0/4").template, AuthTemplate::Macauth);
        assert_eq!(assess("Gi1/0/5").template, AuthTemplate::Open);
    }

    #[test]
    fn odd_spacing_and_case_still_count() {
        let text = "interface Gi1/0/1\n dot1x  pae\tauthenticator\n  MAB \n Authentication Order mab dot1x\n authentication   priority dot1x mab\n dot1x timeout tx-period 50\n!";
        let lines: Vec<&str> = text.lines().collect();
        let cfg = parse_running_config(&lines);
        let a = assess_auth(&cfg.interfaces[0], &cfg);
        assert_eq!(a.template, AuthTemplate::Flexible);
        // `tx-period 50` is not `tx-period 5`; the two odd-spaced ones count.
        assert_eq!(
            a.missing,
            [
                "authentication event fail action next-method",
                "authentication port-control auto",
                "dot1x timeout quiet-period 90",
                "dot1x timeout tx-period 5",
            ]
        );
    }

    #[test]
    fn one_assessor_reads_each_template_once_for_every_port() {
        let text = "template T1\n dot1x pae authenticator\n mab\n!\ntemplate T1\n mab\n!\n\
                    interface Gi1/0/1\n source template T1\n!\ninterface Gi1/0/2\n mab\n!";
        let lines: Vec<&str> = text.lines().collect();
        let cfg = parse_running_config(&lines);
        let assessor = AuthAssessor::new(&cfg);
        // The first `template T1` block is the one that counts, as
        // `RunningConfig::template` finds it.
        assert_eq!(
            assessor.assess(&cfg.interfaces[0]).template,
            AuthTemplate::Flexible
        );
        assert_eq!(
            assessor.assess(&cfg.interfaces[1]).template,
            AuthTemplate::Macauth
        );
        for i in &cfg.interfaces {
            assert_eq!(assessor.assess(i), assess_auth(i, &cfg));
        }
    }
}
