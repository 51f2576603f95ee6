//! Talking to cargo: its command with the run's compiler, its JSON messages, and the
//! library of each wanted crate among the artifacts of a build.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

use super::{Prebuilt, Wanted};
use crate::compile::error::DepsError;
use crate::compile::rustc::Toolchain;
use crate::sandbox;

/// Runs a cargo command to its end: its stdout, or `CargoFailed` with its stderr.
pub(super) fn cargo_run(cmd: &mut Command, subcommand: &str) -> Result<String, DepsError> {
    let out = cmd
        .output()
        .map_err(|e| DepsError::RunCargo(e.to_string()))?;
    if !out.status.success() {
        return Err(DepsError::CargoFailed {
            command: subcommand.to_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// cargo in the set's package `dir`, with the run's compiler and the set's target dir.
pub(super) fn cargo_command(dir: &Path, toolchain: &Toolchain) -> Command {
    let mut cmd = Command::new(cargo_of(toolchain));
    sandbox::clean_env(&mut cmd)
        .current_dir(dir)
        .env("RUSTC", &toolchain.rustc)
        .env("CARGO_TARGET_DIR", dir.join("target"));
    cmd
}

/// The cargo next to the compiler, so both come from one toolchain.
pub(super) fn cargo_of(toolchain: &Toolchain) -> PathBuf {
    let beside = toolchain.rustc.with_file_name("cargo");
    if beside.is_file() {
        beside
    } else {
        PathBuf::from("cargo")
    }
}

/// rustc's rendered errors among cargo's JSON messages: what a failed build printed.
pub(super) fn compiler_errors(stdout: &str) -> String {
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Message>(l).ok())
        .filter_map(|m| m.message)
        .filter(|d| d.level == "error")
        .map(|d| d.rendered)
        .collect()
}

#[derive(Deserialize)]
pub(super) struct Message {
    pub(super) reason: String,
    /// A `compiler-message`'s diagnostic.
    #[serde(default)]
    pub(super) message: Option<CargoDiagnostic>,
    #[serde(default)]
    pub(super) target: Option<Target>,
    #[serde(default)]
    pub(super) filenames: Vec<PathBuf>,
    #[serde(default)]
    pub(super) manifest_path: Option<PathBuf>,
}

#[derive(Deserialize)]
pub(super) struct CargoDiagnostic {
    level: String,
    #[serde(default)]
    rendered: String,
}

#[derive(Deserialize)]
pub(super) struct Target {
    pub(super) name: String,
    pub(super) kind: Vec<String>,
}

/// The library of each wanted crate among cargo's `compiler-artifact` messages.
pub(super) fn read_artifacts(
    stdout: &str,
    wanted: &[Wanted],
    deps_dir: &Path,
) -> Result<Prebuilt, DepsError> {
    let messages: Vec<Message> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Message>(l).ok())
        .filter(|m| m.reason == "compiler-artifact")
        .collect();
    let mut sources: Vec<PathBuf> = messages
        .iter()
        .filter_map(|m| m.manifest_path.as_deref()?.parent().map(Path::to_path_buf))
        .collect();
    sources.sort();
    sources.dedup();
    let mut externs = Vec::new();
    for w in wanted {
        let library = messages
            .iter()
            .filter(|m| {
                let from = |manifest: &Path| {
                    m.manifest_path
                        .as_deref()
                        .is_some_and(|p| same_path(p, manifest))
                };
                m.target
                    .as_ref()
                    .is_some_and(|t| t.name == w.lib && is_library(t))
                    && w.manifest.as_deref().is_none_or(from)
            })
            .find_map(|m| pick_library(&m.filenames));
        match library {
            Some(library) => externs.push((w.extern_name.clone(), library)),
            None if w.required => return Err(DepsError::NoLibrary(w.extern_name.clone())),
            None => {}
        }
    }
    Ok(Prebuilt {
        externs,
        deps_dir: deps_dir.to_path_buf(),
        search: Vec::new(),
        sources,
        fingerprint: String::new(),
        cfgs: Vec::new(),
        stamp: None,
    })
}

pub(super) fn same_path(a: &Path, b: &Path) -> bool {
    a == b || a.canonicalize().ok() == b.canonicalize().ok()
}

pub(super) fn is_library(target: &Target) -> bool {
    library_kind(&target.kind)
}

/// Whether a target of these kinds is a library a snippet can use: a lib, an rlib or a
/// proc-macro.
pub(super) fn library_kind(kinds: &[String]) -> bool {
    kinds
        .iter()
        .any(|k| matches!(k.as_str(), "lib" | "rlib" | "proc-macro"))
}

/// An rlib, else a proc-macro's shared object (`.so`, `.dylib`, `.dll`), else the
/// metadata.
pub(super) fn pick_library(files: &[PathBuf]) -> Option<PathBuf> {
    let with = |ext: &str| {
        files
            .iter()
            .find(|f| f.extension().is_some_and(|x| x == ext))
            .cloned()
    };
    with("rlib")
        .or_else(|| with("so"))
        .or_else(|| with("dylib"))
        .or_else(|| with("dll"))
        .or_else(|| with("rmeta"))
}
