//! The HTML report: one self-contained page for people to look at — inline CSS, inline SVG
//! and a little inline script for sorting and filtering, nothing fetched, readable without
//! the script. A `grade` run shows the class at a glance (students, mean and median score,
//! a histogram), a students × exercises matrix, the exercises hardest first with their most
//! common mismatch, and each student's failures with mismatches, diff and rustc's output,
//! collapsed. A `check` run shows the same for its one suite of exercises. Every text that
//! comes from results goes through `escape` (a submission's output is untrusted), and the
//! page's Content-Security-Policy lets no script run but its own.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{points, shown_path, ReportEvent, Reporter, VERSION};
use crate::compile::normalize::strip_ansi;
use crate::engine::results::{CheckResult, Checked, ExerciseResult, Status, Summary, TestCount};
use crate::grade::{GradeSummary, GradedExercise, StudentResult};

/// The page's style sheet.
const CSS: &str = include_str!("html.css");
/// The page's script: sorting, filtering, expanding; the page reads well without it.
const SCRIPT: &str = include_str!("html.js");
/// Characters of the first reason shown on a collapsed failure.
const WHY_CHARS: usize = 160;
/// Buttons that open and close every failure, shown when the script runs.
const EXPAND_BUTTONS: &str = "<div class=\"controls\" data-js hidden>\
    <button type=\"button\" id=\"expand-all\">Expand every failure</button>\
    <button type=\"button\" id=\"collapse-all\">Collapse every failure</button></div>\n";
/// Bins of the score histogram, each ten percentage points wide.
const BINS: usize = 10;

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
                return out.write_all(check_page(&self.exercises, summary).as_bytes());
            }
            ReportEvent::Totals(summary) => {
                return out.write_all(grade_page(&self.students, summary).as_bytes());
            }
        }
        Ok(())
    }
}

/// `text` safe as HTML text or inside a quoted attribute: `&`, `<`, `>`, `"` and `'`
/// written as character references.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The Content-Security-Policy hash of a script: base64 of its SHA-256.
fn script_hash(script: &[u8]) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script))
}

/// The whole document around `body`.
fn page(title: &str, body: &str) -> String {
    let hash = script_hash(SCRIPT.as_bytes());
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'sha256-{hash}'\">\n\
         <title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n{body}\
         <footer>Written by snipcheck {VERSION}.</footer>\n</main>\n<script>{SCRIPT}</script>\n\
         </body>\n</html>\n",
        escape(title)
    )
}

/// How a result looks: its CSS class, a symbol (so colour is not the only sign), a word.
fn look(status: Status, partial: bool) -> (&'static str, &'static str, &'static str) {
    match status {
        Status::Pass => ("pass", "✓", "pass"),
        Status::Fail if partial => ("partial", "◐", "partial credit"),
        Status::Fail => ("fail", "✗", "fail"),
        Status::Missing => ("missing", "–", "missing"),
        Status::Error => ("error", "!", "error"),
        Status::Skipped => ("skipped", "·", "skipped"),
    }
}

/// The legend of the colours.
fn legend(looks: &[(Status, bool)]) -> String {
    let mut html = String::from("<ul class=\"legend\">");
    for &(status, partial) in looks {
        let (class, symbol, word) = look(status, partial);
        let _ = write!(
            html,
            "<li><span class=\"swatch {class}\"></span>{symbol} {word}</li>"
        );
    }
    html.push_str("</ul>\n");
    html
}

/// A figure for the at-a-glance cards.
fn card(value: &str, label: &str) -> String {
    format!(
        "<div class=\"card\"><span class=\"value\">{value}</span><span class=\"label\">{label}</span></div>\n"
    )
}

/// Results by status: `6 passed, 4 failed`, then those of the other statuses there are.
fn counts_text(c: &Summary) -> String {
    let mut text = format!("{} passed, {} failed", c.passed, c.failed);
    for (n, what) in [
        (c.missing, "missing"),
        (c.errors, "errors"),
        (c.skipped, "skipped"),
    ] {
        if n > 0 {
            let _ = write!(text, ", {n} {what}");
        }
    }
    text
}

/// Wall time as the page says it.
fn took(seconds: f64) -> String {
    format!("took {seconds:.1} s")
}

// ---- grade ----------------------------------------------------------------------------

/// One exercise of the class, a column of the matrix.
#[derive(Debug)]
struct Column {
    rel: String,
    title: Option<String>,
    points: u32,
}

