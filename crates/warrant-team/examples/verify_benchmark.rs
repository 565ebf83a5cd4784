//! How long `verify` takes on a large repository: 1,000 contracts, each
//! submitted, approved by its two owners and launched (4 records each),
//! each with two CEL suppression conditions for the readiness check to compile.
//! Prints figures; asserts nothing about time. Run it in release:
//!
//! ```text
//! cargo run --release -p warrant-team --example verify_benchmark
//! ```

use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use warrant_core::lifecycle::ReviewDecision;
use warrant_core::model::Status;
use warrant_team::record::{KeyAction, Kind, Record};
use warrant_team::{FoundingKey, SigningKey, TeamPerson, TeamRepo};

const CONTRACTS: usize = 1_000;

const TEMPLATE: &str = "format: warrant/v1
id: ID
title: Churn-risk summary ID
workflow:
  category: churn_risk_routing
  description: Draft a churn-risk summary when the health model crosses the review threshold.
  decision: The CSM confirms the reason code before the CRM health band changes.
authority: suggest
sources:
  - name: account_health_current
    system: warehouse
    role: source_of_truth
    trust: trusted
    owner: dan@example.com
owners:
  business: bea@example.com
  data: dan@example.com
  destination: bea@example.com
  exception: dan@example.com
suppression:
  - name: Unresolved P1/P2 support case
    category: support_escalations
    action: suppress
    when: 'record.support_severity in [\"P1\", \"P2\"]'
  - name: Renewal in the next 90 days
    category: active_renewals
    action: review
    when: 'record.days_to_renewal < 90'
destination:
  system: salesforce
  target: Account.Churn_Summary__c
  shows: [reason_code, confidence]
";

fn main() {
    let keys = tempfile::TempDir::new().unwrap();
    let work = tempfile::TempDir::new().unwrap();
    let bea = SigningKey::create(&keys.path().join("bea"), "bea", None).unwrap();
    let dan = SigningKey::create(&keys.path().join("dan"), "dan", None).unwrap();
    let people: Vec<TeamPerson> = ["bea@example.com", "dan@example.com"]
        .iter()
        .map(|email| TeamPerson {
            email: email.to_string(),
            name: email.to_string(),
            team: String::new(),
            title: String::new(),
            keys: Vec::new(),
        })
        .collect();
    let founding = [FoundingKey {
        email: "bea@example.com".into(),
        key: bea.public_key_line(),
    }];
    let repo = TeamRepo::create(work.path(), "Benchmark", &people, &founding).unwrap();
    let mut at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    let mut tick = || {
        at += Duration::seconds(1);
        at
    };
    let t = tick();
    repo.add_record(
        &Record::person_key(
            "dan@example.com",
            "bea@example.com",
            t,
            KeyAction::Add,
            &dan.public_key_line(),
        ),
        &bea,
    )
    .unwrap();

    let started = Instant::now();
    for i in 0..CONTRACTS {
        let id = format!("contract-{i:04}");
        let mut contract =
            warrant_core::format::parse_contract("c.yaml", TEMPLATE.replace("ID", &id).as_bytes())
                .unwrap();
        contract.status = Some(Status::Live);
        repo.write_contract(&contract).unwrap();
        let bea_email = "bea@example.com";
        let dan_email = "dan@example.com";
        repo.add_record(
            &Record::step(&contract, Kind::Submit, bea_email, tick(), ""),
            &bea,
        )
        .unwrap();
        repo.add_record(
            &Record::review(&contract, bea_email, tick(), ReviewDecision::Approve, ""),
            &bea,
        )
        .unwrap();
        repo.add_record(
            &Record::review(&contract, dan_email, tick(), ReviewDecision::Approve, ""),
            &dan,
        )
        .unwrap();
        repo.add_record(
            &Record::step(&contract, Kind::Launch, bea_email, tick(), ""),
            &bea,
        )
        .unwrap();
    }
    let generated = started.elapsed();

    let mut runs = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let report = warrant_team::verify(work.path()).unwrap();
        runs.push(started.elapsed());
        assert!(
            report.ok(),
            "the generated repository verifies: {:?}",
            report.failures.first()
        );
        assert_eq!(report.records_checked, CONTRACTS * 4 + 1);
    }
    println!(
        "generated {CONTRACTS} contracts, {} records in {generated:.2?}",
        CONTRACTS * 4 + 1
    );
    for (i, run) in runs.iter().enumerate() {
        println!("verify run {}: {run:.2?}", i + 1);
    }
    println!("target: 2 s (release)");
}
