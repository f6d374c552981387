//! `show dot1x interface`: 802.1X / MAC RADIUS sessions per port.
//!
//! ```text
//! 802.1X Information:
//! Interface     Role           State           MAC address          User
//! ge-0/0/1.0    Authenticator  Authenticated   00:1C:58:AF:00:01    jdoe
//! ge-0/0/2.0    Authenticator  Connecting
//! ```
//!
//! A row without a MAC address is a port waiting for a supplicant, not a
//! session. The brief table does not name the method; a MAC RADIUS session
//! is recognisable because its user name is the client's MAC (that is what
//! the switch sends as the RADIUS user name).

use crate::trim::TrimExt;
use statetrace_model::AuthState;

use crate::juniper::terse::physical_name;
use crate::port_name::is_port_like;
use crate::table::{is_colon_mac, tokenize_into};

/// One row of `show dot1x interface`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dot1xRow<'a> {
    /// Interface as printed (`ge-0/0/1.0`).
    pub interface: &'a str,
    /// Role (`Authenticator`).
    pub role: &'a str,
    /// State as printed: `Authenticated`, `Authenticating`, `Connecting`,
    /// `Held`, `Initialize`, ... (several words kept together).
    pub state: &'a str,
    /// Supplicant MAC address as printed, when there is one.
    pub mac: Option<&'a str>,
    /// User name, when printed.
    pub user: Option<&'a str>,
}

impl<'a> Dot1xRow<'a> {
    /// The physical port (`ge-0/0/1`).
    pub fn port(&self) -> &'a str {
        physical_name(self.interface)
    }

    /// True when the row describes a supplicant (it has a MAC address).
    pub fn is_session(&self) -> bool {
        self.mac.is_some()
    }

    /// The session's outcome: `Authenticated` is authorised; `Held` (the
    /// supplicant failed and the port is in its quiet period) is not;
    /// anything else (still authenticating, connecting) is unknown.
    pub fn auth_state(&self) -> AuthState {
        if self.state.eq_ignore_ascii_case("authenticated") {
            AuthState::Authorized
        } else if self.state.eq_ignore_ascii_case("held") {
            AuthState::Unauthorized
        } else {
            AuthState::Unknown
        }
    }

    /// `mab` when the user name is the client's MAC (MAC RADIUS), `dot1x`
    /// for any other user name, `None` without one.
    pub fn method(&self) -> Option<&'static str> {
        let user = self.user?;
        let mac = self.mac?;
        Some(if same_mac(user, mac) { "mab" } else { "dot1x" })
    }
}

/// True when `user` spells the same 12 hex digits as `mac`, whatever the
/// separators (`001c58af0001`, `00-1C-58-AF-00-01`, `001c.58af.0001`).
fn same_mac(user: &str, mac: &str) -> bool {
    let digits = |s: &str| -> Option<u64> {
        let mut v = 0u64;
        let mut n = 0;
        for c in s.chars() {
            if let Some(d) = c.to_digit(16) {
                v = (v << 4) | u64::from(d);
                n += 1;
            } else if !matches!(c, ':' | '-' | '.') {
                return None;
            }
        }
        (n == 12).then_some(v)
    };
    matches!((digits(user), digits(mac)), (Some(a), Some(b)) if a == b)
}

/// Parses the `show dot1x interface` table into rows, in printed order.
/// Rows start with an interface name and its role; the detail format
/// (`Role: Authenticator` lines) yields nothing.
pub fn parse_dot1x_interface<'a>(lines: &[&'a str]) -> Vec<Dot1xRow<'a>> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    for &line in lines {
        tokenize_into(line, &mut toks);
        if toks.len() < 3 || !is_port_like(toks[0].text) || toks[1].text.ends_with(':') {
            continue;
        }
        let mac_at = toks[2..]
            .iter()
            .position(|t| is_colon_mac(t.text))
            .map(|i| i + 2);
        let state_end = mac_at.unwrap_or(toks.len());
        if state_end <= 2 {
            continue;
        }
        let state = line[toks[2].start..toks[state_end - 1].end()].trim_ws_end();
        let user = mac_at
            .and_then(|m| toks.get(m + 1))
            .map(|t| line[t.start..].trim_ws_end());
        out.push(Dot1xRow {
            interface: toks[0].text,
            role: toks[1].text,
            state,
            mac: mac_at.map(|m| toks[m].text),
            user,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "\
802.1X Information:
Interface     Role           State           MAC address          User
ge-0/0/1.0    Authenticator  Authenticated   00:1C:58:AF:00:01    jdoe
ge-0/0/2.0    Authenticator  Connecting
ge-0/0/3.0    Authenticator  Authenticated   00:1c:58:af:00:03    001c58af0003
ge-0/0/4.0    Authenticator  Held            00:1c:58:af:00:04    mallory
ge-0/0/5.0    Authenticator  Authenticating  00:1c:58:af:00:05
ge-0/0/6.0    Authenticator  Force Unauth
";

    fn rows() -> Vec<Dot1xRow<'static>> {
        let lines: Vec<&str> = TABLE.lines().collect();
        parse_dot1x_interface(&lines)
    }

    #[test]
    fn rows_and_sessions() {
        let r = rows();
        assert_eq!(r.len(), 6);
        assert_eq!(
            r[0],
            Dot1xRow {
                interface: "ge-0/0/1.0",
                role: "Authenticator",
                state: "Authenticated",
                mac: Some("00:1C:58:AF:00:01"),
                user: Some("jdoe"),
            }
        );
        assert_eq!(r[0].port(), "ge-0/0/1");
        assert!(!r[1].is_session());
        assert_eq!(r[5].state, "Force Unauth");
        let got: Vec<_> = r
            .iter()
            .filter(|s| s.is_session())
            .map(|s| (s.port(), s.auth_state(), s.method()))
            .collect();
        assert_eq!(
            got,
            [
                ("ge-0/0/1", AuthState::Authorized, Some("dot1x")),
                ("ge-0/0/3", AuthState::Authorized, Some("mab")),
                ("ge-0/0/4", AuthState::Unauthorized, Some("dot1x")),
                ("ge-0/0/5", AuthState::Unknown, None),
            ]
        );
    }

    #[test]
    fn mac_user_names() {
        assert!(same_mac("00-1C-58-AF-00-01", "00:1c:58:af:00:01"));
        assert!(same_mac("001c.58af.0001", "00:1c:58:af:00:01"));
        assert!(!same_mac("001c58af0002", "00:1c:58:af:00:01"));
        assert!(!same_mac("deadbeef", "00:1c:58:af:00:01"));
        assert!(!same_mac("001c58af0001x", "00:1c:58:af:00:01"));
    }

    #[test]
    fn detail_format_and_headers_yield_nothing() {
        let lines = [
            "ge-0/0/16.0",
            "  Role: Authenticator",
            "Interface     Role           State           MAC address          User",
            "802.1X Information:",
            "ge-0/0/1.0 Authenticator",
        ];
        assert!(parse_dot1x_interface(&lines).is_empty());
    }
}
