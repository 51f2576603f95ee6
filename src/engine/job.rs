//! One check of one exercise as a job: which file stands in for the snippet, the
//! expectation, the exact inputs and the compile plan, its cache key, and how it runs
//! alone in a fresh temp dir (compile, the §3 full-build retry, the program run).

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::compile::batch;
use crate::compile::deps::Prebuilt;
use crate::compile::error::{CheckError, DepsError};
use crate::compile::program;
use crate::compile::rustc::{self, CompileError, CompileSpec, Compiled, Emit, Toolchain};
use crate::compile::workdir;
use crate::engine::cache::{self, Recorded};
pub(crate) use crate::engine::plan::{BatchKind, Plan};
use crate::engine::results::{CheckResult, Checked, Expected, Location};
use crate::model::audit::Answer;
use crate::model::error::InputError;
use crate::model::exercise::Exercise;
use crate::model::expectation::{
    is_error_code, CodeRule, Expectation, ExpectedLevel, Outcome, WarningPolicy,
};
use crate::model::manifest::CrateType;
use crate::model::source::{Inputs, SourceFile, Submission, SOLUTION_FILE};
use crate::model::suite::{Kind, SuiteCase};
use crate::sandbox::Limits;

/// Which file of the exercise stands in for the snippet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The shipped snippet against `[expect]` (and the snapshot).
    Snippet,
    /// `solution.rs` against `[solution]`.
    Solution,
    /// A submitted snippet (`grade`, `Job::submission`) against `[solution]`, with
    /// the grader's hidden tests, compiled with `-F unsafe_code` unless the exercise allows
    /// unsafe code.
    Submission,
    /// The audit's lazy answer with this index among the exercise's answers, against
    /// `[solution]` (`Job::lazy`): compiled as `solution.rs` is.
    Lazy(usize),
}

/// What every check of a run shares.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    /// The compiler.
    pub(crate) toolchain: Toolchain,
    /// Timeout and output cap for the built program (rustc gets its own cap).
    pub(crate) limits: Limits,
    /// Timeout of each hidden test, which runs in a process of its own.
    pub(crate) test_timeout: Duration,
    /// Write snapshots instead of comparing them.
    pub(crate) bless: bool,
    /// `bless --annotations`: propose each snippet's inline annotations rewritten to match
    /// its compile (snapshots are compared, not written).
    pub(crate) annotations: bool,
}

/// One check, ready to compile: the exercise, which file stands in, the expectation, the
/// exact inputs and the plan.
#[derive(Debug, Clone)]
pub(crate) struct Job<'a> {
    /// The exercise.
    pub(crate) ex: &'a Exercise,
    /// The snippet or the solution.
    pub(crate) target: Target,
    /// The submission checked in the snippet's place (`grade`).
    pub(crate) submission: Option<&'a Submission>,
    /// The lazy answer checked in the snippet's place (`check --audit`).
    pub(crate) answer: Option<&'a Answer>,
    /// What it must achieve.
    pub(crate) exp: &'a Expectation,
    /// The files rustc sees.
    pub(crate) inputs: Inputs,
    /// How it compiles.
    pub(crate) plan: Plan,
    /// Arguments after the standard ones: `rustc-args`, then the prebuilt crates.
    pub(crate) extra: Vec<String>,
    /// What rustc may read besides the toolchain: the prebuilt crates and their sources.
    pub(crate) reads: Vec<PathBuf>,
    /// The prebuilt crates' fingerprint, when they are rebuilt by every run (a package under
    /// test): part of the cache key, since their paths stay when their contents change.
    pub(crate) deps_fingerprint: String,
    /// The hidden tests compiled in, as given (the grader's or the expectation's file).
    pub(crate) hidden_file: Option<PathBuf>,
}

