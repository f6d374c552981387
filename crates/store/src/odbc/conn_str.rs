//! ODBC connection strings: reading attributes, the `%SITE%` placeholder,
//! and masking passwords before anything is printed.
//!
//! Syntax (ODBC): `key=value` pairs separated by `;`; a value in braces
//! (`{...}`) may hold `;` and `=`, and `}}` inside braces is one `}`.

use std::ops::Range;

/// The placeholder replaced by the site name.
pub const SITE_PLACEHOLDER: &str = "%SITE%";

/// What a password is shown as.
const MASK: &str = "***";

/// One `key=value` attribute, with where its value sits in the string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attribute {
    /// The key, trimmed, as written.
    pub key: String,
    /// The value, without braces and with `}}` unescaped.
    pub value: String,
    /// The bytes of the value as written (braces included).
    pub span: Range<usize>,
}

/// Splits a connection string into attributes. Lenient on purpose: a
/// malformed string still yields every attribute it can, so that masking
/// never lets a password through because of a stray brace.
pub(crate) fn attributes(s: &str) -> Vec<Attribute> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let key_start = i;
        while i < bytes.len() && bytes[i] != b'=' && bytes[i] != b';' {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b';' {
            // A bare word without `=`: not an attribute.
            i += 1;
            continue;
        }
        let key = s[key_start..i].trim().to_string();
        i += 1; // '='
        let value_start = i;
        let mut value = String::new();
        // Leading blanks before a brace are allowed by most drivers.
        let mut j = i;
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b'{' {
            i = j + 1;
            let mut closed = false;
            while i < bytes.len() {
                if bytes[i] == b'}' {
                    if bytes.get(i + 1) == Some(&b'}') {
                        value.push('}');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    closed = true;
                    break;
                }
                let ch_len = utf8_len(bytes[i]);
                value.push_str(&s[i..(i + ch_len).min(s.len())]);
                i += ch_len;
            }
            if closed {
                while i < bytes.len() && bytes[i] != b';' {
                    i += 1;
                }
            }
        } else {
            while i < bytes.len() && bytes[i] != b';' {
                i += 1;
            }
            value = s[value_start..i].trim().to_string();
        }
        out.push(Attribute {
            key,
            value,
            span: value_start..i.min(s.len()),
        });
        i += 1; // ';'
    }
    out
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// The value of `key` (case-insensitive), the last one when repeated.
pub(crate) fn get(s: &str, key: &str) -> Option<String> {
    attributes(s)
        .into_iter()
        .rev()
        .find(|a| a.key.eq_ignore_ascii_case(key))
        .map(|a| a.value)
}

/// `s` with `key={value}` appended (braced, so any character is safe).
pub(crate) fn with_attribute(s: &str, key: &str, value: &str) -> String {
    let mut out = s.trim_end().to_string();
    if !out.is_empty() && !out.ends_with(';') {
        out.push(';');
    }
    out.push_str(key);
    out.push_str("={");
    out.push_str(&value.replace('}', "}}"));
    out.push_str("};");
    out
}

fn is_secret_key(key: &str) -> bool {
    key.eq_ignore_ascii_case("PWD") || key.eq_ignore_ascii_case("Password")
}

/// `s` with the values of `PWD=` and `Password=` replaced by `***`: the
/// only form in which a connection string is ever shown.
pub fn mask(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for a in attributes(s).into_iter().filter(|a| is_secret_key(&a.key)) {
        out.push_str(&s[last..a.span.start]);
        out.push_str(MASK);
        last = a.span.end;
    }
    out.push_str(&s[last..]);
    out
}

/// The passwords in a connection string, to scrub them from driver
/// messages that might quote them.
pub(crate) fn secrets(s: &str) -> Vec<String> {
    attributes(s)
        .into_iter()
        .filter(|a| is_secret_key(&a.key) && !a.value.is_empty())
        .map(|a| a.value)
        .collect()
}

/// A message fit to print: any `PWD=`/`Password=` attribute it quotes is
/// masked, and so is any literal occurrence of a known password of three
/// characters or more (shorter ones would mask ordinary words).
pub(crate) fn scrub(message: &str, secrets: &[String]) -> String {
    let mut out = mask_inline(message);
    for secret in secrets.iter().filter(|s| s.chars().count() >= 3) {
        out = out.replace(secret.as_str(), MASK);
    }
    out
}

/// Masks `PWD=...`/`Password=...` wherever they appear in free text (up to
/// the next `;`, or the closing brace of a braced value).
fn mask_inline(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &lower[i..];
        let key_len = ["pwd=", "password="]
            .iter()
            .find(|k| rest.starts_with(**k))
            .map(|k| k.len());
        // Only at a word start, so `mypwd=` in prose is left alone.
        let at_word_start = i == 0
            || !text[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        match key_len {
            Some(n) if at_word_start => {
                out.push_str(&text[i..i + n]);
                out.push_str(MASK);
                let value = &text[i + n..];
                let end = if value.starts_with('{') {
                    value.find('}').map_or(value.len(), |p| p + 1)
                } else {
                    value
                        .find(|c: char| c == ';' || c.is_whitespace() || c == '"' || c == '\'')
                        .unwrap_or(value.len())
                };
                i += n + end;
            }
            _ => {
                let c = text[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&text[i..i + c]);
                i += c;
            }
        }
    }
    out
}

/// Replaces every `%SITE%` with the site. A site that holds anything but
/// letters, digits, `-`, `_` and `.` is refused: it would change the meaning
/// of the connection string (a `;` starts a new attribute).
pub(crate) fn with_site(s: &str, site: &str) -> Result<String, String> {
    if !s.contains(SITE_PLACEHOLDER) {
        return Ok(s.to_string());
    }
    if site.is_empty()
        || !site
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(format!(
            "site name {site:?} cannot replace {SITE_PLACEHOLDER} in a connection string \
             (only letters, digits, '-', '_' and '.' are allowed)"
        ));
    }
    Ok(s.replace(SITE_PLACEHOLDER, site))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_with_braces_and_escapes() {
        let a = attributes(
            "Driver={Microsoft Access Driver (*.mdb, *.accdb)};DBQ=C:\\D\\x.accdb; PWD={a;b}}c}",
        );
        let kv: Vec<_> = a
            .iter()
            .map(|a| (a.key.as_str(), a.value.as_str()))
            .collect();
        assert_eq!(
            kv,
            [
                ("Driver", "Microsoft Access Driver (*.mdb, *.accdb)"),
                ("DBQ", "C:\\D\\x.accdb"),
                ("PWD", "a;b}c"),
            ]
        );
        assert_eq!(
            get("driver={SQLite3};database=x", "DATABASE").as_deref(),
            Some("x")
        );
        assert_eq!(get("Driver={SQLite3}", "Database"), None);
    }

    #[test]
    fn passwords_are_masked_in_every_form() {
        assert_eq!(
            mask("Driver={PostgreSQL Unicode};Uid=st;PWD=s3cret;Server=h"),
            "Driver={PostgreSQL Unicode};Uid=st;PWD=***;Server=h"
        );
        assert_eq!(mask("password={a;b}}c};x=1"), "password=***;x=1");
        assert_eq!(mask("Pwd=unterminated{"), "Pwd=***");
        assert_eq!(mask("PWD={never closed;Server=h"), "PWD=***");
        assert_eq!(
            mask("Driver={SQLite3};Database=x"),
            "Driver={SQLite3};Database=x"
        );
        let scrubbed = scrub(
            "connect failed for 'Uid=st;PWD=s3cret' (password s3cret rejected)",
            &secrets("Uid=st;PWD=s3cret"),
        );
        assert!(!scrubbed.contains("s3cret"), "{scrubbed}");
        assert!(scrubbed.contains("PWD=***"), "{scrubbed}");
        // Prose that merely contains the letters is left alone.
        assert_eq!(scrub("mypwd=x", &[]), "mypwd=x");
    }

    #[test]
    fn site_placeholder() {
        assert_eq!(
            with_site("Database=Data/%SITE%/%SITE%.sqlite", "WLLS").unwrap(),
            "Database=Data/WLLS/WLLS.sqlite"
        );
        assert_eq!(
            with_site("Database=shared", "a;b").unwrap(),
            "Database=shared"
        );
        let err = with_site("Database=st_%SITE%", "a;PWD=x").unwrap_err();
        assert!(err.contains("cannot replace %SITE%"), "{err}");
    }

    #[test]
    fn appended_attributes_are_braced() {
        let s = with_attribute("Driver={X}", "DBQ", "C:\\a}b;c.accdb");
        assert_eq!(s, "Driver={X};DBQ={C:\\a}}b;c.accdb};");
        assert_eq!(get(&s, "dbq").as_deref(), Some("C:\\a}b;c.accdb"));
    }
}
