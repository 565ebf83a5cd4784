//! The JSON document a template reads as `/data.json`.
//!
//! Everything here is already in printable words (enum values become plain
//! words, numbers carry their unit, dates are ISO dates) so a template author
//! never needs Rust to change what a field looks like, only where it goes.
//! A value nobody wrote down is `null` (or an empty list/string); templates
//! print a write-on line for it, never the word "null".

use chrono::NaiveDate;
use serde_json::{json, Value};
use warrant_core::model::{
    Authority, DestinationSystem, Person, SourceSystem, Status, SuppressionAction, WorkflowCategory,
};
use warrant_core::readiness::{Finding, Route, Verdict};

use crate::{FilledWorksheet, Paper};

/// Data of the blank worksheet: paper and the printed date only.
pub(crate) fn blank(paper: Paper, date: NaiveDate) -> String {
    json!({ "paper": paper.typst_name(), "date": date.to_string() }).to_string()
}

/// How many characters of one value a worksheet prints. A worksheet is a
/// handout for a meeting: a megabyte pasted into a field once made a
/// 1,710-page PDF that took five minutes, so longer text is cut here, with a
/// note saying how much was left out and where the rest is.
pub const PRINTED_CHARS: usize = 4_000;

/// The title is printed in the masthead and the PDF's metadata: shorter.
pub const PRINTED_TITLE_CHARS: usize = 300;

/// Data of a filled worksheet.
pub(crate) fn filled(w: &FilledWorksheet, paper: Paper) -> String {
    let mut data = filled_value(w, paper);
    if let Some(title) = data.get_mut("title") {
        cut_long_text(title, PRINTED_TITLE_CHARS);
    }
    cut_long_text(&mut data, PRINTED_CHARS);
    data.to_string()
}

/// Makes every string in `value` fit to print: see [`printable`].
fn cut_long_text(value: &mut Value, limit: usize) {
    match value {
        Value::String(text) => *text = printable(text, limit),
        Value::Array(items) => items.iter_mut().for_each(|v| cut_long_text(v, limit)),
        Value::Object(map) => map.values_mut().for_each(|v| cut_long_text(v, limit)),
        _ => {}
    }
}

/// `text` as a worksheet prints it: line and paragraph separators as plain
/// line breaks (typst justifies the line before U+2028), cut after `limit`
/// characters with a note on the rest, and every bidi embedding, override
/// or isolate the writer opened closed again, so a right-to-left override
/// in a name cannot reverse the e-mail printed after it, nor the note.
pub(crate) fn printable(text: &str, limit: usize) -> String {
    let mut out: String = text
        .replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' | '\u{2028}' | '\u{2029}' => '\n',
            c => c,
        })
        .collect();
    let cut = out.char_indices().nth(limit).map(|(end, _)| end);
    // The note counts the characters the writer stored, not the ones printed.
    let total = text.chars().count();
    if let Some(end) = cut {
        out.truncate(end);
    }
    close_bidi(&mut out);
    if cut.is_some() {
        out.push_str(&format!(
            " … [{} of {} characters printed; the full text is in the registry]",
            thousands(limit),
            thousands(total)
        ));
    }
    out
}

/// Appends a PDF for each embedding or override and a PDI for each isolate
/// left open in `text` (UAX #9's explicit formatting characters).
fn close_bidi(text: &mut String) {
    let (mut embeddings, mut isolates) = (0usize, 0usize);
    for c in text.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => embeddings += 1,
            '\u{202C}' => embeddings = embeddings.saturating_sub(1),
            '\u{2066}'..='\u{2068}' => {
                isolates += 1;
                // An isolate's end also ends the embeddings opened inside it;
                // counting them separately errs towards one PDF too many,
                // which is harmless.
            }
            '\u{2069}' => isolates = isolates.saturating_sub(1),
            _ => {}
        }
    }
    text.extend(std::iter::repeat_n('\u{202C}', embeddings));
    text.extend(std::iter::repeat_n('\u{2069}', isolates));
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

