/** Test setup: a fresh DOM, IPC mock and route for every test. */
import { cleanup } from "@solidjs/testing-library";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach } from "vitest";
import { resetTeam } from "../team";

afterEach(() => {
  cleanup();
  clearMocks();
  resetTeam();
  window.location.hash = "";
});
