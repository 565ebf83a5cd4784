//! `warrant dryrun ID|FILE --records F.csv|F.jsonl`: runs a contract over
//! sample records (see `docs/dry-run.md`) and prints the counts and the
//! records' outcomes.
//!
//! A contract read from a file is only evaluated; a contract named by id is
//! read from the registry, and the run is kept in its history (file name,
//! hash, row count, counts, time, person), which satisfies rule X4.

use crate::terminal::{aligned, say, say_part};
use std::ops::ControlFlow;
use std::path::Path;

use warrant_core::dryrun::{run, DryRunOptions, DryRunResult, RecordsSource};
use warrant_core::format::read_contract_file;
use warrant_core::model::Contract;
use warrant_core::registry::Registry;

use crate::{fail, Outcome};

/// Records listed in the human report; `--json` lists them all.
const HUMAN_RECORDS: usize = 20;

pub struct DryRunArgs<'a> {
    pub target: &'a str,
    pub records: &'a Path,
    pub json: bool,
    pub summary: bool,
    pub db: &'a Path,
    pub actor: &'a str,
    /// `--as` as given, checked against the key holder in a team registry.
    pub asked_as: Option<&'a str>,
    /// `--key`: the signing key in a team registry.
    pub key: Option<&'a Path>,
}

pub fn dryrun(args: &DryRunArgs<'_>) -> Outcome {
    let records = RecordsSource::File(args.records.to_path_buf());
    let keep = match (args.json, args.summary) {
        (_, true) => 0,
        (true, false) => usize::MAX,
        (false, false) => HUMAN_RECORDS,
    };
    let options = DryRunOptions {
        max_records_in_result: keep,
    };
    let target_path = Path::new(args.target);
    let (contract, result, stored) = if target_path.is_file() {
        let contract = match read_contract_file(target_path) {
            Ok(contract) => contract,
            Err(e) => return fail(e),
        };
        let result = records.open().and_then(|(input, _)| {
            run(&contract, input, records.kind(), &options, &mut |_| {
                ControlFlow::Continue(())
            })
        });
        match result {
            Ok(result) => (contract, result, None),
            Err(e) => return fail(run_error(e)),
        }
    } else {
        let mut registry = match open_registry_of(args) {
            Ok(registry) => registry,
            Err(message) => return fail(message),
        };
        // In a team registry the run is kept by the key holder, signed.
        let team = match warrant_team::acting::holder(&registry, args.asked_as) {
            Ok(team) => team,
            Err(e) => return fail(e),
        };
        if team.is_none() && args.key.is_some() {
            return fail("--key: this registry is not connected to a team repository, so there is no record to sign");
        }
        let actor = team.as_ref().map_or(args.actor, |c| c.email.as_str());
        let plan = match registry.plan_dry_run(args.target, actor) {
            Ok(plan) => plan,
            Err(e) => return fail(e),
        };
        let result = match plan.run(&records, &options, &mut |_, _| ControlFlow::Continue(())) {
            Ok(result) => result,
            Err(e) => return fail(run_error(e)),
        };
        let kept = match &team {
            Some(connection) => {
                keep_signed(&mut registry, connection, args, &plan, &result, &records)
            }
            None => plan
                .keep(&mut registry, &result, &records)
                .map_err(fail_to_keep),
        };
        match kept {
            Ok(kept) => (plan.contract, result, kept),
            Err(outcome) => return outcome,
        }
    };
    let file_name = records.name();

    if args.json {
        let mut value = serde_json::to_value(&result).expect("dry-run result serializes");
        if args.summary {
            // Rebuilt rather than `remove`d: removing from the order-keeping
            // map would move the last key into the gap and break the
            // documented key order.
            if let serde_json::Value::Object(object) = value {
                value = serde_json::Value::Object(
                    object.into_iter().filter(|(k, _)| k != "records").collect(),
                );
            }
        }
        println!("{value}");
    } else {
        say_part!(
            "{}",
            human_report(&contract, &file_name, &result, args.summary)
        );
        if let Some(kept) = stored {
            say!(
                "Kept in the history of {} (version {}).",
                contract.id,
                kept.run.version
            );
            if let Some(now) = kept.changed_to {
                say!(
                    "The contract changed during the run: the run belongs to version {}, which it evaluated; version {now} is current.",
                    kept.run.version
                );
            }
        }
    }
    Outcome::Ok
}

fn fail_to_keep(e: warrant_core::Error) -> Outcome {
    fail(format!(
        "the dry run ran but could not be kept in the registry: {e}"
    ))
}

/// Keeps the run in a team registry: the step and the record the key holder
/// signs for it, in one transaction; the record goes out at the next sync.
fn keep_signed(
    registry: &mut Registry,
    connection: &warrant_core::registry::TeamConnection,
    args: &DryRunArgs<'_>,
    plan: &warrant_core::registry::PlannedDryRun,
    result: &DryRunResult,
    records: &RecordsSource,
) -> Result<Option<warrant_core::registry::DryRunKept>, Outcome> {
    let signer = crate::team_cmds::signing_key_for(args.key, connection)?;
    let act = warrant_core::registry::TeamAct::DryRun {
        run: result.to_registry_record(&records.name()),
    };
    match warrant_team::acting::act(registry, &signer, &plan.contract.id, &act, args.asked_as) {
        Ok((warrant_core::registry::ActDone::DryRun(kept), row)) => {
            crate::terminal::say_err!(
                "Signed by {} as {} (goes out with the next `warrant team sync`).",
                connection.email,
                row.file
            );
            Ok(Some(kept))
        }
        Ok(_) => Err(fail("the registry took another step than asked")),
        Err(e) => Err(fail_to_keep(e)),
    }
}

