/**
 * The contract editor: the ten worksheet areas as form sections, the
 * definitions and launch checklist, and a live readiness panel beside them.
 * Every change is re-checked (check_contract) and re-validated
 * (validate_contract) after a short pause; Save (or Ctrl+S) stores a new
 * version. A Versions tab lists saved versions and compares any two.
 */
import { batch, createEffect, createSignal, For, Index, onCleanup, onMount, Show, type JSX } from "solid-js";
import { createStore, produce, reconcile, unwrap } from "solid-js/store";
import type { Contract } from "../bindings/Contract";
import type { Readiness } from "../bindings/Readiness";
import type { Standing } from "../bindings/Standing";
import { ErrorBanner } from "../components/ErrorBanner";
import {
  AddItemButton,
  CheckboxGroup,
  CheckboxInput,
  DateInput,
  DateTimeInput,
  Field,
  FieldError,
  fieldId,
  FormContext,
  listEdits,
  NumberInput,
  RemoveItemButton,
  SelectInput,
  StringList,
  TextInput,
  type FormBinding,
  useForm,
} from "../components/FormControls";
import { ConfirmDialog } from "../components/Modal";
import { LifecycleBar } from "../components/LifecycleBar";
import { WorksheetButton } from "../components/WorksheetButton";
import { PersonSelect } from "../components/PersonSelect";
import { ReadinessPanel } from "../components/ReadinessPanel";
import { canonicalJson, cssString, getAt, normalizeContract, pathFallbacks, setAt } from "../contract";
import * as ipc from "../ipc";
import type { WarrantError } from "../ipc";
import {
  AREAS,
  AUDIT_RECORD_LABELS,
  AUTHORITY_LABELS,
  CATEGORY_LABELS,
  DEFINITION_STATUS_LABELS,
  DESTINATION_SYSTEM_LABELS,
  ENTITY_LABELS,
  LAUNCH_STEPS,
  MATCHING_LABELS,
  SOURCE_ROLE_LABELS,
  SOURCE_SYSTEM_LABELS,
  STATUS_LABELS,
  SUPPRESSION_ACTION_LABELS,
  SUPPRESSION_CATEGORY_LABELS,
  TRUST_LABELS,
  VISIBLE_CONTEXT_LABELS,
  type Area,
} from "../labels";
import { navigate, routeTo, setLeaveGuard } from "../router";
import { refreshAppInfo } from "../session";
import { showToast } from "../toast";
import { VersionsTab } from "./Versions";

/** Pause after the last keystroke before the readiness check runs again. */
const CHECK_DELAY_MS = 150;

