//! Checking the registry's tables against the audit trail: the state the
//! events describe, not only the chain of events.
//!
//! The hash chain proves the events were not edited, removed or reordered.
//! This module replays those events — who was added to the people list,
//! which version was saved with which content hash, which review and dry run
//! were recorded, where each contract stood after each lifecycle event — and
//! compares the result with the rows the app reads. Someone who edits the
//! SQLite file directly (dropping the append-only triggers first) to raise an
//! authority, flip a review, fake a status or change dry-run counts leaves
//! rows that the trail does not account for, and the first one is named.
//!
//! One event removes rows: `templates_moved_to_library`, written once by
//! the upgrade to schema 6, names the seeded templates it took out of the
//! registry; their contract and version rows are expected gone after it.
//!
//! Events written before the trail recorded a contract's standing (schema
//! versions 1–4) are read by the rules of their time: a status change moved
//! the status, and a signed-off status applied to the version then current.

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::audit::{hex, raw_events, RawEvent};
use super::dry_runs::all_dry_runs;
use crate::dryrun::DryRunCounts;
use crate::lifecycle::{is_signed_off, Standing};
use crate::model::Status;
use crate::Result;

/// One place where the stored state is not what the trail says.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StateMismatch {
    /// The event that describes the row, when there is one.
    #[ts(type = "number | null")]
    pub seq: Option<i64>,
    /// What the row is, in words ("review 3 of churn-risk-summary version 2").
    pub what: String,
    /// What differs.
    pub reason: String,
}

/// A version as its event recorded it.
struct ExpectedVersion {
    seq: i64,
    hash: Option<String>,
    at: String,
    by: String,
}

/// A contract as its events leave it.
struct ExpectedContract {
    seq: i64,
    standing: Standing,
    review_every_days: i64,
    /// `None` until a sign-off is recorded; `Some(None)` when the events
    /// cannot say (reviews recorded before sign-offs were written down).
    signed_off_at: Option<Option<String>>,
    /// When and by whom the newest version was saved (the registry row's
    /// "updated" columns).
    updated: (String, String),
}

