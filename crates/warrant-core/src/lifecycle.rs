//! The lifecycle of contracts as pure rules: which transitions exist, who may
//! make each one, what each needs, which version it applies to, and the plain
//! reason when one is refused (the rules are written out in
//! `docs/lifecycle.md`).
//!
//! Nothing here touches the registry, so the app can ask [`allowed_actions`]
//! to show a button only when it would work (and say why when it would not),
//! and the registry enforces exactly the same rules through [`check`].
//!
//! **Two versions at once.** A contract that was signed off (approved, live
//! or paused) keeps that status on its *version in force* while someone edits
//! it: the edit becomes the *pending version*, a draft of its own that is
//! submitted, reviewed and approved like any draft, and launched to replace
//! the version in force. So an edit never orphans a running workflow: pause,
//! resume and retire always act on the version in force. [`Subject`] says
//! which of the two an action concerns.
//!
//! Where the status lives: on the registry's `contracts` row, not in the
//! content versions. A status change does NOT save a new content version,
//! because a review applies to one version: if approving created version N+1,
//! the approvals recorded on version N would stop counting the moment they
//! took effect.
//!
//! Approval is a review decision, not a command: when the business owner and
//! the data owner have both recorded `approve` on a version and its verdict is
//! `ready`, that version is approved in the same transaction as the second
//! approval. A person approves a version once.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{spelled_enum, Contract, Person, Status};
use crate::readiness::{Readiness, Verdict};

spelled_enum!(
    /// One lifecycle transition, as the UI and CLI name it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
    #[ts(export)]
    pub enum Action {
        /// draft → in_review.
        Submit => "submit",
        /// in_review → approved, by recording an approval (a review). Also a
        /// periodic review of the version in force by an owner who has not
        /// approved it yet.
        Approve => "approve",
        /// in_review → draft, by recording a review that asks for changes.
        RequestChanges => "request_changes",
        /// approved → live; for a pending version, approved pending → in force.
        Launch => "launch",
        /// live → paused.
        Pause => "pause",
        /// paused → live.
        Resume => "resume",
        /// any → retired.
        Retire => "retire",
        /// Drops the pending version (it stays in the history); the version in
        /// force carries on unchanged.
        Discard => "discard",
    }
);

impl Action {
    /// The action in plain words, for sentences: "request changes" rather
    /// than the wire spelling `request_changes`.
    pub fn words(self) -> &'static str {
        match self {
            Action::RequestChanges => "request changes",
            other => other.as_str(),
        }
    }

    /// The statuses the transition starts from (of the version it concerns).
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
            Action::Discard => &[Status::Draft, Status::InReview, Status::Approved],
        }
    }

    /// The status the transition ends in (of the version it concerns).
    pub fn target(self) -> Status {
        match self {
            Action::Submit => Status::InReview,
            Action::Approve => Status::Approved,
            Action::RequestChanges | Action::Discard => Status::Draft,
            Action::Launch | Action::Resume => Status::Live,
            Action::Pause => Status::Paused,
            Action::Retire => Status::Retired,
        }
    }

    /// The text the transition cannot go without.
    pub fn needs_note(self) -> Option<Note> {
        match self {
            Action::RequestChanges | Action::Resume => Some(Note::Comment),
            Action::Pause | Action::Retire | Action::Discard => Some(Note::Reason),
            Action::Submit | Action::Approve | Action::Launch => None,
        }
    }
}

/// The kind of text an action needs, and the key it is stored under in the
/// audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Note {
    Reason,
    Comment,
}

impl Note {
    /// The audit payload key (`reason`, `comment`).
    pub fn key(self) -> &'static str {
        match self {
            Note::Reason => "reason",
            Note::Comment => "comment",
        }
    }

    /// "a reason", "a comment".
    pub fn described(self) -> &'static str {
        match self {
            Note::Reason => "a reason",
            Note::Comment => "a comment",
        }
    }
}

/// The four owner roles a contract names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OwnerRole {
    Business,
    Data,
    Destination,
    Exception,
}

