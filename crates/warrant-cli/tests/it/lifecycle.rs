//! `warrant review`, `status`, `rollback`, `audit log`, `audit verify`,
//! `list --overdue` and the head printed by `export`: exit codes and what
//! they print, on a real registry file in a temp dir.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{self, forecast_contract, stderr, stdout, warrant};

const BUSINESS: &str = "vp.sales@example.com";
const DATA: &str = "dana@example.com";
const EXCEPTION: &str = "revops.oncall@example.com";
const ID: &str = "forecast-note";

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

/// A registry holding the forecast contract (a draft, ready at suggest).
fn registry() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("forecast.yaml");
    let owners = format!(
        "  business: {BUSINESS}\n  data: {DATA}\n  destination: {BUSINESS}\n  exception: {EXCEPTION}\n"
    );
    std::fs::write(&file, forecast_contract(ID, "Forecast note", &owners)).unwrap();
    let db = dir.path().join("r.warrant");
    // Only init creates a registry; acting as someone needs them listed.
    support::ok(&["init", "--empty", "--db", db.to_str().unwrap()]);
    support::ok(&[
        "people",
        "add",
        BUSINESS,
        "--name",
        "Business owner",
        "--db",
        db.to_str().unwrap(),
    ]);
    let o = warrant(&[
        "import",
        file.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--as",
        BUSINESS,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    (dir, db)
}

fn run(db: &Path, args: &[&str]) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--db", db.to_str().unwrap()]);
    warrant(&all)
}

/// Runs and expects exit 0.
fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert_eq!(code(&o), 0, "{args:?}: {}{}", stdout(&o), stderr(&o));
    stdout(&o)
}