export function Editor(props: {
  /** The contract as loaded, or a new draft. */
  initial: Contract;
  /** Readiness the backend computed on load, shown until the first live check. */
  initialReadiness?: Readiness | null;
  /** False for a draft that was never saved: its id is still editable. */
  saved: boolean;
  /** Where a stored contract stands, and the number its next save gets. */
  standing?: Standing;
  nextVersion?: number;
  /** The field to focus on opening (a missing rule clicked on the review screen). */
  openOn?: string | null;
}) {
  const [standing, setStanding] = createSignal<Standing | null>(props.standing ?? null);
  const [nextVersion, setNextVersion] = createSignal<number | null>(props.nextVersion ?? null);
  const [contract, setContract] = createStore<Contract>(normalizeContract(props.initial));
  const [baseline, setBaseline] = createSignal<string | null>(props.saved ? canonicalJson(props.initial) : null);
  const [readiness, setReadiness] = createSignal<Readiness | null>(props.initialReadiness ?? null);
  const [checking, setChecking] = createSignal(false);
  const [checkError, setCheckError] = createSignal<string | null>(null);
  const [serverErrors, setServerErrors] = createSignal<Record<string, string>>({});
  const [localErrors, setLocalErrors] = createSignal<Record<string, string>>({});
  const [banner, setBanner] = createSignal<WarrantError | null>(null);
  const [saving, setSaving] = createSignal(false);
  const [tab, setTab] = createSignal<"form" | "versions">("form");
  const [versionsStamp, setVersionsStamp] = createSignal(0);
  const [leaveQuestion, setLeaveQuestion] = createSignal<((ok: boolean) => void) | null>(null);
  let form!: HTMLFormElement;

  const dirty = () => baseline() === null || canonicalJson(contract) !== baseline();

  const binding: FormBinding = {
    get: (path) => getAt(contract, path),
    set: (path, value) => setContract(produce((draft) => setAt(draft, path, value))),
    error: (path) => localErrors()[path] ?? serverErrors()[path],
    setLocalError: (path, message) =>
      setLocalErrors((all) => {
        const next = { ...all };
        if (message) next[path] = message;
        else delete next[path];
        return next;
      }),
  };

  /** Errors with a field that has an input go beside it; the rest to the banner. */
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

  /** True when the form shows errors for exactly this path (an input or a list of inputs). */
  const hasErrorSlot = (field: string) => {
    if (!form) return false;
    const quoted = cssString(field);
    return form.querySelector(`[name=${quoted}], [data-field=${quoted}]:not(section)`) !== null;
  };

  /** The element a field path points at: the input itself, else its group or section. */
  const findTarget = (field: string): HTMLElement | null => {
    if (!form) return null;
    for (const path of pathFallbacks(field)) {
      const quoted = cssString(path);
      const el = form.querySelector<HTMLElement>(`[name=${quoted}]`) ?? form.querySelector<HTMLElement>(`[data-field=${quoted}]`);
      if (el) return el;
    }
    return null;
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
      if (!props.saved) await navigate(routeTo("contract", saved.id), { force: true });
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
      });
    } catch {
      // The save itself succeeded; the form still shows what was saved.
    }
  };

  onMount(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s") {
        e.preventDefault();
        void save();
      }
    };
    window.addEventListener("keydown", onKey);
    onCleanup(() => window.removeEventListener("keydown", onKey));
    const removeGuard = setLeaveGuard(
      () =>
        new Promise<boolean>((resolve) => {
          if (!dirty()) return resolve(true);
          setLeaveQuestion(() => (ok: boolean) => {
            setLeaveQuestion(null);
            resolve(ok);
          });
        }),
    );
    onCleanup(removeGuard);
  });

  // A missing rule clicked on the review screen's ladder opens the editor on its field.
  onMount(() => {
    const field = props.saved ? (props.openOn ?? null) : null;
    if (field) focusField(field);
  });

  const area = (key: string): Area => AREAS.find((a) => a.key === key)!;

  return (
    <FormContext.Provider value={binding}>
      <div class="editor">
        <header class="screen-header editor-header">
          <div class="editor-heading">
            <h1 class="screen-title title-clamp">{contract.title || "Untitled contract"}</h1>
            <p class="muted editor-meta">
              <span class="mono">{contract.id || "no id yet"}</span>
              <span class="status-pill" data-testid="editor-status">
                {standing()?.pending
                  ? `Pending version ${standing()!.current}: ${STATUS_LABELS[standing()!.pending!].toLowerCase()}`
                  : STATUS_LABELS[contract.status ?? "draft"]}
              </span>
              <Show when={dirty()}>
                <span class="unsaved" data-testid="editor-unsaved">
                  {props.saved ? "Unsaved changes" : "Not saved yet"}
                </span>
              </Show>
            </p>
          </div>
          <div class="editor-actions">
            <Show when={props.saved}>
              <div class="tabs" role="tablist" aria-label="Editor views">
                <button
                  type="button"
                  role="tab"
                  class="tab"
                  aria-selected={tab() === "form"}
                  onClick={() => setTab("form")}
                >
                  Contract
                </button>
                <button
                  type="button"
                  role="tab"
                  class="tab"
                  aria-selected={tab() === "versions"}
                  data-testid="editor-versions-tab"
                  onClick={() => setTab("versions")}
                >
                  Versions
                </button>
              </div>
            </Show>
            <Show when={props.saved}>
              <button
                type="button"
                class="button"
                data-testid="editor-dryrun"
                onClick={() => void navigate(routeTo("dryrun", contract.id))}
              >
                Dry run
              </button>
              <WorksheetButton id={contract.id} />
            </Show>
            <button
              type="button"
              class="button button-primary"
              data-testid="editor-save"
              disabled={saving()}
              title="Save (Ctrl+S)"
              onClick={() => void save()}
            >
              {saving() ? "Saving…" : "Save"}
            </button>
          </div>
        </header>
        <Show when={props.saved}>
          <LifecycleBar
            id={contract.id}
            refresh={versionsStamp()}
            pauseProcedure={contract.exceptions?.pause_procedure ?? ""}
            onStatus={(change) => {
              // The status lives outside the content: keep the form's copy (of
              // the version being edited: the pending one, when there is one)
              // in step without turning it into an unsaved change.
              const status = change.standing.pending ?? change.standing.status;
              setStanding(change.standing);
              if (change.action === "discard") {
                void reloadAfterSave(contract.id);
                return;
              }
              setContract("status", status);
              const saved = baseline();
              if (saved !== null) setBaseline(canonicalJson({ ...(JSON.parse(saved) as object), status }));
            }}
          />
          <EditingNotice standing={standing()} nextVersion={nextVersion()} />
        </Show>
        <ErrorBanner error={banner()} onDismiss={() => setBanner(null)} />
        <Show when={tab() === "versions"}>
          <VersionsTab id={contract.id} refresh={versionsStamp()} />
        </Show>
        <div class="editor-body" classList={{ hidden: tab() !== "form" }}>
          <form
            ref={form}
            class="contract-form"
            aria-label="Contract"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <section class="form-section" data-field="identity" tabindex="-1" aria-labelledby="sec-identity">
              <h2 class="section-title" id="sec-identity">
                Contract
              </h2>
              <div class="field-grid">
                <TextInput path="title" label="Title" testid="editor-title" wide placeholder="e.g. Churn-risk summary for CSMs" />
                <Show
                  when={props.saved}
                  fallback={
                    <TextInput
                      path="id"
                      label="Id"
                      hint="Stable key used in files and links: lowercase letters, digits and '-'. It cannot change after the first save."
                      placeholder="e.g. churn-risk-summary"
                    />
                  }
                >
                  <Field path="id" label="Id">
                    <input id={fieldId("id")} name="id" class="input mono" value={contract.id} readOnly />
                  </Field>
                </Show>
              </div>
            </section>

            <AreaSection area={area("workflow")}>
              <SelectInput path="workflow.category" label="Workflow category" labels={CATEGORY_LABELS} />
              <TextInput
                path="workflow.description"
                label="What the workflow does"
                multiline
                placeholder="e.g. Draft a churn-risk summary when the health model crosses the review threshold."
              />
              <TextInput
                path="workflow.decision"
                label="The behaviour that should change"
                multiline
                placeholder="e.g. The CSM confirms the reason code before the CRM health band changes."
              />
            </AreaSection>

            <AreaSection area={area("sources")}>
              <ObjectList
                path="sources"
                itemLabel="source"
                items={contract.sources ?? []}
                blank={() => ({ name: "", system: null, role: null, trust: null, owner: null, max_age_hours: null })}
                title={(i) => contract.sources?.[i]?.name || `Source ${i + 1}`}
              >
                {(i) => (
                  <>
                    <TextInput path={`sources[${i}].name`} label="Name" placeholder="e.g. account_health_current" />
                    <SelectInput path={`sources[${i}].system`} label="System" labels={SOURCE_SYSTEM_LABELS} emptyLabel="— choose —" />
                    <SelectInput path={`sources[${i}].role`} label="Role" labels={SOURCE_ROLE_LABELS} emptyLabel="— choose —" />
                    <SelectInput path={`sources[${i}].trust`} label="Trust" labels={TRUST_LABELS} emptyLabel="— choose —" />
                    <OwnerField path={`sources[${i}].owner`} label="Owner" />
                    <NumberInput path={`sources[${i}].max_age_hours`} label="Oldest usable data (hours)" integer placeholder="e.g. 24" />
                    <DateTimeInput path={`sources[${i}].last_synced_at`} label="Last synced" hint="Optional; checked against the oldest usable age." />
                  </>
                )}
              </ObjectList>
            </AreaSection>

            <AreaSection area={area("grain")}>
              <SelectInput path="grain.entity" label="Entity" labels={ENTITY_LABELS} emptyLabel="— choose —" />
              <SelectInput path="grain.matching" label="How records are matched" labels={MATCHING_LABELS} emptyLabel="— choose —" />
              <NumberInput path="grain.match_rate" label="Match rate (0–1)" max={1} placeholder="e.g. 0.97" />
              <NumberInput path="grain.match_rate_target" label="Match rate target (0–1)" max={1} placeholder="e.g. 0.95" />
              <StringList path="grain.identifiers" label="Stable identifiers" itemLabel="identifier" placeholder="e.g. salesforce_account_id" />
            </AreaSection>

            <AreaSection area={area("owners")}>
              <OwnerField path="owners.business" label="Business owner" hint="Owns the action the workflow changes." />
              <OwnerField path="owners.data" label="Data owner" hint="Owns the logic behind the inputs." />
            </AreaSection>

            <AreaSection area={area("authority")}>
              <SelectInput path="authority" label="Requested authority" labels={AUTHORITY_LABELS} />
              <p class="field-hint field-wide">
                Start at the lowest level that is still useful, and raise it only after reviewing real examples.
              </p>
            </AreaSection>

            <AreaSection area={area("thresholds")}>
              <NumberInput path="thresholds.min_confidence" label="Minimum confidence (0–1)" max={1} placeholder="e.g. 0.7" />
              <TextInput path="thresholds.sync_cadence" label="Sync cadence" placeholder="e.g. daily" />
              <NumberInput path="thresholds.max_field_age_hours" label="Oldest usable field (hours)" integer placeholder="e.g. 48" />
              <NumberInput path="thresholds.output_expires_after_hours" label="Output expires after (hours)" integer placeholder="e.g. 168" />
              <CheckboxInput path="thresholds.reason_codes_required" label="Every output must carry a reason code" />
              <StringList path="thresholds.reason_codes" label="Reason codes" itemLabel="reason code" placeholder="e.g. usage_drop" />
            </AreaSection>

            <AreaSection area={area("suppression")}>
              <ObjectList
                path="suppression"
                itemLabel="rule"
                items={contract.suppression ?? []}
                blank={() => ({ name: "", category: null, action: null, when: "" })}
                title={(i) => contract.suppression?.[i]?.name || `Rule ${i + 1}`}
              >
                {(i) => (
                  <>
                    <TextInput path={`suppression[${i}].name`} label="Name" placeholder="e.g. Unresolved P1/P2 support case" />
                    <SelectInput path={`suppression[${i}].category`} label="Category" labels={SUPPRESSION_CATEGORY_LABELS} emptyLabel="— choose —" />
                    <SelectInput path={`suppression[${i}].action`} label="What happens" labels={SUPPRESSION_ACTION_LABELS} emptyLabel="— choose —" />
                    <TextInput
                      path={`suppression[${i}].when`}
                      label="When (optional condition)"
                      wide
                      placeholder={'e.g. record.support_severity in ["P1", "P2"]'}
                      hint="A CEL expression over one sample record; used by dry runs."
                    />
                  </>
                )}
              </ObjectList>
            </AreaSection>

            <AreaSection area={area("destination")}>
              <SelectInput path="destination.system" label="System" labels={DESTINATION_SYSTEM_LABELS} emptyLabel="— choose —" />
              <TextInput path="destination.target" label="Object, field, channel or queue" placeholder="e.g. Account.Churn_Summary__c" />
              <OwnerField path="owners.destination" label="Destination owner" hint="Owns the field, channel or queue the output lands in." />
              <CheckboxGroup path="destination.shows" label="What the user sees beside the output" labels={VISIBLE_CONTEXT_LABELS} />
            </AreaSection>

            <AreaSection area={area("exceptions")}>
              <OwnerField path="owners.exception" label="Exception owner" hint="Looks into bad examples and owns the pause." />
              <TextInput path="exceptions.pause_procedure" label="How to pause it" multiline placeholder="e.g. CS ops turns the sync off in the scheduler and posts in #cs-ops." />
              <TextInput path="exceptions.rollback" label="How to undo what it did" multiline placeholder="e.g. Restore the previous health band from the nightly snapshot." />
              <StringList path="exceptions.pause_triggers" label="Pause when…" itemLabel="pause trigger" placeholder="e.g. match rate below 0.95" />
            </AreaSection>

            <AreaSection area={area("audit")}>
              <CheckboxGroup path="audit.records" label="Recorded for every output" labels={AUDIT_RECORD_LABELS} />
              <NumberInput path="audit.retention_days" label="Kept for (days)" integer placeholder="e.g. 365" />
            </AreaSection>

            <section class="form-section" data-field="definitions" tabindex="-1" aria-labelledby="sec-definitions">
              <h2 class="section-title" id="sec-definitions">
                Definitions
              </h2>
              <p class="section-hint">
                Business terms the workflow relies on (lifecycle stage, account tier, revenue…). Mark a term contested while teams still disagree on it.
              </p>
              <div class="field-grid">
                <ObjectList
                  path="definitions"
                  itemLabel="definition"
                  items={contract.definitions ?? []}
                  blank={() => ({ name: "", status: "agreed" })}
                  title={(i) => contract.definitions?.[i]?.name || `Definition ${i + 1}`}
                >
                  {(i) => (
                    <>
                      <TextInput path={`definitions[${i}].name`} label="Term" placeholder="e.g. account health band" />
                      <SelectInput path={`definitions[${i}].status`} label="Status" labels={DEFINITION_STATUS_LABELS} />
                    </>
                  )}
                </ObjectList>
              </div>
            </section>

            <section class="form-section" data-field="launch_checks" tabindex="-1" aria-labelledby="sec-launch">
              <h2 class="section-title" id="sec-launch">
                Launch checklist
              </h2>
              <p class="section-hint">The seven steps of a first contract review. Enter the date each one was done.</p>
              <ol class="launch-steps">
                <For each={LAUNCH_STEPS}>
                  {(step) => (
                    <li class="launch-step">
                      <DateInput path={`launch_checks.${step.key}`} label={step.label} />
                    </li>
                  )}
                </For>
              </ol>
            </section>
          </form>
          <ReadinessPanel readiness={readiness()} checking={checking()} error={checkError()} onFinding={focusField} />
        </div>
      </div>
      <Show when={leaveQuestion()}>
        {(answer) => (
          <ConfirmDialog
            title="Leave without saving?"
            message="This contract has changes that are not saved. Leaving now discards them."
            confirmLabel="Discard changes"
            danger
            onAnswer={(ok) => answer()(ok)}
          />
        )}
      </Show>
    </FormContext.Provider>
  );
}

