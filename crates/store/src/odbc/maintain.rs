//! What nightly maintenance can do through an ODBC driver.
//!
//! * **Integrity**: no driver offers SQLite's page-level check; the probe
//!   reads every StateTrace table through (`SELECT COUNT(*)`), which is
//!   what the original's `Repair-AccessDatabase -Verify` did.
//! * **Orphans**: counted, and deleted, with `NOT EXISTS` against
//!   `DeviceSummary`, in every dialect.
//! * **History retention**: `DELETE` of rows older than the cut-off (a date
//!   parameter, bound as each dialect stores dates), keeping each port's
//!   or device's newest entry when asked.
//! * **Backup and compaction** are not ODBC operations; [`OdbcMaintenance::file`]
//!   tells the caller which file, if any, the data source is (an Access
//!   `DBQ`, a SQLite `Database`), so it can copy it itself.
//!
//! The connection runs with autocommit: every statement is its own short
//! transaction, and nothing is ever created (no tables, no files).

use super::batch::{read_all, Binder, Binding, Kind, Stmt, Val};
use super::dialect::{Dialect, DialectKind};
use super::{conn_str, template, OdbcConfig};
use crate::error::StoreError;
use odbc_api::{ConnectionOptions, SharedConnection};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A maintenance connection to one site's ODBC data source.
pub struct OdbcMaintenance {
    site: String,
    location: String,
    secrets: Vec<String>,
    dialect: Dialect,
    file: Option<PathBuf>,
    conn: SharedConnection<'static>,
}

impl std::fmt::Debug for OdbcMaintenance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OdbcMaintenance")
            .field("site", &self.site)
            .field("location", &self.location)
            .field("dialect", &self.dialect.kind)
            .field("file", &self.file)
            .finish()
    }
}

/// Where a site's data source keeps its database, before connecting:
/// the connection string for the site, its dialect when the driver name
/// tells, and the database file when the data source is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSource {
    /// The connection string with `%SITE%` replaced (and `DBQ` added for
    /// an Access site file in the data root's layout).
    pub connection_string: String,
    /// The same, with any password masked.
    pub location: String,
    /// The dialect, if the configuration or the driver name tells.
    pub dialect: Option<DialectKind>,
    /// The database file: an Access `DBQ` (or `<data>/<SITE>/<SITE>.accdb`),
    /// a SQLite `Database`; `None` for a server or a named DSN.
    pub file: Option<PathBuf>,
}

/// Works out a site's data source without connecting or creating anything.
pub fn site_source(cfg: &OdbcConfig, site: &str) -> Result<SiteSource, String> {
    let mut cs = conn_str::with_site(&cfg.connection_string, site)?;
    let dialect = cfg
        .dialect
        .or_else(|| conn_str::get(&cs, "Driver").and_then(|d| DialectKind::from_driver_name(&d)));
    let file = match dialect {
        Some(DialectKind::Access) => match conn_str::get(&cs, "DBQ") {
            Some(dbq) => Some(PathBuf::from(dbq)),
            None if conn_str::get(&cs, "DSN").is_some() => None,
            None => {
                let path = template::access_db_path(&cfg.data_root, site);
                let path = std::path::absolute(&path).unwrap_or(path);
                cs = conn_str::with_attribute(&cs, "DBQ", &path.to_string_lossy());
                Some(path)
            }
        },
        Some(DialectKind::Sqlite) => conn_str::get(&cs, "Database").map(PathBuf::from),
        _ => None,
    };
    Ok(SiteSource {
        location: conn_str::mask(&cs),
        connection_string: cs,
        dialect,
        file,
    })
}

