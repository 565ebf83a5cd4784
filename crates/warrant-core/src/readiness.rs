//! The readiness check of SPEC §4: for one contract, the ceiling (highest rung
//! whose cumulative requirements hold), the verdict and the next route, with
//! one finding per failing rule.
//!
//! The rules live in one table, [`RULES`], in the order SPEC §4 lists them, so
//! the spec and the code can be read side by side.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{Authority, Contract};

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
        CheckContext { at, has_dry_run: false }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Verdict {
    Ready,
    OverAuthorized,
    NotReady,
}

/// The kind of work that should happen next (the article's four routes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Route {
    TranslateTheAsk,
    DataFoundation,
    AiReadinessAudit,
    DataActivation,
}

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

/// Checks one contract. BEING IMPLEMENTED.
pub fn check(contract: &Contract, ctx: &CheckContext) -> Readiness {
    let _ = (contract, ctx);
    todo!("readiness engine")
}
