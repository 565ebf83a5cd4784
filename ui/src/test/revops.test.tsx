/**
 * The RevOps lead's path through the editor and the dry run: Remove after a
 * group's fields with Undo, the readiness shortcut, one-field date-times,
 * the tabs' keys, a draft's id following its title, restoring a version,
 * and dry-run results that name their records, filter and export.
 */
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import type { DryRunOutcome } from "../bindings/DryRunOutcome";
import type { RecordOutcome } from "../bindings/RecordOutcome";
import { Toasts } from "../components/Toasts";
import { DryRun } from "../screens/DryRun";
import { Editor } from "../screens/Editor";
import { setPeople } from "../session";
import { contract, people, readiness } from "./fixtures";
import { type Handlers, mockApp } from "./mock-app";

/** IPC with the editor's background calls answered; `handlers` add or replace commands. */
function mockCommands(handlers: Handlers = {}) {
  return mockApp(
    { check_contract: () => readiness, validate_contract: () => [], list_versions: () => [], ...handlers },
    { events: true },
  );
}

const twoSources = () =>
  contract({
    sources: [
      { name: "account_health_current", system: "warehouse", role: "source_of_truth", trust: "trusted", owner: "dana@example.com" },
      { name: "Support cases", system: "support", role: "context", trust: "trusted", owner: null },
    ],
  });

describe("editor lists", () => {
  it("puts Remove after the group's fields, and Undo puts the group back where it was", async () => {
    mockCommands();
    setPeople(people);
    const { container } = render(() => (
      <>
        <Editor initial={twoSources()} saved />
        <Toasts />
      </>
    ));
    const card = container.querySelector('[data-field="sources[0]"]')!;
    const controls = [...card.querySelectorAll("input, select, button")];
    const remove = screen.getByLabelText("Remove source 1");
    // Tabbing forward meets every field of the group before its Remove.
    expect(controls[controls.length - 1]).toBe(remove);
    expect(controls.indexOf(card.querySelector('[name="sources[0].name"]')!)).toBe(0);

    fireEvent.click(remove);
    await waitFor(() => expect(container.querySelectorAll(".list-card")).toHaveLength(1));
    expect((container.querySelector('[name="sources[0].name"]') as HTMLInputElement).value).toBe("Support cases");
    expect(document.activeElement?.textContent).toContain("Add source");
    const toast = screen.getByTestId("toast");
    expect(toast.textContent).toContain("Removed source “account_health_current”");
    fireEvent.click(screen.getByTestId("toast-action"));
    await waitFor(() => expect(container.querySelectorAll(".list-card")).toHaveLength(2));
    expect((container.querySelector('[name="sources[0].name"]') as HTMLInputElement).value).toBe("account_health_current");
    expect(screen.queryByTestId("toast")).toBeNull();
  });
});

