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
use tauri::{AppHandle, Runtime};
use ts_rs::TS;
use warrant_core::lifecycle::{Review, ReviewDecision};
use warrant_core::model::{Contract, Person};
use warrant_core::readiness::{self, NextStep, Readiness};
use warrant_core::registry::{
    ContractSummary, LifecycleState, Registry, ReviewRecorded, StoredContract, StoredDryRun,
    TeamRecordOutcome, TeamRecordRow, ACTING_AS,
};
use warrant_core::Result;

use crate::background::on_registry;

/// Everything the review screen shows for one contract, for the acting person.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReviewView {
    /// The current version.
    pub stored: StoredContract,
    pub readiness: Readiness,
    /// What to do next and whose work it is, in plain words.
    pub next_step: NextStep,
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
    /// In a team registry, the signed record behind each review (same order
    /// as `reviews`): who signed it, and whether it was read from the team
    /// repository and verified (`applied`) or signed on this desktop.
    /// `None` for a review with no record (desk registry, or before the team).
    pub signatures: Vec<Option<TeamRecordRow>>,
    /// Records about this contract that failed verification, with why:
    /// they count for nothing.
    pub refused_records: Vec<TeamRecordRow>,
}

/// The record behind `review` among `records`: a review record by its
/// reviewer at its time (a record's step is taken at the record's time).
fn signature_of(review: &Review, records: &[TeamRecordRow]) -> Option<TeamRecordRow> {
    records
        .iter()
        .find(|r| {
            r.kind == "review"
                && r.outcome != TeamRecordOutcome::Refused
                && r.signer.eq_ignore_ascii_case(review.reviewer.trim())
                && r.at == review.at
        })
        .cloned()
}

/// Every e-mail the contract and its reviews name, lowercased.
fn named_emails(contract: &Contract, reviews: &[Review]) -> BTreeSet<String> {
    let reviewers = reviews.iter().map(|r| r.reviewer.trim().to_string());
    contract
        .owner_emails()
        .into_iter()
        .chain(reviewers)
        .map(|e| e.to_ascii_lowercase())
        .filter(|e| !e.is_empty())
        .collect()
}

/// Builds the review screen's view of `id` for the acting person.
pub fn review_view(registry: &Registry, id: &str) -> Result<ReviewView> {
    let at = Utc::now();
    let stored = registry.contract(id)?;
    let readiness = registry.readiness(id, at)?;
    let lifecycle = registry.lifecycle_of_acting(id, at)?;
    let reviews = registry.reviews(id, None)?;
    let emails = named_emails(&stored.contract, &reviews);
    let people = registry
        .people()?
        .into_iter()
        .filter(|p| emails.contains(&p.email.trim().to_ascii_lowercase()))
        .collect();
    let latest_dry_run = registry.dry_runs(id)?.into_iter().next();
    let (refused_records, records): (Vec<_>, Vec<_>) = registry
        .team_records()?
        .into_iter()
        .filter(|r| r.subject == id)
        .partition(|r| r.outcome == TeamRecordOutcome::Refused);
    let signatures = reviews.iter().map(|r| signature_of(r, &records)).collect();
    Ok(ReviewView {
        signatures,
        refused_records,
        next_step: readiness::next_step(&stored.contract, &readiness),
        stored,
        readiness,
        lifecycle,
        reviews,
        people,
        latest_dry_run,
    })
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(id = %id))]
pub async fn get_review<R: Runtime>(app: AppHandle<R>, id: String) -> Result<ReviewView> {
    on_registry(app, move |registry| review_view(registry, &id)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(id = %id, decision = ?decision))]
pub async fn record_review<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    decision: ReviewDecision,
    comment: String,
) -> Result<ReviewRecorded> {
    on_registry(app, move |registry| {
        warrant_team::steps::review(registry, &id, decision, &comment)
    })
    .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn review_queue<R: Runtime>(app: AppHandle<R>) -> Result<Vec<ContractSummary>> {
    on_registry(app, |registry| match registry.setting(ACTING_AS)? {
        Some(actor) => registry.review_queue(&actor),
        None => Ok(Vec::new()),
    })
    .await
}
