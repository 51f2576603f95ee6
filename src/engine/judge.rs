//! The verdict: a recorded result (rustc's diagnostics and the program's run, fresh or
//! cached) judged against the job's expectation by the matcher, plus the snapshot check,
//! into typed `CheckResult`s with their mismatches, diff and location. A Markdown block's
//! result is first moved to the Markdown's lines (its line map), so everything judged and
//! reported from it points there; the cache keeps it as rustc gave it. Judging writes
//! nothing: on `bless` the snapshot check proposes the snapshot to write, and the caller
//! writes it once the result is final.

use crate::compile::diagnostic::{Diagnostic, Level};
use crate::compile::normalize;
use crate::compile::program::RunSummary;
use crate::compile::relocate;
use crate::compile::rustc::Compiled;
use crate::compile::uitest;
use crate::engine::annotate::{self, Proposal};
use crate::engine::audit;
use crate::engine::cache::Recorded;
use crate::engine::job::{Context, Job, Target};
use crate::engine::matcher::{self, Actual, Comparison};
use crate::engine::results::{
    CheckResult, Checked, Expected, Location, Mismatch, Status, TestCount,
};
use crate::engine::snapshot::{self, SnapshotWrite};
use crate::engine::stderr;
use crate::model::exercise::{Exercise, StderrRule};
use crate::model::expectation::{CodeRule, Expectation, ExpectedLevel};
use crate::model::hidden::{self, HIDDEN_TESTS};
use crate::model::linemap::LineMap;
use crate::model::shown::shown_below;
use crate::model::source::SNAPSHOT_FILE;
use crate::model::syntax::api;
use std::path::Path;

/// Judges a recorded result: the verdict, and the snapshot check when there is one; a lazy
/// answer's verdict turned into the audit's.
pub(crate) fn judge(
    ctx: &Context,
    job: &Job<'_>,
    recorded: &Recorded,
    cached: bool,
) -> Vec<CheckResult> {
    let relocated;
    let recorded = match job.ex.line_map() {
        Some(map) => {
            relocated = relocate_recorded(recorded, map);
            &relocated
        }
        None => recorded,
    };
    let mut results = match recorded {
        Recorded::OutsideRead(paths) => vec![outside_read(job, paths)],
        Recorded::Compiled { compiled, run } => {
            let mut results = vec![blessed_verdict(ctx, job, compiled, run.as_ref())];
            match &job.ex.suite_case {
                Some(case) if job.has_snapshot(ctx.bless) => {
                    results.extend(stderr::trybuild_check(ctx.bless, case, compiled));
                }
                Some(_) => {}
                None if job.has_snapshot(ctx.bless) => {
                    results.push(snapshot_check(ctx, job.ex, compiled));
                }
                None => {}
            }
            results
        }
    };
    let hidden = job.hidden_file.as_deref().map(shown_below);
    let places = reader_places(job, hidden.as_deref());
    for result in &mut results {
        result.cached = cached;
        if !matches!(result.checked, Checked::Snapshot | Checked::Stderr { .. }) {
            for (compiled, read) in &places {
                result.rendered = relocate::renamed(&result.rendered, compiled, read);
                result.program_stderr = relocate::renamed(&result.program_stderr, compiled, read);
            }
        }
        result.hidden_file.clone_from(&hidden);
        if let (None, Some(map)) = (&result.location, job.ex.line_map()) {
            // A block that went wrong without an error's place points at its fence.
            let fence = map.place(0, None);
            result.location = (result.status != Status::Pass).then(|| Location {
                file: fence.file.to_owned(),
                line: fence.line,
            });
        }
    }
    results
        .into_iter()
        .map(|result| audit::verdict(job, result))
        .collect()
}

