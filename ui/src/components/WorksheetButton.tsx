/**
 * "Worksheet PDF": saves the contract (or, without an id, the blank
 * worksheet) as a PDF through the native save dialog the Rust side opens,
 * on A4 or US Letter. The paper choice is remembered for the session.
 */
import { createSignal, Show } from "solid-js";
import type { WorksheetPaper } from "../bindings/WorksheetPaper";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { showToast } from "../toast";

/** US Letter for US and Canadian locales, A4 everywhere else. */
function localPaper(): WorksheetPaper {
  const lang = typeof navigator === "undefined" ? "" : navigator.language;
  return /-(US|CA)$/i.test(lang) ? "letter" : "a4";
}

const [paper, setPaper] = createSignal<WorksheetPaper>(localPaper());
export { paper as worksheetPaper, setPaper as setWorksheetPaper };

export function PaperSelect(props: { testid?: string }) {
  return (
    <select
      class="input input-compact"
      aria-label="Paper size"
      data-testid={props.testid ?? "worksheet-paper"}
      value={paper()}
      onChange={(e) => setPaper(e.currentTarget.value as WorksheetPaper)}
    >
      <option value="a4">A4</option>
      <option value="letter">US Letter</option>
    </select>
  );
}

export function WorksheetButton(props: {
  id: string | null;
  label?: string;
  testid?: string;
  /** False when the screen shows its own {@link PaperSelect}. */
  withPaper?: boolean;
}) {
  const [busy, setBusy] = createSignal(false);
  const save = async () => {
    setBusy(true);
    try {
      const saved = await ipc.exportWorksheet(props.id, paper());
      showToast(saved ? `Worksheet saved to ${saved.path}` : "Worksheet not saved");
    } catch (e) {
      showToast(`Worksheet not saved: ${(e as WarrantError).message}`, "error");
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="worksheet-button">
      <button type="button" class="button" data-testid={props.testid ?? "editor-worksheet"} disabled={busy()} onClick={() => void save()}>
        {busy() ? "Saving PDF…" : props.label ?? "Worksheet PDF"}
      </button>
      <Show when={props.withPaper !== false}>
        <PaperSelect />
      </Show>
    </span>
  );
}
