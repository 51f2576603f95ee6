//! What a child may use, applied between fork and exec: resource limits (setrlimit), the
//! file rule (Landlock, see `landlock`), and for a built program its own PID and network
//! namespaces (through an unprivileged user namespace, or as root) and, as root, a user id
//! of its own. In a PID namespace the program is not the namespace's init: the spawned
//! process waits outside, a small reaper is the init, and the program is its child, so it
//! behaves like any process, everything it starts dies with the reaper, and it can signal
//! nothing outside. Every unsafe call of snipcheck lives in `src/sandbox/`.

use std::ffi::CString;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use super::error::SandboxError;
use super::landlock::{self, FileRule};
use super::switch::switched_off;

/// Bytes of address space rustc may map.
const COMPILER_MEMORY: u64 = 4 << 30;
/// Bytes rustc may write to one file.
const COMPILER_FILE_SIZE: u64 = 1 << 30;
/// Bytes of address space a built program may map.
const PROGRAM_MEMORY: u64 = 2 << 30;
/// Bytes a built program may write to one file.
const PROGRAM_FILE_SIZE: u64 = 64 << 20;
/// Files a built program may hold open at once.
const PROGRAM_OPEN_FILES: u64 = 256;
/// Processes (and threads) a built program may add to its user's count.
const PROGRAM_PROCESSES: u64 = 64;
/// The group `nogroup`/`nobody`, which programs run in when snipcheck runs as root.
const NOBODY: u32 = 65534;
/// As root, each program runs as user `UID_BASE + its pid`: a user id of its own that no
/// account has, so RLIMIT_NPROC counts that program's processes alone and a fork bomb in one
/// check cannot starve the programs of other checks (or other runs) of processes.
const UID_BASE: u32 = 1 << 20;

/// A resource limit, named so the child can map it to libc without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resource {
    AddressSpace,
    CpuSeconds,
    FileSize,
    OpenFiles,
    Processes,
    CoreSize,
}

/// The limits and isolation of one kind of child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Confinement {
    limits: Vec<(Resource, u64)>,
    /// Own PID and network namespaces and, as root, a user id of the program's own.
    isolate: bool,
    /// What it may read and write.
    files: FileRule,
}

impl Confinement {
    /// For rustc compiling in `workdir`: memory, CPU time and file size, and files: the
    /// system libraries, the linker, `reads` (the toolchain, prebuilt dependencies and their
    /// sources) and its temp dir. It runs as the current user.
    pub(crate) fn compiler(timeout: Duration, workdir: &Path, reads: &[PathBuf]) -> Confinement {
        Confinement {
            limits: vec![
                (Resource::AddressSpace, COMPILER_MEMORY),
                (Resource::CpuSeconds, cpu_seconds(timeout)),
                (Resource::FileSize, COMPILER_FILE_SIZE),
                (Resource::CoreSize, 0),
            ],
            isolate: false,
            files: FileRule::compiler(workdir, reads),
        }
    }

    /// For a built program in `workdir`: every limit, its own namespaces, no network, no
    /// privileges, and no files but its temp dir and what it needs to start.
    pub(crate) fn program(timeout: Duration, workdir: &Path) -> Confinement {
        Confinement {
            limits: vec![
                (Resource::AddressSpace, PROGRAM_MEMORY),
                (Resource::CpuSeconds, cpu_seconds(timeout)),
                (Resource::FileSize, PROGRAM_FILE_SIZE),
                (Resource::OpenFiles, PROGRAM_OPEN_FILES),
                (Resource::Processes, process_limit()),
                (Resource::CoreSize, 0),
            ],
            isolate: true,
            files: FileRule::program(workdir),
        }
    }

