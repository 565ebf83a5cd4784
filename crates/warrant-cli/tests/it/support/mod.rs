//! What every CLI test file needs to run the real `warrant` binary the way a
//! script does: the run itself (never picking up a registry from the
//! caller's `WARRANT_DB`), its output as text, and files of the repository.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `warrant args…` to the end.
/// Someone the example people list holds, for commands that must say who
/// acts (an import into a registry made by `warrant init`).
pub const IMPORTER: &str = "marcus.reed@example.com";

pub fn warrant(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_warrant"))
        .args(args)
        .env_remove("WARRANT_DB")
        .output()
        .expect("warrant runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `warrant args…`, expects success and gives back what it printed.
pub fn ok(args: &[&str]) -> String {
    let out = warrant(args);
    assert!(
        out.status.success(),
        "warrant {args:?} failed: {}\n{}",
        stdout(&out),
        stderr(&out)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A file of the repository, named from its root, as an argument.
pub fn repo_file(rel: &str) -> String {
    repo_root().join(rel).display().to_string()
}

/// A forecast-commentary contract with every section filled in for suggest,
/// named `id` and `title`. `owners` is the body of its owners block, one
/// indented `role: email` line each: who owns it decides how far it may go
/// (without a data owner it stops at suggest).
pub fn forecast_contract(id: &str, title: &str, owners: &str) -> String {
    format!(
        r#"format: warrant/v1
id: {id}
title: {title}
workflow:
  category: forecast_commentary
  description: Summarise pipeline changes for the Monday forecast call.
  decision: The VP of sales reads the note before the call.
authority: suggest
sources:
  - name: opportunity_history
    system: crm
    role: source_of_truth
    trust: trusted
    owner: dana@example.com
owners:
{owners}destination:
  system: forecast_note
  target: Monday forecast doc
  shows: [reason_code, confidence, timestamp, source]
"#
    )
}
