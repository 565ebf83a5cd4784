//! End-to-end tests of the real window (see the crate docs for what they
//! need). Each test starts the app on its own fresh registry.

use std::path::Path;

use serde_json::Value;
use warrant_core::model::Person;
use warrant_core::registry::Registry;
use warrant_e2e::*;

/// The person every prepared registry acts as.
const ACTOR: &str = "e2e@example.com";

/// A first-run registry (as the app would seed it) with [`ACTOR`] acting.
fn seeded_with_actor(path: &Path) -> Result<Registry, String> {
    let mut registry = ctx(Registry::open(path), "opening the registry")?;
    ctx(registry.seed_defaults("e2e"), "seeding")?;
    let person = Person {
        email: ACTOR.into(),
        name: "Erin Tester".into(),
        team: "RevOps".into(),
        title: String::new(),
    };
    ctx(
        registry.add_person(&person, "e2e"),
        "adding the acting person",
    )?;
    ctx(registry.set_acting_as(ACTOR), "choosing acting-as")?;
    Ok(registry)
}

fn acting() -> Launch {
    Launch {
        prepare: Some(Box::new(|path| seeded_with_actor(path).map(drop))),
        ..Launch::default()
    }
}

async fn row_ids(client: &fantoccini::Client) -> Result<Vec<String>, String> {
    let mut ids = Vec::new();
    for row in elements(client, &testid("registry-row")).await? {
        ids.push(attr(&row, "data-id").await?.unwrap_or_default());
    }
    Ok(ids)
}

/// A fresh registry asks who is using Warrant: pick the first person offered.
async fn pass_first_run(client: &fantoccini::Client) -> TestResult {
    let select = element(client, &testid("first-run-select")).await?;
    // Nobody is pre-selected: the first option is the "Choose your name" prompt.
    let first = ctx(
        select
            .find(fantoccini::Locator::Css("option:not([value=''])"))
            .await,
        "the first person offered",
    )?;
    let email = attr(&first, "value")
        .await?
        .ok_or("a person option without a value")?;
    choose(client, &testid("first-run-select"), &email).await?;
    click(client, &testid("first-run-continue")).await?;
    count_becomes(client, &testid("first-run"), 0).await?;
    let header = text(&element(client, &testid("acting-as")).await?).await?;
    if header.contains("nobody yet") {
        return Err(format!(
            "after the first-run choice the header still says {header:?}"
        ));
    }
    Ok(())
}

fn fail(result: TestResult) {
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[tokio::test]
async fn the_registry_opens_on_the_three_examples_and_search_narrows_it() {
    fail(
        run(Launch::default(), |client, _| async move {
            // The templates are a library: not rows, not counted.
            count_becomes(&client, &testid("registry-row"), 3).await?;
            pass_first_run(&client).await?;
            let count = text(&element(&client, &testid("registry-count")).await?).await?;
            if !count.contains("3 contracts") {
                return Err(format!(
                    "registry-count says {count:?}, expected \"3 contracts\""
                ));
            }
            let first = element(&client, &testid("registry-row")).await?;
            let id = attr(&first, "data-id")
                .await?
                .ok_or("a registry row without data-id")?;
            fill(&client, &testid("registry-search"), &id).await?;
            let narrowed = eventually("the search to narrow the list", || async {
                let ids = row_ids(&client).await?;
                Ok((!ids.is_empty() && ids.len() < 3).then_some(ids))
            })
            .await?;
            if !narrowed.contains(&id) {
                return Err(format!("searching {id} left {narrowed:?}"));
            }
            Ok(())
        })
        .await,
    );
}

#[tokio::test]
async fn importing_a_malformed_file_shows_its_error_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken-contract.yaml");
    std::fs::write(&bad, "format: warrant/v1\nid: broken\ntitle: [unclosed\n").unwrap();
    let good = dir.path().join("fine-contract.json");
    let mut contract = warrant_core::model::Contract::new(
        "fine-contract",
        "A fine contract",
        warrant_core::model::WorkflowCategory::RepAlerts,
    );
    contract.workflow.description = "Alert reps about risky renewals".into();
    std::fs::write(&good, warrant_core::format::to_json(&contract)).unwrap();
    // What `warrant check` prints for the bad file; the window must say the same.
    let expected = warrant_core::format::read_contract_file(&bad)
        .unwrap_err()
        .to_string();
    let hook = std::env::join_paths([&good, &bad])
        .unwrap()
        .into_string()
        .unwrap();

    let mut launch = acting();
    launch.env.push(("WARRANT_E2E_IMPORT".into(), hook));
    fail(
        run(launch, |client, _| async move {
            count_becomes(&client, &testid("registry-row"), 3).await?;
            click(&client, &testid("nav-settings")).await?;
            click(&client, &testid("import-button")).await?;
            let errors = element(&client, &testid("import-errors")).await?;
            let shown = eventually("the import error text", || async {
                let t = text(&errors).await?;
                Ok((!t.is_empty()).then_some(t))
            })
            .await?;
            if !shown.contains(&expected) {
                return Err(format!(
                    "import-errors shows {shown:?}; expected it to contain {expected:?}"
                ));
            }
            click(&client, &testid("nav-registry")).await?;
            count_becomes(&client, &testid("registry-row"), 3).await?;
            let ids = row_ids(&client).await?;
            if ids.iter().any(|id| id == "fine-contract") {
                return Err(format!("a failed import changed the registry: {ids:?}"));
            }
            Ok(())
        })
        .await,
    );
}

