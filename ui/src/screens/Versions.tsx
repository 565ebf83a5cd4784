/**
 * The editor's Versions tab: every saved version with when, who and what
 * changed; ticking two versions shows the field-level differences between
 * them under the form's labels ("Minimum confidence: 0.7 → 0.75"); "Restore"
 * saves an older version's content as a new version, through the same path
 * as any edit (on a live contract: a new pending version).
 */
import { createEffect, createSignal, For, Show } from "solid-js";
import type { LabelledChange } from "../bindings/LabelledChange";
import type { VersionInfo } from "../bindings/VersionInfo";
import { ErrorBanner } from "../components/ErrorBanner";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { personName } from "../session";
import { fullTime } from "../time";
import { showToast } from "../toast";

export function VersionsTab(props: {
  id: string;
  /** Bumped after each save to reload. */
  refresh: number;
  /** The version the form edits: it has nothing to restore. */
  current: number | null;
  /** The form has unsaved changes: restoring would leave them behind. */
  editing: boolean;
  /** A version was restored: the form reloads what the registry holds. */
  onRestored: () => void;
}) {
  const [versions, setVersions] = createSignal<VersionInfo[] | null>(null);
  const [picked, setPicked] = createSignal<number[]>([]);
  const [changes, setChanges] = createSignal<LabelledChange[] | null>(null);
  const [restoring, setRestoring] = createSignal<number | null>(null);

  const restore = async (version: number) => {
    if (props.editing || restoring() !== null) return;
    setRestoring(version);
    try {
      const saved = await ipc.restoreVersion(props.id, version);
      showToast(
        saved.outcome === "unchanged"
          ? `Version ${version} is what the contract holds now: nothing to restore`
          : saved.pending_over !== null
            ? `Restored version ${version} as version ${saved.version}, a pending draft; version ${saved.pending_over} stays in force`
            : `Restored version ${version} as version ${saved.version}`,
      );
      props.onRestored();
    } catch (e) {
      setError(e as WarrantError);
    } finally {
      setRestoring(null);
    }
  };
  const [error, setError] = createSignal<WarrantError | null>(null);

  createEffect(() => {
    const id = props.id;
    void props.refresh;
    ipc
      .listVersions(id)
      .then((list) => {
        setVersions([...list].sort((a, b) => b.version - a.version));
        setError(null);
      })
      .catch((e: WarrantError) => setError(e));
  });

  createEffect(() => {
    const pair = picked();
    if (pair.length !== 2) {
      setChanges(null);
      return;
    }
    const [from, to] = [Math.min(...pair), Math.max(...pair)];
    ipc
      .diffVersions(props.id, from, to)
      .then(setChanges)
      .catch((e: WarrantError) => setError(e));
  });

  /** Keeps at most two ticks: a third replaces the oldest. */
  const toggle = (version: number, on: boolean) =>
    setPicked((list) => {
      const rest = list.filter((v) => v !== version);
      return on ? [...rest, version].slice(-2) : rest;
    });

  const pair = () => [...picked()].sort((a, b) => a - b);

  return (
    <section class="versions" aria-label="Versions">
      <ErrorBanner error={error()} onDismiss={() => setError(null)} />
      <p class="muted">Tick two versions to see what changed between them. Restoring a version saves its content as a new version.</p>
      <Show when={props.editing}>
        <p class="field-hint" id="versions-restore-why">Save or discard the changes in the form before restoring a version.</p>
      </Show>
      <Show when={versions()} fallback={<p class="muted">Loading versions…</p>}>
        {(list) => (
          <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col" class="col-pick">
                  <span class="visually-hidden">Compare</span>
                </th>
                <th scope="col">Version</th>
                <th scope="col">Saved</th>
                <th scope="col">By</th>
                <th scope="col">What changed</th>
                <th scope="col">
                  <span class="visually-hidden">Restore</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={list()}>
                {(v) => (
                  <tr data-testid="version-row" data-version={v.version}>
                    <td class="col-pick">
                      <input
                        type="checkbox"
                        aria-label={`Compare version ${v.version}`}
                        checked={picked().includes(v.version)}
                        onChange={(e) => toggle(v.version, e.currentTarget.checked)}
                      />
                    </td>
                    <td class="mono">v{v.version}</td>
                    <td>{fullTime(v.saved_at)}</td>
                    <td>{personName(v.saved_by)}</td>
                    <td class="summary-cell">{v.described}</td>
                    <td>
                      <Show when={v.version !== props.current}>
                        <button
                          type="button"
                          class="button button-small"
                          data-testid="version-restore"
                          aria-disabled={props.editing ? "true" : undefined}
                          aria-describedby={props.editing ? "versions-restore-why" : undefined}
                          onClick={() => void restore(v.version)}
                        >
                          {restoring() === v.version ? "Restoring…" : `Restore version ${v.version}`}
                        </button>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          </div>
        )}
      </Show>
      <Show when={changes()}>
        {(list) => (
          <div class="diff" data-testid="diff-view">
            <h2 class="section-title">
              From version {pair()[0]} to version {pair()[1]}
            </h2>
            <Show when={list().length > 0} fallback={<p class="muted">These two versions are identical.</p>}>
              <ul class="diff-list">
                <For each={list()}>
                  {(c) => (
                    <li class="diff-item">
                      <span class="diff-field" title={c.field}>
                        {c.label}
                      </span>
                      <span class="diff-change">{c.change}</span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
