/**
 * A hash router small enough to read in one go: the route is the part after
 * `#/`, split on `/`, with an optional `?key=value&…` query for what one
 * screen hands the next (the field the editor should open on, the template
 * a draft starts from) — so a hand-off survives reloads and Back, and no
 * module keeps it in a variable. Screens may register a leave guard (the
 * editor does, for unsaved changes); navigation asks it first.
 */
import { createSignal } from "solid-js";

function currentPath(): string {
  const hash = window.location.hash.replace(/^#\/?/, "");
  return hash === "" ? "registry" : hash;
}

const [path, setPath] = createSignal(currentPath());

/** The current route, e.g. `registry` or `contract/churn-risk-summary`. */
export { path };

/** Route segments, decoded: `contract/a%20b` → `["contract", "a b"]` (the query left out). */
export function segments(): string[] {
  return path()
    .split("?")[0]
    .split("/")
    .map((s) => decodeURIComponent(s));
}

/** One query parameter of the current route, decoded; null when absent. */
export function param(name: string): string | null {
  const query = path().split("?")[1];
  return query === undefined ? null : new URLSearchParams(query).get(name);
}

/** `route` with a query built from `params` (empty values left out). */
export function withQuery(route: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${route}?${text}` : route;
}

/** Returns true when leaving is fine; may ask the user first. */
export type LeaveGuard = () => Promise<boolean>;

let guard: LeaveGuard | null = null;

/** Installs the guard; returns the function that removes it. */
export function setLeaveGuard(next: LeaveGuard): () => void {
  guard = next;
  return () => {
    if (guard === next) guard = null;
  };
}

/** Builds a route from segments, encoding each. */
export function routeTo(...parts: string[]): string {
  return parts.map((p) => encodeURIComponent(p)).join("/");
}

/**
 * Goes to `target` (e.g. `routeTo("contract", id)`), after the leave guard
 * agrees. `force` skips the guard (after a save, for instance).
 */
export async function navigate(target: string, options: { force?: boolean } = {}): Promise<boolean> {
  if (target === path()) return true;
  if (!options.force && guard && !(await guard())) return false;
  window.location.hash = `#/${target}`;
  setPath(target);
  return true;
}

// Back/forward buttons and typed URLs change the hash without navigate().
// Putting the old hash back fires one more hashchange, which the equality
// test below ignores.
window.addEventListener("hashchange", async () => {
  const next = currentPath();
  if (next === path()) return;
  if (guard && !(await guard())) {
    window.location.hash = `#/${path()}`;
    return;
  }
  setPath(next);
});
