//! Reading a registry back the way the registry tests compare it: the ids a
//! list query shows and the kinds of the audit events, in order. Plain
//! functions over any [`Registry`]; `registry_support` is what makes one.

use chrono::Utc;
use warrant_core::registry::{ListQuery, Registry};

/// The ids of the rows `query` lists now, in the list's order.
pub fn listed_ids(registry: &Registry, query: &ListQuery) -> Vec<String> {
    registry
        .list(query, Utc::now())
        .unwrap()
        .into_iter()
        .map(|row| row.id)
        .collect()
}

/// The kinds of the audit events of one contract (or of all, for `None`),
/// oldest first.
pub fn event_kinds(registry: &Registry, contract_id: Option<&str>) -> Vec<String> {
    registry
        .audit_events(contract_id)
        .unwrap()
        .into_iter()
        .map(|event| event.kind)
        .collect()
}
