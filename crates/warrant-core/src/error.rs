//! The one error type the core returns, shaped for every consumer: the CLI
//! prints `message`, the app sends `{code, message, field?}` across IPC and
//! shows it next to `field`.

use std::sync::Arc;

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
///
/// `source` keeps the underlying error (SQLite's, the file system's) for the
/// log and for `std::error::Error::source` callers; it never crosses IPC and
/// is not compared: two errors are equal when they say the same thing.
#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[ts(export, rename = "WarrantError")]
#[error("{message}")]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    #[source]
    #[serde(skip)]
    #[ts(skip)]
    pub source: Option<Arc<dyn std::error::Error + Send + Sync>>,
}

impl PartialEq for Error {
    fn eq(&self, other: &Error) -> bool {
        (self.code, &self.message, &self.field) == (other.code, &other.message, &other.field)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            field: None,
            source: None,
        }
    }

    /// Keeps `source` as the cause this error reports.
    pub fn caused_by(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Arc::new(source));
        self
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
        Error::new(ErrorCode::Registry, format!("registry database error: {e}")).caused_by(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::new(ErrorCode::Io, e.to_string()).caused_by(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn an_sqlite_error_keeps_its_cause_but_does_not_send_it() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let sqlite = conn.execute("SELECT * FROM nowhere", []).unwrap_err();
        let error = Error::from(sqlite);
        assert_eq!(error.code, ErrorCode::Registry);
        let cause = error.source().expect("the SQLite error is kept");
        assert!(cause.to_string().contains("no such table"), "{cause}");
        // The window sees code and message only.
        let sent = serde_json::to_value(&error).unwrap();
        assert_eq!(sent.as_object().unwrap().len(), 2, "{sent}");
        // Equal when they say the same thing, whatever the cause.
        assert_eq!(
            error,
            Error::new(ErrorCode::Registry, error.message.clone())
        );
    }
}