impl<'a> Job<'a> {
    /// Reads the inputs of `target` (a submission's when there is one); unreadable or
    /// non-UTF-8 files, or dependencies that could not be built, give the error result.
    pub(crate) fn new(
        ex: &'a Exercise,
        target: Target,
        submission: Option<&'a Submission>,
        deps: Option<&Result<Prebuilt, DepsError>>,
    ) -> Result<Job<'a>, Box<CheckResult>> {
        let exp = match target {
            Target::Snippet => &ex.expect,
            Target::Solution | Target::Submission | Target::Lazy(_) => &ex.solution,
        };
        Job::against(ex, target, exp, submission, deps)
    }

    /// Lazy answer `index` of the audit, `answer`, against `[solution]`: its text stands
    /// in for the snippet.
    pub(crate) fn lazy(
        ex: &'a Exercise,
        index: usize,
        answer: &'a Answer,
        deps: Option<&Result<Prebuilt, DepsError>>,
    ) -> Result<Job<'a>, Box<CheckResult>> {
        let sources = with_text(&ex.sources, &ex.file, &answer.text);
        let parts = Parts {
            target: Target::Lazy(index),
            exp: &ex.solution,
            submission: None,
            answer: Some(answer),
        };
        Job::assemble(ex, parts, &sources, deps)
    }

    /// `target` checked against `exp`: learner mode checks the exercise's own snippet, as
    /// it is on disk now, against `[solution]`.
    pub(crate) fn against(
        ex: &'a Exercise,
        target: Target,
        exp: &'a Expectation,
        submission: Option<&'a Submission>,
        deps: Option<&Result<Prebuilt, DepsError>>,
    ) -> Result<Job<'a>, Box<CheckResult>> {
        let parts = Parts {
            target,
            exp,
            submission,
            answer: None,
        };
        Job::assemble(ex, parts, &ex.sources, deps)
    }

    /// The job of `parts`, its files read from `sources` (the snippet, or what stands in
    /// for it).
    fn assemble(
        ex: &'a Exercise,
        parts: Parts<'a>,
        sources: &[SourceFile],
        deps: Option<&Result<Prebuilt, DepsError>>,
    ) -> Result<Job<'a>, Box<CheckResult>> {
        let Parts {
            target,
            exp,
            submission,
            answer,
        } = parts;
        let replacement = match target {
            Target::Snippet | Target::Lazy(_) => None,
            Target::Solution => ex.solution_file.as_deref(),
            Target::Submission => submission.map(|s| s.file.as_path()),
        };
        // The grader's choice of hidden tests for a submission, else the expectation's.
        let tests = match (target, submission) {
            (Target::Submission, Some(submission)) => submission.tests.clone(),
            _ => exp.tests.as_ref().map(|t| ex.dir().join(t.get_ref())),
        };
        let checked = checked(ex, target, answer);
        let expect = Expected::Outcome(exp.outcome);
        let error = |e: CheckError| Box::new(CheckResult::error(checked.clone(), expect, e));
        if target == Target::Solution && replacement.is_none() {
            let file = ex.dir().join(SOLUTION_FILE);
            return Err(error(CheckError::Input(InputError::NoSolution { file })));
        }
        let inputs =
            Inputs::gather(sources, &ex.file, replacement, tests.as_deref()).map_err(|e| {
                let location = input_location(ex, &e);
                let mut result = error(CheckError::Input(e));
                result.location = location;
                result
            })?;
        let args = CompileArgs::of(ex, target, deps).map_err(error)?;
        Ok(Job {
            ex,
            target,
            submission,
            answer,
            exp,
            inputs,
            plan: Plan::for_exercise(ex, exp.outcome),
            extra: args.extra,
            reads: args.reads,
            deps_fingerprint: args.fingerprint,
            hidden_file: tests,
        })
    }

    /// What the check checks, as its results say.
    pub(crate) fn checked(&self) -> Checked {
        checked(self.ex, self.target, self.answer)
    }

    /// What the check expects, as its results say.
    pub(crate) fn expected(&self) -> Expected {
        Expected::Outcome(self.exp.outcome)
    }

    pub(crate) fn spec<'s>(&'s self, crate_name: &'s str, emit: Emit) -> CompileSpec<'s> {
        CompileSpec {
            file: &self.ex.file,
            crate_name,
            edition: self.ex.edition,
            crate_type: self.ex.crate_type,
            emit,
            extra: &self.extra,
            reads: &self.reads,
            env: &self.ex.rustc_env,
        }
    }

    /// The cache key: rustc, plan, arguments, inputs; the timeout too when a program runs,
    /// since its CPU limit follows from it; and whether it is a lazy answer's.
    pub(crate) fn cache_key(&self, ctx: &Context) -> cache::Key {
        let crate_name = rustc::crate_name(&self.ex.name);
        let args = self.spec(&crate_name, self.plan.first_emit()).args();
        let plan = if self.plan.runs() {
            format!(
                "{} timeout={:?} test-timeout={:?}",
                self.plan.name(),
                ctx.limits.timeout,
                ctx.test_timeout
            )
        } else {
            self.plan.name().to_owned()
        };
        let plan = match self.ex.rustc_env.as_slice() {
            [] => plan,
            env => format!("{plan} env={env:?}"),
        };
        let plan = match self.deps_fingerprint.as_str() {
            "" => plan,
            fingerprint => format!("{plan} crates={fingerprint}"),
        };
        // A lazy answer's result is kept apart: the shipped snippet under `[solution]`
        // compiles exactly as its own `run-fail` or `test-fail` check does, which must
        // never read a result from a batch, where a refused answer's may come from.
        let plan = match self.answer {
            Some(_) => format!("{plan} lazy"),
            None => plan,
        };
        cache::key(&ctx.toolchain.verbose_version, &plan, &args, &self.inputs)
    }

    /// The kind of batch this job may join, if any: a compile-only check, a run-pass
    /// program or a test-pass check with hidden tests, whose verdict cannot depend on lints
    /// that differ between a crate root and a module (the unused `main` of a module is dead
    /// code), never one that writes a file on `bless`, and inputs that behave the same as a
    /// module. A submission allowed unsafe code is built alone: code that runs before
    /// `main` (a constructor in `.init_array`) would run in every test process of its
    /// binary.
    pub(crate) fn batch_kind(&self, ctx: &Context) -> Option<BatchKind> {
        // A test's auxiliary crates are found by name from its crate root
        // (`extern crate helper;`), which a module of a batch is not.
        // Nor do its `rustc-env` and `error-pattern`s fit a batch: the one sets rustc's
        // environment for the whole crate, the other looks in its whole output.
        if self.ex.auxiliary.is_some()
            || !self.ex.rustc_env.is_empty()
            || !self.exp.patterns.is_empty()
        {
            return None;
        }
        if let Some(case) = &self.ex.suite_case {
            return self.stderr_batch(case);
        }
        let lints_matter = self.exp.codes != CodeRule::Annotated
            && self.exp.warnings != WarningPolicy::Ignore
            || self.exp.diagnostic_list().any(|d| {
                d.level == ExpectedLevel::Warning
                    || d.code.as_deref().is_some_and(|c| !is_error_code(c))
            });
        let kind = match (self.plan, self.exp.outcome) {
            // A lazy answer is expected to fail, and a compile-fail batch may hide a
            // member's errors behind another's: its verdict comes from a compile alone.
            (Plan::MetadataThenLink, _) if self.answer.is_some() => return None,
            (Plan::MetadataThenLink, _) if self.told_annotated() => return Some(BatchKind::Told),
            (Plan::MetadataThenLink, _) => BatchKind::CompileFail,
            (Plan::Metadata, _) => BatchKind::CompilePass,
            (Plan::Link, Outcome::RunPass) if self.ex.crate_type == CrateType::Bin => {
                BatchKind::Run
            }
            (Plan::Test, Outcome::TestPass) if self.inputs.has_hidden_tests() => BatchKind::Test,
            _ => return None,
        };
        let inputs_safe = if kind == BatchKind::Test {
            let unsafe_allowed = self.target == Target::Submission && self.ex.allow_unsafe;
            !unsafe_allowed
                && batch::hidden_tests_safe(&self.inputs, &self.ex.file, self.ex.edition)
        } else {
            let build = kind.build();
            batch::module_safe(&self.inputs, self.ex.edition, self.ex.crate_type, build)
        };
        let safe = !lints_matter && !self.may_write(ctx) && inputs_safe;
        safe.then_some(kind)
    }

    /// A trybuild compile-fail case's batch, when its `.stderr` is compared (not imported
    /// expectations) and its file behaves the same as a module with names all known from
    /// its text. A suite with pass cases builds every case, but a case told by a batch has
    /// a hard error, after which rustc alone would not have built either. Its `.stderr` is read, never written, from a
    /// batch: a result that passes writes nothing, and any other compiles alone.
    fn stderr_batch(&self, case: &SuiteCase) -> Option<BatchKind> {
        let safe = case.kind == Kind::CompileFail
            && !case.imported
            && matches!(self.plan, Plan::Metadata | Plan::MetadataThenLink)
            && self.tellable();
        safe.then_some(BatchKind::Told)
    }

    /// Whether an annotated compile-fail file may join a batch that tells each member's
    /// output as it is alone: a file of its own (a submission is judged from a compile
    /// alone), a binary, and safe as a module with its names known from its text. Its
    /// annotations are then judged against that output, whichever way they go; a proposal
    /// to write (`bless --annotations`, a `.stderr`) sends it alone.
    fn told_annotated(&self) -> bool {
        self.exp.codes == CodeRule::Annotated
            && self.ex.crate_type == CrateType::Bin
            && !expects_a_stop(self.exp)
            && self.tellable()
    }

    /// What every check a told batch takes needs: the snippet itself (a submission is
    /// judged from a compile alone), whose text is safe in a binary's module with every
    /// name it defines known from it.
    fn tellable(&self) -> bool {
        self.target == Target::Snippet
            && batch::module_safe(
                &self.inputs,
                self.ex.edition,
                CrateType::Bin,
                batch::Build::Rendered,
            )
    }

    /// Whether judging writes or compares `expected.stderr`.
    pub(crate) fn has_snapshot(&self, bless: bool) -> bool {
        let trybuild = self
            .ex
            .suite_case
            .as_ref()
            .is_some_and(|case| case.kind == Kind::CompileFail && !case.imported);
        // An annotated file has compiletest's `.stderr` only where one is kept beside it.
        let bless = bless && self.exp.codes != CodeRule::Annotated;
        self.target == Target::Snippet && (bless || self.ex.snapshot_file.is_some() || trybuild)
    }

    /// Whether judging may propose a file to write: a snapshot, or on `bless
    /// --annotations` the snippet itself. Such a check is compiled alone: a batch's
    /// diagnostics are not always those the snippet has alone.
    pub(crate) fn may_write(&self, ctx: &Context) -> bool {
        self.has_snapshot(ctx.bless) || (ctx.annotations && self.target == Target::Snippet)
    }
}

