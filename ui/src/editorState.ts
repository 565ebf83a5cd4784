/**
 * The contract editor's state machine, apart from its layout: the form's
 * content and its saved baseline (dirty tracking), the live re-check and
 * re-validation after each pause in typing, saving (and what the registry
 * holds after), routing each error to the field that shows it or to the
 * banner, the id of an unsaved draft following its title, and the guard
 * that asks before unsaved changes are left behind.
 *
 * Errors and findings reach their fields through the controls' own
 * registrations ({@link FormBinding.register}), never by querying the
 * DOM. `Editor.tsx` and the components under it only lay this out.
 */
import { batch, createEffect, createSignal, on, onCleanup } from "solid-js";
import { createStore, produce, reconcile, unwrap } from "solid-js/store";
import type { Contract } from "./bindings/Contract";
import type { Readiness } from "./bindings/Readiness";
import type { Standing } from "./bindings/Standing";
import type { StatusChange } from "./bindings/StatusChange";
import type { FormBinding } from "./components/FormControls";
import { canonicalJson, getAt, normalizeContract, pathFallbacks, setAt } from "./contract";
import * as ipc from "./ipc";
import type { WarrantError } from "./ipc";
import { STATUS_LABELS } from "./labels";
import { navigate, routeTo, setLeaveGuard } from "./router";
import { refreshAppInfo } from "./session";
import { showToast } from "./toast";

/** Pause after the last keystroke before the readiness check runs again. */
export const CHECK_DELAY_MS = 150;

export type EditorTab = "form" | "versions";

export type EditorInput = {
  /** The contract as loaded, or a new draft. */
  initial: Contract;
  /** Readiness the backend computed on load, shown until the first live check. */
  initialReadiness?: Readiness | null;
  /** False for a draft that was never saved: its id is still editable. */
  saved: boolean;
  /** Where a stored contract stands, and the number its next save gets. */
  standing?: Standing;
  nextVersion?: number;
  /** An unsaved draft's id follows its title until one is typed (default: when it has no id yet). */
  idFollowsTitle?: boolean;
};

/** What the form shows for one path: elements that show its errors, elements that only take focus. */
type Registered = { slots: HTMLElement[]; targets: HTMLElement[] };

