/**
 * The audit log: every event of the append-only trail, newest
 * first, filtered by contract, person and kind, each told in plain words
 * with its field-level changes; and a button that checks the hash chain
 * and shows the head (hash and event count) to write down elsewhere.
 *
 * The backend filters and pages (`audit_page`): the screen holds only the
 * pages shown, so a trail of a million events opens as fast as one of forty.
 */
import { createEffect, createResource, createSignal, For, on, Show } from "solid-js";
import type { AuditEvent } from "../bindings/AuditEvent";
import type { AuditQuery } from "../bindings/AuditQuery";
import type { AuditVerification } from "../bindings/AuditVerification";
import { ErrorBanner } from "../components/ErrorBanner";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { STATUS_LABELS } from "../labels";
import { personName } from "../session";
import { fullTime } from "../time";

/** Events loaded and rendered at first; "Show more" adds this many each time. */
const PAGE = 200;
const number = new Intl.NumberFormat("en-US");

export const KIND_LABELS: Record<string, string> = {
  contract_created: "Contract created",
  contract_edited: "Contract edited",
  status_changed: "Status changed",
  review: "Review",
  dry_run: "Dry run",
  import: "Import",
  export: "Export",
  rollback: "Rollback",
  person_added: "Person added",
  person_edited: "Person edited",
  person_deleted: "Person deleted",
  setting_changed: "Setting changed",
  review_cadence_changed: "Review cadence changed",
  seed: "Registry created",
};

type Payload = Record<string, unknown>;

const str = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v));
const statusWord = (v: unknown) => STATUS_LABELS[v as keyof typeof STATUS_LABELS] ?? str(v);

/** The event's content as lines of plain words; field changes as "field: change". */
export function describeEvent(event: AuditEvent): string[] {
  const p = (event.payload ?? {}) as Payload;
  switch (event.kind) {
    case "contract_created":
      return [`Created “${str(p.title)}” asking for ${str(p.authority)} (${statusWord(p.status || "draft")}).`];
    case "contract_edited": {
      const changes = Array.isArray(p.changes) ? (p.changes as Array<{ field: string; change: string }>) : [];
      if (changes.length === 0) return [str(p.summary) || "Saved without changes."];
      return changes.map((c) => `${c.field}: ${c.change}`);
    }
    case "status_changed": {
      const lines = [`${statusWord(p.from)} → ${statusWord(p.to)}${p.action ? ` (${str(p.action).replace("_", " ")})` : ""}`];
      if (p.reason) lines.push(`Reason: ${str(p.reason)}`);
      if (p.comment) lines.push(`Comment: ${str(p.comment)}`);
      return lines;
    }
    case "review": {
      const decision = p.decision === "approve" ? "Approved" : "Asked for changes";
      const lines = [`${decision} as ${str(p.role)}.`];
      if (p.comment) lines.push(`Comment: ${str(p.comment)}`);
      return lines;
    }
    case "dry_run": {
      const c = (p.counts ?? {}) as Payload;
      return [
        `${str(p.file_name)}: ${str(p.row_count)} rows — ${str(c.eligible ?? 0)} eligible, ${str(c.review ?? 0)} to review, ${str(c.suppressed ?? 0)} suppressed.`,
      ];
    }
    case "rollback":
      return [`Reverted: ${str(p.what)}`];
    case "export": {
      const ids = Array.isArray(p.ids) ? (p.ids as string[]) : [];
      return [`Exported ${ids.length} ${ids.length === 1 ? "contract" : "contracts"} as ${str(p.format)}: ${ids.join(", ")}`];
    }
    case "import":
    case "seed": {
      const files = Array.isArray(p.files) ? (p.files as Array<{ name: string; id: string; outcome: string }>) : [];
      const lines = files.map((f) => `${f.id}: ${f.outcome.replace("_", " ")}`);
      const added = Array.isArray(p.people_added) ? (p.people_added as string[]) : [];
      if (added.length > 0) lines.push(`People added: ${added.join(", ")}`);
      return lines.length > 0 ? lines : ["Nothing changed."];
    }
    case "person_edited": {
      const changes = Array.isArray(p.changes) ? (p.changes as Array<{ field: string; change: string }>) : [];
      return [`${str(p.email)}`, ...changes.map((c) => `${c.field}: ${c.change}`)];
    }
    case "review_cadence_changed":
      return [`Review every ${str(p.from_days)} → ${str(p.to_days)} days`];
    case "setting_changed":
      return [`${str(p.key)}: ${str(p.from) || "—"} → ${str(p.to ?? p.value)}`];
    default: {
      const entries = Object.entries(p);
      return entries.length === 0 ? [] : entries.map(([k, v]) => `${k}: ${str(v)}`);
    }
  }
}

const when = fullTime;

