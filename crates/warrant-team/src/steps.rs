//! The steps a front end takes on a registry that may be connected to a
//! team repository: reviews, status moves, rollbacks and kept dry runs (signed as the key
//! holder when connected, attributed to "acting as" otherwise), and
//! starting or joining a team repository with a key named by its setting
//! (a file's path, or `agent`). The app calls these; the CLI has the same
//! rules in its own words (`--key`, `WARRANT_KEY`).

use std::path::{Path, PathBuf};

use chrono::Utc;
use serde::Serialize;
use ts_rs::TS;
use warrant_core::dryrun::{DryRunResult, RecordsSource};
use warrant_core::lifecycle::{Action, ReviewDecision};
use warrant_core::registry::{
    ActDone, DryRunKept, PlannedDryRun, Registry, ReviewRecorded, StatusChange, TeamAct,
    TeamConnection,
};
use warrant_core::{Error, ErrorCode};

use crate::signing::SigningKey;
use crate::sync::{self, TeamStatus, TeamSyncReport, AGENT};

/// The passphrase of an encrypted key file, from `WARRANT_KEY_PASSPHRASE`
/// (a window has no terminal to ask in).
fn passphrase() -> Option<String> {
    std::env::var("WARRANT_KEY_PASSPHRASE").ok()
}

/// In a connected registry, takes `act` as the key holder with the key the
/// connection names; `None` when the registry is not connected.
fn signed(registry: &mut Registry, id: &str, act: &TeamAct) -> Result<Option<ActDone>, Error> {
    let Some(connection) = crate::acting::holder(registry, None)? else {
        return Ok(None);
    };
    let key = sync::configured_key(&connection, passphrase().as_deref())?;
    let (done, _row) = crate::acting::act(registry, &key, id, act, None)?;
    Ok(Some(done))
}

fn other_step() -> Error {
    Error::new(
        ErrorCode::Internal,
        "the registry took another step than asked",
    )
}

/// Approves or asks for changes to `id`: signed by the key holder in a
/// team registry, else as the person "acting as".
pub fn review(
    registry: &mut Registry,
    id: &str,
    decision: ReviewDecision,
    comment: &str,
) -> Result<ReviewRecorded, Error> {
    let act = TeamAct::Review {
        decision,
        comment: comment.to_string(),
    };
    match signed(registry, id, &act)? {
        Some(ActDone::Review(done)) => Ok(done),
        Some(_) => Err(other_step()),
        None => {
            let actor = registry.acting_as()?;
            registry.record_review(id, decision, comment, &actor)
        }
    }
}

/// Submit, launch, pause, resume, retire or discard `id`, signed in a team
/// registry. Approving and asking for changes are reviews: the core
/// refuses them here in either kind of registry.
pub fn change_status(
    registry: &mut Registry,
    id: &str,
    action: Action,
    note: &str,
) -> Result<StatusChange, Error> {
    let team = !matches!(action, Action::Approve | Action::RequestChanges);
    let act = TeamAct::Status {
        action,
        note: note.to_string(),
    };
    match team
        .then(|| signed(registry, id, &act))
        .transpose()?
        .flatten()
    {
        Some(ActDone::Status(change)) => Ok(change),
        Some(_) => Err(other_step()),
        None => {
            let actor = registry.acting_as()?;
            registry.change_status(id, action, note, &actor)
        }
    }
}

/// Records that the workflow's effects on `id` were reverted, signed in a
/// team registry; returns the audit event's number.
pub fn rollback(registry: &mut Registry, id: &str, what: &str) -> Result<i64, Error> {
    let act = TeamAct::Rollback {
        what: what.to_string(),
    };
    match signed(registry, id, &act)? {
        Some(ActDone::Rollback { seq }) => Ok(seq),
        Some(_) => Err(other_step()),
        None => {
            let actor = registry.acting_as()?;
            registry.record_rollback(id, what, &actor)
        }
    }
}

/// Keeps a finished dry run of `plan`: in a team registry with the key
/// holder's signed `dry_run` record, else as the person who planned it.
/// A cancelled run is not kept (`None`).
pub fn keep_dry_run(
    registry: &mut Registry,
    plan: &PlannedDryRun,
    result: &DryRunResult,
    records: &RecordsSource,
) -> Result<Option<DryRunKept>, Error> {
    if result.cancelled {
        return Ok(None);
    }
    let act = TeamAct::DryRun {
        run: result.to_registry_record(&records.name()),
    };
    match signed(registry, &plan.contract.id, &act)? {
        Some(ActDone::DryRun(kept)) => Ok(Some(kept)),
        Some(_) => Err(other_step()),
        None => plan.keep(registry, result, records),
    }
}

/// The setting a key file is kept under: its absolute path (`agent` stays).
fn key_setting(key: &str) -> String {
    if key == AGENT {
        return AGENT.to_string();
    }
    std::fs::canonicalize(key)
        .unwrap_or_else(|_| PathBuf::from(key))
        .to_string_lossy()
        .into_owned()
}

/// The key a setting names, for `email` whose working copy is (or will be)
/// `work`: ssh-agent's key is looked up among `email`'s keys there.
fn key_of(setting: &str, email: &str, work: &Path) -> Result<SigningKey, Error> {
    if setting != AGENT {
        return SigningKey::load(Path::new(setting), passphrase().as_deref());
    }
    sync::configured_key(
        &TeamConnection {
            team: String::new(),
            remote: String::new(),
            work_dir: work.to_string_lossy().into_owned(),
            email: email.to_string(),
            key: AGENT.to_string(),
            last_sync_commit: None,
            last_sync_at: None,
        },
        None,
    )
}

