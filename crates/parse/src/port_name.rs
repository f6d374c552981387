//! Port names: one canonical short form, its Cisco long form, and a natural
//! sort key.
//!
//! The same port is printed as `GigabitEthernet1/0/1` in the configuration,
//! `Gi1/0/1` in `show interfaces status` and sometimes
//! `GigabitEthernet 1/0/1` elsewhere. Every record is keyed by the short
//! form, so all of these must reduce to one string; the original tool only
//! knew five long names, which left TwoGig, 25G, 40G, App, Port-channel and
//! Vlan ports without their configuration.

use std::borrow::Cow;

/// Long interface kinds and their short forms: the reference that
/// [`short_kind`]'s `match` is tested against (it is what the parsers
/// use).
///
/// Ordered longest first so that a long form that is a prefix of another
/// can never shadow it; [`split_long`] additionally requires the long form
/// to end where the letters end, so `Ethernet` never matches the tail of
/// some other kind.
#[cfg(test)]
const LONG_TO_SHORT: &[(&str, &str)] = &[
    ("FourHundredGigabitEthernet", "FH"),
    ("TwentyFiveGigabitEthernet", "Twe"),
    ("HundredGigabitEthernet", "Hu"),
    ("FortyGigabitEthernet", "Fo"),
    ("FiftyGigabitEthernet", "Fi"),
    ("FiveGigabitEthernet", "Fi"),
    ("AppGigabitEthernet", "Ap"),
    ("TwoGigabitEthernet", "Tw"),
    ("TenGigabitEthernet", "Te"),
    ("GigabitEthernet", "Gi"),
    ("FourHundredGigE", "FH"),
    ("TwentyFiveGigE", "Twe"),
    ("FastEthernet", "Fa"),
    ("Port-channel", "Po"),
    ("HundredGigE", "Hu"),
    ("Management", "mgmt"),
    ("FortyGigE", "Fo"),
    ("FiftyGigE", "Fi"),
    ("Loopback", "Lo"),
    ("Ethernet", "Et"),
    ("TenGigE", "Te"),
    ("Tunnel", "Tu"),
    ("Vlan", "Vl"),
];

/// Short kinds and the long form IOS-XE prints in its configuration.
const SHORT_TO_LONG: &[(&str, &str)] = &[
    ("Gi", "GigabitEthernet"),
    ("Fa", "FastEthernet"),
    ("Te", "TenGigabitEthernet"),
    ("Tw", "TwoGigabitEthernet"),
    ("Twe", "TwentyFiveGigE"),
    ("Fo", "FortyGigabitEthernet"),
    ("Hu", "HundredGigE"),
    ("FH", "FourHundredGigE"),
    ("Fi", "FiftyGigE"),
    ("Ap", "AppGigabitEthernet"),
    ("Po", "Port-channel"),
    ("Vl", "Vlan"),
    ("Lo", "Loopback"),
    ("Tu", "Tunnel"),
    ("Et", "Ethernet"),
];

/// The short kind and the remainder when `name` starts with a long kind.
///
/// The long kind must be the whole leading run of letters (and `-`, for
/// `Port-channel`), so `Vlanif10` or `Ethernets1` are not kinds, and a
/// short name such as `Gi1/0/1` (a run shorter than any long kind) is
/// rejected without looking at the table.
fn split_long(name: &str) -> Option<(&'static str, &str)> {
    let run = name
        .bytes()
        .position(|b| !(b.is_ascii_alphabetic() || b == b'-'))
        .unwrap_or(name.len());
    if run < 4 {
        return None;
    }
    let (kind, rest) = name.split_at(run);
    short_kind(kind).map(|short| (short, rest))
}

/// The longest long kind.
const LONGEST_KIND: usize = "FourHundredGigabitEthernet".len();

/// The short form of a long kind (any case).
fn short_kind(kind: &str) -> Option<&'static str> {
    if kind.len() > LONGEST_KIND {
        return None;
    }
    let mut buf = [0u8; LONGEST_KIND];
    let lower = &mut buf[..kind.len()];
    lower.copy_from_slice(kind.as_bytes());
    lower.make_ascii_lowercase();
    kind_of_lower(lower)
}

