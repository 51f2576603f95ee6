//! A trybuild case's `.stderr`: rustc's output as trybuild collects and normalises it
//! (`compile::trybuild`), compared with the file beside the case, and proposed to `bless`.

use std::fs;
use std::io;

use crate::compile::diagnostic::Level;
use crate::compile::error::CheckError;
use crate::compile::normalize;
use crate::compile::rustc::Compiled;
use crate::compile::trybuild;
use crate::engine::results::{CheckResult, Checked, Expected, Mismatch, Status};
use crate::engine::snapshot::SnapshotWrite;
use crate::model::suite::SuiteCase;

/// A trybuild compile-fail case's `.stderr` check, as trybuild makes it: rustc's
/// diagnostics (no closing notes), normalised by trybuild's rules, must
/// equal the file in one of their accepted spellings. A missing file fails, showing what
/// `bless` would write; `bless` proposes the preferred spelling when the file is missing
/// or does not match. `None` when the case compiled: its verdict already says it should not
/// have, and trybuild compares nothing then.
pub(crate) fn trybuild_check(
    bless: bool,
    case: &SuiteCase,
    compiled: &Compiled,
) -> Option<CheckResult> {
    if !compiled.has_errors() {
        return None;
    }
    let variations = trybuild_output(case, compiled);
    let preferred = variations.preferred().to_owned();
    let file = case
        .stderr
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let checked = Checked::Stderr { file };
    let pass = CheckResult::new(checked.clone(), Expected::Snapshot, Status::Pass);
    let expected = match fs::read_to_string(&case.stderr) {
        Ok(text) => Some(normalize::line_endings(&text)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => {
            let what = format!("cannot read {}", case.stderr.display());
            let error = CheckError::io(what, e);
            return Some(CheckResult::error(checked, Expected::Snapshot, error));
        }
    };
    let accepted = expected.as_deref().is_some_and(|e| variations.accepts(e));
    if accepted {
        return Some(pass);
    }
    if bless {
        let write = SnapshotWrite {
            path: case.stderr.clone(),
            contents: preferred,
        };
        return Some(CheckResult {
            bless: Some(write),
            ..pass
        });
    }
    let old = expected.clone().unwrap_or_default();
    let header = match &expected {
        Some(_) => case.stderr.display().to_string(),
        None => format!("{} (missing: bless writes it)", case.stderr.display()),
    };
    let diff = similar::TextDiff::from_lines(&old, &preferred)
        .unified_diff()
        .context_radius(3)
        .header(&header, "actual")
        .to_string();
    Some(CheckResult {
        status: Status::Fail,
        mismatches: vec![Mismatch::Stderr {
            missing: expected.is_none(),
        }],
        diff: Some(diff),
        rendered: compiled.rendered(),
        ..pass
    })
}

/// rustc's output for `case` as trybuild collects and normalises it.
fn trybuild_output(case: &SuiteCase, compiled: &Compiled) -> trybuild::Variations {
    let setting = &case.setting;
    let context = trybuild::Context {
        krate: &case.krate,
        source_dir: &setting.source_dir,
        workspace: &setting.workspace,
        input_file: &case.input_file,
        target_dir: &setting.target_dir,
        path_dependencies: &setting.path_dependencies,
    };
    // Repeated diagnostics stay: rustc repeats some for each expansion of a macro, and
    // trybuild drops a message only when its whole JSON repeats, spans included.
    let rendered: Vec<String> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.level != Level::FailureNote)
        .map(|d| normalize::strip_ansi(&d.rendered))
        .collect();
    trybuild::case_output(rendered.iter().map(String::as_str), &context)
}
