//! Upgrades from every schema version this project ever shipped: a fixture
//! registry per version (`tests/fixtures/registry/v<N>.db`, made from the SQL
//! of the first N migrations and filled with hostile and non-ASCII text from
//! the Big List of Naughty Strings) is opened by today's Warrant and must
//! come out at the latest schema with every row and every value unchanged,
//! `PRAGMA foreign_key_check` empty and the audit chain intact. A migration
//! that fails half-way must leave the old file's data exactly as it was.
//!
//! Regenerate the fixtures (only when a migration is added; never rewrite an
//! existing one) with:
//! `cargo test -p warrant-core --test migrations_fixtures -- --ignored generate`

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use warrant_core::model::{Contract, Person, SuppressionRule, WorkflowCategory};
use warrant_core::registry::{DryRunRecord, ListQuery, Registry, SCHEMA_VERSION};
use warrant_core::ErrorCode;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(version: i64) -> PathBuf {
    repo_root().join(format!("tests/fixtures/registry/v{version}.db"))
}

/// The migration files, in order.
fn migrations() -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_root().join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

fn naughty_strings() -> Vec<String> {
    let text = std::fs::read_to_string(repo_root().join("tests/data/blns/blns.json")).unwrap();
    let all: Vec<String> = serde_json::from_str(&text).unwrap();
    all.into_iter()
        .filter(|s| !s.trim().is_empty() && s.chars().count() <= 200)
        .collect()
}

/// A registry at today's schema, filled through the public API with hostile
/// text everywhere a person can type: names, titles, descriptions, rules,
/// settings, dry-run file names.
fn build_source(path: &Path) {
    let strings = naughty_strings();
    let pick = |n: usize| strings[(n * 37) % strings.len()].clone();
    let mut registry = Registry::open(path).unwrap();
    let mut people = 0;
    for n in 0..40 {
        let person = Person {
            email: format!("person.{n}@example.com"),
            name: pick(n),
            team: pick(n + 100),
            title: pick(n + 200),
        };
        if registry.add_person(&person, "fixture@example.com").is_ok() {
            people += 1;
        }
    }
    assert!(people >= 20, "only {people} hostile names were accepted");
    let categories = [
        WorkflowCategory::ChurnRiskRouting,
        WorkflowCategory::ForecastCommentary,
        WorkflowCategory::LeadAccountPrioritization,
    ];
    let mut contracts = 0;
    for n in 0..24 {
        let mut contract = Contract::new(
            format!("naughty-{n:02}"),
            pick(n + 300),
            categories[n % categories.len()],
        );
        contract.workflow.description = pick(n + 400);
        contract.owners.business = Some(format!("person.{n}@example.com"));
        contract.suppression = vec![SuppressionRule {
            name: pick(n + 500),
            ..Default::default()
        }];
        let actor = format!("person.{}@example.com", n + 1);
        if registry.save_contract(&contract, &actor).is_err() {
            continue;
        }
        contracts += 1;
        contract.workflow.decision = format!("Ünïcödé decision {n}: {}", pick(n + 600));
        registry.save_contract(&contract, &actor).unwrap();
        registry
            .record_dry_run(
                &contract.id,
                2,
                &DryRunRecord {
                    file_name: format!("{}.csv", pick(n + 700)),
                    file_hash: "ab".repeat(32),
                    row_count: 10,
                    counts: warrant_core::dryrun::DryRunCounts {
                        eligible: 7,
                        review: 2,
                        suppressed: 1,
                        ..Default::default()
                    },
                },
                contract.owners.business.as_deref().unwrap(),
            )
            .unwrap();
    }
    assert!(
        contracts >= 20,
        "only {contracts} hostile contracts were accepted"
    );
    registry.set_setting("note", &pick(800)).unwrap();
}

/// The columns of `table` as SQLite reports them.
fn columns(conn: &Connection, schema: &str, table: &str) -> Vec<(String, String, bool)> {
    conn.prepare(&format!("PRAGMA {schema}.table_info(\"{table}\")"))
        .unwrap()
        .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get::<_, i64>(5)? > 0)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The first column of every row `sql` returns, as text.
