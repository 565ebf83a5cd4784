//! Refusing registry files that cannot be trusted, before anything is written
//! to them: files on a network file system (SQLite's locking and write-ahead
//! log need a local disk), damaged files (`PRAGMA quick_check`), and stray
//! write-ahead logs that SQLite itself never wrote.
//!
//! Nothing here deletes or overwrites a file. A damaged registry is *moved
//! aside* next to where it was, so that a recovery tool (or a person) can
//! still read what is left in it, and the newest backup is named so the
//! user knows what to restore.

use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::{Connection, OpenFlags};

use super::backup::{default_backup_dir, list_backups};
use super::Registry;
use crate::{Error, ErrorCode, Result};

/// The first four bytes of every write-ahead log SQLite writes (big- and
/// little-endian checksum variants).
const WAL_MAGIC: [[u8; 4]; 2] = [[0x37, 0x7f, 0x06, 0x82], [0x37, 0x7f, 0x06, 0x83]];

/// `statfs(2)` `f_type` of FUSE mounts; which FUSE file system it is comes
/// from `/proc/self/mountinfo`.
pub const FUSE_SUPER_MAGIC: i64 = 0x6573_5546;

/// Names the network file system a `statfs` magic number (and, for FUSE, the
/// mount's type from mountinfo, e.g. `fuse.sshfs`) stands for, or `None` for a
/// local one. Kept pure so every case can be tested without a server.
pub fn network_filesystem(magic: i64, fuse_type: Option<&str>) -> Option<&'static str> {
    // f_type is a signed word on some targets; compare the low 32 bits.
    match magic & 0xFFFF_FFFF {
        0x6969 => Some("NFS"),
        0x517B => Some("SMB"),
        0xFF53_4D42 => Some("CIFS"),
        0xFE53_4D42 => Some("SMB2"),
        0x5346_414F => Some("AFS"),
        0x00C3_6400 => Some("Ceph"),
        FUSE_SUPER_MAGIC => match fuse_type {
            Some("fuse.sshfs") | Some("fuse.sshfs2") => Some("SSHFS"),
            Some("fuse.rclone") => Some("rclone"),
            Some("fuse.davfs") | Some("davfs") => Some("WebDAV"),
            _ => None,
        },
        _ => None,
    }
}

/// The file system type (`fuse.sshfs`, `ext4`, …) of the mount holding
/// `path`, read from the text of `/proc/self/mountinfo`: the entry with the
/// longest mount point that contains `path`.
pub fn mount_type_in(mountinfo: &str, path: &Path) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        let (before, after) = match line.split_once(" - ") {
            Some(parts) => parts,
            None => continue,
        };
        let mount_point = match before.split(' ').nth(4) {
            Some(m) => unescape_mount_field(m),
            None => continue,
        };
        let fs_type = match after.split(' ').next() {
            Some(t) => t.to_string(),
            None => continue,
        };
        let mount_point = PathBuf::from(mount_point);
        if path.starts_with(&mount_point) {
            let depth = mount_point.components().count();
            // Later lines win at equal depth: they are mounted over earlier ones.
            if best.as_ref().is_none_or(|(d, _)| depth >= *d) {
                best = Some((depth, fs_type));
            }
        }
    }
    best.map(|(_, t)| t)
}

