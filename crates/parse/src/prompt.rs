//! Recognising CLI prompt lines (`host#`, `host>`, `SSH@host#`,
//! `host(config-if)#`, `user@host>`) and `hostname X` configuration lines.
//!
//! The rule is deliberately stricter than the original's regex, which took
//! output lines such as `  Serial #: CYS3333K006` for prompts:
//!
//! * the prompt starts in column 0 (device output that looks like a prompt is
//!   almost always indented, and terminals print prompts at column 0);
//! * an optional `user@` (or `SSH@`) prefix, dropped from the hostname;
//! * a host token of ASCII letters, digits, `-`, `_` and `.`, starting with a
//!   letter or digit and holding at least one letter (so `C:\Users>`,
//!   `####`, `--More--` and `1/1/1>` never qualify);
//! * optionally ` Router` or ` Switch` (FastIron's default prompt words);
//! * an optional `(context)`, e.g. `(config-if)`;
//! * `#` or `>` directly after, with no space (so `Slot #`, `Port #`);
//! * then nothing, whitespace and a command, or a command starting with a
//!   letter, `!` or `?` (so `Serial#:` or `host#1` are not prompts).

use crate::trim::TrimExt;

/// A prompt line taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prompt<'a> {
    /// The hostname, without any `user@` prefix.
    pub host: &'a str,
    /// The `user@` prefix's user, when present (`SSH` for Brocade's `SSH@`).
    pub user: Option<&'a str>,
    /// The mode in parentheses, e.g. `config-if`.
    pub context: Option<&'a str>,
    /// `#` or `>`.
    pub mark: u8,
    /// The command typed after the prompt, trimmed; empty for a bare prompt.
    pub command: &'a str,
}

/// Bytes a host token may hold, as a table: every line that starts with a
/// letter or digit is scanned as a possible prompt, so this is one load per
/// byte instead of a chain of range tests.
const HOST_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.');
        b += 1;
    }
    t
};

fn is_host_byte(b: u8) -> bool {
    HOST_BYTES[usize::from(b)]
}

/// Scans a host token at the start of `s`; returns its length when valid.
fn host_token(s: &[u8]) -> Option<usize> {
    host_span(s).filter(|&len| valid_host(&s[..len]))
}

/// The length of the run of host bytes at the start of `s`, which must
/// start with a letter or digit; [`valid_host`] tells whether it is a host.
fn host_span(s: &[u8]) -> Option<usize> {
    let first = *s.first()?;
    if !first.is_ascii_alphanumeric() {
        return None;
    }
    Some(s.iter().position(|&b| !is_host_byte(b)).unwrap_or(s.len()))
}

/// True when a run of host bytes is a host token: at most 63 bytes, at
/// least one letter.
fn valid_host(token: &[u8]) -> bool {
    token.len() <= 63 && token.iter().any(u8::is_ascii_alphabetic)
}

