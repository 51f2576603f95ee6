//! Results as values: the status of a check and of an exercise, each way a check failed
//! (`Mismatch`) or could not run (`CheckError`), where it points, and the run's totals.
//! The engine produces these; reporters render them and never parse them back.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub(crate) use crate::compile::error::CheckError;
use crate::compile::rustc::OUTSIDE_READ;
use crate::engine::snapshot::SnapshotWrite;
use crate::model::expectation::Outcome;
use crate::model::manifest::ConfigError;
use crate::model::source::{EXERCISE_FILE, SNAPSHOT_FILE, SOLUTION_FILE};
use crate::model::syntax::api::ApiMismatch;

/// Status of a check or an exercise (README, "JSON report").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Status {
    /// Every expectation met.
    Pass,
    /// Filtered out, or written for a newer rustc.
    Skipped,
    /// Checked, and something differs.
    Fail,
    /// Could not be checked: bad config, timeout, crash, missing rustc.
    Error,
    /// `grade` only: the submission holds no file for the exercise.
    Missing,
}

impl Status {
    /// Whether a check with this status says something went wrong: not a pass, and not
    /// a check left out (an audit's answer that was not tried).
    pub(crate) fn fails(self) -> bool {
        !matches!(self, Self::Pass | Self::Skipped)
    }

    /// The spelling used in reports.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Skipped => "skipped",
            Self::Fail => "fail",
            Self::Error => "error",
            Self::Missing => "missing",
        }
    }
}

/// One way the actual result differs from the expectation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mismatch {
    /// The snippet compiled (or ran) differently: expected vs actual outcome text.
    Outcome {
        /// What the expectation wanted.
        expected: Outcome,
        /// What happened, e.g. `compile-pass` or `run-fail (exit status: 1)`.
        actual: String,
    },
    /// An expected error code was not reported.
    MissingCode(String),
    /// An error code was reported that the expectation does not list.
    UnexpectedCode(String),
    /// No distinct diagnostic matched this `[[expect.diagnostic]]` (its canonical line).
    Unmatched(String),
    /// An error without a code that no `[[expect.diagnostic]]` accounts for.
    UnexpectedError(String),
    /// A warning or lint the policy does not allow.
    UnexpectedWarning(String),
    /// A note or help (a span's label included) that an annotated file must annotate, since
    /// it annotates others of its level, and does not.
    Unannotated(String),
    /// The program's stdout differs from `stdout`.
    Stdout,
    /// The snippet read these files outside its directory (README, "Running untrusted snippets"); its diagnostics are
    /// withheld, since they could quote the files.
    OutsideRead(Vec<String>),
    /// `expected.stderr` differs from rustc's rendered output.
    Snapshot,
    /// A trybuild case's `.stderr` differs from rustc's output as trybuild normalises it,
    /// or is missing.
    Stderr {
        /// Whether the file is missing.
        missing: bool,
    },
    /// An annotated file's `.stderr` differs from rustc's output as compiletest normalises it.
    UiStderr,
    /// The submission breaks the solution's API as the hidden tests see it (README,
    /// "Grading"): decided before anything compiles.
    Api(ApiMismatch),
    /// A lazy answer (its name) met `[solution]`: the audit of the exercise fails (README,
    /// "Auditing exercises").
    LazyAnswerPasses(String),
    /// `bless --annotations` kept the snippet's annotations: rewritten, the check would
    /// still fail, for this reason (the first mismatch of the rewritten file).
    AnnotationsKept(String),
    /// An `error-pattern` that occurs nowhere in the output it is looked for in: rustc's,
    /// or the program's stderr (`true`).
    MissingPattern(String, bool),
    /// A mismatch read back from a JSON report (`snipcheck merge`): its sentence, which is
    /// all that reporters show of a mismatch.
    Reported(String),
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Outcome { expected, actual } => {
                write!(f, "expected outcome {}, got {actual}", expected.as_str())
            }
            Self::MissingCode(code) => write!(f, "expected error {code} was not reported"),
            Self::UnexpectedCode(code) => write!(f, "error {code} was reported but not expected"),
            Self::Unmatched(line) => write!(f, "no diagnostic matches `{line}`"),
            Self::UnexpectedError(line) => write!(f, "unexpected error: {line}"),
            Self::UnexpectedWarning(line) => write!(f, "unexpected warning: {line}"),
            Self::Unannotated(line) => write!(f, "no annotation for {line}"),
            Self::Stdout => write!(f, "the program's stdout differs from `stdout`"),
            Self::OutsideRead(paths) => write!(f, "{OUTSIDE_READ}: {}", paths.join(", ")),
            Self::Snapshot => f.write_str(SNAPSHOT_MISMATCH),
            Self::Stderr { missing: false } => f.write_str(
                "the .stderr differs from rustc's output, normalised as trybuild does (run `snipcheck bless` to update it)",
            ),
            Self::Stderr { missing: true } => {
                f.write_str("the .stderr is missing (run `snipcheck bless` to write what is shown)")
            }
            Self::UiStderr => f.write_str(
                "the .stderr differs from rustc's output, normalised as compiletest does (run `snipcheck bless` to update it)",
            ),
            Self::Api(mismatch) => mismatch.fmt(f),
            Self::LazyAnswerPasses(answer) => write!(f, "lazy answer passes [solution]: {answer}"),
            Self::AnnotationsKept(why) => write!(
                f,
                "bless --annotations left the annotations as they were: rewritten, the check would still fail ({why})"
            ),
            Self::MissingPattern(pattern, false) => {
                write!(f, "error pattern `{pattern}` is not in rustc's output")
            }
            Self::MissingPattern(pattern, true) => {
                write!(f, "error pattern `{pattern}` is not in the program's stderr")
            }
            Self::Reported(sentence) => f.write_str(sentence),
        }
    }
}

