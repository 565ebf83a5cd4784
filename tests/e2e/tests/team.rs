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

use warrant_core::lifecycle::{Action, ReviewDecision};
use warrant_core::model::Person;
use warrant_core::registry::Registry;
use warrant_e2e::axe::no_serious_violations;
use warrant_e2e::*;
use warrant_team::{acting, steps, sync, SigningKey, TeamPerson};

const LEE: &str = "lee@example.com"; // RevOps lead: business owner, founder
const DAN: &str = "dan@example.com"; // data owner: the window's person
const ID: &str = "churn-risk-summary";

const CONTRACT: &str = "format: warrant/v1
id: churn-risk-summary
title: Churn-risk summary for CSMs
workflow:
  category: churn_risk_routing
  description: Draft a churn-risk summary when the health model crosses the review threshold.
  decision: The CSM confirms the reason code before the CRM health band changes.
authority: suggest
sources:
  - name: account_health_current
    system: warehouse
    role: source_of_truth
    trust: trusted
    owner: dan@example.com
owners:
  business: lee@example.com
  data: dan@example.com
  destination: lee@example.com
  exception: lee@example.com
destination:
  system: salesforce
  target: Account.Churn_Summary__c
  shows: [reason_code, confidence]
";

fn run_ok(command: &mut Command) -> Result<String, String> {
    let out = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{command:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn ssh_keygen(dir: &Path, name: &str) -> Result<PathBuf, String> {
    let path = dir.join(name);
    run_ok(
        Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
            .arg(&path),
    )?;
    Ok(path)
}

/// The remote, Lee's registry (team started, Dan added, the contract
/// submitted and approved by Lee, synced), and the window's first-run
/// registry at `registry` acting as an example person.
fn prepare(registry: &Path) -> Result<(), String> {
    let dir = registry.parent().ok_or("no data folder")?;
    let remote = dir.join("team.git");
    run_ok(
        Command::new("git")
            .args(["init", "-q", "--bare"])
            .arg(&remote),
    )?;
    let lee_key = ssh_keygen(dir, "lee")?;
    let dan_key = ssh_keygen(dir, "dan")?;
    let lee_db = dir.join("lee.db");
    let mut lee = ctx(Registry::open(&lee_db), "Lee's registry")?;
    let person = |email: &str, name: &str| Person {
        email: email.into(),
        name: name.into(),
        team: "Revenue".into(),
        title: String::new(),
    };
    ctx(
        lee.add_person(&person(LEE, "Lee Park"), "e2e"),
        "adding Lee",
    )?;
    let contract = ctx(
        warrant_core::format::parse_contract("c.yaml", CONTRACT.as_bytes()),
        "the contract",
    )?;
    ctx(lee.save_contract(&contract, LEE), "saving the contract")?;
    ctx(lee.set_acting_as(LEE), "acting as Lee")?;
    let key = ctx(SigningKey::load(&lee_key, None), "Lee's key")?;
    ctx(
        sync::init(
            &mut lee,
            &remote.to_string_lossy(),
            "Revenue team",
            LEE,
            &key,
            &lee_key.to_string_lossy(),
            &sync::work_dir_for(&lee_db),
        ),
        "starting the team",
    )?;
    let dan_public = ctx(SigningKey::load(&dan_key, None), "Dan's key")?.public_key_line();
    let dan = TeamPerson {
        email: DAN.into(),
        name: "Dan Ito".into(),
        team: "Data".into(),
        title: String::new(),
        keys: Vec::new(),
    };
    ctx(
        acting::add_person(&mut lee, &key, &dan, &dan_public),
        "adding Dan",
    )?;
    ctx(
        steps::change_status(&mut lee, ID, Action::Submit, "Ready for review."),
        "submitting",
    )?;
    ctx(
        steps::review(
            &mut lee,
            ID,
            ReviewDecision::Approve,
            "Business case holds.",
        ),
        "Lee approving",
    )?;
    let report = ctx(sync::sync(&mut lee), "Lee's sync")?;
    if let Some(offline) = report.offline {
        return Err(format!("Lee's sync was offline: {offline}"));
    }
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
            let files = run_ok(Command::new("git").arg("-C").arg(&remote).args([
                "ls-tree",
                "-r",
                "--name-only",
                "main",
            ]))?;
            Ok(files
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
