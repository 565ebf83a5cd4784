//! The append-only audit trail and its hash chain (for users:
//! `docs/lifecycle.md`): appending, reading, verifying the chain and its head,
//! the export event, and checking against a head written down earlier. The
//! stored state against the trail is `state_check.rs`.
//!
//! Each event's hash is SHA-256 over a domain-separation prefix, the previous
//! event's hash and the canonical JSON of the event's content (seq, at,
//! actor, kind, contract_id, version, payload — object keys sorted, no
//! whitespace). Editing any field of an event, deleting one, or moving one
//! therefore breaks the chain at a point [`Registry::verify_audit`] can name.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::state_check::StateMismatch;
use super::{AuditEvent, Registry};
use crate::{Error, ErrorCode, Result};

/// Keeps these hashes from ever colliding with hashes of other Warrant data.
const DOMAIN: &[u8] = b"warrant-audit-v1\0";

/// `prev_hash` of the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The result of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AuditVerification {
    /// True when every event is present, in order, and unedited, and the
    /// stored state is what the events say.
    pub intact: bool,
    /// How many events the log holds.
    #[ts(type = "number")]
    pub events: u64,
    /// Hash of the last event (the genesis hash for an empty log). Writing it
    /// down somewhere else lets a later check prove nothing was rewritten.
    pub head: String,
    /// Where the chain breaks; `None` when every event is in place.
    pub first_bad: Option<BadEvent>,
    /// Where the stored people, contracts, versions, reviews and dry runs
    /// differ from what the events say (checked only on an unbroken chain).
    pub state_mismatches: Vec<StateMismatch>,
}

/// The first event where the chain breaks.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BadEvent {
    #[ts(type = "number")]
    pub seq: i64,
    pub reason: String,
}

/// The audit trail's head: the newest event's hash and how many events lead
/// to it. Printed as `HASH:COUNT`; keep it somewhere else and
/// [`Registry::verify_audit_against`] later proves no event up to it was lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AuditHead {
    pub hash: String,
    #[ts(type = "number")]
    pub events: u64,
}

impl std::fmt::Display for AuditHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.hash, self.events)
    }
}

impl std::str::FromStr for AuditHead {
    type Err = Error;

    /// Reads `HASH:COUNT` as printed by `warrant export`.
    fn from_str(text: &str) -> Result<AuditHead> {
        let refuse = || {
            Error::invalid(
                "head",
                format!(
                    "“{text}” is not an audit head. Write it as printed by `warrant export`: \
                     64 hex characters, a colon, the event count (e.g. 3fa9…e1:42)."
                ),
            )
        };
        let (hash, count) = text.trim().rsplit_once(':').ok_or_else(refuse)?;
        let hash = hash.to_ascii_lowercase();
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(refuse());
        }
        let events = count.parse::<u64>().map_err(|_| refuse())?;
        Ok(AuditHead { hash, events })
    }
}

/// What the caller knows about an event; `append` adds seq, time and hashes.
pub(super) struct NewEvent<'a> {
    pub kind: &'a str,
    pub contract_id: Option<&'a str>,
    pub version: Option<u32>,
    pub payload: Value,
}

