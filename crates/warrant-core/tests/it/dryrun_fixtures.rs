//! Dry runs over the fixture files in tests/fixtures/dryrun/, whose every
//! record has a known outcome: each step of the order of evaluation
//! (`docs/dry-run.md`), malformed rows, typed cells, quoting, unicode,
//! cancelling, and the file hash.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use warrant_core::dryrun::{
    run, DryRunOptions, DryRunResult, Outcome, Progress, RecordsKind, PROGRESS_EVERY,
};
use warrant_core::model::Contract;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/dryrun")
}

fn contract() -> Contract {
    warrant_core::format::read_contract_file(&fixtures().join("contract.yaml"))
        .expect("fixture contract parses")
}

fn run_file(name: &str, kind: RecordsKind) -> DryRunResult {
    let file = std::fs::File::open(fixtures().join(name)).unwrap();
    run(
        &contract(),
        file,
        kind,
        &DryRunOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap()
}

/// Where the malformed rows were: (row number, line number) of each.
fn malformed_at(result: &DryRunResult) -> Vec<(u64, u64)> {
    result
        .malformed
        .rows
        .iter()
        .map(|m| (m.row, m.line))
        .collect()
}

fn run_bytes(contract: &Contract, bytes: &[u8], kind: RecordsKind) -> DryRunResult {
    run(
        contract,
        bytes,
        kind,
        &DryRunOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap()
}

/// Asserts row by row: (row, outcome, rule, a piece of the reason).
fn assert_records(result: &DryRunResult, expected: &[(u64, Outcome, Option<&str>, &str)]) {
    let got: Vec<_> = result
        .records
        .iter()
        .map(|r| (r.row, r.outcome, r.rule.as_deref(), r.reason.as_str()))
        .collect();
    assert_eq!(got.len(), expected.len(), "records: {got:#?}");
    for (g, e) in got.iter().zip(expected) {
        assert_eq!((g.0, g.1, g.2), (e.0, e.1, e.2), "row {}: {}", g.0, g.3);
        assert!(
            g.3.contains(e.3),
            "row {}: reason {:?} should contain {:?}",
            g.0,
            g.3,
            e.3
        );
    }
}

const OPTED_OUT: Option<&str> = Some("Opted out");
const P1P2: Option<&str> = Some("Unresolved P1/P2 support case");
const RENEWAL: Option<&str> = Some("Renewal conversation under way");
const ENTERPRISE: Option<&str> = Some("Enterprise segment (action not decided)");

#[test]
fn csv_fixture_gives_every_record_its_known_outcome() {
    use Outcome::*;
    let result = run_file("records.csv", RecordsKind::Csv);
    assert_records(
        &result,
        &[
            (1, Eligible, None, "eligible at assist authority"),
            (2, Suppressed, P1P2, "Unresolved P1/P2 support case"), // quoted comma in a cell
            (3, Review, RENEWAL, "Renewal conversation under way"), // unicode name
            (4, Suppressed, OPTED_OUT, "Opted out"), // first matching rule wins over P2
            (5, Review, P1P2, "field \"support_severity\" is missing"), // empty cell = missing
            (6, Review, RENEWAL, "days_to_renewal is \"soon\" (string)"), // wrong type
            (
                7,
                Review,
                None,
                "confidence 0.5 is below min_confidence 0.7",
            ),
            (8, Review, None, "no confidence field"),
            (9, Review, None, "no reason_code"),
            (10, Review, ENTERPRISE, "the rule has no action"),
            // row 11 is malformed
            (12, Eligible, None, "eligible"), // FALSE is a bool, 1 is an int ≥ 0.7, multi-line quoted cell
            (13, Review, None, "confidence \"high\" is not a number"),
            // row 14 is malformed (invalid UTF-8)
            (15, Eligible, None, "eligible"), // confidence equal to the minimum is not below it; 61 > 60
            (16, Review, RENEWAL, "days_to_renewal is \"007\" (string)"), // leading zero stays a string; cells trimmed
        ],
    );
    assert_eq!(
        (
            result.total,
            result.eligible,
            result.review,
            result.suppressed
        ),
        (16, 3, 9, 2)
    );
    assert_eq!(
        result.total,
        result.eligible + result.review + result.suppressed + result.malformed.total
    );
    assert_eq!(
        result.unconditioned_rules, 1,
        "the holdout rule has no condition"
    );
    let by_rule: BTreeMap<&str, u64> = result
        .by_rule
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(
        by_rule,
        BTreeMap::from([
            ("Opted out", 1),
            ("Unresolved P1/P2 support case", 1),
            ("Renewal conversation under way", 1),
            ("Enterprise segment (action not decided)", 1),
        ])
    );
    assert_eq!(
        result.by_rule_failed,
        BTreeMap::from([
            ("Unresolved P1/P2 support case".to_string(), 1),
            ("Renewal conversation under way".to_string(), 2),
        ])
    );
    assert_eq!(result.by_threshold.get("min_confidence"), Some(&3));
    assert_eq!(result.by_threshold.get("reason_code"), Some(&1));
    assert_eq!(result.condition_failures, 3);
    assert_eq!(result.malformed.total, 2);
    let malformed = malformed_at(&result);
    assert_eq!(malformed, vec![(11, 12), (14, 16)]);
    assert!(result.malformed.rows[0]
        .message
        .contains("3 cells but the header has 9"));
    assert!(result.malformed.rows[1].message.contains("not valid UTF-8"));
    assert!(!result.cancelled);
    assert_eq!(result.row_count(), 16);
}

#[test]
fn json_lines_fixture_gives_every_record_its_known_outcome() {
    use Outcome::*;
    let result = run_file("records.jsonl", RecordsKind::JsonLines);
    assert_records(
        &result,
        &[
            (1, Eligible, None, "eligible"), // nested list and object are fine
            (2, Suppressed, P1P2, "Unresolved P1/P2 support case"),
            (3, Eligible, None, "eligible"), // the int 1 is not in ["P1", "P2"]
            (4, Review, P1P2, "field \"support_severity\" is missing"),
            (5, Review, None, "confidence \"0.9\" is not a number"), // JSON strings stay strings
            (6, Review, None, "confidence is null"),                 // null is said to be null
            // rows 7 (invalid JSON) and 8 (a list) are malformed; the blank line is not a row
            (9, Review, None, "no reason_code"), // empty string
            (10, Eligible, None, "eligible"),    // unicode and escaped quotes
            (11, Review, RENEWAL, "Renewal conversation under way"), // 30.5 <= 60 across float and int
            (12, Review, OPTED_OUT, "opt_out is \"yes\" (string)"),
            // row 13 is malformed (invalid UTF-8)
            (14, Review, ENTERPRISE, "the rule has no action"),
        ],
    );
    assert_eq!(
        (
            result.total,
            result.eligible,
            result.review,
            result.suppressed
        ),
        (14, 3, 7, 1)
    );
    let malformed = malformed_at(&result);
    assert_eq!(malformed, vec![(7, 7), (8, 9), (13, 14)]);
    assert!(result.malformed.rows[0].message.contains("not valid JSON"));
    assert!(result.malformed.rows[1].message.contains("holds a list"));
    assert!(result.malformed.rows[2].message.contains("not valid UTF-8"));
}

#[test]
fn a_rule_without_condition_is_counted_not_applied() {
    let mut contract = contract();
    contract.suppression.retain(|r| r.when.is_empty());
    contract.thresholds = Default::default();
    let result = run_bytes(&contract, b"a\n1\n2\n", RecordsKind::Csv);
    assert_eq!((result.total, result.eligible), (2, 2));
    assert_eq!(result.unconditioned_rules, 1);
    assert!(result.by_rule.is_empty());
}

#[test]
fn thresholds_apply_only_after_every_rule_passed() {
    let contract = contract();
    // Low confidence and no reason code, but P1: the rule decides, not the thresholds.
    let result = run_bytes(
        &contract,
        b"support_severity,confidence\nP1,0.1\n",
        RecordsKind::Csv,
    );
    assert_eq!(result.records[0].outcome, Outcome::Suppressed);
    // Low confidence and no reason code: the confidence threshold is checked first.
    let result = run_bytes(
        &contract,
        b"support_severity,confidence\nnone,0.1\n",
        RecordsKind::Csv,
    );
    assert!(
        result.records[0].reason.contains("below min_confidence"),
        "{}",
        result.records[0].reason
    );
}

#[test]
fn without_thresholds_records_passing_the_rules_are_eligible_at_the_contracts_authority() {
    let mut contract = contract();
    contract.thresholds = Default::default();
    contract.authority = warrant_core::model::Authority::Route;
    let result = run_bytes(&contract, b"support_severity\nnone\n", RecordsKind::Csv);
    assert_eq!(result.records[0].outcome, Outcome::Eligible);
    assert_eq!(result.records[0].reason, "eligible at route authority");
}

#[test]
fn a_condition_that_gives_no_boolean_sends_the_record_to_review() {
    let mut contract = contract();
    contract.suppression.truncate(0);
    contract
        .suppression
        .push(warrant_core::model::SuppressionRule {
            name: "Size".into(),
            action: Some(warrant_core::model::SuppressionAction::Suppress),
            when: "record.seats + 1".into(),
            ..Default::default()
        });
    let result = run_bytes(
        &contract,
        b"seats,confidence,reason_code\n3,0.9,x\n",
        RecordsKind::Csv,
    );
    assert_eq!(result.records[0].outcome, Outcome::Review);
    assert!(
        result.records[0]
            .reason
            .contains("gave an integer, not true or false"),
        "{}",
        result.records[0].reason
    );
}

#[test]
fn a_condition_that_does_not_compile_stops_the_run_naming_its_field() {
    let mut contract = contract();
    contract.suppression[2].when = "record.days_to_renewal <=".into();
    let err = run(
        &contract,
        &b"a\n1\n"[..],
        RecordsKind::Csv,
        &DryRunOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("suppression[2].when"));
    assert!(
        err.message.contains("Renewal conversation under way"),
        "{}",
        err.message
    );
}

#[test]
fn a_header_naming_a_column_twice_is_refused() {
    let err = run(
        &contract(),
        &b"a,b,a\n1,2,3\n"[..],
        RecordsKind::Csv,
        &DryRunOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap_err();
    assert!(err.message.contains("Column 3"), "{}", err.message);
}

#[test]
fn only_the_first_records_are_kept_but_counts_cover_all() {
    let mut csv = String::from("support_severity,confidence,reason_code\n");
    for i in 0..50 {
        csv.push_str(if i % 2 == 0 {
            "P1,0.9,x\n"
        } else {
            "none,0.9,x\n"
        });
    }
    let options = DryRunOptions {
        max_records_in_result: 5,
    };
    let result = run(
        &contract(),
        csv.as_bytes(),
        RecordsKind::Csv,
        &options,
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap();
    assert_eq!(result.records.len(), 5);
    assert_eq!(
        (result.total, result.suppressed, result.eligible),
        (50, 25, 25)
    );
}

fn big_csv(rows: u64) -> String {
    let mut csv = String::from("support_severity,confidence,reason_code\n");
    for _ in 0..rows {
        csv.push_str("none,0.9,x\n");
    }
    csv
}

#[test]
fn progress_reports_rows_and_bytes_and_break_cancels() {
    let csv = big_csv(5 * PROGRESS_EVERY + 10);
    let mut seen: Vec<Progress> = Vec::new();
    let result = run(
        &contract(),
        csv.as_bytes(),
        RecordsKind::Csv,
        &DryRunOptions::default(),
        &mut |p| {
            seen.push(p);
            if seen.len() == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    )
    .unwrap();
    assert!(result.cancelled);
    assert_eq!(result.total, 2 * PROGRESS_EVERY);
    assert_eq!(
        seen.iter().map(|p| p.rows).collect::<Vec<_>>(),
        vec![PROGRESS_EVERY, 2 * PROGRESS_EVERY]
    );
    assert!(seen[0].bytes > 0 && seen[1].bytes >= seen[0].bytes);

    let mut calls = 0;
    let full = run(
        &contract(),
        csv.as_bytes(),
        RecordsKind::Csv,
        &DryRunOptions::default(),
        &mut |_| {
            calls += 1;
            ControlFlow::Continue(())
        },
    )
    .unwrap();
    assert!(!full.cancelled);
    assert_eq!(full.total, 5 * PROGRESS_EVERY + 10);
    assert_eq!(calls, 5);
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn file_hash_is_the_sha256_of_the_whole_file_and_stable() {
    for (name, kind) in [
        ("records.csv", RecordsKind::Csv),
        ("records.jsonl", RecordsKind::JsonLines),
    ] {
        let bytes = std::fs::read(fixtures().join(name)).unwrap();
        let first = run_file(name, kind);
        let second = run_file(name, kind);
        assert_eq!(first.file_hash, sha256_hex(&bytes), "{name}");
        assert_eq!(first.file_hash, second.file_hash);
        assert_eq!(first.bytes_read, bytes.len() as u64);
    }
    // Read in tiny pieces, the hash is the same.
    let bytes = std::fs::read(fixtures().join("records.csv")).unwrap();
    let trickle = Trickle(&bytes);
    let result = run(
        &contract(),
        trickle,
        RecordsKind::Csv,
        &DryRunOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap();
    assert_eq!(result.file_hash, sha256_hex(&bytes));
    assert_eq!(result.total, 16);
}

/// A reader that hands out three bytes at a time.
struct Trickle<'a>(&'a [u8]);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(3).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn empty_and_header_only_files_have_no_records() {
    for (bytes, kind) in [
        (&b""[..], RecordsKind::Csv),
        (&b"a,b\n"[..], RecordsKind::Csv),
        (&b"\n\n"[..], RecordsKind::JsonLines),
    ] {
        let result = run_bytes(&contract(), bytes, kind);
        assert_eq!((result.total, result.malformed.total), (0, 0));
    }
}

#[test]
fn an_overlong_json_line_is_malformed_and_the_run_goes_on() {
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"pad\": \"");
    input.extend(std::iter::repeat_n(
        b'x',
        warrant_core::dryrun::records::MAX_JSON_LINE_BYTES + 10,
    ));
    input.extend_from_slice(b"\"}\n{\"support_severity\": \"P1\"}\n");
    let result = run_bytes(&contract(), &input, RecordsKind::JsonLines);
    assert_eq!(result.malformed.total, 1);
    assert!(result.malformed.rows[0].message.contains("longer than"));
    assert_eq!((result.total, result.suppressed), (2, 1));
    assert_eq!(result.records[0].row, 2);
}

#[test]
fn malformed_rows_are_listed_up_to_the_cap_and_all_counted() {
    let mut csv = String::from("a,b\n");
    for _ in 0..(warrant_core::dryrun::MAX_MALFORMED_LISTED + 20) {
        csv.push_str("1,2,3\n");
    }
    let result = run_bytes(&contract(), csv.as_bytes(), RecordsKind::Csv);
    assert_eq!(
        result.malformed.total,
        warrant_core::dryrun::MAX_MALFORMED_LISTED as u64 + 20
    );
    assert_eq!(
        result.malformed.rows.len(),
        warrant_core::dryrun::MAX_MALFORMED_LISTED
    );
}

#[test]
fn json_output_starts_with_the_documented_keys() {
    let result = run_file("records.csv", RecordsKind::Csv);
    let json = serde_json::to_string(&result).unwrap();
    assert!(
        json.starts_with(
            "{\"total\":16,\"eligible\":3,\"review\":9,\"suppressed\":2,\"by_rule\":{"
        ),
        "{json}"
    );
    assert!(
        json.contains("\"records\":[{\"row\":1,\"outcome\":\"eligible\",\"rule\":null,\"reason\":"),
        "{json}"
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        &keys[..6],
        &[
            "total",
            "eligible",
            "review",
            "suppressed",
            "by_rule",
            "records"
        ]
    );
}

#[test]
fn registry_record_carries_the_counts() {
    let result = run_file("records.csv", RecordsKind::Csv);
    let record = result.to_registry_record("records.csv");
    assert_eq!(record.row_count, 16);
    assert_eq!(record.file_hash, result.file_hash);
    assert_eq!(record.counts.eligible, 3);
    assert_eq!(record.counts.malformed, 2);
}
