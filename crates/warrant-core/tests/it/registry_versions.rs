//! The contract_versions table: every save a full snapshot, the history
//! with plain-language summaries, and diffs between any two versions.

use crate::registry_support::*;
use warrant_core::diff::FieldChange;
use warrant_core::model::{Authority, Source, SuppressionCategory, SuppressionRule};
use warrant_core::ErrorCode;

#[test]
fn every_version_is_kept_whole_and_summarised() {
    let mut t = temp_registry();
    let v1 = churn("churn-a", "Churn A");
    t.registry.save_contract(&v1, ME).unwrap();

    let mut v2 = v1.clone();
    v2.authority = Authority::Route;
    v2.suppression.push(SuppressionRule {
        name: "Holdout group".into(),
        category: Some(SuppressionCategory::Holdouts),
        ..Default::default()
    });
    v2.sources.push(Source {
        name: "legacy_scores".into(),
        ..Default::default()
    });
    t.registry.save_contract(&v2, ME).unwrap();

    let mut v3 = v2.clone();
    v3.sources.retain(|s| s.name != "legacy_scores");
    v3.owners.data = Some("lee@example.com".into());
    t.registry.save_contract(&v3, "lee@example.com").unwrap();

    t.reopen();
    let history = t.registry.versions("churn-a").unwrap();
    let lines: Vec<_> = history
        .iter()
        .map(|v| (v.version, v.summary.as_str(), v.saved_by.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (1, "created", ME),
            (
                2,
                "authority: assist → route; sources: + legacy_scores; suppression: + Holdout group",
                ME
            ),
            (
                3,
                "sources: − legacy_scores; owners.data: dana@example.com → lee@example.com",
                "lee@example.com"
            ),
        ]
    );
    assert_eq!(t.registry.version("churn-a", 1).unwrap().contract, v1);
    assert_eq!(t.registry.version("churn-a", 2).unwrap().contract, v2);
    assert_eq!(t.registry.contract("churn-a").unwrap().contract, v3);
}

#[test]
fn diff_between_any_two_versions_names_the_fields() {
    let mut t = temp_registry();
    let v1 = churn("churn-a", "Churn A");
    t.registry.save_contract(&v1, ME).unwrap();
    let mut v2 = v1.clone();
    v2.sources[0].max_age_hours = Some(6);
    t.registry.save_contract(&v2, ME).unwrap();
    let mut v3 = v2.clone();
    v3.title = "Churn summary".into();
    t.registry.save_contract(&v3, ME).unwrap();

    let change = |field: &str, change: &str| FieldChange {
        field: field.into(),
        change: change.into(),
    };
    assert_eq!(
        t.registry.diff_versions("churn-a", 1, 2).unwrap(),
        [change(
            "sources[account_health_current].max_age_hours",
            "24 → 6"
        )]
    );
    assert_eq!(
        t.registry.diff_versions("churn-a", 1, 3).unwrap(),
        [
            change("title", "Churn A → Churn summary"),
            change("sources[account_health_current].max_age_hours", "24 → 6")
        ]
    );
    assert_eq!(
        t.registry.diff_versions("churn-a", 3, 1).unwrap()[0],
        change("title", "Churn summary → Churn A")
    );
    assert!(t
        .registry
        .diff_versions("churn-a", 2, 2)
        .unwrap()
        .is_empty());
}

#[test]
fn the_edit_event_carries_the_field_level_diff() {
    let mut t = temp_registry();
    let mut c = churn("churn-a", "Churn A");
    t.registry.save_contract(&c, ME).unwrap();
    c.authority = Authority::Suggest;
    t.registry.save_contract(&c, ME).unwrap();
    let events = t.registry.audit_events(Some("churn-a")).unwrap();
    let kinds: Vec<_> = events
        .iter()
        .map(|e| (e.kind.as_str(), e.version))
        .collect();
    assert_eq!(
        kinds,
        [("contract_created", Some(1)), ("contract_edited", Some(2))]
    );
    assert_eq!(events[1].payload["summary"], "authority: assist → suggest");
    assert_eq!(events[1].payload["changes"][0]["field"], "authority");
}

