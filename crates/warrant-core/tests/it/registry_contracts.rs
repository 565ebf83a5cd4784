//! The contracts table: saves, atomic imports, seeding, listing with
//! filters, readiness with the registry's dry runs.

use crate::registry_support::*;
use crate::support::listed_ids;
use chrono::Utc;
use serde_json::json;
use warrant_core::model::{Authority, Status, WorkflowCategory};
use warrant_core::readiness::Verdict;
use warrant_core::registry::{DryRunRecord, ListQuery, SaveOutcome};
use warrant_core::ErrorCode;

#[test]
fn a_new_id_is_created_an_edit_is_a_new_version_and_a_resave_changes_nothing() {
    let mut t = temp_registry();
    let mut c = churn("churn-a", "Churn A");
    let first = t.registry.save_contract(&c, ME).unwrap();
    assert_eq!((first.outcome, first.version), (SaveOutcome::Created, 1));
    c.authority = Authority::Route;
    let second = t.registry.save_contract(&c, "lee@example.com").unwrap();
    assert_eq!(
        (second.outcome, second.version),
        (SaveOutcome::NewVersion, 2)
    );
    let events_before = t.registry.audit_events(None).unwrap().len();
    let third = t.registry.save_contract(&c, ME).unwrap();
    assert_eq!((third.outcome, third.version), (SaveOutcome::Unchanged, 2));
    assert_eq!(
        t.registry.audit_events(None).unwrap().len(),
        events_before,
        "an unchanged save writes nothing"
    );

    t.reopen();
    let stored = t.registry.contract("churn-a").unwrap();
    assert_eq!(stored.version, 2);
    assert_eq!(stored.contract, c);
    assert_eq!(stored.saved_by, "lee@example.com");
}

#[test]
fn an_invalid_contract_is_refused_with_the_first_problem() {
    let mut t = temp_registry();
    let c = churn("Churn A!", "Churn A");
    let err = t.registry.save_contract(&c, ME).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("id"), "{err:?}");
    assert!(t.registry.is_empty().unwrap());
    assert!(
        t.registry.people().unwrap().is_empty(),
        "no owner is created for a refused save"
    );
}

#[test]
fn an_import_with_one_bad_file_changes_nothing_and_names_that_file() {
    let mut t = temp_registry();
    t.registry
        .save_contract(&lead_draft("lead-x", "Lead X"), ME)
        .unwrap();
    let events = t.registry.audit_events(None).unwrap().len();
    let mut changed = lead_draft("lead-x", "Lead X renamed");
    changed.authority = Authority::Assist;
    let files = [
        file("contracts/churn-a.yaml", churn("churn-a", "Churn A")),
        file("contracts/lead-x.yaml", changed),
        file("contracts/broken.yaml", churn("Broken Id", "Broken")),
        file("contracts/churn-c.yaml", churn("churn-c", "Churn C")),
    ];
    let err = t.registry.import(&files, ME).unwrap_err();
    assert!(
        err.message.contains("contracts/broken.yaml"),
        "{}",
        err.message
    );
    assert_eq!(err.field.as_deref(), Some("id"));

    t.reopen();
    let all = t.registry.list(&ListQuery::default(), Utc::now()).unwrap();
    assert_eq!(
        all.iter()
            .map(|s| (s.id.as_str(), s.version))
            .collect::<Vec<_>>(),
        [("lead-x", 1)]
    );
    assert!(
        t.registry.people().unwrap().is_empty(),
        "people from the good files were rolled back too"
    );
    assert_eq!(t.registry.audit_events(None).unwrap().len(), events);
    assert!(
        t.registry.search("churn").unwrap().is_empty(),
        "the search index was rolled back too"
    );
}

