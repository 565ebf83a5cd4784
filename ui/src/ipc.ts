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
import type { AuditPage } from "./bindings/AuditPage";
import type { AuditQuery } from "./bindings/AuditQuery";
import type { AuditVerification } from "./bindings/AuditVerification";
import type { Contract } from "./bindings/Contract";
import type { ContractSummary } from "./bindings/ContractSummary";
import type { WarrantError } from "./bindings/WarrantError";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { LabelledChange } from "./bindings/LabelledChange";
import type { ListQuery } from "./bindings/ListQuery";
import type { Person } from "./bindings/Person";
import type { Readiness } from "./bindings/Readiness";
import type { Saved } from "./bindings/Saved";
import type { StoredContract } from "./bindings/StoredContract";
import type { VersionInfo } from "./bindings/VersionInfo";
import type { AppInfo } from "./bindings/AppInfo";
import type { ContractView } from "./bindings/ContractView";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { ExportResult } from "./bindings/ExportResult";
import type { ImportResult } from "./bindings/ImportResult";

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

/**
 * Every backend command this file calls. `call` accepts only these, so the
 * tests' `mockApp` handlers (keyed by this type) cannot name a command the UI
 * never sends.
 */
export type Command =
  | "add_person"
  | "app_info"
  | "audit_events"
  | "audit_page"
  | "backup_registry"
  | "cancel_dry_run"
  | "change_status"
  | "check_contract"
  | "delete_person"
  | "diff_versions"
  | "draft_from_template"
  | "dry_run_columns"
  | "dry_run_sample"
  | "example_people"
  | "export_contracts"
  | "export_dry_run"
  | "export_worksheet"
  | "export_worksheets"
  | "get_contract"
  | "get_review"
  | "get_version"
  | "import_files"
  | "lifecycle_state"
  | "list_backups"
  | "list_contracts"
  | "list_dry_runs"
  | "list_people"
  | "list_templates"
  | "list_versions"
  | "record_review"
  | "record_rollback"
  | "remove_example_people"
  | "restore_backup"
  | "restore_version"
  | "review_queue"
  | "run_dry_run"
  | "save_contract"
  | "search_contracts"
  | "set_acting_as"
  | "start_new_registry"
  | "startup_problem"
  | "suggest_id"
  | "team_init"
  | "team_join"
  | "team_people"
  | "team_status"
  | "team_sync"
  | "update_person"
  | "validate_contract"
  | "verify_audit";

/**
 * Commands that change the registry: after each one succeeds, whoever
 * listens (the team sync, `team.ts`) hears of it. A team registry syncs
 * after each change; the list lives here because every change passes here.
 */
const CHANGES = new Set<Command>([
  "save_contract",
  "restore_version",
  "record_review",
  "change_status",
  "record_rollback",
  "run_dry_run",
  "add_person",
  "update_person",
  "delete_person",
  "remove_example_people",
  "import_files",
]);

let changeListener: ((command: Command) => void) | null = null;

/** Calls `listener` after each command that changed the registry; returns the way to stop. */
export function onRegistryChange(listener: (command: Command) => void): () => void {
  changeListener = listener;
  return () => {
    if (changeListener === listener) changeListener = null;
  };
}

async function call<T>(command: Command, args?: Record<string, unknown>): Promise<T> {
  let result: T;
  try {
    result = await invoke<T>(command, args);
  } catch (reason) {
    throw toWarrantError(reason);
  }
  if (CHANGES.has(command)) changeListener?.(command);
  return result;
}

export const appInfo = () => call<AppInfo>("app_info");

export const setActingAs = (email: string) => call<AppInfo>("set_acting_as", { email });

export const listContracts = (query: ListQuery = {}) =>
  call<ContractSummary[]>("list_contracts", { query });

/** Ids of the contracts the text finds (full-text, every word a prefix). */
export const searchContracts = (text: string) => call<string[]>("search_contracts", { text });

export const getContract = (id: string) => call<ContractView>("get_contract", { id });

export const checkContract = (contract: Contract) =>
  call<Readiness>("check_contract", { contract });

