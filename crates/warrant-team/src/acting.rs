//! Steps taken in a team registry, each with the record its taker signs:
//! reviews, status moves, rollbacks and dry runs ([`act`]), and people and
//! their keys ([`add_person`], [`revoke_key`]).
//!
//! In a team registry the person acting is the holder of the signing key:
//! the connection's e-mail, whose key `people.yaml` lists. An `--as` naming
//! someone else is refused, and so is a key that is not theirs. The step and
//! its record are one: the registry takes the step and the record is signed
//! and written into the working copy in the same transaction, so a refused
//! step is never signed and a record that cannot be written leaves the step
//! untaken. The record goes out with the next `warrant team sync`.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use warrant_core::lifecycle::Action;
use warrant_core::model::{Contract, Person};
use warrant_core::registry::{
    ActDone, Registry, TeamAct, TeamConnection, TeamRecordOutcome, TeamRecordRow,
};
use warrant_core::{Error, ErrorCode};

use crate::files::TeamPerson;
use crate::record::{record_digest, Body, DryRunCounts, DryRunFields, KeyAction, Kind, Record};
use crate::repo::TeamRepo;
use crate::signing::SigningKey;
use crate::yaml;

/// The registry's team connection, refusing an `--as` that is not the key
/// holder. `None` when the registry is not connected (a desk registry,
/// where "acting as" is attribution).
pub fn holder(
    registry: &Registry,
    asked_as: Option<&str>,
) -> Result<Option<TeamConnection>, Error> {
    let Some(connection) = registry.team_connection()? else {
        return Ok(None);
    };
    if let Some(asked) = asked_as {
        if !asked.trim().eq_ignore_ascii_case(&connection.email) {
            return Err(Error::invalid(
                "as",
                format!(
                    "this registry is connected to the team repository {}, where you act as the holder of your key: {}. Nobody approves, launches or pauses as someone else; {asked} signs on their own desktop with their own key",
                    connection.team, connection.email
                ),
            ));
        }
    }
    Ok(Some(connection))
}

/// The time a record is made at: to the millisecond, the precision of its
/// file name, so the registry and the record say the same time.
fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(Utc::now().timestamp_millis()).expect("now is a valid time")
}

/// The row a record file written here is kept as.
fn row_for(root: &Path, relative: &Path) -> Result<TeamRecordRow, Error> {
    let text = yaml::read_file(&root.join(relative)).map_err(|e| {
        Error::new(
            ErrorCode::Io,
            format!("cannot read back {}: {e}", relative.display()),
        )
    })?;
    let value = yaml::read(&text).map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
    let (record, _) =
        Record::from_value(&value).map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
    Ok(TeamRecordRow {
        file: relative.to_string_lossy().replace('\\', "/"),
        digest: record_digest(&value),
        subject: record.subject.clone(),
        kind: record.kind().as_str().to_string(),
        signer: record.by.clone(),
        at: record.at,
        content_sha256: record.content_sha256.clone(),
        outcome: TeamRecordOutcome::SignedHere,
        reason: None,
    })
}

/// The record of `act` on `contract` (version `version`), by `by` at `at`.
fn record_of(
    act: &TeamAct,
    contract: &Contract,
    version: u32,
    by: &str,
    at: DateTime<Utc>,
) -> Result<Record, Error> {
    Ok(match act {
        TeamAct::Review { decision, comment } => {
            let mut record = Record::review(contract, by, at, *decision, comment.trim());
            if let Body::Review(fields) = &mut record.body {
                fields.version = Some(version);
            }
            record
        }
        TeamAct::Status { action, note } => {
            let kind = match action {
                Action::Submit => Kind::Submit,
                Action::Launch => Kind::Launch,
                Action::Pause => Kind::Pause,
                Action::Resume => Kind::Resume,
                Action::Retire => Kind::Retire,
                Action::Discard => Kind::Discard,
                Action::Approve | Action::RequestChanges => {
                    return Err(Error::invalid(
                        "action",
                        "approving and asking for changes are reviews",
                    ))
                }
            };
            let mut record = Record::step(contract, kind, by, at, note.trim());
            if let Body::Launch(fields) = &mut record.body {
                fields.version = Some(version);
            }
            record
        }
        TeamAct::Rollback { what } => Record::step(contract, Kind::Rollback, by, at, what.trim()),
        TeamAct::DryRun { run } => Record::dry_run(
            contract,
            by,
            at,
            DryRunFields {
                file_name: run.file_name.clone(),
                file_sha256: run.file_hash.clone(),
                rows: run.row_count,
                counts: DryRunCounts::from(&run.counts),
            },
        ),
        TeamAct::Key => {
            return Err(Error::invalid(
                "act",
                "key changes are add-person and revoke-key",
            ))
        }
    })
}

