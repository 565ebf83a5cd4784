//! The review screen's commands (`get_review`, `record_review`,
//! `review_queue`) called through Tauri's invoke pipeline on the mock runtime,
//! over a registry seeded like a first run: the shapes the window receives,
//! the queue of contracts waiting on the acting person, and approval moving a
//! contract once both owners have approved.

use crate::support::{ids, TestApp};
use serde_json::json;
use warrant_core::lifecycle::{Action, ReviewDecision};
use warrant_core::registry::{DryRunRecord, Registry};

/// Business owner of the article's churn and expansion examples.
const PRIYA: &str = "priya.shah@example.com";
/// Data owner of the three examples.
const DANA: &str = "dana.okafor@example.com";
/// Business owner of hot-lead-routing (in review, over-authorized).
const SAM: &str = "sam.ortiz@example.com";
/// The churn example: ready at assist, live as shipped.
const CHURN: &str = "churn-risk-summary";
const HOT_LEADS: &str = "hot-lead-routing";

impl TestApp {
    fn queue_ids(&self) -> Vec<String> {
        ids(&self.ok("review_queue", json!({})))
    }
}

/// Edits the live churn example and submits the edit: version 1 stays
/// live while version 2, ready at its requested level, is in review.
fn churn_in_review(registry: &mut Registry) {
    let mut contract = registry.contract(CHURN).unwrap().contract;
    contract.title = format!("{} (reworded)", contract.title);
    registry.save_contract(&contract, PRIYA).unwrap();
    registry
        .change_status(CHURN, Action::Submit, "", PRIYA)
        .unwrap();
}

#[test]
fn get_review_gathers_the_one_screen_summary() {
    let app = TestApp::seeded(Some(PRIYA), |registry| {
        let run = DryRunRecord {
            file_name: "churn-risk-summary.csv".into(),
            file_hash: "ab".repeat(32),
            row_count: 10,
            counts: warrant_core::dryrun::DryRunCounts {
                eligible: 7,
                review: 2,
                suppressed: 1,
                ..Default::default()
            },
        };
        registry.record_dry_run(CHURN, 1, &run, DANA).unwrap();
    });
    let view = app.ok("get_review", json!({ "id": CHURN }));
    assert_eq!(view["stored"]["contract"]["id"], CHURN);
    assert_eq!(view["readiness"]["verdict"], "ready", "{view}");
    assert_eq!(view["readiness"]["requested"], "assist");
    assert_eq!(view["lifecycle"]["status"], "live");
    assert_eq!(view["latest_dry_run"]["row_count"], 10);
    assert_eq!(view["latest_dry_run"]["counts"]["suppressed"], 1);
    // The example reached "live" through the demo owners' recorded approvals.
    let history = view["reviews"].as_array().unwrap();
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(history
        .iter()
        .all(|r| r["comment"].as_str().unwrap().contains("demo registry")));
    let emails: Vec<&str> = view["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["email"].as_str().unwrap())
        .collect();
    for owner in [
        PRIYA,
        DANA,
        "marcus.reed@example.com",
        "lena.fischer@example.com",
    ] {
        assert!(emails.contains(&owner), "{owner} missing from {emails:?}");
    }
    assert!(
        !emails.contains(&SAM),
        "people should be those the contract names: {emails:?}"
    );
    // The lifecycle is the acting person's: Priya owns the business action,
    // so she may pause the live contract.
    let pause = view["lifecycle"]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "pause")
        .unwrap();
    assert_eq!(pause["allowed"], true, "{pause}");

    let missing = app
        .call("get_review", json!({ "id": "no-such-contract" }))
        .unwrap_err();
    assert_eq!(missing["code"], "not_found");
}

#[test]
fn the_queue_lists_in_review_contracts_the_acting_owner_has_not_approved() {
    let app = TestApp::seeded(Some(DANA), churn_in_review);
    let mut queue = app.queue_ids();
    queue.sort();
    assert_eq!(queue, vec![CHURN.to_string(), HOT_LEADS.to_string()]);

    let recorded = app.ok(
        "record_review",
        json!({ "id": CHURN, "decision": "approve", "comment": "" }),
    );
    assert_eq!(recorded["status"], "in_review", "{recorded}");
    assert_eq!(recorded["review"]["roles"], json!(["data"]));
    let still = recorded["still_missing"].as_array().unwrap();
    assert!(
        still.len() == 1 && still[0].as_str().unwrap().contains("Priya Shah"),
        "{still:?}"
    );
    assert_eq!(app.queue_ids(), vec![HOT_LEADS.to_string()]);
}

