//! Running child processes (rustc and built programs) so that none can hang or flood
//! snipcheck: a process tree per child (a process group on Unix, a Job Object on Windows),
//! a wall-clock timeout that kills the whole tree, capped output, closed stdin, a cleared
//! environment, and Ctrl-C / SIGTERM handling that kills every live child so temp dirs are
//! removed on the way out. This file is the same everywhere; what differs lives beside it:
//! `group` (Unix) or `job` (Windows) for the process tree, and `linux/` (Landlock,
//! namespaces, limits) or `unconfined` (macOS, Windows) for the confinement.

use std::io;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

mod cancel;
mod capture;
#[cfg(unix)]
mod group;
#[cfg(windows)]
mod job;
#[cfg(target_os = "linux")]
mod linux;
mod shortfall;
#[cfg(not(target_os = "linux"))]
mod unconfined;

#[cfg(unix)]
use group as tree;
#[cfg(windows)]
use job as tree;

pub(crate) use cancel::cancelled;
#[cfg(target_os = "linux")]
pub(crate) use linux::{confine::Confinement, shortfalls};
pub(crate) use shortfall::Shortfall;
#[cfg(not(target_os = "linux"))]
pub(crate) use unconfined::{shortfalls, Confinement};

/// Environment variables a child keeps; everything else is cleared (README, "Running untrusted snippets").
#[cfg(not(windows))]
const KEPT_ENV: &[&str] = &[
    "PATH",
    "HOME",
    "RUSTUP_HOME",
    "RUSTUP_TOOLCHAIN",
    "CARGO_HOME",
];
/// On Windows also what a process needs to start and find its files, none of it a secret:
/// the system directories (`SystemRoot`, `windir`, `SystemDrive`), where programs are
/// installed (rustc finds the MSVC linker there), the user's profile and temp dirs
/// (rustup finds its home through the profile), and the program extensions.
#[cfg(windows)]
const KEPT_ENV: &[&str] = &[
    "PATH",
    "HOME",
    "RUSTUP_HOME",
    "RUSTUP_TOOLCHAIN",
    "CARGO_HOME",
    "SystemRoot",
    "windir",
    "SystemDrive",
    "ProgramFiles",
    "ProgramFiles(x86)",
    "ProgramData",
    "USERPROFILE",
    "TEMP",
    "TMP",
    "PATHEXT",
];

/// Bounds on one child.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Wall-clock time before the process tree is killed.
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
        tree::limit_signal(&self.status)
            .or_else(|| contains(&self.stderr, b"memory allocation of").then_some("memory"))
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

/// Runs `cmd` to completion within `limits`, in its own process tree, stdin closed.
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
        .stderr(Stdio::piped());
    let start = Instant::now();
    let (child, (stdin, stdout, stderr)) = tree::spawn(cmd)?;
    if let (Some(mut pipe), Some(input)) = (stdin, input) {
        // Small enough for the pipe's buffer: written at once, then closed.
        let _ = io::Write::write_all(&mut pipe, input);
    }
    let stdout = capture::reader(stdout, limits.output_cap);
    let stderr = capture::reader(stderr, limits.output_cap);
    let (status, mut timed_out) = child.wait(limits.timeout)?;
    // A process that left the tree (setsid, its own group) may still hold the pipes: wait
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

/// Routes Ctrl-C (and on Unix SIGTERM and SIGHUP, on Windows Ctrl-Break and the console
/// closing) to a cancellation of the run that kills every live child, instead of ending
/// snipcheck on the spot (which would leave temp dirs behind). Call before starting
/// threads: on Unix they inherit the blocked mask.
pub(crate) fn handle_interrupts() {
    tree::handle_interrupts();
}

