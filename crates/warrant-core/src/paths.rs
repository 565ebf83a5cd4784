//! Where the registry file lives by default, shared by the app and the CLI so
//! that `warrant` without `--db` works on the same registry the window shows.

use std::path::PathBuf;

/// The Tauri bundle identifier; the app's data directory is named after it.
pub const APP_IDENTIFIER: &str = "com.warrant.app";

/// File name of the registry inside the app data directory.
pub const REGISTRY_FILE: &str = "registry.db";

/// `$WARRANT_DB` when set, else `<platform data dir>/com.warrant.app/registry.db`
/// (Linux: `$XDG_DATA_HOME` or `~/.local/share`), the same place Tauri's
/// `app_data_dir()` resolves to.
pub fn default_registry_path() -> PathBuf {
    if let Some(path) = std::env::var_os("WARRANT_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
        .join(REGISTRY_FILE)
}
