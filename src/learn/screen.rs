//! The learn screen, rendered to a `Write`: progress, the exercise and its file, the
//! goal, rustc's own coloured output, the verdict, and the keys.

use std::io::{self, Write};
use std::path::Path;

use super::attempt::Attempt;
use super::goal;
use super::progress::Progress;
use super::viewport::{self, Size};
use crate::engine::results::CheckResult;
use crate::report::style::{Painter, Style};

/// What is shown under the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Panel {
    /// Nothing.
    None,
    /// The exercise's hint.
    Hint,
    /// The list of exercises.
    List,
    /// The question whether to reset the snippet.
    ConfirmReset,
}

/// Everything one rendering shows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct View<'a> {
    /// The course and progress.
    pub(crate) progress: &'a Progress,
    /// The exercise shown.
    pub(crate) index: usize,
    /// Its latest check.
    pub(crate) attempt: &'a Attempt,
    /// Where its reference solution is, once solved.
    pub(crate) solution: Option<&'a Path>,
    /// The panel under the verdict.
    pub(crate) panel: Panel,
    /// A one-line message about the last action.
    pub(crate) notice: Option<&'a str>,
    /// Whether keys are read (otherwise no key line).
    pub(crate) interactive: bool,
    /// The terminal's size, to fit the screen in; `None` writes everything.
    pub(crate) size: Option<Size>,
    /// The first line shown of what scrolls; `None` for the top, or for the current
    /// exercise in the list.
    pub(crate) scroll: Option<usize>,
}

/// Where the scrolling part of a drawn screen stands, for the next key to move it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Drawn {
    /// The first line shown.
    pub(crate) scroll: usize,
    /// The largest first line there can be; 0 when everything fits.
    pub(crate) max_scroll: usize,
    /// How many lines a page is.
    pub(crate) page: usize,
}

/// Clears a terminal and moves to its top-left corner.
pub(crate) const CLEAR: &str = "\x1b[H\x1b[2J";
/// The key line while the exercise is not solved.
const KEYS_UNSOLVED: &str = "n skip · h hint · l list · r reset · q quit";
/// The key line once it is solved.
const KEYS_SOLVED: &str = "n next exercise · h hint · l list · r reset · q quit";
/// What the learner does when the snippet is not solved yet.
const SAVE_TO_CHECK: &str = "Edit the file and save it: it is checked again on every save.";

/// A path as shown: without a leading `./` (`.\` on Windows).
pub(crate) use crate::model::shown::shown_below as shown;

/// Renders the whole screen. In a terminal of `view.size`, the header and the key line stay
/// in view and what lies between them is cut to a window that the keys scroll.
pub(crate) fn render(view: &View<'_>, painter: Painter, out: &mut dyn Write) -> io::Result<Drawn> {
    let mut top = Vec::new();
    header(view, painter, &mut top)?;
    let mut body = Vec::new();
    // The list is long: it takes the place of the verdict rather than pushing it away.
    if view.panel != Panel::List {
        verdict(view, painter, &mut body)?;
    }
    panel(view, painter, &mut body)?;
    let mut bottom = Vec::new();
    if let Some(notice) = view.notice {
        writeln!(bottom, "{}", painter.paint(Style::Bold, notice))?;
    }
    if view.interactive {
        let keys = match view.attempt.is_solved() {
            true => KEYS_SOLVED,
            false => KEYS_UNSOLVED,
        };
        writeln!(bottom)?;
        writeln!(bottom, "{}", painter.paint(Style::Dim, keys))?;
    }
    let [top, body, bottom] = [top, body, bottom].map(|b| String::from_utf8_lossy(&b).into_owned());
    out.write_all(top.as_bytes())?;
    let drawn = match view.size {
        Some(size) => fitted(view, &top, &body, &bottom, size, painter, out)?,
        None => {
            out.write_all(body.as_bytes())?;
            Drawn::default()
        }
    };
    out.write_all(bottom.as_bytes())?;
    Ok(drawn)
}

