//! The audit log screen's reads: one page of the trail at a time, newest
//! first, filtered in SQL, so a registry with a million events shows its
//! log as fast as one with forty (the whole trail is [`Registry::audit_events`]).
//!
//! Pages follow `seq` (keyset paging: "older than the last one shown"), so
//! an event appended while someone reads never shifts or repeats a page.

use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::audit::parse_timestamp;
use super::{AuditEvent, Registry};
use crate::{Error, ErrorCode, Result};

/// Most events one page holds, whatever was asked.
pub const MAX_PAGE: u32 = 1000;

/// Which events, and which page of them; `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct AuditQuery {
    #[ts(optional)]
    pub contract_id: Option<String>,
    /// E-mail of the person who did it.
    #[ts(optional)]
    pub actor: Option<String>,
    /// `contract_edited`, `status_changed`, …
    #[ts(optional)]
    pub kind: Option<String>,
    /// Only events older than this one: the last `seq` of the previous page.
    #[ts(optional, type = "number")]
    pub before_seq: Option<i64>,
    /// Events on this page (at most [`MAX_PAGE`]).
    pub limit: u32,
}

/// One page of the trail and what the screen's filters offer.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AuditPage {
    /// Newest first.
    pub events: Vec<AuditEvent>,
    /// Events matching the filters, on every page.
    #[ts(type = "number")]
    pub total: u64,
    /// Everyone who acted, and every kind of event, in the chosen
    /// contract's events (all events without one); sorted. Only on the
    /// first page (empty when `before_seq` is given): they do not change
    /// from page to page.
    pub actors: Vec<String>,
    pub kinds: Vec<String>,
}

impl Registry {
    /// One page of the audit trail, newest first.
    pub fn audit_page(&self, query: &AuditQuery) -> Result<AuditPage> {
        let mut clauses: Vec<&str> = Vec::new();
        let mut args: Vec<SqlValue> = Vec::new();
        if let Some(id) = &query.contract_id {
            clauses.push("contract_id = ?");
            args.push(SqlValue::Text(id.clone()));
        }
        let contract_clauses = clauses.len();
        if let Some(actor) = &query.actor {
            clauses.push("actor = ?");
            args.push(SqlValue::Text(actor.clone()));
        }
        if let Some(kind) = &query.kind {
            clauses.push("kind = ?");
            args.push(SqlValue::Text(kind.clone()));
        }
        let filters = clauses.len();
        let where_of = |clauses: &[&str]| {
            if clauses.is_empty() {
                String::new()
            } else {
                format!(" WHERE {}", clauses.join(" AND "))
            }
        };

        let total: u64 = if filters == 0 {
            // The head record already counts them: no scan of a million rows.
            self.audit_head()?.events
        } else {
            let sql = format!("SELECT COUNT(*) FROM audit_events{}", where_of(&clauses));
            let n: i64 =
                self.conn
                    .query_row(&sql, rusqlite::params_from_iter(&args[..filters]), |r| {
                        r.get(0)
                    })?;
            n.max(0) as u64
        };

        let mut page_clauses = clauses.clone();
        let mut page_args = args.clone();
        if let Some(before) = query.before_seq {
            page_clauses.push("seq < ?");
            page_args.push(SqlValue::Integer(before));
        }
        page_args.push(SqlValue::Integer(i64::from(query.limit.min(MAX_PAGE))));
        let sql = format!(
            "SELECT seq, at, actor, kind, contract_id, version, payload, prev_hash, hash FROM audit_events{} ORDER BY seq DESC LIMIT ?",
            where_of(&page_clauses)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(&page_args), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
            ))
        })?;
        let mut events = Vec::new();
        for row in rows {
            let (seq, at, actor, kind, contract_id, version, payload, prev_hash, hash) = row?;
            let payload = serde_json::from_str(&payload).map_err(|e| {
                Error::new(
                    ErrorCode::Registry,
                    format!("Audit event {seq} has an unreadable payload: {e}"),
                )
            })?;
            events.push(AuditEvent {
                seq,
                at: parse_timestamp(&at)?,
                actor,
                kind,
                contract_id,
                version: version.map(|v| v as u32),
                payload,
                prev_hash,
                hash,
            });
        }

        let (actors, kinds) = if query.before_seq.is_some() {
            (Vec::new(), Vec::new())
        } else {
            let scope = where_of(&clauses[..contract_clauses]);
            let distinct = |column: &str| -> Result<Vec<String>> {
                let sql =
                    format!("SELECT DISTINCT {column} FROM audit_events{scope} ORDER BY {column}");
                let mut stmt = self.conn.prepare(&sql)?;
                let values = stmt
                    .query_map(rusqlite::params_from_iter(&args[..contract_clauses]), |r| {
                        r.get(0)
                    })?;
                Ok(values.collect::<rusqlite::Result<Vec<String>>>()?)
            };
            (distinct("actor")?, distinct("kind")?)
        };
        Ok(AuditPage {
            events,
            total,
            actors,
            kinds,
        })
    }
}
