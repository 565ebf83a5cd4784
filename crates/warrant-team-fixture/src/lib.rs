//! The setup the team tests share, so that warrant-team's tests and
//! benchmarks, the app's team commands and the end-to-end team test meet
//! the same team: the people, one contract ready at `suggest` with an owner
//! for each part ([`contract`]), keys made by `ssh-keygen` and repositories
//! made by `git` ([`process`]), and the team a RevOps lead has started for
//! others to join ([`started`]).
//!
//! One home, so a change to the contract or to how a key is made is one
//! change for every one of those tests. Test-only (`publish = false`): it
//! is a dev-dependency wherever it is used.

pub mod contract;
pub mod process;
pub mod started;

pub use contract::{contract, owned_by, Owners, CONTRACT, ID};
pub use process::{bare_repository, git, run, ssh_keygen, try_run};
pub use started::{lee, StartedTeam};

/// Business owner of [`CONTRACT`]; founds warrant-team's test repository.
pub const BEA: &str = "bea@example.com";
/// Data owner, in every contract here: the one who joins a started team.
pub const DAN: &str = "dan@example.com";
/// Destination owner of [`CONTRACT`].
pub const DEE: &str = "dee@example.com";
/// Exception owner of [`CONTRACT`].
pub const EVE: &str = "eve@example.com";
/// The RevOps lead who starts a [`StartedTeam`]: owns all but the data.
pub const LEE: &str = "lee@example.com";
