//! 802.1X / MAC-based authentication on EOS: the per-port template from
//! the configuration and the sessions of `show dot1x hosts`.
//!
//! EOS configures both methods under `dot1x`: `dot1x pae authenticator`
//! makes the port an 802.1X authenticator, `dot1x mac based
//! authentication` (optionally `always` or `host-mode common`) adds MAC
//! authentication (MAB), and `dot1x eapol disabled` turns EAPOL off so that
//! only MAB is left.

use std::borrow::Cow;

use statetrace_model::{AuthState, AuthTemplate};

use super::config::InterfaceConfig;
use super::mac::is_mac_shaped;
use super::port::port_key;
use crate::port_name::is_port_like;
use crate::table::{find_ci, is_blank, is_dash_line, is_digits, tokenize_into, Token};

/// Commands every `flexible` EOS port should carry, in report order: the
/// EOS forms of the Cisco recommendations that EOS has (it has no
/// method order, priority or next-method settings; it falls back to MAB by
/// itself).
pub const FLEXIBLE_RECOMMENDED: [&str; 3] = [
    "dot1x port-control auto",
    "dot1x timeout quiet-period 90",
    "dot1x timeout tx-period 5",
];

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

/// Classifies an interface's authentication from its lines: 802.1X when it
/// is an authenticator with EAPOL enabled, MAB when MAC-based
/// authentication is on; both make `flexible`.
pub fn assess_auth(iface: &InterfaceConfig<'_>) -> AuthAssessment {
    // The lines were read as the configuration was parsed.
    let f = iface.facts();
    let (pae, eapol_off, mab, present) = (f.pae, f.eapol_off, f.mab, f.present);
    let template = match (pae && !eapol_off, mab) {
        (true, true) => AuthTemplate::Flexible,
        (true, false) => AuthTemplate::Dot1x,
        (false, true) => AuthTemplate::Macauth,
        (false, false) => AuthTemplate::Open,
    };
    let missing = if template == AuthTemplate::Flexible {
        FLEXIBLE_RECOMMENDED
            .iter()
            .zip(present)
            .filter(|(_, p)| !p)
            .map(|(c, _)| *c)
            .collect()
    } else {
        Vec::new()
    };
    AuthAssessment { template, missing }
}

/// One session row of `show dot1x hosts` (or `show dot1x all brief`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dot1xHost<'a> {
    /// Port as printed (`Et5`).
    pub port_raw: &'a str,
    /// Key of the port ([`port_key`]).
    pub port: Cow<'a, str>,
    /// Supplicant MAC, when the row has one.
    pub mac: Option<&'a str>,
    /// The Auth cell as printed (`EAPOL`, `MAC-BASED-AUTH`).
    pub method_cell: Option<&'a str>,
    /// The method: `dot1x` for EAPOL, `mab` for MAC-based authentication.
    pub method: Option<&'static str>,
    /// The State cell as printed (`SUCCESS`, `FAILED`, `AUTHENTICATING`,
    /// `Authorized`).
    pub state_cell: Option<&'a str>,
    /// Outcome read from the state.
    pub state: AuthState,
    /// The Fallback cell (`NONE`, or the fallback applied).
    pub fallback: Option<&'a str>,
    /// The VLAN cell, when the server assigned one.
    pub vlan: Option<&'a str>,
}

/// The method an Auth cell names.
fn method_of(word: &str) -> Option<&'static str> {
    if word.eq_ignore_ascii_case("eapol") || word.eq_ignore_ascii_case("dot1x") {
        Some("dot1x")
    } else if crate::table::starts_with_ci(word, "mac")
        || word.eq_ignore_ascii_case("mba")
        || word.eq_ignore_ascii_case("mab")
    {
        Some("mab")
    } else {
        None
    }
}

/// Session states EOS prints (upper-case in `show dot1x hosts`, capitalised
/// in older summaries), compared without regard to case.
const STATES: &[&str] = &[
    "success",
    "authorized",
    "unauthorized",
    "failed",
    "failure",
    "fail",
    "held",
    "timeout",
    "supplicant-timeout",
    "server-timeout",
    "authenticating",
    "connecting",
    "restart",
    "disconnected",
    "logoff",
];

