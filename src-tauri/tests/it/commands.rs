//! The app's IPC commands called the way the window calls them — through
//! Tauri's invoke pipeline on the mock runtime, without a window — so the
//! argument names, the JSON shapes and the error shape are what the UI gets.

use crate::support::{ids, invoke_request, TestApp};
use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder};
use tauri::WebviewWindowBuilder;
use warrant_app::{configure, AppState};
use warrant_core::model::Person;

impl TestApp {
    /// A first-run app and registry.
    fn new() -> TestApp {
        TestApp::over(tempfile::tempdir().unwrap())
    }

    /// A first-run app whose registry also has Dana, chosen as acting-as
    /// (set up through the core, as the Settings screen would).
    fn acting() -> TestApp {
        TestApp::seeded(Some(&dana().email), |registry| {
            registry.add_person(&dana(), "test").unwrap();
        })
    }

    /// The newest event of `kind` in the whole audit trail.
    fn newest_event(&self, kind: &str) -> Value {
        let events = self.ok("audit_events", json!({ "contractId": null }));
        events
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .find(|e| e["kind"] == kind)
            .cloned()
            .unwrap_or_else(|| panic!("no {kind} event in {events}"))
    }
}

/// Whether some row of the list has `value` under `key`.
fn has_row(rows: &Value, key: &str, value: &str) -> bool {
    rows.as_array().unwrap().iter().any(|r| r[key] == value)
}

fn dana() -> Person {
    Person {
        email: "dana@example.com".into(),
        name: "Dana Ruiz".into(),
        team: "RevOps".into(),
        title: String::new(),
    }
}

#[test]
fn app_info_describes_a_first_run_registry() {
    let app = TestApp::new();
    let info = app.ok("app_info", json!({}));
    assert_eq!(info["contract_count"], 3, "{info}");
    assert_eq!(info["acting_as"], Value::Null);
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    let path = info["registry_path"].as_str().unwrap();
    assert!(
        path.ends_with("registry.db") && path.starts_with(app.dir.path().to_str().unwrap()),
        "{path}"
    );
}

#[test]
fn set_acting_as_names_a_person_from_the_list() {
    let app = TestApp::acting();
    let err = app
        .call("set_acting_as", json!({ "email": "nobody@example.com" }))
        .unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert_eq!(err["field"], "acting_as");
    let info = app.ok("set_acting_as", json!({ "email": "DANA@example.com" }));
    assert_eq!(info["acting_as"]["email"], "dana@example.com");
}

#[test]
fn search_contracts_answers_ids_and_a_limited_list_its_first_rows() {
    let app = TestApp::new();
    let all = app.ok("list_contracts", json!({ "query": {} }));
    let first_two = app.ok("list_contracts", json!({ "query": { "limit": 2 } }));
    assert_eq!(ids(&first_two), ids(&all)[..2]);
    let word = all[0]["id"].as_str().unwrap().to_string();
    let found = app.ok("search_contracts", json!({ "text": word }));
    let found: Vec<String> = serde_json::from_value(found).unwrap();
    assert!(found.contains(&word), "{word}: {found:?}");
    assert!(found.len() < 8, "{found:?}");
    let none = app.ok("search_contracts", json!({ "text": "zzqqxx-no-such-text" }));
    assert_eq!(none, json!([]));
}

#[test]
fn list_contracts_search_narrows_the_list() {
    let app = TestApp::new();
    let all = app.ok("list_contracts", json!({ "query": {} }));
    assert_eq!(all.as_array().unwrap().len(), 3);
    let first = all[0].clone();
    let title = first["title"].as_str().unwrap();
    // The longest word of one title: specific enough to leave fewer rows.
    let word = title
        .split_whitespace()
        .max_by_key(|w| w.len())
        .unwrap()
        .to_lowercase();
    let found = app.ok("list_contracts", json!({ "query": { "search": word } }));
    let found_ids = ids(&found);
    assert!(
        found_ids.contains(&first["id"].as_str().unwrap().to_string()),
        "{word}: {found_ids:?}"
    );
    assert!(
        found_ids.len() < 8,
        "searching {word:?} should narrow the list: {found_ids:?}"
    );
    let none = app.ok(
        "list_contracts",
        json!({ "query": { "search": "zzqqxx-no-such-text" } }),
    );
    assert_eq!(none.as_array().unwrap().len(), 0);
}

