/**
 * The editor's form: the ten worksheet areas as sections, then the
 * definitions and the launch checklist. Layout only — every input is bound
 * through the {@link FormContext} the editor's state provides
 * (`editorState.ts`), and lists of structured items (sources, rules,
 * definitions) put each item's Remove after its fields, with Undo.
 */
import { For, Index, Show, type JSX } from "solid-js";
import type { Contract } from "../bindings/Contract";
import type { Standing } from "../bindings/Standing";
import {
  AddItemButton,
  CheckboxGroup,
  CheckboxInput,
  DateInput,
  DateTimeInput,
  Field,
  FieldError,
  fieldId,
  listEdits,
  NumberInput,
  registerAs,
  RemoveItemButton,
  SelectInput,
  StringList,
  TextInput,
  useForm,
} from "./FormControls";
import { PersonSelect } from "./PersonSelect";
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

const area = (key: string): Area => AREAS.find((a) => a.key === key)!;

/** Every section of the contract form, in worksheet order. */
export function ContractSections(props: { contract: Contract; saved: boolean }) {
  const form = useForm();
  return (
    <>
    <section class="form-section" data-field="identity" tabindex="-1" aria-labelledby="sec-identity" ref={registerAs(form, "identity", "target")}>
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
            <input id={fieldId("id")} name="id" ref={registerAs(form, "id")} class="input mono" value={props.contract.id} readOnly />
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
        items={props.contract.sources ?? []}
        blank={() => ({ name: "", system: null, role: null, trust: null, owner: null, max_age_hours: null })}
        title={(i) => props.contract.sources?.[i]?.name || `Source ${i + 1}`}
      >
        {(i) => (
          <>
            <TextInput path={`sources[${i}].name`} label="Name" placeholder="e.g. account_health_current" />
            <SelectInput path={`sources[${i}].system`} label="System" labels={SOURCE_SYSTEM_LABELS} emptyLabel="— choose —" />
            <SelectInput path={`sources[${i}].role`} label="Role" labels={SOURCE_ROLE_LABELS} emptyLabel="— choose —" />
            <SelectInput path={`sources[${i}].trust`} label="Trust" labels={TRUST_LABELS} emptyLabel="— choose —" />
            <OwnerField path={`sources[${i}].owner`} label="Owner" />
            <NumberInput path={`sources[${i}].max_age_hours`} label="Oldest usable data (hours)" integer placeholder="e.g. 24" />
            <DateTimeInput path={`sources[${i}].last_synced_at`} label="Last synced" hint="Optional, local time (YYYY-MM-DD HH:MM); checked against the oldest usable age." />
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
        items={props.contract.suppression ?? []}
        blank={() => ({ name: "", category: null, action: null, when: "" })}
        title={(i) => props.contract.suppression?.[i]?.name || `Rule ${i + 1}`}
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

    <section class="form-section" data-field="definitions" tabindex="-1" aria-labelledby="sec-definitions" ref={registerAs(form, "definitions", "target")}>
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
          items={props.contract.definitions ?? []}
          blank={() => ({ name: "", status: "agreed" })}
          title={(i) => props.contract.definitions?.[i]?.name || `Definition ${i + 1}`}
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

    <section class="form-section" data-field="launch_checks" tabindex="-1" aria-labelledby="sec-launch" ref={registerAs(form, "launch_checks", "target")}>
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
    </>
  );
}

function AreaSection(props: { area: Area; children: JSX.Element }) {
  const form = useForm();
  const headingId = `sec-${props.area.key}`;
  return (
    <section
      class="form-section"
      data-field={props.area.key}
      tabindex="-1"
      aria-labelledby={headingId}
      ref={registerAs(form, props.area.key, "target")}
    >
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
        ref={registerAs(form, props.path)}
        value={form.get(props.path) as string | null | undefined}
        invalid={!!form.error(props.path)}
        describedBy={form.error(props.path) ? `${fieldId(props.path)}-error` : undefined}
        onChange={(email) => form.set(props.path, email)}
      />
    </Field>
  );
}

/**
 * A list of structured items (sources, rules, definitions), each a small
 * card: its title, its fields, then its Remove button — so tabbing forward
 * from the section above reaches the fields, not the button that deletes
 * them. A removal can be undone from the toast it shows.
 */
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
  const edits = listEdits(form, props.path, () => props.items, () => container, ".list-card", (_, index) => {
    const title = props.title(index);
    return title.toLowerCase().startsWith(props.itemLabel) ? `${props.itemLabel} ${index + 1}` : `${props.itemLabel} “${title}”`;
  });
  const register = registerAs(form, props.path);
  return (
    <div
      ref={(el) => {
        container = el;
        register(el);
      }}
      class="object-list field-wide"
      data-field={props.path}
      tabindex="-1"
    >
      <Show when={props.items.length === 0}>
        <p class="muted empty-list">No {props.itemLabel}s yet.</p>
      </Show>
      {/* Index, not For: card i always edits item i, so the paths stay right after a removal. */}
      <Index each={props.items}>
        {(_, index) => (
          <div class="list-card" data-field={`${props.path}[${index}]`} tabindex="-1" ref={registerAs(form, `${props.path}[${index}]`, "target")}>
            <h3 class="list-card-title">{props.title(index)}</h3>
            <div class="field-grid">{props.children(index)}</div>
            <div class="list-card-foot">
              <RemoveItemButton itemLabel={props.itemLabel} index={index} onClick={() => edits.remove(index)} />
            </div>
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
export function EditingNotice(props: { standing: Standing | null; nextVersion: number | null }) {
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
