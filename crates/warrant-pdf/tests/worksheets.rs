//! End-to-end checks of the worksheet PDFs, read back with poppler's tools
//! (`pdftotext`, `pdfinfo`, `pdffonts`) as a person or a search index would:
//! the text is there, pages are sane, fonts are embedded, typst said nothing,
//! and hostile contract text prints literally without breaking the layout.

use std::path::PathBuf;
use std::process::Command;

use warrant_pdf::{compile_blank, compile_filled, Compiled, Paper};

mod sample;
use sample::{
    bare_contract, bare_readiness, bare_worksheet, churn_contract, churn_readiness, date,
    hostile_contract, hostile_people, hostile_worksheet, people, worksheet, LONG_WORD,
};

const AREA_NAMES: [&str; 10] = [
    "Workflow and decision",
    "Sources and trusted models",
    "Entity grain and identifiers",
    "Business owner and data owner",
    "Authority level",
    "Confidence and freshness thresholds",
    "Suppression and exclusion rules",
    "Destination and visible context",
    "Exception owner and rollback path",
    "Audit trail",
];

/// A PDF written to a temporary file, with poppler's view of it.
struct Pdf {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Pdf {
    fn new(compiled: &Compiled) -> Pdf {
        assert!(
            compiled.warnings.is_empty(),
            "typst warnings: {:#?}",
            compiled.warnings
        );
        assert!(compiled.pdf.starts_with(b"%PDF-"), "not a PDF");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("worksheet.pdf");
        std::fs::write(&path, &compiled.pdf).unwrap();
        Pdf { _dir: dir, path }
    }

