//! The test switch: `SNIPCHECK_TEST_UNCONFINED` names the mechanisms (`landlock`,
//! `namespaces`), comma-separated, that a test switches off to see snipcheck run, warn and
//! refuse with less confinement. For tests only.

/// The switch's environment variable.
pub(crate) const TEST_SWITCH: &str = "SNIPCHECK_TEST_UNCONFINED";

/// Whether `mechanism` is named in the test switch.
pub(crate) fn switched_off(mechanism: &str) -> bool {
    std::env::var(TEST_SWITCH).is_ok_and(|v| v.split(',').any(|m| m.trim() == mechanism))
}
