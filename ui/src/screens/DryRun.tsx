/**
 * The dry-run screen, route `#/dryrun/<id>`: run the saved
 * contract over sample records — the sample shipped for the examples and
 * templates, or a CSV / JSON lines file picked in the native dialog — and
 * see the counts and every record's identifying columns, outcome and
 * reason, filtered by outcome and exported as CSV. Before a run it lists
 * the columns the contract reads. Big files show a progress bar with
 * Cancel; every completed run is kept with the contract and listed under
 * "Earlier runs".
 */
import { createMemo, createResource, createSignal, For, onCleanup, Show } from "solid-js";
import type { ColumnRead } from "../bindings/ColumnRead";
import type { DryRunOutcome } from "../bindings/DryRunOutcome";
import type { DryRunProgress } from "../bindings/DryRunProgress";
import type { Outcome } from "../bindings/Outcome";
import type { RecordOutcome } from "../bindings/RecordOutcome";
import { ErrorBanner } from "../components/ErrorBanner";
import { ProgressBar } from "../components/ProgressBar";
import { VirtualTable } from "../components/VirtualTable";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { navigate, routeTo } from "../router";
import { personName } from "../session";
import { showToast } from "../toast";
import { fullTime } from "../time";

export const OUTCOME_LABELS: Record<Outcome, string> = {
  eligible: "Eligible",
  review: "Review",
  suppressed: "Suppressed",
};

/** Pixel height of one result row (matches `.vtable-row` in the CSS). */
const ROW_HEIGHT = 34;
const TABLE_HEIGHT = 340;

const number = (n: number) => n.toLocaleString("en-US");

