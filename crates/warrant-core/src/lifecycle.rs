//! The lifecycle of SPEC §5 as pure rules: which transitions exist, who may
//! make each one, what each needs, and the plain reason when one is refused.
//!
//! Nothing here touches the registry, so the app can ask [`allowed_actions`]
//! to show a button only when it would work (and say why when it would not),
//! and the registry enforces exactly the same rules through [`check`].
//!
//! Where the status lives: on the registry's `contracts` row, not in the
//! content versions. A status change does NOT save a new content version,
//! because a review applies to one version: if approving created version N+1,
//! the approvals recorded on version N would stop counting the moment they
//! took effect. Content versions therefore hold the contract without its
//! status; the status is put back into the contract when it is read as
//! current (shown, listed, exported). An edit of the content is what sends an
//! approved, live or paused contract back to draft.
//!
//! Approval is a review decision, not a command: when the business owner and
//! the data owner have both recorded `approve` on the current version and the
//! verdict is `ready`, the contract moves to `approved` in the same
//! transaction as the second approval. Asking for the `approve` transition
//! directly is answered with what is still missing.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{Contract, Status};
use crate::readiness::{Readiness, Verdict};

/// One lifecycle transition (SPEC §5 table), as the UI and CLI name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Action {
    /// draft → in_review.
    Submit,
    /// in_review → approved, by recording an approval (a review). Also a
    /// periodic re-review of an approved, live or paused contract.
    Approve,
    /// in_review → draft, by recording a review that asks for changes.
    RequestChanges,
    /// approved → live.
    Launch,
    /// live → paused.
    Pause,
    /// paused → live.
    Resume,
    /// any → retired.
    Retire,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::Submit,
        Action::Approve,
        Action::RequestChanges,
        Action::Launch,
        Action::Pause,
        Action::Resume,
        Action::Retire,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Approve => "approve",
            Action::RequestChanges => "request_changes",
            Action::Launch => "launch",
            Action::Pause => "pause",
            Action::Resume => "resume",
            Action::Retire => "retire",
        }
    }

    pub fn parse(text: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.as_str() == text)
    }

    /// The statuses the transition starts from.
    pub fn from_statuses(self) -> &'static [Status] {
        match self {
            Action::Submit => &[Status::Draft],
            Action::Approve | Action::RequestChanges => &[Status::InReview],
            Action::Launch => &[Status::Approved],
            Action::Pause => &[Status::Live],
            Action::Resume => &[Status::Paused],
            Action::Retire => &[
                Status::Draft,
                Status::InReview,
                Status::Approved,
                Status::Live,
                Status::Paused,
            ],
        }
    }

    /// The status the transition ends in.
    pub fn target(self) -> Status {
        match self {
            Action::Submit => Status::InReview,
            Action::Approve => Status::Approved,
            Action::RequestChanges => Status::Draft,
            Action::Launch | Action::Resume => Status::Live,
            Action::Pause => Status::Paused,
            Action::Retire => Status::Retired,
        }
    }

    /// The text the transition cannot go without ("a reason", "a comment").
    pub fn needs_note(self) -> Option<&'static str> {
        match self {
            Action::RequestChanges | Action::Resume => Some("a comment"),
            Action::Pause | Action::Retire => Some("a reason"),
            Action::Submit | Action::Approve | Action::Launch => None,
        }
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a reviewer decided about one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReviewDecision {
    Approve,
    RequestChanges,
}

impl ReviewDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewDecision::Approve => "approve",
            ReviewDecision::RequestChanges => "request_changes",
        }
    }

    pub fn parse(text: &str) -> Option<ReviewDecision> {
        match text {
            "approve" => Some(ReviewDecision::Approve),
            "request_changes" => Some(ReviewDecision::RequestChanges),
            _ => None,
        }
    }

    /// The lifecycle action a review with this decision performs.
    pub fn action(self) -> Action {
        match self {
            ReviewDecision::Approve => Action::Approve,
            ReviewDecision::RequestChanges => Action::RequestChanges,
        }
    }
}

/// One recorded review of one version.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Review {
    pub contract_id: String,
    /// The version reviewed; a review never carries over to another version.
    pub version: u32,
    pub reviewer: String,
    /// The owner roles the reviewer held on that version, e.g. `business`,
    /// `business,data`, or `reviewer` when they hold none.
    pub role: String,
    pub decision: ReviewDecision,
    pub comment: String,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
}

