//! Invoking rustc: finding the toolchain once, building command lines, and turning a
//! finished compile into diagnostics or a clear error (timeout, crash, flood).

use std::env::consts::EXE_SUFFIX;
use std::path::{Path, PathBuf};
use std::process::Command;

use std::time::Duration;

use crate::compile::diagnostic::{self, Diagnostic, Level};
use crate::compile::error::{CheckError, Process, RustcError};
use crate::compile::normalize;
use crate::model::manifest::{CrateType, Edition};
use crate::sandbox::{self, Confinement, Limits};

/// The rustc that every compile of a run uses.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Toolchain {
    /// The compiler binary itself (inside its sysroot), so no rustup proxy runs per compile.
    pub(crate) rustc: PathBuf,
    /// `rustc -vV`: part of every cache key.
    pub(crate) verbose_version: String,
    /// The toolchain's root, whose library sources diagnostics may quote.
    pub(crate) sysroot: PathBuf,
    /// The `release:` line as (major, minor, patch).
    pub(crate) release: (u32, u32, u32),
}

/// Bytes of rustc output kept before a compile is reported as flooding.
pub(crate) const OUTPUT_CAP: usize = 16 * 1024 * 1024;

/// The limits of one rustc: the run's timeout, and the output cap.
pub(crate) fn limits(timeout: Duration) -> Limits {
    Limits {
        timeout,
        output_cap: OUTPUT_CAP,
    }
}

impl Toolchain {
    /// Finds rustc (through rustup's `+NAME` when a toolchain is named) and its version.
    pub(crate) fn detect(name: Option<&str>) -> Result<Toolchain, RustcError> {
        let sysroot = query(name, &["--print", "sysroot"])?;
        let direct = Path::new(sysroot.trim())
            .join("bin")
            .join(format!("rustc{EXE_SUFFIX}"));
        let rustc = if direct.is_file() {
            direct
        } else {
            PathBuf::from("rustc")
        };
        let verbose_version = query_binary(&rustc, &["-vV"])?;
        let release = verbose_version
            .lines()
            .find_map(|l| l.strip_prefix("release: "))
            .and_then(|r| crate::model::manifest::parse_version(r.split('-').next().unwrap_or(r)))
            .ok_or_else(|| RustcError::NoRelease(verbose_version.clone()))?;
        Ok(Toolchain {
            rustc,
            verbose_version,
            release,
            sysroot: PathBuf::from(sysroot.trim()),
        })
    }

    /// A command for this compiler with the cleared environment.
    pub(crate) fn command(&self) -> Command {
        let mut cmd = Command::new(&self.rustc);
        // A crash report names the panic, not a page of backtrace.
        sandbox::clean_env(&mut cmd).env("RUST_BACKTRACE", "0");
        cmd
    }
}

/// Runs `rustc [+name] ARGS` through PATH (so rustup resolves the toolchain name).
fn query(name: Option<&str>, args: &[&str]) -> Result<String, RustcError> {
    let mut cmd = Command::new("rustc");
    if let Some(name) = name {
        cmd.arg(format!("+{name}"));
    }
    run_query(cmd.args(args), name)
}

fn query_binary(rustc: &Path, args: &[&str]) -> Result<String, RustcError> {
    run_query(Command::new(rustc).args(args), None)
}

fn run_query(cmd: &mut Command, name: Option<&str>) -> Result<String, RustcError> {
    let out = cmd.output().map_err(|_| RustcError::NoRustc)?;
    if out.status.success() {
        return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    Err(match name {
        Some(name) => RustcError::Unusable {
            name: name.to_owned(),
            stderr,
        },
        None => RustcError::Failed(stderr),
    })
}

/// What to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Emit {
    /// `--emit=metadata`: type and borrow checking, no code generation.
    Metadata,
    /// A full build of the program (run outcomes, and the compile-fail retry).
    Link,
    /// A full build of the `--test` harness.
    Test,
}

