//! Which backups to keep: daily and weekly counts, decided from the times
//! in the backups' names (never from file times, which copies and restores
//! change).
//!
//! Like restic's `--keep-daily` / `--keep-weekly`: the newest backup of
//! each of the `KeepDailyBackups` most recent days that have a backup is
//! kept, and so is the newest backup of each of the `KeepWeeklyBackups`
//! most recent ISO weeks that have one. The newest backup is always kept.
//! Days and weeks are UTC, as the names are. Rotation runs only after the
//! night's backup succeeded, so a failing backup never costs an old one.

use crate::layout::BackupFile;
use chrono::Datelike;
use std::collections::HashSet;

/// What rotation keeps and deletes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotationPlan {
    /// Backups kept, newest first.
    pub keep: Vec<BackupFile>,
    /// Backups to delete, newest first.
    pub delete: Vec<BackupFile>,
}

/// Decides which of `backups` (in any order) to keep.
pub fn plan(backups: &[BackupFile], keep_daily: u32, keep_weekly: u32) -> RotationPlan {
    let mut sorted = backups.to_vec();
    sorted.sort_by(|a, b| b.taken.cmp(&a.taken).then_with(|| b.path.cmp(&a.path)));
    let mut days = HashSet::new();
    let mut weeks = HashSet::new();
    let mut out = RotationPlan::default();
    for (i, b) in sorted.into_iter().enumerate() {
        let day = b.taken.date_naive();
        let week = day.iso_week();
        let mut keep = i == 0;
        // The first backup met for a day (or week) is its newest.
        if !days.contains(&day) && days.len() < keep_daily as usize {
            days.insert(day);
            keep = true;
        }
        if !weeks.contains(&(week.year(), week.week())) && weeks.len() < keep_weekly as usize {
            weeks.insert((week.year(), week.week()));
            keep = true;
        }
        if keep {
            out.keep.push(b);
        } else {
            out.delete.push(b);
        }
    }
    out
}

/// Deletes what the plan says; returns the errors met (a backup that
/// cannot be deleted stays, and is tried again next night).
pub fn apply(plan: &RotationPlan) -> Vec<String> {
    plan.delete
        .iter()
        .filter_map(|b| {
            std::fs::remove_file(&b.path)
                .err()
                .map(|e| format!("cannot delete old backup {}: {e}", b.path.display()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};
    use std::path::PathBuf;

    fn nightly(first: chrono::DateTime<Utc>, nights: i64) -> Vec<BackupFile> {
        (0..nights)
            .map(|n| {
                let taken = first + Duration::days(n);
                BackupFile {
                    taken,
                    path: PathBuf::from(taken.format("%Y%m%d-%H%M%S").to_string()),
                }
            })
            .collect()
    }

    fn names(list: &[BackupFile]) -> Vec<String> {
        list.iter()
            .map(|b| b.taken.format("%Y-%m-%d").to_string())
            .collect()
    }

    #[test]
    fn seven_days_and_four_weeks_of_nightly_backups() {
        // 2026-11-01 is a Sunday; 60 nights up to Wednesday 2026-12-30.
        let first = Utc.with_ymd_and_hms(2026, 11, 1, 1, 30, 0).unwrap();
        let p = plan(&nightly(first, 60), 7, 4);
        assert_eq!(
            names(&p.keep),
            [
                "2026-12-30",
                "2026-12-29",
                "2026-12-28",
                "2026-12-27",
                "2026-12-26",
                "2026-12-25",
                "2026-12-24",
                // The four weeks: this one (12-30) and the Sundays 12-27
                // (both already kept as dailies), 12-20 and 12-13.
                "2026-12-20",
                "2026-12-13",
            ]
        );
        assert_eq!(p.keep.len() + p.delete.len(), 60);
    }

    #[test]
    fn several_backups_a_day_keep_the_newest_of_each_day() {
        let first = Utc.with_ymd_and_hms(2026, 11, 10, 0, 0, 0).unwrap();
        let list: Vec<BackupFile> = (0..9)
            .map(|h| BackupFile {
                taken: first + Duration::hours(h * 8),
                path: PathBuf::from(format!("{h}")),
            })
            .collect();
        // 9 backups, 8 hours apart: days 10 (0,8,16h), 11, 12.
        let p = plan(&list, 2, 0);
        let kept: Vec<_> = p
            .keep
            .iter()
            .map(|b| b.path.display().to_string())
            .collect();
        assert_eq!(kept, ["8", "5"]);
        assert_eq!(p.delete.len(), 7);
    }

    #[test]
    fn the_newest_is_kept_whatever_the_counts() {
        let first = Utc.with_ymd_and_hms(2026, 11, 10, 0, 0, 0).unwrap();
        let p = plan(&nightly(first, 3), 1, 0);
        assert_eq!(names(&p.keep), ["2026-11-12"]);
        assert!(plan(&[], 7, 4).keep.is_empty());
    }

    #[test]
    fn apply_deletes_only_the_planned_files() {
        let dir = tempfile::tempdir().unwrap();
        let first = Utc.with_ymd_and_hms(2026, 11, 10, 0, 0, 0).unwrap();
        let list: Vec<BackupFile> = nightly(first, 5)
            .into_iter()
            .map(|mut b| {
                b.path = dir.path().join(b.path);
                std::fs::write(&b.path, b"x").unwrap();
                b
            })
            .collect();
        let p = plan(&list, 2, 0);
        assert!(apply(&p).is_empty());
        let left = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(left, 2);
        assert!(p.keep.iter().all(|b| b.path.exists()));
    }
}
