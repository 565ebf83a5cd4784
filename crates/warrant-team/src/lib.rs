//! Warrant's team repository: one registry shared through git, with every
//! step a person takes kept as a record they signed.
//!
//! - [`layout`]: where each file lives and how record files are named;
//! - [`files`]: `warrant-team.yaml` and `people.yaml`, and `allowed_signers`;
//! - [`record`]: records (warrant-record/v1) and the bytes they sign;
//! - [`signing`]: ed25519 keys and SSH signatures (namespace `warrant`);
//! - [`agent`]: signing through a running ssh-agent;
//! - [`keyring`]: whose keys were valid when;
//! - [`repo`]: writing a working copy (layout, contracts, signed records);
//! - [`verify`]: checking a checkout, for people and CI;
//! - [`start`]: publishing a registry as a new team repository;
//! - [`git`]: running the `git` binary (so users' own credentials work);
//! - [`sync`]: connecting a registry (init, join) and syncing it;
//! - [`acting`]: steps taken in a team registry, each with its signed record;
//! - [`steps`]: reviews, status moves, init and join as the app takes them;
//! - [`yaml`]: exact YAML reading and writing for the team's own files.
//!
//! The format is described for people in `docs/team-repository.md`.

pub mod acting;
pub mod agent;
pub mod files;
pub mod git;
pub mod keyring;
pub mod layout;
pub mod record;
pub mod repo;
pub mod signing;
pub mod start;
pub mod steps;
pub mod sync;
pub mod verify;
pub mod yaml;

pub use files::{FoundingKey, PeopleFile, TeamFile, TeamPerson};
pub use record::{Kind, Record};
pub use repo::TeamRepo;
pub use signing::SigningKey;
pub use verify::{verify, Report};
