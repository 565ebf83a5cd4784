//! Writing a team repository's working copy: starting the layout, saving
//! contracts, and adding signed records (one new file each, never
//! overwritten). Git itself (commit, push, fetch) is the caller's business.

use std::path::{Path, PathBuf};

use warrant_core::model::Contract;
use warrant_core::{Error, ErrorCode};

use crate::files::{
    read_yaml_file, write_yaml_file, FoundingKey, PeopleFile, TeamFile, TeamFormat, TeamPerson,
};
use crate::layout;
use crate::record::{Body, KeyAction, Record};
use crate::signing::{self, SigningKey};
use crate::yaml;

/// A team repository's working copy on disk.
#[derive(Debug, Clone)]
pub struct TeamRepo {
    root: PathBuf,
}

fn io(path: &Path, e: std::io::Error) -> Error {
    Error::new(
        ErrorCode::Io,
        format!("cannot write {}: {e}", path.display()),
    )
}

fn same_key(a: &str, b: &str) -> bool {
    a.split_whitespace()
        .take(2)
        .eq(b.split_whitespace().take(2))
}

impl TeamRepo {
    /// Writes a new layout into `root` (missing or empty): the team file with
    /// its founding keys, `people.yaml` with `people` (each founding key
    /// listed under its person), and the `contracts/` and `records/` folders.
    pub fn create(
        root: &Path,
        team_name: &str,
        people: &[TeamPerson],
        founding: &[FoundingKey],
    ) -> Result<TeamRepo, Error> {
        if root.exists() {
            let mut entries = std::fs::read_dir(root).map_err(|e| io(root, e))?;
            if entries.any(|e| e.is_ok_and(|e| e.file_name() != ".git")) {
                return Err(Error::conflict(format!(
                    "{} is not empty; a team repository starts in an empty folder",
                    root.display()
                )));
            }
        }
        if founding.is_empty() {
            return Err(Error::invalid(
                "founding_keys",
                "a team repository needs at least one founding key",
            ));
        }
        let mut people = people.to_vec();
        for (i, founder) in founding.iter().enumerate() {
            crate::files::check_email(&format!("founding_keys[{i}].email"), &founder.email)?;
            signing::parse_public_key(&founder.key)?;
            match people
                .iter_mut()
                .find(|p| p.email.eq_ignore_ascii_case(&founder.email))
            {
                Some(person) => {
                    if !person.keys.iter().any(|k| same_key(k, &founder.key)) {
                        person.keys.push(founder.key.trim().to_string());
                    }
                }
                None => {
                    return Err(Error::invalid(
                        format!("founding_keys[{i}].email"),
                        format!(
                            "{} holds a founding key but is not in the people list",
                            founder.email
                        ),
                    ))
                }
            }
        }
        for dir in [layout::CONTRACTS_DIR, layout::RECORDS_DIR] {
            let path = root.join(dir);
            std::fs::create_dir_all(&path).map_err(|e| io(&path, e))?;
        }
        let team = TeamFile {
            format: TeamFormat::V1,
            name: team_name.to_string(),
            founding_keys: founding.to_vec(),
        };
        write_yaml_file(&root.join(layout::TEAM_FILE), &team)?;
        write_yaml_file(&root.join(layout::PEOPLE_FILE), &PeopleFile { people })?;
        Ok(TeamRepo {
            root: root.to_path_buf(),
        })
    }

