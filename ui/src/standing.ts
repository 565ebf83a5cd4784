/**
 * Where a contract stands, in the words every screen uses: the status of the
 * version in force and, while an edit of a signed-off contract waits, its
 * pending version ("Live: version 4 · pending: version 5 (in review)"). The
 * same phrase as the CLI's `warrant show`.
 */
import type { Status } from "./bindings/Status";
import { STATUS_LABELS } from "./labels";

export interface PendingVersion {
  version: number;
  status: Status;
}

export function standingText(status: Status, version: number, pending: PendingVersion | null | undefined): string {
  const shown = `${STATUS_LABELS[status]}: version ${version}`;
  if (!pending) return shown;
  return `${shown} · pending: version ${pending.version} (${STATUS_LABELS[pending.status].toLowerCase()})`;
}

/** The pending version of a registry row, if it has one. */
export function pendingOfRow(row: {
  pending_version: number | null;
  pending_status: Status | null;
}): PendingVersion | null {
  return row.pending_version != null && row.pending_status ? { version: row.pending_version, status: row.pending_status } : null;
}
