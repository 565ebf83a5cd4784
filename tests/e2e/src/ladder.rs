//! The registry the ladder E2E tests and the ladder screenshots start from:
//! the first-run defaults, someone acting, and the churn example waiting on
//! its business owner's approval.

use std::path::Path;

use warrant_core::lifecycle::{Action, ReviewDecision};
use warrant_core::model::Person;
use warrant_core::registry::{DryRunRecord, Registry};

use crate::{ctx, script, TestResult};

/// Business owner of the churn and expansion examples (no title, owns no data).
pub const PRIYA: &str = "priya.shah@example.com";
/// Data owner of the three examples.
pub const DANA: &str = "dana.okafor@example.com";
pub const CHURN: &str = "churn-risk-summary";

/// A first-run registry acting as `actor` (added with `title` when new).
pub fn seeded(path: &Path, actor: &str, title: &str) -> Result<Registry, String> {
    let mut registry = ctx(Registry::open(path), "opening the registry")?;
    ctx(registry.seed_defaults("e2e"), "seeding")?;
    if ctx(registry.person(actor), "looking up the actor")?.is_none() {
        let person = Person {
            email: actor.into(),
            name: "Erin Tester".into(),
            team: "RevOps".into(),
            title: title.into(),
        };
        ctx(registry.add_person(&person, "e2e"), "adding the actor")?;
    }
    ctx(registry.set_acting_as(actor), "choosing acting-as")?;
    Ok(registry)
}

/// The live churn example edited (its pending version 2), submitted,
/// approved by its data owner and tried on ten records: one approval away
/// from approved, while version 1 stays live.
pub fn churn_waiting_on_priya(registry: &mut Registry) -> Result<(), String> {
    let mut contract = ctx(registry.contract(CHURN), "loading the churn example")?.contract;
    contract.title = "Churn-risk summary for CSMs".into();
    contract.thresholds.max_field_age_hours = Some(36);
    ctx(
        registry.save_contract(&contract, DANA),
        "saving a new version",
    )?;
    ctx(
        registry.change_status(CHURN, Action::Submit, "", DANA),
        "submitting",
    )?;
    ctx(
        registry.record_review(
            CHURN,
            ReviewDecision::Approve,
            "The health model and the support feed are mine; both are fresh.",
            DANA,
        ),
        "the data owner's approval",
    )?;
    let run = DryRunRecord {
        file_name: "churn-risk-summary.csv".into(),
        file_hash: "5e".repeat(32),
        row_count: 10,
        counts: warrant_core::dryrun::DryRunCounts {
            eligible: 6,
            review: 3,
            suppressed: 1,
            ..Default::default()
        },
    };
    ctx(registry.record_dry_run(CHURN, 2, &run, DANA), "a dry run")?;
    Ok(())
}

/// Opens `route` (e.g. `review/churn-risk-summary`) the way a link would.
pub async fn go(client: &fantoccini::Client, route: &str) -> TestResult {
    script(
        client,
        &format!("window.location.hash = '#/{route}'; return true;"),
    )
    .await
    .map(drop)
}
