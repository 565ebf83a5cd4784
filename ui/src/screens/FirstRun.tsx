/**
 * First run: nobody is "acting" yet, so ask who is using Warrant — pick
 * from the people list (nobody pre-selected, each with title and team, so
 * a click on Continue never makes you the VP by accident) or add yourself.
 * Says plainly that this is attribution on a single-user desktop, not a
 * login, and that the example people can go once your own team is in.
 */
import { createSignal, For, Show } from "solid-js";
import type { Person } from "../bindings/Person";
import { Modal } from "../components/Modal";
import { PersonForm } from "../components/PersonForm";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { personDetail } from "../components/ActingAsSwitcher";
import { actAs as actAsPerson, people, setPeople } from "../session";

export function FirstRunDialog() {
  const [choice, setChoice] = createSignal("");
  const [adding, setAdding] = createSignal(people().length === 0);
  const [error, setError] = createSignal<WarrantError | null>(null);

  const actAs = async (email: string) => {
    try {
      await actAsPerson(email);
    } catch (e) {
      setError(e as WarrantError);
    }
  };

  const addYourself = async (person: Person): Promise<WarrantError | null> => {
    try {
      setPeople(await ipc.addPerson(person));
      await actAs(person.email);
      return null;
    } catch (e) {
      return e as WarrantError;
    }
  };

  return (
    <Modal title="Who is using Warrant?" testid="first-run">
      <p class="modal-text">
        Warrant stamps every change, review and import with a name. Pick yours. This is attribution on a single-user desktop, not a login: there are no passwords, and you can switch with “Acting as” at the top of the window.
      </p>
      <p class="modal-text muted">
        The people listed first are examples that own the example contracts. Once you have added yourself and your team, the People screen removes them in one step.
      </p>
      <Show when={error()}>
        {(e) => (
          <p class="field-error" role="alert">
            {e().message}
          </p>
        )}
      </Show>
      <Show
        when={!adding()}
        fallback={
          <>
            <h3 class="panel-subtitle">Add yourself</h3>
            <PersonForm
              idPrefix="first-run"
              submitLabel="Add me and continue"
              onSubmit={addYourself}
              onCancel={people().length > 0 ? () => setAdding(false) : undefined}
            />
          </>
        }
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (choice()) void actAs(choice());
          }}
        >
          <div class="field">
            <label class="field-label" for="first-run-person">
              I am
            </label>
            <select
              id="first-run-person"
              class="input"
              data-testid="first-run-select"
              data-autofocus
              value={choice()}
              onChange={(e) => setChoice(e.currentTarget.value)}
            >
              <option value="" disabled selected={!choice()}>
                Choose your name
              </option>
              <For each={people()}>
                {(p) => (
                  <option value={p.email} selected={p.email === choice()}>
                    {p.name}
                    {personDetail(p) ? ` — ${personDetail(p)}` : ""} ({p.email})
                  </option>
                )}
              </For>
            </select>
          </div>
          <Show when={!choice()}>
            <p class="muted" id="first-run-why">
              Choose your name first, or add yourself.
            </p>
          </Show>
          <div class="modal-actions">
            <button type="button" class="link-button" onClick={() => setAdding(true)}>
              I am not in the list — add me
            </button>
            <button
              type="submit"
              class="button button-primary"
              data-testid="first-run-continue"
              aria-disabled={!choice() ? "true" : undefined}
              aria-describedby={!choice() ? "first-run-why" : undefined}
            >
              Continue
            </button>
          </div>
        </form>
      </Show>
    </Modal>
  );
}
