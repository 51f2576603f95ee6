//! How a check compiles (its plan: metadata, a build, a test harness) and the kind of
//! batch it may join.

use crate::compile::batch;
use crate::compile::diagnostic::Level;
use crate::compile::rustc::{Compiled, Emit};
use crate::model::exercise::Exercise;
use crate::model::expectation::Outcome;

/// What a batch compiles: snippets expected to fail, snippets expected to compile, or
/// run-pass programs built into one binary, each run as a process of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum BatchKind {
    /// Compile-fail checks: metadata only; a codeless error sends its member alone.
    CompileFail,
    /// Compile-pass checks: metadata only; any error sends its member alone.
    CompilePass,
    /// Run-pass programs: one binary; any error sends its member alone, and each member
    /// runs from the binary in a fresh directory.
    Run,
    /// Test-pass checks with hidden tests: one `--test` harness; any error sends its
    /// member alone, and each member's hidden tests run from the harness in a fresh
    /// directory, each test in a process of its own as always.
    Test,
    /// Compile-fail checks whose output a batch tells as each would print it alone
    /// (trybuild cases, annotated files): a binary's metadata, each member's rendered
    /// output kept, told only where it is the output alone; a member told stands, passing
    /// or failing, and one not told compiles alone.
    Told,
}

impl BatchKind {
    /// Whether its members are expected to compile (so any error is suspicious).
    pub(crate) fn expects_errors(self) -> bool {
        self == BatchKind::CompileFail
    }

    /// Whether its members run after the build: it builds more than metadata.
    pub(crate) fn runs(self) -> bool {
        self.build().runs()
    }

    /// Whether a member's errors keep its batch from telling about the others: a codeless
    /// error in a compile-fail batch (a parse error), any error in the other kinds.
    pub(crate) fn spoiled_by(self, compiled: &Compiled) -> bool {
        match self.expects_errors() {
            true => compiled
                .relevant()
                .any(|d| d.level == Level::Error && d.code.is_none()),
            false => compiled.has_errors(),
        }
    }

    /// What its batch builds.
    pub(crate) fn build(self) -> batch::Build {
        match self {
            BatchKind::CompileFail | BatchKind::CompilePass => batch::Build::Metadata,
            BatchKind::Run => batch::Build::Program,
            BatchKind::Test => batch::Build::Tests,
            BatchKind::Told => batch::Build::Rendered,
        }
    }
}

/// How a check compiles, decided by its expected outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plan {
    /// `--emit=metadata` only (compile-pass).
    Metadata,
    /// Metadata, then a full build when no error appeared (compile-fail; README, "Running untrusted snippets").
    MetadataThenLink,
    /// A full build, then a run (run outcomes).
    Link,
    /// A `--test` build, then a run of the harness (test outcomes).
    Test,
}

impl Plan {
    /// Whether a program (or test harness) runs after the build.
    pub(crate) fn runs(self) -> bool {
        matches!(self, Plan::Link | Plan::Test)
    }

    pub(super) fn of(outcome: Outcome) -> Plan {
        match outcome {
            Outcome::CompilePass => Plan::Metadata,
            Outcome::CompileFail => Plan::MetadataThenLink,
            Outcome::RunPass | Outcome::RunFail => Plan::Link,
            Outcome::TestPass | Outcome::TestFail => Plan::Test,
        }
    }

    /// A trybuild compile-fail case is only checked, as `cargo check` does, unless its
    /// suite has pass cases (trybuild then builds every case).
    pub(super) fn for_exercise(ex: &Exercise, outcome: Outcome) -> Plan {
        match &ex.suite_case {
            Some(case) if outcome == Outcome::CompileFail && !case.built => Plan::Metadata,
            _ => Plan::of(outcome),
        }
    }

    pub(super) fn first_emit(self) -> Emit {
        match self {
            Plan::Metadata | Plan::MetadataThenLink => Emit::Metadata,
            Plan::Link => Emit::Link,
            Plan::Test => Emit::Test,
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Plan::Metadata => "metadata",
            Plan::MetadataThenLink => "metadata-then-link",
            Plan::Link => "link-and-run",
            Plan::Test => "test-and-run",
        }
    }
}
