//! warrant-core's integration tests, as one test binary: each file here was a
//! binary of its own, each linking the crate again. One binary builds and
//! links once, and the shared modules (`support`, `registry_support`) are
//! compiled once, so an unused helper is a warning rather than something
//! every binary that uses only part of it has to allow.
//!
//! `tests/crash.rs` stays a binary of its own: `scripts/crash-test.sh` runs
//! it alone (`--test crash`, optionally with `CRASH_PROFILE=--release`),
//! which should not build the whole suite too, and it re-executes its own
//! binary as the child writer that is killed.
//!
//! `concurrency` re-executes this binary too; its child is named by its full
//! path here (`concurrency::concurrent_import_child`).

mod registry_support;
mod support;

mod backup;
mod concurrency;
mod corruption;
mod defaults_contracts;
mod docs_reference;
mod dryrun_conditions;
mod dryrun_fixtures;
mod dryrun_reading;
mod dryrun_samples;
mod format_errors;
mod format_roundtrip;
mod format_schema;
mod format_schema_agreement;
mod lifecycle_audit;
mod lifecycle_rules;
mod lifecycle_transitions;
mod migrations_fixtures;
mod readiness_rules;
mod registry_audit;
mod registry_contracts;
mod registry_open;
mod registry_people;
mod registry_search;
mod registry_team;
mod registry_versions;
mod security_config;
