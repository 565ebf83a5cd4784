//! `verify` on repositories built through the writer API: a clean history
//! passes, and each way of cheating named in docs/team-repository.md is
//! caught with the file named.

use warrant_core::canonical::content_sha256;
use warrant_core::lifecycle::ReviewDecision;
use warrant_core::model::{Authority, Status};
use warrant_team::record::{KeyAction, Kind, Record};
use warrant_team::SigningKey;

use crate::support::*;

const FILE: &str = "contracts/churn-risk-summary.yaml";

#[test]
fn a_launched_contract_with_its_records_verifies() {
    let mut team = Team::new();
    team.launch(&contract());
    let report = team.verify();
    assert!(report.ok(), "{}", failures(&report));
    assert_eq!(report.exit_code(), 0);
    assert_eq!(report.team, "Revenue team");
    assert_eq!(report.records_checked, 8);
    let state = &report.contracts[0];
    assert_eq!(state.status, Status::Live);
    assert_eq!(state.claimed_status, Some(Status::Live));
    assert_eq!(state.valid_records, 4);
    assert_eq!(state.running, None);
    assert_eq!(state.content_sha256, content_sha256(&contract()));
}

#[test]
fn the_whole_lifecycle_replays_pause_resume_rollback_dry_run_and_retire() {
    let mut team = Team::new();
    let c = contract();
    team.launch(&c);
    let at = team.tick();
    team.sign(
        DAN,
        &Record::dry_run(
            &c,
            DAN,
            at,
            warrant_team::record::DryRunFields {
                file_name: "sample.csv".into(),
                file_sha256: "ab".repeat(32),
                rows: 10,
                counts: warrant_team::record::DryRunCounts {
                    eligible: 6,
                    review: 2,
                    suppressed: 1,
                    malformed: 1,
                },
            },
        ),
    );
    team.step(&c, Kind::Pause, EVE, "Support feed is six hours old.");
    team.step(
        &c,
        Kind::Rollback,
        EVE,
        "Restored last night's health bands.",
    );
    team.write(&c, Some(Status::Paused));
    assert!(team.verify().ok(), "{}", failures(&team.verify()));
    team.step(&c, Kind::Resume, EVE, "Feed is fresh again.");
    team.write(&c, Some(Status::Live));
    assert!(team.verify().ok(), "{}", failures(&team.verify()));
    team.step(
        &c,
        Kind::Retire,
        BEA,
        "Replaced by the renewal-risk workflow.",
    );
    team.write(&c, Some(Status::Retired));
    let report = team.verify();
    assert!(report.ok(), "{}", failures(&report));
    assert_eq!(report.contracts[0].status, Status::Retired);
}

#[test]
fn a_step_by_someone_the_lifecycle_does_not_allow_counts_for_nothing() {
    let mut team = Team::new();
    let c = contract();
    team.write(&c, Some(Status::InReview));
    team.step(&c, Kind::Submit, MAL, "");
    let approval = team.review(&c, MAL, ReviewDecision::Approve, "Looks fine to me.");
    assert_failures(
        &team.verify(),
        &[(
            &shown(&approval),
            "approval is recorded by the business owner",
        )],
    );
}

#[test]
fn approving_as_someone_else_is_caught() {
    let mut team = Team::new();
    let c = contract();
    team.write(&c, Some(Status::Live));
    team.step(&c, Kind::Submit, BEA, "");
    team.review(&c, BEA, ReviewDecision::Approve, "");
    // Mal signs an approval that names Dan as the reviewer.
    let at = team.tick();
    let forged = team.forge(
        &Record::review(&c, DAN, at, ReviewDecision::Approve, ""),
        team.key(MAL),
    );
    let launch = team.step(&c, Kind::Launch, BEA, "");
    assert_failures(
        &team.verify(),
        &[
            (&shown(&forged), "signed with mal@example.com's key"),
            (
                &shown(&launch),
                "launch needs the contract to be approved; it is in review",
            ),
            (FILE, "approval needs the data owner, dan@example.com"),
        ],
    );
}

