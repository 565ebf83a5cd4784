/**
 * State every screen shares: what the app knows about itself (registry file,
 * who is acting), the people list that owner pickers offer, and how many
 * contracts wait on the acting person's review (the sidebar and the
 * portfolio show it). Loaded once at start and refreshed by the screens that
 * change them.
 */
import { createSignal } from "solid-js";
import type { Person } from "./bindings/Person";
import * as ipc from "./ipc";
import type { WarrantError } from "./ipc";
import type { AppInfo } from "./bindings/AppInfo";

const [appInfo, setAppInfo] = createSignal<AppInfo | null>(null);
const [people, setPeople] = createSignal<Person[]>([]);
const [loadError, setLoadError] = createSignal<WarrantError | null>(null);
const [waiting, setWaiting] = createSignal<number | null>(null);

export { appInfo, people, loadError, setAppInfo, setPeople, waiting };

/**
 * Counts the contracts waiting on the acting person's review. A failure
 * leaves the count unknown (shown as nothing) rather than an error: the
 * review queue itself says what went wrong.
 */
export async function refreshWaiting(): Promise<void> {
  try {
    setWaiting((await ipc.reviewQueue()).length);
  } catch {
    setWaiting(null);
  }
}

/** Acts as `email` from now on, and refreshes what depends on who that is. */
export async function actAs(email: string): Promise<void> {
  setAppInfo(await ipc.setActingAs(email));
  await refreshWaiting();
}

export async function refreshAppInfo(): Promise<void> {
  try {
    setAppInfo(await ipc.appInfo());
    setLoadError(null);
  } catch (e) {
    setLoadError(e as WarrantError);
  }
}

export async function refreshPeople(): Promise<void> {
  try {
    setPeople(await ipc.listPeople());
  } catch (e) {
    setLoadError(e as WarrantError);
  }
}

/** Display name for an e-mail address: the person's name when known. */
export function personName(email: string | null | undefined): string {
  if (!email) return "";
  const person = people().find((p) => p.email === email);
  return person?.name || email;
}

/** The file name of the registry, for the header. */
export function registryFileName(): string {
  const path = appInfo()?.registry_path ?? "";
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}
