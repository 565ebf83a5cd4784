/**
 * The editor's Versions tab: every saved version with when, who and what
 * changed; ticking two versions shows the field-level differences between
 * them in plain words.
 */
import { createEffect, createSignal, For, Show } from "solid-js";
import type { FieldChange } from "../bindings/FieldChange";
import type { VersionInfo } from "../bindings/VersionInfo";
import { ErrorBanner } from "../components/ErrorBanner";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { personName } from "../session";
import { fullTime } from "../time";

export function VersionsTab(props: { id: string; /** Bumped after each save to reload. */ refresh: number }) {
  const [versions, setVersions] = createSignal<VersionInfo[] | null>(null);
  const [picked, setPicked] = createSignal<number[]>([]);
  const [changes, setChanges] = createSignal<FieldChange[] | null>(null);
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
      <p class="muted">Tick two versions to see what changed between them.</p>
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
                    <td class="summary-cell">{v.summary}</td>
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
                      <span class="diff-field mono">{c.field}</span>
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
