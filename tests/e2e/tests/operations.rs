//! End-to-end tests of the lifecycle bar, the audit log, dry runs, worksheet
//! PDFs and backups in the real window (see the crate docs for what they
//! need). Native dialogs are answered by the app's test hooks
//! (`WARRANT_E2E_RECORDS`, `WARRANT_E2E_SAVE_DIR`), since WebDriver cannot
//! see them.

use std::path::Path;

use warrant_core::registry::Registry;
use warrant_e2e::*;

/// Business owner of the seeded churn-risk-summary example (acting).
const BUSINESS: &str = "priya.shah@example.com";
/// Its data owner.
const DATA: &str = "dana.okafor@example.com";
/// A draft copy of that example the lifecycle test takes live.
const DRAFT: &str = "e2e-churn-copy";

/// A first-run registry plus [`DRAFT`], acting as [`BUSINESS`].
fn prepare(path: &Path) -> Result<Registry, String> {
    let mut registry = ctx(Registry::open(path), "opening the registry")?;
    ctx(registry.seed_defaults("e2e"), "seeding")?;
    let mut copy = ctx(
        registry.contract("churn-risk-summary"),
        "reading the example",
    )?
    .contract;
    copy.id = DRAFT.into();
    copy.title = "Churn-risk summary (E2E copy)".into();
    copy.status = None;
    ctx(
        registry.save_contract(&copy, BUSINESS),
        "saving the draft copy",
    )?;
    ctx(registry.set_acting_as(BUSINESS), "choosing acting-as")?;
    Ok(registry)
}

fn fail(result: TestResult) {
    if let Err(e) = result {
        panic!("{e}");
    }
}

