//! The `reviews` table: who reviewed which version of a contract, in what
//! role, with what decision and comment. Rows are only ever added; the
//! lifecycle rules that decide whether a review may be recorded live in
//! [`crate::lifecycle`] and `registry/lifecycle.rs`.

use rusqlite::{params, Connection};

use super::audit::{parse_timestamp, timestamp};
use super::Registry;
use crate::lifecycle::{Review, ReviewDecision};
use crate::{Error, ErrorCode, Result};

pub(super) fn insert_review(conn: &Connection, review: &Review) -> Result<()> {
    conn.execute(
        "INSERT INTO reviews (contract_id, version, reviewer, role, decision, comment, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            review.contract_id,
            review.version,
            review.reviewer,
            review.role,
            review.decision.as_str(),
            review.comment,
            timestamp(review.at)
        ],
    )?;
    Ok(())
}

/// A contract's reviews, oldest first; only those of `version` when given.
pub(super) fn reviews_of(conn: &Connection, id: &str, version: Option<u32>) -> Result<Vec<Review>> {
    let mut stmt = conn.prepare(
        "SELECT contract_id, version, reviewer, role, decision, comment, at FROM reviews
         WHERE contract_id = ?1 AND (?2 IS NULL OR version = ?2) ORDER BY id",
    )?;
    let rows = stmt.query_map(params![id, version], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, u32>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            parse_timestamp(&r.get::<_, String>(6)?)?,
        ))
    })?;
    let mut reviews = Vec::new();
    for row in rows {
        let (contract_id, version, reviewer, role, decision, comment, at) = row?;
        let decision = ReviewDecision::parse(&decision).ok_or_else(|| {
            Error::new(
                ErrorCode::Registry,
                format!("A review of {contract_id} version {version} has an unknown decision “{decision}”."),
            )
        })?;
        reviews.push(Review {
            contract_id,
            version,
            reviewer,
            role,
            decision,
            comment,
            at,
        });
    }
    Ok(reviews)
}

impl Registry {
    /// A contract's reviews, oldest first; only those of `version` when given.
    pub fn reviews(&self, id: &str, version: Option<u32>) -> Result<Vec<Review>> {
        self.contract(id)?;
        reviews_of(&self.conn, id, version)
    }
}
