//! A JSON report read back (`snipcheck merge`): the document parsed into the results every
//! reporter takes. A target and an expectation become what was checked and what was
//! expected again; a mismatch or check error stays the sentence it was written as.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use serde::de::IntoDeserializer as _;
use serde::Deserialize;

use super::{
    Document, GradeDocument, GradedJson, JsonCheck, JsonExercise, JsonExpect, JsonLocation,
    JsonRun, JsonStudent, JsonTests, SCHEMA_VERSION,
};
use crate::engine::results::{
    CheckError, CheckResult, Checked, ExerciseResult, Expected, Location, Mismatch, TestCount,
    SNAPSHOT_EXPECTATION,
};
use crate::grade::{student_result, GradedExercise, Student, StudentResult};
use crate::model::discover::Partition;
use crate::model::expectation::Outcome;
use crate::model::source::SOLUTION_FILE;
use crate::report::error::ReportError;
use crate::report::RunInfo;

/// A JSON report read back: what the run was and its results, as the reporters take them.
/// Totals are not read: whoever merges reports adds them up again.
#[derive(Debug)]
pub(crate) struct ReadReport {
    /// The `run` object.
    pub(crate) run: RunInfo,
    /// The results.
    pub(crate) results: ReadResults,
    /// The run's wall time.
    pub(crate) duration: Duration,
}

/// The results of a report read back.
#[derive(Debug)]
pub(crate) enum ReadResults {
    /// A `check` run's exercises, in report order.
    Check(Vec<ExerciseResult>),
    /// A `grade` run's students, in report order, and its count of malformed exercises.
    Grade(Vec<StudentResult>, usize),
}

/// Reads a JSON report written by `--format json`; `path` is the file it came from, which
/// every error names.
pub(crate) fn parse(path: &Path, text: &str) -> Result<ReadReport, ReportError> {
    let file = || path.to_path_buf();
    let invalid = |source| ReportError::NotAReport {
        path: file(),
        source,
    };
    let value: serde_json::Value = serde_json::from_str(text).map_err(invalid)?;
    if value.get("version") != Some(&serde_json::Value::from(SCHEMA_VERSION)) {
        return Err(ReportError::OtherSchema { path: file() });
    }
    if value.get("run").is_none() {
        return Err(ReportError::WithoutRun { path: file() });
    }
    if value.get("students").is_some() {
        let doc: GradeDocument = serde_json::from_value(value).map_err(invalid)?;
        Ok(ReadReport {
            run: read_run(path, doc.run)?,
            duration: Duration::from_millis(doc.summary.duration_ms),
            results: ReadResults::Grade(
                doc.students.into_iter().map(StudentResult::from).collect(),
                doc.summary.invalid_exercises,
            ),
        })
    } else {
        let doc: Document = serde_json::from_value(value).map_err(invalid)?;
        Ok(ReadReport {
            run: read_run(path, doc.run)?,
            duration: Duration::from_millis(doc.summary.duration_ms),
            results: ReadResults::Check(
                doc.exercises
                    .into_iter()
                    .map(|e| e.read_back(false))
                    .collect(),
            ),
        })
    }
}

fn read_run(path: &Path, run: Option<JsonRun>) -> Result<RunInfo, ReportError> {
    let path = path.to_path_buf();
    let Some(run) = run else {
        return Err(ReportError::NullRun { path });
    };
    RunInfo::try_from(run).map_err(|e| ReportError::BadRun {
        path,
        reason: e.to_string(),
    })
}

impl TryFrom<JsonRun> for RunInfo {
    /// The only value that can be malformed is the partition.
    type Error = <Partition as FromStr>::Err;

    fn try_from(run: JsonRun) -> Result<Self, Self::Error> {
        let partition = run.partition.map(|p| p.parse()).transpose()?;
        Ok(RunInfo {
            command: run.command,
            partition,
            sharded: run.sharded,
            items: run.items,
            filter: run.filter,
            fingerprint: run.fingerprint,
            version: run.snipcheck,
            reveal: run.reveal,
        })
    }
}