impl OdbcMaintenance {
    /// Connects to the existing data source of `site`. A file database
    /// that does not exist is an error: maintenance never creates one.
    pub fn open(cfg: &OdbcConfig, site: &str) -> Result<OdbcMaintenance, StoreError> {
        let raw = conn_str::with_site(&cfg.connection_string, site)
            .unwrap_or_else(|_| cfg.connection_string.clone());
        let secrets = conn_str::secrets(&raw);
        let fail = |location: &str, m: &dyn std::fmt::Display| {
            StoreError::new(site, location, conn_str::scrub(&m.to_string(), &secrets))
        };
        let source = site_source(cfg, site).map_err(|m| fail(&conn_str::mask(&raw), &m))?;
        if let Some(file) = source.file.as_ref().filter(|f| !f.is_file()) {
            return Err(fail(
                &source.location,
                &format!(
                    "no database at {} (maintenance never creates one)",
                    file.display()
                ),
            ));
        }
        let env = odbc_api::environment()
            .map_err(|e| fail(&source.location, &format!("cannot set up ODBC: {e}")))?;
        let conn = env
            .connect_with_connection_string(&source.connection_string, ConnectionOptions::default())
            .map_err(|e| {
                fail(
                    &source.location,
                    &format!("cannot connect: {}", e.to_string().replace('\n', " ")),
                )
            })?;
        let kind = match source.dialect {
            Some(kind) => kind,
            None => super::writer::detect_dialect(&conn).map_err(|m| fail(&source.location, &m))?,
        };
        Ok(OdbcMaintenance {
            site: site.to_string(),
            location: source.location,
            secrets,
            dialect: Dialect::new(kind),
            file: source.file,
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// The data source, password masked.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// The SQL dialect.
    pub fn dialect(&self) -> DialectKind {
        self.dialect.kind
    }

    /// The database file, when the data source is one.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    fn error(&self, m: impl std::fmt::Display) -> StoreError {
        StoreError::new(
            &self.site,
            &self.location,
            conn_str::scrub(&m.to_string(), &self.secrets),
        )
    }

    /// Runs a query without parameters; every row as text.
    fn query(&self, sql: &str) -> Result<Vec<Vec<Option<String>>>, StoreError> {
        let conn = self
            .conn
            .lock()
            .map_err(|_| self.error("connection poisoned"))?;
        let rows = match conn.execute(sql, (), None) {
            Ok(Some(cursor)) => read_all(cursor),
            Ok(None) => Ok(Vec::new()),
            Err(e) => Err(e),
        };
        rows.map_err(|e| self.error(format!("{} ({sql})", e.to_string().replace('\n', " "))))
    }

    fn count(&self, sql: &str) -> Result<u64, StoreError> {
        let rows = self.query(sql)?;
        let text = rows
            .into_iter()
            .next()
            .and_then(|r| r.into_iter().next())
            .flatten()
            .unwrap_or_default();
        text.trim()
            .parse::<f64>()
            .map(|n| n as u64)
            .map_err(|_| self.error(format!("not a count: {text:?} ({sql})")))
    }

    /// The integrity probe: every StateTrace table read through; its rows.
    pub fn table_counts(&self) -> Result<Vec<(String, u64)>, StoreError> {
        super::tables::ALL
            .iter()
            .map(|t| {
                let n = self.count(&format!("SELECT COUNT(*) FROM {}", self.dialect.q(t.name)))?;
                Ok((t.name.to_string(), n))
            })
            .collect()
    }

    fn orphan_condition(&self, table: &str) -> String {
        let q = |s: &str| self.dialect.q(s);
        format!(
            "NOT EXISTS (SELECT 1 FROM {ds} AS d WHERE d.{h} = {t}.{h})",
            ds = q("DeviceSummary"),
            h = q("Hostname"),
            t = q(table)
        )
    }

    /// Orphaned rows per table (only tables that have some); with
    /// `repair`, deletes them and returns what was deleted.
    pub fn orphans(&self, repair: bool) -> Result<Vec<(String, u64)>, StoreError> {
        let mut out = Vec::new();
        for table in crate::schema::DEVICE_TABLES {
            let cond = self.orphan_condition(table);
            let t = self.dialect.q(table);
            let n = self.count(&format!("SELECT COUNT(*) FROM {t} WHERE {cond}"))?;
            if n == 0 {
                continue;
            }
            if repair {
                self.query(&format!("DELETE FROM {t} WHERE {cond}"))?;
            }
            out.push((table.to_string(), n));
        }
        Ok(out)
    }

    /// The condition selecting history rows to prune: older than the
    /// cut-off (the one `?`) and, with `keep_latest`, older than their
    /// port's or device's newest entry.
    pub fn prune_condition(&self, table: &str, keep_latest: bool) -> String {
        prune_condition(&self.dialect, table, keep_latest)
    }

    /// Rows each history table would lose at `cutoff` (UTC
    /// `YYYY-MM-DD HH:MM:SS`); with `delete`, deletes them.
    pub fn prune_history(
        &self,
        cutoff: &str,
        keep_latest: bool,
        delete: bool,
    ) -> Result<Vec<(String, u64)>, StoreError> {
        let binder = Binder {
            typed_dates: self.dialect.typed_dates,
            int32: self.dialect.int32,
            batch_size: 1,
            binding: Binding::RowByRow,
        };
        let mut out = Vec::new();
        for table in crate::schema::HISTORY_TABLES {
            let cond = self.prune_condition(table, keep_latest);
            let t = self.dialect.q(table);
            let mut count = Stmt::prepare(
                &self.conn,
                format!("SELECT COUNT(*) FROM {t} WHERE {cond}"),
                vec![Kind::Date],
            )
            .map_err(|e| self.error(e))?;
            let rows = count
                .query(&[Val::Date(cutoff)], &binder)
                .map_err(|e| self.error(e))?;
            drop(count);
            let n = rows
                .into_iter()
                .next()
                .and_then(|r| r.into_iter().next())
                .flatten()
                .and_then(|s| s.trim().parse::<f64>().ok())
                .unwrap_or(0.0) as u64;
            if n > 0 && delete {
                let mut del = Stmt::prepare(
                    &self.conn,
                    format!("DELETE FROM {t} WHERE {cond}"),
                    vec![Kind::Date],
                )
                .map_err(|e| self.error(e))?;
                del.execute_one(&[Val::Date(cutoff)], &binder)
                    .map_err(|e| self.error(e))?;
            }
            out.push((table.to_string(), n));
        }
        Ok(out)
    }
}

/// See [`OdbcMaintenance::prune_condition`].
fn prune_condition(d: &Dialect, table: &str, keep_latest: bool) -> String {
    let q = |s: &str| d.q(s);
    let (t, run) = (q(table), q("RunDate"));
    let mut cond = format!("{t}.{run} < ?");
    if keep_latest {
        let mut same = format!("l.{h} = {t}.{h}", h = q("Hostname"));
        if table == "InterfaceHistory" {
            same.push_str(&format!(" AND l.{p} = {t}.{p}", p = q("Port")));
        }
        cond.push_str(&format!(
            " AND {t}.{run} < (SELECT MAX(l.{run}) FROM {t} AS l WHERE {same})"
        ));
    }
    cond
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_per_dialect() {
        let access = Dialect::new(DialectKind::Access);
        assert_eq!(
            prune_condition(&access, "InterfaceHistory", true),
            "[InterfaceHistory].[RunDate] < ? AND [InterfaceHistory].[RunDate] < \
             (SELECT MAX(l.[RunDate]) FROM [InterfaceHistory] AS l WHERE \
             l.[Hostname] = [InterfaceHistory].[Hostname] AND l.[Port] = [InterfaceHistory].[Port])"
        );
        let pg = Dialect::new(DialectKind::Postgres);
        assert_eq!(
            prune_condition(&pg, "DeviceHistory", false),
            "\"DeviceHistory\".\"RunDate\" < ?"
        );
    }

    #[test]
    fn site_sources_are_found_without_creating_anything() {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = OdbcConfig::new("Driver={Microsoft Access Driver (*.mdb, *.accdb)};PWD=pw");
        cfg.data_root = dir.path().join("Data");
        let s = site_source(&cfg, "WLLS").unwrap();
        assert_eq!(s.dialect, Some(DialectKind::Access));
        let file = s.file.unwrap();
        assert!(file.ends_with("Data/WLLS/WLLS.accdb"), "{}", file.display());
        assert!(!file.exists() && !dir.path().join("Data").exists());
        assert!(!s.location.contains("pw;") && s.location.contains("DBQ="));
        let sqlite = site_source(
            &OdbcConfig::new("Driver={SQLite3};Database=D/%SITE%/%SITE%.sqlite"),
            "HQ",
        )
        .unwrap();
        assert_eq!(sqlite.file, Some(PathBuf::from("D/HQ/HQ.sqlite")));
        let pg = site_source(
            &OdbcConfig::new("Driver={PostgreSQL Unicode};Server=h;Database=st_%SITE%"),
            "HQ",
        )
        .unwrap();
        assert_eq!((pg.dialect, pg.file), (Some(DialectKind::Postgres), None));
    }
}
