//! Keyboard, screen reader and first-screen checks of the real window:
//! axe-core on every screen and dialog (no critical or serious violation),
//! focus on the new screen's heading after in-page navigation (and a window
//! title that names it), focus somewhere sensible after dialogs, and the
//! review screen's decision — Approve included — within the first screen at
//! 1280×800. Needs what every E2E test needs (see the crate docs).

use std::path::Path;

use serde_json::Value;
use warrant_core::model::Person;
use warrant_core::registry::Registry;
use warrant_e2e::axe::no_serious_violations;
use warrant_e2e::*;

/// The business owner of hot-lead-routing, which ships in review.
const SAM: &str = "sam.ortiz@example.com";
/// A person of the team (not an example) for the screens that need one.
const ACTOR: &str = "e2e@example.com";
const HOT_LEADS: &str = "hot-lead-routing";
const CHURN: &str = "churn-risk-summary";

fn seeded(path: &Path, acting: &str) -> Result<(), String> {
    let mut registry = ctx(Registry::open(path), "opening the registry")?;
    ctx(registry.seed_defaults("e2e"), "seeding")?;
    let person = Person {
        email: ACTOR.into(),
        name: "Erin Tester".into(),
        team: "RevOps".into(),
        title: "RevOps analyst".into(),
    };
    ctx(
        registry.add_person(&person, "e2e"),
        "adding the acting person",
    )?;
    ctx(registry.set_acting_as(acting), "choosing acting-as")
}

fn acting_as(email: &'static str) -> Launch {
    Launch {
        prepare: Some(Box::new(move |path| seeded(path, email))),
        ..Launch::default()
    }
}