export function DryRun(props: { id: string }) {
  const [view] = createResource(() => props.id, ipc.getContract);
  const [sample] = createResource(() => props.id, ipc.dryRunSample);
  const [history, { refetch: refetchHistory }] = createResource(() => props.id, ipc.listDryRuns);
  const [running, setRunning] = createSignal(false);
  const [cancelling, setCancelling] = createSignal(false);
  const [progress, setProgress] = createSignal<DryRunProgress | null>(null);
  const [outcome, setOutcome] = createSignal<DryRunOutcome | null>(null);
  const [error, setError] = createSignal<WarrantError | null>(null);
  // What the conditions read, before any file is chosen. Not knowing it
  // leaves the run itself possible, so a failure only hides the list.
  const [columns, setColumns] = createSignal<ColumnRead[]>([]);
  void ipc
    .dryRunColumns(props.id)
    .then(setColumns)
    .catch(() => setColumns([]));

  let stopListening: (() => void) | undefined;
  onCleanup(() => stopListening?.());

  const start = async (source: { sample: boolean }) => {
    setRunning(true);
    setCancelling(false);
    setProgress(null);
    setError(null);
    try {
      stopListening ??= await ipc.onDryRunProgress((p) => {
        if (p.contract_id === props.id) setProgress(p);
      });
      const result = await ipc.runDryRun(props.id, source);
      if (!result) {
        showToast("Dry run cancelled: no file was chosen");
        return;
      }
      setOutcome(result);
      if (result.result.cancelled) showToast("Dry run stopped; it was not kept");
      else {
        const version = result.stored?.version;
        showToast(
          result.changed_to !== null && version !== undefined
            ? `Dry run kept against version ${version}, which it evaluated; the contract changed during the run and is now version ${result.changed_to}`
            : `Dry run kept: ${number(result.result.total)} ${result.result.total === 1 ? "row" : "rows"}`,
        );
        void refetchHistory();
      }
    } catch (e) {
      setError(e as WarrantError);
    } finally {
      setRunning(false);
    }
  };

  const cancel = async () => {
    setCancelling(true);
    try {
      await ipc.cancelDryRun();
    } catch (e) {
      setError(e as WarrantError);
    }
  };

  const title = () => view()?.stored.contract.title ?? props.id;

  return (
    <div class="dryrun">
      <header class="screen-header">
        <div>
          <h1 class="screen-title">Dry run: {title()}</h1>
          <p class="muted">
            Runs version {view()?.stored.version ?? "…"} of <span class="mono">{props.id}</span> over sample records. Nothing is
            sent anywhere; each record gets the outcome the contract would give it.
          </p>
        </div>
        <button type="button" class="button" data-testid="dryrun-back" onClick={() => void navigate(routeTo("contract", props.id))}>
          Back to the contract
        </button>
      </header>
      <ErrorBanner error={error() ?? (view.error as WarrantError | undefined) ?? null} onDismiss={() => setError(null)} />

      <section class="card dryrun-source" aria-label="Sample records">
        <div class="dryrun-buttons">
          <Show when={sample()}>
            {(name) => (
              <button
                type="button"
                class="button button-primary"
                data-testid="dryrun-sample"
                disabled={running()}
                onClick={() => void start({ sample: true })}
              >
                Run on the shipped sample ({name()})
              </button>
            )}
          </Show>
          <button
            type="button"
            class={sample() ? "button" : "button button-primary"}
            data-testid="dryrun-file"
            disabled={running()}
            onClick={() => void start({ sample: false })}
          >
            Choose a records file…
          </button>
        </div>
        <p class="field-hint">
          CSV with a header row, or JSON lines (.jsonl). Up to a million records; the first 10,000 are listed, the counts cover all.
        </p>
        <Show when={columns().length > 0}>
          <div class="dryrun-columns" data-testid="dryrun-columns">
            <h2 class="section-title" id="dryrun-columns-title">
              Columns this contract reads
            </h2>
            <p class="field-hint">A records file needs these columns; a record without one goes to review, naming it.</p>
            <ul aria-labelledby="dryrun-columns-title">
              <For each={columns()}>
                {(c) => (
                  <li data-testid="dryrun-column" data-column={c.column}>
                    <code>{c.column}</code> <span class="muted">— {c.read_by.join(", ")}</span>
                  </li>
                )}
              </For>
            </ul>
          </div>
        </Show>
        <Show when={running()}>
          <ProgressBar
            testid="dryrun-progress"
            value={progress()?.bytes ?? 0}
            max={progress()?.total_bytes ?? 0}
            label={progress() ? `${number(progress()!.rows)} records read` : "Reading records…"}
            onCancel={() => void cancel()}
            cancelling={cancelling()}
          />
        </Show>
      </section>

      <Show when={outcome()}>
        {(o) => <DryRunResultView id={props.id} outcome={o()} />}
      </Show>

      <section class="card" aria-labelledby="dryrun-history-title">
        <h2 class="section-title" id="dryrun-history-title">
          Earlier runs
        </h2>
        <Show when={(history() ?? []).length > 0} fallback={<p class="muted">No dry run is kept for this contract yet.</p>}>
          <table class="table dryrun-history">
            <thead>
              <tr>
                <th>When</th>
                <th>File</th>
                <th>Version</th>
                <th class="num">Rows</th>
                <th class="num">Eligible</th>
                <th class="num">Review</th>
                <th class="num">Suppressed</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              <For each={history() ?? []}>
                {(run) => {
                  const counts = run.counts;
                  return (
                    <tr data-testid="dryrun-history-row">
                      <td>{fullTime(run.at)}</td>
                      <td class="mono" title={`SHA-256 ${run.file_hash}`}>
                        {run.file_name}
                      </td>
                      <td>{run.version}</td>
                      <td class="num">{number(run.row_count)}</td>
                      <td class="num">{number(counts.eligible)}</td>
                      <td class="num">{number(counts.review)}</td>
                      <td class="num">{number(counts.suppressed)}</td>
                      <td>{personName(run.run_by)}</td>
                    </tr>
                  );
                }}
              </For>
            </tbody>
          </table>
        </Show>
      </section>
    </div>
  );
}

type Filter = Outcome | "all";

