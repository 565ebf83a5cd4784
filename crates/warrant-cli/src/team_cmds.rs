//! `warrant team …`: the team repository from a terminal (see
//! docs/team-repository.md). `verify` is what CI runs on a checkout (exit 0
//! all good, 1 any failure, 2 the repository cannot be read); `init`
//! publishes a registry as a new team repository and connects it, `join`
//! connects a new registry to one, `sync` exchanges versions and records
//! (exit 1 when the remote cannot be reached: local work is kept),
//! `status` says where the registry stands, `add-person` / `revoke-key`
//! sign key records, `resolve` closes a conflict. The work is done by
//! `warrant_team::sync` and `warrant_team::acting`, which the app calls too.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use warrant_core::registry::{Registry, TeamRecordOutcome};
use warrant_team::verify::{Failure, Report};

use crate::junit::escape;
use crate::terminal::{say, say_err};
use crate::{fail, Outcome};

#[derive(Subcommand)]
pub enum TeamCommand {
    /// Check a team repository checkout: every record's signature, and every
    /// contract's status and approvals against its records.
    ///
    /// Exit 0 when everything holds, 1 when anything fails (each failure
    /// names the file and why), 2 when the repository cannot be read.
    Verify {
        /// The checkout (default: the current folder).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
        /// Also write a JUnit XML report (one test case per contract).
        #[arg(long, value_name = "OUT.xml")]
        junit: Option<PathBuf>,
    },
    /// Start a team repository at URL (an empty bare repository, an empty
    /// or missing folder, or any URL git can push to) from this registry's
    /// people and contracts, with EMAIL's key as its founding key.
    ///
    /// Contracts are published as drafts: statuses reached in this registry
    /// were not signed, so the team reviews them again with signed records.
    Init {
        #[arg(long, value_name = "URL")]
        remote: String,
        #[arg(long)]
        name: String,
        /// The founder: a person in this registry, whose key signs.
        #[arg(long = "as", value_name = "EMAIL")]
        founder: String,
        /// Their OpenSSH ed25519 private key (default: $WARRANT_KEY); a
        /// passphrase is read from $WARRANT_KEY_PASSPHRASE.
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        #[command(flatten)]
        db: crate::DbArg,
    },
    /// Join the team repository at URL from a new, empty registry: every
    /// version of every contract, the people and the signed records come in.
    Join {
        url: String,
        /// Who you are in the team's people.yaml.
        #[arg(long = "as", value_name = "EMAIL")]
        email: String,
        /// Your OpenSSH ed25519 private key (or `agent`), already listed for
        /// you in people.yaml (default: $WARRANT_KEY).
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        #[command(flatten)]
        db: crate::DbArg,
    },
    /// Send this registry's new versions and signed records, and take in
    /// what others pushed. Exit 1 when the remote cannot be reached.
    Sync {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: crate::DbArg,
    },
    /// Where this registry stands: connected, remote, you, last sync,
    /// pending changes, conflicts, records that failed verification.
    Status {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: crate::DbArg,
    },
    /// Add a person to the team (or a key to someone already in it) by a
    /// record you sign.
    AddPerson {
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        team: String,
        #[arg(long, default_value = "")]
        title: String,
        /// Their OpenSSH public key file (`….pub`).
        #[arg(long, value_name = "FILE")]
        pubkey: PathBuf,
        /// Your signing key (default: $WARRANT_KEY, else the key named at init or join).
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        #[command(flatten)]
        db: crate::DbArg,
    },
    /// Revoke one of a person's keys by a record you sign: its later
    /// records count for nothing.
    RevokeKey {
        email: String,
        /// The OpenSSH public key file of the key to revoke.
        #[arg(long, value_name = "FILE")]
        pubkey: PathBuf,
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        #[command(flatten)]
        db: crate::DbArg,
    },
    /// Close a contract's conflict: you compared the versions (warrant
    /// show, the app's versions screen) and keep the current one, or
    /// --keep VERSION to save that version's content again first.
    Resolve {
        id: String,
        #[arg(long, value_name = "VERSION")]
        keep: Option<u32>,
        #[command(flatten)]
        db: crate::DbArg,
    },
}