/// A review or dry run as its event recorded it: the event's number and
/// the columns the row must hold.
struct ExpectedRow {
    seq: i64,
    fields: Vec<(&'static str, Value)>,
}

#[derive(Default)]
struct Expected {
    people: BTreeMap<String, (i64, [String; 4])>,
    contracts: BTreeMap<String, ExpectedContract>,
    versions: BTreeMap<(String, i64), ExpectedVersion>,
    reviews: Vec<ExpectedRow>,
    dry_runs: Vec<ExpectedRow>,
    team: ExpectedTeam,
}

/// The team tables as the `team_*` events leave them: each row as text,
/// keyed, with the event that wrote it.
#[derive(Default)]
struct ExpectedTeam {
    connection: Option<(i64, Vec<String>)>,
    versions: BTreeMap<String, (i64, Vec<String>)>,
    records: BTreeMap<String, (i64, Vec<String>)>,
    conflicts: BTreeMap<String, (i64, Vec<String>)>,
}

fn shown(value: &Value) -> String {
    match value {
        Value::Null => "none".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn record_fields(record: &Value) -> Vec<String> {
    [
        "file",
        "digest",
        "subject",
        "kind",
        "signer",
        "at",
        "content_sha256",
        "outcome",
        "reason",
    ]
    .iter()
    .map(|k| shown(&record[*k]))
    .collect()
}

impl ExpectedTeam {
    fn version(&mut self, seq: i64, row: &Value) {
        let (id, version, commit) = (shown(&row[0]), shown(&row[1]), shown(&row[2]));
        let key = format!("{id} version {version}");
        self.versions
            .entry(key)
            .or_insert((seq, vec![id, version, commit]));
    }

    fn apply(&mut self, event: &RawEvent, payload: &Value) {
        let seq = event.seq;
        match event.kind.as_str() {
            "team_connected" => {
                let commit = shown(&payload["commit"]);
                let at = if payload["commit"].is_null() {
                    "none".to_string()
                } else {
                    event.at.clone()
                };
                let mut fields: Vec<String> = ["team", "remote", "work_dir", "email", "key"]
                    .iter()
                    .map(|k| shown(&payload[*k]))
                    .collect();
                fields.extend([commit, at]);
                self.connection = Some((seq, fields));
                for row in payload["published"].as_array().into_iter().flatten() {
                    self.version(seq, row);
                }
            }
            "team_synced" => {
                if let (Some((s, fields)), false) =
                    (self.connection.as_mut(), payload["commit"].is_null())
                {
                    *s = seq;
                    fields[5] = shown(&payload["commit"]);
                    fields[6] = event.at.clone();
                }
                for key in ["exported", "versions_in"] {
                    for row in payload[key].as_array().into_iter().flatten() {
                        self.version(seq, row);
                    }
                }
                for record in payload["records"].as_array().into_iter().flatten() {
                    self.records
                        .insert(shown(&record["file"]), (seq, record_fields(record)));
                }
                for conflict in payload["conflicts"].as_array().into_iter().flatten() {
                    let id = shown(&conflict["contract"]);
                    let commit = shown(&conflict["commit"]);
                    self.conflicts.insert(
                        format!("{id} at {commit}"),
                        (
                            seq,
                            vec![
                                id,
                                commit,
                                conflict["versions"].to_string(),
                                event.at.clone(),
                                "none".into(),
                                "none".into(),
                            ],
                        ),
                    );
                }
            }
            "team_record_signed" => {
                let record = &payload["record"];
                self.records
                    .insert(shown(&record["file"]), (seq, record_fields(record)));
            }
            "team_conflict_resolved" => {
                let id = event.contract_id.clone().unwrap_or_default();
                for (_, (s, fields)) in self.conflicts.iter_mut() {
                    if fields[0] == id && fields[4] == "none" {
                        *s = seq;
                        fields[4] = event.at.clone();
                        fields[5] = event.actor.clone();
                    }
                }
            }
            _ => {}
        }
    }
}

fn text(payload: &Value, key: &str) -> String {
    payload[key].as_str().unwrap_or_default().to_string()
}

/// An event's counts read the way the registry reads its rows (missing keys
/// as 0), so a run kept by an earlier version compares equal to its event.
fn as_counts(counts: &Value) -> Value {
    let counts: DryRunCounts = serde_json::from_value(counts.clone()).unwrap_or_default();
    serde_json::to_value(counts).unwrap_or(Value::Null)
}

fn standing_in(payload: &Value) -> Option<Standing> {
    serde_json::from_value(payload.get("standing")?.clone()).ok()
}

impl Expected {
    fn replay(events: &[RawEvent]) -> Expected {
        let mut expected = Expected::default();
        for event in events {
            let payload: Value = serde_json::from_str(&event.payload).unwrap_or(Value::Null);
            expected.apply(event, &payload);
        }
        expected
    }

    fn apply(&mut self, event: &RawEvent, payload: &Value) {
        self.team.apply(event, payload);
        let id = event.contract_id.clone().unwrap_or_default();
        let version = event.version.unwrap_or(0);
        match event.kind.as_str() {
            "person_added" => {
                let person = [
                    text(payload, "email"),
                    text(payload, "name"),
                    text(payload, "team"),
                    text(payload, "title"),
                ];
                self.people
                    .insert(person[0].to_lowercase(), (event.seq, person));
            }
            "person_edited" => self.apply_person_edit(event.seq, payload),
            "person_deleted" => {
                self.people.remove(&text(payload, "email").to_lowercase());
            }
            "contract_created" | "contract_edited" => {
                self.versions.insert(
                    (id.clone(), version),
                    ExpectedVersion {
                        seq: event.seq,
                        hash: payload["content_hash"].as_str().map(str::to_string),
                        at: event.at.clone(),
                        by: event.actor.clone(),
                    },
                );
                let current = u32::try_from(version).unwrap_or(0);
                let standing = standing_in(payload).unwrap_or_else(|| {
                    match self.contracts.get(&id) {
                        // Schema 1–4: an edit changed only the version number.
                        Some(c) => Standing {
                            current,
                            ..c.standing
                        },
                        // Schema 1–4: a new contract took its file's status.
                        None => {
                            let status = payload["status"]
                                .as_str()
                                .and_then(Status::parse)
                                .unwrap_or(Status::Draft);
                            Standing {
                                status,
                                current,
                                in_force: is_signed_off(status).then_some(current),
                                pending: None,
                            }
                        }
                    }
                });
                let entry = self
                    .contracts
                    .entry(id)
                    .or_insert_with(|| ExpectedContract {
                        seq: event.seq,
                        standing,
                        review_every_days: 90,
                        signed_off_at: None,
                        updated: (event.at.clone(), event.actor.clone()),
                    });
                entry.seq = event.seq;
                entry.standing = standing;
                entry.updated = (event.at.clone(), event.actor.clone());
            }
            "status_changed" => {
                let Some(entry) = self.contracts.get_mut(&id) else {
                    return;
                };
                entry.seq = event.seq;
                entry.standing = standing_in(payload).unwrap_or_else(|| {
                    let to = payload["to"]
                        .as_str()
                        .and_then(Status::parse)
                        .unwrap_or(entry.standing.status);
                    let in_force = if is_signed_off(to) {
                        Some(u32::try_from(version).unwrap_or(0))
                    } else if to == Status::Retired {
                        entry.standing.in_force
                    } else {
                        None
                    };
                    Standing {
                        status: to,
                        in_force,
                        ..entry.standing
                    }
                });
                let launched_pending =
                    payload["action"] == "launch" && payload["subject"] == "pending";
                let approved_legacy =
                    payload["action"] == "approve" && payload.get("standing").is_none();
                if launched_pending || approved_legacy {
                    entry.signed_off_at = Some(Some(event.at.clone()));
                }
            }
            "review" => {
                if let Some(entry) = self.contracts.get_mut(&id) {
                    match payload.get("signs_off") {
                        Some(Value::Bool(true)) => {
                            entry.signed_off_at = Some(Some(event.at.clone()))
                        }
                        Some(_) => {}
                        // Before sign-offs were written down a periodic
                        // review could move the date unannounced.
                        None => entry.signed_off_at = Some(None),
                    }
                }
                self.reviews.push(ExpectedRow {
                    seq: event.seq,
                    fields: vec![
                        ("contract", Value::from(id)),
                        ("version", Value::from(version)),
                        ("reviewer", Value::from(event.actor.clone())),
                        ("role", payload["role"].clone()),
                        ("decision", payload["decision"].clone()),
                        ("comment", payload["comment"].clone()),
                        ("time", Value::from(event.at.clone())),
                    ],
                });
            }
            "dry_run" => self.dry_runs.push(ExpectedRow {
                seq: event.seq,
                fields: vec![
                    ("contract", Value::from(id)),
                    ("version", Value::from(version)),
                    ("file name", payload["file_name"].clone()),
                    ("file hash", payload["file_hash"].clone()),
                    ("row count", payload["row_count"].clone()),
                    ("counts", as_counts(&payload["counts"])),
                    ("time", Value::from(event.at.clone())),
                    ("person", Value::from(event.actor.clone())),
                ],
            }),
            // Schema 6 moved seeded templates nobody touched out of the
            // registry (registry/library.rs): their rows go with them.
            super::library::MOVED_EVENT => {
                for moved in payload["ids"].as_array().into_iter().flatten() {
                    let Some(moved) = moved.as_str() else {
                        continue;
                    };
                    self.contracts.remove(moved);
                    self.versions.retain(|(contract, _), _| contract != moved);
                }
            }
            "review_cadence_changed" => {
                if let Some(entry) = self.contracts.get_mut(&id) {
                    entry.review_every_days = payload["to_days"].as_i64().unwrap_or(90);
                }
            }
            _ => {}
        }
    }

    /// A `person_edited` event: its `person` holds the result; older events
    /// hold only "before → after" per field, read against the known before.
    fn apply_person_edit(&mut self, seq: i64, payload: &Value) {
        let old = text(payload, "email").to_lowercase();
        let Some((_, mut person)) = self.people.remove(&old) else {
            return;
        };
        if let Some(after) = payload.get("person") {
            person = [
                text(after, "email"),
                text(after, "name"),
                text(after, "team"),
                text(after, "title"),
            ];
        } else if let Some(changes) = payload["changes"].as_array() {
            for change in changes {
                let slot = match change["field"].as_str() {
                    Some("email") => 0,
                    Some("name") => 1,
                    Some("team") => 2,
                    Some("title") => 3,
                    _ => continue,
                };
                let prefix = format!("{} → ", person[slot]);
                if let Some(after) = change["change"]
                    .as_str()
                    .and_then(|c| c.strip_prefix(&prefix))
                {
                    person[slot] = after.to_string();
                }
            }
        }
        self.people.insert(person[0].to_lowercase(), (seq, person));
    }
}

fn mismatch(seq: Option<i64>, what: impl Into<String>, reason: impl Into<String>) -> StateMismatch {
    StateMismatch {
        seq,
        what: what.into(),
        reason: reason.into(),
    }
}

/// Every place where the tables differ from what the trail says, in the
/// order: people, contracts, versions, reviews, dry runs.
pub(super) fn check_state(conn: &Connection) -> Result<Vec<StateMismatch>> {
    let events = raw_events(conn, None)?;
    let expected = Expected::replay(&events);
    let mut found = Vec::new();
    check_people(conn, &expected, &mut found)?;
    check_contracts(conn, &expected, &mut found)?;
    check_versions(conn, &expected, &mut found)?;
    check_reviews(conn, &expected, &mut found)?;
    check_dry_runs(conn, &expected, &mut found)?;
    check_team(conn, &expected.team, &mut found)?;
    Ok(found)
}

fn check_people(
    conn: &Connection,
    expected: &Expected,
    found: &mut Vec<StateMismatch>,
) -> Result<()> {
    let mut stmt = conn.prepare("SELECT email, name, team, title FROM people ORDER BY email")?;
    let rows = stmt.query_map([], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]))?;
    let mut seen = HashMap::new();
    for row in rows {
        let row: [String; 4] = row?;
        let key = row[0].to_lowercase();
        match expected.people.get(&key) {
            None => found.push(mismatch(
                None,
                format!("person {}", row[0]),
                "is in the people list, but no event added them",
            )),
            Some((seq, person)) => {
                for (i, label) in ["e-mail", "name", "team", "title"].iter().enumerate() {
                    if person[i] != row[i] {
                        found.push(mismatch(
                            Some(*seq),
                            format!("person {}", row[0]),
                            format!(
                                "their {label} is “{}”, but the trail says “{}”",
                                row[i], person[i]
                            ),
                        ));
                    }
                }
            }
        }
        seen.insert(key, ());
    }
    for (key, (seq, person)) in &expected.people {
        if !seen.contains_key(key) {
            found.push(mismatch(
                Some(*seq),
                format!("person {}", person[0]),
                "is missing from the people list, but no event removed them",
            ));
        }
    }
    Ok(())
}

fn check_contracts(
    conn: &Connection,
    expected: &Expected,
    found: &mut Vec<StateMismatch>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.status, c.current_version, c.in_force_version, c.pending_status,
                c.review_every_days, c.signed_off_at, c.authority, json_extract(v.snapshot, '$.authority'),
                c.updated_at, c.updated_by
         FROM contracts c
         LEFT JOIN contract_versions v ON v.contract_id = c.id AND v.version = c.current_version
         ORDER BY c.id",
    )?;
    type Row = (
        String,
        String,
        i64,
        Option<i64>,
        Option<String>,
        i64,
        Option<String>,
        String,
        Option<String>,
        String,
        String,
    );
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (
        id,
        status,
        current,
        in_force,
        pending,
        cadence,
        signed_off,
        authority,
        snapshot_authority,
        updated_at,
        updated_by,
    ) in &rows
    {
        let what = format!("contract {id}");
        let Some(want) = expected.contracts.get(id) else {
            found.push(mismatch(
                None,
                what,
                "is in the registry, but no event created it",
            ));
            continue;
        };
        let seq = Some(want.seq);
        let s = &want.standing;
        let show = |v: Option<i64>| v.map_or("none".to_string(), |v| format!("version {v}"));
        let checks = [
            ("status", status.clone(), s.status.as_str().to_string()),
            (
                "current version",
                format!("version {current}"),
                format!("version {}", s.current),
            ),
            (
                "version in force",
                show(*in_force),
                show(s.in_force.map(i64::from)),
            ),
            (
                "pending version's status",
                pending.clone().unwrap_or_else(|| "none".into()),
                s.pending
                    .map_or("none".to_string(), |p| p.as_str().to_string()),
            ),
            (
                "review cadence",
                format!("{cadence} days"),
                format!("{} days", want.review_every_days),
            ),
            (
                "last save",
                format!("{updated_at} by {updated_by}"),
                format!("{} by {}", want.updated.0, want.updated.1),
            ),
        ];
        for (label, stored, said) in checks {
            if stored != said {
                found.push(mismatch(
                    seq,
                    what.clone(),
                    format!("its {label} is {stored}, but the trail says {said}"),
                ));
            }
        }
        if let Some(Some(said)) = &want.signed_off_at {
            if signed_off.as_deref() != Some(said.as_str()) {
                found.push(mismatch(
                    seq,
                    what.clone(),
                    format!(
                        "its last sign-off is recorded as {}, but the trail says {said}",
                        signed_off.as_deref().unwrap_or("never")
                    ),
                ));
            }
        }
        if snapshot_authority.as_deref() != Some(authority.as_str()) {
            found.push(mismatch(
                seq,
                what.clone(),
                format!(
                    "its listed authority is {authority}, but its current version asks for {}",
                    snapshot_authority
                        .as_deref()
                        .unwrap_or("nothing (the version is missing)")
                ),
            ));
        }
    }
    for (id, want) in &expected.contracts {
        if !rows.iter().any(|row| &row.0 == id) {
            found.push(mismatch(
                Some(want.seq),
                format!("contract {id}"),
                "is missing from the registry",
            ));
        }
    }
    Ok(())
}

