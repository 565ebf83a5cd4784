/**
 * The contract editor screen: a header with the contract's actions, the
 * Contract and Versions tabs, the lifecycle bar, and the form beside a live
 * readiness panel. Layout and keyboard only: what the form holds, when it
 * is re-checked, saving and where errors go live in `editorState.ts`.
 *
 * Keys: Ctrl+S saves; Alt+R moves the focus to the readiness panel (its
 * findings lead back to their fields); ←/→ (Home/End) move between the
 * tabs.
 */
import { For, onCleanup, onMount, Show } from "solid-js";
import type { Contract } from "../bindings/Contract";
import type { Readiness } from "../bindings/Readiness";
import type { Standing } from "../bindings/Standing";
import { ContractSections, EditingNotice } from "../components/ContractSections";
import { ErrorBanner } from "../components/ErrorBanner";
import { FormContext } from "../components/FormControls";
import { LifecycleBar } from "../components/LifecycleBar";
import { ConfirmDialog } from "../components/Modal";
import { READINESS_SHORTCUT, ReadinessPanel } from "../components/ReadinessPanel";
import { WorksheetButton } from "../components/WorksheetButton";
import { createEditorState, type EditorTab } from "../editorState";
import { STATUS_LABELS } from "../labels";
import { navigate, routeTo } from "../router";
import { VersionsTab } from "./Versions";

export function Editor(props: {
  /** The contract as loaded, or a new draft. */
  initial: Contract;
  /** Readiness the backend computed on load, shown until the first live check. */
  initialReadiness?: Readiness | null;
  /** False for a draft that was never saved: its id is still editable. */
  saved: boolean;
  /** Where a stored contract stands, and the number its next save gets. */
  standing?: Standing;
  nextVersion?: number;
  /** The field to focus on opening (a missing rule clicked on the review screen). */
  openOn?: string | null;
  /** An unsaved draft's id follows its title until one is typed. */
  idFollowsTitle?: boolean;
}) {
  const state = createEditorState(props);
  const contract = state.contract;
  let panel: HTMLElement | undefined;

  const focusReadiness = () => {
    if (state.tab() !== "form") state.setTab("form");
    queueMicrotask(() => {
      panel?.scrollIntoView?.({ block: "nearest" });
      panel?.focus();
    });
  };

  onMount(() => {
    const onKey = (e: KeyboardEvent) => {
      const key = e.key.toLowerCase();
      if ((e.ctrlKey || e.metaKey) && !e.altKey && key === "s") {
        e.preventDefault();
        void state.save();
      } else if (e.altKey && !e.ctrlKey && !e.metaKey && (key === "r" || e.code === "KeyR")) {
        e.preventDefault();
        focusReadiness();
      }
    };
    window.addEventListener("keydown", onKey);
    onCleanup(() => window.removeEventListener("keydown", onKey));
    onCleanup(state.installLeaveGuard());
  });

  // A missing rule clicked on the review screen's ladder opens the editor on its field.
  onMount(() => {
    const field = props.saved ? (props.openOn ?? null) : null;
    if (field) state.focusField(field);
  });

  return (
    <FormContext.Provider value={state.binding}>
      <div class="editor">
        <header class="screen-header editor-header">
          <div class="editor-heading">
            <h1 class="screen-title title-clamp">{contract.title || "Untitled contract"}</h1>
            <p class="muted editor-meta">
              <span class="mono">{contract.id || "no id yet"}</span>
              <span class="status-pill" data-testid="editor-status">
                {state.standing()?.pending
                  ? `Pending version ${state.standing()!.current}: ${STATUS_LABELS[state.standing()!.pending!].toLowerCase()}`
                  : STATUS_LABELS[contract.status ?? "draft"]}
              </span>
              <Show when={state.dirty() || !props.saved}>
                <span class="unsaved" data-testid="editor-unsaved">
                  {props.saved ? "Unsaved changes" : "Not saved yet"}
                </span>
              </Show>
            </p>
          </div>
          <div class="editor-actions">
            <Show when={props.saved}>
              <EditorTabs tab={state.tab()} onTab={state.setTab} />
              <button
                type="button"
                class="button"
                data-testid="editor-dryrun"
                onClick={() => void navigate(routeTo("dryrun", contract.id))}
              >
                Dry run
              </button>
              <WorksheetButton id={contract.id} />
            </Show>
            <button
              type="button"
              class="button button-primary"
              data-testid="editor-save"
              disabled={state.saving()}
              aria-keyshortcuts="Control+S"
              title="Save (Ctrl+S)"
              onClick={() => void state.save()}
            >
              {state.saving() ? "Saving…" : "Save"} <kbd class="shortcut" aria-hidden="true">Ctrl+S</kbd>
            </button>
          </div>
        </header>
        <Show when={props.saved}>
          <LifecycleBar
            id={contract.id}
            refresh={state.versionsStamp()}
            pauseProcedure={contract.exceptions?.pause_procedure ?? ""}
            onStatus={state.statusChanged}
          />
          <EditingNotice standing={state.standing()} nextVersion={state.nextVersion()} />
        </Show>
        <ErrorBanner error={state.banner()} onDismiss={state.dismissBanner} />
        <p class="editor-keys muted">
          <button
            type="button"
            class="link-button"
            data-testid="editor-go-readiness"
            aria-keyshortcuts={READINESS_SHORTCUT.aria}
            onClick={focusReadiness}
          >
            Go to the readiness findings
          </button>{" "}
          <kbd class="shortcut">{READINESS_SHORTCUT.label}</kbd> · Save <kbd class="shortcut">Ctrl+S</kbd>
        </p>
        <Show when={props.saved && state.tab() === "versions"}>
          <div role="tabpanel" id="editor-panel-versions" aria-labelledby="editor-tab-versions" tabindex="-1">
            <VersionsTab
              id={contract.id}
              refresh={state.versionsStamp()}
              current={state.standing()?.current ?? null}
              editing={state.dirty()}
              onRestored={() => void state.reloadAfterSave(contract.id)}
            />
          </div>
        </Show>
        <div
          class="editor-body"
          classList={{ hidden: state.tab() !== "form" }}
          {...(props.saved ? { role: "tabpanel", id: "editor-panel-form", "aria-labelledby": "editor-tab-form" } : {})}
        >
          <form
            class="contract-form"
            aria-label="Contract"
            onSubmit={(e) => {
              e.preventDefault();
              void state.save();
            }}
          >
            <ContractSections contract={contract} saved={props.saved} />
          </form>
          <ReadinessPanel
            ref={(el) => (panel = el)}
            readiness={state.readiness()}
            checking={state.checking()}
            error={state.checkError()}
            onFinding={state.focusField}
          />
        </div>
      </div>
      <Show when={state.leaveQuestion()}>
        {(answer) => (
          <ConfirmDialog
            title="Leave without saving?"
            message="This contract has changes that are not saved. Leaving now discards them."
            confirmLabel="Discard changes"
            danger
            onAnswer={(ok) => answer()(ok)}
          />
        )}
      </Show>
    </FormContext.Provider>
  );
}

