//! `warrant team verify` as CI runs it: exit codes 0/1/2, the `--json`
//! shape and the JUnit report, on a repository built in a temp dir.

use std::path::Path;

use crate::support::{stderr, stdout, warrant};
use chrono::{Duration, TimeZone, Utc};
use warrant_core::lifecycle::ReviewDecision;
use warrant_core::model::Status;
use warrant_team::record::{Kind, Record};
use warrant_team::{FoundingKey, SigningKey, TeamPerson, TeamRepo};

const CONTRACT: &str = "format: warrant/v1
id: forecast-note
title: Forecast commentary
workflow:
  category: forecast_commentary
  description: Summarise the week's forecast changes.
  decision: The sales director edits the note before it is posted.
authority: suggest
sources:
  - name: opportunities
    system: crm
    role: source_of_truth
    trust: trusted
    owner: dan@example.com
owners:
  business: bea@example.com
  data: dan@example.com
destination:
  system: forecast_note
  shows: [reason_code, confidence]
";

/// A repository where Bea (founder) and Dan approved and Bea launched one
/// contract; returns the records' paths.
fn launched_repository(dir: &Path, keys: &Path) -> Vec<std::path::PathBuf> {
    let bea = SigningKey::create(&keys.join("bea"), "bea", None).unwrap();
    let dan = SigningKey::create(&keys.join("dan"), "dan", None).unwrap();
    let person = |email: &str| TeamPerson {
        email: email.into(),
        name: email.into(),
        team: String::new(),
        title: String::new(),
        keys: Vec::new(),
    };
    let founding = [
        FoundingKey {
            email: "bea@example.com".into(),
            key: bea.public_key_line(),
        },
        FoundingKey {
            email: "dan@example.com".into(),
            key: dan.public_key_line(),
        },
    ];
    let repo = TeamRepo::create(
        dir,
        "CLI team",
        &[person("bea@example.com"), person("dan@example.com")],
        &founding,
    )
    .unwrap();
    let mut contract = warrant_core::format::parse_contract("c.yaml", CONTRACT.as_bytes()).unwrap();
    let mut at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    let mut tick = || {
        at += Duration::minutes(1);
        at
    };
    let (b, d) = ("bea@example.com", "dan@example.com");
    let records = vec![
        repo.add_record(&Record::step(&contract, Kind::Submit, b, tick(), ""), &bea)
            .unwrap(),
        repo.add_record(
            &Record::review(&contract, b, tick(), ReviewDecision::Approve, ""),
            &bea,
        )
        .unwrap(),
        repo.add_record(
            &Record::review(&contract, d, tick(), ReviewDecision::Approve, "ok"),
            &dan,
        )
        .unwrap(),
        repo.add_record(&Record::step(&contract, Kind::Launch, b, tick(), ""), &bea)
            .unwrap(),
    ];
    contract.status = Some(Status::Live);
    repo.write_contract(&contract).unwrap();
    records
}

