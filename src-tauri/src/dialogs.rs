//! Where the window's files come from and go to: native dialogs opened here,
//! in Rust, never a path sent by the webview.
//!
//! Every command that reads or writes a file the person chooses (import,
//! export, dry-run records, worksheets, backup, restore) asks [`choose`]. A
//! bug or an injected script in the webview can therefore read or write
//! nothing the person did not pick in a native dialog (restoring an
//! automatic backup names one of the files [`crate::backup_commands`] itself
//! lists). Tests stand in for the person through [`Dialogs::answered_by`]:
//! the command tests answer from a queue, and the end-to-end build (cargo
//! feature `e2e`, see `e2e_hooks.rs`) answers from environment variables,
//! because WebDriver cannot see native dialogs.

use std::path::PathBuf;
use std::sync::Arc;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};
use warrant_core::{Error, ErrorCode, Result};

/// A file type a dialog offers.
#[derive(Debug, Clone, Copy)]
pub struct Filter {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

/// What the person is asked to choose.
#[derive(Debug, Clone)]
pub enum Choice {
    /// One or more files to read.
    OpenFiles { title: &'static str, filter: Filter },
    /// One file to read, starting in `start_in` when given.
    OpenFile {
        title: &'static str,
        filter: Filter,
        start_in: Option<PathBuf>,
    },
    /// One file of any kind (an SSH private key has no extension to filter
    /// on), starting in `start_in` when given.
    OpenAnyFile {
        title: &'static str,
        start_in: Option<PathBuf>,
    },
    /// Where to write one file, suggesting `file_name`.
    SaveFile {
        title: &'static str,
        file_name: String,
        filter: Filter,
    },
    /// A folder to write into.
    Folder { title: &'static str },
}

/// Why a command asks, so a stand-in can answer each kind of request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Import,
    Export,
    Records,
    /// Where a dry run's results are saved as CSV.
    Results,
    Worksheet,
    Worksheets,
    Backup,
    Restore,
    /// The SSH key a team registry signs with.
    Key,
}

/// A stand-in's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The person chose these.
    Chosen(Vec<PathBuf>),
    /// The person closed the dialog.
    Cancelled,
    /// No stand-in for this request: open the native dialog.
    Native,
}

type StandIn = Arc<dyn Fn(Purpose, &Choice) -> Answer + Send + Sync>;

/// The app's dialogs (managed state): native, or answered by a stand-in.
#[derive(Clone)]
pub struct Dialogs {
    stand_in: Option<StandIn>,
}

impl Dialogs {
    /// The native dialogs, for the real app.
    pub fn native() -> Dialogs {
        Dialogs { stand_in: None }
    }

    /// Dialogs answered by `answer` (tests).
    pub fn answered_by(
        answer: impl Fn(Purpose, &Choice) -> Answer + Send + Sync + 'static,
    ) -> Dialogs {
        Dialogs {
            stand_in: Some(Arc::new(answer)),
        }
    }
}

fn dialog_error(e: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorCode::Io,
        format!("The file dialog returned a location Warrant cannot use: {e}"),
    )
}

fn with_filter<R: Runtime>(dialog: FileDialogBuilder<R>, filter: Filter) -> FileDialogBuilder<R> {
    dialog.add_filter(filter.name, filter.extensions)
}

/// Asks the person (or the stand-in) for `choice`. `None`: cancelled. Must
/// run off the main thread: native dialogs block until answered.
pub fn choose<R: Runtime>(
    app: &AppHandle<R>,
    purpose: Purpose,
    choice: Choice,
) -> Result<Option<Vec<PathBuf>>> {
    if let Some(stand_in) = app.try_state::<Dialogs>().and_then(|d| d.stand_in.clone()) {
        match stand_in(purpose, &choice) {
            Answer::Chosen(paths) => return Ok(Some(paths)),
            Answer::Cancelled => return Ok(None),
            Answer::Native => {}
        }
    }
    let dialog = app.dialog().file();
    let one = |picked: Option<tauri_plugin_dialog::FilePath>| {
        picked
            .map(|f| f.into_path().map(|p| vec![p]).map_err(dialog_error))
            .transpose()
    };
    match choice {
        Choice::OpenFiles { title, filter } => with_filter(dialog.set_title(title), filter)
            .blocking_pick_files()
            .map(|files| {
                files
                    .into_iter()
                    .map(|f| f.into_path().map_err(dialog_error))
                    .collect()
            })
            .transpose(),
        Choice::OpenFile {
            title,
            filter,
            start_in,
        } => {
            let mut dialog = with_filter(dialog.set_title(title), filter);
            if let Some(dir) = start_in {
                dialog = dialog.set_directory(dir);
            }
            one(dialog.blocking_pick_file())
        }
        Choice::OpenAnyFile { title, start_in } => {
            let mut dialog = dialog.set_title(title);
            if let Some(dir) = start_in {
                dialog = dialog.set_directory(dir);
            }
            one(dialog.blocking_pick_file())
        }
        Choice::SaveFile {
            title,
            file_name,
            filter,
        } => one(with_filter(dialog.set_title(title), filter)
            .set_file_name(&file_name)
            .blocking_save_file()),
        Choice::Folder { title } => one(dialog.set_title(title).blocking_pick_folder()),
    }
}

/// [`choose`] for a choice of one file or folder.
pub fn choose_one<R: Runtime>(
    app: &AppHandle<R>,
    purpose: Purpose,
    choice: Choice,
) -> Result<Option<PathBuf>> {
    Ok(choose(app, purpose, choice)?.and_then(|paths| paths.into_iter().next()))
}
