//! Invoking rustc: finding the toolchain once, building command lines, and turning a
//! finished compile into diagnostics or a clear error (timeout, crash, flood).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diagnostic::{self, Diagnostic, Level};
use crate::exercise::{CrateType, Edition};
use crate::sandbox::{self, Limits};

/// The rustc that every compile of a run uses.
#[derive(Debug, Clone)]
pub(crate) struct Toolchain {
    /// The compiler binary itself (inside its sysroot), so no rustup proxy runs per compile.
    pub(crate) rustc: PathBuf,
    /// The `release:` line as (major, minor, patch).
    pub(crate) release: (u32, u32, u32),
}

/// Why no compiler could be found.
pub(crate) const NO_RUSTC: &str =
    "cannot run `rustc`: install Rust from https://rustup.rs, or put rustc on PATH";

impl Toolchain {
    /// Finds rustc (through rustup's `+NAME` when a toolchain is named) and its version.
    pub(crate) fn detect(name: Option<&str>) -> Result<Toolchain, String> {
        let sysroot = query(name, &["--print", "sysroot"])?;
        let direct = Path::new(sysroot.trim()).join("bin").join("rustc");
        let rustc = if direct.is_file() {
            direct
        } else {
            PathBuf::from("rustc")
        };
        let verbose_version = query_binary(&rustc, &["-vV"])?;
        let release = verbose_version
            .lines()
            .find_map(|l| l.strip_prefix("release: "))
            .and_then(|r| crate::exercise::parse_version(r.split('-').next().unwrap_or(r)))
            .ok_or_else(|| {
                format!("cannot read the release from `rustc -vV`:\n{verbose_version}")
            })?;
        Ok(Toolchain { rustc, release })
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
fn query(name: Option<&str>, args: &[&str]) -> Result<String, String> {
    let mut cmd = Command::new("rustc");
    if let Some(name) = name {
        cmd.arg(format!("+{name}"));
    }
    run_query(cmd.args(args), name)
}

fn query_binary(rustc: &Path, args: &[&str]) -> Result<String, String> {
    run_query(Command::new(rustc).args(args), None)
}

fn run_query(cmd: &mut Command, name: Option<&str>) -> Result<String, String> {
    let out = cmd.output().map_err(|_| NO_RUSTC.to_owned())?;
    if out.status.success() {
        return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    Err(match name {
        Some(name) => format!(
            "toolchain `{name}` is not usable: {}\ninstall it with `rustup toolchain install {name}` or pick one from `rustup toolchain list`",
            stderr.trim()
        ),
        None => format!("`rustc` failed: {}", stderr.trim()),
    })
}

/// What to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Emit {
    /// `--emit=metadata`: type and borrow checking, no code generation.
    Metadata,
    /// A full build to the given output file name (for run outcomes and the retry).
    Link,
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
}

/// Name of the binary a full build writes into the temp dir.
pub(crate) const PROGRAM: &str = "snippet-program";

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
        match self.emit {
            Emit::Metadata => {
                args.extend(["--emit=metadata".into(), "--out-dir".into(), ".".into()])
            }
            Emit::Link => args.extend(["-o".into(), PROGRAM.into()]),
        }
        args.extend(self.extra.iter().cloned());
        args.push(self.file.to_owned());
        args
    }
}

/// A compile that ran to the end.
#[derive(Debug, Clone)]
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
}

/// Marker rustc prints when it panics.
const ICE_MARKERS: &[&str] = &[
    "internal compiler error",
    "the compiler unexpectedly panicked",
];

/// Compiles in `dir` and returns the diagnostics, or why the compile has no verdict.
pub(crate) fn compile(
    toolchain: &Toolchain,
    dir: &Path,
    spec: &CompileSpec<'_>,
    limits: Limits,
) -> Result<Compiled, String> {
    let mut cmd = toolchain.command();
    cmd.current_dir(dir).args(spec.args());
    let out = sandbox::run(&mut cmd, limits).map_err(|e| spawn_error(&e, toolchain))?;
    if out.cancelled {
        return Err("interrupted".into());
    }
    if out.timed_out {
        return Err(format!(
            "timeout: rustc ran longer than {} s",
            limits.timeout.as_secs_f32()
        ));
    }
    if out.truncated {
        return Err(format!(
            "diagnostic output over {} MiB: rustc's output was cut",
            limits.output_cap / (1024 * 1024)
        ));
    }
    let parsed = diagnostic::parse(&String::from_utf8_lossy(&out.stderr));
    let ice = out.status.code() == Some(101)
        || parsed.diagnostics.iter().any(|d| d.level == Level::Ice)
        || parsed
            .other
            .iter()
            .any(|l| ICE_MARKERS.iter().any(|m| l.contains(m)));
    if ice || out.status.code().is_none() {
        return Err(crash_message(&out.status, &parsed));
    }
    Ok(Compiled {
        success: out.status.success(),
        diagnostics: parsed.diagnostics,
    })
}

fn spawn_error(e: &std::io::Error, toolchain: &Toolchain) -> String {
    if e.kind() == std::io::ErrorKind::Interrupted {
        return "interrupted".into();
    }
    format!("cannot run {}: {e}", toolchain.rustc.display())
}

fn crash_message(status: &std::process::ExitStatus, parsed: &diagnostic::Parsed) -> String {
    let mut message = format!("rustc crashed ({status}): internal compiler error");
    let details = parsed
        .diagnostics
        .iter()
        .map(|d| diagnostic::strip_ansi(&d.rendered))
        .chain(parsed.other.iter().cloned())
        .collect::<Vec<_>>()
        .join("\n");
    if !details.trim().is_empty() {
        message.push('\n');
        message.push_str(details.trim_end());
    }
    message
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
pub(crate) fn explain(toolchain: &Toolchain, code: &str) -> Result<String, String> {
    let digits = code.trim().trim_start_matches(['E', 'e']);
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{code}` is not an error code: write it like E0382"
        ));
    }
    let code = format!("E{digits:0>4}");
    let out = toolchain
        .command()
        .args(["--explain", &code])
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "{code}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
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
        assert!(args.contains(&"--emit=metadata".to_owned()));
        assert_eq!(args.last().map(String::as_str), Some("main.rs"));
        assert_eq!(args[args.len() - 3..args.len() - 1], ["-W", "unused"]);
    }
}
