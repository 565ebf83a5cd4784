/**
 * Where keyboard focus goes when the window changes under the reader.
 *
 * After in-page navigation the old screen's elements are gone, so focus
 * would drop to `<body>` and a screen reader would announce nothing. Instead
 * focus moves to the new screen's heading (its `h1`, made focusable with
 * `tabindex="-1"`) and the window title names the screen. Screens that load
 * first show no heading until their data arrives, so the heading is waited
 * for, briefly.
 */

/** The window title for a screen heading. */
export function windowTitle(heading: string | null | undefined): string {
  const text = (heading ?? "").replace(/\s+/g, " ").trim();
  return text ? `${text} — Warrant` : "Warrant";
}

/** The current screen's heading, if it is on the page. */
function screenHeading(): HTMLElement | null {
  return document.querySelector<HTMLElement>("#main h1");
}

/** Focuses the screen heading now and names the window after it; false when there is none yet. */
export function focusScreenHeading(): boolean {
  const heading = screenHeading();
  if (!heading) return false;
  if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
  heading.focus({ preventScroll: true });
  document.title = windowTitle(heading.textContent);
  return true;
}

let attempt = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Stops waiting for a heading (the window is going away). */
export function cancelAnnounce(): void {
  attempt += 1;
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
}

/**
 * After a navigation: focus the new screen's heading as soon as it is there
 * (for up to `patienceMs`). A later navigation cancels an earlier wait.
 */
export function announceScreen(patienceMs = 3000): void {
  const mine = ++attempt;
  const started = Date.now();
  const tryNow = () => {
    timer = undefined;
    if (mine !== attempt || typeof document === "undefined") return;
    // A dialog that opened meanwhile (the first-run question) keeps focus.
    if (document.querySelector('[role="dialog"]')?.contains(document.activeElement)) return;
    if (focusScreenHeading()) return;
    if (Date.now() - started < patienceMs) timer = setTimeout(tryNow, 30);
  };
  // After Solid has put the new screen in place.
  if (timer !== undefined) clearTimeout(timer);
  timer = setTimeout(tryNow, 0);
}

/**
 * Puts focus on `target` when it is on the page, else on the screen heading:
 * for a button that an action replaced (Pause becomes Resume).
 */
export function focusOrHeading(target: HTMLElement | null | undefined): void {
  if (target?.isConnected) {
    target.focus();
    return;
  }
  focusScreenHeading();
}