/// The short form of a lower-cased long kind: [`LONG_TO_SHORT`] as a
/// `match`, which the compiler turns into a jump on the length and a few
/// comparisons, where scanning the table compared the kind with every
/// entry. Every long port name of every table asks.
fn kind_of_lower(lower: &[u8]) -> Option<&'static str> {
    Some(match lower {
        b"fourhundredgigabitethernet" => "FH",
        b"twentyfivegigabitethernet" => "Twe",
        b"hundredgigabitethernet" => "Hu",
        b"fortygigabitethernet" => "Fo",
        b"fiftygigabitethernet" => "Fi",
        b"fivegigabitethernet" => "Fi",
        b"appgigabitethernet" => "Ap",
        b"twogigabitethernet" => "Tw",
        b"tengigabitethernet" => "Te",
        b"gigabitethernet" => "Gi",
        b"fourhundredgige" => "FH",
        b"twentyfivegige" => "Twe",
        b"fastethernet" => "Fa",
        b"port-channel" => "Po",
        b"hundredgige" => "Hu",
        b"management" => "mgmt",
        b"fortygige" => "Fo",
        b"fiftygige" => "Fi",
        b"loopback" => "Lo",
        b"ethernet" => "Et",
        b"tengige" => "Te",
        b"tunnel" => "Tu",
        b"vlan" => "Vl",
        _ => return None,
    })
}

/// True when `s` holds a byte that is whitespace, a control byte or part
/// of a non-ASCII char: eight bytes per step, since every port name of
/// every table is checked.
fn has_odd_byte(s: &str) -> bool {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Per byte, the top bit of `w - 0x21` or of `w` itself is set exactly
    // when the byte is below 0x21 or at least 0x80 (the lowest such byte
    // borrows from no lower one, so it is always flagged).
    let odd = |w: u64| (w.wrapping_sub(LOW * 0x21) | w) & HIGH != 0;
    let mut chunks = s.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        if odd(u64::from_le_bytes(w)) {
            return true;
        }
    }
    // The tail (all of a short name), a byte at a time: a variable-length
    // copy into a padded word costs a `memcpy` call.
    chunks.remainder().iter().any(|&b| b <= b' ' || b >= 0x80)
}

/// The canonical short form of a port name, borrowing when the name is
/// already short (the common case in tables).
///
/// Whitespace is removed first, then a leading long kind (any case) is
/// replaced by its short form; anything else passes through.
///
/// ```
/// use statetrace_parse::port_name::short;
/// assert_eq!(short("TwoGigabitEthernet1/0/1"), "Tw1/0/1");
/// assert_eq!(short("GigabitEthernet 1/0/1"), "Gi1/0/1");
/// assert_eq!(short("Twe1/1/1"), "Twe1/1/1");
/// ```
pub fn short(name: &str) -> Cow<'_, str> {
    let name = name.trim_ascii();
    // Table cells are plain ASCII without spaces: one scan decides.
    let odd = has_odd_byte(name);
    if odd && name.contains(char::is_whitespace) {
        let compact: String = name.split_whitespace().collect();
        return Cow::Owned(short(&compact).into_owned());
    }
    match split_long(name) {
        Some((kind, rest)) => {
            let mut out = String::with_capacity(kind.len() + rest.len());
            out.push_str(kind);
            out.push_str(rest);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(name),
    }
}

/// [`short`] as an owned `String`.
///
/// ```
/// use statetrace_parse::port_name::short_name;
/// assert_eq!(short_name("HundredGigE1/0/49"), "Hu1/0/49");
/// assert_eq!(short_name("Port-channel10"), "Po10");
/// ```
pub fn short_name(name: &str) -> String {
    short(name).into_owned()
}

/// The leading kind (letters up to the first non-letter) and the rest.
fn split_kind(name: &str) -> (&str, &str) {
    let end = name
        .bytes()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(name.len());
    name.split_at(end)
}

