//! Three desktops sharing one team repository, with real parts: a bare
//! repository made by `git init --bare`, three registries in their own
//! temporary data folders, ed25519 keys made by `ssh-keygen`, and the
//! `git` binary for every transport. The lead starts the team and adds the
//! others' keys, the executive and the data owner join, and every step
//! taken on one desktop is seen on the others after a sync. Then what must
//! count for nothing: steps taken as someone else, records signed by a key
//! not (or no longer) registered, edited, deleted or replayed records, and
//! contracts edited after approval. Then two desktops at once.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;
use warrant_core::lifecycle::{Action, ReviewDecision};
use warrant_core::model::{Contract, Status};
use warrant_core::registry::{Registry, TeamAct, TeamRecordOutcome};
use warrant_team::record::Record;
use warrant_team::sync::{self, TeamSyncReport};
use warrant_team::{acting, SigningKey, TeamPerson};

use super::support::{bare_repository, git, owned_by, run, ssh_keygen, Owners};

const LEE: &str = "lee@example.com"; // RevOps lead: destination and exception owner
const EXA: &str = "exa@example.com"; // executive: business owner
const DAN: &str = "dan@example.com"; // data owner

/// The shared contract with the lead, the executive and the data owner as
/// its owners.
fn contract(id: &str) -> Contract {
    let text = owned_by(&Owners {
        business: EXA,
        data: DAN,
        destination: LEE,
        exception: LEE,
    })
    .replace("id: churn-risk-summary", &format!("id: {id}"));
    warrant_core::format::parse_contract("c.yaml", text.as_bytes()).unwrap()
}

const ID: &str = "churn-risk-summary";

/// One desktop: its own data folder, registry and key.
struct Desk {
    _data: TempDir,
    db: PathBuf,
    registry: Registry,
    email: &'static str,
    key: SigningKey,
    key_path: PathBuf,
    public: String,
}

impl Desk {
    fn new(email: &'static str, keys: &Path) -> Desk {
        let data = TempDir::new().unwrap();
        let db = data.path().join("registry.db");
        let registry = Registry::open(&db).unwrap();
        let name = email.split('@').next().unwrap();
        let key_path = ssh_keygen(keys, name, "");
        let key = SigningKey::load(&key_path, None).unwrap();
        let public = std::fs::read_to_string(key_path.with_extension("pub"))
            .unwrap()
            .trim()
            .to_string();
        Desk {
            _data: data,
            db,
            registry,
            email,
            key,
            key_path,
            public,
        }
    }

    fn work(&self) -> PathBuf {
        sync::work_dir_for(&self.db)
    }

    fn join(&mut self, remote: &Path) -> TeamSyncReport {
        let work = self.work();
        sync::join(
            &mut self.registry,
            remote.to_str().unwrap(),
            self.email,
            Some(&self.key),
            self.key_path.to_str().unwrap(),
            &work,
        )
        .unwrap()
    }

    fn sync(&mut self) -> TeamSyncReport {
        let report = sync::sync(&mut self.registry).unwrap();
        assert!(report.offline.is_none(), "{:?}", report.offline);
        report
    }

    fn act(&mut self, id: &str, act: TeamAct) -> Result<(), warrant_core::Error> {
        acting::act(&mut self.registry, &self.key, id, &act, None).map(|_| ())
    }

    fn status(&mut self, action: Action, note: &str) {
        self.act(
            ID,
            TeamAct::Status {
                action,
                note: note.into(),
            },
        )
        .unwrap();
    }

    fn approve(&mut self, id: &str) {
        self.act(
            id,
            TeamAct::Review {
                decision: ReviewDecision::Approve,
                comment: "Looks right.".into(),
            },
        )
        .unwrap();
    }

    fn standing(&self, id: &str) -> warrant_core::lifecycle::Standing {
        self.registry.standing(id).unwrap()
    }

    fn audit_intact(&self) {
        let check = self.registry.verify_audit().unwrap();
        assert!(
            check.intact,
            "{}: {:?} {:?}",
            self.email, check.first_bad, check.state_mismatches
        );
    }

