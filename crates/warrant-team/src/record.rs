//! Records: what one person did, signed by them (warrant-record/v1).
//!
//! A record is a YAML mapping: `format`, `kind`, `contract` (or `person` for
//! a `person_key` record), `content_sha256`, `by`, `at`, the kind's own
//! fields, and `signature`. The signature covers the canonical JSON (RFC
//! 8785) of the mapping without `signature`, exactly as read, so a record is
//! checked on the value in the file, never on a re-serialization of it.
//!
//! Reading is strict: a key the kind does not have is refused with its path,
//! as is a missing one or a value of the wrong type.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use warrant_core::canonical::{canonical_json, content_sha256, sha256_hex};
use warrant_core::lifecycle::{reviewer_role, Action, ReviewDecision};
use warrant_core::model::{Authority, Contract};

/// The format tag every record carries.
pub const RECORD_FORMAT: &str = "warrant-record/v1";

/// The kinds of record, as written in `kind` and in file names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Review,
    Submit,
    Launch,
    Pause,
    Resume,
    Retire,
    Rollback,
    Discard,
    DryRun,
    PersonKey,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::Review,
        Kind::Submit,
        Kind::Launch,
        Kind::Pause,
        Kind::Resume,
        Kind::Retire,
        Kind::Rollback,
        Kind::Discard,
        Kind::DryRun,
        Kind::PersonKey,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Review => "review",
            Kind::Submit => "submit",
            Kind::Launch => "launch",
            Kind::Pause => "pause",
            Kind::Resume => "resume",
            Kind::Retire => "retire",
            Kind::Rollback => "rollback",
            Kind::Discard => "discard",
            Kind::DryRun => "dry_run",
            Kind::PersonKey => "person_key",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.as_str() == text)
    }

    /// The lifecycle transition a record of this kind takes, if it takes one
    /// (a review's depends on its decision).
    pub fn transition(self) -> Option<Action> {
        match self {
            Kind::Submit => Some(Action::Submit),
            Kind::Launch => Some(Action::Launch),
            Kind::Pause => Some(Action::Pause),
            Kind::Resume => Some(Action::Resume),
            Kind::Retire => Some(Action::Retire),
            Kind::Discard => Some(Action::Discard),
            Kind::Review | Kind::Rollback | Kind::DryRun | Kind::PersonKey => None,
        }
    }
}

/// A review of one content: the decision, the owner roles the reviewer held
/// on it and the authority it asked for (so a later raise shows without git
/// history).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewFields {
    pub decision: ReviewDecision,
    pub roles: Vec<String>,
    pub authority: Authority,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// The version number in the signer's own registry; for people reading
    /// the record, the content hash is what counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

/// submit: an optional comment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteFields {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

/// launch: the authority the launched content asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaunchFields {
    pub authority: Authority,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

/// pause, retire, discard: why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonFields {
    pub reason: String,
}

/// resume: a comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentFields {
    pub comment: String,
}

/// rollback: what was reverted in the destination, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RollbackFields {
    pub what: String,
}

/// dry_run: the summary of one run on sample records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DryRunFields {
    pub file_name: String,
    pub file_sha256: String,
    /// Rows read, malformed ones included.
    pub rows: u64,
    pub counts: DryRunCounts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DryRunCounts {
    pub eligible: u64,
    pub review: u64,
    pub suppressed: u64,
    pub malformed: u64,
}

/// The four outcome totals of the registry's counts, as a record carries them.
impl From<&warrant_core::dryrun::DryRunCounts> for DryRunCounts {
    fn from(counts: &warrant_core::dryrun::DryRunCounts) -> DryRunCounts {
        DryRunCounts {
            eligible: counts.eligible,
            review: counts.review,
            suppressed: counts.suppressed,
            malformed: counts.malformed,
        }
    }
}

impl DryRunFields {
    /// Records that were evaluated (not malformed): a run of none does not
    /// count as trying real records (readiness rule X4).
    pub fn evaluated(&self) -> u64 {
        self.counts.eligible + self.counts.review + self.counts.suppressed
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyAction {
    Add,
    Revoke,
}

/// person_key: a key added to or revoked from the person named in `person`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonKeyFields {
    pub action: KeyAction,
    /// An OpenSSH public key line.
    pub key: String,
    /// For a revocation: the records the key signed before it was revoked
    /// that stay valid, by [`record_digest`]. A record's `at` is written by
    /// its signer, so without this list a stolen key could still sign
    /// records dated before its revocation; with it, only the listed ones
    /// count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keeps: Option<Vec<String>>,
}

/// The kind of a record with its own fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Review(ReviewFields),
    Submit(NoteFields),
    Launch(LaunchFields),
    Pause(ReasonFields),
    Resume(CommentFields),
    Retire(ReasonFields),
    Rollback(RollbackFields),
    Discard(ReasonFields),
    DryRun(DryRunFields),
    PersonKey(PersonKeyFields),
}

