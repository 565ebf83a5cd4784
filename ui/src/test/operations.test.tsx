/**
 * The lifecycle bar and its reason dialog, the audit log, the dry-run
 * screen with its progress bar and virtual table, worksheets, backups and
 * the recovery screen — each against a mocked backend.
 */
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { emit } from "@tauri-apps/api/event";
import { describe, expect, it } from "vitest";
import type { ActionAvailability } from "../bindings/ActionAvailability";
import type { AuditEvent } from "../bindings/AuditEvent";
import type { AuditQuery } from "../bindings/AuditQuery";
import type { DryRunOutcome } from "../bindings/DryRunOutcome";
import type { LifecycleState } from "../bindings/LifecycleState";
import type { RecordOutcome } from "../bindings/RecordOutcome";
import { LifecycleBar } from "../components/LifecycleBar";
import { ProgressBar } from "../components/ProgressBar";
import { VirtualTable } from "../components/VirtualTable";
import { axeViolations } from "./axe";
import { AuditLog, describeEvent } from "../screens/AuditLog";
import { DryRun } from "../screens/DryRun";
import { RegistryProblem } from "../screens/RegistryProblem";
import { BackupSection } from "../screens/SettingsBackups";
import { WorksheetSection } from "../screens/SettingsWorksheets";
import { setPeople } from "../session";
import { auditPageOf, contract, dryRunCounts, people, readiness, summary } from "./fixtures";
import { mockApp } from "./mock-app";

function lifecycle(status: LifecycleState["status"], actions: Partial<Record<string, string | null>>): LifecycleState {
  const all: ActionAvailability[] = (["submit", "approve", "request_changes", "launch", "pause", "resume", "retire"] as const).map(
    (action) => {
      const reason = action in actions ? actions[action]! : `${action} is not possible now`;
      return {
        action,
        allowed: reason === null,
        reason,
        needs: action === "pause" || action === "retire" ? "reason" : action === "resume" ? "comment" : null,
        version: 3,
      };
    },
  );
  return {
    id: "churn-risk-summary",
    status,
    version: 3,
    review_every_days: 90,
    signed_off_at: null,
    next_review: null,
    overdue: false,
    reviews: [],
    missing_approvals: [],
    pending: null,
    actions: all,
    paused: null,
  };
}

const button = (action: string) => document.querySelector<HTMLButtonElement>(`[data-testid="lifecycle-action"][data-action="${action}"]`);

