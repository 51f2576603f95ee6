//! Running child processes (rustc and built programs) so that none can hang or flood
//! snipcheck: a process group per child, a wall-clock timeout that kills the whole group,
//! capped output, closed stdin, a cleared environment, and Ctrl-C / SIGTERM handling that
//! kills every live child so temp dirs are removed on the way out.

use std::collections::HashSet;
use std::io::{self, Read};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};
use std::thread;
use std::time::Duration;

pub(crate) mod confine;
pub(crate) mod error;
pub(crate) mod landlock;
pub(crate) mod switch;

/// Environment variables a child keeps; everything else is cleared (README, "Running untrusted snippets").
const KEPT_ENV: &[&str] = &[
    "PATH",
    "HOME",
    "RUSTUP_HOME",
    "RUSTUP_TOOLCHAIN",
    "CARGO_HOME",
];

/// Set once Ctrl-C or SIGTERM arrived; no new child starts afterwards.
static CANCELLED: AtomicBool = AtomicBool::new(false);
/// Process groups of children that have not been reaped yet. Killing only members of this
/// set (under its lock) means a reused pid is never signalled.
static LIVE: Mutex<Option<HashSet<i32>>> = Mutex::new(None);

/// Bounds on one child.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Wall-clock time before the process group is killed.
    pub(crate) timeout: Duration,
    /// Bytes kept of stdout and of stderr each; the rest is read and dropped.
    pub(crate) output_cap: usize,
}

/// What a finished child left behind.
#[derive(Debug)]
pub(crate) struct Output {
    /// Exit status.
    pub(crate) status: ExitStatus,
    /// Captured stdout, at most `output_cap` bytes.
    pub(crate) stdout: Vec<u8>,
    /// Captured stderr, at most `output_cap` bytes.
    pub(crate) stderr: Vec<u8>,
    /// Whether stdout or stderr went over the cap.
    pub(crate) truncated: bool,
    /// Whether the timeout killed the child.
    pub(crate) timed_out: bool,
    /// Whether Ctrl-C / SIGTERM killed the child.
    pub(crate) cancelled: bool,
}

impl Output {
    /// The resource limit the child ran into, judged by its signal or its last words.
    pub(crate) fn limit_hit(&self) -> Option<&'static str> {
        use std::os::unix::process::ExitStatusExt;
        match self.status.signal() {
            Some(libc::SIGXCPU) => Some("CPU time"),
            Some(libc::SIGXFSZ) => Some("file size"),
            _ if contains(&self.stderr, b"memory allocation of") => Some("memory"),
            _ => None,
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Clears `cmd`'s environment except for what rustc and rustup need.
pub(crate) fn clean_env(cmd: &mut Command) -> &mut Command {
    cmd.env_clear();
    for key in KEPT_ENV {
        if let Some(value) = std::env::var_os(key) {
            cmd.env(key, value);
        }
    }
    cmd
}

/// Whether the run was interrupted.
pub(crate) fn cancelled() -> bool {
    CANCELLED.load(Ordering::SeqCst)
}

/// Runs `cmd` to completion within `limits`, in its own process group, stdin closed.
pub(crate) fn run(cmd: &mut Command, limits: Limits) -> io::Result<Output> {
    run_with_input(cmd, limits, None)
}

/// `run`, with `input` written to the child's stdin (then closed) when given.
pub(crate) fn run_with_input(
    cmd: &mut Command,
    limits: Limits,
    input: Option<&[u8]>,
) -> io::Result<Output> {
    if cancelled() {
        return Err(io::Error::new(io::ErrorKind::Interrupted, "interrupted"));
    }
    let stdin = if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    };
    cmd.stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let start = std::time::Instant::now();
    let mut child = spawn_registered(cmd)?;
    let pid = child.id() as i32;
    if let (Some(mut pipe), Some(input)) = (child.stdin.take(), input) {
        // Small enough for the pipe's buffer: written at once, then closed.
        let _ = std::io::Write::write_all(&mut pipe, input);
    }
    let stdout = reader(child.stdout.take(), limits.output_cap);
    let stderr = reader(child.stderr.take(), limits.output_cap);
    let (stop, stopped) = mpsc::channel::<()>();
    let watchdog = thread::spawn(move || {
        let expired = stopped.recv_timeout(limits.timeout) == Err(mpsc::RecvTimeoutError::Timeout);
        expired && kill_group(pid)
    });
    wait_unreaped(pid);
    unregister_and_kill(pid);
    confine::kill_own_user(pid);
    let status = child.wait()?;
    drop(stop);
    let mut timed_out = watchdog.join().unwrap_or(false);
    // A process that left the group (setsid, its own group) may still hold the pipes: wait
    // for the output no longer than the rest of the timeout.
    let deadline = start + limits.timeout.max(Duration::from_millis(200));
    let (stdout, out_cut) = stdout.finish(deadline).unwrap_or_else(|| {
        timed_out = true;
        (Vec::new(), false)
    });
    let (stderr, err_cut) = stderr.finish(deadline).unwrap_or_else(|| {
        timed_out = true;
        (Vec::new(), false)
    });
    Ok(Output {
        status,
        stdout,
        stderr,
        truncated: out_cut || err_cut,
        timed_out,
        cancelled: cancelled(),
    })
}

/// Spawns the child, then records its process group. The lock is not held while the child
/// starts (its confinement runs then), so jobs start children in parallel; a cancellation
/// that came in meanwhile kills the new group at once.
fn spawn_registered(cmd: &mut Command) -> io::Result<Child> {
    let child = cmd.spawn()?;
    let pid = child.id() as i32;
    let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    live.get_or_insert_with(HashSet::new).insert(pid);
    if cancelled() {
        // SAFETY: the child is ours and unreaped, so its group id is still its own.
        unsafe { libc::killpg(pid, libc::SIGKILL) };
    }
    Ok(child)
}

/// A pipe being read on its own thread: what was kept, and whether some was dropped.
struct Captured(mpsc::Receiver<(Vec<u8>, bool)>);

impl Captured {
    /// The output, once the pipe is closed; `None` when it is still open at `deadline`
    /// (the reading thread is then left to end with the process).
    fn finish(self, deadline: std::time::Instant) -> Option<(Vec<u8>, bool)> {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        self.0.recv_timeout(left).ok()
    }
}

/// Reads a pipe to its end on a thread, keeping `cap` bytes and dropping the rest.
fn reader<R: Read + Send + 'static>(pipe: Option<R>, cap: usize) -> Captured {
    let (send, receive) = mpsc::channel();
    thread::spawn(move || {
        let _ = send.send(read_capped(pipe, cap));
    });
    Captured(receive)
}