/// Every exercise any student was graded on, in report order.
fn columns(students: &[StudentResult]) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::new();
    for graded in students.iter().flat_map(|s| &s.exercises) {
        if !columns.iter().any(|c| c.rel == graded.exercise) {
            columns.push(Column {
                rel: graded.exercise.clone(),
                title: graded.result.title.clone(),
                points: graded.result.points,
            });
        }
    }
    columns
}

fn find<'s>(student: &'s StudentResult, column: &Column) -> Option<&'s GradedExercise> {
    student.exercises.iter().find(|g| g.exercise == column.rel)
}

/// A student's score as a percentage of the points available.
fn percent(student: &StudentResult) -> Option<f64> {
    (student.max_score > 0).then(|| 100.0 * student.score / f64::from(student.max_score))
}

fn grade_page(students: &[StudentResult], summary: &GradeSummary) -> String {
    let columns = columns(students);
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

fn grade_header(students: &[StudentResult], columns: &[Column], summary: &GradeSummary) -> String {
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

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[mid]),
        _ => Some((sorted[mid - 1] + sorted[mid]) / 2.0),
    }
}

/// A card's value for a score: `57%`, and `4 of 7` when every student has the same points.
fn score_card(percentage: Option<f64>, scores: Option<(f64, u32)>, label: &str) -> String {
    let value = percentage.map_or_else(|| "–".to_owned(), |p| format!("{p:.0}%"));
    let label = match scores {
        Some((score, max)) => format!("{label} ({} of {max} points)", points(score)),
        None => label.to_owned(),
    };
    card(&value, &label)
}

fn grade_glance(students: &[StudentResult], summary: &GradeSummary) -> String {
    let percentages: Vec<f64> = students.iter().filter_map(percent).collect();
    let scores: Vec<f64> = students.iter().map(|s| s.score).collect();
    let max = students.first().map(|s| s.max_score);
    let same_max = max.filter(|m| students.iter().all(|s| s.max_score == *m));
    let with_points = |stat: fn(&[f64]) -> Option<f64>| {
        same_max.and_then(|m| stat(&scores).map(|s| ((s * 100.0).round() / 100.0, m)))
    };
    let c = &summary.counts;
    let graded = c.passed + c.failed + c.missing + c.errors;
    let mut html = String::from("<section class=\"glance\" aria-label=\"The class at a glance\">\n<div>\n<div class=\"cards\">\n");
    html.push_str(&card(&students.len().to_string(), "students"));
    html.push_str(&score_card(
        mean(&percentages),
        with_points(mean),
        "mean score",
    ));
    html.push_str(&score_card(
        median(&percentages),
        with_points(median),
        "median score",
    ));
    html.push_str(&card(&format!("{} / {graded}", c.passed), "results passed"));
    html.push_str("</div>\n");
    html.push_str(&status_bar(c, "Results"));
    html.push_str("</div>\n");
    html.push_str(&histogram(&percentages));
    html.push_str("</section>\n");
    html
}

/// Where the histogram's bars stand in its SVG: left, top, width and height.
const PLOT: (f64, f64, f64, f64) = (28.0, 16.0, 480.0, 140.0);

/// The histogram of scores in percent, ten bins, as an SVG figure.
fn histogram(percentages: &[f64]) -> String {
    let mut bins = [0usize; BINS];
    for p in percentages {
        bins[((p / 10.0).floor().max(0.0) as usize).min(BINS - 1)] += 1;
    }
    let tallest = bins.iter().copied().max().unwrap_or(0).max(1);
    let (left, top, width, height) = PLOT;
    let mut svg = format!(
        "<figure>\n<figcaption>Scores</figcaption>\n<svg viewBox=\"0 0 520 196\" role=\"img\" \
         aria-label=\"Histogram of scores: students per ten percentage points\">\n\
         <line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#d1d9e0\"/>\n",
        top + height,
        left + width,
        top + height
    );
    for (i, &n) in bins.iter().enumerate() {
        svg.push_str(&histogram_bin(i, n, tallest));
    }
    let _ = writeln!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">100%</text>\n\
         <text x=\"{:.1}\" y=\"192\" text-anchor=\"middle\">score (percent of the points)</text>\n</svg>\n</figure>",
        left + width,
        top + height + 16.0,
        left + width / 2.0
    );
    svg
}

