//! The command line as clap types; their doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::discover::Partition;

/// Check Rust snippets against the compiler diagnostics they are expected to produce.
///
/// An exercise is a directory with a snippet (main.rs) and an exercise.toml saying what
/// rustc must report about it, e.g. error E0382 at line 5. snipcheck copies the snippet into
/// a fresh temp dir, runs the real rustc, and diffs its diagnostics against the expectation.
#[derive(Debug, Parser)]
#[command(
    name = "snipcheck",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check exercises: the snippet against [expect], solution.rs against [solution],
    /// and expected.stderr when present.
    ///
    /// Exit status: 0 when every exercise passed, 1 when one failed, 2 when one could not
    /// be checked (malformed exercise.toml, timeout, rustc crash) or on a usage error.
    Check(RunArgs),
    /// Write expected.stderr snapshots from rustc's actual output, then check as usual.
    ///
    /// Only expected.stderr files are written; snippets are never touched.
    Bless(RunArgs),
    /// Create a new exercise directory that `snipcheck check` passes, to edit from there.
    New {
        /// Directory to create, e.g. exercises/01_ownership/use_after_move.
        path: PathBuf,
    },
    /// Create a course: write the bundled exercises into DIR, ready for `snipcheck learn`.
    ///
    /// Also writes rust-project.json (so rust-analyzer understands every snippet) and a
    /// .gitignore for the progress directory. Never overwrites an existing course.
    Init {
        /// Directory to create.
        #[arg(default_value = "snipcheck-course")]
        dir: PathBuf,
    },
    /// Work through a course: show the current exercise, check it on every save, and move
    /// on when it is solved.
    ///
    /// Keys: n next (or skip), h hint, l list, r reset, q quit. When stdin is not a
    /// terminal, checks the current exercise once and exits (0 solved, 1 not yet).
    Learn(LearnArgs),
    /// List the course's exercises with group, error codes and status, and the progress.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
        /// When to use colour.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
        color: ColorChoice,
    },
    /// Show the hint of the current exercise, or of exercise NAME.
    Hint {
        /// An exercise, e.g. use_after_move or 01_ownership/use_after_move.
        name: Option<String>,
    },
    /// Restore the shipped snippet of exercise NAME, discarding your changes to it.
    ///
    /// Only the snippet file is written; the exercise counts as pending again.
    Reset {
        /// An exercise, e.g. use_after_move or 01_ownership/use_after_move.
        name: String,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
    /// Move on to the next pending exercise without solving the current one.
    #[command(visible_alias = "skip")]
    Next,
    /// Show rustc's explanation of an error code (`rustc --explain`).
    Explain {
        /// The code, e.g. E0382 (0382 and e0382 work too).
        code: String,
        /// Use this rustup toolchain (rustc +NAME).
        #[arg(long, value_name = "NAME")]
        toolchain: Option<String>,
    },
}

/// Options shared by the commands that check exercises.
#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// Exercise directories, or directories to search for them [default: exercises].
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// Checks to run at once [default: number of CPU cores].
    #[arg(short, long, value_name = "N")]
    pub(crate) jobs: Option<usize>,
    /// Only exercises whose path contains TEXT; the rest count as skipped.
    #[arg(long, value_name = "TEXT")]
    pub(crate) filter: Option<String>,
    /// Run shard K of N: every N-th exercise starting at the K-th (for CI machines).
    #[arg(long, value_name = "K/N")]
    pub(crate) partition: Option<Partition>,
    /// Use this rustup toolchain (rustc +NAME) instead of the default one.
    #[arg(long, value_name = "NAME")]
    pub(crate) toolchain: Option<String>,
    /// Seconds before rustc or a built program is killed.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    pub(crate) timeout: f64,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// When to use colour in the human report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub(crate) color: ColorChoice,
    /// Print only failures and the summary line.
    #[arg(short, long, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Also print skipped exercises, each check, and timings.
    #[arg(short, long)]
    pub(crate) verbose: bool,
}

/// Options of `learn`.
#[derive(Debug, Args)]
pub(crate) struct LearnArgs {
    /// The course, or an exercise in it to start with [default: the course holding the
    /// current directory].
    #[arg(value_name = "PATH")]
    pub(crate) path: Option<PathBuf>,
    /// Check the current exercise once, print the verdict and exit (0 solved, 1 not yet).
    #[arg(long)]
    pub(crate) once: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub(crate) color: ColorChoice,
    /// Use this rustup toolchain (rustc +NAME) instead of the default one.
    #[arg(long, value_name = "NAME")]
    pub(crate) toolchain: Option<String>,
    /// Seconds before rustc or a built program is killed.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    pub(crate) timeout: f64,
}

/// Formats of `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    /// A table for the terminal, grouped, with the current exercise marked.
    Human,
    /// A Markdown table, for docs.
    Markdown,
    /// One JSON document.
    Json,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Lines for people, with diffs and rustc's output for failures.
    Human,
    /// One JSON document (schema version 1) on stdout.
    Json,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}
