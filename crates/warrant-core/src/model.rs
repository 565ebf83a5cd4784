//! The AI activation contract as data: one struct per area of the contract
//! and an enum for every listed value (the keys and values are listed in
//! `docs/file-format.md`).
//!
//! These types *are* the warrant/v1 file format: serde maps them 1:1 to the
//! YAML/JSON keys, schemars derives the published JSON Schema from them and
//! ts-rs the UI's TypeScript types. Unknown keys are refused everywhere
//! (`deny_unknown_fields`) so a typo never silently drops a rule.
//!
//! Conventions, chosen so that export → import is the identity:
//! - free text is a `String`, empty when absent, omitted from files when empty;
//! - references, numbers and enum values are `Option`s, omitted when `None`;
//! - lists are `Vec`s, omitted when empty;
//! - sections are plain structs whose `Default` is "nothing written yet".

pub(crate) mod strict;

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An enum whose values have one spelling, written once: each variant's
/// `=> "word"` is its serde name and what `as_str`, `parse`, `ALL` and
/// `Display` use. The caller writes the derives (they must include serde's,
/// for the `rename`s). Used by [`wire_enum!`] for the file format and by the
/// other modules for their enums (`readiness::Verdict`, `lifecycle::Action`, …).
macro_rules! spelled_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $wire)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as written on the wire (files, JSON, the CLI).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            /// Parses the wire spelling; `None` for anything else.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($wire => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use spelled_enum;

/// Expands to the derives every enum of the file format shares: snake_case
/// names on the wire, ordered, usable as map keys, exported to TypeScript,
/// read strictly (a word and nothing else), spelled once ([`spelled_enum!`]).
/// `ALL` lists the values in the order SPEC §2.1 lists them.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),+ $(,)? }) => {
        spelled_enum!(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema, TS)]
            #[ts(export)]
            pub enum $name {
                $($(#[$vmeta])* $variant => $wire),+
            }
        );

        // Written by hand: serde's derived enum reader also takes a one-key
        // mapping (`authority: {act: null}`), which the file format refuses.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const WIRE: &[&str] = &[$($wire),+];
                deserializer.deserialize_str(strict::WordVisitor::new(WIRE, $name::parse))
            }
        }
    };
}

wire_enum!(
    /// The only file format version this build reads and writes.
    FormatVersion { V1 => "warrant/v1" }
);

wire_enum!(
    /// The authority ladder (see `docs/readiness-rules.md`). Declaration order
    /// is rung order, so `Suggest < Assist < Route < Act`.
    Authority { Suggest => "suggest", Assist => "assist", Route => "route", Act => "act" }
);

wire_enum!(
    /// Lifecycle status (see `docs/lifecycle.md`).
    Status {
        Draft => "draft", InReview => "in_review", Approved => "approved",
        Live => "live", Paused => "paused", Retired => "retired",
    }
);

wire_enum!(
    /// The five GTM workflows of the article, plus `other`.
    WorkflowCategory {
        LeadAccountPrioritization => "lead_account_prioritization",
        ChurnRiskRouting => "churn_risk_routing",
        LifecycleNextBestAction => "lifecycle_next_best_action",
        ForecastCommentary => "forecast_commentary",
        RepAlerts => "rep_alerts",
        Other => "other",
    }
);

wire_enum!(
    SourceSystem {
        Crm => "crm", Product => "product", Billing => "billing", Support => "support",
        Warehouse => "warehouse", Dbt => "dbt", Enrichment => "enrichment", Other => "other",
    }
);

wire_enum!(SourceRole { SourceOfTruth => "source_of_truth", Context => "context" });

wire_enum!(Trust { Trusted => "trusted", Provisional => "provisional", Disputed => "disputed" });

wire_enum!(
    Entity {
        Account => "account", Contact => "contact", Lead => "lead", Opportunity => "opportunity",
        Subscription => "subscription", User => "user", Household => "household",
    }
);

wire_enum!(
    Matching { Deterministic => "deterministic", Probabilistic => "probabilistic", Unresolved => "unresolved" }
);

wire_enum!(DefinitionStatus { Agreed => "agreed", Contested => "contested" });

wire_enum!(
    SuppressionCategory {
        Customers => "customers",
        OpenOpportunities => "open_opportunities",
        StrategicAccounts => "strategic_accounts",
        OptOuts => "opt_outs",
        LegalRestrictions => "legal_restrictions",
        SupportEscalations => "support_escalations",
        Holdouts => "holdouts",
        LowConfidenceMatches => "low_confidence_matches",
        ActiveRenewals => "active_renewals",
        Custom => "custom",
    }
);