#[test]
fn save_contract_creates_a_new_version_with_a_diff() {
    let app = TestApp::acting();
    let id = ids(&app.ok("list_contracts", json!({ "query": {} })))[0].clone();
    let view = app.ok("get_contract", json!({ "id": id }));
    assert_eq!(view["readiness"]["id"], id.as_str());
    let before = view["stored"]["version"].as_u64().unwrap();
    let mut contract = view["stored"]["contract"].clone();
    contract["title"] = json!("Renamed in a test");

    let saved = app.ok("save_contract", json!({ "contract": contract }));
    assert_eq!(saved["outcome"], "new_version");
    assert_eq!(saved["version"].as_u64().unwrap(), before + 1);

    let versions = app.ok("list_versions", json!({ "id": id }));
    let latest = versions
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["version"].as_u64() == Some(before + 1))
        .unwrap();
    assert_eq!(latest["saved_by"], "dana@example.com");
    let changes = app.ok(
        "diff_versions",
        json!({ "id": id, "from": before, "to": before + 1 }),
    );
    assert_eq!(changes.as_array().unwrap().len(), 1, "{changes}");
    assert_eq!(changes[0]["field"], "title");
    let old = app.ok("get_version", json!({ "id": id, "version": before }));
    assert_ne!(old["contract"]["title"], "Renamed in a test");
}

#[test]
fn saving_without_acting_as_is_refused_on_that_field() {
    let app = TestApp::new();
    let id = ids(&app.ok("list_contracts", json!({ "query": {} })))[0].clone();
    let mut contract = app.ok("get_contract", json!({ "id": id }))["stored"]["contract"].clone();
    contract["title"] = json!("Changed");
    let err = app
        .call("save_contract", json!({ "contract": contract }))
        .unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert_eq!(err["field"], "acting_as");
}

#[test]
fn errors_cross_ipc_as_code_message_field() {
    let app = TestApp::new();
    let err = app
        .call("get_contract", json!({ "id": "no-such-contract" }))
        .unwrap_err();
    let keys: Vec<&str> = err
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert!(
        keys.iter()
            .all(|k| ["code", "message", "field"].contains(k)),
        "{err}"
    );
    assert_eq!(err["code"], "not_found");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("no-such-contract"),
        "{err}"
    );

    // A form-level problem carries the field the UI should point at.
    let mut contract = app.ok("list_templates", json!({}))[0].clone();
    contract["id"] = json!("Not An Id!");
    let problems = app.ok("validate_contract", json!({ "contract": contract }));
    let id_problem = problems
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["field"] == "id");
    assert!(
        id_problem.is_some_and(|p| p["code"] == "invalid"),
        "{problems}"
    );
}

#[test]
fn import_with_one_bad_file_changes_nothing_and_says_why() {
    let app = TestApp::acting();
    let template = app.ok("list_templates", json!({}))[0].clone();
    let mut good = template.clone();
    good["id"] = json!("imported-in-a-test");
    let good_path = app.dir.path().join("good.json");
    std::fs::write(&good_path, serde_json::to_string_pretty(&good).unwrap()).unwrap();
    let bad_path = app.dir.path().join("bad.yaml");
    std::fs::write(
        &bad_path,
        "format: warrant/v1\nid: broken\ntitle: [unclosed\n",
    )
    .unwrap();
    let events_before = app
        .ok("audit_events", json!({ "contractId": null }))
        .as_array()
        .unwrap()
        .len();

    app.picks([&good_path, &bad_path]);
    let result = app.ok("import_files", json!({}));
    assert_eq!(result["report"], Value::Null, "{result}");
    let errors = result["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{result}");
    assert_eq!(errors[0]["file"], bad_path.to_str().unwrap());
    // Exactly what `warrant check` prints for that file.
    let expected = warrant_core::format::read_contract_file(&bad_path)
        .unwrap_err()
        .to_string();
    assert_eq!(errors[0]["message"], expected.as_str());

    assert_eq!(app.ok("app_info", json!({}))["contract_count"], 3);
    assert_eq!(
        app.ok("audit_events", json!({ "contractId": null }))
            .as_array()
            .unwrap()
            .len(),
        events_before
    );

    // A path sent by the window is not a choice: nothing is read until the
    // person picks the file in the dialog.
    let ignored = app.ok(
        "import_files",
        json!({ "paths": [good_path.to_str().unwrap()] }),
    );
    assert_eq!(
        (&ignored["report"], &ignored["errors"]),
        (&Value::Null, &json!([]))
    );
    assert_eq!(app.ok("app_info", json!({}))["contract_count"], 3);
    app.picks([&good_path]);
    let result = app.ok("import_files", json!({}));
    assert_eq!(result["errors"], json!([]));
    assert_eq!(result["report"]["files"][0]["id"], "imported-in-a-test");
    assert_eq!(app.ok("app_info", json!({}))["contract_count"], 4);
}

