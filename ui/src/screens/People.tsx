/**
 * People: everyone who can own or review a contract. Add, edit in place,
 * delete after confirming; the registry refuses to delete someone who still
 * owns a contract, and its message (naming the contracts) is shown as is.
 */
import { createSignal, For, onMount, Show } from "solid-js";
import type { Person } from "../bindings/Person";
import { ErrorBanner } from "../components/ErrorBanner";
import { ConfirmDialog } from "../components/Modal";
import { PersonForm } from "../components/PersonForm";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { people, refreshAppInfo, refreshPeople, setPeople } from "../session";
import { showToast } from "../toast";

export function People() {
  const [adding, setAdding] = createSignal(false);
  const [editing, setEditing] = createSignal<string | null>(null);
  const [deleting, setDeleting] = createSignal<Person | null>(null);
  const [error, setError] = createSignal<WarrantError | null>(null);

  onMount(() => void refreshPeople());

  const add = async (person: Person): Promise<WarrantError | null> => {
    try {
      setPeople(await ipc.addPerson(person));
      setAdding(false);
      showToast(`Added ${person.name}`);
      void refreshAppInfo();
      return null;
    } catch (e) {
      return e as WarrantError;
    }
  };

  const update = async (email: string, person: Person): Promise<WarrantError | null> => {
    try {
      setPeople(await ipc.updatePerson(email, person));
      setEditing(null);
      showToast(`Saved ${person.name}`);
      void refreshAppInfo();
      return null;
    } catch (e) {
      return e as WarrantError;
    }
  };

  const confirmDelete = async (ok: boolean) => {
    const person = deleting();
    setDeleting(null);
    if (!ok || !person) return;
    try {
      setPeople(await ipc.deletePerson(person.email));
      setError(null);
      showToast(`Deleted ${person.name}`);
      void refreshAppInfo();
    } catch (e) {
      setError(e as WarrantError);
    }
  };

  return (
    <div class="people">
      <header class="screen-header">
        <div>
          <h1 class="screen-title">People</h1>
          <p class="muted">Owners and reviewers are picked from this list. {people().length} {people().length === 1 ? "person" : "people"}.</p>
        </div>
        <button type="button" class="button button-primary" data-testid="people-add" onClick={() => setAdding(true)} disabled={adding()}>
          Add person
        </button>
      </header>
      <ErrorBanner error={error()} onDismiss={() => setError(null)} />
      <Show when={adding()}>
        <div class="card">
          <h2 class="section-title">Add a person</h2>
          <PersonForm idPrefix="person-new" submitLabel="Add" onSubmit={add} onCancel={() => setAdding(false)} />
        </div>
      </Show>
      <Show
        when={people().length > 0}
        fallback={
          <div class="empty-state">
            <h2 class="empty-title">Nobody here yet</h2>
            <p>Add the people who own workflows, data, destinations and exceptions.</p>
          </div>
        }
      >
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Team</th>
                <th scope="col">Title</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={people()}>
                {(p) => (
                  <Show
                    when={editing() === p.email}
                    fallback={
                      <tr data-testid="people-row" data-email={p.email}>
                        <td>
                          <span class="clamp-3">{p.name}</span>
                        </td>
                        <td class="mono">{p.email}</td>
                        <td>
                          <span class="clamp-3">{p.team}</span>
                        </td>
                        <td>
                          <span class="clamp-3">{p.title}</span>
                        </td>
                        <td class="row-actions">
                          <button type="button" class="button button-small" onClick={() => setEditing(p.email)}>
                            Edit
                          </button>
                          <button type="button" class="button button-small button-quiet" data-testid="people-delete" onClick={() => setDeleting(p)}>
                            Delete
                          </button>
                        </td>
                      </tr>
                    }
                  >
                    <tr data-testid="people-row" data-email={p.email} class="editing-row">
                      <td colspan="5">
                        <PersonForm
                          idPrefix={`person-edit`}
                          initial={p}
                          submitLabel="Save"
                          onSubmit={(person) => update(p.email, person)}
                          onCancel={() => setEditing(null)}
                        />
                      </td>
                    </tr>
                  </Show>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <Show when={deleting()}>
        {(person) => (
          <ConfirmDialog
            title={`Delete ${person().name}?`}
            message={`${person().name} (${person().email}) will be removed from the people list. Someone who still owns a contract cannot be deleted.`}
            confirmLabel="Delete"
            danger
            onAnswer={(ok) => void confirmDelete(ok)}
          />
        )}
      </Show>
    </div>
  );
}
