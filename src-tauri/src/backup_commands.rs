//! Backups from the window (Settings): a backup through the native
//! save dialog, a restore through the native open dialog or from the list of
//! automatic backups, the daily automatic backup at start, and the recovery
//! screen's facts when the registry was damaged at start.
//!
//! Restoring closes the open registry, replaces the file (the replaced one
//! is kept aside, never deleted) and opens the restored one in its place, so
//! the window carries on without a restart.

use std::path::{Path, PathBuf};

use chrono::Utc;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use ts_rs::TS;
use warrant_core::registry::{
    default_backup_dir, list_backups as backups_in, restore_from, BackupCheck, BackupFile,
    Registry, Restored,
};
use warrant_core::{Error, Result};

use crate::background::{off_main, on_registry};
use crate::dialogs::{choose_one, Choice, Filter, Purpose};
use crate::state::{AppState, StartupProblem};

/// A backup the user asked for, and what its check found.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BackupSaved {
    pub path: String,
    pub check: BackupCheck,
}

/// `warrant-backup-<UTC time>.db`: sorts by time, never collides with the
/// automatic backups' `registry-…` names.
pub fn suggested_backup_name() -> String {
    format!("warrant-backup-{}.db", Utc::now().format("%Y%m%dT%H%M%SZ"))
}

/// Takes today's automatic backup (unless one is less than a day old) on a
/// second connection; the window calls it on the thread that opened the
/// registry ([`AppState::opening`]), so the window opens at once.
/// Failures go to the log: a missing automatic backup must not keep anyone
/// from working.
pub fn auto_backup(registry_path: &Path) {
    let dir = default_backup_dir(registry_path);
    let outcome =
        Registry::reopen(registry_path).and_then(|registry| registry.auto_backup(&dir, Utc::now()));
    if let Err(e) = outcome {
        tracing::warn!(dir = %dir.display(), "the automatic backup failed: {e}");
    }
}

fn backup_dir<R: Runtime>(app: &AppHandle<R>) -> PathBuf {
    default_backup_dir(app.state::<AppState>().path())
}

const BACKUP: Filter = Filter {
    name: "Warrant registry backup",
    extensions: &["db"],
};

fn save_target<R: Runtime>(app: &AppHandle<R>) -> Result<Option<PathBuf>> {
    choose_one(
        app,
        Purpose::Backup,
        Choice::SaveFile {
            title: "Back up the registry",
            file_name: suggested_backup_name(),
            filter: BACKUP,
        },
    )
}

fn open_target<R: Runtime>(app: &AppHandle<R>) -> Result<Option<PathBuf>> {
    choose_one(
        app,
        Purpose::Restore,
        Choice::OpenFile {
            title: "Restore the registry from a backup",
            filter: BACKUP,
            start_in: Some(backup_dir(app)),
        },
    )
}

/// One of the automatic backups Warrant lists itself, by the path the list
/// gave: the window may name a backup only from that list.
fn listed_backup<R: Runtime>(app: &AppHandle<R>, path: &str) -> Result<PathBuf> {
    backups_in(&backup_dir(app))?
        .into_iter()
        .find(|b| b.path == path)
        .map(|b| PathBuf::from(b.path))
        .ok_or_else(|| {
            Error::not_found(
                "That backup is not among the automatic backups any more. Choose one from the list, or pick a file.",
            )
        })
}

/// The automatic backups, newest first.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn list_backups<R: Runtime>(app: AppHandle<R>) -> Result<Vec<BackupFile>> {
    off_main(app, |app| backups_in(&backup_dir(app))).await
}

/// Copies the registry to a file the person chooses in the save dialog
/// (null back means cancelled) and checks the copy.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn backup_registry<R: Runtime>(app: AppHandle<R>) -> Result<Option<BackupSaved>> {
    let target = off_main(app.clone(), save_target).await?;
    let Some(target) = target else {
        return Ok(None);
    };
    on_registry(app, move |registry| {
        let check = registry.backup_to(&target)?;
        Ok(Some(BackupSaved {
            path: target.display().to_string(),
            check,
        }))
    })
    .await
}

/// Replaces the registry with a backup, keeping the replaced file aside, and
/// opens the restored registry. `listed`: one of the automatic backups, by
/// the path [`list_backups`] gave; null: the file the person picks in the
/// open dialog (null back means cancelled).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    listed: Option<String>,
) -> Result<Option<Restored>> {
    let source = off_main(app.clone(), move |app| match listed {
        Some(path) => listed_backup(app, &path).map(Some),
        None => open_target(app),
    })
    .await?;
    let Some(source) = source else {
        return Ok(None);
    };
    off_main(app, move |app| {
        app.state::<AppState>()
            .reopen_after(|registry_path: &Path| restore_from(&source, registry_path))
            .map(Some)
    })
    .await
}

/// Why the registry did not open at start (damaged and moved aside, or
/// refused), or null when it is open.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn startup_problem<R: Runtime>(app: AppHandle<R>) -> Result<Option<StartupProblem>> {
    off_main(app, |app| Ok(app.state::<AppState>().startup_problem())).await
}

/// After a damaged registry was moved aside: start over with a new registry
/// (the templates and examples, as on a first run).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn start_new_registry<R: Runtime>(app: AppHandle<R>) -> Result<()> {
    off_main(app, |app| app.state::<AppState>().reopen_after(|_| Ok(()))).await
}
