/**
 * The header's sync indicator: synced · syncing · offline · conflicts · not
 * connected, as a link to Settings → Team. The state is announced politely
 * (aria-live) as it changes, so a screen reader hears "Offline" without
 * moving focus.
 */
import { Show } from "solid-js";
import { navigate } from "../router";
import { lastReport, SYNC_LABELS, syncError, syncState } from "../team";

export function SyncIndicator() {
  const detail = () => {
    const state = syncState();
    if (state === "offline") return lastReport()?.offline ?? syncError()?.message ?? "";
    if (state === "conflicts") return "two edits of one contract wait for you to choose";
    return "";
  };
  // Until the backend has answered there is nothing true to show.
  return (
    <Show when={syncState() !== "unknown"}>
    <a
      href="#/settings/team"
      class={`sync-indicator sync-${syncState()}`}
      data-testid="sync-indicator"
      data-state={syncState()}
      title={detail() || undefined}
      onClick={(e) => {
        e.preventDefault();
        void navigate("settings/team");
      }}
    >
      <span class="sync-dot" aria-hidden="true" />
      <span class="visually-hidden">Team sync: </span>
      <span aria-live="polite" data-testid="sync-state">
        {SYNC_LABELS[syncState()]}
      </span>
    </a>
    </Show>
  );
}
