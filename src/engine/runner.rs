//! Scheduling. Every check of every selected exercise becomes a job. Cached results are
//! judged at once; batchable jobs (compile-only checks, run-pass programs, test-pass checks
//! with hidden tests) are grouped into batches, one rustc for many snippets, whose members
//! then run concurrently; the rest compile alone; all on a pool of `--jobs` workers. A
//! result that came from a batch stands only when it passes: anything else is compiled
//! (and run) again alone, so every failure a user sees comes from rustc run on the snippet
//! by itself. Finished exercises are handed to the caller in sorted order as soon as all
//! exercises before them are done.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::compile::batch::{self, BatchOutcome};
use crate::compile::deps;
use crate::compile::deps::Prebuilt;
use crate::compile::program::{self, RunSummary};
use crate::compile::rustc::Compiled;
use crate::engine::cache::{self, Cache, Origin, Recorded};
use crate::engine::job::{self, BatchKind, Context, Job, Target};
use crate::engine::judge;
use crate::engine::results::{CheckError, CheckResult, ExerciseResult, Status, Summary};
use crate::model::discover::Entry;
use crate::model::exercise::{CrateType, Exercise, Expectation};
use crate::sandbox;

/// Snippets in one batch at most.
const MAX_BATCH: usize = 64;

/// How the checks are carried out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options<'a> {
    /// Worker threads.
    pub(crate) jobs: usize,
    /// Whether compile-only snippets may share a rustc.
    pub(crate) batch: bool,
    /// The result cache (possibly off).
    pub(crate) cache: &'a Cache,
    /// Built dependency sets by `deps::table_key`.
    pub(crate) deps: &'a Prebuilts,
}

/// Every dependency set of a run, built or with the reason it could not be.
pub(crate) type Prebuilts = BTreeMap<String, Result<deps::Prebuilt, String>>;

/// A unit of work for a worker.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Work {
    /// Compile (and run) one job alone.
    Solo(usize),
    /// Compile these jobs as one crate of their group's kind.
    Batch(Vec<usize>, BatchKind),
}

/// Snippets that may share a batch: same edition and rustc arguments, the same kind of
/// batch (a compile-pass batch is trusted only when it is free of errors), and in `grade`
/// the same student: one student's programs never share a binary with another's.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct GroupKey {
    edition: &'static str,
    rustc_args: Vec<String>,
    kind: BatchKind,
    student: Option<std::path::PathBuf>,
}

impl GroupKey {
    fn of(job: &Job<'_>, kind: BatchKind) -> GroupKey {
        GroupKey {
            edition: job.ex.edition.as_str(),
            rustc_args: job.extra.clone(),
            kind,
            student: job.ex.submission.as_ref().map(|s| s.student.clone()),
        }
    }
}

/// How each member of a program batch ran, when it built.
type MemberRuns = Vec<Option<Result<RunSummary, CheckError>>>;

/// A finished unit of work.
enum Done {
    Solo(usize, Result<Recorded, CheckError>, Duration),
    Batch(Vec<usize>, BatchKind, BatchOutcome, MemberRuns, Duration),
}

/// Checks the exercise's snippet as it is on disk now against `exp` (learner mode: the
/// learner's snippet against `[solution]`), alone, without the cache or the snapshot.
pub(crate) fn run_alone(
    ctx: &Context,
    ex: &Exercise,
    exp: &Expectation,
    deps: Option<&Result<Prebuilt, String>>,
) -> CheckResult {
    let job = match Job::against(ex, Target::Snippet, exp, deps) {
        Ok(job) => job,
        Err(error) => return *error,
    };
    let recorded = match job::execute(ctx, &job) {
        Ok(recorded) => recorded,
        Err(e) => return CheckResult::error(job.checked(), job.expected(), e),
    };
    let verdict = judge::judge(ctx, &job, &recorded, false).into_iter().next();
    verdict
        .unwrap_or_else(|| CheckResult::error(job.checked(), job.expected(), CheckError::NoVerdict))
}