#[test]
fn a_key_nobody_registered_is_caught() {
    let mut team = Team::new();
    let c = contract();
    team.write(&c, Some(Status::InReview));
    team.step(&c, Kind::Submit, BEA, "");
    let stranger = ssh_keygen(team.keys_dir.path(), "stranger", "");
    let stranger = SigningKey::load(&stranger, None).unwrap();
    let at = team.tick();
    let forged = team.forge(
        &Record::review(&c, DAN, at, ReviewDecision::Approve, ""),
        &stranger,
    );
    assert_failures(
        &team.verify(),
        &[(&shown(&forged), "registered for nobody")],
    );
}

#[test]
fn a_revoked_key_keeps_its_earlier_records_and_loses_later_ones() {
    let mut team = Team::new();
    let c = contract();
    team.launch(&c);
    let at = team.tick();
    let dans_key = team.key(DAN).public_key_line();
    let revocation = team
        .repo
        .revoke_key(DAN, BEA, at, &dans_key, team.key(BEA))
        .unwrap();
    // people.yaml no longer lists the key; Dan's approval made before the
    // revocation is kept, so the contract stays live.
    let dan = team.repo.people().unwrap().person(DAN).unwrap().clone();
    assert!(dan.keys.is_empty(), "{dan:?}");
    let text = std::fs::read_to_string(team.dir().join(&revocation)).unwrap();
    assert_eq!(
        text.matches("\n- \"").count(),
        1,
        "Dan signed one record: {text}"
    );
    let report = team.verify();
    assert!(report.ok(), "{}", failures(&report));
    assert_eq!(report.contracts[0].status, Status::Live);

    // A pause Dan signs after the revocation counts for nothing…
    let at = team.tick();
    let late = team.forge(
        &Record::step(&c, Kind::Pause, DAN, at, "Stop it."),
        team.key(DAN),
    );
    team.write(&c, Some(Status::Paused));
    assert_failures(
        &team.verify(),
        &[
            (&shown(&late), "revoked at"),
            (
                FILE,
                "says status: paused, but its valid records support live",
            ),
        ],
    );
    std::fs::remove_file(team.dir().join(&late)).unwrap();

    // …and so does one dated back to before the revocation: the revocation
    // lists the records it keeps, and this is not one of them.
    let backdated = team.now - chrono::Duration::seconds(90); // after the launch, before the revocation
    let back = team.forge(
        &Record::step(&c, Kind::Pause, DAN, backdated, "Stop it."),
        team.key(DAN),
    );
    assert_failures(
        &team.verify(),
        &[
            (
                &shown(&back),
                "does not list this record among those it keeps",
            ),
            (
                FILE,
                "says status: paused, but its valid records support live",
            ),
        ],
    );
}

#[test]
fn a_revocation_that_lists_no_kept_records_is_refused() {
    let mut team = Team::new();
    let at = team.tick();
    let mut revocation = Record::person_key(
        MAL,
        BEA,
        at,
        KeyAction::Revoke,
        &team.key(MAL).public_key_line(),
    );
    if let warrant_team::record::Body::PersonKey(change) = &mut revocation.body {
        change.keeps = None;
    }
    let file = team.forge(&revocation, team.key(BEA));
    let report = team.verify();
    assert!(
        report
            .failures
            .iter()
            .any(|f| f.file == shown(&file)
                && f.reason.contains("without listing the records it keeps")),
        "{}",
        failures(&report)
    );
}

#[test]
fn a_record_edited_after_signing_is_caught() {
    let mut team = Team::new();
    let records = team.launch(&contract());
    let path = team.dir().join(&records[2]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("Sources are right."));
    std::fs::write(
        &path,
        text.replace("Sources are right.", "Sources are wrong."),
    )
    .unwrap();
    let report = team.verify();
    assert!(
        report
            .failures
            .iter()
            .any(|f| f.file == shown(&records[2])
                && f.reason.contains("changed after it was signed")),
        "{}",
        failures(&report)
    );
    assert!(
        report.failures.iter().any(|f| f.file == FILE),
        "{}",
        failures(&report)
    );
}

