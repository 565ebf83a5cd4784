//! The user reference in `docs/` names what the code does: every readiness
//! rule with its rung and route, and every listed value of the file format.
//! A rule or value added to the code without a line in the reference fails
//! here.

use std::path::PathBuf;

use warrant_core::model::*;
use warrant_core::readiness::RULES;

fn doc(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_readiness_rule_has_its_row() {
    let text = doc("readiness-rules.md");
    for rule in RULES {
        let route = serde_json::to_value(rule.route).unwrap();
        let row = text
            .lines()
            .find(|line| line.starts_with(&format!("| {} | {} |", rule.id, rule.level)))
            .unwrap_or_else(|| panic!("no row for {} ({})", rule.id, rule.level));
        assert!(
            row.trim_end()
                .ends_with(&format!("| {} |", route.as_str().unwrap())),
            "{} routes to {route}: {row}",
            rule.id
        );
    }
}

#[test]
fn every_listed_value_is_in_the_file_format_reference() {
    let text = doc("file-format.md");
    let mut words: Vec<&str> = Vec::new();
    words.extend(Authority::ALL.iter().map(|v| v.as_str()));
    words.extend(Status::ALL.iter().map(|v| v.as_str()));
    words.extend(WorkflowCategory::ALL.iter().map(|v| v.as_str()));
    words.extend(SourceSystem::ALL.iter().map(|v| v.as_str()));
    words.extend(SourceRole::ALL.iter().map(|v| v.as_str()));
    words.extend(Trust::ALL.iter().map(|v| v.as_str()));
    words.extend(Entity::ALL.iter().map(|v| v.as_str()));
    words.extend(Matching::ALL.iter().map(|v| v.as_str()));
    words.extend(DefinitionStatus::ALL.iter().map(|v| v.as_str()));
    words.extend(SuppressionCategory::ALL.iter().map(|v| v.as_str()));
    words.extend(SuppressionAction::ALL.iter().map(|v| v.as_str()));
    words.extend(DestinationSystem::ALL.iter().map(|v| v.as_str()));
    words.extend(VisibleContext::ALL.iter().map(|v| v.as_str()));
    words.extend(AuditRecord::ALL.iter().map(|v| v.as_str()));
    for (key, _, _) in LaunchChecks::default().steps() {
        words.push(key);
    }
    for word in words {
        assert!(
            text.contains(&format!("`{word}`")),
            "`{word}` is not in docs/file-format.md"
        );
    }
}
