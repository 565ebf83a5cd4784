//! Contracts and their versions: saving (every save a full snapshot),
//! importing batches atomically, seeding a new registry, reading any
//! version back, the version history with plain-language summaries, and the
//! dry runs that count as "real records were tried" (rule X4).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::audit::{self, hex, parse_timestamp, timestamp, NewEvent};
use super::people::{check_email, find_person, insert_person, name_from_email, owner_emails};
use super::search::index_contract;
use super::{
    ImportFile, ImportReport, ImportedFile, Registry, SaveOutcome, Saved, StoredContract,
    VersionInfo,
};
use crate::diff::{diff, summarize, FieldChange};
use crate::model::{Contract, Person, Status};
use crate::readiness::{self, CheckContext, Readiness};
use crate::{Error, ErrorCode, Result};

/// What a dry run produced, as the dry-run screen hands it to the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DryRunRecord {
    pub file_name: String,
    /// SHA-256 of the sample file, hex.
    pub file_hash: String,
    #[ts(type = "number")]
    pub row_count: u64,
    /// Outcome counts (`{"eligible": 7, "review": 2, "suppressed": 1}` and
    /// whatever else the run reports).
    #[ts(type = "unknown")]
    pub counts: Value,
}

/// A dry run kept in a contract's history.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StoredDryRun {
    pub contract_id: String,
    /// The contract version the run evaluated.
    pub version: u32,
    pub file_name: String,
    pub file_hash: String,
    #[ts(type = "number")]
    pub row_count: u64,
    #[ts(type = "unknown")]
    pub counts: Value,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub run_by: String,
}

impl Registry {
    /// True when the registry holds no contract (first run).
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM contracts", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    /// Loads the embedded templates and examples (see [`crate::defaults`]),
    /// in one transaction. Does nothing (an empty report) when the registry
    /// already holds a contract, so it is safe to call on every start.
    pub fn seed_defaults(&mut self, actor: &str) -> Result<ImportReport> {
        if !self.is_empty()? {
            return Ok(ImportReport::default());
        }
        let files: Vec<ImportFile> = crate::defaults::contracts()
            .into_iter()
            .map(|contract| ImportFile {
                name: format!("default {}", contract.id),
                contract,
            })
            .collect();
        self.import_as(&crate::defaults::people(), &files, actor, "seed")
    }

    /// Saves a new version (or creates the contract). Identical content is `Unchanged`.
    pub fn save_contract(&mut self, contract: &Contract, actor: &str) -> Result<Saved> {
        let at = Utc::now();
        self.with_tx(|tx| save_in(tx, contract, actor, at, &mut Vec::new()))
    }

    /// All files in one transaction: any error and nothing changes.
    pub fn import(&mut self, files: &[ImportFile], actor: &str) -> Result<ImportReport> {
        self.import_as(&[], files, actor, "import")
    }

    /// Imports `files` in one transaction, first adding those of `people`
    /// the registry does not know yet (seeding brings the demo cast).
    fn import_as(
        &mut self,
        people: &[Person],
        files: &[ImportFile],
        actor: &str,
        kind: &str,
    ) -> Result<ImportReport> {
        let at = Utc::now();
        self.with_tx(|tx| {
            let mut report = ImportReport::default();
            for person in people {
                if find_person(tx, &person.email)?.is_none() {
                    insert_person(tx, person, actor, at, Some(kind))?;
                    report.people_added.push(person.email.clone());
                }
            }
            for file in files {
                let saved = save_in(tx, &file.contract, actor, at, &mut report.people_added)
                    .map_err(|e| Error {
                        message: format!("{}: {} Nothing was imported.", file.name, e.message),
                        ..e
                    })?;
                report.files.push(ImportedFile {
                    name: file.name.clone(),
                    id: saved.id,
                    outcome: saved.outcome,
                    version: saved.version,
                });
            }
            let payload = json!({"files": report.files, "people_added": report.people_added});
            audit::append(
                tx,
                actor,
                at,
                NewEvent {
                    kind,
                    contract_id: None,
                    version: None,
                    payload,
                },
            )?;
            Ok(report)
        })
    }

