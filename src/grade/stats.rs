//! Statistics of a graded class, worked out here so that every report shows the same
//! figures: the exercises any student was graded on, each student's score in percent, the
//! class's mean and median, the histogram of scores, and how hard each exercise was (its
//! pass rate, mean points and most common mistake).

use crate::engine::results::{ExerciseResult, Status};
use crate::grade::results::{GradedExercise, StudentResult};

/// Bins of the score histogram, each ten percentage points wide (the last holds 100%).
pub(crate) const BINS: usize = 10;

/// One exercise of the class: a column of a students × exercises matrix.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ClassExercise {
    /// Path of the exercise below the exercises root, `/`-separated.
    pub(crate) rel: String,
    /// Its title, when its `exercise.toml` could be read.
    pub(crate) title: Option<String>,
    /// Points it is worth.
    pub(crate) points: u32,
}

/// Every exercise any student was graded on, in report order.
pub(crate) fn exercises(students: &[StudentResult]) -> Vec<ClassExercise> {
    let mut exercises: Vec<ClassExercise> = Vec::new();
    for graded in students.iter().flat_map(|s| &s.exercises) {
        if !exercises.iter().any(|c| c.rel == graded.exercise) {
            exercises.push(ClassExercise {
                rel: graded.exercise.clone(),
                title: graded.result.title.clone(),
                points: graded.result.points,
            });
        }
    }
    exercises
}

/// The student's result for `exercise`, when it was graded on it.
pub(crate) fn find<'s>(
    student: &'s StudentResult,
    exercise: &ClassExercise,
) -> Option<&'s GradedExercise> {
    student
        .exercises
        .iter()
        .find(|g| g.exercise == exercise.rel)
}

/// A student's score as a percentage of the points available; none when none were.
pub(crate) fn percent(student: &StudentResult) -> Option<f64> {
    (student.max_score > 0).then(|| 100.0 * student.score / f64::from(student.max_score))
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[mid]),
        _ => Some((sorted[mid - 1] + sorted[mid]) / 2.0),
    }
}

/// A class average (mean or median) of the students' scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Average {
    /// In percent of each student's points; none without a student with points.
    pub(crate) percent: Option<f64>,
    /// In points (to hundredths) and out of how many, when every student had the same
    /// points available: only then is an average of points meaningful.
    pub(crate) points: Option<(f64, u32)>,
}

/// The class at a glance.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glance {
    /// The mean score.
    pub(crate) mean: Average,
    /// The median score.
    pub(crate) median: Average,
    /// Students per ten percentage points of score (`BINS` bins).
    pub(crate) histogram: [usize; BINS],
}

/// The class's averages and histogram.
pub(crate) fn glance(students: &[StudentResult]) -> Glance {
    let percentages: Vec<f64> = students.iter().filter_map(percent).collect();
    let scores: Vec<f64> = students.iter().map(|s| s.score).collect();
    let max = students.first().map(|s| s.max_score);
    let same_max = max.filter(|m| students.iter().all(|s| s.max_score == *m));
    let average = |stat: fn(&[f64]) -> Option<f64>| Average {
        percent: stat(&percentages),
        points: same_max.and_then(|m| stat(&scores).map(|s| ((s * 100.0).round() / 100.0, m))),
    };
    Glance {
        mean: average(mean),
        median: average(median),
        histogram: histogram(&percentages),
    }
}

/// Scores in percent counted into `BINS` bins of ten points; 100% falls in the last.
fn histogram(percentages: &[f64]) -> [usize; BINS] {
    let mut bins = [0usize; BINS];
    for p in percentages {
        bins[((p / 10.0).floor().max(0.0) as usize).min(BINS - 1)] += 1;
    }
    bins
}

/// How the class did on one exercise.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Difficulty<'c> {
    /// The exercise.
    pub(crate) exercise: &'c ClassExercise,
    /// Students who passed it.
    pub(crate) passed: usize,
    /// Students graded on it (skipped ones are not).
    pub(crate) graded: usize,
    /// Points earned by all of them.
    pub(crate) score: f64,
    /// The most common mistake and how many students made it (the first one on a tie).
    pub(crate) common: Option<(String, usize)>,
}

impl Difficulty<'_> {
    /// The share of graded students who passed; 1 when none was graded.
    pub(crate) fn rate(&self) -> f64 {
        if self.graded == 0 {
            1.0
        } else {
            self.passed as f64 / self.graded as f64
        }
    }

    /// The mean points earned; 0 when none was graded.
    pub(crate) fn mean(&self) -> f64 {
        if self.graded == 0 {
            0.0
        } else {
            self.score / self.graded as f64
        }
    }
}

/// How hard each exercise was, hardest first: the lowest pass rate, then the lowest mean.
pub(crate) fn hardest_first<'c>(
    students: &[StudentResult],
    exercises: &'c [ClassExercise],
) -> Vec<Difficulty<'c>> {
    let mut rows: Vec<Difficulty<'c>> = exercises.iter().map(|e| difficulty(students, e)).collect();
    rows.sort_by(|a, b| {
        a.rate()
            .total_cmp(&b.rate())
            .then(a.mean().total_cmp(&b.mean()))
    });
    rows
}

