/** Registry screen: rows, search-as-you-type, keyboard opening, hostile text. */
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import type { ListQuery } from "../bindings/ListQuery";
import { path } from "../router";
import { Registry } from "../screens/Registry";
import { HOSTILE_TITLE, summary } from "./fixtures";

const rows = [summary("churn-risk-summary", "Churn-risk summary for CSMs"), summary("expansion-shortlist", "Weekly expansion shortlist", { verdict: "ready", ceiling: "assist" })];

function mockRegistry(list = rows) {
  const queries: ListQuery[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "list_contracts") {
      const query = (args as { query: ListQuery }).query;
      queries.push(query);
      const text = query.search?.toLowerCase();
      return text ? list.filter((r) => r.title.toLowerCase().includes(text) || r.id.includes(text)) : list;
    }
    throw { code: "internal", message: `unexpected ${cmd}` };
  });
  return queries;
}

describe("registry", () => {
  it("shows one row per contract, with the count and verdict", async () => {
    mockRegistry();
    render(() => <Registry />);
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(2));
    expect(screen.getByTestId("registry-count").textContent).toBe("2 contracts");
    const ids = screen.getAllByTestId("registry-row").map((r) => r.getAttribute("data-id"));
    expect(ids).toEqual(["churn-risk-summary", "expansion-shortlist"]);
    expect(screen.getAllByTestId("registry-row")[0].querySelector("[data-verdict]")?.getAttribute("data-verdict")).toBe("over_authorized");
    // Owners show by name once the people list is known; here it is empty, so by e-mail.
    const owners = screen.getAllByTestId("registry-row")[0].querySelector(".cell-owners")!;
    expect(owners.textContent).toBe("cs.director@example.com +1");
    expect(owners.getAttribute("title")).toBe("cs.director@example.com, dana@example.com");
  });

  it("marks contracts whose review is overdue, in words", async () => {
    mockRegistry([
      summary("late", "Late review", { status: "live", overdue: true, next_review: "2026-01-01T00:00:00Z" }),
      summary("on-time", "On time", { status: "live" }),
    ]);
    render(() => <Registry />);
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(2));
    const [late, onTime] = screen.getAllByTestId("registry-row");
    expect(late.textContent).toContain("review overdue");
    expect(onTime.textContent).not.toContain("review overdue");
  });

  it("searches with the typed text after a short pause", async () => {
    const queries = mockRegistry();
    render(() => <Registry />);
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(2));
    fireEvent.input(screen.getByTestId("registry-search"), { target: { value: "expansion" } });
    await waitFor(() => expect(queries.at(-1)).toEqual({ search: "expansion" }));
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(1));
    expect(screen.getByTestId("registry-count").textContent).toBe("1 contract");
  });

  it("shows a no-results state that clears the search", async () => {
    const queries = mockRegistry();
    render(() => <Registry />);
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(2));
    fireEvent.input(screen.getByTestId("registry-search"), { target: { value: "nothing like this" } });
    await waitFor(() => screen.getByTestId("registry-no-results"));
    fireEvent.click(screen.getByText("Clear search and filters"));
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(2));
    expect(queries.at(-1)).toEqual({});
  });

  it("shows the first-use empty state when the registry holds nothing", async () => {
    mockRegistry([]);
    render(() => <Registry />);
    await waitFor(() => screen.getByTestId("registry-empty"));
    expect(screen.getByTestId("registry-count").textContent).toBe("0 contracts");
  });

  it("moves between rows with the arrow keys and opens one with Enter", async () => {
    mockRegistry();
    render(() => <Registry />);
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(2));
    const [first, second] = screen.getAllByTestId("registry-row");
    first.focus();
    fireEvent.keyDown(first, { key: "ArrowDown" });
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(second, { key: "Enter" });
    await waitFor(() => expect(path()).toBe("contract/expansion-shortlist"));
    expect(window.location.hash).toBe("#/contract/expansion-shortlist");
  });

  it("focuses the search box when / is pressed", async () => {
    mockRegistry();
    render(() => <Registry />);
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(2));
    fireEvent.keyDown(document.body, { key: "/" });
    expect(document.activeElement).toBe(screen.getByTestId("registry-search"));
  });

  it("renders a hostile title as text, never as markup", async () => {
    mockRegistry([summary("hostile", HOSTILE_TITLE)]);
    const { container } = render(() => <Registry />);
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(1));
    expect(container.querySelector("img")).toBeNull();
    expect(screen.getByTestId("registry-row").textContent).toContain(HOSTILE_TITLE);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});