pub fn run(command: TeamCommand) -> Outcome {
    match command {
        TeamCommand::Verify { dir, json, junit } => verify(&dir, json, junit.as_deref()),
        TeamCommand::Init {
            remote,
            name,
            founder,
            key,
            db,
        } => init(&remote, &name, &founder, key, &db.path()),
        TeamCommand::Join {
            url,
            email,
            key,
            db,
        } => join(&url, &email, key, &db.path()),
        TeamCommand::Sync { json, db } => sync(&db.path(), json),
        TeamCommand::Status { json, db } => status(&db.path(), json),
        TeamCommand::AddPerson {
            email,
            name,
            team,
            title,
            pubkey,
            key,
            db,
        } => {
            let person = warrant_team::TeamPerson {
                email,
                name,
                team,
                title,
                keys: Vec::new(),
            };
            add_person(&db.path(), &person, &pubkey, key)
        }
        TeamCommand::RevokeKey {
            email,
            pubkey,
            key,
            db,
        } => revoke_key(&db.path(), &email, &pubkey, key),
        TeamCommand::Resolve { id, keep, db } => resolve(&db.path(), &id, keep),
    }
}

/// The key named by `--key`, else `$WARRANT_KEY`, with the setting it is
/// kept under: an absolute path, or `agent`.
fn named_key(key: Option<&Path>) -> Option<PathBuf> {
    key.map(Path::to_path_buf)
        .or_else(|| std::env::var_os("WARRANT_KEY").map(PathBuf::from))
}

fn load_named(path: &Path, email: &str, work: &Path) -> Result<warrant_team::SigningKey, Outcome> {
    let passphrase = std::env::var("WARRANT_KEY_PASSPHRASE").ok();
    if path == Path::new(warrant_team::sync::AGENT) {
        let connection = warrant_core::registry::TeamConnection {
            team: String::new(),
            remote: String::new(),
            work_dir: work.to_string_lossy().into_owned(),
            email: email.to_string(),
            key: warrant_team::sync::AGENT.to_string(),
            last_sync_commit: None,
            last_sync_at: None,
        };
        return warrant_team::sync::configured_key(&connection, None).map_err(fail);
    }
    warrant_team::SigningKey::load(path, passphrase.as_deref()).map_err(fail)
}

/// The signing key of a team registry: `--key`, else `$WARRANT_KEY`, else
/// the key named at init or join (or ssh-agent's).
pub fn signing_key_for(
    key: Option<&Path>,
    connection: &warrant_core::registry::TeamConnection,
) -> Result<warrant_team::SigningKey, Outcome> {
    match named_key(key) {
        Some(path) => load_named(&path, &connection.email, Path::new(&connection.work_dir)),
        None => {
            let passphrase = std::env::var("WARRANT_KEY_PASSPHRASE").ok();
            warrant_team::sync::configured_key(connection, passphrase.as_deref()).map_err(fail)
        }
    }
}

