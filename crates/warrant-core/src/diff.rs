//! Field-level differences between two versions of a contract, in words a
//! reviewer can read: the version history, the `contract_edited` audit event
//! and the editor's "what changed" panel all show these; the window shows
//! them under the form's labels ([`field_label`]), events keep the paths.
//!
//! The walk is generic over the contract's JSON form so that a field added to
//! the model later is diffed without touching this file. Two kinds of list get
//! special treatment: lists of named items (sources, suppression rules,
//! definitions) are matched by name, so editing one source reads as that
//! source's field changing rather than "sources changed"; lists of plain
//! values read as `+ added, − removed`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::model::Contract;

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldChange {
    /// Dotted path of the field; items of named lists are addressed by name,
    /// e.g. `sources[account_health].trust`. A whole item added or removed is
    /// reported on the list itself (`sources`).
    pub field: String,
    /// What happened, in plain words: `suggest → assist`, `+ Holdout group`.
    pub change: String,
}

/// A change as the editor's form names it: `Minimum confidence: 0.7 → 0.75`
/// rather than `thresholds.min_confidence`. Made at display time from a
/// [`FieldChange`], so stored `contract_edited` events keep their paths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LabelledChange {
    /// The dotted path, as in [`FieldChange::field`].
    pub field: String,
    /// The form's label for it: `Minimum confidence`, `Source “Billing
    /// status”: Trust`.
    pub label: String,
    pub change: String,
}

/// The form's label for each field path (named-list items written `[]`),
/// in the editor's words. A path not listed keeps its dotted name.
const LABELS: &[(&str, &str)] = &[
    ("format", "Format"),
    ("id", "Id"),
    ("title", "Title"),
    ("status", "Status"),
    ("authority", "Requested authority"),
    ("workflow.category", "Workflow category"),
    ("workflow.description", "What the workflow does"),
    ("workflow.decision", "The behaviour that should change"),
    ("sources", "Sources"),
    ("sources[].name", "Name"),
    ("sources[].system", "System"),
    ("sources[].role", "Role"),
    ("sources[].trust", "Trust"),
    ("sources[].owner", "Owner"),
    ("sources[].max_age_hours", "Oldest usable data (hours)"),
    ("sources[].last_synced_at", "Last synced"),
    ("grain.entity", "Entity"),
    ("grain.matching", "How records are matched"),
    ("grain.match_rate", "Match rate"),
    ("grain.match_rate_target", "Match rate target"),
    ("grain.identifiers", "Stable identifiers"),
    ("definitions", "Definitions"),
    ("definitions[].name", "Term"),
    ("definitions[].status", "Status"),
    ("owners.business", "Business owner"),
    ("owners.data", "Data owner"),
    ("owners.destination", "Destination owner"),
    ("owners.exception", "Exception owner"),
    ("thresholds.min_confidence", "Minimum confidence"),
    ("thresholds.sync_cadence", "Sync cadence"),
    (
        "thresholds.max_field_age_hours",
        "Oldest usable field (hours)",
    ),
    (
        "thresholds.output_expires_after_hours",
        "Output expires after (hours)",
    ),
    (
        "thresholds.reason_codes_required",
        "Every output must carry a reason code",
    ),
    ("thresholds.reason_codes", "Reason codes"),
    ("suppression", "Suppression rules"),
    ("suppression[].name", "Name"),
    ("suppression[].category", "Category"),
    ("suppression[].action", "What happens"),
    ("suppression[].when", "When"),
    ("destination.system", "Destination system"),
    ("destination.target", "Object, field, channel or queue"),
    ("destination.shows", "What the user sees beside the output"),
    ("exceptions.pause_procedure", "How to pause it"),
    ("exceptions.rollback", "How to undo what it did"),
    ("exceptions.pause_triggers", "Pause when…"),
    ("audit.records", "Recorded for every output"),
    ("audit.retention_days", "Kept for (days)"),
];

/// What a named list's item is called in the form.
const ITEM_NOUNS: &[(&str, &str)] = &[
    ("sources", "Source"),
    ("suppression", "Rule"),
    ("definitions", "Definition"),
];

