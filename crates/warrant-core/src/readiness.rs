//! The readiness check (`docs/readiness-rules.md`): for one contract, the
//! ceiling (highest rung whose cumulative requirements hold), the verdict and
//! the next route, with one finding per failing rule.
//!
//! The rules live in one table, [`RULES`], in the order
//! `docs/readiness-rules.md` lists them, so the reference and the code can be
//! read side by side. Each rule's test sits just below the table, in the same
//! order, and says which field to fix and what to write there when the rule
//! does not hold.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{
    spelled_enum, AuditRecord, Authority, Contract, DefinitionStatus, Matching, Status,
    SuppressionCategory, Trust, VisibleContext, WorkflowCategory,
};

/// What the check compares the contract against besides its own content.
/// Passing the time in keeps results deterministic (rule R3).
#[derive(Debug, Clone, Copy)]
pub struct CheckContext {
    /// "Now" for freshness (R3).
    pub at: DateTime<Utc>,
    /// The registry holds a dry run for this contract (satisfies X4).
    pub has_dry_run: bool,
}

impl CheckContext {
    pub fn at(at: DateTime<Utc>) -> Self {
        CheckContext {
            at,
            has_dry_run: false,
        }
    }
}

spelled_enum!(
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
    #[ts(export)]
    pub enum Verdict {
        Ready => "ready",
        OverAuthorized => "over_authorized",
        NotReady => "not_ready",
    }
);

impl Verdict {
    /// Plain words for sentences: "ready", "over-authorized", "not ready"
    /// (the wire spelling is [`Verdict::as_str`]).
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::OverAuthorized => "over-authorized",
            Verdict::NotReady => "not ready",
        }
    }
}

spelled_enum!(
    /// The kind of work that should happen next (the article's four routes).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
    #[ts(export)]
    pub enum Route {
        TranslateTheAsk => "translate_the_ask",
        DataFoundation => "data_foundation",
        AiReadinessAudit => "ai_readiness_audit",
        DataActivation => "data_activation",
    }
);

/// One failing rule.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Finding {
    /// Rule id, e.g. `R1`.
    pub rule: String,
    /// The rung the rule belongs to.
    pub level: Authority,
    /// Dotted path of the field to fix, e.g. `grain.matching`.
    pub field: String,
    /// True when the rule is at or below the requested level; false means
    /// "to reach the next rung".
    pub blocking: bool,
    /// What to write down, in plain words.
    pub message: String,
}

/// The result of checking one contract; serializes to the JSON object of
/// `warrant check --json`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Readiness {
    pub id: String,
    pub requested: Authority,
    /// `None` when even `suggest` fails.
    pub ceiling: Option<Authority>,
    pub verdict: Verdict,
    pub next_route: Route,
    pub findings: Vec<Finding>,
}

/// Why a rule does not hold: the most specific field to fix and what to write
/// there.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub field: String,
    pub message: String,
}

fn gap(field: impl Into<String>, message: impl Into<String>) -> Option<Gap> {
    Some(Gap {
        field: field.into(),
        message: message.into(),
    })
}

/// One row of the rule table.
pub struct Rule {
    pub id: &'static str,
    /// The rung this rule is a requirement of.
    pub level: Authority,
    /// Where a failure points the team next.
    pub route: Route,
    /// The field (or area) the rule is about; a failure may name a more
    /// specific path, e.g. `sources[2].trust` for R3.
    pub field: &'static str,
    /// "Holds when …", in plain words, for the UI and the worksheet.
    pub requirement: &'static str,
    /// `None` when the rule holds.
    pub test: fn(&Contract, &CheckContext) -> Option<Gap>,
}

use Authority::{Act, Assist, Route as RouteLevel, Suggest};
use Route::{AiReadinessAudit, DataFoundation, TranslateTheAsk};