export const validateContract = (contract: Contract) =>
  call<WarrantError[]>("validate_contract", { contract });

export const saveContract = (contract: Contract) => call<Saved>("save_contract", { contract });

export const listVersions = (id: string) => call<VersionInfo[]>("list_versions", { id });

export const getVersion = (id: string, version: number) =>
  call<StoredContract>("get_version", { id, version });

/** The changes between two versions, each under the form's label for its field. */
export const diffVersions = (id: string, from: number, to: number) =>
  call<LabelledChange[]>("diff_versions", { id, from, to });

/** Saves a new version with the content of `version`, through the normal edit path. */
export const restoreVersion = (id: string, version: number) =>
  call<Saved>("restore_version", { id, version });

export const listTemplates = () => call<Contract[]>("list_templates");

/** An unsaved draft from a template: its own title, an id derived from it that no contract uses. */
export const draftFromTemplate = (template: string, title: string | null = null) =>
  call<Contract>("draft_from_template", { template, title });

/** The id a new contract with this title would get. */
export const suggestId = (title: string) => call<string>("suggest_id", { title });

export const listPeople = () => call<Person[]>("list_people");

export const addPerson = (person: Person) => call<Person[]>("add_person", { person });

export const updatePerson = (email: string, person: Person) =>
  call<Person[]>("update_person", { email, person });

export const deletePerson = (email: string) => call<Person[]>("delete_person", { email });

/** The example people a new registry came with who are still listed. */
export const examplePeople = () => call<Person[]>("example_people");

/** Removes the example people; the contracts naming them name the acting person instead. */
export const removeExamplePeople = () => call<Person[]>("remove_example_people");

// Files come from native dialogs the Rust side opens: no command takes a path
// from the window (a backup to restore is named from the list Rust gave).

/** Imports the files the person picks in the native dialog (none: cancelled). */
export const importFiles = () => call<ImportResult>("import_files");

/** Exports into the folder the person picks; null back means cancelled. */
export const exportContracts = (ids: string[], format: ExportFormat) =>
  call<ExportResult | null>("export_contracts", { ids, format });

export const auditEvents = (contractId: string | null) =>
  call<AuditEvent[]>("audit_events", { contractId });

/** One page of the audit log, newest first, filtered by the backend. */
export const auditPage = (query: AuditQuery) => call<AuditPage>("audit_page", { query });

export const verifyAudit = () => call<AuditVerification>("verify_audit");

// ── Lifecycle, audit, dry runs, worksheets and backups ──
// Imports sit with the functions they type so this block can be read alone.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { Action } from "./bindings/Action";
import type { BackupFile } from "./bindings/BackupFile";
import type { BackupSaved } from "./bindings/BackupSaved";
import type { ColumnRead } from "./bindings/ColumnRead";
import type { DryRunExported } from "./bindings/DryRunExported";
import type { DryRunOutcome } from "./bindings/DryRunOutcome";
import type { Outcome } from "./bindings/Outcome";
import type { DryRunProgress } from "./bindings/DryRunProgress";
import type { LifecycleState } from "./bindings/LifecycleState";
import type { Restored } from "./bindings/Restored";
import type { StartupProblem } from "./bindings/StartupProblem";
import type { StatusChange } from "./bindings/StatusChange";
import type { StoredDryRun } from "./bindings/StoredDryRun";
import type { WorksheetBatch } from "./bindings/WorksheetBatch";
import type { WorksheetPaper } from "./bindings/WorksheetPaper";
import type { WorksheetProgress } from "./bindings/WorksheetProgress";
import type { WorksheetSaved } from "./bindings/WorksheetSaved";

/** Status, reviews and every action with whether the acting person may take it. */
export const lifecycleState = (id: string) => call<LifecycleState>("lifecycle_state", { id });

/** Submit, launch, pause, resume or retire; `note` is the reason or comment the action needs. */
export const changeStatus = (id: string, action: Action, note: string) =>
  call<StatusChange>("change_status", { id, action, note });

