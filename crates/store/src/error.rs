//! Errors that name the site and database they concern.

/// A storage failure, always naming the site and where its database is
/// (a file path, or an ODBC data source with any password masked).
#[derive(Debug, thiserror::Error)]
#[error("site {site} ({location}): {message}")]
pub struct StoreError {
    /// The site.
    pub site: String,
    /// The database file or data source.
    pub location: String,
    /// What went wrong, in words.
    pub message: String,
}

impl StoreError {
    /// An error for `site` at `location`.
    pub fn new(
        site: &str,
        location: impl std::fmt::Display,
        message: impl std::fmt::Display,
    ) -> StoreError {
        StoreError {
            site: site.to_string(),
            location: location.to_string(),
            message: message.to_string(),
        }
    }
}
