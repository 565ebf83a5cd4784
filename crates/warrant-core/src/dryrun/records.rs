//! Reading sample records, one at a time, from CSV or JSON lines.
//!
//! Nothing here holds more than one record: a million-row file streams
//! through a reused buffer, and the SHA-256 of the file is computed from
//! the same bytes as they pass ([`HashingReader`]), so the hash stored with
//! a run is the hash of what was actually evaluated.
//!
//! CSV cells are typed as `docs/dry-run.md` says, with these decisions:
//! - unquoted cells are trimmed of surrounding spaces; an empty unquoted
//!   cell is a missing field (absent from `record`, so `has(record.x)` is
//!   false);
//! - a quoted cell is always text, exactly as written between the quotes
//!   (`"0.95"`, `"true"`, `"007"`, and `""`, an empty text);
//! - `true` / `false`, in any letter case (spreadsheets write `TRUE`), are
//!   booleans;
//! - numbers are an optional sign, digits with an optional `.` (`12`, `-3`,
//!   `+5`, `0.5`, `.5`, `5.`) and an optional exponent (`1e3`); without a
//!   `.` or an exponent they are integers and must fit in 64 bits. A whole
//!   part of two or more digits starting with `0` (`007`, `00.5`) stays
//!   text: postcodes and account numbers keep their zeros. So does a number
//!   too long for 64 bits (an id, not a quantity);
//! - everything else is a string, exactly as written (after trimming).
//!
//! JSON lines: one object per line, values as JSON has them (nested objects
//! and lists included); blank lines are skipped; JSON `null` is a present
//! field whose value is null. A byte-order mark at the start of either kind
//! of file is skipped.

use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

use cel::common::types::{
    CelBool, CelDouble, CelInt, CelList, CelMap, CelMapKey, CelNull, CelString,
};
use cel::common::value::Val;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::csv_reader::{CsvReader, CsvRow, RowRead};
use crate::{Error, ErrorCode, Result};

/// The two sample-file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RecordsKind {
    Csv,
    JsonLines,
}

impl RecordsKind {
    /// The kind a file name suggests: `.jsonl`, `.ndjson` and `.json` are
    /// JSON lines, everything else CSV.
    pub fn from_file_name(name: &str) -> RecordsKind {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") || lower.ends_with(".json") {
            RecordsKind::JsonLines
        } else {
            RecordsKind::Csv
        }
    }
}

/// Longest JSON line read; a longer one is reported malformed and skipped
/// without being held in memory.
pub const MAX_JSON_LINE_BYTES: usize = 1 << 20;

/// One field value as the thresholds see it.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue<'a> {
    Missing,
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
    /// A JSON list or object.
    Nested,
}

impl FieldValue<'_> {
    /// The value as written for a reason text (`0.42`, `"high"`).
    pub fn describe(&self) -> String {
        match self {
            FieldValue::Missing => "missing".into(),
            FieldValue::Null => "null".into(),
            FieldValue::Bool(b) => b.to_string(),
            FieldValue::Int(i) => i.to_string(),
            FieldValue::Float(f) => f.to_string(),
            FieldValue::Str(s) => format!("{s:?}"),
            FieldValue::Nested => "a list or object".into(),
        }
    }

    /// A person's name for the value's type.
    pub fn kind(&self) -> &'static str {
        match self {
            FieldValue::Missing => "missing",
            FieldValue::Null => "null",
            FieldValue::Bool(_) => "true/false",
            FieldValue::Int(_) => "integer",
            FieldValue::Float(_) => "number",
            FieldValue::Str(_) => "string",
            FieldValue::Nested => "list/object",
        }
    }
}

