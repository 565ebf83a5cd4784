/** The eight contracts of a first-run registry as list_contracts returns them (their readiness as each file's header states it). */
import type { Authority } from "../bindings/Authority";
import type { ContractSummary } from "../bindings/ContractSummary";
import type { Route } from "../bindings/Route";
import type { Status } from "../bindings/Status";
import type { Verdict } from "../bindings/Verdict";
import type { WorkflowCategory } from "../bindings/WorkflowCategory";
import { summary } from "./fixtures";

type Row = [string, string, WorkflowCategory, Status, Authority, Authority | null, Verdict, Route, string];

const PRIYA = "priya.shah@example.com";
const MARCUS = "marcus.reed@example.com";
const SAM = "sam.ortiz@example.com";

const ROWS: Row[] = [
  ["expansion-accounts-weekly", "Top 10 expansion accounts, weekly", "lead_account_prioritization", "live", "suggest", "assist", "ready", "data_activation", PRIYA],
  ["churn-risk-summary", "Churn-risk summary for CSMs", "churn_risk_routing", "live", "assist", "act", "ready", "data_activation", PRIYA],
  ["hot-lead-routing", "Route hot leads", "lead_account_prioritization", "in_review", "route", "assist", "over_authorized", "data_foundation", SAM],
  ["template-rep-alerts", "Slack or CRM alerts for reps", "rep_alerts", "draft", "suggest", null, "not_ready", "translate_the_ask", MARCUS],
  ["template-churn-risk-routing", "Churn-risk routing", "churn_risk_routing", "draft", "assist", "suggest", "over_authorized", "ai_readiness_audit", MARCUS],
  ["template-forecast-commentary", "Pipeline or forecast commentary", "forecast_commentary", "draft", "assist", "suggest", "over_authorized", "ai_readiness_audit", MARCUS],
  ["template-lifecycle-next-best-action", "Lifecycle next-best action", "lifecycle_next_best_action", "draft", "suggest", "suggest", "ready", "data_activation", MARCUS],
  ["template-lead-account-prioritization", "Lead or account prioritization", "lead_account_prioritization", "draft", "suggest", "suggest", "ready", "data_activation", MARCUS],
];

export function defaultSummaries(): ContractSummary[] {
  return ROWS.map(([id, title, category, status, authority, ceiling, verdict, next_route, business]) =>
    summary(id, title, {
      category,
      status,
      authority,
      ceiling,
      verdict,
      next_route,
      owners: id.startsWith("template-") ? { business } : { business, data: "dana.okafor@example.com" },
    }),
  );
}

/** `n` contracts spread over every rung, ceiling, category, status and owner. */
export function manySummaries(n: number): ContractSummary[] {
  const base = defaultSummaries();
  const out: ContractSummary[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const b = base[i % base.length];
    out[i] = { ...b, id: `${b.id}-${i}`, title: `${b.title} #${i}`, owners: { ...b.owners, exception: `owner${i % 50}@example.com` } };
  }
  return out;
}
