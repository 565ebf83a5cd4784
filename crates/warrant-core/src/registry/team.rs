//! What a registry keeps about its team repository (for users:
//! `docs/team-repository.md`): the connection, which local versions are in
//! the repository, every record file read or signed here and what became of
//! it, and the contracts two people edited at once.
//!
//! Git, signatures and files are the `warrant-team` crate's business; this
//! module only takes what a sync found, as a list of [`TeamStep`]s, and
//! applies it in one `BEGIN IMMEDIATE` transaction with one `team_synced`
//! audit event. A record becomes a review or a status move through the same
//! lifecycle functions a local change uses, stamped with its verified
//! signer, and only when the version that step concerns here has the
//! record's content hash: a record for other content counts for nothing and
//! is kept as refused, with why. Each record is tried inside a savepoint, so
//! a refused one leaves nothing behind but its row.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use super::audit::{self, parse_timestamp, timestamp, NewEvent};
use super::contracts::{load_version, save_in};
use super::dry_runs::{record_dry_run_in, DryRunKept, DryRunRecord};
use super::lifecycle::{
    change_status_in, record_review_in, record_rollback_in, version_for_action, version_in_force,
    ReviewRecorded, StatusChange,
};
use super::people::{find_person, insert_person};
use super::{Registry, StoredContract};
use crate::canonical::content_sha256;
use crate::lifecycle::{Action, ReviewDecision};
use crate::model::{Contract, Person};
use crate::{Error, ErrorCode, Result};

/// The team repository this registry is connected to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TeamConnection {
    /// The team's name, from `warrant-team.yaml`.
    pub team: String,
    /// The git remote: a path, `ssh://…`, `https://…` or `host:path`.
    pub remote: String,
    /// The working copy, a clone of the remote next to the registry file.
    pub work_dir: String,
    /// Who this desktop is: the holder of the signing key.
    pub email: String,
    /// The signing key: an OpenSSH private key file, or `agent` for the
    /// running ssh-agent's key.
    pub key: String,
    pub last_sync_commit: Option<String>,
    #[ts(type = "string | null")]
    pub last_sync_at: Option<DateTime<Utc>>,
}

/// What became of a record file here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TeamRecordOutcome {
    /// Signed on this desktop, for a step taken here.
    SignedHere,
    /// Read from the repository and taken into the registry.
    Applied,
    /// Read from the repository and counted for nothing (see `reason`).
    Refused,
}

impl TeamRecordOutcome {
    fn as_str(self) -> &'static str {
        match self {
            TeamRecordOutcome::SignedHere => "signed_here",
            TeamRecordOutcome::Applied => "applied",
            TeamRecordOutcome::Refused => "refused",
        }
    }

    fn parse(text: &str) -> TeamRecordOutcome {
        match text {
            "signed_here" => TeamRecordOutcome::SignedHere,
            "applied" => TeamRecordOutcome::Applied,
            _ => TeamRecordOutcome::Refused,
        }
    }
}

/// One record file as this registry knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TeamRecordRow {
    /// Its path in the repository, `records/<subject>/<name>.yaml`.
    pub file: String,
    /// SHA-256 of the whole record, signature included.
    pub digest: String,
    /// The contract id, or the person of a key record.
    pub subject: String,
    pub kind: String,
    /// Who signed it (when refused: who it claims signed it).
    pub signer: String,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub content_sha256: String,
    pub outcome: TeamRecordOutcome,
    /// Why it was refused.
    pub reason: Option<String>,
}

/// A contract two people edited at once: both edits are versions here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TeamConflict {
    pub contract_id: String,
    /// The merge commit where the two edits met.
    pub commit: String,
    /// The versions to compare: the one this registry had, then what came in.
    pub versions: Vec<u32>,
    #[ts(type = "string")]
    pub detected_at: DateTime<Utc>,
    #[ts(type = "string | null")]
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<String>,
}

/// The step a signed record takes in the registry.
#[derive(Debug, Clone, PartialEq)]
pub enum TeamAct {
    Review {
        decision: ReviewDecision,
        comment: String,
    },
    /// submit, launch, pause, resume, retire, discard, with the note the
    /// step needs.
    Status {
        action: Action,
        note: String,
    },
    Rollback {
        what: String,
    },
    DryRun {
        run: DryRunRecord,
    },
    /// A key added or revoked: nothing to do in the registry.
    Key,
}