#[test]
fn export_writes_one_file_per_contract_that_reads_back_the_same() {
    let app = TestApp::acting();
    let listed = ids(&app.ok("list_contracts", json!({ "query": {} })));
    let out = app.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for format in ["yaml", "json"] {
        app.picks([&out]);
        let result = app.ok(
            "export_contracts",
            json!({ "ids": listed[..2], "format": format }),
        );
        let files = result["files"].as_array().unwrap();
        assert_eq!(files.len(), 2);
        for (file, id) in files.iter().zip(&listed) {
            let path = std::path::Path::new(file.as_str().unwrap());
            assert_eq!(
                path.file_name().unwrap().to_str().unwrap(),
                format!("{id}.{format}")
            );
            let read = warrant_core::format::read_contract_file(path).unwrap();
            let stored = app.ok("get_contract", json!({ "id": id }))["stored"]["contract"].clone();
            assert_eq!(serde_json::to_value(read).unwrap(), stored);
        }
        // The export is in the audit trail, and the head handed back includes it.
        let events = app.ok("audit_events", json!({ "contractId": null }));
        let last = events.as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["kind"], "export");
        let head = result["audit_head"].as_str().unwrap();
        assert_eq!(
            head,
            format!("{}:{}", last["hash"].as_str().unwrap(), last["seq"])
        );
    }
}

#[test]
fn people_commands_return_the_updated_list() {
    let app = TestApp::acting();
    let lee =
        json!({ "email": "lee@example.com", "name": "Lee Park", "team": "Sales", "title": "AE" });
    let people = app.ok("add_person", json!({ "person": lee }));
    assert!(has_row(&people, "email", "lee@example.com"));
    let renamed = json!({ "email": "lee@example.com", "name": "Lee Park-Kim", "team": "Sales", "title": "AE" });
    let people = app.ok(
        "update_person",
        json!({ "email": "lee@example.com", "person": renamed }),
    );
    assert!(has_row(&people, "name", "Lee Park-Kim"));
    let people = app.ok("delete_person", json!({ "email": "lee@example.com" }));
    assert!(!has_row(&people, "email", "lee@example.com"));
    assert_eq!(app.ok("list_people", json!({})), people);
}

#[test]
fn check_contract_reports_readiness_of_unsaved_content() {
    let app = TestApp::new();
    let mut contract = app.ok("list_templates", json!({}))[0].clone();
    contract["id"] = json!("not-saved-yet");
    let readiness = app.ok("check_contract", json!({ "contract": contract }));
    assert_eq!(readiness["id"], "not-saved-yet");
    assert!(
        ["ready", "over_authorized", "not_ready"].contains(&readiness["verdict"].as_str().unwrap())
    );
}

#[test]
fn the_audit_trail_verifies() {
    let app = TestApp::acting();
    let events = app
        .ok("audit_events", json!({ "contractId": null }))
        .as_array()
        .unwrap()
        .len();
    assert!(events > 0);
    let verification = app.ok("verify_audit", json!({}));
    assert_eq!(verification["intact"], true, "{verification}");
    assert_eq!(verification["events"], events);
}

#[test]
fn on_a_first_run_a_person_can_add_themselves() {
    let app = TestApp::new();
    let me =
        json!({ "email": "new.user@example.com", "name": "New User", "team": "", "title": "" });
    let people = app.ok("add_person", json!({ "person": me }));
    assert!(has_row(&people, "email", "new.user@example.com"));
    let added = app.newest_event("person_added");
    assert_eq!(added["actor"], "new.user@example.com", "{added}");

    // Once someone acts, additions are stamped with them.
    app.ok("set_acting_as", json!({ "email": "new.user@example.com" }));
    app.ok("add_person", json!({ "person": { "email": "second@example.com", "name": "Second", "team": "", "title": "" } }));
    let added = app.newest_event("person_added");
    assert_eq!(added["actor"], "new.user@example.com");
}

/// The real configuration (tauri.conf.json + capabilities/) applied to the
/// main window: a granted core permission works, an ungranted plugin command
/// is refused. Guards against a capability file that is silently ignored.
#[test]
fn the_capability_file_applies_to_the_main_window() {
    let dir = tempfile::tempdir().unwrap();
    let app = configure(mock_builder())
        .manage(AppState::open(&dir.path().join("registry.db")))
        .build(tauri::generate_context!())
        .unwrap();
    let window = match tauri::Manager::get_webview_window(&app, "main") {
        Some(window) => window,
        None => WebviewWindowBuilder::from_config(&app, &app.config().app.windows[0])
            .unwrap()
            .build()
            .unwrap(),
    };
    let invoke = |cmd: &str| get_ipc_response(&window, invoke_request(cmd, json!({})));
    let version =
        invoke("plugin:app|version").expect("core:app:allow-version is granted to the main window");
    assert_eq!(
        version.deserialize::<Value>().unwrap(),
        env!("CARGO_PKG_VERSION")
    );
    let refused = invoke("plugin:dialog|open").expect_err("the window gets no dialog permission");
    assert!(refused.to_string().contains("not allowed"), "{refused}");
    // The app's own commands need no permission entry.
    assert!(invoke("app_info").is_ok());
}
