//! A device's normalised lines and the show-command blocks carved from them.

use crate::command::canonicalize;
use crate::prompt::parse_prompt;
use std::ops::Range;

/// The output of one show command inside a device's transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Canonical command key (see [`crate::command`]).
    pub command: String,
    /// True when an output filter (`| include` ...) cut the output.
    pub filtered: bool,
    /// Index of the prompt line that ran the command.
    pub prompt_line: usize,
    /// Output lines (indices into [`DeviceText::lines`]), without the prompt.
    pub lines: Range<usize>,
}

/// A device's transcript as lines, with its show-command blocks.
///
/// A block runs from the line after a `host# show ...` prompt up to the next
/// prompt line, using the strict prompt rule of [`crate::prompt`], so output
/// lines such as banners of `####` or Junos `> to ...` never cut a block
/// short. When the same command was captured more than once, lookups return
/// the last unfiltered capture (the newest complete output), else the last
/// filtered one.
#[derive(Debug, Clone, Default)]
pub struct DeviceText<'a> {
    lines: Vec<&'a str>,
    blocks: Vec<Block>,
}

impl<'a> DeviceText<'a> {
    /// Carves the blocks out of a device's normalised lines.
    pub fn new(lines: Vec<&'a str>) -> DeviceText<'a> {
        let mut blocks = Vec::new();
        let mut open: Option<(String, bool, usize)> = None;
        for (i, line) in lines.iter().enumerate() {
            // Fast path: a prompt starts with a letter or digit in column
            // 0 (most output lines are indented or start with punctuation);
            // one byte is cheaper than searching the line for `#`/`>`.
            // A prompt holds its `#` or `>`: one search rejects the
            // configuration lines and table rows that start in column 0
            // (`interface 1`, `Gi1/0/1 ...`) more cheaply than reading
            // their first word as a host.
            let bytes = line.as_bytes();
            if !bytes.first().is_some_and(u8::is_ascii_alphanumeric)
                || memchr::memchr2(b'#', b'>', bytes).is_none()
            {
                continue;
            }
            let Some(prompt) = parse_prompt(line) else {
                continue;
            };
            if let Some((command, filtered, start)) = open.take() {
                blocks.push(Block {
                    command,
                    filtered,
                    prompt_line: start,
                    lines: start + 1..i,
                });
            }
            if let Some(cmd) = canonicalize(prompt.command) {
                open = Some((cmd.key, cmd.filtered, i));
            }
        }
        if let Some((command, filtered, start)) = open {
            blocks.push(Block {
                command,
                filtered,
                prompt_line: start,
                lines: start + 1..lines.len(),
            });
        }
        DeviceText { lines, blocks }
    }

    /// All lines of the device, in transcript order.
    pub fn lines(&self) -> &[&'a str] {
        &self.lines
    }

    /// Every block in transcript order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The lines of a block.
    pub fn block_lines(&self, block: &Block) -> &[&'a str] {
        &self.lines[block.lines.clone()]
    }

    /// The last unfiltered block among `matches`, else the last filtered one.
    fn pick<'s>(&'s self, matches: impl Iterator<Item = &'s Block>) -> Option<&'s Block> {
        let (mut full, mut filtered) = (None, None);
        for b in matches {
            if b.filtered {
                filtered = Some(b);
            } else {
                full = Some(b);
            }
        }
        full.or(filtered)
    }

    /// The output of a command, by canonical key (e.g. `show version`).
    pub fn block(&self, command: &str) -> Option<&[&'a str]> {
        self.pick(self.blocks.iter().filter(|b| b.command == command))
            .map(|b| self.block_lines(b))
    }

    /// The output of the first of several commands that was captured, in the
    /// order given (e.g. `show authentication sessions`, then
    /// `show access-session`).
    pub fn first_block(&self, commands: &[&str]) -> Option<&[&'a str]> {
        commands.iter().find_map(|c| self.block(c))
    }

    /// The output of a command that starts with `prefix` followed by more
    /// words, e.g. `show mac address-table dynamic` for
    /// `show mac address-table`; the exact command is preferred.
    pub fn block_with_prefix(&self, prefix: &str) -> Option<&[&'a str]> {
        self.block(prefix).or_else(|| {
            self.pick(self.blocks.iter().filter(|b| {
                b.command.len() > prefix.len()
                    && b.command.starts_with(prefix)
                    && b.command.as_bytes()[prefix.len()] == b' '
            }))
            .map(|b| self.block_lines(b))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> DeviceText<'_> {
        DeviceText::new(s.lines().collect())
    }

    #[test]
    fn carves_blocks_between_prompts() {
        let t = text(
            "switch# show version\nVersion output line\nswitch# show interfaces status\nGi1/0/1 up\nswitch#",
        );
        assert_eq!(t.block("show version"), Some(&["Version output line"][..]));
        assert_eq!(t.block("show interfaces status"), Some(&["Gi1/0/1 up"][..]));
        assert_eq!(t.blocks().len(), 2);
    }

    #[test]
    fn banners_and_arrows_do_not_end_a_block() {
        let t = text("r1> show route\n1.0.0.0/8\n                    > to 10.0.0.2 via xe-0/1/0.0\n########\n-->\nr1>");
        assert_eq!(t.block("show route").unwrap().len(), 4);
    }

    #[test]
    fn non_show_commands_end_blocks_without_starting_one() {
        let t = text("sw#show ver\nv1\nsw#terminal length 0\njunk\nsw#sh run\nhostname sw");
        assert_eq!(t.block("show version"), Some(&["v1"][..]));
        assert_eq!(t.block("show running-config"), Some(&["hostname sw"][..]));
        assert_eq!(t.blocks().len(), 2);
    }

    #[test]
    fn last_unfiltered_capture_wins() {
        let t = text("sw#show ver\nold\nsw#show ver | include V\nfiltered\nsw#show version | no-more\nnew\nsw#show ver | i X\nf2");
        assert_eq!(t.block("show version"), Some(&["new"][..]));
        let t = text("sw#show run | begin interface\na\nsw#show run | include x\nb");
        assert_eq!(t.block("show running-config"), Some(&["b"][..]));
    }

    #[test]
    fn prefix_and_first_block_lookups() {
        let t = text("sw#show mac address-table dynamic\nrow\nsw#show access-session\ns1");
        assert_eq!(
            t.block_with_prefix("show mac address-table"),
            Some(&["row"][..])
        );
        assert_eq!(t.block("show mac address-table"), None);
        assert_eq!(
            t.first_block(&["show authentication sessions", "show access-session"]),
            Some(&["s1"][..])
        );
        assert_eq!(t.block_with_prefix("show mac-address"), None);
    }
}
