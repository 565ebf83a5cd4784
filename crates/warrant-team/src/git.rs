//! Running the `git` binary for the team repository.
//!
//! Git is run as a program, not through a library, so fetch and push use
//! whatever the person's git already uses to reach their remote: SSH keys
//! and agent, credential helpers, proxies, `insteadOf` rewrites. Nothing
//! here asks for or stores a credential, and git is told never to prompt
//! (`GIT_TERMINAL_PROMPT=0`): a remote that wants a password it has no
//! helper for is unreachable, not a hung command.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use warrant_core::{Error, ErrorCode};

fn command(dir: Option<&Path>, args: &[&str]) -> Command {
    let mut command = Command::new("git");
    if let Some(dir) = dir {
        command.arg("-C").arg(dir);
    }
    command
        .args(["-c", "core.quotepath=off", "-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        // A commit made here must not wait for an editor.
        .env("GIT_EDITOR", "true")
        .env("GIT_MERGE_AUTOEDIT", "no");
    command
}

/// Runs git and returns its output whatever its exit status (an error only
/// when git cannot be started).
pub fn output(dir: Option<&Path>, args: &[&str]) -> Result<Output, Error> {
    command(dir, args).output().map_err(|e| {
        Error::new(
            ErrorCode::Io,
            format!("cannot run git ({e}); install git and try again"),
        )
    })
}

/// Runs git; its trimmed standard output, or an error with what it said.
pub fn run(dir: Option<&Path>, args: &[&str]) -> Result<String, Error> {
    let out = output(dir, args)?;
    if !out.status.success() {
        return Err(failed(args, &out));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The error for a git command that failed.
pub fn failed(args: &[&str], out: &Output) -> Error {
    Error::new(
        ErrorCode::Io,
        format!(
            "git {} failed: {}",
            args.first().copied().unwrap_or_default(),
            String::from_utf8_lossy(&out.stderr).trim()
        ),
    )
}

/// The contents of many objects at once (`git cat-file --batch`), in the
/// order asked; a missing object is `None`.
pub fn blobs(dir: &Path, ids: &[String]) -> Result<Vec<Option<Vec<u8>>>, Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = command(Some(dir), &["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| Error::new(ErrorCode::Io, format!("cannot run git: {e}")))?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let request: String = ids.iter().map(|id| format!("{id}\n")).collect();
    // Written from a thread: git answers while it reads, and a full pipe
    // either way would stop both.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let out = child
        .wait_with_output()
        .map_err(|e| Error::new(ErrorCode::Io, format!("git cat-file failed: {e}")))?;
    let _ = writer.join();
    let data = out.stdout;
    let mut found = Vec::with_capacity(ids.len());
    let mut at = 0;
    for _ in ids {
        let Some(end) = data[at..].iter().position(|b| *b == b'\n') else {
            break;
        };
        let header = String::from_utf8_lossy(&data[at..at + end]).to_string();
        at += end + 1;
        let mut parts = header.split(' ');
        let _id = parts.next();
        match (
            parts.next(),
            parts.next().and_then(|n| n.parse::<usize>().ok()),
        ) {
            (Some(_kind), Some(size)) => {
                found.push(Some(data[at..at + size].to_vec()));
                at += size + 1;
            }
            _ => found.push(None),
        }
    }
    Ok(found)
}

/// A path rather than a URL: no `scheme://` and no `host:` before the first
/// slash (git's `host:path` form).
pub fn is_local_path(remote: &str) -> bool {
    if remote.contains("://") {
        return false;
    }
    match (remote.find(':'), remote.find('/')) {
        (Some(colon), Some(slash)) => slash < colon,
        (Some(_), None) => false,
        (None, _) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn paths_are_told_from_urls_as_git_tells_them() {
        for local in ["/srv/team.git", "./team", "team", "../a:b/c"] {
            assert!(is_local_path(local), "{local}");
        }
        for remote in [
            "ssh://git@example.com/team.git",
            "https://example.com/team.git",
            "git@example.com:team.git",
            "host:team",
            "file:///srv/team.git",
        ] {
            assert!(!is_local_path(remote), "{remote}");
        }
    }
}
