/**
 * Where this registry stands with its team repository, shared by the
 * header's sync indicator and Settings → Team: the last status, whether a
 * sync is running, and the last sync's outcome. A connected registry syncs
 * when the window opens and after each change (`ipc.onRegistryChange`), in
 * the background: an unreachable remote is the "offline" state, never an
 * error dialog (`docs/team-repository.md`, "Sync").
 */
import { createSignal } from "solid-js";
import type { TeamStatus } from "./bindings/TeamStatus";
import type { TeamSyncReport } from "./bindings/TeamSyncReport";
import * as ipc from "./ipc";
import type { WarrantError } from "./ipc";

/** What the indicator shows. */
export type SyncState = "not_connected" | "syncing" | "synced" | "offline" | "conflicts" | "unknown";

const [teamStatus, setTeamStatus] = createSignal<TeamStatus | null>(null);
const [syncing, setSyncing] = createSignal(false);
const [lastReport, setLastReport] = createSignal<TeamSyncReport | null>(null);
const [syncError, setSyncError] = createSignal<WarrantError | null>(null);

export { teamStatus, syncing, lastReport, syncError };

/** The indicator's state, from the status and the last sync. */
export function syncState(): SyncState {
  const status = teamStatus();
  if (!status) return "unknown";
  if (!status.connected) return "not_connected";
  if (syncing()) return "syncing";
  if (status.conflicts.length > 0) return "conflicts";
  if (lastReport()?.offline || syncError()) return "offline";
  return "synced";
}

export const SYNC_LABELS: Record<SyncState, string> = {
  not_connected: "Not connected",
  syncing: "Syncing…",
  synced: "Synced",
  offline: "Offline",
  conflicts: "Conflicts",
  unknown: "Team: unknown",
};

/** Reads the status again; a failure leaves the state unknown (Settings → Team says why). */
export async function refreshTeam(): Promise<TeamStatus | null> {
  try {
    const status = await ipc.teamStatus();
    setTeamStatus(status);
    return status;
  } catch {
    setTeamStatus(null);
    return null;
  }
}

let again = false;

/**
 * Syncs now when connected. One sync at a time: a request while one runs
 * makes one more run after it, so a change made meanwhile also goes out.
 */
export async function syncNow(): Promise<TeamSyncReport | null> {
  if (syncing()) {
    again = true;
    return null;
  }
  if (!teamStatus()?.connected) return null;
  setSyncing(true);
  let report: TeamSyncReport | null = null;
  try {
    report = await ipc.teamSync();
    setLastReport(report);
    setSyncError(null);
  } catch (e) {
    setSyncError(e as WarrantError);
  } finally {
    setSyncing(false);
  }
  await refreshTeam();
  if (again) {
    again = false;
    return syncNow();
  }
  return report;
}

/** At open: read the status, and sync when connected. */
export async function startTeamSync(): Promise<void> {
  const status = await refreshTeam();
  if (status?.connected) void syncNow();
}

/** Follows every registry change with a background sync; returns the way to stop. */
export function syncAfterChanges(): () => void {
  return ipc.onRegistryChange(() => {
    if (teamStatus()?.connected) void syncNow();
  });
}

/** Forgets everything (tests). */
export function resetTeam(): void {
  setTeamStatus(null);
  setSyncing(false);
  setLastReport(null);
  setSyncError(null);
  again = false;
}
