/**
 * The only door to the Rust side: one typed function per command of APP.md.
 *
 * No other UI file imports `invoke`, so argument names (camelCase on the JS
 * side) and the error shape are decided here once. Every function rejects
 * with a {@link WarrantError} `{code, message, field?}` — also when Tauri
 * itself fails (unknown command, argument that does not deserialize), which
 * arrives as a bare string.
 */
import { invoke } from "@tauri-apps/api/core";
import type { AuditEvent } from "./bindings/AuditEvent";
import type { AuditVerification } from "./bindings/AuditVerification";
import type { Contract } from "./bindings/Contract";
import type { ContractSummary } from "./bindings/ContractSummary";
import type { Error as WarrantError } from "./bindings/Error";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { FieldChange } from "./bindings/FieldChange";
import type { ListQuery } from "./bindings/ListQuery";
import type { Person } from "./bindings/Person";
import type { Readiness } from "./bindings/Readiness";
import type { Saved } from "./bindings/Saved";
import type { StoredContract } from "./bindings/StoredContract";
import type { VersionInfo } from "./bindings/VersionInfo";
import type {
  AppInfo,
  ContractView,
  ExportFormat,
  ExportResult,
  ImportResult,
} from "./ipc-types";

export type { WarrantError };

const ERROR_CODES: readonly ErrorCode[] = [
  "parse",
  "invalid",
  "not_found",
  "conflict",
  "registry",
  "io",
  "internal",
];

/** True for a value shaped like the core's serialized `Error`. */
export function isWarrantError(value: unknown): value is WarrantError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.message === "string" &&
    typeof v.code === "string" &&
    (ERROR_CODES as readonly string[]).includes(v.code)
  );
}

/** Turns whatever a failed `invoke` produced into a `WarrantError`. */
export function toWarrantError(reason: unknown): WarrantError {
  if (isWarrantError(reason)) {
    const error: WarrantError = { code: reason.code, message: reason.message };
    if (typeof reason.field === "string" && reason.field !== "") error.field = reason.field;
    return error;
  }
  if (typeof reason === "string") return { code: "internal", message: reason };
  if (reason instanceof Error) return { code: "internal", message: reason.message };
  return { code: "internal", message: "The app could not complete that request." };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toWarrantError(reason);
  }
}

export const appInfo = () => call<AppInfo>("app_info");

export const setActingAs = (email: string) => call<AppInfo>("set_acting_as", { email });

export const listContracts = (query: ListQuery = {}) =>
  call<ContractSummary[]>("list_contracts", { query });

export const getContract = (id: string) => call<ContractView>("get_contract", { id });

export const checkContract = (contract: Contract) =>
  call<Readiness>("check_contract", { contract });

export const validateContract = (contract: Contract) =>
  call<WarrantError[]>("validate_contract", { contract });

export const saveContract = (contract: Contract) => call<Saved>("save_contract", { contract });

export const listVersions = (id: string) => call<VersionInfo[]>("list_versions", { id });

export const getVersion = (id: string, version: number) =>
  call<StoredContract>("get_version", { id, version });

export const diffVersions = (id: string, from: number, to: number) =>
  call<FieldChange[]>("diff_versions", { id, from, to });

export const listTemplates = () => call<Contract[]>("list_templates");

export const listPeople = () => call<Person[]>("list_people");

export const addPerson = (person: Person) => call<Person[]>("add_person", { person });

export const updatePerson = (email: string, person: Person) =>
  call<Person[]>("update_person", { email, person });

export const deletePerson = (email: string) => call<Person[]>("delete_person", { email });

/** `paths` null: the Rust side opens the native multi-file dialog. */
export const importFiles = (paths: string[] | null) =>
  call<ImportResult>("import_files", { paths });

/** `dir` null: the Rust side opens the native folder dialog; null back means cancelled. */
export const exportContracts = (ids: string[], dir: string | null, format: ExportFormat) =>
  call<ExportResult | null>("export_contracts", { ids, dir, format });

export const auditEvents = (contractId: string | null) =>
  call<AuditEvent[]>("audit_events", { contractId });

export const verifyAudit = () => call<AuditVerification>("verify_audit");

// ── Review screen and review queue (issues 4–5) ──
import type { ReviewDecision } from "./bindings/ReviewDecision";
import type { ReviewRecorded } from "./bindings/ReviewRecorded";
import type { ReviewView } from "./bindings/ReviewView";

/** One contract version as the review screen shows it, for the acting person. */
export const getReview = (id: string) => call<ReviewView>("get_review", { id });

/** Approve, or request changes (`comment` required then), as the acting person. */
export const recordReview = (id: string, decision: ReviewDecision, comment: string) =>
  call<ReviewRecorded>("record_review", { id, decision, comment });

/** In-review contracts waiting on the acting person's approval. */
export const reviewQueue = () => call<ContractSummary[]>("review_queue");
