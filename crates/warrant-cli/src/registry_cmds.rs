//! The registry commands: `init`, `templates`, `new`, `import`, `export`,
//! `list`, `show`, `people`.
//! Each opens the registry file, does one thing through the core, and prints
//! a plain report (or JSON with `--json`).

use crate::terminal::{aligned, say, say_err, say_part};
use std::path::{Path, PathBuf};

use chrono::Utc;
use warrant_core::format::to_yaml;
use warrant_core::model::{Authority, Person, Status};
use warrant_core::readiness::Verdict;
use warrant_core::registry::{
    read_import_files, ExportFormat, ImportReport, ListQuery, Registry, SaveOutcome,
};

use crate::check::{contract_files, human_report};
use crate::{fail, Outcome};

/// Creates the registry (and its folder) if needed: `init` only.
fn open_or_create(db: &Path) -> Result<Registry, Outcome> {
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| fail(format!("cannot create {}: {e}", dir.display())))?;
    }
    Registry::open(db).map_err(|e| fail(format!("{}: {e}", db.display())))
}

/// Every command but `init` works on a registry that exists.
fn open(db: &Path) -> Result<Registry, Outcome> {
    Registry::open_existing(db).map_err(|e| match e.code {
        warrant_core::ErrorCode::NotFound => fail(e),
        _ => fail(format!("{}: {e}", db.display())),
    })
}

/// Runs `f`, turning an early `Err(Outcome)` into that outcome.
fn guarded(f: impl FnOnce() -> Result<Outcome, Outcome>) -> Outcome {
    f().unwrap_or_else(|outcome| outcome)
}

pub fn init(db: &Path, empty: bool) -> Outcome {
    guarded(|| {
        let existed = db.exists();
        let mut registry = open_or_create(db)?;
        if empty {
            say!(
                "{} {}.",
                if existed { "Opened" } else { "Created" },
                db.display()
            );
            return Ok(Outcome::Ok);
        }
        if !registry.is_empty().map_err(fail)? {
            say!("{} already holds contracts; nothing to do.", db.display());
            return Ok(Outcome::Ok);
        }
        let report = registry.seed_defaults("warrant init").map_err(fail)?;
        say!(
            "Created {} with {} contracts.",
            db.display(),
            report.files.len()
        );
        print_import_report(&report);
        Ok(Outcome::Ok)
    })
}

/// `warrant templates`: the library, one line per template.
pub fn templates(json: bool) -> Outcome {
    let all = warrant_core::library::templates();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&all).expect("contracts serialize")
        );
        return Outcome::Ok;
    }
    for t in &all {
        say!(
            "{:<40} {} (starts at {})",
            t.id.trim_start_matches("template-"),
            t.title,
            t.authority.as_str()
        );
    }
    say!("Start a draft from one: warrant new --template NAME --title \"Your title\"");
    Outcome::Ok
}

/// `warrant new --template`: saves a draft made from a template.
pub fn new_from_template(
    db: &Path,
    template: &str,
    title: &str,
    id: Option<&str>,
    json: bool,
    actor: &str,
) -> Outcome {
    guarded(|| {
        let mut registry = open(db)?;
        let saved = registry
            .new_from_template(template, Some(title), id, actor)
            .map_err(fail)?;
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(&saved).expect("saved serializes")
            );
        } else {
            say!(
                "Created {} (version {}, a draft) from the template {}.",
                saved.id,
                saved.version,
                template
            );
            say!(
                "Fill in what only your team knows, then check it: warrant show {}",
                saved.id
            );
        }
        Ok(Outcome::Ok)
    })
}

pub fn import(db: &Path, args: &[PathBuf], actor: &str) -> Outcome {
    guarded(|| {
        let files = contract_files(args).map_err(fail)?;
        if files.is_empty() {
            return Err(fail("no contract files (.yaml, .yml, .json) found"));
        }
        let parsed = match read_import_files(&files) {
            Ok(parsed) => parsed,
            Err(bad) => {
                for error in &bad {
                    say_err!("{}", error.message);
                }
                return Err(fail(format!(
                    "{} of {} files could not be read; nothing was imported",
                    bad.len(),
                    files.len()
                )));
            }
        };
        let mut registry = open(db)?;
        let report = registry
            .import(&parsed, actor)
            .map_err(|e| fail(format!("{e}; nothing was imported")))?;
        print_import_report(&report);
        Ok(Outcome::Ok)
    })
}

fn print_import_report(report: &ImportReport) {
    for f in &report.files {
        let what = match f.outcome {
            SaveOutcome::Created => "created".to_string(),
            SaveOutcome::NewVersion => format!("new version {}", f.version),
            SaveOutcome::Unchanged => "unchanged".to_string(),
        };
        say!("  {}: {} ({what})", f.name, f.id);
        if let Some(note) = &f.note {
            say!("    {note}");
        }
    }
    if !report.people_added.is_empty() {
        say!("People added: {}", report.people_added.join(", "));
    }
}

