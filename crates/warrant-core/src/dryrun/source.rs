//! Where a dry run's records come from: a file the person names (the CLI's
//! `--records`, the app's open dialog) or the sample shipped with an example
//! contract. Both front ends read records through this, so a file that cannot
//! be read fails with the same words in the terminal and the window.

use std::io::Read;
use std::path::PathBuf;

use super::RecordsKind;
use crate::model::Contract;
use crate::{library, Error, ErrorCode, Result};

/// The records a dry run reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordsSource {
    /// A sample shipped with Warrant.
    Sample {
        name: String,
        text: &'static str,
    },
    File(PathBuf),
}

impl RecordsSource {
    /// The sample shipped for `contract` (an example's own, or the sample of
    /// the template it was made from: [`library::sample_for_contract`]), or
    /// why there is none.
    pub fn sample_for(contract: &Contract) -> Result<RecordsSource> {
        let (name, text) = library::sample_for_contract(contract).ok_or_else(|| {
            Error::not_found(format!(
                "No sample records are shipped for {}; pick a CSV or JSON lines file instead.",
                contract.id
            ))
        })?;
        Ok(RecordsSource::Sample { name, text })
    }

    /// The file name the run is kept under (the history shows it).
    pub fn name(&self) -> String {
        match self {
            RecordsSource::Sample { name, .. } => name.clone(),
            RecordsSource::File(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
        }
    }

    /// CSV or JSON lines, from the file name.
    pub fn kind(&self) -> RecordsKind {
        RecordsKind::from_file_name(&self.name())
    }

    /// The records as a stream, and their size in bytes (for progress).
    pub fn open(&self) -> Result<(Box<dyn Read + Send>, u64)> {
        match self {
            RecordsSource::Sample { text, .. } => {
                Ok((Box::new(text.as_bytes()), text.len() as u64))
            }
            RecordsSource::File(path) => {
                let refuse = |e: std::io::Error| {
                    Error::new(
                        ErrorCode::Io,
                        format!("Cannot read the records file {}: {e}", path.display()),
                    )
                    .caused_by(e)
                };
                let file = std::fs::File::open(path).map_err(refuse)?;
                let size = file.metadata().map_err(refuse)?.len();
                Ok((Box::new(std::io::BufReader::new(file)), size))
            }
        }
    }
}