    /// A working copy whose team file reads.
    pub fn open(root: &Path) -> Result<TeamRepo, Error> {
        TeamFile::read(&root.join(layout::TEAM_FILE))?;
        Ok(TeamRepo {
            root: root.to_path_buf(),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn people(&self) -> Result<PeopleFile, Error> {
        PeopleFile::read(&self.root.join(layout::PEOPLE_FILE))
    }

    /// Adds a person (without keys: keys come through signed records).
    pub fn add_person(&self, person: TeamPerson) -> Result<(), Error> {
        let mut people: PeopleFile = read_yaml_file(&self.root.join(layout::PEOPLE_FILE))?;
        if people.person(&person.email).is_some() {
            return Err(Error::conflict(format!(
                "{} is already in people.yaml",
                person.email
            )));
        }
        crate::files::check_email("email", &person.email)?;
        people.people.push(TeamPerson {
            keys: Vec::new(),
            ..person
        });
        write_yaml_file(&self.root.join(layout::PEOPLE_FILE), &people)
    }

    /// Writes the contract as `contracts/<id>.yaml` (warrant/v1 YAML).
    pub fn write_contract(&self, contract: &Contract) -> Result<PathBuf, Error> {
        let relative = layout::contract_path(&contract.id);
        let path = self.root.join(&relative);
        // git keeps no empty folder, so a fresh clone may have no contracts/.
        let folder = self.root.join(layout::CONTRACTS_DIR);
        std::fs::create_dir_all(&folder).map_err(|e| io(&folder, e))?;
        std::fs::write(&path, warrant_core::format::to_yaml(contract)).map_err(|e| io(&path, e))?;
        Ok(relative)
    }

    /// Signs `record` with `key` and writes it as a new file; returns its
    /// path relative to the root. The key must be one `people.yaml` lists
    /// for `record.by`: nobody signs as someone else. A `person_key` record
    /// also updates that person's keys in `people.yaml`.
    pub fn add_record(&self, record: &Record, key: &SigningKey) -> Result<PathBuf, Error> {
        let mut people = self.people()?;
        let own_key = key.public_key_line();
        let holds = people
            .person(&record.by)
            .is_some_and(|p| p.keys.iter().any(|k| same_key(k, &own_key)));
        if !holds {
            return Err(Error::invalid(
                "key",
                format!(
                    "the key {} is not one of {}'s keys in people.yaml; sign with your own key",
                    signing::fingerprint(key.public_key()),
                    record.by
                ),
            ));
        }
        let text = signed_text(record, key)?;
        let dir = self.root.join(layout::records_dir(&record.subject));
        std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
        let name = layout::record_file_name(record.at, record.kind().as_str(), &record.by);
        let path = dir.join(&name);
        // A record is never overwritten: a second one in the same
        // millisecond by the same person is refused, not merged.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| io(&path, e))?;
        std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| io(&path, e))?;
        if let Body::PersonKey(change) = &record.body {
            let person = people
                .people
                .iter_mut()
                .find(|p| p.email.eq_ignore_ascii_case(&record.subject))
                .ok_or_else(|| {
                    Error::not_found(format!(
                        "{} is not in people.yaml; add them first",
                        record.subject
                    ))
                })?;
            match change.action {
                KeyAction::Add => person.keys.push(change.key.clone()),
                KeyAction::Revoke => person.keys.retain(|k| !same_key(k, &change.key)),
            }
            write_yaml_file(&self.root.join(layout::PEOPLE_FILE), &people)?;
        }
        Ok(path.strip_prefix(&self.root).unwrap_or(&path).to_path_buf())
    }
}

impl TeamRepo {
    /// Revokes `person`'s key `key_line`, signed by `by` with `signer`.
    /// The revocation keeps every record the key signed that is in this
    /// working copy now; records it signs later, whatever time they claim,
    /// count for nothing. (A record made with the key on another machine
    /// and not yet pulled is not kept: pull before revoking.)
    pub fn revoke_key(
        &self,
        person: &str,
        by: &str,
        at: chrono::DateTime<chrono::Utc>,
        key_line: &str,
        signer: &SigningKey,
    ) -> Result<PathBuf, Error> {
        let key = signing::parse_public_key(key_line)?;
        let mut keeps = Vec::new();
        let records = self.root.join(layout::RECORDS_DIR);
        let folders = match std::fs::read_dir(&records) {
            Ok(folders) => folders.flatten().collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(io(&records, e)),
        };
        for folder in folders {
            let Ok(files) = std::fs::read_dir(folder.path()) else {
                continue;
            };
            for file in files.flatten() {
                let Ok(text) = std::fs::read_to_string(file.path()) else {
                    continue;
                };
                let Ok(value) = yaml::read(&text) else {
                    continue;
                };
                let signed_by_key = value
                    .get("signature")
                    .and_then(|s| s.as_str())
                    .and_then(|s| signing::parse_signature(s).ok())
                    .is_some_and(|s| s.public_key() == key.key_data());
                if signed_by_key {
                    keeps.push(crate::record::record_digest(&value));
                }
            }
        }
        keeps.sort();
        let mut record = Record::person_key(person, by, at, KeyAction::Revoke, key_line);
        if let Body::PersonKey(change) = &mut record.body {
            change.keeps = Some(keeps);
        }
        self.add_record(&record, signer)
    }
}

/// The record's file text: its mapping plus the signature of its
/// canonical form.
pub fn signed_text(record: &Record, key: &SigningKey) -> Result<String, Error> {
    let mut value = record.to_value();
    let signature = key.sign(crate::record::signed_payload(&value).as_bytes())?;
    if let serde_json::Value::Object(map) = &mut value {
        map.insert("signature".into(), signature.into());
    }
    Ok(yaml::write(&value))
}
