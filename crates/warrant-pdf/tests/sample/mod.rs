//! The sample contract the tests, the example renders and the benchmark
//! share: a churn-risk workflow, asking for `route` while its data
//! supports `assist` (so the ladder shows an over-authorized gap).

// Each includer (tests, example, bench) uses a different part of it.
#![allow(dead_code)]

use chrono::NaiveDate;
use serde_json::json;
use warrant_core::model::{Authority, Contract, Person, WorkflowCategory};
use warrant_core::readiness::{Finding, Readiness, Route, Verdict};
use warrant_pdf::{DryRunCounts, FilledWorksheet, ReviewLine};

/// The date printed on every sample worksheet.
pub fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

pub fn people() -> Vec<Person> {
    let p = |email: &str, name: &str| Person {
        email: email.into(),
        name: name.into(),
        team: String::new(),
        title: String::new(),
    };
    vec![
        p("cs.director@example.com", "Morgan Reyes"),
        p("dana@example.com", "Dana Whitfield"),
        p("revops@example.com", "Priya Natarajan"),
        p("cs.ops@example.com", "Tomasz Lindqvist"),
    ]
}

/// The churn-risk example, asking for `route` while its data
/// supports `assist`.
pub fn churn_contract() -> Contract {
    serde_json::from_value(json!({
        "format": "warrant/v1",
        "id": "churn-risk-summary",
        "title": "Churn-risk summary for CSMs",
        "workflow": {
            "category": "churn_risk_routing",
            "description": "Draft a churn-risk summary when the health model crosses the review threshold.",
            "decision": "The CSM confirms the reason code before the CRM health band changes."
        },
        "authority": "route",
        "status": "in_review",
        "sources": [
            { "name": "account_health_current", "system": "warehouse", "role": "source_of_truth",
              "trust": "trusted", "owner": "dana@example.com", "max_age_hours": 24,
              "last_synced_at": "2026-11-20T06:00:00Z" },
            { "name": "support_cases", "system": "support", "role": "context", "trust": "provisional",
              "owner": "unknown.person@example.com" }
        ],
        "grain": { "entity": "account", "identifiers": ["salesforce_account_id"], "matching": "probabilistic",
                   "match_rate": 0.93, "match_rate_target": 0.95 },
        "definitions": [ { "name": "account health band", "status": "agreed" },
                         { "name": "renewal date", "status": "contested" } ],
        "owners": { "business": "cs.director@example.com", "data": "dana@example.com",
                    "destination": "revops@example.com", "exception": "cs.ops@example.com" },
        "thresholds": { "min_confidence": 0.7, "reason_codes_required": true,
                        "reason_codes": ["usage_drop", "admin_departure", "open_billing_ticket"],
                        "max_field_age_hours": 48, "sync_cadence": "daily", "output_expires_after_hours": 168 },
        "suppression": [ { "name": "Unresolved P1/P2 support case", "category": "support_escalations",
                           "action": "suppress", "when": "record.support_severity in [\"P1\", \"P2\"]" } ],
        "destination": { "system": "salesforce", "target": "Account.Churn_Summary__c",
                         "shows": ["reason_code", "confidence", "timestamp", "source"] },
        "exceptions": { "pause_procedure": "CS ops turns the sync off in the scheduler and posts in #cs-ops.",
                        "rollback": "Restore the previous health band from the nightly snapshot.",
                        "pause_triggers": ["match rate below 0.95", "support-case feed older than 6 hours"] },
        "audit": { "records": ["suggestion", "change", "reviewer", "timestamp"], "retention_days": 365 },
        "launch_checks": { "workflow_picked": "2026-11-02", "sample_records_pulled": "2026-11-05" }
    }))
    .expect("the test contract is valid warrant/v1")
}

pub fn finding(
    rule: &str,
    level: Authority,
    field: &str,
    blocking: bool,
    message: &str,
) -> Finding {
    Finding {
        rule: rule.into(),
        level,
        field: field.into(),
        blocking,
        message: message.into(),
    }
}

pub fn churn_readiness() -> Readiness {
    Readiness {
        id: "churn-risk-summary".into(),
        requested: Authority::Route,
        ceiling: Some(Authority::Assist),
        verdict: Verdict::OverAuthorized,
        next_route: Route::DataFoundation,
        findings: vec![
            finding(
                "R1",
                Authority::Route,
                "grain.matching",
                true,
                "Matching must be deterministic to route records.",
            ),
            finding(
                "R2",
                Authority::Route,
                "definitions",
                true,
                "Agree the definition of renewal date with every team.",
            ),
            finding(
                "X1",
                Authority::Act,
                "exceptions.rollback",
                false,
                "Write down how a change is reverted.",
            ),
        ],
    }
}

