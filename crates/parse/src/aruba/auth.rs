//! 802.1X / MAC authentication clients and the per-port template.
//!
//! AOS-S lists clients per method: `show port-access authenticator
//! clients` (802.1X) and `show port-access mac-based clients`, each
//! `Port  [Client Name]  MAC Address  IP Address  Session|Client Status`.
//! AOS-CX lists both in `show port-access clients` with an `Onboarding
//! Method` column. One table reader serves all three: the port is the
//! first cell, the MAC the first MAC-shaped word, and the method and
//! status come from the header's columns (or from the command, for the
//! per-method AOS-S tables).

use statetrace_model::{AuthState, AuthTemplate};

use super::layout::{is_aruba_mac, is_aruba_port, mac_bits, Columns, MAX_COLUMNS, ROW_TOKENS};
use crate::table::{is_blank, is_dash_line, tokenize_into, Token};

/// One authentication client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthClient<'a> {
    /// Port as printed.
    pub port: &'a str,
    /// Client MAC as printed (`001122-334455`, `00:11:22:33:44:55`).
    pub mac: Option<&'a str>,
    /// Method, normalised to `dot1x` or `mab`; `None` when the table does
    /// not say or prints another method (`LOCAL`, `web`).
    pub method: Option<&'static str>,
    /// The printed method cell (`dot1x`, `mac-auth`, `8021X`, `MAC`).
    pub method_cell: Option<&'a str>,
    /// The status cell as printed (`Authenticated`, `authenticating`,
    /// `Success`, `rejected-no-vlan`).
    pub status: Option<&'a str>,
    /// Outcome read from the status.
    pub state: AuthState,
}

/// Which method a whole table lists, when the command says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableMethod {
    /// `show port-access authenticator clients`: every row is 802.1X.
    Dot1x,
    /// `show port-access mac-based clients`: every row is MAC auth.
    MacAuth,
    /// A mixed table with a method column (`show port-access clients`).
    PerRow,
}

/// Reads the outcome of a printed client status. Failed, rejected, held
/// and unauthenticated clients are `Unauthorized`; `Authenticated`,
/// `Authorized` and CX's `Success` are `Authorized`; anything else
/// (`authenticating`, `connecting`, critical or open-auth fallbacks) is
/// `Unknown`, since no server granted it.
///
/// ```
/// use statetrace_parse::aruba::client_state;
/// use statetrace_model::AuthState;
/// assert_eq!(client_state("Authenticated"), AuthState::Authorized);
/// assert_eq!(client_state("rejected-no-vlan"), AuthState::Unauthorized);
/// assert_eq!(client_state("authenticating"), AuthState::Unknown);
/// ```
pub fn client_state(status: &str) -> AuthState {
    // The good words are whole statuses and hold none of the bad words, so
    // testing them first gives the same answer and spares the usual
    // `Authenticated` row the substring search.
    let good = ["authenticated", "authorized", "success", "auth"];
    if good.iter().any(|g| g.eq_ignore_ascii_case(status)) {
        AuthState::Authorized
    } else if names_a_failure(status) {
        AuthState::Unauthorized
    } else {
        AuthState::Unknown
    }
}

/// True when `status` holds (ASCII case-insensitively) `unauth`, `fail`,
/// `reject`, `held`, `denied` or `block`. The words start with different
/// letters, so one pass over the status tries at most one word per byte
/// instead of searching the status once per word.
fn names_a_failure(status: &str) -> bool {
    let b = status.as_bytes();
    (0..b.len()).any(|i| {
        let word: &[u8] = match b[i].to_ascii_lowercase() {
            b'u' => b"unauth",
            b'f' => b"fail",
            b'r' => b"reject",
            b'h' => b"held",
            b'd' => b"denied",
            b'b' => b"block",
            _ => return false,
        };
        b[i..]
            .get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    })
}

/// Normalises a printed method: 802.1X spellings to `dot1x`, MAC
/// authentication spellings to `mab` (the name the other vendors' records
/// use).
pub fn method_name(cell: &str) -> Option<&'static str> {
    let any = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(cell));
    if any(&["dot1x", "8021x", "802.1x", "eap"]) {
        Some("dot1x")
    } else if any(&["mac-auth", "mac", "mac-based", "mab", "macauth"]) {
        Some("mab")
    } else {
        None
    }
}

/// Two-word header labels that name one column.
const LABELS: &[(&str, &str)] = &[
    ("session", "status"),
    ("client", "status"),
    ("client", "name"),
    ("mac", "address"),
    ("ip", "address"),
    ("user", "role"),
    ("device", "type"),
];

