/** The review screen: the one-page summary, approve / request changes (a comment required), and the queue. */
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import type { ActionAvailability } from "../bindings/ActionAvailability";
import type { ReviewView } from "../bindings/ReviewView";
import { param, path, segments } from "../router";
import { ReviewScreen } from "../screens/Review";
import { ReviewQueue } from "../screens/ReviewQueue";
import { setAppInfo } from "../session";
import { axeViolations } from "./axe";
import { appInfo, contract, dryRunCounts, readiness, summary, teamRecord } from "./fixtures";
import { mockApp } from "./mock-app";

const allowed = (action: ActionAvailability["action"], ok: boolean, reason: string | null = null): ActionAvailability => ({
  action,
  allowed: ok,
  reason: ok ? null : reason,
  needs: action === "request_changes" ? "comment" : null,
  version: 3,
});

function view(extra: Partial<ReviewView> = {}): ReviewView {
  return {
    stored: {
      contract: contract({
        exceptions: { pause_procedure: "CS ops turns the sync off.", rollback: "", pause_triggers: ["match rate below 0.95"] },
        suppression: [{ name: "Unresolved P1/P2 support case", category: "support_escalations", action: "suppress", when: 'record.support_severity in ["P1", "P2"]' }],
      }),
      version: 3,
      saved_at: "2026-11-20T06:00:00Z",
      saved_by: "dana@example.com",
    },
    readiness,
    lifecycle: {
      id: "churn-risk-summary",
      status: "in_review",
      version: 3,
      review_every_days: 90,
      signed_off_at: null,
      next_review: null,
      overdue: false,
      reviews: [],
      missing_approvals: ["approval needs the business owner, cs.director@example.com, to approve version 3"],
      pending: null,
      actions: [allowed("approve", true), allowed("request_changes", true)],
      paused: null,
    },
    next_step: { action: "Fix identity matching before routing", role: "data", owner: "dana@example.com", rule: "R1" },
    reviews: [
      {
        contract_id: "churn-risk-summary",
        version: 2,
        reviewer: "cs.director@example.com",
        roles: ["business"],
        decision: "request_changes",
        comment: "Add the renewal suppression.",
        at: "2026-11-19T10:00:00Z",
      },
    ],
    people: [
      { email: "dana@example.com", name: "Dana Data", team: "Analytics", title: "Analytics engineer" },
      { email: "cs.director@example.com", name: "Casey Director", team: "Customer success", title: "Director" },
    ],
    latest_dry_run: {
      contract_id: "churn-risk-summary",
      version: 3,
      file_name: "churn-risk-summary.csv",
      file_hash: "ab",
      row_count: 10,
      counts: dryRunCounts({ eligible: 7, review: 2, suppressed: 1 }),
      at: "2026-11-20T07:00:00Z",
      run_by: "dana@example.com",
    },
    signatures: [null],
    refused_records: [],
    ...extra,
  };
}

/** The review screen's two commands; `current` is asked again on every `get_review`, so a test can change the view. */
function mockReview(current: () => ReviewView) {
  return mockApp({
    get_review: () => current(),
    record_review: () => ({ review: {}, status: "in_review", status_change: null, still_missing: ["approval needs the business owner"], next_review: null }),
  });
}

