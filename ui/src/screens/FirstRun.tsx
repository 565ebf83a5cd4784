/**
 * First run: nobody is "acting" yet, so ask who is using Warrant — pick
 * from the people list or add yourself. Says plainly that this is
 * attribution on a single-user desktop, not a login.
 */
import { createSignal, For, Show } from "solid-js";
import type { Person } from "../bindings/Person";
import { Modal } from "../components/Modal";
import { PersonForm } from "../components/PersonForm";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { people, setAppInfo, setPeople } from "../session";

export function FirstRunDialog() {
  const [choice, setChoice] = createSignal(people()[0]?.email ?? "");
  const [adding, setAdding] = createSignal(people().length === 0);
  const [error, setError] = createSignal<WarrantError | null>(null);

  const actAs = async (email: string) => {
    try {
      setAppInfo(await ipc.setActingAs(email));
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
        Warrant stamps every change, review and import with a name. Pick yours. This is attribution on a single-user desktop, not a login: there are no passwords, and you can switch in Settings.
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
              <For each={people()}>
                {(p) => (
                  <option value={p.email}>
                    {p.name} ({p.email})
                  </option>
                )}
              </For>
            </select>
          </div>
          <div class="modal-actions">
            <button type="button" class="link-button" onClick={() => setAdding(true)}>
              I am not in the list — add me
            </button>
            <button type="submit" class="button button-primary" data-testid="first-run-continue" disabled={!choice()}>
              Continue
            </button>
          </div>
        </form>
      </Show>
    </Modal>
  );
}
