//! The sandbox layer's one error type: why a confinement mechanism is missing on this
//! machine, and why a child's confinement could not be prepared. Each message is the text
//! the layers above print inside their warnings and errors, so it is worded for users.

use std::ffi::NulError;
use std::io;

use super::switch::TEST_SWITCH;

/// Why the sandbox cannot confine a child, or cannot confine it fully here.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SandboxError {
    /// The test switch names the mechanism, so it counts as missing.
    #[error("switched off by {TEST_SWITCH}")]
    SwitchedOff,
    /// The kernel answered the Landlock ABI probe with this error.
    #[error("the kernel has no Landlock ({0})")]
    NoLandlock(io::Error),
    /// A system call failed: the namespace probe's fork, or what its child reported back
    /// (unshare, or writing its user and group maps).
    #[error(transparent)]
    Os(#[from] io::Error),
    /// The namespace probe's child ended without an exit code; its wait status.
    #[error("the probe ended with wait status {0}")]
    ProbeStatus(libc::c_int),
    /// The Landlock ruleset of a child could not be built.
    #[error(transparent)]
    Ruleset(#[from] ::landlock::RulesetError),
    /// The child's working directory holds a NUL byte, which no system call accepts.
    #[error(transparent)]
    NulInPath(#[from] NulError),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The warnings of `check` and `learn` quote these words; they must not drift.
    #[test]
    fn messages_are_the_warnings_words() {
        assert_eq!(
            SandboxError::SwitchedOff.to_string(),
            "switched off by SNIPCHECK_TEST_UNCONFINED"
        );
        let enosys = io::Error::from_raw_os_error(libc::ENOSYS);
        assert_eq!(
            SandboxError::NoLandlock(io::Error::from_raw_os_error(libc::ENOSYS)).to_string(),
            format!("the kernel has no Landlock ({enosys})")
        );
        assert_eq!(
            SandboxError::Os(enosys).to_string(),
            "Function not implemented (os error 38)"
        );
        assert_eq!(
            SandboxError::ProbeStatus(9).to_string(),
            "the probe ended with wait status 9"
        );
    }
}