/// The readiness rules, row by row, in the order of `docs/readiness-rules.md`.
#[rustfmt::skip]
pub static RULES: &[Rule] = &[
    Rule { id: "S1", level: Suggest, route: TranslateTheAsk, field: "workflow",
        requirement: "The workflow description and the decision it changes are written down.",
        test: s1_workflow_and_decision },
    Rule { id: "S2", level: Suggest, route: DataFoundation, field: "sources",
        requirement: "At least one source is listed.",
        test: s2_has_source },
    Rule { id: "S3", level: Suggest, route: AiReadinessAudit, field: "owners.business",
        requirement: "A business owner is named.",
        test: s3_business_owner },
    Rule { id: "S4", level: Suggest, route: AiReadinessAudit, field: "destination",
        requirement: "The destination system is set, and it shows a reason code and a confidence next to the output.",
        test: s4_destination_shows_why },
    Rule { id: "A1", level: Assist, route: AiReadinessAudit, field: "owners.data",
        requirement: "A data owner is named.",
        test: a1_data_owner },
    Rule { id: "A2", level: Assist, route: AiReadinessAudit, field: "thresholds",
        requirement: "The maximum field age and the output expiry are set.",
        test: a2_freshness_limits },
    Rule { id: "A3", level: Assist, route: AiReadinessAudit, field: "destination.shows",
        requirement: "The destination also shows a timestamp and the source.",
        test: a3_destination_shows_when_and_where },
    Rule { id: "A4", level: Assist, route: AiReadinessAudit, field: "thresholds.reason_codes",
        requirement: "Reason codes are required and at least one is listed.",
        test: a4_reason_codes },
    Rule { id: "R1", level: RouteLevel, route: DataFoundation, field: "grain.matching",
        requirement: "Records are matched deterministically, at or above the target match rate when both are given.",
        test: r1_deterministic_matching },
    Rule { id: "R2", level: RouteLevel, route: DataFoundation, field: "definitions",
        requirement: "No definition the workflow depends on is contested.",
        test: r2_definitions_agreed },
    Rule { id: "R3", level: RouteLevel, route: DataFoundation, field: "sources",
        requirement: "Every source is trusted, has an owner, and is not older than its maximum age at check time.",
        test: r3_sources_trusted_owned_fresh },
    Rule { id: "R4", level: RouteLevel, route: AiReadinessAudit, field: "suppression",
        requirement: "Suppression covers the categories the workflow category requires, and every rule's `when` condition compiles.",
        test: r4_suppression_complete },
    Rule { id: "R5", level: RouteLevel, route: AiReadinessAudit, field: "owners",
        requirement: "All four owners are named: business, data, destination and exception.",
        test: r5_all_owners },
    Rule { id: "X1", level: Act, route: AiReadinessAudit, field: "exceptions",
        requirement: "The pause procedure and the rollback path are written down.",
        test: x1_pause_and_rollback },
    Rule { id: "X2", level: Act, route: AiReadinessAudit, field: "exceptions.pause_triggers",
        requirement: "At least one pause trigger is listed.",
        test: x2_pause_trigger },
    Rule { id: "X3", level: Act, route: AiReadinessAudit, field: "audit.records",
        requirement: "The audit trail records the suggestion, the change, the reviewer and the timestamp.",
        test: x3_audit_records },
    Rule { id: "X4", level: Act, route: AiReadinessAudit, field: "launch_checks.sample_records_pulled",
        requirement: "Real records were tried: sample records pulled on a date, or a dry run recorded.",
        test: x4_real_records_tried },
    Rule { id: "X5", level: Act, route: AiReadinessAudit, field: "exceptions.pause_triggers",
        requirement: "Every pause trigger that watches a source's freshness names a source the contract lists.",
        test: x5_pause_triggers_watch_listed_sources },
];

fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

fn is_unset(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(is_blank)
}

/// Joins names as "a", "a and b", "a, b and c".
fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [only] => only.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

fn s1_workflow_and_decision(c: &Contract, _: &CheckContext) -> Option<Gap> {
    if is_blank(&c.workflow.description) {
        return gap(
            "workflow.description",
            "Describe the exact revenue workflow the AI will influence (workflow.description).",
        );
    }
    if is_blank(&c.workflow.decision) {
        return gap(
            "workflow.decision",
            "Write down the behaviour that should change, in one sentence a VP could repeat (workflow.decision).",
        );
    }
    None
}