const HOSTILE_TITLE: &str = r#"<img src=x onerror="window.__pwned=1">"#;

#[tokio::test]
async fn a_hostile_title_is_shown_as_text_and_never_runs() {
    let launch = Launch {
        prepare: Some(Box::new(|path| {
            let mut registry = seeded_with_actor(path)?;
            let mut contract = warrant_core::model::Contract::new(
                "hostile-title",
                HOSTILE_TITLE,
                warrant_core::model::WorkflowCategory::Other,
            );
            contract.workflow.description = "A contract whose title is markup".into();
            ctx(
                registry.save_contract(&contract, ACTOR),
                "saving the hostile contract",
            )
            .map(drop)
        })),
        ..Launch::default()
    };
    fail(
        run(launch, |client, _| async move {
            let row_css = r#"[data-testid="registry-row"][data-id="hostile-title"]"#;
            let row = element(&client, row_css).await?;
            // The title's text and its box on screen. Not WebDriver's
            // "visible text": WebKitWebDriver leaves out the text of any
            // element with `overflow: hidden`, which the three-line clamp of
            // row titles needs, even when nothing is clipped.
            let shown = script(
                &client,
                &format!(
                    "const t = document.querySelector('{row_css} .row-title'); \
                     return t ? [t.textContent, t.getBoundingClientRect().height > 0] : null;"
                ),
            )
            .await?;
            if shown != serde_json::json!([HOSTILE_TITLE, true]) {
                return Err(format!(
                    "the registry row's title is {shown}, not the title as text"
                ));
            }
            check_not_pwned(&client, "registry").await?;

            let title_cell = ctx(
                row.find(fantoccini::Locator::Css(".row-title, td")).await,
                "the row's title",
            )?;
            ctx(title_cell.click().await, "opening the hostile contract")?;
            let title = element(&client, &testid("editor-title")).await?;
            let value = eventually("the editor title", || async {
                let v =
                    ctx(title.prop("value").await, "reading the title input")?.unwrap_or_default();
                Ok((!v.is_empty()).then_some(v))
            })
            .await?;
            if value != HOSTILE_TITLE {
                return Err(format!("the editor's title input holds {value:?}"));
            }
            check_not_pwned(&client, "editor").await
        })
        .await,
    );
}

/// No element was created from the title and its handler never ran.
async fn check_not_pwned(client: &fantoccini::Client, screen: &str) -> TestResult {
    let state = script(
        client,
        "return [typeof window.__pwned, document.querySelectorAll('img[src=\"x\"]').length];",
    )
    .await?;
    if state != serde_json::json!(["undefined", 0]) {
        return Err(format!(
            "on the {screen} screen the title became markup: {state}"
        ));
    }
    Ok(())
}

