//! Grading (`snipcheck grade`): every student's submitted snippet of every exercise becomes
//! one check against the exercise's `[solution]`, with the grader's hidden tests; all of them
//! run on one worker pool, and each student's results are scored and handed on in order.
//! `plan` works out what runs, `scoring` gives points, `results` holds what reporters
//! render, `stats` works out the class's figures for them. Nothing here prints: results go
//! to the caller as events.

mod plan;
mod results;
mod scoring;
pub(crate) mod stats;

use std::path::PathBuf;
use std::time::Instant;

use self::plan::Settled;
pub(crate) use self::plan::{plan, Class, Plan, Student, Submissions};
pub(crate) use self::results::{Event, GradeSummary, GradedExercise, StudentResult};
use self::scoring::graded;
pub(crate) use self::scoring::student_result;
use crate::engine::job::Context;
use crate::engine::results::ExerciseResult;
use crate::engine::runner;
use crate::model::discover::Entry;

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
                let (submitted, settled) = plan::settle(student, exercise);
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
