//! Warrant's desktop shell: a Tauri 2 window over the registry kept by
//! `warrant-core`. The shell holds no rules of its own — each `*_commands`
//! module maps IPC calls onto the core — so the same behaviour is reachable
//! from the `warrant` CLI and testable without a window. Files come only from
//! native dialogs opened in Rust ([`dialogs`]).

pub mod background;
pub mod backup_commands;
pub mod commands;
pub mod dialogs;
pub mod dryrun_commands;
#[cfg(feature = "e2e")]
pub mod e2e_hooks;
pub mod lifecycle_commands;
pub mod logging;
pub mod review_commands;
pub mod state;
pub mod team_commands;
pub mod views;
pub mod worksheet_commands;

use tauri::{Builder, Manager, Runtime};

pub use state::AppState;

/// Registers the plugins and every command on `builder`; shared by the real
/// app and the command tests (which use Tauri's mock runtime).
pub fn configure<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(dryrun_commands::DryRunControl::default())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::set_acting_as,
            commands::list_contracts,
            commands::search_contracts,
            commands::audit_page,
            commands::get_contract,
            commands::check_contract,
            commands::validate_contract,
            commands::save_contract,
            commands::list_versions,
            commands::get_version,
            commands::diff_versions,
            commands::restore_version,
            commands::list_templates,
            commands::draft_from_template,
            commands::suggest_id,
            commands::list_people,
            commands::add_person,
            commands::update_person,
            commands::delete_person,
            commands::example_people,
            commands::remove_example_people,
            commands::import_files,
            commands::export_contracts,
            commands::audit_events,
            commands::verify_audit,
            review_commands::get_review,
            review_commands::record_review,
            review_commands::review_queue,
            lifecycle_commands::lifecycle_state,
            lifecycle_commands::change_status,
            lifecycle_commands::record_rollback,
            dryrun_commands::dry_run_sample,
            dryrun_commands::dry_run_columns,
            dryrun_commands::export_dry_run,
            dryrun_commands::run_dry_run,
            dryrun_commands::cancel_dry_run,
            dryrun_commands::list_dry_runs,
            worksheet_commands::export_worksheet,
            worksheet_commands::export_worksheets,
            backup_commands::list_backups,
            backup_commands::backup_registry,
            backup_commands::restore_backup,
            backup_commands::startup_problem,
            backup_commands::start_new_registry,
            team_commands::team_status,
            team_commands::team_people,
            team_commands::team_sync,
            team_commands::team_join,
            team_commands::team_init,
        ])
}

/// Starts the app on `$WARRANT_DB`, else `<data dir>/com.warrant.app/registry.db`.
/// A second launch on the same registry focuses the running window instead.
pub fn run() {
    release_big_buffers();
    let path = warrant_core::paths::default_registry_path();
    if let Some(dir) = path.parent() {
        logging::start(&dir.join("logs"));
    }
    let single_instance = tauri_plugin_single_instance::Builder::new()
        .dbus_id(single_instance_id(&path))
        .callback(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        })
        .build();
    // The single-instance plugin must be the first one registered.
    configure(tauri::Builder::default().plugin(single_instance))
        .manage(dialogs())
        .setup(move |app| {
            app.manage(AppState::opening(&path, backup_commands::auto_backup));
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("Warrant could not start its window");
}

/// Hands buffers of a megabyte or more back to the system when freed, and
/// keeps the allocator to two arenas. The whole registry list crosses IPC as
/// one JSON text of several MB, built on whichever worker thread ran the
/// command; glibc's default keeps such a block in that thread's arena after
/// it is freed (its threshold for returning blocks grows with the largest
/// seen). Measured at 10,003 contracts: 133 → 123 MB for the app's process
/// after load.
fn release_big_buffers() {
    #[cfg(target_os = "linux")]
    // SAFETY: mallopt only sets allocator parameters; it is called before
    // any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// The native dialogs; in the end-to-end build, answered from its test
/// hooks where they are set.
fn dialogs() -> dialogs::Dialogs {
    #[cfg(feature = "e2e")]
    return e2e_hooks::dialogs_from_env();
    #[cfg(not(feature = "e2e"))]
    dialogs::Dialogs::native()
}

/// The name a running Warrant holds on the session bus. One per registry
/// file: a second window on the same file would be a second writer the user
/// did not ask for, while windows on different files (`WARRANT_DB`, as the
/// end-to-end tests use) are different instances and may run side by side.
fn single_instance_id(path: &std::path::Path) -> String {
    use std::hash::{Hash, Hasher};
    if std::env::var_os("WARRANT_DB").is_none_or(|v| v.is_empty()) {
        return "com.warrant.app".to_string();
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut hasher);
    // D-Bus name elements must not start with a digit.
    format!("com.warrant.app.r{:016x}", hasher.finish())
}
