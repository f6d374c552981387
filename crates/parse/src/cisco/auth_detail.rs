//! `show authentication sessions method <dot1x|mab> details` (and
//! `... interface X details`, `show access-session ... details`): one block
//! of right-aligned `Label:  value` lines per session, then policy sections
//! and the per-method state list.

use crate::table::{is_blank, is_dash_line, tokens};
use crate::trim::TrimExt;

/// The policies of one section (`Server Policies:`, `Resultant Policies:`,
/// `Local Policies:`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionPolicies<'a> {
    /// The VLAN of `Vlan Group:  Vlan: 1133`.
    pub vlan_group: Option<&'a str>,
    /// Every `SGT Value` line, in printed order (IOS-XE prints some twice).
    pub sgt: Vec<&'a str>,
    /// `VN Value`.
    pub vn: Option<&'a str>,
    /// The `Session-Timeout` cell as printed (`43200 sec`).
    pub session_timeout: Option<&'a str>,
    /// `Interface Template`.
    pub interface_template: Option<&'a str>,
    /// Other `Label: value` lines of the section (`Service Template`,
    /// `Security Policy`), as printed.
    pub other: Vec<(&'a str, &'a str)>,
}

/// One method of the `Method status list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodState<'a> {
    /// The method (`dot1x`, `mab`).
    pub method: &'a str,
    /// Its state (`Authc Success`, `Stopped`, `Running`).
    pub state: &'a str,
}

/// One session of a `details` listing; cells as printed, `None` when absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionDetail<'a> {
    /// The interface as printed (`TenGigabitEthernet2/0/39`).
    pub interface: &'a str,
    /// `IIF-ID` (`0x16191B90`).
    pub iif_id: Option<&'a str>,
    /// `MAC Address`.
    pub mac: Option<&'a str>,
    /// `IPv6 Address` (`Unknown` when the switch has not learnt one).
    pub ipv6: Option<&'a str>,
    /// `IPv4 Address`.
    pub ipv4: Option<&'a str>,
    /// `User-Name`.
    pub user_name: Option<&'a str>,
    /// `Device-type` (device classifier).
    pub device_type: Option<&'a str>,
    /// `Device-name`, which may hold spaces (`cisco AIR-AP2802I-Z-K9`).
    pub device_name: Option<&'a str>,
    /// `Status` (`Authorized`, `Unauthorized`).
    pub status: Option<&'a str>,
    /// `Domain` (`DATA`, `VOICE`).
    pub domain: Option<&'a str>,
    /// `Oper host mode` (`multi-auth`).
    pub oper_host_mode: Option<&'a str>,
    /// `Oper control dir` (`both`, `in`).
    pub oper_control_dir: Option<&'a str>,
    /// The `Session timeout` cell (`N/A`, `43200s (server), Remaining: 3574s`).
    pub session_timeout: Option<&'a str>,
    /// `Timeout action` (`Reauthenticate`).
    pub timeout_action: Option<&'a str>,
    /// The `Acct update timeout` cell (`172800s (local), Remaining: 77097s`).
    pub acct_update_timeout: Option<&'a str>,
    /// `Common Session ID`.
    pub common_session_id: Option<&'a str>,
    /// `Acct Session ID`.
    pub acct_session_id: Option<&'a str>,
    /// `Handle`.
    pub handle: Option<&'a str>,
    /// `Current Policy`.
    pub current_policy: Option<&'a str>,
    /// `Local Policies:` section.
    pub local_policies: SessionPolicies<'a>,
    /// `Server Policies:` section (what RADIUS returned).
    pub server_policies: SessionPolicies<'a>,
    /// `Resultant Policies:` section (what is applied).
    pub resultant_policies: SessionPolicies<'a>,
    /// The `Method status list`, in printed order.
    pub methods: Vec<MethodState<'a>>,
}

/// Seconds of a `172800s (local), Remaining: 77097s` style cell: the
/// configured value and, when printed, the remaining time; digits only.
pub fn timeout_seconds(cell: &str) -> (Option<&str>, Option<&str>) {
    fn secs(w: &str) -> Option<&str> {
        let d = w.trim_end_matches(',').trim_end_matches('s');
        crate::table::is_digits(d).then_some(d)
    }
    let mut words = tokens(cell).map(|t| t.text);
    let first = words.next().and_then(secs);
    let mut remaining = None;
    while let Some(w) = words.next() {
        if w.eq_ignore_ascii_case("remaining:") {
            remaining = words.next().and_then(secs);
        }
    }
    (first, remaining)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Session,
    Local,
    Server,
    Resultant,
    Methods,
}

