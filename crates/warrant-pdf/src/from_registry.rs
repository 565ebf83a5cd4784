//! Gathering what a filled worksheet prints from the registry: the current
//! version, its readiness (with the registry's dry-run knowledge), the people
//! list, the latest dry run, every review and the audit head. The CLI
//! (`warrant worksheet`) and the app both print through this, so the two
//! PDFs of one contract are the same document.

use chrono::{DateTime, NaiveDate, Utc};
use warrant_core::model::{Contract, Person};
use warrant_core::readiness::{self, CheckContext, Readiness};
use warrant_core::registry::{Registry, StoredDryRun};
use warrant_core::Result;

use crate::{DryRunCounts, FilledWorksheet, ReviewLine};

/// The owned data behind a [`FilledWorksheet`].
#[derive(Debug, Clone)]
pub struct WorksheetSource {
    pub contract: Contract,
    pub version: u32,
    pub readiness: Readiness,
    pub people: Vec<Person>,
    pub dry_run: Option<DryRunCounts>,
    pub reviews: Vec<ReviewLine>,
    pub audit_head: Option<String>,
    pub date: NaiveDate,
    pub standing: Option<String>,
}

fn printed_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn dry_run_counts(run: &StoredDryRun) -> DryRunCounts {
    DryRunCounts {
        file_name: run.file_name.clone(),
        // Runs kept by earlier versions lack `total` (read as 0); the row
        // count is the same figure.
        total: match run.counts.total {
            0 => run.row_count,
            total => total,
        },
        eligible: run.counts.eligible,
        review: run.counts.review,
        suppressed: run.counts.suppressed,
        at: printed_time(run.at),
    }
}

fn name_of(people: &[Person], email: &str) -> String {
    people
        .iter()
        .find(|p| p.email.eq_ignore_ascii_case(email.trim()))
        .map(|p| p.name.clone())
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| email.to_string())
}

impl WorksheetSource {
    /// The current version of contract `id` as the registry knows it at `at`.
    pub fn from_registry(registry: &Registry, id: &str, at: DateTime<Utc>) -> Result<Self> {
        let stored = registry.contract(id)?;
        let readiness = registry.readiness(id, at)?;
        let people = registry.people()?;
        let dry_run = registry.dry_runs(id)?.first().map(dry_run_counts);
        let reviews = registry
            .reviews(id, None)?
            .into_iter()
            .map(|review| ReviewLine {
                version: review.version,
                reviewer: name_of(&people, &review.reviewer),
                role: warrant_core::lifecycle::stored_roles(&review.roles).replace(',', ", "),
                decision: match review.decision {
                    warrant_core::lifecycle::ReviewDecision::Approve => "approved",
                    warrant_core::lifecycle::ReviewDecision::RequestChanges => "changes requested",
                }
                .to_string(),
                comment: review.comment,
                at: printed_time(review.at),
            })
            .collect();
        let audit_head = Some(registry.audit_head()?.to_string());
        let standing = Some(registry.standing(id)?.describe());
        Ok(WorksheetSource {
            contract: stored.contract,
            version: stored.version,
            readiness,
            people,
            dry_run,
            reviews,
            audit_head,
            date: at.date_naive(),
            standing,
        })
    }

    /// A contract file outside any registry: no people, runs, reviews or
    /// audit trail to print, and version 1.
    pub fn from_contract(contract: Contract, at: DateTime<Utc>) -> Self {
        let readiness = readiness::check(
            &contract,
            &CheckContext {
                at,
                has_dry_run: false,
            },
        );
        WorksheetSource {
            contract,
            version: 1,
            readiness,
            people: Vec::new(),
            dry_run: None,
            reviews: Vec::new(),
            audit_head: None,
            date: at.date_naive(),
            standing: None,
        }
    }

    /// The worksheet to hand to [`crate::render_filled`].
    pub fn worksheet(&self) -> FilledWorksheet<'_> {
        FilledWorksheet {
            contract: &self.contract,
            version: self.version,
            readiness: &self.readiness,
            people: &self.people,
            dry_run: self.dry_run.clone(),
            reviews: self.reviews.clone(),
            audit_head: self.audit_head.clone(),
            date: self.date,
            standing: self.standing.clone(),
        }
    }
}
