//! `bless --annotations`: the rewrite of a snippet's inline annotations from the
//! diagnostics of its compile (`model::annotation::rewrite`), proposed with the
//! expectation the rewritten file makes, for the judge to check again. An annotated `.rs`
//! file and an exercise's snippet with annotations are rewritten; a Markdown block, a
//! trybuild case and a file with revisions are not.

use std::path::Path;

use crate::compile::diagnostic::{Diagnostic, Level};
use crate::compile::rustc::Compiled;
use crate::engine::job::{Job, Target};
use crate::engine::matcher;
use crate::engine::snapshot::SnapshotWrite;
use crate::model::annotated::exhaustive;
use crate::model::annotation::expect::diagnostics;
use crate::model::annotation::rewrite::{renumbered, rewrite, Reported};
use crate::model::annotation::{self, Annotated, Kind};
use crate::model::expectation::{Expectation, WarningPolicy};
use crate::model::hidden;

/// Why a file with revisions keeps its annotations.
pub(crate) const REVISIONS: &str =
    "annotations not rewritten: a file with revisions is not rewritten yet";
/// Why a snippet whose annotations could not be told from its other expectations keeps
/// them (it changed after it was read).
const CHANGED: &str = "annotations not rewritten: the snippet changed while it was checked";

/// Why a rewrite that would not read back is not proposed.
const UNREADABLE: &str = "annotations not rewritten: the rewritten file would not read back";

/// What `bless --annotations` makes of a check's snippet.
#[derive(Debug)]
pub(crate) enum Proposal {
    /// It has no annotations to rewrite.
    Nothing,
    /// It keeps its annotations, for this reason.
    Declined(&'static str),
    /// Its text with the annotations rewritten (as it was when nothing changes), and the
    /// expectation it then makes.
    Rewritten {
        /// The file and its new text.
        write: SnapshotWrite,
        /// The expectation of the rewritten file.
        expect: Box<Expectation>,
        /// Whether the text changes.
        changed: bool,
    },
}

/// The rewrite of `job`'s snippet from `compiled`, its compile.
pub(crate) fn propose(job: &Job<'_>, compiled: &Compiled) -> Proposal {
    let ex = job.ex;
    if job.target != Target::Snippet || ex.line_map().is_some() || ex.suite_case.is_some() {
        return Proposal::Nothing;
    }
    let file = Path::new(&ex.file);
    let source = ex.sources.iter().find(|s| s.rel == file);
    let text = job.inputs.files.iter().find(|(rel, _)| rel == file);
    let (Some(source), Some((_, text))) = (source, text) else {
        return Proposal::Nothing;
    };
    let text = hidden::undeclared(text).unwrap_or(text);
    if !annotation::is_annotated(text) {
        return Proposal::Nothing;
    }
    let parsed = match annotation::parse(&source.abs, text) {
        Ok(parsed) if ex.is_annotated_file() || !parsed.annotations.is_empty() => parsed,
        _ => return Proposal::Nothing,
    };
    if !parsed.revisions.is_empty() {
        return Proposal::Declined(REVISIONS);
    }
    let Some(base) = without_annotations(job.exp, &parsed) else {
        return Proposal::Declined(CHANGED);
    };
    let top: Vec<&Diagnostic> = compiled.relevant().collect();
    let new = rewrite(text, &parsed, &reported(&base, &top, ex.shown_file()));
    let changed = new.is_some();
    let contents = new
        .as_ref()
        .map_or_else(|| text.to_owned(), |r| r.text.clone());
    let Ok(rewritten) = annotation::parse(&source.abs, &contents) else {
        return Proposal::Declined(UNREADABLE);
    };
    let mut own = diagnostics(&rewritten.for_revision(None).0);
    if let Some(new) = &new {
        // rustc's lines are the old text's: each annotation's target, and the lines its
        // words cite, told in them.
        for expectation in &mut own {
            let expectation = expectation.get_mut();
            expectation.line = expectation.line.map(|l| new.old_line(l).unwrap_or(l));
            if let Some(words) = &mut expectation.message {
                *words = renumbered(words, |l| new.old_line(l));
            }
        }
    }
    let mut expect = Box::new(base);
    expect.diagnostics.extend(own);
    if ex.is_annotated_file() {
        expect.exhaustive = exhaustive(&expect.diagnostics, &rewritten.headers);
    }
    Proposal::Rewritten {
        write: SnapshotWrite {
            path: source.abs.clone(),
            contents,
        },
        expect,
        changed,
    }
}

/// `exp` without the expectations `parsed`'s annotations add to it (they come last);
/// `None` when they are not there, as when the snippet changed after it was read.
fn without_annotations(exp: &Expectation, parsed: &Annotated) -> Option<Expectation> {
    let own = diagnostics(&parsed.for_revision(None).0);
    let keep = exp.diagnostics.len().checked_sub(own.len())?;
    let same = exp.diagnostics[keep..]
        .iter()
        .zip(&own)
        .all(|(a, b)| a.get_ref() == b.get_ref());
    same.then(|| {
        let mut base = exp.clone();
        base.diagnostics.truncate(keep);
        base
    })
}

/// The diagnostics of a compile (`top`, the top-level ones, in `file`, the snippet) as the
/// rewrite reads them: pooled as a check against `base` pools them (their notes and helps,
/// and in an annotated file every span label as a NOTE), each saying whether it needs an
/// annotation. A line counts only in `file`.
pub(crate) fn reported(base: &Expectation, top: &[&Diagnostic], file: &str) -> Vec<Reported> {
    let pool = matcher::pool(base, top, file);
    let pooled: Vec<&Diagnostic> = pool.iter().collect();
    let claimed = matcher::claimed(base, &pooled, file);
    let in_file = |d: &Diagnostic| d.file.as_deref() == Some(file);
    pool.iter()
        .zip(claimed)
        .enumerate()
        .filter_map(|(i, (d, claimed))| {
            let needed = if i < top.len() {
                must_annotate(d, base.warnings)
            } else {
                in_file(d)
                    && base
                        .exhaustive
                        .iter()
                        .any(|&l| matcher::level(l) == d.level)
            };
            Some(Reported {
                kind: kind(d.level)?,
                line: d.line.filter(|_| in_file(d)),
                message: d.message.clone(),
                code: d.code.clone(),
                required: needed && !claimed,
            })
        })
        .collect()
}

/// Whether a top-level diagnostic needs an annotation: an error, or a warning where every
/// warning must be expected. (A note or help needs one where every one of its level must
/// be matched, `Expectation::exhaustive`.)
fn must_annotate(d: &Diagnostic, warnings: WarningPolicy) -> bool {
    d.level == Level::Error || (d.level == Level::Warning && warnings == WarningPolicy::Exact)
}

/// The annotation kind of a diagnostic's level; `None` for those no annotation names.
fn kind(level: Level) -> Option<Kind> {
    match level {
        Level::Error => Some(Kind::Error),
        Level::Warning => Some(Kind::Warn),
        Level::Note => Some(Kind::Note),
        Level::Help => Some(Kind::Help),
        Level::FailureNote | Level::Ice | Level::Other => None,
    }
}
