//! Writes the blank and the sample filled worksheet, in A4 and US Letter,
//! plus the hostile-strings sample in A4 (to check nothing overflows), to
//! a folder (default `target-pdf/worksheets`), for `scripts/render-worksheets.sh`
//! and for anyone changing a template who wants to look at the result.
//!
//! `cargo run --release -p warrant-pdf --example render_worksheets -- OUT_DIR`

use std::path::PathBuf;

use warrant_pdf::{compile_blank, compile_filled, Paper};

#[path = "../tests/sample/mod.rs"]
mod sample;

fn main() {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target-pdf/worksheets".into()),
    );
    std::fs::create_dir_all(&out).expect("output folder can be created");
    let (contract, readiness, people) = (
        sample::churn_contract(),
        sample::churn_readiness(),
        sample::people(),
    );
    let filled = sample::worksheet(&contract, &readiness, &people);
    let (hostile, hostile_people) = (sample::hostile_contract(), sample::hostile_people());
    let hostile = sample::hostile_worksheet(&hostile, &readiness, &hostile_people);
    for (paper, suffix) in [(Paper::A4, "a4"), (Paper::Letter, "letter")] {
        let mut documents = vec![
            ("blank", compile_blank(paper, sample::date())),
            ("filled", compile_filled(&filled, paper)),
        ];
        if paper == Paper::A4 {
            documents.push(("hostile", compile_filled(&hostile, paper)));
        }
        for (kind, compiled) in documents {
            let compiled = compiled.unwrap_or_else(|e| panic!("{kind} {suffix}: {e}"));
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
}
