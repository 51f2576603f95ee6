//! The human report: one line per exercise, and for failures the mismatches, the diff of
//! expected vs actual canonical lines, and rustc's own rendered output. When grading, a
//! block per student (with points) and a score table at the end.

use std::collections::BTreeSet;
use std::io::{self, Write};

use super::Verbosity;
use super::{points, shown_path, ReportEvent, Reporter};
use crate::engine::results::{CheckResult, ExerciseResult, Status, Summary};
use crate::grade::{GradeSummary, GradedExercise, StudentResult};
use crate::report::style::{Painter, Style};

/// Lines of a failing program's stderr shown, the last ones.
const PROGRAM_STDERR_LINES: usize = 20;

/// Renders results for people.
#[derive(Debug)]
pub(crate) struct Human {
    painter: Painter,
    verbosity: Verbosity,
    /// One row of the score table per graded student.
    rows: Vec<[String; 6]>,
    /// The errors of malformed exercises already printed: in `grade` every student meets
    /// the same one, and it is printed once.
    said: BTreeSet<String>,
}

impl Human {
    /// A reporter with colour on or off.
    pub(crate) fn new(color: bool, verbosity: Verbosity) -> Human {
        Human {
            painter: Painter { color },
            verbosity,
            rows: Vec::new(),
            said: BTreeSet::new(),
        }
    }

    fn label(&self, status: Status) -> String {
        let (style, text) = match status {
            Status::Pass => (Style::Pass, " PASS"),
            Status::Fail => (Style::Fail, " FAIL"),
            Status::Error => (Style::Error, "ERROR"),
            Status::Skipped => (Style::Skip, " SKIP"),
            Status::Missing => (Style::Fail, " MISS"),
        };
        self.painter.paint(style, text)
    }

    fn check_details(&self, check: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
        let heading = format!("{} ({})", check.checked, check.expect);
        if let Some(error) = &check.error {
            return writeln!(
                out,
                "  {}: {error}",
                self.painter.paint(Style::Bold, &heading)
            );
        }
        for mismatch in &check.mismatches {
            writeln!(
                out,
                "  {}: {mismatch}",
                self.painter.paint(Style::Bold, &heading)
            )?;
        }
        if let Some(diff) = &check.diff {
            write!(out, "{}", self.painter.diff(diff))?;
        }
        let rendered = self.painter.rendered(&check.rendered);
        if !rendered.trim().is_empty() {
            writeln!(out, "{}", self.painter.paint(Style::Dim, "rustc's output:"))?;
            write!(out, "{rendered}")?;
        }
        self.program_stderr(check, out)
    }

