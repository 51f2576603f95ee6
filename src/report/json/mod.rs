//! The JSON report (README, "JSON report"; schema version 1): one document on stdout at the end. A
//! `grade` run has the same exercise objects, grouped by student, with scores. The document
//! also records what the run was (`run`) and everything the other formats render, so that
//! `read` turns it back into the results every reporter takes (`snipcheck merge`). This
//! file holds the document's serde model and the reporter that writes it.

use std::io::{self, Write};
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub(crate) mod read;

use super::{shown_path, Command, ReportEvent, Reporter, Reveal, RunInfo, Sharded};
use crate::compile::normalize::strip_ansi;
use crate::engine::results::{
    CheckResult, Checked, ExerciseResult, Expected, Location, Status, Summary, TestCount,
};
use crate::grade::{GradeSummary, GradedExercise, StudentResult};

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
    /// `grade --reveal`, written only when not `full`.
    #[serde(default, skip_serializing_if = "Reveal::is_full")]
    reveal: Reveal,
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
            reveal: run.reveal,
        }
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

/// A check's `expect`: an outcome as `exercise.toml` spells it, or `snapshot`.
#[derive(Debug, Clone, Copy)]
struct JsonExpect(Expected);

impl Serialize for JsonExpect {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.as_str())
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    audit: Option<JsonAudit>,
}

/// What marks a check of the audit: the lazy answer it tried (none when the whole audit
/// was left out).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct JsonAudit {
    /// The answer, as reports name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    answer: Option<String>,
}

impl JsonAudit {
    /// The mark of `checked`, when it is a check of the audit.
    fn of(checked: &Checked) -> Option<JsonAudit> {
        checked.is_lazy().then(|| JsonAudit {
            answer: checked.answer().map(str::to_owned),
        })
    }
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
            audit: JsonAudit::of(&c.checked),
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::model::expectation::Outcome;
    use crate::report::slashed;

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
            (ex["path"].as_str().map(slashed), ex["status"].as_str()),
            (Some("exercises/a".into()), Some("pass"))
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
    fn whole_scores_are_integers() {
        let text = serde_json::to_string(&[Score(1.0), Score(0.67), Score(0.0)]).expect("JSON");
        assert_eq!(text, "[1,0.67,0]");
    }
}
