//! The JSON report (SPEC §8, schema version 1): one document on stdout at the end. A
//! `grade` run has the same exercise objects, grouped by student, with scores. The document
//! also records what the run was (`run`) and everything the other formats render, so that
//! `read` turns it back into the results every reporter takes (`snipcheck merge`).

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Duration;

use serde::de::IntoDeserializer as _;
use serde::{Deserialize, Serialize};

use super::{shown_path, Command, ReportEvent, Reporter, RunInfo, Sharded};
use crate::compile::normalize::strip_ansi;
use crate::engine::results::{
    CheckError, CheckResult, Checked, ExerciseResult, Expected, Location, Mismatch, Status,
    Summary, TestCount, SNAPSHOT_EXPECTATION,
};
use crate::grade::{student_result, GradeSummary, GradedExercise, Student, StudentResult};
use crate::model::exercise::Outcome;
use crate::model::source::SOLUTION_FILE;

/// Version of the document's schema.
pub(crate) const SCHEMA_VERSION: u32 = 1;

/// Collects results and prints one document.
#[derive(Debug, Default)]
pub(crate) struct Json {
    run: Option<RunInfo>,
    exercises: Vec<JsonExercise>,
    students: Vec<JsonStudent>,
}

impl Json {
    /// A reporter whose document records `run`, when given.
    pub(crate) fn new(run: Option<RunInfo>) -> Json {
        Json {
            run,
            ..Json::default()
        }
    }
}

/// Points: written as an integer when whole (`1`), else as a number (`0.67`).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(transparent)]
struct Score(f64);

impl Serialize for Score {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0 >= 0.0 && self.0 < u64::MAX as f64 {
            serializer.serialize_u64(self.0 as u64)
        } else {
            serializer.serialize_f64(self.0)
        }
    }
}

/// A duration in whole milliseconds.
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// The `run` object.
#[derive(Debug, Serialize, Deserialize)]
struct JsonRun {
    command: Command,
    partition: Option<String>,
    sharded: Sharded,
    items: usize,
    filter: Option<String>,
    fingerprint: String,
    snipcheck: String,
}

impl From<&RunInfo> for JsonRun {
    fn from(run: &RunInfo) -> Self {
        JsonRun {
            command: run.command,
            partition: run.partition.map(|p| format!("{}/{}", p.index, p.count)),
            sharded: run.sharded,
            items: run.items,
            filter: run.filter.clone(),
            fingerprint: run.fingerprint.clone(),
            snipcheck: run.version.clone(),
        }
    }
}

impl TryFrom<JsonRun> for RunInfo {
    type Error = String;

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
        })
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Document {
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    run: Option<JsonRun>,
    summary: JsonSummary,
    exercises: Vec<JsonExercise>,
}

#[derive(Debug, Serialize, Deserialize)]
struct JsonSummary {
    passed: usize,
    failed: usize,
    errors: usize,
    skipped: usize,
    duration_ms: u64,
}

#[derive(Debug, Serialize, Deserialize)]
struct JsonExercise {
    path: String,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    status: Status,
    points: u32,
    score: Score,
    duration_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    location: Option<JsonLocation>,
    checks: Vec<JsonCheck>,
}