    /// Installs the confinement on `cmd`. `workdir` is handed to the program's user when
    /// privileges are dropped, so the program can still write its own directory. Everything
    /// that allocates (the Landlock ruleset, the user maps, the path) is made here, before
    /// the fork; the child only makes system calls on it.
    pub(crate) fn apply(&self, cmd: &mut Command, workdir: &Path) -> Result<(), SandboxError> {
        let namespaces = self.isolate && namespaces().is_ok();
        let drop_root = self.isolate && is_root();
        let workdir = CString::new(workdir.as_os_str().as_encoded_bytes())?;
        let limits = self.limits.clone();
        let maps = UserMaps::of_current_user();
        let ruleset = landlock::prepare(&self.files)?;
        // SAFETY: the closure runs between fork and exec and only makes async-signal-safe
        // libc calls (none allocates: errors are raw OS errors); everything it reads was
        // allocated before the fork. `enter_namespaces` and `split` are called there, in the
        // freshly forked child, as their contracts require.
        unsafe {
            cmd.pre_exec(move || {
                // The spawned process's pid, as the parent knows it (before any namespace).
                let own_uid = UID_BASE + libc::getpid() as u32;
                if namespaces {
                    enter_namespaces(&maps)?;
                    split()?;
                }
                for &(resource, value) in &limits {
                    set_limit(resource, value)?;
                }
                if drop_root {
                    become_own_user(&workdir, own_uid)?;
                }
                ruleset.enforce()
            })
        };
        Ok(())
    }
}

/// What a child writes into its user namespace's maps: its own user and group, mapped to
/// themselves. Formatted before the fork.
#[derive(Debug, Clone)]
struct UserMaps {
    uid_map: CString,
    gid_map: CString,
}

impl UserMaps {
    fn of_current_user() -> UserMaps {
        // SAFETY: getuid and getgid have no preconditions.
        let (uid, gid) = unsafe { (libc::getuid(), libc::getgid()) };
        let map = |id: u32| CString::new(format!("{id} {id} 1")).unwrap_or_default();
        UserMaps {
            uid_map: map(uid),
            gid_map: map(gid),
        }
    }
}

/// Root can make PID and network namespaces alone; anyone else needs a user namespace too.
fn namespace_flags() -> libc::c_int {
    let own = libc::CLONE_NEWPID | libc::CLONE_NEWNET;
    if is_root() {
        own
    } else {
        own | libc::CLONE_NEWUSER
    }
}

/// Runs in the child: new PID and network namespaces (and a user namespace mapping the
/// user to itself, when not root). Only later children are in the new PID namespace.
///
/// # Safety
///
/// Must be called in a child forked for this purpose, between fork and exec or `_exit`,
/// never in snipcheck itself (it would move snipcheck into the new namespaces). The child
/// of a multithreaded process may only make async-signal-safe calls: this function makes
/// only those and allocates nothing, and its caller must keep to the same rule.
unsafe fn enter_namespaces(maps: &UserMaps) -> io::Result<()> {
    // SAFETY: unshare has no memory preconditions.
    if unsafe { libc::unshare(namespace_flags()) } != 0 {
        return Err(io::Error::last_os_error());
    }
    if !is_root() {
        write_file(c"/proc/self/setgroups", b"deny")?;
        write_file(c"/proc/self/uid_map", maps.uid_map.as_bytes())?;
        write_file(c"/proc/self/gid_map", maps.gid_map.as_bytes())?;
    }
    Ok(())
}

