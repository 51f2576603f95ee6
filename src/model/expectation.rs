//! What a check must achieve: an expectation (`[expect]` and `[solution]` in
//! `exercise.toml` share its shape, and a Markdown block's attributes make one), its
//! outcome, its diagnostics and its warning policy.

use serde::Deserialize;
use toml::Spanned;

/// An expectation: the `[expect]` and `[solution]` tables share this shape.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Expectation {
    /// What compiling (and maybe running) the snippet must lead to.
    #[serde(default)]
    pub(crate) outcome: Outcome,
    /// The exact set of distinct error codes.
    #[serde(default)]
    pub(crate) errors: Option<Spanned<Vec<String>>>,
    /// What to do with warnings and lints nobody expected.
    #[serde(default)]
    pub(crate) warnings: WarningPolicy,
    /// Finer expectations, each matching one distinct diagnostic.
    #[serde(default, rename = "diagnostic")]
    pub(crate) diagnostics: Vec<Spanned<DiagnosticExpectation>>,
    /// Exact stdout of the program for run outcomes (after `\r\n` -> `\n`).
    pub(crate) stdout: Option<Spanned<String>>,
    /// A hidden test file compiled with the snippet (test outcomes).
    pub(crate) tests: Option<Spanned<String>>,
    /// How the reported error codes must relate to the listed ones: always the exact set
    /// in `exercise.toml`; Markdown blocks follow rustdoc (every listed code must appear).
    #[serde(skip)]
    pub(crate) codes: CodeRule,
    /// Levels beyond errors and warnings of which every diagnostic must be matched:
    /// compiletest's rule for an annotated file that annotates a NOTE or a HELP (a span's
    /// label counting as a NOTE), unless `//@ dont-require-annotations` says otherwise.
    #[serde(skip)]
    pub(crate) exhaustive: Vec<ExpectedLevel>,
    /// compiletest's `error-pattern`s: each must occur in rustc's output, or in the
    /// program's stderr when it runs.
    #[serde(skip)]
    pub(crate) patterns: Vec<String>,
}

/// How the error codes rustc reports must relate to the codes an expectation lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum CodeRule {
    /// The distinct codes equal the listed ones, and no codeless error goes unexpected.
    #[default]
    Exact,
    /// Every listed code appears; other codes and codeless errors may appear too
    /// (rustdoc's `compile_fail,E0382`).
    AtLeast,
    /// Inline annotations (compiletest's rule): no code set; every error, with a code or
    /// without, must be matched by an annotation.
    Annotated,
}

impl Expectation {
    /// The listed error codes, empty when `errors` is absent.
    pub(crate) fn error_codes(&self) -> &[String] {
        self.errors.as_ref().map_or(&[], |e| e.get_ref().as_slice())
    }

    /// The `[[expect.diagnostic]]` entries without their spans.
    pub(crate) fn diagnostic_list(&self) -> impl Iterator<Item = &DiagnosticExpectation> {
        self.diagnostics.iter().map(Spanned::get_ref)
    }

    /// The same expectation with no text to match: every diagnostic's message and label
    /// left open, so that only levels, codes and lines are asked for.
    pub(crate) fn without_texts(&self) -> Expectation {
        let open = |d: &Spanned<DiagnosticExpectation>| {
            let text_free = DiagnosticExpectation {
                message: None,
                label: None,
                ..d.get_ref().clone()
            };
            Spanned::new(d.span(), text_free)
        };
        Expectation {
            diagnostics: self.diagnostics.iter().map(open).collect(),
            ..self.clone()
        }
    }

    /// Whether `other` asks for exactly the same, wherever each was written: outcome,
    /// codes, warnings, diagnostics, stdout and hidden tests.
    pub(crate) fn same_as(&self, other: &Expectation) -> bool {
        let text = |s: &Option<Spanned<String>>| s.as_ref().map(|s| s.get_ref().clone());
        self.outcome == other.outcome
            && self.error_codes() == other.error_codes()
            && self.warnings == other.warnings
            && self.diagnostic_list().eq(other.diagnostic_list())
            && text(&self.stdout) == text(&other.stdout)
            && text(&self.tests) == text(&other.tests)
            && self.codes == other.codes
            && self.exhaustive == other.exhaustive
    }
}

