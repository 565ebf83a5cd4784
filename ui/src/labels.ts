/**
 * Plain-language wording for everything the UI shows: enum values, the ten
 * contract areas with what to write down and the question to test them by,
 * the launch steps, verdicts and next routes.
 *
 * Typed as `Record<Enum, string>` so a value added to the Rust model fails
 * the TypeScript build until it has a label here.
 */
import type { AuditRecord } from "./bindings/AuditRecord";
import type { Authority } from "./bindings/Authority";
import type { DefinitionStatus } from "./bindings/DefinitionStatus";
import type { DestinationSystem } from "./bindings/DestinationSystem";
import type { Entity } from "./bindings/Entity";
import type { LaunchChecks } from "./bindings/LaunchChecks";
import type { Matching } from "./bindings/Matching";
import type { Route } from "./bindings/Route";
import type { SaveOutcome } from "./bindings/SaveOutcome";
import type { SourceRole } from "./bindings/SourceRole";
import type { SourceSystem } from "./bindings/SourceSystem";
import type { Status } from "./bindings/Status";
import type { SuppressionAction } from "./bindings/SuppressionAction";
import type { SuppressionCategory } from "./bindings/SuppressionCategory";
import type { Trust } from "./bindings/Trust";
import type { Verdict } from "./bindings/Verdict";
import type { VisibleContext } from "./bindings/VisibleContext";
import type { WorkflowCategory } from "./bindings/WorkflowCategory";

export const AUTHORITY_LABELS: Record<Authority, string> = {
  suggest: "Suggest",
  assist: "Assist",
  route: "Route",
  act: "Act",
};

/** What each rung allows, for the ladder list and the authority select. */
export const AUTHORITY_MEANING: Record<Authority, string> = {
  suggest: "Shows a recommended next step with its context; a person decides.",
  assist: "Drafts notes, summaries or tasks that a person approves.",
  route: "Sends records to a queue, owner, play or review path.",
  act: "Changes fields, sends messages, creates tasks or changes status by itself.",
};

/** Rung order, lowest first. */
export const AUTHORITY_ORDER: Authority[] = ["suggest", "assist", "route", "act"];

export const STATUS_LABELS: Record<Status, string> = {
  draft: "Draft",
  in_review: "In review",
  approved: "Approved",
  live: "Live",
  paused: "Paused",
  retired: "Retired",
};

export const CATEGORY_LABELS: Record<WorkflowCategory, string> = {
  lead_account_prioritization: "Lead or account prioritization",
  churn_risk_routing: "Churn-risk routing",
  lifecycle_next_best_action: "Lifecycle next-best action",
  forecast_commentary: "Pipeline or forecast commentary",
  rep_alerts: "Alerts for reps and CS",
  other: "Other workflow",
};

export const VERDICT_LABELS: Record<Verdict, string> = {
  ready: "Ready",
  over_authorized: "Over-authorized",
  not_ready: "Not ready",
};

/**
 * The next route as the work to do, in plain words. The route ids stay in
 * files and JSON; the window never shows them. (Where the contract's owners
 * are known, the core's `next_step` says more: which step, and whose.)
 */
export const ROUTE_LABELS: Record<Route, string> = {
  translate_the_ask: "Write down what it does and the decision it changes first",
  data_foundation: "Fix the data it relies on first: matching, definitions or sources",
  ai_readiness_audit: "Settle the owners, limits and how it is paused",
  data_activation: "Nothing blocks it: ready to build",
};

export const SOURCE_SYSTEM_LABELS: Record<SourceSystem, string> = {
  crm: "CRM",
  product: "Product usage",
  billing: "Billing",
  support: "Support",
  warehouse: "Warehouse",
  dbt: "dbt model",
  enrichment: "Enrichment",
  other: "Other",
};

export const SOURCE_ROLE_LABELS: Record<SourceRole, string> = {
  source_of_truth: "Source of truth",
  context: "Context only",
};

export const TRUST_LABELS: Record<Trust, string> = {
  trusted: "Trusted",
  provisional: "Provisional",
  disputed: "Disputed",
};

export const ENTITY_LABELS: Record<Entity, string> = {
  account: "Account",
  contact: "Contact",
  lead: "Lead",
  opportunity: "Opportunity",
  subscription: "Subscription",
  user: "User",
  household: "Household",
};

export const MATCHING_LABELS: Record<Matching, string> = {
  deterministic: "Deterministic (exact IDs)",
  probabilistic: "Probabilistic (fuzzy match)",
  unresolved: "Unresolved",
};

export const DEFINITION_STATUS_LABELS: Record<DefinitionStatus, string> = {
  agreed: "Agreed",
  contested: "Contested",
};

