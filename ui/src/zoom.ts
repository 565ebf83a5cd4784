/**
 * Window zoom from the keyboard: Ctrl+= (or Ctrl++) larger, Ctrl+- smaller,
 * Ctrl+0 back to 100%, as in a browser. WebKit has no zoom of its own in a
 * Tauri window, so the page is scaled with CSS `zoom`, in steps between 50%
 * and 200%, and the level is kept for the next start.
 */

export const ZOOM_STEPS = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];
const KEY = "warrant.zoom";

let level = 1;

/** The zoom level in force (1 = 100%). */
export function zoomLevel(): number {
  return level;
}

export function setZoom(next: number): void {
  level = Math.min(2, Math.max(0.5, next));
  document.documentElement.style.setProperty("zoom", level === 1 ? "" : String(level));
  try {
    localStorage.setItem(KEY, String(level));
  } catch {
    // Storage may be unavailable; the level then lasts until the window closes.
  }
}

/** The next step up or down from the current level. */
export function zoomStep(direction: 1 | -1): number {
  if (direction > 0) return ZOOM_STEPS.find((s) => s > level + 1e-6) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1];
  return [...ZOOM_STEPS].reverse().find((s) => s < level - 1e-6) ?? ZOOM_STEPS[0];
}

/** Handles a keydown; true when it was a zoom shortcut. */
export function handleZoomKey(e: KeyboardEvent): boolean {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return false;
  if (e.key === "=" || e.key === "+") setZoom(zoomStep(1));
  else if (e.key === "-" || e.key === "_") setZoom(zoomStep(-1));
  else if (e.key === "0") setZoom(1);
  else return false;
  e.preventDefault();
  return true;
}

/** Restores the saved level and listens for the shortcuts; returns the function that stops listening. */
export function installZoomKeys(): () => void {
  try {
    const saved = Number(localStorage.getItem(KEY));
    if (saved >= 0.5 && saved <= 2) setZoom(saved);
  } catch {
    // No storage: start at 100%.
  }
  const onKey = (e: KeyboardEvent) => void handleZoomKey(e);
  window.addEventListener("keydown", onKey);
  return () => window.removeEventListener("keydown", onKey);
}
