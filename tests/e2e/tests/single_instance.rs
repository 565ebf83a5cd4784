//! End-to-end test of "a second app launch focuses the running window"
//! (tauri-plugin-single-instance, one D-Bus name per registry file).
//!
//! The window under test runs through the harness; the second launches are
//! plain child processes of this test with the same environment, as a person
//! double-clicking Warrant again would start them. Focus is observed twice:
//! in the X server (`xdotool getwindowfocus`) and in the page
//! (`document.hasFocus()`), so a focus request that GTK sent but WebKit never
//! saw fails too.
//!
//! Needs, besides what every e2e test needs: a D-Bus session bus
//! (`DBUS_SESSION_BUS_ADDRESS`; `scripts/test-all.sh` starts one with
//! `dbus-run-session`), `xdotool` and `xwininfo`. Without a bus the plugin
//! launches every copy normally, so the test refuses to run rather than pass
//! on an inert feature.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use fantoccini::Client;
use tokio::process::{Child, Command};
use warrant_e2e::*;

fn fail(result: TestResult) {
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Runs `xdotool` and returns what it printed, trimmed.
fn xdotool(args: &[&str]) -> Result<String, String> {
    let output = ctx(
        std::process::Command::new("xdotool").args(args).output(),
        "running xdotool (is it installed?)",
    )?;
    if !output.status.success() {
        return Err(format!(
            "xdotool {} failed ({}): {}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The visible top-level X windows of process `pid` (GTK sets `_NET_WM_PID`).
/// `xdotool search` exits 1 when nothing matches yet, which is not an error.
fn visible_windows_of(pid: u32) -> Vec<u64> {
    xdotool(&["search", "--onlyvisible", "--pid", &pid.to_string()])
        .map(|out| out.lines().filter_map(|l| l.trim().parse().ok()).collect())
        .unwrap_or_default()
}

/// The one visible window of `pid`, waiting for it to be mapped.
async fn window_of(pid: u32, who: &str) -> Result<u64, String> {
    eventually(&format!("the window of {who} (pid {pid})"), || async move {
        Ok(visible_windows_of(pid).first().copied())
    })
    .await
}

/// The window holding X input focus (as `xdotool getwindowfocus -f` reports
/// it; `None` for PointerRoot/None, which xdotool reports as an error).
fn x_focus() -> Option<u64> {
    xdotool(&["getwindowfocus", "-f"])
        .ok()
        .and_then(|out| out.parse().ok())
}

/// The parent of `window` in the X window tree, from `xwininfo -tree`.
fn x_parent(window: u64) -> Option<u64> {
    let output = std::process::Command::new("xwininfo")
        .args(["-tree", "-id", &window.to_string()])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Parent window id: "))?;
    let hex = line.split_whitespace().next()?.strip_prefix("0x")?;
    u64::from_str_radix(hex, 16).ok()
}

/// Whether X focus is on `window` or inside it (GTK may focus a child).
fn x_focus_is_within(window: u64) -> bool {
    let mut current = x_focus();
    // The tree is shallow; the bound only guards against a bad parse looping.
    for _ in 0..32 {
        match current {
            Some(w) if w == window => return true,
            Some(w) if w != 0 => current = x_parent(w),
            _ => return false,
        }
    }
    false
}

async fn page_has_focus(client: &Client) -> Result<bool, String> {
    script(client, "return document.hasFocus();")
        .await?
        .as_bool()
        .ok_or_else(|| "document.hasFocus() did not return a boolean".to_string())
}

/// The pid of the app process the harness started on `registry`: the one
/// whose executable is the app and whose `WARRANT_DB` is that file
/// (tauri-driver and WebKitWebDriver carry the same variable, but are not
/// the app).
fn app_pid_on(registry: &Path) -> Option<u32> {
    let app = std::fs::canonicalize(app_binary()).ok()?;
    let wanted = format!("WARRANT_DB={}", registry.display()).into_bytes();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse().ok()) else {
            continue;
        };
        let Ok(exe) = std::fs::read_link(entry.path().join("exe")) else {
            continue;
        };
        // A rebuild while the app runs leaves the link as "<path> (deleted)".
        let exe = exe.to_string_lossy();
        if exe.trim_end_matches(" (deleted)") != app.to_string_lossy() {
            continue;
        }
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        if environ
            .split(|b| *b == 0)
            .any(|var| var == wanted.as_slice())
        {
            return Some(pid);
        }
    }
    None
}

/// Starts the app binary directly on `registry`, with the environment the
/// harness gives the first copy (see `warrant_e2e::run`): the registry, XDG
/// folders under `xdg_root`, and this process's `DISPLAY` and session bus.
fn launch_app(registry: &Path, xdg_root: &Path, log: &Path) -> Result<Child, String> {
    let log = ctx(std::fs::File::create(log), "creating a launch log")?;
    let mut command = Command::new(app_binary());
    command
        .env("WARRANT_DB", registry)
        .env("XDG_DATA_HOME", xdg_root.join("xdg-data"))
        .env("XDG_CONFIG_HOME", xdg_root.join("xdg-config"))
        .env("XDG_CACHE_HOME", xdg_root.join("xdg-cache"))
        .stdin(Stdio::null())
        .stdout(ctx(log.try_clone(), "sharing the launch log")?)
        .stderr(log)
        .kill_on_drop(true);
    ctx(command.spawn(), "starting a second copy of the app")
}

fn read_log(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Fails with `what` if `child` has exited.
fn still_running(child: &mut Child, what: &str, log: &Path) -> TestResult {
    match ctx(child.try_wait(), "checking a launch")? {
        None => Ok(()),
        Some(status) => Err(format!(
            "{what} exited ({status}) instead of opening its own window; its output:\n{}",
            read_log(log)
        )),
    }
}

#[tokio::test]
async fn a_second_launch_on_the_same_registry_focuses_the_running_window_and_exits() {
    let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap_or_default();
    assert!(
        !bus.is_empty(),
        "DBUS_SESSION_BUS_ADDRESS is not set: the single-instance plugin finds the running \
         window over the D-Bus session bus and, without one, lets every launch open its own \
         window, so this test would prove nothing. Run it under `dbus-run-session --` \
         (scripts/test-all.sh does)."
    );
    fail(
        run(Launch::default(), |client, context| async move {
            // The registry screen is up: the window is the app, not a blank page.
            count_becomes(&client, &testid("registry-row"), 3).await?;
            let first_pid = eventually("the app process on the test registry", || async {
                Ok(app_pid_on(&context.registry))
            })
            .await?;
            let first_window = window_of(first_pid, "the first window").await?;

            // Another registry file is another instance by design: its launch
            // must open a window of its own and keep running.
            let other_root: PathBuf = context.dir.join("other");
            ctx(std::fs::create_dir_all(&other_root), "creating a folder")?;
            let other_log = context.dir.join("other-registry-launch.log");
            let mut other = launch_app(&other_root.join("registry.db"), &other_root, &other_log)?;
            let other_pid = other.id().ok_or("the other launch has no pid")?;
            let other_window = eventually("the window on the other registry", || {
                let status =
                    still_running(&mut other, "the launch on another registry", &other_log);
                async move {
                    status?;
                    Ok(visible_windows_of(other_pid).first().copied())
                }
            })
            .await?;
            if other_window == first_window {
                return Err("the other registry's window is the first window".into());
            }

            // Move focus away from the first window, to the other one, and
            // see both the X server and the first page notice.
            xdotool(&["windowfocus", &other_window.to_string()])?;
            eventually("X focus on the other registry's window", || async {
                Ok(x_focus_is_within(other_window).then_some(()))
            })
            .await?;
            eventually(
                "the first page to lose focus (document.hasFocus() false)",
                || async { Ok((!page_has_focus(&client).await?).then_some(())) },
            )
            .await?;

            // The second launch on the same registry hands over and exits 0.
            let second_log = context.dir.join("second-launch.log");
            let mut second = launch_app(&context.registry, &context.dir, &second_log)?;
            let status = match tokio::time::timeout(PATIENCE, second.wait()).await {
                Ok(status) => ctx(status, "waiting for the second launch")?,
                Err(_) => {
                    return Err(format!(
                    "a second launch on the same registry was still running after {PATIENCE:?}: \
                         it opened a second writer instead of handing over; its output:\n{}",
                    read_log(&second_log)
                ))
                }
            };
            if !status.success() {
                return Err(format!(
                    "the second launch exited with {status} (0 expected after handing over); \
                     its output:\n{}",
                    read_log(&second_log)
                ));
            }

            // ... and the first window has focus again, for the X server and
            // for the page alike.
            let last_seen = std::cell::RefCell::new(String::new());
            let focused_again = eventually("focus back on the first window", || {
                let x_focused = x_focus_is_within(first_window);
                let seen = &last_seen;
                let client = &client;
                async move {
                    let page_focused = page_has_focus(client).await?;
                    *seen.borrow_mut() = format!(
                        "X focus on {:?} (first window {first_window}), \
                         document.hasFocus() {page_focused}",
                        x_focus()
                    );
                    Ok((x_focused && page_focused).then_some(()))
                }
            })
            .await;
            focused_again.map_err(|e| format!("{e}; last seen: {}", last_seen.borrow()))?;

            // The other registry's copy was not swallowed by any of this.
            still_running(&mut other, "the launch on another registry", &other_log)?;
            if visible_windows_of(other_pid).is_empty() {
                return Err("the other registry's window is gone".into());
            }
            ctx(other.kill().await, "stopping the other registry's app")?;
            Ok(())
        })
        .await,
    );
}