describe("editor keys and controls", () => {
  it("moves the focus to the readiness panel on Alt+R and says so on the button", async () => {
    mockCommands();
    render(() => <Editor initial={contract()} saved />);
    const button = screen.getByTestId("editor-go-readiness");
    expect(button.parentElement!.textContent).toContain("Alt+R");
    expect(button.getAttribute("aria-keyshortcuts")).toBe("Alt+R");
    fireEvent.keyDown(window, { key: "r", code: "KeyR", altKey: true });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("readiness-panel")));
    expect(screen.getByTestId("readiness-panel").getAttribute("aria-keyshortcuts")).toBe("Alt+R");
  });

  it("edits a date-time in one text field that reads 'never' when empty and refuses a non-date", async () => {
    const calls = mockCommands({ save_contract: () => ({ id: "churn-risk-summary", outcome: "new_version", version: 3, returned_to_draft: false, pending_over: null }) });
    render(() => <Editor initial={contract()} saved />);
    const field = document.querySelector('[name="sources[0].last_synced_at"]') as HTMLInputElement;
    expect(field.type).toBe("text");
    expect(field.placeholder).toBe("never");
    expect(field.value).toBe("");
    fireEvent.change(field, { target: { value: "tomorrow" } });
    await waitFor(() => expect(document.querySelector('[data-field-error="sources[0].last_synced_at"]')).not.toBeNull());
    fireEvent.change(field, { target: { value: "2026-12-01 08:30" } });
    await waitFor(() => expect(document.querySelector('[data-field-error="sources[0].last_synced_at"]')).toBeNull());
    fireEvent.keyDown(window, { key: "s", ctrlKey: true });
    await waitFor(() => expect(calls.some(([cmd]) => cmd === "save_contract")).toBe(true));
    const sent = calls.find(([cmd]) => cmd === "save_contract")![1].contract as ReturnType<typeof contract>;
    expect(sent.sources![0].last_synced_at).toBe(new Date(2026, 11, 1, 8, 30).toISOString().replace(/\.\d{3}Z$/, "Z"));
  });

  it("moves between the Contract and Versions tabs with the arrow keys", async () => {
    mockCommands();
    render(() => <Editor initial={contract()} saved />);
    const tabs = screen.getAllByRole("tab");
    expect(tabs.map((t) => t.getAttribute("tabindex"))).toEqual(["0", "-1"]);
    expect(tabs[0].getAttribute("aria-controls")).toBe("editor-panel-form");
    expect(document.getElementById("editor-panel-form")?.getAttribute("role")).toBe("tabpanel");
    tabs[0].focus();
    fireEvent.keyDown(tabs[0], { key: "ArrowRight" });
    await waitFor(() => expect(tabs[1].getAttribute("aria-selected")).toBe("true"));
    expect(document.activeElement).toBe(tabs[1]);
    expect(document.getElementById("editor-panel-versions")?.getAttribute("role")).toBe("tabpanel");
    fireEvent.keyDown(tabs[1], { key: "Home" });
    await waitFor(() => expect(tabs[0].getAttribute("aria-selected")).toBe("true"));
  });

  it("fills an unsaved draft's id from its title until an id is typed", async () => {
    const calls = mockCommands({ suggest_id: (a) => String(a.title).toLowerCase().replace(/[^a-z0-9]+/g, "-") });
    render(() => <Editor initial={contract({ id: "a-template-id", title: "" })} idFollowsTitle saved={false} />);
    fireEvent.input(screen.getByTestId("editor-title"), { target: { value: "EMEA rep alerts" } });
    const id = document.querySelector('[name="id"]') as HTMLInputElement;
    await waitFor(() => expect(id.value).toBe("emea-rep-alerts"));
    fireEvent.input(id, { target: { value: "my-own-id" } });
    fireEvent.input(screen.getByTestId("editor-title"), { target: { value: "Something else" } });
    await new Promise((r) => setTimeout(r, 400));
    expect(id.value).toBe("my-own-id");
    expect(calls.filter(([cmd]) => cmd === "suggest_id")).toHaveLength(1);
  });
});

describe("versions", () => {
  it("shows changes under the form's labels and restores an older version", async () => {
    let restored = 0;
    mockCommands({
      list_versions: () => [
        { version: 1, saved_at: "2026-11-01T09:00:00Z", saved_by: "dana@example.com", summary: "created", described: "Created" },
        {
          version: 2,
          saved_at: "2026-11-02T09:00:00Z",
          saved_by: "dana@example.com",
          summary: "thresholds.min_confidence: 0.7 → 0.75",
          described: "Minimum confidence: 0.7 → 0.75",
        },
      ],
      diff_versions: () => [{ field: "thresholds.min_confidence", label: "Minimum confidence", change: "0.7 → 0.75" }],
      restore_version: (a) => {
        expect(a).toEqual({ id: "churn-risk-summary", version: 1 });
        restored++;
        return { id: "churn-risk-summary", outcome: "new_version", version: 3, returned_to_draft: false, pending_over: null };
      },
      get_contract: () => ({
        stored: { contract: contract(), version: 3, saved_at: "", saved_by: "" },
        readiness,
        standing: { status: "draft", current: 3, in_force: null, pending: null },
        next_version: 4,
      }),
      lifecycle_state: () => {
        throw { code: "internal", message: "not needed here" };
      },
    });
    render(() => (
      <>
        <Editor initial={contract()} saved standing={{ status: "draft", current: 2, in_force: null, pending: null }} nextVersion={3} />
        <Toasts />
      </>
    ));
    fireEvent.click(screen.getByTestId("editor-versions-tab"));
    const rows = await waitFor(() => {
      const found = screen.getAllByTestId("version-row");
      expect(found).toHaveLength(2);
      return found;
    });
    expect(rows[0].textContent).toContain("Minimum confidence: 0.7 → 0.75");
    expect(rows[0].querySelector('[data-testid="version-restore"]')).toBeNull();
    fireEvent.click(screen.getByLabelText("Compare version 2"));
    fireEvent.click(screen.getByLabelText("Compare version 1"));
    const diff = await waitFor(() => screen.getByTestId("diff-view"));
    expect(diff.textContent).toContain("Minimum confidence");
    expect(diff.textContent).not.toContain("thresholds.min_confidence0.7");
    fireEvent.click(screen.getByText("Restore version 1"));
    await waitFor(() => expect(restored).toBe(1));
    await waitFor(() => expect(screen.getAllByTestId("toast").some((t) => t.textContent?.includes("Restored version 1 as version 3"))).toBe(true));
  });
});

