//! The shapes the shell itself sends to the window, beyond the core's types:
//! each is exported to `ui/src/bindings` by ts-rs so the UI's `ipc.ts` is
//! typed from the same source as the commands.

use serde::Serialize;
use ts_rs::TS;
use warrant_core::lifecycle::Standing;
use warrant_core::model::Person;
use warrant_core::readiness::Readiness;
use warrant_core::registry::{FileError, ImportReport, StoredContract};

/// What the window shows in its header and on the Settings screen.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    /// Where the registry file is, so the user can back it up.
    pub registry_path: String,
    /// The person changes are stamped with; `None` until one is chosen.
    pub acting_as: Option<Person>,
    pub contract_count: u32,
    pub people_count: u32,
    /// The app's version (Cargo package version).
    pub version: String,
}

/// One contract as the editor opens it: the stored version (the pending
/// version when there is one), its readiness, where the contract stands, and
/// the number the next save gets (so the editor can say "you are drafting
/// version 5; version 4 stays live" before the first edit).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ContractView {
    pub stored: StoredContract,
    pub readiness: Readiness,
    pub standing: Standing,
    pub next_version: u32,
}

/// The outcome of an import: either a report (everything imported) or the
/// errors (nothing imported). Both empty means the user cancelled the dialog.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportResult {
    pub report: Option<ImportReport>,
    pub errors: Vec<FileError>,
}

impl ImportResult {
    /// Nothing imported: the files that could not be read, or none at all
    /// when the person cancelled the dialog.
    pub fn refused(errors: Vec<FileError>) -> ImportResult {
        ImportResult {
            report: None,
            errors,
        }
    }

    pub fn imported(report: ImportReport) -> ImportResult {
        ImportResult {
            report: Some(report),
            errors: Vec::new(),
        }
    }
}
