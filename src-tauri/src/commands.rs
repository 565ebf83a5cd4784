//! The registry's IPC commands (contracts, people, import, export, audit).
//! Each one is thin: take
//! the state, call the core, return its `Result` — `warrant_core::Error`
//! already serializes to the `{code, message, field?}` the UI expects.
//!
//! All commands are `async` and do their work on the blocking thread pool, so
//! neither a slow disk nor a held registry lock can freeze the window, and
//! native dialogs (which must not run on the main thread) can be shown.

use std::path::PathBuf;

use chrono::Utc;
use tauri::{AppHandle, Runtime};
use warrant_core::diff::LabelledChange;
use warrant_core::format;
use warrant_core::model::{Contract, Person};
use warrant_core::readiness::{self, CheckContext, Readiness};
use warrant_core::registry::{
    read_import_files, AuditEvent, AuditPage, AuditQuery, AuditVerification, ContractSummary,
    ExportFormat, ExportResult, ListQuery, Registry, Saved, StoredContract, VersionInfo,
};
use warrant_core::{library, Error, Result};

use crate::background::{off_main, on_registry, on_registry_with_state};
use crate::dialogs::{choose, choose_one, Choice, Filter, Purpose};
use crate::state::AppState;
use crate::views::{AppInfo, ContractView, ImportResult};
use warrant_core::registry::ACTING_AS;

fn app_info_of(state: &AppState, registry: &Registry) -> Result<AppInfo> {
    let acting_as = match registry.setting(ACTING_AS)? {
        Some(email) => registry.person(&email)?,
        None => None,
    };
    Ok(AppInfo {
        registry_path: state.path().display().to_string(),
        acting_as,
        contract_count: registry.list(&ListQuery::default(), Utc::now())?.len() as u32,
        people_count: registry.people()?.len() as u32,
        version: env!("CARGO_PKG_VERSION").to_string(),
    })
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn app_info<R: Runtime>(app: AppHandle<R>) -> Result<AppInfo> {
    on_registry_with_state(app, |state, registry| app_info_of(state, registry)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(email = %email))]
pub async fn set_acting_as<R: Runtime>(app: AppHandle<R>, email: String) -> Result<AppInfo> {
    on_registry_with_state(app, move |state, registry| {
        registry.set_acting_as(&email)?;
        app_info_of(state, registry)
    })
    .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn list_contracts<R: Runtime>(
    app: AppHandle<R>,
    query: ListQuery,
) -> Result<Vec<ContractSummary>> {
    on_registry(app, move |registry| registry.list(&query, Utc::now())).await
}

/// Ids of the contracts the search text finds: the registry screen keeps
/// the list itself and filters it by these, so a keystroke moves ids, not rows.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn search_contracts<R: Runtime>(app: AppHandle<R>, text: String) -> Result<Vec<String>> {
    on_registry(app, move |registry| registry.search(&text)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(id = %id))]
pub async fn get_contract<R: Runtime>(app: AppHandle<R>, id: String) -> Result<ContractView> {
    on_registry(app, move |registry| {
        Ok(ContractView {
            stored: registry.contract(&id)?,
            readiness: registry.readiness(&id, Utc::now())?,
            standing: registry.standing(&id)?,
            next_version: registry.next_version(&id)?,
        })
    })
    .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn check_contract<R: Runtime>(
    app: AppHandle<R>,
    contract: Contract,
) -> Result<Readiness> {
    on_registry(app, move |registry| {
        // A dry run stored for this id counts (rule X4), as for a saved contract.
        let context = CheckContext {
            at: Utc::now(),
            has_dry_run: registry.has_dry_run(&contract.id)?,
        };
        Ok(readiness::check(&contract, &context))
    })
    .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn validate_contract(contract: Contract) -> Result<Vec<Error>> {
    let mut problems = format::validate(&contract);
    problems.extend(warrant_core::condition::condition_field_errors(&contract));
    Ok(problems)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn save_contract<R: Runtime>(app: AppHandle<R>, contract: Contract) -> Result<Saved> {
    on_registry(app, move |registry| {
        let actor = registry.acting_as()?;
        registry.save_contract(&contract, &actor)
    })
    .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(id = %id))]
pub async fn list_versions<R: Runtime>(app: AppHandle<R>, id: String) -> Result<Vec<VersionInfo>> {
    on_registry(app, move |registry| registry.versions(&id)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(id = %id))]
pub async fn get_version<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    version: u32,
) -> Result<StoredContract> {
    on_registry(app, move |registry| registry.version(&id, version)).await
}

/// The changes between two versions, each with the form's label for its field.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(id = %id))]
pub async fn diff_versions<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    from: u32,
    to: u32,
) -> Result<Vec<LabelledChange>> {
    on_registry(app, move |registry| {
        registry.diff_versions_labelled(&id, from, to)
    })
    .await
}

/// "Restore this version": a new version with that version's content,
/// saved through the normal edit path by the acting person.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(id = %id, version))]
pub async fn restore_version<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    version: u32,
) -> Result<Saved> {
    on_registry(app, move |registry| {
        let actor = registry.acting_as()?;
        registry.restore_version(&id, version, &actor)
    })
    .await
}

/// The template library.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn list_templates() -> Result<Vec<Contract>> {
    Ok(library::templates())
}