/// Parses a prompt line, or returns `None` when the line is not one.
///
/// ```
/// use statetrace_parse::prompt::parse_prompt;
/// let p = parse_prompt("SSH@BOYO-A05-AS-02#show interfaces brief").unwrap();
/// assert_eq!((p.host, p.command), ("BOYO-A05-AS-02", "show interfaces brief"));
/// assert!(parse_prompt("  Serial #: CYS3333K006").is_none());
/// ```
pub fn parse_prompt(line: &str) -> Option<Prompt<'_>> {
    // Most lines that reach here are output, rejected by the byte after
    // their first word; the tokens' letter and length rules are checked
    // last, once the line has the shape of a prompt.
    let bytes = line.as_bytes();
    let mut pos = 0;
    let mut user = None;
    let first_len = host_span(bytes)?;
    let mut host_len = first_len;
    if bytes.get(first_len) == Some(&b'@') {
        user = Some(&line[..first_len]);
        pos = first_len + 1;
        host_len = host_span(&bytes[pos..])?;
    }
    let host = &line[pos..pos + host_len];
    pos += host_len;
    // FastIron's unconfigured prompt: `ICX7450-48P Router#`.
    // Output lines get here too (`interface 1`, `vlan 10`): the letter
    // after the space turns them away before any word is compared.
    if bytes.get(pos) == Some(&b' ')
        && matches!(bytes.get(pos + 1), Some(b'R' | b'r' | b'S' | b's'))
    {
        for word in [" Router", " Switch"] {
            if let Some(rest) = line.get(pos..pos + word.len()) {
                if rest.eq_ignore_ascii_case(word)
                    && matches!(bytes.get(pos + word.len()), Some(b'#' | b'>' | b'('))
                {
                    pos += word.len();
                    break;
                }
            }
        }
    }
    let mut context = None;
    if bytes.get(pos) == Some(&b'(') {
        let close = memchr::memchr(b')', &bytes[pos..])?;
        context = Some(&line[pos + 1..pos + close]);
        pos += close + 1;
    }
    let mark = *bytes.get(pos)?;
    if mark != b'#' && mark != b'>' {
        return None;
    }
    pos += 1;
    let rest = &line[pos..];
    match rest.as_bytes().first() {
        None => {}
        Some(b)
            if b.is_ascii_whitespace() || b.is_ascii_alphabetic() || *b == b'!' || *b == b'?' => {}
        Some(_) => return None,
    }
    if !valid_host(host.as_bytes()) || user.is_some_and(|u| !valid_host(u.as_bytes())) {
        return None;
    }
    Some(Prompt {
        host,
        user,
        context,
        mark,
        command: rest.trim_ws(),
    })
}

/// How configurations spell the keyword. Every vendor writes `hostname`;
/// the other two cover hand-edited files. A fixed set (rather than any mix
/// of case) lets the splitter find candidate lines with exact searches.
pub const HOSTNAME_SPELLINGS: [&str; 3] = ["hostname", "HOSTNAME", "Hostname"];