fn difficulty<'c>(students: &[StudentResult], exercise: &'c ClassExercise) -> Difficulty<'c> {
    let results: Vec<&GradedExercise> = students
        .iter()
        .filter_map(|s| find(s, exercise))
        .filter(|g| g.result.status != Status::Skipped)
        .collect();
    let mut sentences: Vec<(String, usize)> = Vec::new();
    for graded in &results {
        for sentence in mistakes(&graded.result) {
            match sentences.iter_mut().find(|(s, _)| *s == sentence) {
                Some((_, n)) => *n += 1,
                None => sentences.push((sentence, 1)),
            }
        }
    }
    let top = sentences.iter().map(|(_, n)| *n).max();
    Difficulty {
        exercise,
        passed: results
            .iter()
            .filter(|g| g.result.status == Status::Pass)
            .count(),
        graded: results.len(),
        score: results.iter().map(|g| g.score).sum(),
        common: sentences.into_iter().find(|(_, n)| Some(*n) == top),
    }
}

/// What went wrong with a result, one sentence per kind of mistake, each once: its checks'
/// mismatches or errors, else `no submission` or the result's own message.
pub(crate) fn mistakes(result: &ExerciseResult) -> Vec<String> {
    let mut sentences: Vec<String> = Vec::new();
    for check in result.checks.iter().filter(|c| c.status != Status::Pass) {
        let found = match &check.error {
            Some(error) => vec![error.to_string()],
            None => check.mismatches.iter().map(ToString::to_string).collect(),
        };
        for sentence in found {
            if !sentences.contains(&sentence) {
                sentences.push(sentence);
            }
        }
    }
    if sentences.is_empty() {
        match result.status {
            Status::Pass | Status::Skipped => {}
            Status::Missing => sentences.push("no submission".to_owned()),
            _ => sentences.extend(result.message.clone()),
        }
    }
    sentences
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::engine::results::{CheckResult, Mismatch};
    use crate::grade::plan::Student;
    use crate::grade::scoring::student_result;
    use crate::model::expectation::Outcome;

    /// A graded exercise `rel` worth 2 points with `status`, `score` and a check whose
    /// mismatches are `mismatches`.
    fn graded(rel: &str, status: Status, score: f64, mismatches: Vec<Mismatch>) -> GradedExercise {
        let mut check = CheckResult::of_main(Outcome::RunPass, status);
        check.mismatches = mismatches;
        let mut result = ExerciseResult::sample(rel, status, vec![check]);
        result.points = 2;
        GradedExercise {
            exercise: rel.to_owned(),
            submitted: PathBuf::from(rel),
            result,
            tests: None,
            score,
            hidden: false,
        }
    }

    fn student(name: &str, exercises: Vec<GradedExercise>) -> StudentResult {
        let who = Student {
            name: name.to_owned(),
            dir: PathBuf::from(name),
        };
        student_result(who, exercises)
    }

    fn class() -> Vec<StudentResult> {
        let stdout = || vec![Mismatch::Stdout];
        vec![
            student(
                "ann",
                vec![
                    graded("a", Status::Pass, 2.0, vec![]),
                    graded("b", Status::Fail, 1.0, stdout()),
                ],
            ),
            student(
                "bob",
                vec![
                    graded(
                        "a",
                        Status::Fail,
                        0.0,
                        vec![Mismatch::MissingCode("E1".into())],
                    ),
                    graded("b", Status::Fail, 0.0, stdout()),
                ],
            ),
            student("cy", vec![graded("c", Status::Missing, 0.0, vec![])]),
        ]
    }

    #[test]
    fn exercises_are_every_one_graded_in_report_order() {
        let rels: Vec<String> = exercises(&class()).into_iter().map(|e| e.rel).collect();
        assert_eq!(rels, ["a", "b", "c"]);
    }

    #[test]
    fn averages_in_percent_and_in_points_when_the_points_agree() {
        let class = class();
        let all = glance(&class);
        // ann 3 of 4, bob 0 of 4, cy 0 of 2.
        assert_eq!(all.mean.percent, Some(25.0));
        assert_eq!(all.median.percent, Some(0.0));
        assert_eq!(all.mean.points, None, "the students had different points");
        assert_eq!((all.histogram[0], all.histogram[7]), (2, 1));
        let same = glance(&class[..2]);
        assert_eq!(same.mean.points, Some((1.5, 4)));
        assert_eq!(same.median.points, Some((1.5, 4)));
    }

    #[test]
    fn median_and_histogram_bins() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[1.0, 2.0, 3.0, 4.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        assert_eq!(mean(&[]), None);
        let bins = histogram(&[100.0, 95.0, 0.0, 9.99]);
        assert_eq!((bins[0], bins[9], bins.iter().sum::<usize>()), (2, 2, 4));
    }

    #[test]
    fn the_hardest_exercise_comes_first_with_its_common_mistake() {
        let class = class();
        let exercises = exercises(&class);
        let rows = hardest_first(&class, &exercises);
        let order: Vec<&str> = rows.iter().map(|r| r.exercise.rel.as_str()).collect();
        assert_eq!(order, ["c", "b", "a"]);
        let b = &rows[1];
        assert_eq!((b.passed, b.graded, b.mean()), (0, 2, 0.5));
        let sentence = Mismatch::Stdout.to_string();
        assert_eq!(b.common, Some((sentence, 2)));
        assert_eq!(rows[0].common, Some(("no submission".to_owned(), 1)));
        assert_eq!(rows[2].rate(), 0.5);
    }

    #[test]
    fn mistakes_are_listed_once_each() {
        let twice = vec![Mismatch::Stdout, Mismatch::Stdout, Mismatch::Snapshot];
        let result = graded("a", Status::Fail, 0.0, twice).result;
        assert_eq!(mistakes(&result).len(), 2);
        let passed = graded("a", Status::Pass, 2.0, vec![]).result;
        assert!(mistakes(&passed).is_empty());
    }
}
