//! Every way a warrant/v1 file can be refused, and what the refusal says:
//! the file, line and column, the dotted path and a plain instruction.

use std::path::PathBuf;

use warrant_core::format::{
    parse_contract, read_contract_file, validate, FileKind, FormatError, MAX_FILE_BYTES,
};
use warrant_core::model::{Contract, Status, WorkflowCategory};
use warrant_core::{Error, ErrorCode};

const HEAD: &str = "format: warrant/v1\nid: churn-risk\ntitle: Churn risk\nworkflow:\n  category: churn_risk_routing\nauthority: assist\n";
const JSON_HEAD: &str = r#""format": "warrant/v1", "id": "churn-risk", "title": "Churn risk", "workflow": {"category": "churn_risk_routing"}, "authority": "assist""#;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/format")
}

fn yaml_error(text: &str) -> FormatError {
    match parse_contract("bad.yaml", text.as_bytes()) {
        Ok(c) => panic!("expected an error for:\n{text}\ngot {c:?}"),
        Err(e) => e,
    }
}

fn json_error(text: &str) -> FormatError {
    match parse_contract("bad.json", text.as_bytes()) {
        Ok(c) => panic!("expected an error for:\n{text}\ngot {c:?}"),
        Err(e) => e,
    }
}

fn json_with(extra: &str) -> String {
    format!("{{{JSON_HEAD}, {extra}}}")
}

#[test]
fn minimal_file_imports_as_a_draft() {
    let c = read_contract_file(&fixtures().join("minimal.yaml")).unwrap();
    assert_eq!(c.id, "minimal-draft");
    assert_eq!(c.workflow.category, WorkflowCategory::Other);
    assert_eq!(c.status, None);
    assert_eq!(c.status(), Status::Draft);
    assert!(c.sources.is_empty() && c.owners.is_empty());

    let json = r#"{"format":"warrant/v1","id":"m","title":"M","workflow":{"category":"other"},"authority":"act"}"#;
    assert_eq!(
        parse_contract("m.json", json.as_bytes()).unwrap().status(),
        Status::Draft
    );
}

#[test]
fn spec_example_reads_in_full() {
    let c = read_contract_file(&fixtures().join("full.yaml")).unwrap();
    assert_eq!(c.id, "churn-risk-summary");
    assert_eq!(c.sources[0].max_age_hours, Some(24));
    assert_eq!(c.grain.match_rate, Some(0.97));
    assert_eq!(
        c.suppression[0].when,
        r#"record.support_severity in ["P1", "P2"]"#
    );
    assert_eq!(
        c.exceptions.pause_procedure,
        "CS ops turns the sync off in the scheduler and posts in #cs-ops."
    );
    assert_eq!(
        c.launch_checks.workflow_picked.unwrap().to_string(),
        "2026-11-02"
    );
    assert_eq!(c.launch_checks.sample_records_pulled, None);
    assert_eq!(
        c.sources[0].last_synced_at.unwrap().to_rfc3339(),
        "2026-11-20T06:00:00+00:00"
    );
}