describe("review screen", () => {
  it("says in one page what the AI does, on what, who owns it, what is missing, the dry run and the history", async () => {
    mockReview(() => view());
    setAppInfo(appInfo());
    render(() => <ReviewScreen id="churn-risk-summary" />);
    await waitFor(() => expect(screen.getByTestId("review")).toBeTruthy());
    expect(screen.getByTestId("review-title").textContent).toBe("Churn-risk summary for CSMs");
    expect(screen.getByTestId("review-status").getAttribute("data-status")).toBe("in_review");
    expect(screen.getByTestId("review-authority").textContent).toContain("Route");
    expect(screen.getByTestId("review-suppression").textContent).toContain("Unresolved P1/P2 support case");
    const owners = screen.getAllByTestId("review-owner");
    expect(owners.find((o) => o.getAttribute("data-role") === "business")!.textContent).toContain("Casey Director");
    expect(owners.find((o) => o.getAttribute("data-role") === "data")!.textContent).toContain("Nobody named");
    expect(screen.getByTestId("review-pause").textContent).toContain("Not written down: what gets reverted");
    expect(screen.getByTestId("ladder").getAttribute("data-ceiling")).toBe("suggest");
    const counts = screen.getByTestId("review-dryrun-counts");
    expect(counts.querySelector('[data-outcome="suppressed"]')!.textContent).toContain("1");
    const history = screen.getAllByTestId("review-row");
    expect(history).toHaveLength(1);
    expect(history[0].textContent).toContain("Asked for changes");
    expect(history[0].textContent).toContain("Add the renewal suppression.");
    expect(screen.getByTestId("review-missing-approvals").textContent).toContain("Approval needs the business owner");
  });

  it("puts the decision first, in plain words: what it does, asked vs supported, the next step and whose, who approved", async () => {
    mockReview(() =>
      view({
        reviews: [
          ...view().reviews,
          { contract_id: "churn-risk-summary", version: 3, reviewer: "dana@example.com", roles: ["data"], decision: "approve", comment: "", at: "2026-11-20T08:00:00Z" },
        ],
        stored: { ...view().stored, contract: { ...view().stored.contract, owners: { business: "cs.director@example.com", data: "dana@example.com" } } },
      }),
    );
    setAppInfo(appInfo());
    render(() => <ReviewScreen id="churn-risk-summary" />);
    const decision = await waitFor(() => screen.getByTestId("review-decision"));
    expect(screen.getByTestId("review-what").textContent).toBe("Draft a summary.");
    expect(screen.getByTestId("review-authority").textContent).toContain("Asks for Route");
    expect(screen.getByTestId("review-supported").textContent).toBe("Its data and owners would support up to Suggest.");
    expect(decision.textContent).not.toContain("Authority it holds");
    expect(screen.getByTestId("review-next-step").textContent).toContain("Fix identity matching before routing — Dana Data, data owner");
    for (const word of ["Readiness Audit", "Data Foundation", "Data Activation", "Translate the Ask"]) expect(decision.textContent).not.toContain(word);
    const approvals = screen.getAllByTestId("review-approval");
    expect(approvals.map((a) => [a.dataset.role, a.dataset.approved])).toEqual([
      ["business", "false"],
      ["data", "true"],
    ]);
    expect(approvals[1].textContent).toContain("Dana Data");
    // Approve and Request changes sit beside the decision, not below the details.
    expect(decision.parentElement!.contains(screen.getByTestId("review-approve"))).toBe(true);
  });

  it("reviews the pending version while the live one keeps running, and says so", async () => {
    const live = view({
      lifecycle: {
        ...view().lifecycle,
        status: "live",
        version: 3,
        missing_approvals: [],
        pending: {
          status: "in_review",
          version: 4,
          reviews: [],
          missing_approvals: ["approval needs the data owner, dana@example.com, to approve version 4"],
        },
        actions: [
          { action: "approve", allowed: true, reason: null, needs: null, version: 4 },
          { action: "request_changes", allowed: true, reason: null, needs: "comment", version: 4 },
        ],
      },
    });
    mockReview(() => live);
    setAppInfo(appInfo());
    render(() => <ReviewScreen id="churn-risk-summary" />);
    await waitFor(() => expect(screen.getByTestId("review-approve")).toBeTruthy());
    expect(screen.getByTestId("review-standing").textContent).toBe("Live: version 3 · pending: version 4 (in review)");
    expect(screen.getByTestId("review-approve").textContent).toContain("Approve version 4");
    expect(screen.getByTestId("review-actions").textContent).toContain("Version 3 stays live until version 4 is approved and launched.");
    expect(screen.getByTestId("review-missing-approvals").textContent).toContain("Dana Data");
  });

  it("disables Approve after the acting person approved, saying why", async () => {
    const done = view({
      lifecycle: {
        ...view().lifecycle,
        actions: [
          {
            action: "approve",
            allowed: false,
            reason: "cs.director@example.com has already approved version 3; nothing else is missing (an approval counts once per person and version)",
            needs: null,
            version: 3,
          },
          { action: "request_changes", allowed: true, reason: null, needs: "comment", version: 3 },
        ],
      },
    });
    const calls = mockReview(() => done);
    setAppInfo(appInfo());
    render(() => <ReviewScreen id="churn-risk-summary" />);
    await waitFor(() => expect(screen.getByTestId("review-approve")).toBeTruthy());
    const approve = screen.getByTestId("review-approve") as HTMLButtonElement;
    // Not open, yet focusable, so its reason (described by) is reachable.
    expect(approve.getAttribute("aria-disabled")).toBe("true");
    expect(approve.disabled).toBe(false);
    expect(screen.getByTestId("review-approve-why").textContent).toContain("has already approved version 3");
    fireEvent.click(approve);
    expect(calls.some(([cmd]) => cmd === "record_review")).toBe(false);
  });

  it("requires a comment to request changes, shown next to the comment field", async () => {
    const calls = mockReview(() => view());
    setAppInfo(appInfo());
    render(() => <ReviewScreen id="churn-risk-summary" />);
    await waitFor(() => expect(screen.getByTestId("review-request-changes")).toBeTruthy());
    fireEvent.click(screen.getByTestId("review-request-changes"));
    const error = await screen.findByTestId("review-comment-error");
    expect(error.textContent).toContain("Write what needs to change");
    const comment = screen.getByTestId("review-comment");
    expect(comment.getAttribute("aria-invalid")).toBe("true");
    expect(comment.closest(".field")!.contains(error)).toBe(true);
    expect(document.activeElement).toBe(comment);
    expect(calls.some(([cmd]) => cmd === "record_review")).toBe(false);

    fireEvent.input(comment, { target: { value: "Name the data owner first." } });
    expect(screen.queryByTestId("review-comment-error")).toBeNull();
    fireEvent.click(screen.getByTestId("review-request-changes"));
    await waitFor(() => expect(calls.some(([cmd]) => cmd === "record_review")).toBe(true));
    expect(calls.find(([cmd]) => cmd === "record_review")![1]).toEqual({
      id: "churn-risk-summary",
      decision: "request_changes",
      comment: "Name the data owner first.",
    });
  });

  it("shows the backend's comment refusal beside the field too", async () => {
    mockApp({
      get_review: () => view(),
      record_review: () => {
        throw { code: "invalid", field: "comment", message: "request_changes needs a comment: say in a sentence why" };
      },
    });
    setAppInfo(appInfo());
    render(() => <ReviewScreen id="churn-risk-summary" />);
    await waitFor(() => expect(screen.getByTestId("review-comment")).toBeTruthy());
    fireEvent.input(screen.getByTestId("review-comment"), { target: { value: "x" } });
    fireEvent.click(screen.getByTestId("review-request-changes"));
    const error = await screen.findByTestId("review-comment-error");
    expect(error.textContent).toContain("request_changes needs a comment");
  });

  it("approves through record_review and reloads the view", async () => {
    let approved = false;
    const calls = mockReview(() =>
      approved
        ? view({ lifecycle: { ...view().lifecycle, status: "approved", missing_approvals: [], actions: [allowed("approve", false, "approve needs in_review"), allowed("request_changes", false, "request_changes needs the contract to be in_review; it is approved.")] } })
        : view(),
    );
    setAppInfo(appInfo());
    render(() => <ReviewScreen id="churn-risk-summary" />);
    await waitFor(() => expect(screen.getByTestId("review-approve")).toBeTruthy());
    approved = true;
    fireEvent.click(screen.getByTestId("review-approve"));
    await waitFor(() => expect(screen.getByTestId("review-status").getAttribute("data-status")).toBe("approved"));
    expect(calls.find(([cmd]) => cmd === "record_review")![1]).toEqual({ id: "churn-risk-summary", decision: "approve", comment: "" });
    expect(calls.filter(([cmd]) => cmd === "get_review")).toHaveLength(2);
    expect(screen.getByTestId("review-closed").textContent).toContain("it is approved");
  });

  it("says why approve is not open", async () => {
    mockReview(() =>
      view({ lifecycle: { ...view().lifecycle, actions: [allowed("approve", false, "approval needs the verdict ready at the requested level route"), allowed("request_changes", true)] } }),
    );
    setAppInfo(appInfo());
    render(() => <ReviewScreen id="churn-risk-summary" />);
    await waitFor(() => expect(screen.getByTestId("review-approve")).toBeTruthy());
    expect(screen.getByTestId("review-approve").getAttribute("aria-disabled")).toBe("true");
    expect(screen.getByTestId("review-approve-why").textContent).toContain("approval needs the verdict ready");
  });

  it("a missing rule on the ladder opens the editor on that field", async () => {
    mockReview(() => view());
    setAppInfo(appInfo());
    render(() => <ReviewScreen id="churn-risk-summary" />);
    await waitFor(() => expect(screen.getAllByTestId("finding").length).toBe(3));
    const r1 = screen.getAllByTestId("finding").find((f) => f.getAttribute("data-rule") === "R1")!;
    fireEvent.click(r1);
    await waitFor(() => expect(segments()).toEqual(["contract", "churn-risk-summary"]));
    expect(param("field")).toBe("grain.matching");
    expect(path()).toBe("contract/churn-risk-summary?field=grain.matching");
  });
});

