//! A run of checks, from entries to ordered results. Every check of every selected
//! exercise becomes a job; cached results are judged at once; the scheduler decides what
//! is compiled alone and what in batches, the executor carries it out, and each finished
//! unit of work is judged here, recorded in the cache, and told back to the scheduler.
//! Finished exercises are handed to the caller in order as soon as every exercise before
//! them is done.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::compile::batch::Told;
use crate::compile::deps::{self, Prebuilt};
use crate::compile::diagnostic::Level;
use crate::compile::error::DepsError;
use crate::compile::rustc::Compiled;
use crate::engine::audit;
use crate::engine::cache::{self, Cache, Origin, Recorded};
use crate::engine::collect::Ordered;
use crate::engine::executor::{self, Bounds, Done, MemberRuns};
use crate::engine::group::GroupKey;
use crate::engine::job::{self, BatchKind, Context, Job, Target};
use crate::engine::judge;
use crate::engine::results::{CheckError, CheckResult, ExerciseResult, Status, Summary};
use crate::engine::schedule::{Finished, Member, Pending, Scheduler};
use crate::engine::timings::{self, Timings};
use crate::model::audit::Audit;
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
    /// The checks earlier runs found slow, and this run's measures.
    pub(crate) timings: &'a RefCell<Timings>,
}

