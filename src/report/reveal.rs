//! What reports show of hidden tests (`grade --reveal`): a student's results are redacted
//! once, before any reporter sees them, so every format shows the same. A visible expected
//! value lets a student hard-code it, so `names` keeps only which hidden tests failed and
//! `none` only the score and the counts. The student's own compile errors stay: they are
//! about the student's file, not the tests.

use std::fmt::Write as _;

use crate::engine::results::{CheckResult, Mismatch};
use crate::grade::{GradedExercise, StudentResult};
use crate::model::hidden::HIDDEN_TESTS;

/// How much of the hidden tests reports show.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Reveal {
    /// Everything: failing tests' names, panic messages, assertion values, rustc's output.
    #[default]
    Full,
    /// Only the names of the failing hidden tests.
    Names,
    /// Only the score and how many hidden tests passed.
    None,
}

impl Reveal {
    /// The spelling of `--reveal` and of the JSON report's `run.reveal`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Names => "names",
            Self::None => "none",
        }
    }

    /// Whether this is the default, which JSON reports leave unwritten.
    pub(crate) fn is_full(&self) -> bool {
        *self == Self::Full
    }
}

/// What a check whose hidden tests did not compile says instead of rustc's output.
pub(crate) const HIDDEN_DID_NOT_COMPILE: &str = "the hidden tests did not compile";

/// `student` as reports at `level` may show it: unchanged for `full`.
pub(crate) fn redact(student: &StudentResult, level: Reveal) -> StudentResult {
    let mut redacted = student.clone();
    if level != Reveal::Full {
        for graded in redacted.exercises.iter_mut().filter(|g| g.hidden) {
            redact_exercise(graded, level);
        }
    }
    redacted
}

fn redact_exercise(graded: &mut GradedExercise, level: Reveal) {
    for check in &mut graded.result.checks {
        redact_check(check, level);
    }
}

/// Drops from one check what the hidden tests' code or output could show.
fn redact_check(check: &mut CheckResult, level: Reveal) {
    check.program_stderr.clear();
    let names_hidden = |text: &str| {
        text.contains(HIDDEN_TESTS)
            || check
                .hidden_file
                .as_ref()
                .is_some_and(|f| text.contains(f.as_str()))
    };
    let quoted = names_hidden(&check.rendered)
        || check.actual.iter().any(|l| l.contains(HIDDEN_TESTS))
        || check.mismatches.iter().any(quotes_hidden);
    if quoted {
        check.rendered.clear();
    }
    if check
        .error
        .as_ref()
        .is_some_and(|e| e.to_string().contains(HIDDEN_TESTS))
    {
        check.error = None;
        check
            .mismatches
            .push(Mismatch::Reported(HIDDEN_DID_NOT_COMPILE.to_owned()));
    }
    check.actual.retain(|l| !l.contains(HIDDEN_TESTS));
    let mut renamed = Vec::new();
    check.mismatches = std::mem::take(&mut check.mismatches)
        .into_iter()
        .filter(|m| !quotes_hidden(m))
        .map(|m| outcome_at(m, level, &mut renamed))
        .collect();
    if quoted {
        let said = Mismatch::Reported(HIDDEN_DID_NOT_COMPILE.to_owned());
        if !check.mismatches.contains(&said) {
            check.mismatches.push(said);
        }
    }
    if let Some(diff) = &check.diff {
        check.diff = Some(redact_diff(diff, &renamed));
    }
    if check
        .location
        .as_ref()
        .is_some_and(|l| l.file == HIDDEN_TESTS)
    {
        check.location = None;
    }
}

fn quotes_hidden(mismatch: &Mismatch) -> bool {
    mismatch.to_string().contains(HIDDEN_TESTS)
}

/// An outcome mismatch as `level` shows it, recording each changed sentence in `renamed`
/// so the diff can follow.
fn outcome_at(mismatch: Mismatch, level: Reveal, renamed: &mut Vec<(String, String)>) -> Mismatch {
    match mismatch {
        Mismatch::Outcome { expected, actual } => {
            let shown = outcome_text(&actual, level);
            if shown != actual {
                renamed.push((actual, shown.clone()));
            }
            Mismatch::Outcome {
                expected,
                actual: shown,
            }
        }
        other => other,
    }
}

/// Marks the list of failing tests in an outcome (`test-fail (1 of 2 tests failed: a)`).
const FAILED_LIST: &str = " tests failed: ";

