//! Export then import gives back the identical contract, in YAML and in
//! JSON: for generated contracts full of hostile text, and for every string
//! of the Big List of Naughty Strings (tests/data/blns, MIT).

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;
use warrant_core::format::{parse_contract, parse_contract_as, to_json, to_yaml, FileKind};
use warrant_core::model::*;

/// A strategy for `Type { field: strategy, … }`: each field named once, next
/// to the values it is given, and the struct built from one tuple of them.
macro_rules! struct_of {
    ($ty:ident { $($field:ident: $strategy:expr),+ $(,)? }) => {
        ($($strategy,)+).prop_map(|($($field,)+)| $ty { $($field),+ })
    };
}

fn assert_round_trips(c: &Contract) -> Result<(), TestCaseError> {
    let yaml = to_yaml(c);
    let back = parse_contract("export.yaml", yaml.as_bytes())
        .map_err(|e| TestCaseError::fail(format!("YAML export does not read back: {e}\n{yaml}")))?;
    prop_assert_eq!(&back, c, "YAML:\n{}", yaml);
    let json = to_json(c);
    let back = parse_contract("export.json", json.as_bytes())
        .map_err(|e| TestCaseError::fail(format!("JSON export does not read back: {e}\n{json}")))?;
    prop_assert_eq!(&back, c, "JSON:\n{}", json);
    // Exports are stable: writing the re-read contract gives the same bytes.
    prop_assert_eq!(to_yaml(&back), to_yaml(c));
    Ok(())
}

/// Strings that have broken YAML emitters and readers, mixed with
/// arbitrary Unicode (control characters, separators, astral planes).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        1 => prop::sample::select(vec![
            "", " ", "null", "~", "true", "False", "yes", "no", "on", "0", "-1", "+1", "0x1F", "0o17", "1e3", ".5",
            ".inf", "-.inf", ".nan", "2026-11-02", "2026-11-20T06:00:00Z", "12:30", "a: b", "a:", "- item", "#x",
            "a #b", "? q", "[x]", "{x}", "&a", "*a", "!tag", "|", ">", "'", "\"", "\\", "%YAML", "@x", "`x`",
            "---", "...", " lead", "trail ", "two\nlines", "crlf\r\n", "tab\tin", "\u{85}nel", "\u{2028}ls",
            "\u{2029}ps", "\u{FEFF}bom", "\u{0}nul", "\u{7F}del", "\u{1F600}", "e\u{301}", "\u{202E}rtl",
            "\u{FFFD}", "\u{E000}", "\u{10FFFF}",
        ])
        .prop_map(str::to_string),
        1 => "[ -~]{0,20}",
    ]
}

fn non_blank_text() -> impl Strategy<Value = String> {
    text().prop_filter("titles are not blank", |s| !s.trim().is_empty())
}

fn email() -> impl Strategy<Value = String> {
    "[a-z0-9._%+-]{1,12}@[a-z0-9-]{1,10}\\.[a-z]{2,6}"
}

fn ratio() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(1.0), Just(1e-300), 0.0f64..=1.0]
}

fn timestamp() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..253_402_300_799, 0u32..1_000_000_000)
        .prop_map(|(secs, nanos)| DateTime::from_timestamp(secs, nanos).expect("in range"))
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1i32..3_000_000).prop_map(|days| NaiveDate::from_num_days_from_ce_opt(days).expect("in range"))
}

fn one_of<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(all)
}

fn texts() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 0..3)
}

fn source() -> impl Strategy<Value = Source> {
    struct_of!(Source {
        name: text(),
        system: prop::option::of(one_of(SourceSystem::ALL)),
        role: prop::option::of(one_of(SourceRole::ALL)),
        trust: prop::option::of(one_of(Trust::ALL)),
        owner: prop::option::of(email()),
        max_age_hours: prop::option::of(any::<u32>()),
        last_synced_at: prop::option::of(timestamp()),
    })
}

fn grain() -> impl Strategy<Value = Grain> {
    struct_of!(Grain {
        entity: prop::option::of(one_of(Entity::ALL)),
        identifiers: texts(),
        matching: prop::option::of(one_of(Matching::ALL)),
        match_rate: prop::option::of(ratio()),
        match_rate_target: prop::option::of(ratio()),
    })
}

fn owners() -> impl Strategy<Value = Owners> {
    prop::array::uniform4(prop::option::of(email())).prop_map(
        |[business, data, destination, exception]| Owners {
            business,
            data,
            destination,
            exception,
        },
    )
}

fn thresholds() -> impl Strategy<Value = Thresholds> {
    struct_of!(Thresholds {
        min_confidence: prop::option::of(ratio()),
        reason_codes_required: any::<bool>(),
        reason_codes: texts(),
        max_field_age_hours: prop::option::of(any::<u32>()),
        sync_cadence: text(),
        output_expires_after_hours: prop::option::of(any::<u32>()),
    })
}

fn suppression_rule() -> impl Strategy<Value = SuppressionRule> {
    struct_of!(SuppressionRule {
        name: text(),
        category: prop::option::of(one_of(SuppressionCategory::ALL)),
        action: prop::option::of(one_of(SuppressionAction::ALL)),
        when: text(),
    })
}

fn destination() -> impl Strategy<Value = Destination> {
    struct_of!(Destination {
        system: prop::option::of(one_of(DestinationSystem::ALL)),
        target: text(),
        shows: prop::collection::vec(one_of(VisibleContext::ALL), 0..5),
    })
}

fn exceptions() -> impl Strategy<Value = Exceptions> {
    struct_of!(Exceptions {
        pause_procedure: text(),
        rollback: text(),
        pause_triggers: texts(),
    })
}

