//! The `warrant-app` binary: starts the desktop window (see the library), or
//! is the `warrant` command line when invoked as `warrant` or with one of its
//! commands — one executable carries typst and the core for both, which
//! halves the installed package (`scripts/build-deb.sh`).

// Without this a console window opens beside the app on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if warrant_cli::is_cli_invocation(&args) {
        return warrant_cli::main();
    }
    warrant_app::run();
    ExitCode::SUCCESS
}
