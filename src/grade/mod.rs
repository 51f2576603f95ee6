//! Grading (`snipcheck grade`): every student's submitted snippet of every exercise becomes
//! one check against the exercise's `[solution]`, with the grader's hidden tests; all of them
//! run on one worker pool, and each student's results are scored and handed on in order.
//! Nothing here prints: results go to the caller as events.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use walkdir::WalkDir;

use crate::engine::job::Context;
use crate::engine::results::{ExerciseResult, Status, Summary, TestCount};
use crate::engine::runner;
use crate::model::discover::{self, Entry, Partition, Selection};
use crate::model::exercise::{Exercise, Outcome};
use crate::model::source::{self, Submission};

/// Name of the hidden test file looked for when `[solution]` names none.
pub(crate) const DEFAULT_HIDDEN_TESTS: &str = "tests.rs";

/// What `grade` grades.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Submissions {
    /// `--submission DIR`: one submission.
    One(PathBuf),
    /// `--submissions DIR`: every sub-directory is one.
    Many(PathBuf),
}

/// A class to grade: the exercises, the submissions and hidden tests, and which of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Class {
    /// `--exercises`: a directory searched for exercises, or one exercise.
    pub(crate) exercises: PathBuf,
    /// `--submission` or `--submissions`.
    pub(crate) submissions: Submissions,
    /// `--hidden`.
    pub(crate) hidden: Option<PathBuf>,
    /// `--filter`: only exercises whose path contains it.
    pub(crate) filter: Option<String>,
    /// `--partition`: the students' shard (with many), or the exercises' (with one).
    pub(crate) partition: Option<Partition>,
}

/// One student (or candidate): a directory that mirrors the exercise tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Student {
    /// The directory's name.
    pub(crate) name: String,
    /// The submission directory.
    pub(crate) dir: PathBuf,
}

/// One exercise of the catalog, as every student is graded on it.
#[derive(Debug)]
struct Graded {
    /// Path below the exercises root, `/`-separated; the same path below a submission.
    rel: String,
    /// The loaded exercise, or why it cannot be graded.
    entry: Entry,
    /// The hidden tests compiled into every submission of it.
    hidden: Option<PathBuf>,
}

/// What a grade run will do, worked out and validated before anything compiles.
#[derive(Debug)]
pub(crate) struct Plan {
    students: Vec<Student>,
    exercises: Vec<Graded>,
    /// Problems worth a warning that do not stop the run.
    pub(crate) warnings: Vec<String>,
}

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
    /// One exercise of one student is graded (for progress).
    Graded,
    /// Every exercise of a student is graded.
    Student(&'a StudentResult),
}

/// Finds the students and exercises, selects the shard, and resolves hidden tests.
pub(crate) fn plan(config: &Class, release: Option<(u32, u32, u32)>) -> Result<Plan, String> {
    let (students, exercise_shard) = match &config.submissions {
        Submissions::One(dir) => (vec![student(dir)], config.partition),
        Submissions::Many(dir) => (shard(list_students(dir)?, config.partition), None),
    };
    let all = discover::find(std::slice::from_ref(&config.exercises))?;
    let warnings = match &config.hidden {
        Some(hidden) => unused_hidden_files(hidden, &config.exercises, &all),
        None => Vec::new(),
    };
    let dirs: Vec<PathBuf> = all
        .into_iter()
        .filter(|d| config.filter.as_ref().is_none_or(|f| shown(d).contains(f)))
        .collect();
    let selection = Selection {
        release,
        ..Selection::default()
    };
    let mut exercises = Vec::new();
    for entry in discover::select(shard(dirs, exercise_shard), &selection) {
        let rel = relative(&config.exercises, entry_dir(&entry));
        let hidden = match &entry {
            Entry::Run(ex) => hidden_tests(ex, &rel, config.hidden.as_deref())?,
            _ => None,
        };
        exercises.push(Graded { rel, entry, hidden });
    }
    Ok(Plan {
        students,
        exercises,
        warnings,
    })
}

fn student(dir: &Path) -> Student {
    let name = dir
        .canonicalize()
        .ok()
        .as_deref()
        .unwrap_or(dir)
        .file_name()
        .map_or_else(|| shown(dir), |n| n.to_string_lossy().into_owned());
    Student {
        name,
        dir: dir.to_path_buf(),
    }
}

/// Every sub-directory of `dir` but hidden ones, sorted by name.
fn list_students(dir: &Path) -> Result<Vec<Student>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut students: Vec<Student> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.') && e.path().is_dir())
        .map(|e| Student {
            name: e.file_name().to_string_lossy().into_owned(),
            dir: e.path(),
        })
        .collect();
    students.sort_by(|a, b| a.name.cmp(&b.name));
    if students.is_empty() {
        return Err(format!(
            "{}: no submissions (every sub-directory is one student's submission)",
            dir.display()
        ));
    }
    Ok(students)
}