fn first_column(conn: &Connection, sql: &str) -> Vec<String> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The data tables: everything but SQLite's own and FTS5's shadow tables.
fn tables(conn: &Connection) -> Vec<String> {
    first_column(
        conn,
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE 'contract_search_%' ORDER BY name",
    )
}

/// Every table, index and trigger with its SQL, by name: the whole schema.
fn schema(conn: &Connection) -> Vec<String> {
    first_column(
        conn,
        "SELECT type || ' ' || name || ' ' || ifnull(sql, '') FROM sqlite_schema ORDER BY name",
    )
}

#[test]
#[ignore = "writes tests/fixtures/registry/; run by hand when a migration is added"]
fn generate_registry_fixtures() {
    let work = tempfile::tempdir().unwrap();
    let source = work.path().join("source.db");
    build_source(&source);
    let migrations = migrations();
    assert_eq!(migrations.len() as i64, SCHEMA_VERSION);
    std::fs::create_dir_all(fixture(1).parent().unwrap()).unwrap();
    for version in 1..=SCHEMA_VERSION {
        let out = fixture(version);
        if out.exists() {
            println!("kept {} (fixtures are never rewritten)", out.display());
            continue;
        }
        let conn = Connection::open(&out).unwrap();
        let tx = conn.unchecked_transaction().unwrap();
        for (_, sql) in &migrations[..version as usize] {
            tx.execute_batch(sql).unwrap();
        }
        tx.pragma_update(None, "user_version", version).unwrap();
        tx.commit().unwrap();
        conn.execute("ATTACH DATABASE ?1 AS src", [source.to_str().unwrap()])
            .unwrap();
        // Tables are copied in name order, not dependency order.
        conn.pragma_update(None, "foreign_keys", false).unwrap();
        let tx = conn.unchecked_transaction().unwrap();
        for table in tables(&conn) {
            let here = columns(&conn, "main", &table);
            let there: Vec<String> = columns(&conn, "src", &table)
                .into_iter()
                .map(|c| c.0)
                .collect();
            let mut shared: Vec<String> = here
                .iter()
                .filter(|c| there.contains(&c.0))
                .map(|c| format!("\"{}\"", c.0))
                .collect();
            // Keep rowids where they are not a column already (the search
            // index is keyed by them from schema 4 on).
            if !here
                .iter()
                .any(|(_, ty, pk)| *pk && ty.eq_ignore_ascii_case("INTEGER"))
            {
                shared.insert(0, "rowid".into());
            }
            let list = shared.join(", ");
            tx.execute_batch(&format!(
                "INSERT INTO main.\"{table}\" ({list}) SELECT {list} FROM src.\"{table}\" ORDER BY rowid"
            ))
            .unwrap();
        }
        tx.commit().unwrap();
        conn.execute("DETACH DATABASE src", []).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete");
        conn.execute_batch("VACUUM").unwrap();
        println!("wrote {}", out.display());
    }
}

/// Every value of every data table, by table, in rowid order, as text.
fn contents(conn: &Connection, only_columns_of: &Connection) -> BTreeMap<String, Vec<String>> {
    let mut all = BTreeMap::new();
    for table in tables(only_columns_of) {
        let list = columns(only_columns_of, "main", &table)
            .into_iter()
            .map(|c| format!("quote(\"{}\")", c.0))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let order = if table == "contract_search" {
            "id"
        } else {
            "rowid"
        };
        let rows = first_column(
            conn,
            &format!("SELECT {list} FROM \"{table}\" ORDER BY {order}"),
        );
        all.insert(table, rows);
    }
    all
}

fn copy_of(version: i64, dir: &Path) -> PathBuf {
    let copy = dir.join(format!("v{version}.db"));
    std::fs::copy(fixture(version), &copy).unwrap();
    copy
}

#[test]
fn there_is_a_fixture_for_every_schema_version() {
    for version in 1..=SCHEMA_VERSION {
        let path = fixture(version);
        assert!(
            path.exists(),
            "{} is missing; generate it (see this file's header)",
            path.display()
        );
        let conn = Connection::open(&path).unwrap();
        let stored: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, version, "{}", path.display());
    }
}