/// One thing a sync found, in the order it is to be taken in.
#[derive(Debug, Clone)]
pub enum TeamStep {
    /// A person of `people.yaml`, added when missing.
    Person(Person),
    /// A contract content found in commit `commit`: saved as a new version
    /// unless some version already has that content.
    Version {
        contract: Contract,
        by: String,
        at: DateTime<Utc>,
        commit: String,
    },
    /// The repository's latest content of a contract: saved as a new
    /// version when the current version here is other content.
    Latest {
        contract: Contract,
        by: String,
        at: DateTime<Utc>,
        commit: String,
    },
    /// A record file: `act` is what it does once its signature verified;
    /// `None` means it did not (the row says why).
    Record {
        row: TeamRecordRow,
        act: Option<TeamAct>,
    },
    /// Both sides of merge commit `commit` edited the contract.
    Conflict { contract_id: String, commit: String },
}

/// A sync to take in: its steps, and what was pushed.
#[derive(Debug, Clone, Default)]
pub struct TeamSync {
    /// The commit the working copy is at after the sync; `None` when the
    /// remote could not be reached (the sync stays to be finished).
    pub commit: Option<String>,
    /// Why the remote could not be reached.
    pub offline: Option<String>,
    /// Local versions written into the working copy: (id, version, commit).
    pub exported: Vec<(String, u32, String)>,
    pub steps: Vec<TeamStep>,
}

/// What a sync brought in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TeamSyncApplied {
    /// Versions saved from the repository: (contract id, version).
    pub versions_in: Vec<(String, u32)>,
    /// Each record file read, with what became of it.
    pub records: Vec<TeamRecordRow>,
    pub conflicts: Vec<TeamConflict>,
    pub people_added: Vec<String>,
}

/// A step taken here with its signed record.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ActDone {
    Review(ReviewRecorded),
    Status(StatusChange),
    Rollback {
        #[ts(type = "number")]
        seq: i64,
    },
    DryRun(DryRunKept),
    Key,
}

fn conn_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TeamConnection> {
    let at: Option<String> = r.get(6)?;
    Ok(TeamConnection {
        team: r.get(0)?,
        remote: r.get(1)?,
        work_dir: r.get(2)?,
        email: r.get(3)?,
        key: r.get(4)?,
        last_sync_commit: r.get(5)?,
        last_sync_at: at.as_deref().map(parse_timestamp).transpose()?,
    })
}

fn connection_in(conn: &Connection) -> Result<Option<TeamConnection>> {
    Ok(conn
        .query_row(
            "SELECT team, remote, work_dir, email, key, last_sync_commit, last_sync_at
             FROM team_connection WHERE id = 1",
            [],
            conn_row,
        )
        .optional()?)
}

/// In a registry connected to a team repository a step counts only with
/// its taker's signed record: the unsigned way in ([`Registry::change_status`],
/// [`Registry::record_review`], …) is refused, and the step is taken through
/// [`Registry::act_signed`] instead.
pub(super) fn refuse_unsigned(conn: &Connection) -> Result<()> {
    match connection_in(conn)? {
        None => Ok(()),
        Some(connection) => Err(Error::invalid(
            "key",
            format!(
                "This registry is connected to the team repository {}: every review, status move, rollback and dry run is signed by the person who takes it. Take it with your key (the warrant command's --key, or the app's Team settings).",
                connection.team
            ),
        )),
    }
}

fn insert_version_row(conn: &Connection, id: &str, version: u32, commit: &str) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO team_versions (contract_id, version, commit_id) VALUES (?1, ?2, ?3)",
        params![id, version, commit],
    )?;
    Ok(())
}

fn insert_record_row(conn: &Connection, row: &TeamRecordRow) -> Result<()> {
    conn.execute(
        "INSERT INTO team_records (file, digest, subject, kind, signer, at, content_sha256, outcome, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            row.file,
            row.digest,
            row.subject,
            row.kind,
            row.signer,
            timestamp(row.at),
            row.content_sha256,
            row.outcome.as_str(),
            row.reason
        ],
    )?;
    Ok(())
}

