//! Reporters: each renders a run's events to a `Write`, so tests can render into a buffer.
//! The engine knows nothing about output. A `check` (or `doc`) run is a stream of
//! exercises and then its summary; a `grade` run is a stream of students and then its
//! totals. Every format is one `Reporter` fed `ReportEvent`s of both kinds. This layer
//! owns its format enum and its settings; `sinks` sends one run to several reporters at
//! once; `style` paints the human report; `merge` reads JSON reports of shards back and
//! puts them together; `error` says why a report cannot be written or merged.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub(crate) use self::reveal::Reveal;
use crate::engine::results::{ExerciseResult, Location, Summary};
use crate::grade::{GradeSummary, StudentResult};
use crate::model::discover::Partition;

pub(crate) mod error;
pub(crate) mod exercism;
pub(crate) mod github;
pub(crate) mod html;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod merge;
pub(crate) mod reveal;
pub(crate) mod sinks;
pub(crate) mod style;

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Lines for people, with diffs and rustc's output for failures.
    Human,
    /// One JSON document (schema version 1) on stdout.
    Json,
    /// JUnit XML: one testsuite per run (check) or per student (grade), one testcase per
    /// exercise.
    Junit,
    /// GitHub Actions annotations on the failing files, and a job summary written to
    /// $GITHUB_STEP_SUMMARY when it is set.
    Github,
    /// Exercism's results.json (version 2): one test per exercise, for one submission.
    Exercism,
    /// One self-contained HTML page: the class at a glance, a students x exercises
    /// matrix, the hardest exercises, and every failure with its diff and rustc's output.
    Html,
}

/// How much the human report prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Verbosity {
    /// Failures and the summary.
    Quiet,
    /// A line per exercise, details for failures.
    Normal,
    /// Also skipped exercises, every check, timings.
    Verbose,
}

/// What reporters need to know beyond the results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settings {
    /// Whether the human report uses colour.
    pub(crate) color: bool,
    /// How much the human report prints.
    pub(crate) verbosity: Verbosity,
    /// `$GITHUB_STEP_SUMMARY`, where the github format appends its markdown summary.
    pub(crate) step_summary: Option<PathBuf>,
    /// What the run was, for the JSON report's `run` object.
    pub(crate) run: Option<RunInfo>,
    /// What reports show of hidden tests (`grade --reveal`).
    pub(crate) reveal: Reveal,
}

/// What a run was, as its JSON report records it, so that `merge` can tell whether shards
/// belong together and put them back in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RunInfo {
    /// `check` (also `bless`), `grade` or `doc`.
    pub(crate) command: Command,
    /// `--partition`, when the run was one shard.
    pub(crate) partition: Option<Partition>,
    /// What `--partition` divides.
    pub(crate) sharded: Sharded,
    /// How many of them there were before sharding (after `--filter`).
    pub(crate) items: usize,
    /// `--filter`.
    pub(crate) filter: Option<String>,
    /// The exercise set: a hash of the sorted exercise paths and their `exercise.toml`s.
    pub(crate) fingerprint: String,
    /// The version of snipcheck that ran.
    pub(crate) version: String,
    /// What the reports show of hidden tests.
    pub(crate) reveal: Reveal,
}

/// The command whose results a report holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Command {
    /// `check` or `bless`: one suite of exercises.
    Check,
    /// `grade`: one suite per student.
    Grade,
    /// `doc`: one suite of Markdown code blocks, whose files are named from the working
    /// directory.
    Doc,
}

/// What `--partition` divides among shards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Sharded {
    /// The exercises (`check`, and `grade --submission`).
    Exercises,
    /// The students (`grade --submissions`).
    Students,
}

