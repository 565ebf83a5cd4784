/** An error that belongs to no single field, shown above the content. */
import { Show } from "solid-js";
import type { WarrantError } from "../ipc";

export function ErrorBanner(props: { error: WarrantError | null | undefined; onDismiss?: () => void }) {
  return (
    <Show when={props.error}>
      {(error) => (
        <div class="banner banner-error" role="alert" data-testid="error-banner">
          <span class="banner-text">{error().message}</span>
          <Show when={props.onDismiss}>
            <button type="button" class="button button-small" onClick={() => props.onDismiss?.()}>
              Dismiss
            </button>
          </Show>
        </div>
      )}
    </Show>
  );
}
