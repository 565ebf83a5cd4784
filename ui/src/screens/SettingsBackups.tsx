/**
 * Settings → Backups: back the registry up to a file the native save dialog
 * asks for, restore one (after a confirmation; the replaced registry is
 * kept aside, never deleted), and the automatic daily backups with a
 * Restore button each. After a restore the app reloads what it shows.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import type { BackupSaved } from "../bindings/BackupSaved";
import { ConfirmDialog } from "../components/Modal";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { refreshAppInfo, refreshPeople } from "../session";
import { showToast } from "../toast";
import { fullTime } from "../time";

/** null: restore from a file the dialog asks for. */
type RestoreRequest = { path: string | null };

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function BackupSection() {
  const [backups, { refetch }] = createResource(() => ipc.listBackups());
  // A failed listing must not throw out of the render: show it instead.
  const listed = () => (backups.error ? [] : (backups() ?? []));
  const [saved, setSaved] = createSignal<BackupSaved | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [confirm, setConfirm] = createSignal<RestoreRequest | null>(null);

  const backUp = async () => {
    setBusy(true);
    try {
      const result = await ipc.backupRegistry();
      setSaved(result);
      setError(null);
      showToast(result ? "Backup saved" : "Backup cancelled");
    } catch (e) {
      setError((e as WarrantError).message);
    } finally {
      setBusy(false);
    }
  };

  const restore = async (request: RestoreRequest) => {
    setBusy(true);
    try {
      const restored = await ipc.restoreBackup(request.path);
      setError(null);
      if (!restored) {
        showToast("Restore cancelled");
        return;
      }
      showToast(
        restored.kept_aside
          ? `Registry restored (${restored.backup.contracts} contracts). The replaced file is kept at ${restored.kept_aside}`
          : `Registry restored (${restored.backup.contracts} contracts)`,
      );
      await Promise.all([refreshAppInfo(), refreshPeople()]);
      void refetch();
    } catch (e) {
      setError((e as WarrantError).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="set-backups">
      <h2 class="section-title" id="set-backups">
        Backups
      </h2>
      <p class="field-hint">
        A backup is one consistent copy of the registry file, safe to take while Warrant is working. Restoring replaces the registry; the replaced file is kept beside it, never deleted.
      </p>
      <div class="export-controls">
        <button type="button" class="button button-primary" data-testid="backup-button" disabled={busy()} onClick={() => void backUp()}>
          Back up now…
        </button>
        <button type="button" class="button" data-testid="restore-button" disabled={busy()} onClick={() => setConfirm({ path: null })}>
          Restore from a backup file…
        </button>
      </div>
      <Show when={saved()}>
        {(s) => (
          <p class="export-result" data-testid="backup-result">
            Saved <span class="mono">{s().path}</span>: {s().check.contracts} contracts, {s().check.audit_events} audit events, integrity check passed.
          </p>
        )}
      </Show>
      <Show when={error()}>
        <p class="field-error" role="alert" data-testid="backup-error">
          {error()}
        </p>
      </Show>
      <h3 class="subsection-title">Automatic backups</h3>
      <p class="field-hint">Taken when Warrant starts, at most once a day; the newest seven are kept.</p>
      <Show when={backups.error}>
        <p class="field-error" role="alert">The list of backups could not be read: {(backups.error as { message?: string }).message ?? String(backups.error)}</p>
      </Show>
      <Show when={listed().length > 0} fallback={<p class="muted" data-testid="backup-none">No automatic backup yet.</p>}>
        <table class="table backups-table">
          <thead>
            <tr>
              <th>Taken</th>
              <th>File</th>
              <th class="num">Size</th>
              <th>
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={listed()}>
              {(b) => (
                <tr data-testid="backup-row" data-path={b.path}>
                  <td>{fullTime(b.taken_at)}</td>
                  <td class="mono backup-path" title={b.path}>
                    {b.path.split(/[\\/]/).pop()}
                  </td>
                  <td class="num">{size(b.bytes)}</td>
                  <td>
                    <button type="button" class="button button-small" data-testid="backup-restore" disabled={busy()} onClick={() => setConfirm({ path: b.path })}>
                      Restore
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <Show when={confirm()}>
        {(request) => (
          <ConfirmDialog
            title="Replace the registry with this backup?"
            message={
              request().path
                ? `Everything changed since ${request().path} was taken is replaced by the backup. The current registry is kept aside, not deleted.`
                : "You will pick the backup file next. Everything changed since it was taken is replaced; the current registry is kept aside, not deleted."
            }
            confirmLabel="Restore"
            danger
            onAnswer={(ok) => {
              const r = request();
              setConfirm(null);
              if (ok) void restore(r);
            }}
          />
        )}
      </Show>
    </section>
  );
}
