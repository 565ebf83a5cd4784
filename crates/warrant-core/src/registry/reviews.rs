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
            crate::lifecycle::stored_roles(&review.roles),
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
            roles: crate::lifecycle::roles_from_stored(&role),
            decision,
            comment,
            at,
        });
    }
    Ok(reviews)
}

impl Registry {
    /// A contract's reviews, oldest first; only those of `version` when
    /// given. A repeated approval of one version by one person (possible
    /// before approvals were limited to one) is listed once.
    pub fn reviews(&self, id: &str, version: Option<u32>) -> Result<Vec<Review>> {
        self.contract(id)?;
        Ok(crate::lifecycle::distinct_reviews(&reviews_of(
            &self.conn, id, version,
        )?))
    }
}

impl Registry {
    /// The contracts waiting on `actor`: a version of theirs is in review
    /// (the contract itself, or its pending version) where they are the
    /// business or the data owner and have not approved it yet.
    pub fn review_queue(&self, actor: &str) -> Result<Vec<crate::registry::ContractSummary>> {
        use crate::lifecycle::{has_approved, roles_held, OwnerRole};
        let query = crate::registry::ListQuery {
            owner: Some(actor.to_string()),
            ..Default::default()
        };
        // The version in review is the pending one when there is one. The
        // rows' own `status` and `pending_status` are these columns, so
        // every row listed is in review.
        const IN_REVIEW: &str = "c.pending_status = 'in_review' \
             OR (c.pending_status IS NULL AND c.status = 'in_review')";
        let mut waiting = Vec::new();
        for summary in self.list_where(&query, chrono::Utc::now(), IN_REVIEW)? {
            // The row describes the newest version, which is the one in review.
            let contract = self.version(&summary.id, summary.version)?.contract;
            let approver = roles_held(&contract, actor)
                .iter()
                .any(|role| matches!(role, OwnerRole::Business | OwnerRole::Data));
            let reviews = reviews_of(&self.conn, &summary.id, Some(summary.version))?;
            if approver && !has_approved(&reviews, summary.version, actor) {
                waiting.push(summary);
            }
        }
        Ok(waiting)
    }
}
