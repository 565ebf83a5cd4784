/** ipc.ts: argument names on the wire and the one error shape callers see. */
import { describe, expect, it } from "vitest";
import * as ipc from "../ipc";
import { mockApp } from "./mock-app";

describe("ipc error mapping", () => {
  it("rejects with the backend's {code, message, field}", async () => {
    mockApp({
      list_people: () => {
        throw { code: "invalid", message: "Write an e-mail address of someone in the people list.", field: "owners.business" };
      },
    });
    await expect(ipc.listPeople()).rejects.toEqual({
      code: "invalid",
      message: "Write an e-mail address of someone in the people list.",
      field: "owners.business",
    });
  });

  it("keeps errors without a field free of one", async () => {
    mockApp({
      delete_person: () => {
        throw { code: "conflict", message: "Dana owns churn-risk-summary." };
      },
    });
    const error = await ipc.deletePerson("dana@example.com").catch((e) => e);
    expect(error).toEqual({ code: "conflict", message: "Dana owns churn-risk-summary." });
    expect("field" in error).toBe(false);
  });

  it("turns a bare string from Tauri into an internal error", async () => {
    mockApp({
      app_info: () => {
        throw "invalid args `contract` for command `save_contract`: missing field `id`";
      },
    });
    await expect(ipc.appInfo()).rejects.toEqual({
      code: "internal",
      message: "invalid args `contract` for command `save_contract`: missing field `id`",
    });
  });

  it("does not mistake an object with an unknown code for a warrant error", () => {
    expect(ipc.isWarrantError({ code: "boom", message: "x" })).toBe(false);
    expect(ipc.toWarrantError({ code: "boom", message: "x" }).code).toBe("internal");
  });
});

describe("ipc arguments", () => {
  it("sends camelCase argument names and passes the result through", async () => {
    const calls = mockApp({
      audit_events: () => [],
      diff_versions: () => [{ field: "authority", change: "suggest → assist" }],
      export_contracts: () => [],
      list_contracts: () => [],
    });
    await ipc.auditEvents("churn-risk-summary");
    const diff = await ipc.diffVersions("churn-risk-summary", 1, 3);
    await ipc.exportContracts(["a"], "json");
    await ipc.listContracts({ search: "churn" });
    expect(diff).toEqual([{ field: "authority", change: "suggest → assist" }]);
    expect(calls).toEqual([
      ["audit_events", { contractId: "churn-risk-summary" }],
      ["diff_versions", { id: "churn-risk-summary", from: 1, to: 3 }],
      ["export_contracts", { ids: ["a"], format: "json" }],
      ["list_contracts", { query: { search: "churn" } }],
    ]);
  });
});
