//! Errors that name the site and database they concern.

use std::path::PathBuf;

/// A storage failure, always naming the site and its database file.
#[derive(Debug, thiserror::Error)]
#[error("site {site} ({}): {message}", path.display())]
pub struct StoreError {
    /// The site.
    pub site: String,
    /// The database file.
    pub path: PathBuf,
    /// What went wrong, in words.
    pub message: String,
}

impl StoreError {
    pub(crate) fn new(
        site: &str,
        path: &std::path::Path,
        message: impl std::fmt::Display,
    ) -> StoreError {
        StoreError {
            site: site.to_string(),
            path: path.to_path_buf(),
            message: message.to_string(),
        }
    }
}