/// Timestamps are stored as text in one fixed shape, so the hashed string and
/// the stored string are always the same.
pub(super) fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(super) fn parse_timestamp(text: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

/// Appends one event at the head of the chain. Call inside the transaction
/// of the change it records.
pub(super) fn append(
    conn: &Connection,
    actor: &str,
    at: DateTime<Utc>,
    event: NewEvent<'_>,
) -> Result<i64> {
    let head: Option<(i64, String)> = conn
        .query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let (prev_seq, prev_hash) = head.unwrap_or((0, GENESIS_HASH.to_string()));
    let seq = prev_seq + 1;
    let at = timestamp(at);
    let hash = event_hash(
        &prev_hash,
        seq,
        &at,
        actor,
        event.kind,
        event.contract_id,
        event.version.map(i64::from),
        &event.payload,
    );
    conn.execute(
        "INSERT INTO audit_events (seq, at, actor, kind, contract_id, version, payload, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![seq, at, actor, event.kind, event.contract_id, event.version, canonical_json(&event.payload), prev_hash, hash],
    )?;
    conn.execute(
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
        params![seq, hash],
    )?;
    Ok(seq)
}

#[allow(clippy::too_many_arguments)]
fn event_hash(
    prev_hash: &str,
    seq: i64,
    at: &str,
    actor: &str,
    kind: &str,
    contract_id: Option<&str>,
    version: Option<i64>,
    payload: &Value,
) -> String {
    let content = json!({
        "seq": seq, "at": at, "actor": actor, "kind": kind,
        "contract_id": contract_id, "version": version, "payload": payload,
    });
    let mut hasher = Sha256::new();
    hasher.update(DOMAIN);
    hasher.update(prev_hash.as_bytes());
    hasher.update(canonical_json(&content).as_bytes());
    hex(&hasher.finalize())
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// JSON with object keys sorted at every depth and no whitespace, written
/// here rather than relying on serde_json's map order (a crate feature
/// elsewhere in the build could change it).
pub(super) fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// An event row as stored, before any interpretation.
pub(super) struct RawEvent {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub contract_id: Option<String>,
    pub version: Option<i64>,
    pub payload: String,
    prev_hash: String,
    hash: String,
}

pub(super) fn raw_events(conn: &Connection, contract_id: Option<&str>) -> Result<Vec<RawEvent>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, kind, contract_id, version, payload, prev_hash, hash FROM audit_events
         WHERE ?1 IS NULL OR contract_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([contract_id], |r| {
        Ok(RawEvent {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            kind: r.get(3)?,
            contract_id: r.get(4)?,
            version: r.get(5)?,
            payload: r.get(6)?,
            prev_hash: r.get(7)?,
            hash: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

impl Registry {
    /// The audit trail, oldest first; only one contract's events when `contract_id` is given.
    pub fn audit_events(&self, contract_id: Option<&str>) -> Result<Vec<AuditEvent>> {
        raw_events(&self.conn, contract_id)?
            .into_iter()
            .map(|raw| {
                let payload = serde_json::from_str(&raw.payload).map_err(|e| {
                    Error::new(
                        ErrorCode::Registry,
                        format!("Audit event {} has an unreadable payload: {e}", raw.seq),
                    )
                })?;
                Ok(AuditEvent {
                    seq: raw.seq,
                    at: parse_timestamp(&raw.at)?,
                    actor: raw.actor,
                    kind: raw.kind,
                    contract_id: raw.contract_id,
                    version: raw.version.map(|v| v as u32),
                    payload,
                    prev_hash: raw.prev_hash,
                    hash: raw.hash,
                })
            })
            .collect()
    }

    /// Walks the whole chain and names the first event that is missing,
    /// out of place or edited; on an unbroken chain, also checks that the
    /// stored state is what the events say (see `state_check`).
    pub fn verify_audit(&self) -> Result<AuditVerification> {
        let events = raw_events(&self.conn, None)?;
        let recorded_head: Option<(i64, String)> = self
            .conn
            .query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let count = events.len() as u64;
        let head = events
            .last()
            .map(|e| e.hash.clone())
            .unwrap_or_else(|| GENESIS_HASH.to_string());
        let first_bad = first_break(&events, recorded_head);
        drop(events);
        let state_mismatches = match first_bad {
            None => super::state_check::check_state(&self.conn)?,
            Some(_) => Vec::new(),
        };
        Ok(AuditVerification {
            intact: first_bad.is_none() && state_mismatches.is_empty(),
            events: count,
            head,
            first_bad,
            state_mismatches,
        })
    }
}

impl Registry {
    /// Records an `export` event for the contracts written and returns the
    /// audit head that now includes it, so the head printed with an export
    /// also vouches for the export itself.
    pub fn record_export(
        &mut self,
        ids: &[String],
        format: &str,
        actor: &str,
    ) -> Result<AuditHead> {
        let at = Utc::now();
        self.with_tx(|tx| {
            let seq = append(
                tx,
                actor,
                at,
                NewEvent {
                    kind: "export",
                    contract_id: None,
                    version: None,
                    payload: json!({"ids": ids, "format": format}),
                },
            )?;
            let hash: String =
                tx.query_row("SELECT hash FROM audit_events WHERE seq = ?1", [seq], |r| {
                    r.get(0)
                })?;
            Ok(AuditHead {
                hash,
                events: seq.max(0) as u64,
            })
        })
    }

    /// The current head of the audit trail.
    pub fn audit_head(&self) -> Result<AuditHead> {
        let head: Option<(i64, String)> = self
            .conn
            .query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let (events, hash) = head.unwrap_or((0, GENESIS_HASH.to_string()));
        Ok(AuditHead {
            hash,
            events: events.max(0) as u64,
        })
    }

    /// [`Registry::verify_audit`], and also that the log still holds the
    /// head written down earlier (event `count` with hash `head`): catches a
    /// log whose newest events were cut off together with the head record.
    pub fn verify_audit_against(&self, head: &str, count: u64) -> Result<AuditVerification> {
        let mut check = self.verify_audit()?;
        if check.first_bad.is_some() {
            return Ok(check);
        }
        let head = head.trim().to_ascii_lowercase();
        let found: Option<String> = if count == 0 {
            Some(GENESIS_HASH.to_string())
        } else {
            let seq = i64::try_from(count).unwrap_or(i64::MAX);
            self.conn
                .query_row("SELECT hash FROM audit_events WHERE seq = ?1", [seq], |r| {
                    r.get(0)
                })
                .optional()?
        };
        let bad = match found {
            None => Some(BadEvent {
                seq: check.events as i64 + 1,
                reason: format!(
                    "the log ends at event {} but a head written down earlier is event {count}: \
                     events {}–{count} were deleted",
                    check.events,
                    check.events + 1
                ),
            }),
            Some(hash) if hash != head => Some(BadEvent {
                seq: count as i64,
                reason: format!(
                    "event {count} is not the event written down earlier (its hash is {}…, the recorded head is {}…): \
                     the log was cut back and rewritten at or before event {count}",
                    &hash[..12.min(hash.len())],
                    &head[..12.min(head.len())]
                ),
            }),
            Some(_) => None,
        };
        if bad.is_some() {
            check.intact = false;
            check.first_bad = bad;
        }
        Ok(check)
    }
}

fn first_break(events: &[RawEvent], recorded_head: Option<(i64, String)>) -> Option<BadEvent> {
    let mut prev_seq = 0;
    let mut prev_hash = GENESIS_HASH.to_string();
    for event in events {
        let bad = |reason: String| {
            Some(BadEvent {
                seq: event.seq,
                reason,
            })
        };
        if event.seq != prev_seq + 1 {
            let missing = prev_seq + 1;
            return Some(BadEvent {
                seq: missing,
                reason: format!(
                    "event {missing} is missing: the log jumps from event {prev_seq} to event {}",
                    event.seq
                ),
            });
        }
        if event.prev_hash != prev_hash {
            return bad(format!(
                "event {} does not follow event {prev_seq}: its recorded previous hash does not match \
                 (events were removed, reordered or rewritten here)",
                event.seq
            ));
        }
        let payload: Value = match serde_json::from_str(&event.payload) {
            Ok(p) => p,
            Err(e) => {
                return bad(format!(
                    "event {} has a payload that is not valid JSON ({e})",
                    event.seq
                ))
            }
        };
        let expected = event_hash(
            &event.prev_hash,
            event.seq,
            &event.at,
            &event.actor,
            &event.kind,
            event.contract_id.as_deref(),
            event.version,
            &payload,
        );
        if expected != event.hash {
            return bad(format!(
                "event {} ({}) was edited after it was written: its content no longer matches its hash",
                event.seq, event.kind
            ));
        }
        prev_seq = event.seq;
        prev_hash = event.hash.clone();
    }
    match recorded_head {
        Some((seq, hash)) if seq != prev_seq || hash != prev_hash => Some(BadEvent {
            seq: prev_seq + 1,
            reason: format!(
                "the log ends at event {prev_seq} but the registry recorded event {seq} as the latest: \
                 the newest events were deleted"
            ),
        }),
        None if prev_seq != 0 => Some(BadEvent {
            seq: 1,
            reason: "the record of the latest event is missing: the log's head was removed".to_string(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        let v = json!({"b": 1, "a": {"d": [1, {"z": true, "y": null}], "c": "x"}});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}"#
        );
    }

    #[test]
    fn chain_of_fresh_events_verifies_and_head_is_last_hash() {
        let mut registry = Registry::open_in_memory().unwrap();
        let at = Utc::now();
        registry
            .with_tx(|tx| {
                append(
                    tx,
                    "a@example.com",
                    at,
                    NewEvent {
                        kind: "seed",
                        contract_id: None,
                        version: None,
                        payload: json!({"n": 1}),
                    },
                )?;
                append(
                    tx,
                    "a@example.com",
                    at,
                    NewEvent {
                        kind: "import",
                        contract_id: Some("x"),
                        version: Some(2),
                        payload: json!([]),
                    },
                )
            })
            .unwrap();
        let check = registry.verify_audit().unwrap();
        assert!(check.intact, "{check:?}");
        assert_eq!(check.events, 2);
        let events = registry.audit_events(None).unwrap();
        assert_eq!(check.head, events[1].hash);
        assert_eq!(events[1].prev_hash, events[0].hash);
        assert_eq!(events[0].prev_hash, GENESIS_HASH);
        assert_eq!(registry.audit_events(Some("x")).unwrap().len(), 1);
    }

    #[test]
    fn empty_log_is_intact() {
        let registry = Registry::open_in_memory().unwrap();
        let check = registry.verify_audit().unwrap();
        assert_eq!(
            (check.intact, check.events, check.head.as_str()),
            (true, 0, GENESIS_HASH)
        );
    }

    #[test]
    fn updates_and_deletes_are_refused_by_the_database() {
        let mut registry = Registry::open_in_memory().unwrap();
        registry
            .with_tx(|tx| {
                append(
                    tx,
                    "a",
                    Utc::now(),
                    NewEvent {
                        kind: "seed",
                        contract_id: None,
                        version: None,
                        payload: json!({}),
                    },
                )
            })
            .unwrap();
        assert!(registry
            .conn
            .execute("UPDATE audit_events SET actor = 'b'", [])
            .is_err());
        assert!(registry
            .conn
            .execute("DELETE FROM audit_events", [])
            .is_err());
    }
}
