//! 802.1X and MAC-authentication sessions, from every FastIron table that
//! lists them:
//!
//! * 8.x `show authentication sessions all` (both methods, `8021.X` /
//!   `MAUTH` in the method column, an `Auth State` of `permit`/`deny`/...
//!   and the 802.1X `PAE State`);
//! * 8.x `show dot1x sessions all` and `show mac-authentication sessions
//!   all`;
//! * 7.x `show dot1x mac-sessions` and the two `show auth-mac-addresses
//!   authorized-mac` / `unauthorized-mac` lists (MAC first).
//!
//! The layouts differ in columns but every row has the port and the client
//! MAC next to each other, so rows are found by that pair and the rest of
//! the row is read by its words.
//!
//! A row is authorised only when nothing in it says otherwise: any
//! negative word (`deny`, `restrict`, a `PAE State` of `UNAUTHENTICATED` or
//! `HELD`, `No` in an authenticated column, or the row coming from the
//! unauthorised list) makes it `Unauthorized`; else a positive word
//! (`permit`, `AUTHENTICATED`, `Yes`) makes it `Authorized`; anything else
//! (`init`, `CONNECTING`) is `Unknown`. The original tested for the
//! substring `AUTHENTICATED` and so called `UNAUTHENTICATED` authorised.
//! `Yes`/`No` are read only in MAC-authentication tables without an
//! `Auth State` word, because the unified table prints `Yes`/`None` in its
//! ACL column.

use std::borrow::Cow;

use statetrace_model::AuthState;

use super::ports::{port_key, PortId, PortKind};
use crate::table::{is_mac, tokenize_into};

/// The command a session table came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionTable {
    /// `show authentication sessions all` (both methods).
    Unified,
    /// `show dot1x sessions all` or 7.x `show dot1x mac-sessions`.
    Dot1x,
    /// `show mac-authentication sessions all`.
    MacAuth,
    /// 7.x `show auth-mac-addresses authorized-mac`.
    MacAuthAuthorized,
    /// 7.x `show auth-mac-addresses unauthorized-mac`.
    MacAuthUnauthorized,
}

impl SessionTable {
    fn is_mac_auth(self) -> bool {
        matches!(
            self,
            SessionTable::MacAuth
                | SessionTable::MacAuthAuthorized
                | SessionTable::MacAuthUnauthorized
        )
    }
}

/// One authentication session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSession<'a> {
    /// Port as printed (`1/1/3`).
    pub port_raw: &'a str,
    /// StateTrace port key (`Et1/1/3`).
    pub port: Cow<'a, str>,
    /// Client MAC as printed.
    pub mac: &'a str,
    /// `dot1x` or `mab`: from the method cell (`8021.X`, `MAUTH`), else from
    /// the table; `None` for a unified row without a method.
    pub method: Option<&'static str>,
    /// The `Auth State` cell (`permit`, `deny`, `restrict`, `init`), if any.
    pub auth_state: Option<&'a str>,
    /// The `PAE State` cell (`AUTHENTICATED`, `CONNECTING`, ...), if any.
    pub pae_state: Option<&'a str>,
    /// The outcome.
    pub state: AuthState,
}

const POSITIVE_AUTH: &[&str] = &["permit"];
const NEGATIVE_AUTH: &[&str] = &["deny", "restrict", "restricted", "block", "blocked"];
const NEUTRAL_AUTH: &[&str] = &["init", "pending"];
const PAE: &[&str] = &[
    "AUTHENTICATED",
    "UNAUTHENTICATED",
    "AUTHENTICATING",
    "CONNECTING",
    "HELD",
    "ABORTING",
    "DISCONNECTED",
    "INITIALIZE",
    "RESTART",
    "FORCE_AUTH",
    "FORCE_UNAUTH",
];
const NEGATIVE_PAE: &[&str] = &["UNAUTHENTICATED", "HELD", "ABORTING", "FORCE_UNAUTH"];

fn one_of(word: &str, set: &[&str]) -> bool {
    set.iter().any(|s| s.eq_ignore_ascii_case(word))
}