/// snipcheck's own version, as reports record it.
pub(crate) const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What a run tells its reporters, in order. A `check` or `doc` run sends `Exercise`s
/// and then `Finished`; a `grade` run sends `Student`s and then `Totals`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ReportEvent<'a> {
    /// One exercise is done; exercises come in sorted order, each as soon as it and every
    /// exercise before it is done.
    Exercise(&'a ExerciseResult),
    /// The `check` run is over: its totals.
    Finished(&'a Summary),
    /// Every exercise of one student is graded; students come in sorted order.
    Student(&'a StudentResult),
    /// The `grade` run is over: the class's totals.
    Totals(&'a GradeSummary),
}

/// Something that turns a run's events into output.
pub(crate) trait Reporter {
    /// Renders one event to `out`; a format that writes one document at the end only
    /// collects until `Finished` or `Totals`.
    fn report(&mut self, event: ReportEvent<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// The reporter of `format`.
pub(crate) fn reporter(format: Format, settings: &Settings) -> Box<dyn Reporter> {
    match format {
        Format::Human => Box::new(human::Human::new(settings.color, settings.verbosity)),
        Format::Json => Box::new(json::Json::new(settings.run.clone())),
        Format::Junit => Box::new(junit::Junit::default()),
        Format::Github => Box::new(github::Github::new(settings.step_summary.clone())),
        Format::Exercism => Box::new(exercism::Exercism::default()),
        Format::Html => Box::new(html::Html::default()),
    }
}

pub(crate) use crate::model::shown::shown_path;

/// A path as GitHub's annotations want it: `/` separators on every platform.
pub(crate) fn slashed_path(path: &Path) -> String {
    let shown = shown_path(path);
    if cfg!(windows) {
        shown.replace('\\', "/")
    } else {
        shown
    }
}

/// `text` with the platform's separator written `/`, so a test of a report's layout reads
/// the same on Windows, where paths are shown with `\` (`shown_path` has its own test).
#[cfg(test)]
pub(crate) fn slashed(text: &str) -> String {
    text.replace(std::path::MAIN_SEPARATOR, "/")
}

/// Why an exercise did not pass, one sentence each: its own message (config error, missing
/// file), then every failing check's error or mismatches as `target (expect): sentence`.
pub(crate) fn reasons(result: &ExerciseResult) -> Vec<String> {
    let mut reasons: Vec<String> = result.message.iter().cloned().collect();
    for check in result.checks.iter().filter(|c| c.status.fails()) {
        let heading = format!("{} ({})", check.checked, check.expect);
        match &check.error {
            Some(error) => reasons.push(format!("{heading}: {error}")),
            None => reasons.extend(check.mismatches.iter().map(|m| format!("{heading}: {m}"))),
        }
    }
    reasons
}

/// The diffs of the failing checks, one after another.
pub(crate) fn diffs(result: &ExerciseResult) -> String {
    result
        .checks
        .iter()
        .filter_map(|c| c.diff.as_deref())
        .collect()
}

/// The file and line a failing check points at: its location (the first error, else
/// where the program panicked), line 1 of the checked file when it has none. The snippet's
/// name stands for `checked`, the file that was compiled in its place (the snippet itself,
/// `solution.rs` or a submission); other modules are in the exercise dir.
pub(crate) fn location(
    result: &ExerciseResult,
    location: Option<&Location>,
    checked: &Path,
) -> (PathBuf, u32) {
    let snippet = result.checks.iter().find_map(|c| c.checked.snippet_file());
    match location {
        Some(at) if Some(at.file.as_str()) == snippet => (checked.to_path_buf(), at.line),
        Some(at) => (result.files_dir().join(&at.file), at.line),
        None => (checked.to_path_buf(), 1),
    }
}

/// The file a `check` testcase is about: the first failing check's, else the snippet.
pub(crate) fn checked_file(result: &ExerciseResult) -> PathBuf {
    let failing = result.checks.iter().find(|c| c.status.fails());
    match failing.or(result.checks.first()) {
        Some(check) => result.files_dir().join(check.checked.name()),
        None => result.path.clone(),
    }
}

/// A score for people: whole numbers without decimals, others with up to two.
pub(crate) fn points(score: f64) -> String {
    let text = format!("{score:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::engine::results::{CheckResult, Status};
    use crate::model::expectation::Outcome;

    #[test]
    fn github_paths_have_slashes() {
        if cfg!(windows) {
            assert_eq!(slashed_path(Path::new(r"exercises\a")), "exercises/a");
        } else {
            assert_eq!(slashed_path(Path::new("exercises/a")), "exercises/a");
        }
    }

    #[test]
    fn snippet_locations_point_at_the_checked_file() {
        let check = CheckResult::of_main(Outcome::RunPass, Status::Fail);
        let result = ExerciseResult::sample("exercises/a", Status::Fail, vec![check]);
        let submitted = Path::new("subs/bob/a/main.rs");
        let at = |file: &str, line| Location {
            file: file.into(),
            line,
        };
        assert_eq!(
            location(&result, Some(&at("main.rs", 7)), submitted),
            (submitted.into(), 7)
        );
        assert_eq!(
            location(&result, Some(&at("shapes.rs", 3)), submitted),
            (PathBuf::from("exercises/a/shapes.rs"), 3)
        );
        assert_eq!(location(&result, None, submitted), (submitted.into(), 1));
    }

    #[test]
    fn points_drop_needless_decimals() {
        assert_eq!(points(3.0), "3");
        assert_eq!(points(0.5), "0.5");
        assert_eq!(points(0.67), "0.67");
        assert_eq!(points(0.0), "0");
    }
}
