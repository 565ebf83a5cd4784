//! Writes the blank and the sample filled worksheet, in A4 and US Letter,
//! plus in A4 the hostile-strings sample (to check nothing overflows) and a
//! bare draft (to check empty fields print as write-on lines), to
//! a folder (default `target-pdf/worksheets`), for `scripts/render-worksheets.sh`
//! and for anyone changing a template who wants to look at the result.
//!
//! `cargo run --release -p warrant-pdf --example render_worksheets -- OUT_DIR [ONLY]`
//!
//! With `ONLY` (`blank`, `filled`, `hostile` or `bare`) just that document is written,
//! in A4: `scripts/bench-worksheet.sh` times one process per document that way.

use std::path::PathBuf;

use warrant_pdf::{compile_blank, compile_filled, Paper};

#[path = "../tests/sample/mod.rs"]
mod sample;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "target-pdf/worksheets".into()),
    );
    let only = args.next();
    std::fs::create_dir_all(&out).expect("output folder can be created");

    let (contract, readiness, people) = (
        sample::churn_contract(),
        sample::churn_readiness(),
        sample::people(),
    );
    let filled = sample::worksheet(&contract, &readiness, &people);
    let (hostile, hostile_people) = (sample::hostile_contract(), sample::hostile_people());
    let hostile = sample::hostile_worksheet(&hostile, &readiness, &hostile_people);
    let (bare, bare_readiness) = (sample::bare_contract(), sample::bare_readiness());
    let bare = sample::bare_worksheet(&bare, &bare_readiness);

    let mut jobs = vec![
        ("blank", Paper::A4, "a4"),
        ("filled", Paper::A4, "a4"),
        ("hostile", Paper::A4, "a4"),
        ("bare", Paper::A4, "a4"),
        ("blank", Paper::Letter, "letter"),
        ("filled", Paper::Letter, "letter"),
    ];
    if let Some(only) = &only {
        jobs.retain(|(kind, paper, _)| kind == only && *paper == Paper::A4);
        assert!(
            !jobs.is_empty(),
            "ONLY must be blank, filled, hostile or bare"
        );
    }
    for (kind, paper, suffix) in jobs {
        let compiled = match kind {
            "blank" => compile_blank(paper, sample::date()),
            "filled" => compile_filled(&filled, paper),
            "bare" => compile_filled(&bare, paper),
            _ => compile_filled(&hostile, paper),
        }
        .unwrap_or_else(|e| panic!("{kind} {suffix}: {e}"));
        for warning in &compiled.warnings {
            eprintln!("{kind} {suffix}: {warning}");
        }
        let path = out.join(format!("worksheet-{kind}-{suffix}.pdf"));
        std::fs::write(&path, &compiled.pdf).expect("PDF can be written");
        println!(
            "{} ({} pages, {} KB)",
            path.display(),
            compiled.pages,
            compiled.pdf.len() / 1024
        );
    }
}
