//! The ODBC backend: the same rows as the embedded SQLite store, written
//! through an ODBC driver to Microsoft Access (Windows), SQLite or
//! PostgreSQL.
//!
//! The writer executes the same [`crate::plan::DevicePlan`] as the SQLite
//! backend, so both store identical rows. What differs per database lives
//! in [`DialectKind`]: types, quoting, and upserts (Access has no
//! `ON CONFLICT`, so it updates and then inserts when no row was affected).
//!
//! The parts that need no driver (connection strings, dialect SQL text,
//! Access template copies) build without the `odbc` feature, so their tests
//! run everywhere; the writer itself needs the feature and unixODBC.

// Without the feature only the pure parts and their tests are built.
#![cfg_attr(not(feature = "odbc"), allow(dead_code))]

mod conn_str;
mod dialect;
mod tables;
mod template;

#[cfg(feature = "odbc")]
mod batch;
#[cfg(feature = "odbc")]
mod maintain;
#[cfg(feature = "odbc")]
mod writer;

pub use conn_str::{mask as mask_connection_string, SITE_PLACEHOLDER};
pub use dialect::DialectKind;
pub use template::access_db_path;

#[cfg(feature = "odbc")]
pub use batch::Binding;
#[cfg(feature = "odbc")]
pub use maintain::{site_source, OdbcMaintenance, SiteSource};
#[cfg(feature = "odbc")]
pub use writer::{OdbcSite, TableDump, TextRows};

use std::path::PathBuf;

/// Rows sent per execution unless configured otherwise. Devices have tens
/// of ports, so a batch usually holds a whole device's rows of a table.
pub const DEFAULT_BATCH_SIZE: usize = 256;

/// How to reach the ODBC data source of each site.
#[derive(Clone)]
pub struct OdbcConfig {
    /// The connection string; `%SITE%` is replaced by the site. Without
    /// the placeholder every site shares one database.
    pub connection_string: String,
    /// The SQL dialect; `None` chooses it from the driver's name.
    pub dialect: Option<DialectKind>,
    /// Rows per execution (parameter arrays) or per buffer (row by row).
    pub batch_size: usize,
    /// Use one execution per row even when the driver takes arrays.
    pub force_row_by_row: bool,
    /// The data root: Access site files go to `<data>/<SITE>/<SITE>.accdb`
    /// when the connection string names no `DBQ`.
    pub data_root: PathBuf,
    /// The empty `.accdb` copied to create a missing Access site file.
    pub access_template: Option<PathBuf>,
}

impl OdbcConfig {
    /// A configuration with the defaults: dialect from the driver, batches
    /// of [`DEFAULT_BATCH_SIZE`], arrays where the driver has them, data
    /// root `Data`, no Access template.
    pub fn new(connection_string: impl Into<String>) -> OdbcConfig {
        OdbcConfig {
            connection_string: connection_string.into(),
            dialect: None,
            batch_size: DEFAULT_BATCH_SIZE,
            force_row_by_row: false,
            data_root: PathBuf::from("Data"),
            access_template: None,
        }
    }
}

/// Masks the password: a configuration is printed in error reports.
impl std::fmt::Debug for OdbcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OdbcConfig")
            .field(
                "connection_string",
                &conn_str::mask(&self.connection_string),
            )
            .field("dialect", &self.dialect)
            .field("batch_size", &self.batch_size)
            .field("force_row_by_row", &self.force_row_by_row)
            .field("data_root", &self.data_root)
            .field("access_template", &self.access_template)
            .finish()
    }
}

/// A site's connection string and what is known before connecting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The connection string for this site (with `DBQ` added for Access
    /// when it had none).
    pub connection_string: String,
    /// The dialect, when the configuration or the `Driver=` name tells.
    pub dialect: Option<DialectKind>,
}

impl Resolved {
    /// The connection string as it may be shown.
    pub fn location(&self) -> String {
        conn_str::mask(&self.connection_string)
    }
}

