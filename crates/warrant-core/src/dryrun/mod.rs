//! Dry run of a contract over sample records (`docs/dry-run.md`): what the
//! contract would do to each record — `eligible`, `review` or `suppressed`, and why —
//! before the workflow is allowed to touch real ones.
//!
//! - [`crate::condition`] (its own module, shared with the readiness rules
//!   and the editor's validation): compiling and evaluating the CEL `when`
//!   conditions;
//! - [`records`]: streaming CSV / JSON lines, typing cells, hashing the file;
//! - `evaluate`: the order of evaluation for one record;
//! - [`RecordsSource`]: a records file or a shipped sample, opened the same
//!   way for both front ends.
//!
//! Decisions taken on the conservative side:
//! - a rule with a `when` but no `action` sends matching records to review;
//! - a condition that cannot be decided on a record (missing field, wrong
//!   type, not true/false) does not stop the rules after it: a later rule
//!   whose condition is true decides; when none does, the record goes to
//!   review, naming the rule and the field by its full path; the run goes
//!   on;
//! - a condition that does not compile stops the run before any record is
//!   read (an error on `suppression[i].when`): a run that silently skipped
//!   a rule would report records eligible that the contract suppresses;
//! - for `min_confidence`, a missing, a JSON `null` and a non-numeric
//!   confidence each go to review, saying which; for
//!   `reason_codes_required`, a blank or null `reason_code` counts as
//!   missing;
//! - malformed rows (wrong cell count, an unclosed quote, invalid JSON,
//!   invalid UTF-8 in any cell) are not evaluated: they are listed with
//!   their line and counted, and `total` counts them, so
//!   `total = eligible + review + suppressed + malformed` always. `row`
//!   numbers count every data record of the file, malformed ones too, so
//!   they match the file.

mod csv_reader;
mod evaluate;
pub mod records;
mod source;

use std::collections::BTreeMap;
use std::io::Read;
use std::ops::ControlFlow;

use serde::Serialize;
use ts_rs::TS;

pub use records::{MalformedRow, RecordsKind};
pub use source::RecordsSource;

use crate::model::Contract;
use crate::Result;
use evaluate::Evaluator;
use records::{FieldFilter, Next, RecordStream};

/// How often `progress` is called, in records (valid or malformed).
pub const PROGRESS_EVERY: u64 = 1000;

/// Malformed rows listed one by one; the rest are only counted.
pub const MAX_MALFORMED_LISTED: usize = 100;

/// What happens to a record.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize, TS,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Outcome {
    /// Passes every rule and threshold: the workflow may act on it at the
    /// contract's authority.
    Eligible,
    /// A person must look at it first.
    Review,
    /// The workflow must leave it alone.
    Suppressed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Eligible => "eligible",
            Outcome::Review => "review",
            Outcome::Suppressed => "suppressed",
        }
    }
}

/// One record's outcome and reason.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RecordOutcome {
    /// 1-based position among the file's data records.
    #[ts(type = "number")]
    pub row: u64,
    pub outcome: Outcome,
    /// The suppression rule that decided (or whose condition failed).
    pub rule: Option<String>,
    pub reason: String,
    /// The record's values in [`DryRunResult::id_columns`], in that order
    /// (empty text where the record has none), so a person can tell which
    /// record this is.
    pub ids: Vec<String>,
}

/// The malformed rows of a run: how many, and the first ones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MalformedRows {
    #[ts(type = "number")]
    pub total: u64,
    /// The first [`MAX_MALFORMED_LISTED`].
    pub rows: Vec<MalformedRow>,
}

/// Knobs of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DryRunOptions {
    /// Per-record rows kept in [`DryRunResult::records`]; the counts always
    /// cover every record.
    pub max_records_in_result: usize,
}

impl Default for DryRunOptions {
    fn default() -> Self {
        DryRunOptions {
            max_records_in_result: 10_000,
        }
    }
}