/// Whether `exp` expects an error that stops rustc before type checking
/// (`batch::stops_rustc`): in a told batch it would stop every member, which must then
/// share another batch; alone it costs one compile of its own.
fn expects_a_stop(exp: &Expectation) -> bool {
    exp.diagnostic_list().any(|d| {
        d.level == ExpectedLevel::Error
            && batch::stops_rustc(d.code.as_deref(), d.message.as_deref())
    })
}

/// Where an input error points, when it points at a line (a bad byte, a misplaced hidden
/// test): reporters then annotate that line rather than the snippet's first.
fn input_location(ex: &Exercise, error: &InputError) -> Option<Location> {
    let (line, _) = error.position()?;
    let file = error.file();
    let file = file.strip_prefix(ex.dir()).unwrap_or(file);
    Some(Location {
        file: file.to_string_lossy().into_owned(),
        line: u32::try_from(line).ok()?,
    })
}

/// The result's name for `target`: the snippet and a submission go by the snippet's name,
/// a lazy answer by its own.
fn checked(ex: &Exercise, target: Target, answer: Option<&Answer>) -> Checked {
    let file = ex.shown_file().to_owned();
    match (target, answer) {
        (Target::Snippet, _) => Checked::Snippet { file },
        (Target::Solution, _) => Checked::Solution,
        (Target::Submission, _) => Checked::Submission { file },
        (Target::Lazy(_), answer) => Checked::Lazy {
            file: answer.map_or(file, |a| a.name.file.clone()),
            answer: answer.map(|a| a.name.to_string()),
        },
    }
}

