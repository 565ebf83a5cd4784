//! The one piece of state the shell keeps: the open registry, behind a mutex
//! because commands run on a thread pool, and where it lives.
//!
//! A registry that cannot be opened (made by a newer Warrant, not a registry
//! at all) does not stop the window from opening: the error is kept and every
//! command returns it, so the user reads why instead of seeing nothing.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use warrant_core::registry::Registry;
use warrant_core::{Error, ErrorCode, Result};

/// Who seeds the default contracts into a new registry: nobody is acting yet
/// on a first run, so the audit trail names the app itself.
pub const SEED_ACTOR: &str = "warrant (first run)";

pub struct AppState {
    path: PathBuf,
    registry: std::result::Result<Mutex<Registry>, Error>,
}

impl AppState {
    /// Opens (creating if needed) the registry at `path`; a registry with no
    /// contract gets the default templates and examples (SPEC §10).
    pub fn open(path: &Path) -> AppState {
        let registry = open_and_seed(path).map(Mutex::new);
        AppState {
            path: path.to_path_buf(),
            registry,
        }
    }

    /// State over an already open registry (tests).
    pub fn from_registry(path: &Path, registry: Registry) -> AppState {
        AppState {
            path: path.to_path_buf(),
            registry: Ok(Mutex::new(registry)),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` with the registry locked.
    pub fn with_registry<T>(&self, work: impl FnOnce(&mut Registry) -> Result<T>) -> Result<T> {
        let mutex = self.registry.as_ref().map_err(Clone::clone)?;
        // A panic while the lock was held leaves the registry itself intact
        // (every write is one SQLite transaction), so the lock is reusable.
        let mut registry = mutex
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        work(&mut registry)
    }
}

fn open_and_seed(path: &Path) -> Result<Registry> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::new(
                ErrorCode::Io,
                format!(
                    "Cannot create the folder {} for the registry: {e}",
                    dir.display()
                ),
            )
        })?;
    }
    let mut registry = Registry::open(path)?;
    if registry.is_empty()? {
        registry.seed_defaults(SEED_ACTOR)?;
    }
    Ok(registry)
}
