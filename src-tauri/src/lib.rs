//! Warrant's desktop shell: a Tauri 2 window over the registry kept by
//! `warrant-core`. The shell holds no rules of its own — [`commands`] map the
//! IPC calls of APP.md one-to-one onto the core — so the same behaviour is
//! reachable from the `warrant` CLI and testable without a window.

pub mod commands;
pub mod review_commands;
pub mod state;
pub mod views;

use tauri::{Builder, Manager, Runtime};

pub use state::AppState;

/// Registers the plugins and every command on `builder`; shared by the real
/// app and the command tests (which use Tauri's mock runtime).
pub fn configure<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::set_acting_as,
            commands::list_contracts,
            commands::get_contract,
            commands::check_contract,
            commands::validate_contract,
            commands::save_contract,
            commands::list_versions,
            commands::get_version,
            commands::diff_versions,
            commands::list_templates,
            commands::list_people,
            commands::add_person,
            commands::update_person,
            commands::delete_person,
            commands::import_files,
            commands::export_contracts,
            commands::audit_events,
            commands::verify_audit,
            review_commands::get_review,
            review_commands::record_review,
            review_commands::review_queue,
        ])
}

/// Starts the app on `$WARRANT_DB`, else `<data dir>/com.warrant.app/registry.db`.
pub fn run() {
    configure(tauri::Builder::default())
        .setup(|app| {
            let path = warrant_core::paths::default_registry_path();
            app.manage(AppState::open(&path));
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("Warrant could not start its window");
}
