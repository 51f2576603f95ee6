//! Learner mode (README, "Learning with snipcheck"): `init` writes a course from the bundled catalog, `learn`
//! watches the current exercise and checks it on every save, and `list`, `hint`, `reset`
//! and `next` read or move the learner's progress. Each entry point turns its arguments
//! into work and returns an `Ending`, which the app turns into the exit code, or a
//! `LearnError` (`error`); the screens render to a `Write`.

mod attempt;
mod catalog;
mod course;
mod error;
mod goal;
mod init;
mod layout;
mod list;
mod progress;
mod screen;
mod state;
mod terminal;
mod viewport;
mod watch;

pub(crate) use terminal::shows_ansi;

use std::collections::BTreeSet;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Once};
use std::time::Duration;

use self::attempt::Attempt;
use self::course::{Course, Item};
pub(crate) use self::error::LearnError;
pub(crate) use self::list::ListFormat;
use self::progress::Progress;
use self::terminal::{CrLf, RawMode};
pub(crate) use self::watch::Ending;
/// The debounced file watcher, which `doc --watch` shares.
pub(crate) use self::watch::{watch_files, Event as WatchEvent, FileWatcher};
use self::watch::{App, Event, Presentation};
use crate::compile::program::OUTPUT_CAP;
use crate::compile::rustc::{self, Toolchain};
use crate::engine::job::Context;
use crate::report::style::Painter;
use crate::sandbox::{self, Limits};

/// Timeout for rustc and programs outside `learn` (which has `--timeout`).
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// What `learn` says when it cannot watch.
const NOT_A_TERMINAL: &str =
    "stdin is not a terminal: run `snipcheck learn` in a terminal to watch for changes";
/// What `learn --once` adds once the exercise is solved.
const MOVE_ON: &str = "Run `snipcheck next` to move on to the next exercise.";
/// What `init` says when it finds no rustc: the course is whole, rust-analyzer's file not.
const NO_RUSTC_FOR_PROJECT: &str = "no rustc found: rust-project.json names neither std's sources nor the exercises' crates; `snipcheck learn` needs rustc (https://rustup.rs)";

/// A validated `learn` run.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LearnConfig {
    /// The course, or an exercise in it to start with.
    pub(crate) path: Option<PathBuf>,
    /// Check once and exit, even in a terminal.
    pub(crate) once: bool,
    /// Whether the screen uses colour.
    pub(crate) color: bool,
    /// `--toolchain`.
    pub(crate) toolchain: Option<String>,
    /// Timeout for rustc and programs.
    pub(crate) timeout: Duration,
}

/// `init [DIR]`.
pub(crate) fn init(dir: &Path) -> Result<Ending, LearnError> {
    // The course needs no compiler; rust-analyzer's file is poorer without one.
    let toolchain = rustc::Toolchain::detect(None).ok();
    let course = init::create(dir, toolchain.as_ref())?;
    let shown = screen::shown(dir);
    output(|out| {
        writeln!(
            out,
            "created {shown} with {} exercises, {} for rust-analyzer, and .gitignore",
            course.items.len(),
            layout::PROJECT_FILE
        )?;
        if toolchain.is_none() {
            writeln!(out, "{NO_RUSTC_FOR_PROJECT}")?;
        }
        writeln!(out, "start with: cd {shown} && snipcheck learn")
    })?;
    Ok(Ending::Success)
}

/// `learn [PATH]`: the watch loop in a terminal, one check otherwise.
pub(crate) fn learn(args: &LearnConfig) -> Result<Ending, LearnError> {
    let root = course::find_root(args.path.as_deref().unwrap_or(Path::new(".")))?;
    handle_interrupts();
    let ctx = context(args.toolchain.as_deref(), args.timeout)?;
    let mut progress = open_progress(&root, Some(&ctx))?;
    if let Some(path) = &args.path {
        start_at(&mut progress, path)?;
    }
    let Some(index) = progress.current().filter(|_| !all_done(&progress)) else {
        output(|out| writeln!(out, "{}", all_done_message(&progress)))?;
        return Ok(Ending::Success);
    };
    let painter = Painter { color: args.color };
    if args.once || !io::stdin().is_terminal() {
        return check_once(&ctx, progress, index, painter, !args.once);
    }
    watch_loop(&ctx, progress, index, painter, &root)
}

