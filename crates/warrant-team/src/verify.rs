//! `warrant team verify`: whether a team repository's records and contract
//! files agree, for CI (see `docs/team-repository.md`, "Verify").
//!
//! Every record must carry a valid signature by a key registered for its
//! signer at its time; every status a contract file claims must follow from
//! its valid records by the lifecycle rules (`warrant_core::lifecycle`: its
//! `check`, `signs_off` and `Standing` transitions, the same the registry
//! applies, never a copy); and no contract may ask for more authority than
//! was last approved. Content a record names for the first time is an edit,
//! taken as the core takes one (`Standing::after_edit`). Each problem is a
//! [`Failure`] naming the file and why.
//!
//! **Status with a pending version.** A contract file's `status` is the
//! status of the content in that file. When a contract runs on an earlier
//! content (live, say) and its file now holds an edit, the file holds a
//! pending version: its `status` is the pending version's (`draft`,
//! `in_review`, or `approved` once both owners approved it), and the
//! running version and its status come from the records. A file that keeps
//! `status: live` over edited content is an edit after approval, and fails.
//!
//! Records about a content that is not in the file (an earlier version) are
//! checked against that version, found in the git history of the contract
//! file; a checkout without that history cannot check them and says so.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use warrant_core::canonical::content_sha256;
use warrant_core::lifecycle::{
    self, Action, LifecycleFacts, PendingFacts, Review, ReviewDecision, Standing, Subject,
    VersionFacts,
};
use warrant_core::model::{Authority, Contract, Status};
use warrant_core::readiness::{self, CheckContext};
use warrant_core::{Error, ErrorCode};

use crate::files::{PeopleFile, TeamFile};
use crate::keyring::KeyRing;
use crate::layout;
use crate::record::{key_sha256, record_digest, signed_payload, Body, KeyAction, Kind, Record};
use crate::signing;
use crate::yaml;

/// One problem, naming the file (relative to the repository) and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    pub file: String,
    pub reason: String,
}

/// A version a contract runs on, or its pending one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionState {
    pub content_sha256: String,
    pub status: Status,
}

/// What the records say about one contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractState {
    pub id: String,
    pub file: String,
    /// The content hash of the file as it is.
    pub content_sha256: String,
    /// The status the file states, if it states one.
    pub claimed_status: Option<Status>,
    /// The status its valid records give the file's content.
    pub status: Status,
    /// The approved, live or paused version, when it is not the file's
    /// content (the file then holds a pending version).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub running: Option<VersionState>,
    pub records: usize,
    pub valid_records: usize,
}

/// The outcome of verifying a repository.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub team: String,
    pub records_checked: usize,
    pub contracts: Vec<ContractState>,
    pub failures: Vec<Failure>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
    }

    /// 0 when everything holds, 1 when anything fails. (2, a repository
    /// that cannot be read, is [`verify`] returning an error.)
    pub fn exit_code(&self) -> i32 {
        if self.ok() {
            0
        } else {
            1
        }
    }

    fn fail(&mut self, file: impl Into<String>, reason: impl Into<String>) {
        self.failures.push(Failure {
            file: file.into(),
            reason: reason.into(),
        });
    }
}

/// A record file as read: where it is, its mapping (what was signed) and
/// its meaning.
struct LoadedRecord {
    file: String,
    value: Value,
    /// [`record_digest`] of the value, signature included.
    digest: String,
    record: Record,
    signature: String,
}

fn unreadable(what: &str, e: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorCode::Io,
        format!("cannot read the team repository: {what}: {e}"),
    )
}

