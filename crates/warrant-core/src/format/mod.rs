//! Reading and writing warrant/v1 contract files (`docs/file-format.md`),
//! strictly.
//!
//! A file is YAML or JSON with the same shape. Reading refuses anything the
//! model does not describe (unknown keys, values outside an enum, wrong
//! types) and anything that could make a small file expensive (over 10 MB,
//! nesting deeper than 64, YAML anchors and aliases, several documents).
//! Every refusal says where (file, line, column, dotted path) and what to
//! write instead.
//!
//! YAML is read from saphyr-parser's event stream into a `serde_json::Value`
//! (YAML 1.2 core schema, aliases never expanded) while remembering where
//! each key sits, then deserialized into [`Contract`] with
//! `serde_path_to_error`, so content errors get a path and a position. YAML
//! is written by [`yaml_writer`], which quotes every string the reader could
//! take for something else, so export → import is the identity.

mod json_positions;
mod messages;
mod validate;
mod yaml_reader;
mod yaml_writer;

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, ErrorCode};
use crate::model::Contract;

pub use crate::model::strict::is_email_address;
pub use validate::{id_problem, validate};

/// Largest file accepted, in bytes. Real contracts are a few kilobytes; the
/// cap keeps a hostile file from costing time or memory.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Deepest nesting of mappings and lists accepted. The model needs 3.
pub const MAX_DEPTH: usize = 64;

/// Why a file could not be read: where (line/column for syntax, dotted path
/// for content) and what, in plain words.
#[derive(Debug, Clone, PartialEq)]
pub struct FormatError {
    pub file: String,
    /// 1-based.
    pub line: Option<usize>,
    /// 1-based, in characters.
    pub column: Option<usize>,
    /// Dotted path of the offending key or value, e.g. `sources[1].owner`.
    pub path: Option<String>,
    pub message: String,
}

impl FormatError {
    fn new(file: &str, message: impl Into<String>) -> Self {
        FormatError {
            file: file.to_string(),
            line: None,
            column: None,
            path: None,
            message: message.into(),
        }
    }

    fn at(mut self, position: Option<Position>) -> Self {
        if let Some(p) = position {
            self.line = Some(p.line);
            self.column = Some(p.column);
        }
        self
    }

    fn with_path(mut self, path: Option<String>) -> Self {
        self.path = path;
        self
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut location = self.file.clone();
        if let Some(line) = self.line {
            location.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                location.push_str(&format!(":{column}"));
            }
        }
        if !location.is_empty() {
            write!(f, "{location}: ")?;
        }
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for FormatError {}

impl From<FormatError> for Error {
    fn from(e: FormatError) -> Self {
        let field = e.path.clone();
        let error = Error::new(ErrorCode::Parse, e.to_string());
        let error = match field {
            Some(field) => error.with_field(field),
            None => error,
        };
        error.caused_by(e)
    }
}

/// A place in a text file, both 1-based (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    pub line: usize,
    pub column: usize,
}

/// Where each dotted path of a parsed document was written.
pub(crate) type PositionMap = HashMap<String, Position>;

/// The two spellings of warrant/v1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Yaml,
    Json,
}

impl FileKind {
    /// By extension (`.yaml`, `.yml`, `.json`, any case); otherwise JSON if
    /// the first non-blank character is `{`, else YAML.
    pub fn detect(name: &str, bytes: &[u8]) -> FileKind {
        if let Some(kind) = FileKind::from_name(name) {
            return kind;
        }
        let first = strip_bom(bytes).iter().find(|b| !b.is_ascii_whitespace());
        if first == Some(&b'{') {
            FileKind::Json
        } else {
            FileKind::Yaml
        }
    }