/// What a failed snapshot check says.
const SNAPSHOT_MISMATCH: &str =
    "expected.stderr differs from rustc's output (run `snipcheck bless` to update it)";

/// A place in the checked files: the file relative to the exercise (the snippet's name
/// stands for whatever file was compiled in its place) and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Location {
    /// File, relative to the exercise directory.
    pub(crate) file: String,
    /// 1-based line.
    pub(crate) line: u32,
}

/// What a check checked. Reports name it by `name`; nothing compares those names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Checked {
    /// The exercise's own snippet, by the name reports give it (a Markdown block's is the
    /// Markdown file).
    Snippet {
        /// The snippet's file name.
        file: String,
    },
    /// `solution.rs`.
    Solution,
    /// A student's submitted snippet (`grade`), named as the exercise's snippet, whose
    /// place it takes.
    Submission {
        /// The exercise's snippet file name.
        file: String,
    },
    /// `expected.stderr`, rustc's rendered output of the snippet.
    Snapshot,
    /// A trybuild case's `.stderr`, by its file name.
    Stderr {
        /// The `.stderr` file's name.
        file: String,
    },
    /// A lazy answer of the audit (`check --audit`) against `[solution]`: it passes when
    /// the answer does not meet `[solution]`.
    Lazy {
        /// The file the answer was made from: the snippet's name, or `solution.rs`.
        file: String,
        /// The answer, as reports name it; `None` for the whole audit (left out).
        answer: Option<String>,
    },
}

impl Checked {
    /// The file name reports write for it.
    pub(crate) fn name(&self) -> &str {
        match self {
            Self::Snippet { file } | Self::Submission { file } => file,
            Self::Solution => SOLUTION_FILE,
            Self::Snapshot => SNAPSHOT_FILE,
            Self::Stderr { file } | Self::Lazy { file, .. } => file,
        }
    }

    /// Whether this is a check of the audit.
    pub(crate) fn is_lazy(&self) -> bool {
        matches!(self, Self::Lazy { .. })
    }

    /// What reports call the check in a line of its own: its name, and for an audit
    /// check the lazy answer it tried (`audit of main.rs as shipped`).
    pub(crate) fn title(&self) -> String {
        match self.answer() {
            Some(answer) => format!("{self} of {answer}"),
            None => self.to_string(),
        }
    }

    /// The lazy answer an audit check tried, when it is one.
    pub(crate) fn answer(&self) -> Option<&str> {
        match self {
            Self::Lazy { answer, .. } => answer.as_deref(),
            _ => None,
        }
    }

    /// The snippet's file name when this check compiled the snippet or what stands in for
    /// it (a submission): the name that locations of the compiled file carry.
    pub(crate) fn snippet_file(&self) -> Option<&str> {
        match self {
            Self::Snippet { file } | Self::Submission { file } => Some(file),
            Self::Solution | Self::Snapshot | Self::Stderr { .. } | Self::Lazy { .. } => None,
        }
    }
}