/// Runs in the child: `bytes` written to the file at `path` with plain syscalls (open,
/// write, close), which are async-signal-safe and allocate nothing. Safe to call anywhere:
/// its types carry all it needs.
fn write_file(path: &std::ffi::CStr, bytes: &[u8]) -> io::Result<()> {
    // SAFETY: `path` is NUL-terminated; `bytes` is valid for its length; the descriptor is
    // opened and closed here.
    unsafe {
        let fd = libc::open(path.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        let written = libc::write(fd, bytes.as_ptr().cast(), bytes.len());
        libc::close(fd);
        if written != bytes.len() as isize {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Runs in the child, inside fresh namespaces: this process stays outside as the waiter
/// the parent tracks, its child becomes the PID namespace's init (a reaper), and the
/// init's child returns to exec the program. The waiter and the reaper never return: they
/// pass the program's exit status back up and exit the same way, so the parent sees the
/// program's own status.
///
/// # Safety
///
/// Must be called in the child between fork and exec, after `enter_namespaces`, and never
/// in snipcheck itself: it forks twice more, and two of the three processes close every
/// descriptor they did not open and never return. Only async-signal-safe calls may follow
/// in the process that returns (the caller's remaining pre-exec steps and exec), since it
/// is the fork of a multithreaded process.
unsafe fn split() -> io::Result<()> {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2 writes.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let [status_in, status_out] = fds;
    // SAFETY: fork in a single-threaded child; both sides only make async-signal-safe calls.
    let init = unsafe { libc::fork() };
    if init < 0 {
        return Err(io::Error::last_os_error());
    }
    if init > 0 {
        // SAFETY: this process is the waiter, `init` its child and `status_in` the pipe's
        // read end, as `wait_outside` requires; it never returns.
        unsafe { wait_outside(init, status_in) }
    }
    // SAFETY: prctl, fork and close take plain integers; `reap` runs in the namespace's init
    // with its own child and the pipe's write end, as it requires, and never returns.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
        let program = libc::fork();
        if program < 0 {
            libc::_exit(127);
        }
        if program > 0 {
            reap(program, status_out)
        }
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
        libc::close(status_in);
        libc::close(status_out);
    }
    Ok(())
}

/// The waiter: holds no descriptor but the status pipe (so the parent sees the program's
/// output end with the program), reads the program's wait status from the reaper, and
/// ends as the program ended. Killed from outside, it takes the reaper with it.
///
/// # Safety
///
/// Must be called only by `split`, in the forked child, with `init` its own child and
/// `status_in` the read end of the status pipe: it closes every other descriptor (see
/// `close_all_but`) and never returns, and makes only async-signal-safe calls.
unsafe fn wait_outside(init: libc::pid_t, status_in: libc::c_int) -> ! {
    // SAFETY: plain syscalls on our own descriptors and children.
    unsafe {
        close_all_but(status_in);
        let mut status: libc::c_int = 0;
        let size = std::mem::size_of::<libc::c_int>();
        let got = libc::read(status_in, (&raw mut status).cast(), size) == size as isize;
        let mut ignored = 0;
        while libc::waitpid(init, &mut ignored, 0) < 0 && errno() == libc::EINTR {}
        if !got {
            status = libc::SIGKILL;
        }
        exit_like(status)
    }
}

/// The PID namespace's init: reaps every orphan until the program itself ends, hands its
/// wait status to the waiter, and exits, which ends everything left in the namespace.
///
/// # Safety
///
/// Must be called only by `split`, in the process that is the new PID namespace's init,
/// with `program` its child and `status_out` the write end of the status pipe: it closes
/// every other descriptor and never returns, and makes only async-signal-safe calls.
unsafe fn reap(program: libc::pid_t, status_out: libc::c_int) -> ! {
    // SAFETY: plain syscalls on our own descriptors and children.
    unsafe {
        close_all_but(status_out);
        loop {
            let mut status = 0;
            let pid = libc::waitpid(-1, &mut status, 0);
            if pid == program {
                let size = std::mem::size_of::<libc::c_int>();
                libc::write(status_out, (&raw const status).cast(), size);
                libc::_exit(0);
            }
            if pid < 0 && errno() != libc::EINTR {
                libc::_exit(127);
            }
        }
    }
}

/// Exits with the same status as a child whose wait status is `status`: the same signal,
/// or the same exit code.
///
/// # Safety
///
/// Must be called only in a forked child that is done (the waiter of `split`): it resets
/// a signal's disposition and mask, may kill its own process, and ends it with `_exit`,
/// running no destructors. It makes only async-signal-safe calls.
unsafe fn exit_like(status: libc::c_int) -> ! {
    // SAFETY: signal-disposition and mask calls on this process alone.
    unsafe {
        if libc::WIFSIGNALED(status) {
            let signal = libc::WTERMSIG(status);
            libc::signal(signal, libc::SIG_DFL);
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, signal);
            libc::sigprocmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
            libc::kill(libc::getpid(), signal);
        }
        let code = if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            1
        };
        libc::_exit(code)
    }
}

/// Closes every descriptor but `keep`, so no pipe of another child stays open here.
///
/// # Safety
///
/// Must be called only in a forked child that will never return into Rust code holding
/// descriptors (the waiter and the reaper of `split`, which end with `_exit`): it closes
/// descriptors that `OwnedFd`s, files and pipes in this process's memory still claim. It
/// makes only async-signal-safe calls.
unsafe fn close_all_but(keep: libc::c_int) {
    // SAFETY: close_range and close only act on this process's descriptor table.
    unsafe {
        let keep = keep as libc::c_uint;
        let below = keep == 0 || libc::syscall(libc::SYS_close_range, 0u32, keep - 1, 0u32) == 0;
        let above = libc::syscall(libc::SYS_close_range, keep + 1, libc::c_uint::MAX, 0u32) == 0;
        if !(below && above) {
            for fd in 0..4096 {
                if fd != keep as libc::c_int {
                    libc::close(fd);
                }
            }
        }
    }
}

fn errno() -> libc::c_int {
    io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// CPU seconds matching the wall-clock timeout, rounded up, plus one.
fn cpu_seconds(timeout: Duration) -> u64 {
    timeout.as_secs_f64().ceil() as u64 + 1
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// RLIMIT_NPROC counts every process of the user. As root, each program runs as a user of
/// its own, so the limit is that program's alone; otherwise it sits above what the user
/// already runs (and programs of one run share it).
fn process_limit() -> u64 {
    static LIMIT: OnceLock<u64> = OnceLock::new();
    *LIMIT.get_or_init(|| {
        if is_root() {
            return PROGRAM_PROCESSES;
        }
        // SAFETY: getuid has no preconditions.
        let uid = unsafe { libc::getuid() };
        let running = std::fs::read_dir("/proc")
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| {
                        e.file_name()
                            .to_string_lossy()
                            .bytes()
                            .all(|b| b.is_ascii_digit())
                    })
                    .filter(|e| e.metadata().is_ok_and(|m| m.uid() == uid))
                    .count() as u64
            })
            .unwrap_or(0);
        running + PROGRAM_PROCESSES
    })
}