/// What a job adds to rustc's command line and lets it read: `rustc-args`, `-F
/// unsafe_code` for a submission, and the prebuilt crates.
struct CompileArgs {
    /// Arguments after the standard ones.
    extra: Vec<String>,
    /// What rustc may read besides the toolchain.
    reads: Vec<PathBuf>,
    /// The prebuilt crates' fingerprint (empty without them).
    fingerprint: String,
}

impl CompileArgs {
    /// The arguments of `target` of `ex`, with `deps` when it uses a set; the set's error
    /// when it did not build.
    fn of(
        ex: &Exercise,
        target: Target,
        deps: Option<&Result<Prebuilt, DepsError>>,
    ) -> Result<CompileArgs, CheckError> {
        let mut built = CompileArgs {
            extra: ex.rustc_args.clone(),
            reads: Vec::new(),
            fingerprint: String::new(),
        };
        if target == Target::Submission && !ex.allow_unsafe {
            // No code before the harness: `unsafe`, `#[no_mangle]`, `#[export_name]` and
            // `#[link_section]` are refused, and the lint cannot be allowed again.
            built
                .extra
                .extend(["-F".to_owned(), "unsafe_code".to_owned()]);
        }
        match deps {
            Some(Ok(prebuilt)) => {
                built.extra.extend(prebuilt.rustc_args());
                built.reads = prebuilt.reads();
                built.fingerprint.clone_from(&prebuilt.fingerprint);
            }
            Some(Err(e)) => return Err(CheckError::Dependencies(e.clone())),
            None => {}
        }
        Ok(built)
    }
}