/// The files rustc and a panic name as they were in the temp dir (`main.rs`, the hidden
/// tests' internal name), each with the path its reader knows: the snippet, solution or
/// submission as given, and the hidden tests' file (`hidden`, as shown). A Markdown block is already told in the
/// Markdown's lines, and a lazy answer is no file of anyone's.
fn reader_places(job: &Job<'_>, hidden: Option<&str>) -> Vec<(String, String)> {
    if job.ex.line_map().is_some() {
        return Vec::new();
    }
    let snippet = match job.target {
        Target::Snippet => job
            .ex
            .sources
            .iter()
            .find(|s| s.rel == Path::new(&job.ex.file))
            .map(|s| s.abs.as_path()),
        Target::Solution => job.ex.solution_file.as_deref(),
        Target::Submission => job.submission.map(|s| s.file.as_path()),
        Target::Lazy(_) => None,
    };
    let snippet = snippet.map(|path| (job.ex.file.clone(), shown_below(path)));
    let hidden = hidden.map(|path| (HIDDEN_TESTS.to_owned(), path.to_owned()));
    snippet.into_iter().chain(hidden).collect()
}

/// The verdict on the reference API, before anything compiles: a submission (or the
/// learner's snippet checked against `[solution]`) with hidden tests must keep every item
/// of `solution.rs` the tests reach (README, "Grading"). `None` when the check does not
/// apply or finds nothing; otherwise a failure, worth no points, that names each item.
/// `solution` is the reference's text; the grader's tests and the snippet are the job's
/// own inputs, read once already.
pub(crate) fn api(job: &Job<'_>, solution: &str) -> Option<CheckResult> {
    if job.target == Target::Solution {
        return None;
    }
    let input = |name: &str| {
        let file = job
            .inputs
            .files
            .iter()
            .find(|(rel, _)| *rel == Path::new(name));
        file.map(|(_, text)| text.as_str())
    };
    let tests = hidden::grader_text(input(HIDDEN_TESTS)?)?;
    let mismatches = api::check(solution, tests, input(&job.ex.file)?);
    if mismatches.is_empty() {
        return None;
    }
    let mut result = CheckResult::new(job.checked(), job.expected(), Status::Fail);
    result.mismatches = mismatches.into_iter().map(Mismatch::Api).collect();
    Some(result)
}

/// A block's result at the Markdown's lines: the diagnostics, rustc's rendered output and
/// the program's panic location.
fn relocate_recorded(recorded: &Recorded, map: &LineMap) -> Recorded {
    match recorded {
        Recorded::OutsideRead(paths) => Recorded::OutsideRead(paths.clone()),
        Recorded::Compiled { compiled, run } => Recorded::Compiled {
            compiled: relocate::compiled(compiled.clone(), map),
            run: run.as_ref().map(|r| RunSummary {
                stderr: relocate::program_output(&r.stderr, map),
                ..r.clone()
            }),
        },
    }
}

/// The verdict for a snippet that read outside its directory: a failure that shows the
/// paths but none of the diagnostics, which could quote those files.
fn outside_read(job: &Job<'_>, paths: &[String]) -> CheckResult {
    let mut result = CheckResult::new(job.checked(), job.expected(), Status::Fail);
    result.mismatches = vec![Mismatch::OutsideRead(paths.to_vec())];
    result
}

/// The verdict of `job`'s compile (and run) against `exp`.
fn verdict(
    job: &Job<'_>,
    exp: &Expectation,
    compiled: &Compiled,
    run: Option<&RunSummary>,
) -> CheckResult {
    let diagnostics: Vec<&Diagnostic> = compiled.relevant().collect();
    let actual = Actual {
        file: job.ex.shown_file(),
        diagnostics: &diagnostics,
        compiled: compiled.success,
        run,
    };
    let mut cmp = matcher::compare(exp, &actual);
    cmp.mismatches.extend(missing_patterns(exp, compiled, run));
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
        checked: job.checked(),
        expect: job.expected(),
        status,
        expected,
        actual,
        mismatches,
        diff,
        rendered: compiled.rendered(),
        error: None,
        cached: false,
        note: None,
        bless: None,
        tests: run.and_then(test_count),
        program_stderr: run.map(|r| r.stderr.clone()).unwrap_or_default(),
        location: location(&diagnostics, run),
        hidden_file: None,
    }
}