/// Bin `i` of the histogram, holding `n` students: its bar, count and axis label.
fn histogram_bin(i: usize, n: usize, tallest: usize) -> String {
    let (left, top, width, height) = PLOT;
    let bar = width / BINS as f64;
    let h = height * n as f64 / tallest as f64;
    let (x, y) = (left + bar * i as f64, top + height - h);
    let colour = match i {
        0..=4 => "#cf222e",
        5..=7 => "#d4a72c",
        _ => "#1a7f37",
    };
    let upper = if i == BINS - 1 { 100 } else { i * 10 + 9 };
    let mut svg = format!(
        "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{h:.1}\" rx=\"3\" fill=\"{colour}\">\
         <title>{n} scored {}–{upper}%</title></rect>\n",
        x + 4.0,
        bar - 8.0,
        i * 10
    );
    if n > 0 {
        let _ = writeln!(
            svg,
            "<text class=\"count\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{n}</text>",
            x + bar / 2.0,
            y - 4.0
        );
    }
    let _ = writeln!(
        svg,
        "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        top + height + 16.0,
        i * 10
    );
    svg
}

/// The results by status as one stacked bar, with a legend that counts them.
fn status_bar(c: &Summary, caption: &str) -> String {
    let parts = [
        (Status::Pass, c.passed),
        (Status::Fail, c.failed),
        (Status::Missing, c.missing),
        (Status::Error, c.errors),
        (Status::Skipped, c.skipped),
    ];
    let total: usize = parts.iter().map(|(_, n)| n).sum();
    let mut svg = format!(
        "<figure class=\"bar\">\n<figcaption>{caption}</figcaption>\n<svg viewBox=\"0 0 600 18\" \
         role=\"img\" aria-label=\"{caption} by status\" preserveAspectRatio=\"none\">\n"
    );
    let mut x = 0.0;
    let mut legend = String::from("<ul class=\"legend\">");
    for (status, n) in parts.into_iter().filter(|(_, n)| *n > 0) {
        let (class, symbol, word) = look(status, false);
        let w = 600.0 * n as f64 / total.max(1) as f64;
        let _ = writeln!(
            svg,
            "<rect x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"18\" fill=\"{}\"><title>{n} {word}</title></rect>",
            fill(status)
        );
        let _ = write!(
            legend,
            "<li><span class=\"swatch {class}\"></span>{symbol} {n} {word}</li>"
        );
        x += w;
    }
    svg.push_str("</svg>\n");
    legend.push_str("</ul>\n");
    format!("{svg}{legend}</figure>\n")
}

/// The colour of a status in SVG.
fn fill(status: Status) -> &'static str {
    match status {
        Status::Pass => "#1a7f37",
        Status::Fail => "#cf222e",
        Status::Missing => "#8c959f",
        Status::Error => "#8250df",
        Status::Skipped => "#d1d9e0",
    }
}