    /// The end of what a failing program wrote to stderr: where it panicked, and why.
    fn program_stderr(&self, check: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
        let lines: Vec<&str> = check.program_stderr.lines().collect();
        if lines.is_empty() {
            return Ok(());
        }
        writeln!(
            out,
            "{}",
            self.painter.paint(Style::Dim, "the program's stderr:")
        )?;
        let shown = lines.len().saturating_sub(PROGRAM_STDERR_LINES);
        if shown > 0 {
            writeln!(out, "[{shown} earlier lines left out]")?;
        }
        for line in &lines[shown..] {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }

    /// An exercise's message and, for failures, its checks' details.
    fn body(&mut self, result: &ExerciseResult, out: &mut dyn Write) -> io::Result<()> {
        if let Some(message) = &result.message {
            let settled_error = result.status == Status::Error && result.checks.is_empty();
            if settled_error && !self.said.insert(message.clone()) {
                writeln!(out, "  (the same error as above)")?;
            } else {
                writeln!(out, "  {message}")?;
            }
        }
        for check in &result.checks {
            if self.verbosity == Verbosity::Verbose {
                self.verbose_check(check, out)?;
            }
            if check.status.fails() {
                self.check_details(check, out)?;
            }
        }
        Ok(())
    }

    /// One graded exercise: its line with points, then the details of a failure.
    fn graded(&mut self, g: &GradedExercise, width: usize, out: &mut dyn Write) -> io::Result<()> {
        let status = g.result.status;
        if status == Status::Skipped && self.verbosity < Verbosity::Verbose {
            return Ok(());
        }
        let mut line = format!(
            "{} {:width$}  {}/{}",
            self.label(status),
            g.exercise,
            points(g.score),
            g.result.points
        );
        if let Some(t) = g.tests.filter(|_| status != Status::Pass) {
            line.push_str(&format!(
                "  ({} of {} hidden tests passed)",
                t.passed, t.total
            ));
        }
        if self.verbosity == Verbosity::Verbose {
            line.push_str(&format!(" [{} ms]", g.result.duration.as_millis()));
        }
        writeln!(out, "{line}")?;
        if status != Status::Pass || self.verbosity == Verbosity::Verbose {
            self.body(&g.result, out)?;
        }
        Ok(())
    }

    fn verbose_check(&self, check: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
        let mut note = check
            .note
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        if check.cached {
            note.push_str(" (cached)");
        }
        writeln!(
            out,
            "        {} {} ({}){note}",
            check.status.as_str(),
            check.checked.title(),
            check.expect
        )
    }
}

impl Reporter for Human {
    fn report(&mut self, event: ReportEvent<'_>, out: &mut dyn Write) -> io::Result<()> {
        match event {
            ReportEvent::Exercise(result) => self.exercise(result, out),
            ReportEvent::Finished(summary) => self.finish(summary, out),
            ReportEvent::Student(student) => self.student(student, out),
            ReportEvent::Totals(summary) => self.totals(summary, out),
        }
    }
}

impl Human {
    /// One exercise of a `check` run.
    fn exercise(&mut self, result: &ExerciseResult, out: &mut dyn Write) -> io::Result<()> {
        let quiet_skip = result.status == Status::Skipped && self.verbosity < Verbosity::Verbose;
        if quiet_skip || (result.status == Status::Pass && self.verbosity == Verbosity::Quiet) {
            return Ok(());
        }
        let mut line = format!("{} {}", self.label(result.status), shown_path(&result.path));
        if self.verbosity == Verbosity::Verbose {
            line.push_str(&format!(" [{} ms]", result.duration.as_millis()));
        }
        writeln!(out, "{line}")?;
        self.body(result, out)
    }

    /// The end of a `check` run.
    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let mut line = format!("{} passed, {} failed", summary.passed, summary.failed);
        if summary.errors > 0 {
            let noun = if summary.errors == 1 {
                "error"
            } else {
                "errors"
            };
            line.push_str(&format!(", {} {noun}", summary.errors));
        }
        if summary.skipped > 0 {
            line.push_str(&format!(", {} skipped", summary.skipped));
        }
        if self.verbosity == Verbosity::Verbose {
            line.push_str(&format!(" in {:.2} s", summary.duration.as_secs_f64()));
        }
        writeln!(out)?;
        writeln!(out, "{line}")
    }

    /// One student of a `grade` run.
    fn student(&mut self, s: &StudentResult, out: &mut dyn Write) -> io::Result<()> {
        let name = &s.student.name;
        let score = format!("{}/{}", points(s.score), s.max_score);
        let all_passed = s.counts.passed + s.counts.skipped == s.exercises.len();
        if self.verbosity > Verbosity::Quiet || !all_passed {
            let heading = format!("{name} ({})", shown_path(&s.student.dir));
            writeln!(out, "{}", self.painter.paint(Style::Bold, &heading))?;
            let width = s
                .exercises
                .iter()
                .map(|g| g.exercise.len())
                .max()
                .unwrap_or(0);
            for graded in &s.exercises {
                let quiet_pass =
                    graded.result.status == Status::Pass && self.verbosity == Verbosity::Quiet;
                if !quiet_pass {
                    self.graded(graded, width, out)?;
                }
            }
            writeln!(
                out,
                "{}\n",
                self.painter.paint(Style::Bold, &format!("{name}: {score}"))
            )?;
        }
        let c = &s.counts;
        self.rows.push([
            name.clone(),
            score,
            c.passed.to_string(),
            c.failed.to_string(),
            c.missing.to_string(),
            c.errors.to_string(),
        ]);
        Ok(())
    }

