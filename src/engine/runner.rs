//! A run of checks, from entries to ordered results. Every check of every selected
//! exercise becomes a job; cached results are judged at once; the scheduler decides what
//! is compiled alone and what in batches, the executor carries it out, and each finished
//! unit of work is judged here, recorded in the cache, and told back to the scheduler.
//! Finished exercises are handed to the caller in order as soon as every exercise before
//! them is done.

use std::cell::RefCell;
use std::time::{Duration, Instant};

use crate::compile::batch::Told;
use crate::compile::deps::Prebuilt;
use crate::compile::diagnostic::Level;
use crate::compile::error::DepsError;
use crate::compile::rustc::Compiled;
use crate::engine::audit;
use crate::engine::cache::{self, Cache, Origin, Recorded};
use crate::engine::executor::{self, Bounds, Done, MemberRuns};
use crate::engine::group::GroupKey;
use crate::engine::job::{self, BatchKind, Context, Job, Target};
use crate::engine::judge;
use crate::engine::results::{CheckError, CheckResult, ExerciseResult, Status, Summary};
use crate::engine::schedule::{Finished, Member, Pending, Scheduler};
use crate::engine::tally::{self, Prebuilts, Results};
use crate::engine::timings::{self, Timings};
use crate::model::discover::Entry;
use crate::model::exercise::Exercise;
use crate::model::expectation::{is_error_code, Expectation};
use crate::sandbox;

/// How the checks are carried out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options<'a> {
    /// `--jobs`: compiles at once (and twice as many programs, see `Bounds`).
    pub(crate) jobs: usize,
    /// Whether snippets may share a rustc.
    pub(crate) batch: bool,
    /// The result cache (possibly off).
    pub(crate) cache: &'a Cache,
    /// Built dependency sets by `deps::table_key`.
    pub(crate) deps: &'a Prebuilts,
    /// Whether a package under test gives every exercise its set (the empty table's key
    /// for an exercise without `[dependencies]`).
    pub(crate) package: bool,
    /// `check --audit`: lazy answers are checked against `[solution]` too.
    pub(crate) audit: bool,
    /// The checks earlier runs found slow or crashing rustc, and this run's measures.
    pub(crate) timings: &'a RefCell<Timings>,
}

/// Checks the exercise's snippet as it is on disk now against `exp` (learner mode: the
/// learner's snippet against `[solution]`), alone, without the cache or the snapshot;
/// first against the reference API of `solution` (its text, else the exercise's
/// `solution.rs`) when it has hidden tests.
pub(crate) fn run_alone(
    ctx: &Context,
    ex: &Exercise,
    exp: &Expectation,
    solution: Option<&str>,
    deps: Option<&Result<Prebuilt, DepsError>>,
) -> CheckResult {
    let job = match Job::against(ex, Target::Snippet, exp, None, deps) {
        Ok(job) => job,
        Err(error) => return *error,
    };
    let solution = solution
        .map(str::to_owned)
        .or_else(|| tally::solution_text(ex));
    if let Some(failed) = solution.and_then(|text| judge::api(&job, &text)) {
        return failed;
    }
    let recorded = match job::execute(ctx, &job) {
        Ok(recorded) => recorded,
        Err(e) => return CheckResult::error(job.checked(), job.expected(), e),
    };
    let verdict = judge::judge(ctx, &job, &recorded, false).into_iter().next();
    verdict
        .unwrap_or_else(|| CheckResult::error(job.checked(), job.expected(), CheckError::NoVerdict))
}

/// Runs `entries`; `on_result` sees each exercise, with its index in `entries`, in order.
/// `ctx` is `Err` when no compiler is available: every exercise is then an error.
pub(crate) fn run(
    entries: &[Entry],
    ctx: Result<&Context, &str>,
    options: Options<'_>,
    mut on_result: impl FnMut(usize, &ExerciseResult),
) -> Summary {
    let start = Instant::now();
    let audits = audit::audits(entries, options.audit);
    let mut results = Results::new(entries, &audits, ctx.err());
    if let Ok(ctx) = ctx {
        let jobs = results.make_jobs(options.deps, options.package);
        let checks = Checks {
            ctx,
            keys: jobs.iter().map(|(_, job)| job.cache_key(ctx)).collect(),
            ids: jobs.iter().map(|(_, job)| timings::Id::of(job)).collect(),
            jobs: &jobs,
            cache: options.cache,
            timings: options.timings,
        };
        let pending = checks.settle_cached(&mut results, options.batch);
        results.deliver(&mut on_result);
        let scheduler = Scheduler::new(options.jobs);
        let initial = scheduler.start(pending);
        let refs: Vec<&Job<'_>> = jobs.iter().map(|(_, job)| job).collect();
        let bounds = Bounds::of_jobs(options.jobs);
        executor::execute(ctx, &refs, bounds, initial, |done| {
            let finished = checks.handle(&mut results, done);
            results.deliver(&mut on_result);
            scheduler.finished(finished)
        });
    }
    results.deliver(&mut on_result);
    results.summary.duration = start.elapsed();
    results.summary
}

