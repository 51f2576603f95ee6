//! The learn loop. Keys and file changes arrive as events over one mpsc channel (as in
//! rustlings); each event updates the `App`, which checks the learner's snippet again when
//! its files changed and draws the screen to a `Write`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use super::attempt::{self, Attempt};
use super::error::LearnError;
use super::progress::Progress;
use super::screen::{self, Drawn, Panel, View};
use super::terminal::{self, Key};
use crate::engine::job::Context;
use crate::report::style::Painter;

/// Something the loop reacts to.
#[derive(Debug)]
pub(crate) enum Event {
    /// A key was pressed.
    Key(Key),
    /// Files below the course's exercises changed (debounced).
    Changed(Vec<PathBuf>),
    /// The file watcher failed.
    WatchFailed(String),
}

/// How often the loop looks whether Ctrl-C or SIGTERM arrived while no event came.
const TICK: Duration = Duration::from_millis(100);

/// How a learner command ended; the app turns it into the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ending {
    /// Done: the command did its work, or the exercise is solved.
    Success,
    /// The exercise is not solved yet, or nothing was done (a declined reset).
    NotSolved,
    /// The exercise could not be checked (malformed, timeout, rustc crash).
    Broken,
    /// Ctrl-C or SIGTERM.
    Interrupted,
}

/// What the loop does after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    /// Go on; draw the screen again when true.
    Continue(bool),
    /// Stop: the learner quit, or everything is done.
    Quit,
}

/// How the screen is drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Presentation {
    /// Colours.
    pub(crate) painter: Painter,
    /// Whether keys are read (the key line is shown).
    pub(crate) interactive: bool,
    /// Whether to clear the terminal before each drawing.
    pub(crate) clear: bool,
}

/// The learner's session: the course, the exercise shown, its latest check.
#[derive(Debug)]
pub(crate) struct App<'a> {
    ctx: &'a Context,
    progress: Progress,
    index: usize,
    attempt: Attempt,
    /// The contents of the exercise's `.rs` files at the latest check.
    checked: Vec<(PathBuf, Vec<u8>)>,
    /// The exercise directory, resolved, to match watcher paths against.
    watched: PathBuf,
    solution: Option<PathBuf>,
    panel: Panel,
    notice: Option<String>,
    presentation: Presentation,
    /// The first line shown of what scrolls; `None` until a key scrolls it.
    scroll: Option<usize>,
    /// Where the latest drawing left the scrolling part.
    drawn: Drawn,
}

