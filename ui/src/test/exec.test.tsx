/**
 * The executive's day and keyboard/screen-reader behaviour: focus and window
 * title after navigation, the "acting as" switcher, "Waiting on you (n)",
 * the review screen's first screen in plain words, the first run, People's
 * inline forms and the example people, one date format, and zoom keys.
 */
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { App } from "../App";
import type { AppInfo } from "../bindings/AppInfo";
import type { Person } from "../bindings/Person";
import { focusOrHeading, windowTitle } from "../focus";
import { navigate } from "../router";
import { nextStepText } from "../screens/Review";
import { People } from "../screens/People";
import { setAppInfo, setPeople } from "../session";
import { dateOnly, fullTime, relativeTime } from "../time";
import { dismissToast, showToast, toasts } from "../toast";
import { handleZoomKey, setZoom, zoomLevel, zoomStep } from "../zoom";
import { appInfo, people, summary } from "./fixtures";
import { mockApp } from "./mock-app";

const VP: Person = { email: "alex.morgan@example.com", name: "Alex Morgan", team: "Revenue leadership", title: "VP of Revenue" };
const everyone = [...people, VP];

/** The commands the window calls at start; anything else is a test failure. Choosing who acts changes `app_info`. */
function mockWindow(info: AppInfo) {
  let current = info;
  return mockApp({
    app_info: () => current,
    startup_problem: () => null,
    list_people: () => everyone,
    list_contracts: () => [summary("churn-risk-summary", "Churn-risk summary for CSMs")],
    review_queue: () => [summary("hot-lead-routing", "Route hot leads", { status: "in_review" })],
    set_acting_as: ({ email }) => {
      current = { ...current, acting_as: everyone.find((p) => p.email === email) ?? null };
      return current;
    },
  });
}

describe("focus after navigation", () => {
  it("moves focus to the new screen's heading and names the window after it", async () => {
    mockWindow(appInfo());
    render(() => <App />);
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(1));
    fireEvent.click(screen.getByTestId("nav-people"));
    await waitFor(() => expect(document.activeElement?.tagName).toBe("H1"));
    expect(document.activeElement!.textContent).toBe("People");
    expect(document.title).toBe("People — Warrant");
    expect(document.activeElement!.getAttribute("tabindex")).toBe("-1");
  });

  it("puts focus on the heading when the element an action replaced is gone", () => {
    render(() => (
      <main id="main">
        <h1>Churn-risk summary</h1>
      </main>
    ));
    const gone = document.createElement("button");
    focusOrHeading(gone);
    expect(document.activeElement?.textContent).toBe("Churn-risk summary");
    expect(windowTitle("  Review \n queue ")).toBe("Review queue — Warrant");
  });
});

describe("acting as, in the header", () => {
  it("switches only on an explicit choice from the list; arrow keys move, Escape closes", async () => {
    const calls = mockWindow(appInfo());
    render(() => <App />);
    await waitFor(() => expect(screen.getByTestId("acting-as").textContent).toContain("Dana Data"));
    const toggle = screen.getByTestId("acting-as");
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    const choices = screen.getAllByTestId("acting-as-choice");
    expect(choices.map((c) => c.textContent)).toContain("Alex MorganVP of Revenue, Revenue leadership");
    // The current person has focus; arrow keys move focus and never switch anyone.
    expect(document.activeElement).toBe(choices.find((c) => c.dataset.email === "dana@example.com"));
    fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    expect(calls.some(([c]) => c === "set_acting_as")).toBe(false);
    fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(toggle);

    fireEvent.click(toggle);
    fireEvent.click(screen.getAllByTestId("acting-as-choice").find((c) => c.dataset.email === VP.email)!);
    await waitFor(() => expect(screen.getByTestId("acting-as").textContent).toContain("Alex Morgan"));
    expect(calls.filter(([c]) => c === "set_acting_as")).toEqual([["set_acting_as", { email: VP.email }]]);
    // Who is acting decides what waits on them: the count is asked again.
    expect(calls.filter(([c]) => c === "review_queue").length).toBeGreaterThanOrEqual(2);
  });
});

describe("waiting on you", () => {
  it("shows the count in the sidebar, one click from the queue", async () => {
    mockWindow(appInfo());
    render(() => <App />);
    const badge = await waitFor(() => screen.getByTestId("nav-waiting"));
    expect(badge.textContent).toBe("Waiting on you (1)");
    expect(badge.closest("a")!.getAttribute("href")).toBe("#/review");
  });

  it("shows the count on the portfolio too", async () => {
    mockWindow(appInfo());
    render(() => <App />);
    await waitFor(() => screen.getByTestId("nav-waiting"));
    await navigate("portfolio");
    const link = await waitFor(() => screen.getByTestId("portfolio-waiting"));
    expect(link.textContent).toBe("Waiting on you (1)");
    fireEvent.click(link);
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Review"));
  });
});

