/** The team repository in the window: the header's sync indicator, syncing at open and after each change, and Settings → Team. */
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import type { TeamStatus } from "../bindings/TeamStatus";
import type { TeamSyncReport } from "../bindings/TeamSyncReport";
import { SyncIndicator } from "../components/SyncIndicator";
import * as ipc from "../ipc";
import type { Command } from "../ipc";
import { path } from "../router";
import { TeamSection } from "../screens/SettingsTeam";
import { setPeople } from "../session";
import { startTeamSync, syncAfterChanges } from "../team";
import { axeViolations } from "./axe";
import { appInfo, connected, notConnected, people, syncReport, teamRecord } from "./fixtures";
import { type Handler, mockApp } from "./mock-app";

type Answers = {
  status: () => TeamStatus;
  sync?: () => TeamSyncReport | Promise<TeamSyncReport>;
  join?: (args: Record<string, unknown>) => unknown;
  init?: (args: Record<string, unknown>) => unknown;
};

function mockTeam(answers: Answers) {
  const calls: Array<{ cmd: string; args: Record<string, unknown> }> = [];
  const logged = (cmd: Command, answer: Handler): Handler => (args) => {
    calls.push({ cmd, args });
    return answer(args);
  };
  mockApp({
    team_status: logged("team_status", () => answers.status()),
    team_people: logged("team_people", () => [
      { email: "dana@example.com", name: "Dana Data", team: "Analytics", title: "", keys: [{ fingerprint: "SHA256:dana", line: "ssh-ed25519 AAAA dana" }] },
      { email: "cs.director@example.com", name: "Casey Director", team: "", title: "", keys: [] },
    ]),
    team_sync: logged("team_sync", () => (answers.sync ?? (() => syncReport()))()),
    team_join: logged("team_join", (a) => answers.join?.(a)),
    team_init: logged("team_init", (a) => answers.init?.(a)),
    app_info: logged("app_info", () => appInfo()),
    list_people: logged("list_people", () => people),
    review_queue: logged("review_queue", () => []),
    record_review: logged("record_review", () => ({ review: {}, status: "approved", status_change: null, still_missing: [], next_review: null })),
  });
  return calls;
}

const stateOf = () => screen.getByTestId("sync-indicator").getAttribute("data-state");

describe("sync indicator", () => {
  it("says not connected, and leads to Settings → Team", async () => {
    const calls = mockTeam({ status: () => notConnected });
    // In the window it sits in the header.
    render(() => (
      <header>
        <SyncIndicator />
      </header>
    ));
    await startTeamSync();
    await waitFor(() => expect(stateOf()).toBe("not_connected"));
    expect(screen.getByTestId("sync-state").textContent).toBe("Not connected");
    expect(screen.getByTestId("sync-state").getAttribute("aria-live")).toBe("polite");
    // Not connected: nothing to sync.
    expect(calls.map((c) => c.cmd)).not.toContain("team_sync");
    fireEvent.click(screen.getByTestId("sync-indicator"));
    await waitFor(() => expect(path()).toBe("settings/team"));
    expect(await axeViolations(document.body)).toEqual([]);
  });

  it("syncs at open when connected: syncing, then synced", async () => {
    let finish!: (report: TeamSyncReport) => void;
    const calls = mockTeam({ status: () => connected(), sync: () => new Promise((done) => (finish = done)) });
    render(() => <SyncIndicator />);
    await startTeamSync();
    await waitFor(() => expect(stateOf()).toBe("syncing"));
    expect(screen.getByTestId("sync-state").textContent).toBe("Syncing…");
    finish(syncReport());
    await waitFor(() => expect(stateOf()).toBe("synced"));
    expect(calls.filter((c) => c.cmd === "team_sync")).toHaveLength(1);
  });

  it("an unreachable remote is the offline state, not an error", async () => {
    mockTeam({ status: () => connected(), sync: () => syncReport({ offline: "cannot reach /srv/team.git", pushed: false }) });
    render(() => <SyncIndicator />);
    await startTeamSync();
    await waitFor(() => expect(stateOf()).toBe("offline"));
    expect(screen.getByTestId("sync-state").textContent).toBe("Offline");
    expect(screen.getByTestId("sync-indicator").getAttribute("title")).toContain("cannot reach /srv/team.git");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows conflicts to resolve", async () => {
    mockTeam({
      status: () =>
        connected({ conflicts: [{ contract_id: "churn-risk-summary", commit: "a1", versions: [2, 3], detected_at: "2026-12-01T09:00:00Z", resolved_at: null, resolved_by: null }] }),
    });
    render(() => <SyncIndicator />);
    await startTeamSync();
    await waitFor(() => expect(stateOf()).toBe("conflicts"));
  });

  it("syncs after each change in a connected registry, and not after reads", async () => {
    const calls = mockTeam({ status: () => connected() });
    const stop = syncAfterChanges();
    try {
      await startTeamSync();
      await waitFor(() => expect(calls.filter((c) => c.cmd === "team_sync")).toHaveLength(1));
      await ipc.reviewQueue();
      await ipc.recordReview("churn-risk-summary", "approve", "");
      await waitFor(() => expect(calls.filter((c) => c.cmd === "team_sync")).toHaveLength(2));
    } finally {
      stop();
    }
  });
});

