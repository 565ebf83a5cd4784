//! The dry-run screen's commands: run a stored contract over sample
//! records — a file the user picks in the native dialog, or the ten-record
//! sample shipped for the examples and templates — with progress events and
//! a cancel button, and keep each completed run in the contract's history;
//! the columns a run will read, before it; the results as CSV, after it.
//!
//! The run happens on the blocking pool without holding the registry lock
//! (a million records take a while; the rest of the window keeps working),
//! reports `dryrun-progress` events every [`PROGRESS_EVERY`] records, and
//! stops at the next report after [`cancel_dry_run`]. A cancelled run is not
//! kept: its counts do not describe the file.
//!
//! [`PROGRESS_EVERY`]: warrant_core::dryrun::PROGRESS_EVERY

use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use ts_rs::TS;
use warrant_core::dryrun::{
    columns_read, write_results_csv, ColumnRead, DryRunOptions, DryRunResult, Outcome,
    RecordsSource,
};
use warrant_core::model::Contract;
use warrant_core::registry::{DryRunKept, PlannedDryRun, StoredDryRun};
use warrant_core::{Error, ErrorCode, Result};

use crate::background::{off_main, on_registry};
use crate::dialogs::{choose_one, Choice, Filter, Purpose};
use warrant_core::library;

/// The event carrying [`DryRunProgress`].
pub const PROGRESS_EVENT: &str = "dryrun-progress";

/// Reported while a run reads its file.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DryRunProgress {
    pub contract_id: String,
    /// Records read so far, malformed ones included.
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    /// The file's size, so the window can draw how far along the run is.
    #[ts(type = "number")]
    pub total_bytes: u64,
}

/// A finished (or cancelled) run: what was read, the result, and the entry
/// kept in the contract's history (`None` when cancelled).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DryRunOutcome {
    pub file_name: String,
    pub result: DryRunResult,
    /// The run as kept, against the version it evaluated.
    pub stored: Option<StoredDryRun>,
    /// The version now current, when someone saved the contract during the
    /// run (the run still belongs to the version it evaluated).
    pub changed_to: Option<u32>,
}

impl DryRunOutcome {
    fn new(file_name: String, result: DryRunResult, kept: Option<DryRunKept>) -> DryRunOutcome {
        let (stored, changed_to) = match kept {
            Some(kept) => (Some(kept.run), kept.changed_to),
            None => (None, None),
        };
        DryRunOutcome {
            file_name,
            result,
            stored,
            changed_to,
        }
    }
}

/// The cancel flag of the run under way, if any. One run at a time: the
/// screen has one progress bar and one cancel button. Also keeps the last
/// finished run's result, by contract id, for "Export CSV": the window
/// names what to export, never sends the rows back.
#[derive(Default)]
pub struct DryRunControl {
    running: Mutex<Option<Arc<AtomicBool>>>,
    last: Mutex<Option<(String, String, DryRunResult)>>,
}

impl DryRunControl {
    fn start(&self) -> Result<RunGuard<'_>> {
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        if running.is_some() {
            return Err(Error::conflict(
                "A dry run is already under way. Wait for it to finish, or cancel it first.",
            ));
        }
        let flag = Arc::new(AtomicBool::new(false));
        *running = Some(flag.clone());
        Ok(RunGuard {
            control: self,
            flag,
        })
    }

    fn keep_last(&self, id: &str, file_name: &str, result: &DryRunResult) {
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) =
            Some((id.to_string(), file_name.to_string(), result.clone()));
    }

    /// The last run of contract `id` shown in the window: file name, result.
    fn last_of(&self, id: &str) -> Result<(String, DryRunResult)> {
        match &*self.last.lock().unwrap_or_else(|p| p.into_inner()) {
            Some((last_id, name, result)) if last_id == id => Ok((name.clone(), result.clone())),
            _ => Err(Error::not_found(format!(
                "There is no dry-run result of {id} to export; run one first."
            ))),
        }
    }

    /// Asks the run under way to stop; false when none is running.
    pub fn cancel(&self) -> bool {
        let running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        match running.as_ref() {
            Some(flag) => {
                flag.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }
}

/// Clears the running flag however the run ends.
struct RunGuard<'a> {
    control: &'a DryRunControl,
    flag: Arc<AtomicBool>,
}

impl Drop for RunGuard<'_> {
    fn drop(&mut self) {
        *self
            .control
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = None;
    }
}

/// Where to write the results (`None`: cancelled), suggesting
/// `<contract>-<records file>-results.csv`.
fn pick_export<R: Runtime>(
    app: &AppHandle<R>,
    id: &str,
    records: &str,
    outcome: Option<Outcome>,
) -> Result<Option<PathBuf>> {
    let stem = records.rsplit_once('.').map_or(records, |(stem, _)| stem);
    let only = outcome
        .map(|o| format!("-{}", o.as_str()))
        .unwrap_or_default();
    choose_one(
        app,
        Purpose::Results,
        Choice::SaveFile {
            title: "Save the dry-run results",
            file_name: format!("{id}-{stem}-results{only}.csv"),
            filter: Filter {
                name: "CSV",
                extensions: &["csv"],
            },
        },
    )
}

/// Writes the CSV through the core, refusing a path it cannot write.
fn write_results_file(
    result: &DryRunResult,
    outcome: Option<Outcome>,
    path: &std::path::Path,
) -> Result<u64> {
    let file = std::fs::File::create(path).map_err(|e| {
        Error::new(
            ErrorCode::Io,
            format!("Cannot write {}: {e}", path.display()),
        )
    })?;
    write_results_csv(result, outcome, std::io::BufWriter::new(file))
}

