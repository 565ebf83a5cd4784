//! The published JSON Schema (schema/warrant-v1.schema.json) is exactly what
//! the model generates, and it is strict.
//!
//! After changing the model, regenerate the committed file with
//! `WARRANT_BLESS=1 cargo test -p warrant-core --test format_schema`.

use std::path::PathBuf;

use warrant_core::format::schema_json;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schema/warrant-v1.schema.json")
}

#[test]
fn schema_file_matches_the_model() {
    let generated = schema_json();
    let path = committed_path();
    if std::env::var_os("WARRANT_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date with the model; regenerate it with:\n  WARRANT_BLESS=1 cargo test -p warrant-core --test format_schema\nand commit the result",
        path.display()
    );
}

#[test]
fn schema_refuses_unknown_keys_everywhere() {
    let schema: serde_json::Value = serde_json::from_str(&schema_json()).unwrap();
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(
        schema["title"],
        "Warrant AI activation contract (warrant/v1)"
    );
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, ["format", "id", "title", "workflow", "authority"]);
    let defs = schema["$defs"].as_object().unwrap();
    for name in [
        "Workflow",
        "Source",
        "Grain",
        "Owners",
        "Thresholds",
        "SuppressionRule",
        "Destination",
        "LaunchChecks",
    ] {
        assert_eq!(defs[name]["additionalProperties"], false, "{name}");
    }
    assert_eq!(
        defs["Workflow"]["required"],
        serde_json::json!(["category"])
    );
    let authority = serde_json::to_string(&defs["Authority"]).unwrap();
    for value in ["suggest", "assist", "route", "act"] {
        assert!(authority.contains(&format!("\"{value}\"")), "{authority}");
    }
}
