//! The `warrant-app` binary: starts the desktop window (see the library).

// Without this a console window opens beside the app on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    warrant_app::run()
}