/// The setting a key is kept under: `agent`, or the file's absolute path.
fn key_setting(path: &Path) -> String {
    if path == Path::new(warrant_team::sync::AGENT) {
        return warrant_team::sync::AGENT.to_string();
    }
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

fn open_connected(
    db: &Path,
) -> Result<(Registry, warrant_core::registry::TeamConnection), Outcome> {
    let registry =
        Registry::open_existing(db).map_err(|e| fail(format!("{}: {e}", db.display())))?;
    match registry.team_connection() {
        Ok(Some(connection)) => Ok((registry, connection)),
        Ok(None) => Err(fail(
            "this registry is not connected to a team repository; start one with `warrant team init` or join one with `warrant team join`",
        )),
        Err(e) => Err(fail(e)),
    }
}

fn join(url: &str, email: &str, key: Option<PathBuf>, db: &Path) -> Outcome {
    let Some(key_path) = named_key(key.as_deref()) else {
        return fail("name your signing key with --key FILE (or agent) or WARRANT_KEY=FILE");
    };
    let work = warrant_team::sync::work_dir_for(db);
    let mut registry = match Registry::open(db) {
        Ok(registry) => registry,
        Err(e) => return fail(format!("{}: {e}", db.display())),
    };
    let signer = if key_path == Path::new(warrant_team::sync::AGENT) {
        // ssh-agent's key is found among the person's keys once the
        // repository is cloned.
        None
    } else {
        match load_named(&key_path, email, &work) {
            Ok(signer) => Some(signer),
            Err(outcome) => return outcome,
        }
    };
    match warrant_team::sync::join(
        &mut registry,
        url,
        email,
        signer.as_ref(),
        &key_setting(&key_path),
        &work,
    ) {
        Ok(report) => {
            say!("Joined {url} as {email} (working copy {}).", work.display());
            print_sync(&report);
            Outcome::Ok
        }
        Err(e) => fail(e),
    }
}

fn print_sync(report: &warrant_team::sync::TeamSyncReport) {
    let applied = &report.applied;
    let refused: Vec<_> = applied
        .records
        .iter()
        .filter(|r| r.outcome == TeamRecordOutcome::Refused)
        .collect();
    if let Some(why) = &report.offline {
        say!("Offline: {why}");
        say!("Local work is kept; the next `warrant team sync` sends it.");
    }
    say!(
        "Out: {} version(s), {} signed record(s){}. In: {} version(s), {} record(s) ({} refused), {} person(s). Took {} ms.",
        report.versions_out,
        report.records_out,
        if report.pushed { ", pushed" } else { "" },
        applied.versions_in.len(),
        applied.records.len(),
        refused.len(),
        applied.people_added.len(),
        report.took_ms
    );
    for record in refused {
        say!(
            "  refused {}: {}",
            record.file,
            record.reason.as_deref().unwrap_or_default()
        );
    }
    for conflict in &applied.conflicts {
        say!(
            "  conflict: {} was edited on two desktops; compare versions {} and resolve it (warrant team resolve {})",
            conflict.contract_id,
            conflict
                .versions
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            conflict.contract_id
        );
    }
    if let Some(commit) = &report.commit {
        say!("At commit {}.", &commit[..commit.len().min(12)]);
    }
}

fn sync(db: &Path, json: bool) -> Outcome {
    let (mut registry, _) = match open_connected(db) {
        Ok(found) => found,
        Err(outcome) => return outcome,
    };
    match warrant_team::sync::sync(&mut registry) {
        Ok(report) => {
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).expect("the report serializes")
                );
            } else {
                print_sync(&report);
            }
            if report.offline.is_some() {
                Outcome::NotReady
            } else {
                Outcome::Ok
            }
        }
        Err(e) => fail(e),
    }
}

fn status(db: &Path, json: bool) -> Outcome {
    let registry = match Registry::open_existing(db) {
        Ok(registry) => registry,
        Err(e) => return fail(format!("{}: {e}", db.display())),
    };
    let status = match warrant_team::sync::status(&registry) {
        Ok(status) => status,
        Err(e) => return fail(e),
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&status).expect("the status serializes")
        );
        return Outcome::Ok;
    }
    let Some(connection) = &status.connection else {
        say!("Not connected to a team repository.");
        return Outcome::Ok;
    };
    say!("Team \"{}\" at {}", connection.team, connection.remote);
    say!("You: {} (key: {})", connection.email, connection.key);
    match (&connection.last_sync_commit, connection.last_sync_at) {
        (Some(commit), Some(at)) => say!(
            "Last sync: {} at commit {}",
            at.format("%Y-%m-%d %H:%M UTC"),
            &commit[..commit.len().min(12)]
        ),
        _ => say!("Last sync: never"),
    }
    say!(
        "Pending: {} version(s), {} signed record(s), {} commit(s) not pushed",
        status.pending.versions,
        status.pending.records,
        status.pending.commits
    );
    if status.conflicts.is_empty() {
        say!("Conflicts: none");
    }
    for conflict in &status.conflicts {
        say!(
            "Conflict: {} (versions {}): compare them and resolve it (warrant team resolve {})",
            conflict.contract_id,
            conflict
                .versions
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            conflict.contract_id
        );
    }
    if status.refused.is_empty() {
        say!("Records that failed verification: none");
    }
    for record in &status.refused {
        say!(
            "Failed verification: {}: {}",
            record.file,
            record.reason.as_deref().unwrap_or_default()
        );
    }
    Outcome::Ok
}