fn read_capped<R: Read>(pipe: Option<R>, cap: usize) -> (Vec<u8>, bool) {
    let Some(mut pipe) = pipe else {
        return (Vec::new(), false);
    };
    let mut kept = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    let mut truncated = false;
    loop {
        match pipe.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                let room = cap.saturating_sub(kept.len());
                kept.extend_from_slice(&chunk[..n.min(room)]);
                truncated |= n > room;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        }
    }
    (kept, truncated)
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
    CANCELLED.store(true, Ordering::SeqCst);
    let live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    for pid in live.iter().flatten() {
        // SAFETY: see `kill_group`.
        unsafe { libc::killpg(*pid, libc::SIGKILL) };
    }
}

/// Routes SIGINT, SIGTERM and SIGHUP to a thread that cancels the run, instead of killing
/// snipcheck on the spot (which would leave temp dirs behind). Call before starting
/// threads: they inherit the blocked mask. Children get a clean mask from std.
pub(crate) fn handle_interrupts() {
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

/// Exit status of a process killed by `SIGINT`, the conventional code after Ctrl-C.
pub(crate) const INTERRUPTED_EXIT: u8 = 130;

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(timeout_ms: u64, cap: usize) -> Limits {
        Limits {
            timeout: Duration::from_millis(timeout_ms),
            output_cap: cap,
        }
    }

    #[test]
    fn captures_output_and_status() {
        let out = run(
            Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]),
            limits(5000, 1024),
        )
        .expect("run sh");
        assert_eq!(out.stdout, b"out\n");
        assert_eq!(out.stderr, b"err\n");
        assert_eq!(out.status.code(), Some(3));
        assert!(!out.timed_out && !out.truncated);
    }

    #[test]
    fn timeout_kills_the_whole_group() {
        let start = std::time::Instant::now();
        let out = run(
            Command::new("sh").args(["-c", "sleep 30 & sleep 30"]),
            limits(200, 1024),
        )
        .expect("run sh");
        assert!(out.timed_out);
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn output_over_the_cap_is_cut_and_flagged() {
        let out = run(
            Command::new("sh").args(["-c", "yes | head -c 100000"]),
            limits(5000, 1000),
        )
        .expect("run sh");
        assert_eq!(out.stdout.len(), 1000);
        assert!(out.truncated);
    }

    #[test]
    fn output_held_open_by_an_escaped_process_ends_at_the_timeout() {
        // `setsid` puts the sleep in a session of its own, out of reach of the group kill
        // (the shell waits until it has left); it keeps stdout open after the shell exits.
        let start = std::time::Instant::now();
        let out = run(
            Command::new("sh").args(["-c", "setsid sleep 2.71828 & sleep 0.2; echo started"]),
            limits(500, 1024),
        )
        .expect("run sh");
        assert!(out.timed_out);
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn stdin_is_closed() {
        let out = run(&mut Command::new("cat"), limits(5000, 1024)).expect("run cat");
        assert!(out.status.success() && out.stdout.is_empty());
    }
}