    /// By extension only; `None` when the name does not say.
    pub fn from_name(name: &str) -> Option<FileKind> {
        let ext = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" => Some(FileKind::Yaml),
            "json" => Some(FileKind::Json),
            _ => None,
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Yaml => "yaml",
            FileKind::Json => "json",
        }
    }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Parses one warrant/v1 document (YAML or JSON, told apart by `name`'s
/// extension, else by content), then applies [`validate`]; the first
/// problem found is the error. `name` is only used in messages and for the
/// extension.
pub fn parse_contract(name: &str, bytes: &[u8]) -> Result<Contract, FormatError> {
    parse_contract_as(FileKind::detect(name, bytes), name, bytes)
}

/// [`parse_contract`] with the spelling given rather than guessed.
pub fn parse_contract_as(
    kind: FileKind,
    name: &str,
    bytes: &[u8],
) -> Result<Contract, FormatError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(name, bytes.len() as u64));
    }
    let bytes = strip_bom(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let text = std::str::from_utf8(valid).unwrap_or_default();
        FormatError::new(name, "the file is not valid UTF-8 text; save it as UTF-8")
            .at(Some(position_after(text)))
    })?;
    if text.trim().is_empty() {
        return Err(empty_file(name).at(Some(Position { line: 1, column: 1 })));
    }
    let (value, positions) = match kind {
        FileKind::Yaml => read_yaml(name, text)?,
        FileKind::Json => read_json(name, text)?,
    };
    let contract = contract_from_value(name, value, &positions)?;
    if let Some(problem) = validate(&contract).into_iter().next() {
        let position = locate(&positions, problem.field.as_deref());
        return Err(FormatError::new(name, problem.message)
            .with_path(problem.field)
            .at(position));
    }
    Ok(contract)
}

/// Where `path` was written, or where the nearest enclosing mapping or list
/// was (a missing key is reported at the mapping that lacks it); the root's
/// position when nothing closer is known.
fn locate(positions: &PositionMap, path: Option<&str>) -> Option<Position> {
    let mut path = path.unwrap_or("");
    loop {
        if let Some(p) = positions.get(path) {
            return Some(*p);
        }
        if path.is_empty() {
            return None;
        }
        path = match path.rfind(['.', '[']) {
            Some(i) => &path[..i],
            None => "",
        };
    }
}

/// Reads and parses a contract file. The size is checked from the file's
/// metadata before any byte is read, and the read itself is capped, so an
/// oversized file costs nothing.
pub fn read_contract_file(path: &Path) -> Result<Contract, FormatError> {
    let name = path.display().to_string();
    let io_error =
        |e: std::io::Error| FormatError::new(&name, format!("cannot read the file: {e}"));
    let file = std::fs::File::open(path).map_err(io_error)?;
    let metadata = file.metadata().map_err(io_error)?;
    if !metadata.is_file() {
        return Err(FormatError::new(
            &name,
            "this is not a file; give the path of a .yaml or .json contract",
        ));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(&name, metadata.len()));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    parse_contract(&name, &bytes)
}

/// Reads many contract files, in input order, on all cores: parsing is most
/// of the cost of importing or checking thousands of files.
pub fn read_contract_files<P: AsRef<Path> + Sync>(
    paths: &[P],
) -> Vec<Result<Contract, FormatError>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(paths.len().max(1));
    let chunk = paths.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|p| read_contract_file(p.as_ref()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a parser thread panicked"))
            .collect()
    })
}

fn too_large(name: &str, size: u64) -> FormatError {
    FormatError::new(
        name,
        format!(
            "the file is {:.1} MB; a contract file may be at most 10 MB (real contracts are a few KB)",
            size as f64 / (1024.0 * 1024.0)
        ),
    )
}

fn empty_file(name: &str) -> FormatError {
    FormatError::new(
        name,
        "the file is empty; a contract needs at least format: warrant/v1, id, title, workflow.category and authority",
    )
}

/// Line and column just after `text`, i.e. where the next character would go.
fn position_after(text: &str) -> Position {
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Position { line, column }
}

fn read_yaml(name: &str, text: &str) -> Result<(serde_json::Value, PositionMap), FormatError> {
    let document = yaml_reader::read(text).map_err(|e| {
        FormatError::new(name, e.message)
            .at(Some(e.position))
            .with_path(e.path)
    })?;
    let first = Some(Position { line: 1, column: 1 });
    let Some(document) = document else {
        return Err(empty_file(name).at(first));
    };
    if document.value.is_null() {
        return Err(empty_file(name).at(first));
    }
    Ok((document.value, document.positions))
}

fn read_json(name: &str, text: &str) -> Result<(serde_json::Value, PositionMap), FormatError> {
    check_json_depth(text).map_err(|position| {
        FormatError::new(
            name,
            format!("the file nests deeper than {MAX_DEPTH} levels; a contract needs 3"),
        )
        .at(Some(position))
    })?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let position = (e.line() > 0).then(|| Position {
            line: e.line(),
            column: e.column(),
        });
        // Text after the closing brace belongs to no key.
        let trailing = strip_json_position(&e.to_string()) == "trailing characters";
        let path = position
            .filter(|_| !trailing)
            .and_then(|p| json_positions::path_before(text, p));
        FormatError::new(name, json_syntax_message(&e))
            .at(position)
            .with_path(path)
    })?;
    let positions = json_positions::scan(text).map_err(|dup| {
        FormatError::new(
            name,
            format!(
                "the key \"{}\" is written twice in the same mapping; keep one",
                dup.key
            ),
        )
        .with_path(Some(dup.path))
        .at(Some(dup.position))
    })?;
    Ok((value, positions))
}

