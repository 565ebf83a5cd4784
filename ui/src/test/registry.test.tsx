/** Registry screen: rows, search-as-you-type, keyboard opening, hostile text. */
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import type { ListQuery } from "../bindings/ListQuery";
import { path } from "../router";
import { countText, FIRST_PAGE, Registry, WHOLE_LIST_LIMIT } from "../screens/Registry";
import { axeViolations } from "./axe";
import { HOSTILE_TITLE, summary } from "./fixtures";
import { mockApp } from "./mock-app";

const rows = [summary("churn-risk-summary", "Churn-risk summary for CSMs"), summary("expansion-shortlist", "Weekly expansion shortlist", { verdict: "ready", ceiling: "assist" })];

function mockRegistry(list = rows) {
  const queries: ListQuery[] = [];
  mockApp({
    list_contracts: (args) => {
      const query = args.query as ListQuery;
      queries.push(query);
      const text = query.search?.toLowerCase();
      const found = text ? list.filter((r) => r.title.toLowerCase().includes(text) || r.id.includes(text)) : list;
      return query.limit === undefined ? found : found.slice(0, query.limit);
    },
    search_contracts: (args) => {
      // The screen asks the index for ids; recorded as the query it stands for.
      const text = args.text as string;
      queries.push({ search: text });
      const lower = text.toLowerCase();
      return list.filter((r) => r.title.toLowerCase().includes(lower) || r.id.includes(lower)).map((r) => r.id);
    },
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

  it("searches with the typed text as it is typed", async () => {
    const queries = mockRegistry();
    render(() => <Registry />);
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(2));
    fireEvent.input(screen.getByTestId("registry-search"), { target: { value: "expansion" } });
    await waitFor(() => expect(queries.at(-1)).toEqual({ search: "expansion" }));
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(1));
    expect(screen.getByTestId("registry-count").textContent).toBe("1 of 2 contracts");
  });

  it("asks one search question at a time: letters typed meanwhile become one question, the newest", async () => {
    const asked: string[] = [];
    const answers: Array<() => void> = [];
    mockApp({
      list_contracts: () => rows,
      search_contracts: (args) => {
        const text = args.text as string;
        asked.push(text);
        // Each answer waits until the test lets it go, as a slow index would.
        return new Promise((resolve) => answers.push(() => resolve(rows.filter((r) => r.title.toLowerCase().includes(text)).map((r) => r.id))));
      },
    });
    render(() => <Registry />);
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(2));
    const box = screen.getByTestId("registry-search");
    for (const text of ["w", "we", "wee", "week"]) fireEvent.input(box, { target: { value: text } });
    await waitFor(() => expect(asked).toEqual(["w"]));
    answers.shift()!();
    // "w" answered while three more letters were typed: only "week" is asked next, and "w" is not shown.
    await waitFor(() => expect(asked).toEqual(["w", "week"]));
    expect(screen.getByTestId("registry-count").getAttribute("data-search")).not.toBe("w");
    answers.shift()!();
    await waitFor(() => expect(screen.getByTestId("registry-count").getAttribute("data-search")).toBe("week"));
    expect(screen.getAllByTestId("registry-row").map((r) => r.getAttribute("data-id"))).toEqual(["expansion-shortlist"]);
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

  it("counts with thousands separators and says how many of all a filter shows", () => {
    expect(countText(10008, 10008, false)).toBe("10,008 contracts");
    expect(countText(1, 1, false)).toBe("1 contract");
    expect(countText(2, 8, true)).toBe("2 of 8 contracts");
    expect(countText(0, 10008, true)).toBe("0 of 10,008 contracts");
  });

  it("filters in memory: a status filter asks the backend nothing and says 2 of 3", async () => {
    const queries = mockRegistry([...rows, summary("live-one", "Live one", { status: "live" })]);
    render(() => <Registry />);
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(3));
    const asked = queries.length;
    fireEvent.change(screen.getByTestId("filter-status"), { target: { value: "draft" } });
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(2));
    expect(screen.getByTestId("registry-count").textContent).toBe("2 of 3 contracts");
    expect(queries.length).toBe(asked);
  });

  it("asks for a first page, and for the rest only when the page is full", async () => {
    const hundred = Array.from({ length: 100 }, (_, i) => summary(`c-${String(i).padStart(3, "0")}`, `Contract ${String(i).padStart(3, "0")}`));
    const queries = mockRegistry(hundred);
    render(() => <Registry />);
    await waitFor(() => expect(screen.getByTestId("registry-count").textContent).toBe("100 contracts"));
    expect(queries).toEqual([{ limit: FIRST_PAGE }, {}]);
    cleanup();
    const few = mockRegistry();
    render(() => <Registry />);
    await waitFor(() => expect(screen.getByTestId("registry-count").textContent).toBe("2 contracts"));
    expect(few).toEqual([{ limit: FIRST_PAGE }]);
  });

  it("searches without drawing unchanged rows again", async () => {
    mockRegistry();
    render(() => <Registry />);
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(2));
    const before = screen.getAllByTestId("registry-row")[1];
    fireEvent.input(screen.getByTestId("registry-search"), { target: { value: "expansion" } });
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(1));
    // The same element, not a new one: a search changes which rows show, not the rows.
    expect(screen.getByTestId("registry-row")).toBe(before);
  });

  describe("a registry longer than a few screens", () => {
    const many = Array.from({ length: 500 }, (_, i) => summary(`c-${String(i).padStart(3, "0")}`, `Contract ${String(i).padStart(3, "0")}`));

    it("puts only the rows in view in the DOM, with their place in the whole list", async () => {
      expect(many.length).toBeGreaterThan(WHOLE_LIST_LIMIT);
      mockRegistry(many);
      render(() => <Registry />);
      await waitFor(() => expect(screen.getByTestId("registry-count").textContent).toBe("500 contracts"));
      const drawn = screen.getAllByTestId("registry-row");
      expect(drawn.length).toBeGreaterThan(5);
      expect(drawn.length).toBeLessThan(60);
      expect(screen.getByTestId("registry-table").getAttribute("aria-rowcount")).toBe("501");
      expect(drawn[0].getAttribute("aria-rowindex")).toBe("2");
      expect(drawn[0].getAttribute("data-id")).toBe("c-000");
      expect(drawn[0].getAttribute("tabindex")).toBe("0");
      // A spacer below stands for the rows not drawn.
      expect(document.querySelectorAll(".registry-spacer")).toHaveLength(1);
    });

    it("End reaches the last row, Home the first, and arrows move one at a time", async () => {
      mockRegistry(many);
      render(() => <Registry />);
      await waitFor(() => expect(screen.getByTestId("registry-count").textContent).toBe("500 contracts"));
      const first = screen.getAllByTestId("registry-row")[0];
      first.focus();
      fireEvent.keyDown(first, { key: "End" });
      const last = document.activeElement as HTMLElement;
      expect(last.getAttribute("data-id")).toBe("c-499");
      expect(last.getAttribute("aria-rowindex")).toBe("501");
      expect(last.getAttribute("tabindex")).toBe("0");
      expect(screen.getAllByTestId("registry-row").length).toBeLessThan(60);
      fireEvent.keyDown(last, { key: "ArrowUp" });
      expect((document.activeElement as HTMLElement).getAttribute("data-id")).toBe("c-498");
      fireEvent.keyDown(document.activeElement!, { key: "Home" });
      expect((document.activeElement as HTMLElement).getAttribute("data-id")).toBe("c-000");
      expect((document.activeElement as HTMLElement).getAttribute("aria-rowindex")).toBe("2");
    });

    it("passes axe with virtual rows", async () => {
      mockRegistry(many);
      const { container } = render(() => <Registry />);
      await waitFor(() => expect(screen.getByTestId("registry-count").textContent).toBe("500 contracts"));
      expect(await axeViolations(container)).toEqual([]);
    }, 30_000);

    it("sorts the whole list, not the rows drawn", async () => {
      mockRegistry(many);
      render(() => <Registry />);
      await waitFor(() => expect(screen.getByTestId("registry-count").textContent).toBe("500 contracts"));
      fireEvent.click(screen.getByRole("button", { name: /Title/ }));
      await waitFor(() => expect(screen.getAllByTestId("registry-row")[0].getAttribute("data-id")).toBe("c-499"));
      expect(screen.getAllByTestId("registry-row").length).toBeLessThan(60);
    });
  });
});
