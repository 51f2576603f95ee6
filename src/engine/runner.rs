//! A run of checks, from entries to ordered results. Every check of every selected
//! exercise becomes a job; cached results are judged at once; the scheduler decides what
//! is compiled alone and what in batches, the executor carries it out, and each finished
//! unit of work is judged here, recorded in the cache, and told back to the scheduler.
//! Finished exercises are handed to the caller in order as soon as every exercise before
//! them is done.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::compile::deps::{self, Prebuilt};
use crate::compile::diagnostic::Level;
use crate::compile::error::DepsError;
use crate::compile::rustc::Compiled;
use crate::engine::cache::{self, Cache, Origin, Recorded};
use crate::engine::collect::Ordered;
use crate::engine::executor::{self, Bounds, Done, MemberRuns};
use crate::engine::job::{self, BatchKind, Context, Job, Target};
use crate::engine::judge;
use crate::engine::results::{CheckError, CheckResult, ExerciseResult, Status, Summary};
use crate::engine::schedule::{Finished, Member, Pending, Scheduler};
use crate::model::discover::Entry;
use crate::model::exercise::Exercise;
use crate::model::expectation::Expectation;
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
}

/// Every dependency set of a run, built or with the reason it could not be.
pub(crate) type Prebuilts = BTreeMap<String, Result<deps::Prebuilt, DepsError>>;

/// Snippets that may share a batch: same edition and rustc arguments, the same kind of
/// batch (a compile-pass batch is trusted only when it is free of errors), and in `grade`
/// the same student: one student's programs never share a binary with another's.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct GroupKey {
    edition: &'static str,
    rustc_args: Vec<String>,
    kind: BatchKind,
    student: Option<PathBuf>,
}