impl Body {
    pub fn kind(&self) -> Kind {
        match self {
            Body::Review(_) => Kind::Review,
            Body::Submit(_) => Kind::Submit,
            Body::Launch(_) => Kind::Launch,
            Body::Pause(_) => Kind::Pause,
            Body::Resume(_) => Kind::Resume,
            Body::Retire(_) => Kind::Retire,
            Body::Rollback(_) => Kind::Rollback,
            Body::Discard(_) => Kind::Discard,
            Body::DryRun(_) => Kind::DryRun,
            Body::PersonKey(_) => Kind::PersonKey,
        }
    }

    /// The text a lifecycle step must be given (reason or comment), for
    /// `lifecycle::check_note`.
    pub fn note(&self) -> &str {
        match self {
            Body::Review(f) => &f.comment,
            Body::Submit(f) => &f.comment,
            Body::Launch(f) => &f.comment,
            Body::Pause(f) | Body::Retire(f) | Body::Discard(f) => &f.reason,
            Body::Resume(f) => &f.comment,
            Body::Rollback(f) => &f.what,
            Body::DryRun(_) | Body::PersonKey(_) => "",
        }
    }

    fn fields(&self) -> Value {
        let value = match self {
            Body::Review(f) => serde_json::to_value(f),
            Body::Submit(f) => serde_json::to_value(f),
            Body::Launch(f) => serde_json::to_value(f),
            Body::Pause(f) | Body::Retire(f) | Body::Discard(f) => serde_json::to_value(f),
            Body::Resume(f) => serde_json::to_value(f),
            Body::Rollback(f) => serde_json::to_value(f),
            Body::DryRun(f) => serde_json::to_value(f),
            Body::PersonKey(f) => serde_json::to_value(f),
        };
        value.expect("record fields serialize")
    }

    fn from_fields(kind: Kind, fields: Value) -> Result<Body, RecordError> {
        fn parse<T: serde::de::DeserializeOwned>(fields: Value) -> Result<T, RecordError> {
            serde_path_to_error::deserialize(fields).map_err(|e| RecordError {
                path: Some(e.path().to_string()).filter(|p| p != "."),
                message: e.inner().to_string(),
            })
        }
        Ok(match kind {
            Kind::Review => Body::Review(parse(fields)?),
            Kind::Submit => Body::Submit(parse(fields)?),
            Kind::Launch => Body::Launch(parse(fields)?),
            Kind::Pause => Body::Pause(parse(fields)?),
            Kind::Resume => Body::Resume(parse(fields)?),
            Kind::Retire => Body::Retire(parse(fields)?),
            Kind::Rollback => Body::Rollback(parse(fields)?),
            Kind::Discard => Body::Discard(parse(fields)?),
            Kind::DryRun => Body::DryRun(parse(fields)?),
            Kind::PersonKey => Body::PersonKey(parse(fields)?),
        })
    }
}

/// One record, without its signature.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The contract id, or for a `person_key` record the person's e-mail.
    pub subject: String,
    /// The canonical SHA-256 of the content concerned: the contract version
    /// ([`content_sha256`]), or for a `person_key` record the key
    /// ([`key_sha256`]).
    pub content_sha256: String,
    pub by: String,
    pub at: DateTime<Utc>,
    pub body: Body,
}

/// Why a record's text is not a record, with the dotted path where known.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordError {
    pub path: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        f.write_str(&self.message)
    }
}

fn refuse(path: &str, message: impl Into<String>) -> RecordError {
    RecordError {
        path: Some(path.to_string()),
        message: message.into(),
    }
}

/// Hex SHA-256 of a public key's type and base64 (its comment left out):
/// the `content_sha256` of a `person_key` record.
pub fn key_sha256(key_line: &str) -> String {
    let essential: Vec<&str> = key_line.split_whitespace().take(2).collect();
    sha256_hex(essential.join(" ").as_bytes())
}

/// Record times are kept to the millisecond, the precision of file names.
fn to_millis(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(at.timestamp_millis()).expect("a valid time stays valid")
}

