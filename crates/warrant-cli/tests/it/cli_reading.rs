//! The CLI's side of "one reading of every input": which commands may create
//! a registry, where `--db` may stand, how `list` lays out long ids, what the
//! help points to, and how a dry run's counts are worded.

use crate::support::{self, forecast_contract, ok, repo_file, stderr, stdout, warrant};

#[test]
fn only_init_creates_a_registry() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo.db");
    let typo = typo.to_str().unwrap();
    let contract = dir.path().join("c.yaml");
    std::fs::write(
        &contract,
        forecast_contract("c", "C", "  business: a@example.com\n"),
    )
    .unwrap();
    for args in [
        vec!["list", "--db", typo],
        vec!["show", "c", "--db", typo],
        vec!["people", "list", "--db", typo],
        vec!["import", contract.to_str().unwrap(), "--db", typo],
        vec!["audit", "verify", "--db", typo],
        vec!["backup", "--out", "/dev/null", "--db", typo],
    ] {
        let o = warrant(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("no registry at"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(
            !std::path::Path::new(typo).exists(),
            "{args:?} created the file"
        );
    }
    ok(&["init", "--empty", "--db", typo]);
    assert!(std::path::Path::new(typo).exists());
    assert!(ok(&["list", "--db", typo]).contains("No contracts"));
}

#[test]
fn db_may_stand_before_or_after_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let db = db.to_str().unwrap();
    ok(&["--db", db, "init"]);
    let before = ok(&["--db", db, "list"]);
    let after = ok(&["list", "--db", db]);
    assert_eq!(before, after);
    assert!(before.contains("churn-risk-summary"), "{before}");
    ok(&["--db", db, "audit", "verify"]);
    ok(&["--db", db, "people", "list"]);
}

#[test]
fn list_columns_are_as_wide_as_their_longest_value() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let db = db.to_str().unwrap();
    ok(&["init", "--empty", "--db", db]);
    // Imports say who brings them in once anyone is in the people list.
    ok(&["people", "add", "a@example.com", "--name", "A", "--db", db]);
    let long_id = "quarterly-forecast-commentary-for-the-enterprise-segment-emea";
    for (file, id) in [("a.yaml", long_id), ("b.yaml", "short")] {
        let path = dir.path().join(file);
        std::fs::write(
            &path,
            forecast_contract(id, "Forecast", "  business: a@example.com\n"),
        )
        .unwrap();
        ok(&[
            "import",
            path.to_str().unwrap(),
            "--db",
            db,
            "--as",
            "a@example.com",
        ]);
    }
    let out = ok(&["list", "--db", db]);
    let lines: Vec<&str> = out.lines().collect();
    let status_at = lines[0].find("STATUS").unwrap();
    assert!(status_at > long_id.len(), "{out}");
    for line in &lines[1..] {
        assert_eq!(line.find("draft"), Some(status_at), "{out}");
    }
}

#[test]
fn help_points_to_the_reference_in_docs_not_to_an_internal_document() {
    let mut texts = vec![ok(&["--help"])];
    for command in ["check", "dryrun", "worksheet", "init"] {
        texts.push(ok(&[command, "--help"]));
    }
    for text in &texts {
        assert!(!text.contains("SPEC"), "{text}");
        assert!(!text.contains('§'), "{text}");
    }
    assert!(texts[0].contains("docs/"), "{}", texts[0]);
    assert!(texts[1].contains("docs/readiness-rules.md"), "{}", texts[1]);
    assert!(texts[2].contains("docs/dry-run.md"), "{}", texts[2]);
    let root = support::repo_root();
    for doc in [
        "cli.md",
        "file-format.md",
        "readiness-rules.md",
        "dry-run.md",
    ] {
        assert!(
            root.join("docs").join(doc).is_file(),
            "docs/{doc} is missing"
        );
    }
}

#[test]
fn a_dry_run_of_one_row_says_row_and_its_total_adds_up() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("one.csv");
    std::fs::write(&records, "account_id,support_severity\nA1,P1\n").unwrap();
    let out = warrant(&[
        "dryrun",
        &repo_file("tests/fixtures/dryrun/contract.yaml"),
        "--records",
        records.to_str().unwrap(),
    ]);
    let text = stdout(&out);
    assert!(text.contains("— 1 row,"), "{text}");
    assert!(!text.contains("1 rows"), "{text}");
    assert!(
        text.contains("= eligible + review + suppressed + malformed"),
        "{text}"
    );
}

#[test]
fn a_blank_owner_imports_as_not_set_and_adds_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let db = db.to_str().unwrap();
    ok(&["init", "--empty", "--db", db]);
    let file = dir.path().join("blank.yaml");
    std::fs::write(
        &file,
        forecast_contract(
            "blank-owner",
            "Blank owner",
            "  business: \"   \"\n  data: dana@example.com\n",
        )
        .replace("owner: dana@example.com", "owner: \"\""),
    )
    .unwrap();
    ok(&["import", file.to_str().unwrap(), "--db", db]);
    let people: serde_json::Value =
        serde_json::from_str(&ok(&["people", "list", "--json", "--db", db])).unwrap();
    let emails: Vec<&str> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["dana@example.com"]);
    let o = warrant(&["check", file.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let findings = stdout(&o);
    for rule in ["\"S3\"", "\"R3\""] {
        assert!(findings.contains(rule), "{rule} missing: {findings}");
    }
}
