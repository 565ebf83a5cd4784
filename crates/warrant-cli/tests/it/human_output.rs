//! Snapshots of what `warrant` prints for a person (not the JSON, whose
//! shape the other tests pin field by field): a change to wording, order or
//! alignment shows up as a diff of `tests/it/snapshots/` to review, instead
//! of slipping past assertions that look for one phrase. Paths, times and
//! hashes vary from run to run and are replaced by `[DB]`, `[TIME]`, `[HASH]`.
//!
//! To accept an intended change: `INSTA_UPDATE=always cargo test -p
//! warrant-cli -- human_output`, then review the `.snap` diff.

use std::path::Path;

use crate::support::{ok, repo_file, stderr, stdout, warrant};

const FIXED_AT: &str = "2026-11-24T09:00:00Z";
const DANA: &str = "dana.okafor@example.com";

/// Runs the snapshot assertion with the run-to-run details blanked.
fn settings_for(dir: &Path) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.add_filter(&regex::escape(&dir.display().to_string()), "[DIR]");
    settings.add_filter(
        &regex::escape(&super::support::repo_root().display().to_string()),
        "[REPO]",
    );
    settings.add_filter(r"\b[0-9a-f]{64}\b", "[HASH]");
    settings.add_filter(r"\b[0-9a-f]{12,63}\b", "[HASH]");
    settings.add_filter(
        r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}| UTC)?)?",
        "[TIME]",
    );
    settings
}

/// A registry made by `warrant init`, with its eight default contracts.
fn seeded(dir: &Path) -> String {
    let db = dir.join("registry.db").display().to_string();
    ok(&["init", "--db", &db]);
    db
}

#[test]
fn check_of_the_example_contracts() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        repo_file("contracts/examples/churn-risk-summary.yaml"),
        repo_file("contracts/examples/hot-lead-routing.yaml"),
        repo_file("contracts/examples/expansion-accounts-weekly.yaml"),
    ];
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--at", FIXED_AT]);
    let out = warrant(&args);
    settings_for(dir.path()).bind(|| {
        insta::assert_snapshot!(
            "check_examples",
            format!(
                "exit {:?}\n{}{}",
                out.status.code(),
                stdout(&out),
                stderr(&out)
            )
        )
    });
}

#[test]
fn a_new_registry_listed_shown_and_reviewed() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let settings = settings_for(dir.path());
    settings.bind(|| {
        insta::assert_snapshot!("list", ok(&["list", "--db", &db]));
        insta::assert_snapshot!(
            "show_churn",
            ok(&["show", "churn-risk-summary", "--db", &db])
        );
        insta::assert_snapshot!(
            "reviews_hot_leads",
            ok(&["reviews", "hot-lead-routing", "--db", &db])
        );
        insta::assert_snapshot!("people", ok(&["people", "list", "--db", &db]));
    });
}

#[test]
fn a_dry_run_kept_and_the_trail_verified() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let sample = repo_file("contracts/samples/churn-risk-summary.csv");
    let settings = settings_for(dir.path());
    settings.bind(|| {
        insta::assert_snapshot!(
            "dryrun_churn",
            ok(&[
                "dryrun",
                "churn-risk-summary",
                "--records",
                &sample,
                "--db",
                &db,
                "--as",
                DANA
            ])
        );
        insta::assert_snapshot!("audit_verify", ok(&["audit", "verify", "--db", &db]));
    });
}