fn row(id: &str) -> String {
    format!(r#"[data-testid="registry-row"][data-id="{id}"]"#)
}

fn action(name: &str) -> String {
    format!(r#"[data-testid="lifecycle-action"][data-action="{name}"]"#)
}

/// Waits until the lifecycle bar shows `status`.
async fn status_becomes(client: &fantoccini::Client, status: &str) -> TestResult {
    eventually(&format!("the status to become {status}"), || async {
        let pill = element(client, &testid("lifecycle-status")).await?;
        Ok((attr(&pill, "data-status").await?.as_deref() == Some(status)).then_some(()))
    })
    .await
}

/// Opens a contract from the registry screen.
async fn open_contract(client: &fantoccini::Client, id: &str) -> TestResult {
    click(client, &testid("nav-registry")).await?;
    click(client, &row(id)).await?;
    element(client, &testid("lifecycle-status")).await.map(drop)
}

/// Launch asks first and says that Warrant records it: confirm.
async fn confirm_launch(client: &fantoccini::Client) -> TestResult {
    let dialog = element(client, &testid("lifecycle-dialog")).await?;
    let said = text(&dialog).await?;
    if !said.contains("Warrant records that version") {
        return Err(format!(
            "the launch confirmation does not say Warrant records it: {said:?}"
        ));
    }
    click(client, &testid("lifecycle-confirm")).await?;
    count_becomes(client, &testid("lifecycle-dialog"), 0).await
}

/// Fills the reason dialog and confirms it.
async fn give_reason(client: &fantoccini::Client, text: &str) -> TestResult {
    element(client, &testid("lifecycle-dialog")).await?;
    fill(client, &testid("lifecycle-note"), text).await?;
    click(client, &testid("lifecycle-confirm")).await?;
    count_becomes(client, &testid("lifecycle-dialog"), 0).await
}

/// Chooses who is acting in Settings, as a person at the desk would.
async fn act_as(client: &fantoccini::Client, email: &str) -> TestResult {
    click(client, &testid("nav-settings")).await?;
    choose(client, &testid("acting-as-select"), email).await?;
    // Picking a person in the list only selects them; Switch records it.
    click(client, &testid("acting-as-switch")).await?;
    eventually(&format!("acting as {email}"), || async {
        let header = text(&element(client, &testid("acting-as")).await?).await?;
        let select = element(client, &testid("acting-as-select")).await?;
        let value = ctx(select.prop("value").await, "reading acting-as")?.unwrap_or_default();
        Ok((value == email && !header.contains("nobody")).then_some(()))
    })
    .await
}

/// Opens the review screen of `id` and approves it; waits for `then` status.
async fn approve_on_review_screen(client: &fantoccini::Client, id: &str, then: &str) -> TestResult {
    script(
        client,
        &format!("window.location.hash = '#/review/{id}'; return true;"),
    )
    .await?;
    // The history is loaded with the approve button: count once it is there.
    element(client, &testid("review-approve")).await?;
    let before = elements(client, &testid("review-row")).await?.len();
    click(client, &testid("review-approve")).await?;
    count_becomes(client, &testid("review-row"), before + 1).await?;
    eventually(&format!("the review screen to say {then}"), || async {
        let status = element(client, &testid("review-status")).await?;
        Ok((attr(&status, "data-status").await?.as_deref() == Some(then)).then_some(()))
    })
    .await
}

#[tokio::test]
async fn a_contract_is_submitted_launched_paused_and_resumed_and_the_audit_log_tells_it() {
    let launch = Launch {
        prepare: Some(Box::new(|path| prepare(path).map(drop))),
        ..Launch::default()
    };
    fail(
        run(launch, |client, _| async move {
            open_contract(&client, DRAFT).await?;
            status_becomes(&client, "draft").await?;
            // Launching is not offered to a draft at all.
            if !elements(&client, &action("launch")).await?.is_empty() {
                return Err("a draft offers launch".into());
            }
            click(&client, &action("submit")).await?;
            status_becomes(&client, "in_review").await?;

            // Approval is a review by both owners, on the review screen: the
            // data owner approves first (acting as her), then the business owner.
            act_as(&client, DATA).await?;
            approve_on_review_screen(&client, DRAFT, "in_review").await?;
            act_as(&client, BUSINESS).await?;
            approve_on_review_screen(&client, DRAFT, "approved").await?;
            open_contract(&client, DRAFT).await?;
            status_becomes(&client, "approved").await?;
            click(&client, &action("launch")).await?;
            confirm_launch(&client).await?;
            status_becomes(&client, "live").await?;

            // Pause asks for a reason and refuses to go on without one.
            click(&client, &action("pause")).await?;
            element(&client, &testid("lifecycle-dialog")).await?;
            click(&client, &testid("lifecycle-confirm")).await?;
            let error = text(&element(&client, &testid("lifecycle-note-error")).await?).await?;
            if error.is_empty() {
                return Err("an empty reason shows no error".into());
            }
            give_reason(&client, "Match rate fell below 0.95 overnight").await?;
            status_becomes(&client, "paused").await?;
            click(&client, &action("resume")).await?;
            give_reason(&client, "Identity resolution job fixed and rerun").await?;
            status_becomes(&client, "live").await?;

            // The audit log, narrowed to this contract, tells the whole story.
            click(&client, &testid("nav-audit")).await?;
            element(&client, &testid("audit-event")).await?;
            choose(&client, &testid("audit-filter-contract"), DRAFT).await?;
            choose(&client, &testid("audit-filter-kind"), "status_changed").await?;
            let css = r#"[data-testid="audit-event"][data-kind="status_changed"]"#;
            count_becomes(&client, css, 5).await?;
            let mut story = Vec::new();
            for event in elements(&client, css).await? {
                story.push(text(&event).await?);
            }
            let story = story.join("\n");
            for words in [
                "Draft → In review",
                "In review → Approved",
                "Approved → Live",
                "Live → Paused",
                "Reason: Match rate fell below 0.95 overnight",
                "Paused → Live",
                "Comment: Identity resolution job fixed and rerun",
            ] {
                if !story.contains(words) {
                    return Err(format!("the audit log does not say {words:?}:\n{story}"));
                }
            }
            trail_verifies(&client).await
        })
        .await,
    );
}

/// Clicks `css` after scrolling it to the middle of the window: the editor's
/// sticky header covers an element scrolled to the top edge, and a click
/// there lands on the header.
async fn click_in_view(client: &fantoccini::Client, css: &str) -> TestResult {
    let css_json = serde_json::to_string(css).map_err(|e| e.to_string())?;
    script(
        client,
        &format!(
            "document.querySelector({css_json})?.scrollIntoView({{block: 'center'}}); return true;"
        ),
    )
    .await?;
    click(client, css).await
}

/// A screenshot of the screen as it opens: scrolled to the top, toasts gone.
async fn shot_at_top(client: &fantoccini::Client, path: &Path) -> TestResult {
    script(
        client,
        "document.querySelectorAll('*').forEach((e) => { if (e.scrollTop > 0) e.scrollTop = 0; });
         document.querySelectorAll('[data-testid=toast-close], .toast button').forEach((b) => b.click());
         return true;",
    )
    .await?;
    screenshot(client, path).await
}

/// Presses Verify on the audit log screen and expects the trail, and the
/// records it describes, to be intact.
async fn trail_verifies(client: &fantoccini::Client) -> TestResult {
    click(client, &testid("audit-verify")).await?;
    let verdict = element(client, &testid("audit-verification")).await?;
    if attr(&verdict, "data-intact").await?.as_deref() != Some("true") {
        return Err(format!(
            "the trail does not verify: {}",
            text(&verdict).await?
        ));
    }
    Ok(())
}

/// Reads an element's text once it holds `needle`.
async fn text_with(client: &fantoccini::Client, css: &str, needle: &str) -> Result<String, String> {
    eventually(&format!("{css} to say {needle:?}"), || async {
        let said = text(&element(client, css).await?).await?;
        Ok(said.contains(needle).then_some(said))
    })
    .await
}

#[tokio::test]
async fn a_live_contract_edited_in_the_window_stays_live_and_its_pending_version_launches() {
    let shots = std::env::var_os("WARRANT_SCREENSHOTS").map(std::path::PathBuf::from);
    let launch = Launch {
        prepare: Some(Box::new(|path| prepare(path).map(drop))),
        ..Launch::default()
    };
    fail(
        run(launch, |client, _| async move {
            const LIVE: &str = "churn-risk-summary";
            open_contract(&client, LIVE).await?;
            status_becomes(&client, "live").await?;
            // Before the first edit, the editor says what an edit will do.
            text_with(
                &client,
                &testid("editor-editing-notice"),
                "Saving a change drafts version 2 for review; version 1 stays live",
            )
            .await?;
            fill(
                &client,
                r#"form [name="thresholds.sync_cadence"]"#,
                "every two hours",
            )
            .await?;
            click(&client, &testid("editor-save")).await?;
            text_with(
                &client,
                &testid("lifecycle-standing"),
                "Live: version 1 · pending: version 2 (draft)",
            )
            .await?;
            text_with(
                &client,
                &testid("editor-editing-notice"),
                "You are editing version 2",
            )
            .await?;
            if let Some(dir) = &shots {
                shot_at_top(&client, &dir.join("pending-editor.png")).await?;
            }
            // The running workflow can still be paused and resumed.
            click_in_view(&client, &action("pause")).await?;
            give_reason(&client, "Checking a spike in flagged accounts").await?;
            status_becomes(&client, "paused").await?;
            click_in_view(&client, &action("resume")).await?;
            give_reason(&client, "The spike was a holiday; numbers are fine").await?;
            status_becomes(&client, "live").await?;
            // The pending version is submitted and reviewed on its own.
            click_in_view(&client, &action("submit")).await?;
            text_with(
                &client,
                &testid("lifecycle-standing"),
                "pending: version 2 (in review)",
            )
            .await?;
            act_as(&client, DATA).await?;
            approve_on_review_screen(&client, LIVE, "live").await?;
            text_with(
                &client,
                &testid("review-standing"),
                "Live: version 1 · pending: version 2 (in review)",
            )
            .await?;
            // An approval counts once: the button is marked disabled (it
            // stays focusable, so its reason can be reached) and says why.
            let approve = element(&client, &testid("review-approve")).await?;
            if attr(&approve, "aria-disabled").await?.as_deref() != Some("true") {
                return Err("Approve stays enabled after the data owner approved".into());
            }
            text_with(
                &client,
                &testid("review-approve-why"),
                "has already approved version 2",
            )
            .await?;
            if let Some(dir) = &shots {
                shot_at_top(&client, &dir.join("pending-review.png")).await?;
            }
            act_as(&client, BUSINESS).await?;
            approve_on_review_screen(&client, LIVE, "live").await?;
            text_with(
                &client,
                &testid("review-standing"),
                "pending: version 2 (approved)",
            )
            .await?;
            // Launching it makes version 2 the live version.
            open_contract(&client, LIVE).await?;
            click_in_view(&client, &action("launch")).await?;
            confirm_launch(&client).await?;
            text_with(&client, &testid("lifecycle-standing"), "Live: version 2").await?;
            let standing = text(&element(&client, &testid("lifecycle-standing")).await?).await?;
            if standing.contains("pending") {
                return Err(format!(
                    "still a pending version after the launch: {standing}"
                ));
            }
            click(&client, &testid("nav-audit")).await?;
            trail_verifies(&client).await
        })
        .await,
    );
}

/// A CSV of `rows` churn records, every one eligible.
fn big_sample(path: &Path, rows: usize) {
    let mut text = String::from(
        "salesforce_account_id,account_name,health_band,support_severity,days_to_renewal,is_child_account,confidence,reason_code\n",
    );
    for i in 0..rows {
        text.push_str(&format!(
            "A{i:07},Account {i},red,none,200,false,0.9,usage_drop\n"
        ));
    }
    std::fs::write(path, text).unwrap();
}

async fn count_of(client: &fantoccini::Client, outcome: &str) -> Result<String, String> {
    let css = format!(r#"[data-testid="dryrun-count"][data-outcome="{outcome}"]"#);
    Ok(attr(&element(client, &css).await?, "data-value")
        .await?
        .unwrap_or_default())
}

async fn file_appears(path: &Path) -> TestResult {
    eventually(&format!("{} to be written", path.display()), || async {
        Ok(std::fs::read(path)
            .ok()
            .filter(|bytes| bytes.starts_with(b"%PDF-") || bytes.starts_with(b"SQLite format 3"))
            .map(drop))
    })
    .await
}

#[tokio::test]
async fn a_dry_run_on_the_sample_a_worksheet_and_a_backup_from_the_window() {
    let files = tempfile::tempdir().unwrap();
    let saves = files.path().join("saves");
    std::fs::create_dir(&saves).unwrap();
    let records = files.path().join("accounts-3000.csv");
    big_sample(&records, 3000);
    let launch = Launch {
        env: vec![
            ("WARRANT_E2E_SAVE_DIR".into(), saves.display().to_string()),
            ("WARRANT_E2E_RECORDS".into(), records.display().to_string()),
        ],
        prepare: Some(Box::new(|path| prepare(path).map(drop))),
    };
    let saves_in_test = saves.clone();
    fail(
        run(launch, |client, _| async move {
            let saves = saves_in_test;
            open_contract(&client, "churn-risk-summary").await?;
            click(&client, &testid("editor-dryrun")).await?;
            click(&client, &testid("dryrun-sample")).await?;
            element(&client, &testid("dryrun-result")).await?;
            let counts = (
                count_of(&client, "total").await?,
                count_of(&client, "eligible").await?,
                count_of(&client, "review").await?,
                count_of(&client, "suppressed").await?,
            );
            if counts != ("10".into(), "4".into(), "4".into(), "2".into()) {
                return Err(format!(
                    "the sample's counts are {counts:?}, expected 10 / 4 / 4 / 2"
                ));
            }
            count_becomes(&client, &testid("dryrun-row"), 10).await?;
            count_becomes(&client, &testid("dryrun-history-row"), 1).await?;

            // A picked file (the test hook answers the dialog): all 3,000 counted,
            // only the visible rows in the page.
            click(&client, &testid("dryrun-file")).await?;
            eventually("the 3,000-record run", || async {
                Ok((count_of(&client, "total").await? == "3000").then_some(()))
            })
            .await?;
            let in_dom = elements(&client, &testid("dryrun-row")).await?.len();
            if in_dom == 0 || in_dom > 100 {
                return Err(format!(
                    "{in_dom} result rows are in the page for 3,000 records"
                ));
            }
            count_becomes(&client, &testid("dryrun-history-row"), 2).await?;

            // The filled worksheet through the save dialog's hook.
            click(&client, &testid("dryrun-back")).await?;
            click(&client, &testid("editor-worksheet")).await?;
            file_appears(&saves.join("churn-risk-summary-worksheet.pdf")).await?;

            // Settings: the automatic backup taken at start is listed; a backup now is written.
            click(&client, &testid("nav-settings")).await?;
            element(&client, &testid("backup-row")).await?;
            click(&client, &testid("backup-button")).await?;
            let result = text(&element(&client, &testid("backup-result")).await?).await?;
            let written = std::fs::read_dir(&saves)
                .map_err(|e| e.to_string())?
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|x| x == "db"))
                .ok_or(format!("no backup file in {} ({result})", saves.display()))?;
            file_appears(&written).await?;
            if !result.contains("integrity check passed") {
                return Err(format!("the backup result says {result:?}"));
            }
            Ok(())
        })
        .await,
    );
}

#[tokio::test]
async fn a_damaged_registry_shows_where_it_went_and_the_newest_backup_restores_it() {
    let launch = Launch {
        prepare: Some(Box::new(|path| {
            let registry = prepare(path)?;
            let backups = warrant_core::registry::default_backup_dir(path);
            ctx(
                registry.auto_backup(&backups, chrono::Utc::now()),
                "taking a backup",
            )?;
            drop(registry);
            // Garbage over the header: SQLite no longer recognises the file.
            let mut bytes = ctx(std::fs::read(path), "reading the registry")?;
            bytes[..100].fill(0x5a);
            ctx(std::fs::write(path, bytes), "damaging the registry")
        })),
        ..Launch::default()
    };
    fail(
        run(launch, |client, context| async move {
            let problem = element(&client, &testid("registry-problem")).await?;
            let moved = text(&element(&client, &testid("registry-problem-moved")).await?).await?;
            if !Path::new(&moved).exists() || Path::new(&moved) == context.registry {
                return Err(format!("the damaged file is said to be at {moved:?}"));
            }
            let message = text(&problem).await?;
            if !message.contains("damaged") {
                return Err(format!("the recovery screen says {message:?}"));
            }
            click(&client, &testid("restore-newest")).await?;
            count_becomes(&client, &testid("registry-problem"), 0).await?;
            // The restored registry holds the draft saved before the backup.
            element(&client, &row(DRAFT)).await.map(drop)
        })
        .await,
    );
}