/// The name in a `hostname X` configuration line (quotes removed), if the
/// line is one. Leading indentation is allowed; the line must hold nothing
/// else.
///
/// ```
/// use statetrace_parse::prompt::hostname_line;
/// assert_eq!(hostname_line(" hostname \"ARUBA-6300\""), Some("ARUBA-6300"));
/// assert_eq!(hostname_line("hostname"), None);
/// ```
pub fn hostname_line(line: &str) -> Option<&str> {
    let t = line.trim_ws();
    let head = t.get(..8)?;
    if !HOSTNAME_SPELLINGS.contains(&head) {
        return None;
    }
    let rest = &t[8..];
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let name = rest.trim_ws().trim_matches('"');
    if name.is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    host_token(name.as_bytes()).filter(|&n| n == name.len())?;
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules in their original order, each token checked as it is
    /// scanned: the reference [`parse_prompt`] must agree with.
    fn parse_prompt_reference(line: &str) -> Option<Prompt<'_>> {
        let bytes = line.as_bytes();
        let mut pos = 0;
        let mut user = None;
        let first_len = host_token(bytes)?;
        let mut host_len = first_len;
        if bytes.get(first_len) == Some(&b'@') {
            user = Some(&line[..first_len]);
            pos = first_len + 1;
            host_len = host_token(&bytes[pos..])?;
        }
        let host = &line[pos..pos + host_len];
        pos += host_len;
        for word in [" Router", " Switch"] {
            if let Some(rest) = line.get(pos..pos + word.len()) {
                if rest.eq_ignore_ascii_case(word)
                    && matches!(bytes.get(pos + word.len()), Some(b'#' | b'>' | b'('))
                {
                    pos += word.len();
                    break;
                }
            }
        }
        let mut context = None;
        if bytes.get(pos) == Some(&b'(') {
            let close = memchr::memchr(b')', &bytes[pos..])?;
            context = Some(&line[pos + 1..pos + close]);
            pos += close + 1;
        }
        let mark = *bytes.get(pos)?;
        if mark != b'#' && mark != b'>' {
            return None;
        }
        pos += 1;
        let rest = &line[pos..];
        match rest.as_bytes().first() {
            None => {}
            Some(b)
                if b.is_ascii_whitespace()
                    || b.is_ascii_alphabetic()
                    || *b == b'!'
                    || *b == b'?' => {}
            Some(_) => return None,
        }
        Some(Prompt {
            host,
            user,
            context,
            mark,
            command: rest.trim_ws(),
        })
    }

    proptest::proptest! {
        /// Checking the token rules last changes no verdict.
        #[test]
        fn agrees_with_the_reference(
            line in "([a-zA-Z0-9._-]{0,70}|SSH|1)(@[a-z0-9-]{0,66})?( [rR]outer| Switch| x)?(\\([a-z-]*\\)?)?[#>( :1!?]?[ a-z!?#1]{0,6}"
        ) {
            proptest::prop_assert_eq!(parse_prompt(&line), parse_prompt_reference(&line));
        }
    }

    fn host(line: &str) -> Option<&str> {
        parse_prompt(line).map(|p| p.host)
    }

    #[test]
    fn accepts_every_prompt_form() {
        assert_eq!(host("WLLS-A01-AS-01# show version"), Some("WLLS-A01-AS-01"));
        assert_eq!(host("WLLS-A01-AS-01#show version"), Some("WLLS-A01-AS-01"));
        assert_eq!(
            host("SSH@BOYO-A05-AS-02# show config"),
            Some("BOYO-A05-AS-02")
        );
        assert_eq!(host("switch-two(config)# show version"), Some("switch-two"));
        assert_eq!(host("switch-two(config-if)#"), Some("switch-two"));
        assert_eq!(host("switch-two>show interfaces"), Some("switch-two"));
        assert_eq!(host("AR-7010T-1#!"), Some("AR-7010T-1"));
        assert_eq!(host("AR-7010T-1#"), Some("AR-7010T-1"));
        assert_eq!(host("user@EX4300-CORE> show version"), Some("EX4300-CORE"));
        assert_eq!(
            host("admin@PA-3220(active)> show system info"),
            Some("PA-3220")
        );
        assert_eq!(host("ICX7450-48P Router#show version"), Some("ICX7450-48P"));
        assert_eq!(host("sw1.lab#show ver"), Some("sw1.lab"));
        let p = parse_prompt("BRNC-A01-AS-02(config)#do sh int status").unwrap();
        assert_eq!(p.context, Some("config"));
        assert_eq!(p.command, "do sh int status");
        let p = parse_prompt("SSH@BOYO#").unwrap();
        assert_eq!(p.user, Some("SSH"));
        assert_eq!(p.command, "");
    }

    #[test]
    fn rejects_output_that_resembles_prompts() {
        for line in [
            "  Serial #: CYS3333K006",
            "Serial #: CYS3333K006",
            "Slot #",
            "Port #",
            "Port #  Name",
            "###########################",
            "####### WARNING #######",
            "C:\\Users>",
            "C:\\Users>dir",
            "--More--",
            " --More-- ",
            "Gi1/0/1    <== Disabled ==>  connected",
            "                    > to 10.0.0.2 via xe-0/1/0.0",
            "1/1/1>",
            "Serial#:",
            "host#1",
            "-->",
            "=~=~=~=~=~=~=~=~=~=~=~= PuTTY log 2026.11.03 09:14:22 =~=~=~=~=~=~=~=~=~=~=~=",
            "{master:0}",
            "",
        ] {
            assert_eq!(host(line), None, "{line:?}");
        }
    }

    #[test]
    fn hostname_lines() {
        assert_eq!(
            hostname_line("hostname WLLS-A01-AS-01"),
            Some("WLLS-A01-AS-01")
        );
        assert_eq!(
            hostname_line(" HOSTNAME BOYO-A05-AS-02  "),
            Some("BOYO-A05-AS-02")
        );
        assert_eq!(hostname_line("hostname \"ARUBA-6300\""), Some("ARUBA-6300"));
        assert_eq!(hostname_line("hostname a b"), None);
        assert_eq!(hostname_line("Hostname X-1"), Some("X-1"));
        assert_eq!(
            hostname_line("HostName X-1"),
            None,
            "not a spelling configurations use"
        );
        assert_eq!(hostname_line("hostnames x"), None);
        assert_eq!(hostname_line("hostname ####"), None);
    }
}