function AreaSection(props: { area: Area; children: JSX.Element }) {
  const headingId = `sec-${props.area.key}`;
  return (
    <section class="form-section" data-field={props.area.key} tabindex="-1" aria-labelledby={headingId}>
      <h2 class="section-title" id={headingId}>
        <span class="section-number">{props.area.number}</span>
        {props.area.title}
      </h2>
      <p class="section-hint">
        {props.area.write} <span class="operator-test">Test: {props.area.test}</span>
      </p>
      <div class="field-grid">{props.children}</div>
    </section>
  );
}

function OwnerField(props: { path: string; label: string; hint?: string }) {
  const form = useForm();
  return (
    <Field path={props.path} label={props.label} hint={props.hint}>
      <PersonSelect
        id={fieldId(props.path)}
        name={props.path}
        value={form.get(props.path) as string | null | undefined}
        invalid={!!form.error(props.path)}
        describedBy={form.error(props.path) ? `${fieldId(props.path)}-error` : undefined}
        onChange={(email) => form.set(props.path, email)}
      />
    </Field>
  );
}

/** A list of structured items (sources, rules, definitions), each a small card. */
function ObjectList<T>(props: {
  path: string;
  itemLabel: string;
  items: T[];
  blank: () => T;
  title: (index: number) => string;
  children: (index: number) => JSX.Element;
}) {
  const form = useForm();
  let container!: HTMLDivElement;
  const edits = listEdits(form, props.path, () => props.items, () => container, ".list-card");
  return (
    <div ref={container} class="object-list field-wide" data-field={props.path} tabindex="-1">
      <Show when={props.items.length === 0}>
        <p class="muted empty-list">No {props.itemLabel}s yet.</p>
      </Show>
      {/* Index, not For: card i always edits item i, so the paths stay right after a removal. */}
      <Index each={props.items}>
        {(_, index) => (
          <div class="list-card" data-field={`${props.path}[${index}]`}>
            <div class="list-card-head">
              <h3 class="list-card-title">{props.title(index)}</h3>
              <RemoveItemButton itemLabel={props.itemLabel} index={index} onClick={() => edits.remove(index)} />
            </div>
            <div class="field-grid">{props.children(index)}</div>
          </div>
        )}
      </Index>
      <AddItemButton itemLabel={props.itemLabel} onClick={() => edits.add(props.blank())} />
      <FieldError path={props.path} />
    </div>
  );
}

/**
 * Which version the form edits and what keeps running, said before the first
 * edit of a signed-off contract: an edit never moves the version in force.
 */
function EditingNotice(props: { standing: Standing | null; nextVersion: number | null }) {
  const text = () => {
    const s = props.standing;
    if (!s) return null;
    const running = STATUS_LABELS[s.status].toLowerCase();
    if (s.pending && s.in_force !== null) {
      return `You are editing version ${s.current}, the pending version (${STATUS_LABELS[s.pending].toLowerCase()}). Version ${s.in_force} stays ${running} until version ${s.current} is approved and launched; saving a change sends version ${s.current} back to draft.`;
    }
    if (["approved", "live", "paused"].includes(s.status) && s.in_force !== null) {
      const next = props.nextVersion ?? s.current + 1;
      return `Version ${s.in_force} is ${running}. Saving a change drafts version ${next} for review; version ${s.in_force} stays ${running} (and can be paused) until version ${next} is approved and launched.`;
    }
    return null;
  };
  return (
    <Show when={text()}>
      <p class="editing-notice" role="note" data-testid="editor-editing-notice">
        {text()}
      </p>
    </Show>
  );
}
