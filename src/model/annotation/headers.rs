//! What a test file's `//@` headers say for one run (one revision, or the file without
//! revisions), folded in the file's order as compiletest applies them: lists grow, a
//! later `edition` replaces an earlier one, and a test has at most one `*-pass` or
//! `*-fail` mode. Also compiletest's defaults: a UI test without a mode must fail to
//! compile under `--emit=metadata`, in edition 2015 unless told otherwise, with unused
//! code allowed.

use crate::model::annotation::directive::Directive;
use crate::model::annotation::skip::{Condition, Platform};
use crate::model::annotation::spec::{
    AuxRequest, EditionSpec, Expectation, Meaning, Mode, Normalization, Outcome,
};
use crate::model::annotation::{applies, AnnotationError, Kind, Problem};
use crate::model::manifest::Edition;

/// A header compiletest or ui_test knows that has no typed meaning here: the caller
/// decides whether it can honour it (`run-rustfix`, `aux-crate`, `exec-env`...).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Other {
    /// Its name.
    pub(crate) name: String,
    /// What follows the name (after `:` or a space), trimmed; `None` when nothing does.
    pub(crate) value: Option<String>,
    /// 1-based line it is on.
    pub(crate) line: u32,
}

/// What the headers say for one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Headers {
    /// The revisions the file declares.
    pub(crate) revisions: Vec<String>,
    /// `edition:`, the last one; see `edition` for the edition to use.
    pub(crate) edition: Option<EditionSpec>,
    /// `compile-flags:`, split as compiletest splits them (`'a b'` is one flag).
    pub(crate) compile_flags: Vec<String>,
    /// `rustc-env: NAME=value`, in order.
    pub(crate) rustc_env: Vec<(String, String)>,
    /// `error-pattern:` (ui_test's `error-in-other-file:`): text rustc's output must hold.
    pub(crate) error_patterns: Vec<String>,
    /// `normalize-stderr:` (and `-test`, `-32bit`, `-64bit`) rules, in order.
    pub(crate) normalize_stderr: Vec<Normalization>,
    /// `normalize-stdout:` (and `-test`) rules, in order.
    pub(crate) normalize_stdout: Vec<Normalization>,
    /// `aux-build:`, `aux-crate:` and `proc-macro:` crates, from `auxiliary/` beside the
    /// test, in order.
    pub(crate) aux: Vec<AuxRequest>,
    /// `ignore-*`, `only-*`, `needs-*` and version conditions: see `skip_reason`.
    pub(crate) conditions: Vec<Condition>,
    /// The mode header, if any; see `expected` for the default.
    pub(crate) expectation: Option<Expectation>,
    /// `failure-status:` (or ui_test's `run: CODE`): the exit code expected instead of
    /// the usual one.
    pub(crate) failure_status: Option<i32>,
    /// `known-bug:`: the test shows a bug, so it needs and may have no annotation.
    pub(crate) known_bug: bool,
    /// `dont-require-annotations: KIND`: diagnostics of these kinds need no annotation.
    pub(crate) dont_require_annotations: Vec<Kind>,
    /// Every other known header, in order.
    pub(crate) others: Vec<Other>,
}

impl Headers {
    /// The edition to compile with, `default` being the one a run without an `edition`
    /// header gets (compiletest's: 2015; a project may set its own).
    pub(crate) fn edition(&self, default: Edition) -> Edition {
        self.edition.map_or(default, |spec| spec.resolve(default))
    }

    /// What the test must do: its mode header, or compiletest's `check-fail`.
    pub(crate) fn expected(&self) -> Expectation {
        self.expectation.unwrap_or(Expectation::DEFAULT)
    }

    #[cfg(test)]
    /// Whether rustc runs with `--emit=metadata` only: check modes, the default among
    /// them. (`build-fail` first needs the same check to pass, then a full build to fail.)
    pub(crate) fn metadata_only(&self) -> bool {
        self.expected().mode == Mode::Check
    }

    /// Whether compiletest allows unused code (`-A unused -W unused_attributes`): every
    /// test but a `run-pass` one.
    pub(crate) fn allow_unused(&self) -> bool {
        self.expectation
            != Some(Expectation {
                mode: Mode::Run,
                outcome: Outcome::Pass,
            })
    }

    /// Whether a header of this name is among the others.
    pub(crate) fn has_other(&self, name: &str) -> bool {
        self.others.iter().any(|o| o.name == name)
    }