/// What a job checks, before its files are read.
#[derive(Debug, Clone, Copy)]
struct Parts<'a> {
    /// Which file stands in for the snippet.
    target: Target,
    /// What it must achieve.
    exp: &'a Expectation,
    /// A submission standing in for the snippet.
    submission: Option<&'a Submission>,
    /// A lazy answer standing in for the snippet.
    answer: Option<&'a Answer>,
}

/// `sources` with the snippet's text replaced by `text` (held in memory).
fn with_text(sources: &[SourceFile], snippet: &str, text: &str) -> Vec<SourceFile> {
    let mut sources = sources.to_vec();
    for source in &mut sources {
        if source.rel == Path::new(snippet) {
            source.text = Some(text.to_owned());
        }
    }
    sources
}

/// Runs `job` alone in a fresh temp dir: compile, maybe the full-build retry, maybe the
/// program. `Err` means no verdict is possible (timeout, crash, interruption).
pub(crate) fn execute(ctx: &Context, job: &Job<'_>) -> Result<Recorded, CheckError> {
    match build(ctx, job)? {
        Built::Recorded(recorded) => Ok(recorded),
        Built::Program(program) => program.run(ctx),
    }
}

/// A job compiled alone: its result, or the program that must run first.
#[derive(Debug)]
pub(crate) enum Built<'j> {
    /// Nothing runs: the result is complete.
    Recorded(Recorded),
    /// rustc accepted the snippet and its program (or test harness) is to run.
    Program(ToRun<'j>),
}

/// A built program waiting to run, in the temp dir it was built in.
#[derive(Debug)]
pub(crate) struct ToRun<'j> {
    dir: tempfile::TempDir,
    compiled: Compiled,
    kind: program::Kind<'j>,
}

