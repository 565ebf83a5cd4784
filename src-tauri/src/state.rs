//! The one piece of state the shell keeps: the open registry, behind a mutex
//! because commands run on a thread pool, and where it lives.
//!
//! A registry that cannot be opened (made by a newer Warrant, not a registry
//! at all) does not stop the window from opening: the error is kept and every
//! command returns it, so the user reads why instead of seeing nothing. A
//! damaged file is moved aside at open ([`open_or_quarantine`]) and the
//! window offers to restore the newest backup ([`StartupProblem`]).
//!
//! The registry sits behind a lock that can also *replace* it: restoring a
//! backup must close the open connection, swap the file and open it again.
//!
//! The window opens it on a thread of its own ([`AppState::opening`]): the
//! damage check reads every page of the file (about 0.15 s at 10,000
//! contracts), which then overlaps the window's and WebKit's start instead of
//! delaying them. The first command waits for it.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::Instant;

use serde::Serialize;
use ts_rs::TS;
use warrant_core::registry::{open_or_quarantine, OpenFailure, Registry};
use warrant_core::{Error, ErrorCode, Result};

/// Who seeds the default contracts into a new registry: nobody is acting yet
/// on a first run, so the audit trail names the app itself.
pub const SEED_ACTOR: &str = "warrant (first run)";

/// Why the registry did not open at start, for the window's recovery screen.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StartupProblem {
    /// The whole story in plain words (what happened, where the file went).
    pub message: String,
    /// Where the damaged file was moved; `None` when it was left in place.
    pub moved_to: Option<String>,
    /// The newest automatic backup, to offer for restoring.
    pub newest_backup: Option<String>,
}

pub struct AppState {
    path: PathBuf,
    /// The answer of the thread still opening the registry, until the first
    /// use takes it ([`AppState::settle`]).
    opening: Mutex<Option<mpsc::Receiver<Opened>>>,
    registry: Mutex<std::result::Result<Registry, Error>>,
    problem: Mutex<Option<StartupProblem>>,
}

/// What opening the registry gave: the registry or why not.
type Opened = (std::result::Result<Registry, Error>, Option<StartupProblem>);

fn open_for_state(path: &Path) -> Opened {
    opened(open_and_seed(path))
}

/// The registry, or the error every command answers and the problem the
/// recovery screen shows, both from one failure.
fn opened(result: std::result::Result<Registry, OpenFailure>) -> Opened {
    match result {
        Ok(registry) => (Ok(registry), None),
        Err(failure) => {
            let problem = StartupProblem::from(&failure);
            (Err(Error::from(failure)), Some(problem))
        }
    }
}

impl AppState {
    /// Opens (creating if needed) the registry at `path`; a registry with no
    /// contract gets the default templates and examples. A damaged
    /// file is moved aside and reported by [`AppState::startup_problem`].
    pub fn open(path: &Path) -> AppState {
        let (registry, problem) = open_for_state(path);
        AppState {
            path: path.to_path_buf(),
            opening: Mutex::new(None),
            registry: Mutex::new(registry),
            problem: Mutex::new(problem),
        }
    }

    /// [`AppState::open`] on a thread of its own, returning at once; the
    /// first use of the state waits for it. `then` runs on that thread once
    /// the registry opened without a problem (the start-up backup).
    pub fn opening(path: &Path, then: impl FnOnce(&Path) + Send + 'static) -> AppState {
        let (send, receive) = mpsc::channel();
        let owned = path.to_path_buf();
        std::thread::spawn(move || {
            let started = Instant::now();
            let opened = open_for_state(&owned);
            let fine = opened.0.is_ok();
            tracing::info!(
                ms = started.elapsed().as_millis() as u64,
                fine,
                "registry opened"
            );
            // Nobody listening means the app is closing: nothing to do.
            if send.send(opened).is_ok() && fine {
                then(&owned);
            }
        });
        AppState {
            path: path.to_path_buf(),
            opening: Mutex::new(Some(receive)),
            registry: Mutex::new(Err(Error::new(
                ErrorCode::Registry,
                "The registry is still being opened; try again in a moment.",
            ))),
            problem: Mutex::new(None),
        }
    }

    /// Waits for the opening thread's answer, once, and keeps it.
    fn settle(&self) {
        let mut opening = lock(&self.opening);
        let Some(receive) = opening.take() else {
            return;
        };
        let (registry, problem) = receive.recv().unwrap_or_else(|_| {
            opened(Err(OpenFailure::Refused(Error::new(
                ErrorCode::Internal,
                "Opening the registry stopped unexpectedly; see the log, then start Warrant again.",
            ))))
        });
        *lock(&self.registry) = registry;
        *lock(&self.problem) = problem;
    }

    /// State over an already open registry (tests).
    pub fn from_registry(path: &Path, registry: Registry) -> AppState {
        AppState {
            path: path.to_path_buf(),
            opening: Mutex::new(None),
            registry: Mutex::new(Ok(registry)),
            problem: Mutex::new(None),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What went wrong when the registry was opened, until it is fixed.
    pub fn startup_problem(&self) -> Option<StartupProblem> {
        self.settle();
        lock(&self.problem).clone()
    }

    /// Runs `work` with the registry locked.
    pub fn with_registry<T>(&self, work: impl FnOnce(&mut Registry) -> Result<T>) -> Result<T> {
        self.settle();
        let mut slot = lock(&self.registry);
        let registry = slot.as_mut().map_err(|e| e.clone())?;
        work(registry)
    }

    /// Closes the registry, runs `work` on its path (restoring a backup
    /// replaces the file), then opens it again, whatever `work` returned.
    /// Nothing else can use the registry meanwhile.
    pub fn reopen_after<T>(&self, work: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
        self.settle();
        let mut slot = lock(&self.registry);
        // Dropping the connection closes the file before it is replaced.
        *slot = Err(Error::new(
            ErrorCode::Registry,
            "The registry is being replaced; try again in a moment.",
        ));
        let outcome = work(&self.path);
        let (registry, problem) = open_for_state(&self.path);
        *slot = registry;
        *lock(&self.problem) = problem;
        let outcome = outcome?;
        slot.as_ref().map_err(|e| e.clone())?;
        Ok(outcome)
    }
}

/// A panic while a lock was held leaves the registry itself intact (every
/// write is one SQLite transaction), so the lock stays usable.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl From<&OpenFailure> for StartupProblem {
    fn from(failure: &OpenFailure) -> Self {
        match failure {
            OpenFailure::Corrupt {
                moved_to,
                newest_backup,
                error,
            } => StartupProblem {
                message: error.message.clone(),
                moved_to: Some(moved_to.display().to_string()),
                newest_backup: newest_backup.as_ref().map(|p| p.display().to_string()),
            },
            OpenFailure::Refused(error) => StartupProblem {
                message: error.message.clone(),
                moved_to: None,
                newest_backup: None,
            },
        }
    }
}

fn open_and_seed(path: &Path) -> std::result::Result<Registry, OpenFailure> {
    let mut registry = create_folder(path)
        .map_err(OpenFailure::Refused)
        .and_then(|()| open_or_quarantine(path))?;
    let seeded = registry.is_empty().and_then(|empty| {
        if empty {
            registry.seed_defaults(SEED_ACTOR).map(drop)
        } else {
            Ok(())
        }
    });
    seeded.map_err(OpenFailure::Refused)?;
    Ok(registry)
}

fn create_folder(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::new(
                ErrorCode::Io,
                format!(
                    "Cannot create the folder {} for the registry: {e}",
                    dir.display()
                ),
            )
        })?;
    }
    Ok(())
}
