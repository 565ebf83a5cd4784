//! The IPC test harness shared by the command tests: a mock-runtime app over
//! a registry file in a temporary folder, and the one way the window calls a
//! command, so every test file sends requests exactly as the UI does.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};
use warrant_app::dialogs::{Answer, Dialogs};
use warrant_app::{configure, AppState};
use warrant_core::registry::Registry;

/// A mock app over `dir/registry.db` and its main window. The folder lives as
/// long as the app, so tests may put their own files next to the registry.
pub struct TestApp {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    pub dir: tempfile::TempDir,
    /// What the next native dialogs answer, in order; an empty queue
    /// answers "cancelled", as a person closing the dialog would.
    answers: Arc<Mutex<VecDeque<Vec<PathBuf>>>>,
}

impl TestApp {
    /// A registry seeded like a first run, changed by `prepare` through the
    /// core (as other screens would have), then acting as `actor` when given.
    pub fn seeded(actor: Option<&str>, prepare: impl FnOnce(&mut Registry)) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let mut registry = Registry::open(&dir.path().join("registry.db")).unwrap();
        registry.seed_defaults("test").unwrap();
        prepare(&mut registry);
        if let Some(actor) = actor {
            registry.set_acting_as(actor).unwrap();
        }
        drop(registry);
        TestApp::over(dir)
    }

    /// The app as it starts over whatever `dir` holds (nothing: a first run),
    /// opening the registry on its own thread as the window does (without the
    /// start-up backup, which the tests of backups take themselves).
    pub fn over(dir: tempfile::TempDir) -> TestApp {
        let state = AppState::opening(&dir.path().join("registry.db"), |_| {});
        let answers: Arc<Mutex<VecDeque<Vec<PathBuf>>>> = Arc::default();
        let queue = answers.clone();
        let dialogs = Dialogs::answered_by(move |_, _| match queue.lock().unwrap().pop_front() {
            Some(paths) => Answer::Chosen(paths),
            None => Answer::Cancelled,
        });
        let app = configure(mock_builder())
            .manage(state)
            .manage(dialogs)
            .build(mock_context(noop_assets()))
            .unwrap();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        TestApp {
            _app: app,
            window,
            dir,
            answers,
        }
    }

    /// The person picks `paths` in the next dialog a command opens.
    pub fn picks<P: Into<PathBuf>>(&self, paths: impl IntoIterator<Item = P>) {
        let paths = paths.into_iter().map(Into::into).collect();
        self.answers.lock().unwrap().push_back(paths);
    }

    pub fn registry_path(&self) -> PathBuf {
        self.dir.path().join("registry.db")
    }

    /// The command's JSON answer, or the JSON error the window would get.
    pub fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(&self.window, invoke_request(cmd, args))
            .map(|body| body.deserialize::<Value>().unwrap())
    }

    pub fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

/// The request `invoke(cmd, args)` sends from the window.
pub fn invoke_request(cmd: &str, args: Value) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        // On Linux the IPC origin must be the custom protocol's.
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

/// The `id` of every row of a list the commands return.
pub fn ids(rows: &Value) -> Vec<String> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}
