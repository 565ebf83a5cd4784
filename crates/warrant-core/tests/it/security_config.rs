//! The desktop app's security configuration, checked without building Tauri:
//! `tauri.conf.json`, `src-tauri/capabilities/*.json` and the app's plugin
//! dependencies must keep a strict content security policy (no
//! `unsafe-eval`, no remote sources besides Tauri's own IPC origin), no
//! global `window.__TAURI__`, no shell plugin, and no file-system access
//! beyond what native dialogs grant (the app opens dialogs from Rust, so the
//! UI needs none).
//!
//! Each rule is also tested against a deliberately unsafe configuration, so
//! a rule that stopped finding anything would fail here.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The sources a CSP allows, directive by directive, from either spelling
/// Tauri accepts (one string, or an object of directives).
fn csp_directives(csp: &Value) -> Vec<(String, Vec<String>)> {
    match csp {
        Value::String(text) => text
            .split(';')
            .filter_map(|d| {
                let mut words = d.split_whitespace();
                let name = words.next()?.to_string();
                Some((name, words.map(str::to_string).collect()))
            })
            .collect(),
        Value::Object(map) => map
            .iter()
            .map(|(name, sources)| {
                let sources = match sources {
                    Value::String(s) => s.split_whitespace().map(str::to_string).collect(),
                    Value::Array(items) => items
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect(),
                    _ => Vec::new(),
                };
                (name.clone(), sources)
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// What Tauri's IPC needs; everything else that names a scheme or host is remote.
fn is_allowed_source(source: &str, dev: bool) -> bool {
    let lower = source.to_ascii_lowercase();
    if lower.starts_with('\'') || lower == "data:" || lower == "blob:" || lower == "ipc:" {
        return true;
    }
    if lower == "http://ipc.localhost" || lower == "asset:" || lower == "http://asset.localhost" {
        return true;
    }
    // The dev server (Vite) on this machine, in the development policy only.
    dev && (lower.starts_with("http://localhost:") || lower.starts_with("ws://localhost:"))
}

fn csp_problems(name: &str, csp: Option<&Value>, dev: bool) -> Vec<String> {
    let Some(csp) = csp.filter(|c| !c.is_null()) else {
        return vec![format!(
            "{name} is missing or null: the webview would run without a content security policy"
        )];
    };
    let directives = csp_directives(csp);
    let mut problems = Vec::new();
    if directives.is_empty() {
        problems.push(format!("{name} is empty"));
    }
    if !dev && !directives.iter().any(|(d, _)| d == "default-src") {
        problems.push(format!("{name} has no default-src"));
    }
    for (directive, sources) in &directives {
        for source in sources {
            let lower = source.to_ascii_lowercase();
            let unsafe_inline_script =
                !dev && lower.contains("unsafe-inline") && directive == "script-src";
            if lower.contains("unsafe-eval") || unsafe_inline_script {
                problems.push(format!("{name} {directive} allows {source}"));
            } else if source == "*" || !is_allowed_source(source, dev) {
                problems.push(format!(
                    "{name} {directive} allows the remote source {source}"
                ));
            }
        }
    }
    problems
}

/// Everything wrong with a `tauri.conf.json`.
fn config_problems(conf: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let app = &conf["app"];
    if app["withGlobalTauri"] == json!(true) {
        problems.push(
            "app.withGlobalTauri is true: every script in the page could reach the IPC".into(),
        );
    }
    let security = &app["security"];
    problems.extend(csp_problems("app.security.csp", security.get("csp"), false));
    if let Some(dev) = security.get("devCsp").filter(|c| !c.is_null()) {
        problems.extend(csp_problems("app.security.devCsp", Some(dev), true));
    }
    if security["dangerousDisableAssetCspModification"] == json!(true) {
        problems.push("app.security.dangerousDisableAssetCspModification is true".into());
    }
    let asset = &security["assetProtocol"];
    if asset["enable"] == json!(true) {
        problems.push(format!(
            "app.security.assetProtocol is enabled (scope {}): the UI could read files",
            asset["scope"]
        ));
    }
    if let Some(plugins) = conf["plugins"].as_object() {
        for name in plugins.keys() {
            if name == "shell" || name == "fs" {
                problems.push(format!("plugins.{name} is configured"));
            }
        }
    }
    for window in app["windows"].as_array().into_iter().flatten() {
        if let Some(url) = window["url"].as_str() {
            if url.contains("://") {
                problems.push(format!(
                    "window {} loads a remote URL {url}",
                    window["label"]
                ));
            }
        }
    }
    problems
}

/// Everything wrong with one capability file.
fn capability_problems(name: &str, capability: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if capability.get("remote").is_some_and(|r| !r.is_null()) {
        problems.push(format!(
            "{name} grants IPC to remote URLs: {}",
            capability["remote"]
        ));
    }
    for permission in capability["permissions"].as_array().into_iter().flatten() {
        // A permission is a string, or an object with an identifier and scopes.
        let identifier = permission
            .as_str()
            .or_else(|| permission["identifier"].as_str())
            .unwrap_or_default();
        let plugin = identifier.split(':').next().unwrap_or_default();
        match plugin {
            "shell" => problems.push(format!(
                "{name} grants {identifier}: the shell plugin runs programs"
            )),
            "fs" => problems.push(format!(
                "{name} grants {identifier}: file access belongs to dialogs opened from Rust"
            )),
            "http" | "websocket" | "process" | "opener" => {
                problems.push(format!("{name} grants {identifier}"))
            }
            _ => {}
        }
        let scoped = permission.get("allow").is_some() || permission.get("deny").is_some();
        if scoped && plugin != "dialog" {
            problems.push(format!("{name} gives {identifier} a scope"));
        }
    }
    problems
}

/// Plugins the app must not even link.
fn dependency_problems(cargo_toml: &str) -> Vec<String> {
    [
        "tauri-plugin-shell",
        "tauri-plugin-fs",
        "tauri-plugin-http",
        "tauri-plugin-websocket",
    ]
    .into_iter()
    .filter(|plugin| {
        cargo_toml
            .lines()
            .any(|l| l.trim_start().starts_with(plugin))
    })
    .map(|plugin| format!("src-tauri depends on {plugin}"))
    .collect()
}

#[test]
fn the_app_configuration_is_strict() {
    let conf = read_json(&repo_root().join("tauri.conf.json"));
    let problems = config_problems(&conf);
    assert!(problems.is_empty(), "tauri.conf.json: {problems:#?}");
    // The production policy exists and is an object or a string.
    assert!(matches!(
        conf["app"]["security"]["csp"],
        Value::Object(_) | Value::String(_)
    ));
}

#[test]
fn the_capabilities_grant_no_shell_no_file_system_and_no_remote_access() {
    let dir = repo_root().join("src-tauri/capabilities");
    let mut files = 0;
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            files += 1;
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            problems.extend(capability_problems(&name, &read_json(&path)));
        }
    }
    assert!(files > 0, "no capability files in {}", dir.display());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_app_links_no_shell_or_file_system_plugin() {
    let cargo = std::fs::read_to_string(repo_root().join("src-tauri/Cargo.toml")).unwrap();
    let problems = dependency_problems(&cargo);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn each_rule_catches_the_unsafe_setting_it_is_for() {
    let base = read_json(&repo_root().join("tauri.conf.json"));
    let with = |pointer: &str, value: Value| {
        let mut conf = base.clone();
        *conf.pointer_mut(pointer).unwrap() = value;
        config_problems(&conf)
    };
    let cases = [
        ("/app/security/csp", json!(null), "missing or null"),
        (
            "/app/security/csp",
            json!("default-src 'self'; script-src 'self' 'unsafe-eval'"),
            "unsafe-eval",
        ),
        (
            "/app/security/csp",
            json!("default-src 'self' https://cdn.example.com"),
            "remote source",
        ),
        (
            "/app/security/csp",
            json!({"default-src": "'self'", "connect-src": "ipc: http://ipc.localhost ws://evil.example"}),
            "remote source",
        ),
        (
            "/app/security/csp",
            json!({"default-src": "'self' *"}),
            "remote source",
        ),
        (
            "/app/security/csp",
            json!({"default-src": "'self'", "script-src": "'self' http:"}),
            "remote source",
        ),
        (
            "/app/security/devCsp",
            json!({"script-src": "'self' 'unsafe-eval'"}),
            "unsafe-eval",
        ),
        ("/app/withGlobalTauri", json!(true), "withGlobalTauri"),
    ];
    for (pointer, value, expected) in cases {
        let problems = with(pointer, value.clone());
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{pointer} = {value}: expected a problem mentioning {expected:?}, got {problems:?}"
        );
    }
    let mut conf = base.clone();
    conf["app"]["security"]["assetProtocol"] = json!({"enable": true, "scope": ["$HOME/**"]});
    assert!(config_problems(&conf)
        .iter()
        .any(|p| p.contains("assetProtocol")));
    let mut conf = base;
    conf["plugins"] = json!({"shell": {"open": true}});
    assert!(config_problems(&conf)
        .iter()
        .any(|p| p.contains("plugins.shell")));

    let capability = json!({
        "identifier": "bad",
        "remote": {"urls": ["https://*.example.com"]},
        "permissions": [
            "shell:allow-execute",
            "fs:allow-read-file",
            {"identifier": "fs:scope", "allow": [{"path": "$HOME/**"}]},
            "dialog:allow-open"
        ]
    });
    let problems = capability_problems("bad.json", &capability);
    for expected in [
        "remote URLs",
        "shell:allow-execute",
        "fs:allow-read-file",
        "fs:scope",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected}: {problems:?}"
        );
    }
    assert!(
        !problems.iter().any(|p| p.contains("dialog:allow-open")),
        "{problems:?}"
    );

    let problems =
        dependency_problems("[dependencies]\ntauri = \"2\"\ntauri-plugin-shell = \"2\"\n");
    assert_eq!(problems, ["src-tauri depends on tauri-plugin-shell"]);
}
