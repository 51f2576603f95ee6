//! The command line as clap types; their doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

use crate::learn::ListFormat;
use crate::model::discover::Partition;
use crate::report::{Format, Reveal};

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
    /// and expected.stderr when present; with --audit, also that no lazy answer meets
    /// [solution].
    ///
    /// Exit status: 0 when every exercise passed, 1 when one failed, 2 when one could not
    /// be checked (malformed exercise.toml, timeout, rustc crash) or on a usage error.
    // The usage is spelt out: clap's own, after a mistyped option, names the option it
    // suggests as if it were required (`check --format <FORMAT>`).
    #[command(override_usage = "snipcheck check [OPTIONS] [PATH]...")]
    Check(CheckArgs),
    /// Write expected.stderr snapshots from rustc's actual output, then check as usual;
    /// with --annotations, rewrite inline annotations (`//~ ERROR`) instead.
    ///
    /// Only expected.stderr files are written; snippets are never touched, unless
    /// --annotations asks for their annotations.
    #[command(override_usage = "snipcheck bless [OPTIONS] [PATH]...")]
    Bless(BlessArgs),
    /// Grade submissions: each submitted snippet replaces the shipped one and is checked
    /// against the exercise's [solution], with hidden tests, and scored.
    ///
    /// A submission is a directory that mirrors the exercise tree (same relative paths); it
    /// may hold only some exercises, and a missing one scores 0. A test-pass exercise that
    /// fails earns points x passed / total of its hidden tests. --partition K/N shards the
    /// students with --submissions and the exercises with --submission; --filter and
    /// --partition leave the rest out of the report.
    ///
    /// Exit status: 0 when every exercise of every submission passed, 1 when one failed, is
    /// missing or could not be checked, 2 on a usage or configuration error (malformed
    /// exercise.toml, no rustc).
    Grade(GradeArgs),
    /// Merge the JSON reports of --partition shards into the report of the whole run.
    ///
    /// FILE... are the reports of one `check` or `grade` run written with --format json by
    /// each shard K/N, 1 to N. The result equals the report of the unsharded run (but for
    /// durations), in any format. A single report of a whole run is read back as it is, to
    /// render it in another format.
    ///
    /// Exit status: what the whole run's would be (0 all passed, 1 one failed, 2 one could
    /// not be checked), and 2 when the files are not the shards of one run.
    Merge(MergeArgs),
    /// Create a new exercise directory that `snipcheck check` passes, to edit from there.
    New {
        /// Directory to create, e.g. exercises/01_ownership/use_after_move.
        path: PathBuf,
    },
    /// Turn another tool's expectations into snipcheck's: `import trybuild` writes, beside
    /// each compile-fail case of a package's trybuild suites, NAME.expect.toml with the
    /// code, line and message of each error of its .stderr. snipcheck then checks those
    /// instead of the .stderr, so a new Rust release that rewords a note or moves a help
    /// line does not break the case; trybuild still reads the .stderr.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Build the crates that exercises declare in [dependencies] ahead of time (for CI
    /// caches and offline classrooms).
    Deps {
        /// What to do.
        #[command(subcommand)]
        action: DepsAction,
    },
    /// Inspect or empty the result cache.
    Cache {
        /// What to do.
        #[command(subcommand)]
        action: CacheAction,
        /// The cache directory [default: $SNIPCHECK_CACHE_DIR, else $XDG_CACHE_HOME/snipcheck,
        /// else ~/.cache/snipcheck].
        #[arg(long, value_name = "DIR", global = true)]
        cache_dir: Option<PathBuf>,
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
    /// terminal, checks the current exercise once and exits (0 solved, 1 not yet, 2 when it
    /// cannot be checked: a malformed exercise, a missing file, a compiler crash).
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
    /// Check every Rust code block of Markdown files: articles, books, READMEs.
    ///
    /// Blocks mean what they mean to rustdoc: `rust` or no info string is compiled and run
    /// and must exit 0; `ignore` is skipped; `no_run` compiles; `compile_fail` must fail,
    /// and `compile_fail,E0382` must report E0382 (checked on stable); `should_panic` must
    /// fail when run; `test_harness` runs the block's tests; `editionYYYY` sets the
    /// edition. Hidden lines (`# `) are compiled, and statements are wrapped in `fn main`.
    /// Every error is reported at the Markdown file's own line. Crates come from the
    /// `[dependencies]` of a snipcheck.toml next to the Markdown or above it, or --deps;
    /// in an mdBook book (book.toml), `{{#include}}` and `{{#rustdoc_include}}` are
    /// expanded and `[rust] edition` is the default.
    ///
    /// Exit status: 0 when every block passed, 1 when one failed, 2 when one could not be
    /// checked (a misspelt attribute, an unterminated fence, a missing include, a file
    /// that is not UTF-8) or on a usage error.
    Doc(DocArgs),
    /// Show rustc's explanation of an error code (`rustc --explain`).
    Explain {
        /// The code, e.g. E0382 (0382 and e0382 work too).
        code: String,
        /// Use this rustup toolchain (rustc +NAME).
        #[arg(long, value_name = "NAME")]
        toolchain: Option<String>,
    },
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Also audit every [solution]: lazy answers must not meet it. They are the shipped
    /// snippet as it is; the snippet with every function body Default::default(), and
    /// apart todo!(), and an empty main; solution.rs with one function other than main at
    /// a time returning Default::default(). An exercise that accepts one fails, naming
    /// it.
    #[arg(long)]
    pub(crate) audit: bool,
    /// What `check` shares with `bless`.
    #[command(flatten)]
    pub(crate) run: RunArgs,
}

