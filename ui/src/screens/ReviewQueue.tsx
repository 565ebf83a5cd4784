/**
 * The review queue (route `review`): the contracts in review that wait on
 * the acting person's approval, then every other contract in review. Each
 * row opens the review screen.
 */
import { createResource, Show } from "solid-js";
import type { ContractSummary } from "../bindings/ContractSummary";
import { ErrorBanner } from "../components/ErrorBanner";
import { PagedList } from "../components/PagedList";
import { VerdictBadge } from "../components/VerdictBadge";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { AUTHORITY_LABELS, CATEGORY_LABELS } from "../labels";
import { navigate, routeTo } from "../router";

/** Queue items drawn at first (a large registry can have hundreds in review). */
const QUEUE_PAGE = 100;

/** What waits on the acting person, then the rest of what is in review. */
export function ReviewQueue() {
  const [mine] = createResource(() => ipc.reviewQueue());
  const [inReview] = createResource(() => ipc.listContracts({ status: "in_review" }));
  const others = () => {
    const waiting = new Set((mine() ?? []).map((c) => c.id));
    return (inReview() ?? []).filter((c) => !waiting.has(c.id));
  };
  const row = (c: ContractSummary, testid: string) => (
    <li>
      <a
        class="queue-item"
        href={`#/${routeTo("review", c.id)}`}
        data-testid={testid}
        data-id={c.id}
        onClick={(e) => {
          e.preventDefault();
          void navigate(routeTo("review", c.id));
        }}
      >
        <span class="queue-title">{c.title}</span>
        <span class="queue-meta">
          <VerdictBadge verdict={c.verdict} /> asks for {AUTHORITY_LABELS[c.authority]} ·{" "}
          {c.ceiling ? `its data and owners would support up to ${AUTHORITY_LABELS[c.ceiling]}` : "its data and owners support no authority yet"} · version{" "}
          {c.version} · {CATEGORY_LABELS[c.category]}
        </span>
      </a>
    </li>
  );
  return (
    <div class="review-queue">
      <header class="screen-header">
        <div>
          <h1 class="screen-title">Review</h1>
          <p class="muted">Contracts in review. Approval needs both the business owner and the data owner of the version.</p>
        </div>
      </header>
      <ErrorBanner error={((mine.error ?? inReview.error) as WarrantError | undefined) ?? null} />
      <section class="card" aria-labelledby="queue-mine-title">
        <h2 class="section-title" id="queue-mine-title">
          Waiting on you{mine() ? ` (${mine()!.length})` : ""}
        </h2>
        <Show when={mine()} fallback={<p class="muted">Loading…</p>}>
          {(list) => (
            <Show when={list().length > 0} fallback={<p class="muted" data-testid="queue-empty">Nothing waits on your approval.</p>}>
              <PagedList items={list()} page={QUEUE_PAGE} class="queue-list" testid="queue-more">
                {(c) => row(c, "queue-item")}
              </PagedList>
            </Show>
          )}
        </Show>
      </section>
      <Show when={others().length > 0}>
        <section class="card" aria-labelledby="queue-others-title">
          <h2 class="section-title" id="queue-others-title">
            Also in review
          </h2>
          <PagedList items={others()} page={QUEUE_PAGE} class="queue-list" testid="queue-other-more">
            {(c) => row(c, "queue-other")}
          </PagedList>
        </section>
      </Show>
    </div>
  );
}