/// Everything that decides one rustc command line.
#[derive(Debug, Clone)]
pub(crate) struct CompileSpec<'a> {
    /// The snippet file, relative to the temp dir.
    pub(crate) file: &'a str,
    /// Crate name (sanitised).
    pub(crate) crate_name: &'a str,
    /// Edition.
    pub(crate) edition: Edition,
    /// Crate type.
    pub(crate) crate_type: CrateType,
    /// What to emit.
    pub(crate) emit: Emit,
    /// Extra arguments from `rustc-args`.
    pub(crate) extra: &'a [String],
    /// What rustc may read besides the toolchain, the system and its temp dir: the
    /// prebuilt dependencies and their sources (which diagnostics may quote). Not part of
    /// the command line.
    pub(crate) reads: &'a [PathBuf],
    /// Environment variables rustc gets (an annotated file's `rustc-env`), after the
    /// cleared environment. Not part of the command line, but of the cache key.
    pub(crate) env: &'a [(String, String)],
}

/// Name of the binary a full build writes into the temp dir (rustc writes the name it is
/// given, so Windows's `.exe` is part of it).
#[cfg(not(windows))]
pub(crate) const PROGRAM: &str = "snippet-program";
/// Name of the binary a full build writes into the temp dir (rustc writes the name it is
/// given, so Windows's `.exe` is part of it).
#[cfg(windows)]
pub(crate) const PROGRAM: &str = "snippet-program.exe";
/// The dependency list rustc writes, to find files read from outside the temp dir (every
/// compile confined by `run_confined` must write it there).
pub(crate) const DEP_INFO: &str = "snipcheck-deps.d";

impl CompileSpec<'_> {
    /// The arguments after `rustc`.
    pub(crate) fn args(&self) -> Vec<String> {
        let mut args: Vec<String> = [
            "--edition",
            self.edition.as_str(),
            "--crate-type",
            self.crate_type.as_str(),
            "--crate-name",
            self.crate_name,
            "--error-format=json",
            "--json=diagnostic-rendered-ansi",
        ]
        .map(str::to_owned)
        .into();
        if self.emit == Emit::Test {
            args.push("--test".into());
        }
        let output = match self.emit {
            Emit::Metadata => format!("metadata={}.rmeta", self.crate_name),
            Emit::Link | Emit::Test => format!("link={PROGRAM}"),
        };
        args.push(format!("--emit=dep-info={DEP_INFO},{output}"));
        args.extend(self.extra.iter().cloned());
        args.push(self.file.to_owned());
        args
    }
}

/// A compile that ran to the end.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Compiled {
    /// Whether rustc exited with status 0.
    pub(crate) success: bool,
    /// Every diagnostic, summaries included.
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Compiled {
    /// Diagnostics of the snippet, without rustc's closing summaries.
    pub(crate) fn relevant(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_summary())
    }

    /// Whether any error-level diagnostic was reported.
    pub(crate) fn has_errors(&self) -> bool {
        self.relevant().any(|d| d.level == Level::Error)
    }

    /// rustc's rendered output, as it would have printed it (with ANSI colour).
    pub(crate) fn rendered(&self) -> String {
        self.diagnostics
            .iter()
            .map(|d| d.rendered.as_str())
            .collect()
    }

    /// The same, with the temp dir written as `$DIR`, so no result refers to a directory
    /// that is gone (and cached results do not depend on where they were made).
    pub(crate) fn without_dir(mut self, dir: &Path) -> Compiled {
        for d in &mut self.diagnostics {
            d.rendered = normalize::temp_dir(&d.rendered, dir);
        }
        self
    }
}

/// Why a compile has no verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CompileError {
    /// The snippet read files outside its temp dir (`include_str!`, `#[path]`...). Its
    /// diagnostics are dropped: they could show those files' contents.
    OutsideRead(Vec<String>),
    /// Timeout, resource limit, crash, flood, interruption, or rustc could not start.
    Failed(CheckError),
}