fn some(v: &str) -> Option<&str> {
    (!v.is_empty()).then_some(v)
}

fn policy_line<'a>(p: &mut SessionPolicies<'a>, label: &'a str, value: &'a str) {
    let is = |l: &str| label.eq_ignore_ascii_case(l);
    if is("vlan group") {
        let v = value.split_once(':').map_or(value, |(_, v)| v).trim_ws();
        p.vlan_group = some(v);
    } else if is("sgt value") {
        p.sgt.extend(some(value));
    } else if is("vn value") {
        p.vn = some(value);
    } else if is("session-timeout") {
        p.session_timeout = some(value);
    } else if is("interface template") {
        p.interface_template = some(value);
    } else {
        p.other.push((label, value));
    }
}

fn session_line<'a>(s: &mut SessionDetail<'a>, label: &str, value: &'a str) {
    let fields: [(&str, &mut Option<&'a str>); 18] = [
        ("IIF-ID", &mut s.iif_id),
        ("MAC Address", &mut s.mac),
        ("IPv6 Address", &mut s.ipv6),
        ("IPv4 Address", &mut s.ipv4),
        ("User-Name", &mut s.user_name),
        ("Device-type", &mut s.device_type),
        ("Device-name", &mut s.device_name),
        ("Status", &mut s.status),
        ("Domain", &mut s.domain),
        ("Oper host mode", &mut s.oper_host_mode),
        ("Oper control dir", &mut s.oper_control_dir),
        ("Session timeout", &mut s.session_timeout),
        ("Timeout action", &mut s.timeout_action),
        ("Acct update timeout", &mut s.acct_update_timeout),
        ("Common Session ID", &mut s.common_session_id),
        ("Acct Session ID", &mut s.acct_session_id),
        ("Handle", &mut s.handle),
        ("Current Policy", &mut s.current_policy),
    ];
    if let Some((_, slot)) = fields
        .into_iter()
        .find(|(l, _)| l.eq_ignore_ascii_case(label))
    {
        *slot = some(value);
    }
}

