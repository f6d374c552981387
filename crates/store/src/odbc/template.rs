//! Access site files: `<data>/<SITE>/<SITE>.accdb`, created from an empty
//! template.
//!
//! The ACE ODBC driver cannot create a database file through a connection,
//! so a missing site file is made by copying an empty `.accdb` named in the
//! settings (`ParserSettings.AccessTemplatePath`).

use crate::sqlite::site_db_path;
use std::io::Read;
use std::path::{Path, PathBuf};

/// `<data_root>/<SITE>/<SITE>.accdb`, with the same file-name rules as the
/// SQLite files.
pub fn access_db_path(data_root: &Path, site: &str) -> PathBuf {
    site_db_path(data_root, site).with_extension("accdb")
}

/// What every Access file carries at byte 4: ACE (`.accdb`) or Jet (`.mdb`).
const SIGNATURES: [&[u8]; 2] = [b"Standard ACE DB", b"Standard Jet DB"];

/// Checks that `template` looks like an Access database file.
fn check_template(template: &Path) -> Result<(), String> {
    let mut head = [0u8; 19];
    let mut file = std::fs::File::open(template).map_err(|e| {
        format!(
            "the Access template {} (ParserSettings.AccessTemplatePath) cannot be read: {e}",
            template.display()
        )
    })?;
    let n = file.read(&mut head).map_err(|e| {
        format!(
            "the Access template {} cannot be read: {e}",
            template.display()
        )
    })?;
    if n < head.len() || !SIGNATURES.iter().any(|s| &head[4..] == *s) {
        return Err(format!(
            "the Access template {} (ParserSettings.AccessTemplatePath) is not an Access database \
             (no \"Standard ACE DB\" header); create an empty .accdb in Access and point the setting at it",
            template.display()
        ));
    }
    Ok(())
}

/// Makes sure the Access file at `path` exists, copying `template` there
/// when it does not. Returns whether it was created.
///
/// The copy goes to a temporary file next to the target first and is then
/// linked into place without replacing anything, so no reader ever opens a
/// half-copied database and a file another process created meanwhile is
/// never overwritten.
pub(crate) fn ensure_access_file(path: &Path, template: Option<&Path>) -> Result<bool, String> {
    if path.exists() {
        return Ok(false);
    }
    let Some(template) = template else {
        return Err(format!(
            "the Access database {} does not exist and no empty template is configured: set \
             ParserSettings.AccessTemplatePath in StateTraceSettings.json to an empty .accdb file \
             (the ODBC driver cannot create databases)",
            path.display()
        ));
    };
    check_template(template)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create folder {}: {e}", dir.display()))?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    std::fs::copy(template, &tmp).map_err(|e| {
        format!(
            "cannot copy the Access template {} to {}: {e}",
            template.display(),
            tmp.display()
        )
    })?;
    let placed = match std::fs::hard_link(&tmp, path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        // File systems without hard links (FAT, some shares): a rename,
        // which is still atomic.
        Err(_) if !path.exists() => std::fs::rename(&tmp, path)
            .map(|()| true)
            .map_err(|e| format!("cannot create {}: {e}", path.display())),
        Err(_) => Ok(false),
    };
    // The temporary name is gone after a rename; otherwise remove it.
    let _ = std::fs::remove_file(&tmp);
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_template(dir: &Path) -> PathBuf {
        let path = dir.join("empty.accdb");
        let mut bytes = vec![0u8, 1, 0, 0];
        bytes.extend_from_slice(b"Standard ACE DB\0");
        bytes.resize(4096, 0);
        std::fs::write(&path, &bytes).unwrap();
        path
    }

    #[test]
    fn missing_site_file_is_copied_from_the_template() {
        let dir = tempfile::tempdir().unwrap();
        let template = fake_template(dir.path());
        let target = access_db_path(&dir.path().join("Data"), "WLLS");
        assert_eq!(target, dir.path().join("Data/WLLS/WLLS.accdb"));
        assert!(ensure_access_file(&target, Some(&template)).unwrap());
        assert_eq!(
            std::fs::read(&target).unwrap(),
            std::fs::read(&template).unwrap()
        );
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(target.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["WLLS.accdb"]);
    }

    #[test]
    fn an_existing_site_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let template = fake_template(dir.path());
        let target = dir.path().join("S/S.accdb");
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, b"data that must survive").unwrap();
        assert!(!ensure_access_file(&target, Some(&template)).unwrap());
        assert!(!ensure_access_file(&target, None).unwrap());
        assert_eq!(std::fs::read(&target).unwrap(), b"data that must survive");
    }

    #[test]
    fn missing_template_setting_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("S/S.accdb");
        let err = ensure_access_file(&target, None).unwrap_err();
        assert!(err.contains("S.accdb does not exist"), "{err}");
        assert!(err.contains("ParserSettings.AccessTemplatePath"), "{err}");
        assert!(!target.exists());
    }

    #[test]
    fn unusable_templates_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("S/S.accdb");
        let err = ensure_access_file(&target, Some(&dir.path().join("nope.accdb"))).unwrap_err();
        assert!(
            err.contains("nope.accdb") && err.contains("cannot be read"),
            "{err}"
        );
        let not_access = dir.path().join("t.accdb");
        std::fs::write(&not_access, b"SQLite format 3\0 and more bytes").unwrap();
        let err = ensure_access_file(&target, Some(&not_access)).unwrap_err();
        assert!(err.contains("is not an Access database"), "{err}");
        assert!(!target.exists());
    }
}