/// The records file, as the person picks it (`None`: cancelled).
fn pick_records<R: Runtime>(app: &AppHandle<R>) -> Result<Option<PathBuf>> {
    choose_one(
        app,
        Purpose::Records,
        Choice::OpenFile {
            title: "Sample records for the dry run",
            filter: Filter {
                name: "Sample records (CSV or JSON lines)",
                extensions: &["csv", "jsonl", "ndjson", "json"],
            },
            start_in: None,
        },
    )
}

/// The shipped sample for the stored contract `id`: its own, or its
/// template's when that has every column the contract reads.
fn sample_of(
    registry: &warrant_core::registry::Registry,
    id: &str,
) -> Result<Option<(String, &'static str)>> {
    Ok(library::sample_for_contract(
        &registry.contract(id)?.contract,
    ))
}

/// The file name of the shipped sample for contract `id`, if there is one.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(id = %id))]
pub async fn dry_run_sample<R: Runtime>(app: AppHandle<R>, id: String) -> Result<Option<String>> {
    on_registry(app, move |registry| {
        Ok(sample_of(registry, &id)?.map(|(name, _)| name))
    })
    .await
}

/// The record columns a dry run of contract `id` reads, and what reads each.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(id = %id))]
pub async fn dry_run_columns<R: Runtime>(app: AppHandle<R>, id: String) -> Result<Vec<ColumnRead>> {
    on_registry(app, move |registry| {
        Ok(columns_read(&registry.contract(&id)?.contract))
    })
    .await
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DryRunExported {
    pub path: String,
    #[ts(type = "number")]
    pub rows: u64,
}

/// Writes the last result of contract `id` shown in the window as CSV
/// (only the records with `outcome` when given) where the person chooses
/// in the save dialog. `None`: the dialog was closed.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(id = %id))]
pub async fn export_dry_run<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    outcome: Option<Outcome>,
) -> Result<Option<DryRunExported>> {
    off_main(app, move |app| {
        let (file_name, result) = app.state::<DryRunControl>().last_of(&id)?;
        let Some(path) = pick_export(app, &id, &file_name, outcome)? else {
            return Ok(None);
        };
        let rows = write_results_file(&result, outcome, &path)?;
        Ok(Some(DryRunExported {
            path: path.display().to_string(),
            rows,
        }))
    })
    .await
}

/// The records the person chose: the shipped sample, or a file from the
/// open dialog (`None`: cancelled).
async fn chosen_records<R: Runtime>(
    app: &AppHandle<R>,
    contract: &Contract,
    sample: bool,
) -> Result<Option<RecordsSource>> {
    if sample {
        return RecordsSource::sample_for(contract).map(Some);
    }
    let picked = off_main(app.clone(), pick_records).await?;
    Ok(picked.map(RecordsSource::File))
}

/// Evaluates the planned run on the blocking pool, reporting progress and
/// stopping at the next report after [`cancel_dry_run`].
async fn run_with_progress<R: Runtime>(
    app: &AppHandle<R>,
    plan: PlannedDryRun,
    records: RecordsSource,
) -> Result<(PlannedDryRun, RecordsSource, DryRunResult)> {
    off_main(app.clone(), move |app| {
        let control = app.state::<DryRunControl>();
        let guard = control.start()?;
        let result = plan.run(
            &records,
            &DryRunOptions::default(),
            &mut |progress, total_bytes| {
                // A window that is gone cannot show progress; the run goes on.
                let _ = app.emit(
                    PROGRESS_EVENT,
                    DryRunProgress {
                        contract_id: plan.contract.id.clone(),
                        rows: progress.rows,
                        bytes: progress.bytes,
                        total_bytes,
                    },
                );
                if guard.flag.load(Ordering::SeqCst) {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        )?;
        if !result.cancelled {
            control.keep_last(&plan.contract.id, &records.name(), &result);
        }
        Ok((plan, records, result))
    })
    .await
}

/// Runs the stored contract `id` over sample records and keeps the run.
/// `sample`: the shipped sample; else the file the person picks.
/// Returns `None` when the dialog was closed.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(id = %id))]
pub async fn run_dry_run<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    sample: bool,
) -> Result<Option<DryRunOutcome>> {
    // Planned before the dialog: an unknown contract, or nobody to keep the
    // run, fails before anyone picks a file.
    let plan = on_registry(app.clone(), move |r| r.plan_dry_run(&id, &r.acting_as()?)).await?;
    let Some(records) = chosen_records(&app, &plan.contract, sample).await? else {
        return Ok(None);
    };
    let (plan, records, result) = run_with_progress(&app, plan, records).await?;
    on_registry(app, move |registry| {
        // Signed with the connection's key in a team registry.
        let kept = warrant_team::steps::keep_dry_run(registry, &plan, &result, &records)?;
        Ok(Some(DryRunOutcome::new(records.name(), result, kept)))
    })
    .await
}

/// Stops the run under way at its next progress report; false when none runs.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn cancel_dry_run<R: Runtime>(app: AppHandle<R>) -> Result<bool> {
    Ok(app.state::<DryRunControl>().cancel())
}

/// The contract's kept dry runs, newest first.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(id = %id))]
pub async fn list_dry_runs<R: Runtime>(app: AppHandle<R>, id: String) -> Result<Vec<StoredDryRun>> {
    on_registry(app, move |registry| registry.dry_runs(&id)).await
}