fn read_pubkey(path: &Path) -> Result<String, Outcome> {
    std::fs::read_to_string(path)
        .map(|t| t.trim().to_string())
        .map_err(|e| {
            fail(format!(
                "cannot read the public key {}: {e}",
                path.display()
            ))
        })
}

fn add_person(
    db: &Path,
    person: &warrant_team::TeamPerson,
    pubkey: &Path,
    key: Option<PathBuf>,
) -> Outcome {
    let run = || -> Result<Outcome, Outcome> {
        let (mut registry, connection) = open_connected(db)?;
        let line = read_pubkey(pubkey)?;
        let signer = signing_key_for(key.as_deref(), &connection)?;
        let row = warrant_team::acting::add_person(&mut registry, &signer, person, &line)
            .map_err(fail)?;
        say!(
            "Added {}'s key, signed by {} as {} (goes out with the next `warrant team sync`).",
            person.email,
            connection.email,
            row.file
        );
        Ok(Outcome::Ok)
    };
    run().unwrap_or_else(|outcome| outcome)
}

fn revoke_key(db: &Path, email: &str, pubkey: &Path, key: Option<PathBuf>) -> Outcome {
    let run = || -> Result<Outcome, Outcome> {
        let (mut registry, connection) = open_connected(db)?;
        let line = read_pubkey(pubkey)?;
        let signer = signing_key_for(key.as_deref(), &connection)?;
        let row =
            warrant_team::acting::revoke_key(&mut registry, &signer, email, &line).map_err(fail)?;
        say!(
            "Revoked the key of {email}, signed by {} as {} (goes out with the next `warrant team sync`).",
            connection.email,
            row.file
        );
        Ok(Outcome::Ok)
    };
    run().unwrap_or_else(|outcome| outcome)
}

fn resolve(db: &Path, id: &str, keep: Option<u32>) -> Outcome {
    let run = || -> Result<Outcome, Outcome> {
        let (mut registry, connection) = open_connected(db)?;
        if let Some(version) = keep {
            let stored = registry.version(id, version).map_err(fail)?;
            registry
                .save_contract(&stored.contract, &connection.email)
                .map_err(fail)?;
        }
        let closed = registry
            .resolve_team_conflict(id, &connection.email)
            .map_err(fail)?;
        let current = registry.contract(id).map_err(fail)?.version;
        say!("{id}: {closed} conflict(s) resolved; version {current} is the one kept (it goes out with the next `warrant team sync`).");
        Ok(Outcome::Ok)
    };
    run().unwrap_or_else(|outcome| outcome)
}

fn init(remote: &str, name: &str, founder: &str, key: Option<PathBuf>, db: &Path) -> Outcome {
    let Some(key_path) = named_key(key.as_deref()) else {
        return fail("name the signing key with --key FILE or WARRANT_KEY=FILE");
    };
    let work = warrant_team::sync::work_dir_for(db);
    let signer = match load_named(&key_path, founder, &work) {
        Ok(signer) => signer,
        Err(outcome) => return outcome,
    };
    let mut registry = match Registry::open(db) {
        Ok(registry) => registry,
        Err(e) => return fail(format!("{}: {e}", db.display())),
    };
    let started = warrant_team::sync::init(
        &mut registry,
        remote,
        name,
        founder,
        &signer,
        &key_setting(&key_path),
        &work,
    );
    match started {
        Ok(started) => {
            say!(
                "Started the team repository \"{name}\" at {remote}: {} people, {} contracts (commit {}).",
                started.people,
                started.contracts,
                &started.commit[..started.commit.len().min(12)]
            );
            say!("Founding key: {} for {founder}.", started.founding_key);
            say!("Working copy: {}.", work.display());
            say!("Contracts start there as drafts: submit and review them with signed records.");
            Outcome::Ok
        }
        Err(e) => fail(e),
    }
}