/// The registry holding the contract `args.target` names.
fn open_registry_of(args: &DryRunArgs<'_>) -> Result<Registry, String> {
    if !args.db.exists() {
        return Err(format!(
            "{} is neither a contract file nor a contract in a registry: there is no registry at {}. \
             Pass a contract file, or --db with the registry that holds it.",
            args.target,
            args.db.display()
        ));
    }
    Registry::open_existing(args.db).map_err(|e| format!("{}: {e}", args.db.display()))
}

/// A run that stopped, with the field it names (a condition that does not
/// compile names `suppression[i].when`).
fn run_error(e: warrant_core::Error) -> String {
    let field = e
        .field
        .as_deref()
        .map(|f| format!(" ({f})"))
        .unwrap_or_default();
    format!("{}{field}", e.message)
}

/// The counts table, then (unless `summary`) the first records.
fn human_report(
    contract: &Contract,
    file_name: &str,
    result: &DryRunResult,
    summary: bool,
) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let hash: String = result.file_hash.chars().take(12).collect();
    let rows = result.row_count();
    let _ = writeln!(
        out,
        "Dry run of {} ({} authority) on {file_name} — {rows} row{}, sha256 {hash}…",
        contract.id,
        contract.authority,
        if rows == 1 { "" } else { "s" }
    );
    let _ = writeln!(out);
    for (label, count, note) in [
        ("eligible", result.eligible, ""),
        ("review", result.review, ""),
        ("suppressed", result.suppressed, ""),
        (
            "malformed",
            result.malformed.total,
            if result.malformed.total > 0 {
                "  (could not be read; listed below)"
            } else {
                ""
            },
        ),
        (
            "total",
            result.total,
            "  (= eligible + review + suppressed + malformed)",
        ),
    ] {
        let _ = writeln!(out, "  {label:<12}{count:>10}{note}");
    }
    if !result.by_rule.is_empty() {
        let _ = writeln!(out, "\nBy suppression rule:");
        let width = result
            .by_rule
            .keys()
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(0);
        for (name, count) in &result.by_rule {
            let failed = match result.by_rule_failed.get(name) {
                Some(n) => format!(
                    "  (its condition could not be checked on {n} other record{})",
                    if *n == 1 { "" } else { "s" }
                ),
                None => String::new(),
            };
            let _ = writeln!(out, "  {name:<width$}  {count:>10}{failed}");
        }
    }
    if !result.by_threshold.is_empty() {
        let parts: Vec<String> = result
            .by_threshold
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let _ = writeln!(out, "\nSent to review by thresholds: {}", parts.join(", "));
    }
    if result.unconditioned_rules > 0 {
        let n = result.unconditioned_rules;
        let _ = writeln!(
            out,
            "\n{n} suppression rule{} without a condition {} not applied; add `when` to test {}.",
            if n == 1 { "" } else { "s" },
            if n == 1 { "was" } else { "were" },
            if n == 1 { "it" } else { "them" }
        );
    }
    if !result.malformed.rows.is_empty() {
        let _ = writeln!(out, "\nMalformed rows:");
        for row in result.malformed.rows.iter().take(HUMAN_RECORDS) {
            let _ = writeln!(
                out,
                "  row {} (line {}): {}",
                row.row, row.line, row.message
            );
        }
        if result.malformed.total > result.malformed.rows.len().min(HUMAN_RECORDS) as u64 {
            let _ = writeln!(out, "  … {} malformed rows in all", result.malformed.total);
        }
    }
    if !summary && !result.records.is_empty() {
        // The identifying columns name each record (docs/dry-run.md).
        let header: Vec<String> = std::iter::once("row".to_string())
            .chain(result.id_columns.iter().cloned())
            .chain(["outcome", "rule", "reason"].map(String::from))
            .collect();
        let rows: Vec<Vec<String>> = std::iter::once(header)
            .chain(result.records.iter().map(|r| {
                std::iter::once(r.row.to_string())
                    .chain(
                        (0..result.id_columns.len())
                            .map(|i| r.ids.get(i).cloned().unwrap_or_default()),
                    )
                    .chain([
                        r.outcome.as_str().to_string(),
                        r.rule.as_deref().unwrap_or("-").to_string(),
                        r.reason.clone(),
                    ])
                    .collect()
            }))
            .collect();
        let _ = writeln!(out);
        for line in aligned(&rows, &[0]) {
            let _ = writeln!(out, "  {line}");
        }
        if result.evaluated() > result.records.len() as u64 {
            let _ = writeln!(
                out,
                "(first {} of {} records; --json lists them all)",
                result.records.len(),
                result.evaluated()
            );
        }
    }
    let _ = writeln!(out);
    out
}
