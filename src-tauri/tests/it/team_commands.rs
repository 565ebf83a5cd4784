//! Settings → Team over the mock runtime, against a bare repository made
//! by `git init --bare` and keys made by `ssh-keygen`: the lead starts the
//! team with the library (as the CLI does); the app joins as the data owner
//! with the key picked in the dialog, approves, and the review screen says
//! who signed each approval and that it was verified.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tempfile::TempDir;
use warrant_core::registry::Registry;
use warrant_team::{sync, SigningKey};
// Lee (the RevOps lead, business owner, founder) starts the team; Dan, the
// data owner, is the app's person.
use warrant_team_fixture::{lee, ssh_keygen, StartedTeam, DAN, ID, LEE};

use super::support::TestApp;

/// The team Lee started (`warrant_team_fixture::started`), in its folder.
struct Team {
    dir: TempDir,
    remote: PathBuf,
    lee: Registry,
    dan_key: PathBuf,
}

impl Team {
    fn remote(&self) -> PathBuf {
        self.remote.clone()
    }

    fn new() -> Team {
        let dir = TempDir::new().unwrap();
        let StartedTeam {
            remote,
            lee,
            dan_key,
        } = StartedTeam::start(dir.path()).unwrap();
        Team {
            dir,
            remote,
            lee,
            dan_key,
        }
    }
}

fn join(app: &TestApp, team: &Team) -> Value {
    app.picks([team.dan_key.clone()]);
    app.ok(
        "team_join",
        json!({"remote": team.remote().to_str().unwrap(), "email": DAN, "key": "file"}),
    )
}

#[test]
fn a_registry_not_connected_says_so() {
    let app = TestApp::seeded(None, |_| {});
    let status = app.ok("team_status", json!({}));
    assert_eq!(status["connected"], false);
    assert_eq!(status["connection"], Value::Null);
    assert_eq!(app.ok("team_people", json!({})), json!([]));
    let err = app.call("team_sync", json!({})).unwrap_err();
    assert_eq!(err["code"], "invalid", "{err}");
}

#[test]
fn join_from_settings_approve_and_see_each_signer_verified() {
    let mut team = Team::new();
    let app = TestApp::seeded(None, |_| {});
    let joined = join(&app, &team);
    // The app's first-run registry held the examples: it is kept aside.
    let kept = joined["earlier_registry"].as_str().expect("kept aside");
    assert!(Path::new(kept).exists(), "{kept}");
    assert!(
        joined["report"]["applied"]["records"]
            .as_array()
            .unwrap()
            .len()
            >= 3
    );

    let status = app.ok("team_status", json!({}));
    assert_eq!(status["connected"], true);
    assert_eq!(status["connection"]["email"], DAN);
    assert_eq!(status["connection"]["team"], "Revenue team");
    assert_eq!(status["refused"], json!([]));
    let people = app.ok("team_people", json!({}));
    let keys_of = |email: &str| {
        people
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["email"] == email)
            .map(|p| p["keys"].as_array().unwrap().len())
    };
    assert_eq!((keys_of(LEE), keys_of(DAN)), (Some(1), Some(1)), "{people}");
    let dan_public = SigningKey::load(&team.dan_key, None).unwrap();
    let fingerprint = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == DAN)
        .unwrap()["keys"][0]["fingerprint"]
        .clone();
    assert_eq!(
        fingerprint,
        warrant_team::signing::fingerprint(dan_public.public_key())
    );

    let view = app.ok("get_review", json!({"id": ID}));
    assert_eq!(
        view["lifecycle"]["status"], "in_review",
        "{}",
        view["lifecycle"]
    );
    let signatures = view["signatures"].as_array().unwrap();
    assert_eq!(signatures.len(), 1);
    assert_eq!(signatures[0]["signer"], LEE);
    assert_eq!(signatures[0]["outcome"], "applied");

    // The review command signs with the connection's key: no "sign it
    // with your key" refusal.
    let done = app.ok(
        "record_review",
        json!({"id": ID, "decision": "approve", "comment": "Sources are right."}),
    );
    assert_eq!(done["status"], "approved", "{done}");
    let view = app.ok("get_review", json!({"id": ID}));
    let signatures = view["signatures"].as_array().unwrap();
    assert_eq!(signatures[1]["signer"], DAN);
    assert_eq!(signatures[1]["outcome"], "signed_here");
    assert_eq!(app.ok("team_status", json!({}))["pending"]["records"], 1);

    let report = app.ok("team_sync", json!({}));
    assert_eq!(report["offline"], Value::Null, "{report}");
    assert_eq!(report["pushed"], true);
    assert_eq!(report["records_out"], 1);
    assert_eq!(app.ok("team_status", json!({}))["pending"]["records"], 0);

    // Lee sees Dan's approval, verified, stamped with its signer.
    sync::sync(&mut team.lee).unwrap();
    let dan_review = team
        .lee
        .team_records()
        .unwrap()
        .into_iter()
        .find(|r| r.signer == DAN && r.kind == "review")
        .expect("Dan's record reached Lee");
    assert_eq!(
        dan_review.outcome,
        warrant_core::registry::TeamRecordOutcome::Applied
    );
    assert_eq!(
        team.lee.standing(ID).unwrap().status,
        warrant_core::model::Status::Approved
    );
}

