//! Every transition of `docs/lifecycle.md` through the registry: each allowed move by
//! each person the table names, and each refusal with its plain reason. A
//! refused action must leave the status, the versions and the audit trail
//! exactly as they were.

use crate::registry_support::*;
use crate::support::event_kinds;
use chrono::{Duration, Utc};
use warrant_core::lifecycle::{stored_roles, Action, OwnerRole, ReviewDecision};
use warrant_core::model::{Authority, Status};
use warrant_core::registry::ListQuery;
use warrant_core::ErrorCode;

const BUSINESS: &str = "cs.director@example.com";
const DATA: &str = "dana@example.com";
const DESTINATION: &str = ME;
const EXCEPTION: &str = "cs.ops@example.com";
const OUTSIDER: &str = "sam@example.com";
const ID: &str = "churn";

/// A registry holding the churn contract (ready at assist) in `status`,
/// reached through the real transitions, and an outsider in the people list.
fn contract_in(status: Status) -> TempRegistry {
    let mut t = temp_registry();
    t.registry.save_contract(&churn(ID, "Churn"), ME).unwrap();
    t.registry.add_person(&person(OUTSIDER, "Sam"), ME).unwrap();
    let r = &mut t.registry;
    let path: &[Status] = match status {
        Status::Draft => &[],
        Status::InReview => &[Status::InReview],
        Status::Approved => &[Status::InReview, Status::Approved],
        Status::Live => &[Status::InReview, Status::Approved, Status::Live],
        Status::Paused => &[
            Status::InReview,
            Status::Approved,
            Status::Live,
            Status::Paused,
        ],
        Status::Retired => &[Status::Retired],
    };
    for step in path {
        match step {
            Status::InReview => {
                r.change_status(ID, Action::Submit, "", OUTSIDER).unwrap();
            }
            Status::Approved => {
                r.record_review(ID, ReviewDecision::Approve, "", BUSINESS)
                    .unwrap();
                r.record_review(ID, ReviewDecision::Approve, "fine", DATA)
                    .unwrap();
            }
            Status::Live => {
                r.change_status(ID, Action::Launch, "", BUSINESS).unwrap();
            }
            Status::Paused => {
                r.change_status(ID, Action::Pause, "bad routing", EXCEPTION)
                    .unwrap();
            }
            Status::Retired => {
                r.change_status(ID, Action::Retire, "no longer used", BUSINESS)
                    .unwrap();
            }
            Status::Draft => {}
        }
    }
    assert_eq!(r.status(ID).unwrap(), status);
    t
}

fn event_count(t: &TempRegistry) -> usize {
    t.registry.audit_events(None).unwrap().len()
}

/// Asserts `action` is refused (a conflict naming `needle`) and changed nothing.
fn refused(t: &mut TempRegistry, action: Action, note: &str, actor: &str, needle: &str) {
    let before = (
        t.registry.status(ID).unwrap(),
        event_count(t),
        t.registry.versions(ID).unwrap().len(),
    );
    let err = t
        .registry
        .change_status(ID, action, note, actor)
        .unwrap_err();
    assert!(
        err.message.contains(needle),
        "{action} by {actor}: {}",
        err.message
    );
    let after = (
        t.registry.status(ID).unwrap(),
        event_count(t),
        t.registry.versions(ID).unwrap().len(),
    );
    assert_eq!(before, after, "a refusal must change nothing");
}

fn review_refused(
    t: &mut TempRegistry,
    decision: ReviewDecision,
    comment: &str,
    actor: &str,
    needle: &str,
) {
    let before = (
        t.registry.status(ID).unwrap(),
        event_count(t),
        t.registry.reviews(ID, None).unwrap().len(),
    );
    let err = t
        .registry
        .record_review(ID, decision, comment, actor)
        .unwrap_err();
    assert!(
        err.message.contains(needle),
        "{decision:?} by {actor}: {}",
        err.message
    );
    let after = (
        t.registry.status(ID).unwrap(),
        event_count(t),
        t.registry.reviews(ID, None).unwrap().len(),
    );
    assert_eq!(before, after, "a refused review must change nothing");
}

fn last_event(t: &TempRegistry) -> warrant_core::registry::AuditEvent {
    t.registry.audit_events(None).unwrap().pop().unwrap()
}

