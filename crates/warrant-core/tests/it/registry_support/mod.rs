//! Shared fixtures for the registry integration tests: a registry on a real
//! file in a temporary directory, and contracts filled enough to be saved.

use std::path::PathBuf;

use tempfile::TempDir;
use warrant_core::model::*;
use warrant_core::registry::{ImportFile, Registry};

pub const ME: &str = "revops@example.com";

/// A registry file in its own temporary directory (deleted on drop).
pub struct TempRegistry {
    /// Held only so the directory lives as long as the registry in it.
    _dir: TempDir,
    pub path: PathBuf,
    pub registry: Registry,
}

pub fn temp_registry() -> TempRegistry {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("registry.warrant");
    let registry = Registry::open(&path).expect("open a new registry");
    TempRegistry {
        _dir: dir,
        path,
        registry,
    }
}

impl TempRegistry {
    /// Closes and opens the file again, as a restart of the app would.
    pub fn reopen(&mut self) {
        let placeholder = Registry::open_in_memory().unwrap();
        drop(std::mem::replace(&mut self.registry, placeholder));
        self.registry = Registry::open(&self.path).expect("reopen");
    }

    /// Closes the registry and hands back a raw connection to the file, for
    /// tests that play someone tampering with it.
    pub fn raw(&mut self) -> rusqlite::Connection {
        let placeholder = Registry::open_in_memory().unwrap();
        drop(std::mem::replace(&mut self.registry, placeholder));
        rusqlite::Connection::open(&self.path).unwrap()
    }

    /// Plays someone editing the file with the SQLite shell: `triggers`
    /// dropped first (they refuse the edit otherwise), then `sql`, then the
    /// registry opened again.
    pub fn edit_by_hand(&mut self, triggers: &[&str], sql: &str) {
        let raw = self.raw();
        for trigger in triggers {
            raw.execute_batch(&format!("DROP TRIGGER IF EXISTS {trigger};"))
                .unwrap();
        }
        raw.execute_batch(sql).unwrap();
        drop(raw);
        self.reopen();
    }
}

/// A churn contract with sources, owners and suppression rules.
pub fn churn(id: &str, title: &str) -> Contract {
    let mut c = Contract::new(id, title, WorkflowCategory::ChurnRiskRouting);
    c.authority = Authority::Assist;
    c.workflow.description =
        "Draft a churn-risk summary when the health model crosses the review threshold.".into();
    c.workflow.decision =
        "The CSM confirms the reason code before the CRM health band changes.".into();
    c.sources = vec![
        Source {
            name: "account_health_current".into(),
            system: Some(SourceSystem::Warehouse),
            role: Some(SourceRole::SourceOfTruth),
            trust: Some(Trust::Trusted),
            owner: Some("dana@example.com".into()),
            max_age_hours: Some(24),
            last_synced_at: None,
        },
        Source {
            name: "support_cases".into(),
            system: Some(SourceSystem::Support),
            role: Some(SourceRole::Context),
            trust: Some(Trust::Trusted),
            owner: Some("support.lead@example.com".into()),
            ..Default::default()
        },
    ];
    c.owners = Owners {
        business: Some("cs.director@example.com".into()),
        data: Some("dana@example.com".into()),
        destination: Some(ME.into()),
        exception: Some("cs.ops@example.com".into()),
    };
    c.suppression = vec![SuppressionRule {
        name: "Unresolved P1/P2 support case".into(),
        category: Some(SuppressionCategory::SupportEscalations),
        action: Some(SuppressionAction::Suppress),
        when: String::new(),
    }];
    c.destination = Destination {
        system: Some(DestinationSystem::Salesforce),
        target: "Account.Churn_Summary__c".into(),
        shows: vec![
            VisibleContext::ReasonCode,
            VisibleContext::Confidence,
            VisibleContext::Timestamp,
            VisibleContext::Source,
        ],
    };
    c.thresholds.reason_codes_required = true;
    c.thresholds.reason_codes = vec!["usage_drop".into()];
    c.thresholds.max_field_age_hours = Some(48);
    c.thresholds.output_expires_after_hours = Some(168);
    c
}

/// The triggers that keep the audit trail append-only.
pub const AUDIT_TRIGGERS: &[&str] = &["audit_events_no_update", "audit_events_no_delete"];

/// The triggers that keep versions, reviews and dry runs append-only.
pub const RECORD_TRIGGERS: &[&str] = &[
    "contract_versions_no_update",
    "contract_versions_no_delete",
    "reviews_no_update",
    "reviews_no_delete",
    "dry_runs_no_update",
    "dry_runs_no_delete",
];

/// A bare draft in another category, owned by nobody.
pub fn lead_draft(id: &str, title: &str) -> Contract {
    Contract::new(id, title, WorkflowCategory::LeadAccountPrioritization)
}

pub fn file(name: &str, contract: Contract) -> ImportFile {
    ImportFile {
        name: name.into(),
        contract,
    }
}

pub fn person(email: &str, name: &str) -> Person {
    Person {
        email: email.into(),
        name: name.into(),
        team: String::new(),
        title: String::new(),
    }
}

/// Takes a stored [`churn`] contract from draft to live through the real
/// transitions, by the owners the rules name.
pub fn launch(registry: &mut Registry, id: &str) {
    use warrant_core::lifecycle::{Action, ReviewDecision};
    registry.change_status(id, Action::Submit, "", ME).unwrap();
    for owner in ["cs.director@example.com", "dana@example.com"] {
        registry
            .record_review(id, ReviewDecision::Approve, "", owner)
            .unwrap();
    }
    registry
        .change_status(id, Action::Launch, "", "cs.director@example.com")
        .unwrap();
}