wire_enum!(SuppressionAction { Suppress => "suppress", Review => "review" });

wire_enum!(
    DestinationSystem {
        Salesforce => "salesforce", Hubspot => "hubspot", Slack => "slack", CsTool => "cs_tool",
        LifecyclePlatform => "lifecycle_platform", ForecastNote => "forecast_note",
        Task => "task", Field => "field", Queue => "queue", Other => "other",
    }
);

wire_enum!(
    /// What the person receiving the output can see next to it.
    VisibleContext {
        ReasonCode => "reason_code", Confidence => "confidence",
        Timestamp => "timestamp", Source => "source",
    }
);

wire_enum!(
    /// What the workflow's own audit trail records.
    AuditRecord {
        Suggestion => "suggestion", Change => "change", Reviewer => "reviewer", Timestamp => "timestamp",
    }
);

fn is_false(b: &bool) -> bool {
    !*b
}

/// One AI activation contract: a single AI-assisted revenue workflow and the
/// terms under which it may run. Field order follows the worksheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Warrant AI activation contract (warrant/v1)")]
#[ts(export)]
pub struct Contract {
    pub format: FormatVersion,
    /// Stable key: lowercase letters, digits and '-'.
    #[schemars(pattern(strict::ID_PATTERN))]
    pub id: String,
    #[schemars(pattern(strict::NOT_BLANK_PATTERN))]
    pub title: String,
    pub workflow: Workflow,
    /// The authority the workflow asks for.
    pub authority: Authority,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub status: Option<Status>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    #[serde(default, skip_serializing_if = "Grain::is_empty")]
    pub grain: Grain,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub definitions: Vec<Definition>,
    #[serde(default, skip_serializing_if = "Owners::is_empty")]
    pub owners: Owners,
    #[serde(default, skip_serializing_if = "Thresholds::is_empty")]
    pub thresholds: Thresholds,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppression: Vec<SuppressionRule>,
    #[serde(default, skip_serializing_if = "Destination::is_empty")]
    pub destination: Destination,
    #[serde(default, skip_serializing_if = "Exceptions::is_empty")]
    pub exceptions: Exceptions,
    #[serde(default, skip_serializing_if = "AuditPolicy::is_empty")]
    pub audit: AuditPolicy,
    #[serde(default, skip_serializing_if = "LaunchChecks::is_empty")]
    pub launch_checks: LaunchChecks,
}

impl Contract {
    /// The roles in which `email` appears in the contract, in plain words.
    pub fn roles_of(&self, email: &str) -> Vec<String> {
        let same = |candidate: &str| candidate.trim().eq_ignore_ascii_case(email.trim());
        let mut roles: Vec<String> = self
            .owners
            .named()
            .into_iter()
            .filter(|(_, e)| same(e))
            .map(|(role, _)| format!("{role} owner"))
            .collect();
        for source in &self.sources {
            if source.owner.as_deref().is_some_and(same) {
                roles.push(format!("owner of source {}", source.name));
            }
        }
        roles
    }

    /// A copy in which every owner slot naming `from` names `to` instead
    /// (renaming a person renames them in the contracts that name them).
    pub fn with_owner_renamed(&self, from: &str, to: &str) -> Contract {
        let mut renamed = self.clone();
        let swap = |slot: &mut Option<String>| {
            if slot
                .as_deref()
                .is_some_and(|e| e.trim().eq_ignore_ascii_case(from))
            {
                *slot = Some(to.to_string());
            }
        };
        let owners = &mut renamed.owners;
        for slot in [
            &mut owners.business,
            &mut owners.data,
            &mut owners.destination,
            &mut owners.exception,
        ] {
            swap(slot);
        }
        for source in &mut renamed.sources {
            swap(&mut source.owner);
        }
        renamed
    }

    /// Every e-mail address the contract names: the four owners, then the
    /// sources' owners, trimmed, blanks left out (repeats kept).
    pub fn owner_emails(&self) -> Vec<String> {
        let owners = self.owners.named().into_iter().map(|(_, e)| e);
        let sources = self.sources.iter().filter_map(|s| s.owner.as_deref());
        owners
            .chain(sources)
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(String::from)
            .collect()
    }