    /// Text in reading order, every run of whitespace made one space and
    /// zero-width spaces dropped, so phrases wrapped in a narrow column match.
    fn text(&self) -> String {
        let raw = run("pdftotext", &[self.path.to_str().unwrap(), "-"]);
        raw.replace('\u{200B}', "")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// [`Pdf::text`] of one page (1-based).
    fn page_text(&self, page: usize) -> String {
        let page = page.to_string();
        let raw = run(
            "pdftotext",
            &["-f", &page, "-l", &page, self.path.to_str().unwrap(), "-"],
        );
        raw.replace('\u{200B}', "")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The document title in the PDF's metadata, as pdfinfo prints it.
    fn title(&self) -> String {
        let info = run("pdfinfo", &[self.path.to_str().unwrap()]);
        info.lines()
            .find_map(|l| l.strip_prefix("Title:"))
            .map(|t| t.trim().to_owned())
            .unwrap_or_default()
    }

    fn layout_text(&self) -> String {
        run("pdftotext", &["-layout", self.path.to_str().unwrap(), "-"])
    }

    fn pages(&self) -> usize {
        let info = run("pdfinfo", &[self.path.to_str().unwrap()]);
        info.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .map(|n| n.trim().parse().unwrap())
            .expect("pdfinfo prints Pages:")
    }

    /// Every page's size in points, as pdfinfo prints it ("595.276 x 841.89").
    fn page_sizes(&self) -> Vec<String> {
        let last = self.pages().to_string();
        let info = run(
            "pdfinfo",
            &["-f", "1", "-l", &last, self.path.to_str().unwrap()],
        );
        info.lines()
            .filter(|l| l.starts_with("Page") && l.contains("size:"))
            .map(|l| {
                l.split("size:")
                    .nth(1)
                    .unwrap()
                    .split("pts")
                    .next()
                    .unwrap()
                    .trim()
                    .to_owned()
            })
            .collect()
    }

    /// Rows of `pdffonts`: (name, embedded?).
    fn fonts(&self) -> Vec<(String, bool)> {
        let out = run("pdffonts", &[self.path.to_str().unwrap()]);
        out.lines()
            .skip(2)
            .map(|l| {
                let cols: Vec<&str> = l.split_whitespace().collect();
                // name type [encoding words] emb sub uni object ID: emb is 5th from the end.
                (cols[0].to_owned(), cols[cols.len() - 5] == "yes")
            })
            .collect()
    }
}

/// Runs a poppler tool; its stderr is ignored on purpose (pdfinfo complains
/// about typst's tagged PDFs and still exits 0).
fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} must be installed: {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn assert_fonts_embedded(pdf: &Pdf) {
    let fonts = pdf.fonts();
    assert!(!fonts.is_empty(), "pdffonts lists no font");
    for (name, embedded) in &fonts {
        assert!(embedded, "font {name} is not embedded");
        assert!(
            name.contains("DejaVu"),
            "unexpected font {name}: only the bundled fonts may be used"
        );
    }
}

fn assert_contains(text: &str, needle: &str) {
    assert!(text.contains(needle), "PDF text lacks {needle:?}");
}

fn assert_size(pdf: &Pdf, paper: Paper) {
    let expected = match paper {
        Paper::A4 => "595.276 x 841.89",
        Paper::Letter => "612 x 792",
    };
    let sizes = pdf.page_sizes();
    assert_eq!(sizes.len(), pdf.pages());
    for size in sizes {
        assert_eq!(size, expected, "a page has the wrong size");
    }
}

#[test]
fn blank_worksheet_has_every_section_on_both_papers() {
    for paper in [Paper::A4, Paper::Letter] {
        let compiled = compile_blank(paper, date()).unwrap();
        let pdf = Pdf::new(&compiled);
        let text = pdf.text();
        assert_contains(&text, "AI Activation Contract Worksheet");
        for area in AREA_NAMES {
            assert_contains(&text, area);
        }
        for test_question in [
            "Could the output land on the wrong record?",
            "Which records must the workflow never touch?",
        ] {
            assert_contains(&text, test_question);
        }
        for rung in ["Suggest", "Assist", "Route", "Act"] {
            assert_contains(&text, rung);
        }
        assert_contains(&text, "Pause before launch");
        assert_contains(&text, "owned by nobody");
        assert_contains(&text, "Pull ten real records the workflow would touch.");
        for owner in [
            "Business owner",
            "Data owner",
            "Destination owner",
            "Exception owner",
        ] {
            assert_contains(&text, owner);
        }
        assert_contains(&text, "Page 1 of");
        assert_contains(
            &text,
            &format!("Page {} of {}", compiled.pages, compiled.pages),
        );
        assert_eq!(pdf.pages(), compiled.pages);
        assert!(
            (3..=6).contains(&compiled.pages),
            "blank worksheet has {} pages",
            compiled.pages
        );
        assert_size(&pdf, paper);
        assert_fonts_embedded(&pdf);
    }
}

#[test]
fn filled_worksheet_prints_the_contract_readiness_and_owners() {
    let (contract, readiness, people) = (churn_contract(), churn_readiness(), people());
    let w = worksheet(&contract, &readiness, &people);
    for paper in [Paper::A4, Paper::Letter] {
        let compiled = compile_filled(&w, paper).unwrap();
        let pdf = Pdf::new(&compiled);
        let text = pdf.text();
        assert_contains(&text, "Churn-risk summary for CSMs");
        for area in AREA_NAMES {
            assert_contains(&text, area);
        }
        for name in [
            "Morgan Reyes",
            "Dana Whitfield",
            "Priya Natarajan",
            "Tomasz Lindqvist",
        ] {
            assert_contains(&text, name);
        }
        // An owner the people list does not know prints by address.
        assert_contains(&text, "unknown.person@example.com");
        // Enum values as plain words, not wire names.
        assert_contains(&text, "source of truth");
        assert_contains(&text, "Churn-risk routing");
        assert!(!text.contains("source_of_truth"));
        // Readiness: verdict, both kinds of findings, the route.
        assert_contains(&text, "Over-authorized");
        assert_contains(&text, "Data Foundation");
        assert_contains(
            &text,
            "Agree the definition of renewal date with every team.",
        );
        assert_contains(&text, "Write down how a change is reverted.");
        assert_contains(&text, "REQUESTED");
        assert_contains(&text, "CEILING");
        assert_contains(&text, "NOT YET SUPPORTED");
        // Dry run, reviews, audit head, launch-step dates.
        assert_contains(&text, "accounts-sample.csv");
        assert_contains(&text, "201");
        assert_contains(&text, "Name the exception owner before raising to route.");
        assert_contains(&text, "sha256:9f2c4e7a1b0d3c5e");
        assert_contains(&text, "2026-11-05");
        assert_contains(&text, "record.support_severity in [\"P1\", \"P2\"]");
        // Footer on every page.
        for page in 1..=compiled.pages {
            let page_text = pdf.page_text(page);
            assert_contains(&page_text, "churn-risk-summary · version 3 · 2026-11-24");
            assert_contains(&page_text, &format!("Page {page} of {}", compiled.pages));
        }
        assert!(
            (3..=8).contains(&compiled.pages),
            "filled worksheet has {} pages",
            compiled.pages
        );
        assert_size(&pdf, paper);
        assert_fonts_embedded(&pdf);
    }
}

#[test]
fn empty_contract_prints_write_on_lines_never_null() {
    let (contract, readiness) = (bare_contract(), bare_readiness());
    let w = bare_worksheet(&contract, &readiness);
    let compiled = compile_filled(&w, Paper::A4).unwrap();
    let pdf = Pdf::new(&compiled);
    let text = pdf.text();
    for word in ["null", "None", "none", "undefined", "NaN"] {
        assert!(
            !text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == word),
            "the empty contract prints {word:?}"
        );
    }
    assert_contains(&text, "Not ready");
    assert_contains(&text, "No dry run recorded");
    assert_contains(&text, "No review recorded yet");
    assert!((3..=8).contains(&compiled.pages));
}

#[test]
fn hostile_and_huge_strings_print_literally_without_breaking_the_layout() {
    let (contract, readiness, people) = (hostile_contract(), churn_readiness(), hostile_people());
    let w = hostile_worksheet(&contract, &readiness, &people);
    let long_word = LONG_WORD.repeat(25);

    for paper in [Paper::A4, Paper::Letter] {
        let compiled = compile_filled(&w, paper).unwrap();
        let pdf = Pdf::new(&compiled);
        let text = pdf.text();
        for literal in [
            "#panic()",
            "$x$",
            "#set page(width: 1pt)",
            "<script>alert(1)</script>",
            r"C:\temp\",
            "*bold*",
            "_under_",
            "@ref",
            "// not a comment",
        ] {
            assert_contains(&text, literal);
        }
        assert_contains(&text, r"\\server\share\#panic()");
        assert_contains(&text, "rocket");
        // The 500-character word is all there, wrapped rather than cut.
        let joined = text.replace(' ', "");
        assert_contains(&joined, &long_word);
        // RTL text is there (poppler may reorder words, so check each word).
        for word in ["مرحبا", "שלום"] {
            assert!(pdf.layout_text().contains(word), "RTL word {word} missing");
        }
        assert!(
            (3..=14).contains(&compiled.pages),
            "hostile worksheet has {} pages",
            compiled.pages
        );
        assert_size(&pdf, paper);
        assert_fonts_embedded(&pdf);
    }
}

/// What a reader of the PDF sees of `text`: whitespace runs as one space,
/// and none of the characters a page cannot show (zero-width and control
/// characters, direction marks, the soft hyphen) — the visible rest must be
/// there letter for letter.
fn as_printed(text: &str) -> String {
    let invisible = |c: char| {
        c.is_control() && !c.is_whitespace()
            || matches!(
                c,
                '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
                    | '\u{2066}'..='\u{2069}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
            )
    };
    // Characters no bundled font has (emoji) print as boxes: the page
    // cannot show them, so they are not looked for (see `has_glyph`).
    text.chars()
        .filter(|&c| !invisible(c) && (c.is_whitespace() || warrant_pdf::has_glyph(c)))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `expected` is in the printed `text`. Long words are wrapped at
/// break opportunities and pdftotext puts a space at each line end, or drops
/// the hyphen a line ended on: failing an exact match, compare without
/// spaces and hyphens.
fn printed_contains(text: &str, expected: &str) -> bool {
    let bare = |s: &str| s.replace([' ', '-'], "");
    text.contains(expected) || bare(text).contains(&bare(expected))
}

fn churn_example() -> warrant_core::model::Contract {
    warrant_core::defaults::examples()
        .into_iter()
        .find(|c| c.id == "churn-risk-summary")
        .unwrap()
}

#[test]
fn every_hostile_corpus_string_prints_literally_in_every_text_field() {
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-24T09:00:00Z")
        .unwrap()
        .to_utc();
    let filled = warrant_hostile::contracts(&churn_example());
    // Contracts 0 and 15 between them put every corpus string somewhere; all
    // 31 would only repeat the same fields at a minute of debug-build typst.
    for k in [0, 15] {
        let source = warrant_pdf::WorksheetSource::from_contract(filled[k].contract.clone(), at);
        let compiled = compile_filled(&source.worksheet(), Paper::A4).unwrap();
        let pdf = Pdf::new(&compiled);
        let text = as_printed(&pdf.text());
        let layout = as_printed(&pdf.layout_text());
        for (field, value) in &filled[k].fields {
            let expected = as_printed(value);
            if field == "title" {
                assert_eq!(
                    as_printed(&pdf.title()),
                    format!("AI activation contract: {expected}")
                );
            }
            // Right-to-left runs (and text after a right-to-left override)
            // come out of poppler in visual order: their words are checked
            // one by one, either way round.
            if value
                .chars()
                .any(|c| matches!(c, '\u{0590}'..='\u{08FF}' | '\u{202E}'))
            {
                let bidi_control =
                    |c: char| matches!(c, '\u{200E}'..='\u{200F}' | '\u{202A}'..='\u{202E}');
                for word in value
                    .split(|c: char| c.is_whitespace() || bidi_control(c))
                    .filter(|w| !w.is_empty())
                {
                    let reversed: String = word.chars().rev().collect();
                    assert!(
                        layout.contains(word) || layout.contains(&reversed),
                        "contract {k} {field}: {word:?} not printed"
                    );
                }
                continue;
            }
            assert!(
                printed_contains(&text, &expected),
                "contract {k} {field}: {expected:?} not printed literally"
            );
        }
    }
}

#[test]
fn the_bundled_fonts_have_every_corpus_character_but_emoji() {
    let missing: std::collections::BTreeSet<char> = warrant_hostile::corpus()
        .iter()
        .flat_map(|h| h.text.chars())
        .filter(|&c| !c.is_control() && !as_printed(&c.to_string()).is_empty())
        .filter(|&c| !c.is_whitespace() && !warrant_pdf::has_glyph(c))
        .collect();
    let emoji = |c: char| ('\u{1F000}'..='\u{1FAFF}').contains(&c);
    assert!(
        missing.iter().all(|&c| emoji(c)),
        "characters the worksheet cannot print: {missing:?}"
    );
}

#[test]
fn a_megabyte_field_prints_a_bounded_worksheet_that_says_what_was_left_out() {
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-24T09:00:00Z")
        .unwrap()
        .to_utc();
    let huge = warrant_hostile::megabyte_contract(&churn_example());
    let source = warrant_pdf::WorksheetSource::from_contract(huge.contract, at);
    let compiled = compile_filled(&source.worksheet(), Paper::A4).unwrap();
    let pdf = Pdf::new(&compiled);
    assert!(
        compiled.pages <= 20,
        "{} pages for a megabyte contract",
        compiled.pages
    );
    let text = pdf.text();
    assert!(printed_contains(
        &text,
        "[start of a huge string] <script>window.__pwned='script-tag'</script>"
    ));
    let total = huge.fields[0].1.chars().count();
    let note = |printed: &str| {
        format!(
            "[{printed} of {} characters printed; the full text is in the registry]",
            total
                .to_string()
                .as_bytes()
                .rchunks(3)
                .rev()
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join(",")
        )
    };
    assert!(
        printed_contains(&text, &note("4,000")),
        "no note on the cut"
    );
    assert_contains(&pdf.title(), &note("300"));
    assert!(
        pdf.title().chars().count() < 500,
        "title metadata of {} chars",
        pdf.title().chars().count()
    );
}

#[test]
fn output_is_byte_identical_across_renders() {
    let (contract, readiness, people) = (churn_contract(), churn_readiness(), people());
    let w = worksheet(&contract, &readiness, &people);
    let first = warrant_pdf::render_filled(&w, Paper::A4).unwrap();
    let second = warrant_pdf::render_filled(&w, Paper::A4).unwrap();
    assert!(first == second, "two renders of the same data differ");
    let blank = warrant_pdf::render_blank(Paper::Letter, date()).unwrap();
    assert_ne!(blank, first);
}

/// typst's memo cache outlives a render (that is what makes warm renders
/// fast): a document printed after others must still carry only its own
/// data, in the body, the footer of every page and the PDF title.
#[test]
fn a_warm_render_prints_its_own_data_not_the_previous_documents() {
    let (contract, readiness, people) = (churn_contract(), churn_readiness(), people());
    let first = worksheet(&contract, &readiness, &people);
    let first_pdf = compile_filled(&first, Paper::A4).unwrap();

    let mut renamed = churn_contract();
    renamed.title = "Renewal-risk digest for account managers".into();
    let mut second = worksheet(&renamed, &readiness, &people);
    second.version = 7;
    second.date = date().succ_opt().unwrap();
    let compiled = compile_filled(&second, Paper::A4).unwrap();
    let pdf = Pdf::new(&compiled);
    let text = pdf.text();
    assert_contains(&text, "Renewal-risk digest for account managers");
    assert!(
        !text.contains("Churn-risk summary for CSMs"),
        "old title printed"
    );
    for page in 1..=compiled.pages {
        let page_text = pdf.page_text(page);
        assert_contains(&page_text, "churn-risk-summary · version 7 · 2026-11-25");
        assert!(
            !page_text.contains("version 3"),
            "page {page} has the old footer"
        );
    }
    assert_eq!(
        pdf.title(),
        "AI activation contract: Renewal-risk digest for account managers"
    );

    // And the first document again, after the second: the very same bytes.
    let again = compile_filled(&first, Paper::A4).unwrap();
    assert!(
        again.pdf == first_pdf.pdf,
        "a re-render after another document differs"
    );
    assert_eq!(
        Pdf::new(&again).title(),
        "AI activation contract: Churn-risk summary for CSMs"
    );
}

#[test]
fn render_error_becomes_a_core_error_with_the_diagnostics() {
    let e = warrant_pdf::RenderError {
        diagnostics: vec!["error: unknown variable: foo (templates/filled.typ:3:1)".into()],
    };
    let core: warrant_core::Error = e.into();
    assert_eq!(core.code, warrant_core::ErrorCode::Internal);
    assert!(
        core.message.contains("templates/filled.typ:3:1"),
        "{}",
        core.message
    );
}