/// The form's label for a [`FieldChange::field`] path:
/// `thresholds.min_confidence` → `Minimum confidence`,
/// `sources[Billing status].trust` → `Source “Billing status”: Trust`,
/// `launch_checks.owners_present` → the launch step's wording.
pub fn field_label(path: &str) -> String {
    if let Some(step) = path.strip_prefix("launch_checks.") {
        if let Some((_, label, _)) = crate::model::LaunchChecks::default()
            .steps()
            .into_iter()
            .find(|(key, _, _)| *key == step)
        {
            return format!("Launch checklist: {label}");
        }
    }
    for (list, noun) in ITEM_NOUNS {
        let Some(rest) = path.strip_prefix(&format!("{list}[")) else {
            continue;
        };
        let Some((name, tail)) = rest.rsplit_once(']') else {
            continue;
        };
        let key = format!("{list}[]{tail}");
        let item = format!("{noun} “{name}”");
        return match LABELS.iter().find(|(p, _)| *p == key) {
            Some((_, label)) => format!("{item}: {label}"),
            None if tail.is_empty() => item,
            None => format!("{item}: {}", tail.trim_start_matches('.')),
        };
    }
    LABELS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, label)| (*label).to_string())
        .unwrap_or_else(|| path.to_string())
}

/// The changes with the form's labels (see [`field_label`]).
pub fn labelled(changes: &[FieldChange]) -> Vec<LabelledChange> {
    changes
        .iter()
        .map(|c| LabelledChange {
            field: c.field.clone(),
            label: field_label(&c.field),
            change: c.change.clone(),
        })
        .collect()
}

/// [`summarize`] in the form's labels: `Requested authority: suggest →
/// assist; Suppression rules: + Holdout group`.
pub fn summarize_labelled(changes: &[FieldChange]) -> String {
    let relabelled: Vec<FieldChange> = changes
        .iter()
        .map(|c| FieldChange {
            field: field_label(&c.field),
            change: c.change.clone(),
        })
        .collect();
    summarize(&relabelled)
}

/// Lists whose items carry a `name` and are matched by it.
const NAMED_LISTS: &[&str] = &["sources", "suppression", "definitions"];

/// Top-level keys in worksheet order, so a summary reads like the form.
const TOP_LEVEL_ORDER: &[&str] = &[
    "format",
    "id",
    "title",
    "workflow",
    "authority",
    "status",
    "sources",
    "grain",
    "definitions",
    "owners",
    "thresholds",
    "suppression",
    "destination",
    "exceptions",
    "audit",
    "launch_checks",
];

/// Text longer than this is reported as "edited" instead of quoted in full.
const QUOTE_LIMIT: usize = 60;

/// Every field that differs between `before` and `after`, in worksheet order.
pub fn diff(before: &Contract, after: &Contract) -> Vec<FieldChange> {
    let before = serde_json::to_value(before).unwrap_or(Value::Null);
    let after = serde_json::to_value(after).unwrap_or(Value::Null);
    let mut changes = Vec::new();
    let keys = ordered_keys(&before, &after, TOP_LEVEL_ORDER);
    for key in keys {
        diff_value(
            key.clone(),
            &key,
            before.get(&key),
            after.get(&key),
            &mut changes,
        );
    }
    changes
}