/// How reports name an audit check; the answer is in its mismatch (and in verbose lines).
pub(crate) const AUDIT: &str = "audit";

impl fmt::Display for Checked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Lazy { .. } => f.write_str(AUDIT),
            _ => f.write_str(self.name()),
        }
    }
}

/// What a check expected: an outcome of compiling (and running), or the snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expected {
    /// The expectation's outcome (`[expect]` or `[solution]`).
    Outcome(Outcome),
    /// rustc's output equal to `expected.stderr`.
    Snapshot,
}

/// How reports spell `Expected::Snapshot`.
pub(crate) const SNAPSHOT_EXPECTATION: &str = "snapshot";

impl Expected {
    /// The spelling used in reports: the outcome's, or `snapshot`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Outcome(outcome) => outcome.as_str(),
            Self::Snapshot => SNAPSHOT_EXPECTATION,
        }
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One check of an exercise: the shipped snippet, the solution, a submission, or the
/// snapshot.
#[derive(Debug, Clone)]
pub(crate) struct CheckResult {
    /// What was checked.
    pub(crate) checked: Checked,
    /// What it was expected to do.
    pub(crate) expect: Expected,
    /// Verdict.
    pub(crate) status: Status,
    /// Canonical expected lines.
    pub(crate) expected: Vec<String>,
    /// Canonical actual lines.
    pub(crate) actual: Vec<String>,
    /// Each difference.
    pub(crate) mismatches: Vec<Mismatch>,
    /// Unified diff of expected vs actual, when the check failed.
    pub(crate) diff: Option<String>,
    /// rustc's rendered output of the compile (ANSI colour included).
    pub(crate) rendered: String,
    /// Why the check could not run (status `error`).
    pub(crate) error: Option<CheckError>,
    /// Whether the result came from the cache.
    pub(crate) cached: bool,
    /// Something worth telling that is not a failure (`written` after bless).
    pub(crate) note: Option<String>,
    /// `bless` only: the snapshot this check proposes, which the caller writes (and notes)
    /// before the result is reported.
    pub(crate) bless: Option<SnapshotWrite>,
    /// What the built program wrote to stderr (a panic message, say), when it ran.
    pub(crate) program_stderr: String,
    /// For test outcomes whose harness ran: how many tests passed (partial credit).
    pub(crate) tests: Option<TestCount>,
    /// Where a failure points: the first error's place, else where the program panicked.
    pub(crate) location: Option<Location>,
    /// The hidden tests' file as `rendered` and `program_stderr` name it, when they were
    /// compiled in (what `--reveal` looks for).
    pub(crate) hidden_file: Option<String>,
}

/// Tests of one harness run: how many passed, out of how many were announced or reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TestCount {
    /// Tests that passed.
    pub(crate) passed: usize,
    /// Tests announced by the harness (`running N tests`), or reported if more.
    pub(crate) total: usize,
}

impl CheckResult {
    /// A check with `status` and nothing else recorded yet.
    pub(crate) fn new(checked: Checked, expect: Expected, status: Status) -> CheckResult {
        CheckResult {
            checked,
            expect,
            status,
            expected: Vec::new(),
            actual: Vec::new(),
            mismatches: Vec::new(),
            diff: None,
            rendered: String::new(),
            error: None,
            cached: false,
            note: None,
            bless: None,
            program_stderr: String::new(),
            tests: None,
            location: None,
            hidden_file: None,
        }
    }

    /// A check that could not be carried out.
    pub(crate) fn error(checked: Checked, expect: Expected, error: CheckError) -> CheckResult {
        CheckResult {
            error: Some(error),
            ..CheckResult::new(checked, expect, Status::Error)
        }
    }
}

/// Everything known about one exercise after the run.
#[derive(Debug, Clone)]
pub(crate) struct ExerciseResult {
    /// The exercise directory as reached from the user's path.
    pub(crate) path: PathBuf,
    /// Directory name.
    pub(crate) name: String,
    /// The exercise's title, when its exercise.toml could be read.
    pub(crate) title: Option<String>,
    /// Overall status: the worst of its checks.
    pub(crate) status: Status,
    /// Points it is worth.
    pub(crate) points: u32,
    /// Why it was skipped or could not be checked at all (config errors).
    pub(crate) message: Option<String>,
    /// Its checks, in order: the snippet (or submission), its snapshot, the solution.
    pub(crate) checks: Vec<CheckResult>,
    /// Wall time of its checks.
    pub(crate) duration: Duration,
    /// Where `message` points: the line of `exercise.toml` a config error is on.
    pub(crate) location: Option<Location>,
    /// The directory the files its checks and locations name are relative to, when it is
    /// not `path`: a Markdown block's `path` is `FILE.md:LINE`, and its files are named as
    /// reached from the working directory (the empty path).
    pub(crate) root: Option<PathBuf>,
}

