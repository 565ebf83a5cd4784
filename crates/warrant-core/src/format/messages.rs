//! Turns serde's deserialization messages into plain instructions.
//!
//! serde words its errors for programmers ("unknown variant `acts`,
//! expected one of `suggest`, …", "invalid type: string \"x\", expected
//! u32"). People editing a contract file need to know which key is wrong
//! and what to write, so each known shape is rewritten; anything else is
//! passed through unchanged rather than hidden.

use crate::model::{
    AuditRecord, Authority, DefinitionStatus, DestinationSystem, Entity, FormatVersion, Matching,
    SourceRole, SourceSystem, Status, SuppressionAction, SuppressionCategory, Trust,
    VisibleContext, WorkflowCategory,
};

/// A rewritten message and the dotted path it concerns.
pub(super) struct Explained {
    pub path: Option<String>,
    pub message: String,
}

/// `path` is serde_path_to_error's rendering ("." for the top level).
pub(super) fn explain(path: &str, serde_message: &str) -> Explained {
    let path = if path == "." || path.is_empty() {
        None
    } else {
        Some(path.to_string())
    };

    if let Some(rest) = serde_message.strip_prefix("unknown field ") {
        let (key, expected) = split_expected(rest);
        // serde_path_to_error already ends the path with the unknown key;
        // add it if a future version stops doing so.
        let full = match &path {
            Some(p) if p == &key || p.ends_with(&format!(".{key}")) => Some(p.clone()),
            Some(p) => Some(format!("{p}.{key}")),
            None => Some(key.clone()),
        };
        let allowed = if expected.is_empty() {
            "this mapping takes no keys".to_string()
        } else {
            format!("the keys allowed here are {}", expected.join(", "))
        };
        return Explained {
            path: full,
            message: format!("unknown key \"{key}\"; {allowed}"),
        };
    }
    if let Some(rest) = serde_message.strip_prefix("missing field ") {
        let key = unquote(rest);
        let full = match &path {
            Some(p) => format!("{p}.{key}"),
            None => key.clone(),
        };
        return Explained {
            message: format!("the required key \"{key}\" is missing; add it"),
            path: Some(full),
        };
    }
    if let Some(rest) = serde_message.strip_prefix("duplicate field ") {
        let key = unquote(rest);
        let full = match &path {
            Some(p) if p.ends_with(&key) => p.clone(),
            Some(p) => format!("{p}.{key}"),
            None => key.clone(),
        };
        return Explained {
            message: format!("the key \"{key}\" is written twice in the same mapping; keep one"),
            path: Some(full),
        };
    }

    if let Some(message) = date_message(path.as_deref()) {
        return Explained { path, message };
    }

    if let Some(rest) = serde_message.strip_prefix("unknown variant ") {
        let (value, expected) = split_expected(rest);
        let message = match expected.as_slice() {
            [only] if path.as_deref() == Some("format") => {
                format!("\"{value}\" is not a format this version of Warrant reads; write {only}")
            }
            [only] => format!("\"{value}\" is not allowed; write {only}"),
            _ => format!("\"{value}\" is not one of {}", expected.join(", ")),
        };
        return Explained { path, message };
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = serde_message.strip_prefix(prefix) {
            if let Some((found, expected)) = rest.split_once(", expected ") {
                let expected = match path.as_deref().and_then(enum_values_at) {
                    Some(values) if path.as_deref() == Some("format") => values.join(", "),
                    Some(values) => format!("one of {}", values.join(", ")),
                    None if path.is_none() && expected.starts_with("struct ") => {
                        "a contract: a mapping of keys starting with format: warrant/v1".to_string()
                    }
                    None => describe_expected(expected),
                };
                let message = format!("expected {expected}, found {}", describe_found(found));
                return Explained { path, message };
            }
        }
    }
    Explained {
        path,
        message: serde_message.to_string(),
    }
}

/// Dates have a fixed spelling; whatever went wrong, saying it is the help.
fn date_message(path: Option<&str>) -> Option<String> {
    let path = path?;
    if path.ends_with(".last_synced_at") {
        return Some(
            "write the date and time in RFC 3339 form, e.g. 2026-11-20T06:00:00Z, or remove the key".to_string(),
        );
    }
    if path.starts_with("launch_checks.") {
        return Some(
            "write the date the step was done as YYYY-MM-DD, e.g. 2026-11-02, or null".to_string(),
        );
    }
    None
}

/// "`x`, expected one of `a`, `b`" → ("x", ["a", "b"]).
fn split_expected(rest: &str) -> (String, Vec<String>) {
    let (head, tail) = rest.split_once(", expected ").unwrap_or((rest, ""));
    let tail = tail.strip_prefix("one of ").unwrap_or(tail);
    let expected =
        if tail.is_empty() || tail == "there are no fields" || tail == "there are no variants" {
            Vec::new()
        } else {
            tail.split(", ")
                .flat_map(|part| part.split(" or "))
                .map(unquote)
                .collect()
        };
    (unquote(head), expected)
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches('`').to_string()
}

fn describe_expected(expected: &str) -> String {
    match expected {
        "u32" => "a whole number from 0 to 4294967295".into(),
        "f64" => "a number".into(),
        "a string" => "text".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "a list".into(),
        _ if expected.starts_with("struct ") => "a mapping of keys".into(),
        _ => expected.to_string(),
    }
}

fn describe_found(found: &str) -> String {
    if let Some(text) = found.strip_prefix("string ") {
        return format!("the text {text}");
    }
    for prefix in ["integer ", "floating point ", "boolean "] {
        if let Some(value) = found.strip_prefix(prefix) {
            return value.trim_matches('`').to_string();
        }
    }
    match found {
        "map" => "a mapping".into(),
        "sequence" => "a list".into(),
        "unit value" | "null" => "null".into(),
        other => other.to_string(),
    }
}

/// The allowed values of the enum field at `path` (list indices ignored),
/// so a number or a list where a word belongs still gets the list of words.
fn enum_values_at(path: &str) -> Option<Vec<&'static str>> {
    fn all<T: Copy>(values: &[T], as_str: fn(T) -> &'static str) -> Option<Vec<&'static str>> {
        Some(values.iter().map(|v| as_str(*v)).collect())
    }
    let mut field = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            c if !in_index => field.push(c),
            _ => {}
        }
    }
    match field.as_str() {
        "format" => all(FormatVersion::ALL, FormatVersion::as_str),
        "authority" => all(Authority::ALL, Authority::as_str),
        "status" => all(Status::ALL, Status::as_str),
        "workflow.category" => all(WorkflowCategory::ALL, WorkflowCategory::as_str),
        "sources.system" => all(SourceSystem::ALL, SourceSystem::as_str),
        "sources.role" => all(SourceRole::ALL, SourceRole::as_str),
        "sources.trust" => all(Trust::ALL, Trust::as_str),
        "grain.entity" => all(Entity::ALL, Entity::as_str),
        "grain.matching" => all(Matching::ALL, Matching::as_str),
        "definitions.status" => all(DefinitionStatus::ALL, DefinitionStatus::as_str),
        "suppression.category" => all(SuppressionCategory::ALL, SuppressionCategory::as_str),
        "suppression.action" => all(SuppressionAction::ALL, SuppressionAction::as_str),
        "destination.system" => all(DestinationSystem::ALL, DestinationSystem::as_str),
        "destination.shows" => all(VisibleContext::ALL, VisibleContext::as_str),
        "audit.records" => all(AuditRecord::ALL, AuditRecord::as_str),
        _ => None,
    }
}
