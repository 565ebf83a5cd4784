//! The audit trail under the lifecycle: every lifecycle change is a chained
//! event, and tampering (an edited payload, a deleted row, two rows swapped,
//! the tail cut off together with the head record) is detected and the
//! first bad event named, the last one only against a head written down at
//! an earlier export.

use crate::registry_support::*;
use crate::support::event_kinds;
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
    t.edit_by_hand(AUDIT_TRIGGERS, sql);
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
        t.registry.verify_audit().unwrap().first_bad.is_none(),
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

// ---- the stored state against the trail ----------------------------------

/// Edits the file as someone with the SQLite shell would: every append-only
/// trigger dropped first, so only the audit trail can tell.
fn edit_tables(t: &mut TempRegistry, sql: &str) {
    t.edit_by_hand(RECORD_TRIGGERS, sql);
}

/// `lived()` plus a dry run kept by the data owner.
fn lived_with_dry_run() -> TempRegistry {
    let (mut t, _) = lived();
    let run = warrant_core::registry::DryRunRecord {
        file_name: "ten-accounts.csv".into(),
        file_hash: "ab".repeat(32),
        row_count: 10,
        counts: warrant_core::dryrun::DryRunCounts {
            eligible: 7,
            review: 2,
            suppressed: 1,
            malformed: 0,
            ..Default::default()
        },
    };
    t.registry.record_dry_run("churn", 1, &run, DATA).unwrap();
    let check = t.registry.verify_audit().unwrap();
    assert!(check.intact, "{:?}", check.state_mismatches);
    t
}

/// Asserts the chain is whole but the state is caught, and returns the
/// first mismatch as "what: reason".
fn first_mismatch(t: &TempRegistry) -> String {
    let check = t.registry.verify_audit().unwrap();
    assert!(check.first_bad.is_none(), "the chain itself is untouched");
    assert!(!check.intact, "a direct edit of the tables must be caught");
    let m = check.state_mismatches.first().unwrap();
    assert!(m.seq.is_some() || m.reason.contains("no event"), "{m:?}");
    format!("{}: {}", m.what, m.reason)
}

