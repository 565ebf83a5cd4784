//! `warrant-bench-window [RUNS]`: the window's cost at 8 and at 10,008
//! contracts, side by side in one run, through the real window (tauri-driver
//! and WebKitWebDriver, as the end-to-end tests drive it). Prints medians;
//! asserts nothing. Run it through `scripts/bench-window.sh`, which builds
//! the release app and provides the display.
//!
//! Per launch (RUNS launches of each size, alternating, so both see the same
//! machine load):
//! - launch → first registry row: from the app process's start (its
//!   `/proc` start time) to the page's `warrant:first-rows` mark, set as the
//!   first rows enter the DOM, and to `warrant:first-rows-painted`, two
//!   animation frames later (under Xvfb the window's first frames come
//!   late, at any size); and, for comparison, the wall clock from starting
//!   the driver until WebDriver finds a row (WebKitWebDriver answers only
//!   once the page has loaded); the page's own marks split it into the
//!   native start, the page's load and the first question;
//! - launch → first page answered with no driver at all: one more launch
//!   of the app alone per round, timed from its process's start to the
//!   app's log recording the first `list_contracts` (the automation
//!   session alone adds a few hundred ms to the driven launches);
//! - PSS (proportional set size) of the app and its WebKit processes, after
//!   the whole list is loaded, 3 s after the searches below and 15 s
//!   after them, and of the app's own process alone;
//! - search settle: from a keystroke's input event to the rows that answer
//!   it painted (the screen's `data-search` says which text they answer;
//!   two animation frames after that = painted), for "c", "ch", "chu";
//! - sort: a click on the Title header until painted;
//! - arrow key: ↓ on the focused row until painted.
//!
//! Also, for ARCHITECTURE.md's choice of where search runs: the IPC round
//! trip of `list_contracts` for every row, of `list_contracts` with a search,
//! and of `search_contracts` (ids only), from inside the page.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::Client;
use serde_json::{json, Value};
use warrant_core::model::Person;
use warrant_core::registry::Registry;
use warrant_e2e::*;

const ACTOR: &str = "bench@example.com";
/// The two registry sizes compared, as in the issue that set the targets:
/// the example contracts plus variants of them up to these totals.
const SMALL: usize = 8;
const LARGE: usize = 10_008;
const SEARCH: [&str; 3] = ["c", "ch", "chu"];

/// The example contracts, with a person acting (no first-run question).
fn seeded_registry(path: &Path) -> Result<(), String> {
    let mut registry = ctx(Registry::open(path), "opening the registry")?;
    ctx(registry.seed_defaults("bench"), "seeding")?;
    let me = Person {
        email: ACTOR.into(),
        name: "Bench Mark".into(),
        team: "RevOps".into(),
        title: "Benchmark".into(),
    };
    ctx(registry.add_person(&me, "bench"), "adding the actor")?;
    ctx(registry.set_acting_as(ACTOR), "choosing acting-as")
}

