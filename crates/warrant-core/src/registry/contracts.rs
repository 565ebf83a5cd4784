//! Contracts and their versions: saving (every save a full snapshot),
//! importing batches atomically, seeding a new registry, reading any
//! version back, the version history with plain-language summaries, and the
//! dry runs that count as "real records were tried" (rule X4).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

use super::audit::{self, parse_timestamp, timestamp, NewEvent};
use super::people::{check_email, find_person, insert_person};
use super::search::index_contract;
use super::{
    ImportFile, ImportReport, ImportedFile, Registry, SaveOutcome, Saved, StoredContract,
    VersionInfo,
};
use crate::diff::{diff, labelled, summarize, summarize_labelled, FieldChange, LabelledChange};
use crate::lifecycle::{Standing, Subject};
use crate::model::name_from_email;
use crate::model::{Contract, Person, Status};
use crate::readiness::{self, CheckContext, Readiness};
use crate::{Error, ErrorCode, Result};

impl Registry {
    /// True when the registry holds no contract (first run).
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM contracts", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    /// Loads the embedded example contracts and their demo people (see
    /// [`crate::defaults`]), in one transaction. Templates are not loaded:
    /// they are the library ([`crate::library`]), not contracts. Does nothing (an empty report) when the registry
    /// already holds a contract, so it is safe to call on every start.
    ///
    /// The examples whose files say they are in review or live get there
    /// through the lifecycle, as recorded events by their own demo owners
    /// (each review comment says it was recorded for the demo), never by
    /// trusting the file's `status`.
    pub fn seed_defaults(&mut self, actor: &str) -> Result<ImportReport> {
        if !self.is_empty()? {
            return Ok(ImportReport::default());
        }
        let files: Vec<ImportFile> = crate::defaults::examples()
            .into_iter()
            .map(|contract| ImportFile {
                name: format!("default {}", contract.id),
                contract,
            })
            .collect();
        let at = Utc::now();
        self.with_tx(|tx| {
            import_in(
                tx,
                &crate::defaults::people(),
                &files,
                actor,
                Import::Seed,
                at,
            )
        })
    }

    /// Saves a new version (or creates the contract). Identical content is `Unchanged`.
    pub fn save_contract(&mut self, contract: &Contract, actor: &str) -> Result<Saved> {
        let at = Utc::now();
        self.with_tx(|tx| save_in(tx, contract, actor, at, &mut Vec::new()))
    }

    /// All files in one transaction: any error and nothing changes.
    pub fn import(&mut self, files: &[ImportFile], actor: &str) -> Result<ImportReport> {
        let at = Utc::now();
        self.with_tx(|tx| import_in(tx, &[], files, actor, Import::Files, at))
    }

