//! The repository both team benchmarks measure: `CONTRACTS` live contracts,
//! each the team tests' contract (`warrant-team-fixture`) under its own id,
//! submitted, approved by its two owners and launched (4 records each),
//! with two CEL suppression conditions for the readiness check to compile;
//! signed by two people whose keys are made here. Included by the examples
//! with `#[path]` (it is not an example of its own).

use std::path::{Path, PathBuf};

use chrono::{Duration, TimeZone, Utc};
use warrant_core::lifecycle::ReviewDecision;
use warrant_core::model::{Contract, Status};
use warrant_team::record::{KeyAction, Kind, Record};
use warrant_team::{FoundingKey, SigningKey, TeamPerson, TeamRepo};
use warrant_team_fixture::{Owners, BEA, DAN};

pub const CONTRACTS: usize = 1_000;

/// Records written: four per contract and the second person's key.
pub const RECORDS: usize = CONTRACTS * 4 + 1;

/// What each contract adds to the team tests' contract: two CEL conditions
/// for the readiness check to compile (YAML keys in any order, so appended).
const SUPPRESSION: &str = "suppression:
  - name: Unresolved P1/P2 support case
    category: support_escalations
    action: suppress
    when: 'record.support_severity in [\"P1\", \"P2\"]'
  - name: Renewal in the next 90 days
    category: active_renewals
    action: review
    when: 'record.days_to_renewal < 90'
";

/// The team tests' contract with two owners, Bea and Dan, each holding two
/// parts (they are the only signers), and the suppression rules.
fn template() -> Contract {
    let owned = warrant_team_fixture::owned_by(&Owners {
        business: BEA,
        data: DAN,
        destination: BEA,
        exception: DAN,
    });
    let text = format!("{owned}{SUPPRESSION}");
    warrant_core::format::parse_contract("c.yaml", text.as_bytes()).unwrap()
}

/// The two signers (bea founded the team, dan was added) and their key files.
// The verify benchmark only needs the repository, not who signed it.
#[allow(dead_code)]
pub struct Signers {
    pub bea: SigningKey,
    pub bea_path: PathBuf,
    pub dan: SigningKey,
    pub dan_path: PathBuf,
}

/// Writes the repository into `work` (a folder, git or not) with keys in
/// `keys`, and says where the keys are.
pub fn write(work: &Path, keys: &Path) -> Signers {
    let (bea_path, dan_path) = (keys.join("bea"), keys.join("dan"));
    let bea = SigningKey::create(&bea_path, "bea", None).unwrap();
    let dan = SigningKey::create(&dan_path, "dan", None).unwrap();
    let people: Vec<TeamPerson> = [BEA, DAN]
        .iter()
        .map(|email| TeamPerson {
            email: email.to_string(),
            name: email.to_string(),
            team: String::new(),
            title: String::new(),
            keys: Vec::new(),
        })
        .collect();
    let founding = [FoundingKey {
        email: BEA.into(),
        key: bea.public_key_line(),
    }];
    let repo = TeamRepo::create(work, "Benchmark", &people, &founding).unwrap();
    let mut at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    let mut tick = || {
        at += Duration::seconds(1);
        at
    };
    let added = Record::person_key(DAN, BEA, tick(), KeyAction::Add, &dan.public_key_line());
    repo.add_record(&added, &bea).unwrap();
    let (b, d) = (BEA, DAN);
    let template = template();
    for i in 0..CONTRACTS {
        let mut contract = template.clone();
        contract.id = format!("contract-{i:04}");
        contract.title = format!("Churn-risk summary contract-{i:04}");
        contract.status = Some(Status::Live);
        repo.write_contract(&contract).unwrap();
        repo.add_record(&Record::step(&contract, Kind::Submit, b, tick(), ""), &bea)
            .unwrap();
        repo.add_record(
            &Record::review(&contract, b, tick(), ReviewDecision::Approve, ""),
            &bea,
        )
        .unwrap();
        repo.add_record(
            &Record::review(&contract, d, tick(), ReviewDecision::Approve, ""),
            &dan,
        )
        .unwrap();
        repo.add_record(&Record::step(&contract, Kind::Launch, b, tick(), ""), &bea)
            .unwrap();
    }
    Signers {
        bea,
        bea_path,
        dan,
        dan_path,
    }
}
