/**
 * Opens the editor on a stored contract (route `contract/<id>`) or on the
 * unsaved draft that "New contract" handed over (route `draft`).
 */
import { createResource, Match, Show, Switch } from "solid-js";
import { takeOfferedDraft } from "../contract";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { navigate } from "../router";
import { Editor } from "./Editor";

export function StoredContractEditor(props: { id: string }) {
  const [view] = createResource(() => props.id, ipc.getContract);
  return (
    <Switch>
      <Match when={view.error}>
        <div class="empty-state" role="alert">
          <h1 class="screen-title">Contract not available</h1>
          <p>{(view.error as WarrantError).message}</p>
          <button type="button" class="button" onClick={() => void navigate("registry")}>
            Back to the registry
          </button>
        </div>
      </Match>
      <Match when={view()}>
        {(v) => (
          // Keyed on the id so opening another contract starts a fresh form.
          <Show when={v().stored.contract.id} keyed>
            <Editor
              initial={v().stored.contract}
              initialReadiness={v().readiness}
              standing={v().standing}
              nextVersion={v().next_version}
              saved
            />
          </Show>
        )}
      </Match>
      <Match when={view.loading}>
        <p class="muted loading">Loading contract…</p>
      </Match>
    </Switch>
  );
}

export function DraftEditor() {
  const draft = takeOfferedDraft();
  return (
    <Show
      when={draft}
      fallback={
        <div class="empty-state">
          <h1 class="screen-title">No draft open</h1>
          <p>Start one from a template or a blank page.</p>
          <button type="button" class="button button-primary" onClick={() => void navigate("new")}>
            New contract
          </button>
        </div>
      }
    >
      {(d) => <Editor initial={d().contract} idFollowsTitle={d().idFollowsTitle} saved={false} />}
    </Show>
  );
}
