//! The team as its RevOps lead leaves it for the data owner to join: a bare
//! remote, keys for Lee and Dan, and Lee's registry connected to the remote
//! with the contract submitted and approved by Lee, synced. Started with the
//! library functions the CLI calls, as a lead would; the app's team commands
//! join it over the mock runtime and the end-to-end test from the window.

use std::path::{Path, PathBuf};

use warrant_core::lifecycle::{Action, ReviewDecision};
use warrant_core::model::Person;
use warrant_core::registry::Registry;
use warrant_team::{acting, steps, sync, SigningKey, TeamPerson};

use crate::contract::{owned_by, Owners};
use crate::process::{init_bare, keygen};
use crate::{DAN, ID, LEE};

/// What [`StartedTeam::start`] made; every path is inside its folder.
pub struct StartedTeam {
    /// `team.git`, bare: the remote Dan joins.
    pub remote: PathBuf,
    /// Lee's registry, `lee.db`, connected and synced.
    pub lee: Registry,
    /// Dan's private key, `dan` (`dan.pub` beside it), already registered
    /// in the team by Lee.
    pub dan_key: PathBuf,
}

/// Lee as a registry's person (the team's people are read from it).
pub fn lee() -> Person {
    Person {
        email: LEE.into(),
        name: "Lee Park".into(),
        team: "Revenue".into(),
        title: String::new(),
    }
}

fn ctx<T, E: std::fmt::Display>(result: Result<T, E>, what: &str) -> Result<T, String> {
    result.map_err(|e| format!("{what}: {e}"))
}

impl StartedTeam {
    /// Starts the team in `dir`, an existing folder. Fails with text rather
    /// than a panic because the end-to-end tests report every failure as a
    /// `Result`.
    pub fn start(dir: &Path) -> Result<StartedTeam, String> {
        let remote = dir.join("team.git");
        init_bare(&remote)?;
        let lee_key = keygen(dir, "lee", "")?;
        let dan_key = keygen(dir, "dan", "")?;
        let lee_db = dir.join("lee.db");
        let mut lee_registry = ctx(Registry::open(&lee_db), "Lee's registry")?;
        ctx(lee_registry.add_person(&lee(), "test"), "adding Lee")?;
        let text = owned_by(&Owners {
            business: LEE,
            data: DAN,
            destination: LEE,
            exception: LEE,
        });
        let contract = ctx(
            warrant_core::format::parse_contract("c.yaml", text.as_bytes()),
            "the contract",
        )?;
        ctx(
            lee_registry.save_contract(&contract, LEE),
            "saving the contract",
        )?;
        ctx(lee_registry.set_acting_as(LEE), "acting as Lee")?;
        let key = ctx(SigningKey::load(&lee_key, None), "Lee's key")?;
        ctx(
            sync::init(
                &mut lee_registry,
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
            acting::add_person(&mut lee_registry, &key, &dan, &dan_public),
            "adding Dan",
        )?;
        ctx(
            steps::change_status(&mut lee_registry, ID, Action::Submit, "Ready for review."),
            "submitting",
        )?;
        ctx(
            steps::review(
                &mut lee_registry,
                ID,
                ReviewDecision::Approve,
                "Business case holds.",
            ),
            "Lee approving",
        )?;
        let report = ctx(sync::sync(&mut lee_registry), "Lee's sync")?;
        if let Some(offline) = report.offline {
            return Err(format!("Lee's sync was offline: {offline}"));
        }
        Ok(StartedTeam {
            remote,
            lee: lee_registry,
            dan_key,
        })
    }
}
