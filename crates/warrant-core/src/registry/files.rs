//! The registry's files on disk: its `-wal`/`-shm` companions, free names for
//! files set aside, and moves that are durable. Nothing here deletes or
//! overwrites a file: a damaged registry or a stray log is *moved aside*
//! next to where it was, so a recovery tool (or a person) can still read it.

use std::path::{Path, PathBuf};

use chrono::Utc;

use crate::Result;

/// The first four bytes of every write-ahead log SQLite writes (big- and
/// little-endian checksum variants).
const WAL_MAGIC: [[u8; 4]; 2] = [[0x37, 0x7f, 0x06, 0x82], [0x37, 0x7f, 0x06, 0x83]];

/// A `-wal` file SQLite never wrote (its header lacks the WAL magic) would be
/// silently discarded, and so deleted, by SQLite. It is moved aside instead.
/// Returns where it went.
pub(super) fn set_aside_stray_wal(path: &Path) -> Result<Option<PathBuf>> {
    let wal = sibling(path, "-wal");
    let mut header = [0u8; 4];
    let read = match std::fs::File::open(&wal) {
        Ok(mut file) => {
            use std::io::Read;
            file.read(&mut header)?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    // An empty log (or one whose header is still being written) is SQLite's own.
    if read < 4 || WAL_MAGIC.contains(&header) {
        return Ok(None);
    }
    let aside = free_name(&wal, "damaged");
    std::fs::rename(&wal, &aside)?;
    Ok(Some(aside))
}

/// `<file>-wal` / `<file>-shm` next to `path`.
pub(super) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// `<path>.<label>-<UTC timestamp>[-n]`, a name that does not exist yet.
pub(super) fn free_name(path: &Path, label: &str) -> PathBuf {
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let base = {
        let mut name = path.as_os_str().to_os_string();
        name.push(format!(".{label}-{stamp}"));
        PathBuf::from(name)
    };
    let mut candidate = base.clone();
    let mut n = 1;
    while candidate.exists() || sibling(&candidate, "-wal").exists() {
        n += 1;
        let mut name = base.as_os_str().to_os_string();
        name.push(format!("-{n}"));
        candidate = PathBuf::from(name);
    }
    candidate
}

/// Renames the registry and its `-wal`/`-shm` companions to `aside` (and
/// `aside-wal`, `aside-shm`), together, so SQLite can still read them there.
pub(super) fn move_aside(path: &Path, aside: &Path) -> Result<()> {
    for suffix in ["-wal", "-shm"] {
        let companion = sibling(path, suffix);
        if companion.exists() {
            std::fs::rename(&companion, sibling(aside, suffix))?;
        }
    }
    std::fs::rename(path, aside)?;
    sync_parent(aside);
    Ok(())
}

/// Makes a rename durable: the directory entry is only on disk once the
/// directory itself is synced. Best effort (not every platform allows it).
pub(super) fn sync_parent(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(handle) = std::fs::File::open(dir) {
            let _ = handle.sync_all();
        }
    }
}
