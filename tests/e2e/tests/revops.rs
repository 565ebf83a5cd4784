//! End-to-end test of the RevOps lead's path in the real window (see the
//! crate docs for what it needs): the templates are a library — not rows,
//! not on the portfolio — "Use this template" opens a draft whose id comes
//! from its title, and the dry run of the saved contract runs on the
//! template's sample, names each record by its identifying column, filters
//! by outcome and exports what it shows as CSV through the save dialog.
//!
//! It saves two pictures on the way (`portfolio-no-templates.png`,
//! `dryrun-identifying-columns.png`): into `$WARRANT_E2E_SCREENSHOTS` when
//! set (`docs/screenshots` to refresh the docs), else into the test's own
//! folder.

use std::path::{Path, PathBuf};

use warrant_core::model::Person;
use warrant_core::registry::Registry;
use warrant_e2e::*;

const ACTOR: &str = "e2e@example.com";

fn fail(result: TestResult) {
    if let Err(e) = result {
        panic!("{e}");
    }
}

fn seeded_with_actor(path: &Path) -> Result<(), String> {
    let mut registry = ctx(Registry::open(path), "opening the registry")?;
    ctx(registry.seed_defaults("e2e"), "seeding")?;
    let person = Person {
        email: ACTOR.into(),
        name: "Erin Tester".into(),
        team: "RevOps".into(),
        title: "RevOps lead".into(),
    };
    ctx(
        registry.add_person(&person, "e2e"),
        "adding the acting person",
    )?;
    ctx(registry.set_acting_as(ACTOR), "choosing acting-as")
}

/// Where the pictures go.
fn picture(dir: &Path, name: &str) -> PathBuf {
    match std::env::var_os("WARRANT_E2E_SCREENSHOTS").filter(|v| !v.is_empty()) {
        Some(out) => {
            let out = PathBuf::from(out);
            let out = if out.is_relative() {
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../..")
                    .join(out)
            } else {
                out
            };
            let _ = std::fs::create_dir_all(&out);
            out.join(name)
        }
        None => dir.join(name),
    }
}

async fn value_of(client: &fantoccini::Client, css: &str) -> Result<String, String> {
    let input = element(client, css).await?;
    Ok(ctx(input.prop("value").await, "reading a value")?.unwrap_or_default())
}

async fn ids_of(client: &fantoccini::Client, css: &str) -> Result<Vec<String>, String> {
    let found = script(
        client,
        &format!("return [...document.querySelectorAll('{css}')].map(e => e.dataset.id);"),
    )
    .await?;
    serde_json::from_value(found).map_err(|e| e.to_string())
}