/// mountinfo writes space, tab, newline and backslash as `\ooo` octal.
fn unescape_mount_field(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes.get(i + 1..i + 4);
        if bytes[i] == b'\\' && octal.is_some_and(|d| d.iter().all(|b| (b'0'..=b'7').contains(b))) {
            let digits = octal.unwrap_or_default();
            let value = digits
                .iter()
                .fold(0u32, |acc, d| acc * 8 + u32::from(d - b'0'));
            out.push(value as u8);
            i += 4;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Refuses a registry whose folder is on a network file system, saying why.
pub(super) fn refuse_network_filesystem(path: &Path) -> Result<()> {
    let Some((magic, existing)) = filesystem_magic(path) else {
        return Ok(());
    };
    let fuse_type = if magic & 0xFFFF_FFFF == FUSE_SUPER_MAGIC {
        let canonical = existing.canonicalize().unwrap_or(existing);
        std::fs::read_to_string("/proc/self/mountinfo")
            .ok()
            .and_then(|text| mount_type_in(&text, &canonical))
    } else {
        None
    };
    match network_filesystem(magic, fuse_type.as_deref()) {
        None => Ok(()),
        Some(name) => Err(Error::new(
            ErrorCode::Registry,
            format!(
                "The registry {} is on a network file system ({name}). SQLite cannot lock files or keep its \
                 write-ahead log safely there, so two computers could corrupt it. Keep the registry on a local \
                 disk and share contracts by exporting them (warrant export) instead.",
                path.display()
            ),
        )),
    }
}

/// `statfs` of the path, or of its nearest existing ancestor when the file
/// (or its folder) is yet to be created.
#[cfg(target_os = "linux")]
fn filesystem_magic(path: &Path) -> Option<(i64, PathBuf)> {
    use std::os::unix::ffi::OsStrExt;
    let absolute = std::path::absolute(path).ok()?;
    let existing = absolute.ancestors().find(|p| p.exists())?.to_path_buf();
    let c_path = std::ffi::CString::new(existing.as_os_str().as_bytes()).ok()?;
    let mut stats = std::mem::MaybeUninit::<libc::statfs>::zeroed();
    // SAFETY: c_path is a valid NUL-terminated string and `stats` is a
    // properly sized, writable statfs buffer that lives across the call.
    let rc = unsafe { libc::statfs(c_path.as_ptr(), stats.as_mut_ptr()) };
    if rc != 0 {
        return None;
    }
    // SAFETY: statfs returned 0, so it filled the buffer.
    let stats = unsafe { stats.assume_init() };
    #[allow(clippy::unnecessary_cast)]
    Some((stats.f_type as i64, existing))
}

#[cfg(not(target_os = "linux"))]
fn filesystem_magic(_path: &Path) -> Option<(i64, PathBuf)> {
    None
}

/// What a read-only look at an existing file found.
pub(super) enum Health {
    Sound,
    /// SQLite reports the file as corrupt or not a database at all.
    Damaged(String),
}

/// Opens the file read-only and runs `PRAGMA quick_check`. Errors other than
/// damage (permissions, a missing file) come back as `Err`.
pub(super) fn diagnose(path: &Path) -> Result<Health> {
    let conn = match Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) {
        Ok(conn) => conn,
        Err(e) => return classify(e),
    };
    match quick_check(&conn) {
        Ok(problems) if problems.is_empty() => Ok(Health::Sound),
        Ok(problems) => Ok(Health::Damaged(problems.join("; "))),
        Err(e) => classify(e),
    }
}

fn classify(e: rusqlite::Error) -> Result<Health> {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt) | Some(rusqlite::ErrorCode::NotADatabase) => {
            Ok(Health::Damaged(e.to_string()))
        }
        _ => Err(e.into()),
    }
}

/// The problems `PRAGMA quick_check` lists; empty when it says `ok`.
pub(super) fn quick_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    // quick_check reads every page: it must see the schema first, and a file
    // that is not a database fails right here.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })?;
    check_problems(conn, "PRAGMA quick_check")
}

/// The problems `PRAGMA integrity_check` lists (the thorough check, used on
/// backups before they are trusted); empty when it says `ok`.
pub(super) fn integrity_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    check_problems(conn, "PRAGMA integrity_check")
}

/// The rows a checking pragma returns, less the lone `ok` of a sound file.
fn check_problems(conn: &Connection, pragma: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(pragma)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut problems = Vec::new();
    for row in rows {
        let row = row?;
        if row != "ok" {
            problems.push(row);
        }
    }
    Ok(problems)
}

/// Refuses a damaged file in plain [`Registry::open`], leaving it where it
/// is (the CLI must never move a file the user pointed it at).
pub(super) fn refuse_damaged(path: &Path) -> Result<()> {
    match diagnose(path)? {
        Health::Sound => Ok(()),
        Health::Damaged(problem) => Err(Error::new(
            ErrorCode::Registry,
            format!(
                "The registry {} is damaged ({problem}). It was not changed. Restore a backup with \
                 `warrant restore BACKUP --db {}`{}.",
                path.display(),
                path.display(),
                newest_backup_hint(path)
            ),
        )),
    }
}

fn newest_backup_hint(path: &Path) -> String {
    match newest_backup(path) {
        Some(backup) => format!(" (the newest is {})", backup.display()),
        None => String::new(),
    }
}

fn newest_backup(registry_path: &Path) -> Option<PathBuf> {
    list_backups(&default_backup_dir(registry_path))
        .ok()?
        .into_iter()
        .next()
        .map(|b| PathBuf::from(b.path))
}

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

/// Why [`open_or_quarantine`] could not hand back a registry.
#[derive(Debug, Clone, PartialEq)]
pub enum OpenFailure {
    /// The file was damaged and has been moved to `moved_to` (nothing was
    /// deleted); `newest_backup` is the backup to offer for restoring.
    /// `error` says all of this in words.
    Corrupt {
        moved_to: PathBuf,
        newest_backup: Option<PathBuf>,
        error: Error,
    },
    /// Any other refusal (newer schema, network file system, not a Warrant
    /// registry, unreadable); the file was left as it was.
    Refused(Error),
}

