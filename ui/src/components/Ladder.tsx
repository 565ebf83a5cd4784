/**
 * One contract on the authority ladder: the four rungs drawn as an
 * SVG ladder, the rung the contract asks for, its ceiling (the highest rung
 * whose rules all hold) and — when it asks for more than it holds — the gap
 * between the two, drawn as a bracket that says how many rungs it is over.
 *
 * Below the drawing, every rung above the ceiling lists the rules still
 * failing on it; each rule is a button that takes the reader to the field
 * to fix. Because requirements are cumulative, a rung also needs whatever
 * the rungs below it are missing; the list says so rather than repeating it.
 *
 * Accessibility: each rung is a focusable list item of the SVG with a label
 * that says its state and what it misses, so the ladder reads the same to a
 * screen reader as it looks. Colour never carries meaning alone.
 */
import { createUniqueId, For, Show } from "solid-js";
import type { Authority } from "../bindings/Authority";
import type { Finding } from "../bindings/Finding";
import type { Readiness } from "../bindings/Readiness";
import { AUTHORITY_LABELS, AUTHORITY_MEANING, AUTHORITY_ORDER } from "../labels";

/** Where a rung stands for one contract. */
export type RungState = "held" | "gap" | "above";

/** Position of a rung, 0 = suggest; -1 for "no rung" (a null ceiling). */
export const rungIndex = (rung: Authority | null): number => (rung === null ? -1 : AUTHORITY_ORDER.indexOf(rung));

/** held: within the ceiling; gap: asked for but not held; above: neither. */
export function rungState(rung: Authority, requested: Authority, ceiling: Authority | null): RungState {
  const i = rungIndex(rung);
  if (i <= rungIndex(ceiling)) return "held";
  if (i <= rungIndex(requested)) return "gap";
  return "above";
}

/** How many rungs the request is above the ceiling (0 when it is within). */
export function gapSize(requested: Authority, ceiling: Authority | null): number {
  return Math.max(0, rungIndex(requested) - rungIndex(ceiling));
}

const STATE_WORDS: Record<RungState, string> = {
  held: "held: every rule up to here holds",
  gap: "asked for but not held",
  above: "not held",
};

const rungsWord = (n: number) => (n === 1 ? "1 rung" : `${n} rungs`);

// Drawing geometry (viewBox units). Rungs are drawn act at the top.
const WIDTH = 300;
const TOP = 10;
const PITCH = 48;
const BAR_Y = 11;
const BAR_H = 26;
const RAIL_LEFT = 84;
const RAIL_RIGHT = 192;
const HEIGHT = TOP + PITCH * 4 + 20;
const rowTop = (rung: Authority) => TOP + (3 - rungIndex(rung)) * PITCH;

