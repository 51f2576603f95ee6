//! Inline annotations in compiletest's format, as rustc's own UI tests, clippy, miri and
//! ui_test write them: `//~ KIND message` comments saying which diagnostic each line
//! draws, and `//@ NAME: value` headers saying how the file is compiled and when it is
//! skipped. This module reads a `.rs` file's annotations and headers into typed values,
//! with compiletest's meaning (ui_test's spellings accepted too), and lists every
//! problem of a file at once, each naming its file and line. Nothing here compiles or
//! matches.
//!
//! compiletest's rules the reading follows:
//! - `//~^` points one line up per `^`, `//~v` one line down per `v`, `//~|` at the line of
//!   the previous annotation that is not itself a `|` one (of the same revision), and
//!   `//~?` at no line (a diagnostic without a span, or in another file).
//! - The word after the marker is the kind; the message after it (after an optional
//!   `:`, ui_test's spelling) is a substring the diagnostic's message must contain; the
//!   message compiletest matches carries ` [E0382]` when the diagnostic has a code, so an
//!   `E####` message matches by code.
//! - `//[a,b]~` (and ui_test's `//~[a,b]`) applies to revisions `a` and `b` only;
//!   `//@[a]` likewise for a header.
//!
//! Where this reading differs from compiletest's, on purpose: markers inside string
//! literals and block comments are text (found by rustc's lexer, not by a regex over
//! lines); mistakes compiletest would silently ignore (a header without its value, an
//! undeclared revision, an unknown kind) are errors.

use std::path::Path;

use crate::model::error::InputError;

mod comments;
pub(crate) mod config;
pub(crate) mod directive;
pub(crate) mod error;
pub(crate) mod expect;
pub(crate) mod headers;
mod names;
mod parse;
pub(crate) mod rewrite;
pub(crate) mod skip;
pub(crate) mod spec;
#[cfg(test)]
mod tests;
mod values;

use directive::Directive;
pub(crate) use error::AnnotationError;
use headers::Headers;

/// The kind of diagnostic an annotation expects, as compiletest names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// `ERROR`: an error-level diagnostic.
    Error,
    /// `WARN` (or `WARNING`): a warning.
    Warn,
    /// `NOTE`: a note, also a span's label (compiletest turns each label of a diagnostic
    /// in this file into a NOTE at the label's line).
    Note,
    /// `HELP`: a help sub-diagnostic.
    Help,
    /// `SUGGESTION`: a line of a suggested replacement.
    Suggestion,
    /// `RAW`: a line of rustc's output that is not a JSON diagnostic (an ICE's text).
    Raw,
}

impl Kind {
    /// The kind a word names: compiletest's uppercase words and its lowercase aliases.
    pub(crate) fn from_word(word: &str) -> Option<Kind> {
        Some(match word {
            "ERROR" | "error" => Kind::Error,
            "WARN" | "WARNING" | "warn" | "warning" => Kind::Warn,
            "NOTE" | "note" => Kind::Note,
            "HELP" | "help" => Kind::Help,
            "SUGGESTION" => Kind::Suggestion,
            "RAW" => Kind::Raw,
            _ => return None,
        })
    }

    /// The canonical word (`ERROR`, `WARN`...).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Error => "ERROR",
            Kind::Warn => "WARN",
            Kind::Note => "NOTE",
            Kind::Help => "HELP",
            Kind::Suggestion => "SUGGESTION",
            Kind::Raw => "RAW",
        }
    }
}

/// One expected diagnostic, from a `//~` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Annotation {
    /// The 1-based line the diagnostic must be on; `None` for `//~?`, a diagnostic with
    /// no line in this file.
    pub(crate) line: Option<u32>,
    /// The kind it must have. `None` for ui_test's `//~ CODE` form (`//~ E0308`,
    /// `//~ dead_code`, clippy's `//~ needless_return`), which expects a diagnostic of any
    /// level whose code is `message` (ui_test prefixes a configured tool name, `clippy::`).
    pub(crate) kind: Option<Kind>,
    /// The text the diagnostic's message must contain, trimmed (may be empty: any
    /// message); an `E####` code; or, with no kind, the code itself.
    pub(crate) message: String,
    /// The revisions it applies to; empty for all.
    pub(crate) revisions: Vec<String>,
    /// The 1-based line the comment is written on.
    pub(crate) at: u32,
    /// The byte range of the annotation, from its `//` to the end of its line (a `\r`
    /// left out), for rewriting it.
    pub(crate) span: (usize, usize),
}

