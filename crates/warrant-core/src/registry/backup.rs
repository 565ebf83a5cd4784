//! Backups and restores of the registry through SQLite's online backup API,
//! so a copy taken while the app (or `warrant` in a terminal) is writing is
//! still one consistent snapshot; and the daily automatic backup the app
//! takes at start, keeping the last [`BACKUPS_KEPT`].
//!
//! A restore never deletes anything: the registry being replaced is renamed
//! aside with a timestamp first. A backup is checked (integrity, that it is a
//! Warrant registry, that this Warrant can read its schema) before it is
//! trusted.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use ts_rs::TS;

use super::damage::integrity_check;
use super::files::{free_name, move_aside, sibling, sync_parent};
use super::open::{APPLICATION_ID, SCHEMA_VERSION};
use super::Registry;
use crate::{Error, ErrorCode, Result};

/// How many automatic backups [`Registry::auto_backup`] keeps.
pub const BACKUPS_KEPT: usize = 7;

/// Automatic backups are named `registry-<UTC time>.db`.
const AUTO_PREFIX: &str = "registry-";
const AUTO_SUFFIX: &str = ".db";
const AUTO_STAMP: &str = "%Y%m%dT%H%M%SZ";

/// One automatic backup found by [`list_backups`].
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BackupFile {
    pub path: String,
    /// When it was taken (from its name).
    #[ts(type = "string")]
    pub taken_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// What [`check_backup`] found in a backup file that passed every check.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BackupCheck {
    /// The backup's schema version; older ones are upgraded when opened.
    #[ts(type = "number")]
    pub schema_version: i64,
    #[ts(type = "number")]
    pub contracts: u64,
    #[ts(type = "number")]
    pub audit_events: u64,
}

/// What [`restore_from`] did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Restored {
    /// Where the registry that was replaced now is (`None` when there was none).
    pub kept_aside: Option<String>,
    pub backup: BackupCheck,
}

/// `<registry dir>/backups/`, where the automatic backups go.
pub fn default_backup_dir(registry_path: &Path) -> PathBuf {
    registry_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

impl Registry {
    /// Writes a consistent copy of the registry to `dest` (which must not
    /// exist yet) and checks it with `PRAGMA integrity_check`. Other
    /// connections may keep writing meanwhile; the copy is the state of one
    /// moment.
    pub fn backup_to(&self, dest: &Path) -> Result<BackupCheck> {
        if dest.exists() {
            return Err(Error::new(
                ErrorCode::Io,
                format!(
                    "{} already exists; choose a new file name for the backup.",
                    dest.display()
                ),
            ));
        }
        let partial = sibling(dest, &format!(".partial-{}", std::process::id()));
        let result = copy_database(&self.conn, &partial).and_then(|()| check_backup(&partial));
        match result {
            Ok(check) => {
                if dest.exists() {
                    let _ = std::fs::remove_file(&partial);
                    return Err(Error::new(
                        ErrorCode::Io,
                        format!(
                            "{} appeared while the backup was written; choose a new file name.",
                            dest.display()
                        ),
                    ));
                }
                std::fs::rename(&partial, dest)?;
                sync_parent(dest);
                Ok(check)
            }
            Err(e) => {
                // Only our own unfinished copy is removed, never a real file.
                let _ = std::fs::remove_file(&partial);
                Err(Error::new(
                    e.code,
                    format!("The backup to {} failed: {}", dest.display(), e.message),
                ))
            }
        }
    }

    /// Takes a backup into `dir` unless one was taken there in the last 24
    /// hours, then keeps only the newest [`BACKUPS_KEPT`]. The app calls this
    /// at start with [`default_backup_dir`]. Returns the new backup, if any.
    pub fn auto_backup(&self, dir: &Path, now: DateTime<Utc>) -> Result<Option<BackupFile>> {
        let existing = list_backups(dir)?;
        if let Some(newest) = existing.first() {
            let age = now - newest.taken_at;
            if age < TimeDelta::hours(24) && age >= TimeDelta::zero() {
                return Ok(None);
            }
        }
        std::fs::create_dir_all(dir)?;
        let stamp = now.format(AUTO_STAMP);
        let path = dir.join(format!("{AUTO_PREFIX}{stamp}{AUTO_SUFFIX}"));
        self.backup_to(&path)?;
        let taken = BackupFile {
            bytes: std::fs::metadata(&path)?.len(),
            path: path.display().to_string(),
            taken_at: now,
        };
        for old in list_backups(dir)?.into_iter().skip(BACKUPS_KEPT) {
            // Old automatic backups are the only files Warrant ever deletes.
            std::fs::remove_file(&old.path)?;
        }
        Ok(Some(taken))
    }
}

/// Copies a whole database into a new file at `dest` in one step, so the
/// source is read in a single transaction (a consistent snapshot even while
/// another process writes), then makes the copy a single self-contained file.
fn copy_database(source: &Connection, dest: &Path) -> Result<()> {
    let mut target = Connection::open(dest)?;
    {
        let backup = Backup::new(source, &mut target)?;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => continue,
                // Another connection holds a lock for a moment; wait it out.
                StepResult::Busy | StepResult::Locked => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                _ => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    }
    let mode: String = target.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    debug_assert!(mode.eq_ignore_ascii_case("delete"), "{mode}");
    drop(target);
    std::fs::File::open(dest)?.sync_all()?;
    Ok(())
}

/// Checks a backup before it is trusted: SQLite's `integrity_check` passes,
/// it is a Warrant registry, and its schema is not newer than this Warrant's.
/// Never writes to the file.
pub fn check_backup(path: &Path) -> Result<BackupCheck> {
    let shown = path.display();
    let unusable = |why: String| {
        Error::new(
            ErrorCode::Registry,
            format!("{shown} cannot be used as a backup: {why}"),
        )
    };
    if !path.is_file() {
        return Err(unusable("there is no such file.".into()));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| unusable(format!("SQLite cannot open it ({e}).")).caused_by(e))?;
    let problems = integrity_check(&conn)
        .map_err(|e| unusable(format!("it is damaged or not a database ({e}).")).caused_by(e))?;
    if !problems.is_empty() {
        return Err(unusable(format!(
            "it is damaged ({}).",
            problems.into_iter().take(3).collect::<Vec<_>>().join("; ")
        )));
    }
    let application_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if application_id != APPLICATION_ID || version < 1 {
        return Err(unusable("it is not a Warrant registry.".into()));
    }
    if version > SCHEMA_VERSION {
        return Err(unusable(format!(
            "it was made by a newer Warrant (schema version {version}; this version knows up to {SCHEMA_VERSION}). \
             Update Warrant to restore it."
        )));
    }
    let count = |table: &str| -> Result<u64> {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        Ok(n as u64)
    };
    Ok(BackupCheck {
        schema_version: version,
        contracts: count("contracts")?,
        audit_events: count("audit_events")?,
    })
}

/// The automatic backups in `dir`, newest first. A missing folder is an
/// empty list; files not named like an automatic backup are ignored.
pub fn list_backups(dir: &Path) -> Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut backups = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let Some(taken_at) = name.to_str().and_then(parse_backup_name) else {
            continue;
        };
        let metadata = entry.metadata()?;
        if !metadata.is_file() {
            continue;
        }
        backups.push(BackupFile {
            path: entry.path().display().to_string(),
            taken_at,
            bytes: metadata.len(),
        });
    }
    backups.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.path.cmp(&a.path)));
    Ok(backups)
}