/// The `warrant` command line built beside the app (the same profile's
/// folder: scripts/bench-window.sh builds both).
fn cli(args: &[&str]) -> Result<String, String> {
    let warrant = app_binary().with_file_name("warrant");
    let out = ctx(
        Command::new(&warrant).args(args).output(),
        &format!("running {}", warrant.display()),
    )?;
    if !out.status.success() {
        return Err(format!(
            "warrant {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `seeded` plus variants of its contracts up to `total`, imported with the
/// CLI (the release core: a second, not minutes of a debug build). Answers
/// how many contracts the registry lists.
fn sized_registry(seeded: &Path, path: &Path, total: usize, work: &Path) -> Result<usize, String> {
    ctx(std::fs::copy(seeded, path), "copying the registry")?;
    let db = path.display().to_string();
    let seed = work.join(format!("seed-{total}"));
    let many = work.join(format!("many-{total}"));
    for dir in [&seed, &many] {
        ctx(std::fs::create_dir_all(dir), "making a folder")?;
    }
    let seed_arg = seed.display().to_string();
    cli(&[
        "export", "--out", &seed_arg, "--format", "json", "--db", &db,
    ])?;
    let mut bases: Vec<Value> = Vec::new();
    for entry in ctx(std::fs::read_dir(&seed), "reading the export")? {
        let path = ctx(entry, "reading the export")?.path();
        let text = ctx(std::fs::read_to_string(&path), "reading an exported file")?;
        bases.push(ctx(
            serde_json::from_str(&text),
            "parsing an exported file",
        )?);
    }
    bases.sort_by_key(|b| b["id"].as_str().unwrap_or_default().to_string());
    if bases.is_empty() {
        return Err("the export wrote no contract".into());
    }
    for i in 0..total.saturating_sub(bases.len()) {
        let mut c = bases[i % bases.len()].clone();
        let id = format!("{}-{i:05}", c["id"].as_str().unwrap_or("contract"));
        let title = format!("{} {i}", c["title"].as_str().unwrap_or("Contract"));
        c["id"] = json!(id);
        c["title"] = json!(title);
        ctx(
            std::fs::write(many.join(format!("{id}.json")), c.to_string()),
            "writing a contract file",
        )?;
    }
    let many_arg = many.display().to_string();
    cli(&["import", &many_arg, "--db", &db, "--as", ACTOR])?;
    let listed: Value = ctx(
        serde_json::from_str(&cli(&["list", "--json", "--db", &db])?),
        "parsing warrant list --json",
    )?;
    Ok(listed.as_array().map_or(0, |a| a.len()))
}

/// Pids of the app started on `registry` and of every process under it
/// (WebKit's web and network processes).
fn app_processes(registry: &Path) -> Vec<u32> {
    let wanted = format!("WARRANT_DB={}", registry.display());
    let mut parents: HashMap<u32, u32> = HashMap::new();
    let mut roots = Vec::new();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return roots;
    };
    for entry in dir.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            // Fields after the parenthesised name: state, ppid, …
            if let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) {
                if let Some(ppid) = rest.split_whitespace().nth(1).and_then(|p| p.parse().ok()) {
                    parents.insert(pid, ppid);
                }
            }
        }
        let is_app = std::fs::read_link(format!("/proc/{pid}/exe"))
            .ok()
            .and_then(|exe| {
                exe.file_name()
                    .map(|n| n.to_string_lossy().starts_with("warrant-app"))
            })
            .unwrap_or(false);
        if is_app {
            let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            if environ.split(|b| *b == 0).any(|v| v == wanted.as_bytes()) {
                roots.push(pid);
            }
        }
    }
    let mut all = roots.clone();
    let mut grew = true;
    while grew {
        grew = false;
        for (&pid, &ppid) in &parents {
            if all.contains(&ppid) && !all.contains(&pid) {
                all.push(pid);
                grew = true;
            }
        }
    }
    all
}

/// The Unix times in ms at which the page's first rows were in the DOM and
/// painted (the registry screen's marks), `null` before; then when the
/// webview began loading the page and when its script had run
/// (DOMContentLoaded), to split launch → first rows into the native start,
/// the page's load and the app's first question.
const FIRST_ROWS_AT: &str = r#"
const at = (name) => performance.getEntriesByName(name)[0]?.detail.at ?? null;
const nav = performance.getEntriesByType('navigation')[0];
return [at('warrant:first-rows'), at('warrant:first-rows-painted'),
  performance.timeOrigin, nav ? performance.timeOrigin + nav.domContentLoadedEventEnd : null,
  at('warrant:first-rows-asked')];
"#;

/// The Unix time in ms at which the first of `pids` (the app itself)
/// started: `/proc/<pid>/stat`'s start time counts clock ticks since boot,
/// as `/proc/uptime` counts seconds, so both are read here, 10 ms apart at
/// worst.
fn process_started_ms(pids: &[u32]) -> Result<f64, String> {
    let pid = pids.first().ok_or("the app's process was not found")?;
    let stat = ctx(
        std::fs::read_to_string(format!("/proc/{pid}/stat")),
        "reading the app's /proc stat",
    )?;
    // Field 22 (starttime) is the 20th after the parenthesised name.
    let ticks: f64 = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().nth(19))
        .and_then(|t| t.parse().ok())
        .ok_or("no start time in /proc stat")?;
    let uptime: f64 = ctx(
        std::fs::read_to_string("/proc/uptime"),
        "reading /proc/uptime",
    )?
    .split_whitespace()
    .next()
    .and_then(|u| u.parse().ok())
    .ok_or("no uptime in /proc/uptime")?;
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs_f64()
        * 1000.0;
    // USER_HZ is 100 on Linux for every architecture Warrant ships on.
    Ok(now_ms - (uptime - ticks / 100.0) * 1000.0)
}

