//! The worksheet PDFs (`docs/worksheet.md`): the blank AI activation contract
//! worksheet and one contract version printed as a filled worksheet, in A4 or
//! US Letter.
//!
//! Layout lives in typst templates (`templates/*.typ`, embedded at build
//! time); this crate only turns the contract into a JSON document of
//! ready-to-print words and runs typst as a library. The JSON reaches the
//! template as the in-memory file `/data.json` and is read with `json(..)`,
//! so contract text is never parsed as typst markup: a title such as
//! `#panic()` prints as those eight characters.
//!
//! Tauri-free: the CLI (`warrant worksheet`) and the app both call
//! [`write_worksheet`] / [`write_worksheets`] (or [`render_blank`] /
//! [`render_filled`] for the bytes).

mod data;
mod engine;
mod files;
mod from_registry;

use chrono::NaiveDate;
use warrant_core::error::{Error, ErrorCode};
use warrant_core::model::{Contract, Person};
use warrant_core::readiness::Readiness;

pub use engine::{has_glyph, prepare_in_background, Compiled};
pub use files::{default_file_name, some_contracts, write_worksheet, write_worksheets};
pub use from_registry::WorksheetSource;

/// Paper size of the printed worksheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Paper {
    /// 210 × 297 mm.
    A4,
    /// 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// The name typst's `page(paper: ..)` knows the size by.
    fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "us-letter",
        }
    }
}

/// One entry of a contract's review history, already in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewLine {
    /// The contract version the review was about.
    pub version: u32,
    /// Reviewer's name (or e-mail address when the registry has no name).
    pub reviewer: String,
    /// e.g. "executive sponsor".
    pub role: String,
    /// e.g. "approved", "changes requested".
    pub decision: String,
    pub comment: String,
    /// When, as it should be printed.
    pub at: String,
}

/// The counts of the latest dry run on sample records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DryRunCounts {
    /// The sample file the dry run read.
    pub file_name: String,
    pub total: u64,
    pub eligible: u64,
    pub review: u64,
    pub suppressed: u64,
    /// When it ran, as it should be printed.
    pub at: String,
}

/// Everything printed on a filled worksheet: one contract version and what
/// the registry knows about it.
#[derive(Debug, Clone)]
pub struct FilledWorksheet<'a> {
    pub contract: &'a Contract,
    pub version: u32,
    pub readiness: &'a Readiness,
    /// The registry's people, to print owners' names next to their e-mail
    /// addresses. Owners not found here print with their address only.
    pub people: &'a [Person],
    pub dry_run: Option<DryRunCounts>,
    pub reviews: Vec<ReviewLine>,
    /// Head of the registry's audit chain, `"sha256…:count"`.
    pub audit_head: Option<String>,
    /// The date printed on the worksheet (and typst's `today()`).
    pub date: NaiveDate,
    /// Where the contract stands in the registry, printed as its status:
    /// "live: version 4 · pending: version 5 (in review)". `None` for a
    /// contract file, which prints the status the file states.
    pub standing: Option<String>,
}

/// A worksheet that could not be typeset, with typst's diagnostics as text.
///
/// With the embedded templates this means a bug in a template (each
/// diagnostic names the template line), never bad contract data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the worksheet PDF could not be typeset: {}", .diagnostics.join("; "))]
pub struct RenderError {
    pub diagnostics: Vec<String>,
}

impl RenderError {
    fn new(message: String) -> Self {
        RenderError {
            diagnostics: vec![message],
        }
    }

    fn from_diagnostics(diagnostics: Vec<String>) -> Self {
        RenderError { diagnostics }
    }
}

impl From<RenderError> for Error {
    fn from(e: RenderError) -> Self {
        Error::new(
            ErrorCode::Internal,
            format!("{e}. This is a fault in Warrant's worksheet template, not in your contract; please report it."),
        )
    }
}

/// The blank worksheet, to fill in by hand before a first contract review.
pub fn render_blank(paper: Paper, date: NaiveDate) -> Result<Vec<u8>, RenderError> {
    compile_blank(paper, date).map(|compiled| compiled.pdf)
}

/// One contract version as a filled worksheet.
pub fn render_filled(worksheet: &FilledWorksheet, paper: Paper) -> Result<Vec<u8>, RenderError> {
    compile_filled(worksheet, paper).map(|compiled| compiled.pdf)
}

/// [`render_blank`] with the page count and typst's warnings.
pub fn compile_blank(paper: Paper, date: NaiveDate) -> Result<Compiled, RenderError> {
    engine::compile(engine::Template::Blank, data::blank(paper, date), date)
}

/// [`render_filled`] with the page count and typst's warnings.
pub fn compile_filled(worksheet: &FilledWorksheet, paper: Paper) -> Result<Compiled, RenderError> {
    engine::compile(
        engine::Template::Filled,
        data::filled(worksheet, paper),
        worksheet.date,
    )
}