#[test]
fn status_moves_in_a_team_registry_are_signed() {
    let team = Team::new();
    let app = TestApp::seeded(None, |_| {});
    join(&app, &team);
    app.ok(
        "record_review",
        json!({"id": ID, "decision": "approve", "comment": "Sources are right."}),
    );
    // Dan owns no launch; the core's refusal crosses IPC as it is.
    let err = app
        .call(
            "change_status",
            json!({"id": ID, "action": "launch", "note": ""}),
        )
        .unwrap_err();
    assert!(err["message"].as_str().unwrap().len() > 10, "{err}");
    assert_eq!(app.ok("team_status", json!({}))["pending"]["records"], 1);
}

#[test]
fn offline_is_a_result_and_a_closed_key_dialog_changes_nothing() {
    let team = Team::new();
    let app = TestApp::seeded(None, |_| {});
    // No pick queued: the dialog is closed.
    let cancelled = app.ok(
        "team_join",
        json!({"remote": team.remote().to_str().unwrap(), "email": DAN, "key": "file"}),
    );
    assert_eq!(cancelled, Value::Null);
    assert_eq!(app.ok("team_status", json!({}))["connected"], false);

    join(&app, &team);
    std::fs::rename(team.remote(), team.dir.path().join("gone.git")).unwrap();
    let report = app.ok("team_sync", json!({}));
    assert!(report["offline"].is_string(), "{report}");
}

#[test]
fn join_refusals_name_their_field() {
    let team = Team::new();
    let app = TestApp::seeded(None, |_| {});
    app.picks([team.dan_key.clone()]);
    let err = app
        .call(
            "team_join",
            json!({"remote": team.remote().to_str().unwrap(), "email": "nobody@example.com", "key": "file"}),
        )
        .unwrap_err();
    assert_eq!(err["field"], "as", "{err}");
    // Nothing was replaced: no registry was kept aside, none is connected.
    assert_eq!(app.ok("team_status", json!({}))["connected"], false);
    let aside = std::fs::read_dir(app.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains("before-team"));
    assert!(!aside);
    let err = app
        .call(
            "team_join",
            json!({"remote": " ", "email": DAN, "key": "agent"}),
        )
        .unwrap_err();
    assert_eq!(err["field"], "remote", "{err}");
}

#[test]
fn start_a_team_repository_from_settings() {
    let dir = TempDir::new().unwrap();
    let key = ssh_keygen(dir.path(), "lee", "");
    let app = TestApp::seeded(Some(LEE), |registry| {
        registry.add_person(&lee(), "test").unwrap();
    });
    let remote = dir.path().join("new-team.git");
    let err = app
        .call(
            "team_init",
            json!({"remote": remote.to_str().unwrap(), "name": "", "key": "agent"}),
        )
        .unwrap_err();
    assert_eq!(err["field"], "name", "{err}");
    app.picks([key]);
    let status = app.ok(
        "team_init",
        json!({"remote": remote.to_str().unwrap(), "name": "Revenue team", "key": "file"}),
    );
    assert_eq!(status["connected"], true, "{status}");
    assert_eq!(status["connection"]["email"], LEE);
    assert!(remote.join("HEAD").exists());
}

#[test]
fn a_dry_run_in_a_team_registry_is_kept_with_its_signed_record() {
    let team = Team::new();
    let app = TestApp::seeded(None, |_| {});
    join(&app, &team);
    let outcome = app.ok("run_dry_run", json!({"id": ID, "sample": true}));
    assert_eq!(outcome["stored"]["run_by"], DAN, "{outcome}");
    assert_eq!(
        app.ok("list_dry_runs", json!({"id": ID}))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(app.ok("team_status", json!({}))["pending"]["records"], 1);
}
