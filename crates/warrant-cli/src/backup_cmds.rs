//! `warrant backup` and `warrant restore`: the registry copied through
//! SQLite's online backup API (safe while the app is writing), and put back
//! with the current file kept aside, never deleted.

use crate::terminal::say;
use std::path::Path;

use warrant_core::registry::{restore_from, Registry};

use crate::{fail, Outcome};

pub fn backup(db: &Path, out: &Path) -> Outcome {
    let registry = match Registry::open_existing(db) {
        Ok(registry) => registry,
        Err(e) if e.code == warrant_core::ErrorCode::NotFound => return fail(e),
        Err(e) => return fail(format!("{}: {e}", db.display())),
    };
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return fail(format!("cannot create {}: {e}", dir.display()));
        }
    }
    match registry.backup_to(out) {
        Ok(check) => {
            say!(
                "Backed up {} to {} ({} contracts, {} audit events; integrity check ok).",
                db.display(),
                out.display(),
                check.contracts,
                check.audit_events
            );
            Outcome::Ok
        }
        Err(e) => fail(e),
    }
}

pub fn restore(db: &Path, file: &Path) -> Outcome {
    match restore_from(file, db) {
        Ok(restored) => {
            say!(
                "Restored {} from {} ({} contracts, {} audit events).",
                db.display(),
                file.display(),
                restored.backup.contracts,
                restored.backup.audit_events
            );
            if let Some(aside) = restored.kept_aside {
                say!("The registry it replaced was kept as {aside}.");
            }
            Outcome::Ok
        }
        Err(e) => fail(e),
    }
}
