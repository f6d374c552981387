//! `Data/StateTraceSettings.json`: the original's settings file.
//!
//! Keys and meanings are the original's, so existing files keep working;
//! unknown keys are left alone (other StateTrace tools share the file). A
//! value of the wrong type or range is an error naming the file and the
//! key, never silently replaced by a default.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The file name inside the data root.
pub const FILE_NAME: &str = "StateTraceSettings.json";

/// `ParserSettings`: concurrency and ingest behaviour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParserSettings {
    /// Resolve the worker profile from the CPU count.
    pub auto_scale_concurrency: bool,
    /// Cap on parse workers; 0 means automatic.
    pub max_runspace_ceiling: u32,
    /// Cap on workers per site; 0 means automatic.
    pub max_workers_per_site: u32,
    /// Cap on sites written at once; 0 means automatic.
    pub max_active_sites: u32,
    /// Queued devices per worker; 0 means automatic.
    pub jobs_per_thread: u32,
    /// Floor on parse workers; 0 means automatic.
    pub min_runspace_count: u32,
    /// Mask secrets in configuration text before storing it (default on).
    pub redact_secrets: bool,
    /// How long a database write waits for another process's lock, in
    /// milliseconds, before the site fails (default 10000).
    pub database_busy_timeout_ms: u32,
    /// `AccessTemplatePath`: an empty `.accdb` copied to create a missing
    /// Access site database (ODBC backend). A relative path is taken from
    /// the folder that holds the settings file.
    pub access_template_path: Option<PathBuf>,
}

impl Default for ParserSettings {
    fn default() -> Self {
        ParserSettings {
            auto_scale_concurrency: true,
            max_runspace_ceiling: 0,
            max_workers_per_site: 0,
            max_active_sites: 0,
            jobs_per_thread: 0,
            min_runspace_count: 1,
            redact_secrets: true,
            database_busy_timeout_ms: 10_000,
            access_template_path: None,
        }
    }
}

/// The settings StateTrace ingest reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The `ParserSettings` section.
    pub parser: ParserSettings,
}

/// A settings file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct SettingsError {
    /// The settings file.
    pub path: PathBuf,
    /// What is wrong, naming the key.
    pub message: String,
}

impl Settings {
    /// Reads `<data_root>/StateTraceSettings.json`; a missing file gives
    /// the defaults.
    pub fn load(data_root: &Path) -> Result<Settings, SettingsError> {
        let path = data_root.join(FILE_NAME);
        let fail = |message: String| SettingsError {
            path: path.clone(),
            message,
        };
        let text = match std::fs::read(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(e) => return Err(fail(format!("cannot read: {e}"))),
        };
        // The original's files were written by PowerShell, often with a BOM.
        let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&text);
        let doc: Value =
            serde_json::from_slice(text).map_err(|e| fail(format!("not valid JSON: {e}")))?;
        let mut settings = Settings::from_value(&doc).map_err(fail)?;
        // Relative to the settings file, not to wherever the tool was
        // started from, so the same file works from any folder.
        if let Some(p) = settings.parser.access_template_path.as_mut() {
            if p.is_relative() {
                *p = data_root.join(&*p);
            }
        }
        Ok(settings)
    }

    /// Reads the settings from a parsed document.
    pub fn from_value(doc: &Value) -> Result<Settings, String> {
        let mut settings = Settings::default();
        let Some(section) = doc.get("ParserSettings") else {
            return Ok(settings);
        };
        let section = section
            .as_object()
            .ok_or_else(|| "ParserSettings must be an object".to_string())?;
        let p = &mut settings.parser;
        for (key, value) in section {
            let key = key.as_str();
            match key {
                "AutoScaleConcurrency" => p.auto_scale_concurrency = boolean(key, value)?,
                "RedactSecrets" => p.redact_secrets = boolean(key, value)?,
                "MaxRunspaceCeiling" => p.max_runspace_ceiling = count(key, value)?,
                "MaxWorkersPerSite" => p.max_workers_per_site = count(key, value)?,
                "MaxActiveSites" => p.max_active_sites = count(key, value)?,
                "JobsPerThread" => p.jobs_per_thread = count(key, value)?,
                "MinRunspaceCount" => p.min_runspace_count = count(key, value)?,
                "DatabaseBusyTimeoutMs" => p.database_busy_timeout_ms = count(key, value)?,
                "AccessTemplatePath" => p.access_template_path = path(key, value)?,
                // The original's keys this engine has no use for are
                // accepted so existing files keep working.
                _ => {}
            }
        }
        Ok(settings)
    }
}