#[test]
fn missing_versions_are_not_found() {
    let mut t = temp_registry();
    t.registry
        .save_contract(&churn("churn-a", "Churn A"), ME)
        .unwrap();
    let err = t.registry.version("churn-a", 2).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(err.message.contains("no version 2"), "{}", err.message);
    assert_eq!(
        t.registry.diff_versions("churn-a", 1, 9).unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(
        t.registry.version("other", 1).unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn the_window_reads_a_diff_in_the_forms_labels() {
    let mut t = temp_registry();
    let mut c = churn("churn-a", "Churn A");
    c.thresholds.min_confidence = Some(0.7);
    t.registry.save_contract(&c, ME).unwrap();
    c.thresholds.min_confidence = Some(0.75);
    t.registry.save_contract(&c, ME).unwrap();
    let changes = t.registry.diff_versions_labelled("churn-a", 1, 2).unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].label.as_str(), changes[0].change.as_str()),
        ("Minimum confidence", "0.7 → 0.75")
    );
    let history = t.registry.versions("churn-a").unwrap();
    assert_eq!(history[1].described, "Minimum confidence: 0.7 → 0.75");
    // The stored event keeps the path.
    let events = t.registry.audit_events(Some("churn-a")).unwrap();
    let edited = events.iter().find(|e| e.kind == "contract_edited").unwrap();
    assert_eq!(
        edited.payload["summary"],
        "thresholds.min_confidence: 0.7 → 0.75"
    );
}

#[test]
fn restoring_a_version_saves_its_content_as_a_new_version() {
    let mut t = temp_registry();
    let v1 = churn("churn-a", "Churn A");
    t.registry.save_contract(&v1, ME).unwrap();
    let mut v2 = v1.clone();
    v2.title = "Churn B".into();
    t.registry.save_contract(&v2, ME).unwrap();

    let saved = t.registry.restore_version("churn-a", 1, ME).unwrap();
    assert_eq!(
        (saved.version, saved.outcome),
        (3, warrant_core::registry::SaveOutcome::NewVersion)
    );
    assert_eq!(
        t.registry.contract("churn-a").unwrap().contract.title,
        "Churn A"
    );
    assert!(t
        .registry
        .diff_versions("churn-a", 1, 3)
        .unwrap()
        .is_empty());
    // Restoring what is already current changes nothing.
    let again = t.registry.restore_version("churn-a", 3, ME).unwrap();
    assert_eq!(
        again.outcome,
        warrant_core::registry::SaveOutcome::Unchanged
    );
    assert_eq!(
        t.registry
            .restore_version("churn-a", 9, ME)
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    assert!(t.registry.verify_audit().unwrap().intact);
}

#[test]
fn a_draft_from_a_template_gets_an_id_no_contract_uses() {
    let mut t = temp_registry();
    let draft = t.registry.draft_from_template("rep-alerts", None).unwrap();
    assert_eq!(draft.id, "slack-or-crm-alerts-for-reps-and-cs");
    assert_eq!(draft.title, "Slack or CRM alerts for reps and CS");

    let saved = t
        .registry
        .new_from_template("rep-alerts", Some("EMEA rep alerts"), None, ME)
        .unwrap();
    assert_eq!(saved.id, "emea-rep-alerts");
    assert_eq!(
        t.registry.status("emea-rep-alerts").unwrap(),
        warrant_core::model::Status::Draft
    );
    let second = t
        .registry
        .new_from_template("rep_alerts", Some("EMEA rep alerts"), None, ME)
        .unwrap();
    assert_eq!(second.id, "emea-rep-alerts-2");
    let taken = t
        .registry
        .new_from_template("rep-alerts", Some("Other"), Some("emea-rep-alerts"), ME)
        .unwrap_err();
    assert_eq!(taken.code, ErrorCode::Conflict);
    let unknown = t.registry.draft_from_template("nope", None).unwrap_err();
    assert_eq!(unknown.code, ErrorCode::NotFound);
}
