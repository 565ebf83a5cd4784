//! A registry connected to a team repository: starting one from it
//! ([`init`]), joining one ([`join`]), syncing ([`sync`]) and where it
//! stands ([`status`]). Each takes a [`Registry`] and is what both the CLI
//! and the app call (see `docs/team-repository.md`, "Sync").
//!
//! **Out.** Every local version the repository does not hold yet is written
//! as `contracts/<id>.yaml` and committed, in the order saved (a commit
//! never holds two versions of one contract, so every version reaches
//! history), with the signed records made here since (they are written into
//! the working copy when the step is taken, [`crate::acting`]).
//!
//! **Merge.** Fetch, then merge the remote's branch. Records never conflict
//! (one new file each). A contract both sides edited keeps the remote's
//! content in the merged file (it was published first); the local edit
//! stays a version in history, and the contract is marked as having a
//! conflict for the person to resolve, seeing both versions. `people.yaml`
//! edited on both sides is merged as the union of its people and keys.
//! Then push; a push refused because someone pushed meanwhile is fetched
//! and merged again.
//!
//! **In.** The commits since the last sync are walked oldest first. Each
//! contract content a commit holds becomes a version here unless some
//! version already has it; each record file a commit adds (and that is
//! still in the repository) is checked — its place, name and signature by a
//! key registered for its signer at its time — and becomes a review or a
//! status move stamped with its signer, or is kept as refused with why.
//! Within a commit, records about earlier content come before its new
//! versions, records about the new content after. Last, each contract's
//! current version is made the repository's latest content. A merge
//! commit where both sides edited a contract marks the conflict in every
//! registry that takes it in.
//!
//! **Offline.** When the remote cannot be reached the local commits stay in
//! the working copy and the next sync pushes them; the result says offline.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use warrant_core::canonical::content_sha256;
use warrant_core::model::{Contract, Person};
use warrant_core::registry::{
    Registry, TeamAct, TeamConflict, TeamConnection, TeamRecordRow, TeamStep, TeamSync,
    TeamSyncApplied,
};
use warrant_core::{Error, ErrorCode};

use crate::files::{from_value, write_yaml_file, PeopleFile, TeamFile, TeamPerson};
use crate::git;
use crate::layout;
use crate::record::{record_digest, Body, Record};
use crate::signing::SigningKey;
use crate::yaml;

/// A local version now in the repository: contract id, version, commit.
type Published = (String, u32, String);

/// The key setting that means "the key ssh-agent holds for me".
pub const AGENT: &str = "agent";

/// The branch every registry pushes to and merges from.
const BRANCH: &str = "main";

/// Where a registry's working copy lives: next to the registry file,
/// `<registry name>-team/` (inside the app's data folder for the app's own
/// registry), so two registries in one folder never share one.
pub fn work_dir_for(db: &Path) -> PathBuf {
    // Absolute, since it is kept and used from wherever the next command runs.
    let db = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "registry".into());
    db.parent()
        .unwrap_or_else(|| Path::new("."))
        .join(format!("{stem}-team"))
}

/// The key a registry signs with: the file named at init or join, or the
/// key ssh-agent holds among `email`'s keys in `people.yaml`.
pub fn configured_key(
    connection: &TeamConnection,
    passphrase: Option<&str>,
) -> Result<SigningKey, Error> {
    if connection.key != AGENT {
        return SigningKey::load(Path::new(&connection.key), passphrase);
    }
    let socket = std::env::var_os("SSH_AUTH_SOCK").ok_or_else(|| {
        Error::invalid(
            "key",
            "this registry signs with ssh-agent's key, and no ssh-agent runs (SSH_AUTH_SOCK is not set); start one and ssh-add your key, or give --key FILE",
        )
    })?;
    let people = PeopleFile::read(&Path::new(&connection.work_dir).join(layout::PEOPLE_FILE))?;
    let keys = people
        .person(&connection.email)
        .map(|p| p.keys.clone())
        .unwrap_or_default();
    let mut last = None;
    for key in &keys {
        match SigningKey::from_agent(Path::new(&socket), key) {
            Ok(key) => return Ok(key),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| {
        Error::invalid(
            "key",
            format!("people.yaml lists no key for {}", connection.email),
        )
    }))
}

/// What a sync (or a join) did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TeamSyncReport {
    /// Why the remote could not be reached; local work is kept and the
    /// next sync takes it.
    pub offline: Option<String>,
    /// The commit the working copy is at.
    pub commit: Option<String>,
    /// Whether local commits reached the remote.
    pub pushed: bool,
    /// Local versions written into the repository.
    pub versions_out: usize,
    /// Signed records made here that went out with this sync.
    pub records_out: usize,
    /// What came in.
    pub applied: TeamSyncApplied,
    /// Contracts with a conflict to resolve, after this sync.
    pub conflicts_open: usize,
    #[ts(type = "number")]
    pub took_ms: u64,
}

