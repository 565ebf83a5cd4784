//! One reading of sample records: how cells are typed, what a quote means,
//! what happens to a row that cannot be read, and the order in which a
//! contract's rules decide a record. One test per reported bug.

use std::collections::BTreeMap;
use std::ops::ControlFlow;

use warrant_core::dryrun::records::{type_cell, FieldValue};
use warrant_core::dryrun::{run, DryRunOptions, DryRunResult, Outcome, RecordsKind};
use warrant_core::model::{
    Contract, SuppressionAction, SuppressionCategory, SuppressionRule, WorkflowCategory,
};

fn rule(name: &str, when: &str, action: SuppressionAction) -> SuppressionRule {
    SuppressionRule {
        name: name.into(),
        category: Some(SuppressionCategory::Custom),
        action: Some(action),
        when: when.into(),
    }
}

fn contract(rules: Vec<SuppressionRule>, min_confidence: Option<f64>) -> Contract {
    let mut c = Contract::new("reading", "Reading", WorkflowCategory::Other);
    c.suppression = rules;
    c.thresholds.min_confidence = min_confidence;
    c
}

fn run_text(contract: &Contract, text: &str, kind: RecordsKind) -> DryRunResult {
    run(
        contract,
        text.as_bytes(),
        kind,
        &DryRunOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap()
}

fn balanced(r: &DryRunResult) -> bool {
    r.total == r.eligible + r.review + r.suppressed + r.malformed.total
}

#[test]
fn every_number_form_is_a_number_and_a_leading_zero_is_text() {
    for (cell, value) in [
        (".5", 0.5),
        ("5.", 5.0),
        ("1e3", 1000.0),
        ("-.5", -0.5),
        ("2.5E-1", 0.25),
    ] {
        assert_eq!(type_cell(cell, false), FieldValue::Float(value), "{cell}");
    }
    assert_eq!(type_cell("+5", false), FieldValue::Int(5));
    assert_eq!(type_cell("0", false), FieldValue::Int(0));
    for text in [
        "007", "00.5", ".", "1e", "e3", "1.2.3", "+", "--5", "1_000", "inf", "NaN",
    ] {
        assert_eq!(type_cell(text, false), FieldValue::Str(text), "{text}");
    }
    let c = contract(vec![], Some(0.7));
    let r = run_text(&c, "id,confidence\na,.9\nb,+1\nc,9e-1\n", RecordsKind::Csv);
    assert_eq!((r.eligible, r.review), (3, 0), "{:?}", r.records);
}

#[test]
fn a_quoted_cell_is_always_text() {
    assert_eq!(type_cell("0.95", true), FieldValue::Str("0.95"));
    assert_eq!(type_cell("true", true), FieldValue::Str("true"));
    assert_eq!(type_cell("", true), FieldValue::Str(""));
    let c = contract(
        vec![rule(
            "Code kept as text",
            r#"record.code == "123""#,
            SuppressionAction::Suppress,
        )],
        Some(0.7),
    );
    let r = run_text(
        &c,
        "code,confidence\n\"123\",0.9\nx,\"0.95\"\n",
        RecordsKind::Csv,
    );
    assert_eq!(r.records[0].outcome, Outcome::Suppressed, "{:?}", r.records);
    assert_eq!(r.records[1].outcome, Outcome::Review);
    assert!(
        r.records[1].reason.contains("\"0.95\" is not a number"),
        "{:?}",
        r.records[1]
    );
}

#[test]
fn a_byte_order_mark_starting_a_json_lines_file_is_skipped() {
    let c = contract(vec![], None);
    let r = run_text(
        &c,
        "\u{feff}{\"id\": 1}\n{\"id\": 2}\n",
        RecordsKind::JsonLines,
    );
    assert_eq!((r.eligible, r.malformed.total), (2, 0), "{:?}", r.malformed);
}

#[test]
fn an_unclosed_quote_is_reported_where_it_opened_with_what_was_lost() {
    let c = contract(vec![], None);
    let r = run_text(
        &c,
        "id,note\n1,fine\n2,\"never closed\n3,lost\n4,lost too\n",
        RecordsKind::Csv,
    );
    assert_eq!(r.eligible, 1);
    assert_eq!(r.malformed.total, 1);
    let row = &r.malformed.rows[0];
    assert_eq!((row.row, row.line), (2, 3), "{row:?}");
    assert!(
        row.message.contains("cell 2 (note) on line 3"),
        "{}",
        row.message
    );
    assert!(row.message.contains("lines 3 to 5"), "{}", row.message);
    assert!(balanced(&r));
}

#[test]
fn ragged_and_non_utf8_rows_are_counted_in_the_total() {
    let c = contract(
        vec![rule(
            "Opted out",
            "record.opt_out == true",
            SuppressionAction::Suppress,
        )],
        None,
    );
    let mut bytes = b"id,opt_out,note\n1,true,x\n2,false\n3,false,caf".to_vec();
    bytes.extend_from_slice(&[0xE9, b'\n']);
    bytes.extend_from_slice(b"4,false,ok\n");
    let r = run(
        &c,
        &bytes[..],
        RecordsKind::Csv,
        &DryRunOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap();
    assert_eq!(r.total, 4);
    assert_eq!((r.suppressed, r.eligible, r.malformed.total), (1, 1, 2));
    assert!(balanced(&r));
    assert_eq!(r.row_count(), 4);
    assert!(
        r.malformed.rows[1].message.contains("Cell 3"),
        "{:?}",
        r.malformed.rows
    );
}

#[test]
fn a_failing_condition_does_not_stop_the_rules_after_it() {
    let c = contract(
        vec![
            rule(
                "Gold tier",
                r#"record.tier == "gold""#,
                SuppressionAction::Review,
            ),
            rule(
                "Opted out",
                "record.opt_out == true",
                SuppressionAction::Suppress,
            ),
        ],
        None,
    );
    let r = run_text(
        &c,
        "{\"opt_out\": true}\n{\"opt_out\": false}\n",
        RecordsKind::JsonLines,
    );
    assert_eq!(
        r.records[0].outcome,
        Outcome::Suppressed,
        "{:?}",
        r.records[0]
    );
    assert_eq!(r.records[0].rule.as_deref(), Some("Opted out"));
    assert_eq!(r.records[1].outcome, Outcome::Review, "no rule decided");
    assert!(
        r.records[1].reason.contains("\"tier\""),
        "{:?}",
        r.records[1]
    );
    assert_eq!(r.condition_failures, 1);
}

#[test]
fn per_rule_counts_keep_failures_apart_from_matches() {
    let c = contract(
        vec![
            rule(
                "Gold tier",
                r#"record.tier == "gold""#,
                SuppressionAction::Review,
            ),
            rule(
                "Opted out",
                "record.opt_out == true",
                SuppressionAction::Suppress,
            ),
        ],
        None,
    );
    let r = run_text(
        &c,
        "{\"opt_out\": true}\n{\"opt_out\": false}\n{\"tier\": \"gold\"}\n",
        RecordsKind::JsonLines,
    );
    assert_eq!(
        r.by_rule,
        BTreeMap::from([("Gold tier".to_string(), 1), ("Opted out".to_string(), 1)])
    );
    assert_eq!(
        r.by_rule_failed,
        BTreeMap::from([("Gold tier".to_string(), 2)])
    );
}

#[test]
fn a_missing_nested_field_is_named_by_its_full_path() {
    let c = contract(
        vec![rule(
            "Gold",
            r#"record.account.tier == "gold""#,
            SuppressionAction::Review,
        )],
        None,
    );
    let r = run_text(
        &c,
        "{\"account\": {\"id\": 1}}\n{\"other\": 1}\n",
        RecordsKind::JsonLines,
    );
    assert!(
        r.records[0].reason.contains("\"account.tier\""),
        "{:?}",
        r.records[0]
    );
    assert!(
        r.records[1].reason.contains("\"account\""),
        "{:?}",
        r.records[1]
    );
}

#[test]
fn a_null_confidence_is_said_to_be_null() {
    let c = contract(vec![], Some(0.7));
    let r = run_text(
        &c,
        "{\"confidence\": null}\n{\"id\": 1}\n",
        RecordsKind::JsonLines,
    );
    assert!(
        r.records[0].reason.contains("confidence is null"),
        "{:?}",
        r.records[0]
    );
    assert!(
        r.records[1].reason.contains("no confidence field"),
        "{:?}",
        r.records[1]
    );
}