    fn refused(&self) -> Vec<(String, String)> {
        self.registry
            .team_records()
            .unwrap()
            .into_iter()
            .filter(|r| r.outcome == TeamRecordOutcome::Refused)
            .map(|r| (r.file, r.reason.unwrap_or_default()))
            .collect()
    }
}

/// The lead starts the team at a bare repository with one contract and
/// adds the others' keys; the executive and the data owner join.
struct Team {
    _keys: TempDir,
    remote_dir: TempDir,
    lee: Desk,
    exa: Desk,
    dan: Desk,
}

impl Team {
    fn remote(&self) -> PathBuf {
        self.remote_dir.path().join("team.git")
    }

    fn new(ids: &[&str]) -> Team {
        let keys = TempDir::new().unwrap();
        let remote_dir = TempDir::new().unwrap();
        let remote = remote_dir.path().join("team.git");
        bare_repository(&remote);
        let mut lee = Desk::new(LEE, keys.path());
        let exa = Desk::new(EXA, keys.path());
        let dan = Desk::new(DAN, keys.path());
        lee.registry
            .add_person(
                &warrant_core::model::Person {
                    email: LEE.into(),
                    name: "Lee Park".into(),
                    team: "RevOps".into(),
                    title: "RevOps lead".into(),
                },
                "test",
            )
            .unwrap();
        for id in ids {
            lee.registry.save_contract(&contract(id), LEE).unwrap();
        }
        let work = lee.work();
        sync::init(
            &mut lee.registry,
            remote.to_str().unwrap(),
            "Revenue team",
            LEE,
            &lee.key,
            lee.key_path.to_str().unwrap(),
            &work,
        )
        .unwrap();
        for (desk, name, title) in [(&exa, "Exa Moreau", "CRO"), (&dan, "Dan Ito", "Data owner")] {
            acting::add_person(
                &mut lee.registry,
                &lee.key,
                &TeamPerson {
                    email: desk.email.into(),
                    name: name.into(),
                    team: "Revenue".into(),
                    title: title.into(),
                    keys: Vec::new(),
                },
                &desk.public,
            )
            .unwrap();
        }
        lee.sync();
        let mut team = Team {
            _keys: keys,
            remote_dir,
            lee,
            exa,
            dan,
        };
        let remote = team.remote();
        team.exa.join(&remote);
        team.dan.join(&remote);
        team
    }

    fn desks(&mut self) -> [&mut Desk; 3] {
        [&mut self.lee, &mut self.exa, &mut self.dan]
    }

    /// Every desk syncs, twice round: whoever acted has pushed by the end
    /// of the first round, and everyone has taken it in by the second.
    fn sync_all(&mut self) {
        for _ in 0..2 {
            for desk in self.desks() {
                desk.sync();
            }
        }
    }

    /// Someone with push access but another checkout: clones, changes the
    /// files with `change`, commits and pushes.
    fn tamper(&self, change: impl FnOnce(&Path)) {
        let dir = TempDir::new().unwrap();
        let checkout = dir.path().join("checkout");
        run(Command::new("git")
            .arg("clone")
            .arg("-q")
            .arg(self.remote())
            .arg(&checkout));
        change(&checkout);
        git(&checkout, &["add", "-A"]);
        git(&checkout, &["commit", "-q", "-m", "by hand"]);
        git(&checkout, &["push", "-q", "origin", "HEAD:main"]);
    }

    /// A fresh desktop that joins now, to see what a newcomer counts.
    fn newcomer(&self) -> Desk {
        // The executive's key, on a new registry: Exa on a new laptop.
        let data = TempDir::new().unwrap();
        let db = data.path().join("registry.db");
        let mut desk = Desk {
            registry: Registry::open(&db).unwrap(),
            db,
            _data: data,
            email: EXA,
            key: SigningKey::load(&self.exa.key_path, None).unwrap(),
            key_path: self.exa.key_path.clone(),
            public: self.exa.public.clone(),
        };
        desk.join(&self.remote());
        desk
    }
}

