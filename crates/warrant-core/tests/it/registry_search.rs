//! The contract_search index: search as you type over the current version,
//! and hostile input that must never reach FTS5's query syntax.

use crate::registry_support::*;
use crate::support::listed_ids;
use chrono::Utc;
use warrant_core::model::SuppressionRule;
use warrant_core::registry::ListQuery;

fn searched(t: &TempRegistry, text: &str) -> Vec<String> {
    let mut ids = t.registry.search(text).unwrap();
    ids.sort();
    ids
}

fn two_contracts() -> TempRegistry {
    let mut t = temp_registry();
    t.registry
        .save_contract(
            &churn("churn-risk-summary", "Churn-risk summary for CSMs"),
            ME,
        )
        .unwrap();
    let mut lead = lead_draft("lead-routing", "Inbound lead routing");
    lead.workflow.description = "Send hot accounts to the SDR queue.".into();
    lead.suppression = vec![SuppressionRule {
        name: "Strategic accounts list".into(),
        ..Default::default()
    }];
    lead.owners.business = Some("vp.sales@example.com".into());
    t.registry.save_contract(&lead, ME).unwrap();
    t
}

#[test]
fn every_field_the_registry_screen_promises_is_searchable_by_prefix() {
    let t = two_contracts();
    for (text, expected) in [
        ("chu", vec!["churn-risk-summary"]),            // title and id
        ("risk-summ", vec!["churn-risk-summary"]),      // id as typed
        ("inbou", vec!["lead-routing"]),                // title
        ("CSM", vec!["churn-risk-summary"]),            // case-insensitive
        ("account_health", vec!["churn-risk-summary"]), // source name
        ("wareh", vec!["churn-risk-summary"]),          // source system
        ("support.lead@", vec!["churn-risk-summary"]),  // source owner
        ("vp.sales", vec!["lead-routing"]),             // owner
        ("SDR que", vec!["lead-routing"]),              // description
        ("strategic", vec!["lead-routing"]),            // suppression rule name
        ("P1/P2", vec!["churn-risk-summary"]),          // suppression rule name with punctuation
        ("reason code", vec!["churn-risk-summary"]),    // workflow decision
        ("churn_risk_routing", vec!["churn-risk-summary"]), // category
        ("a", vec!["churn-risk-summary", "lead-routing"]),
        ("churn sdr", vec![]), // every word must match
    ] {
        assert_eq!(searched(&t, text), expected, "searching {text:?}");
    }
}

/// Search as you type: the first letters of a word find what the word
/// finds, accents and case folded the same way, and the ids come from the
/// contracts table (migration 0008) for exactly the rows the index matched.
#[test]
fn the_first_letters_of_a_word_find_what_the_word_finds() {
    let mut t = two_contracts();
    t.registry
        .save_contract(&churn("uberblick", "Überblick der Éclairs"), ME)
        .unwrap();
    for text in ["ub", "übe", "Überb", "überblick"] {
        assert_eq!(searched(&t, text), ["uberblick"], "searching {text:?}");
    }
    for text in ["u", "e", "éc", "ECL", "eclairs"] {
        assert!(
            searched(&t, text).contains(&"uberblick".to_string()),
            "searching {text:?}"
        );
    }
    // One letter finds every contract with a word that starts with it.
    assert_eq!(
        searched(&t, "s"),
        ["churn-risk-summary", "lead-routing", "uberblick"]
    );
    assert_eq!(searched(&t, "ü"), searched(&t, "u"));
}

#[test]
fn search_follows_the_current_version_only() {
    let mut t = two_contracts();
    let mut renamed = lead_draft("lead-routing", "Territory assignment");
    renamed.workflow.description = "Assign new accounts by territory.".into();
    t.registry.save_contract(&renamed, ME).unwrap();
    assert!(searched(&t, "inbound").is_empty());
    assert_eq!(searched(&t, "territ"), ["lead-routing"]);
    t.reopen();
    assert_eq!(searched(&t, "terr assign"), ["lead-routing"]);
}

#[test]
fn list_uses_search_together_with_filters() {
    let t = two_contracts();
    let ids = |q: ListQuery| listed_ids(&t.registry, &q);
    assert_eq!(
        ids(ListQuery {
            search: Some("sdr".into()),
            ..Default::default()
        }),
        ["lead-routing"]
    );
    assert_eq!(
        ids(ListQuery {
            search: Some("  ".into()),
            ..Default::default()
        })
        .len(),
        2,
        "blank search is no filter"
    );
    assert!(ids(ListQuery {
        search: Some("sdr".into()),
        owner: Some("dana@example.com".into()),
        ..Default::default()
    })
    .is_empty());
}

