//! The typst engine behind the worksheets: a hand-written [`World`] with the
//! bundled fonts and the embedded templates, and nothing else.
//!
//! The world has no file system and no package access on purpose: the only
//! inputs a template can reach are the `.typ` files compiled into this crate,
//! the fonts compiled into this crate, and one JSON document served from
//! memory as the virtual file `/data.json`.
//!
//! Why a virtual file and not `sys.inputs`: typst memoizes evaluation and
//! layout with comemo, keyed on what each step read from the [`World`]. The
//! inputs dictionary lives inside typst's `Library`, which nearly every step
//! reads, so new inputs made every cached result stale and each new contract
//! cost a full cold compile. A file is tracked on its own: only the steps
//! that read `/data.json` (and what depends on their output) run again, the
//! rest (wording, tables of the blank parts, fonts, shaping of unchanged
//! text) comes from the cache. So the `Library` here is built once and never
//! changes; the date is in the JSON too.
//!
//! Fonts, parsed templates and the library are built once per process;
//! comemo's memo cache is trimmed after every render so a long-running app
//! does not grow without bound.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use crate::RenderError;

/// Every font a template may use. Nothing else is ever loaded: a family
/// missing here is a typst *warning*, which the tests turn into a failure.
const FONT_FILES: &[&[u8]] = &[
    include_bytes!("../fonts/DejaVuSans.ttf"),
    include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../fonts/DejaVuSans-Oblique.ttf"),
    include_bytes!("../fonts/DejaVuSansMono.ttf"),
];

/// The templates, by the path a template uses to import another one.
const TEMPLATE_FILES: &[(&str, &str)] = &[
    ("/common.typ", include_str!("../templates/common.typ")),
    ("/blank.typ", include_str!("../templates/blank.typ")),
    ("/filled.typ", include_str!("../templates/filled.typ")),
];

/// Where templates find their data: `json("/data.json")`.
const DATA_PATH: &str = "/data.json";

/// How many renders a memoized result survives unused before eviction.
/// Results every render uses (the templates' wording, fonts) stay; results
/// of a contract printed more than this many renders ago are dropped, so the
/// cache holds a handful of documents' worth however long the app runs.
const MEMO_MAX_AGE: usize = 8;

/// Which document to compile.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Template {
    Blank,
    Filled,
}

impl Template {
    fn path(self) -> &'static str {
        match self {
            Template::Blank => "/blank.typ",
            Template::Filled => "/filled.typ",
        }
    }
}

/// What stays the same from one render to the next.
struct Engine {
    /// Standard library without inputs: the same value (and hash) for every
    /// render, which is what lets comemo reuse work across documents.
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    sources: Vec<Source>,
    data: FileId,
}

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    let book = LazyHash::new(FontBook::from_fonts(&fonts));
    let sources = TEMPLATE_FILES
        .iter()
        .map(|(path, text)| Source::new(file_id(path), (*text).to_owned()))
        .collect();
    Engine {
        library: LazyHash::new(Library::builder().build()),
        book,
        fonts,
        sources,
        data: file_id(DATA_PATH),
    }
});

/// Builds the engine (fonts read, templates parsed, standard library made)
/// on a thread of its own, so a caller with other work before its first
/// render (the CLI reading the registry) does not wait for it afterwards.
/// A render that comes first simply waits for the same one-time build.
pub fn prepare_in_background() {
    std::thread::spawn(|| LazyLock::force(&ENGINE));
}

/// Whether one of the bundled fonts has a glyph for `c`. DejaVu covers
/// Latin, Greek, Cyrillic, Arabic, Hebrew and most symbols; emoji and CJK
/// print as empty boxes, since fonts that cover them would add tens of
/// megabytes to every install.
pub fn has_glyph(c: char) -> bool {
    ENGINE
        .fonts
        .iter()
        .any(|font| font.info().coverage.contains(c as u32))
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("template paths are valid virtual paths");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One render: the shared engine plus this document's data and date.
struct WorksheetWorld {
    main: FileId,
    data: Bytes,
    today: Datetime,
}

impl World for WorksheetWorld {
    fn library(&self) -> &LazyHash<Library> {
        &ENGINE.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &ENGINE.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        ENGINE
            .sources
            .iter()
            .find(|source| source.id() == id)
            .cloned()
            .ok_or(FileError::AccessDenied)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == ENGINE.data {
            return Ok(self.data.clone());
        }
        self.source(id)
            .map(|source| Bytes::from_string(source.text().to_owned()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        ENGINE.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// A compiled worksheet.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Typst warnings, as text. Empty for a correct template; the tests
    /// insist on it because a missing font is only a warning.
    pub warnings: Vec<String>,
}

/// Compiles `template` with `data` (a JSON document) as `/data.json`.
pub(crate) fn compile(
    template: Template,
    data: String,
    date: NaiveDate,
) -> Result<Compiled, RenderError> {
    let today = Datetime::from_ymd(date.year(), date.month() as u8, date.day() as u8)
        .ok_or_else(|| RenderError::new(format!("the date {date} cannot be printed")))?;
    let world = WorksheetWorld {
        main: file_id(template.path()),
        data: Bytes::from_string(data),
        today,
    };

    let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
    let warnings = warnings.iter().map(|d| describe(&world, d)).collect();
    let result = output
        .map_err(|errors| {
            RenderError::from_diagnostics(errors.iter().map(|d| describe(&world, d)).collect())
        })
        .and_then(|document| {
            let options = PdfOptions {
                timestamp: Some(Timestamp::new_utc(today)),
                ident: Smart::Auto,
                ..Default::default()
            };
            let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| {
                RenderError::from_diagnostics(errors.iter().map(|d| describe(&world, d)).collect())
            })?;
            Ok(Compiled {
                pdf,
                pages: document.pages().len(),
                warnings,
            })
        });
    typst::comemo::evict(MEMO_MAX_AGE);
    result
}

/// One diagnostic as a line of text: severity, message, template position
/// and hints, so a layout author can find the line to fix.
fn describe(world: &WorksheetWorld, diagnostic: &SourceDiagnostic) -> String {
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut text = format!("{severity}: {}", diagnostic.message);
    if let (Some(id), Some(range)) = (diagnostic.span.id(), world.range(diagnostic.span)) {
        if let Ok(source) = world.source(id) {
            if let Some((line, column)) = source.lines().byte_to_line_column(range.start) {
                let path = TEMPLATE_FILES
                    .iter()
                    .find(|(p, _)| file_id(p) == id)
                    .map_or("?", |(p, _)| p);
                text.push_str(&format!(" (templates{path}:{}:{})", line + 1, column + 1));
            }
        }
    }
    for hint in &diagnostic.hints {
        text.push_str(&format!("; hint: {}", hint.v));
    }
    text
}
