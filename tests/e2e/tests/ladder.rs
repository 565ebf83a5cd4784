//! End-to-end tests of the authority ladder, the portfolio and the review
//! screen in the real window (see the crate docs for what they need): the
//! three example contracts land where their files' header comments say (the
//! templates are a library, not on the portfolio), the
//! route totals add up, an executive opens on the portfolio, and an approval
//! made through the window approves the contract.
//!
//! The pictures of these screens (`ladder.png`, `portfolio.png`, …) are taken
//! by the `warrant-ladder-screenshots` program (src/bin/ladder_screenshots.rs),
//! which scripts/screenshots.sh runs; the registry both start from is in
//! `warrant_e2e::ladder`.

use serde_json::Value;
use warrant_e2e::ladder::{churn_waiting_on_priya, go, seeded, CHURN, PRIYA};
use warrant_e2e::*;

/// Someone who is neither an executive nor an owner.
const ERIN: &str = "e2e@example.com";

/// (id, requested, ceiling, verdict, next route) of the three example
/// contracts a registry starts with, as the header comment of each
/// contracts/examples/*.yaml states.
#[rustfmt::skip]
const DEFAULTS: &[(&str, &str, &str, &str, &str)] = &[
    ("expansion-accounts-weekly", "suggest", "assist", "ready", "data_activation"),
    ("churn-risk-summary", "assist", "act", "ready", "data_activation"),
    ("hot-lead-routing", "route", "assist", "over_authorized", "data_foundation"),
];

fn fail(result: TestResult) {
    if let Err(e) = result {
        panic!("{e}");
    }
}

fn acting(actor: &'static str, title: &'static str) -> Launch {
    Launch {
        prepare: Some(Box::new(move |path| seeded(path, actor, title).map(drop))),
        ..Launch::default()
    }
}

async fn data(client: &fantoccini::Client, css: &str, name: &str) -> Result<String, String> {
    // One script call finds and reads: the ladder re-renders when readiness
    // arrives, and an element found in one WebDriver call can be gone by
    // the next ("Node with identifier … was not found").
    let js = format!(
        "const el = document.querySelector({}); return el ? el.getAttribute({}) : null;",
        serde_json::json!(css),
        serde_json::json!(name)
    );
    eventually(&format!("{name} of {css}"), || async {
        Ok(script(client, &js).await?.as_str().map(str::to_owned))
    })
    .await
}

