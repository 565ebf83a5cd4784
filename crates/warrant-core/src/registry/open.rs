//! Opening a registry file safely: refuse an SQLite too old to trust, refuse a
//! file made by a newer Warrant *before* writing a single byte to it, then set
//! the pragmas every connection needs and apply pending migrations together.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::Registry;
use crate::{Error, ErrorCode, Result};

/// SQLite 3.51.3 fixes a WAL corruption bug; older libraries are refused.
pub const MIN_SQLITE_VERSION: i32 = 3_051_003;

/// `application_id` stamped by the first migration ('WRNT').
pub(super) const APPLICATION_ID: i64 = 0x5752_4E54;

/// The migrations, in order; entry `n` brings the schema to `user_version` n+1.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_init.sql",
        include_str!("../../../../migrations/0001_init.sql"),
    ),
    (
        "0002_settings.sql",
        include_str!("../../../../migrations/0002_settings.sql"),
    ),
    (
        "0003_lifecycle.sql",
        include_str!("../../../../migrations/0003_lifecycle.sql"),
    ),
    (
        "0004_search_rowid.sql",
        include_str!("../../../../migrations/0004_search_rowid.sql"),
    ),
    (
        "0005_pending_and_append_only.sql",
        include_str!("../../../../migrations/0005_pending_and_append_only.sql"),
    ),
    (
        "0006_template_library.sql",
        include_str!("../../../../migrations/0006_template_library.sql"),
    ),
    (
        "0007_team.sql",
        include_str!("../../../../migrations/0007_team.sql"),
    ),
    (
        "0008_search_ids.sql",
        include_str!("../../../../migrations/0008_search_ids.sql"),
    ),
];

/// Work a migration needs Rust for (the audit hash chain), by the schema
/// version it belongs to: run right after that version's SQL, in the same
/// transaction.
type Step = fn(&rusqlite::Connection, chrono::DateTime<chrono::Utc>) -> Result<()>;
const RUST_STEPS: &[(usize, Step)] = &[(6, super::library::move_untouched_templates)];

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

impl Registry {
    /// Opens (creating if needed) the registry file, checks the SQLite version,
    /// applies pending migrations in one transaction, refuses a newer schema.
    pub fn open(path: &Path) -> Result<Registry> {
        Registry::open_checked(path, true)
    }

    /// Another connection to a registry file this process has already opened
    /// (and so checked for damage), such as the app's start-up backup: the
    /// file is not read page by page again.
    pub fn reopen(path: &Path) -> Result<Registry> {
        Registry::open_checked(path, false)
    }