/// Every dependency set of a run, built or with the reason it could not be.
pub(crate) type Prebuilts = BTreeMap<String, Result<deps::Prebuilt, DepsError>>;

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
    let solution = solution.map(str::to_owned).or_else(|| solution_text(ex));
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
    /// (none for a job an earlier run found slow alone).
    fn settle_cached(&self, results: &mut Results<'_>, batch: bool) -> Vec<Pending<GroupKey>> {
        let timings = self.timings.borrow();
        let mut pending = Vec::new();
        for (id, (_, job)) in self.jobs.iter().enumerate() {
            if let Some(checks) = self.cached_results(id) {
                self.complete(results, id, checks, Duration::ZERO);
                continue;
            }
            let kind = job
                .batch_kind(self.ctx)
                .filter(|_| batch && !timings.is_slow(&self.ids[id]));
            pending.push(Pending {
                id,
                batch: kind.map(|kind| (GroupKey::of(job, kind), kind)),
                runs: job.plan.runs(),
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
                    let id_across_runs = self.ids[id].clone();
                    self.timings
                        .borrow_mut()
                        .measured(id_across_runs, compiled_in);
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
            Told::Crowded if !judge::asks_beyond_errors(self.ctx, &self.jobs[id].1) => {
                return Member::Held
            }
            Told::Crowded => return Member::Suspicious,
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

/// The checks of one exercise as they come in: its judged results and their time.
type Part = (Vec<CheckResult>, Duration);

/// Each exercise's checks, collected and handed over in order, and the run's totals.
struct Results<'e> {
    entries: &'e [Entry],
    /// Each entry's audit, with `check --audit`.
    audits: &'e [Option<Audit>],
    /// Each entry's targets, in the order of its parts.
    targets: Vec<Vec<Target>>,
    ordered: Ordered<Part>,
    no_compiler: Option<&'e str>,
    summary: Summary,
}

impl<'e> Results<'e> {
    fn new(
        entries: &'e [Entry],
        audits: &'e [Option<Audit>],
        no_compiler: Option<&'e str>,
    ) -> Results<'e> {
        let targets: Vec<Vec<Target>> = entries
            .iter()
            .enumerate()
            .map(|(i, entry)| match no_compiler {
                None => targets(entry, audits.get(i).and_then(Option::as_ref)),
                Some(_) => Vec::new(),
            })
            .collect();
        Results {
            entries,
            audits,
            ordered: Ordered::new(targets.iter().map(Vec::len)),
            targets,
            no_compiler,
            summary: Summary::default(),
        }
    }

    /// The jobs of every exercise to run, each with its entry index; a job whose inputs
    /// cannot be read, or a submission (or lazy answer) that breaks the reference API,
    /// completes at once with its result.
    fn make_jobs(&mut self, prebuilts: &Prebuilts, package: bool) -> Vec<(usize, Job<'e>)> {
        let mut jobs = Vec::new();
        // Every student's submission to an exercise is checked against one reference API:
        // its solution is read once.
        let mut solutions: HashMap<&Path, Option<String>> = HashMap::new();
        let (entries, audits) = (self.entries, self.audits);
        for (index, entry) in entries.iter().enumerate() {
            let Some(ex) = entry.exercise() else { continue };
            let submission = match entry {
                Entry::Submitted(_, submission) => Some(submission),
                _ => None,
            };
            let deps = deps::for_exercise(ex, package, prebuilts);
            let answers = audits[index].as_ref().map_or(&[][..], |a| &a.answers);
            for target in self.targets[index].clone() {
                let job = match target {
                    Target::Lazy(i) => Job::lazy(ex, i, &answers[i], deps.as_ref()),
                    _ => Job::new(ex, target, submission, deps.as_ref()),
                };
                // A broken reference API settles the check without rustc.
                let job = job.and_then(|job| {
                    let solution = match (target, ex.solution_file.as_deref()) {
                        (Target::Submission | Target::Lazy(_), Some(path)) => solutions
                            .entry(path)
                            .or_insert_with(|| solution_text(ex))
                            .as_deref(),
                        _ => None,
                    };
                    match solution.and_then(|text| judge::api(&job, text)) {
                        Some(failed) => Err(Box::new(audit::verdict(&job, failed))),
                        None => Ok(job),
                    }
                });
                match job {
                    Ok(job) => jobs.push((index, job)),
                    Err(result) => self.put(index, target, vec![*result], Duration::ZERO),
                }
            }
        }
        jobs
    }

    fn put(&mut self, entry: usize, target: Target, checks: Vec<CheckResult>, took: Duration) {
        let part = self.targets[entry]
            .iter()
            .position(|t| *t == target)
            .unwrap_or_default();
        self.ordered.put(entry, part, (checks, took));
    }

    /// Hands over every finished exercise whose predecessors are all handed over.
    fn deliver(&mut self, on_result: &mut impl FnMut(usize, &ExerciseResult)) {
        for (index, parts) in self.ordered.ready() {
            let audit = self.audits.get(index).and_then(Option::as_ref);
            let result = finish(&self.entries[index], parts, audit, self.no_compiler);
            self.summary.count(result.status);
            on_result(index, &result);
        }
    }
}
/// The text of the exercise's `solution.rs`, when it ships a readable one.
fn solution_text(ex: &Exercise) -> Option<String> {
    std::fs::read_to_string(ex.solution_file.as_deref()?).ok()
}

/// What is checked of an entry: a submission alone, else the snippet and the solution,
/// then the lazy answers of its audit.
fn targets(entry: &Entry, audit: Option<&Audit>) -> Vec<Target> {
    match entry {
        Entry::Submitted(..) => vec![Target::Submission],
        Entry::Run(ex) => std::iter::once(Target::Snippet)
            .chain((ex.solution_file.is_some() || ex.solution_declared).then_some(Target::Solution))
            .chain((0..audit.map_or(0, |a| a.answers.len())).map(Target::Lazy))
            .collect(),
        Entry::Invalid { .. } | Entry::Skipped { .. } => Vec::new(),
    }
}

/// An entry's result from its parts, in order, with the audit checks that compile
/// nothing: the shipped snippet judged by `[expect]` before the answers compiled, the
/// answers left out after them.
fn finish(
    entry: &Entry,
    parts: Vec<Part>,
    audit: Option<&Audit>,
    no_compiler: Option<&str>,
) -> ExerciseResult {
    match entry {
        Entry::Run(ex) | Entry::Submitted(ex, _) => {
            let duration = parts.iter().map(|(_, took)| *took).sum();
            let mut checks: Vec<CheckResult> = parts.into_iter().flat_map(|(c, _)| c).collect();
            if let Some(audit) = audit.filter(|_| no_compiler.is_none()) {
                let at = checks.iter().position(|c| c.checked.is_lazy());
                let at = at.unwrap_or(checks.len());
                let judged = audit::judged_by_expect(audit, ex, &checks);
                checks.splice(at..at, judged);
                checks.extend(audit::left_out(audit, ex));
            }
            let (status, message) = match no_compiler {
                Some(why) => (Status::Error, Some(why.to_owned())),
                None => (worst(&checks), None),
            };
            ExerciseResult {
                path: ex.dir().to_path_buf(),
                name: ex.name.clone(),
                title: Some(ex.title.clone()),
                status,
                points: ex.points,
                message,
                checks,
                duration,
                location: None,
                root: None,
            }
        }
        Entry::Invalid { dir, error } => ExerciseResult::invalid(dir, error),
        Entry::Skipped { dir, reason } => {
            ExerciseResult::without_checks(dir, Status::Skipped, reason.clone())
        }
    }
}

/// An exercise's status: the worst of its checks; a check left out (an audit's answer)
/// says nothing of the exercise.
fn worst(checks: &[CheckResult]) -> Status {
    checks
        .iter()
        .map(|c| c.status)
        .filter(|s| *s != Status::Skipped)
        .max()
        .unwrap_or(Status::Pass)
}
