//! `warrant`: the command line over the same core the app uses.
//!
//! Two audiences: analytics engineers who run `warrant check` on contract
//! files in CI (no registry involved), and RevOps leads who script the
//! registry (`init`, `import`, `export`, `list`, `show`, `people`).
//!
//! Exit status is an interface (`docs/cli.md`): 0 = every contract ready / command
//! succeeded, 1 = some contract not ready, 2 = a file could not be read or
//! parsed, or the command failed.
//!
//! A library with one entry point, [`main`], which this crate's `warrant`
//! binary calls: the Debian package installs that binary as
//! `/usr/bin/warrant`, beside the app (ARCHITECTURE.md, "Two executables,
//! one package", says why it is not a mode of the app's executable).

mod backup_cmds;
mod check;
mod dryrun_cmd;
mod junit;
mod lifecycle_cmds;
mod registry_cmds;
mod team_cmds;
mod terminal;
mod worksheet_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue};
use clap::{Parser, Subcommand, ValueEnum};
use warrant_core::lifecycle::{Action, ReviewDecision};
use warrant_core::model::{Authority, Status};
use warrant_core::readiness::Verdict;

#[derive(Parser)]
#[command(
    name = "warrant",
    version,
    about = "Keep and check AI activation contracts for revenue workflows",
    after_help = "Reference, in the project's docs/ folder: cli.md (commands, exit codes, JSON output), \
file-format.md (warrant/v1 files), readiness-rules.md (every rule and what to write down), \
dry-run.md (how sample records are read and decided)."
)]
struct Cli {
    /// Registry file, for the commands that use one; may stand before or
    /// after the command. Default: $WARRANT_DB, else the app's own registry.
    #[arg(long = "db", value_name = "PATH", global = true)]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check contract files against the readiness rules (docs/readiness-rules.md).
    ///
    /// Exit 0 when every contract is ready, 1 when any is not, 2 when a file
    /// cannot be read or parsed.
    Check {
        /// Contract files (YAML or JSON) or folders holding them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON object per contract, in a JSON array.
        #[arg(long)]
        json: bool,
        /// Also write a JUnit XML report (one test case per contract).
        #[arg(long, value_name = "OUT.xml")]
        junit: Option<PathBuf>,
        /// Check as of this time (RFC 3339) instead of now; affects freshness (R3).
        #[arg(long, value_name = "RFC3339")]
        at: Option<String>,
    },
    /// Print the JSON Schema of the warrant/v1 file format.
    Schema,
    /// Work with a team repository: contracts and signed records in git.
    Team {
        #[command(subcommand)]
        command: team_cmds::TeamCommand,
    },
    /// Create a registry holding the example contracts (the templates are a
    /// library, listed by `warrant templates`).
    ///
    /// Only `init` creates a registry file; every other command refuses a
    /// path where there is none.
    Init {
        /// Create it with no contracts or people.
        #[arg(long)]
        empty: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// List the template library: one template per workflow category.
    Templates {
        /// Print the templates as a JSON array of contracts.
        #[arg(long)]
        json: bool,
    },
    /// Start a new draft contract from a template, with an id derived from
    /// its title.
    New {
        /// The template: `rep-alerts`, `template-rep-alerts` or its category
        /// (`rep_alerts`); see `warrant templates`.
        #[arg(long, value_name = "TEMPLATE")]
        template: String,
        /// The contract's title (not the template's).
        #[arg(long)]
        title: String,
        /// The id, when not the one derived from the title.
        #[arg(long)]
        id: Option<String>,
        /// Print what was saved as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        actor: ActorArg,
    },
    /// Import contract files into the registry: all of them or none.
    Import {
        /// Files (YAML or JSON) or folders holding them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        actor: ActorArg,
    },
    /// Write contracts from the registry as warrant/v1 files.
    Export {
        /// Contract ids; all contracts when none are given.
        ids: Vec<String>,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = FileFormat::Yaml)]
        format: FileFormat,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        actor: ActorArg,
    },
    /// List the registry's contracts with their readiness.
    List {
        #[arg(long)]
        json: bool,
        #[arg(long, value_name = "STATUS", value_parser = one_of(Status::ALL, Status::as_str, |v, all| {
            format!("--status {v:?} is not one of {all}")
        }))]
        status: Option<Status>,
        #[arg(long, value_name = "LEVEL", value_parser = one_of(Authority::ALL, Authority::as_str, |v, all| {
            format!("--authority {v:?} is not one of {all}")
        }))]
        authority: Option<Authority>,
        #[arg(long, value_name = "VERDICT", value_parser = one_of(Verdict::ALL, Verdict::as_str, |v, all| {
            format!("--verdict {v:?} is not one of {all}")
        }))]
        verdict: Option<Verdict>,
        /// Full-text search over id, title, descriptions, sources, owners, suppression rules.
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// Only contracts past their next review date.
        #[arg(long)]
        overdue: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Show one contract and its readiness.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Run a contract over sample records: eligible, review or suppressed, and why (docs/dry-run.md).
    ///
    /// A contract id is read from the registry and the run is kept in its history;
    /// a contract file is only evaluated.
    Dryrun {
        /// Contract id in the registry, or a contract file (YAML or JSON).
        contract: String,
        /// Sample records: CSV with a header row, or JSON lines (.jsonl, .ndjson).
        #[arg(long, value_name = "FILE")]
        records: PathBuf,
        /// Print the result as one JSON object.
        #[arg(long)]
        json: bool,
        /// Counts only, without the per-record table.
        #[arg(long)]
        summary: bool,
        /// In a team registry: the signing key (OpenSSH private key, or `agent`);
        /// default: $WARRANT_KEY, else the key named at init or join.
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        actor: ActorArg,
    },
    /// Review the current version of a contract: approve it or ask for changes.
    ///
    /// Approval is a review: once the business owner and the data owner have
    /// both approved the current version (and it is ready), the contract is approved.
    Review {
        id: String,
        /// Who is reviewing (someone in the people list); default: the app's "acting as".
        #[arg(long = "as", value_name = "EMAIL")]
        actor: Option<String>,
        /// approve or request_changes.
        #[arg(long, value_name = "DECISION", value_parser = one_of(ReviewDecision::ALL, ReviewDecision::as_str, |v, all| {
            format!("--decision {v:?} is not one of {all}")
        }))]
        decision: ReviewDecision,
        /// Required when requesting changes.
        #[arg(long, value_name = "TEXT", default_value = "")]
        comment: String,
        /// In a team registry: the signing key (OpenSSH private key, or `agent`);
        /// default: $WARRANT_KEY, else the key named at init or join.
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        #[command(flatten)]
        db: DbArg,
    },
    /// List the reviews of a contract, every version.
    Reviews {
        id: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Move a contract through its lifecycle: submit, launch, pause, resume, retire.
    Status {
        id: String,
        /// submit, launch, pause, resume, retire or discard (drops a pending version).
        #[arg(value_parser = one_of(Action::ALL, Action::as_str, |v, all| {
            format!("{v:?} is not a lifecycle action; use one of {all}")
        }))]
        action: Action,
        /// Who is acting (someone in the people list); default: the app's "acting as".
        #[arg(long = "as", value_name = "EMAIL")]
        actor: Option<String>,
        /// Why (pause, retire, discard) or a comment (resume).
        #[arg(long, alias = "comment", value_name = "TEXT", default_value = "")]
        reason: String,
        /// In a team registry: the signing key (OpenSSH private key, or `agent`);
        /// default: $WARRANT_KEY, else the key named at init or join.
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        #[command(flatten)]
        db: DbArg,
    },
    /// Record that a workflow's effects were reverted: what, who, when.
    Rollback {
        id: String,
        /// What was reverted and how.
        #[arg(long, value_name = "TEXT")]
        what: String,
        #[arg(long = "as", value_name = "EMAIL")]
        actor: Option<String>,
        /// In a team registry: the signing key (OpenSSH private key, or `agent`);
        /// default: $WARRANT_KEY, else the key named at init or join.
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        #[command(flatten)]
        db: DbArg,
    },
    /// The audit trail: read it, or check that nothing in it was altered.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Copy the registry to FILE: one consistent snapshot, safe while the app is writing.
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        db: DbArg,
    },
    /// Replace the registry with a backup, after checking it; the current file is kept aside.
    Restore {
        /// A backup made by `warrant backup` or the app (in <registry folder>/backups/).
        file: PathBuf,
        #[command(flatten)]
        db: DbArg,
    },
    /// Print the worksheet PDF: blank, or filled from one contract.
    Worksheet {
        /// Contract id in the registry, or a contract file (YAML or JSON).
        contract: Option<String>,
        /// The empty worksheet to fill in by hand, instead of a contract.
        #[arg(long)]
        blank: bool,
        #[arg(long, value_name = "X.pdf")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = PaperArg::A4)]
        paper: PaperArg,
        #[command(flatten)]
        db: DbArg,
    },
    /// The registry's people list.
    People {
        #[command(subcommand)]
        command: PeopleCommand,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Print the events, oldest first; only one contract's when ID is given.
    Log {
        id: Option<String>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Check the hash chain. Exit 0 intact, 1 tampered (naming the first bad event), 2 error.
    Verify {
        /// A head printed by an earlier `warrant export` (HASH:COUNT); also
        /// detects the newest events being cut off.
        #[arg(long, value_name = "HASH:COUNT")]
        head: Option<String>,
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Subcommand)]
enum PeopleCommand {
    /// List people.
    List {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Add a person.
    Add {
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        team: String,
        #[arg(long, default_value = "")]
        title: String,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        actor: ActorArg,
    },
}

#[derive(clap::Args)]
struct DbArg {
    /// Registry file; default: $WARRANT_DB, else the app's own registry.
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
}

impl DbArg {
    fn path(&self) -> PathBuf {
        self.db
            .clone()
            .unwrap_or_else(warrant_core::paths::default_registry_path)
    }
}

#[derive(clap::Args)]
struct ActorArg {
    /// Who is making the change (stamped on versions and the audit trail).
    #[arg(long = "as", value_name = "EMAIL")]
    actor: Option<String>,
}

impl ActorArg {
    /// The explicit `--as`, which must name someone in the people list; else
    /// the registry's "acting as" person; else `cli:<login name>`, so the
    /// audit trail still says the change came from a terminal session.
    fn name(&self, db: &std::path::Path) -> Result<String, Outcome> {
        let registry = || warrant_core::registry::Registry::open(db).map_err(fail);
        if let Some(email) = &self.actor {
            if !db.exists() {
                return Ok(email.trim().to_string());
            }
            return match registry()?.person(email).map_err(fail)? {
                Some(person) => Ok(person.email),
                None => Err(fail(format!(
                    "--as {email}: nobody with that e-mail is in the people list. \
                     Add them with `warrant people add {email} --name NAME`, or act as someone who is."
                ))),
            };
        }
        if db.exists() {
            if let Ok(person) = registry()?.acting_as() {
                return Ok(person);
            }
        }
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_default();
        Ok(format!(
            "cli:{}",
            if user.is_empty() { "terminal" } else { &user }
        ))
    }

    /// Who an import is stamped with: `--as`, else the acting person. A
    /// terminal session name is accepted only while the people list is empty
    /// (a registry made with `init --empty`): once there are people, an
    /// import says which of them brought the contracts in.
    fn importer(&self, db: &std::path::Path) -> Result<String, Outcome> {
        if self.actor.is_none() && db.exists() {
            let registry = warrant_core::registry::Registry::open(db).map_err(fail)?;
            if let Ok(person) = registry.acting_as() {
                return Ok(person);
            }
            if !registry.people().map_err(fail)?.is_empty() {
                return Err(fail(
                    "say who is importing: --as EMAIL (someone in the people list), \
                     or choose who is acting in the app first",
                ));
            }
        }
        self.name(db)
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum PaperArg {
    A4,
    Letter,
}

#[derive(Clone, Copy, ValueEnum)]
enum FileFormat {
    Yaml,
    Json,
}

/// How a command ended, mapped onto the documented exit codes.
pub enum Outcome {
    Ok,
    NotReady,
    Failed,
}

/// Runs the command named by this process's arguments and returns its exit
/// status (`docs/cli.md`).
pub fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => match e.get(ContextKind::Custom) {
            // A word `one_of` refused: said like the commands' own refusals
            // (`warrant: …`, exit code 2), not in clap's format.
            Some(ContextValue::String(refusal)) => return exit_code(fail(refusal)),
            _ => e.exit(),
        },
    };
    let outcome = match cli.command {
        Command::Check {
            files,
            json,
            junit,
            at,
        } => check::run(&files, json, junit.as_deref(), at.as_deref()),
        Command::Team { command } => team_cmds::run(command),
        Command::Schema => {
            print!("{}", warrant_core::format::schema_json());
            Outcome::Ok
        }
        Command::Init { empty, db } => registry_cmds::init(&db.path(), empty),
        Command::Templates { json } => registry_cmds::templates(json),
        Command::New {
            template,
            title,
            id,
            json,
            db,
            actor,
        } => match actor.name(&db.path()) {
            Ok(actor) => registry_cmds::new_from_template(
                &db.path(),
                &template,
                &title,
                id.as_deref(),
                json,
                &actor,
            ),
            Err(refused) => refused,
        },
        Command::Import { files, db, actor } => match actor.importer(&db.path()) {
            Ok(actor) => registry_cmds::import(&db.path(), &files, &actor),
            Err(refused) => refused,
        },
        Command::Export {
            ids,
            out,
            format,
            db,
            actor,
        } => match actor.name(&db.path()) {
            Ok(actor) => registry_cmds::export(
                &db.path(),
                &ids,
                &out,
                matches!(format, FileFormat::Json),
                &actor,
            ),
            Err(refused) => refused,
        },
        Command::List {
            json,
            status,
            authority,
            verdict,
            search,
            overdue,
            db,
        } => registry_cmds::list(
            &db.path(),
            json,
            registry_cmds::ListFilters {
                status,
                authority,
                verdict,
                search,
                overdue,
            },
        ),
        Command::Review {
            id,
            actor,
            decision,
            comment,
            key,
            db,
        } => lifecycle_cmds::review(
            &db.path(),
            &id,
            actor.as_deref(),
            decision,
            &comment,
            key.as_deref(),
        ),
        Command::Reviews { id, json, db } => lifecycle_cmds::list_reviews(&db.path(), &id, json),
        Command::Status {
            id,
            action,
            actor,
            reason,
            key,
            db,
        } => lifecycle_cmds::status(
            &db.path(),
            &id,
            action,
            actor.as_deref(),
            &reason,
            key.as_deref(),
        ),
        Command::Rollback {
            id,
            what,
            actor,
            key,
            db,
        } => lifecycle_cmds::rollback(&db.path(), &id, actor.as_deref(), &what, key.as_deref()),
        Command::Audit { command } => match command {
            AuditCommand::Log { id, json, db } => {
                lifecycle_cmds::audit_log(&db.path(), id.as_deref(), json)
            }
            AuditCommand::Verify { head, db } => {
                lifecycle_cmds::audit_verify(&db.path(), head.as_deref())
            }
        },
        Command::Show { id, json, db } => registry_cmds::show(&db.path(), &id, json),
        Command::Dryrun {
            contract,
            records,
            json,
            summary,
            key,
            db,
            actor,
        } => match actor.name(&db.path()) {
            Ok(name) => dryrun_cmd::dryrun(&dryrun_cmd::DryRunArgs {
                target: &contract,
                records: &records,
                json,
                summary,
                db: &db.path(),
                actor: &name,
                asked_as: actor.actor.as_deref(),
                key: key.as_deref(),
            }),
            Err(refused) => refused,
        },
        Command::Backup { out, db } => backup_cmds::backup(&db.path(), &out),
        Command::Restore { file, db } => backup_cmds::restore(&db.path(), &file),
        Command::Worksheet {
            contract,
            blank,
            out,
            paper,
            db,
        } => worksheet_cmd::worksheet(&worksheet_cmd::WorksheetArgs {
            blank,
            target: contract.as_deref(),
            out: &out,
            paper: match paper {
                PaperArg::A4 => warrant_pdf::Paper::A4,
                PaperArg::Letter => warrant_pdf::Paper::Letter,
            },
            db: &db.path(),
        }),
        Command::People { command } => match command {
            PeopleCommand::List { json, db } => registry_cmds::people_list(&db.path(), json),
            PeopleCommand::Add {
                email,
                name,
                team,
                title,
                db,
                actor,
            } => {
                let person = warrant_core::model::Person {
                    email,
                    name,
                    team,
                    title,
                };
                match actor.name(&db.path()) {
                    Ok(actor) => registry_cmds::people_add(&db.path(), &person, &actor),
                    Err(refused) => refused,
                }
            }
        },
    };
    exit_code(outcome)
}

fn exit_code(outcome: Outcome) -> ExitCode {
    match outcome {
        Outcome::Ok => ExitCode::SUCCESS,
        Outcome::NotReady => ExitCode::from(1),
        Outcome::Failed => ExitCode::from(2),
    }
}

/// `warrant list | head` should end quietly when `head` stops reading, as
/// other Unix tools do, instead of panicking on a broken pipe (Rust ignores
/// SIGPIPE by default).
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; resetting
    // a signal disposition to its default has no other precondition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Prints an error the way every command does and returns the failure outcome.
pub fn fail(message: impl std::fmt::Display) -> Outcome {
    terminal::say_err!("warrant: {message}");
    Outcome::Failed
}

/// A clap parser for one of the core's enums, from its one spelling (`ALL`
/// and `as_str`): it takes exactly those words, lists them in `--help`, and
/// refuses anything else with `refusal(value, "word, word, …")`, which `main`
/// prints as `warrant: …` with exit code 2.
fn one_of<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    word: fn(T) -> &'static str,
    refusal: fn(&str, &str) -> String,
) -> OneOf<T> {
    OneOf { all, word, refusal }
}

#[derive(Clone)]
struct OneOf<T: 'static> {
    all: &'static [T],
    word: fn(T) -> &'static str,
    refusal: fn(&str, &str) -> String,
}

impl<T: Copy + Send + Sync + 'static> clap::builder::TypedValueParser for OneOf<T> {
    type Value = T;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        self.all
            .iter()
            .copied()
            .find(|v| (self.word)(*v) == text)
            .ok_or_else(|| {
                let words: Vec<&str> = self.all.iter().map(|v| (self.word)(*v)).collect();
                // Carried to `main`, which prints it; see there.
                let mut error = clap::Error::new(clap::error::ErrorKind::InvalidValue);
                error.insert(
                    ContextKind::Custom,
                    ContextValue::String((self.refusal)(&text, &words.join(", "))),
                );
                error
            })
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            self.all
                .iter()
                .map(|v| clap::builder::PossibleValue::new((self.word)(*v))),
        ))
    }
}