    /// The current version of a contract, carrying its lifecycle status.
    pub fn contract(&self, id: &str) -> Result<StoredContract> {
        let (version, status): (u32, String) = self
            .conn
            .query_row(
                "SELECT current_version, status FROM contracts WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| unknown_contract(id))?;
        let mut stored = self.version(id, version)?;
        stored.contract.status = file_status(&status);
        Ok(stored)
    }

    /// One stored version of a contract.
    pub fn version(&self, id: &str, version: u32) -> Result<StoredContract> {
        load_version(&self.conn, id, version)?.ok_or_else(|| {
            if self.contract_exists(id) {
                Error::not_found(format!("Contract {id} has no version {version}."))
            } else {
                unknown_contract(id)
            }
        })
    }

    /// Every version, oldest first, each with what changed from the one before.
    pub fn versions(&self, id: &str) -> Result<Vec<VersionInfo>> {
        let all = all_versions(&self.conn, id)?;
        if all.is_empty() {
            return Err(unknown_contract(id));
        }
        let mut infos = Vec::with_capacity(all.len());
        for (i, stored) in all.iter().enumerate() {
            let summary = match i {
                0 => "created".to_string(),
                _ => summarize(&diff(&all[i - 1].contract, &stored.contract)),
            };
            infos.push(VersionInfo {
                version: stored.version,
                saved_at: stored.saved_at,
                saved_by: stored.saved_by.clone(),
                summary,
            });
        }
        Ok(infos)
    }

    /// The field-level changes from version `from` to version `to`.
    pub fn diff_versions(&self, id: &str, from: u32, to: u32) -> Result<Vec<FieldChange>> {
        let before = self.version(id, from)?;
        let after = self.version(id, to)?;
        Ok(diff(&before.contract, &after.contract))
    }

    /// Readiness of the current version, with the registry's knowledge (dry runs).
    pub fn readiness(&self, id: &str, at: DateTime<Utc>) -> Result<Readiness> {
        let stored = self.contract(id)?;
        let has_dry_run = self.has_dry_run(id)?;
        Ok(readiness::check(
            &stored.contract,
            &CheckContext { at, has_dry_run },
        ))
    }

    /// Keeps a dry run against the contract's current version and records it
    /// in the audit trail.
    pub fn record_dry_run(
        &mut self,
        id: &str,
        run: &DryRunRecord,
        actor: &str,
    ) -> Result<StoredDryRun> {
        let at = Utc::now();
        let row_count = i64::try_from(run.row_count).map_err(|_| {
            Error::invalid(
                "row_count",
                "The dry run reports more rows than the registry can store.",
            )
        })?;
        self.with_tx(|tx| {
            let version: u32 = tx
                .query_row("SELECT current_version FROM contracts WHERE id = ?1", [id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| unknown_contract(id))?;
            tx.execute(
                "INSERT INTO dry_runs (contract_id, version, file_name, file_hash, row_count, counts, at, run_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![id, version, run.file_name, run.file_hash, row_count, run.counts.to_string(), timestamp(at), actor],
            )?;
            let payload = json!({
                "file_name": run.file_name, "file_hash": run.file_hash,
                "row_count": run.row_count, "counts": run.counts,
            });
            audit::append(tx, actor, at, NewEvent { kind: "dry_run", contract_id: Some(id), version: Some(version), payload })?;
            Ok(StoredDryRun {
                contract_id: id.to_string(),
                version,
                file_name: run.file_name.clone(),
                file_hash: run.file_hash.clone(),
                row_count: run.row_count,
                counts: run.counts.clone(),
                at: parse_timestamp(&timestamp(at))?,
                run_by: actor.to_string(),
            })
        })
    }

    /// True when any dry run is stored for the contract (satisfies rule X4).
    pub fn has_dry_run(&self, id: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM dry_runs WHERE contract_id = ?1)",
            [id],
            |r| r.get(0),
        )?)
    }

    /// The contract's dry runs, newest first.
    pub fn dry_runs(&self, id: &str) -> Result<Vec<StoredDryRun>> {
        let mut stmt = self.conn.prepare(
            "SELECT contract_id, version, file_name, file_hash, row_count, counts, at, run_by
             FROM dry_runs WHERE contract_id = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([id], |r| {
            let counts: String = r.get(5)?;
            Ok(StoredDryRun {
                contract_id: r.get(0)?,
                version: r.get(1)?,
                file_name: r.get(2)?,
                file_hash: r.get(3)?,
                row_count: r.get::<_, i64>(4)?.max(0) as u64,
                counts: serde_json::from_str(&counts).unwrap_or(Value::Null),
                at: parse_timestamp(&r.get::<_, String>(6)?)?,
                run_by: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn contract_exists(&self, id: &str) -> bool {
        self.conn
            .query_row("SELECT 1 FROM contracts WHERE id = ?1", [id], |_| Ok(()))
            .optional()
            .ok()
            .flatten()
            .is_some()
    }
}

fn unknown_contract(id: &str) -> Error {
    Error::not_found(format!(
        "No contract with the id “{id}” is in the registry."
    ))
}

/// The first problem `format::validate` finds, as the error a save returns.
fn first_invalid(contract: &Contract) -> Option<Error> {
    crate::format::validate(contract).into_iter().next()
}

/// The status as a contract file states it: omitted for draft, so a file
/// without `status` reads back without one.
pub(super) fn file_status(row_status: &str) -> Option<Status> {
    Status::parse(row_status).filter(|s| *s != Status::Draft)
}

/// The content of a contract, which is what versions hold: the status is the
/// lifecycle's and lives on the contracts row (see [`crate::lifecycle`]).
fn content_of(contract: &Contract) -> Contract {
    Contract {
        status: None,
        ..contract.clone()
    }
}

/// Saves inside an open transaction; the building block of saves, imports
/// and seeding. People the contract names but the registry does not know
/// are created and pushed onto `people_added`. A change of content to an
/// approved, live or paused contract sends it back to draft.
pub(super) fn save_in(
    conn: &Connection,
    contract: &Contract,
    actor: &str,
    at: DateTime<Utc>,
    people_added: &mut Vec<String>,
) -> Result<Saved> {
    save_content(conn, contract, actor, at, people_added, true)
}

/// Saves a change the registry makes on everyone's behalf (an owner's e-mail
/// renamed): a new version, but the status and sign-off stand.
pub(super) fn save_keeping_status(
    conn: &Connection,
    contract: &Contract,
    actor: &str,
    at: DateTime<Utc>,
    people_added: &mut Vec<String>,
) -> Result<Saved> {
    save_content(conn, contract, actor, at, people_added, false)
}

fn save_content(
    conn: &Connection,
    contract: &Contract,
    actor: &str,
    at: DateTime<Utc>,
    people_added: &mut Vec<String>,
    edit_reopens_review: bool,
) -> Result<Saved> {
    if let Some(error) = first_invalid(contract) {
        return Err(error);
    }
    add_unknown_owners(conn, contract, actor, at, people_added)?;
    let incoming = contract;
    let contract = &content_of(incoming);
    let snapshot = serde_json::to_string(contract).map_err(|e| {
        Error::new(
            ErrorCode::Internal,
            format!("The contract could not be stored as JSON: {e}"),
        )
    })?;
    let content_hash = hex(&Sha256::digest(snapshot.as_bytes()));
    let at_text = timestamp(at);
    let current: Option<(u32, String, String)> = conn
        .query_row(
            "SELECT c.current_version, v.content_hash, c.status FROM contracts c
             JOIN contract_versions v ON v.contract_id = c.id AND v.version = c.current_version
             WHERE c.id = ?1",
            [&contract.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (version, outcome) = match &current {
        None => (1, SaveOutcome::Created),
        Some((version, hash, _)) if *hash == content_hash => {
            return Ok(Saved {
                id: contract.id.clone(),
                outcome: SaveOutcome::Unchanged,
                version: *version,
                returned_to_draft: false,
            });
        }
        Some((version, _, _)) => (version + 1, SaveOutcome::NewVersion),
    };
    let previous = match &current {
        Some((v, _, _)) => load_version(conn, &contract.id, *v)?.map(|s| content_of(&s.contract)),
        None => None,
    };
    // A new contract takes the status its file states (it may already be
    // running elsewhere); after that only lifecycle transitions change it,
    // except that new content after approval needs a new review.
    let (status, was) = match &current {
        None => (incoming.status(), None),
        Some((_, _, row)) => {
            let was = Status::parse(row).unwrap_or(Status::Draft);
            let signed_off = matches!(was, Status::Approved | Status::Live | Status::Paused);
            if edit_reopens_review && signed_off {
                (Status::Draft, Some(was))
            } else {
                (was, None)
            }
        }
    };
    let returned_to_draft = was.is_some();
    let columns = params![
        contract.id,
        contract.title,
        contract.workflow.category.as_str(),
        status.as_str(),
        contract.authority.as_str(),
        version,
        at_text,
        actor
    ];
    if outcome == SaveOutcome::Created {
        conn.execute(
            "INSERT INTO contracts (id, title, category, status, authority, current_version,
                                    created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?8)",
            columns,
        )?;
    } else {
        conn.execute(
            "UPDATE contracts SET title = ?2, category = ?3, status = ?4, authority = ?5, current_version = ?6,
                                  updated_at = ?7, updated_by = ?8
             WHERE id = ?1",
            columns,
        )?;
    }
    conn.execute(
        "INSERT INTO contract_versions (contract_id, version, snapshot, content_hash, saved_at, saved_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![contract.id, version, snapshot, content_hash, at_text, actor],
    )?;
    index_contract(conn, contract)?;
    let (kind, payload) = match previous {
        None => (
            "contract_created",
            json!({
                "title": contract.title, "category": contract.workflow.category,
                "authority": contract.authority, "content_hash": content_hash,
                "status": status,
            }),
        ),
        Some(before) => {
            let changes = diff(&before, contract);
            (
                "contract_edited",
                json!({"summary": summarize(&changes), "changes": changes, "content_hash": content_hash}),
            )
        }
    };
    audit::append(
        conn,
        actor,
        at,
        NewEvent {
            kind,
            contract_id: Some(&contract.id),
            version: Some(version),
            payload,
        },
    )?;
    if let Some(was) = was {
        audit::append(
            conn,
            actor,
            at,
            NewEvent {
                kind: "status_changed",
                contract_id: Some(&contract.id),
                version: Some(version),
                payload: json!({
                    "action": "edit", "from": was, "to": Status::Draft,
                    "reason": format!("version {version} changed the content after approval; it needs a new review"),
                }),
            },
        )?;
    }
    Ok(Saved {
        id: contract.id.clone(),
        outcome,
        version,
        returned_to_draft,
    })
}

fn add_unknown_owners(
    conn: &Connection,
    contract: &Contract,
    actor: &str,
    at: DateTime<Utc>,
    people_added: &mut Vec<String>,
) -> Result<()> {
    for email in owner_emails(contract) {
        if find_person(conn, &email)?.is_some() {
            continue;
        }
        check_email(&email, &owner_field(contract, &email))?;
        let person = Person {
            name: name_from_email(&email),
            email: email.clone(),
            team: String::new(),
            title: String::new(),
        };
        let reason = format!("named as an owner in contract {}", contract.id);
        insert_person(conn, &person, actor, at, Some(&reason))?;
        people_added.push(email);
    }
    Ok(())
}

/// The dotted path where the contract names `email`, for error messages.
fn owner_field(contract: &Contract, email: &str) -> String {
    if let Some((role, _)) = contract
        .owners
        .named()
        .into_iter()
        .find(|(_, e)| e.trim() == email)
    {
        return format!("owners.{role}");
    }
    contract
        .sources
        .iter()
        .position(|s| s.owner.as_deref().map(str::trim) == Some(email))
        .map(|i| format!("sources[{i}].owner"))
        .unwrap_or_else(|| "owners".to_string())
}

fn stored_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredContract> {
    let snapshot: String = r.get(0)?;
    let contract: Contract = serde_json::from_str(&snapshot).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(StoredContract {
        contract,
        version: r.get(1)?,
        saved_at: parse_timestamp(&r.get::<_, String>(2)?)?,
        saved_by: r.get(3)?,
    })
}

pub(super) fn load_version(
    conn: &Connection,
    id: &str,
    version: u32,
) -> Result<Option<StoredContract>> {
    Ok(conn
        .query_row(
            "SELECT snapshot, version, saved_at, saved_by FROM contract_versions WHERE contract_id = ?1 AND version = ?2",
            params![id, version],
            stored_from_row,
        )
        .optional()?)
}

fn all_versions(conn: &Connection, id: &str) -> Result<Vec<StoredContract>> {
    let mut stmt = conn.prepare(
        "SELECT snapshot, version, saved_at, saved_by FROM contract_versions WHERE contract_id = ?1 ORDER BY version",
    )?;
    let rows = stmt.query_map([id], stored_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The current version of every contract, in id order.
pub(super) fn current_contracts(conn: &Connection) -> Result<Vec<StoredContract>> {
    let mut stmt = conn.prepare(
        "SELECT v.snapshot, v.version, v.saved_at, v.saved_by, c.status FROM contracts c
         JOIN contract_versions v ON v.contract_id = c.id AND v.version = c.current_version
         ORDER BY c.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let mut stored = stored_from_row(r)?;
        stored.contract.status = file_status(&r.get::<_, String>(4)?);
        Ok(stored)
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
