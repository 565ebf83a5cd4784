//! `warrant team …`: the team repository from a terminal. For now `verify`,
//! which CI runs on a checkout (exit 0 all good, 1 any failure, 2 the
//! repository cannot be read; see docs/team-repository.md).

use std::fmt::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use warrant_team::verify::{Failure, Report};

use crate::junit::escape;
use crate::terminal::{say, say_err};
use crate::{fail, wire_name, Outcome};

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
}

pub fn run(command: TeamCommand) -> Outcome {
    match command {
        TeamCommand::Verify { dir, json, junit } => verify(&dir, json, junit.as_deref()),
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
                wire_name(&running.status),
                &running.content_sha256[..12]
            ),
            None => String::new(),
        };
        say!(
            "  {}: {}{running} ({} of {} records valid)",
            contract.id,
            wire_name(&contract.status),
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