describe("review queue", () => {
  it("in a team registry, says who signed each review and that the signature was verified", async () => {
    const dana = {
      contract_id: "churn-risk-summary",
      version: 3,
      reviewer: "dana@example.com",
      roles: ["data" as const],
      decision: "approve" as const,
      comment: "Sources are right.",
      at: "2026-11-21T10:00:00Z",
    };
    const base = view();
    mockReview(() =>
      view({
        reviews: [...base.reviews, dana],
        signatures: [
          teamRecord(),
          teamRecord({ signer: "dana@example.com", at: dana.at, outcome: "signed_here", digest: "d2" }),
        ],
        refused_records: [
          teamRecord({
            signer: "dana@example.com",
            outcome: "refused",
            digest: "d3",
            file: "records/churn-risk-summary/20261121T100000.000Z-review-dana@example.com.yaml",
            reason: "the record was edited after it was signed: its signature does not verify",
          }),
        ],
      }),
    );
    setAppInfo(appInfo());
    render(() => <ReviewScreen id="churn-risk-summary" />);
    await waitFor(() => expect(screen.getAllByTestId("review-signature")).toHaveLength(2));
    // Newest first.
    const [mine, theirs] = screen.getAllByTestId("review-signature");
    expect(theirs.getAttribute("data-outcome")).toBe("applied");
    expect(theirs.textContent).toContain("Signed by Casey Director (cs.director@example.com) · signature verified");
    expect(mine.getAttribute("data-outcome")).toBe("signed_here");
    expect(mine.textContent).toContain("Signed on this desktop by Dana Data (dana@example.com)");
    const refused = screen.getByTestId("review-refused-records");
    expect(refused.textContent).toContain("edited after it was signed");
    expect(refused.textContent).toContain("20261121T100000.000Z-review-dana@example.com.yaml");
    expect(await axeViolations(screen.getByTestId("review-history"))).toEqual([]);
  });

  it("says nothing about signatures in a registry that is not a team's", async () => {
    mockReview(() => view());
    setAppInfo(appInfo());
    render(() => <ReviewScreen id="churn-risk-summary" />);
    await waitFor(() => expect(screen.getAllByTestId("review-row")).toHaveLength(1));
    expect(screen.queryByTestId("review-signature")).toBeNull();
    expect(screen.queryByTestId("review-refused-records")).toBeNull();
  });

  it("lists what waits on the acting person, then the rest in review", async () => {
    mockApp({
      review_queue: () => [summary("hot-lead-routing", "Route hot leads", { status: "in_review" })],
      list_contracts: (args) => {
        expect(args.query).toEqual({ status: "in_review" });
        return [summary("hot-lead-routing", "Route hot leads", { status: "in_review" }), summary("other", "Other one", { status: "in_review" })];
      },
    });
    render(() => <ReviewQueue />);
    await waitFor(() => expect(screen.getAllByTestId("queue-item")).toHaveLength(1));
    await waitFor(() => expect(screen.getAllByTestId("queue-other")).toHaveLength(1));
    expect(screen.getByTestId("queue-other").getAttribute("data-id")).toBe("other");
    fireEvent.click(screen.getByTestId("queue-item"));
    await waitFor(() => expect(path()).toBe("review/hot-lead-routing"));
  });
});