/// Runs `entries`; `on_result` sees each exercise in order. `ctx` is `Err` when no
/// compiler is available: every exercise is then an error.
pub(crate) fn run(
    entries: &[Entry],
    ctx: Result<&Context, &str>,
    options: Options<'_>,
    on_result: impl FnMut(&ExerciseResult),
) -> Summary {
    let start = Instant::now();
    let mut state = State::new(entries, ctx.err(), on_result);
    if let Ok(ctx) = ctx {
        let jobs = state.make_jobs(entries, options.deps);
        let keys: Vec<cache::Key> = jobs.iter().map(|(_, job)| job.cache_key(ctx)).collect();
        let planner = Planner {
            ctx,
            jobs: &jobs,
            keys: &keys,
            cache: options.cache,
            workers: options.jobs.max(1),
        };
        let work = planner.plan(&mut state, options);
        state.deliver();
        execute_all(&planner, &mut state, work, options.jobs);
    }
    state.deliver();
    state.summary.duration = start.elapsed();
    state.summary
}

/// Runs `initial` work and everything it leads to on `workers` threads.
fn execute_all<F: FnMut(&ExerciseResult)>(
    planner: &Planner<'_, '_>,
    state: &mut State<'_, F>,
    initial: Vec<Work>,
    workers: usize,
) {
    if initial.is_empty() {
        return;
    }
    let (work_tx, work_rx) = mpsc::channel::<Work>();
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    let (built_tx, built_rx) = mpsc::channel::<Built>();
    let (work_rx, built_rx) = (Mutex::new(work_rx), Mutex::new(built_rx));
    thread::scope(|scope| {
        for _ in 0..workers.max(1) {
            let (work_rx, to_done, to_built) = (&work_rx, done_tx.clone(), built_tx.clone());
            scope.spawn(move || worker(planner, work_rx, &to_done, &to_built));
            let (built_rx, to_done) = (&built_rx, done_tx.clone());
            scope.spawn(move || member_runner(planner, built_rx, &to_done));
        }
        drop((done_tx, built_tx));
        let mut outstanding = initial.len();
        for work in initial {
            let _ = work_tx.send(work);
        }
        while outstanding > 0 {
            let Ok(done) = done_rx.recv() else { break };
            let follow_ups = planner.handle(state, done);
            outstanding += follow_ups.len();
            outstanding -= 1;
            for work in follow_ups {
                let _ = work_tx.send(work);
            }
            state.deliver();
        }
        drop(work_tx);
    });
}

/// A batch whose program built, waiting for its members to run.
struct Built {
    ids: Vec<usize>,
    kind: BatchKind,
    outcome: BatchOutcome,
    start: Instant,
}

/// Compiles: checks alone (with their program runs) and batches. A batch program that
/// built goes on to a member runner, so a program that sleeps holds up no compile.
fn worker(
    planner: &Planner<'_, '_>,
    work: &Mutex<mpsc::Receiver<Work>>,
    done: &mpsc::Sender<Done>,
    built: &mpsc::Sender<Built>,
) {
    loop {
        let next = work.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok(next) = next else { return };
        let start = Instant::now();
        let finished = match next {
            Work::Solo(i) => Done::Solo(
                i,
                job::execute(planner.ctx, &planner.jobs[i].1),
                start.elapsed(),
            ),
            Work::Batch(ids, kind) => match planner.batch(&ids, kind) {
                outcome @ BatchOutcome::Done(_, Some(_)) => {
                    let waiting = Built {
                        ids,
                        kind,
                        outcome,
                        start,
                    };
                    if built.send(waiting).is_err() {
                        return;
                    }
                    continue;
                }
                outcome => Done::Batch(ids, kind, outcome, Vec::new(), start.elapsed()),
            },
        };
        if done.send(finished).is_err() {
            return;
        }
    }
}

/// Runs the members of built batch programs.
fn member_runner(
    planner: &Planner<'_, '_>,
    built: &Mutex<mpsc::Receiver<Built>>,
    done: &mpsc::Sender<Done>,
) {
    loop {
        let next = built.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok(Built {
            ids,
            kind,
            outcome,
            start,
        }) = next
        else {
            return;
        };
        let runs = planner.run_members(&ids, kind, &outcome);
        let finished = Done::Batch(ids, kind, outcome, runs, start.elapsed());
        if done.send(finished).is_err() {
            return;
        }
    }
}

/// The jobs of a run and what to do with each result.
struct Planner<'j, 'e> {
    ctx: &'j Context,
    /// Each job with the index of its entry.
    jobs: &'j [(usize, Job<'e>)],
    keys: &'j [cache::Key],
    cache: &'j Cache,
    /// Worker threads, and programs of one batch run at once.
    workers: usize,
}