fn s2_has_source(c: &Contract, _: &CheckContext) -> Option<Gap> {
    // A source with a blank name is a blank entry, and blank entries do
    // not count, here as in every list.
    if c.sources.iter().all(|s| is_blank(&s.name)) {
        return gap(
            "sources",
            "List at least one source system or model the workflow reads (sources).",
        );
    }
    None
}

fn s3_business_owner(c: &Contract, _: &CheckContext) -> Option<Gap> {
    if is_unset(&c.owners.business) {
        return gap(
            "owners.business",
            "Name the person who owns the business action (owners.business).",
        );
    }
    None
}

fn missing_shows(c: &Contract, wanted: &[VisibleContext]) -> Vec<&'static str> {
    wanted
        .iter()
        .filter(|w| !c.destination.shows.contains(w))
        .map(|w| w.as_str())
        .collect()
}

fn s4_destination_shows_why(c: &Contract, _: &CheckContext) -> Option<Gap> {
    if c.destination.system.is_none() {
        return gap(
            "destination.system",
            "Say where the output appears: Salesforce, HubSpot, Slack, a queue… (destination.system).",
        );
    }
    let missing = missing_shows(c, &[VisibleContext::ReasonCode, VisibleContext::Confidence]);
    if !missing.is_empty() {
        return gap(
            "destination.shows",
            format!(
                "Show the {} next to every output so people can see why it exists (destination.shows).",
                and_list(&missing)
            ),
        );
    }
    None
}

fn a1_data_owner(c: &Contract, _: &CheckContext) -> Option<Gap> {
    if is_unset(&c.owners.data) {
        return gap(
            "owners.data",
            "Name the person who owns the input data and its logic (owners.data).",
        );
    }
    None
}

fn a2_freshness_limits(c: &Contract, _: &CheckContext) -> Option<Gap> {
    let t = &c.thresholds;
    let missing: Vec<&str> = [
        (
            "thresholds.max_field_age_hours",
            t.max_field_age_hours.is_none(),
        ),
        (
            "thresholds.output_expires_after_hours",
            t.output_expires_after_hours.is_none(),
        ),
    ]
    .into_iter()
    .filter_map(|(path, absent)| absent.then_some(path))
    .collect();
    let first = missing.first()?;
    gap(
        *first,
        format!(
            "Write down how old an input field may be and how long an output stays valid, in hours ({}).",
            and_list(&missing)
        ),
    )
}

fn a3_destination_shows_when_and_where(c: &Contract, _: &CheckContext) -> Option<Gap> {
    let missing = missing_shows(c, &[VisibleContext::Timestamp, VisibleContext::Source]);
    if !missing.is_empty() {
        return gap(
            "destination.shows",
            format!(
                "Also show the {} next to the output, so a draft is not read as current fact (destination.shows).",
                and_list(&missing)
            ),
        );
    }
    None
}

fn a4_reason_codes(c: &Contract, _: &CheckContext) -> Option<Gap> {
    if !c.thresholds.reason_codes_required {
        return gap(
            "thresholds.reason_codes_required",
            "Require a reason code on every output (thresholds.reason_codes_required: true).",
        );
    }
    if c.thresholds.reason_codes.iter().all(|code| is_blank(code)) {
        return gap(
            "thresholds.reason_codes",
            "List the reason codes an output may carry, e.g. usage_drop (thresholds.reason_codes).",
        );
    }
    None
}

fn r1_deterministic_matching(c: &Contract, _: &CheckContext) -> Option<Gap> {
    let g = &c.grain;
    if g.matching != Some(Matching::Deterministic) {
        let now = g
            .matching
            .map_or("not stated".to_string(), |m| m.as_str().to_string());
        return gap(
            "grain.matching",
            format!(
                "Match records deterministically on stable identifiers before routing them (grain.matching is {now})."
            ),
        );
    }
    if let (Some(rate), Some(target)) = (g.match_rate, g.match_rate_target) {
        if rate < target {
            return gap(
                "grain.match_rate",
                format!("Raise the match rate to the agreed target first: it is {rate}, the target is {target} (grain.match_rate)."),
            );
        }
    }
    None
}