/// Parses a `details` listing into sessions, in printed order. A session
/// starts at its `Interface:` line; lines before the first are ignored.
pub fn parse_session_details<'a>(lines: &[&'a str]) -> Vec<SessionDetail<'a>> {
    let mut out: Vec<SessionDetail<'a>> = Vec::new();
    let mut section = Section::Session;
    for &line in lines {
        if is_blank(line) {
            continue;
        }
        if is_dash_line(line) {
            section = Section::Session;
            continue;
        }
        let Some((label, value)) = line.split_once(':') else {
            // A method row (`dot1x  Authc Success`) or the list's header.
            let Some(s) = out.last_mut() else { continue };
            if section != Section::Methods {
                continue;
            }
            let t = line.trim_ws();
            let (method, state) = t.split_once([' ', '\t']).unwrap_or((t, ""));
            if method.eq_ignore_ascii_case("method") {
                continue;
            }
            s.methods.push(MethodState {
                method,
                state: state.trim_ws(),
            });
            continue;
        };
        let (label, value) = (label.trim_ws(), value.trim_ws());
        if label.eq_ignore_ascii_case("interface") {
            out.push(SessionDetail {
                interface: value,
                ..SessionDetail::default()
            });
            section = Section::Session;
            continue;
        }
        let Some(s) = out.last_mut() else { continue };
        let heading = [
            ("local policies", Section::Local),
            ("server policies", Section::Server),
            ("resultant policies", Section::Resultant),
            ("method status list", Section::Methods),
        ]
        .into_iter()
        .find(|(l, _)| label.eq_ignore_ascii_case(l));
        if let Some((_, next)) = heading {
            section = next;
            continue;
        }
        match section {
            Section::Session | Section::Methods => session_line(s, label, value),
            Section::Local => policy_line(&mut s.local_policies, label, value),
            Section::Server => policy_line(&mut s.server_policies, label, value),
            Section::Resultant => policy_line(&mut s.resultant_policies, label, value),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Vec<SessionDetail<'_>> {
        let lines: Vec<&str> = s.lines().collect();
        parse_session_details(&lines)
    }

    const TWO: &str = "
            Interface:  GigabitEthernet1/0/21
               IIF-ID:  0x1239EA14
          MAC Address:  707d.b9aa.bbcc
         IPv6 Address:  fe80::727d:abcd:abcd:abcd
         IPv4 Address:  172.22.5.2
            User-Name:  70-7D-B9-AA-BB-CC
          Device-type:  Cisco-AIR-LAP
          Device-name:  cisco AIR-AP2802I-Z-K9
               Status:  Authorized
               Domain:  DATA
       Oper host mode:  multi-auth
     Oper control dir:  both
      Session timeout:  43200s (server), Remaining: 3574s
       Timeout action:  Reauthenticate
  Acct update timeout:  172800s (local), Remaining: 145579s
    Common Session ID:  118214AC11110C6A86D02356
      Acct Session ID:  0x00001da4
               Handle:  0x5c000c60
       Current Policy:  PMAP_DefaultWiredDot1xClosedAuth_1X

Local Policies:
        Service Template: DEFAULT_LINKSEC_POLICY_SHOULD_SECURE (priority 150)

Server Policies:
             VN Value:  INFRA_VN
      Session-Timeout: 43200 sec
           Vlan Group:  Vlan: 1000
   Interface Template:  AP-Template
            SGT Value:  35
            SGT Value:  35

Resultant Policies:
           Vlan Group:  Vlan: 1000

Method status list:
       Method           State
        dot1x           Stopped
          mab           Authc Success

----------------------------------------
            Interface:  GigabitEthernet2/0/1
          MAC Address:  3814.28aa.bbcc
               Status:  Unauthorized
Method status list:
       Method           State
        dot1x           Running
";

    #[test]
    fn sessions_with_policies_and_methods() {
        let s = parse(TWO);
        assert_eq!(s.len(), 2);
        let a = &s[0];
        assert_eq!(a.interface, "GigabitEthernet1/0/21");
        assert_eq!(a.iif_id, Some("0x1239EA14"));
        assert_eq!(a.mac, Some("707d.b9aa.bbcc"));
        assert_eq!(a.ipv6, Some("fe80::727d:abcd:abcd:abcd"));
        assert_eq!(a.ipv4, Some("172.22.5.2"));
        assert_eq!(a.device_name, Some("cisco AIR-AP2802I-Z-K9"));
        assert_eq!(a.status, Some("Authorized"));
        assert_eq!(a.session_timeout, Some("43200s (server), Remaining: 3574s"));
        assert_eq!(a.timeout_action, Some("Reauthenticate"));
        assert_eq!(
            a.current_policy,
            Some("PMAP_DefaultWiredDot1xClosedAuth_1X")
        );
        assert_eq!(
            a.local_policies.other,
            [(
                "Service Template",
                "DEFAULT_LINKSEC_POLICY_SHOULD_SECURE (priority 150)"
            )]
        );
        let sp = &a.server_policies;
        assert_eq!(
            (
                sp.vn,
                sp.vlan_group,
                sp.session_timeout,
                sp.interface_template
            ),
            (
                Some("INFRA_VN"),
                Some("1000"),
                Some("43200 sec"),
                Some("AP-Template")
            )
        );
        assert_eq!(sp.sgt, ["35", "35"]);
        assert_eq!(a.resultant_policies.vlan_group, Some("1000"));
        assert!(a.resultant_policies.sgt.is_empty());
        let m: Vec<_> = a.methods.iter().map(|m| (m.method, m.state)).collect();
        assert_eq!(m, [("dot1x", "Stopped"), ("mab", "Authc Success")]);

        let b = &s[1];
        assert_eq!(b.interface, "GigabitEthernet2/0/1");
        assert_eq!((b.status, b.ipv4), (Some("Unauthorized"), None));
        assert_eq!(b.methods.len(), 1);
        assert_eq!(b.server_policies, SessionPolicies::default());
    }

    #[test]
    fn timeout_cells() {
        assert_eq!(
            timeout_seconds("172800s (local), Remaining: 77097s"),
            (Some("172800"), Some("77097"))
        );
        assert_eq!(timeout_seconds("43200s (server)"), (Some("43200"), None));
        assert_eq!(timeout_seconds("N/A"), (None, None));
        assert_eq!(timeout_seconds(""), (None, None));
    }

    #[test]
    fn nothing_before_the_first_interface() {
        assert!(parse("Status: Authorized\ndot1x Running\n").is_empty());
    }
}