    /// [`Registry::open`], with the damage check (`PRAGMA quick_check`, which
    /// reads every page) skipped when the caller has just done it.
    pub(super) fn open_checked(path: &Path, check_damage: bool) -> Result<Registry> {
        check_sqlite_version(rusqlite::version_number(), rusqlite::version())?;
        let shown = path.display();
        super::filesystem::refuse_network_filesystem(path)?;
        if path.exists() {
            super::files::set_aside_stray_wal(path)?;
            // A read-only look first, at the schema version and then for
            // damage: a newer or damaged registry must not even be switched
            // to WAL or have a journal written next to it.
            let peek = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| {
                registry_error(format!("Cannot open the registry {shown}: {e}")).caused_by(e)
            })?;
            check_schema(&peek, &shown.to_string())?;
            if check_damage {
                super::damage::refuse_damaged(&peek, path)?;
            }
            drop(peek);
        }
        let conn = Connection::open(path).map_err(|e| {
            registry_error(format!("Cannot open the registry {shown}: {e}")).caused_by(e)
        })?;
        Registry::prepare(conn, &shown.to_string(), true)
    }

    /// Opens a registry file that must already exist: only creating a
    /// registry (`warrant init`, the app's first run) may make a new file,
    /// so a mistyped path is an error instead of a new, empty registry.
    pub fn open_existing(path: &Path) -> Result<Registry> {
        if !path.exists() {
            return Err(Error::new(
                ErrorCode::NotFound,
                format!(
                    "There is no registry at {}. Create one with `warrant init --db {}`, or give the path of an existing registry with --db.",
                    path.display(),
                    path.display()
                ),
            ));
        }
        Registry::open(path)
    }

    /// A registry that lives only as long as the value (tests, previews).
    pub fn open_in_memory() -> Result<Registry> {
        check_sqlite_version(rusqlite::version_number(), rusqlite::version())?;
        Registry::prepare(
            Connection::open_in_memory()?,
            "the in-memory registry",
            false,
        )
    }

    fn prepare(conn: Connection, shown: &str, wal: bool) -> Result<Registry> {
        conn.busy_timeout(std::time::Duration::from_millis(5000))?;
        // Checked again on the writable connection: another process may have
        // migrated the file between the peek and now.
        check_schema(&conn, shown)?;
        if wal {
            let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(registry_error(format!(
                    "The registry {shown} could not be switched to write-ahead logging (journal mode is {mode}). \
                     Put the registry on a local disk."
                )));
            }
        }
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        let mut registry = Registry {
            conn,
            list_cache: Default::default(),
        };
        registry.migrate(shown)?;
        Ok(registry)
    }

    /// Applies every pending migration in one transaction: either the file
    /// ends at [`SCHEMA_VERSION`] or it is left exactly as it was.
    fn migrate(&mut self, shown: &str) -> Result<()> {
        // The usual case needs no write lock; checked again under it below.
        if self.schema_version()? >= SCHEMA_VERSION {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if current >= SCHEMA_VERSION {
            return Ok(());
        }
        let at = chrono::Utc::now();
        for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            let failed = |e: String| {
                registry_error(format!(
                    "Could not upgrade the registry {shown} (migration {name}, step {}): {e}",
                    index + 1
                ))
            };
            tx.execute_batch(sql).map_err(|e| failed(e.to_string()))?;
            for (_, step) in RUST_STEPS.iter().filter(|(v, _)| *v == index + 1) {
                step(&tx, at).map_err(|e| failed(e.message))?;
            }
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
        Ok(())
    }

    /// Runs `work` inside `BEGIN IMMEDIATE`; commits when it returns `Ok`,
    /// rolls back when it returns an error (or panics).
    pub(super) fn with_tx<T>(
        &mut self,
        work: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// The schema version of the open file (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}

fn registry_error(message: String) -> Error {
    Error::new(ErrorCode::Registry, message)
}

pub(super) fn check_sqlite_version(number: i32, text: &str) -> Result<()> {
    if number < MIN_SQLITE_VERSION {
        return Err(registry_error(format!(
            "Warrant needs SQLite 3.51.3 or newer (it fixes a write-ahead-log corruption bug); this build has {text}. \
             Rebuild Warrant with its bundled SQLite."
        )));
    }
    Ok(())
}

/// Refuses files this build must not touch: made by a newer Warrant, or an
/// SQLite database that is not a Warrant registry, or not a database at all.
fn check_schema(conn: &Connection, shown: &str) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| {
        registry_error(format!("{shown} is not a Warrant registry (SQLite cannot read it: {e}). Choose another file."))
    })?;
    if version > SCHEMA_VERSION {
        return Err(registry_error(format!(
            "The registry {shown} was made by a newer Warrant (schema version {version}; this version knows up to \
             {SCHEMA_VERSION}). Update Warrant to open it; the file was not changed."
        )));
    }
    let application_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    let foreign = if version > 0 {
        application_id != APPLICATION_ID
    } else {
        tables > 0
    };
    if foreign {
        return Err(registry_error(format!(
            "{shown} is an SQLite database but not a Warrant registry. Choose another file, or a new file name."
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_memory_registry_is_migrated_to_the_latest_schema() {
        let registry = Registry::open_in_memory().unwrap();
        assert_eq!(registry.schema_version().unwrap(), SCHEMA_VERSION);
        let fk: i64 = registry
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn old_sqlite_is_refused_by_name() {
        let err = check_sqlite_version(3_051_002, "3.51.2").unwrap_err();
        assert_eq!(err.code, ErrorCode::Registry);
        assert!(
            err.message.contains("3.51.3") && err.message.contains("3.51.2"),
            "{}",
            err.message
        );
        assert!(check_sqlite_version(3_051_003, "3.51.3").is_ok());
    }

    #[test]
    fn bundled_sqlite_is_recent_enough() {
        assert!(
            rusqlite::version_number() >= MIN_SQLITE_VERSION,
            "{}",
            rusqlite::version()
        );
    }

    #[test]
    fn search_index_supports_fts5() {
        let registry = Registry::open_in_memory().unwrap();
        let n: i64 = registry
            .conn
            .query_row(
                "SELECT count(*) FROM contract_search WHERE contract_search MATCH '\"x\"*'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0);
    }
}
