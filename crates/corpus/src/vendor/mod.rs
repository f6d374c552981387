//! Vendor writers: a [`DeviceSpec`] printed as one vendor's CLI output,
//! together with the record the project's parser must make of that text.
//!
//! Each writer prints the commands its vendor's parser reads, in the
//! layouts of the hand-checked samples under `corpora/samples/`, and
//! derives the expected [`Device`] from the same facts while printing (a
//! port's name is its description, a learned MAC list follows table order,
//! and so on), so the text and its expected record cannot drift apart.

pub mod arista;
pub mod aruba;
pub mod brocade;
pub mod cisco;
pub mod juniper;
pub mod paloalto;

use crate::names::Mac;
use crate::spec::{Client, DeviceSpec};
use statetrace_model::{Device, Port, Vendor};
use std::collections::HashSet;

/// One device's capture before noise: command blocks and the expected
/// record.
#[derive(Debug, Clone)]
pub struct Capture {
    /// The privileged prompt, e.g. `WLLS-A01-AS-01#` or
    /// `netops@KNOX-C01-AS-01> `.
    pub prompt: String,
    /// The unprivileged prompt for a login that has to `enable` first.
    pub user_prompt: Option<String>,
    /// The command that turns the pager off (`terminal length 0`), printed
    /// first unless the capture keeps its pager prompts.
    pub pager_off: &'static str,
    /// What the vendor's pager prints (`--More--` and friends).
    pub pager: &'static str,
    /// Command blocks, each `<prompt><command>\n<output lines>\n`.
    pub blocks: Vec<String>,
    /// The record `statetrace parse` must produce.
    pub expected: Device,
}

impl Capture {
    /// A capture with no blocks yet.
    fn new(prompt: String, user_prompt: Option<String>, expected: Device) -> Capture {
        Capture {
            prompt,
            user_prompt,
            pager_off: "terminal length 0",
            pager: " --More-- ",
            blocks: Vec::new(),
            expected,
        }
    }

    /// Adds a command block; `body` is the output, each line ending in `\n`.
    fn block(&mut self, command: &str, body: String) {
        let mut b = String::with_capacity(self.prompt.len() + command.len() + 1 + body.len());
        b.push_str(&self.prompt);
        b.push_str(command);
        b.push('\n');
        b.push_str(&body);
        self.blocks.push(b);
    }
}

/// Prints a device as its vendor.
pub fn capture(spec: &DeviceSpec) -> Capture {
    match spec.vendor {
        Vendor::Cisco => cisco::capture(spec),
        Vendor::Brocade => brocade::capture(spec),
        Vendor::Arista => arista::capture(spec),
        Vendor::Aruba => aruba::capture(spec),
        Vendor::Juniper => juniper::capture(spec),
        Vendor::PaloAlto => paloalto::capture(spec),
    }
}

/// A learned MAC table row: which port (index into the spec's ports) and
/// which client.
#[derive(Debug, Clone, Copy)]
pub struct MacRow<'a> {
    /// Port index.
    pub port: usize,
    /// The client.
    pub client: &'a Client,
}

/// Every learned client of the device, sorted by VLAN then MAC (the order
/// switches print their tables in).
pub fn mac_rows(spec: &DeviceSpec) -> Vec<MacRow<'_>> {
    let mut rows: Vec<MacRow<'_>> = spec
        .ports
        .iter()
        .enumerate()
        .flat_map(|(port, p)| {
            p.clients
                .iter()
                .filter(|c| c.learned())
                .map(move |client| MacRow { port, client })
        })
        .collect();
    rows.sort_by_key(|r| (r.client.vlan, r.client.mac, r.port));
    rows
}

/// Adds learned MACs to the expected ports the way the parser does: in
/// table order, once per port, formatted by `fmt`.
pub fn learn(ports: &mut [Port], rows: &[MacRow<'_>], fmt: impl Fn(Mac) -> String) {
    let mut seen: HashSet<(usize, Mac)> = HashSet::with_capacity(rows.len());
    for r in rows {
        if seen.insert((r.port, r.client.mac)) {
            ports[r.port].learned_macs.push(fmt(r.client.mac));
        }
    }
}

/// Uptime as `N weeks, N days, N hours, N minutes` (Cisco and Aruba CX),
/// leaving out leading zero units.
pub fn uptime_words(minutes: u64) -> String {
    let (w, d, h, m) = split_minutes(minutes);
    let mut parts = Vec::new();
    let unit = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if w > 0 {
        parts.push(unit(w, "week"));
    }
    if w > 0 || d > 0 {
        parts.push(unit(d, "day"));
    }
    if w > 0 || d > 0 || h > 0 {
        parts.push(unit(h, "hour"));
    }
    parts.push(unit(m, "minute"));
    parts.join(", ")
}

/// Minutes as (weeks, days, hours, minutes).
pub fn split_minutes(minutes: u64) -> (u64, u64, u64, u64) {
    let w = minutes / (7 * 24 * 60);
    let d = minutes / (24 * 60) % 7;
    let h = minutes / 60 % 24;
    let m = minutes % 60;
    (w, d, h, m)
}

/// A VLAN list as `a,b,c`.
pub fn vlan_list(vlans: &[u32]) -> String {
    vlans
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Left-pads or cuts `s` to exactly `width` characters (ASCII).
pub fn cell(s: &str, width: usize) -> String {
    if s.len() >= width {
        s[..width].to_string()
    } else {
        format!("{s:<width$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uptime_words_skip_leading_zero_units() {
        assert_eq!(uptime_words(5), "5 minutes");
        assert_eq!(uptime_words(61), "1 hour, 1 minute");
        assert_eq!(
            uptime_words(18 * 24 * 60 + 6 * 60 + 18),
            "2 weeks, 4 days, 6 hours, 18 minutes"
        );
        assert_eq!(
            uptime_words(7 * 24 * 60),
            "1 week, 0 days, 0 hours, 0 minutes"
        );
    }

    #[test]
    fn cells_pad_and_cut() {
        assert_eq!(cell("ab", 4), "ab  ");
        assert_eq!(cell("abcdef", 4), "abcd");
    }
}
