/**
 * Settings → Worksheets: the blank worksheet, and the filled worksheets of
 * the contracts ticked in the export list, written into one folder the
 * native dialog asks for, with a progress bar while they are typeset.
 */
import { createSignal, onCleanup, Show } from "solid-js";
import type { WorksheetBatch } from "../bindings/WorksheetBatch";
import type { WorksheetProgress } from "../bindings/WorksheetProgress";
import { ProgressBar } from "../components/ProgressBar";
import { PaperSelect, WorksheetButton, worksheetPaper } from "../components/WorksheetButton";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { showToast } from "../toast";

export function WorksheetSection(props: { selected: string[] }) {
  const [running, setRunning] = createSignal(false);
  const [progress, setProgress] = createSignal<WorksheetProgress | null>(null);
  const [batch, setBatch] = createSignal<WorksheetBatch | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  let stopListening: (() => void) | undefined;
  onCleanup(() => stopListening?.());

  const exportSelected = async () => {
    setRunning(true);
    setProgress(null);
    setError(null);
    try {
      stopListening ??= await ipc.onWorksheetProgress(setProgress);
      const result = await ipc.exportWorksheets(props.selected, worksheetPaper());
      setBatch(result);
      showToast(result ? `Saved ${result.files.length} worksheets` : "Worksheets not saved");
    } catch (e) {
      setError((e as WarrantError).message);
    } finally {
      setRunning(false);
    }
  };

  return (
    <section class="card" aria-labelledby="set-worksheets">
      <h2 class="section-title" id="set-worksheets">
        Worksheet PDFs
      </h2>
      <p class="field-hint">
        The blank worksheet is for a first contract review on paper. Filled worksheets print the contracts ticked under “Export contracts”, one PDF each.
      </p>
      <div class="export-controls">
        <label class="filter">
          <span class="filter-label">Paper</span>
          <PaperSelect testid="worksheet-batch-paper" />
        </label>
        <WorksheetButton id={null} label="Blank worksheet…" testid="worksheet-blank" withPaper={false} />
        <button
          type="button"
          class="button"
          data-testid="worksheet-selected"
          disabled={running() || props.selected.length === 0}
          onClick={() => void exportSelected()}
        >
          Worksheets for selected ({props.selected.length})…
        </button>
      </div>
      <Show when={running()}>
        <ProgressBar
          testid="worksheet-progress"
          value={progress()?.done ?? 0}
          max={progress()?.total ?? props.selected.length}
          label={progress() ? `${progress()!.done} of ${progress()!.total} written (${progress()!.id})` : "Typesetting…"}
        />
      </Show>
      <Show when={error()}>
        <p class="field-error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={batch()}>
        {(b) => (
          <p class="export-result" data-testid="worksheet-result">
            Wrote {b().files.length} {b().files.length === 1 ? "worksheet" : "worksheets"} to <span class="mono">{b().dir}</span>
          </p>
        )}
      </Show>
    </section>
  );
}