export function createEditorState(input: EditorInput) {
  const [standing, setStanding] = createSignal<Standing | null>(input.standing ?? null);
  const [nextVersion, setNextVersion] = createSignal<number | null>(input.nextVersion ?? null);
  const [contract, setContract] = createStore<Contract>(normalizeContract(input.initial));
  // An unsaved draft has a baseline too: leaving one nobody touched asks nothing.
  const [baseline, setBaseline] = createSignal<string>(canonicalJson(input.initial));
  const [readiness, setReadiness] = createSignal<Readiness | null>(input.initialReadiness ?? null);
  const [checking, setChecking] = createSignal(false);
  const [checkError, setCheckError] = createSignal<string | null>(null);
  const [serverErrors, setServerErrors] = createSignal<Record<string, string>>({});
  const [localErrors, setLocalErrors] = createSignal<Record<string, string>>({});
  const [banner, setBanner] = createSignal<WarrantError | null>(null);
  const [saving, setSaving] = createSignal(false);
  const [tab, setTab] = createSignal<EditorTab>("form");
  const [versionsStamp, setVersionsStamp] = createSignal(0);
  const [leaveQuestion, setLeaveQuestion] = createSignal<((ok: boolean) => void) | null>(null);
  // An unsaved draft's id follows its title until someone types an id.
  const [idTyped, setIdTyped] = createSignal(input.saved || !(input.idFollowsTitle ?? input.initial.id.trim() === ""));

  const registered = new Map<string, Registered>();

  const dirty = () => canonicalJson(contract) !== baseline();

  const binding: FormBinding = {
    get: (path) => getAt(contract, path),
    set: (path, value) => {
      if (path === "id") setIdTyped(true);
      setContract(produce((draft) => setAt(draft, path, value)));
    },
    error: (path) => localErrors()[path] ?? serverErrors()[path],
    setLocalError: (path, message) =>
      setLocalErrors((all) => {
        const next = { ...all };
        if (message) next[path] = message;
        else delete next[path];
        return next;
      }),
    register: (path, element, kind) => {
      const entry = registered.get(path) ?? { slots: [], targets: [] };
      (kind === "slot" ? entry.slots : entry.targets).push(element);
      registered.set(path, entry);
      return () => {
        entry.slots = entry.slots.filter((e) => e !== element);
        entry.targets = entry.targets.filter((e) => e !== element);
        if (entry.slots.length === 0 && entry.targets.length === 0) registered.delete(path);
      };
    },
  };

  /** True when a control shows errors for exactly this path. */
  const hasErrorSlot = (field: string) => (registered.get(field)?.slots.length ?? 0) > 0;

  /**
   * The element a field path points at: its control, else its section (or
   * list item), else the list that shows its errors — trying the path, then
   * each enclosing one (`sources[0].owner`, `sources[0]`, `sources`).
   */
  const findTarget = (field: string): HTMLElement | null => {
    const isControl = (el: HTMLElement) => ["INPUT", "SELECT", "TEXTAREA", "BUTTON"].includes(el.tagName);
    for (const path of pathFallbacks(field)) {
      const entry = registered.get(path);
      if (!entry) continue;
      const el = entry.slots.find(isControl) ?? entry.targets[0] ?? entry.slots[0];
      if (el) return el;
    }
    return null;
  };

  /** Errors with a field that has a control go beside it; the rest to the banner. */
  const applyErrors = (errors: WarrantError[]) => {
    const byField: Record<string, string> = {};
    const general: WarrantError[] = [];
    for (const error of errors) {
      if (error.field && hasErrorSlot(error.field)) byField[error.field] ??= error.message;
      else general.push(error);
    }
    batch(() => {
      setServerErrors(byField);
      setBanner(
        general.length === 0
          ? null
          : { code: general[0].code, message: general.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join("\n") },
      );
    });
  };

  const focusField = (field: string) => {
    const go = () => {
      const el = findTarget(field);
      if (!el) return;
      el.scrollIntoView?.({ block: "center", behavior: "smooth" });
      el.focus({ preventScroll: true });
    };
    if (tab() !== "form") {
      setTab("form");
      queueMicrotask(go);
    } else go();
  };

  // Live readiness and validation: re-run after each pause in typing. A
  // counter drops answers that arrive after a newer request was sent.
  let requestNo = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(() => {
    const snapshot = JSON.parse(JSON.stringify(contract)) as Contract;
    clearTimeout(timer);
    timer = setTimeout(() => void recheck(snapshot), CHECK_DELAY_MS);
  });
  onCleanup(() => clearTimeout(timer));

  const recheck = async (snapshot: Contract) => {
    const mine = ++requestNo;
    setChecking(true);
    const [checked, validated] = await Promise.allSettled([ipc.checkContract(snapshot), ipc.validateContract(snapshot)]);
    if (mine !== requestNo) return;
    setChecking(false);
    if (checked.status === "fulfilled") {
      setReadiness(checked.value);
      setCheckError(null);
    } else {
      setCheckError((checked.reason as WarrantError).message);
    }
    if (validated.status === "fulfilled") applyErrors(validated.value);
  };

  // The id of an unsaved draft, derived from its title by the core (a free
  // id) while nobody typed one — also at the start, for a blank draft that
  // came with a title only. Asked after the same pause as the re-check.
  let idTimer: ReturnType<typeof setTimeout> | undefined;
  let idRequest = 0;
  createEffect(
    on(
      () => contract.title,
      (title) => {
        if (input.saved || idTyped() || title.trim() === "") return;
        clearTimeout(idTimer);
        const mine = ++idRequest;
        idTimer = setTimeout(() => {
          ipc
            .suggestId(title)
            .then((id) => {
              if (mine === idRequest && !idTyped() && id !== contract.id) setContract("id", id);
            })
            .catch(() => {
              // Leaves the id as it is; the person can still type one.
            });
        }, CHECK_DELAY_MS);
      },
    ),
  );
  onCleanup(() => clearTimeout(idTimer));

  const save = async () => {
    if (saving()) return;
    if (Object.keys(localErrors()).length > 0) {
      focusField(Object.keys(localErrors())[0]);
      showToast("Fix the highlighted fields before saving.", "error");
      return;
    }
    setSaving(true);
    const snapshot = JSON.parse(JSON.stringify(unwrap(contract))) as Contract;
    try {
      const saved = await ipc.saveContract(snapshot);
      batch(() => {
        setBaseline(canonicalJson(snapshot));
        setServerErrors({});
        setBanner(null);
      });
      showToast(
        saved.outcome === "unchanged"
          ? "No changes"
          : saved.pending_over !== null
            ? `Saved version ${saved.version} as a pending draft; version ${saved.pending_over} stays ${STATUS_LABELS[standing()?.status ?? "live"].toLowerCase()}`
            : saved.returned_to_draft
              ? `Saved version ${saved.version}; it is back to draft and needs a new review`
              : `Saved version ${saved.version}`,
      );
      setVersionsStamp((n) => n + 1);
      if (saved.outcome === "created") void refreshAppInfo();
      if (!input.saved) await navigate(routeTo("contract", saved.id), { force: true });
      else if (saved.outcome !== "unchanged") await reloadAfterSave(saved.id);
    } catch (e) {
      const error = e as WarrantError;
      applyErrors([error]);
      if (error.field && hasErrorSlot(error.field)) focusField(error.field);
      showToast("Not saved: " + error.message, "error");
    } finally {
      setSaving(false);
    }
  };

  /**
   * Saving can change more than the form sent (an edit after approval sends
   * the contract back to draft), so show what the registry now holds.
   */
  const reloadAfterSave = async (id: string) => {
    try {
      const view = await ipc.getContract(id);
      batch(() => {
        setContract(reconcile(normalizeContract(view.stored.contract)));
        setBaseline(canonicalJson(view.stored.contract));
        setReadiness(view.readiness);
        setStanding(view.standing);
        setNextVersion(view.next_version);
        setVersionsStamp((n) => n + 1);
      });
    } catch {
      // The save itself succeeded; the form still shows what was saved.
    }
  };

  /**
   * A lifecycle change from the bar above the form. The status lives outside
   * the content: keep the form's copy (of the version being edited: the
   * pending one, when there is one) in step without making it an unsaved change.
   */
  const statusChanged = (change: StatusChange) => {
    const status = change.standing.pending ?? change.standing.status;
    setStanding(change.standing);
    if (change.action === "discard") {
      void reloadAfterSave(contract.id);
      return;
    }
    setContract("status", status);
    setBaseline(canonicalJson({ ...(JSON.parse(baseline()) as object), status }));
  };

  /** Asks (through the leave dialog) before unsaved changes are left; leaving an untouched form asks nothing. */
  const installLeaveGuard = () =>
    setLeaveGuard(
      () =>
        new Promise<boolean>((resolve) => {
          if (!dirty()) return resolve(true);
          setLeaveQuestion(() => (ok: boolean) => {
            setLeaveQuestion(null);
            resolve(ok);
          });
        }),
    );

  return {
    contract,
    binding,
    dirty,
    standing,
    nextVersion,
    readiness,
    checking,
    checkError,
    banner,
    dismissBanner: () => setBanner(null),
    saving,
    tab,
    setTab,
    versionsStamp,
    leaveQuestion,
    save,
    reloadAfterSave,
    statusChanged,
    focusField,
    installLeaveGuard,
  };
}

export type EditorState = ReturnType<typeof createEditorState>;
