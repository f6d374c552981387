//! The schema as data, so each SQL dialect can spell it in its own types.
//!
//! Same tables, columns and keys as the embedded SQLite DDL
//! (`crate::schema::DDL`); a test checks the two agree column for column.

/// What a column holds, before a dialect picks a type for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    /// A short text compared without regard to case (Hostname, Port).
    Key,
    /// A short text (at most 255 characters in Access).
    Text,
    /// A long text (configuration, MAC lists).
    Memo,
    /// A 32-bit integer.
    Int,
    /// A count that may outgrow 32 bits where the dialect allows.
    BigInt,
    /// An auto-increment row ID.
    Counter,
    /// A UTC date and time, `YYYY-MM-DD HH:MM:SS`.
    Date,
}

/// A column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Column {
    /// Its name, as the original schema spells it.
    pub name: &'static str,
    /// What it holds.
    pub ty: Ty,
    /// Whether NULL is refused.
    pub not_null: bool,
}

/// A table.
#[derive(Debug)]
pub(crate) struct Table {
    /// Its name.
    pub name: &'static str,
    /// Its columns, in order.
    pub columns: &'static [Column],
    /// The one-column primary key, if any.
    pub primary_key: Option<&'static str>,
    /// Columns of a UNIQUE constraint (empty when none).
    pub unique: &'static [&'static str],
    /// `(column, referenced table, referenced column)`.
    pub foreign_key: Option<(&'static str, &'static str, &'static str)>,
    /// `(index name, columns)`.
    pub indexes: &'static [(&'static str, &'static [&'static str])],
}