impl From<&ExerciseResult> for JsonExercise {
    fn from(r: &ExerciseResult) -> Self {
        JsonExercise {
            path: shown_path(&r.path),
            name: r.name.clone(),
            title: r.title.clone(),
            status: r.status,
            points: r.points,
            score: Score(f64::from(r.score())),
            duration_ms: millis(r.duration),
            message: r.message.clone(),
            location: r.location.as_ref().map(JsonLocation::from),
            checks: r
                .checks
                .iter()
                .map(|c| JsonCheck::new(c, r.status != Status::Pass))
                .collect(),
        }
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

/// A check's `expect`: an outcome as `exercise.toml` spells it, or `snapshot`.
#[derive(Debug, Clone, Copy)]
struct JsonExpect(Expected);

impl Serialize for JsonExpect {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.as_str())
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

/// A file and line.
#[derive(Debug, Serialize, Deserialize)]
struct JsonLocation {
    file: String,
    line: u32,
}

impl From<&Location> for JsonLocation {
    fn from(at: &Location) -> Self {
        JsonLocation {
            file: at.file.clone(),
            line: at.line,
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

#[derive(Debug, Serialize, Deserialize)]
struct GradeDocument {
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    run: Option<JsonRun>,
    summary: GradeTotals,
    students: Vec<JsonStudent>,
}

#[derive(Debug, Serialize, Deserialize)]
struct GradeTotals {
    students: usize,
    #[serde(flatten)]
    counts: StudentCounts,
    score: Score,
    max_score: u32,
    #[serde(default)]
    invalid_exercises: usize,
    duration_ms: u64,
}

#[derive(Debug, Serialize, Deserialize)]
struct StudentCounts {
    passed: usize,
    failed: usize,
    missing: usize,
    errors: usize,
    skipped: usize,
}

impl From<&Summary> for StudentCounts {
    fn from(s: &Summary) -> Self {
        StudentCounts {
            passed: s.passed,
            failed: s.failed,
            missing: s.missing,
            errors: s.errors,
            skipped: s.skipped,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct JsonStudent {
    name: String,
    path: String,
    score: Score,
    max_score: u32,
    summary: StudentCounts,
    exercises: Vec<GradedJson>,
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

/// An exercise as in `check`, plus where the submission is and its hidden tests.
#[derive(Debug, Serialize, Deserialize)]
struct GradedJson {
    exercise: String,
    submission: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tests: Option<JsonTests>,
    #[serde(flatten)]
    result: JsonExercise,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct JsonTests {
    passed: usize,
    total: usize,
}

impl From<TestCount> for JsonTests {
    fn from(TestCount { passed, total }: TestCount) -> Self {
        JsonTests { passed, total }
    }
}

impl From<JsonTests> for TestCount {
    fn from(JsonTests { passed, total }: JsonTests) -> Self {
        TestCount { passed, total }
    }
}

impl From<&GradedExercise> for GradedJson {
    fn from(g: &GradedExercise) -> Self {
        let mut result = JsonExercise::from(&g.result);
        result.score = Score(g.score);
        GradedJson {
            exercise: g.exercise.clone(),
            submission: shown_path(&g.submitted),
            tests: g.tests.map(JsonTests::from),
            result,
        }
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
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct JsonCheck {
    target: String,
    expect: JsonExpect,
    status: Status,
    expected: Vec<String>,
    actual: Vec<String>,
    diff: Option<String>,
    cached: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    mismatches: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rendered: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    program_stderr: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tests: Option<JsonTests>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    location: Option<JsonLocation>,
}

impl JsonCheck {
    /// A check's object. rustc's output is given for a failing check, and for any check of
    /// an exercise that did not pass when there is some (the JUnit report shows it).
    fn new(c: &CheckResult, exercise_failed: bool) -> JsonCheck {
        let failed = c.status == Status::Fail;
        let rendered = failed || (exercise_failed && !c.rendered.is_empty());
        JsonCheck {
            target: c.checked.name().to_owned(),
            expect: JsonExpect(c.expect),
            status: c.status,
            expected: c.expected.clone(),
            actual: c.actual.clone(),
            diff: c.diff.clone(),
            cached: c.cached,
            mismatches: c.mismatches.iter().map(ToString::to_string).collect(),
            error: c.error.as_ref().map(ToString::to_string),
            rendered: rendered.then(|| strip_ansi(&c.rendered)),
            note: c.note.clone(),
            program_stderr: (failed && !c.program_stderr.is_empty())
                .then(|| c.program_stderr.clone()),
            tests: c.tests.map(JsonTests::from),
            location: c.location.as_ref().map(JsonLocation::from),
        }
    }
}

impl JsonCheck {
    /// The check read back; `submission` when it is from a `grade` report, whose snippet
    /// is a student's.
    fn read_back(self, submission: bool) -> CheckResult {
        let c = self;
        CheckResult {
            checked: checked(c.target, c.expect.0, submission),
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
        }
    }
}

impl Reporter for Json {
    fn report(&mut self, event: ReportEvent<'_>, out: &mut dyn Write) -> io::Result<()> {
        match event {
            ReportEvent::Exercise(result) => self.exercise(result, out),
            ReportEvent::Finished(summary) => self.finish(summary, out),
            ReportEvent::Student(student) => self.student(student, out),
            ReportEvent::Totals(summary) => self.totals(summary, out),
        }
    }
}

impl Json {
    /// One exercise of a `check` run.
    fn exercise(&mut self, r: &ExerciseResult, _out: &mut dyn Write) -> io::Result<()> {
        self.exercises.push(JsonExercise::from(r));
        Ok(())
    }

    /// The end of a `check` run.
    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let document = Document {
            version: SCHEMA_VERSION,
            run: self.run.as_ref().map(JsonRun::from),
            summary: JsonSummary {
                passed: summary.passed,
                failed: summary.failed,
                errors: summary.errors,
                skipped: summary.skipped,
                duration_ms: millis(summary.duration),
            },
            exercises: std::mem::take(&mut self.exercises),
        };
        serde_json::to_writer_pretty(&mut *out, &document)?;
        writeln!(out)
    }

    /// One student of a `grade` run.
    fn student(&mut self, s: &StudentResult, _out: &mut dyn Write) -> io::Result<()> {
        self.students.push(JsonStudent {
            name: s.student.name.clone(),
            path: shown_path(&s.student.dir),
            score: Score(s.score),
            max_score: s.max_score,
            summary: StudentCounts::from(&s.counts),
            exercises: s.exercises.iter().map(GradedJson::from).collect(),
        });
        Ok(())
    }

    /// The end of a `grade` run.
    fn totals(&mut self, summary: &GradeSummary, out: &mut dyn Write) -> io::Result<()> {
        let document = GradeDocument {
            version: SCHEMA_VERSION,
            run: self.run.as_ref().map(JsonRun::from),
            summary: GradeTotals {
                students: summary.students,
                counts: StudentCounts::from(&summary.counts),
                score: Score(summary.score),
                max_score: summary.max_score,
                invalid_exercises: summary.invalid_exercises,
                duration_ms: millis(summary.duration),
            },
            students: std::mem::take(&mut self.students),
        };
        serde_json::to_writer_pretty(&mut *out, &document)?;
        writeln!(out)
    }
}

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

/// Why a text is not a JSON report that can be read back.
const NOT_A_REPORT: &str = "not a snipcheck JSON report";

/// Reads a JSON report written by `--format json`.
pub(crate) fn read(text: &str) -> Result<ReadReport, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("{NOT_A_REPORT}: {e}"))?;
    if value.get("version") != Some(&serde_json::Value::from(SCHEMA_VERSION)) {
        return Err(format!("{NOT_A_REPORT} of schema version {SCHEMA_VERSION}"));
    }
    if value.get("run").is_none() {
        return Err(format!(
            "{NOT_A_REPORT} with a \"run\" object (written by an older snipcheck?)"
        ));
    }
    let invalid = |e: serde_json::Error| format!("{NOT_A_REPORT}: {e}");
    if value.get("students").is_some() {
        let doc: GradeDocument = serde_json::from_value(value).map_err(invalid)?;
        Ok(ReadReport {
            run: read_run(doc.run)?,
            duration: Duration::from_millis(doc.summary.duration_ms),
            results: ReadResults::Grade(
                doc.students.into_iter().map(StudentResult::from).collect(),
                doc.summary.invalid_exercises,
            ),
        })
    } else {
        let doc: Document = serde_json::from_value(value).map_err(invalid)?;
        Ok(ReadReport {
            run: read_run(doc.run)?,
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

fn read_run(run: Option<JsonRun>) -> Result<RunInfo, String> {
    let run = run.ok_or_else(|| format!("{NOT_A_REPORT}: no \"run\" object"))?;
    RunInfo::try_from(run).map_err(|e| format!("{NOT_A_REPORT}: \"run\": {e}"))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn document_has_the_schema_fields() {
        let mut check = CheckResult::of_main(Outcome::CompileFail, Status::Pass);
        check.expected = vec!["error[E0382]".into()];
        let result = ExerciseResult {
            points: 2,
            duration: Duration::from_millis(48),
            ..ExerciseResult::sample("exercises/a", Status::Pass, vec![check])
        };
        let mut json = Json::default();
        let mut out = Vec::new();
        json.exercise(&result, &mut out).expect("collect");
        let summary = Summary {
            passed: 1,
            ..Summary::default()
        };
        json.finish(&summary, &mut out).expect("write");
        let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
        assert_eq!(v["version"], 1);
        assert_eq!(v["summary"]["passed"], 1);
        let ex = &v["exercises"][0];
        assert_eq!(
            (ex["path"].as_str(), ex["status"].as_str()),
            (Some("exercises/a"), Some("pass"))
        );
        assert_eq!(
            (ex["points"].as_u64(), ex["score"].as_u64()),
            (Some(2), Some(2))
        );
        let c = &ex["checks"][0];
        assert_eq!(c["expected"][0], "error[E0382]");
        assert_eq!(c["diff"], serde_json::Value::Null);
        assert_eq!(c["cached"], false);
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
        let result = ExerciseResult {
            duration: Duration::from_millis(7),
            ..ExerciseResult::sample("exercises/a", Status::Fail, vec![check, timeout])
        };
        let run = RunInfo {
            command: Command::Check,
            partition: Some("2/3".parse().expect("partition")),
            sharded: Sharded::Exercises,
            items: 5,
            filter: Some("a".into()),
            fingerprint: "f".into(),
            version: "0.1.0".into(),
        };
        let mut json = Json::new(Some(run.clone()));
        let mut out = Vec::new();
        json.exercise(&result, &mut out).expect("collect");
        json.finish(&Summary::default(), &mut out).expect("write");
        let back = read(std::str::from_utf8(&out).expect("utf-8")).expect("a report");
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
    fn whole_scores_are_integers() {
        let text = serde_json::to_string(&[Score(1.0), Score(0.67), Score(0.0)]).expect("JSON");
        assert_eq!(text, "[1,0.67,0]");
    }
}