impl OwnerRole {
    pub const ALL: [OwnerRole; 4] = [
        OwnerRole::Business,
        OwnerRole::Data,
        OwnerRole::Destination,
        OwnerRole::Exception,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OwnerRole::Business => "business",
            OwnerRole::Data => "data",
            OwnerRole::Destination => "destination",
            OwnerRole::Exception => "exception",
        }
    }

    /// The contract field that names this owner.
    pub fn field(self) -> &'static str {
        match self {
            OwnerRole::Business => "owners.business",
            OwnerRole::Data => "owners.data",
            OwnerRole::Destination => "owners.destination",
            OwnerRole::Exception => "owners.exception",
        }
    }

    /// The address the contract names in this role, when set.
    pub fn of(self, contract: &Contract) -> Option<&str> {
        let owners = &contract.owners;
        match self {
            OwnerRole::Business => owners.business.as_deref(),
            OwnerRole::Data => owners.data.as_deref(),
            OwnerRole::Destination => owners.destination.as_deref(),
            OwnerRole::Exception => owners.exception.as_deref(),
        }
        .filter(|email| !email.trim().is_empty())
    }
}

spelled_enum!(
    /// What a reviewer decided about one version.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
    #[ts(export)]
    pub enum ReviewDecision {
        Approve => "approve",
        RequestChanges => "request_changes",
    }
);

impl ReviewDecision {
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
    /// The owner roles the reviewer held on that version; empty when they
    /// held none (a reviewer who is not an owner).
    pub roles: Vec<OwnerRole>,
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
    /// The text the action must be given.
    pub needs: Option<Note>,
    /// The version the action would concern.
    pub version: u32,
}

/// Which of a contract's versions an action concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Subject {
    /// The version the contract's status applies to (the only one, unless a
    /// pending version exists).
    InForce,
    /// The pending version: an edit of a signed-off contract.
    Pending,
}

/// One version as the rules see it.
#[derive(Debug, Clone, Copy)]
pub struct VersionFacts<'a> {
    pub number: u32,
    pub contract: &'a Contract,
    /// Reviews recorded on this version (others are ignored).
    pub reviews: &'a [Review],
    pub readiness: &'a Readiness,
}

/// The pending version and its own status (draft, in_review or approved).
#[derive(Debug, Clone, Copy)]
pub struct PendingFacts<'a> {
    pub status: Status,
    pub version: VersionFacts<'a>,
}

/// Everything the rules look at, besides the action.
#[derive(Debug, Clone, Copy)]
pub struct LifecycleFacts<'a> {
    /// The contract's status: that of the version in force.
    pub status: Status,
    pub in_force: VersionFacts<'a>,
    pub pending: Option<PendingFacts<'a>>,
    pub actor: &'a str,
    /// The people list, so a refusal names people ("Alex Morgan") rather
    /// than addresses; an address nobody entered is shown as is.
    pub people: &'a [Person],
}

impl<'a> LifecycleFacts<'a> {
    /// The version `action` concerns, and that version's status.
    pub fn subject(&self, action: Action) -> (Subject, Status, VersionFacts<'a>) {
        let concerns_pending = match action {
            Action::Submit | Action::RequestChanges | Action::Discard | Action::Launch => true,
            // Reviews go to a pending version once it is submitted; while it
            // is still a draft, an approval is a periodic review of the
            // version in force.
            Action::Approve => self
                .pending
                .is_some_and(|p| matches!(p.status, Status::InReview | Status::Approved)),
            Action::Pause | Action::Resume | Action::Retire => false,
        };
        match self.pending {
            Some(p) if concerns_pending => (Subject::Pending, p.status, p.version),
            _ => (Subject::InForce, self.status, self.in_force),
        }
    }
}

/// Whether a status means the contract was signed off (so an edit of it
/// becomes a pending version rather than changing what was approved).
pub fn is_signed_off(status: Status) -> bool {
    matches!(status, Status::Approved | Status::Live | Status::Paused)
}

/// What an edit does to the lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditEffect {
    /// The new version is the contract (a draft, or a retired contract's
    /// record); the status stays.
    Replaces,
    /// The new version is the contract, and its status goes back to draft
    /// (an in-review contract changed under its reviewers).
    BackToDraft,
    /// The new version becomes the pending version, a draft; the version in
    /// force keeps its status.
    Pending,
}

