//! Checking a learner's snippet: against `[solution]`, through the same engine and sandbox
//! as `check`, telling a fix apart from a contrast exercise that was never broken.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;

use super::course::{Course, Item};
use crate::compile::deps;
use crate::compile::deps::package::Features;
use crate::compile::error::DepsError;
use crate::compile::rustc::Toolchain;
use crate::engine::cache;
use crate::engine::job::Context;
use crate::engine::results::{CheckResult, Status};
use crate::engine::runner;
use crate::model::exercise::Exercise;
use crate::model::expectation::Outcome;
use crate::model::source::SOLUTION_FILE;

/// What the learner's snippet does now.
#[derive(Debug, Clone)]
pub(crate) enum Attempt {
    /// It meets `[solution]`.
    Solved {
        /// The check.
        result: CheckResult,
        /// It is the shipped snippet, which met `[solution]` all along (README, "Learning with snipcheck").
        contrast: bool,
    },
    /// Not yet: the check says what rustc or the program did instead.
    Unsolved(CheckResult),
    /// The exercise could not be checked (malformed, timeout, rustc crash): why.
    Broken(String),
}

impl Attempt {
    /// Whether the snippet meets `[solution]`.
    pub(crate) fn is_solved(&self) -> bool {
        matches!(self, Attempt::Solved { .. })
    }
}

/// Checks `item`'s snippet as it is on disk now.
pub(crate) fn check(ctx: &Context, course: &Course, item: &Item) -> Attempt {
    if let Some(name) = course.gone(item) {
        // The learner's own file is gone: the way back is `reset`, not the author's
        // advice on naming the snippet in exercise.toml.
        return Attempt::Broken(format!(
            "{name} is gone: `snipcheck reset {}` brings back the shipped copy",
            item.id
        ));
    }
    // Loaded again: the learner may have added or removed module files meanwhile.
    let ex = match Exercise::load(&item.dir) {
        Ok(ex) => ex,
        Err(e) => return Attempt::Broken(e.to_string()),
    };
    let package = course.package.get_or_init(|| {
        let manifest = deps::package::find(&course.root)?;
        deps::package::load(&manifest, &ctx.toolchain, &Features::default(), None)
            .ok()
            .flatten()
    });
    let deps = match (ex.dependencies.as_ref(), package) {
        (table, Some(package)) => Some(deps::prepare_package(package, table, &ctx.toolchain)),
        (Some(table), None) => Some(prepare_default(table, &ctx.toolchain)),
        (None, None) => None,
    };
    let solution = course.shipped(item, SOLUTION_FILE);
    let solution = solution.and_then(|bytes| String::from_utf8(bytes).ok());
    let result = runner::run_alone(ctx, &ex, &ex.solution, solution.as_deref(), deps.as_ref());
    match result.status {
        Status::Pass => Attempt::Solved {
            contrast: course.is_unchanged(item),
            result,
        },
        Status::Error => Attempt::Broken(result.error.map(|e| e.to_string()).unwrap_or_default()),
        Status::Fail | Status::Skipped | Status::Missing => Attempt::Unsolved(result),
    }
}

/// The dependency set of `table` in the default cache directory (learner commands have
/// no `--cache-dir`).
pub(crate) fn prepare_default(
    table: &toml::Table,
    toolchain: &Toolchain,
) -> Result<deps::Prebuilt, DepsError> {
    let root = cache::default_dir(None).ok_or(DepsError::NoDir)?;
    deps::prepare(table, toolchain, &root.join(deps::DIR), false)
}

/// `prepare_default`, also saying whether the set was built now.
pub(crate) fn prepare_told_default(
    table: &toml::Table,
    toolchain: &Toolchain,
) -> Result<(deps::Prebuilt, deps::Provenance), DepsError> {
    let root = cache::default_dir(None).ok_or(DepsError::NoDir)?;
    deps::prepare_told(table, toolchain, &root.join(deps::DIR))
}

/// The ids of every exercise whose snippet meets `[solution]` now, checked on `jobs`
/// threads; used to rebuild a lost progress file.
pub(crate) fn solved_ids(ctx: &Context, course: &Course, jobs: usize) -> BTreeSet<String> {
    let cursor = AtomicUsize::new(0);
    let solved = Mutex::new(BTreeSet::new());
    thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, course.items.len().max(1)) {
            scope.spawn(|| {
                while let Some(item) = course.items.get(cursor.fetch_add(1, Ordering::Relaxed)) {
                    if !surely_unsolved(course, item) && check(ctx, course, item).is_solved() {
                        solved
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .insert(item.id.clone());
                    }
                }
            });
        }
    });
    solved.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// An untouched snippet that ships broken (`[expect]` is compile-fail, `[solution]` is
/// not) cannot meet `[solution]`: no need to compile it.
pub(crate) fn surely_unsolved(course: &Course, item: &Item) -> bool {
    item.exercise.as_ref().is_ok_and(|ex| {
        ex.expect.outcome == Outcome::CompileFail
            && ex.solution.outcome != Outcome::CompileFail
            && course.is_unchanged(item)
    })
}
