//! One check of one exercise: what it compiles (a `Job`: exact inputs and compile plan),
//! how a job runs alone in a fresh temp dir (compile, the §3 full-build retry, the program
//! run), and how a recorded result is judged against the expectation and the snapshot.

use std::path::Path;
use std::process::Command;

use crate::cache::{self, Recorded};
use crate::deps::Prebuilt;
use crate::diagnostic::Diagnostic;
use crate::exercise::{Exercise, Expectation, Outcome, SNAPSHOT_FILE, SOLUTION_FILE};
use crate::matcher::{self, Actual, Comparison, RunSummary};
use crate::rustc::{
    self, CompileError, CompileSpec, Compiled, Emit, Toolchain, OUTSIDE_READ, PROGRAM,
};
use crate::sandbox::confine::Confinement;
use crate::sandbox::{self, Limits};
use crate::snapshot;
use crate::source::Inputs;
use crate::verdict::{CheckResult, Status, TestCount};

/// Which file of the exercise stands in for the snippet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The shipped snippet against `[expect]` (and the snapshot).
    Snippet,
    /// `solution.rs` against `[solution]`.
    Solution,
    /// A submitted snippet (`grade`, `Exercise::submission`) against `[solution]`, with
    /// the grader's hidden tests; only the hidden tests run.
    Submission,
}

/// What every check of a run shares.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    /// The compiler.
    pub(crate) toolchain: Toolchain,
    /// Timeout and output cap for the built program (rustc gets its own cap).
    pub(crate) limits: Limits,
    /// Write snapshots instead of comparing them.
    pub(crate) bless: bool,
}

/// Bytes of rustc output kept before a compile is reported as flooding.
pub(crate) const RUSTC_OUTPUT_CAP: usize = 16 * 1024 * 1024;

/// How a check compiles, decided by its expected outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plan {
    /// `--emit=metadata` only (compile-pass).
    Metadata,
    /// Metadata, then a full build when no error appeared (compile-fail, SPEC §3).
    MetadataThenLink,
    /// A full build, then a run (run outcomes).
    Link,
    /// A `--test` build, then a run of the harness (test outcomes).
    Test,
}

impl Plan {
    fn of(outcome: Outcome) -> Plan {
        match outcome {
            Outcome::CompilePass => Plan::Metadata,
            Outcome::CompileFail => Plan::MetadataThenLink,
            Outcome::RunPass | Outcome::RunFail => Plan::Link,
            Outcome::TestPass | Outcome::TestFail => Plan::Test,
        }
    }

    fn first_emit(self) -> Emit {
        match self {
            Plan::Metadata | Plan::MetadataThenLink => Emit::Metadata,
            Plan::Link => Emit::Link,
            Plan::Test => Emit::Test,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Plan::Metadata => "metadata",
            Plan::MetadataThenLink => "metadata-then-link",
            Plan::Link => "link-and-run",
            Plan::Test => "test-and-run",
        }
    }
}

/// One check, ready to compile: the exercise, which file stands in, the expectation, the
/// exact inputs and the plan.
#[derive(Debug, Clone)]
pub(crate) struct Job<'a> {
    /// The exercise.
    pub(crate) ex: &'a Exercise,
    /// The snippet or the solution.
    pub(crate) target: Target,
    /// What it must achieve.
    pub(crate) exp: &'a Expectation,
    /// The files rustc sees.
    pub(crate) inputs: Inputs,
    /// How it compiles.
    pub(crate) plan: Plan,
    /// Arguments after the standard ones: `rustc-args`, then the prebuilt crates.
    pub(crate) extra: Vec<String>,
    /// Run only the hidden tests (a submission's own tests do not count).
    pub(crate) only_hidden: bool,
}

