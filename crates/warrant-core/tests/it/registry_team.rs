//! What a registry keeps about its team repository: the connection, the
//! versions known to be there, each record file and what became of it, and
//! conflicts. Records become reviews and status moves through the lifecycle
//! only on the content they name; all of it is replayed by `audit verify`,
//! so a hand edit of a team table is caught like any other.

use crate::registry_support::*;
use chrono::{Duration, Utc};
use warrant_core::canonical::content_sha256;
use warrant_core::lifecycle::{Action, ReviewDecision};
use warrant_core::model::{Person, Status};
use warrant_core::registry::{
    TeamAct, TeamConnection, TeamRecordOutcome, TeamRecordRow, TeamStep, TeamSync,
};

const BUSINESS: &str = "cs.director@example.com";
const DATA: &str = "dana@example.com";

fn connection() -> TeamConnection {
    TeamConnection {
        team: "Revenue".into(),
        remote: "/srv/team.git".into(),
        work_dir: "/data/registry-team".into(),
        email: ME.into(),
        key: "/home/me/.ssh/id_ed25519".into(),
        last_sync_commit: Some("c0".into()),
        last_sync_at: None,
    }
}

fn row(file: &str, kind: &str, by: &str, hash: &str, minutes: i64) -> TeamRecordRow {
    TeamRecordRow {
        file: file.into(),
        digest: "d".repeat(64),
        subject: "churn".into(),
        kind: kind.into(),
        signer: by.into(),
        at: Utc::now() + Duration::minutes(minutes),
        content_sha256: hash.into(),
        outcome: TeamRecordOutcome::Applied,
        reason: None,
    }
}

/// A connected registry where the repository brought a contract, a
/// submit, both approvals and one approval for other content.
fn synced() -> TempRegistry {
    let mut t = temp_registry();
    let r = &mut t.registry;
    r.add_person(
        &Person {
            email: ME.into(),
            name: "Me".into(),
            team: String::new(),
            title: String::new(),
        },
        "test",
    )
    .unwrap();
    r.connect_team(&connection(), &[]).unwrap();
    let contract = churn("churn", "Churn");
    let hash = content_sha256(&contract);
    let review = |decision| {
        Some(TeamAct::Review {
            decision,
            comment: String::new(),
        })
    };
    let steps = vec![
        TeamStep::Version {
            contract: contract.clone(),
            by: ME.into(),
            at: Utc::now(),
            commit: "c1".into(),
        },
        TeamStep::Record {
            row: row("records/churn/1-submit.yaml", "submit", ME, &hash, 1),
            act: Some(TeamAct::Status {
                action: Action::Submit,
                note: String::new(),
            }),
        },
        TeamStep::Record {
            row: row(
                "records/churn/2-review.yaml",
                "review",
                BUSINESS,
                &"0".repeat(64),
                2,
            ),
            act: review(ReviewDecision::Approve),
        },
        TeamStep::Record {
            row: row("records/churn/3-review.yaml", "review", BUSINESS, &hash, 3),
            act: review(ReviewDecision::Approve),
        },
        TeamStep::Record {
            row: row("records/churn/4-review.yaml", "review", DATA, &hash, 4),
            act: review(ReviewDecision::Approve),
        },
        TeamStep::Record {
            row: TeamRecordRow {
                reason: Some("the signature does not verify".into()),
                ..row("records/churn/5-review.yaml", "review", DATA, &hash, 5)
            },
            act: None,
        },
    ];
    let applied = r
        .apply_team_sync(&TeamSync {
            commit: Some("c1".into()),
            offline: None,
            exported: Vec::new(),
            steps,
        })
        .unwrap();
    let outcomes: Vec<TeamRecordOutcome> = applied.records.iter().map(|r| r.outcome).collect();
    use TeamRecordOutcome::{Applied, Refused};
    assert_eq!(outcomes, [Applied, Refused, Applied, Applied, Refused]);
    assert!(applied.records[1]
        .reason
        .as_deref()
        .unwrap()
        .contains("a record counts only for the content it names"));
    t
}

