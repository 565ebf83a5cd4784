/**
 * Picks an owner from the people list, with an "add person…" link that adds
 * someone new without leaving the form. The value is an e-mail address.
 */
import { createSignal, For, Show } from "solid-js";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { people, setPeople } from "../session";
import { Modal } from "./Modal";
import { PersonForm } from "./PersonForm";

export function PersonSelect(props: {
  id: string;
  name: string;
  value: string | null | undefined;
  onChange: (email: string | null) => void;
  invalid?: boolean;
  describedBy?: string;
  /** Receives the select, e.g. to register it with a form. */
  ref?: (select: HTMLSelectElement) => void;
}) {
  const [adding, setAdding] = createSignal(false);
  const unknownValue = () => {
    const v = props.value;
    return v && !people().some((p) => p.email === v) ? v : null;
  };

  const add = async (person: Parameters<typeof ipc.addPerson>[0]): Promise<WarrantError | null> => {
    try {
      setPeople(await ipc.addPerson(person));
      props.onChange(person.email);
      setAdding(false);
      return null;
    } catch (e) {
      return e as WarrantError;
    }
  };

  return (
    <div class="person-select">
      <select
        id={props.id}
        name={props.name}
        ref={(el) => props.ref?.(el)}
        class="input"
        value={props.value ?? ""}
        aria-invalid={props.invalid ? "true" : undefined}
        aria-describedby={props.describedBy}
        onChange={(e) => props.onChange(e.currentTarget.value || null)}
      >
        <option value="">— nobody named —</option>
        <For each={people()}>
          {(p) => (
            <option value={p.email} selected={p.email === props.value}>
              {p.name} ({p.email})
            </option>
          )}
        </For>
        <Show when={unknownValue()}>
          {(email) => (
            <option value={email()} selected>
              {email()} (not in the people list)
            </option>
          )}
        </Show>
      </select>
      <button type="button" class="link-button" onClick={() => setAdding(true)}>
        add person…
      </button>
      <Show when={adding()}>
        <Modal title="Add a person" onClose={() => setAdding(false)}>
          <PersonForm
            idPrefix={`${props.id}-new`}
            submitLabel="Add and pick"
            onSubmit={add}
            onCancel={() => setAdding(false)}
          />
        </Modal>
      </Show>
    </div>
  );
}