/// Types one CSV cell (see the module documentation for the rules).
pub fn type_cell(raw: &str, quoted: bool) -> FieldValue<'_> {
    if quoted {
        return FieldValue::Str(raw);
    }
    let cell = raw.trim();
    if cell.is_empty() {
        return FieldValue::Missing;
    }
    if cell.eq_ignore_ascii_case("true") {
        return FieldValue::Bool(true);
    }
    if cell.eq_ignore_ascii_case("false") {
        return FieldValue::Bool(false);
    }
    match number_shape(cell) {
        Some(NumberShape::Integer) => cell
            .parse::<i64>()
            .map(FieldValue::Int)
            .unwrap_or(FieldValue::Str(cell)),
        Some(NumberShape::Decimal) => match cell.parse::<f64>() {
            Ok(f) if f.is_finite() => FieldValue::Float(f),
            _ => FieldValue::Str(cell),
        },
        None => FieldValue::Str(cell),
    }
}

enum NumberShape {
    Integer,
    Decimal,
}

/// `[+-]? (digits | digits? . digits?) ([eE] [+-]? digits)?`, with at least
/// one mantissa digit and no leading zero on a whole part of two or more
/// digits.
fn number_shape(cell: &str) -> Option<NumberShape> {
    let bytes = cell.as_bytes();
    let mut i = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let whole = digits(i);
    if whole > 1 && bytes[i] == b'0' {
        return None;
    }
    i += whole;
    let mut decimal = false;
    let mut fraction = 0;
    if bytes.get(i) == Some(&b'.') {
        decimal = true;
        fraction = digits(i + 1);
        i += 1 + fraction;
    }
    if whole + fraction == 0 {
        return None;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        decimal = true;
        i += 1;
        i += usize::from(matches!(bytes.get(i), Some(b'+' | b'-')));
        let exponent = digits(i);
        if exponent == 0 {
            return None;
        }
        i += exponent;
    }
    (i == bytes.len()).then_some(if decimal {
        NumberShape::Decimal
    } else {
        NumberShape::Integer
    })
}

/// The fields the conditions read, when every condition reads fields by
/// name only: the CEL map is then built from those alone, so a wide export
/// does not pay for typing and hashing columns no rule looks at.
pub struct FieldFilter {
    names: std::collections::BTreeSet<String>,
    /// For CSV: whether each column is one of `names`.
    columns: Vec<bool>,
}

impl FieldFilter {
    pub fn new(names: std::collections::BTreeSet<String>, headers: &[Arc<str>]) -> FieldFilter {
        let columns = headers.iter().map(|h| names.contains(&**h)).collect();
        FieldFilter { names, columns }
    }
}

/// One record, borrowed from the reader's buffer.
pub enum Record<'a> {
    Csv {
        headers: &'a [Arc<str>],
        cells: &'a CsvRow,
    },
    Json(&'a serde_json::Map<String, serde_json::Value>),
}

impl<'a> Record<'a> {
    /// The named field, typed.
    pub fn field(&self, name: &str) -> FieldValue<'a> {
        match self {
            Record::Csv { headers, cells } => headers
                .iter()
                .position(|h| &**h == name)
                .and_then(|i| cells.get(i))
                .map(|(raw, quoted)| type_cell(raw, quoted))
                .unwrap_or(FieldValue::Missing),
            Record::Json(map) => map.get(name).map(json_field).unwrap_or(FieldValue::Missing),
        }
    }

    /// Whether the record holds a value at `path` (nested keys of a JSON
    /// object; a CSV record has one level). The empty path always exists.
    pub fn has_path(&self, path: &[String]) -> bool {
        let Some((first, rest)) = path.split_first() else {
            return true;
        };
        match self {
            Record::Csv { .. } => rest.is_empty() && self.field(first) != FieldValue::Missing,
            Record::Json(map) => {
                let mut value = map.get(first.as_str());
                for part in rest {
                    value = value
                        .and_then(|v| v.as_object())
                        .and_then(|m| m.get(part.as_str()));
                }
                value.is_some()
            }
        }
    }

    /// The record as the CEL map bound to `record` (only the fields of
    /// `filter`, when given). Strings borrow from the reader's buffer; only
    /// the map and its boxes are allocated.
    pub fn to_cel(&self, filter: Option<&FieldFilter>) -> Box<dyn Val + 'a> {
        match self {
            Record::Csv { headers, cells } => {
                let mut map = std::collections::HashMap::with_capacity(headers.len());
                for (column, (name, (raw, quoted))) in headers.iter().zip(cells.iter()).enumerate()
                {
                    let wanted =
                        filter.is_none_or(|f| f.columns.get(column).copied().unwrap_or(false));
                    if name.is_empty() || !wanted {
                        continue;
                    }
                    let value: Box<dyn Val + 'a> = match type_cell(raw, quoted) {
                        FieldValue::Missing => continue,
                        FieldValue::Bool(b) => Box::new(CelBool::from(b)),
                        FieldValue::Int(i) => Box::new(CelInt::from(i)),
                        FieldValue::Float(f) => Box::new(CelDouble::from(f)),
                        FieldValue::Str(s) => Box::new(CelString::from(s)),
                        FieldValue::Null | FieldValue::Nested => Box::new(CelNull),
                    };
                    map.insert(CelMapKey::from(&**name), value);
                }
                Box::new(CelMap::from(map))
            }
            Record::Json(map) => match filter {
                None => Box::new(json_object_to_cel(map)),
                Some(f) => {
                    let entries = map
                        .iter()
                        .filter(|(k, _)| f.names.contains(k.as_str()))
                        .map(|(k, v)| (CelMapKey::from(k.as_str()), json_to_cel(v)))
                        .collect::<std::collections::HashMap<_, _>>();
                    Box::new(CelMap::from(entries))
                }
            },
        }
    }
}

