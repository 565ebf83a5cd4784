/**
 * Shown instead of the app when the registry could not be opened at start:
 * a damaged file was moved aside (nothing deleted) and the newest automatic
 * backup can be restored in one click, or a new registry started; any other
 * refusal (a newer Warrant's file, a network drive) is explained as it is.
 */
import { createSignal, Show } from "solid-js";
import type { StartupProblem } from "../bindings/StartupProblem";
import { ConfirmDialog } from "../components/Modal";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";

export function RegistryProblem(props: { problem: StartupProblem; onFixed: () => void }) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [askNew, setAskNew] = createSignal(false);

  const fix = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      setError(null);
      props.onFixed();
    } catch (e) {
      setError((e as WarrantError).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="registry-problem" role="alert" data-testid="registry-problem">
      <h1 class="screen-title">The registry could not be opened</h1>
      <p class="registry-problem-message" data-testid="registry-problem-message">
        {props.problem.message}
      </p>
      <Show when={props.problem.moved_to}>
        {(moved) => (
          <p>
            The damaged file is kept at <span class="mono" data-testid="registry-problem-moved">{moved()}</span>.
          </p>
        )}
      </Show>
      <div class="registry-problem-actions">
        <Show when={props.problem.newest_backup}>
          {(backup) => (
            <button
              type="button"
              class="button button-primary"
              data-testid="restore-newest"
              disabled={busy()}
              onClick={() => void fix(() => ipc.restoreBackup(backup()))}
            >
              Restore the newest backup
            </button>
          )}
        </Show>
        <Show when={props.problem.moved_to}>
          <button type="button" class="button" data-testid="start-new-registry" disabled={busy()} onClick={() => setAskNew(true)}>
            Start a new registry
          </button>
        </Show>
        <button type="button" class="button" disabled={busy()} onClick={() => void fix(() => ipc.restoreBackup(null))}>
          Restore another backup…
        </button>
      </div>
      <Show when={props.problem.newest_backup}>
        {(backup) => (
          <p class="field-hint">
            Newest backup: <span class="mono">{backup()}</span>
          </p>
        )}
      </Show>
      <Show when={error()}>
        <p class="field-error" data-testid="registry-problem-error">
          {error()}
        </p>
      </Show>
      <Show when={askNew()}>
        <ConfirmDialog
          title="Start a new registry?"
          message="Warrant starts over with its templates and examples. The damaged file stays where it was moved, so it can still be recovered."
          confirmLabel="Start a new registry"
          onAnswer={(ok) => {
            setAskNew(false);
            if (ok) void fix(() => ipc.startNewRegistry());
          }}
        />
      </Show>
    </div>
  );
}