fn relative(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Verifies the repository checked out at `dir`. An error means it cannot
/// be read at all (no or broken `warrant-team.yaml` or `people.yaml`).
pub fn verify(dir: &Path) -> Result<Report, Error> {
    if !dir.is_dir() {
        return Err(Error::not_found(format!(
            "{} is not a folder",
            dir.display()
        )));
    }
    if !dir.join(layout::TEAM_FILE).is_file() {
        return Err(Error::not_found(format!(
            "{} is not a team repository checkout: it has no {} (see docs/team-repository.md)",
            dir.display(),
            layout::TEAM_FILE
        )));
    }
    let team = TeamFile::read(&dir.join(layout::TEAM_FILE))?;
    let people = PeopleFile::read(&dir.join(layout::PEOPLE_FILE))?;
    let mut report = Report {
        team: team.name.clone(),
        records_checked: 0,
        contracts: Vec::new(),
        failures: Vec::new(),
    };

    let founding: Vec<(String, ssh_key::PublicKey)> = team
        .founding_keys
        .iter()
        .map(|f| Ok((f.email.clone(), signing::parse_public_key(&f.key)?)))
        .collect::<Result<_, Error>>()?;
    let mut ring = KeyRing::founding(&founding);

    let mut records = load_records(dir, &mut report)?;
    report.records_checked = records.len();
    records.sort_by(|a, b| (a.record.at, &a.file).cmp(&(b.record.at, &b.file)));

    let (key_records, contract_records): (Vec<LoadedRecord>, Vec<LoadedRecord>) = records
        .into_iter()
        .partition(|r| r.record.kind() == Kind::PersonKey);
    apply_key_records(&key_records, &mut ring, &mut report);
    check_people_file(&people, &ring, &mut report);

    let mut by_contract: BTreeMap<String, Vec<LoadedRecord>> = BTreeMap::new();
    for loaded in contract_records {
        match check_signature(&ring, &loaded) {
            Ok(()) => by_contract
                .entry(loaded.record.subject.clone())
                .or_default()
                .push(loaded),
            Err(reason) => report.fail(&loaded.file, reason),
        }
    }

    let contracts_dir = dir.join(layout::CONTRACTS_DIR);
    let mut contract_files: Vec<PathBuf> = match std::fs::read_dir(&contracts_dir) {
        Ok(entries) => entries
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(|e| unreadable(layout::CONTRACTS_DIR, e))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(unreadable(layout::CONTRACTS_DIR, e)),
    };
    contract_files.sort();
    for path in contract_files {
        let file =
            relative(&Path::new(layout::CONTRACTS_DIR).join(path.file_name().unwrap_or_default()));
        if path.extension().is_none_or(|e| e != "yaml") {
            report.fail(
                &file,
                "is not a contract file: contracts/ holds <id>.yaml files only",
            );
            continue;
        }
        let contract = match warrant_core::format::read_contract_file(&path) {
            Ok(contract) => contract,
            Err(e) => {
                report.fail(
                    &file,
                    format!("cannot be read as a warrant/v1 contract: {e}"),
                );
                by_contract.remove(
                    path.file_stem()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .as_ref(),
                );
                continue;
            }
        };
        let stem = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if stem != contract.id {
            report.fail(
                &file,
                format!(
                    "holds the contract \"{}\"; a contract file is named after its id ({})",
                    contract.id,
                    relative(&layout::contract_path(&contract.id))
                ),
            );
            continue;
        }
        let records = by_contract.remove(&contract.id).unwrap_or_default();
        let state = replay(dir, &file, &contract, &records, &mut report);
        report.contracts.push(state);
    }
    for (id, records) in by_contract {
        for loaded in records {
            report.fail(
                &loaded.file,
                format!(
                    "is a record about the contract \"{id}\", and there is no {}",
                    relative(&layout::contract_path(&id))
                ),
            );
        }
    }
    Ok(report)
}

/// The keys of the checkout at `dir`: its founding keys and the key records
/// that verify (under `records/<e-mail>/`), as [`verify`] builds them.
pub(crate) fn key_ring(dir: &Path) -> Result<KeyRing, Error> {
    let team = TeamFile::read(&dir.join(layout::TEAM_FILE))?;
    let founding: Vec<(String, ssh_key::PublicKey)> = team
        .founding_keys
        .iter()
        .map(|f| Ok((f.email.clone(), signing::parse_public_key(&f.key)?)))
        .collect::<Result<_, Error>>()?;
    let mut ring = KeyRing::founding(&founding);
    let mut key_records = Vec::new();
    let root = dir.join(layout::RECORDS_DIR);
    if let Ok(entries) = std::fs::read_dir(&root) {
        let mut folders: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        folders.sort();
        for folder in folders {
            let name = folder
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            // Person-key records live under an e-mail address; contract ids have no `@`.
            if !name.contains('@') {
                continue;
            }
            let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
                .map(|e| e.flatten().map(|e| e.path()).collect())
                .unwrap_or_default();
            files.sort();
            for path in files {
                if let Ok(loaded) = load_record(&path, &name) {
                    if loaded.record.kind() == Kind::PersonKey {
                        key_records.push(LoadedRecord {
                            file: relative(
                                &Path::new(layout::RECORDS_DIR)
                                    .join(&name)
                                    .join(path.file_name().unwrap_or_default()),
                            ),
                            ..loaded
                        });
                    }
                }
            }
        }
    }
    key_records.sort_by(|a, b| (a.record.at, &a.file).cmp(&(b.record.at, &b.file)));
    let mut scratch = Report {
        team: team.name,
        records_checked: 0,
        contracts: Vec::new(),
        failures: Vec::new(),
    };
    apply_key_records(&key_records, &mut ring, &mut scratch);
    Ok(ring)
}

/// Reads the record file `file` (relative to `dir`) and checks its place,
/// name and signature against `ring`: the record and its digest, or why it
/// counts for nothing.
pub(crate) fn check_record_file(
    dir: &Path,
    file: &str,
    ring: &KeyRing,
) -> Result<(Record, String), String> {
    let path = dir.join(file);
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    let loaded = load_record(&path, &folder)?;
    check_signature(ring, &loaded)?;
    Ok((loaded.record, loaded.digest))
}

/// Reads every file under `records/`; a file that is not a record is a
/// failure, not a reason to stop.
fn load_records(dir: &Path, report: &mut Report) -> Result<Vec<LoadedRecord>, Error> {
    let root = dir.join(layout::RECORDS_DIR);
    let mut folders: Vec<PathBuf> = match std::fs::read_dir(&root) {
        Ok(entries) => entries
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(|e| unreadable(layout::RECORDS_DIR, e))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(unreadable(layout::RECORDS_DIR, e)),
    };
    folders.sort();
    let mut loaded = Vec::new();
    for folder in folders {
        let folder_name = folder
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if !folder.is_dir() {
            report.fail(
                relative(&Path::new(layout::RECORDS_DIR).join(&folder_name)),
                "is not a folder: records/ holds one folder per contract or person",
            );
            continue;
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .and_then(|entries| entries.map(|e| e.map(|e| e.path())).collect())
            .map_err(|e| unreadable(&folder.display().to_string(), e))?;
        files.sort();
        for path in files {
            let file = relative(
                &Path::new(layout::RECORDS_DIR)
                    .join(&folder_name)
                    .join(path.file_name().unwrap_or_default()),
            );
            match load_record(&path, &folder_name) {
                Ok(record) => loaded.push(LoadedRecord { file, ..record }),
                Err(reason) => report.fail(&file, reason),
            }
        }
    }
    Ok(loaded)
}

fn load_record(path: &Path, folder_name: &str) -> Result<LoadedRecord, String> {
    if path.extension().is_none_or(|e| e != "yaml") || !path.is_file() {
        return Err("is not a record file: record files end in .yaml".into());
    }
    let text = yaml::read_file(path).map_err(|e| format!("cannot be read: {e}"))?;
    let value = yaml::read(&text).map_err(|e| format!("is not valid YAML: {e}"))?;
    let (record, signature) =
        Record::from_value(&value).map_err(|e| format!("is not a valid record: {e}"))?;
    let signature =
        signature.ok_or("has no signature: every record is signed by the person who made it")?;
    let expected_folder = layout::file_safe(&record.subject);
    if folder_name != expected_folder {
        return Err(format!(
            "is about \"{}\" but stands in records/{folder_name}/; records of \"{}\" belong in records/{expected_folder}/ (a record moved or copied from elsewhere counts for nothing)",
            record.subject, record.subject
        ));
    }
    let expected_name = layout::record_file_name(record.at, record.kind().as_str(), &record.by);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    if name != expected_name {
        return Err(format!(
            "is named for something else than it holds: a {} by {} at {} is named {expected_name} (record files are never renamed or edited)",
            record.kind().as_str(),
            record.by,
            record.at.to_rfc3339()
        ));
    }
    Ok(LoadedRecord {
        file: String::new(),
        digest: record_digest(&value),
        value,
        record,
        signature,
    })
}

/// Whether the record's signature is valid and made by a key registered
/// for its signer at its time.
fn check_signature(ring: &KeyRing, loaded: &LoadedRecord) -> Result<(), String> {
    let signature = signing::parse_signature(&loaded.signature)?;
    let entry = ring
        .vouch(
            &loaded.record.by,
            signature.public_key(),
            loaded.record.at,
            &loaded.digest,
        )
        .map_err(|problem| problem.to_string())?;
    signing::check_signature(
        &entry.key,
        &signature,
        signed_payload(&loaded.value).as_bytes(),
    )
}

fn apply_key_records(records: &[LoadedRecord], ring: &mut KeyRing, report: &mut Report) {
    for loaded in records {
        if let Err(reason) = check_signature(ring, loaded) {
            report.fail(&loaded.file, reason);
            continue;
        }
        let Body::PersonKey(change) = &loaded.record.body else {
            continue;
        };
        if loaded.record.content_sha256 != key_sha256(&change.key) {
            report.fail(&loaded.file, "its content_sha256 is not the hash of the key it names: the record was made for another key");
            continue;
        }
        let key = match signing::parse_public_key(&change.key) {
            Ok(key) => key,
            Err(e) => {
                report.fail(&loaded.file, format!("key: {}", e.message));
                continue;
            }
        };
        let applied = match (change.action, &change.keeps) {
            (KeyAction::Add, None) => {
                ring.add(&loaded.record.subject, key, loaded.record.at, &loaded.file)
            }
            (KeyAction::Add, Some(_)) => {
                Err("lists records it keeps, which only a revocation does".to_string())
            }
            (KeyAction::Revoke, Some(keeps)) => ring.revoke(
                &loaded.record.subject,
                &key,
                loaded.record.at,
                &loaded.file,
                keeps.iter().cloned().collect(),
            ),
            (KeyAction::Revoke, None) => Err(
                "revokes a key without listing the records it keeps (keeps:, possibly empty)"
                    .to_string(),
            ),
        };
        if let Err(reason) = applied {
            report.fail(&loaded.file, reason);
        }
    }
}

/// `people.yaml` must list exactly the keys the founding keys and the valid
/// key records give each person: a key pasted in without a record would
/// otherwise pass for the team's in every `allowed_signers` made from it.
fn check_people_file(people: &PeopleFile, ring: &KeyRing, report: &mut Report) {
    for person in &people.people {
        for line in &person.keys {
            let Ok(key) = signing::parse_public_key(line) else {
                continue;
            };
            if !ring
                .current_keys(&person.email)
                .any(|e| e.key.key_data() == key.key_data())
            {
                let revoked = ring
                    .entries()
                    .iter()
                    .find(|e| e.key.key_data() == key.key_data() && e.revoked_by.is_some());
                let why = match revoked {
                    Some(entry) => format!(
                        "it was revoked by {}",
                        entry.revoked_by.as_deref().unwrap_or_default()
                    ),
                    None => "no founding key or valid person_key record added it".to_string(),
                };
                report.fail(
                    layout::PEOPLE_FILE,
                    format!(
                        "lists the key {} for {}, but {why}",
                        signing::fingerprint(&key),
                        person.email
                    ),
                );
            }
        }
    }
    for entry in ring.entries().iter().filter(|e| e.revoked_at.is_none()) {
        let listed = people.person(&entry.email).is_some_and(|p| {
            p.keys
                .iter()
                .filter_map(|k| signing::parse_public_key(k).ok())
                .any(|k| k.key_data() == entry.key.key_data())
        });
        if !listed {
            report.fail(
                layout::PEOPLE_FILE,
                format!(
                    "does not list {}'s key {}, added by {}",
                    entry.email,
                    signing::fingerprint(&entry.key),
                    entry.added_by.as_deref().unwrap_or(layout::TEAM_FILE)
                ),
            );
        }
    }
}

/// Every content of one contract known to this checkout: the file's, and
/// (looked up only when a record needs one) the versions in git history.
struct Contents<'a> {
    dir: &'a Path,
    file: &'a str,
    by_hash: HashMap<String, Contract>,
    history: History,
}

/// How much of the contract file's git history this checkout has.
#[derive(Clone, Copy, PartialEq, Eq)]
enum History {
    NotRead,
    /// Not a git checkout (or git is missing).
    None,
    /// A shallow clone: earlier versions may be missing.
    Shallow,
    Full,
}

impl Contents<'_> {
    fn get(&mut self, hash: &str) -> Option<&Contract> {
        if !self.by_hash.contains_key(hash) && self.history == History::NotRead {
            self.history = self.read_history();
        }
        self.by_hash.get(hash)
    }

    fn read_history(&mut self) -> History {
        let git = |args: &[&str]| {
            Command::new("git")
                .arg("-C")
                .arg(self.dir)
                .args(args)
                .output()
                .ok()
                .filter(|o| o.status.success())
        };
        let history = match git(&["rev-parse", "--is-shallow-repository"]) {
            None => return History::None,
            Some(o) if String::from_utf8_lossy(&o.stdout).trim() == "true" => History::Shallow,
            Some(_) => History::Full,
        };
        let log = Command::new("git")
            .arg("-C")
            .arg(self.dir)
            .args(["log", "--format=%H", "--"])
            .arg(self.file)
            .output();
        let Some(log) = log.ok().filter(|o| o.status.success()) else {
            return History::None;
        };
        for commit in String::from_utf8_lossy(&log.stdout).lines() {
            let shown = Command::new("git")
                .arg("-C")
                .arg(self.dir)
                .arg("show")
                .arg(format!("{commit}:./{}", self.file))
                .output();
            let Some(shown) = shown.ok().filter(|o| o.status.success()) else {
                continue;
            };
            if let Ok(contract) = warrant_core::format::parse_contract(self.file, &shown.stdout) {
                self.by_hash
                    .entry(content_sha256(&contract))
                    .or_insert(contract);
            }
        }
        history
    }
}

