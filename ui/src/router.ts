/**
 * A hash router small enough to read in one go: the route is the part after
 * `#/`, split on `/`. Screens may register a leave guard (the editor does,
 * for unsaved changes); navigation asks it first.
 */
import { createSignal } from "solid-js";

function currentPath(): string {
  const hash = window.location.hash.replace(/^#\/?/, "");
  return hash === "" ? "registry" : hash;
}

const [path, setPath] = createSignal(currentPath());

/** The current route, e.g. `registry` or `contract/churn-risk-summary`. */
export { path };

/** Route segments, decoded: `contract/a%20b` → `["contract", "a b"]`. */
export function segments(): string[] {
  return path()
    .split("/")
    .map((s) => decodeURIComponent(s));
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
