//! Cisco IOS commands in ntc-templates form.

use crate::ntc::NtcCommand;

/// The supported `cisco_ios` commands.
pub const COMMANDS: &[NtcCommand] = &[];
