//! The embedded defaults: eight warrant/v1 files that parse, carry
//! unique ids, cover each named workflow category with exactly one template,
//! and get the readiness their own leading comment promises.

use std::collections::BTreeSet;

use chrono::{TimeZone, Utc};
use warrant_core::defaults::{contracts, examples, files, templates};
use warrant_core::format::parse_contract;
use warrant_core::model::{Authority, Status, WorkflowCategory};
use warrant_core::readiness::{check, CheckContext, Verdict};

/// The readiness a default's author promised, read from its
/// `# Expected readiness: verdict=… ceiling=… next_route=…` comment line.
#[derive(Debug, PartialEq)]
struct Promise {
    verdict: String,
    ceiling: String,
    next_route: String,
}

fn promise(name: &str, text: &str) -> Promise {
    let line = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix("# Expected readiness:"))
        .unwrap_or_else(|| {
            panic!("{name}: no '# Expected readiness:' line in the leading comment")
        });
    let value = |key: &str| -> String {
        line.split_whitespace()
            .find_map(|pair| {
                pair.strip_prefix(key)
                    .and_then(|rest| rest.strip_prefix('='))
            })
            .unwrap_or_else(|| panic!("{name}: expected readiness does not say {key}="))
            .to_string()
    };
    Promise {
        verdict: value("verdict"),
        ceiling: value("ceiling"),
        next_route: value("next_route"),
    }
}

/// Values as the JSON of `warrant check` spells them.
fn wire(value: impl serde::Serialize) -> String {
    match serde_json::to_value(value).unwrap() {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => "none".to_string(),
        other => other.to_string(),
    }
}

#[test]
fn there_are_eight_and_all_parse() {
    assert_eq!(files().len(), 8);
    for (name, text) in files() {
        let parsed = parse_contract(name, text.as_bytes());
        assert!(parsed.is_ok(), "{name}: {:?}", parsed.err());
    }
    assert_eq!(contracts().len(), 8);
    assert_eq!(templates().len(), 5);
    assert_eq!(examples().len(), 3);
}

#[test]
fn ids_are_unique() {
    let ids: BTreeSet<String> = contracts().into_iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), 8, "{ids:?}");
}

#[test]
fn one_template_per_named_category_and_all_drafts() {
    let templates = templates();
    for category in WorkflowCategory::ALL
        .iter()
        .filter(|c| **c != WorkflowCategory::Other)
    {
        let n = templates
            .iter()
            .filter(|t| t.workflow.category == *category)
            .count();
        assert_eq!(n, 1, "{category}: {n} templates");
    }
    assert!(templates.iter().all(|t| t.status() == Status::Draft));
    // Team-specific owners stay blank in a template; the copier names them.
    for t in &templates {
        assert!(
            t.owners.data.is_none()
                && t.owners.destination.is_none()
                && t.owners.exception.is_none(),
            "{}",
            t.id
        );
        assert!(t.sources.iter().all(|s| s.owner.is_none()), "{}", t.id);
        assert!(t.exceptions.rollback.is_empty(), "{}", t.id);
    }
}

#[test]
fn verdicts_match_what_each_file_promises() {
    // Far in the future on purpose: no default may go stale with time.
    let ctx = CheckContext::at(Utc.with_ymd_and_hms(2031, 1, 1, 0, 0, 0).unwrap());
    let contracts = contracts();
    for ((name, text), contract) in files().iter().zip(&contracts) {
        let readiness = check(contract, &ctx);
        let got = Promise {
            verdict: wire(readiness.verdict),
            ceiling: wire(readiness.ceiling),
            next_route: wire(readiness.next_route),
        };
        assert_eq!(
            got,
            promise(name, text),
            "{name}: findings {:#?}",
            readiness.findings
        );
    }
}

#[test]
fn the_registry_shows_every_verdict_and_one_not_ready() {
    let ctx = CheckContext::at(Utc.with_ymd_and_hms(2031, 1, 1, 0, 0, 0).unwrap());
    let verdicts: Vec<Verdict> = contracts().iter().map(|c| check(c, &ctx).verdict).collect();
    assert!(verdicts.contains(&Verdict::Ready));
    assert!(verdicts.contains(&Verdict::OverAuthorized));
    assert_eq!(
        verdicts.iter().filter(|v| **v == Verdict::NotReady).count(),
        1
    );
}

#[test]
fn examples_are_the_articles_three_requests() {
    let examples = examples();
    let ids: Vec<&str> = examples.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "expansion-accounts-weekly",
            "churn-risk-summary",
            "hot-lead-routing"
        ]
    );
    let authority: Vec<Authority> = examples.iter().map(|c| c.authority).collect();
    assert_eq!(
        authority,
        [Authority::Suggest, Authority::Assist, Authority::Route]
    );
    // A live contract was approved, which needs `ready` (docs/lifecycle.md).
    let ctx = CheckContext::at(Utc.with_ymd_and_hms(2031, 1, 1, 0, 0, 0).unwrap());
    for c in examples.iter().filter(|c| c.status() == Status::Live) {
        assert_eq!(check(c, &ctx).verdict, Verdict::Ready, "{}", c.id);
    }
}

#[test]
fn no_default_carries_a_sync_time_that_could_go_stale() {
    for c in contracts() {
        assert!(
            c.sources.iter().all(|s| s.last_synced_at.is_none()),
            "{}",
            c.id
        );
    }
}

#[test]
fn every_suppression_condition_compiles() {
    for c in contracts() {
        let errors = warrant_core::condition::condition_errors(&c);
        assert!(errors.is_empty(), "{}: {errors:?}", c.id);
        assert!(
            c.suppression
                .iter()
                .all(|rule| !rule.when.trim().is_empty()),
            "{}: a rule without a condition",
            c.id
        );
    }
}

#[test]
fn the_demo_cast_covers_every_address_the_defaults_name() {
    let people = warrant_core::defaults::people();
    assert!(people
        .iter()
        .all(|p| !p.name.is_empty() && !p.team.is_empty() && !p.title.is_empty()));
    for contract in warrant_core::defaults::contracts() {
        let mut named: Vec<String> = contract
            .owners
            .named()
            .into_iter()
            .map(|(_, e)| e.to_string())
            .collect();
        named.extend(contract.sources.iter().filter_map(|s| s.owner.clone()));
        for email in named {
            assert!(
                people.iter().any(|p| p.email == email),
                "{email} of {} is not in contracts/people.csv",
                contract.id
            );
        }
    }
    let mut registry = warrant_core::registry::Registry::open_in_memory().unwrap();
    let report = registry.seed_defaults("seed@example.com").unwrap();
    // The three examples: the templates are the library, not contracts.
    assert_eq!(report.files.len(), 3);
    let seeded = registry.people().unwrap();
    assert_eq!(
        seeded.len(),
        people.len(),
        "no person guessed from an address"
    );
    let priya = seeded
        .iter()
        .find(|p| p.email == "priya.shah@example.com")
        .unwrap();
    assert_eq!(priya.title, "Director of Customer Success");
}
