//! The harness the end-to-end tests share: start `tauri-driver` on free ports
//! with a fresh data folder, open a WebDriver session on the built
//! `warrant-app` binary, run one test, and always close the session and stop
//! the driver — then report the test's outcome.
//!
//! Tests return `Result<(), String>` instead of panicking: a panic between
//! opening the session and closing it would leave the app and
//! WebKitWebDriver running with their pipes open. `run` closes first, then
//! the caller fails.
//!
//! Needs: a display (`DISPLAY`, e.g. Xvfb), `tauri-driver` and
//! `WebKitWebDriver` on `PATH`, and the app built (`cargo build -p
//! warrant-app`); the tests do not build it.

pub mod axe;
pub mod ladder;

use std::future::Future;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tokio::process::{Child, Command};

/// How long the harness waits for something that should happen (the driver
/// to listen, an element to appear). Generous: it bounds a hang, it is not a
/// performance expectation.
pub const PATIENCE: Duration = Duration::from_secs(30);

pub type TestResult = Result<(), String>;

/// Prepares the registry file (at the given path) before the app opens it.
pub type Prepare = Box<dyn FnOnce(&Path) -> Result<(), String>>;

/// What one test starts the app with.
#[derive(Default)]
pub struct Launch {
    /// Extra environment for the app (e.g. the test-only import hook).
    pub env: Vec<(String, String)>,
    /// Runs before the app starts, with the registry path it will open.
    pub prepare: Option<Prepare>,
}

/// What a running test can use besides the WebDriver client.
pub struct Context {
    /// A private folder for this test's files; holds the registry too.
    pub dir: PathBuf,
    pub registry: PathBuf,
}

/// The built app: `$WARRANT_APP_BIN`, else `<target dir>/debug/warrant-app`.
pub fn app_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("WARRANT_APP_BIN") {
        return PathBuf::from(bin);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("debug/warrant-app")
}

fn free_port() -> Result<u16, String> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free local port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// The driver's port: `$WARRANT_E2E_PORT` if set (native port = that + 1),
/// else any free pair, so runs in parallel do not collide.
fn driver_ports() -> Result<(u16, u16), String> {
    if let Some(port) = std::env::var("WARRANT_E2E_PORT")
        .ok()
        .and_then(|p| p.parse::<u16>().ok())
    {
        return Ok((port, port + 1));
    }
    Ok((free_port()?, free_port()?))
}