/// Makes the exercise holding `path` current, when `path` lies inside one.
fn start_at(progress: &mut Progress, path: &Path) -> Result<(), LearnError> {
    let Ok(wanted) = path.canonicalize() else {
        return Ok(());
    };
    let found = progress.course.items.iter().position(|item| {
        item.dir
            .canonicalize()
            .is_ok_and(|dir| wanted.starts_with(dir))
    });
    match found {
        Some(index) => progress.set_current(index),
        None => Ok(()),
    }
}

/// One check of the current exercise, printed; exit 0 when solved, 1 when not.
fn check_once(
    ctx: &Context,
    progress: Progress,
    index: usize,
    painter: Painter,
    no_terminal: bool,
) -> Result<Ending, LearnError> {
    let presentation = Presentation {
        painter,
        interactive: false,
        clear: false,
    };
    let mut app = App::new(ctx, progress, index, presentation);
    output(|out| {
        app.draw(out)?;
        if app.attempt().is_solved() {
            writeln!(out, "{MOVE_ON}")?;
        }
        if no_terminal {
            writeln!(out, "{NOT_A_TERMINAL}")?;
        }
        Ok(())
    })?;
    Ok(match app.attempt() {
        _ if sandbox::cancelled() => Ending::Interrupted,
        Attempt::Solved { .. } => Ending::Success,
        Attempt::Unsolved(_) => Ending::NotSolved,
        Attempt::Broken(_) => Ending::Broken,
    })
}

/// The interactive loop: keys in raw mode, file changes from the watcher.
fn watch_loop(
    ctx: &Context,
    progress: Progress,
    index: usize,
    painter: Painter,
    root: &Path,
) -> Result<Ending, LearnError> {
    let (sender, events) = mpsc::channel();
    let _watcher = watch::watch_files(&root.join(layout::EXERCISES_DIR), sender.clone())?;
    let raw = RawMode::enable().map_err(LearnError::Keys)?;
    terminal::spawn_keys(sender, Event::Key);
    let stdout = io::stdout();
    let on_terminal = stdout.is_terminal();
    let mut out: Box<dyn Write> = if on_terminal {
        Box::new(CrLf(stdout.lock()))
    } else {
        Box::new(stdout.lock())
    };
    let presentation = Presentation {
        painter,
        interactive: true,
        clear: on_terminal,
    };
    let mut app = App::new(ctx, progress, index, presentation);
    let code = watch::run(&mut app, &events, &mut out)?;
    if app.all_done() {
        let message = all_done_message(app.progress());
        writeln!(out, "\n{message}").map_err(LearnError::Output)?;
    }
    drop(raw);
    Ok(code)
}

/// `list`.
pub(crate) fn list(format: ListFormat, color: bool) -> Result<Ending, LearnError> {
    let progress = open_progress(&course::find_root(Path::new("."))?, None)?;
    let painter = Painter { color };
    output(|out| list::render(&progress, format, painter, out))?;
    Ok(Ending::Success)
}

/// `hint [NAME]`.
pub(crate) fn hint(name: Option<&str>) -> Result<Ending, LearnError> {
    let root = course::find_root(Path::new("."))?;
    let (course, index) = match name {
        Some(name) => {
            let course = Course::open(&root)?;
            let index = course.lookup(name)?;
            (course, index)
        }
        None => {
            let progress = open_progress(&root, None)?;
            let index = progress.current().ok_or(LearnError::NoCurrentExercise)?;
            (progress.course, index)
        }
    };
    let item = &course.items[index];
    output(|out| {
        writeln!(out, "{} ({})", item.title(), item.id)?;
        writeln!(out, "{}", screen::hint_text(item))
    })?;
    Ok(Ending::Success)
}

/// `reset NAME [--yes]`.
pub(crate) fn reset(name: &str, yes: bool) -> Result<Ending, LearnError> {
    let root = course::find_root(Path::new("."))?;
    let course = Course::open(&root)?;
    let index = course.lookup(name)?;
    let item = &course.items[index];
    let file = screen::shown(&item.dir.join(course.reset_file(item)?));
    if !yes
        && !confirm(&format!(
            "Reset {file} to the shipped version? Your changes to it are lost. [y/N] "
        ))?
    {
        output(|out| writeln!(out, "Nothing was reset."))?;
        return Ok(Ending::NotSolved);
    }
    course.reset(item)?;
    let mut progress = open_progress(&root, None)?;
    progress.set_done(index, false)?;
    output(|out| writeln!(out, "{file} is as shipped again."))?;
    Ok(Ending::Success)
}