#[test]
fn the_second_owner_approval_approves_the_version() {
    let app = TestApp::seeded(Some(PRIYA), |registry| {
        churn_in_review(registry);
        registry
            .record_review(CHURN, ReviewDecision::Approve, "", DANA)
            .unwrap();
    });
    assert_eq!(app.queue_ids(), vec![CHURN.to_string()]);
    let recorded = app.ok(
        "record_review",
        json!({ "id": CHURN, "decision": "approve", "comment": "Read the ten samples." }),
    );
    assert_eq!(recorded["status"], "approved", "{recorded}");
    assert_eq!(recorded["status_change"]["to"], "approved");
    let view = app.ok("get_review", json!({ "id": CHURN }));
    assert_eq!(
        view["lifecycle"]["status"], "live",
        "version 1 is still live"
    );
    assert_eq!(view["lifecycle"]["pending"]["status"], "approved");
    assert_eq!(view["lifecycle"]["pending"]["version"], 2);
    let history = view["reviews"].as_array().unwrap();
    assert_eq!(
        history.len(),
        4,
        "two demo approvals of version 1, two of version 2: {history:?}"
    );
    assert_eq!(history[3]["reviewer"], PRIYA);
    assert_eq!(history[3]["version"], 2);
    assert_eq!(history[3]["comment"], "Read the ten samples.");
    assert!(app.queue_ids().is_empty());
}

#[test]
fn requesting_changes_needs_a_comment_and_sends_the_contract_back_to_draft() {
    let app = TestApp::seeded(Some(SAM), |_| {});
    let refused = app
        .call(
            "record_review",
            json!({ "id": HOT_LEADS, "decision": "request_changes", "comment": "  " }),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "invalid");
    assert_eq!(refused["field"], "comment");
    assert_eq!(
        app.ok("get_review", json!({ "id": HOT_LEADS }))["lifecycle"]["status"],
        "in_review",
        "a refused review changes nothing"
    );

    let recorded = app.ok(
        "record_review",
        json!({ "id": HOT_LEADS, "decision": "request_changes",
                "comment": "Agree what a qualified lead is before routing." }),
    );
    assert_eq!(recorded["status"], "draft");
    let view = app.ok("get_review", json!({ "id": HOT_LEADS }));
    assert_eq!(view["reviews"][0]["decision"], "request_changes");
    assert!(app.queue_ids().is_empty());
}

#[test]
fn approving_an_over_authorized_contract_is_refused_with_the_reason() {
    let app = TestApp::seeded(Some(SAM), |_| {});
    let refused = app
        .call(
            "record_review",
            json!({ "id": HOT_LEADS, "decision": "approve", "comment": "" }),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "conflict");
    let message = refused["message"].as_str().unwrap();
    assert!(message.contains("it is over-authorized"), "{message}");
}

#[test]
fn reviewing_needs_someone_acting() {
    let app = TestApp::seeded(None, |_| {});
    let refused = app
        .call(
            "record_review",
            json!({ "id": HOT_LEADS, "decision": "approve", "comment": "" }),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "invalid");
    assert_eq!(refused["field"], "acting_as");
    assert_eq!(app.ok("review_queue", json!({})), json!([]));
    // Reading works for anyone; the lifecycle then allows nothing that
    // needs an owner.
    let view = app.ok("get_review", json!({ "id": HOT_LEADS }));
    assert_eq!(view["lifecycle"]["status"], "in_review");
}

#[test]
fn get_review_says_the_next_step_and_whose_it_is() {
    let app = TestApp::seeded(Some(SAM), |_| {});
    let view = app.ok("get_review", json!({ "id": HOT_LEADS }));
    let step = &view["next_step"];
    // Over-authorized at route because of matching: the data owner's work.
    assert_eq!(step["rule"], "R1", "{step}");
    assert_eq!(step["role"], "data");
    assert_eq!(step["owner"], DANA);
    assert!(
        step["action"].as_str().unwrap().ends_with("before routing"),
        "{step}"
    );
}

#[test]
fn the_example_people_are_removed_in_one_step_by_someone_of_the_team() {
    let app = TestApp::seeded(Some(SAM), |registry| {
        let me = warrant_core::model::Person {
            email: "ines@acme.example".into(),
            name: "Ines Duarte".into(),
            team: "RevOps".into(),
            title: "RevOps lead".into(),
        };
        registry.add_person(&me, "ines@acme.example").unwrap();
    });
    let examples = app.ok("example_people", json!({}));
    assert_eq!(examples.as_array().unwrap().len(), 10, "{examples}");
    // Acting as an example person, the removal is refused.
    let refused = app.call("remove_example_people", json!({})).unwrap_err();
    assert_eq!(refused["code"], "conflict", "{refused}");
    app.ok("set_acting_as", json!({ "email": "ines@acme.example" }));
    let people = app.ok("remove_example_people", json!({}));
    let emails: Vec<&str> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["ines@acme.example"]);
    assert_eq!(app.ok("example_people", json!({})), json!([]));
    let view = app.ok("get_review", json!({ "id": HOT_LEADS }));
    assert_eq!(
        view["stored"]["contract"]["owners"]["business"],
        "ines@acme.example"
    );
}
