//! Whitespace trimming with an ASCII fast path.
//!
//! `str::trim` decodes every char and asks the Unicode tables whether it is
//! whitespace; on indented configuration and padded table cells that was
//! several percent of all parsing. These helpers skip ASCII whitespace a
//! byte at a time and hand over to the standard methods only when a
//! non-ASCII char sits at the edge, so they return exactly what
//! `trim`, `trim_start` and `trim_end` return.

/// The ASCII chars `char::is_whitespace` accepts: tab, LF, VT, FF, CR and
/// space.
#[inline]
fn is_ascii_ws(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// `s` without its leading spaces in runs of eight (up to seven are left):
/// a cheap first step before trimming deeply indented lines (Junos
/// configuration), where testing each byte cost more than the rest of the
/// line. Shallow indents should skip it, as it costs them a test.
#[inline]
pub(crate) fn skip_space_octets(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = 0;
    while b.get(i..i + 8) == Some(b"        ") {
        i += 8;
    }
    // Only spaces precede `i`, so it is a char boundary.
    &s[i..]
}

/// `trim`, `trim_start` and `trim_end` with an ASCII fast path (same
/// results as the standard methods).
pub trait TrimExt {
    /// Same as [`str::trim`].
    fn trim_ws(&self) -> &str;
    /// Same as [`str::trim_start`].
    fn trim_ws_start(&self) -> &str;
    /// Same as [`str::trim_end`].
    fn trim_ws_end(&self) -> &str;
}

impl TrimExt for str {
    #[inline]
    fn trim_ws(&self) -> &str {
        self.trim_ws_start().trim_ws_end()
    }

    #[inline]
    fn trim_ws_start(&self) -> &str {
        let b = self.as_bytes();
        let i = b.iter().position(|&c| !is_ascii_ws(c)).unwrap_or(b.len());
        // `i` follows ASCII bytes only, so it is a char boundary.
        let rest = &self[i..];
        if b.get(i).is_some_and(|&c| c >= 0x80) {
            rest.trim_start()
        } else {
            rest
        }
    }

    #[inline]
    fn trim_ws_end(&self) -> &str {
        let b = self.as_bytes();
        let j = b
            .iter()
            .rposition(|&c| !is_ascii_ws(c))
            .map_or(0, |j| j + 1);
        // Only ASCII bytes follow `j`, so it is a char boundary.
        let rest = &self[..j];
        if j > 0 && b[j - 1] >= 0x80 {
            rest.trim_end()
        } else {
            rest
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TrimExt;

    #[test]
    fn agrees_with_std() {
        for s in [
            "",
            " ",
            "\t\n\x0b\x0c\r ",
            "  a b  ",
            "\u{a0} x \u{a0}",
            " \u{3000}x\u{2003} ",
            "é",
            " é ",
            "\x1cx\x1c",
            "x\u{85}",
        ] {
            assert_eq!(s.trim_ws(), s.trim(), "{s:?}");
            assert_eq!(s.trim_ws_start(), s.trim_start(), "{s:?}");
            assert_eq!(s.trim_ws_end(), s.trim_end(), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_std_on_any_text(s in "[ \t\r\n\x0b\x0c\u{a0}\u{3000}a-cé\x1c\u{85}]{0,12}") {
            proptest::prop_assert_eq!(s.trim_ws(), s.trim());
            proptest::prop_assert_eq!(s.trim_ws_start(), s.trim_start());
            proptest::prop_assert_eq!(s.trim_ws_end(), s.trim_end());
        }
    }
}