#[test]
fn a_contract_edited_after_approval_is_caught() {
    let mut team = Team::new();
    let mut c = contract();
    team.launch(&c);
    c.workflow.decision = "The summary goes straight into the CRM.".into();
    team.write(&c, Some(Status::Live));
    assert_failures(&team.verify(), &[(FILE, "edited after approval")]);

    c.authority = Authority::Act;
    team.write(&c, Some(Status::Live));
    assert_failures(
        &team.verify(),
        &[(FILE, "the authority was raised after approval")],
    );
}

#[test]
fn a_pending_version_keeps_the_live_one_running_until_it_is_launched() {
    let mut team = Team::new();
    let live = contract();
    team.launch(&live);
    let mut pending = live.clone();
    pending.workflow.description =
        "Draft a churn-risk summary for every account over 50 seats.".into();
    team.write(&pending, Some(Status::Draft));
    team.commit("edit");

    let report = team.verify();
    assert!(report.ok(), "{}", failures(&report));
    let state = &report.contracts[0];
    assert_eq!(
        state.status,
        Status::Draft,
        "the file's status is its content's"
    );
    let running = state
        .running
        .as_ref()
        .expect("the earlier version still runs");
    assert_eq!(running.status, Status::Live);
    assert_eq!(running.content_sha256, content_sha256(&live));

    // Pausing works on the running version while the edit waits.
    team.step(&live, Kind::Pause, EVE, "Match rate dropped.");
    assert_eq!(
        team.verify().contracts[0].running.as_ref().unwrap().status,
        Status::Paused
    );
    team.step(&live, Kind::Resume, BEA, "Match rate is back.");

    team.step(&pending, Kind::Submit, BEA, "");
    team.write(&pending, Some(Status::InReview));
    assert!(team.verify().ok(), "{}", failures(&team.verify()));
    team.review(&pending, BEA, ReviewDecision::Approve, "");
    team.review(&pending, DAN, ReviewDecision::Approve, "");
    team.write(&pending, Some(Status::Approved));
    let report = team.verify();
    assert!(report.ok(), "{}", failures(&report));
    assert_eq!(
        report.contracts[0].running.as_ref().unwrap().status,
        Status::Live
    );

    team.step(&pending, Kind::Launch, DEE, "");
    team.write(&pending, Some(Status::Live));
    let report = team.verify();
    assert!(report.ok(), "{}", failures(&report));
    assert_eq!(report.contracts[0].status, Status::Live);
    assert_eq!(
        report.contracts[0].running, None,
        "the file's content is what runs now"
    );
}

#[test]
fn a_pending_version_can_be_discarded() {
    let mut team = Team::new();
    let live = contract();
    team.launch(&live);
    let mut pending = live.clone();
    pending.title = "Churn-risk summary v2".into();
    team.write(&pending, Some(Status::InReview));
    team.commit("edit");
    team.step(&pending, Kind::Submit, BEA, "");
    team.step(&pending, Kind::Discard, BEA, "Not needed after all.");
    team.write(&live, Some(Status::Live));
    let report = team.verify();
    assert!(report.ok(), "{}", failures(&report));
    // Discarding it again counts for nothing: it is no longer current.
    let again = team.step(&pending, Kind::Discard, BEA, "");
    assert_failures(
        &team.verify(),
        &[(&shown(&again), "which is no longer current")],
    );
}

#[test]
fn a_deleted_record_leaves_a_status_no_record_supports() {
    let mut team = Team::new();
    let records = team.launch(&contract());
    std::fs::remove_file(team.dir().join(&records[2])).unwrap();
    assert_failures(
        &team.verify(),
        &[
            (
                &shown(&records[3]),
                "launch needs the contract to be approved",
            ),
            (FILE, "approval needs the data owner, dan@example.com"),
        ],
    );
}

