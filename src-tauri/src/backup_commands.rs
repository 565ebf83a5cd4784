//! Backups from the window (SPEC §9 Settings): a backup through the native
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
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;
use warrant_core::registry::{
    default_backup_dir, list_backups as backups_in, restore_from, BackupCheck, BackupFile,
    Registry, Restored,
};
use warrant_core::Result;

use crate::background::{dialog_error, e2e_save_dir, off_main, on_registry};
use crate::state::{AppState, StartupProblem};

/// TEST-ONLY: the backup file `restore_backup` restores instead of opening
/// the native dialog, because WebDriver cannot see native dialogs.
pub const E2E_RESTORE_ENV: &str = "WARRANT_E2E_RESTORE";

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
/// second connection in the background, so the window opens at once.
/// Failures are reported on stderr: a missing automatic backup must not
/// keep anyone from working.
pub fn auto_backup_in_background(registry_path: PathBuf) {
    std::thread::spawn(move || {
        let dir = default_backup_dir(&registry_path);
        let outcome = Registry::open(&registry_path)
            .and_then(|registry| registry.auto_backup(&dir, Utc::now()));
        if let Err(e) = outcome {
            eprintln!(
                "warrant: the automatic backup into {} failed: {e}",
                dir.display()
            );
        }
    });
}

fn backup_dir<R: Runtime>(app: &AppHandle<R>) -> PathBuf {
    default_backup_dir(app.state::<AppState>().path())
}

fn save_target<R: Runtime>(app: &AppHandle<R>) -> Result<Option<PathBuf>> {
    let name = suggested_backup_name();
    if let Some(dir) = e2e_save_dir() {
        return Ok(Some(dir.join(name)));
    }
    app.dialog()
        .file()
        .set_title("Back up the registry")
        .set_file_name(&name)
        .add_filter("Warrant registry backup", &["db"])
        .blocking_save_file()
        .map(|f| f.into_path().map_err(dialog_error))
        .transpose()
}

fn open_target<R: Runtime>(app: &AppHandle<R>) -> Result<Option<PathBuf>> {
    if let Some(path) = std::env::var_os(E2E_RESTORE_ENV).filter(|v| !v.is_empty()) {
        return Ok(Some(PathBuf::from(path)));
    }
    app.dialog()
        .file()
        .set_title("Restore the registry from a backup")
        .set_directory(backup_dir(app))
        .add_filter("Warrant registry backup", &["db"])
        .blocking_pick_file()
        .map(|f| f.into_path().map_err(dialog_error))
        .transpose()
}

/// The automatic backups, newest first.
#[tauri::command]
pub async fn list_backups<R: Runtime>(app: AppHandle<R>) -> Result<Vec<BackupFile>> {
    off_main(app, |app| backups_in(&backup_dir(app))).await
}

/// Copies the registry to a file the user chooses (`path` null: the native
/// save dialog asks; null back means cancelled) and checks the copy.
#[tauri::command]
pub async fn backup_registry<R: Runtime>(
    app: AppHandle<R>,
    path: Option<String>,
) -> Result<Option<BackupSaved>> {
    let target = match path {
        Some(path) => Some(PathBuf::from(path)),
        None => off_main(app.clone(), save_target).await?,
    };
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

/// Replaces the registry with a backup (`path` null: the native open dialog
/// asks; null back means cancelled), keeping the replaced file aside, and
/// opens the restored registry.
#[tauri::command]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    path: Option<String>,
) -> Result<Option<Restored>> {
    let source = match path {
        Some(path) => Some(PathBuf::from(path)),
        None => off_main(app.clone(), open_target).await?,
    };
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
pub async fn startup_problem<R: Runtime>(app: AppHandle<R>) -> Result<Option<StartupProblem>> {
    Ok(app.state::<AppState>().startup_problem())
}

/// After a damaged registry was moved aside: start over with a new registry
/// (the templates and examples, as on a first run).
#[tauri::command]
pub async fn start_new_registry<R: Runtime>(app: AppHandle<R>) -> Result<()> {
    off_main(app, |app| app.state::<AppState>().reopen_after(|_| Ok(()))).await
}