/// An outcome sentence as `level` shows it: without the failing tests' names for `none`.
pub(crate) fn outcome_text(actual: &str, level: Reveal) -> String {
    match actual.find(FAILED_LIST) {
        Some(at) if level == Reveal::None && actual.starts_with("test-fail (") => {
            format!("{} tests failed)", &actual[..at])
        }
        _ => actual.to_owned(),
    }
}

/// Whether a diff line (after its `+`, `-` or space) shows what the hidden tests quoted or
/// printed: a diagnostic in their file, or the tests' stdout.
fn hidden_line(line: &str) -> bool {
    line.contains(HIDDEN_TESTS) || line.get(1..).is_some_and(|l| l.starts_with("stdout: "))
}

/// The diff again without hidden lines and with the outcome sentences renamed, made anew
/// from the lines it showed so that its hunk headers stay right.
fn redact_diff(diff: &str, renamed: &[(String, String)]) -> String {
    let (mut old, mut new) = (String::new(), String::new());
    for line in diff
        .lines()
        .filter(|l| !l.starts_with("---") && !l.starts_with("+++"))
    {
        if line.starts_with("@@") || hidden_line(line) {
            continue;
        }
        let mut text = line.get(1..).unwrap_or_default().to_owned();
        for (from, to) in renamed {
            text = text.replace(from.as_str(), to);
        }
        match line.as_bytes().first() {
            Some(b'-') => writeln!(old, "{text}"),
            Some(b'+') => writeln!(new, "{text}"),
            _ => writeln!(old, "{text}").and_then(|()| writeln!(new, "{text}")),
        }
        .expect("writing to a String cannot fail");
    }
    similar::TextDiff::from_lines(&old, &new)
        .unified_diff()
        .context_radius(3)
        .header("expected", "actual")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::expectation::Outcome;

    #[test]
    fn none_drops_the_failing_tests_names() {
        let outcome = "test-fail (1 of 2 tests failed: refuses_overflow)";
        assert_eq!(outcome_text(outcome, Reveal::Names), outcome);
        assert_eq!(
            outcome_text(outcome, Reveal::None),
            "test-fail (1 of 2 tests failed)"
        );
        assert_eq!(outcome_text("compile-fail", Reveal::None), "compile-fail");
    }

    fn failing_check() -> CheckResult {
        let actual = "test-fail (1 of 2 tests failed: secret_name)".to_owned();
        CheckResult {
            diff: Some(format!(
                "--- expected\n+++ actual\n@@ -1 +1,2 @@\n-outcome: test-pass\n+outcome: {actual}\n+error[E0308] {HIDDEN_TESTS}:3: mismatched types\n"
            )),
            mismatches: vec![Mismatch::Outcome {
                expected: Outcome::TestPass,
                actual,
            }],
            actual: vec![format!("error[E0308] {HIDDEN_TESTS}:3: mismatched types")],
            rendered: format!("error[E0308]\n --> {HIDDEN_TESTS}:3:5\n"),
            program_stderr: "left: SECRET\n".into(),
            ..CheckResult::of_main(Outcome::TestPass, crate::engine::results::Status::Fail)
        }
    }

    #[test]
    fn a_check_keeps_nothing_of_the_hidden_file() {
        let mut check = failing_check();
        redact_check(&mut check, Reveal::None);
        assert!(check.program_stderr.is_empty() && check.rendered.is_empty());
        assert!(check.actual.is_empty());
        let diff = check.diff.expect("a diff");
        assert!(
            !diff.contains(HIDDEN_TESTS) && !diff.contains("secret_name"),
            "{diff}"
        );
        assert!(
            diff.contains(
                "@@ -1 +1 @@\n-outcome: test-pass\n+outcome: test-fail (1 of 2 tests failed)\n"
            ),
            "{diff}"
        );
        let said: Vec<String> = check.mismatches.iter().map(|m| m.to_string()).collect();
        assert_eq!(
            said,
            [
                "expected outcome test-pass, got test-fail (1 of 2 tests failed)",
                HIDDEN_DID_NOT_COMPILE
            ]
        );
    }

    #[test]
    fn names_keep_the_failing_tests_names() {
        let mut check = failing_check();
        redact_check(&mut check, Reveal::Names);
        assert!(check.diff.expect("a diff").contains("secret_name"));
        assert!(check.program_stderr.is_empty() && check.rendered.is_empty());
    }
}