/// Runs and expects a refusal: exit 2 with `needle` on stderr.
fn refused(db: &Path, args: &[&str], needle: &str) {
    let o = run(db, args);
    assert_eq!(code(&o), 2, "{args:?}: {}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
}

fn go_live(db: &Path) {
    ok(db, &["status", ID, "submit", "--as", BUSINESS]);
    ok(
        db,
        &["review", ID, "--as", BUSINESS, "--decision", "approve"],
    );
    ok(db, &["review", ID, "--as", DATA, "--decision", "approve"]);
    ok(db, &["status", ID, "launch", "--as", BUSINESS]);
}

/// The exception owner pauses the live contract, giving `reason`.
fn pause(db: &Path, reason: &str) -> String {
    ok(
        db,
        &["status", ID, "pause", "--as", EXCEPTION, "--reason", reason],
    )
}

#[test]
fn a_contract_goes_from_draft_to_live_through_reviews() {
    let (_dir, db) = registry();
    assert!(ok(&db, &["status", ID, "submit", "--as", BUSINESS]).contains("draft → in_review"));
    let first = ok(
        &db,
        &["review", ID, "--as", BUSINESS, "--decision", "approve"],
    );
    assert!(
        first.contains("approved version 1 of forecast-note as business,destination"),
        "{first}"
    );
    assert!(
        first.contains("Still needed: approval needs the data owner, Dana, to approve version 1."),
        "{first}"
    );
    let second = ok(
        &db,
        &[
            "review",
            ID,
            "--as",
            DATA,
            "--decision",
            "approve",
            "--comment",
            "numbers tie out",
        ],
    );
    assert!(second.contains("Status: in_review → approved."), "{second}");
    assert!(second.contains("Next review: "), "{second}");
    assert!(ok(&db, &["status", ID, "launch", "--as", BUSINESS]).contains("approved → live"));
    let reviews = ok(&db, &["reviews", ID]);
    assert!(
        reviews.contains("live at version 1") && reviews.contains("numbers tie out"),
        "{reviews}"
    );
}

#[test]
fn refusals_exit_2_with_the_plain_reason() {
    let (_dir, db) = registry();
    refused(
        &db,
        &["review", ID, "--as", DATA, "--decision", "approve"],
        "Submit it for review first",
    );
    ok(&db, &["status", ID, "submit", "--as", BUSINESS]);
    refused(
        &db,
        &["status", ID, "approve", "--as", BUSINESS],
        "approval needs the business owner, Business owner, to approve version 1",
    );
    refused(
        &db,
        &["review", ID, "--as", EXCEPTION, "--decision", "approve"],
        "is neither",
    );
    refused(
        &db,
        &["review", ID, "--as", DATA, "--decision", "request_changes"],
        "needs a comment",
    );
    refused(
        &db,
        &["review", ID, "--as", DATA, "--decision", "maybe"],
        "approve, request_changes",
    );
    refused(
        &db,
        &["status", ID, "launch", "--as", BUSINESS],
        "launch needs the contract to be approved; it is in review",
    );
    refused(
        &db,
        &["status", ID, "submit", "--as", "nobody@example.com"],
        "not in the people list",
    );
    refused(
        &db,
        &["status", ID, "fly", "--as", BUSINESS],
        "not a lifecycle action",
    );
    refused(
        &db,
        &["status", "no-such-id", "submit", "--as", BUSINESS],
        "No contract",
    );
    let back = ok(
        &db,
        &[
            "review",
            ID,
            "--as",
            EXCEPTION,
            "--decision",
            "request_changes",
            "--comment",
            "name a pause trigger",
        ],
    );
    assert!(back.contains("Status: in_review → draft."), "{back}");
}

#[test]
fn pause_resume_retire_need_their_reason_and_their_owner() {
    let (_dir, db) = registry();
    go_live(&db);
    refused(
        &db,
        &["status", ID, "pause", "--as", EXCEPTION],
        "pause needs a reason",
    );
    refused(
        &db,
        &[
            "status",
            ID,
            "pause",
            "--as",
            "outsider@example.com",
            "--reason",
            "x",
        ],
        "not in the people list",
    );
    pause(&db, "stale pipeline numbers");
    refused(
        &db,
        &["status", ID, "resume", "--as", DATA, "--comment", "ok"],
        "resume is done by the exception owner",
    );
    ok(
        &db,
        &[
            "rollback",
            ID,
            "--as",
            EXCEPTION,
            "--what",
            "deleted the two wrong notes",
        ],
    );
    ok(
        &db,
        &[
            "status",
            ID,
            "resume",
            "--as",
            EXCEPTION,
            "--comment",
            "sync fixed",
        ],
    );
    refused(
        &db,
        &["status", ID, "retire", "--as", DATA, "--reason", "done"],
        "retire is done by the business owner",
    );
    ok(
        &db,
        &[
            "status", ID, "retire", "--as", BUSINESS, "--reason", "replaced",
        ],
    );

    let log = ok(&db, &["audit", "log", ID]);
    for line in [
        "pause: live → paused — stale pipeline numbers",
        "rollback",
        "deleted the two wrong notes",
        "resume: paused → live — sync fixed",
        "retire: live → retired — replaced",
        "approve as data",
    ] {
        assert!(log.contains(line), "missing {line:?} in\n{log}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["audit", "log", ID, "--json"])).unwrap();
    let kinds: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "status_changed").count(),
        6,
        "{kinds:?}"
    );
    assert!(kinds.contains(&"rollback") && kinds.contains(&"review"));
}

#[test]
fn export_prints_the_head_and_verify_checks_against_it() {
    let (dir, db) = registry();
    go_live(&db);
    let export = ok(
        &db,
        &[
            "export",
            "--out",
            dir.path().join("out").to_str().unwrap(),
            "--as",
            BUSINESS,
        ],
    );
    let head = export
        .lines()
        .find_map(|l| l.strip_prefix("audit head: "))
        .expect("audit head printed")
        .to_string();
    let exported = std::fs::read_to_string(dir.path().join("out/forecast-note.yaml")).unwrap();
    assert!(exported.contains("status: live"), "{exported}");

    let verified = ok(&db, &["audit", "verify"]);
    assert!(verified.contains("Audit trail intact"), "{verified}");
    assert!(
        verified.contains(&head),
        "the export event is the head: {verified}"
    );
    ok(&db, &["audit", "verify", "--head", &head]);
    pause(&db, "later change");
    ok(&db, &["audit", "verify", "--head", &head]);

    // Cut the tail back to before the export and make the head record agree.
    let (_, count) = head.rsplit_once(':').unwrap();
    let count: i64 = count.parse().unwrap();
    let raw = rusqlite::Connection::open(&db).unwrap();
    raw.execute_batch(&format!(
        "DROP TRIGGER audit_events_no_delete;
         DELETE FROM audit_events WHERE seq >= {count};
         UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_events),
                               hash = (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1);"
    ))
    .unwrap();
    drop(raw);
    // The chain alone looks whole, but the pause it cut is still in the table.
    let o = run(&db, &["audit", "verify"]);
    assert_eq!(code(&o), 1, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o)
            .contains("contract forecast-note: its status is paused, but the trail says live"),
        "{}",
        stdout(&o)
    );
    let o = run(&db, &["audit", "verify", "--head", &head]);
    assert_eq!(code(&o), 1, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains(&format!("first bad event #{count}")),
        "{}",
        stdout(&o)
    );
}

#[test]
fn verify_exit_1_names_the_first_edited_event() {
    let (_dir, db) = registry();
    go_live(&db);
    let raw = rusqlite::Connection::open(&db).unwrap();
    let seq: i64 = raw
        .query_row(
            "SELECT min(seq) FROM audit_events WHERE kind = 'review'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    raw.execute_batch(&format!(
        "DROP TRIGGER audit_events_no_update;
         UPDATE audit_events SET actor = 'someone.else@example.com' WHERE seq = {seq};"
    ))
    .unwrap();
    drop(raw);
    let o = run(&db, &["audit", "verify"]);
    assert_eq!(code(&o), 1);
    assert!(
        stdout(&o).contains(&format!("TAMPERED: first bad event #{seq}")),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("tampered"), "{}", stderr(&o));
}

