/**
 * The portfolio ladder: every contract placed on the rung it asks
 * for, in the column of its ceiling, so the distance between what a
 * contract asks for and what it holds can be read at a glance. It is the
 * first screen of an executive sponsor, and one click away for everyone.
 *
 * Built to stay fast at 10,000 contracts: the contracts are counted into the
 * 4 × 5 grid of (requested rung, ceiling) cells — a cell's verdict follows
 * from those two, so one colour per cell is exact — and each cell names its
 * first few contracts. The rest of a cell (or a whole rung) opens in a
 * windowed list that only renders the rows in view.
 *
 * Who counts as an executive sponsor (home screen): see
 * {@link isExecutiveSponsor}.
 */
import { createMemo, createResource, createSignal, For, onMount, Show } from "solid-js";
import type { Authority } from "../bindings/Authority";
import type { ContractSummary } from "../bindings/ContractSummary";
import type { Person } from "../bindings/Person";
import type { Route } from "../bindings/Route";
import type { Status } from "../bindings/Status";
import type { Verdict } from "../bindings/Verdict";
import type { WorkflowCategory } from "../bindings/WorkflowCategory";
import { ErrorBanner } from "../components/ErrorBanner";
import { gapSize, rungIndex } from "../components/Ladder";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import {
  AUTHORITY_LABELS,
  AUTHORITY_MEANING,
  AUTHORITY_ORDER,
  CATEGORY_LABELS,
  options,
  STATUS_LABELS,
  VERDICT_LABELS,
} from "../labels";
import { navigate, path, routeTo } from "../router";
import { people, personName, waiting } from "../session";

/** Contracts named inside one cell before "+N more". */
export const CHIPS_PER_CELL = 4;
/** Height of one row of the windowed list, in pixels (fixed, so rows can be placed without measuring). */
const LIST_ROW_HEIGHT = 44;
const LIST_HEIGHT = 360;

/** A ceiling column: a rung, or "none" when even suggest fails. */
type CeilingKey = Authority | "none";
const CEILING_COLUMNS: CeilingKey[] = ["none", ...AUTHORITY_ORDER];
const RUNGS_TOP_DOWN: Authority[] = [...AUTHORITY_ORDER].reverse();

/**
 * The four next routes, in the order the portfolio totals them, named by
 * the work to do rather than by the route ids (which stay in files and JSON).
 */
export const ROUTE_TOTALS: Array<{ route: Route; name: string; hint: string }> = [
  { route: "ai_readiness_audit", name: "Owners and limits to settle", hint: "who signs off, thresholds, or how it is paused" },
  { route: "data_foundation", name: "Data to fix first", hint: "identity matching, definitions or source trust" },
  { route: "data_activation", name: "Ready to build", hint: "nothing blocks the authority asked for" },
  { route: "translate_the_ask", name: "Requests to turn into a decision", hint: "what it does or decides is not written down" },
];

/** What each rung lets the AI do, short enough for the row header. */
const RUNG_SHORT: Record<Authority, string> = {
  suggest: "recommends; a person decides",
  assist: "drafts for a person to approve",
  route: "sends records to a queue or owner",
  act: "changes records by itself",
};

const ceilingKey = (ceiling: Authority | null): CeilingKey => ceiling ?? "none";

/** The verdict every contract in a (requested, ceiling) cell has (docs/readiness-rules.md). */
export function cellVerdict(requested: Authority, ceiling: CeilingKey): Verdict {
  if (ceiling === "none") return "not_ready";
  return rungIndex(ceiling) >= rungIndex(requested) ? "ready" : "over_authorized";
}

/** The contracts counted the way the portfolio shows them. */
export type PortfolioCounts = {
  cells: Map<string, ContractSummary[]>;
  perRung: Record<Authority, number>;
  perRoute: Record<Route, number>;
  perVerdict: Record<Verdict, number>;
  total: number;
};

const cellKey = (requested: Authority, ceiling: CeilingKey) => `${requested}|${ceiling}`;

