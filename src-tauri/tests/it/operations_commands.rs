//! The lifecycle, dry-run, worksheet and backup commands called the way the
//! window calls them — through Tauri's invoke pipeline on the mock runtime —
//! so argument names, JSON shapes and the error shape are what the UI gets.
//! File dialogs are never reached: every call passes its path (as the test
//! hooks of the end-to-end tests would).

use std::path::Path;
use std::process::Command;

use crate::support::TestApp;
use serde_json::{json, Value};
use warrant_core::lifecycle::ReviewDecision;
use warrant_core::registry::Registry;

/// Business owner of the seeded churn-risk-summary example.
const BUSINESS: &str = "priya.shah@example.com";
/// Its data owner.
const DATA: &str = "dana.okafor@example.com";
/// A draft copy of that example, ready to be submitted.
const DRAFT: &str = "churn-copy";

impl TestApp {
    /// A first-run registry plus [`DRAFT`], acting as `actor` (None: nobody).
    fn with_draft(actor: Option<&str>) -> TestApp {
        TestApp::seeded(actor, |registry| {
            let mut copy = registry.contract("churn-risk-summary").unwrap().contract;
            copy.id = DRAFT.into();
            copy.title = "Churn-risk summary (copy)".into();
            copy.status = None;
            registry.save_contract(&copy, BUSINESS).unwrap();
        })
    }

    fn act_as(&self, email: &str) {
        self.ok("set_acting_as", json!({ "email": email }));
    }