fn fail(result: TestResult) {
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Goes to `route` as a typed address would, and waits for its heading.
async fn visit(client: &fantoccini::Client, route: &str) -> TestResult {
    script(
        client,
        &format!("window.location.hash = '#/{route}'; return true;"),
    )
    .await?;
    element(client, "#main h1").await.map(drop)
}

/// The focused element's tag and text, and the window title.
async fn focus_and_title(client: &fantoccini::Client) -> Result<(String, String, String), String> {
    let v = script(
        client,
        "const a = document.activeElement; \
         return [a ? a.tagName : '', a ? a.textContent.trim() : '', document.title];",
    )
    .await?;
    let part = |i: usize| v[i].as_str().unwrap_or_default().to_string();
    Ok((part(0), part(1), part(2)))
}

/// Waits until focus is on the screen's `h1` and the window title names it.
async fn heading_has_focus(client: &fantoccini::Client, after: &str) -> Result<String, String> {
    eventually(
        &format!("focus on the new screen's heading after {after}"),
        || async {
            let (tag, heading, title) = focus_and_title(client).await?;
            Ok(
                (tag == "H1" && !heading.is_empty() && title == format!("{heading} — Warrant"))
                    .then_some(heading),
            )
        },
    )
    .await
}

#[tokio::test]
async fn axe_finds_no_critical_or_serious_violation_on_any_screen() {
    fail(
        run(acting_as(SAM), |client, _| async move {
            let screens = [
                "portfolio",
                "registry",
                "review",
                &format!("review/{HOT_LEADS}"),
                &format!("contract/{HOT_LEADS}"),
                "new",
                "people",
                "audit",
                "settings",
                &format!("dryrun/{CHURN}"),
            ];
            let mut failures = Vec::new();
            for route in screens {
                visit(&client, route).await?;
                // Let resources settle (lists, the readiness panel).
                tokio::time::sleep(std::time::Duration::from_millis(700)).await;
                if let Err(e) = no_serious_violations(&client, route).await {
                    failures.push(e);
                }
            }
            // A dry run's results (the table of records).
            visit(&client, &format!("dryrun/{CHURN}")).await?;
            click(&client, &testid("dryrun-sample")).await?;
            element(&client, &testid("dryrun-row")).await?;
            if let Err(e) = no_serious_violations(&client, "a dry run's results").await {
                failures.push(e);
            }
            // A draft from a template, with its readiness panel.
            visit(&client, "new").await?;
            click(&client, &testid("template-option")).await?;
            element(&client, &testid("readiness-verdict")).await?;
            if let Err(e) = no_serious_violations(&client, "a draft from a template").await {
                failures.push(e);
            }
            // Dialogs: "add person…" beside an owner picker, over the editor's findings.
            visit(&client, &format!("contract/{HOT_LEADS}")).await?;
            element(&client, &testid("finding")).await?;
            script(
                &client,
                "[...document.querySelectorAll('.person-select .link-button')][0].click(); return true;",
            )
            .await?;
            element(&client, ".modal .person-form").await?;
            if let Err(e) = no_serious_violations(&client, "the add-person dialog in the editor").await {
                failures.push(e);
            }
            script(&client, "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true})); return true;").await?;
            count_becomes(&client, ".modal .person-form", 0).await?;
            // The "acting as" list in the header (clicked from script: WebKitWebDriver
            // refuses the click while the editor's sticky bar overlaps the header's edge).
            script(&client, "document.querySelector('[data-testid=\"acting-as\"]').click(); return true;").await?;
            element(&client, &format!("{}:not([hidden])", testid("acting-as-popover"))).await?;
            if let Err(e) = no_serious_violations(&client, "the acting-as list").await {
                failures.push(e);
            }
            if failures.is_empty() {
                Ok(())
            } else {
                Err(failures.join("\n"))
            }
        })
        .await,
    );
}

#[tokio::test]
async fn axe_finds_no_critical_or_serious_violation_in_the_first_run_dialog() {
    fail(
        run(Launch::default(), |client, _| async move {
            element(&client, &testid("first-run-select")).await?;
            no_serious_violations(&client, "the first-run dialog").await?;
            // The check can fail: a button whose spoken name is not its visible text.
            script(
                &client,
                "const b = document.createElement('button'); b.setAttribute('aria-label', 'Delete everything'); \
                 b.textContent = 'Save'; document.body.appendChild(b); return true;",
            )
            .await?;
            match no_serious_violations(&client, "a planted mismatch").await {
                Err(e) if e.contains("label-content-name-mismatch") => Ok(()),
                other => Err(format!("axe did not catch a planted label-content-name-mismatch: {other:?}")),
            }
        })
        .await,
    );
}

#[tokio::test]
async fn focus_lands_on_the_new_screens_heading_after_in_page_navigation() {
    fail(
        run(acting_as(SAM), |client, _| async move {
            // Open a row of the registry.
            visit(&client, "registry").await?;
            click(
                &client,
                &format!(r#"[data-testid="registry-row"][data-id="{HOT_LEADS}"]"#),
            )
            .await?;
            element(&client, &testid("lifecycle-status")).await?;
            heading_has_focus(&client, "opening a registry row").await?;
            // Back.
            script(&client, "history.back(); return true;").await?;
            let heading = heading_has_focus(&client, "Back").await?;
            if heading != "Registry" && !heading.contains("contract") {
                return Err(format!("after Back the heading is {heading:?}"));
            }
            // A portfolio link opens the review screen.
            visit(&client, "portfolio").await?;
            click(
                &client,
                &format!(r#"[data-testid="portfolio-contract"][data-id="{HOT_LEADS}"]"#),
            )
            .await?;
            element(&client, &testid("review")).await?;
            heading_has_focus(&client, "a portfolio link").await?;
            // Open in editor, from the review screen.
            click(&client, &testid("review-edit")).await?;
            element(&client, &testid("lifecycle-status")).await?;
            heading_has_focus(&client, "Open in editor").await?;
            Ok(())
        })
        .await,
    );
}

#[tokio::test]
async fn first_run_continue_lands_on_the_screen_and_add_me_takes_focus() {
    fail(
        run(Launch::default(), |client, _| async move {
            element(&client, &testid("first-run-select")).await?;
            // "I am not in the list — add me": the form replaces the button and takes focus.
            script(
                &client,
                "[...document.querySelectorAll('[data-testid=\"first-run\"] .link-button')].find(b => b.textContent.includes('add me')).click(); return true;",
            )
            .await?;
            let focused = eventually("focus in the add-yourself form", || async {
                let v = script(&client, "return document.activeElement ? document.activeElement.id : '';").await?;
                Ok(v.as_str().filter(|id| id.starts_with("first-run-")).map(str::to_string))
            })
            .await?;
            if focused != "first-run-name" {
                return Err(format!("the add-yourself form focused {focused:?}, not its name field"));
            }
            fill(&client, "#first-run-name", "Ines Duarte").await?;
            fill(&client, "#first-run-email", "ines@acme.example").await?;
            script(&client, "document.querySelector('[data-testid=\"first-run\"] form').requestSubmit(); return true;").await?;
            count_becomes(&client, &testid("first-run"), 0).await?;
            heading_has_focus(&client, "the first-run dialog").await?;
            Ok(())
        })
        .await,
    );
}

#[tokio::test]
async fn after_pause_focus_is_on_the_new_status_not_the_page() {
    fail(
        run(acting_as(SAM), |client, _| async move {
            // churn-risk-summary ships live; Sam is not its owner, so act as its business owner.
            click(&client, &testid("acting-as")).await?;
            click(&client, r#"[data-testid="acting-as-choice"][data-email="priya.shah@example.com"]"#).await?;
            text_is(&client, &testid("acting-as"), "Priya Shah").await?;
            visit(&client, &format!("contract/{CHURN}")).await?;
            click(&client, r#"[data-testid="lifecycle-action"][data-action="pause"]"#).await?;
            let intro = text(&element(&client, &testid("lifecycle-dialog-intro")).await?).await?;
            if !intro.contains("pause procedure") {
                return Err(format!("the pause dialog does not show the pause procedure: {intro:?}"));
            }
            fill(&client, &testid("lifecycle-note"), "Match rate fell to 0.9").await?;
            click(&client, &testid("lifecycle-confirm")).await?;
            count_becomes(&client, &testid("lifecycle-dialog"), 0).await?;
            let paused = text(&element(&client, &testid("lifecycle-paused")).await?).await?;
            if !paused.contains("Priya Shah") || !paused.contains("Match rate fell to 0.9") {
                return Err(format!("the paused line does not say who and why: {paused:?}"));
            }
            eventually("focus on the lifecycle status after pausing", || async {
                let v = script(&client, "return document.activeElement ? document.activeElement.getAttribute('data-testid') : null;").await?;
                Ok((v == "lifecycle-status-line").then_some(()))
            })
            .await
        })
        .await,
    );
}

/// Waits until the element's text contains `needle`.
async fn text_is(client: &fantoccini::Client, css: &str, needle: &str) -> TestResult {
    eventually(&format!("{css} to say {needle}"), || async {
        Ok(text(&element(client, css).await?)
            .await?
            .contains(needle)
            .then_some(()))
    })
    .await
}

#[tokio::test]
async fn the_review_decision_and_approve_fit_the_first_screen_at_1280_by_800() {
    fail(
        run(acting_as(SAM), |client, _| async move {
            ctx(client.set_window_size(1280, 800).await, "sizing the window")?;
            visit(&client, &format!("review/{HOT_LEADS}")).await?;
            element(&client, &testid("review-next-step")).await?;
            let v = script(
                &client,
                "const r = document.querySelector('[data-testid=\"review-approve\"]').getBoundingClientRect(); \
                 const d = document.querySelector('[data-testid=\"review-decision\"]').getBoundingClientRect(); \
                 const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); \
                 return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, decisionBottom: d.bottom, \
                          uncovered: !!hit && !!hit.closest('[data-testid=\"review-approve\"]'), \
                          w: window.innerWidth, h: window.innerHeight, scrolled: document.getElementById('main').scrollTop };",
            )
            .await?;
            let n = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
            let (h, w) = (n("h"), n("w"));
            if !(n("top") >= 0.0 && n("bottom") <= h && n("left") >= 0.0 && n("right") <= w) {
                return Err(format!("Approve is not within the {w}×{h} viewport without scrolling: {v}"));
            }
            if v["uncovered"] != Value::Bool(true) {
                return Err(format!("something covers Approve: {v}"));
            }
            if n("decisionBottom") > h {
                return Err(format!("the decision runs below the first screen: {v}"));
            }
            if n("scrolled") != 0.0 {
                return Err(format!("the screen was scrolled: {v}"));
            }
            let next = text(&element(&client, &testid("review-next-step")).await?).await?;
            for word in ["Readiness Audit", "Data Foundation", "Data Activation", "Translate the Ask"] {
                if next.contains(word) {
                    return Err(format!("the next step speaks in route names: {next:?}"));
                }
            }
            if !next.contains("Dana Okafor, data owner") {
                return Err(format!("the next step does not say whose it is: {next:?}"));
            }
            // WARRANT_SCREENSHOTS names a folder (docs/screenshots for the docs' copy).
            if let Some(dir) = std::env::var_os("WARRANT_SCREENSHOTS") {
                screenshot(&client, &Path::new(&dir).join("review-first-screen.png")).await?;
            }
            Ok(())
        })
        .await,
    );
}
