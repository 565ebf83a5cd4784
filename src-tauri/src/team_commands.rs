//! Settings → Team and the header's sync indicator: where the registry
//! stands with its team repository, syncing it, and starting or joining
//! one (`docs/team-repository.md`). Each is one call into the Tauri-free
//! `warrant_team`; the key file comes only from the native open dialog
//! (the remote is an address the person types, not a local file to read).

use std::path::PathBuf;

use serde::Deserialize;
use tauri::{AppHandle, Manager, Runtime};
use ts_rs::TS;
use warrant_core::Result;
use warrant_team::steps::{self, Joined, TeamMember};
use warrant_team::sync::{self, TeamStatus, TeamSyncReport, AGENT};

use crate::background::{off_main, on_registry, on_registry_with_state};
use crate::dialogs::{choose_one, Choice, Purpose};
use crate::state::AppState;

/// Where the signing key comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum KeySource {
    /// A private key file, picked in the open dialog.
    File,
    /// The running ssh-agent's key.
    Agent,
}

/// The key setting for `source`: `agent`, or the file picked in the dialog
/// (`None`: the person closed it).
fn pick_key<R: Runtime>(app: &AppHandle<R>, source: KeySource) -> Result<Option<String>> {
    if source == KeySource::Agent {
        return Ok(Some(AGENT.to_string()));
    }
    let ssh_dir = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".ssh"));
    let choice = Choice::OpenAnyFile {
        title: "Choose your SSH private key (ed25519)",
        start_in: ssh_dir.filter(|d| d.is_dir()),
    };
    Ok(choose_one(app, Purpose::Key, choice)?.map(|p| p.display().to_string()))
}

/// Connected or not; the team, remote, you and your key; last sync;
/// pending changes; open conflicts; records refused, with why.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn team_status<R: Runtime>(app: AppHandle<R>) -> Result<TeamStatus> {
    on_registry(app, |registry| sync::status(registry)).await
}

/// The team's people and their keys (`people.yaml` as of the last sync).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn team_people<R: Runtime>(app: AppHandle<R>) -> Result<Vec<TeamMember>> {
    on_registry(app, |registry| steps::people(registry)).await
}

/// Out, merge, push, in. Offline is a result (`offline` says why), not an error.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn team_sync<R: Runtime>(app: AppHandle<R>) -> Result<TeamSyncReport> {
    on_registry(app, sync::sync).await
}

/// Joins the team repository at `remote` as `email`. A registry holding
/// contracts is kept aside and a new one joins in its place. Null back:
/// the key dialog was closed.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(remote = %remote))]
pub async fn team_join<R: Runtime>(
    app: AppHandle<R>,
    remote: String,
    email: String,
    key: KeySource,
) -> Result<Option<Joined>> {
    off_main(app, move |app| {
        let Some(key) = pick_key(app, key)? else {
            return Ok(None);
        };
        let state = app.state::<AppState>();
        state
            .reopen_after(|db| steps::join_file(db, &remote, &email, &key))
            .map(Some)
    })
    .await
}

/// Starts a team repository at `remote` named `name` from this registry,
/// founded by the person acting. Null back: the key dialog was closed.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(remote = %remote))]
pub async fn team_init<R: Runtime>(
    app: AppHandle<R>,
    remote: String,
    name: String,
    key: KeySource,
) -> Result<Option<TeamStatus>> {
    let Some(key) = off_main(app.clone(), move |app| pick_key(app, key)).await? else {
        return Ok(None);
    };
    on_registry_with_state(app, move |state, registry| {
        steps::start(registry, state.path(), &remote, &name, &key).map(Some)
    })
    .await
}