fn r2_definitions_agreed(c: &Contract, _: &CheckContext) -> Option<Gap> {
    let contested: Vec<(usize, &str)> = c
        .definitions
        .iter()
        .enumerate()
        .filter(|(_, d)| d.status == DefinitionStatus::Contested)
        .map(|(i, d)| (i, d.name.as_str()))
        .collect();
    let (first, _) = *contested.first()?;
    let names: Vec<String> = contested
        .iter()
        .map(|(_, name)| format!("\"{name}\""))
        .collect();
    gap(
        format!("definitions[{first}].status"),
        format!(
            "Agree on the definition of {} before routing on it.",
            and_list(&names)
        ),
    )
}

/// What is wrong with each source for R3: (most specific field, source
/// label, problems), one entry per source that fails.
fn source_problems(c: &Contract, ctx: &CheckContext) -> Vec<(String, String, Vec<String>)> {
    let mut failing = Vec::new();
    for (i, source) in c.sources.iter().enumerate() {
        let mut fields = Vec::new();
        let mut problems = Vec::new();
        if source.trust != Some(Trust::Trusted) {
            fields.push(format!("sources[{i}].trust"));
            problems.push(match source.trust {
                Some(trust) => format!("{trust}, not trusted"),
                None => "trust not stated".to_string(),
            });
        }
        if is_unset(&source.owner) {
            fields.push(format!("sources[{i}].owner"));
            problems.push("no owner".to_string());
        }
        if let (Some(synced), Some(max_age)) = (source.last_synced_at, source.max_age_hours) {
            if ctx.at - synced > Duration::hours(i64::from(max_age)) {
                let age = (ctx.at - synced).num_hours();
                fields.push(format!("sources[{i}].last_synced_at"));
                problems.push(format!(
                    "last synced {age} hours ago, over its {max_age}-hour limit"
                ));
            }
        }
        if let Some(field) = fields.into_iter().next() {
            let label = if is_blank(&source.name) {
                format!("source {}", i + 1)
            } else {
                source.name.clone()
            };
            failing.push((field, label, problems));
        }
    }
    failing
}

fn r3_sources_trusted_owned_fresh(c: &Contract, ctx: &CheckContext) -> Option<Gap> {
    let failing = source_problems(c, ctx);
    let (field, _, _) = failing.first()?;
    let reasons: Vec<String> = failing
        .iter()
        .map(|(_, label, problems)| format!("{label} ({})", problems.join(", ")))
        .collect();
    gap(
        field.clone(),
        format!(
            "Only route on inputs the team would defend. Mark each source trusted, name its owner and keep it fresh: {}.",
            reasons.join("; ")
        ),
    )
}

/// The suppression categories a workflow category must cover before it may
/// route (the table in `docs/readiness-rules.md`). `rep_alerts` and `other` need one rule of any category
/// instead; see [`needs_any_suppression`].
pub fn required_suppression(category: WorkflowCategory) -> &'static [SuppressionCategory] {
    use SuppressionCategory as S;
    match category {
        WorkflowCategory::LeadAccountPrioritization => &[
            S::OpenOpportunities,
            S::StrategicAccounts,
            S::LowConfidenceMatches,
        ],
        WorkflowCategory::ChurnRiskRouting => &[S::SupportEscalations, S::ActiveRenewals],
        WorkflowCategory::LifecycleNextBestAction => &[
            S::OptOuts,
            S::LegalRestrictions,
            S::Customers,
            S::OpenOpportunities,
            S::SupportEscalations,
            S::Holdouts,
        ],
        WorkflowCategory::ForecastCommentary
        | WorkflowCategory::RepAlerts
        | WorkflowCategory::Other => &[],
    }
}

/// True for the workflow categories that need at least one suppression rule,
/// whatever its category, before they may route.
pub fn needs_any_suppression(category: WorkflowCategory) -> bool {
    matches!(
        category,
        WorkflowCategory::RepAlerts | WorkflowCategory::Other
    )
}