/// A record row as the trail holds it (the time in the stored spelling).
pub(super) fn record_json(row: &TeamRecordRow) -> serde_json::Value {
    json!({
        "file": row.file, "digest": row.digest, "subject": row.subject, "kind": row.kind,
        "signer": row.signer, "at": timestamp(row.at), "content_sha256": row.content_sha256,
        "outcome": row.outcome.as_str(), "reason": row.reason,
    })
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}

fn refuse(message: impl Into<String>) -> Error {
    Error::conflict(message)
}

/// The version concerned by `act` of `by` now, and its content.
fn concerned(
    conn: &Connection,
    id: &str,
    act: &TeamAct,
    by: &str,
    at: DateTime<Utc>,
    content: Option<&str>,
) -> Result<(u32, Contract)> {
    match act {
        TeamAct::Review { decision, .. } => version_for_action(conn, id, decision.action(), by, at),
        TeamAct::Status { action, .. } => version_for_action(conn, id, *action, by, at),
        TeamAct::Rollback { .. } => version_in_force(conn, id),
        TeamAct::DryRun { .. } => match content {
            // A dry run is kept against the version it evaluated, any version.
            Some(hash) => {
                let number: Option<u32> = conn
                    .query_row(
                        "SELECT max(version) FROM contract_versions WHERE contract_id = ?1 AND content_hash = ?2",
                        params![id, hash],
                        |r| r.get(0),
                    )?;
                let number = number.ok_or_else(|| {
                    refuse(format!(
                        "is about content sha256 {} that no version of {id} here has",
                        short(hash)
                    ))
                })?;
                let stored = load_version(conn, id, number)?.expect("the version was just found");
                Ok((number, stored.contract))
            }
            None => {
                let number: u32 = conn.query_row(
                    "SELECT current_version FROM contracts WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )?;
                let stored = load_version(conn, id, number)?.expect("the current version exists");
                Ok((number, stored.contract))
            }
        },
        TeamAct::Key => Err(Error::new(
            ErrorCode::Internal,
            "a key record concerns no contract",
        )),
    }
}

/// Takes the step inside the caller's transaction.
fn act_in(
    conn: &Connection,
    id: &str,
    act: &TeamAct,
    version: u32,
    by: &str,
    at: DateTime<Utc>,
) -> Result<ActDone> {
    Ok(match act {
        TeamAct::Review { decision, comment } => {
            ActDone::Review(record_review_in(conn, id, *decision, comment, by, at)?)
        }
        TeamAct::Status { action, note } => {
            ActDone::Status(change_status_in(conn, id, *action, note, by, at)?)
        }
        TeamAct::Rollback { what } => ActDone::Rollback {
            seq: record_rollback_in(conn, id, what, by, at)?,
        },
        TeamAct::DryRun { run } => {
            ActDone::DryRun(record_dry_run_in(conn, id, version, run, by, at)?)
        }
        TeamAct::Key => ActDone::Key,
    })
}

/// A record read from the repository, inside a savepoint: applied, or
/// refused with why.
fn apply_record(conn: &Connection, row: &TeamRecordRow, act: &TeamAct) -> Result<()> {
    if matches!(act, TeamAct::Key) {
        return Ok(());
    }
    let id = &row.subject;
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM contracts WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(refuse(format!(
            "is about the contract {id}, which is not in the repository"
        )));
    }
    if find_person(conn, &row.signer)?.is_none() {
        return Err(refuse(format!(
            "is signed by {}, who is not in the people list",
            row.signer
        )));
    }
    let (version, contract) = concerned(
        conn,
        id,
        act,
        &row.signer,
        row.at,
        Some(&row.content_sha256),
    )?;
    let hash = content_sha256(&contract);
    if hash != row.content_sha256 {
        return Err(refuse(format!(
            "is about content sha256 {}, but that step now concerns version {version} of {id} (content sha256 {}): a record counts only for the content it names",
            short(&row.content_sha256),
            short(&hash)
        )));
    }
    act_in(conn, id, act, version, &row.signer, row.at)?;
    Ok(())
}

impl Registry {
    /// The team repository this registry is connected to, if any.
    pub fn team_connection(&self) -> Result<Option<TeamConnection>> {
        connection_in(&self.conn)
    }

