//! An annotated file's auxiliary crates, built by rustc itself as compiletest builds them:
//! each distinct set once (keyed by `rustc -vV`, every file's text and settings), under
//! the sets' directory, by one process at a time, and reused by later runs. Each crate is
//! built from `auxiliary/FILE` inside the set's directory, confined as a snippet's compile
//! is (its only writable directory is the set's), into `out/`, which the test gets with
//! `-L`; `aux-crate` and `proc-macro` crates are also given by `--extern`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::compile::deps::cargo::pick_library;
use crate::compile::deps::{load, lock, write_record, Prebuilt};
use crate::compile::error::DepsError;
use crate::compile::normalize;
use crate::compile::rustc::{self, CompileError, Toolchain};
use crate::model::auxiliary::{AuxCrate, AuxKind, Auxiliary};

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
    let key = blake3::hash(format!("{}\n{}", toolchain.verbose_version, aux.key).as_bytes());
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
    let failed = |output: String| DepsError::AuxiliaryFailed {
        file: krate.rel.display().to_string(),
        output,
    };
    let out = dir.join(OUT);
    let before = listing(&out);
    let reads = [toolchain.sysroot.clone()];
    let limits = rustc::limits(timeout);
    let output = rustc::run_confined(
        toolchain,
        dir,
        &args(krate, built),
        &krate.env,
        &reads,
        limits,
    )
    .map_err(|e| {
        failed(match e {
            CompileError::OutsideRead(paths) => {
                format!("it reads files outside its directory: {}", paths.join(", "))
            }
            CompileError::Failed(e) => e.to_string(),
        })
    })?;
    let said = normalize::temp_dir(&String::from_utf8_lossy(&output.stderr), dir);
    if !output.status.success() {
        return Err(failed(said.trim_end().to_owned()));
    }
    let new: Vec<PathBuf> = listing(&out)
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    pick_library(&new).ok_or_else(|| failed(format!("rustc wrote no library into {OUT}/: {said}")))
}

/// The arguments that build `krate` in its set's directory, whose earlier crates are
/// `built`.
fn args(krate: &AuxCrate, built: &[PathBuf]) -> Vec<String> {
    let mut args: Vec<String> = vec!["--edition".into(), krate.edition.as_str().into()];
    let kind: &[&str] = match krate.kind {
        AuxKind::Lib => &["--crate-type", "lib"],
        AuxKind::ProcMacro => &["--crate-type", "proc-macro", "--extern", "proc_macro"],
        AuxKind::Declared => &[],
    };
    args.extend(kind.iter().map(|&a| a.to_owned()));
    for e in &krate.externs {
        args.push("--extern".into());
        args.push(format!("{}={}", e.flag_name(), built[e.index].display()));
    }
    let emit = format!("--emit=dep-info={},link", rustc::DEP_INFO);
    args.extend(["--color", "never", "-L", OUT, "--out-dir", OUT, &emit].map(str::to_owned));
    args.extend(krate.flags.iter().cloned());
    args.push(krate.rel.to_string_lossy().into_owned());
    args
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