#[test]
fn an_import_reports_each_file_and_records_one_import_event() {
    let mut t = temp_registry();
    t.registry
        .save_contract(&churn("churn-a", "Churn A"), ME)
        .unwrap();
    let mut edited = churn("churn-a", "Churn A");
    edited
        .thresholds
        .reason_codes
        .push("admin_departure".into());
    let report = t
        .registry
        .import(
            &[
                file("a.yaml", churn("churn-a", "Churn A")),
                file("b.yaml", lead_draft("lead-b", "Lead B")),
                file("c.json", edited),
            ],
            ME,
        )
        .unwrap();
    let outcomes: Vec<_> = report
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.id.as_str(), f.outcome, f.version))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("a.yaml", "churn-a", SaveOutcome::Unchanged, 1),
            ("b.yaml", "lead-b", SaveOutcome::Created, 1),
            ("c.json", "churn-a", SaveOutcome::NewVersion, 2),
        ]
    );
    assert!(report.people_added.is_empty());
    let last = t.registry.audit_events(None).unwrap().pop().unwrap();
    assert_eq!(last.kind, "import");
    assert_eq!(last.payload["files"][2]["outcome"], json!("new_version"));
}

#[test]
fn seeding_fills_an_empty_registry_once() {
    let mut t = temp_registry();
    let report = t.registry.seed_defaults(ME).unwrap();
    assert_eq!(
        report.files.len(),
        3,
        "the three examples; templates are the library, not contracts"
    );
    assert!(report
        .files
        .iter()
        .all(|f| f.outcome == SaveOutcome::Created));
    assert!(!t.registry.is_empty().unwrap());
    assert_eq!(
        t.registry.audit_events(None).unwrap().last().unwrap().kind,
        "seed"
    );
    let again = t.registry.seed_defaults(ME).unwrap();
    assert!(again.files.is_empty());
    let mut ids = listed_ids(&t.registry, &ListQuery::default());
    ids.sort();
    assert_eq!(
        ids,
        [
            "churn-risk-summary",
            "expansion-accounts-weekly",
            "hot-lead-routing"
        ]
    );
}

#[test]
fn seeding_leaves_a_registry_with_contracts_alone() {
    let mut t = temp_registry();
    t.registry
        .save_contract(&lead_draft("mine", "Mine"), ME)
        .unwrap();
    assert!(t.registry.seed_defaults(ME).unwrap().files.is_empty());
    assert_eq!(listed_ids(&t.registry, &ListQuery::default()).len(), 1);
}

#[test]
fn list_filters_combine_and_rows_are_sorted_by_title() {
    let mut t = temp_registry();
    let mut live = churn("churn-live", "beta churn");
    live.status = Some(Status::Live);
    t.registry.save_contract(&live, ME).unwrap();
    assert_eq!(
        t.registry.status("churn-live").unwrap(),
        Status::Draft,
        "a file's status is no grant"
    );
    launch(&mut t.registry, "churn-live");
    t.registry
        .save_contract(&churn("churn-draft", "Alpha churn"), ME)
        .unwrap();
    t.registry
        .save_contract(&lead_draft("lead-draft", "Gamma leads"), ME)
        .unwrap();
    let ids = |q: ListQuery| listed_ids(&t.registry, &q);
    assert_eq!(
        ids(ListQuery::default()),
        ["churn-draft", "churn-live", "lead-draft"],
        "case-insensitive title order"
    );
    assert_eq!(
        ids(ListQuery {
            status: Some(Status::Draft),
            ..Default::default()
        }),
        ["churn-draft", "lead-draft"]
    );
    assert_eq!(
        ids(ListQuery {
            status: Some(Status::Live),
            ..Default::default()
        }),
        ["churn-live"]
    );
    assert_eq!(
        ids(ListQuery {
            authority: Some(Authority::Suggest),
            ..Default::default()
        }),
        ["lead-draft"]
    );
    assert_eq!(
        ids(ListQuery {
            category: Some(WorkflowCategory::ChurnRiskRouting),
            status: Some(Status::Draft),
            ..Default::default()
        }),
        ["churn-draft"]
    );
    assert_eq!(
        ids(ListQuery {
            owner: Some("DANA@example.com".into()),
            ..Default::default()
        }),
        ["churn-draft", "churn-live"]
    );
    assert_eq!(
        ids(ListQuery {
            owner: Some("support.lead@example.com".into()),
            ..Default::default()
        })
        .len(),
        2,
        "source owners count"
    );
    assert!(ids(ListQuery {
        owner: Some("nobody@example.com".into()),
        ..Default::default()
    })
    .is_empty());
    assert_eq!(
        ids(ListQuery {
            verdict: Some(Verdict::NotReady),
            ..Default::default()
        }),
        ["lead-draft"]
    );
    assert_eq!(
        ids(ListQuery {
            verdict: Some(Verdict::Ready),
            ..Default::default()
        }),
        ["churn-draft", "churn-live"]
    );
    assert_eq!(
        ids(ListQuery {
            search: Some("gam".into()),
            ..Default::default()
        }),
        ["lead-draft"]
    );
}