fn json_field(value: &serde_json::Value) -> FieldValue<'_> {
    use serde_json::Value as J;
    match value {
        J::Null => FieldValue::Null,
        J::Bool(b) => FieldValue::Bool(*b),
        J::Number(n) => match n.as_i64() {
            Some(i) => FieldValue::Int(i),
            None => FieldValue::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        J::String(s) => FieldValue::Str(s),
        J::Array(_) | J::Object(_) => FieldValue::Nested,
    }
}

fn json_object_to_cel(map: &serde_json::Map<String, serde_json::Value>) -> CelMap<'_> {
    let entries = map
        .iter()
        .map(|(k, v)| (CelMapKey::from(k.as_str()), json_to_cel(v)))
        .collect::<std::collections::HashMap<_, _>>();
    CelMap::from(entries)
}

fn json_to_cel(value: &serde_json::Value) -> Box<dyn Val + '_> {
    use serde_json::Value as J;
    match value {
        J::Null => Box::new(CelNull),
        J::Bool(b) => Box::new(CelBool::from(*b)),
        J::Number(n) => match n.as_i64() {
            Some(i) => Box::new(CelInt::from(i)),
            None => Box::new(CelDouble::from(n.as_f64().unwrap_or(f64::NAN))),
        },
        J::String(s) => Box::new(CelString::from(s.as_str())),
        J::Array(items) => Box::new(CelList::from(
            items.iter().map(json_to_cel).collect::<Vec<_>>(),
        )),
        J::Object(map) => Box::new(json_object_to_cel(map)),
    }
}

