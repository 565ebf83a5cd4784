//! TEST-ONLY, compiled with the `e2e` cargo feature alone: the end-to-end
//! tests answer the native dialogs, which WebDriver cannot see, through
//! environment variables. A build without the feature has none of this (a
//! test in `tests/release_build.rs` checks the binary).

use std::path::PathBuf;

use crate::dialogs::{Answer, Choice, Dialogs, Purpose};

/// Files an import picks (a path list, `:`-separated).
pub const IMPORT_ENV: &str = "WARRANT_E2E_IMPORT";
/// The folder an export writes into.
pub const EXPORT_DIR_ENV: &str = "WARRANT_E2E_EXPORT_DIR";
/// The records file a dry run reads.
pub const RECORDS_ENV: &str = "WARRANT_E2E_RECORDS";
/// The folder save dialogs (worksheets, backups, dry-run results) answer with.
pub const SAVE_DIR_ENV: &str = "WARRANT_E2E_SAVE_DIR";
/// The backup a restore picks.
pub const RESTORE_ENV: &str = "WARRANT_E2E_RESTORE";
/// The SSH key file a team join or start picks.
pub const KEY_ENV: &str = "WARRANT_E2E_KEY";

fn var(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}

/// Dialogs answered from the variables above; a request whose variable is
/// unset opens the native dialog.
pub fn dialogs_from_env() -> Dialogs {
    Dialogs::answered_by(|purpose, choice| {
        let chosen = |paths: Vec<PathBuf>| Answer::Chosen(paths);
        let answer = match purpose {
            Purpose::Import => {
                var(IMPORT_ENV).map(|list| chosen(std::env::split_paths(&list).collect()))
            }
            Purpose::Export => var(EXPORT_DIR_ENV).map(|dir| chosen(vec![dir.into()])),
            Purpose::Records => var(RECORDS_ENV).map(|file| chosen(vec![file.into()])),
            Purpose::Restore => var(RESTORE_ENV).map(|file| chosen(vec![file.into()])),
            Purpose::Key => var(KEY_ENV).map(|file| chosen(vec![file.into()])),
            Purpose::Worksheet | Purpose::Worksheets | Purpose::Backup | Purpose::Results => {
                var(SAVE_DIR_ENV).map(|dir| {
                    let dir = PathBuf::from(dir);
                    match choice {
                        Choice::SaveFile { file_name, .. } => chosen(vec![dir.join(file_name)]),
                        _ => chosen(vec![dir]),
                    }
                })
            }
        };
        answer.unwrap_or(Answer::Native)
    })
}