fn r4_suppression_complete(c: &Contract, _: &CheckContext) -> Option<Gap> {
    let category = c.workflow.category;
    // A rule with a blank name is a blank entry: it covers nothing.
    let named = || c.suppression.iter().filter(|rule| !is_blank(&rule.name));
    if needs_any_suppression(category) && named().next().is_none() {
        return gap(
            "suppression",
            "Write at least one suppression rule: which records must this workflow leave alone? (suppression)",
        );
    }
    let missing: Vec<&str> = required_suppression(category)
        .iter()
        .filter(|required| !named().any(|rule| rule.category == Some(**required)))
        .map(|required| required.as_str())
        .collect();
    if !missing.is_empty() {
        return gap(
            "suppression",
            format!(
                "Add suppression rules for {} — a {} workflow must leave those records alone before it routes (suppression).",
                and_list(&missing),
                category.as_str()
            ),
        );
    }
    // A rule whose condition cannot run leaves its records unprotected, so
    // suppression is not complete until the condition compiles.
    if let Some((i, problem)) = crate::condition::condition_errors(c).into_iter().next() {
        return gap(
            format!("suppression[{i}].when"),
            format!(
                "The condition of “{}” does not compile ({problem}); correct it, or clear it and apply the rule by hand (suppression[{i}].when).",
                c.suppression[i].name
            ),
        );
    }
    None
}

fn r5_all_owners(c: &Contract, _: &CheckContext) -> Option<Gap> {
    let o = &c.owners;
    let missing: Vec<&str> = [
        ("business", &o.business),
        ("data", &o.data),
        ("destination", &o.destination),
        ("exception", &o.exception),
    ]
    .into_iter()
    .filter_map(|(role, who)| is_unset(who).then_some(role))
    .collect();
    let first = missing.first()?;
    gap(
        format!("owners.{first}"),
        format!(
            "Name the {} owner{} (owners).",
            and_list(&missing),
            if missing.len() > 1 { "s" } else { "" }
        ),
    )
}

fn x1_pause_and_rollback(c: &Contract, _: &CheckContext) -> Option<Gap> {
    if is_blank(&c.exceptions.pause_procedure) {
        return gap(
            "exceptions.pause_procedure",
            "Write down who pauses the workflow and how, step by step (exceptions.pause_procedure).",
        );
    }
    if is_blank(&c.exceptions.rollback) {
        return gap(
            "exceptions.rollback",
            "Write down what gets reverted after a bad example, and from where (exceptions.rollback).",
        );
    }
    None
}

fn x2_pause_trigger(c: &Contract, _: &CheckContext) -> Option<Gap> {
    if c.exceptions.pause_triggers.iter().all(|t| is_blank(t)) {
        return gap(
            "exceptions.pause_triggers",
            "List at least one condition that pauses the workflow, e.g. a stale feed (exceptions.pause_triggers).",
        );
    }
    None
}

fn x3_audit_records(c: &Contract, _: &CheckContext) -> Option<Gap> {
    let missing: Vec<&str> = AuditRecord::ALL
        .iter()
        .filter(|r| !c.audit.records.contains(r))
        .map(|r| r.as_str())
        .collect();
    if !missing.is_empty() {
        return gap(
            "audit.records",
            format!(
                "Record the {} of every output, so the team can reconstruct what happened (audit.records).",
                and_list(&missing)
            ),
        );
    }
    None
}

fn x4_real_records_tried(c: &Contract, ctx: &CheckContext) -> Option<Gap> {
    if c.launch_checks.sample_records_pulled.is_none() && !ctx.has_dry_run {
        return gap(
            "launch_checks.sample_records_pulled",
            "Try the workflow on real records first: run a dry run, or note the date sample records were pulled (launch_checks.sample_records_pulled).",
        );
    }
    None
}

/// What makes a pause trigger about a source's freshness: the text before
/// the first of these is the source it watches ("product signals older
/// than 6 hours").
const FRESHNESS_PHRASES: &[&str] = &[
    " older than",
    " stale",
    " delayed",
    " out of date",
    " not updated",
    " not synced",
    " late",
];

/// Words that say "a source" without naming one.
const SOURCE_FILLER: &[&str] = &[
    "the", "a", "an", "of", "and", "or", "any", "feed", "source", "data", "table", "sync", "is",
    "are",
];

/// The naming words of a source name or a trigger's subject, singular
/// ("Support cases" and "support-case feed" share `support` and `case`).
fn naming_words(text: &str) -> std::collections::BTreeSet<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !SOURCE_FILLER.contains(w))
        .map(|w| {
            if let Some(stem) = w.strip_suffix("ies").filter(|s| s.len() > 2) {
                format!("{stem}y")
            } else if let Some(stem) = w.strip_suffix('s').filter(|s| s.len() > 2) {
                stem.to_string()
            } else {
                w.to_string()
            }
        })
        .collect()
}

