//! `warrant backup` / `warrant restore` end to end, and `warrant import`
//! into a registry another process is writing to at that very moment: the
//! import waits its turn and succeeds, and the file stays whole.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::support::{ok, warrant, IMPORTER};
use warrant_core::format::to_json;
use warrant_core::model::{Contract, WorkflowCategory};
use warrant_core::registry::Registry;

fn contract_file(dir: &Path, id: &str) -> String {
    let path = dir.join(format!("{id}.json"));
    let contract = Contract::new(
        id,
        format!("Imported {id}"),
        WorkflowCategory::ForecastCommentary,
    );
    std::fs::write(&path, to_json(&contract)).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn backup_then_restore_brings_the_old_registry_back_and_keeps_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let db = db.to_str().unwrap();
    let backup = dir.path().join("saved/monday.db");
    let backup = backup.to_str().unwrap();
    ok(&["init", "--db", db]);

    let said = ok(&["backup", "--out", backup, "--db", db]);
    assert!(said.contains("integrity check ok"), "{said}");
    // A second backup to the same name is refused, the first kept.
    let again = warrant(&["backup", "--out", backup, "--db", db]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let file = contract_file(dir.path(), "after-the-backup");
    ok(&["import", &file, "--db", db, "--as", IMPORTER]);
    assert!(ok(&["list", "--db", db]).contains("after-the-backup"));

    let said = ok(&["restore", backup, "--db", db]);
    assert!(said.contains("kept as"), "{said}");
    assert!(!ok(&["list", "--db", db]).contains("after-the-backup"));
    let aside = said
        .lines()
        .find_map(|l| l.strip_prefix("The registry it replaced was kept as "))
        .unwrap()
        .trim_end_matches('.');
    assert!(ok(&["list", "--db", aside]).contains("after-the-backup"));
    ok(&["audit", "verify", "--db", db]);
}

#[test]
fn restore_refuses_a_file_that_is_not_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let db = db.to_str().unwrap();
    ok(&["init", "--db", db]);
    let before = std::fs::read(db).unwrap();
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "not a database at all, just text ".repeat(200)).unwrap();
    let out = warrant(&["restore", junk.to_str().unwrap(), "--db", db]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be used as a backup"));
    assert_eq!(std::fs::read(db).unwrap(), before);
}

#[test]
fn importing_while_another_process_writes_waits_and_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let db_text = db.to_str().unwrap().to_string();
    ok(&["init", "--db", &db_text]);

    // This test process is the other writer: saving as fast as it can.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let db = db.clone();
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut registry = Registry::open(&db).unwrap();
            let mut contract =
                Contract::new("busy-writer", "0", WorkflowCategory::ChurnRiskRouting);
            let mut saves = 0u32;
            while !stop.load(Ordering::Relaxed) {
                contract.title = format!("save {saves}");
                registry
                    .save_contract(&contract, "writer@example.com")
                    .unwrap();
                saves += 1;
                // Faster than any person types, slower than a tight loop
                // that would leave the importer only SQLite's retry gaps.
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            saves
        })
    };
    for n in 0..6 {
        let file = contract_file(dir.path(), &format!("cli-import-{n}"));
        ok(&["import", &file, "--db", &db_text, "--as", IMPORTER]);
    }
    stop.store(true, Ordering::Relaxed);
    let saves = writer.join().unwrap();
    assert!(saves > 0);

    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let listed = ok(&["list", "--db", &db_text]);
    for n in 0..6 {
        assert!(listed.contains(&format!("cli-import-{n}")), "{listed}");
    }
    ok(&["audit", "verify", "--db", &db_text]);
}