#[tokio::test]
async fn the_window_is_locked_down_by_csp_and_capabilities() {
    fail(
        run(Launch::default(), |client, _| async move {
            element(&client, &testid("registry-row")).await?;
            // Inline event handlers are refused by the CSP (no 'unsafe-inline').
            script(
                &client,
                "window.__violations = [];\
                 document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));\
                 document.body.insertAdjacentHTML('beforeend', '<img id=\"csp-probe\" src=\"data:,\" onerror=\"window.__inline=1\" onload=\"window.__inline=1\">');\
                 return true;",
            )
            .await?;
            let violated = eventually("the CSP to refuse an inline handler", || async {
                let v = script(&client, "return window.__violations;").await?;
                Ok(v.as_array().filter(|a| !a.is_empty()).cloned())
            })
            .await?;
            if script(&client, "return typeof window.__inline;").await? != "undefined" {
                return Err(format!("an inline handler ran despite the CSP ({violated:?})"));
            }

            // The capability applies: a granted core call works, an ungranted
            // plugin call is refused.
            let invoke = |cmd: &str| {
                format!(
                    "const done = arguments[0];\
                     window.__TAURI_INTERNALS__.invoke('{cmd}', {{}}).then(v => done({{ok: v}}), e => done({{err: String(e)}}));"
                )
            };
            let version = ctx(client.execute_async(&invoke("plugin:app|version"), vec![]).await, "plugin:app|version")?;
            if version["ok"] != Value::String(env!("CARGO_PKG_VERSION").into()) {
                return Err(format!("plugin:app|version should be allowed and return the version: {version}"));
            }
            let dialog = ctx(client.execute_async(&invoke("plugin:dialog|open"), vec![]).await, "plugin:dialog|open")?;
            let refused = dialog["err"].as_str().unwrap_or_default();
            if !refused.contains("not allowed") {
                return Err(format!("plugin:dialog|open should be refused to the window: {dialog}"));
            }
            // No global Tauri object for injected scripts to reach for.
            if script(&client, "return typeof window.__TAURI__;").await? != "undefined" {
                return Err("window.__TAURI__ is defined: withGlobalTauri must be false".into());
            }
            Ok(())
        })
        .await,
    );
}