/// Where one contract stands while its records are replayed in time order:
/// the core's own [`Standing`] (status, version in force, pending version),
/// over versions numbered in the order the records first name their content.
struct Replay {
    versions: Versions,
    reviews: HashMap<u32, Vec<Review>>,
    signed_off_at: Option<DateTime<Utc>>,
    /// The content and authority of the last version signed off, with the
    /// record that signed it off.
    last_approval: Option<(String, Authority, String)>,
    has_dry_run: bool,
}

/// The versions the records have named and where the contract stands.
#[derive(Clone, Default)]
struct Versions {
    standing: Option<Standing>,
    /// Content hash of version n at index n - 1.
    hashes: Vec<String>,
}

impl Versions {
    fn number(&self, hash: &str) -> Option<u32> {
        self.hashes
            .iter()
            .position(|h| h == hash)
            .map(|i| i as u32 + 1)
    }

    fn hash(&self, number: u32) -> &str {
        &self.hashes[number as usize - 1]
    }

    /// The version a record about `hash` concerns. Content no record named
    /// before is an edit, taken as the core takes one (a signed-off contract
    /// gets a pending version; an in-review one goes back to draft). Content
    /// named before that is neither the current nor the in-force version is
    /// an earlier version no step can act on any more.
    fn version_for(&mut self, hash: &str) -> Result<u32, String> {
        if let Some(number) = self.number(hash) {
            let standing = self.standing.expect("a named version has a standing");
            if number == standing.current || number == standing.status_version() {
                return Ok(number);
            }
            return Err(format!(
                "is about version {number} (content sha256 {}), which is no longer current: the contract is now {}",
                short(hash),
                standing.describe()
            ));
        }
        self.hashes.push(hash.to_string());
        let number = self.hashes.len() as u32;
        self.standing = Some(match self.standing {
            None => Standing::new_draft(),
            Some(standing) => standing.after_edit(number),
        });
        Ok(number)
    }
}