/// An exercise's column heading: its group above its name, title and points as a tooltip.
fn column_heading(column: &Column) -> String {
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

fn matrix(students: &[StudentResult], columns: &[Column]) -> String {
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

fn matrix_row(index: usize, student: &StudentResult, columns: &[Column]) -> String {
    let name = escape(&student.student.name);
    let full = student.score >= f64::from(student.max_score);
    let mut row = format!(
        "<tr data-student=\"{name}\" data-full=\"{}\"><th scope=\"row\"><a href=\"#student-{}\">{name}</a></th>\
         <td class=\"num\" data-sort=\"{:.2}\">{}/{}</td>",
        u8::from(full),
        index + 1,
        percent(student).unwrap_or(0.0),
        points(student.score),
        student.max_score
    );
    for column in columns {
        row.push_str(&match find(student, column) {
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

/// How the class did on one exercise.
#[derive(Debug)]
struct Difficulty<'c> {
    column: &'c Column,
    passed: usize,
    graded: usize,
    score: f64,
    common: Option<(String, usize)>,
}

impl Difficulty<'_> {
    fn rate(&self) -> f64 {
        if self.graded == 0 {
            1.0
        } else {
            self.passed as f64 / self.graded as f64
        }
    }

    fn mean(&self) -> f64 {
        if self.graded == 0 {
            0.0
        } else {
            self.score / self.graded as f64
        }
    }
}

fn difficulty<'c>(students: &[StudentResult], column: &'c Column) -> Difficulty<'c> {
    let results: Vec<&GradedExercise> = students
        .iter()
        .filter_map(|s| find(s, column))
        .filter(|g| g.result.status != Status::Skipped)
        .collect();
    let mut sentences: Vec<(String, usize)> = Vec::new();
    for graded in &results {
        for sentence in mismatch_sentences(&graded.result) {
            match sentences.iter_mut().find(|(s, _)| *s == sentence) {
                Some((_, n)) => *n += 1,
                None => sentences.push((sentence, 1)),
            }
        }
    }
    let top = sentences.iter().map(|(_, n)| *n).max();
    Difficulty {
        column,
        passed: results
            .iter()
            .filter(|g| g.result.status == Status::Pass)
            .count(),
        graded: results.len(),
        score: results.iter().map(|g| g.score).sum(),
        common: sentences.into_iter().find(|(_, n)| Some(*n) == top),
    }
}

/// What went wrong with a result, one sentence per kind of mistake, each once: its checks'
/// mismatches or errors, else `no submission` or the result's own message.
fn mismatch_sentences(result: &ExerciseResult) -> Vec<String> {
    let mut sentences: Vec<String> = Vec::new();
    for check in result.checks.iter().filter(|c| c.status != Status::Pass) {
        let found = match &check.error {
            Some(error) => vec![error.to_string()],
            None => check.mismatches.iter().map(ToString::to_string).collect(),
        };
        for sentence in found {
            if !sentences.contains(&sentence) {
                sentences.push(sentence);
            }
        }
    }
    if sentences.is_empty() {
        match result.status {
            Status::Pass | Status::Skipped => {}
            Status::Missing => sentences.push("no submission".to_owned()),
            _ => sentences.extend(result.message.clone()),
        }
    }
    sentences
}

fn hardest(students: &[StudentResult], columns: &[Column]) -> String {
    let mut rows: Vec<Difficulty<'_>> = columns.iter().map(|c| difficulty(students, c)).collect();
    rows.sort_by(|a, b| {
        a.rate()
            .total_cmp(&b.rate())
            .then(a.mean().total_cmp(&b.mean()))
    });
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
        .column
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
        escape(&row.column.rel),
        row.passed,
        row.graded,
        row.mean(),
        points((row.mean() * 100.0).round() / 100.0),
        row.column.points
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

// ---- both -----------------------------------------------------------------------------

/// A failing result, collapsed: its status, name, points and first reason; opened, every
/// failing check's mismatches, diff, rustc's output and the program's stderr.
fn failure(
    name: &str,
    result: &ExerciseResult,
    of: Option<&str>,
    tests: Option<TestCount>,
    partial: bool,
) -> String {
    let (class, symbol, word) = look(result.status, partial);
    let why = mismatch_sentences(result)
        .into_iter()
        .next()
        .map(|s| shorten(&s))
        .unwrap_or_default();
    let of = of
        .map(|o| format!(" <span class=\"pts\">{o}</span>"))
        .unwrap_or_default();
    let mut html = format!(
        "<details class=\"result {class}-result\">\n<summary><span class=\"badge {class}\">{symbol} {word}</span> \
         <span class=\"path\">{}</span>{of}<span class=\"why\">{}</span></summary>\n<div class=\"body\">\n",
        escape(name),
        escape(&why)
    );
    if let Some(message) = &result.message {
        let _ = writeln!(html, "<p class=\"message\">{}</p>", escape(message));
    }
    if let Some(t) = tests {
        let _ = writeln!(
            html,
            "<p class=\"note\">{} of {} hidden tests passed.</p>",
            t.passed, t.total
        );
    }
    for check in result.checks.iter().filter(|c| c.status != Status::Pass) {
        html.push_str(&check_details(check));
    }
    html.push_str("</div>\n</details>\n");
    html
}

/// The first line of `text`, cut to `WHY_CHARS` characters.
fn shorten(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    if line.chars().count() > WHY_CHARS {
        let cut: String = line.chars().take(WHY_CHARS).collect();
        format!("{cut}…")
    } else {
        line.to_owned()
    }
}

fn check_details(check: &CheckResult) -> String {
    let mut html = format!(
        "<h4>{} ({})</h4>\n",
        escape(check.checked.name()),
        escape(check.expect.as_str())
    );
    if let Some(error) = &check.error {
        let _ = writeln!(
            html,
            "<p class=\"message\">{}</p>",
            escape(&error.to_string())
        );
        return html;
    }
    if !check.mismatches.is_empty() {
        html.push_str("<ul>");
        for mismatch in &check.mismatches {
            let _ = write!(html, "<li>{}</li>", escape(&mismatch.to_string()));
        }
        html.push_str("</ul>\n");
    }
    if let Some(diff) = &check.diff {
        html.push_str("<p class=\"output\">diff</p>\n");
        html.push_str(&diff_html(diff));
    }
    let rendered = strip_ansi(&check.rendered);
    if !rendered.trim().is_empty() {
        html.push_str(&labelled_pre("rustc's output", &rendered));
    }
    if !check.program_stderr.trim().is_empty() {
        html.push_str(&labelled_pre(
            "the program's stderr",
            &strip_ansi(&check.program_stderr),
        ));
    }
    html
}

fn labelled_pre(label: &str, text: &str) -> String {
    format!(
        "<p class=\"output\">{label}</p>\n<pre>{}</pre>\n",
        escape(text.trim_end())
    )
}

/// A unified diff with added, removed and hunk lines marked.
fn diff_html(diff: &str) -> String {
    let mut html = String::from("<pre class=\"diff\">");
    for line in diff.lines() {
        let class = if line.starts_with("+++") || line.starts_with("---") {
            Some("file")
        } else {
            match line.as_bytes().first() {
                Some(b'+') => Some("add"),
                Some(b'-') => Some("del"),
                Some(b'@') => Some("hunk"),
                _ => None,
            }
        };
        match class {
            Some(class) => {
                let _ = writeln!(html, "<span class=\"{class}\">{}</span>", escape(line));
            }
            None => {
                let _ = writeln!(html, "{}", escape(line));
            }
        }
    }
    html.push_str("</pre>\n");
    html
}

// ---- check ----------------------------------------------------------------------------

/// What a check is, as a column of the check matrix.
fn check_column(check: &CheckResult) -> usize {
    match check.checked {
        Checked::Snippet { .. } | Checked::Submission { .. } => 0,
        Checked::Solution => 1,
        Checked::Snapshot => 2,
    }
}

/// Headings of the check matrix's columns.
const CHECK_COLUMNS: [&str; 3] = ["Snippet", "Solution", "Snapshot"];

fn check_page(exercises: &[ExerciseResult], summary: &Summary) -> String {
    let mut body = format!(
        "<header>\n<h1><span class=\"tool\">snipcheck check</span> · {} of {} passed</h1>\n\
         <p class=\"sub\">{} exercises · {} · {}</p>\n</header>\n",
        summary.passed,
        exercises.len() - summary.skipped,
        exercises.len(),
        counts_text(summary),
        took(summary.duration.as_secs_f64())
    );
    body.push_str(&check_glance(exercises, summary));
    body.push_str(&check_matrix(exercises));
    body.push_str(&check_failures(exercises));
    page(
        &format!("snipcheck check: {} exercises", exercises.len()),
        &body,
    )
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
                let check = result.checks.iter().find(|c| check_column(c) == *column);
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
        escape(check.checked.name()),
        escape(check.expect.as_str())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::results::Mismatch;
    use crate::model::exercise::Outcome;

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(escape("<b>"), "&lt;b&gt;");
        assert_eq!(escape("a & b"), "a &amp; b");
        assert_eq!(escape("\"x\""), "&quot;x&quot;");
        assert_eq!(escape("it's"), "it&#39;s");
        assert_eq!(
            escape("<script>alert('1')</script>"),
            "&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("plain ✓ text"), "plain ✓ text");
    }

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
    fn script_hashes_are_base64_sha256() {
        assert_eq!(
            script_hash(b""),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn the_policy_allows_exactly_the_pages_script() {
        let page = check_html(&[]);
        let start = page.find("<script>").expect("script") + "<script>".len();
        let end = page.find("</script>").expect("script end");
        let hash = script_hash(&page.as_bytes()[start..end]);
        assert!(page.contains(&format!("script-src 'sha256-{hash}'")));
        assert!(page.contains("default-src 'none'"));
    }

    #[test]
    fn median_and_histogram_bins() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[1.0, 2.0, 3.0, 4.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        let svg = histogram(&[100.0, 95.0, 0.0]);
        assert!(svg.contains("<title>2 scored 90–100%</title>"));
        assert!(svg.contains("<title>1 scored 0–9%</title>"));
    }

    #[test]
    fn diffs_mark_their_lines() {
        assert_eq!(
            diff_html("--- expected\n+++ actual\n@@ -1 +1 @@\n-a <x>\n+b\n ctx\n"),
            "<pre class=\"diff\"><span class=\"file\">--- expected</span>\n<span class=\"file\">+++ actual</span>\n\
             <span class=\"hunk\">@@ -1 +1 @@</span>\n<span class=\"del\">-a &lt;x&gt;</span>\n\
             <span class=\"add\">+b</span>\n ctx\n</pre>\n"
        );
    }
}
