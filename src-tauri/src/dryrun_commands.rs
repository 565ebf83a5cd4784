//! The dry-run screen's commands: run a stored contract over sample
//! records — a file the user picks in the native dialog, or the ten-record
//! sample shipped for the example contracts — with progress events and a
//! cancel button, and keep each completed run in the contract's history.
//!
//! The run happens on the blocking pool without holding the registry lock
//! (a million records take a while; the rest of the window keeps working),
//! reports `dryrun-progress` events every [`PROGRESS_EVERY`] records, and
//! stops at the next report after [`cancel_dry_run`]. A cancelled run is not
//! kept: its counts do not describe the file.
//!
//! [`PROGRESS_EVERY`]: warrant_core::dryrun::PROGRESS_EVERY

use std::io::Read;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use ts_rs::TS;
use warrant_core::dryrun::{run, DryRunOptions, DryRunResult, RecordsKind};
use warrant_core::registry::StoredDryRun;
use warrant_core::{Error, ErrorCode, Result};

use crate::background::{off_main, on_registry};
use crate::dialogs::{choose_one, Choice, Filter, Purpose};
use warrant_core::defaults;

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

/// The cancel flag of the run under way, if any. One run at a time: the
/// screen has one progress bar and one cancel button.
#[derive(Default)]
pub struct DryRunControl {
    running: Mutex<Option<Arc<AtomicBool>>>,
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

/// The records to read, once chosen.
enum Records {
    Sample { name: String, text: &'static str },
    File(PathBuf),
}

impl Records {
    fn name(&self) -> String {
        match self {
            Records::Sample { name, .. } => name.clone(),
            Records::File(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
        }
    }

    fn open(&self) -> Result<(Box<dyn Read + Send>, u64)> {
        match self {
            Records::Sample { text, .. } => Ok((Box::new(text.as_bytes()), text.len() as u64)),
            Records::File(path) => {
                let refuse = |e: std::io::Error| {
                    Error::new(
                        ErrorCode::Io,
                        format!("Cannot read the records file {}: {e}", path.display()),
                    )
                };
                let file = std::fs::File::open(path).map_err(refuse)?;
                let size = file.metadata().map_err(refuse)?.len();
                Ok((Box::new(std::io::BufReader::new(file)), size))
            }
        }
    }
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

/// The file name of the shipped sample for contract `id`, if there is one.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(id = %id))]
pub async fn dry_run_sample(id: String) -> Result<Option<String>> {
    Ok(defaults::sample_for(&id).map(|(name, _)| name))
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
    let records = if sample {
        let (name, text) = defaults::sample_for(&id).ok_or_else(|| {
            Error::not_found(format!(
                "No sample records are shipped for {id}; pick a CSV or JSON lines file instead."
            ))
        })?;
        Records::Sample { name, text }
    } else {
        match off_main(app.clone(), pick_records).await? {
            Some(path) => Records::File(path),
            None => return Ok(None),
        }
    };
    let contract_id = id.clone();
    // Who keeps the run is asked first: a long run whose result then cannot
    // be kept would waste the wait.
    let (stored, actor) = on_registry(app.clone(), move |registry| {
        Ok((registry.contract(&contract_id)?, registry.acting_as()?))
    })
    .await?;
    let (contract, version) = (stored.contract, stored.version);
    let file_name = records.name();
    let result = off_main(app.clone(), move |app| {
        let control = app.state::<DryRunControl>();
        let guard = control.start()?;
        let (input, total_bytes) = records.open()?;
        let kind = RecordsKind::from_file_name(&records.name());
        run(
            &contract,
            input,
            kind,
            &DryRunOptions::default(),
            &mut |progress| {
                // A window that is gone cannot show progress; the run goes on.
                let _ = app.emit(
                    PROGRESS_EVENT,
                    DryRunProgress {
                        contract_id: contract.id.clone(),
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
        )
    })
    .await?;
    if result.cancelled {
        return Ok(Some(DryRunOutcome {
            file_name,
            result,
            stored: None,
            changed_to: None,
        }));
    }
    let record = result.to_registry_record(&file_name);
    let kept = on_registry(app, move |registry| {
        registry.record_dry_run(&id, version, &record, &actor)
    })
    .await?;
    Ok(Some(DryRunOutcome {
        file_name,
        result,
        stored: Some(kept.run),
        changed_to: kept.changed_to,
    }))
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