impl<'a> Job<'a> {
    /// Reads the inputs of `target`; unreadable or non-UTF-8 files, or dependencies that
    /// could not be built, give the error result.
    pub(crate) fn new(
        ex: &'a Exercise,
        target: Target,
        deps: Option<&Result<Prebuilt, String>>,
    ) -> Result<Job<'a>, Box<CheckResult>> {
        let exp = match target {
            Target::Snippet => &ex.expect,
            Target::Solution | Target::Submission => &ex.solution,
        };
        Job::against(ex, target, exp, deps)
    }

    /// `target` checked against `exp`: learner mode checks the exercise's own snippet, as
    /// it is on disk now, against `[solution]`.
    pub(crate) fn against(
        ex: &'a Exercise,
        target: Target,
        exp: &'a Expectation,
        deps: Option<&Result<Prebuilt, String>>,
    ) -> Result<Job<'a>, Box<CheckResult>> {
        let replacement = match target {
            Target::Snippet => None,
            Target::Solution => ex.solution_file.as_deref(),
            Target::Submission => ex.submission.as_ref().map(|s| s.file.as_path()),
        };
        // The grader's choice of hidden tests for a submission, else the expectation's.
        let tests = match (target, &ex.submission) {
            (Target::Submission, Some(submission)) => submission.tests.clone(),
            _ => exp.tests.as_ref().map(|t| ex.dir.join(t.get_ref())),
        };
        let name = target_name(ex, target);
        let error = |e: String| Box::new(CheckResult::error(name, exp.outcome.as_str(), e));
        let inputs =
            Inputs::gather(&ex.sources, &ex.file, replacement, tests.as_deref()).map_err(error)?;
        let mut extra = ex.rustc_args.clone();
        match deps {
            Some(Ok(prebuilt)) => extra.extend(prebuilt.rustc_args()),
            Some(Err(e)) => return Err(error(e.clone())),
            None => {}
        }
        Ok(Job {
            ex,
            target,
            exp,
            inputs,
            plan: Plan::of(exp.outcome),
            extra,
            only_hidden: target == Target::Submission && tests.is_some(),
        })
    }

    /// The name reports give the check: the snippet file or `solution.rs`.
    pub(crate) fn name(&self) -> &str {
        target_name(self.ex, self.target)
    }

    fn spec<'s>(&'s self, crate_name: &'s str, emit: Emit) -> CompileSpec<'s> {
        CompileSpec {
            file: &self.ex.file,
            crate_name,
            edition: self.ex.edition,
            crate_type: self.ex.crate_type,
            emit,
            extra: &self.extra,
        }
    }

    /// The cache key: rustc, plan, arguments, inputs; the timeout too when a program runs,
    /// since its CPU limit follows from it.
    pub(crate) fn cache_key(&self, ctx: &Context) -> cache::Key {
        let crate_name = rustc::crate_name(&self.ex.name);
        let args = self.spec(&crate_name, self.plan.first_emit()).args();
        let plan = match self.plan {
            Plan::Link | Plan::Test => format!(
                "{} timeout={:?} only-hidden={}",
                self.plan.name(),
                ctx.limits.timeout,
                self.only_hidden
            ),
            other => other.name().to_owned(),
        };
        cache::key(&ctx.toolchain.verbose_version, &plan, &args, &self.inputs)
    }

    /// Whether judging writes or compares `expected.stderr`.
    pub(crate) fn has_snapshot(&self, bless: bool) -> bool {
        self.target == Target::Snippet && (bless || self.ex.snapshot_file.is_some())
    }
}

fn target_name(ex: &Exercise, target: Target) -> &str {
    match target {
        Target::Snippet | Target::Submission => &ex.file,
        Target::Solution => SOLUTION_FILE,
    }
}

/// Runs `job` alone in a fresh temp dir: compile, maybe the full-build retry, maybe the
/// program. `Err` means no verdict is possible (timeout, crash, interruption).
pub(crate) fn execute(ctx: &Context, job: &Job<'_>) -> Result<Recorded, String> {
    let dir = tempfile::Builder::new()
        .prefix("snipcheck-")
        .tempdir()
        .map_err(|e| format!("cannot create a temp dir: {e}"))?;
    job.inputs.write_to(dir.path()).map_err(|e| {
        format!(
            "cannot write the sources into {}: {e}",
            dir.path().display()
        )
    })?;
    let compiled = match compile(ctx, job, dir.path()) {
        Ok(c) => c,
        Err(CompileError::OutsideRead(paths)) => return Ok(Recorded::OutsideRead(paths)),
        Err(CompileError::Failed(e)) => return Err(e),
    };
    let run = program_run(ctx, job, &compiled, dir.path())?;
    Ok(Recorded::Compiled {
        compiled: compiled.without_dir(dir.path()),
        run,
    })
}

