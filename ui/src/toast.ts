/**
 * Short confirmations ("Saved version 3") shown at the bottom of the window,
 * some with one action ("Removed source 2 — Undo").
 */
import { createSignal } from "solid-js";

export type ToastAction = { label: string; run: () => void };

export type Toast = { id: number; text: string; tone: "info" | "error"; action?: ToastAction };

const [toasts, setToasts] = createSignal<Toast[]>([]);
let nextId = 1;

/** How long a toast stays; one with an action stays longer, to be reached by keyboard. */
const SHOWN_MS = 5000;
const SHOWN_WITH_ACTION_MS = 10000;

export { toasts };

export function showToast(text: string, tone: Toast["tone"] = "info", action?: ToastAction): number {
  const id = nextId++;
  setToasts((list) => [...list, { id, text, tone, action }]);
  setTimeout(() => dismissToast(id), action ? SHOWN_WITH_ACTION_MS : SHOWN_MS);
  return id;
}

export function dismissToast(id: number): void {
  setToasts((list) => list.filter((t) => t.id !== id));
}
