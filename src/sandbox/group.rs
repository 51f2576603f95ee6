//! The process tree of a child on Unix (Linux and macOS): the child leads a process group
//! of its own; a watchdog kills the whole group at the timeout, and what is left of it is
//! killed when the child exits. The child is waited for without being reaped first, so its
//! pid (and group id) cannot be reused while the group may still be signalled. SIGINT,
//! SIGTERM and SIGHUP go to a thread that kills every live group.

use std::collections::HashSet;
use std::io;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command, ExitStatus};
use std::sync::{mpsc, Mutex};
use std::thread;
use std::time::Duration;

use super::cancel::{cancel, cancelled};

/// Process groups of children that have not been reaped yet. Killing only members of this
/// set (under its lock) means a reused pid is never signalled.
static LIVE: Mutex<Option<HashSet<i32>>> = Mutex::new(None);

/// A started child, leader of its own process group.
#[derive(Debug)]
pub(super) struct Tree(Child);

/// The pipes of a started child.
pub(super) type Pipes = (Option<ChildStdin>, Option<ChildStdout>, Option<ChildStderr>);

/// Starts `cmd` as the leader of a new process group, and records the group. The lock is
/// not held while the child starts (its confinement runs then), so jobs start children in
/// parallel; a cancellation that came in meanwhile kills the new group at once.
pub(super) fn spawn(cmd: &mut Command) -> io::Result<(Tree, Pipes)> {
    let mut child = cmd.process_group(0).spawn()?;
    let pid = child.id() as i32;
    let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    live.get_or_insert_with(HashSet::new).insert(pid);
    if cancelled() {
        // SAFETY: the child is ours and unreaped, so its group id is still its own.
        unsafe { libc::killpg(pid, libc::SIGKILL) };
    }
    let pipes = (child.stdin.take(), child.stdout.take(), child.stderr.take());
    Ok((Tree(child), pipes))
}

impl Tree {
    /// Waits for the child, killing its group if `timeout` passes first, then kills what
    /// is left of the group; its status, and whether the timeout killed it.
    pub(super) fn wait(self, timeout: Duration) -> io::Result<(ExitStatus, bool)> {
        let Tree(mut child) = self;
        let pid = child.id() as i32;
        let (stop, stopped) = mpsc::channel::<()>();
        let watchdog = thread::spawn(move || {
            let expired = stopped.recv_timeout(timeout) == Err(mpsc::RecvTimeoutError::Timeout);
            expired && kill_group(pid)
        });
        wait_unreaped(pid);
        unregister_and_kill(pid);
        #[cfg(target_os = "linux")]
        super::linux::confine::kill_own_user(pid);
        let status = child.wait()?;
        drop(stop);
        Ok((status, watchdog.join().unwrap_or(false)))
    }
}

/// The resource limit whose signal ended the child (setrlimit's SIGXCPU or SIGXFSZ).
pub(super) fn limit_signal(status: &ExitStatus) -> Option<&'static str> {
    match status.signal() {
        Some(libc::SIGXCPU) => Some("CPU time"),
        Some(libc::SIGXFSZ) => Some("file size"),
        _ => None,
    }
}

/// Blocks until the child has exited, without reaping it, so its pid (and process group
/// id) cannot be reused while the watchdog may still signal it.
fn wait_unreaped(pid: i32) {
    loop {
        // SAFETY: an all-zero siginfo_t is a valid out-parameter for waitid.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: waitid only writes to `info`; the pid is our unreaped child.
        let rc = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if rc == 0 || io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
            return;
        }
    }
}

/// Forgets the group and kills what is left of it (children the program forked).
fn unregister_and_kill(pid: i32) {
    let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(set) = live.as_mut() {
        set.remove(&pid);
    }
    // SAFETY: the group leader is an unreaped zombie, so the group id is still ours.
    unsafe { libc::killpg(pid, libc::SIGKILL) };
}

/// Kills the process group if it is still live; true when it was.
fn kill_group(pid: i32) -> bool {
    let live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    let is_live = live.as_ref().is_some_and(|set| set.contains(&pid));
    if is_live {
        // SAFETY: membership in LIVE means the leader has not been reaped.
        unsafe { libc::killpg(pid, libc::SIGKILL) };
    }
    is_live
}

/// Marks the run cancelled and kills every live child.
fn cancel_all() {
    cancel();
    let live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    for pid in live.iter().flatten() {
        // SAFETY: see `kill_group`.
        unsafe { libc::killpg(*pid, libc::SIGKILL) };
    }
}

/// Routes SIGINT, SIGTERM and SIGHUP to a thread that cancels the run, instead of killing
/// snipcheck on the spot (which would leave temp dirs behind). Call before starting
/// threads: they inherit the blocked mask. Children get a clean mask from std.
pub(super) fn handle_interrupts() {
    // SAFETY: plain libc calls on a local, zero-initialised sigset_t.
    let set = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::sigaddset(&mut set, sig);
        }
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        set
    };
    thread::spawn(move || loop {
        let mut sig = 0;
        // SAFETY: `set` is a valid signal set; sigwait writes the signal number to `sig`.
        if unsafe { libc::sigwait(&set, &mut sig) } == 0 {
            cancel_all();
        }
    });
}