/// What the editor test writes for each field a suggest/assist finding names.
enum Answer {
    Text(&'static str),
    Choice(&'static str),
    /// Choose the acting person.
    Actor,
    /// Tick these boxes of a checkbox group.
    Ticks(&'static [&'static str]),
}

fn answer_for(field: &str) -> Option<Answer> {
    Some(match field {
        "workflow.description" => Answer::Text("Rank open accounts for SDR outreach each morning."),
        "workflow.decision" => Answer::Text("SDRs work the top twenty accounts first."),
        "owners.business" | "owners.data" | "owners.destination" | "owners.exception" => {
            Answer::Actor
        }
        "destination.system" => Answer::Choice("salesforce"),
        "destination.shows" => Answer::Ticks(&["reason_code", "confidence", "timestamp", "source"]),
        "thresholds.max_field_age_hours" => Answer::Text("24"),
        "thresholds.output_expires_after_hours" => Answer::Text("168"),
        _ => return None,
    })
}

async fn give(client: &fantoccini::Client, field: &str, answer: Answer) -> TestResult {
    let css = format!(r#"form [name="{field}"]"#);
    match answer {
        Answer::Text(value) => fill(client, &css, value).await,
        Answer::Choice(value) => choose(client, &css, value).await,
        Answer::Actor => choose(client, &css, ACTOR).await,
        Answer::Ticks(values) => {
            for value in values {
                let tick = element(client, &format!(r#"{css}[value="{value}"]"#)).await?;
                if !ctx(tick.is_selected().await, "reading a checkbox")? {
                    ctx(tick.click().await, &format!("ticking {field} {value}"))?;
                }
            }
            Ok(())
        }
    }
}

/// The (rule, field) of every finding the panel shows now. Read in one
/// script: the panel re-renders while the test reads it.
async fn findings(client: &fantoccini::Client) -> Result<Vec<(String, String)>, String> {
    let found = script(
        client,
        "return [...document.querySelectorAll('[data-testid=\"finding\"]')]\
           .map(f => [f.dataset.rule || '', f.dataset.field || '']);",
    )
    .await?;
    serde_json::from_value(found).map_err(|e| format!("reading findings: {e}"))
}

/// The panel's (verdict, ceiling), raw values.
async fn verdict(client: &fantoccini::Client) -> Result<(String, String), String> {
    element(client, &testid("readiness-verdict")).await?;
    let pair = script(
        client,
        "const v = document.querySelector('[data-testid=\"readiness-verdict\"]');\
         const c = document.querySelector('[data-testid=\"readiness-ceiling\"]');\
         return [v ? v.dataset.verdict || '' : '', c ? c.dataset.ceiling || '' : ''];",
    )
    .await?;
    serde_json::from_value(pair).map_err(|e| format!("reading the verdict: {e}"))
}

async fn toast_saying(client: &fantoccini::Client, words: &str) -> TestResult {
    eventually(&format!("a toast saying {words:?}"), || async {
        for toast in elements(client, &testid("toast")).await? {
            if text(&toast).await.unwrap_or_default().contains(words) {
                return Ok(Some(()));
            }
        }
        Ok(None)
    })
    .await
}

#[tokio::test]
async fn a_contract_from_a_template_reaches_assist_is_saved_and_versioned() {
    fail(
        run(acting(), |client, _| async move {
            click(&client, &testid("nav-new")).await?;
            click(&client, &testid("template-option")).await?;
            // The draft comes from the core: wait for the editor, whose id
            // field replaces the blank form's.
            element(&client, &testid("editor-title")).await?;
            fill(&client, r#"form [name="id"]"#, "e2e-from-template").await?;
            fill(&client, &testid("editor-title"), "Made by the E2E test").await?;
            choose(&client, r#"form [name="authority"]"#, "assist").await?;

            // Answer the suggest and assist findings one by one until the
            // panel says ready at assist.
            let mut answered = Vec::new();
            loop {
                let now = verdict(&client).await?;
                let open: Vec<(String, String)> = findings(&client)
                    .await?
                    .into_iter()
                    .filter(|(rule, _)| rule.starts_with('S') || rule.starts_with('A'))
                    .collect();
                if now.0 == "ready" && open.is_empty() {
                    if !["assist", "route", "act"].contains(&now.1.as_str()) {
                        return Err(format!("ready, but the ceiling is {}", now.1));
                    }
                    break;
                }
                let Some((rule, field)) = open.first().cloned() else {
                    // The panel lags a keystroke behind: wait for it to settle.
                    eventually("the verdict to follow the findings", || async {
                        let (v, _) = verdict(&client).await?;
                        Ok((v == "ready").then_some(()))
                    })
                    .await?;
                    continue;
                };
                if answered.contains(&(rule.clone(), field.clone())) {
                    return Err(format!("{rule} on {field} is still open after it was answered"));
                }
                let answer = answer_for(&field).ok_or(format!("the test has no answer for {rule} on {field}"))?;
                give(&client, &field, answer).await?;
                answered.push((rule.clone(), field.clone()));
                eventually(&format!("{rule} on {field} to clear"), || async {
                    Ok((!findings(&client).await?.contains(&(rule.clone(), field.clone()))).then_some(()))
                })
                .await?;
            }

            if answered.is_empty() {
                return Err("the first template was already ready at assist: nothing was filled in".into());
            }
            click(&client, &testid("editor-save")).await?;
            toast_saying(&client, "Saved version 1").await?;
            fill(&client, &testid("editor-title"), "Made by the E2E test, renamed").await?;
            click(&client, &testid("editor-save")).await?;
            toast_saying(&client, "Saved version 2").await?;

            // Reopen from the registry.
            click(&client, &testid("nav-registry")).await?;
            click(&client, r#"[data-testid="registry-row"][data-id="e2e-from-template"] td"#).await?;
            let title = element(&client, &testid("editor-title")).await?;
            let shown = eventually("the saved title", || async {
                let v = ctx(title.prop("value").await, "reading the title")?.unwrap_or_default();
                Ok((!v.is_empty()).then_some(v))
            })
            .await?;
            if shown != "Made by the E2E test, renamed" {
                return Err(format!("the reopened contract is titled {shown:?}"));
            }
            click(&client, &testid("editor-versions-tab")).await?;
            count_becomes(&client, &testid("version-row"), 2).await?;
            for version in [2, 1] {
                let row = format!(r#"[data-testid="version-row"][data-version="{version}"] input[type="checkbox"]"#);
                click(&client, &row).await?;
            }
            let diff = element(&client, &testid("diff-view")).await?;
            let diff_text = eventually("the diff", || async {
                let t = text(&diff).await?;
                Ok(t.to_lowercase().contains("title").then_some(t))
            })
            .await?;
            if !diff_text.contains("renamed") {
                return Err(format!("the diff does not show the title change: {diff_text:?}"));
            }
            Ok(())
        })
        .await,
    );
}
