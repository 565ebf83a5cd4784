//! The lifecycle bar of the contract editor (`docs/lifecycle.md`): what the acting person
//! may do to a contract now (and why not), status transitions, and rollback
//! records. The rules live in the core (`warrant_core::lifecycle`); these
//! commands only say who is acting.

use chrono::Utc;
use tauri::{AppHandle, Runtime};
use warrant_core::lifecycle::Action;
use warrant_core::registry::{LifecycleState, StatusChange};
use warrant_core::Result;

use crate::background::{acting_or_nobody, on_registry};

/// Why nothing is open before anyone is chosen as acting-as.
pub const NOBODY_ACTING: &str =
    "Nobody is acting yet: choose who you are under Settings → Acting as, then try again.";

/// Status, reviews, what approval waits for, and every action with whether
/// the acting person may take it (and the reason when not).
#[tauri::command]
pub async fn lifecycle_state<R: Runtime>(app: AppHandle<R>, id: String) -> Result<LifecycleState> {
    on_registry(app, move |registry| {
        let actor = acting_or_nobody(registry)?;
        let mut state = registry.lifecycle(&id, &actor, Utc::now())?;
        if actor.is_empty() {
            // Some rules let anyone act ("submit"), but every change is
            // stamped with a person: with nobody chosen, nothing is open.
            for action in &mut state.actions {
                action.allowed = false;
                action.reason = Some(NOBODY_ACTING.to_string());
            }
        }
        Ok(state)
    })
    .await
}

/// Submit, launch, pause, resume or retire, as the acting person. `note` is
/// the reason or comment the action needs (refused on field `reason` /
/// `comment` when empty).
#[tauri::command]
pub async fn change_status<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    action: Action,
    note: String,
) -> Result<StatusChange> {
    on_registry(app, move |registry| {
        let actor = registry.acting_as()?;
        registry.change_status(&id, action, &note, &actor)
    })
    .await
}

/// Records that the workflow's effects were reverted (a `rollback` event);
/// returns the event's number. Refused on field `what` when empty.
#[tauri::command]
pub async fn record_rollback<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    what: String,
) -> Result<i64> {
    on_registry(app, move |registry| {
        let actor = registry.acting_as()?;
        registry.record_rollback(&id, &what, &actor)
    })
    .await
}