/// What a check read back checked: the snapshot by its expectation, the solution by its
/// file name, and any other file the snippet (a submission's, in a `grade` report).
fn checked(target: String, expect: Expected, submission: bool) -> Checked {
    match expect {
        Expected::Snapshot => Checked::Snapshot,
        Expected::Outcome(_) if target == SOLUTION_FILE => Checked::Solution,
        Expected::Outcome(_) if submission => Checked::Submission { file: target },
        Expected::Outcome(_) => Checked::Snippet { file: target },
    }
}

impl<'de> Deserialize<'de> for JsonExpect {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text == SNAPSHOT_EXPECTATION {
            return Ok(JsonExpect(Expected::Snapshot));
        }
        let outcome = Outcome::deserialize(text.as_str().into_deserializer())?;
        Ok(JsonExpect(Expected::Outcome(outcome)))
    }
}

impl JsonExercise {
    /// The exercise read back; `submission` when it is from a `grade` report.
    fn read_back(self, submission: bool) -> ExerciseResult {
        let e = self;
        ExerciseResult {
            path: PathBuf::from(e.path),
            name: e.name,
            title: e.title,
            status: e.status,
            points: e.points,
            message: e.message,
            checks: e
                .checks
                .into_iter()
                .map(|c| c.read_back(submission))
                .collect(),
            duration: Duration::from_millis(e.duration_ms),
            location: e.location.map(Location::from),
            root: None,
        }
    }
}

impl From<JsonLocation> for Location {
    fn from(at: JsonLocation) -> Self {
        Location {
            file: at.file,
            line: at.line,
        }
    }
}

impl From<JsonStudent> for StudentResult {
    /// The student's counts and score are worked out again from its exercises.
    fn from(s: JsonStudent) -> Self {
        let student = Student {
            name: s.name,
            dir: PathBuf::from(s.path),
        };
        let exercises = s.exercises.into_iter().map(GradedExercise::from).collect();
        student_result(student, exercises)
    }
}

impl From<JsonTests> for TestCount {
    fn from(JsonTests { passed, total }: JsonTests) -> Self {
        TestCount { passed, total }
    }
}

impl From<GradedJson> for GradedExercise {
    fn from(g: GradedJson) -> Self {
        let score = g.result.score.0;
        GradedExercise {
            exercise: g.exercise,
            submitted: PathBuf::from(g.submission),
            result: g.result.read_back(true),
            tests: g.tests.map(TestCount::from),
            score,
            // A report is written redacted already; reading it back redacts nothing more.
            hidden: false,
        }
    }
}

