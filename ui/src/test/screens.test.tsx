/** People, Settings and New contract screens, and the unsaved-changes guard. */
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import type { Contract } from "../bindings/Contract";
import { draftFor, draftRequestFromRoute } from "../screens/EditorLoader";
import type { ImportResult } from "../bindings/ImportResult";
import { navigate, path } from "../router";
import { Editor } from "../screens/Editor";
import { NewContract } from "../screens/NewContract";
import { People } from "../screens/People";
import { Settings } from "../screens/Settings";
import { setAppInfo, setPeople } from "../session";
import { appInfo, contract, people, readiness } from "./fixtures";
import { mockApp } from "./mock-app";

describe("people", () => {
  it("shows the backend's refusal when a person still owns contracts", async () => {
    const refusal = "Dana Data still owns churn-risk-summary and expansion-shortlist; pick other owners first.";
    mockApp({
      list_people: () => people,
      delete_person: () => {
        throw { code: "conflict", message: refusal };
      },
    });
    render(() => <People />);
    await waitFor(() => expect(screen.getAllByTestId("people-row")).toHaveLength(2));
    fireEvent.click(screen.getAllByTestId("people-delete")[0]);
    expect(screen.getByTestId("confirm-dialog").textContent).toContain("dana@example.com");
    fireEvent.click(screen.getByTestId("confirm-yes"));
    await waitFor(() => expect(screen.getByTestId("error-banner").textContent).toContain(refusal));
    expect(screen.getAllByTestId("people-row")).toHaveLength(2);
  });

  it("closes the delete confirmation with Escape without deleting", async () => {
    const calls = mockApp({ list_people: () => people });
    render(() => <People />);
    await waitFor(() => expect(screen.getAllByTestId("people-row")).toHaveLength(2));
    fireEvent.click(screen.getAllByTestId("people-delete")[0]);
    fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();
    expect(calls.map(([cmd]) => cmd)).not.toContain("delete_person");
  });
});

describe("settings import", () => {
  it("lists each refused file with the exact message returned", async () => {
    const result: ImportResult = {
      report: null,
      errors: [
        { file: "churn.yaml", message: "churn.yaml:4:3: unknown key `owner` in `workflow` (expected category, description, decision)" },
        { file: "<b>bad</b>.json", message: "line 1 column 2: expected value" },
      ],
    };
    const calls = mockApp({ list_contracts: () => [], import_files: () => result });
    setAppInfo(appInfo());
    setPeople(people);
    const { container } = render(() => <Settings />);
    fireEvent.click(screen.getByTestId("import-button"));
    const list = await waitFor(() => screen.getByTestId("import-errors"));
    const items = list.querySelectorAll("li");
    expect(items).toHaveLength(2);
    expect(items[0].querySelector("pre")!.textContent).toBe(result.errors[0].message);
    expect(items[1].textContent).toContain("<b>bad</b>.json");
    expect(container.querySelector("b")).toBeNull();
    const asked = calls.find(([c]) => c === "import_files")!;
    expect(Object.keys(asked[1] ?? {})).toEqual([]);
  });

  it("reports created, new-version and unchanged files and the people added", async () => {
    mockApp({
      list_contracts: () => [],
      list_people: () => people,
      app_info: () => appInfo(),
      import_files: () =>
        ({
          report: {
            files: [
              { name: "a.yaml", id: "a", outcome: "created", version: 1, file_status: null, status: "draft", note: null },
              { name: "b.yaml", id: "b", outcome: "new_version", version: 4, file_status: null, status: "draft", note: null },
              { name: "c.yaml", id: "c", outcome: "unchanged", version: 2, file_status: null, status: "draft", note: null },
            ],
            people_added: ["new.person@example.com"],
          },
          errors: [],
        }) satisfies ImportResult,
    });
    render(() => <Settings />);
    fireEvent.click(screen.getByTestId("import-button"));
    const report = await waitFor(() => screen.getByTestId("import-report"));
    expect(report.textContent).toContain("Created");
    expect(report.textContent).toContain("New version (version 4)");
    expect(report.textContent).toContain("Unchanged");
    expect(report.textContent).toContain("new.person@example.com");
    expect(screen.queryByTestId("import-errors")).toBeNull();
  });
});

describe("new contract", () => {
  it("opens a template as an unsaved draft with its own title and an id from it", async () => {
    const template: Contract = { ...contract(), id: "template-churn-risk-routing", title: "Template: Churn-risk routing", status: "draft" };
    const asked: unknown[] = [];
    mockApp({
      list_templates: () => [template],
      draft_from_template: (args) => {
        asked.push(args);
        return { ...template, id: "churn-risk-routing", title: "Churn-risk routing", status: null };
      },
    });
    render(() => <NewContract />);
    const option = await waitFor(() => screen.getByTestId("template-option"));
    expect(option.getAttribute("data-category")).toBe("churn_risk_routing");
    expect(option.textContent).toContain("Use this template");
    fireEvent.click(option);
    // The choice travels in the route, so a reload or Back still finds it.
    await waitFor(() => expect(path()).toBe("draft?template=template-churn-risk-routing"));
    expect(draftRequestFromRoute()).toEqual({ template: "template-churn-risk-routing", blank: null });
    const opened = (await draftFor(draftRequestFromRoute()))!;
    expect(asked).toEqual([{ template: "template-churn-risk-routing", title: null }]);
    expect(opened.idFollowsTitle).toBe(true);
    const draft = opened.contract;
    expect(draft.id).toBe("churn-risk-routing");
    expect(draft.title).not.toBe(template.title);
    expect(draft.sources?.[0].name).toBe("account_health_current");
  });
});

describe("unsaved-changes guard", () => {
  it("leaves an untouched draft without asking", async () => {
    mockApp({ check_contract: () => readiness, validate_contract: () => [] });
    render(() => <Editor initial={contract({ id: "from-a-template" })} saved={false} />);
    await navigate("draft");
    expect(screen.getByTestId("editor-unsaved").textContent).toBe("Not saved yet");
    expect(await navigate("people")).toBe(true);
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();
  });

  it("asks before leaving an edited contract and stays when told to", async () => {
    mockApp({ check_contract: () => readiness, validate_contract: () => [] });
    render(() => <Editor initial={contract()} saved />);
    await navigate("contract/churn-risk-summary");
    fireEvent.input(screen.getByTestId("editor-title"), { target: { value: "Edited" } });
    const leaving = navigate("people");
    const dialog = await waitFor(() => screen.getByTestId("confirm-dialog"));
    expect(dialog.textContent).toContain("not saved");
    fireEvent.click(screen.getByText("Cancel"));
    expect(await leaving).toBe(false);
    expect(path()).toBe("contract/churn-risk-summary");

    const leavingAgain = navigate("people");
    fireEvent.click(await waitFor(() => screen.getByTestId("confirm-yes")));
    expect(await leavingAgain).toBe(true);
    expect(path()).toBe("people");
  });
});
