/**
 * The review screen (route `review/<id>`): one contract version for the
 * executive sponsor or owner who signs it off. The first screen holds the
 * decision — what the AI will do, the authority it asks for against what its
 * data and owners would support, the next step and whose it is, who has
 * approved — beside Approve and Request changes; the details follow below:
 * on which records, what it leaves alone, where the output appears, who owns
 * it, how it is stopped and undone, the ladder of what is missing, the latest
 * dry run and the review history. It prints as a one-contract brief (see the
 * print rules in styles.css).
 *
 * The queue (route `review`) is `ReviewQueue.tsx`; the words both use are in
 * `review-labels.ts`.
 */
import { createEffect, createResource, createSignal, For, Match, on, Show, Switch, type JSX } from "solid-js";
import type { Contract } from "../bindings/Contract";
import type { NextStep } from "../bindings/NextStep";
import type { Person } from "../bindings/Person";
import type { ReviewDecision } from "../bindings/ReviewDecision";
import type { ReviewView } from "../bindings/ReviewView";
import type { TeamRecordRow } from "../bindings/TeamRecordRow";
import { ErrorBanner } from "../components/ErrorBanner";
import { Ladder } from "../components/Ladder";
import { VerdictBadge } from "../components/VerdictBadge";
import { WorksheetButton } from "../components/WorksheetButton";
import * as ipc from "../ipc";
import { standingText } from "../standing";
import type { WarrantError } from "../ipc";
import {
  AUDIT_RECORD_LABELS,
  AUTHORITY_LABELS,
  AUTHORITY_MEANING,
  CATEGORY_LABELS,
  DEFINITION_STATUS_LABELS,
  DESTINATION_SYSTEM_LABELS,
  ENTITY_LABELS,
  MATCHING_LABELS,
  SOURCE_ROLE_LABELS,
  SOURCE_SYSTEM_LABELS,
  STATUS_LABELS,
  SUPPRESSION_ACTION_LABELS,
  SUPPRESSION_CATEGORY_LABELS,
  TRUST_LABELS,
  VISIBLE_CONTEXT_LABELS,
} from "../labels";
import { DECISION_LABELS, hours, OWNER_ROLES, percent, ROLE_LABELS, rolesInWords, who } from "../review-labels";
import { navigate, routeTo, withQuery } from "../router";
import { appInfo, refreshWaiting } from "../session";
import { fullTime } from "../time";
import { showToast } from "../toast";

/** "Fix identity matching before routing — Dana Okafor, data owner". */
export function nextStepText(step: NextStep, people: Person[]): string {
  const role = ROLE_LABELS[step.role];
  const owner = step.owner ? who(people, step.owner)?.name : null;
  return owner ? `${step.action} — ${owner}, ${role}` : `${step.action} — no ${role} is named yet`;
}