fn parse_backup_name(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.strip_prefix(AUTO_PREFIX)?.strip_suffix(AUTO_SUFFIX)?;
    NaiveDateTime::parse_from_str(stamp, AUTO_STAMP)
        .ok()
        .map(|t| t.and_utc())
}

/// Replaces the registry at `registry_path` with the backup at
/// `backup_path`. The backup is checked first ([`check_backup`]); the
/// current registry (with its `-wal`/`-shm`) is renamed aside with a
/// timestamp, never deleted. Close every connection to the registry first
/// (the app drops its [`Registry`] before calling this). An older backup is
/// upgraded the next time the registry is opened.
pub fn restore_from(backup_path: &Path, registry_path: &Path) -> Result<Restored> {
    let backup = check_backup(backup_path)?;
    if let (Ok(a), Ok(b)) = (backup_path.canonicalize(), registry_path.canonicalize()) {
        if a == b {
            return Err(Error::new(
                ErrorCode::Invalid,
                "The backup and the registry are the same file; choose a backup file.",
            ));
        }
    }
    if let Some(dir) = registry_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    // Copy into a new file next to the registry first, so that the swap
    // below is two renames on one file system.
    let incoming = sibling(registry_path, &format!(".restoring-{}", std::process::id()));
    let copied = (|| -> Result<()> {
        let source = Connection::open_with_flags(
            backup_path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        copy_database(&source, &incoming)
    })();
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&incoming);
        return Err(e);
    }
    let kept_aside = if registry_path.exists() {
        checkpoint_if_possible(registry_path);
        let aside = free_name(registry_path, "before-restore");
        if let Err(e) = move_aside(registry_path, &aside) {
            let _ = std::fs::remove_file(&incoming);
            return Err(e);
        }
        Some(aside.display().to_string())
    } else {
        None
    };
    std::fs::rename(&incoming, registry_path)?;
    sync_parent(registry_path);
    Ok(Restored { kept_aside, backup })
}

/// Folds the write-ahead log into the main file, so the copy kept aside is
/// complete in one file. A damaged registry cannot be checkpointed; it is
/// kept aside with its log as it is.
fn checkpoint_if_possible(path: &Path) {
    if let Ok(conn) = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE) {
        let _ = conn.busy_timeout(Duration::from_millis(2000));
        let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automatic_backup_names_round_trip() {
        let at = parse_backup_name("registry-20250301T081500Z.db").unwrap();
        assert_eq!(at.format(AUTO_STAMP).to_string(), "20250301T081500Z");
        assert_eq!(parse_backup_name("registry.db"), None);
        assert_eq!(parse_backup_name("registry-yesterday.db"), None);
        assert_eq!(
            parse_backup_name("registry-20250301T081500Z.db.partial-1"),
            None
        );
    }

    #[test]
    fn backups_go_next_to_the_registry() {
        assert_eq!(
            default_backup_dir(Path::new("/data/com.warrant.app/registry.db")),
            Path::new("/data/com.warrant.app/backups")
        );
        assert_eq!(
            default_backup_dir(Path::new("registry.db")),
            Path::new("./backups")
        );
    }
}
