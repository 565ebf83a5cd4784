/**
 * Types of the app shell's own commands (APP.md) that are not generated yet.
 *
 * The shell helper declares these in `src-tauri` with ts-rs; until those
 * bindings land in `./bindings`, the shapes below mirror APP.md so the UI
 * compiles. When the generated files appear, re-export them from here instead.
 */
import type { ImportReport } from "./bindings/ImportReport";
import type { Person } from "./bindings/Person";
import type { Readiness } from "./bindings/Readiness";
import type { StoredContract } from "./bindings/StoredContract";

export type AppInfo = {
  registry_path: string;
  acting_as: Person | null;
  contract_count: number;
  people_count: number;
  version: string;
};

export type ContractView = { stored: StoredContract; readiness: Readiness };

/** One file an import refused, with the CLI's exact text for it. */
export type FileError = { file: string; message: string };

export type ImportResult = { report: ImportReport | null; errors: Array<FileError> };

export type ExportResult = { dir: string; files: Array<string>; audit_head: string };

export type ExportFormat = "yaml" | "json";
