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

fn run_template_sample(template: &warrant_core::model::Contract) -> DryRunResult {
    let (_, text) = warrant_core::library::sample_for_contract(template).expect(&template.id);
    run(
        template,
        text.as_bytes(),
        RecordsKind::Csv,
        &DryRunOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap()
}

#[test]
fn every_template_has_a_ten_record_sample_exercising_every_rule() {
    for template in warrant_core::library::templates() {
        let result = run_template_sample(&template);
        let id = &template.id;
        assert_eq!(result.total, 10, "{id}: ten records");
        assert_eq!(result.malformed.total, 0, "{id}");
        assert_eq!(result.condition_failures, 0, "{id}: every column is there");
        assert!(result.eligible > 0 && result.review > 0, "{id}");
        for (rule, count) in &result.by_rule {
            assert!(*count > 0, "{id}: rule \"{rule}\" decides no sample record");
        }
        // The template's grain.identifiers name each record.
        assert_eq!(result.id_columns, template.grain.identifiers, "{id}");
        assert!(result
            .records
            .iter()
            .all(|r| r.ids.iter().all(|v| !v.is_empty())));
    }
}

#[test]
fn results_name_each_record_by_its_identifying_columns() {
    let result = run_sample("churn-risk-summary");
    assert_eq!(result.id_columns, ["salesforce_account_id"]);
    assert_eq!(result.records[0].ids, ["0015e00000AbC001"]);

    // No identifier in the file: the first column names the record.
    let mut contract = warrant_core::library::template("rep-alerts").unwrap();
    contract.grain.identifiers = vec!["not_in_the_file".into()];
    let csv = "account_name,alerts_last_7_days,support_severity,confidence,reason_code\n\
               Northwind,0,none,0.9,usage_spike\n";
    let result = run(
        &contract,
        csv.as_bytes(),
        RecordsKind::Csv,
        &DryRunOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap();
    assert_eq!(result.id_columns, ["account_name"]);
    assert_eq!(result.records[0].ids, ["Northwind"]);

    // JSON lines: the identifiers the first record has.
    let jsonl = "{\"crm_account_id\":\"A-1\",\"alerts_last_7_days\":0,\"support_severity\":\"none\",\"confidence\":0.9,\"reason_code\":\"x\"}\n\
                 {\"crm_account_id\":42,\"alerts_last_7_days\":3}\n";
    let contract = warrant_core::library::template("rep-alerts").unwrap();
    let result = run(
        &contract,
        jsonl.as_bytes(),
        RecordsKind::JsonLines,
        &DryRunOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap();
    assert_eq!(result.id_columns, ["crm_account_id"]);
    assert_eq!(result.records[0].ids, ["A-1"]);
    assert_eq!(result.records[1].ids, ["42"]);
}

#[test]
fn results_export_as_csv_filtered_by_outcome() {
    use warrant_core::dryrun::{write_results_csv, Outcome};
    let result = run_sample("churn-risk-summary");
    let mut all = Vec::new();
    assert_eq!(write_results_csv(&result, None, &mut all).unwrap(), 10);
    let text = String::from_utf8(all).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "row,salesforce_account_id,outcome,rule,reason"
    );
    assert!(lines.next().unwrap().starts_with("1,0015e00000AbC001,"));
    assert_eq!(text.lines().count(), 11);

    let mut suppressed = Vec::new();
    let n = write_results_csv(&result, Some(Outcome::Suppressed), &mut suppressed).unwrap();
    assert_eq!(n, result.suppressed);
    let text = String::from_utf8(suppressed).unwrap();
    assert!(
        text.lines().skip(1).all(|l| l.contains(",suppressed,")),
        "{text}"
    );

    // A value a spreadsheet would run is written inert.
    let csv = "crm_account_id,alerts_last_7_days,support_severity,confidence,reason_code\n\
               \"=HYPERLINK(1)\",0,none,0.9,usage_spike\n";
    let contract = warrant_core::library::template("rep-alerts").unwrap();
    let result = run(
        &contract,
        csv.as_bytes(),
        RecordsKind::Csv,
        &DryRunOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap();
    let mut out = Vec::new();
    write_results_csv(&result, None, &mut out).unwrap();
    assert!(String::from_utf8(out).unwrap().contains("'=HYPERLINK(1)"));
}

#[test]
fn the_columns_a_run_reads_are_listed_before_it() {
    use warrant_core::dryrun::columns_read;
    let template = warrant_core::library::template("rep-alerts").unwrap();
    let columns: Vec<(String, Vec<String>)> = columns_read(&template)
        .into_iter()
        .map(|c| (c.column, c.read_by))
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        columns,
        [
            ("crm_account_id".to_string(), s(&["Identifies the record"])),
            (
                "alerts_last_7_days".to_string(),
                s(&["Already alerted this week"])
            ),
            (
                "support_severity".to_string(),
                s(&["Open P1/P2 support case"])
            ),
            ("confidence".to_string(), s(&["Minimum confidence"])),
            ("reason_code".to_string(), s(&["Reason codes required"])),
        ]
    );
}
