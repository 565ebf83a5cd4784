//! Render timings of the worksheets, printed, never asserted:
//! `CARGO_TARGET_DIR=target-pdf cargo bench -p warrant-pdf --bench render`.
//!
//! - cold: the first render in this process (fonts parsed, templates parsed,
//!   typst's memo cache empty);
//! - warm, same data: what re-printing the same contract costs;
//! - warm, new data: a different title, version, audit head and review
//!   comment each time, as in an app printing one version after another
//!   (typst redoes what reads the changed values and reuses the rest);
//! - memory: resident size after many new-data renders, to show the memo
//!   cache eviction keeps a long-running app flat.

use std::time::{Duration, Instant};

use warrant_pdf::{compile_blank, compile_filled, Paper};

#[path = "../tests/sample/mod.rs"]
mod sample;

const RUNS: usize = 30;
const MEMORY_RUNS: usize = 400;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let (contract, readiness, people) = (
        sample::churn_contract(),
        sample::churn_readiness(),
        sample::people(),
    );
    let w = sample::worksheet(&contract, &readiness, &people);

    let start = Instant::now();
    let first = compile_filled(&w, Paper::A4).expect("sample renders");
    let cold = start.elapsed();
    println!(
        "filled worksheet: {} pages, {} KB",
        first.pages,
        first.pdf.len() / 1024
    );
    println!("filled, cold (first render in process): {}", ms(cold));

    let same: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            compile_filled(&w, Paper::A4).expect("sample renders");
            start.elapsed()
        })
        .collect();
    println!(
        "filled, warm, same data:  median {} of {RUNS}",
        ms(median(same))
    );

    let fresh: Vec<Duration> = (0..RUNS)
        .map(|i| {
            let edited = edited(&contract, i);
            let mut w = sample::worksheet(&edited, &readiness, &people);
            w.version = 100 + i as u32;
            w.audit_head = Some(format!("sha256:{i:016x}:{}", 500 + i));
            w.reviews[0].comment = format!("Round {i}: name the exception owner first.");
            let start = Instant::now();
            compile_filled(&w, Paper::A4).expect("sample renders");
            start.elapsed()
        })
        .collect();
    println!(
        "filled, warm, new data:   median {} of {RUNS}",
        ms(median(fresh))
    );

    let blank: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            compile_blank(Paper::Letter, sample::date()).expect("blank renders");
            start.elapsed()
        })
        .collect();
    println!(
        "blank, warm:              median {} of {RUNS}",
        ms(median(blank))
    );

    // A long-running app: many different documents, memory must level off.
    let rss_before = resident_kb();
    for i in 0..MEMORY_RUNS {
        let edited = edited(&contract, RUNS + i);
        let mut w = sample::worksheet(&edited, &readiness, &people);
        w.version = 1000 + i as u32;
        compile_filled(&w, Paper::A4).expect("sample renders");
        if i + 1 == MEMORY_RUNS / 4 || i + 1 == MEMORY_RUNS {
            println!(
                "resident memory after {} more new-data renders: {} MB (was {} MB)",
                i + 1,
                resident_kb() / 1024,
                rss_before / 1024
            );
        }
    }
}

/// The sample contract with a title of its own for render `i`.
fn edited(contract: &warrant_core::model::Contract, i: usize) -> warrant_core::model::Contract {
    let mut edited = contract.clone();
    edited.title = format!("Churn-risk summary for CSMs, draft {i}");
    edited
}

/// This process's resident set size in KB (Linux), 0 elsewhere.
fn resident_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