/// Reported to the caller every [`PROGRESS_EVERY`] records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Progress {
    /// Records read so far, malformed ones included.
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// The outcome of a dry run. Field order is the CLI's JSON output order
/// (`total, eligible, review, suppressed, by_rule, records`, then the rest).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DryRunResult {
    /// Every data row of the file: `eligible + review + suppressed` plus the
    /// malformed rows (`malformed.total`).
    #[ts(type = "number")]
    pub total: u64,
    #[ts(type = "number")]
    pub eligible: u64,
    #[ts(type = "number")]
    pub review: u64,
    #[ts(type = "number")]
    pub suppressed: u64,
    /// Records each conditioned suppression rule decided (its condition was
    /// true); every conditioned rule is listed, with 0 when it never
    /// decided. Records on which its condition failed are in
    /// [`DryRunResult::by_rule_failed`], not here.
    #[ts(type = "Record<string, number>")]
    pub by_rule: BTreeMap<String, u64>,
    /// The first `max_records_in_result` records, in file order.
    pub records: Vec<RecordOutcome>,
    /// Records sent to review by the thresholds: `min_confidence`,
    /// `reason_code`.
    #[ts(type = "Record<string, number>")]
    pub by_threshold: BTreeMap<String, u64>,
    /// Records on which each conditioned rule's condition could not be
    /// decided (whether or not a later rule then decided them); only rules
    /// that failed at least once are listed. Always present in JSON; marked
    /// optional for TypeScript so results made by earlier versions still
    /// type-check.
    #[ts(optional, type = "Record<string, number>")]
    pub by_rule_failed: BTreeMap<String, u64>,
    /// Records sent to review because a condition could not be decided and
    /// no later rule decided them.
    #[ts(type = "number")]
    pub condition_failures: u64,
    /// Suppression rules without a `when`: not applied by a dry run.
    pub unconditioned_rules: u32,
    pub malformed: MalformedRows,
    /// The caller stopped the run; counts cover the records read until then.
    pub cancelled: bool,
    /// SHA-256 (hex) of the bytes read — the whole file unless cancelled.
    pub file_hash: String,
    #[ts(type = "number")]
    pub bytes_read: u64,
    /// The columns that identify a record (`docs/dry-run.md`): the
    /// contract's `grain.identifiers` the file has, else its first column.
    pub id_columns: Vec<String>,
}

impl DryRunResult {
    /// Data rows in the file: records plus malformed rows.
    pub fn row_count(&self) -> u64 {
        self.total
    }

    /// Records that were evaluated: every row but the malformed ones.
    pub fn evaluated(&self) -> u64 {
        self.eligible + self.review + self.suppressed
    }

    /// What the registry keeps of this run (file name, hash, row count,
    /// counts); the registry adds time, person and version.
    pub fn to_registry_record(&self, file_name: &str) -> DryRunRecord {
        DryRunRecord {
            file_name: file_name.to_string(),
            file_hash: self.file_hash.clone(),
            row_count: self.row_count(),
            counts: DryRunCounts {
                total: self.total,
                eligible: self.eligible,
                review: self.review,
                suppressed: self.suppressed,
                malformed: self.malformed.total,
                by_rule: self.by_rule.clone(),
                by_rule_failed: self.by_rule_failed.clone(),
                by_threshold: self.by_threshold.clone(),
                condition_failures: self.condition_failures,
                unconditioned_rules: self.unconditioned_rules,
            },
        }
    }
}

/// What the registry keeps of a run (file, hash, row count, counts); the
/// registry adds the time, the person and the version it evaluated.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, TS)]
#[ts(export)]
pub struct DryRunRecord {
    pub file_name: String,
    /// SHA-256 of the sample file, hex.
    pub file_hash: String,
    #[ts(type = "number")]
    pub row_count: u64,
    pub counts: DryRunCounts,
}

/// The counts a kept run carries: in the registry, in its `dry_run` audit
/// event, and (the four outcome totals) in a team's dry-run records.
/// Every field has a default: runs kept by earlier versions of Warrant lack
/// some (`total`, `malformed`, `by_rule_failed`), and read as 0 or empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct DryRunCounts {
    /// Every data row of the file, malformed ones included.
    #[ts(type = "number")]
    pub total: u64,
    #[ts(type = "number")]
    pub eligible: u64,
    #[ts(type = "number")]
    pub review: u64,
    #[ts(type = "number")]
    pub suppressed: u64,
    #[ts(type = "number")]
    pub malformed: u64,
    /// Records each conditioned suppression rule decided.
    #[ts(type = "Record<string, number>")]
    pub by_rule: BTreeMap<String, u64>,
    /// Records on which each rule's condition could not be decided.
    #[ts(type = "Record<string, number>")]
    pub by_rule_failed: BTreeMap<String, u64>,
    /// Records sent to review by `min_confidence` and `reason_code`.
    #[ts(type = "Record<string, number>")]
    pub by_threshold: BTreeMap<String, u64>,
    #[ts(type = "number")]
    pub condition_failures: u64,
    pub unconditioned_rules: u32,
}

impl DryRunCounts {
    /// Records that were evaluated (not malformed): a run of none does not
    /// count as trying real records (readiness rule X4).
    pub fn evaluated(&self) -> u64 {
        self.eligible + self.review + self.suppressed
    }
}