/// Runs in the child: one setrlimit call.
fn set_limit(resource: Resource, value: u64) -> io::Result<()> {
    let (kind, soft, hard) = match resource {
        Resource::AddressSpace => (libc::RLIMIT_AS, value, value),
        // SIGXCPU at the soft limit, SIGKILL a second later.
        Resource::CpuSeconds => (libc::RLIMIT_CPU, value, value + 1),
        Resource::FileSize => (libc::RLIMIT_FSIZE, value, value),
        Resource::OpenFiles => (libc::RLIMIT_NOFILE, value, value),
        Resource::Processes => (libc::RLIMIT_NPROC, value, value),
        Resource::CoreSize => (libc::RLIMIT_CORE, value, value),
    };
    let limit = libc::rlimit {
        rlim_cur: soft as libc::rlim_t,
        rlim_max: hard as libc::rlim_t,
    };
    // SAFETY: `limit` is a valid rlimit for the duration of the call.
    if unsafe { libc::setrlimit(kind, &limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Runs in the child: hand the working directory to the program's own user `uid`, then
/// drop supplementary groups, group and user.
fn become_own_user(workdir: &std::ffi::CStr, uid: u32) -> io::Result<()> {
    // SAFETY: chown gets a NUL-terminated path that outlives the call; setgroups gets a
    // null list of length 0.
    let failed = unsafe {
        libc::chown(workdir.as_ptr(), uid, NOBODY) != 0
            || libc::setgroups(0, std::ptr::null()) != 0
            || libc::setgid(NOBODY) != 0
            || libc::setuid(uid) != 0
    };
    if failed {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// After a program exits: when it ran as a user of its own, kill every process of that user,
/// so nothing it started survives by leaving the process group (`setsid`). `pid` is the
/// exited, not yet reaped program, whose status still names its user.
pub(crate) fn kill_own_user(pid: i32) {
    let Some(uid) = own_user_of(pid) else {
        return;
    };
    // SAFETY: between fork and _exit the child only calls setuid, kill and _exit, which are
    // async-signal-safe; kill(-1) as that user reaches that user's processes alone (not the
    // caller). The parent waits for the child, so nothing is left behind.
    unsafe {
        let helper = libc::fork();
        if helper == 0 {
            if libc::setuid(uid) == 0 {
                libc::kill(-1, libc::SIGKILL);
            }
            libc::_exit(0);
        }
        if helper > 0 {
            let mut status = 0;
            libc::waitpid(helper, &mut status, 0);
        }
    }
}

/// The user `pid` runs as, when it is one of the programs' own users.
fn own_user_of(pid: i32) -> Option<u32> {
    if !is_root() {
        return None;
    }
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let uid: u32 = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    (uid >= UID_BASE).then_some(uid)
}

/// Whether a program can get its own PID and network namespaces here (root, or
/// unprivileged user namespaces). Probed once; the reason it cannot is kept for a warning.
pub(crate) fn namespaces() -> &'static Result<(), SandboxError> {
    static PROBE: OnceLock<Result<(), SandboxError>> = OnceLock::new();
    PROBE.get_or_init(|| {
        if switched_off("namespaces") {
            return Err(SandboxError::SwitchedOff);
        }
        let maps = UserMaps::of_current_user();
        // SAFETY: the child only makes async-signal-safe calls (unshare, open, write,
        // _exit) before it exits, as `enter_namespaces` requires; the parent reaps it.
        unsafe {
            let child = libc::fork();
            if child == 0 {
                let code = match enter_namespaces(&maps) {
                    Ok(()) => 0,
                    Err(e) => e.raw_os_error().unwrap_or(libc::EPERM) & 0xff,
                };
                libc::_exit(code);
            }
            if child < 0 {
                return Err(io::Error::last_os_error().into());
            }
            let mut status = 0;
            while libc::waitpid(child, &mut status, 0) < 0 && errno() == libc::EINTR {}
            match (libc::WIFEXITED(status), libc::WEXITSTATUS(status)) {
                (true, 0) => Ok(()),
                (true, code) => Err(io::Error::from_raw_os_error(code).into()),
                _ => Err(SandboxError::ProbeStatus(status)),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_limit_rounds_the_timeout_up() {
        assert_eq!(cpu_seconds(Duration::from_millis(1500)), 3);
        assert_eq!(cpu_seconds(Duration::from_secs(10)), 11);
    }

    /// The ruleset made before the fork binds the child: its own dir is readable, a file
    /// outside is refused by the kernel, and a second spawn of the command is bound too.
    #[test]
    fn the_child_enforces_the_ruleset_made_before_the_fork() {
        if landlock::abi().is_err() {
            return;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("own"), "mine").expect("write");
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "cat own; cat /etc/passwd"])
            .current_dir(dir.path());
        Confinement::compiler(Duration::from_secs(5), dir.path(), &[])
            .apply(&mut cmd, dir.path())
            .expect("confine");
        for _ in 0..2 {
            let out = cmd.output().expect("sh runs");
            assert_eq!(out.stdout, b"mine");
            assert!(String::from_utf8_lossy(&out.stderr).contains("Permission denied"));
        }
    }

    #[test]
    fn programs_are_isolated_and_compilers_are_not() {
        let dir = Path::new("/tmp/snipcheck-x");
        assert!(Confinement::program(Duration::from_secs(1), dir).isolate);
        assert!(!Confinement::compiler(Duration::from_secs(1), dir, &[]).isolate);
    }
}