impl Planner<'_, '_> {
    /// Compiles the jobs `ids` (all of one group) as modules of one crate.
    fn batch(&self, ids: &[usize], kind: BatchKind) -> BatchOutcome {
        let jobs: Vec<&Job<'_>> = ids.iter().map(|&i| &self.jobs[i].1).collect();
        let Some(first) = jobs.first() else {
            return BatchOutcome::Done(Vec::new(), None);
        };
        let members: Vec<batch::Member<'_>> = jobs
            .iter()
            .map(|job| batch::Member {
                file: &job.ex.file,
                files: &job.inputs.files,
                binary: job.ex.crate_type == CrateType::Bin,
            })
            .collect();
        let shared = batch::Shared {
            toolchain: &self.ctx.toolchain,
            timeout: self.ctx.limits.timeout,
            edition: first.ex.edition,
            extra: &first.extra,
            reads: &first.reads,
            build: kind.build(),
        };
        batch::execute(shared, &members)
    }

    /// Runs every member of a built program or test batch (`ids`), each from a fresh
    /// directory, confined as any program: a program by its `main`, hidden tests each in a
    /// process of their own. Up to `workers` members run at once, so a program that sleeps
    /// holds up few others.
    fn run_members(&self, ids: &[usize], kind: BatchKind, outcome: &BatchOutcome) -> MemberRuns {
        let BatchOutcome::Done(members, Some(built)) = outcome else {
            return Vec::new();
        };
        let run = |k: usize| {
            members[k].success.then(|| {
                let job = &self.jobs[ids[k]].1;
                let what = match kind {
                    BatchKind::Test => {
                        program::Kind::Hidden(&job.inputs.hidden, self.ctx.test_timeout)
                    }
                    _ => program::Kind::Binary,
                };
                let (dir, name) = built
                    .member_dir(k)
                    .map_err(|e| CheckError::io("cannot create a temp dir", e))?;
                program::run_member(what, dir.path(), self.ctx.limits, &name)
            })
        };
        in_parallel(members.len(), self.workers, run)
    }

    /// Settles cache hits, groups batchable jobs, and returns the work to do.
    fn plan<F: FnMut(&ExerciseResult)>(
        &self,
        state: &mut State<'_, F>,
        options: Options<'_>,
    ) -> Vec<Work> {
        let mut groups: BTreeMap<GroupKey, Vec<usize>> = BTreeMap::new();
        let mut solo = Vec::new();
        for (i, (_, job)) in self.jobs.iter().enumerate() {
            if let Some(results) = self.cached_results(i) {
                state.complete(self.jobs[i].0, job.target, results, Duration::ZERO);
            } else if let Some(kind) = job.batch_kind(self.ctx.bless).filter(|_| options.batch) {
                groups.entry(GroupKey::of(job, kind)).or_default().push(i);
            } else {
                solo.push(Work::Solo(i));
            }
        }
        let mut work = Vec::new();
        for (key, members) in groups {
            work.extend(split(members, key.kind, options.jobs));
        }
        work.extend(solo);
        // The longest first, so no worker is left with a long tail: batches that build
        // and run programs (a program may sleep), other batches, then checks alone, those
        // that run a program first.
        work.sort_by_key(|w| match w {
            Work::Batch(_, kind) if kind.runs() => 0,
            Work::Batch(..) => 1,
            Work::Solo(i) if self.jobs[*i].1.plan.runs() => 2,
            Work::Solo(_) => 3,
        });
        work
    }

    /// A usable cached result: any result a compile alone produced, or a batched one that
    /// passes.
    fn cached_results(&self, i: usize) -> Option<Vec<CheckResult>> {
        let (origin, recorded) = self.cache.get(&self.keys[i])?;
        let results = judge::judge(self.ctx, &self.jobs[i].1, &recorded, true);
        let passes = results.iter().all(|r| r.status == Status::Pass);
        (origin == Origin::Solo || passes).then_some(results)
    }

