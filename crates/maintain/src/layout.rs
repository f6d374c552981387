//! Where things are: site databases under the data root, and backups
//! under the backup root, named by the UTC time they were taken.
//!
//! A site database is `<data>/<SITE>/<SITE>.sqlite` and nothing else, so
//! backups (`<backups>/<SITE>/<SITE>_<yyyyMMdd-HHmmss>Z.sqlite`), files set
//! aside by a restore, or anything else a user keeps there are never taken
//! for a site.

use chrono::{DateTime, NaiveDateTime, Utc};
use std::path::{Path, PathBuf};

/// One site's database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteDb {
    /// The site (its folder's name).
    pub site: String,
    /// `<data>/<SITE>/<SITE>.sqlite`.
    pub path: PathBuf,
}

/// Every site database under `data_root`, sorted by site.
pub fn discover_sites(data_root: &Path) -> std::io::Result<Vec<SiteDb>> {
    let mut sites = Vec::new();
    for entry in std::fs::read_dir(data_root)? {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let path = entry.path().join(format!("{name}.sqlite"));
        if entry.file_type()?.is_dir() && path.is_file() {
            sites.push(SiteDb { site: name, path });
        }
    }
    sites.sort_by(|a, b| a.site.cmp(&b.site));
    Ok(sites)
}

/// The folder holding a site's backups.
pub fn site_backup_dir(backup_root: &Path, site: &str) -> PathBuf {
    // The same file-name rules as the site's own folder.
    let db = statetrace_store::site_db_path(Path::new(""), site);
    backup_root.join(db.parent().unwrap_or(Path::new(site)))
}

/// Where a restore puts the database it replaces.
pub fn replaced_dir(backup_root: &Path, site: &str) -> PathBuf {
    site_backup_dir(backup_root, site).join("Replaced")
}

/// The timestamp format in backup names (UTC, then `Z`).
const STAMP: &str = "%Y%m%d-%H%M%S";

/// A backup file, with the time in its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    /// When it was taken (UTC, from its name).
    pub taken: DateTime<Utc>,
    /// The file.
    pub path: PathBuf,
}

/// What backups are: SQLite files, or Access files (ODBC backend).
pub const BACKUP_EXTENSIONS: [&str; 2] = ["sqlite", "accdb"];

/// `<SITE>_<yyyyMMdd-HHmmss>Z.sqlite`.
pub fn backup_file_name(site: &str, taken: DateTime<Utc>) -> String {
    backup_file_name_with(site, taken, "sqlite")
}

/// `<SITE>_<yyyyMMdd-HHmmss>Z.<extension>`.
pub fn backup_file_name_with(site: &str, taken: DateTime<Utc>, extension: &str) -> String {
    format!("{site}_{}Z.{extension}", taken.format(STAMP))
}

/// The time in a backup's file name, if it is one of `site`'s backups.
pub fn parse_backup_name(site: &str, file_name: &str) -> Option<DateTime<Utc>> {
    let rest = file_name.strip_prefix(site)?.strip_prefix('_')?;
    let stamp = BACKUP_EXTENSIONS
        .iter()
        .find_map(|ext| rest.strip_suffix(ext)?.strip_suffix("Z."))?;
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

/// A site's backups, newest first. A missing folder has none.
pub fn list_backups(dir: &Path, site: &str) -> std::io::Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let Some(taken) = name.to_str().and_then(|n| parse_backup_name(site, n)) else {
            continue;
        };
        if entry.file_type()?.is_file() {
            out.push(BackupFile {
                taken,
                path: entry.path(),
            });
        }
    }
    out.sort_by(|a, b| b.taken.cmp(&a.taken).then_with(|| b.path.cmp(&a.path)));
    Ok(out)
}

/// The size of a database with its write-ahead log (what it occupies).
pub fn database_bytes(path: &Path) -> u64 {
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    size(path) + size(&with_suffix(path, "-wal"))
}

/// `path` with `suffix` appended to its file name (`x.sqlite-wal`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn sites_are_folders_holding_their_own_database() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for site in ["WLLS", "BRNC"] {
            std::fs::create_dir_all(d.join(site)).unwrap();
            std::fs::write(d.join(site).join(format!("{site}.sqlite")), b"").unwrap();
        }
        // Not sites: a backup folder, an empty folder, a stray database.
        std::fs::create_dir_all(d.join("Backups/WLLS")).unwrap();
        std::fs::write(d.join("Backups/WLLS/WLLS_20261122-013000Z.sqlite"), b"").unwrap();
        std::fs::create_dir_all(d.join("EMPTY")).unwrap();
        std::fs::write(d.join("HQ.sqlite"), b"").unwrap();
        let sites = discover_sites(d).unwrap();
        let names: Vec<_> = sites.iter().map(|s| s.site.as_str()).collect();
        assert_eq!(names, ["BRNC", "WLLS"]);
        assert_eq!(sites[1].path, d.join("WLLS/WLLS.sqlite"));
    }

    #[test]
    fn backup_names_round_trip_and_sort_newest_first() {
        let t = Utc.with_ymd_and_hms(2026, 11, 22, 1, 30, 0).unwrap();
        let name = backup_file_name("WL_LS", t);
        assert_eq!(name, "WL_LS_20261122-013000Z.sqlite");
        assert_eq!(parse_backup_name("WL_LS", &name), Some(t));
        assert_eq!(parse_backup_name("WL", &name), None);
        assert_eq!(
            parse_backup_name("WL_LS", ".WL_LS_20261122-013000Z.sqlite.partial"),
            None
        );
        assert_eq!(parse_backup_name("WL_LS", "WL_LS_2026-11-22Z.sqlite"), None);
        let access = backup_file_name_with("S", t, "accdb");
        assert_eq!(access, "S_20261122-013000Z.accdb");
        assert_eq!(parse_backup_name("S", &access), Some(t));
        assert_eq!(parse_backup_name("S", "S_20261122-013000Z.mdb"), None);

        let dir = tempfile::tempdir().unwrap();
        for day in [3, 1, 2] {
            let t = Utc.with_ymd_and_hms(2026, 11, day, 1, 30, 0).unwrap();
            std::fs::write(dir.path().join(backup_file_name("S", t)), b"").unwrap();
        }
        std::fs::write(dir.path().join("notes.txt"), b"").unwrap();
        let list = list_backups(dir.path(), "S").unwrap();
        let days: Vec<u32> = list
            .iter()
            .map(|b| b.taken.format("%d").to_string().parse().unwrap())
            .collect();
        assert_eq!(days, [3, 2, 1]);
        assert!(list_backups(&dir.path().join("none"), "S")
            .unwrap()
            .is_empty());
    }

    #[test]
    fn backup_folder_follows_the_site_file_name_rules() {
        assert_eq!(site_backup_dir(Path::new("B"), "WLLS"), Path::new("B/WLLS"));
        assert_eq!(site_backup_dir(Path::new("B"), "a:b"), Path::new("B/a_b"));
        assert_eq!(replaced_dir(Path::new("B"), "X"), Path::new("B/X/Replaced"));
    }
}