impl From<CheckError> for CompileError {
    fn from(error: CheckError) -> Self {
        CompileError::Failed(error)
    }
}

/// The line every report shows for a snippet that reads outside its directory.
pub(crate) const OUTSIDE_READ: &str = "snipcheck: snippet reads files outside its directory";

/// Markers rustc prints when it panics.
pub(crate) const ICE_MARKERS: &[&str] = &[ICE_MESSAGE, "the compiler unexpectedly panicked"];
/// How rustc's message of an internal compiler error begins.
pub(crate) const ICE_MESSAGE: &str = "internal compiler error";

/// Compiles in `dir` and returns the diagnostics, or why the compile has no verdict.
pub(crate) fn compile(
    toolchain: &Toolchain,
    dir: &Path,
    spec: &CompileSpec<'_>,
    limits: Limits,
) -> Result<Compiled, CompileError> {
    let mut reads = vec![toolchain.sysroot.clone()];
    reads.extend(spec.reads.iter().cloned());
    let out = run_confined(toolchain, dir, &spec.args(), spec.env, &reads, limits)?;
    let parsed = diagnostic::parse(&String::from_utf8_lossy(&out.stderr));
    let refused = refused_reads(&parsed, dir);
    if !refused.is_empty() {
        return Err(CompileError::OutsideRead(refused));
    }
    if let Some(outside) = spans_outside(&parsed, &reads) {
        return Err(CompileError::OutsideRead(vec![outside]));
    }
    let ice = out.status.code() == Some(101)
        || parsed.diagnostics.iter().any(|d| d.level == Level::Ice)
        || parsed
            .other
            .iter()
            .any(|l| ICE_MARKERS.iter().any(|m| l.contains(m)));
    if ice || out.status.code().is_none() {
        return Err(crash(&out.status, &parsed).into());
    }
    Ok(Compiled {
        success: out.status.success(),
        diagnostics: parsed.diagnostics,
    })
}

/// Runs rustc with `args` and `env` in `dir`, confined: it may write only there, and read
/// the system, the linker and `reads` (the toolchain among them). Its output, or why there
/// is nothing to judge: a file it read from outside `dir` (its dep-info), interruption, a
/// timeout, a resource limit, an output flood, or a rustc that could not start.
pub(crate) fn run_confined(
    toolchain: &Toolchain,
    dir: &Path,
    args: &[String],
    env: &[(String, String)],
    reads: &[PathBuf],
    limits: Limits,
) -> Result<sandbox::Output, CompileError> {
    let mut cmd = toolchain.command();
    // The linker's temporary files go into the temp dir too: /tmp holds other checks'.
    // (`TMPDIR` on Unix; `TMP` and `TEMP` on Windows.)
    cmd.current_dir(dir).args(args).env("TMPDIR", dir);
    cmd.envs(env.iter().map(|(k, v)| (k, v)));
    if cfg!(windows) {
        cmd.env("TMP", dir).env("TEMP", dir);
    }
    Confinement::compiler(limits.timeout, dir, reads)
        .apply(&mut cmd, dir)
        .map_err(|e| CheckError::io("cannot confine rustc", e))?;
    let out = sandbox::run(&mut cmd, limits).map_err(|e| spawn_error(&e, toolchain))?;
    let outside = outside_reads(dir);
    if !outside.is_empty() {
        return Err(CompileError::OutsideRead(outside));
    }
    match limit_problem(&out, limits) {
        Some(problem) => Err(problem.into()),
        None => Ok(out),
    }
}

/// Interruption, timeout, a resource limit or an output flood; `None` when rustc ended
/// on its own terms.
fn limit_problem(out: &sandbox::Output, limits: Limits) -> Option<CheckError> {
    if out.cancelled {
        return Some(CheckError::Interrupted);
    }
    if out.timed_out {
        return Some(CheckError::Timeout {
            process: Process::Rustc,
            limit: limits.timeout,
        });
    }
    if let Some(limit) = out.limit_hit() {
        return Some(CheckError::ResourceLimit(limit));
    }
    out.truncated
        .then_some(CheckError::OutputFlood(limits.output_cap))
}

