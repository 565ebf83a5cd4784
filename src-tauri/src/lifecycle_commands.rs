//! The lifecycle bar of the contract editor (`docs/lifecycle.md`): what the acting person
//! may do to a contract now (and why not), status transitions, and rollback
//! records. The rules live in the core (`warrant_core::lifecycle`); these
//! commands only say who is acting. In a registry connected to a team
//! repository each step is signed with the connection's key
//! (`warrant_team::steps`).

use chrono::Utc;
use tauri::{AppHandle, Runtime};
use warrant_core::lifecycle::Action;
use warrant_core::registry::{LifecycleState, StatusChange};
use warrant_core::Result;

use crate::background::on_registry;

/// Status, reviews, what approval waits for, and every action with whether
/// the acting person may take it (and the reason when not; nothing is open
/// while nobody is acting).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(id = %id))]
pub async fn lifecycle_state<R: Runtime>(app: AppHandle<R>, id: String) -> Result<LifecycleState> {
    on_registry(app, move |registry| {
        registry.lifecycle_of_acting(&id, Utc::now())
    })
    .await
}

/// Submit, launch, pause, resume, retire or discard, as the acting person (in
/// a team registry: signed by the key holder). `note` is
/// the reason or comment the action needs (refused on field `reason` /
/// `comment` when empty).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(id = %id, action = ?action))]
pub async fn change_status<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    action: Action,
    note: String,
) -> Result<StatusChange> {
    on_registry(app, move |registry| {
        warrant_team::steps::change_status(registry, &id, action, &note)
    })
    .await
}

/// Records that the workflow's effects were reverted (a `rollback` event);
/// returns the event's number. Refused on field `what` when empty.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(id = %id))]
pub async fn record_rollback<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    what: String,
) -> Result<i64> {
    on_registry(app, move |registry| {
        warrant_team::steps::rollback(registry, &id, &what)
    })
    .await
}
