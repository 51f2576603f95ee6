//! The stand-in for Linux's confinement on macOS and Windows, which have no Landlock and
//! no namespaces an ordinary user can make: rustc and built programs run with the user's
//! rights, files and network, as rustlings runs them. What holds everywhere is not here
//! but in the process tree (`group`, `job`): the timeout, the output caps, closed stdin,
//! the cleared environment, and every process a child started killed with it.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::shortfall::Shortfall;

/// The platform's name, as the notice of weaker confinement says it.
pub(super) const PLATFORM: &str = if cfg!(windows) {
    "Windows"
} else if cfg!(target_os = "macos") {
    "macOS"
} else {
    "this platform"
};

/// The confinement of one kind of child: nothing to apply here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Confinement;

impl Confinement {
    /// For rustc compiling in a temp dir: unconfined.
    pub(crate) fn compiler(_timeout: Duration, _workdir: &Path, _reads: &[PathBuf]) -> Self {
        Confinement
    }

    /// For a built program in a temp dir: unconfined.
    pub(crate) fn program(_timeout: Duration, _workdir: &Path) -> Self {
        Confinement
    }

    /// Leaves `cmd` as it is; it cannot fail.
    pub(crate) fn apply(&self, _cmd: &mut Command, _workdir: &Path) -> Result<(), Infallible> {
        Ok(())
    }
}

/// Everything is missing, whatever runs: one shortfall naming the platform.
pub(crate) fn shortfalls(_runs_programs: bool) -> Vec<Shortfall> {
    vec![Shortfall::Platform(PLATFORM)]
}
