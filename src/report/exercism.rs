//! Exercism's test-runner `results.json` (version 2) for one submission: one test per
//! exercise, `pass`, `fail` or `error`, with the reasons and the diff as its message and the
//! expectation as its `test_code`. Skipped exercises are left out: the format has no such
//! status.

use std::io::{self, Write};

use serde::Serialize;

use super::{diffs, reasons, shown_path, ReportEvent, Reporter};
use crate::engine::results::{ExerciseResult, Status};

/// Version of the results.json format written.
const RESULTS_VERSION: u32 = 2;

/// Collects the tests and prints one document.
#[derive(Debug, Default)]
pub(crate) struct Exercism {
    tests: Vec<Test>,
}

#[derive(Debug, Serialize)]
struct Results<'a> {
    version: u32,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    tests: &'a [Test],
}

#[derive(Debug, Serialize)]
struct Test {
    name: String,
    status: &'static str,
    message: Option<String>,
    test_code: String,
}

impl Test {
    fn new(name: String, result: &ExerciseResult) -> Option<Test> {
        let status = match result.status {
            Status::Pass => "pass",
            Status::Fail | Status::Missing => "fail",
            Status::Error => "error",
            Status::Skipped => return None,
        };
        let message = (status != "pass").then(|| {
            let mut text = reasons(result).join("\n");
            let diff = diffs(result);
            if !diff.is_empty() {
                text.push('\n');
                text.push_str(&diff);
            }
            text
        });
        Some(Test {
            name,
            status,
            message,
            test_code: test_code(result),
        })
    }
}

/// What the exercise expects, as the lines of its check(s).
fn test_code(result: &ExerciseResult) -> String {
    let mut code = String::new();
    // A check left out (an audit's answer) expects nothing.
    for check in result.checks.iter().filter(|c| c.status != Status::Skipped) {
        code.push_str(&format!("{}: {}\n", check.checked.title(), check.expect));
        for line in &check.expected {
            code.push_str(&format!("  {line}\n"));
        }
    }
    code
}

impl Exercism {
    fn write(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let all_errors = !self.tests.is_empty() && self.tests.iter().all(|t| t.status == "error");
        let status = if self.tests.iter().all(|t| t.status == "pass") {
            "pass"
        } else if all_errors {
            "error"
        } else {
            "fail"
        };
        let message = all_errors
            .then(|| self.tests.first().and_then(|t| t.message.clone()))
            .flatten();
        let results = Results {
            version: RESULTS_VERSION,
            status,
            message,
            tests: &self.tests,
        };
        serde_json::to_writer_pretty(&mut *out, &results)?;
        writeln!(out)
    }
}

impl Reporter for Exercism {
    fn report(&mut self, event: ReportEvent<'_>, out: &mut dyn Write) -> io::Result<()> {
        match event {
            ReportEvent::Exercise(result) => {
                self.tests
                    .extend(Test::new(shown_path(&result.path), result));
            }
            ReportEvent::Student(student) => {
                for graded in &student.exercises {
                    self.tests
                        .extend(Test::new(graded.exercise.clone(), &graded.result));
                }
            }
            ReportEvent::Finished(_) | ReportEvent::Totals(_) => return self.write(out),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::results::CheckResult;
    use crate::engine::results::Summary;
    use crate::model::expectation::Outcome;

    fn result(status: Status, message: Option<&str>) -> ExerciseResult {
        let mut check = CheckResult::of_main(Outcome::RunPass, status);
        check.expected = vec!["stdout: \"hi\\n\"".into()];
        ExerciseResult {
            message: message.map(str::to_owned),
            ..ExerciseResult::sample("exercises/a", status, vec![check])
        }
    }

    fn render(results: &[ExerciseResult]) -> serde_json::Value {
        let mut exercism = Exercism::default();
        let mut out = Vec::new();
        for r in results {
            exercism
                .report(ReportEvent::Exercise(r), &mut out)
                .expect("collect");
        }
        let end = ReportEvent::Finished(&Summary::default());
        exercism.report(end, &mut out).expect("write");
        serde_json::from_slice(&out).expect("JSON")
    }

    #[test]
    fn tests_are_exercises() {
        let v = render(&[
            result(Status::Pass, None),
            result(Status::Missing, Some("no submission")),
            result(Status::Skipped, Some("filtered")),
        ]);
        assert_eq!(v["version"], 2);
        assert_eq!(v["status"], "fail");
        assert_eq!(v["tests"].as_array().map(Vec::len), Some(2));
        assert_eq!(v["tests"][0]["status"], "pass");
        assert_eq!(v["tests"][0]["message"], serde_json::Value::Null);
        assert_eq!(
            v["tests"][0]["test_code"],
            "main.rs: run-pass\n  stdout: \"hi\\n\"\n"
        );
        assert_eq!(v["tests"][1]["status"], "fail");
        assert_eq!(v["tests"][1]["message"], "no submission");
    }

    #[test]
    fn only_errors_make_an_error() {
        let v = render(&[result(Status::Error, Some("timeout"))]);
        assert_eq!(v["status"], "error");
        assert_eq!(v["message"], "timeout");
    }
}
