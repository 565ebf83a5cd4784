//! `warrant-team.yaml` and `people.yaml`: their types, and reading and
//! writing them strictly (an unknown key is refused with its path).
//!
//! `warrant-team.yaml` names the team and holds its founding keys: the keys
//! taken on trust when the repository was started. Every later key comes
//! from a signed `person_key` record, so verify can tell a key someone
//! pasted into `people.yaml` from one the team added.

use std::path::Path;

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use warrant_core::model::{Contract, WorkflowCategory};
use warrant_core::{Error, ErrorCode};

use crate::yaml;

/// The format tag of `warrant-team.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TeamFormat {
    #[serde(rename = "warrant-team/v1")]
    V1,
}

/// `warrant-team.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamFile {
    pub format: TeamFormat,
    pub name: String,
    /// The keys the team started with, taken on trust at init.
    pub founding_keys: Vec<FoundingKey>,
}

/// One key taken on trust when the repository was started.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FoundingKey {
    pub email: String,
    /// An OpenSSH public key line, `ssh-ed25519 AAAA… [comment]`.
    pub key: String,
}

/// `people.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleFile {
    pub people: Vec<TeamPerson>,
}

/// One person of the team, with the SSH public keys their records are
/// signed with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamPerson {
    pub email: String,
    pub name: String,
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub title: String,
    /// OpenSSH public key lines.
    #[serde(default)]
    pub keys: Vec<String>,
}

impl PeopleFile {
    pub fn person(&self, email: &str) -> Option<&TeamPerson> {
        self.people
            .iter()
            .find(|p| p.email.eq_ignore_ascii_case(email))
    }

    /// The `allowed_signers` text `ssh-keygen -Y verify -f` reads: one
    /// `EMAIL namespaces="warrant" KEY` line per key.
    pub fn allowed_signers(&self) -> String {
        let mut text = String::new();
        for person in &self.people {
            for key in &person.keys {
                // Type and base64 only: a key comment may hold spaces, and
                // ssh-keygen does not need it.
                let key: Vec<&str> = key.split_whitespace().take(2).collect();
                text.push_str(&format!(
                    "{} namespaces=\"{}\" {}\n",
                    person.email,
                    crate::signing::NAMESPACE,
                    key.join(" ")
                ));
            }
        }
        text
    }
}

/// Reads a YAML file into `T`, refusing unknown keys and wrong types with
/// the dotted path of the value (`people[2].keys`).
pub(crate) fn read_yaml_file<T: DeserializeOwned>(path: &Path) -> Result<T, Error> {
    let shown = path.display().to_string();
    let text = yaml::read_file(path)
        .map_err(|e| Error::new(ErrorCode::Io, format!("cannot read {shown}: {e}")))?;
    let value =
        yaml::read(&text).map_err(|e| Error::new(ErrorCode::Parse, format!("{shown}: {e}")))?;
    from_value(&shown, value)
}

/// Deserializes a value read from `shown`, naming the path of a refusal.
pub(crate) fn from_value<T: DeserializeOwned>(
    shown: &str,
    value: serde_json::Value,
) -> Result<T, Error> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let mut error = Error::new(ErrorCode::Parse, format!("{shown}: {path}: {}", e.inner()));
        if path != "." {
            error = error.with_field(path);
        }
        error
    })
}

pub(crate) fn write_yaml_file<T: Serialize>(path: &Path, value: &T) -> Result<(), Error> {
    let value = serde_json::to_value(value).expect("team files serialize to JSON");
    std::fs::write(path, yaml::write(&value)).map_err(|e| {
        Error::new(
            ErrorCode::Io,
            format!("cannot write {}: {e}", path.display()),
        )
    })
}

impl TeamFile {
    pub fn read(path: &Path) -> Result<TeamFile, Error> {
        let team: TeamFile = read_yaml_file(path)?;
        for (i, founder) in team.founding_keys.iter().enumerate() {
            check_email(&format!("founding_keys[{i}].email"), &founder.email)?;
            crate::signing::parse_public_key(&founder.key)
                .map_err(|e| e.with_field(format!("founding_keys[{i}].key")))?;
        }
        Ok(team)
    }
}

impl PeopleFile {
    pub fn read(path: &Path) -> Result<PeopleFile, Error> {
        let people: PeopleFile = read_yaml_file(path)?;
        let mut seen = std::collections::HashSet::new();
        for (i, person) in people.people.iter().enumerate() {
            check_email(&format!("people[{i}].email"), &person.email)?;
            if !seen.insert(person.email.to_ascii_lowercase()) {
                return Err(Error::invalid(
                    format!("people[{i}].email"),
                    format!(
                        "{} is listed twice in people.yaml; keep one entry",
                        person.email
                    ),
                ));
            }
            for (k, key) in person.keys.iter().enumerate() {
                crate::signing::parse_public_key(key)
                    .map_err(|e| e.with_field(format!("people[{i}].keys[{k}]")))?;
            }
        }
        Ok(people)
    }
}

/// The e-mail rule of contract owners, asked of the core's own validation
/// so that anyone who can be named an owner can be a team member and the
/// reverse (one rule, not two copies of it).
pub fn check_email(field: &str, email: &str) -> Result<(), Error> {
    let mut probe = Contract::new("probe", "probe", WorkflowCategory::Other);
    probe.owners.business = Some(email.to_string());
    let problems = warrant_core::format::validate(&probe);
    match problems
        .into_iter()
        .find(|p| p.field.as_deref() == Some("owners.business"))
    {
        Some(problem) => Err(Error::invalid(field, problem.message)),
        None => Ok(()),
    }
}
