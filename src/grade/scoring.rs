//! Scores: all points on a pass, partial credit for hidden tests that passed, and the
//! sums per student and for the class, in hundredths.

use std::path::PathBuf;

use crate::engine::results::{ExerciseResult, Status, Summary, TestCount};
use crate::grade::plan::{Graded, Student};
use crate::grade::results::{GradeSummary, GradedExercise, StudentResult};
use crate::model::discover::Entry;
use crate::model::expectation::Outcome;

/// Points earned: all of them on a pass; on a failure where the hidden tests ran and some
/// failed, `points × passed / total`, rounded to hundredths; nothing otherwise.
pub(crate) fn score(status: Status, points: u32, tests: Option<TestCount>) -> f64 {
    let points = f64::from(points);
    match (status, tests) {
        (Status::Pass, _) => points,
        (Status::Fail, Some(t)) if t.total > 0 && t.passed < t.total => {
            hundredths(points * t.passed as f64 / t.total as f64)
        }
        _ => 0.0,
    }
}

fn hundredths(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Scores one result of one exercise.
pub(crate) fn graded(
    graded: &Graded,
    submitted: PathBuf,
    result: ExerciseResult,
) -> GradedExercise {
    let partial =
        matches!(&graded.entry, Entry::Run(ex) if ex.solution.outcome == Outcome::TestPass);
    let tests = partial
        .then(|| result.checks.iter().find_map(|c| c.tests))
        .flatten();
    GradedExercise {
        exercise: graded.rel.clone(),
        submitted,
        score: score(result.status, result.points, tests),
        tests,
        result,
        hidden: graded.hidden.is_some(),
    }
}

/// A student's result from its graded exercises: the counts by status, the score (in
/// hundredths) and the points available.
pub(crate) fn student_result(student: Student, exercises: Vec<GradedExercise>) -> StudentResult {
    let mut counts = Summary::default();
    let mut score = 0.0;
    let mut max_score = 0;
    for graded in &exercises {
        counts.count(graded.result.status);
        score += graded.score;
        if graded.result.status != Status::Skipped {
            max_score += graded.result.points;
        }
    }
    StudentResult {
        student,
        exercises,
        score: hundredths(score),
        max_score,
        counts,
    }
}

impl GradeSummary {
    /// Adds one student to the totals.
    pub(crate) fn add(&mut self, student: &StudentResult) {
        self.students += 1;
        for graded in &student.exercises {
            self.counts.count(graded.result.status);
        }
        self.score = hundredths(self.score + student.score);
        self.max_score += student.max_score;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(passed: usize, total: usize) -> Option<TestCount> {
        Some(TestCount { passed, total })
    }

    #[test]
    fn scores_are_all_partial_or_nothing() {
        assert_eq!(score(Status::Pass, 3, None), 3.0);
        assert_eq!(score(Status::Pass, 3, count(2, 2)), 3.0);
        assert_eq!(score(Status::Fail, 2, count(1, 2)), 1.0);
        assert_eq!(score(Status::Fail, 1, count(2, 3)), 0.67);
        assert_eq!(score(Status::Fail, 2, count(0, 4)), 0.0);
        // Failing although every test passed (a forbidden warning, say): no credit.
        assert_eq!(score(Status::Fail, 2, count(2, 2)), 0.0);
        assert_eq!(score(Status::Fail, 2, None), 0.0);
        assert_eq!(score(Status::Missing, 2, None), 0.0);
        assert_eq!(score(Status::Error, 2, count(1, 2)), 0.0);
    }
}