/// Files rustc read (its dep-info) that lie outside `dir`.
fn outside_reads(dir: &Path) -> Vec<String> {
    let Ok(deps) = std::fs::read_to_string(dir.join(DEP_INFO)) else {
        return Vec::new();
    };
    let root = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mut outside: Vec<String> = dep_paths(&deps)
        .into_iter()
        .filter(|path| {
            let full = dir.join(path);
            let real = full
                .canonicalize()
                .unwrap_or_else(|_| lexical(&root.join(path)));
            !real.starts_with(&root)
        })
        .collect();
    outside.sort();
    outside.dedup();
    outside
}

/// Files outside `dir` that rustc tried to read and the file rule refused (`couldn't read
/// `/etc/passwd`: Permission denied`): the kernel stopped the read; this names it, as
/// dep-info does for the reads it saw.
fn refused_reads(parsed: &diagnostic::Parsed, dir: &Path) -> Vec<String> {
    let root = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mut refused: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("Permission denied"))
        .filter_map(|d| {
            let rest = d.message.strip_prefix("couldn't read `")?;
            Some(rest[..rest.find('`')?].to_owned())
        })
        .filter(|path| !lexical(&root.join(path)).starts_with(&root))
        .collect();
    refused.sort();
    refused.dedup();
    refused
}

/// `path` with `.` and `..` resolved by their names alone (for paths that do not exist).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Every path named in a Makefile-style dep-info file: targets and prerequisites alike
/// (rustc lists each source again as a target of its own), with `\\ ` unescaped.
fn dep_paths(deps: &str) -> Vec<String> {
    deps.replace("\\ ", "\u{0}")
        .split_whitespace()
        .map(|token| {
            token
                .strip_suffix(':')
                .unwrap_or(token)
                .replace('\u{0}', " ")
        })
        .filter(|path| !path.is_empty())
        .collect()
}

/// A diagnostic pointing into an absolute path outside what rustc may read (`quotable`:
/// the toolchain, the dependencies' sources where the set was built): a read that
/// dep-info did not show (it is written after macro expansion, so an early abort can skip
/// it).
fn spans_outside(parsed: &diagnostic::Parsed, quotable: &[PathBuf]) -> Option<String> {
    parsed
        .diagnostics
        .iter()
        .flat_map(|d| std::iter::once(d).chain(&d.children))
        .filter_map(|d| d.file.as_deref())
        .find(|f| {
            // std's sources are remapped to /rustc/..., or in the sysroot with rust-src.
            let known =
                f.starts_with("/rustc/") || quotable.iter().any(|q| Path::new(f).starts_with(q));
            let absolute = f.starts_with('/') || Path::new(f).is_absolute();
            absolute && !known
        })
        .map(str::to_owned)
}

fn spawn_error(e: &std::io::Error, toolchain: &Toolchain) -> CheckError {
    if e.kind() == std::io::ErrorKind::Interrupted {
        return CheckError::Interrupted;
    }
    CheckError::io(format!("cannot run {}", toolchain.rustc.display()), e)
}

fn crash(status: &std::process::ExitStatus, parsed: &diagnostic::Parsed) -> CheckError {
    let details = parsed
        .diagnostics
        .iter()
        .map(|d| normalize::strip_ansi(&d.rendered))
        .chain(parsed.other.iter().cloned())
        .collect::<Vec<_>>()
        .join("\n");
    CheckError::CompilerCrash {
        status: status.to_string(),
        details,
    }
}

/// A crate name rustc accepts, derived from the exercise name.
pub(crate) fn crate_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "snippet_");
    }
    out
}