/// The verdict of `job` against its expectation; on `bless --annotations`, the verdict
/// once the snippet's annotations are rewritten (`annotate`) when the rewritten file
/// passes, proposing the file to write (as it is when nothing changes, so the caller says
/// `unchanged`); otherwise the verdict as it was, saying why the annotations were kept
/// when a rewrite could not make it pass.
fn blessed_verdict(
    ctx: &Context,
    job: &Job<'_>,
    compiled: &Compiled,
    run: Option<&RunSummary>,
) -> CheckResult {
    let mut verdict = self::verdict(job, job.exp, compiled, run);
    if !ctx.annotations {
        return verdict;
    }
    match annotate::propose(job, compiled) {
        Proposal::Nothing => verdict,
        Proposal::Declined(why) => CheckResult {
            note: Some(why.to_owned()),
            ..verdict
        },
        Proposal::Rewritten {
            write,
            expect,
            changed,
        } => {
            let again = self::verdict(job, &expect, compiled, run);
            if again.status == Status::Pass {
                return CheckResult {
                    bless: Some(write),
                    ..again
                };
            }
            if let (true, Some(left)) = (changed, again.mismatches.first()) {
                let kept = Mismatch::AnnotationsKept(left.to_string());
                verdict.mismatches.push(kept);
            }
            verdict
        }
    }
}

/// Where a failure points: the first error (by file and line) that has a place, else
/// where the program panicked.
fn location(diagnostics: &[&Diagnostic], run: Option<&RunSummary>) -> Option<Location> {
    let first_error = diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .filter_map(|d| Some((d.file.as_deref()?, d.line?, d.canonical())))
        .min();
    let (file, line) = match first_error {
        Some((file, line, _)) => (file, line),
        // A panic inside the hidden tests points at nothing the student may see.
        None => run?
            .panic_location()
            .filter(|(file, _)| *file != HIDDEN_TESTS)?,
    };
    Some(Location {
        file: file.to_owned(),
        line,
    })
}

/// Tests passed out of those announced or reported, when the harness ran.
fn test_count(run: &RunSummary) -> Option<TestCount> {
    run.tests.as_ref().map(|t| TestCount {
        passed: t.passed,
        total: t.total().max(t.planned),
    })
}

/// `text` after an annotated file's `normalize-stderr` rules, in order, as compiletest
/// applies them after its own.
fn normalized_by(rules: &[StderrRule], text: String) -> String {
    rules.iter().fold(text, |text, rule| {
        rule.pattern
            .replace_all(&text, rule.to.as_str())
            .into_owned()
    })
}

