//! The audit_events table: every change leaves a hash-chained event, and any
//! edited, deleted or reordered event is found and named.

use crate::registry_support::*;
use warrant_core::model::Authority;
use warrant_core::registry::{AuditVerification, DryRunRecord};

/// A registry with seven events: three people, a contract created and
/// edited, a dry run, an import.
fn busy_registry() -> TempRegistry {
    let mut t = temp_registry();
    t.registry
        .add_person(&person("dana@example.com", "Dana"), ME)
        .unwrap(); // 1
    t.registry
        .add_person(&person("lee@example.com", "Lee"), ME)
        .unwrap(); // 2
    t.registry
        .add_person(&person("old@example.com", "Old"), ME)
        .unwrap(); // 3
    t.registry.delete_person("old@example.com", ME).unwrap(); // 4
    let mut c = lead_draft("lead-a", "Lead A");
    c.owners.data = Some("dana@example.com".into());
    t.registry.save_contract(&c, ME).unwrap(); // 5
    c.authority = Authority::Assist;
    t.registry.save_contract(&c, "lee@example.com").unwrap(); // 6
    let run = DryRunRecord {
        file_name: "s.csv".into(),
        file_hash: "00".repeat(32),
        row_count: 3,
        counts: warrant_core::dryrun::DryRunCounts {
            eligible: 3,
            ..Default::default()
        },
    };
    t.registry
        .record_dry_run("lead-a", 2, &run, "dana@example.com")
        .unwrap(); // 7
    t.registry
        .import(&[file("b.yaml", lead_draft("lead-b", "Lead B"))], ME)
        .unwrap(); // 8 created, 9 import
    t
}

/// Lets the test play someone editing the file by hand.
fn tamper(t: &mut TempRegistry, sql: &str) {
    t.edit_by_hand(AUDIT_TRIGGERS, sql);
}

fn first_bad(check: &AuditVerification) -> (i64, String) {
    let bad = check
        .first_bad
        .as_ref()
        .expect("tampering must be detected");
    assert!(!check.intact);
    (bad.seq, bad.reason.clone())
}

#[test]
fn every_change_appends_a_chained_event() {
    let mut t = busy_registry();
    t.reopen();
    let events = t.registry.audit_events(None).unwrap();
    let kinds: Vec<_> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "person_added",
            "person_added",
            "person_added",
            "person_deleted",
            "contract_created",
            "contract_edited",
            "dry_run",
            "contract_created",
            "import"
        ]
    );
    assert_eq!(
        events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=9).collect::<Vec<_>>()
    );
    assert!(events.windows(2).all(|w| w[1].prev_hash == w[0].hash));
    assert_eq!(events[5].actor, "lee@example.com");
    assert_eq!(
        (events[5].contract_id.as_deref(), events[5].version),
        (Some("lead-a"), Some(2))
    );
    let check = t.registry.verify_audit().unwrap();
    assert_eq!(
        (check.intact, check.events, check.first_bad.clone()),
        (true, 9, None)
    );
    assert_eq!(check.head, events[8].hash);
    assert_eq!(t.registry.audit_events(Some("lead-a")).unwrap().len(), 3);
}

#[test]
fn the_chain_continues_across_restarts() {
    let mut t = busy_registry();
    t.reopen();
    t.registry
        .add_person(&person("new@example.com", "New"), ME)
        .unwrap();
    let check = t.registry.verify_audit().unwrap();
    assert!(check.intact, "{check:?}");
    assert_eq!(check.events, 10);
}

#[test]
fn the_application_cannot_rewrite_events() {
    let mut t = busy_registry();
    let raw = t.raw();
    assert!(raw
        .execute("UPDATE audit_events SET actor = 'x' WHERE seq = 2", [])
        .is_err());
    assert!(raw
        .execute("DELETE FROM audit_events WHERE seq = 2", [])
        .is_err());
}

#[test]
fn an_edited_payload_is_named() {
    let mut t = busy_registry();
    tamper(
        &mut t,
        r#"UPDATE audit_events SET payload = '{"changes":[],"summary":"nothing to see"}' WHERE seq = 6"#,
    );
    let check = t.registry.verify_audit().unwrap();
    let (seq, reason) = first_bad(&check);
    assert_eq!(seq, 6);
    assert!(reason.contains("edited"), "{reason}");
}

#[test]
fn an_edited_actor_or_time_is_named() {
    let mut t = busy_registry();
    tamper(
        &mut t,
        "UPDATE audit_events SET actor = 'someone.else@example.com' WHERE seq = 3",
    );
    assert_eq!(first_bad(&t.registry.verify_audit().unwrap()).0, 3);
    let mut t = busy_registry();
    tamper(
        &mut t,
        "UPDATE audit_events SET at = '2020-01-01T00:00:00.000000Z' WHERE seq = 8",
    );
    assert_eq!(first_bad(&t.registry.verify_audit().unwrap()).0, 8);
}