// ---- submit -------------------------------------------------------------

#[test]
fn submit_by_anyone_when_ready_moves_draft_to_in_review() {
    let mut t = contract_in(Status::Draft);
    let change = t
        .registry
        .change_status(ID, Action::Submit, "", OUTSIDER)
        .unwrap();
    assert_eq!(
        (change.from, change.to, change.version),
        (Status::Draft, Status::InReview, 1)
    );
    let e = last_event(&t);
    assert_eq!(
        (e.kind.as_str(), e.actor.as_str(), e.version),
        ("status_changed", OUTSIDER, Some(1))
    );
    assert_eq!(e.payload["action"], "submit");
    assert_eq!(
        t.registry.versions(ID).unwrap().len(),
        1,
        "a status change is not a new version"
    );
}

#[test]
fn submit_is_allowed_when_over_authorized() {
    let mut t = temp_registry();
    let mut c = churn(ID, "Churn");
    c.authority = Authority::Route;
    t.registry.save_contract(&c, ME).unwrap();
    assert_eq!(
        t.registry
            .change_status(ID, Action::Submit, "", ME)
            .unwrap()
            .to,
        Status::InReview
    );
}

#[test]
fn submit_is_refused_when_not_ready_and_says_what_to_fix() {
    let mut t = temp_registry();
    t.registry
        .save_contract(&lead_draft(ID, "Leads"), ME)
        .unwrap();
    t.registry.add_person(&person(ME, "Revops"), ME).unwrap();
    refused(&mut t, Action::Submit, "", ME, "is not ready");
    refused(&mut t, Action::Submit, "", ME, "S1");
}

#[test]
fn submit_is_refused_from_every_status_but_draft() {
    for status in [
        Status::InReview,
        Status::Approved,
        Status::Live,
        Status::Paused,
    ] {
        let mut t = contract_in(status);
        refused(
            &mut t,
            Action::Submit,
            "",
            BUSINESS,
            &format!(
                "needs the contract to be a draft; it is {}",
                warrant_core::lifecycle::status_words(status)
            ),
        );
    }
    let mut t = contract_in(Status::Retired);
    refused(&mut t, Action::Submit, "", BUSINESS, "retired");
}

#[test]
fn lifecycle_changes_need_someone_from_the_people_list() {
    let mut t = contract_in(Status::Draft);
    let err = t
        .registry
        .change_status(ID, Action::Submit, "", "ghost@example.com")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    assert!(
        err.message.contains("not in the people list"),
        "{}",
        err.message
    );
    let err = t
        .registry
        .record_review(ID, ReviewDecision::Approve, "", "ghost@example.com")
        .unwrap_err();
    assert!(
        err.message.contains("not in the people list"),
        "{}",
        err.message
    );
}

// ---- approve (a review) -------------------------------------------------

#[test]
fn approval_needs_both_owners_on_the_same_version_then_happens_by_itself() {
    let mut t = contract_in(Status::InReview);
    let first = t
        .registry
        .record_review(ID, ReviewDecision::Approve, "", BUSINESS)
        .unwrap();
    assert_eq!(
        (first.status, first.status_change.is_none()),
        (Status::InReview, true)
    );
    assert_eq!(first.review.roles, vec![OwnerRole::Business]);
    assert_eq!(
        first.still_missing,
        ["approval needs the data owner, Dana, to approve version 1"]
    );

    let second = t
        .registry
        .record_review(ID, ReviewDecision::Approve, "numbers check out", DATA)
        .unwrap();
    assert_eq!(second.status, Status::Approved);
    let change = second.status_change.unwrap();
    assert_eq!(
        (change.from, change.to, change.action),
        (Status::InReview, Status::Approved, Action::Approve)
    );
    assert!(second.still_missing.is_empty());
    assert_eq!(
        second.next_review,
        Some(Utc::now().date_naive() + Duration::days(90))
    );
    assert_eq!(
        t.registry.versions(ID).unwrap().len(),
        1,
        "approving does not make a version the approvals miss"
    );

    let kinds = event_kinds(&t.registry, Some(ID));
    assert_eq!(
        kinds,
        [
            "contract_created",
            "status_changed",
            "review",
            "review",
            "status_changed"
        ]
    );
    let e = last_event(&t);
    assert_eq!(e.payload["approvals"], serde_json::json!([BUSINESS, DATA]));
}

