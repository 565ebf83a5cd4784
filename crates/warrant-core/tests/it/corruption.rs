//! Damaged registry files: a truncated file, a garbage header, a zeroed
//! page. `open_or_quarantine` (the app's way in) moves each aside — never
//! deleting or overwriting anything — and names where it went and the newest
//! backup; plain `Registry::open` (the CLI's way in) refuses it and leaves
//! it exactly where and as it was. A stray `-wal` file of garbage is moved
//! aside too, and the registry next to it opens with nothing lost.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::Utc;
use warrant_core::model::{Contract, WorkflowCategory};
use warrant_core::registry::{
    default_backup_dir, open_or_quarantine, restore_from, OpenFailure, Registry,
};
use warrant_core::ErrorCode;

const CONTRACTS: usize = 40;

/// A registry with enough contracts to span many pages, a daily backup of it,
/// and every connection closed (so the file is complete without its log).
fn registry_and_backup(dir: &Path) -> (PathBuf, PathBuf) {
    let db = dir.join("registry.db");
    let mut registry = Registry::open(&db).unwrap();
    for n in 0..CONTRACTS {
        let mut contract = Contract::new(
            format!("contract-{n}"),
            format!("Contract number {n}"),
            WorkflowCategory::ForecastCommentary,
        );
        contract.workflow.description = "A long enough description. ".repeat(20);
        registry.save_contract(&contract, "me@example.com").unwrap();
    }
    let backup = registry
        .auto_backup(&default_backup_dir(&db), Utc::now())
        .unwrap()
        .expect("a first automatic backup");
    drop(registry);
    (db, PathBuf::from(backup.path))
}

/// Every file under `dir` (recursively) with its bytes.
fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.insert(path.clone(), fs::read(&path).unwrap());
        }
    }
    files
}

/// How many of the files that existed `before` have contents found nowhere
/// any more (moved is fine, deleted or overwritten is not).
fn files_lost(before: &BTreeMap<PathBuf, Vec<u8>>, after: &BTreeMap<PathBuf, Vec<u8>>) -> usize {
    before
        .values()
        .filter(|bytes| !after.values().any(|b| b == *bytes))
        .count()
}

/// Fails naming the files that appeared, disappeared or changed (not their
/// bytes).
fn assert_unchanged(
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
    what: &str,
) {
    let mut differences = Vec::new();
    for (path, bytes) in before {
        match after.get(path) {
            None => differences.push(format!("gone: {}", path.display())),
            Some(b) if b != bytes => differences.push(format!("changed: {}", path.display())),
            Some(_) => {}
        }
    }
    for (path, bytes) in after.iter().filter(|(p, _)| !before.contains_key(*p)) {
        // SQLite's read-only look at a WAL-mode file creates its shared-memory
        // index and an empty log next to it; neither holds data.
        let name = path.to_string_lossy();
        let harmless = name.ends_with("-shm") || (name.ends_with("-wal") && bytes.is_empty());
        if !harmless {
            differences.push(format!("new: {}", path.display()));
        }
    }
    assert!(differences.is_empty(), "{what}: {differences:?}");
}

fn page_size(db: &Path) -> u64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA page_size", [], |r| r.get::<_, i64>(0))
        .unwrap() as u64
}

fn root_page(db: &Path, table: &str) -> u64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT rootpage FROM sqlite_schema WHERE name = ?1",
        [table],
        |r| r.get::<_, i64>(0),
    )
    .unwrap() as u64
}

type Damage = fn(&Path);

fn truncate_to_half(db: &Path) {
    let len = fs::metadata(db).unwrap().len();
    fs::OpenOptions::new()
        .write(true)
        .open(db)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
}

fn garbage_header(db: &Path) {
    let mut file = fs::OpenOptions::new().write(true).open(db).unwrap();
    file.write_all(&[0xA5; 100]).unwrap();
}

fn zero_a_page(db: &Path) {
    let size = page_size(db);
    let page = root_page(db, "contract_versions");
    let mut file = fs::OpenOptions::new().write(true).open(db).unwrap();
    file.seek(SeekFrom::Start((page - 1) * size)).unwrap();
    file.write_all(&vec![0u8; size as usize]).unwrap();
}

