//! The `grade` page: the class at a glance (students, mean and median score, a histogram),
//! a students × exercises matrix, the exercises hardest first with their most common
//! mistake, and each student's failures, collapsed. The figures come from `grade::stats`.

use std::fmt::Write as _;

use super::page::{card, counts_text, escape, failure, legend, look, page, took, EXPAND_BUTTONS};
use super::svg::{histogram, status_bar};
use crate::engine::results::Status;
use crate::grade::stats::{self, Average, ClassExercise, Difficulty};
use crate::grade::{GradeSummary, GradedExercise, StudentResult};
use crate::report::{points, shown_path};

/// The whole `grade` page.
pub(super) fn grade_page(students: &[StudentResult], summary: &GradeSummary) -> String {
    let columns = stats::exercises(students);
    let mut body = grade_header(students, &columns, summary);
    body.push_str(&grade_glance(students, summary));
    body.push_str(&matrix(students, &columns));
    body.push_str(&hardest(students, &columns));
    body.push_str(&student_sections(students));
    let noun = if summary.students == 1 {
        "student"
    } else {
        "students"
    };
    page(
        &format!("snipcheck grade: {} {noun}", summary.students),
        &body,
    )
}

fn grade_header(
    students: &[StudentResult],
    columns: &[ClassExercise],
    summary: &GradeSummary,
) -> String {
    let counts = counts_text(&summary.counts);
    format!(
        "<header>\n<h1><span class=\"tool\">snipcheck grade</span> · {} of {} points</h1>\n\
         <p class=\"sub\">{} students · {} exercises · {counts} · {}</p>\n</header>\n",
        points(summary.score),
        summary.max_score,
        students.len(),
        columns.len(),
        took(summary.duration.as_secs_f64())
    )
}

/// A card's value for a score: `57%`, and `4 of 7` when every student has the same points.
fn score_card(average: Average, label: &str) -> String {
    let value = average
        .percent
        .map_or_else(|| "–".to_owned(), |p| format!("{p:.0}%"));
    let label = match average.points {
        Some((score, max)) => format!("{label} ({} of {max} points)", points(score)),
        None => label.to_owned(),
    };
    card(&value, &label)
}

fn grade_glance(students: &[StudentResult], summary: &GradeSummary) -> String {
    let glance = stats::glance(students);
    let c = &summary.counts;
    let graded = c.passed + c.failed + c.missing + c.errors;
    let mut html = String::from("<section class=\"glance\" aria-label=\"The class at a glance\">\n<div>\n<div class=\"cards\">\n");
    html.push_str(&card(&students.len().to_string(), "students"));
    html.push_str(&score_card(glance.mean, "mean score"));
    html.push_str(&score_card(glance.median, "median score"));
    html.push_str(&card(&format!("{} / {graded}", c.passed), "results passed"));
    html.push_str("</div>\n");
    html.push_str(&status_bar(c, "Results"));
    html.push_str("</div>\n");
    html.push_str(&histogram(&glance.histogram));
    html.push_str("</section>\n");
    html
}

/// An exercise's column heading: its group above its name, title and points as a tooltip.
fn column_heading(column: &ClassExercise) -> String {
    let (group, name) = match column.rel.rsplit_once('/') {
        Some((group, name)) => (format!("{group}/"), name.to_owned()),
        None => (String::new(), column.rel.clone()),
    };
    let tip = match &column.title {
        Some(title) => format!("{title} ({} points)", column.points),
        None => format!("{} points", column.points),
    };
    format!(
        "<th scope=\"col\" class=\"ex\" title=\"{}\"><span class=\"group\">{}</span><span class=\"name\">{}</span></th>",
        escape(&tip),
        escape(&group),
        escape(&name)
    )
}