    /// The flags compiletest gives rustc before the edition and the test's own
    /// `compile_flags` for a UI test run of `revision`: the revision as a cfg, the
    /// check-cfg that declares every revision, and its lint allowances.
    pub(crate) fn implied_flags(&self, revision: Option<&str>) -> Vec<String> {
        let mut flags: Vec<String> = Vec::new();
        if let Some(revision) = revision {
            flags.extend(["--cfg".to_owned(), revision_cfg(revision)]);
        }
        if !self.has_other("no-auto-check-cfg") {
            let names: Vec<String> = self.revisions.iter().map(|r| revision_cfg(r)).collect();
            let names = ["test".to_owned(), "FALSE".to_owned()]
                .into_iter()
                .chain(names);
            flags.extend(["--check-cfg".to_owned(), format!("cfg({})", join(names))]);
        }
        if self.allow_unused() {
            flags.extend(["-A", "unused", "-W", "unused_attributes"].map(String::from));
        }
        for lint in [
            "internal_features",
            "incomplete_features",
            "unused_parens",
            "unused_braces",
        ] {
            flags.extend(["-A".to_owned(), lint.to_owned()]);
        }
        flags
    }
}

/// The names joined by commas.
fn join(names: impl Iterator<Item = String>) -> String {
    names.collect::<Vec<_>>().join(",")
}

/// The headers for `revision` (the file's own and those written for it, in order), and
/// the problems of that combination: a second mode header.
pub(super) fn fold(directives: &[Directive], revision: Option<&str>) -> (Headers, Vec<Problem>) {
    let mut headers = Headers::default();
    let mut problems = Vec::new();
    let mut mode: Option<&Directive> = None;
    for directive in directives
        .iter()
        .filter(|d| applies(&d.revisions, revision))
    {
        match &directive.meaning {
            Meaning::Expect {
                expectation,
                status,
            } => match mode {
                Some(first) => problems.push(conflict(first, directive, revision)),
                None => {
                    headers.expectation = Some(*expectation);
                    headers.failure_status = status.or(headers.failure_status);
                    mode = Some(directive);
                }
            },
            _ => add(&mut headers, directive),
        }
    }
    (headers, problems)
}

/// The problem of `second` following `first`, two mode headers of one run. The
/// revision is named only when one of them is written for it.
fn conflict(first: &Directive, second: &Directive, revision: Option<&str>) -> Problem {
    let own = first.revisions.is_empty() && second.revisions.is_empty();
    Problem {
        position: (second.line, second.column),
        error: AnnotationError::ConflictingModes {
            first: first.name.clone(),
            first_line: first.line,
            second: second.name.clone(),
            revision: revision.filter(|_| !own).map(str::to_owned),
        },
    }
}

/// The `--cfg` name compiletest gives a revision: lower case, `-` as `_`.
pub(crate) fn revision_cfg(revision: &str) -> String {
    revision.to_lowercase().replace('-', "_")
}

/// Adds what one header (not a mode header) says.
fn add(headers: &mut Headers, directive: &Directive) {
    match &directive.meaning {
        Meaning::Revisions(names) => headers.revisions.extend(names.iter().cloned()),
        Meaning::Edition(spec) => headers.edition = Some(*spec),
        Meaning::CompileFlags(flags) => headers.compile_flags.extend(flags.iter().cloned()),
        Meaning::RustcEnv(name, value) => headers.rustc_env.push((name.clone(), value.clone())),
        Meaning::ErrorPattern(text) => headers.error_patterns.push(text.clone()),
        Meaning::NormalizeStderr(rule) => headers.normalize_stderr.push(rule.clone()),
        Meaning::NormalizeStdout(rule) => headers.normalize_stdout.push(rule.clone()),
        Meaning::Aux(request) => headers.aux.push(request.clone()),
        Meaning::FailureStatus(code) => headers.failure_status = Some(*code),
        Meaning::KnownBug => headers.known_bug = true,
        Meaning::DontRequire(kind) if !headers.dont_require_annotations.contains(kind) => {
            headers.dont_require_annotations.push(*kind);
        }
        Meaning::DontRequire(_) | Meaning::Expect { .. } => {}
        Meaning::Condition(condition) => headers.conditions.push(condition.clone()),
        Meaning::Other => headers.others.push(Other {
            name: directive.name.clone(),
            value: directive.value.clone(),
            line: directive.line,
        }),
    }
}

impl Headers {
    /// Why the test is skipped on `platform`, by its first condition that skips it.
    pub(crate) fn skip_reason(&self, platform: &Platform<'_>) -> Option<String> {
        self.conditions.iter().find_map(|c| c.skip_reason(platform))
    }
}
