/**
 * The registry: every contract in one table, searchable as you type and
 * filterable by status, authority, verdict, category and owner, sortable by
 * column. Arrow keys move between rows, Enter opens one, `/` jumps to search.
 *
 * Built for ten thousand contracts (ARCHITECTURE.md, "The registry at
 * scale"): the whole list is loaded once (its first screen first) and kept;
 * filters and sorts run on it in memory; a search asks the core's full-text
 * index for ids only. Past a few screens of rows only the rows in view are
 * in the DOM, between two spacer rows that keep the scrollbar true.
 */
import { batch, createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show } from "solid-js";
import type { Authority } from "../bindings/Authority";
import type { ContractSummary } from "../bindings/ContractSummary";
import type { Status } from "../bindings/Status";
import type { Verdict } from "../bindings/Verdict";
import type { WorkflowCategory } from "../bindings/WorkflowCategory";
import { ErrorBanner } from "../components/ErrorBanner";
import { VerdictBadge } from "../components/VerdictBadge";
import * as ipc from "../ipc";
import { pendingOfRow, standingText } from "../standing";
import type { WarrantError } from "../ipc";
import {
  AUTHORITY_LABELS,
  AUTHORITY_ORDER,
  CATEGORY_LABELS,
  STATUS_LABELS,
  VERDICT_LABELS,
  options,
} from "../labels";
import { navigate, routeTo } from "../router";
import { people, personName } from "../session";
import { fullTime, relativeTime } from "../time";

/** Rows asked for first, so the first screen does not wait for the whole
 * list: a tall window's worth (about 21 rows at 1440 pixels), since each
 * row drawn before the first paint delays it, and the rest follows within
 * half a second at 10,000 contracts. */
export const FIRST_PAGE = 24;
/** Up to this many rows are all in the DOM (cheap, and the window's own
 * find-in-page sees them); beyond it only the rows in view are. */
export const WHOLE_LIST_LIMIT = 150;
/** A row's height in pixels before one is measured (matches the CSS). */
const ROW_HEIGHT = 57;
/** Rows kept in the DOM beyond the visible ones, each side: enough for a
 * wheel step, few enough that a search draws not many more than it shows. */
const OVERSCAN = 4;
/** The view's height before it is measured (jsdom has no layout). */
const DEFAULT_VIEWPORT = 600;

const collator = new Intl.Collator();
const count = new Intl.NumberFormat("en-US");

/** "10,008 contracts", "1 contract", and when filtered "2 of 8 contracts". */
export function countText(shown: number, total: number, filtered: boolean): string {
  const noun = (filtered ? total : shown) === 1 ? "contract" : "contracts";
  return filtered ? `${count.format(shown)} of ${count.format(total)} ${noun}` : `${count.format(shown)} ${noun}`;
}

/** The nearest ancestor that scrolls vertically; `null` when the window does. */
function scrollParent(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowY;
    if (overflow === "auto" || overflow === "scroll") return p;
  }
  return null;
}

/** Same summary as before (one JSON comparison): the old object is kept so its row is not drawn again. */
function keepUnchanged(next: ContractSummary[], previous: ContractSummary[] | null): ContractSummary[] {
  if (!previous) return next;
  const byId = new Map(previous.map((r) => [r.id, r]));
  return next.map((row) => {
    const old = byId.get(row.id);
    return old && JSON.stringify(old) === JSON.stringify(row) ? old : row;
  });
}

type SortKey = "title" | "id" | "status" | "authority" | "verdict" | "ceiling" | "category" | "updated";

const VERDICT_RANK: Record<Verdict, number> = { ready: 0, over_authorized: 1, not_ready: 2 };
const STATUS_RANK = Object.keys(STATUS_LABELS);
const rung = (a: Authority | null) => (a === null ? -1 : AUTHORITY_ORDER.indexOf(a));

/**
 * Ids are lowercase letters, digits and hyphens (the file format's rule),
 * for which code-unit order is a fine order and costs a fraction of a
 * collator's: it breaks every tie, so a sort by status compares ids often.
 */
