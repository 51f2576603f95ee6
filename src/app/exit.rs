//! Exit codes, in one place (README, "Command line").

/// Every exercise passed.
pub(crate) const SUCCESS: u8 = 0;
/// At least one exercise failed.
pub(crate) const FAILURE: u8 = 1;
/// Usage, configuration or environment error (including exercises that could not be checked).
pub(crate) const ERROR: u8 = 2;
/// Interrupted by Ctrl-C or SIGTERM.
pub(crate) const INTERRUPTED: u8 = crate::sandbox::INTERRUPTED_EXIT;
