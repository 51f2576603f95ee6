//! Progress of a long run on stderr: an indicatif bar on an interactive terminal, a plain
//! line every tenth of the run in CI or a pipe with `--verbose`, nothing otherwise. Reports
//! on stdout are written through `suspend`, so the bar never garbles them.

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
        }
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
                    eprintln!(
                        "progress: {}/{} {} in {:.1} s",
                        self.done,
                        self.total,
                        self.noun,
                        self.start.elapsed().as_secs_f64()
                    );
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