/// The Cisco long form of a port name (the inverse of [`short`] for Cisco
/// kinds): `Gi1/0/1` → `GigabitEthernet1/0/1`. Names of other kinds come
/// back in their short form.
///
/// ```
/// use statetrace_parse::port_name::long_name;
/// assert_eq!(long_name("Twe1/1/1"), "TwentyFiveGigE1/1/1");
/// assert_eq!(long_name("ge-0/0/1"), "ge-0/0/1");
/// ```
pub fn long_name(name: &str) -> String {
    let s = short(name);
    let (kind, rest) = split_kind(&s);
    match SHORT_TO_LONG
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(kind))
    {
        Some((_, long)) => format!("{long}{rest}"),
        None => s.into_owned(),
    }
}

/// True for something that names a port (`Gi1/0/1`, `Po10`,
/// `GigabitEthernet0/48`, `ge-0/0/1.0`, `1/1/1`), as opposed to the
/// pseudo-ports of MAC tables (`CPU`, `Router`, `Switch`, `Drop`,
/// `sup-eth1`) and column fillers (`-`, `Yes`).
pub fn is_port_like(name: &str) -> bool {
    let b = name.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_alphanumeric) {
        return false;
    }
    // One pass: some digit, some letter or `/` (a bare number is a column
    // value such as an age or a count, not a port), and only name bytes.
    let (mut digit, mut letter_or_slash) = (false, false);
    for &c in b {
        if c.is_ascii_digit() {
            digit = true;
        } else if c.is_ascii_alphabetic() || c == b'/' {
            letter_or_slash = true;
        } else if !matches!(c, b'.' | b':' | b'-' | b'_') {
            return false;
        }
    }
    digit && letter_or_slash && !crate::table::starts_with_ci(name, "sup-eth")
}

/// Natural ordering key for a port; see [`sort_key`].
///
/// Compares by kind weight (management, port-channels, then the fastest
/// Ethernet kinds down to FastEthernet, other kinds, VLAN interfaces,
/// loopbacks), then the kind's name, then the numbers as integers (so `2`
/// sorts before `10` and `1/0/1` before `1/0/1.100`), then the raw text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortSortKey {
    weight: u8,
    kind: String,
    numbers: Vec<u64>,
    raw: String,
}

/// Weight of a lower-cased kind. Digit-leading names (Aruba/Brocade `1/1/1`)
/// are Ethernet ports and sort with `Et`.
fn kind_weight(kind: &str) -> u8 {
    match kind {
        "mgmt" | "ma" => 0,
        "po" | "lag" | "ae" => 1,
        "fh" => 2,
        "hu" => 3,
        "fi" => 4,
        "fo" => 5,
        "twe" => 6,
        "te" => 7,
        "tw" => 8,
        "et" | "eth" | "" => 9,
        "gi" => 10,
        "fa" => 11,
        "vl" => 13,
        "lo" => 14,
        _ => 12,
    }
}

