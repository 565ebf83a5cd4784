//! Opening registry files: migration of a new file, the pragmas every
//! connection needs, and the files that must be refused without being touched.

use std::fs;

use crate::registry_support::*;
use warrant_core::registry::{Registry, SCHEMA_VERSION};
use warrant_core::ErrorCode;

/// Every file in the directory with its bytes, to prove nothing changed.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Opening `path` is refused as not a registry, and no file in `dir` changes.
fn refused_and_left_untouched(dir: &std::path::Path, path: &std::path::Path) {
    let before = snapshot(dir);
    let err = Registry::open(path).err().expect("refused");
    assert_eq!(err.code, ErrorCode::Registry);
    assert!(
        err.message.contains("not a Warrant registry"),
        "{}",
        err.message
    );
    assert_eq!(snapshot(dir), before);
}

#[test]
fn a_new_file_is_migrated_to_the_latest_schema_in_wal_mode() {
    let mut t = temp_registry();
    assert_eq!(t.registry.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(t.registry.is_empty().unwrap());
    let raw = t.raw();
    let mode: String = raw
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let tables: Vec<String> = raw
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'contract_search_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in [
        "audit_events",
        "audit_head",
        "contract_search",
        "contract_versions",
        "contracts",
        "dry_runs",
        "people",
        "reviews",
    ] {
        assert!(
            tables.iter().any(|t| t == table),
            "{table} missing from {tables:?}"
        );
    }
}

#[test]
fn data_survives_closing_and_reopening() {
    let mut t = temp_registry();
    t.registry
        .save_contract(&churn("churn-a", "Churn A"), ME)
        .unwrap();
    t.reopen();
    assert_eq!(t.registry.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        t.registry.contract("churn-a").unwrap().contract.title,
        "Churn A"
    );
    assert!(t.registry.verify_audit().unwrap().intact);
}

#[test]
fn a_registry_from_a_newer_warrant_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.warrant");
    {
        // A file as a future Warrant might leave it: rollback journal, a
        // table this build does not know, a schema version beyond ours.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE future_things (x TEXT); INSERT INTO future_things VALUES ('keep me');",
        )
        .unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 7)
            .unwrap();
    }
    let before = snapshot(dir.path());
    let err = Registry::open(&path)
        .err()
        .expect("a newer registry must be refused");
    assert_eq!(err.code, ErrorCode::Registry);
    assert!(
        err.message.contains("made by a newer Warrant"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains(&(SCHEMA_VERSION + 7).to_string()),
        "{}",
        err.message
    );
    assert_eq!(
        snapshot(dir.path()),
        before,
        "the file (and its directory) must not change"
    );
}

#[test]
fn an_sqlite_file_of_another_program_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE invoices (n INTEGER);")
            .unwrap();
    }
    refused_and_left_untouched(dir.path(), &path);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    fs::write(
        &path,
        "format: warrant/v1\nid: not-a-database\n".repeat(200),
    )
    .unwrap();
    refused_and_left_untouched(dir.path(), &path);
}

#[test]
fn an_empty_file_becomes_a_registry() {
    // An empty file is a valid, empty SQLite database (e.g. made by `touch`).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.warrant");
    fs::write(&path, b"").unwrap();
    let registry = Registry::open(&path).unwrap();
    assert_eq!(registry.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn two_connections_to_one_file_both_work() {
    let mut t = temp_registry();
    let mut second = Registry::open(&t.path).unwrap();
    t.registry
        .save_contract(&churn("churn-a", "Churn A"), ME)
        .unwrap();
    second
        .save_contract(&churn("churn-b", "Churn B"), ME)
        .unwrap();
    assert_eq!(
        t.registry
            .list(&Default::default(), chrono::Utc::now())
            .unwrap()
            .len(),
        2
    );
    assert!(second.verify_audit().unwrap().intact);
}
