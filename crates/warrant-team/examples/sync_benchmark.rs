//! How long a team registry takes at scale: joining a repository of 1,000
//! contracts with 4 records each (submitted, approved by both owners,
//! launched), an incremental sync of one change against a local remote, and
//! `verify` of the repository. Prints figures; asserts nothing about time.
//! Run it in release:
//!
//! ```text
//! cargo run --release -p warrant-team --example sync_benchmark
//! ```
//!
//! Targets: join ≤ 10 s, incremental sync ≤ 1 s, verify ≤ 2 s.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use warrant_core::model::Status;
use warrant_core::registry::Registry;
use warrant_team::sync;

#[path = "large_repository/mod.rs"]
mod large_repository;

use large_repository::{CONTRACTS, RECORDS};

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.com",
        ])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

fn main() {
    let keys = tempfile::TempDir::new().unwrap();
    let work = tempfile::TempDir::new().unwrap();
    let remote_dir = tempfile::TempDir::new().unwrap();
    git(work.path(), &["init", "-q", "--initial-branch=main"]);
    let started = Instant::now();
    let large_repository::Signers {
        bea,
        bea_path,
        dan,
        dan_path,
    } = large_repository::write(work.path(), keys.path());
    let (b, d) = ("bea@example.com", "dan@example.com");
    git(work.path(), &["add", "-A"]);
    git(work.path(), &["commit", "-q", "-m", "1,000 contracts"]);
    let remote = remote_dir.path().join("team.git");
    let remote_text = remote.to_string_lossy().to_string();
    git(
        remote_dir.path(),
        &[
            "init",
            "-q",
            "--bare",
            "--initial-branch=main",
            &remote_text,
        ],
    );
    git(
        work.path(),
        &["push", "-q", &remote_text, "HEAD:refs/heads/main"],
    );
    println!(
        "generated {CONTRACTS} contracts, {RECORDS} records, pushed, in {:.2?}",
        started.elapsed()
    );

    let desks: Vec<tempfile::TempDir> = (0..2).map(|_| tempfile::TempDir::new().unwrap()).collect();
    let mut registries = Vec::new();
    for (desk, (email, key, path)) in desks
        .iter()
        .zip([(d, &dan, &dan_path), (b, &bea, &bea_path)])
    {
        let db = desk.path().join("registry.db");
        let mut registry = Registry::open(&db).unwrap();
        let started = Instant::now();
        let report = sync::join(
            &mut registry,
            &remote_text,
            email,
            Some(key),
            &path.to_string_lossy(),
            &sync::work_dir_for(&db),
        )
        .unwrap();
        println!(
            "join as {email}: {:.2?} ({} versions, {} records, {} refused)",
            started.elapsed(),
            report.applied.versions_in.len(),
            report.applied.records.len(),
            report
                .applied
                .records
                .iter()
                .filter(|r| r.outcome == warrant_core::registry::TeamRecordOutcome::Refused)
                .count()
        );
        assert_eq!(registry.status("contract-0500").unwrap(), Status::Live);
        registries.push((registry, db));
    }

    // One change on one desk, synced out, then in on the other.
    let (first, rest) = registries.split_at_mut(1);
    let (dan_registry, dan_db) = &mut first[0];
    let (bea_registry, _) = &mut rest[0];
    let mut edited = dan_registry.contract("contract-0042").unwrap().contract;
    edited.title.push_str(" (edited)");
    dan_registry.save_contract(&edited, d).unwrap();
    for (who, registry) in [("out", &mut *dan_registry), ("in", &mut *bea_registry)] {
        let started = Instant::now();
        let report = sync::sync(registry).unwrap();
        println!(
            "incremental sync {who}: {:.2?} ({} version(s) out, {} in)",
            started.elapsed(),
            report.versions_out,
            report.applied.versions_in.len()
        );
    }
    let started = Instant::now();
    let report = warrant_team::verify(&sync::work_dir_for(dan_db)).unwrap();
    println!(
        "verify: {:.2?} ({} records, {} failure(s))",
        started.elapsed(),
        report.records_checked,
        report.failures.len()
    );
    println!("targets: join 10 s, incremental sync 1 s, verify 2 s (release)");
}