#[test]
fn a_status_claimed_without_any_record_is_caught() {
    let team = Team::new();
    team.write(&contract(), Some(Status::Live));
    assert_failures(
        &team.verify(),
        &[(FILE, "says status: live, but no valid records support it")],
    );
}

#[test]
fn a_record_for_other_content_is_caught() {
    let mut team = Team::new();
    let c = contract();
    team.write(&c, Some(Status::InReview));
    team.commit("contract");
    team.step(&c, Kind::Submit, BEA, "");
    // A genuine approval by Dan, but of content that never was this file.
    let mut elsewhere = c.clone();
    elsewhere.title = "Another workflow".into();
    let at = team.tick();
    let replayed = team.sign(
        DAN,
        &Record::review(&elsewhere, DAN, at, ReviewDecision::Approve, ""),
    );
    assert_failures(
        &team.verify(),
        &[(&shown(&replayed), "nor in any version of it in git history")],
    );

    // Without git history the same record cannot be placed, and says why.
    std::fs::remove_dir_all(team.dir().join(".git")).unwrap();
    assert_failures(&team.verify(), &[(&shown(&replayed), "no git history")]);
}

#[test]
fn a_record_moved_to_another_contract_or_renamed_is_caught() {
    let mut team = Team::new();
    let records = team.launch(&contract());
    let from = team.dir().join(&records[1]);
    let renamed = from.with_file_name("20261102T090000.000Z-review-bea@example.com.yaml");
    std::fs::rename(&from, &renamed).unwrap();
    let report = team.verify();
    assert!(
        report.failures.iter().any(|f| f
            .file
            .ends_with("20261102T090000.000Z-review-bea@example.com.yaml")
            && f.reason.contains("is named for something else")),
        "{}",
        failures(&report)
    );
    let other = team.dir().join("records/another-contract");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::rename(&renamed, other.join(from.file_name().unwrap())).unwrap();
    let report = team.verify();
    assert!(
        report
            .failures
            .iter()
            .any(|f| f.file.starts_with("records/another-contract/")
                && f.reason.contains("belong in records/churn-risk-summary/")),
        "{}",
        failures(&report)
    );
}

#[test]
fn an_unknown_key_in_a_record_is_refused_with_its_path() {
    let mut team = Team::new();
    let records = team.launch(&contract());
    let path = team.dir().join(&records[3]);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("authority:", "approved_by_cfo: true\nauthority:"),
    )
    .unwrap();
    let report = team.verify();
    assert!(
        report.failures.iter().any(|f| f.file == shown(&records[3])
            && f.reason.contains("unknown field `approved_by_cfo`")),
        "{}",
        failures(&report)
    );
}

#[test]
fn a_key_pasted_into_people_yaml_without_a_record_is_caught() {
    let team = Team::new();
    let path = team.dir().join("people.yaml");
    let mut people = team.repo.people().unwrap();
    let pasted = ssh_keygen(team.keys_dir.path(), "pasted", "");
    let pasted = SigningKey::load(&pasted, None).unwrap().public_key_line();
    people
        .people
        .iter_mut()
        .find(|p| p.email == MAL)
        .unwrap()
        .keys
        .push(pasted);
    std::fs::write(
        &path,
        warrant_team::yaml::write(&serde_json::to_value(&people).unwrap()),
    )
    .unwrap();
    assert_failures(
        &team.verify(),
        &[(
            "people.yaml",
            "no founding key or valid person_key record added it",
        )],
    );
}

#[test]
fn a_key_added_by_someone_without_a_valid_key_is_caught() {
    let mut team = Team::new();
    let stranger_path = ssh_keygen(team.keys_dir.path(), "stranger", "");
    let stranger = SigningKey::load(&stranger_path, None).unwrap();
    let at = team.tick();
    let line = stranger.public_key_line();
    // Mal's own key signs, but the record claims Bea made it.
    let forged = team.forge(
        &Record::person_key(MAL, BEA, at, KeyAction::Add, &line),
        team.key(MAL),
    );
    assert_failures(
        &team.verify(),
        &[(&shown(&forged), "signed with mal@example.com's key")],
    );
}

