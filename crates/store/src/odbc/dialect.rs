//! SQL dialects: how Access, SQLite and PostgreSQL spell the same schema
//! and statements.
//!
//! Only text is produced here; nothing runs. Statements use `?` markers,
//! which every ODBC driver understands.

use super::tables::{Column, Table, Ty};
use std::fmt;
use std::str::FromStr;

/// The SQL dialect of an ODBC data source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DialectKind {
    /// Microsoft Access through the ACE driver
    /// (`Microsoft Access Driver (*.mdb, *.accdb)`), Windows only.
    Access,
    /// SQLite through the sqliteodbc driver (`SQLite3`).
    Sqlite,
    /// PostgreSQL through psqlODBC (`PostgreSQL Unicode`).
    Postgres,
}

impl DialectKind {
    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            DialectKind::Access => "access",
            DialectKind::Sqlite => "sqlite",
            DialectKind::Postgres => "postgres",
        }
    }

    /// Guesses the dialect from a driver's name: the `Driver=` attribute of
    /// a connection string, the driver's file (`SQL_DRIVER_NAME`, e.g.
    /// `ACEODBC.DLL`, `libsqlite3odbc.so`, `psqlodbcw.so`) or the DBMS name
    /// (`SQL_DBMS_NAME`: `ACCESS`, `SQLite`, `PostgreSQL`).
    pub fn from_driver_name(name: &str) -> Option<DialectKind> {
        let n = name.to_ascii_lowercase();
        if n.contains("access")
            || n.contains("accdb")
            || n.contains("aceodbc")
            || n.contains("odbcjt32")
        {
            Some(DialectKind::Access)
        } else if n.contains("sqlite") {
            Some(DialectKind::Sqlite)
        } else if n.contains("postgres") || n.contains("psqlodbc") {
            Some(DialectKind::Postgres)
        } else {
            None
        }
    }
}

impl fmt::Display for DialectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DialectKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "access" => Ok(DialectKind::Access),
            "sqlite" | "sqlite3" => Ok(DialectKind::Sqlite),
            "postgres" | "postgresql" | "pg" => Ok(DialectKind::Postgres),
            _ => Err(format!(
                "unknown ODBC dialect {s:?}; expected access, sqlite or postgres"
            )),
        }
    }
}

/// The PostgreSQL collation that makes Hostname and Port compare without
/// regard to case, as SQLite's `COLLATE NOCASE` and Access do: a
/// nondeterministic ICU collation keeps `=`, primary keys and UNIQUE
/// case-insensitive without rewriting every comparison as `lower(x)`.
pub(crate) const PG_NOCASE: &str = "statetrace_nocase";

/// A dialect and the choices that go with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dialect {
    /// Which dialect.
    pub kind: DialectKind,
    /// `INSERT ... ON CONFLICT DO UPDATE` exists. Without it an upsert is
    /// an UPDATE followed by an INSERT when no row was affected.
    pub on_conflict: bool,
    /// Dates are bound as ODBC timestamps (DATETIME/TIMESTAMP columns)
    /// rather than as text (SQLite stores them as text).
    pub typed_dates: bool,
    /// Integers are bound as 32-bit: Access has no 64-bit integer in DDL.
    pub int32: bool,
}

impl Dialect {
    /// The defaults of a dialect.
    pub fn new(kind: DialectKind) -> Dialect {
        match kind {
            DialectKind::Access => Dialect {
                kind,
                on_conflict: false,
                typed_dates: true,
                int32: true,
            },
            DialectKind::Sqlite => Dialect {
                kind,
                on_conflict: true,
                typed_dates: false,
                int32: false,
            },
            DialectKind::Postgres => Dialect {
                kind,
                on_conflict: true,
                typed_dates: true,
                int32: false,
            },
        }
    }

    /// A quoted identifier: `[x]` in Access, `"x"` elsewhere. Everything is
    /// quoted, so `Row` (a keyword in PostgreSQL) and mixed-case names work
    /// and PostgreSQL keeps the original capitalisation.
    pub fn q(&self, ident: &str) -> String {
        match self.kind {
            DialectKind::Access => format!("[{}]", ident.replace(']', "]]")),
            _ => format!("\"{}\"", ident.replace('"', "\"\"")),
        }
    }

