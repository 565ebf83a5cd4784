/**
 * The editor's inputs. Each one is bound to a dotted field path through the
 * {@link FormBinding} context, uses that path as its `name` (so a finding or
 * an error can find it) and shows the error for that path right under it.
 */
import { createContext, createSignal, For, Index, onCleanup, Show, useContext, type JSX } from "solid-js";
import { isoToLocalText, localTextToIso } from "../time";
import { showToast } from "../toast";

export type FormBinding = {
  get: (path: string) => unknown;
  set: (path: string, value: unknown) => void;
  /** The message to show for a path, if any. */
  error: (path: string) => string | undefined;
  /** Errors found by the input itself (text that is not a number). */
  setLocalError: (path: string, message: string | null) => void;
  /**
   * Tells the form which element shows `path`: a `slot` shows that path's
   * errors (an input, a list), a `target` only takes the focus (a section).
   * The form routes errors and findings through these, never by querying
   * the DOM; the element is forgotten when its control goes away.
   */
  register?: (path: string, element: HTMLElement, kind: "slot" | "target") => () => void;
};

export const FormContext = createContext<FormBinding>();

export function useForm(): FormBinding {
  const form = useContext(FormContext);
  if (!form) throw new Error("form controls must sit inside a FormContext provider");
  return form;
}