fn audit() -> impl Strategy<Value = AuditPolicy> {
    struct_of!(AuditPolicy {
        records: prop::collection::vec(one_of(AuditRecord::ALL), 0..5),
        retention_days: prop::option::of(any::<u32>()),
    })
}

fn launch_checks() -> impl Strategy<Value = LaunchChecks> {
    prop::collection::vec(prop::option::of(date()), 7).prop_map(|d| LaunchChecks {
        workflow_picked: d[0],
        sample_records_pulled: d[1],
        owners_present: d[2],
        authority_classified: d[3],
        suppressions_identified: d[4],
        pause_criteria_decided: d[5],
        launched_at_lowest_level: d[6],
    })
}

fn contract() -> impl Strategy<Value = Contract> {
    let head = (
        "[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?",
        non_blank_text(),
        (one_of(WorkflowCategory::ALL), text(), text()),
        one_of(Authority::ALL),
        prop::option::of(one_of(Status::ALL)),
        prop::collection::vec(source(), 0..3),
        grain(),
        prop::collection::vec((text(), one_of(DefinitionStatus::ALL)), 0..3),
    );
    let tail = (
        owners(),
        thresholds(),
        prop::collection::vec(suppression_rule(), 0..3),
        destination(),
        exceptions(),
        audit(),
        launch_checks(),
    );
    (head, tail).prop_map(
        |(
            (
                id,
                title,
                (category, description, decision),
                authority,
                status,
                sources,
                grain,
                definitions,
            ),
            (owners, thresholds, suppression, destination, exceptions, audit, launch_checks),
        )| Contract {
            format: FormatVersion::V1,
            id,
            title,
            workflow: Workflow {
                category,
                description,
                decision,
            },
            authority,
            status,
            sources,
            grain,
            definitions: definitions
                .into_iter()
                .map(|(name, status)| Definition { name, status })
                .collect(),
            owners,
            thresholds,
            suppression,
            destination,
            exceptions,
            audit,
            launch_checks,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_contract_round_trips_through_yaml_and_json(c in contract()) {
        assert_round_trips(&c)?;
    }

    #[test]
    fn any_text_survives_as_a_value_and_as_a_list_item(s in text()) {
        let mut c = Contract::new("t", "t", WorkflowCategory::Other);
        c.exceptions.rollback = s.clone();
        c.exceptions.pause_triggers = vec![s.clone(), s];
        assert_round_trips(&c)?;
    }
}

fn blns() -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/blns/blns.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("blns.json is a JSON list of strings")
}

#[test]
fn every_naughty_string_round_trips_in_every_text_field() {
    let strings = blns();
    assert!(
        strings.len() > 500,
        "the whole list is used ({} strings)",
        strings.len()
    );
    let mut failures = Vec::new();
    for s in &strings {
        let mut c = Contract::new("naughty", format!("x{s}"), WorkflowCategory::Other);
        c.workflow.description = s.clone();
        c.workflow.decision = s.clone();
        c.sources.push(Source {
            name: s.clone(),
            ..Default::default()
        });
        c.grain.identifiers = vec![s.clone()];
        c.definitions.push(Definition {
            name: s.clone(),
            status: DefinitionStatus::Contested,
        });
        c.thresholds.reason_codes = vec![s.clone(), s.clone()];
        c.thresholds.sync_cadence = s.clone();
        c.suppression.push(SuppressionRule {
            name: s.clone(),
            when: s.clone(),
            ..Default::default()
        });
        c.destination.target = s.clone();
        c.exceptions.pause_procedure = s.clone();
        c.exceptions.rollback = s.clone();
        c.exceptions.pause_triggers = vec![s.clone()];
        for kind in [FileKind::Yaml, FileKind::Json] {
            let text = match kind {
                FileKind::Yaml => to_yaml(&c),
                FileKind::Json => to_json(&c),
            };
            match parse_contract_as(kind, "naughty", text.as_bytes()) {
                Ok(back) if back == c => {}
                Ok(_) => failures.push(format!("{kind:?} changed {s:?}")),
                Err(e) => failures.push(format!("{kind:?} refused {s:?}: {e}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn spec_example_round_trips_and_reads_like_the_spec() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/format/full.yaml");
    let c = parse_contract("full.yaml", &std::fs::read(path).unwrap()).unwrap();
    assert_round_trips(&c).unwrap();
    let yaml = to_yaml(&c);
    // Keys in worksheet order, plain values left unquoted.
    assert!(yaml.starts_with("format: warrant/v1\nid: churn-risk-summary\ntitle: Churn-risk summary for CSMs\nworkflow:\n  category: churn_risk_routing\n"), "{yaml}");
    assert!(
        yaml.contains("\nsources:\n  - name: account_health_current\n    system: warehouse\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("    last_synced_at: 2026-11-20T06:00:00Z\n"),
        "{yaml}"
    );
    assert!(yaml.contains("  workflow_picked: 2026-11-02\n"), "{yaml}");
    assert!(
        yaml.contains("  when: \"record.support_severity in [\\\"P1\\\", \\\"P2\\\"]\"\n"),
        "{yaml}"
    );
    let json = to_json(&c);
    assert!(
        json.starts_with("{\n  \"format\": \"warrant/v1\",\n  \"id\": \"churn-risk-summary\","),
        "{json}"
    );
    assert!(json.ends_with("}\n"));
}

#[test]
fn minimal_contract_exports_only_required_keys() {
    let c = Contract::new("m", "M", WorkflowCategory::Other);
    assert_eq!(
        to_yaml(&c),
        "format: warrant/v1\nid: m\ntitle: M\nworkflow:\n  category: other\nauthority: suggest\n"
    );
    assert_round_trips(&c).unwrap();
}