    /// The current version of a contract, carrying its lifecycle status: the
    /// pending version (with its own status) when there is one, else the
    /// contract's version with the contract's status.
    pub fn contract(&self, id: &str) -> Result<StoredContract> {
        let standing = match super::lifecycle::load_row(&self.conn, id) {
            Ok(row) => row.standing,
            Err(e) if e.code == ErrorCode::NotFound => return Err(unknown_contract(id)),
            Err(e) => return Err(e),
        };
        let mut stored = self.version(id, standing.current)?;
        stored.contract.status = file_status(standing.pending.unwrap_or(standing.status).as_str());
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

    /// The number the next saved version will get: numbers go on from the
    /// highest ever saved, also past a discarded pending version.
    pub fn next_version(&self, id: &str) -> Result<u32> {
        let newest: Option<u32> = self.conn.query_row(
            "SELECT max(version) FROM contract_versions WHERE contract_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        newest.map(|v| v + 1).ok_or_else(|| unknown_contract(id))
    }

    /// Every version, oldest first, each with what changed from the one before.
    pub fn versions(&self, id: &str) -> Result<Vec<VersionInfo>> {
        let all = all_versions(&self.conn, id)?;
        if all.is_empty() {
            return Err(unknown_contract(id));
        }
        let mut infos = Vec::with_capacity(all.len());
        for (i, stored) in all.iter().enumerate() {
            let (summary, described) = match i {
                0 => ("created".to_string(), "Created".to_string()),
                _ => {
                    let changes = diff(&all[i - 1].contract, &stored.contract);
                    (summarize(&changes), summarize_labelled(&changes))
                }
            };
            infos.push(VersionInfo {
                version: stored.version,
                saved_at: stored.saved_at,
                saved_by: stored.saved_by.clone(),
                summary,
                described,
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

    /// [`Registry::diff_versions`] under the editor's field labels.
    pub fn diff_versions_labelled(
        &self,
        id: &str,
        from: u32,
        to: u32,
    ) -> Result<Vec<LabelledChange>> {
        Ok(labelled(&self.diff_versions(id, from, to)?))
    }

    /// Saves a new version whose content is version `version`'s ("restore
    /// this version"), through the same path as any edit: on a signed-off
    /// contract it becomes the pending version, under review it goes back
    /// to draft. The same content as the current version is `Unchanged`.
    pub fn restore_version(&mut self, id: &str, version: u32, actor: &str) -> Result<Saved> {
        let old = self.version(id, version)?;
        self.save_contract(&old.contract, actor)
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

    fn contract_exists(&self, id: &str) -> bool {
        self.conn
            .query_row("SELECT 1 FROM contracts WHERE id = ?1", [id], |_| Ok(()))
            .optional()
            .ok()
            .flatten()
            .is_some()
    }
}

/// Which import: files someone chose, or the defaults of a new registry.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Import {
    Files,
    Seed,
}

impl Import {
    /// The audit event kind.
    fn kind(self) -> &'static str {
        match self {
            Import::Files => "import",
            Import::Seed => "seed",
        }
    }
}

/// The import of `files` (and `people`) inside the caller's transaction,
/// with its one audit event, last.
fn import_in(
    tx: &Connection,
    people: &[Person],
    files: &[ImportFile],
    actor: &str,
    import: Import,
    at: DateTime<Utc>,
) -> Result<ImportReport> {
    let kind = import.kind();
    let mut report = ImportReport::default();
    for person in people {
        if find_person(tx, &person.email)?.is_none() {
            insert_person(tx, person, actor, at, Some(kind))?;
            report.people_added.push(person.email.clone());
        }
    }
    for file in files {
        let saved =
            save_in(tx, &file.contract, actor, at, &mut report.people_added).map_err(|e| {
                Error {
                    message: format!("{}: {} Nothing was imported.", file.name, e.message),
                    ..e
                }
            })?;
        if import == Import::Seed {
            play_demo_lifecycle(tx, &file.contract, file.contract.status(), at)?;
        }
        let status = super::lifecycle::load_row(tx, &saved.id)?.standing.status;
        let file_status = file.contract.status.filter(|claimed| *claimed != status);
        report.files.push(ImportedFile {
            name: file.name.clone(),
            note: file_status.map(|claimed| status_note(claimed, status, saved.outcome)),
            id: saved.id,
            outcome: saved.outcome,
            version: saved.version,
            file_status,
            status,
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
}

/// What the import report says when a file claims a status the registry
/// does not give it.
fn status_note(claimed: Status, status: Status, outcome: SaveOutcome) -> String {
    let (claimed, status) = (claimed.as_str(), status.as_str());
    match outcome {
        SaveOutcome::Created => format!(
            "file says {claimed}; imported as {status} — statuses are recorded in Warrant, through reviews and launches"
        ),
        _ => format!(
            "file says {claimed}; the contract stays {status} — statuses are recorded in Warrant, through reviews and launches"
        ),
    }
}

/// The comment every demo review carries, so nobody mistakes it for a
/// real sign-off.
const DEMO_NOTE: &str = "Recorded when this demo registry was created, to show a contract at this stage; nobody on your team reviewed it.";

/// Takes a default example to the status its file describes through the
/// real transitions, each by the demo owner the rules name.
fn play_demo_lifecycle(
    tx: &Connection,
    contract: &Contract,
    wanted: Status,
    at: DateTime<Utc>,
) -> Result<()> {
    use super::lifecycle::{change_status_in, record_review_in};
    use crate::lifecycle::{Action, OwnerRole, ReviewDecision};
    if !matches!(wanted, Status::InReview | Status::Approved | Status::Live) {
        return Ok(());
    }
    let owner = |role: OwnerRole| {
        role.of(contract).map(str::to_string).ok_or_else(|| {
            Error::new(
                ErrorCode::Internal,
                format!(
                    "The default {} names no {} owner.",
                    contract.id,
                    role.as_str()
                ),
            )
        })
    };
    let business = owner(OwnerRole::Business)?;
    let id = &contract.id;
    change_status_in(tx, id, Action::Submit, "", &business, at)?;
    if wanted == Status::InReview {
        return Ok(());
    }
    record_review_in(tx, id, ReviewDecision::Approve, DEMO_NOTE, &business, at)?;
    record_review_in(
        tx,
        id,
        ReviewDecision::Approve,
        DEMO_NOTE,
        &owner(OwnerRole::Data)?,
        at,
    )?;
    if wanted == Status::Live {
        change_status_in(tx, id, Action::Launch, "", &business, at)?;
    }
    Ok(())
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

/// How a save treats the lifecycle.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum SaveKind {
    /// Someone's edit (or an import): the edit rule of
    /// [`crate::lifecycle::edit_effect`] applies.
    Edit,
    /// A change the registry makes on everyone's behalf (an owner's e-mail
    /// renamed): the new version takes the place of the one it renames.
    Rename,
    /// The same, for the version in force of a contract with a pending
    /// version: the renamed copy becomes the version in force, so its
    /// owners (by their new addresses) can still pause it.
    RenameInForce,
}

/// Saves inside an open transaction; the building block of saves, imports
/// and seeding. People the contract names but the registry does not know
/// are created and pushed onto `people_added`. A new contract is always a
/// draft, whatever status its file states; an edit of a signed-off contract
/// becomes its pending version.
pub(super) fn save_in(
    conn: &Connection,
    contract: &Contract,
    actor: &str,
    at: DateTime<Utc>,
    people_added: &mut Vec<String>,
) -> Result<Saved> {
    save_content(conn, contract, actor, at, people_added, SaveKind::Edit)
}

/// Renames `from` to `to` wherever a contract names it, on everyone's behalf:
/// a new version, but the status and sign-off stand. With a pending version,
/// the version in force is renamed too (its renamed copy becomes the version
/// in force), so a live workflow stays pausable by its owners under their
/// new addresses.
pub(super) fn rename_owner_in(
    conn: &Connection,
    id: &str,
    from: &str,
    to: &str,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let standing = super::lifecycle::load_row(conn, id)?.standing;
    let names = |c: &Contract| {
        c.owner_emails()
            .iter()
            .any(|e| e.eq_ignore_ascii_case(from.trim()))
    };
    if let (Some(_), Some(in_force)) = (standing.pending, standing.in_force) {
        if let Some(running) = load_version(conn, id, in_force)? {
            if names(&running.contract) {
                let renamed = running.contract.with_owner_renamed(from, to);
                save_content(
                    conn,
                    &renamed,
                    actor,
                    at,
                    &mut Vec::new(),
                    SaveKind::RenameInForce,
                )?;
            }
        }
    }
    if let Some(current) = load_version(conn, id, standing.current)? {
        if names(&current.contract) {
            let renamed = current.contract.with_owner_renamed(from, to);
            save_content(conn, &renamed, actor, at, &mut Vec::new(), SaveKind::Rename)?;
        }
    }
    Ok(())
}

/// The stored text of a version and its content hash. The text is the
/// canonical JSON (RFC 8785) of the content, so the hash of the stored text is
/// [`crate::canonical::content_sha256`]: the hash anyone can recompute from the
/// contract file, and the one team records sign. (Versions saved before
/// schema 5 hold serde's field order; their hash is of that text, and the
/// audit check compares each version with the hash of its own stored text.)
pub(super) fn snapshot_of(contract: &Contract) -> Result<(String, String)> {
    let value = serde_json::to_value(content_of(contract)).map_err(|e| {
        Error::new(
            ErrorCode::Internal,
            format!("The contract could not be stored as JSON: {e}"),
        )
    })?;
    let snapshot = crate::canonical::canonical_json(&value);
    let hash = crate::canonical::sha256_hex(snapshot.as_bytes());
    Ok((snapshot, hash))
}

fn save_content(
    conn: &Connection,
    contract: &Contract,
    actor: &str,
    at: DateTime<Utc>,
    people_added: &mut Vec<String>,
    kind: SaveKind,
) -> Result<Saved> {
    if let Some(error) = first_invalid(contract) {
        return Err(error);
    }
    add_unknown_owners(conn, contract, actor, at, people_added)?;
    let contract = &content_of(contract);
    let (snapshot, content_hash) = snapshot_of(contract)?;
    let at_text = timestamp(at);
    let current: Option<(u32, u32)> = conn
        .query_row(
            "SELECT c.current_version,
                    (SELECT max(version) FROM contract_versions WHERE contract_id = c.id)
             FROM contracts c WHERE c.id = ?1",
            [&contract.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let before = match current {
        None => None,
        Some(_) => Some(super::lifecycle::load_row(conn, &contract.id)?.standing),
    };
    // The version this save follows: the version in force for a rename of
    // it, else the contract's current version.
    let base = match (kind, before) {
        (SaveKind::RenameInForce, Some(was)) => was.in_force,
        _ => current.map(|(v, _)| v),
    };
    let previous = match base {
        Some(v) => load_version(conn, &contract.id, v)?.map(|s| content_of(&s.contract)),
        None => None,
    };
    // Compared by content, not by the stored hash column: a version saved
    // before schema 5 has the hash of another spelling of the same JSON.
    let unchanged = previous
        .as_ref()
        .is_some_and(|before| crate::canonical::content_sha256(before) == content_hash);
    let (version, outcome) = match &current {
        None => (1, SaveOutcome::Created),
        Some(_) if unchanged => {
            return Ok(Saved {
                id: contract.id.clone(),
                outcome: SaveOutcome::Unchanged,
                version: base.unwrap_or(1),
                returned_to_draft: false,
                pending_over: None,
            });
        }
        // A discarded pending version keeps its number: numbers go on from
        // the highest ever saved.
        Some((_, newest)) => (newest + 1, SaveOutcome::NewVersion),
    };
    let standing = match (before, kind) {
        (None, _) => Standing::new_draft(),
        (Some(was), SaveKind::Edit) => was.after_edit(version),
        (Some(was), SaveKind::Rename) => was.after_rename(version),
        (Some(was), SaveKind::RenameInForce) => Standing {
            in_force: Some(version),
            ..was
        },
    };
    // An edit sends a version under review (or approved and waiting to
    // launch) back to draft: reviewers approved other content.
    let moved = before.and_then(|was| {
        if was.status != standing.status {
            Some((Subject::InForce, was.status, standing.status))
        } else {
            match (was.pending, standing.pending) {
                (Some(from), Some(Status::Draft)) if from != Status::Draft => {
                    Some((Subject::Pending, from, Status::Draft))
                }
                _ => None,
            }
        }
    });
    let returned_to_draft = moved.is_some();
    let pending_over = standing.pending.and(standing.in_force);
    if outcome == SaveOutcome::Created {
        conn.execute(
            "INSERT INTO contracts (id, title, category, status, authority, current_version,
                                    created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?8)",
            params![
                contract.id,
                contract.title,
                contract.workflow.category.as_str(),
                standing.status.as_str(),
                contract.authority.as_str(),
                version,
                at_text,
                actor
            ],
        )?;
    } else {
        conn.execute(
            "UPDATE contracts SET title = ?2, category = ?3, authority = ?4, updated_at = ?5, updated_by = ?6
             WHERE id = ?1",
            params![
                contract.id,
                contract.title,
                contract.workflow.category.as_str(),
                contract.authority.as_str(),
                at_text,
                actor
            ],
        )?;
        super::lifecycle::write_standing(conn, &contract.id, &standing)?;
    }
    conn.execute(
        "INSERT INTO contract_versions (contract_id, version, snapshot, content_hash, saved_at, saved_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![contract.id, version, snapshot, content_hash, at_text, actor],
    )?;
    index_contract(conn, contract)?;
    let (event_kind, mut payload) = match previous {
        None => (
            "contract_created",
            json!({
                "title": contract.title, "category": contract.workflow.category,
                "authority": contract.authority, "content_hash": content_hash,
                "status": standing.status,
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
    payload["standing"] = json!(standing);
    if matches!(kind, SaveKind::Rename | SaveKind::RenameInForce) {
        payload["reason"] = json!("an owner's e-mail address changed in the people list");
    }
    audit::append(
        conn,
        actor,
        at,
        NewEvent {
            kind: event_kind,
            contract_id: Some(&contract.id),
            version: Some(version),
            payload,
        },
    )?;
    if let Some((subject, from, to)) = moved {
        audit::append(
            conn,
            actor,
            at,
            NewEvent {
                kind: "status_changed",
                contract_id: Some(&contract.id),
                version: Some(version),
                payload: json!({
                    "action": "edit", "from": from, "to": to,
                    "subject": subject, "standing": standing,
                    "reason": format!("version {version} changed the content under review; it needs a new review"),
                }),
            },
        )?;
    }
    Ok(Saved {
        id: contract.id.clone(),
        outcome,
        version,
        returned_to_draft,
        pending_over,
    })
}

fn add_unknown_owners(
    conn: &Connection,
    contract: &Contract,
    actor: &str,
    at: DateTime<Utc>,
    people_added: &mut Vec<String>,
) -> Result<()> {
    for email in contract.owner_emails() {
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
        "SELECT v.snapshot, v.version, v.saved_at, v.saved_by, ifnull(c.pending_status, c.status)
         FROM contracts c
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