impl ToRun<'_> {
    /// Runs the program: the job's complete result.
    pub(crate) fn run(self, ctx: &Context) -> Result<Recorded, CheckError> {
        let run = program::run(self.kind, self.dir.path(), ctx.limits)?;
        Ok(Recorded::Compiled {
            compiled: self.compiled.without_dir(self.dir.path()),
            run: Some(run),
        })
    }
}

/// Compiles `job` alone in a fresh temp dir, with the full-build retry; a program that
/// must run is handed back to be run, so a compile slot is not held while it runs.
pub(crate) fn build<'j>(ctx: &Context, job: &'j Job<'_>) -> Result<Built<'j>, CheckError> {
    let dir = workdir::fresh().map_err(|e| CheckError::io("cannot create a temp dir", e))?;
    job.inputs.write_to(dir.path()).map_err(|e| {
        let doing = format!("cannot write the sources into {}", dir.path().display());
        CheckError::io(doing, e)
    })?;
    let compiled = match compile(ctx, job, dir.path()) {
        Ok(c) => c,
        Err(CompileError::OutsideRead(paths)) => {
            return Ok(Built::Recorded(Recorded::OutsideRead(paths)))
        }
        Err(CompileError::Failed(e)) => return Err(e),
    };
    Ok(match program_kind(ctx, job).filter(|_| compiled.success) {
        Some(kind) => Built::Program(ToRun {
            dir,
            compiled,
            kind,
        }),
        None => Built::Recorded(Recorded::Compiled {
            compiled: compiled.without_dir(dir.path()),
            run: None,
        }),
    })
}

fn compile(ctx: &Context, job: &Job<'_>, dir: &Path) -> Result<Compiled, CompileError> {
    let crate_name = rustc::crate_name(&job.ex.name);
    let limits = rustc::limits(ctx.limits.timeout);
    let first = rustc::compile(
        &ctx.toolchain,
        dir,
        &job.spec(&crate_name, job.plan.first_emit()),
        limits,
    )?;
    // Some errors only appear at code generation (README, "Running untrusted snippets"): retry once with a full build.
    if job.plan == Plan::MetadataThenLink && !first.has_errors() {
        return rustc::compile(
            &ctx.toolchain,
            dir,
            &job.spec(&crate_name, Emit::Link),
            limits,
        );
    }
    Ok(first)
}

/// What runs after the build, when the expectation needs a run: the program, the test
/// harness, or the hidden tests through it.
fn program_kind<'j>(ctx: &Context, job: &'j Job<'_>) -> Option<program::Kind<'j>> {
    let outcome = job.exp.outcome;
    if outcome.uses_harness() && job.inputs.has_hidden_tests() {
        Some(program::Kind::Hidden(&job.inputs.hidden, ctx.test_timeout))
    } else if outcome.uses_harness() {
        Some(program::Kind::Harness)
    } else if outcome.runs() {
        Some(program::Kind::Binary)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::expectation::DiagnosticExpectation;

    fn expecting(level: ExpectedLevel, code: Option<&str>, message: &str) -> Expectation {
        let d = DiagnosticExpectation {
            level,
            code: code.map(str::to_owned),
            line: Some(3),
            message: Some(message.to_owned()),
            label: None,
        };
        Expectation {
            diagnostics: vec![toml::Spanned::new(0..0, d)],
            ..Expectation::default()
        }
    }

    #[test]
    fn an_expected_error_that_stops_rustc_keeps_a_check_out_of_told_batches() {
        let error = ExpectedLevel::Error;
        assert!(expects_a_stop(&expecting(
            error,
            None,
            "cannot find trait `X`"
        )));
        assert!(expects_a_stop(&expecting(error, Some("E0404"), "found")));
        assert!(!expects_a_stop(&expecting(
            error,
            None,
            "`X` in this scope"
        )));
        assert!(
            !expects_a_stop(&expecting(
                ExpectedLevel::Note,
                None,
                "cannot find trait `X`"
            )),
            "a note stops nothing"
        );
        assert!(!expects_a_stop(&Expectation::default()));
    }
}
