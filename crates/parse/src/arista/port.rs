//! EOS interface names and the short key every Arista record is joined on.
//!
//! EOS prints a port as `Ethernet49/1` in its configuration and as `Et49/1`
//! in every table; the management port is `Management1` / `Ma1` and the
//! VXLAN tunnel interface `Vxlan1` / `Vx1`. The shared normaliser
//! ([`crate::port_name::short`]) shortens `Management` to `mgmt` (the
//! NX-OS spelling), which would never meet EOS's `Ma1`, so the two
//! EOS-only kinds are handled here before falling back to it.

use std::borrow::Cow;

use crate::port_name::short;

/// Long kinds whose EOS short form differs from the shared table's.
const EOS_KINDS: &[(&str, &str)] = &[("Management", "Ma"), ("Vxlan", "Vx")];

/// The key of an EOS interface name: the short form EOS prints in its
/// tables (`Ethernet49/1` → `Et49/1`, `Port-Channel1` → `Po1`,
/// `Management1` → `Ma1`). Short names pass through borrowed.
///
/// ```
/// use statetrace_parse::arista::port_key;
/// assert_eq!(port_key("Ethernet49/1"), "Et49/1");
/// assert_eq!(port_key("Port-Channel1"), "Po1");
/// assert_eq!(port_key("Management1"), "Ma1");
/// assert_eq!(port_key("Et7"), "Et7");
/// ```
pub fn port_key(name: &str) -> Cow<'_, str> {
    let name = name.trim_ascii();
    let run = name
        .bytes()
        .position(|b| !(b.is_ascii_alphabetic() || b == b'-'))
        .unwrap_or(name.len());
    // Short kinds (`Et`, `Ma`, `Po`) are shorter than any long one.
    if run >= 5 {
        let (kind, rest) = name.split_at(run);
        if let Some((_, abbrev)) = EOS_KINDS.iter().find(|(l, _)| l.eq_ignore_ascii_case(kind)) {
            let mut out = String::with_capacity(abbrev.len() + rest.len());
            out.push_str(abbrev);
            out.extend(rest.chars().filter(|c| !c.is_whitespace()));
            return Cow::Owned(out);
        }
    }
    short(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eos_names_key_to_their_table_form() {
        for (long, want) in [
            ("Ethernet1", "Et1"),
            ("Ethernet49/1", "Et49/1"),
            ("Ethernet3/1/4", "Et3/1/4"),
            ("Port-Channel1", "Po1"),
            ("Port-Channel10.100", "Po10.100"),
            ("Management1", "Ma1"),
            ("management 0", "Ma0"),
            ("Vxlan1", "Vx1"),
            ("Vlan100", "Vl100"),
            ("Loopback0", "Lo0"),
            ("Et49/1", "Et49/1"),
            ("Ma1", "Ma1"),
            ("Po1", "Po1"),
            ("Cpu", "Cpu"),
            ("", ""),
        ] {
            assert_eq!(port_key(long), want, "{long}");
        }
        assert!(matches!(port_key("Et1"), Cow::Borrowed(_)));
        // Not a kind: a longer word that merely starts like one.
        assert_eq!(port_key("Managements1"), "Managements1");
    }
}
