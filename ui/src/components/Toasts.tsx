/** Renders the toast queue of ../toast.ts in a polite live region. */
import { For } from "solid-js";
import { dismissToast, toasts } from "../toast";

export function Toasts() {
  return (
    <div class="toasts" role="status" aria-live="polite">
      <For each={toasts()}>
        {(toast) => (
          <div class={`toast toast-${toast.tone}`} data-testid="toast">
            <span>{toast.text}</span>
            <button
              type="button"
              class="toast-close"
              aria-label="Dismiss"
              onClick={() => dismissToast(toast.id)}
            >
              ×
            </button>
          </div>
        )}
      </For>
    </div>
  );
}
