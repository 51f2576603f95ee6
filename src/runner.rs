//! Scheduling: every check of every selected exercise runs on a pool of `--jobs` worker
//! threads; finished exercises are handed to the caller in sorted order, as soon as all
//! exercises before them are done, so output is deterministic and still streams.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::check::{self, Context, Target};
use crate::discover::Entry;
use crate::verdict::{CheckResult, ExerciseResult, Status, Summary};

/// One unit of work: a check of the exercise at `entry`.
#[derive(Debug, Clone, Copy)]
struct Unit {
    entry: usize,
    target: Target,
}

/// Runs `entries` with `jobs` workers; `on_result` sees each exercise in order.
/// `ctx` is `Err` when no compiler is available: every exercise is then an error.
pub(crate) fn run(
    entries: &[Entry],
    ctx: Result<&Context, &str>,
    jobs: usize,
    mut on_result: impl FnMut(&ExerciseResult),
) -> Summary {
    let start = Instant::now();
    let units = ctx.map(|_| plan(entries)).unwrap_or_default();
    let mut slots: Vec<Slot> = (0..entries.len()).map(|i| Slot::new(i, &units)).collect();
    let mut summary = Summary::default();
    let mut next = 0;
    let mut deliver = |slots: &mut Vec<Slot>, summary: &mut Summary| {
        while next < slots.len() && slots[next].is_done() {
            let result = finish(&entries[next], &mut slots[next], ctx.err());
            summary.count(result.status);
            on_result(&result);
            next += 1;
        }
    };
    deliver(&mut slots, &mut summary);
    if let Ok(ctx) = ctx {
        let (sender, receiver) = mpsc::channel();
        let cursor = AtomicUsize::new(0);
        thread::scope(|scope| {
            for _ in 0..jobs.clamp(1, units.len().max(1)) {
                let sender = sender.clone();
                let (cursor, units) = (&cursor, &units);
                scope.spawn(move || work(ctx, entries, units, cursor, &sender));
            }
            drop(sender);
            for (unit, results, elapsed) in receiver {
                slots[unit.entry].add(unit.target, results, elapsed);
                deliver(&mut slots, &mut summary);
            }
        });
    }
    summary.duration = start.elapsed();
    summary
}

fn plan(entries: &[Entry]) -> Vec<Unit> {
    let mut units = Vec::new();
    for (entry, e) in entries.iter().enumerate() {
        if let Entry::Run(ex) = e {
            if ex.submission.is_some() {
                units.push(Unit {
                    entry,
                    target: Target::Submission,
                });
                continue;
            }
            units.push(Unit {
                entry,
                target: Target::Snippet,
            });
            if ex.solution_file.is_some() {
                units.push(Unit {
                    entry,
                    target: Target::Solution,
                });
            }
        }
    }
    units
}

type Done = (Unit, Vec<CheckResult>, Duration);

fn work(
    ctx: &Context,
    entries: &[Entry],
    units: &[Unit],
    cursor: &AtomicUsize,
    sender: &mpsc::Sender<Done>,
) {
    loop {
        let i = cursor.fetch_add(1, Ordering::Relaxed);
        let Some(unit) = units.get(i).copied() else {
            return;
        };
        let Entry::Run(ex) = &entries[unit.entry] else {
            continue;
        };
        let start = Instant::now();
        let results = check::run(ctx, ex, unit.target);
        if sender.send((unit, results, start.elapsed())).is_err() {
            return;
        }
    }
}

/// The checks of one exercise as they come in.
#[derive(Debug, Default)]
struct Slot {
    pending: usize,
    snippet: Vec<CheckResult>,
    solution: Vec<CheckResult>,
    elapsed: Duration,
}

impl Slot {
    fn new(entry: usize, units: &[Unit]) -> Slot {
        Slot {
            pending: units.iter().filter(|u| u.entry == entry).count(),
            ..Slot::default()
        }
    }

    fn is_done(&self) -> bool {
        self.pending == 0
    }

    fn add(&mut self, target: Target, results: Vec<CheckResult>, elapsed: Duration) {
        self.pending -= 1;
        self.elapsed += elapsed;
        match target {
            Target::Snippet => self.snippet = results,
            Target::Solution | Target::Submission => self.solution = results,
        }
    }
}

fn finish(entry: &Entry, slot: &mut Slot, no_compiler: Option<&str>) -> ExerciseResult {
    match entry {
        Entry::Run(ex) => {
            let mut checks = std::mem::take(&mut slot.snippet);
            checks.append(&mut slot.solution);
            let (status, message) = match no_compiler {
                Some(why) => (Status::Error, Some(why.to_owned())),
                None => (
                    checks
                        .iter()
                        .map(|c| c.status)
                        .max()
                        .unwrap_or(Status::Pass),
                    None,
                ),
            };
            ExerciseResult {
                path: ex.dir.clone(),
                name: ex.name.clone(),
                title: Some(ex.title.clone()),
                status,
                points: ex.points,
                message,
                checks,
                duration: slot.elapsed,
            }
        }
        Entry::Invalid { dir, error } => bare(dir, Status::Error, error.to_string()),
        Entry::Skipped { dir, reason } => bare(dir, Status::Skipped, reason.clone()),
    }
}

fn bare(dir: &std::path::Path, status: Status, message: String) -> ExerciseResult {
    ExerciseResult {
        path: dir.to_path_buf(),
        name: dir
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        title: None,
        status,
        points: 0,
        message: Some(message),
        checks: Vec::new(),
        duration: Duration::ZERO,
    }
}
