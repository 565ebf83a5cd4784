//! The `warrant` binary as scripts and CI use it: exit codes, JSON shapes and
//! registry round trips, on real files in a temp dir.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{forecast_contract, ok, repo_root, stderr, stdout, warrant, IMPORTER};

const FIXED_AT: &str = "2026-11-24T09:00:00Z";

/// Ready at suggest, and no higher: it names no data owner (rule A1).
fn ready_suggest() -> String {
    forecast_contract(
        "tiny-suggest",
        "Tiny suggest contract",
        "  business: vp.sales@example.com\n",
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn check_exit_0_when_every_contract_is_ready() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "a.yaml", &ready_suggest());
    let o = warrant(&["check", f.to_str().unwrap(), "--json", "--at", FIXED_AT]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let obj = &v.as_array().unwrap()[0];
    assert_eq!(obj["id"], "tiny-suggest");
    assert_eq!(obj["requested"], "suggest");
    assert_eq!(obj["verdict"], "ready");
    // owners.data is not set (A1), so suggest is as high as it gets.
    assert_eq!(obj["ceiling"], "suggest");
    assert_eq!(obj["next_route"], "data_activation");
    for key in [
        "id",
        "requested",
        "ceiling",
        "verdict",
        "next_route",
        "findings",
    ] {
        assert!(obj.get(key).is_some(), "missing {key} in {obj}");
    }
    for f in obj["findings"].as_array().unwrap() {
        for key in ["rule", "level", "field", "blocking", "message"] {
            assert!(f.get(key).is_some(), "finding lacks {key}: {f}");
        }
        assert_eq!(
            f["blocking"], false,
            "a ready contract has no blocking finding: {f}"
        );
    }
}

#[test]
fn check_exit_1_when_a_contract_asks_for_more_than_it_has() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "act.yaml",
        &ready_suggest().replace("authority: suggest", "authority: act"),
    );
    let o = warrant(&["check", f.to_str().unwrap(), "--json", "--at", FIXED_AT]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["verdict"], "over_authorized");
    assert_eq!(v[0]["requested"], "act");
    assert!(v[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["blocking"] == true));
}

#[test]
fn check_not_ready_has_null_ceiling_and_translate_the_ask() {
    let dir = tempfile::tempdir().unwrap();
    let text = "format: warrant/v1\nid: bare\ntitle: Bare\nworkflow: {category: other}\nauthority: suggest\n";
    let f = write(dir.path(), "bare.yaml", text);
    let o = warrant(&["check", f.to_str().unwrap(), "--json", "--at", FIXED_AT]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["verdict"], "not_ready");
    assert!(v[0]["ceiling"].is_null());
    assert_eq!(v[0]["next_route"], "translate_the_ask");
}

#[test]
fn check_exit_2_on_a_syntax_error_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.yaml", &ready_suggest());
    let bad = write(
        dir.path(),
        "bad.yaml",
        "format: warrant/v1\nid: x\ntitle: [unclosed\n",
    );
    let o = warrant(&[
        "check",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
        "--json",
        "--at",
        FIXED_AT,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad.yaml:"), "names the file: {err}");
    assert!(
        err.contains(":3:") || err.contains(":4:"),
        "gives a line: {err}"
    );
    // The good file is still reported, and stdout stays valid JSON.
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
}

#[test]
fn check_exit_2_names_an_unknown_key_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "typo.yaml",
        &ready_suggest().replace("  business:", "  sponsor:"),
    );
    let o = warrant(&["check", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("owners.sponsor"), "{}", stderr(&o));
}

#[test]
fn check_exit_2_on_a_missing_file() {
    let o = warrant(&["check", "/nonexistent/contract.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/contract.yaml"));
}