function records(): RecordOutcome[] {
  const outcomes = ["eligible", "review", "suppressed", "eligible", "review"] as const;
  return outcomes.map((outcome, i) => ({
    row: i + 1,
    outcome,
    rule: outcome === "suppressed" ? "Open P1/P2 support case" : null,
    reason: `reason ${i + 1}`,
    ids: [`ACC-100${i + 1}`],
  }));
}

function outcome(): DryRunOutcome {
  return {
    file_name: "template-rep-alerts.csv",
    result: {
      total: 5,
      eligible: 2,
      review: 2,
      suppressed: 1,
      by_rule: { "Open P1/P2 support case": 1 },
      records: records(),
      by_threshold: {},
      condition_failures: 0,
      unconditioned_rules: 0,
      malformed: { total: 0, rows: [] },
      cancelled: false,
      file_hash: "f".repeat(64),
      bytes_read: 300,
      id_columns: ["crm_account_id"],
    },
    stored: null,
    changed_to: null,
  };
}

describe("dry-run results", () => {
  it("lists the columns read, names each record, filters by outcome and exports what is shown", async () => {
    const exports: unknown[] = [];
    mockCommands({
      get_contract: () => ({ stored: { contract: contract(), version: 1, saved_at: "", saved_by: "" }, readiness }),
      dry_run_sample: () => "template-rep-alerts.csv",
      dry_run_columns: () => [
        { column: "crm_account_id", read_by: ["Identifies the record"] },
        { column: "support_severity", read_by: ["Open P1/P2 support case"] },
      ],
      list_dry_runs: () => [],
      run_dry_run: () => outcome(),
      export_dry_run: (a) => {
        exports.push(a);
        return { path: "/tmp/results.csv", rows: 1 };
      },
    });
    render(() => (
      <>
        <DryRun id="churn-risk-summary" />
        <Toasts />
      </>
    ));
    const listed = await waitFor(() => {
      const found = screen.getAllByTestId("dryrun-column");
      expect(found).toHaveLength(2);
      return found;
    });
    expect(listed[1].textContent).toContain("support_severity");
    expect(listed[1].textContent).toContain("Open P1/P2 support case");

    fireEvent.click(await screen.findByTestId("dryrun-sample"));
    await waitFor(() => expect(screen.getAllByTestId("dryrun-row")).toHaveLength(5));
    expect(screen.getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Row", "crm_account_id", "Outcome", "Reason"]);
    expect(screen.getAllByTestId("dryrun-id").map((c) => c.textContent)).toEqual(["ACC-1001", "ACC-1002", "ACC-1003", "ACC-1004", "ACC-1005"]);

    const suppressed = screen.getAllByTestId("dryrun-filter").find((b) => b.dataset.filter === "suppressed")!;
    expect(suppressed.textContent).toBe("Suppressed (1)");
    fireEvent.click(suppressed);
    await waitFor(() => expect(screen.getAllByTestId("dryrun-row")).toHaveLength(1));
    expect(suppressed.getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByTestId("dryrun-row").textContent).toContain("ACC-1003");

    fireEvent.click(screen.getByTestId("dryrun-export"));
    await waitFor(() => expect(exports).toEqual([{ id: "churn-risk-summary", outcome: "suppressed" }]));
    await waitFor(() => expect(screen.getAllByTestId("toast").some((t) => t.textContent?.includes("Saved 1 record to /tmp/results.csv"))).toBe(true));
  });
});

describe("editor dates", () => {
  it("takes a launch-checklist date in one text field and refuses a date that does not exist", async () => {
    mockCommands();
    render(() => <Editor initial={contract()} saved />);
    const field = document.querySelector('[name="launch_checks.workflow_picked"]') as HTMLInputElement;
    expect(field.type).toBe("text");
    fireEvent.change(field, { target: { value: "2026-02-30" } });
    await waitFor(() => expect(document.querySelector('[data-field-error="launch_checks.workflow_picked"]')).not.toBeNull());
    fireEvent.change(field, { target: { value: "2026-02-28" } });
    await waitFor(() => expect(document.querySelector('[data-field-error="launch_checks.workflow_picked"]')).toBeNull());
  });
});
