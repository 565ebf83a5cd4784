//! axe-core in the real window: the accessibility rules run inside the
//! WebKit page the app shows, injected through WebDriver (the script comes
//! from the UI's `axe-core` dev dependency, `ui/node_modules/axe-core`), so
//! what is checked is what a screen reader user gets — the real layout, the
//! real focus order, the real ARIA — not a jsdom approximation.
//!
//! [`no_serious_violations`] fails on any violation axe rates critical or
//! serious — the experimental rules included, since
//! `label-content-name-mismatch` is one — and names each rule, its help
//! text and the first few elements.

use std::path::PathBuf;

use fantoccini::Client;
use serde_json::Value;

use crate::{ctx, script};

/// `ui/node_modules/axe-core/axe.min.js`.
fn axe_path() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../ui/node_modules/axe-core/axe.min.js")
}

/// Loads axe into the page unless it is already there.
async fn inject(client: &Client) -> Result<(), String> {
    if script(client, "return typeof window.axe === 'object';").await? == Value::Bool(true) {
        return Ok(());
    }
    let source = ctx(
        std::fs::read_to_string(axe_path()),
        "reading axe-core (run npm install in ui/)",
    )?;
    // Wrapped in a function so its `var`s do not leak; it sets window.axe itself.
    script(client, &format!("{source}\n;return typeof window.axe;")).await?;
    Ok(())
}

/// One violation as the report prints it.
fn describe(violation: &Value) -> String {
    let targets: Vec<String> = violation["nodes"]
        .as_array()
        .map(|nodes| {
            nodes
                .iter()
                .take(3)
                .map(|n| {
                    format!(
                        "{} — {}",
                        n["target"],
                        n["failureSummary"]
                            .as_str()
                            .unwrap_or("")
                            .replace('\n', " ")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    format!(
        "[{}] {}: {}\n      {}",
        violation["impact"].as_str().unwrap_or("?"),
        violation["id"].as_str().unwrap_or("?"),
        violation["help"].as_str().unwrap_or(""),
        targets.join("\n      ")
    )
}

/// Runs axe on the whole document; the critical and serious violations.
pub async fn serious_violations(client: &Client) -> Result<Vec<Value>, String> {
    inject(client).await?;
    let result = ctx(
        client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 // The experimental rules too: label-content-name-mismatch is one.
                 const rules = Object.fromEntries(window.axe.getRules(['experimental']).map(r => [r.ruleId, { enabled: true }]));
                 window.axe.run(document, { resultTypes: ['violations'], rules })
                   .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                       nodes: v.nodes.map(n => ({ target: n.target, failureSummary: n.failureSummary })) }))))
                   .catch(e => done({ error: String(e) }));",
                vec![],
            )
            .await,
        "running axe-core",
    )?;
    if let Some(error) = result.get("error") {
        return Err(format!("axe-core failed: {error}"));
    }
    Ok(result
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("critical" | "serious")))
        .collect())
}

/// Fails when axe finds any critical or serious violation on `screen`.
pub async fn no_serious_violations(client: &Client, screen: &str) -> Result<(), String> {
    let found = serious_violations(client).await?;
    if found.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = found.iter().map(describe).collect();
    Err(format!(
        "axe-core: {} critical or serious violation(s) on {screen}:\n  {}",
        found.len(),
        list.join("\n  ")
    ))
}
