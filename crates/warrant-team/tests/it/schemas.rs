//! The published JSON Schemas (schema/warrant-team-v1, warrant-people-v1,
//! warrant-record-v1) agree with the code: on files the writer produced, and
//! on mutations of them (unknown keys, missing keys, wrong types, values
//! outside their rule), the schema accepts exactly what the code accepts.

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use warrant_core::lifecycle::ReviewDecision;
use warrant_team::record::{DryRunCounts, DryRunFields, KeyAction, Kind, Record};
use warrant_team::{FoundingKey, PeopleFile, SigningKey, TeamFile, TeamPerson, TeamRepo};

use crate::support::contract;

struct Schema {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Schema {
    fn load(name: &str) -> Schema {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../schema")
            .join(name);
        let path = path.canonicalize().unwrap();
        let mut schemas = boon::Schemas::new();
        let index = boon::Compiler::new()
            .compile(path.to_str().unwrap(), &mut schemas)
            .unwrap_or_else(|e| panic!("{name} compiles: {e:?}"));
        Schema { schemas, index }
    }

    fn accepts(&self, value: &Value) -> bool {
        self.schemas.validate(value, self.index).is_ok()
    }
}

/// Each input with small changes: a key added, each key removed, each
/// value replaced by a number, by null and by the given bad values.
fn mutations(original: &Value, bad_values: &[(&str, Value)]) -> Vec<(String, Value)> {
    let mut out = vec![("as written".to_string(), original.clone())];
    let Value::Object(map) = original else {
        panic!("an object")
    };
    let mut with_extra = map.clone();
    with_extra.insert("extra".into(), json!(1));
    out.push(("unknown key".into(), Value::Object(with_extra)));
    for key in map.keys() {
        let mut removed = map.clone();
        removed.remove(key);
        out.push((format!("without {key}"), Value::Object(removed)));
        for replacement in [json!(12), Value::Null, json!(["x"])] {
            let mut replaced = map.clone();
            replaced.insert(key.clone(), replacement.clone());
            out.push((format!("{key} = {replacement}"), Value::Object(replaced)));
        }
    }
    for (pointer, bad) in bad_values {
        let mut changed = original.clone();
        if let Some(slot) = changed.pointer_mut(pointer) {
            *slot = bad.clone();
            out.push((format!("{pointer} = {bad}"), changed));
        }
    }
    out
}

fn assert_agree(
    schema: &Schema,
    inputs: &[(String, Value)],
    code_accepts: impl Fn(&Value) -> bool,
) {
    let mut disagreements = Vec::new();
    for (what, value) in inputs {
        let (by_code, by_schema) = (code_accepts(value), schema.accepts(value));
        if by_code != by_schema {
            disagreements.push(format!(
                "{what}: code {by_code}, schema {by_schema}: {value}"
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    assert!(code_accepts(&inputs[0].1), "the written file itself reads");
}

fn record_reads(value: &Value) -> bool {
    match Record::from_value(value) {
        Ok((_, Some(signature))) => warrant_team::signing::parse_signature(&signature).is_ok(),
        _ => false,
    }
}

fn read_as<T>(
    dir: &Path,
    value: &Value,
    read: impl Fn(&Path) -> Result<T, warrant_core::Error>,
) -> bool {
    let path = dir.join("file.yaml");
    std::fs::write(&path, warrant_team::yaml::write(value)).unwrap();
    read(&path).is_ok()
}

#[test]
fn the_record_schema_accepts_what_the_code_reads_and_refuses_the_rest() {
    let keys = tempfile::TempDir::new().unwrap();
    let key = SigningKey::create(&keys.path().join("k"), "k", None).unwrap();
    let c = contract();
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 9, 26, 33).unwrap();
    let by = "bea@example.com";
    let mut records = vec![
        Record::review(&c, by, at, ReviewDecision::Approve, "Fine."),
        Record::review(
            &c,
            by,
            at,
            ReviewDecision::RequestChanges,
            "Name the holdout group.",
        ),
        Record::dry_run(
            &c,
            by,
            at,
            DryRunFields {
                file_name: "sample.csv".into(),
                file_sha256: "0".repeat(64),
                rows: 3,
                counts: DryRunCounts {
                    eligible: 1,
                    review: 1,
                    suppressed: 1,
                    malformed: 0,
                },
            },
        ),
        Record::person_key(
            "dan@example.com",
            by,
            at,
            KeyAction::Revoke,
            &key.public_key_line(),
        ),
    ];
    for kind in [
        Kind::Submit,
        Kind::Launch,
        Kind::Pause,
        Kind::Resume,
        Kind::Retire,
        Kind::Rollback,
        Kind::Discard,
    ] {
        records.push(Record::step(&c, kind, by, at, "Because."));
    }
    let bad_values: Vec<(&str, Value)> = vec![
        ("/by", json!("bea.example.com")),
        ("/by", json!("bea @example.com")),
        ("/by", json!("bea@example")),
        ("/person", json!("dan@@example.com")),
        ("/contract", json!("Churn_Risk")),
        ("/contract", json!("-churn")),
        ("/content_sha256", json!("ABCDEF")),
        ("/content_sha256", json!("A".repeat(64))),
        ("/at", json!("2026-12-01 09:26:33Z")),
        ("/at", json!("2026-12-01T09:26:33+0000")),
        ("/at", json!("2026-12-01T09:26:33")),
        ("/at", json!("2026-13-01T09:26:33Z")),
        ("/at", json!("2026-12-01T09:26:33.5+02:00")),
        ("/kind", json!("approve")),
        ("/kind", json!("discard")),
        ("/format", json!("warrant-record/v2")),
        ("/signature", json!("not armored")),
        ("/decision", json!("maybe")),
        ("/roles", json!("business")),
        ("/authority", json!("max")),
        ("/version", json!(-1)),
        ("/rows", json!(-1)),
        ("/counts/extra", json!(1)),
        ("/counts", json!({"eligible": 1})),
        ("/action", json!("replace")),
    ];
    let schema = Schema::load("warrant-record-v1.schema.json");
    for record in &records {
        let text = warrant_team::repo::signed_text(record, &key).unwrap();
        let written = warrant_team::yaml::read(&text).unwrap();
        let mut inputs = mutations(&written, &bad_values);
        // A nested unknown key, where the record has a nested mapping.
        if let Some(Value::Object(counts)) = written.get("counts") {
            let mut changed = written.clone();
            let mut counts = counts.clone();
            counts.insert("extra".into(), json!(1));
            changed["counts"] = Value::Object(counts);
            inputs.push(("counts.extra".into(), changed));
        }
        assert_agree(&schema, &inputs, record_reads);
    }
}

#[test]
fn the_team_and_people_schemas_accept_what_the_code_reads_and_refuse_the_rest() {
    let dir = tempfile::TempDir::new().unwrap();
    let key = SigningKey::create(&dir.path().join("k"), "bea", None).unwrap();
    let work = dir.path().join("repo");
    let person = TeamPerson {
        email: "bea@example.com".into(),
        name: "Bea".into(),
        team: "RevOps".into(),
        title: "Director".into(),
        keys: Vec::new(),
    };
    TeamRepo::create(
        &work,
        "Revenue team",
        &[person],
        &[FoundingKey {
            email: "bea@example.com".into(),
            key: key.public_key_line(),
        }],
    )
    .unwrap();
    let read_back = |name: &str| {
        warrant_team::yaml::read(&std::fs::read_to_string(work.join(name)).unwrap()).unwrap()
    };
    let bad_keys = [
        json!("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7"),
        json!("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"),
        json!("not a key"),
    ];

    let team = read_back("warrant-team.yaml");
    let mut bad: Vec<(&str, Value)> = vec![
        ("/format", json!("warrant-team/v2")),
        ("/founding_keys/0/email", json!("bea")),
        ("/founding_keys/0", json!({"email": "bea@example.com"})),
        ("/founding_keys/0/extra", json!(1)),
    ];
    bad.extend(bad_keys.iter().map(|k| ("/founding_keys/0/key", k.clone())));
    let mut inputs = mutations(&team, &bad);
    let mut with_nested_extra = team.clone();
    with_nested_extra["founding_keys"][0]["extra"] = json!(1);
    inputs.push(("founding key with an unknown key".into(), with_nested_extra));
    assert_agree(&Schema::load("warrant-team-v1.schema.json"), &inputs, |v| {
        read_as(dir.path(), v, TeamFile::read)
    });

    let people = read_back("people.yaml");
    let mut bad: Vec<(&str, Value)> = vec![
        ("/people/0/email", json!("bea at example.com")),
        ("/people/0/name", json!(3)),
        ("/people/0/keys", json!("ssh-ed25519 AAAA")),
        ("/people/0/team", Value::Null),
        ("/people/0", json!({"email": "bea@example.com"})),
        (
            "/people/0",
            json!({"email": "bea@example.com", "name": "Bea", "nick": "B"}),
        ),
        (
            "/people/0",
            json!({"email": "bea@example.com", "name": "Bea"}),
        ),
    ];
    bad.extend(bad_keys.iter().map(|k| ("/people/0/keys/0", k.clone())));
    assert_agree(
        &Schema::load("warrant-people-v1.schema.json"),
        &mutations(&people, &bad),
        |v| read_as(dir.path(), v, PeopleFile::read),
    );
}