/// The platform's name where nothing can be confined (macOS, Windows); `None` on Linux,
/// where each missing mechanism is a `Shortfall` of its own.
pub(crate) fn unconfined_platform() -> Option<&'static str> {
    #[cfg(target_os = "linux")]
    return None;
    #[cfg(not(target_os = "linux"))]
    return Some(unconfined::PLATFORM);
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

    /// `script` run by the platform's shell: `sh -c` on Unix, `cmd /c` on Windows.
    fn shell(script: &str) -> Command {
        let mut cmd = if cfg!(windows) {
            Command::new("cmd")
        } else {
            Command::new("sh")
        };
        cmd.args([if cfg!(windows) { "/c" } else { "-c" }, script]);
        cmd
    }

    /// The shell running `windows` on Windows and `unix` elsewhere.
    fn either(windows: &str, unix: &str) -> Command {
        shell(if cfg!(windows) { windows } else { unix })
    }

    /// A program that copies its stdin to its stdout.
    fn reader() -> Command {
        if cfg!(windows) {
            shell("more")
        } else {
            Command::new("cat")
        }
    }

    /// Asserts that what started at `start` ended within `secs` seconds.
    fn ended_within(start: Instant, secs: u64) {
        let took = start.elapsed();
        assert!(took < Duration::from_secs(secs), "{took:?}");
    }

    #[test]
    fn captures_output_and_status() {
        let mut cmd = either(
            "echo out& echo err>&2& exit /b 3",
            "echo out; echo err >&2; exit 3",
        );
        let out = run(&mut cmd, limits(5000, 1024)).expect("run the shell");
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim_end(), "out");
        assert_eq!(String::from_utf8_lossy(&out.stderr).trim_end(), "err");
        assert_eq!(out.status.code(), Some(3));
        assert!(!out.timed_out && !out.truncated && !out.cancelled);
    }

    /// A child that starts another and waits: the timeout ends both, and so the output
    /// pipes the grandchild holds close too.
    #[test]
    fn timeout_kills_the_whole_tree() {
        let mut cmd = either(
            "start /b ping -n 30 127.0.0.1 >nul & ping -n 30 127.0.0.1 >nul",
            "sleep 30 & sleep 30",
        );
        let start = Instant::now();
        let out = run(&mut cmd, limits(500, 1024)).expect("run the shell");
        assert!(out.timed_out);
        ended_within(start, 5);
    }

    /// A tree killed at the timeout leaves nothing that holds its temp dir: on Windows a
    /// process still running there, or a file it still has open, would keep it.
    #[test]
    fn a_killed_tree_leaves_its_directory_removable() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut cmd = either(
            "start /b ping -n 30 127.0.0.1 > held.txt & ping -n 30 127.0.0.1 > own.txt",
            "sleep 30 > held.txt & sleep 30 > own.txt",
        );
        cmd.current_dir(dir.path());
        let out = run(&mut cmd, limits(500, 1024)).expect("run the shell");
        assert!(out.timed_out);
        dir.close().expect("the temp dir is removed");
    }

    /// A child that exits and leaves another running: the tree is killed with it, so the
    /// run ends when the child does, not when the straggler would.
    #[test]
    fn stragglers_die_with_the_child() {
        let mut cmd = either(
            "start /b ping -n 30 127.0.0.1 & echo started",
            "sleep 30 & echo started",
        );
        let start = Instant::now();
        let out = run(&mut cmd, limits(10_000, 1024)).expect("run the shell");
        assert!(!out.timed_out, "{out:?}");
        ended_within(start, 5);
    }

    #[test]
    fn output_over_the_cap_is_cut_and_flagged() {
        let mut cmd = either(
            "for /l %i in (1,1,300) do @echo 0123456789",
            "yes | head -c 100000",
        );
        let out = run(&mut cmd, limits(10_000, 1000)).expect("run the shell");
        assert_eq!(out.stdout.len(), 1000);
        assert!(out.truncated);
    }

    #[cfg(unix)]
    #[test]
    fn output_held_open_by_an_escaped_process_ends_at_the_timeout() {
        // `setsid` puts the sleep in a session of its own, out of reach of the group kill
        // (the shell waits until it has left); it keeps stdout open after the shell exits.
        let start = Instant::now();
        let out = run(
            &mut shell("setsid sleep 2.71828 & sleep 0.2; echo started"),
            limits(500, 1024),
        )
        .expect("run sh");
        assert!(out.timed_out);
        ended_within(start, 2);
    }

    #[test]
    fn stdin_is_closed() {
        let mut cmd = reader();
        let out = run(&mut cmd, limits(5000, 1024)).expect("run the reader");
        assert!(out.status.success() && out.stdout.is_empty(), "{out:?}");
    }

    #[test]
    fn input_reaches_the_child() {
        let mut cmd = reader();
        let out =
            run_with_input(&mut cmd, limits(5000, 1024), Some(b"nonce\n")).expect("run the reader");
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim_end(), "nonce");
    }

    #[test]
    fn the_environment_is_cleared() {
        std::env::set_var("SNIPCHECK_SECRET_FOR_TEST", "hunter2");
        let mut cmd = either(
            "echo [%SNIPCHECK_SECRET_FOR_TEST%]",
            "echo [$SNIPCHECK_SECRET_FOR_TEST]",
        );
        let out = run(clean_env(&mut cmd), limits(5000, 1024)).expect("run the shell");
        assert!(!String::from_utf8_lossy(&out.stdout).contains("hunter2"));
    }
}