/// `next` (alias `skip`): records the current exercise as done when it meets its goal
/// (a contrast exercise needs nothing else), then moves on.
pub(crate) fn next() -> Result<Ending, LearnError> {
    let mut progress = open_progress(&course::find_root(Path::new("."))?, None)?;
    let from = progress.current();
    let unchecked = match from.filter(|&i| !progress.is_done(i)) {
        Some(i) => record_if_solved(&mut progress, i)?,
        None => None,
    };
    let moved = progress.advance()?;
    let items = &progress.course.items;
    output(|out| {
        if let Some(why) = &unchecked {
            writeln!(out, "Could not check it: {why}")?;
        }
        match from {
            Some(i) if progress.is_done(i) => writeln!(out, "Done: {}.", items[i].id)?,
            Some(i) => writeln!(out, "Skipped {} (still pending).", items[i].id)?,
            None => {}
        }
        match moved {
            Some(i) => next_line(&items[i], i, progress.total(), out),
            None if all_done(&progress) => writeln!(out, "{}", all_done_message(&progress)),
            None => writeln!(out, "It is the only exercise left to do."),
        }
    })?;
    Ok(Ending::Success)
}

/// Checks exercise `i` and records it as done when it meets its goal; returns why it
/// could not be checked, if so. An untouched broken snippet is not compiled at all.
fn record_if_solved(progress: &mut Progress, i: usize) -> Result<Option<String>, LearnError> {
    let item = &progress.course.items[i];
    if attempt::surely_unsolved(&progress.course, item) {
        return Ok(None);
    }
    handle_interrupts();
    let ctx = context(None, DEFAULT_TIMEOUT)?;
    match attempt::check(&ctx, &progress.course, item) {
        Attempt::Solved { .. } => progress.set_done(i, true).map(|()| None),
        Attempt::Unsolved(_) => Ok(None),
        Attempt::Broken(why) => Ok(Some(why)),
    }
}

fn next_line(item: &Item, index: usize, total: usize, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Next: [{}/{total}] {}", index + 1, item.title())?;
    if let Some(file) = item.snippet() {
        writeln!(out, "edit: {}", screen::shown(&file))?;
    }
    Ok(())
}

fn all_done(progress: &Progress) -> bool {
    progress.done_count() == progress.total()
}

fn all_done_message(progress: &Progress) -> String {
    format!(
        "All {} exercises done. `snipcheck list` shows them; `snipcheck reset NAME` lets you do one again.",
        progress.total()
    )
}

/// The course's progress; a missing or unreadable state file is rebuilt by checking
/// every exercise (with `ctx`, or a compiler found now), and the learner is told.
fn open_progress(root: &Path, ctx: Option<&Context>) -> Result<Progress, LearnError> {
    let course = Course::open(root)?;
    let (progress, notice) = Progress::open(course, |course| rebuild(course, ctx))?;
    if let Some(notice) = notice {
        eprintln!("note: {notice}");
    }
    Ok(progress)
}

fn rebuild(course: &Course, ctx: Option<&Context>) -> Result<BTreeSet<String>, LearnError> {
    eprintln!(
        "checking {} exercises to find your progress...",
        course.items.len()
    );
    handle_interrupts();
    let found;
    let ctx = match ctx {
        Some(ctx) => ctx,
        None => {
            found = context(None, DEFAULT_TIMEOUT)?;
            &found
        }
    };
    let jobs = std::thread::available_parallelism().map_or(1, usize::from);
    let solved = attempt::solved_ids(ctx, course, jobs);
    if sandbox::cancelled() {
        return Err(LearnError::Interrupted);
    }
    Ok(solved)
}

fn context(toolchain: Option<&str>, timeout: Duration) -> Result<Context, LearnError> {
    Ok(Context {
        toolchain: Toolchain::detect(toolchain).map_err(|e| LearnError::Toolchain(e.into()))?,
        limits: Limits {
            timeout,
            output_cap: OUTPUT_CAP,
        },
        test_timeout: timeout,
        bless: false,
        annotations: false,
    })
}

/// Ctrl-C and SIGTERM kill running children and let temp dirs be removed; set up once,
/// before any thread starts.
fn handle_interrupts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(sandbox::handle_interrupts);
}

/// Asks on stderr; true only for an answer starting with y. End of input is a no.
fn confirm(question: &str) -> Result<bool, LearnError> {
    eprint!("{question}");
    let mut answer = String::new();
    io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(LearnError::Answer)?;
    Ok(answer.trim_start().to_ascii_lowercase().starts_with('y'))
}

/// Writes to stdout; a reader that went away (`snipcheck list | head`) is not an error.
fn output(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), LearnError> {
    let mut out = io::stdout().lock();
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(LearnError::Output(e)),
        _ => Ok(()),
    }
}