/// The id a new contract titled `title` would get (the editor fills an
/// unsaved draft's id from its title until the person types one).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn suggest_id<R: Runtime>(app: AppHandle<R>, title: String) -> Result<String> {
    on_registry(app, move |registry| Ok(registry.free_id_for(&title))).await
}

/// "Use this template": an unsaved draft with its own title (the template's
/// without "Template:" unless `title` is given) and an id derived from it
/// that no contract uses.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(template = %template))]
pub async fn draft_from_template<R: Runtime>(
    app: AppHandle<R>,
    template: String,
    title: Option<String>,
) -> Result<Contract> {
    on_registry(app, move |registry| {
        registry.draft_from_template(&template, title.as_deref())
    })
    .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn list_people<R: Runtime>(app: AppHandle<R>) -> Result<Vec<Person>> {
    on_registry(app, |registry| registry.people()).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn add_person<R: Runtime>(app: AppHandle<R>, person: Person) -> Result<Vec<Person>> {
    on_registry(app, move |registry| {
        // On a first run nobody is acting yet and the first-run dialog lets
        // a person add themselves: that addition is stamped with their own
        // e-mail. Once someone has been chosen, the usual rule applies.
        let actor = match registry.setting(ACTING_AS)? {
            None => person.email.trim().to_string(),
            Some(_) => registry.acting_as()?,
        };
        registry.add_person(&person, &actor)?;
        registry.people()
    })
    .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(email = %email))]
pub async fn update_person<R: Runtime>(
    app: AppHandle<R>,
    email: String,
    person: Person,
) -> Result<Vec<Person>> {
    on_registry(app, move |registry| {
        let actor = registry.acting_as()?;
        registry.update_person(&email, &person, &actor)?;
        registry.people()
    })
    .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display), fields(email = %email))]
pub async fn delete_person<R: Runtime>(app: AppHandle<R>, email: String) -> Result<Vec<Person>> {
    on_registry(app, move |registry| {
        let actor = registry.acting_as()?;
        registry.delete_person(&email, &actor)?;
        registry.people()
    })
    .await
}

/// The example people a new registry came with who are still listed.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn example_people<R: Runtime>(app: AppHandle<R>) -> Result<Vec<Person>> {
    on_registry(app, |registry| registry.example_people()).await
}

/// Removes the example people in one step; the contracts naming them name
/// the acting person instead. Returns the people list afterwards.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn remove_example_people<R: Runtime>(app: AppHandle<R>) -> Result<Vec<Person>> {
    on_registry(app, |registry| {
        let actor = registry.acting_as()?;
        registry.remove_example_people(&actor)?;
        registry.people()
    })
    .await
}

/// The files to import, as the person picks them (`None`: cancelled).
fn import_paths<R: Runtime>(app: &AppHandle<R>) -> Result<Option<Vec<PathBuf>>> {
    choose(
        app,
        Purpose::Import,
        Choice::OpenFiles {
            title: "Import contracts",
            filter: Filter {
                name: "Contract files (YAML or JSON)",
                extensions: &["yaml", "yml", "json"],
            },
        },
    )
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn import_files<R: Runtime>(app: AppHandle<R>) -> Result<ImportResult> {
    // The dialog and the reading happen before the registry is locked, so the
    // rest of the window stays usable while the user picks files.
    let picked = off_main(app.clone(), import_paths).await?;
    let Some(paths) = picked.filter(|p| !p.is_empty()) else {
        return Ok(ImportResult::refused(Vec::new()));
    };
    match off_main(app.clone(), move |_| Ok(read_import_files(&paths))).await? {
        Err(errors) => Ok(ImportResult::refused(errors)),
        Ok(files) => {
            on_registry(app, move |r| {
                Ok(ImportResult::imported(r.import(&files, &r.acting_as()?)?))
            })
            .await
        }
    }
}

fn export_dir<R: Runtime>(app: &AppHandle<R>) -> Result<Option<PathBuf>> {
    choose_one(
        app,
        Purpose::Export,
        Choice::Folder {
            title: "Export contracts to folder",
        },
    )
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn export_contracts<R: Runtime>(
    app: AppHandle<R>,
    ids: Vec<String>,
    format: ExportFormat,
) -> Result<Option<ExportResult>> {
    let Some(dir) = off_main(app.clone(), export_dir).await? else {
        return Ok(None);
    };
    on_registry(app, move |registry| {
        let actor = registry.acting_as()?;
        registry.export_to(&ids, &dir, format, &actor).map(Some)
    })
    .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn audit_events<R: Runtime>(
    app: AppHandle<R>,
    contract_id: Option<String>,
) -> Result<Vec<AuditEvent>> {
    on_registry(app, move |registry| {
        registry.audit_events(contract_id.as_deref())
    })
    .await
}

/// One page of the audit log, newest first (the screen pages; a million
/// events never cross IPC at once).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn audit_page<R: Runtime>(app: AppHandle<R>, query: AuditQuery) -> Result<AuditPage> {
    on_registry(app, move |registry| registry.audit_page(&query)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn verify_audit<R: Runtime>(app: AppHandle<R>) -> Result<AuditVerification> {
    on_registry(app, |registry| registry.verify_audit()).await
}
