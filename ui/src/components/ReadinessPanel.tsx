/**
 * The live readiness panel beside the editor: verdict, ceiling, the next
 * route in words, and the contract on the authority ladder, whose missing
 * rules (the findings, grouped by rung) each take the user to their field.
 * The panel takes the focus on {@link READINESS_SHORTCUT} (the editor
 * listens for it), so its findings are one key away instead of after every
 * field of the form.
 */
import { Show } from "solid-js";
import type { Readiness } from "../bindings/Readiness";
import { AUTHORITY_LABELS, ROUTE_LABELS } from "../labels";
import { Ladder } from "./Ladder";
import { VerdictBadge } from "./VerdictBadge";

/** The key that moves the focus to the panel, as shown and as `aria-keyshortcuts` says it. */
export const READINESS_SHORTCUT = { label: "Alt+R", aria: "Alt+R" };

export function ReadinessPanel(props: {
  readiness: Readiness | null;
  checking: boolean;
  error: string | null;
  onFinding: (field: string) => void;
  ref?: (panel: HTMLElement) => void;
}) {
  return (
    <aside
      ref={(el) => props.ref?.(el)}
      class="readiness-panel"
      aria-labelledby="readiness-panel-title"
      aria-busy={props.checking ? "true" : "false"}
      aria-keyshortcuts={READINESS_SHORTCUT.aria}
      tabindex="-1"
      data-testid="readiness-panel"
    >
      <h2 class="panel-title" id="readiness-panel-title">
        Readiness <kbd class="shortcut" aria-hidden="true">{READINESS_SHORTCUT.label}</kbd>
      </h2>
      <Show when={props.error}>
        {(message) => (
          <p class="field-error" role="alert">
            {message()}
          </p>
        )}
      </Show>
      <Show when={props.readiness} fallback={<p class="muted">Checking…</p>}>
        {(r) => (
          <>
            <div class="readiness-head">
              <VerdictBadge verdict={r().verdict} testid="readiness-verdict" />
              <span class="readiness-ceiling" data-testid="readiness-ceiling" data-ceiling={r().ceiling ?? "none"}>
                Ceiling: {r().ceiling ? AUTHORITY_LABELS[r().ceiling!] : "none (even Suggest fails)"}
              </span>
            </div>
            <p class="next-route" data-route={r().next_route}>
              <span class="muted">Next: </span>
              {ROUTE_LABELS[r().next_route]}
            </p>
            <Ladder readiness={r()} onField={props.onFinding} />
          </>
        )}
      </Show>
    </aside>
  );
}