#[test]
fn a_limited_list_is_the_first_rows_of_the_whole_list() {
    let mut t = two_contracts();
    for (id, title) in [
        ("b-second", "beta"),
        ("a-first", "Alpha"),
        ("z-last", "zulu"),
    ] {
        t.registry.save_contract(&churn(id, title), ME).unwrap();
    }
    let whole = listed_ids(&t.registry, &ListQuery::default());
    assert_eq!(whole.len(), 5);
    for n in 0..=6 {
        let first = listed_ids(
            &t.registry,
            &ListQuery {
                limit: Some(n),
                ..Default::default()
            },
        );
        assert_eq!(first, whole[..(n as usize).min(5)], "limit {n}");
    }
    // Filters apply before the limit: the first rows that pass.
    let lead = listed_ids(
        &t.registry,
        &ListQuery {
            search: Some("sdr".into()),
            limit: Some(1),
            ..Default::default()
        },
    );
    assert_eq!(lead, ["lead-routing"]);
}

#[test]
fn fts_syntax_in_user_input_is_only_text() {
    let t = two_contracts();
    for text in [
        "\"",
        "\"\"",
        "*",
        "**",
        "-",
        "-churn",
        "OR",
        "OR (",
        "AND",
        "NOT churn",
        "churn OR lead",
        "(",
        ")",
        "()",
        "NEAR(churn lead)",
        "churn*",
        "^churn",
        "title:churn",
        "{title}: x",
        "'",
        "\\",
        "%",
        "_",
        ":",
        "+",
        "\0",
        "churn\"lead",
        "\u{0301}",
        "🙂",
        "\u{202e}churn",
        "٣",
    ] {
        let result = t.registry.search(text);
        assert!(result.is_ok(), "{text:?} failed: {result:?}");
        let listed = t.registry.list(
            &ListQuery {
                search: Some(text.into()),
                ..Default::default()
            },
            Utc::now(),
        );
        assert!(listed.is_ok(), "{text:?} failed in list: {listed:?}");
    }
    // Operators are plain words, and words still match as prefixes.
    assert_eq!(searched(&t, "-churn"), ["churn-risk-summary"]);
    assert_eq!(
        searched(&t, "churn OR lead"),
        Vec::<String>::new(),
        "OR is a word no contract contains"
    );
    assert_eq!(searched(&t, "(churn)*"), ["churn-risk-summary"]);
}

#[test]
fn no_string_of_the_big_list_of_naughty_strings_breaks_search() {
    let t = two_contracts();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/blns/blns.json"
    ))
    .unwrap();
    let strings: Vec<String> = serde_json::from_str(&text).unwrap();
    assert!(strings.len() > 500);
    for s in &strings {
        assert!(t.registry.search(s).is_ok(), "{s:?}");
    }
}

#[test]
fn hostile_text_is_stored_and_found_like_any_other() {
    let mut t = temp_registry();
    let title = r#"Robert'); DROP TABLE contracts;-- "quoted" OR (x) *star*"#;
    t.registry
        .save_contract(&lead_draft("hostile", title), ME)
        .unwrap();
    assert_eq!(
        t.registry.contract("hostile").unwrap().contract.title,
        title
    );
    assert_eq!(searched(&t, "drop table"), ["hostile"]);
    assert_eq!(searched(&t, "\"quoted\""), ["hostile"]);
    assert_eq!(searched(&t, "*star"), ["hostile"]);
}