/// The items of shard `partition` (every N-th, starting at the K-th), or all of them.
fn shard<T>(items: Vec<T>, partition: Option<Partition>) -> Vec<T> {
    match partition {
        None => items,
        Some(p) => items
            .into_iter()
            .enumerate()
            .filter(|(i, _)| p.includes(*i))
            .map(|(_, item)| item)
            .collect(),
    }
}

fn entry_dir(entry: &Entry) -> &Path {
    match entry {
        Entry::Run(ex) => &ex.dir,
        Entry::Invalid { dir, .. } | Entry::Skipped { dir, .. } => dir,
    }
}

fn shown(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// `dir` below `root`, `/`-separated; empty when `dir` is the root itself.
fn relative(root: &Path, dir: &Path) -> String {
    shown(dir.strip_prefix(root).unwrap_or(dir))
}

/// The hidden tests of an exercise: `--hidden DIR/<rel>/<tests or tests.rs>` when that file
/// exists, else `[solution].tests`. Hidden tests need a test outcome.
fn hidden_tests(
    ex: &Exercise,
    rel: &str,
    hidden: Option<&Path>,
) -> Result<Option<PathBuf>, String> {
    let named = ex.solution.tests.as_ref().map(|t| t.get_ref().as_str());
    let file = named.unwrap_or(DEFAULT_HIDDEN_TESTS);
    let given = hidden
        .map(|h| h.join(rel).join(file))
        .filter(|p| p.is_file());
    let Some(given) = given else {
        return Ok(named.map(|n| ex.dir.join(n)));
    };
    if !ex.solution.outcome.uses_harness() {
        return Err(format!(
            "--hidden: {} adds tests to {}, whose [solution] outcome is \"{}\": hidden tests need outcome = \"test-pass\"",
            given.display(),
            ex.dir.display(),
            ex.solution.outcome.as_str()
        ));
    }
    Ok(Some(given))
}

/// `.rs` files below `--hidden` in a directory that matches no exercise (a misspelt path?).
fn unused_hidden_files(hidden: &Path, root: &Path, exercises: &[PathBuf]) -> Vec<String> {
    let rels: Vec<String> = exercises.iter().map(|d| relative(root, d)).collect();
    WalkDir::new(hidden)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs"))
        .filter(|e| {
            let dir = e.path().parent().map_or_else(String::new, |p| relative(hidden, p));
            !rels.contains(&dir)
        })
        .map(|e| {
            format!(
                "--hidden: {} matches no exercise (it would be used for the exercise at the same path below --exercises)",
                e.path().display()
            )
        })
        .collect()
}

/// How one exercise of one student is settled.
enum Settled {
    /// Compile and check it.
    Check(Box<Exercise>),
    /// Known without compiling: missing, refused, invalid or skipped.
    Known(ExerciseResult),
}

/// Settles an exercise of a student: where its submitted file is, and whether to check it.
fn settle(student: &Student, graded: &Graded) -> (PathBuf, Settled) {
    let dir = student.dir.join(&graded.rel);
    let ex = match &graded.entry {
        Entry::Invalid { dir: d, error } => {
            return (dir, known(d, None, Status::Error, error.to_string()))
        }
        Entry::Skipped { dir: d, reason } => {
            return (dir, known(d, None, Status::Skipped, reason.clone()))
        }
        Entry::Run(ex) => ex,
    };
    let submitted = dir.join(&ex.file);
    let settled = match source::submitted_file(&student.dir, &submitted) {
        Ok(Some(file)) => {
            let mut ex = ex.clone();
            ex.submission = Some(Submission {
                file,
                tests: graded.hidden.clone(),
            });
            Settled::Check(ex)
        }
        Ok(None) => {
            let why = format!("no submission: {} does not exist", submitted.display());
            known(&ex.dir, Some(ex), Status::Missing, why)
        }
        Err(why) => known(&ex.dir, Some(ex), Status::Fail, format!("refused: {why}")),
    };
    (submitted, settled)
}

/// A result decided without a check.
fn known(dir: &Path, ex: Option<&Exercise>, status: Status, message: String) -> Settled {
    let name = dir
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Settled::Known(ExerciseResult {
        path: dir.to_path_buf(),
        name,
        title: ex.map(|e| e.title.clone()),
        status,
        points: ex.map_or(0, |e| e.points),
        message: Some(message),
        checks: Vec::new(),
        duration: Duration::ZERO,
    })
}

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
fn graded(graded: &Graded, submitted: PathBuf, result: ExerciseResult) -> GradedExercise {
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
    }
}

/// One student's exercises as they come in.
#[derive(Debug, Default)]
struct Slot {
    exercises: Vec<Option<GradedExercise>>,
    pending: usize,
}