/// Prepares the site's connection string: replaces `%SITE%`, picks the
/// dialect from the driver name, and makes sure a file database exists
/// where the driver will look (Access: copied from the template; SQLite:
/// its folder).
pub(crate) fn resolve(cfg: &OdbcConfig, site: &str) -> Result<Resolved, String> {
    let mut cs = conn_str::with_site(&cfg.connection_string, site)?;
    let dialect = cfg
        .dialect
        .or_else(|| conn_str::get(&cs, "Driver").and_then(|d| DialectKind::from_driver_name(&d)));
    match dialect {
        Some(DialectKind::Access) => {
            let file = match conn_str::get(&cs, "DBQ") {
                Some(dbq) => Some(PathBuf::from(dbq)),
                // A DSN names its own file, which is not ours to create.
                None if conn_str::get(&cs, "DSN").is_some() => None,
                None => {
                    let path = template::access_db_path(&cfg.data_root, site);
                    let path = std::path::absolute(&path).unwrap_or(path);
                    cs = conn_str::with_attribute(&cs, "DBQ", &path.to_string_lossy());
                    Some(path)
                }
            };
            if let Some(file) = file {
                template::ensure_access_file(&file, cfg.access_template.as_deref())?;
            }
        }
        Some(DialectKind::Sqlite) => {
            // sqliteodbc creates the file but not its folder.
            if let Some(db) = conn_str::get(&cs, "Database") {
                if let Some(dir) = PathBuf::from(db)
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| format!("cannot create folder {}: {e}", dir.display()))?;
                }
            }
        }
        _ => {}
    }
    Ok(Resolved {
        connection_string: cs,
        dialect,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCESS: &str = "Driver={Microsoft Access Driver (*.mdb, *.accdb)};PWD=hunter22";

    fn template(dir: &std::path::Path) -> PathBuf {
        let path = dir.join("empty.accdb");
        let mut bytes = vec![0u8, 1, 0, 0];
        bytes.extend_from_slice(b"Standard ACE DB\0");
        bytes.resize(1024, 0);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn access_site_file_goes_under_the_data_root() {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = OdbcConfig::new(ACCESS);
        cfg.data_root = dir.path().join("Data");
        cfg.access_template = Some(template(dir.path()));
        let r = resolve(&cfg, "WLLS").unwrap();
        assert_eq!(r.dialect, Some(DialectKind::Access));
        let file = dir.path().join("Data/WLLS/WLLS.accdb");
        assert!(file.exists());
        assert_eq!(
            conn_str::get(&r.connection_string, "DBQ").map(PathBuf::from),
            Some(file)
        );
        assert!(!r.location().contains("hunter22"), "{}", r.location());
        assert!(!format!("{cfg:?}").contains("hunter22"));
    }

    #[test]
    fn access_without_template_names_the_setting() {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = OdbcConfig::new(ACCESS);
        cfg.data_root = dir.path().to_path_buf();
        let err = resolve(&cfg, "WLLS").unwrap_err();
        assert!(err.contains("ParserSettings.AccessTemplatePath"), "{err}");
        assert!(!err.contains("hunter22"), "{err}");
    }

    #[test]
    fn access_dbq_with_site_placeholder_is_honoured() {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = OdbcConfig::new(format!(
            "{ACCESS};DBQ={}/%SITE%.accdb",
            dir.path().display()
        ));
        cfg.access_template = Some(template(dir.path()));
        resolve(&cfg, "BRNC").unwrap();
        assert!(dir.path().join("BRNC.accdb").exists());
        // A forced dialect wins over the driver name.
        cfg.connection_string = "Driver={SQLite3};Database=x".into();
        cfg.dialect = Some(DialectKind::Access);
        cfg.data_root = dir.path().join("Data");
        assert_eq!(
            resolve(&cfg, "S").unwrap().dialect,
            Some(DialectKind::Access)
        );
        assert!(dir.path().join("Data/S/S.accdb").exists());
    }

    #[test]
    fn sqlite_folder_is_created_and_placeholder_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = OdbcConfig::new(format!(
            "Driver={{SQLite3}};Database={}/%SITE%/%SITE%.sqlite",
            dir.path().display()
        ));
        let r = resolve(&cfg, "HQ").unwrap();
        assert_eq!(r.dialect, Some(DialectKind::Sqlite));
        assert!(r.connection_string.ends_with("/HQ/HQ.sqlite"));
        assert!(dir.path().join("HQ").is_dir());
        let unknown = resolve(&OdbcConfig::new("DSN=warehouse"), "HQ").unwrap();
        assert_eq!(unknown.dialect, None);
    }
}
