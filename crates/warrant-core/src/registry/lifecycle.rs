//! The lifecycle on the registry: status transitions, reviews and sign-off,
//! the review schedule, rollbacks, exports and checking the audit trail
//! against a head written down earlier.
//!
//! Each method reads the facts, asks [`crate::lifecycle::check`] and writes
//! inside one `BEGIN IMMEDIATE` transaction, appending its audit event in that
//! same transaction: a refused action leaves no trace, an accepted one always
//! does. Status lives on the contracts row (why: see [`crate::lifecycle`]).

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;
use ts_rs::TS;

use super::audit::{self, parse_timestamp, timestamp, NewEvent, GENESIS_HASH};
use super::contracts::load_version;
use super::people::find_person;
use super::reviews::{insert_review, reviews_of};
use super::{AuditVerification, BadEvent, Registry};
use crate::lifecycle::{
    self, missing_approvals, reviewer_role, Action, ActionAvailability, LifecycleFacts, Review,
    ReviewDecision,
};
use crate::model::{Contract, Status};
use crate::readiness::{self, CheckContext, Readiness};
use crate::{Error, ErrorCode, Result};

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
    /// The content version current when it happened.
    pub version: u32,
}

/// A review that was recorded, and what it did to the status.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReviewRecorded {
    pub review: Review,
    /// The status after the review.
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
    pub status: Status,
    pub version: u32,
    pub review_every_days: u32,
    #[ts(type = "string | null")]
    pub signed_off_at: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub next_review: Option<NaiveDate>,
    pub overdue: bool,
    /// Reviews of the current version, oldest first.
    pub reviews: Vec<Review>,
    /// What approval of the current version still waits for.
    pub missing_approvals: Vec<String>,
    pub actions: Vec<ActionAvailability>,
}

/// The audit trail's head: the newest event's hash and how many events lead
/// to it. Printed as `HASH:COUNT`; keep it somewhere else and
/// [`Registry::verify_audit_against`] later proves no event up to it was lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AuditHead {
    pub hash: String,
    #[ts(type = "number")]
    pub events: u64,
}

impl std::fmt::Display for AuditHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.hash, self.events)
    }
}

impl std::str::FromStr for AuditHead {
    type Err = Error;

    /// Reads `HASH:COUNT` as printed by `warrant export`.
    fn from_str(text: &str) -> Result<AuditHead> {
        let refuse = || {
            Error::invalid(
                "head",
                format!(
                    "“{text}” is not an audit head. Write it as printed by `warrant export`: \
                     64 hex characters, a colon, the event count (e.g. 3fa9…e1:42)."
                ),
            )
        };
        let (hash, count) = text.trim().rsplit_once(':').ok_or_else(refuse)?;
        let hash = hash.to_ascii_lowercase();
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(refuse());
        }
        let events = count.parse::<u64>().map_err(|_| refuse())?;
        Ok(AuditHead { hash, events })
    }
}

