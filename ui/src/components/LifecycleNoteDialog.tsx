/**
 * The small dialog that asks for the reason or comment a lifecycle action
 * needs (pause, resume, retire, rollback), or only for confirmation (launch).
 * The text is required; an empty one, or the backend's refusal of it, is
 * shown next to the field, and the dialog stays open until the action
 * succeeds or is cancelled. `intro` says what the action means first (the
 * contract's own pause procedure, what launching records).
 */
import { createSignal, For, Show } from "solid-js";
import type { WarrantError } from "../ipc";
import { Modal } from "./Modal";

export type NoteRequest = {
  title: string;
  /** The text field's label; without one the dialog only asks to confirm. */
  label?: string;
  /** Paragraphs shown above the field. */
  intro?: string[];
  confirm: string;
  /** The field the backend names when it refuses the text (`reason`, `comment`, `what`). */
  field: string;
  /** Does the action; rejects with the backend's error to keep the dialog open. */
  run: (note: string) => Promise<unknown>;
};

export function LifecycleNoteDialog(props: { request: NoteRequest; onClose: () => void }) {
  const [note, setNote] = createSignal("");
  const [error, setError] = createSignal<string | null>(null);
  const [general, setGeneral] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (props.request.label && note().trim() === "") {
      setError("Write a sentence: the audit trail keeps it, so someone can ask about it later.");
      return;
    }
    setBusy(true);
    try {
      await props.request.run(note().trim());
      props.onClose();
    } catch (reason) {
      const failure = reason as WarrantError;
      // An error about the text goes beside it; any other refusal above the buttons.
      if (failure.field === props.request.field) setError(failure.message);
      else setGeneral(failure.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={props.request.title} onClose={props.onClose} testid="lifecycle-dialog">
      <form onSubmit={(e) => void submit(e)} novalidate>
        <For each={props.request.intro ?? []}>
          {(text) => (
            <p class="modal-text" data-testid="lifecycle-dialog-intro">
              {text}
            </p>
          )}
        </For>
        <Show when={props.request.label}>
        <div class="field">
          <label class="field-label" for="lifecycle-note">
            {props.request.label}
          </label>
          <textarea
            id="lifecycle-note"
            class="input"
            name={props.request.field}
            data-testid="lifecycle-note"
            rows={3}
            required
            data-autofocus
            aria-invalid={error() ? "true" : undefined}
            aria-describedby={error() ? "lifecycle-note-error" : undefined}
            value={note()}
            onInput={(e) => {
              setNote(e.currentTarget.value);
              setError(null);
            }}
          />
          <Show when={error()}>
            <p class="field-error" id="lifecycle-note-error" data-testid="lifecycle-note-error">
              {error()}
            </p>
          </Show>
        </div>
        </Show>
        <Show when={general()}>
          <p class="field-error" role="alert" data-testid="lifecycle-dialog-error">
            {general()}
          </p>
        </Show>
        <div class="modal-actions">
          <button type="button" class="button" onClick={props.onClose} data-autofocus={props.request.label ? undefined : true}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" data-testid="lifecycle-confirm" disabled={busy()}>
            {props.request.confirm}
          </button>
        </div>
      </form>
    </Modal>
  );
}
