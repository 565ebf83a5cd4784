/**
 * A progress bar for long work done on the Rust side (dry runs over big
 * files, batch worksheet exports), with an optional Cancel button. An
 * unknown total shows an indeterminate bar rather than a made-up figure.
 */
import { Show } from "solid-js";

export function ProgressBar(props: {
  /** Work done so far, in the same unit as `max`. */
  value: number;
  /** Total work; 0 or less when not known yet. */
  max: number;
  /** What is happening, e.g. "12,000 records read". */
  label: string;
  onCancel?: () => void;
  cancelling?: boolean;
  testid?: string;
}) {
  const known = () => props.max > 0;
  const percent = () => (known() ? Math.min(100, Math.max(0, Math.round((props.value / props.max) * 100))) : 0);
  return (
    <div class="progress" data-testid={props.testid ?? "progress"}>
      <div
        class="progress-track"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={known() ? percent() : undefined}
        classList={{ indeterminate: !known() }}
      >
        <div class="progress-fill" style={{ width: known() ? `${percent()}%` : "30%" }} />
      </div>
      <div class="progress-row">
        <span class="progress-label" aria-live="polite">
          {props.label}
          <Show when={known()}> ({percent()}%)</Show>
        </span>
        <Show when={props.onCancel}>
          <button
            type="button"
            class="button button-small"
            data-testid={`${props.testid ?? "progress"}-cancel`}
            disabled={props.cancelling}
            onClick={() => props.onCancel?.()}
          >
            {props.cancelling ? "Cancelling…" : "Cancel"}
          </button>
        </Show>
      </div>
    </div>
  );
}