    /// A blank draft with only the required keys filled.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        category: WorkflowCategory,
    ) -> Self {
        Contract {
            format: FormatVersion::V1,
            id: id.into(),
            title: title.into(),
            workflow: Workflow {
                category,
                description: String::new(),
                decision: String::new(),
            },
            authority: Authority::Suggest,
            status: None,
            sources: Vec::new(),
            grain: Grain::default(),
            definitions: Vec::new(),
            owners: Owners::default(),
            thresholds: Thresholds::default(),
            suppression: Vec::new(),
            destination: Destination::default(),
            exceptions: Exceptions::default(),
            audit: AuditPolicy::default(),
            launch_checks: LaunchChecks::default(),
        }
    }

    /// The status, `draft` when the file does not say.
    pub fn status(&self) -> Status {
        self.status.unwrap_or(Status::Draft)
    }
}

/// Area 1: the workflow being influenced and the behaviour that should change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Workflow {
    pub category: WorkflowCategory,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(as = "Option<String>", optional)]
    pub description: String,
    /// The behaviour that should change, in one sentence.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(as = "Option<String>", optional)]
    pub decision: String,
}

/// Area 2: one source system or trusted model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Source {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub system: Option<SourceSystem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub role: Option<SourceRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub trust: Option<Trust>,
    /// E-mail address of the person who owns this source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    #[schemars(pattern(strict::owner_pattern()))]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    #[serde(deserialize_with = "strict::whole_number")]
    #[schemars(range(max = u32::MAX))]
    pub max_age_hours: Option<u32>,
    /// When the source last synced (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable, type = "string")]
    #[serde(deserialize_with = "strict::date_time")]
    #[schemars(pattern(strict::DATE_TIME_PATTERN))]
    pub last_synced_at: Option<DateTime<Utc>>,
}

/// Area 3: the entity the workflow acts on and how records are matched.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Grain {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub entity: Option<Entity>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub identifiers: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub matching: Option<Matching>,
    /// Share of records matched, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub match_rate: Option<f64>,
    /// The match rate the team agreed it needs, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub match_rate_target: Option<f64>,
}

impl Grain {
    pub fn is_empty(&self) -> bool {
        *self == Grain::default()
    }
}

/// A business definition the workflow depends on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Definition {
    pub name: String,
    pub status: DefinitionStatus,
}

/// Area 4 and 9: the four named owners, as e-mail addresses of people in the
/// registry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Owners {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    #[schemars(pattern(strict::owner_pattern()))]
    pub business: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    #[schemars(pattern(strict::owner_pattern()))]
    pub data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    #[schemars(pattern(strict::owner_pattern()))]
    pub destination: Option<String>,
    /// Investigates bad examples and owns the pause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    #[schemars(pattern(strict::owner_pattern()))]
    pub exception: Option<String>,
}

impl Owners {
    pub fn is_empty(&self) -> bool {
        *self == Owners::default()
    }

    /// The owners that are set, with their role names, in the order the
    /// contract lists them (business, data, destination, exception).
    pub fn named(&self) -> Vec<(&'static str, &str)> {
        [
            ("business", &self.business),
            ("data", &self.data),
            ("destination", &self.destination),
            ("exception", &self.exception),
        ]
        .into_iter()
        .filter_map(|(role, email)| {
            email
                .as_deref()
                .filter(|e| !e.trim().is_empty())
                .map(|e| (role, e))
        })
        .collect()
    }
}

/// Area 6: confidence and freshness thresholds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Thresholds {
    /// Records below this confidence (0..1) go to review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub min_confidence: Option<f64>,
    #[serde(default, skip_serializing_if = "is_false")]
    #[ts(as = "Option<bool>", optional)]
    pub reason_codes_required: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub reason_codes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    #[serde(deserialize_with = "strict::whole_number")]
    #[schemars(range(max = u32::MAX))]
    pub max_field_age_hours: Option<u32>,
    /// Free text, e.g. "daily" or "every 15 minutes".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(as = "Option<String>", optional)]
    pub sync_cadence: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    #[serde(deserialize_with = "strict::whole_number")]
    #[schemars(range(max = u32::MAX))]
    pub output_expires_after_hours: Option<u32>,
}

impl Thresholds {
    pub fn is_empty(&self) -> bool {
        *self == Thresholds::default()
    }
}

/// Area 7: one suppression or exclusion rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SuppressionRule {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub category: Option<SuppressionCategory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub action: Option<SuppressionAction>,
    /// Optional CEL condition over one sample record, e.g.
    /// `record.support_severity in ["P1", "P2"]`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(as = "Option<String>", optional)]
    pub when: String,
}