/// Where each checked entry goes, the students' slots, and the totals so far.
struct Collector<'p> {
    plan: &'p Plan,
    /// For each runner entry: (student, exercise).
    owners: Vec<(usize, usize)>,
    /// Submitted paths of the runner entries.
    submitted: Vec<PathBuf>,
    slots: Vec<Slot>,
    delivered: usize,
    /// Exercises settled without a check (missing, invalid...).
    known: usize,
    next_student: usize,
    summary: GradeSummary,
}

impl<'p> Collector<'p> {
    /// Settles every exercise of every student; returns the entries the runner must check.
    fn new(plan: &'p Plan) -> (Collector<'p>, Vec<Entry>) {
        let mut entries = Vec::new();
        let mut collector = Collector {
            plan,
            owners: Vec::new(),
            submitted: Vec::new(),
            slots: Vec::new(),
            delivered: 0,
            known: 0,
            next_student: 0,
            summary: GradeSummary::default(),
        };
        for (s, student) in plan.students.iter().enumerate() {
            let mut slot = Slot::default();
            for (e, exercise) in plan.exercises.iter().enumerate() {
                let (submitted, settled) = settle(student, exercise);
                match settled {
                    Settled::Check(ex) => {
                        entries.push(Entry::Run(ex));
                        collector.owners.push((s, e));
                        collector.submitted.push(submitted);
                        slot.exercises.push(None);
                        slot.pending += 1;
                    }
                    Settled::Known(r) => {
                        collector.known += 1;
                        slot.exercises.push(Some(graded(exercise, submitted, r)));
                    }
                }
            }
            collector.slots.push(slot);
        }
        (collector, entries)
    }

    /// Files the next runner result (they come in entry order).
    fn add(&mut self, result: &ExerciseResult) {
        let (s, e) = self.owners[self.delivered];
        let submitted = std::mem::take(&mut self.submitted[self.delivered]);
        self.delivered += 1;
        let exercise = &self.plan.exercises[e];
        self.slots[s].exercises[e] = Some(graded(exercise, submitted, result.clone()));
        self.slots[s].pending -= 1;
    }

    /// Hands on every finished student, in order.
    fn flush(&mut self, on_event: &mut impl FnMut(Event<'_>)) {
        while let Some(slot) = self.slots.get_mut(self.next_student) {
            if slot.pending > 0 {
                return;
            }
            let exercises: Vec<GradedExercise> = std::mem::take(&mut slot.exercises)
                .into_iter()
                .flatten()
                .collect();
            let student = self.plan.students[self.next_student].clone();
            let result = student_result(student, exercises);
            self.summary.add(&result);
            on_event(Event::Student(&result));
            self.next_student += 1;
        }
    }
}

fn student_result(student: Student, exercises: Vec<GradedExercise>) -> StudentResult {
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
    fn add(&mut self, student: &StudentResult) {
        self.students += 1;
        for graded in &student.exercises {
            self.counts.count(graded.result.status);
        }
        self.score = hundredths(self.score + student.score);
        self.max_score += student.max_score;
    }
}

/// Grades every student of `plan` with `jobs` workers; `on_event` sees each check as it
/// finishes and each student, in order, once all of its exercises are graded.
pub(crate) fn run(
    plan: &Plan,
    ctx: &Context,
    options: runner::Options<'_>,
    mut on_event: impl FnMut(Event<'_>),
) -> GradeSummary {
    let start = Instant::now();
    let (mut collector, entries) = Collector::new(plan);
    for _ in 0..collector.known {
        on_event(Event::Graded);
    }
    collector.flush(&mut on_event);
    runner::run(&entries, Ok(ctx), options, |result| {
        collector.add(result);
        on_event(Event::Graded);
        collector.flush(&mut on_event);
    });
    collector.flush(&mut on_event);
    let mut summary = collector.summary;
    summary.invalid_exercises = plan
        .exercises
        .iter()
        .filter(|g| matches!(g.entry, Entry::Invalid { .. }))
        .count();
    summary.duration = start.elapsed();
    summary
}

impl Plan {
    /// Exercises to grade over all students (for progress).
    pub(crate) fn size(&self) -> usize {
        self.exercises.len() * self.students.len()
    }

    /// The exercises that will run programs, for the network warning.
    pub(crate) fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.exercises.iter().map(|g| &g.entry)
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

    #[test]
    fn shards_cover_everything_once() {
        let items: Vec<usize> = (0..10).collect();
        let mut seen: Vec<usize> = (1..=3)
            .flat_map(|index| shard(items.clone(), Some(Partition { index, count: 3 })))
            .collect();
        seen.sort_unstable();
        assert_eq!(seen, items);
    }

    #[test]
    fn paths_below_the_root_use_slashes() {
        let root = Path::new("exercises");
        assert_eq!(relative(root, Path::new("exercises/01_a/b")), "01_a/b");
        assert_eq!(relative(root, root), "");
    }
}
