//! A class after grading: each student's graded exercises with their scores, and the
//! totals. Reporters render these.

use std::path::PathBuf;
use std::time::Duration;

use crate::engine::results::{ExerciseResult, Summary, TestCount};
use crate::grade::plan::Student;

/// One exercise of one student after grading.
#[derive(Debug, Clone)]
pub(crate) struct GradedExercise {
    /// Path of the exercise below the exercises root, `/`-separated.
    pub(crate) exercise: String,
    /// The submitted snippet's path (where it was looked for, when missing).
    pub(crate) submitted: PathBuf,
    /// The check of the submission; status `missing` when there was no file.
    pub(crate) result: ExerciseResult,
    /// Hidden tests passed / run, for `test-pass` exercises whose harness ran.
    pub(crate) tests: Option<TestCount>,
    /// Points earned.
    pub(crate) score: f64,
    /// Whether hidden tests were compiled into the submission (what `--reveal` redacts).
    pub(crate) hidden: bool,
}

/// One student after grading.
#[derive(Debug, Clone)]
pub(crate) struct StudentResult {
    /// The student.
    pub(crate) student: Student,
    /// Every graded exercise, sorted by path.
    pub(crate) exercises: Vec<GradedExercise>,
    /// Points earned.
    pub(crate) score: f64,
    /// Points available (skipped exercises count for nothing).
    pub(crate) max_score: u32,
    /// Exercises by status.
    pub(crate) counts: Summary,
}

/// Totals of a grade run.
#[derive(Debug, Clone, Default)]
pub(crate) struct GradeSummary {
    /// Students graded.
    pub(crate) students: usize,
    /// Exercises of all students by status.
    pub(crate) counts: Summary,
    /// Points earned by all students.
    pub(crate) score: f64,
    /// Points available to all students.
    pub(crate) max_score: u32,
    /// Exercises whose `exercise.toml` could not be loaded (the grader's error).
    pub(crate) invalid_exercises: usize,
    /// Wall time of the run.
    pub(crate) duration: Duration,
}

/// What a grade run reports while it runs.
#[derive(Debug)]
pub(crate) enum Event<'a> {
    /// What the run of checks tells besides results (weaker confinement, dependencies).
    Run(crate::engine::pipeline::Event<'a>),
    /// One exercise of one student is graded (for progress).
    Graded,
    /// Every exercise of a student is graded.
    Student(&'a StudentResult),
}