fn replay(
    dir: &Path,
    file: &str,
    contract: &Contract,
    records: &[LoadedRecord],
    report: &mut Report,
) -> ContractState {
    let file_hash = content_sha256(contract);
    let mut contents = Contents {
        dir,
        file,
        by_hash: HashMap::from([(file_hash.clone(), contract.clone())]),
        history: History::NotRead,
    };
    let mut replay = Replay {
        versions: Versions::default(),
        reviews: HashMap::new(),
        signed_off_at: None,
        last_approval: None,
        has_dry_run: false,
    };
    let mut valid = 0;
    for loaded in records {
        match apply(&mut replay, &mut contents, loaded) {
            Ok(()) => valid += 1,
            Err(reason) => report.fail(&loaded.file, reason),
        }
    }

    // The file's content as the current version: an edit after the last
    // record is taken as the core takes any edit.
    let versions = &replay.versions;
    let (standing, number) = match (versions.standing, versions.number(&file_hash)) {
        (Some(standing), Some(n)) if n == standing.current || n == standing.status_version() => {
            (standing, n)
        }
        (Some(standing), _) => {
            let n = versions.hashes.len() as u32 + 1;
            (standing.after_edit(n), n)
        }
        (None, _) => (Standing::new_draft(), 1),
    };
    let status = match standing.pending {
        Some(pending) if number == standing.current => pending,
        _ if number == standing.status_version() => standing.status,
        _ => Status::Draft,
    };
    let running = (standing.status_version() != number).then(|| VersionState {
        content_sha256: versions.hash(standing.status_version()).to_string(),
        status: standing.status,
    });
    if let Some(claimed) = contract.status {
        if claimed != status {
            report.fail(
                file,
                status_mismatch(contract, &file_hash, number, claimed, status, &replay),
            );
        }
    }
    ContractState {
        id: contract.id.clone(),
        file: file.to_string(),
        content_sha256: file_hash,
        claimed_status: contract.status,
        status,
        running,
        records: records.len(),
        valid_records: valid,
    }
}

