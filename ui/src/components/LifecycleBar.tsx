/**
 * The lifecycle bar of the contract editor: the status, and a button for
 * each transition the status allows — submit, launch, pause, resume, retire,
 * discard — plus recording a rollback. While an edit of a signed-off
 * contract waits as its pending version, submit, launch and discard act on
 * the pending version and pause, resume and retire on the version in force,
 * so a live workflow can always be paused. Whether the acting person may
 * take an action comes from the core (`lifecycle_state`); a button they may
 * not use is marked `aria-disabled` (it stays focusable, so its reason,
 * shown beside it, can be reached) and does nothing. Pause, resume, retire,
 * discard and rollback ask for a reason first; the pause dialog shows the
 * contract's own pause procedure; launch asks for confirmation and says that
 * Warrant records the launch (the workflow itself is switched on elsewhere).
 * A paused contract says why, when and by whom. After an action focus goes
 * to the status line, since the button pressed may be gone.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import type { Action } from "../bindings/Action";
import type { ActionAvailability } from "../bindings/ActionAvailability";
import type { Status } from "../bindings/Status";
import type { StatusChange } from "../bindings/StatusChange";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { STATUS_LABELS } from "../labels";
import { personName, refreshWaiting } from "../session";
import { standingText } from "../standing";
import { fullTime } from "../time";
import { showToast } from "../toast";
import { LifecycleNoteDialog, type NoteRequest } from "./LifecycleNoteDialog";

/** The transitions the bar offers (approving is a review: see the review screen). */
const BAR_ACTIONS: Action[] = ["submit", "launch", "discard", "pause", "resume", "retire"];

/** The actions that concern the pending version when there is one (the core's `subject`). */
const ON_PENDING: Action[] = ["submit", "launch", "discard", "request_changes"];

/** The statuses each transition starts from (the core's `from_statuses`). */
const FROM: Record<Action, Status[]> = {
  submit: ["draft"],
  approve: ["in_review"],
  request_changes: ["in_review"],
  launch: ["approved"],
  pause: ["live"],
  resume: ["paused"],
  retire: ["draft", "in_review", "approved", "live", "paused"],
  discard: ["draft", "in_review", "approved"],
};

export const ACTION_LABELS: Record<Action, string> = {
  submit: "Submit for review",
  approve: "Approve",
  request_changes: "Request changes",
  launch: "Launch",
  pause: "Pause",
  resume: "Resume",
  retire: "Retire",
  discard: "Discard pending version",
};

/** What each note-taking action asks for, and the toast after it. */
const NOTE_PROMPTS: Partial<Record<Action, { title: string; label: string; confirm: string }>> = {
  pause: { title: "Pause this workflow", label: "Why is it paused?", confirm: "Pause" },
  resume: { title: "Resume this workflow", label: "What was fixed, or why it is safe to resume", confirm: "Resume" },
  retire: { title: "Retire this contract", label: "Why is it retired?", confirm: "Retire" },
  discard: {
    title: "Discard the pending version",
    label: "Why is it discarded? (It stays in the version history.)",
    confirm: "Discard",
  },
};

const DONE: Record<Action, string> = {
  submit: "Submitted for review",
  approve: "Approved",
  request_changes: "Sent back to draft",
  launch: "Launch recorded: Warrant now lists it as live",
  pause: "Paused",
  resume: "Resumed: the workflow is live again",
  retire: "Retired",
  discard: "Pending version discarded",
};

/** The button names the version it acts on whenever that could be in doubt. */
function buttonLabel(a: ActionAvailability): string {
  switch (a.action) {
    case "submit":
      return `Submit version ${a.version} for review`;
    case "launch":
      return `Launch version ${a.version}`;
    case "discard":
      return `Discard pending version ${a.version}`;
    default:
      return ACTION_LABELS[a.action];
  }
}

