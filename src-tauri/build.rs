//! Build script: lets tauri-build read `tauri.conf.json` (a symlink to the
//! repository root's file) and `capabilities/`, and generate the context.

fn main() {
    tauri_build::build()
}
