//! Starting a team repository: the layout written from a registry's people
//! and contracts into a new working copy, committed, and pushed with the
//! `git` binary to an empty remote (a bare repository, an empty or missing
//! folder, or any URL git can push to).
//!
//! The founder's key becomes the founding key. Contracts are published with
//! their content only, no `status`: a status reached in a local registry was
//! recorded without signatures, so the team repository has no record to
//! support it, and a contract starts there as a draft to be submitted and
//! reviewed with signed records.

use std::path::Path;

use warrant_core::model::Contract;
use warrant_core::{Error, ErrorCode};

use crate::files::{FoundingKey, TeamPerson};
use crate::repo::TeamRepo;
use crate::signing::{self, SigningKey};

/// What [`start`] published.
#[derive(Debug, Clone, PartialEq)]
pub struct Started {
    pub commit: String,
    pub people: usize,
    pub contracts: usize,
    /// The founding key's fingerprint (`SHA256:…`).
    pub founding_key: String,
}

use crate::git::{is_local_path, run as git};

/// Makes sure `remote` can be pushed to and holds nothing yet, and returns
/// it as git will be given it: a missing or empty local folder becomes a
/// bare repository, and a local path becomes absolute (git runs in the
/// working copy, where a relative path would mean something else).
fn prepare_remote(remote: &str) -> Result<String, Error> {
    if is_local_path(remote) {
        let path = Path::new(remote);
        let empty = match std::fs::read_dir(path) {
            Ok(mut entries) => entries.next().is_none(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
            Err(e) => {
                return Err(Error::new(
                    ErrorCode::Io,
                    format!("cannot read {remote}: {e}"),
                ))
            }
        };
        if empty {
            std::fs::create_dir_all(path)
                .map_err(|e| Error::new(ErrorCode::Io, format!("cannot create {remote}: {e}")))?;
            git(
                Some(path),
                &["init", "-q", "--bare", "--initial-branch=main"],
            )?;
        }
    }
    let resolved = if is_local_path(remote) {
        std::fs::canonicalize(remote)
            .map_err(|e| Error::new(ErrorCode::Io, format!("cannot find {remote}: {e}")))?
            .to_string_lossy()
            .into_owned()
    } else {
        remote.to_string()
    };
    let refs = git(None, &["ls-remote", &resolved])?;
    if !refs.is_empty() {
        return Err(Error::conflict(format!(
            "{remote} already holds commits; a team repository starts in an empty repository"
        )));
    }
    Ok(resolved)
}

/// Publishes `people` and `contracts` as a new team repository at `remote`,
/// through a working copy made in `work` (which must be missing or empty).
/// `founder` must be one of `people`; `key` is their key.
pub fn start(
    remote: &str,
    team_name: &str,
    founder: &str,
    key: &SigningKey,
    people: &[TeamPerson],
    contracts: &[Contract],
    work: &Path,
) -> Result<Started, Error> {
    let Some(founder_person) = people
        .iter()
        .find(|p| p.email.eq_ignore_ascii_case(founder))
    else {
        return Err(Error::invalid(
            "as",
            format!("{founder} is not in the people list; add them first"),
        ));
    };
    if team_name.trim().is_empty() {
        return Err(Error::invalid("name", "the team needs a name"));
    }
    let remote = prepare_remote(remote)?;
    let remote = remote.as_str();

    std::fs::create_dir_all(work).map_err(|e| {
        Error::new(
            ErrorCode::Io,
            format!("cannot create {}: {e}", work.display()),
        )
    })?;
    git(Some(work), &["init", "-q"])?;
    let founding = [FoundingKey {
        email: founder_person.email.clone(),
        key: key.public_key_line(),
    }];
    let repo = TeamRepo::create(work, team_name, people, &founding)?;
    for contract in contracts {
        let mut content = contract.clone();
        content.status = None;
        repo.write_contract(&content)?;
    }
    let name = format!("user.name={}", founder_person.name);
    let email = format!("user.email={}", founder_person.email);
    let identity = ["-c", &name, "-c", &email, "-c", "commit.gpgsign=false"];
    git(Some(work), &["add", "-A"])?;
    let message = format!("Start the team repository \"{team_name}\"");
    git(
        Some(work),
        &[&identity[..], &["commit", "-q", "-m", &message]].concat(),
    )?;
    git(Some(work), &["push", "-q", remote, "HEAD:refs/heads/main"])?;
    if is_local_path(remote) {
        // An empty bare repository made elsewhere may name another default
        // branch; a clone of it would then check out nothing. (A hosted
        // remote takes its default branch from this first push.)
        let _ = git(
            Some(Path::new(remote)),
            &["symbolic-ref", "HEAD", "refs/heads/main"],
        );
    }
    let commit = git(Some(work), &["rev-parse", "HEAD"])?;
    Ok(Started {
        commit,
        people: people.len(),
        contracts: contracts.len(),
        founding_key: signing::fingerprint(key.public_key()),
    })
}