impl Record {
    fn about(contract: &Contract, by: &str, at: DateTime<Utc>, body: Body) -> Record {
        Record {
            subject: contract.id.clone(),
            content_sha256: content_sha256(contract),
            by: by.to_string(),
            at: to_millis(at),
            body,
        }
    }

    /// A review of `contract` as it is now, by `by`.
    pub fn review(
        contract: &Contract,
        by: &str,
        at: DateTime<Utc>,
        decision: ReviewDecision,
        comment: &str,
    ) -> Record {
        let roles = reviewer_role(contract, by)
            .split(',')
            .map(str::to_string)
            .collect();
        let body = Body::Review(ReviewFields {
            decision,
            roles,
            authority: contract.authority,
            comment: comment.to_string(),
            version: None,
        });
        Record::about(contract, by, at, body)
    }

    /// A lifecycle step other than a review (`submit`, `launch`, `pause`,
    /// `resume`, `retire`, `rollback`, `discard`); `note` is its reason,
    /// comment or, for a rollback, what was reverted.
    pub fn step(
        contract: &Contract,
        kind: Kind,
        by: &str,
        at: DateTime<Utc>,
        note: &str,
    ) -> Record {
        let note = note.to_string();
        let body = match kind {
            Kind::Submit => Body::Submit(NoteFields { comment: note }),
            Kind::Launch => Body::Launch(LaunchFields {
                authority: contract.authority,
                comment: note,
                version: None,
            }),
            Kind::Pause => Body::Pause(ReasonFields { reason: note }),
            Kind::Resume => Body::Resume(CommentFields { comment: note }),
            Kind::Retire => Body::Retire(ReasonFields { reason: note }),
            Kind::Rollback => Body::Rollback(RollbackFields { what: note }),
            Kind::Discard => Body::Discard(ReasonFields { reason: note }),
            Kind::Review | Kind::DryRun | Kind::PersonKey => {
                panic!("{} records have their own constructor", kind.as_str())
            }
        };
        Record::about(contract, by, at, body)
    }

    /// The summary of a dry run of `contract`.
    pub fn dry_run(contract: &Contract, by: &str, at: DateTime<Utc>, run: DryRunFields) -> Record {
        Record::about(contract, by, at, Body::DryRun(run))
    }

    /// A key added to or revoked from `person`, signed by `by`. A
    /// revocation made here keeps no earlier record; [`TeamRepo::revoke_key`]
    /// lists the ones it keeps.
    ///
    /// [`TeamRepo::revoke_key`]: crate::repo::TeamRepo::revoke_key
    pub fn person_key(
        person: &str,
        by: &str,
        at: DateTime<Utc>,
        action: KeyAction,
        key_line: &str,
    ) -> Record {
        Record {
            subject: person.to_string(),
            content_sha256: key_sha256(key_line),
            by: by.to_string(),
            at: to_millis(at),
            body: Body::PersonKey(PersonKeyFields {
                action,
                key: key_line.trim().to_string(),
                keeps: (action == KeyAction::Revoke).then(Vec::new),
            }),
        }
    }

    pub fn kind(&self) -> Kind {
        self.body.kind()
    }