    fn list(&self, cols: &[&str]) -> String {
        cols.iter()
            .map(|c| self.q(c))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn markers(n: usize) -> String {
        vec!["?"; n].join(", ")
    }

    /// The column's type (and, for a counter, its key).
    fn column_type(&self, c: &Column) -> &'static str {
        use DialectKind::*;
        match (self.kind, c.ty) {
            (Access, Ty::Key | Ty::Text) => "TEXT(255)",
            (Access, Ty::Memo) => "MEMO",
            (Access, Ty::Int | Ty::BigInt) => "LONG",
            (Access, Ty::Counter) => "COUNTER",
            (Access, Ty::Date) => "DATETIME",
            (Sqlite, Ty::Key) => "TEXT COLLATE NOCASE",
            (Sqlite, Ty::Text | Ty::Memo | Ty::Date) => "TEXT",
            (Sqlite, Ty::Int | Ty::BigInt) => "INTEGER",
            (Sqlite, Ty::Counter) => "INTEGER PRIMARY KEY AUTOINCREMENT",
            (Postgres, Ty::Key) => "TEXT COLLATE statetrace_nocase",
            (Postgres, Ty::Text | Ty::Memo) => "TEXT",
            (Postgres, Ty::Int) => "INTEGER",
            (Postgres, Ty::BigInt) => "BIGINT",
            (Postgres, Ty::Counter) => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            (Postgres, Ty::Date) => "TIMESTAMP(0)",
        }
    }

    fn column_def(&self, t: &Table, c: &Column) -> String {
        let mut def = format!("{} {}", self.q(c.name), self.column_type(c));
        if c.ty == Ty::Counter {
            if self.kind == DialectKind::Access {
                def.push_str(&format!(
                    " CONSTRAINT {} PRIMARY KEY",
                    self.q(&format!("PK_{}", t.name))
                ));
            }
            return def;
        }
        if c.not_null {
            def.push_str(" NOT NULL");
        }
        if t.primary_key == Some(c.name) {
            if self.kind == DialectKind::Access {
                def.push_str(&format!(
                    " CONSTRAINT {}",
                    self.q(&format!("PK_{}", t.name))
                ));
            }
            def.push_str(" PRIMARY KEY");
        }
        def
    }

    /// `CREATE TABLE` for a table that does not exist yet.
    pub fn create_table(&self, t: &Table) -> String {
        let mut parts: Vec<String> = t.columns.iter().map(|c| self.column_def(t, c)).collect();
        if !t.unique.is_empty() {
            parts.push(format!(
                "CONSTRAINT {} UNIQUE ({})",
                self.q(&format!("UQ_{}_{}", t.name, t.unique.concat())),
                self.list(t.unique)
            ));
        }
        if let Some((col, table, other)) = t.foreign_key {
            parts.push(format!(
                "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})",
                self.q(&format!("FK_{}_{}", t.name, table)),
                self.q(col),
                self.q(table),
                self.q(other)
            ));
        }
        format!("CREATE TABLE {} ({})", self.q(t.name), parts.join(", "))
    }

    /// `CREATE INDEX` statements that go with a new table.
    pub fn create_indexes(&self, t: &Table) -> Vec<String> {
        t.indexes
            .iter()
            .map(|(name, cols)| {
                format!(
                    "CREATE INDEX {} ON {} ({})",
                    self.q(name),
                    self.q(t.name),
                    self.list(cols)
                )
            })
            .collect()
    }

    /// Statements that must run before any table is created.
    pub fn prelude(&self) -> Vec<String> {
        match self.kind {
            DialectKind::Postgres => vec![format!(
                "CREATE COLLATION IF NOT EXISTS {PG_NOCASE} \
                 (provider = icu, locale = 'und-u-ks-level2', deterministic = false)"
            )],
            _ => Vec::new(),
        }
    }

    /// A query that fails when the table is missing and otherwise returns
    /// no rows, only the column names (Access has no `IF NOT EXISTS`).
    pub fn probe(&self, t: &Table) -> String {
        format!("SELECT * FROM {} WHERE 1 = 0", self.q(t.name))
    }

    /// Adds a column an older table lacks (a database made by the original
    /// StateTrace has no Signature or extra columns). NOT NULL is left off:
    /// existing rows have no value for it.
    pub fn add_column(&self, t: &Table, c: &Column) -> String {
        let ty = match c.ty {
            // A counter cannot be added to a table that has rows.
            Ty::Counter => return String::new(),
            _ => self.column_type(c),
        };
        format!(
            "ALTER TABLE {} ADD COLUMN {} {ty}",
            self.q(t.name),
            self.q(c.name)
        )
    }

    /// `INSERT INTO t (cols) VALUES (?, ...)`.
    pub fn insert(&self, t: &Table, cols: &[&str]) -> String {
        format!(
            "INSERT INTO {} ({}) VALUES ({})",
            self.q(t.name),
            self.list(cols),
            Self::markers(cols.len())
        )
    }

