/** The verdict as a coloured badge that also says it in words. */
import type { Verdict } from "../bindings/Verdict";
import { VERDICT_LABELS } from "../labels";

export function VerdictBadge(props: { verdict: Verdict; testid?: string }) {
  return (
    <span
      class={`badge verdict-${props.verdict}`}
      data-testid={props.testid}
      data-verdict={props.verdict}
    >
      <span class="badge-mark" aria-hidden="true">
        {props.verdict === "ready" ? "✓" : props.verdict === "over_authorized" ? "▲" : "✕"}
      </span>
      {VERDICT_LABELS[props.verdict]}
    </span>
  );
}
