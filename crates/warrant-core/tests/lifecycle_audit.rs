//! The audit trail under the lifecycle: every lifecycle change is a chained
//! event, and tampering (an edited payload, a deleted row, two rows swapped,
//! the tail cut off together with the head record) is detected and the
//! first bad event named, the last one only against a head written down at
//! an earlier export.

mod registry_support;
mod support;

use registry_support::*;
use support::event_kinds;
use warrant_core::lifecycle::{Action, ReviewDecision};
use warrant_core::registry::{AuditHead, AuditVerification};

const BUSINESS: &str = "cs.director@example.com";
const DATA: &str = "dana@example.com";
const EXCEPTION: &str = "cs.ops@example.com";

/// A contract taken through its whole life, with an export in the middle;
/// returns the registry and the head printed with that export.
fn lived() -> (TempRegistry, AuditHead) {
    let mut t = temp_registry();
    let r = &mut t.registry;
    r.save_contract(&churn("churn", "Churn"), ME).unwrap();
    r.change_status("churn", Action::Submit, "", ME).unwrap();
    r.record_review("churn", ReviewDecision::Approve, "", BUSINESS)
        .unwrap();
    r.record_review("churn", ReviewDecision::Approve, "ok", DATA)
        .unwrap();
    r.change_status("churn", Action::Launch, "", BUSINESS)
        .unwrap();
    let head = r.record_export(&["churn".to_string()], "yaml", ME).unwrap();
    r.change_status(
        "churn",
        Action::Pause,
        "wrong band on 40 accounts",
        EXCEPTION,
    )
    .unwrap();
    r.record_rollback("churn", "restored the bands from the snapshot", EXCEPTION)
        .unwrap();
    r.change_status("churn", Action::Resume, "join fixed", EXCEPTION)
        .unwrap();
    (t, head)
}

fn tamper(t: &mut TempRegistry, sql: &str) {
    let raw = t.raw();
    raw.execute_batch("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;")
        .unwrap();
    raw.execute_batch(sql).unwrap();
    drop(raw);
    t.reopen();
}

fn first_bad(check: &AuditVerification) -> (i64, String) {
    assert!(!check.intact, "tampering must be detected");
    let bad = check.first_bad.as_ref().expect("a first bad event");
    (bad.seq, bad.reason.clone())
}

fn seq_of(t: &TempRegistry, kind: &str) -> i64 {
    t.registry
        .audit_events(None)
        .unwrap()
        .iter()
        .find(|e| e.kind == kind)
        .unwrap()
        .seq
}

#[test]
fn every_lifecycle_change_is_a_chained_event() {
    let (t, head) = lived();
    let kinds = event_kinds(&t.registry, Some("churn"));
    assert_eq!(
        kinds,
        [
            "contract_created",
            "status_changed",
            "review",
            "review",
            "status_changed",
            "status_changed",
            "status_changed",
            "rollback",
            "status_changed",
        ]
    );
    let export = t
        .registry
        .audit_events(None)
        .unwrap()
        .into_iter()
        .find(|e| e.kind == "export")
        .unwrap();
    assert_eq!(
        (export.seq as u64, export.hash.as_str()),
        (head.events, head.hash.as_str()),
        "the printed head includes the export itself"
    );
    let check = t
        .registry
        .verify_audit_against(&head.hash, head.events)
        .unwrap();
    assert!(check.intact, "{check:?}");
    assert_eq!(check.events, t.registry.audit_head().unwrap().events);
}

#[test]
fn an_edited_payload_is_named() {
    let (mut t, _) = lived();
    let rollback = seq_of(&t, "rollback");
    tamper(&mut t, &format!("UPDATE audit_events SET payload = '{{\"what\":\"nothing happened\"}}' WHERE seq = {rollback}"));
    let (seq, reason) = first_bad(&t.registry.verify_audit().unwrap());
    assert_eq!(seq, rollback);
    assert!(reason.contains("edited"), "{reason}");
}

#[test]
fn a_deleted_row_is_named() {
    let (mut t, _) = lived();
    let review = seq_of(&t, "review");
    tamper(
        &mut t,
        &format!("DELETE FROM audit_events WHERE seq = {review}"),
    );
    let (seq, reason) = first_bad(&t.registry.verify_audit().unwrap());
    assert_eq!(seq, review);
    assert!(reason.contains("missing"), "{reason}");
}

#[test]
fn two_swapped_rows_are_named() {
    let (mut t, _) = lived();
    let a = seq_of(&t, "review");
    let b = a + 1;
    tamper(
        &mut t,
        &format!(
            "UPDATE audit_events SET seq = -1 WHERE seq = {a};
             UPDATE audit_events SET seq = {a} WHERE seq = {b};
             UPDATE audit_events SET seq = {b} WHERE seq = -1;"
        ),
    );
    let (seq, reason) = first_bad(&t.registry.verify_audit().unwrap());
    assert_eq!(seq, a);
    assert!(
        reason.contains("does not follow") || reason.contains("edited"),
        "{reason}"
    );
}

#[test]
fn a_dropped_tail_is_caught_against_the_head_printed_at_export() {
    let (mut t, head) = lived();
    // Cut everything after the export and make the head record agree: the
    // chain alone now looks whole.
    tamper(
        &mut t,
        &format!(
            "DELETE FROM audit_events WHERE seq > {n} - 2;
             UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_events),
                                   hash = (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1);",
            n = head.events
        ),
    );
    assert!(
        t.registry.verify_audit().unwrap().intact,
        "the chain alone cannot see it"
    );
    let (seq, reason) = first_bad(
        &t.registry
            .verify_audit_against(&head.hash, head.events)
            .unwrap(),
    );
    assert_eq!(seq as u64, head.events - 1, "the first event that is gone");
    assert!(reason.contains("were deleted"), "{reason}");
}

#[test]
fn a_tail_cut_and_rewritten_is_caught_against_the_head() {
    let (mut t, head) = lived();
    tamper(
        &mut t,
        &format!(
            "DELETE FROM audit_events WHERE seq >= {n};
             UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_events),
                                   hash = (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1);",
            n = head.events
        ),
    );
    // New, honest-looking events take the cut events' numbers.
    t.registry
        .record_rollback("churn", "something else", EXCEPTION)
        .unwrap();
    t.registry
        .record_rollback("churn", "and more", EXCEPTION)
        .unwrap();
    assert!(t.registry.verify_audit().unwrap().intact);
    let (seq, reason) = first_bad(
        &t.registry
            .verify_audit_against(&head.hash, head.events)
            .unwrap(),
    );
    assert_eq!(seq as u64, head.events);
    assert!(
        reason.contains("not the event written down earlier"),
        "{reason}"
    );
}

#[test]
fn heads_parse_as_printed_and_bad_ones_are_refused() {
    let (t, head) = lived();
    let printed = head.to_string();
    assert_eq!(printed.parse::<AuditHead>().unwrap(), head);
    for bad in [
        "",
        "abc:3",
        &format!("{}:x", head.hash),
        &head.hash,
        &format!("{}z:1", &head.hash[1..]),
    ] {
        assert!(bad.parse::<AuditHead>().is_err(), "{bad:?}");
    }
    let wrong = "f".repeat(64);
    assert!(
        !t.registry
            .verify_audit_against(&wrong, head.events)
            .unwrap()
            .intact
    );
    assert!(
        t.registry
            .verify_audit_against(&head.hash.to_uppercase(), head.events)
            .unwrap()
            .intact
    );
}
