//! The commands behind the review screen: one contract version
//! as the executive reads it, recording an approval or a request for changes,
//! and the queue of contracts waiting on the acting person.
//!
//! Thin like every command: the rules (who may approve, what a request for
//! changes needs, when approval moves the status) live in the core's
//! lifecycle; these only gather what the screen shows and say who is acting.

use std::collections::BTreeSet;

use chrono::Utc;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use ts_rs::TS;
use warrant_core::lifecycle::{Review, ReviewDecision};
use warrant_core::model::{Contract, Person};
use warrant_core::readiness::Readiness;
use warrant_core::registry::{
    ContractSummary, LifecycleState, Registry, ReviewRecorded, StoredContract, StoredDryRun,
    ACTING_AS,
};
use warrant_core::{Error, ErrorCode, Result};

use crate::state::AppState;

/// Everything the review screen shows for one contract, for the acting person.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReviewView {
    /// The current version.
    pub stored: StoredContract,
    pub readiness: Readiness,
    /// Status, approvals still missing and the actions open to the acting
    /// person (none when nobody is acting yet).
    pub lifecycle: LifecycleState,
    /// Every review of every version, oldest first: the review history.
    pub reviews: Vec<Review>,
    /// The people the contract and its reviews name (owners, source owners,
    /// reviewers) who are in the people list, so the screen shows names.
    pub people: Vec<Person>,
    /// The newest dry run, when one was recorded.
    pub latest_dry_run: Option<StoredDryRun>,
}

/// Runs `work` on the blocking pool with the registry locked, so a slow disk
/// never freezes the window.
async fn on_registry<R, T, F>(app: AppHandle<R>, work: F) -> Result<T>
where
    R: Runtime,
    T: Send + 'static,
    F: FnOnce(&mut Registry) -> Result<T> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.with_registry(work)
    })
    .await
    .map_err(|e| {
        Error::new(
            ErrorCode::Internal,
            format!("The operation stopped unexpectedly: {e}"),
        )
    })?
}

/// The acting person's e-mail, or a plain refusal saying where to choose one.
fn acting_person(registry: &Registry) -> Result<String> {
    registry.setting(ACTING_AS)?.ok_or_else(|| {
        Error::invalid(
            "acting_as",
            "Nobody is chosen as the person using Warrant. Pick yourself under Settings → Acting as, then review again.",
        )
    })
}

/// Every e-mail the contract and its reviews name.
fn named_emails(contract: &Contract, reviews: &[Review]) -> BTreeSet<String> {
    let owners = contract.owners.named().into_iter().map(|(_, e)| e);
    let sources = contract.sources.iter().filter_map(|s| s.owner.as_deref());
    let reviewers = reviews.iter().map(|r| r.reviewer.as_str());
    owners
        .chain(sources)
        .chain(reviewers)
        .map(|e| e.trim().to_ascii_lowercase())
        .filter(|e| !e.is_empty())
        .collect()
}

/// Builds the review screen's view of `id` for `actor` ("" when nobody acts).
pub fn review_view(registry: &Registry, id: &str, actor: &str) -> Result<ReviewView> {
    let at = Utc::now();
    let stored = registry.contract(id)?;
    let readiness = registry.readiness(id, at)?;
    let lifecycle = registry.lifecycle(id, actor, at)?;
    let reviews = registry.reviews(id, None)?;
    let emails = named_emails(&stored.contract, &reviews);
    let people = registry
        .people()?
        .into_iter()
        .filter(|p| emails.contains(&p.email.trim().to_ascii_lowercase()))
        .collect();
    let latest_dry_run = registry.dry_runs(id)?.into_iter().next();
    Ok(ReviewView {
        stored,
        readiness,
        lifecycle,
        reviews,
        people,
        latest_dry_run,
    })
}

#[tauri::command]
pub async fn get_review<R: Runtime>(app: AppHandle<R>, id: String) -> Result<ReviewView> {
    on_registry(app, move |registry| {
        let actor = registry.setting(ACTING_AS)?.unwrap_or_default();
        review_view(registry, &id, &actor)
    })
    .await
}

#[tauri::command]
pub async fn record_review<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    decision: ReviewDecision,
    comment: String,
) -> Result<ReviewRecorded> {
    on_registry(app, move |registry| {
        let actor = acting_person(registry)?;
        registry.record_review(&id, decision, &comment, &actor)
    })
    .await
}

#[tauri::command]
pub async fn review_queue<R: Runtime>(app: AppHandle<R>) -> Result<Vec<ContractSummary>> {
    on_registry(app, |registry| match registry.setting(ACTING_AS)? {
        Some(actor) => registry.review_queue(&actor),
        None => Ok(Vec::new()),
    })
    .await
}