    /// `UPDATE t SET c = ?, ... WHERE k = ? AND ...`.
    pub fn update(&self, t: &Table, set: &[&str], key: &[&str]) -> String {
        let set = set
            .iter()
            .map(|c| format!("{} = ?", self.q(c)))
            .collect::<Vec<_>>()
            .join(", ");
        format!("UPDATE {} SET {set}{}", self.q(t.name), self.filter(key))
    }

    /// The single-statement upsert on `key`, or `None` when the dialect has
    /// no `ON CONFLICT` (the caller then runs [`Self::update`] and, when no
    /// row was affected, [`Self::insert`]).
    pub fn upsert(&self, t: &Table, key: &str, cols: &[&str]) -> Option<String> {
        if !self.on_conflict {
            return None;
        }
        let set = cols
            .iter()
            .filter(|c| **c != key)
            .map(|c| format!("{0} = excluded.{0}", self.q(c)))
            .collect::<Vec<_>>()
            .join(", ");
        Some(format!(
            "{} ON CONFLICT ({}) DO UPDATE SET {set}",
            self.insert(t, cols),
            self.q(key)
        ))
    }

    /// `SELECT cols FROM t [WHERE k = ? AND ...]`.
    pub fn select(&self, t: &Table, cols: &[&str], key: &[&str]) -> String {
        format!(
            "SELECT {} FROM {}{}",
            self.list(cols),
            self.q(t.name),
            self.filter(key)
        )
    }

    /// `DELETE FROM t WHERE k = ? AND ...`.
    pub fn delete(&self, t: &Table, key: &[&str]) -> String {
        format!("DELETE FROM {}{}", self.q(t.name), self.filter(key))
    }

    /// Copies a stored row into a history table before it is deleted:
    /// `INSERT INTO target (cols..., tag_col) SELECT cols... with one bound
    /// value for `bound`, 'tag' FROM source WHERE key`. The marker for
    /// `bound` comes first, then the key's.
    pub fn copy_to_history(
        &self,
        target: &Table,
        source: &Table,
        cols: &[&str],
        bound: &str,
        tag: (&str, &str),
        key: &[&str],
    ) -> String {
        let select: Vec<String> = cols
            .iter()
            .map(|c| {
                if *c == bound {
                    "?".to_string()
                } else {
                    self.q(c)
                }
            })
            .collect();
        format!(
            "INSERT INTO {} ({}, {}) SELECT {}, '{}' FROM {}{}",
            self.q(target.name),
            self.list(cols),
            self.q(tag.0),
            select.join(", "),
            tag.1.replace('\'', "''"),
            self.q(source.name),
            self.filter(key)
        )
    }

