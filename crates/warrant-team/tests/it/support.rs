//! A small team in a temporary git repository: keys from `ssh-keygen`,
//! one contract ready at `suggest`, and steps that write signed records.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, TimeZone, Utc};
use tempfile::TempDir;
use warrant_core::lifecycle::ReviewDecision;
use warrant_core::model::{Contract, Status};
use warrant_team::record::{KeyAction, Kind, Record};
use warrant_team::{FoundingKey, SigningKey, TeamPerson, TeamRepo};

// The people, the contract, `ssh-keygen` and `git` are the fixture crate's,
// shared with the app's and the end-to-end team tests; what is here is the
// repository built through the writer API that only these tests use.
pub use warrant_team_fixture::{
    bare_repository, contract, git, owned_by, run, ssh_keygen, Owners, BEA, CONTRACT, DAN, DEE, EVE,
};

pub const MAL: &str = "mal@example.com"; // a member who owns nothing

pub struct Team {
    pub keys_dir: TempDir,
    pub work: TempDir,
    pub repo: TeamRepo,
    pub keys: Vec<(String, SigningKey, PathBuf)>,
    pub now: DateTime<Utc>,
}

impl Team {
    /// Bea founds the team; Dan, Dee, Eve and Mal join with keys Bea adds
    /// through signed person_key records. Everything is committed.
    pub fn new() -> Team {
        let keys_dir = TempDir::new().unwrap();
        let work = TempDir::new().unwrap();
        let mut keys = Vec::new();
        for email in [BEA, DAN, DEE, EVE, MAL] {
            let name = email.split('@').next().unwrap();
            let path = ssh_keygen(keys_dir.path(), name, "");
            keys.push((
                email.to_string(),
                SigningKey::load(&path, None).unwrap(),
                path,
            ));
        }
        let people: Vec<TeamPerson> = [BEA, DAN, DEE, EVE, MAL]
            .iter()
            .map(|email| TeamPerson {
                email: email.to_string(),
                name: email.split('@').next().unwrap().to_string(),
                team: "RevOps".into(),
                title: String::new(),
                keys: Vec::new(),
            })
            .collect();
        let founding = [FoundingKey {
            email: BEA.into(),
            key: keys[0].1.public_key_line(),
        }];
        git(work.path(), &["init", "-q"]);
        let repo = TeamRepo::create(work.path(), "Revenue team", &people, &founding).unwrap();
        let mut team = Team {
            keys_dir,
            work,
            repo,
            keys,
            now: Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap(),
        };
        for email in [DAN, DEE, EVE, MAL] {
            let line = team.key(email).public_key_line();
            let at = team.tick();
            team.sign(
                BEA,
                &Record::person_key(email, BEA, at, KeyAction::Add, &line),
            );
        }
        team.commit("team");
        team
    }

    pub fn dir(&self) -> &Path {
        self.work.path()
    }

    pub fn key(&self, email: &str) -> &SigningKey {
        &self.keys.iter().find(|(e, ..)| e == email).unwrap().1
    }

    pub fn key_path(&self, email: &str) -> &Path {
        &self.keys.iter().find(|(e, ..)| e == email).unwrap().2
    }

    /// The next step's time: a minute after the last.
    pub fn tick(&mut self) -> DateTime<Utc> {
        self.now += Duration::minutes(1);
        self.now
    }

    /// Signs with `signer`'s own key through the writer API.
    pub fn sign(&self, signer: &str, record: &Record) -> PathBuf {
        self.repo.add_record(record, self.key(signer)).unwrap()
    }

    /// Writes a record signed with any key, bypassing the writer's check
    /// that the key is the signer's: what a forger would do.
    pub fn forge(&self, record: &Record, key: &SigningKey) -> PathBuf {
        let relative = warrant_team::layout::records_dir(&record.subject).join(
            warrant_team::layout::record_file_name(record.at, record.kind().as_str(), &record.by),
        );
        let path = self.dir().join(&relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, warrant_team::repo::signed_text(record, key).unwrap()).unwrap();
        relative
    }

    pub fn write(&self, contract: &Contract, status: Option<Status>) {
        let mut contract = contract.clone();
        contract.status = status;
        self.repo.write_contract(&contract).unwrap();
    }

    pub fn commit(&self, message: &str) {
        git(self.dir(), &["add", "-A"]);
        git(
            self.dir(),
            &["commit", "-q", "--allow-empty", "-m", message],
        );
    }

    pub fn review(
        &mut self,
        contract: &Contract,
        by: &str,
        decision: ReviewDecision,
        comment: &str,
    ) -> PathBuf {
        let at = self.tick();
        self.sign(by, &Record::review(contract, by, at, decision, comment))
    }

    pub fn step(&mut self, contract: &Contract, kind: Kind, by: &str, note: &str) -> PathBuf {
        let at = self.tick();
        self.sign(by, &Record::step(contract, kind, by, at, note))
    }

    /// Submitted by Bea, approved by Bea and Dan, launched by Bea; the file
    /// says live. Returns the record files in order.
    pub fn launch(&mut self, contract: &Contract) -> Vec<PathBuf> {
        self.write(contract, Some(Status::InReview));
        self.commit("contract");
        let records = vec![
            self.step(contract, Kind::Submit, BEA, ""),
            self.review(contract, BEA, ReviewDecision::Approve, "Reads well."),
            self.review(contract, DAN, ReviewDecision::Approve, "Sources are right."),
            self.step(contract, Kind::Launch, BEA, ""),
        ];
        self.write(contract, Some(Status::Live));
        self.commit("launch");
        records
    }

    pub fn verify(&self) -> warrant_team::Report {
        warrant_team::verify(self.dir()).unwrap()
    }
}

/// The failures of a report, as "file: reason" lines for messages.
pub fn failures(report: &warrant_team::Report) -> String {
    report
        .failures
        .iter()
        .map(|f| format!("{}: {}", f.file, f.reason))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts that exactly the given files fail, each with a reason holding
/// its expected words.
pub fn assert_failures(report: &warrant_team::Report, expected: &[(&str, &str)]) {
    assert_eq!(
        report.failures.len(),
        expected.len(),
        "expected {expected:?}, got:\n{}",
        failures(report)
    );
    for (file, words) in expected {
        assert!(
            report
                .failures
                .iter()
                .any(|f| f.file == *file && f.reason.contains(words)),
            "no failure on {file} containing {words:?}; got:\n{}",
            failures(report)
        );
    }
    assert_eq!(report.exit_code(), 1);
}

pub fn shown(path: &Path) -> String {
    path.to_string_lossy().to_string()
}