fn required(field: &str, value: &str, what: &str) -> Result<String, Error> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::invalid(field, what));
    }
    Ok(value.to_string())
}

/// Starts a team repository at `remote` named `team_name` from the registry
/// at `db`, founded by the person "acting as" with the key `key` (a file's
/// path or `agent`), and says where the registry now stands.
pub fn start(
    registry: &mut Registry,
    db: &Path,
    remote: &str,
    team_name: &str,
    key: &str,
) -> Result<TeamStatus, Error> {
    let remote = required(
        "remote",
        remote,
        "name the git repository to start the team in",
    )?;
    let name = required("name", team_name, "give the team a name")?;
    let founder = registry.acting_as()?;
    let work = sync::work_dir_for(db);
    let setting = key_setting(key);
    let signer = key_of(&setting, &founder, &work)?;
    sync::init(registry, &remote, &name, &founder, &signer, &setting, &work)?;
    sync::status(registry)
}

/// What joining did, and where the registry's earlier contents went.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Joined {
    pub report: TeamSyncReport,
    /// A registry that held contracts is kept here, untouched, and a new
    /// one joins in its place (joining needs an empty registry).
    pub earlier_registry: Option<String>,
}

/// The registry file and the SQLite files beside it.
fn with_sidecars(db: &Path) -> Vec<PathBuf> {
    ["", "-wal", "-shm"]
        .into_iter()
        .map(|suffix| {
            let mut name = db.as_os_str().to_os_string();
            name.push(suffix);
            PathBuf::from(name)
        })
        .collect()
}

fn rename(from: &Path, to: &Path) -> Result<(), Error> {
    std::fs::rename(from, to).map_err(|e| {
        Error::new(
            ErrorCode::Io,
            format!("cannot move {} to {}: {e}", from.display(), to.display()),
        )
    })
}

/// Joins the team repository at `remote` as `email` with the key `key` (a
/// file's path or `agent`) from the registry file `db`, which must not be
/// open. A registry that holds contracts (the app's examples, say) is not
/// lost: a new registry joins beside it and then takes its place, and the
/// earlier one is kept as `<name>-before-team-<time>.db`.
pub fn join_file(db: &Path, remote: &str, email: &str, key: &str) -> Result<Joined, Error> {
    let remote = required("remote", remote, "give the team repository's address")?;
    let email = required("as", email, "say who you are in the team (your e-mail)")?;
    let work = sync::work_dir_for(db);
    let setting = key_setting(key);
    let signer = match setting.as_str() {
        // ssh-agent's key is found among the person's keys once cloned.
        AGENT => None,
        path => Some(key_of(path, &email, &work)?),
    };
    let holds_contracts = db.exists() && !Registry::open(db)?.is_empty()?;
    if !holds_contracts {
        let mut registry = Registry::open(db)?;
        let report = sync::join(
            &mut registry,
            &remote,
            &email,
            signer.as_ref(),
            &setting,
            &work,
        )?;
        return Ok(Joined {
            report,
            earlier_registry: None,
        });
    }
    let fresh = db.with_extension("joining.db");
    for path in with_sidecars(&fresh) {
        let _ = std::fs::remove_file(path);
    }
    let joined = (|| {
        let mut registry = Registry::open(&fresh)?;
        sync::join(
            &mut registry,
            &remote,
            &email,
            signer.as_ref(),
            &setting,
            &work,
        )
    })();
    let report = match joined {
        Ok(report) => report,
        Err(e) => {
            for path in with_sidecars(&fresh) {
                let _ = std::fs::remove_file(path);
            }
            return Err(e);
        }
    };
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "registry".into());
    let kept = db.with_file_name(format!(
        "{stem}-before-team-{}.db",
        Utc::now().format("%Y%m%dT%H%M%S")
    ));
    for (from, to) in with_sidecars(db).into_iter().zip(with_sidecars(&kept)) {
        if from.exists() {
            rename(&from, &to)?;
        }
    }
    for (from, to) in with_sidecars(&fresh).into_iter().zip(with_sidecars(db)) {
        if from.exists() {
            rename(&from, &to)?;
        }
    }
    Ok(Joined {
        report,
        earlier_registry: Some(kept.display().to_string()),
    })
}

/// One key of a team member, as Settings → Team lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TeamMemberKey {
    /// `SHA256:…`, what `ssh-keygen -l` prints for the key.
    pub fingerprint: String,
    /// The OpenSSH public key line, as `people.yaml` holds it.
    pub line: String,
}

/// A person of the team's `people.yaml` with their keys.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TeamMember {
    pub email: String,
    pub name: String,
    pub team: String,
    pub title: String,
    pub keys: Vec<TeamMemberKey>,
}

/// The people of the working copy's `people.yaml` and their keys (as of
/// the last sync); empty when the registry is not connected.
pub fn people(registry: &Registry) -> Result<Vec<TeamMember>, Error> {
    let Some(connection) = registry.team_connection()? else {
        return Ok(Vec::new());
    };
    let file = crate::files::PeopleFile::read(
        &Path::new(&connection.work_dir).join(crate::layout::PEOPLE_FILE),
    )?;
    Ok(file
        .people
        .into_iter()
        .map(|p| TeamMember {
            keys: p
                .keys
                .iter()
                .map(|line| TeamMemberKey {
                    fingerprint: crate::signing::parse_public_key(line)
                        .map(|k| crate::signing::fingerprint(&k))
                        .unwrap_or_else(|e| format!("not a key: {e}")),
                    line: line.clone(),
                })
                .collect(),
            email: p.email,
            name: p.name,
            team: p.team,
            title: p.title,
        })
        .collect())
}