/** A stable element id for a field path. */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^a-zA-Z0-9_-]/g, "_")}`;
}

export function FieldError(props: { path: string }) {
  const form = useForm();
  return (
    <Show when={form.error(props.path)}>
      {(message) => (
        <p class="field-error" id={`${fieldId(props.path)}-error`} data-testid="field-error" data-field-error={props.path}>
          {message()}
        </p>
      )}
    </Show>
  );
}

/** Label, control, hint and error for one field. */
export function Field(props: { path: string; label: string; hint?: string; wide?: boolean; children: JSX.Element }) {
  return (
    <div class="field" classList={{ "field-wide": props.wide }}>
      <label class="field-label" for={fieldId(props.path)}>
        {props.label}
      </label>
      {props.children}
      <Show when={props.hint}>
        <p class="field-hint">{props.hint}</p>
      </Show>
      <FieldError path={props.path} />
    </div>
  );
}

/**
 * Registers `element` for `path` with the form (see
 * {@link FormBinding.register}) until the calling component goes away. Use
 * as a `ref`.
 */
export function registerAs(form: FormBinding, path: string, kind: "slot" | "target" = "slot") {
  return (element: HTMLElement) => {
    const forget = form.register?.(path, element, kind);
    if (forget) onCleanup(forget);
  };
}

/**
 * What binds a control to its field path: the id its label points at, the
 * path as its `name`, the registration that lets the form route its errors
 * and findings to it, and, while the path has an error, the marks that make
 * a screen reader announce it. Spread last onto the control.
 */
function controlAttrs(form: FormBinding, path: string) {
  return {
    id: fieldId(path),
    name: path,
    ref: registerAs(form, path),
    "aria-invalid": form.error(path) ? ("true" as const) : undefined,
    "aria-describedby": form.error(path) ? `${fieldId(path)}-error` : undefined,
  };
}

/**
 * Adding to and removing from the list at `path`. A new item is appended and
 * the first control of the last `itemSelector` inside the container takes the
 * focus, so the keyboard user types straight into what they just added. A
 * removal says what went in a toast with Undo, which puts the item back
 * where it was; the focus moves to the list's Add button, not to the page.
 */
export function listEdits<T>(
  form: FormBinding,
  path: string,
  items: () => T[],
  container: () => HTMLElement,
  itemSelector: string,
  describe: (item: T, index: number) => string,
) {
  return {
    add: (item: T) => {
      form.set(path, [...items(), item]);
      queueMicrotask(() => {
        const all = container().querySelectorAll<HTMLElement>(itemSelector);
        all[all.length - 1]?.querySelector<HTMLElement>("input, select")?.focus();
      });
    },
    remove: (index: number) => {
      const removed = items()[index];
      const what = describe(removed, index);
      form.set(
        path,
        items().filter((_, i) => i !== index),
      );
      container().querySelector<HTMLElement>("[data-add-item]")?.focus();
      showToast(`Removed ${what}`, "info", {
        label: "Undo",
        run: () => {
          const now = [...items()];
          now.splice(Math.min(index, now.length), 0, removed);
          form.set(path, now);
        },
      });
    },
  };
}

/**
 * Removes item `index` of a list; its accessible name starts with its
 * visible text and says which item. Placed after the item's fields, so
 * tabbing forward from the section above reaches the fields first.
 */
export function RemoveItemButton(props: { itemLabel: string; index: number; onClick: () => void }) {
  return (
    <button
      type="button"
      class="button button-small button-quiet remove-item"
      aria-label={`Remove ${props.itemLabel} ${props.index + 1}`}
      onClick={() => props.onClick()}
    >
      Remove
    </button>
  );
}

/** Appends an item to a list. */
export function AddItemButton(props: { itemLabel: string; onClick: () => void }) {
  return (
    <button type="button" class="button button-small" data-add-item onClick={() => props.onClick()}>
      + Add {props.itemLabel}
    </button>
  );
}

/**
 * Longer than this, a value goes in a `<textarea>` even where a one-line
 * input is meant: WebKit caps an `<input>` at 524,288 characters and cuts
 * the rest off silently, so editing such a field would save it truncated.
 * Far below that cap, no real title or name comes near it.
 */
export const ONE_LINE_LIMIT = 100_000;

function tooLongForOneLine(value: string): boolean {
  return value.length > ONE_LINE_LIMIT;
}

export function TextInput(props: {
  path: string;
  label: string;
  hint?: string;
  placeholder?: string;
  multiline?: boolean;
  wide?: boolean;
  testid?: string;
  readonly?: boolean;
}) {
  const form = useForm();
  const value = () => (form.get(props.path) as string | null | undefined) ?? "";
  return (
    <Field path={props.path} label={props.label} hint={props.hint} wide={props.wide || props.multiline}>
      <Show
        when={props.multiline || tooLongForOneLine(value())}
        fallback={
          <input
            type="text"
            class="input"
            value={value()}
            placeholder={props.placeholder}
            readOnly={props.readonly}
            data-testid={props.testid}
            onInput={(e) => form.set(props.path, e.currentTarget.value)}
            {...controlAttrs(form, props.path)}
          />
        }
      >
        <textarea
          class="input textarea"
          rows={3}
          value={value()}
          placeholder={props.placeholder}
          readOnly={props.readonly}
          data-testid={props.testid}
          onInput={(e) => form.set(props.path, e.currentTarget.value)}
          {...controlAttrs(form, props.path)}
        />
      </Show>
    </Field>
  );
}

/** A number, or null when empty. `integer` for hours and days (u32 in the file). */
export function NumberInput(props: {
  path: string;
  label: string;
  hint?: string;
  integer?: boolean;
  max?: number;
  step?: string;
  placeholder?: string;
}) {
  const form = useForm();
  const value = () => {
    const v = form.get(props.path);
    return typeof v === "number" ? String(v) : "";
  };
  const onInput = (raw: string) => {
    const text = raw.trim();
    if (text === "") {
      form.setLocalError(props.path, null);
      form.set(props.path, null);
      return;
    }
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0 || (props.integer && !Number.isInteger(n)) || (props.max !== undefined && n > props.max)) {
      form.setLocalError(
        props.path,
        props.integer
          ? "Write a whole number (0 or more), or leave it empty."
          : `Write a number from 0 to ${props.max ?? "any"}, e.g. 0.7, or leave it empty.`,
      );
      return;
    }
    form.setLocalError(props.path, null);
    form.set(props.path, n);
  };
  return (
    <Field path={props.path} label={props.label} hint={props.hint}>
      <input
        type="text"
        inputmode={props.integer ? "numeric" : "decimal"}
        class="input input-number"
        value={value()}
        placeholder={props.placeholder}
        onInput={(e) => onInput(e.currentTarget.value)}
        {...controlAttrs(form, props.path)}
      />
    </Field>
  );
}

export function SelectInput<K extends string>(props: {
  path: string;
  label: string;
  hint?: string;
  labels: Record<K, string>;
  /** Label of the empty choice; omit when a value is required. */
  emptyLabel?: string;
}) {
  const form = useForm();
  const value = () => (form.get(props.path) as string | null | undefined) ?? "";
  return (
    <Field path={props.path} label={props.label} hint={props.hint}>
      <select
        class="input"
        value={value()}
        onChange={(e) => form.set(props.path, e.currentTarget.value === "" ? null : e.currentTarget.value)}
        {...controlAttrs(form, props.path)}
      >
        <Show when={props.emptyLabel !== undefined}>
          <option value="">{props.emptyLabel}</option>
        </Show>
        <For each={Object.entries(props.labels) as Array<[string, string]>}>
          {([key, label]) => (
            <option value={key} selected={key === value()}>
              {label}
            </option>
          )}
        </For>
      </select>
    </Field>
  );
}

/** A set of enum values as checkboxes; the value is the list of checked keys in enum order. */
export function CheckboxGroup<K extends string>(props: { path: string; label: string; hint?: string; labels: Record<K, string> }) {
  const form = useForm();
  const checked = () => (form.get(props.path) as string[] | undefined) ?? [];
  const toggle = (key: string, on: boolean) => {
    const keys = Object.keys(props.labels);
    const next = new Set(checked());
    if (on) next.add(key);
    else next.delete(key);
    form.set(props.path, keys.filter((k) => next.has(k)));
  };
  return (
    <fieldset class="field field-wide checkbox-group" data-field={props.path} ref={registerAs(form, props.path)}>
      <legend class="field-label">{props.label}</legend>
      <div class="checkbox-row">
        <For each={Object.entries(props.labels) as Array<[string, string]>}>
          {([key, label]) => (
            <label class="checkbox">
              <input
                type="checkbox"
                name={props.path}
                ref={registerAs(form, props.path)}
                value={key}
                checked={checked().includes(key)}
                onChange={(e) => toggle(key, e.currentTarget.checked)}
              />
              <span>{label}</span>
            </label>
          )}
        </For>
      </div>
      <Show when={props.hint}>
        <p class="field-hint">{props.hint}</p>
      </Show>
      <FieldError path={props.path} />
    </fieldset>
  );
}

export function CheckboxInput(props: { path: string; label: string }) {
  const form = useForm();
  return (
    <div class="field field-wide">
      <label class="checkbox">
        <input
          id={fieldId(props.path)}
          ref={registerAs(form, props.path)}
          type="checkbox"
          name={props.path}
          checked={form.get(props.path) === true}
          onChange={(e) => form.set(props.path, e.currentTarget.checked)}
        />
        <span>{props.label}</span>
      </label>
      <FieldError path={props.path} />
    </div>
  );
}

/**
 * A calendar date (`YYYY-MM-DD`) or null, in one text field: one Tab stop
 * where WebKit's date input has three. Text that is not a real date is an
 * error beside the field until fixed; the stored value stays what it was.
 */
export function DateInput(props: { path: string; label: string }) {
  const form = useForm();
  const stored = () => (form.get(props.path) as string | null | undefined) ?? "";
  const [text, setText] = createSignal<string | null>(null);
  const commit = (raw: string) => {
    const value = raw.trim();
    if (value === "") {
      form.setLocalError(props.path, null);
      form.set(props.path, null);
      setText(null);
      return;
    }
    if (!isCalendarDate(value)) {
      form.setLocalError(props.path, "Write a date as YYYY-MM-DD, e.g. 2026-12-01, or leave it empty.");
      return;
    }
    form.setLocalError(props.path, null);
    form.set(props.path, value);
    setText(null);
  };
  return (
    <Field path={props.path} label={props.label}>
      <input
        type="text"
        class="input input-date"
        inputmode="numeric"
        autocomplete="off"
        placeholder="YYYY-MM-DD"
        value={text() ?? stored()}
        onInput={(e) => setText(e.currentTarget.value)}
        onChange={(e) => commit(e.currentTarget.value)}
        {...controlAttrs(form, props.path)}
      />
    </Field>
  );
}

/** `2026-02-28` yes, `2026-02-30` and `2026-2-3` no. */
function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * A moment in time: one text field in local time (`2026-12-01 08:00`),
 * stored as RFC 3339 UTC. One control, one Tab stop and the usual focus
 * ring (WebKit's datetime-local input is five stops with a thin border);
 * empty reads "never" (a placeholder that looks like a date looks like a
 * value). Text that is not a date and time is an error beside the field
 * until fixed; the stored value stays what it was.
 */
export function DateTimeInput(props: { path: string; label: string; hint?: string; emptyText?: string }) {
  const form = useForm();
  const stored = () => isoToLocalText(form.get(props.path) as string | null | undefined);
  const [text, setText] = createSignal<string | null>(null);
  const commit = (raw: string) => {
    const value = raw.trim();
    if (value === "") {
      form.setLocalError(props.path, null);
      form.set(props.path, null);
      setText(null);
      return;
    }
    const iso = localTextToIso(value);
    if (iso === null) {
      form.setLocalError(props.path, "Write a date and time as YYYY-MM-DD HH:MM, e.g. 2026-12-01 08:00, or leave it empty.");
      return;
    }
    form.setLocalError(props.path, null);
    form.set(props.path, iso);
    setText(null);
  };
  return (
    <Field path={props.path} label={props.label} hint={props.hint}>
      <input
        type="text"
        class="input input-datetime"
        inputmode="numeric"
        autocomplete="off"
        placeholder={props.emptyText ?? "never"}
        value={text() ?? stored()}
        onInput={(e) => setText(e.currentTarget.value)}
        onChange={(e) => commit(e.currentTarget.value)}
        {...controlAttrs(form, props.path)}
      />
    </Field>
  );
}

/** A list of short texts (identifiers, reason codes, pause triggers) with add and remove. */
export function StringList(props: { path: string; label: string; hint?: string; itemLabel: string; placeholder?: string }) {
  const form = useForm();
  const items = () => (form.get(props.path) as string[] | undefined) ?? [];
  let container!: HTMLFieldSetElement;
  const edits = listEdits(form, props.path, items, () => container, ".string-list-item", (item, index) =>
    item.trim() ? `${props.itemLabel} “${item.trim()}”` : `${props.itemLabel} ${index + 1}`,
  );
  const register = registerAs(form, props.path);
  return (
    <fieldset
      ref={(el) => {
        container = el;
        register(el);
      }}
      class="field field-wide string-list"
      data-field={props.path}
    >
      <legend class="field-label">{props.label}</legend>
      <Show when={props.hint}>
        <p class="field-hint">{props.hint}</p>
      </Show>
      <ul class="string-list-items">
        <Index each={items()}>
          {(item, index) => {
            const path = `${props.path}[${index}]`;
            return (
              <li class="string-list-item">
                <Show
                  when={tooLongForOneLine(item())}
                  fallback={
                    <input
                      type="text"
                      class="input"
                      aria-label={`${props.itemLabel} ${index + 1}`}
                      placeholder={props.placeholder}
                      value={item()}
                      onInput={(e) => form.set(path, e.currentTarget.value)}
                      {...controlAttrs(form, path)}
                    />
                  }
                >
                  <textarea
                    class="input textarea"
                    rows={3}
                    aria-label={`${props.itemLabel} ${index + 1}`}
                    value={item()}
                    onInput={(e) => form.set(path, e.currentTarget.value)}
                    {...controlAttrs(form, path)}
                  />
                </Show>
                <RemoveItemButton itemLabel={props.itemLabel} index={index} onClick={() => edits.remove(index)} />
                <FieldError path={path} />
              </li>
            );
          }}
        </Index>
      </ul>
      <AddItemButton itemLabel={props.itemLabel} onClick={() => edits.add("")} />
      <FieldError path={props.path} />
    </fieldset>
  );
}