/// Columns of a client table header.
#[derive(Debug, Clone, Copy)]
struct Header {
    cols: Columns,
    status: Option<usize>,
    method: Option<usize>,
}

/// A header names `Port` and `MAC Address` / `MAC-Address`.
fn header(toks: &[Token<'_>]) -> Option<Header> {
    if !toks.first()?.text.eq_ignore_ascii_case("port") || toks.len() > MAX_COLUMNS {
        return None;
    }
    let has_mac = toks
        .iter()
        .any(|t| t.text.eq_ignore_ascii_case("mac") || t.text.eq_ignore_ascii_case("mac-address"));
    if !has_mac {
        return None;
    }
    // A two-word label (`Session Status`, `Client Status`, `MAC Address`)
    // is one column: drop the second word's start.
    let mut starts = [0usize; MAX_COLUMNS];
    let mut words: [&str; MAX_COLUMNS] = [""; MAX_COLUMNS];
    let mut n = 0;
    let mut prev = "";
    for t in toks {
        let joined = LABELS
            .iter()
            .any(|(a, b)| prev.eq_ignore_ascii_case(a) && t.text.eq_ignore_ascii_case(b));
        if !joined && n < MAX_COLUMNS {
            starts[n] = t.start;
            words[n] = t.text;
            n += 1;
        }
        prev = t.text;
    }
    let idx = |w: &str| words[..n].iter().position(|x| x.eq_ignore_ascii_case(w));
    let status = idx("status").or_else(|| idx("session")).or_else(|| {
        words[..n]
            .iter()
            .position(|x| x.eq_ignore_ascii_case("client"))
            .filter(|&i| toks.iter().any(|t| t.text.eq_ignore_ascii_case("status")) && i > 1)
    });
    let method = idx("onboarding")
        .or_else(|| idx("type"))
        .or_else(|| idx("method"));
    Some(Header {
        cols: Columns::new(&starts[..n]),
        status,
        method,
    })
}

/// `s.split_whitespace().next()`, a byte at a time while the text is
/// ASCII (cells are, and the char-by-char walk cost more than the rest of
/// the row): the same words, as Unicode whitespace beyond ASCII sends the
/// text to the char walk.
fn first_word(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    // ASCII whitespace as `char::is_whitespace` has it (with VT).
    let space = |c: u8| matches!(c, b'\t'..=b'\r' | b' ');
    let start = b.iter().position(|&c| !space(c))?;
    let len = b[start..]
        .iter()
        .position(|&c| space(c) || !c.is_ascii())
        .unwrap_or(b.len() - start);
    match b.get(start + len) {
        Some(c) if !c.is_ascii() => s.split_whitespace().next(),
        _ if !b[start].is_ascii() => s.split_whitespace().next(),
        _ => Some(&s[start..start + len]),
    }
}

/// Parses a client table into clients, in table order.
pub fn parse_auth_clients<'a>(lines: &[&'a str], kind: TableMethod) -> Vec<AuthClient<'a>> {
    // At most one row per line: no regrowth while reading.
    let mut out = Vec::with_capacity(lines.len());
    let mut toks = Vec::with_capacity(ROW_TOKENS);
    let mut head: Option<Header> = None;
    for &line in lines {
        if is_blank(line) || is_dash_line(line) {
            continue;
        }
        tokenize_into(line, &mut toks);
        if let Some(h) = header(&toks) {
            head = Some(h);
            continue;
        }
        let Some(h) = &head else { continue };
        let Some(port) = toks.first().map(|t| t.text).filter(|p| is_aruba_port(p)) else {
            continue;
        };
        let cells = h.cols.cells(line, &toks);
        let mac = toks[1..].iter().map(|t| t.text).find(|t| is_aruba_mac(t));
        let method_cell = h.method.and_then(|i| cells[i]).and_then(first_word);
        let method = match kind {
            TableMethod::Dot1x => Some("dot1x"),
            TableMethod::MacAuth => Some("mab"),
            TableMethod::PerRow => method_cell.and_then(method_name),
        };
        let status = h.status.and_then(|i| cells[i]).and_then(first_word);
        out.push(AuthClient {
            port,
            mac,
            method,
            method_cell,
            status,
            state: status.map_or(AuthState::Unknown, client_state),
        });
    }
    out
}

/// The template of a port from the methods its configuration enables:
/// both → `flexible`, 802.1X only → `dot1x`, MAC authentication only →
/// `macauth`, neither → `open`.
pub fn template(dot1x: bool, mac_auth: bool) -> AuthTemplate {
    match (dot1x, mac_auth) {
        (true, true) => AuthTemplate::Flexible,
        (true, false) => AuthTemplate::Dot1x,
        (false, true) => AuthTemplate::Macauth,
        (false, false) => AuthTemplate::Open,
    }
}