/// Runs `contract` over the records in `input`, streaming.
///
/// Fails before reading records when a condition does not compile or the
/// CSV header is unusable, and midway only when the input itself cannot be
/// read. `progress` is called every [`PROGRESS_EVERY`] records; returning
/// `Break` stops the run and the result says `cancelled`.
pub fn run(
    contract: &Contract,
    input: impl Read,
    kind: RecordsKind,
    options: &DryRunOptions,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<DryRunResult> {
    let evaluator = Evaluator::new(contract)?;
    let mut stream = RecordStream::open(input, kind)?;
    let filter = evaluator
        .fields_read()
        .map(|names| FieldFilter::new(names, stream.headers()));
    let mut result = DryRunResult {
        total: 0,
        eligible: 0,
        review: 0,
        suppressed: 0,
        by_rule: BTreeMap::new(),
        records: Vec::new(),
        by_threshold: BTreeMap::new(),
        by_rule_failed: BTreeMap::new(),
        condition_failures: 0,
        unconditioned_rules: evaluator.unconditioned_rules,
        malformed: MalformedRows::default(),
        cancelled: false,
        file_hash: String::new(),
        bytes_read: 0,
        id_columns: Vec::new(),
    };
    // Known from the header for CSV; for JSON lines, from the first record.
    let mut id_columns = (kind == RecordsKind::Csv)
        .then(|| identifying_columns(contract, stream.headers().iter().map(|h| &**h)));
    let mut rule_counts = vec![0u64; evaluator.rules.len()];
    let mut failure_counts = vec![0u64; evaluator.rules.len()];
    let mut rows_read = 0u64;
    loop {
        match stream.next_record()? {
            Next::End => break,
            Next::Malformed(row) => {
                result.total += 1;
                result.malformed.total += 1;
                if result.malformed.rows.len() < MAX_MALFORMED_LISTED {
                    result.malformed.rows.push(row);
                }
            }
            Next::Record { row, record } => {
                let decision = evaluator.decide(&record, filter.as_ref());
                let outcome = evaluator.outcome(&decision);
                result.total += 1;
                match outcome {
                    Outcome::Eligible => result.eligible += 1,
                    Outcome::Review => result.review += 1,
                    Outcome::Suppressed => result.suppressed += 1,
                }
                match &decision {
                    evaluate::Decision::Matched { rule } => rule_counts[*rule] += 1,
                    evaluate::Decision::MatchedAfterFailures { rule, failed } => {
                        rule_counts[*rule] += 1;
                        for i in failed {
                            failure_counts[*i] += 1;
                        }
                    }
                    evaluate::Decision::ConditionFailed { failed, .. } => {
                        for i in failed {
                            failure_counts[*i] += 1;
                        }
                        result.condition_failures += 1;
                    }
                    evaluate::Decision::NoConfidence
                    | evaluate::Decision::NullConfidence
                    | evaluate::Decision::ConfidenceNotNumber(_)
                    | evaluate::Decision::LowConfidence(_) => {
                        *result
                            .by_threshold
                            .entry("min_confidence".into())
                            .or_default() += 1
                    }
                    evaluate::Decision::NoReasonCode => {
                        *result.by_threshold.entry("reason_code".into()).or_default() += 1
                    }
                    evaluate::Decision::Eligible => {}
                }
                let columns = id_columns.get_or_insert_with(|| match &record {
                    records::Record::Json(map) => {
                        identifying_columns(contract, map.keys().map(String::as_str))
                    }
                    records::Record::Csv { headers, .. } => {
                        identifying_columns(contract, headers.iter().map(|h| &**h))
                    }
                });
                if result.records.len() < options.max_records_in_result {
                    result.records.push(RecordOutcome {
                        row,
                        outcome,
                        rule: evaluator.rule_name(&decision).map(str::to_string),
                        reason: evaluator.reason(&decision),
                        ids: columns
                            .iter()
                            .map(|c| cell_text(&record.field(c)))
                            .collect(),
                    });
                }
            }
        }
        rows_read += 1;
        if rows_read.is_multiple_of(PROGRESS_EVERY)
            && progress(Progress {
                rows: rows_read,
                bytes: stream.bytes_read(),
            })
            .is_break()
        {
            result.cancelled = true;
            break;
        }
    }
    // Rules may share a name; their counts add up under it.
    for ((rule, count), failed) in evaluator.rules.iter().zip(rule_counts).zip(failure_counts) {
        *result.by_rule.entry(rule.name.clone()).or_default() += count;
        if failed > 0 {
            *result.by_rule_failed.entry(rule.name.clone()).or_default() += failed;
        }
    }
    result.file_hash = stream.file_hash();
    result.bytes_read = stream.bytes_read();
    result.id_columns = id_columns.unwrap_or_default();
    Ok(result)
}

/// The columns that identify a record in a file with these `columns`: the
/// contract's `grain.identifiers` the file has (in the contract's order),
/// else the file's first named column.
pub fn identifying_columns<'a>(
    contract: &Contract,
    columns: impl Iterator<Item = &'a str>,
) -> Vec<String> {
    let columns: Vec<&str> = columns.filter(|c| !c.is_empty()).collect();
    let named: Vec<String> = contract
        .grain
        .identifiers
        .iter()
        .map(|i| i.trim())
        .filter(|i| columns.contains(i))
        .map(str::to_string)
        .collect();
    if !named.is_empty() {
        return named;
    }
    columns
        .first()
        .map(|c| vec![c.to_string()])
        .unwrap_or_default()
}