async fn wait_for_port(port: u16, driver: &mut Child) -> Result<(), String> {
    let start = Instant::now();
    while start.elapsed() < PATIENCE {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        if let Ok(Some(status)) = driver.try_wait() {
            return Err(format!("tauri-driver exited before listening ({status})"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("tauri-driver did not listen on port {port}"))
}

/// SIGTERM, not SIGKILL: only then does tauri-driver stop WebKitWebDriver.
async fn stop(mut driver: Child) {
    if let Some(pid) = driver.id() {
        // SAFETY: plain kill(2) on the pid of a child this process spawned and
        // has not yet reaped, so the pid cannot have been reused.
        unsafe {
            libc::kill(pid as libc::pid_t, libc::SIGTERM);
        }
    }
    if tokio::time::timeout(PATIENCE, driver.wait()).await.is_err() {
        let _ = driver.kill().await;
    }
}

fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// The environment that keeps an app under test to its own folder `dir`:
/// its registry is `registry`, and its settings, logs and caches are in
/// `dir` (never the user's own), so runs cannot see each other.
pub fn isolated_app_env(dir: &Path, registry: &Path) -> [(&'static str, PathBuf); 4] {
    [
        ("WARRANT_DB", registry.to_path_buf()),
        ("XDG_DATA_HOME", dir.join("xdg-data")),
        ("XDG_CONFIG_HOME", dir.join("xdg-config")),
        ("XDG_CACHE_HOME", dir.join("xdg-cache")),
    ]
}

/// Starts the app as `launch` says and runs `test` against it; the session
/// is closed and the driver stopped whatever `test` returns.
pub async fn run<F, Fut>(launch: Launch, test: F) -> TestResult
where
    F: FnOnce(Client, Context) -> Fut,
    Fut: Future<Output = TestResult>,
{
    let app = app_binary();
    if !app.is_file() {
        return Err(format!(
            "{} does not exist: build it first (cargo build -p warrant-app --features e2e)",
            app.display()
        ));
    }
    let dir = tempfile::Builder::new()
        .prefix("warrant-e2e-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let registry = dir.path().join("registry.db");
    if let Some(prepare) = launch.prepare {
        prepare(&registry)?;
    }
    let (port, native_port) = driver_ports()?;
    let log_path = dir.path().join("tauri-driver.log");
    let log = std::fs::File::create(&log_path).map_err(|e| e.to_string())?;
    let mut command = Command::new("tauri-driver");
    command
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .envs(isolated_app_env(dir.path(), &registry))
        .envs(launch.env)
        .stdin(Stdio::null())
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .kill_on_drop(true);
    let mut driver = command
        .spawn()
        .map_err(|e| format!("cannot start tauri-driver (is it installed?): {e}"))?;
    if let Err(e) = wait_for_port(port, &mut driver).await {
        stop(driver).await;
        return Err(format!("{e}\n{}", tail(&log_path, 30)));
    }

    let capabilities = json!({
        "browserName": "wry",
        "tauri:options": { "application": app.display().to_string() },
    });
    let capabilities = match capabilities {
        Value::Object(map) => map,
        _ => unreachable!("a JSON object literal"),
    };
    let client = match ClientBuilder::native()
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
    {
        Ok(client) => client,
        Err(e) => {
            stop(driver).await;
            return Err(format!(
                "cannot open a WebDriver session: {e}\n{}",
                tail(&log_path, 30)
            ));
        }
    };

    let context = Context {
        dir: dir.path().to_path_buf(),
        registry,
    };
    let outcome = test(client.clone(), context).await;
    let closed = client.close().await;
    stop(driver).await;
    outcome.map_err(|e| {
        format!(
            "{e}\n--- tauri-driver log (tail) ---\n{}",
            tail(&log_path, 30)
        )
    })?;
    closed.map_err(|e| format!("closing the session failed: {e}"))
}

/// Turns any displayable error into the harness's error text, with context.
pub fn ctx<T, E: std::fmt::Display>(result: Result<T, E>, what: &str) -> Result<T, String> {
    result.map_err(|e| format!("{what}: {e}"))
}

/// `[data-testid="<id>"]`.
pub fn testid(id: &str) -> String {
    format!(r#"[data-testid="{id}"]"#)
}

/// Polls `probe` until it yields `Some`, for at most [`PATIENCE`].
pub async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> Result<T, String>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>, String>>,
{
    let start = Instant::now();
    let mut last_error = String::new();
    loop {
        match probe().await {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err(e) => last_error = e,
        }
        if start.elapsed() > PATIENCE {
            let detail = if last_error.is_empty() {
                String::new()
            } else {
                format!(" (last error: {last_error})")
            };
            return Err(format!("gave up waiting for {what}{detail}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits for the first element matching `css`.
pub async fn element(client: &Client, css: &str) -> Result<Element, String> {
    let found = client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await;
    ctx(found, &format!("waiting for {css}"))
}

/// All elements matching `css` right now (possibly none).
pub async fn elements(client: &Client, css: &str) -> Result<Vec<Element>, String> {
    ctx(
        client.find_all(Locator::Css(css)).await,
        &format!("finding {css}"),
    )
}

/// Waits until exactly `count` elements match `css`.
pub async fn count_becomes(client: &Client, css: &str, count: usize) -> Result<(), String> {
    eventually(&format!("{count} × {css}"), || async {
        Ok((elements(client, css).await?.len() == count).then_some(()))
    })
    .await
}

/// The visible text of `element`.
pub async fn text(element: &Element) -> Result<String, String> {
    ctx(element.text().await, "reading text")
}

pub async fn attr(element: &Element, name: &str) -> Result<Option<String>, String> {
    ctx(
        element.attr(name).await,
        &format!("reading attribute {name}"),
    )
}

/// Runs a script in the page and returns its result.
pub async fn script(client: &Client, js: &str) -> Result<Value, String> {
    ctx(
        client.execute(js, vec![]).await,
        "running a script in the page",
    )
}

/// Clears an input and types `value` into it, then leaves it (so `change`
/// handlers run as when a person tabs away).
pub async fn fill(client: &Client, css: &str, value: &str) -> Result<(), String> {
    let input = element(client, css).await?;
    ctx(input.clear().await, &format!("clearing {css}"))?;
    ctx(input.send_keys(value).await, &format!("typing into {css}"))?;
    ctx(
        input.send_keys("\u{E004}").await,
        &format!("tabbing out of {css}"),
    )
    .map(|_| ())
}

/// Selects the `<option>` with `value` in the `<select>` matching `css`.
pub async fn choose(client: &Client, css: &str, value: &str) -> Result<(), String> {
    let select = element(client, css).await?;
    ctx(
        select.select_by_value(value).await,
        &format!("choosing {value} in {css}"),
    )
}

pub async fn click(client: &Client, css: &str) -> Result<(), String> {
    // A screen that has just opened may still redraw the element (the
    // editor re-renders its lifecycle bar once the saved contract loads);
    // WebKitWebDriver then refuses the click of the element it found, with
    // an empty error and no click delivered. A person would click again
    // once it stays put, and so does the test, on the element found anew.
    let start = Instant::now();
    loop {
        let mut target = element(client, css).await?;
        // WebKitWebDriver refuses to click a table row itself (it reports an
        // empty error); a person clicks one of its cells, so does the test.
        if ctx(target.tag_name().await, "reading a tag name")?.eq_ignore_ascii_case("tr") {
            target = ctx(
                target.find(Locator::Css("td")).await,
                &format!("a cell of {css}"),
            )?;
        }
        match target.click().await {
            Ok(_) => return Ok(()),
            Err(e) if start.elapsed() < CLICK_PATIENCE => {
                // Covered (by a sticky header the page scrolled it under,
                // or a toast): a person would scroll it into the open.
                if is_intercepted(&e) {
                    let _ = on_element(client, CENTER, &target).await;
                }
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
            Err(e) => {
                let cover = on_element(client, COVER, &target)
                    .await
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                return Err(format!(
                    "clicking {css}: {e} ({e:?}); at its centre: {cover}"
                ));
            }
        }
    }
}

/// Runs `js` with `element` as `arguments[0]`.
async fn on_element(
    client: &Client,
    js: &str,
    element: &Element,
) -> Result<Value, fantoccini::error::CmdError> {
    let element = serde_json::to_value(element).unwrap_or_default();
    client.execute(js, vec![element]).await
}

fn is_intercepted(e: &fantoccini::error::CmdError) -> bool {
    matches!(
        e,
        fantoccini::error::CmdError::Standard(w)
            if w.error == fantoccini::error::ErrorStatus::ElementClickIntercepted
    )
}

/// Scrolls `arguments[0]` to the middle of its scrolling box.
const CENTER: &str = "arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' });";

/// What is drawn at the centre of `arguments[0]`, for a refused click's error.
const COVER: &str = "const r = arguments[0].getBoundingClientRect(); \
  const e = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); \
  return e ? `${e.tagName.toLowerCase()}.${e.className} \"${(e.textContent || '').trim().slice(0, 60)}\" (target at ${Math.round(r.x)},${Math.round(r.y)})` : 'nothing';";

/// How long [`click`] tries again when the element it found is refused:
/// longer than a toast stays (5 s).
const CLICK_PATIENCE: Duration = Duration::from_secs(7);

/// Saves a PNG of the whole window into `path`, after a paint of the
/// current DOM.
pub async fn screenshot(client: &Client, path: &Path) -> Result<(), String> {
    // WebKit can hand WebDriver the last composited frame, from before the
    // DOM changed (the tour once caught an empty registry, and a review
    // screen came out as the editor before it): two animation frames
    // guarantee one paint of what is there now.
    ctx(
        client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await,
        "waiting for a paint",
    )?;
    let png = ctx(client.screenshot().await, "taking a screenshot")?;
    ctx(
        std::fs::write(path, png),
        &format!("writing {}", path.display()),
    )
}
