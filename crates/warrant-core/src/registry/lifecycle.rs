//! The lifecycle on the registry: status transitions, reviews and sign-off,
//! the pending version, the review schedule and rollbacks.
//!
//! Each method reads the facts, asks [`crate::lifecycle::check`] and writes
//! inside one `BEGIN IMMEDIATE` transaction, appending its audit event in that
//! same transaction: a refused action leaves no trace, an accepted one always
//! does. Status lives on the contracts row (why: see [`crate::lifecycle`]).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;
use ts_rs::TS;

use super::audit::{self, parse_timestamp, timestamp, NewEvent};
use super::contracts::load_version;
use super::people::{all_people, find_person};
use super::reviews::{insert_review, reviews_of};
use super::Registry;
use crate::lifecycle::{
    self, distinct_reviews, missing_approvals, Action, ActionAvailability, LifecycleFacts,
    PendingFacts, Review, ReviewDecision, Standing, Subject, VersionFacts,
};
use crate::model::{Contract, Person, Status};
use crate::readiness::{self, CheckContext, Readiness};
use crate::{Error, ErrorCode, Result};

/// Why nothing is open before anyone is chosen as acting-as.
pub const NOBODY_ACTING: &str =
    "Nobody is acting yet: choose who you are with “Acting as” at the top of the window (or in Settings), then try again.";

/// How often a signed-off contract is reviewed again unless set otherwise.
pub const DEFAULT_REVIEW_EVERY_DAYS: u32 = 90;

/// The longest review cadence accepted (about ten years; the column's CHECK).
const MAX_REVIEW_EVERY_DAYS: u32 = 3660;

/// A status transition that happened.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StatusChange {
    pub id: String,
    pub action: Action,
    pub from: Status,
    pub to: Status,
    /// The version the transition concerned.
    pub version: u32,
    /// Whether that was the pending version or the version in force.
    pub subject: Subject,
    /// Where the contract stands afterwards.
    pub standing: Standing,
}

/// A review that was recorded, and what it did to the status.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReviewRecorded {
    pub review: Review,
    /// The status of the reviewed version after the review.
    pub status: Status,
    /// Set when the review moved the contract (to approved, or back to draft).
    pub status_change: Option<StatusChange>,
    /// What approval still waits for on this version (empty once approved).
    pub still_missing: Vec<String>,
    /// The next review date, when the contract is signed off.
    #[ts(type = "string | null")]
    pub next_review: Option<NaiveDate>,
}

/// Everything the lifecycle panel shows for one contract and one person.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LifecycleState {
    pub id: String,
    /// The status of the version in force (or of the only version).
    pub status: Status,
    /// The version `status` applies to.
    pub version: u32,
    pub review_every_days: u32,
    #[ts(type = "string | null")]
    pub signed_off_at: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub next_review: Option<NaiveDate>,
    pub overdue: bool,
    /// Reviews of `version`, oldest first, each approval once.
    pub reviews: Vec<Review>,
    /// What approval of `version` still waits for.
    pub missing_approvals: Vec<String>,
    /// The pending version, when an edit of a signed-off contract waits.
    pub pending: Option<PendingLifecycle>,
    /// Every action, with the version it would concern.
    pub actions: Vec<ActionAvailability>,
    /// Why, when and by whom the contract was paused; `None` unless paused.
    pub paused: Option<PauseNote>,
}

/// The pause a paused contract is in, from its audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PauseNote {
    pub reason: String,
    /// The e-mail of the person who paused it.
    pub by: String,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
}

/// The newest `pause` in the contract's trail.
fn last_pause(conn: &Connection, id: &str) -> Result<Option<PauseNote>> {
    for event in audit::raw_events(conn, Some(id))?.into_iter().rev() {
        if event.kind != "status_changed" {
            continue;
        }
        let payload: serde_json::Value = serde_json::from_str(&event.payload).unwrap_or_default();
        if payload["action"] == "pause" {
            return Ok(Some(PauseNote {
                reason: payload["reason"].as_str().unwrap_or_default().to_string(),
                by: event.actor,
                at: parse_timestamp(&event.at)?,
            }));
        }
    }
    Ok(None)
}

