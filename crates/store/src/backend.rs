//! Backends behind one interface, so the pipeline never knows which
//! database it writes.

use crate::error::StoreError;
use crate::sqlite::{site_db_path, IngestEntry, IngestRecord, SiteStore, WriteStats};
use statetrace_model::Device;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What a batch write did, and how long it took.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    /// One entry per device, in batch order.
    pub stats: Vec<WriteStats>,
    /// Time spent executing statements.
    pub stage: Duration,
    /// Time spent committing.
    pub commit: Duration,
}

/// One site's database, written by exactly one writer.
pub trait SiteWriter: Send {
    /// The site.
    fn site(&self) -> &str;

    /// Where the database is, for messages (path or data source).
    fn location(&self) -> String;

    /// Every device's ingestion record, keyed by lower-case hostname.
    fn ingestion_history(&self) -> Result<HashMap<String, IngestEntry>, StoreError>;

    /// Writes one device in one transaction (see [`crate::plan`]).
    fn write_device(
        &mut self,
        device: &Device,
        run_date: &str,
        record: &IngestRecord,
    ) -> Result<WriteStats, StoreError>;

    /// Devices committed to a new database that is not published yet
    /// (see [`crate::create`]); 0 for a backend that writes in place.
    fn unpublished_devices(&self) -> u64 {
        0
    }

    /// Devices of earlier, successful batches that a failed batch took
    /// with it (a new database's load transaction rolled back); they were
    /// reported stored and are not. 0 for a backend that commits every
    /// batch.
    fn lost_devices(&self) -> u64 {
        0
    }

    /// Publishes a new database's first load now and goes on writing the
    /// published database. On failure the unpublished devices are lost and
    /// the writer cannot be used any more.
    fn publish(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    /// Closes the writer, publishing a new database's first load; the error
    /// says why the unpublished devices could not be kept.
    fn finish(self: Box<Self>) -> Result<(), StoreError> {
        Ok(())
    }

    /// Writes several devices. A backend that can should use one
    /// transaction for the batch (fewer commits), which keeps every device
    /// all-or-nothing; this default writes them one transaction each.
    fn write_batch(
        &mut self,
        batch: &[(&Device, &IngestRecord)],
        run_date: &str,
    ) -> Result<BatchOutcome, StoreError> {
        let started = Instant::now();
        let stats = batch
            .iter()
            .map(|(device, record)| self.write_device(device, run_date, record))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(BatchOutcome {
            stats,
            stage: started.elapsed(),
            commit: Duration::ZERO,
        })
    }
}

impl SiteWriter for SiteStore {
    fn site(&self) -> &str {
        SiteStore::site(self)
    }

    fn location(&self) -> String {
        self.path().display().to_string()
    }

    fn ingestion_history(&self) -> Result<HashMap<String, IngestEntry>, StoreError> {
        SiteStore::ingestion_history(self)
    }

    fn write_device(
        &mut self,
        device: &Device,
        run_date: &str,
        record: &IngestRecord,
    ) -> Result<WriteStats, StoreError> {
        SiteStore::write_device(self, device, run_date, record)
    }

    fn write_batch(
        &mut self,
        batch: &[(&Device, &IngestRecord)],
        run_date: &str,
    ) -> Result<BatchOutcome, StoreError> {
        SiteStore::write_batch(self, batch, run_date)
    }

    fn unpublished_devices(&self) -> u64 {
        SiteStore::unpublished_devices(self)
    }

    fn lost_devices(&self) -> u64 {
        SiteStore::lost_devices(self)
    }

    fn publish(&mut self) -> Result<(), StoreError> {
        SiteStore::publish(self)
    }

    fn finish(self: Box<Self>) -> Result<(), StoreError> {
        SiteStore::finish(*self)
    }
}

#[cfg(feature = "odbc")]
impl SiteWriter for crate::odbc::OdbcSite {
    fn site(&self) -> &str {
        crate::odbc::OdbcSite::site(self)
    }

    fn location(&self) -> String {
        crate::odbc::OdbcSite::location(self).to_string()
    }

    fn ingestion_history(&self) -> Result<HashMap<String, IngestEntry>, StoreError> {
        crate::odbc::OdbcSite::ingestion_history(self)
    }

    fn write_device(
        &mut self,
        device: &Device,
        run_date: &str,
        record: &IngestRecord,
    ) -> Result<WriteStats, StoreError> {
        crate::odbc::OdbcSite::write_device(self, device, run_date, record)
    }
}

/// Which database to write, and where.
#[derive(Debug, Clone)]
pub enum Backend {
    /// Embedded SQLite: `<data_root>/<SITE>/<SITE>.sqlite`.
    Sqlite {
        /// The data root.
        data_root: PathBuf,
        /// How long a write waits for another process's lock.
        busy_timeout: Duration,
    },
    /// An ODBC data source (Access, SQLite or PostgreSQL), one per site
    /// when the connection string holds `%SITE%`.
    #[cfg(feature = "odbc")]
    Odbc(crate::odbc::OdbcConfig),
}

impl Backend {
    /// True when sites may be opened (and their databases created) at the
    /// same time: each SQLite site is a file of its own. ODBC sites may
    /// share one database (a connection string without `%SITE%`), whose
    /// tables two sites must not race to create.
    pub fn opens_sites_in_parallel(&self) -> bool {
        match self {
            Backend::Sqlite { .. } => true,
            #[cfg(feature = "odbc")]
            Backend::Odbc(_) => false,
        }
    }

    /// Opens (creating on demand) the database of `site`.
    pub fn open(&self, site: &str) -> Result<Box<dyn SiteWriter>, StoreError> {
        match self {
            Backend::Sqlite {
                data_root,
                busy_timeout,
            } => {
                let path = site_db_path(data_root, site);
                let mut store = SiteStore::open_for_load(&path, site, *busy_timeout)?;
                store.checkpoint_in_background()?;
                Ok(Box::new(store))
            }
            #[cfg(feature = "odbc")]
            Backend::Odbc(config) => Ok(Box::new(crate::odbc::OdbcSite::open(config, site)?)),
        }
    }
}
