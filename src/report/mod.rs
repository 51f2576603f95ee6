//! Reporters: each renders exercise results and the run's summary to a `Write`, so tests
//! can render into a buffer. The runner knows nothing about output. A `check` run is one
//! stream of exercises (`Reporter`); a `grade` run is one stream of students
//! (`GradeReporter`). Every format serves both.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::cli::Format;
use crate::config::RunConfig;
use crate::grade::{GradeSummary, StudentResult};
use crate::verdict::{CheckResult, ExerciseResult, Status, Summary};

pub(crate) mod exercism;
pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod junit;

/// Something that turns results into output.
pub(crate) trait Reporter {
    /// Called once per exercise, in sorted order, as soon as it is done.
    fn exercise(&mut self, result: &ExerciseResult, out: &mut dyn Write) -> io::Result<()>;
    /// Called once at the end.
    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()>;
}

/// Something that turns grading results into output.
pub(crate) trait GradeReporter {
    /// Called once per student, in sorted order, as soon as all its exercises are graded.
    fn student(&mut self, student: &StudentResult, out: &mut dyn Write) -> io::Result<()>;
    /// Called once at the end.
    fn totals(&mut self, summary: &GradeSummary, out: &mut dyn Write) -> io::Result<()>;
}

/// The reporter of `format` for a `check` run.
pub(crate) fn for_check(format: Format, config: &RunConfig) -> Box<dyn Reporter> {
    match format {
        Format::Human => Box::new(human::Human::new(config.color, config.verbosity)),
        Format::Json => Box::new(json::Json::default()),
        Format::Junit => Box::new(junit::Junit::default()),
        Format::Github => Box::new(github::Github::new(config.step_summary.clone())),
        Format::Exercism => Box::new(exercism::Exercism::default()),
    }
}

/// The reporter of `format` for a `grade` run.
pub(crate) fn for_grade(format: Format, config: &RunConfig) -> Box<dyn GradeReporter> {
    match format {
        Format::Human => Box::new(human::Human::new(config.color, config.verbosity)),
        Format::Json => Box::new(json::Json::default()),
        Format::Junit => Box::new(junit::Junit::default()),
        Format::Github => Box::new(github::Github::new(config.step_summary.clone())),
        Format::Exercism => Box::new(exercism::Exercism::default()),
    }
}

/// The human reporter that goes to the terminal while `--output` gets the report, if any.
pub(crate) fn terminal_companion(config: &RunConfig) -> Option<human::Human> {
    let needed = config.output.is_some() && config.format != Format::Human;
    needed.then(|| human::Human::new(config.color, config.verbosity))
}

/// The path of an exercise as shown to users (`/` separators on every platform).
pub(crate) fn shown_path(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Why an exercise did not pass, one sentence each: its own message (config error, missing
/// file), then every failing check's error or mismatches as `target (expect): sentence`.
pub(crate) fn reasons(result: &ExerciseResult) -> Vec<String> {
    let mut reasons: Vec<String> = result.message.iter().cloned().collect();
    for check in result.checks.iter().filter(|c| c.status != Status::Pass) {
        let heading = format!("{} ({})", check.target, check.expect);
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

/// The file and line a failing check points at: the first error's location in its actual
/// canonical lines (`level[code] file:line: message`, SPEC §4.3), else where the program
/// panicked, line 1 when neither has one.
/// The snippet's name stands for `checked`, the file that was compiled in its place (the
/// snippet itself, `solution.rs` or a submission); other modules are in the exercise dir.
pub(crate) fn location(
    result: &ExerciseResult,
    check: &CheckResult,
    checked: &Path,
) -> (PathBuf, u32) {
    let snippet = result.checks.first().map(|c| c.target.as_str());
    let found = check
        .actual
        .iter()
        .find_map(|line| error_location(line))
        .or_else(|| panic_location(&check.program_stderr));
    match found {
        Some((file, line)) if Some(file) == snippet => (checked.to_path_buf(), line),
        Some((file, line)) => (result.path.join(file), line),
        None => (checked.to_path_buf(), 1),
    }
}

/// `(file, line)` of the first `panicked at file:line:col` in a program's stderr.
fn panic_location(stderr: &str) -> Option<(&str, u32)> {
    let place = stderr.split_once(" panicked at ")?.1.lines().next()?;
    let mut parts = place.trim_end_matches(':').rsplitn(3, ':');
    let (_column, line, file) = (parts.next()?, parts.next()?, parts.next()?);
    Some((file, line.parse().ok()?))
}

/// `(file, line)` of a canonical `error...` line that has a location.
fn error_location(line: &str) -> Option<(&str, u32)> {
    let rest = line.strip_prefix("error")?;
    let rest = match rest.strip_prefix('[') {
        Some(coded) => &coded[coded.find(']')? + 1..],
        None => rest,
    };
    let place = rest.strip_prefix(' ')?;
    let place = place.split_once(": ").map_or(place, |(p, _)| p);
    let (file, number) = place.rsplit_once(':')?;
    Some((file, number.parse().ok()?))
}

/// The file a `check` testcase is about: the first failing check's, else the snippet.
pub(crate) fn checked_file(result: &ExerciseResult) -> PathBuf {
    let failing = result.checks.iter().find(|c| c.status != Status::Pass);
    match failing.or(result.checks.first()) {
        Some(check) => result.path.join(&check.target),
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
    use std::time::Duration;

    use super::*;

    #[test]
    fn panics_give_a_location_too() {
        let stderr = "\nthread 'main' panicked at main.rs:3:32:\nindex out of bounds\n";
        assert_eq!(panic_location(stderr), Some(("main.rs", 3)));
        assert_eq!(panic_location("exit 1\n"), None);
    }

    #[test]
    fn error_locations_come_from_canonical_lines() {
        assert_eq!(
            error_location("error[E0382] main.rs:5: borrow of moved value: `s1`"),
            Some(("main.rs", 5))
        );
        assert_eq!(
            error_location("error src/a.rs:12: expected `;`"),
            Some(("src/a.rs", 12))
        );
        assert_eq!(error_location("error: no location"), None);
        assert_eq!(error_location("error[E0601]"), None);
        assert_eq!(error_location("warning[unused] main.rs:2: x"), None);
    }

    #[test]
    fn snippet_locations_point_at_the_checked_file() {
        let mut check = CheckResult::error("main.rs", "run-pass", String::new());
        check.actual = vec![
            "warning[unused_variables] main.rs:2: unused".into(),
            "error[E0308] main.rs:7: mismatched types".into(),
        ];
        let mut module = check.clone();
        module.actual = vec!["error[E0425] shapes.rs:3: cannot find".into()];
        let result = ExerciseResult {
            path: PathBuf::from("exercises/a"),
            name: "a".into(),
            title: None,
            status: Status::Fail,
            points: 1,
            message: None,
            checks: vec![check.clone()],
            duration: Duration::ZERO,
        };
        let submitted = Path::new("subs/bob/a/main.rs");
        assert_eq!(location(&result, &check, submitted), (submitted.into(), 7));
        assert_eq!(
            location(&result, &module, submitted),
            (PathBuf::from("exercises/a/shapes.rs"), 3)
        );
        check.actual.clear();
        assert_eq!(location(&result, &check, submitted), (submitted.into(), 1));
    }

    #[test]
    fn points_drop_needless_decimals() {
        assert_eq!(points(3.0), "3");
        assert_eq!(points(0.5), "0.5");
        assert_eq!(points(0.67), "0.67");
        assert_eq!(points(0.0), "0");
    }
}
