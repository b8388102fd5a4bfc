//! Whether the watched folder is on a network share, where the system delivers no events for the
//! saves made from other machines (§7, §12): `watch` without `--poll` then advises it, once.

use std::path::Path;

/// Whether `folder` is on a network share: a UNC path or a mapped network drive on Windows, a
/// CIFS/SMB, NFS or other network mount on Linux. `false` when it cannot be told.
pub fn is_network_share(folder: &Path) -> bool {
    let folder = folder.canonicalize().unwrap_or_else(|_| folder.to_path_buf());
    on_network(&folder)
}

/// The file system types of Linux network mounts.
#[cfg(target_os = "linux")]
const NETWORK_FILE_SYSTEMS: [&str; 9] = [
    "cifs",
    "smb3",
    "smbfs",
    "nfs",
    "nfs4",
    "afs",
    "ncpfs",
    "fuse.sshfs",
    "9p",
];

#[cfg(target_os = "linux")]
fn on_network(folder: &Path) -> bool {
    let Ok(mounts) = std::fs::read_to_string("/proc/self/mounts") else {
        return false;
    };
    mount_type(&mounts, folder).is_some_and(|kind| NETWORK_FILE_SYSTEMS.contains(&kind))
}

/// The type of the file system `folder` is on: the mount whose point is the longest prefix.
#[cfg(target_os = "linux")]
fn mount_type<'a>(mounts: &'a str, folder: &Path) -> Option<&'a str> {
    mounts
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let (_, point, kind) = (fields.next()?, fields.next()?, fields.next()?);
            // Spaces in a mount point are written `\040`.
            let point = point.replace("\\040", " ");
            folder
                .starts_with(&point)
                .then(|| (Path::new(&point).components().count(), kind))
        })
        .max_by_key(|(depth, _)| *depth)
        .map(|(_, kind)| kind)
}

#[cfg(windows)]
fn on_network(folder: &Path) -> bool {
    use std::os::windows::ffi::OsStrExt;
    use std::path::{Component, Prefix};
    /// `DRIVE_REMOTE` of `GetDriveTypeW`.
    const DRIVE_REMOTE: u32 = 4;
    let drive = match folder.components().next() {
        Some(Component::Prefix(prefix)) => match prefix.kind() {
            Prefix::UNC(..) | Prefix::VerbatimUNC(..) => return true,
            Prefix::Disk(letter) | Prefix::VerbatimDisk(letter) => letter,
            _ => return false,
        },
        _ => return false,
    };
    let root: Vec<u16> = std::ffi::OsStr::new(&format!("{}:\\", char::from(drive)))
        .encode_wide()
        .chain(std::iter::once(0))
        .collect();
    // SAFETY: `root` is a NUL-terminated wide string that outlives the call.
    unsafe { windows_sys::Win32::Storage::FileSystem::GetDriveTypeW(root.as_ptr()) == DRIVE_REMOTE }
}

#[cfg(not(any(target_os = "linux", windows)))]
fn on_network(_folder: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_folder_under_a_cifs_or_nfs_mount_is_on_a_network_share() {
        let mounts = "sysfs /sys sysfs rw 0 0\n/dev/sda1 / ext4 rw 0 0\n//serveur/partage /mnt/partage\\040SPASER cifs rw 0 0\nserveur:/export /mnt/nfs nfs4 rw 0 0\n";
        assert_eq!(mount_type(mounts, Path::new("/mnt/partage SPASER/2025")), Some("cifs"));
        assert_eq!(mount_type(mounts, Path::new("/mnt/nfs/voirie")), Some("nfs4"));
        assert_eq!(mount_type(mounts, Path::new("/home/pilote")), Some("ext4"));
    }

    #[test]
    fn a_local_temporary_folder_is_not_a_network_share() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(!is_network_share(dir.path()));
    }

    #[cfg(windows)]
    #[test]
    fn a_unc_path_is_a_network_share() {
        assert!(on_network(Path::new(r"\\serveur\partage\SPASER 2025")));
        assert!(on_network(Path::new(r"\\?\UNC\serveur\partage")));
    }
}