/// One `[[expect.diagnostic]]` entry; every field it sets must match.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct DiagnosticExpectation {
    /// Severity of the diagnostic.
    #[serde(default)]
    pub(crate) level: ExpectedLevel,
    /// An error code (`E0382`) or a lint name (`unused_variables`).
    pub(crate) code: Option<String>,
    /// Line of the primary span in the snippet file.
    pub(crate) line: Option<u32>,
    /// A substring of the diagnostic's message.
    pub(crate) message: Option<String>,
    /// A substring of the primary span's label (`expected `u32`, found `&str``): what
    /// tells one mismatch from another when the message is only "mismatched types".
    pub(crate) label: Option<String>,
}

/// The levels an expectation can name.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ExpectedLevel {
    /// `error`
    #[default]
    Error,
    /// `warning`
    Warning,
    /// `note`
    Note,
    /// `help`
    Help,
}

/// What compiling and running a snippet must lead to.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Outcome {
    /// rustc rejects the snippet.
    CompileFail,
    /// rustc accepts the snippet.
    #[default]
    CompilePass,
    /// The built program exits with status 0.
    RunPass,
    /// The built program exits non-zero or panics.
    RunFail,
    /// The `--test` harness reports every test passed.
    TestPass,
    /// The `--test` harness reports a failing test.
    TestFail,
}

impl Outcome {
    /// The spelling used in `exercise.toml` and reports.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::CompileFail => "compile-fail",
            Self::CompilePass => "compile-pass",
            Self::RunPass => "run-pass",
            Self::RunFail => "run-fail",
            Self::TestPass => "test-pass",
            Self::TestFail => "test-fail",
        }
    }

    /// Whether a program must be built and run.
    pub(crate) fn runs(self) -> bool {
        matches!(self, Self::RunPass | Self::RunFail)
    }

    /// Whether the outcome uses the `--test` harness.
    pub(crate) fn uses_harness(self) -> bool {
        matches!(self, Self::TestPass | Self::TestFail)
    }
}

/// The warnings policy of an expectation (README, "How matching works").
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum WarningPolicy {
    /// Unexpected warnings and lints are not checked.
    #[default]
    Ignore,
    /// Any warning fails the check.
    Forbid,
    /// Every warning must be listed in `[[expect.diagnostic]]`.
    Exact,
}

/// `E` followed by four digits.
pub(crate) fn is_error_code(code: &str) -> bool {
    code.len() == 5 && code.starts_with('E') && code[1..].bytes().all(|b| b.is_ascii_digit())
}

/// A maximum matching of expectations to distinct diagnostics, by augmenting paths, so an
/// expectation never takes the only diagnostic another one could match. `edges[e]` lists
/// the diagnostics (of `diagnostics`) expectation `e` fits; the result gives, for each
/// diagnostic, the expectation it satisfies.
pub(crate) fn maximum_matching(edges: &[Vec<usize>], diagnostics: usize) -> Vec<Option<usize>> {
    let mut owner = vec![None; diagnostics];
    for e in 0..edges.len() {
        augment(e, edges, &mut owner, &mut vec![false; diagnostics]);
    }
    owner
}

/// Finds expectation `e` a diagnostic, taking one from another expectation that can move
/// to another; whether it found one.
fn augment(e: usize, edges: &[Vec<usize>], owner: &mut [Option<usize>], seen: &mut [bool]) -> bool {
    for &d in &edges[e] {
        if std::mem::replace(&mut seen[d], true) {
            continue;
        }
        if owner[d].is_none_or(|other| augment(other, edges, owner, seen)) {
            owner[d] = Some(e);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_recognised() {
        assert!(is_error_code("E0382"));
        assert!(!is_error_code("E382"));
        assert!(!is_error_code("unused_variables"));
    }

    #[test]
    fn expectations_are_the_same_wherever_they_were_written() {
        let parse = |text: &str| toml::from_str::<Expectation>(text).expect("an expectation");
        let run = parse("outcome = \"run-pass\"\nstdout = \"hi\\n\"");
        let spaced = parse("\n\noutcome = \"run-pass\"\n\nstdout = \"hi\\n\"");
        assert!(run.same_as(&spaced));
        assert!(!run.same_as(&parse("outcome = \"run-pass\"\nstdout = \"ho\\n\"")));
        assert!(!run.same_as(&parse("outcome = \"run-pass\"")));
    }
}