/** One pass over the contracts: cells, per-rung, per-route and per-verdict counts. */
export function countPortfolio(contracts: readonly ContractSummary[]): PortfolioCounts {
  const cells = new Map<string, ContractSummary[]>();
  const perRung: Record<Authority, number> = { suggest: 0, assist: 0, route: 0, act: 0 };
  const perRoute: Record<Route, number> = { ai_readiness_audit: 0, data_foundation: 0, data_activation: 0, translate_the_ask: 0 };
  const perVerdict: Record<Verdict, number> = { ready: 0, over_authorized: 0, not_ready: 0 };
  for (const c of contracts) {
    const key = cellKey(c.authority, ceilingKey(c.ceiling));
    const cell = cells.get(key);
    if (cell) cell.push(c);
    else cells.set(key, [c]);
    perRung[c.authority] += 1;
    perRoute[c.next_route] += 1;
    perVerdict[c.verdict] += 1;
  }
  return { cells, perRung, perRoute, perVerdict, total: contracts.length };
}

export type PortfolioFilter = { category: WorkflowCategory | ""; status: Status | ""; owner: string; route: Route | "" };

const sameEmail = (a: string | null | undefined, b: string) => !!a && a.trim().toLowerCase() === b.trim().toLowerCase();

/** True when the contract names `email` in any owner role. */
function ownedBy(c: ContractSummary, email: string): boolean {
  const o = c.owners;
  return sameEmail(o.business, email) || sameEmail(o.data, email) || sameEmail(o.destination, email) || sameEmail(o.exception, email);
}

export function applyFilter(contracts: readonly ContractSummary[], f: PortfolioFilter): ContractSummary[] {
  if (!f.category && !f.status && !f.owner && !f.route) return contracts as ContractSummary[];
  return contracts.filter(
    (c) =>
      (!f.category || c.category === f.category) &&
      (!f.status || c.status === f.status) &&
      (!f.route || c.next_route === f.route) &&
      (!f.owner || ownedBy(c, f.owner)),
  );
}

/**
 * Titles that make someone an executive sponsor: VP, Chief/C-level,
 * Director, Head of, Sponsor, Executive. Matched as words, any case.
 */
const EXECUTIVE_TITLE = /\b(s?vp|evp|vice[- ]president|chief|c[eofr]o|director|head|sponsor|executive)\b/i;

/**
 * The home-screen rule. A person is an executive sponsor when their title
 * says so ({@link EXECUTIVE_TITLE}), or — when the title says nothing — when
 * they own the business action of at least one contract and the data of
 * none: they decide what the AI may do, others own the inputs.
 */
export function isExecutiveSponsor(person: Person, contracts: readonly ContractSummary[]): boolean {
  if (EXECUTIVE_TITLE.test(person.title)) return true;
  if (person.title.trim() !== "") return false;
  const business = contracts.some((c) => sameEmail(c.owners.business, person.email));
  const data = contracts.some((c) => sameEmail(c.owners.data, person.email));
  return business && !data;
}

/**
 * Opens the portfolio instead of the registry when the acting person is an
 * executive sponsor and nobody asked for a particular screen.
 */
export async function openExecutiveHome(person: Person | null | undefined): Promise<void> {
  if (!person) return;
  let owned: ContractSummary[] = [];
  if (!EXECUTIVE_TITLE.test(person.title) && person.title.trim() === "") {
    try {
      owned = await ipc.listContracts({ owner: person.email });
    } catch {
      return; // The registry screen stays; it shows the error itself.
    }
  }
  if (isExecutiveSponsor(person, owned) && path() === "registry") await navigate("portfolio");
}

const VERDICT_MARK: Record<Verdict, string> = { ready: "✓", over_authorized: "▲", not_ready: "✕" };