#[test]
fn records_count_only_on_the_content_they_name_and_the_trail_replays_them() {
    let t = synced();
    let r = &t.registry;
    assert_eq!(r.standing("churn").unwrap().status, Status::Approved);
    let reviewers: Vec<String> = r
        .reviews("churn", None)
        .unwrap()
        .into_iter()
        .map(|r| r.reviewer)
        .collect();
    assert_eq!(reviewers, [BUSINESS, DATA], "stamped with their signers");
    assert_eq!(
        r.team_connection()
            .unwrap()
            .unwrap()
            .last_sync_commit
            .as_deref(),
        Some("c1")
    );
    assert!(r.team_unpublished().unwrap().is_empty());
    let check = r.verify_audit().unwrap();
    assert!(check.intact, "{:?}", check.state_mismatches);
}

#[test]
fn a_hand_edit_of_a_team_table_is_caught() {
    for (sql, words) in [
        (
            "DROP TRIGGER IF EXISTS team_records_no_update; UPDATE team_records SET outcome = 'applied', reason = NULL WHERE file LIKE '%5-review%';",
            "its outcome is applied, but the trail says refused",
        ),
        (
            "DROP TRIGGER IF EXISTS team_records_no_delete; DELETE FROM team_records WHERE file LIKE '%2-review%';",
            "was recorded, but is missing",
        ),
        (
            "UPDATE team_connection SET remote = '/srv/other.git';",
            "its remote is /srv/other.git",
        ),
        (
            "DELETE FROM team_versions;",
            "was recorded, but is missing",
        ),
        (
            "INSERT INTO team_conflicts VALUES ('churn', 'c9', '[1]', '2026-01-01T00:00:00.000000Z', NULL, NULL);",
            "is stored, but no event recorded it",
        ),
    ] {
        let mut t = synced();
        t.edit_by_hand(&[], sql);
        let check = t.registry.verify_audit().unwrap();
        assert!(!check.intact, "{sql}");
        assert!(
            check.state_mismatches.iter().any(|m| m.reason.contains(words)),
            "{sql}: {:?}",
            check.state_mismatches
        );
    }
}

#[test]
fn conflicts_are_kept_until_resolved() {
    let mut t = synced();
    let mut edited = churn("churn", "Churn, edited elsewhere");
    edited.workflow.description.push_str(" Edited.");
    t.registry
        .apply_team_sync(&TeamSync {
            commit: Some("c2".into()),
            offline: None,
            exported: Vec::new(),
            steps: vec![
                TeamStep::Version {
                    contract: edited,
                    by: DATA.into(),
                    at: Utc::now(),
                    commit: "c2".into(),
                },
                TeamStep::Conflict {
                    contract_id: "churn".into(),
                    commit: "c2".into(),
                },
            ],
        })
        .unwrap();
    let open = t.registry.team_conflicts(true).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].versions, [1, 2]);
    t.registry.resolve_team_conflict("churn", ME).unwrap();
    assert!(t.registry.team_conflicts(true).unwrap().is_empty());
    assert_eq!(t.registry.team_conflicts(false).unwrap().len(), 1);
    let check = t.registry.verify_audit().unwrap();
    assert!(check.intact, "{:?}", check.state_mismatches);
}

#[test]
fn a_connected_registry_refuses_unsigned_steps() {
    let mut t = synced();
    let err = t
        .registry
        .change_status("churn", Action::Launch, "", ME)
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("key"));
    assert!(
        err.message.contains("signed by the person who takes it"),
        "{}",
        err.message
    );
    let err = t
        .registry
        .record_review("churn", ReviewDecision::Approve, "", BUSINESS)
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("key"));
    assert!(t.registry.record_rollback("churn", "undid it", ME).is_err());
    assert_eq!(
        t.registry.standing("churn").unwrap().status,
        Status::Approved
    );
}

#[test]
fn in_a_connected_registry_only_the_key_holder_can_be_acting() {
    let mut t = synced();
    // Someone else in the people list cannot be chosen: steps are signed
    // with the holder's key, so the window must not name another person.
    let err = t.registry.set_acting_as(BUSINESS).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("acting_as"));
    assert!(
        err.message.contains("holder of your key"),
        "{}",
        err.message
    );
    assert_ne!(t.registry.acting_as().ok().as_deref(), Some(BUSINESS));
    // The holder can.
    t.registry.set_acting_as(ME).unwrap();
    assert_eq!(t.registry.acting_as().unwrap(), ME);
}