/// Sum of the processes' PSS, in MB.
fn pss_mb(pids: &[u32]) -> f64 {
    pss_part_mb(pids, "Pss:")
}

/// Adds one look at the app's memory (`pids`: the app first, then WebKit's
/// processes) to `[whole PSS, the app's own, WebKit's heaps, WebKit's shared]`.
fn record_memory(pids: &[u32], into: [&mut Vec<f64>; 4]) {
    let [all, app, heaps, shared] = into;
    all.push(pss_mb(pids));
    app.push(pss_mb(&pids[..1]));
    heaps.push(pss_part_mb(&pids[1..], "Pss_Anon:"));
    shared.push(pss_part_mb(&pids[1..], "Pss_Shmem:"));
}

/// Sum of one line of the processes' `smaps_rollup` (`Pss:`, `Pss_Anon:`
/// for their heaps, `Pss_Shmem:` for memory shared between them, such as
/// the web process's painted tiles), in MB.
fn pss_part_mb(pids: &[u32], part: &str) -> f64 {
    let mut kb = 0u64;
    for pid in pids {
        let Ok(text) = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) else {
            continue;
        };
        for line in text.lines() {
            if let Some(v) = line.strip_prefix(part) {
                kb += v
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .unwrap_or(0);
            }
        }
    }
    kb as f64 / 1024.0
}

/// Types `text` into the search box (one input event) and answers the
/// milliseconds until the rows answering it are painted, until they were
/// applied, and until the search's IPC answer arrived (the first of those
/// after the keystroke; the page's own work is what lies between).
const SEARCH_SETTLE: &str = r#"
const [text, done] = [arguments[0], arguments[arguments.length - 1]];
const input = document.querySelector('[data-testid="registry-search"]');
const count = document.querySelector('[data-testid="registry-count"]');
const internals = window.__TAURI_INTERNALS__;
const invoke = internals.invoke;
let arrived = null;
internals.invoke = function (cmd, ...rest) {
  const answer = invoke.call(this, cmd, ...rest);
  if (cmd === 'search_contracts') {
    answer.then(() => { if (arrived === null) arrived = performance.now() - t0; }, () => {});
  }
  return answer;
};
const t0 = performance.now();
input.value = text;
input.dispatchEvent(new Event('input', { bubbles: true }));
const want = text.trim();
// The answer is applied in one synchronous update that also sets
// data-search: the observer sees it right after, before layout and paint.
let applied = null;
const observer = new MutationObserver(() => {
  if (applied === null && count.getAttribute('data-search') === want) applied = performance.now() - t0;
});
observer.observe(count, { attributes: true, attributeFilter: ['data-search'] });
const check = () => {
  if (count.getAttribute('data-search') === want && !count.textContent.startsWith('Loading')) {
    requestAnimationFrame(() => requestAnimationFrame(() => {
      observer.disconnect();
      internals.invoke = invoke;
      const painted = performance.now() - t0;
      const work = applied === null ? painted : applied;
      done([painted, work, arrived === null ? work : arrived]);
    }));
  } else setTimeout(check, 1);
};
setTimeout(check, 1);
"#;

/// Clicks the Title header; milliseconds until painted.
const SORT: &str = r#"
const done = arguments[arguments.length - 1];
const button = document.querySelector('.registry-table .sort-button');
const t0 = performance.now();
button.click();
const sync = performance.now() - t0;
requestAnimationFrame(() => requestAnimationFrame(() => done([performance.now() - t0, sync])));
"#;

/// Presses `key` on the focused row (the first row when none is); ms until painted.
const ARROW: &str = r#"
const [key, done] = [arguments[0], arguments[arguments.length - 1]];
let row = document.activeElement && document.activeElement.closest && document.activeElement.closest('[data-testid="registry-row"]');
if (!row) { row = document.querySelector('[data-testid="registry-row"]'); row.focus(); }
const t0 = performance.now();
row.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
const sync = performance.now() - t0;
requestAnimationFrame(() => requestAnimationFrame(() => done([performance.now() - t0, sync])));
"#;