fn write_record(checkout: &Path, record: &Record, key: &SigningKey) -> String {
    let relative = warrant_team::layout::records_dir(&record.subject).join(
        warrant_team::layout::record_file_name(record.at, record.kind().as_str(), &record.by),
    );
    let path = checkout.join(&relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, warrant_team::repo::signed_text(record, key).unwrap()).unwrap();
    relative.to_string_lossy().to_string()
}

fn later() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now() + chrono::Duration::seconds(5)
}

#[test]
fn the_round_trip_reaches_every_desk_after_each_sync() {
    let mut team = Team::new(&[ID]);
    for desk in team.desks() {
        assert_eq!(desk.standing(ID).status, Status::Draft, "{}", desk.email);
    }

    team.lee.status(Action::Submit, "");
    team.sync_all();
    for desk in team.desks() {
        assert_eq!(desk.standing(ID).status, Status::InReview, "{}", desk.email);
    }

    team.exa.approve(ID);
    team.sync_all();
    for desk in team.desks() {
        let reviews = desk.registry.reviews(ID, Some(1)).unwrap();
        assert_eq!(reviews.len(), 1, "{}", desk.email);
        assert_eq!(reviews[0].reviewer, EXA, "stamped with the signer");
        assert_eq!(desk.standing(ID).status, Status::InReview);
    }

    team.dan.approve(ID);
    team.sync_all();
    for desk in team.desks() {
        assert_eq!(desk.standing(ID).status, Status::Approved, "{}", desk.email);
    }

    team.lee.status(Action::Launch, "");
    team.sync_all();
    for desk in team.desks() {
        assert_eq!(desk.standing(ID).status, Status::Live, "{}", desk.email);
    }

    team.exa.status(Action::Pause, "The health model drifted.");
    team.sync_all();
    for desk in team.desks() {
        assert_eq!(desk.standing(ID).status, Status::Paused, "{}", desk.email);
        assert!(
            desk.refused().is_empty(),
            "{}: {:?}",
            desk.email,
            desk.refused()
        );
        desk.audit_intact();
        let status = sync::status(&desk.registry).unwrap();
        assert_eq!(
            status.pending.versions + status.pending.records + status.pending.commits,
            0
        );
        assert!(status.conflicts.is_empty());
    }
    let report = warrant_team::verify(&team.lee.work()).unwrap();
    assert!(report.ok(), "{:?}", report.failures);
    // The pause Exa signed on her desk checks with OpenSSH alone, on the
    // lead's working copy, against allowed_signers made from people.yaml.
    let pause = std::fs::read_dir(team.lee.work().join("records").join(ID))
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().contains("-pause-exa@"))
        .expect("the pause record reached the lead");
    let value = warrant_team::yaml::read(&std::fs::read_to_string(pause.path()).unwrap()).unwrap();
    let people = warrant_team::PeopleFile::read(&team.lee.work().join("people.yaml")).unwrap();
    let scratch = TempDir::new().unwrap();
    assert!(super::signing::ssh_keygen_verify(
        scratch.path(),
        EXA,
        &people.allowed_signers(),
        value["signature"].as_str().unwrap(),
        &warrant_team::record::signed_payload(&value),
    ));
    // Every audit trail records each sync.
    let events = team.exa.registry.audit_events(None).unwrap();
    assert!(events.iter().filter(|e| e.kind == "team_synced").count() >= 5);
    // A newcomer sees the same history.
    let newcomer = team.newcomer();
    assert_eq!(newcomer.standing(ID).status, Status::Paused);
    assert_eq!(newcomer.registry.reviews(ID, Some(1)).unwrap().len(), 2);
    newcomer.audit_intact();
}

