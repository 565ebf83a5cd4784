/**
 * "New contract": start from one of the five workflow templates (the
 * template library: templates are not contracts) or from a blank page.
 * Either way the contract opens in the editor unsaved. "Use this template"
 * asks the core for the draft: a title of its own and an id derived from
 * it that no contract uses; the id keeps following the title until
 * someone types one.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import type { Contract } from "../bindings/Contract";
import type { WorkflowCategory } from "../bindings/WorkflowCategory";
import { ErrorBanner } from "../components/ErrorBanner";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { AUTHORITY_LABELS, CATEGORY_LABELS, options } from "../labels";
import { navigate, withQuery } from "../router";

export function NewContract() {
  const [templates] = createResource(ipc.listTemplates);
  const [id, setId] = createSignal("");
  const [title, setTitle] = createSignal("");
  const [category, setCategory] = createSignal<WorkflowCategory>("other");

  // The editor builds the draft from the route, so the choice survives a reload.
  const fromTemplate = (template: Contract) => void navigate(withQuery("draft", { template: template.id }));

  const blank = (e: Event) => {
    e.preventDefault();
    void navigate(withQuery("draft", { blank: "1", id: id().trim(), title: title().trim(), category: category() }));
  };

  return (
    <div class="new-contract">
      <header class="screen-header">
        <div>
          <h1 class="screen-title">New contract</h1>
          <p class="muted">
            One contract covers one workflow. Start from the template closest to it, or from a blank page. Templates stay in the
            library: using one makes a draft of your own.
          </p>
        </div>
      </header>
      <ErrorBanner error={(templates.error as WarrantError | undefined) ?? null} />
      <h2 class="section-title">Templates</h2>
      <Show when={!templates.loading} fallback={<p class="muted">Loading templates…</p>}>
        <Show when={(templates() ?? []).length > 0} fallback={<p class="muted">No templates are available.</p>}>
          <ul class="template-grid">
            <For each={templates()}>
              {(t) => (
                <li>
                  <button
                    type="button"
                    class="template-card"
                    data-testid="template-option"
                    data-category={t.workflow.category}
                    onClick={() => void fromTemplate(t)}
                  >
                    <span class="template-category">{CATEGORY_LABELS[t.workflow.category]}</span>
                    <span class="template-title">{t.title}</span>
                    <span class="template-description">{t.workflow.description || t.workflow.decision || ""}</span>
                    <span class="template-meta">Starts at {AUTHORITY_LABELS[t.authority]}</span>
                    <span class="template-use">Use this template</span>
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <h2 class="section-title">Blank contract</h2>
      <form class="blank-form" onSubmit={blank}>
        <div class="field-grid">
          <div class="field">
            <label class="field-label" for="blank-title">
              Title
            </label>
            <input id="blank-title" name="title" class="input" value={title()} onInput={(e) => setTitle(e.currentTarget.value)} placeholder="e.g. Weekly expansion shortlist" />
          </div>
          <div class="field">
            <label class="field-label" for="blank-id">
              Id
            </label>
            <input id="blank-id" name="id" class="input mono" value={id()} onInput={(e) => setId(e.currentTarget.value)} placeholder="e.g. expansion-shortlist" />
            <p class="field-hint">Lowercase letters, digits and '-'. Leave it empty to make it from the title.</p>
          </div>
          <div class="field">
            <label class="field-label" for="blank-category">
              Workflow category
            </label>
            <select id="blank-category" name="workflow.category" class="input" value={category()} onChange={(e) => setCategory(e.currentTarget.value as WorkflowCategory)}>
              <For each={options(CATEGORY_LABELS)}>{([key, label]) => <option value={key}>{label}</option>}</For>
            </select>
          </div>
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary" data-testid="blank-create">
            Open blank contract
          </button>
        </div>
      </form>
    </div>
  );
}
