//! The JUnit XML report, as GitHub, GitLab and Jenkins read it: `<testsuites>` holding one
//! `<testsuite>` per `check` run or per graded student, one `<testcase>` per exercise, with
//! `<failure>` (message: the diff), `<error>` or `<skipped>`. Written by hand: the format is
//! small, and every text goes through `escape`, which also drops what XML 1.0 cannot hold.

use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use super::{checked_file, diffs, location, points, reasons, shown_path, ReportEvent, Reporter};
use crate::compile::normalize::strip_ansi;
use crate::engine::results::{ExerciseResult, Status, Summary};
use crate::grade::{GradeSummary, GradedExercise, StudentResult};

/// Name of the `<testsuites>` element and of the single suite of a `check` run.
const CHECK_SUITE: &str = "snipcheck check";
/// Name of the `<testsuites>` element of a `grade` run.
const GRADE_REPORT: &str = "snipcheck grade";

/// Collects suites and writes one document at the end.
#[derive(Debug, Default)]
pub(crate) struct Junit {
    suites: Vec<Suite>,
    /// The testcases of a `check` run.
    cases: Vec<Case>,
}

#[derive(Debug)]
struct Suite {
    name: String,
    properties: Vec<(&'static str, String)>,
    cases: Vec<Case>,
    time: Duration,
}

#[derive(Debug)]
struct Case {
    name: String,
    classname: String,
    file: String,
    line: u32,
    time: Duration,
    verdict: Verdict,
}

#[derive(Debug)]
enum Verdict {
    Passed,
    /// `<failure>` or `<error>`, by its status (fail, missing or error): its message and
    /// its text.
    Failed {
        status: Status,
        message: String,
        text: String,
    },
    Skipped(String),
}

impl Case {
    /// A testcase for an exercise; `checked` is the file that stood for the snippet.
    fn new(name: String, classname: String, result: &ExerciseResult, checked: &Path) -> Case {
        let failing = result.checks.iter().find(|c| c.status.fails());
        let (file, line) = match failing {
            Some(check) => location(result, check.location.as_ref(), checked),
            None => (checked.to_path_buf(), 1),
        };
        Case {
            name,
            classname,
            file: shown_path(&file),
            line,
            time: result.duration,
            verdict: verdict(result),
        }
    }
}

fn verdict(result: &ExerciseResult) -> Verdict {
    let reasons = reasons(result);
    let diff = diffs(result);
    let message = if diff.is_empty() {
        reasons.first().cloned().unwrap_or_default()
    } else {
        diff.clone()
    };
    match result.status {
        Status::Pass => return Verdict::Passed,
        Status::Skipped => return Verdict::Skipped(message),
        Status::Fail | Status::Missing | Status::Error => {}
    }
    let mut text = reasons.join("\n");
    text.push('\n');
    text.push_str(&diff);
    let rendered: String = result
        .checks
        .iter()
        .map(|c| strip_ansi(&c.rendered))
        .collect();
    if !rendered.trim().is_empty() {
        text.push_str("rustc's output:\n");
        text.push_str(&rendered);
    }
    Verdict::Failed {
        status: result.status,
        message,
        text,
    }
}

impl Reporter for Junit {
    fn report(&mut self, event: ReportEvent<'_>, out: &mut dyn Write) -> io::Result<()> {
        match event {
            ReportEvent::Exercise(result) => self.exercise(result, out),
            ReportEvent::Finished(summary) => self.finish(summary, out),
            ReportEvent::Student(student) => self.student(student, out),
            ReportEvent::Totals(summary) => self.totals(summary, out),
        }
    }
}

impl Junit {
    /// One exercise of a `check` run.
    fn exercise(&mut self, result: &ExerciseResult, _out: &mut dyn Write) -> io::Result<()> {
        let checked = checked_file(result);
        let name = shown_path(&result.path);
        let case = Case::new(name, CHECK_SUITE.to_owned(), result, &checked);
        self.cases.push(case);
        Ok(())
    }

