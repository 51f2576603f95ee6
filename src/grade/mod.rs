//! Grading (`snipcheck grade`): every student's submitted snippet of every exercise becomes
//! one check against the exercise's `[solution]`, with the grader's hidden tests; all of them
//! run on one worker pool, and each student's results are scored and handed on in order.
//! `plan` works out what runs, `scoring` gives points, `results` holds what reporters
//! render, `stats` works out the class's figures for them, `error` says why a class cannot
//! be graded. Nothing here prints: results go to the caller as events.

mod error;
mod plan;
mod results;
mod scoring;
pub(crate) mod stats;

use std::path::PathBuf;
use std::time::Instant;

pub(crate) use self::error::GradeError;
use self::plan::Settled;
pub(crate) use self::plan::{plan, Class, Plan, Student, Submissions};
pub(crate) use self::results::{Event, GradeSummary, GradedExercise, StudentResult};
use self::scoring::graded;
pub(crate) use self::scoring::student_result;
use crate::engine::collect::Ordered;
use crate::engine::pipeline::{self, Pipeline};
use crate::engine::results::ExerciseResult;
use crate::model::discover::Entry;

/// Where each checked entry goes, the students' exercises as they come in (one slot per
/// student, one part per exercise), and the totals so far.
struct Collector<'p> {
    plan: &'p Plan,
    /// For each runner entry: (student, exercise) and the submitted path.
    owners: Vec<(usize, usize, PathBuf)>,
    ordered: Ordered<GradedExercise>,
    summary: GradeSummary,
}

impl<'p> Collector<'p> {
    /// Settles every exercise of every student; returns the entries the runner must check
    /// and how many exercises were settled without a check (missing, invalid...).
    fn new(plan: &'p Plan) -> (Collector<'p>, Vec<Entry>, usize) {
        let sizes = plan.students.iter().map(|_| plan.exercises.len());
        let mut collector = Collector {
            plan,
            owners: Vec::new(),
            ordered: Ordered::new(sizes),
            summary: GradeSummary::default(),
        };
        let (mut entries, mut known) = (Vec::new(), 0);
        for (s, student) in plan.students.iter().enumerate() {
            for (e, exercise) in plan.exercises.iter().enumerate() {
                let (submitted, settled) = plan::settle(student, exercise);
                match settled {
                    Settled::Check(entry) => {
                        entries.push(entry);
                        collector.owners.push((s, e, submitted));
                    }
                    Settled::Known(r) => {
                        known += 1;
                        collector.ordered.put(s, e, graded(exercise, submitted, r));
                    }
                }
            }
        }
        (collector, entries, known)
    }

    /// Files the runner's result of entry `index`.
    fn add(&mut self, index: usize, result: &ExerciseResult) {
        let (s, e, submitted) = &mut self.owners[index];
        let exercise = &self.plan.exercises[*e];
        let graded = graded(exercise, std::mem::take(submitted), result.clone());
        self.ordered.put(*s, *e, graded);
    }

    /// Hands on every finished student, in order.
    fn flush(&mut self, on_event: &mut impl FnMut(Event<'_>)) {
        for (s, exercises) in self.ordered.ready() {
            let student = self.plan.students[s].clone();
            let result = student_result(student, exercises);
            self.summary.add(&result);
            on_event(Event::Student(&result));
        }
    }
}

/// Grades every student of `plan` through `pipeline`; `on_event` sees what the run tells,
/// each check as it finishes, and each student, in order, once all of its exercises are
/// graded.
pub(crate) fn run(
    plan: &Plan,
    pipeline: &Pipeline<'_>,
    mut on_event: impl FnMut(Event<'_>),
) -> Result<GradeSummary, GradeError> {
    let start = Instant::now();
    let (mut collector, entries, known) = Collector::new(plan);
    for _ in 0..known {
        on_event(Event::Graded);
    }
    collector.flush(&mut on_event);
    pipeline.run(&entries, |event| match event {
        pipeline::Event::Checked(index, result) => {
            collector.add(index, result);
            on_event(Event::Graded);
            collector.flush(&mut on_event);
        }
        other => on_event(Event::Run(other)),
    })?;
    collector.flush(&mut on_event);
    let mut summary = collector.summary;
    summary.invalid_exercises = plan
        .exercises
        .iter()
        .filter(|g| matches!(g.entry, Entry::Invalid { .. }))
        .count();
    summary.duration = start.elapsed();
    Ok(summary)
}