/// The scrolling part in the rows the header and the keys leave, the last row kept free so
/// the terminal does not scroll the header away.
fn fitted(
    view: &View<'_>,
    top: &str,
    body: &str,
    bottom: &str,
    size: Size,
    painter: Painter,
    out: &mut dyn Write,
) -> io::Result<Drawn> {
    let used = viewport::rows(top, size.cols) + viewport::rows(bottom, size.cols);
    let room = size.rows.saturating_sub(used + 1).max(2);
    let scroll = view.scroll.unwrap_or_else(|| match view.panel {
        Panel::List => viewport::line_starting(body, "> ").map_or(0, |at| at.saturating_sub(2)),
        _ => 0,
    });
    let Some(window) = viewport::window(body, size.cols, room, scroll) else {
        out.write_all(body.as_bytes())?;
        return Ok(Drawn::default());
    };
    for line in &window.lines {
        writeln!(out, "{line}")?;
    }
    let shown = format!(
        "lines {}-{} of {} · ↑/↓ or j/k scroll, PgUp/PgDn or space a page",
        window.above + 1,
        window.above + window.lines.len(),
        window.above + window.lines.len() + window.below
    );
    writeln!(out, "{}", painter.paint(Style::Dim, &shown))?;
    Ok(Drawn {
        scroll: window.scroll,
        max_scroll: window.max_scroll,
        page: window.lines.len().max(1),
    })
}

fn verdict(view: &View<'_>, painter: Painter, out: &mut dyn Write) -> io::Result<()> {
    match view.attempt {
        Attempt::Broken(why) => {
            writeln!(
                out,
                "{} {why}",
                painter.paint(Style::Error, "Cannot check it:")
            )
        }
        Attempt::Unsolved(result) => unsolved(result, painter, out),
        Attempt::Solved { result, contrast } => {
            let rendered = painter.rendered(&result.rendered);
            if !rendered.is_empty() {
                writeln!(out, "{rendered}")?;
            }
            solved(view, *contrast, painter, out)
        }
    }
}

fn header(view: &View<'_>, painter: Painter, out: &mut dyn Write) -> io::Result<()> {
    let progress = view.progress;
    let item = &progress.course.items[view.index];
    let position = format!("[{}/{}]", view.index + 1, progress.total());
    writeln!(
        out,
        "{} {}  {}",
        painter.paint(Style::Bold, &position),
        painter.paint(Style::Bold, item.title()),
        painter.paint(
            Style::Dim,
            &format!("{} · {}", item.group, super::list::summary(progress))
        )
    )?;
    if let Some(file) = item.snippet() {
        writeln!(out, "edit: {}", shown(&file))?;
    }
    if let Ok(ex) = &item.exercise {
        let goal = goal::of(&ex.solution);
        writeln!(out, "goal: {}", goal.sentence)?;
        for line in &goal.lines {
            writeln!(out, "    {line}")?;
        }
    }
    writeln!(out)
}

/// rustc's output and a panic already name the learner's file as the course has it
/// (`exercises/01_ownership/x/main.rs:4:22`, the judge's doing), so an editor can jump there.
fn unsolved(result: &CheckResult, painter: Painter, out: &mut dyn Write) -> io::Result<()> {
    write!(out, "{}", painter.rendered(&result.rendered))?;
    let rejected = result.actual.iter().any(|line| line.starts_with("error"));
    if !rejected {
        writeln!(out, "It compiles, but does not reach the goal yet:")?;
        for mismatch in &result.mismatches {
            writeln!(out, "  {mismatch}")?;
        }
        if let Some(diff) = &result.diff {
            write!(out, "{}", painter.diff(diff))?;
        }
        if !result.program_stderr.trim().is_empty() {
            writeln!(out, "The program wrote to stderr:")?;
            write!(out, "{}", result.program_stderr)?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} {SAVE_TO_CHECK}",
        painter.paint(Style::Fail, "✗ Not solved yet.")
    )
}

fn solved(
    view: &View<'_>,
    contrast: bool,
    painter: Painter,
    out: &mut dyn Write,
) -> io::Result<()> {
    if contrast {
        writeln!(
            out,
            "{} This snippet already meets its goal: read it and predict what it prints, and why, before you move on.",
            painter.paint(Style::Pass, "✓ Nothing to fix.")
        )?;
    } else {
        writeln!(out, "{}", painter.paint(Style::Pass, "✓ Solved!"))?;
    }
    if let Some(solution) = view.solution.filter(|_| !contrast) {
        writeln!(
            out,
            "Compare with the reference solution: {}",
            shown(solution)
        )?;
    }
    Ok(())
}

