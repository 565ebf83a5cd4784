//! The window and the shell name the same commands: every command registered
//! in `generate_handler!` (src/lib.rs) is called by `ui/src/ipc.ts`, and
//! `ipc.ts` calls no command the shell does not register. A command renamed
//! on one side only would otherwise fail at run time, in the window.

use std::collections::BTreeSet;
use std::path::Path;

fn read(relative: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative))
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
}

fn registered() -> BTreeSet<String> {
    let lib = read("src/lib.rs");
    let start = lib
        .find("generate_handler![")
        .expect("generate_handler! in lib.rs");
    let end = start
        + lib[start..]
            .find(']')
            .expect("the end of generate_handler!");
    lib[start + "generate_handler![".len()..end]
        .split(',')
        .map(str::trim)
        .filter(|path| !path.is_empty())
        .map(|path| path.rsplit("::").next().unwrap().to_string())
        .collect()
}

fn called_by_the_window() -> BTreeSet<String> {
    let ipc = read("../ui/src/ipc.ts");
    let mut names = BTreeSet::new();
    let mut rest = ipc.as_str();
    while let Some(at) = rest.find("call<") {
        rest = &rest[at..];
        let quote = rest.find("(\"").expect("a command name after call<…>(");
        let name_start = quote + 2;
        let name_end = name_start + rest[name_start..].find('"').unwrap();
        names.insert(rest[name_start..name_end].to_string());
        rest = &rest[name_end..];
    }
    names
}

#[test]
fn every_registered_command_is_called_by_the_window_and_no_other() {
    let registered = registered();
    let called = called_by_the_window();
    assert!(registered.len() > 30, "{registered:?}");
    let not_called: Vec<_> = registered.difference(&called).collect();
    let not_registered: Vec<_> = called.difference(&registered).collect();
    assert!(
        not_called.is_empty() && not_registered.is_empty(),
        "registered but never called by ipc.ts: {not_called:?}; called by ipc.ts but not registered: {not_registered:?}"
    );
}
