//! The real tools the team tests run, `ssh-keygen` and `git`, so that keys
//! and repositories are what a person's own would be rather than what the
//! code under test would make of them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs a command; its output when it succeeds, and what it printed as the
/// error when it does not (for callers that report rather than panic).
pub fn try_run(command: &mut Command) -> Result<Output, String> {
    let output = command
        .output()
        .map_err(|e| format!("{command:?} did not start: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{command:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(output)
}

/// Runs a command, panicking with its output when it fails.
pub fn run(command: &mut Command) -> Output {
    try_run(command).unwrap_or_else(|e| panic!("{e}"))
}

/// An ed25519 key made by `ssh-keygen` at `dir/name` (`.pub` beside it),
/// commented with its name; empty passphrase unless given.
pub fn ssh_keygen(dir: &Path, name: &str, passphrase: &str) -> PathBuf {
    keygen(dir, name, passphrase).unwrap_or_else(|e| panic!("{e}"))
}

pub(crate) fn keygen(dir: &Path, name: &str, passphrase: &str) -> Result<PathBuf, String> {
    let path = dir.join(name);
    try_run(
        Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f"])
            .arg(&path),
    )?;
    Ok(path)
}

/// An empty bare repository at `path`: a team's remote.
pub fn bare_repository(path: &Path) {
    init_bare(path).unwrap_or_else(|e| panic!("{e}"))
}

pub(crate) fn init_bare(path: &Path) -> Result<(), String> {
    try_run(Command::new("git").args(["init", "-q", "--bare"]).arg(path)).map(|_| ())
}

/// `git -C dir …` with an author, no signing and `main` for a new branch,
/// whatever the machine's own git configuration says.
pub fn git(dir: &Path, args: &[&str]) -> Output {
    run(Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args))
}
