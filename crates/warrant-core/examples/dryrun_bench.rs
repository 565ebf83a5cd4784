//! Dry-run throughput benchmark: generates a CSV of 1,000,000 records
//! (override with the first argument) into a temporary file, runs a
//! contract with ten conditioned suppression rules and both thresholds over
//! it, streaming, and prints records/s, total time and peak memory.
//!
//! `cargo run --release -p warrant-core --example dryrun_bench [ROWS] [RULES]`
//! (RULES: how many of the ten rules to apply, to see what each costs).
//!
//! It prints figures and asserts nothing about time: the machine decides
//! those. Peak RSS (VmHWM) staying near its value for a small file is what
//! shows the run streams.

use std::io::{BufWriter, Write};
use std::ops::ControlFlow;
use std::time::Instant;

use warrant_core::dryrun::{run, DryRunOptions, RecordsKind};
use warrant_core::model::{Contract, SuppressionAction, SuppressionRule, WorkflowCategory};

const RULES: &[(&str, &str)] = &[
    ("Opted out", "has(record.opt_out) && record.opt_out"),
    ("P1/P2 case", "record.support_severity in [\"P1\", \"P2\"]"),
    ("Renewal soon", "record.days_to_renewal <= 30"),
    ("Strategic", "record.account_tier == \"strategic\""),
    ("Open opportunity", "record.open_opportunity_count > 3"),
    ("Legal hold", "record.region in [\"ru\", \"by\", \"ir\"]"),
    ("Holdout", "record.account_id.startsWith(\"HOLD-\")"),
    ("Low match", "record.match_rate < 0.05"),
    ("Big ARR", "record.arr > 4900000.0"),
    ("Test account", "record.name.contains(\"[test]\")"),
];

fn main() {
    let rows: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let rules: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(RULES.len())
        .min(RULES.len());
    let mut contract = Contract::new("bench", "Benchmark", WorkflowCategory::ChurnRiskRouting);
    contract.thresholds.min_confidence = Some(0.5);
    contract.thresholds.reason_codes_required = true;
    for (i, (name, when)) in RULES.iter().take(rules).enumerate() {
        contract.suppression.push(SuppressionRule {
            name: (*name).into(),
            action: Some(if i % 2 == 0 {
                SuppressionAction::Suppress
            } else {
                SuppressionAction::Review
            }),
            when: (*when).into(),
            ..Default::default()
        });
    }

    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("records.csv");
    let started = Instant::now();
    write_records(&path, rows);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "generated {rows} records ({:.1} MiB) in {:.2?}",
        size as f64 / 1048576.0,
        started.elapsed()
    );
    println!("peak RSS before the run: {}", peak_rss());

    let file = std::fs::File::open(&path).expect("open generated file");
    let started = Instant::now();
    let cpu_before = cpu_seconds();
    let result = run(
        &contract,
        file,
        RecordsKind::Csv,
        &DryRunOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .expect("dry run");
    let elapsed = started.elapsed();
    let cpu = cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    println!(
        "dry run: {} records, {} eligible / {} review / {} suppressed, {} malformed",
        result.total, result.eligible, result.review, result.suppressed, result.malformed.total
    );
    println!(
        "time: {:.2?}  ({:.0} records/s)",
        elapsed,
        result.total as f64 / elapsed.as_secs_f64()
    );
    // On a shared machine wall time includes waiting for a core; CPU time
    // is what the run itself cost.
    if let Some(cpu) = cpu {
        println!(
            "CPU time: {cpu:.2}s  ({:.0} records per CPU-second)",
            result.total as f64 / cpu
        );
    }
    println!("peak RSS after the run: {}", peak_rss());
    println!("file hash: {}", result.file_hash);
}

/// Pseudo-random but reproducible records, so every rule fires sometimes.
fn write_records(path: &std::path::Path, rows: u64) {
    let mut out = BufWriter::new(std::fs::File::create(path).expect("create records file"));
    writeln!(
        out,
        "account_id,name,support_severity,days_to_renewal,opt_out,account_tier,open_opportunity_count,region,match_rate,arr,confidence,reason_code"
    )
    .unwrap();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let severities = ["none", "P3", "P4", "P1", "P2", "none", "none", "P3"];
    let tiers = ["smb", "mid", "enterprise", "strategic"];
    let regions = ["us", "de", "fr", "uk", "ru", "br", "jp", "in"];
    for i in 0..rows {
        let r = next();
        let prefix = if r % 97 == 0 { "HOLD" } else { "ACC" };
        let name = if r % 89 == 0 {
            "Acme [test]"
        } else {
            "Acme, Inc."
        };
        writeln!(
            out,
            "{prefix}-{i},\"{name}\",{},{},{},{},{},{},{:.3},{:.2},{:.2},{}",
            severities[(r % 8) as usize],
            (r >> 8) % 365,
            if (r >> 16) % 50 == 0 { "true" } else { "false" },
            tiers[((r >> 20) % 4) as usize],
            (r >> 24) % 5,
            regions[((r >> 28) % 8) as usize],
            ((r >> 32) % 1000) as f64 / 1000.0,
            ((r >> 40) % 5_000_000) as f64,
            ((r >> 48) % 100) as f64 / 100.0,
            if (r >> 56) % 20 == 0 {
                ""
            } else {
                "usage_drop"
            },
        )
        .unwrap();
    }
    out.flush().unwrap();
}

/// Peak resident set size of this process, from /proc (Linux only).
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown (no /proc/self/status)".into())
}

/// User + system CPU time of this process in seconds, from /proc (Linux only).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the
    // 14th and 15th fields of the line, in clock ticks (100 per second).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
