//! The audit's verdicts (README, "Auditing exercises"). A lazy answer is checked against
//! `[solution]` like any check, and its result is then turned round: the audit check
//! passes when the answer fails `[solution]` (any mismatch, a compile error, a broken
//! reference API, a program that ran out of time) and fails, naming the answer, when the
//! answer meets it. Also the checks of answers that are not compiled: the shipped snippet
//! judged by its own `[expect]` check, and the answers left out, with why.

use crate::compile::error::Process;
use crate::engine::job::Job;
use crate::engine::results::{CheckError, CheckResult, Checked, Expected, Mismatch, Status};
use crate::model::audit::{Audit, Name, Skipped};
use crate::model::discover::Entry;
use crate::model::exercise::Exercise;
use crate::model::expectation::Outcome;

/// How a note starts that says why a lazy answer does not meet `[solution]`.
const REJECTED: &str = "rejected";

/// The audit of each entry when `audit` is on: exercises of a directory, not trybuild
/// cases or submissions.
pub(crate) fn audits(entries: &[Entry], audit: bool) -> Vec<Option<Audit>> {
    entries
        .iter()
        .map(|entry| match entry {
            Entry::Run(ex) if audit && ex.suite_case.is_none() && ex.line_map().is_none() => {
                Some(Audit::of(ex))
            }
            _ => None,
        })
        .collect()
}

/// `result`, the check of a lazy answer against `[solution]`, as the audit's verdict: a
/// pass when the answer failed (a note says how), a failure naming the answer when it
/// passed. A program that ran out of time failed; other errors stay errors. Results of
/// other checks are left as they are.
pub(crate) fn verdict(job: &Job<'_>, result: CheckResult) -> CheckResult {
    match job.answer {
        Some(_) => turned(result),
        None => result,
    }
}

/// A lazy answer's result against `[solution]` as the audit's verdict.
fn turned(mut result: CheckResult) -> CheckResult {
    // What rustc and the program said of a lazy answer is beside the point either way.
    if matches!(result.status, Status::Pass | Status::Fail) {
        result.rendered.clear();
        result.program_stderr.clear();
    }
    match result.status {
        Status::Pass => {
            let answer = result.checked.answer().unwrap_or_default().to_owned();
            result.status = Status::Fail;
            result.mismatches = vec![Mismatch::LazyAnswerPasses(answer)];
            result.diff = None;
            result.location = None;
        }
        Status::Fail => {
            let why = result.mismatches.first().map(ToString::to_string);
            result.note = Some(rejected(why.as_deref().unwrap_or("it fails")));
            result.status = Status::Pass;
            result.mismatches.clear();
            result.diff = None;
            result.location = None;
        }
        Status::Error if result.error.as_ref().is_some_and(out_of_time) => {
            let why = result
                .error
                .take()
                .map(|e| e.to_string())
                .unwrap_or_default();
            result.note = Some(rejected(&why));
            result.status = Status::Pass;
        }
        Status::Error | Status::Skipped | Status::Missing => {}
    }
    result
}

/// Whether `error` ends a lazy answer's check as a failure of the answer: its program ran
/// out of time (a `todo!()` that loops, a default that never ends a loop).
pub(crate) fn out_of_time(error: &CheckError) -> bool {
    matches!(
        error,
        CheckError::Timeout {
            process: Process::Program,
            ..
        }
    )
}

/// The note of a refused answer.
fn rejected(why: &str) -> String {
    format!("{REJECTED}: {why}")
}

/// The shipped snippet's audit check when `[expect]` judges it, from the exercise's
/// other checks.
pub(crate) fn judged_by_expect(
    audit: &Audit,
    ex: &Exercise,
    checks: &[CheckResult],
) -> Option<CheckResult> {
    let expect = Expected::Outcome(ex.solution.outcome);
    Some(by_expect(audit.by_expect.as_ref()?, expect, checks))
}

