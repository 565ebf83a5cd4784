/**
 * Settings: where the registry file lives, who is acting, the app version,
 * and moving contracts in and out as warrant/v1 files (import and export go
 * through the native file dialogs the Rust side opens), worksheet PDFs of the
 * selected contracts, backups, and the team repository (SettingsWorksheets,
 * SettingsBackups, SettingsTeam).
 */
import { createResource, createSignal, For, Show } from "solid-js";
import type { ContractSummary } from "../bindings/ContractSummary";
import { ErrorBanner } from "../components/ErrorBanner";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import type { ExportFormat } from "../bindings/ExportFormat";
import type { ExportResult } from "../bindings/ExportResult";
import type { ImportResult } from "../bindings/ImportResult";
import { SAVE_OUTCOME_LABELS } from "../labels";
import { actAs as actAsPerson, appInfo, people, refreshAppInfo, refreshPeople } from "../session";
import { showToast } from "../toast";
import { BackupSection } from "./SettingsBackups";
import { TeamSection } from "./SettingsTeam";
import { WorksheetSection } from "./SettingsWorksheets";

export function Settings() {
  const [error, setError] = createSignal<WarrantError | null>(null);
  const [importing, setImporting] = createSignal(false);
  const [imported, setImported] = createSignal<ImportResult | null>(null);
  const [contracts, { refetch }] = createResource(() => ipc.listContracts({}));
  const listed = (): ContractSummary[] => (contracts.error ? [] : (contracts() ?? []));
  const [selected, setSelected] = createSignal<string[]>([]);
  const [format, setFormat] = createSignal<ExportFormat>("yaml");
  const [exported, setExported] = createSignal<ExportResult | null>(null);
  let pathInput!: HTMLInputElement;

  const copyPath = async () => {
    const path = appInfo()?.registry_path ?? "";
    try {
      await navigator.clipboard.writeText(path);
      showToast("Path copied");
    } catch {
      // Clipboard access can be refused; selecting lets the user copy by hand.
      pathInput.focus();
      pathInput.select();
      showToast("Press Ctrl+C to copy the selected path");
    }
  };

  // Choosing in the list only picks a person: arrow keys move through the
  // list, and every switch is recorded, so it takes the Switch button.
  const [candidate, setCandidate] = createSignal<string | null>(null);
  const actAs = async (email: string) => {
    if (!email) return;
    try {
      // Through the session, so "Waiting on you" follows the new person.
      await actAsPerson(email);
      setCandidate(null);
      setError(null);
    } catch (e) {
      setError(e as WarrantError);
    }
  };

  const runImport = async () => {
    setImporting(true);
    setImported(null);
    try {
      const result = await ipc.importFiles();
      setError(null);
      // Neither a report nor errors: the user closed the file dialog.
      if (!result.report && result.errors.length === 0) {
        showToast("Import cancelled");
        return;
      }
      setImported(result);
      if (result.report) {
        void refreshPeople();
        void refreshAppInfo();
        void refetch();
      }
    } catch (e) {
      setError(e as WarrantError);
    } finally {
      setImporting(false);
    }
  };

  const runExport = async (ids: string[]) => {
    try {
      const result = await ipc.exportContracts(ids, format());
      setExported(result);
      setError(null);
      if (result) showToast(`Exported ${result.files.length} ${result.files.length === 1 ? "file" : "files"}`);
      else showToast("Export cancelled");
    } catch (e) {
      setError(e as WarrantError);
    }
  };

  const toggle = (id: string, on: boolean) => setSelected((list) => (on ? [...list.filter((x) => x !== id), id] : list.filter((x) => x !== id)));

  return (
    <div class="settings">
      <header class="screen-header">
        <h1 class="screen-title">Settings</h1>
      </header>
      <ErrorBanner error={error()} onDismiss={() => setError(null)} />

      <section class="card" aria-labelledby="set-registry">
        <h2 class="section-title" id="set-registry">
          Registry file
        </h2>
        <div class="copy-row">
          <input
            ref={pathInput}
            class="input mono"
            readOnly
            aria-label="Registry file path"
            data-testid="registry-path"
            value={appInfo()?.registry_path ?? ""}
          />
          <button type="button" class="button" onClick={() => void copyPath()}>
            Copy
          </button>
        </div>
        <p class="field-hint">
          Everything Warrant knows lives in this one SQLite file: people, contracts, every version and the audit trail. Back it up like any other document.
        </p>
        <dl class="facts">
          <dt>Contracts</dt>
          <dd>{appInfo()?.contract_count ?? "—"}</dd>
          <dt>People</dt>
          <dd>{appInfo()?.people_count ?? "—"}</dd>
          <dt>Warrant version</dt>
          <dd data-testid="app-version">{appInfo()?.version ?? "—"}</dd>
        </dl>
      </section>

      <section class="card" aria-labelledby="set-acting">
        <h2 class="section-title" id="set-acting">
          Acting as
        </h2>
        <div class="field">
          <label class="field-label" for="acting-as">
            Changes are recorded under this name
          </label>
          <div class="inline-fields">
            <select
              id="acting-as"
              class="input"
              data-testid="acting-as-select"
              value={candidate() ?? appInfo()?.acting_as?.email ?? ""}
              onChange={(e) => setCandidate(e.currentTarget.value)}
            >
              <Show when={!appInfo()?.acting_as}>
                <option value="">— choose a person —</option>
              </Show>
              <For each={people()}>
                {(p) => (
                  <option value={p.email} selected={p.email === (candidate() ?? appInfo()?.acting_as?.email)}>
                    {p.name} ({p.email})
                  </option>
                )}
              </For>
            </select>
            <button
              type="button"
              class="button"
              data-testid="acting-as-switch"
              disabled={!candidate() || candidate() === appInfo()?.acting_as?.email}
              onClick={() => void actAs(candidate() ?? "")}
            >
              Switch
            </button>
          </div>
          <p class="field-hint">
            This is attribution, not a login: Warrant runs on one desktop and trusts whoever uses it to say who they are.
          </p>
        </div>
      </section>

      <TeamSection />

      <section class="card" aria-labelledby="set-import">
        <h2 class="section-title" id="set-import">
          Import contract files
        </h2>
        <p class="field-hint">
          Pick one or more warrant/v1 files (YAML or JSON). A new id creates a contract, a known id saves a new version. If any file has a problem, nothing is imported.
        </p>
        <button type="button" class="button button-primary" data-testid="import-button" disabled={importing()} onClick={() => void runImport()}>
          {importing() ? "Importing…" : "Import files…"}
        </button>
        <Show when={imported()}>
          {(result) => (
            <div class="import-result">
              <Show when={result().errors.length > 0}>
                <p class="field-error">Nothing was imported. Fix these files and try again:</p>
                <ul class="import-errors" data-testid="import-errors">
                  <For each={result().errors}>
                    {(fe) => (
                      <li class="import-error">
                        <span class="import-error-file mono">{fe.file}</span>
                        <pre class="import-error-message">{fe.message}</pre>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <Show when={result().report}>
                {(report) => (
                  <div data-testid="import-report">
                    <Show when={report().files.length > 0} fallback={<p class="muted">No files were chosen.</p>}>
                      <ul class="import-files">
                        <For each={report().files}>
                          {(f) => (
                            <li>
                              <span class="mono">{f.name}</span> → <span class="mono">{f.id}</span>: {SAVE_OUTCOME_LABELS[f.outcome]}
                              {f.outcome === "unchanged" ? "" : ` (version ${f.version})`}
                            </li>
                          )}
                        </For>
                      </ul>
                    </Show>
                    <Show when={report().people_added.length > 0}>
                      <p>People added: {report().people_added.join(", ")}</p>
                    </Show>
                  </div>
                )}
              </Show>
            </div>
          )}
        </Show>
      </section>

      <section class="card" aria-labelledby="set-export">
        <h2 class="section-title" id="set-export">
          Export contracts
        </h2>
        <div class="export-controls">
          <label class="filter">
            <span class="filter-label">Format</span>
            <select class="input" data-testid="export-format" value={format()} onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)}>
              <option value="yaml">YAML</option>
              <option value="json">JSON</option>
            </select>
          </label>
          <button type="button" class="button" data-testid="export-all" onClick={() => void runExport(listed().map((c) => c.id))}>
            Export all…
          </button>
          <button type="button" class="button" data-testid="export-selected" disabled={selected().length === 0} onClick={() => void runExport(selected())}>
            Export selected ({selected().length})…
          </button>
        </div>
        <Show when={listed().length > 0} fallback={<p class="muted">{contracts.error ? "The contracts could not be listed." : "No contracts to export yet."}</p>}>
          <ul class="export-list">
            <For each={listed()}>
              {(c) => (
                <li>
                  <label class="checkbox">
                    <input type="checkbox" checked={selected().includes(c.id)} onChange={(e) => toggle(c.id, e.currentTarget.checked)} />
                    <span>{c.title}</span>
                    <span class="muted mono">{c.id}</span>
                  </label>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={exported()}>
          {(result) => (
            <p class="export-result" data-testid="export-result">
              Wrote {result().files.length} {result().files.length === 1 ? "file" : "files"} to <span class="mono">{result().dir}</span>.
              Audit head after this export: <span class="mono" data-testid="export-audit-head">{result().audit_head}</span>
            </p>
          )}
        </Show>
      </section>

      <WorksheetSection selected={selected()} />

      <BackupSection />
    </div>
  );
}