    /// The end of a `check` run.
    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let suite = Suite {
            name: CHECK_SUITE.to_owned(),
            properties: Vec::new(),
            cases: std::mem::take(&mut self.cases),
            time: summary.duration,
        };
        write_document(out, CHECK_SUITE, &[suite], summary.duration)
    }

    /// One student of a `grade` run.
    fn student(&mut self, student: &StudentResult, _out: &mut dyn Write) -> io::Result<()> {
        let name = &student.student.name;
        let cases = student
            .exercises
            .iter()
            .map(|g| graded_case(name, g))
            .collect();
        self.suites.push(Suite {
            name: name.clone(),
            properties: vec![
                ("submission", shown_path(&student.student.dir)),
                ("score", points(student.score)),
                ("max_score", student.max_score.to_string()),
            ],
            cases,
            time: student.exercises.iter().map(|g| g.result.duration).sum(),
        });
        Ok(())
    }

    /// The end of a `grade` run.
    fn totals(&mut self, summary: &GradeSummary, out: &mut dyn Write) -> io::Result<()> {
        write_document(out, GRADE_REPORT, &self.suites, summary.duration)
    }
}

fn graded_case(student: &str, graded: &GradedExercise) -> Case {
    let mut case = Case::new(
        graded.exercise.clone(),
        student.to_owned(),
        &graded.result,
        &graded.submitted,
    );
    if let (Verdict::Failed { text, .. }, Some(tests)) = (&mut case.verdict, graded.tests) {
        text.insert_str(
            0,
            &format!(
                "score {} of {} ({} of {} hidden tests passed)\n",
                points(graded.score),
                graded.result.points,
                tests.passed,
                tests.total
            ),
        );
    }
    case
}

/// Counts of a list of cases: tests, failures, errors, skipped.
fn counts<'a>(cases: impl Iterator<Item = &'a Case>) -> [usize; 4] {
    let mut n = [0; 4];
    for case in cases {
        n[0] += 1;
        match &case.verdict {
            Verdict::Passed => {}
            Verdict::Failed {
                status: Status::Error,
                ..
            } => n[2] += 1,
            Verdict::Failed { .. } => n[1] += 1,
            Verdict::Skipped(_) => n[3] += 1,
        }
    }
    n
}

fn count_attributes(n: [usize; 4], time: Duration) -> String {
    format!(
        "tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3}\"",
        n[0],
        n[1],
        n[2],
        n[3],
        time.as_secs_f64()
    )
}

fn write_document(
    out: &mut dyn Write,
    name: &str,
    suites: &[Suite],
    time: Duration,
) -> io::Result<()> {
    let all = counts(suites.iter().flat_map(|s| &s.cases));
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="{}" {}>"#,
        escape(name, true),
        count_attributes(all, time)
    )?;
    for suite in suites {
        write_suite(out, suite)?;
    }
    writeln!(out, "</testsuites>")
}

fn write_suite(out: &mut dyn Write, suite: &Suite) -> io::Result<()> {
    let n = counts(suite.cases.iter());
    writeln!(
        out,
        r#"  <testsuite name="{}" {}>"#,
        escape(&suite.name, true),
        count_attributes(n, suite.time)
    )?;
    if !suite.properties.is_empty() {
        writeln!(out, "    <properties>")?;
        for (name, value) in &suite.properties {
            writeln!(
                out,
                r#"      <property name="{name}" value="{}"/>"#,
                escape(value, true)
            )?;
        }
        writeln!(out, "    </properties>")?;
    }
    for case in &suite.cases {
        write_case(out, case)?;
    }
    writeln!(out, "  </testsuite>")
}

