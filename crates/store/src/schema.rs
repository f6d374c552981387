//! The database schema: the original's tables and columns, plus extras.
//!
//! Compatibility first: every table and column the original Access schema
//! has is here with the same name and meaning, so existing queries and
//! tools keep working. Extra columns (Version, Serial, Mode, ...) carry what
//! the original parsed but threw away; `Signature` columns drive the change
//! detection. Hostname and Port compare without regard to case, as the
//! original's lookups did.

/// The schema version this build writes. Stored in `SchemaVersion`.
pub const SCHEMA_VERSION: i64 = 1;

/// The tables that hold one row per change (`RunDate` is when it was
/// stored, UTC `YYYY-MM-DD HH:MM:SS`): what history retention prunes.
pub const HISTORY_TABLES: [&str; 3] = ["InterfaceHistory", "DeviceHistory", "SpanHistory"];

/// Every table whose rows belong to a device by `Hostname`, other than
/// `DeviceSummary` itself: a row here whose device has no `DeviceSummary`
/// row is an orphan.
pub const DEVICE_TABLES: [&str; 6] = [
    "Interfaces",
    "SpanInfo",
    "InterfaceHistory",
    "DeviceHistory",
    "SpanHistory",
    "IngestionHistory",
];

/// DDL for a new database; every statement is idempotent. The foreign key
/// of `Interfaces` is checked at commit (a device's rows are written in one
/// transaction with its summary): checked per statement, it would make
/// every multi-row insert keep a statement journal.
pub(crate) const DDL: &str = r#"
CREATE TABLE IF NOT EXISTS SchemaVersion (
  ID INTEGER PRIMARY KEY AUTOINCREMENT,
  Version INTEGER NOT NULL,
  MigrationName TEXT,
  AppliedAt TEXT,
  AppliedBy TEXT
);
CREATE TABLE IF NOT EXISTS DeviceSummary (
  Hostname TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
  Make TEXT, Model TEXT, Uptime TEXT, Site TEXT, Building TEXT, Room TEXT,
  Ports INTEGER, AuthDefaultVLAN TEXT, AuthBlock TEXT,
  Version TEXT, Serial TEXT, Location TEXT, Floor TEXT, Row TEXT, Rack TEXT,
  LastUpdated TEXT, Signature TEXT, SpanSignature TEXT
);
CREATE TABLE IF NOT EXISTS Interfaces (
  ID INTEGER PRIMARY KEY AUTOINCREMENT,
  Hostname TEXT NOT NULL COLLATE NOCASE
    REFERENCES DeviceSummary(Hostname) DEFERRABLE INITIALLY DEFERRED,
  Port TEXT NOT NULL COLLATE NOCASE,
  Name TEXT, Status TEXT, VLAN INTEGER, Duplex TEXT, Speed TEXT, Type TEXT,
  LearnedMACs TEXT, AuthState TEXT, AuthMode TEXT, AuthClientMAC TEXT, AuthTemplate TEXT,
  Config TEXT, PortColor TEXT, ConfigStatus TEXT, ToolTip TEXT,
  Mode TEXT, MissingAuthCmds TEXT, LastUpdated TEXT, Signature TEXT,
  UNIQUE (Hostname, Port)
);
CREATE TABLE IF NOT EXISTS DeviceHistory (
  ID INTEGER PRIMARY KEY AUTOINCREMENT,
  Hostname TEXT NOT NULL COLLATE NOCASE, RunDate TEXT NOT NULL,
  Make TEXT, Model TEXT, Uptime TEXT, Site TEXT, Building TEXT, Room TEXT,
  Ports INTEGER, AuthDefaultVLAN TEXT, AuthBlock TEXT,
  Version TEXT, Serial TEXT, Location TEXT, Floor TEXT, Row TEXT, Rack TEXT
);
CREATE INDEX IF NOT EXISTS IX_DeviceHistory_HostnameRunDate ON DeviceHistory(Hostname, RunDate);
CREATE TABLE IF NOT EXISTS InterfaceHistory (
  ID INTEGER PRIMARY KEY AUTOINCREMENT,
  Hostname TEXT NOT NULL COLLATE NOCASE, RunDate TEXT NOT NULL,
  Port TEXT NOT NULL COLLATE NOCASE,
  Name TEXT, Status TEXT, VLAN INTEGER, Duplex TEXT, Speed TEXT, Type TEXT,
  LearnedMACs TEXT, AuthState TEXT, AuthMode TEXT, AuthClientMAC TEXT, AuthTemplate TEXT,
  Config TEXT, PortColor TEXT, ConfigStatus TEXT, ToolTip TEXT,
  Mode TEXT, MissingAuthCmds TEXT, ChangeType TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS IX_InterfaceHistory_HostnameRunDate ON InterfaceHistory(Hostname, RunDate);
CREATE TABLE IF NOT EXISTS SpanInfo (
  Hostname TEXT NOT NULL COLLATE NOCASE, Vlan TEXT, RootSwitch TEXT, RootPort TEXT,
  Role TEXT, Upstream TEXT, LastUpdated TEXT,
  State TEXT, Cost INTEGER, RootCost INTEGER, Protocol TEXT
);
CREATE INDEX IF NOT EXISTS idx_spaninfo_host_vlan ON SpanInfo(Hostname, Vlan);
CREATE TABLE IF NOT EXISTS SpanHistory (
  ID INTEGER PRIMARY KEY AUTOINCREMENT,
  Hostname TEXT NOT NULL COLLATE NOCASE, RunDate TEXT NOT NULL, Vlan TEXT,
  RootSwitch TEXT, RootPort TEXT, Role TEXT, Upstream TEXT,
  State TEXT, Cost INTEGER, RootCost INTEGER, Protocol TEXT
);
CREATE INDEX IF NOT EXISTS idx_spanhistory_host ON SpanHistory(Hostname, RunDate);
CREATE TABLE IF NOT EXISTS IngestionHistory (
  Hostname TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
  Site TEXT, FileHash TEXT NOT NULL, SourceLength INTEGER NOT NULL,
  LastIngestedUtc TEXT NOT NULL
);
"#;
