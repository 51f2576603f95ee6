//! The executor: the threads and processes of a run. `compiles` threads run rustc, and
//! `programs` threads run what was built (a check's program or test harness, each member
//! of a built batch), so no more of each run at once, and a program that sleeps holds up
//! no compile. It knows nothing of verdicts: each finished unit of work goes to the
//! caller, which answers with the work that follows.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use crate::compile::batch::{self, BatchOutcome, Program, Told};
use crate::compile::program::{self, RunSummary};
use crate::compile::rustc::Compiled;
use crate::engine::cache::Recorded;
use crate::engine::job::{self, BatchKind, Built, Context, Job, ToRun};
use crate::engine::results::CheckError;
use crate::engine::schedule::Work;
use crate::model::manifest::CrateType;

/// How much runs at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bounds {
    /// rustc processes (and checks alone, with their program).
    pub(crate) compiles: usize,
    /// Built programs and hidden tests.
    pub(crate) programs: usize,
}

impl Bounds {
    /// The bounds `--jobs N` stands for: N compiles and 2N programs, since a program often
    /// waits (sleeps, reads) where a compile keeps its core busy.
    pub(crate) fn of_jobs(jobs: usize) -> Bounds {
        let jobs = jobs.max(1);
        Bounds {
            compiles: jobs,
            programs: 2 * jobs,
        }
    }
}

/// How each member of a program batch ran, when it built.
pub(crate) type MemberRuns = Vec<Option<Result<RunSummary, CheckError>>>;

/// A finished unit of work.
#[derive(Debug)]
pub(crate) enum Done {
    /// A job compiled (and run) alone: its result, its whole time, and its compile's.
    Solo(usize, Result<Recorded, CheckError>, Duration, Duration),
    /// A batch that tells nothing, and the job likeliest to be why.
    Trouble(Vec<usize>, BatchKind, Option<usize>),
    /// A batch that ran out of time.
    TimedOut(Vec<usize>),
    /// A batch that compiled: each member's diagnostics and, when it built a program,
    /// each member's run; the wall time of the batch.
    Batch(Vec<usize>, BatchKind, Vec<Compiled>, MemberRuns, Duration),
    /// A rendered batch that compiled: what it tells of each member; its wall time.
    Rendered(Vec<usize>, BatchKind, Vec<Told>, Duration),
}

