//! Reading and writing warrant/v1 files (SPEC §2.1). BEING IMPLEMENTED.

use crate::model::Contract;

/// Why a file could not be read: where (line/column for syntax, dotted path
/// for content) and what, in plain words.
#[derive(Debug, Clone, PartialEq)]
pub struct FormatError {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub path: Option<String>,
    pub message: String,
}

/// Parses one warrant/v1 document (YAML or JSON, told apart by `name`'s
/// extension, else by content). BEING IMPLEMENTED.
pub fn parse_contract(name: &str, bytes: &[u8]) -> Result<Contract, FormatError> {
    let _ = (name, bytes);
    todo!("format")
}
