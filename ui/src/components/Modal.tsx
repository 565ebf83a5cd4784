/**
 * A modal dialog: focus moves into it on open, Tab stays inside, Esc closes
 * it (unless it cannot be dismissed) and focus returns where it was.
 */
import { createUniqueId, onCleanup, onMount, type JSX } from "solid-js";
import { focusScreenHeading } from "../focus";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Modal(props: {
  title: string;
  /** Omit for a dialog that must be answered (first run). */
  onClose?: () => void;
  testid?: string;
  children: JSX.Element;
}) {
  const titleId = createUniqueId();
  let box!: HTMLDivElement;
  const previous = document.activeElement as HTMLElement | null;

  onMount(() => {
    const first = box.querySelector<HTMLElement>("[data-autofocus]") ?? box.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? box).focus();
  });
  onCleanup(() => {
    if (previous && previous !== document.body && previous.isConnected) {
      previous.focus();
      return;
    }
    // The opener is gone (the action replaced it): unless the screen already
    // moved focus somewhere on purpose, land on its heading, not <body>.
    const active = document.activeElement;
    if (!active || active === document.body || box.contains(active)) setTimeout(() => {
      if (!document.activeElement || document.activeElement === document.body) focusScreenHeading();
    }, 0);
  });

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape" && props.onClose) {
      e.preventDefault();
      e.stopPropagation();
      props.onClose();
      return;
    }
    if (e.key !== "Tab") return;
    const items = Array.from(box.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div class="modal-backdrop">
      <div
        ref={box}
        class="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabindex="-1"
        data-testid={props.testid}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} class="modal-title">
          {props.title}
        </h2>
        {props.children}
      </div>
    </div>
  );
}

/** Asks a yes/no question in a modal; resolves true for the confirming button. */
export function ConfirmDialog(props: {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  onAnswer: (confirmed: boolean) => void;
}) {
  return (
    <Modal title={props.title} onClose={() => props.onAnswer(false)} testid="confirm-dialog">
      <p class="modal-text">{props.message}</p>
      <div class="modal-actions">
        <button type="button" class="button" data-autofocus onClick={() => props.onAnswer(false)}>
          Cancel
        </button>
        <button
          type="button"
          class={props.danger ? "button button-danger" : "button button-primary"}
          data-testid="confirm-yes"
          onClick={() => props.onAnswer(true)}
        >
          {props.confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