fn method_of(word: &str) -> Option<&'static str> {
    if one_of(word, &["8021.X", "802.1X", "dot1x"]) {
        Some("dot1x")
    } else if one_of(word, &["MAUTH", "mac-auth", "macauth", "mab"]) {
        Some("mab")
    } else {
        None
    }
}

fn is_port(s: &str) -> bool {
    PortId::numbers(PortKind::Ethernet, s).is_some()
}

/// Parses one session table into sessions, in table order.
pub fn parse_sessions<'a>(lines: &[&'a str], table: SessionTable) -> Vec<AuthSession<'a>> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    for &line in lines {
        tokenize_into(line, &mut toks);
        if toks.len() < 2 {
            continue;
        }
        let (port_raw, mac, rest) = if is_port(toks[0].text) && is_mac(toks[1].text) {
            (toks[0].text, toks[1].text, &toks[2..])
        } else if is_mac(toks[0].text) && is_port(toks[1].text) {
            (toks[1].text, toks[0].text, &toks[2..])
        } else {
            continue;
        };
        let mut method = None;
        let mut auth_state = None;
        let mut pae_state = None;
        let mut yes_no = None;
        for t in rest {
            let w = t.text.trim_start_matches('*');
            if method.is_none() {
                if let Some(m) = method_of(w) {
                    method = Some(m);
                    continue;
                }
            }
            if auth_state.is_none()
                && (one_of(w, POSITIVE_AUTH) || one_of(w, NEGATIVE_AUTH) || one_of(w, NEUTRAL_AUTH))
            {
                auth_state = Some(w);
            } else if pae_state.is_none() && one_of(w, PAE) {
                pae_state = Some(w);
            } else if yes_no.is_none()
                && (w.eq_ignore_ascii_case("yes") || w.eq_ignore_ascii_case("no"))
            {
                yes_no = Some(w);
            }
        }
        let yes_no = yes_no.filter(|_| table.is_mac_auth() && auth_state.is_none());
        let negative = auth_state.is_some_and(|a| one_of(a, NEGATIVE_AUTH))
            || pae_state.is_some_and(|p| one_of(p, NEGATIVE_PAE))
            || yes_no.is_some_and(|y| y.eq_ignore_ascii_case("no"))
            || table == SessionTable::MacAuthUnauthorized;
        let positive = auth_state.is_some_and(|a| one_of(a, POSITIVE_AUTH))
            || pae_state.is_some_and(|p| p.eq_ignore_ascii_case("AUTHENTICATED"))
            || yes_no.is_some_and(|y| y.eq_ignore_ascii_case("yes"));
        let state = if negative {
            AuthState::Unauthorized
        } else if positive {
            AuthState::Authorized
        } else {
            AuthState::Unknown
        };
        let method = method.or(match table {
            SessionTable::Unified => None,
            SessionTable::Dot1x => Some("dot1x"),
            _ => Some("mab"),
        });
        out.push(AuthSession {
            port_raw,
            port: port_key(port_raw),
            mac,
            method,
            auth_state,
            pae_state,
            state,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str, t: SessionTable) -> Vec<AuthSession<'_>> {
        let lines: Vec<&str> = s.lines().collect();
        parse_sessions(&lines, t)
    }

    type Row<'a> = (&'a str, &'a str, Option<&'static str>, AuthState);

    fn flat<'a>(rows: &'a [AuthSession<'a>]) -> Vec<Row<'a>> {
        rows.iter()
            .map(|s| (s.port.as_ref(), s.mac, s.method, s.state))
            .collect()
    }

    #[test]
    fn unified_table() {
        let rows = parse(
            "Port    MAC             IP(v4/v6)           User   VLAN Auth    Auth   ACL   Session  Age  PAE
        Addr            Addr                Name        Method  State        Time          State
2/1/25  00aa.aaaa.0000           MVDI_1 130  MAUTH   permit Yes   210     Ena   N/A
2/1/25  00aa.aaaa.0001  fe80::2aa:aaff:feaa DVDI_1 130  8021.X  permit Yes   210     Ena   AUTHENTICATED
1/1/15 00bb.bbbb.0001   N/A                 DVDI_2 230  8021.X  deny   None  500    Ena    UNAUTHENTICATED
1/1/10 0010.9400.1101   N/A                 MVDI_2 330  MAUTH   init   No    410    Ena    N/A
1/1/11 0010.9400.1102   N/A                 DVDI_3 330  8021.X  permit None  410    Ena    HELD",
            SessionTable::Unified,
        );
        assert_eq!(
            flat(&rows),
            [
                (
                    "Et2/1/25",
                    "00aa.aaaa.0000",
                    Some("mab"),
                    AuthState::Authorized
                ),
                (
                    "Et2/1/25",
                    "00aa.aaaa.0001",
                    Some("dot1x"),
                    AuthState::Authorized
                ),
                (
                    "Et1/1/15",
                    "00bb.bbbb.0001",
                    Some("dot1x"),
                    AuthState::Unauthorized
                ),
                // `No` is the ACL column here, not an outcome.
                (
                    "Et1/1/10",
                    "0010.9400.1101",
                    Some("mab"),
                    AuthState::Unknown
                ),
                (
                    "Et1/1/11",
                    "0010.9400.1102",
                    Some("dot1x"),
                    AuthState::Unauthorized
                ),
            ]
        );
        assert_eq!(rows[1].pae_state, Some("AUTHENTICATED"));
        assert_eq!(rows[2].auth_state, Some("deny"));
    }

    #[test]
    fn legacy_7x_tables() {
        let rows = parse(
            "Port     MAC            IP(v4/v6)   User        VLAN  Auth   ACL  Age   PAE
                        Addr        Name              State  i/o        State
-------------------------------------------------------------------------------
1/1/3    00aa.bbcc.0003 10.5.10.23  jdoe        10    permit none Ena   AUTHENTICATED
1/1/5    00aa.bbcc.0005 N/A         N/A         999   init   none Ena   *AUTHENTICATING
1/1/7    00aa.bbcc.0007 N/A         kim         10    deny   none Ena   UNAUTHENTICATED",
            SessionTable::Dot1x,
        );
        assert_eq!(
            flat(&rows),
            [
                (
                    "Et1/1/3",
                    "00aa.bbcc.0003",
                    Some("dot1x"),
                    AuthState::Authorized
                ),
                (
                    "Et1/1/5",
                    "00aa.bbcc.0005",
                    Some("dot1x"),
                    AuthState::Unknown
                ),
                (
                    "Et1/1/7",
                    "00aa.bbcc.0007",
                    Some("dot1x"),
                    AuthState::Unauthorized
                ),
            ]
        );
        assert_eq!(rows[1].pae_state, Some("AUTHENTICATING"));
        let ok = parse(
            " MAC Address     Port      Vlan    Authenticated   Time           Age    Dot1x
 0000.0074.3181  1/1/6     10      Yes             00d01h10m34s   Ena    Dis",
            SessionTable::MacAuthAuthorized,
        );
        assert_eq!(
            flat(&ok),
            [(
                "Et1/1/6",
                "0000.0074.3181",
                Some("mab"),
                AuthState::Authorized
            )]
        );
        let bad = parse(
            " 0000.0074.3190  1/1/9     999     Yes             00d00h00m10s   Ena    Dis",
            SessionTable::MacAuthUnauthorized,
        );
        assert_eq!(bad[0].state, AuthState::Unauthorized);
        let no = parse(
            "1/1/4  0050.5600.0004  N/A  10  No  00d00h02m  Ena  Dis",
            SessionTable::MacAuth,
        );
        assert_eq!(no[0].state, AuthState::Unauthorized);
        let dot1x_no = parse(
            "1/1/4  0050.5600.0004  N/A  user 10  No",
            SessionTable::Dot1x,
        );
        assert_eq!(dot1x_no[0].state, AuthState::Unknown);
    }

    #[test]
    fn other_lines_are_ignored() {
        assert!(parse(
            "Port MAC Addr\n-----\n1/1/1 notamac\n0011.2233.4455\n",
            SessionTable::Unified
        )
        .is_empty());
        assert!(parse("", SessionTable::Dot1x).is_empty());
    }
}
