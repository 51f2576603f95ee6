//! The compile layer's errors. `CheckError` says why a check could not be carried out: one
//! typed error for every way a compile or a program run ends without a verdict. Two more
//! say why a step before the checks failed, apart because they end in different places:
//! a `DepsError` (a dependency set that did not build) is shared by every check that uses
//! the set and so is cloned into each of their results, while a `RustcError` (no usable
//! compiler, a bad `explain` code) ends the command. Reports show their sentences; nothing
//! parses them back. The OS's and cargo's reasons are kept as text, which keeps the errors
//! cheap to clone and comparable.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::model::error::InputError;

/// The process a limit stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Process {
    /// rustc.
    Rustc,
    /// The built program or test harness.
    Program,
}

impl Process {
    fn as_str(self) -> &'static str {
        match self {
            Self::Rustc => "rustc",
            Self::Program => "the program",
        }
    }
}

/// A check that has no verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CheckError {
    /// The process ran longer than the timeout.
    Timeout {
        /// Which process.
        process: Process,
        /// The timeout.
        limit: Duration,
    },
    /// rustc went over a resource limit (its name: `CPU time`, `memory`...).
    ResourceLimit(&'static str),
    /// rustc's diagnostics went over this many bytes.
    OutputFlood(usize),
    /// rustc crashed: its exit status and what it said.
    CompilerCrash {
        /// `exit status: 101`, `signal: 6`...
        status: String,
        /// The panic and the rendered diagnostics, without colour.
        details: String,
    },
    /// Ctrl-C or SIGTERM ended it.
    Interrupted,
    /// The snippet's files could not be read (missing, not UTF-8, a symlink leading out):
    /// the file, and the line and column where known.
    Input(InputError),
    /// Setting up or running a process failed: what was being done, and the OS's reason.
    Io {
        /// What snipcheck was doing, e.g. `cannot create a temp dir`.
        doing: String,
        /// The OS error.
        error: String,
    },
    /// The exercise's `[dependencies]` could not be built.
    Dependencies(DepsError),
    /// A grade has no result for this check (it should never be seen).
    NoVerdict,
    /// An error read back from a JSON report (`snipcheck merge`): its sentence.
    Reported(String),
}

impl CheckError {
    /// An I/O failure while `doing` something.
    pub(crate) fn io(doing: impl Into<String>, error: impl fmt::Display) -> CheckError {
        CheckError::Io {
            doing: doing.into(),
            error: error.to_string(),
        }
    }
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Timeout { process, limit } => write!(
                f,
                "timeout: {} ran longer than {} s",
                process.as_str(),
                limit.as_secs_f32()
            ),
            Self::ResourceLimit(limit) => {
                write!(f, "resource limit: rustc went over its {limit} limit")
            }
            Self::OutputFlood(cap) => write!(
                f,
                "diagnostic output over {} MiB: rustc's output was cut",
                cap / (1024 * 1024)
            ),
            Self::CompilerCrash { status, details } => {
                write!(f, "rustc crashed ({status}): internal compiler error")?;
                if !details.trim().is_empty() {
                    write!(f, "\n{}", details.trim_end())?;
                }
                Ok(())
            }
            Self::Interrupted => f.write_str("interrupted"),
            Self::Input(error) => error.fmt(f),
            Self::Dependencies(error) => error.fmt(f),
            Self::Reported(message) => f.write_str(message),
            Self::Io { doing, error } => write!(f, "{doing}: {error}"),
            Self::NoVerdict => f.write_str("no verdict"),
        }
    }
}

impl std::error::Error for CheckError {}