    /// The end of a `grade` run.
    fn totals(&mut self, summary: &GradeSummary, out: &mut dyn Write) -> io::Result<()> {
        let c = &summary.counts;
        let mut rows =
            vec![["student", "score", "passed", "failed", "missing", "errors"].map(str::to_owned)];
        rows.append(&mut self.rows);
        rows.push([
            "total".to_owned(),
            format!("{}/{}", points(summary.score), summary.max_score),
            c.passed.to_string(),
            c.failed.to_string(),
            c.missing.to_string(),
            c.errors.to_string(),
        ]);
        write_table(&rows, out)?;
        let mut line = format!("{} passed, {} failed", c.passed, c.failed);
        for (n, what) in [
            (c.missing, "missing"),
            (c.errors, "errors"),
            (c.skipped, "skipped"),
        ] {
            if n > 0 {
                line.push_str(&format!(", {n} {what}"));
            }
        }
        if self.verbosity == Verbosity::Verbose {
            line.push_str(&format!(" in {:.2} s", summary.duration.as_secs_f64()));
        }
        writeln!(out)?;
        writeln!(out, "{line}")
    }
}

/// Rows of a table: the first column left-aligned, the others right-aligned.
fn write_table(rows: &[[String; 6]], out: &mut dyn Write) -> io::Result<()> {
    let mut widths = [0; 6];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in rows {
        let mut line = format!("{:w$}", row[0], w = widths[0]);
        for (cell, w) in row.iter().zip(widths).skip(1) {
            line.push_str(&format!("  {cell:>w$}"));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::engine::results::Mismatch;
    use crate::model::expectation::Outcome;

    fn failing() -> ExerciseResult {
        let mut check = CheckResult::of_main(Outcome::CompileFail, Status::Fail);
        check.mismatches = vec![Mismatch::MissingCode("E0382".into())];
        check.diff =
            Some("--- expected\n+++ actual\n@@ -1 +1 @@\n-error[E0382]\n+error[E0499]\n".into());
        check.rendered = "\x1b[1merror[E0499]\x1b[0m: cannot borrow\n".into();
        ExerciseResult {
            duration: Duration::from_millis(5),
            ..ExerciseResult::sample("exercises/x", Status::Fail, vec![check])
        }
    }

    fn render(reporter: &mut Human, result: &ExerciseResult, summary: &Summary) -> String {
        let mut out = Vec::new();
        reporter.exercise(result, &mut out).expect("write");
        reporter.finish(summary, &mut out).expect("write");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn failure_shows_mismatch_diff_and_plain_rustc_output() {
        let summary = Summary {
            failed: 1,
            skipped: 2,
            ..Summary::default()
        };
        let text = render(
            &mut Human::new(false, Verbosity::Normal),
            &failing(),
            &summary,
        );
        assert_eq!(
            crate::report::slashed(&text),
            " FAIL exercises/x\n  main.rs (compile-fail): expected error E0382 was not reported\n\
             --- expected\n+++ actual\n@@ -1 +1 @@\n-error[E0382]\n+error[E0499]\n\
             rustc's output:\nerror[E0499]: cannot borrow\n\n0 passed, 1 failed, 2 skipped\n"
        );
    }

    #[test]
    fn colour_keeps_rustc_colours() {
        let text = render(
            &mut Human::new(true, Verbosity::Normal),
            &failing(),
            &Summary::default(),
        );
        assert!(text.contains("\x1b[1merror[E0499]"));
        assert!(text.contains("\x1b[1;31m FAIL"));
    }

    #[test]
    fn quiet_hides_passes() {
        let mut pass = failing();
        pass.status = Status::Pass;
        pass.checks.clear();
        let summary = Summary {
            passed: 1,
            ..Summary::default()
        };
        let text = render(&mut Human::new(false, Verbosity::Quiet), &pass, &summary);
        assert_eq!(text, "\n1 passed, 0 failed\n");
    }
}