fn boolean(key: &str, v: &Value) -> Result<bool, String> {
    v.as_bool()
        .ok_or_else(|| format!("ParserSettings.{key} must be true or false, found {v}"))
}

fn count(key: &str, v: &Value) -> Result<u32, String> {
    v.as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| {
            format!("ParserSettings.{key} must be a whole number from 0 (automatic) up, found {v}")
        })
}

/// A file path: a non-empty string; `null` or `""` leave it unset.
fn path(key: &str, v: &Value) -> Result<Option<PathBuf>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => Ok(Some(PathBuf::from(s.trim()))),
        _ => Err(format!(
            "ParserSettings.{key} must be a file path (a string), found {v}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_loads() {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Data");
        let s = Settings::load(&data).unwrap();
        assert!(s.parser.auto_scale_concurrency);
        assert!(s.parser.redact_secrets);
    }

    #[test]
    fn missing_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Settings::load(dir.path()).unwrap(), Settings::default());
    }

    #[test]
    fn bad_values_name_the_key() {
        let err =
            Settings::from_value(&serde_json::json!({"ParserSettings": {"MaxWorkersPerSite": -1}}))
                .unwrap_err();
        assert!(err.contains("ParserSettings.MaxWorkersPerSite"), "{err}");
        let err =
            Settings::from_value(&serde_json::json!({"ParserSettings": {"RedactSecrets": "no"}}))
                .unwrap_err();
        assert!(
            err.contains("ParserSettings.RedactSecrets must be true or false"),
            "{err}"
        );
        let ok = Settings::from_value(&serde_json::json!({"ParserSettings": {"RedactSecrets": false, "SkipSiteCacheUpdate": true}})).unwrap();
        assert!(!ok.parser.redact_secrets);
    }

    #[test]
    fn access_template_path_is_a_path_relative_to_the_settings() {
        let err =
            Settings::from_value(&serde_json::json!({"ParserSettings": {"AccessTemplatePath": 3}}))
                .unwrap_err();
        assert!(
            err.contains("ParserSettings.AccessTemplatePath must be a file path"),
            "{err}"
        );
        let unset = Settings::from_value(
            &serde_json::json!({"ParserSettings": {"AccessTemplatePath": ""}}),
        )
        .unwrap();
        assert_eq!(unset.parser.access_template_path, None);

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE_NAME),
            r#"{"ParserSettings": {"AccessTemplatePath": "Templates/empty.accdb"}}"#,
        )
        .unwrap();
        let s = Settings::load(dir.path()).unwrap();
        assert_eq!(
            s.parser.access_template_path,
            Some(dir.path().join("Templates/empty.accdb"))
        );
        let abs = dir.path().join("abs.accdb");
        std::fs::write(
            dir.path().join(FILE_NAME),
            serde_json::json!({"ParserSettings": {"AccessTemplatePath": abs}}).to_string(),
        )
        .unwrap();
        assert_eq!(
            Settings::load(dir.path())
                .unwrap()
                .parser
                .access_template_path,
            Some(abs)
        );
    }

    #[test]
    fn invalid_json_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE_NAME),
            b"\xEF\xBB\xBF{ \"ParserSettings\": ",
        )
        .unwrap();
        let err = Settings::load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(FILE_NAME) && err.contains("not valid JSON"),
            "{err}"
        );
    }
}