#[test]
fn the_approve_command_explains_that_approval_is_a_review() {
    let mut t = contract_in(Status::InReview);
    t.registry
        .record_review(ID, ReviewDecision::Approve, "", BUSINESS)
        .unwrap();
    refused(
        &mut t,
        Action::Approve,
        "",
        BUSINESS,
        "approval needs the data owner, Dana, to approve version 1",
    );
    refused(
        &mut t,
        Action::Approve,
        "",
        BUSINESS,
        "warrant review churn",
    );
    refused(
        &mut t,
        Action::RequestChanges,
        "why",
        BUSINESS,
        "--decision request_changes",
    );
}

#[test]
fn approval_by_someone_who_is_neither_owner_is_refused() {
    let mut t = contract_in(Status::InReview);
    for actor in [OUTSIDER, DESTINATION, EXCEPTION] {
        review_refused(&mut t, ReviewDecision::Approve, "", actor, "is neither");
    }
}

#[test]
fn approving_twice_is_refused_and_names_what_is_missing() {
    let mut t = contract_in(Status::InReview);
    t.registry
        .record_review(ID, ReviewDecision::Approve, "", DATA)
        .unwrap();
    review_refused(
        &mut t,
        ReviewDecision::Approve,
        "",
        DATA,
        "already approved version 1; approval needs the business owner, Cs Director",
    );
}

#[test]
fn approval_is_refused_unless_the_verdict_is_ready() {
    let mut t = temp_registry();
    let mut c = churn(ID, "Churn");
    c.authority = Authority::Route;
    t.registry.save_contract(&c, ME).unwrap();
    t.registry
        .change_status(ID, Action::Submit, "", ME)
        .unwrap();
    review_refused(
        &mut t,
        ReviewDecision::Approve,
        "",
        BUSINESS,
        "it is over-authorized",
    );
    review_refused(
        &mut t,
        ReviewDecision::Approve,
        "",
        DATA,
        "its data and owners would support up to assist",
    );
}

#[test]
fn approval_is_refused_before_submission_and_after_retirement() {
    let mut t = contract_in(Status::Draft);
    review_refused(
        &mut t,
        ReviewDecision::Approve,
        "",
        BUSINESS,
        "Submit it for review first",
    );
    let mut t = contract_in(Status::Retired);
    review_refused(&mut t, ReviewDecision::Approve, "", BUSINESS, "retired");
}

#[test]
fn approvals_of_an_earlier_version_do_not_count() {
    let mut t = contract_in(Status::InReview);
    t.registry
        .record_review(ID, ReviewDecision::Approve, "", BUSINESS)
        .unwrap();
    let mut c = t.registry.contract(ID).unwrap().contract;
    c.title = "Churn, reworded".into();
    let saved = t.registry.save_contract(&c, ME).unwrap();
    assert_eq!(
        (saved.version, saved.returned_to_draft),
        (2, true),
        "an edit in review goes back to draft: the reviewers saw other content"
    );
    assert_eq!(t.registry.status(ID).unwrap(), Status::Draft);
    t.registry
        .change_status(ID, Action::Submit, "", ME)
        .unwrap();
    let done = t
        .registry
        .record_review(ID, ReviewDecision::Approve, "", DATA)
        .unwrap();
    assert_eq!(done.status, Status::InReview);
    assert_eq!(
        done.still_missing,
        ["approval needs the business owner, Cs Director, to approve version 2"]
    );
    assert_eq!(t.registry.reviews(ID, Some(1)).unwrap().len(), 1);
    assert_eq!(t.registry.reviews(ID, Some(2)).unwrap().len(), 1);
    let done = t
        .registry
        .record_review(ID, ReviewDecision::Approve, "", BUSINESS)
        .unwrap();
    assert_eq!(done.status, Status::Approved);
}

#[test]
fn one_person_holding_both_roles_approves_alone() {
    let mut t = temp_registry();
    let mut c = churn(ID, "Churn");
    c.owners.data = Some(BUSINESS.into());
    t.registry.save_contract(&c, ME).unwrap();
    t.registry
        .change_status(ID, Action::Submit, "", ME)
        .unwrap();
    let done = t
        .registry
        .record_review(ID, ReviewDecision::Approve, "", "CS.Director@example.com")
        .unwrap();
    assert_eq!(
        done.review.roles,
        vec![OwnerRole::Business, OwnerRole::Data]
    );
    assert_eq!(done.status, Status::Approved);
}

