//! `warrant-screenshots [OUT_DIR]`: drives the built app through every screen
//! and saves one PNG per screen as `app-<screen>.png` (default folder:
//! `docs/screenshots`). Run it through `scripts/screenshots.sh`, which
//! provides the display and builds the app first.

use std::path::{Path, PathBuf};

use warrant_core::model::Person;
use warrant_core::registry::Registry;
use warrant_e2e::*;

const ACTOR: &str = "maya.chen@example.com";

/// The demo registry, with one contract saved twice so the history has a
/// diff; returns that contract's id.
fn prepare(path: &Path) -> Result<String, String> {
    let mut registry = ctx(Registry::open(path), "opening the registry")?;
    ctx(registry.seed_defaults("warrant (first run)"), "seeding")?;
    if ctx(registry.person(ACTOR), "looking up the actor")?.is_none() {
        let maya = Person {
            email: ACTOR.into(),
            name: "Maya Chen".into(),
            team: "Revenue Operations".into(),
            title: "Director, RevOps".into(),
        };
        ctx(
            registry.add_person(&maya, "warrant (first run)"),
            "adding the actor",
        )?;
    }
    ctx(registry.set_acting_as(ACTOR), "choosing acting-as")?;
    let first = ctx(
        registry.list(&Default::default(), chrono::Utc::now()),
        "listing",
    )?;
    let id = &first.first().ok_or("the seeded registry is empty")?.id;
    let mut contract = ctx(registry.contract(id), "loading a contract")?.contract;
    contract.title = format!("{} (revised)", contract.title);
    contract.thresholds.max_field_age_hours = Some(24);
    ctx(
        registry.save_contract(&contract, ACTOR),
        "saving a second version",
    )?;
    // Two automatic backups a day apart, for the Settings screen's list.
    let backups = warrant_core::registry::default_backup_dir(path);
    let now = chrono::Utc::now();
    for days_ago in [1, 0] {
        ctx(
            registry.auto_backup(&backups, now - chrono::Duration::days(days_ago)),
            "taking an automatic backup",
        )?;
    }
    Ok(id.clone())
}

async fn shoot(client: &fantoccini::Client, out: &Path, screen: &str) -> Result<(), String> {
    // Web fonts (if any) must be in before the picture is taken.
    eventually("fonts to load", || async {
        let status = script(
            client,
            "return document.fonts ? document.fonts.status : 'loaded';",
        )
        .await?;
        Ok((status == "loaded").then_some(()))
    })
    .await?;
    let path = out.join(format!("app-{screen}.png"));
    screenshot(client, &path).await?;
    println!("wrote {}", path.display());
    Ok(())
}

async fn tour(client: fantoccini::Client, out: PathBuf, revised: String) -> TestResult {
    ctx(client.set_window_size(1280, 800).await, "sizing the window")?;
    // Maya is a director, so an executive sponsor: her home is the portfolio.
    click(&client, &testid("nav-registry")).await?;
    element(&client, &testid("registry-row")).await?;
    // The header says who is acting once the app's info has arrived.
    eventually("the header to name the acting person", || async {
        let header = text(&element(&client, &testid("acting-as")).await?).await?;
        Ok((!header.contains("nobody yet")).then_some(()))
    })
    .await?;
    shoot(&client, &out, "registry").await?;

    click(
        &client,
        &format!(r#"[data-testid="registry-row"][data-id="{revised}"]"#),
    )
    .await?;
    element(&client, &testid("readiness-verdict")).await?;
    shoot(&client, &out, "editor").await?;

    click(&client, &testid("editor-versions-tab")).await?;
    count_becomes(&client, &testid("version-row"), 2).await?;
    for version in [2, 1] {
        click(
            &client,
            &format!(
                r#"[data-testid="version-row"][data-version="{version}"] input[type="checkbox"]"#
            ),
        )
        .await?;
    }
    element(&client, &testid("diff-view")).await?;
    shoot(&client, &out, "versions").await?;

    click(&client, &testid("nav-new")).await?;
    element(&client, &testid("template-option")).await?;
    shoot(&client, &out, "new").await?;

    click(&client, &testid("nav-people")).await?;
    element(&client, &testid("people-row")).await?;
    shoot(&client, &out, "people").await?;

    click(&client, &testid("nav-settings")).await?;
    element(&client, &testid("acting-as-select")).await?;
    shoot(&client, &out, "settings").await?;

    let backups = element(&client, &testid("backup-row")).await?;
    ctx(
        client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![serde_json::to_value(&backups).map_err(|e| e.to_string())?],
            )
            .await,
        "scrolling to the backups",
    )?;
    shoot(&client, &out, "settings-backups").await?;

    click(&client, &testid("nav-registry")).await?;
    click(
        &client,
        r#"[data-testid="registry-row"][data-id="churn-risk-summary"]"#,
    )
    .await?;
    click(&client, &testid("editor-dryrun")).await?;
    click(&client, &testid("dryrun-sample")).await?;
    element(&client, &testid("dryrun-row")).await?;
    element(&client, &testid("dryrun-history-row")).await?;
    shoot(&client, &out, "dryrun").await?;

    click(&client, &testid("nav-audit")).await?;
    element(&client, &testid("audit-event")).await?;
    click(&client, &testid("audit-verify")).await?;
    element(&client, &testid("audit-verification")).await?;
    shoot(&client, &out, "audit").await?;

    click(&client, &testid("nav-settings")).await?;
    click(&client, &testid("import-button")).await?;
    let errors = element(&client, &testid("import-errors")).await?;
    ctx(
        client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![serde_json::to_value(&errors).map_err(|e| e.to_string())?],
            )
            .await,
        "scrolling to the import errors",
    )?;
    shoot(&client, &out, "import-error").await
}

#[tokio::main]
async fn main() {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots"));
    std::fs::create_dir_all(&out).expect("cannot create the screenshot folder");
    let out = out.canonicalize().expect("the screenshot folder");

    let samples = tempfile::tempdir().expect("a temporary folder");
    let bad = samples.path().join("pipeline-alerts.yaml");
    std::fs::write(
        &bad,
        "format: warrant/v1\nid: pipeline-alerts\ntitle: Pipeline alerts\nauthority: autopilot\n",
    )
    .expect("writing the sample file");
    let revised = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let remember = revised.clone();
    let launch = Launch {
        env: vec![("WARRANT_E2E_IMPORT".into(), bad.display().to_string())],
        prepare: Some(Box::new(move |path| {
            *remember.lock().unwrap() = prepare(path)?;
            Ok(())
        })),
    };
    let result = run(launch, |client, _| {
        let id = revised.lock().unwrap().clone();
        tour(client, out, id)
    })
    .await;
    if let Err(e) = result {
        eprintln!("screenshots failed: {e}");
        std::process::exit(1);
    }
}