/// The pending version as the lifecycle panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PendingLifecycle {
    /// Draft, in review or approved.
    pub status: Status,
    #[serde(flatten)]
    #[ts(flatten)]
    pub version: VersionLifecycle,
}

/// One version's reviews and what its approval still waits for.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct VersionLifecycle {
    pub version: u32,
    /// Oldest first, each approval once.
    pub reviews: Vec<Review>,
    pub missing_approvals: Vec<String>,
}

/// The lifecycle columns of one contracts row.
pub(super) struct LifecycleRow {
    pub standing: Standing,
    review_every_days: u32,
    signed_off_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl LifecycleRow {
    fn next_review(&self) -> Option<NaiveDate> {
        lifecycle::next_review(
            self.standing.status,
            self.signed_off_at,
            self.created_at,
            self.review_every_days,
        )
    }

    fn overdue(&self, at: DateTime<Utc>) -> bool {
        self.next_review().is_some_and(|due| due < at.date_naive())
    }
}

const ROW_COLUMNS: &str = "status, current_version, in_force_version, pending_status, \
                           review_every_days, signed_off_at, created_at";

fn row_from(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<LifecycleRow> {
    let status: String = r.get(first)?;
    let pending: Option<String> = r.get(first + 3)?;
    let signed_off_at: Option<String> = r.get(first + 5)?;
    Ok(LifecycleRow {
        standing: Standing {
            status: Status::parse(&status).unwrap_or(Status::Draft),
            current: r.get(first + 1)?,
            in_force: r.get(first + 2)?,
            pending: pending.as_deref().and_then(Status::parse),
        },
        review_every_days: r.get(first + 4)?,
        signed_off_at: signed_off_at.as_deref().map(parse_timestamp).transpose()?,
        created_at: parse_timestamp(&r.get::<_, String>(first + 6)?)?,
    })
}

pub(super) fn load_row(conn: &Connection, id: &str) -> Result<LifecycleRow> {
    conn.query_row(
        &format!("SELECT {ROW_COLUMNS} FROM contracts WHERE id = ?1"),
        [id],
        |r| row_from(r, 0),
    )
    .optional()?
    .ok_or_else(|| {
        Error::not_found(format!(
            "No contract with the id “{id}” is in the registry."
        ))
    })
}

/// Writes `standing` to the contract's row.
pub(super) fn write_standing(conn: &Connection, id: &str, standing: &Standing) -> Result<()> {
    conn.execute(
        "UPDATE contracts SET status = ?2, current_version = ?3, in_force_version = ?4, pending_status = ?5
         WHERE id = ?1",
        params![
            id,
            standing.status.as_str(),
            standing.current,
            standing.in_force,
            standing.pending.map(Status::as_str)
        ],
    )?;
    Ok(())
}

/// The standing of every contract, with its next review date and overdue
/// flag, for the list.
pub(super) fn schedules(conn: &Connection, at: DateTime<Utc>) -> Result<HashMap<String, Schedule>> {
    let mut stmt = conn.prepare(&format!("SELECT id, {ROW_COLUMNS} FROM contracts"))?;
    let rows = stmt.query_map([], |r| {
        let row = row_from(r, 1)?;
        Ok((
            r.get::<_, String>(0)?,
            Schedule {
                standing: row.standing,
                next_review: row.next_review(),
                overdue: row.overdue(at),
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?)
}

/// One contract's standing and review schedule, as the list shows them.
#[derive(Debug, Clone, Copy)]
pub(super) struct Schedule {
    pub standing: Standing,
    pub next_review: Option<NaiveDate>,
    pub overdue: bool,
}

/// One version with what the rules need to know about it.
struct VersionState {
    number: u32,
    contract: Contract,
    reviews: Vec<Review>,
    readiness: Readiness,
}

impl VersionState {
    fn read(conn: &Connection, id: &str, number: u32, ctx: &CheckContext) -> Result<VersionState> {
        let stored = load_version(conn, id, number)?.ok_or_else(|| {
            Error::new(
                ErrorCode::Registry,
                format!("Contract {id} names version {number} but it is missing."),
            )
        })?;
        let readiness = readiness::check(&stored.contract, ctx);
        Ok(VersionState {
            number,
            reviews: reviews_of(conn, id, Some(number))?,
            contract: stored.contract,
            readiness,
        })
    }

    fn facts(&self) -> VersionFacts<'_> {
        VersionFacts {
            number: self.number,
            contract: &self.contract,
            reviews: &self.reviews,
            readiness: &self.readiness,
        }
    }
}

/// The facts the lifecycle rules need, read inside the caller's transaction.
pub(super) struct Facts {
    row: LifecycleRow,
    in_force: VersionState,
    pending: Option<VersionState>,
    /// The people list, so refusals and missing approvals name people.
    people: Vec<Person>,
}

impl Facts {
    pub(super) fn read(conn: &Connection, id: &str, at: DateTime<Utc>) -> Result<Facts> {
        let row = load_row(conn, id)?;
        let ctx = CheckContext {
            at,
            has_dry_run: super::dry_runs::has_dry_run(conn, id)?,
        };
        let in_force = VersionState::read(conn, id, row.standing.status_version(), &ctx)?;
        let pending = match row.standing.pending_version() {
            Some(number) => Some(VersionState::read(conn, id, number, &ctx)?),
            None => None,
        };
        Ok(Facts {
            row,
            in_force,
            pending,
            people: all_people(conn)?,
        })
    }

    fn as_input<'a>(&'a self, actor: &'a str) -> LifecycleFacts<'a> {
        LifecycleFacts {
            status: self.row.standing.status,
            in_force: self.in_force.facts(),
            pending: self.pending.as_ref().zip(self.row.standing.pending).map(
                |(version, status)| PendingFacts {
                    status,
                    version: version.facts(),
                },
            ),
            actor,
            people: &self.people,
        }
    }

    fn version_mut(&mut self, subject: Subject) -> &mut VersionState {
        match (subject, self.pending.as_mut()) {
            (Subject::Pending, Some(pending)) => pending,
            _ => &mut self.in_force,
        }
    }
}

/// Lifecycle changes are attributed to people, so the trail names someone
/// who can be asked about them.
pub(super) fn known_person(conn: &Connection, actor: &str) -> Result<String> {
    match find_person(conn, actor)? {
        Some(person) => Ok(person.email),
        None => Err(Error::invalid(
            "actor",
            format!(
                "{actor} is not in the people list. Add them first (People screen, or `warrant people add`), \
                 then act as them."
            ),
        )),
    }
}

fn refused(message: String) -> Error {
    Error::conflict(message)
}

/// Writes the standing a transition leaves and appends the `status_changed`
/// event that says so: action, from and to (of the version concerned), the
/// standing, plus `detail` (the note the action needs, or what the review
/// brought) under its key. Whether the move came from a status command or
/// from a review, the trail records it one way.
fn apply_status_change(
    conn: &Connection,
    change: &StatusChange,
    standing: &Standing,
    detail: Option<(&str, serde_json::Value)>,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    write_standing(conn, &change.id, standing)?;
    let mut payload = json!({
        "action": change.action, "from": change.from, "to": change.to,
        "subject": change.subject, "standing": standing,
    });
    if let Some((key, value)) = detail {
        payload[key] = value;
    }
    audit::append(
        conn,
        actor,
        at,
        NewEvent {
            kind: "status_changed",
            contract_id: Some(&change.id),
            version: Some(change.version),
            payload,
        },
    )?;
    Ok(())
}

/// A plain answer to "why can't I run `approve` directly".
fn approve_is_a_review(id: &str, facts: &Facts) -> String {
    let input = facts.as_input("");
    let (_, status, version) = input.subject(Action::Approve);
    if status != Status::InReview {
        return lifecycle::check(Action::Approve, &input)
            .err()
            .unwrap_or_default();
    }
    let mut missing = missing_approvals(
        version.contract,
        version.number,
        version.reviews,
        input.people,
    );
    if missing.is_empty() {
        missing.push(
            "both approvals are recorded, so the readiness verdict is what is missing".to_string(),
        );
    }
    format!(
        "approval is recorded as a review and happens by itself once the business owner and the data owner \
         have both approved version {}: {}. Record one with \
         `warrant review {id} --as EMAIL --decision approve`.",
        version.number,
        missing.join("; ")
    )
}

/// A status transition inside the caller's transaction (see
/// [`Registry::change_status`]).
pub(super) fn change_status_in(
    tx: &Connection,
    id: &str,
    action: Action,
    note: &str,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<StatusChange> {
    let actor = known_person(tx, actor)?;
    let facts = Facts::read(tx, id, at)?;
    match action {
        Action::Approve => return Err(refused(approve_is_a_review(id, &facts))),
        Action::RequestChanges => {
            return Err(refused(format!(
                "requesting changes is recorded as a review: \
                 `warrant review {id} --as EMAIL --decision request_changes --comment TEXT`"
            )))
        }
        _ => {}
    }
    let input = facts.as_input(&actor);
    lifecycle::check(action, &input).map_err(refused)?;
    if let Some(what) = action.needs_note() {
        lifecycle::check_note(action, note).map_err(|m| Error::invalid(what.key(), m))?;
    }
    let (subject, from, version) = input.subject(action);
    let standing = facts.row.standing.after(action, subject);
    let change = StatusChange {
        id: id.to_string(),
        action,
        from,
        to: action.target(),
        version: version.number,
        subject,
        standing,
    };
    let note = action
        .needs_note()
        .map(|what| (what.key(), json!(note.trim())));
    apply_status_change(tx, &change, &standing, note, &actor, at)?;
    if action == Action::Launch && subject == Subject::Pending {
        // The launched version's sign-off starts its review schedule.
        tx.execute(
            "UPDATE contracts SET signed_off_at = ?2 WHERE id = ?1",
            params![id, timestamp(at)],
        )?;
    }
    Ok(change)
}

/// A review inside the caller's transaction (see [`Registry::record_review`]).
pub(super) fn record_review_in(
    tx: &Connection,
    id: &str,
    decision: ReviewDecision,
    comment: &str,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<ReviewRecorded> {
    let actor = known_person(tx, actor)?;
    let mut facts = Facts::read(tx, id, at)?;
    let action = decision.action();
    let input = facts.as_input(&actor);
    lifecycle::check(action, &input).map_err(refused)?;
    lifecycle::check_note(action, comment).map_err(|m| Error::invalid("comment", m))?;
    let (subject, from, version) = input.subject(action);
    let number = version.number;
    let review = Review {
        contract_id: id.to_string(),
        version: number,
        roles: lifecycle::roles_held(version.contract, &actor),
        reviewer: actor.clone(),
        decision,
        comment: comment.trim().to_string(),
        at: parse_timestamp(&timestamp(at))?,
    };
    insert_review(tx, &review)?;
    facts.version_mut(subject).reviews.push(review.clone());
    let signed_off_at = facts.row.signed_off_at;
    let people = facts.people.clone();
    let version = facts.version_mut(subject);
    let still_missing = missing_approvals(&version.contract, number, &version.reviews, &people);
    let signs_off = decision == ReviewDecision::Approve
        && lifecycle::signs_off(from, version.facts(), signed_off_at);
    let approvals = lifecycle::approvers(&version.reviews, number);
    audit::append(
        tx,
        &actor,
        at,
        NewEvent {
            kind: "review",
            contract_id: Some(id),
            version: Some(number),
            payload: json!({
                "decision": decision, "role": lifecycle::stored_roles(&review.roles), "comment": review.comment,
                "signs_off": signs_off,
            }),
        },
    )?;
    if signs_off {
        tx.execute(
            "UPDATE contracts SET signed_off_at = ?2 WHERE id = ?1",
            params![id, timestamp(at)],
        )?;
        facts.row.signed_off_at = Some(review.at);
    }
    let moves = match decision {
        ReviewDecision::RequestChanges => true,
        ReviewDecision::Approve => signs_off && from == Status::InReview,
    };
    let status_change = if moves {
        let standing = facts.row.standing.after(action, subject);
        let change = StatusChange {
            id: id.to_string(),
            action,
            from,
            to: action.target(),
            version: number,
            subject,
            standing,
        };
        let detail = match decision {
            ReviewDecision::RequestChanges => ("comment", json!(review.comment)),
            ReviewDecision::Approve => ("approvals", json!(approvals)),
        };
        apply_status_change(tx, &change, &standing, Some(detail), &actor, at)?;
        facts.row.standing = standing;
        Some(change)
    } else {
        None
    };
    let status = match subject {
        Subject::Pending => facts
            .row
            .standing
            .pending
            .unwrap_or(facts.row.standing.status),
        Subject::InForce => facts.row.standing.status,
    };
    Ok(ReviewRecorded {
        review,
        status,
        status_change,
        still_missing: if status == Status::InReview {
            still_missing
        } else {
            Vec::new()
        },
        next_review: facts.row.next_review(),
    })
}

impl Registry {
    /// The contract's lifecycle status (that of the version in force).
    pub fn status(&self, id: &str) -> Result<Status> {
        Ok(load_row(&self.conn, id)?.standing.status)
    }

    /// Where the contract stands: status, version in force, pending version.
    pub fn standing(&self, id: &str) -> Result<Standing> {
        Ok(load_row(&self.conn, id)?.standing)
    }

    /// Everything the lifecycle panel needs for `actor` at time `at`.
    pub fn lifecycle(&self, id: &str, actor: &str, at: DateTime<Utc>) -> Result<LifecycleState> {
        let facts = Facts::read(&self.conn, id, at)?;
        let input = facts.as_input(actor);
        let version_state = |v: &VersionState| VersionLifecycle {
            version: v.number,
            reviews: distinct_reviews(&v.reviews),
            missing_approvals: missing_approvals(&v.contract, v.number, &v.reviews, &facts.people),
        };
        Ok(LifecycleState {
            id: id.to_string(),
            status: facts.row.standing.status,
            version: facts.in_force.number,
            review_every_days: facts.row.review_every_days,
            signed_off_at: facts.row.signed_off_at,
            next_review: facts.row.next_review(),
            overdue: facts.row.overdue(at),
            missing_approvals: missing_approvals(
                &facts.in_force.contract,
                facts.in_force.number,
                &facts.in_force.reviews,
                &facts.people,
            ),
            reviews: distinct_reviews(&facts.in_force.reviews),
            pending: facts
                .pending
                .as_ref()
                .zip(facts.row.standing.pending)
                .map(|(v, status)| PendingLifecycle {
                    status,
                    version: version_state(v),
                }),
            actions: lifecycle::allowed_actions(&input),
            paused: if facts.row.standing.status == Status::Paused {
                last_pause(&self.conn, id)?
            } else {
                None
            },
        })
    }

    /// [`Registry::lifecycle`] for the person the registry acts as. With
    /// nobody chosen, nothing is open: some rules let anyone act ("submit"),
    /// but every change is stamped with a person.
    pub fn lifecycle_of_acting(&self, id: &str, at: DateTime<Utc>) -> Result<LifecycleState> {
        let actor = self.setting(super::ACTING_AS)?.unwrap_or_default();
        let mut state = self.lifecycle(id, &actor, at)?;
        if actor.is_empty() {
            for action in &mut state.actions {
                action.allowed = false;
                action.reason = Some(NOBODY_ACTING.to_string());
            }
        }
        Ok(state)
    }

    /// Which actions `actor` may take on the contract now, and why not.
    pub fn allowed_actions(
        &self,
        id: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Vec<ActionAvailability>> {
        Ok(self.lifecycle(id, actor, at)?.actions)
    }

    /// Makes a status transition (submit, launch, pause, resume, retire,
    /// discard). `note` is the reason or comment the action needs (ignored
    /// otherwise). Approving and requesting changes are reviews: see
    /// [`Registry::record_review`].
    pub fn change_status(
        &mut self,
        id: &str,
        action: Action,
        note: &str,
        actor: &str,
    ) -> Result<StatusChange> {
        let at = Utc::now();
        self.with_tx(|tx| {
            super::team::refuse_unsigned(tx)?;
            change_status_in(tx, id, action, note, actor, at)
        })
    }

    /// Records a review by `actor` of the version under review: the pending
    /// version once it is submitted, else the contract's version. The second
    /// of the two owner approvals moves a version in review to approved;
    /// asking for changes moves it back to draft. An approval of the version
    /// in force of an approved, live or paused contract (by an owner who has
    /// not approved that version yet) is a periodic review: once both owners
    /// have approved it since the last sign-off, the next review date moves
    /// on. A person approves a version once.
    pub fn record_review(
        &mut self,
        id: &str,
        decision: ReviewDecision,
        comment: &str,
        actor: &str,
    ) -> Result<ReviewRecorded> {
        let at = Utc::now();
        self.with_tx(|tx| {
            super::team::refuse_unsigned(tx)?;
            record_review_in(tx, id, decision, comment, actor, at)
        })
    }

    /// Sets how many days after sign-off the contract is due for review.
    pub fn set_review_cadence(&mut self, id: &str, days: u32, actor: &str) -> Result<()> {
        if !(1..=MAX_REVIEW_EVERY_DAYS).contains(&days) {
            return Err(Error::invalid(
                "review_every_days",
                format!("Write the review cadence as a number of days from 1 to {MAX_REVIEW_EVERY_DAYS}; {days} is outside that."),
            ));
        }
        let at = Utc::now();
        self.with_tx(|tx| {
            let actor = known_person(tx, actor)?;
            let row = load_row(tx, id)?;
            if row.review_every_days == days {
                return Ok(());
            }
            tx.execute(
                "UPDATE contracts SET review_every_days = ?2 WHERE id = ?1",
                params![id, days],
            )?;
            audit::append(
                tx,
                &actor,
                at,
                NewEvent {
                    kind: "review_cadence_changed",
                    contract_id: Some(id),
                    version: Some(row.standing.status_version()),
                    payload: json!({"from_days": row.review_every_days, "to_days": days}),
                },
            )?;
            Ok(())
        })
    }

    /// Records that the workflow's effects were reverted in the destination
    /// (what, who, when) as a `rollback` event. Returns the event's number.
    pub fn record_rollback(
        &mut self,
        id: &str,
        what_was_reverted: &str,
        actor: &str,
    ) -> Result<i64> {
        if what_was_reverted.trim().is_empty() {
            return Err(Error::invalid(
                "what",
                "Say what was reverted (which records, fields or messages, and how), so the trail can answer it later.",
            ));
        }
        let at = Utc::now();
        self.with_tx(|tx| {
            super::team::refuse_unsigned(tx)?;
            record_rollback_in(tx, id, what_was_reverted, actor, at)
        })
    }
}

/// [`Registry::record_rollback`] inside the caller's transaction, at `at`.
pub(super) fn record_rollback_in(
    tx: &Connection,
    id: &str,
    what_was_reverted: &str,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<i64> {
    if what_was_reverted.trim().is_empty() {
        return Err(Error::invalid(
            "what",
            "Say what was reverted (which records, fields or messages, and how), so the trail can answer it later.",
        ));
    }
    let actor = known_person(tx, actor)?;
    let row = load_row(tx, id)?;
    audit::append(
        tx,
        &actor,
        at,
        NewEvent {
            kind: "rollback",
            contract_id: Some(id),
            version: Some(row.standing.status_version()),
            payload: json!({"what": what_was_reverted.trim(), "status": row.standing.status}),
        },
    )
}

/// The version `action` by `actor` would concern now, with its content: the
/// content a signed record of that step is about.
pub(super) fn version_for_action(
    conn: &Connection,
    id: &str,
    action: Action,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<(u32, Contract)> {
    let facts = Facts::read(conn, id, at)?;
    let input = facts.as_input(actor);
    let (_, _, version) = input.subject(action);
    Ok((version.number, version.contract.clone()))
}

/// The version the contract's status applies to, with its content.
pub(super) fn version_in_force(conn: &Connection, id: &str) -> Result<(u32, Contract)> {
    let number = load_row(conn, id)?.standing.status_version();
    let stored = load_version(conn, id, number)?.ok_or_else(|| {
        Error::new(
            ErrorCode::Registry,
            format!("Contract {id} names version {number} but it is missing."),
        )
    })?;
    Ok((number, stored.contract))
}