/// Checks the exercise's snippet as it is on disk now against `exp` (learner mode: the
/// learner's snippet against `[solution]`), alone, without the cache or the snapshot.
pub(crate) fn run_expectation(
    ctx: &Context,
    ex: &Exercise,
    exp: &Expectation,
    deps: Option<&Result<Prebuilt, String>>,
) -> CheckResult {
    let job = match Job::against(ex, Target::Snippet, exp, deps) {
        Ok(job) => job,
        Err(error) => return *error,
    };
    let recorded = match execute(ctx, &job) {
        Ok(recorded) => recorded,
        Err(e) => return CheckResult::error(job.name(), exp.outcome.as_str(), e),
    };
    let lone = Context {
        bless: false,
        ..ctx.clone()
    };
    let verdict = judge(&lone, &job, &recorded, false).into_iter().next();
    verdict.unwrap_or_else(|| {
        CheckResult::error(job.name(), exp.outcome.as_str(), "no verdict".into())
    })
}

/// Judges a recorded result: the verdict, and the snapshot check when there is one.
pub(crate) fn judge(
    ctx: &Context,
    job: &Job<'_>,
    recorded: &Recorded,
    cached: bool,
) -> Vec<CheckResult> {
    let (name, outcome) = (job.name(), job.exp.outcome.as_str());
    let mut results = match recorded {
        Recorded::OutsideRead(paths) => vec![outside_read(name, outcome, paths)],
        Recorded::Compiled { compiled, run } => {
            let mut results = vec![verdict(name, job.exp, &job.ex.file, compiled, run.as_ref())];
            if job.has_snapshot(ctx.bless) {
                results.push(snapshot_check(ctx, job.ex, compiled));
            }
            results
        }
    };
    for result in &mut results {
        result.cached = cached;
    }
    results
}