#[test]
fn list_rows_carry_the_readiness_and_the_current_version() {
    let mut t = temp_registry();
    let mut c = churn("churn-a", "Churn A");
    t.registry.save_contract(&c, ME).unwrap();
    c.authority = Authority::Act;
    t.registry.save_contract(&c, "lee@example.com").unwrap();
    let row = t
        .registry
        .list(&ListQuery::default(), Utc::now())
        .unwrap()
        .remove(0);
    let readiness = t.registry.readiness("churn-a", Utc::now()).unwrap();
    assert_eq!(row.version, 2);
    assert_eq!(row.updated_by, "lee@example.com");
    assert_eq!(row.authority, Authority::Act);
    assert_eq!(
        (row.ceiling, row.verdict, row.next_route),
        (readiness.ceiling, readiness.verdict, readiness.next_route)
    );
    assert_eq!(row.verdict, Verdict::OverAuthorized);
}

#[test]
fn a_recorded_dry_run_satisfies_rule_x4() {
    let mut t = temp_registry();
    t.registry
        .save_contract(&churn("churn-a", "Churn A"), ME)
        .unwrap();
    let x4 = |t: &TempRegistry| {
        t.registry
            .readiness("churn-a", Utc::now())
            .unwrap()
            .findings
            .iter()
            .any(|f| f.rule == "X4")
    };
    assert!(x4(&t));
    assert!(!t.registry.has_dry_run("churn-a").unwrap());
    let run = DryRunRecord {
        file_name: "ten-accounts.csv".into(),
        file_hash: "ab".repeat(32),
        row_count: 10,
        counts: warrant_core::dryrun::DryRunCounts {
            eligible: 7,
            review: 2,
            suppressed: 1,
            ..Default::default()
        },
    };
    let kept = t.registry.record_dry_run("churn-a", 1, &run, ME).unwrap();
    assert_eq!(
        (kept.run.version, kept.run.row_count, kept.changed_to),
        (1, 10, None)
    );
    t.reopen();
    assert!(t.registry.has_dry_run("churn-a").unwrap());
    assert!(!x4(&t));
    let runs = t.registry.dry_runs("churn-a").unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].counts.review, 2);
    let last = t
        .registry
        .audit_events(Some("churn-a"))
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!((last.kind.as_str(), last.version), ("dry_run", Some(1)));
}