/// Why the file's status does not follow from the records, in the most
/// specific words available.
fn status_mismatch(
    contract: &Contract,
    file_hash: &str,
    file_number: u32,
    claimed: Status,
    supported: Status,
    replay: &Replay,
) -> String {
    if lifecycle::is_signed_off(claimed) {
        if let Some((approved_hash, authority, record)) = &replay.last_approval {
            if approved_hash != file_hash {
                if contract.authority > *authority {
                    return format!(
                        "says status: {claimed} and asks for authority {}, but the last approval ({record}) was for {authority}: the authority was raised after approval, and the raise is not approved",
                        contract.authority
                    );
                }
                return format!(
                    "says status: {claimed}, but its content (sha256 {}) is not the approved content (sha256 {}): it was edited after approval. An edit of an approved contract is a pending version: its status is draft until it is submitted and approved",
                    short(file_hash),
                    short(approved_hash)
                );
            }
        }
        let reviews = replay
            .reviews
            .get(&file_number)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let missing = lifecycle::missing_approvals(contract, file_number, reviews, &[]);
        if !missing.is_empty() && supported != Status::Approved {
            return format!(
                "says status: {claimed}, but no valid records support it (they support {supported}): {}",
                missing.join("; ")
            );
        }
    }
    format!("says status: {claimed}, but its valid records support {supported} (a record missing, or one that does not verify)")
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}

