//! The ten-record samples shipped in contracts/samples/ beside the example
//! contracts: each example has one, every conditioned suppression rule
//! decides at least one record, and the counts are the ones written here.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use warrant_core::dryrun::{run, DryRunOptions, DryRunResult, RecordsKind};

fn contracts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../contracts")
}

fn run_sample(id: &str) -> DryRunResult {
    let contract = warrant_core::format::read_contract_file(
        &contracts_dir().join("examples").join(format!("{id}.yaml")),
    )
    .unwrap_or_else(|e| panic!("example {id}: {e}"));
    let sample = std::fs::File::open(contracts_dir().join("samples").join(format!("{id}.csv")))
        .unwrap_or_else(|e| panic!("sample for {id}: {e}"));
    run(
        &contract,
        sample,
        RecordsKind::Csv,
        &DryRunOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap()
}

#[test]
fn every_example_contract_has_a_ten_record_sample_exercising_every_rule() {
    let mut examples: Vec<String> = std::fs::read_dir(contracts_dir().join("examples"))
        .unwrap()
        .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_string))
        .collect();
    examples.sort();
    assert!(!examples.is_empty());
    for id in examples {
        let result = run_sample(&id);
        assert_eq!(result.total, 10, "{id}: ten records");
        assert_eq!(
            result.malformed.total, 0,
            "{id}: {:?}",
            result.malformed.rows
        );
        assert!(
            result.eligible > 0 && result.review > 0 && result.suppressed > 0,
            "{id}: some of each outcome"
        );
        for (rule, count) in &result.by_rule {
            assert!(*count > 0, "{id}: rule \"{rule}\" decides no sample record");
        }
    }
}

#[test]
fn sample_counts_are_the_expected_ones() {
    // (contract, eligible, review, suppressed)
    let expected = [
        ("churn-risk-summary", 4, 4, 2),
        ("expansion-accounts-weekly", 5, 2, 3),
        ("hot-lead-routing", 3, 5, 2),
    ];
    for (id, eligible, review, suppressed) in expected {
        let r = run_sample(id);
        assert_eq!(
            (r.eligible, r.review, r.suppressed),
            (eligible, review, suppressed),
            "{id}: {:#?}",
            r.records
        );
    }
}

#[test]
fn churn_sample_outcomes_row_by_row() {
    let r = run_sample("churn-risk-summary");
    let got: Vec<(u64, &str, Option<&str>)> = r
        .records
        .iter()
        .map(|x| (x.row, x.outcome.as_str(), x.rule.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (1, "eligible", None),
            (2, "suppressed", Some("Unresolved P1/P2 support case")),
            (3, "suppressed", Some("Unresolved P1/P2 support case")),
            (4, "review", Some("Renewal conversation under way")),
            (5, "review", Some("Child account of a larger parent")),
            (6, "review", None), // confidence 0.55 < 0.7
            (7, "review", None), // no reason code
            (8, "eligible", None),
            (9, "eligible", None),
            (10, "eligible", None), // 61 days, confidence exactly 0.7
        ]
    );
}

/// Regression: an empty CSV cell is a missing field, so the hot-lead rule
/// `record.territory_owner == ""` could never hold and the record reached
/// review only through a condition error. The rule now tests `has(...)`, and
/// the record goes to review for the rule's own reason.
#[test]
fn a_lead_without_territory_owner_is_reviewed_by_its_rule() {
    let result = run_sample("hot-lead-routing");
    let row3 = result.records.iter().find(|r| r.row == 3).expect("row 3");
    assert_eq!(
        row3.rule.as_deref(),
        Some("No valid territory owner"),
        "{row3:?}"
    );
    assert!(!row3.reason.contains("missing"), "{row3:?}");
}