/// Passes bytes through while hashing and counting them.
pub struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R: Read> HashingReader<R> {
    pub fn new(inner: R) -> Self {
        HashingReader {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// Bytes read so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Lowercase hex SHA-256 of the bytes read so far.
    pub fn hex_digest(&self) -> String {
        self.hasher
            .clone()
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// A record that could not be read: where it is and why. The run goes on.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MalformedRow {
    /// 1-based position among the file's data records (the header is not one).
    #[ts(type = "number")]
    pub row: u64,
    /// 1-based line of the file where the record starts.
    #[ts(type = "number")]
    pub line: u64,
    pub message: String,
}

/// What the next read produced.
pub enum Next<'a> {
    Record { row: u64, record: Record<'a> },
    Malformed(MalformedRow),
    End,
}

/// Streams records out of CSV or JSON lines, one at a time, reusing its
/// buffers. Call [`RecordStream::next_record`] until it returns `End`.
pub struct RecordStream<R: Read> {
    source: Source<R>,
    row: u64,
}

enum Source<R: Read> {
    Csv {
        reader: CsvReader<BufReader<HashingReader<R>>>,
        headers: Vec<Arc<str>>,
        cells: CsvRow,
        /// An unclosed quote ended the readable part of the file.
        finished: bool,
    },
    Json {
        reader: BufReader<HashingReader<R>>,
        line: u64,
        buf: Vec<u8>,
        object: serde_json::Map<String, serde_json::Value>,
    },
}

impl<R: Read> RecordStream<R> {
    /// Opens a stream; for CSV this reads the header row, whose names become
    /// the field names. Fails on an unreadable header or a name used twice.
    pub fn open(input: R, kind: RecordsKind) -> Result<Self> {
        let hashing = HashingReader::new(input);
        let source = match kind {
            RecordsKind::Csv => {
                let mut reader = CsvReader::new(BufReader::with_capacity(64 * 1024, hashing));
                let mut header = CsvRow::default();
                match reader.read_row(&mut header)? {
                    RowRead::UnclosedQuote { line, cell, .. } => {
                        return Err(Error::new(
                            ErrorCode::Parse,
                            format!("A quote opens cell {cell} of the header row on line {line} and is never closed. Close the quote and try again."),
                        ))
                    }
                    RowRead::Row { .. } if header.utf8_problem().is_some() => {
                        return Err(Error::new(
                            ErrorCode::Parse,
                            "The header row of the CSV file is not valid UTF-8 text. Save the file as UTF-8 and try again.",
                        ))
                    }
                    RowRead::Row { .. } | RowRead::End => {}
                }
                let mut headers: Vec<Arc<str>> = Vec::with_capacity(header.len());
                for (index, (name, _)) in header.iter().enumerate() {
                    let name = name.trim();
                    if !name.is_empty() && headers.iter().any(|h| &**h == name) {
                        return Err(Error::new(
                            ErrorCode::Parse,
                            format!(
                                "Column {} of the header row is named \"{name}\" like an earlier column. Give every column its own name.",
                                index + 1
                            ),
                        ));
                    }
                    headers.push(Arc::from(name));
                }
                Source::Csv {
                    reader,
                    headers,
                    cells: CsvRow::default(),
                    finished: false,
                }
            }
            RecordsKind::JsonLines => Source::Json {
                reader: BufReader::with_capacity(64 * 1024, hashing),
                line: 0,
                buf: Vec::new(),
                object: serde_json::Map::new(),
            },
        };
        Ok(RecordStream { source, row: 0 })
    }

    /// The CSV header's field names (empty for JSON lines).
    pub fn headers(&self) -> &[Arc<str>] {
        match &self.source {
            Source::Csv { headers, .. } => headers,
            Source::Json { .. } => &[],
        }
    }

    /// Bytes of the input read so far.
    pub fn bytes_read(&self) -> u64 {
        self.hashing().bytes()
    }

    /// SHA-256 (hex) of the input read so far; of the whole file once the
    /// stream has returned `End`.
    pub fn file_hash(&self) -> String {
        self.hashing().hex_digest()
    }

    fn hashing(&self) -> &HashingReader<R> {
        match &self.source {
            Source::Csv { reader, .. } => reader.get_ref().get_ref(),
            Source::Json { reader, .. } => reader.get_ref(),
        }
    }

    /// The next record, a malformed row, or the end. An I/O error (the
    /// file became unreadable) is the only error: it ends the run.
    pub fn next_record(&mut self) -> Result<Next<'_>> {
        match &mut self.source {
            Source::Csv {
                reader,
                headers,
                cells,
                finished,
            } => {
                if *finished {
                    return Ok(Next::End);
                }
                let line = match reader.read_row(cells)? {
                    RowRead::End => return Ok(Next::End),
                    RowRead::UnclosedQuote {
                        line,
                        cell,
                        last_line,
                    } => {
                        *finished = true;
                        self.row += 1;
                        let column = headers
                            .get(cell - 1)
                            .filter(|h| !h.is_empty())
                            .map(|h| format!(" ({h})"))
                            .unwrap_or_default();
                        let lines = if last_line > line {
                            format!("lines {line} to {last_line}")
                        } else {
                            format!("line {line}")
                        };
                        return Ok(Next::Malformed(MalformedRow {
                            row: self.row,
                            line,
                            message: format!(
                                "A quote opens cell {cell}{column} on line {line} and is never closed, so {lines}, the rest of the file, could not be read. Close the quote, or write a quote inside a quoted cell as two (\"\")."
                            ),
                        }));
                    }
                    RowRead::Row { line } => line,
                };
                self.row += 1;
                if let Some(cell) = cells.utf8_problem() {
                    return Ok(Next::Malformed(MalformedRow {
                        row: self.row,
                        line,
                        message: format!(
                            "Cell {} of the row is not valid UTF-8 text. Save the file as UTF-8.",
                            cell + 1
                        ),
                    }));
                }
                if cells.len() != headers.len() {
                    let len = cells.len();
                    return Ok(Next::Malformed(MalformedRow {
                        row: self.row,
                        line,
                        message: format!(
                            "The row has {len} cell{} but the header has {}. Check for a missing or extra comma, or quote cells that contain commas.",
                            if len == 1 { "" } else { "s" },
                            headers.len()
                        ),
                    }));
                }
                Ok(Next::Record {
                    row: self.row,
                    record: Record::Csv { headers, cells },
                })
            }
            Source::Json {
                reader,
                line,
                buf,
                object,
            } => loop {
                buf.clear();
                let start_line = *line + 1;
                let (read, overlong) = read_line_capped(reader, buf, MAX_JSON_LINE_BYTES)?;
                if read == 0 {
                    return Ok(Next::End);
                }
                *line += 1;
                if *line == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
                    buf.drain(..3);
                }
                if overlong {
                    self.row += 1;
                    return Ok(Next::Malformed(MalformedRow {
                        row: self.row,
                        line: start_line,
                        message: format!(
                            "The line is longer than {} MiB; it was skipped.",
                            MAX_JSON_LINE_BYTES >> 20
                        ),
                    }));
                }
                let text = match std::str::from_utf8(buf) {
                    Ok(t) => t.trim(),
                    Err(e) => {
                        self.row += 1;
                        return Ok(Next::Malformed(MalformedRow {
                            row: self.row,
                            line: start_line,
                            message: format!(
                                "The line is not valid UTF-8 text (bad byte at position {}).",
                                e.valid_up_to() + 1
                            ),
                        }));
                    }
                };
                if text.is_empty() {
                    continue;
                }
                self.row += 1;
                match serde_json::from_str::<serde_json::Value>(text) {
                    Ok(serde_json::Value::Object(map)) => {
                        *object = map;
                        return Ok(Next::Record { row: self.row, record: Record::Json(object) });
                    }
                    Ok(other) => {
                        return Ok(Next::Malformed(MalformedRow {
                            row: self.row,
                            line: start_line,
                            message: format!(
                                "The line holds {} instead of one JSON object like {{\"field\": \"value\"}}.",
                                json_kind(&other)
                            ),
                        }))
                    }
                    Err(e) => {
                        return Ok(Next::Malformed(MalformedRow {
                            row: self.row,
                            line: start_line,
                            message: format!("The line is not valid JSON: {e}."),
                        }))
                    }
                }
            },
        }
    }
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "true/false",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Reads one line into `buf` (without its `\n`), keeping at most `cap`
/// bytes; returns the bytes consumed and whether the line was longer.
fn read_line_capped<B: BufRead>(
    reader: &mut B,
    buf: &mut Vec<u8>,
    cap: usize,
) -> Result<(usize, bool)> {
    let mut consumed = 0usize;
    let mut overlong = false;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok((consumed, overlong));
        }
        let (chunk, found) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..i], Some(i + 1)),
            None => (available, None),
        };
        if !overlong {
            if buf.len() + chunk.len() > cap {
                overlong = true;
                buf.clear();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let used = found.unwrap_or(available.len());
        reader.consume(used);
        consumed += used;
        if found.is_some() {
            return Ok((consumed, overlong));
        }
    }
}
