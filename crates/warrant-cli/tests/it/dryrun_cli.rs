//! `warrant dryrun`: the JSON shape scripts rely on, the summary form, the
//! human report, and keeping the run in the registry when the contract is
//! named by id.

use std::path::Path;

use crate::support::{repo_file, stderr, stdout, warrant};

/// The object's keys in the order the output wrote them.
fn keys_in_order(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn json_output_has_the_documented_shape() {
    let out = warrant(&[
        "dryrun",
        &repo_file("tests/fixtures/dryrun/contract.yaml"),
        "--records",
        &repo_file("tests/fixtures/dryrun/records.csv"),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "{\"total\":16,\"eligible\":3,\"review\":9,\"suppressed\":2,\"by_rule\":{"
        ),
        "{text}"
    );
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let keys = keys_in_order(&value);
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
    assert_eq!(value["records"].as_array().unwrap().len(), 14);
    assert_eq!(value["records"][1]["rule"], "Unresolved P1/P2 support case");
    assert_eq!(value["records"][1]["outcome"], "suppressed");
}

#[test]
fn summary_omits_records_and_keeps_the_key_order() {
    let out = warrant(&[
        "dryrun",
        &repo_file("tests/fixtures/dryrun/contract.yaml"),
        "--records",
        &repo_file("tests/fixtures/dryrun/records.jsonl"),
        "--json",
        "--summary",
    ]);
    assert!(out.status.success());
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys = keys_in_order(&value);
    assert_eq!(
        &keys[..5],
        &["total", "eligible", "review", "suppressed", "by_rule"]
    );
    assert!(!keys.contains(&"records"));
    assert_eq!(value["total"], 14, "malformed rows count in the total");
}

#[test]
fn a_contract_in_the_registry_keeps_its_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db").display().to_string();
    assert!(warrant(&["init", "--db", &db]).status.success());
    let out = warrant(&[
        "dryrun",
        "churn-risk-summary",
        "--records",
        &repo_file("contracts/samples/churn-risk-summary.csv"),
        "--db",
        &db,
        "--as",
        "dana.okafor@example.com",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("eligible") && text.contains("Kept in the history of churn-risk-summary"),
        "{text}"
    );

    let registry = warrant_core::registry::Registry::open(Path::new(&db)).unwrap();
    let runs = registry.dry_runs("churn-risk-summary").unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].file_name, "churn-risk-summary.csv");
    assert_eq!(runs[0].row_count, 10);
    assert_eq!(runs[0].run_by, "dana.okafor@example.com");
    assert_eq!(runs[0].counts.suppressed, 2);
    let events = registry.audit_events(Some("churn-risk-summary")).unwrap();
    assert!(events.iter().any(|e| e.kind == "dry_run"));
}

#[test]
fn an_unknown_contract_or_a_broken_condition_fails_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db").display().to_string();
    let out = warrant(&[
        "dryrun",
        "no-such-contract",
        "--records",
        &repo_file("contracts/samples/churn-risk-summary.csv"),
        "--db",
        &db,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no registry at"));

    let broken = dir.path().join("broken.yaml");
    std::fs::write(
        &broken,
        "format: warrant/v1\nid: broken\ntitle: Broken\nworkflow: {category: other}\nauthority: suggest\n\
         suppression:\n  - name: Bad\n    action: suppress\n    when: 'record.a =='\n",
    )
    .unwrap();
    let out = warrant(&[
        "dryrun",
        &broken.display().to_string(),
        "--records",
        &repo_file("contracts/samples/churn-risk-summary.csv"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("suppression[0].when") && err.contains("line 1, column"),
        "{err}"
    );
}

#[test]
fn the_report_names_each_record_by_its_identifying_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reg.db");
    let db = db.to_str().unwrap();
    assert_eq!(warrant(&["init", "--db", db]).status.code(), Some(0));
    let o = warrant(&[
        "dryrun",
        "churn-risk-summary",
        "--records",
        &repo_file("contracts/samples/churn-risk-summary.csv"),
        "--db",
        db,
        "--as",
        "priya.shah@example.com",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let header = text
        .lines()
        .find(|l| l.trim_start().starts_with("row"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(header.contains("salesforce_account_id"), "{header}");
    assert!(text.contains("0015e00000AbC001"), "{text}");
}
