//! The registry screen's list: filters, search as you type, readiness per
//! row. Search runs on an FTS5 index of each contract's current version,
//! rewritten on every save.
//!
//! User input never reaches FTS5's query syntax: it is cut into words and
//! each word becomes a quoted prefix term, so `"`, `*`, `-`, `OR`, `NEAR`,
//! `(` and friends are only ever text.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::audit::parse_timestamp;
use super::contracts::load_version;
use super::{ContractSummary, ListQuery, Registry};
use crate::model::{Authority, Contract, Owners, Status, WorkflowCategory};
use crate::readiness::{self, CheckContext, Route, Verdict};
use crate::Result;

/// More words than this are ignored; nobody types them and each costs a scan.
const MAX_TERMS: usize = 16;

impl Registry {
    /// Contracts matching every filter, sorted by title (then id).
    ///
    /// Status, authority, category and the search text are filtered in SQL;
    /// each remaining row's summary and readiness come from `list_cache`
    /// when they were computed for the same version and dry-run state and
    /// no source's freshness limit lies between then and `at` (rule R3 is
    /// the only time-dependent rule). Otherwise the snapshot is read and
    /// checked again. With `limit`, candidates are taken in title order
    /// and only the first `limit` that pass every filter are computed.
    pub fn list(&self, query: &ListQuery, at: DateTime<Utc>) -> Result<Vec<ContractSummary>> {
        self.list_where(query, at, "1")
    }

