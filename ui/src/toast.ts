/** Short confirmations ("Saved version 3") shown at the bottom of the window. */
import { createSignal } from "solid-js";

export type Toast = { id: number; text: string; tone: "info" | "error" };

const [toasts, setToasts] = createSignal<Toast[]>([]);
let nextId = 1;

export { toasts };

export function showToast(text: string, tone: Toast["tone"] = "info"): void {
  const id = nextId++;
  setToasts((list) => [...list, { id, text, tone }]);
  setTimeout(() => dismissToast(id), 5000);
}

export function dismissToast(id: number): void {
  setToasts((list) => list.filter((t) => t.id !== id));
}