fn filled_value(w: &FilledWorksheet, paper: Paper) -> Value {
    let c = w.contract;
    let people = People(w.people);
    let r = w.readiness;
    let findings = |blocking: bool| -> Vec<Value> {
        r.findings
            .iter()
            .filter(|f| f.blocking == blocking)
            .map(finding)
            .collect()
    };
    json!({
        "paper": paper.typst_name(),
        "date": w.date.to_string(),
        "id": c.id,
        "title": c.title,
        "version": w.version,
        "status": w.standing.clone().unwrap_or_else(|| status_words(c.status())),
        "workflow": {
            "category": category_words(c.workflow.category),
            "description": c.workflow.description,
            "decision": c.workflow.decision,
        },
        "sources": c.sources.iter().map(|s| json!({
            "name": s.name,
            "system": s.system.map(source_system_words),
            "role": s.role.map(|r| words(r.as_str())),
            "trust": s.trust.map(|t| words(t.as_str())),
            "owner": s.owner.as_deref().map(|e| people.owner(e)),
            "max_age": s.max_age_hours.map(hours),
            "last_synced": s.last_synced_at.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()),
        })).collect::<Vec<_>>(),
        "grain": {
            "entity": c.grain.entity.map(|e| words(e.as_str())),
            "identifiers": c.grain.identifiers,
            "matching": c.grain.matching.map(|m| words(m.as_str())),
            "match_rate": c.grain.match_rate.map(percent),
            "match_rate_target": c.grain.match_rate_target.map(percent),
        },
        "definitions": c.definitions.iter().map(|d| json!({
            "name": d.name, "status": words(d.status.as_str()),
        })).collect::<Vec<_>>(),
        "owners": [
            owner_entry("Business owner", "owns the action and its review", c.owners.business.as_deref(), &people),
            owner_entry("Data owner", "owns the input logic and sources", c.owners.data.as_deref(), &people),
            owner_entry("Destination owner", "owns the field, queue or channel written to", c.owners.destination.as_deref(), &people),
            owner_entry("Exception owner", "investigates bad examples, owns the pause", c.owners.exception.as_deref(), &people),
        ],
        "ladder": {
            "requested": rung(c.authority),
            "ceiling": r.ceiling.map(rung),
            "requested_word": c.authority.as_str(),
            "ceiling_word": r.ceiling.map(|a| a.as_str()),
        },
        "thresholds": {
            "min_confidence": c.thresholds.min_confidence.map(|v| format!("{v:.2}")),
            "reason_codes_required": if c.thresholds.reason_codes_required { "yes" } else { "no" },
            "reason_codes": c.thresholds.reason_codes,
            "max_field_age": c.thresholds.max_field_age_hours.map(hours),
            "sync_cadence": c.thresholds.sync_cadence,
            "output_expiry": c.thresholds.output_expires_after_hours.map(hours),
        },
        "suppression": c.suppression.iter().map(|s| json!({
            "name": s.name,
            "category": s.category.map(|k| words(k.as_str())),
            "action": s.action.map(|a| match a {
                SuppressionAction::Suppress => "suppress",
                SuppressionAction::Review => "send to review",
            }),
            "when": s.when,
        })).collect::<Vec<_>>(),
        "destination": {
            "system": c.destination.system.map(destination_words),
            "target": c.destination.target,
            "shows": c.destination.shows.iter().map(|v| words(v.as_str())).collect::<Vec<_>>(),
        },
        "exceptions": {
            "owner": c.owners.exception.as_deref().map(|e| people.owner(e)),
            "pause_procedure": c.exceptions.pause_procedure,
            "rollback": c.exceptions.rollback,
            "pause_triggers": c.exceptions.pause_triggers,
        },
        "audit": {
            "records": c.audit.records.iter().map(|v| words(v.as_str())).collect::<Vec<_>>(),
            "retention": c.audit.retention_days.map(|d| format!("{d} days")),
        },
        "launch_steps": c.launch_checks.steps().iter().map(|(_, label, done)| json!({
            "label": label, "date": done.map(|d| d.to_string()),
        })).collect::<Vec<_>>(),
        "readiness": {
            "verdict": verdict_words(r.verdict),
            "verdict_key": match r.verdict {
                Verdict::Ready => "ready",
                Verdict::OverAuthorized => "over_authorized",
                Verdict::NotReady => "not_ready",
            },
            "next_route": route_words(r.next_route),
            "blocking": findings(true),
            "next_rung": findings(false),
        },
        "dry_run": w.dry_run.as_ref().map(|d| json!({
            "file_name": d.file_name, "total": d.total, "eligible": d.eligible,
            "review": d.review, "suppressed": d.suppressed, "at": d.at,
        })),
        "reviews": w.reviews.iter().map(|l| json!({
            "version": l.version, "reviewer": l.reviewer, "role": l.role,
            "decision": l.decision, "comment": l.comment, "at": l.at,
        })).collect::<Vec<_>>(),
        "audit_head": w.audit_head,
    })
}

/// The registry's people, looked up by e-mail address.
struct People<'a>(&'a [Person]);

