//! An annotated file's auxiliary crates, built by rustc itself as compiletest builds them:
//! each distinct set once (keyed by `rustc -vV`, every file's text and settings), under
//! the sets' directory, by one process at a time, and reused by later runs. Each crate is
//! built from `auxiliary/FILE` inside the set's directory, confined as a snippet's compile
//! is (its only writable directory is the set's), into `out/`, which the test gets with
//! `-L`; `aux-crate` and `proc-macro` crates are also given by `--extern`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::compile::deps::{load, lock, write_record, Prebuilt};
use crate::compile::error::DepsError;
use crate::compile::normalize;
use crate::compile::rustc::{self, Toolchain};
use crate::model::auxiliary::{AuxCrate, AuxKind, Auxiliary};
use crate::sandbox::{self, Confinement};

/// Where sets of auxiliary crates live inside the sets' directory.
pub(crate) const DIR: &str = "auxiliary";
/// Where the libraries go inside a set's directory.
const OUT: &str = "out";

/// Builds (or finds) `aux` below `root`; `Err` names the crate that did not build, with
/// rustc's message.
pub(crate) fn prepare(
    aux: &Auxiliary,
    toolchain: &Toolchain,
    root: &Path,
    timeout: Duration,
) -> Result<Prebuilt, DepsError> {
    let key = blake3::hash(format!("{}\n{}", toolchain.verbose_version, aux.key_text()).as_bytes());
    let key = key.to_hex()[..32].to_owned();
    let dir = root.join(DIR).join(&key);
    let io_error = |reason: std::io::Error| DepsError::CreateDir {
        dir: dir.clone(),
        reason: reason.to_string(),
    };
    fs::create_dir_all(dir.join(OUT)).map_err(io_error)?;
    let _lock = lock(&dir).map_err(|e| DepsError::Lock {
        dir: dir.clone(),
        reason: e.to_string(),
    })?;
    if let Some(prebuilt) = load(&dir) {
        return Ok(prebuilt);
    }
    let mut libraries = Vec::new();
    for krate in &aux.crates {
        let file = dir.join(&krate.rel);
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent).map_err(io_error)?;
        }
        fs::write(&file, &krate.text).map_err(io_error)?;
        libraries.push(build(krate, &libraries, toolchain, &dir, timeout)?);
    }
    let out = dir.join(OUT);
    let prebuilt = Prebuilt {
        externs: aux
            .externs
            .iter()
            .map(|e| (e.flag_name(), libraries[e.index].clone()))
            .collect(),
        deps_dir: out.clone(),
        search: vec![out],
        sources: vec![dir.clone()],
        fingerprint: key,
        cfgs: Vec::new(),
        stamp: None,
    };
    write_record(&dir, &prebuilt)?;
    Ok(prebuilt)
}

/// Builds one crate in `dir`, whose earlier crates are `built`; the library it wrote.
fn build(
    krate: &AuxCrate,
    built: &[PathBuf],
    toolchain: &Toolchain,
    dir: &Path,
    timeout: Duration,
) -> Result<PathBuf, DepsError> {
    let shown = krate.rel.display().to_string();
    let failed = |output: String| DepsError::AuxiliaryFailed {
        file: shown.clone(),
        output,
    };
    let out = dir.join(OUT);
    let before = listing(&out);
    let mut cmd = command(krate, built, toolchain, dir);
    let reads = [toolchain.sysroot.clone()];
    Confinement::compiler(timeout, dir, &reads)
        .apply(&mut cmd, dir)
        .map_err(|e| failed(format!("cannot confine rustc: {e}")))?;
    let output = sandbox::run(&mut cmd, rustc::limits(timeout))
        .map_err(|e| failed(format!("cannot run {}: {e}", toolchain.rustc.display())))?;
    let said = normalize::temp_dir(&String::from_utf8_lossy(&output.stderr), dir);
    if output.timed_out {
        return Err(failed(format!("rustc took longer than {timeout:?}")));
    }
    // Where no file rule confines rustc, the files it read say whether it left the set.
    let outside = rustc::outside_reads(dir);
    if !outside.is_empty() {
        return Err(failed(format!(
            "it reads files outside its directory: {}",
            outside.join(", ")
        )));
    }
    if !output.status.success() {
        return Err(failed(said.trim_end().to_owned()));
    }
    let new: Vec<PathBuf> = listing(&out)
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    library(&new).ok_or_else(|| failed(format!("rustc wrote no library into {OUT}/: {said}")))
}

/// The rustc command that builds `krate` in `dir`, whose earlier crates are `built`.
fn command(krate: &AuxCrate, built: &[PathBuf], toolchain: &Toolchain, dir: &Path) -> Command {
    let mut cmd = toolchain.command();
    cmd.current_dir(dir).env("TMPDIR", dir);
    cmd.args(["--edition", krate.edition.as_str()]);
    match krate.kind {
        AuxKind::Lib => {
            cmd.args(["--crate-type", "lib"]);
        }
        AuxKind::ProcMacro => {
            cmd.args(["--crate-type", "proc-macro", "--extern", "proc_macro"]);
        }
        AuxKind::Declared => {}
    }
    for e in &krate.externs {
        cmd.arg("--extern")
            .arg(format!("{}={}", e.flag_name(), built[e.index].display()));
    }
    let emit = format!("--emit=dep-info={},link", rustc::DEP_INFO);
    cmd.args(["--color", "never", "-L", OUT, "--out-dir", OUT, &emit])
        .args(&krate.flags)
        .arg(&krate.rel)
        .envs(krate.env.iter().map(|(k, v)| (k, v)));
    cmd
}

/// The files in `dir`.
fn listing(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect()
}

/// The library among the files one build wrote: an rlib, else a dynamic library (a
/// procedural macro crate), else metadata.
fn library(files: &[PathBuf]) -> Option<PathBuf> {
    let has = |suffix: &str| {
        files
            .iter()
            .find(|f| f.to_string_lossy().ends_with(suffix))
            .cloned()
    };
    has(".rlib")
        .or_else(|| has(std::env::consts::DLL_SUFFIX))
        .or_else(|| has(".rmeta"))
}