// ---- request changes ----------------------------------------------------

#[test]
fn any_reviewer_may_request_changes_with_a_comment() {
    for (actor, role) in [
        (OUTSIDER, "reviewer"),
        (BUSINESS, "business"),
        (EXCEPTION, "exception"),
    ] {
        let mut t = contract_in(Status::InReview);
        let done = t
            .registry
            .record_review(
                ID,
                ReviewDecision::RequestChanges,
                "name the pause owner",
                actor,
            )
            .unwrap();
        assert_eq!(stored_roles(&done.review.roles), role);
        assert_eq!(done.status, Status::Draft);
        let change = done.status_change.unwrap();
        assert_eq!((change.from, change.to), (Status::InReview, Status::Draft));
        assert_eq!(last_event(&t).payload["comment"], "name the pause owner");
    }
}

#[test]
fn requesting_changes_needs_a_comment_and_a_contract_in_review() {
    let mut t = contract_in(Status::InReview);
    review_refused(
        &mut t,
        ReviewDecision::RequestChanges,
        "  ",
        OUTSIDER,
        "needs a comment",
    );
    for status in [
        Status::Draft,
        Status::Approved,
        Status::Live,
        Status::Paused,
        Status::Retired,
    ] {
        let mut t = contract_in(status);
        review_refused(
            &mut t,
            ReviewDecision::RequestChanges,
            "why",
            OUTSIDER,
            "request changes",
        );
    }
}

// ---- launch -------------------------------------------------------------

#[test]
fn launch_by_the_business_or_the_destination_owner() {
    for actor in [BUSINESS, DESTINATION] {
        let mut t = contract_in(Status::Approved);
        let change = t
            .registry
            .change_status(ID, Action::Launch, "", actor)
            .unwrap();
        assert_eq!((change.from, change.to), (Status::Approved, Status::Live));
    }
}

#[test]
fn launch_by_anyone_else_or_from_another_status_is_refused() {
    let mut t = contract_in(Status::Approved);
    for actor in [DATA, EXCEPTION, OUTSIDER] {
        refused(
            &mut t,
            Action::Launch,
            "",
            actor,
            "launch is done by the business owner (Cs Director) or the destination owner",
        );
    }
    for status in [
        Status::Draft,
        Status::InReview,
        Status::Live,
        Status::Paused,
        Status::Retired,
    ] {
        let mut t = contract_in(status);
        refused(&mut t, Action::Launch, "", BUSINESS, "launch");
    }
    let mut t = contract_in(Status::InReview);
    refused(
        &mut t,
        Action::Launch,
        "",
        BUSINESS,
        "launches once the business owner and the data owner have approved it",
    );
}

// ---- pause / resume -----------------------------------------------------

#[test]
fn any_named_owner_may_pause_with_a_reason() {
    for actor in [BUSINESS, DATA, DESTINATION, EXCEPTION] {
        let mut t = contract_in(Status::Live);
        let change = t
            .registry
            .change_status(ID, Action::Pause, "wrong accounts flagged", actor)
            .unwrap();
        assert_eq!((change.from, change.to), (Status::Live, Status::Paused));
        let e = last_event(&t);
        assert_eq!(
            (e.payload["action"].as_str(), e.payload["reason"].as_str()),
            (Some("pause"), Some("wrong accounts flagged"))
        );
    }
}

#[test]
fn pause_is_refused_without_a_reason_for_outsiders_and_unless_live() {
    let mut t = contract_in(Status::Live);
    let err = t
        .registry
        .change_status(ID, Action::Pause, "", EXCEPTION)
        .unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::Invalid, Some("reason"))
    );
    assert!(
        err.message.contains("pause needs a reason"),
        "{}",
        err.message
    );
    refused(
        &mut t,
        Action::Pause,
        "because",
        OUTSIDER,
        "is not one of them",
    );
    for status in [
        Status::Draft,
        Status::InReview,
        Status::Approved,
        Status::Paused,
        Status::Retired,
    ] {
        let mut t = contract_in(status);
        refused(&mut t, Action::Pause, "because", EXCEPTION, "pause");
    }
}

