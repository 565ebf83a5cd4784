/** The portfolio ladder: placement by requested rung and ceiling, counts, route totals, filters, click-through, the executive home rule. */
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import type { Person } from "../bindings/Person";
import { path } from "../router";
import { CHIPS_PER_CELL, countPortfolio, isExecutiveSponsor, Portfolio } from "../screens/Portfolio";
import { mockApp } from "./mock-app";
import { defaultSummaries, manySummaries } from "./portfolio-fixtures";

function mockList(list = defaultSummaries()) {
  mockApp({ list_contracts: () => list });
}

const count = (testid: string, attr: string, value: string) =>
  screen.getAllByTestId(testid).find((e) => e.getAttribute(attr) === value)!.getAttribute("data-count");

const cell = (requested: string, ceiling: string) =>
  screen.getAllByTestId("portfolio-cell").find((c) => c.getAttribute("data-requested") === requested && c.getAttribute("data-ceiling") === ceiling)!;

describe("portfolio", () => {
  it("places every contract on its requested rung, in its ceiling's column, coloured by verdict", async () => {
    mockList();
    render(() => <Portfolio />);
    await waitFor(() => expect(screen.getAllByTestId("portfolio-contract")).toHaveLength(8));
    const hot = screen.getAllByTestId("portfolio-contract").find((c) => c.getAttribute("data-id") === "hot-lead-routing")!;
    expect(hot.closest("td")).toBe(cell("route", "assist"));
    expect(cell("route", "assist").getAttribute("data-verdict")).toBe("over_authorized");
    expect(cell("route", "assist").textContent).toContain("over by 1");
    expect(cell("assist", "act").getAttribute("data-verdict")).toBe("ready");
    expect(cell("suggest", "none").getAttribute("data-verdict")).toBe("not_ready");
    expect(cell("suggest", "none").getAttribute("data-count")).toBe("1");
    expect(cell("assist", "suggest").getAttribute("data-count")).toBe("2");
    // The "exactly at its ceiling" cell of each row is outlined.
    expect(cell("route", "route").classList.contains("pf-at-request")).toBe(true);
  });

  it("counts contracts per rung and totals them per next route", async () => {
    mockList();
    render(() => <Portfolio />);
    await waitFor(() => expect(screen.getByTestId("portfolio-total").getAttribute("data-count")).toBe("8"));
    expect(count("rung-count", "data-rung", "suggest")).toBe("4");
    expect(count("rung-count", "data-rung", "assist")).toBe("3");
    expect(count("rung-count", "data-rung", "route")).toBe("1");
    expect(count("rung-count", "data-rung", "act")).toBe("0");
    expect(count("route-total", "data-route", "ai_readiness_audit")).toBe("2");
    expect(count("route-total", "data-route", "data_foundation")).toBe("1");
    expect(count("route-total", "data-route", "data_activation")).toBe("4");
    expect(count("route-total", "data-route", "translate_the_ask")).toBe("1");
    expect(screen.getByTestId("portfolio-total").textContent).toContain("3 over-authorized");
  });

  it("filters by category, status, owner and next route", async () => {
    mockList();
    render(() => <Portfolio />);
    await waitFor(() => expect(screen.getAllByTestId("portfolio-contract")).toHaveLength(8));
    const total = () => screen.getByTestId("portfolio-total").getAttribute("data-count");
    fireEvent.change(screen.getByTestId("portfolio-filter-category"), { target: { value: "lead_account_prioritization" } });
    expect(total()).toBe("3");
    expect(count("rung-count", "data-rung", "route")).toBe("1");
    fireEvent.change(screen.getByTestId("portfolio-filter-status"), { target: { value: "draft" } });
    expect(total()).toBe("1");
    fireEvent.change(screen.getByTestId("portfolio-filter-category"), { target: { value: "" } });
    fireEvent.change(screen.getByTestId("portfolio-filter-status"), { target: { value: "" } });
    fireEvent.change(screen.getByTestId("portfolio-filter-owner"), { target: { value: "priya.shah@example.com" } });
    expect(screen.getAllByTestId("portfolio-contract").map((c) => c.getAttribute("data-id")).sort()).toEqual(["churn-risk-summary", "expansion-accounts-weekly"]);
    fireEvent.change(screen.getByTestId("portfolio-filter-owner"), { target: { value: "" } });
    const audit = screen.getAllByTestId("route-total").find((e) => e.getAttribute("data-route") === "ai_readiness_audit")!;
    fireEvent.click(audit);
    expect(audit.getAttribute("aria-pressed")).toBe("true");
    expect(total()).toBe("2");
    expect(count("route-total", "data-route", "data_activation")).toBe("0");
    fireEvent.click(audit);
    expect(total()).toBe("8");
  });

  it("opens a contract's review from its chip", async () => {
    mockList();
    render(() => <Portfolio />);
    await waitFor(() => expect(screen.getAllByTestId("portfolio-contract")).toHaveLength(8));
    fireEvent.click(screen.getAllByTestId("portfolio-contract").find((c) => c.getAttribute("data-id") === "hot-lead-routing")!);
    await waitFor(() => expect(path()).toBe("review/hot-lead-routing"));
  });

  it("names a few contracts per cell and lists the rest in a windowed list", async () => {
    const many = manySummaries(800);
    mockList(many);
    render(() => <Portfolio />);
    await waitFor(() => expect(screen.getByTestId("portfolio-total").getAttribute("data-count")).toBe("800"));
    // 6 non-empty cells, each naming at most CHIPS_PER_CELL contracts.
    expect(screen.getAllByTestId("portfolio-contract").length).toBeLessThanOrEqual(6 * CHIPS_PER_CELL);
    expect(count("rung-count", "data-rung", "suggest")).toBe("400");
    const more = cell("route", "assist").querySelector<HTMLButtonElement>('[data-testid="portfolio-more"]')!;
    expect(more.textContent).toBe(`+${100 - CHIPS_PER_CELL} more`);
    fireEvent.click(more);
    const list = screen.getByTestId("portfolio-list");
    expect(list.textContent).toContain("Asking for Route, ceiling Assist — 100 contracts");
    const rows = screen.getAllByTestId("portfolio-list-row");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(20);
    fireEvent.click(rows[0]);
    await waitFor(() => expect(path()).toBe(`review/${rows[0].getAttribute("data-id")}`));
  });

  it("counts in one pass that agrees with the contracts", () => {
    const counts = countPortfolio(manySummaries(1000));
    expect(counts.total).toBe(1000);
    expect(Object.values(counts.perRung).reduce((a, b) => a + b)).toBe(1000);
    expect(Object.values(counts.perRoute).reduce((a, b) => a + b)).toBe(1000);
    expect([...counts.cells.values()].reduce((n, cell) => n + cell.length, 0)).toBe(1000);
  });
});

describe("executive home rule", () => {
  const person = (email: string, title: string): Person => ({ email, name: email, team: "", title });
  const list = defaultSummaries();

  it("goes by title when the title says so", () => {
    for (const title of ["VP Sales", "Chief Revenue Officer", "CRO", "Director, RevOps", "Head of Customer Success", "Executive sponsor"]) {
      expect(isExecutiveSponsor(person("x@example.com", title), [])).toBe(true);
    }
    for (const title of ["Analytics engineer", "RevOps lead", "Headcount planner"]) {
      expect(isExecutiveSponsor(person("x@example.com", title), list)).toBe(false);
    }
  });

  it("without a title: owns a business action and no data", () => {
    expect(isExecutiveSponsor(person("priya.shah@example.com", ""), list)).toBe(true);
    expect(isExecutiveSponsor(person("dana.okafor@example.com", ""), list)).toBe(false);
    expect(isExecutiveSponsor(person("nobody@example.com", ""), list)).toBe(false);
  });
});
