//! From a device's text to its record: detect the vendor, run its parser.

use crate::blocks::DeviceText;
use crate::detect::{detect, Detection};
use statetrace_model::{Device, Vendor};

/// Why a device produced no record.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParseFailure {
    /// No vendor evidence was found.
    #[error("vendor could not be decided (no vendor evidence in {lines} lines; use --vendor to force one)")]
    UndecidedVendor {
        /// Lines looked at.
        lines: usize,
        /// Evidence seen (empty when none).
        evidence: Vec<String>,
    },
}

/// The outcome of parsing one device.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The record.
    pub device: Device,
    /// How the vendor was decided (`confidence` is 100 when forced).
    pub detection: Detection,
}

/// Parses one device. `forced` skips detection (the CLI's `--vendor`).
pub fn parse_device(
    hostname: &str,
    text: &DeviceText<'_>,
    forced: Option<Vendor>,
) -> Result<Parsed, ParseFailure> {
    let detection = match forced {
        Some(v) => Detection {
            vendor: Some(v),
            confidence: 100,
            evidence: vec![format!("{v}: forced")],
        },
        None => detect(text),
    };
    let vendor = detection
        .vendor
        .ok_or_else(|| ParseFailure::UndecidedVendor {
            lines: text.lines().len(),
            evidence: detection.evidence.clone(),
        })?;
    let device = match vendor {
        Vendor::Cisco => crate::cisco::parse(text, hostname),
        Vendor::Arista => crate::arista::parse(text, hostname),
        Vendor::Juniper => crate::juniper::parse(text, hostname),
        Vendor::PaloAlto => crate::paloalto::parse(text, hostname),
        Vendor::Brocade => crate::brocade::parse(text, hostname),
        Vendor::Aruba => crate::aruba::parse(text, hostname),
    };
    Ok(Parsed { device, detection })
}