#[test]
fn resume_by_the_exception_or_business_owner_with_a_comment() {
    for actor in [EXCEPTION, BUSINESS] {
        let mut t = contract_in(Status::Paused);
        let change = t
            .registry
            .change_status(ID, Action::Resume, "fixed the join", actor)
            .unwrap();
        assert_eq!((change.from, change.to), (Status::Paused, Status::Live));
        assert_eq!(last_event(&t).payload["comment"], "fixed the join");
    }
}

#[test]
fn resume_is_refused_for_others_without_a_comment_and_unless_paused() {
    let mut t = contract_in(Status::Paused);
    for actor in [DATA, DESTINATION, OUTSIDER] {
        refused(
            &mut t,
            Action::Resume,
            "ok",
            actor,
            "resume is done by the exception owner (Cs Ops) or the business owner",
        );
    }
    let err = t
        .registry
        .change_status(ID, Action::Resume, "", EXCEPTION)
        .unwrap_err();
    assert!(
        err.message.contains("resume needs a comment"),
        "{}",
        err.message
    );
    for status in [
        Status::Draft,
        Status::InReview,
        Status::Approved,
        Status::Live,
        Status::Retired,
    ] {
        let mut t = contract_in(status);
        refused(&mut t, Action::Resume, "ok", EXCEPTION, "resume");
    }
}

// ---- retire -------------------------------------------------------------

#[test]
fn the_business_owner_retires_from_any_status_with_a_reason() {
    for status in [
        Status::Draft,
        Status::InReview,
        Status::Approved,
        Status::Live,
        Status::Paused,
    ] {
        let mut t = contract_in(status);
        let change = t
            .registry
            .change_status(ID, Action::Retire, "replaced by v2 workflow", BUSINESS)
            .unwrap();
        assert_eq!((change.from, change.to), (status, Status::Retired));
        assert_eq!(last_event(&t).payload["reason"], "replaced by v2 workflow");
    }
}

#[test]
fn retire_is_refused_for_others_without_a_reason_and_once_retired() {
    let mut t = contract_in(Status::Live);
    for actor in [DATA, DESTINATION, EXCEPTION, OUTSIDER] {
        refused(
            &mut t,
            Action::Retire,
            "done",
            actor,
            "retire is done by the business owner (Cs Director)",
        );
    }
    let err = t
        .registry
        .change_status(ID, Action::Retire, " ", BUSINESS)
        .unwrap_err();
    assert!(
        err.message.contains("retire needs a reason"),
        "{}",
        err.message
    );
    let mut t = contract_in(Status::Retired);
    refused(&mut t, Action::Retire, "again", BUSINESS, "retired");
}

#[test]
fn owners_missing_from_the_contract_are_named_as_the_fix() {
    let mut t = temp_registry();
    let mut c = churn(ID, "Churn");
    c.owners.business = None;
    t.registry.save_contract(&c, ME).unwrap();
    refused(
        &mut t,
        Action::Retire,
        "x",
        DATA,
        "none named: write one under owners.business",
    );
}

// ---- edits after approval -----------------------------------------------

#[test]
fn an_edit_of_a_signed_off_contract_waits_as_its_pending_version() {
    for status in [Status::Approved, Status::Live, Status::Paused] {
        let mut t = contract_in(status);
        let mut c = t.registry.contract(ID).unwrap().contract;
        assert_eq!(
            c.status,
            Some(status),
            "the current contract carries its status"
        );
        c.thresholds.min_confidence = Some(0.8);
        let saved = t.registry.save_contract(&c, ME).unwrap();
        assert!(!saved.returned_to_draft);
        assert_eq!((saved.version, saved.pending_over), (2, Some(1)));
        assert_eq!(
            t.registry.status(ID).unwrap(),
            status,
            "version 1 keeps its status"
        );
        let standing = t.registry.standing(ID).unwrap();
        assert_eq!(
            (
                standing.in_force,
                standing.pending_version(),
                standing.pending
            ),
            (Some(1), Some(2), Some(Status::Draft))
        );
        assert_eq!(
            t.registry.contract(ID).unwrap().contract.status,
            None,
            "the contract as edited is the pending draft"
        );
        let e = last_event(&t);
        assert_eq!(
            (e.kind.as_str(), e.payload["standing"]["pending"].as_str()),
            ("contract_edited", Some("draft"))
        );
        // Saving the same content again, with any status written in it, changes nothing.
        c.status = Some(Status::Live);
        let again = t.registry.save_contract(&c, ME).unwrap();
        assert_eq!((again.version, again.returned_to_draft), (2, false));
        assert_eq!(
            t.registry.status(ID).unwrap(),
            status,
            "the file's status cannot skip the lifecycle"
        );
        assert!(t.registry.verify_audit().unwrap().intact);
    }
}

