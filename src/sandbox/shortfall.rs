//! What this machine cannot confine, as values: the layers above word them for users.
//! Linux makes the first two, macOS and Windows the last; every variant exists everywhere
//! so the wording above needs no `cfg`.

/// A confinement mechanism that is missing here, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shortfall {
    /// Linux without the Landlock file rule: why (the kernel's answer, or the test switch).
    #[cfg_attr(
        not(target_os = "linux"),
        expect(dead_code, reason = "made on Linux only")
    )]
    Files(String),
    /// Linux without PID and network namespaces for programs: why.
    #[cfg_attr(
        not(target_os = "linux"),
        expect(dead_code, reason = "made on Linux only")
    )]
    Processes(String),
    /// A platform with no confinement mechanism at all (macOS, Windows): its name.
    #[cfg_attr(
        target_os = "linux",
        expect(dead_code, reason = "made on macOS and Windows")
    )]
    Platform(&'static str),
}
