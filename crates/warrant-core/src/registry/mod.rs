//! The registry: one SQLite file holding people, contracts and every version
//! of them, reviews, dry runs and the audit trail.
//!
//! The public types live here; the methods are split by job:
//! - opening: `open` (SQLite version, pragmas, migrations, `with_tx`),
//!   `filesystem` (network file systems refused), `files` (companion files,
//!   moves that are durable), `damage` (`quick_check`, `integrity_check`),
//!   `quarantine` (the app's own file moved aside when damaged);
//! - the tables: `people`, `contracts` (saves, versions, imports, seeding),
//!   `dry_runs`, `library` (drafts from templates, and the upgrade that
//!   moved seeded templates out), `reviews` (rows and the review queue), `lifecycle`
//!   (applying transitions and reviews, writing the standing), `settings`
//!   (acting-as), `search` (listing and full-text search);
//! - evidence: `audit` (the hash-chained event log, its head and export),
//!   `state_check` (replaying the trail against the tables), `backup`
//!   (online backups and restores), `exchange` (import and export files);
//! - the team: `team` (what a registry keeps about its team repository:
//!   the connection, versions and records pushed or taken in, conflicts).
//!
//! Every write runs in one `BEGIN IMMEDIATE` transaction and appends its
//! audit event inside that same transaction, so the log and the data can
//! never disagree.

mod audit;
mod audit_page;
mod backup;
mod contracts;
mod damage;
mod dry_runs;
mod exchange;
mod files;
mod filesystem;
mod library;
mod lifecycle;
mod open;
mod people;
mod quarantine;
mod reviews;
mod search;
mod settings;
mod state_check;
mod team;

pub use audit::{AuditHead, AuditVerification, BadEvent};
pub use audit_page::{AuditPage, AuditQuery, MAX_PAGE};
pub use backup::{
    check_backup, default_backup_dir, list_backups, restore_from, BackupCheck, BackupFile,
    Restored, BACKUPS_KEPT,
};
pub use dry_runs::{DryRunKept, DryRunRecord, PlannedDryRun, StoredDryRun};
pub use exchange::{read_import_files, ExportFormat, ExportResult, FileError};
pub use filesystem::{mount_type_in, network_filesystem};
pub use lifecycle::{
    LifecycleState, PauseNote, PendingLifecycle, ReviewRecorded, StatusChange, VersionLifecycle,
    DEFAULT_REVIEW_EVERY_DAYS, NOBODY_ACTING,
};
pub use open::{MIN_SQLITE_VERSION, SCHEMA_VERSION};
pub use quarantine::{open_or_quarantine, OpenFailure};
pub use settings::ACTING_AS;
pub use state_check::StateMismatch;
pub use team::{
    ActDone, TeamAct, TeamConflict, TeamConnection, TeamRecordOutcome, TeamRecordRow, TeamStep,
    TeamSync, TeamSyncApplied,
};

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::model::{Authority, Contract, Owners, Status, WorkflowCategory};
use crate::readiness::{Route, Verdict};

/// An open registry. All writes go through `BEGIN IMMEDIATE` transactions and
/// append their audit event in the same transaction.
pub struct Registry {
    conn: rusqlite::Connection,
    /// What each registry row needs, per contract version (see `search.rs`):
    /// listing 10,000 contracts must not re-read and re-check every snapshot.
    list_cache: std::cell::RefCell<std::collections::HashMap<String, search::ListEntry>>,
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
    /// True when this edit sent an in-review contract back to draft.
    pub returned_to_draft: bool,
    /// Set when the save became the pending version of a signed-off
    /// contract: the version in force, which keeps its status.
    pub pending_over: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportedFile {
    pub name: String,
    pub id: String,
    pub outcome: SaveOutcome,
    pub version: u32,
    /// The status the file states, when it is not what the contract has
    /// in the registry: a file's status is information, never a grant.
    pub file_status: Option<Status>,
    /// The contract's status in the registry after the import.
    pub status: Status,
    /// What happened to the status, in plain words, when the file claimed
    /// another ("file says live; imported as draft — …").
    pub note: Option<String>,
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
    /// The same under the editor's field labels ("Requested authority:
    /// suggest → assist; Suppression rules: + Holdout group"), for the window.
    pub described: String,
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
    /// The version this row describes: the newest, which is the pending
    /// version when there is one.
    pub version: u32,
    /// The version `status` applies to once the contract was signed off
    /// (approved, live, paused): what is running while an edit waits.
    pub in_force_version: Option<u32>,
    /// The pending version: an edit of a signed-off contract that waits for
    /// its own review and launch.
    pub pending_version: Option<u32>,
    /// The pending version's own status (draft, in review or approved).
    pub pending_status: Option<Status>,
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    /// When the contract is due for its next review: the last sign-off plus
    /// the review cadence. `None` unless approved, live or paused.
    #[ts(type = "string | null")]
    pub next_review: Option<chrono::NaiveDate>,
    /// The next review date has passed.
    pub overdue: bool,
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
    /// `Some(true)`: only contracts past their next review date.
    #[ts(optional)]
    pub overdue: Option<bool>,
    /// At most this many rows, the first by title: the window's first
    /// screen, shown before the whole list of a large registry arrives.
    /// Only those rows are checked, so the answer costs the same at 8 or
    /// 10,000 contracts (when the readiness cache is cold).
    #[ts(optional)]
    pub limit: Option<u32>,
}

/// One entry of the append-only audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AuditEvent {
    #[ts(type = "number")]
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
