//! The learn screen, rendered to a `Write`: progress, the exercise and its file, the
//! goal, rustc's own coloured output, the verdict, and the keys.

use std::io::{self, Write};
use std::path::Path;

use super::attempt::Attempt;
use super::goal;
use super::progress::Progress;
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
pub(crate) fn shown(path: &Path) -> String {
    let below = path
        .strip_prefix(".")
        .ok()
        .filter(|p| !p.as_os_str().is_empty());
    crate::report::shown_path(below.unwrap_or(path))
}

/// Renders the whole screen.
pub(crate) fn render(view: &View<'_>, painter: Painter, out: &mut dyn Write) -> io::Result<()> {
    header(view, painter, out)?;
    // The list is long: it takes the place of the verdict rather than pushing it away.
    if view.panel != Panel::List {
        verdict(view, painter, out)?;
    }
    panel(view, painter, out)?;
    if let Some(notice) = view.notice {
        writeln!(out, "{}", painter.paint(Style::Bold, notice))?;
    }
    if view.interactive {
        let keys = match view.attempt.is_solved() {
            true => KEYS_SOLVED,
            false => KEYS_UNSOLVED,
        };
        writeln!(out)?;
        writeln!(out, "{}", painter.paint(Style::Dim, keys))?;
    }
    Ok(())
}

fn verdict(view: &View<'_>, painter: Painter, out: &mut dyn Write) -> io::Result<()> {
    let item = &view.progress.course.items[view.index];
    let located = |result: &CheckResult| match (item.snippet(), &item.exercise) {
        (Some(file), Ok(ex)) => course_paths(&result.rendered, &ex.file, &shown(&file)),
        _ => result.rendered.clone(),
    };
    match view.attempt {
        Attempt::Broken(why) => {
            writeln!(
                out,
                "{} {why}",
                painter.paint(Style::Error, "Cannot check it:")
            )
        }
        Attempt::Unsolved(result) => unsolved(result, &located(result), painter, out),
        Attempt::Solved { result, contrast } => {
            let rendered = painter.rendered(&located(result));
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

/// rustc names the snippet as it was in the temp dir (`main.rs:4:22`); the learner's editor
/// needs the file in the course (`exercises/01_ownership/x/main.rs:4:22`) to jump there.
fn course_paths(rendered: &str, file: &str, in_course: &str) -> String {
    let mut out = rendered.to_owned();
    for arrow in ["--> ", "::: "] {
        for gap in ["", "\x1b[0m"] {
            out = out.replace(
                &format!("{arrow}{gap}{file}:"),
                &format!("{arrow}{gap}{in_course}:"),
            );
        }
    }
    out
}

fn unsolved(
    result: &CheckResult,
    rendered: &str,
    painter: Painter,
    out: &mut dyn Write,
) -> io::Result<()> {
    write!(out, "{}", painter.rendered(rendered))?;
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

    #[test]
    fn rustc_locations_name_the_file_in_the_course() {
        let rendered =
            "error[E0308]: x\n \x1b[1m\x1b[94m--> \x1b[0mmain.rs:2:18\n  --> main.rs:3:1\n";
        assert_eq!(
            course_paths(rendered, "main.rs", "exercises/a/main.rs"),
            "error[E0308]: x\n \x1b[1m\x1b[94m--> \x1b[0mexercises/a/main.rs:2:18\n  --> exercises/a/main.rs:3:1\n"
        );
    }
    use crate::engine::results::Status;
    use crate::learn::course::Course;

    /// A course of one exercise in `dir`, nothing done.
    fn course(dir: &Path) -> Progress {
        let ex = dir.join("exercises/01_demo/hello");
        fs::create_dir_all(&ex).expect("mkdir");
        fs::write(
            dir.join("exercises/01_demo/group.toml"),
            "title = \"Demo\"\n",
        )
        .expect("write");
        fs::write(
            ex.join("main.rs"),
            "fn main() {\n    println!(\"{}\", x);\n}\n",
        )
        .expect("write");
        let toml = "title = \"Say hello\"\nhint = \"Define `x`.\"\n\
                    [expect]\noutcome = \"compile-fail\"\nerrors = [\"E0425\"]\n\
                    [solution]\noutcome = \"run-pass\"\nstdout = \"hello\\n\"\n";
        fs::write(ex.join("exercise.toml"), toml).expect("write");
        Progress::fresh(Course::open(dir).expect("course"))
    }

    fn failed(actual: &str, rendered: &str) -> CheckResult {
        let mut result = CheckResult::of_main(Outcome::RunPass, Status::Fail);
        result.actual = vec![actual.to_owned()];
        result.rendered = rendered.to_owned();
        result
    }

    fn screen(progress: &Progress, attempt: &Attempt, panel: Panel) -> String {
        let view = View {
            progress,
            index: 0,
            attempt,
            solution: Some(Path::new("solutions/01_demo/hello.rs")),
            panel,
            notice: None,
            interactive: true,
        };
        let mut out = Vec::new();
        render(&view, Painter { color: false }, &mut out).expect("render");
        let dir = crate::report::shown_path(&progress.course.root);
        let text = String::from_utf8(out)
            .expect("utf-8")
            .replace(&dir, "$COURSE");
        crate::report::slashed(&text)
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
        let text = screen(&progress, &Attempt::Unsolved(result), Panel::None);
        assert!(
            text.contains("It compiles, but does not reach the goal yet:\n  the program's stdout"),
            "{text}"
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