/// Takes one record into the lifecycle, or says why it counts for nothing.
fn apply(
    replay: &mut Replay,
    contents: &mut Contents<'_>,
    loaded: &LoadedRecord,
) -> Result<(), String> {
    let record = &loaded.record;
    let hash = record.content_sha256.clone();
    let Some(content) = contents.get(&hash).cloned() else {
        let why = match contents.history {
            History::Full => "nor in any version of it in git history: the record was made for other content (copied from another contract or version)",
            History::Shallow => "nor in this shallow clone's part of its git history (verify needs the full history: git fetch --unshallow)",
            History::None | History::NotRead => "and this checkout has no git history to look for earlier versions in (check out with full history)",
        };
        return Err(format!(
            "is about content sha256 {} that is not in {} {why}",
            short(&hash),
            contents.file
        ));
    };

    match &record.body {
        Body::DryRun(run) => {
            let sum = run.evaluated() + run.counts.malformed;
            if sum != run.rows {
                return Err(format!(
                    "says {} rows but its counts add up to {sum}; every row is eligible, review, suppressed or malformed",
                    run.rows
                ));
            }
            if replay.versions.number(&hash).is_none() {
                replay.versions.version_for(&hash)?;
            }
            if run.evaluated() > 0 {
                replay.has_dry_run = true;
            }
            return Ok(());
        }
        Body::Rollback(fields) => {
            if fields.what.trim().is_empty() {
                return Err("a rollback says what was reverted; this one is empty".into());
            }
            if replay.versions.number(&hash).is_none() {
                replay.versions.version_for(&hash)?;
            }
            return Ok(());
        }
        Body::Review(fields) => {
            let roles = lifecycle::reviewer_role(&content, &record.by);
            if fields.roles.join(",") != roles {
                return Err(format!(
                    "says {} reviewed as {}, but on this content they are {roles}",
                    record.by,
                    fields.roles.join(",")
                ));
            }
            if fields.authority != content.authority {
                return Err(format!(
                    "says the content asks for authority {}, but it asks for {}",
                    fields.authority, content.authority
                ));
            }
        }
        Body::Launch(fields) if fields.authority != content.authority => {
            return Err(format!(
                "says the content asks for authority {}, but it asks for {}",
                fields.authority, content.authority
            ));
        }
        _ => {}
    }

    let action = match &record.body {
        Body::Review(fields) => fields.decision.action(),
        _ => record
            .kind()
            .transition()
            .expect("every other kind is a transition"),
    };
    // Work on a copy: a record the rules refuse changes nothing.
    let mut next = replay.versions.clone();
    let number = next.version_for(&hash)?;
    let standing = next.standing.expect("version_for sets a standing");
    let ctx = CheckContext {
        at: record.at,
        has_dry_run: replay.has_dry_run,
    };
    // Each version the rules look at, with its own content and readiness
    // (each worked out once: usually the record is about the only version).
    let in_force_number = standing.status_version();
    let pending_number = standing.pending.map(|_| standing.current);
    let mut facts_of = HashMap::new();
    for n in std::iter::once(in_force_number).chain(pending_number) {
        if let std::collections::hash_map::Entry::Vacant(slot) = facts_of.entry(n) {
            let version_content = if n == number {
                content.clone()
            } else {
                contents
                    .get(next.hash(n))
                    .cloned()
                    .expect("a version named by a record was found when it was named")
            };
            let version_readiness = readiness::check(&version_content, &ctx);
            slot.insert((version_content, version_readiness));
        }
    }
    let no_reviews = Vec::new();
    let version_facts = |n: u32| {
        let (contract, readiness) = &facts_of[&n];
        VersionFacts {
            number: n,
            contract,
            reviews: replay.reviews.get(&n).unwrap_or(&no_reviews),
            readiness,
        }
    };
    let facts = LifecycleFacts {
        status: standing.status,
        in_force: version_facts(in_force_number),
        pending: standing.pending.map(|status| PendingFacts {
            status,
            version: version_facts(standing.current),
        }),
        actor: &record.by,
        // The team files name people by address; refusals here say so.
        people: &[],
    };
    let (subject, from, version) = facts.subject(action);
    if version.number != number {
        return Err(format!(
            "names content sha256 {}, but {action} now applies to version {} (content sha256 {}): the contract is {}",
            short(&hash),
            version.number,
            short(next.hash(version.number)),
            standing.describe()
        ));
    }
    lifecycle::check(action, &facts)
        .map_err(|reason| format!("does not follow the lifecycle: {reason}"))?;
    lifecycle::check_note(action, record.body.note())
        .map_err(|reason| format!("does not follow the lifecycle: {reason}"))?;

    let mut reviews = replay.reviews.get(&number).cloned().unwrap_or_default();
    let moves = match &record.body {
        Body::Review(fields) => {
            reviews.push(Review {
                contract_id: content.id.clone(),
                version: number,
                reviewer: record.by.clone(),
                roles: lifecycle::roles_from_stored(&fields.roles.join(",")),
                decision: fields.decision,
                comment: fields.comment.clone(),
                at: record.at,
            });
            let signs_off = fields.decision == ReviewDecision::Approve
                && lifecycle::signs_off(
                    from,
                    VersionFacts {
                        reviews: &reviews,
                        ..version
                    },
                    replay.signed_off_at,
                );
            if signs_off {
                replay.signed_off_at = Some(record.at);
                replay.last_approval = Some((hash.clone(), content.authority, loaded.file.clone()));
            }
            fields.decision == ReviewDecision::RequestChanges
                || (signs_off && from == Status::InReview)
        }
        _ => {
            if action == Action::Launch && subject == Subject::Pending {
                // The launched version's sign-off starts its review schedule.
                replay.signed_off_at = Some(record.at);
            }
            true
        }
    };
    next.standing = Some(if moves {
        standing.after(action, subject)
    } else {
        standing
    });
    replay.versions = next;
    replay.reviews.insert(number, reviews);
    Ok(())
}
