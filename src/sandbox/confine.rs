//! What a child may use, applied between fork and exec: resource limits (setrlimit), a
//! private network namespace, and, when snipcheck runs as root, an unprivileged user, so
//! that a process limit binds and the program cannot touch what root owns.

use std::io;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

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
    /// New network namespace and, as root, a user id of the program's own.
    isolate: bool,
}

impl Confinement {
    /// For rustc: memory, CPU time and file size; it runs as the current user.
    pub(crate) fn compiler(timeout: Duration) -> Confinement {
        Confinement {
            limits: vec![
                (Resource::AddressSpace, COMPILER_MEMORY),
                (Resource::CpuSeconds, cpu_seconds(timeout)),
                (Resource::FileSize, COMPILER_FILE_SIZE),
                (Resource::CoreSize, 0),
            ],
            isolate: false,
        }
    }

    /// For a built program: every limit, no network, no privileges.
    pub(crate) fn program(timeout: Duration) -> Confinement {
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
        }
    }

    /// Installs the confinement on `cmd`. `workdir` is handed to the program's user when privileges
    /// are dropped, so the program can still write its own directory.
    pub(crate) fn apply(&self, cmd: &mut Command, workdir: &Path) -> io::Result<()> {
        let unshare_net = self.isolate && network_isolation().is_ok();
        let drop_root = self.isolate && is_root();
        let workdir = std::ffi::CString::new(workdir.as_os_str().as_encoded_bytes())
            .map_err(io::Error::other)?;
        let limits = self.limits.clone();
        let flags = namespace_flags();
        // SAFETY: the closure runs between fork and exec and only makes async-signal-safe
        // libc calls; `limits` was allocated before the fork and is only read.
        unsafe {
            cmd.pre_exec(move || {
                if unshare_net && libc::unshare(flags) != 0 {
                    return Err(io::Error::last_os_error());
                }
                for &(resource, value) in &limits {
                    set_limit(resource, value)?;
                }
                if drop_root {
                    become_own_user(&workdir)?;
                }
                Ok(())
            })
        };
        Ok(())
    }
}

/// CPU seconds matching the wall-clock timeout, rounded up, plus one.
fn cpu_seconds(timeout: Duration) -> u64 {
    timeout.as_secs_f64().ceil() as u64 + 1
}

/// Root can make a network namespace alone; anyone else needs a user namespace with it.
fn namespace_flags() -> libc::c_int {
    if is_root() {
        libc::CLONE_NEWNET
    } else {
        libc::CLONE_NEWUSER | libc::CLONE_NEWNET
    }
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

/// Runs in the child: hand the working directory to the program's own user, then drop
/// supplementary groups, group and user.
fn become_own_user(workdir: &std::ffi::CStr) -> io::Result<()> {
    // SAFETY: getpid has no preconditions; chown gets a NUL-terminated path that outlives
    // the call; setgroups gets a null list of length 0.
    let failed = unsafe {
        let uid = UID_BASE + libc::getpid() as u32;
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

/// Whether a child can get its own network namespace here (root, or unprivileged user
/// namespaces). Probed once; the reason it cannot is kept for a one-line warning.
pub(crate) fn network_isolation() -> &'static Result<(), String> {
    static PROBE: OnceLock<Result<(), String>> = OnceLock::new();
    PROBE.get_or_init(|| {
        let mut probe = Command::new("/bin/sh");
        probe.args(["-c", "exit 0"]);
        let flags = namespace_flags();
        // SAFETY: only async-signal-safe unshare between fork and exec.
        unsafe {
            probe.pre_exec(move || {
                if libc::unshare(flags) != 0 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            })
        };
        match probe.status() {
            Ok(status) if status.success() => Ok(()),
            Ok(status) => Err(format!("the probe exited with {status}")),
            Err(e) => Err(e.to_string()),
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

    #[test]
    fn programs_are_isolated_and_compilers_are_not() {
        assert!(Confinement::program(Duration::from_secs(1)).isolate);
        assert!(!Confinement::compiler(Duration::from_secs(1)).isolate);
    }
}