const DAMAGES: [(&str, Damage); 3] = [
    ("truncated file", truncate_to_half),
    ("garbage header", garbage_header),
    ("zeroed page", zero_a_page),
];

#[test]
fn a_damaged_registry_is_moved_aside_and_the_newest_backup_named() {
    let mut tried = 0;
    let mut lost = 0;
    for (what, damage) in DAMAGES {
        let dir = tempfile::tempdir().unwrap();
        let (db, backup) = registry_and_backup(dir.path());
        damage(&db);
        let damaged = fs::read(&db).unwrap();
        let before = files_under(dir.path());

        let failure = match open_or_quarantine(&db) {
            Ok(_) => panic!("{what}: the damaged registry opened"),
            Err(failure) => failure,
        };
        let OpenFailure::Corrupt {
            moved_to,
            newest_backup,
            error,
        } = failure
        else {
            panic!("{what}: not reported as damaged: {failure:?}");
        };
        tried += 1;
        assert_eq!(error.code, ErrorCode::Registry, "{what}");
        assert!(!db.exists(), "{what}: still in place");
        assert_eq!(
            fs::read(&moved_to).unwrap(),
            damaged,
            "{what}: moved, not changed"
        );
        assert_eq!(
            moved_to.parent(),
            db.parent(),
            "{what}: kept next to the registry"
        );
        assert_eq!(newest_backup.as_deref(), Some(backup.as_path()), "{what}");
        for named in [&moved_to, &backup] {
            assert!(
                error.message.contains(&named.display().to_string()),
                "{what}: the message should name {}: {}",
                named.display(),
                error.message
            );
        }
        let after = files_under(dir.path());
        lost += files_lost(&before, &after);

        // The way back: restore the named backup, and everything is there.
        restore_from(&backup, &db).unwrap();
        let registry = open_or_quarantine(&db).expect("the restored registry opens");
        assert_eq!(
            registry
                .list(&Default::default(), Utc::now())
                .unwrap()
                .len(),
            CONTRACTS,
            "{what}"
        );
        assert!(registry.verify_audit().unwrap().intact, "{what}");
    }
    println!("corruption: {tried} damaged registries tried, {lost} files deleted or overwritten");
    assert_eq!((tried, lost), (DAMAGES.len(), 0));
}

#[test]
fn plain_open_refuses_a_damaged_registry_and_leaves_it_in_place() {
    for (what, damage) in DAMAGES {
        let dir = tempfile::tempdir().unwrap();
        let (db, _backup) = registry_and_backup(dir.path());
        damage(&db);
        let before = files_under(dir.path());
        let err = match Registry::open(&db) {
            Ok(_) => panic!("{what}: opened"),
            Err(e) => e,
        };
        assert_eq!(err.code, ErrorCode::Registry, "{what}");
        assert!(
            err.message.contains("damaged") || err.message.contains("not a Warrant registry"),
            "{what}: {}",
            err.message
        );
        assert_unchanged(&before, &files_under(dir.path()), what);
    }
}

#[test]
fn a_stray_log_of_garbage_is_moved_aside_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _backup) = registry_and_backup(dir.path());
    let wal = dir.path().join("registry.db-wal");
    let garbage: Vec<u8> = (0..65_536u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    fs::write(&wal, &garbage).unwrap();

    let registry = open_or_quarantine(&db).expect("the registry itself is sound");
    assert_eq!(
        registry
            .list(&Default::default(), Utc::now())
            .unwrap()
            .len(),
        CONTRACTS
    );
    assert!(registry.verify_audit().unwrap().intact);
    let kept: Vec<PathBuf> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("-wal.damaged-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(fs::read(&kept[0]).unwrap(), garbage);
}

#[test]
fn a_registry_from_a_newer_warrant_is_refused_not_quarantined() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _backup) = registry_and_backup(dir.path());
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 9_999)
        .unwrap();
    let before = files_under(dir.path());
    match open_or_quarantine(&db) {
        Err(OpenFailure::Refused(e)) => {
            assert!(e.message.contains("newer Warrant"), "{}", e.message)
        }
        Err(other) => panic!("{other:?}"),
        Ok(_) => panic!("opened"),
    }
    assert_unchanged(&before, &files_under(dir.path()), "newer schema");
}