export const SUPPRESSION_CATEGORY_LABELS: Record<SuppressionCategory, string> = {
  customers: "Current customers",
  open_opportunities: "Open opportunities",
  strategic_accounts: "Strategic accounts",
  opt_outs: "Opt-outs and consent",
  legal_restrictions: "Legal restrictions",
  support_escalations: "Support escalations",
  holdouts: "Holdout groups",
  low_confidence_matches: "Low-confidence matches",
  active_renewals: "Active renewals",
  custom: "Custom",
};

export const SUPPRESSION_ACTION_LABELS: Record<SuppressionAction, string> = {
  suppress: "Leave the record alone",
  review: "Send to manual review",
};

export const DESTINATION_SYSTEM_LABELS: Record<DestinationSystem, string> = {
  salesforce: "Salesforce",
  hubspot: "HubSpot",
  slack: "Slack",
  cs_tool: "CS tool",
  lifecycle_platform: "Lifecycle platform",
  forecast_note: "Forecast note",
  task: "Task",
  field: "CRM field",
  queue: "Queue",
  other: "Other",
};

export const VISIBLE_CONTEXT_LABELS: Record<VisibleContext, string> = {
  reason_code: "Reason code",
  confidence: "Confidence",
  timestamp: "Timestamp",
  source: "Source",
};

export const AUDIT_RECORD_LABELS: Record<AuditRecord, string> = {
  suggestion: "What was suggested",
  change: "What changed",
  reviewer: "Who reviewed it",
  timestamp: "When it happened",
};

export const SAVE_OUTCOME_LABELS: Record<SaveOutcome, string> = {
  created: "Created",
  new_version: "New version",
  unchanged: "Unchanged",
};

/** The seven steps of a first contract review, in order. */
export const LAUNCH_STEPS: Array<{ key: keyof LaunchChecks; label: string }> = [
  { key: "workflow_picked", label: "One revenue workflow picked" },
  { key: "sample_records_pulled", label: "Ten real sample records pulled" },
  { key: "owners_present", label: "Workflow, destination and data owners in the room" },
  { key: "authority_classified", label: "Authority level classified" },
  { key: "suppressions_identified", label: "Records to suppress or review identified" },
  { key: "pause_criteria_decided", label: "Pause criteria decided" },
  { key: "launched_at_lowest_level", label: "Launched at the lowest useful level" },
];

/** One of the ten worksheet areas: its form section and its guidance. */
export type Area = {
  number: number;
  /** Top-level contract key the section edits; findings on it land here. */
  key: string;
  title: string;
  write: string;
  test: string;
};

export const AREAS: Area[] = [
  {
    number: 1,
    key: "workflow",
    title: "Workflow and decision",
    write: "Name the single workflow this touches and the behaviour that should change.",
    test: "Could a VP say in one sentence what people will do differently?",
  },
  {
    number: 2,
    key: "sources",
    title: "Sources and trusted models",
    write: "List every system or model feeding it, and mark which one is the source of truth.",
    test: "Would the team stand behind these inputs in a review meeting?",
  },
  {
    number: 3,
    key: "grain",
    title: "Entity grain and identifiers",
    write: "Say which kind of record it acts on, its stable IDs and how records are matched.",
    test: "Could the workflow land on the wrong record?",
  },
  {
    number: 4,
    key: "owners",
    title: "Business owner and data owner",
    write: "Name who owns the action and who owns the logic behind the inputs.",
    test: "Can each of them pause or change the workflow?",
  },
  {
    number: 5,
    key: "authority",
    title: "Authority level",
    write: "Choose how far it may go: suggest, assist, route or act.",
    test: "Is its authority no higher than the team's confidence in it?",
  },
  {
    number: 6,
    key: "thresholds",
    title: "Confidence and freshness thresholds",
    write: "Set the minimum score, the reason codes, the oldest usable data and when output expires.",
    test: "Could stale data turn into a confident-looking recommendation?",
  },
  {
    number: 7,
    key: "suppression",
    title: "Suppression and exclusion rules",
    write: "List the records it must leave alone or hand to a person.",
    test: "Which records must the workflow never touch?",
  },
  {
    number: 8,
    key: "destination",
    title: "Destination and visible context",
    write: "Say where the output lands and what the user sees beside it.",
    test: "Will the person receiving it see why it exists?",
  },
  {
    number: 9,
    key: "exceptions",
    title: "Exception owner and rollback path",
    write: "Name who looks into bad examples, how the workflow is stopped and what gets undone.",
    test: "Is a named response in place before the first incident?",
  },
  {
    number: 10,
    key: "audit",
    title: "Audit trail",
    write: "Decide what gets recorded about each output and how long it is kept.",
    test: "Could you rebuild what happened when a customer or an executive asks?",
  },
];

/** `[value, label]` pairs in declaration order, for selects. */
export function options<K extends string>(labels: Record<K, string>): Array<[K, string]> {
  return Object.entries(labels) as Array<[K, string]>;
}
