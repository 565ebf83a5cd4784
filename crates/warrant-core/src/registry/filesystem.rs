//! Refusing a registry on a network file system: SQLite's locking and
//! write-ahead log need a local disk, and two computers writing one file
//! over NFS, SMB or SSHFS can corrupt it. The detection is pure
//! ([`network_filesystem`], [`mount_type_in`]) so every case is tested
//! without a server.

use std::path::{Path, PathBuf};

use crate::{Error, ErrorCode, Result};

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