/// A cell as a person reads it: the text itself, no quotes; nothing for a
/// missing or null value.
fn cell_text(value: &records::FieldValue<'_>) -> String {
    use records::FieldValue;
    match value {
        FieldValue::Missing | FieldValue::Null => String::new(),
        FieldValue::Str(s) => (*s).to_string(),
        other => other.describe(),
    }
}

/// A column of the sample records the contract reads, and what reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ColumnRead {
    /// The column (field) name, e.g. `support_severity`.
    pub column: String,
    /// What reads it, in words: a suppression rule's name, "Minimum
    /// confidence", "Reason codes required", "Identifies the record".
    pub read_by: Vec<String>,
}

/// The record columns a dry run of `contract` reads, before any file is
/// chosen: the fields its `when` conditions name, `confidence` when a
/// minimum confidence is set, `reason_code` when reason codes are
/// required, and the `grain.identifiers` that name each record in the
/// results. A condition that does not compile names nothing (it is a form
/// error of its own); one that reads the record as a whole is listed as
/// reading `record`.
pub fn columns_read(contract: &Contract) -> Vec<ColumnRead> {
    let mut out: Vec<ColumnRead> = Vec::new();
    let mut add = |column: &str, by: &str| match out.iter_mut().find(|c| c.column == column) {
        Some(c) if !c.read_by.iter().any(|b| b == by) => c.read_by.push(by.to_string()),
        Some(_) => {}
        None => out.push(ColumnRead {
            column: column.to_string(),
            read_by: vec![by.to_string()],
        }),
    };
    for id in contract.grain.identifiers.iter().map(|i| i.trim()) {
        if !id.is_empty() {
            add(id, "Identifies the record");
        }
    }
    for rule in &contract.suppression {
        if rule.when.trim().is_empty() {
            continue;
        }
        let Ok(condition) = crate::condition::compile_condition(&rule.when) else {
            continue;
        };
        let by = if rule.name.trim().is_empty() {
            "A suppression rule"
        } else {
            rule.name.trim()
        };
        if condition.reads_whole_record() {
            add("record", by);
        }
        for field in condition.fields() {
            add(field, by);
        }
    }
    if contract.thresholds.min_confidence.is_some() {
        add("confidence", "Minimum confidence");
    }
    if contract.thresholds.reason_codes_required {
        add("reason_code", "Reason codes required");
    }
    out
}

/// Writes the listed records of `result` as CSV to `out` — row, the
/// identifying columns, outcome, rule, reason — only those with outcome
/// `only` when given. Returns how many records were written. A cell that
/// a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is
/// written with a leading `'`, so opening the export runs nothing.
pub fn write_results_csv(
    result: &DryRunResult,
    only: Option<Outcome>,
    out: impl std::io::Write,
) -> Result<u64> {
    let failed = |e: csv::Error| {
        crate::Error::new(
            crate::ErrorCode::Io,
            format!("The dry-run results could not be written: {e}"),
        )
    };
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec!["row".to_string()];
    header.extend(result.id_columns.iter().cloned());
    header.extend(["outcome", "rule", "reason"].map(String::from));
    writer.write_record(&header).map_err(failed)?;
    let mut written = 0;
    for record in &result.records {
        if only.is_some_and(|o| o != record.outcome) {
            continue;
        }
        let mut cells = vec![record.row.to_string()];
        cells.extend(record.ids.iter().map(|v| inert(v)));
        cells.push(record.outcome.as_str().to_string());
        cells.push(inert(record.rule.as_deref().unwrap_or_default()));
        cells.push(inert(&record.reason));
        writer.write_record(&cells).map_err(failed)?;
        written += 1;
    }
    writer.flush().map_err(|e| {
        crate::Error::new(
            crate::ErrorCode::Io,
            format!("The dry-run results could not be written: {e}"),
        )
    })?;
    Ok(written)
}

/// A cell a spreadsheet will not evaluate.
fn inert(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}
