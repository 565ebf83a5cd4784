//! Finding damage before anything is written to a file: `PRAGMA
//! quick_check` on a read-only connection at open, `PRAGMA integrity_check`
//! on backups, and the refusal that names the newest backup to restore.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::backup::{default_backup_dir, list_backups};
use crate::{Error, ErrorCode, Result};

/// What a read-only look at an existing file found.
pub(super) enum Health {
    Sound,
    /// SQLite reports the file as corrupt or not a database at all.
    Damaged(String),
}

/// Opens the file read-only and runs `PRAGMA quick_check`. Errors other than
/// damage (permissions, a missing file) come back as `Err`.
pub(super) fn diagnose(path: &Path) -> Result<Health> {
    let conn = match Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) {
        Ok(conn) => conn,
        Err(e) => return classify(e),
    };
    diagnose_on(&conn)
}

/// [`diagnose`] on a read-only connection the caller already has open.
fn diagnose_on(conn: &Connection) -> Result<Health> {
    match quick_check(conn) {
        Ok(problems) if problems.is_empty() => Ok(Health::Sound),
        Ok(problems) => Ok(Health::Damaged(problems.join("; "))),
        Err(e) => classify(e),
    }
}

fn classify(e: rusqlite::Error) -> Result<Health> {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt) | Some(rusqlite::ErrorCode::NotADatabase) => {
            Ok(Health::Damaged(e.to_string()))
        }
        _ => Err(e.into()),
    }
}

/// The problems `PRAGMA quick_check` lists; empty when it says `ok`.
pub(super) fn quick_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    // quick_check reads every page: it must see the schema first, and a file
    // that is not a database fails right here.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })?;
    check_problems(conn, "PRAGMA quick_check")
}

/// The problems `PRAGMA integrity_check` lists (the thorough check, used on
/// backups before they are trusted); empty when it says `ok`.
pub(super) fn integrity_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    check_problems(conn, "PRAGMA integrity_check")
}

/// The rows a checking pragma returns, less the lone `ok` of a sound file.
fn check_problems(conn: &Connection, pragma: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(pragma)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut problems = Vec::new();
    for row in rows {
        let row = row?;
        if row != "ok" {
            problems.push(row);
        }
    }
    Ok(problems)
}

/// Refuses a damaged file in plain [`Registry::open`], leaving it where it
/// is (the CLI must never move a file the user pointed it at). `conn` is a
/// read-only connection to `path`.
pub(super) fn refuse_damaged(conn: &Connection, path: &Path) -> Result<()> {
    match diagnose_on(conn)? {
        Health::Sound => Ok(()),
        Health::Damaged(problem) => Err(Error::new(
            ErrorCode::Registry,
            format!(
                "The registry {} is damaged ({problem}). It was not changed. Restore a backup with \
                 `warrant restore BACKUP --db {}`{}.",
                path.display(),
                path.display(),
                newest_backup_hint(path)
            ),
        )),
    }
}

fn newest_backup_hint(path: &Path) -> String {
    match newest_backup(path) {
        Some(backup) => format!(" (the newest is {})", backup.display()),
        None => String::new(),
    }
}

pub(super) fn newest_backup(registry_path: &Path) -> Option<PathBuf> {
    list_backups(&default_backup_dir(registry_path))
        .ok()?
        .into_iter()
        .next()
        .map(|b| PathBuf::from(b.path))
}
