//! The GitHub Actions report: `::error file=...,line=...::` workflow commands on the file
//! and line each failure points at (the submitted file when grading), and a markdown job
//! summary appended to `$GITHUB_STEP_SUMMARY` when GitHub sets it.

use std::fmt::Write as _;
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{
    checked_file, diffs, location, points, reasons, shown_path, slashed_path, ReportEvent, Reporter,
};
use crate::engine::results::{ExerciseResult, Status, Summary};
use crate::grade::{GradeSummary, GradedExercise, StudentResult};

/// GitHub refuses job summaries over 1 MiB; details stop well before that.
const SUMMARY_BUDGET: usize = 768 * 1024;

/// Writes annotations as results come, and the job summary at the end.
#[derive(Debug)]
pub(crate) struct Github {
    step_summary: Option<PathBuf>,
    /// Table rows, one per student (grade).
    rows: String,
    /// Failures in markdown.
    details: String,
    /// Failures left out of `details` to stay under the budget.
    left_out: usize,
}

impl Github {
    /// A reporter that appends its job summary to `step_summary`, if given.
    pub(crate) fn new(step_summary: Option<PathBuf>) -> Github {
        Github {
            step_summary,
            rows: String::new(),
            details: String::new(),
            left_out: 0,
        }
    }

    /// Adds one failing exercise to the summary's details.
    fn detail(&mut self, name: &str, result: &ExerciseResult, score: Option<String>) {
        if self.details.len() > SUMMARY_BUDGET {
            self.left_out += 1;
            return;
        }
        let score = score.map(|s| format!(", {s}")).unwrap_or_default();
        let why = reasons(result).join("; ").replace('\n', " ");
        let _ = writeln!(
            self.details,
            "- `{name}` **{}**{score}: {}",
            result.status.as_str(),
            markdown_text(&why)
        );
        let diff = diffs(result);
        if !diff.is_empty() {
            let fence = fence(&diff);
            let _ = writeln!(
                self.details,
                "  <details><summary>diff</summary>\n\n{fence}diff\n{diff}{fence}\n\n  </details>"
            );
        }
    }

    /// Appends `markdown` to the job summary file, when there is one.
    fn write_summary(&self, markdown: &str) -> io::Result<()> {
        let Some(path) = &self.step_summary else {
            return Ok(());
        };
        let mut file = OpenOptions::new().create(true).append(true).open(path)?;
        file.write_all(markdown.as_bytes())
    }

    fn details_markdown(&self) -> String {
        let mut text = self.details.clone();
        if self.left_out > 0 {
            let _ = writeln!(
                text,
                "\n{} more failures are left out here: see the JUnit or JSON report.",
                self.left_out
            );
        }
        text
    }
}

impl Reporter for Github {
    fn report(&mut self, event: ReportEvent<'_>, out: &mut dyn Write) -> io::Result<()> {
        match event {
            ReportEvent::Exercise(result) => self.exercise(result, out),
            ReportEvent::Finished(summary) => self.finish(summary, out),
            ReportEvent::Student(student) => self.student(student, out),
            ReportEvent::Totals(summary) => self.totals(summary, out),
        }
    }
}

impl Github {
    /// One exercise of a `check` run.
    fn exercise(&mut self, result: &ExerciseResult, out: &mut dyn Write) -> io::Result<()> {
        if !failed(result) {
            return Ok(());
        }
        let name = shown_path(&result.path);
        annotate(out, result, &checked_file(result), &name)?;
        self.detail(&name, result, None);
        Ok(())
    }

    /// The end of a `check` run.
    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let line = format!("{} passed, {} failed", summary.passed, summary.failed);
        let extra = [(summary.errors, "errors"), (summary.skipped, "skipped")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!(", {n} {what}"))
            .collect::<String>();
        writeln!(out, "{line}{extra}")?;
        self.write_summary(&format!(
            "## snipcheck check: {line}{extra}\n\n{}",
            self.details_markdown()
        ))
    }

    /// One student of a `grade` run.
    fn student(&mut self, student: &StudentResult, out: &mut dyn Write) -> io::Result<()> {
        let name = &student.student.name;
        let score = format!("{}/{}", points(student.score), student.max_score);
        if student.exercises.iter().any(|g| failed(&g.result)) {
            let _ = writeln!(self.details, "\n### {}: {score}\n", markdown_text(name));
        }
        for graded in &student.exercises {
            let result = &graded.result;
            if !failed(result) {
                continue;
            }
            let title = format!("{name}: {}", graded.exercise);
            if result.status == Status::Missing {
                command(out, "error", None, &title, &reasons(result).join("\n"))?;
            } else {
                annotate(out, result, &graded.submitted, &title)?;
            }
            self.detail(&graded.exercise, result, Some(score_of(graded)));
        }
        command(
            out,
            "notice",
            None,
            "snipcheck grade",
            &format!("{name}: {score}"),
        )?;
        let c = &student.counts;
        let _ = writeln!(
            self.rows,
            "| {} | {score} | {} | {} | {} | {} |",
            markdown_text(name),
            c.passed,
            c.failed,
            c.missing,
            c.errors
        );
        Ok(())
    }

    /// The end of a `grade` run.
    fn totals(&mut self, summary: &GradeSummary, out: &mut dyn Write) -> io::Result<()> {
        let score = format!("{}/{}", points(summary.score), summary.max_score);
        let c = &summary.counts;
        writeln!(
            out,
            "score {score}: {} passed, {} failed, {} missing",
            c.passed, c.failed, c.missing
        )?;
        let markdown = format!(
            "## snipcheck grade: {score} points\n\n\
             | student | score | passed | failed | missing | errors |\n\
             | --- | ---: | ---: | ---: | ---: | ---: |\n{}\
             | **total** | **{score}** | {} | {} | {} | {} |\n\n{}",
            self.rows,
            c.passed,
            c.failed,
            c.missing,
            c.errors,
            self.details_markdown()
        );
        self.write_summary(&markdown)
    }
}

