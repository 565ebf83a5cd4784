//! Render timings of the worksheets, printed, never asserted:
//! `CARGO_TARGET_DIR=target-pdf cargo bench -p warrant-pdf --bench render`.
//!
//! - cold: the first render in this process (fonts parsed, templates parsed,
//!   typst's memo cache empty);
//! - warm, same data: what re-printing the same contract costs;
//! - warm, new data: a different version each time, as in an app printing
//!   one contract after another (typst re-evaluates everything that reads
//!   the data).

use std::time::{Duration, Instant};

use warrant_pdf::{compile_blank, compile_filled, Paper};

#[path = "../tests/sample/mod.rs"]
mod sample;

const RUNS: usize = 30;

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
    let mut w = sample::worksheet(&contract, &readiness, &people);

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
            w.version = 100 + i as u32;
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
}