/// Area 8: where the output appears and what the user sees beside it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Destination {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub system: Option<DestinationSystem>,
    /// Object, field, channel or queue.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(as = "Option<String>", optional)]
    pub target: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<VisibleContext>>", optional)]
    pub shows: Vec<VisibleContext>,
}

impl Destination {
    pub fn is_empty(&self) -> bool {
        *self == Destination::default()
    }
}

/// Area 9: how the workflow is paused and undone. The exception owner is
/// `owners.exception`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Exceptions {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(as = "Option<String>", optional)]
    pub pause_procedure: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(as = "Option<String>", optional)]
    pub rollback: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub pause_triggers: Vec<String>,
}

impl Exceptions {
    pub fn is_empty(&self) -> bool {
        *self == Exceptions::default()
    }
}

/// Area 10: what the workflow's own audit trail keeps, and for how long.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AuditPolicy {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<AuditRecord>>", optional)]
    pub records: Vec<AuditRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    #[serde(deserialize_with = "strict::whole_number")]
    #[schemars(range(max = u32::MAX))]
    pub retention_days: Option<u32>,
}

impl AuditPolicy {
    pub fn is_empty(&self) -> bool {
        *self == AuditPolicy::default()
    }
}

/// The seven steps of a first contract review; each is the date it was done.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct LaunchChecks {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable, type = "string")]
    #[serde(deserialize_with = "strict::date")]
    #[schemars(pattern(strict::DATE_PATTERN))]
    pub workflow_picked: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable, type = "string")]
    #[serde(deserialize_with = "strict::date")]
    #[schemars(pattern(strict::DATE_PATTERN))]
    pub sample_records_pulled: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable, type = "string")]
    #[serde(deserialize_with = "strict::date")]
    #[schemars(pattern(strict::DATE_PATTERN))]
    pub owners_present: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable, type = "string")]
    #[serde(deserialize_with = "strict::date")]
    #[schemars(pattern(strict::DATE_PATTERN))]
    pub authority_classified: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable, type = "string")]
    #[serde(deserialize_with = "strict::date")]
    #[schemars(pattern(strict::DATE_PATTERN))]
    pub suppressions_identified: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable, type = "string")]
    #[serde(deserialize_with = "strict::date")]
    #[schemars(pattern(strict::DATE_PATTERN))]
    pub pause_criteria_decided: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable, type = "string")]
    #[serde(deserialize_with = "strict::date")]
    #[schemars(pattern(strict::DATE_PATTERN))]
    pub launched_at_lowest_level: Option<NaiveDate>,
}

impl LaunchChecks {
    pub fn is_empty(&self) -> bool {
        *self == LaunchChecks::default()
    }

    /// The seven steps in order: key, plain label, date done.
    pub fn steps(&self) -> [(&'static str, &'static str, Option<NaiveDate>); 7] {
        [
            (
                "workflow_picked",
                "One revenue workflow picked",
                self.workflow_picked,
            ),
            (
                "sample_records_pulled",
                "Ten real sample records pulled",
                self.sample_records_pulled,
            ),
            (
                "owners_present",
                "Workflow, destination and data owners in the room",
                self.owners_present,
            ),
            (
                "authority_classified",
                "Authority level classified",
                self.authority_classified,
            ),
            (
                "suppressions_identified",
                "Records to suppress or review identified",
                self.suppressions_identified,
            ),
            (
                "pause_criteria_decided",
                "Pause criteria decided",
                self.pause_criteria_decided,
            ),
            (
                "launched_at_lowest_level",
                "Launched at the lowest useful level",
                self.launched_at_lowest_level,
            ),
        ]
    }
}

/// A person in the registry's people list. Owners and reviewers are people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[ts(export)]
pub struct Person {
    pub email: String,
    pub name: String,
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub title: String,
}

/// A display name for an address nobody has named yet:
/// `dana@example.com` → "Dana", `cs.director@example.com` → "Cs Director".
pub fn name_from_email(email: &str) -> String {
    let local = email.split('@').next().unwrap_or(email);
    let words: Vec<String> = local
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            let first = chars
                .next()
                .map(|c| c.to_uppercase().collect::<String>())
                .unwrap_or_default();
            first + chars.as_str()
        })
        .collect();
    if words.is_empty() {
        email.to_string()
    } else {
        words.join(" ")
    }
}
