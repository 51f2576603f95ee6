//! The human report: one line per exercise, and for failures the mismatches, the diff of
//! expected vs actual canonical lines, and rustc's own rendered output.

use std::io::{self, Write};

use super::{shown_path, Reporter};
use crate::config::Verbosity;
use crate::term::{Painter, Style};
use crate::verdict::{CheckResult, ExerciseResult, Status, Summary};

/// Renders results for people.
#[derive(Debug)]
pub(crate) struct Human {
    painter: Painter,
    verbosity: Verbosity,
}

impl Human {
    /// A reporter with colour on or off.
    pub(crate) fn new(color: bool, verbosity: Verbosity) -> Human {
        Human {
            painter: Painter { color },
            verbosity,
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
        let heading = format!("{} ({})", check.target, check.expect);
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
        Ok(())
    }

    fn verbose_check(&self, check: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
        let note = check
            .note
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        writeln!(
            out,
            "        {} {} ({}){note}",
            check.status.as_str(),
            check.target,
            check.expect
        )
    }
}

impl Reporter for Human {
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
        if let Some(message) = &result.message {
            writeln!(out, "  {message}")?;
        }
        for check in &result.checks {
            if self.verbosity == Verbosity::Verbose {
                self.verbose_check(check, out)?;
            }
            if check.status != Status::Pass {
                self.check_details(check, out)?;
            }
        }
        Ok(())
    }

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
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Duration;

    use super::*;

    fn failing() -> ExerciseResult {
        let mut check = CheckResult::error("main.rs", "compile-fail", String::new());
        check.error = None;
        check.status = Status::Fail;
        check.mismatches = vec!["expected error E0382 was not reported".into()];
        check.diff =
            Some("--- expected\n+++ actual\n@@ -1 +1 @@\n-error[E0382]\n+error[E0499]\n".into());
        check.rendered = "\x1b[1merror[E0499]\x1b[0m: cannot borrow\n".into();
        ExerciseResult {
            path: PathBuf::from("exercises/x"),
            name: "x".into(),
            title: None,
            status: Status::Fail,
            points: 1,
            message: None,
            checks: vec![check],
            duration: Duration::from_millis(5),
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
            text,
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
