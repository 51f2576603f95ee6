//! Whether the run was interrupted (Ctrl-C, SIGTERM, the console closing): set once, read
//! by every child's waiter and before every spawn.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set once an interruption arrived; no new child starts afterwards.
static CANCELLED: AtomicBool = AtomicBool::new(false);

/// Marks the run interrupted.
pub(super) fn cancel() {
    CANCELLED.store(true, Ordering::SeqCst);
}

/// Whether the run was interrupted.
pub(crate) fn cancelled() -> bool {
    CANCELLED.load(Ordering::SeqCst)
}