fn panel(view: &View<'_>, painter: Painter, out: &mut dyn Write) -> io::Result<()> {
    let item = &view.progress.course.items[view.index];
    match view.panel {
        Panel::None => Ok(()),
        Panel::Hint => {
            writeln!(out)?;
            writeln!(out, "{}", painter.paint(Style::Bold, "Hint"))?;
            writeln!(out, "{}", hint_text(item))
        }
        Panel::List => super::list::human(view.progress, painter, out),
        Panel::ConfirmReset => {
            let file = item.snippet().map(|f| shown(&f)).unwrap_or_default();
            writeln!(out)?;
            writeln!(
                out,
                "{} {file} to the shipped version? Your changes are lost. y: reset, any other key: keep",
                painter.paint(Style::Fail, "Reset")
            )
        }
    }
}

/// The hint of an exercise, or a sentence saying it has none.
pub(crate) fn hint_text(item: &super::course::Item) -> String {
    match &item.exercise {
        Ok(ex) if !ex.hint.trim().is_empty() => ex.hint.trim_end().to_owned(),
        Ok(_) => "This exercise has no hint.".to_owned(),
        Err(e) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::model::expectation::Outcome;

    use crate::engine::results::Status;
    use crate::learn::course::Course;

    /// A course of one exercise in `dir`, nothing done.
    fn course(dir: &Path) -> Progress {
        course_of(dir, &["hello"])
    }

    /// A course of the exercises `names` in `dir`, the first called "Say hello".
    fn course_of(dir: &Path, names: &[&str]) -> Progress {
        fs::create_dir_all(dir.join("exercises/01_demo")).expect("mkdir");
        fs::write(
            dir.join("exercises/01_demo/group.toml"),
            "title = \"Demo\"\n",
        )
        .expect("write");
        for (i, name) in names.iter().enumerate() {
            let ex = dir.join("exercises/01_demo").join(name);
            fs::create_dir_all(&ex).expect("mkdir");
            fs::write(
                ex.join("main.rs"),
                "fn main() {\n    println!(\"{}\", x);\n}\n",
            )
            .expect("write");
            let title = if i == 0 {
                "Say hello".to_owned()
            } else {
                format!("Exercise {name}")
            };
            let toml = format!(
                "title = \"{title}\"\nhint = \"Define `x`.\"\n\
                 [expect]\noutcome = \"compile-fail\"\nerrors = [\"E0425\"]\n\
                 [solution]\noutcome = \"run-pass\"\nstdout = \"hello\\n\"\n"
            );
            fs::write(ex.join("exercise.toml"), toml).expect("write");
        }
        Progress::fresh(Course::open(dir).expect("course"))
    }

    fn failed(actual: &str, rendered: &str) -> CheckResult {
        let mut result = CheckResult::of_main(Outcome::RunPass, Status::Fail);
        result.actual = vec![actual.to_owned()];
        result.rendered = rendered.to_owned();
        result
    }

    fn screen(progress: &Progress, attempt: &Attempt, panel: Panel) -> String {
        sized(progress, 0, attempt, panel, None, None)
    }

    fn sized(
        progress: &Progress,
        index: usize,
        attempt: &Attempt,
        panel: Panel,
        size: Option<Size>,
        scroll: Option<usize>,
    ) -> String {
        let view = View {
            progress,
            index,
            attempt,
            solution: Some(Path::new("solutions/01_demo/hello.rs")),
            panel,
            notice: None,
            interactive: true,
            size,
            scroll,
        };
        let mut out = Vec::new();
        render(&view, Painter { color: false }, &mut out).expect("render");
        let dir = crate::report::shown_path(&progress.course.root);
        let text = String::from_utf8(out)
            .expect("utf-8")
            .replace(&dir, "$COURSE");
        crate::report::slashed(&text)
    }

    const SMALL: Size = Size { cols: 80, rows: 24 };

    #[test]
    fn a_small_terminal_keeps_the_header_and_the_keys_in_view() {
        let dir = tempfile::tempdir().expect("temp dir");
        let progress = course(dir.path());
        let rendered: String = (1..=60).map(|i| format!("rustc line {i}\n")).collect();
        let attempt = Attempt::Unsolved(failed("error[E0425] main.rs:2: x", &rendered));
        let text = sized(&progress, 0, &attempt, Panel::None, Some(SMALL), None);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() < SMALL.rows, "{} lines:\n{text}", lines.len());
        assert!(text.starts_with(HEADER), "{text}");
        assert_eq!(lines.last(), Some(&KEYS_UNSOLVED), "{text}");
        assert!(text.contains("rustc line 1\n"), "{text}");
        assert!(text.contains("lines 1-16 of 62 · ↑/↓"), "{text}");
        let end = sized(&progress, 0, &attempt, Panel::None, Some(SMALL), Some(99));
        assert!(end.contains(SAVE_TO_CHECK), "scrolled to the end: {end}");
        assert!(end.starts_with(HEADER), "{end}");
        let roomy = sized(
            &progress,
            0,
            &attempt,
            Panel::None,
            Some(Size { cols: 80, rows: 90 }),
            None,
        );
        assert!(!roomy.contains("lines 1-"), "everything fits: {roomy}");
    }

    #[test]
    fn a_long_list_opens_at_the_current_exercise() {
        let dir = tempfile::tempdir().expect("temp dir");
        let names: Vec<String> = (0..40).map(|i| format!("ex{i:02}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut progress = course_of(dir.path(), &names);
        progress.set_current(30).expect("set current");
        let attempt = Attempt::Broken("x".into());
        let text = sized(&progress, 30, &attempt, Panel::List, Some(SMALL), None);
        assert!(text.lines().count() < SMALL.rows, "{text}");
        assert!(text.contains("> pending  ex30"), "{text}");
        assert!(
            !text.contains(" ex05 "),
            "the list starts near the current exercise: {text}"
        );
        assert!(text.trim_end().ends_with(KEYS_UNSOLVED), "{text}");
    }

    const HEADER: &str = "[1/1] Say hello  Demo · 0/1 done\n\
                          edit: $COURSE/exercises/01_demo/hello/main.rs\n\
                          goal: make it compile and print \"hello\"\n\n";

    #[test]
    fn paths_are_shown_without_a_leading_dot() {
        let native = |p: &str| crate::report::shown_path(Path::new(p));
        assert_eq!(shown(Path::new("./exercises/a")), native("exercises/a"));
        assert_eq!(shown(Path::new("exercises/a")), native("exercises/a"));
        assert_eq!(shown(Path::new(".")), ".");
        assert_eq!(shown(Path::new("../course")), native("../course"));
    }

    #[test]
    fn an_unsolved_exercise_shows_rustc_output_in_its_own_words() {
        let dir = tempfile::tempdir().expect("temp dir");
        let progress = course(dir.path());
        let rendered = "\x1b[1merror[E0425]\x1b[0m: cannot find value `x`\n";
        let attempt = Attempt::Unsolved(failed(
            "error[E0425] main.rs:2: cannot find value `x`",
            rendered,
        ));
        assert_eq!(
            screen(&progress, &attempt, Panel::Hint),
            format!(
                "{HEADER}error[E0425]: cannot find value `x`\n\n\
                 ✗ Not solved yet. {SAVE_TO_CHECK}\n\nHint\nDefine `x`.\n\n{KEYS_UNSOLVED}\n"
            )
        );
    }

    #[test]
    fn wrong_output_shows_what_differs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let progress = course(dir.path());
        let mut result = failed("outcome: run-pass", "");
        result.mismatches = vec![crate::engine::results::Mismatch::Stdout];
        result.diff =
            Some("--- expected\n+++ actual\n@@ -1 +1 @@\n-stdout: hello\n+stdout: hallo\n".into());
        result.program_stderr =
            "thread 'main' panicked at exercises/01_demo/hello/main.rs:2:5:\nboom\n".into();
        let text = screen(&progress, &Attempt::Unsolved(result), Panel::None);
        assert!(
            text.contains("It compiles, but does not reach the goal yet:\n  the program's stdout"),
            "{text}"
        );
        assert!(
            text.contains("The program wrote to stderr:\nthread 'main' panicked at exercises/01_demo/hello/main.rs:2:5:\nboom"),
            "the program's stderr is shown as the judge told it: {text}"
        );
        assert!(text.contains("-stdout: hello\n+stdout: hallo\n"), "{text}");
    }

    #[test]
    fn a_solved_exercise_points_to_the_solution_and_a_contrast_one_does_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let progress = course(dir.path());
        let mut result = failed("", "");
        result.status = Status::Pass;
        let solved = Attempt::Solved {
            result: result.clone(),
            contrast: false,
        };
        assert_eq!(
            screen(&progress, &solved, Panel::None),
            format!(
                "{HEADER}✓ Solved!\nCompare with the reference solution: solutions/01_demo/hello.rs\n\n{KEYS_SOLVED}\n"
            )
        );
        let contrast = Attempt::Solved {
            result,
            contrast: true,
        };
        let text = screen(&progress, &contrast, Panel::None);
        assert!(text.contains("✓ Nothing to fix."), "{text}");
        assert!(!text.contains("reference solution"), "{text}");
    }
}
