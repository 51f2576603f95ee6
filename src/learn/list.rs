//! `snipcheck list`: every exercise of a course with its group, error codes and status,
//! and the overall progress, as a table for people, Markdown for docs, or JSON.

use std::io::{self, Write};

use serde_json::json;

use super::layout::EXERCISES_DIR;
use super::progress::Progress;
use crate::report::style::{Painter, Style};

/// Formats of `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ListFormat {
    /// A table for the terminal, grouped, with the current exercise marked.
    Human,
    /// A Markdown table, for docs.
    Markdown,
    /// One JSON document.
    Json,
}

/// The status of one exercise as shown.
fn status(progress: &Progress, i: usize) -> &'static str {
    if progress.is_done(i) {
        "done"
    } else if progress.course.items[i].exercise.is_err() {
        "error"
    } else {
        "pending"
    }
}

/// Renders the list in `format`.
pub(crate) fn render(
    progress: &Progress,
    format: ListFormat,
    painter: Painter,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        ListFormat::Human => human(progress, painter, out),
        ListFormat::Markdown => markdown(progress, out),
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &document(progress))?;
            writeln!(out)
        }
    }
}

/// `12/58 done`.
pub(crate) fn summary(progress: &Progress) -> String {
    format!("{}/{} done", progress.done_count(), progress.total())
}

/// The table for people: a heading per group, one line per exercise.
pub(crate) fn human(progress: &Progress, painter: Painter, out: &mut dyn Write) -> io::Result<()> {
    let items = &progress.course.items;
    let name = |i: usize| items[i].id.rsplit('/').next().unwrap_or("").to_owned();
    let name_width = (0..items.len()).map(|i| name(i).len()).max().unwrap_or(0);
    let codes_width = items
        .iter()
        .map(|it| it.codes().join(",").len())
        .max()
        .unwrap_or(0);
    let current = progress.current();
    let mut group = None;
    for (i, item) in items.iter().enumerate() {
        if group != Some(&item.group) {
            writeln!(out, "{}", painter.paint(Style::Bold, &item.group))?;
            group = Some(&item.group);
        }
        let marker = if current == Some(i) { ">" } else { " " };
        let status = status(progress, i);
        let style = match status {
            "done" => Style::Pass,
            "error" => Style::Error,
            _ => Style::Skip,
        };
        let codes = item.codes().join(",");
        writeln!(
            out,
            "{marker} {}  {:<name_width$}  {codes:<codes_width$}  {}",
            painter.paint(style, &format!("{status:<7}")),
            name(i),
            item.title()
        )?;
    }
    writeln!(out)?;
    writeln!(out, "Progress: {}", summary(progress))
}

fn markdown(progress: &Progress, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "| # | exercise | group | title | codes | status |")?;
    writeln!(out, "|--:|---|---|---|---|---|")?;
    let cell = |text: &str| text.replace('|', "\\|");
    for (i, item) in progress.course.items.iter().enumerate() {
        writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} |",
            i + 1,
            item.id,
            cell(&item.group),
            cell(item.title()),
            item.codes().join(", "),
            status(progress, i)
        )?;
    }
    writeln!(out)?;
    writeln!(out, "Progress: {}", summary(progress))
}

fn document(progress: &Progress) -> serde_json::Value {
    let current = progress.current();
    let exercises: Vec<serde_json::Value> = progress
        .course
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            json!({
                "id": item.id,
                "path": format!("{EXERCISES_DIR}/{}", item.id),
                "group": item.group,
                "title": item.title(),
                "codes": item.codes(),
                "status": status(progress, i),
                "current": current == Some(i),
            })
        })
        .collect();
    json!({
        "version": 1,
        "done": progress.done_count(),
        "total": progress.total(),
        "current": current.map(|i| progress.course.items[i].id.as_str()),
        "exercises": exercises,
    })
}