impl<'a> App<'a> {
    /// Shows exercise `index` and checks it.
    pub(crate) fn new(
        ctx: &'a Context,
        progress: Progress,
        index: usize,
        presentation: Presentation,
    ) -> App<'a> {
        let mut app = App {
            ctx,
            progress,
            index,
            attempt: Attempt::Broken(String::new()),
            checked: Vec::new(),
            watched: PathBuf::new(),
            solution: None,
            panel: Panel::None,
            notice: None,
            presentation,
            scroll: None,
            drawn: Drawn::default(),
        };
        app.show(index);
        app
    }

    /// The latest check of the exercise shown.
    pub(crate) fn attempt(&self) -> &Attempt {
        &self.attempt
    }

    /// The course and progress.
    pub(crate) fn progress(&self) -> &Progress {
        &self.progress
    }

    fn show(&mut self, index: usize) {
        self.index = index;
        self.panel = Panel::None;
        self.scroll = None;
        let dir = &self.progress.course.items[index].dir;
        self.watched = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        if let Err(e) = self.progress.set_current(index) {
            self.notice = Some(e.with_causes());
        }
        self.check();
    }

    /// Checks the snippet; a fix is recorded as done at once.
    fn check(&mut self) {
        let item = &self.progress.course.items[self.index];
        self.checked = sources(&item.dir);
        self.attempt = attempt::check(self.ctx, &self.progress.course, item);
        self.solution = None;
        self.scroll = None;
        if let Attempt::Solved {
            contrast: false, ..
        } = self.attempt
        {
            let recorded = self.progress.set_done(self.index, true);
            let item = &self.progress.course.items[self.index];
            let solution = self.progress.course.solution(item);
            match recorded.and(solution) {
                Ok(path) => self.solution = path,
                Err(e) => self.notice = Some(e.with_causes()),
            }
        }
    }

    /// Draws the screen, fitted to the terminal when it is one.
    pub(crate) fn draw(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        if self.presentation.clear {
            write!(out, "{}", screen::CLEAR)?;
        }
        let size = self.presentation.clear.then(terminal::size).flatten();
        let view = View {
            progress: &self.progress,
            index: self.index,
            attempt: &self.attempt,
            solution: self.solution.as_deref(),
            panel: self.panel,
            notice: self.notice.as_deref(),
            interactive: self.presentation.interactive,
            size,
            scroll: self.scroll,
        };
        self.drawn = screen::render(&view, self.presentation.painter, out)?;
        out.flush()
    }

    /// Reacts to one event.
    pub(crate) fn handle(&mut self, event: Event) -> Flow {
        match event {
            Event::Key(key) => self.key(key),
            Event::Changed(paths) => {
                let ours = paths.iter().any(|p| p.starts_with(&self.watched));
                if !ours || sources(&self.progress.course.items[self.index].dir) == self.checked {
                    return Flow::Continue(false);
                }
                self.notice = None;
                // The verdict must show on save; the list would hide it.
                if self.panel == Panel::List {
                    self.panel = Panel::None;
                }
                self.check();
                Flow::Continue(true)
            }
            Event::WatchFailed(why) => {
                self.notice = Some(format!("watching the files failed: {why}"));
                Flow::Continue(true)
            }
        }
    }

    fn key(&mut self, key: Key) -> Flow {
        if self.panel == Panel::ConfirmReset {
            self.panel = Panel::None;
            if key == Key::Yes {
                self.reset();
            } else {
                self.notice = Some("Nothing was reset.".into());
            }
            return Flow::Continue(true);
        }
        self.notice = None;
        match key {
            Key::Next => return self.next(),
            Key::Hint => self.toggle(Panel::Hint),
            Key::List => self.toggle(Panel::List),
            Key::Reset => self.panel = Panel::ConfirmReset,
            Key::Quit => return Flow::Quit,
            Key::Down => return self.scroll_by(1),
            Key::Up => return self.scroll_by(-1),
            Key::PageDown => return self.scroll_by(self.page()),
            Key::PageUp => return self.scroll_by(-self.page()),
            Key::Redraw => {}
            Key::Yes | Key::Other => return Flow::Continue(false),
        }
        Flow::Continue(true)
    }

    fn page(&self) -> isize {
        isize::try_from(self.drawn.page).unwrap_or(1)
    }

    /// Moves the scrolling part by `lines`; nothing to draw when it cannot move.
    fn scroll_by(&mut self, lines: isize) -> Flow {
        let to = self
            .drawn
            .scroll
            .saturating_add_signed(lines)
            .min(self.drawn.max_scroll);
        if to == self.drawn.scroll {
            return Flow::Continue(false);
        }
        self.scroll = Some(to);
        Flow::Continue(true)
    }

    fn toggle(&mut self, panel: Panel) {
        self.scroll = None;
        self.panel = if self.panel == panel {
            Panel::None
        } else {
            panel
        };
    }

    /// Moves on: a contrast exercise counts as done by this key press.
    fn next(&mut self) -> Flow {
        if let Attempt::Solved { contrast: true, .. } = self.attempt {
            if let Err(e) = self.progress.set_done(self.index, true) {
                self.notice = Some(e.with_causes());
                return Flow::Continue(true);
            }
        }
        match self.progress.advance() {
            Ok(Some(next)) => self.show(next),
            Ok(None) if self.progress.done_count() == self.progress.total() => return Flow::Quit,
            Ok(None) => self.notice = Some("This is the only exercise left to do.".into()),
            Err(e) => self.notice = Some(e.with_causes()),
        }
        Flow::Continue(true)
    }

    fn reset(&mut self) {
        let item = &self.progress.course.items[self.index];
        let outcome = self
            .progress
            .course
            .reset(item)
            .and_then(|path| self.progress.set_done(self.index, false).map(|()| path));
        match outcome {
            Ok(path) => {
                self.check();
                self.notice = Some(format!("{} is as shipped again.", screen::shown(&path)));
            }
            Err(e) => self.notice = Some(e.with_causes()),
        }
    }

    /// Whether every exercise is done.
    pub(crate) fn all_done(&self) -> bool {
        self.progress.done_count() == self.progress.total()
    }
}