/// The natural sort key of a port name (any vendor; long names sort with
/// their short forms).
///
/// ```
/// use statetrace_parse::port_name::sort_key;
/// assert!(sort_key("Gi1/0/2") < sort_key("Gi1/0/10"));
/// assert!(sort_key("Po1") < sort_key("Te1/1/1"));
/// assert!(sort_key("ge-0/0/2") < sort_key("ge-0/0/10"));
/// ```
pub fn sort_key(port: &str) -> PortSortKey {
    let s = short(port);
    let digit = s
        .bytes()
        .position(|b| b.is_ascii_digit())
        .unwrap_or(s.len());
    let kind = s[..digit]
        .trim_end_matches(['-', '_', '.', ':', '/'])
        .to_ascii_lowercase();
    let weight = if s.is_empty() {
        u8::MAX
    } else {
        kind_weight(&kind)
    };
    let numbers = s[digit..]
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .map(|run| {
            run.bytes().fold(0u64, |n, d| {
                n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
            })
        })
        .collect();
    PortSortKey {
        weight,
        kind,
        numbers,
        raw: port.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_forms_shorten() {
        let cases = [
            ("GigabitEthernet1/0/1", "Gi1/0/1"),
            ("gigabitethernet1/0/1", "Gi1/0/1"),
            ("FastEthernet0/1", "Fa0/1"),
            ("TenGigabitEthernet1/1/1", "Te1/1/1"),
            ("TwoGigabitEthernet1/0/1", "Tw1/0/1"),
            ("TwentyFiveGigE1/1/1", "Twe1/1/1"),
            ("TwentyFiveGigabitEthernet1/1/1", "Twe1/1/1"),
            ("FortyGigabitEthernet1/1/2", "Fo1/1/2"),
            ("HundredGigE1/0/49", "Hu1/0/49"),
            ("HundredGigabitEthernet1/0/49", "Hu1/0/49"),
            ("FourHundredGigE1/0/1", "FH1/0/1"),
            ("FiftyGigE1/0/1", "Fi1/0/1"),
            ("AppGigabitEthernet1/0/1", "Ap1/0/1"),
            ("Port-channel10", "Po10"),
            ("port-channel 10", "Po10"),
            ("Vlan100", "Vl100"),
            ("Loopback0", "Lo0"),
            ("Tunnel1", "Tu1"),
            ("Ethernet49/1", "Et49/1"),
            ("Management1", "mgmt1"),
            ("mgmt0", "mgmt0"),
            ("GigabitEthernet 1/0/1", "Gi1/0/1"),
            (" Gigabit Ethernet1/0/1 ", "Gi1/0/1"),
        ];
        for (long, want) in cases {
            assert_eq!(short_name(long), want, "{long}");
        }
    }

    #[test]
    fn short_forms_pass_through_borrowed() {
        for s in [
            "Gi1/0/1", "Twe1/1/1", "Tw1/0/1", "Hu1/0/49", "Po1", "Eth1/1", "ge-0/0/1", "1/1/1",
            "CPU",
        ] {
            assert!(matches!(short(s), Cow::Borrowed(b) if b == s), "{s}");
        }
        assert_eq!(short("Ethernets1"), "Ethernets1");
        assert_eq!(short("Vlanif10"), "Vlanif10");
        assert_eq!(short(""), "");
    }

    #[test]
    fn split_long_reads_every_kind_in_any_case() {
        for &(long, short) in LONG_TO_SHORT {
            for name in [
                long.to_string(),
                long.to_ascii_uppercase(),
                long.to_ascii_lowercase(),
            ] {
                assert_eq!(split_long(&format!("{name}1/0/1")), Some((short, "1/0/1")));
                assert_eq!(split_long(&name), Some((short, "")));
                assert_eq!(split_long(&format!("{name}x1")), None, "{name}");
            }
        }
        assert_eq!(split_long(&format!("{}1", "a".repeat(40))), None);
        assert_eq!(split_long("Gi1/0/1"), None);
    }

    #[test]
    fn kind_match_is_the_table() {
        for &(long, short) in LONG_TO_SHORT {
            assert_eq!(short_kind(long), Some(short), "{long}");
            assert_eq!(
                short_kind(&long.to_ascii_uppercase()),
                Some(short),
                "{long}"
            );
            assert_eq!(short_kind(&long[1..]), None, "{long}");
            assert_eq!(short_kind(&format!("{long}s")), None, "{long}");
        }
        assert_eq!(short_kind(""), None);
        assert_eq!(short_kind(&"x".repeat(40)), None);
        // Every length the buckets hold is a table length, and back.
        for n in 0..40 {
            let in_table = LONG_TO_SHORT.iter().filter(|(l, _)| l.len() == n).count();
            let found = LONG_TO_SHORT
                .iter()
                .filter(|(l, _)| l.len() == n && short_kind(l).is_some())
                .count();
            assert_eq!(in_table, found, "{n}");
        }
    }

    proptest::proptest! {
        #[test]
        fn odd_bytes_found_eight_at_a_time(s in "\\PC{0,24}|[\\x00-\\x7f]{0,40}|[!-~]{0,40}") {
            proptest::prop_assert_eq!(
                has_odd_byte(&s),
                s.bytes().any(|b| b <= b' ' || b >= 0x80),
                "{:?}", s
            );
        }
    }

    #[test]
    fn table_is_longest_first() {
        for w in LONG_TO_SHORT.windows(2) {
            assert!(w[0].0.len() >= w[1].0.len(), "{} before {}", w[0].0, w[1].0);
        }
    }

    #[test]
    fn long_names_invert_short_names() {
        for (short_kind, long) in SHORT_TO_LONG {
            let name = format!("{short_kind}1/0/1");
            assert_eq!(long_name(&name), format!("{long}1/0/1"));
            assert_eq!(short_name(&long_name(&name)), name, "{name}");
        }
        assert_eq!(long_name("gi1/0/1"), "GigabitEthernet1/0/1");
        assert_eq!(long_name("GigabitEthernet1/0/1"), "GigabitEthernet1/0/1");
        assert_eq!(long_name("mgmt0"), "mgmt0");
        assert_eq!(long_name("1/1/1"), "1/1/1");
    }

    #[test]
    fn port_like() {
        for p in [
            "Gi1/0/1",
            "Po10",
            "Vl1",
            "GigabitEthernet0/48",
            "ge-0/0/1.0",
            "1/1/1",
            "Te1/1/1:2",
        ] {
            assert!(is_port_like(p), "{p}");
        }
        for p in [
            "CPU",
            "Router",
            "Switch",
            "Drop",
            "sup-eth1",
            "Sup-Eth2",
            "-",
            "Yes",
            "",
            "nve1(1.1.1.1)",
            "Gi1/0/1,",
        ] {
            assert!(!is_port_like(p), "{p}");
        }
    }

    fn sorted(ports: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = ports.iter().map(|s| s.to_string()).collect();
        v.sort_by_key(|p| sort_key(p));
        v
    }

    #[test]
    fn numbers_sort_naturally() {
        assert!(sort_key("Gi1/0/2") < sort_key("Gi1/0/10"));
        assert!(sort_key("Gi1/0/1") < sort_key("Gi1/0/1.100"));
        assert!(sort_key("Gi1/0/48") < sort_key("Gi2/0/1"));
        assert_eq!(
            sorted(&["Gi1/0/10", "Gi1/0/2", "Gi1/0/1.100", "Gi1/0/1"]),
            ["Gi1/0/1", "Gi1/0/1.100", "Gi1/0/2", "Gi1/0/10"]
        );
    }

    #[test]
    fn kinds_sort_by_weight() {
        let want = [
            "mgmt0", "Po1", "Hu1/0/49", "Fo1/1/1", "Twe1/1/1", "Te1/1/1", "Tw1/0/1", "Et1",
            "Gi1/0/1", "Fa0/1", "Ap1/0/1", "Vl1", "Lo0",
        ];
        let mut shuffled = want.to_vec();
        shuffled.reverse();
        assert_eq!(sorted(&shuffled), want);
    }

    #[test]
    fn long_and_short_forms_share_a_position() {
        assert!(sort_key("GigabitEthernet1/0/2") < sort_key("Gi1/0/3"));
        assert!(sort_key("Gi1/0/1") > sort_key("GigabitEthernet1/0/0"));
        assert!(sort_key("FourHundredGigE1/0/1") < sort_key("HundredGigE1/0/1"));
        // Same port, different spelling: the raw text breaks the tie only.
        assert_ne!(sort_key("Gi1/0/1"), sort_key("GigabitEthernet1/0/1"));
    }

    #[test]
    fn other_vendors_sort_among_themselves() {
        assert_eq!(
            sorted(&["ge-0/0/10", "xe-0/1/0", "ge-0/0/2", "ae0"]),
            ["ae0", "ge-0/0/2", "ge-0/0/10", "xe-0/1/0"]
        );
        assert_eq!(
            sorted(&["1/1/10", "lag1", "1/1/2", "1/1/1:2", "1/1/1"]),
            ["lag1", "1/1/1", "1/1/1:2", "1/1/2", "1/1/10"]
        );
        assert!(sort_key("") > sort_key("Lo0"));
        // Huge numbers saturate rather than overflow.
        assert!(sort_key("Gi99999999999999999999999") > sort_key("Gi1"));
    }
}