#[test]
fn a_live_contract_edited_stays_pausable_and_its_pending_version_launches_in_its_place() {
    let mut t = contract_in(Status::Live);
    let mut c = t.registry.contract(ID).unwrap().contract;
    c.thresholds.sync_cadence = "hourly".into();
    t.registry.save_contract(&c, ME).unwrap();
    // Pause and resume act on version 1 while version 2 waits.
    let paused = t
        .registry
        .change_status(ID, Action::Pause, "bad routing", EXCEPTION)
        .unwrap();
    assert_eq!((paused.version, paused.to), (1, Status::Paused));
    t.registry
        .change_status(ID, Action::Resume, "fixed", EXCEPTION)
        .unwrap();
    // The pending version goes through review on its own.
    let submitted = t
        .registry
        .change_status(ID, Action::Submit, "", OUTSIDER)
        .unwrap();
    assert_eq!(
        (submitted.version, submitted.from, submitted.to),
        (2, Status::Draft, Status::InReview)
    );
    assert_eq!(t.registry.status(ID).unwrap(), Status::Live);
    let one = t
        .registry
        .record_review(ID, ReviewDecision::Approve, "", BUSINESS)
        .unwrap();
    assert_eq!((one.review.version, one.status), (2, Status::InReview));
    review_refused(
        &mut t,
        ReviewDecision::Approve,
        "",
        BUSINESS,
        "has already approved version 2",
    );
    let two = t
        .registry
        .record_review(ID, ReviewDecision::Approve, "", DATA)
        .unwrap();
    assert_eq!(two.status, Status::Approved);
    assert_eq!(
        t.registry.status(ID).unwrap(),
        Status::Live,
        "still version 1 live"
    );
    let launched = t
        .registry
        .change_status(ID, Action::Launch, "", BUSINESS)
        .unwrap();
    assert_eq!(launched.version, 2);
    let standing = t.registry.standing(ID).unwrap();
    assert_eq!(
        (standing.status, standing.in_force, standing.pending),
        (Status::Live, Some(2), None)
    );
    assert!(t.registry.verify_audit().unwrap().intact);
}

#[test]
fn a_pending_version_can_be_discarded_and_stays_in_the_history() {
    let mut t = contract_in(Status::Live);
    let mut c = t.registry.contract(ID).unwrap().contract;
    c.title = "Churn, reworded".into();
    t.registry.save_contract(&c, ME).unwrap();
    refused(&mut t, Action::Discard, "", EXCEPTION, "needs a reason");
    refused(
        &mut t,
        Action::Discard,
        "no",
        OUTSIDER,
        "is not one of them",
    );
    let change = t
        .registry
        .change_status(ID, Action::Discard, "not needed after all", EXCEPTION)
        .unwrap();
    assert_eq!(change.version, 2);
    let standing = t.registry.standing(ID).unwrap();
    assert_eq!(
        (standing.status, standing.current, standing.pending),
        (Status::Live, 1, None)
    );
    assert_eq!(t.registry.contract(ID).unwrap().contract.title, "Churn");
    assert_eq!(
        t.registry.versions(ID).unwrap().len(),
        2,
        "kept in the history"
    );
    // The next edit is version 3: numbers are never reused.
    c.title = "Churn, again".into();
    assert_eq!(t.registry.save_contract(&c, ME).unwrap().version, 3);
    let mut t = contract_in(Status::Live);
    refused(&mut t, Action::Discard, "x", BUSINESS, "no pending version");
    assert!(t.registry.verify_audit().unwrap().intact);
}

