//! The values headers carry, apart from how they are read (`directive`, `values`) and
//! folded into a test's headers (`headers`): a mode and its outcome, an edition or a
//! range of them, a normalisation rule, and what one header means.

use crate::model::annotation::skip::Condition;
use crate::model::annotation::Kind;
use crate::model::manifest::Edition;

/// How far a test is taken: compiletest's `check-*`, `build-*` and `run-*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Mode {
    /// Analysis only, `--emit=metadata`.
    Check,
    /// A full build, codegen and linking included.
    Build,
    /// A full build, and the program is run.
    Run,
}

/// How the last step of the test's mode must end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Outcome {
    /// It succeeds: `*-pass`.
    Pass,
    /// It fails: `check-fail`, `build-fail`; for `run-fail`, the program exits with a
    /// code from 1 to 127 (or crashes, on a target that cannot unwind).
    Fail,
    /// `run-crash`: the program dies another way (a signal, an abort).
    Crash,
    /// `run-fail-or-crash`: either.
    FailOrCrash,
}

/// What a test must do: its mode and how it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Expectation {
    /// How far it is taken.
    pub(crate) mode: Mode,
    /// How that ends.
    pub(crate) outcome: Outcome,
}

impl Expectation {
    /// compiletest's default for a UI test without a mode header: `check-fail`.
    pub(crate) const DEFAULT: Expectation = Expectation {
        mode: Mode::Check,
        outcome: Outcome::Fail,
    };

    /// The expectation a compiletest mode header names (`check-pass`...).
    pub(crate) fn from_header(name: &str) -> Option<Expectation> {
        let (mode, outcome) = match name {
            "check-pass" => (Mode::Check, Outcome::Pass),
            "build-pass" => (Mode::Build, Outcome::Pass),
            "run-pass" => (Mode::Run, Outcome::Pass),
            "check-fail" => (Mode::Check, Outcome::Fail),
            "build-fail" => (Mode::Build, Outcome::Fail),
            "run-fail" => (Mode::Run, Outcome::Fail),
            "run-crash" => (Mode::Run, Outcome::Crash),
            "run-fail-or-crash" => (Mode::Run, Outcome::FailOrCrash),
            _ => return None,
        };
        Some(Expectation { mode, outcome })
    }
}

/// The edition an `//@ edition:` header asks for: one, or a range compiletest resolves
/// against the edition the run was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum EditionSpec {
    /// `2021`.
    Exact(Edition),
    /// `2018..`: the requested edition when it is this one or later, else this one.
    From(Edition),
    /// `2018..2024` (end excluded): the requested edition when it is inside, else the
    /// start.
    Range(Edition, Edition),
}

impl EditionSpec {
    /// The edition to use when `requested` is the default the run was given.
    pub(crate) fn resolve(self, requested: Edition) -> Edition {
        match self {
            EditionSpec::Exact(edition) => edition,
            EditionSpec::From(start) if year(requested) >= year(start) => requested,
            EditionSpec::Range(start, end)
                if year(requested) >= year(start) && year(requested) < year(end) =>
            {
                requested
            }
            EditionSpec::From(start) | EditionSpec::Range(start, _) => start,
        }
    }
}

/// An edition's year, to compare editions.
pub(super) fn year(edition: Edition) -> u32 {
    edition.as_str().parse().unwrap_or(0)
}

/// One `normalize-*` rule: occurrences of the regex `from` become `to` before output is
/// compared with a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Normalization {
    /// The regular expression, as written.
    pub(crate) from: String,
    /// The replacement (`\n` written in a compiletest rule is a newline here).
    pub(crate) to: String,
    /// `normalize-stderr-32bit`/`-64bit`: the rule holds only for that pointer width.
    pub(crate) pointer_width: Option<u32>,
}

/// How a test asks for an auxiliary crate, from `auxiliary/` beside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum AuxHow {
    /// `aux-build: file.rs`: a library the test finds by `extern crate` (`-L`).
    Build,
    /// `aux-crate: [modifiers:]name=file.rs`: a library given as `--extern name`.
    Crate {
        /// The `--extern` name.
        name: String,
        /// `--extern` modifiers (`priv`, `noprelude`), as written.
        modifiers: Option<String>,
    },
    /// `proc-macro: [modifiers:]file.rs`: a procedural macro crate given as `--extern`
    /// under its file's name.
    ProcMacro {
        /// `--extern` modifiers, as written.
        modifiers: Option<String>,
    },
}

/// One auxiliary crate a test asks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct AuxRequest {
    /// How it is built and given to the test.
    pub(crate) how: AuxHow,
    /// Its file, relative to `auxiliary/`.
    pub(crate) file: String,
    /// 1-based line of the header (0 until the header is placed).
    pub(crate) line: u32,
}

/// What a header means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Meaning {
    /// `revisions: a b`.
    Revisions(Vec<String>),
    /// `edition: 2021` or a range.
    Edition(EditionSpec),
    /// `compile-flags: ...`, split.
    CompileFlags(Vec<String>),
    /// `rustc-env: NAME=value`.
    RustcEnv(String, String),
    /// `error-pattern: text` or ui_test's `error-in-other-file: text`.
    ErrorPattern(String),
    /// `normalize-stderr: "regex" -> "replacement"` and its variants.
    NormalizeStderr(Normalization),
    /// `normalize-stdout: "regex" -> "replacement"`.
    NormalizeStdout(Normalization),
    /// `aux-build: file.rs`, `aux-crate: name=file.rs` or `proc-macro: file.rs`.
    Aux(AuxRequest),
    /// A mode header (`check-pass`, `run-fail`..., ui_test's `run`), with the exit
    /// code ui_test's `run: CODE` asks for.
    Expect {
        /// What the test must do.
        expectation: Expectation,
        /// The exit code expected, if one is named.
        status: Option<i32>,
    },
    /// `failure-status: CODE`.
    FailureStatus(i32),
    /// `known-bug: #123`.
    KnownBug,
    /// `dont-require-annotations: KIND`.
    DontRequire(Kind),
    /// A skip condition.
    Condition(Condition),
    /// Known, with no typed meaning here.
    Other,
}

/// What follows a header's name.
#[derive(Debug, Clone, Copy)]
pub(super) struct Value<'a> {
    /// The text, trimmed; `None` when empty.
    pub(crate) text: Option<&'a str>,
    /// Whether it follows a `:` (a value) rather than a blank (a remark).
    pub(crate) colon: bool,
}