/// Writes the files, then records an `export` event and prints the audit
/// head that includes it (`audit head: HASH:COUNT`): kept with the files, it
/// lets `warrant audit verify --head` prove later that no event was cut off.
pub fn export(db: &Path, ids: &[String], out: &Path, json: bool, actor: &str) -> Outcome {
    guarded(|| {
        let mut registry = open(db)?;
        let format = if json {
            ExportFormat::Json
        } else {
            ExportFormat::Yaml
        };
        let exported = registry.export_to(ids, out, format, actor).map_err(fail)?;
        for file in &exported.files {
            say!("{file}");
        }
        say!("audit head: {}", exported.audit_head);
        Ok(Outcome::Ok)
    })
}

pub struct ListFilters {
    pub status: Option<Status>,
    pub authority: Option<Authority>,
    pub verdict: Option<Verdict>,
    pub search: Option<String>,
    pub overdue: bool,
}

pub fn list(db: &Path, json: bool, filters: ListFilters) -> Outcome {
    guarded(|| {
        let query = ListQuery {
            search: filters.search,
            status: filters.status,
            authority: filters.authority,
            verdict: filters.verdict,
            overdue: filters.overdue.then_some(true),
            ..ListQuery::default()
        };
        let registry = open(db)?;
        let rows = registry.list(&query, Utc::now()).map_err(fail)?;
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(&rows).expect("summaries serialize")
            );
        } else if rows.is_empty() {
            say!("No contracts match.");
        } else {
            let header = ["ID", "STATUS", "ASKS", "CEILING", "VERDICT", "TITLE"];
            let table: Vec<Vec<String>> = std::iter::once(header.map(String::from).to_vec())
                .chain(rows.iter().map(|r| {
                    vec![
                        r.id.clone(),
                        r.status.as_str().to_string(),
                        r.authority.as_str().to_string(),
                        r.ceiling.map_or("-", |c| c.as_str()).to_string(),
                        r.verdict.as_str().to_string(),
                        r.title.clone(),
                    ]
                }))
                .collect();
            // A row's notes line up under its status, past the id column.
            let id_width = table
                .iter()
                .map(|row| row[0].chars().count())
                .max()
                .unwrap_or(0);
            let mut lines = aligned(&table, &[]).into_iter();
            say!("{}", lines.next().unwrap_or_default());
            for (r, line) in rows.iter().zip(lines) {
                say!("{line}");
                if let (Some(pending), Some(in_force)) = (r.pending_version, r.in_force_version) {
                    say!(
                        "{:<width$}  {}: version {in_force} · pending: version {pending} ({})",
                        "",
                        r.status.as_str(),
                        warrant_core::lifecycle::status_words(
                            r.pending_status.unwrap_or(Status::Draft)
                        ),
                        width = id_width
                    );
                }
                if let Some(due) = r.next_review.filter(|_| r.overdue) {
                    say!(
                        "{:<width$}  review overdue since {due}",
                        "",
                        width = id_width
                    );
                }
            }
        }
        Ok(Outcome::Ok)
    })
}

pub fn show(db: &Path, id: &str, json: bool) -> Outcome {
    guarded(|| {
        let registry = open(db)?;
        let stored = registry.contract(id).map_err(fail)?;
        let readiness = registry.readiness(id, Utc::now()).map_err(fail)?;
        let standing = registry.standing(id).map_err(fail)?;
        if json {
            let out = serde_json::json!({
                "contract": stored.contract,
                "version": stored.version,
                "saved_at": stored.saved_at,
                "saved_by": stored.saved_by,
                "status": standing.status,
                "in_force_version": standing.in_force,
                "pending_version": standing.pending_version(),
                "pending_status": standing.pending,
                "readiness": readiness,
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&out).expect("contract serializes")
            );
        } else {
            say!(
                "{} — version {}, saved {} by {}",
                stored.contract.title,
                stored.version,
                stored.saved_at.format("%Y-%m-%d %H:%M UTC"),
                stored.saved_by
            );
            say!("{}", standing.describe());
            // What to do next and whose work it is, in words (the route id is in --json).
            let step = warrant_core::readiness::next_step(&stored.contract, &readiness);
            let people = registry.people().map_err(fail)?;
            let role = format!("{} owner", step.role.as_str());
            match &step.owner {
                Some(email) => say!(
                    "Next step: {} — {}, {role}",
                    step.action,
                    warrant_core::lifecycle::display_name(&people, email)
                ),
                None => say!("Next step: {} — no {role} is named yet", step.action),
            }
            say_part!(
                "{}",
                human_report(Path::new(&format!("registry:{id}")), &readiness)
            );
            say!("---");
            print!("{}", to_yaml(&stored.contract));
        }
        Ok(Outcome::Ok)
    })
}

pub fn people_list(db: &Path, json: bool) -> Outcome {
    guarded(|| {
        let registry = open(db)?;
        let people = registry.people().map_err(fail)?;
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(&people).expect("people serialize")
            );
        } else {
            let rows: Vec<Vec<String>> = people
                .iter()
                .map(|p| {
                    vec![
                        p.email.clone(),
                        p.name.clone(),
                        p.team.clone(),
                        p.title.clone(),
                    ]
                })
                .collect();
            for line in aligned(&rows, &[]) {
                say!("{line}");
            }
        }
        Ok(Outcome::Ok)
    })
}

pub fn people_add(db: &Path, person: &Person, actor: &str) -> Outcome {
    guarded(|| {
        let mut registry = open(db)?;
        registry.add_person(person, actor).map_err(fail)?;
        say!("Added {} <{}>", person.name, person.email);
        Ok(Outcome::Ok)
    })
}
