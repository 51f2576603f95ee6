//! One check of one exercise, from files to verdict: copy the sources into a fresh temp
//! dir, compile (retrying with a full build when §3 asks for it), run the program for run
//! outcomes, compare, and check or bless the `expected.stderr` snapshot.

use std::path::Path;
use std::process::Command;

use crate::diagnostic::Diagnostic;
use crate::exercise::{Exercise, Expectation, Outcome, SNAPSHOT_FILE, SOLUTION_FILE};
use crate::matcher::{self, Actual, Comparison, RunSummary};
use crate::rustc::{
    self, CompileError, CompileSpec, Compiled, Emit, Toolchain, OUTSIDE_READ, PROGRAM,
};
use crate::sandbox::confine::Confinement;
use crate::sandbox::{self, Limits};
use crate::snapshot;
use crate::verdict::{CheckResult, Status};

/// Which file of the exercise stands in for the snippet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The shipped snippet against `[expect]` (and the snapshot).
    Snippet,
    /// `solution.rs` against `[solution]`.
    Solution,
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
const RUSTC_OUTPUT_CAP: usize = 16 * 1024 * 1024;

/// Runs one check; the snippet target also yields the snapshot check when there is one.
pub(crate) fn run(ctx: &Context, ex: &Exercise, target: Target) -> Vec<CheckResult> {
    let (name, exp) = match target {
        Target::Snippet => (ex.file.as_str(), &ex.expect),
        Target::Solution => (SOLUTION_FILE, &ex.solution),
    };
    let outcome = exp.outcome.as_str();
    let dir = match prepare(ex, target, exp) {
        Ok(dir) => dir,
        Err(e) => return vec![CheckResult::error(name, outcome, e)],
    };
    let compiled = match compile(ctx, ex, exp, dir.path()) {
        Ok(c) => c,
        Err(CompileError::OutsideRead(paths)) => return vec![outside_read(name, outcome, &paths)],
        Err(CompileError::Failed(e)) => return vec![CheckResult::error(name, outcome, e)],
    };
    let run = match program_run(ctx, exp, &compiled, dir.path()) {
        Ok(run) => run,
        Err(e) => return vec![CheckResult::error(name, outcome, e)],
    };
    let mut results = vec![verdict(name, exp, &ex.file, &compiled, run.as_ref())];
    if target == Target::Snippet && (ctx.bless || ex.snapshot_file.is_some()) {
        results.push(snapshot_check(ctx, ex, &compiled, dir.path()));
    }
    results
}

/// Checks the exercise's snippet as it is on disk now against `exp`, which need not be
/// `[expect]`: learner mode checks the learner's snippet against `[solution]`. Compiles,
/// runs and compares exactly as `run` does, without the snapshot.
pub(crate) fn run_expectation(ctx: &Context, ex: &Exercise, exp: &Expectation) -> CheckResult {
    let (name, outcome) = (ex.file.as_str(), exp.outcome.as_str());
    let dir = match prepare(ex, Target::Snippet, exp) {
        Ok(dir) => dir,
        Err(e) => return CheckResult::error(name, outcome, e),
    };
    let compiled = match compile(ctx, ex, exp, dir.path()) {
        Ok(c) => c,
        Err(CompileError::OutsideRead(paths)) => return outside_read(name, outcome, &paths),
        Err(CompileError::Failed(e)) => return CheckResult::error(name, outcome, e),
    };
    match program_run(ctx, exp, &compiled, dir.path()) {
        Ok(run) => verdict(name, exp, &ex.file, &compiled, run.as_ref()),
        Err(e) => CheckResult::error(name, outcome, e),
    }
}

/// A fresh temp dir holding the sources, the snippet (or its stand-in), and hidden tests.
fn prepare(ex: &Exercise, target: Target, exp: &Expectation) -> Result<tempfile::TempDir, String> {
    let dir = tempfile::Builder::new()
        .prefix("snipcheck-")
        .tempdir()
        .map_err(|e| format!("cannot create a temp dir: {e}"))?;
    let replacement = match target {
        Target::Snippet => None,
        Target::Solution => ex.solution_file.as_deref(),
    };
    let copy_error =
        |e: std::io::Error| format!("cannot copy the sources into {}: {e}", dir.path().display());
    crate::source::copy_into(dir.path(), &ex.sources, &ex.file, replacement).map_err(copy_error)?;
    crate::source::check_utf8(dir.path(), &ex.sources)?;
    if let Some(tests) = &exp.tests {
        crate::source::add_hidden_tests(dir.path(), &ex.file, &ex.dir.join(tests.get_ref()))
            .map_err(copy_error)?;
    }
    Ok(dir)
}

fn compile(
    ctx: &Context,
    ex: &Exercise,
    exp: &Expectation,
    dir: &Path,
) -> Result<Compiled, CompileError> {
    let crate_name = rustc::crate_name(&ex.name);
    let emit = match exp.outcome {
        o if o.runs() => Emit::Link,
        o if o.uses_harness() => Emit::Test,
        _ => Emit::Metadata,
    };
    let mut spec = CompileSpec {
        file: &ex.file,
        crate_name: &crate_name,
        edition: ex.edition,
        crate_type: ex.crate_type,
        emit,
        extra: &ex.rustc_args,
    };
    let limits = Limits {
        timeout: ctx.limits.timeout,
        output_cap: RUSTC_OUTPUT_CAP,
    };
    let first = rustc::compile(&ctx.toolchain, dir, &spec, limits)?;
    // Some errors only appear at code generation (SPEC §3): retry once with a full build.
    if exp.outcome == Outcome::CompileFail && spec.emit == Emit::Metadata && !first.has_errors() {
        spec.emit = Emit::Link;
        return rustc::compile(&ctx.toolchain, dir, &spec, limits);
    }
    Ok(first)
}

/// The verdict for a snippet that read outside its directory: a failure that shows the
/// paths but none of the diagnostics, which could quote those files.
fn outside_read(target: &str, outcome: &str, paths: &[String]) -> CheckResult {
    let mut result = CheckResult::error(target, outcome, String::new());
    result.error = None;
    result.status = Status::Fail;
    result.mismatches = vec![format!("{OUTSIDE_READ}: {}", paths.join(", "))];
    result
}

/// Runs the built program or test harness, confined (SPEC §5).
fn program_run(
    ctx: &Context,
    exp: &Expectation,
    compiled: &Compiled,
    dir: &Path,
) -> Result<Option<RunSummary>, String> {
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
    }))
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
    }
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

fn snapshot_check(ctx: &Context, ex: &Exercise, compiled: &Compiled, dir: &Path) -> CheckResult {
    let actual = snapshot::normalise(&crate::diagnostic::strip_ansi(&compiled.rendered()), dir);
    let path = ex.dir.join(SNAPSHOT_FILE);
    let mut result = CheckResult::error(SNAPSHOT_FILE, "snapshot", String::new());
    result.error = None;
    if ctx.bless {
        match snapshot::bless(&path, &actual) {
            Ok(changed) => {
                result.status = Status::Pass;
                result.note = Some(if changed { "written" } else { "unchanged" }.to_owned());
            }
            Err(e) => result.error = Some(e),
        }
        return result;
    }
    match snapshot::compare(&path, &actual) {
        Ok(None) => result.status = Status::Pass,
        Ok(Some(diff)) => {
            result.status = Status::Fail;
            result.mismatches = vec![SNAPSHOT_MISMATCH.to_owned()];
            result.diff = Some(diff);
            result.rendered = compiled.rendered();
        }
        Err(e) => result.error = Some(e),
    }
    result
}
