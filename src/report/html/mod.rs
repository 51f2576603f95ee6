//! The HTML report: one self-contained page for people to look at — inline CSS, inline SVG
//! and a little inline script for sorting and filtering, nothing fetched, readable without
//! the script. The reporter collects a run's results and writes the page at its end: the
//! `grade` page (`grade`) or the `check` page (`check`), both framed by `page`, with the
//! figures of `svg`. Every text that comes from results goes through `page::escape` (a
//! submission's output is untrusted), and the page's Content-Security-Policy lets no script
//! run but its own.

mod check;
mod grade;
mod page;
mod svg;

use std::io::{self, Write};

use super::{ReportEvent, Reporter};
use crate::engine::results::ExerciseResult;
use crate::grade::StudentResult;

/// Collects results and writes one page at the end.
#[derive(Debug, Default)]
pub(crate) struct Html {
    exercises: Vec<ExerciseResult>,
    students: Vec<StudentResult>,
}

impl Reporter for Html {
    fn report(&mut self, event: ReportEvent<'_>, out: &mut dyn Write) -> io::Result<()> {
        match event {
            ReportEvent::Exercise(result) => self.exercises.push(result.clone()),
            ReportEvent::Student(student) => self.students.push(student.clone()),
            ReportEvent::Finished(summary) => {
                return out.write_all(check::check_page(&self.exercises, summary).as_bytes());
            }
            ReportEvent::Totals(summary) => {
                return out.write_all(grade::grade_page(&self.students, summary).as_bytes());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::results::{CheckResult, Mismatch, Status, Summary};
    use crate::model::expectation::Outcome;

    fn hostile() -> ExerciseResult {
        let mut check = CheckResult::of_main(Outcome::RunPass, Status::Fail);
        check.mismatches = vec![Mismatch::Stdout];
        check.diff = Some("-stdout: \"hi\"\n+stdout: \"<script>alert(1)</script>\"\n".into());
        check.rendered = "\x1b[1m<img src=x onerror=alert(2)>\x1b[0m\n".into();
        check.program_stderr = "</pre><script>alert(3)</script>\n".into();
        ExerciseResult::sample("exercises/<b>x</b>", Status::Fail, vec![check])
    }

    fn check_html(results: &[ExerciseResult]) -> String {
        let mut html = Html::default();
        let mut out = Vec::new();
        for result in results {
            let event = ReportEvent::Exercise(result);
            html.report(event, &mut out).expect("collect");
        }
        let summary = Summary {
            failed: results.len(),
            ..Summary::default()
        };
        let end = ReportEvent::Finished(&summary);
        html.report(end, &mut out).expect("write");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn nothing_from_results_becomes_markup() {
        let page = check_html(&[hostile()]);
        assert_eq!(
            page.matches("<script").count(),
            1,
            "only the page's own script"
        );
        assert!(!page.contains("<img"));
        assert!(!page.contains("<b>x"));
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("&lt;/pre&gt;&lt;script&gt;alert(3)"));
        assert!(!page.contains('\x1b'), "rustc's colour is removed");
    }

    #[test]
    fn the_policy_allows_exactly_the_pages_script() {
        let page = check_html(&[]);
        let start = page.find("<script>").expect("script") + "<script>".len();
        let end = page.find("</script>").expect("script end");
        let hash = page::script_hash(&page.as_bytes()[start..end]);
        assert!(page.contains(&format!("script-src 'sha256-{hash}'")));
        assert!(page.contains("default-src 'none'"));
    }
}