function Section(props: { title: string; id: string; children: JSX.Element }) {
  return (
    <section class="review-section card" aria-labelledby={`review-${props.id}`} data-testid={`review-${props.id}`}>
      <h2 class="section-title" id={`review-${props.id}`}>
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

/** Text the contract leaves empty, said plainly instead of left blank. */
function Missing(props: { what: string }) {
  return <span class="review-missing">Not written down: {props.what}</span>;
}

export function ReviewScreen(props: { id: string }) {
  const [view, { refetch }] = createResource(() => props.id, ipc.getReview);
  // The window keeps its scroll across screens; each review starts at its title.
  createEffect(on(() => props.id, () => document.getElementById("main")?.scrollTo?.(0, 0)));
  return (
    <Switch>
      <Match when={view.error}>
        <div class="empty-state" role="alert">
          <h1 class="screen-title">Contract not available</h1>
          <p>{(view.error as WarrantError).message}</p>
          <button type="button" class="button" onClick={() => void navigate("review")}>
            Back to the review queue
          </button>
        </div>
      </Match>
      <Match when={view()}>{(v) => <ReviewPage view={v()} reload={() => void refetch()} />}</Match>
      <Match when={view.loading}>
        <p class="muted loading">Loading the review…</p>
      </Match>
    </Switch>
  );
}

export function ReviewPage(props: { view: ReviewView; reload: () => void }) {
  const c = (): Contract => props.view.stored.contract;
  const r = () => props.view.readiness;
  const life = () => props.view.lifecycle;
  const person = (email: string | null | undefined) => who(props.view.people, email);
  const openField = (field: string) => void navigate(withQuery(routeTo("contract", c().id), { field }));
  const dryRunCounts = (): Array<[string, number]> => {
    const counts = props.view.latest_dry_run?.counts;
    if (!counts) return [];
    return [
      ["eligible", counts.eligible],
      ["review", counts.review],
      ["suppressed", counts.suppressed],
      ["malformed", counts.malformed],
    ];
  };
  /** The version a review now concerns: the pending version once it is submitted. */
  const reviewed = () => {
    const p = life().pending;
    return p && (p.status === "in_review" || p.status === "approved") ? p.version : life().version;
  };
  const blocking = () => r().findings.filter((f) => f.blocking).length;

  return (
    <article class="review" data-testid="review" data-id={c().id} data-version={props.view.stored.version}>
      <header class="screen-header review-header">
        <div>
          <p class="review-kicker">
            Review · {CATEGORY_LABELS[c().workflow.category]} · version {props.view.stored.version}
          </p>
          <h1 class="screen-title title-clamp" data-testid="review-title">
            {c().title}
          </h1>
          <p class="review-meta">
            <span class="mono">{c().id}</span>
            <span class="status-pill" data-testid="review-status" data-status={life().status}>
              {STATUS_LABELS[life().status]}
            </span>
            <VerdictBadge verdict={r().verdict} testid="review-verdict" />
            <span class="muted" data-testid="review-standing">
              {standingText(life().status, life().version, life().pending)}
            </span>
            <span class="muted">
              Saved {fullTime(props.view.stored.saved_at)} by {person(props.view.stored.saved_by)?.name ?? props.view.stored.saved_by}
            </span>
          </p>
        </div>
        <div class="review-tools no-print">
          <WorksheetButton id={c().id} label="Print (worksheet PDF)" testid="review-print" />
          <button type="button" class="button" data-testid="review-edit" onClick={() => void navigate(routeTo("contract", c().id))}>
            Open in editor
          </button>
        </div>
      </header>

      <div class="review-top">
        <section class="card review-decision" data-testid="review-decision" aria-labelledby="review-decision-title">
          <h2 class="section-title" id="review-decision-title">
            The decision
          </h2>
          <dl class="facts decision-facts">
            <dt>What the AI will do</dt>
            <dd class="review-lead clamp-3" data-testid="review-what">
              {c().workflow.description?.trim() || <Missing what="the workflow" />}
            </dd>
            <dt>What changes</dt>
            <dd class="clamp-3">{c().workflow.decision?.trim() || <Missing what="the decision it changes" />}</dd>
            <dt>Authority</dt>
            <dd data-testid="review-authority" data-authority={c().authority}>
              Asks for <strong>{AUTHORITY_LABELS[c().authority]}</strong> — {AUTHORITY_MEANING[c().authority]}{" "}
              <span data-testid="review-supported" data-ceiling={r().ceiling ?? "none"} classList={{ "review-warn": r().verdict !== "ready" }}>
                {r().ceiling ? (
                  <>
                    Its data and owners would support up to <strong>{AUTHORITY_LABELS[r().ceiling!]}</strong>.
                  </>
                ) : (
                  "Its data and owners do not support even Suggest yet."
                )}
              </span>
            </dd>
            <dt>What is missing</dt>
            <dd data-testid="review-next-step" data-rule={props.view.next_step.rule ?? undefined}>
              <strong>{nextStepText(props.view.next_step, props.view.people)}</strong>
              <Show when={blocking() > 0}>
                <span class="muted">
                  {" "}
                  · {blocking() === 1 ? "1 rule blocks" : `${blocking()} rules block`} {AUTHORITY_LABELS[c().authority]}:{" "}
                  <a href="#review-ladder-title" class="link-button" onClick={(e) => { e.preventDefault(); document.getElementById("review-ladder-title")?.scrollIntoView(); }}>
                    see what is missing
                  </a>
                </span>
              </Show>
            </dd>
            <dt>Who has approved</dt>
            <dd data-testid="review-approvals">
              <ul class="approval-list">
                <For each={OWNER_ROLES.filter((role) => role.key === "business" || role.key === "data")}>
                  {(role) => {
                    const email = () => c().owners?.[role.key];
                    const approved = () =>
                      !!email() &&
                      props.view.reviews.some(
                        (rev) => rev.version === reviewed() && rev.decision === "approve" && rev.reviewer.toLowerCase() === email()!.toLowerCase(),
                      );
                    return (
                      <li data-testid="review-approval" data-role={role.key} data-approved={approved() ? "true" : "false"}>
                        <span class="review-owner-role">{role.label}</span>{" "}
                        <Show when={email()} fallback={<span class="review-warn">nobody named</span>}>
                          <strong>{person(email())!.name}</strong>
                        </Show>
                        {": "}
                        {approved() ? <span class="approval-done">✓ approved version {reviewed()}</span> : <span class="muted">not yet</span>}
                      </li>
                    );
                  }}
                </For>
              </ul>
            </dd>
          </dl>
        </section>
        <ReviewActions view={props.view} reload={props.reload} />
      </div>

      <div class="review-body">
        <div class="review-main">
          <Section title="On which records" id="records">
            <dl class="facts">
              <dt>Acts on</dt>
              <dd>
                {c().grain?.entity ? ENTITY_LABELS[c().grain!.entity!] : <Missing what="the kind of record" />}
                <Show when={(c().grain?.identifiers ?? []).length > 0}>
                  {" "}
                  identified by <span class="mono">{c().grain!.identifiers!.join(", ")}</span>
                </Show>
              </dd>
              <dt>Matching</dt>
              <dd>
                {c().grain?.matching ? MATCHING_LABELS[c().grain!.matching!] : <Missing what="how records are matched" />}
                <Show when={c().grain?.match_rate != null}>
                  {" "}
                  · matches {percent(c().grain!.match_rate)}
                  <Show when={c().grain?.match_rate_target != null}> against a target of {percent(c().grain!.match_rate_target)}</Show>
                </Show>
              </dd>
              <dt>Freshness</dt>
              <dd>
                <Show when={c().thresholds?.max_field_age_hours != null} fallback={<Missing what="the oldest usable data" />}>
                  Data no older than {hours(c().thresholds!.max_field_age_hours)}
                </Show>
                <Show when={c().thresholds?.sync_cadence?.trim()}> · syncs {c().thresholds!.sync_cadence}</Show>
                <Show when={c().thresholds?.output_expires_after_hours != null}>
                  {" "}
                  · output expires after {hours(c().thresholds!.output_expires_after_hours)}
                </Show>
              </dd>
              <dt>Confidence</dt>
              <dd>
                <Show when={c().thresholds?.min_confidence != null} fallback="No minimum score set.">
                  Below {c().thresholds!.min_confidence} goes to a person.
                </Show>
                <Show when={c().thresholds?.reason_codes_required}>
                  {" "}
                  A reason code is required: <span class="mono">{(c().thresholds?.reason_codes ?? []).join(", ") || "none listed yet"}</span>.
                </Show>
              </dd>
            </dl>
            <Show when={(c().sources ?? []).length > 0} fallback={<p><Missing what="the sources it reads" /></p>}>
              <table class="table review-table">
                <thead>
                  <tr>
                    <th scope="col">Source</th>
                    <th scope="col">Role</th>
                    <th scope="col">Trust</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Freshness</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={c().sources ?? []}>
                    {(s) => (
                      <tr>
                        <td>
                          <span class="mono user-text">{s.name}</span>
                          <Show when={s.system}>
                            <span class="muted"> · {SOURCE_SYSTEM_LABELS[s.system!]}</span>
                          </Show>
                        </td>
                        <td>{s.role ? SOURCE_ROLE_LABELS[s.role] : "—"}</td>
                        <td classList={{ "review-warn": s.trust !== "trusted" }}>{s.trust ? TRUST_LABELS[s.trust] : "Not said"}</td>
                        <td class="user-text">{person(s.owner)?.name ?? <span class="review-warn">Nobody</span>}</td>
                        <td>
                          {s.max_age_hours != null ? `at most ${hours(s.max_age_hours)} old` : "—"}
                          <Show when={s.last_synced_at}>
                            <span class="muted"> · synced {fullTime(s.last_synced_at!)}</span>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
            <Show when={(c().definitions ?? []).length > 0}>
              <p class="review-definitions">
                Definitions it depends on:{" "}
                <For each={c().definitions ?? []}>
                  {(d, i) => (
                    <>
                      {i() > 0 ? ", " : ""}
                      <span classList={{ "review-warn": d.status === "contested" }}>
                        {d.name} ({DEFINITION_STATUS_LABELS[d.status].toLowerCase()})
                      </span>
                    </>
                  )}
                </For>
              </p>
            </Show>
          </Section>

          <Section title="What it leaves alone" id="suppression">
            <Show when={(c().suppression ?? []).length > 0} fallback={<p><Missing what="records it must not touch" /></p>}>
              <ul class="review-list">
                <For each={c().suppression ?? []}>
                  {(rule) => (
                    <li>
                      <strong>{rule.name}</strong>
                      <span class="muted">
                        {" "}
                        · {rule.category ? SUPPRESSION_CATEGORY_LABELS[rule.category] : "uncategorised"} ·{" "}
                        {rule.action ? SUPPRESSION_ACTION_LABELS[rule.action] : "action not said"}
                      </span>
                      <Show when={rule.when?.trim()}>
                        <span class="mono review-condition">when {rule.when}</span>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </Section>

          <Section title="Where the output appears" id="destination">
            <dl class="facts">
              <dt>Lands in</dt>
              <dd>
                {c().destination?.system ? DESTINATION_SYSTEM_LABELS[c().destination!.system!] : <Missing what="the destination" />}
                <Show when={c().destination?.target?.trim()}>
                  {" "}
                  → <span class="mono">{c().destination!.target}</span>
                </Show>
              </dd>
              <dt>The user sees</dt>
              <dd>
                <For each={Object.entries(VISIBLE_CONTEXT_LABELS) as Array<[keyof typeof VISIBLE_CONTEXT_LABELS, string]>}>
                  {([key, label]) => {
                    const shown = (c().destination?.shows ?? []).includes(key);
                    return (
                      <span class="review-shows" classList={{ "review-warn": !shown }}>
                        {shown ? "✓" : "✕"} {label}
                      </span>
                    );
                  }}
                </For>
              </dd>
            </dl>
          </Section>

          <Section title="Who owns it" id="owners">
            <ul class="review-owners">
              <For each={OWNER_ROLES}>
                {(role) => {
                  const owner = person(c().owners?.[role.key]);
                  return (
                    <li data-testid="review-owner" data-role={role.key}>
                      <span class="review-owner-role">{role.label}</span>
                      <Show when={owner} fallback={<span class="review-warn">Nobody named</span>}>
                        {(o) => (
                          <>
                            <strong>{o().name}</strong>
                            <Show when={o().detail}>
                              <span class="muted"> · {o().detail}</span>
                            </Show>
                          </>
                        )}
                      </Show>
                      <span class="review-owner-does muted">{role.does}</span>
                    </li>
                  );
                }}
              </For>
            </ul>
          </Section>

          <Section title="How it is paused and undone" id="pause">
            <dl class="facts">
              <dt>To pause</dt>
              <dd>{c().exceptions?.pause_procedure?.trim() || <Missing what="how to pause it" />}</dd>
              <dt>To undo</dt>
              <dd>{c().exceptions?.rollback?.trim() || <Missing what="what gets reverted" />}</dd>
              <dt>Pause when</dt>
              <dd>
                <Show when={(c().exceptions?.pause_triggers ?? []).length > 0} fallback={<Missing what="what makes it pause" />}>
                  <ul class="review-list">
                    <For each={c().exceptions?.pause_triggers ?? []}>{(t) => <li>{t}</li>}</For>
                  </ul>
                </Show>
              </dd>
              <dt>Recorded</dt>
              <dd>
                {(c().audit?.records ?? []).map((rec) => AUDIT_RECORD_LABELS[rec]).join(", ") || <Missing what="the audit trail" />}
                <Show when={c().audit?.retention_days != null}> · kept {c().audit!.retention_days} days</Show>
              </dd>
            </dl>
          </Section>

          <Section title="Latest dry run" id="dryrun">
            <Show when={props.view.latest_dry_run} fallback={<p class="muted">No dry run recorded yet: nobody has tried it on real records in Warrant.</p>}>
              {(run) => (
                <>
                  <p>
                    {run().row_count} records from <span class="mono">{run().file_name}</span> on version {run().version}, {fullTime(run().at)} by{" "}
                    {person(run().run_by)?.name ?? run().run_by}.
                  </p>
                  <ul class="review-counts" data-testid="review-dryrun-counts">
                    <For each={dryRunCounts()}>
                      {([outcome, n]) => (
                        <li data-outcome={outcome}>
                          <span class="review-count">{n}</span> {outcome.replace(/_/g, " ")}
                        </li>
                      )}
                    </For>
                  </ul>
                </>
              )}
            </Show>
          </Section>
        </div>

        <aside class="review-side">
          <section class="card review-ladder" aria-labelledby="review-ladder-title">
            <h2 class="section-title" id="review-ladder-title">
              Authority and what is missing
            </h2>
            <Ladder readiness={r()} onField={openField} />
          </section>
          <section class="card review-history" data-testid="review-history" aria-labelledby="review-history-title">
            <h2 class="section-title" id="review-history-title">
              Review history
            </h2>
            <Show when={props.view.reviews.length > 0} fallback={<p class="muted">No reviews yet.</p>}>
              <ol class="history-list">
                <For each={props.view.reviews.map((rev, i) => ({ rev, signature: props.view.signatures?.[i] ?? null })).reverse()}>
                  {({ rev, signature }) => (
                    <li class="history-item" data-testid="review-row" data-decision={rev.decision} data-version={rev.version}>
                      <span class={`history-decision decision-${rev.decision}`}>{DECISION_LABELS[rev.decision]}</span>{" "}
                      <strong>{person(rev.reviewer)?.name ?? rev.reviewer}</strong>
                      <span class="muted">
                        {" "}
                        ({rolesInWords(rev.roles)}) · version {rev.version} · {fullTime(rev.at)}
                      </span>
                      <Show when={signature}>
                        {(sig) => <SignatureLine signature={sig()} name={person(sig().signer)?.name ?? sig().signer} />}
                      </Show>
                      <Show when={rev.comment.trim()}>
                        <blockquote class="history-comment">{rev.comment}</blockquote>
                      </Show>
                    </li>
                  )}
                </For>
              </ol>
            </Show>
            <Show when={(props.view.refused_records ?? []).length > 0}>
              <h3 class="section-title">Records that failed verification</h3>
              <p class="field-hint">They count for nothing: no approval or status move comes from them.</p>
              <ul class="team-list" data-testid="review-refused-records">
                <For each={props.view.refused_records}>
                  {(r) => (
                    <li class="signature signature-refused">
                      <span aria-hidden="true">✗ </span>
                      {r.kind} claiming to be signed by {r.signer} ({fullTime(r.at)}): {r.reason ?? "refused"}{" "}
                      <span class="muted mono">{r.file}</span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </section>
        </aside>
      </div>
    </article>
  );
}

/**
 * Who signed a review's record in a team registry. A record read from the
 * team repository was verified (its signature, by a key registered for its
 * signer at its time) before it counted; one signed on this desktop was
 * signed with the key the team's people list holds for its signer.
 */
function SignatureLine(props: { signature: TeamRecordRow; name: string }) {
  const who = () => `${props.name} (${props.signature.signer})`;
  return (
    <span class="signature signature-verified" data-testid="review-signature" data-outcome={props.signature.outcome}>
      <span aria-hidden="true">✓ </span>
      {props.signature.outcome === "applied"
        ? `Signed by ${who()} · signature verified`
        : `Signed on this desktop by ${who()} with their registered key`}
    </span>
  );
}

/** Approve and Request changes, as the acting person, with the reason when one is not open. */
function ReviewActions(props: { view: ReviewView; reload: () => void }) {
  const [comment, setComment] = createSignal("");
  const [commentError, setCommentError] = createSignal<string | null>(null);
  const [banner, setBanner] = createSignal<WarrantError | null>(null);
  const [busy, setBusy] = createSignal(false);
  const life = () => props.view.lifecycle;
  const action = (name: "approve" | "request_changes") => life().actions.find((a) => a.action === name);
  /** The version a review now concerns: the pending version once it is submitted. */
  const reviewed = () => {
    const p = life().pending;
    if (p && (p.status === "in_review" || p.status === "approved")) {
      return { version: p.version, status: p.status, missing: p.missing_approvals };
    }
    return { version: life().version, status: life().status, missing: life().missing_approvals };
  };
  const actor = () => appInfo()?.acting_as ?? null;
  let commentInput: HTMLTextAreaElement | undefined;
  /** The core's sentence, capitalised, with each e-mail it names shown as the person's name. */
  const withNames = (sentence: string) => {
    let text = sentence.charAt(0).toUpperCase() + sentence.slice(1);
    for (const p of props.view.people) if (p.name) text = text.split(p.email).join(p.name);
    return text;
  };

  const record = async (decision: ReviewDecision) => {
    // A disabled button stays focusable (aria-disabled) so its reason can be read; it does nothing.
    if (busy() || !action(decision)?.allowed) return;
    if (decision === "request_changes" && comment().trim() === "") {
      setCommentError("Write what needs to change, so the maintainer knows what to fix.");
      commentInput?.focus();
      return;
    }
    setBusy(true);
    setBanner(null);
    setCommentError(null);
    try {
      const recorded = await ipc.recordReview(props.view.stored.contract.id, decision, comment());
      setComment("");
      if (recorded.status_change) showToast(`Now ${STATUS_LABELS[recorded.status].toLowerCase()}`);
      else if (recorded.still_missing.length > 0) showToast(`Approval recorded; still waiting: ${recorded.still_missing.join("; ")}`);
      else showToast("Review recorded");
      props.reload();
      void refreshWaiting();
    } catch (e) {
      const error = e as WarrantError;
      if (error.field === "comment") {
        setCommentError(error.message);
        commentInput?.focus();
      } else setBanner(error);
    } finally {
      setBusy(false);
    }
  };

  const open = () => action("approve")?.allowed || action("request_changes")?.allowed;

  return (
    <section class="card review-actions no-print" data-testid="review-actions" aria-labelledby="review-actions-title">
      <h2 class="section-title" id="review-actions-title">
        Your review
      </h2>
      <Show when={actor()} fallback={<p class="muted">Choose who you are with “Acting as” at the top of the window to review.</p>}>
        <p class="muted">
          Reviewing version {reviewed().version} as <strong>{actor()!.name}</strong>.
          <Show when={reviewed().version !== life().version}>
            {" "}Version {life().version} stays {STATUS_LABELS[life().status].toLowerCase()} until version {reviewed().version} is approved and launched.
          </Show>
        </p>
        <Show when={reviewed().missing.length > 0 && reviewed().status === "in_review"}>
          <ul class="review-waiting" data-testid="review-missing-approvals">
            <For each={reviewed().missing}>{(m) => <li>{withNames(m)}.</li>}</For>
          </ul>
        </Show>
        <ErrorBanner error={banner()} onDismiss={() => setBanner(null)} />
        <Show when={open()} fallback={<p class="review-closed" data-testid="review-closed">{action("request_changes")?.reason ?? "No review is open on this contract."}</p>}>
          <div class="field">
            <label class="field-label" for="review-comment">
              Comment <span class="muted">(required to request changes)</span>
            </label>
            <textarea
              id="review-comment"
              ref={commentInput}
              class="input textarea"
              rows={2}
              name="comment"
              data-testid="review-comment"
              aria-invalid={commentError() ? "true" : "false"}
              aria-describedby={commentError() ? "review-comment-error" : undefined}
              value={comment()}
              onInput={(e) => {
                setComment(e.currentTarget.value);
                if (commentError() && e.currentTarget.value.trim()) setCommentError(null);
              }}
            />
            <Show when={commentError()}>
              <p class="field-error" id="review-comment-error" data-testid="review-comment-error" role="alert">
                {commentError()}
              </p>
            </Show>
          </div>
          <div class="form-actions review-buttons">
            <button
              type="button"
              class="button"
              data-testid="review-request-changes"
              aria-disabled={busy() || !action("request_changes")?.allowed ? "true" : undefined}
              onClick={() => void record("request_changes")}
            >
              Request changes
            </button>
            <button
              type="button"
              class="button button-primary"
              data-testid="review-approve"
              aria-disabled={busy() || !action("approve")?.allowed ? "true" : undefined}
              aria-describedby={action("approve")?.allowed ? undefined : "review-approve-why"}
              onClick={() => void record("approve")}
            >
              Approve version {action("approve")?.version ?? reviewed().version}
            </button>
          </div>
          <Show when={!action("approve")?.allowed && action("approve")?.reason}>
            <p class="muted review-why" id="review-approve-why" data-testid="review-approve-why">
              Approve is not open: {action("approve")!.reason}
            </p>
          </Show>
        </Show>
      </Show>
    </section>
  );
}