fn write_case(out: &mut dyn Write, case: &Case) -> io::Result<()> {
    write!(
        out,
        r#"    <testcase name="{}" classname="{}" file="{}" line="{}" time="{:.3}""#,
        escape(&case.name, true),
        escape(&case.classname, true),
        escape(&case.file, true),
        case.line,
        case.time.as_secs_f64()
    )?;
    match &case.verdict {
        Verdict::Passed => writeln!(out, "/>"),
        Verdict::Skipped(message) => writeln!(
            out,
            ">\n      <skipped message=\"{}\"/>\n    </testcase>",
            escape(message, true)
        ),
        Verdict::Failed {
            status,
            message,
            text,
        } => {
            // An exercise that could not be checked is a JUnit error; any other failure
            // (missing included) a failure, its kind in `type`.
            let element = match status {
                Status::Error => "error",
                _ => "failure",
            };
            let kind = status.as_str();
            writeln!(
            out,
            ">\n      <{element} message=\"{}\" type=\"{kind}\">{}</{element}>\n    </testcase>",
            escape(message, true),
            escape(text, false)
            )
        }
    }
}

/// `text` as XML character data (or an attribute value): markup escaped, ANSI colour
/// removed, and characters XML 1.0 forbids (most control characters) dropped. In attributes
/// line breaks and tabs are written as references, so parsers keep them.
pub(crate) fn escape(text: &str, attribute: bool) -> String {
    let text = strip_ansi(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' if attribute => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' => out.push(c),
            c if c >= '\u{10000}' => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::engine::results::{CheckResult, Location, Mismatch};
    use crate::model::expectation::Outcome;

    #[test]
    fn escaping_keeps_xml_well_formed() {
        assert_eq!(
            escape("a < b && \"c\"\n\x1b[1mbold\x1b[0m\x07", true),
            "a &lt; b &amp;&amp; &quot;c&quot;&#10;bold"
        );
        assert_eq!(escape("x > y\n\"q\"", false), "x &gt; y\n\"q\"");
    }

    fn failing() -> ExerciseResult {
        let mut check = CheckResult::of_main(Outcome::CompileFail, Status::Fail);
        check.mismatches = vec![Mismatch::MissingCode("E0382".into())];
        check.actual = vec!["error[E0499] main.rs:4: cannot borrow <x>".into()];
        check.location = Some(Location {
            file: "main.rs".into(),
            line: 4,
        });
        check.diff = Some("--- expected\n+++ actual\n-error[E0382]\n+error[E0499]\n".into());
        ExerciseResult {
            duration: Duration::from_millis(1500),
            ..ExerciseResult::sample("exercises/a&b", Status::Fail, vec![check])
        }
    }

    #[test]
    fn a_check_run_is_one_suite_that_parses() {
        let mut junit = Junit::default();
        let mut out = Vec::new();
        junit.exercise(&failing(), &mut out).expect("collect");
        let summary = Summary {
            failed: 1,
            duration: Duration::from_secs(2),
            ..Summary::default()
        };
        junit.finish(&summary, &mut out).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
        let suite = doc
            .descendants()
            .find(|n| n.has_tag_name("testsuite"))
            .expect("testsuite");
        assert_eq!(suite.attribute("failures"), Some("1"));
        let case = suite.first_element_child().expect("testcase");
        let slashed = |name| case.attribute(name).map(crate::report::slashed);
        assert_eq!(slashed("name").as_deref(), Some("exercises/a&b"));
        assert_eq!(slashed("file").as_deref(), Some("exercises/a&b/main.rs"));
        assert_eq!(case.attribute("line"), Some("4"));
        assert_eq!(case.attribute("time"), Some("1.500"));
        let failure = case.first_element_child().expect("failure");
        assert_eq!(failure.tag_name().name(), "failure");
        assert!(failure
            .attribute("message")
            .is_some_and(|m| m.contains("-error[E0382]\n+error[E0499]")));
        assert!(failure
            .text()
            .is_some_and(|t| t.starts_with("main.rs (compile-fail): expected error E0382")));
    }
}