    /// [`Registry::list`] of the rows that also meet `clause`, an SQL
    /// condition on the `contracts` table (as `c`) written by this crate.
    /// Filtering there first keeps a question about a few contracts (the
    /// review queue: those in review) from checking all of them.
    pub(super) fn list_where(
        &self,
        query: &ListQuery,
        at: DateTime<Utc>,
        clause: &str,
    ) -> Result<Vec<ContractSummary>> {
        let mut sql = format!(
            "SELECT c.id, c.current_version, c.status, c.updated_at, c.updated_by, c.title FROM contracts c WHERE ({clause})",
        );
        let mut args: Vec<String> = Vec::new();
        let mut filter = |clause: &str, value: String| {
            args.push(value);
            sql.push_str(&format!(" AND {clause} ?{}", args.len()));
        };
        if let Some(status) = query.status {
            filter("c.status =", status.as_str().to_string());
        }
        if let Some(authority) = query.authority {
            filter("c.authority =", authority.as_str().to_string());
        }
        if let Some(category) = query.category {
            filter("c.category =", category.as_str().to_string());
        }
        if let Some(text) = query.search.as_deref() {
            if let Some(expression) = match_expression(text) {
                args.push(expression);
                sql.push_str(&format!(
                    " AND c.search_rowid IN (SELECT rowid FROM contract_search WHERE contract_search MATCH ?{})",
                    args.len()
                ));
            }
        }
        type Candidate = (String, u32, String, String, String, String);
        let mut candidates: Vec<Candidate> = {
            let mut stmt = self.conn.prepare(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(&args), |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let limit = query.limit.map(|n| n as usize);
        if limit.is_some() {
            // The same order as the answer's (below), so the first `limit`
            // candidates that pass are the answer's first rows.
            candidates.sort_by_cached_key(|c| (c.5.to_lowercase(), c.0.clone()));
        }
        let with_dry_runs = super::dry_runs::ids_with_dry_runs(&self.conn)?;
        let schedules = super::lifecycle::schedules(&self.conn, at)?;
        let mut cache = self.list_cache.borrow_mut();
        let mut rows = Vec::new();
        for (id, version, status, updated_at, updated_by, _) in candidates {
            if limit.is_some_and(|n| rows.len() >= n) {
                break;
            }
            let has_dry_run = with_dry_runs.contains(&id);
            let fresh = cache.get(&id).is_some_and(|e| {
                e.version == version && e.has_dry_run == has_dry_run && e.still_valid_at(at)
            });
            if !fresh {
                let Some(stored) = load_version(&self.conn, &id, version)? else {
                    continue;
                };
                cache.insert(
                    id.clone(),
                    ListEntry::new(&stored.contract, version, has_dry_run, at),
                );
            }
            let entry = &cache[&id];
            let keep = query.owner.as_deref().is_none_or(|email| {
                entry
                    .owner_emails
                    .iter()
                    .any(|e| e.eq_ignore_ascii_case(email.trim()))
            }) && query.verdict.is_none_or(|v| v == entry.verdict);
            if !keep {
                continue;
            }
            let Some(schedule) = schedules.get(&id).copied() else {
                continue;
            };
            let (next_review, overdue) = (schedule.next_review, schedule.overdue);
            if query.overdue.is_some_and(|wanted| wanted != overdue) {
                continue;
            }
            rows.push(ContractSummary {
                title: entry.title.clone(),
                category: entry.category,
                status: Status::parse(&status).unwrap_or(Status::Draft),
                authority: entry.authority,
                ceiling: entry.ceiling,
                verdict: entry.verdict,
                next_route: entry.next_route,
                owners: entry.owners.clone(),
                version,
                in_force_version: schedule.standing.in_force,
                pending_version: schedule.standing.pending_version(),
                pending_status: schedule.standing.pending,
                updated_at: parse_timestamp(&updated_at)?,
                updated_by,
                next_review,
                overdue,
                id,
            });
        }
        rows.sort_by_cached_key(|r| (r.title.to_lowercase(), r.id.clone()));
        Ok(rows)
    }

    /// Ids of the contracts whose current version matches the search text
    /// (every word as a prefix), in no particular order: the window keeps
    /// its own order (the column it is sorted by) and filters it by these.
    /// Ranking them would cost more than the match itself (90 ms against
    /// 38 ms for "c" at 10,000 contracts). Empty text matches nothing.
    /// The ids come from `contracts (search_rowid, id)`: reading them from
    /// the index's own rows reads every match's searchable text as well.
    pub fn search(&self, text: &str) -> Result<Vec<String>> {
        let Some(expression) = match_expression(text) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare(
            "SELECT id FROM contracts WHERE search_rowid IN \
             (SELECT rowid FROM contract_search WHERE contract_search MATCH ?1)",
        )?;
        let ids = stmt.query_map([expression], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<Vec<String>>>()?)
    }
}

/// The FTS5 expression for what the user typed: each word a quoted prefix
/// term, all required. `None` when the text holds no word at all (then the
/// search does not filter).
pub(super) fn match_expression(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(MAX_TERMS)
        .map(|word| format!("\"{}\"*", word.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// One contract's registry row as last computed, for one version.
#[derive(Debug, Clone)]
pub(crate) struct ListEntry {
    version: u32,
    has_dry_run: bool,
    checked_at: DateTime<Utc>,
    /// The first moment a source passes its `max_age_hours` (R3), if any.
    fresh_until: Option<DateTime<Utc>>,
    title: String,
    category: WorkflowCategory,
    authority: Authority,
    owners: Owners,
    owner_emails: Vec<String>,
    ceiling: Option<Authority>,
    verdict: Verdict,
    next_route: Route,
}

impl ListEntry {
    fn new(contract: &Contract, version: u32, has_dry_run: bool, at: DateTime<Utc>) -> ListEntry {
        let readiness = readiness::check(contract, &CheckContext { at, has_dry_run });
        let fresh_until = contract
            .sources
            .iter()
            .filter_map(|s| {
                Some(s.last_synced_at? + chrono::Duration::hours(i64::from(s.max_age_hours?)))
            })
            .min();
        ListEntry {
            version,
            has_dry_run,
            checked_at: at,
            fresh_until,
            title: contract.title.clone(),
            category: contract.workflow.category,
            authority: contract.authority,
            owners: contract.owners.clone(),
            owner_emails: contract.owner_emails(),
            ceiling: readiness.ceiling,
            verdict: readiness.verdict,
            next_route: readiness.next_route,
        }
    }

    /// True when every source was fresh both when this was computed and at
    /// `at` (or no source has a freshness limit): R3 then gives the same answer.
    fn still_valid_at(&self, at: DateTime<Utc>) -> bool {
        self.fresh_until
            .is_none_or(|limit| self.checked_at <= limit && at <= limit)
    }
}

/// Replaces the contract's row in the search index with its current content.
pub(super) fn index_contract(conn: &Connection, contract: &Contract) -> Result<()> {
    // By rowid: FTS5 cannot find a row by a column value without a full scan.
    let old_row: Option<i64> = conn.query_row(
        "SELECT search_rowid FROM contracts WHERE id = ?1",
        [&contract.id],
        |r| r.get(0),
    )?;
    if let Some(rowid) = old_row {
        conn.execute("DELETE FROM contract_search WHERE rowid = ?1", [rowid])?;
    }
    let workflow = format!(
        "{} {} {}",
        contract.workflow.category.as_str().replace('_', " "),
        contract.workflow.description,
        contract.workflow.decision
    );
    let sources: Vec<String> = contract
        .sources
        .iter()
        .map(|s| {
            let system = s.system.map(|x| x.as_str()).unwrap_or_default();
            format!(
                "{} {} {}",
                s.name,
                system,
                s.owner.as_deref().unwrap_or_default()
            )
        })
        .collect();
    let owners: Vec<&str> = contract
        .owners
        .named()
        .into_iter()
        .map(|(_, email)| email)
        .collect();
    let suppression: Vec<&str> = contract
        .suppression
        .iter()
        .map(|rule| rule.name.as_str())
        .collect();
    conn.execute(
        "INSERT INTO contract_search (id, title, workflow, sources, owners, suppression) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![contract.id, contract.title, workflow, sources.join("\n"), owners.join("\n"), suppression.join("\n")],
    )?;
    conn.execute(
        "UPDATE contracts SET search_rowid = last_insert_rowid() WHERE id = ?1",
        [&contract.id],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_becomes_a_quoted_prefix_term() {
        assert_eq!(
            match_expression("churn risk").as_deref(),
            Some(r#""churn"* "risk"*"#)
        );
        assert_eq!(
            match_expression("dana@exa").as_deref(),
            Some(r#""dana"* "exa"*"#)
        );
        assert_eq!(
            match_expression(r#"OR ( "x* -y"#).as_deref(),
            Some(r#""OR"* "x"* "y"*"#)
        );
        assert_eq!(match_expression(r#" " * - ( ) "#), None);
    }

    #[test]
    fn hostile_text_never_breaks_the_index_query() {
        let registry = Registry::open_in_memory().unwrap();
        for text in [
            "\"",
            "*",
            "-",
            "OR (",
            "NEAR(a b)",
            "a AND",
            "^x",
            "col:val",
            "\u{0301}",
            "٣",
            "🙂 x",
            "\0",
        ] {
            assert!(registry.search(text).is_ok(), "{text:?}");
        }
    }
}