/// One IPC round trip from the page, in ms.
const IPC: &str = r#"
const [cmd, args, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const t0 = performance.now();
window.__TAURI_INTERNALS__.invoke(cmd, args).then(
  (r) => done([performance.now() - t0, Array.isArray(r) ? r.length : -1]),
  (e) => done([-1, String(e && e.message || e)]));
"#;

/// Runs a timed script: (ms until painted, ms of the script's own work —
/// for a search, until the answer was applied, before layout and paint).
async fn timed(client: &Client, js: &str, args: Vec<Value>) -> Result<(f64, f64), String> {
    timed_parts(client, js, args)
        .await
        .map(|parts| (parts[0], parts[1]))
}

/// The figures a timed script answers (painted, its own work, and any
/// further parts), at least two.
async fn timed_parts(client: &Client, js: &str, args: Vec<Value>) -> Result<Vec<f64>, String> {
    let v = ctx(
        client.execute_async(js, args).await,
        "running a timed script",
    )?;
    let parts: Option<Vec<f64>> = v
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect());
    match parts {
        Some(parts) if parts.len() >= 2 => Ok(parts),
        _ => Err(format!("a timed script answered {v}")),
    }
}

#[derive(Default)]
struct Figures {
    first_row: Vec<f64>,
    first_row_painted: Vec<f64>,
    first_row_driver: Vec<f64>,
    page_requested: Vec<f64>,
    page_loaded: Vec<f64>,
    first_page_asked: Vec<f64>,
    first_page_alone: Vec<f64>,
    whole_list: Vec<f64>,
    pss_load: Vec<f64>,
    pss_after: Vec<f64>,
    /// The app's own process, without WebKit's.
    pss_app_load: Vec<f64>,
    pss_app_after: Vec<f64>,
    /// WebKit's processes: their heaps, and memory they share.
    webkit_anon_load: Vec<f64>,
    webkit_anon_after: Vec<f64>,
    webkit_shmem_load: Vec<f64>,
    webkit_shmem_after: Vec<f64>,
    pss_later: Vec<f64>,
    keystroke: Vec<f64>,
    keystroke_applied: Vec<f64>,
    keystroke_arrived: Vec<f64>,
    settle_third: Vec<f64>,
    sort: Vec<f64>,
    sort_script: Vec<f64>,
    arrow: Vec<f64>,
    arrow_script: Vec<f64>,
    ipc_all: Vec<f64>,
    ipc_search_rows: Vec<f64>,
    ipc_search_ids: Vec<f64>,
    dom_rows: Vec<f64>,
}

