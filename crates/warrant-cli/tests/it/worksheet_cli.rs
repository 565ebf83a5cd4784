//! `warrant worksheet` end to end, read back with poppler's `pdftotext` as a
//! person searching the PDF would: a registry contract prints its title,
//! owners' names, latest dry run and audit head; `--blank` prints the empty
//! worksheet; a wrong combination of arguments is refused in words.

use std::path::Path;
use std::process::Command;

use crate::support::{ok, repo_root, warrant};
use warrant_core::dryrun::{run, DryRunOptions, RecordsKind};
use warrant_core::registry::Registry;

/// The PDF's text with every run of whitespace made one space.
fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    String::from_utf8_lossy(&out.stdout)
        .replace('\u{200B}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_registry_contract_prints_with_its_title_dry_run_and_audit_head() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let db_arg = db.to_str().unwrap();
    ok(&["init", "--db", db_arg]);

    // A dry run kept in the contract's history, so the worksheet has counts to print.
    let mut registry = Registry::open(&db).unwrap();
    let contract = registry.contract("churn-risk-summary").unwrap().contract;
    let sample =
        std::fs::File::open(repo_root().join("contracts/samples/churn-risk-summary.csv")).unwrap();
    let result = run(
        &contract,
        sample,
        RecordsKind::Csv,
        &DryRunOptions::default(),
        &mut |_| std::ops::ControlFlow::Continue(()),
    )
    .unwrap();
    registry
        .record_dry_run(
            "churn-risk-summary",
            1,
            &result.to_registry_record("churn-risk-summary.csv"),
            "dana.okafor@example.com",
        )
        .unwrap();
    let head = registry.audit_head().unwrap();
    drop(registry);

    let out = dir.path().join("churn.pdf");
    let printed = ok(&[
        "worksheet",
        "churn-risk-summary",
        "--out",
        out.to_str().unwrap(),
        "--db",
        db_arg,
    ]);
    assert!(printed.contains("Wrote"), "{printed}");
    let text = pdf_text(&out);
    assert!(text.contains(&contract.title), "title missing: {text}");
    assert!(
        text.contains("churn-risk-summary.csv"),
        "dry run missing: {text}"
    );
    // The head is long; a hash may wrap, so its start is enough to find it.
    assert!(
        text.contains(&head.hash[..16]),
        "audit head missing: {text}"
    );
}

#[test]
fn letter_paper_and_the_blank_worksheet() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("blank.pdf");
    ok(&[
        "worksheet",
        "--blank",
        "--paper",
        "letter",
        "--out",
        out.to_str().unwrap(),
    ]);
    let info = Command::new("pdfinfo").arg(&out).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("612 x 792"), "not US Letter: {info}");
    let text = pdf_text(&out);
    assert!(text.contains("Workflow and decision"), "{text}");
}

#[test]
fn a_contract_file_prints_without_a_registry() {
    let dir = tempfile::tempdir().unwrap();
    let file = repo_root().join("contracts/examples/hot-lead-routing.yaml");
    let contract = warrant_core::format::read_contract_file(&file).unwrap();
    let out = dir.path().join("hot.pdf");
    ok(&[
        "worksheet",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--db",
        dir.path().join("none.db").to_str().unwrap(),
    ]);
    assert!(pdf_text(&out).contains(&contract.title));
}

#[test]
fn blank_with_a_contract_or_neither_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    let both = warrant(&[
        "worksheet",
        "--blank",
        "some-id",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(both.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&both.stderr).contains("--blank prints the empty worksheet"));
    let neither = warrant(&["worksheet", "--out", out.to_str().unwrap()]);
    assert_eq!(neither.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&neither.stderr).contains("say which contract"));
    assert!(!out.exists());
    let unknown = warrant(&[
        "worksheet",
        "no-such-contract",
        "--out",
        out.to_str().unwrap(),
        "--db",
        dir.path().join("r.db").to_str().unwrap(),
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no registry"));
}

#[test]
fn a_live_contract_with_a_pending_edit_prints_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let db_arg = db.to_str().unwrap();
    ok(&["init", "--db", db_arg]);
    {
        let mut registry = Registry::open(&db).unwrap();
        let mut contract = registry.contract("churn-risk-summary").unwrap().contract;
        contract.thresholds.sync_cadence = "hourly".into();
        registry
            .save_contract(&contract, "marcus.reed@example.com")
            .unwrap();
    }
    let out = dir.path().join("churn.pdf");
    ok(&[
        "worksheet",
        "churn-risk-summary",
        "--out",
        out.to_str().unwrap(),
        "--db",
        db_arg,
    ]);
    let text = pdf_text(&out);
    assert!(
        text.contains("live: version 1 · pending: version 2 (a draft)"),
        "{text}"
    );
}