export function Portfolio() {
  const [contracts, { refetch }] = createResource(() => ipc.listContracts({}));
  const [filter, setFilter] = createSignal<PortfolioFilter>({ category: "", status: "", owner: "", route: "" });
  const [open, setOpen] = createSignal<{ requested: Authority; ceiling: CeilingKey | "any" } | null>(null);

  const shown = createMemo(() => applyFilter(contracts() ?? [], filter()));
  const counts = createMemo(() => countPortfolio(shown()));
  const owners = createMemo(() => {
    const emails = new Set<string>();
    for (const c of contracts() ?? []) {
      for (const e of [c.owners.business, c.owners.data, c.owners.destination, c.owners.exception]) if (e) emails.add(e.toLowerCase());
    }
    // Names come from the people list; people () is read so the list follows renames.
    people();
    return [...emails].map((email) => ({ email, name: personName(email) })).sort((a, b) => a.name.localeCompare(b.name));
  });
  const set = <K extends keyof PortfolioFilter>(key: K, value: PortfolioFilter[K]) => {
    setOpen(null);
    setFilter((f) => ({ ...f, [key]: value }));
  };
  const openItems = createMemo(() => {
    const o = open();
    if (!o) return [];
    if (o.ceiling === "any") return shown().filter((c) => c.authority === o.requested);
    return counts().cells.get(cellKey(o.requested, o.ceiling)) ?? [];
  });
  const openTitle = () => {
    const o = open();
    if (!o) return "";
    const asks = `Asking for ${AUTHORITY_LABELS[o.requested]}`;
    if (o.ceiling === "any") return asks;
    return `${asks}, ceiling ${o.ceiling === "none" ? "none" : AUTHORITY_LABELS[o.ceiling]}`;
  };
  const goTo = (id: string) => void navigate(routeTo("review", id));
  onMount(() => document.getElementById("main")?.scrollTo?.(0, 0));

  return (
    <div class="portfolio" data-testid="portfolio">
      <header class="screen-header">
        <div>
          <h1 class="screen-title">Portfolio on the authority ladder</h1>
          <p class="muted">
            Each contract sits on the rung it asks for, in the column of the highest rung its data supports. Anything left of
            the outlined cell of its row asks for more than it holds.
          </p>
        </div>
        <div class="portfolio-tools">
          <a
            class="button"
            href="#/review"
            data-testid="portfolio-waiting"
            data-count={waiting() ?? 0}
            onClick={(e) => {
              e.preventDefault();
              void navigate("review");
            }}
          >
            Waiting on you ({waiting() ?? 0})
          </a>
          <button type="button" class="button" onClick={() => void refetch()}>
            Refresh
          </button>
        </div>
      </header>
      <ErrorBanner error={(contracts.error as WarrantError | undefined) ?? null} />

      <div class="toolbar" role="group" aria-label="Filters">
        <label class="filter">
          <span class="filter-label">Category</span>
          <select class="input" data-testid="portfolio-filter-category" value={filter().category} onChange={(e) => set("category", e.currentTarget.value as WorkflowCategory | "")}>
            <option value="">Any category</option>
            <For each={options(CATEGORY_LABELS)}>{([value, label]) => <option value={value}>{label}</option>}</For>
          </select>
        </label>
        <label class="filter">
          <span class="filter-label">Status</span>
          <select class="input" data-testid="portfolio-filter-status" value={filter().status} onChange={(e) => set("status", e.currentTarget.value as Status | "")}>
            <option value="">Any status</option>
            <For each={options(STATUS_LABELS)}>{([value, label]) => <option value={value}>{label}</option>}</For>
          </select>
        </label>
        <label class="filter">
          <span class="filter-label">Owner</span>
          <select class="input" data-testid="portfolio-filter-owner" value={filter().owner} onChange={(e) => set("owner", e.currentTarget.value)}>
            <option value="">Anyone</option>
            <For each={owners()}>{(o) => <option value={o.email}>{o.name}</option>}</For>
          </select>
        </label>
        <p class="portfolio-total" data-testid="portfolio-total" data-count={counts().total}>
          {counts().total} {counts().total === 1 ? "contract" : "contracts"}
          <Show when={counts().perVerdict.over_authorized > 0}>
            {" · "}
            <strong class="over-text">{counts().perVerdict.over_authorized} over-authorized</strong>
          </Show>
          <Show when={counts().perVerdict.not_ready > 0}>
            {" · "}
            <strong class="not-text">{counts().perVerdict.not_ready} not ready</strong>
          </Show>
        </p>
      </div>

      <section class="route-totals" aria-label="What each contract needs next">
        <For each={ROUTE_TOTALS}>
          {(r) => (
            <button
              type="button"
              class={`route-total route-${r.route}`}
              data-testid="route-total"
              data-route={r.route}
              data-count={counts().perRoute[r.route]}
              aria-pressed={filter().route === r.route ? "true" : "false"}
              title="Show only these contracts"
              onClick={() => set("route", filter().route === r.route ? "" : r.route)}
            >
              <span class="route-count">{counts().perRoute[r.route]}</span>
              <span class="route-name">{r.name}</span>
              <span class="route-hint">{r.hint}</span>
            </button>
          )}
        </For>
      </section>

      <Show when={contracts()} fallback={<p class="muted loading">Loading contracts…</p>}>
        <div class="portfolio-grid-wrap">
          <table class="portfolio-grid" aria-describedby="portfolio-legend">
            <caption class="visually-hidden">
              Contracts by the rung they ask for (rows) and their ceiling (columns)
            </caption>
            <thead>
              <tr>
                <th scope="col" class="pf-corner">Asks for ↓ · ceiling →</th>
                <For each={CEILING_COLUMNS}>
                  {(col) => (
                    <th scope="col" class="pf-col" data-ceiling={col}>
                      {col === "none" ? "No ceiling" : `Ceiling ${AUTHORITY_LABELS[col]}`}
                    </th>
                  )}
                </For>
              </tr>
            </thead>
            <tbody>
              <For each={RUNGS_TOP_DOWN}>
                {(rung) => (
                  <tr class="pf-row" data-rung={rung}>
                    <th scope="row" class="pf-rung">
                      <span class="pf-rung-name">{AUTHORITY_LABELS[rung]}</span>
                      <span class="pf-rung-meaning" title={AUTHORITY_MEANING[rung]}>
                        {RUNG_SHORT[rung]}
                      </span>
                      <button
                        type="button"
                        class="link-button pf-rung-count"
                        data-testid="rung-count"
                        data-rung={rung}
                        data-count={counts().perRung[rung]}
                        disabled={counts().perRung[rung] === 0}
                        onClick={() => setOpen({ requested: rung, ceiling: "any" })}
                      >
                        {counts().perRung[rung]} {counts().perRung[rung] === 1 ? "contract" : "contracts"}
                      </button>
                    </th>
                    <For each={CEILING_COLUMNS}>
                      {(col) => {
                        const items = () => counts().cells.get(cellKey(rung, col)) ?? [];
                        const verdict = cellVerdict(rung, col);
                        const gap = gapSize(rung, col === "none" ? null : col);
                        return (
                          <td
                            class={`pf-cell pf-${verdict}`}
                            classList={{ "pf-empty": items().length === 0, "pf-at-request": col === rung }}
                            data-testid="portfolio-cell"
                            data-requested={rung}
                            data-ceiling={col}
                            data-verdict={verdict}
                            data-count={items().length}
                          >
                            <Show when={items().length > 0}>
                              <div class="pf-cell-head">
                                <span class="pf-cell-count">{items().length}</span>
                                <span class="pf-cell-verdict">
                                  {VERDICT_MARK[verdict]} {verdict === "over_authorized" ? `over by ${gap}` : VERDICT_LABELS[verdict]}
                                </span>
                              </div>
                              <ul class="pf-chips">
                                <For each={items().slice(0, CHIPS_PER_CELL)}>
                                  {(c) => (
                                    <li>
                                      <a
                                        class="pf-chip"
                                        href={`#/${routeTo("review", c.id)}`}
                                        data-testid="portfolio-contract"
                                        data-id={c.id}
                                        data-requested={c.authority}
                                        data-ceiling={c.ceiling ?? "none"}
                                        data-verdict={c.verdict}
                                        title={`${c.title} — ${c.id}`}
                                        aria-label={`${c.title}: asks for ${AUTHORITY_LABELS[c.authority]}, ceiling ${c.ceiling ? AUTHORITY_LABELS[c.ceiling] : "none"}, ${VERDICT_LABELS[c.verdict]}`}
                                        onClick={(e) => {
                                          e.preventDefault();
                                          goTo(c.id);
                                        }}
                                      >
                                        {c.title}
                                      </a>
                                    </li>
                                  )}
                                </For>
                              </ul>
                              <Show when={items().length > CHIPS_PER_CELL}>
                                <button
                                  type="button"
                                  class="link-button pf-more"
                                  data-testid="portfolio-more"
                                  onClick={() => setOpen({ requested: rung, ceiling: col })}
                                >
                                  +{items().length - CHIPS_PER_CELL} more
                                </button>
                              </Show>
                            </Show>
                          </td>
                        );
                      }}
                    </For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <p id="portfolio-legend" class="pf-legend muted">
          <span class="pf-key pf-ready">✓ Ready</span> holds the rung it asks for ·{" "}
          <span class="pf-key pf-over_authorized">▲ Over-authorized</span> asks for more than its ceiling ·{" "}
          <span class="pf-key pf-not_ready">✕ Not ready</span> not even Suggest holds. The outlined cell in each row is
          “exactly at its ceiling”.
        </p>
        <Show when={open()}>
          <section class="pf-list card" data-testid="portfolio-list" aria-label={openTitle()}>
            <div class="pf-list-head">
              <h2 class="section-title">
                {openTitle()} — {openItems().length} {openItems().length === 1 ? "contract" : "contracts"}
              </h2>
              <button type="button" class="button button-small" onClick={() => setOpen(null)}>
                Close
              </button>
            </div>
            <WindowedList items={openItems()} onOpen={goTo} />
          </section>
        </Show>
      </Show>
    </div>
  );
}

/** A list that renders only the rows in view (plus a few), for cells of thousands. */
function WindowedList(props: { items: ContractSummary[]; onOpen: (id: string) => void }) {
  const [top, setTop] = createSignal(0);
  const first = () => Math.max(0, Math.floor(top() / LIST_ROW_HEIGHT) - 4);
  const last = () => Math.min(props.items.length, Math.ceil((top() + LIST_HEIGHT) / LIST_ROW_HEIGHT) + 4);
  const visible = () => props.items.slice(first(), last()).map((item, i) => ({ item, index: first() + i }));
  return (
    <div
      class="pf-window"
      role="list"
      tabindex="0"
      aria-label="Contracts"
      style={{ height: `${Math.min(LIST_HEIGHT, props.items.length * LIST_ROW_HEIGHT + 2)}px` }}
      onScroll={(e) => setTop(e.currentTarget.scrollTop)}
    >
      <div class="pf-window-space" style={{ height: `${props.items.length * LIST_ROW_HEIGHT}px` }}>
        <For each={visible()}>
          {(row) => (
            <div class="pf-window-row" role="listitem" style={{ transform: `translateY(${row.index * LIST_ROW_HEIGHT}px)`, height: `${LIST_ROW_HEIGHT}px` }}>
              <button type="button" class="pf-window-open" data-testid="portfolio-list-row" data-id={row.item.id} onClick={() => props.onOpen(row.item.id)}>
                <span class={`pf-dot pf-${row.item.verdict}`} aria-hidden="true">
                  {VERDICT_MARK[row.item.verdict]}
                </span>
                <span class="pf-window-title">{row.item.title}</span>
                <span class="pf-window-meta">
                  {STATUS_LABELS[row.item.status]} · {personName(row.item.owners.business) || "no business owner"}
                </span>
              </button>
            </div>
          )}
        </For>
      </div>
    </div>
  );
}
