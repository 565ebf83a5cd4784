/**
 * Settings → Team: a registry not connected offers to start a team
 * repository or join one (the key file is picked in the native dialog the
 * Rust side opens); a connected one shows the team, the remote, who you are
 * and your key, the last sync, what waits to go out, the team's people and
 * their key fingerprints, conflicts, records
 * refused with why, and "Sync now". The header's sync indicator leads here
 * (`#/settings/team`). See `docs/team-repository.md`.
 */
import { createResource, createSignal, For, onMount, Show } from "solid-js";
import type { KeySource } from "../bindings/KeySource";
import type { TeamStatus } from "../bindings/TeamStatus";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { segments } from "../router";
import { personName, refreshAppInfo, refreshPeople, refreshWaiting } from "../session";
import { lastReport, refreshTeam, syncError, syncing, syncNow, syncState, SYNC_LABELS, teamStatus } from "../team";
import { fullTime } from "../time";
import { showToast } from "../toast";

/** The fields each form has, as the backend names them in its errors. */
type FormKind = "start" | "join";

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function pendingInWords(status: TeamStatus): string {
  const p = status.pending;
  const parts = [
    p.versions > 0 ? plural(p.versions, "version not published", "versions not published") : "",
    p.records > 0 ? plural(p.records, "signed record not committed", "signed records not committed") : "",
    p.commits > 0 ? plural(p.commits, "commit not pushed", "commits not pushed") : "",
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "Nothing: everything made here has gone out.";
}

export function TeamSection() {
  let heading!: HTMLHeadingElement;
  onMount(() => {
    void refreshTeam();
    // Arriving from the header's indicator: after the screen's own heading
    // took focus (focus.ts), bring the reader to this section.
    if (segments()[1] === "team") {
      setTimeout(() => {
        heading.scrollIntoView?.({ block: "start" });
        heading.focus({ preventScroll: true });
      }, 120);
    }
  });

  return (
    <section class="card" aria-labelledby="set-team" data-testid="team-section">
      <h2 class="section-title" id="set-team" tabindex="-1" ref={heading}>
        Team
      </h2>
      <Show
        when={teamStatus()}
        fallback={<p class="muted">Reading where this registry stands with its team…</p>}
      >
        {(status) => (
          <Show when={status().connected} fallback={<NotConnected onConnected={() => heading.focus()} />}>
            <Connected status={status()} />
          </Show>
        )}
      </Show>
    </section>
  );
}

function Connected(props: { status: TeamStatus }) {
  const connection = () => props.status.connection!;
  // Read again whenever the status is (after each sync): a sync may bring people and keys.
  const [members] = createResource(
    () => props.status,
    () => ipc.teamPeople(),
  );
  const [message, setMessage] = createSignal("");

  const runSync = async () => {
    setMessage("");
    const report = await syncNow();
    if (report?.offline) {
      setMessage(`Offline: ${report.offline.replace(/[.\s]+$/, "")}. Your work is kept here and goes out with the next sync.`);
    } else if (report) {
      const a = report.applied;
      setMessage(
        `Synced in ${report.took_ms} ms: ${plural(a.versions_in.length, "version", "versions")} and ${plural(a.records.length, "record", "records")} in, ${plural(report.versions_out, "version", "versions")} and ${plural(report.records_out, "record", "records")} out.`,
      );
      void refreshAppInfo();
      void refreshPeople();
      void refreshWaiting();
    } else if (syncError()) {
      setMessage(`Offline: ${syncError()!.message}`);
    }
  };

  return (
    <div data-testid="team-connected">
      <dl class="facts team-facts">
        <dt>Team</dt>
        <dd data-testid="team-name">{connection().team}</dd>
        <dt>Remote</dt>
        <dd class="mono" data-testid="team-remote">{connection().remote}</dd>
        <dt>You</dt>
        <dd data-testid="team-you">
          {personName(connection().email)} ({connection().email}), the holder of your key: every step you take here is signed as you.
        </dd>
        <dt>Your key</dt>
        <dd class="mono" data-testid="team-key">{connection().key === "agent" ? "the key ssh-agent holds" : connection().key}</dd>
        <dt>Last sync</dt>
        <dd data-testid="team-last-sync">
          {connection().last_sync_at ? fullTime(connection().last_sync_at!) : "never"}
          <Show when={connection().last_sync_commit}>
            {(commit) => <span class="muted mono"> (commit {commit().slice(0, 12)})</span>}
          </Show>
        </dd>
        <dt>Waiting to go out</dt>
        <dd data-testid="team-pending">{pendingInWords(props.status)}</dd>
        <dt>Sync</dt>
        <dd data-testid="team-sync-state">{SYNC_LABELS[syncState()]}</dd>
      </dl>

      <div class="export-controls">
        <button type="button" class="button button-primary" data-testid="team-sync-now" disabled={syncing()} aria-busy={syncing()} onClick={() => void runSync()}>
          {syncing() ? "Syncing…" : "Sync now"}
        </button>
      </div>
      <p role="status" aria-live="polite" data-testid="team-sync-result" class="field-hint">
        {message() || (lastReport()?.offline ? `Offline: ${lastReport()!.offline}` : "")}
      </p>

      <h3 class="section-title">People and their keys</h3>
      <Show
        when={!members.error}
        fallback={<p class="field-error">The team's people could not be read: {(members.error as WarrantError)?.message}</p>}
      >
        <ul class="team-list" data-testid="team-people">
          <For each={members() ?? []}>
            {(m) => (
              <li data-testid="team-person" data-email={m.email}>
                {m.name} ({m.email}){m.email === connection().email ? " — you" : ""}:{" "}
                <Show when={m.keys.length > 0} fallback={<span class="muted">no key yet</span>}>
                  <For each={m.keys}>{(k, i) => <span class="mono">{i() > 0 ? ", " : ""}{k.fingerprint}</span>}</For>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>

      <h3 class="section-title">Conflicts</h3>
      <Show when={props.status.conflicts.length > 0} fallback={<p class="muted" data-testid="team-no-conflicts">None.</p>}>
        <ul class="team-list" data-testid="team-conflicts">
          <For each={props.status.conflicts}>
            {(c) => (
              <li>
                <span class="mono">{c.contract_id}</span>: two people edited it at once. Both edits are kept as versions{" "}
                {c.versions.join(" and ")}; compare them on its versions screen and keep one.
              </li>
            )}
          </For>
        </ul>
      </Show>

      <h3 class="section-title">Records refused</h3>
      <Show when={props.status.refused.length > 0} fallback={<p class="muted" data-testid="team-no-refused">None: every record read verified.</p>}>
        <p class="field-hint">These records failed verification and count for nothing.</p>
        <ul class="team-list" data-testid="team-refused">
          <For each={props.status.refused}>
            {(r) => (
              <li data-testid="team-refused-row">
                <span class="mono">{r.file}</span> ({r.kind}, claims to be signed by {r.signer}): {r.reason ?? "refused"}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}

function NotConnected(props: { onConnected: () => void }) {
  return (
    <div data-testid="team-not-connected">
      <p class="field-hint">
        This registry serves this desktop only. Connected to a team repository (a git repository shared through any git remote), every approval and status move is signed with the SSH key of the person who made it, and everyone's registry sees it after a sync.
      </p>
      <div class="team-forms">
        <TeamForm kind="start" onConnected={props.onConnected} />
        <TeamForm kind="join" onConnected={props.onConnected} />
      </div>
    </div>
  );
}

function TeamForm(props: { kind: FormKind; onConnected: () => void }) {
  const [remote, setRemote] = createSignal("");
  const [second, setSecond] = createSignal("");
  const [key, setKey] = createSignal<KeySource>("file");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<WarrantError | null>(null);
  const start = props.kind === "start";
  const id = (name: string) => `team-${props.kind}-${name}`;
  // The backend names the field it refuses: `remote`, `name` (the team) or
  // `as` (who you are), `key`; anything else belongs to the whole form.
  const secondField = start ? "name" : "as";
  const fieldOf = (): string | null => {
    const field = error()?.field ?? null;
    return field === "remote" || field === secondField || field === "key" ? field : null;
  };
  const errorFor = (field: string) => (fieldOf() === field ? error()!.message : null);
  let remoteInput!: HTMLInputElement;
  let secondInput!: HTMLInputElement;
  let keyInput!: HTMLInputElement;
  let formError!: HTMLParagraphElement;

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (start) {
        const status = await ipc.teamInit(remote(), second(), key());
        if (!status) {
          showToast("No key was chosen");
          return;
        }
        showToast(`Started the team repository ${status.connection?.team ?? ""}`);
      } else {
        const joined = await ipc.teamJoin(remote(), second(), key());
        if (!joined) {
          showToast("No key was chosen");
          return;
        }
        showToast(
          joined.earlier_registry
            ? `Joined the team. This desktop's earlier registry is kept at ${joined.earlier_registry}`
            : "Joined the team",
        );
      }
      await Promise.all([refreshTeam(), refreshAppInfo(), refreshPeople(), refreshWaiting()]);
      props.onConnected();
    } catch (err) {
      setError(err as WarrantError);
      // Focus what needs fixing: its field, else the form's message.
      queueMicrotask(() => {
        const target = { remote: remoteInput, [secondField]: secondInput, key: keyInput }[fieldOf() ?? ""];
        (target ?? formError).focus();
      });
    } finally {
      setBusy(false);
    }
  };

  const described = (field: string, hint: string) => (errorFor(field) ? `${id(field)}-error ${hint}` : hint);

  return (
    <form class="team-form" data-testid={`team-${props.kind}-form`} aria-labelledby={id("title")} onSubmit={(e) => void submit(e)} noValidate>
      <h3 class="section-title" id={id("title")}>
        {start ? "Start a team repository" : "Join a team repository"}
      </h3>
      <p class="field-hint" id={id("hint")}>
        {start
          ? "Publishes this registry's people and contracts to an empty git repository; you are its founder, as the person acting now. Contracts start there as drafts, to be reviewed with signed records."
          : "Someone in the team must first have added you with your public key. This desktop's current registry is kept aside and a new one, holding the team's contracts, takes its place."}
      </p>
      <div class="field">
        <label class="field-label" for={id("remote")}>
          Repository address
        </label>
        <input
          ref={remoteInput}
          id={id("remote")}
          class="input mono"
          data-testid={`team-${props.kind}-remote`}
          value={remote()}
          onInput={(e) => setRemote(e.currentTarget.value)}
          aria-invalid={errorFor("remote") ? "true" : undefined}
          aria-describedby={described("remote", id("remote-hint"))}
          placeholder="git@host:team/warrant.git"
        />
        <span class="field-hint" id={id("remote-hint")}>
          Any address git can {start ? "push to (an empty repository, or a local folder)" : "clone"}.
        </span>
        <Show when={errorFor("remote")}>
          <p class="field-error" id={id("remote-error")}>{errorFor("remote")}</p>
        </Show>
      </div>
      <div class="field">
        <label class="field-label" for={id(secondField)}>
          {start ? "Team name" : "Your e-mail in the team"}
        </label>
        <input
          ref={secondInput}
          id={id(secondField)}
          class="input"
          type={start ? "text" : "email"}
          data-testid={`team-${props.kind}-${start ? "name" : "email"}`}
          value={second()}
          onInput={(e) => setSecond(e.currentTarget.value)}
          aria-invalid={errorFor(secondField) ? "true" : undefined}
          aria-describedby={errorFor(secondField) ? `${id(secondField)}-error` : undefined}
        />
        <Show when={errorFor(secondField)}>
          <p class="field-error" id={`${id(secondField)}-error`}>{errorFor(secondField)}</p>
        </Show>
      </div>
      <fieldset aria-describedby={errorFor("key") ? `${id("key")}-error` : undefined}>
        <legend class="field-label">Your signing key (SSH, ed25519)</legend>
        <label class="checkbox">
          <input
            ref={keyInput}
            type="radio"
            name={id("key")}
            value="file"
            data-testid={`team-${props.kind}-key-file`}
            checked={key() === "file"}
            onChange={() => setKey("file")}
            aria-invalid={errorFor("key") ? "true" : undefined}
          />
          <span>A key file (chosen next, in the file dialog)</span>
        </label>
        <label class="checkbox">
          <input type="radio" name={id("key")} value="agent" data-testid={`team-${props.kind}-key-agent`} checked={key() === "agent"} onChange={() => setKey("agent")} />
          <span>The key ssh-agent holds</span>
        </label>
      </fieldset>
      <Show when={errorFor("key")}>
        <p class="field-error" id={`${id("key")}-error`}>{errorFor("key")}</p>
      </Show>
      <p class="field-error" role="alert" tabindex="-1" ref={formError} data-testid={`team-${props.kind}-error`} classList={{ hidden: !error() || fieldOf() !== null }}>
        {error() && fieldOf() === null ? error()!.message : ""}
      </p>
      <div>
        <button type="submit" class="button" data-testid={`team-${props.kind}-submit`} disabled={busy()} aria-busy={busy()}>
          {busy() ? (start ? "Starting…" : "Joining…") : start ? "Start team repository…" : "Join…"}
        </button>
      </div>
    </form>
  );
}
