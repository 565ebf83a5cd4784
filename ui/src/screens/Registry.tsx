/**
 * The registry: every contract in one table, searchable as you type and
 * filterable by status, authority, verdict, category and owner, sortable by
 * column. Arrow keys move between rows, Enter opens one, `/` jumps to search.
 */
import { createEffect, createMemo, createSignal, For, onCleanup, onMount, Show } from "solid-js";
import type { Authority } from "../bindings/Authority";
import type { ContractSummary } from "../bindings/ContractSummary";
import type { ListQuery } from "../bindings/ListQuery";
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

/** Pause after the last keystroke before searching. */
const SEARCH_DELAY_MS = 120;

type SortKey = "title" | "id" | "status" | "authority" | "verdict" | "ceiling" | "category" | "updated";

const VERDICT_RANK: Record<Verdict, number> = { ready: 0, over_authorized: 1, not_ready: 2 };
const STATUS_RANK = Object.keys(STATUS_LABELS);
const rung = (a: Authority | null) => (a === null ? -1 : AUTHORITY_ORDER.indexOf(a));

function compare(a: ContractSummary, b: ContractSummary, key: SortKey): number {
  switch (key) {
    case "title":
      return a.title.localeCompare(b.title);
    case "id":
      return a.id.localeCompare(b.id);
    case "status":
      return STATUS_RANK.indexOf(a.status) - STATUS_RANK.indexOf(b.status);
    case "authority":
      return rung(a.authority) - rung(b.authority);
    case "ceiling":
      return rung(a.ceiling) - rung(b.ceiling);
    case "verdict":
      return VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict];
    case "category":
      return CATEGORY_LABELS[a.category].localeCompare(CATEGORY_LABELS[b.category]);
    case "updated":
      return a.updated_at.localeCompare(b.updated_at);
  }
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
  const [rows, setRows] = createSignal<ContractSummary[] | null>(null);
  const [error, setError] = createSignal<WarrantError | null>(null);
  const [sortKey, setSortKey] = createSignal<SortKey>("title");
  const [sortAsc, setSortAsc] = createSignal(true);
  const [focusIndex, setFocusIndex] = createSignal(0);
  let searchInput!: HTMLInputElement;
  let tbody!: HTMLTableSectionElement;

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const onSearchInput = (text: string) => {
    setSearchText(text);
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => setSearch(text.trim()), SEARCH_DELAY_MS);
  };
  onCleanup(() => clearTimeout(searchTimer));

  const filtering = () => search() !== "" || status() !== "" || authority() !== "" || verdict() !== "" || category() !== "" || owner() !== "";

  // Answers can arrive out of order while typing; only the latest counts.
  let requestNo = 0;
  createEffect(() => {
    const query: ListQuery = {};
    if (search()) query.search = search();
    if (status()) query.status = status() as Status;
    if (authority()) query.authority = authority() as Authority;
    if (verdict()) query.verdict = verdict() as Verdict;
    if (category()) query.category = category() as WorkflowCategory;
    if (owner()) query.owner = owner();
    const mine = ++requestNo;
    ipc
      .listContracts(query)
      .then((list) => {
        if (mine !== requestNo) return;
        setRows(list);
        setError(null);
        setFocusIndex((i) => Math.min(i, Math.max(0, list.length - 1)));
      })
      .catch((e: WarrantError) => {
        if (mine === requestNo) setError(e);
      });
  });

  const sorted = createMemo(() => {
    const list = [...(rows() ?? [])];
    const key = sortKey();
    const dir = sortAsc() ? 1 : -1;
    return list.sort((a, b) => compare(a, b, key) * dir || a.id.localeCompare(b.id));
  });

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
  };

  const open = (id: string) => void navigate(routeTo("contract", id));

  const focusRow = (index: number) => {
    const list = sorted();
    if (list.length === 0) return;
    const next = Math.max(0, Math.min(index, list.length - 1));
    setFocusIndex(next);
    tbody.querySelectorAll<HTMLElement>("tr")[next]?.focus();
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

  return (
    <div class="registry">
      <header class="screen-header">
        <div>
          <h1 class="screen-title">Registry</h1>
          <p class="muted" data-testid="registry-count">
            {rows() === null ? "Loading…" : `${rows()!.length} ${rows()!.length === 1 ? "contract" : "contracts"}`}
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
      <Show when={rows() !== null && rows()!.length === 0}>
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
        <div class="table-wrap">
          <table class="table registry-table" aria-label="Contracts" aria-rowcount={sorted().length}>
            <thead>
              <tr>
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
              <For each={sorted()}>
                {(row, index) => (
                  <tr
                    class="registry-row"
                    data-testid="registry-row"
                    data-id={row.id}
                    tabindex={index() === focusIndex() ? 0 : -1}
                    onFocus={() => setFocusIndex(index())}
                    onClick={() => open(row.id)}
                    onKeyDown={(e) => onRowKey(e, index(), row.id)}
                  >
                    <td class="cell-title">
                      <span class="row-title">{row.title}</span>
                      <span class="row-id mono">{row.id}</span>
                    </td>
                    <td>
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
                )}
              </For>
            </tbody>
          </table>
        </div>
        <p class="muted keyboard-hint">↑ ↓ move between rows · Enter opens · / searches</p>
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