/// The jobs of a run, their cache keys, and how each result is judged and recorded.
struct Checks<'j, 'e> {
    ctx: &'j Context,
    /// Each job with the index of its entry.
    jobs: &'j [(usize, Job<'e>)],
    keys: Vec<cache::Key>,
    /// Each job's identity across runs.
    ids: Vec<timings::Id>,
    cache: &'j Cache,
    timings: &'j RefCell<Timings>,
}

impl Checks<'_, '_> {
    /// Settles the cache hits; the rest is pending, each job with the batch it may join
    /// (none for a job an earlier run found slow alone, or crashing rustc).
    fn settle_cached(&self, results: &mut Results<'_>, batch: bool) -> Vec<Pending<GroupKey>> {
        let timings = self.timings.borrow();
        let mut pending = Vec::new();
        for (id, (_, job)) in self.jobs.iter().enumerate() {
            if let Some(checks) = self.cached_results(id) {
                self.complete(results, id, checks, Duration::ZERO);
                continue;
            }
            let known_alone = timings.alone(&self.ids[id]);
            let kind = job.batch_kind(self.ctx).filter(|_| batch && !known_alone);
            pending.push(Pending {
                id,
                batch: kind.map(|kind| (GroupKey::of(job, kind), kind)),
                runs: job.plan.runs(),
                known_alone,
            });
        }
        pending
    }

    /// A usable cached result: any result a compile alone produced; one a rendered batch
    /// told that proposes no file to write (`bless` writes what a compile alone printed);
    /// or a batched one that passes and proposes no file to write (a batch member's
    /// diagnostics carry no rendered output, and are not always those of the snippet
    /// alone).
    fn cached_results(&self, id: usize) -> Option<Vec<CheckResult>> {
        let (origin, recorded) = self.cache.get(&self.keys[id])?;
        let results = judge::judge(self.ctx, &self.jobs[id].1, &recorded, true);
        let writes = results.iter().any(|r| r.bless.is_some());
        let passes = results.iter().all(|r| r.status == Status::Pass);
        let usable = match origin {
            Origin::Solo => true,
            Origin::Rendered => !writes,
            Origin::Batch => passes && !writes,
        };
        usable.then_some(results)
    }

    fn complete(
        &self,
        results: &mut Results<'_>,
        id: usize,
        checks: Vec<CheckResult>,
        took: Duration,
    ) {
        let (entry, job) = &self.jobs[id];
        results.put(*entry, job.target, checks, took);
    }

    /// An error result for job `id` (for a lazy answer, the audit's verdict on it).
    fn error(&self, id: usize, error: CheckError) -> Vec<CheckResult> {
        let job = &self.jobs[id].1;
        let result = CheckResult::error(job.checked(), job.expected(), error);
        vec![audit::verdict(job, result)]
    }

    /// Judges and records a finished unit of work; what it told, for the scheduler.
    fn handle(&self, results: &mut Results<'_>, done: Done) -> Finished {
        match done {
            Done::Solo(id, recorded, took, compiled_in) => {
                if !sandbox::cancelled() {
                    let crashed = matches!(recorded, Err(CheckError::CompilerCrash { .. }));
                    self.timings
                        .borrow_mut()
                        .measured(&self.ids[id], compiled_in, crashed);
                }
                let checks = match recorded {
                    Ok(recorded) => {
                        self.cache.put(&self.keys[id], Origin::Solo, &recorded);
                        judge::judge(self.ctx, &self.jobs[id].1, &recorded, false)
                    }
                    Err(e) => self.error(id, e),
                };
                self.complete(results, id, checks, took);
                Finished::Settled
            }
            Done::Trouble(ids, _, _) | Done::TimedOut(ids) if sandbox::cancelled() => {
                for &id in &ids {
                    self.complete(
                        results,
                        id,
                        self.error(id, CheckError::Interrupted),
                        Duration::ZERO,
                    );
                }
                Finished::Settled
            }
            Done::Trouble(ids, kind, suspect) => Finished::Trouble(ids, kind, suspect),
            Done::TimedOut(ids) => Finished::TimedOut(ids),
            Done::Batch(ids, kind, members, runs, took) => {
                let share = took / ids.len().max(1) as u32;
                let verdicts = self.members(results, &ids, kind, members, runs, share);
                Finished::Batch(ids, kind, verdicts)
            }
            Done::Rendered(ids, kind, told, took) => {
                let share = took / ids.len().max(1) as u32;
                let verdicts = ids
                    .iter()
                    .zip(told)
                    .map(|(&id, told)| self.rendered_member(results, id, told, share))
                    .collect();
                Finished::Batch(ids, kind, verdicts)
            }
        }
    }

