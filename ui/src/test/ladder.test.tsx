/** The authority ladder: labelled focusable rungs, requested and ceiling marks, the gap, and missing rules that lead to fields. */
import { fireEvent, render, screen } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import type { Readiness } from "../bindings/Readiness";
import { gapSize, Ladder, rungState } from "../components/Ladder";
import { navigate, param, routeTo, segments, withQuery } from "../router";

/** hot-lead-routing as the check sees it: asks for route, holds assist. */
const overAuthorized: Readiness = {
  id: "hot-lead-routing",
  requested: "route",
  ceiling: "assist",
  verdict: "over_authorized",
  next_route: "data_foundation",
  findings: [
    { rule: "R1", level: "route", field: "grain.match_rate", blocking: true, message: "Raise the match rate to its target." },
    { rule: "R2", level: "route", field: "definitions[0].status", blocking: true, message: "Agree the qualified-lead definition." },
    { rule: "X2", level: "act", field: "exceptions.pause_triggers", blocking: false, message: "List at least one pause trigger." },
  ],
};

const ready: Readiness = {
  id: "churn-risk-summary",
  requested: "assist",
  ceiling: "act",
  verdict: "ready",
  next_route: "data_activation",
  findings: [],
};

const notReady: Readiness = {
  id: "template-rep-alerts",
  requested: "assist",
  ceiling: null,
  verdict: "not_ready",
  next_route: "translate_the_ask",
  findings: [
    { rule: "S1", level: "suggest", field: "workflow.decision", blocking: true, message: "Write down the decision." },
    { rule: "A1", level: "assist", field: "owners.data", blocking: true, message: "Name the data owner." },
  ],
};

const rung = (name: string) => screen.getAllByTestId("ladder-rung").find((r) => r.getAttribute("data-rung") === name)!;

