//! paloalto (placeholder).

use super::Capture;
use crate::spec::DeviceSpec;

/// Prints the device.
pub fn capture(spec: &DeviceSpec) -> Capture {
    super::cisco::capture(spec)
}