export function Ladder(props: {
  readiness: Readiness;
  /** Called with a finding's field path; without it the rules are listed as text. */
  onField?: (field: string) => void;
  /** Shown as the drawing's heading for screen readers; defaults to a sentence about the contract. */
  label?: string;
}) {
  const uid = createUniqueId();
  const requested = () => props.readiness.requested;
  const ceiling = () => props.readiness.ceiling;
  const gap = () => gapSize(requested(), ceiling());
  const missingOn = (rung: Authority): Finding[] => props.readiness.findings.filter((f) => f.level === rung);
  const state = (rung: Authority) => rungState(rung, requested(), ceiling());
  const topDown = [...AUTHORITY_ORDER].reverse();
  // Every rung above the ceiling, even one whose own rules hold: it still needs the rungs below.
  const missingRungs = () => AUTHORITY_ORDER.filter((rung) => state(rung) !== "held");
  const blockingRungs = () => missingRungs().filter((rung) => rungIndex(rung) <= rungIndex(requested()));
  const nextRungs = () => missingRungs().filter((rung) => rungIndex(rung) > rungIndex(requested()));
  const count = (rungs: Authority[]) => rungs.reduce((n, rung) => n + missingOn(rung).length, 0);

  const summary = () => {
    const asks = `Asks for ${AUTHORITY_LABELS[requested()]}`;
    const holds = ceiling() ? `ceiling ${AUTHORITY_LABELS[ceiling()!]}` : "no ceiling: even Suggest does not hold";
    const verdict = gap() > 0 ? `over-authorized by ${rungsWord(gap())}` : "within its ceiling";
    return `${asks}; ${holds}; ${verdict}.`;
  };

  const rungLabel = (rung: Authority) => {
    const parts = [`${AUTHORITY_LABELS[rung]}: ${STATE_WORDS[state(rung)]}`];
    if (rung === requested()) parts.push("the rung this contract asks for");
    if (rung === ceiling()) parts.push("the ceiling");
    const missing = missingOn(rung);
    const tail =
      state(rung) === "held"
        ? ""
        : missing.length === 0
          ? " Its own rules hold; it waits on the rungs below."
          : ` Missing ${missing.length === 1 ? "1 rule" : `${missing.length} rules`}: ${missing.map((f) => f.rule).join(", ")}.`;
    return `${parts.join(", ")}.${tail}`;
  };

  // The gap bracket spans from the requested rung down to the rung above the ceiling.
  const gapTop = () => rowTop(requested()) + BAR_Y - 2;
  const gapBottom = () => rowTop(AUTHORITY_ORDER[rungIndex(ceiling()) + 1]) + BAR_Y + BAR_H + 2;
  const lidY = () => (ceiling() ? rowTop(ceiling()!) : TOP + PITCH * 4);

  const findingItem = (f: Finding) => (
    <li>
      <Show
        when={props.onField}
        fallback={
          <span class="finding finding-static" data-testid="finding" data-rule={f.rule} data-field={f.field}>
            <span class="finding-rule">{f.rule}</span>
            <span class="finding-message">{f.message}</span>
            <span class="finding-field">{f.field}</span>
          </span>
        }
      >
        <button
          type="button"
          class="finding"
          data-testid="finding"
          data-rule={f.rule}
          data-field={f.field}
          data-blocking={f.blocking ? "true" : "false"}
          onClick={() => props.onField?.(f.field)}
        >
          {/* The visible text is the accessible name (no aria-label that says something else). */}
          <span class="finding-rule">{f.rule}</span>
          <span class="visually-hidden">: </span>
          <span class="finding-message">{f.message}</span>
          <span class="finding-field">
            <span class="visually-hidden">Go to the field </span>
            {f.field}
          </span>
        </button>
      </Show>
    </li>
  );

  const rungSection = (rung: Authority) => (
    <section class="ladder-missing-rung" id={`${uid}-${rung}`} data-testid="ladder-missing" data-rung={rung}>
      <h4 class="ladder-missing-title">
        To reach {AUTHORITY_LABELS[rung]}
        <Show when={rungIndex(rung) > rungIndex(ceiling()) + 1}>
          <span class="muted"> (and what the rungs below miss)</span>
        </Show>
      </h4>
      <Show
        when={missingOn(rung).length > 0}
        fallback={
          <p class="muted ladder-waits">
            Its own rules hold; it needs what {AUTHORITY_LABELS[AUTHORITY_ORDER[rungIndex(rung) - 1]]} misses.
          </p>
        }
      >
        <ul class="finding-list">
          <For each={missingOn(rung)}>{findingItem}</For>
        </ul>
      </Show>
    </section>
  );

  return (
    <figure
      class="ladder"
      classList={{ "ladder-over": gap() > 0 && ceiling() !== null, "ladder-none": ceiling() === null }}
      data-testid="ladder"
      data-requested={requested()}
      data-ceiling={ceiling() ?? "none"}
      data-verdict={props.readiness.verdict}
      data-gap={gap()}
    >
      <figcaption class="ladder-caption">{props.label ?? summary()}</figcaption>
      <svg
        class="ladder-svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="list"
        aria-label={`Authority ladder, highest rung first. ${summary()}`}
      >
        <defs>
          <pattern id={`${uid}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" class="hatch-bg" />
            <line x1="0" y1="0" x2="0" y2="6" class="hatch-line" />
          </pattern>
        </defs>
        <line class="ladder-rail" x1={RAIL_LEFT} y1={2} x2={RAIL_LEFT} y2={HEIGHT - 14} />
        <line class="ladder-rail" x1={RAIL_RIGHT} y1={2} x2={RAIL_RIGHT} y2={HEIGHT - 14} />
        <For each={topDown}>
          {(rung) => (
            <g
              class={`ladder-rung rung-${state(rung)}`}
              classList={{ "rung-is-requested": rung === requested(), "rung-is-ceiling": rung === ceiling() }}
              role="listitem"
              tabindex="0"
              aria-label={rungLabel(rung)}
              aria-describedby={state(rung) !== "held" ? `${uid}-${rung}` : undefined}
              data-testid="ladder-rung"
              data-rung={rung}
              data-state={state(rung)}
              data-requested={rung === requested() ? "true" : undefined}
              data-ceiling={rung === ceiling() ? "true" : undefined}
              data-missing={missingOn(rung)
                .map((f) => f.rule)
                .join(" ")}
              onKeyDown={(e) => {
                // Enter on a rung moves to its first missing rule.
                if (e.key !== "Enter") return;
                const first = document.getElementById(`${uid}-${rung}`)?.querySelector<HTMLElement>("button");
                first?.focus();
              }}
            >
              <title>{`${rungLabel(rung)} ${AUTHORITY_MEANING[rung]}`}</title>
              <rect
                class="rung-bar"
                x={RAIL_LEFT - 4}
                y={rowTop(rung) + BAR_Y}
                width={RAIL_RIGHT - RAIL_LEFT + 8}
                height={BAR_H}
                rx="4"
                fill={state(rung) === "gap" ? `url(#${uid}-hatch)` : undefined}
              />
              <text class="rung-name" x={(RAIL_LEFT + RAIL_RIGHT) / 2} y={rowTop(rung) + BAR_Y + BAR_H / 2 + 4} text-anchor="middle">
                {`${state(rung) === "held" ? "✓ " : state(rung) === "gap" ? "✕ " : ""}${AUTHORITY_LABELS[rung]}`}
              </text>
              <Show when={rung === requested()}>
                <g class="requested-mark" data-testid="ladder-requested-mark">
                  <text x={RAIL_LEFT - 22} y={rowTop(rung) + BAR_Y + BAR_H / 2 + 4} text-anchor="end">
                    asks for
                  </text>
                  <path
                    d={`M ${RAIL_LEFT - 19} ${rowTop(rung) + BAR_Y + 5} L ${RAIL_LEFT - 7} ${rowTop(rung) + BAR_Y + BAR_H / 2} L ${RAIL_LEFT - 19} ${rowTop(rung) + BAR_Y + BAR_H - 5} Z`}
                  />
                </g>
              </Show>
            </g>
          )}
        </For>
        <g class="ceiling-mark" data-testid="ladder-ceiling-mark" data-ceiling={ceiling() ?? "none"} aria-hidden="true">
          <line x1={RAIL_LEFT - 12} y1={lidY()} x2={WIDTH - 4} y2={lidY()} />
          <text x={WIDTH - 4} y={lidY() + 13} text-anchor="end">
            {ceiling() ? "ceiling" : "ceiling: none"}
          </text>
        </g>
        <Show when={gap() > 0}>
          <g class="gap-mark" data-testid="ladder-gap" data-rungs={gap()} aria-hidden="true">
            <path
              d={`M ${RAIL_RIGHT + 54} ${gapTop()} h 6 V ${gapBottom()} h -6`}
              class="gap-bracket"
            />
            <text x={RAIL_RIGHT + 66} y={(gapTop() + gapBottom()) / 2 - 2}>
              over by
            </text>
            <text x={RAIL_RIGHT + 66} y={(gapTop() + gapBottom()) / 2 + 11}>
              {rungsWord(gap())}
            </text>
          </g>
        </Show>
      </svg>
      <div class="ladder-missing">
        <Show when={blockingRungs().length > 0} fallback={<p class="muted ladder-clear">Nothing blocks the requested level.</p>}>
          <h3 class="panel-subtitle ladder-blocking-title">Blocking the request ({count(blockingRungs())})</h3>
          <For each={blockingRungs()}>{rungSection}</For>
        </Show>
        <Show when={nextRungs().length > 0}>
          <h3 class="panel-subtitle">
            To reach the next rung{count(nextRungs()) > 0 ? ` (${count(nextRungs())})` : ""}
          </h3>
          <For each={nextRungs()}>{rungSection}</For>
        </Show>
      </div>
    </figure>
  );
}
