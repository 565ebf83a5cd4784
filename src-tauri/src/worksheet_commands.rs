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
use tauri::{AppHandle, Emitter, Runtime};
use ts_rs::TS;
use warrant_core::{Error, ErrorCode, Result};
use warrant_pdf::{render_blank, render_filled, Paper, WorksheetSource};

use crate::background::{off_main, on_registry};
use crate::dialogs::{choose_one, Choice, Filter, Purpose};

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

/// The worksheets a batch export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct WorksheetBatch {
    pub dir: String,
    pub files: Vec<String>,
}

/// `<id>-worksheet.pdf`, or `warrant-worksheet-blank.pdf`. Contract ids are
/// validated on save (lowercase letters, digits, '-'), so they are safe names.
pub fn default_file_name(id: Option<&str>) -> String {
    match id {
        Some(id) => format!("{id}-worksheet.pdf"),
        None => "warrant-worksheet-blank.pdf".to_string(),
    }
}

fn write_pdf(path: &Path, pdf: &[u8]) -> Result<WorksheetSaved> {
    std::fs::write(path, pdf).map_err(|e| {
        Error::new(
            ErrorCode::Io,
            format!("Cannot write {}: {e}", path.display()),
        )
    })?;
    Ok(WorksheetSaved {
        path: path.display().to_string(),
        bytes: pdf.len() as u64,
    })
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
    let target = off_main(app.clone(), move |app| save_target(app, &file_name)).await?;
    let Some(target) = target else {
        return Ok(None);
    };
    off_main(app, move |_| {
        let pdf = match &source {
            Some(source) => render_filled(&source.worksheet(), paper.into())?,
            None => render_blank(paper.into(), Utc::now().date_naive())?,
        };
        write_pdf(&target, &pdf).map(Some)
    })
    .await
}

/// Writes the filled worksheet of every contract in `ids` into the folder the
/// person chooses (null back means cancelled),
/// reporting `worksheet-progress` after each file.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn export_worksheets<R: Runtime>(
    app: AppHandle<R>,
    ids: Vec<String>,
    paper: WorksheetPaper,
) -> Result<Option<WorksheetBatch>> {
    if ids.is_empty() {
        return Err(Error::invalid(
            "ids",
            "Select at least one contract to print its worksheet.",
        ));
    }
    let dir = off_main(app.clone(), folder_target).await?;
    let Some(dir) = dir else {
        return Ok(None);
    };
    let total = ids.len() as u32;
    let mut files = Vec::with_capacity(ids.len());
    for (done, id) in ids.into_iter().enumerate() {
        let source = gather(app.clone(), id.clone()).await?;
        let target = dir.join(default_file_name(Some(&id)));
        let saved = off_main(app.clone(), move |_| {
            let pdf = render_filled(&source.worksheet(), paper.into())?;
            write_pdf(&target, &pdf)
        })
        .await?;
        files.push(saved.path);
        // A window that is gone cannot show progress; the export goes on.
        let _ = app.emit(
            PROGRESS_EVENT,
            WorksheetProgress {
                done: done as u32 + 1,
                total,
                id,
            },
        );
    }
    Ok(Some(WorksheetBatch {
        dir: dir.display().to_string(),
        files,
    }))
}
