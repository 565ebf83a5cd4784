//! Dry-run throughput on a million generated sample records, CSV and JSON
//! lines, so a change to the record reader or the evaluation order can be
//! compared before and after on the same machine.
//!
//! Run with `cargo run -p warrant-core --example dryrun_throughput [RECORDS]`
//! (add `--release` for production figures; compare like with like). Wall
//! time depends on what else the machine runs; the CPU time this process
//! spent is printed beside it and is the steadier figure to compare.

use std::ops::ControlFlow;
use std::time::Instant;

use warrant_core::dryrun::{run, DryRunOptions, RecordsKind};
use warrant_core::model::{
    Authority, Contract, SuppressionAction, SuppressionCategory, SuppressionRule, WorkflowCategory,
};

/// A churn workflow with the conditions and thresholds a real one has: two
/// conditioned rules, one unconditioned, a confidence floor and reason codes.
fn contract() -> Contract {
    let mut c = Contract::new(
        "throughput",
        "Throughput",
        WorkflowCategory::ChurnRiskRouting,
    );
    c.authority = Authority::Route;
    c.thresholds.min_confidence = Some(0.7);
    c.thresholds.reason_codes_required = true;
    let rule = |name: &str, when: &str, action| SuppressionRule {
        name: name.into(),
        category: Some(SuppressionCategory::Custom),
        action: Some(action),
        when: when.into(),
    };
    c.suppression = vec![
        rule(
            "Severe support case",
            r#"record.support_severity in ["P1", "P2"]"#,
            SuppressionAction::Suppress,
        ),
        rule(
            "Renewal in progress",
            "record.renewal_open == true",
            SuppressionAction::Review,
        ),
        rule("Holdout", "", SuppressionAction::Suppress),
    ];
    c
}

fn csv(records: usize) -> Vec<u8> {
    let mut out = String::from(
        "account_id,support_severity,renewal_open,confidence,reason_code,region,note\n",
    );
    for i in 0..records {
        let severity = ["P1", "P2", "P3", "P4", ""][i % 5];
        let renewal = if i % 7 == 0 { "true" } else { "false" };
        let confidence = format!("0.{}", 50 + i % 50);
        let reason = if i % 11 == 0 { "" } else { "usage_drop" };
        out.push_str(&format!(
            "A{i:07},{severity},{renewal},{confidence},{reason},emea,\"quiet, then loud\"\n"
        ));
    }
    out.into_bytes()
}

fn json_lines(records: usize) -> Vec<u8> {
    let mut out = String::new();
    for i in 0..records {
        let severity = ["P1", "P2", "P3", "P4", ""][i % 5];
        let renewal = i % 7 == 0;
        let confidence = 0.5 + (i % 50) as f64 / 100.0;
        out.push_str(&format!(
            "{{\"account_id\":\"A{i:07}\",\"support_severity\":\"{severity}\",\"renewal_open\":{renewal},\"confidence\":{confidence},\"reason_code\":\"usage_drop\",\"region\":\"emea\"}}\n"
        ));
    }
    out.into_bytes()
}

/// CPU seconds (user + system) this process has used so far.
#[cfg(target_os = "linux")]
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

#[cfg(not(target_os = "linux"))]
fn cpu_seconds() -> f64 {
    f64::NAN
}

fn measure(label: &str, kind: RecordsKind, bytes: &[u8], records: usize) {
    let contract = contract();
    let options = DryRunOptions {
        max_records_in_result: 1000,
    };
    let started = Instant::now();
    let cpu_before = cpu_seconds();
    let result = run(&contract, bytes, kind, &options, &mut |_| {
        ControlFlow::Continue(())
    })
    .expect("the generated records run");
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_before;
    println!(
        "{label:<12} {records} records, {:.1} MB: {seconds:.2} s wall, {cpu:.2} s CPU, {:.0} records per CPU second (eligible {}, review {}, suppressed {})",
        bytes.len() as f64 / 1e6,
        records as f64 / cpu,
        result.eligible,
        result.review,
        result.suppressed,
    );
}

fn main() {
    let records = std::env::args()
        .nth(1)
        .map(|n| n.parse().expect("RECORDS is a whole number"))
        .unwrap_or(1_000_000);
    measure("csv", RecordsKind::Csv, &csv(records), records);
    measure(
        "json lines",
        RecordsKind::JsonLines,
        &json_lines(records),
        records,
    );
}
