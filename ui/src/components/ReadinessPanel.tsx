/**
 * The live readiness panel beside the editor: verdict, requested rung versus
 * ceiling, the next route in words, and the findings. Each finding is a
 * button that takes the user to the field it is about.
 */
import { For, Show } from "solid-js";
import type { Finding } from "../bindings/Finding";
import type { Readiness } from "../bindings/Readiness";
import { AUTHORITY_LABELS, AUTHORITY_ORDER, ROUTE_LABELS } from "../labels";
import { VerdictBadge } from "./VerdictBadge";

export function ReadinessPanel(props: {
  readiness: Readiness | null;
  checking: boolean;
  error: string | null;
  onFinding: (field: string) => void;
}) {
  const blocking = () => props.readiness?.findings.filter((f) => f.blocking) ?? [];
  const nextRung = () => props.readiness?.findings.filter((f) => !f.blocking) ?? [];

  const findingList = (items: Finding[]) => (
    <ul class="finding-list">
      <For each={items}>
        {(f) => (
          <li>
            <button
              type="button"
              class="finding"
              data-testid="finding"
              data-rule={f.rule}
              data-field={f.field}
              onClick={() => props.onFinding(f.field)}
            >
              <span class="finding-rule">{f.rule}</span>
              <span class="finding-message">{f.message}</span>
              <span class="finding-field">{f.field}</span>
            </button>
          </li>
        )}
      </For>
    </ul>
  );

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
            <ol class="ladder-list" aria-label="Authority ladder, highest rung first">
              <For each={[...AUTHORITY_ORDER].reverse()}>
                {(rung) => {
                  const isRequested = () => r().requested === rung;
                  const isCeiling = () => r().ceiling === rung;
                  const withinCeiling = () =>
                    r().ceiling !== null && AUTHORITY_ORDER.indexOf(rung) <= AUTHORITY_ORDER.indexOf(r().ceiling!);
                  return (
                    <li
                      class="ladder-rung"
                      classList={{ "rung-held": withinCeiling(), "rung-requested": isRequested() }}
                      data-rung={rung}
                    >
                      <span class="rung-name">{AUTHORITY_LABELS[rung]}</span>
                      <span class="rung-tags">
                        <Show when={isRequested()}>
                          <span class="tag tag-requested">requested</span>
                        </Show>
                        <Show when={isCeiling()}>
                          <span class="tag tag-ceiling">ceiling</span>
                        </Show>
                      </span>
                    </li>
                  );
                }}
              </For>
            </ol>
            <p class="next-route" data-route={r().next_route}>
              <span class="muted">Next: </span>
              {ROUTE_LABELS[r().next_route]}
            </p>
            <Show
              when={blocking().length > 0}
              fallback={<p class="muted">Nothing blocks the requested level.</p>}
            >
              <h3 class="panel-subtitle">Blocking ({blocking().length})</h3>
              {findingList(blocking())}
            </Show>
            <Show when={nextRung().length > 0}>
              <h3 class="panel-subtitle">To reach the next rung ({nextRung().length})</h3>
              {findingList(nextRung())}
            </Show>
          </>
        )}
      </Show>
    </aside>
  );
}
