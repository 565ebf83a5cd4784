/**
 * Opens the editor on a stored contract (route `contract/<id>`, with
 * `?field=<path>` to open on one field) or on the unsaved draft "New
 * contract" asked for (route `draft?template=<id>`, or
 * `draft?blank=1&id=…&title=…&category=…`).
 */
import { createResource, Match, Show, Switch } from "solid-js";
import type { Contract } from "../bindings/Contract";
import type { WorkflowCategory } from "../bindings/WorkflowCategory";
import { blankContract } from "../contract";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { navigate, param } from "../router";
import { Editor } from "./Editor";

export function StoredContractEditor(props: { id: string; field?: string | null }) {
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
              openOn={props.field ?? null}
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

/** What the `draft` route asks for: a template's id, or a blank page's id, title and category. */
export type DraftRequest = { template: string | null; blank: { id: string; title: string; category: WorkflowCategory } | null };

/** The draft the current route asks for. */
export function draftRequestFromRoute(): DraftRequest {
  const blank = param("blank")
    ? { id: param("id") ?? "", title: param("title") ?? "", category: (param("category") ?? "other") as WorkflowCategory }
    : null;
  return { template: param("template"), blank };
}

/** An unsaved draft, and whether its id follows its title (a template's derived id, or no id yet) or was typed. */
export type Draft = { contract: Contract; idFollowsTitle: boolean };

/**
 * The draft a request names: a blank page as typed, or the core's copy of a
 * template (a title of its own and an id derived from it that no contract uses).
 */
export async function draftFor(request: DraftRequest): Promise<Draft | null> {
  if (request.blank) {
    const b = request.blank;
    return { contract: blankContract(b.id, b.title, b.category), idFollowsTitle: b.id.trim() === "" };
  }
  if (!request.template) return null;
  return { contract: await ipc.draftFromTemplate(request.template), idFollowsTitle: true };
}

export function DraftEditor(props: { request: DraftRequest }) {
  const [draft] = createResource(() => props.request, draftFor);
  return (
    <Show when={!draft.loading} fallback={<p class="muted loading">Opening the draft…</p>}>
      <Show when={draft.error}>
        <div class="empty-state" role="alert">
          <h1 class="screen-title">The draft could not be opened</h1>
          <p>{(draft.error as WarrantError).message}</p>
        </div>
      </Show>
      <Show
        when={draft()}
        fallback={
          <Show when={!draft.error}>
            <div class="empty-state">
              <h1 class="screen-title">No draft open</h1>
              <p>Start one from a template or a blank page.</p>
              <button type="button" class="button button-primary" onClick={() => void navigate("new")}>
                New contract
              </button>
            </div>
          </Show>
        }
      >
        {(d) => <Editor initial={d().contract} idFollowsTitle={d().idFollowsTitle} saved={false} />}
      </Show>
    </Show>
  );
}