pub fn worksheet<'a>(
    contract: &'a Contract,
    readiness: &'a Readiness,
    people: &'a [Person],
) -> FilledWorksheet<'a> {
    FilledWorksheet {
        contract,
        version: 3,
        readiness,
        people,
        dry_run: Some(DryRunCounts {
            file_name: "accounts-sample.csv".into(),
            total: 250,
            eligible: 201,
            review: 31,
            suppressed: 18,
            at: "2026-11-21 14:02 UTC".into(),
        }),
        reviews: vec![ReviewLine {
            version: 2,
            reviewer: "Morgan Reyes".into(),
            role: "executive sponsor".into(),
            decision: "changes requested".into(),
            comment: "Name the exception owner before raising to route.".into(),
            at: "2026-11-18".into(),
        }],
        audit_head: Some(
            "sha256:9f2c4e7a1b0d3c5e8f6a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e:42".into(),
        ),
        date: date(),
        standing: None,
    }
}

/// Typst markup, HTML and escapes that must print as themselves.
pub const MARKUP: &str = r#"#panic() $x$ #set page(width: 1pt) <script>alert(1)</script> \ C:\temp\ ] *bold* _under_ @ref <lbl> // not a comment"#;

/// Repeated 25 times: a 500-character word with no space to break at.
pub const LONG_WORD: &str = "Supercalifragilistic";

/// The sample contract with hostile and huge strings in most fields: a
/// 10,000-character description, 500-character words, markup, right-to-left
/// text and emoji.
pub fn hostile_contract() -> Contract {
    let long_word = LONG_WORD.repeat(25);
    let description =
        format!("{MARKUP} ").repeat(10_000 / (MARKUP.len() + 1) + 1)[..10_000].to_owned();
    let mut contract = churn_contract();
    contract.title = format!("{MARKUP} مرحبا بالعالم — שלום עולם");
    contract.workflow.description = description;
    contract.workflow.decision = long_word.clone();
    contract.destination.target = long_word.clone();
    contract.exceptions.pause_procedure = "🚀 rocket 👩\u{200D}💻 coder".to_owned();
    contract.exceptions.pause_triggers.push(MARKUP.to_owned());
    contract.suppression[0].when = format!("{long_word} ]]]");
    contract
        .grain
        .identifiers
        .push(r"\\server\share\#panic()".to_owned());
    contract.id = format!("hostile-{}", "x".repeat(120));
    contract
}

/// A business owner whose name is markup and a 500-character word.
pub fn hostile_people() -> Vec<Person> {
    vec![Person {
        email: "cs.director@example.com".into(),
        name: format!("{MARKUP} {}", LONG_WORD.repeat(25)),
        team: String::new(),
        title: String::new(),
    }]
}

/// [`worksheet`] for [`hostile_contract`], with a hostile review comment and
/// sample file name too.
pub fn hostile_worksheet<'a>(
    contract: &'a Contract,
    readiness: &'a Readiness,
    people: &'a [Person],
) -> FilledWorksheet<'a> {
    let mut w = worksheet(contract, readiness, people);
    w.reviews[0].comment = MARKUP.to_owned();
    w.dry_run.as_mut().unwrap().file_name = LONG_WORD.repeat(25);
    w
}

/// A contract with only the required keys: every area prints write-on lines.
pub fn bare_contract() -> Contract {
    Contract::new("bare", "Bare draft", WorkflowCategory::Other)
}

/// What the readiness check says about [`bare_contract`]: not even suggest.
pub fn bare_readiness() -> Readiness {
    Readiness {
        id: "bare".into(),
        requested: Authority::Suggest,
        ceiling: None,
        verdict: Verdict::NotReady,
        next_route: Route::TranslateTheAsk,
        findings: vec![finding(
            "S1",
            Authority::Suggest,
            "workflow.description",
            true,
            "Describe the workflow.",
        )],
    }
}

/// [`bare_contract`] as version 1 with no people, dry run, review or audit.
pub fn bare_worksheet<'a>(contract: &'a Contract, readiness: &'a Readiness) -> FilledWorksheet<'a> {
    FilledWorksheet {
        contract,
        version: 1,
        readiness,
        people: &[],
        dry_run: None,
        reviews: vec![],
        audit_head: None,
        date: date(),
        standing: None,
    }
}