/// Why a dependency set is not ready: the first two words of each message say which step
/// failed, and the rest is the OS's or cargo's reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum DepsError {
    /// There is no cache directory to build sets in.
    #[error("no directory for prebuilt dependencies: set SNIPCHECK_CACHE_DIR (or --cache-dir, where a command has it)")]
    NoDir,
    /// The set was never prepared: the run found no compiler to build it with.
    #[error("the dependencies were not built")]
    NotBuilt,
    /// The set's directory could not be created.
    #[error("cannot create {}: {reason}", dir.display())]
    CreateDir {
        /// The set's directory.
        dir: PathBuf,
        /// The OS's reason.
        reason: String,
    },
    /// The set's lock, which lets one process at a time build it, could not be taken.
    #[error("cannot lock {}: {reason}", dir.display())]
    Lock {
        /// The set's directory.
        dir: PathBuf,
        /// The OS's reason.
        reason: String,
    },
    /// The generated package could not be written.
    #[error("cannot write the package in {}: {reason}", dir.display())]
    WritePackage {
        /// The set's directory.
        dir: PathBuf,
        /// The OS's reason.
        reason: String,
    },
    /// The record of the finished build could not be encoded.
    #[error("{0}")]
    EncodeRecord(String),
    /// The record of the finished build could not be written.
    #[error("cannot write {}: {reason}", dir.display())]
    WriteRecord {
        /// The set's directory.
        dir: PathBuf,
        /// The OS's reason.
        reason: String,
    },
    /// cargo could not be started.
    #[error("cannot run cargo: {0}")]
    RunCargo(String),
    /// cargo's build failed (or timed out, or was interrupted): what it wrote to stderr.
    #[error("building the dependencies failed:\n{0}")]
    BuildFailed(String),
    /// The package under test did not build; cargo's message was said once, before.
    #[error("the package `{0}` does not build: cargo's message is above the results")]
    PackageFailed(String),
    /// An annotated file's auxiliary crate did not build: its file, and rustc's message
    /// (or why rustc could not run).
    #[error("the auxiliary crate {file} does not build:\n{output}")]
    AuxiliaryFailed {
        /// The crate's file, as `auxiliary/NAME.rs`.
        file: String,
        /// rustc's message.
        output: String,
    },
    /// cargo built the set, but none of its messages names a library for this crate.
    #[error("cargo built no library for `{0}`")]
    NoLibrary(String),
    /// The set's directory is not where a build of ours puts it.
    #[error("unexpected dependency layout")]
    Layout,
    /// `cargo metadata` printed something that is not its JSON.
    #[error("cannot read cargo metadata: {0}")]
    Metadata(String),
    /// A cargo command other than the build failed.
    #[error("cargo {command} failed: {stderr}")]
    CargoFailed {
        /// Its subcommand, e.g. `metadata`.
        command: String,
        /// What it wrote to stderr.
        stderr: String,
    },
}

/// Why rustc cannot be used, or asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum RustcError {
    /// No `rustc` could be started.
    #[error("cannot run `rustc`: install Rust from https://rustup.rs, or put rustc on PATH")]
    NoRustc,
    /// rustup could not run the named toolchain: what it said.
    #[error("toolchain `{name}` is not usable: {stderr}\ninstall it with `rustup toolchain install {name}` or pick one from `rustup toolchain list`")]
    Unusable {
        /// The toolchain's name.
        name: String,
        /// rustup's or rustc's stderr.
        stderr: String,
    },
    /// rustc failed to answer a query: what it said.
    #[error("`rustc` failed: {0}")]
    Failed(String),
    /// `rustc -vV` has no release line snipcheck can read: its whole answer.
    #[error("cannot read the release from `rustc -vV`:\n{0}")]
    NoRelease(String),
    /// `explain` was given something that is not an error code.
    #[error("`{0}` is not an error code: write it like E0382")]
    NotAnErrorCode(String),
    /// rustc could not be started for `explain`: the OS's reason.
    #[error("cannot run rustc: {0}")]
    Run(String),
    /// rustc refused to explain the code (an unknown code): the code and what it said,
    /// which already names the code and is printed after the app's own `error: `.
    #[error("{}", stderr.strip_prefix("error: ").unwrap_or(stderr))]
    Explain {
        /// The normalised code, e.g. `E0382`.
        code: String,
        /// rustc's stderr.
        stderr: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_name_the_process_and_the_limit() {
        let timeout = CheckError::Timeout {
            process: Process::Program,
            limit: Duration::from_millis(1500),
        };
        assert_eq!(
            timeout.to_string(),
            "timeout: the program ran longer than 1.5 s"
        );
        assert_eq!(
            CheckError::OutputFlood(16 << 20).to_string(),
            "diagnostic output over 16 MiB: rustc's output was cut"
        );
        let crash = CheckError::CompilerCrash {
            status: "exit status: 101".into(),
            details: "thread 'rustc' panicked\n".into(),
        };
        assert_eq!(
            crash.to_string(),
            "rustc crashed (exit status: 101): internal compiler error\nthread 'rustc' panicked"
        );
    }

    /// Reports and the tests of `check`, `deps` and `explain` quote these sentences; they
    /// must not drift.
    #[test]
    fn step_errors_keep_their_sentences() {
        assert_eq!(
            DepsError::NoDir.to_string(),
            "no directory for prebuilt dependencies: set SNIPCHECK_CACHE_DIR (or --cache-dir, where a command has it)"
        );
        assert_eq!(
            DepsError::BuildFailed("error: no matching package".into()).to_string(),
            "building the dependencies failed:\nerror: no matching package"
        );
        let failed = DepsError::CargoFailed {
            command: "metadata".into(),
            stderr: "offline".into(),
        };
        assert_eq!(failed.to_string(), "cargo metadata failed: offline");
        let checked = CheckError::Dependencies(DepsError::Layout);
        assert_eq!(checked.to_string(), "unexpected dependency layout");
        let unusable = RustcError::Unusable {
            name: "nightly".into(),
            stderr: "not installed".into(),
        };
        assert_eq!(
            unusable.to_string(),
            "toolchain `nightly` is not usable: not installed\ninstall it with `rustup toolchain install nightly` or pick one from `rustup toolchain list`"
        );
        assert_eq!(
            RustcError::NotAnErrorCode("x".into()).to_string(),
            "`x` is not an error code: write it like E0382"
        );
    }
}
