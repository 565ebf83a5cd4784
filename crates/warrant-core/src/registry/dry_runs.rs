//! The `dry_runs` table: the runs over sample records kept in a contract's
//! history. Each run is kept against the version it evaluated; a run that
//! evaluated at least one record counts as "real records were tried"
//! (rule X4). Rows are only ever added.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;
use ts_rs::TS;

use super::audit::{self, parse_timestamp, timestamp, NewEvent};
use super::lifecycle::known_person;
use super::Registry;
pub use crate::dryrun::DryRunRecord;
use crate::dryrun::{run, DryRunCounts, DryRunOptions, DryRunResult, Progress, RecordsSource};
use crate::model::Contract;
use crate::{Error, Result};
use std::ops::ControlFlow;

/// A dry run kept in a contract's history.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StoredDryRun {
    pub contract_id: String,
    /// The contract version the run evaluated.
    pub version: u32,
    pub file_name: String,
    pub file_hash: String,
    #[ts(type = "number")]
    pub row_count: u64,
    pub counts: DryRunCounts,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub run_by: String,
}

/// A kept run, and whether the contract changed while it ran.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DryRunKept {
    pub run: StoredDryRun,
    /// The version now current, when it is not the one the run evaluated
    /// (someone saved the contract during the run).
    pub changed_to: Option<u32>,
}

/// Runs whose counts show at least one evaluated record: a run over a file
/// of only malformed rows tried nothing.
const EVALUATED_SOMETHING: &str = "(ifnull(json_extract(counts, '$.eligible'), 0) \
     + ifnull(json_extract(counts, '$.review'), 0) \
     + ifnull(json_extract(counts, '$.suppressed'), 0)) > 0";

/// True when a run that evaluated at least one record is kept for the
/// contract (satisfies rule X4).
pub(super) fn has_dry_run(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM dry_runs WHERE contract_id = ?1 AND {EVALUATED_SOMETHING})"),
        [id],
        |r| r.get(0),
    )?)
}

