/**
 * People: everyone who can own or review a contract. Add, edit in place,
 * delete after confirming; the registry refuses to delete someone who still
 * owns a contract, and its message (naming the contracts) is shown as is.
 * While the example people a new registry came with are still listed, and
 * the acting person is not one of them, one button removes them all: the
 * example contracts then name the acting person instead (the core does it
 * in one step and records it). Inline forms take focus and close on Escape;
 * focus then returns to the button that opened them.
 */
import { createResource, createSignal, For, onMount, Show } from "solid-js";
import { focusOrHeading } from "../focus";
import type { Person } from "../bindings/Person";
import { ErrorBanner } from "../components/ErrorBanner";
import { ConfirmDialog } from "../components/Modal";
import { PersonForm } from "../components/PersonForm";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import { appInfo, people, refreshAppInfo, refreshPeople, refreshWaiting, setPeople } from "../session";
import { showToast } from "../toast";

export function People() {
  const [adding, setAdding] = createSignal(false);
  const [editing, setEditing] = createSignal<string | null>(null);
  const [deleting, setDeleting] = createSignal<Person | null>(null);
  const [error, setError] = createSignal<WarrantError | null>(null);

  const [examples, { refetch: refetchExamples }] = createResource(() => ipc.examplePeople().catch(() => []));
  const [clearing, setClearing] = createSignal(false);
  let addButton: HTMLButtonElement | undefined;
  onMount(() => void refreshPeople());

  /** True when the acting person is someone the team entered, not an example. */
  const actingIsOwn = () => {
    const me = appInfo()?.acting_as?.email.toLowerCase();
    return !!me && !(examples() ?? []).some((p) => p.email.toLowerCase() === me);
  };
  // Focus moves once the form is gone and the button is back (enabled, re-rendered).
  const closeAdd = () => {
    setAdding(false);
    setTimeout(() => focusOrHeading(addButton), 0);
  };
  const closeEdit = (email: string) => {
    setEditing(null);
    setTimeout(() => {
      const edits = document.querySelectorAll<HTMLElement>('[data-testid="people-edit"]');
      focusOrHeading([...edits].find((b) => b.dataset.email === email));
    }, 0);
  };
  const removeExamples = async (ok: boolean) => {
    setClearing(false);
    if (!ok) return;
    try {
      const before = (examples() ?? []).length;
      setPeople(await ipc.removeExamplePeople());
      setError(null);
      showToast(`Removed ${before} example ${before === 1 ? "person" : "people"}; their contracts now name you`);
      void refetchExamples();
      void refreshAppInfo();
      void refreshWaiting();
    } catch (e) {
      setError(e as WarrantError);
    }
  };

  const add = async (person: Person): Promise<WarrantError | null> => {
    try {
      setPeople(await ipc.addPerson(person));
      closeAdd();
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
      closeEdit(person.email);
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
      void refetchExamples();
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
        <button type="button" class="button button-primary" data-testid="people-add" ref={addButton} onClick={() => setAdding(true)} disabled={adding()}>
          Add person
        </button>
      </header>
      <ErrorBanner error={error()} onDismiss={() => setError(null)} />
      <Show when={(examples() ?? []).length > 0}>
        <div class="card examples-note" data-testid="people-examples">
          <p>
            {(examples() ?? []).length} of these people are examples that came with Warrant; the example contracts name them as owners.
          </p>
          <Show
            when={actingIsOwn()}
            fallback={<p class="muted">Add yourself and your team, act as yourself, and you can remove the examples in one step.</p>}
          >
            <button type="button" class="button" data-testid="people-remove-examples" onClick={() => setClearing(true)}>
              Remove the {(examples() ?? []).length} example people
            </button>
          </Show>
        </div>
      </Show>
      <Show when={adding()}>
        <div class="card">
          <h2 class="section-title">Add a person</h2>
          <PersonForm idPrefix="person-new" submitLabel="Add" onSubmit={add} onCancel={closeAdd} />
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
                          <button type="button" class="button button-small" data-testid="people-edit" data-email={p.email} onClick={() => setEditing(p.email)}>
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
                          onCancel={() => closeEdit(p.email)}
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
      <Show when={clearing()}>
        <ConfirmDialog
          title="Remove the example people?"
          message={`${(examples() ?? []).map((p) => p.name).join(", ")} will be removed. Every example contract that names one of them will name you (${appInfo()?.acting_as?.name ?? ""}) instead, saved as a new version; the audit trail records it.`}
          confirmLabel="Remove them"
          danger
          onAnswer={(ok) => void removeExamples(ok)}
        />
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