#[test]
fn unknown_key_at_top_level() {
    let e = yaml_error(&format!("{HEAD}sponsor: someone\n"));
    assert_eq!(e.path.as_deref(), Some("sponsor"));
    assert_eq!((e.line, e.column), (Some(7), Some(1)));
    assert!(
        e.message
            .starts_with("unknown key \"sponsor\"; the keys allowed here are format, id, title"),
        "{e}"
    );

    let e = json_error(&json_with(r#""sponsor": "x""#));
    assert_eq!(e.path.as_deref(), Some("sponsor"));
    assert_eq!(e.line, Some(1));
}

#[test]
fn unknown_key_nested() {
    let e = yaml_error(&format!(
        "{HEAD}owners:\n  business: a@example.com\n  sponsor: b@example.com\n"
    ));
    assert_eq!(e.path.as_deref(), Some("owners.sponsor"));
    assert_eq!((e.line, e.column), (Some(9), Some(3)));
    assert_eq!(
        e.to_string(),
        "bad.yaml:9:3: owners.sponsor: unknown key \"sponsor\"; the keys allowed here are business, data, destination, exception"
    );

    let e = json_error(&json_with(r#""owners": {"sponsor": "b@example.com"}"#));
    assert_eq!(e.path.as_deref(), Some("owners.sponsor"));
}

#[test]
fn unknown_key_in_a_list_item() {
    let text = format!(
        "{HEAD}sources:\n  - name: crm\n  - name: warehouse\n    owner_email: dana@example.com\n"
    );
    let e = yaml_error(&text);
    assert_eq!(e.path.as_deref(), Some("sources[1].owner_email"));
    assert_eq!((e.line, e.column), (Some(10), Some(5)));
    assert!(
        e.message.contains("owner_email") && e.message.contains("owner,"),
        "{e}"
    );

    let e = json_error(&json_with(
        r#""sources": [{"name": "crm"}, {"name": "w", "owner_email": "d@example.com"}]"#,
    ));
    assert_eq!(e.path.as_deref(), Some("sources[1].owner_email"));
}

#[test]
fn wrong_enum_value_lists_the_allowed_ones() {
    let e = yaml_error(&HEAD.replace("authority: assist", "authority: acts"));
    assert_eq!(e.path.as_deref(), Some("authority"));
    assert_eq!(e.line, Some(6));
    assert_eq!(
        e.message,
        "\"acts\" is not one of suggest, assist, route, act"
    );
    assert_eq!(
        e.to_string(),
        "bad.yaml:6:1: authority: \"acts\" is not one of suggest, assist, route, act"
    );

    let e = yaml_error(&format!(
        "{HEAD}destination:\n  shows: [reason_code, vibes]\n"
    ));
    assert_eq!(e.path.as_deref(), Some("destination.shows[1]"));
    assert_eq!(
        e.message,
        "\"vibes\" is not one of reason_code, confidence, timestamp, source"
    );

    let e = yaml_error(&format!(
        "{HEAD}definitions:\n  - name: tier\n    status: disputed\n"
    ));
    assert_eq!(e.path.as_deref(), Some("definitions[0].status"));
    assert_eq!(e.message, "\"disputed\" is not one of agreed, contested");

    let e = json_error(&format!(
        "{{{}}}",
        JSON_HEAD.replace("\"assist\"", "\"acts\"")
    ));
    assert_eq!(e.path.as_deref(), Some("authority"));
    assert_eq!(
        e.message,
        "\"acts\" is not one of suggest, assist, route, act"
    );

    let e = yaml_error(&HEAD.replace("authority: assist", "authority: 3"));
    assert_eq!(
        e.message,
        "expected one of suggest, assist, route, act, found 3"
    );

    let e = yaml_error(&HEAD.replace("warrant/v1", "warrant/v2"));
    assert_eq!(e.path.as_deref(), Some("format"));
    assert!(e.message.contains("write warrant/v1"), "{e}");
}

#[test]
fn wrong_type_names_the_field() {
    let e = yaml_error(&format!("{HEAD}thresholds:\n  max_field_age_hours: soon\n"));
    assert_eq!(e.path.as_deref(), Some("thresholds.max_field_age_hours"));
    assert_eq!(e.line, Some(8));
    assert_eq!(
        e.message,
        "expected a whole number from 0 to 4294967295, found the text \"soon\""
    );

    let e = yaml_error(&format!(
        "{HEAD}thresholds:\n  reason_codes_required: \"yes\"\n"
    ));
    assert_eq!(e.path.as_deref(), Some("thresholds.reason_codes_required"));
    assert_eq!(e.message, "expected true or false, found the text \"yes\"");

    let e = yaml_error(&format!("{HEAD}grain:\n  match_rate: 97%\n"));
    assert_eq!(e.message, "expected a number, found the text \"97%\"");

    let e = yaml_error(&format!("{HEAD}audit:\n  retention_days: -1\n"));
    assert_eq!(e.path.as_deref(), Some("audit.retention_days"));
    assert_eq!(
        e.message,
        "expected a whole number from 0 to 4294967295, found -1"
    );

    let e = yaml_error(&format!("{HEAD}sources: crm\n"));
    assert_eq!(e.path.as_deref(), Some("sources"));
    assert_eq!(e.message, "expected a list, found the text \"crm\"");

    let e = yaml_error(&HEAD.replace("title: Churn risk", "title: [a, b]"));
    assert_eq!(e.path.as_deref(), Some("title"));
    assert_eq!(e.message, "expected text, found a list");

    let e = json_error(&json_with(r#""audit": {"retention_days": "a year"}"#));
    assert_eq!(e.path.as_deref(), Some("audit.retention_days"));
    assert!(e.line.is_some() && e.column.is_some());

    let e = yaml_error("- just\n- a list\n");
    assert_eq!(e.path, None);
    assert!(
        e.message
            .starts_with("expected a contract: a mapping of keys"),
        "{e}"
    );
    let e = yaml_error("just text\n");
    assert!(
        e.message
            .starts_with("expected a contract: a mapping of keys"),
        "{e}"
    );

    // serde would fill a struct from a list by position; the format refuses.
    let e = yaml_error(&HEAD.replace(
        "workflow:\n  category: churn_risk_routing",
        "workflow: [other]",
    ));
    assert_eq!(e.path.as_deref(), Some("workflow"));
    assert_eq!(e.message, "expected a mapping of keys, found a list");
    assert_eq!(e.line, Some(4));
    let e = yaml_error(&format!("{HEAD}definitions:\n  - [tier, agreed]\n"));
    assert_eq!(e.path.as_deref(), Some("definitions[0]"));
    assert_eq!(e.line, Some(8));
    let e = json_error(r#"["warrant/v1", "x", "t", {"category": "other"}, "act"]"#);
    assert_eq!(e.path, None);
    assert!(e.message.contains("found a list"), "{e}");
    let e = json_error(&json_with(r#""owners": ["a@example.com"]"#));
    assert_eq!(e.path.as_deref(), Some("owners"));
}

#[test]
fn dates_must_be_written_in_their_fixed_form() {
    let e = yaml_error(&format!(
        "{HEAD}launch_checks:\n  workflow_picked: last tuesday\n"
    ));
    assert_eq!(e.path.as_deref(), Some("launch_checks.workflow_picked"));
    assert!(e.message.contains("YYYY-MM-DD"), "{e}");

    let e = yaml_error(&format!(
        "{HEAD}sources:\n  - name: crm\n    last_synced_at: 2026-11-20 6am\n"
    ));
    assert_eq!(e.path.as_deref(), Some("sources[0].last_synced_at"));
    assert!(e.message.contains("RFC 3339"), "{e}");

    let ok = parse_contract(
        "ok.yaml",
        format!("{HEAD}launch_checks:\n  workflow_picked: 2026-11-02\n  owners_present: null\n")
            .as_bytes(),
    )
    .unwrap();
    assert!(
        ok.launch_checks.workflow_picked.is_some() && ok.launch_checks.owners_present.is_none()
    );
}

#[test]
fn missing_required_key() {
    let e = yaml_error(&HEAD.replace("title: Churn risk\n", ""));
    assert_eq!(e.path.as_deref(), Some("title"));
    assert_eq!(e.message, "the required key \"title\" is missing; add it");

    let e = yaml_error(&HEAD.replace("  category: churn_risk_routing\n", "  description: x\n"));
    assert_eq!(e.path.as_deref(), Some("workflow.category"));
    assert_eq!(e.line, Some(4), "points at the mapping that lacks the key");

    let e = yaml_error(&format!("{HEAD}definitions:\n  - status: agreed\n"));
    assert_eq!(e.path.as_deref(), Some("definitions[0].name"));

    let e = json_error(
        r#"{"format": "warrant/v1", "id": "x", "title": "t", "workflow": {"category": "other"}}"#,
    );
    assert_eq!(e.path.as_deref(), Some("authority"));
}

#[test]
fn duplicate_keys_are_refused() {
    let e = yaml_error(&format!("{HEAD}id: other\n"));
    assert_eq!(e.path.as_deref(), Some("id"));
    assert_eq!(e.line, Some(7));
    assert!(e.message.contains("written twice"), "{e}");

    let e = json_error(&json_with(r#""id": "y""#));
    assert_eq!(e.path.as_deref(), Some("id"));
    assert!(e.message.contains("written twice"), "{e}");
}

#[test]
fn yaml_syntax_error_has_line_and_column() {
    let e = yaml_error(&format!(
        "{HEAD}grain:\n  identifiers: [a, b\n  entity: account\n"
    ));
    assert_eq!(e.path, None);
    assert!(e.message.starts_with("invalid YAML: "), "{e}");
    assert_eq!(e.line, Some(9), "{e}");
    assert!(e.column.is_some());

    let e = yaml_error("format: warrant/v1\nid: \"unterminated\n");
    assert!(e.message.starts_with("invalid YAML: "), "{e}");
    assert!(e.line.is_some() && e.column.is_some(), "{e}");

    let e = yaml_error("format: warrant/v1\n  id: x\n");
    assert!(e.message.starts_with("invalid YAML: "), "{e}");
    assert_eq!(e.line, Some(2), "{e}");
}

#[test]
fn json_syntax_error_has_line_and_column() {
    let e =
        json_error("{\n  \"format\": \"warrant/v1\",\n  \"id\": \"x\"\n  \"title\": \"t\"\n}\n");
    assert_eq!((e.line, e.column), (Some(4), Some(3)));
    assert_eq!(
        e.path.as_deref(),
        Some("id"),
        "the comma is missing after id"
    );
    assert_eq!(
        e.to_string(),
        "bad.json:4:3: id: invalid JSON: expected `,` or `}`"
    );

    let e = json_error(&format!("{{{JSON_HEAD}}} trailing"));
    assert!(e.message.contains("more text after"), "{e}");
    assert_eq!(e.line, Some(1));

    let e = json_error("{\"format\": \"warrant/v1\",");
    assert!(e.message.starts_with("invalid JSON: "), "{e}");
    assert!(e.line.is_some());
}

#[test]
fn files_over_10_mb_are_refused_before_reading() {
    let mut big = HEAD.as_bytes().to_vec();
    big.resize(MAX_FILE_BYTES as usize + 1, b' ');
    let e = parse_contract("big.yaml", &big).unwrap_err();
    assert!(e.message.contains("at most 10 MB"), "{e}");

    // A sparse 11 MB file: refused from its metadata alone.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(11 * 1024 * 1024)
        .unwrap();
    let e = read_contract_file(&path).unwrap_err();
    assert!(e.message.contains("at most 10 MB"), "{e}");
    assert!(e.file.ends_with("huge.yaml"));

    // Exactly at the limit is not "too large" (it fails for other reasons).
    let mut at_limit = HEAD.as_bytes().to_vec();
    at_limit.resize(MAX_FILE_BYTES as usize, b'\n');
    let c = parse_contract("limit.yaml", &at_limit).unwrap();
    assert_eq!(c.id, "churn-risk");
}

#[test]
fn nesting_deeper_than_64_is_refused() {
    let nested = |depth: usize| format!("{HEAD}x: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    // The top-level mapping is level 1, so 63 brackets make 64 levels: fine
    // as far as nesting goes (then refused as an unknown key).
    let e = yaml_error(&nested(63));
    assert_eq!(e.path.as_deref(), Some("x"));
    let e = yaml_error(&nested(64));
    assert!(e.message.contains("deeper than 64"), "{e}");
    assert_eq!(e.line, Some(7));

    let json_nested = |depth: usize| {
        json_with(&format!(
            "\"x\": {}{}",
            "[".repeat(depth),
            "]".repeat(depth)
        ))
    };
    let e = json_error(&json_nested(63));
    assert_eq!(e.path.as_deref(), Some("x"));
    let e = json_error(&json_nested(64));
    assert!(e.message.contains("deeper than 64"), "{e}");
    assert_eq!(e.line, Some(1));

    // Far past any recursion limit: refused without overflowing the stack.
    let e = yaml_error(&nested(200_000));
    assert!(e.message.contains("deeper than 64"), "{e}");
    let e = json_error(&json_nested(200_000));
    assert!(e.message.contains("deeper than 64"), "{e}");
    // Brackets inside JSON strings are text, not nesting.
    let ok = json_with(&format!(
        "\"workflow\": {{\"category\": \"other\", \"description\": \"{}\"}}",
        "[".repeat(100)
    ));
    let e = json_error(&ok);
    assert!(e.message.contains("written twice"), "{e}");
}

#[test]
fn yaml_anchors_are_refused() {
    let e = yaml_error(&format!(
        "{HEAD}owners:\n  business: &boss cs@example.com\n"
    ));
    assert!(e.message.contains("anchors"), "{e}");
    assert_eq!(e.path.as_deref(), Some("owners.business"));
    assert_eq!(e.line, Some(8));

    let e = yaml_error(&format!("{HEAD}grain: &g\n  entity: account\n"));
    assert!(e.message.contains("anchors"), "{e}");

    // A "billion laughs" file stops at its first anchor, long before any
    // expansion could happen (aliases are never expanded anyway).
    let mut laughs = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = (b'a' + i as u8) as char;
        laughs.push_str(&format!(
            "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    let e = yaml_error(&laughs);
    assert!(e.message.contains("anchors"), "{e}");
    assert_eq!(e.line, Some(1));
}

#[test]
fn yaml_aliases_are_refused() {
    let e = yaml_error(&format!("{HEAD}owners:\n  business: *boss\n"));
    assert!(
        e.message.contains("aliases") || e.message.contains("alias"),
        "{e}"
    );
    assert_eq!(e.line, Some(8), "{e}");
}

#[test]
fn yaml_tags_are_refused_except_str() {
    let e = yaml_error(&format!("{HEAD}audit:\n  retention_days: !!int 365\n"));
    assert!(e.message.contains("tags"), "{e}");
    let e = yaml_error(&format!("{HEAD}grain: !custom\n  entity: account\n"));
    assert!(e.message.contains("tags"), "{e}");

    let c = parse_contract(
        "ok.yaml",
        format!("{HEAD}exceptions:\n  rollback: !!str 365\n").as_bytes(),
    )
    .unwrap();
    assert_eq!(c.exceptions.rollback, "365");
}

#[test]
fn multiple_yaml_documents_are_refused() {
    let e = yaml_error(&format!("{HEAD}---\n{HEAD}"));
    assert!(e.message.contains("more than one YAML document"), "{e}");
    assert_eq!(e.line, Some(7));

    let e = yaml_error(&format!("---\n{HEAD}...\n---\nid: second\n"));
    assert!(e.message.contains("more than one YAML document"), "{e}");

    // One explicit document is fine.
    assert!(parse_contract("one.yaml", format!("---\n{HEAD}...\n").as_bytes()).is_ok());
}

#[test]
fn invalid_utf8_is_refused_with_its_position() {
    let mut bytes = HEAD.as_bytes().to_vec();
    bytes.extend_from_slice(b"exceptions:\n  rollback: caf\xE9\n");
    let e = parse_contract("latin1.yaml", &bytes).unwrap_err();
    assert!(e.message.contains("not valid UTF-8"), "{e}");
    assert_eq!((e.line, e.column), (Some(8), Some(16)));

    let e = parse_contract("x.json", b"{\"id\": \"\xFF\"}").unwrap_err();
    assert!(e.message.contains("not valid UTF-8"), "{e}");
    assert_eq!((e.line, e.column), (Some(1), Some(9)));
}

#[test]
fn empty_files_are_refused() {
    for text in [
        "",
        "   \n\n",
        "# only a comment\n",
        "---\n",
        "---\n...\n",
        "~\n",
    ] {
        let e = yaml_error(text);
        assert!(e.message.starts_with("the file is empty"), "{text:?}: {e}");
    }
    let e = json_error("");
    assert!(e.message.starts_with("the file is empty"), "{e}");
}

#[test]
fn non_finite_numbers_are_refused() {
    let e = yaml_error(&format!("{HEAD}grain:\n  match_rate: .nan\n"));
    assert!(e.message.contains("finite number"), "{e}");
    assert_eq!(e.path.as_deref(), Some("grain.match_rate"));
}

#[test]
fn content_rules_fail_the_import() {
    let e = yaml_error(&HEAD.replace("id: churn-risk", "id: Bad ID"));
    assert_eq!(e.path.as_deref(), Some("id"));
    assert_eq!(e.line, Some(2));
    assert_eq!(
        e.message,
        "\"Bad ID\" may only use lowercase letters, digits and '-', e.g. churn-risk-summary"
    );

    let e = yaml_error(&format!("{HEAD}grain:\n  match_rate_target: 95\n"));
    assert_eq!(e.path.as_deref(), Some("grain.match_rate_target"));
    assert_eq!(e.line, Some(8));
    assert!(e.message.contains("outside 0..1"), "{e}");

    let e = yaml_error(&format!(
        "{HEAD}sources:\n  - name: a\n  - name: b\n    owner: dana at example\n"
    ));
    assert_eq!(e.path.as_deref(), Some("sources[1].owner"));
    assert_eq!(e.line, Some(10));

    let e = json_error(
        &json_with(r#""thresholds": {"min_confidence": -0.1}"#).replace("\"churn-risk\"", "\"ok\""),
    );
    assert_eq!(e.path.as_deref(), Some("thresholds.min_confidence"));
}

#[test]
fn validate_reports_every_problem_with_its_path() {
    let mut c = Contract::new("-churn-", "  ", WorkflowCategory::Other);
    c.grain.match_rate = Some(1.5);
    c.grain.match_rate_target = Some(f64::NAN);
    c.thresholds.min_confidence = Some(-0.01);
    c.owners.business = Some("cs.director@example.com".into());
    c.owners.data = Some("dana".into());
    c.owners.exception = Some("ops@localhost".into());
    c.sources.push(Default::default());
    c.sources[0].owner = Some("a b@example.com".into());
    let problems = validate(&c);
    let fields: Vec<_> = problems
        .iter()
        .map(|p| p.field.as_deref().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "id",
            "title",
            "sources[0].owner",
            "grain.match_rate",
            "grain.match_rate_target",
            "owners.data",
            "owners.exception",
            "thresholds.min_confidence"
        ]
    );
    assert!(problems.iter().all(|p| p.code == ErrorCode::Invalid));

    for bad_id in [
        "",
        "Churn",
        "churn_risk",
        "churn risk",
        "-a",
        "a-",
        "ünïcode",
    ] {
        let c = Contract::new(bad_id, "t", WorkflowCategory::Other);
        assert_eq!(validate(&c)[0].field.as_deref(), Some("id"), "{bad_id:?}");
    }
    for good_id in ["a", "churn-risk-summary", "2026-q4", "a--b"] {
        assert!(
            validate(&Contract::new(good_id, "t", WorkflowCategory::Other)).is_empty(),
            "{good_id:?}"
        );
    }
}

#[test]
fn format_errors_become_parse_errors_with_the_field() {
    let e = yaml_error(&format!("{HEAD}owners:\n  sponsor: x\n"));
    let core: Error = e.clone().into();
    assert_eq!(core.code, ErrorCode::Parse);
    assert_eq!(core.field.as_deref(), Some("owners.sponsor"));
    assert_eq!(core.message, e.to_string());

    let bare = FormatError {
        file: String::new(),
        line: None,
        column: None,
        path: None,
        message: "m".into(),
    };
    assert_eq!(bare.to_string(), "m");
    let no_column = FormatError {
        file: "f.yaml".into(),
        line: Some(3),
        column: None,
        path: Some("id".into()),
        message: "m".into(),
    };
    assert_eq!(no_column.to_string(), "f.yaml:3: id: m");
}

#[test]
fn file_kind_comes_from_the_extension_else_the_content() {
    assert_eq!(FileKind::detect("a.YML", b"{}"), FileKind::Yaml);
    assert_eq!(FileKind::detect("a.json", b"id: x"), FileKind::Json);
    assert_eq!(FileKind::detect("-", b"  \n {\"id\": 1}"), FileKind::Json);
    assert_eq!(FileKind::detect("contract.txt", b"id: x"), FileKind::Yaml);
    assert_eq!(FileKind::detect("stdin", b"\xEF\xBB\xBF{}"), FileKind::Json);

    // JSON without a telling name is read as JSON (so its errors are JSON's).
    let e = parse_contract("stdin", b"{\"format\": \"warrant/v1\" \"id\": 1}").unwrap_err();
    assert!(e.message.starts_with("invalid JSON"), "{e}");

    // A byte-order mark is allowed in both spellings.
    let mut yaml = b"\xEF\xBB\xBF".to_vec();
    yaml.extend_from_slice(HEAD.as_bytes());
    assert!(parse_contract("bom.yaml", &yaml).is_ok());
    let json = format!("\u{FEFF}{{{JSON_HEAD}}}");
    assert!(parse_contract("bom.json", json.as_bytes()).is_ok());
}

// --- One reading of every input: the file-format reading rules ---

#[test]
fn a_listed_value_written_as_a_mapping_is_the_wrong_type_naming_the_field() {
    let e = yaml_error(&HEAD.replace("authority: assist", "authority: {act: null}"));
    assert_eq!(e.path.as_deref(), Some("authority"), "{e}");
    assert!(e.message.contains("found a mapping"), "{e}");
    assert_eq!((e.line, e.column), (Some(6), Some(1)), "{e}");

    let e = yaml_error(&HEAD.replace("format: warrant/v1", "format: {warrant/v1: null}"));
    assert_eq!(e.path.as_deref(), Some("format"), "{e}");

    let e = json_error(&format!(
        "{{{}}}",
        JSON_HEAD.replace(r#""authority": "assist""#, r#""authority": {"act": 1}"#)
    ));
    assert_eq!(e.path.as_deref(), Some("authority"), "{e}");
    assert!(!e.message.contains("unit"), "{e}");
    assert!(e.message.contains("found a mapping"), "{e}");
}

#[test]
fn a_null_number_or_list_in_a_json_enum_field_names_the_field() {
    for bad in ["null", "3", r#"["assist"]"#] {
        let text = format!("{{{}}}", JSON_HEAD.replace(r#""assist""#, bad));
        let e = json_error(&text);
        assert_eq!(e.path.as_deref(), Some("authority"), "{bad}: {e}");
        assert!(
            e.message.contains("suggest, assist, route, act"),
            "{bad}: {e}"
        );
        assert!(!e.message.contains("invalid JSON"), "{bad}: {e}");
        assert_eq!(e.line, Some(1), "{bad}: {e}");
    }
}

#[test]
fn blank_owners_are_not_set_rather_than_refused() {
    let text = format!(
        "{HEAD}sources:\n  - name: crm\n    owner: \"\"\nowners:\n  business: \"   \"\n  data: \"\\t\"\n"
    );
    let c = parse_contract("blank.yaml", text.as_bytes()).expect("blank owners are not set");
    assert_eq!(c.owners.business.as_deref(), Some("   "));
    let r = warrant_core::readiness::check(
        &c,
        &warrant_core::readiness::CheckContext {
            at: chrono::Utc::now(),
            has_dry_run: false,
        },
    );
    let rules: Vec<&str> = r.findings.iter().map(|f| f.rule.as_str()).collect();
    for rule in ["S3", "A1", "R3", "R5"] {
        assert!(rules.contains(&rule), "{rule} missing from {rules:?}");
    }
}

#[test]
fn an_owner_that_is_not_an_email_address_is_refused_by_the_one_rule() {
    for bad in ["ops@localhost", "dana @example.com", "a@b@example.com"] {
        let e = yaml_error(&format!("{HEAD}owners:\n  data: \"{bad}\"\n"));
        assert_eq!(e.path.as_deref(), Some("owners.data"), "{e}");
        assert!(e.message.contains("not an e-mail address"), "{e}");
        assert_eq!((e.line, e.column), (Some(8), Some(3)), "{e}");
    }
}

#[test]
fn loose_dates_and_times_are_refused() {
    for date in [
        "2026-11-2",
        "2026-1-02",
        "+2026-11-02",
        "\" 2026-11-02\"",
        "\"2026-11-02 \"",
    ] {
        let e = yaml_error(&format!(
            "{HEAD}launch_checks:\n  workflow_picked: {date}\n"
        ));
        assert_eq!(
            e.path.as_deref(),
            Some("launch_checks.workflow_picked"),
            "{date}: {e}"
        );
        assert_eq!(e.line, Some(8), "{date}: {e}");
    }
    for time in [
        "2026-11-20T06:00:00+0000",
        "2026-11-20T06:00:00 Z",
        "\" 2026-11-20T06:00:00Z\"",
    ] {
        let e = yaml_error(&format!(
            "{HEAD}sources:\n  - name: crm\n    last_synced_at: {time}\n"
        ));
        assert_eq!(
            e.path.as_deref(),
            Some("sources[0].last_synced_at"),
            "{time}: {e}"
        );
        assert!(e.message.contains("RFC 3339"), "{time}: {e}");
    }
    let ok = format!(
        "{HEAD}sources:\n  - name: crm\n    last_synced_at: 2026-11-20T08:00:00+02:00\nlaunch_checks:\n  workflow_picked: 2026-11-02\n"
    );
    parse_contract("ok.yaml", ok.as_bytes()).expect("exact spellings are read");
}

#[test]
fn json_content_errors_have_a_line_and_column() {
    let cases = [
        (r#""title": "Churn risk""#, r#""title": "  ""#, "title"),
        (r#""id": "churn-risk""#, r#""id": "Churn_Risk""#, "id"),
    ];
    for (from, to, path) in cases {
        let text = format!(
            "{{\n{}\n}}",
            JSON_HEAD.replace(from, to).replace(", ", ",\n")
        );
        let e = json_error(&text);
        assert_eq!(e.path.as_deref(), Some(path), "{e}");
        assert!(e.line.is_some_and(|l| l > 1) && e.column.is_some(), "{e}");
    }
    let e = json_error(&format!(
        "{{{JSON_HEAD},\n \"owners\": {{\"data\": \"nobody\"}}}}"
    ));
    assert_eq!(e.path.as_deref(), Some("owners.data"));
    assert_eq!((e.line, e.column), (Some(2), Some(13)), "{e}");
    let e = json_error(&format!(
        "{{{JSON_HEAD},\n \"grain\": {{\n  \"match_rate\": 1.5}}}}"
    ));
    assert_eq!(e.path.as_deref(), Some("grain.match_rate"));
    assert_eq!((e.line, e.column), (Some(3), Some(3)), "{e}");
}

#[test]
fn structural_refusals_have_a_line_and_column() {
    for (name, text) in [
        ("list.yaml", "- a\n- b\n"),
        ("word.yaml", "just words\n"),
        ("number.json", "  42"),
        ("empty.yaml", "# only a comment\n"),
        ("blank.json", "  \n\n"),
        (
            "missing.yaml",
            "format: warrant/v1\nid: x\ntitle: X\nauthority: act\nworkflow:\n  description: d\n",
        ),
    ] {
        let e = parse_contract(name, text.as_bytes()).unwrap_err();
        assert!(e.line.is_some() && e.column.is_some(), "{name}: {e}");
    }
    let e = yaml_error(
        "format: warrant/v1\nid: x\ntitle: X\nauthority: act\nworkflow:\n  description: d\n",
    );
    assert_eq!(e.path.as_deref(), Some("workflow.category"), "{e}");
    assert_eq!(e.line, Some(5), "{e}");
}

#[test]
fn a_json_key_written_twice_is_refused_where_it_repeats() {
    let e = json_error(&format!("{{{JSON_HEAD},\n \"title\": \"Again\"}}"));
    assert_eq!(e.path.as_deref(), Some("title"), "{e}");
    assert_eq!((e.line, e.column), (Some(2), Some(2)), "{e}");
}

#[test]
fn hours_are_whole_numbers_that_fit_in_32_bits() {
    let read = |v: &str| {
        parse_contract(
            "h.yaml",
            format!("{HEAD}audit:\n  retention_days: {v}\n").as_bytes(),
        )
    };
    assert_eq!(read("365").unwrap().audit.retention_days, Some(365));
    assert_eq!(read("365.0").unwrap().audit.retention_days, Some(365));
    for bad in ["365.5", "-1", "4294967296"] {
        let e = read(bad).unwrap_err();
        assert_eq!(
            e.path.as_deref(),
            Some("audit.retention_days"),
            "{bad}: {e}"
        );
        assert!(e.message.contains("whole number"), "{bad}: {e}");
    }
}

#[test]
fn a_json_syntax_error_names_the_key_it_follows() {
    let e = json_error(&format!("{{{JSON_HEAD},\n \"owners\": {{\"data\": }}}}"));
    assert_eq!(e.path.as_deref(), Some("owners.data"), "{e}");
    assert_eq!(e.line, Some(2), "{e}");
    let e = json_error(&format!("{{{JSON_HEAD}}}\n}}"));
    assert_eq!(
        e.path, None,
        "text after the contract belongs to no key: {e}"
    );
}
