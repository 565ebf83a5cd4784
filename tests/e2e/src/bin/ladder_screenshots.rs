//! `warrant-ladder-screenshots [OUT_DIR]`: the authority ladder, the
//! portfolio and the review screen as `portfolio.png`, `ladder-editor.png`,
//! `ladder.png` and `review.png` (default folder: `docs/screenshots`), from
//! the registry the ladder E2E tests use, with the churn example waiting on
//! Priya's approval. Run it through `scripts/screenshots.sh`, which provides
//! the display and builds the app first.
//!
//! This was an E2E test that launched the app on every run and only took
//! pictures when `WARRANT_SCREENSHOT_DIR` was set; it checks nothing, so it
//! is a program now.

use std::path::{Path, PathBuf};

use warrant_e2e::ladder::{churn_waiting_on_priya, go, seeded, CHURN, PRIYA};
use warrant_e2e::*;

/// Saves `name` into `out`.
async fn shoot(client: &fantoccini::Client, out: &Path, name: &str) -> TestResult {
    // Let the last render and any transition settle before the picture.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let path = out.join(name);
    screenshot(client, &path).await?;
    println!("wrote {}", path.display());
    Ok(())
}

#[tokio::main]
async fn main() {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots"));
    std::fs::create_dir_all(&out).expect("cannot create the screenshot folder");
    let out = out.canonicalize().expect("the screenshot folder");

    let launch = Launch {
        prepare: Some(Box::new(|path| {
            let mut registry = seeded(path, PRIYA, "")?;
            churn_waiting_on_priya(&mut registry)?;
            let mut priya = ctx(registry.person(PRIYA), "Priya")?.ok_or("no Priya")?;
            priya.name = "Priya Shah".into();
            priya.title = "Director, Customer Success".into();
            ctx(registry.update_person(PRIYA, &priya, "e2e"), "naming Priya")?;
            Ok(())
        })),
        ..Launch::default()
    };
    let result = run(launch, |client, _| async move {
        let out = out.as_path();
        ctx(client.set_window_size(1280, 800).await, "sizing the window")?;
        count_becomes(&client, &testid("portfolio-contract"), 3).await?;
        shoot(&client, out, "portfolio.png").await?;

        go(&client, "contract/hot-lead-routing").await?;
        element(&client, r#"[data-testid="ladder"][data-requested="route"]"#).await?;
        shoot(&client, out, "ladder-editor.png").await?;

        // The ladder with its missing rules, at the top of the review screen's window.
        go(&client, "review/hot-lead-routing").await?;
        let card = element(&client, ".review-ladder").await?;
        ctx(
            client
                .execute(
                    "arguments[0].scrollIntoView({block: 'start'});",
                    vec![serde_json::to_value(&card).map_err(|e| e.to_string())?],
                )
                .await,
            "scrolling to the ladder",
        )?;
        shoot(&client, out, "ladder.png").await?;

        go(&client, &format!("review/{CHURN}")).await?;
        element(&client, &testid("review-approve")).await?;
        shoot(&client, out, "review.png").await
    })
    .await;
    if let Err(e) = result {
        eprintln!("ladder screenshots failed: {e}");
        std::process::exit(1);
    }
}