describe("settings → team", () => {
  it("not connected: offers to start a team repository or join one", async () => {
    mockTeam({ status: () => notConnected });
    render(() => <TeamSection />);
    await waitFor(() => expect(screen.getByTestId("team-not-connected")).toBeTruthy());
    expect(screen.getByTestId("team-start-form").textContent).toContain("Start a team repository");
    expect(screen.getByTestId("team-join-form").textContent).toContain("Join a team repository");
    expect(await axeViolations(screen.getByTestId("team-section"))).toEqual([]);
  });

  it("shows a refusal by the field it names, and focuses it", async () => {
    mockTeam({
      status: () => notConnected,
      join: () => {
        throw { code: "invalid", field: "as", message: "nobody@example.com is not in the team's people.yaml; ask someone in the team to add you" };
      },
    });
    render(() => <TeamSection />);
    await waitFor(() => expect(screen.getByTestId("team-join-form")).toBeTruthy());
    fireEvent.input(screen.getByTestId("team-join-remote"), { target: { value: "/srv/team.git" } });
    fireEvent.input(screen.getByTestId("team-join-email"), { target: { value: "nobody@example.com" } });
    fireEvent.click(screen.getByTestId("team-join-submit"));
    const email = screen.getByTestId("team-join-email");
    await waitFor(() => expect(email.getAttribute("aria-invalid")).toBe("true"));
    const described = document.getElementById(email.getAttribute("aria-describedby")!);
    expect(described!.textContent).toContain("is not in the team's people.yaml");
    await waitFor(() => expect(document.activeElement).toBe(email));
    expect(screen.getByTestId("team-join-remote").getAttribute("aria-invalid")).toBeNull();
    expect(await axeViolations(screen.getByTestId("team-section"))).toEqual([]);
  });

  it("shows a refusal without a field on the form, as an alert", async () => {
    mockTeam({
      status: () => notConnected,
      init: () => {
        throw { code: "conflict", message: "/srv/team.git already holds commits; a team repository starts in an empty repository" };
      },
    });
    render(() => <TeamSection />);
    await waitFor(() => expect(screen.getByTestId("team-start-form")).toBeTruthy());
    fireEvent.click(screen.getByTestId("team-start-submit"));
    const alert = await waitFor(() => {
      const el = screen.getByTestId("team-start-error");
      expect(el.textContent).toContain("already holds commits");
      return el;
    });
    expect(alert.getAttribute("role")).toBe("alert");
    await waitFor(() => expect(document.activeElement).toBe(alert));
  });

  it("joins with the key from the dialog, then shows the team", async () => {
    let status: TeamStatus = notConnected;
    const calls = mockTeam({
      status: () => status,
      join: () => {
        status = connected({ connection: { ...connected().connection!, last_sync_at: null, last_sync_commit: null } });
        return { report: syncReport(), earlier_registry: "/data/registry-before-team-20261201T100000.db" };
      },
    });
    render(() => <TeamSection />);
    await waitFor(() => expect(screen.getByTestId("team-join-form")).toBeTruthy());
    fireEvent.input(screen.getByTestId("team-join-remote"), { target: { value: "git@host:team/warrant.git" } });
    fireEvent.input(screen.getByTestId("team-join-email"), { target: { value: "dana@example.com" } });
    fireEvent.click(screen.getByTestId("team-join-submit"));
    await waitFor(() => expect(screen.getByTestId("team-connected")).toBeTruthy());
    expect(calls.find((c) => c.cmd === "team_join")!.args).toEqual({ remote: "git@host:team/warrant.git", email: "dana@example.com", key: "file" });
    expect(screen.getByTestId("team-last-sync").textContent).toBe("never");
    await waitFor(() => expect(document.activeElement?.id).toBe("set-team"));
  });

  it("a closed key dialog changes nothing", async () => {
    mockTeam({ status: () => notConnected, init: () => null });
    render(() => <TeamSection />);
    await waitFor(() => expect(screen.getByTestId("team-start-form")).toBeTruthy());
    fireEvent.click(screen.getByTestId("team-start-key-agent"));
    fireEvent.click(screen.getByTestId("team-start-submit"));
    await waitFor(() => expect(screen.getByTestId("team-start-submit").hasAttribute("disabled")).toBe(false));
    expect(screen.getByTestId("team-not-connected")).toBeTruthy();
  });

  it("connected: team, remote, you and your key, last sync, pending, conflicts, refused records with why", async () => {
    setPeople(people);
    mockTeam({
      status: () =>
        connected({
          pending: { versions: 1, records: 2, commits: 0 },
          conflicts: [{ contract_id: "churn-risk-summary", commit: "a1", versions: [2, 3], detected_at: "2026-12-01T09:00:00Z", resolved_at: null, resolved_by: null }],
          refused: [teamRecord({ outcome: "refused", signer: "mal@example.com", reason: "signed with a key registered for nobody" })],
        }),
    });
    render(() => <TeamSection />);
    await waitFor(() => expect(screen.getByTestId("team-connected")).toBeTruthy());
    expect(screen.getByTestId("team-name").textContent).toBe("Revenue team");
    expect(screen.getByTestId("team-remote").textContent).toBe("/srv/team.git");
    expect(screen.getByTestId("team-you").textContent).toContain("Dana Data (dana@example.com)");
    expect(screen.getByTestId("team-key").textContent).toBe("/home/dana/.ssh/id_ed25519");
    expect(screen.getByTestId("team-last-sync").textContent).toContain("3f9c0a1b2c3d");
    expect(screen.getByTestId("team-pending").textContent).toBe("1 version not published, 2 signed records not committed");
    await waitFor(() => expect(screen.getAllByTestId("team-person")).toHaveLength(2));
    const [dana, casey] = screen.getAllByTestId("team-person");
    expect(dana.textContent).toContain("Dana Data (dana@example.com) — you: SHA256:dana");
    expect(casey.textContent).toContain("no key yet");
    expect(screen.getByTestId("team-conflicts").textContent).toContain("versions 2 and 3");
    const refused = screen.getByTestId("team-refused-row");
    expect(refused.textContent).toContain("mal@example.com");
    expect(refused.textContent).toContain("signed with a key registered for nobody");
    expect(await axeViolations(screen.getByTestId("team-section"))).toEqual([]);
  });

  it("Sync now: busy while it runs, then says what moved, or that the remote is offline", async () => {
    let finish!: (report: TeamSyncReport) => void;
    let answer: () => TeamSyncReport | Promise<TeamSyncReport> = () => new Promise((done) => (finish = done));
    mockTeam({ status: () => connected(), sync: () => answer() });
    render(() => <TeamSection />);
    await waitFor(() => expect(screen.getByTestId("team-connected")).toBeTruthy());
    const button = screen.getByTestId("team-sync-now");
    fireEvent.click(button);
    await waitFor(() => expect(button.textContent).toBe("Syncing…"));
    expect(button.hasAttribute("disabled")).toBe(true);
    finish(syncReport({ records_out: 1, applied: { versions_in: [["churn-risk-summary", 4]], records: [teamRecord()], conflicts: [], people_added: [] } }));
    const result = screen.getByTestId("team-sync-result");
    await waitFor(() => expect(result.textContent).toContain("1 version and 1 record in, 0 versions and 1 record out"));
    expect(result.getAttribute("aria-live")).toBe("polite");
    expect(button.textContent).toBe("Sync now");

    answer = () => syncReport({ offline: "cannot reach /srv/team.git", pushed: false });
    fireEvent.click(button);
    await waitFor(() => expect(result.textContent).toContain("Offline: cannot reach /srv/team.git"));
    await waitFor(() => expect(result.textContent).toContain("goes out with the next sync"));
  });
});