export function LifecycleBar(props: {
  id: string;
  /** Bump to reload (after a save, for instance). */
  refresh?: number;
  /** Called with the transition after it happened. */
  onStatus?: (change: StatusChange) => void;
  /** The contract's own pause procedure, shown in the pause dialog. */
  pauseProcedure?: string;
}) {
  let statusLine: HTMLDivElement | undefined;
  const [state, { refetch }] = createResource(
    () => ({ id: props.id, stamp: props.refresh ?? 0 }),
    (key) => ipc.lifecycleState(key.id),
  );
  // Reading a failed resource throws; a refused or failed load is shown as a
  // message instead (state.error) and the bar offers nothing.
  const current = () => (state.error ? undefined : state());
  const [request, setRequest] = createSignal<NoteRequest | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const offered = (): ActionAvailability[] => {
    const s = current();
    if (!s) return [];
    return s.actions.filter((a) => {
      if (!BAR_ACTIONS.includes(a.action)) return false;
      if (a.action === "discard") return s.pending !== null;
      const status = s.pending && ON_PENDING.includes(a.action) ? s.pending.status : s.status;
      return FROM[a.action].includes(status);
    });
  };

  const perform = async (action: Action, note: string) => {
    setBusy(true);
    try {
      const change = await ipc.changeStatus(props.id, action, note);
      setError(null);
      showToast(`${DONE[action]} (version ${change.version})`);
      props.onStatus?.(change);
      // A submit puts it in someone's queue; a launch or retire takes it out.
      void refreshWaiting();
      await refetch();
      // The button pressed is usually gone (Pause became Resume): land on the new status.
      statusLine?.focus();
    } finally {
      setBusy(false);
    }
  };

  const start = (a: ActionAvailability) => {
    const action = a.action;
    if (!a.allowed || busy()) return;
    if (action === "launch") {
      setRequest({
        title: `Launch version ${a.version}?`,
        intro: [
          `Warrant records that version ${a.version} is live from now on, with your name, in the audit trail.`,
          "Warrant does not switch the workflow on itself: whoever runs it does that in its own system.",
        ],
        confirm: `Record launch of version ${a.version}`,
        field: "note",
        run: () => perform(action, ""),
      });
      return;
    }
    const prompt = NOTE_PROMPTS[action];
    if (!prompt) {
      perform(action, "").catch((e) => setError((e as WarrantError).message));
      return;
    }
    const procedure = props.pauseProcedure?.trim();
    const intro =
      action === "pause"
        ? [procedure ? `This contract's pause procedure: ${procedure}` : "This contract does not say how it is paused: write the pause procedure under Exceptions."]
        : undefined;
    setRequest({ ...prompt, intro, field: action === "resume" ? "comment" : "reason", run: (note) => perform(action, note) });
  };

  const rollback = () =>
    setRequest({
      title: "Record a rollback",
      label: "What was reverted, and how",
      confirm: "Record rollback",
      field: "what",
      run: async (what) => {
        const seq = await ipc.recordRollback(props.id, what);
        showToast(`Rollback recorded (audit event ${seq})`);
        void refetch();
      },
    });

  return (
    <div class="lifecycle-bar" data-testid="lifecycle-bar">
      <Show when={state.error}>
        <p class="field-error" role="alert">
          {(state.error as WarrantError).message}
        </p>
      </Show>
      <Show when={current()}>
        {(s) => (
          <>
            <div class="lifecycle-status" ref={statusLine} tabindex="-1" data-testid="lifecycle-status-line">
              <span class="status-pill" data-testid="lifecycle-status" data-status={s().status}>
                {STATUS_LABELS[s().status]}
              </span>
              <span class="muted" data-testid="lifecycle-standing">
                {standingText(s().status, s().version, s().pending)}
              </span>
              <Show when={s().status === "in_review" && s().missing_approvals.length > 0}>
                <span class="muted lifecycle-waiting" data-testid="lifecycle-missing">
                  Waiting for: {s().missing_approvals.join("; ")}
                </span>
              </Show>
              <Show when={s().pending?.status === "in_review" && (s().pending?.missing_approvals.length ?? 0) > 0}>
                <span class="muted lifecycle-waiting" data-testid="lifecycle-missing">
                  Version {s().pending!.version} waits for: {s().pending!.missing_approvals.join("; ")}
                </span>
              </Show>
              <Show when={s().overdue}>
                <span class="badge badge-warn">Review overdue</span>
              </Show>
              <Show when={s().paused}>
                {(p) => (
                  <span class="lifecycle-paused" data-testid="lifecycle-paused">
                    Paused {fullTime(p().at)} by {personName(p().by)}: “{p().reason}”
                  </span>
                )}
              </Show>
            </div>
            <ul class="lifecycle-actions">
              <For each={offered()}>
                {(a) => (
                  <li class="lifecycle-action-item">
                    <button
                      type="button"
                      class={a.action === "retire" ? "button button-small button-quiet" : "button button-small"}
                      data-testid="lifecycle-action"
                      data-action={a.action}
                      aria-disabled={!a.allowed || busy() ? "true" : undefined}
                      aria-describedby={a.allowed ? undefined : `lifecycle-why-${a.action}`}
                      onClick={() => start(a)}
                    >
                      {buttonLabel(a)}
                    </button>
                    <Show when={!a.allowed && a.reason}>
                      <span class="lifecycle-why" id={`lifecycle-why-${a.action}`} data-testid="lifecycle-why" data-action={a.action}>
                        {a.reason}
                      </span>
                    </Show>
                  </li>
                )}
              </For>
              <Show when={s().status !== "draft"}>
                <li class="lifecycle-action-item">
                  <button
                    type="button"
                    class="button button-small button-quiet"
                    data-testid="lifecycle-rollback"
                    disabled={busy()}
                    onClick={rollback}
                  >
                    Record rollback…
                  </button>
                </li>
              </Show>
            </ul>
            <Show when={error()}>
              <p class="field-error" role="alert" data-testid="lifecycle-error">
                {error()}
              </p>
            </Show>
          </>
        )}
      </Show>
      <Show when={request()}>
        {(r) => <LifecycleNoteDialog request={r()} onClose={() => setRequest(null)} />}
      </Show>
    </div>
  );
}
