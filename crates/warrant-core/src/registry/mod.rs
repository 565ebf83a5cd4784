//! The registry: one SQLite file holding people, contracts and every version
//! of them, reviews, dry runs and the audit trail.
//!
//! API OUTLINE — being implemented. Signatures are the contract between the
//! CLI, the app and this module; bodies are filled in by the registry work.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::model::{Authority, Contract, Owners, Person, Status, WorkflowCategory};
use crate::readiness::{Readiness, Route, Verdict};
use crate::Result;

/// An open registry. All writes go through `BEGIN IMMEDIATE` transactions and
/// append their audit event in the same transaction.
pub struct Registry {
    conn: rusqlite::Connection,
}

/// A file handed to [`Registry::import`]: its display name and parsed contract.
#[derive(Debug, Clone)]
pub struct ImportFile {
    pub name: String,
    pub contract: Contract,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SaveOutcome {
    Created,
    NewVersion,
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Saved {
    pub id: String,
    pub outcome: SaveOutcome,
    /// The version now current (1 for a new contract).
    pub version: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportedFile {
    pub name: String,
    pub id: String,
    pub outcome: SaveOutcome,
    pub version: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub files: Vec<ImportedFile>,
    /// E-mail addresses of people the import created.
    pub people_added: Vec<String>,
}

/// One version of one contract as stored.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StoredContract {
    pub contract: Contract,
    pub version: u32,
    #[ts(type = "string")]
    pub saved_at: DateTime<Utc>,
    pub saved_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct VersionInfo {
    pub version: u32,
    #[ts(type = "string")]
    pub saved_at: DateTime<Utc>,
    pub saved_by: String,
    /// Plain-language summary of what changed from the previous version
    /// ("authority: suggest → assist; suppression: + Holdout group").
    pub summary: String,
}

/// One row of the registry screen / `warrant list`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ContractSummary {
    pub id: String,
    pub title: String,
    pub category: WorkflowCategory,
    pub status: Status,
    pub authority: Authority,
    pub ceiling: Option<Authority>,
    pub verdict: Verdict,
    pub next_route: Route,
    pub owners: Owners,
    pub version: u32,
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

/// Filters for [`Registry::list`]; `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, TS)]
#[ts(export)]
pub struct ListQuery {
    /// Full-text search over id, title, descriptions, sources, owners, suppression names.
    #[ts(optional)]
    pub search: Option<String>,
    #[ts(optional)]
    pub status: Option<Status>,
    #[ts(optional)]
    pub authority: Option<Authority>,
    #[ts(optional)]
    pub verdict: Option<Verdict>,
    #[ts(optional)]
    pub category: Option<WorkflowCategory>,
    /// E-mail of a person named in any owner role.
    #[ts(optional)]
    pub owner: Option<String>,
}

/// One entry of the append-only audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AuditEvent {
    pub seq: i64,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub actor: String,
    /// `contract_created`, `contract_edited`, `person_added`, `import`, …
    pub kind: String,
    pub contract_id: Option<String>,
    pub version: Option<u32>,
    #[ts(type = "unknown")]
    pub payload: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

#[allow(unused_variables)]
impl Registry {
    /// Opens (creating if needed) the registry file, checks the SQLite version,
    /// applies pending migrations in one transaction, refuses a newer schema.
    pub fn open(path: &Path) -> Result<Registry> { todo!() }
    pub fn open_in_memory() -> Result<Registry> { todo!() }
    /// True when the registry holds no contract (first run).
    pub fn is_empty(&self) -> Result<bool> { todo!() }
    /// Loads the embedded templates and examples (see [`crate::defaults`]).
    pub fn seed_defaults(&mut self, actor: &str) -> Result<ImportReport> { todo!() }

    pub fn people(&self) -> Result<Vec<Person>> { todo!() }
    pub fn add_person(&mut self, person: &Person, actor: &str) -> Result<()> { todo!() }
    /// Edits the person currently known by `email` (the e-mail may change too).
    pub fn update_person(&mut self, email: &str, person: &Person, actor: &str) -> Result<()> { todo!() }
    /// Refused with `Conflict`, naming the contracts, while the person owns any.
    pub fn delete_person(&mut self, email: &str, actor: &str) -> Result<()> { todo!() }

    /// Saves a new version (or creates the contract). Identical content is `Unchanged`.
    pub fn save_contract(&mut self, contract: &Contract, actor: &str) -> Result<Saved> { todo!() }
    /// All files in one transaction: any error and nothing changes.
    pub fn import(&mut self, files: &[ImportFile], actor: &str) -> Result<ImportReport> { todo!() }
    pub fn contract(&self, id: &str) -> Result<StoredContract> { todo!() }
    pub fn version(&self, id: &str, version: u32) -> Result<StoredContract> { todo!() }
    pub fn versions(&self, id: &str) -> Result<Vec<VersionInfo>> { todo!() }
    pub fn list(&self, query: &ListQuery, at: DateTime<Utc>) -> Result<Vec<ContractSummary>> { todo!() }
    /// Readiness of the current version, with the registry's knowledge (dry runs).
    pub fn readiness(&self, id: &str, at: DateTime<Utc>) -> Result<Readiness> { todo!() }
    pub fn audit_events(&self, contract_id: Option<&str>) -> Result<Vec<AuditEvent>> { todo!() }
}
