//! The published JSON Schema and the parser are one reading of warrant/v1:
//! for every generated file, the schema accepts it exactly when the parser
//! does. Files are the shipped contracts and templates with up to four
//! mutations each, drawn from values at the edge of every reading rule
//! (listed values, dates, times, ratios, whole numbers, ids, titles,
//! owners, unknown and missing keys). Both spellings are parsed: the YAML
//! written from the same value must be read the same way as the JSON.
//!
//! Each run generates 1,200 files (`PROPTEST_CASES` may ask for more, never
//! fewer), each parsed in both spellings.

use proptest::prelude::*;
use serde_json::{json, Value};
use warrant_core::defaults;
use warrant_core::format::{parse_contract, schema_json};

fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let schema: Value = serde_json::from_str(&schema_json()).unwrap();
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the published schema compiles")
    })
}

fn bases() -> Vec<Value> {
    defaults::contracts()
        .iter()
        .chain(defaults::templates().iter())
        .map(|c| serde_json::to_value(c).unwrap())
        .collect()
}

/// Files generated per run: 1,200, or more when `PROPTEST_CASES` asks.
fn generated_files() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .map_or(1200, |n: u32| n.max(1200))
}

/// One change to a document, by JSON pointer.
#[derive(Debug, Clone)]
enum Mutation {
    Set(&'static str, Value),
    Remove(&'static str),
    UnknownKey(&'static str),
}

fn word_values(words: &[&'static str]) -> Vec<Value> {
    let mut values: Vec<Value> = words.iter().map(|w| json!(w)).collect();
    let first = words[0];
    values.extend([
        json!({ first: null }),
        json!({ first: 1 }),
        json!([first]),
        json!(null),
        json!(1),
        json!(true),
        json!(format!("{first} ")),
        json!(first.to_uppercase()),
        json!(""),
    ]);
    values
}

fn date_values() -> Vec<Value> {
    [
        "2026-11-02",
        "2024-02-29",
        "2026-02-29",
        "2026-11-2",
        "2026-1-02",
        "+2026-11-02",
        " 2026-11-02",
        "2026-11-02 ",
        "2026-13-01",
        "2026/11/02",
        "20261102",
        "",
    ]
    .iter()
    .map(|s| json!(s))
    .chain([json!(null), json!(20261102), json!({"2026-11-02": null})])
    .collect()
}

fn date_time_values() -> Vec<Value> {
    [
        "2026-11-20T06:00:00Z",
        "2026-11-20T06:00:00+02:00",
        "2026-11-20T06:00:00.123-05:30",
        "2026-11-20T06:00:00+0000",
        "2026-11-20T06:00:00 Z",
        "2026-11-20 06:00:00Z",
        " 2026-11-20T06:00:00Z",
        "2026-11-20T06:00:00",
        "2026-11-20",
        "2026-11-20T24:00:00Z",
        "2026-11-31T06:00:00Z",
        "2026-11-20T06:00:00.Z",
    ]
    .iter()
    .map(|s| json!(s))
    .chain([json!(null), json!(1)])
    .collect()
}

fn owner_values() -> Vec<Value> {
    [
        "dana@example.com",
        "a.b+c@sub.example.org",
        "ü@exämple.de",
        "",
        "   ",
        "\t",
        "\u{3000}",
        "ops@localhost",
        "dana @example.com",
        " dana@example.com",
        "dana@example.com ",
        "a@b@example.com",
        "@example.com",
        "dana@",
        "dana@.example.com",
        "dana@example..com",
        "dana@example.com.",
        "da\u{1}na@example.com",
        "dana@exa\u{a0}mple.com",
        "\u{feff}d@x.io",
    ]
    .iter()
    .map(|s| json!(s))
    .chain([json!(null), json!(7), json!(["dana@example.com"])])
    .collect()
}

fn ratio_values() -> Vec<Value> {
    vec![
        json!(0),
        json!(0.0),
        json!(0.5),
        json!(1),
        json!(1.0),
        json!(-0.0),
        json!(-0.01),
        json!(1.0000001),
        json!(2),
        json!("0.5"),
        json!(null),
        json!(1e-9),
    ]
}

fn whole_values() -> Vec<Value> {
    vec![
        json!(0),
        json!(24),
        json!(24.0),
        json!(24.5),
        json!(-1),
        json!(4294967295u64),
        json!(4294967296u64),
        json!(1e3),
        json!(1e10),
        json!("24"),
        json!(null),
        json!(-0.0),
    ]
}

fn text_values() -> Vec<Value> {
    vec![
        json!("x"),
        json!(""),
        json!("  "),
        json!("\u{2003}"),
        json!("\u{feff}"),
        json!(3),
        json!(null),
    ]
}

fn id_values() -> Vec<Value> {
    [
        "churn-risk",
        "a",
        "a1-b2",
        "a--b",
        "-a",
        "a-",
        "A",
        "a_b",
        "a b",
        "",
        "é",
    ]
    .iter()
    .map(|s| json!(s))
    .chain([json!(1), json!(null)])
    .collect()
}

fn mutations() -> Vec<Mutation> {
    use Mutation::*;
    let mut all = Vec::new();
    let mut set = |pointer: &'static str, values: Vec<Value>| {
        for v in values {
            all.push(Set(pointer, v));
        }
    };
    set("/format", word_values(&["warrant/v1"]));
    set("/id", id_values());
    set("/title", text_values());
    set(
        "/authority",
        word_values(&["suggest", "assist", "route", "act"]),
    );
    set("/status", word_values(&["draft", "in_review", "live"]));
    set("/workflow/category", word_values(&["other", "rep_alerts"]));
    set("/workflow/description", text_values());
    set("/sources/0/system", word_values(&["crm", "warehouse"]));
    set("/sources/0/role", word_values(&["context"]));
    set("/sources/0/trust", word_values(&["trusted", "disputed"]));
    set("/sources/0/owner", owner_values());
    set("/sources/0/max_age_hours", whole_values());
    set("/sources/0/last_synced_at", date_time_values());
    set("/grain/entity", word_values(&["account"]));
    set("/grain/matching", word_values(&["deterministic"]));
    set("/grain/match_rate", ratio_values());
    set("/grain/match_rate_target", ratio_values());
    set(
        "/definitions/0/status",
        word_values(&["agreed", "contested"]),
    );
    set("/owners/business", owner_values());
    set("/owners/data", owner_values());
    set("/owners/destination", owner_values());
    set("/owners/exception", owner_values());
    set("/thresholds/min_confidence", ratio_values());
    set("/thresholds/max_field_age_hours", whole_values());
    set("/thresholds/output_expires_after_hours", whole_values());
    set(
        "/thresholds/reason_codes_required",
        vec![
            json!(true),
            json!(false),
            json!("true"),
            json!(1),
            json!(null),
        ],
    );
    set(
        "/thresholds/reason_codes",
        vec![
            json!(["usage_drop"]),
            json!([" "]),
            json!("usage_drop"),
            json!([1]),
        ],
    );
    set(
        "/suppression/0/category",
        word_values(&["custom", "opt_outs"]),
    );
    set(
        "/suppression/0/action",
        word_values(&["suppress", "review"]),
    );
    set("/destination/system", word_values(&["salesforce", "queue"]));
    set(
        "/destination/shows",
        vec![
            json!(["reason_code"]),
            json!(["nope"]),
            json!("reason_code"),
            json!([{"reason_code": null}]),
        ],
    );
    set("/audit/records", vec![json!(["change"]), json!([null])]);
    set("/audit/retention_days", whole_values());
    set("/launch_checks/workflow_picked", date_values());
    set("/launch_checks/sample_records_pulled", date_values());
    for pointer in [
        "/format",
        "/id",
        "/title",
        "/workflow",
        "/workflow/category",
        "/authority",
        "/sources/0/name",
        "/definitions/0/status",
        "/owners",
        "/status",
    ] {
        all.push(Remove(pointer));
    }
    for pointer in [
        "",
        "/workflow",
        "/sources/0",
        "/owners",
        "/thresholds",
        "/launch_checks",
    ] {
        all.push(UnknownKey(pointer));
    }
    all
}

fn apply(document: &mut Value, mutation: &Mutation) {
    let split = |pointer: &'static str| pointer.rsplit_once('/').expect("a pointer starts with /");
    match mutation {
        Mutation::Set(pointer, value) => {
            let (parent, key) = split(pointer);
            if let Some(Value::Object(map)) = document.pointer_mut(parent) {
                map.insert(key.to_string(), value.clone());
            }
        }
        Mutation::Remove(pointer) => {
            let (parent, key) = split(pointer);
            if let Some(Value::Object(map)) = document.pointer_mut(parent) {
                map.remove(key);
            }
        }
        Mutation::UnknownKey(parent) => {
            if let Some(Value::Object(map)) = document.pointer_mut(parent) {
                map.insert("notes_typo".to_string(), json!("x"));
            }
        }
    }
}

fn document() -> impl Strategy<Value = Value> {
    let bases = bases();
    let all = mutations();
    (0..bases.len(), prop::collection::vec(0..all.len(), 0..=4)).prop_map(move |(base, picks)| {
        let mut doc = bases[base].clone();
        for pick in picks {
            apply(&mut doc, &all[pick]);
        }
        doc
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(generated_files()))]

    #[test]
    fn schema_accepts_exactly_what_the_parser_accepts(doc in document()) {
        let json_text = serde_json::to_string_pretty(&doc).unwrap();
        let by_schema = validator().is_valid(&doc);
        let by_json = parse_contract("generated.json", json_text.as_bytes());
        prop_assert_eq!(
            by_schema,
            by_json.is_ok(),
            "schema says {}, parser says {:?} for\n{}",
            by_schema,
            by_json.as_ref().err().map(ToString::to_string),
            json_text
        );
        if let Err(e) = &by_json {
            prop_assert!(e.line.is_some() && e.column.is_some(), "no position in {}", e);
        }
        let yaml_text = serde_saphyr::to_string(&doc).unwrap();
        let by_yaml = parse_contract("generated.yaml", yaml_text.as_bytes());
        if let Err(e) = &by_yaml {
            prop_assert!(e.line.is_some() && e.column.is_some(), "no position in {}", e);
        }
        prop_assert_eq!(
            by_yaml.is_ok(),
            by_json.is_ok(),
            "YAML {:?} and JSON {:?} disagree on\n{}",
            by_yaml.as_ref().err().map(ToString::to_string),
            by_json.as_ref().err().map(ToString::to_string),
            yaml_text
        );
    }
}

/// The generator is only worth something if it reaches both answers often.
#[test]
fn generated_files_are_both_accepted_and_refused() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = document();
    let (mut accepted, mut refused) = (0, 0);
    for _ in 0..300 {
        let doc = strategy.new_tree(&mut runner).unwrap().current();
        if validator().is_valid(&doc) {
            accepted += 1;
        } else {
            refused += 1;
        }
    }
    assert!(
        accepted > 50 && refused > 50,
        "accepted {accepted}, refused {refused}"
    );
}