fn x5_pause_triggers_watch_listed_sources(c: &Contract, _: &CheckContext) -> Option<Gap> {
    let sources: Vec<_> = c
        .sources
        .iter()
        .filter(|s| !is_blank(&s.name))
        .map(|s| naming_words(&s.name))
        .collect();
    for (i, trigger) in c.exceptions.pause_triggers.iter().enumerate() {
        let lower = format!(" {}", trigger.to_lowercase());
        let Some(cut) = FRESHNESS_PHRASES.iter().filter_map(|p| lower.find(p)).min() else {
            continue;
        };
        let subject = naming_words(&lower[..cut]);
        if subject.is_empty() || sources.iter().any(|s| !s.is_disjoint(&subject)) {
            continue;
        }
        let field = format!("exceptions.pause_triggers[{i}]");
        let listed: Vec<&str> = c
            .sources
            .iter()
            .map(|s| s.name.trim())
            .filter(|n| !n.is_empty())
            .collect();
        let advice = if listed.is_empty() {
            "list that source under sources".to_string()
        } else {
            format!("name one of the sources listed ({})", and_list(&listed))
        };
        return gap(
            field.clone(),
            format!(
                "The pause trigger “{}” watches a source this contract does not list: {advice}, or remove the trigger ({field}).",
                trigger.trim()
            ),
        );
    }
    None
}

/// Checks one contract against every rule of [`RULES`].
pub fn check(contract: &Contract, ctx: &CheckContext) -> Readiness {
    let requested = contract.authority;
    let failing: Vec<(&Rule, Gap)> = RULES
        .iter()
        .filter_map(|rule| (rule.test)(contract, ctx).map(|g| (rule, g)))
        .collect();

    // Cumulative: a rung counts only if it and every rung below it hold.
    let ceiling = Authority::ALL
        .iter()
        .copied()
        .take_while(|&level| failing.iter().all(|(rule, _)| rule.level > level))
        .last();

    let verdict = match ceiling {
        None => Verdict::NotReady,
        Some(reached) if reached >= requested => Verdict::Ready,
        Some(_) => Verdict::OverAuthorized,
    };

    let blocking_routes: Vec<Route> = failing
        .iter()
        .filter(|(rule, _)| rule.level <= requested)
        .map(|(rule, _)| rule.route)
        .collect();
    let next_route = if failing
        .iter()
        .any(|(rule, _)| rule.route == TranslateTheAsk)
    {
        TranslateTheAsk
    } else if blocking_routes.contains(&DataFoundation) {
        DataFoundation
    } else if !blocking_routes.is_empty() {
        AiReadinessAudit
    } else {
        Route::DataActivation
    };

    let mut findings: Vec<Finding> = failing
        .into_iter()
        .map(|(rule, gap)| Finding {
            rule: rule.id.to_string(),
            level: rule.level,
            field: gap.field,
            blocking: rule.level <= requested,
            message: gap.message,
        })
        .collect();
    // RULES is already in level order; the stable sort keeps that promise
    // even if a row is ever added out of place.
    findings.sort_by_key(|f| f.level);

    Readiness {
        id: contract.id.clone(),
        requested,
        ceiling,
        verdict,
        next_route,
        findings,
    }
}

/// What to do next about a contract, and who does it, in words an executive
/// can act on: "Fix identity matching before routing — Dana Okafor, data
/// owner". The route ids ([`Route`]) stay in files and JSON; this is the
/// sentence the window and the CLI's human output show instead.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct NextStep {
    /// The step, an imperative sentence without a full stop.
    pub action: String,
    /// The owner role whose work it is.
    pub role: crate::lifecycle::OwnerRole,
    /// The address the contract names in that role; `None` when nobody is
    /// named yet (then naming one is part of the step).
    pub owner: Option<String>,
    /// The rule the step comes from; `None` when nothing blocks.
    pub rule: Option<String>,
}