impl GroupKey {
    fn of(job: &Job<'_>, kind: BatchKind) -> GroupKey {
        GroupKey {
            edition: job.ex.edition.as_str(),
            rustc_args: job.extra.clone(),
            kind,
            student: job.submission.map(|s| s.student.clone()),
        }
    }
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
    let mut results = Results::new(entries, ctx.err());
    if let Ok(ctx) = ctx {
        let jobs = results.make_jobs(entries, options.deps, options.package);
        let checks = Checks {
            ctx,
            keys: jobs.iter().map(|(_, job)| job.cache_key(ctx)).collect(),
            jobs: &jobs,
            cache: options.cache,
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
    cache: &'j Cache,
}

impl Checks<'_, '_> {
    /// Settles the cache hits; the rest is pending, each job with the batch it may join.
    fn settle_cached(&self, results: &mut Results<'_>, batch: bool) -> Vec<Pending<GroupKey>> {
        let mut pending = Vec::new();
        for (id, (_, job)) in self.jobs.iter().enumerate() {
            if let Some(checks) = self.cached_results(id) {
                self.complete(results, id, checks, Duration::ZERO);
                continue;
            }
            let kind = job.batch_kind(self.ctx.bless).filter(|_| batch);
            pending.push(Pending {
                id,
                batch: kind.map(|kind| (GroupKey::of(job, kind), kind)),
                runs: job.plan.runs(),
            });
        }
        pending
    }

    /// A usable cached result: any result a compile alone produced, or a batched one that
    /// passes.
    fn cached_results(&self, id: usize) -> Option<Vec<CheckResult>> {
        let (origin, recorded) = self.cache.get(&self.keys[id])?;
        let results = judge::judge(self.ctx, &self.jobs[id].1, &recorded, true);
        let passes = results.iter().all(|r| r.status == Status::Pass);
        (origin == Origin::Solo || passes).then_some(results)
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

    /// An error result for job `id`.
    fn error(&self, id: usize, error: CheckError) -> Vec<CheckResult> {
        let job = &self.jobs[id].1;
        vec![CheckResult::error(job.checked(), job.expected(), error)]
    }

    /// Judges and records a finished unit of work; what it told, for the scheduler.
    fn handle(&self, results: &mut Results<'_>, done: Done) -> Finished {
        match done {
            Done::Solo(id, recorded, took) => {
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
            Done::Trouble(ids, _) if sandbox::cancelled() => {
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
            Done::Trouble(ids, kind) => Finished::Trouble(ids, kind),
            Done::Batch(ids, kind, members, runs, took) => {
                let share = took / ids.len().max(1) as u32;
                let verdicts = self.members(results, &ids, kind, members, runs, share);
                Finished::Batch(ids, kind, verdicts)
            }
        }
    }

    /// What became of each member of a batch. While any member is suspicious nothing is
    /// judged; otherwise each member is judged, with its run, and a passing result stands.
    fn members(
        &self,
        results: &mut Results<'_>,
        ids: &[usize],
        kind: BatchKind,
        members: Vec<Compiled>,
        runs: MemberRuns,
        share: Duration,
    ) -> Vec<Member> {
        let suspicious: Vec<bool> = members
            .iter()
            .map(|c| {
                if kind.expects_errors() {
                    has_codeless_error(c)
                } else {
                    c.has_errors()
                }
            })
            .collect();
        if suspicious.contains(&true) {
            let held = |&s: &bool| if s { Member::Suspicious } else { Member::Held };
            return suspicious.iter().map(held).collect();
        }
        let mut runs = runs.into_iter();
        let mut verdicts = Vec::new();
        for (&id, compiled) in ids.iter().zip(members) {
            let run = match runs.next().flatten() {
                Some(Ok(run)) if kind.runs() => Some(run),
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
}

fn has_codeless_error(compiled: &Compiled) -> bool {
    compiled
        .relevant()
        .any(|d| d.level == Level::Error && d.code.is_none())
}

/// The checks of one exercise as they come in: its judged results and their time.
type Part = (Vec<CheckResult>, Duration);

/// Each exercise's checks, collected and handed over in order, and the run's totals.
struct Results<'e> {
    entries: &'e [Entry],
    ordered: Ordered<Part>,
    no_compiler: Option<&'e str>,
    summary: Summary,
}

impl<'e> Results<'e> {
    fn new(entries: &'e [Entry], no_compiler: Option<&'e str>) -> Results<'e> {
        let sizes = entries.iter().map(|entry| match no_compiler {
            None => targets(entry).len(),
            Some(_) => 0,
        });
        Results {
            entries,
            ordered: Ordered::new(sizes),
            no_compiler,
            summary: Summary::default(),
        }
    }

    /// The jobs of every exercise to run, each with its entry index; a job whose inputs
    /// cannot be read completes at once with its error.
    fn make_jobs(
        &mut self,
        entries: &'e [Entry],
        prebuilts: &Prebuilts,
        package: bool,
    ) -> Vec<(usize, Job<'e>)> {
        let mut jobs = Vec::new();
        // Every student's submission to an exercise is checked against one reference API:
        // its solution is read once.
        let mut solutions: HashMap<&Path, Option<String>> = HashMap::new();
        for (index, entry) in entries.iter().enumerate() {
            let Some(ex) = entry.exercise() else { continue };
            let submission = match entry {
                Entry::Submitted(_, submission) => Some(submission),
                _ => None,
            };
            let deps = set_key(ex, package).map(|key| {
                let missing = || Err(DepsError::NotBuilt);
                prebuilts.get(&key).cloned().unwrap_or_else(missing)
            });
            for target in targets(entry) {
                let job = Job::new(ex, target, submission, deps.as_ref());
                // A broken reference API settles the check without rustc.
                let job = job.and_then(|job| {
                    let solution = match (target, ex.solution_file.as_deref()) {
                        (Target::Submission, Some(path)) => solutions
                            .entry(path)
                            .or_insert_with(|| solution_text(ex))
                            .as_deref(),
                        _ => None,
                    };
                    match solution.and_then(|text| judge::api(&job, text)) {
                        Some(failed) => Err(Box::new(failed)),
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
        let part = match target {
            Target::Snippet | Target::Submission => 0,
            Target::Solution => 1,
        };
        self.ordered.put(entry, part, (checks, took));
    }

    /// Hands over every finished exercise whose predecessors are all handed over.
    fn deliver(&mut self, on_result: &mut impl FnMut(usize, &ExerciseResult)) {
        for (index, parts) in self.ordered.ready() {
            let result = finish(&self.entries[index], parts, self.no_compiler);
            self.summary.count(result.status);
            on_result(index, &result);
        }
    }
}

/// The text of the exercise's `solution.rs`, when it ships a readable one.
fn solution_text(ex: &Exercise) -> Option<String> {
    std::fs::read_to_string(ex.solution_file.as_deref()?).ok()
}

/// What is checked of an entry: a submission alone, else the snippet and the solution.
fn targets(entry: &Entry) -> Vec<Target> {
    match entry {
        Entry::Submitted(..) => vec![Target::Submission],
        Entry::Run(ex) => std::iter::once(Target::Snippet)
            .chain((ex.solution_file.is_some() || ex.solution_declared).then_some(Target::Solution))
            .collect(),
        Entry::Invalid { .. } | Entry::Skipped { .. } => Vec::new(),
    }
}

fn finish(entry: &Entry, parts: Vec<Part>, no_compiler: Option<&str>) -> ExerciseResult {
    match entry {
        Entry::Run(ex) | Entry::Submitted(ex, _) => {
            let duration = parts.iter().map(|(_, took)| *took).sum();
            let checks: Vec<CheckResult> = parts.into_iter().flat_map(|(c, _)| c).collect();
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
/// The key of the dependency set `ex` uses: its own table's, or in a package the empty
/// table's (the package's set alone).
fn set_key(ex: &Exercise, package: bool) -> Option<String> {
    match &ex.dependencies {
        Some(table) => Some(deps::table_key(table)),
        None if package => Some(deps::table_key(&toml::Table::new())),
        None => None,
    }
}
