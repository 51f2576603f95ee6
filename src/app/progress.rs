//! Progress of a long run on stderr: an indicatif bar on an interactive terminal, a plain
//! line every tenth of the run in CI or a pipe with `--verbose`, nothing otherwise. A grade
//! run counts students done beside exercises done. Reports on stdout are written through
//! `suspend`, so the bar never garbles them.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A bar on stderr: an interactive terminal, outside CI.
    Bar,
    /// A line on stderr every tenth of the run: `--verbose` in CI or a pipe.
    Lines,
    /// Nothing: `--quiet`, or CI / a pipe without `--verbose`.
    Off,
}

impl Mode {
    /// The mode for this terminal and environment (`CI` set means CI).
    pub(crate) fn detect(quiet: bool, verbose: bool) -> Mode {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        if quiet {
            Mode::Off
        } else if std::io::stderr().is_terminal() && !ci {
            Mode::Bar
        } else if verbose {
            Mode::Lines
        } else {
            Mode::Off
        }
    }
}

/// The bar appears only once a run has taken this long, so short runs stay clean.
const BAR_DELAY: Duration = Duration::from_millis(500);
/// How the bar looks.
const BAR_TEMPLATE: &str = "{spinner} {pos}/{len} {msg} {wide_bar} {elapsed}";

/// Progress of one run.
#[derive(Debug)]
pub(crate) struct Progress {
    mode: Mode,
    bar: ProgressBar,
    noun: &'static str,
    total: u64,
    done: u64,
    start: Instant,
    groups: Option<Groups>,
}

/// Groups of items that finish together (the students of a grade run), counted beside the
/// items.
#[derive(Debug, Clone, Copy)]
struct Groups {
    noun: &'static str,
    total: u64,
    done: u64,
}

impl Progress {
    /// Progress over `total` items called `noun` (`checks`).
    pub(crate) fn new(mode: Mode, total: usize, noun: &'static str) -> Progress {
        let total = total as u64;
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(BAR_TEMPLATE)
                .expect("the template is valid")
                .progress_chars("=> "),
        );
        bar.set_message(noun);
        Progress {
            mode,
            bar,
            noun,
            total,
            done: 0,
            start: Instant::now(),
            groups: None,
        }
    }

    /// Also counts `total` groups called `noun` (`students done`), each finished by
    /// `advance_group`.
    pub(crate) fn with_groups(mut self, total: usize, noun: &'static str) -> Progress {
        self.groups = Some(Groups {
            noun,
            total: total as u64,
            done: 0,
        });
        self.bar.set_message(self.message());
        self
    }

    /// What follows the count: the noun, and the groups done.
    fn message(&self) -> String {
        match self.groups {
            Some(g) => format!("{} · {}/{} {}", self.noun, g.done, g.total, g.noun),
            None => self.noun.to_owned(),
        }
    }

    /// One more group is done; with lines, the last one gets a line of its own.
    pub(crate) fn advance_group(&mut self) {
        let Some(groups) = &mut self.groups else {
            return;
        };
        groups.done += 1;
        let last = groups.done == groups.total;
        self.bar.set_message(self.message());
        if self.mode == Mode::Lines && last {
            self.line();
        }
    }

    fn line(&self) {
        eprintln!(
            "progress: {}/{} {} in {:.1} s",
            self.done,
            self.total,
            self.message(),
            self.start.elapsed().as_secs_f64()
        );
    }

    /// One more item is done.
    pub(crate) fn advance(&mut self) {
        self.done += 1;
        match self.mode {
            Mode::Bar => {
                if self.bar.is_hidden() && self.start.elapsed() >= BAR_DELAY {
                    self.bar.set_draw_target(ProgressDrawTarget::stderr());
                    self.bar.enable_steady_tick(Duration::from_millis(120));
                }
                self.bar.inc(1);
            }
            Mode::Lines => {
                let step = self.total.div_ceil(10).max(1);
                if self.done.is_multiple_of(step) || self.done == self.total {
                    self.line();
                }
            }
            Mode::Off => {}
        }
    }

    /// Runs `f` (which writes to the terminal) with the bar out of the way.
    pub(crate) fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    /// Removes the bar.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_counted_beside_the_items() {
        let mut progress =
            Progress::new(Mode::Off, 12, "exercises graded").with_groups(3, "students done");
        assert_eq!(progress.message(), "exercises graded · 0/3 students done");
        progress.advance();
        progress.advance_group();
        assert_eq!(progress.message(), "exercises graded · 1/3 students done");
        assert_eq!(
            progress.bar.message(),
            "exercises graded · 1/3 students done"
        );
        assert_eq!(
            Progress::new(Mode::Off, 4, "exercises").message(),
            "exercises"
        );
    }
}