fn check_versions(
    conn: &Connection,
    expected: &Expected,
    found: &mut Vec<StateMismatch>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT contract_id, version, snapshot, content_hash, saved_at, saved_by
         FROM contract_versions ORDER BY contract_id, version",
    )?;
    let rows: Vec<(String, i64, String, String, String, String)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (id, version, snapshot, hash, at, by) in &rows {
        let what = format!("version {version} of {id}");
        let Some(want) = expected.versions.get(&(id.clone(), *version)) else {
            found.push(mismatch(None, what, "is stored, but no event saved it"));
            continue;
        };
        let seq = Some(want.seq);
        if hex(&Sha256::digest(snapshot.as_bytes())) != *hash {
            found.push(mismatch(
                seq,
                what.clone(),
                "its stored content no longer matches its content hash: the content was changed after it was saved",
            ));
        }
        if let Some(said) = &want.hash {
            if said != hash {
                found.push(mismatch(
                    seq,
                    what.clone(),
                    format!(
                        "its content hash is {}…, but the event that saved it recorded {}…",
                        &hash[..12.min(hash.len())],
                        &said[..12.min(said.len())]
                    ),
                ));
            }
        }
        if (&want.at, &want.by) != (at, by) {
            found.push(mismatch(
                seq,
                what,
                format!(
                    "it says it was saved by {by} at {at}, but the trail says {} at {}",
                    want.by, want.at
                ),
            ));
        }
    }
    for ((id, version), want) in &expected.versions {
        if !rows.iter().any(|row| (&row.0, row.1) == (id, *version)) {
            found.push(mismatch(
                Some(want.seq),
                format!("version {version} of {id}"),
                "is missing",
            ));
        }
    }
    Ok(())
}