/// `rustc --explain CODE`, with the code normalised (`382`, `e0382` -> `E0382`).
pub(crate) fn explain(toolchain: &Toolchain, code: &str) -> Result<String, RustcError> {
    let digits = code.trim().trim_start_matches(['E', 'e']);
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RustcError::NotAnErrorCode(code.to_owned()));
    }
    let code = format!("E{digits:0>4}");
    let out = toolchain
        .command()
        .args(["--explain", &code])
        .output()
        .map_err(|e| RustcError::Run(e.to_string()))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        return Err(RustcError::Explain { code, stderr });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_are_sanitised() {
        assert_eq!(crate_name("use-after-move"), "use_after_move");
        assert_eq!(crate_name("01_intro"), "snippet_01_intro");
    }

    #[test]
    fn metadata_args_name_the_file_last() {
        let spec = CompileSpec {
            file: "main.rs",
            crate_name: "x",
            edition: Edition::E2018,
            crate_type: CrateType::Lib,
            emit: Emit::Metadata,
            extra: &["-W".into(), "unused".into()],
            reads: &[],
            env: &[],
        };
        let args = spec.args();
        assert_eq!(
            &args[..6],
            [
                "--edition",
                "2018",
                "--crate-type",
                "lib",
                "--crate-name",
                "x"
            ]
        );
        assert!(args.contains(&"--emit=dep-info=snipcheck-deps.d,metadata=x.rmeta".to_owned()));
        assert_eq!(args.last().map(String::as_str), Some("main.rs"));
        assert_eq!(args[args.len() - 3..args.len() - 1], ["-W", "unused"]);
    }

    #[test]
    fn test_builds_use_the_harness() {
        let spec = CompileSpec {
            file: "main.rs",
            crate_name: "x",
            edition: Edition::E2021,
            crate_type: CrateType::Bin,
            emit: Emit::Test,
            extra: &[],
            reads: &[],
            env: &[],
        };
        let args = spec.args();
        assert!(args.contains(&"--test".to_owned()));
        assert!(args.contains(&format!("--emit=dep-info=snipcheck-deps.d,link={PROGRAM}")));
    }

    #[test]
    fn dep_info_paths_are_all_found() {
        let deps = "./snipcheck-deps.d: main.rs /etc/host\\ name\n\nmain.rs:\n/etc/host\\ name:\n";
        let paths = dep_paths(deps);
        assert!(paths.contains(&"main.rs".to_owned()));
        assert!(paths.contains(&"/etc/host name".to_owned()));
        assert!(!paths.iter().any(|p| p.ends_with(':')));
    }

    #[test]
    fn reads_the_kernel_refused_are_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let refused = |message: &str| diagnostic::Parsed {
            diagnostics: vec![Diagnostic {
                level: Level::Error,
                code: None,
                message: message.into(),
                file: Some("main.rs".into()),
                line: Some(1),
                column: Some(1),
                label: None,
                children: vec![],
                rendered: String::new(),
                labels: Vec::new(),
            }],
            other: vec![],
        };
        let passwd = refused("couldn't read `/etc/passwd`: Permission denied (os error 13)");
        assert_eq!(refused_reads(&passwd, dir.path()), ["/etc/passwd"]);
        let up = refused("couldn't read `../secret.txt`: Permission denied (os error 13)");
        assert_eq!(refused_reads(&up, dir.path()), ["../secret.txt"]);
        let missing = refused("couldn't read `data.txt`: No such file or directory (os error 2)");
        assert!(refused_reads(&missing, dir.path()).is_empty());
    }

    #[test]
    fn reads_outside_the_dir_are_found() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("main.rs"), "").expect("write");
        let deps = format!("{DEP_INFO}: main.rs ../escape.rs /etc/hostname\n");
        std::fs::write(dir.path().join(DEP_INFO), deps).expect("write");
        assert_eq!(outside_reads(dir.path()), ["../escape.rs", "/etc/hostname"]);
    }
}