/// The registry row caches readiness per version; it must still follow the
/// clock (R3 freshness) and a newly recorded dry run (X4).
#[test]
fn listed_readiness_follows_the_clock_and_new_dry_runs() {
    use chrono::TimeZone;
    use warrant_core::readiness::Verdict;
    use warrant_core::registry::DryRunRecord;

    let mut t = temp_registry();
    let synced = Utc.with_ymd_and_hms(2026, 11, 20, 6, 0, 0).unwrap();
    // The shipped churn example reaches `act`; only freshness will change.
    let mut c = warrant_core::defaults::examples()
        .into_iter()
        .find(|c| c.id == "churn-risk-summary")
        .unwrap();
    c.id = "fresh-then-stale".into();
    c.sources[0].last_synced_at = Some(synced);
    c.sources[0].max_age_hours = Some(24);
    t.registry.save_contract(&c, ME).unwrap();

    let row_at = |t: &TempRegistry, at| {
        t.registry
            .list(&ListQuery::default(), at)
            .unwrap()
            .into_iter()
            .find(|r| r.id == "fresh-then-stale")
            .unwrap()
    };
    let fresh = row_at(&t, synced + chrono::Duration::hours(1));
    let stale = row_at(&t, synced + chrono::Duration::hours(25));
    let fresh_again = row_at(&t, synced + chrono::Duration::hours(2));
    let direct = |at| t.registry.readiness("fresh-then-stale", at).unwrap();
    assert_eq!(
        fresh.ceiling,
        direct(synced + chrono::Duration::hours(1)).ceiling
    );
    assert_eq!(
        stale.ceiling,
        direct(synced + chrono::Duration::hours(25)).ceiling
    );
    assert_eq!(fresh_again.ceiling, fresh.ceiling);
    assert!(
        stale.ceiling < fresh.ceiling,
        "a stale source must cost the route rung: fresh {:?}, stale {:?}",
        fresh.ceiling,
        stale.ceiling
    );

    // X4 holds once a dry run is recorded, without any new version.
    let mut act = churn("needs-a-dry-run", "Acts once records were tried");
    act.authority = warrant_core::model::Authority::Act;
    act.launch_checks.sample_records_pulled = None;
    t.registry.save_contract(&act, ME).unwrap();
    let now = Utc::now();
    let before = t.registry.readiness("needs-a-dry-run", now).unwrap();
    assert!(before.findings.iter().any(|f| f.rule == "X4"));
    let listed_before = row_at_id(&t, "needs-a-dry-run", now);
    t.registry
        .record_dry_run(
            "needs-a-dry-run",
            1,
            &DryRunRecord {
                file_name: "sample.csv".into(),
                file_hash: "00".repeat(32),
                row_count: 10,
                counts: warrant_core::dryrun::DryRunCounts {
                    eligible: 10,
                    review: 0,
                    suppressed: 0,
                    ..Default::default()
                },
            },
            ME,
        )
        .unwrap();
    let after = t.registry.readiness("needs-a-dry-run", now).unwrap();
    assert!(!after.findings.iter().any(|f| f.rule == "X4"));
    let listed_after = row_at_id(&t, "needs-a-dry-run", now);
    assert_eq!(listed_before.verdict, before.verdict);
    assert_eq!(listed_after.verdict, after.verdict);
    assert_eq!(listed_after.ceiling, after.ceiling);
    let _ = Verdict::Ready;
}

fn row_at_id(
    t: &TempRegistry,
    id: &str,
    at: chrono::DateTime<Utc>,
) -> warrant_core::registry::ContractSummary {
    t.registry
        .list(&ListQuery::default(), at)
        .unwrap()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap()
}

/// Regression: migration 0004 rebuilt the search index keyed by rowid; a
/// registry written by schema 3 must still find its contracts afterwards,
/// and saves after the upgrade must replace (not duplicate) index rows.
#[test]
fn search_index_survives_the_rowid_migration() {
    let mut t = two_contracts();
    {
        // Play a schema-3 registry: old index rows without rowid links.
        let raw = t.raw();
        raw.execute_batch(
            "DROP TRIGGER contract_versions_no_update; DROP TRIGGER contract_versions_no_delete;
             DROP TRIGGER reviews_no_update; DROP TRIGGER reviews_no_delete;
             DROP TRIGGER dry_runs_no_update; DROP TRIGGER dry_runs_no_delete;
             DROP TABLE team_connection; DROP TABLE team_versions;
             DROP TABLE team_records; DROP TABLE team_conflicts;
             ALTER TABLE contracts DROP COLUMN in_force_version;
             ALTER TABLE contracts DROP COLUMN pending_status;
             DROP INDEX contracts_by_search_rowid;
             ALTER TABLE contracts DROP COLUMN search_rowid;
             DROP TABLE contract_search;
             CREATE VIRTUAL TABLE contract_search USING fts5 (
                 id, title, workflow, sources, owners, suppression,
                 tokenize = 'unicode61 remove_diacritics 2');
             INSERT INTO contract_search (id, title, workflow, sources, owners, suppression)
                 SELECT id, title, '', '', '', '' FROM contracts;
             PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    t.reopen();
    assert_eq!(
        searched(&t, "SDR que"),
        vec!["lead-routing"],
        "rebuilt from the snapshot"
    );
    assert_eq!(searched(&t, "strategic"), vec!["lead-routing"]);
    let mut lead = t.registry.contract("lead-routing").unwrap().contract;
    lead.title = "Inbound lead routing, renamed".into();
    t.registry.save_contract(&lead, ME).unwrap();
    assert_eq!(searched(&t, "renamed"), vec!["lead-routing"]);
    assert_eq!(
        searched(&t, "inbou"),
        vec!["lead-routing"],
        "one index row per contract"
    );
    let rows: i64 = {
        let raw = t.raw();
        raw.query_row("SELECT count(*) FROM contract_search", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(rows, 2);
}
