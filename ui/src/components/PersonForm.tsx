/**
 * The four fields of a person, used to add or edit one (People screen,
 * first-run dialog, "add person…" beside an owner picker). Shows the
 * backend's refusal next to the field it names. The form appears because
 * someone asked for it, so it takes focus (its first field); Escape cancels
 * it.
 */
import { createSignal, onMount, Show } from "solid-js";
import type { Person } from "../bindings/Person";
import type { WarrantError } from "../ipc";

export function PersonForm(props: {
  initial?: Person;
  submitLabel: string;
  /** Resolves with an error to show, or null when done. */
  onSubmit: (person: Person) => Promise<WarrantError | null>;
  onCancel?: () => void;
  /** Prefix for input names, so two forms on one page stay distinct. */
  idPrefix: string;
}) {
  const [name, setName] = createSignal(props.initial?.name ?? "");
  const [email, setEmail] = createSignal(props.initial?.email ?? "");
  const [team, setTeam] = createSignal(props.initial?.team ?? "");
  const [title, setTitle] = createSignal(props.initial?.title ?? "");
  const [error, setError] = createSignal<WarrantError | null>(null);
  const [busy, setBusy] = createSignal(false);
  let form!: HTMLFormElement;
  onMount(() => form.querySelector<HTMLInputElement>("input")?.focus());

  const submit = async (e: Event) => {
    e.preventDefault();
    e.stopPropagation();
    setBusy(true);
    const result = await props.onSubmit({
      name: name().trim(),
      email: email().trim(),
      team: team().trim(),
      title: title().trim(),
    });
    setBusy(false);
    setError(result);
  };

  const fieldError = (field: string) => {
    const e = error();
    return e && e.field === field ? e.message : null;
  };
  const generalError = () => {
    const e = error();
    return e && (e.field !== "name" && e.field !== "email" && e.field !== "team" && e.field !== "title") ? e.message : null;
  };

  const input = (field: "name" | "email" | "team" | "title", label: string, value: () => string, set: (v: string) => void, type = "text", autofocus = false) => (
    <div class="field">
      <label class="field-label" for={`${props.idPrefix}-${field}`}>
        {label}
      </label>
      <input
        id={`${props.idPrefix}-${field}`}
        name={field}
        type={type}
        class="input"
        value={value()}
        onInput={(e) => set(e.currentTarget.value)}
        aria-invalid={fieldError(field) ? "true" : undefined}
        data-autofocus={autofocus ? "" : undefined}
        required={field === "name" || field === "email"}
      />
      <Show when={fieldError(field)}>
        {(message) => (
          <p class="field-error" data-testid="field-error" data-field-error={field}>
            {message()}
          </p>
        )}
      </Show>
    </div>
  );

  return (
    <form
      class="person-form"
      ref={form}
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key !== "Escape" || !props.onCancel) return;
        e.preventDefault();
        e.stopPropagation();
        props.onCancel();
      }}
    >
      <div class="person-form-grid">
        {input("name", "Name", name, setName, "text", true)}
        {input("email", "E-mail", email, setEmail, "email")}
        {input("team", "Team", team, setTeam)}
        {input("title", "Job title", title, setTitle)}
      </div>
      <Show when={generalError()}>
        {(message) => (
          <p class="field-error" role="alert">
            {message()}
          </p>
        )}
      </Show>
      <div class="form-actions">
        <Show when={props.onCancel}>
          <button type="button" class="button" onClick={() => props.onCancel?.()}>
            Cancel
          </button>
        </Show>
        <button type="submit" class="button button-primary" disabled={busy()}>
          {props.submitLabel}
        </button>
      </div>
    </form>
  );
}