impl Table {
    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

const fn c(name: &'static str, ty: Ty) -> Column {
    Column {
        name,
        ty,
        not_null: false,
    }
}

const fn nn(name: &'static str, ty: Ty) -> Column {
    Column {
        name,
        ty,
        not_null: true,
    }
}

use Ty::{BigInt, Counter, Date, Int, Key, Memo, Text};

/// `SchemaVersion`.
pub(crate) const SCHEMA_VERSION: Table = Table {
    name: "SchemaVersion",
    columns: &[
        nn("ID", Counter),
        nn("Version", Int),
        c("MigrationName", Text),
        c("AppliedAt", Date),
        c("AppliedBy", Text),
    ],
    primary_key: Some("ID"),
    unique: &[],
    foreign_key: None,
    indexes: &[],
};

/// `DeviceSummary`: one row per device.
pub(crate) const DEVICE_SUMMARY: Table = Table {
    name: "DeviceSummary",
    columns: &[
        nn("Hostname", Key),
        c("Make", Text),
        c("Model", Text),
        c("Uptime", Text),
        c("Site", Text),
        c("Building", Text),
        c("Room", Text),
        c("Ports", Int),
        c("AuthDefaultVLAN", Text),
        c("AuthBlock", Memo),
        c("Version", Text),
        c("Serial", Text),
        c("Location", Text),
        c("Floor", Text),
        c("Row", Text),
        c("Rack", Text),
        c("LastUpdated", Date),
        c("Signature", Text),
        c("SpanSignature", Text),
    ],
    primary_key: Some("Hostname"),
    unique: &[],
    foreign_key: None,
    indexes: &[],
};

/// `Interfaces`: one row per port.
pub(crate) const INTERFACES: Table = Table {
    name: "Interfaces",
    columns: &[
        nn("ID", Counter),
        nn("Hostname", Key),
        nn("Port", Key),
        c("Name", Text),
        c("Status", Text),
        c("VLAN", Int),
        c("Duplex", Text),
        c("Speed", Text),
        c("Type", Text),
        c("LearnedMACs", Memo),
        c("AuthState", Text),
        c("AuthMode", Text),
        c("AuthClientMAC", Text),
        c("AuthTemplate", Text),
        c("Config", Memo),
        c("PortColor", Text),
        c("ConfigStatus", Text),
        c("ToolTip", Memo),
        c("Mode", Text),
        c("MissingAuthCmds", Memo),
        c("LastUpdated", Date),
        c("Signature", Text),
    ],
    primary_key: Some("ID"),
    unique: &["Hostname", "Port"],
    foreign_key: Some(("Hostname", "DeviceSummary", "Hostname")),
    indexes: &[],
};

/// `DeviceHistory`: a row per device change.
pub(crate) const DEVICE_HISTORY: Table = Table {
    name: "DeviceHistory",
    columns: &[
        nn("ID", Counter),
        nn("Hostname", Key),
        nn("RunDate", Date),
        c("Make", Text),
        c("Model", Text),
        c("Uptime", Text),
        c("Site", Text),
        c("Building", Text),
        c("Room", Text),
        c("Ports", Int),
        c("AuthDefaultVLAN", Text),
        c("AuthBlock", Memo),
        c("Version", Text),
        c("Serial", Text),
        c("Location", Text),
        c("Floor", Text),
        c("Row", Text),
        c("Rack", Text),
    ],
    primary_key: Some("ID"),
    unique: &[],
    foreign_key: None,
    indexes: &[("IX_DeviceHistory_HostnameRunDate", &["Hostname", "RunDate"])],
};

/// `InterfaceHistory`: a row per port added, changed or removed.
pub(crate) const INTERFACE_HISTORY: Table = Table {
    name: "InterfaceHistory",
    columns: &[
        nn("ID", Counter),
        nn("Hostname", Key),
        nn("RunDate", Date),
        nn("Port", Key),
        c("Name", Text),
        c("Status", Text),
        c("VLAN", Int),
        c("Duplex", Text),
        c("Speed", Text),
        c("Type", Text),
        c("LearnedMACs", Memo),
        c("AuthState", Text),
        c("AuthMode", Text),
        c("AuthClientMAC", Text),
        c("AuthTemplate", Text),
        c("Config", Memo),
        c("PortColor", Text),
        c("ConfigStatus", Text),
        c("ToolTip", Memo),
        c("Mode", Text),
        c("MissingAuthCmds", Memo),
        nn("ChangeType", Text),
    ],
    primary_key: Some("ID"),
    unique: &[],
    foreign_key: None,
    indexes: &[(
        "IX_InterfaceHistory_HostnameRunDate",
        &["Hostname", "RunDate"],
    )],
};

/// `SpanInfo`: the current spanning tree, replaced as a unit.
pub(crate) const SPAN_INFO: Table = Table {
    name: "SpanInfo",
    columns: &[
        nn("Hostname", Key),
        c("Vlan", Text),
        c("RootSwitch", Text),
        c("RootPort", Text),
        c("Role", Text),
        c("Upstream", Text),
        c("LastUpdated", Date),
        c("State", Text),
        c("Cost", Int),
        c("RootCost", Int),
        c("Protocol", Text),
    ],
    primary_key: None,
    unique: &[],
    foreign_key: None,
    indexes: &[("idx_spaninfo_host_vlan", &["Hostname", "Vlan"])],
};

/// `SpanHistory`.
pub(crate) const SPAN_HISTORY: Table = Table {
    name: "SpanHistory",
    columns: &[
        nn("ID", Counter),
        nn("Hostname", Key),
        nn("RunDate", Date),
        c("Vlan", Text),
        c("RootSwitch", Text),
        c("RootPort", Text),
        c("Role", Text),
        c("Upstream", Text),
        c("State", Text),
        c("Cost", Int),
        c("RootCost", Int),
        c("Protocol", Text),
    ],
    primary_key: Some("ID"),
    unique: &[],
    foreign_key: None,
    indexes: &[("idx_spanhistory_host", &["Hostname", "RunDate"])],
};

/// `IngestionHistory`: per device, the fingerprint of its last ingest.
pub(crate) const INGESTION_HISTORY: Table = Table {
    name: "IngestionHistory",
    columns: &[
        nn("Hostname", Key),
        c("Site", Text),
        nn("FileHash", Text),
        nn("SourceLength", BigInt),
        nn("LastIngestedUtc", Date),
    ],
    primary_key: Some("Hostname"),
    unique: &[],
    foreign_key: None,
    indexes: &[],
};

/// Every table, in creation order (a referenced table before its referrer).
pub(crate) const ALL: [&Table; 8] = [
    &SCHEMA_VERSION,
    &DEVICE_SUMMARY,
    &INTERFACES,
    &DEVICE_HISTORY,
    &INTERFACE_HISTORY,
    &SPAN_INFO,
    &SPAN_HISTORY,
    &INGESTION_HISTORY,
];

/// The table called `name` (case-insensitive).
pub(crate) fn by_name(name: &str) -> Option<&'static Table> {
    ALL.iter()
        .copied()
        .find(|t| t.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded schema and this model must never drift apart: both
    /// backends are compared row for row over these columns.
    #[test]
    fn model_matches_the_embedded_schema() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(crate::schema::DDL).unwrap();
        let mut tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut model: Vec<String> = ALL.iter().map(|t| t.name.to_string()).collect();
        tables.sort();
        model.sort();
        assert_eq!(tables, model);
        for t in ALL {
            let cols: Vec<(String, String, bool, bool)> = conn
                .prepare(&format!("PRAGMA table_info({})", t.name))
                .unwrap()
                .query_map([], |r| {
                    Ok((
                        r.get(1)?,
                        r.get(2)?,
                        r.get::<_, i64>(3)? != 0,
                        r.get::<_, i64>(5)? != 0,
                    ))
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let names: Vec<&str> = cols.iter().map(|c| c.0.as_str()).collect();
            let model_names: Vec<&str> = t.columns.iter().map(|c| c.name).collect();
            assert_eq!(names, model_names, "columns of {}", t.name);
            for (name, ty, not_null, pk) in &cols {
                let m = t.column(name).unwrap();
                let int = matches!(m.ty, Ty::Int | Ty::BigInt | Ty::Counter);
                assert_eq!(ty == "INTEGER", int, "{}.{name} type", t.name);
                // A SQLite INTEGER PRIMARY KEY is NOT NULL without saying so.
                assert_eq!(
                    *not_null || m.ty == Ty::Counter,
                    m.not_null,
                    "{}.{name} NOT NULL",
                    t.name
                );
                assert_eq!(
                    *pk,
                    t.primary_key == Some(name.as_str()),
                    "{}.{name} key",
                    t.name
                );
            }
        }
    }
}