/// Launch → first page answered without WebDriver: the app alone on a copy
/// of `template` (WebKitWebDriver's automation session delays the page's
/// first load and its first IPC by a few hundred milliseconds, at any size).
/// The moment is when the app's log records the first `list_contracts`
/// closing (the registry's first page, asked for before the whole list),
/// in ms from the process's start; the rows are drawn from that answer.
fn launch_without_driver(template: &Path, work: &Path, n: usize) -> Result<f64, String> {
    let dir = work.join(format!("alone-{n}"));
    ctx(std::fs::create_dir_all(&dir), "making a folder")?;
    let registry = dir.join("registry.warrant");
    ctx(std::fs::copy(template, &registry), "copying the registry")?;
    let mut child = ctx(
        std::process::Command::new(app_binary())
            .envs(isolated_app_env(&dir, &registry))
            .envs(app_env())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn(),
        "starting the app",
    )?;
    let started = process_started_ms(&[child.id()]);
    let deadline = Instant::now() + PATIENCE;
    let answered = loop {
        if let Some(at) = first_log_line_at(&dir.join("logs"), "list_contracts") {
            break Ok(at);
        }
        if Instant::now() > deadline {
            break Err("the app's log never recorded list_contracts".to_string());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = child.kill();
    let _ = child.wait();
    Ok(answered? - started?)
}

/// The Unix time in ms of the first line of the log in `logs` that
/// mentions `what` (each line starts with an RFC 3339 time).
fn first_log_line_at(logs: &Path, what: &str) -> Option<f64> {
    for entry in std::fs::read_dir(logs).ok()?.flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        if let Some(line) = text.lines().find(|l| l.contains(what)) {
            let stamp = line.split_whitespace().next()?;
            let at = chrono::DateTime::parse_from_rfc3339(stamp).ok()?;
            return Some(at.timestamp_micros() as f64 / 1000.0);
        }
    }
    None
}

/// Extra environment for the app, to compare a setting in one run:
/// `WARRANT_BENCH_APP_ENV="NAME=value NAME2=value"`.
fn app_env() -> Vec<(String, String)> {
    std::env::var("WARRANT_BENCH_APP_ENV")
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn one_launch(template: &Path, total: usize, figures: &mut Figures) -> Result<(), String> {
    let template = template.to_path_buf();
    let launch = Launch {
        env: app_env(),
        prepare: Some(Box::new(move |path| {
            ctx(std::fs::copy(&template, path), "copying the registry").map(drop)
        })),
    };
    let start = Instant::now();
    let all_text = format!("{} contracts", group(total));
    let mut local = Figures::default();
    run(launch, |client, context| {
        let local = &mut local;
        async move {
            loop {
                if !elements(&client, &testid("registry-row")).await?.is_empty() {
                    break;
                }
                if start.elapsed() > PATIENCE {
                    return Err("no registry row appeared".into());
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            local
                .first_row_driver
                .push(start.elapsed().as_secs_f64() * 1000.0);
            let marks = eventually("the first-rows marks", || async {
                let v = script(&client, FIRST_ROWS_AT).await?;
                Ok(v[0].as_f64().zip(v[1].as_f64()).map(|(dom, painted)| {
                    let or_nan = |i: usize| v[i].as_f64().unwrap_or(f64::NAN);
                    (dom, painted, or_nan(2), or_nan(3), or_nan(4))
                }))
            })
            .await?;
            let started = process_started_ms(&app_processes(&context.registry))?;
            local.first_row.push(marks.0 - started);
            local.first_row_painted.push(marks.1 - started);
            local.page_requested.push(marks.2 - started);
            local.page_loaded.push(marks.3 - started);
            local.first_page_asked.push(marks.4 - started);
            let count = element(&client, &testid("registry-count")).await?;
            eventually("the whole list", || async {
                Ok(text(&count).await?.contains(&all_text).then_some(()))
            })
            .await?;
            local
                .whole_list
                .push(start.elapsed().as_secs_f64() * 1000.0);
            local
                .dom_rows
                .push(elements(&client, &testid("registry-row")).await?.len() as f64);
            tokio::time::sleep(Duration::from_secs(1)).await;
            record_memory(
                &app_processes(&context.registry),
                [
                    &mut local.pss_load,
                    &mut local.pss_app_load,
                    &mut local.webkit_anon_load,
                    &mut local.webkit_shmem_load,
                ],
            );

            for _ in 0..5 {
                for (i, term) in SEARCH.iter().enumerate() {
                    let parts = timed_parts(&client, SEARCH_SETTLE, vec![json!(term)]).await?;
                    let (ms, applied) = (parts[0], parts[1]);
                    local.keystroke.push(ms);
                    local.keystroke_applied.push(applied);
                    local
                        .keystroke_arrived
                        .push(parts.get(2).copied().unwrap_or(applied));
                    if i == SEARCH.len() - 1 {
                        local.settle_third.push(ms);
                    }
                }
                timed(&client, SEARCH_SETTLE, vec![json!("")]).await?;
            }
            for _ in 0..6 {
                let (painted, work) = timed(&client, SORT, vec![]).await?;
                local.sort.push(painted);
                local.sort_script.push(work);
            }
            for i in 0..20 {
                let key = if i % 2 == 0 { "ArrowDown" } else { "ArrowUp" };
                let (painted, work) = timed(&client, ARROW, vec![json!(key)]).await?;
                local.arrow.push(painted);
                local.arrow_script.push(work);
            }
            for _ in 0..3 {
                let ipc = |cmd: &str, args: Value| {
                    let client = client.clone();
                    let cmd = cmd.to_string();
                    async move {
                        let v = ctx(
                            client.execute_async(IPC, vec![json!(cmd), args]).await,
                            "timing an IPC call",
                        )?;
                        v[0].as_f64()
                            .filter(|ms| *ms >= 0.0)
                            .ok_or(format!("{cmd}: {v}"))
                    }
                };
                local
                    .ipc_all
                    .push(ipc("list_contracts", json!({ "query": {} })).await?);
                local
                    .ipc_search_rows
                    .push(ipc("list_contracts", json!({ "query": { "search": "chu" } })).await?);
                local
                    .ipc_search_ids
                    .push(ipc("search_contracts", json!({ "text": "chu" })).await?);
            }
            tokio::time::sleep(Duration::from_secs(3)).await;
            record_memory(
                &app_processes(&context.registry),
                [
                    &mut local.pss_after,
                    &mut local.pss_app_after,
                    &mut local.webkit_anon_after,
                    &mut local.webkit_shmem_after,
                ],
            );
            // JavaScriptCore frees its garbage on its own schedule and
            // hands pages back later still: a second look, some time on.
            tokio::time::sleep(Duration::from_secs(12)).await;
            local
                .pss_later
                .push(pss_mb(&app_processes(&context.registry)));
            Ok(())
        }
    })
    .await?;
    for (all, one) in [
        (&mut figures.first_row, local.first_row),
        (&mut figures.first_row_painted, local.first_row_painted),
        (&mut figures.first_row_driver, local.first_row_driver),
        (&mut figures.page_requested, local.page_requested),
        (&mut figures.page_loaded, local.page_loaded),
        (&mut figures.first_page_asked, local.first_page_asked),
        (&mut figures.whole_list, local.whole_list),
        (&mut figures.pss_load, local.pss_load),
        (&mut figures.pss_after, local.pss_after),
        (&mut figures.pss_app_load, local.pss_app_load),
        (&mut figures.pss_app_after, local.pss_app_after),
        (&mut figures.webkit_anon_load, local.webkit_anon_load),
        (&mut figures.webkit_anon_after, local.webkit_anon_after),
        (&mut figures.webkit_shmem_load, local.webkit_shmem_load),
        (&mut figures.webkit_shmem_after, local.webkit_shmem_after),
        (&mut figures.pss_later, local.pss_later),
        (&mut figures.keystroke, local.keystroke),
        (&mut figures.keystroke_applied, local.keystroke_applied),
        (&mut figures.keystroke_arrived, local.keystroke_arrived),
        (&mut figures.settle_third, local.settle_third),
        (&mut figures.sort, local.sort),
        (&mut figures.sort_script, local.sort_script),
        (&mut figures.arrow, local.arrow),
        (&mut figures.arrow_script, local.arrow_script),
        (&mut figures.ipc_all, local.ipc_all),
        (&mut figures.ipc_search_rows, local.ipc_search_rows),
        (&mut figures.ipc_search_ids, local.ipc_search_ids),
        (&mut figures.dom_rows, local.dom_rows),
    ] {
        all.extend(one);
    }
    Ok(())
}

/// 10008 → "10,008".
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let mid = v.len() / 2;
    if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    }
}

fn range(values: &[f64]) -> String {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!("{min:.0}–{max:.0}")
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3);
    let work = tempfile::Builder::new()
        .prefix("warrant-bench-window-")
        .tempdir()
        .expect("a temporary folder");
    let seeded = work.path().join("seeded.warrant");
    let small = work.path().join("small.warrant");
    let big = work.path().join("big.warrant");
    let started = Instant::now();
    let totals = seeded_registry(&seeded)
        .and_then(|_| sized_registry(&seeded, &small, SMALL, work.path()))
        .and_then(|a| Ok((a, sized_registry(&seeded, &big, LARGE, work.path())?)))
        .unwrap_or_else(|e| {
            eprintln!("preparing the registries failed: {e}");
            std::process::exit(1);
        });
    let (small_total, big_total) = totals;
    println!(
        "app: {}\nregistries: {} and {} contracts (prepared in {:.1} s); {runs} launches of each, alternating",
        app_binary().display(),
        group(small_total),
        group(big_total),
        started.elapsed().as_secs_f64()
    );
    let sizes: [(PathBuf, usize); 2] = [(small, small_total), (big, big_total)];
    let mut figures = [Figures::default(), Figures::default()];
    for run_no in 0..runs {
        for (k, (template, total)) in sizes.iter().enumerate() {
            if let Err(e) = one_launch(template, *total, &mut figures[k]).await {
                eprintln!("launch {} with {} contracts failed: {e}", run_no + 1, total);
                std::process::exit(1);
            }
            match launch_without_driver(template, work.path(), run_no * 2 + k) {
                Ok(ms) => figures[k].first_page_alone.push(ms),
                Err(e) => {
                    eprintln!(
                        "launch {} with {} contracts, without the driver, failed: {e}",
                        run_no + 1,
                        total
                    );
                    std::process::exit(1);
                }
            }
        }
    }
    let [a, b] = &figures;
    println!(
        "\n{:<52} {:>16} {:>16}",
        "median (range)",
        format!("{} contracts", group(small_total)),
        format!("{} contracts", group(big_total))
    );
    let line = |label: &str, unit: &str, x: &[f64], y: &[f64]| {
        println!(
            "{:<52} {:>16} {:>16}",
            label,
            format!("{:.0} {unit} ({})", median(x), range(x)),
            format!("{:.0} {unit} ({})", median(y), range(y))
        );
    };
    line(
        "launch → first registry rows in the DOM",
        "ms",
        &a.first_row,
        &b.first_row,
    );
    line(
        "  → painted (two animation frames later)",
        "ms",
        &a.first_row_painted,
        &b.first_row_painted,
    );
    line(
        "  of which: launch → webview asks for the page",
        "ms",
        &a.page_requested,
        &b.page_requested,
    );
    line(
        "  of which: launch → page's script has run",
        "ms",
        &a.page_loaded,
        &b.page_loaded,
    );
    line(
        "  of which: launch → first page asked for",
        "ms",
        &a.first_page_asked,
        &b.first_page_asked,
    );
    line(
        "launch → first page answered, no driver (app's log)",
        "ms",
        &a.first_page_alone,
        &b.first_page_alone,
    );
    line(
        "  driver start → first row in the DOM",
        "ms",
        &a.first_row_driver,
        &b.first_row_driver,
    );
    line(
        "launch → whole list counted",
        "ms",
        &a.whole_list,
        &b.whole_list,
    );
    line("registry rows in the DOM", "", &a.dom_rows, &b.dom_rows);
    line(
        "PSS app + WebKit, after load",
        "MB",
        &a.pss_load,
        &b.pss_load,
    );
    line(
        "PSS app + WebKit, after 20 searches, sorts, keys",
        "MB",
        &a.pss_after,
        &b.pss_after,
    );
    line(
        "PSS app + WebKit, 15 s after the searches",
        "MB",
        &a.pss_later,
        &b.pss_later,
    );
    line(
        "  of which the app's own process, after load",
        "MB",
        &a.pss_app_load,
        &b.pss_app_load,
    );
    line(
        "  of which the app's own process, after searches",
        "MB",
        &a.pss_app_after,
        &b.pss_app_after,
    );
    line(
        "  WebKit's heaps (anonymous), after load",
        "MB",
        &a.webkit_anon_load,
        &b.webkit_anon_load,
    );
    line(
        "  WebKit's heaps (anonymous), after searches",
        "MB",
        &a.webkit_anon_after,
        &b.webkit_anon_after,
    );
    line(
        "  WebKit's shared memory, after load",
        "MB",
        &a.webkit_shmem_load,
        &b.webkit_shmem_load,
    );
    line(
        "  WebKit's shared memory, after searches",
        "MB",
        &a.webkit_shmem_after,
        &b.webkit_shmem_after,
    );
    line(
        "search keystroke → painted (c, ch, chu)",
        "ms",
        &a.keystroke,
        &b.keystroke,
    );
    line(
        "search settle after the 3rd letter",
        "ms",
        &a.settle_third,
        &b.settle_third,
    );
    line("sort by title → painted", "ms", &a.sort, &b.sort);
    line(
        "  of which: the click's script (sort, DOM)",
        "ms",
        &a.sort_script,
        &b.sort_script,
    );
    line("arrow key → painted", "ms", &a.arrow, &b.arrow);
    line(
        "  of which: the key's script (focus, DOM)",
        "ms",
        &a.arrow_script,
        &b.arrow_script,
    );
    line(
        "  search keystroke: until the IPC answer arrives",
        "ms",
        &a.keystroke_arrived,
        &b.keystroke_arrived,
    );
    line(
        "  search keystroke: until the answer is applied",
        "ms",
        &a.keystroke_applied,
        &b.keystroke_applied,
    );
    line(
        "IPC list_contracts, every row",
        "ms",
        &a.ipc_all,
        &b.ipc_all,
    );
    line(
        "IPC list_contracts, search \"chu\"",
        "ms",
        &a.ipc_search_rows,
        &b.ipc_search_rows,
    );
    line(
        "IPC search_contracts \"chu\" (ids)",
        "ms",
        &a.ipc_search_ids,
        &b.ipc_search_ids,
    );
    println!(
        "\nfirst row at {} vs {}: {:.2}x (no driver: {:.2}x); PSS after load: {:.2}x",
        group(big_total),
        group(small_total),
        median(&b.first_row) / median(&a.first_row),
        median(&b.first_page_alone) / median(&a.first_page_alone),
        median(&b.pss_load) / median(&a.pss_load)
    );
}