    /// Connects the registry to a team repository (refused when it already
    /// is). `published` lists the local versions the repository holds from
    /// the start, with the commit: every version there is when a registry
    /// starts a team repository, none when it joins one.
    pub fn connect_team(
        &mut self,
        connection: &TeamConnection,
        published: &[(String, u32, String)],
    ) -> Result<()> {
        let at = Utc::now();
        self.with_tx(|tx| {
            if let Some(existing) = connection_in(tx)? {
                return Err(Error::conflict(format!(
                    "This registry is already connected to the team repository {} ({}).",
                    existing.team, existing.remote
                )));
            }
            let at_text = connection.last_sync_commit.as_ref().map(|_| timestamp(at));
            tx.execute(
                "INSERT INTO team_connection (id, team, remote, work_dir, email, key, last_sync_commit, last_sync_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    connection.team,
                    connection.remote,
                    connection.work_dir,
                    connection.email,
                    connection.key,
                    connection.last_sync_commit,
                    at_text
                ],
            )?;
            for (id, version, commit) in published {
                insert_version_row(tx, id, *version, commit)?;
            }
            audit::append(
                tx,
                &connection.email,
                at,
                NewEvent {
                    kind: "team_connected",
                    contract_id: None,
                    version: None,
                    payload: json!({
                        "team": connection.team, "remote": connection.remote,
                        "work_dir": connection.work_dir, "email": connection.email,
                        "key": connection.key, "commit": connection.last_sync_commit,
                        "published": published,
                    }),
                },
            )?;
            Ok(())
        })
    }

    /// Takes in one sync: its steps in order (conflicts last), the versions
    /// pushed, and where the working copy now is, with one `team_synced`
    /// event. Refused when the registry is not connected.
    pub fn apply_team_sync(&mut self, sync: &TeamSync) -> Result<TeamSyncApplied> {
        let at = Utc::now();
        self.with_tx(|tx| {
            let connection = connection_in(tx)?
                .ok_or_else(|| Error::invalid("team", "This registry is not connected to a team repository."))?;
            let actor = connection.email.clone();
            let mut applied = TeamSyncApplied::default();
            let mut versions_in: Vec<(String, u32, String)> = Vec::new();
            // The version each contract was at before this sync.
            let mut before: BTreeMap<String, Option<u32>> = BTreeMap::new();
            let mut current_of = |conn: &Connection, id: &str| -> Result<()> {
                if !before.contains_key(id) {
                    let v: Option<u32> = conn
                        .query_row("SELECT current_version FROM contracts WHERE id = ?1", [id], |r| r.get(0))
                        .optional()?;
                    before.insert(id.to_string(), v);
                }
                Ok(())
            };
            for (id, version, commit) in &sync.exported {
                insert_version_row(tx, id, *version, commit)?;
            }
            for step in &sync.steps {
                match step {
                    TeamStep::Person(person) => {
                        if find_person(tx, &person.email)?.is_none() {
                            insert_person(tx, person, &actor, at, Some("listed in the team's people.yaml"))?;
                            applied.people_added.push(person.email.clone());
                        }
                    }
                    TeamStep::Version { contract, by, at: saved_at, commit } => {
                        current_of(tx, &contract.id)?;
                        let hash = content_sha256(contract);
                        let known: Option<u32> = tx.query_row(
                            "SELECT max(version) FROM contract_versions WHERE contract_id = ?1 AND content_hash = ?2",
                            params![contract.id, hash],
                            |r| r.get(0),
                        )?;
                        match known {
                            Some(version) => insert_version_row(tx, &contract.id, version, commit)?,
                            None => {
                                let saved = save_in(tx, contract, by, *saved_at, &mut applied.people_added)?;
                                insert_version_row(tx, &contract.id, saved.version, commit)?;
                                versions_in.push((contract.id.clone(), saved.version, commit.clone()));
                            }
                        }
                    }
                    TeamStep::Latest { contract, by, at: saved_at, commit } => {
                        current_of(tx, &contract.id)?;
                        let current: Option<u32> = tx
                            .query_row("SELECT current_version FROM contracts WHERE id = ?1", [&contract.id], |r| r.get(0))
                            .optional()?;
                        let same = match current {
                            Some(v) => load_version(tx, &contract.id, v)?
                                .is_some_and(|s| content_sha256(&s.contract) == content_sha256(contract)),
                            None => false,
                        };
                        if !same {
                            let saved = save_in(tx, contract, by, *saved_at, &mut applied.people_added)?;
                            insert_version_row(tx, &contract.id, saved.version, commit)?;
                            versions_in.push((contract.id.clone(), saved.version, commit.clone()));
                        }
                    }
                    TeamStep::Record { row, act } => {
                        let mut row = row.clone();
                        match act {
                            None => row.outcome = TeamRecordOutcome::Refused,
                            Some(act) => {
                                tx.execute_batch("SAVEPOINT team_record")?;
                                match apply_record(tx, &row, act) {
                                    Ok(()) => {
                                        tx.execute_batch("RELEASE team_record")?;
                                        row.outcome = TeamRecordOutcome::Applied;
                                        row.reason = None;
                                    }
                                    Err(e) if e.code != ErrorCode::Registry && e.code != ErrorCode::Internal => {
                                        tx.execute_batch("ROLLBACK TO team_record; RELEASE team_record")?;
                                        row.outcome = TeamRecordOutcome::Refused;
                                        row.reason = Some(e.message);
                                    }
                                    Err(e) => return Err(e),
                                }
                            }
                        }
                        insert_record_row(tx, &row)?;
                        applied.records.push(row);
                    }
                    TeamStep::Conflict { .. } => {}
                }
            }
            for step in &sync.steps {
                let TeamStep::Conflict { contract_id, commit } = step else { continue };
                let mut versions: Vec<u32> = before.get(contract_id).copied().flatten().into_iter().collect();
                versions.extend(versions_in.iter().filter(|(id, _, _)| id == contract_id).map(|(_, v, _)| *v));
                versions.dedup();
                let fresh = tx.execute(
                    "INSERT OR IGNORE INTO team_conflicts (contract_id, commit_id, versions, detected_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![contract_id, commit, json!(versions).to_string(), timestamp(at)],
                )?;
                if fresh > 0 {
                    applied.conflicts.push(TeamConflict {
                        contract_id: contract_id.clone(),
                        commit: commit.clone(),
                        versions,
                        detected_at: parse_timestamp(&timestamp(at))?,
                        resolved_at: None,
                        resolved_by: None,
                    });
                }
            }
            if let Some(commit) = &sync.commit {
                tx.execute(
                    "UPDATE team_connection SET last_sync_commit = ?1, last_sync_at = ?2 WHERE id = 1",
                    params![commit, timestamp(at)],
                )?;
            }
            applied.versions_in = versions_in.iter().map(|(id, v, _)| (id.clone(), *v)).collect();
            let records: Vec<serde_json::Value> = applied.records.iter().map(record_json).collect();
            let conflicts: Vec<serde_json::Value> = applied
                .conflicts
                .iter()
                .map(|c| json!({"contract": c.contract_id, "commit": c.commit, "versions": c.versions}))
                .collect();
            audit::append(
                tx,
                &actor,
                at,
                NewEvent {
                    kind: "team_synced",
                    contract_id: None,
                    version: None,
                    payload: json!({
                        "commit": sync.commit, "offline": sync.offline,
                        "exported": sync.exported, "versions_in": versions_in,
                        "records": records, "conflicts": conflicts,
                        "people_added": applied.people_added,
                    }),
                },
            )?;
            Ok(applied)
        })
    }

    /// Takes a step here and keeps the record `sign` writes for it, in one
    /// transaction: `sign` gets the content of the version the step
    /// concerns and its number, signs a record of it and returns its row. A
    /// step the lifecycle refuses is never signed; a record that cannot be
    /// written leaves the step untaken.
    pub fn act_signed(
        &mut self,
        id: &str,
        act: &TeamAct,
        actor: &str,
        at: DateTime<Utc>,
        sign: impl FnOnce(&Contract, u32) -> Result<TeamRecordRow>,
    ) -> Result<(ActDone, TeamRecordRow)> {
        self.with_tx(|tx| {
            let (version, contract) = concerned(tx, id, act, actor, at, None)?;
            let done = act_in(tx, id, act, version, actor, at)?;
            let mut row = sign(&contract, version)?;
            row.outcome = TeamRecordOutcome::SignedHere;
            row.reason = None;
            insert_record_row(tx, &row)?;
            audit::append(
                tx,
                actor,
                at,
                NewEvent {
                    kind: "team_record_signed",
                    contract_id: Some(id),
                    version: Some(version),
                    payload: json!({ "record": record_json(&row) }),
                },
            )?;
            Ok((done, row))
        })
    }

    /// Keeps a record signed here that concerns no contract (a key added or
    /// revoked, a person added), with its `team_record_signed` event.
    pub fn note_signed_record(&mut self, row: &TeamRecordRow) -> Result<()> {
        let at = Utc::now();
        let mut row = row.clone();
        row.outcome = TeamRecordOutcome::SignedHere;
        row.reason = None;
        self.with_tx(|tx| {
            insert_record_row(tx, &row)?;
            audit::append(
                tx,
                &row.signer,
                at,
                NewEvent {
                    kind: "team_record_signed",
                    contract_id: None,
                    version: None,
                    payload: json!({ "record": record_json(&row) }),
                },
            )?;
            Ok(())
        })
    }

    /// Every record file this registry signed or read, oldest first.
    pub fn team_records(&self) -> Result<Vec<TeamRecordRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT file, digest, subject, kind, signer, at, content_sha256, outcome, reason
             FROM team_records ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TeamRecordRow {
                file: r.get(0)?,
                digest: r.get(1)?,
                subject: r.get(2)?,
                kind: r.get(3)?,
                signer: r.get(4)?,
                at: parse_timestamp(&r.get::<_, String>(5)?)?,
                content_sha256: r.get(6)?,
                outcome: TeamRecordOutcome::parse(&r.get::<_, String>(7)?),
                reason: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The files of every record this registry signed or read.
    pub fn team_record_files(&self) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare("SELECT file FROM team_records")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Local versions the repository does not hold yet, oldest first.
    pub fn team_unpublished(&self) -> Result<Vec<StoredContract>> {
        let mut stmt = self.conn.prepare(
            "SELECT v.contract_id, v.version FROM contract_versions v
             WHERE NOT EXISTS (SELECT 1 FROM team_versions t
                               WHERE t.contract_id = v.contract_id AND t.version = v.version)
             ORDER BY v.saved_at, v.contract_id, v.version",
        )?;
        let keys: Vec<(String, u32)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        keys.iter().map(|(id, v)| self.version(id, *v)).collect()
    }

    /// Conflicts, oldest first; only the unresolved ones when `open_only`.
    pub fn team_conflicts(&self, open_only: bool) -> Result<Vec<TeamConflict>> {
        let mut stmt = self.conn.prepare(
            "SELECT contract_id, commit_id, versions, detected_at, resolved_at, resolved_by
             FROM team_conflicts WHERE (?1 = 0 OR resolved_at IS NULL) ORDER BY rowid",
        )?;
        let rows = stmt.query_map([open_only], |r| {
            let versions: String = r.get(2)?;
            let resolved: Option<String> = r.get(4)?;
            Ok(TeamConflict {
                contract_id: r.get(0)?,
                commit: r.get(1)?,
                versions: serde_json::from_str(&versions).unwrap_or_default(),
                detected_at: parse_timestamp(&r.get::<_, String>(3)?)?,
                resolved_at: resolved.as_deref().map(parse_timestamp).transpose()?,
                resolved_by: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Marks the contract's open conflicts resolved by `actor`: they looked
    /// at both versions and the current one is what they keep (saving the
    /// other's content again first, when that is the one they keep).
    pub fn resolve_team_conflict(&mut self, id: &str, actor: &str) -> Result<usize> {
        let at = Utc::now();
        self.with_tx(|tx| {
            let actor = super::lifecycle::known_person(tx, actor)?;
            let resolved = tx.execute(
                "UPDATE team_conflicts SET resolved_at = ?2, resolved_by = ?3
                 WHERE contract_id = ?1 AND resolved_at IS NULL",
                params![id, timestamp(at), actor],
            )?;
            if resolved == 0 {
                return Err(Error::not_found(format!(
                    "{id} has no conflict to resolve."
                )));
            }
            let current: u32 = tx.query_row(
                "SELECT current_version FROM contracts WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?;
            audit::append(
                tx,
                &actor,
                at,
                NewEvent {
                    kind: "team_conflict_resolved",
                    contract_id: Some(id),
                    version: Some(current),
                    payload: json!({ "conflicts": resolved }),
                },
            )?;
            Ok(resolved)
        })
    }
}