const TABS: Array<{ key: EditorTab; label: string; testid?: string }> = [
  { key: "form", label: "Contract" },
  { key: "versions", label: "Versions", testid: "editor-versions-tab" },
];

/**
 * The Contract / Versions tabs as the ARIA tabs pattern: one Tab stop (the
 * selected tab), arrow keys and Home/End move between them and select,
 * each controls its tabpanel.
 */
function EditorTabs(props: { tab: EditorTab; onTab: (tab: EditorTab) => void }) {
  const buttons: HTMLButtonElement[] = [];
  const move = (from: number, e: KeyboardEvent) => {
    const last = TABS.length - 1;
    const to =
      e.key === "ArrowRight" ? (from === last ? 0 : from + 1)
      : e.key === "ArrowLeft" ? (from === 0 ? last : from - 1)
      : e.key === "Home" ? 0
      : e.key === "End" ? last
      : null;
    if (to === null) return;
    e.preventDefault();
    props.onTab(TABS[to].key);
    buttons[to]?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label="Editor views">
      <For each={TABS}>
        {(t, i) => (
          <button
            ref={(el) => (buttons[i()] = el)}
            type="button"
            role="tab"
            class="tab"
            id={`editor-tab-${t.key}`}
            aria-selected={props.tab === t.key}
            // Only the shown panel is in the page.
            aria-controls={props.tab === t.key ? `editor-panel-${t.key}` : undefined}
            tabindex={props.tab === t.key ? 0 : -1}
            data-testid={t.testid}
            onClick={() => props.onTab(t.key)}
            onKeyDown={(e) => move(i(), e)}
          >
            {t.label}
          </button>
        )}
      </For>
    </div>
  );
}
