//! The order of evaluation for one record (`docs/dry-run.md`): conditioned suppression
//! rules first (first true wins), then the thresholds, else eligible.
//!
//! The decision is kept small ([`Decision`]) and only turned into words for
//! the records the result keeps, so a million-row run does not format a
//! million reasons it will throw away.

use std::collections::BTreeSet;
use std::sync::Arc;

use cel::{Env, ExecutionError};

use super::records::{FieldFilter, FieldValue, Record};
use super::Outcome;
use crate::condition::{
    compile_condition, record_context, standard_env, CompiledCondition, ExecutionOutcome,
};
use crate::model::{Authority, Contract, SuppressionAction};
use crate::{Error, Result};

/// The contract's rules, compiled once for the whole run.
pub(crate) struct Evaluator {
    env: Arc<Env>,
    pub(crate) rules: Vec<ActiveRule>,
    pub(crate) unconditioned_rules: u32,
    min_confidence: Option<f64>,
    reason_codes_required: bool,
    authority: Authority,
}

pub(crate) struct ActiveRule {
    pub(crate) name: String,
    /// `None` when the rule has no action: treated as review (a rule someone
    /// wrote a condition for but never finished is not a reason to act).
    action: Option<SuppressionAction>,
    condition: CompiledCondition,
}

impl ActiveRule {
    fn outcome(&self) -> Outcome {
        match self.action {
            Some(SuppressionAction::Suppress) => Outcome::Suppressed,
            Some(SuppressionAction::Review) | None => Outcome::Review,
        }
    }
}

/// How one record was decided.
pub(crate) enum Decision {
    Eligible,
    /// Rule `rule` (index into [`Evaluator::rules`]) matched.
    Matched {
        rule: usize,
    },
    /// A later rule matched after earlier conditions could not be decided
    /// on this record (`failed` lists those rules).
    MatchedAfterFailures {
        rule: usize,
        failed: Vec<usize>,
    },
    /// Rule `rule`'s condition could not be decided on this record and no
    /// later rule decided it; `failed` lists every rule that failed.
    ConditionFailed {
        rule: usize,
        why: String,
        failed: Vec<usize>,
    },
    NoConfidence,
    NullConfidence,
    ConfidenceNotNumber(String),
    LowConfidence(f64),
    NoReasonCode,
}

impl Evaluator {
    /// Compiles every condition; a condition that does not compile stops the
    /// run before any record is read, naming the rule's field.
    pub(crate) fn new(contract: &Contract) -> Result<Evaluator> {
        let mut rules = Vec::new();
        let mut unconditioned_rules = 0;
        for (index, rule) in contract.suppression.iter().enumerate() {
            if rule.when.trim().is_empty() {
                unconditioned_rules += 1;
                continue;
            }
            let condition = compile_condition(&rule.when).map_err(|e| {
                Error::invalid(
                    format!("suppression[{index}].when"),
                    format!(
                        "The condition of suppression rule \"{}\" does not compile ({e}). Fix it before running a dry run.",
                        rule.name
                    ),
                )
            })?;
            rules.push(ActiveRule {
                name: rule.name.clone(),
                action: rule.action,
                condition,
            });
        }
        Ok(Evaluator {
            env: standard_env(),
            rules,
            unconditioned_rules,
            min_confidence: contract.thresholds.min_confidence,
            reason_codes_required: contract.thresholds.reason_codes_required,
            authority: contract.authority,
        })
    }

    /// The fields the conditions read, unless one of them uses the record
    /// as a whole (then every field must be given to CEL).
    pub(crate) fn fields_read(&self) -> Option<BTreeSet<String>> {
        if self.rules.iter().any(|r| r.condition.reads_whole_record()) {
            return None;
        }
        Some(
            self.rules
                .iter()
                .flat_map(|r| r.condition.fields().map(str::to_string))
                .collect(),
        )
    }

    pub(crate) fn decide(&self, record: &Record<'_>, filter: Option<&FieldFilter>) -> Decision {
        // Built once per record, shared by every rule.
        let context =
            (!self.rules.is_empty()).then(|| record_context(&self.env, record.to_cel(filter)));
        // A condition that cannot be decided does not stop the rules after
        // it: a later rule that matches still decides the record.
        let mut first_failure: Option<(usize, String)> = None;
        let mut failed = Vec::new();
        for (index, rule) in self.rules.iter().enumerate() {
            let Some(context) = &context else { break };
            match rule.condition.evaluate(context) {
                Ok(true) if failed.is_empty() => return Decision::Matched { rule: index },
                Ok(true) => {
                    return Decision::MatchedAfterFailures {
                        rule: index,
                        failed,
                    }
                }
                Ok(false) => {}
                Err(failure) => {
                    failed.push(index);
                    if first_failure.is_none() {
                        first_failure =
                            Some((index, describe_failure(&rule.condition, failure, record)));
                    }
                }
            }
        }
        if let Some((rule, why)) = first_failure {
            return Decision::ConditionFailed { rule, why, failed };
        }
        if let Some(min) = self.min_confidence {
            match record.field("confidence") {
                FieldValue::Missing => return Decision::NoConfidence,
                FieldValue::Null => return Decision::NullConfidence,
                FieldValue::Int(i) if (i as f64) < min => return Decision::LowConfidence(i as f64),
                FieldValue::Float(f) if f < min || f.is_nan() => return Decision::LowConfidence(f),
                FieldValue::Int(_) | FieldValue::Float(_) => {}
                other => return Decision::ConfidenceNotNumber(other.describe()),
            }
        }
        if self.reason_codes_required {
            match record.field("reason_code") {
                FieldValue::Missing | FieldValue::Null => return Decision::NoReasonCode,
                FieldValue::Str(s) if s.trim().is_empty() => return Decision::NoReasonCode,
                _ => {}
            }
        }
        Decision::Eligible
    }

