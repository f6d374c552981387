//! The one site rule and the SNMP location split.

use serde::{Deserialize, Serialize};

/// The site a hostname belongs to: the text before the first `-`, or the
/// whole name when it has no dash (or starts with one).
///
/// This single rule names the database file, fills the stored `Site` column
/// and tags telemetry, so the three can never disagree (the original used
/// three different rules). A leading `SSH@` and surrounding whitespace are
/// ignored; an empty name has site `Unknown`.
///
/// ```
/// use statetrace_model::site_of;
/// assert_eq!(site_of("WLLS-A05-AS-55"), "WLLS");
/// assert_eq!(site_of("LAB-C9200L-AS-01"), "LAB");
/// assert_eq!(site_of("SWITCH1"), "SWITCH1");
/// ```
pub fn site_of(hostname: &str) -> &str {
    let name = hostname.trim();
    let name = match name.get(..4) {
        Some(prefix) if prefix.eq_ignore_ascii_case("ssh@") => &name[4..],
        _ => name,
    };
    if name.is_empty() {
        return "Unknown";
    }
    match name.find('-') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    }
}

/// A location string split into its parts.
///
/// Operators encode location as underscore-separated key/value pairs, for
/// example `Bldg_21_Floor_2_Room_101_Row_1_Rack_1`. Keys are matched without
/// regard to case (`Bldg` or `Building`, `Floor`, `Room`, `Row`, `Rack`);
/// a later pair overrides an earlier one; anything else is ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// Building (`Bldg_X` or `Building_X`).
    pub building: Option<String>,
    /// Floor (`Floor_X`).
    pub floor: Option<String>,
    /// Room (`Room_X`).
    pub room: Option<String>,
    /// Row (`Row_X`).
    pub row: Option<String>,
    /// Rack (`Rack_X`).
    pub rack: Option<String>,
}

impl Location {
    /// Splits a location string; a string without key/value pairs gives all
    /// parts `None`.
    ///
    /// ```
    /// use statetrace_model::Location;
    /// let l = Location::split("Bldg_21_Floor_2_Room_101_Row_1_Rack_1");
    /// assert_eq!(l.building.as_deref(), Some("21"));
    /// assert_eq!(l.rack.as_deref(), Some("1"));
    /// ```
    pub fn split(location: &str) -> Location {
        let tokens: Vec<&str> = location
            .split('_')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        let mut out = Location::default();
        for pair in tokens.windows(2) {
            let (key, value) = (pair[0], pair[1]);
            let slot = if key.eq_ignore_ascii_case("bldg") || key.eq_ignore_ascii_case("building") {
                &mut out.building
            } else if key.eq_ignore_ascii_case("floor") {
                &mut out.floor
            } else if key.eq_ignore_ascii_case("room") {
                &mut out.room
            } else if key.eq_ignore_ascii_case("row") {
                &mut out.row
            } else if key.eq_ignore_ascii_case("rack") {
                &mut out.rack
            } else {
                continue;
            };
            *slot = Some(value.to_string());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_is_text_before_first_dash() {
        assert_eq!(site_of("WLLS-A05-AS-55"), "WLLS");
        assert_eq!(site_of("LAB-C9200L-AS-01"), "LAB");
        assert_eq!(site_of("CISCO-01"), "CISCO");
        assert_eq!(site_of("AR-7010T-1"), "AR");
    }

    #[test]
    fn site_without_dash_is_whole_name() {
        assert_eq!(site_of("SWITCH1"), "SWITCH1");
        assert_eq!(site_of("-odd"), "-odd");
        assert_eq!(site_of("  "), "Unknown");
        assert_eq!(site_of("SSH@BOYO-A05-AS-02"), "BOYO");
        assert_eq!(site_of("ssh@x"), "x");
    }

    #[test]
    fn location_pairs() {
        let l = Location::split("Bldg _ A _ Floor _ 2 _ Room _ 210");
        assert_eq!(l.building.as_deref(), Some("A"));
        assert_eq!(l.floor.as_deref(), Some("2"));
        assert_eq!(l.room.as_deref(), Some("210"));
        assert_eq!(l.row, None);
        let l = Location::split("Bldg_5_Floor_2_Room_204");
        assert_eq!(
            (
                l.building.as_deref(),
                l.floor.as_deref(),
                l.room.as_deref(),
                l.rack.as_deref()
            ),
            (Some("5"), Some("2"), Some("204"), None)
        );
        assert_eq!(Location::split("HQ-2-115"), Location::default());
        assert_eq!(Location::split("Lab Rack A"), Location::default());
    }
}