impl JsonCheck {
    /// The check read back; `submission` when it is from a `grade` report, whose snippet
    /// is a student's.
    fn read_back(self, submission: bool) -> CheckResult {
        let c = self;
        CheckResult {
            checked: match c.audit {
                Some(audit) => Checked::Lazy {
                    file: c.target,
                    answer: audit.answer,
                },
                None => checked(c.target, c.expect.0, submission),
            },
            expect: c.expect.0,
            status: c.status,
            expected: c.expected,
            actual: c.actual,
            mismatches: c.mismatches.into_iter().map(Mismatch::Reported).collect(),
            diff: c.diff,
            rendered: c.rendered.unwrap_or_default(),
            error: c.error.map(CheckError::Reported),
            cached: c.cached,
            note: c.note,
            bless: None,
            program_stderr: c.program_stderr.unwrap_or_default(),
            tests: c.tests.map(TestCount::from),
            location: c.location.map(Location::from),
            hidden_file: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::results::{Status, Summary};
    use crate::report::json::Json;
    use crate::report::{Command, ReportEvent, Reporter, Sharded};

    #[test]
    fn targets_and_expectations_read_back_as_what_was_checked() {
        let outcome = Expected::Outcome(Outcome::CompileFail);
        let snippet = |file: &str| Checked::Snippet { file: file.into() };
        assert_eq!(checked("lib.rs".into(), outcome, false), snippet("lib.rs"));
        assert_eq!(
            checked("main.rs".into(), outcome, true),
            Checked::Submission {
                file: "main.rs".into()
            }
        );
        assert_eq!(
            checked(SOLUTION_FILE.into(), outcome, false),
            Checked::Solution
        );
        let snapshot = checked("expected.stderr".into(), Expected::Snapshot, false);
        assert_eq!(snapshot, Checked::Snapshot);
        let read = |text: &str| serde_json::from_str::<JsonExpect>(text).map(|e| e.0);
        assert_eq!(read("\"snapshot\"").ok(), Some(Expected::Snapshot));
        assert_eq!(
            read("\"test-fail\"").ok(),
            Some(Expected::Outcome(Outcome::TestFail))
        );
        assert!(read("\"compile-maybe\"").is_err());
        let written = serde_json::to_string(&JsonExpect(outcome)).expect("JSON");
        assert_eq!(written, "\"compile-fail\"");
    }

    #[test]
    fn a_report_reads_back_into_the_results_it_was_written_from() {
        let mut check = CheckResult::of_main(Outcome::TestPass, Status::Fail);
        check.mismatches = vec![Mismatch::MissingCode("E0382".into())];
        check.diff = Some("-a\n+b\n".into());
        check.rendered = "\x1b[1merror\x1b[0m: x\n".into();
        check.program_stderr = "panicked\n".into();
        check.tests = Some(TestCount {
            passed: 1,
            total: 2,
        });
        check.location = Some(Location {
            file: "main.rs".into(),
            line: 3,
        });
        let timeout = CheckResult::error(
            Checked::Solution,
            Expected::Outcome(Outcome::RunPass),
            CheckError::Io {
                doing: "cannot run".into(),
                error: "gone".into(),
            },
        );
        let answer = "solution.rs with `fn area` returning Default::default()";
        let lazy = Checked::Lazy {
            file: SOLUTION_FILE.into(),
            answer: Some(answer.into()),
        };
        let mut audit = CheckResult::new(
            lazy.clone(),
            Expected::Outcome(Outcome::RunPass),
            Status::Fail,
        );
        audit.mismatches = vec![Mismatch::LazyAnswerPasses(answer.into())];
        let whole = Checked::Lazy {
            file: "main.rs".into(),
            answer: None,
        };
        let left_out = CheckResult::new(
            whole.clone(),
            Expected::Outcome(Outcome::RunPass),
            Status::Skipped,
        );
        let checks = vec![check, timeout, audit, left_out];
        let result = ExerciseResult {
            duration: Duration::from_millis(7),
            ..ExerciseResult::sample("exercises/a", Status::Fail, checks)
        };
        let run = RunInfo {
            command: Command::Check,
            partition: Some("2/3".parse().expect("partition")),
            sharded: Sharded::Exercises,
            items: 5,
            filter: Some("a".into()),
            fingerprint: "f".into(),
            version: "0.1.0".into(),
            reveal: crate::report::Reveal::Names,
        };
        let mut json = Json::new(Some(run.clone()));
        let mut out = Vec::new();
        let events = [
            ReportEvent::Exercise(&result),
            ReportEvent::Finished(&Summary::default()),
        ];
        for event in events {
            json.report(event, &mut out).expect("write");
        }
        let text = std::str::from_utf8(&out).expect("utf-8");
        let back = parse(Path::new("report.json"), text).expect("a report");
        assert_eq!(back.run, run);
        let ReadResults::Check(exercises) = back.results else {
            panic!("a check report");
        };
        let (c, e) = (&exercises[0].checks[0], &exercises[0].checks[1]);
        let main = Checked::Snippet {
            file: "main.rs".into(),
        };
        assert_eq!(
            (&c.checked, c.expect),
            (&main, Expected::Outcome(Outcome::TestPass))
        );
        let run_pass = Expected::Outcome(Outcome::RunPass);
        assert_eq!((&e.checked, e.expect), (&Checked::Solution, run_pass));
        let (a, w) = (&exercises[0].checks[2], &exercises[0].checks[3]);
        assert_eq!((&a.checked, &w.checked), (&lazy, &whole));
        assert_eq!(
            a.mismatches[0].to_string(),
            format!("lazy answer passes [solution]: {answer}")
        );
        assert_eq!(
            c.mismatches[0].to_string(),
            "expected error E0382 was not reported"
        );
        assert_eq!(
            (c.rendered.as_str(), c.program_stderr.as_str()),
            ("error: x\n", "panicked\n")
        );
        assert_eq!(
            (c.tests, c.location.clone()),
            (result.checks[0].tests, result.checks[0].location.clone())
        );
        assert_eq!(
            e.error.as_ref().map(ToString::to_string).as_deref(),
            Some("cannot run: gone")
        );
        assert_eq!(exercises[0].duration, Duration::from_millis(7));
    }
}