/// Whether an exercise gets annotated: anything but a pass or a skip.
fn failed(result: &ExerciseResult) -> bool {
    !matches!(result.status, Status::Pass | Status::Skipped)
}

fn score_of(graded: &GradedExercise) -> String {
    let mut text = format!("{}/{}", points(graded.score), graded.result.points);
    if let Some(t) = graded.tests {
        let _ = write!(text, " ({} of {} tests passed)", t.passed, t.total);
    }
    text
}

/// One `::error` per failing check, on the file and line it points at; an exercise that
/// could not be loaded gets one on its `exercise.toml`.
fn annotate(
    out: &mut dyn Write,
    result: &ExerciseResult,
    checked: &Path,
    title: &str,
) -> io::Result<()> {
    let failing: Vec<_> = result.checks.iter().filter(|c| c.status.fails()).collect();
    if failing.is_empty() {
        let message = result.message.as_deref().unwrap_or("");
        let (file, line) = match &result.location {
            Some(at) => (result.files_dir().join(&at.file), at.line),
            None => (checked.to_path_buf(), 1),
        };
        return command(out, "error", Some((&file, line)), title, message);
    }
    for check in failing {
        let (file, line) = location(result, check.location.as_ref(), checked);
        let mut single = result.clone();
        single.message = None;
        single.checks = vec![check.clone()];
        let message = reasons(&single).join("\n");
        command(out, "error", Some((&file, line)), title, &message)?;
    }
    Ok(())
}

/// Writes one workflow command, escaped as the runner expects.
fn command(
    out: &mut dyn Write,
    kind: &str,
    place: Option<(&Path, u32)>,
    title: &str,
    message: &str,
) -> io::Result<()> {
    let mut properties = String::new();
    if let Some((file, line)) = place {
        let file = property(&slashed_path(file));
        properties = format!("file={file},line={line},");
    }
    writeln!(
        out,
        "::{kind} {properties}title={}::{}",
        property(title),
        data(message)
    )
}

/// Escapes a command's message: `%`, CR and LF.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property: as `data`, plus `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Text safe inside a markdown table cell or list item.
fn markdown_text(text: &str) -> String {
    text.replace('|', "\\|").replace('<', "&lt;")
}

/// A code fence longer than any run of backticks in `text`.
fn fence(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::engine::results::{CheckResult, Location, Mismatch};
    use crate::model::expectation::Outcome;
    use crate::model::manifest::ConfigError;

    #[test]
    fn commands_escape_their_parts() {
        let mut out = Vec::new();
        let file = Path::new("subs/a,b/main.rs");
        command(
            &mut out,
            "error",
            Some((file, 7)),
            "bob: 01/x",
            "50% wrong\nline two",
        )
        .expect("write");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "::error file=subs/a%2Cb/main.rs,line=7,title=bob%3A 01/x::50%25 wrong%0Aline two\n"
        );
    }

    #[test]
    fn config_errors_point_at_their_line() {
        let error = ConfigError {
            file: PathBuf::from("ex/exercise.toml"),
            position: Some((4, 1)),
            message: "unknown field".into(),
        };
        let result = ExerciseResult::invalid(Path::new("ex"), &error);
        let mut out = Vec::new();
        Github::new(None)
            .exercise(&result, &mut out)
            .expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(
            text.starts_with("::error file=ex/exercise.toml,line=4,"),
            "{text}"
        );
    }

    #[test]
    fn failures_are_annotated_at_the_first_error() {
        let mut check = CheckResult::of_main(Outcome::RunPass, Status::Fail);
        check.mismatches = vec![Mismatch::Outcome {
            expected: Outcome::RunPass,
            actual: "compile-fail".into(),
        }];
        check.actual = vec!["error[E0308] main.rs:3: mismatched types".into()];
        check.location = Some(Location {
            file: "main.rs".into(),
            line: 3,
        });
        check.diff = Some("-outcome: run-pass\n+outcome: compile-fail\n".into());
        let result = ExerciseResult::sample("exercises/x", Status::Fail, vec![check]);
        let mut github = Github::new(None);
        let mut out = Vec::new();
        github.exercise(&result, &mut out).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            crate::report::slashed(&text),
            "::error file=exercises/x/main.rs,line=3,title=exercises/x::main.rs (run-pass): expected outcome run-pass, got compile-fail\n"
        );
        assert!(github.details.contains("```diff\n-outcome: run-pass"));
    }

    #[test]
    fn fences_outgrow_the_text() {
        assert_eq!(fence("plain"), "```");
        assert_eq!(fence("a ```` b"), "`````");
    }
}