fn is_state_word(word: &str) -> bool {
    STATES.iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// Reads the outcome from a session state: `SUCCESS` and `Authorized` are
/// authorised; failures, timeouts, `HELD` (the quiet period after a
/// failure) and `Unauthorized` are not; states still in progress are
/// `Unknown`.
pub fn host_state(state: &str) -> AuthState {
    if state.eq_ignore_ascii_case("success") || state.eq_ignore_ascii_case("authorized") {
        AuthState::Authorized
    } else if find_ci(state, "unauth").is_some()
        || find_ci(state, "fail").is_some()
        || find_ci(state, "timeout").is_some()
        || state.eq_ignore_ascii_case("held")
    {
        AuthState::Unauthorized
    } else {
        AuthState::Unknown
    }
}

/// Reads a header line; `Some(true)` when it has a Fallback column.
fn header(toks: &[Token<'_>]) -> Option<bool> {
    let first = toks.first()?;
    let has = |w: &str| toks[1..].iter().any(|t| t.text.eq_ignore_ascii_case(w));
    let named =
        first.text.eq_ignore_ascii_case("port") || first.text.eq_ignore_ascii_case("interface");
    (named && (has("supplicant") || has("mac") || has("client"))).then(|| has("fallback"))
}

fn host<'a>(toks: &[Token<'a>], has_fallback: bool) -> Option<Dot1xHost<'a>> {
    let port_raw = toks.first()?.text;
    if toks.len() < 2 || !is_port_like(port_raw) {
        return None;
    }
    let rest = &toks[1..];
    let mac = rest.iter().find(|t| is_mac_shaped(t.text)).map(|t| t.text);
    let method_at = rest.iter().position(|t| method_of(t.text).is_some());
    let state_at = rest
        .iter()
        .position(|t| is_state_word(t.text))
        .or(method_at.map(|m| m + 1).filter(|&s| s < rest.len()));
    // A session is a client's: a row without one (a port-level
    // `Unauthorized` in older summaries) says no session exists.
    mac?;
    let state_cell = state_at.map(|s| rest[s].text);
    // The VLAN is the last cell, and only a number is one.
    let vlan = rest.last().filter(|t| is_digits(t.text)).map(|t| t.text);
    let fallback = state_at
        .filter(|_| has_fallback)
        .and_then(|s| rest.get(s + 1))
        .filter(|t| !is_digits(t.text))
        .map(|t| t.text);
    Some(Dot1xHost {
        port_raw,
        port: port_key(port_raw),
        mac,
        method_cell: method_at.map(|m| rest[m].text),
        method: method_at.and_then(|m| method_of(rest[m].text)),
        state_cell,
        state: state_cell.map_or(AuthState::Unknown, host_state),
        fallback,
        vlan,
    })
}