#[test]
fn nobody_acts_as_someone_else() {
    let mut team = Team::new(&[ID]);
    team.lee.status(Action::Submit, "");
    team.sync_all();
    // In a team registry `--as` must be the key holder.
    let err = acting::act(
        &mut team.exa.registry,
        &team.exa.key,
        ID,
        &TeamAct::Review {
            decision: ReviewDecision::Approve,
            comment: String::new(),
        },
        Some(DAN),
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("as"));
    assert!(
        err.message.contains("holder of your key"),
        "{}",
        err.message
    );
    // Nor can a desk sign with a key that is not the holder's.
    let dan_key = SigningKey::load(&team.dan.key_path, None).unwrap();
    let err = acting::act(
        &mut team.exa.registry,
        &dan_key,
        ID,
        &TeamAct::Review {
            decision: ReviewDecision::Approve,
            comment: String::new(),
        },
        None,
    )
    .unwrap_err();
    assert!(err.message.contains("not one of"), "{}", err.message);
    assert!(
        team.exa.registry.reviews(ID, None).unwrap().is_empty(),
        "a refused step leaves nothing"
    );
    assert_eq!(
        sync::status(&team.exa.registry).unwrap().pending.records,
        0,
        "and no record behind"
    );

    // A forger with push access writes Dan's approval signed with Exa's key.
    let forged = std::cell::RefCell::new(String::new());
    let exa_key = SigningKey::load(&team.exa.key_path, None).unwrap();
    team.tamper(|checkout| {
        let record = Record::review(&contract(ID), DAN, later(), ReviewDecision::Approve, "");
        *forged.borrow_mut() = write_record(checkout, &record, &exa_key);
    });
    team.sync_all();
    let forged = forged.into_inner();
    for desk in team.desks() {
        assert!(
            desk.registry.reviews(ID, None).unwrap().is_empty(),
            "{} counted the forged approval",
            desk.email
        );
        let refused = desk.refused();
        assert!(
            refused
                .iter()
                .any(|(f, why)| *f == forged && why.contains(EXA)),
            "{}: {refused:?}",
            desk.email
        );
        desk.audit_intact();
    }
    let report = warrant_team::verify(&team.lee.work()).unwrap();
    assert!(
        report.failures.iter().any(|f| f.file == forged),
        "{:?}",
        report.failures
    );
    assert_eq!(report.exit_code(), 1);
}

