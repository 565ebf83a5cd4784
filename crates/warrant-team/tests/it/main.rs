//! The team repository end to end: keys made by `ssh-keygen`, repositories
//! built in temporary folders through the writer API (and committed with
//! `git`), checked by `verify` and by OpenSSH itself; and registries synced
//! through a bare repository (`sync`).

mod hostile;
mod schemas;
mod signing;
mod steps;
mod support;
mod sync;
mod verify;
