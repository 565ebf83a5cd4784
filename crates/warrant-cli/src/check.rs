//! `warrant check`: readiness of contract files, for people and for CI.

use crate::terminal::{say_err, say_part};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use warrant_core::format::{read_contract_files, FormatError};
use warrant_core::readiness::{check, CheckContext, Readiness, Verdict};

use crate::{fail, junit, Outcome};

/// One file given on the command line, after parsing and checking.
pub enum Checked {
    Contract { file: PathBuf, readiness: Readiness },
    Unreadable(FormatError),
}

pub fn run(args: &[PathBuf], json: bool, junit_out: Option<&Path>, at: Option<&str>) -> Outcome {
    let at = match at.map(parse_at).transpose() {
        Ok(at) => at.unwrap_or_else(Utc::now),
        Err(outcome) => return outcome,
    };
    let files = match contract_files(args) {
        Ok(files) => files,
        Err(e) => return fail(e),
    };
    let ctx = CheckContext::at(at);
    let parsed = read_contract_files(&files);
    let results: Vec<Checked> = files
        .into_iter()
        .zip(parsed)
        .map(|(file, parsed)| match parsed {
            Ok(contract) => Checked::Contract {
                readiness: check(&contract, &ctx),
                file,
            },
            Err(e) => Checked::Unreadable(e),
        })
        .collect();

    // Parse errors go to stderr in both modes so `--json` stdout stays one array.
    for r in &results {
        if let Checked::Unreadable(e) = r {
            say_err!("{e}");
        }
    }
    if json {
        let objects: Vec<&Readiness> = results
            .iter()
            .filter_map(|r| match r {
                Checked::Contract { readiness, .. } => Some(readiness),
                Checked::Unreadable(_) => None,
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&objects).expect("readiness serializes")
        );
    } else {
        for r in &results {
            if let Checked::Contract { file, readiness } = r {
                say_part!("{}", human_report(file, readiness));
            }
        }
    }
    if let Some(out) = junit_out {
        if let Err(e) = std::fs::write(out, junit::report(&results)) {
            return fail(format!("cannot write {}: {e}", out.display()));
        }
    }

    if results.iter().any(|r| matches!(r, Checked::Unreadable(_))) {
        Outcome::Failed
    } else if results.iter().any(
        |r| matches!(r, Checked::Contract { readiness, .. } if readiness.verdict != Verdict::Ready),
    ) {
        Outcome::NotReady
    } else {
        Outcome::Ok
    }
}

fn parse_at(s: &str) -> Result<DateTime<Utc>, Outcome> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            fail(format!(
                "--at {s:?} is not an RFC 3339 time (e.g. 2026-11-24T09:00:00Z): {e}"
            ))
        })
}

/// Expands folders into the contract files they hold (sorted, recursive), so
/// CI can run `warrant check contracts/`.
pub fn contract_files(args: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for arg in args {
        if arg.is_dir() {
            collect_dir(arg, &mut files)
                .map_err(|e| format!("cannot read folder {}: {e}", arg.display()))?;
        } else {
            // A missing file is reported by the parser, with its name, like any unreadable file.
            files.push(arg.clone());
        }
    }
    Ok(files)
}

fn collect_dir(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_dir(&path, files)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            files.push(path);
        }
    }
    Ok(())
}

/// The plain-text report: a headline per contract, then blockers, then what
/// the next rung would need.
pub fn human_report(file: &Path, r: &Readiness) -> String {
    let ceiling = r.ceiling.map_or("none".to_string(), |c| c.to_string());
    let mut out = format!(
        "{} ({}): {} — requested {}, ceiling {}, next route {}\n",
        r.id,
        file.display(),
        r.verdict.words(),
        r.requested,
        ceiling,
        r.next_route,
    );
    for f in r.findings.iter().filter(|f| f.blocking) {
        out.push_str(&format!(
            "  blocking  {} [{}] {}: {}\n",
            f.rule, f.level, f.field, f.message
        ));
    }
    for f in r.findings.iter().filter(|f| !f.blocking) {
        out.push_str(&format!(
            "  next rung {} [{}] {}: {}\n",
            f.rule, f.level, f.field, f.message
        ));
    }
    out
}