/// The one reading of a parsed document, whichever spelling it came in:
/// the same value gives the same contract or the same refusal, at the
/// position the spelling recorded.
fn contract_from_value(
    name: &str,
    value: serde_json::Value,
    positions: &PositionMap,
) -> Result<Contract, FormatError> {
    if let Some(path) = list_where_mapping_belongs(&value) {
        let position = locate(positions, path.as_deref());
        return Err(list_for_mapping(name, path).at(position));
    }
    if !value.is_object() {
        return Err(FormatError::new(
            name,
            "expected a contract: a mapping of keys starting with format: warrant/v1",
        )
        .at(locate(positions, None)));
    }
    serde_path_to_error::deserialize::<_, Contract>(value).map_err(|e| {
        let path = e.path().to_string();
        let explained = messages::explain(&path, &e.inner().to_string());
        let position =
            locate(positions, explained.path.as_deref()).or_else(|| locate(positions, Some(&path)));
        FormatError::new(name, explained.message)
            .with_path(explained.path)
            .at(position)
    })
}

/// serde accepts a list in place of a struct (fields by position). A
/// contract file may not do that, so every place a mapping belongs is
/// checked first. Returns the offending path (`None` for the whole file).
fn list_where_mapping_belongs(value: &serde_json::Value) -> Option<Option<String>> {
    use serde_json::Value;
    let root = match value {
        Value::Array(_) => return Some(None),
        Value::Object(root) => root,
        _ => return None,
    };
    const SECTIONS: [&str; 8] = [
        "workflow",
        "grain",
        "owners",
        "thresholds",
        "destination",
        "exceptions",
        "audit",
        "launch_checks",
    ];
    const LISTS_OF_MAPPINGS: [&str; 3] = ["sources", "definitions", "suppression"];
    for key in SECTIONS {
        if let Some(Value::Array(_)) = root.get(key) {
            return Some(Some(key.to_string()));
        }
    }
    for key in LISTS_OF_MAPPINGS {
        if let Some(Value::Array(items)) = root.get(key) {
            if let Some(i) = items.iter().position(Value::is_array) {
                return Some(Some(format!("{key}[{i}]")));
            }
        }
    }
    None
}

fn list_for_mapping(name: &str, path: Option<String>) -> FormatError {
    let message = if path.is_none() {
        "expected a contract: a mapping of keys starting with format: warrant/v1, found a list"
    } else {
        "expected a mapping of keys, found a list"
    };
    FormatError::new(name, message).with_path(path)
}

fn json_syntax_message(e: &serde_json::Error) -> String {
    let message = strip_json_position(&e.to_string());
    match message.as_str() {
        "trailing characters" => {
            "invalid JSON: there is more text after the contract's closing '}'".into()
        }
        m if m.starts_with("EOF while parsing") => {
            format!("invalid JSON: the file ends too early ({m}); check for a missing closing bracket or quote")
        }
        m => format!("invalid JSON: {m}"),
    }
}

/// serde_json appends " at line L column C"; the position is reported
/// separately, so the message drops it.
fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Scans brackets outside strings so nesting is refused before serde_json
/// recurses into it. Returns where the limit was crossed.
fn check_json_depth(text: &str) -> Result<(), Position> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (index, byte) in text.bytes().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    let mut before = position_after(&text[..index]);
                    before.column = before.column.max(1);
                    return Err(before);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// The contract as a warrant/v1 YAML file.
pub fn to_yaml(c: &Contract) -> String {
    let value = serde_json::to_value(c).expect("a Contract always serializes to JSON");
    yaml_writer::write(&value)
}

/// The contract as a warrant/v1 JSON file: pretty, ending in a newline.
pub fn to_json(c: &Contract) -> String {
    let mut text = serde_json::to_string_pretty(c).expect("a Contract always serializes to JSON");
    text.push('\n');
    text
}

/// The contract in the given spelling.
pub fn to_text(c: &Contract, kind: FileKind) -> String {
    match kind {
        FileKind::Yaml => to_yaml(c),
        FileKind::Json => to_json(c),
    }
}

/// The JSON Schema of warrant/v1, pretty-printed with a trailing newline.
/// The committed copy is `schema/warrant-v1.schema.json`.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Contract);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serializes");
    text.push('\n');
    text
}
