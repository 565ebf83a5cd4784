//! The `warrant-app` binary: starts the desktop window (see the library).
//! The command line is its own executable, `warrant` (crates/warrant-cli),
//! which does not load GTK and WebKit before its first line runs.

// Without this a console window opens beside the app on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    warrant_app::run();
}