/// The session that describes a port, from the port's sessions in table
/// order.
///
/// AOS-S runs 802.1X and MAC authentication side by side, so one device
/// can show up in both tables (a PC without a supplicant: 802.1X
/// `Connecting`, MAC `Authenticated`), and a port usually holds a user's
/// PC and a phone. The client that describes the port is the user's: the
/// first with an 802.1X session, else the first authorised one, else the
/// first. Its session is the one that let it in (any authorised method),
/// else its 802.1X one, else its first. So a PC failing 802.1X behind an
/// authorised phone still shows as failing, as Cisco's DATA-domain rule
/// would have it.
pub fn pick_client<'c, 'a>(sessions: &[&'c AuthClient<'a>]) -> Option<&'c AuthClient<'a>> {
    let authorised = |s: &&&AuthClient<'_>| s.state == AuthState::Authorized;
    let dot1x = |s: &&&AuthClient<'_>| s.method == Some("dot1x");
    let anchor = *sessions
        .iter()
        .find(dot1x)
        .or_else(|| sessions.iter().find(authorised))
        .or(sessions.first())?;
    let key = anchor.mac.and_then(mac_bits);
    let same_client = |s: &&&AuthClient<'_>| match (key, s.mac.and_then(mac_bits)) {
        (Some(a), Some(b)) => a == b,
        _ => std::ptr::eq(**s, anchor),
    };
    let pick = sessions
        .iter()
        .filter(same_client)
        .find(authorised)
        .or_else(|| sessions.iter().filter(same_client).find(dot1x))
        .copied()
        .unwrap_or(anchor);
    Some(pick)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str, kind: TableMethod) -> Vec<AuthClient<'_>> {
        let lines: Vec<&str> = s.lines().collect();
        parse_auth_clients(&lines, kind)
    }

    #[test]
    fn aos_s_authenticator_clients() {
        let c = parse(
            "
 Port Access Authenticator Client Status

  Port  Client Name  MAC Address   IP Address      Session Status
  ----- ------------ ------------- --------------- --------------
  1     jsmith       3c5282-4a1b2c 10.20.10.31     Authenticated
  2     ajones       3c5282-4a1b3d n/a             Connecting
  7     8c8caa-1d2e3f 8c8caa-1d2e3f n/a            Unauthenticated
",
            TableMethod::Dot1x,
        );
        let got: Vec<_> = c
            .iter()
            .map(|c| (c.port, c.mac, c.method, c.status, c.state))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "1",
                    Some("3c5282-4a1b2c"),
                    Some("dot1x"),
                    Some("Authenticated"),
                    AuthState::Authorized
                ),
                (
                    "2",
                    Some("3c5282-4a1b3d"),
                    Some("dot1x"),
                    Some("Connecting"),
                    AuthState::Unknown
                ),
                (
                    "7",
                    Some("8c8caa-1d2e3f"),
                    Some("dot1x"),
                    Some("Unauthenticated"),
                    AuthState::Unauthorized
                ),
            ]
        );
    }

    #[test]
    fn aos_s_mac_based_old_layout() {
        let c = parse(
            " Port Access MAC-Based Client Status

  Port   MAC Address   IP Address      Client Status
  ------ ------------- --------------- --------------------
  21     0019bb-4c6f1c 10.0.8.9        authenticated
  22     0019bb-4c6f1d n/a             rejected-no-vlan",
            TableMethod::MacAuth,
        );
        assert_eq!(c.len(), 2);
        assert_eq!(
            (c[0].method, c[0].state),
            (Some("mab"), AuthState::Authorized)
        );
        assert_eq!(
            (c[1].status, c[1].state),
            (Some("rejected-no-vlan"), AuthState::Unauthorized)
        );
    }

    #[test]
    fn cx_clients_with_method_column() {
        let c = parse(
            "Port Access Clients

Status codes: d device-mode

-------------------------------------------------------------------------------------------
     Port    MAC-Address        Onboarding   Status         Role                     Device Type
                                Method
-------------------------------------------------------------------------------------------
     1/1/1   00:50:56:96:0e:26  dot1x        Success        CORP_ROLE
     1/1/3   00:50:56:96:1a:40  mac-auth     Success        PRINTER_ROLE
     1/1/4   00:50:56:96:1a:41  mac-auth     Failed
",
            TableMethod::PerRow,
        );
        let got: Vec<_> = c
            .iter()
            .map(|c| (c.port, c.method, c.method_cell, c.state))
            .collect();
        assert_eq!(
            got,
            [
                ("1/1/1", Some("dot1x"), Some("dot1x"), AuthState::Authorized),
                (
                    "1/1/3",
                    Some("mab"),
                    Some("mac-auth"),
                    AuthState::Authorized
                ),
                (
                    "1/1/4",
                    Some("mab"),
                    Some("mac-auth"),
                    AuthState::Unauthorized
                ),
            ]
        );
    }

    fn client(mac: &'static str, method: &'static str, state: AuthState) -> AuthClient<'static> {
        AuthClient {
            port: "1",
            mac: Some(mac),
            method: Some(method),
            method_cell: None,
            status: None,
            state,
        }
    }

    #[test]
    fn picking_the_port_session() {
        use AuthState::*;
        let pick = |list: &[AuthClient<'static>]| {
            let refs: Vec<&AuthClient<'_>> = list.iter().collect();
            pick_client(&refs).map(|c| (c.mac.unwrap(), c.method.unwrap(), c.state))
        };
        // PC by 802.1X and phone by MAC auth: the PC.
        let pc_phone = [
            client("aa0000-000001", "mab", Authorized),
            client("aa0000-000002", "dot1x", Authorized),
        ];
        assert_eq!(
            pick(&pc_phone),
            Some(("aa0000-000002", "dot1x", Authorized))
        );
        // A PC without a supplicant let in by MAC auth: its MAC session.
        let no_supplicant = [
            client("aa0000-000003", "dot1x", Unknown),
            client("aa0000-000003", "mab", Authorized),
        ];
        assert_eq!(
            pick(&no_supplicant),
            Some(("aa0000-000003", "mab", Authorized))
        );
        // A PC failing 802.1X behind an authorised phone: still failing.
        let failing = [
            client("aa0000-000004", "dot1x", Unauthorized),
            client("aa0000-000005", "mab", Authorized),
            client("aa0000-000004", "mab", Unauthorized),
        ];
        assert_eq!(
            pick(&failing),
            Some(("aa0000-000004", "dot1x", Unauthorized))
        );
        // MAC authentication only: the first authorised, else the first.
        let macs = [
            client("aa0000-000006", "mab", Unauthorized),
            client("aa0000-000007", "mab", Authorized),
        ];
        assert_eq!(pick(&macs), Some(("aa0000-000007", "mab", Authorized)));
        let rejected = [client("aa0000-000008", "mab", Unauthorized)];
        assert_eq!(
            pick(&rejected),
            Some(("aa0000-000008", "mab", Unauthorized))
        );
        assert_eq!(pick(&[]), None);
    }

    #[test]
    fn templates_and_names() {
        assert_eq!(template(true, true), AuthTemplate::Flexible);
        assert_eq!(template(true, false), AuthTemplate::Dot1x);
        assert_eq!(template(false, true), AuthTemplate::Macauth);
        assert_eq!(template(false, false), AuthTemplate::Open);
        assert_eq!(method_name("8021X"), Some("dot1x"));
        assert_eq!(method_name("MAC"), Some("mab"));
        assert_eq!(method_name("LOCAL"), None);
        assert_eq!(client_state(""), AuthState::Unknown);
        assert_eq!(client_state("critical-auth"), AuthState::Unknown);
        assert_eq!(client_state("Held"), AuthState::Unauthorized);
    }

    #[test]
    fn failure_words_match_a_substring_search() {
        let bad = ["unauth", "fail", "reject", "held", "denied", "block"];
        for status in [
            "",
            "u",
            "unaut",
            "Unauthenticated",
            "AUTH-FAILED",
            "rejected-no-vlan",
            "Held",
            "access-DENIED",
            "blocked",
            "bloc",
            "critical-auth",
            "Authenticated",
            "xxheld",
            "é-fail",
        ] {
            let expected = bad
                .iter()
                .any(|b| crate::table::find_ci(status, b).is_some());
            assert_eq!(names_a_failure(status), expected, "{status}");
        }
    }

    #[test]
    fn no_header_no_clients() {
        assert!(parse(
            "  1  jsmith 3c5282-4a1b2c n/a Authenticated",
            TableMethod::Dot1x
        )
        .is_empty());
    }

    proptest::proptest! {
        /// The byte walk gives the first word the char walk gives.
        #[test]
        fn first_word_agrees_with_split_whitespace(s in "[ \t\u{b}\u{c}\r\nab\u{a0}\u{2003}é]{0,12}") {
            proptest::prop_assert_eq!(first_word(&s), s.split_whitespace().next());
        }
    }
}