#[test]
fn renaming_an_owner_keeps_a_live_contract_live() {
    let mut t = contract_in(Status::Live);
    let mut dana = person(DATA, "Dana");
    dana.email = "dana.ruiz@example.com".into();
    t.registry.update_person(DATA, &dana, ME).unwrap();
    assert_eq!(t.registry.status(ID).unwrap(), Status::Live);
    assert_eq!(
        t.registry
            .contract(ID)
            .unwrap()
            .contract
            .owners
            .data
            .as_deref(),
        Some("dana.ruiz@example.com")
    );
}

#[test]
fn renaming_an_owner_while_an_edit_waits_keeps_the_live_version_pausable_by_them() {
    let mut t = contract_in(Status::Live);
    let mut c = t.registry.contract(ID).unwrap().contract;
    c.thresholds.sync_cadence = "hourly".into();
    t.registry.save_contract(&c, ME).unwrap();
    t.registry
        .change_status(ID, Action::Submit, "", ME)
        .unwrap();
    let mut cs_ops = person(EXCEPTION, "CS ops");
    cs_ops.email = "cs.operations@example.com".into();
    t.registry.update_person(EXCEPTION, &cs_ops, ME).unwrap();
    let standing = t.registry.standing(ID).unwrap();
    assert_eq!(
        (
            standing.status,
            standing.in_force,
            standing.current,
            standing.pending
        ),
        (Status::Live, Some(3), 4, Some(Status::InReview)),
        "version 1 renamed is version 3, in force; version 2 renamed is version 4, still in review"
    );
    for version in [3, 4] {
        assert_eq!(
            t.registry
                .version(ID, version)
                .unwrap()
                .contract
                .owners
                .exception
                .as_deref(),
            Some("cs.operations@example.com")
        );
    }
    let paused = t
        .registry
        .change_status(ID, Action::Pause, "checking", "cs.operations@example.com")
        .unwrap();
    assert_eq!((paused.version, paused.to), (3, Status::Paused));
    let check = t.registry.verify_audit().unwrap();
    assert!(check.intact, "{:?}", check.state_mismatches);
}

// ---- review schedule, rollback ------------------------------------------

#[test]
fn signed_off_contracts_are_due_for_review_and_listed_when_overdue() {
    let mut t = contract_in(Status::Live);
    let state = t.registry.lifecycle(ID, BUSINESS, Utc::now()).unwrap();
    let due = Utc::now().date_naive() + Duration::days(90);
    assert_eq!(
        (state.next_review, state.overdue, state.review_every_days),
        (Some(due), false, 90)
    );
    let overdue_only = ListQuery {
        overdue: Some(true),
        ..Default::default()
    };
    assert!(t
        .registry
        .list(&overdue_only, Utc::now())
        .unwrap()
        .is_empty());

    let later = Utc::now() + Duration::days(91);
    let rows = t.registry.list(&overdue_only, later).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].next_review, rows[0].overdue), (Some(due), true));

    t.registry.set_review_cadence(ID, 30, BUSINESS).unwrap();
    assert_eq!(last_event(&t).kind, "review_cadence_changed");
    let state = t
        .registry
        .lifecycle(ID, BUSINESS, Utc::now() + Duration::days(31))
        .unwrap();
    assert_eq!(
        (state.next_review, state.overdue),
        (Some(Utc::now().date_naive() + Duration::days(30)), true)
    );
    assert!(t.registry.set_review_cadence(ID, 0, BUSINESS).is_err());
}

#[test]
fn drafts_have_no_review_date_and_are_never_overdue() {
    let t = contract_in(Status::Draft);
    let rows = t
        .registry
        .list(&ListQuery::default(), Utc::now() + Duration::days(1000))
        .unwrap();
    assert_eq!((rows[0].next_review, rows[0].overdue), (None, false));
}

