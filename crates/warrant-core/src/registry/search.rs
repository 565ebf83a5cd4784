//! The registry screen's list: filters, search as you type, readiness per
//! row. Search runs on an FTS5 index of each contract's current version,
//! rewritten on every save.
//!
//! User input never reaches FTS5's query syntax: it is cut into words and
//! each word becomes a quoted prefix term, so `"`, `*`, `-`, `OR`, `NEAR`,
//! `(` and friends are only ever text.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::contracts::current_contracts;
use super::people::roles_of;
use super::{ContractSummary, ListQuery, Registry};
use crate::model::Contract;
use crate::readiness::{self, CheckContext};
use crate::Result;

/// More words than this are ignored; nobody types them and each costs a scan.
const MAX_TERMS: usize = 16;

impl Registry {
    /// Contracts matching every filter, sorted by title (then id).
    pub fn list(&self, query: &ListQuery, at: DateTime<Utc>) -> Result<Vec<ContractSummary>> {
        let matching = match query.search.as_deref().and_then(match_expression) {
            Some(expression) => Some(search_ids(&self.conn, &expression)?),
            None => None,
        };
        let with_dry_runs = ids_with_dry_runs(&self.conn)?;
        let schedules = super::lifecycle::schedules(&self.conn, at)?;
        let mut rows = Vec::new();
        for stored in current_contracts(&self.conn)? {
            let c = &stored.contract;
            let keep = matching.as_ref().is_none_or(|ids| ids.contains(&c.id))
                && query.status.is_none_or(|s| c.status() == s)
                && query.authority.is_none_or(|a| c.authority == a)
                && query.category.is_none_or(|k| c.workflow.category == k)
                && query
                    .owner
                    .as_deref()
                    .is_none_or(|email| !roles_of(c, email).is_empty());
            if !keep {
                continue;
            }
            let ctx = CheckContext {
                at,
                has_dry_run: with_dry_runs.contains(&c.id),
            };
            let readiness = readiness::check(c, &ctx);
            if query.verdict.is_some_and(|v| v != readiness.verdict) {
                continue;
            }
            let (next_review, overdue) = schedules.get(&c.id).copied().unwrap_or((None, false));
            if query.overdue.is_some_and(|wanted| wanted != overdue) {
                continue;
            }
            rows.push(ContractSummary {
                id: c.id.clone(),
                title: c.title.clone(),
                category: c.workflow.category,
                status: c.status(),
                authority: c.authority,
                ceiling: readiness.ceiling,
                verdict: readiness.verdict,
                next_route: readiness.next_route,
                owners: c.owners.clone(),
                version: stored.version,
                updated_at: stored.saved_at,
                updated_by: stored.saved_by.clone(),
                next_review,
                overdue,
            });
        }
        rows.sort_by(|a, b| {
            a.title
                .to_lowercase()
                .cmp(&b.title.to_lowercase())
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(rows)
    }

    /// Ids of the contracts whose current version matches the search text
    /// (every word as a prefix), best match first. Empty text matches nothing.
    pub fn search(&self, text: &str) -> Result<Vec<String>> {
        let Some(expression) = match_expression(text) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare(
            "SELECT id FROM contract_search WHERE contract_search MATCH ?1 ORDER BY rank",
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

fn search_ids(conn: &Connection, expression: &str) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare("SELECT id FROM contract_search WHERE contract_search MATCH ?1")?;
    let ids = stmt.query_map([expression], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<HashSet<String>>>()?)
}

fn ids_with_dry_runs(conn: &Connection) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare("SELECT DISTINCT contract_id FROM dry_runs")?;
    let ids = stmt.query_map([], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<HashSet<String>>>()?)
}

/// Replaces the contract's row in the search index with its current content.
pub(super) fn index_contract(conn: &Connection, contract: &Contract) -> Result<()> {
    conn.execute("DELETE FROM contract_search WHERE id = ?1", [&contract.id])?;
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