function DryRunResultView(props: { id: string; outcome: DryRunOutcome }) {
  const [filter, setFilter] = createSignal<Filter>("all");
  const [exporting, setExporting] = createSignal(false);
  const r = () => props.outcome.result;
  const shown = createMemo(() => (filter() === "all" ? r().records : r().records.filter((row) => row.outcome === filter())));
  const idColumns = () => r().id_columns ?? [];
  const filters = (): Array<[Filter, string, number]> => [
    ["all", "All", r().records.length],
    ...(["eligible", "review", "suppressed"] as Outcome[]).map(
      (o) => [o, OUTCOME_LABELS[o], r().records.filter((row) => row.outcome === o).length] as [Filter, string, number],
    ),
  ];
  const exportCsv = async () => {
    setExporting(true);
    try {
      const saved = await ipc.exportDryRun(props.id, filter() === "all" ? null : (filter() as Outcome));
      if (saved) showToast(`Saved ${number(saved.rows)} ${saved.rows === 1 ? "record" : "records"} to ${saved.path}`);
    } catch (e) {
      showToast("Not exported: " + (e as WarrantError).message, "error");
    } finally {
      setExporting(false);
    }
  };
  // total = eligible + review + suppressed + malformed: every row is counted,
  // and the records evaluated are the rows that could be read.
  const evaluated = () => r().total - r().malformed.total;
  const counts = (): Array<[string, string, number]> => [
    ["total", "Rows", r().total],
    ["eligible", "Eligible", r().eligible],
    ["review", "Review", r().review],
    ["suppressed", "Suppressed", r().suppressed],
    ...(r().malformed.total > 0 ? [["malformed", "Malformed", r().malformed.total] as [string, string, number]] : []),
  ];
  return (
    <section class="card dryrun-result" aria-labelledby="dryrun-result-title" data-testid="dryrun-result">
      <h2 class="section-title" id="dryrun-result-title">
        {props.outcome.file_name}
        <Show when={r().cancelled}>
          <span class="badge badge-warn">Stopped early: counts cover the records read</span>
        </Show>
      </h2>
      <dl class="dryrun-counts">
        <For each={counts()}>
          {([key, label, value]) => (
            <div class={`dryrun-count dryrun-count-${key}`} data-testid="dryrun-count" data-outcome={key} data-value={value}>
              <dt>{label}</dt>
              <dd>{number(value)}</dd>
            </div>
          )}
        </For>
      </dl>
      <ul class="dryrun-notes">
        <For each={Object.entries(r().by_rule)}>
          {([rule, n]) => (
            <li>
              Rule “{rule}”: {number(n)} {n === 1 ? "record" : "records"}
            </li>
          )}
        </For>
        <For each={Object.entries(r().by_rule_failed ?? {})}>
          {([rule, n]) => (
            <li>
              Rule “{rule}”: its condition could not be checked on {number(n)} {n === 1 ? "record" : "records"}
            </li>
          )}
        </For>
        <For each={Object.entries(r().by_threshold)}>
          {([threshold, n]) => (
            <li>
              Threshold {threshold}: {number(n)} sent to review
            </li>
          )}
        </For>
        <Show when={r().unconditioned_rules > 0}>
          <li>
            {r().unconditioned_rules} suppression {r().unconditioned_rules === 1 ? "rule has" : "rules have"} no condition and
            {r().unconditioned_rules === 1 ? " was" : " were"} not applied.
          </li>
        </Show>
        <Show when={r().malformed.total > 0}>
          <li class="field-error">
            {number(r().malformed.total)} {r().malformed.total === 1 ? "row" : "rows"} could not be read and {r().malformed.total === 1 ? "is" : "are"} counted as malformed
            <Show when={r().malformed.rows[0]}>{(m) => <> (first: row {m().row}: {m().message})</>}</Show>
          </li>
        </Show>
      </ul>
      <Show when={r().records.length < evaluated()}>
        <p class="muted">
          Listing the first {number(r().records.length)} of {number(evaluated())} records.
        </p>
      </Show>
      <div class="dryrun-tools">
        <div class="segmented" role="group" aria-label="Show records">
          <For each={filters()}>
            {([key, label, n]) => (
              <button
                type="button"
                class="segment"
                aria-pressed={filter() === key ? "true" : "false"}
                data-testid="dryrun-filter"
                data-filter={key}
                onClick={() => setFilter(key)}
              >
                {label} ({number(n)})
              </button>
            )}
          </For>
        </div>
        <button type="button" class="button" data-testid="dryrun-export" disabled={exporting()} onClick={() => void exportCsv()}>
          {exporting() ? "Exporting…" : filter() === "all" ? "Export CSV…" : `Export ${OUTCOME_LABELS[filter() as Outcome].toLowerCase()} as CSV…`}
        </button>
      </div>
      <Show when={shown().length > 0} fallback={<p class="muted" data-testid="dryrun-none">No listed record has this outcome.</p>}>
        <VirtualTable<RecordOutcome>
          label="Records and their outcome"
          testid="dryrun-table"
          rows={shown()}
          rowHeight={ROW_HEIGHT}
          height={Math.min(TABLE_HEIGHT, Math.max(ROW_HEIGHT, shown().length * ROW_HEIGHT))}
          rowAttrs={(row) => ({ "data-testid": "dryrun-row", "data-outcome": row.outcome, "data-row": String(row.row) })}
          columns={[
            { header: "Row", width: "4.5rem", cell: (row) => <span class="mono">{row.row}</span> },
            ...idColumns().map((name, i) => ({
              header: name,
              width: "minmax(8rem, 1fr)",
              cell: (row: RecordOutcome) => (
                <span class="mono" title={row.ids?.[i] ?? ""} data-testid="dryrun-id">
                  {row.ids?.[i] ?? ""}
                </span>
              ),
            })),
            {
              header: "Outcome",
              width: "7.5rem",
              cell: (row) => <span class={`outcome outcome-${row.outcome}`}>{OUTCOME_LABELS[row.outcome]}</span>,
            },
            { header: "Reason", width: "2fr", cell: (row) => <span title={row.reason}>{row.reason}</span> },
          ]}
        />
      </Show>
    </section>
  );
}