#[test]
fn team_verify_exits_0_with_the_json_report_and_a_passing_junit_case() {
    let dir = tempfile::tempdir().unwrap();
    let keys = tempfile::tempdir().unwrap();
    launched_repository(dir.path(), keys.path());
    let junit = keys.path().join("verify.xml");
    let o = warrant(&[
        "team",
        "verify",
        dir.path().to_str().unwrap(),
        "--json",
        "--junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["team"], "CLI team");
    assert_eq!(v["records_checked"], 4);
    assert_eq!(v["failures"], serde_json::json!([]));
    let c = &v["contracts"][0];
    assert_eq!(c["id"], "forecast-note");
    assert_eq!(c["file"], "contracts/forecast-note.yaml");
    assert_eq!(c["status"], "live");
    assert_eq!(c["claimed_status"], "live");
    assert_eq!(c["valid_records"], 4);
    assert_eq!(c["content_sha256"].as_str().unwrap().len(), 64);
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("tests=\"1\" failures=\"0\""), "{xml}");
    assert!(xml.contains("name=\"forecast-note\"></testcase>"), "{xml}");

    let human = warrant(&["team", "verify", dir.path().to_str().unwrap()]);
    assert_eq!(human.status.code(), Some(0));
    assert!(
        stdout(&human).contains("forecast-note: live"),
        "{}",
        stdout(&human)
    );
}

#[test]
fn team_verify_exits_1_naming_an_edited_record() {
    let dir = tempfile::tempdir().unwrap();
    let keys = tempfile::tempdir().unwrap();
    let records = launched_repository(dir.path(), keys.path());
    let edited = dir.path().join(&records[2]);
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(
        &edited,
        text.replace("comment: \"ok\"", "comment: \"fine\""),
    )
    .unwrap();
    let junit = keys.path().join("verify.xml");
    let o = warrant(&[
        "team",
        "verify",
        dir.path().to_str().unwrap(),
        "--json",
        "--junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let shown = records[2].to_string_lossy().to_string();
    let failures = v["failures"].as_array().unwrap();
    assert!(
        failures.iter().any(|f| f["file"] == shown.as_str()
            && f["reason"]
                .as_str()
                .unwrap()
                .contains("changed after it was signed")),
        "{v}"
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("failures=\"1\""), "{xml}");
    assert!(xml.contains("<failure message="), "{xml}");

    let human = warrant(&["team", "verify", dir.path().to_str().unwrap()]);
    assert_eq!(human.status.code(), Some(1));
    assert!(stdout(&human).contains(&shown), "{}", stdout(&human));
}

#[test]
fn team_verify_exits_2_when_the_folder_is_not_a_team_repository() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("verify.xml");
    let o = warrant(&[
        "team",
        "verify",
        dir.path().to_str().unwrap(),
        "--json",
        "--junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("is not a team repository checkout"),
        "{}",
        stderr(&o)
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("errors=\"1\""), "{xml}");

    std::fs::write(
        dir.path().join("warrant-team.yaml"),
        "format: warrant-team/v2\nname: x\nfounding_keys: []\n",
    )
    .unwrap();
    let o = warrant(&["team", "verify", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("format"), "{}", stderr(&o));
}

fn git(dir: &Path, args: &[&str]) {
    let o = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn team_init_publishes_the_registry_to_an_empty_remote_and_the_clone_verifies() {
    let scratch = tempfile::tempdir().unwrap();
    let db = scratch.path().join("registry.db");
    let db = db.to_str().unwrap();
    let o = warrant(&["init", "--db", db]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let key = scratch.path().join("alex_ed25519");
    SigningKey::create(&key, "alex", Some("open sesame")).unwrap();
    let remote = scratch.path().join("team.git");
    let remote = remote.to_str().unwrap();

    let init = |extra_env: &[(&str, &str)], remote: &str, founder: &str| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_warrant"));
        command
            .args([
                "team",
                "init",
                "--remote",
                remote,
                "--name",
                "Revenue team",
                "--as",
                founder,
            ])
            .args(["--key", key.to_str().unwrap(), "--db", db])
            .env_remove("WARRANT_DB")
            .env_remove("WARRANT_KEY_PASSPHRASE");
        for (name, value) in extra_env {
            command.env(name, value);
        }
        command.output().unwrap()
    };
    // The key is locked: without its passphrase nothing is published.
    let locked = init(&[], remote, "alex.morgan@example.com");
    assert_eq!(locked.status.code(), Some(2));
    assert!(
        stderr(&locked).contains("passphrase"),
        "{}",
        stderr(&locked)
    );
    assert!(!Path::new(remote).exists());

    let unlocked = [("WARRANT_KEY_PASSPHRASE", "open sesame")];
    let stranger = init(&unlocked, remote, "nobody@example.com");
    assert_eq!(stranger.status.code(), Some(2));
    assert!(
        stderr(&stranger).contains("not in the people list"),
        "{}",
        stderr(&stranger)
    );

    let o = init(&unlocked, remote, "alex.morgan@example.com");
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("Founding key: SHA256:"),
        "{}",
        stdout(&o)
    );

    let checkout = scratch.path().join("checkout");
    std::fs::create_dir(&checkout).unwrap();
    git(&checkout, &["clone", "-q", remote, "."]);
    let v = warrant(&["team", "verify", checkout.to_str().unwrap(), "--json"]);
    assert_eq!(v.status.code(), Some(0), "{}{}", stdout(&v), stderr(&v));
    let report: serde_json::Value = serde_json::from_str(&stdout(&v)).unwrap();
    assert_eq!(report["team"], "Revenue team");
    let listed = warrant(&["list", "--json", "--db", db]);
    let listed: serde_json::Value = serde_json::from_str(&stdout(&listed)).unwrap();
    let contracts = report["contracts"].as_array().unwrap();
    assert_eq!(contracts.len(), listed.as_array().unwrap().len());
    assert!(contracts
        .iter()
        .all(|c| c["status"] == "draft" && c["claimed_status"].is_null()));
    let people = std::fs::read_to_string(checkout.join("people.yaml")).unwrap();
    assert!(people.contains("alex.morgan@example.com"), "{people}");
    assert_eq!(
        people.matches("ssh-ed25519 ").count(),
        1,
        "only the founder has a key: {people}"
    );
    assert!(
        !people.contains("PRIVATE"),
        "no private key is ever written"
    );

    // The remote is no longer empty: a second start is refused.
    let again = init(&unlocked, remote, "alex.morgan@example.com");
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already holds commits"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn team_init_into_an_existing_empty_bare_repository_can_be_cloned() {
    let scratch = tempfile::tempdir().unwrap();
    let db = scratch.path().join("registry.db");
    let db = db.to_str().unwrap();
    assert_eq!(warrant(&["init", "--db", db]).status.code(), Some(0));
    let key = scratch.path().join("key");
    SigningKey::create(&key, "alex", None).unwrap();
    let remote = scratch.path().join("made-elsewhere.git");
    std::fs::create_dir(&remote).unwrap();
    git(&remote, &["init", "-q", "--bare", "--initial-branch=trunk"]);
    let o = warrant(&[
        "team",
        "init",
        "--remote",
        remote.to_str().unwrap(),
        "--name",
        "T",
        "--as",
        "alex.morgan@example.com",
        "--key",
        key.to_str().unwrap(),
        "--db",
        db,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let checkout = scratch.path().join("checkout");
    std::fs::create_dir(&checkout).unwrap();
    git(&checkout, &["clone", "-q", remote.to_str().unwrap(), "."]);
    assert!(checkout.join("warrant-team.yaml").is_file());
    assert_eq!(
        warrant(&["team", "verify", checkout.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn team_init_takes_a_remote_path_relative_to_where_it_runs() {
    let scratch = tempfile::tempdir().unwrap();
    assert_eq!(
        warrant(&[
            "init",
            "--db",
            scratch.path().join("r.db").to_str().unwrap()
        ])
        .status
        .code(),
        Some(0)
    );
    SigningKey::create(&scratch.path().join("key"), "alex", None).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_warrant"))
        .args([
            "team",
            "init",
            "--remote",
            "team.git",
            "--name",
            "T",
            "--as",
            "alex.morgan@example.com",
        ])
        .args(["--key", "key", "--db", "r.db"])
        .current_dir(scratch.path())
        .env_remove("WARRANT_DB")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let checkout = scratch.path().join("checkout");
    std::fs::create_dir(&checkout).unwrap();
    git(
        &checkout,
        &[
            "clone",
            "-q",
            scratch.path().join("team.git").to_str().unwrap(),
            ".",
        ],
    );
    std::fs::write(
        checkout.join("contracts/churn-risk-summary.yaml"),
        std::fs::read_to_string(checkout.join("contracts/churn-risk-summary.yaml")).unwrap()
            + "status: live\n",
    )
    .unwrap();
    let v = warrant(&["team", "verify", checkout.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(1));
    assert!(
        stdout(&v).contains(
            "contracts/churn-risk-summary.yaml: says status: live, but no valid records support it"
        ),
        "{}",
        stdout(&v)
    );
    assert!(
        stdout(&v).contains("to approve version 1"),
        "{}",
        stdout(&v)
    );
}

/// The lead starts a team from the terminal, adds Dan's key and syncs; Dan
/// joins from a new registry. In a team registry `--as` must be the key
/// holder, a step's signed record waits in `team status` until `team sync`,
/// and a sync that cannot reach the remote exits 1 and keeps the work.
#[test]
fn team_join_sync_status_and_the_key_holder_from_the_terminal() {
    let scratch = tempfile::tempdir().unwrap();
    let path = |name: &str| scratch.path().join(name).to_string_lossy().to_string();
    let (lead, dan) = (path("lead.db"), path("dan.db"));
    SigningKey::create(&scratch.path().join("bea"), "bea", None).unwrap();
    SigningKey::create(&scratch.path().join("dan"), "dan", None).unwrap();
    let contract = path("forecast.yaml");
    std::fs::write(&contract, CONTRACT).unwrap();
    let remote = path("team.git");
    let code = |args: &[&str]| {
        let o = warrant(args);
        (
            o.status.code(),
            format!("{}{}", stdout(&o), stderr(&o)),
            stdout(&o),
        )
    };
    for args in [
        vec!["init", "--empty", "--db", &lead],
        vec![
            "people",
            "add",
            "bea@example.com",
            "--name",
            "Bea",
            "--db",
            &lead,
        ],
        vec![
            "import",
            &contract,
            "--as",
            "bea@example.com",
            "--db",
            &lead,
        ],
    ] {
        assert_eq!(code(&args).0, Some(0), "{args:?}");
    }
    let bea_key = path("bea");
    let (c, said, _) = code(&[
        "team",
        "init",
        "--remote",
        &remote,
        "--name",
        "T",
        "--as",
        "bea@example.com",
        "--key",
        &bea_key,
        "--db",
        &lead,
    ]);
    assert_eq!(c, Some(0), "{said}");
    let dan_pub = path("dan.pub");
    let (c, said, _) = code(&[
        "team",
        "add-person",
        "dan@example.com",
        "--name",
        "Dan",
        "--pubkey",
        &dan_pub,
        "--db",
        &lead,
    ]);
    assert_eq!(c, Some(0), "{said}");
    assert_eq!(code(&["team", "sync", "--db", &lead]).0, Some(0));

    assert_eq!(code(&["init", "--empty", "--db", &dan]).0, Some(0));
    let dan_key = path("dan");
    let (c, said, _) = code(&[
        "team",
        "join",
        &remote,
        "--as",
        "dan@example.com",
        "--key",
        &dan_key,
        "--db",
        &dan,
    ]);
    assert_eq!(c, Some(0), "{said}");

    let (c, said, _) = code(&[
        "status",
        "forecast-note",
        "submit",
        "--as",
        "bea@example.com",
        "--db",
        &dan,
    ]);
    assert_eq!(c, Some(2), "{said}");
    assert!(said.contains("holder of your key"), "{said}");
    let (c, said, _) = code(&["status", "forecast-note", "submit", "--db", &dan]);
    assert_eq!(c, Some(0), "{said}");
    assert!(said.contains("Signed by dan@example.com"), "{said}");

    let (c, _, json) = code(&["team", "status", "--json", "--db", &dan]);
    assert_eq!(c, Some(0));
    let status: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(status["connected"], true);
    assert_eq!(status["connection"]["email"], "dan@example.com");
    assert_eq!(status["pending"]["records"], 1);
    assert_eq!(status["refused"].as_array().unwrap().len(), 0);

    std::fs::rename(&remote, path("away.git")).unwrap();
    let (c, said, _) = code(&["team", "sync", "--db", &dan]);
    assert_eq!(c, Some(1), "{said}");
    assert!(said.contains("Offline"), "{said}");
    std::fs::rename(path("away.git"), &remote).unwrap();
    let (c, said, _) = code(&["team", "sync", "--db", &dan]);
    assert_eq!(c, Some(0), "{said}");
    assert_eq!(code(&["team", "sync", "--db", &lead]).0, Some(0));
    let (_, _, shown) = code(&["show", "forecast-note", "--json", "--db", &lead]);
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(
        shown["contract"]["status"], "in_review",
        "the lead sees Dan's submit"
    );
    let (_, _, json) = code(&["team", "status", "--json", "--db", &dan]);
    let status: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        status["pending"],
        serde_json::json!({"versions": 0, "records": 0, "commits": 0})
    );
    assert_eq!(code(&["audit", "verify", "--db", &dan]).0, Some(0));

    // A desk registry has no record to sign.
    let desk = path("desk.db");
    assert_eq!(code(&["init", "--db", &desk]).0, Some(0));
    let (c, said, _) = code(&[
        "review",
        "churn-risk-summary",
        "--as",
        "dana.lee@example.com",
        "--decision",
        "approve",
        "--key",
        &dan_key,
        "--db",
        &desk,
    ]);
    assert_eq!(c, Some(2), "{said}");
    assert!(said.contains("not connected"), "{said}");
}

/// `--key agent`: the key ssh-agent holds among the person's keys in
/// `people.yaml` signs, at join and for every later step (an agent of the
/// test's own, stopped by its process id).
#[test]
fn team_join_and_steps_with_the_key_in_ssh_agent() {
    let scratch = tempfile::tempdir().unwrap();
    let path = |name: &str| scratch.path().join(name).to_string_lossy().to_string();
    let (lead, dan) = (path("lead.db"), path("dan.db"));
    SigningKey::create(&scratch.path().join("bea"), "bea", None).unwrap();
    SigningKey::create(&scratch.path().join("dan"), "dan", None).unwrap();
    std::fs::write(path("forecast.yaml"), CONTRACT).unwrap();
    let socket = scratch.path().join("agent.sock");
    let mut agent = std::process::Command::new("ssh-agent")
        .arg("-D")
        .arg("-a")
        .arg(&socket)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if socket.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let added = std::process::Command::new("ssh-add")
        .arg("-q")
        .arg(path("dan"))
        .env("SSH_AUTH_SOCK", &socket)
        .status()
        .unwrap();
    assert!(added.success());
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_warrant"))
            .args(args)
            .env_remove("WARRANT_DB")
            .env_remove("WARRANT_KEY")
            .env("SSH_AUTH_SOCK", &socket)
            .output()
            .unwrap();
        (o.status.code(), format!("{}{}", stdout(&o), stderr(&o)))
    };
    let (remote, bea_key, dan_pub, contract) = (
        path("team.git"),
        path("bea"),
        path("dan.pub"),
        path("forecast.yaml"),
    );
    for args in [
        vec!["init", "--empty", "--db", &lead],
        vec![
            "people",
            "add",
            "bea@example.com",
            "--name",
            "Bea",
            "--db",
            &lead,
        ],
        vec![
            "import",
            &contract,
            "--as",
            "bea@example.com",
            "--db",
            &lead,
        ],
        vec![
            "team",
            "init",
            "--remote",
            &remote,
            "--name",
            "T",
            "--as",
            "bea@example.com",
            "--key",
            &bea_key,
            "--db",
            &lead,
        ],
        vec![
            "team",
            "add-person",
            "dan@example.com",
            "--name",
            "Dan",
            "--pubkey",
            &dan_pub,
            "--db",
            &lead,
        ],
        vec!["team", "sync", "--db", &lead],
        vec!["init", "--empty", "--db", &dan],
        vec![
            "team",
            "join",
            &remote,
            "--as",
            "dan@example.com",
            "--key",
            "agent",
            "--db",
            &dan,
        ],
        vec!["status", "forecast-note", "submit", "--db", &dan],
        vec!["team", "sync", "--db", &dan],
    ] {
        let (code, said) = run(&args);
        assert_eq!(code, Some(0), "{args:?}: {said}");
    }
    let (_, said) = run(&["team", "status", "--db", &dan]);
    assert!(said.contains("key: agent"), "{said}");
    let _ = agent.kill();
    let _ = agent.wait();
    // With the agent gone, the step is refused and nothing is signed.
    let (code, said) = run(&[
        "status",
        "forecast-note",
        "retire",
        "--reason",
        "gone",
        "--db",
        &dan,
    ]);
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains("agent"),
        "refused for the missing agent: {said}"
    );
}