/// The answers left out, or the whole audit: skipped, each with why.
pub(crate) fn left_out(audit: &Audit, ex: &Exercise) -> Vec<CheckResult> {
    let expect = Expected::Outcome(ex.solution.outcome);
    audit
        .skipped
        .iter()
        .map(|s| skipped(s, ex, expect))
        .collect()
}

/// The shipped snippet, whose `[expect]` is compile-fail: when its check passed, rustc
/// refused it, so it cannot meet a `[solution]` that must compile.
fn by_expect(name: &Name, expect: Expected, checks: &[CheckResult]) -> CheckResult {
    let refused = checks.iter().any(|c| {
        matches!(c.checked, Checked::Snippet { .. })
            && c.expect == Expected::Outcome(Outcome::CompileFail)
            && c.status == Status::Pass
    });
    let checked = Checked::Lazy {
        file: name.file.clone(),
        answer: Some(name.to_string()),
    };
    let (status, note) = if refused {
        (
            Status::Pass,
            rejected("it does not compile, as its [expect] check shows"),
        )
    } else {
        let why = "not judged: the shipped snippet does not meet [expect]";
        (Status::Skipped, why.to_owned())
    };
    CheckResult {
        note: Some(note),
        ..CheckResult::new(checked, expect, status)
    }
}

/// An answer left out, or the whole audit: skipped, with why.
fn skipped(left: &Skipped, ex: &Exercise, expect: Expected) -> CheckResult {
    let checked = Checked::Lazy {
        file: left
            .name
            .as_ref()
            .map_or_else(|| ex.file.clone(), |n| n.file.clone()),
        answer: left.name.as_ref().map(ToString::to_string),
    };
    CheckResult {
        note: Some(left.why.to_string()),
        ..CheckResult::new(checked, expect, Status::Skipped)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn lazy(status: Status) -> CheckResult {
        let checked = Checked::Lazy {
            file: "main.rs".into(),
            answer: Some("main.rs as shipped".into()),
        };
        CheckResult::new(checked, Expected::Outcome(Outcome::RunPass), status)
    }

    #[test]
    fn an_answer_that_meets_solution_fails_the_audit_by_name() {
        let mut passed = lazy(Status::Pass);
        passed.rendered = "warning: unused variable".into();
        let audit = turned(passed);
        assert_eq!(audit.status, Status::Fail);
        assert_eq!(
            audit.mismatches,
            [Mismatch::LazyAnswerPasses("main.rs as shipped".into())]
        );
        assert_eq!(
            audit.mismatches[0].to_string(),
            "lazy answer passes [solution]: main.rs as shipped"
        );
        assert!(audit.rendered.is_empty());
    }

    #[test]
    fn an_answer_that_fails_passes_the_audit_saying_why() {
        let mut failed = lazy(Status::Fail);
        failed.mismatches = vec![Mismatch::Stdout];
        failed.diff = Some("-6\n+0\n".into());
        let audit = turned(failed);
        assert_eq!(audit.status, Status::Pass);
        assert!(audit.mismatches.is_empty() && audit.diff.is_none());
        assert_eq!(
            audit.note.as_deref(),
            Some("rejected: the program's stdout differs from `stdout`")
        );
    }

    #[test]
    fn a_program_out_of_time_fails_and_other_errors_stay() {
        let timeout = CheckError::Timeout {
            process: Process::Program,
            limit: Duration::from_secs(2),
        };
        let checked = lazy(Status::Pass).checked;
        let expect = Expected::Outcome(Outcome::RunPass);
        let audit = turned(CheckResult::error(checked.clone(), expect, timeout));
        assert_eq!(audit.status, Status::Pass);
        assert_eq!(
            audit.note.as_deref(),
            Some("rejected: timeout: the program ran longer than 2 s")
        );
        let slow_rustc = CheckError::Timeout {
            process: Process::Rustc,
            limit: Duration::from_secs(2),
        };
        let audit = turned(CheckResult::error(checked, expect, slow_rustc));
        assert_eq!(audit.status, Status::Error);
    }
}