describe("ladder", () => {
  it("draws four labelled, focusable rungs, highest first, inside an SVG list", () => {
    render(() => <Ladder readiness={overAuthorized} />);
    const svg = document.querySelector("svg.ladder-svg")!;
    expect(svg.getAttribute("role")).toBe("list");
    expect(svg.getAttribute("aria-label")).toContain("Asks for Route; ceiling Assist; over-authorized by 1 rung");
    const rungs = screen.getAllByTestId("ladder-rung");
    expect(rungs.map((r) => r.getAttribute("data-rung"))).toEqual(["act", "route", "assist", "suggest"]);
    for (const r of rungs) {
      expect(r.getAttribute("role")).toBe("listitem");
      expect(r.getAttribute("tabindex")).toBe("0");
      expect(r.querySelector("title")?.textContent).toBeTruthy();
    }
    expect(rung("assist").getAttribute("aria-label")).toMatch(/^Assist: held.*the ceiling\.$/);
    expect(rung("route").getAttribute("aria-label")).toContain("Route: asked for but not held, the rung this contract asks for. Missing 2 rules: R1, R2.");
    expect(rung("act").getAttribute("aria-label")).toContain("Missing 1 rule: X2.");
  });

  it("marks the requested rung and the ceiling, and shows an over-authorized gap", () => {
    render(() => <Ladder readiness={overAuthorized} />);
    const ladder = screen.getByTestId("ladder");
    expect(ladder.getAttribute("data-requested")).toBe("route");
    expect(ladder.getAttribute("data-ceiling")).toBe("assist");
    expect(ladder.getAttribute("data-verdict")).toBe("over_authorized");
    expect(rung("route").getAttribute("data-requested")).toBe("true");
    expect(rung("route").querySelector('[data-testid="ladder-requested-mark"]')).not.toBeNull();
    expect(rung("assist").getAttribute("data-ceiling")).toBe("true");
    expect(screen.getByTestId("ladder-ceiling-mark").getAttribute("data-ceiling")).toBe("assist");
    expect(rung("route").getAttribute("data-state")).toBe("gap");
    expect(rung("assist").getAttribute("data-state")).toBe("held");
    expect(rung("suggest").getAttribute("data-state")).toBe("held");
    expect(rung("act").getAttribute("data-state")).toBe("above");
    const gap = screen.getByTestId("ladder-gap");
    expect(gap.getAttribute("data-rungs")).toBe("1");
    expect(gap.textContent).toContain("over by");
    expect(gap.textContent).toContain("1 rung");
    // The gap rung is hatched, so it does not rely on colour alone.
    expect(rung("route").querySelector("rect")!.getAttribute("fill")).toMatch(/^url\(#.*-hatch\)$/);
  });

  it("shows no gap when the ceiling is at or above the request", () => {
    render(() => <Ladder readiness={ready} />);
    expect(screen.queryByTestId("ladder-gap")).toBeNull();
    expect(screen.getAllByTestId("ladder-rung").every((r) => r.getAttribute("data-state") === "held")).toBe(true);
    expect(screen.getByText("Nothing blocks the requested level.")).toBeTruthy();
    expect(screen.getByTestId("ladder").getAttribute("data-gap")).toBe("0");
  });

  it("with no ceiling, the gap runs from suggest up to the request", () => {
    render(() => <Ladder readiness={notReady} />);
    expect(screen.getByTestId("ladder").getAttribute("data-ceiling")).toBe("none");
    expect(screen.getByTestId("ladder-ceiling-mark").textContent).toBe("ceiling: none");
    expect(screen.getByTestId("ladder-gap").getAttribute("data-rungs")).toBe("2");
    expect(rung("suggest").getAttribute("data-state")).toBe("gap");
    expect(rung("assist").getAttribute("data-state")).toBe("gap");
    expect(rung("route").getAttribute("data-state")).toBe("above");
  });

  it("lists what each rung above the ceiling is missing, each rule leading to its field", () => {
    const onField = vi.fn();
    render(() => <Ladder readiness={overAuthorized} onField={onField} />);
    const sections = screen.getAllByTestId("ladder-missing");
    expect(sections.map((s) => s.getAttribute("data-rung"))).toEqual(["route", "act"]);
    const rules = (s: HTMLElement) => [...s.querySelectorAll('[data-testid="finding"]')].map((f) => f.getAttribute("data-rule"));
    expect(rules(sections[0])).toEqual(["R1", "R2"]);
    expect(rules(sections[1])).toEqual(["X2"]);
    expect(sections[0].textContent).toContain("To reach Route");
    expect(screen.getByText("Blocking the request (2)")).toBeTruthy();
    expect(screen.getByText("To reach the next rung (1)")).toBeTruthy();
    // The rung names its list for screen readers.
    expect(rung("route").getAttribute("aria-describedby")).toBe(sections[0].id);
    fireEvent.click(sections[1].querySelector("button")!);
    expect(onField).toHaveBeenCalledWith("exceptions.pause_triggers");
  });

  it("a rung above the ceiling whose own rules hold says it needs the rungs below", () => {
    const noActFindings = { ...overAuthorized, findings: overAuthorized.findings.filter((f) => f.level !== "act") };
    render(() => <Ladder readiness={noActFindings} onField={() => {}} />);
    const sections = screen.getAllByTestId("ladder-missing");
    expect(sections.map((s) => s.getAttribute("data-rung"))).toEqual(["route", "act"]);
    expect(sections[1].textContent).toContain("Its own rules hold; it needs what Route misses.");
    expect(sections[1].querySelectorAll('[data-testid="finding"]')).toHaveLength(0);
    expect(screen.getByText("To reach the next rung")).toBeTruthy();
    expect(rung("act").getAttribute("aria-label")).toContain("Its own rules hold; it waits on the rungs below.");
  });

  it("Enter on a rung moves focus to its first missing rule", () => {
    render(() => <Ladder readiness={overAuthorized} onField={() => {}} />);
    fireEvent.keyDown(rung("route"), { key: "Enter" });
    expect(document.activeElement?.getAttribute("data-rule")).toBe("R1");
  });

  it("without a field handler the rules are plain text, not buttons", () => {
    render(() => <Ladder readiness={overAuthorized} />);
    expect(screen.getAllByTestId("finding").every((f) => f.tagName === "SPAN")).toBe(true);
  });

  it("rung states and gap sizes follow the ceiling and the request", () => {
    expect(rungState("route", "act", "assist")).toBe("gap");
    expect(rungState("act", "route", "act")).toBe("held");
    expect(rungState("act", "assist", "assist")).toBe("above");
    expect(gapSize("act", null)).toBe(4);
    expect(gapSize("suggest", "act")).toBe(0);
  });

  it("hands a field request from the review screen to the editor in the route, not a module variable", async () => {
    await navigate(withQuery(routeTo("contract", "hot-lead-routing"), { field: "sources[0].owner" }));
    expect(segments()).toEqual(["contract", "hot-lead-routing"]);
    expect(param("field")).toBe("sources[0].owner");
    expect(param("other")).toBeNull();
    await navigate("registry");
    expect(param("field")).toBeNull();
  });

  it("finding buttons are named by their visible text", async () => {
    render(() => <Ladder readiness={overAuthorized} onField={() => {}} />);
    for (const button of screen.getAllByTestId("finding")) {
      expect(button.getAttribute("aria-label")).toBeNull();
      expect(button.textContent).toContain(button.getAttribute("data-rule")!);
      expect(button.textContent).toContain("Go to the field");
    }
  });
});