/// The lifecycle columns of one contracts row.
struct LifecycleRow {
    status: Status,
    version: u32,
    review_every_days: u32,
    signed_off_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl LifecycleRow {
    /// Signed-off contracts are due again `review_every_days` after sign-off
    /// (or after they arrived, when they came in already approved or live).
    fn next_review(&self) -> Option<NaiveDate> {
        if !matches!(
            self.status,
            Status::Approved | Status::Live | Status::Paused
        ) {
            return None;
        }
        let since = self.signed_off_at.unwrap_or(self.created_at);
        Some(since.date_naive() + Duration::days(i64::from(self.review_every_days)))
    }

    fn overdue(&self, at: DateTime<Utc>) -> bool {
        self.next_review().is_some_and(|due| due < at.date_naive())
    }
}

fn load_row(conn: &Connection, id: &str) -> Result<LifecycleRow> {
    let row: Option<(String, u32, u32, Option<String>, String)> = conn
        .query_row(
            "SELECT status, current_version, review_every_days, signed_off_at, created_at
             FROM contracts WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let (status, version, review_every_days, signed_off_at, created_at) = row.ok_or_else(|| {
        Error::not_found(format!(
            "No contract with the id “{id}” is in the registry."
        ))
    })?;
    Ok(LifecycleRow {
        status: Status::parse(&status).unwrap_or(Status::Draft),
        version,
        review_every_days,
        signed_off_at: signed_off_at.as_deref().map(parse_timestamp).transpose()?,
        created_at: parse_timestamp(&created_at)?,
    })
}

/// Next review date and overdue flag of every contract, for the list.
pub(super) fn schedules(
    conn: &Connection,
    at: DateTime<Utc>,
) -> Result<HashMap<String, (Option<NaiveDate>, bool)>> {
    let mut stmt = conn.prepare(
        "SELECT id, status, current_version, review_every_days, signed_off_at, created_at FROM contracts",
    )?;
    let rows = stmt.query_map([], |r| {
        let signed_off: Option<String> = r.get(4)?;
        let row = LifecycleRow {
            status: Status::parse(&r.get::<_, String>(1)?).unwrap_or(Status::Draft),
            version: r.get(2)?,
            review_every_days: r.get(3)?,
            signed_off_at: signed_off.as_deref().map(parse_timestamp).transpose()?,
            created_at: parse_timestamp(&r.get::<_, String>(5)?)?,
        };
        Ok((r.get::<_, String>(0)?, (row.next_review(), row.overdue(at))))
    })?;
    Ok(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?)
}

/// The facts the lifecycle rules need, read inside the caller's transaction.
struct Facts {
    row: LifecycleRow,
    contract: Contract,
    reviews: Vec<Review>,
    readiness: Readiness,
}

impl Facts {
    fn read(conn: &Connection, id: &str, at: DateTime<Utc>) -> Result<Facts> {
        let row = load_row(conn, id)?;
        let stored = load_version(conn, id, row.version)?.ok_or_else(|| {
            Error::new(
                ErrorCode::Registry,
                format!(
                    "Contract {id} names version {} as current but it is missing.",
                    row.version
                ),
            )
        })?;
        let has_dry_run: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM dry_runs WHERE contract_id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        let readiness = readiness::check(&stored.contract, &CheckContext { at, has_dry_run });
        let reviews = reviews_of(conn, id, Some(row.version))?;
        Ok(Facts {
            row,
            contract: stored.contract,
            reviews,
            readiness,
        })
    }

    fn as_input<'a>(&'a self, actor: &'a str) -> LifecycleFacts<'a> {
        LifecycleFacts {
            contract: &self.contract,
            status: self.row.status,
            version: self.row.version,
            actor,
            reviews: &self.reviews,
            readiness: &self.readiness,
        }
    }
}

/// Lifecycle changes are attributed to people, so the trail names someone
/// who can be asked about them.
fn known_person(conn: &Connection, actor: &str) -> Result<String> {
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

/// Moves the contract to `change.to` and appends the `status_changed` event
/// that says so: action, from and to, plus `detail` (the note the action
/// needs, or what the review brought) under its key. Whether the move came
/// from a status command or from a review, the trail records it one way.
fn apply_status_change(
    conn: &Connection,
    change: &StatusChange,
    detail: Option<(&str, serde_json::Value)>,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "UPDATE contracts SET status = ?2 WHERE id = ?1",
        params![change.id, change.to.as_str()],
    )?;
    let mut payload = json!({"action": change.action, "from": change.from, "to": change.to});
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

/// The payload key the note of an action is stored under.
fn note_key(action: Action) -> &'static str {
    match action.needs_note() {
        Some("a reason") => "reason",
        _ => "comment",
    }
}

/// A plain answer to "why can't I run `approve` directly".
fn approve_is_a_review(id: &str, facts: &Facts) -> String {
    let mut missing = missing_approvals(&facts.contract, facts.row.version, &facts.reviews);
    if facts.row.status != Status::InReview {
        return lifecycle::check(Action::Approve, &facts.as_input(""))
            .err()
            .unwrap_or_default();
    }
    if missing.is_empty() {
        missing.push(
            "both approvals are recorded, so the readiness verdict is what is missing".to_string(),
        );
    }
    format!(
        "approval is recorded as a review and happens by itself once the business owner and the data owner \
         have both approved the current version: {}. Record one with \
         `warrant review {id} --as EMAIL --decision approve`.",
        missing.join("; ")
    )
}

impl Registry {
    /// The contract's lifecycle status.
    pub fn status(&self, id: &str) -> Result<Status> {
        Ok(load_row(&self.conn, id)?.status)
    }

    /// Everything the lifecycle panel needs for `actor` at time `at`.
    pub fn lifecycle(&self, id: &str, actor: &str, at: DateTime<Utc>) -> Result<LifecycleState> {
        let facts = Facts::read(&self.conn, id, at)?;
        let input = facts.as_input(actor);
        Ok(LifecycleState {
            id: id.to_string(),
            status: facts.row.status,
            version: facts.row.version,
            review_every_days: facts.row.review_every_days,
            signed_off_at: facts.row.signed_off_at,
            next_review: facts.row.next_review(),
            overdue: facts.row.overdue(at),
            missing_approvals: missing_approvals(
                &facts.contract,
                facts.row.version,
                &facts.reviews,
            ),
            actions: lifecycle::allowed_actions(
                input.contract,
                input.status,
                input.version,
                actor,
                input.reviews,
                input.readiness,
            ),
            reviews: facts.reviews.clone(),
        })
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

    /// Makes a status transition (submit, launch, pause, resume, retire).
    /// `note` is the reason or comment the action needs (ignored otherwise).
    /// Approving and requesting changes are reviews: see [`Registry::record_review`].
    pub fn change_status(
        &mut self,
        id: &str,
        action: Action,
        note: &str,
        actor: &str,
    ) -> Result<StatusChange> {
        let at = Utc::now();
        self.with_tx(|tx| {
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
            lifecycle::check(action, &facts.as_input(&actor)).map_err(refused)?;
            lifecycle::check_note(action, note).map_err(|m| Error::invalid(note_key(action), m))?;
            let change = StatusChange {
                id: id.to_string(),
                action,
                from: facts.row.status,
                to: action.target(),
                version: facts.row.version,
            };
            let note = action
                .needs_note()
                .map(|_| (note_key(action), json!(note.trim())));
            apply_status_change(tx, &change, note, &actor, at)?;
            Ok(change)
        })
    }

    /// Records a review of the current version by `actor`. The second of the
    /// two owner approvals moves an in-review contract to approved; asking
    /// for changes moves it back to draft. An approval of an approved, live
    /// or paused contract is a periodic re-review: once both owners have
    /// approved again, the next review date moves on.
    pub fn record_review(
        &mut self,
        id: &str,
        decision: ReviewDecision,
        comment: &str,
        actor: &str,
    ) -> Result<ReviewRecorded> {
        let at = Utc::now();
        self.with_tx(|tx| {
            let actor = known_person(tx, actor)?;
            let mut facts = Facts::read(tx, id, at)?;
            let action = decision.action();
            lifecycle::check(action, &facts.as_input(&actor)).map_err(refused)?;
            lifecycle::check_note(action, comment).map_err(|m| Error::invalid("comment", m))?;
            let review = Review {
                contract_id: id.to_string(),
                version: facts.row.version,
                role: reviewer_role(&facts.contract, &actor),
                reviewer: actor.clone(),
                decision,
                comment: comment.trim().to_string(),
                at: parse_timestamp(&timestamp(at))?,
            };
            insert_review(tx, &review)?;
            audit::append(
                tx,
                &actor,
                at,
                NewEvent {
                    kind: "review",
                    contract_id: Some(id),
                    version: Some(facts.row.version),
                    payload: json!({
                        "decision": decision, "role": review.role, "comment": review.comment,
                    }),
                },
            )?;
            facts.reviews.push(review.clone());
            let still_missing =
                missing_approvals(&facts.contract, facts.row.version, &facts.reviews);
            let from = facts.row.status;
            let signs_off = decision == ReviewDecision::Approve
                && match from {
                    Status::InReview => still_missing.is_empty(),
                    _ => both_owners_approved_since(&facts, facts.row.signed_off_at),
                };
            let to = match (decision, from) {
                (ReviewDecision::RequestChanges, _) => Status::Draft,
                (ReviewDecision::Approve, Status::InReview) if signs_off => Status::Approved,
                _ => from,
            };
            if signs_off {
                tx.execute(
                    "UPDATE contracts SET signed_off_at = ?2 WHERE id = ?1",
                    params![id, timestamp(at)],
                )?;
                facts.row.signed_off_at = Some(review.at);
            }
            let status_change = if to != from {
                let change = StatusChange {
                    id: id.to_string(),
                    action,
                    from,
                    to,
                    version: facts.row.version,
                };
                let detail = if decision == ReviewDecision::RequestChanges {
                    ("comment", json!(review.comment))
                } else {
                    ("approvals", json!(approvers(&facts)))
                };
                apply_status_change(tx, &change, Some(detail), &actor, at)?;
                Some(change)
            } else {
                None
            };
            facts.row.status = to;
            Ok(ReviewRecorded {
                review,
                status: to,
                status_change,
                still_missing: if to == Status::InReview {
                    still_missing
                } else {
                    Vec::new()
                },
                next_review: facts.row.next_review(),
            })
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
                    version: Some(row.version),
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
            let actor = known_person(tx, actor)?;
            let row = load_row(tx, id)?;
            audit::append(
                tx,
                &actor,
                at,
                NewEvent {
                    kind: "rollback",
                    contract_id: Some(id),
                    version: Some(row.version),
                    payload: json!({"what": what_was_reverted.trim(), "status": row.status}),
                },
            )
        })
    }

    /// Records an `export` event for the contracts written and returns the
    /// audit head that now includes it, so the head printed with an export
    /// also vouches for the export itself.
    pub fn record_export(
        &mut self,
        ids: &[String],
        format: &str,
        actor: &str,
    ) -> Result<AuditHead> {
        let at = Utc::now();
        self.with_tx(|tx| {
            let seq = audit::append(
                tx,
                actor,
                at,
                NewEvent {
                    kind: "export",
                    contract_id: None,
                    version: None,
                    payload: json!({"ids": ids, "format": format}),
                },
            )?;
            let hash: String =
                tx.query_row("SELECT hash FROM audit_events WHERE seq = ?1", [seq], |r| {
                    r.get(0)
                })?;
            Ok(AuditHead {
                hash,
                events: seq.max(0) as u64,
            })
        })
    }

    /// The current head of the audit trail.
    pub fn audit_head(&self) -> Result<AuditHead> {
        let head: Option<(i64, String)> = self
            .conn
            .query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let (events, hash) = head.unwrap_or((0, GENESIS_HASH.to_string()));
        Ok(AuditHead {
            hash,
            events: events.max(0) as u64,
        })
    }

    /// [`Registry::verify_audit`], and also that the log still holds the
    /// head written down earlier (event `count` with hash `head`): catches a
    /// log whose newest events were cut off together with the head record.
    pub fn verify_audit_against(&self, head: &str, count: u64) -> Result<AuditVerification> {
        let mut check = self.verify_audit()?;
        if !check.intact {
            return Ok(check);
        }
        let head = head.trim().to_ascii_lowercase();
        let found: Option<String> = if count == 0 {
            Some(GENESIS_HASH.to_string())
        } else {
            let seq = i64::try_from(count).unwrap_or(i64::MAX);
            self.conn
                .query_row("SELECT hash FROM audit_events WHERE seq = ?1", [seq], |r| {
                    r.get(0)
                })
                .optional()?
        };
        let bad = match found {
            None => Some(BadEvent {
                seq: check.events as i64 + 1,
                reason: format!(
                    "the log ends at event {} but a head written down earlier is event {count}: \
                     events {}–{count} were deleted",
                    check.events,
                    check.events + 1
                ),
            }),
            Some(hash) if hash != head => Some(BadEvent {
                seq: count as i64,
                reason: format!(
                    "event {count} is not the event written down earlier (its hash is {}…, the recorded head is {}…): \
                     the log was cut back and rewritten at or before event {count}",
                    &hash[..12.min(hash.len())],
                    &head[..12.min(head.len())]
                ),
            }),
            Some(_) => None,
        };
        if bad.is_some() {
            check.intact = false;
            check.first_bad = bad;
        }
        Ok(check)
    }
}

/// True when the business owner and the data owner have each approved the
/// current version after `since` (all approvals count when `since` is None).
fn both_owners_approved_since(facts: &Facts, since: Option<DateTime<Utc>>) -> bool {
    let owners = &facts.contract.owners;
    [owners.business.as_deref(), owners.data.as_deref()]
        .into_iter()
        .all(|email| {
            email.is_some_and(|email| {
                facts.reviews.iter().any(|r| {
                    r.decision == ReviewDecision::Approve
                        && r.version == facts.row.version
                        && r.reviewer.trim().eq_ignore_ascii_case(email.trim())
                        && since.is_none_or(|s| r.at > s)
                })
            })
        })
}

/// Who approved the current version, in order, without repeats.
fn approvers(facts: &Facts) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in &facts.reviews {
        if r.decision == ReviewDecision::Approve
            && r.version == facts.row.version
            && !out.iter().any(|e| e.eq_ignore_ascii_case(&r.reviewer))
        {
            out.push(r.reviewer.clone());
        }
    }
    out
}
