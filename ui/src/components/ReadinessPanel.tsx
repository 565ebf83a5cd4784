/**
 * The live readiness panel beside the editor: verdict, ceiling, the next
 * route in words, and the contract on the authority ladder, whose missing
 * rules (the findings, grouped by rung) each take the user to their field.
 */
import { Show } from "solid-js";
import type { Readiness } from "../bindings/Readiness";
import { AUTHORITY_LABELS, ROUTE_LABELS } from "../labels";
import { Ladder } from "./Ladder";
import { VerdictBadge } from "./VerdictBadge";

export function ReadinessPanel(props: {
  readiness: Readiness | null;
  checking: boolean;
  error: string | null;
  onFinding: (field: string) => void;
}) {
  return (
    <aside class="readiness-panel" aria-label="Readiness" aria-busy={props.checking ? "true" : "false"}>
      <h2 class="panel-title">Readiness</h2>
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