/// The expectation's error patterns that occur nowhere in the output compiletest looks in:
/// the program's stderr when it ran, else rustc's whole output (its summaries too), without
/// colours.
fn missing_patterns(
    exp: &Expectation,
    compiled: &Compiled,
    run: Option<&RunSummary>,
) -> Vec<Mismatch> {
    let output = match run {
        Some(run) => run.stderr.clone(),
        None => normalize::strip_ansi(&compiled.rendered()),
    };
    exp.patterns
        .iter()
        .filter(|p| !output.contains(p.trim()))
        .map(|p| Mismatch::MissingPattern(p.trim().to_owned(), run.is_some()))
        .collect()
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

/// The snapshot check: on `bless` a pass that proposes the snapshot to write (the caller
/// writes it), else rustc's output compared with `expected.stderr`.
fn snapshot_check(ctx: &Context, ex: &Exercise, compiled: &Compiled) -> CheckResult {
    let rendered = compiled.rendered();
    // An annotated file's `.stderr` is compiletest's, with its normalisation.
    let (checked, actual, path, mismatch) = match (&ex.snapshot_file, ex.expect.codes) {
        (Some(file), CodeRule::Annotated) => (
            Checked::Stderr {
                file: file
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            },
            normalized_by(&ex.stderr_rules, uitest::normalized(&rendered)),
            file.clone(),
            Mismatch::UiStderr,
        ),
        _ => (
            Checked::Snapshot,
            normalize::snapshot(&normalize::strip_ansi(&rendered)),
            ex.dir().join(SNAPSHOT_FILE),
            Mismatch::Snapshot,
        ),
    };
    let mut result = CheckResult::new(checked.clone(), Expected::Snapshot, Status::Pass);
    if ctx.bless {
        result.bless = Some(SnapshotWrite {
            path,
            contents: actual,
        });
        return result;
    }
    match snapshot::compare(&path, &actual) {
        Ok(None) => result,
        Ok(Some(diff)) => CheckResult {
            status: Status::Fail,
            mismatches: vec![mismatch],
            diff: Some(diff),
            rendered,
            ..result
        },
        Err(e) => CheckResult::error(checked, Expected::Snapshot, e),
    }
}

/// Whether a check compares rustc's text (a trybuild case's `.stderr`, a snapshot) or asks
/// anything of notes (an expected note, a file that must annotate every note).
pub(crate) fn asks_text_or_notes(ctx: &Context, job: &Job<'_>) -> bool {
    job.ex.suite_case.is_some()
        || job.has_snapshot(ctx.bless)
        || job.exp.exhaustive.contains(&ExpectedLevel::Note)
        || job
            .exp
            .diagnostic_list()
            .any(|d| d.level == ExpectedLevel::Note)
}

/// Whether a check asks anything beyond errors and warnings: rustc's text, a note or a
/// help (expected, or to be annotated). A member a batch told only after another member
/// was in its way is good for a check that does not: labels and helps may read otherwise
/// in a batch of members alike.
pub(crate) fn asks_beyond_errors(ctx: &Context, job: &Job<'_>) -> bool {
    let help = ExpectedLevel::Help;
    asks_text_or_notes(ctx, job)
        || job.exp.exhaustive.contains(&help)
        || job.exp.diagnostic_list().any(|d| d.level == help)
}

/// Whether a told output that fails its check fails it by levels, codes and lines alone,
/// every message and label of its expectation left open: a batch leaves those as they are
/// alone, but not always a message's words (rustc orders some names in a message by where
/// their items sit in the crate, `Bar` and `Baz` then `Baz` and `Bar`). A failure that
/// needs the words compiles alone. A trybuild case is judged by rustc's text, and stands
/// by the rules of a rendered batch.
pub(crate) fn fails_by_lines(ctx: &Context, job: &Job<'_>, recorded: &Recorded) -> bool {
    if job.ex.suite_case.is_some() {
        return true;
    }
    let open = job.exp.without_texts();
    let text_free = Job {
        exp: &open,
        ..job.clone()
    };
    judge(ctx, &text_free, recorded, false)
        .first()
        .is_some_and(|r| r.status != Status::Pass)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(file: &str, line: u32) -> Diagnostic {
        Diagnostic {
            level: Level::Error,
            code: Some("E0308".into()),
            message: "mismatched types".into(),
            file: Some(file.into()),
            line: Some(line),
            column: Some(1),
            label: None,
            children: vec![],
            rendered: String::new(),
            labels: Vec::new(),
        }
    }

    #[test]
    fn the_first_error_by_place_is_the_location() {
        let (late, early, module) = (error("main.rs", 7), error("main.rs", 3), error("a.rs", 9));
        let mut warning = error("a.rs", 1);
        warning.level = Level::Warning;
        let found = location(&[&late, &warning, &early], None).expect("a location");
        assert_eq!((found.file.as_str(), found.line), ("main.rs", 3));
        let found = location(&[&late, &module], None).expect("a location");
        assert_eq!((found.file.as_str(), found.line), ("a.rs", 9));
    }

    #[test]
    fn a_panic_is_the_location_without_errors() {
        let run = RunSummary {
            success: false,
            status: "exit status: 101".into(),
            stdout: String::new(),
            tests: None,
            stderr: "\nthread 'main' panicked at main.rs:4:9:\nboom\n".into(),
        };
        let found = location(&[], Some(&run)).expect("a location");
        assert_eq!((found.file.as_str(), found.line), ("main.rs", 4));
        assert_eq!(location(&[], None), None);
        let hidden = RunSummary {
            stderr: "\nthread 'adds' panicked at snipcheck_hidden_tests.rs:7:5:\n".into(),
            ..run
        };
        assert_eq!(
            location(&[], Some(&hidden)),
            None,
            "the hidden tests stay hidden"
        );
    }
}
