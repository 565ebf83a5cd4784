//! The one error type the core returns, shaped for every consumer: the CLI
//! prints `message`, the app sends `{code, message, field?}` across IPC and
//! shows it next to `field`.

use serde::Serialize;
use ts_rs::TS;

/// Stable, machine-readable error kinds. The UI and scripts match on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// A file or value could not be parsed (syntax, type, enum, unknown key).
    Parse,
    /// Input parsed but breaks a rule (bad id, range, missing required value).
    Invalid,
    NotFound,
    /// The operation conflicts with the current state (duplicate id, owner in use, refused transition).
    Conflict,
    /// The registry file cannot be used (newer schema, old SQLite, corrupt).
    Registry,
    Io,
    Internal,
}

/// An error with a plain-language message and, where it concerns one field
/// of a contract, that field's dotted path (`owners.business`).
#[derive(Debug, Clone, PartialEq, Serialize, TS, thiserror::Error)]
#[ts(export, rename = "WarrantError")]
#[error("{message}")]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            field: None,
        }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::new(ErrorCode::Invalid, message).with_field(field)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::NotFound, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::Conflict, message)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::new(ErrorCode::Registry, format!("registry database error: {e}"))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::new(ErrorCode::Io, e.to_string())
    }
}
