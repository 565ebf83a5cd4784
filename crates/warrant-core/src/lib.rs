//! Warrant's core: everything the app and the `warrant` CLI share, with no
//! knowledge of Tauri or IPC.
//!
//! - [`model`]: the contract as Rust types (and so the file format,
//!   `docs/file-format.md`);
//! - [`format`]: reading and writing warrant/v1 files (YAML/JSON), strictly;
//! - [`readiness`]: the readiness rules (`docs/readiness-rules.md`) — ceiling,
//!   verdict, next route;
//! - [`lifecycle`]: the lifecycle and review rules (`docs/lifecycle.md`) as
//!   pure functions over facts;
//! - [`dryrun`]: dry runs over sample records (`docs/dry-run.md`);
//! - [`diff`]: field-level differences between two versions, in plain words;
//! - [`registry`]: the SQLite registry (people, contracts, versions, reviews,
//!   dry runs, audit events, the team connection) and its migrations;
//! - [`defaults`]: the embedded templates, examples and samples;
//! - [`library`]: the template library and drafts started from a template;
//! - [`condition`]: the CEL `when` conditions of suppression rules, compiled
//!   with limits; used by the readiness rules, the dry run and the editor;
//! - [`canonical`]: RFC 8785 canonical JSON and the content hash of a contract;
//! - [`paths`]: where the registry lives by default; [`error`]: the one
//!   error type.

pub mod canonical;
pub mod condition;
pub mod defaults;
pub mod diff;
pub mod dryrun;
pub mod error;
pub mod format;
pub mod library;
pub mod lifecycle;
pub mod model;
pub mod paths;
pub mod readiness;
pub mod registry;

pub use error::{Error, ErrorCode, Result};