#[test]
fn every_fixture_upgrades_to_the_latest_schema_with_its_content_unchanged() {
    let strings = naughty_strings();
    for version in 1..=SCHEMA_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = copy_of(version, dir.path());
        let before = {
            let conn = Connection::open(&path).unwrap();
            contents(&conn, &conn)
        };
        let contracts_before = before["contracts"].len();
        assert!(contracts_before >= 20, "v{version}: fixture too thin");

        let registry = Registry::open(&path).unwrap_or_else(|e| panic!("v{version}: {e}"));
        assert_eq!(registry.schema_version().unwrap(), SCHEMA_VERSION);
        let audit = registry.verify_audit().unwrap();
        assert!(
            audit.intact,
            "v{version}: {:?} {:?}",
            audit.first_bad,
            audit.state_mismatches.first()
        );
        let listed = registry
            .list(&ListQuery::default(), chrono::Utc::now())
            .unwrap();
        assert_eq!(listed.len(), contracts_before, "v{version}");
        for row in &listed {
            let stored = registry.contract(&row.id).unwrap();
            assert_eq!(stored.contract.title, row.title);
            assert!(strings.contains(&row.title), "v{version}: {:?}", row.title);
            // The search index finds every hostile title after the upgrade.
            if row.title.chars().any(char::is_alphanumeric) {
                let found = registry.search(&row.title).unwrap();
                assert!(
                    found.contains(&row.id),
                    "v{version}: searching {:?} did not find {}",
                    row.title,
                    row.id
                );
            }
        }
        drop(registry);

        let old = Connection::open(fixture(version)).unwrap();
        let upgraded = Connection::open(&path).unwrap();
        let after = contents(&upgraded, &old);
        for (table, rows) in &before {
            if table == "contract_search" {
                continue; // a derived index, rebuilt by migration 4; checked by search above
            }
            assert_eq!(&after[table], rows, "v{version}: table {table} changed");
        }
        let fk_problems: i64 = upgraded
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk_problems, 0, "v{version}: foreign_key_check");
        let check: String = upgraded
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "v{version}");
        drop(upgraded);

        // Saving a contract again as it is makes no new version, although a
        // version from before schema 5 hashes another spelling of its JSON.
        let mut registry = Registry::open(&path).unwrap();
        let first = registry
            .list(&ListQuery::default(), chrono::Utc::now())
            .unwrap()
            .remove(0);
        let stored = registry.contract(&first.id).unwrap();
        let saved = registry
            .save_contract(&stored.contract, "fixture@example.com")
            .unwrap();
        assert_eq!(
            (saved.outcome, saved.version),
            (
                warrant_core::registry::SaveOutcome::Unchanged,
                stored.version
            ),
            "v{version}"
        );
    }
}

/// `v5-seeded.db`: a registry the schema-5 app seeded with the five templates
/// as contracts; then someone retitled `template-rep-alerts` (version 2) and
/// dry-ran `template-forecast-commentary`. The upgrade to schema 6 moves the
/// three untouched templates to the library, keeps the two someone worked
/// on, records one event naming the three, and the state check still finds
/// every table as the trail says.
#[test]
fn the_upgrade_moves_untouched_seeded_templates_to_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5-seeded.db");
    std::fs::copy(
        repo_root().join("tests/fixtures/registry/v5-seeded.db"),
        &path,
    )
    .unwrap();
    let events_before: i64 = Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM audit_events", [], |r| r.get(0))
        .unwrap();

    let registry = Registry::open(&path).unwrap();
    let mut ids: Vec<String> = registry
        .list(&ListQuery::default(), chrono::Utc::now())
        .unwrap()
        .into_iter()
        .map(|row| row.id)
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "churn-risk-summary",
            "expansion-accounts-weekly",
            "hot-lead-routing",
            "template-forecast-commentary",
            "template-rep-alerts"
        ]
    );
    assert_eq!(
        registry
            .contract("template-rep-alerts")
            .unwrap()
            .contract
            .title,
        "Rep alerts for the EMEA team"
    );
    let events = registry.audit_events(None).unwrap();
    assert_eq!(events.len() as i64, events_before + 1);
    let moved = events.last().unwrap();
    assert_eq!(moved.kind, "templates_moved_to_library");
    assert_eq!(
        moved.payload["ids"],
        serde_json::json!([
            "template-churn-risk-routing",
            "template-lead-account-prioritization",
            "template-lifecycle-next-best-action"
        ])
    );
    let audit = registry.verify_audit().unwrap();
    assert!(
        audit.intact && audit.state_mismatches.is_empty(),
        "{:?} {:?}",
        audit.first_bad,
        audit.state_mismatches
    );
    drop(registry);

    // Versions are append-only again after the move.
    let conn = Connection::open(&path).unwrap();
    let refused = conn.execute(
        "DELETE FROM contract_versions WHERE contract_id = 'hot-lead-routing'",
        [],
    );
    assert!(refused.is_err(), "the append-only trigger is back");
    let indexed: i64 = conn
        .query_row(
            "SELECT count(*) FROM contract_search WHERE id LIKE 'template-%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexed, 2, "the moved templates' search entries are gone");
    let fk_problems: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk_problems, 0);
    drop(conn);

    // Opening again moves nothing more and records nothing.
    let registry = Registry::open(&path).unwrap();
    assert_eq!(
        registry.audit_events(None).unwrap().len() as i64,
        events_before + 1
    );
}