#[test]
fn verify_exit_2_on_errors() {
    let (dir, db) = registry();
    refused(
        &db,
        &["audit", "verify", "--head", "abc:1"],
        "not an audit head",
    );
    let missing = dir.path().join("none.warrant");
    let o = warrant(&["audit", "verify", "--db", missing.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no registry at"), "{}", stderr(&o));
}

#[test]
fn list_overdue_shows_only_contracts_past_their_review_date() {
    let (_dir, db) = registry();
    go_live(&db);
    assert!(ok(&db, &["list", "--overdue"]).contains("No contracts match."));
    let raw = rusqlite::Connection::open(&db).unwrap();
    raw.execute(
        "UPDATE contracts SET signed_off_at = '2020-01-01T00:00:00.000000Z'",
        [],
    )
    .unwrap();
    drop(raw);
    let listed = ok(&db, &["list", "--overdue"]);
    assert!(
        listed.contains(ID) && listed.contains("review overdue since 2020-03-31"),
        "{listed}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["list", "--overdue", "--json"])).unwrap();
    assert_eq!(json[0]["overdue"], true);
    assert_eq!(json[0]["next_review"], "2020-03-31");
}

#[test]
fn a_file_that_says_live_is_imported_as_a_draft_and_the_report_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reg.db");
    let db = db.to_str().unwrap();
    let file = dir.path().join("live.yaml");
    std::fs::write(
        &file,
        "format: warrant/v1\nid: says-live\ntitle: Says live\nworkflow:\n  category: rep_alerts\nauthority: act\nstatus: live\n",
    )
    .unwrap();
    support::ok(&["init", "--empty", "--db", db]);
    let o = warrant(&["import", file.to_str().unwrap(), "--db", db]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("file says live; imported as draft"),
        "{}",
        stdout(&o)
    );
    let o = warrant(&["show", "says-live", "--db", db, "--json"]);
    let shown: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(shown["status"], "draft");
    assert_eq!(shown["pending_version"], serde_json::Value::Null);
}

#[test]
fn a_live_contract_edited_shows_both_versions_and_stays_pausable() {
    let (dir, db) = registry();
    go_live(&db);
    refused(
        &db,
        &["review", ID, "--as", DATA, "--decision", "approve"],
        "has already approved version 1",
    );
    // A new version from a file: the live workflow keeps running version 1.
    let file = dir.path().join("forecast.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("title: Forecast note", "title: Forecast note, v2", 1),
    )
    .unwrap();
    ok(&db, &["import", file.to_str().unwrap(), "--as", BUSINESS]);
    let shown = ok(&db, &["show", ID]);
    // The next step in words, with whose it is; the route id stays in --json.
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("Next step: ") && l.contains(" owner")),
        "{shown}"
    );
    assert!(
        shown.contains("live: version 1 · pending: version 2 (a draft)"),
        "{shown}"
    );
    let listed = ok(&db, &["list"]);
    assert!(
        listed.contains("live: version 1 · pending: version 2 (a draft)"),
        "{listed}"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(&db, &["show", ID, "--json"])).unwrap();
    assert_eq!(
        (
            &json["status"],
            &json["in_force_version"],
            &json["pending_version"],
            &json["pending_status"]
        ),
        (
            &serde_json::json!("live"),
            &serde_json::json!(1),
            &serde_json::json!(2),
            &serde_json::json!("draft")
        )
    );
    let rows: serde_json::Value = serde_json::from_str(&ok(&db, &["list", "--json"])).unwrap();
    assert_eq!(rows[0]["pending_version"], 2);
    assert!(pause(&db, "numbers look off").contains("live → paused"));
    ok(
        &db,
        &[
            "status",
            ID,
            "resume",
            "--as",
            EXCEPTION,
            "--comment",
            "checked",
        ],
    );
    // The pending version goes through its own review and launch.
    ok(&db, &["status", ID, "submit", "--as", BUSINESS]);
    ok(
        &db,
        &["review", ID, "--as", BUSINESS, "--decision", "approve"],
    );
    let second = ok(&db, &["review", ID, "--as", DATA, "--decision", "approve"]);
    assert!(second.contains("approved version 2"), "{second}");
    let launched = ok(&db, &["status", ID, "launch", "--as", BUSINESS]);
    assert!(launched.contains("Now live: version 2."), "{launched}");
    assert!(ok(&db, &["audit", "verify"]).contains("Audit trail intact"));
}

#[test]
fn verify_exit_1_when_a_table_was_changed_behind_the_trail() {
    let (_dir, db) = registry();
    go_live(&db);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "DROP TRIGGER reviews_no_update;
             UPDATE reviews SET decision = 'request_changes' WHERE reviewer = 'dana@example.com';",
        )
        .unwrap();
    }
    let o = run(&db, &["audit", "verify"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(
        stdout(&o)
            .contains("the stored state does NOT match it: review of forecast-note version 1"),
        "{}",
        stdout(&o)
    );
}
