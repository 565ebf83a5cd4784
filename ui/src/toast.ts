/**
 * Short confirmations ("Saved version 3") shown at the bottom left of the
 * content, away from the primary actions on the right (the review screen's
 * Approve sits there). At most three at a time: a burst of changes would
 * otherwise stack over the screen.
 */
import { createSignal } from "solid-js";

export type Toast = { id: number; text: string; tone: "info" | "error" };

const [toasts, setToasts] = createSignal<Toast[]>([]);
let nextId = 1;
const MAX_SHOWN = 3;

export { toasts };

export function showToast(text: string, tone: Toast["tone"] = "info"): void {
  const id = nextId++;
  setToasts((list) => [...list, { id, text, tone }].slice(-MAX_SHOWN));
  setTimeout(() => dismissToast(id), 5000);
}

export function dismissToast(id: number): void {
  setToasts((list) => list.filter((t) => t.id !== id));
}