/// Whether one action is open to one person right now, and why not.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ActionAvailability {
    pub action: Action,
    pub allowed: bool,
    /// Why it is not allowed, in plain words; `None` exactly when allowed.
    pub reason: Option<String>,
    /// The text the action must be given ("a reason", "a comment").
    pub needs: Option<String>,
}

/// Everything the rules look at, besides the action.
#[derive(Debug, Clone, Copy)]
pub struct LifecycleFacts<'a> {
    pub contract: &'a Contract,
    pub status: Status,
    /// The current content version.
    pub version: u32,
    pub actor: &'a str,
    /// Reviews recorded on `version` (others are ignored).
    pub reviews: &'a [Review],
    /// Readiness of `version`.
    pub readiness: &'a Readiness,
}

fn same_person(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn owner<'c>(contract: &'c Contract, role: &str) -> Option<&'c str> {
    contract
        .owners
        .named()
        .into_iter()
        .find(|(r, _)| *r == role)
        .map(|(_, email)| email)
}

fn holds(contract: &Contract, role: &str, actor: &str) -> bool {
    owner(contract, role).is_some_and(|email| same_person(email, actor))
}

/// The owner roles `actor` holds on the contract, comma-separated in SPEC
/// order, or `reviewer` when none: the `role` stored with a review.
pub fn reviewer_role(contract: &Contract, actor: &str) -> String {
    let roles: Vec<&str> = contract
        .owners
        .named()
        .into_iter()
        .filter(|(_, email)| same_person(email, actor))
        .map(|(role, _)| role)
        .collect();
    if roles.is_empty() {
        "reviewer".to_string()
    } else {
        roles.join(",")
    }
}

fn has_approved(reviews: &[Review], version: u32, email: &str) -> bool {
    reviews.iter().any(|r| {
        r.version == version
            && r.decision == ReviewDecision::Approve
            && same_person(&r.reviewer, email)
    })
}

/// Plain sentences naming each approval still missing on `version` for the
/// approve transition ("approval needs the data owner, dana@…, to approve
/// version 4"). Empty when both owners have approved it.
pub fn missing_approvals(contract: &Contract, version: u32, reviews: &[Review]) -> Vec<String> {
    let mut missing = Vec::new();
    for (role, field) in [("business", "owners.business"), ("data", "owners.data")] {
        match owner(contract, role) {
            None => missing.push(format!(
                "approval needs a {role} owner, and this contract names none: write one under {field}"
            )),
            Some(email) if !has_approved(reviews, version, email) => missing.push(format!(
                "approval needs the {role} owner, {email}, to approve version {version}"
            )),
            Some(_) => {}
        }
    }
    missing
}

fn verdict_name(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Ready => "ready",
        Verdict::OverAuthorized => "over_authorized",
        Verdict::NotReady => "not_ready",
    }
}

/// The first blocking finding, as "rule R1 (grain.matching): …", to say what
/// to fix.
fn first_blocker(readiness: &Readiness) -> String {
    readiness
        .findings
        .iter()
        .find(|f| f.blocking)
        .map(|f| format!(" First fix {} ({}): {}", f.rule, f.field, f.message))
        .unwrap_or_default()
}

fn wrong_status(action: Action, status: Status) -> String {
    if status == Status::Retired {
        return format!("{action} is not possible: this contract is retired, and a retired contract stays retired");
    }
    let from: Vec<&str> = action.from_statuses().iter().map(|s| s.as_str()).collect();
    let hint = match (action, status) {
        (Action::Approve | Action::RequestChanges, Status::Draft) => " Submit it for review first.",
        (Action::Launch, Status::InReview) => {
            " It launches once the business owner and the data owner have approved it."
        }
        _ => "",
    };
    format!(
        "{action} needs the contract to be {}; it is {}.{hint}",
        from.join(" or "),
        status.as_str()
    )
}