/// Ids of the contracts that have such a run.
pub(super) fn ids_with_dry_runs(conn: &Connection) -> Result<std::collections::HashSet<String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT DISTINCT contract_id FROM dry_runs WHERE {EVALUATED_SOMETHING}"
    ))?;
    let ids = stmt.query_map([], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn stored_dry_run(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredDryRun> {
    let counts: String = r.get(5)?;
    Ok(StoredDryRun {
        contract_id: r.get(0)?,
        version: r.get(1)?,
        file_name: r.get(2)?,
        file_hash: r.get(3)?,
        row_count: r.get::<_, i64>(4)?.max(0) as u64,
        // A row that does not read as counts (hand-edited, say) shows zeros;
        // `audit verify` then reports it against its event.
        counts: serde_json::from_str(&counts).unwrap_or_default(),
        at: parse_timestamp(&r.get::<_, String>(6)?)?,
        run_by: r.get(7)?,
    })
}

/// Every kept run, oldest first (for checking them against the trail).
pub(super) fn all_dry_runs(conn: &Connection) -> Result<Vec<(i64, StoredDryRun)>> {
    let mut stmt = conn.prepare(
        "SELECT contract_id, version, file_name, file_hash, row_count, counts, at, run_by, id
         FROM dry_runs ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(8)?, stored_dry_run(r)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A dry run of a stored contract, in the three steps both front ends take:
/// [`Registry::plan_dry_run`] reads what to run under the registry lock,
/// [`PlannedDryRun::run`] evaluates the records without it (a million records
/// take a while, and the rest of the app keeps working meanwhile), and
/// [`PlannedDryRun::keep`] keeps the result against the version it evaluated.
#[derive(Debug, Clone)]
pub struct PlannedDryRun {
    pub contract: Contract,
    /// The version the run evaluates.
    pub version: u32,
    /// Who keeps the run (a person in the people list).
    pub actor: String,
}

impl PlannedDryRun {
    /// Evaluates `records`, opened once; `progress` is told how far the run
    /// is and the records' size in bytes, and may stop it (see [`run`]).
    pub fn run(
        &self,
        records: &RecordsSource,
        options: &DryRunOptions,
        progress: &mut dyn FnMut(Progress, u64) -> ControlFlow<()>,
    ) -> Result<DryRunResult> {
        let (input, size) = records.open()?;
        run(&self.contract, input, records.kind(), options, &mut |p| {
            progress(p, size)
        })
    }

    /// Keeps a finished run in the contract's history; a cancelled one is
    /// not kept (its counts do not describe the file), and gives `None`.
    pub fn keep(
        &self,
        registry: &mut Registry,
        result: &DryRunResult,
        records: &RecordsSource,
    ) -> Result<Option<DryRunKept>> {
        if result.cancelled {
            return Ok(None);
        }
        let record = result.to_registry_record(&records.name());
        registry
            .record_dry_run(&self.contract.id, self.version, &record, &self.actor)
            .map(Some)
    }
}

/// [`Registry::record_dry_run`] inside the caller's transaction, at `at`.
pub(super) fn record_dry_run_in(
    tx: &Connection,
    id: &str,
    version: u32,
    run: &DryRunRecord,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<DryRunKept> {
    let row_count = i64::try_from(run.row_count).map_err(|_| {
        Error::invalid(
            "row_count",
            "The dry run reports more rows than the registry can store.",
        )
    })?;
    let current: u32 = tx
        .query_row(
            "SELECT current_version FROM contracts WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| {
            Error::not_found(format!(
                "No contract with the id “{id}” is in the registry."
            ))
        })?;
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM contract_versions WHERE contract_id = ?1 AND version = ?2)",
        params![id, version],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(Error::not_found(format!(
            "Contract {id} has no version {version}."
        )));
    }
    let actor = known_person(tx, actor)?;
    tx.execute(
            "INSERT INTO dry_runs (contract_id, version, file_name, file_hash, row_count, counts, at, run_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![id, version, run.file_name, run.file_hash, row_count, json!(run.counts).to_string(), timestamp(at), actor],
        )?;
    let payload = json!({
        "file_name": run.file_name, "file_hash": run.file_hash,
        "row_count": run.row_count, "counts": run.counts,
    });
    audit::append(
        tx,
        &actor,
        at,
        NewEvent {
            kind: "dry_run",
            contract_id: Some(id),
            version: Some(version),
            payload,
        },
    )?;
    Ok(DryRunKept {
        run: StoredDryRun {
            contract_id: id.to_string(),
            version,
            file_name: run.file_name.clone(),
            file_hash: run.file_hash.clone(),
            row_count: run.row_count,
            counts: run.counts.clone(),
            at: parse_timestamp(&timestamp(at))?,
            run_by: actor,
        },
        changed_to: (current != version).then_some(current),
    })
}

impl Registry {
    /// The first step of a stored contract's dry run ([`PlannedDryRun`]).
    /// Who keeps the run is checked now: a long run whose result then could
    /// not be kept would waste the wait.
    pub fn plan_dry_run(&self, id: &str, actor: &str) -> Result<PlannedDryRun> {
        let stored = self.contract(id)?;
        let actor = known_person(&self.conn, actor)?;
        Ok(PlannedDryRun {
            contract: stored.contract,
            version: stored.version,
            actor,
        })
    }

    /// Keeps a dry run against `version`, the contract version it evaluated,
    /// and records it in the audit trail. When the contract was saved again
    /// while the run went on, the run still belongs to the version it
    /// evaluated, and [`DryRunKept::changed_to`] says which version is now
    /// current.
    pub fn record_dry_run(
        &mut self,
        id: &str,
        version: u32,
        run: &DryRunRecord,
        actor: &str,
    ) -> Result<DryRunKept> {
        let at = Utc::now();
        self.with_tx(|tx| {
            super::team::refuse_unsigned(tx)?;
            record_dry_run_in(tx, id, version, run, actor, at)
        })
    }

    /// True when a run that evaluated at least one record is kept for the
    /// contract (satisfies rule X4).
    pub fn has_dry_run(&self, id: &str) -> Result<bool> {
        has_dry_run(&self.conn, id)
    }

    /// The contract's dry runs, newest first.
    pub fn dry_runs(&self, id: &str) -> Result<Vec<StoredDryRun>> {
        let mut stmt = self.conn.prepare(
            "SELECT contract_id, version, file_name, file_hash, row_count, counts, at, run_by
             FROM dry_runs WHERE contract_id = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([id], stored_dry_run)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
