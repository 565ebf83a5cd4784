//! Worksheet PDFs written to disk, for both front ends: the file names
//! Warrant proposes, one worksheet to a path, and the filled worksheets of
//! several contracts into one folder.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use warrant_core::{Error, ErrorCode, Result};

use crate::{render_blank, render_filled, Paper, WorksheetSource};

/// `<id>-worksheet.pdf`, or `warrant-worksheet-blank.pdf`. Contract ids are
/// validated on save (lowercase letters, digits, '-'), so they are safe names.
pub fn default_file_name(id: Option<&str>) -> String {
    match id {
        Some(id) => format!("{id}-worksheet.pdf"),
        None => "warrant-worksheet-blank.pdf".to_string(),
    }
}

/// Renders one worksheet — `source` filled in, or the blank one dated `date`
/// when `source` is `None` — and writes it to `path`, creating its folder.
/// Returns the number of bytes written.
pub fn write_worksheet(
    source: Option<&WorksheetSource>,
    paper: Paper,
    date: NaiveDate,
    path: &Path,
) -> Result<u64> {
    let pdf = match source {
        Some(source) => render_filled(&source.worksheet(), paper)?,
        None => render_blank(paper, date)?,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, e))?;
    }
    std::fs::write(path, &pdf).map_err(|e| cannot_write(path, e))?;
    Ok(pdf.len() as u64)
}

fn cannot_write(path: &Path, e: std::io::Error) -> Error {
    Error::new(
        ErrorCode::Io,
        format!("Cannot write {}: {e}", path.display()),
    )
    .caused_by(e)
}

/// Refuses an empty batch (checked before a folder is asked for, too).
pub fn some_contracts(ids: &[String]) -> Result<()> {
    if ids.is_empty() {
        return Err(Error::invalid(
            "ids",
            "Select at least one contract to print its worksheet.",
        ));
    }
    Ok(())
}

/// Writes the filled worksheet of every contract in `ids` into `dir` under
/// [`default_file_name`], in order. `gather` reads one contract's worksheet
/// data (the caller decides how long it holds the registry); `progress` is
/// told after each file (done, total, id). Stops at the first failure.
pub fn write_worksheets(
    ids: &[String],
    dir: &Path,
    paper: Paper,
    gather: &mut dyn FnMut(&str) -> Result<WorksheetSource>,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<Vec<PathBuf>> {
    some_contracts(ids)?;
    let mut written = Vec::with_capacity(ids.len());
    for (done, id) in ids.iter().enumerate() {
        let source = gather(id)?;
        let path = dir.join(default_file_name(Some(id)));
        write_worksheet(Some(&source), paper, source.date, &path)?;
        written.push(path);
        progress(done + 1, ids.len(), id);
    }
    Ok(written)
}