    /// Records a finished unit of work and returns what must follow.
    fn handle<F: FnMut(&ExerciseResult)>(&self, state: &mut State<'_, F>, done: Done) -> Vec<Work> {
        match done {
            Done::Solo(i, result, elapsed) => {
                let results = match result {
                    Ok(recorded) => {
                        self.cache.put(&self.keys[i], Origin::Solo, &recorded);
                        judge::judge(self.ctx, &self.jobs[i].1, &recorded, false)
                    }
                    Err(e) => {
                        let job = &self.jobs[i].1;
                        vec![CheckResult::error(job.checked(), job.expected(), e)]
                    }
                };
                state.complete(self.jobs[i].0, self.jobs[i].1.target, results, elapsed);
                Vec::new()
            }
            Done::Batch(ids, kind, outcome, runs, elapsed) => {
                let share = elapsed / ids.len().max(1) as u32;
                match outcome {
                    BatchOutcome::Trouble => self.after_trouble(state, ids, kind),
                    BatchOutcome::Done(members, _) => {
                        self.after_batch(state, &ids, kind, members, runs, share)
                    }
                }
            }
        }
    }

    /// A batch that tells nothing: split it (one member alone compiles solo).
    fn after_trouble<F: FnMut(&ExerciseResult)>(
        &self,
        state: &mut State<'_, F>,
        ids: Vec<usize>,
        kind: BatchKind,
    ) -> Vec<Work> {
        if sandbox::cancelled() {
            for i in ids {
                let job = &self.jobs[i].1;
                let error =
                    CheckResult::error(job.checked(), job.expected(), CheckError::Interrupted);
                state.complete(self.jobs[i].0, job.target, vec![error], Duration::ZERO);
            }
            return Vec::new();
        }
        if ids.len() == 1 {
            return vec![Work::Solo(ids[0])];
        }
        let (left, right) = ids.split_at(ids.len() / 2);
        vec![rebatch(left.to_vec(), kind), rebatch(right.to_vec(), kind)]
    }

    /// Decides which batched results stand. Members with an error that could hide other
    /// snippets' diagnostics (a codeless error such as a parse error; any error in a batch
    /// expected to compile) go alone, and the others are batched again without them.
    /// Otherwise each member's passing result stands and a failing one goes alone; a
    /// program member's result includes its run.
    fn after_batch<F: FnMut(&ExerciseResult)>(
        &self,
        state: &mut State<'_, F>,
        ids: &[usize],
        kind: BatchKind,
        members: Vec<Compiled>,
        runs: MemberRuns,
        share: Duration,
    ) -> Vec<Work> {
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
        if suspicious.iter().any(|&s| s) {
            let (alone, again): (Vec<_>, Vec<_>) =
                ids.iter().zip(&suspicious).partition(|(_, &s)| s);
            let mut work: Vec<Work> = alone.into_iter().map(|(&i, _)| Work::Solo(i)).collect();
            let again: Vec<usize> = again.into_iter().map(|(&i, _)| i).collect();
            if !again.is_empty() {
                work.push(rebatch(again, kind));
            }
            return work;
        }
        let mut runs = runs.into_iter();
        let mut work = Vec::new();
        let mut failed = Vec::new();
        for (&i, compiled) in ids.iter().zip(members) {
            let run = match runs.next().flatten() {
                Some(Ok(run)) if kind.runs() => Some(run),
                // A program that did not run to an end of its own is run again alone.
                _ if kind.runs() => {
                    work.push(Work::Solo(i));
                    continue;
                }
                _ => None,
            };
            let recorded = Recorded::Compiled { compiled, run };
            let results = judge::judge(self.ctx, &self.jobs[i].1, &recorded, false);
            if results.iter().all(|r| r.status == Status::Pass) {
                self.cache.put(&self.keys[i], Origin::Batch, &recorded);
                state.complete(self.jobs[i].0, self.jobs[i].1.target, results, share);
            } else {
                failed.push(i);
            }
        }
        // rustc leaves out later phases (type, borrow checking) once an earlier one found
        // errors, so a compile-fail member may miss its error only because of another's:
        // while some members pass, the others are batched again among themselves (each
        // such batch smaller than the last), and compile alone once none passes.
        let progress = failed.len() < ids.len();
        if kind == BatchKind::CompileFail && progress && failed.len() > 1 {
            work.push(rebatch(failed, kind));
        } else {
            work.extend(failed.into_iter().map(Work::Solo));
        }
        work
    }
}

