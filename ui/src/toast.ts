/**
 * Short confirmations ("Saved version 3") shown at the bottom left of the
 * content, away from the primary actions on the right (the review screen's
 * Approve sits there), some with one action ("Removed source 2 — Undo"). At
 * most three at a time: a burst of changes would otherwise stack over the
 * screen.
 */
import { createSignal } from "solid-js";

export type ToastAction = { label: string; run: () => void };

export type Toast = { id: number; text: string; tone: "info" | "error"; action?: ToastAction };

const [toasts, setToasts] = createSignal<Toast[]>([]);
let nextId = 1;
const MAX_SHOWN = 3;

/** How long a toast stays; one with an action stays longer, to be reached by keyboard. */
const SHOWN_MS = 5000;
const SHOWN_WITH_ACTION_MS = 10000;

export { toasts };

export function showToast(text: string, tone: Toast["tone"] = "info", action?: ToastAction): number {
  const id = nextId++;
  setToasts((list) => [...list, { id, text, tone, action }].slice(-MAX_SHOWN));
  setTimeout(() => dismissToast(id), action ? SHOWN_WITH_ACTION_MS : SHOWN_MS);
  return id;
}

export function dismissToast(id: number): void {
  setToasts((list) => list.filter((t) => t.id !== id));
}
