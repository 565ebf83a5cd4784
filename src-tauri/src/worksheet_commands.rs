//! Worksheet PDFs from the window (`docs/worksheet.md`): the current contract filled in,
//! the blank worksheet, or the filled worksheets of several contracts into a
//! folder with progress. Files are written by Rust after the native save or
//! folder dialog, so the window needs no file-system permission.
//!
//! Typesetting takes a moment per contract, so it happens on the blocking
//! pool; the registry is locked only while a contract's data is gathered.

use std::path::{Path, PathBuf};

use chrono::Utc;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use ts_rs::TS;
use warrant_core::Result;
use warrant_pdf::{
    default_file_name, some_contracts, write_worksheet, write_worksheets, Paper, WorksheetSource,
};

use crate::background::{off_main, on_registry};
use crate::dialogs::{choose_one, Choice, Filter, Purpose};
use crate::state::AppState;

/// The event carrying [`WorksheetProgress`] during a batch export.
pub const PROGRESS_EVENT: &str = "worksheet-progress";

/// Paper size, as the window names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum WorksheetPaper {
    A4,
    Letter,
}

impl From<WorksheetPaper> for Paper {
    fn from(paper: WorksheetPaper) -> Paper {
        match paper {
            WorksheetPaper::A4 => Paper::A4,
            WorksheetPaper::Letter => Paper::Letter,
        }
    }
}

/// A worksheet written to disk.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct WorksheetSaved {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// How far a batch export has got.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct WorksheetProgress {
    pub done: u32,
    pub total: u32,
    /// The contract just written.
    pub id: String,
}

impl WorksheetProgress {
    fn new(done: usize, total: usize, id: &str) -> WorksheetProgress {
        WorksheetProgress {
            done: done as u32,
            total: total as u32,
            id: id.to_string(),
        }
    }
}

/// The worksheets a batch export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct WorksheetBatch {
    pub dir: String,
    pub files: Vec<String>,
}

impl WorksheetBatch {
    fn new(dir: &Path, files: &[PathBuf]) -> WorksheetBatch {
        WorksheetBatch {
            dir: dir.display().to_string(),
            files: files.iter().map(|f| f.display().to_string()).collect(),
        }
    }
}

const PDF: Filter = Filter {
    name: "PDF",
    extensions: &["pdf"],
};

fn save_target<R: Runtime>(app: &AppHandle<R>, file_name: &str) -> Result<Option<PathBuf>> {
    choose_one(
        app,
        Purpose::Worksheet,
        Choice::SaveFile {
            title: "Save the worksheet",
            file_name: file_name.to_string(),
            filter: PDF,
        },
    )
}

fn folder_target<R: Runtime>(app: &AppHandle<R>) -> Result<Option<PathBuf>> {
    choose_one(
        app,
        Purpose::Worksheets,
        Choice::Folder {
            title: "Save the worksheets to folder",
        },
    )
}

async fn gather<R: Runtime>(app: AppHandle<R>, id: String) -> Result<WorksheetSource> {
    on_registry(app, move |registry| {
        WorksheetSource::from_registry(registry, &id, Utc::now())
    })
    .await
}

fn saved(path: &Path, bytes: u64) -> WorksheetSaved {
    WorksheetSaved {
        path: path.display().to_string(),
        bytes,
    }
}

/// Tells the window after each worksheet of a batch; a window that is gone
/// cannot show progress, and the export goes on.
fn report_progress<R: Runtime>(app: &AppHandle<R>) -> impl FnMut(usize, usize, &str) + '_ {
    move |done, total, id| {
        let _ = app.emit(PROGRESS_EVENT, WorksheetProgress::new(done, total, id));
    }
}

/// Saves one worksheet: contract `id` filled in, or the blank worksheet when
/// `id` is null, where the person chooses in the save dialog (null when they
/// cancel it).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn export_worksheet<R: Runtime>(
    app: AppHandle<R>,
    id: Option<String>,
    paper: WorksheetPaper,
) -> Result<Option<WorksheetSaved>> {
    // The contract is read before the dialog, so an unknown id fails at once.
    let source = match id.clone() {
        Some(id) => Some(gather(app.clone(), id).await?),
        None => None,
    };
    let file_name = default_file_name(id.as_deref());
    let Some(target) = off_main(app.clone(), move |app| save_target(app, &file_name)).await? else {
        return Ok(None);
    };
    let today = Utc::now().date_naive();
    off_main(app, move |_| {
        let bytes = write_worksheet(source.as_ref(), paper.into(), today, &target)?;
        Ok(Some(saved(&target, bytes)))
    })
    .await
}

/// Writes the filled worksheet of every contract in `ids` into the folder the
/// person chooses (null back means cancelled), reporting `worksheet-progress`
/// after each file. The registry is locked only while a contract's data is
/// read, not while it is typeset.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn export_worksheets<R: Runtime>(
    app: AppHandle<R>,
    ids: Vec<String>,
    paper: WorksheetPaper,
) -> Result<Option<WorksheetBatch>> {
    some_contracts(&ids)?;
    let Some(dir) = off_main(app.clone(), folder_target).await? else {
        return Ok(None);
    };
    off_main(app, move |app| {
        let state = app.state::<AppState>();
        let gather = &mut |id: &str| {
            state.with_registry(|r| WorksheetSource::from_registry(r, id, Utc::now()))
        };
        let progress = &mut report_progress(app);
        let files = write_worksheets(&ids, &dir, paper.into(), gather, progress)?;
        Ok(Some(WorksheetBatch::new(&dir, &files)))
    })
    .await
}
