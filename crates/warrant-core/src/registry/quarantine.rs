//! Opening the app's own registry when it may be damaged: the file is moved
//! aside (never deleted or overwritten) and the newest backup is named, so
//! the app can offer to restore it or start a new registry. The CLI never
//! moves a file the user pointed it at: it uses [`Registry::open`].

use std::path::{Path, PathBuf};

use super::damage::{diagnose, newest_backup, Health};
use super::files::{free_name, move_aside, set_aside_stray_wal};
use super::Registry;
use crate::{Error, ErrorCode};

/// Why [`open_or_quarantine`] could not hand back a registry.
#[derive(Debug, Clone, PartialEq)]
pub enum OpenFailure {
    /// The file was damaged and has been moved to `moved_to` (nothing was
    /// deleted); `newest_backup` is the backup to offer for restoring.
    /// `error` says all of this in words.
    Corrupt {
        moved_to: PathBuf,
        newest_backup: Option<PathBuf>,
        error: Error,
    },
    /// Any other refusal (newer schema, network file system, not a Warrant
    /// registry, unreadable); the file was left as it was.
    Refused(Error),
}

impl OpenFailure {
    /// The plain-language error, whichever case this is.
    pub fn error(&self) -> &Error {
        match self {
            OpenFailure::Corrupt { error, .. } | OpenFailure::Refused(error) => error,
        }
    }
}

impl From<OpenFailure> for Error {
    fn from(failure: OpenFailure) -> Error {
        match failure {
            OpenFailure::Corrupt { error, .. } | OpenFailure::Refused(error) => error,
        }
    }
}

/// Opens the app's own registry. A damaged file is moved aside (never
/// deleted or overwritten) and reported as [`OpenFailure::Corrupt`] naming
/// where it went and the newest backup in `<registry dir>/backups/`; the app
/// then offers to restore that backup or start a new registry. Use this only
/// for the app's own file: the CLI uses [`Registry::open`], which refuses a
/// damaged file without moving it.
pub fn open_or_quarantine(path: &Path) -> std::result::Result<Registry, OpenFailure> {
    if path.exists() {
        set_aside_stray_wal(path).map_err(OpenFailure::Refused)?;
        if let Health::Damaged(problem) = diagnose(path).map_err(OpenFailure::Refused)? {
            let moved_to = free_name(path, "damaged");
            move_aside(path, &moved_to).map_err(|e| {
                OpenFailure::Refused(Error::new(
                    ErrorCode::Registry,
                    format!(
                        "The registry {} is damaged ({problem}) and could not be moved aside: {}. \
                         Move it away by hand, then restore a backup.",
                        path.display(),
                        e.message
                    ),
                ))
            })?;
            let newest_backup = newest_backup(path);
            let restore = match &newest_backup {
                Some(backup) => format!(
                    "The newest backup is {}; restore it, or start a new registry.",
                    backup.display()
                ),
                None => "There is no backup to restore; start a new registry, or ask someone with \
                         SQLite experience to recover what is left in the damaged file."
                    .to_string(),
            };
            let error = Error::new(
                ErrorCode::Registry,
                format!(
                    "The registry {} is damaged ({problem}). It was moved to {} (nothing was deleted). {restore}",
                    path.display(),
                    moved_to.display()
                ),
            );
            return Err(OpenFailure::Corrupt {
                moved_to,
                newest_backup,
                error,
            });
        }
    }
    // The file was just checked: opening it does not read every page again.
    Registry::open_checked(path, false).map_err(OpenFailure::Refused)
}
