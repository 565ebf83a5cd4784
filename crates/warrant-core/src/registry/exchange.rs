//! Contract files in and out of a registry, one way for the app and the CLI:
//! an import reads every file first and imports all of them or none; an
//! export writes `{id}.yaml` or `{id}.json` per contract into a folder and
//! records an `export` event whose audit head it returns.

use std::path::{Path, PathBuf};

use chrono::Utc;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ImportFile, ListQuery, Registry};
use crate::format;
use crate::{Error, ErrorCode, Result};

/// A file that could not be read, in the words `warrant check` prints.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FileError {
    pub file: String,
    pub message: String,
}

/// Reads every file before anything is imported: all of them parsed, or
/// every file that could not be (not just the first), so one bad file
/// imports nothing and the person sees all that is wrong at once.
pub fn read_import_files(
    paths: &[PathBuf],
) -> std::result::Result<Vec<ImportFile>, Vec<FileError>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (path, result) in paths.iter().zip(format::read_contract_files(paths)) {
        match result {
            Ok(contract) => files.push(ImportFile {
                name: path.display().to_string(),
                contract,
            }),
            Err(e) => errors.push(FileError {
                file: path.display().to_string(),
                message: e.to_string(),
            }),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// Which spelling of warrant/v1 an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    Yaml,
    Json,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Yaml => "yaml",
            ExportFormat::Json => "json",
        }
    }
}

/// Where an export went and the files it wrote (full paths).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ExportResult {
    pub dir: String,
    pub files: Vec<String>,
    /// The audit chain head (`hash:count`) including this export's own
    /// event: keep it to detect a later truncation of the trail.
    pub audit_head: String,
}

impl Registry {
    /// Writes each contract of `ids` (every contract when empty) into `dir` as
    /// `{id}.{yaml|json}` — ids are lowercase letters, digits and '-', so
    /// they are safe file names — then records the `export` event.
    pub fn export_to(
        &mut self,
        ids: &[String],
        dir: &Path,
        format: ExportFormat,
        actor: &str,
    ) -> Result<ExportResult> {
        let ids: Vec<String> = if ids.is_empty() {
            self.list(&ListQuery::default(), Utc::now())?
                .into_iter()
                .map(|s| s.id)
                .collect()
        } else {
            ids.to_vec()
        };
        let contracts = ids
            .iter()
            .map(|id| self.contract(id).map(|s| s.contract))
            .collect::<Result<Vec<_>>>()?;
        let io = |path: &Path, e: std::io::Error| {
            Error::new(
                ErrorCode::Io,
                format!("Cannot write {}: {e}", path.display()),
            )
        };
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        let mut files = Vec::with_capacity(contracts.len());
        for contract in &contracts {
            let path = dir.join(format!("{}.{}", contract.id, format.extension()));
            let text = match format {
                ExportFormat::Yaml => format::to_yaml(contract),
                ExportFormat::Json => format::to_json(contract),
            };
            std::fs::write(&path, text).map_err(|e| io(&path, e))?;
            files.push(path.display().to_string());
        }
        let head = self.record_export(&ids, format.extension(), actor)?;
        Ok(ExportResult {
            dir: dir.display().to_string(),
            files,
            audit_head: head.to_string(),
        })
    }
}