#[test]
fn raising_a_stored_versions_authority_is_caught() {
    let mut t = lived_with_dry_run();
    edit_tables(
        &mut t,
        "UPDATE contract_versions SET snapshot = json_set(snapshot, '$.authority', 'act')
             WHERE contract_id = 'churn';
         UPDATE contracts SET authority = 'act' WHERE id = 'churn';",
    );
    let found = first_mismatch(&t);
    assert!(found.starts_with("version 1 of churn"), "{found}");
    assert!(found.contains("content was changed"), "{found}");
    // Recomputing the hash in the row does not help: the event recorded the old one.
    let raw = t.raw();
    let snapshot: String = raw
        .query_row(
            "SELECT snapshot FROM contract_versions WHERE contract_id = 'churn'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    use sha2::Digest;
    let rehashed: String = sha2::Sha256::digest(snapshot.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    raw.execute(
        "UPDATE contract_versions SET content_hash = ?1 WHERE contract_id = 'churn'",
        [&rehashed],
    )
    .unwrap();
    drop(raw);
    t.reopen();
    let found = first_mismatch(&t);
    assert!(
        found.contains("the event that saved it recorded"),
        "{found}"
    );
}

#[test]
fn a_flipped_review_decision_is_caught() {
    let mut t = lived_with_dry_run();
    edit_tables(
        &mut t,
        "UPDATE reviews SET decision = 'request_changes' WHERE reviewer = 'dana@example.com';",
    );
    let found = first_mismatch(&t);
    assert!(found.starts_with("review of churn version 1"), "{found}");
    assert!(found.contains("decision"), "{found}");
}

#[test]
fn a_status_moved_by_hand_is_caught() {
    let mut t = lived_with_dry_run();
    edit_tables(
        &mut t,
        "UPDATE contracts SET status = 'live' WHERE id = 'churn';",
    );
    assert!(
        t.registry.verify_audit().unwrap().intact,
        "it was live already"
    );
    edit_tables(
        &mut t,
        "UPDATE contracts SET status = 'approved' WHERE id = 'churn';",
    );
    let found = first_mismatch(&t);
    assert_eq!(
        found,
        "contract churn: its status is approved, but the trail says live"
    );
    // A draft faked to live, without any review.
    t.registry
        .save_contract(&churn("other", "Other"), ME)
        .unwrap();
    edit_tables(
        &mut t,
        "UPDATE contracts SET status = 'approved' WHERE id = 'churn';
         UPDATE contracts SET status = 'live' WHERE id = 'other';",
    );
    let check = t.registry.verify_audit().unwrap();
    assert!(check
        .state_mismatches
        .iter()
        .any(|m| m.what == "contract other" && m.reason.contains("the trail says draft")));
}

#[test]
fn changed_dry_run_counts_are_caught() {
    let mut t = lived_with_dry_run();
    edit_tables(
        &mut t,
        r#"UPDATE dry_runs SET counts = json_set(counts, '$.eligible', 10, '$.review', 0);"#,
    );
    let found = first_mismatch(&t);
    assert!(found.starts_with("dry run of churn version 1"), "{found}");
    assert!(
        found.contains("its counts are") || found.contains("its counts is"),
        "{found}"
    );
}

#[test]
fn a_changed_reviewer_is_caught() {
    let mut t = lived_with_dry_run();
    edit_tables(
        &mut t,
        "UPDATE reviews SET reviewer = 'cs.ops@example.com' WHERE reviewer = 'dana@example.com';",
    );
    let found = first_mismatch(&t);
    assert!(
        found.contains("its reviewer is \"cs.ops@example.com\""),
        "{found}"
    );
}

#[test]
fn rows_no_event_accounts_for_are_reported() {
    let mut t = lived_with_dry_run();
    edit_tables(
        &mut t,
        "INSERT INTO reviews (contract_id, version, reviewer, role, decision, comment, at)
             VALUES ('churn', 1, 'sam@example.com', 'reviewer', 'approve', '', '2026-01-01T00:00:00.000000Z');",
    );
    let found = first_mismatch(&t);
    assert!(found.contains("no event recorded it"), "{found}");

    let mut t = lived_with_dry_run();
    edit_tables(
        &mut t,
        "INSERT INTO people (email, name) VALUES ('ghost@example.com', 'Ghost');
         DELETE FROM dry_runs;",
    );
    let check = t.registry.verify_audit().unwrap();
    let said: Vec<String> = check
        .state_mismatches
        .iter()
        .map(|m| format!("{}: {}", m.what, m.reason))
        .collect();
    assert!(
        said.iter()
            .any(|s| s.starts_with("person ghost@example.com") && s.contains("no event added")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|s| s.starts_with("dry run of churn") && s.contains("missing")),
        "{said:?}"
    );
}

#[test]
fn versions_reviews_and_dry_runs_refuse_updates_and_deletes() {
    let mut t = lived_with_dry_run();
    let raw = t.raw();
    for sql in [
        "UPDATE contract_versions SET saved_by = 'x'",
        "DELETE FROM contract_versions",
        "UPDATE reviews SET decision = 'approve'",
        "DELETE FROM reviews",
        "UPDATE dry_runs SET row_count = 0",
        "DELETE FROM dry_runs",
    ] {
        let err = raw.execute_batch(sql).unwrap_err().to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
}

#[test]
fn who_saved_a_contract_last_is_what_the_trail_says() {
    let mut t = lived_with_dry_run();
    edit_tables(
        &mut t,
        "UPDATE contracts SET updated_by = 'cs.ops@example.com' WHERE id = 'churn';",
    );
    let found = first_mismatch(&t);
    assert!(
        found.starts_with("contract churn: its last save is")
            && found.contains("by cs.ops@example.com"),
        "{found}"
    );
}