#[tokio::test]
async fn a_template_becomes_a_draft_and_its_dry_run_names_filters_and_exports_records() {
    let saves = tempfile::tempdir().unwrap();
    let save_dir = saves.path().to_path_buf();
    let launch = Launch {
        env: vec![(
            "WARRANT_E2E_SAVE_DIR".into(),
            save_dir.display().to_string(),
        )],
        prepare: Some(Box::new(seeded_with_actor)),
    };
    fail(
        run(launch, |client, context| async move {
            // The registry and the portfolio hold the three examples only.
            count_becomes(&client, &testid("registry-row"), 3).await?;
            let rows = ids_of(&client, r#"[data-testid="registry-row"]"#).await?;
            if rows.iter().any(|id| id.starts_with("template-")) {
                return Err(format!("a template is listed as a contract: {rows:?}"));
            }
            click(&client, &testid("nav-portfolio")).await?;
            count_becomes(&client, &testid("portfolio-contract"), 3).await?;
            let placed = ids_of(&client, r#"[data-testid="portfolio-contract"]"#).await?;
            if placed.iter().any(|id| id.starts_with("template-")) {
                return Err(format!("a template is on the portfolio: {placed:?}"));
            }
            screenshot(&client, &picture(&context.dir, "portfolio-no-templates.png")).await?;

            // Use the rep-alerts template: a draft with its own title and an id from it.
            click(&client, &testid("nav-new")).await?;
            count_becomes(&client, &testid("template-option"), 5).await?;
            click(&client, r#"[data-testid="template-option"][data-category="rep_alerts"]"#).await?;
            let title = eventually("the draft's title", || async {
                let v = value_of(&client, &testid("editor-title")).await?;
                Ok((!v.is_empty()).then_some(v))
            })
            .await?;
            if title.starts_with("Template") {
                return Err(format!("the draft kept the template's title {title:?}"));
            }
            let id = value_of(&client, r#"form [name="id"]"#).await?;
            if id != "slack-or-crm-alerts-for-reps-and-cs" {
                return Err(format!("the draft's id is {id:?}, not one derived from {title:?}"));
            }
            if !elements(&client, r#"[data-field-error="id"]"#).await?.is_empty() {
                return Err("the derived id is shown as an error".into());
            }
            // A title of one's own: the id follows it.
            fill(&client, &testid("editor-title"), "EMEA rep alerts").await?;
            eventually("the id to follow the title", || async {
                Ok((value_of(&client, r#"form [name="id"]"#).await? == "emea-rep-alerts").then_some(()))
            })
            .await?;
            click(&client, &testid("editor-save")).await?;
            eventually("the saved contract to open", || async {
                let hash = script(&client, "return window.location.hash;").await?;
                Ok((hash == "#/contract/emea-rep-alerts").then_some(()))
            })
            .await?;

            // Its dry run: the columns first, then the template's sample.
            click(&client, &testid("editor-dryrun")).await?;
            let columns = eventually("the columns the contract reads", || async {
                let found = script(
                    &client,
                    "return [...document.querySelectorAll('[data-testid=\"dryrun-column\"]')].map(e => e.dataset.column);",
                )
                .await?;
                let list: Vec<String> = serde_json::from_value(found).unwrap_or_default();
                Ok((!list.is_empty()).then_some(list))
            })
            .await?;
            for wanted in ["crm_account_id", "alerts_last_7_days", "support_severity", "confidence", "reason_code"] {
                if !columns.iter().any(|c| c == wanted) {
                    return Err(format!("{wanted} is not among the columns listed: {columns:?}"));
                }
            }
            let sample = element(&client, &testid("dryrun-sample")).await?;
            let label = text(&sample).await?;
            if !label.contains("template-rep-alerts.csv") {
                return Err(format!("the sample offered is {label:?}"));
            }
            click(&client, &testid("dryrun-sample")).await?;
            count_becomes(&client, &testid("dryrun-row"), 10).await?;
            let headers = script(
                &client,
                "return [...document.querySelectorAll('[data-testid=\"dryrun-table\"] [role=\"columnheader\"]')].map(h => h.textContent);",
            )
            .await?;
            if headers != serde_json::json!(["Row", "crm_account_id", "Outcome", "Reason"]) {
                return Err(format!("the results' columns are {headers}"));
            }
            let first = text(&element(&client, &testid("dryrun-id")).await?).await?;
            if first != "ACC-1001" {
                return Err(format!("the first record is named {first:?}, not ACC-1001"));
            }
            // The picture shows the results, not the toasts over them.
            script(
                &client,
                "document.querySelectorAll('.toast-close').forEach(b => b.click()); \
                 document.querySelector('[data-testid=\"dryrun-result\"]').scrollIntoView(); return true;",
            )
            .await?;
            count_becomes(&client, &testid("toast"), 0).await?;
            screenshot(&client, &picture(&context.dir, "dryrun-identifying-columns.png")).await?;

            // Filter to the suppressed records; export what is shown.
            let suppressed: usize = text(
                &element(&client, r#"[data-testid="dryrun-count"][data-outcome="suppressed"] dd"#).await?,
            )
            .await?
            .parse()
            .map_err(|e| format!("the suppressed count: {e}"))?;
            click(&client, r#"[data-testid="dryrun-filter"][data-filter="suppressed"]"#).await?;
            count_becomes(&client, &testid("dryrun-row"), suppressed).await?;
            let outcomes = script(
                &client,
                "return [...document.querySelectorAll('[data-testid=\"dryrun-row\"]')].map(r => r.dataset.outcome);",
            )
            .await?;
            if outcomes.as_array().is_none_or(|o| o.iter().any(|v| v != "suppressed")) {
                return Err(format!("the suppressed filter shows {outcomes}"));
            }
            click(&client, &testid("dryrun-export")).await?;
            let file = save_dir.join("emea-rep-alerts-template-rep-alerts-results-suppressed.csv");
            let csv = eventually("the exported CSV", || async {
                Ok(std::fs::read_to_string(&file).ok().filter(|t| !t.is_empty()))
            })
            .await?;
            let mut lines = csv.lines();
            if lines.next() != Some("row,crm_account_id,outcome,rule,reason") {
                return Err(format!("the export's header: {csv:?}"));
            }
            let body: Vec<&str> = lines.collect();
            if body.len() != suppressed || body.iter().any(|l| !l.contains(",suppressed,")) {
                return Err(format!("the export holds {body:?}, expected {suppressed} suppressed records"));
            }
            Ok(())
        })
        .await,
    );
}

/// The clicks and keystrokes a person spends, counted as the test spends them.
#[derive(Default)]
struct Effort {
    clicks: usize,
    keys: usize,
}

/// First run to "submitted" with the rep-alerts template, the way a RevOps
/// lead would go, counting every click and keystroke: choose who you are,
/// New contract, Use this template, a title of one's own, the one thing
/// the template leaves blank (the decision the alert changes), Save,
/// Submit for review. The figures are printed (`--nocapture`) and bounded.
#[tokio::test]
async fn first_run_to_submitted_with_the_rep_alerts_template() {
    const TITLE: &str = "EMEA rep alerts";
    const DECISION: &str = "The rep reviews the alert before contacting the account.";
    fail(
        run(Launch::default(), |client, _| async move {
            let mut effort = Effort::default();
            // Who is using Warrant: open the list, pick a person, Continue.
            let select = element(&client, &testid("first-run-select")).await?;
            let first = ctx(
                select
                    .find(fantoccini::Locator::Css("option[value*='@']"))
                    .await,
                "a person offered",
            )?;
            let email = ctx(first.attr("value").await, "reading an option")?.unwrap_or_default();
            choose(&client, &testid("first-run-select"), &email).await?;
            effort.clicks += 2;
            click(&client, &testid("first-run-continue")).await?;
            effort.clicks += 1;
            count_becomes(&client, &testid("first-run"), 0).await?;

            click(&client, &testid("nav-new")).await?;
            effort.clicks += 1;
            click(&client, r#"[data-testid="template-option"][data-category="rep_alerts"]"#).await?;
            effort.clicks += 1;
            element(&client, &testid("editor-title")).await?;

            // The title: click into it, select all, type, Tab away.
            click(&client, &testid("editor-title")).await?;
            fill(&client, &testid("editor-title"), TITLE).await?;
            effort.clicks += 1;
            effort.keys += 2 + TITLE.chars().count() + 1;
            eventually("the id to follow the title", || async {
                Ok((value_of(&client, r#"form [name="id"]"#).await? == "emea-rep-alerts").then_some(()))
            })
            .await?;
            // The decision the template leaves to the team (rule S1).
            click(&client, r#"form [name="workflow.decision"]"#).await?;
            fill(&client, r#"form [name="workflow.decision"]"#, DECISION).await?;
            effort.clicks += 1;
            effort.keys += DECISION.chars().count() + 1;

            click(&client, &testid("editor-save")).await?;
            effort.clicks += 1;
            eventually("the saved contract to open", || async {
                let hash = script(&client, "return window.location.hash;").await?;
                Ok((hash == "#/contract/emea-rep-alerts").then_some(()))
            })
            .await?;
            click(&client, r#"[data-testid="lifecycle-action"][data-action="submit"]"#).await?;
            effort.clicks += 1;
            eventually("the contract to be in review", || async {
                let status = script(
                    &client,
                    "const s = document.querySelector('[data-testid=\"lifecycle-status\"]'); return s ? s.dataset.status : null;",
                )
                .await?;
                Ok((status == "in_review").then_some(()))
            })
            .await?;
            println!(
                "first run to submitted (rep-alerts template): {} clicks, {} keystrokes",
                effort.clicks, effort.keys
            );
            if effort.clicks > 12 || effort.keys > 100 {
                return Err(format!(
                    "{} clicks and {} keystrokes from first run to submitted",
                    effort.clicks, effort.keys
                ));
            }
            Ok(())
        })
        .await,
    );
}