    /// The availability entry of `action` for the acting person.
    fn action(&self, id: &str, action: &str) -> Value {
        let state = self.ok("lifecycle_state", json!({ "id": id }));
        state["actions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["action"] == action)
            .cloned()
            .unwrap_or_else(|| panic!("no {action} in {state}"))
    }
}

// ── Lifecycle ──

#[test]
fn with_nobody_acting_every_action_is_closed_and_says_why() {
    let app = TestApp::with_draft(None);
    let state = app.ok("lifecycle_state", json!({ "id": DRAFT }));
    assert_eq!(state["status"], "draft");
    for action in state["actions"].as_array().unwrap() {
        assert_eq!(action["allowed"], false, "{action}");
        assert!(
            action["reason"]
                .as_str()
                .unwrap()
                .contains("Nobody is acting"),
            "{action}"
        );
    }
    let refused = app
        .call(
            "change_status",
            json!({ "id": DRAFT, "action": "submit", "note": "" }),
        )
        .unwrap_err();
    assert_eq!(refused["field"], "acting_as", "{refused}");
}

#[test]
fn submit_approve_launch_pause_resume_through_the_commands() {
    let app = TestApp::with_draft(Some(BUSINESS));
    assert_eq!(app.action(DRAFT, "submit")["allowed"], true);
    let change = app.ok(
        "change_status",
        json!({ "id": DRAFT, "action": "submit", "note": "" }),
    );
    assert_eq!(
        (change["from"].clone(), change["to"].clone()),
        (json!("draft"), json!("in_review"))
    );

    // Launching before the approvals is refused with the plain reason.
    let launch = app.action(DRAFT, "launch");
    assert_eq!(launch["allowed"], false);
    assert!(
        launch["reason"]
            .as_str()
            .unwrap()
            .contains("it is in review"),
        "{launch}"
    );

    // The approvals are reviews (the review screen's command); recorded here
    // through the core, as the other screen is not under test.
    {
        let mut registry = Registry::open(&app.registry_path()).unwrap();
        registry
            .record_review(DRAFT, ReviewDecision::Approve, "", BUSINESS)
            .unwrap();
        registry
            .record_review(DRAFT, ReviewDecision::Approve, "", DATA)
            .unwrap();
    }
    let state = app.ok("lifecycle_state", json!({ "id": DRAFT }));
    assert_eq!(state["status"], "approved", "{state}");

    app.ok(
        "change_status",
        json!({ "id": DRAFT, "action": "launch", "note": "" }),
    );
    // Pause needs a reason: refused on that field when it is blank.
    let blank = app
        .call(
            "change_status",
            json!({ "id": DRAFT, "action": "pause", "note": "  " }),
        )
        .unwrap_err();
    assert_eq!(blank["field"], "reason", "{blank}");
    assert_eq!(
        app.ok("lifecycle_state", json!({ "id": DRAFT }))["status"],
        "live"
    );
    app.ok(
        "change_status",
        json!({ "id": DRAFT, "action": "pause", "note": "Match rate fell to 0.9" }),
    );
    let resume = app.call(
        "change_status",
        json!({ "id": DRAFT, "action": "resume", "note": "" }),
    );
    assert_eq!(resume.unwrap_err()["field"], "comment");
    app.ok(
        "change_status",
        json!({ "id": DRAFT, "action": "resume", "note": "Identity resolution fixed" }),
    );

    let events = app.ok("audit_events", json!({ "contractId": DRAFT }));
    let moves: Vec<(String, String)> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "status_changed")
        .map(|e| {
            (
                e["payload"]["from"].as_str().unwrap().to_string(),
                e["payload"]["to"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("draft", "in_review"),
        ("in_review", "approved"),
        ("approved", "live"),
        ("live", "paused"),
        ("paused", "live"),
    ];
    assert_eq!(
        moves,
        expected
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .to_vec()
    );
    let pause = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["payload"]["to"] == "paused")
        .unwrap();
    assert_eq!(pause["payload"]["reason"], "Match rate fell to 0.9");
}

#[test]
fn someone_who_owns_nothing_may_not_pause_and_is_told_who_may() {
    let app = TestApp::with_draft(Some(BUSINESS));
    app.ok(
        "add_person",
        json!({ "person": { "email": "sam@example.com", "name": "Sam", "team": "", "title": "" } }),
    );
    app.act_as("sam@example.com");
    // churn-risk-summary is seeded live.
    let pause = app.action("churn-risk-summary", "pause");
    assert_eq!(pause["allowed"], false);
    assert!(
        // Owners by name, not by address.
        pause["reason"]
            .as_str()
            .unwrap()
            .contains("Priya Shah (business owner)"),
        "{pause}"
    );
    let refused = app
        .call(
            "change_status",
            json!({ "id": "churn-risk-summary", "action": "pause", "note": "why not" }),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "conflict", "{refused}");
}

#[test]
fn a_rollback_needs_words_and_lands_in_the_trail() {
    let app = TestApp::with_draft(Some(BUSINESS));
    let empty = app
        .call(
            "record_rollback",
            json!({ "id": "churn-risk-summary", "what": " " }),
        )
        .unwrap_err();
    assert_eq!(empty["field"], "what");
    let seq = app.ok(
        "record_rollback",
        json!({ "id": "churn-risk-summary", "what": "Restored health bands from the 06:00 snapshot" }),
    );
    let events = app.ok(
        "audit_events",
        json!({ "contractId": "churn-risk-summary" }),
    );
    let last = events.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["seq"], seq);
    assert_eq!(last["kind"], "rollback");
    assert_eq!(last["actor"], BUSINESS);
}

// ── Dry runs ──

#[test]
fn the_shipped_sample_runs_with_the_expected_counts_and_is_kept() {
    let app = TestApp::with_draft(Some(BUSINESS));
    assert_eq!(
        app.ok("dry_run_sample", json!({ "id": "churn-risk-summary" })),
        "churn-risk-summary.csv"
    );
    assert_eq!(
        app.ok("dry_run_sample", json!({ "id": DRAFT })),
        Value::Null
    );
    let outcome = app.ok(
        "run_dry_run",
        json!({ "id": "churn-risk-summary", "sample": true }),
    );
    let result = &outcome["result"];
    assert_eq!(
        (
            result["eligible"].clone(),
            result["review"].clone(),
            result["suppressed"].clone()
        ),
        (json!(4), json!(4), json!(2)),
        "{result}"
    );
    assert_eq!(result["records"].as_array().unwrap().len(), 10);
    assert_eq!(outcome["stored"]["file_name"], "churn-risk-summary.csv");
    assert_eq!(outcome["stored"]["run_by"], BUSINESS);
    let runs = app.ok("list_dry_runs", json!({ "id": "churn-risk-summary" }));
    assert_eq!(runs.as_array().unwrap().len(), 1);
    assert_eq!(runs[0]["counts"]["eligible"], 4);
    // No sample for a contract without one: refused in words, nothing kept.
    let none = app
        .call("run_dry_run", json!({ "id": DRAFT, "sample": true }))
        .unwrap_err();
    assert_eq!(none["code"], "not_found");
    assert!(app
        .ok("list_dry_runs", json!({ "id": DRAFT }))
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn dry_run_results_name_their_records_and_export_as_csv() {
    let app = TestApp::with_draft(Some(BUSINESS));
    let columns = app.ok("dry_run_columns", json!({ "id": "churn-risk-summary" }));
    assert_eq!(columns[0]["column"], "salesforce_account_id");
    assert_eq!(columns[0]["read_by"], json!(["Identifies the record"]));
    // Nothing to export before a run.
    let early = app
        .call(
            "export_dry_run",
            json!({ "id": "churn-risk-summary", "outcome": null }),
        )
        .unwrap_err();
    assert_eq!(early["code"], "not_found");

    let outcome = app.ok(
        "run_dry_run",
        json!({ "id": "churn-risk-summary", "sample": true }),
    );
    assert_eq!(
        outcome["result"]["id_columns"],
        json!(["salesforce_account_id"])
    );
    assert_eq!(
        outcome["result"]["records"][0]["ids"],
        json!(["0015e00000AbC001"])
    );

    let out = app.dir.path().join("suppressed.csv");
    app.picks([&out]);
    let exported = app.ok(
        "export_dry_run",
        json!({ "id": "churn-risk-summary", "outcome": "suppressed" }),
    );
    assert_eq!(exported["rows"], 2);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("row,salesforce_account_id,outcome,rule,reason\n"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 3);
    // Closing the dialog writes nothing.
    assert_eq!(
        app.ok(
            "export_dry_run",
            json!({ "id": "churn-risk-summary", "outcome": null })
        ),
        Value::Null
    );
    // The last run is another contract's: nothing to export for this one.
    assert!(app
        .call("export_dry_run", json!({ "id": DRAFT, "outcome": null }))
        .is_err());
}

#[test]
fn a_contract_made_from_a_template_runs_on_the_templates_sample() {
    let app = TestApp::with_draft(Some(BUSINESS));
    let draft = app.ok(
        "draft_from_template",
        json!({ "template": "rep-alerts", "title": null }),
    );
    assert_eq!(draft["id"], "slack-or-crm-alerts-for-reps-and-cs");
    assert_eq!(draft["title"], "Slack or CRM alerts for reps and CS");
    app.ok("save_contract", json!({ "contract": draft }));
    let id = draft["id"].as_str().unwrap();
    assert_eq!(
        app.ok("dry_run_sample", json!({ "id": id })),
        "template-rep-alerts.csv"
    );
    let outcome = app.ok("run_dry_run", json!({ "id": id, "sample": true }));
    assert_eq!(outcome["result"]["total"], 10);
    assert_eq!(outcome["result"]["id_columns"], json!(["crm_account_id"]));
    // The next draft from the same title gets the next free id.
    assert_eq!(
        app.ok(
            "suggest_id",
            json!({ "title": "Slack or CRM alerts for reps and CS" })
        ),
        "slack-or-crm-alerts-for-reps-and-cs-2"
    );
    let own_title = app.ok(
        "draft_from_template",
        json!({ "template": "template-rep-alerts", "title": "EMEA alerts" }),
    );
    assert_eq!(own_title["id"], "emea-alerts");
}

#[test]
fn restoring_a_version_saves_it_again_through_the_edit_path() {
    let app = TestApp::with_draft(Some(BUSINESS));
    let mut contract = app.ok("get_contract", json!({ "id": DRAFT }))["stored"]["contract"].clone();
    contract["title"] = json!("Renamed");
    app.ok("save_contract", json!({ "contract": contract }));
    let changes = app.ok("diff_versions", json!({ "id": DRAFT, "from": 1, "to": 2 }));
    assert_eq!(changes[0]["label"], "Title");
    let saved = app.ok("restore_version", json!({ "id": DRAFT, "version": 1 }));
    assert_eq!(
        (saved["version"].clone(), saved["outcome"].clone()),
        (json!(3), json!("new_version"))
    );
    let now = app.ok("get_contract", json!({ "id": DRAFT }));
    assert_eq!(
        now["stored"]["contract"]["title"],
        "Churn-risk summary (copy)"
    );
    assert_eq!(now["stored"]["saved_by"], BUSINESS);
}

#[test]
fn a_picked_jsonl_file_runs_and_a_missing_one_is_named() {
    let app = TestApp::with_draft(Some(BUSINESS));
    let file = app.dir.path().join("records.jsonl");
    let mut text = String::new();
    for i in 0..2500 {
        text.push_str(&format!(
            "{{\"salesforce_account_id\":\"A{i}\",\"support_severity\":\"none\",\"days_to_renewal\":200,\"is_child_account\":false,\"confidence\":0.9,\"reason_code\":\"usage_drop\"}}\n"
        ));
    }
    std::fs::write(&file, text).unwrap();
    app.picks([&file]);
    let outcome = app.ok(
        "run_dry_run",
        json!({ "id": "churn-risk-summary", "sample": false }),
    );
    assert_eq!(outcome["file_name"], "records.jsonl");
    assert_eq!(outcome["result"]["total"], 2500);
    assert_eq!(outcome["result"]["cancelled"], false);
    app.picks([app.dir.path().join("nope.csv")]);
    let missing = app
        .call(
            "run_dry_run",
            json!({ "id": "churn-risk-summary", "sample": false }),
        )
        .unwrap_err();
    assert_eq!(missing["code"], "io");
    assert!(missing["message"].as_str().unwrap().contains("nope.csv"));
    assert_eq!(
        app.ok("cancel_dry_run", json!({})),
        false,
        "nothing is running"
    );
}

// ── Worksheets ──

fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn worksheets_are_written_where_asked_filled_blank_and_in_a_batch() {
    let app = TestApp::with_draft(Some(BUSINESS));
    let filled = app.dir.path().join("churn.pdf");
    app.picks([&filled]);
    let saved = app.ok(
        "export_worksheet",
        json!({ "id": "churn-risk-summary", "paper": "a4" }),
    );
    assert_eq!(saved["path"], filled.display().to_string());
    assert!(saved["bytes"].as_u64().unwrap() > 1000);
    assert!(
        pdf_text(&filled).contains("Churn-risk summary"),
        "{}",
        pdf_text(&filled)
    );

    let blank = app.dir.path().join("blank.pdf");
    app.picks([&blank]);
    app.ok("export_worksheet", json!({ "id": null, "paper": "letter" }));
    assert!(pdf_text(&blank).contains("Workflow and decision"));

    let unknown = app
        .call(
            "export_worksheet",
            json!({ "id": "no-such", "paper": "a4" }),
        )
        .unwrap_err();
    assert_eq!(unknown["code"], "not_found");

    let out = app.dir.path().join("batch");
    std::fs::create_dir(&out).unwrap();
    app.picks([&out]);
    let batch = app.ok(
        "export_worksheets",
        json!({ "ids": ["churn-risk-summary", DRAFT], "paper": "a4" }),
    );
    let files: Vec<String> = batch["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    assert_eq!(files.len(), 2);
    assert!(files[1].ends_with("churn-copy-worksheet.pdf"), "{files:?}");
    assert!(pdf_text(Path::new(&files[1])).contains("Churn-risk summary (copy)"));
    let none = app
        .call("export_worksheets", json!({ "ids": [], "paper": "a4" }))
        .unwrap_err();
    assert_eq!(none["field"], "ids");
}

// ── Backups ──

#[test]
fn backup_then_restore_brings_the_old_registry_back_and_keeps_the_new_aside() {
    let app = TestApp::with_draft(Some(BUSINESS));
    assert!(app
        .ok("list_backups", json!({}))
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(app.ok("startup_problem", json!({})), Value::Null);
    let backup = app.dir.path().join("before.db");
    app.picks([&backup]);
    let saved = app.ok("backup_registry", json!({}));
    assert_eq!(saved["check"]["contracts"], 4);

    // A change after the backup…
    app.ok(
        "change_status",
        json!({ "id": DRAFT, "action": "submit", "note": "" }),
    );
    assert_eq!(
        app.ok("lifecycle_state", json!({ "id": DRAFT }))["status"],
        "in_review"
    );
    // …is undone by the restore, and the window keeps working on the restored file.
    app.picks([&backup]);
    let restored = app.ok("restore_backup", json!({ "listed": null }));
    let aside = restored["kept_aside"].as_str().unwrap();
    assert!(Path::new(aside).exists(), "{restored}");
    assert_eq!(
        app.ok("lifecycle_state", json!({ "id": DRAFT }))["status"],
        "draft"
    );
    assert_eq!(app.ok("app_info", json!({}))["contract_count"], 4);

    // A file that is not a backup is refused and the registry stays usable.
    let junk = app.dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database at all, just words").unwrap();
    app.picks([&junk]);
    assert!(app
        .call("restore_backup", json!({ "listed": null }))
        .is_err());
    // A path the window makes up is not among the listed backups: refused.
    let made_up = app.call("restore_backup", json!({ "listed": backup }));
    assert_eq!(made_up.unwrap_err()["code"], "not_found");
    assert_eq!(app.ok("app_info", json!({}))["contract_count"], 4);
}

#[test]
fn the_automatic_backups_are_listed_newest_first() {
    let app = TestApp::with_draft(Some(BUSINESS));
    let dir = app.dir.path().join("backups");
    let registry = Registry::open(&app.registry_path()).unwrap();
    let day = chrono::Duration::days(1);
    let now = chrono::Utc::now();
    registry.auto_backup(&dir, now - day - day).unwrap();
    registry.auto_backup(&dir, now).unwrap();
    let list = app.ok("list_backups", json!({}));
    let taken: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["taken_at"].as_str().unwrap())
        .collect();
    assert_eq!(taken.len(), 2, "{list}");
    assert!(taken[0] > taken[1], "{taken:?}");
}

#[test]
fn a_damaged_registry_is_moved_aside_and_a_backup_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    {
        let mut registry = Registry::open(&path).unwrap();
        registry.seed_defaults("test").unwrap();
        registry
            .auto_backup(&dir.path().join("backups"), chrono::Utc::now())
            .unwrap();
    }
    // Garbage over the header: SQLite no longer recognises the file.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[..100].fill(0x5a);
    std::fs::write(&path, bytes).unwrap();

    let app = TestApp::over(dir);
    let problem = app.ok("startup_problem", json!({}));
    let moved = problem["moved_to"].as_str().expect("moved aside");
    assert!(Path::new(moved).exists());
    let newest = problem["newest_backup"]
        .as_str()
        .expect("a backup to offer");
    assert!(problem["message"].as_str().unwrap().contains(moved));
    assert!(app.call("app_info", json!({})).is_err());

    app.ok("restore_backup", json!({ "listed": newest }));
    assert_eq!(app.ok("startup_problem", json!({})), Value::Null);
    assert_eq!(app.ok("app_info", json!({}))["contract_count"], 3);
}

#[test]
fn a_damaged_registry_without_backups_can_start_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    std::fs::write(&path, vec![0x42; 8192]).unwrap();
    let app = TestApp::over(dir);
    let problem = app.ok("startup_problem", json!({}));
    assert_eq!(problem["newest_backup"], Value::Null);
    assert!(problem["moved_to"].is_string(), "{problem}");
    app.ok("start_new_registry", json!({}));
    assert_eq!(app.ok("startup_problem", json!({})), Value::Null);
    assert_eq!(app.ok("app_info", json!({}))["contract_count"], 3);
}

/// The window opens the registry on a thread of its own and takes the day's
/// backup there once it opened; a damaged file gets no backup of itself.
#[test]
fn the_registry_opens_beside_the_window_and_then_takes_the_days_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    Registry::open(&path)
        .unwrap()
        .seed_defaults("test")
        .unwrap();
    let backups = dir.path().join("backups");
    let state = warrant_app::AppState::opening(&path, warrant_app::backup_commands::auto_backup);
    assert_eq!(state.startup_problem(), None);
    let count = state.with_registry(|r| r.list(&Default::default(), chrono::Utc::now()));
    assert_eq!(count.unwrap().len(), 3);
    let start = std::time::Instant::now();
    while warrant_core::registry::list_backups(&backups).map_or(true, |b| b.is_empty()) {
        assert!(
            start.elapsed().as_secs() < 20,
            "no start-up backup was taken"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }

    let damaged = tempfile::tempdir().unwrap();
    let path = damaged.path().join("registry.db");
    std::fs::write(&path, vec![0x42; 8192]).unwrap();
    let state = warrant_app::AppState::opening(&path, warrant_app::backup_commands::auto_backup);
    assert!(state.startup_problem().is_some());
    assert!(state.with_registry(|_| Ok(())).is_err());
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!damaged.path().join("backups").exists());
}