fn has_codeless_error(compiled: &Compiled) -> bool {
    compiled
        .relevant()
        .any(|d| d.level == crate::compile::diagnostic::Level::Error && d.code.is_none())
}

/// `f` of every index below `n`, in order, on up to `threads` threads.
fn in_parallel<T: Send>(n: usize, threads: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.clamp(1, n.max(1)))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= n {
                            return mine;
                        }
                        mine.push((i, f(i)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, value)| value).collect()
}

/// A batch of two or more, or the single job alone.
fn rebatch(ids: Vec<usize>, kind: BatchKind) -> Work {
    match ids.as_slice() {
        [only] => Work::Solo(*only),
        _ => Work::Batch(ids, kind),
    }
}

/// Cuts a group into batches: enough to keep every worker busy, at most `MAX_BATCH` each.
fn split(members: Vec<usize>, kind: BatchKind, workers: usize) -> Vec<Work> {
    let size = members.len().div_ceil(workers.max(1)).clamp(2, MAX_BATCH);
    members
        .chunks(size)
        .map(|chunk| rebatch(chunk.to_vec(), kind))
        .collect()
}

/// Per-exercise bookkeeping and in-order delivery.
struct State<'e, F: FnMut(&ExerciseResult)> {
    entries: &'e [Entry],
    slots: Vec<Slot>,
    no_compiler: Option<&'e str>,
    next: usize,
    summary: Summary,
    on_result: F,
}

impl<'e, F: FnMut(&ExerciseResult)> State<'e, F> {
    fn new(entries: &'e [Entry], no_compiler: Option<&'e str>, on_result: F) -> Self {
        State {
            entries,
            slots: entries.iter().map(|_| Slot::default()).collect(),
            no_compiler,
            next: 0,
            summary: Summary::default(),
            on_result,
        }
    }

    /// The jobs of every exercise to run, each with its entry index; a job whose inputs
    /// cannot be read completes at once with its error.
    fn make_jobs(&mut self, entries: &'e [Entry], prebuilts: &Prebuilts) -> Vec<(usize, Job<'e>)> {
        let mut jobs = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            let Entry::Run(ex) = entry else { continue };
            let targets = match ex.submission {
                Some(_) => [Some(Target::Submission), None],
                None => [
                    Some(Target::Snippet),
                    ex.solution_file.as_ref().map(|_| Target::Solution),
                ],
            };
            for target in targets.into_iter().flatten() {
                self.slots[index].pending += 1;
                let deps = ex.dependencies.as_ref().map(|t| {
                    let missing = || Err("the dependencies were not built".to_owned());
                    prebuilts
                        .get(&deps::table_key(t))
                        .cloned()
                        .unwrap_or_else(missing)
                });
                match Job::new(ex, target, deps.as_ref()) {
                    Ok(job) => jobs.push((index, job)),
                    Err(result) => self.complete(index, target, vec![*result], Duration::ZERO),
                }
            }
        }
        jobs
    }

    fn complete(
        &mut self,
        entry: usize,
        target: Target,
        results: Vec<CheckResult>,
        elapsed: Duration,
    ) {
        self.slots[entry].add(target, results, elapsed);
    }

    /// Hands over every finished exercise whose predecessors are all handed over.
    fn deliver(&mut self) {
        while self.next < self.entries.len() && self.slots[self.next].pending == 0 {
            let result = finish(
                &self.entries[self.next],
                &mut self.slots[self.next],
                self.no_compiler,
            );
            self.summary.count(result.status);
            (self.on_result)(&result);
            self.next += 1;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_split_to_keep_workers_busy() {
        let fail = BatchKind::CompileFail;
        let work = split((0..10).collect(), fail, 2);
        assert_eq!(
            work,
            [
                Work::Batch((0..5).collect(), fail),
                Work::Batch((5..10).collect(), fail)
            ]
        );
        let capped = split((0..200).collect(), BatchKind::Run, 2);
        assert_eq!(capped.len(), 4);
        assert_eq!(split(vec![7], fail, 2), [Work::Solo(7)]);
    }

    #[test]
    fn parallel_results_keep_their_order() {
        let squares = in_parallel(50, 3, |i| i * i);
        assert_eq!(squares, (0..50).map(|i| i * i).collect::<Vec<_>>());
        assert!(in_parallel(0, 2, |i| i).is_empty());
    }
}