/// What is waiting to go out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TeamPending {
    /// Local versions not yet in the repository.
    pub versions: usize,
    /// Signed records made here not yet committed.
    pub records: usize,
    /// Commits made here not yet pushed.
    pub commits: usize,
}

/// Where a registry stands with its team repository (`warrant team status`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TeamStatus {
    pub connected: bool,
    pub connection: Option<TeamConnection>,
    pub pending: TeamPending,
    /// Contracts two people edited at once, not resolved yet.
    pub conflicts: Vec<TeamConflict>,
    /// Records that failed verification and count for nothing.
    pub refused: Vec<TeamRecordRow>,
}

fn not_connected() -> Error {
    Error::invalid(
        "team",
        "this registry is not connected to a team repository; start one with `warrant team init` or join one with `warrant team join`",
    )
}

/// The remote as git in the working copy must be given it (a local path
/// made absolute).
fn resolved_remote(remote: &str) -> String {
    if git::is_local_path(remote) {
        if let Ok(path) = std::fs::canonicalize(remote) {
            return path.to_string_lossy().into_owned();
        }
    }
    remote.to_string()
}

fn clone_into(remote: &str, work: &Path) -> Result<(), Error> {
    if work.exists()
        && std::fs::read_dir(work)
            .map(|mut e| e.next().is_some())
            .unwrap_or(true)
    {
        return Err(Error::conflict(format!(
            "{} already exists and is not empty; move it away or remove it first",
            work.display()
        )));
    }
    let target = work.to_string_lossy().to_string();
    let out = git::output(None, &["clone", "-q", "--branch", BRANCH, remote, &target])?;
    if !out.status.success() {
        return Err(Error::new(
            ErrorCode::Io,
            format!(
                "cannot clone {remote}: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        ));
    }
    Ok(())
}

/// Starts a team repository at `remote` from this registry (see
/// [`crate::start`]) and connects the registry to it, its working copy in
/// `work`. Every version the registry holds counts as published: older
/// versions are this registry's history from before the team.
pub fn init(
    registry: &mut Registry,
    remote: &str,
    team_name: &str,
    founder: &str,
    key: &SigningKey,
    key_setting: &str,
    work: &Path,
) -> Result<crate::start::Started, Error> {
    if let Some(existing) = registry.team_connection()? {
        let target = resolved_remote(remote);
        let holds = git::run(None, &["ls-remote", &target]).is_ok_and(|refs| !refs.is_empty());
        let first = if holds {
            format!("{remote} already holds commits; a team repository starts in an empty repository, and ")
        } else {
            String::new()
        };
        return Err(Error::conflict(format!(
            "{first}this registry is already connected to {} ({})",
            existing.team, existing.remote
        )));
    }
    let people: Vec<TeamPerson> = registry
        .people()?
        .into_iter()
        .map(|p| TeamPerson {
            email: p.email,
            name: p.name,
            team: p.team,
            title: p.title,
            keys: Vec::new(),
        })
        .collect();
    let listed = registry.list(&Default::default(), Utc::now())?;
    let contracts = listed
        .iter()
        .map(|summary| registry.contract(&summary.id).map(|stored| stored.contract))
        .collect::<Result<Vec<_>, Error>>()?;
    // The first commit is made in a scratch folder, then the remote is
    // cloned where the registry keeps its working copy.
    let scratch = work.with_file_name(format!(
        ".{}-start-{}",
        work.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let started = crate::start::start(
        remote, team_name, founder, key, &people, &contracts, &scratch,
    );
    let _ = std::fs::remove_dir_all(&scratch);
    let started = started?;
    let remote = resolved_remote(remote);
    clone_into(&remote, work)?;
    let mut published = Vec::new();
    for summary in &listed {
        for version in registry.versions(&summary.id)? {
            published.push((summary.id.clone(), version.version, started.commit.clone()));
        }
    }
    let founder = registry
        .person(founder)?
        .map(|p| p.email)
        .unwrap_or_else(|| founder.to_string());
    registry.connect_team(
        &TeamConnection {
            team: team_name.to_string(),
            remote,
            work_dir: work.to_string_lossy().into_owned(),
            email: founder.clone(),
            key: key_setting.to_string(),
            last_sync_commit: Some(started.commit.clone()),
            last_sync_at: None,
        },
        &published,
    )?;
    if registry.acting_as().ok().as_deref() != Some(founder.as_str()) {
        registry.set_acting_as(&founder)?;
    }
    Ok(started)
}

/// A new, empty registry joins the team repository at `remote` as `email`,
/// whose key `key` must already be in `people.yaml`: the repository is
/// cloned into `work`, and every version of every contract in its history,
/// its people and its records are taken in (see the module's "In"). With
/// `key` `None` (and `key_setting` [`AGENT`]) the key is the one ssh-agent
/// holds among `email`'s keys in the clone's `people.yaml`.
pub fn join(
    registry: &mut Registry,
    remote: &str,
    email: &str,
    key: Option<&SigningKey>,
    key_setting: &str,
    work: &Path,
) -> Result<TeamSyncReport, Error> {
    let started = Instant::now();
    if let Some(existing) = registry.team_connection()? {
        return Err(Error::conflict(format!(
            "this registry is already connected to {} ({}); join from a new, empty registry",
            existing.team, existing.remote
        )));
    }
    if !registry.is_empty()? {
        return Err(Error::conflict(
            "this registry already holds contracts; join a team repository from a new, empty registry (warrant init --empty --db NEW.db)",
        ));
    }
    let remote = resolved_remote(remote);
    clone_into(&remote, work)?;
    let checked = (|| {
        let team = TeamFile::read(&work.join(layout::TEAM_FILE))?;
        let people = PeopleFile::read(&work.join(layout::PEOPLE_FILE))?;
        let Some(person) = people.person(email) else {
            return Err(Error::invalid(
                "as",
                format!("{email} is not in the team's people.yaml; ask someone in the team to add you (warrant team add-person)"),
            ));
        };
        let agent_key;
        let key = match key {
            Some(key) => key,
            None => {
                agent_key = configured_key(
                    &TeamConnection {
                        team: team.name.clone(),
                        remote: remote.clone(),
                        work_dir: work.to_string_lossy().into_owned(),
                        email: person.email.clone(),
                        key: AGENT.to_string(),
                        last_sync_commit: None,
                        last_sync_at: None,
                    },
                    None,
                )?;
                &agent_key
            }
        };
        let own = key.public_key_line();
        if !person.keys.iter().any(|k| same_key(k, &own)) {
            return Err(Error::invalid(
                "key",
                format!(
                    "the key {} is not one of {}'s keys in people.yaml; ask someone in the team to add it (warrant team add-person --pubkey)",
                    crate::signing::fingerprint(key.public_key()),
                    person.email
                ),
            ));
        }
        Ok((team, person.email.clone()))
    })();
    let (team, email) = match checked {
        Ok(found) => found,
        Err(e) => {
            let _ = std::fs::remove_dir_all(work);
            return Err(e);
        }
    };
    registry.connect_team(
        &TeamConnection {
            team: team.name,
            remote,
            work_dir: work.to_string_lossy().into_owned(),
            email: email.clone(),
            key: key_setting.to_string(),
            last_sync_commit: None,
            last_sync_at: None,
        },
        &[],
    )?;
    let head = git::run(Some(work), &["rev-parse", "HEAD"])?;
    let steps = incoming(registry, work, None, &head)?;
    let applied = registry.apply_team_sync(&TeamSync {
        commit: Some(head.clone()),
        offline: None,
        exported: Vec::new(),
        steps,
    })?;
    registry.set_acting_as(&email)?;
    Ok(TeamSyncReport {
        offline: None,
        commit: Some(head),
        pushed: false,
        versions_out: 0,
        records_out: 0,
        conflicts_open: registry.team_conflicts(true)?.len(),
        applied,
        took_ms: started.elapsed().as_millis() as u64,
    })
}

fn same_key(a: &str, b: &str) -> bool {
    a.split_whitespace()
        .take(2)
        .eq(b.split_whitespace().take(2))
}

/// Syncs the registry with its team repository: out, merge, push, in (see
/// the module comment). Offline is a result, not an error.
pub fn sync(registry: &mut Registry) -> Result<TeamSyncReport, Error> {
    let started = Instant::now();
    let connection = registry.team_connection()?.ok_or_else(not_connected)?;
    let work = PathBuf::from(&connection.work_dir);
    if !work.join(".git").exists() {
        return Err(Error::not_found(format!(
            "the working copy {} is missing; it is a clone of {}",
            work.display(),
            connection.remote
        )));
    }
    let identity = identity(registry, &connection.email)?;
    let (exported, records_out) = export(registry, &work, &identity)?;
    let versions_out = exported.len();
    let mut offline = None;
    let mut pushed = false;
    for attempt in 0..3 {
        let fetched = git::output(Some(&work), &["fetch", "-q", "origin"])?;
        if !fetched.status.success() {
            offline = Some(format!(
                "cannot reach {}: {}",
                connection.remote,
                String::from_utf8_lossy(&fetched.stderr).trim()
            ));
            break;
        }
        merge(&work, &identity)?;
        let ahead = count(&work, &format!("origin/{BRANCH}..HEAD"))?;
        if ahead == 0 {
            break;
        }
        let push = git::output(
            Some(&work),
            &["push", "-q", "origin", &format!("HEAD:{BRANCH}")],
        )?;
        if push.status.success() {
            pushed = true;
            break;
        }
        let said = String::from_utf8_lossy(&push.stderr).to_string();
        let raced = said.contains("rejected")
            || said.contains("fetch first")
            || said.contains("non-fast-forward");
        if !raced || attempt == 2 {
            offline = Some(format!(
                "cannot push to {}: {}",
                connection.remote,
                said.trim()
            ));
            break;
        }
    }
    let applied = if offline.is_some() && !pushed {
        registry.apply_team_sync(&TeamSync {
            commit: None,
            offline: offline.clone(),
            exported,
            steps: Vec::new(),
        })?
    } else {
        let head = git::run(Some(&work), &["rev-parse", "HEAD"])?;
        let steps = incoming(
            registry,
            &work,
            connection.last_sync_commit.as_deref(),
            &head,
        )?;
        registry.apply_team_sync(&TeamSync {
            commit: Some(head),
            offline: offline.clone(),
            exported,
            steps,
        })?
    };
    let commit = git::run(Some(&work), &["rev-parse", "HEAD"]).ok();
    Ok(TeamSyncReport {
        offline,
        commit,
        pushed,
        versions_out,
        records_out,
        conflicts_open: registry.team_conflicts(true)?.len(),
        applied,
        took_ms: started.elapsed().as_millis() as u64,
    })
}

/// Where the registry stands with its team repository.
pub fn status(registry: &Registry) -> Result<TeamStatus, Error> {
    let Some(connection) = registry.team_connection()? else {
        return Ok(TeamStatus {
            connected: false,
            connection: None,
            pending: TeamPending::default(),
            conflicts: Vec::new(),
            refused: Vec::new(),
        });
    };
    let work = PathBuf::from(&connection.work_dir);
    let records = untracked_records(&work).map(|r| r.len()).unwrap_or(0);
    let commits = count(&work, &format!("origin/{BRANCH}..HEAD")).unwrap_or(0);
    let refused = registry
        .team_records()?
        .into_iter()
        .filter(|r| r.outcome == warrant_core::registry::TeamRecordOutcome::Refused)
        .collect();
    Ok(TeamStatus {
        connected: true,
        pending: TeamPending {
            versions: registry.team_unpublished()?.len(),
            records,
            commits,
        },
        conflicts: registry.team_conflicts(true)?,
        refused,
        connection: Some(connection),
    })
}

/// Who commits: the person's name and e-mail, as git's `-c` options.
fn identity(registry: &Registry, email: &str) -> Result<Vec<String>, Error> {
    let name = registry
        .person(email)?
        .map(|p| p.name)
        .unwrap_or_else(|| email.to_string());
    Ok(vec![
        "-c".into(),
        format!("user.name={name}"),
        "-c".into(),
        format!("user.email={email}"),
    ])
}

fn with_identity<'a>(identity: &'a [String], args: &[&'a str]) -> Vec<&'a str> {
    identity
        .iter()
        .map(String::as_str)
        .chain(args.iter().copied())
        .collect()
}

fn count(work: &Path, range: &str) -> Result<usize, Error> {
    let out = git::run(Some(work), &["rev-list", "--count", range])?;
    Ok(out.parse().unwrap_or(0))
}

/// Record files in the working copy not committed yet, with their time
/// (from their name), oldest first.
fn untracked_records(work: &Path) -> Result<Vec<(DateTime<Utc>, String)>, Error> {
    let out = git::run(
        Some(work),
        &[
            "status",
            "--porcelain=v1",
            "-uall",
            "--",
            layout::RECORDS_DIR,
        ],
    )?;
    let mut found: Vec<(DateTime<Utc>, String)> = out
        .lines()
        .filter_map(|line| line.strip_prefix("?? "))
        .map(|file| {
            let name = Path::new(file)
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let at = name
                .get(..20)
                .and_then(|t| NaiveDateTime::parse_from_str(t, "%Y%m%dT%H%M%S%.3fZ").ok())
                .map(|t| t.and_utc())
                .unwrap_or_else(Utc::now);
            (at, file.to_string())
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Writes every local version the repository lacks, and the records made
/// here, as commits in the order they were made; returns the versions
/// written, with their commit, and how many records went out.
fn export(
    registry: &Registry,
    work: &Path,
    identity: &[String],
) -> Result<(Vec<Published>, usize), Error> {
    let versions = registry.team_unpublished()?;
    let records = untracked_records(work)?;
    let people_changed = !git::run(
        Some(work),
        &["status", "--porcelain=v1", "--", layout::PEOPLE_FILE],
    )?
    .is_empty();
    if versions.is_empty() && records.is_empty() && !people_changed {
        return Ok((Vec::new(), 0));
    }
    enum Item<'a> {
        Version(&'a warrant_core::registry::StoredContract),
        Record(&'a str),
    }
    let mut items: Vec<(DateTime<Utc>, Item<'_>)> = versions
        .iter()
        .map(|v| (v.saved_at, Item::Version(v)))
        .chain(
            records
                .iter()
                .map(|(at, f)| (*at, Item::Record(f.as_str()))),
        )
        .collect();
    items.sort_by_key(|(at, _)| *at);
    let repo = crate::repo::TeamRepo::open(work)?;
    let mut exported = Vec::new();
    let mut group_files: Vec<String> = Vec::new();
    let mut group_versions: Vec<(String, u32)> = Vec::new();
    let commit = |files: &mut Vec<String>,
                  group: &mut Vec<(String, u32)>,
                  exported: &mut Vec<(String, u32, String)>,
                  last: bool|
     -> Result<(), Error> {
        if last && people_changed {
            files.push(layout::PEOPLE_FILE.to_string());
        }
        if files.is_empty() {
            return Ok(());
        }
        let mut add = vec!["add", "--"];
        add.extend(files.iter().map(String::as_str));
        git::run(Some(work), &add)?;
        let record_count = files
            .iter()
            .filter(|f| f.starts_with(layout::RECORDS_DIR))
            .count();
        let mut message = String::from("Warrant sync:");
        if !group.is_empty() {
            let named: Vec<String> = group
                .iter()
                .take(5)
                .map(|(id, v)| format!("{id} v{v}"))
                .collect();
            message.push_str(&format!(
                " {} version(s) ({}{})",
                group.len(),
                named.join(", "),
                if group.len() > 5 { ", …" } else { "" }
            ));
        }
        if record_count > 0 {
            message.push_str(&format!(" {record_count} signed record(s)"));
        }
        git::run(
            Some(work),
            &with_identity(identity, &["commit", "-q", "-m", &message]),
        )?;
        let head = git::run(Some(work), &["rev-parse", "HEAD"])?;
        exported.extend(group.drain(..).map(|(id, v)| (id, v, head.clone())));
        files.clear();
        Ok(())
    };
    let mut records_out = 0;
    for (_, item) in &items {
        match item {
            Item::Version(stored) => {
                if group_versions
                    .iter()
                    .any(|(id, _)| *id == stored.contract.id)
                {
                    commit(&mut group_files, &mut group_versions, &mut exported, false)?;
                }
                let mut content = stored.contract.clone();
                content.status = None;
                let path = repo.write_contract(&content)?;
                group_files.push(path.to_string_lossy().replace('\\', "/"));
                group_versions.push((stored.contract.id.clone(), stored.version));
            }
            Item::Record(file) => {
                group_files.push(file.to_string());
                records_out += 1;
            }
        }
    }
    commit(&mut group_files, &mut group_versions, &mut exported, true)?;
    Ok((exported, records_out))
}

/// Merges the fetched branch into the working copy (see the module's
/// "Merge").
fn merge(work: &Path, identity: &[String]) -> Result<(), Error> {
    let theirs = format!("origin/{BRANCH}");
    if !git::output(Some(work), &["rev-parse", "--verify", "-q", &theirs])?
        .status
        .success()
    {
        return Ok(());
    }
    let behind = count(work, &format!("HEAD..{theirs}"))?;
    if behind == 0 {
        return Ok(());
    }
    let ahead = count(work, &format!("{theirs}..HEAD"))?;
    if ahead == 0 {
        git::run(Some(work), &["merge", "-q", "--ff-only", &theirs])?;
        return Ok(());
    }
    let base = git::run(Some(work), &["merge-base", "HEAD", &theirs])?;
    let both = both_changed(work, &base, "HEAD", &theirs)?;
    // Exit 1 means conflicts, resolved below; anything else is a failure.
    let out = git::output(
        Some(work),
        &["merge", "-q", "--no-ff", "--no-commit", &theirs],
    )?;
    if !out.status.success() && out.status.code() != Some(1) {
        return Err(git::failed(&["merge"], &out));
    }
    for file in &both {
        git::run(Some(work), &["checkout", &theirs, "--", file])?;
    }
    let unmerged = git::run(Some(work), &["diff", "--name-only", "--diff-filter=U"])?;
    for file in unmerged.lines() {
        if file == layout::PEOPLE_FILE {
            merge_people(work, &theirs)?;
            git::run(Some(work), &["add", "--", file])?;
        } else {
            git::run(Some(work), &["checkout", &theirs, "--", file])?;
        }
    }
    let message = format!("Warrant sync: merge {theirs}");
    git::run(
        Some(work),
        &with_identity(identity, &["commit", "-q", "--no-edit", "-m", &message]),
    )?;
    Ok(())
}

/// Contract files both `ours` and `theirs` changed since `base`, to
/// different contents.
fn both_changed(work: &Path, base: &str, ours: &str, theirs: &str) -> Result<Vec<String>, Error> {
    let changed = |from: &str, to: &str| -> Result<BTreeSet<String>, Error> {
        Ok(git::run(
            Some(work),
            &[
                "diff",
                "--name-only",
                "--no-renames",
                from,
                to,
                "--",
                layout::CONTRACTS_DIR,
            ],
        )?
        .lines()
        .map(str::to_string)
        .collect())
    };
    let ours_changed = changed(base, ours)?;
    let theirs_changed = changed(base, theirs)?;
    let differ = changed(ours, theirs)?;
    Ok(ours_changed
        .intersection(&theirs_changed)
        .filter(|f| differ.contains(*f))
        .cloned()
        .collect())
}

/// `people.yaml` edited on both sides: every person of either side, each
/// with the keys of both.
fn merge_people(work: &Path, theirs: &str) -> Result<(), Error> {
    let read = |rev: &str| -> Result<PeopleFile, Error> {
        let text = git::run(
            Some(work),
            &["show", &format!("{rev}:{}", layout::PEOPLE_FILE)],
        )?;
        let value = yaml::read(&text)
            .map_err(|e| Error::new(ErrorCode::Parse, format!("people.yaml: {e}")))?;
        from_value(layout::PEOPLE_FILE, value)
    };
    let mut merged = read(theirs)?;
    for person in read("HEAD")?.people {
        match merged
            .people
            .iter_mut()
            .find(|p| p.email.eq_ignore_ascii_case(&person.email))
        {
            Some(existing) => {
                for key in person.keys {
                    if !existing.keys.iter().any(|k| same_key(k, &key)) {
                        existing.keys.push(key);
                    }
                }
            }
            None => merged.people.push(person),
        }
    }
    write_yaml_file(&work.join(layout::PEOPLE_FILE), &merged)
}

/// One commit as the walk needs it.
struct CommitChanges {
    id: String,
    parents: Vec<String>,
    author: String,
    at: DateTime<Utc>,
    /// Contract files it writes, with their blob.
    contracts: Vec<(String, String)>,
    /// Record files it adds.
    records: Vec<String>,
}

/// The commits of `range` oldest first (parents before children), each
/// with the contract files it writes and the record files it adds.
fn commits(work: &Path, range: &str) -> Result<Vec<CommitChanges>, Error> {
    let out = git::run(
        Some(work),
        &[
            "log",
            "--reverse",
            "--topo-order",
            "--full-history",
            "-m",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "--format=%x01%H %P%x02%ae%x02%aI",
            range,
            "--",
            layout::CONTRACTS_DIR,
            layout::RECORDS_DIR,
        ],
    )?;
    let mut list: Vec<CommitChanges> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut current: Option<usize> = None;
    for line in out.lines() {
        if let Some(header) = line.strip_prefix('\u{1}') {
            let mut parts = header.split('\u{2}');
            let ids: Vec<&str> = parts.next().unwrap_or_default().split(' ').collect();
            let author = parts.next().unwrap_or_default().to_string();
            let at = parts
                .next()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(Utc::now);
            let id = ids[0].to_string();
            // With -m a merge is listed once per parent: one entry each.
            let at_index = *index.entry(id.clone()).or_insert_with(|| {
                list.push(CommitChanges {
                    id,
                    parents: ids[1..]
                        .iter()
                        .filter(|p| !p.is_empty())
                        .map(|p| p.to_string())
                        .collect(),
                    author,
                    at,
                    contracts: Vec::new(),
                    records: Vec::new(),
                });
                list.len() - 1
            });
            current = Some(at_index);
            continue;
        }
        let Some(raw) = line.strip_prefix(':') else {
            continue;
        };
        let Some(i) = current else { continue };
        let Some((meta, path)) = raw.split_once('\t') else {
            continue;
        };
        let fields: Vec<&str> = meta.split_whitespace().collect();
        let (Some(blob), Some(status)) = (fields.get(3), fields.get(4)) else {
            continue;
        };
        let commit = &mut list[i];
        if path.starts_with("contracts/")
            && path.ends_with(".yaml")
            && matches!(*status, "A" | "M" | "T")
        {
            if !commit.contracts.iter().any(|(p, b)| p == path && b == blob) {
                commit.contracts.push((path.to_string(), blob.to_string()));
            }
        } else if path.starts_with("records/")
            && *status == "A"
            && !commit.records.iter().any(|r| r == path)
        {
            commit.records.push(path.to_string());
        }
    }
    Ok(list)
}

/// `path -> blob` of the files under `dir` at `rev`.
fn tree(work: &Path, rev: &str, dir: &str) -> Result<HashMap<String, String>, Error> {
    let out = git::run(Some(work), &["ls-tree", "-r", rev, "--", dir])?;
    Ok(out
        .lines()
        .filter_map(|line| {
            let (meta, path) = line.split_once('\t')?;
            let blob = meta.split_whitespace().nth(2)?;
            Some((path.to_string(), blob.to_string()))
        })
        .collect())
}

fn contract_of(path: &str, bytes: &[u8]) -> Option<Contract> {
    let contract = warrant_core::format::parse_contract(path, bytes).ok()?;
    let stem = Path::new(path).file_stem()?.to_string_lossy().to_string();
    (stem == contract.id).then_some(contract)
}

/// What a record does in the registry.
fn act_of(record: &Record) -> TeamAct {
    use warrant_core::lifecycle::Action;
    let status = |action: Action| TeamAct::Status {
        action,
        note: record.body.note().to_string(),
    };
    match &record.body {
        Body::Review(f) => TeamAct::Review {
            decision: f.decision,
            comment: f.comment.clone(),
        },
        Body::Submit(_) => status(Action::Submit),
        Body::Launch(_) => status(Action::Launch),
        Body::Pause(_) => status(Action::Pause),
        Body::Resume(_) => status(Action::Resume),
        Body::Retire(_) => status(Action::Retire),
        Body::Discard(_) => status(Action::Discard),
        Body::Rollback(f) => TeamAct::Rollback {
            what: f.what.clone(),
        },
        Body::DryRun(f) => TeamAct::DryRun {
            run: warrant_core::registry::DryRunRecord {
                file_name: f.file_name.clone(),
                file_hash: f.file_sha256.clone(),
                row_count: f.rows,
                // A record carries the four outcome totals, not the per-rule
                // figures of the desk that ran it.
                counts: warrant_core::dryrun::DryRunCounts {
                    total: f.rows,
                    eligible: f.counts.eligible,
                    review: f.counts.review,
                    suppressed: f.counts.suppressed,
                    malformed: f.counts.malformed,
                    ..Default::default()
                },
            },
        },
        Body::PersonKey(_) => TeamAct::Key,
    }
}

/// A record file as a step: checked against the key ring, with what it
/// does, or refused with why (described as far as it can be read).
fn record_step(work: &Path, file: &str, ring: &crate::keyring::KeyRing) -> TeamStep {
    match crate::verify::check_record_file(work, file, ring) {
        Ok((record, digest)) => TeamStep::Record {
            row: TeamRecordRow {
                file: file.to_string(),
                digest,
                subject: record.subject.clone(),
                kind: record.kind().as_str().to_string(),
                signer: record.by.clone(),
                at: record.at,
                content_sha256: record.content_sha256.clone(),
                outcome: warrant_core::registry::TeamRecordOutcome::Applied,
                reason: None,
            },
            act: Some(act_of(&record)),
        },
        Err(reason) => {
            let value = yaml::read_file(&work.join(file))
                .ok()
                .and_then(|text| yaml::read(&text).ok());
            let text = |key: &str| {
                value
                    .as_ref()
                    .and_then(|v| v.get(key))
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let folder = Path::new(file)
                .parent()
                .and_then(|p| p.file_name())
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let subject = Some(text("contract"))
                .filter(|s| !s.is_empty())
                .or_else(|| Some(text("person")).filter(|s| !s.is_empty()))
                .unwrap_or(folder);
            TeamStep::Record {
                row: TeamRecordRow {
                    file: file.to_string(),
                    digest: value.as_ref().map(record_digest).unwrap_or_default(),
                    subject,
                    kind: Some(text("kind"))
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| "unknown".into()),
                    signer: Some(text("by"))
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| "unknown".into()),
                    at: DateTime::parse_from_rfc3339(&text("at"))
                        .map(|t| t.with_timezone(&Utc))
                        .unwrap_or_else(|_| Utc::now()),
                    content_sha256: text("content_sha256"),
                    outcome: warrant_core::registry::TeamRecordOutcome::Refused,
                    reason: Some(reason),
                },
                act: None,
            }
        }
    }
}

/// Everything the commits after `since` (all of them when `None`) up to
/// `head` bring, as steps in the order they are to be taken.
fn incoming(
    registry: &Registry,
    work: &Path,
    since: Option<&str>,
    head: &str,
) -> Result<Vec<TeamStep>, Error> {
    let mut steps = Vec::new();
    let people = PeopleFile::read(&work.join(layout::PEOPLE_FILE))?;
    for person in &people.people {
        if registry.person(&person.email)?.is_none() {
            steps.push(TeamStep::Person(Person {
                email: person.email.clone(),
                name: person.name.clone(),
                team: person.team.clone(),
                title: person.title.clone(),
            }));
        }
    }
    let range = match since {
        Some(old) => format!("{old}..{head}"),
        None => head.to_string(),
    };
    let list = commits(work, &range)?;
    let known = registry.team_record_files()?;
    let present: HashSet<String> = tree(work, head, layout::RECORDS_DIR)?.into_keys().collect();
    let latest = tree(work, head, layout::CONTRACTS_DIR)?;
    let ring = crate::verify::key_ring(work)?;

    // Every contract blob the walk needs, read in one go.
    let mut wanted: Vec<String> = Vec::new();
    let mut seen_blob = HashSet::new();
    for commit in &list {
        for (_, blob) in &commit.contracts {
            if seen_blob.insert(blob.clone()) {
                wanted.push(blob.clone());
            }
        }
    }
    let mut touched: BTreeSet<String> = list
        .iter()
        .flat_map(|c| c.contracts.iter().map(|(p, _)| p.clone()))
        .collect();
    if since.is_none() {
        touched.extend(latest.keys().cloned());
    }
    for path in &touched {
        if let Some(blob) = latest.get(path) {
            if seen_blob.insert(blob.clone()) {
                wanted.push(blob.clone());
            }
        }
    }
    let contents = git::blobs(work, &wanted)?;
    let by_blob: HashMap<&str, &Option<Vec<u8>>> = wanted
        .iter()
        .map(String::as_str)
        .zip(contents.iter())
        .collect();
    let parsed = |path: &str, blob: &str| -> Option<Contract> {
        by_blob
            .get(blob)
            .and_then(|b| b.as_deref())
            .and_then(|bytes| contract_of(path, bytes))
    };

    let mut queued: HashSet<String> = HashSet::new();
    for commit in &list {
        let versions: Vec<Contract> = commit
            .contracts
            .iter()
            .filter_map(|(path, blob)| parsed(path, blob))
            .collect();
        let new_hashes: HashSet<String> = versions.iter().map(content_sha256).collect();
        let mut records: Vec<TeamStep> = commit
            .records
            .iter()
            .filter(|f| present.contains(*f) && !known.contains(*f) && queued.insert((*f).clone()))
            .map(|f| record_step(work, f, &ring))
            .collect();
        records.sort_by_key(|step| match step {
            TeamStep::Record { row, .. } => (row.at, row.file.clone()),
            _ => (Utc::now(), String::new()),
        });
        let (after, before): (Vec<TeamStep>, Vec<TeamStep>) = records.into_iter().partition(|step| {
            matches!(step, TeamStep::Record { row, .. } if new_hashes.contains(&row.content_sha256))
        });
        steps.extend(before);
        for contract in versions {
            steps.push(TeamStep::Version {
                contract,
                by: commit.author.clone(),
                at: commit.at,
                commit: commit.id.clone(),
            });
        }
        steps.extend(after);
        if commit.parents.len() > 1 {
            for other in &commit.parents[1..] {
                let base = git::run(Some(work), &["merge-base", &commit.parents[0], other])?;
                for file in both_changed(work, &base, &commit.parents[0], other)? {
                    let id = Path::new(&file)
                        .file_stem()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .to_string();
                    steps.push(TeamStep::Conflict {
                        contract_id: id,
                        commit: commit.id.clone(),
                    });
                }
            }
        }
    }
    let head_commit = list.last();
    for path in &touched {
        let Some(contract) = latest.get(path).and_then(|blob| parsed(path, blob)) else {
            continue;
        };
        steps.push(TeamStep::Latest {
            contract,
            by: head_commit
                .map(|c| c.author.clone())
                .unwrap_or_else(|| "team".into()),
            at: head_commit.map(|c| c.at).unwrap_or_else(Utc::now),
            commit: head.to_string(),
        });
    }
    Ok(steps)
}
