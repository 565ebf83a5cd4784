/**
 * The window: left navigation (with how many reviews wait on the acting
 * person), a header with the registry file, the team sync indicator and the "acting as" switcher, the
 * current screen, toasts, and the first-run question when nobody is acting
 * yet. After each in-page navigation focus moves to the new screen's heading
 * and the window title names it (`focus.ts`); Ctrl+= / Ctrl+- / Ctrl+0 zoom
 * (`zoom.ts`).
 *
 * To add a screen: add a {@link NavItem} to NAV and a branch to `screen()`.
 */
import { createEffect, createSignal, For, Match, on, onCleanup, onMount, Show, Switch } from "solid-js";
import { ActingAsSwitcher } from "./components/ActingAsSwitcher";
import { ErrorBanner } from "./components/ErrorBanner";
import { SyncIndicator } from "./components/SyncIndicator";
import { Toasts } from "./components/Toasts";
import { announceScreen, cancelAnnounce } from "./focus";
import { navigate, param, path, segments } from "./router";
import { DraftEditor, draftRequestFromRoute, StoredContractEditor } from "./screens/EditorLoader";
import { FirstRunDialog } from "./screens/FirstRun";
import { NewContract } from "./screens/NewContract";
import { People } from "./screens/People";
import { Registry } from "./screens/Registry";
import { openExecutiveHome, Portfolio } from "./screens/Portfolio";
import { ReviewScreen } from "./screens/Review";
import { ReviewQueue } from "./screens/ReviewQueue";
import { Settings } from "./screens/Settings";
import { AuditLog } from "./screens/AuditLog";
import { DryRun } from "./screens/DryRun";
import { RegistryProblem } from "./screens/RegistryProblem";
import type { StartupProblem } from "./bindings/StartupProblem";
import { startupProblem } from "./ipc";
import { appInfo, loadError, refreshAppInfo, refreshPeople, refreshWaiting, registryFileName, waiting } from "./session";
import { startTeamSync, syncAfterChanges } from "./team";
import { installZoomKeys } from "./zoom";

type NavItem = {
  /** First route segment the item leads to. */
  route: string;
  label: string;
  testid: string;
  /** Other first segments under which this item shows as current. */
  also?: string[];
};

const NAV: NavItem[] = [
  { route: "portfolio", label: "Portfolio", testid: "nav-portfolio" },
  { route: "registry", label: "Registry", testid: "nav-registry", also: ["contract"] },
  { route: "review", label: "Review", testid: "nav-review" },
  { route: "new", label: "New contract", testid: "nav-new", also: ["draft"] },
  { route: "people", label: "People", testid: "nav-people" },
  { route: "audit", label: "Audit log", testid: "nav-audit" },
  { route: "settings", label: "Settings", testid: "nav-settings" },
];

export function App() {
  const [loaded, setLoaded] = createSignal(false);

  const [problem, setProblem] = createSignal<StartupProblem | null>(null);
  // Whether the window opened on a particular screen (else executives get the portfolio).
  const askedForScreen = window.location.hash.replace(/^#\/?/, "") !== "";
  onMount(async () => {
    // A damaged registry was moved aside at start: offer the way back first.
    setProblem(await startupProblem().catch(() => null));
    await Promise.all([refreshAppInfo(), refreshPeople(), refreshWaiting()]);
    setLoaded(true);
    if (!askedForScreen) void openExecutiveHome(appInfo()?.acting_as);
    // A team registry syncs at open, in the background.
    void startTeamSync();
  });
  onCleanup(syncAfterChanges());
  onCleanup(installZoomKeys());
  // Every in-page navigation lands focus on the new screen's heading.
  createEffect(on(path, () => announceScreen(), { defer: true }));
  onCleanup(cancelAnnounce);

  const current = (item: NavItem) => {
    const first = segments()[0];
    return first === item.route || (item.also ?? []).includes(first);
  };

  return (
    <div class="app">
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById("main")?.focus(); }}>
        Skip to content
      </a>
      <nav class="sidebar" aria-label="Main">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">W</span>
          <span class="brand-name">Warrant</span>
        </div>
        <ul class="nav-list">
          <For each={NAV}>
            {(item) => (
              <li>
                <a
                  href={`#/${item.route}`}
                  class="nav-link"
                  classList={{ current: current(item) }}
                  aria-current={current(item) ? "page" : undefined}
                  data-testid={item.testid}
                  onClick={(e) => {
                    e.preventDefault();
                    void navigate(item.route);
                  }}
                >
                  {item.label}
                  <Show when={item.route === "review" && (waiting() ?? 0) > 0}>
                    <span class="nav-count" data-testid="nav-waiting" data-count={waiting()}>
                      Waiting on you ({waiting()})
                    </span>
                  </Show>
                </a>
              </li>
            )}
          </For>
        </ul>
      </nav>
      <div class="main-column">
        <header class="topbar">
          <span class="topbar-file" title={appInfo()?.registry_path ?? ""} data-testid="registry-file">
            {registryFileName() || "…"}
          </span>
          <div class="topbar-end">
            <SyncIndicator />
            <ActingAsSwitcher />
          </div>
        </header>
        <main id="main" class="content" tabindex="-1">
          <ErrorBanner error={problem() ? null : loadError()} />
          <Show when={problem()}>
            {(p) => (
              <RegistryProblem
                problem={p()}
                onFixed={() => {
                  setProblem(null);
                  void refreshAppInfo();
                  void refreshPeople();
                  void navigate("registry", { force: true });
                }}
              />
            )}
          </Show>
          <Switch fallback={<NotFound />}>
            <Match when={problem()}>{null}</Match>
            <Match when={segments()[0] === "portfolio"}>
              <Portfolio />
            </Match>
            <Match when={segments()[0] === "review" && segments()[1]}>
              {(id) => <ReviewScreen id={id()} />}
            </Match>
            <Match when={segments()[0] === "review"}>
              <ReviewQueue />
            </Match>
            <Match when={segments()[0] === "registry"}>
              <Registry />
            </Match>
            <Match when={segments()[0] === "contract" && segments()[1]}>
              {(id) => <StoredContractEditor id={id()} field={param("field")} />}
            </Match>
            <Match when={segments()[0] === "draft"}>
              <DraftEditor request={draftRequestFromRoute()} />
            </Match>
            <Match when={segments()[0] === "new"}>
              <NewContract />
            </Match>
            <Match when={segments()[0] === "people"}>
              <People />
            </Match>
            <Match when={segments()[0] === "audit"}>
              <AuditLog />
            </Match>
            <Match when={segments()[0] === "dryrun" && segments()[1]}>
              {(id) => <DryRun id={id()} />}
            </Match>
            <Match when={segments()[0] === "settings"}>
              <Settings />
            </Match>
          </Switch>
        </main>
      </div>
      <Show when={loaded() && appInfo() && !appInfo()!.acting_as}>
        <FirstRunDialog />
      </Show>
      <Toasts />
    </div>
  );
}

function NotFound() {
  return (
    <div class="empty-state">
      <h1 class="screen-title">Nothing here</h1>
      <p>This page does not exist.</p>
      <button type="button" class="button" onClick={() => void navigate("registry")}>
        Go to the registry
      </button>
    </div>
  );
}