#[test]
fn unknown_ids_are_not_found() {
    let mut t = temp_registry();
    assert_eq!(
        t.registry.contract("nope").unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(
        t.registry.versions("nope").unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(
        t.registry.readiness("nope", Utc::now()).unwrap_err().code,
        ErrorCode::NotFound
    );
    let run = DryRunRecord {
        file_name: "x.csv".into(),
        file_hash: String::new(),
        row_count: 0,
        counts: warrant_core::dryrun::DryRunCounts {
            ..Default::default()
        },
    };
    assert_eq!(
        t.registry
            .record_dry_run("nope", 1, &run, ME)
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}

#[test]
fn a_file_cannot_grant_a_status_on_import() {
    let mut t = temp_registry();
    let mut claimed = churn("claims-live", "Claims live");
    claimed.status = Some(Status::Live);
    let mut not_ready = lead_draft("not-ready-live", "Not ready, says live");
    not_ready.status = Some(Status::Live);
    let report = t
        .registry
        .import(
            &[file("a.yaml", claimed.clone()), file("b.yaml", not_ready)],
            ME,
        )
        .unwrap();
    for imported in &report.files {
        assert_eq!(imported.status, Status::Draft, "{imported:?}");
        assert_eq!(imported.file_status, Some(Status::Live));
        assert_eq!(
            imported.note.as_deref(),
            Some("file says live; imported as draft — statuses are recorded in Warrant, through reviews and launches")
        );
        assert_eq!(t.registry.status(&imported.id).unwrap(), Status::Draft);
    }
    // An existing contract's status is left as it is by a new version from a file.
    claimed.status = Some(Status::Retired);
    claimed.title = "Claims retired".into();
    let report = t.registry.import(&[file("a.yaml", claimed)], ME).unwrap();
    assert_eq!(report.files[0].outcome, SaveOutcome::NewVersion);
    assert_eq!(report.files[0].status, Status::Draft);
    assert!(report.files[0]
        .note
        .as_deref()
        .unwrap()
        .contains("the contract stays draft"));
    assert!(t.registry.verify_audit().unwrap().intact);
}

#[test]
fn the_default_examples_reach_their_status_through_recorded_events() {
    let mut t = temp_registry();
    t.registry.seed_defaults(ME).unwrap();
    for (id, status) in [
        ("churn-risk-summary", Status::Live),
        ("expansion-accounts-weekly", Status::Live),
        ("hot-lead-routing", Status::InReview),
    ] {
        assert_eq!(t.registry.status(id).unwrap(), status, "{id}");
        let kinds: Vec<String> = t
            .registry
            .audit_events(Some(id))
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        let expected: &[&str] = match status {
            Status::Live => &[
                "contract_created",
                "status_changed",
                "review",
                "review",
                "status_changed",
                "status_changed",
            ],
            _ => &["contract_created", "status_changed"],
        };
        assert_eq!(kinds, expected, "{id}");
    }
    let reviews = t.registry.reviews("churn-risk-summary", None).unwrap();
    assert_eq!(reviews.len(), 2);
    assert!(reviews.iter().all(|r| r.comment.contains("demo registry")));
    let check = t.registry.verify_audit().unwrap();
    assert!(check.intact, "{:?}", check.state_mismatches);
}

#[test]
fn a_dry_run_belongs_to_the_version_it_evaluated_and_an_empty_one_is_not_x4() {
    let mut t = temp_registry();
    let mut c = churn("churn-a", "Churn A");
    c.authority = warrant_core::model::Authority::Act;
    t.registry.save_contract(&c, ME).unwrap();
    let x4 = |t: &TempRegistry| {
        t.registry
            .readiness("churn-a", Utc::now())
            .unwrap()
            .findings
            .iter()
            .any(|f| f.rule == "X4")
    };
    let only_malformed = DryRunRecord {
        file_name: "broken.csv".into(),
        file_hash: "cd".repeat(32),
        row_count: 3,
        counts: warrant_core::dryrun::DryRunCounts {
            eligible: 0,
            review: 0,
            suppressed: 0,
            malformed: 3,
            ..Default::default()
        },
    };
    t.registry
        .record_dry_run("churn-a", 1, &only_malformed, "dana@example.com")
        .unwrap();
    assert!(x4(&t), "a run that evaluated no record tried nothing");
    // Someone saves version 2 while a run of version 1 goes on.
    c.title = "Churn A, edited during the run".into();
    t.registry.save_contract(&c, ME).unwrap();
    let run = DryRunRecord {
        file_name: "ten.csv".into(),
        file_hash: "ab".repeat(32),
        row_count: 10,
        counts: warrant_core::dryrun::DryRunCounts {
            eligible: 7,
            review: 2,
            suppressed: 1,
            ..Default::default()
        },
    };
    let kept = t
        .registry
        .record_dry_run("churn-a", 1, &run, "dana@example.com")
        .unwrap();
    assert_eq!((kept.run.version, kept.changed_to), (1, Some(2)));
    assert!(!x4(&t));
    // Whoever keeps a run must be in the people list.
    let err = t
        .registry
        .record_dry_run("churn-a", 2, &run, "bench")
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("actor"));
    assert!(t.registry.verify_audit().unwrap().intact);
}

#[test]
fn a_versions_content_hash_is_the_canonical_hash_anyone_can_recompute() {
    let mut t = temp_registry();
    let mut c = churn("churn-a", "Churn A");
    c.status = Some(Status::Live);
    t.registry.save_contract(&c, ME).unwrap();
    let created = t.registry.audit_events(Some("churn-a")).unwrap().remove(0);
    assert_eq!(
        created.payload["content_hash"],
        warrant_core::canonical::content_sha256(&c),
        "the status is not content"
    );
}
