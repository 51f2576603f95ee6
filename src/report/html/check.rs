//! The `check` page: the run at a glance, an exercises × checks matrix (snippet, solution,
//! snapshot, audit) and every failure, collapsed.

use std::fmt::Write as _;

use super::page::{
    card, counts_text, escape, failure, legend, look, page, shorten, took, EXPAND_BUTTONS,
};
use super::svg::status_bar;
use crate::engine::results::{CheckResult, Checked, ExerciseResult, Status, Summary};
use crate::report::shown_path;

/// What a check is, as a column of the check matrix.
fn check_column(check: &CheckResult) -> usize {
    match check.checked {
        Checked::Snippet { .. } | Checked::Submission { .. } => 0,
        Checked::Solution => 1,
        Checked::Snapshot | Checked::Stderr { .. } => 2,
        Checked::Lazy { .. } => 3,
    }
}

/// Headings of the check matrix's columns.
const CHECK_COLUMNS: [&str; 4] = ["Snippet", "Solution", "Snapshot", "Audit"];

/// The whole `check` page.
pub(super) fn check_page(exercises: &[ExerciseResult], summary: &Summary) -> String {
    let mut body = format!(
        "<header>\n<h1><span class=\"tool\">snipcheck check</span> · {} of {} passed</h1>\n\
         <p class=\"sub\">{} exercises · {} · {}</p>\n</header>\n",
        summary.passed,
        exercises.len() - summary.skipped,
        exercises.len(),
        counts_text(summary),
        run_time(exercises, summary)
    );
    body.push_str(&check_glance(exercises, summary));
    body.push_str(&check_matrix(exercises));
    body.push_str(&check_failures(exercises));
    page(
        &format!("snipcheck check: {} exercises", exercises.len()),
        &body,
    )
}

/// How long the run took, or that every check came from the cache (a run of no time
/// otherwise reads as `took 0.0 s`).
fn run_time(exercises: &[ExerciseResult], summary: &Summary) -> String {
    let mut checks = exercises
        .iter()
        .filter(|e| e.status != Status::Skipped)
        .flat_map(|e| &e.checks)
        .peekable();
    let any = checks.peek().is_some();
    if any && checks.all(|c| c.cached) {
        return "every result from the cache".to_owned();
    }
    took(summary.duration.as_secs_f64())
}

/// Every exercise that neither passed nor was skipped, collapsed.
fn check_failures(exercises: &[ExerciseResult]) -> String {
    let failing: Vec<&ExerciseResult> = exercises
        .iter()
        .filter(|e| !matches!(e.status, Status::Pass | Status::Skipped))
        .collect();
    let mut html = String::from("<section id=\"failures\">\n<h2>Failures</h2>\n");
    if failing.is_empty() {
        html.push_str("<p class=\"ok\">✓ Every exercise passed.</p>\n");
    } else {
        html.push_str(EXPAND_BUTTONS);
    }
    for result in failing {
        let name = shown_path(&result.path);
        html.push_str(&failure(&name, result, None, None, false));
    }
    html.push_str("</section>\n");
    html
}

fn check_glance(exercises: &[ExerciseResult], summary: &Summary) -> String {
    let mut html = String::from("<section class=\"glance\" aria-label=\"The run at a glance\">\n<div>\n<div class=\"cards\">\n");
    html.push_str(&card(&exercises.len().to_string(), "exercises"));
    html.push_str(&card(&summary.passed.to_string(), "passed"));
    html.push_str(&card(&summary.failed.to_string(), "failed"));
    html.push_str(&card(&summary.errors.to_string(), "could not be checked"));
    html.push_str("</div>\n</div>\n<div>\n");
    html.push_str(&status_bar(summary, "Exercises"));
    html.push_str("</div>\n</section>\n");
    html
}

fn check_matrix(exercises: &[ExerciseResult]) -> String {
    let used: Vec<usize> = (0..CHECK_COLUMNS.len())
        .filter(|i| {
            *i == 0
                || exercises
                    .iter()
                    .flat_map(|e| &e.checks)
                    .any(|c| check_column(c) == *i)
        })
        .collect();
    let mut html = String::from(
        "<section id=\"matrix\">\n<h2>Exercises × checks</h2>\n<div class=\"scroll\">\n\
         <table class=\"matrix sortable\">\n<thead><tr><th scope=\"col\">Exercise</th><th scope=\"col\">Status</th>",
    );
    for i in &used {
        let _ = write!(
            html,
            "<th scope=\"col\" class=\"ex\">{}</th>",
            CHECK_COLUMNS[*i]
        );
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for result in exercises {
        html.push_str(&check_row(result, &used));
    }
    html.push_str("</tbody>\n</table>\n</div>\n");
    html.push_str(&legend(&[
        (Status::Pass, false),
        (Status::Fail, false),
        (Status::Error, false),
        (Status::Skipped, false),
    ]));
    html.push_str("</section>\n");
    html
}

fn check_row(result: &ExerciseResult, used: &[usize]) -> String {
    let (class, symbol, word) = look(result.status, false);
    let title = result
        .title
        .as_deref()
        .map(|t| format!("<br><span class=\"title\">{}</span>", escape(t)))
        .unwrap_or_default();
    let path = escape(&shown_path(&result.path));
    let mut row = format!(
        "<tr><th scope=\"row\"><span class=\"path\">{path}</span>{title}</th>\
         <td class=\"cell {class}\" data-sort=\"{}\">{symbol} {word}</td>",
        result.status as u8
    );
    match (&result.message, result.checks.is_empty()) {
        (Some(message), true) => {
            let _ = write!(
                row,
                "<td class=\"note\" colspan=\"{}\">{}</td>",
                used.len(),
                escape(&shorten(message))
            );
        }
        _ => {
            for column in used {
                // The audit's column shows its worst answer; one left out only when all were.
                let check = result
                    .checks
                    .iter()
                    .filter(|c| check_column(c) == *column)
                    .max_by_key(|c| (c.status != Status::Skipped, c.status));
                row.push_str(&check_cell(check));
            }
        }
    }
    row.push_str("</tr>\n");
    row
}

/// One check of the check matrix, or an empty cell.
fn check_cell(check: Option<&CheckResult>) -> String {
    let Some(check) = check else {
        return "<td class=\"cell\" data-sort=\"-1\"></td>".to_owned();
    };
    let (class, symbol, word) = look(check.status, false);
    format!(
        "<td class=\"cell {class}\" data-sort=\"{}\" title=\"{}: {word}\">{symbol} {}</td>",
        check.status as u8,
        escape(&check.checked.to_string()),
        escape(check.expect.as_str())
    )
}