#[test]
fn unregistered_revoked_edited_replayed_and_deleted_records_count_for_nothing() {
    let mut team = Team::new(&[ID, "second"]);
    team.lee.status(Action::Submit, "");
    team.lee
        .act(
            "second",
            TeamAct::Status {
                action: Action::Submit,
                note: String::new(),
            },
        )
        .unwrap();
    team.sync_all();
    team.exa.approve(ID);
    team.exa.sync();

    let keys = TempDir::new().unwrap();
    let stranger = SigningKey::load(&ssh_keygen(keys.path(), "stranger", ""), None).unwrap();
    let dan_key = SigningKey::load(&team.dan.key_path, None).unwrap();
    let files = std::cell::RefCell::new(Vec::<String>::new());
    // A key nobody registered, an approval edited after signing, and Exa's
    // approval of one contract replayed as one of another.
    team.tamper(|checkout| {
        let at = later();
        let unregistered = Record::review(&contract(ID), DAN, at, ReviewDecision::Approve, "");
        files
            .borrow_mut()
            .push(write_record(checkout, &unregistered, &stranger));
        let honest = Record::review(
            &contract("second"),
            DAN,
            at,
            ReviewDecision::Approve,
            "Sources are right.",
        );
        let path = write_record(checkout, &honest, &dan_key);
        let text = std::fs::read_to_string(checkout.join(&path)).unwrap();
        std::fs::write(
            checkout.join(&path),
            text.replace("Sources are right.", "Sources are fine."),
        )
        .unwrap();
        files.borrow_mut().push(path);
        let exa_approval = std::fs::read_dir(checkout.join("records").join(ID))
            .unwrap()
            .flatten()
            .find(|e| e.file_name().to_string_lossy().contains("review-exa"))
            .unwrap();
        let copy = Path::new("records")
            .join("second")
            .join(exa_approval.file_name());
        std::fs::copy(exa_approval.path(), checkout.join(&copy)).unwrap();
        files.borrow_mut().push(copy.to_string_lossy().to_string());
    });
    // Dan's key is revoked; a record it signs afterwards counts for nothing.
    team.lee.sync();
    acting::revoke_key(&mut team.lee.registry, &team.lee.key, DAN, &team.dan.public).unwrap();
    team.lee.sync();
    team.tamper(|checkout| {
        let after = Record::review(
            &contract(ID),
            DAN,
            later() + chrono::Duration::seconds(5),
            ReviewDecision::Approve,
            "",
        );
        files
            .borrow_mut()
            .push(write_record(checkout, &after, &dan_key));
    });
    team.lee.sync();
    team.exa.sync();
    let files = files.into_inner();
    let report = warrant_team::verify(&team.lee.work()).unwrap();
    for desk in [&team.lee, &team.exa] {
        for id in [ID, "second"] {
            let dans = desk
                .registry
                .reviews(id, None)
                .unwrap()
                .into_iter()
                .filter(|r| r.reviewer == DAN)
                .count();
            assert_eq!(
                dans, 0,
                "{} counted a bad approval of {id} by Dan",
                desk.email
            );
        }
        let exas = desk.registry.reviews("second", None).unwrap().len();
        assert_eq!(exas, 0, "{} counted the replayed approval", desk.email);
        let refused = desk.refused();
        for file in &files {
            assert!(
                refused.iter().any(|(f, _)| f == file),
                "{}: {file} not refused: {refused:?}",
                desk.email
            );
        }
        assert_eq!(desk.standing(ID).status, Status::InReview);
        desk.audit_intact();
    }
    for file in &files {
        assert!(
            report.failures.iter().any(|f| &f.file == file),
            "verify missed {file}: {:?}",
            report.failures
        );
    }

    // A deleted record: a fresh desk does not count what is no longer there,
    // and verify names the status no record supports.
    team.tamper(|checkout| {
        let exa_approval = std::fs::read_dir(checkout.join("records").join(ID))
            .unwrap()
            .flatten()
            .find(|e| e.file_name().to_string_lossy().contains("review-exa"))
            .unwrap();
        std::fs::remove_file(exa_approval.path()).unwrap();
        let mut claimed = contract(ID);
        claimed.status = Some(Status::Approved);
        std::fs::write(
            checkout.join("contracts").join(format!("{ID}.yaml")),
            warrant_core::format::to_yaml(&claimed),
        )
        .unwrap();
    });
    let newcomer = team.newcomer();
    assert!(newcomer.registry.reviews(ID, None).unwrap().is_empty());
    assert_eq!(newcomer.standing(ID).status, Status::InReview);
    git(
        &team.lee.work(),
        &["pull", "-q", "--no-rebase", "origin", "main"],
    );
    let report = warrant_team::verify(&team.lee.work()).unwrap();
    let file = format!("contracts/{ID}.yaml");
    assert!(
        report
            .failures
            .iter()
            .any(|f| f.file == file && f.reason.contains("status: approved")),
        "{:?}",
        report.failures
    );
}

#[test]
fn a_contract_edited_after_approval_counts_as_unapproved() {
    let mut team = Team::new(&[ID]);
    team.lee.status(Action::Submit, "");
    team.sync_all();
    team.exa.approve(ID);
    team.sync_all();
    team.dan.approve(ID);
    team.sync_all();
    assert_eq!(team.lee.standing(ID).status, Status::Approved);
    team.tamper(|checkout| {
        let mut raised = contract(ID);
        raised.authority = warrant_core::model::Authority::Assist;
        raised.status = Some(Status::Approved);
        std::fs::write(
            checkout.join("contracts").join(format!("{ID}.yaml")),
            warrant_core::format::to_yaml(&raised),
        )
        .unwrap();
    });
    team.sync_all();
    for desk in team.desks() {
        let standing = desk.standing(ID);
        // The edit is a pending draft; what was approved stays version 1.
        assert_eq!(
            (standing.status, standing.in_force, standing.pending),
            (Status::Approved, Some(1), Some(Status::Draft)),
            "{}",
            desk.email
        );
        assert_eq!(
            desk.registry
                .reviews(ID, Some(standing.current))
                .unwrap()
                .len(),
            0
        );
        desk.audit_intact();
    }
    let report = warrant_team::verify(&team.lee.work()).unwrap();
    let file = format!("contracts/{ID}.yaml");
    assert!(
        report.failures.iter().any(|f| f.file == file),
        "{:?}",
        report.failures
    );
}

