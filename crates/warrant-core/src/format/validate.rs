//! Content rules a contract must meet beyond its types: a usable id, a
//! title, ratios within 0..1 and owner addresses that are e-mail addresses
//! (a blank owner is not set, which is the readiness check's business).
//!
//! These are the rules that make a file unimportable. Whether a contract is
//! *ready* (owners named, suppressions written…) is the readiness check's
//! business, not this one's.

use crate::error::Error;
use crate::model::strict::is_email_address;
use crate::model::Contract;

/// Every rule the contract breaks, in file order, each with the dotted path
/// of the offending value in `field`. Empty when the contract is fine.
pub fn validate(c: &Contract) -> Vec<Error> {
    let mut problems = Vec::new();

    if let Some(message) = id_problem(&c.id) {
        problems.push(Error::invalid("id", message));
    }
    if c.title.trim().is_empty() {
        problems.push(Error::invalid(
            "title",
            "the title is empty; write a short name for the workflow",
        ));
    }
    for (i, source) in c.sources.iter().enumerate() {
        if let Some(owner) = &source.owner {
            check_email(&mut problems, &format!("sources[{i}].owner"), owner);
        }
    }
    check_ratio(&mut problems, "grain.match_rate", c.grain.match_rate);
    check_ratio(
        &mut problems,
        "grain.match_rate_target",
        c.grain.match_rate_target,
    );
    for (role, email) in [
        ("business", &c.owners.business),
        ("data", &c.owners.data),
        ("destination", &c.owners.destination),
        ("exception", &c.owners.exception),
    ] {
        if let Some(email) = email {
            check_email(&mut problems, &format!("owners.{role}"), email);
        }
    }
    check_ratio(
        &mut problems,
        "thresholds.min_confidence",
        c.thresholds.min_confidence,
    );
    problems
}

/// Why `id` cannot be a contract id, if it cannot.
pub fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("the id is empty; write a stable key such as churn-risk-summary".into());
    }
    if !id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some(format!(
            "\"{id}\" may only use lowercase letters, digits and '-', e.g. churn-risk-summary"
        ));
    }
    if id.starts_with('-') || id.ends_with('-') {
        return Some(format!("\"{id}\" may not start or end with '-'"));
    }
    None
}

/// A blank owner is "not set" (a readiness finding, not a refusal); any
/// other text must be an e-mail address under the one rule.
fn check_email(problems: &mut Vec<Error>, field: &str, email: &str) {
    if !email.trim().is_empty() && !is_email_address(email) {
        problems.push(Error::invalid(
            field,
            format!("\"{email}\" is not an e-mail address; write one such as dana@example.com"),
        ));
    }
}

fn check_ratio(problems: &mut Vec<Error>, field: &str, value: Option<f64>) {
    if let Some(v) = value {
        if !(0.0..=1.0).contains(&v) {
            problems.push(Error::invalid(
                field,
                format!("{v} is outside 0..1; write a share between 0 and 1, e.g. 0.95 for 95%"),
            ));
        }
    }
}