/// Takes `act` on contract `id` in a team registry, as the key holder,
/// with its signed record written into the working copy.
pub fn act(
    registry: &mut Registry,
    key: &SigningKey,
    id: &str,
    act: &TeamAct,
    asked_as: Option<&str>,
) -> Result<(ActDone, TeamRecordRow), Error> {
    let connection = holder(registry, asked_as)?.ok_or_else(|| {
        Error::invalid(
            "team",
            "this registry is not connected to a team repository",
        )
    })?;
    let repo = TeamRepo::open(Path::new(&connection.work_dir))?;
    let written: RefCell<Option<PathBuf>> = RefCell::new(None);
    let at = now();
    let done = registry.act_signed(id, act, &connection.email, at, |contract, version| {
        let record = record_of(act, contract, version, &connection.email, at)?;
        let relative = repo.add_record(&record, key)?;
        *written.borrow_mut() = Some(repo.root().join(&relative));
        row_for(repo.root(), &relative)
    });
    if done.is_err() {
        // The step was not taken: its record must not stay behind.
        if let Some(path) = written.borrow().as_ref() {
            let _ = std::fs::remove_file(path);
        }
    }
    done
}

/// Adds `person` to the team (to `people.yaml` when new, and to this
/// registry's people list) with the key `public_key_line`, by a signed
/// `person_key` record.
pub fn add_person(
    registry: &mut Registry,
    key: &SigningKey,
    person: &TeamPerson,
    public_key_line: &str,
) -> Result<TeamRecordRow, Error> {
    let connection = holder(registry, None)?.ok_or_else(|| {
        Error::invalid(
            "team",
            "this registry is not connected to a team repository",
        )
    })?;
    crate::signing::parse_public_key(public_key_line)?;
    let repo = TeamRepo::open(Path::new(&connection.work_dir))?;
    if repo.people()?.person(&person.email).is_none() {
        repo.add_person(person.clone())?;
    }
    let record = Record::person_key(
        &person.email,
        &connection.email,
        now(),
        KeyAction::Add,
        public_key_line,
    );
    let relative = repo.add_record(&record, key)?;
    let row = row_for(repo.root(), &relative)?;
    if registry.person(&person.email)?.is_none() {
        registry.add_person(
            &Person {
                email: person.email.clone(),
                name: person.name.clone(),
                team: person.team.clone(),
                title: person.title.clone(),
            },
            &connection.email,
        )?;
    }
    registry.note_signed_record(&row)?;
    Ok(row)
}

/// Revokes `email`'s key `public_key_line` by a signed `person_key`
/// record: its later records count for nothing; the records it signed that
/// this working copy holds stay valid (sync first).
pub fn revoke_key(
    registry: &mut Registry,
    key: &SigningKey,
    email: &str,
    public_key_line: &str,
) -> Result<TeamRecordRow, Error> {
    let connection = holder(registry, None)?.ok_or_else(|| {
        Error::invalid(
            "team",
            "this registry is not connected to a team repository",
        )
    })?;
    let repo = TeamRepo::open(Path::new(&connection.work_dir))?;
    let listed = repo.people()?.person(email).is_some_and(|p| {
        p.keys.iter().any(|k| {
            k.split_whitespace()
                .take(2)
                .eq(public_key_line.split_whitespace().take(2))
        })
    });
    if !listed {
        return Err(Error::not_found(format!(
            "people.yaml lists no such key for {email}"
        )));
    }
    let relative = repo.revoke_key(email, &connection.email, now(), public_key_line, key)?;
    let row = row_for(repo.root(), &relative)?;
    registry.note_signed_record(&row)?;
    Ok(row)
}