impl Annotation {
    /// Whether it applies to `revision` (`None`: a file without revisions).
    pub(crate) fn applies_to(&self, revision: Option<&str>) -> bool {
        applies(&self.revisions, revision)
    }
}

/// Whether something written for `revisions` (empty: all) applies to `revision`.
fn applies(revisions: &[String], revision: Option<&str>) -> bool {
    revisions.is_empty() || revision.is_some_and(|r| revisions.iter().any(|x| x == r))
}

/// A test file's annotations and headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Annotated {
    /// Every annotation, in the file's order.
    pub(crate) annotations: Vec<Annotation>,
    /// Every header, in the file's order, as written and as understood.
    pub(crate) directives: Vec<Directive>,
    /// The revisions `//@ revisions:` declares, in order; empty when there are none.
    pub(crate) revisions: Vec<String>,
    /// The headers that apply whatever the revision (those without `[rev]`).
    pub(crate) headers: Headers,
}

impl Annotated {
    /// The annotations and headers that apply to `revision`: the file's own and those
    /// written for it, in the file's order (`None` takes only the file's own, as for a
    /// file without revisions).
    pub(crate) fn for_revision(&self, revision: Option<&str>) -> (Vec<&Annotation>, Headers) {
        let annotations = self
            .annotations
            .iter()
            .filter(|a| a.applies_to(revision))
            .collect();
        (annotations, headers::fold(&self.directives, revision).0)
    }

    /// The runs the file asks for: one per declared revision, or a single one without.
    pub(crate) fn runs(&self) -> Vec<Option<&str>> {
        runs(&self.revisions)
    }
}

/// One run per revision, or one run (`None`) when there are none.
fn runs(revisions: &[String]) -> Vec<Option<&str>> {
    if revisions.is_empty() {
        vec![None]
    } else {
        revisions.iter().map(|r| Some(r.as_str())).collect()
    }
}

/// A problem of one comment, before it is tied to its file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    /// 1-based line and column of the comment.
    position: (u32, u32),
    /// What is wrong.
    error: AnnotationError,
}

/// Reads `text`, the contents of `file`, into its annotations and headers; every
/// problem found, in the file's order, when there is any.
pub(crate) fn parse(file: &Path, text: &str) -> Result<Annotated, Vec<InputError>> {
    let (comments, lines) = comments::line_comments(text);
    let mut problems = Vec::new();
    let directives = directive::read_all(&comments, &mut problems);
    let revisions = directive::declared_revisions(&directives, &mut problems);
    directive::check_revisions(&directives, &revisions, &mut problems);
    let written = parse::read_all(&comments, &mut problems);
    let annotations = parse::resolve(&written, &revisions, lines, &mut problems);
    for run in runs(&revisions) {
        problems.extend(headers::fold(&directives, run).1);
    }
    if !problems.is_empty() {
        return Err(input_errors(file, problems));
    }
    let headers = headers::fold(&directives, None).0;
    Ok(Annotated {
        annotations,
        directives,
        revisions,
        headers,
    })
}

/// The problems as input errors of `file`, in the file's order, each once.
fn input_errors(file: &Path, problems: Vec<Problem>) -> Vec<InputError> {
    let mut unique: Vec<Problem> = Vec::new();
    for problem in problems {
        if !unique.contains(&problem) {
            unique.push(problem);
        }
    }
    unique.sort_by_key(|p| p.position);
    unique
        .into_iter()
        .map(|p| InputError::Annotation {
            file: file.to_path_buf(),
            position: (p.position.0 as usize, p.position.1 as usize),
            problem: p.error,
        })
        .collect()
}

/// Whether `text` has a `//~` annotation or a `//@` header, in a comment (not in a
/// string): whether it is a test file of this format.
pub(crate) fn is_annotated(text: &str) -> bool {
    if !text.contains("//") {
        return false;
    }
    let (comments, _) = comments::line_comments(text);
    comments
        .iter()
        .any(|c| directive::is_header(c) || parse::marker(c.text).is_some())
}