/// Runs `initial` and everything `on_done` answers with, until nothing is left.
pub(crate) fn execute(
    ctx: &Context,
    jobs: &[&Job<'_>],
    bounds: Bounds,
    initial: Vec<Work>,
    mut on_done: impl FnMut(Done) -> Vec<Work>,
) {
    if initial.is_empty() {
        return;
    }
    let shared = Shared { ctx, jobs };
    let (work_tx, work_rx) = mpsc::channel::<Work>();
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    let (run_tx, run_rx) = mpsc::channel::<Task<'_>>();
    let (work_rx, run_rx) = (Mutex::new(work_rx), Mutex::new(run_rx));
    thread::scope(|scope| {
        for _ in 0..bounds.compiles.max(1) {
            let (work_rx, done, runs) = (&work_rx, done_tx.clone(), run_tx.clone());
            let shared = &shared;
            scope.spawn(move || shared.compile_worker(work_rx, &done, &runs));
        }
        for _ in 0..bounds.programs.max(1) {
            let (run_rx, done) = (&run_rx, done_tx.clone());
            let shared = &shared;
            scope.spawn(move || shared.program_runner(run_rx, &done));
        }
        drop((done_tx, run_tx));
        let mut outstanding = initial.len();
        for work in initial {
            let _ = work_tx.send(work);
        }
        while outstanding > 0 {
            let Ok(done) = done_rx.recv() else { break };
            let follow_ups = on_done(done);
            outstanding = outstanding - 1 + follow_ups.len();
            for work in follow_ups {
                let _ = work_tx.send(work);
            }
        }
        drop(work_tx);
    });
}

/// What the threads share.
struct Shared<'r, 'e> {
    ctx: &'r Context,
    jobs: &'r [&'r Job<'e>],
}

/// A built program batch while its members run.
struct Running {
    ids: Vec<usize>,
    kind: BatchKind,
    program: Program,
    members: Mutex<Vec<Compiled>>,
    runs: Mutex<MemberRuns>,
    /// Members still running.
    left: AtomicUsize,
    start: Instant,
}

/// A built program to run.
enum Task<'j> {
    /// The program of job `.0`, compiled alone, and how long its compile took: the
    /// check's time is its compile and its run, not its wait for a program thread.
    Solo(usize, ToRun<'j>, Duration),
    /// Member `.1` of a built batch.
    Member(Arc<Running>, usize),
}

impl<'r> Shared<'r, '_> {
    /// Compiles checks alone (running their programs) and batches; a batch program that
    /// built goes on to the program threads.
    fn compile_worker(
        &self,
        work: &Mutex<mpsc::Receiver<Work>>,
        done: &mpsc::Sender<Done>,
        runs: &mpsc::Sender<Task<'r>>,
    ) {
        loop {
            let next = work.lock().unwrap_or_else(PoisonError::into_inner).recv();
            let Ok(next) = next else { return };
            let start = Instant::now();
            let finished = match next {
                Work::Solo(i) => {
                    let recorded = match job::build(self.ctx, self.jobs[i]) {
                        Ok(Built::Program(program)) => {
                            let _ = runs.send(Task::Solo(i, program, start.elapsed()));
                            None
                        }
                        Ok(Built::Recorded(recorded)) => Some(Ok(recorded)),
                        Err(e) => Some(Err(e)),
                    };
                    // Nothing runs: its whole time is its compile's.
                    let took = start.elapsed();
                    recorded.map(|recorded| Done::Solo(i, recorded, took, took))
                }
                Work::Batch(ids, kind) => self.batch(ids, kind, start, runs),
            };
            if let Some(finished) = finished {
                if done.send(finished).is_err() {
                    return;
                }
            }
        }
    }

    /// Compiles a batch; a built program's members are queued to run, and the batch is
    /// done when the last of them is.
    fn batch(
        &self,
        ids: Vec<usize>,
        kind: BatchKind,
        start: Instant,
        runs: &mpsc::Sender<Task<'r>>,
    ) -> Option<Done> {
        let (members, program) = match self.compile_batch(&ids, kind) {
            BatchOutcome::Trouble => return Some(Done::Trouble(ids, kind, None)),
            BatchOutcome::Suspect(member) => {
                let suspect = ids.get(member).copied();
                return Some(Done::Trouble(ids, kind, suspect));
            }
            BatchOutcome::TimedOut => return Some(Done::TimedOut(ids)),
            BatchOutcome::Rendered(told) => {
                return Some(Done::Rendered(ids, kind, told, start.elapsed()))
            }
            BatchOutcome::Done(members, None) => {
                return Some(Done::Batch(ids, kind, members, Vec::new(), start.elapsed()))
            }
            BatchOutcome::Done(members, Some(program)) => (members, program),
        };
        let built: Vec<usize> = (0..members.len()).filter(|&k| members[k].success).collect();
        if built.is_empty() {
            let none = members.iter().map(|_| None).collect();
            return Some(Done::Batch(ids, kind, members, none, start.elapsed()));
        }
        let batch = Arc::new(Running {
            runs: Mutex::new(members.iter().map(|_| None).collect()),
            members: Mutex::new(members),
            left: AtomicUsize::new(built.len()),
            ids,
            kind,
            program,
            start,
        });
        for index in built {
            let _ = runs.send(Task::Member(Arc::clone(&batch), index));
        }
        None
    }

    /// Compiles the jobs `ids` (all of one group) as modules of one crate.
    fn compile_batch(&self, ids: &[usize], kind: BatchKind) -> BatchOutcome {
        let jobs: Vec<&Job<'_>> = ids.iter().map(|&i| self.jobs[i]).collect();
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

    /// Runs built programs: a check's alone in its temp dir, members of built batches
    /// each from a fresh directory, confined as any program (a program by its `main`,
    /// hidden tests each in a process of their own). A batch is done when its last member
    /// is.
    fn program_runner(&self, tasks: &Mutex<mpsc::Receiver<Task<'r>>>, done: &mpsc::Sender<Done>) {
        loop {
            let next = tasks.lock().unwrap_or_else(PoisonError::into_inner).recv();
            let finished = match next {
                Err(_) => return,
                Ok(Task::Solo(i, program, compiled_in)) => {
                    let start = Instant::now();
                    let recorded = program.run(self.ctx);
                    let took = compiled_in + start.elapsed();
                    Some(Done::Solo(i, recorded, took, compiled_in))
                }
                Ok(Task::Member(batch, index)) => self.run_member(&batch, index),
            };
            if let Some(finished) = finished {
                if done.send(finished).is_err() {
                    return;
                }
            }
        }
    }

    /// Runs one member of a built batch; the batch's result once it was the last.
    fn run_member(&self, batch: &Running, index: usize) -> Option<Done> {
        let run = self.member_program(batch, index);
        batch.runs.lock().unwrap_or_else(PoisonError::into_inner)[index] = Some(run);
        (batch.left.fetch_sub(1, Ordering::AcqRel) == 1).then(|| {
            Done::Batch(
                batch.ids.clone(),
                batch.kind,
                take(&batch.members),
                take(&batch.runs),
                batch.start.elapsed(),
            )
        })
    }

    fn member_program(&self, batch: &Running, index: usize) -> Result<RunSummary, CheckError> {
        let job = self.jobs[batch.ids[index]];
        let what = match batch.kind {
            BatchKind::Test => program::Kind::Hidden(&job.inputs.hidden, self.ctx.test_timeout),
            _ => program::Kind::Binary,
        };
        let (dir, name) = batch
            .program
            .member_dir(index)
            .map_err(|e| CheckError::io("cannot create a temp dir", e))?;
        program::run_member(what, dir.path(), self.ctx.limits, &name)
    }
}

/// The value behind `mutex`, leaving its default.
fn take<T: Default>(mutex: &Mutex<T>) -> T {
    std::mem::take(&mut *mutex.lock().unwrap_or_else(PoisonError::into_inner))
}