fn one_of(contract: &Contract, roles: &[&str]) -> String {
    roles
        .iter()
        .map(|role| match owner(contract, role) {
            Some(email) => format!("the {role} owner ({email})"),
            None => format!("the {role} owner (none named: write one under owners.{role})"),
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// `Ok` when `facts.actor` may take `action` now; otherwise the plain reason.
/// The note an action needs is checked separately by [`check_note`], so the
/// UI can offer the action before the text is typed.
pub fn check(action: Action, facts: &LifecycleFacts<'_>) -> Result<(), String> {
    let LifecycleFacts {
        contract,
        status,
        version,
        actor,
        reviews,
        readiness,
    } = *facts;
    let periodic_review = action == Action::Approve
        && matches!(status, Status::Approved | Status::Live | Status::Paused);
    if !action.from_statuses().contains(&status) && !periodic_review {
        return Err(wrong_status(action, status));
    }
    match action {
        Action::Submit => {
            if readiness.verdict == Verdict::NotReady {
                return Err(format!(
                    "submitting needs a readiness verdict of ready or over_authorized; version {version} is not_ready.{}",
                    first_blocker(readiness)
                ));
            }
        }
        Action::Approve => {
            let business = holds(contract, "business", actor);
            let data = holds(contract, "data", actor);
            if !business && !data {
                return Err(format!(
                    "approval is recorded by {}; {actor} is neither",
                    one_of(contract, &["business", "data"])
                ));
            }
            if has_approved(reviews, version, actor) && !periodic_review {
                let rest = missing_approvals(contract, version, reviews);
                return Err(format!(
                    "{actor} has already approved version {version}; {}",
                    rest.first()
                        .cloned()
                        .unwrap_or_else(|| "nothing else is missing".to_string())
                ));
            }
            if readiness.verdict != Verdict::Ready {
                let ceiling = readiness
                    .ceiling
                    .map_or("none (even suggest fails)", |c| c.as_str());
                return Err(format!(
                    "approval needs the verdict ready at the requested level {}; version {version} is {} (ceiling: {ceiling}).{}",
                    readiness.requested,
                    verdict_name(readiness.verdict),
                    first_blocker(readiness)
                ));
            }
        }
        Action::RequestChanges => {}
        Action::Launch => {
            if !holds(contract, "business", actor) && !holds(contract, "destination", actor) {
                return Err(format!(
                    "launch is done by {}; {actor} is neither",
                    one_of(contract, &["business", "destination"])
                ));
            }
        }
        Action::Pause => {
            let named = contract.owners.named();
            if named.is_empty() {
                return Err("pause is done by a named owner, and this contract names none: write them under owners".to_string());
            }
            if !named.iter().any(|(_, email)| same_person(email, actor)) {
                let list: Vec<String> = named.iter().map(|(r, e)| format!("{e} ({r})")).collect();
                return Err(format!(
                    "pause is done by a named owner ({}); {actor} is not one of them",
                    list.join(", ")
                ));
            }
        }
        Action::Resume => {
            if !holds(contract, "exception", actor) && !holds(contract, "business", actor) {
                return Err(format!(
                    "resume is done by {}; {actor} is neither",
                    one_of(contract, &["exception", "business"])
                ));
            }
        }
        Action::Retire => {
            if !holds(contract, "business", actor) {
                return Err(format!(
                    "retire is done by {}; {actor} is not",
                    one_of(contract, &["business"])
                ));
            }
        }
    }
    Ok(())
}

/// Refuses an empty reason or comment for the actions that need one.
pub fn check_note(action: Action, note: &str) -> Result<(), String> {
    match action.needs_note() {
        Some(what) if note.trim().is_empty() => Err(format!(
            "{action} needs {what}: say in a sentence why, so the audit trail can answer it later"
        )),
        _ => Ok(()),
    }
}

/// Every action, with whether `actor` may take it now and, when not, why.
/// The reviews passed in should be those of `version`; others are ignored.
pub fn allowed_actions(
    contract: &Contract,
    status: Status,
    version: u32,
    actor: &str,
    reviews: &[Review],
    readiness: &Readiness,
) -> Vec<ActionAvailability> {
    let facts = LifecycleFacts {
        contract,
        status,
        version,
        actor,
        reviews,
        readiness,
    };
    Action::ALL
        .iter()
        .map(|&action| {
            let verdict = check(action, &facts);
            ActionAvailability {
                action,
                allowed: verdict.is_ok(),
                reason: verdict.err(),
                needs: action.needs_note().map(str::to_string),
            }
        })
        .collect()
}