const byId = (a: ContractSummary, b: ContractSummary) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** Categories in the collator's order of their labels, as numbers. */
const CATEGORY_RANK = Object.fromEntries(
  Object.entries(CATEGORY_LABELS)
    .sort(([, a], [, b]) => collator.compare(a, b))
    .map(([category], i) => [category, i]),
) as Record<WorkflowCategory, number>;

function compare(a: ContractSummary, b: ContractSummary, key: SortKey): number {
  switch (key) {
    case "title":
      return collator.compare(a.title, b.title);
    case "id":
      return byId(a, b);
    case "status":
      return STATUS_RANK.indexOf(a.status) - STATUS_RANK.indexOf(b.status);
    case "authority":
      return rung(a.authority) - rung(b.authority);
    case "ceiling":
      return rung(a.ceiling) - rung(b.ceiling);
    case "verdict":
      return VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict];
    case "category":
      return CATEGORY_RANK[a.category] - CATEGORY_RANK[b.category];
    case "updated":
      return a.updated_at.localeCompare(b.updated_at);
  }
}

/**
 * Performance marks for the window benchmark's launch → first row, each
 * left once per window and carrying the wall clock (`detail.at`), which the
 * benchmark compares with the process's start time: when the first page was
 * asked for (`-asked`), when the registry's first rows are in the DOM (Solid
 * draws them as the list is set) and when they have been painted (`-painted`,
 * two animation frames later).
 */
export const FIRST_ROWS_MARK = "warrant:first-rows";
const marked = new Set<string>();
function markOnce(name: string): void {
  if (marked.has(name) || typeof performance.mark !== "function") return;
  marked.add(name);
  performance.mark(name, { detail: { at: Date.now() } });
}
function markFirstRows(): void {
  markOnce(FIRST_ROWS_MARK);
  requestAnimationFrame(() => requestAnimationFrame(() => markOnce(`${FIRST_ROWS_MARK}-painted`)));
}

/** Owner e-mails of a row, each once, in role order. */
function ownerEmails(row: ContractSummary): string[] {
  const o = row.owners;
  return [...new Set([o.business, o.data, o.destination, o.exception].filter((e): e is string => !!e))];
}

