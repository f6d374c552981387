//! Capture noise and sessions: how a device's command blocks end up in a
//! file the way an operator's terminal recorded them.
//!
//! Noise is drawn from the device's own noise stream, which does not depend
//! on the day, so a device that does not change between days is recorded
//! byte for byte the same. Every kind of noise is one the splitter and the
//! line normaliser remove (see `corpora/samples/putty-capture.log`,
//! `cisco-interleaved.log`, `aruba-2930f.log`): the parsed record never
//! depends on it.

use crate::profile::Noise;
use crate::rng::{Domain, Rng};
use crate::vendor::Capture;
use serde::{Deserialize, Serialize};

/// Which noise a device's capture carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoiseFlags {
    /// Recorded by PuTTY: the file starts with its `=~=~=` header and uses
    /// CRLF (when the device opens the file).
    pub putty: bool,
    /// Captured before turning the pager off: long outputs carry pager
    /// prompts erased with backspaces.
    pub pager: bool,
    /// ANSI cursor escapes before every prompt.
    pub ansi: bool,
    /// A login (banner, user name, password, `enable`) before each session.
    pub login: bool,
}

impl NoiseFlags {
    /// The noise of device `number`.
    pub fn draw(seed: u64, number: u64, noise: &Noise) -> NoiseFlags {
        let mut rng = Rng::new(seed, Domain::Noise, number);
        NoiseFlags {
            putty: rng.chance(noise.putty),
            pager: rng.chance(noise.pager),
            ansi: rng.chance(noise.ansi),
            login: rng.chance(noise.login),
        }
    }

    /// The names of the noise kinds present, for the manifest.
    pub fn names(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        for (on, name) in [
            (self.putty, "putty"),
            (self.pager, "pager"),
            (self.ansi, "ansi"),
            (self.login, "login"),
        ] {
            if on {
                v.push(name);
            }
        }
        v
    }
}

/// The cursor codes AOS-S prints around every prompt.
const ANSI: &str = "\x1b[1;24r\x1b[24;1H";

/// Lines between two pager prompts.
const PAGE: usize = 24;

/// Banners printed before a login; vendor-neutral, so they sway no vendor
/// detection when they land in the previous device's text.
const BANNERS: &[&str] = &[
    "Authorized access only. Activity on this device is logged.",
    "WARNING: Unauthorized access to this system is prohibited.",
    "This system is for the use of authorized users only.",
];

/// Cuts a device's capture into `parts` sessions (each a login, some
/// command blocks and `exit`) with its noise applied.
pub fn sessions(
    cap: &Capture,
    flags: NoiseFlags,
    parts: usize,
    seed: u64,
    number: u64,
) -> Vec<String> {
    let mut rng = Rng::new(seed, Domain::Noise, number ^ 0x8000_0000_0000_0000);
    let parts = parts.clamp(1, cap.blocks.len().max(1));
    let per = cap.blocks.len().div_ceil(parts);
    let ansi = if flags.ansi { ANSI } else { "" };
    let mut out = Vec::with_capacity(parts);
    for (k, chunk) in cap.blocks.chunks(per.max(1)).enumerate() {
        let size: usize = chunk.iter().map(String::len).sum();
        let mut s = String::with_capacity(size + size / 8 + 512);
        if flags.login {
            let banner = rng.pick(BANNERS);
            s.push('\n');
            s.push_str(banner);
            s.push_str("\n\nUsername: netops\nPassword: \n");
            if let Some(user) = &cap.user_prompt {
                s.push_str(ansi);
                s.push_str(user);
                s.push_str("enable\nPassword: \n");
            }
        }
        if k == 0 && !flags.pager && !cap.pager_off.is_empty() {
            s.push_str(ansi);
            s.push_str(&cap.prompt);
            s.push_str(cap.pager_off);
            s.push('\n');
        }
        for block in chunk {
            s.push_str(ansi);
            if flags.pager {
                paged(&mut s, block, cap.pager);
            } else {
                s.push_str(block);
            }
        }
        s.push_str(ansi);
        s.push_str(&cap.prompt);
        s.push_str("exit\n");
        out.push(s);
    }
    out
}

/// Appends `block` with a pager prompt glued to the start of every
/// [`PAGE`]th non-empty line, erased the way terminals erase it (backspaces,
/// spaces, backspaces), so the line reads as before once cleaned.
fn paged(out: &mut String, block: &str, pager: &str) {
    for (i, line) in block.split_inclusive('\n').enumerate() {
        if i > 0 && i % PAGE == 0 && !line.trim().is_empty() {
            let n = pager.chars().count();
            out.push_str(pager);
            out.extend(std::iter::repeat_n('\x08', n));
            out.extend(std::iter::repeat_n(' ', n));
            out.extend(std::iter::repeat_n('\x08', n));
        }
        out.push_str(line);
    }
}

/// The first line PuTTY writes to a session log, dated from the device's
/// noise stream.
pub fn putty_header(seed: u64, number: u64) -> String {
    let mut rng = Rng::new(seed, Domain::Noise, number ^ 0x4000_0000_0000_0000);
    format!(
        "=~=~=~=~=~=~=~=~=~=~=~= PuTTY log 2026.11.{:02} {:02}:{:02}:{:02} =~=~=~=~=~=~=~=~=~=~=~=\n",
        rng.range(1, 28),
        rng.range(6, 18),
        rng.below(60),
        rng.below(60)
    )
}

/// `\n` to `\r\n`.
pub fn crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 30);
    for line in text.split_inclusive('\n') {
        match line.strip_suffix('\n') {
            Some(l) => {
                out.push_str(l);
                out.push_str("\r\n");
            }
            None => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_prompts_erase_to_the_original_line() {
        let block: String = (0..60).map(|i| format!("line {i}\n")).collect();
        let mut out = String::new();
        paged(&mut out, &block, " --More-- ");
        assert_eq!(out.matches("--More--").count(), 2);
        // Apply backspaces as a terminal does.
        let mut clean = String::new();
        for c in out.chars() {
            if c == '\x08' {
                clean.pop();
            } else {
                clean.push(c);
            }
        }
        assert_eq!(clean, block);
    }

    #[test]
    fn crlf_converts_every_line_end() {
        assert_eq!(crlf("a\nb\nc"), "a\r\nb\r\nc");
    }
}