/// The step a failing rule asks for, and whose work it is.
fn rule_step(rule: &str) -> (&'static str, crate::lifecycle::OwnerRole) {
    use crate::lifecycle::OwnerRole::{Business, Data, Destination, Exception};
    match rule {
        "S1" => (
            "Write down the workflow and the decision it changes",
            Business,
        ),
        "S2" => ("List the sources it reads", Data),
        "S3" => ("Name a business owner", Business),
        "S4" => (
            "Show a reason code and a confidence next to the output",
            Destination,
        ),
        "A1" => ("Name a data owner", Business),
        "A2" => (
            "Set how old its data may be and when its output expires",
            Data,
        ),
        "A3" => (
            "Show a timestamp and the source next to the output",
            Destination,
        ),
        "A4" => ("Require reason codes and list them", Business),
        "R1" => ("Fix identity matching", Data),
        "R2" => ("Settle the contested definitions", Data),
        "R3" => ("Make every source trusted, owned and fresh", Data),
        "R4" => ("Cover the records it must leave alone", Business),
        "R5" => ("Name all four owners", Business),
        "X1" => ("Write down how it is paused and rolled back", Exception),
        "X2" => ("List what makes it pause", Exception),
        "X3" => (
            "Record the suggestion, the change, the reviewer and the time",
            Data,
        ),
        "X4" => ("Try it on real records with a dry run", Data),
        _ => ("Fix what the readiness check lists", Business),
    }
}

/// "suggesting", "assisting", "routing", "acting": the rung as an activity.
fn rung_activity(level: Authority) -> &'static str {
    match level {
        Suggest => "suggesting",
        Assist => "assisting",
        RouteLevel => "routing",
        Act => "acting",
    }
}

/// The next step for `contract`, from its readiness: the first blocking
/// finding of the route the check points to (so the order is that of
/// [`check`]'s `next_route`), or, when nothing blocks, building it at the
/// authority it asks for. Pure, so the app and the CLI say the same thing.
pub fn next_step(contract: &Contract, readiness: &Readiness) -> NextStep {
    let route_of = |id: &str| RULES.iter().find(|r| r.id == id).map(|r| r.route);
    let blocking = readiness
        .findings
        .iter()
        .filter(|f| match readiness.next_route {
            // Translate the Ask is first whatever the rung: S1 is about the ask itself.
            TranslateTheAsk => route_of(&f.rule) == Some(TranslateTheAsk),
            Route::DataActivation => false,
            route => f.blocking && route_of(&f.rule) == Some(route),
        });
    let (action, role, rule) = match blocking.into_iter().next() {
        Some(f) => {
            let (step, role) = rule_step(&f.rule);
            (
                format!("{step} before {}", rung_activity(f.level)),
                role,
                Some(f.rule.clone()),
            )
        }
        None => {
            use crate::lifecycle::OwnerRole::{Business, Exception};
            let activity = rung_activity(readiness.requested);
            // What remains once nothing blocks depends on where it stands: a
            // live workflow is not built again.
            let (rest, role) = match contract.status() {
                Status::Live => ("it is live; review it on its schedule", Business),
                Status::Paused => (
                    "resume it once the cause of the pause is dealt with",
                    Exception,
                ),
                Status::Retired => ("it is retired; nothing is left to do", Business),
                _ => ("build it and launch it", Business),
            };
            (format!("Nothing blocks {activity}: {rest}"), role, None)
        }
    };
    NextStep {
        action,
        role,
        owner: role.of(contract).map(|e| e.trim().to_string()),
        rule,
    }
}

/// One rule as the UI lists it beside the form.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RuleInfo {
    pub id: String,
    pub level: Authority,
    /// Where a failure of this rule points the team.
    pub route: Route,
    /// The field or area the rule is about.
    pub field: String,
    /// When the rule holds, in plain words.
    pub requirement: String,
}

/// The rule table for display, in table order (that of
/// `docs/readiness-rules.md`).
pub fn rules_for_display() -> Vec<RuleInfo> {
    RULES
        .iter()
        .map(|rule| RuleInfo {
            id: rule.id.to_string(),
            level: rule.level,
            route: rule.route,
            field: rule.field.to_string(),
            requirement: rule.requirement.to_string(),
        })
        .collect()
}