describe("lifecycle bar", () => {
  it("shows only the transitions the status allows, disabled with the reason when the person may not", async () => {
    mockApp({
      lifecycle_state: () =>
        lifecycle("live", { pause: null, retire: "retire is done by the business owner (cs.director@example.com); dana@example.com is not" }),
    });
    render(() => <LifecycleBar id="churn-risk-summary" />);
    await waitFor(() => expect(screen.getByTestId("lifecycle-status").dataset.status).toBe("live"));
    expect(button("pause")!.disabled).toBe(false);
    // Not offered in this status at all.
    expect(button("submit")).toBeNull();
    expect(button("launch")).toBeNull();
    expect(button("resume")).toBeNull();
    const retire = button("retire")!;
    // Not open, but still focusable so the reason beside it can be reached.
    expect(retire.getAttribute("aria-disabled")).toBe("true");
    expect(retire.disabled).toBe(false);
    const why = document.querySelector('[data-testid="lifecycle-why"][data-action="retire"]')!;
    expect(why.textContent).toContain("retire is done by the business owner");
    expect(retire.getAttribute("aria-describedby")).toBe(why.id);
  });

  it("with a pending version, offers its submit and discard beside the pause of the live version", async () => {
    mockApp({
      lifecycle_state: () => {
        const state = lifecycle("live", { pause: null, submit: null, discard: null });
        state.pending = { status: "draft", version: 4, reviews: [], missing_approvals: [] };
        state.actions = [
          ...state.actions.map((a) => (a.action === "submit" ? { ...a, version: 4 } : a)),
          { action: "discard", allowed: true, reason: null, needs: "reason", version: 4 },
        ];
        return state;
      },
    });
    render(() => <LifecycleBar id="churn-risk-summary" />);
    await waitFor(() => expect(screen.getByTestId("lifecycle-standing").textContent).toBe("Live: version 3 · pending: version 4 (draft)"));
    expect(button("pause")!.disabled).toBe(false);
    expect(button("submit")!.textContent).toBe("Submit version 4 for review");
    expect(button("discard")!.textContent).toBe("Discard pending version 4");
    expect(button("launch")).toBeNull();
  });

  it("asks for a reason before pausing, shows a missing or refused reason next to the field", async () => {
    let status: LifecycleState["status"] = "live";
    const calls = mockApp({
      lifecycle_state: () => lifecycle(status, status === "live" ? { pause: null } : { resume: null }),
      change_status: ({ note }) => {
        if (note === "because") throw { code: "invalid", field: "reason", message: "pause needs a reason: say in a sentence why" };
        status = "paused";
        return {
          id: "churn-risk-summary",
          action: "pause",
          from: "live",
          to: "paused",
          version: 3,
          subject: "in_force",
          standing: { status: "paused", current: 3, in_force: 3, pending: null },
        };
      },
    });
    const seen: string[] = [];
    render(() => (
      <LifecycleBar id="churn-risk-summary" pauseProcedure="CS ops turns the sync off in Gainsight." onStatus={(change) => seen.push(change.to)} />
    ));
    await waitFor(() => expect(button("pause")).not.toBeNull());
    fireEvent.click(button("pause")!);
    const dialog = screen.getByTestId("lifecycle-dialog");
    expect(dialog.textContent).toContain("Why is it paused?");
    // The contract's own procedure, so whoever pauses knows what else to do.
    expect(screen.getByTestId("lifecycle-dialog-intro").textContent).toBe("This contract's pause procedure: CS ops turns the sync off in Gainsight.");
    fireEvent.click(screen.getByTestId("lifecycle-confirm"));
    expect(screen.getByTestId("lifecycle-note-error").textContent).toContain("Write a sentence");
    expect(calls.some(([c]) => c === "change_status")).toBe(false);

    fireEvent.input(screen.getByTestId("lifecycle-note"), { target: { value: "because" } });
    fireEvent.click(screen.getByTestId("lifecycle-confirm"));
    await waitFor(() => expect(screen.getByTestId("lifecycle-note-error").textContent).toContain("pause needs a reason"));
    expect(screen.getByTestId("lifecycle-note").getAttribute("name")).toBe("reason");

    fireEvent.input(screen.getByTestId("lifecycle-note"), { target: { value: "  Match rate fell to 0.9  " } });
    fireEvent.click(screen.getByTestId("lifecycle-confirm"));
    await waitFor(() => expect(screen.queryByTestId("lifecycle-dialog")).toBeNull());
    const change = calls.filter(([c]) => c === "change_status").pop()!;
    expect(change[1]).toMatchObject({ id: "churn-risk-summary", action: "pause", note: "Match rate fell to 0.9" });
    expect(seen).toEqual(["paused"]);
    await waitFor(() => expect(screen.getByTestId("lifecycle-status").dataset.status).toBe("paused"));
    expect(button("resume")).not.toBeNull();
    // The Pause button is gone: focus is on the new status, not on <body>.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("lifecycle-status-line")));
  });

  it("a paused contract says why, when and by whom, with names", async () => {
    setPeople(people);
    mockApp({
      lifecycle_state: () => ({
        ...lifecycle("paused", { resume: null }),
        paused: { reason: "Match rate fell to 0.9", by: "dana@example.com", at: "2026-11-20T09:05:00Z" },
      }),
    });
    render(() => <LifecycleBar id="churn-risk-summary" />);
    const paused = await waitFor(() => screen.getByTestId("lifecycle-paused"));
    expect(paused.textContent).toContain("Dana Data");
    expect(paused.textContent).toContain("Match rate fell to 0.9");
    expect(paused.textContent).toMatch(/20 Nov 2026, \d\d:05/);
    expect(paused.textContent).not.toContain("@");
  });

  it("launches after a confirmation that says Warrant records it, and records a rollback with what was reverted", async () => {
    const calls = mockApp({
      lifecycle_state: () => lifecycle("approved", { launch: null }),
      change_status: () => ({ id: "x", action: "launch", from: "approved", to: "live", version: 3 }),
      record_rollback: () => 42,
    });
    render(() => <LifecycleBar id="churn-risk-summary" />);
    await waitFor(() => expect(button("launch")).not.toBeNull());
    fireEvent.click(button("launch")!);
    const confirm = screen.getByTestId("lifecycle-dialog");
    expect(confirm.textContent).toContain("Warrant records that version 3 is live");
    expect(screen.queryByTestId("lifecycle-note")).toBeNull();
    expect(calls.some(([c]) => c === "change_status")).toBe(false);
    fireEvent.click(screen.getByTestId("lifecycle-confirm"));
    await waitFor(() => expect(calls.some(([c]) => c === "change_status")).toBe(true));
    await waitFor(() => expect(screen.queryByTestId("lifecycle-dialog")).toBeNull());

    await waitFor(() => expect((screen.getByTestId("lifecycle-rollback") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("lifecycle-rollback"));
    expect(screen.getByTestId("lifecycle-note").getAttribute("name")).toBe("what");
    fireEvent.input(screen.getByTestId("lifecycle-note"), { target: { value: "Restored the bands" } });
    fireEvent.click(screen.getByTestId("lifecycle-confirm"));
    await waitFor(() => expect(calls.some(([c]) => c === "record_rollback")).toBe(true));
    expect(calls.find(([c]) => c === "record_rollback")![1]).toMatchObject({ id: "churn-risk-summary", what: "Restored the bands" });
  });
});

function event(seq: number, kind: string, actor: string, payload: unknown, contract_id: string | null = "churn-risk-summary"): AuditEvent {
  return {
    seq,
    at: new Date(Date.UTC(2026, 10, 20, 9, seq)).toISOString(),
    actor,
    kind,
    contract_id,
    version: contract_id ? 2 : null,
    payload,
    prev_hash: "0".repeat(64),
    hash: String(seq).repeat(64).slice(0, 64),
  };
}

const EVENTS: AuditEvent[] = [
  event(1, "contract_created", "dana@example.com", { title: "Churn-risk summary", authority: "assist", status: "draft" }),
  event(2, "contract_edited", "dana@example.com", {
    summary: "authority: suggest → assist",
    changes: [
      { field: "authority", change: "suggest → assist" },
      { field: "sources[support_cases].trust", change: "provisional → trusted" },
    ],
  }),
  event(3, "status_changed", "cs.director@example.com", { action: "pause", from: "live", to: "paused", reason: "Match rate fell" }),
  event(4, "person_added", "dana@example.com", { email: "sam@example.com" }, null),
];

describe("audit log", () => {
  it("loads a long trail a page at a time: 200 events drawn, the count of all, then 200 older", async () => {
    const trail = Array.from({ length: 5_000 }, (_, i) => event(i + 1, "contract_edited", "dana@example.com", { changes: [] }));
    const pages: AuditQuery[] = [];
    mockApp({
      list_contracts: () => [],
      audit_page: (args) => {
        const query = args.query as AuditQuery;
        pages.push(query);
        return auditPageOf(trail, query);
      },
    });
    render(() => <AuditLog />);
    await waitFor(() => expect(screen.getAllByTestId("audit-event")).toHaveLength(200));
    expect(screen.getByTestId("audit-count").textContent).toBe("5,000 events");
    expect(screen.getAllByTestId("audit-event")[0].dataset.seq).toBe("5000");
    fireEvent.click(screen.getByTestId("audit-more"));
    await waitFor(() => expect(screen.getAllByTestId("audit-event")).toHaveLength(400));
    expect(pages.at(-1)).toEqual({ limit: 200, before_seq: 4801 });
    expect(screen.getAllByTestId("audit-event")[399].dataset.seq).toBe("4601");
  });

  it("tells each event in plain words, field-level changes included", () => {
    expect(describeEvent(EVENTS[1])).toEqual(["authority: suggest → assist", "sources[support_cases].trust: provisional → trusted"]);
    expect(describeEvent(EVENTS[2])).toEqual(["Live → Paused (pause)", "Reason: Match rate fell"]);
    expect(describeEvent(event(9, "dry_run", "a", { file_name: "s.csv", row_count: 10, counts: { eligible: 4, review: 4, suppressed: 2 } }))[0]).toBe(
      "s.csv: 10 rows — 4 eligible, 4 to review, 2 suppressed.",
    );
  });

  it("lists newest first, filters by contract, person and kind, and verifies the chain", async () => {
    let intact: "yes" | "chain" | "state" = "yes";
    setPeople(people);
    const calls = mockApp({
      list_contracts: () => [summary("churn-risk-summary", "Churn-risk summary")],
      audit_events: ({ contractId }) => (contractId ? EVENTS.filter((e) => e.contract_id === contractId) : EVENTS),
      audit_page: (args) => auditPageOf(EVENTS, args.query as AuditQuery),
      verify_audit: () =>
        intact === "yes"
          ? { intact: true, events: 4, head: "ab".repeat(32), first_bad: null, state_mismatches: [] }
          : intact === "chain"
            ? { intact: false, events: 4, head: "ab".repeat(32), first_bad: { seq: 3, reason: "its content was edited" }, state_mismatches: [] }
            : {
                intact: false,
                events: 4,
                head: "ab".repeat(32),
                first_bad: null,
                state_mismatches: [
                  { seq: 3, what: "review of churn-risk-summary version 1 (row 2)", reason: 'its decision is "request_changes", but the event that recorded it says "approve"' },
                ],
              },
    });
    render(() => <AuditLog />);
    await waitFor(() => expect(screen.getAllByTestId("audit-event")).toHaveLength(4));
    expect(screen.getAllByTestId("audit-event").map((e) => e.dataset.seq)).toEqual(["4", "3", "2", "1"]);
    expect(screen.getAllByTestId("audit-event")[2].textContent).toContain("sources[support_cases].trust: provisional → trusted");
    // Names, not addresses, where the people list knows them.
    expect(screen.getAllByTestId("audit-event")[1].textContent).toContain("Casey Director");

    fireEvent.change(screen.getByTestId("audit-filter-contract"), { target: { value: "churn-risk-summary" } });
    await waitFor(() => expect(screen.getAllByTestId("audit-event")).toHaveLength(3));
    expect(calls.some(([c, a]) => c === "audit_page" && (a?.query as AuditQuery).contract_id === "churn-risk-summary")).toBe(true);

    fireEvent.change(screen.getByTestId("audit-filter-person"), { target: { value: "dana@example.com" } });
    await waitFor(() => expect(screen.getAllByTestId("audit-event")).toHaveLength(2));
    fireEvent.change(screen.getByTestId("audit-filter-kind"), { target: { value: "contract_edited" } });
    await waitFor(() => expect(screen.getAllByTestId("audit-event")).toHaveLength(1));
    expect(screen.getByTestId("audit-count").textContent).toBe("1 event");

    fireEvent.click(screen.getByTestId("audit-verify"));
    await waitFor(() => expect(screen.getByTestId("audit-verification").dataset.intact).toBe("true"));
    expect(screen.getByTestId("audit-head").textContent).toBe(`${"ab".repeat(32)}:4`);
    intact = "chain";
    fireEvent.click(screen.getByTestId("audit-verify"));
    await waitFor(() => expect(screen.getByTestId("audit-verification").dataset.intact).toBe("false"));
    expect(screen.getByTestId("audit-verification").textContent).toContain("broken at event #3: its content was edited");
    // A table edited behind the trail: the events are whole, the records are not.
    intact = "state";
    fireEvent.click(screen.getByTestId("audit-verify"));
    await waitFor(() => expect(screen.queryByTestId("audit-state-mismatch")).not.toBeNull());
    expect(screen.getByTestId("audit-state-mismatch").textContent).toContain(
      'review of churn-risk-summary version 1 (row 2): its decision is "request_changes", but the event that recorded it says "approve" (event #3).',
    );
  });
});

function records(n: number): RecordOutcome[] {
  return Array.from({ length: n }, (_, i) => ({
    row: i + 1,
    outcome: i % 3 === 0 ? "eligible" : i % 3 === 1 ? "review" : "suppressed",
    rule: null,
    reason: `reason ${i + 1}`,
    ids: [`0015e00000AbC${String(i + 1).padStart(3, "0")}`],
  }));
}

function outcome(total: number, extra: Partial<DryRunOutcome["result"]> = {}): DryRunOutcome {
  return {
    file_name: "churn-risk-summary.csv",
    result: {
      total,
      eligible: 4,
      review: 4,
      suppressed: 2,
      by_rule: { "Unresolved P1/P2 support case": 2 },
      records: records(Math.min(total, 10_000)),
      by_threshold: { min_confidence: 1 },
      condition_failures: 0,
      unconditioned_rules: 1,
      malformed: { total: 0, rows: [] },
      cancelled: false,
      file_hash: "f".repeat(64),
      bytes_read: 900,
      id_columns: ["salesforce_account_id"],
      ...extra,
    },
    stored: {
      contract_id: "churn-risk-summary",
      version: 2,
      file_name: "churn-risk-summary.csv",
      file_hash: "f".repeat(64),
      row_count: total,
      counts: dryRunCounts({ eligible: 4, review: 4, suppressed: 2 }),
      at: new Date().toISOString(),
      run_by: "dana@example.com",
    },
    changed_to: null,
  };
}

describe("virtual table and progress bar", () => {
  it("puts only the visible rows of ten thousand in the DOM, and follows the scroll", async () => {
    render(() => (
      <VirtualTable
        label="rows"
        testid="vt"
        rows={records(10_000)}
        rowHeight={20}
        height={200}
        rowAttrs={(r) => ({ "data-testid": "vt-row", "data-row": String(r.row) })}
        columns={[{ header: "Reason", cell: (r) => r.reason }]}
      />
    ));
    const rows = () => screen.getAllByTestId("vt-row");
    expect(rows().length).toBeLessThan(40);
    expect(rows()[0].dataset.row).toBe("1");
    const body = document.querySelector<HTMLElement>(".vtable-body")!;
    body.scrollTop = 5000 * 20;
    fireEvent.scroll(body);
    await waitFor(() => expect(rows().some((r) => r.dataset.row === "5001")).toBe(true));
    expect(rows().length).toBeLessThan(40);
    expect(rows().some((r) => r.dataset.row === "1")).toBe(false);
  });

  it("has only rowgroups between the table and its rows (axe: aria-required-children)", () => {
    render(() => (
      <VirtualTable
        label="rows"
        testid="vt"
        rows={records(1_000)}
        rowHeight={20}
        height={200}
        columns={[{ header: "Reason", cell: (r) => r.reason }]}
      />
    ));
    const table = screen.getByRole("table");
    expect(table.getAttribute("aria-rowcount")).toBe("1001");
    const children = [...table.children];
    expect(children.map((c) => c.getAttribute("role"))).toEqual(["rowgroup", "rowgroup"]);
    // Every row's parent is a rowgroup; the focusable scroller is one of them.
    for (const row of table.querySelectorAll('[role="row"]')) expect(row.parentElement!.getAttribute("role")).toBe("rowgroup");
    const body = table.querySelector<HTMLElement>(".vtable-body")!;
    expect(body.getAttribute("role")).toBe("rowgroup");
    expect(body.tabIndex).toBe(0);
    // Anything else in a rowgroup is hidden from assistive technology (the spacers).
    for (const child of body.children) if (child.getAttribute("role") !== "row") expect(child.getAttribute("aria-hidden")).toBe("true");
    const rowIndexes = [...table.querySelectorAll('[role="row"]')].slice(0, 3).map((r) => r.getAttribute("aria-rowindex"));
    expect(rowIndexes).toEqual(["1", "2", "3"]);
  });

  it("passes axe", async () => {
    const { container } = render(() => (
      <VirtualTable label="rows" rows={records(300)} rowHeight={20} height={200} columns={[{ header: "Reason", cell: (r) => r.reason }]} />
    ));
    expect(await axeViolations(container)).toEqual([]);
  }, 30_000);

  it("shows a percentage when the total is known and calls cancel", () => {
    let cancelled = 0;
    render(() => <ProgressBar value={250} max={1000} label="2,500 records read" onCancel={() => cancelled++} />);
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("25");
    expect(screen.getByTestId("progress").textContent).toContain("(25%)");
    fireEvent.click(screen.getByTestId("progress-cancel"));
    expect(cancelled).toBe(1);
  });
});

describe("dry run screen", () => {
  it("runs the shipped sample and shows the counts, the rows and the kept run", async () => {
    let kept = 0;
    mockApp(
      {
        get_contract: () => ({ stored: { contract: contract(), version: 2, saved_at: "", saved_by: "" }, readiness }),
        dry_run_sample: () => "churn-risk-summary.csv",
        list_dry_runs: () => (kept ? [outcome(10).stored] : []),
        run_dry_run: () => {
          kept++;
          return outcome(10);
        },
      },
      { events: true },
    );
    render(() => <DryRun id="churn-risk-summary" />);
    const sample = await screen.findByTestId("dryrun-sample");
    expect(sample.textContent).toContain("churn-risk-summary.csv");
    fireEvent.click(sample);
    await waitFor(() => expect(screen.getAllByTestId("dryrun-count")).toHaveLength(4));
    const count = (k: string) => screen.getAllByTestId("dryrun-count").find((c) => c.dataset.outcome === k)!.dataset.value;
    expect([count("total"), count("eligible"), count("review"), count("suppressed")]).toEqual(["10", "4", "4", "2"]);
    expect(screen.getAllByTestId("dryrun-row")).toHaveLength(10);
    expect(screen.getAllByTestId("dryrun-row")[1].textContent).toContain("reason 2");
    expect(screen.getByTestId("dryrun-result").textContent).toContain("1 suppression rule has no condition");
    await waitFor(() => expect(screen.getAllByTestId("dryrun-history-row")).toHaveLength(1));
  });

  it("shows progress from the backend's events and cancels the run", async () => {
    let finish!: (o: DryRunOutcome) => void;
    let cancels = 0;
    mockApp(
      {
        get_contract: () => ({ stored: { contract: contract(), version: 2, saved_at: "", saved_by: "" }, readiness }),
        dry_run_sample: () => null,
        list_dry_runs: () => [],
        run_dry_run: () => new Promise<DryRunOutcome>((resolve) => (finish = resolve)),
        cancel_dry_run: () => {
          cancels++;
          return true;
        },
      },
      { events: true },
    );
    render(() => <DryRun id="churn-risk-summary" />);
    // No sample for this contract: only the file picker is offered.
    const pick = await screen.findByTestId("dryrun-file");
    expect(screen.queryByTestId("dryrun-sample")).toBeNull();
    fireEvent.click(pick);
    await screen.findByTestId("dryrun-progress");
    await waitFor(() => expect(finish).toBeDefined());
    await emit("dryrun-progress", { contract_id: "churn-risk-summary", rows: 50_000, bytes: 2_000_000, total_bytes: 8_000_000 });
    await waitFor(() => expect(screen.getByTestId("dryrun-progress").textContent).toContain("50,000 records read"));
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("25");
    // Another contract's progress is not this screen's.
    await emit("dryrun-progress", { contract_id: "other", rows: 9, bytes: 1, total_bytes: 2 });
    expect(screen.getByTestId("dryrun-progress").textContent).toContain("50,000");

    fireEvent.click(screen.getByTestId("dryrun-progress-cancel"));
    await waitFor(() => expect(cancels).toBe(1));
    const stopped = outcome(50_000, { cancelled: true });
    stopped.stored = null;
    finish(stopped);
    await waitFor(() => expect(screen.queryByTestId("dryrun-progress")).toBeNull());
    expect(screen.getByTestId("dryrun-result").textContent).toContain("Stopped early");
    // Ten thousand rows listed, far fewer in the DOM.
    expect(screen.getByTestId("dryrun-table").dataset.rows).toBe("10000");
    expect(screen.getAllByTestId("dryrun-row").length).toBeLessThan(60);
    expect(screen.getByTestId("dryrun-result").textContent).toContain("first 10,000 of 50,000");
  });

  it("says so when the run is refused", async () => {
    mockApp(
      {
        get_contract: () => ({ stored: { contract: contract(), version: 2, saved_at: "", saved_by: "" }, readiness }),
        dry_run_sample: () => null,
        list_dry_runs: () => [],
        run_dry_run: () => {
          throw { code: "invalid", field: "suppression[0].when", message: "suppression[0].when: the condition does not parse at 1:9" };
        },
      },
      { events: true },
    );
    render(() => <DryRun id="churn-risk-summary" />);
    fireEvent.click(await screen.findByTestId("dryrun-file"));
    await waitFor(() => expect(screen.getByTestId("error-banner").textContent).toContain("does not parse at 1:9"));
  });
});

describe("worksheets and backups in settings", () => {
  it("exports the selected contracts' worksheets with progress", async () => {
    let finish!: (v: unknown) => void;
    const calls = mockApp({ export_worksheets: () => new Promise((resolve) => (finish = resolve)) }, { events: true });
    render(() => <WorksheetSection selected={["a", "b"]} />);
    fireEvent.change(screen.getByTestId("worksheet-batch-paper"), { target: { value: "letter" } });
    fireEvent.click(screen.getByTestId("worksheet-selected"));
    await screen.findByTestId("worksheet-progress");
    await waitFor(() => expect(finish).toBeDefined());
    expect(calls.find(([c]) => c === "export_worksheets")![1]).toEqual({ ids: ["a", "b"], paper: "letter" });
    await emit("worksheet-progress", { done: 1, total: 2, id: "a" });
    await waitFor(() => expect(screen.getByTestId("worksheet-progress").textContent).toContain("1 of 2 written"));
    finish({ dir: "/tmp/out", files: ["/tmp/out/a-worksheet.pdf", "/tmp/out/b-worksheet.pdf"] });
    await waitFor(() => expect(screen.getByTestId("worksheet-result").textContent).toContain("Wrote 2 worksheets to /tmp/out"));
  });

  it("saves the blank worksheet through the save dialog the backend opens", async () => {
    const calls = mockApp({ export_worksheet: () => ({ path: "/tmp/blank.pdf", bytes: 50_000 }) });
    render(() => <WorksheetSection selected={[]} />);
    expect((screen.getByTestId("worksheet-selected") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId("worksheet-blank"));
    await waitFor(() => expect(calls.some(([c]) => c === "export_worksheet")).toBe(true));
    expect(Object.keys(calls[0][1]!).sort()).toEqual(["id", "paper"]);
    expect(calls[0][1]).toMatchObject({ id: null });
  });

  it("lists automatic backups, backs up, and restores only after a confirmation", async () => {
    const backups = [
      { path: "/data/backups/registry-20261121T080000Z.db", taken_at: "2026-11-21T08:00:00Z", bytes: 2_400_000 },
      { path: "/data/backups/registry-20261120T080000Z.db", taken_at: "2026-11-20T08:00:00Z", bytes: 2_300_000 },
    ];
    const calls = mockApp({
      list_backups: () => backups,
      backup_registry: () => ({ path: "/home/u/warrant-backup.db", check: { schema_version: 4, contracts: 9, audit_events: 40 } }),
      restore_backup: () => ({ kept_aside: "/data/registry.db.replaced-1", backup: { schema_version: 4, contracts: 8, audit_events: 30 } }),
      app_info: () => null,
      list_people: () => people,
    });
    render(() => <BackupSection />);
    await waitFor(() => expect(screen.getAllByTestId("backup-row")).toHaveLength(2));
    // Every column header has text for screen readers, the actions column too.
    for (const th of document.querySelectorAll("th")) expect(th.textContent!.trim()).not.toBe("");
    expect(screen.getAllByTestId("backup-row")[0].textContent).toContain("registry-20261121T080000Z.db");

    fireEvent.click(screen.getByTestId("backup-button"));
    await waitFor(() => expect(screen.getByTestId("backup-result").textContent).toContain("9 contracts, 40 audit events"));

    fireEvent.click(screen.getAllByTestId("backup-restore")[1]);
    expect(screen.getByTestId("confirm-dialog").textContent).toContain("registry-20261120T080000Z.db");
    fireEvent.click(screen.getByText("Cancel"));
    expect(calls.some(([c]) => c === "restore_backup")).toBe(false);

    fireEvent.click(screen.getAllByTestId("backup-restore")[1]);
    fireEvent.click(screen.getByTestId("confirm-yes"));
    await waitFor(() => expect(calls.some(([c]) => c === "restore_backup")).toBe(true));
    expect(calls.find(([c]) => c === "restore_backup")![1]).toEqual({ listed: backups[1].path });
  });

  it("shows why a backup failed", async () => {
    mockApp({
      list_backups: () => [],
      backup_registry: () => {
        throw { code: "io", message: "Cannot write /readonly/x.db: permission denied" };
      },
    });
    render(() => <BackupSection />);
    await screen.findByTestId("backup-none");
    fireEvent.click(screen.getByTestId("backup-button"));
    await waitFor(() => expect(screen.getByTestId("backup-error").textContent).toContain("permission denied"));
  });
});

describe("registry recovery screen", () => {
  it("restores the newest backup and hands back to the app", async () => {
    const calls = mockApp({ restore_backup: () => ({ kept_aside: null, backup: { schema_version: 4, contracts: 8, audit_events: 20 } }) });
    let fixed = 0;
    render(() => (
      <RegistryProblem
        problem={{
          message: "The registry /d/registry.db is damaged (file is not a database). It was moved to /d/registry.db.damaged-1 (nothing was deleted).",
          moved_to: "/d/registry.db.damaged-1",
          newest_backup: "/d/backups/registry-20261121T080000Z.db",
        }}
        onFixed={() => fixed++}
      />
    ));
    expect(screen.getByTestId("registry-problem-moved").textContent).toBe("/d/registry.db.damaged-1");
    fireEvent.click(screen.getByTestId("restore-newest"));
    await waitFor(() => expect(fixed).toBe(1));
    expect(calls[0]).toEqual(["restore_backup", { listed: "/d/backups/registry-20261121T080000Z.db" }]);
  });

  it("starts a new registry only after a confirmation, and shows a refusal", async () => {
    mockApp({
      start_new_registry: () => {
        throw { code: "io", message: "Cannot create the folder /d" };
      },
    });
    render(() => <RegistryProblem problem={{ message: "damaged", moved_to: "/d/x", newest_backup: null }} onFixed={() => {}} />);
    expect(screen.queryByTestId("restore-newest")).toBeNull();
    fireEvent.click(screen.getByTestId("start-new-registry"));
    fireEvent.click(screen.getByTestId("confirm-yes"));
    await waitFor(() => expect(screen.getByTestId("registry-problem-error").textContent).toContain("Cannot create the folder"));
  });
});