impl OpenFailure {
    /// The plain-language error, whichever case this is.
    pub fn error(&self) -> &Error {
        match self {
            OpenFailure::Corrupt { error, .. } | OpenFailure::Refused(error) => error,
        }
    }
}

impl From<OpenFailure> for Error {
    fn from(failure: OpenFailure) -> Error {
        match failure {
            OpenFailure::Corrupt { error, .. } | OpenFailure::Refused(error) => error,
        }
    }
}

/// Opens the app's own registry. A damaged file is moved aside (never
/// deleted or overwritten) and reported as [`OpenFailure::Corrupt`] naming
/// where it went and the newest backup in `<registry dir>/backups/`; the app
/// then offers to restore that backup or start a new registry. Use this only
/// for the app's own file: the CLI uses [`Registry::open`], which refuses a
/// damaged file without moving it.
pub fn open_or_quarantine(path: &Path) -> std::result::Result<Registry, OpenFailure> {
    if path.exists() {
        set_aside_stray_wal(path).map_err(OpenFailure::Refused)?;
        if let Health::Damaged(problem) = diagnose(path).map_err(OpenFailure::Refused)? {
            let moved_to = free_name(path, "damaged");
            move_aside(path, &moved_to).map_err(|e| {
                OpenFailure::Refused(Error::new(
                    ErrorCode::Registry,
                    format!(
                        "The registry {} is damaged ({problem}) and could not be moved aside: {}. \
                         Move it away by hand, then restore a backup.",
                        path.display(),
                        e.message
                    ),
                ))
            })?;
            let newest_backup = newest_backup(path);
            let restore = match &newest_backup {
                Some(backup) => format!(
                    "The newest backup is {}; restore it, or start a new registry.",
                    backup.display()
                ),
                None => "There is no backup to restore; start a new registry, or ask someone with \
                         SQLite experience to recover what is left in the damaged file."
                    .to_string(),
            };
            let error = Error::new(
                ErrorCode::Registry,
                format!(
                    "The registry {} is damaged ({problem}). It was moved to {} (nothing was deleted). {restore}",
                    path.display(),
                    moved_to.display()
                ),
            );
            return Err(OpenFailure::Corrupt {
                moved_to,
                newest_backup,
                error,
            });
        }
    }
    Registry::open(path).map_err(OpenFailure::Refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_file_systems_are_named_by_their_magic_number() {
        assert_eq!(network_filesystem(0x6969, None), Some("NFS"));
        assert_eq!(network_filesystem(0x517B, None), Some("SMB"));
        assert_eq!(network_filesystem(0xFF53_4D42, None), Some("CIFS"));
        assert_eq!(network_filesystem(0xFE53_4D42, None), Some("SMB2"));
        // The same magic read through a signed 32-bit f_type.
        assert_eq!(
            network_filesystem(0xFF53_4D42_u32 as i32 as i64, None),
            Some("CIFS")
        );
        assert_eq!(
            network_filesystem(FUSE_SUPER_MAGIC, Some("fuse.sshfs")),
            Some("SSHFS")
        );
    }

    #[test]
    fn local_file_systems_pass() {
        for magic in [0xEF53, 0x9123_683E, 0x5846_5342, 0x0102_1994, 0x794C_7630] {
            assert_eq!(network_filesystem(magic, None), None, "{magic:#x}");
        }
        // A local FUSE file system (e.g. a container's overlay helper).
        assert_eq!(
            network_filesystem(FUSE_SUPER_MAGIC, Some("fuse.fuse-overlayfs")),
            None
        );
    }

    #[test]
    fn mount_type_is_the_deepest_mount_holding_the_path() {
        let mountinfo = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:40 / /home/dana/remote\\040share rw,nosuid - fuse.sshfs dana@host:/srv rw
41 22 0:41 / /home/dana/rem rw - nfs host:/x rw";
        assert_eq!(
            mount_type_in(mountinfo, Path::new("/home/dana/remote share/registry.db")).as_deref(),
            Some("fuse.sshfs")
        );
        assert_eq!(
            mount_type_in(mountinfo, Path::new("/home/dana/remote/registry.db")).as_deref(),
            Some("ext4")
        );
        assert_eq!(
            mount_type_in(mountinfo, Path::new("/home/dana/rem/r.db")).as_deref(),
            Some("nfs")
        );
    }

    #[test]
    fn the_test_machines_temp_dir_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        refuse_network_filesystem(&dir.path().join("not-yet/registry.db")).unwrap();
    }
}