#[tokio::test]
async fn the_portfolio_places_the_defaults_and_totals_the_routes() {
    fail(
        run(acting(ERIN, ""), |client, _| async move {
            // Erin is no executive: the window opens on the registry.
            count_becomes(&client, &testid("registry-row"), 3).await?;
            click(&client, &testid("nav-portfolio")).await?;
            count_becomes(&client, &testid("portfolio-contract"), 3).await?;
            for (id, requested, ceiling, verdict, _) in DEFAULTS {
                let chip = format!(r#"[data-testid="portfolio-contract"][data-id="{id}"]"#);
                let got = (
                    data(&client, &chip, "data-requested").await?,
                    data(&client, &chip, "data-ceiling").await?,
                    data(&client, &chip, "data-verdict").await?,
                );
                let want = (requested.to_string(), ceiling.to_string(), verdict.to_string());
                if got != want {
                    return Err(format!("{id}: (requested, ceiling, verdict) = {got:?}, expected {want:?}"));
                }
                // The chip sits in its cell: row = requested rung, column = ceiling.
                let cell = format!(
                    r#"[data-testid="portfolio-cell"][data-requested="{requested}"][data-ceiling="{ceiling}"] {chip}"#
                );
                element(&client, &cell).await?;
            }
            let over = r#"[data-testid="portfolio-cell"][data-requested="route"][data-ceiling="assist"]"#;
            let over_text = text(&element(&client, over).await?).await?;
            if data(&client, over, "data-verdict").await? != "over_authorized"
                || !over_text.to_lowercase().contains("over by 1")
            {
                return Err(format!("hot-lead-routing's cell does not say it is over by one rung: {over_text:?}"));
            }
            for (rung, expected) in [("suggest", 1), ("assist", 1), ("route", 1), ("act", 0)] {
                let css = format!(r#"[data-testid="rung-count"][data-rung="{rung}"]"#);
                let count = data(&client, &css, "data-count").await?;
                if count != expected.to_string() {
                    return Err(format!("{rung} rung counts {count}, expected {expected}"));
                }
            }
            for route in ["ai_readiness_audit", "data_foundation", "data_activation", "translate_the_ask"] {
                let expected = DEFAULTS.iter().filter(|d| d.4 == route).count();
                let css = format!(r#"[data-testid="route-total"][data-route="{route}"]"#);
                let count = data(&client, &css, "data-count").await?;
                if count != expected.to_string() {
                    return Err(format!("{route} totals {count}, expected {expected}"));
                }
            }
            // A filter narrows the grid; a click opens the contract's review.
            choose(&client, &testid("portfolio-filter-category"), "lead_account_prioritization").await?;
            count_becomes(&client, &testid("portfolio-contract"), 2).await?;
            click(&client, r#"[data-testid="portfolio-contract"][data-id="hot-lead-routing"]"#).await?;
            let title = text(&element(&client, &testid("review-title")).await?).await?;
            if data(&client, &testid("review"), "data-id").await? != "hot-lead-routing" {
                return Err(format!("clicking hot-lead-routing opened {title:?}"));
            }
            Ok(())
        })
        .await,
    );
}

#[tokio::test]
async fn the_editor_ladder_shows_requested_ceiling_and_the_gap() {
    fail(
        run(acting(ERIN, ""), |client, _| async move {
            count_becomes(&client, &testid("registry-row"), 3).await?;
            for (id, requested, ceiling, verdict, _) in DEFAULTS {
                go(&client, &format!("contract/{id}")).await?;
                // Read the ladder in one go once it shows this contract's
                // ceiling: it re-renders while readiness arrives.
                let snapshot = format!(
                    r#"const ladder = document.querySelector('[data-testid="ladder"][data-requested="{requested}"]');
                       if (!ladder) return null;
                       const rung = ladder.querySelector('[data-testid="ladder-rung"][data-rung="{requested}"][data-requested="true"]');
                       const gap = document.querySelector('[data-testid="ladder-gap"]');
                       return [ladder.getAttribute('data-ceiling') || '', !!rung, gap ? gap.getAttribute('data-rungs') : null];"#
                );
                let last = std::cell::RefCell::new(Value::Null);
                let seen = eventually(&format!("{id}'s ladder with ceiling {ceiling}"), || {
                    let snapshot = &snapshot;
                    let last = &last;
                    let client = &client;
                    async move {
                        let v = script(client, snapshot).await?;
                        *last.borrow_mut() = v.clone();
                        Ok((v[0] == *ceiling).then_some(v))
                    }
                })
                .await
                .map_err(|e| format!("{e}; last seen {}", last.borrow()))?;
                if seen[1] != true {
                    return Err(format!("{id}: the requested rung {requested} is not marked"));
                }
                match (*verdict, seen[2].as_str()) {
                    ("ready", None) => {}
                    ("ready", Some(_)) => return Err(format!("{id} is ready but shows a gap")),
                    (_, None) => return Err(format!("{id} is {verdict} but shows no gap")),
                    (_, Some(rungs)) => {
                        let expected = rung_index(requested) - rung_index(ceiling);
                        if rungs != expected.to_string() {
                            return Err(format!("{id}: gap of {rungs} rungs, expected {expected}"));
                        }
                    }
                }
            }
            // Every rung above hot-lead-routing's ceiling names its failing
            // rules, and a rule leads to its field.
            go(&client, "contract/hot-lead-routing").await?;
            let route_rung = r#"[data-testid="ladder-rung"][data-rung="route"]"#;
            eventually("hot-lead-routing's ladder", || async {
                Ok(elements(&client, r#"[data-testid="ladder"][data-requested="route"]"#).await?.into_iter().next())
            })
            .await?;
            if data(&client, route_rung, "data-state").await? != "gap" {
                return Err("the route rung of hot-lead-routing is not marked as the gap".into());
            }
            let missing = data(&client, route_rung, "data-missing").await?;
            if !missing.contains("R1") || !missing.contains("R2") {
                return Err(format!("the route rung lists {missing:?}, expected R1 and R2 among them"));
            }
            let rule = r#"[data-testid="ladder-missing"][data-rung="route"] [data-testid="finding"][data-rule="R2"]"#;
            let field = data(&client, rule, "data-field").await?;
            // The rung list re-renders when the live readiness check answers;
            // a click that landed on the list it replaced is a click a person
            // would repeat, and so does the test.
            eventually("the finding's field to take focus", || async {
                let _ = click(&client, rule).await;
                let active = script(
                    &client,
                    "const a = document.activeElement; return a ? (a.getAttribute('name') || a.getAttribute('data-field') || '') : '';",
                )
                .await?;
                let name = active.as_str().unwrap_or_default().to_string();
                Ok((!name.is_empty() && field.starts_with(name.split('[').next().unwrap_or(""))).then_some(()))
            })
            .await
        })
        .await,
    );
}

fn rung_index(rung: &str) -> i32 {
    match rung {
        "suggest" => 0,
        "assist" => 1,
        "route" => 2,
        "act" => 3,
        _ => -1,
    }
}

#[tokio::test]
async fn an_executive_opens_on_the_portfolio_and_approves_from_the_queue() {
    let launch = Launch {
        prepare: Some(Box::new(|path| {
            let mut registry = seeded(path, PRIYA, "")?;
            churn_waiting_on_priya(&mut registry)
        })),
        ..Launch::default()
    };
    fail(
        run(launch, |client, _| async move {
            // Priya owns business actions and no data: her home is the portfolio.
            count_becomes(&client, &testid("portfolio-contract"), 3).await?;
            click(&client, &testid("nav-review")).await?;
            count_becomes(&client, &testid("queue-item"), 1).await?;
            click(
                &client,
                &format!(r#"[data-testid="queue-item"][data-id="{CHURN}"]"#),
            )
            .await?;
            element(&client, &testid("review-approve")).await?;
            let standing = text(&element(&client, &testid("review-standing")).await?).await?;
            if standing != "Live: version 1 · pending: version 2 (in review)" {
                return Err(format!(
                    "version 2 should be in review before Priya approves: {standing:?}"
                ));
            }
            let counts = text(&element(&client, &testid("review-dryrun-counts")).await?).await?;
            if !counts.contains('6') || !counts.contains("suppressed") {
                return Err(format!("the dry-run counts read {counts:?}"));
            }
            // Request changes without a comment: refused beside the field.
            click(&client, &testid("review-request-changes")).await?;
            element(&client, &testid("review-comment-error")).await?;
            fill(
                &client,
                &testid("review-comment"),
                "Checked the ten sample records.",
            )
            .await?;
            click(&client, &testid("review-approve")).await?;
            eventually("version 2 to be approved", || async {
                let standing = text(&element(&client, &testid("review-standing")).await?).await?;
                Ok(standing
                    .ends_with("pending: version 2 (approved)")
                    .then_some(()))
            })
            .await?;
            // Two demo approvals of version 1, Dana's and Priya's of version 2.
            count_becomes(&client, &testid("review-row"), 4).await?;
            let history = text(&element(&client, &testid("review-history")).await?).await?;
            if !history.contains("Checked the ten sample records.") {
                return Err(format!(
                    "the history does not show Priya's comment: {history:?}"
                ));
            }
            click(&client, &testid("nav-review")).await?;
            element(&client, &testid("queue-empty")).await.map(drop)
        })
        .await,
    );
}