#[test]
fn check_writes_junit_with_one_case_per_contract() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.yaml", &ready_suggest());
    let b = write(
        dir.path(),
        "b.yaml",
        &ready_suggest()
            .replace("authority: suggest", "authority: act")
            .replace("tiny-suggest", "tiny-act"),
    );
    let xml_path = dir.path().join("out.xml");
    let o = warrant(&[
        "check",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--junit",
        xml_path.to_str().unwrap(),
        "--at",
        FIXED_AT,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let xml = std::fs::read_to_string(xml_path).unwrap();
    assert_eq!(xml.matches("<testcase").count(), 2);
    assert_eq!(xml.matches("<failure").count(), 1);
    assert!(xml.contains("tests=\"2\" failures=\"1\" errors=\"0\""));
}

#[test]
fn check_on_the_shipped_contracts_matches_their_authors_intent() {
    let contracts = repo_root().join("contracts");
    let o = warrant(&[
        "check",
        contracts.to_str().unwrap(),
        "--json",
        "--at",
        FIXED_AT,
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "some defaults are meant to be not ready: {}",
        stderr(&o)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let verdicts: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts.len(), 8);
    assert!(verdicts.contains(&"ready"));
    assert!(verdicts.contains(&"over_authorized"));
    assert_eq!(verdicts.iter().filter(|v| **v == "not_ready").count(), 1);
}

#[test]
fn schema_prints_the_committed_schema() {
    let o = warrant(&["schema"]);
    assert_eq!(o.status.code(), Some(0));
    let committed =
        std::fs::read_to_string(repo_root().join("schema/warrant-v1.schema.json")).unwrap();
    assert_eq!(stdout(&o).trim(), committed.trim());
}

#[test]
fn init_list_show_export_import_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reg.db");
    let db = db.to_str().unwrap();
    let o = warrant(&["init", "--db", db]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A second init leaves the registry alone.
    assert_eq!(warrant(&["init", "--db", db]).status.code(), Some(0));

    let o = warrant(&["list", "--db", db, "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    // The three examples: templates are the library (`warrant templates`).
    assert_eq!(rows.as_array().unwrap().len(), 3);
    let first_id = rows[0]["id"].as_str().unwrap().to_string();

    let o = warrant(&["show", &first_id, "--db", db, "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let shown: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(shown["contract"]["id"], first_id.as_str());
    assert_eq!(shown["version"], 1);
    assert!(shown["readiness"]["verdict"].is_string());

    let out = dir.path().join("export");
    let o = warrant(&["export", "--db", db, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 3);

    // Re-importing what was exported changes nothing.
    let o = warrant(&[
        "import",
        out.to_str().unwrap(),
        "--db",
        db,
        "--as",
        IMPORTER,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).matches("(unchanged)").count(),
        3,
        "{}",
        stdout(&o)
    );

    // Editing one exported file and importing it makes version 2.
    let edited = out.join(format!("{first_id}.yaml"));
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, text.replacen("title: ", "title: Edited ", 1)).unwrap();
    let o = warrant(&[
        "import",
        edited.to_str().unwrap(),
        "--db",
        db,
        "--as",
        "dana.okafor@example.com",
    ]);
    assert!(stdout(&o).contains("new version 2"), "{}", stdout(&o));
    // `--as` names someone in the people list, or nothing is imported.
    let o = warrant(&[
        "import",
        edited.to_str().unwrap(),
        "--db",
        db,
        "--as",
        "bench",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nobody with that e-mail is in the people list"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn import_with_one_bad_file_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reg.db");
    let db = db.to_str().unwrap();
    ok(&["init", "--empty", "--db", db]);
    let good = write(dir.path(), "good.yaml", &ready_suggest());
    let bad = write(
        dir.path(),
        "bad.json",
        "{\"format\": \"warrant/v1\", \"id\": \"x\", ",
    );
    let o = warrant(&[
        "import",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
        "--db",
        db,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.json"), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing was imported"));
    let o = warrant(&["list", "--db", db, "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 0);
}

#[test]
fn import_creates_unknown_owners_and_list_filters_and_searches() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reg.db");
    let db = db.to_str().unwrap();
    ok(&["init", "--empty", "--db", db]);
    let f = write(dir.path(), "a.yaml", &ready_suggest());
    let o = warrant(&["import", f.to_str().unwrap(), "--db", db]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("People added"), "{}", stdout(&o));
    assert!(stdout(&o).contains("vp.sales@example.com"));

    let o = warrant(&["people", "list", "--db", db, "--json"]);
    let people: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(people
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["email"] == "dana@example.com"));

    let count = |args: &[&str]| -> usize {
        let mut all = vec!["list", "--db", db, "--json"];
        all.extend_from_slice(args);
        let o = warrant(&all);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_str::<serde_json::Value>(&stdout(&o))
            .unwrap()
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(count(&["--authority", "suggest"]), 1);
    assert_eq!(count(&["--authority", "act"]), 0);
    assert_eq!(count(&["--status", "draft"]), 1);
    assert_eq!(
        count(&["--search", "pipel"]),
        1,
        "prefix search over the description"
    );
    assert_eq!(count(&["--search", "nothing-like-this"]), 0);
    let o = warrant(&["list", "--db", db, "--authority", "acts"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("suggest, assist, route, act"));
}

#[test]
fn people_add_then_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reg.db");
    let db = db.to_str().unwrap();
    ok(&["init", "--empty", "--db", db]);
    let o = warrant(&[
        "people",
        "add",
        "lee@example.com",
        "--name",
        "Lee Park",
        "--team",
        "RevOps",
        "--db",
        db,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = warrant(&["people", "list", "--db", db]);
    assert!(stdout(&o).contains("Lee Park"));
}

/// Regression: `warrant init | head -1` panicked with "failed printing to
/// stdout: Broken pipe" once head had stopped reading.
#[cfg(unix)]
#[test]
fn a_closed_stdout_ends_quietly_without_a_panic() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reg.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_warrant"))
        .args(["init", "--db", db.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before anything is written
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn an_import_is_stamped_with_a_person_never_an_unknown_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.warrant");
    let db = db.to_str().unwrap();
    let o = warrant(&["init", "--db", db]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let f = write(dir.path(), "a.yaml", &ready_suggest());
    // The registry lists people but nobody is acting and --as is missing: refused.
    let o = warrant(&["import", f.to_str().unwrap(), "--db", db]);
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains("say who is importing"),
        "{}",
        stderr(&o)
    );
    // With --as, the import event names that person.
    let o = warrant(&[
        "import",
        f.to_str().unwrap(),
        "--db",
        db,
        "--as",
        "marcus.reed@example.com",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let log = warrant(&["audit", "log", "tiny-suggest", "--db", db, "--json"]);
    let text = stdout(&log);
    assert!(text.contains("marcus.reed@example.com"), "{text}");
    assert!(!text.contains("cli:"), "{text}");
}

#[test]
fn new_starts_a_draft_from_a_template_with_an_id_from_its_title() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reg.db");
    let db = db.to_str().unwrap();
    assert_eq!(warrant(&["init", "--db", db]).status.code(), Some(0));

    let o = warrant(&["templates"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("rep-alerts"), "{}", stdout(&o));
    let o = warrant(&["templates", "--json"]);
    let all: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 5);

    let o = warrant(&[
        "new",
        "--template",
        "rep-alerts",
        "--title",
        "EMEA rep alerts",
        "--db",
        db,
        "--as",
        "marcus.reed@example.com",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Created emea-rep-alerts"),
        "{}",
        stdout(&o)
    );
    let o = warrant(&["show", "emea-rep-alerts", "--db", db, "--json"]);
    let shown: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(shown["contract"]["title"], "EMEA rep alerts");
    assert_eq!(shown["contract"]["workflow"]["category"], "rep_alerts");

    // The same title again gets the next free id; JSON says what was saved.
    let o = warrant(&[
        "new",
        "--template",
        "rep_alerts",
        "--title",
        "EMEA rep alerts",
        "--json",
        "--db",
        db,
        "--as",
        "marcus.reed@example.com",
    ]);
    let saved: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(saved["id"], "emea-rep-alerts-2");
    assert_eq!(saved["outcome"], "created");

    // A template's own title, or a template that does not exist, is refused.
    let o = warrant(&[
        "new",
        "--template",
        "rep-alerts",
        "--title",
        "Template: Slack or CRM alerts for reps and CS",
        "--db",
        db,
        "--as",
        "marcus.reed@example.com",
    ]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("title of its own"), "{}", stderr(&o));
    let o = warrant(&[
        "new",
        "--template",
        "nope",
        "--title",
        "X",
        "--db",
        db,
        "--as",
        "marcus.reed@example.com",
    ]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("rep-alerts"), "{}", stderr(&o));
}

#[test]
fn check_reports_a_pause_trigger_watching_a_removed_source() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(repo_root().join("contracts/templates/rep-alerts.yaml")).unwrap();
    let start = text.find("  - name: Product signals").unwrap();
    let end = text[start..].find("grain:").unwrap() + start;
    let file = dir.path().join("alerts.yaml");
    std::fs::write(&file, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let o = warrant(&["check", file.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let x5 = v[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "X5")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(x5["field"], "exceptions.pause_triggers[1]");
    assert_eq!(x5["level"], "act");
    let o = warrant(&["check", file.to_str().unwrap()]);
    assert!(stdout(&o).contains("X5"), "{}", stdout(&o));
}