fn compile(ctx: &Context, job: &Job<'_>, dir: &Path) -> Result<Compiled, CompileError> {
    let crate_name = rustc::crate_name(&job.ex.name);
    let limits = Limits {
        timeout: ctx.limits.timeout,
        output_cap: RUSTC_OUTPUT_CAP,
    };
    let first = rustc::compile(
        &ctx.toolchain,
        dir,
        &job.spec(&crate_name, job.plan.first_emit()),
        limits,
    )?;
    // Some errors only appear at code generation (SPEC §3): retry once with a full build.
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

/// The verdict for a snippet that read outside its directory: a failure that shows the
/// paths but none of the diagnostics, which could quote those files.
fn outside_read(target: &str, outcome: &str, paths: &[String]) -> CheckResult {
    let mut result = CheckResult::new(target, outcome, Status::Fail);
    result.mismatches = vec![format!("{OUTSIDE_READ}: {}", paths.join(", "))];
    result
}

/// Runs the built program or test harness, confined (SPEC §5).
fn program_run(
    ctx: &Context,
    job: &Job<'_>,
    compiled: &Compiled,
    dir: &Path,
) -> Result<Option<RunSummary>, String> {
    let exp = job.exp;
    let harness = exp.outcome.uses_harness();
    if !(exp.outcome.runs() || harness) || !compiled.success {
        return Ok(None);
    }
    // Relative to the working directory, which the child enters before dropping privileges.
    let mut cmd = Command::new(format!("./{PROGRAM}"));
    sandbox::clean_env(&mut cmd).current_dir(dir);
    if harness {
        cmd.args(["--color", "never", "--test-threads", "1"]);
    }
    if harness && job.only_hidden {
        cmd.arg(format!("{}::", crate::source::HIDDEN_MODULE));
    }
    Confinement::program(ctx.limits.timeout)
        .apply(&mut cmd, dir)
        .map_err(|e| format!("cannot confine the program: {e}"))?;
    let out =
        sandbox::run(&mut cmd, ctx.limits).map_err(|e| format!("cannot run the program: {e}"))?;
    if out.cancelled {
        return Err("interrupted".into());
    }
    if out.timed_out {
        let secs = ctx.limits.timeout.as_secs_f32();
        return Err(format!("timeout: the program ran longer than {secs} s"));
    }
    let mut stdout = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    let tests = harness.then(|| crate::harness::parse(&stdout, crate::source::HIDDEN_MODULE));
    if out.truncated {
        stdout.push_str(&format!(
            "\n[output over {} bytes was cut]\n",
            ctx.limits.output_cap
        ));
    }
    Ok(Some(RunSummary {
        success: out.status.success(),
        status: describe_status(&out),
        stdout,
        tests,
        stderr: without_thread_ids(&String::from_utf8_lossy(&out.stderr).replace("\r\n", "\n")),
    }))
}

/// Panic messages name the thread's numeric id (`thread 'main' (31288) panicked`), which
/// changes from run to run; reports leave it out so they stay the same.
fn without_thread_ids(stderr: &str) -> String {
    stderr
        .lines()
        .map(|line| {
            let Some(rest) = line.strip_prefix("thread '") else {
                return line.to_owned();
            };
            let Some((name, after)) = rest.split_once("' (") else {
                return line.to_owned();
            };
            match after.split_once(") ") {
                Some((id, tail)) if id.bytes().all(|b| b.is_ascii_digit()) => {
                    format!("thread '{name}' {tail}")
                }
                _ => line.to_owned(),
            }
        })
        .map(|line| line + "\n")
        .collect()
}

/// `exit status: 1`, or the signal and the limit that sent it.
fn describe_status(out: &sandbox::Output) -> String {
    match out.limit_hit() {
        Some(limit) => format!("{}, over its {limit} limit", out.status),
        None => out.status.to_string(),
    }
}

fn verdict(
    target: &str,
    exp: &Expectation,
    file: &str,
    compiled: &Compiled,
    run: Option<&RunSummary>,
) -> CheckResult {
    let diagnostics: Vec<&Diagnostic> = compiled.relevant().collect();
    let actual = Actual {
        file,
        diagnostics: &diagnostics,
        compiled: compiled.success,
        run,
    };
    let cmp = matcher::compare(exp, &actual);
    let status = if cmp.mismatches.is_empty() {
        Status::Pass
    } else {
        Status::Fail
    };
    let diff = (status == Status::Fail).then(|| unified_diff(&cmp));
    let Comparison {
        mismatches,
        expected,
        actual,
        ..
    } = cmp;
    CheckResult {
        target: target.to_owned(),
        expect: exp.outcome.as_str().to_owned(),
        status,
        expected,
        actual,
        mismatches: mismatches.iter().map(ToString::to_string).collect(),
        diff,
        rendered: compiled.rendered(),
        error: None,
        cached: false,
        note: None,
        tests: run.and_then(test_count),
        program_stderr: run.map(|r| r.stderr.clone()).unwrap_or_default(),
    }
}

/// Tests passed out of those announced or reported, when the harness ran.
fn test_count(run: &RunSummary) -> Option<TestCount> {
    run.tests.as_ref().map(|t| TestCount {
        passed: t.passed,
        total: t.total().max(t.planned),
    })
}

/// Unified diff of the two views, `expected` first.
fn unified_diff(cmp: &Comparison) -> String {
    let old = lines_text(&cmp.expected_view);
    let new = lines_text(&cmp.actual_view);
    similar::TextDiff::from_lines(&old, &new)
        .unified_diff()
        .context_radius(3)
        .header("expected", "actual")
        .to_string()
}

fn lines_text(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// What a failed snapshot check says.
const SNAPSHOT_MISMATCH: &str =
    "expected.stderr differs from rustc's output (run `snipcheck bless` to update it)";

fn snapshot_check(ctx: &Context, ex: &Exercise, compiled: &Compiled) -> CheckResult {
    let actual = snapshot::normalise(&crate::diagnostic::strip_ansi(&compiled.rendered()));
    let path = ex.dir.join(SNAPSHOT_FILE);
    let mut result = CheckResult::new(SNAPSHOT_FILE, "snapshot", Status::Pass);
    let outcome = if ctx.bless {
        snapshot::bless(&path, &actual).map(|changed| {
            result.note = Some(if changed { "written" } else { "unchanged" }.to_owned());
        })
    } else {
        snapshot::compare(&path, &actual).map(|diff| {
            if let Some(diff) = diff {
                result.status = Status::Fail;
                result.mismatches = vec![SNAPSHOT_MISMATCH.to_owned()];
                result.diff = Some(diff);
                result.rendered = compiled.rendered();
            }
        })
    };
    match outcome {
        Ok(()) => result,
        Err(e) => CheckResult::error(SNAPSHOT_FILE, "snapshot", e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_ids_leave_panic_messages() {
        let stderr = "\nthread 'main' (31288) panicked at main.rs:3:21:\nindex out of bounds\n";
        assert_eq!(
            without_thread_ids(stderr),
            "\nthread 'main' panicked at main.rs:3:21:\nindex out of bounds\n"
        );
        assert_eq!(
            without_thread_ids("thread 'x' (y) z\n"),
            "thread 'x' (y) z\n"
        );
    }
}
