//! Backups and restores: a backup taken while another writer is busy is a
//! sound, consistent registry; a restore checks the backup first and keeps
//! the replaced registry aside; the daily automatic backup keeps seven.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::{TimeDelta, TimeZone, Utc};
use warrant_core::model::{Contract, WorkflowCategory};
use warrant_core::registry::{
    check_backup, list_backups, restore_from, Registry, BACKUPS_KEPT, SCHEMA_VERSION,
};
use warrant_core::ErrorCode;

fn draft(id: &str, title: &str) -> Contract {
    Contract::new(id, title, WorkflowCategory::ChurnRiskRouting)
}

fn registry_with(path: &Path, ids: &[&str]) -> Registry {
    let mut registry = Registry::open(path).unwrap();
    for id in ids {
        registry
            .save_contract(&draft(id, &format!("Title of {id}")), "me@example.com")
            .unwrap();
    }
    registry
}

#[test]
fn a_backup_taken_while_another_connection_writes_is_sound() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let registry = registry_with(&db, &["seed-one"]);

    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let db = db.clone();
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut other = Registry::open(&db).unwrap();
            let mut saves = 0u32;
            while !stop.load(Ordering::Relaxed) {
                other
                    .save_contract(
                        &draft("busy", &format!("save {saves}")),
                        "writer@example.com",
                    )
                    .unwrap();
                saves += 1;
            }
            saves
        })
    };
    // Let the writer get going, then back up repeatedly under its load.
    while registry.contract("busy").is_err() {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let mut previous_events = 0;
    for n in 0..8 {
        let dest = dir.path().join(format!("backup-{n}.db"));
        let check = registry.backup_to(&dest).unwrap();
        assert_eq!(check.schema_version, SCHEMA_VERSION);
        assert!(check.audit_events >= previous_events);
        previous_events = check.audit_events;
        // Sound on its own, a registry that opens, and one moment's state.
        let copy = Registry::open(&dest).unwrap();
        let audit = copy.verify_audit().unwrap();
        assert!(audit.intact, "{:?}", audit.first_bad);
        assert_eq!(audit.events, check.audit_events);
    }
    stop.store(true, Ordering::Relaxed);
    let saves = writer.join().unwrap();
    assert!(saves > 0);
}

#[test]
fn a_backup_never_replaces_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let registry = registry_with(&dir.path().join("registry.db"), &["a"]);
    let dest = dir.path().join("precious.txt");
    std::fs::write(&dest, "keep me").unwrap();
    let err = registry.backup_to(&dest).unwrap_err();
    assert!(err.message.contains("already exists"), "{}", err.message);
    assert_eq!(std::fs::read_to_string(&dest).unwrap(), "keep me");
}

#[test]
fn restore_checks_the_backup_and_keeps_the_current_registry_aside() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let backup = dir.path().join("monday.db");
    {
        let registry = registry_with(&db, &["monday"]);
        registry.backup_to(&backup).unwrap();
        let mut registry = registry;
        registry
            .save_contract(&draft("tuesday", "Made after the backup"), "me@example.com")
            .unwrap();
    }

    let restored = restore_from(&backup, &db).unwrap();
    assert_eq!(restored.backup.contracts, 1);
    let aside = restored.kept_aside.expect("the replaced registry is kept");
    assert!(aside.contains("before-restore"), "{aside}");

    let registry = Registry::open(&db).unwrap();
    assert!(registry.contract("monday").is_ok());
    assert!(registry.contract("tuesday").is_err());
    assert!(registry.verify_audit().unwrap().intact);
    // The replaced registry, whole, with the work done after the backup.
    let kept = Registry::open(Path::new(&aside)).unwrap();
    assert!(kept.contract("tuesday").is_ok());
}

#[test]
fn restore_refuses_bad_backups_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    drop(registry_with(&db, &["current"]));

    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, vec![0x5a; 8192]).unwrap();
    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let newer = dir.path().join("newer.db");
    registry_with(&db, &[]).backup_to(&newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    // Every registry connection is closed: the file is complete on its own.
    let before = std::fs::read(&db).unwrap();

    for (backup, expected) in [
        (&garbage, "damaged or not a database"),
        (&foreign, "not a Warrant registry"),
        (&newer, "newer Warrant"),
        (&dir.path().join("missing.db"), "no such file"),
    ] {
        let err = restore_from(backup, &db).unwrap_err();
        assert_eq!(err.code, ErrorCode::Registry);
        assert!(
            err.message.contains(expected),
            "{}: {}",
            backup.display(),
            err.message
        );
        assert_eq!(std::fs::read(&db).unwrap(), before, "{}", backup.display());
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains("before-restore")),
        "{names:?}"
    );
    assert!(check_backup(&newer).is_err());
}

#[test]
fn automatic_backups_run_once_a_day_and_keep_the_last_seven() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let registry = registry_with(&db, &["daily"]);
    let backups = warrant_core::registry::default_backup_dir(&db);
    let day0 = Utc.with_ymd_and_hms(2025, 3, 1, 8, 0, 0).unwrap();

    let first = registry
        .auto_backup(&backups, day0)
        .unwrap()
        .expect("first backup");
    assert!(check_backup(Path::new(&first.path)).is_ok());
    assert_eq!(
        registry
            .auto_backup(&backups, day0 + TimeDelta::hours(23))
            .unwrap(),
        None
    );
    for day in 1..=10 {
        let taken = registry
            .auto_backup(&backups, day0 + TimeDelta::days(day))
            .unwrap();
        assert!(taken.is_some(), "day {day}");
    }
    let listed = list_backups(&backups).unwrap();
    assert_eq!(listed.len(), BACKUPS_KEPT);
    assert_eq!(listed[0].taken_at, day0 + TimeDelta::days(10));
    assert_eq!(listed[6].taken_at, day0 + TimeDelta::days(4));
    assert!(listed.windows(2).all(|w| w[0].taken_at > w[1].taken_at));
}