#[test]
fn a_periodic_review_counts_each_owner_once_and_a_new_version_moves_the_next_review() {
    let mut t = contract_in(Status::Live);
    let signed = t
        .registry
        .lifecycle(ID, BUSINESS, Utc::now())
        .unwrap()
        .signed_off_at
        .unwrap();
    // Both owners approved version 1 to launch it: approving it again is
    // refused, and nothing is recorded.
    review_refused(
        &mut t,
        ReviewDecision::Approve,
        "still good",
        BUSINESS,
        "has already approved version 1",
    );
    // Reviewing the terms again means a new version: edit, submit, approve, launch.
    let mut c = t.registry.contract(ID).unwrap().contract;
    c.thresholds.sync_cadence = "twice daily".into();
    t.registry.save_contract(&c, ME).unwrap();
    t.registry
        .change_status(ID, Action::Submit, "", BUSINESS)
        .unwrap();
    t.registry
        .record_review(ID, ReviewDecision::Approve, "still good", BUSINESS)
        .unwrap();
    t.registry
        .record_review(ID, ReviewDecision::Approve, "still good", DATA)
        .unwrap();
    t.registry
        .change_status(ID, Action::Launch, "", BUSINESS)
        .unwrap();
    let after = t.registry.lifecycle(ID, BUSINESS, Utc::now()).unwrap();
    assert!(after.signed_off_at.unwrap() > signed);
    assert_eq!((after.status, after.version), (Status::Live, 2));
    assert!(t.registry.verify_audit().unwrap().intact);
}

#[test]
fn a_rollback_is_recorded_with_what_who_and_when() {
    let mut t = contract_in(Status::Paused);
    let seq = t
        .registry
        .record_rollback(
            ID,
            "restored 212 health bands from the 09:00 snapshot",
            EXCEPTION,
        )
        .unwrap();
    let e = last_event(&t);
    assert_eq!(
        (e.seq, e.kind.as_str(), e.actor.as_str()),
        (seq, "rollback", EXCEPTION)
    );
    assert_eq!(
        e.payload["what"],
        "restored 212 health bands from the 09:00 snapshot"
    );
    assert!(t.registry.record_rollback(ID, "  ", EXCEPTION).is_err());
    assert!(t.registry.record_rollback("nope", "x", EXCEPTION).is_err());
}

#[test]
fn the_status_survives_a_restart_and_shows_in_the_list() {
    let mut t = contract_in(Status::Paused);
    t.reopen();
    assert_eq!(t.registry.status(ID).unwrap(), Status::Paused);
    let rows = t
        .registry
        .list(
            &ListQuery {
                status: Some(Status::Paused),
                ..Default::default()
            },
            Utc::now(),
        )
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, Status::Paused);
}

#[test]
fn refusals_name_people_and_say_statuses_in_words() {
    let mut t = contract_in(Status::Live);
    t.registry
        .update_person(
            BUSINESS,
            &warrant_core::model::Person {
                email: BUSINESS.into(),
                name: "Alex Morgan".into(),
                team: String::new(),
                title: String::new(),
            },
            ME,
        )
        .unwrap();
    let err = t
        .registry
        .change_status(ID, Action::Retire, "done", DATA)
        .unwrap_err();
    assert!(
        err.message
            .starts_with("retire is done by the business owner (Alex Morgan); Dana is not"),
        "{}",
        err.message
    );
    assert!(
        !err.message.contains('@'),
        "no addresses when names are known: {}",
        err.message
    );
    let err = t
        .registry
        .change_status(ID, Action::Launch, "", BUSINESS)
        .unwrap_err();
    assert!(err.message.contains("it is live"), "{}", err.message);
    assert!(
        !err.message.contains('_'),
        "no enum spellings: {}",
        err.message
    );
}

#[test]
fn a_paused_contract_says_why_when_and_by_whom() {
    let mut t = contract_in(Status::Live);
    assert_eq!(
        t.registry
            .lifecycle(ID, BUSINESS, Utc::now())
            .unwrap()
            .paused,
        None
    );
    t.registry
        .change_status(ID, Action::Pause, "wrong accounts flagged", EXCEPTION)
        .unwrap();
    let paused = t
        .registry
        .lifecycle(ID, BUSINESS, Utc::now())
        .unwrap()
        .paused
        .unwrap();
    assert_eq!(paused.reason, "wrong accounts flagged");
    assert_eq!(paused.by, EXCEPTION);
    assert!(Utc::now() - paused.at < Duration::minutes(1));
    t.registry
        .change_status(ID, Action::Resume, "fixed the filter", EXCEPTION)
        .unwrap();
    assert_eq!(
        t.registry
            .lifecycle(ID, BUSINESS, Utc::now())
            .unwrap()
            .paused,
        None
    );
}
