//! The file rule of a confined child, enforced by the kernel with Landlock: it may read
//! (and execute) what it needs to start and a few named trees, read and write its own
//! temp dir, and nothing else — no `$HOME`, no `/proc`, no exercise tree, hidden tests or
//! other submissions. The same ruleset refuses TCP (bind and connect) and scopes signals
//! and abstract Unix sockets to the child's own domain where the kernel's Landlock ABI
//! has them. The ruleset is built in the parent, before the fork (opening the rule's paths
//! and creating the ruleset allocate); the child only enforces it with two system calls,
//! since between fork and exec only async-signal-safe calls are sound.

use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::error::SandboxError;
use super::switch::switched_off;
use landlock::{
    path_beneath_rules, Access, AccessFs, AccessNet, Ruleset, RulesetAttr, RulesetCreated,
    RulesetCreatedAttr, Scope, ABI,
};

/// The Landlock ABI whose rights snipcheck asks for; older kernels enforce what they have.
const WANTED: ABI = ABI::V6;

/// What a dynamically linked program needs to start: the loader, its cache, and the
/// system libraries (libc, libgcc_s).
pub(crate) const SYSTEM_LIBRARIES: &[&str] = &[
    "/lib",
    "/lib64",
    "/usr/lib",
    "/usr/lib64",
    "/etc/ld.so.cache",
];
/// What rustc needs besides the system libraries and the toolchain: the linker driver and
/// its helpers.
pub(crate) const LINKER: &[&str] = &["/usr/bin", "/usr/libexec", "/usr/local/lib"];
/// Devices every child may read.
const DEVICES_READ: &[&str] = &["/dev/urandom", "/dev/random", "/dev/zero"];
/// Devices every child may write.
const DEVICES_WRITE: &[&str] = &["/dev/null"];

/// The files one child may reach.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FileRule {
    /// Trees (or files) it may read and execute.
    pub(crate) read: Vec<PathBuf>,
    /// Trees it may read, write, create in and execute from.
    pub(crate) write: Vec<PathBuf>,
}

impl FileRule {
    /// Nothing but `write` (its temp dir) and what every child needs to start.
    pub(crate) fn program(workdir: &Path) -> FileRule {
        FileRule {
            read: SYSTEM_LIBRARIES.iter().map(PathBuf::from).collect(),
            write: vec![workdir.to_path_buf()],
        }
    }

    /// The program's rule plus the linker and `extra` trees (the toolchain, prebuilt
    /// dependencies and their sources).
    pub(crate) fn compiler(workdir: &Path, extra: &[PathBuf]) -> FileRule {
        let mut rule = FileRule::program(workdir);
        rule.read.extend(LINKER.iter().map(PathBuf::from));
        rule.read.extend(extra.iter().cloned());
        rule
    }
}

/// A Landlock ruleset made before the fork, which the child enforces on itself without
/// allocating: nothing at all where the kernel has no Landlock (or a test switched it off).
#[derive(Debug)]
pub(crate) struct Prepared {
    /// Whether Landlock is there to enforce: no_new_privs is then set too, as the landlock
    /// crate's `restrict_self` does.
    enforced: bool,
    /// The ruleset's descriptor (close-on-exec, as the kernel makes every ruleset), when the
    /// kernel made one.
    ruleset: Option<OwnedFd>,
}

/// The ruleset of `rule`, built now (in the parent) for the child to enforce.
pub(crate) fn prepare(rule: &FileRule) -> Result<Prepared, SandboxError> {
    if abi().is_err() {
        return Ok(Prepared {
            enforced: false,
            ruleset: None,
        });
    }
    Ok(Prepared {
        enforced: true,
        ruleset: ruleset(rule)?.into(),
    })
}

/// The ruleset of `rule`: the file rights, TCP and scoping of `WANTED`, as far as the kernel
/// has them.
fn ruleset(rule: &FileRule) -> Result<RulesetCreated, SandboxError> {
    let read = AccessFs::from_read(WANTED) | AccessFs::Execute;
    let created = Ruleset::default()
        .handle_access(AccessFs::from_all(WANTED))
        .and_then(|r| r.handle_access(AccessNet::from_all(WANTED)))
        .and_then(|r| r.scope(Scope::from_all(WANTED)))
        .and_then(|r| r.create())
        .and_then(|r| r.add_rules(path_beneath_rules(&rule.read, read)))
        .and_then(|r| r.add_rules(path_beneath_rules(DEVICES_READ, AccessFs::ReadFile)))
        .and_then(|r| {
            let rw = AccessFs::ReadFile | AccessFs::WriteFile;
            r.add_rules(path_beneath_rules(DEVICES_WRITE, rw))
        })
        .and_then(|r| r.add_rules(path_beneath_rules(&rule.write, AccessFs::from_all(WANTED))))?;
    Ok(created)
}

impl Prepared {
    /// Runs in the child, after fork: enforces the ruleset (and no_new_privs) on itself and
    /// everything it will execute. Two system calls and nothing else: no allocation, no lock,
    /// so it is async-signal-safe; an error is the raw OS error, which std hands to the parent.
    /// The ruleset's descriptor is only borrowed, so every spawn of the command enforces it.
    pub(crate) fn enforce(&self) -> io::Result<()> {
        if !self.enforced {
            return Ok(());
        }
        // SAFETY: prctl with PR_SET_NO_NEW_PRIVS takes plain integers and touches no memory.
        if unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) } != 0 {
            return Err(io::Error::last_os_error());
        }
        let Some(ruleset) = &self.ruleset else {
            return Ok(());
        };
        // SAFETY: landlock_restrict_self takes a descriptor this process holds open (owned by
        // `self`) and no flags; it touches no memory of ours.
        let restricted = unsafe {
            libc::syscall(
                libc::SYS_landlock_restrict_self,
                ruleset.as_raw_fd(),
                0 as libc::c_uint,
            )
        };
        if restricted != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }
}

/// The kernel's Landlock ABI version, probed once; why there is none otherwise.
pub(crate) fn abi() -> &'static Result<i32, SandboxError> {
    static PROBE: OnceLock<Result<i32, SandboxError>> = OnceLock::new();
    PROBE.get_or_init(|| {
        if switched_off("landlock") {
            return Err(SandboxError::SwitchedOff);
        }
        let version = landlock_version();
        if version >= 1 {
            Ok(version)
        } else {
            Err(SandboxError::NoLandlock(io::Error::last_os_error()))
        }
    })
}

/// The kernel's Landlock ABI version, or a value below 1 when it has none.
pub(crate) fn landlock_version() -> i32 {
    const LANDLOCK_CREATE_RULESET_VERSION: libc::c_uint = 1;
    // SAFETY: with a null attribute and size 0, the call only reports the ABI version.
    let version = unsafe {
        libc::syscall(
            libc::SYS_landlock_create_ruleset,
            std::ptr::null::<u8>(),
            0usize,
            LANDLOCK_CREATE_RULESET_VERSION,
        )
    };
    version as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_reach_their_dir_and_the_libraries_only() {
        let rule = FileRule::program(Path::new("/tmp/snipcheck-x"));
        assert_eq!(rule.write, [PathBuf::from("/tmp/snipcheck-x")]);
        assert!(rule.read.contains(&PathBuf::from("/etc/ld.so.cache")));
        assert!(!rule.read.iter().any(|p| p == Path::new("/etc")));
        let compiler = FileRule::compiler(Path::new("/tmp/d"), &[PathBuf::from("/opt/rust")]);
        assert!(compiler.read.contains(&PathBuf::from("/usr/bin")));
        assert!(compiler.read.contains(&PathBuf::from("/opt/rust")));
    }
}