/// Arguments of `bless`.
#[derive(Debug, Args)]
pub(crate) struct BlessArgs {
    /// Rewrite the inline annotations (`//~ ERROR msg`) of annotated .rs files and of
    /// exercise snippets that have them, instead of writing snapshots: an annotation that
    /// no longer matches moves to the line its diagnostic is now on, takes rustc's new
    /// wording, or goes; every error (and every warning that must be annotated) without
    /// one gets one, in the file's style. A file is written only when its check then
    /// passes. Files with `//@ revisions` are not rewritten yet; snapshots are compared
    /// as `check` compares them.
    #[arg(long)]
    pub(crate) annotations: bool,
    /// What `bless` shares with `check`.
    #[command(flatten)]
    pub(crate) run: RunArgs,
}

/// Arguments of `check` and `bless`.
#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// Exercise directories, or directories to search for them [default: exercises].
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// The package under test.
    #[command(flatten)]
    pub(crate) package: PackageArgs,
    /// Options shared with `grade`.
    #[command(flatten)]
    pub(crate) options: RunOptions,
}

/// How the Cargo package the run starts in is used: snippets may use its library, its
/// dependencies and its dev-dependencies, as its integration tests can.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct PackageArgs {
    /// Features of the package under test to enable (comma- or space-separated).
    #[arg(long, value_name = "FEATURES", value_delimiter = ',')]
    pub(crate) features: Vec<String>,
    /// Do not enable the package's default features.
    #[arg(long)]
    pub(crate) no_default_features: bool,
    /// Ignore the Cargo package around PATH: snippets get std and their own
    /// [dependencies] only.
    #[arg(long)]
    pub(crate) no_package: bool,
}

/// Arguments of `doc`.
#[derive(Debug, Args)]
pub(crate) struct DocArgs {
    /// Markdown files, or directories: every `.md` file below them.
    #[arg(value_name = "PATH", required = true)]
    pub(crate) paths: Vec<PathBuf>,
    /// The edition of blocks without `editionYYYY` [default: book.toml's, else 2021].
    #[arg(long, value_name = "YEAR")]
    pub(crate) edition: Option<String>,
    /// A block's listed error codes must be all of its codes, and no codeless error may
    /// appear (rustdoc's rule: the listed codes must be among them).
    #[arg(long)]
    pub(crate) exact_codes: bool,
    /// A TOML file whose [dependencies] (Cargo's syntax) every block may use, instead of
    /// the nearest snipcheck.toml.
    #[arg(long, value_name = "FILE")]
    pub(crate) deps: Option<PathBuf>,
    /// Check once, then again the blocks of each file saved, or whose included file (a
    /// book's {{#include}}) was saved, until Ctrl-C.
    #[arg(long)]
    pub(crate) watch: bool,
    /// Options shared with `check`.
    /// The package under test.
    #[command(flatten)]
    pub(crate) package: PackageArgs,
    #[command(flatten)]
    pub(crate) options: RunOptions,
}

