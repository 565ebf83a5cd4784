/** Sample data shaped exactly like the backend's answers. */
import type { Contract } from "../bindings/Contract";
import type { ContractSummary } from "../bindings/ContractSummary";
import type { Person } from "../bindings/Person";
import type { Readiness } from "../bindings/Readiness";
import type { AppInfo } from "../bindings/AppInfo";
import type { DryRunCounts } from "../bindings/DryRunCounts";
import type { AuditEvent } from "../bindings/AuditEvent";
import type { AuditPage } from "../bindings/AuditPage";
import type { AuditQuery } from "../bindings/AuditQuery";
import type { TeamRecordRow } from "../bindings/TeamRecordRow";
import type { TeamStatus } from "../bindings/TeamStatus";
import type { TeamSyncReport } from "../bindings/TeamSyncReport";

export const HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">';

export const people: Person[] = [
  { email: "dana@example.com", name: "Dana Data", team: "Analytics", title: "Analytics engineer" },
  { email: "cs.director@example.com", name: "Casey Director", team: "Customer success", title: "Director" },
];

/** A kept run's counts: the outcomes given, everything else zero. */
export function dryRunCounts(outcomes: { eligible: number; review: number; suppressed: number; malformed?: number }): DryRunCounts {
  const malformed = outcomes.malformed ?? 0;
  return {
    total: outcomes.eligible + outcomes.review + outcomes.suppressed + malformed,
    malformed,
    by_rule: {},
    by_rule_failed: {},
    by_threshold: {},
    condition_failures: 0,
    unconditioned_rules: 0,
    ...outcomes,
  };
}

export function summary(id: string, title: string, extra: Partial<ContractSummary> = {}): ContractSummary {
  return {
    id,
    title,
    category: "churn_risk_routing",
    status: "draft",
    authority: "assist",
    ceiling: "suggest",
    verdict: "over_authorized",
    next_route: "ai_readiness_audit",
    owners: { business: "cs.director@example.com", data: "dana@example.com" },
    version: 1,
    in_force_version: null,
    pending_version: null,
    pending_status: null,
    updated_at: new Date(Date.now() - 3 * 3600_000).toISOString(),
    updated_by: "dana@example.com",
    next_review: null,
    overdue: false,
    ...extra,
  };
}

export function contract(extra: Partial<Contract> = {}): Contract {
  return {
    format: "warrant/v1",
    id: "churn-risk-summary",
    title: "Churn-risk summary for CSMs",
    workflow: { category: "churn_risk_routing", description: "Draft a summary.", decision: "CSM confirms." },
    authority: "route",
    sources: [{ name: "account_health_current", system: "warehouse", role: "source_of_truth", trust: "trusted", owner: "dana@example.com" }],
    grain: { entity: "account", identifiers: ["salesforce_account_id"], matching: "probabilistic" },
    owners: { business: "cs.director@example.com" },
    ...extra,
  };
}

export const readiness: Readiness = {
  id: "churn-risk-summary",
  requested: "route",
  ceiling: "suggest",
  verdict: "over_authorized",
  next_route: "data_foundation",
  findings: [
    { rule: "A1", level: "assist", field: "owners.data", blocking: true, message: "Name the data owner." },
    { rule: "R1", level: "route", field: "grain.matching", blocking: true, message: "Match records on stable identifiers." },
    { rule: "X1", level: "act", field: "exceptions.pause_procedure", blocking: false, message: "Write down how to pause it." },
  ],
};

export function appInfo(extra: Partial<AppInfo> = {}): AppInfo {
  return {
    registry_path: "/home/user/.local/share/com.warrant.app/registry.db",
    acting_as: people[0],
    contract_count: 2,
    people_count: 2,
    version: "0.1.0",
    ...extra,
  };
}

/** What the backend's `audit_page` answers for `events` (oldest first), as the core does it. */
export function auditPageOf(events: AuditEvent[], query: AuditQuery): AuditPage {
  const scoped = events.filter((e) => !query.contract_id || e.contract_id === query.contract_id);
  const matching = scoped.filter((e) => (!query.actor || e.actor === query.actor) && (!query.kind || e.kind === query.kind));
  const older = matching.filter((e) => query.before_seq === undefined || e.seq < query.before_seq);
  const first = query.before_seq === undefined;
  return {
    events: older.slice().reverse().slice(0, query.limit),
    total: matching.length,
    actors: first ? [...new Set(scoped.map((e) => e.actor))].sort() : [],
    kinds: first ? [...new Set(scoped.map((e) => e.kind))].sort() : [],
  };
}

/** `team_status` of a registry not connected to a team repository. */
export const notConnected: TeamStatus = {
  connected: false,
  connection: null,
  pending: { versions: 0, records: 0, commits: 0 },
  conflicts: [],
  refused: [],
};

/** `team_status` of a connected registry, acting as Dana. */
export function connected(extra: Partial<TeamStatus> = {}): TeamStatus {
  return {
    connected: true,
    connection: {
      team: "Revenue team",
      remote: "/srv/team.git",
      work_dir: "/home/dana/.local/share/warrant/registry-team",
      email: "dana@example.com",
      key: "/home/dana/.ssh/id_ed25519",
      last_sync_commit: "3f9c0a1b2c3d4e5f",
      last_sync_at: "2026-12-01T09:26:33.123Z",
    },
    pending: { versions: 0, records: 0, commits: 0 },
    conflicts: [],
    refused: [],
    ...extra,
  };
}

/** A record row as the registry keeps it. */
export function teamRecord(extra: Partial<TeamRecordRow> = {}): TeamRecordRow {
  return {
    file: "records/churn-risk-summary/20261201T092633.123Z-review-cs.director@example.com.yaml",
    digest: "d1",
    subject: "churn-risk-summary",
    kind: "review",
    signer: "cs.director@example.com",
    at: "2026-11-19T10:00:00Z",
    content_sha256: "4be1",
    outcome: "applied",
    reason: null,
    ...extra,
  };
}

/** `team_sync`'s answer: nothing moved, unless told. */
export function syncReport(extra: Partial<TeamSyncReport> = {}): TeamSyncReport {
  return {
    offline: null,
    commit: "3f9c0a1b2c3d4e5f",
    pushed: true,
    versions_out: 0,
    records_out: 0,
    applied: { versions_in: [], records: [], conflicts: [], people_added: [] },
    conflicts_open: 0,
    took_ms: 12,
    ...extra,
  };
}