    /// The key naming the record's subject: `person` for key records,
    /// `contract` for the others.
    fn subject_key(kind: Kind) -> &'static str {
        if kind == Kind::PersonKey {
            "person"
        } else {
            "contract"
        }
    }

    /// The record as a mapping, without a signature, in the order it is
    /// written.
    pub fn to_value(&self) -> Value {
        let kind = self.kind();
        let mut map = Map::new();
        map.insert("format".into(), RECORD_FORMAT.into());
        map.insert("kind".into(), kind.as_str().into());
        map.insert(
            Record::subject_key(kind).into(),
            self.subject.clone().into(),
        );
        map.insert("content_sha256".into(), self.content_sha256.clone().into());
        map.insert("by".into(), self.by.clone().into());
        map.insert(
            "at".into(),
            self.at.to_rfc3339_opts(SecondsFormat::Millis, true).into(),
        );
        if let Value::Object(fields) = self.body.fields() {
            map.extend(fields);
        }
        Value::Object(map)
    }

    /// Reads a record mapping; returns it with its signature, if it has one.
    pub fn from_value(value: &Value) -> Result<(Record, Option<String>), RecordError> {
        let Value::Object(map) = value else {
            return Err(RecordError {
                path: None,
                message: "a record is a mapping of keys to values".into(),
            });
        };
        let mut rest = map.clone();
        let mut text = |key: &str| -> Result<String, RecordError> {
            match rest.remove(key) {
                Some(Value::String(s)) => Ok(s),
                Some(_) => Err(refuse(key, "must be text")),
                None => Err(refuse(key, "is missing")),
            }
        };
        let format = text("format")?;
        if format != RECORD_FORMAT {
            return Err(refuse(
                "format",
                format!("is \"{format}\"; a record says {RECORD_FORMAT}"),
            ));
        }
        let kind_text = text("kind")?;
        let kind = Kind::parse(&kind_text).ok_or_else(|| {
            let known: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            refuse(
                "kind",
                format!(
                    "\"{kind_text}\" is not a record kind ({})",
                    known.join(", ")
                ),
            )
        })?;
        let subject = text(Record::subject_key(kind))?;
        let content_sha256 = text("content_sha256")?;
        if !is_sha256_hex(&content_sha256) {
            return Err(refuse(
                "content_sha256",
                "must be 64 lowercase hex digits (a SHA-256)",
            ));
        }
        let by = text("by")?;
        crate::files::check_email("by", &by).map_err(|e| refuse("by", e.message))?;
        let at_text = text("at")?;
        let at = rfc3339_shape(&at_text)
            .then(|| DateTime::parse_from_rfc3339(&at_text).ok())
            .flatten()
            .ok_or_else(|| {
                refuse(
                    "at",
                    format!("\"{at_text}\" is not an RFC 3339 time such as 2026-12-01T09:26:33Z"),
                )
            })?
            .with_timezone(&Utc);
        let signature = match rest.remove("signature") {
            Some(Value::String(s)) => Some(s),
            Some(_) => {
                return Err(refuse(
                    "signature",
                    "must be text (an armored SSH signature)",
                ))
            }
            None => None,
        };
        if kind == Kind::PersonKey {
            crate::files::check_email("person", &subject)
                .map_err(|e| refuse("person", e.message))?;
        } else if let Some(problem) = warrant_core::format::validate(&Contract::new(
            subject.clone(),
            "probe",
            warrant_core::model::WorkflowCategory::Other,
        ))
        .into_iter()
        .find(|p| p.field.as_deref() == Some("id"))
        {
            return Err(refuse("contract", problem.message));
        }
        // An optional key is left out, never null: one spelling, as the
        // schema says.
        if let Some((key, _)) = rest.iter().find(|(_, v)| v.is_null()) {
            return Err(refuse(key, "is null; leave the key out instead"));
        }
        let body = Body::from_fields(kind, Value::Object(rest))?;
        if let Body::PersonKey(PersonKeyFields {
            keeps: Some(keeps), ..
        }) = &body
        {
            if let Some(i) = keeps.iter().position(|d| !is_sha256_hex(d)) {
                return Err(refuse(
                    &format!("keeps[{i}]"),
                    "must be 64 lowercase hex digits (a record's SHA-256)",
                ));
            }
        }
        Ok((
            Record {
                subject,
                content_sha256,
                by,
                at,
                body,
            },
            signature,
        ))
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, nothing looser (no space or
/// lowercase `t` for the `T`, no `+0000`): the spelling the JSON Schema
/// states too.
fn rfc3339_shape(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    if bytes.len() < 20
        || !(digits(0..4) && bytes[4] == b'-' && digits(5..7) && bytes[7] == b'-' && digits(8..10))
        || bytes[10] != b'T'
        || !(digits(11..13)
            && bytes[13] == b':'
            && digits(14..16)
            && bytes[16] == b':'
            && digits(17..19))
    {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let count = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if count == 0 {
            return false;
        }
        rest = &fraction[count..];
    }
    rest == "Z" || {
        let b = rest.as_bytes();
        b.len() == 6
            && matches!(b[0], b'+' | b'-')
            && b[1..3].iter().all(u8::is_ascii_digit)
            && b[3] == b':'
            && b[4..6].iter().all(u8::is_ascii_digit)
    }
}

fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Hex SHA-256 of a whole record as read, signature included: how a
/// revocation names the records it keeps.
pub fn record_digest(value: &Value) -> String {
    sha256_hex(canonical_json(value).as_bytes())
}

/// The bytes a record's signature covers: the canonical JSON of the record
/// mapping without its `signature`.
pub fn signed_payload(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut unsigned = map.clone();
            unsigned.remove("signature");
            canonical_json(&Value::Object(unsigned))
        }
        other => canonical_json(other),
    }
}
