//! `import trybuild`: each compile-fail case of a package's trybuild suites gets
//! `NAME.expect.toml`, the errors of its `.stderr` as codes, lines and messages.

use std::fs;
use std::path::Path;

use anyhow::{bail, Context as _};

use crate::app::exit;
use crate::model::docs::CONFIG_FILE;
use crate::model::suite::{declared, expand, find, import, Kind};

/// What an import did, case by case.
#[derive(Debug, Default)]
struct Tally {
    written: usize,
    kept: usize,
    without_stderr: Vec<String>,
    without_errors: Vec<String>,
}

/// Writes the expectations of every compile-fail case of the package at `root`.
pub(crate) fn trybuild(root: &Path, force: bool) -> anyhow::Result<u8> {
    if !root.join("Cargo.toml").is_file() {
        bail!("{}: no Cargo.toml here: run `snipcheck import trybuild` in a package root, or name one", root.display());
    }
    let found = find::find_suites(root);
    for problem in &found.problems {
        eprintln!("warning: {problem}");
    }
    let mut suites = found.suites;
    let config = root.join(CONFIG_FILE);
    if config.is_file() {
        let declared = declared::read_declared(&config).map_err(|e| anyhow::anyhow!("{e}"))?;
        suites.extend(declared.into_iter().flatten());
    }
    if suites.is_empty() {
        bail!(
            "{}: no trybuild suite found in tests/*.rs or {CONFIG_FILE}",
            root.display()
        );
    }
    let mut tally = Tally::default();
    for suite in &suites {
        let cases = expand::expand(suite, root).cases;
        for case in cases.iter().filter(|c| c.kind == Kind::CompileFail) {
            write_one(root, &case.path, &case.stderr, force, &mut tally)?;
        }
    }
    report(&tally);
    Ok(exit::SUCCESS)
}

fn write_one(
    root: &Path,
    case: &Path,
    stderr: &Path,
    force: bool,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    let shown = case.display().to_string();
    let Ok(text) = fs::read_to_string(root.join(stderr)) else {
        tally.without_stderr.push(shown);
        return Ok(());
    };
    let case_name = case
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let errors = import::errors(&text.replace("\r\n", "\n"), &case_name);
    if errors.is_empty() {
        tally.without_errors.push(shown);
        return Ok(());
    }
    let target = root.join(import::sidecar_of(case));
    if target.exists() && !force {
        tally.kept += 1;
        return Ok(());
    }
    let stderr_name = stderr
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    fs::write(&target, import::expect_toml(&errors, &stderr_name))
        .with_context(|| format!("cannot write {}", target.display()))?;
    tally.written += 1;
    Ok(())
}

fn report(tally: &Tally) {
    eprintln!("import trybuild: wrote {} expectation files", tally.written);
    if tally.kept > 0 {
        eprintln!(
            "  {} already there, left as they are (--force writes them again)",
            tally.kept
        );
    }
    for case in &tally.without_stderr {
        eprintln!("  {case}: no .stderr to import (run `snipcheck bless` to write it first)");
    }
    for case in &tally.without_errors {
        eprintln!("  {case}: its .stderr holds no error");
    }
}