#[test]
fn two_desks_editing_one_contract_offline_both_keep_both_versions() {
    let mut team = Team::new(&[ID]);
    // The remote goes away: both edit, both sync offline.
    let away = team.remote_dir.path().join("away.git");
    std::fs::rename(team.remote(), &away).unwrap();
    let mut lee_edit = contract(ID);
    lee_edit.title = "Churn-risk summary (lead's words)".into();
    team.lee.registry.save_contract(&lee_edit, LEE).unwrap();
    let mut exa_edit = contract(ID);
    exa_edit.title = "Churn-risk summary (executive's words)".into();
    team.exa.registry.save_contract(&exa_edit, EXA).unwrap();
    for desk in [&mut team.lee, &mut team.exa] {
        let report = sync::sync(&mut desk.registry).unwrap();
        assert!(report.offline.is_some(), "{}", desk.email);
        assert_eq!(
            sync::status(&desk.registry).unwrap().pending.commits,
            1,
            "the edit waits as a commit"
        );
        desk.audit_intact();
    }
    std::fs::rename(&away, team.remote()).unwrap();
    team.lee.sync();
    let exa = team.exa.sync();
    assert_eq!(exa.applied.conflicts.len(), 1, "{exa:?}");
    team.lee.sync();
    team.dan.sync();
    for desk in team.desks() {
        let titles: Vec<String> = desk
            .registry
            .versions(ID)
            .unwrap()
            .iter()
            .map(|v| desk.registry.version(ID, v.version).unwrap().contract.title)
            .collect();
        for title in [&lee_edit.title, &exa_edit.title] {
            assert!(
                titles.contains(title),
                "{} lost {title}: {titles:?}",
                desk.email
            );
        }
        desk.audit_intact();
    }
    for desk in [&team.lee, &team.exa] {
        let conflicts = sync::status(&desk.registry).unwrap().conflicts;
        assert_eq!(conflicts.len(), 1, "{} shows the conflict", desk.email);
        assert!(conflicts[0].versions.len() >= 2);
    }
    // All registries end on the repository's latest content.
    let latest = team.lee.registry.contract(ID).unwrap().contract.title;
    assert_eq!(
        team.exa.registry.contract(ID).unwrap().contract.title,
        latest
    );
    // The person resolves it.
    team.exa.registry.resolve_team_conflict(ID, EXA).unwrap();
    assert!(sync::status(&team.exa.registry)
        .unwrap()
        .conflicts
        .is_empty());
    team.exa.audit_intact();
}

#[test]
fn records_added_on_two_desks_at_once_both_land() {
    let mut team = Team::new(&[ID]);
    team.lee.status(Action::Submit, "");
    team.sync_all();
    // Both owners approve before either syncs.
    team.exa.approve(ID);
    team.dan.approve(ID);
    team.exa.sync();
    team.dan.sync();
    team.sync_all();
    for desk in team.desks() {
        assert_eq!(desk.standing(ID).status, Status::Approved, "{}", desk.email);
        assert_eq!(desk.registry.reviews(ID, Some(1)).unwrap().len(), 2);
        assert!(desk.refused().is_empty());
        desk.audit_intact();
    }
    let report = warrant_team::verify(&team.lee.work()).unwrap();
    assert!(report.ok(), "{:?}", report.failures);
}
