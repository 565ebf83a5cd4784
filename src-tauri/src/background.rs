//! Running a command's work off the main thread: the window stays responsive
//! while the disk is slow, the registry lock is held, or a native dialog is
//! open (dialogs must not block the main thread). Progress events and cancel
//! flags belong to the commands that have them (`dryrun_commands.rs`,
//! `worksheet_commands.rs`).

use tauri::{AppHandle, Manager, Runtime};
use warrant_core::registry::Registry;
use warrant_core::{Error, ErrorCode, Result};

use crate::state::AppState;

/// Runs `work` on the blocking pool and waits for it without blocking the
/// async runtime.
pub async fn off_main<R, T, F>(app: AppHandle<R>, work: F) -> Result<T>
where
    R: Runtime,
    T: Send + 'static,
    F: FnOnce(&AppHandle<R>) -> Result<T> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(move || work(&app))
        .await
        .map_err(|e| {
            Error::new(
                ErrorCode::Internal,
                format!("The operation stopped unexpectedly: {e}"),
            )
        })?
}

/// Runs `work` on the blocking pool with the registry locked.
pub async fn on_registry<R, T, F>(app: AppHandle<R>, work: F) -> Result<T>
where
    R: Runtime,
    T: Send + 'static,
    F: FnOnce(&mut Registry) -> Result<T> + Send + 'static,
{
    off_main(app, move |app| app.state::<AppState>().with_registry(work)).await
}

/// [`on_registry`] for work that also needs the app state (the registry's
/// path, for instance).
pub async fn on_registry_with_state<R, T, F>(app: AppHandle<R>, work: F) -> Result<T>
where
    R: Runtime,
    T: Send + 'static,
    F: FnOnce(&AppState, &mut Registry) -> Result<T> + Send + 'static,
{
    off_main(app, move |app| {
        let state = app.state::<AppState>();
        state.with_registry(|registry| work(&state, registry))
    })
    .await
}
