//! What the tests of untrusted code share: the secrets that must never reach a report,
//! the processes a run may have left behind, and who runs snipcheck (whoever runs the
//! tests and, when that is root, also a fresh unprivileged user). Each test crate uses
//! some of it.
#![allow(dead_code)]

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common::snipcheck_program;

/// Lines of /etc/passwd long enough to be unmistakable in any output.
pub fn passwd_lines() -> Vec<String> {
    std::fs::read_to_string("/etc/passwd")
        .unwrap_or_default()
        .lines()
        .filter(|l| l.len() > 12)
        .map(str::to_owned)
        .collect()
}

/// Processes whose command line contains `marker` or whose working directory is below it.
pub fn processes_with(marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc")
        .expect("/proc")
        .filter_map(Result::ok)
    {
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        let cwd = std::fs::read_link(entry.path().join("cwd")).unwrap_or_default();
        if cmdline.contains(marker) || cwd.starts_with(marker) {
            let pid = entry.file_name().to_string_lossy().into_owned();
            found.push(format!("{pid}: {cmdline} in {}", cwd.display()));
        }
    }
    found
}

/// Who runs snipcheck.
pub enum Runner {
    /// The user running the tests.
    Current,
    /// A temporary unprivileged user (the tests run as root).
    User(TempUser),
}

/// A user made for one test with `useradd`, removed again when dropped. It may traverse
/// the directories above the toolchain (root's home, mode 700) through ACLs, which are
/// removed with it.
pub struct TempUser {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
    /// Directories it was given a traverse right on.
    granted: Vec<PathBuf>,
}

pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

pub fn run_ok(program: &str, args: &[&str]) {
    let status = Command::new(program)
        .args(args)
        .status()
        .unwrap_or_else(|e| panic!("{program} {args:?}: {e}"));
    assert!(status.success(), "{program} {args:?}: {status}");
}

impl TempUser {
    pub fn create() -> TempUser {
        static MADE: AtomicUsize = AtomicUsize::new(0);
        let n = MADE.fetch_add(1, Ordering::Relaxed);
        let name = format!("snipchk{}x{n}", std::process::id());
        run_ok(
            "useradd",
            &["--no-create-home", "--shell", "/usr/sbin/nologin", &name],
        );
        let mut granted = Vec::new();
        for dir in closed_ancestors(&[rustup_home(), toolchain_bin()]) {
            let path = dir.to_str().expect("utf-8 path");
            run_ok("setfacl", &["-m", &format!("u:{name}:x"), path]);
            granted.push(dir);
        }
        let id = |flag: &str| -> u32 {
            let out = Command::new("id").args([flag, &name]).output().expect("id");
            String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse()
                .expect("a numeric id")
        };
        let (uid, gid) = (id("-u"), id("-g"));
        TempUser {
            name,
            uid,
            gid,
            granted,
        }
    }
}

/// rustup's home, where the toolchain lives.
pub fn rustup_home() -> PathBuf {
    std::env::var_os("RUSTUP_HOME").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".rustup"),
        PathBuf::from,
    )
}

/// The directory of the `rustc` found on PATH (rustup's proxy).
pub fn toolchain_bin() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .find(|dir| dir.join("rustc").is_file())
        .expect("rustc on PATH")
}

/// The directories above (and at) `paths` that others may not traverse.
pub fn closed_ancestors(paths: &[PathBuf]) -> Vec<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let mut closed: Vec<PathBuf> = paths
        .iter()
        .flat_map(|p| p.ancestors().map(Path::to_path_buf).collect::<Vec<_>>())
        .filter(|dir| {
            std::fs::metadata(dir).is_ok_and(|m| m.is_dir() && m.permissions().mode() & 0o001 == 0)
        })
        .collect();
    closed.sort();
    closed.dedup();
    closed
}

impl Drop for TempUser {
    fn drop(&mut self) {
        for dir in &self.granted {
            let _ = Command::new("setfacl")
                .args(["-x", &format!("u:{}", self.name)])
                .arg(dir)
                .status();
        }
        let _ = Command::new("pkill")
            .args(["-9", "-u", &self.name])
            .status();
        let _ = Command::new("userdel").arg(&self.name).status();
    }
}

/// Everyone the tests run snipcheck as.
pub fn runners() -> Vec<Runner> {
    if is_root() {
        vec![Runner::Current, Runner::User(TempUser::create())]
    } else {
        vec![Runner::Current]
    }
}

impl Runner {
    pub fn label(&self) -> String {
        match self {
            Runner::Current if is_root() => "root".into(),
            Runner::Current => "the current user".into(),
            Runner::User(user) => format!("user {}", user.name),
        }
    }

    /// `snipcheck` as this runner, with its temp dir and cache inside `home`; a copy of the
    /// binary in `home`, which the runner owns, wherever the build lives.
    pub fn snipcheck(&self, home: &Path) -> Command {
        let mut cmd = snipcheck_program(&home.join("snipcheck"));
        cmd.current_dir(home)
            .env("TMPDIR", home.join("tmp"))
            .env("SNIPCHECK_CACHE_DIR", home.join("cache"))
            .env_remove(confinement_switch());
        if let Runner::User(user) = self {
            let rustup = rustup_home();
            let path = std::env::var("PATH").unwrap_or_default();
            cmd.uid(user.uid)
                .gid(user.gid)
                .env("HOME", home)
                .env("RUSTUP_HOME", rustup)
                .env("PATH", path);
        }
        cmd
    }

    /// Hands `dir` (recursively) to this runner.
    pub fn own(&self, dir: &Path) {
        if let Runner::User(user) = self {
            let owner = format!("{}:{}", user.uid, user.gid);
            run_ok("chown", &["-R", &owner, dir.to_str().expect("utf-8 path")]);
        }
    }
}

pub fn confinement_switch() -> &'static str {
    "SNIPCHECK_TEST_UNCONFINED"
}