/// Parses `show dot1x hosts` (`Port Supplicant MAC Auth State Fallback
/// VLAN`) into sessions, in table order. Rows follow the header; a blank
/// line after rows ends the table. The same reading serves the older
/// `Interface Client Status` summaries.
pub fn parse_dot1x_hosts<'a>(lines: &[&'a str]) -> Vec<Dot1xHost<'a>> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    // `Some(has_fallback)` while inside a table.
    let mut table: Option<bool> = None;
    let mut rows_seen = false;
    for &line in lines {
        if is_blank(line) {
            if rows_seen {
                table = None;
                rows_seen = false;
            }
            continue;
        }
        if is_dash_line(line) {
            continue;
        }
        tokenize_into(line, &mut toks);
        if let Some(fallback) = header(&toks) {
            table = Some(fallback);
            rows_seen = false;
            continue;
        }
        if let Some(has_fallback) = table {
            if let Some(h) = host(&toks, has_fallback) {
                out.push(h);
                rows_seen = true;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arista::config::parse_running_config;

    const CONFIG: &str = "interface Ethernet1
   dot1x pae authenticator
   dot1x authentication failure action traffic allow vlan 999
   dot1x reauthentication
   dot1x port-control auto
   dot1x host-mode multi-host authenticated
   dot1x mac based authentication
   dot1x timeout quiet-period 90
   dot1x timeout tx-period 5
!
interface Ethernet2
   Dot1x  PAE authenticator
   dot1x mac based authentication always
   dot1x timeout tx-period 10
!
interface Ethernet3
   dot1x pae authenticator
   dot1x port-control auto
!
interface Ethernet4
   dot1x pae authenticator
   dot1x port-control auto
   dot1x eapol disabled
   dot1x mac based authentication
!
interface Ethernet5
   description dot1x mac based authentication
   dot1x port-control force-authorized
!
interface Ethernet6
   dot1x mac based authentication host-mode common
!";

    fn assess(port: &str) -> AuthAssessment {
        let lines: Vec<&str> = CONFIG.lines().collect();
        let cfg = parse_running_config(&lines);
        assess_auth(cfg.interface(port).unwrap())
    }

    #[test]
    fn templates() {
        assert_eq!(
            assess("Et1"),
            AuthAssessment {
                template: AuthTemplate::Flexible,
                missing: vec![]
            }
        );
        assert_eq!(
            assess("Et2"),
            AuthAssessment {
                template: AuthTemplate::Flexible,
                missing: FLEXIBLE_RECOMMENDED.to_vec()
            }
        );
        assert_eq!(assess("Et3").template, AuthTemplate::Dot1x);
        assert!(assess("Et3").missing.is_empty());
        // EAPOL disabled leaves MAC-based authentication only.
        assert_eq!(assess("Et4").template, AuthTemplate::Macauth);
        assert_eq!(assess("Et5").template, AuthTemplate::Open);
        assert_eq!(assess("Et6").template, AuthTemplate::Macauth);
    }

    fn parse(s: &str) -> Vec<Dot1xHost<'_>> {
        let lines: Vec<&str> = s.lines().collect();
        parse_dot1x_hosts(&lines)
    }

    #[test]
    fn hosts_table() {
        let rows = parse(
            "Port       Supplicant MAC    Auth            State             Fallback   VLAN
---------- ----------------- --------------- ----------------- ---------- ------
Et1        3c52.82a1.0f11    EAPOL           SUCCESS           NONE
Et2        0017.c8d2.44e0    MAC-BASED-AUTH  SUCCESS           NONE       130
Et3        d4f5.ef01.22b9    EAPOL           FAILED            NONE
Et4        a4bb.6d9e.0c41    EAPOL           AUTHENTICATING    NONE

Et9        a4bb.6d9e.0c42    EAPOL           SUCCESS           NONE",
        );
        let got: Vec<_> = rows
            .iter()
            .map(|h| {
                (
                    h.port.as_ref(),
                    h.mac,
                    h.method,
                    h.state_cell,
                    h.state,
                    h.fallback,
                    h.vlan,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Et1",
                    Some("3c52.82a1.0f11"),
                    Some("dot1x"),
                    Some("SUCCESS"),
                    AuthState::Authorized,
                    Some("NONE"),
                    None
                ),
                (
                    "Et2",
                    Some("0017.c8d2.44e0"),
                    Some("mab"),
                    Some("SUCCESS"),
                    AuthState::Authorized,
                    Some("NONE"),
                    Some("130")
                ),
                (
                    "Et3",
                    Some("d4f5.ef01.22b9"),
                    Some("dot1x"),
                    Some("FAILED"),
                    AuthState::Unauthorized,
                    Some("NONE"),
                    None
                ),
                (
                    "Et4",
                    Some("a4bb.6d9e.0c41"),
                    Some("dot1x"),
                    Some("AUTHENTICATING"),
                    AuthState::Unknown,
                    Some("NONE"),
                    None
                ),
            ]
        );
        assert_eq!(rows[1].method_cell, Some("MAC-BASED-AUTH"));
    }

    #[test]
    fn older_summary_and_unknown_state_after_method() {
        let rows = parse(
            "Port    Authorized    Mode          MAC Address     Vlan\n\
             Et1     Authorized    Single-Host   0050.5688.ac0e  10\n\
             Et2     Unauthorized  Multi-Host\n\
             Port  Supplicant MAC  Auth  State\n\
             Et3   0050.5688.ac0f  EAPOL  WEIRD\n\
             Et4   -  -",
        );
        let got: Vec<_> = rows
            .iter()
            .map(|h| (h.port.as_ref(), h.mac, h.state, h.vlan, h.fallback))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Et1",
                    Some("0050.5688.ac0e"),
                    AuthState::Authorized,
                    Some("10"),
                    None
                ),
                (
                    "Et3",
                    Some("0050.5688.ac0f"),
                    AuthState::Unknown,
                    None,
                    None
                ),
            ]
        );
        assert_eq!(rows[1].state_cell, Some("WEIRD"));
        assert!(parse("Et1 3c52.82a1.0f11 EAPOL SUCCESS").is_empty());
    }

    #[test]
    fn client_status_summary_keys_long_names() {
        let rows = parse(
            "Interface       Client                Status\n\
             -------------------------------------------------\n\
             Ethernet1       None                  Unauthorized\n\
             Ethernet2       0050.5688.ac10        Authorized\n",
        );
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].port, "Et2");
        assert_eq!(rows[0].state, AuthState::Authorized);
        assert_eq!((rows[0].method, rows[0].fallback), (None, None));
    }

    #[test]
    fn states() {
        assert_eq!(host_state("SUCCESS"), AuthState::Authorized);
        assert_eq!(host_state("Authorized"), AuthState::Authorized);
        assert_eq!(host_state("Unauthorized"), AuthState::Unauthorized);
        assert_eq!(host_state("SUPPLICANT-TIMEOUT"), AuthState::Unauthorized);
        assert_eq!(host_state("HELD"), AuthState::Unauthorized);
        assert_eq!(host_state("FAILED"), AuthState::Unauthorized);
        assert_eq!(host_state("AUTHENTICATING"), AuthState::Unknown);
        assert_eq!(host_state(""), AuthState::Unknown);
    }
}