/// The `.rs` files of an exercise and their contents, to tell a real change from a save
/// that changed nothing (or from the write of `reset`, already checked).
fn sources(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    crate::model::source::collect(dir, &[])
        .unwrap_or_default()
        .into_iter()
        .map(|s| {
            let bytes = std::fs::read(&s.abs).unwrap_or_default();
            (s.rel, bytes)
        })
        .collect()
}

/// How long the watcher waits for a burst of file events (an editor's save writes,
/// renames and touches) to end before reporting it: short, since it adds to the time from
/// save to verdict (the aim is rustc's time plus under 50 ms; README, "Performance", has the figures).
const DEBOUNCE: Duration = Duration::from_millis(20);

/// A running watch of a directory tree; dropping it stops the watch.
pub(crate) type FileWatcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Watches every file below `dir` and sends debounced changes to `sender`. The watching
/// stops when the returned value is dropped.
pub(crate) fn watch_files(dir: &Path, sender: Sender<Event>) -> Result<FileWatcher, LearnError> {
    let root = dir
        .canonicalize()
        .map_err(|source| LearnError::Inaccessible {
            path: dir.to_path_buf(),
            source,
        })?;
    let cannot_watch = |source| LearnError::Watch {
        path: dir.to_path_buf(),
        source,
    };
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let event = match result {
            Ok(events) => {
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| changes_files(&e.event.kind))
                    .flat_map(|e| e.event.paths)
                    .collect();
                if paths.is_empty() {
                    return;
                }
                Event::Changed(paths)
            }
            Err(errors) => Event::WatchFailed(
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        };
        // The loop has ended when nobody receives: nothing left to tell.
        let _ = sender.send(event);
    })
    .map_err(cannot_watch)?;
    debouncer
        .watch(&root, RecursiveMode::Recursive)
        .map_err(cannot_watch)?;
    Ok(debouncer)
}

/// Whether an event can change a file. Opening and reading cannot: snipcheck's own reads
/// of the exercise during a check must not wake the loop (inotify reports opens).
fn changes_files(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Runs the loop until the learner quits, everything is done, or Ctrl-C / SIGTERM.
pub(crate) fn run(
    app: &mut App<'_>,
    events: &Receiver<Event>,
    out: &mut dyn Write,
) -> Result<Ending, LearnError> {
    let drawn = |r: std::io::Result<()>| r.map_err(LearnError::Draw);
    drawn(app.draw(out))?;
    loop {
        let flow = match events.recv_timeout(TICK) {
            Ok(event) => app.handle(event),
            Err(RecvTimeoutError::Timeout) => Flow::Continue(false),
            Err(RecvTimeoutError::Disconnected) => Flow::Quit,
        };
        if crate::sandbox::cancelled() {
            return Ok(Ending::Interrupted);
        }
        match flow {
            Flow::Continue(true) => drawn(app.draw(out))?,
            Flow::Continue(false) => {}
            Flow::Quit => return Ok(Ending::Success),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify_debouncer_full::notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind};

    /// inotify (Linux) tells writes apart from reads; ReadDirectoryChangesW (Windows) and
    /// FSEvents (macOS) report a save as a modification of no particular kind.
    #[test]
    fn saves_count_on_every_platform_and_reads_do_not() {
        for save in [
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Modify(ModifyKind::Data(DataChange::Content)),
            EventKind::Modify(ModifyKind::Any),
            EventKind::Create(CreateKind::Any),
            EventKind::Remove(RemoveKind::Any),
        ] {
            assert!(changes_files(&save), "{save:?}");
        }
        assert!(!changes_files(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!changes_files(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
    }
}
