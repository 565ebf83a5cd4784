//! The app's log: what each command did, with its contract id and the error
//! when it failed, in `logs/warrant.log.<date>` next to the registry file
//! (one file a day, the last fourteen kept), so a person's bug report can
//! carry what happened. `WARRANT_LOG` sets the filter (default: Warrant's
//! own lines at `info`, other libraries' at `warn`).

use std::path::Path;
use std::sync::OnceLock;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::EnvFilter;

/// Keeps the log writer's thread flushing until the process ends.
static GUARD: OnceLock<WorkerGuard> = OnceLock::new();

/// How many daily files are kept.
const DAYS_KEPT: usize = 14;

/// Starts logging into `dir`; a log that cannot be opened is reported on
/// stderr and the app runs without one (a log must never keep anyone from
/// working).
pub fn start(dir: &Path) {
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("warrant.log")
        .max_log_files(DAYS_KEPT)
        .build(dir);
    let appender = match appender {
        Ok(appender) => appender,
        Err(e) => {
            eprintln!("warrant: no log file in {}: {e}", dir.display());
            return;
        }
    };
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("WARRANT_LOG")
        .unwrap_or_else(|_| EnvFilter::new("warn,warrant_app=info,warrant_core=info"));
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        // One line as each command ends: its name, contract id, time taken.
        .with_span_events(FmtSpan::CLOSE)
        .try_init();
    if installed.is_ok() {
        let _ = GUARD.set(guard);
        tracing::info!(version = env!("CARGO_PKG_VERSION"), "Warrant started");
    }
}