    pub(crate) fn outcome(&self, decision: &Decision) -> Outcome {
        match decision {
            Decision::Eligible => Outcome::Eligible,
            Decision::Matched { rule } | Decision::MatchedAfterFailures { rule, .. } => {
                self.rules[*rule].outcome()
            }
            _ => Outcome::Review,
        }
    }

    /// The suppression rule that decided, if one did.
    pub(crate) fn rule_name(&self, decision: &Decision) -> Option<&str> {
        match decision {
            Decision::Matched { rule }
            | Decision::MatchedAfterFailures { rule, .. }
            | Decision::ConditionFailed { rule, .. } => Some(&self.rules[*rule].name),
            _ => None,
        }
    }

    /// The reason shown next to the record.
    pub(crate) fn reason(&self, decision: &Decision) -> String {
        let min = self.min_confidence.unwrap_or_default();
        match decision {
            Decision::Eligible => format!("eligible at {} authority", self.authority),
            Decision::Matched { rule } => {
                let rule = &self.rules[*rule];
                match rule.action {
                    Some(_) => rule.name.clone(),
                    None => format!(
                        "{} (the rule has no action, so its records go to review)",
                        rule.name
                    ),
                }
            }
            Decision::MatchedAfterFailures { rule, failed } => {
                let names: Vec<String> = failed
                    .iter()
                    .map(|i| format!("\"{}\"", self.rules[*i].name))
                    .collect();
                format!(
                    "{} (the condition of {} could not be checked on this record)",
                    self.reason(&Decision::Matched { rule: *rule }),
                    names.join(", ")
                )
            }
            Decision::ConditionFailed { rule, why, failed } => {
                let others = failed.len() - 1;
                let more = match others {
                    0 => String::new(),
                    1 => " (and 1 later rule's condition)".to_string(),
                    n => format!(" (and {n} later rules' conditions)"),
                };
                format!(
                    "the condition of \"{}\" could not be checked: {why}{more}; no other rule decided, so the record goes to review",
                    self.rules[*rule].name
                )
            }
            Decision::NoConfidence => format!("no confidence field (min_confidence is {min})"),
            Decision::NullConfidence => {
                format!("confidence is null (min_confidence is {min})")
            }
            Decision::ConfidenceNotNumber(value) => {
                format!("confidence {value} is not a number (min_confidence is {min})")
            }
            Decision::LowConfidence(value) => {
                format!("confidence {value} is below min_confidence {min}")
            }
            Decision::NoReasonCode => "no reason_code (reason codes are required)".to_string(),
        }
    }
}

/// Words for a condition that failed on a record, naming the field at fault.
fn describe_failure(
    condition: &CompiledCondition,
    failure: ExecutionOutcome,
    record: &Record<'_>,
) -> String {
    let error = match failure {
        ExecutionOutcome::NotBool(kind) => return format!("it gave {kind}, not true or false"),
        ExecutionOutcome::Failed(error) => error,
    };
    match error {
        ExecutionError::NoSuchKey(key) => {
            format!(
                "field \"{}\" is missing from this record",
                missing_path(condition, &key, record)
            )
        }
        ExecutionError::UndeclaredReference(name) => format!("\"{name}\" is not known"),
        other => {
            let values: Vec<String> = condition
                .fields()
                .filter_map(|name| match record.field(name) {
                    FieldValue::Missing => None,
                    value => Some(format!("{name} is {} ({})", value.describe(), value.kind())),
                })
                .collect();
            let detail = plain_error(&other);
            if values.is_empty() {
                detail
            } else {
                format!("{detail}; in this record {}", values.join(", "))
            }
        }
    }
}

/// The full path (`account.tier`) of the missing key `key`: the first
/// chain the condition reads in which `key` is the first part this record
/// lacks. The key alone when no chain fits (it was computed).
fn missing_path(condition: &CompiledCondition, key: &str, record: &Record<'_>) -> String {
    for path in condition.paths() {
        for (i, part) in path.iter().enumerate() {
            if part == key && !record.has_path(&path[..=i]) && record.has_path(&path[..i]) {
                return path[..=i].join(".");
            }
        }
    }
    key.to_string()
}

/// The interpreter's message with operator names as people write them.
fn plain_error(error: &ExecutionError) -> String {
    match error {
        ExecutionError::NoSuchOverload(overload) => {
            let op = match overload.function() {
                "@in" => "in".to_string(),
                f => f
                    .replace('_', " ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            format!(
                "wrong type of value: `{op}` cannot take ({})",
                overload.argument_types().join(", ")
            )
        }
        ExecutionError::ValuesNotComparable(..) => {
            "wrong type of value: the values cannot be compared".to_string()
        }
        other => other.to_string(),
    }
}
