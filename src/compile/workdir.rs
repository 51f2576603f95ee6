//! Where each compile's fresh temp dir is made. Programs run as a user of their own when
//! snipcheck runs as root, and that user must reach its directory through every directory
//! above it: a private `TMPDIR` (mode 0700, as `mktemp -d` makes) would lock it out, so
//! the temp dirs then go below the first of `TMPDIR`, `/tmp` and `/var/tmp` that others
//! can traverse.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tempfile::TempDir;

/// A fresh `snipcheck-*` temp dir, where a program's own user can reach it.
pub(crate) fn fresh() -> io::Result<TempDir> {
    fresh_named("snipcheck-")
}

/// A fresh temp dir named from `prefix`, where a program's own user can reach it.
pub(crate) fn fresh_named(prefix: &str) -> io::Result<TempDir> {
    tempfile::Builder::new().prefix(prefix).tempdir_in(base())
}

/// The directory temp dirs go below, decided once per process: every compile asks.
fn base() -> &'static Path {
    static BASE: OnceLock<PathBuf> = OnceLock::new();
    BASE.get_or_init(choose_base)
}

fn choose_base() -> PathBuf {
    let default = std::env::temp_dir();
    if !running_as_root() || traversable(&default) {
        return default;
    }
    ["/tmp", "/var/tmp"]
        .into_iter()
        .map(PathBuf::from)
        .find(|dir| traversable(dir))
        .unwrap_or(default)
}

/// Whether this process runs as root: `/proc/self` belongs to the process's user.
#[cfg(unix)]
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

#[cfg(not(unix))]
fn running_as_root() -> bool {
    false
}

/// Whether every user may traverse `dir` and each directory above it.
#[cfg(unix)]
fn traversable(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let Ok(dir) = dir.canonicalize() else {
        return false;
    };
    dir.ancestors().all(|d| {
        std::fs::metadata(d).is_ok_and(|m| m.is_dir() && m.permissions().mode() & 0o001 != 0)
    })
}

#[cfg(not(unix))]
fn traversable(_dir: &Path) -> bool {
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_private_directory_is_not_traversable() {
        let dir = tempfile::tempdir().expect("temp dir");
        let private = dir.path().join("private");
        std::fs::create_dir(&private).expect("mkdir");
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o700)).expect("chmod");
        assert!(!traversable(&private));
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o711)).expect("chmod");
        assert_eq!(traversable(&private), traversable(dir.path()));
    }
}