export function AuditLog() {
  const [contractId, setContractId] = createSignal<string>("");
  const [person, setPerson] = createSignal<string>("");
  const [kind, setKind] = createSignal<string>("");
  const [verification, setVerification] = createSignal<AuditVerification | null>(null);
  const [verifying, setVerifying] = createSignal(false);
  const [error, setError] = createSignal<WarrantError | null>(null);
  const [shownEvents, setShownEvents] = createSignal<AuditEvent[]>([]);
  const [total, setTotal] = createSignal(0);
  const [actors, setActors] = createSignal<string[]>([]);
  const [kinds, setKinds] = createSignal<string[]>([]);
  const [loadError, setLoadError] = createSignal<WarrantError | null>(null);
  const [loadingMore, setLoadingMore] = createSignal(false);

  const [contracts] = createResource(() => ipc.listContracts({}));

  const query = (before: number | null): AuditQuery => {
    const q: AuditQuery = { limit: PAGE };
    if (contractId()) q.contract_id = contractId();
    if (person()) q.actor = person();
    if (kind()) q.kind = kind();
    if (before !== null) q.before_seq = before;
    return q;
  };

  // A filter changed: the first page again. Only the latest answer counts.
  let requestNo = 0;
  createEffect(
    on([contractId, person, kind], () => {
      const mine = ++requestNo;
      ipc
        .auditPage(query(null))
        .then((page) => {
          if (mine !== requestNo) return;
          setShownEvents(page.events);
          setTotal(page.total);
          setActors(page.actors);
          setKinds(page.kinds);
          setLoadError(null);
        })
        .catch((e: WarrantError) => {
          if (mine === requestNo) setLoadError(e);
        });
    }),
  );

  const showMore = () => {
    const last = shownEvents().at(-1);
    if (!last || loadingMore()) return;
    const mine = requestNo;
    setLoadingMore(true);
    ipc
      .auditPage(query(last.seq))
      .then((page) => {
        if (mine === requestNo) setShownEvents((list) => [...list, ...page.events]);
      })
      .catch((e: WarrantError) => setLoadError(e))
      .finally(() => setLoadingMore(false));
  };

  const verify = async () => {
    setVerifying(true);
    try {
      setVerification(await ipc.verifyAudit());
      setError(null);
    } catch (e) {
      setError(e as WarrantError);
    } finally {
      setVerifying(false);
    }
  };

  return (
    <div class="audit-log">
      <header class="screen-header">
        <h1 class="screen-title">Audit log</h1>
        <button type="button" class="button button-primary" data-testid="audit-verify" disabled={verifying()} onClick={() => void verify()}>
          {verifying() ? "Checking…" : "Verify audit trail"}
        </button>
      </header>
      <ErrorBanner error={error() ?? loadError()} onDismiss={() => setError(null)} />
      <Show when={verification()}>
        {(v) => (
          <div
            class="banner"
            classList={{ "banner-ok": v().intact, "banner-error": !v().intact }}
            role="status"
            data-testid="audit-verification"
            data-intact={String(v().intact)}
          >
            <Show
              when={v().intact}
              fallback={
                <Show
                  when={v().first_bad}
                  fallback={
                    <span data-testid="audit-state-mismatch">
                      The events are intact, but the stored records do not match them: {v().state_mismatches[0]?.what}:{" "}
                      {v().state_mismatches[0]?.reason}
                      <Show when={v().state_mismatches[0]?.seq != null}> (event #{v().state_mismatches[0]?.seq})</Show>.
                      <Show when={v().state_mismatches.length > 1}> {v().state_mismatches.length - 1} more.</Show>
                    </span>
                  }
                >
                  {(bad) => (
                    <span>
                      The trail is broken at event #{bad().seq}: {bad().reason}
                    </span>
                  )}
                </Show>
              }
            >
              <span>
                Intact: all {v().events} events are present, in order and unedited, and the stored contracts, versions,
                reviews, dry runs and people are what they say.
              </span>
            </Show>
            <span class="audit-head">
              Head <code class="mono" data-testid="audit-head">{v().head}:{v().events}</code>
            </span>
          </div>
        )}
      </Show>

      <div class="toolbar audit-filters">
        <label class="filter">
          <span class="filter-label">Contract</span>
          <select class="input" data-testid="audit-filter-contract" value={contractId()} onChange={(e) => setContractId(e.currentTarget.value)}>
            <option value="">Every contract (and people, settings)</option>
            <For each={contracts() ?? []}>{(c) => <option value={c.id}>{c.title} ({c.id})</option>}</For>
          </select>
        </label>
        <label class="filter">
          <span class="filter-label">Person</span>
          <select class="input" data-testid="audit-filter-person" value={person()} onChange={(e) => setPerson(e.currentTarget.value)}>
            <option value="">Anyone</option>
            <For each={actors()}>{(a) => <option value={a}>{personName(a)}</option>}</For>
          </select>
        </label>
        <label class="filter">
          <span class="filter-label">Kind</span>
          <select class="input" data-testid="audit-filter-kind" value={kind()} onChange={(e) => setKind(e.currentTarget.value)}>
            <option value="">Every kind</option>
            <For each={kinds()}>{(k) => <option value={k}>{KIND_LABELS[k] ?? k}</option>}</For>
          </select>
        </label>
        <span class="muted audit-count" data-testid="audit-count">
          {number.format(total())} {total() === 1 ? "event" : "events"}
        </span>
      </div>

      <Show when={shownEvents().length > 0} fallback={<p class="muted">No events match these filters.</p>}>
        <ol class="audit-events">
          <For each={shownEvents()}>
            {(event) => (
              <li class="audit-event" data-testid="audit-event" data-kind={event.kind} data-seq={event.seq} data-contract={event.contract_id ?? ""}>
                <div class="audit-event-head">
                  <span class="audit-seq mono">#{event.seq}</span>
                  <span class="audit-kind">{KIND_LABELS[event.kind] ?? event.kind}</span>
                  <Show when={event.contract_id}>
                    <span class="mono">
                      {event.contract_id}
                      <Show when={event.version !== null}> v{event.version}</Show>
                    </span>
                  </Show>
                  <span class="muted">
                    {personName(event.actor)} · {when(event.at)}
                  </span>
                </div>
                <ul class="audit-details">
                  <For each={describeEvent(event)}>{(line) => <li>{line}</li>}</For>
                </ul>
              </li>
            )}
          </For>
        </ol>
        <Show when={total() > shownEvents().length}>
          <button type="button" class="button" data-testid="audit-more" disabled={loadingMore()} onClick={showMore}>
            Show {number.format(Math.min(PAGE, total() - shownEvents().length))} more
          </button>
        </Show>
      </Show>
    </div>
  );
}
