//! The shell's integration tests, as one test binary: the IPC command tests
//! over the mock runtime (each file was a binary of its own, each linking
//! Tauri again) and the check of the built app binary. `support` is compiled
//! once here, so it needs no `allow(dead_code)`.

mod support;

mod command_names;
mod commands;
mod operations_commands;
mod release_build;
mod review_commands;
mod team_commands;
