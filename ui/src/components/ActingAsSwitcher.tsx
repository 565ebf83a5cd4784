/**
 * "Acting as" in the header: a button that opens the people list, where a
 * click (or Enter) on a person makes them the acting person. The choice is
 * always explicit — arrow keys move between people, they never switch
 * anyone — because a review round switches often and a stray key must not
 * stamp a change with the wrong name. Escape closes the list and returns
 * focus to the button.
 */
import { createSignal, For, onCleanup, Show } from "solid-js";
import type { WarrantError } from "../ipc";
import { actAs, appInfo, people } from "../session";
import { showToast } from "../toast";

/** "Title, Team" for a person, leaving out what is empty. */
export function personDetail(p: { title: string; team: string }): string {
  return [p.title, p.team].filter((s) => s && s.trim()).join(", ");
}

export function ActingAsSwitcher() {
  const [open, setOpen] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let button!: HTMLButtonElement;
  let list: HTMLUListElement | undefined;

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.focus();
  };
  const items = () => Array.from(list?.querySelectorAll<HTMLButtonElement>("button") ?? []);
  const openList = () => {
    setError(null);
    setOpen(true);
    const current = appInfo()?.acting_as?.email;
    const mine = items().find((b) => b.dataset.email === current) ?? items()[0];
    mine?.focus();
  };
  const choose = async (email: string, name: string) => {
    try {
      await actAs(email);
      close(true);
      showToast(`Now acting as ${name}`);
    } catch (e) {
      setError((e as WarrantError).message);
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      close(true);
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp" && e.key !== "Home" && e.key !== "End") return;
    e.preventDefault();
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      e.key === "Home" ? 0 : e.key === "End" ? all.length - 1 : (at + (e.key === "ArrowDown" ? 1 : -1) + all.length) % all.length;
    all[next]?.focus();
  };
  // A click anywhere else closes the list, as a menu would.
  const onDocumentClick = (e: MouseEvent) => {
    if (open() && !(e.target as HTMLElement).closest(".acting-switcher")) close(false);
  };
  document.addEventListener("click", onDocumentClick);
  onCleanup(() => document.removeEventListener("click", onDocumentClick));

  return (
    <div class="acting-switcher" onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        class="topbar-user link-button"
        data-testid="acting-as"
        aria-expanded={open() ? "true" : "false"}
        aria-controls="acting-as-list"
        onClick={() => (open() ? close(true) : openList())}
      >
        Acting as <strong>{appInfo()?.acting_as?.name ?? "nobody yet"}</strong>
        <span aria-hidden="true"> ▾</span>
      </button>
      <div class="acting-popover" hidden={!open()} data-testid="acting-as-popover">
        <p class="acting-popover-title" id="acting-as-list-title">
          Switch who you are acting as
        </p>
        <ul class="acting-list" id="acting-as-list" ref={list} aria-labelledby="acting-as-list-title">
          <For each={people()}>
            {(p) => (
              <li>
                <button
                  type="button"
                  class="acting-choice"
                  classList={{ current: p.email === appInfo()?.acting_as?.email }}
                  data-testid="acting-as-choice"
                  data-email={p.email}
                  aria-current={p.email === appInfo()?.acting_as?.email ? "true" : undefined}
                  onClick={() => void choose(p.email, p.name)}
                >
                  <span class="acting-choice-name">{p.name}</span>
                  <Show when={personDetail(p)}>
                    <span class="acting-choice-detail">{personDetail(p)}</span>
                  </Show>
                </button>
              </li>
            )}
          </For>
        </ul>
        <Show when={error()}>
          <p class="field-error" role="alert">
            {error()}
          </p>
        </Show>
      </div>
    </div>
  );
}
