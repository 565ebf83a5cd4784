//! How long `verify` takes on a large repository: 1,000 contracts, each
//! submitted, approved by its two owners and launched (4 records each),
//! each with two CEL suppression conditions for the readiness check to compile.
//! Prints figures; asserts nothing about time. Run it in release:
//!
//! ```text
//! cargo run --release -p warrant-team --example verify_benchmark
//! ```

use std::time::Instant;

#[path = "large_repository/mod.rs"]
mod large_repository;

use large_repository::{CONTRACTS, RECORDS};

fn main() {
    let keys = tempfile::TempDir::new().unwrap();
    let work = tempfile::TempDir::new().unwrap();
    let started = Instant::now();
    large_repository::write(work.path(), keys.path());
    let generated = started.elapsed();

    let mut runs = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let report = warrant_team::verify(work.path()).unwrap();
        runs.push(started.elapsed());
        assert!(
            report.ok(),
            "the generated repository verifies: {:?}",
            report.failures.first()
        );
        assert_eq!(report.records_checked, RECORDS);
    }
    println!("generated {CONTRACTS} contracts, {RECORDS} records in {generated:.2?}");
    for (i, run) in runs.iter().enumerate() {
        println!("verify run {}: {run:.2?}", i + 1);
    }
    println!("target: 2 s (release)");
}