/// One line for a version list: `authority: suggest → assist; sources: − legacy_scores`.
/// Consecutive changes to the same field are joined (`sources: + a, − b`).
pub fn summarize(changes: &[FieldChange]) -> String {
    if changes.is_empty() {
        return "no changes".to_string();
    }
    let mut parts: Vec<(String, Vec<&str>)> = Vec::new();
    for change in changes {
        match parts.last_mut() {
            Some((field, words)) if *field == change.field => words.push(&change.change),
            _ => parts.push((change.field.clone(), vec![&change.change])),
        }
    }
    parts
        .into_iter()
        .map(|(field, words)| format!("{field}: {}", words.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Keys of two JSON objects: those named in `preferred` first (in that
/// order), then the rest in the order they appear.
fn ordered_keys(before: &Value, after: &Value, preferred: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let present = |k: &str| before.get(k).is_some() || after.get(k).is_some();
    for key in preferred {
        if present(key) {
            keys.push((*key).to_string());
        }
    }
    for side in [before, after] {
        if let Value::Object(map) = side {
            for key in map.keys() {
                if !keys.iter().any(|k| k == key) {
                    keys.push(key.clone());
                }
            }
        }
    }
    keys
}

/// Treats a field the file omits as the empty value of the other side's kind,
/// so "no grain" vs "grain with entity" diffs field by field.
fn or_empty_like<'a>(
    value: Option<&'a Value>,
    other: Option<&Value>,
    empty_object: &'a Value,
    empty_array: &'a Value,
) -> Option<&'a Value> {
    match (value, other) {
        (Some(Value::Null) | None, Some(Value::Object(_))) => Some(empty_object),
        (Some(Value::Null) | None, Some(Value::Array(_))) => Some(empty_array),
        (Some(Value::Null), _) => None,
        (v, _) => v,
    }
}

fn diff_value(
    path: String,
    key: &str,
    before: Option<&Value>,
    after: Option<&Value>,
    out: &mut Vec<FieldChange>,
) {
    let empty_object = Value::Object(Default::default());
    let empty_array = Value::Array(Vec::new());
    let b = or_empty_like(before, after, &empty_object, &empty_array);
    let a = or_empty_like(after, before, &empty_object, &empty_array);
    if b == a {
        return;
    }
    match (b, a) {
        (Some(Value::Object(_)), Some(Value::Object(_))) => {
            let (b, a) = (b.unwrap(), a.unwrap());
            for child in ordered_keys(b, a, &[]) {
                diff_value(
                    format!("{path}.{child}"),
                    &child,
                    b.get(&child),
                    a.get(&child),
                    out,
                );
            }
        }
        (Some(Value::Array(bs)), Some(Value::Array(as_))) => {
            if NAMED_LISTS.contains(&key) && all_named(bs) && all_named(as_) {
                diff_named_list(&path, bs, as_, out);
            } else if bs
                .iter()
                .chain(as_.iter())
                .all(|v| !v.is_object() && !v.is_array())
            {
                diff_plain_list(&path, bs, as_, out);
            } else {
                out.push(FieldChange {
                    field: path,
                    change: "changed".to_string(),
                });
            }
        }
        _ => out.push(FieldChange {
            field: path,
            change: scalar_change(b, a),
        }),
    }
}

fn all_named(items: &[Value]) -> bool {
    items
        .iter()
        .all(|item| item.get("name").and_then(Value::as_str).is_some())
}

fn name_of(item: &Value) -> &str {
    item.get("name").and_then(Value::as_str).unwrap_or_default()
}

fn diff_named_list(path: &str, before: &[Value], after: &[Value], out: &mut Vec<FieldChange>) {
    let find = |items: &'_ [Value], name: &str| items.iter().position(|v| name_of(v) == name);
    for item in after {
        if find(before, name_of(item)).is_none() {
            out.push(FieldChange {
                field: path.to_string(),
                change: format!("+ {}", name_of(item)),
            });
        }
    }
    for item in before {
        if find(after, name_of(item)).is_none() {
            out.push(FieldChange {
                field: path.to_string(),
                change: format!("− {}", name_of(item)),
            });
        }
    }
    for item in after {
        if let Some(i) = find(before, name_of(item)) {
            let item_path = format!("{path}[{}]", name_of(item));
            diff_value(item_path, "", Some(&before[i]), Some(item), out);
        }
    }
    // Order matters for suppression: the first matching rule decides.
    let kept_before: Vec<&str> = before
        .iter()
        .map(name_of)
        .filter(|n| find(after, n).is_some())
        .collect();
    let kept_after: Vec<&str> = after
        .iter()
        .map(name_of)
        .filter(|n| find(before, n).is_some())
        .collect();
    if kept_before != kept_after {
        out.push(FieldChange {
            field: path.to_string(),
            change: "order changed".to_string(),
        });
    }
}

fn diff_plain_list(path: &str, before: &[Value], after: &[Value], out: &mut Vec<FieldChange>) {
    let mut words = Vec::new();
    for item in after {
        if !before.contains(item) {
            words.push(format!("+ {}", display(item)));
        }
    }
    for item in before {
        if !after.contains(item) {
            words.push(format!("− {}", display(item)));
        }
    }
    if words.is_empty() {
        words.push("order changed".to_string());
    }
    out.push(FieldChange {
        field: path.to_string(),
        change: words.join(", "),
    });
}

fn scalar_change(before: Option<&Value>, after: Option<&Value>) -> String {
    let long = |v: Option<&Value>| {
        v.map(display)
            .is_some_and(|s| s.chars().count() > QUOTE_LIMIT || s.contains('\n'))
    };
    match (before, after) {
        (None, Some(a)) if long(Some(a)) => "written".to_string(),
        (Some(_), None) if long(before) => "cleared".to_string(),
        (Some(_), Some(_)) if long(before) || long(after) => "edited".to_string(),
        _ => format!(
            "{} → {}",
            before.map(display).unwrap_or_else(|| "none".into()),
            after.map(display).unwrap_or_else(|| "none".into())
        ),
    }
}

fn display(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "none".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn changes_read_in_the_forms_labels() {
        let mut before = Contract::new("c", "C", WorkflowCategory::RepAlerts);
        before.thresholds.min_confidence = Some(0.7);
        before.sources = vec![Source {
            name: "Billing status".into(),
            ..Default::default()
        }];
        let mut after = before.clone();
        after.thresholds.min_confidence = Some(0.75);
        after.sources[0].trust = Some(Trust::Trusted);
        after.launch_checks.owners_present = chrono::NaiveDate::from_ymd_opt(2026, 12, 1);
        let changes = diff(&before, &after);
        let labels: Vec<String> = labelled(&changes).into_iter().map(|c| c.label).collect();
        assert_eq!(
            labels,
            [
                "Source “Billing status”: Trust",
                "Minimum confidence",
                "Launch checklist: Workflow, destination and data owners in the room"
            ]
        );
        assert!(
            summarize_labelled(&changes).contains("Minimum confidence: 0.7 → 0.75"),
            "{}",
            summarize_labelled(&changes)
        );
        // Events keep the paths.
        assert_eq!(changes[1].field, "thresholds.min_confidence");
        assert_eq!(field_label("sources"), "Sources");
        assert_eq!(field_label("sources[x]"), "Source “x”");
        assert_eq!(field_label("something.new"), "something.new");
    }

    fn base() -> Contract {
        let mut c = Contract::new("churn", "Churn summary", WorkflowCategory::ChurnRiskRouting);
        c.sources = vec![
            Source {
                name: "account_health".into(),
                trust: Some(Trust::Provisional),
                ..Default::default()
            },
            Source {
                name: "legacy_scores".into(),
                ..Default::default()
            },
        ];
        c.owners.data = Some("dana@example.com".into());
        c.thresholds.reason_codes = vec!["usage_drop".into()];
        c
    }

    #[test]
    fn identical_contracts_have_no_changes() {
        assert!(diff(&base(), &base()).is_empty());
        assert_eq!(summarize(&[]), "no changes");
    }

    #[test]
    fn summary_reads_in_worksheet_order() {
        let before = base();
        let mut after = base();
        after.authority = Authority::Assist;
        after.sources.retain(|s| s.name != "legacy_scores");
        after.owners.data = Some("lee@example.com".into());
        after.suppression.push(SuppressionRule {
            name: "Holdout group".into(),
            ..Default::default()
        });
        assert_eq!(
            summarize(&diff(&before, &after)),
            "authority: suggest → assist; sources: − legacy_scores; owners.data: dana@example.com → lee@example.com; \
             suppression: + Holdout group"
        );
    }

    #[test]
    fn named_items_are_matched_by_name() {
        let before = base();
        let mut after = base();
        after.sources[0].trust = Some(Trust::Trusted);
        after.sources[0].max_age_hours = Some(24);
        // Field order inside an item follows serde_json's map order, which a
        // crate feature may change; compare as a set.
        let mut changes = diff(&before, &after);
        changes.sort_by(|a, b| a.field.cmp(&b.field));
        assert_eq!(
            changes,
            vec![
                FieldChange {
                    field: "sources[account_health].max_age_hours".into(),
                    change: "none → 24".into()
                },
                FieldChange {
                    field: "sources[account_health].trust".into(),
                    change: "provisional → trusted".into()
                },
            ]
        );
    }

    #[test]
    fn reordering_suppression_rules_is_a_change() {
        let mut before = base();
        before.suppression = vec![
            SuppressionRule {
                name: "a".into(),
                ..Default::default()
            },
            SuppressionRule {
                name: "b".into(),
                ..Default::default()
            },
        ];
        let mut after = before.clone();
        after.suppression.reverse();
        assert_eq!(
            summarize(&diff(&before, &after)),
            "suppression: order changed"
        );
    }

    #[test]
    fn plain_lists_show_additions_and_removals() {
        let before = base();
        let mut after = base();
        after.thresholds.reason_codes = vec!["admin_departure".into()];
        assert_eq!(
            summarize(&diff(&before, &after)),
            "thresholds.reason_codes: + admin_departure, − usage_drop"
        );
    }

    #[test]
    fn sections_absent_on_one_side_diff_field_by_field() {
        let before = base();
        let mut after = base();
        after.grain.matching = Some(Matching::Deterministic);
        after.exceptions.rollback =
            "Restore the previous health band from the nightly snapshot taken at 02:00 UTC.".into();
        assert_eq!(
            summarize(&diff(&before, &after)),
            "grain.matching: none → deterministic; exceptions.rollback: written"
        );
        assert_eq!(
            summarize(&diff(&after, &before)),
            "grain.matching: deterministic → none; exceptions.rollback: cleared"
        );
    }
}
