/**
 * Working with a contract in the editor: filling absent sections so every
 * input has something to bind to, comparing two contracts the way the file
 * format does (absent = empty), and reading/writing a value by the dotted
 * field path that findings and errors use (`sources[0].owner`).
 */
import type { Contract } from "./bindings/Contract";
import type { WorkflowCategory } from "./bindings/WorkflowCategory";

/** A blank draft with only the required keys, like the core's `Contract::new`. */
export function blankContract(id: string, title: string, category: WorkflowCategory): Contract {
  return normalizeContract({
    format: "warrant/v1",
    id,
    title,
    workflow: { category },
    authority: "suggest",
  } as Contract);
}

/**
 * A deep copy with every section and list present. The backend omits empty
 * sections from its JSON; the form needs them to exist.
 */
export function normalizeContract(input: Contract): Contract {
  const c = JSON.parse(JSON.stringify(input)) as Contract;
  c.workflow = { description: "", decision: "", ...c.workflow };
  c.status = c.status ?? null;
  c.sources = c.sources ?? [];
  c.grain = { identifiers: [], ...(c.grain ?? {}) };
  c.definitions = c.definitions ?? [];
  c.owners = c.owners ?? {};
  c.thresholds = { reason_codes_required: false, reason_codes: [], sync_cadence: "", ...(c.thresholds ?? {}) };
  c.suppression = (c.suppression ?? []).map((rule) => ({ when: "", ...rule }));
  c.destination = { target: "", shows: [], ...(c.destination ?? {}) };
  c.exceptions = { pause_procedure: "", rollback: "", pause_triggers: [], ...(c.exceptions ?? {}) };
  c.audit = { records: [], ...(c.audit ?? {}) };
  c.launch_checks = c.launch_checks ?? {};
  return c;
}

/**
 * The contract with every empty value (null, "", [], false, {}) removed:
 * two contracts are the same file exactly when their canonical JSON matches.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(prune(value) ?? {});
}

function prune(value: unknown): unknown {
  if (value === null || value === undefined || value === "" || value === false) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((v) => prune(v) ?? null);
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = prune((value as Record<string, unknown>)[key]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}

export type PathKey = string | number;

/** `sources[0].owner` → `["sources", 0, "owner"]`. */
export function parsePath(path: string): PathKey[] {
  const keys: PathKey[] = [];
  for (const part of path.split(".")) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      keys.push(part);
      continue;
    }
    if (match[1] !== "") keys.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) keys.push(Number(index[1]));
  }
  return keys;
}

export function getAt(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const key of parsePath(path)) {
    if (node === null || node === undefined) return undefined;
    node = (node as Record<PathKey, unknown>)[key];
  }
  return node;
}

/** Sets a value inside a mutable object (use within Solid's `produce`). */
export function setAt(root: unknown, path: string, value: unknown): void {
  const keys = parsePath(path);
  let node = root as Record<PathKey, unknown>;
  for (const [i, key] of keys.entries()) {
    if (i === keys.length - 1) {
      node[key] = value;
      return;
    }
    if (node[key] === null || node[key] === undefined) {
      node[key] = typeof keys[i + 1] === "number" ? [] : {};
    }
    node = node[key] as Record<PathKey, unknown>;
  }
}

/**
 * The paths to try, most precise first, when looking for the input a
 * finding names: `sources[0].owner`, `sources[0]`, `sources`.
 */
export function pathFallbacks(path: string): string[] {
  const out = [path];
  let rest = path;
  for (;;) {
    const cut = Math.max(rest.lastIndexOf("."), rest.lastIndexOf("["));
    if (cut <= 0) break;
    rest = rest.slice(0, cut);
    out.push(rest);
  }
  return out;
}

/** Quotes a value for use inside a CSS attribute selector. */
export function cssString(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}
