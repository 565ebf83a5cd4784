//! `warrant team …`: the team repository from a terminal (see
//! docs/team-repository.md). `verify` is what CI runs on a checkout (exit 0
//! all good, 1 any failure, 2 the repository cannot be read); `init`
//! publishes a registry as a new team repository.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
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
    }
}

fn signing_key(key: Option<PathBuf>) -> Result<warrant_team::SigningKey, Outcome> {
    let Some(path) = key.or_else(|| std::env::var_os("WARRANT_KEY").map(PathBuf::from)) else {
        return Err(fail(
            "name the signing key with --key FILE or WARRANT_KEY=FILE",
        ));
    };
    let passphrase = std::env::var("WARRANT_KEY_PASSPHRASE").ok();
    warrant_team::SigningKey::load(&path, passphrase.as_deref()).map_err(fail)
}

fn init(remote: &str, name: &str, founder: &str, key: Option<PathBuf>, db: &Path) -> Outcome {
    let key = match signing_key(key) {
        Ok(key) => key,
        Err(outcome) => return outcome,
    };
    let registry = match warrant_core::registry::Registry::open(db) {
        Ok(registry) => registry,
        Err(e) => return fail(format!("{}: {e}", db.display())),
    };
    let read = || -> warrant_core::Result<_> {
        let people: Vec<warrant_team::TeamPerson> = registry
            .people()?
            .into_iter()
            .map(|p| warrant_team::TeamPerson {
                email: p.email,
                name: p.name,
                team: p.team,
                title: p.title,
                keys: Vec::new(),
            })
            .collect();
        let listed = registry.list(&Default::default(), chrono::Utc::now())?;
        let contracts = listed
            .iter()
            .map(|summary| registry.contract(&summary.id).map(|stored| stored.contract))
            .collect::<warrant_core::Result<Vec<_>>>()?;
        Ok((people, contracts))
    };
    let (people, contracts) = match read() {
        Ok(read) => read,
        Err(e) => return fail(e),
    };
    // The working copy only carries the first commit to the remote; it is
    // removed afterwards (joining and syncing clone the remote).
    let work = std::env::temp_dir().join(format!(
        "warrant-team-init-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    let started =
        warrant_team::start::start(remote, name, founder, &key, &people, &contracts, &work);
    let _ = std::fs::remove_dir_all(&work);
    match started {
        Ok(started) => {
            say!(
                "Started the team repository \"{name}\" at {remote}: {} people, {} contracts (commit {}).",
                started.people,
                started.contracts,
                &started.commit[..started.commit.len().min(12)]
            );
            say!("Founding key: {} for {founder}.", started.founding_key);
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