/// Compares rows with the events that recorded them, in the order both
/// were written (each row is written in the same transaction as its event).
fn compare_rows(
    noun: &str,
    rows: &[(i64, Vec<(&'static str, Value)>)],
    expected: &[ExpectedRow],
    found: &mut Vec<StateMismatch>,
) {
    let describe = |fields: &[(&str, Value)]| {
        let get = |key: &str| {
            fields
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
        };
        format!(
            "{noun} of {} version {}",
            get("contract")
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            get("version").unwrap_or(Value::Null)
        )
    };
    for (index, (row_id, fields)) in rows.iter().enumerate() {
        let what = format!("{} (row {row_id})", describe(fields));
        let Some(want) = expected.get(index) else {
            found.push(mismatch(None, what, "is stored, but no event recorded it"));
            continue;
        };
        for ((label, stored), (_, said)) in fields.iter().zip(&want.fields) {
            if stored != said {
                found.push(mismatch(
                    Some(want.seq),
                    what.clone(),
                    format!("its {label} is {stored}, but the event that recorded it says {said}"),
                ));
            }
        }
    }
    for want in expected.iter().skip(rows.len()) {
        found.push(mismatch(
            Some(want.seq),
            describe(&want.fields),
            "was recorded, but is missing",
        ));
    }
}

fn check_reviews(
    conn: &Connection,
    expected: &Expected,
    found: &mut Vec<StateMismatch>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT id, contract_id, version, reviewer, role, decision, comment, at FROM reviews ORDER BY id",
    )?;
    let rows: Vec<(i64, Vec<(&'static str, Value)>)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                vec![
                    ("contract", Value::from(r.get::<_, String>(1)?)),
                    ("version", Value::from(r.get::<_, i64>(2)?)),
                    ("reviewer", Value::from(r.get::<_, String>(3)?)),
                    ("role", Value::from(r.get::<_, String>(4)?)),
                    ("decision", Value::from(r.get::<_, String>(5)?)),
                    ("comment", Value::from(r.get::<_, String>(6)?)),
                    ("time", Value::from(r.get::<_, String>(7)?)),
                ],
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    compare_rows("review", &rows, &expected.reviews, found);
    Ok(())
}

fn check_dry_runs(
    conn: &Connection,
    expected: &Expected,
    found: &mut Vec<StateMismatch>,
) -> Result<()> {
    let rows: Vec<(i64, Vec<(&'static str, Value)>)> = all_dry_runs(conn)?
        .into_iter()
        .map(|(id, run)| {
            (
                id,
                vec![
                    ("contract", Value::from(run.contract_id)),
                    ("version", Value::from(run.version)),
                    ("file name", Value::from(run.file_name)),
                    ("file hash", Value::from(run.file_hash)),
                    ("row count", Value::from(run.row_count)),
                    ("counts", serde_json::json!(run.counts)),
                    ("time", Value::from(super::audit::timestamp(run.at))),
                    ("person", Value::from(run.run_by)),
                ],
            )
        })
        .collect();
    compare_rows("dry run", &rows, &expected.dry_runs, found);
    Ok(())
}

/// Compares one team table, as text rows by key, with what the events say.
fn compare_keyed(
    noun: &str,
    labels: &[&str],
    rows: BTreeMap<String, Vec<String>>,
    expected: &BTreeMap<String, (i64, Vec<String>)>,
    found: &mut Vec<StateMismatch>,
) {
    for (key, row) in &rows {
        let what = format!("{noun} {key}");
        let Some((seq, want)) = expected.get(key) else {
            found.push(mismatch(None, what, "is stored, but no event recorded it"));
            continue;
        };
        for ((label, stored), said) in labels.iter().zip(row).zip(want) {
            if stored != said {
                found.push(mismatch(
                    Some(*seq),
                    what.clone(),
                    format!("its {label} is {stored}, but the trail says {said}"),
                ));
            }
        }
    }
    for (key, (seq, _)) in expected {
        if !rows.contains_key(key) {
            found.push(mismatch(
                Some(*seq),
                format!("{noun} {key}"),
                "was recorded, but is missing",
            ));
        }
    }
}

fn text_rows(
    conn: &Connection,
    sql: &str,
    key: impl Fn(&[String]) -> String,
) -> Result<BTreeMap<String, Vec<String>>> {
    let mut stmt = conn.prepare(sql)?;
    let width = stmt.column_count();
    let rows = stmt.query_map([], |r| {
        (0..width)
            .map(|i| {
                let value: rusqlite::types::Value = r.get(i)?;
                Ok(match value {
                    rusqlite::types::Value::Null => "none".to_string(),
                    rusqlite::types::Value::Integer(n) => n.to_string(),
                    rusqlite::types::Value::Real(x) => x.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    rusqlite::types::Value::Blob(_) => "(blob)".to_string(),
                })
            })
            .collect::<rusqlite::Result<Vec<String>>>()
    })?;
    let mut all = BTreeMap::new();
    for row in rows {
        let row = row?;
        all.insert(key(&row), row);
    }
    Ok(all)
}

/// The team connection, the versions known to be in the repository, the
/// record files and the conflicts, against the `team_*` events.
fn check_team(
    conn: &Connection,
    expected: &ExpectedTeam,
    found: &mut Vec<StateMismatch>,
) -> Result<()> {
    let connection = text_rows(
        conn,
        "SELECT team, remote, work_dir, email, key, last_sync_commit, last_sync_at FROM team_connection",
        |_| "connection".to_string(),
    )?;
    let want: BTreeMap<String, (i64, Vec<String>)> = expected
        .connection
        .clone()
        .map(|c| ("connection".to_string(), c))
        .into_iter()
        .collect();
    compare_keyed(
        "team",
        &[
            "team",
            "remote",
            "working copy",
            "e-mail",
            "key",
            "last sync commit",
            "last sync time",
        ],
        connection,
        &want,
        found,
    );
    let versions = text_rows(
        conn,
        "SELECT contract_id, version, commit_id FROM team_versions",
        |r| format!("{} version {}", r[0], r[1]),
    )?;
    compare_keyed(
        "team copy of",
        &["contract", "version", "commit"],
        versions,
        &expected.versions,
        found,
    );
    let records = text_rows(
        conn,
        "SELECT file, digest, subject, kind, signer, at, content_sha256, outcome, reason FROM team_records",
        |r| r[0].clone(),
    )?;
    compare_keyed(
        "team record",
        &[
            "file",
            "digest",
            "subject",
            "kind",
            "signer",
            "time",
            "content hash",
            "outcome",
            "reason",
        ],
        records,
        &expected.records,
        found,
    );
    let conflicts = text_rows(
        conn,
        "SELECT contract_id, commit_id, versions, detected_at, resolved_at, resolved_by FROM team_conflicts",
        |r| format!("{} at {}", r[0], r[1]),
    )?;
    compare_keyed(
        "team conflict on",
        &[
            "contract",
            "commit",
            "versions",
            "time found",
            "time resolved",
            "resolved by",
        ],
        conflicts,
        &expected.conflicts,
        found,
    );
    Ok(())
}