    fn filter(&self, key: &[&str]) -> String {
        if key.is_empty() {
            return String::new();
        }
        let terms: Vec<String> = key.iter().map(|k| format!("{} = ?", self.q(k))).collect();
        format!(" WHERE {}", terms.join(" AND "))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tables::{
        DEVICE_HISTORY, DEVICE_SUMMARY, INGESTION_HISTORY, INTERFACES, INTERFACE_HISTORY,
    };
    use super::*;

    fn access() -> Dialect {
        Dialect::new(DialectKind::Access)
    }

    #[test]
    fn access_ddl_uses_access_types_and_brackets() {
        let ddl = access().create_table(&INTERFACES);
        assert!(ddl.starts_with("CREATE TABLE [Interfaces] ([ID] COUNTER CONSTRAINT [PK_Interfaces] PRIMARY KEY, [Hostname] TEXT(255) NOT NULL, [Port] TEXT(255) NOT NULL, [Name] TEXT(255), "), "{ddl}");
        assert!(ddl.contains("[VLAN] LONG, "), "{ddl}");
        assert!(ddl.contains("[LearnedMACs] MEMO, "), "{ddl}");
        assert!(ddl.contains("[Config] MEMO, "), "{ddl}");
        assert!(ddl.contains("[LastUpdated] DATETIME, "), "{ddl}");
        assert!(ddl.ends_with(
            "CONSTRAINT [UQ_Interfaces_HostnamePort] UNIQUE ([Hostname], [Port]), \
             CONSTRAINT [FK_Interfaces_DeviceSummary] FOREIGN KEY ([Hostname]) REFERENCES [DeviceSummary] ([Hostname]))"
        ), "{ddl}");
        assert!(
            !ddl.contains('"') && !ddl.contains("COLLATE") && !ddl.contains("INTEGER"),
            "{ddl}"
        );

        let ddl = access().create_table(&DEVICE_SUMMARY);
        assert!(ddl.starts_with("CREATE TABLE [DeviceSummary] ([Hostname] TEXT(255) NOT NULL CONSTRAINT [PK_DeviceSummary] PRIMARY KEY, "), "{ddl}");
        assert!(ddl.contains("[Row] TEXT(255), "), "{ddl}");
        assert!(ddl.contains("[AuthBlock] MEMO, "), "{ddl}");
        assert!(access()
            .create_table(&INGESTION_HISTORY)
            .contains("[SourceLength] LONG NOT NULL"));
        assert_eq!(
            access().create_indexes(&DEVICE_HISTORY),
            ["CREATE INDEX [IX_DeviceHistory_HostnameRunDate] ON [DeviceHistory] ([Hostname], [RunDate])"]
        );
        assert!(access().prelude().is_empty());
        assert_eq!(
            access().add_column(&INTERFACES, INTERFACES.column("Signature").unwrap()),
            "ALTER TABLE [Interfaces] ADD COLUMN [Signature] TEXT(255)"
        );
    }

    #[test]
    fn access_upserts_by_update_then_insert() {
        let d = access();
        assert_eq!(
            d.upsert(&DEVICE_SUMMARY, "Hostname", &["Hostname", "Make"]),
            None
        );
        assert_eq!(
            d.update(&DEVICE_SUMMARY, &["Make", "Model"], &["Hostname"]),
            "UPDATE [DeviceSummary] SET [Make] = ?, [Model] = ? WHERE [Hostname] = ?"
        );
        assert_eq!(
            d.insert(&DEVICE_SUMMARY, &["Hostname", "Make"]),
            "INSERT INTO [DeviceSummary] ([Hostname], [Make]) VALUES (?, ?)"
        );
        assert_eq!(
            d.select(&INTERFACES, &["Port", "Signature"], &["Hostname"]),
            "SELECT [Port], [Signature] FROM [Interfaces] WHERE [Hostname] = ?"
        );
        assert_eq!(
            d.delete(&INTERFACES, &["Hostname", "Port"]),
            "DELETE FROM [Interfaces] WHERE [Hostname] = ? AND [Port] = ?"
        );
        assert_eq!(
            d.copy_to_history(&INTERFACE_HISTORY, &INTERFACES, &["Hostname", "RunDate", "Port", "Name"], "RunDate", ("ChangeType", "removed"), &["Hostname", "Port"]),
            "INSERT INTO [InterfaceHistory] ([Hostname], [RunDate], [Port], [Name], [ChangeType]) \
             SELECT [Hostname], ?, [Port], [Name], 'removed' FROM [Interfaces] WHERE [Hostname] = ? AND [Port] = ?"
        );
        assert_eq!(d.q("a]b"), "[a]]b]");
    }

    #[test]
    fn sqlite_and_postgres_ddl() {
        let s = Dialect::new(DialectKind::Sqlite).create_table(&DEVICE_SUMMARY);
        assert!(s.starts_with("CREATE TABLE \"DeviceSummary\" (\"Hostname\" TEXT COLLATE NOCASE NOT NULL PRIMARY KEY, "), "{s}");
        let p = Dialect::new(DialectKind::Postgres);
        let ddl = p.create_table(&INTERFACES);
        assert!(ddl.contains("\"ID\" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, \"Hostname\" TEXT COLLATE statetrace_nocase NOT NULL, "), "{ddl}");
        assert!(ddl.contains("\"LastUpdated\" TIMESTAMP(0), "), "{ddl}");
        assert_eq!(p.prelude().len(), 1);
        assert_eq!(
            p.upsert(&INGESTION_HISTORY, "Hostname", &["Hostname", "Site"]).unwrap(),
            "INSERT INTO \"IngestionHistory\" (\"Hostname\", \"Site\") VALUES (?, ?) ON CONFLICT (\"Hostname\") DO UPDATE SET \"Site\" = excluded.\"Site\""
        );
    }

    #[test]
    fn dialect_from_driver_names() {
        for (name, kind) in [
            (
                "Microsoft Access Driver (*.mdb, *.accdb)",
                DialectKind::Access,
            ),
            ("ACEODBC.DLL", DialectKind::Access),
            ("ACCESS", DialectKind::Access),
            ("SQLite3", DialectKind::Sqlite),
            ("libsqlite3odbc-0.9998.so", DialectKind::Sqlite),
            ("PostgreSQL Unicode", DialectKind::Postgres),
            ("psqlodbcw.so", DialectKind::Postgres),
        ] {
            assert_eq!(DialectKind::from_driver_name(name), Some(kind), "{name}");
        }
        assert_eq!(
            DialectKind::from_driver_name("ODBC Driver 18 for SQL Server"),
            None
        );
        assert_eq!("Postgres".parse::<DialectKind>(), Ok(DialectKind::Postgres));
        assert!("oracle"
            .parse::<DialectKind>()
            .unwrap_err()
            .contains("access, sqlite or postgres"));
    }
}
