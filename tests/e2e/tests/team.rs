//! A team repository in the real window: a bare repository (`git init
//! --bare`) and keys from `ssh-keygen`, made by the test; the RevOps lead
//! starts the team in a registry of their own with the library functions
//! the CLI calls, adds the data owner's key, submits and approves. The
//! window, on a first-run registry, joins from Settings → Team with the data
//! owner's key (the open dialog answered by the test hook), sees the lead's
//! approval signed and verified on the review screen, approves, and the sync
//! indicator goes not connected → synced → (after the change) synced again
//! with the record pushed → offline when the remote is gone.

use std::path::{Path, PathBuf};
use std::process::Command;

use warrant_core::registry::Registry;
use warrant_e2e::axe::no_serious_violations;
use warrant_e2e::*;
// Lee (the RevOps lead: business owner, founder) starts the team; Dan, the
// data owner, is the window's person.
use warrant_team_fixture::{try_run, StartedTeam, DAN, ID};

/// The remote and Lee's registry (`warrant_team_fixture::started`), and
/// the window's first-run registry at `registry` acting as an example
/// person.
fn prepare(registry: &Path) -> Result<(), String> {
    let dir = registry.parent().ok_or("no data folder")?;
    StartedTeam::start(dir)?;
    let mut window = ctx(Registry::open(registry), "the window's registry")?;
    ctx(window.seed_defaults("e2e"), "seeding")?;
    ctx(
        window.set_acting_as("sam.ortiz@example.com"),
        "acting as Sam",
    )
}

async fn indicator_is(client: &fantoccini::Client, state: &str) -> TestResult {
    eventually(&format!("the sync indicator saying {state}"), || async {
        let el = element(client, &testid("sync-indicator")).await?;
        match attr(&el, "data-state").await?.as_deref() {
            Some(s) if s == state => Ok(Some(())),
            other => Err(format!("state {other:?}")),
        }
    })
    .await
}

async fn shot(client: &fantoccini::Client, name: &str) -> TestResult {
    if let Some(dir) = std::env::var_os("WARRANT_SCREENSHOTS") {
        screenshot(client, &PathBuf::from(dir).join(name)).await?;
    }
    Ok(())
}

#[tokio::test]
async fn join_from_settings_approve_and_see_the_signer_verified() {
    // The key the open dialog answers with: Dan's, made in prepare in the
    // test's data folder, which the harness names only once it runs. A
    // fixed folder is made here and the keys go there.
    let keys = tempfile::tempdir().expect("a folder for keys");
    let dan_key = keys.path().join("dan");
    let keys_dir = keys.path().to_path_buf();
    let launch = Launch {
        env: vec![("WARRANT_E2E_KEY".into(), dan_key.to_string_lossy().into())],
        prepare: Some(Box::new(move |registry| {
            prepare(registry)?;
            let dir = registry.parent().ok_or("no data folder")?;
            for name in ["dan", "dan.pub"] {
                std::fs::copy(dir.join(name), keys_dir.join(name))
                    .map_err(|e| format!("copying {name}: {e}"))?;
            }
            Ok(())
        })),
    };
    let outcome = run(launch, |client, context| async move {
        let remote = context.dir.join("team.git");
        warrant_e2e::ladder::go(&client, "settings/team").await?;
        element(&client, &testid("team-not-connected")).await?;
        indicator_is(&client, "not_connected").await?;
        no_serious_violations(&client, "Settings → Team, not connected").await?;

        fill(
            &client,
            &testid("team-join-remote"),
            &remote.to_string_lossy(),
        )
        .await?;
        fill(&client, &testid("team-join-email"), DAN).await?;
        click(&client, &testid("team-join-submit")).await?;
        element(&client, &testid("team-connected")).await?;
        let name = text(&element(&client, &testid("team-name")).await?).await?;
        if name != "Revenue team" {
            return Err(format!("team name {name:?}"));
        }
        indicator_is(&client, "synced").await?;
        count_becomes(&client, &testid("team-person"), 2).await?;
        no_serious_violations(&client, "Settings → Team, connected").await?;
        shot(&client, "team-settings.png").await?;

        warrant_e2e::ladder::go(&client, &format!("review/{ID}")).await?;
        let signature = element(&client, &testid("review-signature")).await?;
        let said = text(&signature).await?;
        if !said.contains("Lee Park (lee@example.com)") || !said.contains("signature verified") {
            return Err(format!("Lee's approval says {said:?}"));
        }
        click(&client, &testid("review-approve")).await?;
        count_becomes(&client, &testid("review-signature"), 2).await?;
        // The change syncs in the background: the record reaches the remote.
        eventually("Dan's record pushed to the remote", || async {
            let listed = try_run(Command::new("git").arg("-C").arg(&remote).args([
                "ls-tree",
                "-r",
                "--name-only",
                "main",
            ]))?;
            Ok(String::from_utf8_lossy(&listed.stdout)
                .lines()
                .any(|f| f.contains("-review-dan@example.com"))
                .then_some(()))
        })
        .await?;
        indicator_is(&client, "synced").await?;
        no_serious_violations(&client, "the review screen with signed approvals").await?;
        shot(&client, "team-review.png").await?;

        // The remote goes away: Sync now says offline, and so does the header.
        std::fs::rename(&remote, context.dir.join("moved.git")).map_err(|e| e.to_string())?;
        click(&client, &testid("sync-indicator")).await?;
        // The indicator leads to Settings → Team, and focus to its heading.
        eventually("focus on the Team section's heading", || async {
            let id = script(
                &client,
                "return document.activeElement ? document.activeElement.id : '';",
            )
            .await?;
            Ok((id.as_str() == Some("set-team")).then_some(()))
        })
        .await?;
        click(&client, &testid("team-sync-now")).await?;
        indicator_is(&client, "offline").await?;
        let result = text(&element(&client, &testid("team-sync-result")).await?).await?;
        if !result.contains("Offline") {
            return Err(format!("the sync result says {result:?}"));
        }
        shot(&client, "team-offline.png").await
    })
    .await;
    if let Err(e) = outcome {
        panic!("{e}");
    }
}