describe("first run", () => {
  it("pre-selects nobody, shows team and title, and Continue says why it waits", async () => {
    const calls = mockWindow(appInfo({ acting_as: null }));
    render(() => <App />);
    const select = (await waitFor(() => screen.getByTestId("first-run-select"))) as HTMLSelectElement;
    expect(select.value).toBe("");
    const options = [...select.querySelectorAll("option")].map((o) => o.textContent);
    expect(options[0]).toBe("Choose your name");
    expect(options).toContain("Alex Morgan — VP of Revenue, Revenue leadership (alex.morgan@example.com)");
    const go = screen.getByTestId("first-run-continue");
    expect(go.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(go);
    expect(calls.some(([c]) => c === "set_acting_as")).toBe(false);
    fireEvent.change(select, { target: { value: "cs.director@example.com" } });
    expect(go.getAttribute("aria-disabled")).toBeNull();
  });

  it("'add me' replaces the button with a form whose first field has focus", async () => {
    mockWindow(appInfo({ acting_as: null }));
    render(() => <App />);
    await waitFor(() => screen.getByTestId("first-run-select"));
    fireEvent.click(screen.getByText("I am not in the list — add me"));
    await waitFor(() => expect(document.activeElement?.id).toBe("first-run-name"));
  });
});

describe("people", () => {
  it("an inline form takes focus, closes on Escape and gives focus back to its button", async () => {
    mockApp({ list_people: () => everyone, example_people: () => [] });
    setPeople(everyone);
    render(() => <People />);
    fireEvent.click(screen.getByTestId("people-add"));
    await waitFor(() => expect(document.activeElement?.id).toBe("person-new-name"));
    fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    await waitFor(() => expect(document.getElementById("person-new-name")).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("people-add")));

    const edit = screen.getAllByTestId("people-edit").find((b) => b.dataset.email === VP.email)!;
    fireEvent.click(edit);
    await waitFor(() => expect(document.activeElement?.id).toBe("person-edit-name"));
    fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    await waitFor(() => expect(document.getElementById("person-edit-name")).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getAllByTestId("people-edit").find((b) => b.dataset.email === VP.email)));
  });

  it("offers to remove the example people in one step once you act as yourself", async () => {
    const me: Person = { email: "ines@acme.example", name: "Ines Duarte", team: "RevOps", title: "RevOps lead" };
    let examples = [VP];
    const calls = mockApp({
      list_people: () => [me, ...examples],
      example_people: () => examples,
      remove_example_people: () => {
        examples = [];
        return [me];
      },
      app_info: () => appInfo({ acting_as: me }),
      review_queue: () => [],
    });
    setAppInfo(appInfo({ acting_as: VP }));
    setPeople([me, VP]);
    render(() => <People />);
    const note = await waitFor(() => screen.getByTestId("people-examples"));
    // Acting as an example person: the step is explained, not offered.
    expect(screen.queryByTestId("people-remove-examples")).toBeNull();
    expect(note.textContent).toContain("act as yourself");
    setAppInfo(appInfo({ acting_as: me }));
    fireEvent.click(await waitFor(() => screen.getByTestId("people-remove-examples")));
    expect(screen.getByTestId("confirm-dialog").textContent).toContain("name you (Ines Duarte) instead");
    fireEvent.click(screen.getByTestId("confirm-yes"));
    await waitFor(() => expect(calls.map(([cmd]) => cmd)).toContain("remove_example_people"));
    await waitFor(() => expect(screen.queryByTestId("people-examples")).toBeNull());
    expect(screen.getAllByTestId("people-row").map((r) => r.dataset.email)).toEqual([me.email]);
  });
});

describe("the next step in plain words", () => {
  it("names the step and whose it is, or says nobody is named", () => {
    const people = [{ email: "dana.okafor@example.com", name: "Dana Okafor", team: "", title: "" }];
    expect(nextStepText({ action: "Fix identity matching before routing", role: "data", owner: "dana.okafor@example.com", rule: "R1" }, people)).toBe(
      "Fix identity matching before routing — Dana Okafor, data owner",
    );
    expect(nextStepText({ action: "Name a business owner before suggesting", role: "business", owner: null, rule: "S3" }, people)).toBe(
      "Name a business owner before suggesting — no business owner is named yet",
    );
  });
});

describe("one date format", () => {
  it("writes dates as '1 Dec 2026, 08:14' whatever the locale, and calendar dates as that day", () => {
    const at = new Date(2026, 11, 1, 8, 14, 19);
    expect(fullTime(at.toISOString())).toBe("1 Dec 2026, 08:14");
    expect(dateOnly("2026-12-01")).toBe("1 Dec 2026");
    expect(fullTime("2026-12-01")).toBe("1 Dec 2026");
    expect(relativeTime(new Date(2026, 0, 5).toISOString(), new Date(2026, 11, 1))).toBe("5 Jan 2026");
    expect(fullTime("not a date")).toBe("not a date");
  });
});

describe("zoom keys", () => {
  it("Ctrl+= and Ctrl+- step the zoom, Ctrl+0 resets it", () => {
    setZoom(1);
    const key = (k: string, ctrlKey = true) => handleZoomKey(new KeyboardEvent("keydown", { key: k, ctrlKey }));
    expect(key("=")).toBe(true);
    expect(zoomLevel()).toBe(1.1);
    expect(document.documentElement.style.getPropertyValue("zoom")).toBe("1.1");
    expect(key("-")).toBe(true);
    expect(key("-")).toBe(true);
    expect(zoomLevel()).toBe(0.9);
    expect(key("0")).toBe(true);
    expect(zoomLevel()).toBe(1);
    expect(document.documentElement.style.getPropertyValue("zoom")).toBe("");
    expect(key("=", false)).toBe(false);
    setZoom(2);
    expect(zoomStep(1)).toBe(2);
    setZoom(1);
  });
});

describe("toasts", () => {
  it("keep at most three, the newest, so a burst of changes does not cover the screen", () => {
    for (const t of toasts()) dismissToast(t.id);
    for (const text of ["Saved", "Paused", "Resumed", "Submitted"]) showToast(text);
    expect(toasts().map((t) => t.text)).toEqual(["Paused", "Resumed", "Submitted"]);
    for (const t of toasts()) dismissToast(t.id);
  });
});