impl ExerciseResult {
    /// Where the files named by its checks and locations are.
    pub(crate) fn files_dir(&self) -> &Path {
        self.root.as_deref().unwrap_or(&self.path)
    }

    /// An exercise settled without a check (skipped, missing, refused), with why.
    pub(crate) fn without_checks(dir: &Path, status: Status, message: String) -> ExerciseResult {
        ExerciseResult {
            path: dir.to_path_buf(),
            name: dir
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            title: None,
            status,
            points: 0,
            message: Some(message),
            checks: Vec::new(),
            duration: Duration::ZERO,
            location: None,
            root: None,
        }
    }

    /// A malformed exercise: an error at the line of its `exercise.toml` (or of the file
    /// at fault, named as the error names it when it lies outside `dir`).
    pub(crate) fn invalid(dir: &Path, error: &ConfigError) -> ExerciseResult {
        let file = match error.file.strip_prefix(dir) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_string_lossy().into_owned(),
            // A file that is an exercise of its own (an annotated `.rs` file): its name.
            Ok(_) if dir.is_file() => dir
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            Ok(_) => EXERCISE_FILE.to_owned(),
            Err(_) => error.file.to_string_lossy().replace('\\', "/"),
        };
        ExerciseResult {
            location: Some(Location {
                file,
                line: error.position.map_or(1, |(line, _)| line as u32),
            }),
            ..ExerciseResult::without_checks(dir, Status::Error, error.to_string())
        }
    }
}

#[cfg(test)]
impl CheckResult {
    /// A check of the snippet `main.rs` expected to reach `outcome`, for reporter tests.
    pub(crate) fn of_main(outcome: Outcome, status: Status) -> CheckResult {
        let main = Checked::Snippet {
            file: "main.rs".to_owned(),
        };
        CheckResult::new(main, Expected::Outcome(outcome), status)
    }
}

#[cfg(test)]
impl ExerciseResult {
    /// A result for reporter tests: `path` (its last part is the name), `status`, `checks`,
    /// one point, no title, message or duration.
    pub(crate) fn sample(path: &str, status: Status, checks: Vec<CheckResult>) -> ExerciseResult {
        ExerciseResult {
            points: 1,
            message: None,
            checks,
            ..ExerciseResult::without_checks(Path::new(path), status, String::new())
        }
    }
}

impl ExerciseResult {
    /// Points earned: all of them on a pass.
    pub(crate) fn score(&self) -> u32 {
        if self.status == Status::Pass {
            self.points
        } else {
            0
        }
    }
}

/// Totals of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    /// Exercises that passed.
    pub(crate) passed: usize,
    /// Exercises that failed.
    pub(crate) failed: usize,
    /// Exercises that could not be checked.
    pub(crate) errors: usize,
    /// Exercises filtered out or skipped.
    pub(crate) skipped: usize,
    /// `grade` only: exercises without a submitted file.
    pub(crate) missing: usize,
    /// Wall time of the whole run.
    pub(crate) duration: Duration,
}

impl Summary {
    /// Adds one exercise to the totals.
    pub(crate) fn count(&mut self, status: Status) {
        match status {
            Status::Pass => self.passed += 1,
            Status::Fail => self.failed += 1,
            Status::Error => self.errors += 1,
            Status::Skipped => self.skipped += 1,
            Status::Missing => self.missing += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_file_of_its_own_is_located_in_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("moves.rs");
        std::fs::write(&file, "//~ BOGUS\n").expect("write");
        let error = ConfigError {
            file: file.clone(),
            position: Some((1, 1)),
            message: "unknown kind".into(),
        };
        let location = ExerciseResult::invalid(&file, &error)
            .location
            .expect("a location");
        assert_eq!((location.file.as_str(), location.line), ("moves.rs", 1));
        let toml = ConfigError {
            file: dir.path().to_path_buf(),
            ..error
        };
        let location = ExerciseResult::invalid(dir.path(), &toml)
            .location
            .expect("a location");
        assert_eq!(location.file, EXERCISE_FILE);
    }
}