impl People<'_> {
    /// `{name, email}`; `name` is null when the address names nobody.
    fn owner(&self, email: &str) -> Value {
        let name = self
            .0
            .iter()
            .find(|p| p.email.eq_ignore_ascii_case(email.trim()))
            .map(|p| p.name.trim())
            .filter(|n| !n.is_empty());
        json!({ "name": name, "email": email })
    }
}

fn owner_entry(role: &str, duty: &str, email: Option<&str>, people: &People) -> Value {
    let person = email
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| people.owner(e));
    json!({ "role": role, "duty": duty, "person": person })
}

fn finding(f: &Finding) -> Value {
    json!({ "rule": f.rule, "level": f.level.as_str(), "field": f.field, "message": f.message })
}

/// 0-based position on the ladder (suggest = 0 … act = 3).
fn rung(a: Authority) -> usize {
    Authority::ALL.iter().position(|x| *x == a).unwrap_or(0)
}

/// A wire value in plain words: `source_of_truth` → "source of truth".
fn words(wire: &str) -> String {
    wire.replace('_', " ")
}

fn hours(h: u32) -> String {
    match h {
        1 => "1 hour".to_owned(),
        h if h >= 48 && h % 24 == 0 => format!("{h} hours ({} days)", h / 24),
        h => format!("{h} hours"),
    }
}

fn percent(rate: f64) -> String {
    let p = rate * 100.0;
    if (p - p.round()).abs() < 0.05 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

fn status_words(s: Status) -> String {
    words(s.as_str())
}

fn category_words(c: WorkflowCategory) -> &'static str {
    match c {
        WorkflowCategory::LeadAccountPrioritization => "Lead or account prioritization",
        WorkflowCategory::ChurnRiskRouting => "Churn-risk routing",
        WorkflowCategory::LifecycleNextBestAction => "Lifecycle next-best action",
        WorkflowCategory::ForecastCommentary => "Pipeline or forecast commentary",
        WorkflowCategory::RepAlerts => "Slack or CRM alerts for reps and CS",
        WorkflowCategory::Other => "Other",
    }
}

fn source_system_words(s: SourceSystem) -> String {
    match s {
        SourceSystem::Crm => "CRM".to_owned(),
        other => words(other.as_str()),
    }
}

fn destination_words(d: DestinationSystem) -> String {
    match d {
        DestinationSystem::Salesforce => "Salesforce".to_owned(),
        DestinationSystem::Hubspot => "HubSpot".to_owned(),
        DestinationSystem::Slack => "Slack".to_owned(),
        DestinationSystem::CsTool => "CS tool".to_owned(),
        other => words(other.as_str()),
    }
}

fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::Ready => "Ready",
        Verdict::OverAuthorized => "Over-authorized",
        Verdict::NotReady => "Not ready",
    }
}

fn route_words(r: Route) -> &'static str {
    match r {
        Route::TranslateTheAsk => "Translate the Ask",
        Route::DataFoundation => "Data Foundation",
        Route::AiReadinessAudit => "AI Readiness Audit",
        Route::DataActivation => "Data Activation",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_read_naturally() {
        assert_eq!(hours(1), "1 hour");
        assert_eq!(hours(24), "24 hours");
        assert_eq!(hours(168), "168 hours (7 days)");
        assert_eq!(percent(0.97), "97%");
        assert_eq!(percent(0.955), "95.5%");
        assert_eq!(words("source_of_truth"), "source of truth");
    }

    #[test]
    fn long_text_is_cut_at_a_character_and_says_how_much_is_left_out() {
        assert_eq!(printable("short", 10), "short");
        assert_eq!(printable("exactly10!", 10), "exactly10!");
        assert_eq!(
            printable(&"é".repeat(1_234_567), 3),
            "ééé … [3 of 1,234,567 characters printed; the full text is in the registry]"
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
    }

    #[test]
    fn separators_become_line_breaks_and_open_bidi_controls_are_closed() {
        assert_eq!(
            printable("a\r\nb\rc\u{2028}d\u{2029}e", 100),
            "a\nb\nc\nd\ne"
        );
        assert_eq!(
            printable("x\u{202E}gnp.exe", 100),
            "x\u{202E}gnp.exe\u{202C}"
        );
        assert_eq!(
            printable("\u{202B}a\u{202C}\u{2067}b", 100),
            "\u{202B}a\u{202C}\u{2067}b\u{2069}"
        );
        let cut = printable("\u{202E}abcdef", 3);
        assert!(cut.starts_with("\u{202E}ab\u{202C} … [3 of 7"), "{cut:?}");
    }
}
