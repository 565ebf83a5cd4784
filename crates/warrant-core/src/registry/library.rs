//! The template library as the registry sees it: drafts started from a
//! template get an id no contract uses, and the upgrade to schema 6 moves
//! the templates that registries made before it seeded as contracts out of
//! the registry — when nobody touched them.
//!
//! "Untouched" is read from the tables and the trail together: the contract
//! is one the `seed` event created, it has exactly one version, it is still
//! a draft with no pending version, and no review or dry run names it. Such
//! a row holds nothing but the shipped file, so removing it loses nothing
//! the library does not hold; one `templates_moved_to_library` event names
//! every id removed, and the state check (`state_check.rs`) replays it. A
//! template someone edited, reviewed, submitted or tried stays a contract:
//! it is their work now.
//!
//! This is the one place the registry deletes versions, which are otherwise
//! append-only: the trigger that refuses it is dropped and re-created around
//! the delete, inside the upgrade's transaction.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde_json::json;

use super::audit::{self, NewEvent};
use super::contracts::save_in;
use super::{Registry, Saved};
use crate::model::Contract;
use crate::Result;

/// The audit event kind of the move.
pub(super) const MOVED_EVENT: &str = "templates_moved_to_library";

/// Who the move is recorded as: no person asked for it.
const UPGRADE_ACTOR: &str = "warrant upgrade";

/// The trigger of migration 5 that keeps versions append-only, re-created
/// after the delete exactly as that migration wrote it.
const VERSIONS_NO_DELETE: &str =
    "CREATE TRIGGER contract_versions_no_delete BEFORE DELETE ON contract_versions
BEGIN
    SELECT RAISE(ABORT, 'contract versions are append-only');
END;";

impl Registry {
    /// A new, unsaved draft from the template `name` (see
    /// [`crate::library::template`]), titled `title` or the template's title
    /// without "Template:", with an id derived from the title that no
    /// contract in this registry uses.
    pub fn draft_from_template(&self, name: &str, title: Option<&str>) -> Result<Contract> {
        let template = crate::library::template(name)?;
        crate::library::draft_from_template(&template, title, &|id| self.id_in_use(id))
    }

    /// Saves [`Registry::draft_from_template`] as a new draft contract
    /// (`warrant new --template`), under `id` when given.
    pub fn new_from_template(
        &mut self,
        name: &str,
        title: Option<&str>,
        id: Option<&str>,
        actor: &str,
    ) -> Result<Saved> {
        let mut draft = self.draft_from_template(name, title)?;
        if let Some(id) = id {
            if self.id_in_use(id) {
                return Err(crate::Error::conflict(format!(
                    "A contract with the id “{id}” is already in the registry; choose another id, or leave --id out to derive one from the title."
                ))
                .with_field("id"));
            }
            draft.id = id.to_string();
        }
        let at = Utc::now();
        self.with_tx(|tx| save_in(tx, &draft, actor, at, &mut Vec::new()))
    }

    /// The id a new contract titled `title` gets: derived from the title
    /// ([`crate::library::id_from_title`]), with `-2`, `-3`… when taken.
    pub fn free_id_for(&self, title: &str) -> String {
        crate::library::free_id(title, &|id| self.id_in_use(id))
    }

    fn id_in_use(&self, id: &str) -> bool {
        self.conn
            .query_row("SELECT 1 FROM contracts WHERE id = ?1", [id], |_| Ok(()))
            .optional()
            .ok()
            .flatten()
            .is_some()
    }
}

/// The ids of the seeded template contracts nobody touched (see the module
/// documentation), in id order.
fn untouched_seeded_templates(conn: &Connection) -> Result<Vec<String>> {
    let seeded: Vec<String> = {
        let mut stmt = conn.prepare("SELECT payload FROM audit_events WHERE kind = 'seed'")?;
        let payloads = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut ids = Vec::new();
        for payload in payloads {
            let payload: serde_json::Value = serde_json::from_str(&payload?).unwrap_or_default();
            for file in payload["files"].as_array().into_iter().flatten() {
                if file["outcome"] == "created" {
                    if let Some(id) = file["id"].as_str() {
                        ids.push(id.to_string());
                    }
                }
            }
        }
        ids
    };
    let templates: Vec<String> = crate::library::templates()
        .into_iter()
        .map(|t| t.id)
        .collect();
    let mut untouched = Vec::new();
    for id in templates.into_iter().filter(|id| seeded.contains(id)) {
        let row: Option<(String, Option<String>, i64, i64, i64, i64)> = conn
            .query_row(
                "SELECT c.status, c.pending_status,
                        (SELECT count(*) FROM contract_versions WHERE contract_id = c.id),
                        (SELECT count(*) FROM reviews WHERE contract_id = c.id),
                        (SELECT count(*) FROM dry_runs WHERE contract_id = c.id),
                        (SELECT count(*) FROM audit_events WHERE contract_id = c.id)
                 FROM contracts c WHERE c.id = ?1",
                [&id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                },
            )
            .optional()?;
        // One version, one event (its creation): nothing else ever happened.
        if let Some((status, None, 1, 0, 0, 1)) = row {
            if status == "draft" {
                untouched.push(id);
            }
        }
    }
    untouched.sort();
    Ok(untouched)
}

/// The schema-6 step: removes the untouched seeded templates (contract row,
/// its one version, its search entry) and records one event naming them.
/// Does nothing, and records nothing, when there is none.
pub(super) fn move_untouched_templates(conn: &Connection, at: DateTime<Utc>) -> Result<()> {
    let ids = untouched_seeded_templates(conn)?;
    if ids.is_empty() {
        return Ok(());
    }
    conn.execute_batch("DROP TRIGGER contract_versions_no_delete;")?;
    for id in &ids {
        let rowid: Option<i64> = conn.query_row(
            "SELECT search_rowid FROM contracts WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if let Some(rowid) = rowid {
            conn.execute("DELETE FROM contract_search WHERE rowid = ?1", [rowid])?;
        }
        conn.execute("DELETE FROM contract_versions WHERE contract_id = ?1", [id])?;
        conn.execute("DELETE FROM contracts WHERE id = ?1", [id])?;
    }
    conn.execute_batch(VERSIONS_NO_DELETE)?;
    audit::append(
        conn,
        UPGRADE_ACTOR,
        at,
        NewEvent {
            kind: MOVED_EVENT,
            contract_id: None,
            version: None,
            payload: json!({
                "ids": ids,
                "reason": "templates are a library, not contracts; these were seeded and never edited, reviewed or tried",
            }),
        },
    )?;
    Ok(())
}