/// A row someone puts back after the move (or leaves behind) is a mismatch
/// the state check names: the trail says the template left the registry.
#[test]
fn a_moved_template_put_back_by_hand_is_a_state_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5-seeded.db");
    std::fs::copy(
        repo_root().join("tests/fixtures/registry/v5-seeded.db"),
        &path,
    )
    .unwrap();
    let original = Connection::open(&path).unwrap();
    let row: (String, String, String, String) = original
        .query_row(
            "SELECT snapshot, content_hash, saved_at, saved_by FROM contract_versions \
             WHERE contract_id = 'template-churn-risk-routing'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    drop(original);
    drop(Registry::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO contracts (id, title, category, status, authority, current_version, \
         created_at, created_by, updated_at, updated_by) \
         VALUES ('template-churn-risk-routing', 'x', 'churn_risk_routing', 'draft', 'route', 1, ?1, ?2, ?1, ?2)",
        [&row.2, &row.3],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO contract_versions (contract_id, version, snapshot, content_hash, saved_at, saved_by) \
         VALUES ('template-churn-risk-routing', 1, ?1, ?2, ?3, ?4)",
        [&row.0, &row.1, &row.2, &row.3],
    )
    .unwrap();
    drop(conn);
    let registry = Registry::open(&path).unwrap();
    let audit = registry.verify_audit().unwrap();
    assert!(!audit.intact);
    assert!(
        audit
            .state_mismatches
            .iter()
            .any(|m| m.what == "contract template-churn-risk-routing"),
        "{:?}",
        audit.state_mismatches
    );
}

/// Breaks one statement late in the pending migrations of a copied fixture,
/// opens it, and checks that nothing of the earlier statements remains.
fn failing_upgrade_changes_nothing(version: i64, sabotage: &str, failing: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of(version, dir.path());
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(sabotage).unwrap();
    let schema_before = schema(&conn);
    let before = contents(&conn, &conn);
    drop(conn);

    let err = match Registry::open(&path) {
        Ok(_) => {
            panic!("v{version}: the sabotaged migration did not fail; update this test's sabotage")
        }
        Err(e) => e,
    };
    assert_eq!(err.code, ErrorCode::Registry);
    assert!(err.message.contains(failing), "v{version}: {}", err.message);

    let conn = Connection::open(&path).unwrap();
    let stored: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, version);
    let schema_after = schema(&conn);
    assert_eq!(schema_after, schema_before, "v{version}: schema changed");
    assert_eq!(contents(&conn, &conn), before, "v{version}: data changed");
}

#[test]
fn a_migration_failing_on_its_last_statement_leaves_the_old_data_intact() {
    // From schema 1, migrations 2 and 3 and most of 4 succeed; 4's final
    // UPDATE of every contract then hits this trigger.
    failing_upgrade_changes_nothing(
        1,
        "CREATE TRIGGER injected_failure BEFORE UPDATE ON contracts \
         BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
        "0004_search_rowid.sql",
    );
}

#[test]
fn a_migration_failing_half_way_leaves_the_old_data_intact() {
    // Migration 3 adds two columns; the second already exists here.
    failing_upgrade_changes_nothing(
        2,
        "ALTER TABLE contracts ADD COLUMN signed_off_at TEXT;",
        "0003_lifecycle.sql",
    );
}