export function Registry() {
  const [searchText, setSearchText] = createSignal("");
  const [search, setSearch] = createSignal("");
  const [status, setStatus] = createSignal<Status | "">("");
  const [authority, setAuthority] = createSignal<Authority | "">("");
  const [verdict, setVerdict] = createSignal<Verdict | "">("");
  const [category, setCategory] = createSignal<WorkflowCategory | "">("");
  const [owner, setOwner] = createSignal("");
  /** The whole list (its first page until the rest arrives), in no order. */
  const [all, setAll] = createSignal<ContractSummary[] | null>(null);
  /** True while `all` holds only the first page. */
  const [partial, setPartial] = createSignal(false);
  /** Ids the search text found; `null` when there is no search. */
  const [found, setFound] = createSignal<Set<string> | null>(null);
  /** The search text the rows shown answer (as `data-search`, for tests and the benchmark). */
  const [answered, setAnswered] = createSignal("");
  const [error, setError] = createSignal<WarrantError | null>(null);
  const [sortKey, setSortKey] = createSignal<SortKey>("title");
  const [sortAsc, setSortAsc] = createSignal(true);
  const [focusIndex, setFocusIndex] = createSignal(0);
  const [scrollTop, setScrollTop] = createSignal(0);
  const [viewport, setViewport] = createSignal(DEFAULT_VIEWPORT);
  const [rowHeight, setRowHeight] = createSignal(ROW_HEIGHT);
  let searchInput!: HTMLInputElement;
  let root!: HTMLDivElement;
  /** The element that scrolls the screen (the app's main area); `null`: the window. */
  let box: HTMLElement | null = null;
  let tbody: HTMLTableSectionElement | undefined;
  let thead: HTMLTableSectionElement | undefined;

  // Each keystroke searches at once (an FTS5 query of ids: milliseconds at
  // 10,000 contracts); the coalescing is in the effect below.
  const onSearchInput = (text: string) => {
    batch(() => {
      setSearchText(text);
      setSearch(text.trim());
    });
  };

  const filtering = () => search() !== "" || status() !== "" || authority() !== "" || verdict() !== "" || category() !== "" || owner() !== "";

  // Answers can arrive out of order (a reload while one is under way, a
  // search per keystroke): only the latest of each kind counts.
  let loadNo = 0;
  const load = (firstPageFirst: boolean) => {
    const mine = ++loadNo;
    const whole = () =>
      ipc.listContracts({}).then((list) => {
        if (mine !== loadNo) return;
        batch(() => {
          setAll((previous) => keepUnchanged(list, previous));
          setPartial(false);
          setError(null);
        });
      });
    if (firstPageFirst) markOnce(`${FIRST_ROWS_MARK}-asked`);
    // A first page shorter than asked is the whole list: one call is enough.
    const first = firstPageFirst
      ? ipc.listContracts({ limit: FIRST_PAGE }).then((page) => {
          if (mine !== loadNo) return;
          if (all() === null) {
            setAll(page);
            markFirstRows();
          }
          setPartial(page.length >= FIRST_PAGE);
          if (page.length >= FIRST_PAGE) return whole();
        })
      : whole();
    first.catch((e: WarrantError) => {
      if (mine === loadNo) setError(e);
    });
  };
  onMount(() => load(true));

  // One search question at a time: text typed while one is under way waits
  // and only the newest of it is asked next, so fast typing never queues a
  // question per letter behind the registry.
  let asking = false;
  let waitingText: string | null = null;
  const ask = (text: string) => {
    asking = true;
    ipc
      .searchContracts(text)
      .then((ids) => {
        if (waitingText !== null || search() !== text) return;
        batch(() => {
          setFound(new Set(ids));
          setAnswered(text);
        });
      })
      .catch((e: WarrantError) => {
        if (waitingText === null && search() === text) setError(e);
      })
      .finally(() => {
        asking = false;
        const next = waitingText;
        waitingText = null;
        if (next !== null && next === search()) ask(next);
      });
  };
  createEffect(
    on(search, (text) => {
      if (text === "") {
        waitingText = null;
        batch(() => {
          setFound(null);
          setAnswered("");
        });
        return;
      }
      if (asking) waitingText = text;
      else ask(text);
    }),
  );

  // Sorted once per list and column; filtering keeps that order, so a
  // keystroke or a filter never sorts again, and the other direction is the
  // same order read backwards (ties included), not a second sort.
  // Each column's order is kept until the list changes: going back to a
  // column sorted before costs nothing.
  let orders = new Map<SortKey, ContractSummary[]>();
  let ordersOf: ContractSummary[] | null = null;
  const ascending = createMemo(() => {
    const list = all() ?? [];
    const key = sortKey();
    if (list !== ordersOf) {
      orders = new Map();
      ordersOf = list;
    }
    let order = orders.get(key);
    if (!order) {
      order = [...list].sort((a, b) => compare(a, b, key) || byId(a, b));
      orders.set(key, order);
    }
    return order;
  });
  const sortedAll = createMemo(() => (sortAsc() ? ascending() : [...ascending()].reverse()));

  const sorted = createMemo(() => {
    const ids = found();
    const [s, a, v, c] = [status(), authority(), verdict(), category()];
    const who = owner().trim().toLowerCase();
    if (ids === null && !s && !a && !v && !c && !who) return sortedAll();
    return sortedAll().filter(
      (row) =>
        (ids === null || ids.has(row.id)) &&
        (!s || row.status === s) &&
        (!a || row.authority === a) &&
        (!v || row.verdict === v) &&
        (!c || row.category === c) &&
        (!who || ownerEmails(row).some((e) => e.toLowerCase() === who)),
    );
  });

  createEffect(on(sorted, (list) => setFocusIndex((i) => Math.min(i, Math.max(0, list.length - 1)))));

  const windowed = () => sorted().length > WHOLE_LIST_LIMIT;
  const range = createMemo(() => {
    const n = sorted().length;
    if (!windowed()) return { first: 0, last: n };
    const h = rowHeight();
    const first = Math.max(0, Math.floor(scrollTop() / h) - OVERSCAN);
    const last = Math.min(n, Math.ceil((scrollTop() + viewport()) / h) + OVERSCAN);
    return { first, last };
  });
  const shown = createMemo(() => sorted().slice(range().first, range().last));
  /** The row that takes Tab: the focused one, or the first drawn when it is scrolled away. */
  const tabStop = () => {
    const { first, last } = range();
    const i = focusIndex();
    return i >= first && i < last ? i : first;
  };

  // Rows have one height by the CSS; measuring the first drawn one keeps the
  // spacers exact whatever the fonts. Once per window width (a narrow
  // window has smaller type; zooming changes the width in CSS pixels), not
  // per search, sort or scroll: reading a size in the middle of an update
  // makes WebKit lay the page out once more before it paints.
  let measuredWidth: number | null = null;
  createEffect(
    on(shown, () => {
      if (measuredWidth === window.innerWidth) return;
      const tr = tbody?.querySelector<HTMLElement>("tr.registry-row");
      const h = tr?.getBoundingClientRect().height ?? 0;
      if (h <= 0) return;
      measuredWidth = window.innerWidth;
      if (Math.abs(h - rowHeight()) > 0.5) setRowHeight(h);
    }),
  );

  // The rows scroll with the page, not in a box of their own: in WebKitGTK
  // a nested scrolling box repainted at ~150 ms a frame here, the page at
  // ~30 ms (measured with scripts/bench-window.sh; ARCHITECTURE.md).
  const viewTop = () => (box ? box.getBoundingClientRect().top : 0);
  const viewHeight = () => (box ? box.clientHeight : window.innerHeight) || DEFAULT_VIEWPORT;
  /** How far the top of the rows is above the top of the view (negative: below it). */
  let scrolledInto = 0;
  const measureScroll = () => {
    if (!tbody) return;
    scrolledInto = viewTop() - tbody.getBoundingClientRect().top;
    setScrollTop(Math.max(0, scrolledInto));
  };
  // Found once the screen is in the document (at mount it may not be yet),
  // and looked for again before any use until then.
  let listening: HTMLElement | Window | null = null;
  let resized: ResizeObserver | null = null;
  const attach = () => {
    if (listening || !root.isConnected) return;
    box = scrollParent(root);
    listening = box ?? window;
    listening.addEventListener("scroll", measureScroll, { passive: true });
    setViewport(viewHeight());
    if (typeof ResizeObserver !== "undefined") {
      resized = new ResizeObserver(() => setViewport(viewHeight()));
      resized.observe(box ?? document.documentElement);
    }
  };
  onMount(() => {
    attach();
    if (!listening) requestAnimationFrame(attach);
  });
  onCleanup(() => {
    listening?.removeEventListener("scroll", measureScroll);
    resized?.disconnect();
  });
  // Rows drawn for the first time (or after an empty list) start where the view is.
  createEffect(
    on(windowed, (on) => {
      if (!on) return;
      queueMicrotask(() => {
        attach();
        measureScroll();
      });
    }),
  );

  const sortBy = (key: SortKey) => {
    if (sortKey() === key) setSortAsc(!sortAsc());
    else {
      setSortKey(key);
      setSortAsc(key !== "updated");
    }
  };

  const clearFilters = () => {
    setSearchText("");
    setSearch("");
    setStatus("");
    setAuthority("");
    setVerdict("");
    setCategory("");
    setOwner("");
    load(false);
  };

  const open = (id: string) => void navigate(routeTo("contract", id));

  /** Scrolls so row `index` is in view below the sticky header, and draws it. */
  const reveal = (index: number) => {
    if (!windowed()) return;
    attach();
    const h = rowHeight();
    const top = viewTop() + (thead?.offsetHeight ?? 0);
    const bottom = viewTop() + viewHeight();
    // From the scroll state, not a fresh measurement: the rows drawn are
    // placed from the same number.
    const rowTop = viewTop() - scrolledInto + index * h;
    const delta = rowTop < top ? rowTop - top : rowTop + h > bottom ? rowTop + h - bottom : 0;
    if (delta === 0) return;
    const scrolling = box ?? document.scrollingElement;
    if (scrolling) scrolling.scrollTop += delta;
    scrolledInto += delta;
    setScrollTop(Math.max(0, scrolledInto));
  };

  const focusRow = (index: number) => {
    const n = sorted().length;
    if (n === 0) return;
    const next = Math.max(0, Math.min(index, n - 1));
    setFocusIndex(next);
    reveal(next);
    tbody?.querySelector<HTMLElement>(`tr[data-index="${next}"]`)?.focus({ preventScroll: windowed() });
  };

  const onRowKey = (e: KeyboardEvent, index: number, id: string) => {
    switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        focusRow(index + 1);
        break;
      case "ArrowUp":
        e.preventDefault();
        focusRow(index - 1);
        break;
      case "Home":
        e.preventDefault();
        focusRow(0);
        break;
      case "End":
        e.preventDefault();
        focusRow(sorted().length - 1);
        break;
      case "Enter":
        e.preventDefault();
        open(id);
        break;
    }
  };

  onMount(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
      if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        searchInput.focus();
        searchInput.select();
      }
    };
    window.addEventListener("keydown", onKey);
    onCleanup(() => window.removeEventListener("keydown", onKey));
  });

  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sortKey() === key ? (sortAsc() ? "ascending" : "descending") : "none"}>
      <button type="button" class="sort-button" onClick={() => sortBy(key)}>
        {label}
        <span class="sort-mark" aria-hidden="true">
          {sortKey() === key ? (sortAsc() ? "▲" : "▼") : ""}
        </span>
      </button>
    </th>
  );

  const filterSelect = <K extends string>(
    label: string,
    value: () => K | "",
    set: (v: K | "") => void,
    labels: Record<K, string>,
    testid: string,
  ) => (
    <label class="filter">
      <span class="filter-label">{label}</span>
      <select class="input" data-testid={testid} value={value()} onChange={(e) => set(e.currentTarget.value as K | "")}>
        <option value="">Any</option>
        <For each={options(labels)}>{([key, text]) => <option value={key}>{text}</option>}</For>
      </select>
    </label>
  );

  const spacer = (height: () => number) => (
    <tr class="registry-spacer" aria-hidden="true">
      <td colSpan={8} style={{ height: `${height()}px` }} />
    </tr>
  );

  return (
    <div class="registry" ref={root}>
      <header class="screen-header">
        <div>
          <h1 class="screen-title">Registry</h1>
          <p class="muted" data-testid="registry-count" data-search={answered()}>
            {all() === null ? "Loading…" : partial() ? "Loading every contract…" : countText(sorted().length, all()!.length, filtering())}
          </p>
        </div>
        <button type="button" class="button button-primary" onClick={() => void navigate("new")}>
          New contract
        </button>
      </header>
      <div class="toolbar" role="search">
        <label class="search">
          <span class="visually-hidden">Search contracts</span>
          <input
            ref={searchInput}
            type="search"
            class="input search-input"
            data-testid="registry-search"
            placeholder="Search title, id, sources, owners…  ( / )"
            value={searchText()}
            onInput={(e) => onSearchInput(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown") {
                e.preventDefault();
                focusRow(0);
              } else if (e.key === "Escape" && searchText() !== "") {
                e.preventDefault();
                onSearchInput("");
              }
            }}
          />
        </label>
        {filterSelect("Status", status, setStatus, STATUS_LABELS, "filter-status")}
        {filterSelect("Authority", authority, setAuthority, AUTHORITY_LABELS, "filter-authority")}
        {filterSelect("Verdict", verdict, setVerdict, VERDICT_LABELS, "filter-verdict")}
        {filterSelect("Category", category, setCategory, CATEGORY_LABELS, "filter-category")}
        <label class="filter">
          <span class="filter-label">Owner</span>
          <select class="input" data-testid="filter-owner" value={owner()} onChange={(e) => setOwner(e.currentTarget.value)}>
            <option value="">Anyone</option>
            <For each={people()}>{(p) => <option value={p.email}>{p.name}</option>}</For>
          </select>
        </label>
      </div>
      <ErrorBanner error={error()} />
      <Show when={all() !== null && sorted().length === 0}>
        <Show
          when={filtering()}
          fallback={
            <div class="empty-state" data-testid="registry-empty">
              <h2 class="empty-title">No contracts yet</h2>
              <p>Write the first contract for one workflow, or import contract files your team already keeps.</p>
              <div class="empty-actions">
                <button type="button" class="button button-primary" onClick={() => void navigate("new")}>
                  New contract
                </button>
                <button type="button" class="button" onClick={() => void navigate("settings")}>
                  Import
                </button>
              </div>
            </div>
          }
        >
          <div class="empty-state" data-testid="registry-no-results">
            <h2 class="empty-title">No contract matches</h2>
            <p>Nothing fits this search and these filters.</p>
            <button type="button" class="button" onClick={clearFilters}>
              Clear search and filters
            </button>
          </div>
        </Show>
      </Show>
      <Show when={sorted().length > 0}>
        <div class="table-wrap registry-list" classList={{ "registry-windowed": windowed() }} data-testid="registry-list">
          <table class="table registry-table" aria-label="Contracts" aria-rowcount={sorted().length + 1} data-testid="registry-table">
            <colgroup>
              <col />
              <col />
              <col />
              <col />
              <col />
              <col />
              <col />
              <col />
            </colgroup>
            <thead ref={thead}>
              <tr aria-rowindex={1}>
                {header("title", "Title")}
                {header("status", "Status")}
                {header("authority", "Authority")}
                {header("verdict", "Verdict")}
                {header("ceiling", "Ceiling")}
                {header("category", "Category")}
                <th scope="col">Owners</th>
                {header("updated", "Last change")}
              </tr>
            </thead>
            <tbody ref={tbody}>
              <Show when={range().first > 0}>{spacer(() => range().first * rowHeight())}</Show>
              <For each={shown()}>
                {(row, slot) => {
                  const index = () => range().first + slot();
                  return (
                    <tr
                      class="registry-row"
                      data-testid="registry-row"
                      data-id={row.id}
                      data-index={index()}
                      aria-rowindex={index() + 2}
                      tabindex={index() === tabStop() ? 0 : -1}
                      onFocus={() => setFocusIndex(index())}
                      onClick={() => open(row.id)}
                      onKeyDown={(e) => onRowKey(e, index(), row.id)}
                    >
                      <td class="cell-title">
                        <span class="row-title" title={row.title}>
                          {row.title}
                        </span>
                        <span class="row-id mono">{row.id}</span>
                      </td>
                      <td class="cell-status">
                        {STATUS_LABELS[row.status]}
                        <Show when={pendingOfRow(row)}>
                          {(p) => (
                            <span
                              class="tag tag-pending"
                              data-testid="row-pending"
                              title={standingText(row.status, row.in_force_version ?? row.version, p())}
                            >
                              v{row.in_force_version} {STATUS_LABELS[row.status].toLowerCase()} · v{p().version} {STATUS_LABELS[p().status].toLowerCase()}
                            </span>
                          )}
                        </Show>
                        <Show when={row.overdue}>
                          <span class="tag tag-overdue" title={row.next_review ? `Review was due ${fullTime(row.next_review)}` : undefined}>
                            review overdue
                          </span>
                        </Show>
                      </td>
                      <td>{AUTHORITY_LABELS[row.authority]}</td>
                      <td>
                        <VerdictBadge verdict={row.verdict} />
                      </td>
                      <td>{row.ceiling ? AUTHORITY_LABELS[row.ceiling] : "—"}</td>
                      <td>{CATEGORY_LABELS[row.category]}</td>
                      <td class="cell-owners" title={ownerEmails(row).map(personName).join(", ")}>
                        <OwnerNames emails={ownerEmails(row)} />
                      </td>
                      <td class="cell-updated" title={fullTime(row.updated_at)}>
                        {relativeTime(row.updated_at)}
                        <span class="muted">by {personName(row.updated_by)}</span>
                      </td>
                    </tr>
                  );
                }}
              </For>
              <Show when={range().last < sorted().length}>{spacer(() => (sorted().length - range().last) * rowHeight())}</Show>
            </tbody>
          </table>
        </div>
        <p class="muted keyboard-hint">↑ ↓ move between rows · Home End jump · Enter opens · / searches</p>
      </Show>
    </div>
  );
}

/** The first owner by name and how many more; the cell's title lists them all. */
function OwnerNames(props: { emails: string[] }) {
  return (
    <Show when={props.emails.length > 0} fallback={<>—</>}>
      {personName(props.emails[0])}
      <Show when={props.emails.length > 1}>
        <span class="more-owners"> +{props.emails.length - 1}</span>
      </Show>
    </Show>
  );
}
