//! `warrant_team::steps`, what the app's commands call: the same step
//! signed as the key holder in a team registry and attributed to "acting
//! as" in a desk registry, and joining from a registry file that holds
//! contracts (kept aside, never lost) or not.

use std::path::Path;

use tempfile::TempDir;
use warrant_core::lifecycle::{Action, ReviewDecision};
use warrant_core::model::{Person, Status};
use warrant_core::registry::{Registry, TeamRecordOutcome};
use warrant_team::{acting, steps, sync, SigningKey, TeamPerson};

use super::support::{bare_repository, ssh_keygen, CONTRACT};

const BEA: &str = "bea@example.com"; // business owner, founder
const DAN: &str = "dan@example.com"; // data owner
const ID: &str = "churn-risk-summary";

fn person(email: &str) -> Person {
    Person {
        email: email.into(),
        name: email.split('@').next().unwrap().into(),
        team: "RevOps".into(),
        title: String::new(),
    }
}

/// Bea's registry with the contract, acting as Bea; not connected.
fn desk(dir: &Path) -> Registry {
    let mut registry = Registry::open(&dir.join("bea.db")).unwrap();
    for email in [BEA, DAN, "dee@example.com", "eve@example.com"] {
        registry.add_person(&person(email), "test").unwrap();
    }
    let contract = warrant_core::format::parse_contract("c.yaml", CONTRACT.as_bytes()).unwrap();
    registry.save_contract(&contract, BEA).unwrap();
    registry.set_acting_as(BEA).unwrap();
    registry
}

#[test]
fn in_a_desk_registry_steps_are_attributed_to_acting_as() {
    let dir = TempDir::new().unwrap();
    let mut registry = desk(dir.path());
    steps::change_status(&mut registry, ID, Action::Submit, "Ready.").unwrap();
    let done = steps::review(&mut registry, ID, ReviewDecision::Approve, "Fine.").unwrap();
    assert_eq!(done.review.reviewer, BEA);
    assert!(registry.team_records().unwrap().is_empty());
}

#[test]
fn in_a_team_registry_steps_are_signed_and_a_joined_file_keeps_the_earlier_registry() {
    let dir = TempDir::new().unwrap();
    let remote = dir.path().join("team.git");
    bare_repository(&remote);
    let bea_key = ssh_keygen(dir.path(), "bea", "");
    let dan_key = ssh_keygen(dir.path(), "dan", "");
    let mut bea = desk(dir.path());
    let remote_text = remote.to_str().unwrap();
    let status = steps::start(
        &mut bea,
        &dir.path().join("bea.db"),
        remote_text,
        "Revenue team",
        bea_key.to_str().unwrap(),
    )
    .unwrap();
    assert!(status.connected);
    let key = SigningKey::load(&bea_key, None).unwrap();
    let dan_public = SigningKey::load(&dan_key, None).unwrap().public_key_line();
    let dan = TeamPerson {
        email: DAN.into(),
        name: "Dan".into(),
        team: String::new(),
        title: String::new(),
        keys: Vec::new(),
    };
    acting::add_person(&mut bea, &key, &dan, &dan_public).unwrap();
    steps::change_status(&mut bea, ID, Action::Submit, "Ready.").unwrap();
    steps::review(
        &mut bea,
        ID,
        ReviewDecision::Approve,
        "Business case holds.",
    )
    .unwrap();
    let signed: Vec<_> = bea
        .team_records()
        .unwrap()
        .into_iter()
        .filter(|r| r.subject == ID)
        .map(|r| (r.kind, r.outcome))
        .collect();
    assert_eq!(
        signed,
        [
            ("submit".to_string(), TeamRecordOutcome::SignedHere),
            ("review".to_string(), TeamRecordOutcome::SignedHere)
        ]
    );
    assert!(sync::sync(&mut bea).unwrap().offline.is_none());

    // Dan's desk already holds a contract of its own: joining keeps it aside.
    let dan_db = dir.path().join("dan.db");
    let mut earlier = Registry::open(&dan_db).unwrap();
    earlier
        .add_person(&person("x@example.com"), "test")
        .unwrap();
    let own = CONTRACT.replace("id: churn-risk-summary", "id: dans-own-draft");
    let own = warrant_core::format::parse_contract("c.yaml", own.as_bytes()).unwrap();
    earlier.save_contract(&own, "x@example.com").unwrap();
    drop(earlier);
    // A refusal leaves the file as it was.
    let refused = steps::join_file(
        &dan_db,
        remote_text,
        "nobody@example.com",
        dan_key.to_str().unwrap(),
    )
    .unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("as"), "{refused:?}");
    assert!(Registry::open(&dan_db)
        .unwrap()
        .contract("dans-own-draft")
        .is_ok());

    let joined = steps::join_file(&dan_db, remote_text, DAN, dan_key.to_str().unwrap()).unwrap();
    let kept = joined
        .earlier_registry
        .expect("the earlier registry is kept");
    let kept = Registry::open(Path::new(&kept)).unwrap();
    assert!(kept.contract("dans-own-draft").is_ok());
    let mut dan_registry = Registry::open(&dan_db).unwrap();
    assert!(dan_registry.contract("dans-own-draft").is_err());
    assert_eq!(dan_registry.acting_as().unwrap(), DAN);
    let done = steps::review(
        &mut dan_registry,
        ID,
        ReviewDecision::Approve,
        "Sources hold.",
    )
    .unwrap();
    assert_eq!(done.review.reviewer, DAN);
    assert_eq!(dan_registry.standing(ID).unwrap().status, Status::Approved);
    let rows = dan_registry.team_records().unwrap();
    assert!(rows
        .iter()
        .any(|r| r.signer == BEA && r.kind == "review" && r.outcome == TeamRecordOutcome::Applied));
    assert!(rows
        .iter()
        .any(|r| r.signer == DAN && r.outcome == TeamRecordOutcome::SignedHere));
}
