//! Confinement on Linux, the one platform that has it without root: resource limits,
//! PID and network namespaces with a reaper, a user id of each program's own as root, and
//! the Landlock file rule, all applied between fork and exec. Everything here is Linux-only
//! and compiled only there; other platforms get `unconfined` in its place.

pub(crate) mod confine;
pub(crate) mod error;
pub(crate) mod landlock;
pub(crate) mod switch;

use super::shortfall::Shortfall;

/// What this machine cannot confine: the file rule for rustc and every program, and, when
/// programs run, their namespaces.
pub(crate) fn shortfalls(runs_programs: bool) -> Vec<Shortfall> {
    let mut missing = Vec::new();
    if let Err(why) = landlock::abi() {
        missing.push(Shortfall::Files(why.to_string()));
    }
    if runs_programs {
        if let Err(why) = confine::namespaces() {
            missing.push(Shortfall::Processes(why.to_string()));
        }
    }
    missing
}
