//! `warrant worksheet [--blank] [ID|FILE] --out X.pdf [--paper a4|letter]`:
//! prints the blank worksheet, or one contract as a filled worksheet (see
//! `docs/worksheet.md`).
//!
//! A contract id is read from the registry, with its people, latest dry run,
//! reviews and audit head; a contract file prints on its own (nothing in a
//! registry vouches for it, so those parts stay empty).

use crate::terminal::say;
use std::path::Path;

use chrono::Utc;
use warrant_core::format::read_contract_file;
use warrant_core::registry::Registry;
use warrant_pdf::{prepare_in_background, write_worksheet, Paper, WorksheetSource};

use crate::{fail, Outcome};

pub struct WorksheetArgs<'a> {
    pub blank: bool,
    pub target: Option<&'a str>,
    pub out: &'a Path,
    pub paper: Paper,
    pub db: &'a Path,
}

pub fn worksheet(args: &WorksheetArgs<'_>) -> Outcome {
    // typst's fonts and templates load on the other core while this one
    // reads the registry.
    prepare_in_background();
    let today = Utc::now().date_naive();
    let source = match (args.blank, args.target) {
        (true, Some(target)) => {
            return fail(format!(
                "--blank prints the empty worksheet; leave out {target}, or drop --blank to fill it from that contract"
            ))
        }
        (true, None) => None,
        (false, None) => {
            return fail(
                "say which contract to print (an id in the registry or a contract file), or pass --blank for the empty worksheet",
            )
        }
        (false, Some(target)) => match source(target, args.db) {
            Ok(source) => Some(source),
            Err(message) => return fail(message),
        },
    };
    match write_worksheet(source.as_ref(), args.paper, today, args.out) {
        Ok(bytes) => {
            say!("Wrote {} ({bytes} bytes).", args.out.display());
            Outcome::Ok
        }
        Err(e) => fail(e),
    }
}

fn source(target: &str, db: &Path) -> Result<WorksheetSource, String> {
    let now = Utc::now();
    let path = Path::new(target);
    if path.is_file() {
        return read_contract_file(path)
            .map(|contract| WorksheetSource::from_contract(contract, now))
            .map_err(|e| e.to_string());
    }
    if !db.exists() {
        return Err(format!(
            "{target} is neither a contract file nor a contract in a registry: there is no registry at {}. \
             Pass a contract file, or --db with the registry that holds it.",
            db.display()
        ));
    }
    let registry = Registry::open_existing(db).map_err(|e| format!("{}: {e}", db.display()))?;
    WorksheetSource::from_registry(&registry, target, now).map_err(|e| e.to_string())
}