/// Arguments of `grade`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("input").required(true).args(["submission", "submissions"])))]
pub(crate) struct GradeArgs {
    /// The exercises: a directory searched for them, or one exercise.
    #[arg(long, value_name = "PATH", default_value = "exercises")]
    pub(crate) exercises: PathBuf,
    /// Grade one submission: a directory that mirrors the exercise tree.
    #[arg(long, value_name = "DIR")]
    pub(crate) submission: Option<PathBuf>,
    /// Grade every sub-directory of DIR as one student's submission.
    #[arg(long, value_name = "DIR")]
    pub(crate) submissions: Option<PathBuf>,
    /// Hidden tests that mirror the exercise tree: DIR/<exercise path>/tests.rs (or the
    /// file named by [solution].tests) is compiled into every submission of that exercise.
    #[arg(long, value_name = "DIR")]
    pub(crate) hidden: Option<PathBuf>,
    /// Grade even where submissions cannot be confined (no Landlock, or no user
    /// namespaces): they can then read, write and signal what this user can.
    #[arg(long)]
    pub(crate) allow_unconfined: bool,
    /// What reports show of hidden tests, in every format: `full` everything (failing
    /// tests' names, panic messages, assertion values, rustc's output quoting the tests),
    /// `names` only which hidden tests failed, `none` only the score and how many passed.
    /// A visible expected value lets a student hard-code it.
    #[arg(long, value_enum, value_name = "LEVEL", default_value = "full")]
    pub(crate) reveal: Reveal,
    /// Options shared with `check`.
    #[command(flatten)]
    pub(crate) options: RunOptions,
}

/// Arguments of `merge`.
#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// JSON reports of shards (`--format json --partition K/N`), in any order.
    #[arg(value_name = "FILE", required = true)]
    pub(crate) files: Vec<PathBuf>,
    /// Where the merged report goes, and how.
    #[command(flatten)]
    pub(crate) report: ReportArgs,
}

/// Where expectations are imported from.
#[derive(Debug, Subcommand)]
pub(crate) enum ImportSource {
    /// The .stderr files of the trybuild suites of the package at PATH.
    Trybuild {
        /// The package root [default: the current directory].
        #[arg(value_name = "PATH", default_value = ".")]
        path: PathBuf,
        /// Write NAME.expect.toml again where it exists.
        #[arg(long)]
        force: bool,
    },
}

/// What to do with dependencies.
#[derive(Debug, Subcommand)]
pub(crate) enum DepsAction {
    /// Build every distinct dependency set of the exercises below PATH.
    Prefetch(RunArgs),
}

/// What to do with the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub(crate) enum CacheAction {
    /// Print where the cache is and what it holds, by kind: cached results (and the checks
    /// found slow or crashing rustc, which compile alone), prebuilt dependency sets,
    /// remembered toolchain and package lookups.
    Stats,
    /// Remove what the cache holds: everything, or only the kinds named.
    Clear {
        /// Only cached results, and the list of checks found slow or crashing rustc.
        #[arg(long)]
        results: bool,
        /// Only prebuilt dependency sets (they are built again when needed).
        #[arg(long)]
        deps: bool,
        /// Only remembered toolchain and package lookups (`cargo metadata` of a package under test).
        #[arg(long)]
        toolchains: bool,
    },
}

/// Options shared by the commands that check exercises.
#[derive(Debug, Args)]
pub(crate) struct RunOptions {
    /// Compiles to run at once, and twice as many built programs [default: number of CPU
    /// cores].
    #[arg(short, long, value_name = "N")]
    pub(crate) jobs: Option<usize>,
    /// Only exercises whose path contains TEXT; the rest count as skipped. A filter that
    /// keeps nothing is an error (exit 2).
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
    /// Seconds each hidden test may run, in a process of its own: a test that hangs fails
    /// alone and the others still count [default: --timeout].
    #[arg(long, value_name = "SECS")]
    pub(crate) test_timeout: Option<f64>,
    /// Compile everything again: neither read nor write the result cache (also
    /// SNIPCHECK_NO_CACHE=1). The checks earlier runs found slow or crashing rustc
    /// still compile alone.
    #[arg(long)]
    pub(crate) no_cache: bool,
    /// Where cached results and prebuilt dependencies live [default: $SNIPCHECK_CACHE_DIR,
    /// else $XDG_CACHE_HOME/snipcheck, else ~/.cache/snipcheck].
    #[arg(long, value_name = "DIR")]
    pub(crate) cache_dir: Option<PathBuf>,
    /// Compile every snippet with its own rustc, never several as modules of one crate.
    #[arg(long)]
    pub(crate) no_batch: bool,
    /// Build exercises' [dependencies] without network: cargo must find every crate in
    /// its local registry cache.
    #[arg(long)]
    pub(crate) offline: bool,
    /// Where the report goes, and how.
    #[command(flatten)]
    pub(crate) report: ReportArgs,
}

/// The report's options, shared by the commands that check and by `merge`.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// Write the report to FILE; the terminal then gets the human report.
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Also write a JUnit XML report to FILE, whatever --format is (e.g. GitHub
    /// annotations on stdout and JUnit for the CI's test tab from one run).
    #[arg(long, value_name = "FILE")]
    pub(crate) junit: Option<PathBuf>,
    /// When to use colour in the human report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub(crate) color: ColorChoice,
    /// Print only failures and the summary line.
    #[arg(short, long, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Also print skipped exercises, each check, and timings; show progress in CI too.
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
