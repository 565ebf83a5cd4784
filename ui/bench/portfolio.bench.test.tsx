/**
 * Benchmark, not a test of speed: renders the portfolio over 10,000 mocked
 * contract summaries and prints how long the first render took (from
 * mounting to the counted grid in the DOM), then a filter change. jsdom is
 * slower than the app's WebKit, so the figure is an upper bound. Nothing
 * here asserts a time; the assertions only check the render is complete.
 */
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { Portfolio } from "../src/screens/Portfolio";
import { mockApp } from "../src/test/mock-app";
import { manySummaries } from "../src/test/portfolio-fixtures";

const N = 10_000;

describe("portfolio at 10,000 contracts (benchmark)", () => {
  it("renders and prints the time of the first render and of a filter change", async () => {
    const list = manySummaries(N);
    mockApp({ list_contracts: () => list });
    const start = performance.now();
    render(() => <Portfolio />);
    await waitFor(() => expect(screen.getByTestId("portfolio-total").getAttribute("data-count")).toBe(String(N)), { interval: 1 });
    const firstRender = performance.now() - start;
    expect(document.querySelectorAll('[data-testid="portfolio-contract"]').length).toBeLessThanOrEqual(20 * 4);

    const filterStart = performance.now();
    fireEvent.change(screen.getByTestId("portfolio-filter-category"), { target: { value: "churn_risk_routing" } });
    const filtered = performance.now() - filterStart;
    expect(screen.getByTestId("portfolio-total").getAttribute("data-count")).toBe(String(N / 4));

    console.log(
      `[bench] portfolio, ${N} contracts: first render ${firstRender.toFixed(1)} ms (jsdom, IPC mocked); ` +
        `category filter ${filtered.toFixed(1)} ms; DOM nodes ${document.querySelectorAll("*").length}`,
    );
  });
});