fn matrix(students: &[StudentResult], columns: &[ClassExercise]) -> String {
    let mut html = String::from(
        "<section id=\"matrix\">\n<h2>Students × exercises</h2>\n\
         <div class=\"controls\" data-js hidden>\
         <label>Student <input type=\"search\" id=\"student-filter\" placeholder=\"a name\"></label>\
         <label><input type=\"checkbox\" id=\"incomplete-only\"> only students without full score</label>\
         </div>\n<div class=\"scroll\">\n<table class=\"matrix sortable\">\n<thead><tr>\
         <th scope=\"col\">Student</th><th scope=\"col\" class=\"num\">Score</th>",
    );
    for column in columns {
        html.push_str(&column_heading(column));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for (i, student) in students.iter().enumerate() {
        html.push_str(&matrix_row(i, student, columns));
    }
    html.push_str("</tbody>\n</table>\n</div>\n");
    html.push_str(&legend(&[
        (Status::Pass, false),
        (Status::Fail, true),
        (Status::Fail, false),
        (Status::Missing, false),
        (Status::Error, false),
        (Status::Skipped, false),
    ]));
    html.push_str("</section>\n");
    html
}

fn matrix_row(index: usize, student: &StudentResult, columns: &[ClassExercise]) -> String {
    let name = escape(&student.student.name);
    let full = student.score >= f64::from(student.max_score);
    let mut row = format!(
        "<tr data-student=\"{name}\" data-full=\"{}\"><th scope=\"row\"><a href=\"#student-{}\">{name}</a></th>\
         <td class=\"num\" data-sort=\"{:.2}\">{}/{}</td>",
        u8::from(full),
        index + 1,
        stats::percent(student).unwrap_or(0.0),
        points(student.score),
        student.max_score
    );
    for column in columns {
        row.push_str(&match stats::find(student, column) {
            Some(graded) => cell(graded),
            None => "<td class=\"cell\" data-sort=\"-1\"></td>".to_owned(),
        });
    }
    row.push_str("</tr>\n");
    row
}

/// One result of the matrix: coloured by status, with its points.
fn cell(graded: &GradedExercise) -> String {
    let status = graded.result.status;
    let (class, symbol, word) = look(status, graded.score > 0.0);
    let of = format!("{}/{}", points(graded.score), graded.result.points);
    let mut tip = format!("{}: {word}, {of} points", graded.exercise);
    if let Some(t) = graded.tests {
        let _ = write!(tip, ", {} of {} hidden tests passed", t.passed, t.total);
    }
    let sort = if graded.result.points > 0 {
        graded.score / f64::from(graded.result.points)
    } else {
        0.0
    };
    format!(
        "<td class=\"cell {class}\" data-sort=\"{sort:.3}\" title=\"{}\">{symbol} {of}</td>",
        escape(&tip)
    )
}

fn hardest(students: &[StudentResult], columns: &[ClassExercise]) -> String {
    let rows = stats::hardest_first(students, columns);
    let mut html = String::from(
        "<section id=\"exercises\">\n<h2>Exercises, hardest first</h2>\n<div class=\"scroll\">\n\
         <table class=\"sortable hardest\">\n<thead><tr><th scope=\"col\">Exercise</th>\
         <th scope=\"col\" class=\"num\">Passed</th><th scope=\"col\" class=\"num\">Mean points</th>\
         <th scope=\"col\">Most common mismatch</th></tr></thead>\n<tbody>\n",
    );
    for row in &rows {
        html.push_str(&difficulty_row(row));
    }
    html.push_str("</tbody>\n</table>\n</div>\n</section>\n");
    html
}

fn difficulty_row(row: &Difficulty<'_>) -> String {
    let title = row
        .exercise
        .title
        .as_deref()
        .map(|t| format!("<br><span class=\"title\">{}</span>", escape(t)))
        .unwrap_or_default();
    let common = match &row.common {
        Some((sentence, n)) => format!(
            "<span class=\"common\">{}</span> <span class=\"note\">({n} of {})</span>",
            escape(sentence),
            row.graded
        ),
        None => "<span class=\"note\">none</span>".to_owned(),
    };
    let rate = row.rate() * 100.0;
    format!(
        "<tr><td><span class=\"path\">{}</span>{title}</td>\
         <td class=\"num\" data-sort=\"{rate:.1}\">{} of {} <span class=\"meter\"><span style=\"width:{rate:.0}%\"></span></span></td>\
         <td class=\"num\" data-sort=\"{:.3}\">{} / {}</td><td>{common}</td></tr>\n",
        escape(&row.exercise.rel),
        row.passed,
        row.graded,
        row.mean(),
        points((row.mean() * 100.0).round() / 100.0),
        row.exercise.points
    )
}

fn student_sections(students: &[StudentResult]) -> String {
    let mut html = String::from("<section id=\"students\">\n<h2>Students</h2>\n");
    html.push_str(EXPAND_BUTTONS);
    for (i, student) in students.iter().enumerate() {
        html.push_str(&student_section(i, student));
    }
    html.push_str("</section>\n");
    html
}

fn student_section(index: usize, student: &StudentResult) -> String {
    let counts = counts_text(&student.counts);
    let mut html = format!(
        "<article class=\"student\" id=\"student-{}\">\n<h3>{} <span class=\"score\">{}/{}</span></h3>\n\
         <p class=\"meta\"><span class=\"path\">{}</span> · {counts}</p>\n",
        index + 1,
        escape(&student.student.name),
        points(student.score),
        student.max_score,
        escape(&shown_path(&student.student.dir))
    );
    let failing: Vec<&GradedExercise> = student
        .exercises
        .iter()
        .filter(|g| !matches!(g.result.status, Status::Pass | Status::Skipped))
        .collect();
    if failing.is_empty() {
        html.push_str("<p class=\"ok\">✓ Every exercise passed.</p>\n");
    }
    for graded in failing {
        let of = format!("{}/{}", points(graded.score), graded.result.points);
        html.push_str(&failure(
            &graded.exercise,
            &graded.result,
            Some(&of),
            graded.tests,
            graded.score > 0.0,
        ));
    }
    html.push_str("</article>\n");
    html
}