    /// What became of each member of a batch. While any member has errors only the lazy
    /// answers those errors settle are judged (`settled_by_errors`); otherwise each member
    /// is judged, with its run, and a passing result stands.
    fn members(
        &self,
        results: &mut Results<'_>,
        ids: &[usize],
        kind: BatchKind,
        members: Vec<Compiled>,
        runs: MemberRuns,
        share: Duration,
    ) -> Vec<Member> {
        let erroneous: Vec<bool> = members.iter().map(|c| kind.spoiled_by(c)).collect();
        if erroneous.contains(&true) {
            let mut verdicts = Vec::new();
            for ((&id, compiled), bad) in ids.iter().zip(members).zip(erroneous) {
                verdicts.push(if bad {
                    self.settled_by_errors(results, id, compiled, share)
                } else {
                    Member::Held
                });
            }
            return verdicts;
        }
        let mut runs = runs.into_iter();
        let mut verdicts = Vec::new();
        for (&id, compiled) in ids.iter().zip(members) {
            let run = match runs.next().flatten() {
                Some(Ok(run)) if kind.runs() => Some(run),
                // A lazy answer's own program that ran out of time failed `[solution]`:
                // it need not run out of time alone again.
                Some(Err(e)) if self.jobs[id].1.answer.is_some() && audit::out_of_time(&e) => {
                    self.complete(results, id, self.error(id, e), share);
                    verdicts.push(Member::Passed);
                    continue;
                }
                _ if kind.runs() => {
                    verdicts.push(Member::Unfinished);
                    continue;
                }
                _ => None,
            };
            let recorded = Recorded::Compiled { compiled, run };
            let checks = judge::judge(self.ctx, &self.jobs[id].1, &recorded, false);
            if checks.iter().all(|r| r.status == Status::Pass) {
                self.cache.put(&self.keys[id], Origin::Batch, &recorded);
                self.complete(results, id, checks, share);
                verdicts.push(Member::Passed);
            } else {
                verdicts.push(Member::Failed);
            }
        }
        verdicts
    }

    /// What became of a member of a rendered batch: its told output is the case's output
    /// alone, and its checks stand, failing or passing, unless they propose a file to write
    /// (`bless` writes what a compile alone printed); a member not told compiles alone, or
    /// in another batch when it was hidden.
    fn rendered_member(
        &self,
        results: &mut Results<'_>,
        id: usize,
        told: Told,
        share: Duration,
    ) -> Member {
        let compiled = match told {
            Told::Output(compiled) => compiled,
            Told::Loose(compiled) if !judge::asks_text_or_notes(self.ctx, &self.jobs[id].1) => {
                compiled
            }
            Told::Loose(_) | Told::Alone => return Member::Suspicious,
            Told::Hidden => return Member::Held,
            Told::Crowded => {
                let alone = judge::asks_beyond_errors(self.ctx, &self.jobs[id].1);
                return if alone {
                    Member::Suspicious
                } else {
                    Member::Held
                };
            }
        };
        let recorded = Recorded::Compiled {
            compiled,
            run: None,
        };
        let job = &self.jobs[id].1;
        let checks = judge::judge(self.ctx, job, &recorded, false);
        let fails = checks.iter().any(|r| r.status != Status::Pass);
        if checks.iter().any(|r| r.bless.is_some())
            || fails && !judge::fails_by_lines(self.ctx, job, &recorded)
        {
            return Member::Suspicious;
        }
        self.cache.put(&self.keys[id], Origin::Rendered, &recorded);
        self.complete(results, id, checks, share);
        Member::Passed
    }

    /// A batch member with errors: a lazy answer with an error code of its own fails its
    /// `[solution]` (which must compile, since lazy answers never join compile-fail
    /// batches) whatever else is in the batch, and its audit check stands; any other
    /// member goes alone.
    fn settled_by_errors(
        &self,
        results: &mut Results<'_>,
        id: usize,
        compiled: Compiled,
        share: Duration,
    ) -> Member {
        let job = &self.jobs[id].1;
        if job.answer.is_none() || !has_coded_error(&compiled) {
            return Member::Suspicious;
        }
        let recorded = Recorded::Compiled {
            compiled,
            run: None,
        };
        let checks = judge::judge(self.ctx, job, &recorded, false);
        if !checks.iter().all(|r| r.status == Status::Pass) {
            return Member::Suspicious;
        }
        self.cache.put(&self.keys[id], Origin::Batch, &recorded);
        self.complete(results, id, checks, share);
        Member::Passed
    }
}

/// Whether rustc reported an error with a code (`E0277`) among the member's own
/// diagnostics: an error of its text, not of a lint level or of its place in a batch.
fn has_coded_error(compiled: &Compiled) -> bool {
    compiled
        .relevant()
        .any(|d| d.level == Level::Error && d.code.as_deref().is_some_and(is_error_code))
}