fn verify(dir: &Path, json: bool, junit_out: Option<&Path>) -> Outcome {
    let report = match warrant_team::verify(dir) {
        Ok(report) => report,
        Err(e) => {
            if let Some(out) = junit_out {
                // CI still gets a report saying why nothing was checked.
                let xml = unreadable_junit(&e.message);
                if let Err(write_error) = std::fs::write(out, xml) {
                    say_err!("warrant: cannot write {}: {write_error}", out.display());
                }
            }
            return fail(e);
        }
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("the report serializes")
        );
    } else {
        print_report(&report);
    }
    if let Some(out) = junit_out {
        if let Err(e) = std::fs::write(out, junit_report(&report)) {
            return fail(format!("cannot write {}: {e}", out.display()));
        }
    }
    if report.ok() {
        Outcome::Ok
    } else {
        Outcome::NotReady
    }
}

fn print_report(report: &Report) {
    say!(
        "Team repository \"{}\": {} records, {} contracts.",
        report.team,
        report.records_checked,
        report.contracts.len()
    );
    for contract in &report.contracts {
        let running = match &contract.running {
            Some(running) => format!(
                " · running: {} on content {}",
                running.status.as_str(),
                &running.content_sha256[..12]
            ),
            None => String::new(),
        };
        say!(
            "  {}: {}{running} ({} of {} records valid)",
            contract.id,
            contract.status.as_str(),
            contract.valid_records,
            contract.records
        );
    }
    if report.failures.is_empty() {
        say!("Everything verifies.");
    } else {
        say!("{} failure(s):", report.failures.len());
        for Failure { file, reason } in &report.failures {
            say!("  {file}: {reason}");
        }
    }
}

/// The failures that concern one contract: its file and its records.
fn failures_of<'r>(report: &'r Report, id: &str, file: &str) -> Vec<&'r Failure> {
    let records = format!("records/{}/", warrant_team::layout::file_safe(id));
    report
        .failures
        .iter()
        .filter(|f| f.file == file || f.file.starts_with(&records))
        .collect()
}

/// JUnit XML shaped like `warrant check --junit`: one test case per
/// contract (failed when its file or any of its records fails), and one per
/// other file that fails (people.yaml, a stray record).
fn junit_report(report: &Report) -> String {
    let mut cases = String::new();
    let mut failed = 0;
    let mut counted: Vec<&Failure> = Vec::new();
    for contract in &report.contracts {
        let failures = failures_of(report, &contract.id, &contract.file);
        let _ = write!(
            cases,
            "  <testcase classname=\"{}\" name=\"{}\">",
            escape(&contract.file),
            escape(&contract.id)
        );
        if !failures.is_empty() {
            failed += 1;
            let body: String = failures
                .iter()
                .map(|f| format!("{}: {}\n", f.file, f.reason))
                .collect();
            let _ = write!(
                cases,
                "<failure message=\"{}\">{}</failure>",
                escape(&format!("{} failure(s)", failures.len())),
                escape(&body)
            );
        }
        cases.push_str("</testcase>\n");
        counted.extend(failures);
    }
    let others: Vec<&Failure> = report
        .failures
        .iter()
        .filter(|f| !counted.iter().any(|c| std::ptr::eq(*c, *f)))
        .collect();
    for failure in &others {
        failed += 1;
        let _ = writeln!(
            cases,
            "  <testcase classname=\"{}\" name=\"{}\"><failure message=\"{}\"/></testcase>",
            escape(&failure.file),
            escape(&failure.file),
            escape(&failure.reason)
        );
    }
    let tests = report.contracts.len() + others.len();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites><testsuite name=\"warrant team verify\" tests=\"{tests}\" failures=\"{failed}\" errors=\"0\">\n{cases}</testsuite></testsuites>\n"
    )
}

fn unreadable_junit(message: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites><testsuite name=\"warrant team verify\" tests=\"1\" failures=\"0\" errors=\"1\">\n  <testcase classname=\"repository\" name=\"read\"><error message=\"{}\"/></testcase>\n</testsuite></testsuites>\n",
        escape(message)
    )
}
