//! The `warrant` command's integration tests, as one test binary: each file
//! here was a binary of its own, each linking the core, the PDF and the team
//! crates again. They run the built `warrant` (`CARGO_BIN_EXE_warrant`, see
//! `support`). `support` is compiled once here, so it needs no
//! `allow(dead_code)`.

mod support;

mod backup_restore;
mod cli;
mod cli_reading;
mod dryrun_cli;
mod hostile_cli;
mod human_output;
mod lifecycle;
mod team_cli;
mod worksheet_cli;