#[test]
fn a_deleted_event_is_named() {
    let mut t = busy_registry();
    tamper(&mut t, "DELETE FROM audit_events WHERE seq = 4");
    let check = t.registry.verify_audit().unwrap();
    let (seq, reason) = first_bad(&check);
    assert_eq!(seq, 4);
    assert!(reason.contains("missing"), "{reason}");
    assert_eq!(check.events, 8);
}

#[test]
fn deleted_newest_events_are_named() {
    let mut t = busy_registry();
    tamper(&mut t, "DELETE FROM audit_events WHERE seq >= 8");
    let (seq, reason) = first_bad(&t.registry.verify_audit().unwrap());
    assert_eq!(seq, 8);
    assert!(reason.contains("deleted"), "{reason}");
}

#[test]
fn deleted_and_renumbered_events_are_named() {
    // Deleting event 4 and shifting the later ones down hides the gap, but
    // not the broken link.
    let mut t = busy_registry();
    tamper(&mut t, "DELETE FROM audit_events WHERE seq = 4; UPDATE audit_events SET seq = seq - 1 WHERE seq > 4;");
    let (seq, reason) = first_bad(&t.registry.verify_audit().unwrap());
    assert_eq!(seq, 4);
    assert!(reason.contains("does not follow"), "{reason}");
}

#[test]
fn swapped_events_are_named() {
    let mut t = busy_registry();
    tamper(
        &mut t,
        "UPDATE audit_events SET seq = -5 WHERE seq = 5;
         UPDATE audit_events SET seq = 5 WHERE seq = 6;
         UPDATE audit_events SET seq = 6 WHERE seq = -5;",
    );
    let (seq, reason) = first_bad(&t.registry.verify_audit().unwrap());
    assert_eq!(seq, 5);
    assert!(reason.contains("does not follow event 4"), "{reason}");
}

#[test]
fn an_altered_hash_is_named() {
    let mut t = busy_registry();
    tamper(
        &mut t,
        "UPDATE audit_events SET hash = 'f00d' || substr(hash, 5) WHERE seq = 2",
    );
    let (seq, _) = first_bad(&t.registry.verify_audit().unwrap());
    assert_eq!(
        seq, 2,
        "event 2's stored hash no longer matches its content"
    );
}

#[test]
fn the_log_reads_page_by_page_newest_first_with_filters_in_sql() {
    use warrant_core::registry::{AuditQuery, MAX_PAGE};
    let t = busy_registry();
    let all = t.registry.audit_events(None).unwrap();
    let newest_first: Vec<i64> = all.iter().rev().map(|e| e.seq).collect();

    // Pages of three, each older than the last: together the whole trail.
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = t
            .registry
            .audit_page(&AuditQuery {
                before_seq: before,
                limit: 3,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(page.total, all.len() as u64);
        assert!(page.events.len() <= 3);
        assert_eq!(
            page.actors.is_empty(),
            before.is_some(),
            "filter options on the first page only"
        );
        let Some(last) = page.events.last() else {
            break;
        };
        before = Some(last.seq);
        seen.extend(page.events.iter().map(|e| e.seq));
    }
    assert_eq!(seen, newest_first);

    // Filters: contract, actor, kind; total counts every page's worth.
    let first = t
        .registry
        .audit_page(&AuditQuery {
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    let mut kinds: Vec<String> = all.iter().map(|e| e.kind.clone()).collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(first.kinds, kinds);
    let kind = all
        .iter()
        .find(|e| e.contract_id.is_some())
        .unwrap()
        .kind
        .clone();
    let contract = all.iter().find_map(|e| e.contract_id.clone()).unwrap();
    let expected: Vec<i64> = all
        .iter()
        .rev()
        .filter(|e| e.contract_id.as_deref() == Some(&contract) && e.kind == kind)
        .map(|e| e.seq)
        .collect();
    let filtered = t
        .registry
        .audit_page(&AuditQuery {
            contract_id: Some(contract.clone()),
            kind: Some(kind.clone()),
            limit: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(filtered.total, expected.len() as u64);
    assert_eq!(
        filtered.events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        expected[..1]
    );
    assert!(filtered.kinds.contains(&kind));
    let by_actor = t
        .registry
        .audit_page(&AuditQuery {
            actor: Some("nobody@example.com".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!((by_actor.total, by_actor.events.len()), (0, 0));
    // A page is never larger than MAX_PAGE, whatever is asked.
    let huge = t
        .registry
        .audit_page(&AuditQuery {
            limit: u32::MAX,
            ..Default::default()
        })
        .unwrap();
    assert!(huge.events.len() as u32 <= MAX_PAGE);
    assert_eq!(huge.events.len(), all.len());
}
