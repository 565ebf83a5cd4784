/** The window: first-run question when nobody is acting, header, navigation. */
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { App } from "../App";
import type { AppInfo } from "../bindings/AppInfo";
import { appInfo, people, summary } from "./fixtures";
import { mockApp } from "./mock-app";

/** The window's start-up commands; choosing who is acting changes what `app_info` answers next. */
function mockWindow(info: AppInfo) {
  let current = info;
  return mockApp({
    app_info: () => current,
    list_people: () => people,
    list_contracts: () => [summary("churn-risk-summary", "Churn-risk summary for CSMs")],
    set_acting_as: ({ email }) => {
      current = { ...current, acting_as: people.find((p) => p.email === email) ?? null };
      return current;
    },
  });
}

describe("app", () => {
  it("asks who is using Warrant when nobody is acting, and explains it is attribution", async () => {
    const calls = mockWindow(appInfo({ acting_as: null }));
    render(() => <App />);
    const dialog = await waitFor(() => screen.getByTestId("first-run"));
    expect(dialog.getAttribute("role")).toBe("dialog");
    expect(screen.getByText("Who is using Warrant?")).toBeTruthy();
    expect(dialog.textContent).toContain("not a login");
    fireEvent.change(screen.getByTestId("first-run-select"), { target: { value: "cs.director@example.com" } });
    fireEvent.click(screen.getByTestId("first-run-continue"));
    await waitFor(() => expect(screen.queryByTestId("first-run")).toBeNull());
    expect(calls).toContainEqual(["set_acting_as", { email: "cs.director@example.com" }]);
    expect(screen.getByTestId("acting-as").textContent).toContain("Casey Director");
  });

  it("does not ask when someone is already acting; shows them and the registry file", async () => {
    mockWindow(appInfo());
    render(() => <App />);
    await waitFor(() => expect(screen.getByTestId("acting-as").textContent).toContain("Dana Data"));
    expect(screen.queryByTestId("first-run")).toBeNull();
    expect(screen.getByTestId("registry-file").textContent).toBe("registry.db");
    await waitFor(() => expect(screen.getAllByTestId("registry-row")).toHaveLength(1));
  });

  it("navigates with the left-hand links", async () => {
    mockWindow(appInfo());
    render(() => <App />);
    fireEvent.click(screen.getByTestId("nav-people"));
    await waitFor(() => expect(screen.getAllByTestId("people-row")).toHaveLength(2));
    expect(screen.getByTestId("nav-people").getAttribute("aria-current")).toBe("page");
    fireEvent.click(screen.getByTestId("nav-settings"));
    await waitFor(() => expect(screen.getByTestId("app-version").textContent).toBe("0.1.0"));
  });
});
