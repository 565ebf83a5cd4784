/** Contract editor: errors beside their input, findings that lead to fields, saving, hostile text. */
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import type { Contract } from "../bindings/Contract";
import { setPeople } from "../session";
import { Toasts } from "../components/Toasts";
import { Editor } from "../screens/Editor";
import { contract, HOSTILE_TITLE, people, readiness } from "./fixtures";
import { type Handlers, mockApp } from "./mock-app";

/** The editor's background calls answered; `overrides` add or replace commands. */
function mockEditor(overrides: Handlers = {}) {
  return mockApp({ check_contract: () => readiness, validate_contract: () => [], list_versions: () => [], ...overrides });
}

/** The `.field` wrapper an input sits in: where its label, hint and error live. */
const fieldOf = (el: Element) => el.closest(".field, fieldset")!;

describe("editor", () => {
  it("shows the readiness verdict, ceiling and findings from check_contract", async () => {
    mockEditor();
    setPeople(people);
    render(() => <Editor initial={contract()} saved />);
    await waitFor(() => expect(screen.getAllByTestId("finding")).toHaveLength(3));
    expect(screen.getByTestId("readiness-verdict").getAttribute("data-verdict")).toBe("over_authorized");
    expect(screen.getByTestId("readiness-verdict").textContent).toContain("Over-authorized");
    expect(screen.getByTestId("readiness-ceiling").getAttribute("data-ceiling")).toBe("suggest");
    expect(screen.getByText("Fix the data it relies on first: matching, definitions or sources")).toBeTruthy();
    expect(screen.getByText("To reach the next rung (1)")).toBeTruthy();
    const finding = screen.getAllByTestId("finding")[1];
    expect(finding.getAttribute("data-rule")).toBe("R1");
    expect(finding.getAttribute("data-field")).toBe("grain.matching");
  });

  it("focuses the input a finding names when the finding is clicked", async () => {
    mockEditor();
    setPeople(people);
    const { container } = render(() => <Editor initial={contract()} saved />);
    await waitFor(() => expect(screen.getAllByTestId("finding")).toHaveLength(3));
    fireEvent.click(screen.getAllByTestId("finding")[1]);
    expect(document.activeElement).toBe(container.querySelector('[name="grain.matching"]'));
    fireEvent.click(screen.getAllByTestId("finding")[0]);
    expect(document.activeElement).toBe(container.querySelector('select[name="owners.data"]'));
  });

  it("falls back to the section when a finding names no single input", async () => {
    mockEditor({
      check_contract: () => ({ ...readiness, findings: [{ rule: "R4", level: "route", field: "suppression", blocking: true, message: "Add suppression rules." }] }),
    });
    const { container } = render(() => <Editor initial={contract()} saved />);
    await waitFor(() => expect(screen.getAllByTestId("finding")).toHaveLength(1));
    fireEvent.click(screen.getByTestId("finding"));
    expect(document.activeElement).toBe(container.querySelector('[data-field="suppression"]'));
  });

  it("shows a save error next to the input its field names", async () => {
    const calls = mockEditor({
      save_contract: () => {
        throw { code: "invalid", message: "Nobody called ghost@example.com is in the people list.", field: "owners.business" };
      },
    });
    setPeople(people);
    const { container } = render(() => <Editor initial={contract()} saved />);
    await waitFor(() => expect(screen.getAllByTestId("finding")).toHaveLength(3));
    fireEvent.click(screen.getByTestId("editor-save"));
    const error = await waitFor(() => screen.getByText("Nobody called ghost@example.com is in the people list."));
    const input = container.querySelector('select[name="owners.business"]')!;
    expect(fieldOf(error)).toBe(fieldOf(input));
    expect(error.getAttribute("data-field-error")).toBe("owners.business");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    // The other owner fields are untouched.
    expect(container.querySelector('select[name="owners.data"]')!.getAttribute("aria-invalid")).toBeNull();
    expect(calls.some(([cmd]) => cmd === "save_contract")).toBe(true);
  });

  it("shows validation errors from validate_contract beside list items", async () => {
    mockEditor({
      validate_contract: () => [{ code: "invalid", message: "Write the owner as an e-mail address.", field: "sources[0].owner" }],
    });
    const { container } = render(() => <Editor initial={contract()} saved />);
    const error = await waitFor(() => screen.getByText("Write the owner as an e-mail address."));
    expect(fieldOf(error)).toBe(fieldOf(container.querySelector('[name="sources[0].owner"]')!));
  });

  it("puts errors without a matching input in the banner, and list errors under the list", async () => {
    mockEditor({
      validate_contract: () => [
        { code: "invalid", message: "Add at least one source.", field: "sources" },
        { code: "invalid", message: "The registry could not check this contract." },
        { code: "invalid", message: "Unknown thing.", field: "no_such_field" },
      ],
    });
    const { container } = render(() => <Editor initial={contract()} saved />);
    const listError = await waitFor(() => screen.getByText("Add at least one source."));
    expect(listError.closest('[data-field="sources"]')).toBe(container.querySelector('.object-list[data-field="sources"]'));
    const banner = screen.getByTestId("error-banner");
    expect(banner.textContent).toContain("The registry could not check this contract.");
    expect(banner.textContent).toContain("no_such_field: Unknown thing.");
  });

  it("requires an id on a new draft: the error sits at the id input", async () => {
    mockEditor({
      validate_contract: (args) =>
        (args.contract as Contract).id === "" ? [{ code: "invalid", message: "Write an id: lowercase letters, digits and '-'.", field: "id" }] : [],
    });
    const { container } = render(() => <Editor initial={contract({ id: "" })} saved={false} />);
    const error = await waitFor(() => screen.getByText("Write an id: lowercase letters, digits and '-'."));
    const idInput = container.querySelector<HTMLInputElement>('input[name="id"]')!;
    expect(idInput.readOnly).toBe(false);
    expect(fieldOf(error)).toBe(fieldOf(idInput));
    fireEvent.input(idInput, { target: { value: "churn-risk-summary" } });
    await waitFor(() => expect(screen.queryByText("Write an id: lowercase letters, digits and '-'.")).toBeNull());
  });

  it("saves with Ctrl+S, sends the edited contract and confirms with a toast", async () => {
    const calls = mockEditor({ save_contract: () => ({ id: "churn-risk-summary", outcome: "new_version", version: 3 }) });
    const { container } = render(() => (
      <>
        <Editor initial={contract()} saved />
        <Toasts />
      </>
    ));
    await waitFor(() => expect(screen.getAllByTestId("finding")).toHaveLength(3));
    fireEvent.input(screen.getByTestId("editor-title"), { target: { value: "Churn summary v2" } });
    await waitFor(() => screen.getByTestId("editor-unsaved"));
    fireEvent.keyDown(window, { key: "s", ctrlKey: true });
    await waitFor(() => expect(screen.getAllByTestId("toast").map((t) => t.textContent)).toContainEqual(expect.stringContaining("Saved version 3")));
    const sent = calls.find(([cmd]) => cmd === "save_contract")![1].contract as Contract;
    expect(sent.title).toBe("Churn summary v2");
    expect(sent.sources?.[0].name).toBe("account_health_current");
    expect(screen.queryByTestId("editor-unsaved")).toBeNull();
    expect(container.querySelector('[name="title"]')).toBe(screen.getByTestId("editor-title"));
  });

  it("adds and removes list items with paths that follow their position", async () => {
    mockEditor();
    const { container } = render(() => <Editor initial={contract()} saved />);
    fireEvent.click(screen.getByText("+ Add source"));
    const second = container.querySelector<HTMLInputElement>('[name="sources[1].name"]')!;
    fireEvent.input(second, { target: { value: "billing_status" } });
    fireEvent.click(screen.getByLabelText("Remove source 1"));
    await waitFor(() => expect(container.querySelector('[name="sources[1].name"]')).toBeNull());
    expect(container.querySelector<HTMLInputElement>('[name="sources[0].name"]')!.value).toBe("billing_status");
  });

  it("renders a hostile title as text in the heading and the input", async () => {
    mockEditor();
    const { container } = render(() => <Editor initial={contract({ title: HOSTILE_TITLE })} saved />);
    await waitFor(() => expect(screen.getAllByTestId("finding")).toHaveLength(3));
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("h1")!.textContent).toBe(HOSTILE_TITLE);
    expect((screen.getByTestId("editor-title") as HTMLInputElement).value).toBe(HOSTILE_TITLE);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it("puts a value too long for a one-line input in a textarea, whole", async () => {
    // WebKit would cut an <input> at 524,288 characters; editing would save the cut.
    mockEditor();
    const title = "long title ".repeat(60_000);
    render(() => <Editor initial={contract({ title })} saved />);
    const field = screen.getByTestId("editor-title") as HTMLTextAreaElement;
    expect(field.tagName).toBe("TEXTAREA");
    expect(field.value).toBe(title);
    fireEvent.input(field, { target: { value: title + "!" } });
    await waitFor(() => expect(screen.getByTestId("editor-unsaved")).toBeTruthy());
  });

  it("lists versions and shows the differences between the two ticked", async () => {
    const calls = mockEditor({
      list_versions: () => [
        { version: 1, saved_at: "2026-11-01T09:00:00Z", saved_by: "dana@example.com", summary: "created", described: "Created" },
        { version: 2, saved_at: "2026-11-02T09:00:00Z", saved_by: "dana@example.com", summary: "authority: suggest → assist", described: "Requested authority: suggest → assist" },
        { version: 3, saved_at: "2026-11-03T09:00:00Z", saved_by: "cs.director@example.com", summary: "suppression: + Holdout group", described: "Suppression rules: + Holdout group" },
      ],
      diff_versions: () => [
        { field: "authority", label: "Requested authority", change: "suggest → assist" },
        { field: "suppression", label: "Suppression rules", change: "+ Holdout group" },
      ],
    });
    setPeople(people);
    render(() => <Editor initial={contract()} saved />);
    fireEvent.click(screen.getByTestId("editor-versions-tab"));
    const rows = await waitFor(() => {
      const found = screen.getAllByTestId("version-row");
      expect(found).toHaveLength(3);
      return found;
    });
    expect(rows.map((r) => r.getAttribute("data-version"))).toEqual(["3", "2", "1"]);
    expect(rows[0].textContent).toContain("Casey Director");
    fireEvent.click(screen.getByLabelText("Compare version 3"));
    fireEvent.click(screen.getByLabelText("Compare version 1"));
    const diff = await waitFor(() => screen.getByTestId("diff-view"));
    expect(diff.querySelectorAll("li")).toHaveLength(2);
    expect(diff.textContent).toContain("+ Holdout group");
    expect(calls.find(([cmd]) => cmd === "diff_versions")![1]).toEqual({ id: "churn-risk-summary", from: 1, to: 3 });
  });
});