/// The edit rule: a signed-off contract is never moved by an edit.
pub fn edit_effect(status: Status) -> EditEffect {
    match status {
        s if is_signed_off(s) => EditEffect::Pending,
        Status::InReview => EditEffect::BackToDraft,
        _ => EditEffect::Replaces,
    }
}

fn same_person(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The name the people list gives `email` ("Alex Morgan"), or the address
/// itself when nobody entered that person (or left the name empty).
pub fn display_name(people: &[Person], email: &str) -> String {
    people
        .iter()
        .find(|p| same_person(&p.email, email))
        .map(|p| p.name.trim())
        .filter(|name| !name.is_empty())
        .map_or_else(|| email.trim().to_string(), str::to_string)
}

fn holds(contract: &Contract, role: OwnerRole, actor: &str) -> bool {
    role.of(contract)
        .is_some_and(|email| same_person(email, actor))
}

/// The owner roles `actor` holds on the contract, in the order owners are
/// listed.
pub fn roles_held(contract: &Contract, actor: &str) -> Vec<OwnerRole> {
    OwnerRole::ALL
        .into_iter()
        .filter(|role| holds(contract, *role, actor))
        .collect()
}

/// The owner roles `actor` holds on the contract, comma-separated, or
/// `reviewer` when none: the `role` stored with a review (in the registry,
/// its audit event and team records).
pub fn reviewer_role(contract: &Contract, actor: &str) -> String {
    stored_roles(&roles_held(contract, actor))
}

/// `roles` as a review's `role` text: `business,data`, or `reviewer`.
pub fn stored_roles(roles: &[OwnerRole]) -> String {
    if roles.is_empty() {
        return "reviewer".to_string();
    }
    roles
        .iter()
        .map(|role| role.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The roles a review's stored `role` text names (`reviewer` names none);
/// a word that is not a role is left out.
pub fn roles_from_stored(text: &str) -> Vec<OwnerRole> {
    text.split(',')
        .filter_map(|word| {
            OwnerRole::ALL
                .into_iter()
                .find(|role| role.as_str() == word.trim())
        })
        .collect()
}

/// True when `email` has recorded an approval of `version`.
pub fn has_approved(reviews: &[Review], version: u32, email: &str) -> bool {
    reviews.iter().any(|r| {
        r.version == version
            && r.decision == ReviewDecision::Approve
            && same_person(&r.reviewer, email)
    })
}

/// The reviews of `version` with repeated approvals by one person left out:
/// a registry written before approvals were limited to one per person may
/// hold duplicates, and they are neither counted nor printed twice.
pub fn distinct_reviews(reviews: &[Review]) -> Vec<Review> {
    let mut out: Vec<Review> = Vec::with_capacity(reviews.len());
    for r in reviews {
        let repeat = r.decision == ReviewDecision::Approve
            && out.iter().any(|kept| {
                kept.version == r.version
                    && kept.decision == ReviewDecision::Approve
                    && same_person(&kept.reviewer, &r.reviewer)
            });
        if !repeat {
            out.push(r.clone());
        }
    }
    out
}

/// Who approved `version`, in order, each once.
pub fn approvers(reviews: &[Review], version: u32) -> Vec<String> {
    distinct_reviews(reviews)
        .into_iter()
        .filter(|r| r.version == version && r.decision == ReviewDecision::Approve)
        .map(|r| r.reviewer)
        .collect()
}

/// Plain sentences naming each approval still missing on `version` before it
/// can be approved ("approval needs the data owner, Dana Okafor, to approve
/// version 4"), each owner by the name `people` gives them. Empty when both
/// owners have approved it.
pub fn missing_approvals(
    contract: &Contract,
    version: u32,
    reviews: &[Review],
    people: &[Person],
) -> Vec<String> {
    let mut missing = Vec::new();
    for role in [OwnerRole::Business, OwnerRole::Data] {
        let name = role.as_str();
        match role.of(contract) {
            None => missing.push(format!(
                "approval needs a {name} owner, and this contract names none: write one under {}",
                role.field()
            )),
            Some(email) if !has_approved(reviews, version, email) => missing.push(format!(
                "approval needs the {name} owner, {}, to approve version {version}",
                display_name(people, email)
            )),
            Some(_) => {}
        }
    }
    missing
}

/// Whether recording this approval signs the version off: for a version in
/// review, both owners have now approved it; for a periodic review of the
/// version in force, both have approved it since the last sign-off.
pub fn signs_off(
    status: Status,
    version: VersionFacts<'_>,
    signed_off_at: Option<DateTime<Utc>>,
) -> bool {
    match status {
        Status::InReview => {
            missing_approvals(version.contract, version.number, version.reviews, &[]).is_empty()
        }
        s if is_signed_off(s) => [OwnerRole::Business, OwnerRole::Data]
            .into_iter()
            .all(|role| {
                role.of(version.contract).is_some_and(|email| {
                    version.reviews.iter().any(|r| {
                        r.decision == ReviewDecision::Approve
                            && r.version == version.number
                            && same_person(&r.reviewer, email)
                            && signed_off_at.is_none_or(|s| r.at > s)
                    })
                })
            }),
        _ => false,
    }
}

/// When a signed-off contract is due for review again: the last sign-off
/// (or, for one that arrived signed off, its creation) plus the cadence.
pub fn next_review(
    status: Status,
    signed_off_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    review_every_days: u32,
) -> Option<NaiveDate> {
    if !is_signed_off(status) {
        return None;
    }
    let since = signed_off_at.unwrap_or(created_at);
    Some(since.date_naive() + Duration::days(i64::from(review_every_days)))
}

/// Plain words for a status.
pub fn status_words(status: Status) -> &'static str {
    match status {
        Status::Draft => "a draft",
        Status::InReview => "in review",
        Status::Approved => "approved",
        Status::Live => "live",
        Status::Paused => "paused",
        Status::Retired => "retired",
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

fn wrong_status(action: Action, subject: Subject, status: Status, number: u32) -> String {
    if status == Status::Retired {
        return format!(
            "{} is not possible: this contract is retired, and a retired contract stays retired",
            action.words()
        );
    }
    if action == Action::Discard {
        return "there is no pending version to discard: only an edit of an approved, live or paused contract makes one".to_string();
    }
    let from: Vec<&str> = action
        .from_statuses()
        .iter()
        .map(|s| status_words(*s))
        .collect();
    let which = match subject {
        Subject::Pending => format!("the pending version {number}"),
        Subject::InForce => "the contract".to_string(),
    };
    let hint = match (action, status) {
        (Action::Approve | Action::RequestChanges, Status::Draft) => " Submit it for review first.",
        (Action::Launch, Status::InReview) => {
            " It launches once the business owner and the data owner have approved it."
        }
        (Action::Launch, Status::Draft) => " Submit it, and have both owners approve it, first.",
        _ => "",
    };
    format!(
        "{} needs {which} to be {}; it is {}.{hint}",
        action.words(),
        from.join(" or "),
        status_words(status)
    )
}

fn one_of(contract: &Contract, roles: &[OwnerRole], people: &[Person]) -> String {
    roles
        .iter()
        .map(|role| match role.of(contract) {
            Some(email) => format!(
                "the {} owner ({})",
                role.as_str(),
                display_name(people, email)
            ),
            None => format!(
                "the {} owner (none named: write one under {})",
                role.as_str(),
                role.field()
            ),
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// `Ok` when `facts.actor` may take `action` now; otherwise the plain reason.
/// The note an action needs is checked separately by [`check_note`], so the
/// UI can offer the action before the text is typed.
pub fn check(action: Action, facts: &LifecycleFacts<'_>) -> Result<(), String> {
    let people = facts.people;
    let actor = facts.actor;
    // Refusals name the acting person as the people list does.
    let who = display_name(people, actor);
    let (subject, status, version) = facts.subject(action);
    if action == Action::Discard && facts.pending.is_none() {
        return Err(wrong_status(action, subject, status, version.number));
    }
    let periodic_review =
        action == Action::Approve && subject == Subject::InForce && is_signed_off(status);
    if !action.from_statuses().contains(&status) && !periodic_review {
        return Err(wrong_status(action, subject, status, version.number));
    }
    let contract = version.contract;
    let number = version.number;
    match action {
        Action::Submit => {
            if version.readiness.verdict == Verdict::NotReady {
                return Err(format!(
                    "submitting needs a readiness verdict of ready or over-authorized; version {number} is not ready.{}",
                    first_blocker(version.readiness)
                ));
            }
        }
        Action::Approve => {
            let business = holds(contract, OwnerRole::Business, actor);
            let data = holds(contract, OwnerRole::Data, actor);
            if !business && !data {
                return Err(format!(
                    "approval is recorded by {}; {who} is neither",
                    one_of(contract, &[OwnerRole::Business, OwnerRole::Data], people)
                ));
            }
            if has_approved(version.reviews, number, actor) {
                let rest = missing_approvals(contract, number, version.reviews, people);
                return Err(format!(
                    "{who} has already approved version {number}; {} (an approval counts once per person and version)",
                    rest.first()
                        .cloned()
                        .unwrap_or_else(|| "nothing else is missing".to_string())
                ));
            }
            let readiness = version.readiness;
            if readiness.verdict != Verdict::Ready {
                let supported = readiness.ceiling.map_or_else(
                    || "its data and owners do not support even suggest yet".to_string(),
                    |c| format!("its data and owners would support up to {c}"),
                );
                return Err(format!(
                    "approval needs version {number} to be ready for the authority it asks for ({}); it is {}: {supported}.{}",
                    readiness.requested,
                    readiness.verdict.words(),
                    first_blocker(readiness)
                ));
            }
        }
        Action::RequestChanges => {}
        Action::Launch => {
            let roles = [OwnerRole::Business, OwnerRole::Destination];
            if !roles.iter().any(|role| holds(contract, *role, actor)) {
                return Err(format!(
                    "launch is done by {}; {who} is neither",
                    one_of(contract, &roles, people)
                ));
            }
        }
        Action::Pause | Action::Discard => {
            let named = roles_named(contract);
            let verb = action.as_str();
            if named.is_empty() {
                return Err(format!("{verb} is done by a named owner, and this contract names none: write them under owners"));
            }
            if !named.iter().any(|(_, email)| same_person(email, actor)) {
                let list: Vec<String> = named
                    .iter()
                    .map(|(r, e)| format!("{} ({} owner)", display_name(people, e), r.as_str()))
                    .collect();
                return Err(format!(
                    "{verb} is done by a named owner ({}); {who} is not one of them",
                    list.join(", ")
                ));
            }
        }
        Action::Resume => {
            let roles = [OwnerRole::Exception, OwnerRole::Business];
            if !roles.iter().any(|role| holds(contract, *role, actor)) {
                return Err(format!(
                    "resume is done by {}; {who} is neither",
                    one_of(contract, &roles, people)
                ));
            }
        }
        Action::Retire => {
            if !holds(contract, OwnerRole::Business, actor) {
                return Err(format!(
                    "retire is done by {}; {who} is not",
                    one_of(contract, &[OwnerRole::Business], people)
                ));
            }
        }
    }
    Ok(())
}

fn roles_named(contract: &Contract) -> Vec<(OwnerRole, &str)> {
    OwnerRole::ALL
        .into_iter()
        .filter_map(|role| role.of(contract).map(|email| (role, email)))
        .collect()
}

/// Refuses an empty reason or comment for the actions that need one.
pub fn check_note(action: Action, note: &str) -> Result<(), String> {
    match action.needs_note() {
        Some(what) if note.trim().is_empty() => Err(format!(
            "{} needs {}: say in a sentence why, so the audit trail can answer it later",
            action.words(),
            what.described()
        )),
        _ => Ok(()),
    }
}

/// Every action, with whether the actor may take it now and, when not, why.
pub fn allowed_actions(facts: &LifecycleFacts<'_>) -> Vec<ActionAvailability> {
    Action::ALL
        .iter()
        .map(|&action| {
            let verdict = check(action, facts);
            ActionAvailability {
                action,
                allowed: verdict.is_ok(),
                reason: verdict.err(),
                needs: action.needs_note(),
                version: facts.subject(action).2.number,
            }
        })
        .collect()
}

/// Where a contract stands: its status, the version that status applies to,
/// and the pending version if there is one. Each lifecycle event records
/// the standing it leaves, so the registry's rows can be checked against the
/// trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Standing {
    /// The status of the version in force (or of the only version).
    pub status: Status,
    /// The version the contract is now: the pending version when there is
    /// one, else the version in force (or the only version).
    pub current: u32,
    /// The version the status applies to once the contract was signed off.
    pub in_force: Option<u32>,
    /// The pending version's own status (draft, in review or approved);
    /// `None` when there is no pending version.
    pub pending: Option<Status>,
}

impl Standing {
    /// A contract just created: version 1, a draft.
    pub fn new_draft() -> Standing {
        Standing {
            status: Status::Draft,
            current: 1,
            in_force: None,
            pending: None,
        }
    }

    /// The pending version's number, when there is one.
    pub fn pending_version(&self) -> Option<u32> {
        self.pending.map(|_| self.current)
    }

    /// The version the status applies to: the version in force, or the
    /// contract's only version.
    pub fn status_version(&self) -> u32 {
        match self.pending {
            Some(_) => self.in_force.unwrap_or(self.current),
            None => self.current,
        }
    }

    /// Both versions in a few words, for anywhere the contract is shown:
    /// "live: version 4 · pending: version 5 (in review)", or "live: version
    /// 4" without a pending version, or "draft: version 2" before sign-off.
    pub fn describe(&self) -> String {
        let shown = format!(
            "{}: version {}",
            self.status.as_str(),
            self.status_version()
        );
        match self.pending {
            Some(pending) => format!(
                "{shown} · pending: version {} ({})",
                self.current,
                status_words(pending)
            ),
            None => shown,
        }
    }

    /// The standing after an edit saved as `version` (see [`edit_effect`]).
    pub fn after_edit(self, version: u32) -> Standing {
        match edit_effect(self.status) {
            EditEffect::Pending => Standing {
                current: version,
                pending: Some(Status::Draft),
                ..self
            },
            EditEffect::BackToDraft => Standing {
                status: Status::Draft,
                current: version,
                in_force: None,
                pending: None,
            },
            EditEffect::Replaces => Standing {
                current: version,
                ..self
            },
        }
    }

    /// The standing after a change the registry makes on everyone's behalf
    /// (an owner's e-mail renamed) saved as `version`: the renamed content
    /// takes the place of the version it renames, status and all.
    pub fn after_rename(self, version: u32) -> Standing {
        let renames_in_force = self.pending.is_none() && self.in_force.is_some();
        Standing {
            current: version,
            in_force: if renames_in_force {
                Some(version)
            } else {
                self.in_force
            },
            ..self
        }
    }

    /// The standing after `action` on `subject` (already checked).
    pub fn after(self, action: Action, subject: Subject) -> Standing {
        match subject {
            Subject::Pending => match action {
                Action::Submit => Standing {
                    pending: Some(Status::InReview),
                    ..self
                },
                Action::RequestChanges => Standing {
                    pending: Some(Status::Draft),
                    ..self
                },
                Action::Approve => Standing {
                    pending: Some(Status::Approved),
                    ..self
                },
                Action::Launch => Standing {
                    status: match self.status {
                        Status::Paused => Status::Paused,
                        _ => Status::Live,
                    },
                    in_force: Some(self.current),
                    pending: None,
                    ..self
                },
                Action::Discard => Standing {
                    current: self.in_force.unwrap_or(self.current),
                    pending: None,
                    ..self
                },
                Action::Pause | Action::Resume | Action::Retire => self,
            },
            Subject::InForce => match action {
                Action::Approve if self.status == Status::InReview => Standing {
                    status: Status::Approved,
                    in_force: Some(self.current),
                    ..self
                },
                Action::Approve | Action::Discard => self,
                Action::Retire => Standing {
                    status: Status::Retired,
                    current: self.status_version(),
                    pending: None,
                    ..self
                },
                other => Standing {
                    status: other.target(),
                    ..self
                },
            },
        }
    }
}