#[test]
fn a_repository_that_cannot_be_read_is_an_error() {
    let team = Team::new();
    std::fs::write(
        team.dir().join("people.yaml"),
        "people:\n  - email: a@example.com\n    nick: x\n",
    )
    .unwrap();
    let error = warrant_team::verify(team.dir()).unwrap_err();
    assert!(error.message.contains("unknown field `nick`"), "{error:?}");
    assert_eq!(error.field.as_deref(), Some("people[0].nick"));
    std::fs::remove_file(team.dir().join("warrant-team.yaml")).unwrap();
    assert!(warrant_team::verify(team.dir())
        .unwrap_err()
        .message
        .contains("warrant-team.yaml"));
    assert!(warrant_team::verify(&team.dir().join("missing")).is_err());
}

#[test]
fn a_shallow_clone_says_it_needs_the_full_history() {
    let mut team = Team::new();
    let live = contract();
    let records = team.launch(&live);
    let mut pending = live.clone();
    pending.title = "Churn-risk summary, reworded".into();
    team.write(&pending, Some(Status::Draft));
    team.commit("edit");
    assert!(team.verify().ok(), "{}", failures(&team.verify()));

    let clone = tempfile::TempDir::new().unwrap();
    let source = format!("file://{}", team.dir().display());
    git(clone.path(), &["clone", "-q", "--depth", "1", &source, "."]);
    let report = warrant_team::verify(clone.path()).unwrap();
    assert!(
        report
            .failures
            .iter()
            .any(|f| f.file == shown(&records[1]) && f.reason.contains("git fetch --unshallow")),
        "{}",
        failures(&report)
    );
}

#[test]
fn a_fresh_clone_without_the_empty_folders_verifies_and_takes_writes() {
    let team = Team::new();
    let clone = tempfile::TempDir::new().unwrap();
    let source = format!("file://{}", team.dir().display());
    git(clone.path(), &["clone", "-q", &source, "."]);
    assert!(
        !clone.path().join("contracts").exists(),
        "git keeps no empty folder"
    );
    let report = warrant_team::verify(clone.path()).unwrap();
    assert!(report.ok(), "{}", failures(&report));
    assert_eq!(report.records_checked, 4);
    let repo = warrant_team::TeamRepo::open(clone.path()).unwrap();
    repo.write_contract(&contract()).unwrap();
    assert!(warrant_team::verify(clone.path()).unwrap().ok());
}

#[test]
fn an_oversized_record_file_is_refused_without_reading_it_all() {
    let team = Team::new();
    let dir = team.dir().join("records/churn-risk-summary");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("20261102T090000.000Z-review-mal@example.com.yaml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(64 * 1024 * 1024).unwrap(); // sparse: no disk used
    let report = team.verify();
    assert!(
        report
            .failures
            .iter()
            .any(|f| f.file.ends_with("review-mal@example.com.yaml")
                && f.reason.contains("larger than")),
        "{}",
        failures(&report)
    );
}

#[test]
fn a_step_must_name_the_version_it_acts_on() {
    let mut team = Team::new();
    let live = contract();
    team.launch(&live);
    let mut pending = live.clone();
    pending.title = "Churn-risk summary, reworded".into();
    team.write(&pending, Some(Status::Draft));
    team.commit("edit");
    // Pausing acts on the live version, not on the pending edit…
    let pause = team.step(&pending, Kind::Pause, EVE, "Feed is stale.");
    // …and an approval of a pending draft nobody submitted is refused too.
    let approval = team.review(&pending, DAN, ReviewDecision::Approve, "");
    assert_failures(
        &team.verify(),
        &[
            (&shown(&pause), "pause now applies to version 1"),
            (&shown(&approval), "approve now applies to version 1"),
        ],
    );
}
