//! The JSON report (SPEC §8, schema version 1): one document on stdout at the end. A
//! `grade` run has the same exercise objects, grouped by student, with scores.

use std::io::{self, Write};

use serde::Serialize;

use super::{shown_path, GradeReporter, Reporter};
use crate::compile::normalize::strip_ansi;
use crate::engine::results::{CheckResult, ExerciseResult, Status, Summary, TestCount};
use crate::grade::{GradeSummary, GradedExercise, StudentResult};

/// Version of the document's schema.
pub(crate) const SCHEMA_VERSION: u32 = 1;

/// Collects results and prints one document.
#[derive(Debug, Default)]
pub(crate) struct Json {
    exercises: Vec<JsonExercise>,
    students: Vec<JsonStudent>,
}

/// Points: written as an integer when whole (`1`), else as a number (`0.67`).
#[derive(Debug, Clone, Copy)]
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

#[derive(Debug, Serialize)]
struct Document<'a> {
    version: u32,
    summary: JsonSummary,
    exercises: &'a [JsonExercise],
}

#[derive(Debug, Serialize)]
struct JsonSummary {
    passed: usize,
    failed: usize,
    errors: usize,
    skipped: usize,
    duration_ms: u128,
}

#[derive(Debug, Serialize)]
struct JsonExercise {
    path: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    status: Status,
    points: u32,
    score: Score,
    duration_ms: u128,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
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
            duration_ms: r.duration.as_millis(),
            message: r.message.clone(),
            checks: r.checks.iter().map(JsonCheck::from).collect(),
        }
    }
}

#[derive(Debug, Serialize)]
struct GradeDocument<'a> {
    version: u32,
    summary: GradeTotals,
    students: &'a [JsonStudent],
}

#[derive(Debug, Serialize)]
struct GradeTotals {
    students: usize,
    #[serde(flatten)]
    counts: StudentCounts,
    score: Score,
    max_score: u32,
    duration_ms: u128,
}

#[derive(Debug, Serialize)]
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

#[derive(Debug, Serialize)]
struct JsonStudent {
    name: String,
    path: String,
    score: Score,
    max_score: u32,
    summary: StudentCounts,
    exercises: Vec<GradedJson>,
}

/// An exercise as in `check`, plus where the submission is and its hidden tests.
#[derive(Debug, Serialize)]
struct GradedJson {
    exercise: String,
    submission: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    tests: Option<JsonTests>,
    #[serde(flatten)]
    result: JsonExercise,
}

#[derive(Debug, Serialize)]
struct JsonTests {
    passed: usize,
    total: usize,
}

impl From<&GradedExercise> for GradedJson {
    fn from(g: &GradedExercise) -> Self {
        let mut result = JsonExercise::from(&g.result);
        result.score = Score(g.score);
        GradedJson {
            exercise: g.exercise.clone(),
            submission: shown_path(&g.submitted),
            tests: g
                .tests
                .map(|TestCount { passed, total }| JsonTests { passed, total }),
            result,
        }
    }
}

#[derive(Debug, Serialize)]
struct JsonCheck {
    target: String,
    expect: String,
    status: Status,
    expected: Vec<String>,
    actual: Vec<String>,
    diff: Option<String>,
    cached: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mismatches: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rendered: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    program_stderr: Option<String>,
}

impl From<&CheckResult> for JsonCheck {
    fn from(c: &CheckResult) -> Self {
        JsonCheck {
            target: c.target.clone(),
            expect: c.expect.clone(),
            status: c.status,
            expected: c.expected.clone(),
            actual: c.actual.clone(),
            diff: c.diff.clone(),
            cached: c.cached,
            mismatches: c.mismatches.iter().map(ToString::to_string).collect(),
            error: c.error.as_ref().map(ToString::to_string),
            rendered: (c.status == Status::Fail).then(|| strip_ansi(&c.rendered)),
            note: c.note.clone(),
            program_stderr: (c.status == Status::Fail && !c.program_stderr.is_empty())
                .then(|| c.program_stderr.clone()),
        }
    }
}

impl Reporter for Json {
    fn exercise(&mut self, r: &ExerciseResult, _out: &mut dyn Write) -> io::Result<()> {
        self.exercises.push(JsonExercise::from(r));
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let document = Document {
            version: SCHEMA_VERSION,
            summary: JsonSummary {
                passed: summary.passed,
                failed: summary.failed,
                errors: summary.errors,
                skipped: summary.skipped,
                duration_ms: summary.duration.as_millis(),
            },
            exercises: &self.exercises,
        };
        serde_json::to_writer_pretty(&mut *out, &document)?;
        writeln!(out)
    }
}

impl GradeReporter for Json {
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

    fn totals(&mut self, summary: &GradeSummary, out: &mut dyn Write) -> io::Result<()> {
        let document = GradeDocument {
            version: SCHEMA_VERSION,
            summary: GradeTotals {
                students: summary.students,
                counts: StudentCounts::from(&summary.counts),
                score: Score(summary.score),
                max_score: summary.max_score,
                duration_ms: summary.duration.as_millis(),
            },
            students: &self.students,
        };
        serde_json::to_writer_pretty(&mut *out, &document)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn document_has_the_schema_fields() {
        let mut check = CheckResult::new("main.rs", "compile-fail", Status::Pass);
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
    fn whole_scores_are_integers() {
        let text = serde_json::to_string(&[Score(1.0), Score(0.67), Score(0.0)]).expect("JSON");
        assert_eq!(text, "[1,0.67,0]");
    }
}