/** Records what was reverted; resolves with the audit event's number. */
export const recordRollback = (id: string, what: string) => call<number>("record_rollback", { id, what });

/** The file name of the sample shipped for this contract, or null. */
export const dryRunSample = (id: string) => call<string | null>("dry_run_sample", { id });

/**
 * Runs the stored contract over records: the shipped sample, or a file the
 * person picks in the native dialog; null back means cancelled.
 */
export const runDryRun = (id: string, source: { sample: boolean }) =>
  call<DryRunOutcome | null>("run_dry_run", { id, sample: source.sample });

export const cancelDryRun = () => call<boolean>("cancel_dry_run");

/** The record columns a dry run of the stored contract reads, and what reads each. */
export const dryRunColumns = (id: string) => call<ColumnRead[]>("dry_run_columns", { id });

/** Saves the last result shown as CSV where the person chooses; null back means cancelled. */
export const exportDryRun = (id: string, outcome: Outcome | null) =>
  call<DryRunExported | null>("export_dry_run", { id, outcome });

export const listDryRuns = (id: string) => call<StoredDryRun[]>("list_dry_runs", { id });

/** Progress of the dry run under way; resolves with the function that stops listening. */
export const onDryRunProgress = (handler: (progress: DryRunProgress) => void): Promise<UnlistenFn> =>
  listen<DryRunProgress>("dryrun-progress", (event) => handler(event.payload));

/** `id` null: the blank worksheet; saved where the person chooses, null back means cancelled. */
export const exportWorksheet = (id: string | null, paper: WorksheetPaper) =>
  call<WorksheetSaved | null>("export_worksheet", { id, paper });

/** Filled worksheets of `ids` into the folder the person picks. */
export const exportWorksheets = (ids: string[], paper: WorksheetPaper) =>
  call<WorksheetBatch | null>("export_worksheets", { ids, paper });

export const onWorksheetProgress = (handler: (progress: WorksheetProgress) => void): Promise<UnlistenFn> =>
  listen<WorksheetProgress>("worksheet-progress", (event) => handler(event.payload));

/** The automatic backups, newest first. */
export const listBackups = () => call<BackupFile[]>("list_backups");

/** Backs up to where the person chooses; null back means cancelled. */
export const backupRegistry = () => call<BackupSaved | null>("backup_registry");

/**
 * Replaces the registry with a backup, keeping the old file aside: `listed`,
 * one of the automatic backups by the path `listBackups` gave, or (null) a
 * file the person picks.
 */
export const restoreBackup = (listed: string | null = null) => call<Restored | null>("restore_backup", { listed });

/** Why the registry did not open at start, or null. */
export const startupProblem = () => call<StartupProblem | null>("startup_problem");

export const startNewRegistry = () => call<null>("start_new_registry");

// ── Review screen and review queue ──
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

// ── Team repository (Settings → Team, the header's sync indicator) ──
// The key file comes from the native open dialog the Rust side opens; the
// remote is an address the person types.

import type { TeamStatus } from "./bindings/TeamStatus";
import type { TeamSyncReport } from "./bindings/TeamSyncReport";
import type { Joined } from "./bindings/Joined";
import type { KeySource } from "./bindings/KeySource";
import type { TeamMember } from "./bindings/TeamMember";

/** Connected or not, pending changes, conflicts, refused records. */
export const teamStatus = () => call<TeamStatus>("team_status");

/** The team's people and their keys, as of the last sync (empty when not connected). */
export const teamPeople = () => call<TeamMember[]>("team_people");

/** Out, merge, push, in; `offline` says why the remote did not answer (not an error). */
export const teamSync = () => call<TeamSyncReport>("team_sync");

/** Joins as `email` with the key picked in the dialog ("file") or ssh-agent's; null: cancelled. */
export const teamJoin = (remote: string, email: string, key: KeySource) =>
  call<Joined | null>("team_join", { remote, email, key });

/** Starts a team repository from this registry; null: the key dialog was cancelled. */
export const teamInit = (remote: string, name: string, key: KeySource) =>
  call<TeamStatus | null>("team_init", { remote, name, key });
